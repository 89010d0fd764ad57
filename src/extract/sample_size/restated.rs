//! Arms stated twice in different sentences: `Sixty-four men were
//! enrolled, 32 men in each group … Men in the training group (n = 32)
//! trained three times a week` names one of the groups a size per group
//! already counts. The group restated is no extra arm when the study's
//! stated whole is the groups of the size per group and not the groups
//! with it added (arithmetic: randomized = Σ arms).

use super::ARM_EACH;
use crate::record::{Finding, SampleRole, SampleSizeValue};

type Stated<'a> = (&'a Finding, &'a SampleSizeValue);

/// Whether the text states `n` as a count of the study (randomized,
/// enrolled, total).
fn states_study_count(ss: &[Stated], n: u64) -> bool {
    ss.iter().any(|(_, v)| {
        v.n == n
            && matches!(
                v.role,
                SampleRole::Randomized | SampleRole::Enrolled | SampleRole::Total
            )
    })
}

/// The arms of a document that states no two in one sentence, without the
/// arms of the size per group that restate one of its groups: when every
/// arm has that size and a count of the study (randomized, enrolled,
/// total) is the groups of the size per group alone (`sizes` of the `each`
/// statement) and none is the sum with the restated arms.
pub(super) fn without_restated<'a, 'b>(
    ss: &[Stated],
    group: Vec<&'b Stated<'a>>,
    sizes: &dyn Fn(&[&'b Stated<'a>]) -> Vec<u64>,
) -> Vec<&'b Stated<'a>> {
    let Some(each) = group.iter().find(|(f, _)| f.rule == ARM_EACH).copied() else {
        return group;
    };
    let size = each.1.n;
    if group.len() < 2 || group.iter().any(|(_, v)| v.n != size) {
        return group;
    }
    let stated = |n: u64| states_study_count(ss, n);
    let with: u64 = sizes(&group).iter().sum();
    let alone: u64 = sizes(&[each]).iter().sum();
    if alone != with && stated(alone) && !stated(with) {
        vec![each]
    } else {
        group
    }
}

/// `One hundred and four participants were randomly allocated … Fifty-two
/// participants were included in each group`, then captions that repeat
/// the whole (`Table 1 Comparison of knowledge before intervention
/// (n=104)`, `Mean scores between the groups (n = 104)`): in a document
/// that states no two arms in one sentence, a count as large as the
/// groups of a size per group together, where the text states that count
/// as the study's (randomized, enrolled, total), is the whole restated,
/// not one more group. A size per group whose groups make no stated count
/// leaves the arms as they are.
pub(super) fn without_whole<'a, 'b>(
    ss: &[Stated],
    group: Vec<&'b Stated<'a>>,
    sizes: &dyn Fn(&[&'b Stated<'a>]) -> Vec<u64>,
) -> Vec<&'b Stated<'a>> {
    let Some(each) = group.iter().find(|(f, _)| f.rule == ARM_EACH).copied() else {
        return group;
    };
    let whole: u64 = sizes(&[each]).iter().sum();
    let stated = states_study_count(ss, whole);
    if whole <= each.1.n || !stated {
        return group;
    }
    group
        .into_iter()
        .filter(|(f, v)| f.rule == ARM_EACH || v.n != whole)
        .collect()
}
