//! DOIs: every `10.NNNN/…` the document prints, normalized to lower case,
//! with the role `self` (the document's own) or `cited`.
//!
//! Real text wraps DOIs in URLs (`https://doi.org/10.…`, publisher links
//! ending in `/full`), follows them with punctuation, and catalogue records
//! glue the next field onto them (`…639315639315Long-Term`). Candidates are
//! found by one regex, then trimmed by rules that know these habits.

use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{DoiRole, DoiValue, Field, Finding, Value};
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

pub struct Doi;

// "doi: 10.1186/s13287-024-03765-6." / "https://doi.org/10.3389/fneur.2021.639315"
static CANDIDATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)10\.\d{4,9}(?:\.\d+)*/[^\s]+").expect("doi regex"));

// URL path segments and suffixes publishers append after the DOI.
static URL_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[?#].*|/(?:full|abstract|pdf|epdf|meta|html|summary|figures|references|supplemental|suppl_file|epub|issuetoc|download).*|\.pdf)$")
        .expect("url tail regex")
});

// Lines that introduce another work's identifiers on a PubMed page.
static CITED_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:erratum (?:in|for)|comment (?:in|on)|update (?:in|of)|retraction (?:in|of)|republished (?:in|from)|cites|cited by|see also|similar articles|references)\s*:?\s*$")
        .expect("cited marker regex")
});

impl Extractor for Doi {
    fn field(&self) -> Field {
        Field::Doi
    }

    fn version(&self) -> u32 {
        1
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::Doi);
        let mut cands: Vec<(usize, usize, String)> = Vec::new();
        for m in CANDIDATE.find_iter(&doc.fold) {
            if let Some((end, doi)) = clean(&doc.fold[m.start()..m.end()]) {
                cands.push((m.start(), m.start() + end, doi));
            }
        }
        // A DOI glued to the next field: when a clean occurrence of the
        // same DOI exists, a candidate that extends it by letters or digits
        // is that DOI plus glue.
        let clean_set: Vec<String> = cands.iter().map(|c| c.2.clone()).collect();
        for c in cands.iter_mut() {
            if let Some(base) = clean_set
                .iter()
                .filter(|o| o.len() < c.2.len() && c.2.starts_with(o.as_str()))
                .filter(|o| {
                    let next = c.2.as_bytes()[o.len()];
                    next.is_ascii_alphanumeric()
                })
                .max_by_key(|o| o.len())
            {
                c.1 = c.0 + base.len();
                c.2 = base.clone();
            }
        }
        let own = choose_own(doc, &cands);
        for (s, e, doi) in cands {
            let role = if Some(doi.as_str()) == own.as_deref() {
                DoiRole::Own
            } else {
                DoiRole::Cited
            };
            let conf = if role == DoiRole::Own { 0.95 } else { 0.9 };
            out.push(b.make(
                s,
                e,
                Value::Doi(DoiValue { doi, role }),
                "doi.pattern",
                conf,
            ));
        }
    }
}

/// Trims a raw candidate; returns its byte length in the source and the
/// normalized DOI.
fn clean(raw: &str) -> Option<(usize, String)> {
    let mut s = raw;
    // Only after the prefix's slash: `10.1000/full.1` is a DOI of its own.
    let first_slash = s.find('/')?;
    if let Some(m) = URL_TAIL.find(&s[first_slash + 1..]) {
        s = &s[..first_slash + 1 + m.start()];
    }
    loop {
        let before = s.len();
        s = s.trim_end_matches(['.', ',', ';', ':', '"', '\'', '>', '|', '…']);
        for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
            while s.ends_with(close) && s.matches(open).count() < s.matches(close).count() {
                s = &s[..s.len() - 1];
            }
        }
        if s.len() == before {
            break;
        }
    }
    let slash = s.find('/')?;
    if s.len() <= slash + 1 {
        return None;
    }
    Some((s.len(), s.to_lowercase()))
}

/// The document's own DOI: outside the references and cited blocks, the
/// first DOI in the front matter or labelled as the article's; else the
/// only DOI the body prints.
fn choose_own(doc: &Document, cands: &[(usize, usize, String)]) -> Option<String> {
    let mut eligible: Vec<&(usize, usize, String)> = Vec::new();
    for c in cands {
        let sec = doc.section_at(c.0);
        if sec == Section::References || in_cited_block(doc, c.0) {
            continue;
        }
        eligible.push(c);
    }
    let mut distinct: Vec<&str> = eligible.iter().map(|c| c.2.as_str()).collect();
    distinct.dedup();
    distinct.sort();
    distinct.dedup();
    if distinct.len() == 1 {
        return Some(distinct[0].to_string());
    }
    // Several: the first one in the front matter or the first fifth.
    let limit = doc.fold.len() / 5;
    eligible
        .iter()
        .find(|c| doc.section_at(c.0) == Section::Front || c.0 < limit.max(2000))
        .map(|c| c.2.clone())
}

/// Inside a block introduced by "Erratum in", "Comment on" and the like.
fn in_cited_block(doc: &Document, at: usize) -> bool {
    let head = &doc.fold[..at];
    // Look back at most two lines.
    let mut lines = head.rsplitn(4, '\n');
    let _same = lines.next();
    lines.take(2).any(|l| CITED_MARKER.is_match(l.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dois(text: &str) -> Vec<(String, DoiRole)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        Doi.extract(&doc, &mut out);
        out.into_iter()
            .map(|f| match f.value {
                Value::Doi(d) => (d.doi, d.role),
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn trailing_punctuation_and_url_paths_are_dropped() {
        assert_eq!(
            dois("Stem Cell Res Ther. 2024;15(1):151. doi: 10.1186/s13287-024-03765-6."),
            vec![("10.1186/s13287-024-03765-6".into(), DoiRole::Own)]
        );
        assert_eq!(
            dois("see https://www.frontiersin.org/articles/10.3389/fneur.2021.639315/full |"),
            vec![("10.3389/fneur.2021.639315".into(), DoiRole::Own)]
        );
    }

    #[test]
    fn balanced_parentheses_stay() {
        assert_eq!(
            dois("(doi 10.1130/2013.2502(04))")[0].0,
            "10.1130/2013.2502(04)"
        );
    }

    #[test]
    fn glued_field_is_cut_when_a_clean_copy_exists() {
        let got = dois("URL=https://x.org/10.3389/fneur.2021.639315 x 1210.3389/fneur.2021.639315639315Long-Term");
        assert!(
            got.iter().all(|(d, _)| d == "10.3389/fneur.2021.639315"),
            "{got:?}"
        );
    }

    #[test]
    fn reference_list_dois_are_cited() {
        let got = dois("Title\ndoi:10.1000/own.1\n\nReferences\n1. Smith. doi:10.1000/other.2\n");
        assert_eq!(
            got,
            vec![
                ("10.1000/own.1".into(), DoiRole::Own),
                ("10.1000/other.2".into(), DoiRole::Cited)
            ]
        );
    }
}
