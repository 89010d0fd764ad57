use super::parse::{item_tail_start, ITEM_TAIL};
use super::*;

/// The anchored tries at each separator find the match the unanchored
/// search finds.
#[test]
fn item_tails_tried_at_separators_are_the_leftmost_matches() {
    for w in [
        "F(2, 70) = 4.48, MSE = 6.61, ",
        "t(28) = 2.20, d = 0.81, 95% CI [0.1, 0.9], ",
        "F1, 192 = 9.80, b = .21, t = 2.93, ",
        "t(113) = 3.52, p < .001, ",
        "χ2(1, N = 240) = 6.3, ηp2 = .09; ",
        "r = .38,",
        "a, b, c, d,",
        "F(1, 40) = 4.10, MSE = 0.23, ηp2 = .09,\n",
        "nothing here",
        ", 12 % Cohen d = .5, ",
    ] {
        assert_eq!(
            item_tail_start(w),
            ITEM_TAIL.find(w).map(|m| m.start()),
            "{w:?}"
        );
    }
}

fn stat(s: &str) -> Option<Statistic> {
    let with_p = format!("{s}p = .03");
    statistic_before(&with_p, s.len())
}

#[test]
fn parses_apa_statistics() {
    let t = stat("t(28) = 2.20, ").unwrap();
    assert_eq!(
        (t.kind, t.df2, t.value, t.decimals),
        (StatKind::T, Some(28.0), 2.2, 2)
    );
    let f = stat("F(2, 45) = 3.10, ").unwrap();
    assert_eq!((f.kind, f.df1, f.df2), (StatKind::F, Some(2.0), Some(45.0)));
    let f = stat("(F2,22 = 4.637, ").unwrap();
    assert_eq!((f.df1, f.df2), (Some(2.0), Some(22.0)));
    let f = stat("F(l, 76) = 23.95, ").unwrap();
    assert_eq!(f.df1, Some(1.0));
    let c = stat("χ2(1, N = 11,455) = 16.78, ").unwrap();
    assert_eq!((c.kind, c.df1, c.value), (StatKind::Chi2, Some(1.0), 16.78));
    let c = stat("χ2 = 4.5, df = 1, ").unwrap();
    assert_eq!((c.kind, c.df1), (StatKind::Chi2, Some(1.0)));
    let z = stat("was significant, Z = -2.42, ").unwrap();
    assert_eq!((z.kind, z.value), (StatKind::Z, -2.42));
    let q = stat("Q-between(2) = 2.20, ").unwrap();
    assert_eq!(q.kind, StatKind::Qb);
    assert_eq!(stat("t(28) = 2,000.20, ").unwrap().value, 2000.2);
    assert_eq!(stat("t(28) = %^&2.20, ").unwrap().value, -2.2);
}

#[test]
fn items_brackets_and_quote_glyphs_before_the_p() {
    let f = stat("F(2, 70) = 4.48,\nMSE = 6.61, ").unwrap();
    assert_eq!((f.kind, f.value), (StatKind::F, 4.48));
    let q = stat("QBetween(3) = 7.03 (").unwrap();
    assert_eq!((q.kind, q.df1), (StatKind::Qb, Some(3.0)));
    let f = stat("(BF(2, 56) = 12.03, ").unwrap();
    assert_eq!((f.df1, f.df2, f.value), (Some(2.0), Some(56.0), 12.03));
    assert_eq!(f.start, 2, "the quote glyph is not part of the statistic");
    let c = stat("B2(1, N = 226) = 6.90, ").unwrap();
    assert_eq!((c.kind, c.df1), (StatKind::Chi2, Some(1.0)));
    assert!(stat("vitamin B2(12) = 3.20, ").is_none());
    assert!(stat("ABF(2, 56) = 12.03, ").is_none());
    // Never across another p.
    assert!(stat("t(113) = 3.52, p < .001, ").is_none());
    assert!(stat("F(1, 192) = 9.80, b = .209, t = 2.93, ").is_none());
    let t = stat("t(28) = 2.20, d = 0.81, ").unwrap();
    assert_eq!((t.kind, t.value), (StatKind::T, 2.2));
}

#[test]
fn a_bare_r_after_a_test_is_its_effect_size() {
    let t = stat("t(28) = 2.20, r = .38, ").unwrap();
    assert_eq!((t.kind, t.value), (StatKind::T, 2.2));
    let f = stat("F(1, 40) = 6.12, MSE = 0.2, r = .36, ").unwrap();
    assert_eq!((f.kind, f.value), (StatKind::F, 6.12));
    let with_p = "t(28) b 2.20, r b .38, p b .05";
    let t = statistic_before_damaged(with_p, 22, |_| None).unwrap();
    assert_eq!(t.kind, StatKind::T);
    // A correlation of its own stays one, with or without df.
    let r = stat("the two scores correlated, r = .38, ").unwrap();
    assert_eq!((r.kind, r.df2), (StatKind::R, None));
    let r = stat("r = .38, df = 40, ").unwrap();
    assert_eq!((r.kind, r.df2), (StatKind::R, Some(40.0)));
    // Never past another p to find a test.
    let r = stat("t(28) = 2.20, p = .03; r = .38, ").unwrap();
    assert_eq!(r.kind, StatKind::R);
}

#[test]
fn a_math_font_minus_is_read_when_the_p_fits() {
    let o = CheckOptions::default();
    let math = |s: &str| {
        let with_p = format!("{s}p 5 .03");
        statistic_before_damaged(&with_p, s.len(), |_| None).unwrap()
    };
    let t = math("t(45) 5 22.31, ");
    assert_eq!((t.value, t.minus_as_two), (22.31, Some(-2.31)));
    let fit = |st: &Statistic, cmp, p| st.clone().reading_for(cmp, p, 3, &o).value;
    assert_eq!(fit(&t, Comparator::Eq, 0.026), -2.31);
    assert_eq!(fit(&t, Comparator::Lt, 0.001), 22.31);
    assert_eq!(math("t(45) 5 2.31, ").minus_as_two, None);
    assert_eq!(math("t(45) 5 20.31, ").minus_as_two, Some(-0.31));
    assert_eq!(math("r(58) 5 2.29, ").value, -0.29);
    assert_eq!(math("F(1, 45) 5 22.31, ").minus_as_two, None);
    // A minus printed as such is never doubted.
    assert_eq!(stat("t(45) = 22.31, ").unwrap().minus_as_two, None);
}

#[test]
fn rejects_non_statistics() {
    assert!(stat("T(28) = 2.20, ").is_none());
    assert!(stat("t[28] = 2.20, ").is_none());
    assert!(stat("t(2,28) = 2.20, ").is_none());
    assert!(stat("z(28) = 2.20, ").is_none());
    assert!(stat("q(2) = 2.2, ").is_none());
    assert!(stat("Qs(2) = 2.2, ").is_none());
    assert!(stat("Qb(2, N = 187) = 2.20, ").is_none());
    assert!(stat("r(16) = 26.05, ").is_none());
    assert!(stat("at t = 2, ").is_none());
    assert!(stat("t(28) = 2.20 and ").is_none());
}

#[test]
fn damaged_statistics_need_the_lenient_parser() {
    let damaged = |s: &str| {
        let with_p = format!("{s}p b .05");
        statistic_before_damaged(&with_p, s.len(), |g| match g {
            "b" => Some(Comparator::Lt),
            "¼" => Some(Comparator::Eq),
            _ => None,
        })
    };
    assert!(stat("t(28) ¼ 2.20, ").is_none());
    let t = damaged("t(28) ¼ 2.20, ").unwrap();
    assert_eq!(
        (t.kind, t.comparator, t.value),
        (StatKind::T, Comparator::Eq, 2.2)
    );
    let t = damaged("t(28) b 1.20, ").unwrap();
    assert_eq!(t.comparator, Comparator::Lt);
    let c = damaged("v2(1, N ¼ 240) ¼ 6.3, ").unwrap();
    assert_eq!((c.kind, c.df1), (StatKind::Chi2, Some(1.0)));
    let r = damaged("r(60) ¼ À.11, ").unwrap();
    assert_eq!(r.value, -0.11);
    let f = damaged("F(1, 76) ¼ 6.45, MSE ¼ 2.31, ηp2 ¼ .08, ").unwrap();
    assert_eq!((f.kind, f.df2, f.value), (StatKind::F, Some(76.0), 6.45));
    let t = damaged("t(38) = 1.21, d = 0.39, 95% CI [-0.25, 1.02], ").unwrap();
    assert_eq!(t.value, 1.21);
    let t = damaged("t(28) ¼ 2.20 (").unwrap();
    assert_eq!(t.value, 2.2);
    // No statistic: a time point, a mean.
    assert!(damaged("at t = 2 h after dosing, ").is_none());
    assert!(damaged("the mean was 3.1, SD = 0.8, ").is_none());
}

#[test]
fn computes_p_like_r() {
    // Reference values computed independently with mpmath (30 digits):
    // 2*pt(-2.2, 28), pf(2.2, 2, 28), pchisq(22.2, 28), 2*pnorm(-2.2).
    let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-6;
    assert!(close(
        compute_p(StatKind::T, 2.2, None, Some(28.0), true),
        0.0362255
    ));
    assert!(close(
        compute_p(StatKind::F, 2.2, Some(2.0), Some(28.0), true),
        0.1295932
    ));
    assert!(close(
        compute_p(StatKind::Chi2, 22.2, Some(28.0), None, true),
        0.7719487
    ));
    assert!(close(
        compute_p(StatKind::Z, 2.2, None, None, true),
        0.0278069
    ));
}

#[test]
fn rounding_of_the_statistic_is_allowed() {
    let o = CheckOptions::default();
    let t = stat("t(28) = 2.2, ").unwrap();
    let ok = |cmp, p, d| !check(&t, cmp, p, d, &o, false).unwrap().inconsistent;
    assert!(ok(Comparator::Eq, 0.04, 2));
    assert!(ok(Comparator::Eq, 0.03, 2));
    assert!(!ok(Comparator::Eq, 0.02, 2));
    assert!(ok(Comparator::Lt, 0.05, 2));
    assert!(!ok(Comparator::Gt, 0.05, 2));
}

#[test]
fn a_list_of_values_gives_one_statistic_each() {
    let values = |s: &str| -> Option<Vec<f64>> {
        let p = s.len();
        let text = format!("{s}p < .05");
        statistic_list_before(&text, p).map(|v| v.stats.iter().map(|st| st.value).collect())
    };
    assert_eq!(
        values("BF(1, 15) = 19.9 and 5.16, "),
        Some(vec![19.9, 5.16])
    );
    assert_eq!(
        values("r(58) = .41, .35 and .52, "),
        Some(vec![0.41, 0.35, 0.52])
    );
    assert_eq!(values("t(20) = 2.10, -3.40, "), Some(vec![2.1, -3.4]));
    let chi = "χ2(1, N = 120) = 8.20 and 4.10, p = .04";
    let st = statistic_list_before(chi, chi.find("p =").unwrap())
        .unwrap()
        .stats;
    assert_eq!(st[1].kind, StatKind::Chi2);
    assert_eq!(st[1].df1, Some(1.0));
    assert_eq!(st[1].decimals, 2);
    // One value is no list; a bare r, an impossible r or a t without df
    // is no test to check.
    assert_eq!(values("t(20) = 2.10, "), None);
    assert_eq!(values("r = .41 and .35, "), None);
    assert_eq!(values("r(58) = .41 and 1.35, "), None);
    assert_eq!(values("t = 2.1 and 3.4, "), None);
    // Values that are no list of the statistic's values.
    assert_eq!(values("t(20) = 2.10 and 12 patients, "), None);
}

#[test]
fn a_range_of_values_gives_its_two_ends() {
    let list = |s: &str| {
        let text = format!("{s}ps < .05");
        statistic_list_before(&text, s.len())
    };
    let r = list("ts(20) = 2.1-3.4, ").unwrap();
    assert!(r.range);
    assert_eq!(
        r.stats.iter().map(|st| st.value).collect::<Vec<_>>(),
        vec![2.1, 3.4]
    );
    assert_eq!(r.stats[1].df2, Some(20.0));
    let r = list("Fs(1, 40) = 4.20 to 9.81, ").unwrap();
    assert!(r.range);
    assert_eq!(r.stats[1].value, 9.81);
    assert!(!list("ts(20) = 2.1, 3.4, ").unwrap().range);
    // Not a range: negative ends, a bare r, a t without df, an impossible r.
    assert_eq!(list("ts(20) = -2.1 - 3.4, "), None);
    assert_eq!(list("r = .21-.34, "), None);
    assert_eq!(list("t = 2.1-3.4, "), None);
    assert_eq!(list("rs(58) = .41-1.35, "), None);
}

#[test]
fn a_statistic_is_read_across_a_page_break() {
    let at = |s: &str| statistic_before(s, s.rfind('p').unwrap());
    // The running header between blank lines (the statcheck coders' copy).
    let s = "BF(2,\n\n Behav Res (2016) 48:1205-1226\n\n70) = 4.48, MSE = 6.61, p <.02";
    let f = at(s).unwrap();
    assert_eq!(
        (f.kind, f.df1, f.df2, f.value),
        (StatKind::F, Some(2.0), Some(70.0), 4.48)
    );
    assert_eq!(
        &s[f.start..f.end],
        "F(2,\n\n Behav Res (2016) 48:1205-1226\n\n70) = 4.48"
    );
    // pdftotext: the footer's page number, a form feed, the next page's header.
    let f =
        at("the groups differed, F(2,\n\n1210\n\x0cJournal of Tests 12(3)\n\n70) = 4.48, p = .01")
            .unwrap();
    assert_eq!((f.df1, f.df2), (Some(2.0), Some(70.0)));
    // A bare form feed; a break between the statistic and its p.
    assert_eq!(at("t(2\x0c8) = 2.20, p = .04").map(|t| t.df2), None);
    assert_eq!(at("a t(28) =\x0c2.20, p = .04").unwrap().value, 2.2);
    assert_eq!(
        at("t(28) = 2.20,\n\nPage 12 of 20\n\np = .04").unwrap().df2,
        Some(28.0)
    );
    // Traps: a line with a comparator is no furniture, a line between
    // text lines without a blank line or a form feed is text, and more
    // than three lines are no header.
    assert!(at("t(28,\n\nwhere x = 3\n\n) = 2.20, p = .04").is_none());
    assert!(at("F(2,\nsee Table 2\n70) = 4.48, p = .01").is_none());
    assert!(at("F(2,\n\na\n\nb\n\nc\n\nd\n\n70) = 4.48, p = .01").is_none());
}
