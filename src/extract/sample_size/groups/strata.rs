//! Counts the arm rules read as arms whose group is no treatment arm: a
//! split of the people by who they are (a sex, `men (n = 40) and women`
//! `(n = 38)`), a split of one arm by a baseline characteristic (`The 232`
//! `participants assigned to the CGM group (165 with baseline A1C ≥7.0%`
//! `and 67 with A1C <7.0%)`), categories of an outcome (`classified as`
//! `either continued losers (n = 49) or maintainers (n = 35)`), the count
//! left after an exclusion (`leaving N = 29 included in analysis`), a
//! count of two treatments pooled (`letrozole or tamoxifen treatment`
//! `(n = 185)`), and the clone number of a reagent (`a monoclonal aromatase`
//! `antibody (677)`), which counts nobody.

use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::lexicon::SEX_WORDS;
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

pub(super) const SEX_RULE: &str = "sample_size.sex_split";
pub(super) const SIDE_RULE: &str = "sample_size.side_split";
pub(super) const STRATUM_RULE: &str = "sample_size.arm_stratum";
pub(super) const CATEGORY_RULE: &str = "sample_size.outcome_category";
pub(super) const LEFT_RULE: &str = "sample_size.left_after_exclusion";
pub(super) const POOLED_RULE: &str = "sample_size.pooled_label";
pub(super) const REAGENT_RULE: &str = "sample_size.reagent_number";

// A group label that is one sex and nothing else: `women`, `were male`.
static SEX_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*(?:(?:were|was|are)\s+)?(?:the\s+)?(?:{SEX_WORDS})\s*$"
    ))
    .expect("sex label regex")
});

// A count of one sex, the sex word right after the count (`76 boys`, `12
// (60%) men`) or right before it (`male 17`, `female: 25`).
static MALE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:men|males?|boys)(?-u:\b)|(?-u:\b)(?:men|males?|boys)\s*[:=,]?\s*(?:n\s*=\s*)?\d+"
    ))
    .expect("male count regex")
});

static FEMALE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:women|females?|girls)(?-u:\b)|(?-u:\b)(?:women|females?|girls)\s*[:=,]?\s*(?:n\s*=\s*)?\d+"
    ))
    .expect("female count regex")
});

// A count of one side of the body (`69 right eyes`, `43 (52%) left`) or
// a side's count (`right eye: 12`, `left, n = 9`).
const SIDE_NOUN: &str = r"(?:\s+(?:eyes?|sides?|kidneys?|hands?|knees?|hips?|ears?|feet|foot|legs?|arms?|breasts?|shoulders?|lungs?|ankles?|wrists?))?";

static RIGHT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?right(?-u:\b)|(?-u:\b)right{SIDE_NOUN}\s*[:=,]?\s*(?:n\s*=\s*)?\d+"
    ))
    .expect("right count regex")
});

static LEFT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?left(?-u:\b)|(?-u:\b)left{SIDE_NOUN}\s*[:=,]?\s*(?:n\s*=\s*)?\d+"
    ))
    .expect("left count regex")
});

// A group label that is the participle of an exclusion: `leaving N = 29`,
// `remaining (n = 40)`.
static LEFT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:leaving|remaining|excluding)\s*$")
        .expect("left label regex")
});

// Right after a count inside a bracket: a baseline characteristic the
// people have (`67 with A1C <7.0%`, `40 aged ≥ 65`, `12 patients with
// diabetes`), not a treatment given to them.
static TRAIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s*(?:(?:patients|participants|subjects|children|adults)\s+)?(?:with|aged|having|who\s+had|who\s+were)(?-u:\b)",
    )
    .expect("trait after regex")
});

// A clause that sorts people into categories of what became of them.
static CLASSIFIED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:classified|categori[sz]ed|characteri[sz]ed)\s+(?:as|in|into)(?-u:\b)",
    )
    .expect("classified regex")
});

// A sentence that assigns people to treatments. Unlike `not_arms`'s
// `ASSIGNS` (`randomi[sz]`), `randomly` counts here: `randomly classified
// into two groups` allocates, `randomly selected samples` in not_arms does
// not (measured: sharing one pattern moves PMC3443055's arms to a split of
// exclusions).
static ASSIGNS: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"(?i)random|assign|allocat").expect("assigns regex"));

// `letrozole or tamoxifen treatment (n = `: two labels joined by `or`
// right before the count's bracket.
static POOLED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)[a-z0-9][a-z0-9-]*\s+or\s+[a-z0-9][a-z0-9-]*(?:\s+[a-z-]+)?\s*\(\s*(?:n\s*[=:]\s*)?$",
    )
    .expect("pooled before regex")
});

// A reagent named right before a bracket that holds a bare number: its
// clone or catalogue number.
static REAGENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:antibody|antibodies|antiserum|antisera|clone|kit|reagent|probe|primer|primers|assay)\s*\(\s*$",
    )
    .expect("reagent before regex")
});

/// The open bracket that holds `at`, in the sentence from `ss`.
fn open_before(fold: &str, ss: usize, at: usize) -> Option<usize> {
    let open = fold[ss..at].rfind('(').map(|p| ss + p)?;
    (!fold[open..at].contains(')')).then_some(open)
}

/// `(76 boys, 73 girls)`, `(n = 12 men n = 10 women)`, `(male 17, female
/// 25)`: a count that is itself of one sex, with a count of the other sex
/// next to it, splits the people by sex whatever label it was given.
fn counts_one_sex(fold: &str, sent: (usize, usize), c: &Cand) -> bool {
    counts_one_of(fold, sent, c, (&MALE_COUNT, &FEMALE_COUNT))
}

/// `149 eyes (69 right eyes and 80 left eyes)`, `(right: 40, left: 38)`: a
/// count of one side of the body, with a count of the other side next to
/// it, splits the people (or eyes, kidneys) by side, like a sex split.
fn counts_one_side(fold: &str, sent: (usize, usize), c: &Cand) -> bool {
    counts_one_of(fold, sent, c, (&RIGHT_COUNT, &LEFT_COUNT))
}

/// Whether the count `c` is itself one of a pair of kinds (`one`,
/// `other`) with a count of the other kind next to it.
fn counts_one_of(
    fold: &str,
    (ss, se): (usize, usize),
    c: &Cand,
    (one_count, other_count): (&Regex, &Regex),
) -> bool {
    let lo = floor_boundary(fold, c.start.saturating_sub(12)).max(ss);
    let hi = ceil_boundary(fold, c.end + 16).min(se).max(c.end);
    let own = &fold[lo..hi];
    // The match holds the count's own number (`n = 14 men`: `14 men`).
    let own_at = |m: regex::Match| lo + m.start() < c.end && lo + m.end() >= c.end;
    let one = one_count.find_iter(own).any(own_at);
    let other = other_count.find_iter(own).any(own_at);
    if !one && !other {
        return false;
    }
    let lo = floor_boundary(fold, c.start.saturating_sub(40)).max(ss);
    let hi = ceil_boundary(fold, c.end + 40).min(se).max(c.end);
    let near = &fold[lo..hi];
    if one {
        other_count.is_match(near)
    } else {
        one_count.is_match(near)
    }
}

/// `The 232 participants assigned to the CGM group (165 with A1C ≥7.0% and
/// 67 with A1C <7.0%)`: a count in a bracket that opens after a larger arm
/// of its sentence, with a baseline trait after the count, splits that
/// arm.
fn splits_an_arm(doc: &Document, out: &[Cand], i: usize) -> bool {
    let fold = doc.fold.as_str();
    let c = &out[i];
    let (ss, _) = doc.sentence_at(c.start);
    let Some(open) = open_before(fold, ss, c.start) else {
        return false;
    };
    // `(Left: 2, Right: 4)`: the side of the body is the people's too.
    let label_trait = c.group.as_deref().is_some_and(|g| {
        g.contains(['<', '>', '≤', '≥'])
            || g.eq_ignore_ascii_case("left")
            || g.eq_ignore_ascii_case("right")
    });
    if !label_trait && !TRAIT_AFTER.is_match(&fold[c.end..]) {
        return false;
    }
    let lo = floor_boundary(fold, open.saturating_sub(150)).max(ss);
    out.iter()
        .enumerate()
        .any(|(k, o)| k != i && o.role == Role::Arm && o.start >= lo && o.end <= open && o.n > c.n)
}

/// `classified as either continued losers (n = 49) or maintainers`: a
/// bracket after a clause that sorts people into categories, in a sentence
/// that assigns nobody.
fn is_category(fold: &str, (ss, se): (usize, usize), c: &Cand) -> bool {
    let Some(open) = open_before(fold, ss, c.start) else {
        return false;
    };
    let clause_start = fold[ss..open].rfind([';', ':']).map_or(ss, |p| ss + p + 1);
    CLASSIFIED.is_match(&fold[clause_start..open]) && !ASSIGNS.is_match(&fold[ss..se])
}

/// `letrozole or tamoxifen treatment (n = 185)`: an `n =` bracket after two
/// labels joined by `or`, the first with no bracket of its own, in a
/// sentence that assigns nobody, counts the two pooled.
fn is_pooled(fold: &str, (ss, se): (usize, usize), c: &Cand) -> bool {
    // `randomly assigned to an injection with or without corticosteroid
    // (n = 40 and n = 37, respectively)`: the arms themselves.
    if c.rule != "sample_size.arm_n_equals" || ASSIGNS.is_match(&fold[ss..se]) {
        return false;
    }
    let Some(open) = open_before(fold, ss, c.start) else {
        return false;
    };
    // From the last bracket closed before this one: `A (n = 20) or B (n =
    // 21)` leaves ` or B (` with no label before `or`.
    let from = fold[ss..open].rfind(')').map_or(ss, |p| ss + p + 1);
    let lo = floor_boundary(fold, open.saturating_sub(60)).max(from);
    // `(n = 40 and n = 37, respectively)`: one count for each label.
    let hi = ceil_boundary(fold, c.end + 60).min(se).max(c.end);
    let rest = &fold[c.end..hi];
    let inner = rest.find(')').map_or(rest, |p| &rest[..p]);
    let several = inner.contains("respectively") || inner.contains('=');
    !several && POOLED_BEFORE.is_match(&fold[lo..c.start])
}

/// `a monoclonal aromatase antibody (677)`: a bare number alone in a
/// bracket right after a reagent.
fn is_reagent_number(fold: &str, ss: usize, c: &Cand) -> bool {
    let lo = floor_boundary(fold, c.start.saturating_sub(40)).max(ss);
    REAGENT_BEFORE.is_match(&fold[lo..c.start]) && fold[c.end..].trim_start().starts_with(')')
}

/// Turns the arms that split people by sex or by a baseline trait, the
/// categories of an outcome, the counts left after an exclusion, pooled
/// counts and reagent numbers into what they are.
#[inline(never)]
pub(super) fn not_treatment_arms(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for i in 0..out.len() {
        if spent(doc, 0) {
            break;
        }
        let c = &out[i];
        // A group's size that its sex split adds up to is the group's.
        if c.role != Role::Arm || c.rule == super::sex_sums::SEX_SUM {
            continue;
        }
        let (ss, se) = doc.sentence_at(c.start);
        let label = c.group.as_deref().unwrap_or("");
        let (role, rule) = if SEX_LABEL.is_match(label) || counts_one_sex(fold, (ss, se), c) {
            (Role::Subgroup, SEX_RULE)
        } else if counts_one_side(fold, (ss, se), c) {
            (Role::Subgroup, SIDE_RULE)
        } else if LEFT_LABEL.is_match(label) {
            (Role::Analyzed, LEFT_RULE)
        } else if is_reagent_number(fold, ss, c) {
            (Role::Skip, REAGENT_RULE)
        } else if is_category(fold, (ss, se), c) {
            (Role::Subgroup, CATEGORY_RULE)
        } else if is_pooled(fold, (ss, se), c) {
            (Role::Subgroup, POOLED_RULE)
        } else if splits_an_arm(doc, out, i) {
            (Role::Subgroup, STRATUM_RULE)
        } else {
            continue;
        };
        let c = &mut out[i];
        c.role = role;
        c.rule = rule;
        c.conf = 0.4;
        c.group = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sex_labels() {
        for t in ["women", "were male", "Females", " boys "] {
            assert!(SEX_LABEL.is_match(t), "{t}");
        }
        for t in ["women in the yoga group", "male smokers", "placebo"] {
            assert!(!SEX_LABEL.is_match(t), "{t}");
        }
    }

    #[test]
    fn pooled_labels_end_at_the_bracket() {
        assert!(POOLED_BEFORE.is_match("following letrozole or tamoxifen treatment (n = "));
        assert!(!POOLED_BEFORE.is_match(" or placebo (n = "));
        assert!(!POOLED_BEFORE.is_match("letrozole or tamoxifen, and the placebo group (n = "));
    }
}
