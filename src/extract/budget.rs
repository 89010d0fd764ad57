//! The per-document budget for text work: defence in depth behind the
//! extractors' linear-time design.
//!
//! Every extractor is written to cost time in proportion to the document's
//! length (issue 17: one odd document must not eat the machine). Should a
//! pattern of text still find a slow path, the budget stops it: an
//! extractor asks [`Budget::exhausted`] in its candidate loop, stops
//! cooperatively when the answer is yes, and keeps what it has found; the
//! record then says in a warning which field was cut short and why
//! ([`super::extract_isolated`]). The same check bounds memory: one field
//! keeps at most [`MAX_FINDINGS_PER_FIELD`] findings per document, so a
//! megabyte of `p = 0.01 p = 0.01 …` cannot grow a record without limit.
//!
//! The clock is read on every call (a vDSO call, ~20 ns): call it once per
//! candidate, never once per byte.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

/// The most findings of one field a document keeps. Real papers stay far
/// below it (the 4,470 PMC full texts of the bench have at most a few
/// hundred per field); a document above it is a table dump or hostile text,
/// and the record says the list was cut.
pub const MAX_FINDINGS_PER_FIELD: usize = 10_000;

/// Why an extractor stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// The document's time budget ran out.
    Time,
    /// The field reached [`MAX_FINDINGS_PER_FIELD`].
    Findings,
}

/// A deadline and a findings cap for one document's extraction.
#[derive(Debug)]
pub struct Budget {
    deadline: Option<Instant>,
    limit: Option<Duration>,
    max_findings: usize,
    /// 0: not cut; 1: time; 2: findings. Atomic so that a `Document` stays
    /// `Sync`; only one thread works on a document at a time.
    cut: AtomicU8,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::unlimited()
    }
}

impl Clone for Budget {
    fn clone(&self) -> Self {
        Budget {
            deadline: self.deadline,
            limit: self.limit,
            max_findings: self.max_findings,
            cut: AtomicU8::new(self.cut.load(Ordering::Relaxed)),
        }
    }
}

impl Budget {
    /// No deadline; the findings cap still holds.
    pub fn unlimited() -> Budget {
        Budget {
            deadline: None,
            limit: None,
            max_findings: MAX_FINDINGS_PER_FIELD,
            cut: AtomicU8::new(0),
        }
    }

    /// A budget of `limit` from now (`--timeout`).
    pub fn with_time(limit: Duration) -> Budget {
        Budget {
            deadline: Instant::now().checked_add(limit),
            limit: Some(limit),
            ..Budget::unlimited()
        }
    }

    /// The same budget with another findings cap (tests use a small one).
    pub fn with_max_findings(mut self, max: usize) -> Budget {
        self.max_findings = max;
        self
    }

    /// The time budget this was made with, if any.
    pub fn limit(&self) -> Option<Duration> {
        self.limit
    }

    /// The findings cap per field.
    pub fn max_findings(&self) -> usize {
        self.max_findings
    }

    /// True when the extractor asking, which holds `found` findings of its
    /// field so far, must stop: the deadline passed or the field is full.
    /// Remembers why, for [`Budget::take_cut`].
    pub fn exhausted(&self, found: usize) -> bool {
        if found >= self.max_findings {
            self.cut.store(2, Ordering::Relaxed);
            return true;
        }
        if self.time_is_up() {
            self.cut.store(1, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// True when the deadline has passed (without recording a cut).
    pub fn time_is_up(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Why the last extractor stopped early, if it did; clears it for the
    /// next one.
    pub fn take_cut(&self) -> Option<Cut> {
        match self.cut.swap(0, Ordering::Relaxed) {
            1 => Some(Cut::Time),
            2 => Some(Cut::Findings),
            _ => None,
        }
    }

    /// Records a cut that the caller saw itself (an extractor that ignored
    /// the budget and overran it).
    pub fn note_cut(&self, cut: Cut) {
        let code = match cut {
            Cut::Time => 1,
            Cut::Findings => 2,
        };
        self.cut.store(code, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_cap_cuts_and_is_reported_once() {
        let b = Budget::unlimited().with_max_findings(3);
        assert!(!b.exhausted(2));
        assert!(b.exhausted(3));
        assert_eq!(b.take_cut(), Some(Cut::Findings));
        assert_eq!(b.take_cut(), None);
    }

    #[test]
    fn a_spent_deadline_cuts_for_time() {
        let b = Budget::with_time(Duration::ZERO);
        assert!(b.time_is_up());
        assert!(b.exhausted(0));
        assert_eq!(b.take_cut(), Some(Cut::Time));
    }

    #[test]
    fn no_deadline_never_runs_out_of_time() {
        let b = Budget::unlimited();
        assert!(!b.exhausted(0));
        assert_eq!(b.take_cut(), None);
        assert_eq!(b.limit(), None);
    }
}
