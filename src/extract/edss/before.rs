//! Number-before forms, read backwards from the mention: `a score of ≤4.0
//! on the EDSS`, `decreased one score in the EDSS`, `progressed ≥1 EDSS
//! point`, `a 1-point increase in EDSS`, and `worsening on the EDSS of at
//! least 0.5 points` (the change word before, its size after).

use super::mention::ANCHOR;
use super::shape::{
    comparator, direction, on_scale, range_tail_ok, range_tail_ok_for_size, rx, size, COMP, N,
    SIZE, UNIT, VERB,
};
use super::{change_of, push, Found};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::{Comparator, EdssValue};
use regex::Regex;
use std::sync::LazyLock;

// A range before the mention, after the word for its scores: "scores of
// 0 to 5.0 on the EDSS", "a score between 2.0 and 6.5 on the Expanded
// Disability Status Scale", "a score of 1.0–5.5 (inclusive) on the".
static BEFORE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)scores?\s+(?:of\s+|from\s+|between\s+|ranging\s+from\s+)?{N}\s*(?:-|–|to|through|and)\s*{N}(?:\s*\(?\s*inclusive\s*\)?\s*,?)?\s+(?:on|in)\s+(?:the\s+)?(?:Kurtzke\s+)?$"
    ))
});

// A change's size and, in a bracket or after `or`, a second size under a
// condition that names the scale: "an increase of ≥1.0 point (≥0.5 if
// baseline EDSS > 5.5)", "a ≥1.0-point increase, or 0.5 point if the
// baseline EDSS". The condition's mention is the one both sizes are on.
static CONDITIONAL_SIZES: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)(?:{VERB}\s+(?:from\s+baseline\s+)?(?:of\s+|by\s+)?(?:{COMP}\s*)?{SIZE}\s*-?\s*{UNIT}|(?:{COMP}\s*)?{SIZE}\s*-?\s*{UNIT}\s+{VERB})\s*(?:\(\s*|,?\s*or\s+(?:of\s+|by\s+)?)(?:{COMP}\s*)?{SIZE}(?:\s*-?\s*{UNIT})?\s+(?:if|when|for|in)\s+(?:(?:those|patients|participants|people|subjects)\s+(?:with\s+)?)?(?:the\s+|an?\s+)?(?:(?:baseline|initial|entry|screening)\s+)?$"
    ))
});

// Number-first forms, read backwards from the mention:
// "a score of ≤4.0 on the Expanded Disability Status Scale",
// "at least 3.0 on the EDSS".
static BEFORE_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?:score\s+of\s+|(?-u:\b))(?:{COMP}\s*)?{N}\s+(?:or\s+(?:more|higher|greater|less|lower)\s+)?(?:on|in)\s+(?:the\s+)?$"
    ))
});

// "decreased one score in the EDSS", "an increase of ≥ 1.0 point in
// EDSS", "an increase from baseline of at least 1.0 point in the",
// "a 1-point increase in EDSS", "progressed ≥1" (unit after the mention),
// "an increase of ≥1 point compared with the initial EDSS", "an increase of
// 1.0 point from the baseline EDSS".
static BEFORE_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}\s+(?:from\s+baseline\s+)?(?:of\s+|by\s+)?(?:{COMP}\s*)?{SIZE}\s*-?\s*(?:{UNIT}\s+(?:(?:on|in|of)\s+(?:the\s+)?|(?:compared\s+(?:with|to)|relative\s+to|above|over|from)\s+(?:the\s+)?(?:initial|baseline|previous|prior|reference|lowest)\s+))?$"
    ))
});

// "a 1-point increase in EDSS", "a 0.5-point worsening on the"
static BEFORE_POINT_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){N}\s*-\s*points?\s+{VERB}\s+(?:in|on|of)\s+(?:the\s+)?$"
    ))
});

// "worsening on the Expanded Disability Status Scale (EDSS) [25] of at
// least 0·5 points": the change word before the mention, its size after.
pub(super) static BEFORE_CHANGE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}\s+(?:in|on|of)\s+(?:the\s+)?$"
    ))
});

// "a 1.5-point EDSS increase", "≥1 point EDSS worsening": the size and
// its unit before the mention, the change word right after it.
static BEFORE_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)(?:{COMP}\s*)?{SIZE}\s*-?\s*{UNIT}\s+(?:or\s+(?:more|greater)\s+)?$"
    ))
});

// The change word right after such a mention: "increase", "score worsening".
static VERB_AFTER: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^(?i)\s*(?:scores?\s+)?{VERB}(?-u:\b)")));

// The size after such a mention: "of at least 0.5 points", "point", "score
// of ≥1.0" (after `of` or `by` the unit may go unsaid).
static SIZE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*(?:\[[\d,\s\-]+\]\s*)?(?:scores?\s+)?(?:(?:of|by)\s+(?:{COMP}\s*)?{SIZE}(?:\s*-?\s*{UNIT})?|(?:{COMP}\s*)?{SIZE}\s*-?\s*{UNIT})"
    ))
});

// The unit right after the mention, for "progressed ≥1 EDSS point".
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^(?i)\s*{UNIT}")));

/// Number-before forms: `≤4.0 on the EDSS`, `decreased one score in the
/// EDSS`, `progressed ≥1 EDSS point`, `worsening on the EDSS of at least
/// 0.5 points`.
pub(super) fn read_before(
    fold: &str,
    head: &str,
    head_start: usize,
    a1: usize,
    end: usize,
    found: &mut Vec<Found>,
) {
    let b = Before {
        head,
        head_start,
        a1,
        clause: &fold[a1..end],
    };
    range_before(&b, found);
    let _ = conditional_sizes(&b, found)
        || point_change(&b, found)
        || change_before(&b, found)
        || change_around(&b, found)
        || size_then_word(&b, found)
        || level_before(&b, found);
}

/// The text before a mention and the clause after it.
struct Before<'a> {
    head: &'a str,
    /// Byte offset of `head` in `fold`.
    head_start: usize,
    /// The mention's end.
    a1: usize,
    clause: &'a str,
}

/// "a 1-point increase in EDSS", "a 0.5-point worsening on the".
fn point_change(b: &Before, found: &mut Vec<Found>) -> bool {
    let (head, head_start, a1) = (b.head, b.head_start, b.a1);
    let Some(c) = BEFORE_POINT_CHANGE.captures(head) else {
        return false;
    };
    let m = c.get(0).expect("match");
    if let (Some(n), Some(dir)) = (parse_decimal(&c[1]), direction(&c[2])) {
        if n > 0.0 && n <= 10.0 {
            push(
                found,
                head_start + m.start(),
                a1,
                change_of(dir * n),
                "edss.change_before",
                0.8,
            );
        }
    }
    true
}

/// "decreased one score in the EDSS", "an increase of ≥ 1.0 point in
/// EDSS", "progressed ≥1 EDSS point": a size with its unit, before the
/// mention or right after it.
fn change_before(b: &Before, found: &mut Vec<Found>) -> bool {
    let (head, head_start, a1, clause) = (b.head, b.head_start, b.a1, b.clause);
    let Some(c) = BEFORE_CHANGE.captures(head) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let unit_before = c.get(4).is_some();
    let unit_after = if unit_before {
        None
    } else {
        UNIT_AFTER.find(clause)
    };
    if unit_before || unit_after.is_some() {
        if let (Some(dir), Some(n)) = (direction(&c[1]), size(&c[3])) {
            if n > 0.0 && n <= 10.0 {
                let e = unit_after.map_or(a1, |u| a1 + u.end());
                push(
                    found,
                    head_start + m.start(),
                    e,
                    change_of(dir * n),
                    "edss.change_before",
                    0.8,
                );
            }
        }
        return true;
    }
    false
}

/// "worsening on the EDSS of at least 0.5 points": the change word before
/// the mention, its size after.
fn change_around(b: &Before, found: &mut Vec<Found>) -> bool {
    let (head, head_start, a1, clause) = (b.head, b.head_start, b.a1, b.clause);
    let Some(c) = BEFORE_CHANGE_WORD.captures(head) else {
        return false;
    };
    let m = c.get(0).expect("match");
    if let Some(s) = SIZE_AFTER.captures(clause) {
        let sm = s.get(0).expect("match");
        let tail = &clause[sm.end()..];
        // Without its unit, the size is no time or count either.
        let unitless = s.get(2).is_some() && s.get(3).is_none();
        let n = s.get(2).or(s.get(5)).and_then(|g| size(g.as_str()));
        if range_tail_ok_for_size(tail) && (!unitless || range_tail_ok(tail)) {
            if let (Some(dir), Some(n)) = (direction(&c[1]), n) {
                if n > 0.0 && n <= 10.0 {
                    push(
                        found,
                        head_start + m.start(),
                        a1 + sm.end(),
                        change_of(dir * n),
                        "edss.change_around",
                        0.8,
                    );
                }
            }
        }
    }
    true
}

/// "a 1.5-point EDSS increase": the size before the mention, the change
/// word after it.
fn size_then_word(b: &Before, found: &mut Vec<Found>) -> bool {
    let (Some(c), Some(v)) = (BEFORE_SIZE.captures(b.head), VERB_AFTER.captures(b.clause)) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let vm = v.get(0).expect("match");
    if let (Some(dir), Some(n)) = (direction(&v[1]), size(&c[2])) {
        if n > 0.0 && n <= 10.0 {
            push(
                found,
                b.head_start + m.start(),
                b.a1 + vm.end(),
                change_of(dir * n),
                "edss.change_before",
                0.8,
            );
        }
    }
    true
}

/// "a score of ≤4.0 on the EDSS", "at least 3.0 on the EDSS", "6 or more
/// on the EDSS".
fn level_before(b: &Before, found: &mut Vec<Found>) -> bool {
    let (head, head_start, a1) = (b.head, b.head_start, b.a1);
    let Some(c) = BEFORE_LEVEL.captures(head) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let Some(v) = parse_decimal(&c[2]) else {
        return true;
    };
    // "0 on the EDSS" in "ranges from 0 (no disability) to 10" is no
    // statement; a level needs "score of" or a comparator.
    let has_cmp = c.get(1).is_some();
    let or_more_word = m.as_str().to_ascii_lowercase().contains(" or ");
    let score_of = m.as_str().to_ascii_lowercase().starts_with("score");
    if !on_scale(v) {
        return true;
    }
    let value = if has_cmp {
        EdssValue::Threshold {
            comparator: comparator(&c[1]).unwrap_or(Comparator::Eq),
            value: v,
        }
    } else if or_more_word {
        let lower = m.as_str().to_ascii_lowercase();
        let cmp = if lower.contains("or less") || lower.contains("or lower") {
            Comparator::Le
        } else {
            Comparator::Ge
        };
        EdssValue::Threshold {
            comparator: cmp,
            value: v,
        }
    } else if score_of {
        EdssValue::Value { value: v }
    } else {
        return true;
    };
    if let EdssValue::Threshold {
        comparator: Comparator::Eq,
        ..
    } = value
    {
        return true;
    }
    let start = head_start + m.start();
    push(found, start, a1, value, "edss.level_before", 0.8);
    true
}

/// "scores of 0 to 5.0 on the EDSS": a range of scores before the mention.
/// The scale's own span (`0 to 10`) is no statement.
fn range_before(b: &Before, found: &mut Vec<Found>) {
    let Some(c) = BEFORE_RANGE.captures(b.head) else {
        return;
    };
    let (Some(low), Some(high)) = (parse_decimal(&c[1]), parse_decimal(&c[2])) else {
        return;
    };
    if !(on_scale(low) && on_scale(high) && low < high) || (low == 0.0 && high == 10.0) {
        return;
    }
    let m = c.get(0).expect("match");
    push(
        found,
        b.head_start + m.start(),
        b.a1,
        EdssValue::Range { low, high },
        "edss.range_before",
        0.8,
    );
}

/// "an increase of ≥1.0 point (≥0.5 if baseline EDSS > 5.5)": both sizes
/// of a definition whose condition names the scale, each a change in the
/// direction of the change word.
fn conditional_sizes(b: &Before, found: &mut Vec<Found>) -> bool {
    let Some(c) = CONDITIONAL_SIZES.captures(b.head) else {
        return false;
    };
    let m = c.get(0).expect("match");
    // `EDSS increase of ≥1.0 point (≥0.5 if …)`: the mention before the
    // definition reads both sizes.
    let lead = &b.head[floor_boundary(b.head, m.start().saturating_sub(24))..m.start()];
    if ANCHOR.is_match(lead) {
        return true;
    }
    let verb = c.get(1).or(c.get(8)).map(|g| g.as_str());
    let first = c.get(3).or(c.get(6)).and_then(|g| size(g.as_str()));
    let second = c.get(10).and_then(|g| size(g.as_str()));
    let (Some(dir), Some(first), Some(second)) = (verb.and_then(direction), first, second) else {
        return true;
    };
    // Each size its own span: the first up to its unit (or its change
    // word), the second from its comparator or number to the mention.
    let split = b.head_start + c.get(9).or(c.get(10)).map_or(m.end(), |g| g.start());
    let first_end = b.head_start + c.get(4).or(c.get(8)).map_or(m.end(), |g| g.end());
    let spans = [
        (b.head_start + m.start(), first_end.min(split)),
        (split, b.a1),
    ];
    for (n, (s, e)) in [first, second].into_iter().zip(spans) {
        if n > 0.0 && n <= 10.0 {
            push(
                found,
                s,
                e,
                change_of(dir * n),
                "edss.change_conditional",
                0.75,
            );
        }
    }
    true
}
