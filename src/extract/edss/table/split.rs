//! A statistic row over the row of its spreads: a mean row over its SDs
//! or ranges, a median row over its ranges, read column by column (the
//! two sub-rows of one label, as tables set `Mean` and `(SD)` or
//! `Median` and `Range` on lines of their own).

use super::super::shape::{on_scale, rx};
use super::super::{push, Found};
use super::cells::{signed, Cell, BARE, MEDIAN_NOTE, NUM};
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// A mean row and the row of its SDs or ranges below it, column by column:
/// `4.9` over `(2.1)` or `2.1` is a mean with its SD; `4.1` over
/// `(1.5–6.5)` a mean and the range. A column with a dash or another shape
/// gives nothing.
pub(super) fn read_split(fold: &str, means: &[Cell], spreads: &[Cell], found: &mut Vec<Found>) {
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

/// A median row over a range row (sub-rows `Median` and `Range` of one
/// label), column by column: `3.0` over `1.0–6.0` is a median with its
/// range. A column with another shape, or a median outside its range,
/// gives nothing.
pub(super) fn read_split_median_rows(
    fold: &str,
    medians: &[Cell],
    spreads: &[Cell],
    found: &mut Vec<Found>,
) {
    for (m, s) in medians.iter().zip(spreads) {
        let Some(median) = BARE
            .captures(&fold[m.start..m.end])
            .and_then(|c| signed(&c[1]))
        else {
            continue;
        };
        let Some(c) = SPREAD_RANGE.captures(&fold[s.start..s.end]) else {
            continue;
        };
        let (Some(lo), Some(hi)) = (signed(&c[1]), signed(&c[2])) else {
            continue;
        };
        if on_scale(median)
            && on_scale(lo)
            && on_scale(hi)
            && lo < hi
            && lo <= median
            && median <= hi
        {
            let value = EdssValue::Median {
                median,
                low: Some(lo),
                high: Some(hi),
            };
            push(
                found,
                m.start,
                s.end.max(m.end),
                value,
                "edss.table_split_median",
                0.75,
            );
        }
    }
}

/// A row of bare numbers over a row of bracketed ranges under the same
/// bare label, read column by column as medians with their range when the
/// table's note says `median (range)`, and both rows hold as many cells,
/// every one of its shape. Anything else leaves both rows unread.
pub(super) fn read_split_medians(
    fold: &str,
    values: &[Cell],
    spreads: &[Cell],
    row_start: usize,
    found: &mut Vec<Found>,
) -> bool {
    if values.len() != spreads.len() || values.is_empty() {
        return false;
    }
    let lo = floor_boundary(fold, row_start.saturating_sub(3000));
    let hi = floor_boundary(fold, (row_start + 3000).min(fold.len()));
    if !MEDIAN_NOTE.is_match(&fold[lo..hi]) {
        return false;
    }
    let mut out = Vec::new();
    for (v, s) in values.iter().zip(spreads) {
        let st = &fold[s.start..s.end];
        if !st.trim_start().starts_with(['(', '[']) {
            return false;
        }
        let (Some(m), Some(c)) = (
            BARE.captures(&fold[v.start..v.end])
                .and_then(|c| signed(&c[1])),
            SPREAD_RANGE.captures(st),
        ) else {
            return false;
        };
        let (Some(l), Some(h)) = (signed(&c[1]), signed(&c[2])) else {
            return false;
        };
        if !(on_scale(m) && on_scale(l) && on_scale(h) && l < h && l <= m && m <= h) {
            return false;
        }
        out.push((v.start, v.end, m, l, h));
    }
    for (s, e, m, l, h) in out {
        push(
            found,
            s,
            e,
            EdssValue::Median {
                median: m,
                low: Some(l),
                high: Some(h),
            },
            "edss.table_split_median",
            0.75,
        );
    }
    true
}

/// An SD cell under a mean: `(2.1)` or `2.1`.
static SPREAD_SD: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^\s*\(?\s*{NUM}\s*\)?\s*$")));
/// A range cell under a mean: `(1.5–6.5)`, `1.5-6.5`.
static SPREAD_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^\s*[(\[]?\s*{NUM}\s*(?:[–—;,]|-|to)\s*{NUM}\s*[)\]]?\s*$"
    ))
});
