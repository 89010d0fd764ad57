//! A second group whose verb and noun are left out after the first's:
//! `The intervention arm comprised 1,052 participants and the control arm
//! 1,048`, `The treatment group consisted of 45 patients and the control
//! group of 43`, `Group I (spinal) included 35 patients and group II
//! (general) 35 patients`: the counts after the other groups' names are
//! their sizes, as the first is its group's.

use super::phrases::add_arm;
use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::NOUNS;
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// What follows a group's size when the next group's verb is left out: a
// joint, the next group's name (up to three words, a label, a bracket),
// an optional `of`, its count, an optional noun of people, and the end of
// the clause (never a decimal's point or a share).
static ELIDED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*(?:,\s*(?:and\s+|while\s+|whereas\s+)?|\s+(?:and|while|whereas)\s+)(?:the\s+|a\s+)?((?:[A-Za-z0-9][A-Za-z0-9+/-]*\s+){{0,3}}?(?:group|arm|cohort)(?:\s+(?-i:[A-Z0-9]{{1,3}}|[IVX]{{1,4}}))?)(?-u:\b)(?:\s+\([^()]{{1,40}}\))?\s+(?:(?:consisted\s+)?of\s+|comprised\s+|included\s+|contained\s+)?(\d{{1,3}}(?:,\d{{3}})+|\d+)((?:\s+(?:{NOUNS}))?)(?-u:\b)\s*(?:[.;,)](?:\s|$)|$|\s+and\s)"
    ))
    .expect("elided regex")
});

/// How far apart two arms' sizes may be, as a ratio, for a count after a
/// group's name to be read as its size.
const MAX_RATIO: u64 = 5;

/// Adds the arms that follow an arm named by its group's phrase
/// (`sample_size.arm_group_of`) with their verb left out.
#[inline(never)]
pub(super) fn arms_from_elided_groups(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let firsts: Vec<(usize, u64)> = out
        .iter()
        .filter(|c| c.role == Role::Arm && c.rule == "sample_size.arm_group_of")
        .map(|c| (c.end, c.n))
        .collect();
    if firsts.is_empty() {
        return;
    }
    let mut by_start = ByStart::new(out);
    for (mut end, n) in firsts {
        let (_, se) = doc.sentence_at(end);
        while end < se {
            if spent(doc, out.len()) {
                return;
            }
            let Some(c) = ELIDED.captures(&fold[end..se]) else {
                break;
            };
            let num = c.get(2).expect("count");
            let (s, e) = (end + num.start(), end + num.end());
            let next = end + c.get(3).map_or(num.end(), |x| x.end());
            let Some(m) = crate::extract::numbers::parse_count_or_words(&fold[s..e]) else {
                break;
            };
            if m < 2 || m.max(n) > MAX_RATIO * m.min(n) {
                break;
            }
            let group = c
                .get(1)
                .map(|g| g.as_str().split_whitespace().collect::<Vec<_>>().join(" "));
            add_arm(
                fold,
                &mut by_start,
                out,
                (s, e),
                group,
                "sample_size.arm_elided",
                0.7,
            );
            end = next;
        }
    }
}
