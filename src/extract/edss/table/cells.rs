//! The cells of one table row: what the row's label says they are
//! ([`Label`]), the shape of each cell (`m ± sd`, `v (lo–hi)`, `v (w)`, a
//! bare number, a dash, a p-value), and the statement the two give
//! together.

use super::super::shape::{on_scale, rx, valid_score, SD_NAME, SPREAD_NAME};
use super::super::{change_of, push, Found};
pub(super) use super::decimal::decimal_points;
use super::mixed::{half_label, mean_median_range, MEAN_MEDIAN_RANGE};
pub(super) use super::split::{read_split, read_split_median_rows, read_split_medians};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// One cell: its span in `fold`.
pub(super) struct Cell {
    pub(super) start: usize,
    pub(super) end: usize,
}

/// A value cell, whole: `m ± sd`, `v (lo–hi)`, `v [lo, hi]`, `v (w)`, `v`.
/// Signed numbers for changes; a footnote letter or mark may follow, the
/// cell or its first number (`3.0b (1.0–6.0)`, `0.3a (0.6)`).
pub(super) const NUM: &str = r"([-−]?\d{1,3}(?:\.\d{1,4})?)";
static CELL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*{NUM}\s*(?:(?:[a-f*†‡§¶]{{1,2}}\s*)?(?:±|\+\s*/\s*-|\+-)\s*{NUM}(?:\s*[(\[]\s*{NUM}\s*(?:[-–—;,]|to)\s*{NUM}\s*[)\]])?|(?:[a-f*†‡§¶]\s+)?[(\[]\s*{NUM}\s*(?:[-–—;,]|to)\s*{NUM}\s*[)\]]|(?:[a-f*†‡§¶]{{1,2}}\s+)?\(\s*(?:SD\s*[=:]?\s*)?{NUM}\s*\)(?:\s*[(\[]\s*{NUM}\s*(?:[-–—;,]|to)\s*{NUM}\s*[)\]])?)?\s*(?:[a-f*†‡§¶]{{1,2}})?\s*(?:,\s*n\s*=\s*\d+)?\s*$"
    ))
});
/// An empty cell, or one that holds no number for a group.
static EMPTY: LazyLock<Regex> = LazyLock::new(|| rx(r"^(?i)\s*(?:--?|–|—|na|n/a|nd|nr|ns|x|)\s*$"));

/// A note of the table saying its values are means with SDs.
static MEAN_SD_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)mean\s*(?:\(\s*{SD_NAME}\s*\)|±\s*{SD_NAME})|(?:values|data)\s+are\s+(?:\w+\s+)?(?:as\s+)?means?(?:\s*\(|\s+and\s+standard|\s*±)|plus[–-]minus\s+values\s+indicate\s+SD"
    ))
});

/// A cell shaped as a mean and its SD: two decimal numbers, the second in
/// brackets (`2.48 (1.24)`).
static MEAN_SD_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^\s*(\d{1,2}\.\d{1,2})\s*\(\s*(\d\.\d{1,2})\s*\)\s*$"));

/// Whether a bare label's value cells say by their shape alone that they
/// are means with SDs, when no note says so within reach: every value cell
/// (past dashes and p-values, up to the first cell of words) two decimal
/// numbers `v (w)`, `v` on the scale and `w` smaller. Counts (`4 (3.3)`, `12 (10)`) have no decimals before
/// the bracket; a median's quartiles or range are two numbers in it.
fn mean_sd_shaped(fold: &str, cells: &[Cell]) -> bool {
    let mut any = false;
    for c in cells {
        let text = decimal_points(&fold[c.start..c.end]);
        let text = text.as_ref();
        if EMPTY.is_match(text) || is_p_value(text) {
            continue;
        }
        let Some(m) = MEAN_SD_SHAPE.captures(text) else {
            // A cell of words (the next row's label, one cell a line) ends
            // the row's values, as it ends their reading; a value of
            // another shape says they are something else.
            if CELL.is_match(text) || pair_cut(text).is_some() {
                return false;
            }
            break;
        };
        let (Some(v), Some(w)) = (parse_decimal(&m[1]), parse_decimal(&m[2])) else {
            return false;
        };
        if !(on_scale(v) && 0.0 < w && w < v) {
            return false;
        }
        any = true;
    }
    any
}

/// A note of the table saying its values are medians with a spread:
/// `median (range)`, `median [IQR]`, `median (min–max)`, `(median and
/// range)`.
pub(super) static MEDIAN_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)medians?\s*(?:[(\[]\s*{SPREAD_NAME}\s*[)\]]|\s+and\s+(?:the\s+)?{SPREAD_NAME}s?\s*[).;])"
    ))
});

/// What a row's label says its cells are.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Label {
    pub(super) mean: bool,
    pub(super) median: bool,
    pub(super) sd: bool,
    pub(super) spread: bool,
    pub(super) change: bool,
    /// `Mean (median)`: the bracket holds the median.
    pub(super) mean_then_median: bool,
    /// `Median (mean)`.
    pub(super) median_then_mean: bool,
    /// The label names no statistic, and the table's note says its
    /// bracketed spreads go with medians.
    pub(super) note_median: bool,
    /// `EDSS ± SEM`: the spread is a standard error, no SD.
    pub(super) se: bool,
    /// `Median (IQR); mean (SD)`: the label names the median first, so a
    /// cell of two statistics holds the median first.
    pub(super) median_first: bool,
}

impl Label {
    pub(super) fn read(s: &str) -> Label {
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
        let median_first =
            matches!((l.find("median"), l.find("mean")), (Some(a), Some(b)) if a < b);
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
            // `ΔEDSS`: the sign of a change.
            change: word("change") || word("changes") || l.contains('Δ'),
            mean_then_median: squeezed.contains("mean(median)"),
            median_then_mean: squeezed.contains("median(mean)"),
            note_median: false,
            se: word("sem") || word("se") || word("s.e.m") || l.contains("standard error"),
            median_first,
        }
    }

    pub(super) fn or(self, o: Label) -> Label {
        Label {
            mean: self.mean || o.mean,
            median: self.median || o.median,
            sd: self.sd || o.sd,
            spread: self.spread || o.spread,
            change: self.change || o.change,
            mean_then_median: self.mean_then_median || o.mean_then_median,
            median_then_mean: self.median_then_mean || o.median_then_mean,
            note_median: self.note_median || o.note_median,
            se: self.se || o.se,
            median_first: self.median_first || o.median_first,
        }
    }

    pub(super) fn says_nothing(&self) -> bool {
        !(self.mean || self.median || self.sd || self.spread || self.change)
    }
}

/// Whether a cell holds a value (not a dash or a p-value).
pub(super) fn is_value(cell: &str) -> bool {
    let cell = decimal_points(cell);
    (CELL.is_match(&cell) || pair_cut(&cell).is_some() || MEAN_MEDIAN_RANGE.is_match(&cell))
        && !is_p_value(&cell)
}

/// A p-value cell: `p = 0.3`, `P<0.001`, `<0.001`, `0.4 d`, `0.1663`,
/// `0.96`. A word that starts with `p` (`Placebo`, `Pregnancy`) is none.
pub(super) fn is_p_value(cell: &str) -> bool {
    let t = cell.trim().to_ascii_lowercase();
    if let Some(rest) = t.strip_prefix('p') {
        // `p = 0.3`, `p<0.001`, `p-value 0.04`, `p .04`: a comparator or a
        // number after the letter (and its `value`), never another letter.
        let rest = rest.trim_start_matches(['-', ' ']);
        let rest = rest.strip_prefix("value").unwrap_or(rest).trim_start();
        return rest.starts_with(['=', '<', '>', '≤', '≥', '.'])
            || rest.starts_with(char::is_numeric);
    }
    if t.starts_with('<') || t.starts_with('>') || t.starts_with('≤') {
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

/// A bare number cell, a footnote mark allowed.
pub(super) static BARE: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^\s*{NUM}\s*(?:[a-f*†‡§¶]{{1,2}})?\s*$")));

/// A span of `fold`.
type Span = (usize, usize);

/// What one value cell holds, its numbers' spans kept for the evidence.
enum Shape {
    /// `m ± sd`
    PlusMinus { sd: f64 },
    /// `v (lo–hi)`, `v [lo, hi]`, `v (lo; hi)`
    Spread {
        lo: f64,
        hi: f64,
        v_at: Span,
        spread_at: Span,
    },
    /// `v (w)`
    Paren { w: f64, v_at: Span, w_at: Span },
    /// `v`
    Bare,
}

/// The statements of a row's cells, in column order, past empty cells and
/// p-values, up to the first cell that is none of them (a note, words).
pub(super) fn read_cells(
    fold: &str,
    label: Label,
    cells: &[Cell],
    row_start: usize,
    found: &mut Vec<Found>,
) {
    if let Some(g) = super::bare_change::groups_before_p(fold, label, cells) {
        // `Change in EDSS 0.21 0.30 0.45`: a change per group, then the p.
        super::bare_change::read_bare_changes(fold, &cells[..g], found);
        return;
    }
    let note = || {
        let lo = floor_boundary(fold, row_start.saturating_sub(3000));
        let hi = floor_boundary(fold, (row_start + 3000).min(fold.len()));
        &fold[lo..hi]
    };
    // A label naming no statistic (`EDSS`, or a change: `Change from
    // baseline`) takes it from the table's note (`Values are mean (SD)`).
    let names_no_statistic = !(label.mean || label.median || label.sd || label.spread);
    let note_says_mean_sd = names_no_statistic && MEAN_SD_NOTE.is_match(note());
    // A bare label's `v (lo–hi)` cells are medians when the note says so.
    let label = if label.says_nothing() && MEDIAN_NOTE.is_match(note()) {
        Label {
            note_median: true,
            ..label
        }
    } else {
        label
    };
    let shape_says_mean_sd =
        label.says_nothing() && !label.note_median && mean_sd_shaped(fold, cells);
    let halves = cells.iter().flat_map(|c| {
        let two = two_statistics(fold, c);
        let pair = two.len() == 2;
        two.into_iter()
            .enumerate()
            .map(move |(k, h)| (h, pair.then_some(k)))
    });
    for (cell, half) in halves {
        let cell = &cell;
        let text = decimal_points(&fold[cell.start..cell.end]);
        let text = text.as_ref();
        if EMPTY.is_match(text) {
            continue;
        }
        if is_p_value(text) {
            // A p-value column; in a row of several visits per group, the
            // next group's columns follow it.
            continue;
        }
        if let Some(c) = MEAN_MEDIAN_RANGE.captures(text) {
            mean_median_range(label, cell, &c, found);
            continue;
        }
        let Some((v, shape, range)) = shape(cell, text) else {
            break;
        };
        let label = half.map_or(label, |k| half_label(label, k, text));
        let whole = (cell.start, cell.start + text.trim_end().len());
        let before = found.len();
        match shape {
            Shape::PlusMinus { sd } => plus_minus(label, v, sd, whole, found),
            Shape::Spread {
                lo,
                hi,
                v_at,
                spread_at,
            } => spread(label, v, (lo, hi), whole, v_at, spread_at, found),
            Shape::Paren { w, v_at, w_at } => {
                // A count has no decimals: `EDSS | 4 (3.3)` in a table of
                // `n (%)` is no mean, whatever another row's label says.
                let v_text = &text[v_at.0 - cell.start..v_at.1 - cell.start];
                let by_note = (note_says_mean_sd || shape_says_mean_sd) && v_text.contains('.');
                paren(label, by_note, v, w, whole, (v_at, w_at), found)
            }
            Shape::Bare => bare(label, v, whole, found),
        }
        if let Some(range) = range {
            range_beside_mean(v, range, before, found);
        }
    }
}

/// `3.1 ± 1.2 (1.0–6.0)`, `3.1 (1.2) [1.0–6.0]`: the range printed beside
/// a mean and its SD is a statement of its own, once the mean was read.
/// Patients' scores lie on the scale's steps; bounds off them (`2.94 ±
/// 0.81 (1.35; 4.52)`) are a confidence interval, no range.
fn range_beside_mean(
    v: f64,
    (lo, hi, at): (f64, f64, Span),
    before: usize,
    found: &mut Vec<Found>,
) {
    let read_mean = found[before..]
        .iter()
        .any(|f| matches!(f.value, EdssValue::Mean { sd: Some(_), .. }));
    if read_mean && valid_score(lo) && valid_score(hi) && lo <= v && v <= hi && lo < hi {
        push(
            found,
            at.0,
            at.1,
            EdssValue::Range { low: lo, high: hi },
            "edss.table_range",
            0.8,
        );
    }
}

/// A cell holding two statistics of its group side by side, as a label
/// `mean (SD); median (range)` announces them (`2.8 (1.1); 2.5 (1.0–5.5)`,
/// `3.1 ± 1.2 / 3.0 [2.0–4.0]`): where it splits, at the one `;` or
/// spaced `/` outside brackets, when each half is a value.
fn pair_cut(text: &str) -> Option<usize> {
    if CELL.is_match(text) {
        return None;
    }
    let mut depth = 0i32;
    let mut cuts = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth == 0 => cuts.push(i),
            '/' if depth == 0 && text[..i].ends_with(' ') && text[i + 1..].starts_with(' ') => {
                cuts.push(i);
            }
            ',' if depth == 0 && text[i + 1..].starts_with(' ') => cuts.push(i),
            _ => {}
        }
    }
    let [a] = cuts[..] else {
        return None;
    };
    // `2.6 (1.2), 2.5`: after a comma, the first half carries its spread
    // (two bare numbers `3, 4` are a list, not two statistics), and the
    // second is no p-value (`0.070 (0.119), 0.557`, an estimate, its SE
    // and its p).
    let comma_list =
        text[a..].starts_with(',') && (BARE.is_match(&text[..a]) || is_p_value(&text[a + 1..]));
    (!comma_list && CELL.is_match(&text[..a]) && CELL.is_match(&text[a + 1..])).then_some(a)
}

/// A cell's statistics: its two halves when it holds two ([`pair_cut`]),
/// else the cell itself.
fn two_statistics(fold: &str, cell: &Cell) -> Vec<Cell> {
    let text = decimal_points(&fold[cell.start..cell.end]);
    let text = text.as_ref();
    let Some(a) = pair_cut(text) else {
        return vec![Cell {
            start: cell.start,
            end: cell.end,
        }];
    };
    let trim = |from: usize, part: &str| Cell {
        start: from + (part.len() - part.trim_start().len()),
        end: from + part.trim_end().len(),
    };
    vec![
        trim(cell.start, &text[..a]),
        trim(cell.start + a + 1, &text[a + 1..]),
    ]
}

/// A range a cell gives beside its value: low, high and their span.
type CellRange = (f64, f64, Span);

/// The first number of a value cell and the cell's shape; `None` when the
/// cell is no value.
fn shape(cell: &Cell, text: &str) -> Option<(f64, Shape, Option<CellRange>)> {
    let c = CELL.captures(text)?;
    let at = |i: usize| {
        let g = c.get(i).expect("group");
        (cell.start + g.start(), cell.start + g.end())
    };
    let num = |i: usize| c.get(i).and_then(|g| signed(g.as_str()));
    let v = num(1)?;
    let shape = if let Some(sd) = num(2) {
        Shape::PlusMinus { sd }
    } else if let (Some(lo), Some(hi)) = (num(5), num(6)) {
        Shape::Spread {
            lo,
            hi,
            v_at: at(1),
            spread_at: (at(5).0, at(6).1),
        }
    } else if let Some(w) = num(7) {
        Shape::Paren {
            w,
            v_at: at(1),
            w_at: at(7),
        }
    } else {
        Shape::Bare
    };
    // A range after `m ± sd` (groups 3, 4) or after `v (w)` (8, 9).
    let range = [(3, 4), (8, 9)].into_iter().find_map(|(a, b)| {
        let (lo, hi) = (num(a)?, num(b)?);
        Some((lo, hi, (at(a).0, at(b).1)))
    });
    Some((v, shape, range))
}

/// `m ± sd`: a mean, or under a change label the mean change.
fn plus_minus(label: Label, v: f64, sd: f64, whole: Span, found: &mut Vec<Found>) {
    if !(0.0..=5.0).contains(&sd) {
        return;
    }
    // `m ± sd` is a mean's shape: under a label naming a mean and a median
    // (`mean ± SD / median [IQR]`) it is the mean.
    let mean = label.mean || !label.median;
    if label.change {
        change(found, whole, v);
    } else if label.se && mean && on_scale(v) {
        // `EDSS ± SEM | 3 ± 0.2`: the mean is stated; its spread is a
        // standard error, which the contract's `sd` is not.
        push(
            found,
            whole.0,
            whole.1,
            EdssValue::Mean { mean: v, sd: None },
            "edss.table_mean_se",
            0.8,
        );
    } else if mean && on_scale(v) {
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
}

/// `v (lo–hi)`: a median with its spread, or a mean and its range.
fn spread(
    label: Label,
    v: f64,
    (lo, hi): (f64, f64),
    whole: Span,
    v_at: Span,
    spread_at: Span,
    found: &mut Vec<Found>,
) {
    if label.change || !(on_scale(v) && on_scale(lo) && on_scale(hi)) {
        return;
    }
    if !(lo <= v && v <= hi && lo < hi) {
        return;
    }
    if label.median || (label.spread && !label.mean) || label.note_median {
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
        push(
            found,
            v_at.0,
            v_at.1,
            EdssValue::Mean { mean: v, sd: None },
            "edss.table_mean",
            0.8,
        );
        if !(valid_score(lo) && valid_score(hi)) {
            // `Mean, range | 1.71 (1.56–1.86)`: bounds off the scale's
            // steps are an interval around the mean, not patients' scores.
            return;
        }
        push(
            found,
            spread_at.0,
            spread_at.1,
            EdssValue::Range { low: lo, high: hi },
            "edss.table_range",
            0.8,
        );
    }
}

/// `v (w)`: a mean and its median (`Mean (median)` labels), a mean and its
/// SD (a mean or SD label, or the table's note), or a mean change.
fn paren(
    label: Label,
    note_says_mean_sd: bool,
    v: f64,
    w: f64,
    whole: Span,
    (v_at, w_at): (Span, Span),
    found: &mut Vec<Found>,
) {
    if label.mean_then_median || label.median_then_mean {
        if !(on_scale(v) && on_scale(w)) {
            return;
        }
        let (mean, median, ms, md) = if label.mean_then_median {
            (v, w, v_at, w_at)
        } else {
            (w, v, w_at, v_at)
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
        return;
    }
    // Under a median or spread label the bracket is no SD, unless the label
    // names a mean's SD too (`EDSS, mean (SD) / median (range)`, the cells'
    // shapes telling the two apart); nor is a wide one.
    let names_mean_sd = label.mean && label.sd;
    if ((label.median || label.spread) && !names_mean_sd) || !(0.0..=5.0).contains(&w) {
        return;
    }
    if label.change {
        // `Change | 0.2 (0.5) | 0.6 (0.7)`: a mean change and its SD, by
        // the label or by the note.
        if (label.mean && label.sd) || note_says_mean_sd {
            change(found, whole, v);
        }
    } else if on_scale(v) && (label.mean || label.sd || note_says_mean_sd) {
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
}

/// A bare number: the one statistic the label names, or a mean change.
fn bare(label: Label, v: f64, whole: Span, found: &mut Vec<Found>) {
    let one_stat = usize::from(label.mean) + usize::from(label.median) == 1;
    if label.change {
        if !label.median {
            change(found, whole, v);
        }
        return;
    }
    if !one_stat || label.spread || label.sd || !on_scale(v) {
        return;
    }
    let (value, rule) = if label.median {
        (
            EdssValue::Median {
                median: v,
                low: None,
                high: None,
            },
            "edss.table_median",
        )
    } else {
        (EdssValue::Mean { mean: v, sd: None }, "edss.table_mean")
    };
    push(found, whole.0, whole.1, value, rule, 0.75);
}

/// A mean change in a group's column.
fn change(found: &mut Vec<Found>, (s, e): (usize, usize), delta: f64) {
    if delta.abs() <= 10.0 {
        push(found, s, e, change_of(delta), "edss.table_change", 0.8);
    }
}

/// A number with an ASCII or Unicode minus.
pub(super) fn signed(s: &str) -> Option<f64> {
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
        for p in ["P<0.001", "p-value 0.04", "P .04", "p ≤ 0.05"] {
            assert!(is_p_value(p), "{p}");
        }
        for v in ["2.4 (1.1)", "3.6 ± 2.2", "5 [4–6]", "4.5", "0.5"] {
            assert!(!is_p_value(v), "{v}");
        }
        // Words that start with `p` are no p-values (a group's head, a cell
        // of a criteria list).
        for v in ["Placebo", "placebo (n = 40)", "P", "Pregnancy", "Patients"] {
            assert!(!is_p_value(v), "{v}");
        }
    }

    /// The cells of a row, split at two spaces.
    fn row_cells(text: &str) -> Vec<Cell> {
        let mut cells = Vec::new();
        let mut at = 0;
        for part in text.split("  ") {
            cells.push(Cell {
                start: at,
                end: at + part.len(),
            });
            at += part.len() + 2;
        }
        cells
    }

    #[test]
    fn cells_shaped_as_mean_and_sd() {
        for row in [
            "2.48 (1.24)  2.61 (1.30)",
            "3.1 (1.2)  –  0.41",
            "2,5 (1,1)",
            "2.5 (1.2)  Relapses in past year  1.3 (0.6)",
        ] {
            assert!(mean_sd_shaped(row, &row_cells(row)), "{row}");
        }
        // A count, an SD above the mean, a spread, a bare number, a cell of
        // words, no value at all.
        for row in [
            "4 (3.3)  6 (5.1)",
            "1.5 (1.8)",
            "3.0 (2.0–4.5)",
            "2.5 (1.2)  3",
            "stable  2.5 (1.2)",
            "–  NA",
        ] {
            assert!(!mean_sd_shaped(row, &row_cells(row)), "{row}");
        }
    }

    #[test]
    fn a_cell_of_two_statistics_splits_once_outside_brackets() {
        assert_eq!(pair_cut("2.8 (1.1); 2.5 (1.0–5.5)"), Some(9));
        assert_eq!(pair_cut("3.1 ± 1.2 / 3.0 [2.0–4.0]"), Some(11));
        // A range's own `;`, a single value, three parts, a count and its
        // share, an unspaced slash: no pair.
        for c in ["3.0 (1.0; 6.0)", "4.5", "1; 2; 3", "12 (20%); 9", "12/40"] {
            assert_eq!(pair_cut(c), None, "{c}");
        }
        assert!(is_value("2.8 (1.1); 2.5 (1.0–5.5)"));
        assert!(is_value("3,5 (1,2)"));
        assert!(is_value("2.3 ± 1.2 (2.0, 0–6.5)"));
        // After a comma: a spread first, and no p-value second.
        assert_eq!(pair_cut("2.6 (1.2), 2.5"), Some(9));
        for c in ["3, 4", "0.070 (0.119), 0.557", "3.0 (1.0, 6.0)"] {
            assert_eq!(pair_cut(c), None, "{c}");
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
}
