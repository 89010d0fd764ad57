//! Unit tests of the p-value extractor (kept apart so that `mod.rs` stays
//! under 800 lines).

use super::*;

fn values(s: &str) -> Vec<(Comparator, f64)> {
    let doc = Document::from_text(s);
    let mut out = Vec::new();
    PValueExtractor.extract(&doc, &mut out);
    out.iter()
        .map(|f| match &f.value {
            Value::PValue(p) => (p.comparator, p.value),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn numbers_parse_to_the_same_float() {
    assert_eq!(parse_number("3.2E-4").unwrap().value, 0.00032);
    assert_eq!(parse_number("3 × 10-5").unwrap().value, 0.00003);
    assert_eq!(parse_number("10⁻⁶").unwrap().value, 0.000001);
    assert_eq!(parse_number("10^-6").unwrap().value, 0.000001);
    let lost = parse_number("3 × 105").unwrap();
    assert!(lost.repaired && lost.value == 0.00003);
    assert_eq!(parse_number("0. 001").unwrap().decimals, 3);
    assert_eq!(parse_number("3.2E-4").unwrap().decimals, 5);
}

#[test]
fn comparators_in_words() {
    assert_eq!(
        values("a P-value less than 0.05"),
        vec![(Comparator::Lt, 0.05)]
    );
    assert_eq!(values("p < or = 0.05"), vec![(Comparator::Le, 0.05)]);
    assert_eq!(values("p ≪ 10- 5"), vec![(Comparator::Lt, 0.00001)]);
}

#[test]
fn glyphs_after_a_statistic_are_comparators() {
    assert_eq!(
        values("t(28) = 2.20, p b .05."),
        vec![(Comparator::Lt, 0.05)]
    );
    assert_eq!(
        values("F(2, 57) = 4.10, p N .001."),
        vec![(Comparator::Gt, 0.001)]
    );
    // `!` is `<` and `p` is `=` in the Oxford font, whatever the
    // statistic says (`p p .05` is then an inconsistent `=`).
    assert_eq!(
        values("t(28) = 2.20, p ! .05,"),
        vec![(Comparator::Lt, 0.05)]
    );
    assert_eq!(
        values("t(28) = 2.20, p p .05,"),
        vec![(Comparator::Eq, 0.05)]
    );
    // An unknown glyph from the recomputed p: .0362 rounds to .04; the
    // bound .05 is above it.
    assert_eq!(
        values("t(28) = 2.20, p \u{FFFD} .04,"),
        vec![(Comparator::Eq, 0.04)]
    );
    assert_eq!(
        values("t(28) = 2.20, p \u{FFFD} .05,"),
        vec![(Comparator::Lt, 0.05)]
    );
    assert_eq!(
        values("χ2(1, N = 240) = 6.3, p \u{F03C} .05"),
        vec![(Comparator::Lt, 0.05)]
    );
    // Without a statistic a stray letter is no comparator.
    assert!(values("the p b .05 mark").is_empty());
}

#[test]
fn clinical_forms() {
    assert_eq!(values("(P, trend = 0.01)"), vec![(Comparator::Eq, 0.01)]);
    assert_eq!(values("all P's < or = .05"), vec![(Comparator::Le, 0.05)]);
    assert_eq!(values("(p<or= 0.001)"), vec![(Comparator::Le, 0.001)]);
    assert_eq!(
        values("P values were 0.20 and 0.04, respectively"),
        vec![(Comparator::Eq, 0.2), (Comparator::Eq, 0.04)]
    );
    assert_eq!(
        values("reduced pain (P = 0.003)\nPainful episodes fell"),
        vec![(Comparator::Eq, 0.003)]
    );
}

#[test]
fn damaged_statistics_and_plural_ps() {
    assert_eq!(
        values("all Fs(1, 40) > 4.1, ps < .05"),
        vec![(Comparator::Lt, 0.05)]
    );
    // The font dropped both comparators.
    assert_eq!(values("t(28)  2.20, p  .04"), vec![(Comparator::Eq, 0.04)]);
    // PyMuPDF's control character for the p's glyph, dropped.
    assert_eq!(
        values("t(28) \u{3} 2.20, p\u{4}.04"),
        vec![(Comparator::Eq, 0.04)]
    );
    assert_eq!(
        values("t(28)\u{3}2.20, p\u{4}.04"),
        vec![(Comparator::Eq, 0.04)]
    );
    assert!(values("as shown (p.04 of the report)").is_empty());
    assert_eq!(
        values("χ2(1, N ¼ 240) ¼ 6.3, p N .01"),
        vec![(Comparator::Gt, 0.01)]
    );
    // Mojibake of `¼`.
    assert_eq!(
        values("F(1, 40) = 4.1, p Â¼ .049"),
        vec![(Comparator::Eq, 0.049)]
    );
}

#[test]
fn one_tailed_and_corrected_ps_are_checked_as_such() {
    // Whether each p found is flagged inconsistent.
    let flagged = |s: &str| -> Vec<bool> {
        let doc = Document::from_text(s);
        let mut out = Vec::new();
        PValueExtractor.extract(&doc, &mut out);
        out.into_iter()
            .map(|f| match f.value {
                Value::PValue(p) => p.flags.iter().any(|f| f == "inconsistent"),
                _ => false,
            })
            .collect()
    };
    // t(28) = 2.20 is p = .036 two-tailed, .018 one-tailed.
    assert_eq!(flagged("t(28) = 2.20, p = .018"), vec![true]);
    assert_eq!(flagged("t(28) = 2.20, p (one-tailed) = .018"), vec![false]);
    assert_eq!(flagged("t(28) = 2.20, one-sided p = .018"), vec![false]);
    assert_eq!(flagged("t(28) = 2.20, p (one-tailed) = .036"), vec![true]);
    // A corrected p is checked against no statistic.
    assert_eq!(flagged("t(28) = 2.20, pFWE = .30"), vec![false]);
    assert_eq!(
        flagged("t(28) = 2.20, Bonferroni-corrected p = .30"),
        vec![false]
    );
    assert_eq!(flagged("t(28) = 2.20, p uncorrected = .30"), vec![true]);
}

#[test]
fn a_space_before_the_point_is_no_zero() {
    assert_eq!(values("(P < 0 .001)"), vec![(Comparator::Lt, 0.001)]);
    assert_eq!(values("(P = 0 .03)"), vec![(Comparator::Eq, 0.03)]);
}

#[test]
fn qualified_p_without_comparator() {
    assert_eq!(
        values("Adjusted P value, 0.048."),
        vec![(Comparator::Eq, 0.048)]
    );
    assert_eq!(values("(P for trend 0.02)"), vec![(Comparator::Eq, 0.02)]);
    // A bare p with a comma, a header over its cells, a bare integer.
    assert!(values("p, 0.3 of the total").is_empty());
    assert!(values("P value\n0.34 0.41").is_empty());
    assert!(values("P value 1 of 3").is_empty());
}

#[test]
fn parallel_lists_need_the_same_preposition() {
    assert_eq!(
        values("(P = 0.12 for men and 0.03 for women)"),
        vec![(Comparator::Eq, 0.12), (Comparator::Eq, 0.03)]
    );
    assert_eq!(
        values("(P = 0.01 for week 4 and 0.30 at week 12)"),
        vec![(Comparator::Eq, 0.01)]
    );
}

#[test]
fn traps() {
    assert!(values("step = 0.3 and Hp = 0.4").is_empty());
    assert!(values("P = 0.5 mmHg").is_empty());
    assert!(values("the value p: 0.3").is_empty());
}
