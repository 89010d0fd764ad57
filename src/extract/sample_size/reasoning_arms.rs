//! The arms a text states: the sentences that state two arms or more
//! (grouped by statement), the one that is the trial's (randomized = Σ
//! arms), and the sizes of its arms (`27 in each group` counts for every
//! group).

use super::super::groups::matched::MATCHED_PAIRS;
use super::super::lexicon::{groups_named, RANDOMIZATION};
use super::super::ARM_EACH;
use super::derived::DENOMINATOR;
use super::restated;
use super::Stated;
use crate::record::SampleRole;

/// The trial's arms and the statements they come from: the first
/// sentence that states two arms or more, unless their sizes add up to no
/// stated randomized count and a later sentence's add up to the largest
/// one (randomized = Σ arms; `two patients in each cohort were randomized,
/// one to placebo and one to drug` comes before the table heads `All
/// rHIgM22 (N = 55)`, `All placebo (N = 17)` of a paper that randomized
/// 72). A first sentence that adds up is kept even when a later one adds
/// up to more (an abstract's 56 randomized beside the body's 60), unless
/// its count randomized is a part of a larger whole enrolled that a later
/// statement of the groups adds up to (see [`randomized_part`]).
pub(super) fn trial_arms<'a, 'b>(ss: &'b [Stated<'a>]) -> (Vec<&'b Stated<'a>>, Vec<u64>) {
    let randomized: Vec<u64> = ss
        .iter()
        .filter(|(_, v)| v.role == SampleRole::Randomized)
        .map(|(_, v)| v.n)
        .collect();
    let largest = randomized.iter().copied().max();
    let adds_up =
        |arms: &[u64], to: &mut dyn FnMut(u64) -> bool| arms.len() >= 2 && to(arms.iter().sum());
    // No trial puts one person in an arm: `treatment was continued in six
    // patients; one patient discontinued`, `Remifentanil (n=6) compared to
    // Alfentanil (n=1)`, a criterion met by one (`(n = 1)`).
    let mut groups: Vec<ArmGroup> = arm_groups(ss)
        .into_iter()
        .map(|group| {
            let mut arms = arm_sizes(&group);
            if let Some(rest) = rest_arm(&group, &arms) {
                arms.push(rest);
            }
            (group, arms)
        })
        .filter(|(_, arms)| arms.iter().all(|&a| a >= 2))
        .collect();
    let Some(first) = groups.first() else {
        return (Vec::new(), Vec::new());
    };
    let at = if adds_up(&first.1, &mut |n| randomized.contains(&n)) {
        // Parts that add up without stating groups (the sites of `59% of
        // the participants in the South clinic (total n = 100), 62% in the
        // North clinic (109) …`) give way to a statement of the groups
        // that adds up to the same count (`Immediate (n = 212)`,
        // `Delayed (n = 207)` heading a table).
        let sum: u64 = first.1.iter().sum();
        if states_arms(&first.0) {
            randomized_part(ss, &groups, sum, largest)
        } else {
            later(&groups, |(group, arms)| {
                states_arms(group) && adds_up(arms, &mut |n| n == sum)
            })
        }
    } else {
        later(&groups, |(group, arms)| {
            states_arms(group) && adds_up(arms, &mut |n| Some(n) == largest)
        })
        .or_else(|| randomized_enrolled(ss, &groups, largest))
        .or_else(|| randomized_after_each(&groups))
    };
    groups.swap_remove(at.unwrap_or(0))
}

/// `Placebo (n = 14)`, a blank line, `L. reuteri (n = 15)`: the heads of
/// one table's columns, each on a line of its own, are stated together
/// even where a blank line between them splits the sentences (each head
/// alone in its sentence: heads that share one are a run already, and a
/// run beside them is another level of the table's head). A head line is
/// short (a label of 40 characters at most and its count), so the next
/// head of the same run starts within a few lines and names another group;
/// another table's heads are pages away.
fn one_head_run(a: &Stated, b: &Stated) -> bool {
    const HEAD_RUN_GAP: usize = 64;
    let column = |s: &Stated| s.0.rule == super::super::groups::columns::ARM_COLUMN;
    column(a)
        && column(b)
        && a.1.group != b.1.group
        && b.0.start > a.0.end
        && b.0.start - a.0.end <= HEAD_RUN_GAP
}

/// The arms of one sentence and their sizes.
type ArmGroup<'a, 'b> = (Vec<&'b Stated<'a>>, Vec<u64>);

/// The first group after the first that `ok` accepts.
pub(super) fn later(groups: &[ArmGroup], ok: impl Fn(&ArmGroup) -> bool) -> Option<usize> {
    (1..groups.len()).find(|&i| ok(&groups[i]))
}

/// `A total of 180 patients were enrolled. The 9-month angiography was
/// performed in 72 patients with A and 74 with B … Ninety patients were
/// randomized to A and 90 to B`: in a paper that states no randomized
/// count, arms stated with their randomisation that add up to the largest
/// enrolled count are the trial's, not a first sentence's groups of fewer
/// people stated without it (those followed up, analysed).
pub(super) fn randomized_enrolled(
    ss: &[Stated],
    groups: &[ArmGroup],
    largest_randomized: Option<u64>,
) -> Option<usize> {
    let enrolled = largest_enrolled(ss)?;
    let sum = |arms: &[u64]| arms.iter().sum::<u64>();
    let in_randomization = |group: &[&Stated]| {
        group.first().is_some_and(|(f, v)| {
            v.statement
                .map_or_else(|| RANDOMIZATION.is_match(&f.context), |st| st.randomization)
        })
    };
    let (first, arms) = groups.first()?;
    if largest_randomized.is_some() || in_randomization(first) || sum(arms) >= enrolled {
        return None;
    }
    later(groups, |(group, arms)| {
        arms.len() >= 2 && in_randomization(group) && sum(arms) == enrolled
    })
}

/// `The final sample consisted of 100 third-graders … the four language
/// learners were randomly allocated to the two experimental groups only
/// (two children in each) … the final allocations were A (n = 33), B (n =
/// 34) and C (n = 33)`: arms that add up to a few randomized apart (a
/// part of the people, placed by a rule of their own) give way to a later
/// statement of the groups that adds up to the study's whole, the most
/// enrolled, when no count randomized is that large (randomized ≤
/// enrolled: a randomized count below the whole is a part of it only
/// where the groups of the whole are stated too).
fn randomized_part(
    ss: &[Stated],
    groups: &[ArmGroup],
    first_sum: u64,
    largest_randomized: Option<u64>,
) -> Option<usize> {
    let enrolled = largest_enrolled(ss)?;
    if first_sum >= enrolled || largest_randomized.is_some_and(|r| r >= enrolled) {
        return None;
    }
    later(groups, |(group, arms)| {
        arms.len() >= 2 && states_arms(group) && arms.iter().sum::<u64>() == enrolled
    })
}

/// The largest count enrolled: the study's whole.
fn largest_enrolled(ss: &[Stated]) -> Option<u64> {
    ss.iter()
        .filter(|(_, v)| v.role == SampleRole::Enrolled)
        .map(|(_, v)| v.n)
        .max()
}

/// `Our intention was to complete the study with 60 subjects (30 per
/// group)` before `Sixty-four subjects were randomized to A (32 subjects)
/// or placebo (32 subjects)`: a first group that is one size per group
/// stated without randomisation gives way to a later sentence that
/// randomizes two arms or more.
fn randomized_after_each(groups: &[ArmGroup]) -> Option<usize> {
    let (first, _) = groups.first()?;
    let lone_each = matches!(first.as_slice(), [(f, _)] if f.rule == ARM_EACH);
    if !lone_each || states_arms(first) {
        return None;
    }
    later(groups, |(group, arms)| {
        arms.len() >= 2
            && group.first().is_some_and(|(f, v)| {
                v.statement
                    .map_or_else(|| RANDOMIZATION.is_match(&f.context), |st| st.randomization)
            })
    })
}

/// Whether a later sentence's arms are the trial's groups, not counts that
/// happen to add up (`75 dropouts while 627 completed`, adverse events
/// `in the X group (10 patients) and … placebo group (5 patients)`): its
/// sentence speaks of randomisation, or they head a table's columns.
pub(super) fn states_arms(group: &[&Stated]) -> bool {
    group.first().is_some_and(|(f, v)| {
        f.rule == super::super::groups::columns::ARM_COLUMN
            || v.statement
                .map_or_else(|| RANDOMIZATION.is_match(&f.context), |st| st.randomization)
    })
}

/// Stated together: the same sentence, as the extractor saw it (read back
/// from a record, which does not carry it, the same context).
pub(super) fn stated_together(a: &Stated, b: &Stated) -> bool {
    match (a.1.statement, b.1.statement) {
        (Some(x), Some(y)) => x.sentence == y.sentence,
        _ => a.0.context == b.0.context,
    }
}

/// The arm statements grouped by sentence: each sentence that states two
/// or more (or one and "the rest"), in text order; without one, all the
/// arms as one group.
pub(super) fn arm_groups<'a, 'b>(ss: &'b [Stated<'a>]) -> Vec<Vec<&'b Stated<'a>>> {
    // The same arms repeated in the results are not counted twice.
    let arms: Vec<&Stated> = ss
        .iter()
        .filter(|(f, v)| v.role == SampleRole::Arm && f.rule != DENOMINATOR)
        .collect();
    let mut groups: Vec<Vec<&Stated>> = Vec::new();
    // Whether an arm is the only one its sentence states.
    let alone: Vec<bool> = (0..arms.len())
        .map(|k| {
            (k == 0 || !stated_together(arms[k - 1], arms[k]))
                && (k + 1 == arms.len() || !stated_together(arms[k], arms[k + 1]))
        })
        .collect();
    let mut i = 0;
    while i < arms.len() {
        let mut j = i + 1;
        while j < arms.len()
            && (stated_together(arms[i], arms[j])
                || (alone[j - 1] && alone[j] && one_head_run(arms[j - 1], arms[j])))
        {
            j += 1;
        }
        let mut members = arms[i..j].to_vec();
        // `50 patients were registered into two groups (25 in each group)
        // … and rest 44 (22 in each group) completed`: a size per group
        // whose groups make up the study's count states all its groups;
        // another size per group in its sentence is the same groups again.
        if let Some(all) = members
            .iter()
            .find(|a| a.0.rule == ARM_EACH && stated_arms(ss, &[*a]) >= 2)
            .map(|a| a.0.start)
        {
            members.retain(|a| a.0.rule != ARM_EACH || a.0.start == all);
        }
        // `60 … to A and the rest to B` states two arms with one count.
        let rest = members.iter().any(|a| rest_of(a).is_some());
        if stated_arms(ss, &members) + usize::from(rest) >= 2 {
            groups.push(members);
        }
        i = j;
    }
    if groups.is_empty() {
        // A size per group stated again (the design's `n = 58 per arm`, the
        // calculation's `42 per treatment arm`) is not more groups: the
        // first statement counts.
        // So is a count of matched pairs stated again.
        let each_like = |rule: &str| rule == ARM_EACH || rule == MATCHED_PAIRS;
        let mut each = arms.iter().filter(|(f, _)| each_like(&f.rule));
        let first_each = each.next().map(|(f, _)| f.start);
        let group = arms
            .iter()
            .filter(|(f, _)| !each_like(&f.rule) || Some(f.start) == first_each)
            .copied()
            .collect();
        let group = restated::without_whole(ss, group, &|g| arm_sizes(g));
        groups.push(restated::without_restated(ss, group, &|g| arm_sizes(g)));
    }
    // `30 patients in each group: 30 in group P and 30 in group C` lists
    // the groups twice; the named ones are enough. An `(n = 12 each)`
    // bracket after a list of doses beside arms of other sizes (`180 mg (n
    // = 6), 15, 30, 60, or 90 mg (n = 12 each), or placebo (n = 14)`) is
    // the size of the groups its list names, not the groups again; one
    // stated first (`3 groups (n = 32 per group)`, then `Placebo group (n =
    // 31)` …) is the design the named arms restate.
    for group in &mut groups {
        let listed = |i: usize, (f, v): &Stated| {
            i > 0
                && f.rule == ARM_EACH
                && f.text.starts_with(['n', 'N'])
                && v.statement.is_some_and(|st| st.groups.is_some())
                && group[..i]
                    .iter()
                    .any(|(g, w)| g.rule != ARM_EACH && w.n != v.n)
        };
        let keep: Vec<bool> = group
            .iter()
            .enumerate()
            .map(|(i, s)| listed(i, s))
            .collect();
        if group.len() > 2 && group.iter().any(|(f, _)| f.rule == ARM_EACH) {
            let mut i = 0;
            group.retain(|(f, _)| {
                i += 1;
                f.rule != ARM_EACH || keep[i - 1]
            });
        }
        let once = stated_once(group);
        group.truncate(once);
    }
    groups
}

/// How many arms a sentence's arm statements state: one each, and `Six
/// hundred patients were randomized to three groups of 200 patients each`
/// as many as it names when the number randomized stated with it is that
/// many times the size (600 = 3 × 200: all the trial's groups). A size per group
/// without such a whole stays one: `30 women in each of the two vitamin D
/// groups`, then `The placebo group (n = 30)`, is a part of the arms.
fn stated_arms(ss: &[Stated], group: &[&Stated]) -> usize {
    group
        .iter()
        .map(|&a| {
            let (f, v) = a;
            let k = match (v.arm_of, v.statement.and_then(|st| st.groups)) {
                (Some(o), _) => o.of,
                (None, Some(k)) if f.rule == ARM_EACH => k,
                _ => return 1,
            };
            // Randomized only: `The sample size aimed for was 700
            // participants: 175 … in each of the four groups` is a target,
            // `A total of 60 patients, 30 in each group, were available for
            // analysis` those analysed; neither states the trial's arms.
            // `A total of 80 patients were recruited. They were divided
            // into four groups (each n = 20)`: the groups of a size per
            // group that make up a count of the study stated before them
            // (randomized or enrolled, no fewer than the most randomized:
            // `two subjects in each cohort` of `Six subjects` in a trial
            // that randomized 24 are not its groups) are all its groups.
            let most_randomized = ss
                .iter()
                .filter(|w| w.1.role == SampleRole::Randomized)
                .map(|w| w.1.n)
                .max()
                .unwrap_or(0);
            let whole = ss.iter().any(|w| {
                v.n.checked_mul(k) == Some(w.1.n)
                    && ((w.1.role == SampleRole::Randomized && stated_together(w, a))
                        || (f.rule == ARM_EACH
                            && w.0.start < f.start
                            && w.1.n >= most_randomized
                            && matches!(w.1.role, SampleRole::Randomized | SampleRole::Enrolled)))
            });
            if whole {
                k as usize
            } else {
                1
            }
        })
        .sum()
}

/// How many of a group's arms state each arm once: `in 7 (14%) of 51
/// patients in the BP group and 24 (55%) of 44 in the Dacron group; at 4
/// minutes in 2 of 51 … and 13 of 44` names the same two arms twice, and
/// the arms are 51 and 44, not four. The sizes must repeat in order, and
/// differ within one round (four arms of 30 are four arms).
pub(super) fn stated_once(group: &[&Stated]) -> usize {
    let sizes: Vec<u64> = group.iter().map(|(_, v)| v.n).collect();
    (2..=sizes.len() / 2)
        .filter(|&m| sizes.len().is_multiple_of(m))
        .find(|&m| {
            sizes[..m].iter().any(|&a| a != sizes[0])
                && sizes.iter().enumerate().all(|(i, &a)| a == sizes[i % m])
        })
        .unwrap_or(sizes.len())
}

/// The whole an arm of "the rest" is part of.
pub(super) fn rest_of(a: &Stated) -> Option<u64> {
    a.1.statement.and_then(|st| st.rest_of)
}

/// `Of the 120 enrolled, 60 were assigned to A and the rest to B`: the
/// other arm is the whole less the arms stated with it.
pub(super) fn rest_arm(first_group: &[&Stated], arms: &[u64]) -> Option<u64> {
    let whole = first_group.iter().find_map(|a| rest_of(a))?;
    let sum: u64 = arms.iter().sum();
    (whole > sum).then(|| whole - sum)
}

/// The arms' sizes; `27 in each group` is one finding for every group.
pub(super) fn arm_sizes(first_group: &[&Stated]) -> Vec<u64> {
    let mut arms = Vec::new();
    for (f, v) in first_group.iter() {
        let k = if let Some(a) = v.arm_of {
            // The count the findings were copied by (also read back from a
            // record, which has no statement).
            a.of
        } else if f.rule == ARM_EACH {
            let groups = match v.statement {
                Some(st) => st.groups,
                None => groups_named(&f.context),
            };
            groups.unwrap_or(2)
        } else {
            1
        };
        for _ in 0..k {
            arms.push(v.n);
        }
    }
    arms
}
