//! The CONSORT arithmetic between the chosen total and the chosen arms,
//! said once: randomized = Σ arms, so a summary whose arms add up to more
//! than its total holds a contradiction, and one of the two gives way.
//!
//! - Arms that add up to a count the text states of its participants
//!   (randomized, enrolled, a firm count of the study) beat a smaller
//!   total: the total was a count of something else (`22 randomised
//!   participants had missing data`, blocks of three).
//! - Arms that each repeat the whole, or runs of them that do (a
//!   crossover's periods, a factorial's two margins), are right as they are.
//! - Otherwise, against a total stated as the trial's whole (randomized,
//!   enrolled, a protocol's target) that no count of the study leaves room
//!   above, the arms are wrong: the first of them that add up to the
//!   total (one trial's arms followed by a subgroup's or a time point's),
//!   the parts of an arm that is their whole (they add up to it: those
//!   analysed, under the total),
//!   else all but one that does (an outcome's count read as an arm), else
//!   a later statement of arms that does, else no arms (a reviewer is
//!   better served by no arms than by arms that contradict the total).
//!
//! Arms that add up to less than the total stay (those analysed or
//! followed up under a randomized total), unless the text states as many
//! arms, each at least as large, that add up to a total stated as the
//! trial's whole: those are the arms randomized, and the smaller ones what
//! was left of them (`42 … and 41 women were randomised` of 83 enrolled,
//! then `40 women … in each group`).

use super::arms::{arm_groups, arm_sizes, rest_arm, states_arms};
use super::Stated;
use crate::record::{Finding, SampleRole, SampleSizeSummary};
use regex::Regex;
use std::sync::LazyLock;

/// Below this confidence a bare count of the study (a count and a noun)
/// says too little to overrule a total.
const FIRM_WHOLE: f32 = 0.5;

/// Settles the summary's total and arms by the arithmetic.
pub(super) fn balance(ss: &[Stated], s: &mut SampleSizeSummary, stated_arms: bool) {
    let Some(total) = s.total else {
        return;
    };
    let sum: u64 = s.arms.iter().sum();
    if s.arms.len() >= 2 && sum < total {
        if let Some(arms) = randomized_arms(ss, s, total) {
            s.arms = arms;
            // Stated with the randomisation, they are the count randomized.
            if s.randomized.is_some_and(|r| r < total) {
                s.randomized = Some(total);
            }
        }
        return;
    }
    if s.arms.len() < 2 || sum <= total || repeats_whole(&s.arms, total) {
        return;
    }
    if let Some(role) = stated_whole(ss, sum) {
        s.total = Some(sum);
        if s.randomized.is_some_and(|r| r < sum) {
            s.randomized = (role == SampleRole::Randomized).then_some(sum);
        }
        return;
    }
    // Only a total the text states as the trial's whole settles the arms:
    // an analysed count is smaller than the arms by right, a total that is
    // one of the arms (`49 were assigned to HDC`) is the total that is
    // wrong, and arms that fit under a larger count of those randomized or
    // enrolled may be the trial's.
    // A count stated as approximate (`randomly assigned approximately
    // 62,000 women`) is no exact whole for arms to add up to.
    let whole = exact_whole(ss, s, total);
    let fits_under = ss.iter().any(|(_, v)| {
        matches!(v.role, SampleRole::Randomized | SampleRole::Enrolled) && v.n >= sum
    });
    // Arms stated with the randomisation (or heading a table's columns)
    // that each hold more than the total: the total counts a few of them
    // (`Two participants who had been randomized to the control group
    // received the wrong treatment`), not the trial.
    let part = stated_arms && s.arms.iter().all(|&a| a > total);
    if !whole || fits_under || part || s.arms.contains(&total) {
        return;
    }
    s.arms = parts_of_an_arm(&s.arms)
        .or_else(|| fitting_prefix(&s.arms, total))
        .or_else(|| one_too_many(&s.arms, total))
        .or_else(|| later_fit(ss, total))
        .unwrap_or_default();
}

/// Whether the total is stated as the trial's exact whole: a protocol's
/// target, or the count randomized or enrolled, not approximate.
fn exact_whole(ss: &[Stated], s: &SampleSizeSummary, total: u64) -> bool {
    ss.iter().any(|(f, v)| {
        v.n == total
            && !approximate(f)
            && (v.role == SampleRole::Planned
                || ([s.randomized, s.enrolled].contains(&Some(total))
                    && matches!(v.role, SampleRole::Randomized | SampleRole::Enrolled)))
    })
}

/// Arms that add up to less than a total stated as the trial's whole give
/// way to another statement of as many arms, stated with the randomisation
/// or heading a table's columns, that adds up to it and holds, size by
/// size, at least as many: the arms randomized, of which the chosen ones
/// are what was left (analysed, followed up). Groups that merely partition
/// the whole (those who developed the disease and those who did not,
/// regions) are not stated so.
fn randomized_arms(ss: &[Stated], s: &SampleSizeSummary, total: u64) -> Option<Vec<u64>> {
    if !exact_whole(ss, s, total) {
        return None;
    }
    let mut chosen = s.arms.clone();
    chosen.sort_unstable();
    arm_groups(ss).iter().find_map(|group| {
        let arms = arm_sizes(group);
        let mut sorted = arms.clone();
        sorted.sort_unstable();
        (arms.len() == chosen.len()
            && states_arms(group)
            && arms.iter().sum::<u64>() == total
            && sorted.iter().zip(&chosen).all(|(r, a)| r >= a))
        .then_some(arms)
    })
}

/// `(n = 88) … prefabricated foot orthoses (n = 47) or rocker-sole
/// footwear (n = 41)` of 102 randomized: an arm that the others add up to
/// is their whole (those analysed), and the others are the arms.
fn parts_of_an_arm(arms: &[u64]) -> Option<Vec<u64>> {
    let sum: u64 = arms.iter().sum();
    let i = arms.iter().position(|&a| 2 * a == sum)?;
    let mut rest = arms.to_vec();
    rest.remove(i);
    (rest.len() >= 2).then_some(rest)
}

/// The arms less the one whose removal makes them add up to the total,
/// the last such (`20 of 30 patients treated with radiotherapy, 19 of 32
/// … and 30 of 34 in the combined arm` of 96 enrolled: the second 30 is
/// an outcome's count read as an arm).
fn one_too_many(arms: &[u64], total: u64) -> Option<Vec<u64>> {
    let sum: u64 = arms.iter().sum();
    if arms.len() < 3 {
        return None;
    }
    let i = (0..arms.len()).rev().find(|&i| sum - arms[i] == total)?;
    let mut rest = arms.to_vec();
    rest.remove(i);
    Some(rest)
}

/// `approximately 62,000`, `about 300`: a count stated as approximate.
static APPROXIMATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:approximately|about|around|nearly|almost|roughly|some|an estimated|over|more than)\s+$",
    )
    .expect("approximate regex")
});

/// Whether a count is stated as approximate.
fn approximate(f: &Finding) -> bool {
    f.context
        .find(&f.text)
        .is_some_and(|at| APPROXIMATE.is_match(&f.context[..at]))
}

/// Whether the arms fall into two runs or more that each add up to the
/// whole: every person in each arm of a crossover (`A (n = 15)`, `B (n =
/// 15)` of 15), each margin of a 2 × 2 factorial (580 + 604 and 585 + 599
/// of 1,184).
fn repeats_whole(arms: &[u64], total: u64) -> bool {
    let (mut runs, mut acc) = (0, 0);
    for &a in arms {
        acc += a;
        if acc == total {
            runs += 1;
            acc = 0;
        } else if acc > total {
            return false;
        }
    }
    acc == 0 && runs >= 2
}

/// The role of a count the text states of its participants that is `n`.
fn stated_whole(ss: &[Stated], n: u64) -> Option<SampleRole> {
    ss.iter()
        .find(|(f, v)| {
            v.n == n
                && match v.role {
                    SampleRole::Randomized | SampleRole::Enrolled => true,
                    SampleRole::Total => f.confidence > FIRM_WHOLE,
                    _ => false,
                }
        })
        .map(|(_, v)| v.role)
}

/// The first two arms or more that add up to the total: `QET n = 11, TT n
/// = 10` at baseline, then again at retention, of 21 children.
fn fitting_prefix(arms: &[u64], total: u64) -> Option<Vec<u64>> {
    let mut acc = 0;
    for (i, &a) in arms.iter().enumerate() {
        acc += a;
        if acc == total {
            return (i >= 1).then(|| arms[..=i].to_vec());
        }
        if acc > total {
            return None;
        }
    }
    None
}

/// A statement of two arms or more, other than the one chosen, whose sizes
/// add up to the total.
fn later_fit(ss: &[Stated], total: u64) -> Option<Vec<u64>> {
    arm_groups(ss).iter().find_map(|group| {
        let mut arms = arm_sizes(group);
        if let Some(rest) = rest_arm(group, &arms) {
            arms.push(rest);
        }
        (arms.len() >= 2 && arms.iter().all(|&a| a >= 2) && arms.iter().sum::<u64>() == total)
            .then_some(arms)
    })
}
