//! Table rows whose label names the scale, read as one statement per group
//! column: `EDSS, mean (SD) | 2.4 (1.1) | 2.6 (1.2)` gives two means.
//!
//! Tables reach us in three layouts, and a row is the same idea in each:
//! the label, then a run of value cells.
//! * JATS: one row per line, cells separated by ` | `
//!   (`Median EDSS [Q1-Q3] | 5 [4–6] | 5 [4–6]`);
//! * tag-stripped text: the label on a line, each cell on the next lines,
//!   a blank line after the row;
//! * flattened PDF text: the label, then the values on the same line
//!   (`EDSS, mean (SD) 2.4 (1.1) 2.6 (1.2)`), at least two of them.
//!
//! A label row without values (`EDSS score`) heads sub-rows whose labels
//! name the statistic (`Mean ± SD`, `Median (range)`, `N`) or the time
//! (`Baseline`, `Week 48`, `Change from baseline`).
//!
//! The label says what a cell is; the cell's shape must agree: `m ± sd` is a
//! mean (or, under a change label, the mean change); `v (w)` is a mean and
//! its SD only when the label (or, for a bare `EDSS` label, the table's
//! note) says `mean (SD)`; `v (lo–hi)` is a median with its spread under a
//! median, range or IQR label; a bare number needs a label naming one
//! statistic. Rows that count patients (`n (%)`, `progression`), other
//! scales, a standard error, a mean split from its SD across two rows, and
//! the p-value column are not read.

mod bare_change;
mod blank;
mod cells;
mod column;
mod decimal;
mod group;
mod header;
mod heads;
mod inline;
mod jats_column;
mod mixed;
mod reject;
mod span;
mod split;
mod visits;

use super::shape::rx;
use super::Found;
use crate::extract::text::floor_boundary;
use blank::read_blank_separated;
use cells::{is_p_value, is_value, read_cells, read_split_medians, Cell, Label};
use group::{read_jats_sub_rows, read_paragraph_sub_rows, read_sub_rows};
use inline::{
    inline_run, labelled_run, read_inline_companion, read_inline_sub_rows, read_span_below,
    run_across_mark, value_line, wrapped_row,
};
use regex::Regex;
use reject::{rejects, tail_ok, NOT_LEVEL};
use span::{count_categories, join_spreads, range_row, COUNT_ROW};
use std::sync::LazyLock;

/// The words of a statistic in a row label: `Mean (SD)`, `Median [IQR]`,
/// `Min–max`, `Q1–Q3`, `Mean ± standard deviation`.
const STAT_WORD: &str = r"mean|median|average|sd|s\.d\.?|standard|deviation|range|iqr|interquartile|min|minimum|max|maximum|q1|q3|quartiles?";

/// The times a row label may name: `Baseline`, `Week 48`, `End of study`.
const TIME_WORD: &str =
    r"baseline|screening|week|weeks|month|months|year|years|day|days|follow-up|visit|end";

/// The signs and brackets between a label's words: `Mean ± SD`, `Median
/// (Q1–Q3)`.
const SIGN: &str = r"±|\+/-|[()\[\],;:/–-]";

/// Words a row label may hold before the mention: `Mean (median) EDSS`,
/// `Baseline EDSS`, `Change in EDSS`, `Mean (SD) EDSS score` (BMJ style),
/// `Score on EDSS` (NEJM style), `ΔEDSS` (a change).
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)[\s\x{2003}*•]*(?:(?:mean|median|average|sd|s\.d\.|iqr|interquartile|range|standard|deviation|±|baseline|change|changes|in|from|the|on|total|overall|score|scores|Δ|\(|\)|,|-|–)[\s\x{2003}]*)*$",
    )
});

/// The rest of a label after the mention: statistic, time and bracket
/// words, never a verb or a sentence.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:[\s,:;/()\[\]±*†‡§¶#–-]|\+/-|\d{{1,3}}(?-u:\b)|s\.d\.|s\.e\.(?:m\.)?|[)\]][a-c](?-u:\b)|(?:{STAT_WORD}|sem)[a-c](?-u:\b)|(?:scores?|{STAT_WORD}|sem|s\.e\.m|se|{TIME_WORD}|at|in|of|from|to|change|changes|entry|inclusion|treatment|pre|post|pretreatment|posttreatment|before|after|randomi[sz]ation|enrol?ment|study|the|and|or|value|values|total|overall|points?|one|two|three|four|five)(?-u:\b))*$"
    ))
});

/// Sub-row labels under an `EDSS` row: statistics and times only.
static SUB: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)[\s\x{{2003}}]*(?:(?:{STAT_WORD}|n|{TIME_WORD}|of|at|to|from|in|treatment|study|change|final|last|or|and|\d{{1,3}}|{SIGN})[\s\x{{2003}}]*)+$"
    ))
});

/// The label of a row that names only a statistic: `Median (range)`,
/// `Mean ± SD`, `median [IQR]`.
pub(super) static COMPANION: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)[\s\x{{2003}}]*(?:(?:{STAT_WORD}|{SIGN})[\s\x{{2003}}]*)+$"
    ))
});

/// The longest a row (with its sub-rows) is read.
const MAX_ROW: usize = 1500;
/// The most cells a row holds.
const MAX_CELLS: usize = 16;

/// Reads the table row whose label holds the mention `a0..a1`, if it is
/// one; returns whether it was (then the prose readers leave it alone).
pub(super) fn read_row(fold: &str, a0: usize, a1: usize, found: &mut Vec<Found>) -> bool {
    // The label starts its line: a few label words at most before the
    // mention (a row label is short; a page without newlines is no table).
    let back = floor_boundary(fold, a0.saturating_sub(60));
    let line_start = match fold[back..a0].rfind('\n') {
        Some(i) => back + i + 1,
        None if back == 0 => 0,
        None => return false,
    };
    let head = &fold[line_start..a0];
    if !HEAD.is_match(head) {
        // `Table 3 EDSS over time (mean)` over visit rows.
        if visits::read_caption(fold, line_start, a0, a1, found) {
            return true;
        }
        return jats_column::read_column(fold, line_start, a0, a1, found);
    }
    let limit = floor_boundary(fold, (a1 + MAX_ROW).min(fold.len()));
    let line_end = fold[a1..limit].find('\n').map_or(limit, |i| a1 + i);
    let line = &fold[a1..line_end];
    let bar = line.find('|');
    if head.trim().is_empty() && COUNT_ROW.is_match(&line[..bar.unwrap_or(line.len())]) {
        // `EDSS score, n (%)`: the rows below count patients by level.
        count_categories(fold, line_end + 1, limit, bar.is_some(), found);
        return true;
    }
    let row = Row {
        fold,
        head,
        line_start,
        a0,
        a1,
        line_end,
        limit,
    };
    if let Some(bar) = bar {
        return read_bar_row(&row, bar, found);
    }
    // `EDSS ± SEM 3 ±` / `0.2` / …: number and sign are cells that wrap,
    // not label words.
    let wraps = || wrapped_row(fold, a1, line_end, limit).is_some();
    if TAIL.is_match(line) && !wraps() {
        return read_text_row(&row, line, found);
    }
    read_inline(fold, head, line_start, a0, a1, line_end, found)
}

/// Where a row's label line is: the text, the label words before the
/// mention (`head`), the mention, the line's end and how far the row may
/// be read.
struct Row<'a> {
    fold: &'a str,
    head: &'a str,
    line_start: usize,
    a0: usize,
    a1: usize,
    line_end: usize,
    limit: usize,
}

/// A JATS row, `label | cell | cell`: its cells read by the header, by a
/// same-label row of spreads below, or one statement per group column.
fn read_bar_row(row: &Row, bar: usize, found: &mut Vec<Found>) -> bool {
    let Row {
        fold,
        head,
        line_start,
        a0,
        a1,
        line_end,
        limit,
    } = *row;
    let line = &fold[a1..line_end];
    // JATS: `label | cell | cell`.
    let tail = &line[..bar];
    if !tail_ok(head, tail) {
        return false;
    }
    let label = Label::read(&format!("{head} {tail}"));
    let cells = split_cells(fold, a1 + bar + 1, line_end, '|');
    if cells.is_empty() && label.says_nothing() && line_end < limit {
        // `EDSS score |  | `: a label row over its statistics' sub-rows
        // (`Mean (SD) | 3.1 (1.2) | 3.3 (1.4)`).
        if rejects(head, tail) {
            return true;
        }
        return read_jats_sub_rows(fold, label, line_end + 1, limit, found);
    }
    if !cells.iter().any(|c| is_value(&fold[c.start..c.end]))
        && bare_change::groups_before_p(fold, label, &cells).is_none()
    {
        // `EDSS 4–6 | Pregnancy`: a cell of a criteria list, prose.
        return false;
    }
    if rejects(head, tail) {
        return true;
    }
    if header::read_by_header(fold, label, line_start, &cells, found)
        || heads::read_by_heads(fold, label, line_start, &cells, found)
    {
        return true;
    }
    if label.says_nothing() {
        if let Some(spreads) = same_label_below(fold, line_start, a1 + bar, line_end, limit) {
            if read_split_medians(fold, &cells, &spreads, a0, found) {
                return true;
            }
        }
    }
    let row_found = found.len();
    read_cells(fold, label, &cells, a0, found);
    read_companions(fold, label, line_end, Layout::Jats, row_found, found);
    true
}

/// A text row whose label line ends at its label: the values are in
/// columns, in blocks or sub-rows below, or one cell a line.
fn read_text_row(row: &Row, line: &str, found: &mut Vec<Found>) -> bool {
    let Row {
        fold,
        head,
        line_start,
        a0,
        line_end,
        limit,
        ..
    } = *row;
    let tail = line;
    if column::read_columns(fold, line_start, line_end, head, tail, found) {
        return true;
    }
    if let Some(done) = jats_column::read_text_column(fold, line_start, line_end, found) {
        return done;
    }
    let label = Label::read(&format!("{head} {tail}"));
    let next = (line_end + 1).min(fold.len());
    if next >= limit {
        return false;
    }
    let rest = &fold[next..limit];
    if rest.starts_with('\n') || rest.trim_start_matches([' ', '\t']).starts_with('\n') {
        // A label row of its own; sub-rows follow after the blank line.
        if rejects(head, tail) {
            return true;
        }
        if read_block_below(fold, label, line_start, a0, next, limit, found) {
            return true;
        }
        if read_blank_separated(fold, label, line_start, a0, next, limit, found) {
            return true;
        }
        if let Some(done) = read_inline_sub_rows(fold, label, (head, tail), next, limit, found) {
            return done;
        }
        if let Some(done) = read_paragraph_sub_rows(fold, label, next, limit, found) {
            return done;
        }
        return read_sub_rows(fold, label, next, limit, found);
    }
    if let Some(done) = read_wrapped(fold, head, tail, line_start, a0, next, limit, found) {
        return done;
    }
    if let Some(done) = read_inline_sub_rows(fold, label, (head, tail), next, limit, found) {
        return done;
    }
    let before = found.len();
    if let Some(done) = read_paragraph_sub_rows(fold, label, next, limit, found) {
        if rejects(head, tail) {
            found.truncate(before);
            return true;
        }
        return done;
    }
    if let Some(first) = rest.lines().next() {
        if first.contains('|') {
            // JATS sub-rows right below the label row.
            if rejects(head, tail) {
                return true;
            }
            return read_jats_sub_rows(fold, label, next, limit, found);
        }
    }
    read_cell_lines(
        fold,
        label,
        (head, tail),
        line_start,
        a0,
        (next, limit),
        found,
    )
}

/// Tag-stripped text: one cell per line up to a blank line, below the
/// label line that ends at `next`.
fn read_cell_lines(
    fold: &str,
    label: Label,
    (head, tail): (&str, &str),
    line_start: usize,
    a0: usize,
    (next, limit): (usize, usize),
    found: &mut Vec<Found>,
) -> bool {
    let rest = &fold[next..limit];
    let block_end = rest.find("\n\n").map_or(limit, |i| next + i);
    let mut cells = join_spreads(fold, split_cells(fold, next, block_end, '\n'));
    // `EDSS score` / `Baseline` / `3.9 ± 0.9` / …: a line of label words
    // (a time, a statistic) above the cells continues the label.
    let mut label = label;
    if let Some(first) = cells.first() {
        let text = &fold[first.start..first.end];
        let words = !is_value(text) && !is_p_value(text) && !text.trim().eq_ignore_ascii_case("n");
        if cells.len() > 2 && words && SUB.is_match(text) {
            label = label.or(Label::read(text));
            cells.remove(0);
        }
    }
    let bare_changes = bare_change::groups_before_p(fold, label, &cells).is_some();
    if !cells.is_empty() && !bare_changes && cells.iter().all(|c| is_p_value(&fold[c.start..c.end]))
    {
        // `EDSS` / `0.64`, the row's p-value alone: the statistics
        // are the sub-rows below (` Median` / `3.0` / `3.5`).
        if rejects(head, tail) {
            return true;
        }
        return read_sub_rows(fold, label, block_end, limit, found);
    }
    if cells.is_empty() || !(bare_changes || cells.iter().any(|c| is_value(&fold[c.start..c.end])))
    {
        return false;
    }
    if rejects(head, tail) {
        return true;
    }
    if header::read_by_header(fold, label, line_start, &cells, found) {
        return true;
    }
    let row_found = found.len();
    read_cells(fold, label, &cells, a0, found);
    read_companions(fold, label, block_end, Layout::Text, row_found, found);
    true
}

/// A row whose values come after a blank line below its label (`EDSS,
/// mean ± SD` / `` / `2.7 ± 0.5` / `2.8 ± 0.5`): the block holds values
/// and p-values only, the first with its spread (a bare `1.0` opens a
/// category row of a count table); under a label naming no statistic, an
/// `m ± sd`.
fn read_block_below(
    fold: &str,
    label: Label,
    line_start: usize,
    a0: usize,
    next: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> bool {
    let rest = &fold[next..limit];
    let from = next + (rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len());
    let block_end = fold[from..limit].find("\n\n").map_or(limit, |i| from + i);
    if from >= block_end {
        return false;
    }
    let cells = join_spreads(fold, split_cells(fold, from, block_end, '\n'));
    let text = |c: &Cell| &fold[c.start..c.end];
    let values = cells.iter().filter(|c| is_value(text(c))).count();
    // A bare label reads only `m ± sd` cells, a mean's shape.
    let spread_first = cells.first().is_some_and(|c| {
        is_value(text(c))
            && if label.says_nothing() {
                text(c).contains('±')
            } else {
                text(c).contains(['±', '(', '['])
            }
    });
    if values < 2
        || !spread_first
        || !cells
            .iter()
            .all(|c| is_value(text(c)) || is_p_value(text(c)))
    {
        return false;
    }
    if !header::read_by_header(fold, label, line_start, &cells, found) {
        read_cells(fold, label, &cells, a0, found);
    }
    true
}

/// An empty cell standing alone: `--`, `–`, `NA`.
static EMPTY_CELL: LazyLock<Regex> = LazyLock::new(|| rx(r"^(?i)(?:--?|–|—|na|n/a|nr|nd)$"));

/// A PDF row whose label wraps: the label's line (the mention in it),
/// perhaps one more line of label words (`score at baseline`), then a line
/// of the row's values alone. `None` when the lines below are not that.
#[allow(clippy::too_many_arguments)]
fn read_wrapped(
    fold: &str,
    head: &str,
    tail: &str,
    line_start: usize,
    a0: usize,
    next: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> Option<bool> {
    let line_end = |p: usize| fold[p..limit].find('\n').map_or(limit, |i| p + i);
    let end1 = line_end(next);
    let (tail, cells) = match value_line(fold, next, end1) {
        Some(cells) => (tail.to_string(), cells),
        None => {
            let more = &fold[next..end1];
            if let Some((tail, cells)) = label_wraps_before_values(fold, tail, next, end1) {
                (tail, cells)
            } else {
                if more.trim().is_empty() || more.contains('|') || !TAIL.is_match(more) {
                    return None;
                }
                let from = (end1 + 1).min(limit);
                let cells = value_line(fold, from, line_end(from))?;
                (format!("{tail} {more}"), cells)
            }
        }
    };
    if rejects(head, &tail) {
        return Some(true);
    }
    let label = Label::read(&format!("{head} {tail}"));
    if !header::read_by_header(fold, label, line_start, &cells, found) {
        read_cells(fold, label, &cells, a0, found);
    }
    Some(true)
}

/// A row label that wraps before its values, the values on the label's
/// second line (`EDSS, mean ±` / `SD 2.6 ± 1.1 2.9 ± 1.3 0.41`, `EDSS,
/// median` / `(range) 3.0 (1.0–6.0) 3.5 (1.5–6.5)`): the first line stops
/// where a label cannot (after a sign or a bracket), or the second goes on
/// in lower case or with a bracket; the second line's words are label
/// words (a statistic), then the run of cells. The label's whole tail and
/// the cells; `None` otherwise (a new row's label, `Age 38 ± 9 …`, or a
/// sub-row of its own, `Baseline 2.6 ± 1.1 …`, under a row naming the
/// scale alone).
fn label_wraps_before_values(
    fold: &str,
    tail: &str,
    from: usize,
    to: usize,
) -> Option<(String, Vec<Cell>)> {
    let open = tail
        .trim_end()
        .ends_with(['±', '(', '[', ',', '/', '–', '-']);
    let line = fold[from..to].trim_start_matches([' ', '\t']);
    let goes_on = line.starts_with(|c: char| c.is_lowercase() || c == '(' || c == '[');
    if !open && !goes_on {
        return None;
    }
    let (cut, cells) = labelled_run(fold, from, to)?;
    let more = &fold[from..cut];
    if more.trim().is_empty() || more.contains('|') || !TAIL.is_match(more) {
        return None;
    }
    if !more.chars().any(char::is_alphabetic) {
        return None;
    }
    if !cells.iter().any(|c| is_value(&fold[c.start..c.end])) {
        return None;
    }
    Some((format!("{tail} {}", more.trim()), cells))
}

/// A flattened row: the label, then at least two value cells on its line.
fn read_inline(
    fold: &str,
    head: &str,
    line_start: usize,
    a0: usize,
    a1: usize,
    line_end: usize,
    found: &mut Vec<Found>,
) -> bool {
    // A row whose cells wrap reads on over its lines, their breaks spaces.
    let limit = floor_boundary(fold, (line_end + MAX_ROW).min(fold.len()));
    let wrapped = wrapped_row(fold, a1, line_end, limit);
    let (src, line_end) = match &wrapped {
        Some((flat, end)) => (flat.as_str(), *end),
        None => (fold, line_end),
    };
    let line = &fold[a1..line_end];
    for (i, _) in line.char_indices() {
        let prev = line[..i].chars().next_back();
        let starts_number =
            line[i..].starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '−');
        if !starts_number || !prev.is_some_and(|c| c == ' ' || c == '\t') {
            continue;
        }
        let tail = &line[..i];
        if !tail_ok(head, tail) {
            return false;
        }
        let (cells, run_end) = inline_run(src, a1 + i, line_end);
        let values = cells
            .iter()
            .filter(|c| is_value(&fold[c.start..c.end]))
            .count();
        let bare_changes = || {
            let label = Label::read(&format!("{head} {tail}"));
            bare_change::groups_before_p(fold, label, &cells).is_some()
        };
        if values < 2 && !bare_changes() {
            // `Change in EDSS at week 48, mean (SD) −0.2 (0.6) 0.1 (0.5)`:
            // a number inside the label is no cell; the cells come later.
            continue;
        }
        if rejects(head, tail) {
            return true;
        }
        let row_limit = floor_boundary(fold, (line_end + MAX_ROW).min(fold.len()));
        let (cells, line_end) = run_across_mark(fold, &cells, run_end, line_end, row_limit)
            .unwrap_or((cells, line_end));
        let mut label = Label::read(&format!("{head} {tail}"));
        if let Some(more) = label_continued(fold, line_start, line_end) {
            label = label.or(Label::read(more));
        }
        if header::read_by_header(fold, label, line_start, &cells, found)
            || heads::read_by_heads(fold, label, line_start, &cells, found)
        {
            return true;
        }
        read_cells(fold, label, &cells, a0, found);
        if label_continued(fold, line_start, line_end).is_none() {
            let limit = floor_boundary(fold, (line_end + MAX_ROW).min(fold.len()));
            // The groups: the values with a spread, when the row has any
            // (a bare `0.3` after them is its p-value).
            let spread = |c: &Cell| {
                let t = &fold[c.start..c.end];
                is_value(t) && t.contains(['±', '(', '['])
            };
            let groups = match cells.iter().filter(|c| spread(c)).count() {
                0 => values,
                n => n,
            };
            read_span_below(fold, label, (line_end, groups), limit, found);
            read_inline_companion(fold, label, (line_start, line_end), limit, found);
        }
        return true;
    }
    false
}

/// The rest of a wrapped row label below the line that holds the row's
/// values, as `pdftotext -layout` sets a cell's first line beside the
/// values: the next line, no shallower than the label, holding label
/// words only (no digit) that start in lower case or with a bracket
/// (`  median (IQR)`, `(range)`) and name a statistic. A new row's label
/// (capitalised, or with values of its own) is no continuation.
fn label_continued(fold: &str, line_start: usize, line_end: usize) -> Option<&str> {
    if !fold[line_end..].starts_with('\n') {
        return None;
    }
    let next = line_end + 1;
    let end = fold[next..].find('\n').map_or(fold.len(), |i| next + i);
    let line = &fold[next..end];
    let words = line.trim();
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let ok = !words.is_empty()
        && words.len() <= 40
        && indent(line) >= indent(&fold[line_start..line_end])
        && !words.contains(|c: char| c.is_ascii_digit() || c == '|')
        && words.starts_with(|c: char| c.is_lowercase() || c == '(' || c == '[')
        && !Label::read(words).says_nothing();
    ok.then_some(words)
}

/// The cells of the next JATS line when it repeats this row's label (a row
/// span: `EDSS | 4.5 | 2.8` over `EDSS | (0-7) | (0-7)`).
fn same_label_below(
    fold: &str,
    line_start: usize,
    label_end: usize,
    line_end: usize,
    limit: usize,
) -> Option<Vec<Cell>> {
    let next = line_end + 1;
    if next >= limit {
        return None;
    }
    let label = &fold[line_start..label_end];
    let end = fold[next..limit].find('\n').map_or(limit, |i| next + i);
    let line = &fold[next..end];
    let bar = line.find('|')?;
    (line[..bar].trim() == label.trim()).then(|| split_cells(fold, next + bar + 1, end, '|'))
}

/// How a table reached us, for the rows below one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `label | cell | cell` a line.
    Jats,
    /// The label on a line, a cell a line, a blank line after the row.
    Text,
}

/// Rows right below a labelled EDSS row whose label names only another
/// statistic of it: `EDSS, mean (SD) | 2.4 (1.1) | 2.6 (1.2)` then
/// `Median (range) | 2.0 (0–6) | 2.5 (0–6.5)`. They are read with their
/// own label (a change in the row above stays a change); a row naming
/// anything else ends them.
fn read_companions(
    fold: &str,
    parent: Label,
    row_end: usize,
    layout: Layout,
    row_found: usize,
    found: &mut Vec<Found>,
) {
    let limit = floor_boundary(fold, (row_end + MAX_ROW).min(fold.len()));
    let mut p = row_end;
    for k in 0..2 {
        while p < limit && fold.as_bytes()[p].is_ascii_whitespace() {
            if layout == Layout::Jats && fold[p..].starts_with("\n\n") {
                return;
            }
            p += 1;
        }
        if p >= limit {
            return;
        }
        let (label, cells, end) = match layout {
            Layout::Jats => {
                let end = fold[p..limit].find('\n').map_or(limit, |i| p + i);
                let Some(bar) = fold[p..end].find('|') else {
                    return;
                };
                let cells = split_cells(fold, p + bar + 1, end, '|');
                if k == 0 && fold[p..p + bar].trim().is_empty() {
                    range_row(fold, &cells, row_found, found);
                    return;
                }
                (&fold[p..p + bar], cells, end)
            }
            Layout::Text => {
                let end = fold[p..limit].find("\n\n").map_or(limit, |i| p + i);
                let first = fold[p..end].find('\n').map_or(end, |i| p + i);
                if k == 0 && range_row(fold, &split_cells(fold, p, end, '\n'), row_found, found) {
                    return;
                }
                if k == 0 && is_value(&fold[p..first]) {
                    // A block of values without a label right below the
                    // row: the row's second line (a row span), read with
                    // the row's label: `EDSS` / `3.6 ± 2.2` … then
                    // `4.5 (0–7)` ….
                    let cells = split_cells(fold, p, end, '\n');
                    // Under a bare `EDSS` label, bare numbers over a block
                    // of bracketed spreads are medians (when the table's
                    // note says so): `4.5` … then `(0-7)` ….
                    if parent.says_nothing() {
                        if let Some(spreads) = spread_block(fold, end, limit) {
                            if read_split_medians(fold, &cells, &spreads, p, found) {
                                return;
                            }
                        }
                    }
                    read_cells(fold, parent, &cells, p, found);
                    p = end;
                    continue;
                }
                let Some(nl) = fold[p..end].find('\n') else {
                    return;
                };
                (
                    &fold[p..p + nl],
                    split_cells(fold, p + nl + 1, end, '\n'),
                    end,
                )
            }
        };
        if parent.says_nothing() || !COMPANION.is_match(label) {
            return;
        }
        let own = Label::read(label);
        if !(own.mean || own.median) || (own.mean == parent.mean && own.median == parent.median) {
            return;
        }
        let l = Label {
            change: parent.change,
            ..own
        };
        read_cells(fold, l, &cells, p, found);
        p = end;
    }
}

/// The tag-stripped block after `from` when every cell of it is a bracketed
/// spread (`(0-7)`, `[1.5, 3.0]`).
fn spread_block(fold: &str, from: usize, limit: usize) -> Option<Vec<Cell>> {
    let p = from + fold[from..limit].len() - fold[from..limit].trim_start().len();
    if p >= limit {
        return None;
    }
    let end = fold[p..limit].find("\n\n").map_or(limit, |i| p + i);
    let cells = split_cells(fold, p, end, '\n');
    let spreads = cells
        .iter()
        .all(|c| fold[c.start..c.end].starts_with(['(', '[']));
    (!cells.is_empty() && spreads).then_some(cells)
}

/// The cells of `fold[from..to]` separated by `sep`, trimmed, empty ones
/// dropped.
fn split_cells(fold: &str, from: usize, to: usize, sep: char) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut p = from;
    for part in fold[from..to].split(sep) {
        let lead = part.len() - part.trim_start().len();
        let body = part.trim().len();
        if body > 0 {
            out.push(Cell {
                start: p + lead,
                end: p + lead + body,
            });
        }
        p += part.len() + sep.len_utf8();
        if out.len() >= MAX_CELLS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_wrap_before_their_values() {
        let wrapped = |first: &str, second: &str| {
            let fold = format!("{first}\n{second}");
            let from = first.len() + 1;
            label_wraps_before_values(&fold, first, from, fold.len()).map(|(tail, cells)| {
                let cells: Vec<String> = cells
                    .iter()
                    .map(|c| fold[c.start..c.end].to_string())
                    .collect();
                (tail, cells)
            })
        };
        let (tail, cells) = wrapped(", mean ±", "SD 2.6 ± 1.1 2.9 ± 1.3 0.41").expect("a row");
        assert_eq!(tail, ", mean ± SD");
        assert_eq!(cells, vec!["2.6 ± 1.1", "2.9 ± 1.3", "0.41"]);
        assert!(wrapped(", median", "(range) 2.5 (1.0–6.0) 3.0 (1.0–6.5)").is_some());
        // A complete label over a new row or a sub-row of its own.
        assert!(wrapped(" score", "Baseline 2.6 ± 1.1 2.9 ± 1.3").is_none());
        assert!(wrapped(", mean ±", "Age 38.1 ± 9.2 37.5 ± 8.8").is_none());
        assert!(wrapped(", mean ±", "2.6 ± 1.1 2.9 ± 1.3").is_none());
    }

    #[test]
    fn count_rows_are_rejected() {
        assert!(rejects("Sustained ", " progression, n (%)"));
        assert!(rejects("", " ≥ 4"));
        // A standard error is read only as `EDSS ± SEM` (means, no SD).
        assert!(!rejects("", " ± SEM"));
        assert!(rejects("", ", mean (SEM)"));
        assert!(rejects("", " SE"));
        assert!(!rejects("Median ", " [Q1-Q3]"));
    }
}
