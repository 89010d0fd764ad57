//! A change row of bare numbers: `Change in EDSS, mean 0.21 0.30 0.45`.
//!
//! A bare number below 1 with two decimals is a p-value in every table
//! (`0.21`), but a change in the scale is often that small. The row's
//! shape tells them apart: three or four bare numbers under a label naming
//! the mean change, the last shaped as a p-value, are a value per group and
//! then the p, so the numbers before it are the groups' changes whatever
//! their shape. Two bare numbers say nothing (two groups' changes, or one
//! change and its p), a label naming a median, SD or spread is read as
//! before, and so is a row with a spread in any cell.
//!
//! Three numbers before the p whose third is the difference of the first
//! two (`0.14 0.29 −0.15 0.04`, `0.29 0.14 0.15 0.04`) are two groups and
//! their difference, printed without its head (a flattened table loses
//! it): only the two groups are read. A three-arm row without a p column
//! (`0.12 0.08 0.25`) gives its first two arms' changes and leaves the
//! last, which it cannot tell from a p.

use super::super::{change_of, push, Found};
use super::cells::{decimal_points, is_p_value, signed, Cell, Label, BARE};

/// The most group columns before the p.
const MAX_GROUPS: usize = 3;
/// The largest change read from a bare cell.
const MAX_CHANGE: f64 = 3.0;

/// How many leading cells of a change row are the groups' changes, when
/// the row is bare numbers, a value per group, then one p-value; a third
/// cell that is the difference of the first two is no group's
/// ([`cells_before_p`] counts it, for a head line that names it).
pub(super) fn groups_before_p(fold: &str, label: Label, cells: &[Cell]) -> Option<usize> {
    let g = cells_before_p(fold, label, cells)?;
    let value = |c: &Cell| bare_value(&decimal_points(fold[c.start..c.end].trim()));
    if g == 3 {
        if let (Some(a), Some(b), Some(d)) = (value(&cells[0]), value(&cells[1]), value(&cells[2]))
        {
            if (d.abs() - (a - b).abs()).abs() < DIFFERENCE_SLACK {
                return Some(2);
            }
        }
    }
    Some(g)
}

/// How far a printed difference may be from the difference of the two
/// printed values it is of (each rounded to two decimals).
const DIFFERENCE_SLACK: f64 = 0.0105;

/// How many leading cells of a change row come before its p-value, when
/// the row is bare numbers, a value per group (or a difference), then one
/// p-value.
pub(super) fn cells_before_p(fold: &str, label: Label, cells: &[Cell]) -> Option<usize> {
    if !label.change || label.median || label.sd || label.spread || label.se {
        return None;
    }
    let n = cells.len();
    if !(3..=MAX_GROUPS + 1).contains(&n) {
        return None;
    }
    let text = |c: &Cell| decimal_points(fold[c.start..c.end].trim()).into_owned();
    if !is_p_value(&text(&cells[n - 1])) {
        return None;
    }
    let groups = cells[..n - 1].iter().all(|c| {
        let t = text(c);
        BARE.is_match(&t) && t.contains('.') && bare_value(&t).is_some()
    });
    groups.then_some(n - 1)
}

/// The change a bare cell holds (`0.21`, `−0.20`, `0.30a`).
fn bare_value(t: &str) -> Option<f64> {
    let num: String = t
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '−'))
        .collect();
    signed(&num).filter(|v| v.abs() <= MAX_CHANGE)
}

/// Reads the groups' cells of such a row as their mean changes.
pub(super) fn read_bare_changes(fold: &str, cells: &[Cell], found: &mut Vec<Found>) {
    for c in cells {
        let raw = &fold[c.start..c.end];
        let lead = raw.len() - raw.trim_start().len();
        let t = decimal_points(raw.trim());
        let Some(v) = bare_value(&t) else {
            continue;
        };
        let len = t
            .char_indices()
            .take_while(|&(_, ch)| ch.is_ascii_digit() || matches!(ch, '.' | '-' | '−'))
            .map(|(i, ch)| i + ch.len_utf8())
            .last()
            .unwrap_or(0);
        let s = c.start + lead;
        push(found, s, s + len, change_of(v), "edss.table_change", 0.8);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<Cell> {
        let mut out = Vec::new();
        let mut at = 0;
        for part in text.split(' ') {
            out.push(Cell {
                start: at,
                end: at + part.len(),
            });
            at += part.len() + 1;
        }
        out
    }

    fn change_label() -> Label {
        Label::read("Change in EDSS, mean")
    }

    #[test]
    fn values_per_group_then_one_p() {
        for (row, n) in [
            ("0.21 0.30 0.45", 2),
            ("−0.20 0.11 0.03", 2),
            ("0.10 0.15 0.32 <0.001", 3),
            // The third is the first two's difference, its head lost.
            ("0.14 0.29 −0.15 0.04", 2),
            ("0.29 0.14 0.15 0.04", 2),
            ("0.21 0.30 0.10 0.45", 2),
            ("0.10 0.15 0.40 0.02", 3),
        ] {
            assert_eq!(
                groups_before_p(row, change_label(), &cells(row)),
                Some(n),
                "{row}"
            );
        }
        let row = "0.21 0.30 0.45";
        let mut found = Vec::new();
        read_bare_changes(row, &cells(row)[..2], &mut found);
        assert_eq!(found.len(), 2);
        assert_eq!(&row[found[0].start..found[0].end], "0.21");
    }

    #[test]
    fn other_shapes_are_left_alone() {
        // Two numbers; a spread; no p last; a level label; a median; too large.
        for row in [
            "0.21 0.30",
            "0.21 (0.5) 0.30 0.45",
            "0.21 0.30 0.5",
            "0.21 0.30 0.40 0.25 0.01",
            "4.21 0.30 0.45",
        ] {
            assert_eq!(
                groups_before_p(row, change_label(), &cells(row)),
                None,
                "{row}"
            );
        }
        let row = "0.21 0.30 0.45";
        assert_eq!(
            groups_before_p(row, Label::read("EDSS, mean"), &cells(row)),
            None
        );
        assert_eq!(
            groups_before_p(row, Label::read("Median change in EDSS"), &cells(row)),
            None
        );
    }
}
