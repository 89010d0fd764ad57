//! The size of each group from `27 in each group` (or a part: who left
//! each group, an outcome in each, a count per site or period).

use super::SEQUENCE;
use crate::extract::sample_size::lexicon::exits_after;
use crate::extract::sample_size::roles::governed;
use crate::extract::sample_size::window::before_window;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::ceil_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of a count per site, period or stratum (`50 students per
/// school`, `two participants per month`).
const PER_UNIT: &str = "sample_size.per_unit";

// Strata a count may be per, beside [`SEQUENCE`]'s sites and periods.
static STRATUM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:sports?|teams?|levels?|grades?|years?|months?|weeks?|days?)$")
        .expect("stratum regex")
});

/// Whether an `EACH` match ends on its `each`/`per` word with no group
/// word after it (`per`, `for each`, `in each`), so that the word that
/// follows says what the count is per.
fn bare_words_each(m: &str) -> bool {
    let last = m
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    matches!(last.to_ascii_lowercase().as_str(), "each" | "per" | "every")
}

// A verb of leaving the trial, anywhere in a short window.
static EXIT_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:lost (?:to|from)|excluded|withdr[ae]w|withdrawn|discontinued|dropped out|died|did not (?:complete|finish|receive|participate|attend|return|undergo)|came off|refused|declined)(?-u:\b)")
        .expect("exit in regex")
});

// An outcome verb right after `in each group` (`3 patients in each dosage
// group developed …`, `Fourteen patients in each group experienced 39
// adverse effects`), with the word after it: `had to be included` is a
// sample-size calculation's need, not an outcome. (`had` alone says too
// little: `30 in each group had complete data` may be the groups.)
static EACH_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;()]{0,30}?(?-u:\b)(?:developed|experienced|showed|reported|suffered|died|relapsed|responded|achieved|complained|presented)\s+([A-Za-z]+)")
        .expect("each outcome regex")
});

/// Whether the clause after `in each group` says what happened to the
/// count (an outcome), not who the group is.
fn outcome_in_each(clause: &str) -> bool {
    EACH_OUTCOME
        .captures(clause)
        .is_some_and(|c| !matches!(c[1].to_ascii_lowercase().as_str(), "to" | "been" | "be"))
}

/// The size of each group, from the number at `s..e` and its `each`
/// match `m` (relative to `e`); none for who left each group or an
/// outcome in each.
pub(super) fn each_arm(
    doc: &Document,
    s: usize,
    e: usize,
    n: u64,
    m: regex::Match<'_>,
) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let rest = &fold[e..];
    // `one each of PCP, EBV and meningitis`: one event of each
    // kind; no group of a trial has one member.
    let bare_each = m.as_str().trim().eq_ignore_ascii_case("each");
    if n < 2 || (bare_each && rest[m.end()..].trim_start().starts_with("of ")) {
        return None;
    }
    // `4 per 100 000`, `2 per 1000 patients`: a rate and its base, no
    // group's size.
    let per_number = m.as_str().trim_end().to_ascii_lowercase().ends_with("per")
        && rest[m.end()..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
    if per_number {
        return None;
    }
    // `50 students per school`, `10 for each sport`, `30 patients in each
    // hospital`: the size of a site or a stratum, no group's.
    let next_word = rest[m.end()..]
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    // The count is no study count either (`three women per month would
    // agree to be randomised` is a rate): a part, whatever verb follows.
    if bare_words_each(m.as_str()) && (SEQUENCE.is_match(next_word) || STRATUM.is_match(next_word))
    {
        return Some(Cand::ungrouped(
            s,
            e + m.end(),
            n,
            Role::Subgroup,
            PER_UNIT,
            0.4,
        ));
    }
    // `Two individuals in both the test and control groups did not
    // participate`: who left each group, not its size.
    let (ss, se) = doc.sentence_at(s);
    let from = e + m.end();
    let mut hi = ceil_boundary(fold, (from + 60).min(se)).max(from);
    // `registered into two groups (25 in each group), out of those three
    // from each group discontinued`: a bracket the count stands in ends
    // its clause; who left after it are others, unless the bracket's own
    // verb follows it (`(2 in each group) were lost to follow-up`).
    if in_open_bracket(&fold[ss.min(s)..s]) {
        if let Some(p) = fold[from..hi].find(')') {
            if exits_after(fold, from + p + 1) {
                return None;
            }
            hi = from + p;
        }
    }
    let clause = &fold[from..hi];
    if EXIT_IN.is_match(clause) {
        return None;
    }
    // `3 patients in each dosage group had levels below the
    // detection limit`: an outcome in each group, a part of it.
    if outcome_in_each(clause) && !governed(before_window(doc, s, false)) {
        return None;
    }
    Some(Cand::ungrouped(
        s,
        e + m.end(),
        n,
        Role::Arm,
        "sample_size.arm_each",
        0.75,
    ))
}

/// Whether a bracket opened in `before` (the sentence up to a count) is
/// still open: the count stands inside it.
fn in_open_bracket(before: &str) -> bool {
    before
        .rfind('(')
        .is_some_and(|o| !before[o..].contains(')'))
}
