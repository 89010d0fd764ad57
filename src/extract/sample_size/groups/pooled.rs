//! `data pooled from 2 trials of drug X in mania (N = 254), 1 with an
//! open-label extension (N = 113)`, `two parallel trials: START-A (n =
//! 2236) and START-B (n = 2215)`: an `n =` bracket after a plural noun of
//! studies counts the people of those studies, or of one of them named in
//! a list, never an arm of one trial.

use crate::extract::sample_size::Cand;
use crate::extract::sample_size::Role;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of the pooled count of several studies.
pub(super) const POOLED_RULE: &str = "sample_size.pooled_n_equals";

// A plural noun of studies: `2 trials of …`, `three studies in …`.
static STUDIES: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:trials|studies)(?-u:\b)").expect("studies regex")
});

// A clause that leaves out the noun of studies its count counts: `1 with
// an open-label extension`, `one of them`, `both in adults`.
static ELIDED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^(?:\d{1,2}|one|two|three|four|both|the other)\s+(?:with|of|in|had|included)(?-u:\b)",
    )
    .expect("elided studies regex")
});

/// The clause of the bracket opening at `open`: from the last `,` / `;`
/// (outside brackets) or the sentence start `ss`.
fn clause(fold: &str, ss: usize, open: usize) -> &str {
    let before = &fold[ss..open];
    let at = before.rfind([',', ';', ')']).map_or(0, |k| k + 1);
    before[at..].trim()
}

/// Whether the bracket opening at `open` (sentence from `ss`) counts the
/// people of several studies: its clause names studies in the plural
/// (`2 trials of olanzapine in mania (`), or leaves their noun out (`1
/// with an open-label extension (`) after such a bracket in the sentence.
fn pooled(fold: &str, ss: usize, open: usize) -> bool {
    // `we excluded … studies with X (n = 4748), non comparative studies (n
    // = 111)`: counts of what a review left out, no people.
    if EXCLUDED.is_match(&fold[ss..open]) {
        return false;
    }
    let own = clause(fold, ss, open);
    if names_studies(own) || named_study(fold, ss, open) {
        return true;
    }
    if !ELIDED.is_match(own) {
        return false;
    }
    // An earlier bracket of the sentence after a plural noun of studies.
    fold[ss..open]
        .match_indices('(')
        .any(|(k, _)| names_studies(clause(fold, ss, ss + k)))
}

/// Whether the bracket opening at `open` follows one name of a colon list
/// of studies: `two parallel trials: START-A (n = 2236) and START-B (`,
/// each name of the list (brackets left out) a short label of its own.
fn named_study(fold: &str, ss: usize, open: usize) -> bool {
    let before = &fold[ss..open];
    let Some(colon) = before.rfind(':') else {
        return false;
    };
    // The noun of studies ends the clause the colon closes.
    if !names_studies(clause(fold, ss, ss + colon)) {
        return false;
    }
    let mut names = String::new();
    let mut depth = 0usize;
    for c in before[colon + 1..].chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => names.push(c),
            _ => {}
        }
    }
    let mut words = names
        .split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(|name| name.split_whitespace().count())
        .filter(|&w| w > 0)
        .peekable();
    words.peek().is_some() && words.all(|w| w <= 3)
}

/// Whether a clause ends in a phrase headed by a plural noun of studies:
/// `3- to 4-week trials of olanzapine in mania`, at most five words on,
/// none of them starting a clause of its own (`trials in which patients
/// were randomly assigned to placebo` ends in a group).
fn names_studies(clause: &str) -> bool {
    let Some(m) = STUDIES.find_iter(clause).last() else {
        return false;
    };
    let tail = &clause[m.end()..];
    // `two parallel trials: START-A (n = 2236)` names one of them (see
    // `named_study`); `we excluded … studies (n = 48)` counts what was
    // left out; `All Studies\nMEL (n = 1249)` is a table's row, no clause.
    !clause.contains(['(', ':', '\n'])
        && !EXCLUDED.is_match(clause)
        && tail.split_whitespace().count() <= 5
        && !CLAUSE_WORD.is_match(tail)
}

static EXCLUDED: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"(?i)exclu").expect("excluded regex"));

// Words that start a clause of their own after the noun of studies.
static CLAUSE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:which|who|whom|where|that|randomi|assign|allocat)")
        .expect("clause word regex")
});

/// The count of an `n =` bracket that counts pooled studies' people: a
/// weak total of the analysis (the analysis studies them all).
pub(super) fn pooled_count(
    fold: &str,
    ss: usize,
    open: Option<usize>,
    (s, e, n): (usize, usize, u64),
) -> Option<Cand> {
    let open = open?;
    // The bracket holds the count alone (`(N = 254)`): a label in it
    // (`(PEAR Study, N=386)`, `(osimertinib 80 mg, n = 405)`) names one
    // study or group.
    let alone = fold[open + 1..s].trim().is_empty() && fold[e..].trim_start().starts_with(')');
    (alone && pooled(fold, ss, open)).then_some(Cand::ungrouped(
        s,
        e,
        n,
        Role::Total,
        POOLED_RULE,
        0.4,
    ))
}
