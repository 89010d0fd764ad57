//! The work an `n =` count does stays bounded per count, whatever the
//! document: counted, never timed.

use super::*;
use crate::extract::sample_size::index::Index;

#[test]
fn an_age_band_is_a_subgroup_unless_it_is_the_subject() {
    assert!(age_band("Among women aged 50 years or older"));
    assert!(age_band("in those younger than 40 years"));
    assert!(!age_band("the exercise group"));
    assert!(!age_band("children with OSAS aged 5 to 12 years"));
    assert!(!age_band("patients > or =12 years of age"));
    assert!(!subject_of_verb(" = 340), the effect was larger"));
    assert!(subject_of_verb(" = 340) were randomized to A or B"));
}

#[test]
fn a_list_before_an_each_bracket_counts_its_groups() {
    let t = "placebo (n = 14) or drug 15, 30, 60, or 90 mg twice daily (n = 12 each)";
    assert_eq!(listed_before(t, t.rfind("n =").unwrap()), Some(4));
    let t = "drug 10 and 20 mg (n = 30 each)";
    assert_eq!(listed_before(t, t.rfind("n =").unwrap()), Some(2));
    let t = "patients aged 20 to 50 (n = 30 each)";
    assert_eq!(listed_before(t, t.rfind("n =").unwrap()), None);
}

/// `A (n = 27), B (n = 27), …` 2,000 times in one sentence: the
/// allocation words are looked for once, not once per cell (which made
/// a flattened table quadratic).
#[test]
fn a_sentence_is_searched_once_however_many_counts_it_holds() {
    let mut text = String::from("Patients were randomized to");
    for i in 0..2000 {
        text.push_str(&format!(" arm{i} (n = 27),"));
    }
    text.push_str(" or placebo (n = 27).");
    let doc = Document::from_text(&text);
    let index = Index::new(&doc);
    let mut out = Vec::new();
    arms_from_n_equals(&doc, &index, &mut out);
    assert_eq!(out.iter().filter(|c| c.role == Role::Arm).count(), 2001);
    assert_eq!(index.allocation.runs.get(), 1);
}

/// `n = 19 541` (a thin or plain space between the thousands) is one
/// count; a run of separate numbers keeps only the first.
#[test]
fn a_space_between_thousands_is_one_count_unless_a_run_goes_on() {
    let read = |text: &str| -> Vec<u64> { equals_found(text).iter().map(|e| e.2).collect() };
    assert_eq!(read("diet group (n = 19 541) and"), vec![19_541]);
    // The fold view has already made a thin space ` `; an unfolded one
    // is no separator here.
    assert_eq!(
        read("diet group (n\u{2009}=\u{2009}19\u{2009}541)"),
        vec![19]
    );
    assert_eq!(read("row n = 45 120 118 96"), vec![45]);
    assert_eq!(read("n = 12 541.5 kg"), vec![12]);
    assert_eq!(read("n = 12 541, 17 and"), vec![12]);
    assert_eq!(read("n = 12 54 patients"), vec![12]);
    assert_eq!(read("n = 05 541 patients"), vec![5]);
}

/// The `n =` and `(IG = 18)` spans found from the `=` / `:` bytes are
/// those that a scan of the whole text with each pattern finds.
#[test]
fn the_equals_found_from_their_signs_are_those_of_a_whole_scan() {
    let text = "Patients (n = 27) and controls (N=54; n\u{2009}=\u{2009}50), \
        mean= 3, in = 4, n : 12, n =\n 1,200 and n = 3.5; (IG = 18), \
        (early group = 40) ((control arm =\u{a0}51)), (a (b = 2), (= 3), \
        (IG == 4), ((n = 5)), n\u{2028}= 6, ñ = 7, _n = 8, Ön = 9, (Ö = 1)";
    let n_equals = crate::extract::rx::new(N_EQUALS_PATTERN).expect("n");
    let label = crate::extract::rx::new(LABEL_EQUALS_PATTERN).expect("label");
    let mut whole: Vec<(usize, usize)> = n_equals
        .captures_iter(text)
        .map(|c| (c.get(0).expect("m").start(), c.get(1).expect("num").end()))
        .collect();
    whole.extend(label.captures_iter(text).map(|c| {
        (
            c.get(1).expect("label").start(),
            c.get(2).expect("num").end(),
        )
    }));
    let (n_starts, label_starts) = equals_starts(text);
    let at = |re: &Regex, s: usize| re.captures(&text[s..]).map(|c| (s, c));
    let mut gated: Vec<(usize, usize)> = n_starts
        .iter()
        .filter_map(|&s| at(&N_EQUALS_AT, s))
        .map(|(s, c)| (s, s + c.get(1).expect("num").end()))
        .collect();
    gated.extend(
        label_starts
            .iter()
            .filter_map(|&s| at(&LABEL_EQUALS_AT, s))
            .map(|(s, c)| {
                (
                    s + c.get(1).expect("l").start(),
                    s + c.get(2).expect("n").end(),
                )
            }),
    );
    assert!(whole.len() >= 10, "{whole:?}");
    assert_eq!(gated, whole);
}
