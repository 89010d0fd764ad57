//! Stage 2 (roles), an outcome split by group: `Treatment failure was seen
//! in 8/34 patients: 6 male patients (3 in each treatment group)`, `Four
//! patients (2 in each arm) developed grade 4 neutropenia`, `Serious
//! adverse events occurred in 3 children in each group`. The count and its
//! size per group are the people an outcome befell: neither the total nor
//! the arms. A sentence that assigns its people (`120 patients (60 in each
//! group) were randomized`) states the arms.

use super::lexicon::RANDOMIZATION;
use super::{Cand, Role};
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The whole's new rule: a count of an outcome.
const OUTCOME_COUNT: &str = "sample_size.count_noun_outcome";
/// The split's new rule (as `groups::not_arms` names an outcome broken down
/// by group).
const OUTCOME_SPLIT: &str = "sample_size.outcome_breakdown";

/// Before a count, ending at it: an outcome that befell the people it
/// counts (`was seen in`, `adverse events in`, `occurred in 8/34
/// patients:`).
static OUTCOME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:seen|observed|occurred|reported|found|noted|detected|recorded|documented|developed|experienced|failures?|events?|complications?|toxicit(?:y|ies)|(?:side|adverse) effects?|infections?|reactions?|relapses?|recurrences?)(?:\s+[a-z0-9/-]+){0,6}?\s+(?:in|among|by)(?:\s+(?:a total of|only|another|an additional|all))?(?:\s+\d[\d/,]*(?:\s+[a-z]+){0,3}\s*:)?\s*$")
        .expect("outcome before regex")
});

/// After a count and its split: the outcome it had (`developed a rash`,
/// `experienced grade 3 events`, `died`).
static OUTCOME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;()]{0,40}?(?-u:\b)(?:developed|experienced|suffered|died|relapsed|had (?:at least one|grade|serious|severe|adverse|complications|side effects))(?-u:\b)")
        .expect("outcome after regex")
});

/// A sentence that assigns its people.
static ASSIGNS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:assigned|allocated|enrol?led|recruited|included)(?-u:\b)",
    )
    .expect("assigns regex")
});

/// Between a whole and its split (`6 male patients (3 in each`, `four
/// patients, two in each`).
static SPLIT_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[a-z -]{0,40}(?:\(|:|,)\s*$").expect("split between regex")
});

/// Bytes at most between a whole and its split.
const REACH: usize = 48;

/// Turns counts of an outcome split by group into subgroups.
pub(super) fn mark_outcome_splits(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for i in 0..out.len() {
        let c = &out[i];
        let Some((ss, se)) = super::split_whole::size_per_group_in_sentence(doc, c) else {
            continue;
        };
        let sentence = &fold[ss..se];
        if RANDOMIZATION.is_match(sentence) || ASSIGNS.is_match(sentence) {
            continue;
        }
        // The whole the split divides, right before it.
        let whole = (0..out.len())
            .filter(|&j| {
                let w = &out[j];
                w.end <= c.start
                    && w.start >= ss
                    && c.start - w.end <= REACH
                    && w.role != Role::Skip
                    && SPLIT_BETWEEN.is_match(&fold[w.end..c.start])
            })
            .max_by_key(|&j| out[j].end);
        let anchor = whole.map_or(c.start, |j| out[j].start);
        let lo = floor_boundary(fold, anchor.saturating_sub(160)).max(ss);
        let before = OUTCOME_BEFORE.is_match(&fold[lo..anchor]);
        let after = || {
            // After the split's bracket, or after the count itself.
            let rest = &fold[c.end..se];
            let rest = match (whole, fold[ss..c.start].rfind('(').map(|p| ss + p)) {
                (Some(j), Some(open)) if open >= out[j].end => {
                    rest.find(')').map_or(rest, |p| &rest[p + 1..])
                }
                _ => rest,
            };
            OUTCOME_AFTER.is_match(rest)
        };
        if !before && !after() {
            continue;
        }
        let start = c.start;
        for c in out
            .iter_mut()
            .filter(|c| c.start == start && c.role == Role::Arm)
        {
            c.role = Role::Subgroup;
            c.rule = OUTCOME_SPLIT;
            c.conf = 0.4;
            c.group = None;
        }
        if let Some(j) = whole {
            out[j].role = Role::Subgroup;
            out[j].rule = OUTCOME_COUNT;
            out[j].conf = 0.5;
        }
    }
}
