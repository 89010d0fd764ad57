//! Sentences of a text without sentence stops. Abstracts handed out as
//! tokens joined by spaces with the full stops taken out (the EBM-NLP
//! corpus: `randomised , prospective trial … glaucoma All eyes had …`)
//! would read as one sentence, and every rule that asks "in the same
//! sentence" would join the design's arms to the results' counts. Where a
//! long text has no stop that ends a sentence, a sentence starts
//! - at a heading word in capitals (`METHODS`, `RESULTS`), and
//! - at a capitalised word (`The`, `Forty-two`, `Patients`) right after a
//!   word that can end a clause: a lower-case word that is not a function
//!   word (`the`, `of`, `with` …), a number, or a closing bracket.
//!
//! Proper names after a verb (`received Cypher stents`) start a sentence
//! too; that is the price of the rule, and a smaller one than a whole
//! abstract as one sentence.

/// Shorter texts (a title, a line) are left as they are.
pub(super) const MIN_LEN: usize = 300;

/// Structured-abstract headings, in capitals.
const HEADINGS: &[&str] = &[
    "BACKGROUND",
    "OBJECTIVE",
    "OBJECTIVES",
    "AIM",
    "AIMS",
    "PURPOSE",
    "INTRODUCTION",
    "CONTEXT",
    "METHODS",
    "METHOD",
    "MATERIAL",
    "MATERIALS",
    "DESIGN",
    "SETTING",
    "SETTINGS",
    "PATIENTS",
    "PARTICIPANTS",
    "SUBJECTS",
    "POPULATION",
    "INTERVENTION",
    "INTERVENTIONS",
    "MEASUREMENTS",
    "MAIN",
    "RESULTS",
    "RESULT",
    "FINDINGS",
    "CONCLUSION",
    "CONCLUSIONS",
    "INTERPRETATION",
    "LIMITATIONS",
];

/// Words a sentence does not end on.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "against",
    "all",
    "among",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "between",
    "both",
    "but",
    "by",
    "called",
    "during",
    "each",
    "either",
    "for",
    "from",
    "her",
    "his",
    "in",
    "including",
    "into",
    "is",
    "its",
    "named",
    "no",
    "nor",
    "not",
    "of",
    "on",
    "or",
    "our",
    "over",
    "per",
    "plus",
    "than",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "to",
    "under",
    "using",
    "versus",
    "via",
    "vs",
    "was",
    "were",
    "whereas",
    "whether",
    "which",
    "while",
    "who",
    "whose",
    "with",
    "within",
    "without",
];

fn is_heading(word: &str) -> bool {
    HEADINGS.contains(&word)
}

/// A capitalised word: a capital, then a lower-case letter (`The`,
/// `Forty-two`), not an acronym (`MS`, `HDL-C`) nor a code.
fn capitalised(word: &str) -> bool {
    let mut c = word.chars();
    c.next().is_some_and(|a| a.is_ascii_uppercase())
        && c.next().is_some_and(|b| b.is_ascii_lowercase())
}

/// A word a clause can end on.
fn ends_clause(word: &str) -> bool {
    let Some(last) = word.chars().last() else {
        return false;
    };
    if matches!(last, ')' | ']' | '%') || last.is_ascii_digit() {
        return true;
    }
    let first = word.chars().next().unwrap_or(' ');
    last.is_lowercase()
        && !first.is_uppercase()
        && !FUNCTION_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// Sentence starts (bytes) of a text without stops, besides 0.
pub(super) fn starts(fold: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<&str> = None;
    let mut at = 0;
    for word in fold.split(' ') {
        let start = at;
        at += word.len() + 1;
        if word.is_empty() {
            continue;
        }
        if let Some(p) = prev {
            let heading = is_heading(word) && !is_heading(p) && p != "AND";
            if heading || (capitalised(word) && ends_clause(p)) {
                out.push(start);
            }
        }
        prev = Some(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        let mut cuts = vec![0];
        cuts.extend(starts(s));
        cuts.push(s.len());
        cuts.windows(2).map(|w| s[w[0]..w[1]].trim()).collect()
    }

    #[test]
    fn a_capitalised_word_after_a_clause_starts_a_sentence() {
        let s = "Participants with MS ( n = 54 ) were randomly assigned to the placebo ( n = 28 ) and WGP groups ( n = 26 ) for 12 weeks Systolic blood pressure was measured Forty-two subjects completed the study ( placebo , n = 19 ; WGP , n = 23 )";
        assert_eq!(
            split(s),
            [
                "Participants with MS ( n = 54 ) were randomly assigned to the placebo ( n = 28 ) and WGP groups ( n = 26 ) for 12 weeks",
                "Systolic blood pressure was measured",
                "Forty-two subjects completed the study ( placebo , n = 19 ; WGP , n = 23 )",
            ]
        );
    }

    #[test]
    fn only_a_long_text_without_stops_is_split_at_words() {
        let sentence =
            "Patients were randomized to drug ( n = 20 ) or placebo ( n = 20 ) for ten weeks \
             Blood pressure was measured. ";
        let punctuated = sentence.repeat(4);
        let index = crate::sections::SentenceIndex::new(&punctuated);
        assert_eq!(index.iter(punctuated.len()).count(), 4);
        let bare = punctuated.replace(". ", " ");
        let index = crate::sections::SentenceIndex::new(&bare);
        assert_eq!(index.iter(bare.len()).count(), 8);
        let short = sentence.replace(". ", " ");
        let index = crate::sections::SentenceIndex::new(&short);
        assert_eq!(index.iter(short.len()).count(), 1);
    }

    #[test]
    fn headings_start_a_sentence_and_names_after_function_words_do_not() {
        let s = "Trials in the Dutch-Belgian Hematology group METHODS Patients from Lithuanian Cancer Registry were studied RESULTS A total of 30 patients";
        assert_eq!(
            split(s),
            [
                "Trials in the Dutch-Belgian Hematology group",
                "METHODS Patients from Lithuanian Cancer Registry were studied",
                "RESULTS A total of 30 patients",
            ]
        );
    }
}
