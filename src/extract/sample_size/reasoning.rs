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

use super::lexicon::{groups_named, NAMES_GROUPS, RANDOMIZATION};
use super::targets::{PLANNED_EACH, PROTOCOL_TOTAL};
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
            // for all k (see `arm_sizes`).
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
    if enrolled_per_arm(&ss, &s.arms) {
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

/// `120 children were enrolled. Children were randomly allocated to one of
/// the three equal groups`: the arms of a total split into `k` equal groups,
/// when the text states none of its own (or only the one size they share,
/// `60 patients … two equal groups … 30 in group A`) and `k` divides it.
fn equal_arms(ss: &[Stated], total: Option<u64>, arms: &[u64]) -> Option<Vec<u64>> {
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
/// planned). The number of groups is the one stated with the size (two
/// to six), else two: a total that is three or four times a size per
/// group without saying so is as often periods, strata or a total after
/// attrition as it is three arms.
fn per_group_arms(ss: &[Stated], total: Option<u64>) -> Option<Vec<u64>> {
    let t = total?;
    ss.iter()
        .filter(|(f, v)| {
            (v.role == SampleRole::Arm && f.rule == ARM_EACH)
                || (v.role == SampleRole::Planned && f.rule == PLANNED_EACH)
        })
        .find_map(|(_, v)| {
            let k = v.statement.and_then(|st| st.groups).unwrap_or(2);
            ((2..=6).contains(&k) && v.n >= 2 && v.n.checked_mul(k) == Some(t))
                .then(|| vec![v.n; k as usize])
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
fn denominator_groups(ss: &[Stated], accept: &dyn Fn(&[u64]) -> bool) -> Option<Vec<u64>> {
    let denominators: Vec<&Stated> = ss
        .iter()
        .filter(|(f, v)| {
            v.role == SampleRole::Arm
                && f.rule == DENOMINATOR
                && v.statement
                    .map_or_else(|| NAMES_GROUPS.is_match(&f.context), |st| st.names_groups)
        })
        .collect();
    let together = |a: &Stated, b: &Stated| match (a.1.statement, b.1.statement) {
        (Some(x), Some(y)) => x.sentence == y.sentence,
        _ => a.0.context == b.0.context,
    };
    let mut i = 0;
    while i < denominators.len() {
        let mut j = i + 1;
        while j < denominators.len() && together(denominators[i], denominators[j]) {
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
fn lone_comparison(arms: &[u64]) -> bool {
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
fn planned_arms(ss: &[Stated], total: Option<u64>) -> Option<Vec<u64>> {
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
const DENOMINATOR: &str = "sample_size.arm_denominator";

/// The target total: among the `planned` counts of `rules` (never a size
/// per group, a block or a staff count), the most confident (one that
/// names the whole, `a total of`, first), the largest on ties.
fn planned_total(ss: &[Stated], rules: &[&str]) -> Option<u64> {
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
const WHOLE: f32 = 0.7;

/// A target that names the whole: `a total of 70 participants`.
fn planned_whole(ss: &[Stated]) -> Option<u64> {
    ss.iter()
        .find(|(f, v)| {
            v.role == SampleRole::Planned
                && [PLANNED, PROTOCOL_TOTAL].contains(&f.rule.as_str())
                && f.confidence >= WHOLE
        })
        .map(|(_, v)| v.n)
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
    let cluster = |f: &Finding| f.rule == super::roles::CLUSTERS_RULE;
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

/// The trial's arms and the statements they come from: the first
/// sentence that states two arms or more, unless their sizes add up to no
/// stated randomized count and a later sentence's add up to the largest
/// one (randomized = Σ arms; `two patients in each cohort were randomized,
/// one to placebo and one to drug` comes before the table heads `All
/// rHIgM22 (N = 55)`, `All placebo (N = 17)` of a paper that randomized
/// 72). A first sentence that adds up is kept even when a later one adds
/// up to more (an abstract's 56 randomized beside the body's 60).
fn trial_arms<'a, 'b>(ss: &'b [Stated<'a>]) -> (Vec<&'b Stated<'a>>, Vec<u64>) {
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
            None
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
    };
    groups.swap_remove(at.unwrap_or(0))
}

/// The arms of one sentence and their sizes.
type ArmGroup<'a, 'b> = (Vec<&'b Stated<'a>>, Vec<u64>);

/// The first group after the first that `ok` accepts.
fn later(groups: &[ArmGroup], ok: impl Fn(&ArmGroup) -> bool) -> Option<usize> {
    (1..groups.len()).find(|&i| ok(&groups[i]))
}

/// `A total of 180 patients were enrolled. The 9-month angiography was
/// performed in 72 patients with A and 74 with B … Ninety patients were
/// randomized to A and 90 to B`: in a paper that states no randomized
/// count, arms stated with their randomisation that add up to the largest
/// enrolled count are the trial's, not a first sentence's groups of fewer
/// people stated without it (those followed up, analysed).
fn randomized_enrolled(
    ss: &[Stated],
    groups: &[ArmGroup],
    largest_randomized: Option<u64>,
) -> Option<usize> {
    let enrolled = ss
        .iter()
        .filter(|(_, v)| v.role == SampleRole::Enrolled)
        .map(|(_, v)| v.n)
        .max()?;
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

/// Whether a later sentence's arms are the trial's groups, not counts that
/// happen to add up (`75 dropouts while 627 completed`, adverse events
/// `in the X group (10 patients) and … placebo group (5 patients)`): its
/// sentence speaks of randomisation, or they head a table's columns.
fn states_arms(group: &[&Stated]) -> bool {
    group.first().is_some_and(|(f, v)| {
        f.rule == super::groups::columns::ARM_COLUMN
            || v.statement
                .map_or_else(|| RANDOMIZATION.is_match(&f.context), |st| st.randomization)
    })
}

/// The arm statements grouped by sentence: each sentence that states two
/// or more (or one and "the rest"), in text order; without one, all the
/// arms as one group.
fn arm_groups<'a, 'b>(ss: &'b [Stated<'a>]) -> Vec<Vec<&'b Stated<'a>>> {
    // The same arms repeated in the results are not counted twice.
    let arms: Vec<&Stated> = ss
        .iter()
        .filter(|(f, v)| v.role == SampleRole::Arm && f.rule != DENOMINATOR)
        .collect();
    let mut groups: Vec<Vec<&Stated>> = Vec::new();
    // Stated together: the same sentence, as the extractor saw it (read
    // back from a record, which does not carry it, the same context).
    let together = |a: &Stated, b: &Stated| match (a.1.statement, b.1.statement) {
        (Some(x), Some(y)) => x.sentence == y.sentence,
        _ => a.0.context == b.0.context,
    };
    let mut i = 0;
    while i < arms.len() {
        let mut j = i + 1;
        while j < arms.len() && together(arms[i], arms[j]) {
            j += 1;
        }
        // `60 … to A and the rest to B` states two arms with one count.
        let rest = arms[i..j].iter().any(|a| rest_of(a).is_some());
        if j - i + usize::from(rest) >= 2 {
            groups.push(arms[i..j].to_vec());
        }
        i = j;
    }
    if groups.is_empty() {
        // A size per group stated again (the design's `n = 58 per arm`, the
        // calculation's `42 per treatment arm`) is not more groups: the
        // first statement counts.
        let mut each = arms.iter().filter(|(f, _)| f.rule == ARM_EACH);
        let first_each = each.next().map(|(f, _)| f.start);
        let group = arms
            .iter()
            .filter(|(f, _)| f.rule != ARM_EACH || Some(f.start) == first_each)
            .copied()
            .collect();
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

/// How many of a group's arms state each arm once: `in 7 (14%) of 51
/// patients in the BP group and 24 (55%) of 44 in the Dacron group; at 4
/// minutes in 2 of 51 … and 13 of 44` names the same two arms twice, and
/// the arms are 51 and 44, not four. The sizes must repeat in order, and
/// differ within one round (four arms of 30 are four arms).
fn stated_once(group: &[&Stated]) -> usize {
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
fn rest_of(a: &Stated) -> Option<u64> {
    a.1.statement.and_then(|st| st.rest_of)
}

/// `Of the 120 enrolled, 60 were assigned to A and the rest to B`: the
/// other arm is the whole less the arms stated with it.
fn rest_arm(first_group: &[&Stated], arms: &[u64]) -> Option<u64> {
    let whole = first_group.iter().find_map(|a| rest_of(a))?;
    let sum: u64 = arms.iter().sum();
    (whole > sum).then(|| whole - sum)
}

/// The arms' sizes; `27 in each group` is one finding for every group.
fn arm_sizes(first_group: &[&Stated]) -> Vec<u64> {
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

#[path = "restated.rs"]
mod restated;

#[cfg(test)]
#[path = "reasoning_tests.rs"]
mod tests;
