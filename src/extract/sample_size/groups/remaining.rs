//! The groups that remain after an exclusion: `Included were 30 infants …
//! After 2 years 5 infants had to be excluded (IG; n = 12; CG: n = 13)`.
//! A bracket after those who left usually splits them (by reason or by
//! group, see `lexicon::exits_before`); but when its counts add up, not to
//! those who left, but to the whole less them (12 + 13 = 30 − 5), the
//! bracket gives the sizes of the groups that stay: arms.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::index::Index;
use crate::extract::sample_size::lexicon::exits_before;
use crate::extract::sample_size::window::group_before;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;

use super::n_equals::SUBSET;

pub(super) const RULE: &str = "sample_size.arm_remaining";

/// Relabels as arms the `n =` counts of a bracket after an exclusion that
/// add up to the whole stated before less those excluded.
#[inline(never)]
pub(super) fn arms_that_remain(doc: &Document, index: &Index, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    // (open, close) of the bracket of each split count, in text order.
    let mut split: Vec<(usize, usize, usize)> = Vec::new();
    for (k, c) in out.iter().enumerate() {
        if c.role != Role::Subgroup || c.rule != SUBSET {
            continue;
        }
        let (ss, _) = doc.sentence_at(c.start);
        let Some(open) = index.brackets.last_open_paren(ss, c.start) else {
            continue;
        };
        let Some(close) = index
            .brackets
            .next_close_paren(open)
            .filter(|&e| e >= c.end)
        else {
            continue;
        };
        split.push((open, close, k));
    }
    split.sort_unstable();
    let mut i = 0;
    while i < split.len() {
        let mut j = i;
        while j < split.len() && split[j].0 == split[i].0 {
            j += 1;
        }
        let members: Vec<usize> = split[i..j].iter().map(|t| t.2).collect();
        if members.len() >= 2 && remain(doc, out, split[i].0, &members) {
            for &k in &members {
                let c = &mut out[k];
                c.role = Role::Arm;
                c.rule = RULE;
                c.conf = 0.6;
                c.group = group_before(fold, c.start);
            }
        }
        i = j;
    }
}

/// Whether the counts `members` of the bracket at `open` are what remains:
/// the words before it say who left, the count of those who left (the
/// last number before the bracket in its sentence) and the members' sum add
/// up to a count of the study stated before, and the sum is not the count
/// of those who left.
fn remain(doc: &Document, out: &[Cand], open: usize, members: &[usize]) -> bool {
    let fold = doc.fold.as_str();
    let (ss, _) = doc.sentence_at(open);
    if !exits_before(fold[ss..open].trim_end()) {
        return false;
    }
    let sum: u64 = members.iter().map(|&k| out[k].n).sum();
    // The last number of the words before the bracket (a plain word: the
    // counts stage passes over `After 2 years 5 infants`' 5).
    let Some(left) = fold[ss..open].split_whitespace().rev().find_map(|w| {
        parse_count_or_words(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
    }) else {
        return false;
    };
    left != sum
        && out.iter().any(|c| {
            c.end <= open
                && c.n == sum + left
                && matches!(c.role, Role::Randomized | Role::Enrolled | Role::Total)
        })
}
