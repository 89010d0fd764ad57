//! A table whose caption names the scale and its statistic, with visits as
//! rows: `Table 3 EDSS over time (mean)` over `Baseline 3.1 3.0`, `Month
//! 12 3.2 3.4`. Each row's values are the groups' means (or medians) at
//! that visit; the caption is the only label that says what they are.
//!
//! A caption naming the scale's change (`Table 2 Change in EDSS from
//! baseline to month 24`) reads its rows as the groups' mean changes: rows
//! of a later visit, or of the mean change itself (`Mean change (SD) 0.15
//! (0.62) 0.41 (0.70) 0.02`).
//!
//! Only a caption that names the scale, one statistic and words of time
//! (no other measure) is read, and only rows whose label is a visit (or,
//! under a change, the mean change) and whose cells are all values: a mean
//! printed with its decimals on the scale, a median on the scale's half
//! steps, a change with its decimals. A bare number below 1 with two
//! decimals is the p-value column, as in every table (`0.20` is not read).

use super::super::shape::{median_in_range, on_scale, rx, valid_score};
use super::super::{change_of, push, Found};
use super::cells::{decimal_points, is_p_value, signed};
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// The caption before the mention: `Table 3`, `Table 3. Mean`.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*table\s+\d{1,2}[.:]?\s+(?:(?:the\s+)?((?:mean|median)(?:\s+changes?\s+(?:in|of))?|changes?\s+(?:in|of))\s+)?$",
    )
});

/// The caption after the mention: the statistic and words of time only.
static TAIL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:[\s,:;()\[\]±–-]|(?:scores?|over|time|by|visits?|at|each|across|during|the|study|per|treatment|groups?|arms?|and|in|of|mean|median|sd|standard|deviation|iqr|range|values?|all|patients|participants|change|changes|from|baseline|to|(?:week|month|year)s?\s*\d{1,3})(?-u:\b))*$",
    )
});

/// A visit row: its label, then the rest of the line.
static ROW: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*(?:baseline|screening|(?:week|month|year|day)s?\s*\d{1,3}|end\s+of\s+(?:study|treatment)|last\s+visit)\s*[,:]?\s+(.*)$",
    )
});

/// Under a change caption, a row of the mean change itself: `Mean change
/// (SD)`, `Adjusted mean change`, `Change, mean ± SD`.
static CHANGE_ROW: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*(?:(?:(?:adjusted|ls|least[- ]squares)\s+)?mean\s+changes?|changes?,?\s+mean)(?:\s+from\s+baseline)?\s*(?:\(\s*(?:sd|se|sem)\s*\)|±\s*(?:sd|se|sem))?\s*[,:]?\s+(.*)$",
    )
});

/// One value cell: `3.1`, `3.1 (1.2)`, `3.0 (2.0–4.5)`; under a change a
/// signed one (`-0.12 (0.05)`, `0.15 ± 0.62`).
static VALUE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"([-−]?\d{1,2}(?:\.\d{1,2})?)(?:\s*\(\s*([-−]?\d{1,2}(?:\.\d{1,2})?)(?:\s*[-–]\s*(\d{1,2}(?:\.\d{1,2})?))?\s*\)|\s*±\s*(\d{1,2}(?:\.\d{1,2})?))?",
    )
});

/// A visit label alone on its line, its values on the lines below, one cell
/// a line (`pdftotext`, PyMuPDF): `Baseline` / `2.5 (1.1)` / `2.4 (1.2)`.
static ROW_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*(?:baseline|screening|(?:week|month|year|day)s?\s*\d{1,3}|end\s+of\s+(?:study|treatment)|last\s+visit|(?:(?:adjusted|ls|least[- ]squares)\s+)?mean\s+changes?(?:\s+from\s+baseline)?\s*(?:\(\s*(?:sd|se|sem)\s*\))?)\s*[,:]?\s*$",
    )
});

/// A header line that ends in a p-value column: `Drug X Placebo p`,
/// `P value`, `p-value*`.
static P_HEAD: LazyLock<Regex> =
    LazyLock::new(|| rx(r"(?i)(?:^|[\s|])p(?:\s*-?\s*values?)?\s*[*†‡a-c]?\s*$"));

/// A header cell naming a between-group column: `Difference`, `Treatment
/// effect`, `Drug vs placebo`, `Δ`.
static DIFF_HEAD: LazyLock<Regex> =
    LazyLock::new(|| rx(r"(?i)(?-u:\b)(?:differences?|effect|vs\.?|versus)(?-u:\b)|Δ"));

/// Lines read below the caption before the first visit row (the groups'
/// header, one name a line in a table printed one cell a line).
const HEADER_LINES: usize = 6;
/// The most visit rows.
const MAX_ROWS: usize = 12;
/// The most value lines below a visit label printed alone.
const MAX_CELL_LINES: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stat {
    Mean {
        sd: bool,
    },
    Median,
    /// The mean change from baseline.
    Change,
}

/// What the header lines above the first row say about the p-value
/// column: a bare number below 1 with two decimals (`0.21`) is a p-value
/// unless the header is seen and names none; with a p head only the row's
/// last cell is one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Heads {
    /// No header seen: every such number is a p-value.
    Unknown,
    /// Group names only: no cell is a p-value.
    Groups,
    /// Group names, then a p-value column.
    GroupsThenP,
    /// A between-group column: a change row is not read.
    Difference,
}

impl Heads {
    fn add(self, line: &str) -> Heads {
        if self == Heads::Difference || DIFF_HEAD.is_match(line) {
            Heads::Difference
        } else if P_HEAD.is_match(line) {
            Heads::GroupsThenP
        } else if self == Heads::Unknown {
            Heads::Groups
        } else {
            self
        }
    }
}

/// Reads the visit rows below a caption line `fold[line_start..]` whose
/// mention is `fold[a0..a1]`; whether a row was read (then nothing else
/// reads the caption).
pub(super) fn read_caption(
    fold: &str,
    line_start: usize,
    a0: usize,
    a1: usize,
    found: &mut Vec<Found>,
) -> bool {
    let Some(h) = HEAD.captures(&fold[line_start..a0]) else {
        return false;
    };
    let line_end = fold[a1..].find('\n').map_or(fold.len(), |i| a1 + i);
    let tail = &fold[a1..line_end];
    if !TAIL.is_match(tail) {
        return false;
    }
    let words = format!("{} {}", h.get(1).map_or("", |m| m.as_str()), tail).to_ascii_lowercase();
    let stat = match (
        words.contains("mean"),
        words.contains("median"),
        words.contains("change"),
    ) {
        (_, false, true) => Stat::Change,
        (true, false, false) => Stat::Mean {
            sd: words.contains("sd") || words.contains("standard deviation"),
        },
        (false, true, false) => Stat::Median,
        _ => return false,
    };
    let mut at = line_end + 1;
    let (mut rows, mut skipped) = (0, 0);
    let mut heads = Heads::Unknown;
    while at < fold.len() && rows < MAX_ROWS {
        let end = fold[at..].find('\n').map_or(fold.len(), |i| at + i);
        let line = &fold[at..end];
        if !line.trim().is_empty() {
            if read_visit(at, line, stat, heads, found) {
                rows += 1;
            } else if let Some(next) = read_visit_below(fold, at, end, stat, heads, found) {
                rows += 1;
                at = next;
                continue;
            } else if rows > 0 || skipped == HEADER_LINES || line.len() > 120 {
                break;
            } else {
                heads = heads.add(line);
                skipped += 1;
            }
        }
        at = end + 1;
    }
    rows > 0
}

/// The value part of a visit row's line, after its label.
fn visit_rest<'a>(line: &'a str, stat: Stat) -> Option<regex::Match<'a>> {
    let visit = ROW.captures(line).and_then(|c| c.get(1));
    match stat {
        // A change at baseline is no change.
        Stat::Change
            if line
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("baseline") =>
        {
            None
        }
        Stat::Change => visit.or_else(|| CHANGE_ROW.captures(line).and_then(|c| c.get(1))),
        _ => visit,
    }
}

/// One visit row: every cell a value of the caption's statistic.
fn read_visit(at: usize, line: &str, stat: Stat, heads: Heads, found: &mut Vec<Found>) -> bool {
    let Some(rest) = visit_rest(line, stat) else {
        return false;
    };
    let Some(cells) = value_cells(at + rest.start(), rest.as_str()) else {
        return false;
    };
    push_row(&cells, stat, heads, found)
}

/// A visit label alone on the line `fold[at..end]`, its cells on the lines
/// below, each line nothing but values; the offset after the row's last
/// line when it was read.
fn read_visit_below(
    fold: &str,
    at: usize,
    end: usize,
    stat: Stat,
    heads: Heads,
    found: &mut Vec<Found>,
) -> Option<usize> {
    let label = &fold[at..end];
    if !ROW_ALONE.is_match(label)
        || (stat == Stat::Change
            && label
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("baseline"))
    {
        return None;
    }
    let mut cells = Vec::new();
    let mut next = end + 1;
    let mut lines = 0;
    while next < fold.len() && lines < MAX_CELL_LINES {
        let e = fold[next..].find('\n').map_or(fold.len(), |i| next + i);
        let line = &fold[next..e];
        if !line.trim().is_empty() {
            let Some(more) = value_cells(next, line) else {
                break;
            };
            cells.extend(more);
            lines += 1;
        }
        next = e + 1;
    }
    (!cells.is_empty() && push_row(&cells, stat, heads, found)).then_some(next.min(fold.len()))
}

/// One value cell: its span in the text, its number, and its bracket's
/// one or two numbers (or `± w`).
struct Cell {
    start: usize,
    end: usize,
    v: String,
    w: Option<String>,
    hi: Option<String>,
}

/// The value cells of `text` (at `base`), when it holds nothing else.
fn value_cells(base: usize, text: &str) -> Option<Vec<Cell>> {
    let text = decimal_points(text);
    let text = text.as_ref();
    let mut cells = Vec::new();
    let mut last = 0;
    for m in VALUE.captures_iter(text) {
        let all = m.get(0).expect("match");
        if !text[last..all.start()].trim().is_empty() {
            return None;
        }
        last = all.end();
        let s = |i: usize| m.get(i).map(|g| g.as_str().to_string());
        cells.push(Cell {
            start: base + all.start(),
            end: base + all.end(),
            v: m[1].to_string(),
            w: s(2).or_else(|| s(4)),
            hi: s(3),
        });
    }
    (!cells.is_empty() && text[last..].trim().is_empty()).then_some(cells)
}

/// Whether the cell is a bare number shaped as a p-value (`0.20`).
fn p_shaped(c: &Cell) -> bool {
    c.w.is_none() && is_p_value(&c.v)
}

/// Reads a row's cells as the caption's statistic, all or none: which
/// p-shaped cells are p-values the header says ([`Heads`]).
fn push_row(cells: &[Cell], stat: Stat, heads: Heads, found: &mut Vec<Found>) -> bool {
    let n = cells.len();
    let keep = |i: usize, c: &Cell| match (stat, heads) {
        (Stat::Change, Heads::Difference) => false,
        (Stat::Change, Heads::Groups) => true,
        (Stat::Change, Heads::GroupsThenP) => !(i + 1 == n && p_shaped(c)),
        _ => !p_shaped(c),
    };
    let values: Vec<&Cell> = cells
        .iter()
        .enumerate()
        .filter(|&(i, c)| keep(i, c))
        .map(|(_, c)| c)
        .collect();
    if values.is_empty() {
        return false;
    }
    let mut out = Vec::new();
    for c in values {
        let Some(value) = value_of(c, stat) else {
            return false;
        };
        out.push((c.start, c.end, value));
    }
    for (s, e, value) in out {
        push(found, s, e, value, "edss.table_caption_visit", 0.75);
    }
    true
}

/// A cell as the caption's statistic: a mean printed with its decimals on
/// the scale, a median on the scale's half steps, a change with its
/// decimals.
fn value_of(c: &Cell, stat: Stat) -> Option<EdssValue> {
    let num = |s: &Option<String>| s.as_deref().and_then(signed);
    let (v, w, hi) = (signed(&c.v)?, num(&c.w), num(&c.hi));
    let negative = c.v.starts_with(['-', '−']);
    let value = match (stat, w, hi) {
        (Stat::Change, _, None) if c.v.contains('.') && v.abs() <= 5.0 => change_of(v),
        _ if negative => return None,
        (Stat::Mean { .. }, None, None) if c.v.contains('.') && on_scale(v) => {
            EdssValue::Mean { mean: v, sd: None }
        }
        (Stat::Mean { sd: true }, Some(w), None)
            if c.v.contains('.') && on_scale(v) && w <= 5.0 =>
        {
            EdssValue::Mean {
                mean: v,
                sd: Some(w),
            }
        }
        (Stat::Median, None, None) if valid_score(v) => EdssValue::Median {
            median: v,
            low: None,
            high: None,
        },
        (Stat::Median, Some(lo), Some(hi)) if valid_score(v) => median_in_range(v, lo, hi)?,
        _ => return None,
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<String> {
        let a0 = text.find("EDSS").unwrap();
        let line_start = text[..a0].rfind('\n').map_or(0, |i| i + 1);
        let mut found = Vec::new();
        read_caption(text, line_start, a0, a0 + 4, &mut found);
        found.iter().map(|f| format!("{:?}", f.value)).collect()
    }

    #[test]
    fn visit_rows_under_a_caption_naming_the_statistic() {
        let t = "Table 3 EDSS over time (mean)\nVisit Drug X Placebo\nBaseline 3.1 3.0\nMonth 12 3.2 3.4\nMonth 24 3.3 3.6\n\nDiscussion\n";
        assert_eq!(read(t).len(), 6);
        let t = "Table 2. Median EDSS by visit\nBaseline 3.0 (2.0–4.5) 3.5 (2.0–5.0)\nWeek 48 3.0 (2.0–5.0) 3.5 (2.5–5.5)\n";
        assert_eq!(read(t).len(), 4);
    }

    #[test]
    fn change_rows_under_a_caption_naming_the_change() {
        let t = "Table 2 Change in EDSS from baseline to month 24\nDrug X Placebo p\nMean change (SD) 0.15 (0.62) 0.41 (0.70) 0.02\n";
        assert_eq!(read(t).len(), 2);
        let t = "Table 4 EDSS change from baseline (mean)\nBaseline 3.1 3.0\nMonth 12 −0.12 0.2\nMonth 24 0.05 ± 0.4 0.31 ± 0.5\n";
        assert_eq!(read(t).len(), 4);
        // A row of patients counted under the change caption is no change.
        let t =
            "Table 2 Change in EDSS from baseline to month 24\nWorsened, n (%) 12 (10) 20 (17)\n";
        assert!(read(t).is_empty());
    }

    #[test]
    fn captions_and_rows_that_do_not_say_are_not_read() {
        // No statistic, two statistics, another measure.
        for cap in [
            "Table 3 EDSS over time",
            "Table 3 EDSS and MSFC over time (mean)",
            "Table 3 Mean and median EDSS by visit",
            "Table 3 Median change in EDSS by visit",
        ] {
            assert!(
                read(&format!("{cap}\nBaseline 3.1 3.0\nMonth 12 3.2 3.4\n")).is_empty(),
                "{cap}"
            );
        }
        // Counts and whole numbers under a mean; a row of words.
        assert!(read("Table 3 EDSS over time (mean)\nBaseline 120 118\nMonth 12 3 4\n").is_empty());
        assert!(read("Table 3 EDSS over time (mean)\nBaseline stable in both groups\n").is_empty());
    }
}
