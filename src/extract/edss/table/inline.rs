//! Rows of flattened PDF text, a row a line: the label, then its cells
//! joined by spaces. Empty cells (`--`, `–`, `NA`) keep their place in the
//! run, and a p-value may carry its test's footnote letter (`0.1c`, `0.4
//! d`). Two forms span more than one line:
//! * a label line naming the scale alone (`EDSS score`) over lines that
//!   each name a statistic and give its run (`Mean 4.9 4.1` / `(SD) or
//!   (range) (2.1) (1.5–6.5)`), read as the sub-rows of a label row;
//! * a row whose second line holds values without a label (`EDSS 3.6±2.2
//!   2.9±2.0 0.4 d` over `4.5 (0–7) 2.5 (0–7)`, or bare medians over a line
//!   of their bracketed ranges), read with the row's label as a row span.

use super::super::shape::rx;
use super::super::Found;
use super::cells::{is_value, read_cells, read_split_medians, Cell, Label, NUM};
use super::{rejects, COMPANION, MAX_CELLS, SUB};
use regex::Regex;
use std::sync::LazyLock;

/// A cell's shape at the start of a line's rest: `m ± sd`, `v (lo–hi)`,
/// `v (w)`, `v`; a footnote mark glued to it or a lone letter after it
/// (`0.1c`, `0.4 d`), or glued to its first number before the bracket
/// (`0.3a (0.6)`, `2.0* (1.1)`); a mean's range after its SD (`2.3 ± 1.2
/// [0–5.5]`, `2.3 (1.2) (0–5.5)`); then the space before the next cell.
static CELL_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)[ \t]*{NUM}(?:[a-f]{{1,2}}(?-u:\b)|[*†‡§¶]{{1,2}})?[ \t]*(?:(?:(?:±|\+/-)[ \t]*{NUM}|\([ \t]*{NUM}[ \t]*\))(?:[ \t]*[(\[][ \t]*{NUM}[ \t]*(?:[-–—;,]|to)[ \t]*{NUM}[ \t]*[)\]])?|[(\[][ \t]*{NUM}[ \t]*(?:[-–—;,]|to)[ \t]*{NUM}[ \t]*[)\]])?(?:[a-f]{{1,2}}(?-u:\b)|[*†‡§¶]{{1,2}}|[ \t]+[a-f](?-u:\b))?(?:[ \t]*;[ \t]*|[ \t]+/[ \t]+|[ \t]+|$)"
    ))
});

/// An empty cell in a run: `--`, `-`, `–`, `—`, `NA`, `n/a`, `NR`, `ND`,
/// then a space or the line's end.
static EMPTY_INLINE: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^(?i)[ \t]*(?:--?|–|—|na|n/a|nr|nd)(?:[ \t]+|$)"));

/// A bracketed number or pair in a run: `(2.1)`, `(1.5–6.5)`, `[0, 7]`.
static BRACKET_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^[ \t]*[(\[][ \t]*{NUM}[ \t]*(?:(?:[-–—;,]|to)[ \t]*{NUM}[ \t]*)?[)\]](?:[ \t]+|$)"
    ))
});

/// A group's count after its cell, in square brackets: `3.4 (1.5) [n = 48]`.
/// Not part of the cell (it counts patients, it is no spread).
static GROUP_COUNT: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^(?i)\[[ \t]*n[ \t]*=[ \t]*\d{1,5}[ \t]*\](?:[ \t]+|$)"));

/// The value cells of `fold[from..to]`, a line of flattened text, read
/// from its start as far as cells go (empty cells among them); the second
/// value is where they stopped.
pub(super) fn inline_run(fold: &str, from: usize, to: usize) -> (Vec<Cell>, usize) {
    let line = &fold[from..to];
    let mut cells = Vec::new();
    let mut p = 0;
    while cells.len() < MAX_CELLS && p < line.len() {
        let p0 = p;
        let m = match CELL_INLINE.find(&line[p..]) {
            Some(m) => m,
            None if !cells.is_empty() => match EMPTY_INLINE.find(&line[p..]) {
                // `3.6±2.2 -- 3.6±2.1`: a group or visit without a value.
                Some(m) => m,
                None => break,
            },
            None => break,
        };
        let text = m.as_str();
        let lead = text.len() - text.trim_start().len();
        let mut end = from + p + text.trim_end().len();
        p += m.end();
        if text.trim_end().ends_with([';', '/']) {
            // `2.8 (1.1); 2.5 (1.0–5.5)`: two statistics of one group, one
            // cell (its reader splits it).
            let Some(m) = CELL_INLINE.find(&line[p..]) else {
                break;
            };
            end = from + p + m.as_str().trim_end().len();
            p += m.end();
        }
        if let Some(m) = GROUP_COUNT.find(&line[p..]) {
            // `3.4 (1.5) [n = 48] 3.2 (1.4) [n = 50]`: each group's count
            // after its cell.
            p += m.end();
        }
        cells.push(Cell {
            start: from + p0 + lead,
            end,
        });
    }
    (cells, from + p)
}

/// A line that is a run of at least two value cells and nothing else
/// (`2.5 (1.5-3.5) 3.0 (2.0-4.0)`), as PDF text puts a row's values below
/// its wrapped label.
pub(super) fn value_line(fold: &str, from: usize, to: usize) -> Option<Vec<Cell>> {
    let (cells, end) = inline_run(fold, from, to);
    let values = cells
        .iter()
        .filter(|c| is_value(&fold[c.start..c.end]))
        .count();
    (values >= 2 && fold[end..to].trim().is_empty()).then_some(cells)
}

/// A line's rest that is a run of two or more bracketed numbers and
/// nothing else (`(2.1) (1.5–6.5)`), one cell each.
fn bracket_line(fold: &str, from: usize, to: usize) -> Option<Vec<Cell>> {
    let line = &fold[from..to];
    let mut cells = Vec::new();
    let mut p = 0;
    while cells.len() < MAX_CELLS && p < line.len() {
        let Some(m) = BRACKET_INLINE.find(&line[p..]) else {
            break;
        };
        let text = m.as_str();
        let lead = text.len() - text.trim_start().len();
        cells.push(Cell {
            start: from + p + lead,
            end: from + p + text.trim_end().len(),
        });
        p += m.end();
    }
    (cells.len() >= 2 && line[p..].trim().is_empty()).then_some(cells)
}

/// A line split into its label and its run of cells: the first place
/// after a space from which the rest is all cells (values, or brackets),
/// two values at least, or two brackets.
pub(super) fn labelled_run(fold: &str, from: usize, to: usize) -> Option<(usize, Vec<Cell>)> {
    let line = &fold[from..to];
    for (i, c) in line.char_indices() {
        if i == 0 || !line[..i].ends_with([' ', '\t']) || c == ' ' || c == '\t' {
            continue;
        }
        if let Some(cells) =
            value_line(fold, from + i, to).or_else(|| bracket_line(fold, from + i, to))
        {
            return Some((from + i, cells));
        }
    }
    None
}

/// The line `fold[p..]` ends at, within `limit`.
fn line_end(fold: &str, p: usize, limit: usize) -> usize {
    fold[p..limit].find('\n').map_or(limit, |i| p + i)
}

/// A label row naming the scale alone, its sub-rows on the lines right
/// below it, each a statistic's label and its run (`Mean 4.9 4.1 …`,
/// `(SD) or (range) (2.1) (1.5–6.5) …`, `SD 1.0 -- 1.0`). `None` when the
/// next line is no such row; the rows are read as the label row's
/// sub-rows otherwise.
pub(super) fn read_inline_sub_rows(
    fold: &str,
    parent: Label,
    (head, tail): (&str, &str),
    next: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> Option<bool> {
    let mut rows: Vec<(Label, Vec<Cell>, usize)> = Vec::new();
    // The text with the line breaks inside wrapped sub-rows made spaces
    // (the offsets stay), once a sub-row wraps.
    let mut flat: Option<String> = None;
    let mut p = next;
    while p < limit && rows.len() < 6 {
        let src = flat.as_deref().unwrap_or(fold);
        // `pdf-extract` sets a blank line between a table's lines.
        let rest = &src[p..limit];
        p += rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len();
        let mut end = line_end(src, p, limit);
        let mut run = labelled_run(src, p, end);
        if run.is_none() && !rows.is_empty() {
            // `(SD) or` / `(range)` / `(2.1) (1.5–` / `6.5)` / …
            if let Some((joined, joined_end)) = wrapped_sub_row(src, p, limit) {
                run = labelled_run(&joined, p, joined_end);
                if run.is_some() {
                    end = joined_end;
                    flat = Some(joined);
                }
            }
        }
        let src = flat.as_deref().unwrap_or(fold);
        let Some((at, cells)) = run else {
            break;
        };
        let label = &src[p..at];
        if !SUB.is_match(label) {
            break;
        }
        rows.push((Label::read(label), cells, p));
        p = end + 1;
    }
    if rows.is_empty() {
        return None;
    }
    if rejects(head, tail) {
        return Some(true);
    }
    let src = flat.as_deref().unwrap_or(fold);
    Some(super::group::read_group(src, parent, rows, found))
}

/// The most lines a wrapped sub-row goes on over: its label's two, and
/// two a cell.
const MAX_SUB_ROW_LINES: usize = 2 + 2 * MAX_CELLS;

/// A sub-row whose label and cells wrap, as a narrow column sets a
/// statistic's label and its bracketed cells over lines (`(SD) or` /
/// `(range)` / `(2.1) (1.5–` / `6.5)` / `(1.5–` / `8.5)`, or `(SD) or` /
/// `(range) (2.1) (1.5–` / `6.5) (1.5–` / `8.5)`): a label line without
/// digits, perhaps one more line that starts with label words, then
/// lines of cell pieces only, up to a blank line or a line of anything
/// else; some line must end inside a cell (after `±`, or a bracket's first
/// number and its dash), the sign that the lines are one row cut by the
/// column's width and not a column of cells one a line. The text up to
/// `limit` with those line breaks made spaces (the offsets stay), and the
/// sub-row's end; the caller reads its label and run there.
fn wrapped_sub_row(src: &str, p: usize, limit: usize) -> Option<(String, usize)> {
    let mut end = line_end(src, p, limit);
    let first = &src[p..end];
    if first.trim().is_empty() || first.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut cut = false;
    let mut label_lines = 1;
    let mut pieces = false;
    let mut line_start = p;
    for _ in 0..MAX_SUB_ROW_LINES {
        if !src[end..limit].starts_with('\n') {
            break;
        }
        let next_end = line_end(src, end + 1, limit);
        let line = &src[end + 1..next_end];
        if line.trim().is_empty() {
            break;
        }
        if PIECE_LINE.is_match(line) {
            pieces = true;
        } else if pieces || label_lines >= 2 {
            break;
        } else {
            label_lines += 1;
        }
        cut |= OPEN_CELL_END.is_match(&src[line_start..end]);
        line_start = end + 1;
        end = next_end;
    }
    if !cut {
        return None;
    }
    let mut joined = String::with_capacity(src.len());
    joined.push_str(&src[..p]);
    joined.push_str(&src[p..end].replace('\n', " "));
    joined.push_str(&src[end..]);
    Some((joined, end))
}

/// The second line of a flattened row, below it: values alone, as many as
/// the row gave, each a value with its bracketed range (`4.5 (0–7) 2.5
/// (0–7)` under a bare `EDSS` row whose note says `median (range)`); under
/// a bare label, a line of bare numbers over a line of their bracketed
/// spreads is a row of medians with their ranges when the note says so.
/// Blank lines and a footnote letter set on a line of its own (as
/// `pdf-extract` prints a superscript) may stand between.
pub(super) fn read_span_below(
    fold: &str,
    label: Label,
    (row_end, row_values): (usize, usize),
    limit: usize,
    found: &mut Vec<Found>,
) {
    let Some((from, end)) = next_line(fold, row_end, limit) else {
        return;
    };
    // `… 3.3±2.4 0.26` / `c 4.5 2.8 …`: the p-value's footnote letter,
    // set at the start of the next line, is no cell of the span.
    let from = match MARK_THEN_RUN.find(&fold[from..end]) {
        Some(m)
            if fold[..row_end]
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit()) =>
        {
            from + m.end()
        }
        _ => from,
    };
    let Some(cells) = value_line(fold, from, end) else {
        return;
    };
    let text = |c: &Cell| &fold[c.start..c.end];
    let values: Vec<&Cell> = cells.iter().filter(|c| is_value(text(c))).collect();
    if values.len() != row_values {
        return;
    }
    if label.says_nothing() {
        if let Some((next, next_end)) = next_line(fold, end, limit) {
            if let Some(spreads) = bracket_line(fold, next, next_end) {
                read_split_medians(fold, &cells, &spreads, from, found);
                return;
            }
        }
    }
    // A line of other shapes under a row may be anything (the next row's
    // values, a figure's axis): only values with their ranges are read.
    if values.iter().all(|c| RANGE_CELL.is_match(text(c))) {
        read_cells(fold, label, &cells, from, found);
    }
}

/// A statistic's own sub-row right below a flattened row, as `pdftotext
/// -layout` sets it, deeper than the row's label or in lower case
/// (`EDSS score 2.9 ± 1.4 3.0 ± 1.3 0.69` / `  median (range) 2.5 (0–6.0)
/// 3.0 (0–6.5)`): its label names only statistics, the mean or the median
/// the row above did not, and its cells are read with that label (a
/// change above stays a change). A label level with the row's, in
/// capitals, may start the next row of another measure and is not read.
pub(super) fn read_inline_companion(
    fold: &str,
    parent: Label,
    (row_start, row_end): (usize, usize),
    limit: usize,
    found: &mut Vec<Found>,
) {
    if row_end >= limit || !fold[row_end..].starts_with('\n') {
        return;
    }
    let next = row_end + 1;
    let end = line_end(fold, next, limit);
    let Some((cut, cells)) = labelled_run(fold, next, end) else {
        return;
    };
    let text = &fold[next..cut];
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let deeper = indent(text) > indent(&fold[row_start..row_end]);
    let lower = text.trim_start().starts_with(char::is_lowercase);
    if !(deeper || lower) || !COMPANION.is_match(text) {
        return;
    }
    let own = Label::read(text);
    if !(own.mean || own.median) || (own.mean == parent.mean && own.median == parent.median) {
        return;
    }
    let label = Label {
        change: parent.change,
        ..own
    };
    read_cells(fold, label, &cells, next, found);
}

/// A value with its bracketed range: `4.5 (0–7)`, `3.0 [1.5, 6.0]`.
static RANGE_CELL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^[ \t]*{NUM}[ \t]*[(\[][ \t]*{NUM}[ \t]*(?:[-–—;,]|to)[ \t]*{NUM}[ \t]*[)\]][ \t]*$"
    ))
});

/// The start of a line that carries on a row after its p-value's
/// footnote letter, which `pdf-extract` sets on the next line with the
/// cells after it (`… 3.6±2.3 0.1` / `c 2.9±2.0 -- 3.4±2.3 0.26`).
static MARK_THEN_RUN: LazyLock<Regex> = LazyLock::new(|| rx(r"^[a-f](?:[ \t]+)"));

/// The cells of a flattened row that a p-value's footnote letter cut in
/// two: `cells` ran to the end of the row's line at `line_end`, ending in
/// a bare p-value (`0.1`); the next line starts with the letter and goes
/// on with the row's cells (two values at least, one with its spread) to
/// its end. The letter joins the p-value's cell; the cells of both lines
/// and the second line's end come back. `None` when the row is not cut so.
pub(super) fn run_across_mark(
    fold: &str,
    cells: &[Cell],
    run_end: usize,
    row_end: usize,
    limit: usize,
) -> Option<(Vec<Cell>, usize)> {
    let last = cells.last()?;
    let p = fold[last.start..last.end].trim();
    let bare_p = p.starts_with("0.") && p.len() <= 6 && p[2..].bytes().all(|b| b.is_ascii_digit());
    let cut = fold[run_end..row_end].trim().is_empty() && fold[row_end..limit].starts_with('\n');
    if !(bare_p && cut) {
        return None;
    }
    let from = row_end + 1;
    let m = MARK_THEN_RUN.find(&fold[from..limit])?;
    let end = line_end(fold, from, limit);
    let more = value_line(fold, from + m.end(), end)?;
    if !more
        .iter()
        .any(|c| fold[c.start..c.end].contains(['±', '(', '[']))
    {
        return None;
    }
    let mut out: Vec<Cell> = cells[..cells.len() - 1]
        .iter()
        .map(|c| Cell {
            start: c.start,
            end: c.end,
        })
        .collect();
    out.push(Cell {
        start: last.start,
        end: from + 1,
    });
    out.extend(more);
    Some((out, end))
}

/// A row's line that ends inside a cell: after `±`, or after a bracket's
/// first number and its dash (`(1.5–`).
static OPEN_CELL_END: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"(?:±|\+/-|[(\[][ \t]*{NUM}[ \t]*[-–—])[ \t]*$")));

/// A line of cell pieces only: numbers, `±`, brackets, dashes, a
/// footnote letter or mark.
static PIECE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^[ \t]*(?:(?:[-−]?\d{1,3}(?:[.,]\d{1,4})?|±|\+/-|[()\[\]]|--?|[–—]|[a-f](?-u:\b)|[*†‡§¶])[ \t]*)+$",
    )
});

/// The most lines a wrapped row's cells go on over.
const MAX_WRAPPED_LINES: usize = 12;

/// A flattened row whose cells wrap, as a PDF sets a narrow column's cells
/// a line each (`EDSS ± SEM 3 ±` / `0.2` / `3 ±` / `0.4` / `0.155`): the
/// row's line ends inside a cell (after `±`, or after a bracket's first
/// number and its dash), and the lines below holding cell pieces only
/// (numbers, `±`, brackets, dashes, a footnote letter) carry it on. The
/// text up to the row's new end with those line breaks made spaces (so
/// the offsets stay), and that end; `None` when the row's line is whole.
pub(super) fn wrapped_row(
    fold: &str,
    from: usize,
    row_end: usize,
    limit: usize,
) -> Option<(String, usize)> {
    if !OPEN_CELL_END.is_match(&fold[from..row_end]) {
        return None;
    }
    let mut end = row_end;
    for _ in 0..MAX_WRAPPED_LINES {
        if !fold[end..limit].starts_with('\n') {
            break;
        }
        let next_end = line_end(fold, end + 1, limit);
        let line = &fold[end + 1..next_end];
        if line.trim().is_empty() || !PIECE_LINE.is_match(line) {
            break;
        }
        end = next_end;
    }
    if end == row_end {
        return None;
    }
    let mut flat = String::with_capacity(end);
    flat.push_str(&fold[..row_end]);
    flat.push_str(&fold[row_end..end].replace('\n', " "));
    Some((flat, end))
}

/// Whether the block `fold[from..block_end]`, its first line ending at
/// `end`, is one cell that wraps: the first line ends inside the cell
/// (after `±`, or a bracket's first number and its dash) and the second,
/// the last, holds cell pieces only (`3 ±` / `0.2`, `(1.5–` / `6.5)`).
pub(super) fn cell_wraps(fold: &str, from: usize, end: usize, block_end: usize) -> bool {
    let second = fold[end..block_end].trim_matches([' ', '\t', '\n']);
    OPEN_CELL_END.is_match(&fold[from..end])
        && !second.is_empty()
        && !second.contains('\n')
        && PIECE_LINE.is_match(second)
}

/// `fold` with a space for each line break at `breaks` (the offsets stay).
pub(super) fn spaces_at(fold: &str, breaks: &[usize]) -> String {
    let mut bytes = fold.as_bytes().to_vec();
    for &b in breaks {
        if bytes.get(b) == Some(&b'\n') {
            bytes[b] = b' ';
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| fold.to_string())
}

/// A footnote letter or mark alone on a line: `d`, `*`.
static MARK_LINE: LazyLock<Regex> = LazyLock::new(|| rx(r"^[ \t]*[a-f*†‡§¶]{1,2}[ \t]*$"));

/// The next line after the one ending at `at` (a newline there) that
/// holds more than a footnote mark, past at most three blank or mark
/// lines: its start and end.
fn next_line(fold: &str, at: usize, limit: usize) -> Option<(usize, usize)> {
    let mut p = at;
    for _ in 0..4 {
        if !fold[p..limit].starts_with('\n') {
            return None;
        }
        let from = p + 1;
        let end = line_end(fold, from, limit);
        let line = &fold[from..end];
        if !line.trim().is_empty() && !MARK_LINE.is_match(line) {
            return Some((from, end));
        }
        p = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> Vec<&str> {
        let (cells, _) = inline_run(line, 0, line.len());
        cells.iter().map(|c| &line[c.start..c.end]).collect()
    }

    #[test]
    fn group_counts_after_cells_are_skipped() {
        assert_eq!(
            run("3.4 (1.5) [n = 48] 3.2 (1.4) [N=50] 0.41"),
            vec!["3.4 (1.5)", "3.2 (1.4)", "0.41"]
        );
        // A bracket that is no count still ends the run.
        assert_eq!(run("3.4 (1.5) [48] 3.2 (1.4)"), vec!["3.4 (1.5)"]);
    }

    #[test]
    fn runs_keep_empty_cells_and_p_value_marks() {
        assert_eq!(
            run("3.6±2.2 -- 3.6±2.1 0.1c 2.9±2.0 – 3.4±2.3"),
            ["3.6±2.2", "--", "3.6±2.1", "0.1c", "2.9±2.0", "–", "3.4±2.3"]
        );
        assert_eq!(
            run("3.6 ± 2.2 2.9 ± 2.0 0.4 d"),
            ["3.6 ± 2.2", "2.9 ± 2.0", "0.4 d"]
        );
        // A run never starts with a dash, and a word ends it.
        assert!(run("-- 2.0").is_empty());
        assert_eq!(run("2.0 3.0 and 4.0"), ["2.0", "3.0"]);
    }

    #[test]
    fn wrapped_sub_rows_join_only_cells_cut_by_a_line_break() {
        let read = |text: &str| {
            let (joined, end) = wrapped_sub_row(text, 0, text.len())?;
            labelled_run(&joined, 0, end).map(|(at, cells)| {
                let cells: Vec<String> = cells
                    .iter()
                    .map(|c| joined[c.start..c.end].to_string())
                    .collect();
                (joined[..at].to_string(), cells)
            })
        };
        let (label, cells) =
            read("(SD) or\n(range)\n(2.1) (1.5–\n6.5)\n(2.0–\n9.0)\nMS duration").expect("a row");
        assert_eq!(label, "(SD) or (range) ");
        assert_eq!(cells, ["(2.1)", "(1.5– 6.5)", "(2.0– 9.0)"]);
        let (label, cells) =
            read("(SD) or\n(range) (2.1) (1.5–\n6.5) (2.0–\n9.0)\n\nAge").expect("a row");
        assert_eq!(label, "(SD) or (range) ");
        assert_eq!(cells.len(), 3);
        let none = |text: &str| wrapped_sub_row(text, 0, text.len()).is_none();
        // Whole cells a line each: a column, not a row cut by its width.
        assert!(none("Mean\nyears\n14.2 7.4\n(9.6)"));
        assert!(none("SD\n(2.1)\n(1.5–6.5)\n(2.0–9.0)"));
        // A first line with a value is no label line.
        assert!(none("SD 2.1 (1.5–\n6.5)"));
    }

    #[test]
    fn labels_split_from_their_runs() {
        let l = "(SD) or (range) (2.1) (1.5–6.5)";
        let (at, cells) = labelled_run(l, 0, l.len()).expect("a run");
        assert_eq!(&l[..at], "(SD) or (range) ");
        assert_eq!(cells.len(), 2);
        let l = "Mean 7.7 (8.0) 7.9 (8.0) -- --";
        let (at, cells) = labelled_run(l, 0, l.len()).expect("a run");
        assert_eq!(&l[..at], "Mean ");
        assert_eq!(cells.len(), 4);
        assert!(labelled_run("Mean years of age", 0, 17).is_none());
    }
}
