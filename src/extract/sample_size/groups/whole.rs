//! The whole before its parts: `patients who responded to open treatment
//! (n = 721) were randomized to drug 20 mg (n = 282), 40 mg (n = 293) or
//! placebo (n = 146)`. An `n =` bracket that closes right before the verb
//! that splits the people into groups counts those who were split, and the
//! arms stated after it in its sentence add up to it: it is the randomized
//! whole, not one more arm.

use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
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
