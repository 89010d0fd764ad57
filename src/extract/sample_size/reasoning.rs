//! The summary's sample size: the arms stated together first, then the
//! total by the CONSORT arithmetic (assessed ≥ enrolled ≥ randomized = Σ
//! arms ≥ analysed): a stated count that equals the arms' sum is the
//! randomized total; a weak count that no trial of those arms could have
//! (smaller than an arm stated with the randomisation) is passed over, and
//! so is a sum of arms that fewer people than completed the trial could not
//! make; among the rest an order of preference (randomized, enrolled, a
//! count stated before the arms, …), and a warning when the arms do not add
//! up to the total.
//!
//! It reads the typed findings the extractor made, with each arm's
//! [`crate::record::Statement`] (which sentence, randomisation nearby, how many groups
//! `each` stands for), not the findings' `context` strings.

use super::lexicon::RANDOMIZATION;
use super::targets::{PROTOCOL, PROTOCOL_TOTAL};
use super::{ARM_EACH, PLANNED};
use crate::record::{Finding, SampleRole, SampleSizeSummary, SampleSizeValue, Value};

/// `total` = randomized, else a count equal to the arms' sum, else
/// enrolled, else analyzed, else the sum of the arms, else a count whose
/// role the text leaves open; arms that do not add up to the stated total
/// are a warning.
pub fn summarize(findings: &[Finding]) -> (SampleSizeSummary, Vec<String>) {
    let mut s = SampleSizeSummary::default();
    let ss: Vec<(&Finding, &SampleSizeValue)> = findings
        .iter()
        .filter_map(|f| match &f.value {
            // The 2nd … k-th copy of an `each` count: the first stands
            // for all k (see `arms::arm_sizes`).
            Value::SampleSize(v) if v.arm_of.is_some_and(|a| a.arm > 1) => None,
            Value::SampleSize(v) => Some((f, v)),
            _ => None,
        })
        .collect();
    let ss = without_clusters(ss);
    // `96 smokers and 214 nonsmokers were randomized`: the whole is the sum.
    let wholes = super::coordinated::wholes(&ss);
    let ss = super::coordinated::with_wholes(ss, &wholes);
    // A protocol states its target, not participants: its total is the
    // size it plans to enrol (its arms, if any, are those it will
    // randomise); without one, the chain of stated counts below.
    let protocol_total = planned_total(&ss, &[PROTOCOL_TOTAL]);
    let (first_group, arms) = trial_arms(&ss);
    s.arms = without_whole(&ss, arms);
    if let Some(arms) = randomized_each_arms(&ss, &s.arms) {
        s.arms = arms;
    }
    // Arms stated in a randomization sentence ("randomized into MSC-NP (n =
    // 27) or saline (n = 27)") are the trial's: their sum is the number
    // randomized.
    let randomized_arms = s.arms.len() >= 2
        && first_group[0].1.statement.map_or_else(
            || RANDOMIZATION.is_match(&first_group[0].0.context),
            |st| st.randomization,
        );
    let arith = Arithmetic::of(&s.arms, randomized_arms);
    let pick = |role: SampleRole| arith.pick(&ss, role);
    s.randomized = pick(SampleRole::Randomized);
    s.enrolled = pick(SampleRole::Enrolled);
    // Enrolled ≥ randomized: a count read as enrolled that is smaller than
    // the number randomized is a part of the trial (`537 were recruited
    // and randomised … 3 were enrolled late`), not its enrolment.
    let fewer = matches!((s.enrolled, s.randomized), (Some(e), Some(r)) if e < r);
    if enrolled_per_arm(&ss, &s.arms) || fewer {
        s.enrolled = None;
    }
    s.analyzed = pick(SampleRole::Analyzed);
    // `Forty one patients were selected … assigned to two groups (n = 20)
    // and (N = 21)`: a count of the study that is the arms' sum is the
    // number randomized, whatever verb it came with.
    let sum_stated = ss
        .iter()
        .find(|(_, v)| {
            matches!(v.role, SampleRole::Total | SampleRole::Enrolled) && arith.is_sum(v.n)
        })
        .map(|(_, v)| v.n);
    // `Of those 51 participants, nine were assigned to the control group
    // … the remaining 42 comprised the experimental group`: a randomized
    // count that is one of several arms whose sum is stated is that arm's
    // count; the sum is the number randomized.
    if let (Some(r), Some(sum)) = (s.randomized, sum_stated) {
        if arith.several && s.arms.contains(&r) && sum > r {
            s.randomized = Some(sum);
        }
    }
    let stated_randomized = s.randomized;
    if s.randomized.is_none() && randomized_arms {
        s.randomized = Some(arith.sum);
    }
    let stated_total = stated_before_arms(&ss, &first_group, &arith);
    // A total the text states beats one added up from the arms; a count of
    // completers is still a count of this study's participants.
    s.total = protocol_total
        .or(stated_randomized)
        .or(sum_stated)
        .or(s.enrolled)
        .or(stated_total)
        .or(s.randomized)
        .or(s.analyzed)
        .or_else(|| arith.sum_as_total(&pick))
        .or_else(|| pick(SampleRole::Completed))
        // `a total of seventy participants` in the calculation of a paper
        // that states no other count of its own beats a bare count
        // (`ten nurses`).
        .or_else(|| weak_total(&ss).and(planned_whole(&ss)))
        // `we will aim for 55 patients per group` in a protocol that
        // states no whole target: its groups' targets beat a bare count
        // (`Two separate persons will rank …`); the groups it will
        // randomise are its arms (`per_group_arms`).
        .or_else(|| {
            let whole = planned_total(&ss, &[PLANNED, PROTOCOL, PROTOCOL_TOTAL]);
            weak_total(&ss)
                .filter(|()| whole.is_none())
                .and(planned_each_whole(&ss))
        })
        .or_else(|| pick(SampleRole::Total))
        // A paper that states no participants, only its target.
        .or_else(|| planned_total(&ss, &[PLANNED, PROTOCOL_TOTAL]))
        .or_else(|| only_people_observed(&ss))
        // `12/40 (30%) … versus 20/41 (49%)`: the denominators of one
        // comparison of groups, in a paper that states no count at all,
        // are its arms and their sum its total (weak evidence, last).
        .or_else(|| denominator_groups(&ss, &lone_comparison).map(|a| a.iter().sum()));
    if s.arms.is_empty() {
        let stated = [s.total, s.randomized, s.enrolled, s.analyzed];
        let adds_up = |a: &[u64]| stated.contains(&Some(a.iter().sum()));
        s.arms = denominator_groups(&ss, &adds_up).unwrap_or_default();
    }
    if s.arms.is_empty() && protocol_total.is_some() {
        s.arms = planned_arms(&ss, s.total).unwrap_or_default();
    }
    if s.arms.is_empty() {
        s.arms = per_group_arms(&ss, s.total).unwrap_or_default();
    }
    if let Some(arms) = equal_arms(&ss, s.total, &s.arms) {
        s.arms = arms;
    }
    if lone_whole(&ss, s.total, &s.arms) {
        s.arms.clear();
    }
    if let Some(arms) = lone::lone_arm(&ss, s.total, &s.arms) {
        s.arms = arms;
    }
    balance::balance(&ss, &mut s, arms::states_arms(&first_group));
    let warnings = arms_warning(s.total, &s.arms).into_iter().collect();
    (s, warnings)
}

/// `All patients (n = 64)`, `Drug (n = 32)`, `Placebo (n = 32)` heading a
/// table's columns: an arm that is the study's stated whole (the largest
/// count randomized or enrolled) and that the other arms add up to is the
/// whole, not a group (parts that add up to a stated whole are its parts).
/// Arms that add up to a stated count as they are stay: `2:1:1` groups of
/// 60, 30 and 30 of 120 randomized. Two groups, the whole and a smaller
/// one, are a whole and its part: no arms.
fn without_whole(ss: &[Stated], mut arms: Vec<u64>) -> Vec<u64> {
    let sum: u64 = arms.iter().sum();
    let study = |v: &SampleSizeValue| {
        matches!(
            v.role,
            SampleRole::Randomized
                | SampleRole::Enrolled
                | SampleRole::Total
                | SampleRole::Analyzed
        )
    };
    if arms.len() < 2 || ss.iter().any(|(_, v)| study(v) && v.n == sum) {
        return arms;
    }
    let whole = ss
        .iter()
        .filter(|(_, v)| matches!(v.role, SampleRole::Randomized | SampleRole::Enrolled))
        .map(|(_, v)| v.n)
        .max();
    // `the overall study population (n = 162) … the LATAM population (n =
    // 138)`: two groups, one the whole the study enrolled and the other a
    // smaller count stated as no study count, are a whole and its part,
    // not two arms (`Seventy-nine patients comprised the treatment group`
    // stated as enrolled is an arm).
    if let ([a, b], Some(w)) = (arms.as_slice(), whole) {
        let (big, small) = (*a.max(b), *a.min(b));
        let small_stated = ss.iter().any(|(_, v)| study(v) && v.n == small);
        return if big == w && small < w && !small_stated {
            Vec::new()
        } else {
            arms
        };
    }
    let at = whole
        .filter(|&w| sum == 2 * w)
        .and_then(|w| arms.iter().position(|&a| a == w));
    if let Some(i) = at {
        arms.remove(i);
    }
    arms
}

/// `Sixty-six patients … 45 in the control group and 22 in the TachoSil
/// group`: a count stated before the arms, larger than each of them, is the
/// total even when the arms do not add up to it.
fn stated_before_arms(ss: &[Stated], first_group: &[&Stated], arith: &Arithmetic) -> Option<u64> {
    let first_arm = first_group.first().map_or(usize::MAX, |(f, _)| f.start);
    ss.iter()
        .filter(|(f, v)| {
            v.role == SampleRole::Total
                && f.start < first_arm
                && arith.several
                && arith.max < v.n
                && v.n <= arith.sum * 2
        })
        .map(|(_, v)| v.n)
        .next()
}

/// `In the first phase … 35 women were enrolled … in the 6 months of
/// social media, 45 women were recruited` beside groups of 35 and 45: when
/// the counts stated as enrolled are exactly the arms (two or more of
/// different sizes, no other count enrolled), each is one group's
/// enrolment, not the study's; the whole is their sum. A count enrolled
/// that the text also states as the whole (`Fourteen out of 74
/// participants`) is the whole, whatever arm it was mistaken for.
fn enrolled_per_arm(ss: &[Stated], arms: &[u64]) -> bool {
    let mut enrolled: Vec<u64> = ss
        .iter()
        .filter(|(_, v)| v.role == SampleRole::Enrolled)
        .map(|(_, v)| v.n)
        .collect();
    enrolled.sort_unstable();
    enrolled.dedup();
    let mut sizes = arms.to_vec();
    sizes.sort_unstable();
    sizes.dedup();
    let whole = |n: u64| {
        ss.iter().any(|(_, v)| {
            v.n == n
                && matches!(
                    v.role,
                    SampleRole::Total | SampleRole::Randomized | SampleRole::Analyzed
                )
        })
    };
    sizes.len() >= 2
        && sizes.len() == arms.len()
        && enrolled == sizes
        && !enrolled.iter().any(|&n| whole(n))
}

/// One group alone that is as large as the study's total or larger, where
/// another count states that total, is no arm of it: a single-group or
/// crossover study's whole (`Twenty-four volunteers were enrolled` and a
/// figure's `means ± SE, n = 24`), or a larger whole the study was drawn
/// from (`a consecutive cohort of … patients (n=1799) was investigated for
/// inclusion`). Its finding stays for the reviewer; the summary's arms are
/// the groups compared, and there are none. A group whose number is the
/// only count (`The 214 children randomly assigned to the pump group`,
/// read as the arm and as the number randomized) stays.
fn lone_whole(ss: &[Stated], total: Option<u64>, arms: &[u64]) -> bool {
    let ([a], Some(t)) = (arms, total) else {
        return false;
    };
    // The arm's own number, read under a second role, states nothing more.
    let arm_at: Vec<usize> = ss
        .iter()
        .filter(|(_, v)| v.n == *a && v.role == SampleRole::Arm)
        .map(|(f, _)| f.start)
        .collect();
    *a >= t
        && ss
            .iter()
            .any(|(f, v)| v.n == t && v.role != SampleRole::Arm && !arm_at.contains(&f.start))
}

/// The warning when the arms do not add up to the total.
fn arms_warning(total: Option<u64>, arms: &[u64]) -> Option<String> {
    let t = total?;
    let arm_sum: u64 = arms.iter().sum();
    (arms.len() >= 2 && arm_sum != t).then(|| {
        format!(
            "sample_size: the arms ({}) add up to {arm_sum}, not to the total {t}",
            arms.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(" + ")
        )
    })
}

/// Whether every count of the study's whole is a bare one (a count and a
/// noun, no verb of the study).
fn weak_total(ss: &[Stated]) -> Option<()> {
    ss.iter()
        .filter(|(_, v)| v.role == SampleRole::Total)
        .all(|(f, _)| f.confidence <= 0.4)
        .then_some(())
}

/// What the arms say of the other counts: the trial's randomized total is
/// their sum, and no count of the whole trial is smaller than one arm.
struct Arithmetic {
    /// Two arms or more: one arm alone says nothing of the total.
    several: bool,
    /// The arms were stated with the randomisation: they are the trial's.
    randomized: bool,
    sum: u64,
    /// Once, not per count: a table dump can hold thousands of each.
    max: u64,
    single: bool,
}

/// Below this confidence a count's role rests on weak evidence (a study
/// word before it, a verb far after it, no verb at all).
const FIRM: f32 = 0.85;

impl Arithmetic {
    fn of(arms: &[u64], randomized: bool) -> Arithmetic {
        Arithmetic {
            several: arms.len() >= 2,
            randomized,
            sum: arms.iter().sum(),
            max: arms.iter().copied().max().unwrap_or(0),
            single: arms.len() == 1,
        }
    }

    /// Whether `n` is the arms' sum.
    fn is_sum(&self, n: u64) -> bool {
        self.several && n == self.sum
    }

    /// Whether a count of the whole trial is one these arms rule out: a
    /// weakly read count of those enrolled (or of no stated role) smaller
    /// than an arm stated with the randomisation (`including two study
    /// groups of 20 patients each, who … two molars`: the 2 counts teeth).
    /// A randomized count smaller than an arm counts the units randomized
    /// (`24 schools were randomly assigned … teachers in treatment schools
    /// (n = 132)`), not a mistake.
    fn rules_out(&self, v: &SampleSizeValue, f: &Finding) -> bool {
        self.randomized
            && matches!(v.role, SampleRole::Enrolled | SampleRole::Total)
            && v.n < self.max
            && f.confidence < FIRM
    }

    /// The statement of a role the arms agree with (it is their sum), else
    /// the most confident one the arms do not rule out; the first one on
    /// ties. (A count smaller than an arm is ruled out only against arms of
    /// a randomisation statement: other arms found are wrong too often,
    /// `132 and 107` outcome counts against a trial of 24.)
    fn pick(&self, ss: &[Stated], role: SampleRole) -> Option<u64> {
        if let Some(&(_, v)) = ss.iter().find(|(_, v)| v.role == role && self.is_sum(v.n)) {
            return Some(v.n);
        }
        let mut best: Option<(&Finding, &SampleSizeValue)> = None;
        for &(f, v) in ss {
            if v.role == role
                && !self.rules_out(v, f)
                && best.is_none_or(|(b, _)| f.confidence > b.confidence)
            {
                best = Some((f, v));
            }
        }
        best.map(|(_, v)| v.n)
    }

    /// The arms' sum as the total, unless the text says it falls short: more
    /// completed the trial than the arms hold (completers ≤ randomized = Σ
    /// arms: the arms found are wrong or partial), or a lone arm is smaller
    /// than a count of the study (one arm is a part of it).
    fn sum_as_total(&self, pick: &dyn Fn(SampleRole) -> Option<u64>) -> Option<u64> {
        if self.sum == 0 || pick(SampleRole::Completed).is_some_and(|c| c > self.sum) {
            return None;
        }
        if self.single && pick(SampleRole::Total).is_some_and(|t| t > self.sum) {
            return None;
        }
        Some(self.sum)
    }
}

/// `We studied the memory induced by the vaccine in 200 children`,
/// `Responses were evaluated in 164 patients`: a paper that states no
/// count of its own but the people an outcome was observed in studied
/// those people. Only when that is every count it states (an outcome seen
/// `in 4 patients` of a paper that counts others is a part of them), and
/// not a handful (few papers study fewer than ten, many outcomes occur in
/// fewer).
fn only_people_observed(ss: &[Stated]) -> Option<u64> {
    let (first, rest) = ss.split_first()?;
    let n = first.1.n;
    (n >= 10
        && ss
            .iter()
            .all(|(f, v)| f.rule == IN_COUNT && v.role == SampleRole::Subgroup)
        && rest.iter().all(|(_, v)| v.n == n))
    .then_some(n)
}

/// The rule of an outcome's count of people (`occurred in 12 patients`).
const IN_COUNT: &str = "sample_size.in_count";

/// A sample-size finding with its value.
type Stated<'a> = (&'a Finding, &'a SampleSizeValue);

/// `24 villages were randomly allocated … 1,050 children … 1,050 children`:
/// a count of the clusters a trial randomized is not its number of
/// participants when the text counts people too; alone (`Forty general
/// practices were randomised`) it is the only size the text gives.
fn without_clusters(ss: Vec<Stated>) -> Vec<Stated> {
    let named = |f: &Finding| f.rule == super::roles::CLUSTERS_RULE;
    // `nine schools were randomly assigned to X and nine were randomly
    // assigned to Y`: a bare count in the sentence of a count of clusters
    // counts the same clusters (the noun is left out, not changed).
    let bare_beside: Vec<bool> = ss
        .iter()
        .map(|a| {
            a.0.rule == "sample_size.count_verb"
                && ss
                    .iter()
                    .any(|b| named(b.0) && b.0.start < a.0.start && arms::stated_together(a, b))
        })
        .collect();
    let is_cluster: std::collections::HashSet<usize> = ss
        .iter()
        .zip(&bare_beside)
        .filter(|((f, _), &bare)| named(f) || bare)
        .map(|((f, _), _)| f.start)
        .collect();
    let cluster = |f: &Finding| is_cluster.contains(&f.start);
    let Some(clusters) = ss
        .iter()
        .filter(|(f, _)| cluster(f))
        .map(|(_, v)| v.n)
        .max()
    else {
        return ss;
    };
    // People are more than the clusters they are in: a smaller count (`11
    // nursing homes` to each arm, `8` of them analysed) is no such count.
    let arms: u64 = ss
        .iter()
        .filter(|(f, v)| !cluster(f) && v.role == SampleRole::Arm)
        .map(|(_, v)| v.n)
        .sum();
    let people = arms > clusters
        || ss.iter().any(|(f, v)| {
            !cluster(f)
                && v.n > clusters
                && matches!(
                    v.role,
                    SampleRole::Randomized
                        | SampleRole::Enrolled
                        | SampleRole::Total
                        | SampleRole::Analyzed
                )
        });
    if !people {
        return ss;
    }
    ss.into_iter().filter(|(f, _)| !cluster(f)).collect()
}

#[path = "restated.rs"]
mod restated;

#[path = "reasoning_arms.rs"]
mod arms;
use arms::trial_arms;

#[path = "reasoning_lone.rs"]
mod lone;
pub(super) use lone::{lone_cues, sentence_of};

#[path = "reasoning_balance.rs"]
mod balance;

#[path = "reasoning_derived.rs"]
mod derived;
use derived::{
    denominator_groups, equal_arms, lone_comparison, per_group_arms, planned_arms,
    planned_each_whole, planned_total, planned_whole, randomized_each_arms,
};

#[cfg(test)]
#[path = "reasoning_tests.rs"]
mod tests;
