//! Per-group statements in prose: one clause that gives a value for each
//! group or arm.
//!
//! * more means after the first: `Mean EDSS was 3.1 ± 1.2 in the placebo
//!   group and 3.4 ± 1.1 in the active group`;
//! * the statistic later in the clause than the label words reach:
//!   `baseline EDSS score between tobacco users (mean of 1.92, SD = 0.85)
//!   and non-users (mean of 1.85, SD = 0.84)`, `EDSS scores remained low
//!   (median [Q1, Q3]: 2.0 [1.0, 3.0])`;
//! * changes stated by their direction word and a pair of sizes, without
//!   the word "change": `EDSS worsened in both arms (0.21 vs. 0.30)`;
//! * a second group's change by its own direction word: `EDSS improved by
//!   0.2 in the treatment group and deteriorated by 0.3 in the placebo
//!   group`.
//!
//! * the other size of a two-part change definition: `an increase of at
//!   least 1.0 point in the EDSS score (or at least 0.5 points for patients
//!   with a baseline EDSS above 5.5)`.
//!
//! Between one group's value and the next there are only words: a digit,
//! an acronym or the name of another measure (`score`, `speed`, `time`)
//! means the clause has moved on to something else.

use super::after::STAT_BEFORE;
use super::shape::{
    direction, on_scale, range_tail_ok_for_size, rx, size, spread_label, COMP, N, SIZE, UNIT, VERB,
};
use super::{change_of, push, Found};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// A mean with its SD inside running text: `3.4 ± 1.1`, `3.4 +/- 1.1`,
/// `mean of 1.85, SD = 0.84`, `mean 1.85 (SD 0.84)`.
static MEAN_SD: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?:(?-u:\b)mean\s+(?:of\s+|was\s+|=\s*|:\s*)?)?{N}\s*(?:(?:±|\+\s*/\s*-)\s*{N}|[,;]\s*SD\s*[=:]?\s*{N}|\(\s*SD\s*[=:]?\s*{N}\s*\))"
    ))
});

/// A median whose label comes late: `median [Q1, Q3]: 2.0 [1.0, 3.0]`,
/// `median (quartile [Q]1, Q3) score of 2.0 (1.0, 3.0)`, `median (IQR)
/// 3.0 (2.0–4.5)`.
static MEDIAN_LATE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)median\s*(?:[(\[](?:[^()\[\]]|\[[^\[\]]{{0,6}}\]){{0,40}}[)\]])?\s*:?\s*(?:score\s+)?(?:of\s+|was\s+|=\s*)?{N}\s*[(\[]\s*{sl}{N}\s*(?:[-–,;]|to)\s*{N}\s*[)\]]",
        sl = spread_label()
    ))
});

/// Another group's median and spread: `3.5 [2.5, 4.5]`, `3.0 (IQR
/// 2.0–4.0)`.
static MEDIAN_MORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i){N}\s*[(\[]\s*{sl}{N}\s*(?:[-–,;]|to)\s*{N}\s*[)\]]",
        sl = spread_label()
    ))
});

/// A change word, then the groups' sizes in a bracket: `worsened in both
/// arms (0.21 vs. 0.30)`, `showed a reduction in both groups (0.79 and
/// 0.53)`.
static CHANGE_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}[^.;\d()\[\]]{{0,60}}?\(\s*{N}\s*(?:vs\.?|versus|and|,)\s*{N}\s*(?:\)|[,;])"
    ))
});

/// A change word with its signed size in a bracket, the group after it:
/// `EDSS improved (-0.12) in the placebo group and worsened (+0.18) in the
/// treated group`. Groups: the word, the sign, the size.
static CHANGE_SIGNED: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}(\s+(?:in|with|for|among|on)\s+[^\d()\[\].;,]{{1,40}}?)?\s*\(\s*([-+−–]\s*)?{N}\s*(?:{UNIT}\s*)?\)"
    ))
});

/// Another group's change after the first, by its own direction word and
/// size, with the group after it: `EDSS improved by 0.2 in the treatment
/// group and deteriorated by 0.3 in the placebo group`; or by `and by`
/// or `versus` alone, the direction of the change before it (`increased by
/// 0.3 in the placebo group and by 0.1 in the treated group`, `by 0.15 in
/// the placebo group versus 0.05 in the treated group`); a rate's
/// `per year` after the size too (`by 0.12 points per year in the treated
/// group and by 0.35 points per year in the placebo group`); after a bare
/// `and` only a decimal size, which a count never is (`by 0.12 points per
/// year in the treated group and 0.35 in the placebo group`).
static CHANGE_MORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?:(?-u:\b){VERB}\s+(?:by\s+|of\s+)?|(?-u:\b)(?:and(?:\s+by)?|(?:versus|vs\.?|compared\s+with)(?:\s+by)?)\s+){SIZE}(?:\s*-?\s*{UNIT})?(?:\s*(?:per|a|each|/)\s*(?:year|yr|annum))?\s+(?:in|for|with|among|on)(?-u:\b)"
    ))
});

/// One group without change, then the other's: `EDSS was unchanged in the
/// treated arm and increased by 0.3 in controls`.
static STABLE_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*(?:scores?\s+)?(?:was|were|remained|stayed)\s+(?:unchanged|stable)\s+(?:in|with|for|among|on)\s+[^\d()\[\].;,]{1,40}?\s*,?\s+(?:and|but|while|whereas)\s+",
    )
});

/// `was unchanged in the treated arm and increased by 0.3 in controls`:
/// the second group's change, by its own direction word.
fn change_after_stable(fold: &str, a1: usize, end: usize, found: &mut Vec<Found>) -> bool {
    let clause = &fold[a1..end];
    let Some(s) = STABLE_FIRST.find(clause) else {
        return false;
    };
    let rest = &clause[s.end()..];
    let Some(c) = CHANGE_MORE
        .captures(rest)
        .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
    else {
        return false;
    };
    let (Some(dir), Some(n)) = (c.get(1).and_then(|g| direction(g.as_str())), size(&c[2])) else {
        return false;
    };
    if !(n > 0.0 && n <= 10.0) {
        return false;
    }
    let span_end = c.get(3).or(c.get(2)).map_or(0, |g| g.end());
    let at = a1 + s.end();
    push(
        found,
        at,
        at + span_end,
        change_of(dir * n),
        "edss.group_change",
        0.75,
    );
    true
}

/// A group's change stated after its level, joined by `and`: `… score of
/// 2.0 (1.0, 3.0) and median change from baseline over 11 years of 0.5
/// (−0.50, 1.50)`, `… 3.4 ± 1.2, with a mean change of −0.2`.
static CHANGE_AFTER_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*,?\s*(?:and|with|while)\s+(?:an?\s+|the\s+)?(?:mean|median)\s+changes?\s+(?:from\s+baseline\s+)?(?:(?:over|at|after|to|by)\s+(?:the\s+)?(?:\d{{1,3}}\s+)?(?:years?|months?|weeks?|days?|follow-up)(?:\s+\d{{1,3}})?\s+)?(?:of\s+|was\s+|=\s*|:\s*)([-−–]?)\s*{N}(?-u:\b)"
    ))
});

/// Words that make the next number a change, not another group's or
/// visit's level: `and increased by 0.3`, `with a change of 0.2`.
pub(super) static CHANGE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)(?:{VERB}|by|changes?|changed|difference)(?-u:\b)"
    ))
});

/// The scale's label word right after the mention.
static LABEL_WORD: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^(?i)\s*(?:\(\s*EDSS\s*\)\s*)?scores?(?-u:\b)"));

/// The second size of a change definition: `or at least 0.5 points`, `or
/// a change of ≥0.5 points`, `or by ≥1.5 points`, `or ≥0.5 if the baseline
/// EDSS was 5.5 or more` (the condition names the unit's place), or in a
/// bracket: `(≥0.5 point if baseline EDSS >5.5)`.
static OTHER_SIZE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?:(?-u:\b)or\s+(?:an?\s+(?:change|increase|worsening|progression|decrease|improvement)\s+)?(?:of\s+|by\s+)?|\(\s*){COMP}\s*{SIZE}(?:\s*-?\s*{UNIT}|\s+(?:if|for|when|in|among|with)(?-u:\b))"
    ))
});

/// The other size of a definition without a comparator, its unit saying
/// it is a size: `…, or of 1.5 points from a baseline of 0`.
static OTHER_SIZE_OF: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)or\s+(?:of|by)\s+{SIZE}\s*-?\s*{UNIT}"
    ))
});

/// Acronyms (other scales) and measure words between two groups' values.
static OTHER_MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?-u:\b)[A-Z][A-Z0-9-]{1,}(?-u:\b)|(?i)(?-u:\b)(?:score|scale|test|speed|time|level|volume|rate|index|change|median|range)",
    )
});

/// Words only between the mention (or one group's value) and the next
/// value: no digit, no other measure, not too long. Right after the
/// mention, `score` is the scale's own label word.
pub(super) fn gap_ok(gap: &str, after_mention: bool) -> bool {
    let gap = if after_mention {
        LABEL_WORD.find(gap).map_or(gap, |m| &gap[m.end()..])
    } else {
        gap
    };
    gap.len() <= 90
        && !has_loose_digit(gap)
        && !OTHER_MEASURE
            .find_iter(gap)
            .any(|m| !matches!(m.as_str(), "SD" | "EDSS"))
}

/// Whether a digit stands in `gap` other than inside a drug's name, where
/// a letter (or a letter and a hyphen) comes before it and a letter after
/// (`interferon beta-1a`, `IFNβ1b`): `week 12`, `(n = 40)` are numbers.
fn has_loose_digit(gap: &str) -> bool {
    let b = gap.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let before = gap[..start].chars().next_back();
        let before_word = match before {
            Some('-') => gap[..start - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic),
            Some(c) => c.is_alphabetic(),
            None => false,
        };
        let after_letter = gap[i..].chars().next().is_some_and(char::is_alphabetic);
        if !(before_word && after_letter) {
            return true;
        }
    }
    false
}

/// The per-group readings of the clause `fold[a1..end]` after a mention;
/// `found[before..]` is what the other readers found for it; `s1` ends the
/// sentence.
pub(super) fn read_groups(
    fold: &str,
    head: &str,
    a1: usize,
    end: usize,
    s1: usize,
    before: usize,
    found: &mut Vec<Found>,
) {
    other_sizes(fold, s1, before, found);
    if end <= a1 {
        return;
    }
    let mine = &found[before..];
    if mine.is_empty() {
        if !change_signed(fold, a1, end, found)
            && !change_pair(fold, a1, end, found)
            && !change_after_stable(fold, a1, end, found)
        {
            if median_late(fold, a1, end, found) {
                change_after_level(fold, end, before, found);
            } else {
                // `The mean EDSS in the treatment group was 3.4 ± 1.2`:
                // the statistic named before the scale.
                let mean_before = STAT_BEFORE
                    .captures(head)
                    .is_some_and(|c| !c[1].eq_ignore_ascii_case("median"));
                means(fold, a1, end, !mean_before, mean_before, found);
            }
        }
        return;
    }
    let all_means = mine
        .iter()
        .all(|f| matches!(f.value, EdssValue::Mean { sd: Some(_), .. }));
    let from = mine.iter().map(|f| f.end).max().unwrap_or(a1);
    if all_means {
        if from < end {
            means(fold, from, end, false, false, found);
        }
        return;
    }
    let all_changes = mine
        .iter()
        .all(|f| matches!(f.value, EdssValue::Change { delta: Some(_), .. }));
    if all_changes {
        if from < end {
            changes(fold, from, end, found);
        }
        return;
    }
    let all_medians = mine
        .iter()
        .all(|f| matches!(f.value, EdssValue::Median { low: Some(_), .. }));
    if all_medians && from < end {
        medians(fold, from, end, found);
    }
}

/// More medians with their spread after the first, each after a gap of
/// words: `Median EDSS was 3.0 [2.0, 4.0] in the treated arm and 3.5
/// [2.5, 4.5] with placebo`.
fn medians(fold: &str, from: usize, end: usize, found: &mut Vec<Found>) {
    let clause = &fold[from..end];
    let mut last = 0;
    for c in MEDIAN_MORE.captures_iter(clause) {
        let m = c.get(0).expect("match");
        if !gap_ok(&clause[last..m.start()], false) {
            break;
        }
        let Some(value) = median_spread(&c) else {
            break;
        };
        push(
            found,
            from + m.start(),
            from + m.end(),
            value,
            "edss.group_median",
            0.75,
        );
        last = m.end();
    }
}

/// More changes after the first, each by its direction word and size and
/// followed by its group, after a gap of words (no digit, no other
/// measure).
fn changes(fold: &str, from: usize, end: usize, found: &mut Vec<Found>) {
    let clause = &fold[from..end];
    let mut last = 0;
    let mut before = found.last().and_then(|f| match f.value {
        EdssValue::Change { delta: Some(d), .. } => Some(if d < 0.0 { -1.0 } else { 1.0 }),
        _ => None,
    });
    for c in CHANGE_MORE.captures_iter(clause) {
        let m = c.get(0).expect("match");
        if !gap_ok(&clause[last..m.start()], false) {
            break;
        }
        if bare_and(m.as_str()) && !c[2].contains('.') {
            break;
        }
        let dir = c.get(1).map_or(before, |g| direction(g.as_str()));
        let (Some(dir), Some(n)) = (dir, size(&c[2])) else {
            break;
        };
        before = Some(dir);
        if !(0.0..=10.0).contains(&n) {
            break;
        }
        // The span ends with the size (or its unit), not the group word.
        let span_end = c.get(3).or(c.get(2)).map_or(m.end(), |g| g.end());
        push(
            found,
            from + m.start(),
            from + span_end,
            change_of(dir * n),
            "edss.group_change",
            0.75,
        );
        last = m.end();
    }
}

/// Whether a `CHANGE_MORE` match starts with `and` not followed by `by`.
fn bare_and(m: &str) -> bool {
    let low = m.to_ascii_lowercase();
    low.starts_with("and") && !low[3..].trim_start().starts_with("by")
}

/// Means with SDs, one after another, each after a gap of words.
/// With `mean_before` the statistic stood before the scale, and the gap to
/// the first value holds no change word (`mean EDSS worsening was …`).
fn means(
    fold: &str,
    from: usize,
    end: usize,
    first_needs_mean: bool,
    mean_before: bool,
    found: &mut Vec<Found>,
) {
    let clause = &fold[from..end];
    let mut last = 0;
    for c in MEAN_SD.captures_iter(clause) {
        let m = c.get(0).expect("match");
        let gap = &clause[last..m.start()];
        if !gap_ok(gap, last == 0 && first_needs_mean)
            || (last == 0 && mean_before && CHANGE_WORDS.is_match(gap))
        {
            break;
        }
        let said_mean = m.as_str().to_ascii_lowercase().starts_with("mean");
        if last == 0 && first_needs_mean && !said_mean {
            break;
        }
        let mean = parse_decimal(&c[1]);
        let sd = c
            .get(2)
            .or(c.get(3))
            .or(c.get(4))
            .and_then(|g| parse_decimal(g.as_str()));
        if !push_mean_sd(found, from + m.start(), from + m.end(), mean, sd) {
            break;
        }
        last = m.end();
    }
}

/// Pushes another group's mean ± SD at `start..end` (rule
/// `edss.group_mean_sd`) when both parsed, the mean is on the scale and the
/// SD is one (at most 5); false when not, which ends a run of groups.
pub(super) fn push_mean_sd(
    found: &mut Vec<Found>,
    start: usize,
    end: usize,
    mean: Option<f64>,
    sd: Option<f64>,
) -> bool {
    let (Some(mean), Some(sd)) = (mean, sd) else {
        return false;
    };
    if !on_scale(mean) || sd > 5.0 {
        return false;
    }
    push(
        found,
        start,
        end,
        EdssValue::Mean { mean, sd: Some(sd) },
        "edss.group_mean_sd",
        0.8,
    );
    true
}

/// `median [Q1, Q3]: 2.0 [1.0, 3.0]` later in the clause.
fn median_late(fold: &str, a1: usize, end: usize, found: &mut Vec<Found>) -> bool {
    let clause = &fold[a1..end];
    let Some(c) = MEDIAN_LATE.captures(clause) else {
        return false;
    };
    let m = c.get(0).expect("match");
    if !gap_ok(&clause[..m.start()], true) {
        return false;
    }
    let Some(value) = median_spread(&c) else {
        return false;
    };
    push(
        found,
        a1 + m.start(),
        a1 + m.end(),
        value,
        "edss.median_late",
        0.8,
    );
    true
}

/// `and median change from baseline … of 0.5` right after the levels found
/// from `before` on: one change, signed as written.
fn change_after_level(fold: &str, end: usize, before: usize, found: &mut Vec<Found>) {
    let Some(from) = found[before..].iter().map(|f| f.end).max() else {
        return;
    };
    if from >= end {
        return;
    }
    let Some(c) = CHANGE_AFTER_LEVEL.captures(&fold[from..end]) else {
        return;
    };
    let Some(v) = parse_decimal(&c[2]) else {
        return;
    };
    if v > 10.0 {
        return;
    }
    let delta = if c[1].is_empty() { v } else { -v };
    let m = c.get(0).expect("match");
    let lead = m.as_str().len()
        - m.as_str()
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
            .len();
    let start = from + m.start() + lead;
    push(
        found,
        start,
        from + m.end(),
        change_of(delta),
        "edss.change_after_level",
        0.8,
    );
}

/// A median and its spread from groups 1–3 of a match, when the median
/// lies on the scale inside a rising spread.
fn median_spread(c: &regex::Captures) -> Option<EdssValue> {
    let (v, lo, hi) = (
        parse_decimal(&c[1])?,
        parse_decimal(&c[2])?,
        parse_decimal(&c[3])?,
    );
    (on_scale(v) && on_scale(hi) && lo <= v && v <= hi && lo < hi).then_some(EdssValue::Median {
        median: v,
        low: Some(lo),
        high: Some(hi),
    })
}

/// `worsened in both arms (0.21 vs. 0.30)`: one change per group.
fn change_pair(fold: &str, a1: usize, end: usize, found: &mut Vec<Found>) -> bool {
    let clause = &fold[a1..end];
    let Some(c) = CHANGE_PAIR.captures(clause) else {
        return false;
    };
    let m = c.get(0).expect("match");
    if !gap_ok(&clause[..m.start()], true) {
        return false;
    }
    let Some(dir) = direction(&c[1]) else {
        return false;
    };
    let sizes = [c.get(2), c.get(3)];
    let values: Vec<f64> = sizes
        .iter()
        .filter_map(|g| g.and_then(|g| parse_decimal(g.as_str())))
        .collect();
    // Sizes of a change in a group's mean: below the scale's range, and
    // not both whole numbers (`(3 vs. 5)` counts patients).
    if values.len() != 2
        || values.iter().any(|&v| !(v > 0.0 && v < 5.0))
        || values.iter().all(|v| v.fract() == 0.0)
    {
        return false;
    }
    for (g, v) in sizes.iter().zip(values) {
        let g = g.expect("group");
        push(
            found,
            a1 + g.start(),
            a1 + g.end(),
            change_of(dir * v),
            "edss.change_pair",
            0.75,
        );
    }
    true
}

/// `improved (-0.12) in the placebo group and worsened (+0.18) in the
/// treated group`, `rose in the placebo arm (+0.3) but fell with treatment
/// (−0.2)`: one change per direction word, the first right after
/// the scale, the others after a gap of words. The size must be signed or
/// have decimals (`worsened (3)` cites a reference), and a sign must agree
/// with its word.
fn change_signed(fold: &str, a1: usize, end: usize, found: &mut Vec<Found>) -> bool {
    let clause = &fold[a1..end];
    let mut last = 0;
    let mut any = false;
    for c in CHANGE_SIGNED.captures_iter(clause) {
        let m = c.get(0).expect("match");
        if !gap_ok(&clause[last..m.start()], last == 0) {
            break;
        }
        let num = c.get(4).expect("size");
        let (Some(dir), Some(n)) = (direction(&c[1]), parse_decimal(num.as_str())) else {
            break;
        };
        let sign = c.get(3).map(|g| {
            if g.as_str().starts_with('+') {
                1.0
            } else {
                -1.0
            }
        });
        // `rose in the placebo arm (+0.3)`: after a group's name, only a
        // signed size.
        let named = c.get(2).is_some();
        if sign.is_some_and(|s| s != dir)
            || (sign.is_none() && (named || !num.as_str().contains('.')))
            || !(n > 0.0 && n < 5.0)
        {
            break;
        }
        let start = c.get(3).unwrap_or(num).start();
        push(
            found,
            a1 + start,
            a1 + num.end(),
            change_of(dir * n),
            "edss.change_signed",
            0.75,
        );
        any = true;
        last = m.end();
    }
    any
}

/// After a change of a stated size, the other size of the same definition
/// later in the sentence (within 160 bytes), in the same direction.
fn other_sizes(fold: &str, s1: usize, before: usize, found: &mut Vec<Found>) {
    let changes: Vec<(usize, f64)> = found[before..]
        .iter()
        .filter_map(|f| match f.value {
            EdssValue::Change {
                delta: Some(d),
                from: None,
                to: None,
            } => Some((f.end, d)),
            _ => None,
        })
        .collect();
    for (end, d) in changes {
        let stop = floor_boundary(fold, (end + 160).min(s1).max(end));
        let rest = &fold[end..stop];
        // The first of the two forms: with a comparator (size group 2, unit
        // 3) or with `of`/`by` and a unit (size 1, unit 2).
        let with_comp = OTHER_SIZE.captures(rest).map(|c| (c, 2));
        let with_of = OTHER_SIZE_OF.captures(rest).map(|c| (c, 1));
        let Some((c, k)) = [with_comp, with_of]
            .into_iter()
            .flatten()
            .min_by_key(|(c, _)| c.get(0).map_or(usize::MAX, |m| m.start()))
        else {
            continue;
        };
        let m = c.get(0).expect("match");
        if !range_tail_ok_for_size(&fold[end + m.end()..stop]) {
            continue;
        }
        let Some(n) = size(&c[k]) else {
            continue;
        };
        // Without a unit the span ends with the size, not the `if` after.
        let span_end = c
            .get(k + 1)
            .map_or(c.get(k).expect("size").end(), |u| u.end());
        if n > 0.0 && n <= 10.0 {
            push(
                found,
                end + m.start(),
                end + span_end,
                change_of(n.copysign(d)),
                "edss.change_other_size",
                0.75,
            );
        }
    }
}

/// The next group's bare value after one group's: a gap of words (no
/// digit, no bracket, no clause end), then the number.
static NEXT_PLAIN: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^((?:[^\d.;:()\[\]]|(?i:vs)\.){{1,80}}?){N}")));

/// Words in a gap that move a plain value off the groups' scores: another
/// statistic or measure (`and mean age of 38`, `disease duration 8.2`), or
/// another study (`vs 3.5 in the previous trial`).
static NOT_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(?:mean|median|average|sd|age|aged|duration|years?|months?|weeks?|days?|relapses?|lesions?|rates?|annuali[sz]ed|weight|bmi|counts?|number|time|previous|prior|earlier|studies|study|trials?|cohorts?|reported|literature|respectively)(?-u:\b)",
    )
});

/// Another study named after the values.
static OTHER_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(?:previous|prior|earlier|studies|study|trials?|cohorts?|reported|literature)(?-u:\b)|\[\d|\(\d",
    )
});

/// Whether a plain value ends where it stands (`4.6.`, `2.9)`, `4.7 and
/// …`, `2.8 vs …`, `3.1 in the …`), not as a spread's start, a count, a
/// percentage or a quantity with its unit.
fn plain_end(after: &str) -> bool {
    let a = after.trim_start();
    if a.starts_with(|c: char| c.is_ascii_digit() || "%±(–-[/".contains(c)) {
        return false;
    }
    let word = crate::extract::text::first_word_lower(a);
    !matches!(
        word.as_str(),
        "years"
            | "year"
            | "months"
            | "weeks"
            | "days"
            | "points"
            | "point"
            | "mg"
            | "patients"
            | "or"
            | "to"
            | "s"
    )
}

/// Plain means (or medians) of two to four groups or visits after the
/// statistic named before the scale, one after another with only group
/// words between: `a mean EDSS of 4.7 and those in the placebo arm 4.6`,
/// `(mean EDSS, 2.8 vs 2.9)`, `median EDSS was 3.0 in the treated group
/// and 3.5 in the placebo group`. `first` is the first value's span in
/// `fold` and `tail` the text after it (at `fold[first.1..]`). Returns
/// whether it read them; a lone value or any other shape reads nothing.
pub(super) fn plain_groups(
    first: (usize, usize, f64),
    tail: &str,
    median: bool,
    found: &mut Vec<Found>,
) -> bool {
    if !plain_end(tail) {
        return false;
    }
    let mut values = vec![first];
    let mut p = 0;
    while values.len() < 4 {
        let Some(c) = NEXT_PLAIN.captures(&tail[p..]) else {
            break;
        };
        let gap = c.get(1).expect("gap").as_str();
        let num = c.get(2).expect("number");
        let words = gap.chars().any(char::is_alphabetic);
        if !words || !gap_ok(gap, false) || NOT_GROUP.is_match(gap) {
            break;
        }
        let after = &tail[p + num.end()..];
        let Some(v) = parse_decimal(num.as_str()) else {
            break;
        };
        if !on_scale(v) || !plain_end(after) {
            break;
        }
        let start = first.1 + p + num.start();
        values.push((start, start + num.len(), v));
        p += num.end();
    }
    // What follows the last value, to the clause's end, names no other
    // study (`vs 3.5 in the earlier trial`).
    let rest = &tail[p..];
    let rest = &rest[..rest.find(['.', ';']).unwrap_or(rest.len())];
    if values.len() < 2 || values.iter().any(|v| !on_scale(v.2)) || OTHER_STUDY.is_match(rest) {
        return false;
    }
    for (s, e, v) in values {
        let (value, rule) = if median {
            (
                EdssValue::Median {
                    median: v,
                    low: None,
                    high: None,
                },
                "edss.group_median_plain",
            )
        } else {
            (
                EdssValue::Mean { mean: v, sd: None },
                "edss.group_mean_plain",
            )
        };
        push(found, s, e, value, rule, 0.7);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_may_stand_between_two_groups_values() {
        assert!(gap_ok(" in the placebo group and ", false));
        assert!(gap_ok(" score between smokers (", true));
        assert!(!gap_ok(" score between smokers (", false));
        assert!(!gap_ok(", and walking speed ", false));
        assert!(!gap_ok(" and MSFC ", false));
        assert!(!gap_ok(" at week 12 and ", false));
        assert!(gap_ok(" in the interferon beta-1a group and ", false));
        assert!(!gap_ok(" in 12a and ", false));
        assert!(!gap_ok(" (n = 40) and ", false));
    }
}
