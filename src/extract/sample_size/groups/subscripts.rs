//! `n1 = 45`, `n2 = 61`: the sizes of a comparison's samples written with
//! the statistician's subscripts. Two or more different subscripts in one
//! text are the sizes of its groups (sample 1, sample 2), wherever they
//! stand: no randomisation verb is needed to say so.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::EVENTS_WORD;
use crate::extract::sample_size::window::{group_before, next_word};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of a sample's size written `n1 = 45`.
pub(super) const ARM_SUBSCRIPT: &str = "sample_size.arm_n_subscript";

// Anchored at the `n`: `n1 = 45`, `N2=61` (a count, never a decimal).
static SUBSCRIPT_AT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^n([1-9])[ \t]*=[ \t]*(\d{1,3}(?:,\d{3})+|\d+)(?-u:\b)")
        .expect("subscript regex")
});

/// Every `n1 = 45` of `fold`: (start, end, subscript, count).
fn subscripts(fold: &str) -> Vec<(usize, usize, u8, u64)> {
    let b = fold.as_bytes();
    let mut found = Vec::new();
    for p in memchr::memchr_iter(b'=', b) {
        // Back over blanks to the digit, then the `n`, then no word char.
        let mut at = p;
        while at > 0 && matches!(b[at - 1], b' ' | b'\t') {
            at -= 1;
        }
        if at < 2 || !(b'1'..=b'9').contains(&b[at - 1]) || !b[at - 2].eq_ignore_ascii_case(&b'n') {
            continue;
        }
        let s = at - 2;
        if s > 0 && (b[s - 1].is_ascii_alphanumeric() || b[s - 1] == b'_' || b[s - 1] >= 0x80) {
            continue;
        }
        let Some(c) = SUBSCRIPT_AT.captures(&fold[s..]) else {
            continue;
        };
        let num = c.get(2).expect("num");
        let e = s + num.end();
        // `n1 = 4.5` is no count.
        if fold[e..].starts_with('.') && fold[e + 1..].starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let Some(n) = parse_count_or_words(num.as_str()) else {
            continue;
        };
        found.push((s, e, c[1].as_bytes()[0], n));
    }
    found
}

/// The group a `n1 =` names: the label before it in its bracket
/// (`(strategy S1: n1 = 45)`), else the words before the bracket.
fn group_of(fold: &str, s: usize) -> Option<String> {
    let lo = floor_boundary(fold, s.saturating_sub(60));
    let inside = &fold[lo..s];
    match inside.rfind('(').filter(|&p| !inside[p..].contains(')')) {
        Some(p) => {
            let label = inside[p + 1..]
                .trim()
                .trim_end_matches([',', ';', ':'])
                .trim();
            if label.is_empty() {
                group_before(fold, lo + p)
            } else {
                Some(label.to_string())
            }
        }
        None => group_before(fold, s),
    }
}

/// `For the 45 grafts preserved with A (strategy S1: n1 = 45) … With B
/// (strategy S2: n2 = 61)`: each `n1 =`, `n2 =` is an arm when the text
/// writes at least two different subscripts with a count. A lone `n2 = 64`
/// (the calculation's `n1 = n2 = 64`) or a count of things (`n1 = 12
/// cycles`) is none.
#[inline(never)]
pub(super) fn arms_from_subscripts(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let found: Vec<_> = subscripts(fold)
        .into_iter()
        .filter(|&(_, e, _, _)| {
            let unit = next_word(&fold[e..ceil_boundary(fold, e + 64)]);
            let unit = unit.trim_end_matches(|c: char| !c.is_alphanumeric());
            !EVENTS_WORD.is_match(&unit.to_ascii_lowercase())
        })
        .collect();
    let first = found.first().map(|f| f.2);
    if !found.iter().any(|f| Some(f.2) != first) {
        return;
    }
    let mut by_start = ByStart::new(out);
    for (s, e, _, n) in found {
        if by_start
            .get(s)
            .is_some_and(|i| out[i].role == Role::Arm && out[i].end == e)
        {
            continue;
        }
        by_start.replace(
            out,
            Cand {
                start: s,
                end: e,
                n,
                role: Role::Arm,
                group: group_of(fold, s),
                rule: ARM_SUBSCRIPT,
                conf: 0.8,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arms(text: &str) -> Vec<(u64, Option<String>)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        arms_from_subscripts(&doc, &mut out);
        out.iter().map(|c| (c.n, c.group.clone())).collect()
    }

    #[test]
    fn two_subscripts_are_two_samples() {
        let got = arms("Grafts kept in A (strategy S1: n1 = 45) cost less. Those kept in B (strategy S2: n2 = 61) cost more.");
        assert_eq!(
            got,
            [
                (45, Some("strategy S1".to_string())),
                (61, Some("strategy S2".to_string()))
            ]
        );
    }

    #[test]
    fn a_lone_subscript_a_word_or_a_decimal_is_none() {
        assert!(arms("We needed n1 = n2 = 64 per group.").is_empty());
        assert!(arms("Values were tn1 = 45 and tn2 = 61.").is_empty());
        assert!(arms("Ratios were n1 = 4.5 and n2 = 6.1.").is_empty());
        assert!(arms("Cycles: n1 = 12 cycles, n2 = 14 cycles.").is_empty());
    }
}
