//! Counts that the group stages read as arms but that no trial's group can
//! be, by what their sentence is about: the patients who met one
//! criterion (`Inclusion criteria were: … assigned to initiate IFN-β`
//! `(n = 1) or … beyond 4 months of IFN-β (n = 44)`, `reasons for`
//! `exclusion were pregnancy (n = 3), …`), events by their severity (`AEs`
//! `were predominantly mild (n = 49) or moderate (n = 27)`), and the sites
//! a study recruited at, named in a bracket after the word for them
//! (`recruited at three sites (Emory n = 15, …)`), in a sentence that
//! assigns nobody.

use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::lexicon::{both_sexes_counted, RANDOMIZATION, SEX_WORDS};
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

pub(super) const CRITERIA_RULE: &str = "sample_size.criteria_count";
pub(super) const SEVERITY_RULE: &str = "sample_size.severity_count";
pub(super) const SITE_RULE: &str = "sample_size.site_count";
pub(super) const OUTCOME_RULE: &str = "sample_size.outcome_breakdown";
pub(super) const EXITS_RULE: &str = "sample_size.exits_breakdown";
pub(super) const HEALTHY_RULE: &str = "sample_size.healthy_reference";
pub(super) const CONDITION_RULE: &str = "sample_size.condition_count";
pub(super) const SEX_RULE: &str = "sample_size.sex_in_group";

// A count of one sex: `26 males in`, `12 women received`.
static ONE_SEX: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"(?i)^\S+\s+(?:{SEX_WORDS})(?-u:\b)")).expect("one sex regex")
});

/// `80 (66.7%) male and 40 (33.3%) female were randomly entered in three
/// groups … There were 26, 27, and 26 males in Group A, Group B and Group
/// C`: a list item that counts one sex in a group, where the sentence or
/// the one before counts both sexes, is how many of the group are of that
/// sex, not its size. A trial of one sex (`20 women in group A`, no men
/// counted) keeps its arms.
fn counts_one_sex(doc: &Document, c: &Cand) -> bool {
    let fold = doc.fold.as_str();
    if !c.rule.starts_with("sample_size.arm_list") || !ONE_SEX.is_match(&fold[c.start..c.end]) {
        return false;
    }
    let (ss, se) = doc.sentence_at(c.start);
    let lo = if ss > 0 {
        doc.sentence_at(ss - 1).0
    } else {
        ss
    };
    both_sexes_counted(&fold[lo.min(ss)..se])
}

// `71 subjects (80.6%) were male`: the count's predicate is one sex.
static WERE_ONE_SEX: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*(?:[a-z]+\s*)?(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:were|was)\s+(?:{SEX_WORDS})(?-u:\b)"
    ))
    .expect("were one sex regex")
});

// Both sexes named in a sentence.
static MALE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:males?|men|boys)(?-u:\b)").expect("male regex")
});
static FEMALE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:females?|women|girls)(?-u:\b)").expect("female regex")
});

/// `71 subjects (80.6%) were male and 17 subjects (19.3%) were female`:
/// a count whose predicate is one sex, in a sentence that names both, is
/// how many are of that sex, whatever rule read it as a group.
fn predicate_is_one_sex(fold: &str, (ss, se): (usize, usize), c: &Cand) -> bool {
    let hi = ceil_boundary(fold, (c.end + 40).min(se)).max(c.end);
    let sentence = &fold[ss..se];
    WERE_ONE_SEX.is_match(&fold[c.end..hi]) && MALE.is_match(sentence) && FEMALE.is_match(sentence)
}

// `Cases were diagnosed with esophageal adenocarcinoma (n = 293), …`: the
// diagnoses of the people counted; with no treatment or allocation in the
// sentence their counts are kinds of patients, not arms.
// A trial's groups named in a sentence (`randomly enrolled into the trial
// (n = 113) and control (n = 112) groups`, `15 were in the control group`).
static TRIAL_GROUPS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)random|(?-u:\b)(?:groups?|arms?)(?-u:\b)")
        .expect("trial groups regex")
});

static DIAGNOSED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:diagnosed\s+(?:with|as\s+having)|diagnos[ie]s\s+of)(?-u:\b)",
    )
    .expect("diagnosed regex")
});

// A clause whose subject is a count and whose verb says what happened to
// those people (`eight of these had no consultation`, `12 patients
// developed a rash`): a bracket after it breaks the outcome down by arm.
static COUNT_DID: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*(?:[A-Za-z]+\s+){{0,2}}?(?:\d+|{NUMBER_WORDS})(?-u:\b)[^()\d]{{0,40}}?(?-u:\b)(?:had|has|have|developed|experienced|required|needed|died|relapsed|responded|reported|suffered)(?-u:\b)[^()]{{0,80}}$"
    ))
    .expect("count did regex")
});

// A clause whose last count is the subject of leaving the trial (`Four
// participants withdrew before the final assessment because of illness`):
// a bracket after it splits those who left by group, not the arms.
static COUNT_LEFT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:\d+|{NUMBER_WORDS})(?-u:\b)[^()\d;]{{0,40}}?(?-u:\b)(?:withdrew|withdrawn|dropped out|(?:were|was) lost|lost to follow-?up|discontinued|(?:were|was) excluded|left the (?:study|trial)|did not complete|died)(?-u:\b)[^()\d]{{0,80}}$"
    ))
    .expect("count left regex")
});

// A control or reference group named right before its count.
static CONTROL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:control|reference|comparison)\s+(?:group|sample|cohort)(?:\s+(?:of|consisted of|comprised|included|including|was made up of)|\s*[,:])?\s*$")
        .expect("control before regex")
});

// The count's people are healthy: `58 healthy volunteers`.
static HEALTHY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\S+\s+(?:\S+\s+)?healthy(?-u:\b)").expect("healthy after regex")
});

// What the rest of the sentence says the group is given in the trial.
static TREATED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)randomi[sz]|assign|allocat|receiv|placebo|vaccin|treated|given|administ",
    )
    .expect("treated after regex")
});

// The sentence states criteria or the reasons people were left out.
static CRITERIA: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:inclusion|exclusion|eligibility|selection) criteri(?:a|on)(?:\s*:|\s+(?:were|was|are|is|included|include|includes|consisted of|comprised)(?-u:\b))|reasons? (?:for|of) (?:the )?(?:exclu|non-?inclu|ineligib|not being|not enrol|non-?particip|screen)")
        .expect("criteria regex")
});

// A severity grade just before the count's bracket: `mild (n = 49`,
// `moderate (27 patients`, `grade 3 (n = 4`.
static SEVERITY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:mild|moderate|severe|serious|fatal|life-threatening|grade\s*(?:[1-5]|I{1,3}|IV|V))(?:\s+in\s+(?:severity|intensity|nature))?\s*[(\[]\s*(?:n\s*[=:]\s*)?$")
        .expect("severity regex")
});

// The word for the sites right before a bracket.
static SITES_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:sites|centers|centres|clinics|hospitals|institutions|countries)\s*$",
    )
    .expect("sites regex")
});

// A word every match of [`COUNT_LEFT`] holds, in the same case folding: a
// cheap test before the pattern with its counted gaps.
static LEFT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)withdr|dropped out|lost|discontinued|excluded|left the|did not complete|died",
    )
    .expect("left words regex")
});

// An entry into the trial denied: `were not randomized`, `was not
// enrolled`, `could not be included`, `were not eligible`.
static NOT_ENTERED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:were|was|could|had|have)\s+not\s+(?:(?:be|been)\s+)?(?:randomi[sz]ed|enrolled|included|eligible|allocated|assigned)(?-u:\b)")
        .expect("not entered regex")
});

// A sentence that assigns people to treatments.
static ASSIGNS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)randomi[sz]|assign|allocat").expect("assigns regex")
});

/// `at three sites (Emory n = 15, Yale n = 12)`: an `n =` in a bracket
/// that opens right after the word for the sites, in a sentence that
/// assigns nobody.
fn counts_a_site(fold: &str, (ss, se): (usize, usize), c: &Cand) -> bool {
    if c.rule != "sample_size.arm_n_equals" {
        return false;
    }
    let Some(open) = fold[ss..c.start].rfind('(').map(|p| ss + p) else {
        return false;
    };
    !fold[open..c.start].contains(')')
        && SITES_BEFORE.is_match(&fold[floor_boundary(fold, open.saturating_sub(40)).max(ss)..open])
        && !ASSIGNS.is_match(&fold[ss..se])
}

static GROUP_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups?|arms?|cohorts?)(?-u:\b)")
        .expect("group word regex")
});

/// `eight of these had no consultation (four in the A group, four in the
/// B group)`: a bracketed list of group parts after a clause that tells
/// what a counted set of people did or had.
fn breaks_down_an_outcome(fold: &str, (ss, se): (usize, usize), c: &Cand) -> bool {
    // `(three of 41 in the A group, …)`: a denominator is the arm's size.
    let denominator = fold[floor_boundary(fold, c.start.saturating_sub(4))..c.start]
        .trim_end()
        .ends_with(" of");
    if c.rule != "sample_size.arm_list_in" || denominator {
        return false;
    }
    let Some(open) = fold[ss..c.start].rfind('(').map(|p| ss + p) else {
        return false;
    };
    let clause_start = fold[ss..open].rfind([';', ':']).map_or(ss, |p| ss + p + 1);
    let clause = &fold[clause_start..open];
    // `The two groups had similar scores (…)`: the groups' own sizes.
    COUNT_DID.is_match(clause) && !GROUP_WORD.is_match(clause) && !ASSIGNS.is_match(&fold[ss..se])
}

/// `Four participants withdrew before the final assessment because of
/// illness or relocation (IG: n = 1; CG: n = 3)`: counts in a bracket
/// after a clause (from the sentence start or a `;` or `:`) whose last
/// count left the trial and that assigns nobody split those who left.
fn breaks_down_exits(fold: &str, ss: usize, c: &Cand) -> bool {
    let Some(open) = fold[ss..c.start].rfind('(').map(|p| ss + p) else {
        return false;
    };
    if fold[open..c.start].contains(')') {
        return false;
    }
    let clause_start = fold[ss..open].rfind([';', ':']).map_or(ss, |p| ss + p + 1);
    let clause = &fold[clause_start..open];
    LEFT_WORDS.is_match(clause) && COUNT_LEFT.is_match(clause) && !ASSIGNS.is_match(clause)
}

/// `267 subjects were not randomized, mainly because they failed the
/// criteria (FEV1 too high, n = 112; an abnormal ECG, n = 55)`: a count in
/// a bracket after a denied entry in its sentence, with no assignment
/// between the two, counts those kept out by a reason, no arm.
fn breaks_down_non_entry(fold: &str, ss: usize, c: &Cand) -> bool {
    let Some(open) = fold[ss..c.start].rfind('(').map(|p| ss + p) else {
        return false;
    };
    if fold[open..c.start].contains(')') {
        return false;
    }
    NOT_ENTERED
        .find_iter(&fold[ss..open])
        .last()
        .is_some_and(|m| !ASSIGNS.is_match(&fold[ss + m.end()..open]))
}

/// `a control group of 58 healthy volunteers`, `The control group, 58
/// healthy volunteers, provided reference values`: healthy people the
/// patients are compared with, named as the controls, in a clause that
/// gives them nothing of the trial's (no assignment, placebo, vaccine):
/// no arm the trial allocated and not its total.
fn healthy_reference(fold: &str, (ss, se): (usize, usize), c: &Cand) -> bool {
    let near = &fold[floor_boundary(fold, c.start.saturating_sub(40)).max(ss)..c.start];
    CONTROL_BEFORE.is_match(near)
        && HEALTHY_AFTER.is_match(&fold[c.start..se])
        && !TREATED_AFTER.is_match(&fold[c.start..se])
}

// People who are healthy: `healthy subjects`, `healthy adult volunteers`
// (not `healthy eating`).
const HEALTHY_PEOPLE: &str = r"healthy\s+(?:[a-z-]+\s+){0,2}?(?:controls?|volunteers?|subjects?|individuals?|participants?|adults?|people|persons?|women|men|children|donors?)";

// `18 healthy subjects`, `18 clinically healthy volunteers`.
static HEALTHY_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\S+\s+(?:[a-z]+ly\s+)?{HEALTHY_PEOPLE}(?-u:\b)"
    ))
    .expect("healthy count regex")
});

// `healthy subjects (n = 18)`: the healthy people a bracketed count is of.
static HEALTHY_N_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b){HEALTHY_PEOPLE}\s*\(\s*(?:n\s*=\s*)?$"
    ))
    .expect("healthy n before regex")
});

/// Whether the count `c` is of healthy people: `18 healthy subjects`,
/// `healthy volunteers (n = 18)`.
fn of_healthy(fold: &str, c: &Cand) -> bool {
    let hi = ceil_boundary(fold, c.start + 60);
    let lo = floor_boundary(fold, c.start.saturating_sub(60));
    HEALTHY_COUNT.is_match(&fold[c.start..hi.max(c.start)])
        || HEALTHY_N_BEFORE.is_match(&fold[lo..c.start])
}

/// `We compared 36 patients with diabetes and 18 healthy subjects`,
/// `Fifteen patients and 9 healthy controls were included`: healthy people
/// counted beside the patients, in a sentence that gives them nothing of
/// the trial's (no assignment, placebo, vaccine), are a reference the
/// patients are compared with: neither an arm nor the trial's total. Only
/// beside a count of patients (`with` a condition, `cases`): `21 healthy
/// volunteers (10 women and 11 men)` are a healthy study's sample.
fn healthy_beside_patients(doc: &Document, out: &[Cand], i: usize) -> bool {
    let fold = doc.fold.as_str();
    let c = &out[i];
    if !matches!(c.role, Role::Arm | Role::Total | Role::Enrolled) || !of_healthy(fold, c) {
        return false;
    }
    let (ss, se) = doc.sentence_at(c.start);
    // `1181 incident cases and 1682 healthy controls`: a case-control
    // study's controls are one of its two groups.
    if TREATED_AFTER.is_match(&fold[ss..se]) || CASES.is_match(&fold[ss..se]) {
        return false;
    }
    out.iter().enumerate().any(|(k, o)| {
        k != i
            && o.start >= ss
            && o.start < se
            && !matches!(o.role, Role::Skip | Role::Cited)
            && !of_healthy(fold, o)
            && PATIENTS
                .is_match(&fold[o.start..ceil_boundary(fold, (o.end + 25).min(se)).max(o.start)])
    })
}

// Cases of a case-control study.
pub(super) static CASES: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"(?i)(?-u:\b)cases?(?-u:\b)").expect("cases regex"));

// The patients a count is of: `36 patients`, `15 subjects with renal
// failure` (not `10 women and 11 men` of a healthy sample, nor `11 males)
// with no known history`).
static PATIENTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)patients?(?-u:\b)|(?:subjects|participants|individuals|adults|children)\s+with(?-u:\b)")
        .expect("patients regex")
});

/// Turns healthy reference groups ([`healthy_reference`],
/// [`healthy_beside_patients`]) into subgroups.
fn healthy_references(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let beside: Vec<bool> = (0..out.len())
        .map(|i| healthy_beside_patients(doc, out, i))
        .collect();
    for (c, beside) in out.iter_mut().zip(beside) {
        if matches!(c.role, Role::Arm | Role::Total | Role::Enrolled)
            && (beside || healthy_reference(fold, doc.sentence_at(c.start), c))
        {
            c.role = Role::Subgroup;
            c.rule = HEALTHY_RULE;
            c.conf = 0.4;
            c.group = None;
        }
    }
}

/// Turns the arms of criteria, severity grades, sites, outcome breakdowns,
/// and of diagnoses no one was allocated to, into subgroups.
#[inline(never)]
pub(super) fn not_arms(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    healthy_references(doc, out);
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        if c.role != Role::Arm {
            continue;
        }
        let (ss, se) = doc.sentence_at(c.start);
        let lo = floor_boundary(fold, c.start.saturating_sub(400)).max(ss);
        let before = &fold[lo..c.start];
        let near = &fold[floor_boundary(fold, c.start.saturating_sub(60)).max(ss)..c.start];
        let sentence = &fold[ss..se];
        let rule = if CRITERIA.is_match(before) && !RANDOMIZATION.is_match(sentence) {
            CRITERIA_RULE
        } else if SEVERITY_BEFORE.is_match(near) {
            SEVERITY_RULE
        } else if counts_a_site(fold, (ss, se), c) {
            SITE_RULE
        } else if breaks_down_an_outcome(fold, (ss, se), c) {
            OUTCOME_RULE
        } else if breaks_down_exits(fold, ss, c) || breaks_down_non_entry(fold, ss, c) {
            EXITS_RULE
        } else if counts_one_sex(doc, c) || predicate_is_one_sex(fold, (ss, se), c) {
            SEX_RULE
        } else if DIAGNOSED.is_match(before)
            && !TREATED_AFTER.is_match(sentence)
            && !TRIAL_GROUPS.is_match(sentence)
        {
            CONDITION_RULE
        } else {
            continue;
        };
        c.role = Role::Subgroup;
        c.rule = rule;
        c.conf = 0.4;
        c.group = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_is_read_just_before_the_bracket() {
        for t in [
            "were mostly mild (n = ",
            "moderate in severity (",
            "grade 3 (",
        ] {
            assert!(SEVERITY_BEFORE.is_match(t), "{t}");
        }
        for t in ["the mild group (n = ", "placebo (n = "] {
            assert!(!SEVERITY_BEFORE.is_match(t), "{t}");
        }
    }

    #[test]
    fn a_clause_of_what_counted_people_had() {
        for t in [
            "eight of these had no consultation ",
            " 12 patients developed a rash ",
        ] {
            assert!(COUNT_DID.is_match(t), "{t}");
        }
        assert!(!COUNT_DID.is_match("Patients had a mean age of 60 years "));
        let groups = "The two groups had similar scores ";
        assert!(COUNT_DID.is_match(groups) && GROUP_WORD.is_match(groups));
    }

    #[test]
    fn a_count_whose_predicate_is_one_sex() {
        for t in [" subjects (80.6%) were male and", " were women"] {
            assert!(WERE_ONE_SEX.is_match(t), "{t}");
        }
        assert!(!WERE_ONE_SEX.is_match(" patients were randomized to male"));
    }

    #[test]
    fn criteria_and_reasons_for_exclusion() {
        assert!(CRITERIA.is_match("Inclusion criteria were: age ≥ 18"));
        assert!(CRITERIA.is_match("The reasons for exclusion were"));
        assert!(!CRITERIA.is_match("Patients were randomized to"));
        assert!(!CRITERIA.is_match("Patients who met the inclusion criteria and"));
    }
}
