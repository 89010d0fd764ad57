//! The document-level choice of the total and the arms, from the
//! findings of sample texts.

use super::*;
use crate::extract::sample_size::SampleSize;
use crate::extract::Extractor;
use crate::normalize::Document;

fn summary_of(text: &str) -> (SampleSizeSummary, Vec<String>) {
    let doc = Document::from_text(text);
    let mut out = Vec::new();
    SampleSize.extract(&doc, &mut out);
    summarize(&out)
}

#[test]
fn the_randomized_count_is_the_total() {
    let (s, w) = summary_of(
        "Of 83 patients randomized, 80 completed the study and 76 patients were analysed.",
    );
    assert_eq!(
        (s.total, s.randomized, s.analyzed),
        (Some(83), Some(83), Some(76))
    );
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn arms_of_a_randomisation_sentence_add_up_to_the_total() {
    let (s, _) = summary_of("Patients were randomized into MSC-NP (n = 27) or saline (n = 27).");
    assert_eq!(s.arms, [27, 27]);
    assert_eq!(s.total, Some(54));
}

#[test]
fn later_arms_that_add_up_to_the_randomized_count_beat_first_ones_that_do_not() {
    let text = "Individuals were enrolled in five cohorts in which the first two patients \
                in each cohort were randomized, one to receive placebo and one to \
                receive active drug. The next eight patients were \
                randomized to placebo or drug. Of 97 patients screened, 72 were \
                randomized.\n\nTable 2.\nAdverse events.\n\nDescription\nAll drug (N = 55)\n\
                All placebo (N = 17)\n\nAny event\n47 (86%)\n16 (94%)\n";
    let (s, _) = summary_of(text);
    assert_eq!(s.arms, [55, 17]);
    assert_eq!(s.total, Some(72));
    // Counts that add up by chance, in no statement of the groups, do not.
    let (s, _) = summary_of(
        "Patients were randomized to drug (n = 61) or placebo (n = 58). Of 130 \
         screened, 120 were randomized. Of the 120 participants, there were 20 dropouts \
         while 100 participants completed the study.",
    );
    assert_eq!(s.arms, [61, 58]);
}

#[test]
fn the_whole_and_its_part_are_no_arms() {
    let (s, _) = summary_of(
        "The study enrolled 162 patients. Safety data from the overall study population (n = 162) were comparable to those of the regional population (n = 138).",
    );
    assert!(s.arms.is_empty(), "{:?}", s.arms);
    assert_eq!(s.total, Some(162));
    // Arms each stated as enrolled stay arms.
    let (s, _) = summary_of(
        "Seventy-nine patients comprised the treatment group, and 106 patients comprised the control group. Blood loss was 962 mL in the treatment group (n = 79) and 1,178 mL in the control group (n = 106).",
    );
    assert_eq!(s.arms, [79, 106]);
}

#[test]
fn a_calculation_per_group_is_no_arm() {
    let (s, _) = summary_of(
        "Methods\nA sample size of 30 patients in each group was needed to detect a difference with 80% power.\nResults\nA total of 58 patients were randomized to drug (n = 29) or placebo (n = 29).",
    );
    assert_eq!(s.arms, [29, 29]);
    assert_eq!(s.total, Some(58));
}

#[test]
fn each_group_counts_once_per_group() {
    let (s, _) = summary_of("Ninety patients were randomized into three groups, 30 in each group.");
    assert_eq!(s.arms, [30, 30, 30]);
    assert_eq!(s.total, Some(90));
}

#[test]
fn a_size_per_group_takes_the_number_of_groups_from_the_whole() {
    let (s, w) = summary_of(
        "Ninety patients (n = 30 per group) were randomized to placebo, low dose or high dose.",
    );
    assert_eq!(s.arms, [30, 30, 30]);
    assert_eq!(s.total, Some(90));
    assert!(w.is_empty(), "{w:?}");
    // A whole in another sentence says nothing of the groups.
    let (s, _) =
        summary_of("We enrolled 90 patients. Analyses included 30 patients in each group.");
    assert_eq!(s.arms, [30, 30]);
}

#[test]
fn a_size_per_group_stated_twice_is_one_set_of_groups() {
    let (s, _) = summary_of("Participants were randomly assigned to one of the four study arms (n = 58 per arm). In total 232 participants were enrolled (58 per treatment arm).");
    assert_eq!(s.arms, [58, 58, 58, 58]);
    // A size per school is no size per group.
    let (s, _) =
        summary_of("We tested 250 students (50 students per school) in a randomised study.");
    assert!(s.arms.len() <= 2, "{:?}", s.arms);
    // Other arms in the sentence: the whole is not split evenly.
    let (s, _) = summary_of("In all, 80 patients were randomized to saline (n = 40) or epoetin groups (n = 20 in each group).");
    assert_ne!(s.arms, [40, 20, 20, 20, 20]);
}

#[test]
fn the_whole_in_a_bracket_before_the_split_is_the_total() {
    let (s, w) = summary_of("Responders to open treatment (n = 90) were randomized to drug A (n = 31), drug B (n = 29) or placebo (n = 30) for six months.");
    assert_eq!(s.arms, [31, 29, 30]);
    assert_eq!(s.total, Some(90));
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn a_total_split_into_equal_groups_gives_the_arms() {
    let (s, w) = summary_of(
        "One hundred and twenty children were enrolled in the study. Children were randomly allocated to one of the three equal groups: group C, group P or group D.",
    );
    assert_eq!(s.total, Some(120));
    assert_eq!(s.arms, [40, 40, 40]);
    assert!(w.is_empty(), "{w:?}");
    // Stated arms win; a total the groups do not divide gives none.
    let (s, _) = summary_of(
        "Sixty patients were randomly divided into two equal groups: 29 received A and 31 received B.",
    );
    assert_eq!(s.arms, [29, 31]);
    let (s, _) = summary_of("Sixty-one patients were randomly divided into two equal groups.");
    assert!(s.arms.is_empty(), "{:?}", s.arms);
}

#[test]
fn an_arm_and_the_rest_are_two_arms() {
    let (s, w) = summary_of(
        "Of the 120 patients enrolled, 60 were assigned to acupuncture and the rest to sham treatment.",
    );
    assert_eq!(s.arms, [60, 60]);
    assert_eq!(s.total, Some(120));
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn a_sex_split_is_no_pair_of_arms() {
    let (s, _) = summary_of("Sixty-six patients (41 men and 25 women) were enrolled in the study.");
    assert!(s.arms.is_empty(), "{:?}", s.arms);
    assert_eq!(s.total, Some(66));
}

#[test]
fn a_bracket_after_the_number_of_groups_is_each_groups_size() {
    let (s, _) = summary_of(
        "The patients were randomly divided into three groups (n = 30). Group C received placebo.",
    );
    assert_eq!(s.arms, [30, 30, 30]);
    assert_eq!(s.total, Some(90));
    let (s, _) = summary_of(
        "The subjects were randomly divided into an exercise group and a control group (n = 15 each).",
    );
    assert_eq!(s.arms, [15, 15]);
    assert_eq!(s.total, Some(30));
}

#[test]
fn arms_that_add_up_to_the_whole_keep_the_largest() {
    // 2:1:1: the largest arm is half of the 120, and the arms add up
    // to it, not to twice it: none of them is the whole.
    let (s, _) = summary_of(
        "A total of 120 patients were randomized to drug A (n = 60), drug B (n = 30) or \
         placebo (n = 30).",
    );
    assert_eq!(s.arms, [60, 30, 30]);
}

#[test]
fn denominators_give_the_arms_only_when_they_add_up_and_name_groups() {
    let (s, _) = summary_of(
        "Sixty-two adults were enrolled. Clearance was more frequent in those without prior \
         phototherapy (14/40) than in those previously exposed (5/22). Clearance was reached \
         by 12/31 patients treated with A and 7/31 patients treated with B.",
    );
    assert_eq!(s.arms, [31, 31]);
    let (s, _) = summary_of(
        "Sixty-two adults were enrolled. Clearance was reached by 12/30 patients treated \
         with A and 7/29 patients treated with B.",
    );
    assert!(s.arms.is_empty(), "{:?}", s.arms);
}

#[test]
fn arms_that_do_not_add_up_warn() {
    let (s, w) = summary_of(
        "A total of 100 patients were randomized: 45 patients received A and 40 patients received B.",
    );
    assert_eq!(s.total, Some(100));
    assert_eq!(s.arms, [45, 40]);
    assert_eq!(w.len(), 1, "{w:?}");
}

#[test]
fn arms_named_twice_in_a_sentence_count_once_and_equal_arms_stay() {
    let (s, _) = summary_of(
        "Pain at 1 hour was reported by 8 of 40 patients in group A and 15 of 38 patients \
         in group B, and at 24 hours by 2 of 40 patients in group A and 6 of 38 patients \
         in group B.",
    );
    assert_eq!(s.arms, [40, 38]);
    assert_eq!(s.total, Some(78));
    let (s, _) = summary_of(
        "Patients were randomized to group A (n = 30), group B (n = 30), group C (n = 30) \
         or group D (n = 30).",
    );
    assert_eq!(s.arms, [30, 30, 30, 30]);
}

#[test]
fn the_people_of_an_outcome_are_the_study_only_when_nothing_else_is_counted() {
    let (s, _) = summary_of("Responses to treatment were evaluated in 164 patients.");
    assert_eq!(s.total, Some(164));
    // A handful with an outcome is no study.
    let (s, _) = summary_of("Grade 3 toxicity occurred in 4 patients.");
    assert_eq!(s.total, None);
    // Beside a count of the study, it is a part of it.
    let (s, _) = summary_of(
        "Toxicity occurred in 14 patients. Sixty patients were randomized to drug or placebo.",
    );
    assert_eq!(s.total, Some(60));
}

#[test]
fn a_size_per_group_that_the_total_is_a_multiple_of_gives_the_arms() {
    // The calculation's size per group, in a paper that states no arms.
    let (s, w) = summary_of("Methods\nA sample size of 20 patients for each group was calculated to detect a difference with 90% power.\nResults\nForty patients were enrolled and randomized to drug or placebo.");
    assert_eq!(s.total, Some(40));
    assert_eq!(s.arms, [20, 20]);
    assert!(w.is_empty(), "{w:?}");
    // A size the total is no multiple of, or many times over, gives none.
    let (s, _) = summary_of("Methods\nA sample size of 20 patients for each group was calculated to detect a difference with 90% power.\nResults\nForty-three patients were enrolled and randomized to drug or placebo.");
    assert!(s.arms.is_empty(), "{:?}", s.arms);
    let (s, _) = summary_of("Methods\nA sample size of 20 patients for each group was calculated to detect a difference with 90% power.\nResults\nEighty patients were enrolled and randomized to drug or placebo.");
    assert!(s.arms.is_empty(), "{:?}", s.arms);
    // The number of groups stated with the size says how many.
    let (s, _) = summary_of("Ninety patients were enrolled. They were randomized into three groups, 30 in each group, receiving saline, drug A or drug B.");
    assert_eq!(s.arms, [30, 30, 30]);
    // Arms the text states win.
    let (s, _) = summary_of("Methods\nA sample size of 20 patients for each group was calculated to detect a difference with 90% power.\nResults\nForty patients were randomized to drug (n = 21) or placebo (n = 19).");
    assert_eq!(s.arms, [21, 19]);
}

#[test]
fn denominators_of_a_paper_with_no_count_are_its_arms_unless_rates_or_sessions() {
    let (s, _) = summary_of("Failure occurred in 12/40 (30%) children given amoxicillin versus 20/41 (49%) given placebo.");
    assert_eq!((s.total, s.arms), (Some(81), vec![40, 41]));
    // Rates per 1000 and session labels are no groups' sizes.
    let (s, _) = summary_of("Neonatal mortality was 21.7/1000 in the intervention group versus 26.1/1000 in the control group.");
    assert_eq!((s.total, s.arms), (None, vec![]));
    assert!(!lone_comparison(&[5, 5]));
    assert!(!lone_comparison(&[20, 25, 20, 25]));
    assert!(lone_comparison(&[231, 232]));
}

#[test]
fn a_lone_group_as_large_as_the_total_is_no_arm() {
    // A crossover study: every participant had each meal; the caption's
    // `n = 24` is the whole, not one of several groups.
    let (s, _) = summary_of(
        "Twenty-four healthy volunteers were enrolled in this crossover study. \
         Figure 2. Plasma glucose after a test breakfast with either oil A or oil B \
         in the test meal (means ± SE, n = 24).",
    );
    assert_eq!(s.total, Some(24));
    assert!(s.arms.is_empty(), "{s:?}");
}

#[test]
fn a_lone_group_larger_than_the_stated_total_is_no_arm() {
    let (s, _) = summary_of(
        "A consecutive cohort of head and neck cancer patients treated between 2000 and 2009 \
         (n=1799) was investigated for inclusion in this study. 1340 patients were enrolled.",
    );
    assert_eq!(s.total, Some(1340), "{s:?}");
    assert!(s.arms.is_empty(), "{s:?}");
}

#[test]
fn a_lone_group_that_is_the_only_count_stays() {
    let (s, _) = summary_of(
        "Methods\nThe 214 children randomly assigned to the pump group (150 with baseline HbA1c \
         ≥8.0% and 64 with HbA1c <8.0%) were asked to wear the pump every day.",
    );
    assert_eq!(s.arms, vec![214], "{s:?}");
}

/// The lone-arm cues the extractor carries on an arm's statement: the
/// object of an allocation is a group; a calculation's, a cited trial's or
/// a statistic's count is not, whatever label it has.
#[test]
fn lone_cues_of_an_arms_sentence() {
    use super::lone::lone_cues;
    const IN: &str = "sample_size.arm_list_in";
    const GROUP_OF: &str = "sample_size.arm_group_of";
    let allocated = lone_cues(
        ("Women were randomly assigned to either HIE ", " or placebo"),
        "",
        "sample_size.arm_n_equals",
        Some("HIE"),
        true,
    );
    assert!(allocated.allocated && allocated.stated_as_group);
    let trial_called_randomized = lone_cues(
        ("This was a randomized, open-label, controlled study ", ""),
        "",
        "sample_size.arm_n_equals",
        None,
        true,
    );
    assert!(!trial_called_randomized.allocated && !trial_called_randomized.stated_as_group);
    let calculation = lone_cues(
        (
            "With the women randomly assigned to PIL (",
            " women), the trial would have a power of 91%",
        ),
        "",
        "sample_size.arm_n_equals",
        Some("PIL"),
        true,
    );
    assert!(calculation.allocated && !calculation.stated_as_group);
    let cited = lone_cues(
        (
            "Patients were randomized to the treatment arm (",
            ") with good adherence [37]",
        ),
        "",
        "sample_size.arm_n_equals",
        Some("the treatment arm"),
        true,
    );
    assert!(cited.allocated && !cited.stated_as_group);
    let denominator = lone_cues(
        ("Eleven of the ", " patients in group 1 improved"),
        "",
        IN,
        Some("group 1"),
        false,
    );
    assert!(denominator.stated_as_group);
    let outcome = lone_cues(
        (
            "It was reported by only ",
            " patients in the itraconazole group",
        ),
        "",
        IN,
        Some("the itraconazole group"),
        false,
    );
    assert!(!outcome.stated_as_group);
    let named_before = lone_cues(
        ("A control group of ", " healthy adults"),
        "A control group of ",
        GROUP_OF,
        None,
        false,
    );
    assert!(named_before.stated_as_group);
    let any_group = lone_cues(
        ("We recruited a group of ", " lay people"),
        "We recruited a group of ",
        GROUP_OF,
        None,
        false,
    );
    assert!(!any_group.stated_as_group);
}
