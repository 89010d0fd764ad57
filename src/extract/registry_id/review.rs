//! A review has no trial of its own: where the paper calls itself a
//! review ("for this narrative review, PubMed was searched", "This review
//! considers the clinical trial programme of …") and says of none of its
//! numbers that the study was registered, the trials it lists (a table's
//! column of numbers, `NCT ID` / `NCT…` / `NCT…`) are others' trials:
//! cited. A review that pools data ("This review presents a cumulative
//! analysis of …", a meta-analysis of named trials) keeps them: it is
//! their analysis.

use super::cues;
use crate::normalize::Document;
use crate::record::{Finding, RegistryRole, Value};
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

// The paper calling itself a review: "this narrative review", "for this
// review, PubMed was searched", "In our review, we", "This review
// considers / describes / summarizes …". Not a systematic review (it may
// pool its trials' data), nor "this review" after another's review is
// cited ("Smith et al. reviewed … [12]; this review included six trials").
static CALLS_ITSELF_A_REVIEW: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:this|our|the present) narrative review|(?:for|in) (?:this|our|the present) (?:narrative |literature )?review,? (?:we|pubmed|medline|embase|the literature|articles|publications)|(?:this|our|the present) (?:narrative |literature )?review (?:considers|describes|discusses|summari[sz]es|focuses|examines|outlines|highlights))(?-u:\b)")
        .expect("review regex")
});

// What a review that is its trials' analysis says of itself.
static POOLS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)pooled|cumulative|combined|integrated|meta-?analy|patient-level|individual (?:patient|participant)")
        .expect("review pools regex")
});

/// Whether the paper calls itself a review, in its head, background or
/// methods (where the authors say what their paper is), in a sentence
/// that pools nothing.
fn calls_itself_a_review(doc: &Document) -> bool {
    let fold = doc.fold.as_str();
    CALLS_ITSELF_A_REVIEW.find_iter(fold).any(|m| {
        let sec = doc.section_at(m.start());
        let (s, e) = doc.sentence_at(m.start());
        matches!(
            sec,
            Section::Front | Section::Abstract | Section::Background | Section::Methods
        ) && fold
            .get(s..e.max(m.end()).min(fold.len()))
            .is_none_or(|sentence| !POOLS.is_match(sentence))
    })
}

/// Whether the ID at `at` is given as the study's registration: in a
/// registration section, after a registration label, or in a sentence
/// that speaks of registration.
fn registered_here(doc: &Document, at: usize) -> bool {
    if doc.section_at(at) == Section::Registration || cues::registration_label_before(doc, at) {
        return true;
    }
    let (s, e) = doc.sentence_at(at);
    doc.fold
        .get(s..e)
        .is_some_and(|sentence| sentence.to_lowercase().contains("regist"))
}

/// In a paper that calls itself a review, with no number given as its
/// registration, every own number is cited.
pub(super) fn review_has_no_own_trial(
    doc: &Document,
    found: &mut [Finding],
    spans: &[(usize, usize)],
) {
    let own_at: Vec<usize> = found
        .iter()
        .zip(spans)
        .filter(|(f, _)| matches!(&f.value, Value::RegistryId(r) if r.role == RegistryRole::Own))
        .map(|(_, &(at, _))| at)
        .collect();
    if own_at.is_empty()
        || own_at.iter().any(|&at| registered_here(doc, at))
        || !calls_itself_a_review(doc)
    {
        return;
    }
    for f in found.iter_mut() {
        if let Value::RegistryId(r) = &mut f.value {
            r.role = RegistryRole::Cited;
        }
    }
}
