//! Cohorts named by the treatment they received, coordinated before one
//! verb of taking part: `Fifty-one patients with acute simvastatin
//! treatment and 51 patients without simvastatin treatment were recruited`.
//! Each conjunct is a group defined by what it was given (or not given),
//! set beside the others to be compared: the groups of the study, its arms,
//! not parts of a sample that only add up to its whole (`108 smokers and
//! 232 nonsmokers were randomized` names who the people are, not what they
//! received, and `patients with diabetes and patients without diabetes`
//! a condition).

use regex::Regex;
use std::sync::LazyLock;

pub(super) const RULE: &str = "sample_size.arm_cohort";

/// In a conjunct's words: a treatment it had or lacked (`with acute
/// simvastatin treatment`, `without statin therapy`, `on long-term
/// medication`), or a participle of being treated (`treated with MMI`,
/// `untreated`, `receiving PTU`).
static TREATED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:(?:with|without|on|under|after|receiving|taking|given)\s+(?:[a-z0-9-]+\s+){0,3}?(?:treatment|therapy|therapies|medication|prophylaxis|supplementation|administration)|(?:treated|untreated|receiving)(?-u:\b))",
    )
    .expect("treated regex")
});

/// Whether the words of every conjunct (`words`, one per count of the list)
/// name the treatment that makes it a cohort.
pub(super) fn treated_cohorts(words: &[&str]) -> bool {
    words.len() >= 2 && words.iter().all(|w| TREATED.is_match(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cohorts_by_treatment_not_by_who_they_are() {
        assert!(treated_cohorts(&[
            " patients with acute simvastatin treatment and ",
            " patients without simvastatin treatment"
        ]));
        assert!(!treated_cohorts(&[" smokers and ", " nonsmokers"]));
        assert!(!treated_cohorts(&[
            " patients with diabetes and ",
            " patients without diabetes"
        ]));
        assert!(!treated_cohorts(&[" patients with treatment"]));
    }
}
