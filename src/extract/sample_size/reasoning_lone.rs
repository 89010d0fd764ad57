//! One arm alone, smaller than the study's total: a part of a split whose
//! other part the arm rules missed, or no arm of the trial at all.

use std::sync::LazyLock;

use regex::Regex;

use super::super::lexicon::RANDOMIZATION;
use super::Stated;
use crate::record::SampleRole;

/// A group's label that names one of the trial's groups (`the control
/// group`, `LM group A`, `placebo`), not what a count is of (`biomarker
/// data`, `neonatal death`, `renal transplantation`).
static NAMES_A_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups?|arms?|placebo|controls?|intervention)(?-u:\b)")
        .expect("group label regex")
});

/// The words before a `group of N` that name one of the trial's groups
/// (`A control group of 120`, `Group C consisted of 14`, `The experimental
/// group consisted of 12`), not any group (`a group of 280 lay-people`,
/// `a sub-cohort of 38`).
static GROUP_NAMED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:control|placebo|intervention|experimental|treatment|sham|group [a-z0-9])(?-u:\b)",
    )
    .expect("group named before regex")
});

/// The rule of `a control group of 120 adults`.
const ARM_GROUP_OF: &str = "sample_size.arm_group_of";

/// The 40 bytes of a finding's context before its text.
fn before_text(f: &crate::record::Finding) -> &str {
    let Some(at) = f.context.find(f.text.as_str()) else {
        return "";
    };
    let mut from = at.saturating_sub(40);
    while !f.context.is_char_boundary(from) {
        from += 1;
    }
    &f.context[from..at]
}

/// The summary's arms when the rules found one arm alone, smaller than the
/// total: a split of the total has two parts (or more), and one part alone
/// names one group of a comparison it cannot show.
///
/// `The intervention group (n=37) received …, while the controls (n=37)
/// received a placebo`, `randomly allocated to a placebo (n = 16) or a
/// Synergy 1 (n = 18) group`, `including 46 patients in the ICP group and
/// 44 patients in the control group` of 74, 34 and 90: a count stated in
/// the arm's own sentence that is the rest of the total (total − arm,
/// whatever role it was read under) is the other part of the split; the
/// arms are the two in the text's order.
///
/// Without one, the lone arm stays only when it is stated as one of the
/// trial's groups: in a sentence of randomisation (`randomly assigned to
/// either HIE (n = 12) or an egg protein placebo group`) or under a label
/// that names a group (`59 out of 178 women in the RGCT group`, `A
/// control group of 120 healthy adults`). Any other
/// lone arm read against a larger total is far more often an exit or
/// event count (`reported by three patients (7.5%)`), a subset (`the
/// serial spirometry subset (n = 491)`) or a recruitment source (`newspaper
/// advertisements (n = 35)`) than one group of a comparison, and a
/// reviewer would rather see no arms than one wrong arm. Its finding stays
/// for the reviewer.
pub(super) fn lone_arm(ss: &[Stated], total: Option<u64>, arms: &[u64]) -> Option<Vec<u64>> {
    let ([a], Some(t)) = (arms, total) else {
        return None;
    };
    if *a >= t {
        return None;
    }
    if let Some(arms) = other_part(ss, *a, t) {
        return Some(arms);
    }
    let stated_as_group = ss
        .iter()
        .filter(|(_, v)| v.role == SampleRole::Arm && v.n == *a)
        .any(|(f, v)| {
            let randomization = v
                .statement
                .map_or_else(|| RANDOMIZATION.is_match(&f.context), |st| st.randomization);
            let named_before =
                f.rule == ARM_GROUP_OF && GROUP_NAMED_BEFORE.is_match(before_text(f));
            randomization
                || named_before
                || v.group
                    .as_deref()
                    .is_some_and(|g| NAMES_A_GROUP.is_match(g))
        });
    (!stated_as_group).then(Vec::new)
}

/// The lone arm `a` and the count stated in its sentence that is the rest
/// of the total `t`, in the text's order.
fn other_part(ss: &[Stated], a: u64, t: u64) -> Option<Vec<u64>> {
    let rest = t - a;
    if rest < 2 {
        return None;
    }
    ss.iter()
        .filter(|(_, v)| v.role == SampleRole::Arm && v.n == a)
        .find_map(|arm| {
            let other = ss.iter().find(|b| {
                b.0.start != arm.0.start
                    && b.1.n == rest
                    && b.1.role != SampleRole::Planned
                    && super::arms::stated_together(arm, b)
            })?;
            Some(if other.0.start < arm.0.start {
                vec![rest, a]
            } else {
                vec![a, rest]
            })
        })
}
