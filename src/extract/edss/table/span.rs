//! Rows that span two lines of a flattened table: a value and its spread
//! on lines of their own (`3.5` then `(1.5–6.0)`), and a row of means with
//! the groups' ranges on the line below (`4.6 (1.2)` over `2.0–6.5`).

use super::super::shape::{on_scale, rx};
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
