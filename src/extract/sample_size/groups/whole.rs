//! The whole before its parts: `patients who responded to open treatment
//! (n = 721) were randomized to drug 20 mg (n = 282), 40 mg (n = 293) or
//! placebo (n = 146)`. An `n =` bracket that closes right before the verb
//! that splits the people into groups counts those who were split, and the
//! arms stated after it in its sentence add up to it: it is the randomized
//! whole, not one more arm.

use crate::extract::sample_size::lexicon::RANDOMIZATION;
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::ceil_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

pub(super) const RULE: &str = "sample_size.whole_n_equals";

/// Right after the count: its bracket closes and the verb that splits the
/// people follows (`) were randomly assigned`, `) was divided`).
static SPLIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*[)\]]\s*,?\s*(?:were|was|had been)\s+(?:then\s+|subsequently\s+|further\s+)?(?:randomly\s+|equally\s+)?(?:randomi[sz]ed|assigned|allocated|divided|distributed|split)(?-u:\b)")
        .expect("split after regex")
});

/// Relabels as the randomized whole each arm whose bracket the split verb
/// follows and which the arms after it in its sentence (two or more) add
/// up to.
#[inline(never)]
pub(super) fn whole_before_parts(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for i in 0..out.len() {
        if spent(doc, 0) {
            break;
        }
        let c = &out[i];
        if c.role != Role::Arm || !SPLIT_AFTER.is_match(&fold[c.end..]) {
            continue;
        }
        let (_, se) = doc.sentence_at(c.start);
        let parts: Vec<u64> = out
            .iter()
            .filter(|p| p.role == Role::Arm && p.start >= c.end && p.start < se)
            .map(|p| p.n)
            .collect();
        if parts.len() >= 2 && parts.iter().sum::<u64>() == c.n {
            let c = &mut out[i];
            c.role = Role::Randomized;
            c.group = None;
            c.rule = RULE;
            c.conf = 0.85;
        }
    }
}

/// The rule of a count whose bracket breaks it down into arms.
pub(super) const BROKEN_DOWN: &str = "sample_size.whole_of_bracket";

/// `of whom 1066 were randomised to treatment (n = 529 for A and n = 537
/// for B)`: a count taken for an arm whose own clause closes on a bracket
/// of two arms or more that add up to it is the whole that bracket breaks
/// down (parts that add up to a count are its parts), not one more arm: the
/// randomized whole when its clause says so, else a whole of no role the
/// summary reads (`93 patients who died (55/55 in the A group, 36/38 in the
/// B group)`). Only a bracket that names arms (`n =`, a group word): a
/// breakdown of another kind (`38 were randomised to A (24 COPD and 14
/// cancer patients)`, `(30 women and 17 men)`) leaves the count an arm.
#[inline(never)]
pub(super) fn whole_of_bracket(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for i in 0..out.len() {
        if spent(doc, 0) {
            break;
        }
        let c = &out[i];
        if c.role != Role::Arm {
            continue;
        }
        let Some((open, close)) = bracket_after(doc, c.start, c.end) else {
            continue;
        };
        // One part may be found twice (`n = 529` by two stages): parts
        // whose spans overlap are one.
        let mut spans: Vec<(usize, usize, u64)> = out
            .iter()
            .filter(|p| p.role == Role::Arm && p.start > open && p.start < close)
            .map(|p| (p.start, p.end, p.n))
            .collect();
        spans.sort_unstable();
        let mut parts: Vec<u64> = Vec::new();
        let mut last_end = 0;
        for (s, e, n) in spans {
            if s >= last_end {
                parts.push(n);
            }
            last_end = last_end.max(e);
        }
        if parts.len() < 2 || parts.iter().sum::<u64>() != c.n || !names_arms(&fold[open..close]) {
            continue;
        }
        let randomized = RANDOMIZATION.is_match(&fold[c.start..open]);
        let c = &mut out[i];
        c.role = if randomized {
            Role::Randomized
        } else {
            Role::Subgroup
        };
        c.group = None;
        c.rule = BROKEN_DOWN;
        c.conf = if randomized { 0.85 } else { 0.5 };
    }
}

/// The bracket that closes the clause of the count at `s..e`: it opens
/// after a few words at most (`were randomised to treatment (`), with no
/// clause break or bracket between, and closes in the sentence.
fn bracket_after(doc: &Document, s: usize, e: usize) -> Option<(usize, usize)> {
    let fold = doc.fold.as_str();
    let (_, se) = doc.sentence_at(s);
    let hi = ceil_boundary(fold, e + 80).min(se).max(e);
    let rest = &fold[e..hi];
    let p = rest.find(['(', ')', '[', ']', '.', ';', ':', ','])?;
    if !rest[p..].starts_with('(') || rest[..p].split_whitespace().count() > 6 {
        return None;
    }
    let open = e + p;
    let q = fold[open..se.max(open)].find(')')?;
    Some((open, open + q))
}

/// Whether a bracket's text names arms: `n =` parts or a word of a group.
fn names_arms(bracket: &str) -> bool {
    let b = bracket.to_ascii_lowercase();
    b.contains("n =")
        || b.contains("n=")
        || [
            "group",
            "arm",
            "placebo",
            "control",
            "intervention",
            "usual care",
            "sham",
        ]
        .iter()
        .any(|w| b.contains(w))
}
