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

use super::super::shape::{on_scale, rx, valid_score};
use super::super::{change_of, push, Found};
use super::cells::{decimal_points, is_p_value, signed};
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

/// Lines read below the caption before the first visit row (the groups'
/// header).
const HEADER_LINES: usize = 3;
/// The most visit rows.
const MAX_ROWS: usize = 12;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stat {
    Mean {
        sd: bool,
    },
    Median,
    /// The mean change from baseline.
    Change,
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
    while at < fold.len() && rows < MAX_ROWS {
        let end = fold[at..].find('\n').map_or(fold.len(), |i| at + i);
        let line = &fold[at..end];
        if !line.trim().is_empty() {
            if read_visit(at, line, stat, found) {
                rows += 1;
            } else if rows > 0 || skipped == HEADER_LINES || line.len() > 120 {
                break;
            } else {
                skipped += 1;
            }
        }
        at = end + 1;
    }
    rows > 0
}

/// One visit row: every cell a value of the caption's statistic.
fn read_visit(at: usize, line: &str, stat: Stat, found: &mut Vec<Found>) -> bool {
    let visit = ROW.captures(line).and_then(|c| c.get(1));
    let rest = match stat {
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
    };
    let Some(rest) = rest else {
        return false;
    };
    let base = at + rest.start();
    let text = decimal_points(rest.as_str());
    let text = text.as_ref();
    let mut cells = Vec::new();
    let mut last = 0;
    for m in VALUE.captures_iter(text) {
        let all = m.get(0).expect("match");
        if !text[last..all.start()].trim().is_empty() {
            return false;
        }
        last = all.end();
        if is_p_value(all.as_str()) {
            continue;
        }
        cells.push(m);
    }
    if cells.is_empty() || !text[last..].trim().is_empty() {
        return false;
    }
    let mut out = Vec::new();
    for c in &cells {
        let num = |i: usize| c.get(i).and_then(|m| signed(m.as_str()));
        let (Some(v), w, hi) = (num(1), num(2).or(num(4)), num(3)) else {
            return false;
        };
        let negative = c[1].starts_with(['-', '−']);
        let all = c.get(0).expect("match");
        let value = match (stat, w, hi) {
            (Stat::Change, _, None) if c[1].contains('.') && v.abs() <= 5.0 => change_of(v),
            _ if negative => return false,
            (Stat::Mean { .. }, None, None) if c[1].contains('.') && on_scale(v) => {
                crate::record::EdssValue::Mean { mean: v, sd: None }
            }
            (Stat::Mean { sd: true }, Some(w), None)
                if c[1].contains('.') && on_scale(v) && w <= 5.0 =>
            {
                crate::record::EdssValue::Mean {
                    mean: v,
                    sd: Some(w),
                }
            }
            (Stat::Median, None, None) if valid_score(v) => crate::record::EdssValue::Median {
                median: v,
                low: None,
                high: None,
            },
            (Stat::Median, Some(lo), Some(hi))
                if valid_score(v)
                    && valid_score(lo)
                    && valid_score(hi)
                    && lo <= v
                    && v <= hi
                    && lo < hi =>
            {
                crate::record::EdssValue::Median {
                    median: v,
                    low: Some(lo),
                    high: Some(hi),
                }
            }
            _ => return false,
        };
        out.push((base + all.start(), base + all.end(), value));
    }
    for (s, e, value) in out {
        push(found, s, e, value, "edss.table_caption_visit", 0.75);
    }
    true
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
