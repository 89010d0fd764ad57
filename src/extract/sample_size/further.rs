//! `An analysis of data from greater than 1,000 patients … Of these, 620
//! have been studied for up to 4 years, and a further 440 have been studied
//! in comparative trials`: a part after `Of these` and the part `a further`
//! adds to it split the whole named before them. When the parts add up to
//! the whole (or a little over it, a whole stated roughly), each is a
//! subgroup and the whole keeps its role.

use crate::extract::sample_size::not_people::VERB_RULES;
use crate::extract::sample_size::window::{before_window, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of a part that, with the parts beside it, splits a whole.
const FURTHER_PART: &str = "sample_size.further_part";

// The clause opens with a part of the set named before it: `Of these, `.
static OF_THESE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s*(?:of|from|among|amongst|out of)\s+(?:these|those|them|whom|this group)\s*,\s*$",
    )
    .expect("of these regex")
});

// The count adds a part to the one before: `and a further 440`.
static FURTHER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:^|\s)(?:and\s+|while\s+)?(?:a\s+further|another|an\s+additional)\s*$",
    )
    .expect("further regex")
});

/// Whether a count's role and rule let it be a part here: a count with a
/// role verb of its own clause.
fn may_be_part(c: &Cand) -> bool {
    matches!(
        c.role,
        Role::Enrolled | Role::Randomized | Role::Analyzed | Role::Total
    ) && VERB_RULES.contains(&c.rule)
}

/// Marks the parts after `Of these, … and a further …` that add up to the
/// whole before them as subgroups.
pub(super) fn parts_that_add_up(doc: &Document, out: &mut [Cand]) {
    for i in 0..out.len() {
        if spent(doc, 0) {
            break;
        }
        let c = &out[i];
        if !may_be_part(c) || !OF_THESE.is_match(before_window(doc, c.start, false)) {
            continue;
        }
        let (ss, se) = doc.sentence_at(c.start);
        // The whole: the last count before the clause, within 400 bytes.
        let lo = ss.saturating_sub(400);
        let Some(whole) = out[..i]
            .iter()
            .rev()
            .find(|w| w.end <= ss && w.start >= lo && w.role != Role::Cited)
            .filter(|w| {
                matches!(w.role, Role::Total | Role::Enrolled | Role::Analyzed) && w.n > c.n
            })
            .map(|w| w.n)
        else {
            continue;
        };
        let Some(j) = (i + 1..out.len())
            .take_while(|&j| out[j].start < se)
            .find(|&j| {
                may_be_part(&out[j])
                    && out[j].n < whole
                    && FURTHER.is_match(before_window(doc, out[j].start, true))
            })
        else {
            continue;
        };
        let sum = c.n + out[j].n;
        if sum < whole || sum > whole + whole / 5 {
            continue;
        }
        for k in [i, j] {
            let p = &mut out[k];
            p.role = Role::Subgroup;
            p.rule = FURTHER_PART;
            p.conf = 0.5;
        }
    }
}
