//! Record keys for files that hold many articles: stable across exports
//! in another order, and safe as file names (`DIR/<rel>/<key>.json`).
//!
//! The order of preference is the contract's: the PMID, else the PMCID,
//! else the DOI, else the file's own record ID (a RIS `ID`, a BibTeX
//! citation key), else the position. Every key starts with its kind
//! (`pmid-31883240`, `pmcid-PMC6212345`, `doi-10.1000%2Fxyz`,
//! `id-smith2020`, `index-7`), so two kinds never collide and no key is
//! `.`, `..` or hidden.

use crate::record::Metadata;
use sha2::{Digest, Sha256};

/// Longest key in bytes: file systems allow 255 per name, and `.json`
/// and temp-file prefixes need room.
const MAX_KEY: usize = 160;

/// `pmid-31883240`.
pub fn pmid(pmid: &str) -> String {
    format!("pmid-{}", safe(pmid.trim()))
}

/// `pmcid-PMC6212345` (a bare number gets its `PMC`).
pub fn pmcid(pmcid: &str) -> String {
    let id = pmcid.trim();
    let digits = id
        .strip_prefix("PMC")
        .or_else(|| id.strip_prefix("pmc"))
        .unwrap_or(id);
    format!("pmcid-PMC{}", safe(digits))
}

/// `doi-10.1000%2Fxyz`: DOIs are case-insensitive, so lower case.
pub fn doi(doi: &str) -> String {
    format!("doi-{}", safe(&doi.trim().to_lowercase()))
}

/// `id-smith2020`: the file's own record ID.
pub fn record_id(id: &str) -> String {
    format!("id-{}", safe(id.trim()))
}

/// `index-7`: the article's 0-based position, when nothing else names it.
pub fn position(index: usize) -> String {
    format!("index-{index}")
}

/// The key of an article, in the contract's order of preference.
pub fn for_article(metadata: Option<&Metadata>, own_id: Option<&str>, index: usize) -> String {
    fn given(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    if let Some(m) = metadata {
        if let Some(p) = given(&m.pmid) {
            return pmid(p);
        }
        if let Some(p) = given(&m.pmcid) {
            return pmcid(p);
        }
        if let Some(d) = given(&m.doi) {
            return doi(d);
        }
    }
    match own_id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => record_id(id),
        None => position(index),
    }
}

/// Percent-encodes everything but `A-Z a-z 0-9 . _ -` (so the mapping is
/// one to one and the result is a plain file name); a very long key keeps
/// its start and a hash of the whole.
pub fn safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.len() > MAX_KEY {
        let digest = Sha256::digest(s.as_bytes());
        let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        out.truncate(MAX_KEY - 17);
        out.push('~');
        out.push_str(&hash);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_contracts_order() {
        let mut m = Metadata {
            doi: Some("10.1000/ABC.1".into()),
            ..Metadata::default()
        };
        assert_eq!(for_article(Some(&m), Some("x"), 3), "doi-10.1000%2Fabc.1");
        m.pmcid = Some("PMC123".into());
        assert_eq!(for_article(Some(&m), None, 3), "pmcid-PMC123");
        m.pmid = Some(" 31883240 ".into());
        assert_eq!(for_article(Some(&m), None, 3), "pmid-31883240");
        assert_eq!(for_article(None, Some("Smith 2020"), 3), "id-Smith%202020");
        assert_eq!(for_article(None, Some("  "), 3), "index-3");
        assert_eq!(pmcid("6212345"), "pmcid-PMC6212345");
    }

    #[test]
    fn keys_are_safe_distinct_file_names() {
        assert_eq!(safe("../x"), "..%2Fx");
        assert_ne!(safe("a/b"), safe("a%2Fb"), "one to one");
        let long = "x".repeat(400);
        let k = safe(&long);
        assert!(k.len() <= MAX_KEY, "{}", k.len());
        assert_ne!(k, safe(&"x".repeat(401)));
    }
}
