//! Whose DOI it is: the document's own DOI is the one labelled as such
//! ("Cite this article", "DOI=", a PubMed `PMID … DOI:` line), printed on
//! the first page or in the front matter outside any reference, or repeated
//! in the running header of several pages. DOIs in the reference list, in
//! reference-like entries, or after "Erratum in", "Comment on" and the like
//! are `cited`.
//!
//! Each occurrence looks at most a few hundred bytes around it, so the cost
//! per DOI is bounded (and the findings cap bounds the DOIs).

use super::candidates::count_read;
use super::Cand;
use crate::normalize::Document;
use crate::sections::Section;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

// Labels that make a DOI the document's own: "Cite this article as",
// "To cite this article:", "DOI=" (citation export), "Online Access:"
// (catalogue record), "PMID: 38783390 … DOI:" (PubMed page), "the online
// version of this article (doi:…)".
static SELF_CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)cite this (?:article|paper)|to cite this|please cite|(?-u:\b)citation:|(?:online|electronic) version of this article|this article(?:'s)? (?:is|doi)|article doi|(?-u:\b)doi\s*=\s*$|online access|digital object identifier|(?-u:\b)pmid:\s*\d+\s+(?:pmcid:\s*pmc\d+\s+)?doi:\s*$")
        .expect("self cue regex")
});

// BMC prints the DOI right before "Cite this article as: …".
static SELF_CUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s.,;:]{0,5}(?:cite this article|to cite this|please cite this)")
        .expect("self cue after regex")
});

// Markers that introduce another work: PubMed's "Erratum in", "Comment
// on", "Update of", errata's "The original article", "see also" …
static CITED_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)erratum (?:in|for)|comment (?:in|on)|commentary on|update (?:in|of)|retraction (?:in|of|notice)|retracted (?:article|publication)|republished (?:in|from)|correction (?:to|in|for)|corrected (?:article|version)|(?-u:\b)correct(?:s|ing)? the|published article|reply to|in response to|original (?:article|version|publication)|see also|related article|linked article|refers to|similar articles|cited by|expression of concern")
        .expect("cited marker regex")
});

// Prose that points at another paper: "a study published in Frontiers in
// Neurology (https://doi.org/…)", "available from https://…".
static PROSE_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:see|available (?:at|from)|accessed|published (?:in|by)|reported (?:in|by)|described (?:in|by)|according to)(?-u:\b)")
        .expect("prose citation regex")
});

// Reference-list entries: a numbered line ("[12] ", "12. ", "30S. R.
// Kawa" where the number is glued to initials), "et al", an author list
// with initials ("Smith JA,", "S. R. Kawa and"), a year in brackets.
static REFERENCE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s|\d{1,3}\s+[A-Z][a-z]+,?\s+[A-Z]|\d{1,3}[A-Z]\.\s?[A-Z])|(?-u:\b)et al(?-u:\b)|(?-u:\b)[A-Z][a-z]+,?\s[A-Z]{1,3}(?:,\s|\.\s|\s+and\s)[A-Z]|(?-u:\b)[A-Z]\.\s?(?:[A-Z]\.\s?)*[A-Z][a-z]+(?:,|\s+and\s)|\(\s*(?:19|20)\d{2}[a-z]?\s*\)")
        .expect("reference entry regex")
});

/// The document's own DOI, or `None`.
pub(super) fn choose_own(doc: &Document, cands: &[Cand]) -> Option<String> {
    let mut best: BTreeMap<&str, (u8, usize)> = BTreeMap::new();
    let mut pages: BTreeMap<&str, (BTreeSet<u32>, BTreeSet<u32>)> = BTreeMap::new();
    for c in cands {
        // Journal and issue DOIs (`10.1002/(issn)2047-9980`,
        // `10.1002/jah3.2018.7.issue-5`) name a container, not the article.
        if c.doi.contains("/(issn)") || c.doi.contains(".issue-") {
            continue;
        }
        let score = self_score(doc, c);
        if score == Place::Cited {
            continue;
        }
        if let Some(p) = doc.page_of_char(doc.char_of_fold_byte(c.start)) {
            let set = pages.entry(c.doi.as_str()).or_default();
            set.0.insert(p);
            if score != Place::Reference {
                set.1.insert(p);
            }
        }
        let n = match score {
            Place::Label => 3,
            Place::Front => 2,
            _ => 0,
        };
        let e = best.entry(c.doi.as_str()).or_insert((0, c.start));
        if n > e.0 {
            *e = (n, c.start);
        }
    }
    // A DOI in the running header or footer of several pages: two pages
    // outside any reference, or three pages at all (footers of the pages
    // that hold the reference list look like references).
    for (doi, (any, clean)) in &pages {
        if clean.len() >= 2 || any.len() >= 3 {
            if let Some(e) = best.get_mut(doi) {
                e.0 = e.0.max(2);
            }
        }
    }
    let top = best.values().map(|v| v.0).max().unwrap_or(0);
    let winners: Vec<(&str, usize)> = best
        .iter()
        .filter(|(_, (s, _))| *s == top)
        .map(|(d, (_, at))| (*d, *at))
        .collect();
    // Two different DOIs with nothing but their place to tell them apart
    // (a journal DOI beside the article's in tag-stripped front matter):
    // no answer is better than a coin toss.
    if top < 2 || (top == 2 && winners.len() > 1) {
        return None;
    }
    winners
        .into_iter()
        .min_by_key(|&(_, at)| at)
        .map(|(d, _)| d.to_string())
}

/// What an occurrence says about whose DOI it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Labelled as the document's own ("Cite this article as").
    Label,
    /// On the first page or in the front matter, outside any reference.
    Front,
    /// Anywhere else in the body.
    Body,
    /// In the reference list or a reference-like entry.
    Reference,
    /// After "Erratum in", "Comment on" and the like: another work.
    Cited,
}

fn self_score(doc: &Document, c: &Cand) -> Place {
    let fold = &doc.fold;
    let window = lines_before(fold, c.start, 2);
    if CITED_MARKER.is_match(window) {
        return Place::Cited;
    }
    let after_end = (c.end + 80).min(fold.len());
    let after_end = (after_end..=fold.len())
        .find(|&i| fold.is_char_boundary(i))
        .unwrap_or(fold.len());
    let after = &fold[c.end..after_end];
    let near = lines_before(fold, c.start, 1);
    if SELF_CUE_BEFORE.is_match(near) || SELF_CUE_AFTER.is_match(after) {
        return Place::Label;
    }
    let section = doc.section_at(c.start);
    if section == Section::References || REFERENCE_ENTRY.is_match(near) {
        return Place::Reference;
    }
    if PROSE_CITATION.is_match(near) {
        return Place::Body;
    }
    let first_page = if doc.pages.is_empty() {
        c.start < 1500
    } else {
        doc.page_of_char(doc.char_of_fold_byte(c.start)) == Some(1)
    };
    if first_page {
        return Place::Front;
    }
    Place::Body
}

/// The text before `at` on its line and up to `n` lines above, stopping
/// at a blank line (a new paragraph or reference).
fn lines_before(fold: &str, at: usize, n: usize) -> &str {
    let mut start = at;
    let mut seen = 0;
    let bytes = fold.as_bytes();
    while start > 0 && at - start < 400 {
        if bytes[start - 1] == b'\n' {
            if seen == n || blank_line_before(fold, start - 1) {
                break;
            }
            seen += 1;
        }
        start -= 1;
    }
    while !fold.is_char_boundary(start) {
        start += 1;
    }
    &fold[start..at]
}

/// Whether the line that ends at the newline at byte `nl` holds only
/// whitespace. Walks back only over whitespace, so a long line costs one
/// char, not its length.
fn blank_line_before(fold: &str, nl: usize) -> bool {
    for c in fold[..nl].chars().rev() {
        count_read(1);
        if c == '\n' {
            return true;
        }
        if !c.is_whitespace() {
            return false;
        }
    }
    true
}
