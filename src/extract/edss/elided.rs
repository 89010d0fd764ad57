//! Forms whose statistic or verb stands apart from the number, read when
//! the other readings found nothing for a mention:
//! * a median's spread inside its bracketed label, the median after it
//!   (`the EDSS (median (IQR 2.5–5.0)) was 3.5`);
//! * a change whose verb the sentence gave to the measure before, the
//!   scale's own size after it (`the MSFC improved by 0.2 and the EDSS by
//!   0.3 points`);
//! * a statistic named once for a list of scores the scale ends
//!   (`Median (IQR) functional system scores were pyramidal 2.0 (1.0–3.0),
//!   cerebellar 1.0 (0–2.0) and EDSS 3.0 (2.0–4.0)`).

use super::shape::{
    direction, median_in_range, on_scale, rx, size, N, SIZE, SPREAD_NAME, UNIT, VERB,
};
use super::{change_of, push, Found};
use crate::extract::numbers::parse_decimal;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// `(median (IQR 2.5–5.0)) was 3.5`, `, median [range 1.0–6.0]: 3.0`: the
/// statistic and its spread as the label, then the median (after the
/// words of a statement: `was`, `of`, `=`, `:`).
static SPREAD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s+scores?)?\s*[(,]\s*median\s*[(\[,;]\s*{SPREAD_NAME}\s*[:=,]?\s*{N}\s*(?:-|–|to)\s*{N}\s*[)\]]\s*\)?\s*(?:(?:was|were|is|of|at\s+baseline|at\s+entry)\s+|[:=]\s*)+{N}(?-u:\b)"
    ))
});

/// A word of change before the mention: what follows is a change's size.
static CHANGE_WORD: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"(?i)(?-u:\b)(?:{VERB}|chang|differ|delta)|Δ")));

/// What may follow a value that ends its statement: the sentence's or the
/// clause's end, a bracket closing, or words (`in the whole cohort`); no
/// further number or bracket of its own.
static ENDS: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?:\s*$|\s*[.;,)]|\s+(?i:in|at|for|and|among|across|over|during|after|from|with|between|versus|vs|compared)\s)",
    )
});

/// Reads the forms of this module after the mention at `a0..a1`, whose
/// clause ends at `end` and whose sentence before it is `head`.
pub(super) fn read_elided(
    fold: &str,
    head: &str,
    a0: usize,
    a1: usize,
    end: usize,
    found: &mut Vec<Found>,
) {
    let clause = &fold[a1..end];
    if CHANGE_WORD.is_match(head) {
        // `the change in EDSS (median (IQR …)) was 0.5`, `Median changes
        // were MSFC 0.1 (…) and EDSS 0.5 (…)`: sizes of changes, no levels.
        elliptic_change(head, clause, a0, a1, found);
    } else if !spread_label(clause, a0, a1, found) && !listed(head, clause, a0, a1, found) {
        elliptic_change(head, clause, a0, a1, found);
    }
}

/// The median after a label holding its spread ([`SPREAD_LABEL`]); the
/// median must lie within the spread.
fn spread_label(clause: &str, a0: usize, a1: usize, found: &mut Vec<Found>) -> bool {
    let Some(c) = SPREAD_LABEL.captures(clause) else {
        return false;
    };
    let m = c.get(0).expect("match");
    if !ENDS.is_match(&clause[m.end()..]) {
        return true;
    }
    let (Some(lo), Some(hi), Some(v)) = (
        parse_decimal(&c[1]),
        parse_decimal(&c[2]),
        parse_decimal(&c[3]),
    ) else {
        return true;
    };
    if let Some(value) = super::valid_score(v)
        .then(|| median_in_range(v, lo, hi))
        .flatten()
    {
        push(
            found,
            a0,
            a1 + m.end(),
            value,
            "edss.median_spread_label",
            0.85,
        );
    }
    true
}

/// The verb of an elided change: the measure before the mention changed
/// `by` a size (in its own unit: `by 1.2 seconds`, `by 20%`), and the sentence goes on `and the` (`the MSFC improved by
/// 0.2 and the`). The verb is the first group; no other verb, clause end
/// or bracket stands between.
static VERB_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}\s+(?:significantly\s+)?by\s+(?:a\s+mean\s+of\s+)?(?:[-−]\s*)?{SIZE}(?:\s*%|\s*-?\s*[A-Za-z]{{1,12}})?\s*,?\s+and\s+(?:the\s+|in\s+(?:the\s+)?)?(?:mean\s+|median\s+)?$"
    ))
});

/// The scale's own size after the mention: `by 0.3 points`, `score by
/// 0.5`.
static BY_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s+scores?)?\s+by\s+(?:a\s+mean\s+of\s+)?{SIZE}(?:\s*-?\s*{UNIT})?"
    ))
});

/// `the MSFC improved by 0.2 and the EDSS by 0.3 points`: the EDSS changed
/// the way the verb before says, by its own size.
fn elliptic_change(head: &str, clause: &str, a0: usize, a1: usize, found: &mut Vec<Found>) {
    let Some(v) = VERB_BEFORE.captures(head) else {
        return;
    };
    let Some(c) = BY_SIZE.captures(clause) else {
        return;
    };
    let m = c.get(0).expect("match");
    if !ENDS.is_match(&clause[m.end()..]) {
        return;
    }
    if let (Some(dir), Some(n)) = (direction(&v[1]), size(&c[1])) {
        if n > 0.0 && n <= 10.0 {
            push(
                found,
                a0,
                a1 + m.end(),
                change_of(dir * n),
                "edss.change_elided",
                0.8,
            );
        }
    }
}

/// A statistic named at the head of a list of scores, each a name and a
/// bracketed value, the list running up to the mention: `Median (IQR)
/// functional system scores were pyramidal 2.0 (1.0–3.0), cerebellar 1.0
/// (0–2.0) and`. The statistic is the first group.
static LIST_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)(median|mean)(?:\s*[(\[][^()\[\]]{{1,30}}[)\]])?\s+(?:[A-Za-z-]+\s+){{0,4}}(?:(?:were|was)\s*:?\s+|:\s*)(?:[A-Za-z-]+(?:\s+[A-Za-z-]+)?\s+{N}\s*[(\[][^()\[\]]{{1,20}}[)\]]\s*(?:,\s*(?:and\s+)?|;\s*|and\s+))+(?:the\s+)?$"
    ))
});

/// The scale's own entry of such a list: a median and its spread, `3.0
/// (2.0–4.0)`, or a mean and its SD, `3.1 (1.2)`, `3.1 ± 1.2`.
static LISTED_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?:\s+scores?)?\s*[:=]?\s*{N}\s*(?:[(\[]\s*{N}\s*(?:[-–]|to)\s*{N}\s*[)\]]|[(\[]\s*(?i:SD\s*)?{N}\s*[)\]]|±\s*{N})"
    ))
});

/// The scale's entry of a list whose statistic the list's head names
/// ([`LIST_HEAD`], [`LISTED_VALUE`]): a median with its spread (the median
/// within it), or a mean with its SD.
fn listed(head: &str, clause: &str, a0: usize, a1: usize, found: &mut Vec<Found>) -> bool {
    let Some(h) = LIST_HEAD.captures(head) else {
        return false;
    };
    let Some(c) = LISTED_VALUE.captures(clause) else {
        return false;
    };
    let m = c.get(0).expect("match");
    if !ENDS.is_match(&clause[m.end()..]) {
        return true;
    }
    let num = |i: usize| c.get(i).and_then(|g| parse_decimal(g.as_str()));
    let Some(v) = num(1).filter(|&v| on_scale(v)) else {
        return true;
    };
    let median = h[1].eq_ignore_ascii_case("median");
    let value = match (median, num(2), num(3), num(4).or(num(5))) {
        (true, Some(lo), Some(hi), _) => match median_in_range(v, lo, hi) {
            Some(value) => value,
            None => return true,
        },
        (false, None, None, Some(sd)) if sd < 10.0 => EdssValue::Mean {
            mean: v,
            sd: Some(sd),
        },
        _ => return true,
    };
    push(found, a0, a1 + m.end(), value, "edss.listed", 0.8);
    true
}
