//! Which numbers are counts at all, and the noun each one counts.

use super::*;

#[test]
fn the_unit_test_lets_through_every_match_of_the_unit_pattern() {
    let chars: Vec<char> = (' '..='~')
        .chain("μµΜ±\u{17f}\u{212a}\u{a0}é²³\n\t".chars())
        .collect();
    let tails = [
        "", " ", "1", "/kg", "/l", "g", "l", "ol", "hg", "h2o", "s", " cent", "ute", "3",
    ];
    for pre in ["", " ", "\t", "\n ", "  "] {
        for &a in &chars {
            for &b in &chars {
                for t in tails {
                    let rest = format!("{pre}{a}{b}{t}");
                    if NOT_A_COUNT_AFTER.is_match(&rest) {
                        assert!(unit_may_follow(&rest), "{rest:?}");
                    }
                }
            }
            let rest = format!("{pre}{a}");
            if NOT_A_COUNT_AFTER.is_match(&rest) {
                assert!(unit_may_follow(&rest), "{rest:?}");
            }
        }
    }
    for rest in [
        " mg/kg",
        " mmHg",
        " CMH2O",
        " per cent",
        " µL",
        " IU/L",
        "-year",
        " ± 2",
        " years",
        " yrs",
        " weeks",
        " hours",
        " days",
        " DL",
        " kg",
        " percent",
        " per min",
        " U/L",
        " ng/mL",
    ] {
        assert!(NOT_A_COUNT_AFTER.is_match(rest), "{rest:?}");
        assert!(unit_may_follow(rest), "{rest:?}");
    }
    assert!(!unit_may_follow(" patients were"));
    assert!(!unit_may_follow(" (12%) women"));
}

/// The word test answers as the label pattern does.
#[test]
fn label_words_are_told_as_the_pattern_tells_them() {
    let mut words: Vec<String> = Vec::new();
    for w in LABEL_WORDS.split('|') {
        words.push(w.to_string());
        words.push(w.to_ascii_uppercase());
        words.push(format!("{w}x"));
        words.push(w[1..].to_string());
        let mut cap = w.to_string();
        cap[..1].make_ascii_uppercase();
        words.push(cap);
    }
    for w in [
        "",
        "AB",
        "Ab",
        "ABc",
        "ABC1",
        "A",
        "HbA",
        "IL6",
        "DAYſ",
        "ſtudy",
        "\u{212a}",
        "dayſ",
        "supplementary",
        "generations",
        "über",
        "Über",
        "SUPPLEMENT",
        "Cycles",
        "cycless",
    ] {
        words.push(w.to_string());
    }
    let mut took = 0;
    for w in &words {
        assert_eq!(label_word(w), LABEL_WORD.is_match(w), "{w:?}");
        took += usize::from(label_word(w));
    }
    assert!(took > 200, "{took}");
}

fn counts_in(text: &str) -> Vec<u64> {
    numbers(text).into_iter().map(|(_, _, n)| n).collect()
}

#[test]
fn digits_groups_and_number_words_are_counts() {
    assert_eq!(counts_in("1,094 and 1 094 women"), [1094, 1094]);
    assert_eq!(counts_in("Twenty-four patients"), [24]);
    assert_eq!(counts_in("One hundred and seventy-six patients"), [176]);
}

#[test]
fn a_number_word_and_its_digits_in_brackets_are_one_count() {
    let text = "One hundred and sixty two (162) patients";
    assert_eq!(numbers(text), [(0, text.find(')').unwrap() + 1, 162)]);
    // Other digits in the bracket are a count of their own.
    assert_eq!(counts_in("Twenty (12) patients"), [20, 12]);
}

#[test]
fn decimals_shares_ranges_doses_and_labels_are_not() {
    for text in [
        "a mean of 2.5 points",
        "45% of them",
        "aged 30-70 years",
        "given 50 mg daily",
        "in cycle 1 only",
        "see Table 2 below",
        "between January 2014 and",
        "ratio of 1:1",
        "with a score ≥ 13 were randomly assigned",
        "those with BMI > 25 were recruited",
        "MMSE ≤ 24 patients were included",
        "allocated for every 2 allocated to control",
        "a case in every 3 employees",
    ] {
        let got: Vec<(usize, usize, u64)> = numbers(text)
            .into_iter()
            .filter(|&(s, _, _)| {
                // The number the case is about: the first digit run.
                text[..s].chars().all(|c| !c.is_ascii_digit())
            })
            .collect();
        assert!(got.is_empty(), "{text}: {got:?}");
    }
}

#[test]
fn a_count_near_a_threshold_or_a_ratio_stays_a_count() {
    assert_eq!(counts_in("Patients (n = 13) were randomly assigned"), [13]);
    assert_eq!(counts_in("every patient; 40 patients were enrolled"), [40]);
    assert_eq!(counts_in("score ≥ 13 in 62 patients"), [62]);
}

#[test]
fn a_number_after_the_papers_own_study_word_is_a_count() {
    assert_eq!(counts_in("In this study 120 adults were randomized"), [120]);
    assert_eq!(
        counts_in("in the present trial 48 children took part"),
        [48]
    );
    // A numbered study or a number before no participant noun is a label.
    assert!(counts_in("In the Study 1 participants").is_empty());
    assert!(counts_in("in this study 2 weeks later").is_empty());
    assert!(counts_in("results of trial 3 patients").is_empty());
    // A study named by its article and describing words, its count
    // followed by a described participant noun.
    assert_eq!(
        counts_in("In a randomized crossover study 18 healthy subjects were enrolled"),
        [18]
    );
    assert_eq!(
        counts_in("a double-blind randomised controlled study 40 patients"),
        [40]
    );
    assert!(counts_in("the results of trial 3 patients").is_empty());
    assert!(counts_in("In a crossover study 2 weeks apart patients").is_empty());
}

#[test]
fn a_year_is_a_count_only_before_a_participant_noun() {
    assert!(counts_in("recruited in 2005 from clinics").is_empty());
    assert_eq!(counts_in("in 2046 patients"), [2046]);
    // The end of a range of years, unless a noun counts it.
    assert!(counts_in("between 2000 and 2007 were randomized").is_empty());
    assert!(counts_in("from 1998 to 2004 were enrolled").is_empty());
}

#[test]
fn the_noun_may_stand_several_words_after_the_number() {
    let text = "120 breast cancer patients were randomized";
    let (end, sex, start) = noun_after(text, 3).expect("noun");
    assert_eq!(&text[start..end], "patients");
    assert!(!sex);
    // A class label's own number inside the noun phrase.
    let text = "40 ASA 1 paediatric patients";
    let (end, _, start) = noun_after(text, 2).expect("noun");
    assert_eq!(&text[start..end], "patients");
    // A sex noun says so.
    assert!(noun_after("105 women", 3).expect("noun").1);
}

#[test]
fn a_unit_or_preposition_ends_the_noun_phrase() {
    for text in ["50 mg of drug given to patients", "4 of the patients"] {
        assert_eq!(noun_after(text, 2), None, "{text}");
    }
    assert_eq!(noun_after("12 weeks in patients", 2), None);
}

#[test]
fn the_word_scans_match_the_patterns_they_stand_for() {
    let word = crate::extract::rx::new(
        r"^\s+([A-Za-z](?:[A-Za-z0-9'/+-]|[\p{Alphabetic}&&[^\x00-\x7F]])*)",
    )
    .expect("word");
    let head = crate::extract::rx::new(
        r"^(?:[A-Z]{2,6}|(?i:type|class|status|grade|stage|classes|grades|stages))$",
    )
    .expect("head");
    let noun = crate::extract::rx::new(&format!(r"(?i)^(?:{})$", super::super::lexicon::NOUNS))
        .expect("noun");
    for s in [
        " patients",
        "\u{a0}Patients,",
        "\n\tT2DM-patients/x",
        "  o'brien+co-",
        " 1st",
        "patients",
        " \u{e9}l\u{e8}ves",
        " \u{17f}tatus",
        " STATUS",
        " ASA",
        " ASAPQRS",
        " Classes",
        " ",
        "",
        " A",
        " a-",
        " OUTPATIENTS",
        " out-patients",
        " x",
        " IFN\u{3b2}-treated PwMS",
        " TNF\u{3b1}",
        " a\u{2009}b",
        " aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ] {
        let want = word.captures(s).map(|c| {
            let m = c.get(1).expect("word");
            (m.start(), m.end())
        });
        assert_eq!(word_after(s), want, "{s:?}");
        if let Some((a, b)) = want {
            let w = &s[a..b];
            assert_eq!(label_head(w), head.is_match(w), "{w}");
        }
        let w = s.trim();
        assert_eq!(
            is_noun(w),
            noun.is_match(w) || w.rsplit_once('-').is_some_and(|(_, l)| noun.is_match(l)),
            "{w}"
        );
    }
}
