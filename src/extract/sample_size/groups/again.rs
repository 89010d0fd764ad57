//! A group's size mentioned again, once the groups are known.

use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

// A relative clause right after a count's noun that says which treatment
// the counted people had: `the 12 subjects who took citalopram`.
static WHO_HAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*,?\s*(?:who|that)\s+(?:had\s+)?(?:took|taken|received|were\s+given|were\s+(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)\s+to)\s+[^.;:()]{1,60}")
        .expect("who had regex")
});

/// Once a group's size is known (`1070 were randomly assigned to receive
/// APBI`), a later count of the same size in a sentence that names the same
/// group (`APBI (300 [28%] of 1070 patients)`) is that group again, not a
/// new total or a subgroup.
#[inline(never)]
pub(super) fn arms_mentioned_again(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let arms: Vec<(usize, u64, String)> = out
        .iter()
        .filter(|c| c.role == Role::Arm && c.conf >= 0.6)
        .filter_map(|c| {
            let g = c.group.as_deref()?.trim();
            // A label of one or two letters (`A`, `B`) says too little to
            // be found again.
            (g.len() >= 3).then(|| (c.start, c.n, g.to_string()))
        })
        .collect();
    if arms.is_empty() {
        return;
    }
    // The arms by size, each group name once or twice (a second one stands
    // in when the first is the count itself), in `arms` order: a count
    // looks only at the groups of its own size.
    let mut by_n: HashMap<u64, Vec<(usize, &str, String)>> = HashMap::new();
    let mut times: HashMap<(u64, &str), u8> = HashMap::new();
    for (at, n, g) in &arms {
        let k = times.entry((*n, g.as_str())).or_default();
        if *k < 2 {
            *k += 1;
            by_n.entry(*n)
                .or_default()
                .push((*at, g.as_str(), g.to_ascii_lowercase()));
        }
    }
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        let Some(same_size) = by_n.get(&c.n) else {
            continue;
        };
        if let Some(g) = treated_as(fold, c, same_size) {
            again(c, g);
            continue;
        }
        // A small count equals a group's size by chance too often.
        if !matches!(c.role, Role::Total | Role::Subgroup) || c.n < 20 {
            continue;
        }
        // Near the count: token-joined abstracts have no stops, so their
        // "sentence" can be the whole text.
        let (ss, se) = doc.sentence_at(c.start);
        let lo = floor_boundary(fold, c.start.saturating_sub(150)).max(ss);
        let hi = ceil_boundary(fold, c.end + 150).min(se).max(c.end);
        let sent = fold[lo..hi].to_ascii_lowercase();
        let hit = same_size
            .iter()
            .find(|(at, _, g)| *at != c.start && sent.contains(g.as_str()));
        if let Some((_, g, _)) = hit {
            again(c, g);
        }
    }
}

fn again(c: &mut Cand, g: &str) {
    c.role = Role::Arm;
    c.group = Some(g.to_string());
    c.rule = "sample_size.arm_again";
    c.conf = 0.6;
}

/// `After a washout, the 12 subjects who took citalopram received …`: a
/// count whose relative clause names the treatment of a group of the same
/// size is that group, however small, and whatever verb follows (not who
/// enrolled). Only a count of people in the study (not `cited` or an arm
/// already).
fn treated_as<'a>(
    fold: &str,
    c: &Cand,
    same_size: &'a [(usize, &'a str, String)],
) -> Option<&'a str> {
    if !matches!(
        c.role,
        Role::Total | Role::Subgroup | Role::Enrolled | Role::Completed
    ) {
        return None;
    }
    let clause = WHO_HAD
        .find(fold.get(c.end..)?)?
        .as_str()
        .to_ascii_lowercase();
    same_size
        .iter()
        .find(|(at, _, g)| *at != c.start && clause.contains(g.as_str()))
        .map(|(_, g, _)| *g)
}
