//! Groups that "had" their members: `The bupivacaine group had 30
//! patients, the saline group 29`, `the exercise arm included 41
//! participants and the control arm 39`. Two named groups, each with a
//! count in one sentence, split the participants: each count is a group's
//! size, when what is counted is people (patients, participants), not what
//! happened to them (`the A group had 3 infections, the B group 5`), and
//! nothing after the second count says which of them it was (`…, the B
//! group 5 patients with a leak`, `… 5 who died`).

use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::is_noun;
use crate::extract::sample_size::window::{group_before, spent};
use crate::extract::sample_size::Cand;
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use regex::Regex;
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

/// `The A group had 30 patients, the B group 29`: both counts are arms.
#[inline(never)]
pub(super) fn arms_from_groups_that_had(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    for c in HAD.captures_iter(fold) {
        if spent(doc, out.len()) {
            break;
        }
        let (Some(m), Some(n1), Some(w1), Some(g2), Some(n2)) =
            (c.get(0), c.get(1), c.get(2), c.get(4), c.get(5))
        else {
            continue;
        };
        let head = &fold[floor_boundary(fold, m.start().saturating_sub(60))..m.start()];
        if !THE_NAME.is_match(head) || !counts_people(w1.as_str(), c.get(3).map(|w| w.as_str())) {
            continue;
        }
        let Some(after) = AFTER_SECOND.captures(&fold[n2.end()..]) else {
            continue;
        };
        if after.get(1).is_some_and(|w| !is_noun(w.as_str())) {
            continue;
        }
        // One sentence holds both.
        if doc.sentence_at(m.start()) != doc.sentence_at(n2.start()) {
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
