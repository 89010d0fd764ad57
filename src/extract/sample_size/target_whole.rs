//! Stage 2 (roles), a part of a target: `74 of the planned 92 patients were
//! enrolled`, `Nineteen (40%) of the targeted 48 participants were
//! randomised`, `short of the intended 120 patients`. The whole an
//! adjective of intent (`planned`, `targeted`, `intended`, …) puts before
//! its number is the size the study aimed at, not people who took part:
//! it is `planned`. The part is who did take part: the verb after the
//! whole is the part's (the study enrolled 74, not 92), where a part of
//! the study's people is otherwise a subgroup.

use super::lexicon::NOUNS;
use super::Role;
use regex::Regex;
use std::sync::LazyLock;

/// The adjectives that make a count a size aimed at.
///
/// Not `estimated` nor `expected`: `83% of the estimated 782,000 new cancer
/// cases` estimates a population, it aims at nobody.
const INTENT: &str = r"(?:planned|targeted|target|intended|projected|anticipated|required|proposed|prespecified|pre-specified)";

/// Before a count: `of the planned`, `short of the targeted`, `than the
/// intended`, `out of a projected`.
static TARGET_WHOLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:of|than)\s+(?:the|a|an|our|its|their)\s+(?:originally\s+|initially\s+)?{INTENT}(?:\s+(?:total|sample|sample size|enrol?ment|recruitment|accrual)\s+of)?\s*$"
    ))
    .expect("target whole before regex")
});

/// After a part: `of the planned 92 patients were enrolled`: the verb
/// after the target whole, a count of people (`one of the intended 9
/// months` is no part of a study's people).
static PART_OF_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the|a|an|our|its|their)\s+(?:originally\s+|initially\s+)?{INTENT}\s+(?:total\s+(?:of\s+)?)?\d[\d,]*\s+(?:[a-z][a-z'-]*\s+){{0,3}}?(?:{NOUNS})\s+(?:were|was|had been|have been|could be|were successfully|were actually)\s+(?:(?:then|subsequently|successfully|actually|eventually|finally|ultimately|randomly)\s+)?(randomi[sz]ed|assigned|allocated|enrolled|enroled|included|recruited|accrued|entered|registered)(?-u:\b)"
    ))
    .expect("part of target regex")
});

/// Whether the count right after `before` (its clause before it) is a
/// target whole: `74 of the planned |92`.
pub(super) fn target_whole(before: &str) -> bool {
    TARGET_WHOLE_BEFORE.is_match(before)
}

/// The role of a part of a target whole (`74| of the planned 92 patients
/// were enrolled`): the verb's, randomized or enrolled.
pub(super) fn part_of_target(rest: &str) -> Option<Role> {
    let m = PART_OF_TARGET.captures(rest)?;
    let verb = m.get(1)?.as_str().to_ascii_lowercase();
    Some(
        if verb.starts_with("random") || verb.starts_with("assign") || verb.starts_with("alloc") {
            Role::Randomized
        } else {
            Role::Enrolled
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_with_an_adjective_of_intent_is_a_target() {
        for t in [
            "after 74 of the planned ",
            "Nineteen (40%) of the targeted ",
            "accrual fell short of the intended ",
            "fewer than the originally projected ",
            "58 of a planned total of ",
        ] {
            assert!(target_whole(t), "{t}");
        }
        for t in [
            "74 of the ",
            "22 of the original ",
            "the planned analysis of ",
            "83% of the estimated ",
        ] {
            assert!(!target_whole(t), "{t}");
        }
    }

    #[test]
    fn the_part_of_a_target_takes_the_verb_after_it() {
        assert_eq!(
            part_of_target(" of the planned 92 patients were enrolled."),
            Some(Role::Enrolled)
        );
        assert_eq!(
            part_of_target(" (40%) of the targeted 48 participants were randomised"),
            Some(Role::Randomized)
        );
        assert_eq!(
            part_of_target(" of the planned 120 patients had been recruited"),
            Some(Role::Enrolled)
        );
        // A part of the people who took part, no target: a subgroup.
        assert_eq!(part_of_target(" of the 92 patients were enrolled"), None);
        // Months are no people.
        assert_eq!(
            part_of_target(" of the intended 9 months were included"),
            None
        );
        // The verb says what happened to the part, not who took part.
        assert_eq!(part_of_target(" of the planned 92 patients died"), None);
    }
}
