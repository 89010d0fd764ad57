//! `A total of 90 patients were transplanted, 4 patients were excluded due
//! to rejection, 2 patients were in the attached stent group, and 2
//! patients were in the separated stent group`: counts in the groups that
//! follow a count of people who left the trial in the same sentence, and
//! add up to it, split those who left by group; they are not the groups'
//! sizes.

use crate::extract::sample_size::lexicon::{exits_after, is_noun, word_after};
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;

/// The rule of a group's part of those who left.
pub(super) const RULE: &str = "sample_size.exits_parts";

/// Whether the count `c` is the subject of leaving the trial: `4 patients
/// were excluded`, `Six withdrew`.
fn left_the_trial(fold: &str, c: &Cand) -> bool {
    let mut at = c.end;
    if let Some((ws, we)) = word_after(&fold[at..]) {
        if is_noun(&fold[at + ws..at + we]) {
            at += we;
        }
    }
    exits_after(fold, at)
}

/// Turns the arms that split a count of those who left, stated after it
/// in its sentence, into subgroups.
#[inline(never)]
pub(super) fn parts_of_exits(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    if !out.iter().any(|c| c.role == Role::Arm) {
        return;
    }
    for i in 0..out.len() {
        if spent(doc, 0) {
            break;
        }
        let c = &out[i];
        if matches!(c.role, Role::Arm | Role::Skip | Role::Cited) || c.n < 2 {
            continue;
        }
        let (_, se) = doc.sentence_at(c.start);
        let parts: Vec<usize> = (0..out.len())
            .filter(|&k| out[k].role == Role::Arm && out[k].start > c.end && out[k].start < se)
            .collect();
        if parts.len() < 2
            || parts.iter().map(|&k| out[k].n).sum::<u64>() != c.n
            || !left_the_trial(fold, c)
        {
            continue;
        }
        for k in parts {
            let p = &mut out[k];
            p.role = Role::Subgroup;
            p.rule = RULE;
            p.conf = 0.4;
            p.group = None;
        }
    }
}
