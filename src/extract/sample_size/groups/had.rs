//! Groups that "had" their members: `The bupivacaine group had 30
//! patients, the saline group 29`, `the exercise arm included 41
//! participants and the control arm 39`. Two named groups, each with a
//! count in one sentence, split the participants: each count is a group's
//! size, when what is counted is people (patients, participants), not what
//! happened to them (`the A group had 3 infections, the B group 5`), and
//! nothing after the second count says which of them it was (`…, the B
//! group 5 patients with a leak`, `… 5 who died`). Groups named by a label
//! say the same: `Group 1 (PTX only) had 31 patients while Group 2 (PTX
//! plus prednisolone) had 31 patients`.

use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::is_noun;
use crate::extract::sample_size::window::{group_before, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use regex::{Captures, Match, Regex};
use std::sync::LazyLock;

use super::phrases::add_arm;

pub(super) const RULE: &str = "sample_size.arm_group_had";

// `group had 30 patients, the saline group 29`: the first group's verb
// and count with one or two words (the last a noun of people), then the
// second group with its count, its verb left out or said again.
static HAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:group|arm)\s+(?:had|included|comprised|contained|enrolled|consisted\s+of)\s+(\d{1,5})\s+([A-Za-z][A-Za-z-]*)(?:\s+([A-Za-z][A-Za-z-]*))?\s*[,;]?\s*(?:(?:and|whereas|while|but)\s+)?the\s+(?:[A-Za-z0-9][A-Za-z0-9+/-]*\s+){1,3}?(group|arm)\s*,?\s+(?:(?:had|included|comprised|contained|enrolled)\s+)?(\d{1,5})(?-u:\b)")
        .expect("group had regex")
});

// `Group 1 (PTX only) had 31 patients while Group 2 (…) had 31`: each
// group named by its label (a letter, a number, a roman numeral) and
// perhaps what it received in brackets, then its verb and count.
static LABELLED_HAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:group|arm)\s+(?:[A-Z]|[0-9]{1,2}|[IVX]{1,4})(?-u:\b)\s*(?:\([^()]{1,80}\)\s*)?,?\s*(?:had|included|comprised|contained|consisted\s+of)\s+(\d{1,5})\s+([A-Za-z][A-Za-z-]*)(?:\s+([A-Za-z][A-Za-z-]*))?\s*[,;]?\s*(?:(?:and|whereas|while|but)\s+)?(group|arm)\s+(?:[A-Z]|[0-9]{1,2}|[IVX]{1,4})(?-u:\b)\s*(?:\([^()]{1,80}\)\s*)?,?\s*(?:(?:had|included|comprised|contained|consisted\s+of)\s+)?(\d{1,5})(?-u:\b)")
        .expect("labelled group had regex")
});

// The first group is named with `the` and one to three words.
static THE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)the\s+(?:[A-Za-z0-9][A-Za-z0-9+/-]*\s+){1,3}$")
        .expect("the name regex")
});

// What may follow the second count: a noun of people or nothing, then an
// end of the clause (not a decimal, a share or a relative clause).
static AFTER_SECOND: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:\s+([A-Za-z][A-Za-z-]*))?\s*(?:[.;)]\s|[.;)]?$|,\s+(?:respectively|and|whereas|while|but)(?-u:\b)|\s+(?:and|whereas|while|but)(?-u:\b)|,\s+(?:[A-Za-z]+\s+)*?(?:were|was)\s+(?:randomi[sz]ed|included|enrolled|analy[sz]ed|studied)(?-u:\b))")
        .expect("after second regex")
});

const JOINTS: [&str; 4] = ["and", "whereas", "while", "but"];

/// Whether the one or two words after the first count end in a noun of
/// people (`patients`, `elderly patients`).
fn counts_people(w1: &str, w2: Option<&str>) -> bool {
    match w2 {
        Some(w) if JOINTS.contains(&w.to_ascii_lowercase().as_str()) => is_noun(w1),
        Some(w) => is_noun(w),
        None => is_noun(w1),
    }
}

/// The parts of a pair match both readers' patterns share: the whole
/// match, the first count and its word, the second group and its count.
fn pair_parts<'h>(
    c: &Captures<'h>,
) -> Option<(Match<'h>, Match<'h>, Match<'h>, Match<'h>, Match<'h>)> {
    Some((c.get(0)?, c.get(1)?, c.get(2)?, c.get(4)?, c.get(5)?))
}

/// Whether the second count (`s2..e2`) closes a pair that starts at
/// `start`: only a noun of people or nothing follows it before its clause
/// ends, and one sentence holds both.
fn second_ends_the_pair(doc: &Document, start: usize, (s2, e2): (usize, usize)) -> bool {
    let fold = doc.fold.as_str();
    let Some(after) = AFTER_SECOND.captures(&fold[e2..]) else {
        return false;
    };
    after.get(1).is_none_or(|w| is_noun(w.as_str()))
        && doc.sentence_at(start) == doc.sentence_at(s2)
}

/// `The A group had 30 patients, the B group 29`: both counts are arms.
#[inline(never)]
pub(super) fn arms_from_groups_that_had(doc: &Document, out: &mut Vec<Cand>) {
    arms_of_named_groups(doc, out);
    arms_of_labelled_groups(doc, out);
}

/// `Group 1 (PTX only) had 31 patients while Group 2 (PTX plus
/// prednisolone) had 31 patients`: both counts are arms, when the first
/// counts people and nothing after the second says it was something else.
/// The verb after a group's name says what the group held, so a count read
/// as an outcome of a group (`had`) is this group's size.
fn arms_of_labelled_groups(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    for c in LABELLED_HAD.captures_iter(fold) {
        if spent(doc, out.len()) {
            break;
        }
        let Some((m, n1, w1, g2, n2)) = pair_parts(&c) else {
            continue;
        };
        if !counts_people(w1.as_str(), c.get(3).map(|w| w.as_str())) {
            continue;
        }
        // `group A had 8 cases, group B had 6 cases` (of a reaction): what
        // a group had, counted in cases, is events.
        let head = fold[m.start()..n1.start()].trim_end();
        let had = head
            .get(head.len().saturating_sub(3)..)
            .is_some_and(|v| v.eq_ignore_ascii_case("had"));
        if had && w1.as_str().eq_ignore_ascii_case("cases") {
            continue;
        }
        if !second_ends_the_pair(doc, m.start(), (n2.start(), n2.end())) {
            continue;
        }
        let label = |from: usize, to: usize| {
            let t = &fold[from..to];
            let end = t.find(['(', ',']).unwrap_or(t.len());
            let words: Vec<&str> = t[..end].split_whitespace().take(2).collect();
            Some(words.join(" "))
        };
        let first = label(m.start(), n1.start());
        let second = label(g2.start(), n2.start());
        for ((s, e), group) in [
            ((n1.start(), n1.end()), first),
            ((n2.start(), n2.end()), second),
        ] {
            size_of_group(fold, out, (s, e), group);
        }
    }
}

/// Makes the count at `s..e` the arm `group`, over a candidate that read
/// it as a part of the group (`had` read as an outcome) or as a total.
fn size_of_group(fold: &str, out: &mut Vec<Cand>, (s, e): (usize, usize), group: Option<String>) {
    let Some(n) = crate::extract::numbers::parse_count_or_words(&fold[s..e]) else {
        return;
    };
    let arm = Cand {
        start: s,
        end: e,
        n,
        role: Role::Arm,
        group,
        rule: RULE,
        conf: 0.7,
    };
    match out.iter().position(|c| c.start == s) {
        Some(i) if matches!(out[i].role, Role::Cited | Role::Skip) => {}
        Some(i) => out[i] = arm,
        None => out.push(arm),
    }
}

/// `The A group had 30 patients, the B group 29`: both counts are arms.
fn arms_of_named_groups(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    for c in HAD.captures_iter(fold) {
        if spent(doc, out.len()) {
            break;
        }
        let Some((m, n1, w1, g2, n2)) = pair_parts(&c) else {
            continue;
        };
        let head = &fold[floor_boundary(fold, m.start().saturating_sub(60))..m.start()];
        if !THE_NAME.is_match(head) || !counts_people(w1.as_str(), c.get(3).map(|w| w.as_str())) {
            continue;
        }
        if !second_ends_the_pair(doc, m.start(), (n2.start(), n2.end())) {
            continue;
        }
        let first_group = group_before(fold, m.start() + word_len(&fold[m.start()..]));
        let second_group = group_before(fold, g2.end());
        add_arm(
            fold,
            &mut by_start,
            out,
            (n1.start(), n1.end()),
            first_group,
            RULE,
            0.7,
        );
        add_arm(
            fold,
            &mut by_start,
            out,
            (n2.start(), n2.end()),
            second_group,
            RULE,
            0.7,
        );
    }
}

/// The length of the first word of `s` (`group`, `arm`).
fn word_len(s: &str) -> usize {
    s.find(|ch: char| !ch.is_ascii_alphabetic())
        .unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_are_counted_not_events() {
        assert!(counts_people("patients", None));
        assert!(counts_people("elderly", Some("patients")));
        assert!(counts_people("patients", Some("and")));
        assert!(!counts_people("wound", Some("infections")));
        assert!(!counts_people("infections", None));
    }
}
