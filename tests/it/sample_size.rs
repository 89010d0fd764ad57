//! Sample-size fixtures: `tests/fixtures/sample_size/<stage>/<what_it_shows>.txt`
//! with a sibling `.json` that lists findings that must be reported
//! (`has`: n, role, optional group, optional `times` it is found), numbers
//! that must not be reported as a study count (`absent`: only `subgroup`
//! would be acceptable) or not as a group's size (`not_arm`), or at most
//! once as an arm (`once`), the summary
//! fields that must hold, and whether a warning is expected.

use litextract::extract::{extract_all, summarize};
use litextract::normalize::Document;
use litextract::record::Value;
use serde_json::Value as Json;
use std::fs;
use std::path::Path;

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample_size");
    let text = fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let want: Json =
        serde_json::from_str(&fs::read_to_string(dir.join(format!("{name}.json"))).unwrap())
            .unwrap();
    let (_doc, findings) = crate::common::extract_text(None, &text);
    // Ids are unique within a record: the copies of one `each` count on
    // one span are `sample_size:a-b`, `sample_size:a-b#2`, ….
    let mut ids: Vec<&str> = findings.iter().map(|f| f.id.as_str()).collect();
    ids.sort_unstable();
    let all = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), all, "{name}: finding ids repeat");
    let got: Vec<(u64, String, Option<String>)> = findings
        .iter()
        .filter_map(|f| match &f.value {
            Value::SampleSize(v) => Some((
                v.n,
                serde_json::to_value(v.role)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                v.group.clone(),
            )),
            _ => None,
        })
        .collect();
    for h in want["has"].as_array().into_iter().flatten() {
        let n = h["n"].as_u64().unwrap();
        let role = h["role"].as_str().unwrap();
        let hits = got
            .iter()
            .filter(|(gn, gr, gg)| {
                *gn == n
                    && gr == role
                    && h.get("group")
                        .is_none_or(|g| gg.as_deref() == Some(g.as_str().unwrap()))
            })
            .count();
        assert!(hits > 0, "{name}: expected {h} among {got:?}");
        // `times`: each mention of the count is a finding of its own.
        if let Some(t) = h.get("times") {
            assert_eq!(hits as u64, t.as_u64().unwrap(), "{name}: {h} in {got:?}");
        }
    }
    for a in want["absent"].as_array().into_iter().flatten() {
        let n = a.as_u64().unwrap();
        assert!(
            !got.iter().any(|(gn, gr, _)| *gn == n && gr != "subgroup"),
            "{name}: {n} is not a sample size, got {got:?}"
        );
    }
    for a in want["not_arm"].as_array().into_iter().flatten() {
        let n = a.as_u64().unwrap();
        assert!(
            !got.iter().any(|(gn, gr, _)| *gn == n && gr == "arm"),
            "{name}: {n} is not a group's size, got {got:?}"
        );
    }
    // `once`: numbers reported at most once as an arm (`4 patients in each
    // group` had a headache: the groups are not counted in its sentence).
    for a in want["once"].as_array().into_iter().flatten() {
        let n = a.as_u64().unwrap();
        let arms = got.iter().filter(|(gn, gr, _)| *gn == n && gr == "arm");
        assert!(arms.count() <= 1, "{name}: {n} is one finding, got {got:?}");
    }
    let (summary, warnings) = summarize(&findings);
    let s = serde_json::to_value(&summary.sample_size).unwrap();
    for (k, v) in want["summary"].as_object().unwrap() {
        assert_eq!(&s[k], v, "{name}: summary.sample_size.{k} in {s}");
    }
    let warned = warnings.iter().any(|w| w.starts_with("sample_size"));
    assert_eq!(
        warned,
        want["warning"].as_bool().unwrap_or(false),
        "{name}: warnings {warnings:?}"
    );
}

/// `fixtures!(stage: [name, …], …)`: one test per fixture, in a module per
/// stage folder (`tests/fixtures/sample_size/<stage>/<name>.txt`).
macro_rules! fixtures {
    ($($stage:ident: [$($name:ident),* $(,)?]),* $(,)?) => {
        $(mod $stage {
            $(#[test] fn $name() {
                super::check(concat!(stringify!($stage), "/", stringify!($name)));
            })*
        })*

        #[test]
        fn every_fixture_has_a_test() {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample_size");
            let listed = [$($(concat!(stringify!($stage), "/", stringify!($name))),*),*];
            let mut seen = 0;
            let mut stack = vec![dir.clone()];
            while let Some(d) = stack.pop() {
                for e in fs::read_dir(d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "txt") {
                        let rel = p.strip_prefix(&dir).unwrap().with_extension("");
                        let rel = rel.to_str().unwrap().replace('\\', "/");
                        assert!(listed.contains(&rel.as_str()), "fixture {rel} has no test");
                        seen += 1;
                    }
                }
            }
            assert_eq!(seen, listed.len(), "a listed fixture has no file");
        }
    };
}

fixtures!(
    candidates: [
        an_aside_after_a_describing_word_is_stepped_over,
        an_aside_with_figures_inside_a_noun_phrase_is_stepped_over,
        an_aside_right_after_a_number_is_the_numbers_own,
        people_named_by_their_condition_are_counted,
        people_named_by_their_origin_are_counted,
        an_origin_breakdown_and_humans_as_a_species_are_no_total,
        nights_where_others_were_randomized_are_no_count,
        consecutive_patients_before_their_verb_stay_enrolled,
        pupils_named_by_their_grade_are_counted,
        graders_who_score_are_no_pupils,
        a_number_word_with_its_digits_is_one_count,
        a_number_word_with_its_digits_for_sites_is_no_count,
        describing_words_parted_by_a_comma_lead_to_the_noun,
        a_word_and_a_comma_before_a_noun_are_no_count_of_it,
        charts_of_patients_count_the_patients,
        growth_charts_and_search_records_are_no_patients,
        inpatient_admissions_are_no_people,
        inpatient_beds_are_a_setting_not_people,
        inpatients_from_the_wards_are_people,
        a_possessive_noun_still_counts_people,
        an_outcome_of_the_peoples_own_is_no_count_of_records,
        outpatient_adults_are_people,
        the_end_of_a_year_range_is_no_count,
        a_range_in_words_is_no_count,
        a_few_things_compared_between_are_no_count,
        a_study_named_by_its_article_counts_after_it,
        number_words_total,
        one_hundred_and,
        thousands_separators,
        token_spaced_ebm_style,
        doses_ages_percentages_are_not_counts,
        doses_and_pressures_are_not_counts,
        a_million_people_is_not_a_study,
        trial_label_numbers_are_not_counts,
        class_label_number_in_noun_phrase,
        number_word_after_label_and_year_sized_count,
        per_cent_and_money_are_not_counts,
        trials_are_not_participants,
        a_number_before_another_is_no_count,
        adjectives_joined_by_and_or,
        citation_year_is_no_count,
        counts_of_studies_are_not_participants,
        genus_initial_in_noun_phrase,
        hyphen_glued_numbers_are_names,
        rate_bases_are_not_counts,
        thresholds_and_ratio_bases_are_not_counts,
        acronym_after_a_modified_noun,
        a_count_does_not_cross_a_blank_line,
        a_number_after_this_study_is_a_count,
    ],
    roles: [
        a_count_a_calculation_needs_is_planned,
        a_protocol_s_need_per_group_is_planned,
        a_size_per_group_randomised_after_a_calculation_stays_an_arm,
        nurses_consulted_about_the_design_are_no_sample,
        nurses_randomised_in_a_trial_of_nurses_are_its_sample,
        physicians_of_a_trial_that_randomizes_them_are_its_sample,
        listed_counts_with_a_condition_are_people,
        a_part_with_a_condition_of_a_set_before_is_no_list_item,
        parts_of_these_and_a_further_add_up_under_the_whole,
        parts_of_these_and_a_further_that_fall_short_keep_their_roles,
        included_in_an_abbreviated_analysis_is_analysed,
        included_in_a_bracketed_group_is_no_analysis,
        a_count_that_was_not_randomized_is_no_randomized_total,
        a_negation_inside_a_relative_clause_keeps_the_randomized_verb,
        a_count_split_per_group_takes_the_verb_after_the_split,
        a_count_opening_a_bracket_with_an_outcome_is_no_arm,
        a_bare_count_in_a_bracket_after_its_group_stays_an_arm,
        patients_initially_evaluated_are_screened,
        a_count_of_those_initially_evaluated_keeps_its_own_verb,
        available_for_a_named_analysis_is_analysed,
        an_outcome_split_in_each_group_is_no_total,
        a_split_of_the_randomized_stays_the_arms,
        a_whole_before_its_split_of_completers_is_counted,
        a_whole_split_then_randomized_stays_the_arms,
        a_methods_and_findings_label_opens_methods,
        a_research_design_and_methods_label_opens_methods,
        recruited_and_randomised_is_randomised,
        consecutive_who_met_criteria_stay_enrolled,
        a_screening_verb_outranks_consecutive,
        consecutive_patients_enrolled_stay_enrolled,
        collected_cases_are_before_the_study_s_own,
        a_count_inside_a_named_group_is_no_enrolment,
        capital_labels_in_one_paragraph_end_the_background,
        those_randomised_to_two_arms_stay_randomised,
        these_patients_are_a_part_already_counted,
        a_part_of_those_screened_is_randomized,
        assessed_for_eligibility_is_screening,
        we_randomly_assigned,
        screening_is_not_sample_size,
        outcome_counts_are_subgroups,
        cited_study_in_discussion,
        sex_breakdown_is_subgroup,
        relative_clause_is_not_outcome,
        analyzed_itt,
        any_plural_noun_randomized,
        planned_target_size_is_not_a_participant_count,
        reference_list_entries_are_cited,
        a_reference_entry_under_its_own_number_is_cited,
        a_count_under_a_number_line_in_a_table_is_kept,
        a_reference_whose_source_stands_apart_is_cited,
        counts_inside_a_bracket_are_parts,
        share_after_group_is_an_outcome,
        outcome_counts_after_the_noun,
        a_frame_opens_the_clause_of_the_next_count,
        a_share_allocated_a_treatment_is_part_of_an_arm,
        a_study_governs_only_its_own_count,
        a_study_run_in_a_randomized_fashion_governs_its_count,
        considered_for_the_study_is_screening,
        events_and_their_parts_are_not_enrolled,
        tested_and_found_are_not_outcomes,
        an_extension_counts_its_own_patients,
        a_pool_drawn_from_is_no_sample,
        counts_of_pooled_studies_are_shares,
        shares_of_numbered_studies_in_a_bracket,
        a_participle_before_a_design_noun_is_an_adjective,
        events_of_a_condition_are_no_participants,
        the_staff_of_a_study_are_no_participants,
        a_session_s_capacity_is_no_sample,
        eligible_and_randomized_is_randomized,
        a_part_of_a_named_set_is_no_total,
        sex_breakdown_in_a_bracket_is_no_arm,
        a_size_a_trial_would_require_is_no_sample,
        the_data_a_count_had_is_its_analysis,
        a_part_of_a_planned_whole_is_who_took_part,
        participants_were_a_count_is_the_sample,
        a_reference_list_in_any_style_is_cited,
        criteria_met_in_a_relative_clause_say_who_was_counted,
        eligibility_joined_to_a_role_verb,
        a_participle_with_a_verb_of_its_own_is_what_happened,
        those_enrolled_twice_are_an_exception,
        a_centre_s_patients_each_year_are_no_sample,
        a_schedule_every_week_keeps_the_count,
        counts_in_whom_events_occurred_are_outcomes,
        patients_randomized_to_an_arm_keep_their_role,
        criteria_met_for_this_analysis_is_the_analysed_count,
        those_having_been_excluded_are_no_sample,
    ],
    groups: [
        a_count_of_those_who_took_a_groups_drug_is_that_group,
        a_smaller_count_who_took_a_groups_drug_stays_a_subgroup,
        a_count_for_each_group_is_every_arm,
        a_count_for_each_of_the_arms_is_every_arm,
        a_count_for_each_centre_is_not_every_arm,
        a_size_per_group_takes_the_groups_of_the_trial_count,
        a_whole_split_equally_to_each_arm_is_no_arm_size,
        a_size_per_home_is_not_every_arm,
        a_bracket_after_two_named_groups_is_each_arm,
        a_bracket_after_the_second_of_two_named_groups_with_its_own_is_one_arm,
        a_count_said_to_be_of_one_sex_is_no_arm,
        groups_that_were_women_stay_arms,
        an_exit_or_event_after_listed_groups_is_no_arm,
        listed_groups_that_completed_stay_arms,
        a_bare_bracket_before_were_randomized_is_the_randomized_total,
        a_group_s_own_bracket_before_were_randomized_stays_an_arm,
        a_split_by_side_of_the_body_is_no_arm,
        arms_next_to_a_count_by_side_stay_arms,
        a_count_treated_and_the_other_count_are_two_arms,
        the_other_count_of_an_outcome_is_no_arm,
        counts_under_a_head_block_that_add_up_to_the_enrolled_are_arms,
        counts_under_a_head_block_of_sexes_or_of_no_stated_count_are_no_arms,
        groups_a_few_short_of_a_total_population_column_are_arms,
        groups_far_short_of_a_total_population_column_are_no_arms,
        a_size_per_group_in_a_bracket_before_dropouts_stays_the_arms,
        groups_each_including_a_size_are_arms,
        groups_each_with_a_dose_have_no_size,
        counts_by_group_of_missing_data_are_no_arms,
        counts_by_group_that_completed_stay_arms,
        a_count_of_one_sex_in_a_group_is_no_arm,
        a_count_of_women_in_a_trial_of_women_stays_an_arm,
        a_count_per_school_is_no_arm,
        a_count_per_group_stays_an_arm,
        counts_of_each_sex_are_no_arms_whatever_their_label,
        a_trial_of_men_with_their_partners_keeps_its_arms,
        a_split_by_body_side_inside_a_group_is_no_arm,
        sides_randomized_in_a_split_mouth_trial_stay_arms,
        a_count_for_each_of_with_or_without_stays_arms,
        a_bracket_split_of_an_arm_by_a_baseline_value_is_no_arm,
        patients_with_a_baseline_value_randomized_to_arms_stay_arms,
        categories_of_an_outcome_are_no_arms,
        classified_then_allocated_keeps_its_arms,
        a_count_left_after_an_exclusion_is_no_arm,
        a_group_left_after_dropouts_keeps_its_label,
        a_reagent_clone_number_and_a_pooled_count_are_no_arms,
        brackets_after_two_drugs_each_stay_arms,
        a_split_by_sex_is_no_arm,
        arms_of_a_trial_of_women_stay_arms,
        each_n_equals_after_the_number_of_groups_is_every_group,
        each_n_equals_after_events_is_no_group,
        parts_of_those_who_left_after_their_count_are_no_arms,
        those_who_did_not_receive_split_by_group_are_no_arms,
        groups_after_a_count_that_left_stay_arms_when_they_do_not_add_up_to_it,
        matched_pairs_are_two_cohorts_of_that_size,
        a_count_of_the_matched_pairs_is_no_cohort,
        cohorts_coordinated_before_were_matched_are_two_arms,
        a_sex_split_matched_to_controls_is_no_cohorts,
        sex_splits_that_add_up_to_the_randomized_whole_are_arms,
        sex_splits_of_parts_of_the_arms_are_no_arms,
        matched_pairs_of_clusters_are_no_cohorts,
        two_series_of_a_size_each_make_the_whole,
        series_of_injections_each_are_no_arms,
        a_gapped_clause_with_its_noun_names_a_cohort,
        a_count_that_relapsed_after_a_clause_is_no_cohort,
        counts_coordinated_by_treatment_received_are_cohorts,
        counts_coordinated_by_a_condition_are_no_cohorts,
        cycles_received_by_two_counts_are_no_cohorts,
        a_count_assigned_to_several_groups_is_no_cohort,
        groups_of_a_described_size_make_the_whole,
        a_size_that_its_bracket_splits_is_the_whole,
        a_size_per_arm_written_with_a_slash,
        a_rate_per_year_is_no_arm,
        a_size_per_group_named_after_per_stays_an_arm,
        a_split_of_referrals_is_no_pair_of_arms,
        counts_in_named_conditions_are_arms,
        counts_in_a_health_condition_are_no_arms,
        outcomes_by_condition_are_no_arms,
        a_list_count_with_its_parts_in_a_bracket_is_the_whole,
        the_whole_of_a_partitive_split_into_arms_is_no_arm,
        a_whole_before_of_whom_and_its_arms_is_no_arm,
        a_part_out_of_each_arm_keeps_the_arms,
        an_arm_with_a_sex_breakdown_stays_an_arm,
        a_bracket_of_strata_keeps_the_arm,
        the_study_in_its_bracket_is_no_arm,
        the_study_bracket_that_names_its_groups_gives_arms,
        named_trials_in_brackets_stay_groups,
        the_validation_cohort_stays_a_group,
        a_hyphenated_count_of_groups_gives_each_its_size,
        a_two_arm_design_keeps_two_sizes,
        people_with_their_events_are_no_arms,
        a_sex_split_with_were_is_no_arms,
        parts_that_were_assigned_stay_arms,
        numbered_groups_that_had_their_patients,
        numbered_groups_that_had_events_are_no_arms,
        cases_and_healthy_controls_are_the_groups_of_a_case_control_study,
        counts_of_events_in_a_bracket_are_no_arms,
        a_breakdown_by_group_stays_arms,
        a_healthy_sample_split_by_sex_stays_the_sample,
        healthy_controls_are_no_pair_with_patients,
        a_range_of_n_is_no_count,
        diagnoses_of_cases_are_no_arms,
        diagnosed_patients_allocated_are_arms,
        a_dose_in_a_parts_label_keeps_the_split,
        a_long_clause_before_the_last_part_of_a_colon_list_keeps_the_split,
        a_count_of_weeks_after_a_long_colon_clause_is_no_part,
        doses_that_add_up_are_no_split,
        a_procedure_done_in_a_group_is_no_arm,
        an_analysis_done_in_each_group_counts_its_members,
        healthy_subjects_beside_patients_are_no_arm,
        healthy_volunteers_randomized_beside_patients_are_an_arm,
        brackets_set_against_each_other_are_arms,
        a_time_after_over_is_no_arm,
        one_group_named_by_its_allocation,
        a_group_of_the_whole_sample_is_no_arm,
        rate_bases_are_no_arms,
        who_withdrew_after_a_long_clause_are_no_arms,
        a_healthy_control_group_is_no_arm,
        healthy_controls_given_a_vaccine_are_an_arm,
        groups_that_had_their_patients,
        table_head_cells_name_their_groups,
        groups_that_remain_after_an_exclusion,
        before_and_after_cohorts_are_the_compared_groups,
        flattened_head_line_with_its_total,
        head_names_above_their_counts,
        head_block_full_sample_is_the_whole,
        head_cell_that_starts_with_total_is_a_group,
        head_line_by_sex_is_no_arms,
        head_line_that_does_not_add_up_is_no_arms,
        reasons_for_leaving_are_no_arms,
        reasons_with_n_equals_are_no_arms,
        groups_of_things_or_of_a_pilot_are_no_arms,
        groups_of_teeth_of_counted_children_are_arms,
        n_per_group_after_a_count_of_groups,
        k_groups_of_a_size,
        k_groups_of_a_number_word,
        k_groups_of_animals_each,
        k_groups_of_sessions_are_no_arms,
        a_second_group_leaves_out_its_verb,
        a_group_of_that_leaves_out_its_verb,
        units_within_people_are_no_group,
        randomized_to_nothing_is_the_whole,
        an_age_band_is_a_subgroup,
        each_bracket_after_a_list_of_doses,
        thousands_parted_by_a_space_in_n_equals,
        sample_sizes_with_subscripts_are_arms,
        test_statistic_n_is_no_group,
        a_part_of_one_arm_is_no_arm,
        one_arm_of_a_partitive_whole,
        assigned_to_each_arm_without_a_noun,
        n_equals_of_cycles_is_no_arm,
        assigned_pair_label_starts_with_a_digit,
        table_column_heads_are_arms,
        time_point_column_heads_are_no_arms,
        fraction_numerator_is_no_arm,
        one_arm_and_the_remainder_of_a_partitive_whole,
        dropouts_by_arm_are_not_arms,
        received_pair_elides_verb,
        split_after_randomized_verb,
        elided_verb_pair_in_words,
        a_whole_before_a_colon_is_no_arm,
        clusters_randomized_in_a_pair_are_no_arms,
        a_step_of_the_trial_is_no_group,
        cluster_group_counted_in_units_and_people,
        pupils_of_randomised_schools_are_people,
        an_equal_ratio_counts_the_groups,
        elided_verb_pair_without_auxiliary,
        second_count_elides_verb,
        named_groups_make_arms,
        randomized_with_arms_n_equals,
        arms_received_list,
        arms_in_each_group,
        each_of_two_groups_is_two_arm_findings,
        each_of_three_groups_is_three_arm_findings,
        each_of_named_groups_is_one_arm_finding_per_group,
        per_arm_with_no_count_of_arms_stays_one_finding,
        events_in_each_group_are_not_more_arms,
        a_dose_each_patient_received_is_no_arm,
        two_group_counts_each_size_its_own_groups,
        count_assigned_to_each_arm,
        each_treatment_sequence_is_no_arm,
        controls_after_a_split_pair_with_the_split,
        sex_split_with_bracketed_shares_is_no_arm,
        elided_clause_after_a_dose_frequency,
        groups_then_their_sizes_respectively,
        arm_and_the_rest,
        sex_split_is_no_arm,
        numbers_glued_to_a_label_or_a_figure_are_no_arms,
        a_thousands_group_split_at_its_comma_is_no_count,
        the_sample_size_in_an_n_equals_bracket_is_the_total,
        a_sample_size_of_n_equals_is_the_planned_total,
        the_size_of_the_sample_with_its_size_per_group_is_the_whole,
        the_size_of_the_sample_per_group_stays_a_size_per_group,
        a_figure_pointer_closing_a_breakdown_is_no_arm,
        a_sample_size_per_arm_is_no_total,
        n_equals_after_group_count,
        bracket_breakdown,
        elliptical_list_item_with,
        group_membership_and_n_equals_brackets,
        flattened_table_of_n_equals_cells,
        denominators_in_results_are_group_sizes,
        group_layouts_bare_brackets_respectively_controls,
        parts_that_add_up_to_the_count_are_arms,
        parts_of_an_outcome_or_sex_are_not_arms,
        number_word_denominators_are_group_sizes,
        arm_mentioned_again,
        parallel_groups_named_elsewhere,
        a_count_after_a_share_is_no_arm,
        group_brackets_give_arm_sizes,
        dates_with_of_are_not_arms,
        label_pairs_share_a_noun,
        outcome_lists_by_group_are_not_arms,
        parallel_assignment_clauses,
        parallel_clauses_with_doses,
        elided_second_clause,
        named_brackets_that_add_up,
        labelled_breakdown_with_shares,
        blood_pressure_means_are_not_denominators,
        numbered_labels_and_one_each_are_not_arms,
        assigned_and_received_clauses,
        criteria_severity_and_sites_are_not_arms,
        an_outcome_in_each_group_is_no_arm,
        whole_in_a_bracket_before_the_split,
        parts_not_evaluated_are_no_arms,
        respectively_after_treated_with,
        bracketed_counts_of_a_pair_are_arms,
        a_state_in_the_patients_of_a_group_is_no_arm,
    ],
    reasoning: [
        column_heads_split_by_blank_lines_are_one_statement_of_arms,
        column_heads_of_two_tables_are_two_statements,
        arms_of_a_few_randomized_apart_give_way_to_the_groups_of_the_whole,
        arms_adding_up_to_an_earlier_randomized_count_stay_beside_a_larger_one,
        arms_randomized_that_add_up_beat_those_left_that_do_not,
        groups_that_split_the_whole_by_outcome_do_not_replace_the_arms,
        arms_adding_up_to_the_enrolled_count_beat_a_smaller_randomized_count,
        crossover_arms_that_each_hold_the_whole_stay,
        planned_arms_above_the_randomized_total_are_no_arms,
        arms_above_an_analysed_total_stay,
        arms_restated_at_each_time_point_are_the_first_that_add_up,
        an_outcome_count_read_as_an_arm_is_dropped_by_the_enrolled_total,
        arms_above_an_approximate_randomized_count_stay,
        a_protocol_with_only_targets_per_group_plans_their_sum,
        a_protocol_s_only_targets_per_group_are_its_arms,
        a_whole_target_with_its_size_per_group_splits_into_that_many_arms,
        a_size_per_group_stated_apart_from_the_whole_target_is_no_split,
        a_whole_target_with_a_size_per_centre_is_no_split_into_arms,
        a_size_per_group_after_a_smaller_count_splits_no_earlier_whole,
        a_protocol_with_a_whole_target_keeps_it,
        the_rest_of_the_total_stated_beside_a_lone_arm_is_the_other_arm,
        a_count_of_another_sentence_is_no_other_part_of_a_lone_arm,
        a_lone_arm_named_in_its_randomisation_stays,
        an_exclusion_count_alone_is_no_arm,
        a_lone_subset_smaller_than_the_total_is_no_arm,
        an_outcome_count_in_a_group_is_no_lone_arm,
        a_denominator_in_a_group_stays_a_lone_arm,
        a_count_of_the_randomized_trial_itself_is_no_lone_arm,
        a_count_after_the_randomization_in_a_clause_of_its_own_is_no_lone_arm,
        a_lone_arm_of_a_power_calculation_is_no_arm,
        a_lone_count_of_pooled_groups_is_no_arm,
        a_lone_count_of_one_named_group_stays_an_arm,
        groups_counted_in_the_label_that_make_up_the_total_are_the_arms,
        groups_counted_in_the_label_that_do_not_make_up_the_total_give_no_arms,
        a_count_in_a_bracket_of_statistics_is_no_lone_arm,
        a_lone_arm_of_a_cited_trial_is_no_arm,
        a_whole_group_counted_with_all_stays_a_lone_arm,
        groups_of_a_size_that_make_up_the_recruited_count_are_the_arms,
        a_subsample_of_each_group_is_no_arm,
        a_size_per_group_after_dropouts_restates_the_groups,
        a_size_per_group_without_randomisation_gives_way_to_randomized_arms,
        a_bare_count_beside_clusters_counts_clusters,
        those_analysed_in_each_group_are_no_statement_of_arms,
        a_target_split_in_each_group_is_no_total,
        completers_by_group_give_way_to_the_size_randomized_per_group,
        arms_that_add_up_to_the_randomized_stay_beside_each,
        an_enrolled_count_below_the_randomized_is_no_enrolment,
        groups_of_each_size_come_before_a_later_list_of_indications,
        a_whole_with_its_size_in_each_group_gives_the_number_of_groups,
        counts_coordinated_before_one_verb_add_up,
        three_counts_coordinated_before_one_verb_add_up,
        a_count_with_a_verb_of_its_own_is_no_conjunct,
        a_count_whose_span_holds_its_verb_is_no_conjunct,
        counts_in_a_bracket_are_parts_of_the_whole,
        a_group_restated_after_each_is_no_extra_arm,
        a_group_restated_beside_each_dose_is_no_extra_arm,
        a_third_group_beside_each_of_two_stays_an_arm,
        a_smaller_group_beside_each_stays_an_arm,
        counts_enrolled_per_arm_add_up_to_the_total,
        a_stated_whole_beside_counts_enrolled_per_arm_stays,
        a_count_enrolled_also_stated_as_the_whole_is_no_arm_enrolment,
        randomized_arms_that_add_up_beat_follow_up_groups,
        each_group_of_a_split_stated_before,
        each_group_that_does_not_divide_the_split_gives_no_arms,
        each_group_of_groups_named_after_it,
        each_group_of_groups_named_after_it_that_make_no_count,
        a_caption_restating_the_whole_beside_each_is_no_arm,
        a_caption_of_one_group_beside_each_stays_an_arm,
        denominators_of_one_comparison_are_the_only_count,
        denominators_lose_to_a_stated_count,
        camps_and_teams_are_clusters,
        clusters_are_no_total_beside_people_arms,
        clusters_are_no_total_beside_people_enrolled,
        clusters_alone_are_the_total,
        a_size_per_group_the_total_confirms_gives_the_arms,
        an_abstract_without_stops_keeps_its_sentences_apart,
        arms_do_not_add_up_warns,
        group_phrases_and_stated_total,
        stated_count_beats_arm_sum,
        brackets_after_pooled_trials_are_no_arms,
        brackets_after_one_trial_stay_arms,
        a_table_row_of_studies_keeps_its_subgroups,
        brackets_after_named_trials_are_no_arms,
        brackets_after_named_schedules_stay_arms,
        long_randomisation_sentence_keeps_its_arms,
        total_before_n_equals_brackets,
        the_arms_sum_chooses_the_randomized_total,
        a_count_smaller_than_an_arm_is_no_total,
        total_split_into_equal_groups,
        a_lone_arm_is_part_of_the_stated_count,
        a_weak_count_smaller_than_the_randomized_arms_is_no_total,
        completers_beyond_the_arms_sum,
        an_arm_of_one_is_no_trial_group,
        stated_groups_beat_sites_that_add_up,
        denominators_that_add_up_to_the_study_are_its_arms,
        the_whole_beside_its_parts_is_no_arm,
        a_whole_and_its_part_are_no_arms,
        a_size_per_group_and_the_whole_give_the_groups,
        a_randomized_count_that_is_one_arm_is_no_total,
        equally_randomized_into_k_groups,
        the_people_an_outcome_was_measured_in_are_the_study,
        the_same_arms_stated_twice_count_once,
    ],
    targets: [
        a_bare_sample_size_a_protocol_will_have_is_its_total,
        a_bare_sample_size_per_arm_is_no_total,
        a_target_split_into_named_groups_is_no_arm,
        a_target_split_per_arm_is_no_arm,
        a_split_after_a_target_of_another_clause_stays_the_arms,
        a_future_size_per_arm_is_planned,
        a_protocol_gives_its_planned_total,
        a_sample_size_paragraph_is_no_count_of_the_study,
        a_protocol_total_is_its_enrolment_not_a_size_per_unit,
        a_results_paper_states_its_calculation_per_group,
        a_goal_per_group_is_planned,
        a_protocol_s_planned_groups_are_its_arms,
    ],
);

/// Odd inputs around the bracket, list and group rules must not panic.
#[test]
fn odd_input_does_not_panic() {
    let cases = [
        "",
        "(",
        "( 12 )",
        "(149)",
        "randomized (149) or (150)",
        "n =",
        "1 and 2 in the groups, respectively",
        "and 5 with",
        "group of 5 patients",
        "(ñ; 5 patients) or (ü; 6 patients) randomized",
        "é(149) or ü(150) were randomized",
        "— 30 with X and 30 with Y randomized —",
        "administered to 12 patients and administered to 13 patients",
        "40 ASA 1",
        "40 ASA I ,",
        "Forty",
        "300 cases and 300 controls",
        "of whom",
        "[n = 42 (A: n = 28, B: n = 16",
    ];
    for t in cases {
        let doc = Document::from_text(t);
        let findings = extract_all(&doc);
        let _ = summarize(&findings);
    }
}
