//! Number-after forms in prose: `EDSS … <number shape>` — a mean ± SD, a
//! change of a stated size, a threshold, a range, a median with its range,
//! a mean, or a single score, after the label words trials put between the
//! scale and its number.

use super::shape::{
    comparator, direction, on_scale, or_more, range_tail_ok, range_tail_ok_for_size, rx, size,
    stands_alone, valid_score, COMP, N, SIZE, SPREAD_LABEL, UNIT, VERB,
};
use super::{push, Found};
use crate::extract::numbers::parse_decimal;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

// The label words between the scale and its number: "(EDSS) at screening
// score ≤4.0", "EDSS [25] score of", "baseline EDSS score was",
// "EDSS threshold score of 2.0–6.5", "EDSS score range of 0–6.5".
static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:\s*(?:\[[\d,\s\-]+\]|\(\s*EDSS\s*\)|scores?(?-u:\b)|scale(?-u:\b)|total(?-u:\b)|overall(?-u:\b)|baseline(?-u:\b)|inclusion(?-u:\b)|entry(?-u:\b)|threshold(?-u:\b)|criteri(?:on|a)(?-u:\b)|at\s+(?:baseline|inclusion|entry|screening|enrol?l?ment|randomi[sz]ation|study\s+entry|the\s+time\s+of\s+\w+|(?:the\s+)?(?:end|last\s+visit|final\s+visit|follow-up)|(?:month|week|year|day)\s+\d{1,3})(?-u:\b)|(?:was|were|is|are|of|had\s+to\s+be|must\s+be|be|equal\s+to|about|approximately|around|nearly|ranged|ranging|range|value|level)(?-u:\b)|:|=))*\s*",
    )
});

// A label after the scale that names the statistic: "EDSS score Mean",
// "EDSS, median (IQR)", "EDSS (mean ± SD)", "Median EDSS [Q1-Q3]".
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:\s*,)?\s*(?:\(\s*)?(mean|average|median)(?:\s*\(?\s*(?:±\s*)?(SD|s\.d\.|standard\s+deviation|IQR|interquartile\s+range|range|Q1\s*[-,;]\s*Q3|min(?:imum)?\s*[-,;]\s*max(?:imum)?)\s*\)?)?(?:\s*\))?\s*:?\s*",
    )
});

// Statistic and bracket labels between "median" and its number: "[Q1-Q3]",
// "(minimum; maximum)", "(IQR)".
static BRACKET_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*[(\[]\s*(?:±\s*)?(SD|s\.d\.|IQR|interquartile\s+range|range|Q1\s*[-,;]\s*Q3|min(?:imum)?\s*[-,;]\s*max(?:imum)?)\s*[)\]]\s*:?\s*",
    )
});

// "mean EDSS", "the median baseline EDSS", "average EDSS score"
pub(super) static STAT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(mean|average|median)(?:\s*\(\s*(?:±\s*)?(?:SD|IQR|range)\s*\))?(?:\s+(?:baseline|overall|total|entry))?\s*$",
    )
});

// Mean ± SD: "6.75 ± 0.68", "6.75±0.68", "2.5 (±2.0)", "3.1 (SD 1.2)"
static PLUS_MINUS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^{N}\s*(?:(?:±|\+\s*/\s*-)\s*{N}|\(\s*(?:±|\+\s*/\s*-)\s*{N}\s*\))"
    ))
});

// "(range: 5.5–7.5)", "(range 2-6)", "(1.5–6.5)" after a mean.
static PAREN_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*[(\[]\s*{SPREAD_LABEL}{N}\s*(?:-|to|;|,)\s*{N}\s*[)\]]"
    ))
});

// The SD after a running-text mean: "(0.68)", "(SD 0.68)", ", SD 0.68",
// ", SD = 0.85".
static SD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s*\(\s*(?:SD\s*[=:]?\s*)?{N}\s*\)|\s*[,;]\s*SD\s*[=:]?\s*{N}(?-u:\b))"
    ))
});

// A reference number glued to the label and a value after it: "score25
// 0–5.0", "score96 of 6 or more".
static GLUED_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    rx(r"^(?i)(scores?)?(\d{1,3}(?:,\d{1,3})*)\s+(?:of\s+|was\s+|:\s*)?(?:\d|[≤≥<>])")
});

// A bare number where the label words end: "EDSS score of 5."
static NUMBER: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^{N}")));

// Ranges: "3.0-6.5", "3.5 to 6", "between 4.0 and 6.5", "from 0 to 3.5",
// "(3.0-6.5)".
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:(between)\s+|from\s+|(\()\s*)?{N}\s*(?:(-|to)|(and))\s*{N}(\s*\))?"
    ))
});

// Thresholds: "≤ 5.5", "less than 6", "at least 3.0", "(≤2.0 vs. >2.0)".
static THRESHOLD: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^(?i)(?:\(\s*)?{COMP}\s*{N}")));

// Another threshold in the same breath: "(≤2.0 vs. >2.0)".
static THRESHOLD_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*(?:vs\.?|versus|or|and|,)\s*{COMP}\s*{N}"
    ))
});

// "6 or more", "7.0 or higher", also after a parenthesis: "8 (defined as
// being unable to walk …) or more".
static OR_MORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:\s*\([^()]{0,160}\))?\s*or\s+(more|higher|greater|above|worse|less|lower|below|fewer)(?-u:\b)",
    )
});

// "to 7.0 or higher": a level reached, after "increase of EDSS".
static TO_OR_MORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)to\s+{N}\s+or\s+(more|higher|greater|above|less|lower|below)(?-u:\b)"
    ))
});

// Change by a size: "decreased 1 score", "reduced by 0.5", "increase of at
// least 0.5 points", "progression of at least one point".
static CHANGE_BY: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:(?:significantly|slightly|further|an?|the|mean)\s+)*{VERB}\s+(?:significantly\s+)?(?:from\s+baseline\s+)?(by|of)?\s*(?:{COMP}\s*)?{SIZE}(?:\s*-?\s*{UNIT})?"
    ))
});

/// A change stated as a level of its own: `EDSS change from baseline to
/// week 96 was 0.12`, `EDSS changes at 2 years were −0.2`.
static CHANGE_WAS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)changes?\s+(?:from\s+baseline\s+)?(?:(?:to|at|over|after|by|in)\s+(?:the\s+)?(?:(?:week|month|year|day)s?\s+\d{{1,3}}|\d{{1,3}}\s+(?:weeks?|months?|years?|days?)|end\s+of\s+(?:the\s+)?(?:study|treatment|trial)|follow-up)\s+)?(?:was|were|of|:|=)\s*([-−–]?)\s*{N}(?-u:\b)"
    ))
});

/// A second group's change after the first: `… was 0.12 in the drug group
/// versus 0.35 in the placebo group`.
static CHANGE_VERSUS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s+(?:in|for|with|among|on)\s+[^\d,;.()\[\]]{{1,40}}?)?\s*,?\s*(?:versus|vs\.?|and|compared\s+(?:with|to)|against)\s+([-−–]?)\s*{N}(?-u:\b)"
    ))
});

/// Where the number after a mention starts, and what the label words on
/// the way said about it.
struct After<'a> {
    /// The statement's start (the mention's).
    a0: usize,
    /// Byte offset of `rest` in `fold`.
    at: usize,
    /// The clause from the first number on.
    rest: &'a str,
    /// `mean`, `average` or `median`, from a label after the mention or a
    /// word before it.
    stat: Option<String>,
    /// The statistic word stood before the mention (`mean EDSS was …`):
    /// running text, where a bare bracket after a mean is its SD.
    running_text: bool,
    /// The label names an SD (`EDSS, mean (SD)`).
    label_sd: bool,
}

impl After<'_> {
    fn is_median(&self) -> bool {
        self.stat.as_deref() == Some("median")
    }
}

/// Number-after forms: `EDSS … <number shape>`. The first form that
/// matches the text decides; the others are not tried.
pub(super) fn read_after(
    fold: &str,
    head: &str,
    a0: usize,
    a1: usize,
    end: usize,
    found: &mut Vec<Found>,
) {
    let Some(r) = after_labels(fold, head, a0, a1, end) else {
        return;
    };
    let _ = mean_sd(&r, found)
        || change_by(&r, found)
        || to_or_more(&r, found)
        || threshold(&r, found)
        || range(&r, found)
        || single(&r, found)
        || stated_change(&r, found);
}

/// `EDSS change from baseline to week 96 was 0.12 [in the drug group
/// versus 0.35 …]`: one change, and a second group's after `versus`.
fn stated_change(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = CHANGE_WAS.captures(r.rest) else {
        return false;
    };
    let signed = |sign: &str, n: &str| {
        parse_decimal(n)
            .filter(|v| *v <= 10.0)
            .map(|v| if sign.is_empty() { v } else { -v })
    };
    let Some(d) = signed(&c[1], &c[2]) else {
        return true;
    };
    let m = c.get(0).expect("match");
    if !range_tail_ok_for_size(&r.rest[m.end()..]) {
        return true;
    }
    let delta = |d: f64| EdssValue::Change {
        delta: Some(d),
        from: None,
        to: None,
    };
    push(
        found,
        r.a0,
        r.at + m.end(),
        delta(d),
        "edss.change_stated",
        0.8,
    );
    let rest = &r.rest[m.end()..];
    if let Some(v) = CHANGE_VERSUS.captures(rest) {
        let g = v.get(2).expect("number");
        if let Some(d2) = signed(&v[1], g.as_str()) {
            if range_tail_ok_for_size(&rest[g.end()..]) {
                let start = v.get(1).map_or(g.start(), |s| s.start().min(g.start()));
                let at = r.at + m.end();
                push(
                    found,
                    at + start,
                    at + g.end(),
                    delta(d2),
                    "edss.change_stated",
                    0.75,
                );
            }
        }
    }
    true
}

/// Skips the label words after the mention and reads the statistic they
/// name; `None` when the number there is glued to a word (a citation).
fn after_labels<'a>(
    fold: &'a str,
    head: &str,
    a0: usize,
    a1: usize,
    end: usize,
) -> Option<After<'a>> {
    let clause = &fold[a1..end];
    let stat_before = STAT_BEFORE
        .captures(head)
        .map(|c| c[1].to_ascii_lowercase());
    let mut pos = FILLER.find(clause).map_or(0, |m| m.end());
    // A statistic label after the mention ("EDSS score Mean", "EDSS,
    // median (IQR)") and more filler after it.
    let mut label: Option<String> = None;
    let mut label_sd = false;
    if let Some(c) = LABEL.captures(&clause[pos..]) {
        label = Some(c[1].to_ascii_lowercase());
        label_sd = c
            .get(2)
            .is_some_and(|g| g.as_str().to_ascii_lowercase().starts_with('s'));
        pos += c.get(0).expect("match").end();
        pos += FILLER.find(&clause[pos..]).map_or(0, |m| m.end());
    }
    if let Some(c) = BRACKET_LABEL.captures(&clause[pos..]) {
        label_sd |= c[1].to_ascii_lowercase().starts_with('s');
        pos += c.get(0).expect("match").end();
        // "median EDSS (IQR) was 4.0 (3.0-5.5)"
        pos += FILLER.find(&clause[pos..]).map_or(0, |m| m.end());
    }
    // "(EDSS) score25 0–5.0": a superscript citation glued to the label,
    // then the value.
    if let Some(c) = GLUED_CITATION.captures(&clause[pos..]) {
        let glued = c.get(1).is_some()
            || fold[..a1 + pos]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphabetic() || c == ')' || c == ']');
        if glued {
            pos += c.get(2).expect("citation").end();
            pos += FILLER.find(&clause[pos..]).map_or(0, |m| m.end());
        }
    }
    let rest = &clause[pos..];
    let at = a1 + pos;
    // "(EDSS)7 progression": a number glued to the word or bracket before
    // it is a superscript citation, not a value.
    if fold[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == ')' || c == ']')
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    Some(After {
        a0,
        at,
        rest,
        running_text: stat_before.is_some(),
        stat: label.or(stat_before),
        label_sd,
    })
}

/// Mean ± SD, with the range that often follows.
fn mean_sd(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = PLUS_MINUS.captures(r.rest) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let mean = parse_decimal(&c[1]);
    let sd = c
        .get(2)
        .or(c.get(3))
        .and_then(|g| parse_decimal(g.as_str()));
    if !r.is_median() {
        if let (Some(mean), Some(sd)) = (mean, sd) {
            if on_scale(mean) && sd <= 10.0 {
                push(
                    found,
                    r.a0,
                    r.at + m.end(),
                    EdssValue::Mean { mean, sd: Some(sd) },
                    "edss.mean_sd",
                    0.9,
                );
                range_in_parens(&r.rest[m.end()..], r.at + m.end(), found);
            }
        }
    }
    true
}

/// A change of a stated size right after the mention.
fn change_by(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = CHANGE_BY.captures(r.rest) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let by = c.get(2).is_some();
    let unit = c.get(5).is_some();
    if (by || unit) && range_tail_ok_for_size(&r.rest[m.end()..]) {
        if let (Some(dir), Some(n)) = (direction(&c[1]), size(&c[4])) {
            if n > 0.0 && n <= 10.0 {
                push(
                    found,
                    r.a0,
                    r.at + m.end(),
                    EdssValue::Change {
                        delta: Some(dir * n),
                        from: None,
                        to: None,
                    },
                    "edss.change_by",
                    0.85,
                );
            }
        }
    }
    true
}

/// "increase of EDSS to 7.0 or higher": a level reached.
fn to_or_more(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = TO_OR_MORE.captures(r.rest) else {
        return false;
    };
    let m = c.get(0).expect("match");
    if let (Some(v), Some(cmp)) = (parse_decimal(&c[1]), or_more(&c[2])) {
        if on_scale(v) {
            push(
                found,
                r.a0,
                r.at + m.end(),
                EdssValue::Threshold {
                    comparator: cmp,
                    value: v,
                },
                "edss.threshold",
                0.8,
            );
        }
    }
    true
}

/// A threshold, and the others said in the same breath: "≤2.0 vs. >2.0".
fn threshold(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = THRESHOLD.captures(r.rest) else {
        return false;
    };
    let (rest, at) = (r.rest, r.at);
    let m = c.get(0).expect("match");
    let (Some(cmp), Some(v)) = (comparator(&c[1]), parse_decimal(&c[2])) else {
        return true;
    };
    // "at least 1 score/point" is a change size, not a level.
    if !on_scale(v) || !range_tail_ok(&rest[m.end()..]) {
        return true;
    }
    push(
        found,
        r.a0,
        at + m.end(),
        EdssValue::Threshold {
            comparator: cmp,
            value: v,
        },
        "edss.threshold",
        0.85,
    );
    let mut p = m.end();
    while let Some(n) = THRESHOLD_NEXT.captures(&rest[p..]) {
        let nm = n.get(0).expect("match");
        let (Some(cmp), Some(v)) = (comparator(&n[1]), parse_decimal(&n[2])) else {
            break;
        };
        if !on_scale(v) || !range_tail_ok(&rest[p + nm.end()..]) {
            break;
        }
        let s = at + p + nm.start() + (nm.as_str().len() - nm.as_str().trim_start().len());
        push(
            found,
            s,
            at + p + nm.end(),
            EdssValue::Threshold {
                comparator: cmp,
                value: v,
            },
            "edss.threshold",
            0.8,
        );
        p += nm.end();
    }
    true
}

/// A range: "3.0-6.5", "between 4.0 and 6.5", "(3.0-6.5)". After a
/// median label the pair is its spread, read by [`single`].
fn range(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = RANGE.captures(r.rest) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let between = c.get(1).is_some();
    let paren = c.get(2).is_some();
    let and = c.get(5).is_some();
    let (Some(lo), Some(hi)) = (parse_decimal(&c[3]), parse_decimal(&c[6])) else {
        return true;
    };
    // "and" joins a range only after "between".
    if and && !between {
        return true;
    }
    let close = c.get(7);
    if paren && close.is_none() {
        return true;
    }
    // "(EDSS 6.0-6.5)": the bracket closes the sentence's parenthesis,
    // not the range.
    let m_end = match close {
        Some(g) if !paren => g.start(),
        _ => m.end(),
    };
    if !range_tail_ok(&r.rest[m.end()..]) {
        return true;
    }
    if r.is_median() {
        return false;
    }
    if on_scale(lo) && on_scale(hi) && lo < hi && !(lo == 0.0 && hi == 10.0) {
        push(
            found,
            r.a0,
            r.at + m_end,
            EdssValue::Range { low: lo, high: hi },
            "edss.range",
            0.9,
        );
    }
    // A falling pair is a change (handled by read_from_to when a change
    // word is near); never a range.
    true
}

/// An SD named in a bracket right after a number: `(SD 1.1)`, `(SD = 1.1)`.
static SD_NAMED: LazyLock<Regex> = LazyLock::new(|| rx(r"^\s*\(\s*SD\s*[=:]?\s*\d"));

/// A single number: a median, a mean, a threshold ("8 or more") or a
/// single score.
fn single(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = NUMBER.captures(r.rest) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let Some(v) = parse_decimal(&c[1]) else {
        return true;
    };
    let tail = &r.rest[m.end()..];
    if tail.starts_with(|ch: char| ch.is_ascii_digit() || ch == '%') {
        return true;
    }
    let at = r.at + m.end();
    match r.stat.as_deref() {
        Some("median") => median(r, v, tail, at, found),
        Some(_) => mean(r, v, tail, at, found),
        // `Baseline EDSS was 2.4 (SD 1.1)`: a number with its SD is a mean.
        None if SD_NAMED.is_match(tail) => mean(r, v, tail, at, found),
        None => score(r, v, tail, at, found),
    }
    true
}

/// A median, alone or with its spread: "median EDSS 3.0 (IQR 2.0–4.5)".
fn median(r: &After, v: f64, tail: &str, at: usize, found: &mut Vec<Found>) {
    if !on_scale(v) {
        return;
    }
    if let Some(c) = PAREN_RANGE.captures(tail) {
        let rm = c.get(0).expect("match");
        if let (Some(lo), Some(hi)) = (parse_decimal(&c[1]), parse_decimal(&c[2])) {
            if on_scale(lo) && on_scale(hi) && lo <= v && v <= hi && lo < hi {
                push(
                    found,
                    r.a0,
                    at + rm.end(),
                    EdssValue::Median {
                        median: v,
                        low: Some(lo),
                        high: Some(hi),
                    },
                    "edss.median_range",
                    0.9,
                );
            }
        }
        return;
    }
    if stands_alone(tail) {
        push(
            found,
            r.a0,
            at,
            EdssValue::Median {
                median: v,
                low: None,
                high: None,
            },
            "edss.median",
            0.85,
        );
    }
}

/// A mean (or average), with its SD or range when one follows.
fn mean(r: &After, v: f64, tail: &str, at: usize, found: &mut Vec<Found>) {
    if !on_scale(v) {
        return;
    }
    let plain = EdssValue::Mean { mean: v, sd: None };
    if PAREN_RANGE.is_match(tail) {
        push(found, r.a0, at, plain, "edss.mean", 0.8);
        range_in_parens(tail, at, found);
        return;
    }
    if let Some(s) = SD_AFTER.captures(tail) {
        let sm = s.get(0).expect("match");
        let sd = s
            .get(1)
            .or(s.get(2))
            .and_then(|g| parse_decimal(g.as_str()));
        // A bare "(0.68)" is an SD in running text or under an SD label;
        // in a table row "Mean 7.7 (8.0)" it can be the median.
        let explicit = sm.as_str().to_ascii_uppercase().contains("SD");
        if let Some(sd) = sd {
            if (explicit || r.running_text || r.label_sd) && sd <= 10.0 {
                push(
                    found,
                    r.a0,
                    at + sm.end(),
                    EdssValue::Mean {
                        mean: v,
                        sd: Some(sd),
                    },
                    "edss.mean_sd",
                    0.85,
                );
                return;
            }
        }
        push(found, r.a0, at, plain, "edss.mean", 0.75);
        return;
    }
    if stands_alone(tail) {
        push(found, r.a0, at, plain, "edss.mean", 0.8);
    }
}

/// No statistic named: a threshold ("8 or more") or a single score.
fn score(r: &After, v: f64, tail: &str, at: usize, found: &mut Vec<Found>) {
    if let Some(o) = OR_MORE.captures(tail) {
        let om = o.get(0).expect("match");
        if let Some(cmp) = or_more(&o[1]) {
            if on_scale(v) {
                push(
                    found,
                    r.a0,
                    at + om.end(),
                    EdssValue::Threshold {
                        comparator: cmp,
                        value: v,
                    },
                    "edss.threshold_or_more",
                    0.85,
                );
            }
        }
        return;
    }
    // A single score: only below 100 and with at most two decimals, so
    // that a score off the scale is still shown (with a warning).
    if v < 100.0 && stands_alone(tail) {
        let conf = if valid_score(v) { 0.75 } else { 0.4 };
        push(
            found,
            r.a0,
            at,
            EdssValue::Value { value: v },
            "edss.value",
            conf,
        );
    }
}

/// "(range: 5.5–7.5)" right after a mean.
fn range_in_parens(tail: &str, at: usize, found: &mut Vec<Found>) {
    if let Some(r) = PAREN_RANGE.captures(tail) {
        let rm = r.get(0).expect("match");
        if let (Some(lo), Some(hi)) = (parse_decimal(&r[1]), parse_decimal(&r[2])) {
            if on_scale(lo) && on_scale(hi) && lo < hi {
                let lead = rm.as_str().len() - rm.as_str().trim_start().len();
                push(
                    found,
                    at + lead,
                    at + rm.end(),
                    EdssValue::Range { low: lo, high: hi },
                    "edss.range_after_mean",
                    0.85,
                );
            }
        }
    }
}
