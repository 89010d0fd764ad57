//! Pairs of arms whose counts each carry a bracket: `Fifty-two patients
//! (23 males, 29 females) were randomized to the statin group and 54 (25
//! males, 29 females) to the nonstatin group`, `Thirty (22 girls and eight
//! boys) were given cefixime and 27 (24 girls and three boys)
//! amoxicillin`. The bracket describes who the count's people are (a sex
//! split, an age, a share); the count before it is still the subject of
//! the verb, and the second count elides the verb as in
//! [`super::pairs`]'s `1920 were assigned to A and 1944 to B`. The
//! counts inside the brackets stay the parts they are.

use crate::extract::numbers::{parse_count_or_words, NUMBER_WORDS};
use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of an arm of a bracketed pair.
pub(super) const RULE: &str = "sample_size.bracket_pair";

/// A count, its noun (up to three words), a bracket, the verb that assigns
/// or gives it its treatment, the first group; `and`, the second count
/// with its bracket (or none), its verb again or not, `to` or not, and the
/// second group. Groups: 1 and 4 the counts, 2 the verb, 3 and 7 the
/// groups, 5 the second bracket, 6 the second count's `to`.
static BRACKET_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    let num = format!(r"(?:{NUMBER_WORDS}|[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)");
    let verb =
        r"(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated|given|received|treated\s+with)";
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)({num})\s+(?:[A-Za-z-]+\s+){{0,3}}?\([^()]{{1,100}}\)\s*,?\s*(?:were|was)\s+(?:then\s+|subsequently\s+)?({verb})\s+(?:(?:to|into)\s+)?(?:receive\s+)?(?:the\s+)?([^;()]{{1,120}}?(?:\s*\([^()]{{0,60}}\)[^;()]{{0,60}}?)?)\s*,?\s+and\s+({num})(?:\s+(?:patients|participants|subjects|women|men|children|persons|individuals|infants|adults))?\s*(\([^()]{{1,100}}\))?\s*,?\s*(?:(?:were|was)\s+)?(?:{verb}\s+)?((?:to|into)\s+)?(?:receive\s+)?(?:the\s+)?([A-Za-z][A-Za-z0-9 +/-]{{0,40}}?)\s*(?:[,;.(]|$|(?-u:\b)(?:and|or|for|with|during|after|before)(?-u:\b))"
    ))
    .expect("bracket pair regex")
});

/// First words of a second "group" that is no group: a verb or a noun of
/// what happened to the count (`and 27 (…) were excluded`).
const NOT_A_GROUP: [&str; 17] = [
    "with",
    "were",
    "was",
    "had",
    "excluded",
    "completed",
    "withdrew",
    "withdrawn",
    "died",
    "dropped",
    "discontinued",
    "lost",
    "did",
    "patients",
    "participants",
    "subjects",
    "each",
];

/// Bytes before a `) were` read for the pair's first count, and after it
/// for the rest of the pair.
const BEFORE: usize = 240;
const AFTER: usize = 420;

/// Where a `)` is followed (after spaces and a comma) by `were` or `was`
/// and a space:
/// every [`BRACKET_PAIR`] holds one after its first bracket.
fn closes_before_verb(lower: &str) -> Vec<usize> {
    let b = lower.as_bytes();
    memchr::memchr_iter(b')', b)
        .filter(|&p| {
            // `\s` is any Unicode space (`were\u{2009}randomized`, `)\r\n`).
            let rest = lower[p + 1..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            rest.strip_prefix("were")
                .or_else(|| rest.strip_prefix("was"))
                .is_some_and(|r| r.starts_with(char::is_whitespace))
        })
        .collect()
}

/// Both counts of a [`BRACKET_PAIR`] are arms, named by their groups.
#[inline(never)]
pub(super) fn arms_from_bracket_pairs(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    out: &mut Vec<Cand>,
) {
    let fold = doc.fold.as_str();
    let lower = doc.lower();
    let mut by_start = ByStart::new(out);
    let mut done = 0;
    for p in closes_before_verb(lower) {
        if spent(doc, out.len()) {
            break;
        }
        let (ss, se) = doc.sentence_at(p);
        let lo = floor_boundary(fold, p.saturating_sub(BEFORE).max(ss).max(done));
        let hi = ceil_boundary(fold, (p + AFTER).min(se).max(p));
        if lo >= hi {
            continue;
        }
        for m in BRACKET_PAIR.captures_iter(&fold[lo..hi]) {
            let at = |i: usize| m.get(i).map(|g| (lo + g.start(), lo + g.end()));
            let (Some(a), Some(verb), Some(la), Some(b), Some(lb)) =
                (at(1), at(2), at(3), at(4), at(7))
            else {
                continue;
            };
            done = done.max(b.1);
            let Some((na, nb)) = pair_counts(fold, nums, &m, lo) else {
                continue;
            };
            // The counts inside the brackets describe the arms' people
            // (`25 males`): parts, not arms of their own.
            demote_parts(out, [(a.1, verb.0), at(5).unwrap_or((b.1, b.1))]);
            let label_b = fold[lb.0..lb.1].trim();
            let label_a: Vec<&str> = fold[la.0..la.1].split_whitespace().take(8).collect();
            for (x, n, label) in [(a, na, label_a.join(" ")), (b, nb, label_b.to_string())] {
                by_start.replace(
                    out,
                    Cand {
                        start: x.0,
                        end: x.1,
                        n,
                        role: Role::Arm,
                        group: Some(label),
                        rule: RULE,
                        conf: 0.6,
                    },
                );
            }
        }
    }
}

/// The two counts of a [`BRACKET_PAIR`] match `m` (found at `lo`) when
/// they are arms: counts of people, the second group named, the pair
/// assigned or alike, of like size.
fn pair_counts(
    fold: &str,
    nums: &[(usize, usize, u64)],
    m: &regex::Captures<'_>,
    lo: usize,
) -> Option<(u64, u64)> {
    let at = |i: usize| m.get(i).map(|g| (lo + g.start(), lo + g.end()));
    let (a, verb, b, lb) = (at(1)?, at(2)?, at(4)?, at(7)?);
    // `13.4 years (minimum 11 years …) were treated`: a decimal's
    // tail, or a count of a unit, counts nobody.
    let decimal = fold[..a.0].ends_with(['.', ',']);
    let noun = fold[a.1..verb.0]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if decimal || super::pairs::unit_word(&noun) {
        return None;
    }
    let v = fold[verb.0..verb.1].to_ascii_lowercase();
    let assigned = !(v.contains("given") || v.contains("receiv") || v.contains("treated"));
    // `… to A and 54 (…) to B`: an assignment's second group comes
    // with `to`; a treatment given (`and 27 (…) amoxicillin`) needs
    // the second bracket that makes the two counts alike.
    // `12 (10%) were given rescue medication and 8 (7%) …`: shares
    // of a treatment given in the results are outcomes.
    if !assigned && fold[a.1..verb.0].contains('%') {
        return None;
    }
    let second_to = m.get(6).is_some();
    let second_bracket = m.get(5).is_some();
    if !second_to && (assigned || !second_bracket) {
        return None;
    }
    let count = |(s, e): (usize, usize)| {
        nums.binary_search_by_key(&s, |&(ns, _, _)| ns)
            .ok()
            .map(|i| nums[i].2)
            .or_else(|| parse_count_or_words(&fold[s..e]))
    };
    let (na, nb) = (count(a)?, count(b)?);
    let label_b = fold[lb.0..lb.1].trim();
    let first = label_b
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if NOT_A_GROUP.contains(&first.as_str())
        || super::pairs::unit_word(&first)
        || !first.chars().any(char::is_alphabetic)
    {
        return None;
    }
    // Arms of a trial: two people at least each, of like size.
    if na < 2 || nb < 2 || na.max(nb) > na.min(nb) * 5 {
        return None;
    }
    Some((na, nb))
}

/// The arms counted inside the pair's `brackets`, which describe the arms'
/// people (`25 males`): parts, not arms of their own.
fn demote_parts(out: &mut [Cand], brackets: [(usize, usize); 2]) {
    for c in out.iter_mut() {
        if c.role == Role::Arm && brackets.iter().any(|&(s, e)| s < c.start && c.end <= e) {
            c.role = Role::Subgroup;
            c.rule = "sample_size.part_in_bracket";
            c.conf = 0.5;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arms_of(text: &str) -> Vec<(u64, String)> {
        let doc = Document::from_text(text);
        let nums = crate::extract::sample_size::candidates::numbers(&doc.fold);
        let mut out = Vec::new();
        arms_from_bracket_pairs(&doc, &nums, &mut out);
        out.sort_by_key(|c| c.start);
        out.iter()
            .map(|c| (c.n, c.group.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn counts_with_a_sex_split_in_brackets_are_arms() {
        let got = arms_of("Fifty-two patients (23 males, 29 females) were randomized to the statin group and 54 (25 males, 29 females) to the nonstatin group.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [52, 54], "{got:?}");
        let got = arms_of("Fifty-two patients (23 males, 70 years old) were randomized to the statin group (atorvastatin 20 mg/d) and 54 (25 males, 72 years old) to the nonstatin group.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [52, 54], "{got:?}");
        let got = arms_of("Thirty (22 girls and eight boys) were given cefixime and 27 (24 girls and three boys) amoxicillin.");
        let ns: Vec<u64> = got.iter().map(|a| a.0).collect();
        assert_eq!(ns, [30, 27], "{got:?}");
    }

    #[test]
    fn what_happened_to_the_second_count_is_no_group() {
        assert!(arms_of(
            "Forty patients (18 men) were randomized to A and 12 (5 men) were excluded."
        )
        .is_empty());
        assert!(arms_of("Forty patients (18 men) were given A and 12 completed.").is_empty());
        assert!(
            arms_of("Forty patients (18 men) were randomized to A and 2 (1 man) to B.").is_empty()
        );
        assert!(arms_of("Twelve patients (10%) were given drug A and 8 (7%) drug B.").is_empty());
        assert!(arms_of("aged 13.4 years (range 11 to 14 years) were treated with A and 11 patients (6 males) with B.").is_empty());
    }

    #[test]
    fn any_space_between_the_bracket_and_its_verb_is_read() {
        for gap in [" ", "\u{2009}", "\r\n", ", ", "\u{a0}"] {
            let text = format!("Fifty-two patients (23 males){gap}were\u{2009}randomized to the statin group and 54 (25 males) to the nonstatin group.");
            let ns: Vec<u64> = arms_of(&text).iter().map(|a| a.0).collect();
            assert_eq!(ns, [52, 54], "{gap:?}");
        }
        // The verb is a word of its own: `werewolf` is none.
        assert!(closes_before_verb("(a) werewolf (b) was").is_empty());
    }
}
