//! The role each count gets from its clause.

use super::*;
use crate::extract::sample_size::candidates::numbers;
use crate::extract::sample_size::context::{mark_cited, parts_in_brackets};

/// (count, role, rule) of every count of `text`, in text order.
fn roles_of(text: &str) -> Vec<(u64, Role, &'static str)> {
    let doc = Document::from_text(text);
    let index = Index::new(&doc);
    let mut out = counts(&doc, &index, &numbers(&doc.fold));
    parts_in_brackets(&doc, &index, &mut out);
    mark_cited(&doc, &mut out);
    out.iter().map(|c| (c.n, c.role, c.rule)).collect()
}

#[test]
fn the_verb_after_the_noun_gives_the_role() {
    let got = roles_of(
        "Of 83 patients randomized, 80 completed the study and 76 patients were analysed.",
    );
    assert_eq!(
        got,
        [
            (83, Role::Randomized, "sample_size.count_noun_verb"),
            (80, Role::Completed, "sample_size.count_verb"),
            (76, Role::Analyzed, "sample_size.count_noun_verb"),
        ]
    );
}

#[test]
fn the_data_a_count_had_make_it_analysed() {
    let got = roles_of("In all, 512 patients had baseline MRI scans; 430 had week 48 scans.");
    assert_eq!((got[0].0, got[0].1), (512, Role::Analyzed));
    let got = roles_of("Nine children had both scanning and reading difficulty.");
    assert!(got.iter().all(|c| c.1 != Role::Analyzed), "{got:?}");
}

#[test]
fn a_verb_before_the_count_gives_the_role() {
    assert_eq!(
        roles_of("We randomly assigned 54 subjects to two groups."),
        [(54, Role::Randomized, "sample_size.verb_count_noun")]
    );
}

#[test]
fn screening_is_skipped_and_a_target_is_planned() {
    assert_eq!(
        roles_of("1 094 patients were assessed for eligibility.")[0].1,
        Role::Skip
    );
    assert_eq!(
        roles_of("We will enrol 120 planned participants.")[0],
        (120, Role::Skip, PLANNED)
    );
}

#[test]
fn outcomes_shares_and_parts_are_subgroups() {
    let got = roles_of("Of the 60 patients, 12 patients died and 22 of the 24 patients responded.");
    assert!(
        got.contains(&(12, Role::Subgroup, "sample_size.count_noun_outcome")),
        "{got:?}"
    );
    assert!(
        got.contains(&(22, Role::Subgroup, "sample_size.part_of")),
        "{got:?}"
    );
    assert!(
        got.contains(&(24, Role::Total, "sample_size.of_whole")),
        "{got:?}"
    );
}

#[test]
fn a_count_in_the_bracket_of_a_larger_one_is_a_part() {
    let got = roles_of("Forty-four CF patients (aged 7-19 y; 20 males) were enrolled.");
    assert!(
        got.contains(&(44, Role::Enrolled, "sample_size.count_noun_verb")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|&(n, r, _)| n == 20 && r == Role::Subgroup),
        "{got:?}"
    );
}

#[test]
fn a_relative_clause_is_no_outcome() {
    let (role, rule, _) =
        role_after(" who had undergone hysterectomy were randomized", false).expect("role");
    assert_eq!(
        (role, rule),
        (Role::Randomized, "sample_size.count_noun_verb")
    );
    // A share before makes anything but randomisation an outcome.
    let (role, _, _) = role_after(" were enrolled", true).expect("role");
    assert_eq!(role, Role::Subgroup);
    assert_eq!(role_after(" of the clinic", false), None);
}

#[test]
fn another_study_s_count_is_cited() {
    let got = roles_of("Smith et al. reported a trial in which 300 patients were randomized.");
    assert_eq!(got, [(300, Role::Cited, "sample_size.cited")]);
}

#[test]
fn criteria_met_in_a_relative_clause_give_way_to_the_main_verb() {
    let role = |after: &str| role_after(after, false).map(|(r, _, _)| r);
    assert_eq!(
        role(" who met the inclusion criteria were randomly assigned to A or B"),
        Some(Role::Randomized)
    );
    assert_eq!(
        role(" that fulfilled the eligibility criteria for this trial were enrolled"),
        Some(Role::Enrolled)
    );
    assert_eq!(
        role(" met the inclusion criteria and were randomized"),
        Some(Role::Randomized)
    );
    // The eligible count itself, and a frame before the next count's verb.
    assert_eq!(role(" met the inclusion criteria"), Some(Role::Skip));
    assert_eq!(
        role(" who met the inclusion criteria, 150 were randomized"),
        Some(Role::Skip)
    );
    assert_eq!(
        role(" who were screened for eligibility received a leaflet"),
        Some(Role::Skip)
    );
}
