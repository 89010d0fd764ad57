//! Stage 2 (roles), a target split into its groups: `The sample size aimed
//! for was 800 participants: 200 in each of the four groups`, `the total
//! number of participants required is 168 (42 per treatment arm)`. The
//! size per group of a target counts nobody either: it is the target's
//! size per group (`planned`, never an arm), as the target is never the
//! total of the groups the study formed. A protocol's target (`The study
//! will enroll 250 patients (n = 125 in each arm)`) is its total, and its
//! split its arms, as [`super::targets`] reads a protocol's arms.

use super::targets::{mark_joined, PLANNED_EACH};
use super::window::after_window;
use super::{Cand, Role, ARM_EACH, PLANNED};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// Between a whole and its split: the whole's noun, then the bracket,
/// colon or comma that opens the split (`800 participants: 200 …`, `60
/// patients (30 per group)`, `a sample size of 60, with 30 in each`).
static SPLIT_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[a-z -]{0,40}(?:\(|:|,)\s*(?:(?:with|i\.e\.,?|that is,?|namely|n ?[=:]|approximately|about|around)\s*)?$")
        .expect("split between regex")
});

/// After a count: a size per group (`per group`, `in each arm`, `each`).
static EACH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[\d,.]*\s*[a-z -]{0,30}?(?-u:\b)(?:per|each|every|both)(?-u:\b)")
        .expect("each after regex")
});

/// Bytes at most between a target and its split.
const REACH: usize = 48;

/// Turns the arms that split a target (`is set at 60 patients (30 per
/// group)`) into targets per group.
pub(super) fn mark_split_targets(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let wholes: Vec<usize> = out
        .iter()
        .filter(|c| c.rule == PLANNED)
        .map(|c| c.end)
        .collect();
    if wholes.is_empty() {
        return;
    }
    for c in out.iter_mut() {
        if c.role != Role::Arm {
            continue;
        }
        let Some(&end) = wholes.iter().filter(|&&e| e <= c.start).max() else {
            continue;
        };
        if c.start - end > REACH || !SPLIT_BETWEEN.is_match(&fold[end..c.start]) {
            continue;
        }
        if c.rule != ARM_EACH && !EACH_AFTER.is_match(&after_window(doc, c.start, usize::MAX)) {
            continue;
        }
        c.rule = PLANNED_EACH;
        c.role = Role::Skip;
        c.conf = 0.4;
        c.group = None;
    }
    // `(200 subjects per aspirin group and 100 subjects in the placebo
    // group)`: the group joined to a target per group is another's target.
    mark_joined(doc, out);
}
