//! Cells that hold two statistics of a group: `2.3 ± 1.2 (2.0, 0–6.5)`
//! (a mean and its SD, the median and range in one bracket), and the two
//! halves of a cell split at `;`, ` / ` or a comma (`2.6 (1.2), 2.5`),
//! each read as the statistic its row's label names in its place.

use super::super::shape::{on_scale, rx, valid_score};
use super::super::{change_of, push, Found};
use super::cells::{signed, Cell, Label, BARE, NUM};
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// `2.3 ± 1.2 (2.0, 0–6.5)`: a mean and its SD, then the median and the
/// range in one bracket (`mean ± SD (median, range)`).
pub(super) static MEAN_MEDIAN_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^\s*{NUM}\s*(?:±|\+/-)\s*{NUM}\s*[(\[]\s*{NUM}\s*[,;]\s*{NUM}\s*(?:[-–—]|to)\s*{NUM}\s*[)\]]\s*(?:[a-f*†‡§¶]{{1,2}})?\s*$"
    ))
});

/// The statements of a `mean ± SD (median, range)` cell: the mean and its
/// SD, and the median with its range when its bounds lie on the scale's
/// steps around it; under a change label, the mean change alone. Not under
/// a standard error label, nor a label naming a median alone.
pub(super) fn mean_median_range(
    label: Label,
    cell: &Cell,
    c: &regex::Captures,
    found: &mut Vec<Found>,
) {
    if label.se || (label.median && !label.mean) {
        return;
    }
    let num = |i: usize| c.get(i).and_then(|g| signed(g.as_str()));
    let (Some(m), Some(sd), Some(md), Some(lo), Some(hi)) =
        (num(1), num(2), num(3), num(4), num(5))
    else {
        return;
    };
    let at = |i: usize| c.get(i).map_or(cell.start, |g| cell.start + g.start());
    let end = |i: usize| c.get(i).map_or(cell.end, |g| cell.start + g.end());
    if label.change {
        if m.abs() <= 10.0 && (0.0..=5.0).contains(&sd) {
            push(found, at(1), end(2), change_of(m), "edss.table_change", 0.8);
        }
        return;
    }
    if on_scale(m) && (0.0..=5.0).contains(&sd) {
        let value = EdssValue::Mean {
            mean: m,
            sd: Some(sd),
        };
        push(found, at(1), end(2), value, "edss.table_mean_sd", 0.8);
    }
    if valid_score(lo) && valid_score(hi) && lo < hi && lo <= md && md <= hi {
        let value = EdssValue::Median {
            median: md,
            low: Some(lo),
            high: Some(hi),
        };
        push(found, at(3), end(5), value, "edss.table_median_range", 0.8);
    }
}

/// The label of one half of a cell of two statistics, when the row's label
/// names a mean and a median (`EDSS, mean (SD), median | 2.6 (1.2), 2.5`):
/// the halves stand in the label's order, each read as its own statistic
/// (a bare median is then a median, not a number of two readings).
pub(super) fn half_label(label: Label, k: usize, text: &str) -> Label {
    if !(label.mean && label.median) || label.mean_then_median || label.median_then_mean {
        return label;
    }
    let median = (k == 0) == label.median_first;
    let bare = BARE.is_match(text);
    Label {
        mean: !median,
        median,
        sd: !median && label.sd,
        spread: median && label.spread && !bare,
        ..label
    }
}
