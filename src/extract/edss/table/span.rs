//! Rows that span two lines of a flattened table: a value and its spread
//! on lines of their own (`3.5` then `(1.5–6.0)`), and a row of means with
//! the groups' ranges on the line below (`4.6 (1.2)` over `2.0–6.5`); and
//! the category rows under a row that counts patients by EDSS level.

use super::super::shape::{comparator, on_scale, rx};
use super::super::{push, Found};
use super::cells::{Cell, NUM};
use crate::extract::numbers::parse_decimal;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// The second line of a row span under a row read as means: a bare range
/// (`2.0–6.5`) in each column, as many as the row gave means, is each
/// group's range (a mean beside its range is a mean and a range).
pub(super) fn range_row(
    fold: &str,
    cells: &[Cell],
    row_found: usize,
    found: &mut Vec<Found>,
) -> bool {
    let means = found.get(row_found..).unwrap_or(&[]);
    if cells.is_empty()
        || means.len() != cells.len()
        || !means
            .iter()
            .all(|f| matches!(f.value, EdssValue::Mean { sd: Some(_), .. }))
    {
        return false;
    }
    let mut ranges = Vec::with_capacity(cells.len());
    for c in cells {
        let Some(m) = BARE_RANGE.captures(&fold[c.start..c.end]) else {
            return false;
        };
        let (Some(lo), Some(hi)) = (parse_decimal(&m[1]), parse_decimal(&m[2])) else {
            return false;
        };
        if !(on_scale(lo) && on_scale(hi) && lo < hi) {
            return false;
        }
        ranges.push((c.start, c.end, lo, hi));
    }
    for (s, e, low, high) in ranges {
        let value = EdssValue::Range { low, high };
        push(found, s, e, value, "edss.table_range_below", 0.75);
    }
    true
}

/// A cell that is a range alone: `2.0–6.5`, `1.5 - 6`.
static BARE_RANGE: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^(\d{1,2}(?:\.\d{1,2})?)\s*[-–—]\s*(\d{1,2}(?:\.\d{1,2})?)$"));

/// Tag-stripped cells whose spread went to a line of its own: `3.5` then
/// `(1.5–6.0)` is one cell `3.5 (1.5–6.0)`, `3.41` then `±1.09` one cell
/// `3.41 ± 1.09`. Only a bracket right after a
/// bare number joins it; a run of brackets is left as it is.
pub(super) fn join_spreads(fold: &str, cells: Vec<Cell>) -> Vec<Cell> {
    let bare = |c: &Cell| BARE_CELL.is_match(&fold[c.start..c.end]);
    let bracket = |c: &Cell| BRACKET_CELL.is_match(&fold[c.start..c.end]);
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len());
    let mut it = cells.into_iter().peekable();
    while let Some(c) = it.next() {
        if bare(&c) {
            if let Some(n) = it.next_if(|n| bracket(n)) {
                out.push(Cell {
                    start: c.start,
                    end: n.end,
                });
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A cell that is one number (a footnote mark allowed).
static BARE_CELL: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^{NUM}[a-f*†‡§¶]?$")));

/// A cell that is a bracket alone (`(1.5–6.0)`, `[2.0, 4.0]`, `(1.1)`),
/// or an SD split from its mean (`±1.09`).
static BRACKET_CELL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?:[(\[]\s*{NUM}\s*(?:(?:[-–—;,]|to)\s*{NUM}\s*)?[)\]]|(?:±|\+/-)\s*{NUM})$"
    ))
});

/// The label after the mention of a row that counts patients by EDSS
/// level: `EDSS score, n (%)`, `EDSS at baseline, no. (%)`, `EDSS, %`.
pub(super) static COUNT_ROW: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:\s+scores?)?(?:\s+(?:at\s+)?baseline)?\s*[,:]?\s*(?:(?:n|no\.?|number)\s*\(\s*%\s*\)|%|n)\s*[,:]?\s*$",
    )
});

/// A category row's label written with a comparator: `≤3.5`, `> 3.5`,
/// `⩾5`.
static CATEGORY: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^[\s\x{2003}]*(<=|>=|≤|≥|⩽|⩾|<|>)[\s]*(\d{1,2}(?:\.\d)?)[\s]*$"));

/// A category row's label without one: `0`, `1–3`, `4.0-5.5`.
static PLAIN_CATEGORY: LazyLock<Regex> = LazyLock::new(|| {
    rx(r"^[\s\x{2003}]*\d{1,2}(?:\.\d)?(?:[\s]*[-–—][\s]*\d{1,2}(?:\.\d)?)?[\s]*$")
});

/// The category rows below a row counting patients by EDSS level: a label
/// with a comparator is a threshold of the strata (`≤3.5`, `>3.5`); a bare
/// level or a range of levels is a category, not a value; anything else
/// ends the rows. `jats` says whether rows are `label | cells` lines or
/// tag-stripped blocks (label line, cells, blank line).
pub(super) fn count_categories(
    fold: &str,
    from: usize,
    limit: usize,
    jats: bool,
    found: &mut Vec<Found>,
) {
    let mut p = from;
    for _ in 0..12 {
        while !jats && p < limit && fold.as_bytes()[p].is_ascii_whitespace() {
            p += 1;
        }
        if p >= limit {
            return;
        }
        let line_end = fold[p..limit].find('\n').map_or(limit, |i| p + i);
        let label_end = if jats {
            match fold[p..line_end].find('|') {
                Some(bar) => p + bar,
                None => return,
            }
        } else {
            line_end
        };
        let label = &fold[p..label_end];
        if let Some(c) = CATEGORY.captures(label) {
            let g = c.get(0).expect("match");
            let (Some(cmp), Some(v)) = (comparator(&c[1]), parse_decimal(&c[2])) else {
                return;
            };
            if on_scale(v) {
                let (s, e) = (
                    p + c.get(1).expect("cmp").start(),
                    p + g.as_str().trim_end().len(),
                );
                let value = EdssValue::Threshold {
                    comparator: cmp,
                    value: v,
                };
                push(found, s, e, value, "edss.table_category_threshold", 0.75);
            }
        } else if !PLAIN_CATEGORY.is_match(label) {
            return;
        }
        p = if jats {
            line_end + 1
        } else {
            fold[p..limit].find("\n\n").map_or(limit, |i| p + i)
        };
    }
}
