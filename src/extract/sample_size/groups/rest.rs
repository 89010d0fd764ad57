//! An arm and "the rest": `Of the 120 enrolled, 60 were assigned to
//! acupuncture and the rest to sham`, `Forty patients were randomly assigned
//! to receive A while the remaining patients received B`. The count is one
//! arm; the other is the whole stated before it less that count, which the
//! summary adds (the finding carries the whole in its statement).

use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::gates::word_then_count;
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

/// The starts of the matches of [`REST_WORDS`] in `fold` (`lower` is its
/// ASCII lower case), in order. Its search stops at every `the`; the four
/// words are rare (issue 15): each is found in `lower`, and a `the` and
/// white space (`\s`: `char::is_whitespace` is the same `White_Space`)
/// looked for before it. Matches do not overlap, so the starts are those
/// of every match. Under `(?i)` `rest` and `others` also match with `ſ`
/// for `s`, which is not ASCII: a text with an `ſ` is searched with the
/// pattern.
fn rest_words(fold: &str, lower: &str) -> Vec<usize> {
    if lower.contains('\u{17f}') {
        return REST_WORDS.find_iter(fold).map(|m| m.start()).collect();
    }
    let mut starts: Vec<usize> = Vec::new();
    for w in ["rest", "remainder", "remaining", "others"] {
        for q in memchr::memmem::find_iter(lower.as_bytes(), w.as_bytes()) {
            let head = &lower[..q];
            let before = head.trim_end();
            if before.len() < head.len() && before.ends_with("the") {
                starts.push(before.len() - 3);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Counts followed by "and the rest": arms, when a whole stands before.
#[inline(never)]
pub(super) fn arms_and_the_rest(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // Where `the rest` stands; a count with none after it in its sentence
    // has no match of [`REST_AFTER`] that ends in its sentence.
    let rest = rest_words(fold, doc.lower());
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
            found.push(Cand::ungrouped(s, e, n, Role::Arm, RULE, 0.7));
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

/// The rule of two counts set against each other by `the other`.
pub(super) const OTHER_RULE: &str = "sample_size.arm_other";

// `25 subjects were treated with A while for the other 18 subjects …`,
// `30 patients received A and the other 28 patients received B`: a count
// given a treatment, then `the other` count of the same people.
static OTHER_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(\d+|{NUMBER_WORDS})\s+(?:{NOUNS})\s+(?:(?:were|was)\s+(?:(?:randomly|then|subsequently|only)\s+)?(?:treated\s+with|given|assigned|allocated|randomi[sz]ed|managed\s+with)|received|underwent)(?-u:\b)[^.;\d]{{0,160}}?(?-u:\b)(?:while|whereas|and|but)\s+(?:(?:for|in)\s+)?the\s+other\s+(\d+|{NUMBER_WORDS})\s+(?:{NOUNS})(?-u:\b)"
    ))
    .expect("other pair regex")
});

/// Relabels as arms the two counts of `N patients were treated with A
/// while the other M patients …`.
#[inline(never)]
pub(super) fn arms_and_the_other(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    if !fold.contains("the other ") || !word_then_count(doc.lower(), &["other"], true) {
        return;
    }
    for m in OTHER_PAIR.captures_iter(fold) {
        if spent(doc, 0) {
            break;
        }
        let (one, other) = (m.get(1).expect("one"), m.get(2).expect("other"));
        let at = |p: usize| out.iter().position(|c| c.start == p);
        let (Some(i), Some(k)) = (at(one.start()), at(other.start())) else {
            continue;
        };
        for j in [i, k] {
            let c = &mut out[j];
            c.role = Role::Arm;
            c.rule = OTHER_RULE;
            c.conf = 0.7;
            c.group = None;
        }
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

    /// The word search finds the starts the pattern finds.
    #[test]
    fn rest_words_are_found_where_the_pattern_finds_them() {
        let texts = [
            "and the rest to sham; THE\u{a0}Remaining patients, the\n\t others, theremainder",
            "the  remainder and the remaining. bathe rest, the restaurant, otherthe others",
            "The\u{2003}rest\u{3000}the\u{2028}others the\u{85}remainder lathe  rest",
            "the rest the the rest thethe rest, the, rest, the ſ rest",
            "the reſt and the otherſ, the rest",
            "no match here: there, rests, restthe, the_rest, the-rest, othe rest",
        ];
        let mut found = 0;
        for t in texts {
            let want: Vec<usize> = REST_WORDS.find_iter(t).map(|m| m.start()).collect();
            assert_eq!(rest_words(t, &t.to_ascii_lowercase()), want, "{t:?}");
            found += want.len();
        }
        assert!(found >= 15, "{found}");
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
