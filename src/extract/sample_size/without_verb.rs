//! The role of a count with a noun that no role verb follows: a share, a
//! count a study governs, an outcome's count, a description of the sample,
//! or a total whose role the text leaves open (moved out of `roles`).

use crate::extract::sample_size::lexicon::{OUTCOME, SHARE_NEXT};
use crate::extract::sample_size::{not_people, study, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// An outcome just before `in N patients`: `remained unchanged in 4 patients`,
// `occurred in 12 patients`.
static IN_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:in|among|for|from)\s*$").expect("in regex")
});

// The subject of a description of the sample, just before a count with
// no role verb after it: `Participants were 36 … patients`, `The study
// sample was 120 adults`.
static PARTICIPANTS_WERE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:participants|subjects|respondents|the (?:study )?sample|the study population) (?:were|was)(?:\s+(?:a total of|all|approximately|about))?\s*$")
        .expect("participants were regex")
});

/// The role of a count `NUM … NOUN` (`e..noun_end` from the number's end
/// to the noun's) that no role verb follows: a share, a count a study
/// governs, an outcome's count, events, or a total whose role the text
/// leaves open.
pub(super) fn role_without_verb(
    doc: &Document,
    noun_end: usize,
    before: &str,
    before_comma: &str,
    pct: bool,
) -> (Role, &'static str, f32) {
    let fold = doc.fold.as_str();
    if pct {
        return (Role::Subgroup, "sample_size.count_share", 0.5);
    }
    if not_people::per_period(doc, noun_end) {
        return (Role::Skip, "sample_size.per_period", 0.0);
    }
    if study::governs(before) {
        return (Role::Enrolled, "sample_size.study_of", 0.7);
    }
    // `Participants were 36 post-surgery breast cancer patients`: who the
    // study's participants were.
    if PARTICIPANTS_WERE.is_match(before) {
        return (Role::Enrolled, "sample_size.participants_were", 0.7);
    }
    if IN_COUNT.is_match(before_comma) && OUTCOME.is_match(before_comma) {
        // `remained unchanged in 4 patients`, `occurred in 12 patients`.
        return (Role::Subgroup, "sample_size.in_count", 0.5);
    }
    // `Breast conservation was possible in 288 cases (75.8%)`: a share
    // after the noun, as after the number.
    if SHARE_NEXT.is_match(&fold[noun_end..]) {
        return (Role::Subgroup, "sample_size.count_share", 0.5);
    }
    (Role::Total, "sample_size.count_noun", 0.4)
}
