//! The column heads above a row that say what each column is, beyond the
//! group names: a between-group column (`Difference (95% CI)`, `Treatment
//! effect`, `Δ`, `Drug vs placebo`) holds no group's value, and in a table
//! of visits (`Baseline | Week 24 | Change | p`) the column headed `Change`
//! holds a change, the others levels.
//!
//! * A change row (`Change in EDSS, mean (95% CI) 0.28 (0.15 to 0.41) 0.11
//!   (−0.02 to 0.24) −0.17 (−0.35 to 0.01) 0.07`) under a head naming a
//!   difference column: the groups' cells are those before the difference
//!   cells (a JATS head line places each cell; a flattened one only counts
//!   them, the difference columns printed after the groups), and a group's
//!   `v (lo–hi)` is its change `v` (the bracket its interval or spread).
//! * A row under a head line of visits and `Change`: each cell is read by
//!   its column, when the line names as many columns as the row has cells.
//!
//! Without such a head the row is left to the other readers.

use super::super::shape::rx;
use super::super::{change_of, push, Found};
use super::cells::{decimal_points, is_p_value, is_value, read_cells, Cell, Label, NUM};
use crate::extract::text::floor_boundary;
use regex::Regex;
use std::sync::LazyLock;

/// How far above the row its head line is looked for, in lines and bytes.
const MAX_LINES: usize = 12;
const MAX_UP: usize = 2000;

/// A between-group column head: `Difference`, `Treatment effect`, `Δ`,
/// `Drug vs placebo`, `versus`.
static DIFFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    rx(r"(?i)(?-u:\b)(?:differences?|(?:treatment\s+)?effect|vs\.?|versus)(?-u:\b)|Δ")
});

/// One head of a table of visits: a time, `Change`, a difference or a
/// p-value.
const VISIT: &str = r"baseline|screening|entry|(?:week|wk|month|year|day)s?\s*\d{1,3}|end\s+of\s+(?:study|treatment|trial)|follow-up|change(?:\s+from\s+baseline)?|Δ|difference|p(?:\s*-?\s*values?)?";
static VISIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)^(?:[A-Za-z]+[\s|]+|\|\s*)?(?:(?:{VISIT})[\s|]+){{1,7}}(?:{VISIT})\s*$"
    ))
});
static VISIT_ONE: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"(?i)(?-u:\b)(?:{VISIT})(?-u:\b)|Δ")));

/// A decimal number: a line holding one is a row, no head.
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| rx(r"\d[.,·]\d"));

/// `v (lo–hi)`: a value and its interval or spread.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^\s*{NUM}\s*[a-f*†‡§¶]?\s*[(\[]\s*{NUM}\s*(?:[-–—;,]|to)\s*{NUM}\s*[)\]]\s*[a-f*†‡§¶]{{0,2}}\s*$"
    ))
});

/// What a column holds, by its head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Level,
    Change,
    Difference,
    P,
}

fn head_of(h: &str) -> Head {
    let t = h.trim().to_ascii_lowercase();
    if t.starts_with("change") {
        Head::Change
    } else if DIFFERENCE.is_match(h) {
        Head::Difference
    } else if t == "p" || t.starts_with("p ") || t.starts_with("p-") || t.starts_with("pvalue") {
        Head::P
    } else {
        Head::Level
    }
}

/// The head line above `row_start`, as the heads of its columns when it
/// names a difference or `Change` among visits; `exact` when each head is
/// placed (a line of visits, a JATS line of ` | ` cells).
struct Heads {
    heads: Vec<Head>,
    exact: bool,
}

fn find_heads(fold: &str, row_start: usize) -> Option<Heads> {
    let lo = floor_boundary(fold, row_start.saturating_sub(MAX_UP));
    for line in fold[lo..row_start].lines().rev().take(MAX_LINES) {
        let t = line.trim();
        if t.is_empty() || DECIMAL.is_match(t) {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("table") || t.len() > 250 {
            return None;
        }
        if VISIT_LINE.is_match(t) {
            // The label column's head, if any, is no visit and not counted.
            let heads: Vec<Head> = VISIT_ONE
                .find_iter(t)
                .map(|m| head_of(m.as_str()))
                .collect();
            if heads.contains(&Head::Change) && heads.contains(&Head::Level) {
                return Some(Heads { heads, exact: true });
            }
        }
        if !DIFFERENCE.is_match(t) {
            continue;
        }
        if t.contains('|') {
            // The label column's head leads (empty or `Outcome`).
            let heads = t.split('|').skip(1).map(head_of).collect();
            return Some(Heads { heads, exact: true });
        }
        let n = DIFFERENCE.find_iter(t).count();
        let mut heads = vec![Head::Level];
        heads.extend(std::iter::repeat_n(Head::Difference, n));
        return Some(Heads {
            heads,
            exact: false,
        });
    }
    None
}

/// Reads the row's cells by the column heads above it; returns whether it
/// did (the row is then read).
pub(super) fn read_by_heads(
    fold: &str,
    label: Label,
    row_start: usize,
    cells: &[Cell],
    found: &mut Vec<Found>,
) -> bool {
    let Some(Heads { heads, exact }) = find_heads(fold, row_start) else {
        return false;
    };
    let text = |c: &Cell| decimal_points(&fold[c.start..c.end]).trim().to_string();
    if !exact {
        // Flattened: the groups' cells, then one per difference head.
        if !label.change {
            return false;
        }
        let d = heads.len() - 1;
        if let Some(g) = super::bare_change::cells_before_p(fold, label, cells) {
            // `0.21 0.30 −0.09 0.45`: the groups' bare changes, then the
            // differences and the p.
            if g < d + 2 {
                return false;
            }
            super::bare_change::read_bare_changes(fold, &cells[..g - d], found);
            return true;
        }
        let values: Vec<&Cell> = cells
            .iter()
            .filter(|c| is_value(&text(c)) && !is_p_value(&text(c)))
            .collect();
        if values.len() < d + 1 || values.len() > d + 4 {
            return false;
        }
        for c in &values[..values.len() - d] {
            read_group_change(fold, label, c, found);
        }
        return true;
    }
    let fits = heads.len() == cells.len()
        || (heads.len() == cells.len() + 1 && heads.last() == Some(&Head::P));
    // A row of levels under a difference column is left to the other
    // readers; a visit table's `Change` column is read here.
    let takes =
        heads.contains(&Head::Change) || (label.change && heads.contains(&Head::Difference));
    if !fits || !takes {
        return false;
    }
    for (c, h) in cells.iter().zip(&heads) {
        match h {
            Head::Level if !label.change => {
                read_cells(fold, label, std::slice::from_ref(c), row_start, found);
            }
            Head::Level | Head::Change => {
                let label = Label {
                    change: true,
                    ..label
                };
                read_group_change(fold, label, c, found);
            }
            Head::Difference | Head::P => {}
        }
    }
    true
}

/// A group's cell in a change row: `v (lo–hi)` is the change `v`; other
/// shapes as the label reads them.
fn read_group_change(fold: &str, label: Label, c: &Cell, found: &mut Vec<Found>) {
    let t = decimal_points(&fold[c.start..c.end]).into_owned();
    if let Some(m) = BRACKETED.captures(&t) {
        let n = |i: usize| super::cells::signed(&m[i]);
        if let (Some(v), Some(lo), Some(hi)) = (n(1), n(2), n(3)) {
            if lo <= v && v <= hi && lo < hi && v.abs() <= 10.0 {
                let g = m.get(1).expect("value");
                push(
                    found,
                    c.start + g.start(),
                    c.start + g.end(),
                    change_of(v),
                    "edss.table_change",
                    0.8,
                );
            }
        }
        return;
    }
    read_cells(fold, label, std::slice::from_ref(c), c.start, found);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads(text: &str) -> Option<(Vec<Head>, bool)> {
        let at = text.rfind("EDSS").unwrap();
        find_heads(text, at).map(|h| (h.heads, h.exact))
    }

    #[test]
    fn difference_heads_are_counted_above_the_row() {
        use Head::*;
        let flat = "Outcome Drug (n = 90) Placebo (n = 91) Difference (95% CI) P value\nRelapses 0.31 0.52 0.60 (0.4 to 0.9) 0.01\nChange in EDSS 0.1 0.3 -0.2 0.04\n";
        assert_eq!(heads(flat), Some((vec![Level, Difference], false)));
        let two = "Drug Placebo Treatment effect\nOutcome (N = 90) (N = 91) (95% CI) P\nChange in EDSS 0.1 0.3\n";
        assert_eq!(heads(two), Some((vec![Level, Difference], false)));
        let bar = " | Drug | Placebo | Δ (95% CI) | p\nChange in EDSS | 0.1 | 0.3 | -0.2 | 0.04\n";
        assert_eq!(heads(bar), Some((vec![Level, Level, Difference, P], true)));
    }

    #[test]
    fn visit_heads_place_the_change_column() {
        use Head::*;
        let flat = "Variable Baseline Week 24 Change p\nEDSS 3.4 3.6 0.2 0.04\n";
        assert_eq!(heads(flat), Some((vec![Level, Level, Change, P], true)));
        let bar = "Variable | Baseline | Month 12 | Change from baseline | P value\nEDSS | 4.1 | 4.5 | 0.4 | 0.003\n";
        assert_eq!(heads(bar), Some((vec![Level, Level, Change, P], true)));
        // Visits without a change column say nothing new.
        assert_eq!(heads("Baseline Week 24 p\nEDSS 3.4 3.6 0.04\n"), None);
    }

    #[test]
    fn a_caption_or_prose_ends_the_search() {
        let text = "Drug Placebo Difference\nTable 2 Outcomes\nChange in EDSS 0.1 0.3\n";
        assert_eq!(heads(text), None);
        let long = format!("{}\nChange in EDSS 0.1 0.3\n", "difference ".repeat(30));
        assert_eq!(heads(&long), None);
    }
}
