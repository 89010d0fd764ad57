//! Mentions of the scale and where the statement after one ends: the
//! anchor (`EDSS`, `Expanded Disability Status Scale`, `Kurtzke EDSS`), the
//! composite `EDSS-Plus` that is not the scale, the start of another measure
//! that ends the clause, and a cheap index that tells whether a stretch of
//! text holds a number at all.

use super::shape::{rx, valid_score};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use regex::Regex;
use std::sync::LazyLock;

// "Expanded Disability Status Scale (EDSS)", "Kurtzke EDSS", "EDSS", and
// "EDSSa", a table label whose footnote letter a JATS `<sup>` glued on.
pub(super) static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?-u:\b)(?:(?i:Kurtzke(?:'s)?)\s+)?(?:EDSS[a-f]?(?-u:\b)|(?i:expanded\s+disability\s+status\s+scale(?-u:\b)))(?:\s*[(\[]EDSS[)\]])?",
    )
});

// "EDSS Plus", "EDSS-Plus": a composite outcome, not the scale itself.
pub(super) static PLUS: LazyLock<Regex> = LazyLock::new(|| rx(r"^(?i)-?\s*plus(?-u:\b)"));

// "time to EDSS 6.0", "age at reaching EDSS 6", "time to reach an EDSS
// score of 6.0", "years to sustained EDSS 4.0": the score names a
// milestone, an event whose time is measured, not a patient's score
// (the words before the mention, and the level right after it:
// `time to EDSS progression of at least one point` is a change).
static MILESTONE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(?:time|age|years?|delay|interval)\s+(?:to|at|until)\s+(?:reach(?:ing)?\s+|attain(?:ing)?\s+|first\s+)?(?:an?\s+)?(?:(?:confirmed|sustained|irreversible|first)\s+)?$",
    )
});
static MILESTONE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^(?i)\s*(?:scores?\s+)?(?:of\s+)?\d"));
/// `time to a sustained EDSS score of 7.0 or higher`: a limit, still read.
static MILESTONE_LIMIT: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*(?:scores?\s+)?(?:of\s+)?\d{1,2}(?:\.\d)?\s*(?:\+|or\s+(?:more|higher|greater|above|over|worse|less|lower|below)|and\s+(?:above|over|higher|more))",
    )
});

/// A level reached or attained, no time asked of it (`Patients reaching
/// EDSS 6, n (%)`, `who reached an EDSS of 4.0`): the patients counted are
/// those at the level or above it, a threshold, not anyone's score.
static REACHED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(?:reach(?:ing|ed|es)?|attain(?:ing|ed|s)?)\s+(?:an?\s+)?(?:(?:confirmed|sustained|irreversible)\s+)?$",
    )
});
/// The level right after the mention: `6`, `score of 4.0`.
static LEVEL: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^(?i)\s*(?:scores?\s+)?(?:of\s+)?(\d{1,2}(?:\.\d)?)(?-u:\b)"));

/// The level a mention with `head` before it names as reached
/// ([`REACHED_BEFORE`]), and the end of its number in `tail`; a limit
/// (`reached an EDSS of 6.0 or more`) is left to the threshold readers.
pub(super) fn reached_level(head: &str, tail: &str) -> Option<(f64, usize)> {
    if !REACHED_BEFORE.is_match(head) || MILESTONE_LIMIT.is_match(tail) {
        return None;
    }
    let c = LEVEL.captures(tail)?;
    let v = parse_decimal(&c[1])?;
    let end = c.get(0)?.end();
    valid_score(v).then_some((v, end))
}

/// Whether the mention with `head` before it and `tail` after it names a
/// milestone level (`time to EDSS 6.0`).
pub(super) fn names_milestone(head: &str, tail: &str) -> bool {
    MILESTONE_AFTER.is_match(tail)
        && !MILESTONE_LIMIT.is_match(tail)
        && MILESTONE_BEFORE.is_match(head)
}

// Where another measure starts, the EDSS statement has ended: other
// scales, ages, durations, relapses, lesions, statistics.
pub(super) static STOP: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?-u:\b)(?:MSFC|T25-?FW|MSSS|ARMSS|9-?HPT|SDMT|PASAT|MSIS|MSWS|FSS|FSMC|MFIS|BDI|HADS?|EQ-5D|VAS|TUG|BBS|6MWT|ARR|BMI|MRI|CI|HR|OR|RR)(?-u:\b)|(?i:(?-u:\b)(?:25-foot|nine-hole|9-hole|relapses?|age|aged|duration|lesions?|volume|weight|confidence|interval|hazard|odds|p\s*[=<>≤]|p\s*value)(?-u:\b))",
    )
});

/// Whether a number (digits, or a size word `one` … `five`, `half`, as
/// `shape::SIZE` and `shape::N` read them) may stand in a stretch of the text. The
/// first mentions ask a regex over their stretch; a document that asks
/// more often (a table of a thousand mentions) gets an index of every
/// number, made in one pass, so that no byte is searched once per mention.
pub(super) struct Numbers<'a> {
    fold: &'a str,
    asked: usize,
    spans: Option<Vec<(usize, usize)>>,
}

// A superset of what `N` and `SIZE` match: `\d` as they use it (any
// Unicode digit), and the size words without word boundaries.
static NUMBERISH: LazyLock<Regex> = LazyLock::new(|| rx(r"\d+|(?i:one|two|three|four|five|half)"));

/// Mentions that search their own stretch before the index is made.
const NUMBERS_ASKED_BEFORE_INDEX: usize = 64;

impl<'a> Numbers<'a> {
    pub(super) fn new(fold: &'a str) -> Numbers<'a> {
        Numbers {
            fold,
            asked: 0,
            spans: None,
        }
    }

    /// Whether a number may stand in `fold[a..b]` (char boundaries).
    pub(super) fn any_in(&mut self, a: usize, b: usize) -> bool {
        self.asked += 1;
        if self.spans.is_none() && self.asked > NUMBERS_ASKED_BEFORE_INDEX {
            self.spans = Some(
                NUMBERISH
                    .find_iter(self.fold)
                    .map(|m| (m.start(), m.end()))
                    .collect(),
            );
        }
        match &self.spans {
            None => NUMBERISH.is_match(&self.fold[a..b]),
            // A match of the whole text that overlaps the stretch counts:
            // an occurrence inside it that the whole-text search skipped
            // overlaps one it found.
            Some(spans) => {
                let i = spans.partition_point(|&(_, e)| e <= a);
                spans.get(i).is_some_and(|&(s, _)| s < b)
            }
        }
    }
}

/// The clause after a mention ending at `a1`: to the sentence end `s1`,
/// the next mention, the start of another measure, at most 220 bytes.
pub(super) fn clause_end(fold: &str, a1: usize, s1: usize, next_mention: Option<usize>) -> usize {
    let mut end = floor_boundary(fold, s1.min(a1 + 220));
    if let Some(n0) = next_mention {
        end = end.min(n0.max(a1));
    }
    if let Some(m) = STOP.find(&fold[a1..end]) {
        end = a1 + m.start();
    }
    end
}
