//! Number-after forms in prose: `EDSS … <number shape>` — a mean ± SD, a
//! change of a stated size, a threshold, a range, a median with its range,
//! a mean, or a single score, after the label words trials put between the
//! scale and its number.

use super::before::BEFORE_CHANGE_WORD;
use super::change::{signed_change, stated_change, CHANGE_IN_BEFORE};
use super::groups::plain_groups;
use super::shape::{
    comparator, counts_other, direction, on_scale, or_more, range_tail_ok, range_tail_ok_for_size,
    rx, size, spread_label, stands_alone, valid_score, COMP, N, SD_NAME, SIZE, SPREAD_NAME, UNIT,
    VERB,
};
use super::{change_of, push, Found};
use crate::extract::numbers::parse_decimal;
use crate::record::{Comparator, EdssValue};
use regex::Regex;
use std::sync::LazyLock;

// The label words between the scale and its number: "(EDSS) at screening
// score ≤4.0", "EDSS [25] score of", "baseline EDSS score was",
// "EDSS threshold score of 2.0–6.5", "EDSS score range of 0–6.5", "EDSS in
// the range 2.5–7.0", "mean EDSS ± SD was", "baseline EDSS averaged".
static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s*(?:\[[\d,\s\-]+\]|\(\s*EDSS\s*\)|\(?\s*±\s*{SD_NAME}\s*\)?|scores?(?-u:\b)|scale(?-u:\b)|total(?-u:\b)|overall(?-u:\b)|baseline(?-u:\b)|inclusion(?-u:\b)|entry(?-u:\b)|threshold(?-u:\b)|criteri(?:on|a)(?-u:\b)|at\s+(?:baseline|inclusion|entry|screening|enrol?l?ment|randomi[sz]ation|study\s+entry|the\s+time\s+of\s+\w+|(?:the\s+)?(?:end|last\s+visit|final\s+visit|follow-up)|(?:month|week|year|day)\s+\d{{1,3}})(?-u:\b)|(?:in|within)(?:\s+the)?\s+range(?-u:\b)|(?:was|were|is|are|of|had\s+to\s+be|must\s+be|be|equal\s+to|about|approximately|around|nearly|ranged|ranging|range|value|level|averaged)(?-u:\b)|:|=))*\s*",
    ))
});

// A label after the scale that names the statistic: "EDSS score Mean",
// "EDSS, median (IQR)", "EDSS (median [IQR])", "EDSS (mean ± SD)",
// "Median EDSS [Q1-Q3]", "EDSS (median, range)".
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s*,)?\s*(?:\(\s*)?(mean|average|median)(?:\s*[(\[,;]?\s*(?:±\s*)?({SD_NAME}|{SPREAD_NAME})\s*[)\]]?)?(?:\s*\))?\s*[:,]?\s*"
    ))
});

// Statistic and bracket labels between "median" and its number: "[Q1-Q3]",
// "(minimum; maximum)", "(IQR)".
static BRACKET_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*[(\[]\s*(?:±\s*)?({SD_NAME}|{SPREAD_NAME})\s*[)\]]\s*[:,]?\s*"
    ))
});

// "mean EDSS", "the median baseline EDSS", "average EDSS score", "Mean ±
// SD EDSS", "the mean score on the EDSS"
pub(super) static STAT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)(mean|average|median)(?:\s*[(\[]\s*(?:±\s*)?(?:{SD_NAME}|{SPREAD_NAME})\s*[)\]]|\s*(?:±|\+\s*/\s*-)\s*{SD_NAME})?(?:\s+(?:baseline|overall|total|entry))?(?:\s+scores?\s+(?:on|in|of)\s+(?:the\s+)?(?:Kurtzke\s+)?)?\s*$"
    ))
});

// Mean ± SD: "6.75 ± 0.68", "6.75±0.68", "2.5 (±2.0)", "(3.3 ± 0.8)"
static PLUS_MINUS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?:\(\s*)?{N}\s*(?:(?:±|\+\s*/\s*-)\s*{N}|\(\s*(?:±|\+\s*/\s*-)\s*{N}\s*\))"
    ))
});

// "(range: 5.5–7.5)", "(range 2-6)", "(1.5–6.5)" after a mean.
static PAREN_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*[(\[]\s*{sl}{N}\s*(?:-|to|;|,)\s*{N}\s*[)\]]",
        sl = spread_label()
    ))
});

// A spread named after a comma: ", interquartile range [IQR] 1.0–3.0",
// "; range, 0–5.5".
static SPREAD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*[,;]\s*{SPREAD_NAME}\s*[:,=]?\s*{N}\s*(?:-|to)\s*{N}"
    ))
});

// The SD after a running-text mean: "(0.68)", "(SD 0.68)", ", SD 0.68",
// ", SD = 0.85", and JAMA's square brackets inside a bracket ("(mean [SD]
// EDSS, 4.2 [1.1])").
static SD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s*[(\[]\s*({SD_NAME}\s*[=:,]?\s*)?{N}\s*[)\]]|\s*[,;]\s*({SD_NAME})\s*[=:]?\s*{N}(?-u:\b))"
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
        r"^(?i)(?:(between)\s+|from\s+|(\()\s*)?{N}\s*(?:(-|to|through)|(and))\s*{N}(\s*\))?"
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
// least 0.5 points", "progression of at least one point", "had increased
// by mean 0.15".
static CHANGE_BY: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:(?:significantly|slightly|further|an?|the|mean|had|has|have)\s+)*{VERB}\s+(?:significantly\s+)?(?:from\s+baseline\s+)?(?:\(\s*)?(by|of)?\s*(?:(?:an?\s+)?(?:mean|average)\s+(?:of\s+)?)?(?:{COMP}\s*)?{SIZE}(?:\s*-?\s*{UNIT})?"
    ))
});

/// Where the number after a mention starts, and what the label words on
/// the way said about it.
pub(super) struct After<'a> {
    /// The statement's start (the mention's).
    pub(super) a0: usize,
    /// The mention's end, where `clause` starts.
    pub(super) a1: usize,
    /// The clause after the mention, label words included.
    pub(super) clause: &'a str,
    /// Byte offset of `rest` in `fold`.
    pub(super) at: usize,
    /// The clause from the first number on.
    pub(super) rest: &'a str,
    /// The whole text, for what follows the clause's end.
    pub(super) fold: &'a str,
    /// `mean`, `average` or `median`, from a label after the mention or a
    /// word before it.
    pub(super) stat: Option<String>,
    /// The statistic word stood before the mention (`mean EDSS was …`):
    /// running text, where a bare bracket after a mean is its SD.
    running_text: bool,
    /// The label names an SD (`EDSS, mean (SD)`).
    label_sd: bool,
    /// `change in EDSS …` stood before the mention.
    pub(super) change_in: bool,
    /// `a maximum EDSS of 5.5`: the single score is a limit.
    cap: Option<Comparator>,
    /// The statement stands inside a bracket opened before the mention
    /// (`One patient (EDSS=3.5) withdrew`).
    in_paren: bool,
}

impl After<'_> {
    fn is_median(&self) -> bool {
        self.stat.as_deref() == Some("median")
    }

    /// Whether a single number stands alone before `tail`: as
    /// [`stands_alone`] says, or closing the bracket the statement stands
    /// in (`(EDSS=3.5)`; `1) EDSS 2) MSFC` is a numbered list).
    pub(super) fn alone(&self, tail: &str) -> bool {
        stands_alone(tail) || (self.in_paren && tail.trim_start().starts_with(')'))
    }
}

/// `a maximum EDSS of 5.5`, `a minimum baseline EDSS of 2.0`: with the
/// article, a limit (`the maximum EDSS reached` is a statistic).
static CAP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)an?\s+(maximum|minimum|maximal|minimal)\s+(?:baseline\s+|screening\s+|entry\s+)?$",
    )
});

/// `the treatment difference in EDSS change`, `differences of EDSS`: a
/// comparison of groups, not a level or a change of one.
static DIFFERENCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(r"(?i)(?-u:\b)differences?\s+(?:in|of)\s+(?:the\s+)?(?:mean\s+|median\s+)?(?:baseline\s+)?$")
});

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
    if DIFFERENCE_BEFORE.is_match(head) {
        return;
    }
    let Some(r) = after_labels(fold, head, a0, a1, end) else {
        return;
    };
    // `an increase in EDSS of 1.0`: the number is the change's size, read
    // by `before`, never a level.
    let change_word_before = BEFORE_CHANGE_WORD.is_match(head);
    let _ = stated_change(&r, found)
        || change_by(&r, found)
        || to_or_more(&r, found)
        || change_word_before
        || signed_change(&r, found)
        || mean_sd(&r, found)
        || threshold(&r, found)
        || range(&r, found)
        || single(&r, found);
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
    // `baseline EDSS averaged 3.6`: the verb names the mean.
    let averaged = clause[..pos].to_ascii_lowercase().contains("averaged");
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
    // JAMA style, the statistic named before the scale: `median EDSS
    // score, 2.0; range, 0–5.5`.
    if stat_before.is_some() && label.is_none() {
        let after_comma = clause[pos..].strip_prefix(',').map(str::trim_start);
        if let Some(v) = after_comma.filter(|v| v.starts_with(|c: char| c.is_ascii_digit())) {
            pos = clause.len() - v.len();
        }
    }
    // No statistic named, but the shape names it: `(EDSS, 2.8 ± 1.5)`.
    if stat_before.is_none() && label.is_none() {
        let after_comma = clause[pos..].strip_prefix(',').map(str::trim_start);
        if let Some(v) = after_comma.filter(|v| PLUS_MINUS.is_match(v)) {
            pos = clause.len() - v.len();
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
        a1,
        clause,
        at,
        rest,
        fold,
        running_text: stat_before.is_some(),
        stat: label
            .or(stat_before)
            .or(averaged.then(|| "mean".to_string())),
        label_sd,
        change_in: CHANGE_IN_BEFORE.is_match(head),
        in_paren: head.matches('(').count() > head.matches(')').count(),
        cap: CAP_BEFORE.captures(head).map(|c| {
            if c[1].to_ascii_lowercase().starts_with("max") {
                Comparator::Le
            } else {
                Comparator::Ge
            }
        }),
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
                    change_of(dir * n),
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
    if bounds(r, cmp, v, m.end(), found) {
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
        let tail = &rest[p + nm.end()..];
        // The clause ends at the next measure's name, so the thing counted
        // is read past it.
        let counted = counts_other(&r.fold[at + p + nm.end()..]);
        if !on_scale(v) || !range_tail_ok(tail) || counted {
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

/// Both ends of one eligible span, `EDSS ≥ 2.0 and ≤ 6.5`: a range, as
/// `EDSS 2.0–6.5` is (two categories, `≤2.0 vs >2.0`, stay thresholds).
fn bounds(r: &After, cmp: Comparator, low: f64, end: usize, found: &mut Vec<Found>) -> bool {
    let Some(n) = THRESHOLD_NEXT.captures(&r.rest[end..]) else {
        return false;
    };
    let nm = n.get(0).expect("match");
    let joined_by_and = nm
        .as_str()
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("and");
    let (Some(Comparator::Le), Some(high)) = (comparator(&n[1]), parse_decimal(&n[2])) else {
        return false;
    };
    if cmp != Comparator::Ge || !joined_by_and || !on_scale(high) || high <= low {
        return false;
    }
    if !range_tail_ok(&r.rest[end + nm.end()..]) {
        return false;
    }
    push(
        found,
        r.a0,
        r.at + end + nm.end(),
        EdssValue::Range { low, high },
        "edss.range_bounds",
        0.85,
    );
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
        if let Some(md) = MEDIAN_AFTER_RANGE.captures(&r.rest[m.end()..]) {
            // `ranged from 1.0 to 6.5 (median 3.5)`: one median with its
            // range, as `median 3.5 (range 1.0–6.5)` is.
            let end = m.end() + md.get(0).expect("match").end();
            if let Some(v) = parse_decimal(&md[1]).filter(|v| lo <= *v && *v <= hi) {
                let value = EdssValue::Median {
                    median: v,
                    low: Some(lo),
                    high: Some(hi),
                };
                push(found, r.a0, r.at + end, value, "edss.range_median", 0.85);
                return true;
            }
        }
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

/// The median in a bracket right after a range: `(median 3.5)`,
/// `(median, 3.5)`, `(median = 3.5)`.
static MEDIAN_AFTER_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*[(\[]\s*median\s*(?:[=:,]\s*|of\s+)?{N}\s*[)\]]"
    ))
});

/// An SD named in a bracket right after a number: `(SD 1.1)`, `(SD = 1.1)`.
static SD_NAMED: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^\s*\(\s*(?i:{SD_NAME})\s*[=:,]?\s*\d")));

/// A spread named in a bracket right after a number: `(range 2.0–6.0)`,
/// `[IQR 1.5–3.0]`.
static SPREAD_NAMED: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^(?i)\s*[(\[]\s*{SPREAD_NAME}\s*[:,]?\s*\d")));

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
        // `Baseline EDSS was 2.4 (SD 1.1)`: a number with its SD is a mean;
        // with a named range or IQR, a median (`3.5 (range 2.0–6.0)`).
        None if SD_NAMED.is_match(tail) => mean(r, v, tail, at, found),
        None if SPREAD_NAMED.is_match(tail) => median(r, v, tail, at, found),
        None => score(r, v, tail, at, found),
    }
    true
}

/// A median, alone or with its spread: "median EDSS 3.0 (IQR 2.0–4.5)".
fn median(r: &After, v: f64, tail: &str, at: usize, found: &mut Vec<Found>) {
    if !on_scale(v) {
        return;
    }
    // `2.0 (IQR 1.0–3.0)`, or the spread named after a comma: `2.0,
    // interquartile range [IQR] 1.0–3.0`.
    // Unbracketed, the spread must end there (`1.0–3.0 years` is not one).
    let spread = PAREN_RANGE.captures(tail).or_else(|| {
        SPREAD_AFTER
            .captures(tail)
            .filter(|c| range_tail_ok(&tail[c.get(0).expect("match").end()..]))
    });
    if let Some(c) = spread {
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
    if !r.alone(tail) {
        // `median EDSS was 3.0 in the treated group and 3.5 with placebo`.
        if r.running_text {
            plain_groups((r.a0, at, v), tail, true, found);
        }
    } else {
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
            .get(2)
            .or(s.get(4))
            .and_then(|g| parse_decimal(g.as_str()));
        // A bare "(0.68)" is an SD in running text or under an SD label;
        // in a table row "Mean 7.7 (8.0)" it can be the median.
        let explicit = s.get(1).is_some() || s.get(3).is_some();
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
    if r.alone(tail) {
        push(found, r.a0, at, plain, "edss.mean", 0.8);
    } else if r.running_text {
        // `a mean EDSS of 4.7 and those in the placebo arm 4.6`.
        plain_groups((r.a0, at, v), tail, false, found);
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
    if let Some(cmp) = r.cap {
        if on_scale(v) && r.alone(tail) {
            let value = EdssValue::Threshold {
                comparator: cmp,
                value: v,
            };
            push(found, r.a0, at, value, "edss.threshold_cap", 0.8);
        }
        return;
    }
    // A single score: only below 100 and with at most two decimals, so
    // that a score off the scale is still shown (with a warning).
    if v < 100.0 && r.alone(tail) {
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
