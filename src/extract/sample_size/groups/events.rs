//! `Seven patients randomised to placebo and 3 patients randomised to
//! golimumab were excluded from the analysis`, `Four patients (6%) in
//! group A and three (5%) in group B presented with angina`: counts listed
//! by group that are the subject of a verb of leaving the trial or of an
//! event say how many of each group left or had it, not the groups' sizes.

use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of a group's count of those who left or had an event.
pub(super) const RULE: &str = "sample_size.event_in_group";

// The predicate of the listed counts: leaving the trial or an event.
static PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:were|was)\s+(?:subsequently\s+|later\s+|also\s+)?(?:excluded|withdrawn|lost|removed|missing)|withdrew|dropped out|discontinued|died|did not (?:complete|finish|receive|attend|return)|had missing|presented with|developed|experienced|suffered)(?-u:\b)")
        .expect("predicate regex")
});

// What may not stand between the last count and its predicate: another
// clause (a comma, a conjunction), a finite verb of assignment
// (`were randomized … and none were excluded`), or completion.
static NOT_THE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)[,;:]|(?-u:\b)(?:and|but|while|whereas|none|no|completed|remained|(?:were|was)\s+(?:randomi[sz]ed|assigned|allocated|enrolled|included))(?-u:\b)")
        .expect("not the subject regex")
});

// A share in a bracket after a count (`three (5%) in group B`).
static SHARE: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"\(\s*\d+(?:\.\d+)?\s*%\s*\)").expect("share regex"));

// What may not join two counts of one list: another clause (`98 patients
// received treatment, whereas two patients died`).
static NOT_ONE_LIST: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)[;:]|,\s*and(?-u:\b)|(?-u:\b)(?:were|was|had|have|has|whereas|while|but|received)(?-u:\b)")
        .expect("not one list regex")
});

/// A list arm (`7 patients randomised to placebo`, `three in group B`).
fn listed(c: &Cand) -> bool {
    c.role == Role::Arm && c.rule.starts_with("sample_size.arm_list")
}

/// Whether the count `c` follows `of`: the whole a part is taken from.
fn of_whole(fold: &str, c: &Cand) -> bool {
    fold[floor_boundary(fold, c.start.saturating_sub(4))..c.start]
        .trim_end()
        .to_ascii_lowercase()
        .ends_with("of")
}

/// Whether the count `c`, the last of its list, is the subject of leaving
/// the trial or of an event stated right after it, before `limit`.
fn subject_of_event(fold: &str, c: &Cand, limit: usize) -> bool {
    let hi = ceil_boundary(fold, (c.end + 120).min(limit)).max(c.end);
    predicate_follows(&fold[c.end..hi])
}

/// Whether `after` (the text after a count) holds a verb of leaving or of
/// an event whose subject is that count: no other clause or verb between
/// (a share in a bracket, `(5%)`, aside).
fn predicate_follows(after: &str) -> bool {
    PREDICATE
        .find(after)
        .is_some_and(|m| !NOT_THE_SUBJECT.is_match(&SHARE.replace_all(&after[..m.start()], "")))
}

/// Turns the list arms that are the subject of an exit or an event into
/// subgroups.
#[inline(never)]
pub(super) fn events_in_groups(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    if !out.iter().any(listed) {
        return;
    }
    let mut order: Vec<usize> = (0..out.len())
        .filter(|&k| !matches!(out[k].role, Role::Skip | Role::Cited))
        .collect();
    order.sort_by_key(|&k| out[k].start);
    for (p, &k) in order.iter().enumerate() {
        if spent(doc, 0) {
            break;
        }
        let c = &out[k];
        if !(listed(c) || c.role == Role::Subgroup) {
            continue;
        }
        let (ss, se) = doc.sentence_at(c.start);
        let next = order
            .get(p + 1)
            .map_or(se, |&n| out[n].start.clamp(c.end, se));
        // `37 of 944 patients who received A experienced an event`: the
        // group's size the event count is taken from.
        if of_whole(fold, c) || !subject_of_event(fold, c, next) {
            continue;
        }
        // The counts of the list, back from the last.
        let mut chain = vec![k];
        for &j in order[..p].iter().rev() {
            let (prev, last) = (&out[j], &out[*chain.last().unwrap_or(&k)]);
            if prev.start < ss || prev.end > last.start || last.start - prev.end > 100 {
                break;
            }
            // `Of 100 participants, five … and seven … were excluded`:
            // the whole they were taken from is no part of the list.
            if of_whole(fold, prev) || NOT_ONE_LIST.is_match(&fold[prev.end..last.start]) {
                break;
            }
            chain.push(j);
        }
        if !chain.iter().any(|&j| listed(&out[j])) {
            continue;
        }
        for j in chain {
            let a = &mut out[j];
            if listed(a) {
                a.role = Role::Subgroup;
                a.rule = RULE;
                a.conf = 0.4;
                a.group = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_predicate_follows_the_subject() {
        let ok = predicate_follows;
        assert!(ok(" patients randomised to golimumab were excluded from"));
        assert!(ok(" (5%) in the placebo group presented with dizziness"));
        assert!(ok(
            " in the placebo group who were seen at week 8 had missing"
        ));
        assert!(!ok(
            " in the placebo group completed the study and none were excluded"
        ));
        assert!(!ok(" in group B received the gel, and 3 patients withdrew"));
    }
}
