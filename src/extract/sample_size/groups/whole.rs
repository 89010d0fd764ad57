//! The whole before its parts: `patients who responded to open treatment
//! (n = 721) were randomized to drug 20 mg (n = 282), 40 mg (n = 293) or
//! placebo (n = 146)`. An `n =` bracket that closes right before the verb
//! that splits the people into groups counts those who were split, and the
//! arms stated after it in its sentence add up to it: it is the randomized
//! whole, not one more arm.

use crate::extract::sample_size::lexicon::{OF_THE, RANDOMIZATION};
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
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

/// The rule of a count that is the whole of a partitive beside its parts.
pub(super) const PARTITIVE: &str = "sample_size.whole_of_partitive";

/// After a whole, the words that take a part of it (`, of whom`, `which of
/// them`, `of these`).
static OF_WHOM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)of\s+(?:whom|them|these|those|which)(?-u:\b)")
        .expect("of whom regex")
});

/// Whether a count at `start` closes a partitive of its own (`1 of the 17
/// infants`): a parallel denominator, not a part of the count before.
fn is_partitive(fold: &str, ss: usize, start: usize) -> bool {
    let lo = floor_boundary(fold, start.saturating_sub(40)).max(ss);
    OF_THE.is_match(&fold[lo..start])
}

/// How the arm `i` is the whole of a partitive in its sentence, if it is:
/// `Thirty two of the 65 children were assigned to A and the other 33 to B`
/// (its part before it, index given, and the arms after it add up to it;
/// arms after that are partitives of their own, `3 of the 20 on A and 1 of
/// the 17 on B`, are parallel denominators, no parts), or `175 were
/// included, of whom 88 were randomized to A and 87 to B` (a smaller arm is
/// the first count after the words that take a part of it, in its clause).
fn partitive_whole(doc: &Document, out: &[Cand], i: usize) -> Option<Option<usize>> {
    let fold = doc.fold.as_str();
    let c = &out[i];
    let (ss, se) = doc.sentence_at(c.start);
    let lo = floor_boundary(fold, c.start.saturating_sub(40)).max(ss);
    if let Some(m) = OF_THE.find(&fold[lo..c.start]) {
        let part = out
            .iter()
            .position(|p| p.start >= lo + m.start() && p.end <= lo + m.end());
        let after: Vec<&Cand> = out
            .iter()
            .filter(|p| p.role == Role::Arm && p.start >= c.end && p.start < se)
            .collect();
        let parallel = after.iter().any(|p| is_partitive(fold, ss, p.start));
        if let Some(j) = part {
            let sum = out[j].n + after.iter().map(|p| p.n).sum::<u64>();
            if !after.is_empty() && !parallel && sum == c.n {
                return Some(Some(j));
            }
        }
    }
    let m = OF_WHOM.find(&fold[c.end..se.max(c.end)])?;
    if fold[c.end..c.end + m.start()].contains(';') {
        return None;
    }
    let at = c.end + m.end();
    let hi = ceil_boundary(fold, at + 12).min(se).max(at);
    out.iter()
        .filter(|p| p.start >= c.end && p.start < se)
        .min_by_key(|p| p.start)
        .is_some_and(|p| p.start >= at && p.start <= hi && p.role == Role::Arm && p.n < c.n)
        .then_some(None)
}

/// The rule of a part before its whole that becomes an arm.
pub(super) const PARTITIVE_PART: &str = "sample_size.part_of_partitive";

/// Relabels as a whole each arm that is the whole of a partitive beside its
/// own parts: the randomized whole when its sentence says so, else the
/// whole of the people counted; the part before it (`Thirty two of`) is one
/// more arm. A part out of an arm (`20 of the 50 patients in group A
/// responded`) has no arms after it that add up, and keeps its arm.
#[inline(never)]
pub(super) fn whole_of_partitive(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for i in 0..out.len() {
        if spent(doc, 0) {
            break;
        }
        if out[i].role != Role::Arm {
            continue;
        }
        let Some(part) = partitive_whole(doc, out, i) else {
            continue;
        };
        let (ss, se) = doc.sentence_at(out[i].start);
        let randomized = RANDOMIZATION.is_match(&fold[ss..se]);
        let c = &mut out[i];
        c.role = if randomized {
            Role::Randomized
        } else {
            Role::Total
        };
        c.group = None;
        c.rule = PARTITIVE;
        c.conf = if randomized { 0.85 } else { 0.5 };
        if let Some(p) = part.map(|j| &mut out[j]) {
            if !matches!(
                p.role,
                Role::Arm | Role::Total | Role::Randomized | Role::Enrolled
            ) {
                p.role = Role::Arm;
                p.group = None;
                p.rule = PARTITIVE_PART;
                p.conf = 0.6;
            }
        }
    }
}
