//! `Among 2780 propensity-matched patient pairs`, `11,972 matched pairs
//! were identified for apixaban versus warfarin`: a count of matched pairs
//! is the size of each of the two cohorts it pairs (one member of each
//! pair in each), so two arms of that size.

use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::{NOUNS, SEX_NOUN, STOP_TOKENS};
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of a count of matched pairs; the finding stands for both
/// cohorts (`arm_of`, two copies), as `27 in each group` does for its
/// groups.
pub(in crate::extract::sample_size) const MATCHED_PAIRS: &str = "sample_size.arm_matched_pairs";

// After the count: how the pairs were matched (`propensity-score`, `1:1`,
// `age- and sex-`), `matched`, at most one word of what is paired
// (`patient`, `case-control`), then `pairs`.
static PAIRS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s+(?:(?:propensity|score|1:1|age|sex|and|[a-z]+-)[\s-]*){0,4}matched\s+(?:[a-z-]+\s+)?pairs(?-u:\b)",
    )
    .expect("matched pairs regex")
});

/// The rule of two cohorts coordinated before `were matched`.
pub(in crate::extract::sample_size) const MATCHED_COHORTS: &str = "sample_size.arm_matched_cohorts";

// Between the two counts: the first cohort's words (what its members took,
// its noun perhaps left out), then `and` or `versus`.
static FIRST_COHORT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s+((?:[a-z][a-z0-9/+-]*\s+){1,3})(?:and|versus|vs\.?)\s+$")
        .expect("first cohort regex")
});

// After the second count: its words and noun of people, then `were
// matched` with at most three words of how (`1:1 propensity-score`).
static SECOND_COHORT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s+((?:[a-z][a-z0-9/+-]*\s+){{0,3}}?)({NOUNS})\s+(?:were|had\s+been|have\s+been)\s+(?:[a-z0-9:-]+\s+){{0,3}}?matched(?-u:\b)"
    ))
    .expect("second cohort regex")
});

/// Whether `words` (a cohort's describing words) are a name, not a clause
/// or a phrase of their own (`with`, `of`, `and`), and no sex.
fn cohort_words(words: &str) -> bool {
    words
        .split_whitespace()
        .all(|w| !STOP_TOKENS.iter().any(|t| w.eq_ignore_ascii_case(t)) && !SEX_NOUN.is_match(w))
}

/// Relabels or adds the two cohorts coordinated before `were matched` as
/// arms: `835 apixaban and 835 VKA users were matched`. Cohorts matched
/// `to` or `with` others are one side of a matching (the cases), and a
/// split by sex (`412 men and 398 women`) names who, not which cohort.
#[inline(never)]
pub(super) fn arms_from_matched_cohorts(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    out: &mut Vec<Cand>,
) {
    if !doc.lower().contains("matched") {
        return;
    }
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    for w in nums.windows(2) {
        let ((s1, e1, n1), (s2, e2, n2)) = (w[0], w[1]);
        if spent(doc, out.len()) {
            break;
        }
        if n1 < 2 || n2 < 2 || s2 < e1 {
            continue;
        }
        let Some(first) = FIRST_COHORT.captures(&fold[e1..s2]) else {
            continue;
        };
        let Some(second) = SECOND_COHORT.captures(&fold[e2..]) else {
            continue;
        };
        let rest = fold[e2 + second.get(0).map_or(0, |m| m.end())..].trim_start();
        let (words1, words2, noun) = (&first[1], &second[1], &second[2]);
        if rest.starts_with("to ")
            || rest.starts_with("with ")
            || !cohort_words(words1)
            || !cohort_words(words2)
            || SEX_NOUN.is_match(noun)
        {
            continue;
        }
        let name = |w: &str| w.split_whitespace().collect::<Vec<_>>().join(" ");
        let group2 = if words2.trim().is_empty() {
            noun.to_string()
        } else {
            name(words2)
        };
        let end1 = e1 + first.get(1).map_or(0, |m| m.end());
        let end1 = fold[..end1].trim_end().len();
        let end2 = e2 + second.get(2).map_or(0, |m| m.end());
        for (s, e, n, group) in [(s1, end1, n1, name(words1)), (s2, end2, n2, group2)] {
            let c = Cand {
                start: s,
                end: e,
                n,
                role: Role::Arm,
                group: Some(group),
                rule: MATCHED_COHORTS,
                conf: 0.7,
            };
            by_start.replace(out, c);
        }
    }
}

/// Relabels or adds each count of matched pairs as the size of both cohorts.
#[inline(never)]
pub(super) fn arms_from_matched_pairs(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    out: &mut Vec<Cand>,
) {
    if !doc.lower().contains("matched") {
        return;
    }
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    for &(s, e, n) in nums {
        if spent(doc, out.len()) {
            break;
        }
        let Some(m) = PAIRS_AFTER.find(&fold[e..]) else {
            continue;
        };
        // `15 matched pairs of facilities`: pairs of clusters (or eyes,
        // teeth); `in five of the six matched pairs`: the pairs again, as
        // a denominator.
        let after = fold[e + m.end()..].trim_start();
        let before = fold[..s].trim_end();
        if n < 2
            || after.starts_with("of ")
            || before.ends_with(" of the")
            || before.ends_with(" of")
        {
            continue;
        }
        let c = Cand::ungrouped(s, e, n, Role::Arm, MATCHED_PAIRS, 0.6);
        by_start.replace(out, c);
    }
}
