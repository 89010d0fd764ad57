//! Stage 3, groups: the arms of a trial in all the ways papers write them
//! (lists, `n =` brackets, breakdowns, denominators, named phrases, parts
//! that add up to a count, pairs), each a module of its own, and the counts
//! that say what happened in an arm kept apart from the arm's size.

mod again;
mod bracket_pairs;
mod brackets;
mod clauses;
pub(super) mod columns;
mod denominators;
mod elided;
mod events;
mod exit_parts;
mod had;
mod head_blocks;
mod head_rows;
mod lists;
pub(super) mod matched;
pub(super) mod n_equals;
mod not_arms;
pub(super) mod one_assigned;
mod pair_parts;
mod pairs;
mod phrases;
mod pooled;
mod remaining;
pub(super) mod rest;
mod runs;
mod sex_sums;
mod strata;
mod subscripts;
mod sums;
mod whole;

use super::index::Index;
use super::lexicon::exits_after;
use super::{Cand, Role};
use crate::normalize::Document;

/// Runs the group stages in turn over the candidates of the counts stage;
/// each adds arms or relabels candidates as arms.
pub(super) fn arms(
    doc: &Document,
    index: &Index,
    nums: &[(usize, usize, u64)],
    out: &mut Vec<Cand>,
) {
    lists::arms_from_lists(doc, nums, out);
    n_equals::arms_from_n_equals(doc, index, out);
    subscripts::arms_from_subscripts(doc, out);
    brackets::arms_from_breakdowns(doc, index, out);
    brackets::arms_from_group_brackets(doc, index, out);
    denominators::arms_from_denominators(doc, out);
    phrases::arms_from_group_phrases(doc, nums, out);
    had::arms_from_groups_that_had(doc, out);
    elided::arms_from_elided_groups(doc, out);
    sums::arms_from_sums(doc, nums, out);
    matched::arms_from_matched_pairs(doc, nums, out);
    matched::arms_from_matched_cohorts(doc, nums, out);
    pairs::arms_from_named_pairs(doc, nums, out);
    pairs::arms_from_assigned_pairs(doc, nums, out);
    bracket_pairs::arms_from_bracket_pairs(doc, nums, out);
    clauses::arms_from_clauses(doc, nums, out);
    columns::arms_from_columns(doc, out);
    head_rows::arms_from_head_rows(doc, out);
    head_blocks::arms_from_head_blocks(doc, out);
    rest::arms_and_the_rest(doc, nums, out);
    rest::arms_and_the_other(doc, out);
    sex_sums::arms_from_sex_sums(doc, index, out);
    strata::not_treatment_arms(doc, out);
    again::arms_mentioned_again(doc, out);
    exits_in_arms(doc, index, out);
    events::events_in_groups(doc, out);
    remaining::arms_that_remain(doc, index, out);
    not_arms::not_arms(doc, out);
    strata::not_treatment_arms(doc, out);
    exit_parts::parts_of_exits(doc, out);
    whole::whole_before_parts(doc, out);
    whole::whole_of_bracket(doc, out);
    whole::whole_of_partitive(doc, out);
}

/// `Nine patients (3 in the experimental group and 6 in the placebo group)
/// did not complete the follow-up`: counts in a bracket whose verb says
/// they left the trial tell what happened in each arm, not its size.
#[inline(never)]
fn exits_in_arms(doc: &Document, index: &Index, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for c in out.iter_mut() {
        if c.role != Role::Arm {
            continue;
        }
        let (ss, _) = doc.sentence_at(c.start);
        let close = index
            .brackets
            .last_open_paren(ss, c.start)
            .and_then(|open| index.brackets.next_close_paren(open))
            .filter(|&close| close >= c.end);
        if close.is_some_and(|close| exits_after(fold, close + 1)) {
            c.role = Role::Subgroup;
            c.rule = "sample_size.arm_exits";
            c.conf = 0.5;
        }
    }
}

#[cfg(test)]
mod tests {
    //! The arms the group stages find, from the counts stage's candidates.

    use super::*;
    use crate::extract::sample_size::{candidates::numbers, roles::counts};

    /// (count, group, rule) of the arms of `text`, in text order.
    fn arms_of(text: &str) -> Vec<(u64, Option<String>, &'static str)> {
        let doc = Document::from_text(text);
        let index = Index::new(&doc);
        let nums = numbers(&doc.fold);
        let mut out = counts(&doc, &index, &nums);
        arms(&doc, &index, &nums, &mut out);
        out.sort_by_key(|c| c.start);
        out.iter()
            .filter(|c| c.role == Role::Arm)
            .map(|c| (c.n, c.group.clone(), c.rule))
            .collect()
    }

    fn group(g: &str) -> Option<String> {
        Some(g.to_string())
    }

    #[test]
    fn n_equals_brackets_in_a_randomisation_sentence_are_arms() {
        assert_eq!(
            arms_of("Patients were randomized into MSC-NP (n = 27) or saline (n = 27)."),
            [
                (27, group("MSC-NP"), "sample_size.arm_n_equals"),
                (27, group("saline"), "sample_size.arm_n_equals"),
            ]
        );
    }

    #[test]
    fn a_bracket_before_the_split_that_its_arms_add_up_to_is_the_whole() {
        let got = arms_of("Responders to open treatment (n = 90) were randomized to drug A (n = 31), drug B (n = 29) or placebo (n = 30).");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [31, 29, 30], "{got:?}");
        // Arms that do not add up to it leave it an arm.
        let got = arms_of("Group A (n = 40) was randomized to drug (n = 20) or placebo (n = 18).");
        assert!(got.iter().any(|a| a.0 == 40), "{got:?}");
    }

    #[test]
    fn list_items_that_name_groups_are_arms() {
        let got = arms_of("Of these, 94 were in the SNB arm and 82 in the observation arm.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [94, 82], "{got:?}");
    }

    #[test]
    fn each_group_is_one_arm_per_group() {
        let got = arms_of("Sixty patients were randomized, 30 in each group.");
        assert_eq!(got, [(30, None, "sample_size.arm_each")]);
    }

    #[test]
    fn parts_that_add_up_to_a_count_are_its_arms() {
        let got = arms_of(
            "Three hundred thirty-five women (166 control and 169 intervention) were enrolled.",
        );
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [166, 169], "{got:?}");
    }

    #[test]
    fn outcome_counts_by_group_are_not_arms() {
        let got = arms_of(
            "Contralateral cancer occurred in 20 patients in the tamoxifen group and 9 in the exemestane group.",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn an_assigned_pair_may_name_a_group_that_starts_with_a_digit() {
        let got = arms_of("Of 141 patients eligible, 72 were randomised to 5-FU alone (arm A) and 69 to 5-FU + IFN (arm B).");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [72, 69], "{got:?}");
        // An age is no group.
        let got = arms_of("In all, 72 were randomised to surgery and 69 to 70 years of age.");
        assert!(got.iter().all(|a| a.0 != 69), "{got:?}");
    }

    #[test]
    fn parallel_clauses_of_one_verb_are_arms() {
        let got = arms_of("After a run-in, 842 patients were randomly assigned nebivolol 2.5 mg (older patients) or 5 mg (younger patients) and 851 were assigned placebo.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [842, 851], "{got:?}");
        // The second clause may leave its verb out.
        let got = arms_of("Cefazolin or ampicillin in labour. A total of 118 women were studied. 58 of these were treated with cefazolin and 60 with ampicillin.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [58, 60], "{got:?}");
        let got = arms_of("In a double-blind parallel group study, 64 received drug A 20 mg and 59 drug B 400 mg.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [64, 59], "{got:?}");
    }

    #[test]
    fn clauses_that_describe_people_or_procedures_are_not_arms() {
        // A relative clause says who the people are.
        let got = arms_of("Ninety-two consecutive patients who underwent hip replacement were grouped by their aspirin use (40 users and 52 nonusers).");
        assert!(got.iter().all(|a| a.0 != 92 && a.0 != 52), "{got:?}");
        // Procedures of a series, and a word that is no group.
        let got = arms_of("Of 6 600 invited participants, 1 426 underwent a colonoscopy and 1 236 also completed the questionnaire.");
        assert!(got.is_empty(), "{got:?}");
        let got = arms_of("During surgery, 13 patients underwent a Whipple operation, 46 a pylorus-preserving resection and 5 a distal resection.");
        assert!(got.is_empty(), "{got:?}");
        // A crossover's sequences, and a small subset.
        let got = arms_of(
            "Nine subjects received the test drink on their first visit, and 6 the control drink.",
        );
        assert!(got.is_empty(), "{got:?}");
        let got =
            arms_of("Only six children had recordings; four of them received tDCS and two rTMS.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn named_brackets_that_add_up_to_the_study_are_arms() {
        let text = "Patients were randomly assigned to CHOP or R-CHOP. Eligible patients (n = 254) were analysed. For CHOP (125 patients) and R-CHOP (129 patients), the response rates were 70% and 81%.";
        let got = arms_of(text);
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [125, 129], "{got:?}");
        // A sex split adds up too, and is no pair of groups.
        let got = arms_of(
            "We analysed 50 patients. Sex: 38% male (19 patients), 62% female (31 patients).",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn denominators_in_a_comparison_are_group_sizes() {
        let got =
            arms_of("Response was seen in 24/147 patients with A versus 30/150 with placebo.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [147, 150], "{got:?}");
    }
}
