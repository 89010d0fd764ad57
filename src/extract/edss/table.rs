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

use super::mention::STOP;
use super::shape::{on_scale, rx};
use super::{push, Found};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// Words a row label may hold before the mention: `Mean (median) EDSS`,
/// `Baseline EDSS`, `Change in EDSS`.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)[\s\x{2003}*•]*(?:(?:mean|median|average|baseline|change|changes|in|from|the|total|overall|score|scores|\(|\)|,|-|–)[\s\x{2003}]*)*$",
    )
});

/// The rest of a label after the mention: statistic, time and bracket
/// words, never a verb or a sentence.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:[\s,:;/()\[\]±*–-]|\+/-|\d{1,3}(?-u:\b)|(?:scores?|mean|median|average|sd|s\.d|standard|deviation|range|iqr|interquartile|min|minimum|max|maximum|q1|q3|quartiles?|baseline|at|in|of|from|to|change|changes|month|months|week|weeks|year|years|day|days|follow-up|visit|screening|entry|inclusion|end|treatment|study|the|and|or|value|values|total|overall|points?)(?-u:\b))*$",
    )
});

/// Labels of rows that are not EDSS levels: counts of patients, events,
/// thresholds, standard errors, between-group differences.
static NOT_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)%|(?-u:\b)(?:n|no|number|patients|progress\w*|worsen\w*|improv\w*|confirmed|sustained|time|proportion|rate|risk|ratio|difference|sem|se|s\.e\.m|standard\s+error|events?|category|categories|distribution|plus|step|steps|responders?|x)(?-u:\b)|[≤≥<>⩽⩾]",
    )
});

/// Sub-row labels under an `EDSS` row: statistics and times only.
static SUB: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)[\s\x{2003}]*(?:(?:mean|median|average|sd|s\.d\.|standard|deviation|range|iqr|interquartile|min|minimum|max|maximum|q1|q3|quartiles?|n|baseline|screening|week|weeks|month|months|year|years|day|days|end|of|at|to|from|in|treatment|study|follow-up|visit|change|final|last|or|and|\d{1,3}|±|\+/-|[()\[\],;:/–-])[\s\x{2003}]*)+$",
    )
});

/// A value cell, whole: `m ± sd`, `v (lo–hi)`, `v [lo, hi]`, `v (w)`, `v`.
/// Signed numbers for changes; a footnote letter or mark may follow.
const NUM: &str = r"([-−]?\d{1,3}(?:\.\d{1,4})?)";
static CELL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*{NUM}\s*(?:(?:±|\+\s*/\s*-|\+-)\s*{NUM}(?:\s*[(\[]\s*{NUM}\s*(?:[-–—;,]|to)\s*{NUM}\s*[)\]])?|[(\[]\s*{NUM}\s*(?:[-–—;,]|to)\s*{NUM}\s*[)\]]|\(\s*(?:SD\s*[=:]?\s*)?{NUM}\s*\))?\s*(?:[a-f*†‡§¶]{{1,2}})?\s*(?:,\s*n\s*=\s*\d+)?\s*$"
    ))
});
/// The same shapes inside a line of text (flattened PDF rows).
static CELL_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)[ \t]*{NUM}[ \t]*(?:(?:±|\+/-)[ \t]*{NUM}|[(\[][ \t]*{NUM}[ \t]*(?:[-–—;,]|to)[ \t]*{NUM}[ \t]*[)\]]|\([ \t]*{NUM}[ \t]*\))?(?:[ \t]+|$)"
    ))
});
/// An empty cell, or one that holds no number for a group.
static EMPTY: LazyLock<Regex> = LazyLock::new(|| rx(r"^(?i)\s*(?:--?|–|—|na|n/a|nd|nr|ns|x|)\s*$"));

/// A note of the table saying its values are means with SDs.
static MEAN_SD_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)mean\s*(?:\(\s*(?:SD|s\.d\.|standard\s+deviation)\s*\)|±\s*(?:SD|s\.d\.|standard\s+deviation))|(?:values|data)\s+are\s+(?:\w+\s+)?(?:as\s+)?means?(?:\s*\(|\s+and\s+standard|\s*±)|plus[–-]minus\s+values\s+indicate\s+SD",
    )
});

/// What a row's label says its cells are.
#[derive(Debug, Default, Clone, Copy)]
struct Label {
    mean: bool,
    median: bool,
    sd: bool,
    spread: bool,
    change: bool,
    /// `Mean (median)`: the bracket holds the median.
    mean_then_median: bool,
    /// `Median (mean)`.
    median_then_mean: bool,
}

impl Label {
    fn read(s: &str) -> Label {
        let l = s.to_ascii_lowercase();
        let word = |w: &str| {
            l.match_indices(w).any(|(i, _)| {
                let before = l[..i].chars().next_back();
                let after = l[i + w.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric())
                    && !after.is_some_and(|c| c.is_alphanumeric())
            })
        };
        let squeezed: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        Label {
            mean: word("mean") || word("average"),
            median: word("median"),
            sd: word("sd") || word("s.d") || l.contains("standard deviation") || l.contains('±'),
            spread: word("range")
                || word("iqr")
                || l.contains("interquartile")
                || word("q1")
                || l.contains("quartile")
                || word("min")
                || l.contains("minimum"),
            change: word("change") || word("changes"),
            mean_then_median: squeezed.contains("mean(median)"),
            median_then_mean: squeezed.contains("median(mean)"),
        }
    }

    fn or(self, o: Label) -> Label {
        Label {
            mean: self.mean || o.mean,
            median: self.median || o.median,
            sd: self.sd || o.sd,
            spread: self.spread || o.spread,
            change: self.change || o.change,
            mean_then_median: self.mean_then_median || o.mean_then_median,
            median_then_mean: self.median_then_mean || o.median_then_mean,
        }
    }

    fn says_nothing(&self) -> bool {
        !(self.mean || self.median || self.sd || self.spread || self.change)
    }
}

/// One cell: its span in `fold` and its text.
struct Cell {
    start: usize,
    end: usize,
}

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
        return false;
    }
    let limit = floor_boundary(fold, (a1 + MAX_ROW).min(fold.len()));
    let line_end = fold[a1..limit].find('\n').map_or(limit, |i| a1 + i);
    let line = &fold[a1..line_end];
    if let Some(bar) = line.find('|') {
        // JATS: `label | cell | cell`.
        let tail = &line[..bar];
        if !TAIL.is_match(tail) {
            return false;
        }
        let label = Label::read(&format!("{head} {tail}"));
        let cells = split_cells(fold, a1 + bar + 1, line_end, '|');
        if !cells.iter().any(|c| is_value(&fold[c.start..c.end])) {
            // `EDSS 4–6 | Pregnancy`: a cell of a criteria list, prose.
            return false;
        }
        if rejects(head, tail) {
            return true;
        }
        read_cells(fold, label, &cells, a0, found);
        return true;
    }
    if TAIL.is_match(line) {
        let tail = line;
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
            return read_sub_rows(fold, label, next, limit, found);
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
        // Tag-stripped text: one cell per line up to a blank line.
        let block_end = rest.find("\n\n").map_or(limit, |i| next + i);
        let cells = split_cells(fold, next, block_end, '\n');
        if cells.is_empty() || !cells.iter().any(|c| is_value(&fold[c.start..c.end])) {
            return false;
        }
        if rejects(head, tail) {
            return true;
        }
        read_cells(fold, label, &cells, a0, found);
        return true;
    }
    read_inline(fold, head, a0, a1, line_end, found)
}

/// A flattened row: the label, then at least two value cells on its line.
fn read_inline(
    fold: &str,
    head: &str,
    a0: usize,
    a1: usize,
    line_end: usize,
    found: &mut Vec<Found>,
) -> bool {
    let line = &fold[a1..line_end];
    for (i, _) in line.char_indices() {
        let prev = line[..i].chars().next_back();
        let starts_number =
            line[i..].starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '−');
        if !starts_number || !prev.is_some_and(|c| c == ' ' || c == '\t') {
            continue;
        }
        let tail = &line[..i];
        if !TAIL.is_match(tail) {
            return false;
        }
        let mut cells = Vec::new();
        let mut p = i;
        while cells.len() < MAX_CELLS {
            let Some(m) = CELL_INLINE.find(&line[p..]) else {
                break;
            };
            let text = m.as_str();
            let lead = text.len() - text.trim_start().len();
            let body = text.trim().len();
            cells.push(Cell {
                start: a1 + p + lead,
                end: a1 + p + lead + body,
            });
            p += m.end();
            if p >= line.len() {
                break;
            }
        }
        let values = cells
            .iter()
            .filter(|c| is_value(&fold[c.start..c.end]))
            .count();
        if values < 2 {
            return false;
        }
        if rejects(head, tail) {
            return true;
        }
        let label = Label::read(&format!("{head} {tail}"));
        read_cells(fold, label, &cells, a0, found);
        return true;
    }
    false
}

/// Whether the label is one whose numbers are no EDSS levels.
fn rejects(head: &str, tail: &str) -> bool {
    let label = format!("{head} {tail}");
    NOT_LEVEL.is_match(&label) || STOP.is_match(tail)
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

/// Whether a cell holds a value (not a dash or a p-value).
fn is_value(cell: &str) -> bool {
    CELL.is_match(cell) && !is_p_value(cell)
}

/// A p-value cell: `p = 0.3`, `<0.001`, `0.4 d`, `0.1663`, `0.96`.
fn is_p_value(cell: &str) -> bool {
    let t = cell.trim().to_ascii_lowercase();
    if t.starts_with('p') || t.starts_with('<') || t.starts_with('>') || t.starts_with('≤') {
        return true;
    }
    let num: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let rest = t[num.len()..].trim();
    let decimals = num.split_once('.').map_or(0, |(_, d)| d.len());
    // A bare number below 1 with two or more decimals, or any with
    // three or more, or one with a footnote letter, is a p-value column.
    (num.starts_with("0.") && decimals >= 2 && rest.is_empty())
        || (decimals >= 3 && rest.is_empty())
        || (!num.is_empty()
            && rest.len() <= 2
            && rest.chars().all(|c| c.is_ascii_lowercase())
            && !rest.is_empty()
            && num.starts_with("0."))
}

/// Sub-rows of tag-stripped text below a label row, each a label line and
/// its cells, blocks separated by blank lines.
fn read_sub_rows(
    fold: &str,
    parent: Label,
    from: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> bool {
    let mut rows: Vec<(Label, Vec<Cell>, usize)> = Vec::new();
    let mut p = from;
    while p < limit && rows.len() < 6 {
        while p < limit && fold.as_bytes()[p].is_ascii_whitespace() {
            p += 1;
        }
        let block_end = fold[p..limit].find("\n\n").map_or(limit, |i| p + i);
        let block = &fold[p..block_end];
        let Some(nl) = block.find('\n') else {
            break;
        };
        let label = &block[..nl];
        if !SUB.is_match(label) {
            break;
        }
        let cells = split_cells(fold, p + nl + 1, block_end, '\n');
        rows.push((Label::read(label), cells, p));
        p = block_end;
    }
    read_group(fold, parent, rows, found)
}

/// JATS sub-rows below a label row: `Mean ± SD | 1.88±0.79 | 1.75±0.91`.
fn read_jats_sub_rows(
    fold: &str,
    parent: Label,
    from: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> bool {
    let mut rows: Vec<(Label, Vec<Cell>, usize)> = Vec::new();
    let mut p = from;
    while p < limit && rows.len() < 6 {
        let end = fold[p..limit].find('\n').map_or(limit, |i| p + i);
        let line = &fold[p..end];
        let Some(bar) = line.find('|') else {
            break;
        };
        let label = &line[..bar];
        if label.trim().is_empty() {
            // `  | ` under the label row: a spacer.
            p = end + 1;
            continue;
        }
        if !SUB.is_match(label) {
            break;
        }
        let cells = split_cells(fold, p + bar + 1, end, '|');
        rows.push((Label::read(label), cells, p));
        p = end + 1;
    }
    read_group(fold, parent, rows, found)
}

/// The sub-rows of one label row. A statistic split over two rows (`Mean`
/// then `SD` or `(SD) or (range)`) pairs cells by column, which the
/// layouts do not keep reliably: such a group is left unread.
fn read_group(
    fold: &str,
    parent: Label,
    rows: Vec<(Label, Vec<Cell>, usize)>,
    found: &mut Vec<Found>,
) -> bool {
    if rows.is_empty() {
        return false;
    }
    let is_spread_row = |l: &Label| !l.mean && !l.median && (l.sd || l.spread);
    if rows.iter().any(|(l, _, _)| is_spread_row(l)) {
        // `Mean | 4.9 | 4.1` over `(SD) or (range) | (2.1) | (1.5–6.5)`:
        // read only a mean row right above its spread row, column by
        // column, when both hold the same number of cells.
        for pair in rows.windows(2) {
            let [(top, means, _), (low, spreads, _)] = pair else {
                continue;
            };
            let mean_row = top.mean && !top.median && !top.sd && !top.spread;
            if mean_row && is_spread_row(low) && !parent.change && means.len() == spreads.len() {
                read_split(fold, means, spreads, found);
            }
        }
        return true;
    }
    for (label, cells, at) in &rows {
        let l = parent.or(*label);
        // `N` rows count patients.
        let raw = fold[*at..].split(['\n', '|']).next().unwrap_or("").trim();
        if raw.eq_ignore_ascii_case("n") {
            continue;
        }
        read_cells(fold, l, cells, *at, found);
    }
    true
}

/// A mean row and the row of its SDs or ranges below it, column by column:
/// `4.9` over `(2.1)` or `2.1` is a mean with its SD; `4.1` over
/// `(1.5–6.5)` a mean and the range. A column with a dash or another shape
/// gives nothing.
fn read_split(fold: &str, means: &[Cell], spreads: &[Cell], found: &mut Vec<Found>) {
    for (m, s) in means.iter().zip(spreads) {
        let mt = &fold[m.start..m.end];
        let Some(mean) = BARE.captures(mt).and_then(|c| signed(&c[1])) else {
            continue;
        };
        if !on_scale(mean) {
            continue;
        }
        let st = &fold[s.start..s.end];
        if let Some(sd) = SPREAD_SD.captures(st).and_then(|c| signed(&c[1])) {
            if (0.0..=5.0).contains(&sd) {
                push(
                    found,
                    m.start,
                    s.end.max(m.end),
                    EdssValue::Mean { mean, sd: Some(sd) },
                    "edss.table_split_mean_sd",
                    0.75,
                );
            }
        } else if let Some(c) = SPREAD_RANGE.captures(st) {
            let (Some(lo), Some(hi)) = (signed(&c[1]), signed(&c[2])) else {
                continue;
            };
            if on_scale(lo) && on_scale(hi) && lo < hi && lo <= mean && mean <= hi {
                push(
                    found,
                    m.start,
                    m.end,
                    EdssValue::Mean { mean, sd: None },
                    "edss.table_split_mean",
                    0.75,
                );
                push(
                    found,
                    s.start,
                    s.end,
                    EdssValue::Range { low: lo, high: hi },
                    "edss.table_split_range",
                    0.75,
                );
            }
        }
    }
}

/// A bare number cell, a footnote mark allowed.
static BARE: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^\s*{NUM}\s*(?:[a-f*†‡§¶]{{1,2}})?\s*$")));
/// An SD cell under a mean: `(2.1)` or `2.1`.
static SPREAD_SD: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^\s*\(?\s*{NUM}\s*\)?\s*$")));
/// A range cell under a mean: `(1.5–6.5)`, `1.5-6.5`.
static SPREAD_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^\s*[(\[]?\s*{NUM}\s*(?:[–—;,]|-|to)\s*{NUM}\s*[)\]]?\s*$"
    ))
});

/// The statements of a row's cells, in column order, past empty cells and
/// p-values, up to the first cell that is none of them (a note, words).
fn read_cells(fold: &str, label: Label, cells: &[Cell], row_start: usize, found: &mut Vec<Found>) {
    let note_says_mean_sd = label.says_nothing() && {
        let lo = floor_boundary(fold, row_start.saturating_sub(3000));
        let hi = floor_boundary(fold, (row_start + 3000).min(fold.len()));
        MEAN_SD_NOTE.is_match(&fold[lo..hi])
    };
    for cell in cells {
        let text = &fold[cell.start..cell.end];
        if EMPTY.is_match(text) {
            continue;
        }
        if is_p_value(text) {
            // A p-value column; in a row of several visits per group, the
            // next group's columns follow it.
            continue;
        }
        let Some(c) = CELL.captures(text) else {
            break;
        };
        let at = |i: usize| {
            let g = c.get(i).expect("group");
            (cell.start + g.start(), cell.start + g.end())
        };
        let num = |i: usize| c.get(i).and_then(|g| signed(g.as_str()));
        let Some(v) = num(1) else {
            break;
        };
        let whole = (cell.start, cell.start + text.trim_end().len());
        if let Some(sd) = num(2) {
            // m ± sd, maybe with a range after it.
            if !(0.0..=5.0).contains(&sd) {
                continue;
            }
            if label.change {
                change(found, whole, v);
            } else if !label.median && on_scale(v) {
                push(
                    found,
                    whole.0,
                    whole.1,
                    EdssValue::Mean {
                        mean: v,
                        sd: Some(sd),
                    },
                    "edss.table_mean_sd",
                    0.85,
                );
            }
        } else if let (Some(lo), Some(hi)) = (num(5), num(6)) {
            // v (lo–hi): a median's spread, or a mean's range.
            if label.change || !(on_scale(v) && on_scale(lo) && on_scale(hi)) {
                continue;
            }
            if !(lo <= v && v <= hi && lo < hi) {
                continue;
            }
            if label.median || (label.spread && !label.mean) {
                push(
                    found,
                    whole.0,
                    whole.1,
                    EdssValue::Median {
                        median: v,
                        low: Some(lo),
                        high: Some(hi),
                    },
                    "edss.table_median_range",
                    0.85,
                );
            } else if label.mean && label.spread {
                let (s, e) = at(1);
                push(
                    found,
                    s,
                    e,
                    EdssValue::Mean { mean: v, sd: None },
                    "edss.table_mean",
                    0.8,
                );
                let (s, _) = at(5);
                let (_, e) = at(6);
                push(
                    found,
                    s,
                    e,
                    EdssValue::Range { low: lo, high: hi },
                    "edss.table_range",
                    0.8,
                );
            }
        } else if let Some(w) = num(7) {
            // v (w)
            if label.mean_then_median || label.median_then_mean {
                if !(on_scale(v) && on_scale(w)) {
                    continue;
                }
                let (mean, median, ms, md) = if label.mean_then_median {
                    (v, w, at(1), at(7))
                } else {
                    (w, v, at(7), at(1))
                };
                push(
                    found,
                    ms.0,
                    ms.1,
                    EdssValue::Mean { mean, sd: None },
                    "edss.table_mean",
                    0.8,
                );
                push(
                    found,
                    md.0,
                    md.1,
                    EdssValue::Median {
                        median,
                        low: None,
                        high: None,
                    },
                    "edss.table_median",
                    0.8,
                );
            } else if label.median || label.spread || !(0.0..=5.0).contains(&w) {
                continue;
            } else if label.change {
                if label.mean && label.sd {
                    change(found, whole, v);
                }
            } else if on_scale(v) && ((label.mean && !label.spread) || note_says_mean_sd) {
                push(
                    found,
                    whole.0,
                    whole.1,
                    EdssValue::Mean {
                        mean: v,
                        sd: Some(w),
                    },
                    "edss.table_mean_sd",
                    0.8,
                );
            }
        } else {
            // A bare number.
            let one_stat = usize::from(label.mean) + usize::from(label.median) == 1;
            if label.change {
                if !label.median {
                    change(found, whole, v);
                }
            } else if one_stat && !label.spread && !label.sd && on_scale(v) {
                let value = if label.median {
                    EdssValue::Median {
                        median: v,
                        low: None,
                        high: None,
                    }
                } else {
                    EdssValue::Mean { mean: v, sd: None }
                };
                let rule = if label.median {
                    "edss.table_median"
                } else {
                    "edss.table_mean"
                };
                push(found, whole.0, whole.1, value, rule, 0.75);
            }
        }
    }
}

/// A mean change in a group's column.
fn change(found: &mut Vec<Found>, (s, e): (usize, usize), delta: f64) {
    if delta.abs() <= 10.0 {
        push(
            found,
            s,
            e,
            EdssValue::Change {
                delta: Some(delta),
                from: None,
                to: None,
            },
            "edss.table_change",
            0.8,
        );
    }
}

/// A number with an ASCII or Unicode minus.
fn signed(s: &str) -> Option<f64> {
    match s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        Some(rest) => parse_decimal(rest).map(|v| -v),
        None => parse_decimal(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_value_cells_are_told_from_values() {
        for p in ["0.29", "0.4 d", "0.1663", "p = 0.3", "<0.001", "0.155"] {
            assert!(is_p_value(p), "{p}");
        }
        for v in ["2.4 (1.1)", "3.6 ± 2.2", "5 [4–6]", "4.5", "0.5"] {
            assert!(!is_p_value(v), "{v}");
        }
    }

    #[test]
    fn labels_say_which_statistic() {
        let l = Label::read("Mean (median) EDSS score");
        assert!(l.mean && l.median && l.mean_then_median);
        let l = Label::read("EDSS change from baseline, mean (SD)");
        assert!(l.change && l.mean && l.sd && !l.median);
        let l = Label::read("Median EDSS [Q1-Q3]");
        assert!(l.median && l.spread && !l.mean);
        assert!(Label::read("EDSS score").says_nothing());
        // `sd` inside a word is no SD.
        assert!(!Label::read("EDSS, sds").sd);
    }

    #[test]
    fn count_rows_are_rejected() {
        assert!(rejects("Sustained ", " progression, n (%)"));
        assert!(rejects("", " ≥ 4"));
        assert!(rejects("", " ± SEM"));
        assert!(!rejects("Median ", " [Q1-Q3]"));
    }
}
