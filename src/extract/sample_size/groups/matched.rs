//! `Among 2780 propensity-matched patient pairs`, `11,972 matched pairs
//! were identified for apixaban versus warfarin`: a count of matched pairs
//! is the size of each of the two cohorts it pairs (one member of each
//! pair in each), so two arms of that size.

use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of a count of matched pairs; the finding stands for both
/// cohorts (`arm_of`, two copies), as `27 in each group` does for its
/// groups.
pub(in crate::extract::sample_size) const MATCHED_PAIRS: &str = "sample_size.arm_matched_pairs";

// After the count: how the pairs were matched (`propensity-score`, `1:1`,
// `age- and sex-`), `matched`, at most one word of what is paired
// (`patient`, `case-control`), then `pairs`.
static PAIRS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s+(?:(?:propensity|score|1:1|age|sex|and|[a-z]+-)[\s-]*){0,4}matched\s+(?:[a-z-]+\s+)?pairs(?-u:\b)",
    )
    .expect("matched pairs regex")
});

/// Relabels or adds each count of matched pairs as the size of both cohorts.
#[inline(never)]
pub(super) fn arms_from_matched_pairs(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    out: &mut Vec<Cand>,
) {
    if !doc.lower().contains("matched") {
        return;
    }
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    for &(s, e, n) in nums {
        if spent(doc, out.len()) {
            break;
        }
        let Some(m) = PAIRS_AFTER.find(&fold[e..]) else {
            continue;
        };
        // `15 matched pairs of facilities`: pairs of clusters (or eyes,
        // teeth); `in five of the six matched pairs`: the pairs again, as
        // a denominator.
        let after = fold[e + m.end()..].trim_start();
        let before = fold[..s].trim_end();
        if n < 2
            || after.starts_with("of ")
            || before.ends_with(" of the")
            || before.ends_with(" of")
        {
            continue;
        }
        let c = Cand {
            start: s,
            end: e,
            n,
            role: Role::Arm,
            group: None,
            rule: MATCHED_PAIRS,
            conf: 0.6,
        };
        by_start.replace(out, c);
    }
}
