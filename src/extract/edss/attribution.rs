//! Whether a sentence with a mention reports another study (`et al.`, a
//! citation, `previous trials`) in the background or discussion, as the
//! seeds' gold leaves such statements out. The cue set is EDSS's own; the
//! shared `extract::attribution` module asks a different question (a window
//! around one number, any section) and gives other answers on the seeds.

use super::shape::rx;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// Citations and attributions to other work.
static CITED: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)et\s+al(?-u:\b)|\[\d+(?:\s*[,\-]\s*\d+)*\]|\(\d{1,3}(?:\s*[,\-]\s*\d{1,3})*\)|(?-u:\b)study\s+by(?-u:\b)|(?-u:\b)(?:previous|earlier|another|other)\s+(?:stud|trial|report)|(?-u:\b)(?:found|reported|showed|demonstrated)\s+that(?-u:\b)|(?-u:\b)stud(?:y|ies)\s+(?:from|in)\s+[A-Z]",
    )
});

// The authors speaking of their own study.
static OWN: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(?:we|our|this\s+(?:study|trial)|the\s+present\s+(?:study|trial)|the\s+current\s+(?:study|trial))(?-u:\b)",
    )
});

/// Whether the sentence `s0..s1` reports another study: in the background
/// or discussion, with a citation or attribution in it or in the sentence
/// before, and no word of the authors' own study.
pub(super) fn reports_other_study(doc: &Document, s0: usize, s1: usize) -> bool {
    if !doc.section_at(s0).is_background_like() {
        return false;
    }
    let sentence = &doc.fold[s0..s1];
    count_scan(s1 - s0);
    if OWN.is_match(sentence) {
        return false;
    }
    if CITED.is_match(sentence) {
        return true;
    }
    if s0 > 0 {
        let (p0, _) = doc.sentence_at(s0 - 1);
        count_scan(s0 - p0);
        if p0 < s0 && CITED.is_match(&doc.fold[p0..s0]) {
            return true;
        }
    }
    false
}

#[cfg(test)]
thread_local! {
    /// Bytes of sentences read by [`reports_other_study`], for the test
    /// that keeps a long sentence of mentions from being read per mention.
    pub(super) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_scan(n: usize) {
    SCANNED.with(|s| s.set(s.get() + n));
}

#[cfg(not(test))]
fn count_scan(_: usize) {}
