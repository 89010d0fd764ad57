//! Stage 2 (roles), targets: a count a sample-size calculation asks for
//! (`174 randomized patients would be required for each treatment group`,
//! `a sample size of 148 patients per group would provide 90% power`,
//! `it was necessary to recruit 410 men in total`) counts nobody yet. It is
//! the protocol's `planned` size, whatever role its verb gave it: the
//! summary falls back to it only when the text states no participants.

use super::window::spent;
use super::{Cand, Role, PLANNED};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// After the count, in its clause: the calculation's verb (`would be
/// required`, `were needed`, `would provide … power`).
static TARGET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;\d]{0,80}?(?-u:\b)(?:(?:would|will|should|could) be (?:required|needed|necessary|sufficient|adequate)|(?:was|were|is|are) (?:required|needed|necessary|sufficient)|(?:would|will) (?:provide|give|yield|have|achieve|detect|allow)[^.;]{0,40}(?-u:\b)power|to (?:provide|achieve|give|detect|ensure|have|obtain|reach) (?:a |an |the )?(?:\d+(?:\.\d+)? ?% )?(?:statistical )?power)(?-u:\b)")
        .expect("target after regex")
});

/// Before the count, in its clause: the calculation itself (`a sample size
/// of`, `we calculated that`, `necessary to recruit`, `target of`, `a
/// planned enrollment of`).
static TARGET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:sample size (?:of|was|is|would be|will be)|(?:calculated|estimated|determined|computed) (?:that|to be|as|at)|target(?:ed)?(?: sample)?(?: size)? (?:of|at|was|is)|(?:necessary|needed|required|aimed?|planned|plan|intended) to (?:recruit|enrol|enroll|include|randomi[sz]e|study)|(?:planned|anticipated|expected|projected|intended|target) (?:enrol?ment|enrollment|recruitment|accrual|sample(?: size)?) (?:of|was|is))(?:\s+(?:a total of|at least|approximately|about|a minimum of))?\s*$")
        .expect("target before regex")
});

/// Bytes read before and after a count.
const REACH: usize = 80;

/// Counts in a sample-size calculation become `planned` (a `Skip` written
/// out as `planned`): they are neither the total nor an arm.
pub(super) fn mark_planned(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        if !matches!(
            c.role,
            Role::Randomized | Role::Enrolled | Role::Total | Role::Arm | Role::Analyzed
        ) {
            continue;
        }
        let (ss, se) = doc.sentence_at(c.start);
        let lo = floor_boundary(fold, c.start.saturating_sub(REACH).max(ss));
        let hi = ceil_boundary(fold, (c.end + REACH).min(se).max(c.end));
        if TARGET_AFTER.is_match(&fold[c.end..hi]) || TARGET_BEFORE.is_match(&fold[lo..c.start]) {
            c.role = Role::Skip;
            c.rule = PLANNED;
            c.conf = 0.5;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sample_size::stages;

    /// The counts of `text` read as a calculation's target.
    fn planned_of(text: &str) -> Vec<u64> {
        let doc = Document::from_text(text);
        stages(&doc)
            .into_iter()
            .filter(|c| c.rule == PLANNED)
            .map(|c| c.n)
            .collect()
    }

    #[test]
    fn a_power_calculation_asks_for_a_target() {
        assert_eq!(
            planned_of("Assuming a dropout rate of 15%, 174 randomized patients would be required for each treatment group."),
            [174]
        );
        assert_eq!(
            planned_of(
                "A sample size of 148 patients per treatment group would provide > 90% power."
            ),
            [148]
        );
        assert_eq!(
            planned_of(
                "Assuming 20% loss to follow-up, it was necessary to recruit 410 men in total."
            ),
            [410]
        );
        assert_eq!(
            planned_of(
                "An open-label pilot study with a planned enrollment of 64 adult participants. Sixty-one participants were enrolled."
            ),
            [64]
        );
    }

    #[test]
    fn participants_the_study_had_are_no_target() {
        assert!(planned_of("A total of 607 patients were randomized to lansoprazole (n = 201) or vonoprazan (n = 406).").is_empty());
        // The calculation's verb after a later count is not this count's.
        assert!(!planned_of(
            "Of 83 patients randomized, 80 completed; 76 were required to fill in diaries."
        )
        .contains(&83));
    }
}
