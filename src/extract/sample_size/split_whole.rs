//! Stage 2 (roles), a whole before its size per group: `61 volunteers
//! enrolled and 60 (n = 20 per arm) completed the review`, `the rest 44 (22
//! in each group) completed the treatment`. The bracket's size per group
//! would take the whole's place: the whole is a count of its own, with the
//! role of the verb after the bracket (completed, analysed). The size per
//! group stays an arm finding (the gold sets list the groups' completers as
//! arm sizes); the summary's reasoning weighs it against the groups
//! randomized.

use super::lexicon::NOUNS;
use super::window::after_window;
use super::{Cand, Role, ARM_EACH};
use crate::extract::numbers::parse_count_or_words;
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The whole's rule.
const WHOLE: &str = "sample_size.whole_before_split";

/// Before a size per group, ending at it: the whole, then the bracket
/// (`60 (n = `, `44 patients (`).
static WHOLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+(?:(?:{NOUNS})\s+)?\(\s*(?:n\s*=\s*)?$"
    ))
    .expect("whole before regex")
});

/// After the bracket: the verb of those who stayed (`completed`, `were
/// analysed`).
static STAYED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:(?:have|had|were|was)\s+)?(?:successfully\s+|fully\s+|finally\s+)?(completed|finished|analy[sz]ed|evaluated|assessed)(?-u:\b)")
        .expect("stayed after regex")
});

/// After a count: a size per group (`per arm`, `in each group`).
static EACH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[\d,.]*\s*[a-z -]{0,30}?(?-u:\b)(?:per|each|both)(?-u:\b)")
        .expect("each after regex")
});

/// The sentence of an arm that is a size per group (`27 in each group`,
/// `(n = 20 per arm)`), when the count lies inside it: a count off its
/// sentence's bounds (a table cell) is left alone.
pub(super) fn size_per_group_in_sentence(doc: &Document, c: &Cand) -> Option<(usize, usize)> {
    if c.role != Role::Arm
        || c.rule != ARM_EACH && !EACH_AFTER.is_match(&after_window(doc, c.start, usize::MAX))
    {
        return None;
    }
    let (ss, se) = doc.sentence_at(c.start);
    (ss <= c.start && se >= c.end).then_some((ss, se))
}

/// Reads the wholes before a size per group of those who stayed.
pub(super) fn mark_split_wholes(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let mut wholes: Vec<Cand> = Vec::new();
    for c in out.iter() {
        let Some((ss, se)) = size_per_group_in_sentence(doc, c) else {
            continue;
        };
        let lo = floor_boundary(fold, c.start.saturating_sub(60)).max(ss);
        let Some(m) = WHOLE_BEFORE.captures(&fold[lo..c.start]) else {
            continue;
        };
        let Some(num) = m.get(1) else { continue };
        let Some(n) = parse_count_or_words(num.as_str()) else {
            continue;
        };
        let Some(close) = fold[c.end..se].find(')').map(|p| c.end + p + 1) else {
            continue;
        };
        let Some(verb) = STAYED_AFTER
            .captures(&fold[close..se])
            .and_then(|v| v.get(1))
        else {
            continue;
        };
        let role = if verb.as_str().eq_ignore_ascii_case("completed")
            || verb.as_str().eq_ignore_ascii_case("finished")
        {
            Role::Completed
        } else {
            Role::Analyzed
        };
        if n <= c.n {
            continue;
        }
        wholes.push(Cand::ungrouped(
            lo + num.start(),
            lo + num.end(),
            n,
            role,
            WHOLE,
            0.8,
        ));
    }
    for w in wholes {
        match out.iter_mut().find(|c| c.start == w.start) {
            // A whole already read by its verb keeps that role (`36
            // participants (…) have completed` is who was analysed).
            Some(c) if matches!(c.role, Role::Analyzed | Role::Completed) => c.rule = WHOLE,
            Some(c) => *c = w,
            None => out.push(w),
        }
    }
}
