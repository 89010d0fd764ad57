//! An arm and "the rest": `Of the 120 enrolled, 60 were assigned to
//! acupuncture and the rest to sham`, `Forty patients were randomly assigned
//! to receive A while the remaining patients received B`. The count is one
//! arm; the other is the whole stated before it less that count, which the
//! summary adds (the finding carries the whole in its statement).

use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::NOUNS;
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of an arm whose other arm is "the rest".
pub(in crate::extract::sample_size) const RULE: &str = "sample_size.arm_rest";

// After the count: how it was allocated, then `and the rest` / `while the
// remaining patients` with what they were given, and no other number.
static REST_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:\s+(?:{NOUNS}))?(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?\s+(?:(?:were|was)\s+)?(?:(?:randomly|then|subsequently)\s+)?(?:assigned|allocated|randomi[sz]ed|received|underwent|to|into)(?-u:\b)[^.;\d]{{0,100}}?(?-u:\b)(?:and|while|whereas|but)\s+(?:all\s+)?the\s+(?:rest|remainder|remaining|others)(?-u:\b)(?:\s+(?:of\s+the\s+)?(?:{NOUNS}|ones))?\s+(?:were\s+|was\s+)?(?:to|in|into|received|formed|served|allocated|assigned|randomi[sz]ed|underwent|got|given|treated)(?-u:\b)"
    ))
    .expect("rest regex")
});

/// The whole an arm of "the rest" is part of: the nearest count of the
/// study (randomized, enrolled, or of open role) larger than `n`, stated
/// before `start` in its sentence or the one before.
pub(in crate::extract::sample_size) fn whole_before(
    doc: &Document,
    cands: &[Cand],
    start: usize,
    n: u64,
) -> Option<u64> {
    let (ss, _) = doc.sentence_at(start);
    let lo = if ss > 0 { doc.sentence_at(ss - 1).0 } else { 0 };
    cands
        .iter()
        .filter(|c| c.start >= lo && c.end <= start && c.n > n)
        .filter(|c| matches!(c.role, Role::Randomized | Role::Enrolled | Role::Total))
        .max_by_key(|c| c.start)
        .map(|c| c.n)
}

// The words every match of [`REST_AFTER`] holds, in the same case folding:
// `the rest`, `the remaining`. (No match of it overlaps another: `the`
// stands in none of the four words but `others`, with no space after.)
static REST_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)the\s+(?:rest|remainder|remaining|others)")
        .expect("rest words regex")
});

/// Counts followed by "and the rest": arms, when a whole stands before.
#[inline(never)]
pub(super) fn arms_and_the_rest(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // Where `the rest` stands; a count with none after it in its sentence
    // has no match of [`REST_AFTER`] that ends in its sentence.
    let rest: Vec<usize> = REST_WORDS.find_iter(fold).map(|m| m.start()).collect();
    if rest.is_empty() {
        return;
    }
    let mut found = Vec::new();
    for &(s, e, n) in nums {
        if spent(doc, out.len()) {
            break;
        }
        let next = rest.partition_point(|&r| r < e);
        if rest.get(next).is_none_or(|&r| r >= doc.sentence_at(s).1) {
            continue;
        }
        let Some(m) = REST_AFTER.find(&fold[e..]) else {
            continue;
        };
        if doc.sentence_at(s).1 < e + m.end() {
            continue;
        }
        if whole_before(doc, out, s, n).is_some() {
            found.push(Cand {
                start: s,
                end: e,
                n,
                role: Role::Arm,
                group: None,
                rule: RULE,
                conf: 0.7,
            });
        }
    }
    let mut by_start = ByStart::new(out);
    for mut c in found {
        // `Forty patients were …`: the span found before stays.
        if let Some(i) = by_start.get(c.start) {
            c.end = out[i].end;
        }
        by_start.replace(out, c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arms(text: &str) -> Vec<(u64, Option<u64>)> {
        let doc = Document::from_text(text);
        let cands = crate::extract::sample_size::stages(&doc);
        cands
            .iter()
            .filter(|c| c.rule == RULE)
            .map(|c| (c.n, whole_before(&doc, &cands, c.start, c.n)))
            .collect()
    }

    #[test]
    fn an_arm_and_the_rest_of_a_stated_whole() {
        assert_eq!(
            arms("Of the 120 patients enrolled, 60 were assigned to acupuncture and the rest to sham treatment."),
            [(60, Some(120))]
        );
        assert_eq!(
            arms("Ninety patients were enrolled. Forty patients were randomly assigned to receive succinylcholine while the remaining patients received rocuronium."),
            [(40, Some(90))]
        );
    }

    #[test]
    fn no_whole_no_rest_arm() {
        assert!(
            arms("Sixty were assigned to acupuncture and the rest to sham treatment.").is_empty()
        );
        // Another number stands between: 60 heads a list, read elsewhere.
        assert!(
            !arms("Of 120 patients, 60 were assigned to A, 30 to B and the rest to C.")
                .iter()
                .any(|&(n, _)| n == 60)
        );
    }
}
