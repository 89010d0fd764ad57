//! Stage 1, candidates: every number that can be a count (digits with
//! thousands groups or number words, not a decimal, range, percentage,
//! date, dose or label), and the participant noun it counts.

use super::fast_hash::FxBuild;
use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::lexicon::{
    is_noun, records_possessive, word_after, EVENTS_WORD, NOT_A_COUNT_AFTER, PERCENT_PAREN,
    SEX_NOUN, STOP_TOKENS,
};
use crate::extract::sample_size::window::paragraph_break_next;
use crate::extract::text::floor_boundary;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Words whose own number may stand inside a noun phrase: `ASA 1`, `type
/// 2`, `physical status I and II`, `class III`. This is
/// `^(?:[A-Z]{2,6}|(?i:type|class|…|stages))$` for the ASCII words
/// [`word_after`] gives, without a regex search per word (under `(?i)` an
/// ASCII word has no other case variants than its ASCII ones).
fn label_head(word: &str) -> bool {
    (2..=6).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
        || [
            "type", "class", "status", "grade", "stage", "classes", "grades", "stages",
        ]
        .iter()
        .any(|h| word.eq_ignore_ascii_case(h))
}
static LABEL_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^\s+(?:[IV]{1,4}|\d{1,2})(?:(?:\s*(?:,|and|or|-|/|to))+\s*(?:[IV]{1,4}|\d{1,2}))*(?-u:\b)")
        .expect("label number regex")
});

// Words after which a number is a label: `cycle 1`, `phase 3`, `SWOG 0307`.
/// The words [`LABEL_WORD`] takes in any case (`cycle 2`, `Table 3`).
const LABEL_WORDS: &str = "cycle|cycles|day|days|week|weeks|month|months|year|years|grade|grades|stage|stages|phase|step|visit|table|figure|fig|type|level|version|no|number|session|course|dose|part|protocol|trial|study|group|arm|cohort|ward|room|bed|score|scale|item|items|class|wave|round|module|lot|batch|ref|reference|page|vol|volume|issue|status|chapter|section|appendix|supplement|model|gen|generation|cd|il|ca|her|p|t|n|m";

static LABEL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"^(?:(?i:{LABEL_WORDS})|[A-Z]{{2,}}[A-Za-z]*)$"))
        .expect("label word regex")
});

/// Whether [`LABEL_WORD`] matches `word`, without a regex search for an
/// ASCII word (issue 15: asked for nearly every number): under `(?i)` an
/// ASCII word is one of [`LABEL_WORDS`] exactly when its ASCII lower case
/// is (only `k` and `s` have case variants outside ASCII), and the other
/// branch is ASCII letters, the first two capitals.
fn label_word(word: &str) -> bool {
    static SET: LazyLock<HashSet<&'static str, FxBuild>> =
        LazyLock::new(|| LABEL_WORDS.split('|').collect());
    if !word.is_ascii() {
        return LABEL_WORD.is_match(word);
    }
    let b = word.as_bytes();
    if b.len() >= 2
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b.iter().all(u8::is_ascii_alphabetic)
    {
        return true;
    }
    let mut buf = [0u8; 16];
    let Some(lower) = buf.get_mut(..b.len()) else {
        return false; // longer than every word
    };
    lower.copy_from_slice(b);
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|l| SET.contains(l))
}

// Headings of structured abstracts (`METHODS Seventy-two patients`).
static HEADING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:RESULTS?|METHODS?|PATIENTS|DESIGN|SETTINGS?|PARTICIPANTS|SUBJECTS|AIMS?|BACKGROUND|OBJECTIVES?|CONCLUSIONS?|INTERVENTIONS?|MEASUREMENTS|FINDINGS|PURPOSE|MATERIALS|POPULATION|SAMPLE|INTRODUCTION|SUMMARY|ABSTRACT)$")
        .expect("heading word regex")
});

// Dates: `February 2014 to December 2015`, `1999 to October 2003`,
// `from October of 2005 to February of 2010`.
static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+of)?\s*$")
        .expect("month regex")
});
static YEAR_RANGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s*(?:to|and|until|through|-)\s+(?:[a-z]+\.?\s+)?(?:of\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d(?-u:\b)",
    )
    .expect("year range regex")
});

/// Before a year that ends a range, ending at it: `between 2000 and `,
/// `1998 to `.
static YEAR_RANGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?:^|[^0-9])(?:19|20)\d\d\s*(?:to|and|until|through|-|–)\s*$")
        .expect("year range before regex")
});

/// Whether `text` ends with `word` (ASCII lower case, at most 12 bytes),
/// ASCII case aside: what the lower-cased last 12 bytes before a number
/// (`before_window_plain`) said with `ends_with`, without the copy.
fn ends_with_lower(text: &str, word: &[u8]) -> bool {
    debug_assert!(word.len() <= 12 && !word.iter().any(u8::is_ascii_uppercase));
    let t = text.as_bytes();
    t.len() >= word.len() && t[t.len() - word.len()..].eq_ignore_ascii_case(word)
}

/// Whether the number at `s..e` is a count at all (not a decimal, range,
/// percentage, page, dose or year).
pub(super) fn plausible_number(fold: &str, s: usize, e: usize, n: u64) -> bool {
    let unit_after = unit_may_follow(&fold[e..]) && NOT_A_COUNT_AFTER.is_match(&fold[e..]);
    !glued_to_sign(fold, s, e)
        && !after_comparison(fold, s)
        && !base_of_rate(fold, s)
        && !unit_after
        && !end_of_range(fold, s)
        && !few_compared(fold, s, n)
        && !a_year(fold, s, e, n)
        && !numbers_a_label(fold, s, e)
        && n > 0
}

/// Whether [`NOT_A_COUNT_AFTER`] may match at the start of `rest`: a char
/// test on the first two chars after the spaces, from its alternatives
/// (`.5`, `%`, `- 3`, `to 5`, `: 1`, `/ 2`, `years`, `mg`, `per cent`,
/// `±`, and the case-insensitive units `μg`, `mcg`, `ng`, `pg`, `mmHg`,
/// `cmH2O`, `IU`, `mmol`, `dL`, `U/L` …); any other char, or a non-ASCII
/// one, runs the pattern. Most numbers are followed by a noun or a
/// bracket, and the anchored search cost ~780 instructions a number.
fn unit_may_follow(rest: &str) -> bool {
    let mut cs = rest.trim_start().chars();
    let Some(c) = cs.next() else {
        return false;
    };
    let next = cs.next().unwrap_or('\0');
    let in_ = |set: &str| set.contains(next);
    match c {
        '.' | ',' | '%' | '-' | ':' | '/' | 'g' => true,
        c if !c.is_ascii() => true,
        't' | 'h' => in_("o"),
        'y' => in_("er"),
        'w' => in_("e"),
        'k' => in_("g"),
        'p' => in_("egG"),
        'P' => in_("gG"),
        'c' | 'C' => in_("mM"),
        'i' | 'I' => in_("uU"),
        'd' => in_("alL"),
        'D' => in_("lL"),
        'm' | 'M' => in_("oglmcOGLMC"),
        'n' | 'N' => in_("gGmM"),
        'u' | 'U' => in_("/"),
        _ => false,
    }
}

/// Whether the number at `s..e` is glued to a sign or a word before it: a
/// decimal, a fraction, money, a comparison, a leading zero, a range (`30-70`)
/// or a name (`type-2`, `COVID-19`, `grade-3`).
fn glued_to_sign(fold: &str, s: usize, e: usize) -> bool {
    let before = &fold[floor_boundary(fold, s.saturating_sub(3))..s];
    let last = before.chars().last();
    if matches!(
        last,
        Some(
            '.' | ','
                | '/'
                | '±'
                | '^'
                | '×'
                | '+'
                | '$'
                | '£'
                | '€'
                | '#'
                | ':'
                | '>'
                | '<'
                | '≥'
                | '≤'
                | '='
        )
    ) || fold[s..e].starts_with('0') && e - s > 1
        || before.ends_with("- ") && before.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return true;
    }
    // `$ 237 per farmer` (token-spaced text): money.
    if before.ends_with("$ ") || before.ends_with("£ ") || before.ends_with("€ ") {
        return true;
    }
    // `30-70` is a range; `type-2`, `COVID-19`, `grade-3`: a number glued
    // by a hyphen to the word before it is part of that word's name.
    last == Some('-')
        && before
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic())
}

/// `15.2 per 1,000 per year`, `one case per 100 patients`: the base of a
/// rate counts nobody. Nor does the base of a ratio or a number needed to
/// treat (`one allocated to the intervention for every two allocated to
/// control`, `for every 19 women given misoprostol`, `one in every three`).
fn base_of_rate(fold: &str, s: usize) -> bool {
    let before = &fold[..s];
    [&b"per "[..], b"every "]
        .iter()
        .find(|w| ends_with_lower(before, w))
        .is_some_and(|w| !before[..s - w.len()].ends_with(|c: char| c.is_alphanumeric()))
}

/// `APACHE II score ≥ 13 were randomly assigned`, `BMI > 25, were
/// recruited`: a number after a comparison sign, spaced or not, is a
/// threshold of an eligibility criterion or a measure, never a count of
/// people (`n = 13` states a count: `=` is not a comparison here).
fn after_comparison(fold: &str, s: usize) -> bool {
    let head = &fold[floor_boundary(fold, s.saturating_sub(8))..s];
    head.trim_end_matches(' ')
        .ends_with(['≥', '≤', '>', '<', '⩾', '⩽'])
}

/// `ages 5 through 7 randomly assigned`, `teams of three to five members`:
/// the end of a range, in digits or in words, is no count.
fn end_of_range(fold: &str, s: usize) -> bool {
    let head = fold[..s].trim_end();
    head.strip_suffix("through")
        .or_else(|| head.strip_suffix(" to"))
        .map(str::trim_end)
        .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_digit()) || ends_with_number_word(h))
}

/// Whether `h` ends with a number word (`three`, `twenty-five`), not `a`
/// or `an`, which read as one.
fn ends_with_number_word(h: &str) -> bool {
    let w = h
        .rsplit(|c: char| !c.is_ascii_alphabetic() && c != '-')
        .next()
        .unwrap_or("");
    w.len() > 2 && crate::extract::numbers::parse_number_words(w).is_some()
}

/// `differences between the two intervention conditions`, `agreement
/// between the two raters`: a small number right after `between the`
/// counts the things compared, not the study's people (`between the 144
/// evaluable participants and the 24 replaced` stays a count).
fn few_compared(fold: &str, s: usize, n: u64) -> bool {
    n < 5 && ends_with_lower(&fold[..s], b"between the ")
}

/// Whether the number at `s..e` is a year: after a month or before a year
/// range, or after `in` / `since` / `from` or a citation's pages.
fn a_year(fold: &str, s: usize, e: usize, n: u64) -> bool {
    if (1950..=2035).contains(&n)
        && !fold[s..e].contains(',')
        && (MONTH_BEFORE.is_match(&fold[floor_boundary(fold, s.saturating_sub(12))..s])
            || YEAR_RANGE_AFTER.is_match(&fold[e..]))
    {
        return true;
    }
    // Years written as counts (`1990 patients` never reads so; `in 2005`).
    // `in 2046 patients` is a count: a noun right after the number says so.
    if (1900..=2100).contains(&n) && !fold[s..e].contains(',') && !noun_right_after(fold, e) {
        let b = &fold[..s];
        if [&b"in "[..], b"since ", b"from "]
            .iter()
            .any(|w| ends_with_lower(b, w))
        {
            return true;
        }
        // The end of a range of years: `between 2000 and 2007 were
        // randomized`.
        if YEAR_RANGE_BEFORE.is_match(&fold[floor_boundary(fold, s.saturating_sub(16))..s]) {
            return true;
        }
        // A citation's year after its pages: `102:943-952, 1998, included`.
        let head = fold[..s].trim_end();
        if let Some(h) = head.strip_suffix([',', ';']) {
            if h.ends_with(|c: char| c.is_ascii_digit()) {
                return true;
            }
        }
    }
    false
}

/// `cycle 1`, `phase 3`, `SWOG 0307`, `Table 2`: a label, not a count.
fn numbers_a_label(fold: &str, s: usize, e: usize) -> bool {
    // `placebo-controlled study Forty healthy subjects`: token-joined
    // abstracts lose their stops, and a capitalised number word after a
    // label word starts a sentence, it does not number the label.
    let capital_word = fold[s..e].starts_with(|c: char| c.is_ascii_uppercase());
    if !fold[..s].ends_with(' ') || capital_word {
        return false;
    }
    let word_before = fold[..s]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    label_word(word_before)
        && !HEADING_WORD.is_match(word_before)
        && !names_own_study(fold, s, e, word_before)
}

/// `In this study 120 adults were randomized`: a study word after a
/// determiner (`this trial`, `our study`, `the present cohort`, `a
/// randomized crossover study`, the determiner before at most four
/// describing words), in lower case, names a study, it is not numbered
/// (`Study 2`, `the Study 1 participants`); the number is a count when a
/// participant noun follows it at once or after describing words
/// (`study 18 healthy subjects`).
fn names_own_study(fold: &str, s: usize, e: usize, word_before: &str) -> bool {
    // A capital names a label (`the Study 1 participants`).
    let study_word = ["study", "trial", "cohort"].contains(&word_before);
    if !study_word || !(noun_right_after(fold, e) || described_noun_after(fold, e)) {
        return false;
    }
    let head = fold[..s].trim_end();
    let head = &head[..head.len() - word_before.len()];
    let head = &head[floor_boundary(head, head.len().saturating_sub(80))..];
    // The words back to the determiner: lower-case describing words
    // (`randomized`, `double-blind`, `placebo-controlled`), commas between.
    for word in head
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .take(5)
    {
        if ["this", "our", "present", "current", "the", "a", "an"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w))
        {
            return true;
        }
        let describing =
            word.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !STUDY_STOP.contains(&word);
        if !describing {
            return false;
        }
    }
    false
}

/// Words that end a study word's describing words: a preposition, a
/// conjunction or a verb before them (`results of trial 3 patients`).
const STUDY_STOP: [&str; 16] = [
    "of", "in", "on", "for", "with", "from", "to", "and", "or", "by", "at", "as", "was", "were",
    "is", "are",
];

/// Whether a participant noun follows the number at `e` after one or two
/// lower-case describing words (`18 healthy subjects`, `40 adult
/// outpatients`), no unit or time word among them.
fn described_noun_after(fold: &str, e: usize) -> bool {
    let mut at = e;
    for _ in 0..2 {
        let Some((ws, we)) = word_after(&fold[at..]) else {
            return false;
        };
        let word = &fold[at + ws..at + we];
        if !fold[at..at + ws].chars().all(char::is_whitespace)
            || !word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            || TIME_WORD.contains(&word.trim_end_matches('s'))
        {
            return false;
        }
        at += we;
        if noun_right_after(fold, at) {
            return true;
        }
    }
    false
}

/// Time words after a study's number: `study 2 weeks later`.
const TIME_WORD: [&str; 7] = ["minute", "hour", "day", "week", "month", "year", "time"];

/// Whether a participant noun follows the number at once (`2046 patients`).
fn noun_right_after(fold: &str, e: usize) -> bool {
    word_after(&fold[e..]).is_some_and(|(ws, we)| {
        let word = &fold[e + ws..e + we];
        is_noun(word) && !qualifies_an_event(fold, word, e + we)
    })
}

/// Whether the participant `word` that ends at `e` is an adjective of the
/// event right after it (`88 inpatient admissions`, `40 outpatient
/// visits`, `6 preterm deaths`): the head noun counts events, not people.
/// A plural (`patients`) is a head noun of its own.
fn qualifies_an_event(fold: &str, word: &str, e: usize) -> bool {
    if word.ends_with(['s', 'S']) {
        return false;
    }
    word_after(&fold[e..]).is_some_and(|(ws, we)| {
        let next = fold[e + ws..e + we].to_ascii_lowercase();
        EVENTS_WORD.is_match(&next) || SETTING_WORD.contains(&next.as_str())
    })
}

/// Places a hospital has, not people (`186 inpatient beds`, `40 outpatient
/// rooms`): a setting. Wards and clinics are left out, they are the units
/// a cluster trial randomizes.
const SETTING_WORD: [&str; 6] = ["bed", "beds", "cots", "rooms", "places", "chairs"];

/// A number followed (within five words) by a participant noun: the byte
/// where the noun ends and whether the noun names a sex.
pub(super) fn noun_after(fold: &str, e: usize) -> Option<(usize, bool, usize)> {
    let mut at = e;
    // The share opens with a bracket: most numbers skip the search.
    if fold[at..].trim_start().starts_with('(') {
        if let Some(m) = PERCENT_PAREN.find(&fold[at..]) {
            at += m.end();
        }
    }
    let mut prev = "";
    for i in 0..6 {
        if paragraph_break_next(&fold[at..]) {
            return None;
        }
        // `110 MA-dependent (via DSM-IV) participants`: a short aside
        // after a describing word is the noun phrase's, stepped over. One
        // right after the number is the number's own (`16 (group 4)
        // patients respectively`, `ataxia 38 (SCA38) patients`).
        if !prev.is_empty() {
            if let Some(len) = aside_in_noun_phrase(&fold[at..]) {
                at += len;
            }
        }
        let (ws, we) = word_after(&fold[at..])?;
        let word = &fold[at + ws..at + we];
        if is_noun(word)
            || records_possessive(word, &fold[at + we..])
            || charts_of_people(prev, word)
        {
            if qualifies_an_event(fold, word, at + we) {
                return None;
            }
            return Some((at + we, SEX_NOUN.is_match(word), at + ws));
        }
        if genus_initial(fold, word, at + we) {
            at += we + 1;
            continue;
        }
        // The word is compared without case and not copied (issue 15: this
        // runs for every word after every number).
        // `hypertension 1 Twenty patients`, `at age 2 METHOD Twenty-six
        // children`: the number after this one counts the noun.
        if parse_count_or_words(word).is_some() {
            return None;
        }
        // `40 ASA 1 paediatric patients`, `48 type 2 diabetic patients`,
        // `126 ASA physical status I and II patients`: a class label's own
        // number inside the noun phrase.
        if label_head(word) {
            if let Some(m) = LABEL_NUMBER.find(&fold[at + we..]) {
                at += we + m.end();
                continue;
            }
        }
        // `200 overweight or obese patients`: adjectives joined by a
        // conjunction (not `40 mg and 20 patients`, `one or two patients`).
        if (word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or"))
            && at > e
            && !plural_before(&fold[e..at])
            && adjective_follows(fold, at + we)
        {
            at += we;
            continue;
        }
        // Adverbs (`newly`, `consecutively`) may stand before a noun.
        let adverb =
            word.len() > 4 && word.as_bytes()[word.len() - 2..].eq_ignore_ascii_case(b"ly");
        if !adverb && STOP_TOKENS.iter().any(|t| word.eq_ignore_ascii_case(t)) {
            return None;
        }
        at += we;
        prev = word;
        // `Nineteen healthy, non-smoking volunteers`: describing words
        // parted by a comma, the first right after the number, still lead
        // to the noun.
        if i == 0 && describing_comma(word, &fold[at..]) {
            at += 1;
        }
    }
    None
}

/// The longest aside [`aside_in_noun_phrase`] steps over, brackets
/// included.
const ASIDE_MAX: usize = 48;

/// `(via DSM-IV)`, `( BMI = 27 to 40 kg/m2 )` after one of a count's
/// describing words: a short bracket that opens with a
/// word and holds no bracket of its own; the length to step over, its
/// white space before included. Not a share or figure (`(46%)`, `(12)`
/// open with no word), nor a count of its own (`(n = 40)`).
fn aside_in_noun_phrase(rest: &str) -> Option<usize> {
    let lead = rest.len() - rest.trim_start().len();
    let body = rest[lead..].strip_prefix('(')?;
    let close = body.bytes().take(ASIDE_MAX).position(|b| b == b')')?;
    let inner = &body[..close];
    let opens_with_word = inner
        .trim_start()
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic());
    (opens_with_word && !inner.contains('(') && !n_equals_in(inner)).then_some(lead + 1 + close + 1)
}

/// Whether `s` holds `n =` / `N=` (the `n` a word of its own).
fn n_equals_in(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        if c != b'=' {
            return false;
        }
        let before = s[..i].trim_end().as_bytes();
        match before.split_last() {
            Some((&n, rest)) => {
                n.eq_ignore_ascii_case(&b'n')
                    && rest.last().is_none_or(|p| !p.is_ascii_alphabetic())
            }
            None => false,
        }
    })
}

/// `122 charts were reviewed`, `60 medical records`: the charts or
/// records of patients (`prev`: the word before) stand for the patients;
/// not `growth charts`, nor a literature search's bare `records`.
fn charts_of_people(prev: &str, word: &str) -> bool {
    let any = |ws: &[&str], w: &str| ws.iter().any(|x| w.eq_ignore_ascii_case(x));
    if word.eq_ignore_ascii_case("charts") {
        return !any(
            &["growth", "flow", "pie", "bar", "control", "reading", "eye"],
            prev,
        );
    }
    any(&["records", "notes", "files"], word)
        && any(
            &[
                "medical", "patient", "clinical", "hospital", "case", "health",
            ],
            prev,
        )
}

/// Whether a comma right after the describing `word` (lower case, no
/// digit, no plural) parts it from another lower-case describing word:
/// `healthy, non-smoking`, not `points, participants`, `alone, patients`
/// (the noun right after the comma) nor `drug A, Placebo`.
fn describing_comma(word: &str, rest: &str) -> bool {
    if word.len() < 4 || (word.ends_with('s') && !word.ends_with("ous")) {
        return false;
    }
    let lower = |w: &str| {
        !w.is_empty()
            && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && w.as_bytes()[0].is_ascii_lowercase()
    };
    let Some(next) = rest.strip_prefix(", ") else {
        return false;
    };
    let next_word = next
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .next();
    lower(word) && next_word.is_some_and(|w| (lower(w) || w.starts_with("non-")) && !is_noun(w))
}

/// `240 H. pylori-infected patients`: a genus's initial (one capital and a
/// stop before a lower-case word), not the end of a sentence, which a
/// capital would open. `word` ends at `at`.
fn genus_initial(fold: &str, word: &str, at: usize) -> bool {
    let rest = &fold.as_bytes()[at..];
    word.len() == 1
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && rest.len() > 2
        && rest[0] == b'.'
        && rest[1] == b' '
        && rest[2].is_ascii_lowercase()
}

/// Whether the last word of `s` is a plural noun (`three tablets and
/// patients`): what `and` joins to it is another noun phrase.
fn plural_before(s: &str) -> bool {
    let last = s
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    last.ends_with('s') && !last.ends_with("ous") && !last.ends_with("ss")
}

/// Whether the word at `at` can go on a noun phrase after `and` / `or`: a
/// word that is no number and no token that ends the phrase.
fn adjective_follows(fold: &str, at: usize) -> bool {
    let Some((ws, we)) = word_after(&fold[at..]) else {
        return false;
    };
    let word = fold[at + ws..at + we].to_ascii_lowercase();
    !STOP_TOKENS.contains(&word.as_str()) && parse_count_or_words(&word).is_none()
}

/// The numbers of `fold` that can be counts, in text order: (start, end,
/// value).
pub(super) fn numbers(fold: &str) -> Vec<(usize, usize, u64)> {
    let mut nums = Vec::new();
    // The end of a number word's digits in brackets, read with it.
    let mut restated_to = 0;
    // The matches of `NUMBER`, its digit forms read by hand.
    for (s, e) in super::number_scan::number_spans(fold) {
        if s < restated_to {
            continue;
        }
        let Some(n) = parse_count_or_words(&fold[s..e]) else {
            continue;
        };
        let e = match digits_restated(fold, s, e, n) {
            Some(end) => {
                restated_to = end;
                end
            }
            None => e,
        };
        if plausible_number(fold, s, e, n) {
            nums.push((s, e, n));
        }
    }
    nums
}

/// `One hundred and seventy three (173) patients`: a number in words with
/// its digits in brackets right after it is one count, the words and the
/// bracket together; the end of the bracket when the digits say the same
/// number `n` as the words at `s..e` (`Twenty (12)` is no restatement).
fn digits_restated(fold: &str, s: usize, e: usize, n: u64) -> Option<usize> {
    if !fold[s..e].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = &fold[e..];
    let inner = rest.trim_start().strip_prefix('(')?;
    let open = rest.len() - inner.len();
    let close = inner.find(')').filter(|&p| p <= 12)?;
    let digits = inner[..close].trim();
    let plain = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b',');
    (plain && parse_count_or_words(digits) == Some(n)).then_some(e + open + close + 1)
}

#[cfg(test)]
#[path = "candidates_tests.rs"]
mod tests;
