//! The number shapes and words every EDSS reading shares: how values,
//! comparators, change words and change sizes are written, and the checks a
//! number must pass to be an EDSS score (0–10 in steps of 0.5).

use crate::extract::numbers::{parse_decimal, parse_number_words};
use crate::record::{Comparator, EdssValue};
use regex::Regex;
use std::sync::LazyLock;

/// A decimal as EDSS values are printed (`6`, `6.5`, `4.0`; `4·0` is
/// already `4.0` in `fold`).
pub(super) const N: &str = r"(\d{1,3}(?:\.\d{1,3})?)";

/// How prose names a spread: `range`, `IQR`, `interquartile range
/// [IQR]`, `Q1–Q3`, `quartiles`, `min–max`, `25th–75th percentile`.
pub(super) const SPREAD_NAME: &str = r"(?:range|IQR|interquartile\s+range(?:\s*[(\[]\s*IQR\s*[)\]])?|Q1\s*[-–,;]\s*Q3|quartiles?|min(?:imum)?\s*[-–,;]\s*max(?:imum)?|25th\s*[-–,;]\s*75th\s+percentiles?)";

/// How prose names a standard deviation.
pub(super) const SD_NAME: &str = r"(?:SD|s\.d\.|standard\s+deviation)";

/// The label a spread may open with inside its bracket: `(range 1.0–6.0)`,
/// `(IQR 2.0-4.0)`, `[Q1, Q3: 1.5, 3.5]`, `(min-max: 1-6)`, `(interquartile
/// range, 4.0 to 6.0)`.
pub(super) fn spread_label() -> String {
    format!(r"(?:{SPREAD_NAME}\s*[:,]?\s*)?")
}

/// Comparators, symbolic and worded.
pub(super) const COMP: &str = r"((?:less|lower|greater|higher|more)\s+than\s+or\s+equal\s+to|<=|>=|=<|=>|<|>|≤|≥|⩽|⩾|less\s+than|lower\s+than|below|under|fewer\s+than|greater\s+than|higher\s+than|more\s+than|above|over|at\s+least|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|not\s+exceeding|up\s+to|equal\s+to\s+or\s+(?:less|lower|greater|higher|more)\s+than)";

/// Words that say which way a change went.
pub(super) const VERB: &str = r"(increas(?:es|ed|ing|e)|decreas(?:es|ed|ing|e)|declin(?:es|ed|ing|e)|reduc(?:es|ed|ing|tion|e)|improv(?:es|ed|ing|ement|e)|worsen(?:ed|s|ing)?|deteriorat(?:es|ed|ing|ion|e)|progress(?:ed|es|ing|ion)?|rise|rose|fell|fall|drop(?:ped|s)?|decrement|increment)";

/// A change size: digits or the words trials use (`one score`, `half a
/// point`).
pub(super) const SIZE: &str =
    r"(\d{1,2}(?:\.\d{1,2})?|one|two|three|four|five|half(?:\s+a)?|a\s+half)";

/// The units of a change size.
pub(super) const UNIT: &str = r"(points?|scores?|steps?|units?|degrees?|grades?)(?-u:\b)";

pub(super) fn rx(pattern: &str) -> Regex {
    crate::extract::rx::new(pattern).expect("edss regex")
}

/// Which way a change word points: +1 worse (EDSS up), -1 better.
pub(super) fn direction(word: &str) -> Option<f64> {
    let w = word.to_ascii_lowercase();
    if w.starts_with("increas")
        || w.starts_with("worsen")
        || w.starts_with("deteriorat")
        || w.starts_with("progress")
        || w.starts_with("increment")
        || w == "rise"
        || w == "rose"
    {
        Some(1.0)
    } else if w.starts_with("decreas")
        || w.starts_with("declin")
        || w.starts_with("reduc")
        || w.starts_with("improv")
        || w.starts_with("decrement")
        || w.starts_with("drop")
        || w == "fell"
        || w == "fall"
    {
        Some(-1.0)
    } else {
        None
    }
}

/// A change size: `1`, `0.5`, `one`, `half a`.
pub(super) fn size(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase();
    if t.starts_with("half") || t == "a half" {
        return Some(0.5);
    }
    parse_decimal(&t).or_else(|| parse_number_words(&t).map(|n| n as f64))
}

pub(super) fn comparator(s: &str) -> Option<Comparator> {
    let t: String = s
        .to_ascii_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(match t.as_str() {
        "<" | "less than" | "lower than" | "below" | "under" | "fewer than" => Comparator::Lt,
        "<=" | "=<" | "≤" | "⩽" | "at most" | "no more than" | "not more than"
        | "no greater than" | "not exceeding" | "up to" => Comparator::Le,
        ">" | "greater than" | "higher than" | "more than" | "above" | "over" => Comparator::Gt,
        ">=" | "=>" | "≥" | "⩾" | "at least" => Comparator::Ge,
        _ if t.starts_with("equal to or") || t.ends_with("or equal to") => {
            if t.contains("less") || t.contains("lower") {
                Comparator::Le
            } else {
                Comparator::Ge
            }
        }
        _ => return None,
    })
}

pub(super) fn on_scale(v: f64) -> bool {
    (0.0..=10.0).contains(&v)
}

/// Whether a single score is a valid EDSS step (0–10 by 0.5).
pub fn valid_score(v: f64) -> bool {
    on_scale(v) && ((v * 2.0).round() - v * 2.0).abs() < 1e-9
}

/// A median `v` with its range or IQR `lo`–`hi`, when both ends are valid
/// scores and the range holds the median (the caller judges `v` itself).
pub(super) fn median_in_range(v: f64, lo: f64, hi: f64) -> Option<EdssValue> {
    (valid_score(lo) && valid_score(hi) && lo <= v && v <= hi && lo < hi).then_some(
        EdssValue::Median {
            median: v,
            low: Some(lo),
            high: Some(hi),
        },
    )
}

/// What may follow a single score for it to stand alone: the end of the
/// clause or a word, never another number, a bracket, a list or a unit.
pub(super) fn stands_alone(rest: &str) -> bool {
    let r = rest.trim_start();
    if r.is_empty() {
        return true;
    }
    let c = r.chars().next().unwrap_or(' ');
    if matches!(c, ';' | ':') {
        return true;
    }
    if c == '.' {
        // "5." ends a sentence; "5.24" cannot happen here (the number
        // regex took the decimals), "3.0.24" is a glued citation.
        return true;
    }
    if c == ',' {
        // "EDSS of 4.0, 4.5 or 5.0" is a list.
        let after = r[1..].trim_start();
        return !after.starts_with(|c: char| c.is_ascii_digit());
    }
    if c == '(' {
        let lower = r.to_ascii_lowercase();
        return lower.starts_with("(table") || lower.starts_with("(fig");
    }
    if !c.is_alphabetic() {
        return false;
    }
    let word = crate::extract::text::first_word_lower(r);
    !matches!(
        word.as_str(),
        "or" | "to"
            | "and"
            | "vs"
            | "versus"
            | "point"
            | "points"
            | "score"
            | "scores"
            | "step"
            | "steps"
            | "unit"
            | "units"
            | "degree"
            | "degrees"
            | "years"
            | "year"
            | "months"
            | "weeks"
            | "days"
            | "patients"
            | "mg"
    )
}

/// Whether what follows a range's second number makes it something else:
/// a percentage, a unit of time, a change size.
pub(super) fn range_tail_ok(rest: &str) -> bool {
    let r = rest.trim_start().to_ascii_lowercase();
    !(r.starts_with('%')
        || r.starts_with(|c: char| c.is_ascii_digit())
        || [
            "point", "score", "step", "unit", "degree", "year", "month", "week", "day", "%",
        ]
        .iter()
        .any(|u| r.starts_with(u)))
}

pub(super) fn range_tail_ok_for_size(rest: &str) -> bool {
    // "by 1-2 scores", "by 1 to 2 points": a range of sizes, not one.
    let r = rest.trim_start();
    !(r.starts_with('-') || r.starts_with("to ") || r.starts_with("and ") || r.starts_with('%'))
}

pub(super) fn or_more(word: &str) -> Option<Comparator> {
    match word.to_ascii_lowercase().as_str() {
        "more" | "higher" | "greater" | "above" | "worse" => Some(Comparator::Ge),
        "less" | "lower" | "below" | "fewer" => Some(Comparator::Le),
        _ => None,
    }
}

/// A number followed by the thing it counts (`≥1 relapse`, `2 or more
/// attacks`, `≥9 T2 lesions`): a count of another measure in the same
/// criteria, not an EDSS level (`EDSS ≤ 5.5 and ≥1 relapse`).
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*(?:or\s+more\s+)?(?:(?:new|clinical|clinically|documented|prior|previous|enhancing|gadolinium-enhancing|gd\+?|t[12]|mri|confirmed|acute)\s+){0,2}(?:relapses?|attacks?|lesions?|exacerbations?|episodes?|bouts?)(?-u:\b)",
    )
});

/// Whether `rest`, right after a number, names another thing it counts.
pub(super) fn counts_other(rest: &str) -> bool {
    COUNTED.is_match(rest)
}

#[cfg(test)]
mod tests {
    use super::counts_other;

    #[test]
    fn a_count_of_another_thing_is_told_apart() {
        assert!(counts_other(" relapse in the past year"));
        assert!(counts_other(" or more new T2 lesions"));
        assert!(counts_other(" clinical attacks"));
        assert!(!counts_other(" at screening"));
        assert!(!counts_other(") were excluded"));
        assert!(!counts_other(" vs. >3.5"));
    }
}
