//! Stage 2, roles: a role verb after a count that is not the count's own.
//!
//! * A participle that another noun carries: `performed in 76 patients in
//!   the patients randomized to the late group` (the 76 are a part of an
//!   arm in which something happened);
//! * a participle with a finite verb of its own after it: `Thirteen
//!   patients randomized to the late group were extubated` (the count is
//!   what happened in the arm, not the number randomized);
//! * an enrolment that repeats: `two women were enrolled twice`, `4
//!   patients were re-randomized` (an exception among those counted);
//!
//! and the role verbs past the clause window: the main verb after a
//! subject's long clause, an allocation verb's object.

use crate::extract::sample_size::lexicon::NOUNS;
use crate::extract::sample_size::window::next_word;
use crate::extract::sample_size::Role;
use crate::extract::text::ceil_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// A role of an outcome's count: its rule and confidence.
const OUTCOME: (Role, &str, f32) = (Role::Subgroup, "sample_size.count_noun_outcome", 0.6);

/// Words before a participle that make it a finite verb (`were
/// randomized`, `had been randomly assigned`).
static AUX_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:were|was|been|being|be|are|is|had|have|has|who|which|that)\s+(?:[a-z]+ly\s+)*$")
        .expect("aux before regex")
});

/// A participant noun with its article right before a participle: `in the
/// patients randomized`, `among those randomly assigned`.
static OTHER_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:in|among|amongst|of|from)\s+(?:(?:the|these|those|all)\s+(?:[a-z-]+\s+){{0,2}}?(?:{NOUNS})|those)\s+(?:[a-z]+ly\s+)?$"
    ))
    .expect("other noun regex")
});

/// What happened to the count after its participle phrase: `were
/// (successfully) extubated`, `died`, `were lost to follow-up`; the verbs
/// of events after allocation, not of a description (`had a mean age`,
/// `were well balanced`) nor of a role in the study (`were analysed`).
static HAPPENED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:were|was)\s+(?:(?:not|also|all|then|later|still|subsequently|successfully|eventually|finally)\s+)*(?:excluded|lost|withdrawn|transferred|extubated|weaned|discharged|readmitted|re-?operated|hospitali[sz]ed|intubated|converted|censored|unable|switched)|died|withdrew|dropped out|discontinued|developed|experienced|required|needed|did not|could not|failed to|refused|declined|relapsed|progressed|crossed over|switched)(?-u:\b)")
        .expect("happened after regex")
});

/// A relative clause before the verb: the verb is the clause's.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|whom|which|that|whose)(?-u:\b)")
        .expect("relative regex")
});

/// Repeated enrolment: `enrolled twice`, `randomised again`.
static REPEATED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s*(?:twice|again|a second time|more than once|on two occasions)(?-u:\b)",
    )
    .expect("repeated regex")
});

/// The role of a count whose first role verb, `after[p..end]` in the
/// clause `after`, is not its own (see the module), if it is not.
pub(super) fn not_its_own(
    after: &str,
    p: usize,
    end: usize,
    role: Role,
) -> Option<(Role, &'static str, f32)> {
    if !matches!(role, Role::Randomized | Role::Enrolled) {
        return None;
    }
    let before = &after[..p];
    // `re-enrolled`, `re-randomised`, `enrolled twice`.
    if before.ends_with("re-") || REPEATED.is_match(&after[end..]) {
        return Some(OUTCOME);
    }
    let verb = after[p..end].to_ascii_lowercase();
    if role != Role::Randomized || !verb.starts_with("random") || AUX_BEFORE.is_match(before) {
        return None;
    }
    if OTHER_NOUN.is_match(before) {
        return Some(OUTCOME);
    }
    // The participle follows the noun (at most an adverb between).
    if before.split_whitespace().count() > 1 {
        return None;
    }
    // `Of the 412 women randomised to A, 117 were transferred`: past a
    // comma the verb is another clause's.
    let rest = &after[end..];
    let m = HAPPENED_AFTER.find(rest)?;
    let between = &rest[..m.start()];
    (!between.contains([',', ':']) && !RELATIVE.is_match(between)).then_some(OUTCOME)
}

/// An event whose host the count is, at the end of the clause before it:
/// `Adverse events were reported by 58`, `Myalgia occurred in 9 patients
/// randomized to A and 7`, the joint and the item before it allowed.
static EVENT_HOST: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:occurr(?:ed|ing)|observed|seen|noted|reported|recorded|documented|detected|developed|experienced)\s+(?:in|by|among|amongst)\s+(?:[^;]{0,100}?(?:,|(?-u:\b)(?:and|or|versus|vs\.?|compared\s+(?:with|to)))\s+)?$")
        .expect("event host regex")
});

/// A participle right after the noun that says which arm the counted came
/// from (`patients randomized to placebo`, `subjects receiving A`).
static ARM_PARTICIPLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:[a-z]+ly\s+)?(?:randomi[sz]ed|assigned|allocated|receiving|treated|given|taking)(?-u:\b)")
        .expect("arm participle regex")
});

/// A finite verb in the clause after the count: the participle may be its
/// subject's (`… and 120 patients randomized to A were analysed`).
static FINITE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:were|was|had|have|has)(?-u:\b)").expect("finite regex")
});

/// `Adverse events were reported by 58 (54.2%) patients randomized to A and
/// 61 (57.0%) patients randomized to B`: a count an event happened in (the
/// clause `before` it ends in the event and its preposition) whose
/// participle (`after` the noun) names the arm it came from is an
/// outcome's count, not those randomized.
pub(super) fn event_in_arm(before: &str, after: &str) -> Option<(Role, &'static str, f32)> {
    // The anchored participle first: it fails at once on most counts.
    (ARM_PARTICIPLE.is_match(after) && EVENT_HOST.is_match(before) && !FINITE.is_match(after))
        .then_some(OUTCOME)
}

/// The main verb after a subject's long apposition or relative clause,
/// closed by a comma: `789 pregnant smokers, aged 16-50 years, who smoked
/// at least five cigarettes a day and were prepared to quit, were
/// randomised` (past the clause window `after_window` reads).
static VERB_AFTER_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*,[^;]*?,\s+(?:were|was)\s+(?:(?:then|subsequently|all|consecutively|prospectively)\s+)?(randomi[sz]ed|randomly (?:assigned|allocated)|assigned|allocated|enrolled|included|recruited)(?-u:\b)")
        .expect("verb after clause regex")
});

/// How far after the noun a main verb after a clause is looked for.
const CLAUSE_REACH: usize = 400;

/// The role of a count whose noun a comma-closed clause follows before
/// its main verb (see [`VERB_AFTER_CLAUSE`]), in its sentence and before
/// the next count (`next`): far from the count, so of lower confidence.
pub(super) fn after_long_clause(
    doc: &Document,
    noun_end: usize,
    next: usize,
) -> Option<(Role, &'static str, f32)> {
    let fold = doc.fold.as_str();
    let (_, se) = doc.sentence_at(noun_end);
    let hi = ceil_boundary(
        fold,
        (noun_end + CLAUSE_REACH).min(se).min(next.max(noun_end)),
    );
    let m = VERB_AFTER_CLAUSE.captures(&fold[noun_end..hi])?;
    let verb = m.get(1)?.as_str().to_ascii_lowercase();
    let role =
        if verb.starts_with("random") || verb.starts_with("assign") || verb.starts_with("alloc") {
            Role::Randomized
        } else {
            Role::Enrolled
        };
    Some((role, "sample_size.count_noun_verb", 0.5))
}

/// Whether an allocation verb takes a treatment as its object (`allocated
/// high-dose melphalan`) rather than a preposition or the end of its clause
/// (`randomized to`, `were randomized.`).
pub(super) fn treatment_follows(rest: &str) -> bool {
    let word = next_word(rest);
    let lower = word.to_ascii_lowercase();
    word.starts_with(|c: char| c.is_alphabetic())
        && ![
            "to", "into", "in", "at", "for", "between", "among", "and", "or", "but", "as", "by",
            "from", "with", "during", "on", "after", "before", "within", "across", "per",
            "equally", "randomly",
        ]
        .contains(&lower.as_str())
}

// A screening verb as the count's own main verb, after the noun and what
// describes it (`126 consecutive patients with STEMI treated with
// thrombolysis were screened`); the words before it are group 1.
static SCREENED_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^([^;]{0,120}?)(?-u:\b)(?:were|was|had\s+been|have\s+been)\s+(?:(?:first|initially|consecutively|prospectively)\s+)?(?:screened|assessed|evaluated|approached|invited|considered)(?-u:\b)")
        .expect("screened next regex")
});

// What opens a relative clause: its verb is not the count's (`30
// consecutive women who met the inclusion criteria`).
static RELATIVE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|whom|that|which|whose)(?-u:\b)")
        .expect("relative word regex")
});

// The adjective of how patients came, which names no step of the trial.
static CONSECUTIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*consecutive\s+(?:[a-z-]+\s+){0,2}?[a-z-]+\s*$")
        .expect("consecutive regex")
});

/// The role a verb after `N consecutive <noun>` gives when it screens
/// (`126 consecutive patients were screened`: they were only screened);
/// none when `consecutive` is not the only adjective or no such verb
/// follows (`120 consecutive patients were randomized` stays enrolled, as
/// the summary has always read it).
pub(super) fn consecutive_then_verb(
    doc: &Document,
    mid: &str,
    noun_end: usize,
    next: usize,
    pct: bool,
) -> Option<(Role, &'static str, f32)> {
    let lower = mid.to_ascii_lowercase();
    let other_role = ["enrol", "includ", "recruit"]
        .iter()
        .any(|w| lower.contains(w));
    if !CONSECUTIVE.is_match(mid) || other_role {
        return None;
    }
    let after = crate::extract::sample_size::window::after_window(doc, noun_end, next);
    let own = SCREENED_NEXT
        .captures(&after)
        .and_then(|c| c.get(1))
        .is_some_and(|g| !RELATIVE_WORD.is_match(g.as_str()));
    if !own {
        return None;
    }
    super::roles::role_after(&after, pct).filter(|(role, _, _)| *role == Role::Skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(after: &str, verb: &str) -> Option<Role> {
        let p = after.find(verb).unwrap();
        let end = p + verb.len();
        let r = if verb.starts_with("random") {
            Role::Randomized
        } else {
            Role::Enrolled
        };
        not_its_own(after, p, end, r).map(|x| x.0)
    }

    #[test]
    fn a_participle_with_a_finite_verb_of_its_own_is_an_outcome() {
        let s = Some(Role::Subgroup);
        assert_eq!(
            role(
                " randomized to the late group were successfully extubated",
                "randomized"
            ),
            s
        );
        assert_eq!(
            role(
                " in the patients randomized to the late group (73%)",
                "randomized"
            ),
            s
        );
        assert_eq!(
            role(" were enrolled twice in sequential pregnancies", "enrolled"),
            s
        );
        assert_eq!(role(" were re-randomized after relapse", "randomized"), s);
    }

    fn long(text: &str) -> Option<Role> {
        let doc = Document::from_text(text);
        let noun_end = text.find(" smokers").unwrap() + " smokers".len();
        after_long_clause(&doc, noun_end, text.len()).map(|x| x.0)
    }

    #[test]
    fn the_main_verb_after_a_long_clause_gives_the_role() {
        let clause = ", aged 16-50 years and in weeks 12-24 of pregnancy, who smoked at least five cigarettes a day before pregnancy and one a day now and were prepared to try to quit,";
        assert_eq!(
            long(&format!(
                "In all, 789 pregnant smokers{clause} were randomised to A or B."
            )),
            Some(Role::Randomized)
        );
        assert_eq!(
            long(&format!("789 smokers{clause} were enrolled in 7 clinics.")),
            Some(Role::Enrolled)
        );
        // No comma before the verb, another sentence, or an outcome.
        assert_eq!(long("789 smokers who quit were randomised."), None);
        assert_eq!(
            long(&format!(
                "789 smokers{clause} quit. Others, as before, were randomised."
            )),
            None
        );
        assert_eq!(
            long(&format!("789 smokers{clause} were lost to follow-up.")),
            None
        );
    }

    #[test]
    fn the_count_s_own_participle_keeps_its_role() {
        for (after, verb) in [
            (" were randomized to the late group", "randomized"),
            (" randomized to A or B were well balanced", "randomized"),
            (" randomized to A or B were analysed", "randomized"),
            (" randomized to A or B had a mean age of 54", "randomized"),
            (" randomized to A were given B", "randomized"),
            (
                " randomized to the late group who were extubated",
                "randomized",
            ),
            (
                " randomized between 2001 and 2005 were included",
                "randomized",
            ),
            (" randomized.", "randomized"),
            (" were enrolled in two centres", "enrolled"),
            (" who had been randomized were followed", "randomized"),
            (" randomised to the MU, were transferred", "randomised"),
        ] {
            assert_eq!(role(after, verb), None, "{after}");
        }
    }
}
