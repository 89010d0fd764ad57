//! Arms the text does not state one by one: a total split into equal
//! groups, a size per group whose groups add up to the total, the
//! denominators of a sentence that compares groups, and a protocol's
//! targets per group (with the planned total they add up to).

use super::super::lexicon::equal_ratio_groups;
use super::super::lexicon::{NAMES_GROUPS, RANDOMIZATION};
use super::super::targets::{PLANNED_EACH, PROTOCOL_TOTAL};
use super::super::{ARM_EACH, PLANNED};
use super::arms::stated_together;
use super::Stated;
use crate::record::SampleRole;

/// `120 children were enrolled. Children were randomly allocated to one of
/// the three equal groups`: the arms of a total split into `k` equal groups,
/// when the text states none of its own (or only the one size they share,
/// `60 patients … two equal groups … 30 in group A`) and `k` divides it.
pub(super) fn equal_arms(ss: &[Stated], total: Option<u64>, arms: &[u64]) -> Option<Vec<u64>> {
    let t = total?;
    let k = ss
        .iter()
        .filter(|(_, v)| v.n == t)
        .find_map(|(_, v)| v.statement.and_then(|st| st.equal_groups))?;
    let each = t / k;
    let partial = arms.len() < k as usize && arms.iter().all(|&a| a == each);
    (t % k == 0 && each > 0 && partial).then(|| vec![each; k as usize])
}

/// `Fifty patients were included and randomized 1:1 … we randomized 25
/// patients per group`, `a sample size of 20 patients for each group` in a
/// paper of 40: a size per group (stated, or the calculation's) whose
/// groups add up to the study's total are the arms, when the text states
/// no arms of its own (randomized = Σ arms: the trial was randomized as
/// planned; a protocol's targets per group are the arms it will
/// randomise). The number of groups is the one stated with the size (two
/// to six), or the whole stated next to it in its sentence that
/// many times the size (`The overall sample will be n = 240 (60 in each group)`,
/// `a total of N=90 participants (n=30 per group)`), else two: a total
/// that is three or four times a size per group stated apart from it is
/// as often periods, strata or a total after attrition as it is three
/// arms.
pub(super) fn per_group_arms(ss: &[Stated], total: Option<u64>) -> Option<Vec<u64>> {
    let t = total?;
    ss.iter()
        .filter(|(f, v)| {
            (v.role == SampleRole::Arm && f.rule == ARM_EACH)
                || (v.role == SampleRole::Planned && f.rule == PLANNED_EACH)
        })
        .find_map(|each| {
            let v = each.1;
            // The whole is the count next to the size (no other count
            // between them, `46 per group (n=138)` too): `This will give
            // 200 cases … leave 100 subjects, 50 in the treatment group and
            // 50 …` splits 100.
            // A target of one named group (`180 with 60 in the intervention
            // arm and 120 in the control arm`) is no size per group.
            let whole_with = || {
                let k = t
                    .checked_div(v.n)
                    .filter(|k| v.n * k == t && v.group.is_none())?;
                let next_to = |w: &Stated| {
                    let (lo, hi) = if w.0.end <= each.0.start {
                        (w.0.end, each.0.start)
                    } else {
                        (each.0.end, w.0.start)
                    };
                    lo <= hi && !ss.iter().any(|o| o.0.start >= lo && o.0.start < hi)
                };
                ss.iter()
                    .any(|w| {
                        w.1.n == t
                            && study_count(w.1.role)
                            && stated_together(w, each)
                            && next_to(w)
                    })
                    .then_some(k)
            };
            let k = v
                .statement
                .and_then(|st| st.groups)
                .or_else(whole_with)
                .unwrap_or(2);
            ((2..=6).contains(&k) && v.n >= 2 && v.n.checked_mul(k) == Some(t))
                .then(|| vec![v.n; k as usize])
        })
}

/// A count of the whole study (or the whole it plans), not of a part.
fn study_count(role: SampleRole) -> bool {
    matches!(
        role,
        SampleRole::Total | SampleRole::Randomized | SampleRole::Enrolled | SampleRole::Planned
    )
}

/// `Twenty patients were randomised to each group and a total of 31
/// patients completed the study (17 in the midazolam group and 14 in the
/// diazepam group)` in a paper of 40 randomized: arms that add up to no
/// count randomized, each no larger than a size per group stated with
/// randomisation that many times over is the number randomized, are the
/// groups after attrition; the arms are the randomized size per group
/// (randomized = Σ arms).
pub(super) fn randomized_each_arms(ss: &[Stated], arms: &[u64]) -> Option<Vec<u64>> {
    let k = u64::try_from(arms.len()).ok().filter(|&k| k >= 2)?;
    let sum: u64 = arms.iter().sum();
    let randomized: Vec<u64> = ss
        .iter()
        .filter(|(_, v)| v.role == SampleRole::Randomized)
        .map(|(_, v)| v.n)
        .collect();
    if randomized.contains(&sum) {
        return None;
    }
    ss.iter()
        .filter(|(f, v)| {
            v.role == SampleRole::Arm
                && f.rule == ARM_EACH
                && v.statement.is_none_or(|st| st.randomization)
                && v.statement.and_then(|st| st.groups).is_none_or(|g| g == k)
        })
        .find_map(|(_, v)| {
            let whole = v.n.checked_mul(k)?;
            let attrition = whole > sum && arms.iter().all(|&a| a <= v.n);
            (attrition && randomized.contains(&whole)).then(|| vec![v.n; arms.len()])
        })
}

/// `Responses were seen in 2/23 patients treated with A and 3/24 patients
/// treated with B` in a paper that states `47 patients enrolled` and no
/// arms: the denominators of one sentence that compares groups are the
/// arms when they add up to a count of the study the text states (Σ arms =
/// randomized, or the number analysed) and the sentence names the groups.
/// Denominators that add up to no stated count are parts of a subgroup or
/// counts of another kind, and a split by what the patients were before
/// (`previously treated (11/35) … no previous treatment (33/61)`) is no
/// pair of arms: neither gives arms.
/// `accept` says which groups of denominators are arms (those that add up
/// to a stated count).
pub(super) fn denominator_groups(
    ss: &[Stated],
    accept: &dyn Fn(&[u64]) -> bool,
) -> Option<Vec<u64>> {
    let denominators: Vec<&Stated> = ss
        .iter()
        .filter(|(f, v)| {
            v.role == SampleRole::Arm
                && f.rule == DENOMINATOR
                && v.statement
                    .map_or_else(|| NAMES_GROUPS.is_match(&f.context), |st| st.names_groups)
        })
        .collect();
    let mut i = 0;
    while i < denominators.len() {
        let mut j = i + 1;
        while j < denominators.len() && stated_together(denominators[i], denominators[j]) {
            j += 1;
        }
        let arms: Vec<u64> = denominators[i..j].iter().map(|(_, v)| v.n).collect();
        if arms.len() >= 2 && arms.iter().all(|&a| a >= 2) && accept(&arms) {
            return Some(arms);
        }
        i = j;
    }
    None
}

/// Whether denominators that add up to no stated count may still be a
/// trial's arms, in a paper that states no count: two or three groups
/// (more are rarely one trial's arms), of ten or more each (`Real 1/5 …
/// Real 5/5` are sessions), none a rate's base (`21.7/1000 vs 26.1/1000`).
pub(super) fn lone_comparison(arms: &[u64]) -> bool {
    arms.len() <= 3
        && arms
            .iter()
            .all(|&a| a >= 10 && !matches!(a, 100 | 1000 | 10_000 | 100_000))
}

/// `A sample size of 30 (15 in the immediate and 15 in the delayed arm)
/// will be adequate`: a protocol's targets per group, two or more stated
/// together in a sentence that names groups or an allocation, that add
/// up to its planned total are the arms it will randomise (a results
/// paper's calculation per group is never its arms).
pub(super) fn planned_arms(ss: &[Stated], total: Option<u64>) -> Option<Vec<u64>> {
    let t = total?;
    let each: Vec<&Stated> = ss
        .iter()
        .filter(|(f, v)| v.role == SampleRole::Planned && f.rule == PLANNED_EACH)
        .collect();
    let mut i = 0;
    while i < each.len() {
        let mut j = i + 1;
        while j < each.len() && each[j].0.context == each[i].0.context {
            j += 1;
        }
        let arms: Vec<u64> = each[i..j].iter().map(|(_, v)| v.n).collect();
        // The sentence names arms or an allocation (`expected to yield 63
        // BPD and 117 non-BPD infants` splits by an outcome).
        let context = &each[i].0.context;
        let allocates = NAMES_GROUPS.is_match(context) || RANDOMIZATION.is_match(context);
        if allocates
            && arms.len() >= 2
            && arms.iter().all(|&a| a >= 2)
            && arms.iter().sum::<u64>() == t
        {
            return Some(arms);
        }
        i = j;
    }
    None
}

/// The rule of a group's size read from a denominator in the results.
pub(super) const DENOMINATOR: &str = "sample_size.arm_denominator";

/// The target total: among the `planned` counts of `rules` (never a size
/// per group, a block or a staff count), the most confident (one that
/// names the whole, `a total of`, first), the largest on ties.
pub(super) fn planned_total(ss: &[Stated], rules: &[&str]) -> Option<u64> {
    let mut best: Option<&Stated> = None;
    for st in ss {
        let (f, v) = st;
        if v.role == SampleRole::Planned
            && rules.contains(&f.rule.as_str())
            && best.is_none_or(|(b, bv)| {
                f.confidence > b.confidence || (f.confidence == b.confidence && v.n > bv.n)
            })
        {
            best = Some(st);
        }
    }
    best.map(|(_, v)| v.n)
}

/// Confidence of a target that names the whole (`a total of 70`).
pub(super) const WHOLE: f32 = 0.7;

/// A target that names the whole: `a total of 70 participants`.
pub(super) fn planned_whole(ss: &[Stated]) -> Option<u64> {
    ss.iter()
        .find(|(f, v)| {
            v.role == SampleRole::Planned
                && [PLANNED, PROTOCOL_TOTAL].contains(&f.rule.as_str())
                && f.confidence >= WHOLE
        })
        .map(|(_, v)| v.n)
}

/// `a sample size of 49 patients per group … we will aim for 55 patients
/// per group` in a protocol that states no count of its own: the target
/// is the size per group times its groups (stated with it, or by an equal
/// allocation `1:1:1`, else two), the largest such product (the target
/// that allows for dropouts); `26 per group (n=78)`: a target that is a
/// smaller one's groups together is the whole itself. A target per named
/// group (`9,814 in the intervention districts and 29,441 …`) is unequal
/// arms, no product; and a bare count that is the target per group, or it
/// times two to six groups, is the paper's own (a group it reports, the
/// whole it plans): the chain of stated counts decides.
pub(super) fn planned_each_whole(ss: &[Stated]) -> Option<u64> {
    let each: Vec<&Stated> = ss
        .iter()
        .filter(|(f, v)| v.role == SampleRole::Planned && f.rule == PLANNED_EACH && v.n >= 2)
        .collect();
    let groups_of = |t: u64, n: u64| t.is_multiple_of(n) && (1..=6).contains(&(t / n));
    let stated = ss
        .iter()
        .filter(|(_, v)| v.role == SampleRole::Total)
        .any(|(_, t)| each.iter().any(|(_, v)| groups_of(t.n, v.n)));
    if stated {
        return None;
    }
    each.iter()
        .filter_map(|(f, v)| {
            let whole = each
                .iter()
                .any(|(g, u)| g.context == f.context && u.n < v.n && groups_of(v.n, u.n));
            if whole {
                return Some(v.n);
            }
            if v.group.is_some() {
                return None;
            }
            let k = v
                .statement
                .and_then(|st| st.groups)
                .or_else(|| equal_ratio_groups(&f.context))
                .unwrap_or(2);
            (2..=6).contains(&k).then(|| v.n.checked_mul(k)).flatten()
        })
        .max()
}
