//! Per-group values written without a spread, or listed in one go:
//!
//! * a list closed by `respectively` or by the groups it belongs to: `The
//!   mean baseline EDSS scores were 2.3 and 2.5, respectively`, `median
//!   EDSS was 3.0 and 3.5 in the active and placebo groups`;
//! * a bare value per group after a first one that names its group: `Mean
//!   EDSS at baseline was 2.8 in the treatment group and 2.9 in the control
//!   group`;
//! * the SD in a bare bracket once the clause has said so: `The mean (SD)
//!   EDSS score was 2.9 (1.2) in the natalizumab group and 3.1 (1.3) in the
//!   placebo group`.
//!
//! The statistic must be named (mean or median, before the scale or in its
//! label): a bare list of scores could be single patients', or a table's
//! columns. Between one value and the next there are only words, as in
//! [`super::groups`].

use super::after::STAT_BEFORE;
use super::groups::{gap_ok, push_mean_sd, CHANGE_WORDS};
use super::shape::{on_scale, rx, valid_score, N};
use super::{push, Found};
use crate::extract::numbers::parse_decimal;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// Two to four values joined by commas, `and`, `vs`, closed by
/// `respectively` or by the groups they belong to.
static LIST: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i){N}(?:\s*,\s*{N}){{0,2}}\s*,?\s*(?:and|vs\.?|versus)\s+{N}\s*(?:,\s*)?(?:respectively|in\s+(?:the\s+)?(?:two\s+|three\s+|both\s+)?[^.;\d]{{0,60}}?(?:groups|arms|cohorts))(?-u:\b)"
    ))
});

/// One value of a list (the numbers of a [`LIST`] match).
static VALUE: LazyLock<Regex> = LazyLock::new(|| rx(N));

/// The statistic named in the label right after the scale: `EDSS (mean)`,
/// `EDSS, median,`.
static STAT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| rx(r"(?i)^[\s,(]*(mean|average|median)(?-u:\b)"));

/// The group a bare value belongs to, right after it: ` in the treatment
/// group`, ` for placebo-treated patients`, ` among controls`.
static GROUP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)^\s+(?:in|for|among)\s+(?:the\s+)?[^.;,\d()]{0,50}?(?:groups?|arms?|cohorts?|patients|participants|subjects|controls)(?-u:\b)",
    )
});

/// Another group's bare value and its group: `and 2.9 in the control
/// group`.
static GROUP_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i){N}\s+(?:in|for|among)\s+(?:the\s+)?[^.;,\d()]{{0,50}}?(?:groups?|arms?|cohorts?|patients|participants|subjects|controls)(?-u:\b)"
    ))
});

/// Another group's mean with its SD in a bare bracket: `3.1 (1.3)`.
static PAREN_SD: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"{N}\s*\(\s*{N}\s*\)")));

/// A visit a value belongs to: `at baseline`, `at week 96`, `after 2
/// years`, `at the end of the study`.
const VISIT: &str = r"(?:at|after|by|on)\s+(?:the\s+)?(?:baseline|entry|screening|inclusion|enrol?ment|randomi[sz]ation|(?:final|last|closing)\s+visit|follow-up|end\s+of\s+(?:the\s+)?(?:study|trial|treatment|follow-up)|(?:week|month|year|day|visit)\s+\d{1,3}|\d{1,3}\s+(?:weeks|months|years|days))(?-u:\b)";

/// The visit right after a first bare value: ` at baseline and`.
static VISIT_AFTER: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"(?i)^\s+{VISIT}")));

/// Another visit's bare value: `2.7 at week 96`.
static VISIT_VALUE: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"(?i){N}\s+{VISIT}")));

/// A group named before its mean and bare-bracket SD: `interferon 2.2
/// (1.1)`, `, glatiramer 2.3 (1.2)`.
static NAMED_PAREN_SD: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"([^\d()\[\]]{{1,40}}?){N}\s*\(\s*{N}\s*\)")));

#[derive(Clone, Copy, PartialEq)]
enum Stat {
    Mean,
    Median,
    /// A score that names no statistic: `baseline EDSS was 2.5 in the X
    /// group and 3.0 in the Y group`.
    Value,
}

fn stat_of(word: &str) -> Stat {
    if word.eq_ignore_ascii_case("median") {
        Stat::Median
    } else {
        Stat::Mean
    }
}

fn bare(stat: Stat, v: f64) -> EdssValue {
    match stat {
        Stat::Mean => EdssValue::Mean { mean: v, sd: None },
        Stat::Value => EdssValue::Value { value: v },
        Stat::Median => EdssValue::Median {
            median: v,
            low: None,
            high: None,
        },
    }
}

/// The readings of this module for the clause `fold[a1..end]` after a
/// mention whose sentence reads `head` before it; `found[before..]` is
/// what the other readers found for the mention.
pub(super) fn read_lists(
    fold: &str,
    head: &str,
    a1: usize,
    end: usize,
    before: usize,
    found: &mut Vec<Found>,
) {
    if end <= a1 {
        return;
    }
    let mine = &found[before..];
    let Some(last) = mine.iter().map(|f| f.end).max() else {
        list(fold, head, a1, end, found);
        if found.len() == before {
            named_means(fold, a1, end, found);
        }
        return;
    };
    if last >= end {
        return;
    }
    let bare_of = |f: &Found| match f.value {
        EdssValue::Mean { sd: None, .. } => Some(Stat::Mean),
        EdssValue::Median { low: None, .. } => Some(Stat::Median),
        EdssValue::Value { .. } => Some(Stat::Value),
        _ => None,
    };
    let stats: Vec<Option<Stat>> = mine.iter().map(bare_of).collect();
    if let Some(&Some(stat)) = stats.first() {
        if stats.iter().all(|s| *s == Some(stat)) {
            bare_values(fold, last, end, stat, found);
        }
        return;
    }
    let all_sd = mine
        .iter()
        .all(|f| matches!(f.value, EdssValue::Mean { sd: Some(_), .. }));
    // The clause said `(SD)`, or the first group's SD stood in a bare
    // bracket (`EDSS was 2.2 (1.1) with interferon and 2.3 (1.2) …`).
    let said_sd = head.to_ascii_lowercase().contains("(sd)")
        || fold[a1..last].to_ascii_lowercase().contains("(sd)")
        || (mine.len() == 1 && fold[..last].ends_with(')') && !fold[a1..last].contains('±'));
    if all_sd && said_sd {
        paren_sds(fold, last, end, found);
    }
}

/// `… were 2.3 and 2.5, respectively`: one value per group, when the
/// statistic is named before the scale or right after it.
fn list(fold: &str, head: &str, a1: usize, end: usize, found: &mut Vec<Found>) {
    let clause = &fold[a1..end];
    let stat = STAT_BEFORE
        .captures(head)
        .or_else(|| STAT_LABEL.captures(clause))
        .map(|c| stat_of(&c[1]));
    let Some(stat) = stat else {
        return;
    };
    let Some(m) = LIST.find(clause) else {
        return;
    };
    let gap = &clause[..m.start()];
    let gap = STAT_LABEL.find(gap).map_or(gap, |l| &gap[l.end()..]);
    if !gap_ok(gap, true) {
        return;
    }
    let values: Vec<(usize, usize, f64)> = VALUE
        .find_iter(m.as_str())
        .filter_map(|v| Some((v.start(), v.end(), parse_decimal(v.as_str())?)))
        .collect();
    // Scores of a group, not counts: on the scale, and not all whole
    // numbers (`were 12 and 15, respectively` counts patients).
    if values.iter().any(|&(_, _, v)| !on_scale(v)) || values.iter().all(|v| v.2.fract() == 0.0) {
        return;
    }
    let at = a1 + m.start();
    for (s, e, v) in values {
        push(
            found,
            at + s,
            at + e,
            bare(stat, v),
            "edss.group_list",
            0.75,
        );
    }
}

/// More bare values after a first one that names its group, each followed
/// by its own group.
/// Or each followed by its visit, after a first one that names its visit:
/// `mean EDSS was 2.5 at baseline and 2.7 at week 96`.
fn bare_values(fold: &str, from: usize, end: usize, stat: Stat, found: &mut Vec<Found>) {
    let clause = &fold[from..end];
    let (g, next): (_, &Regex) = match GROUP_AFTER.find(clause) {
        Some(g) => (g, &GROUP_VALUE),
        // A score without a statistic goes on only group by group.
        None if stat == Stat::Value => return,
        None => match VISIT_AFTER.find(clause) {
            Some(g) => (g, &VISIT_VALUE),
            None => return,
        },
    };
    // Offsets of the matches count from `base`, where the search began.
    let base = g.end();
    let mut last = base;
    for c in next.captures_iter(&clause[base..]) {
        let m = c.get(0).expect("match");
        let (s, e) = (base + m.start(), base + m.end());
        let gap = &clause[last..s];
        if !gap_ok(gap, false) || CHANGE_WORDS.is_match(gap) {
            break;
        }
        let v_end = base + c.get(1).expect("value").end();
        let score = |v: f64| on_scale(v) && (stat != Stat::Value || valid_score(v));
        let Some(v) = parse_decimal(&c[1]).filter(|&v| score(v)) else {
            break;
        };
        push(
            found,
            from + s,
            from + v_end,
            bare(stat, v),
            "edss.group_value",
            0.75,
        );
        last = e;
    }
}

/// More means with the SD in a bare bracket (`3.1 (1.3)`), once the
/// clause said `(SD)`.
fn paren_sds(fold: &str, from: usize, end: usize, found: &mut Vec<Found>) {
    let clause = &fold[from..end];
    let mut last = 0;
    for c in PAREN_SD.captures_iter(clause) {
        let m = c.get(0).expect("match");
        if !gap_ok(&clause[last..m.start()], false) {
            break;
        }
        let (mean, sd) = (parse_decimal(&c[1]), parse_decimal(&c[2]));
        if !push_mean_sd(found, from + m.start(), from + m.end(), mean, sd) {
            break;
        }
        last = m.end();
    }
}

/// `Baseline EDSS: interferon 2.2 (1.1), glatiramer 2.3 (1.2)`: two to
/// four groups, each named before its mean and bare-bracket SD, right
/// after the scale. One such value alone is not read (it could be a count
/// and its percentage, or a table cell).
fn named_means(fold: &str, a1: usize, end: usize, found: &mut Vec<Found>) {
    let clause = &fold[a1..end];
    let mut values: Vec<(usize, usize, Option<f64>, Option<f64>)> = Vec::new();
    let mut last = 0;
    for c in NAMED_PAREN_SD.captures_iter(clause) {
        let (m, name) = (c.get(0).expect("match"), c.get(1).expect("name"));
        let gap = &clause[last..name.end()];
        let named = name.as_str().chars().any(char::is_alphabetic);
        if m.start() != last || !named || !gap_ok(gap, last == 0) || CHANGE_WORDS.is_match(gap) {
            break;
        }
        let value_start = c.get(2).expect("mean").start();
        values.push((
            a1 + value_start,
            a1 + m.end(),
            parse_decimal(&c[2]),
            parse_decimal(&c[3]),
        ));
        last = m.end();
        if values.len() == 4 {
            break;
        }
    }
    // Means of groups, not counts: not every number whole.
    let whole = |v: Option<f64>| v.is_some_and(|v| v.fract() == 0.0);
    if values.len() < 2 || values.iter().all(|v| whole(v.2) && whole(v.3)) {
        return;
    }
    let ok = values
        .iter()
        .all(|v| v.2.is_some_and(on_scale) && v.3.is_some_and(|sd| sd <= 5.0));
    if ok {
        for (s, e, mean, sd) in values {
            push_mean_sd(found, s, e, mean, sd);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_needs_its_closing_words() {
        assert!(LIST.is_match("2.3 and 2.5, respectively"));
        assert!(LIST.is_match("3.0 and 3.5 in the active and placebo groups"));
        assert!(LIST.is_match("2.0, 2.5 and 3.0 in the three groups"));
        assert!(!LIST.is_match("2.3 and 2.5 at baseline"));
    }

    #[test]
    fn a_bare_value_needs_its_group() {
        assert!(GROUP_AFTER.is_match(" in the treatment group and"));
        assert!(GROUP_VALUE.is_match("2.9 in the control group"));
        assert!(!GROUP_VALUE.is_match("2.9 at week 48"));
    }
}
