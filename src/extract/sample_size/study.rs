//! Stage 2 (roles), studies: whether the study a clause describes governs
//! the count after it (`a randomized trial in 92 patients` is the study's
//! size; `the study group required ventilation (CPAP in 4 patients` is
//! not), and counts of studies rather than people (`two randomized
//! controlled trials`, `nine randomized proof-of-concept … clinical
//! studies`).

use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::lexicon::NOUNS;
use regex::Regex;
use std::sync::LazyLock;

// A word that names a study or its sample, or the way it was run (`were
// performed in a prospective randomized fashion in 92 patients`).
static STUDY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:total|sample|cohort|series|population|group|study|trial|studies|trials|investigation|experiment|analysis|assessment|evaluation|review|survey|comparison|program(?:me)?|intervention|protocol|design|pilot|RCT|(?:randomi[sz]ed|prospective|blinded|controlled)\s+(?:fashion|manner))(?-u:\b)")
        .expect("study word regex")
});

// From the study word to the count: a short stretch of one clause that
// ends in the preposition that takes the count (`trial in`, `survey of`).
const TAIL_WORDS: &str = r"(?i)(?-u:\b)(?:in|of|on|with|among|amongst|involving|including|enrolling|using|recruiting|from|to|for)\s*$";
static TAIL: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(TAIL_WORDS).expect("study tail regex"));

/// `^[^;]{0,160}` then [`TAIL`] ([`super::gap`]): the preposition that
/// ends `tail` has at most 160 chars and no `;` before it.
fn tail_ends_in_preposition(tail: &str) -> bool {
    let end = super::gap::gap_end(tail, 160, |ch| ch == ';');
    super::gap::starts_by(&TAIL, tail, end)
}

// What shows that the count belongs to someone the study word does not
// govern: a relative clause about people (`groups of 20 patients each, who
// … extraction of two molars`), a distribution over people (`each case was
// matched with 20 controls`), an `n =` of its own.
static BREAK: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|whom|whose|(?:each|every)\s+(?:case|patient|participant|subject|individual|person|child|woman|man|eye|pair|family|group|arm))(?-u:\b)|(?-u:\b)n\s*=\s*\d")
        .expect("study break regex")
});

// Another count of people on the way (`CPAP in 4 patients and intubation
// in 3 patients`): the phrase is a list of counts, not the study's.
static PEOPLE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:\d+|{NUMBER_WORDS})\s+(?:[a-z][a-z-]*\s+){{0,2}}?(?:{NOUNS})(?-u:\b)"
    ))
    .expect("people count regex")
});

// The preposition repeats one before it (`in 4 patients (4.0 %) in the
// 75-mg group and in 4 patients`): the count is an item of a list.
static COORDINATED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:and|or|versus|vs\.?)\s+(?:in|of|on|with|among|amongst|from|to|for)\s*$",
    )
    .expect("coordinated regex")
});

/// Whether a study named in `before` (the clause before a count) takes the
/// count as its size: `a randomized trial in 92 patients`, `a survey of
/// 106 patients`, `An open prospective study with … in 24 patients`.
pub(super) fn governs(before: &str) -> bool {
    if COORDINATED.is_match(before) {
        return false;
    }
    STUDY_WORD.find_iter(before).any(|m| {
        let tail = &before[m.end()..];
        tail_ends_in_preposition(tail)
            && !unclosed(tail)
            && !BREAK.is_match(tail)
            && !PEOPLE_COUNT.is_match(tail)
            && !EVENT_IN.is_match(tail)
    })
}

// An event's verb right before the count (`in group B mild hematoma was
// detected in three patients`): the count is the event's, not the study's.
static EVENT_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:was|were)\s+(?:[a-z]+ly\s+)?(?:detected|observed|seen|noted|found|recorded|documented|reported|diagnosed)|occurred|developed|appeared|resolved|persisted|recurred)\s+(?:only\s+)?in\s*$")
        .expect("event in regex")
});

/// Whether a bracket opens in `s` and stays open: the count is an aside.
fn unclosed(s: &str) -> bool {
    let mut depth = 0i32;
    for b in s.bytes() {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

/// Words that end the noun phrase a participle may open: a preposition,
/// an article, a verb.
const PHRASE_ENDS: &[&str] = &[
    "to", "into", "in", "of", "for", "with", "at", "by", "from", "on", "between", "among", "were",
    "was", "is", "are", "had", "have", "the", "a", "an", "who", "which", "that", "than", "per",
];

/// Whether the words after a participle (`randomized`, `included`) name
/// studies: `two randomized controlled trials`, `nine randomized
/// proof-of-concept, placebo-controlled monotherapy and combination therapy
/// phase II and III clinical studies`. The participle is then an adjective
/// of studies, and the number counts them.
pub(super) fn names_studies(rest: &str) -> bool {
    for token in rest.split_whitespace().take(16) {
        let word = token.trim_end_matches(',');
        if word.is_empty() {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        // A dash can glue the next words on (`trials—trial 1 (…)`).
        let head = lower.split(['-', '—', '–']).next().unwrap_or(&lower);
        if matches!(
            head.trim_end_matches(['.', ';', ':']),
            "trial" | "trials" | "study" | "studies" | "experiment" | "experiments"
        ) {
            return true;
        }
        let roman = word.bytes().all(|b| b"IVX".contains(&b));
        let plain = word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
        if !(plain || roman) || PHRASE_ENDS.contains(&lower.as_str()) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_is_the_counted_gap_pattern() {
        let x = "x".repeat(79);
        super::super::gap::assert_split_agrees(
            &format!("^[^;]{{0,160}}(?:{TAIL_WORDS})"),
            tail_ends_in_preposition,
            &[
                "", " ", &x, "é", ";", "\n", " in", "of ", "into", " amongst", "trial",
            ],
        );
    }

    #[test]
    fn a_study_governs_the_count_its_preposition_takes() {
        for before in [
            "We conducted a randomized trial in ",
            "The risk was estimated from a survey of ",
            "A controlled, randomised, prospective trial of laser trabeculoplasty was carried out on ",
            "An open prospective study with three visits in ",
            "The trial compared drug A 2.5 mg once daily with standard therapy, either placebo or heparin according to the indication, in ",
            "We compared rofecoxib every 12 hours with placebo in a trial of ",
            "Ninety-five endarterectomies were performed in a prospective randomized fashion in ",
        ] {
            assert!(governs(before), "{before}");
        }
    }

    #[test]
    fn a_count_the_study_does_not_govern_is_no_study_size() {
        for before in [
            // An aside in brackets.
            "Only 11% of the study group required mechanical ventilatory assistance (continuous positive airway pressure in ",
            // A relative clause about people.
            "This study was a double-blind, randomized clinical trial, including two study groups of 20 patients each, who exhibited acute pain subsequent to surgical extraction of ",
            // A list of counts.
            "Side effects were observed in 4 patients (4.0 %) in the 75-mg group and in ",
            "Ventilation was needed (CPAP in 4 patients and intubation in ",
            // A distribution.
            "In a nested case-control analysis, each case of fracture was matched with ",
            // An event's count.
            "No hematoma was observed in our patients in group B while mild hematoma treated by conservative measures was detected in ",
            "In the intervention group, wound infection occurred only in ",
            // A manner that is no study's.
            "Bleeding was controlled in a similar manner in ",
        ] {
            assert!(!governs(before), "{before}");
        }
    }

    #[test]
    fn a_participle_before_studies_counts_studies() {
        assert!(names_studies(" controlled trials"));
        assert!(names_studies(", placebo-controlled phase III studies"));
        assert!(names_studies(" controlled feasibility trials."));
        assert!(names_studies(
            " controlled trials—trial 1 (Do CHANGE), which"
        ));
        assert!(names_studies(
            " controlled trials-trial 1 (Do CHANGE), which"
        ));
        assert!(names_studies(
            " proof-of-concept, placebo-controlled monotherapy and combination therapy phase II and III clinical studies performed"
        ));
        for rest in [
            " to the study drug",
            " and 80 completed the study",
            ", 118 analysed",
            " high-dose melphalan and ASCT.",
        ] {
            assert!(!names_studies(rest), "{rest}");
        }
    }
}
