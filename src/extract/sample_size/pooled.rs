//! Stage 2, after the groups: counts of studies pooled in one analysis.
//! `a total of 162 patients from the CKD-201 study and 605 patients from
//! the IDA-302 study`: each count is the share of one study or cohort,
//! neither an arm of one trial nor the whole, so each is a `subgroup`.
//! So is the bracketed form (`1,204 patients (612 in TRIAL-1 and 592 in
//! TRIAL-2)`): the whole before the bracket stays the study's count.

use super::window::spent;
use super::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// After a count: the named study it came from (`patients from the
/// CKD-201 study`, `in TRIAL-1`, `in the second BBIC trial`; a code
/// alone, `in CP-1`, is as often an arm's). Group 1 is the study's name.
static FROM_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[\d,]*(?: [a-z-]+){0,3}? (?:from|in|of) (?:the )?((?:[a-z0-9-]+ ){0,3}?(?:(?:trial|study)[- ]?\d+[a-z]?|(?:[a-z0-9-]+ ){0,2}(?:trial|study|cohort)))(?-u:\b)")
        .expect("from study regex")
});

/// A name that is no study of its own (`the present study`, `this
/// trial`, `the study`): the count is the study's own. A numbered study
/// (`TRIAL-1`, `study 2`) is one of its own.
static OWN_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:(?:present|current|this|our|same|whole|overall|entire|main)(?-u:\b)|(?:study|trial|cohort)(?: (?:study|trial|cohort))*$)")
        .expect("own study regex")
});

/// A name that is a part of one trial (`arm1`, `group 2`, `the study
/// group`, `week 12`), not a study.
static PART_OF_TRIAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:^(?:arms?|groups?|wards?|cycles?|weeks?|days?|visits?|phases?|stages?|periods?|grades?|class|steps?|sessions?|months?|years?|doses?|levels?|sites?|centres?|centers?)[- ]?\d|^ ?(?:groups?|arms?|population|participants|patients|subjects|site|centre|center|visit|period|phase|drug|treatment|medication)(?-u:\b))")
        .expect("part of trial regex")
});

/// Between two counts of studies: a list joint with no verb or full stop
/// (`… study and`, `…-1,`).
static JOINED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;:()0-9]{0,60}(?:,|(?-u:\b)and|;)\s*$")
        .expect("pooled joined regex")
});

/// The study named after the count at `start`, if any, and where its name
/// ends.
fn study_after(doc: &Document, start: usize, end: usize) -> Option<(String, usize)> {
    let fold = doc.fold.as_str();
    let (_, se) = doc.sentence_at(start);
    let hi = crate::extract::text::floor_boundary(fold, (end + 80).min(se).max(end));
    let c = FROM_STUDY.captures(&fold[end..hi])?;
    let name = c.get(1)?;
    if OWN_STUDY.is_match(name.as_str())
        || PART_OF_TRIAL.is_match(name.as_str())
        || PART_OF_TRIAL.is_match(&fold[end + name.end()..hi])
    {
        return None;
    }
    Some((name.as_str().to_string(), end + name.end()))
}

/// Two or more counts in a row, each from a study of its own name, are the
/// shares of pooled studies: `subgroup`.
pub(super) fn mark_pooled(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let mut at: Vec<usize> = (0..out.len())
        .filter(|&i| {
            matches!(
                out[i].role,
                Role::Arm | Role::Total | Role::Enrolled | Role::Randomized | Role::Analyzed
            )
        })
        .collect();
    at.sort_by_key(|&i| out[i].start);
    for w in at.windows(2) {
        if spent(doc, 0) {
            break;
        }
        let (a, b) = (&out[w[0]], &out[w[1]]);
        if a.end > b.start || doc.sentence_at(a.start) != doc.sentence_at(b.start) {
            continue;
        }
        let (Some((na, ea)), Some((nb, _))) = (
            study_after(doc, a.start, a.end),
            study_after(doc, b.start, b.end),
        ) else {
            continue;
        };
        if na == nb || ea > b.start || !JOINED.is_match(&fold[ea..b.start]) {
            continue;
        }
        for &i in w {
            out[i].role = Role::Subgroup;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::sample_size::{stages, Role};
    use crate::normalize::Document;

    fn roles(text: &str) -> Vec<(u64, Role)> {
        stages(&Document::from_text(text))
            .into_iter()
            .map(|c| (c.n, c.role))
            .collect()
    }

    #[test]
    fn counts_of_pooled_studies_are_their_shares() {
        let got = roles("Results\nThere were a total of 310 patients from the ALPHA-101 study and 455 patients from the BETA-202 study.");
        assert!(got.contains(&(310, Role::Subgroup)), "{got:?}");
        assert!(got.contains(&(455, Role::Subgroup)), "{got:?}");
    }

    #[test]
    fn numbered_studies_in_a_bracket_are_shares_of_the_whole() {
        let got = roles("Methods\nWe enrolled 1,204 patients (612 in TRIAL-1 and 592 in TRIAL-2) with heart failure.");
        assert!(got.contains(&(612, Role::Subgroup)), "{got:?}");
        assert!(got.contains(&(592, Role::Subgroup)), "{got:?}");
        assert!(got.contains(&(1204, Role::Enrolled)), "{got:?}");
    }

    #[test]
    fn arms_of_one_study_stay_arms() {
        // One study named once, two arms.
        let got = roles("Results\nIn the ALPHA-101 study, 60 patients were assigned to drug and 58 patients to placebo.");
        assert!(got.iter().all(|&(_, r)| r != Role::Subgroup), "{got:?}");
        // Codes name arms as often as studies.
        let got = roles("Results\nA total of 70 women were enrolled (40 in CP-1 and 30 in CG-1).");
        assert!(got.iter().all(|&(_, r)| r != Role::Subgroup), "{got:?}");
        // A study group is an arm.
        let got = roles("Results\nThere were 30 patients in the intervention study group and 30 in the control study group.");
        assert!(got.iter().all(|&(_, r)| r != Role::Subgroup), "{got:?}");
        // `in the present study` is the paper's own.
        let got = roles(
            "Results\nWe randomized 80 patients in the present study and 40 in the pilot study.",
        );
        assert!(!got.contains(&(80, Role::Subgroup)), "{got:?}");
    }
}
