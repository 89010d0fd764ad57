//! Identifiers from citation fields, cleaned once so that a DOI from a
//! RIS `DO` line, a Web of Science `DI` line or a BibTeX `doi` field comes
//! out the same: DOIs ([`clean_doi`] for a field that is one, [`doi_in`]
//! for a link or note that holds one), PMIDs and PMCIDs in the spellings
//! vendors write them, publication years, and trial registry IDs in the
//! canonical form the registry-ID extractor gives them.

use crate::record::RegistryRef;
use regex::Regex;
use std::sync::LazyLock;

use super::one_line;

/// `10.` + registrant + `/` + suffix, anywhere in a value.
static DOI_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"10\.\d{3,9}(?:\.\d+)*/[^\s\x22<>]+").expect("doi regex"));

/// What stands before a DOI's first `/`: `10.` and a registrant code.
static REGISTRANT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^10\.\d{3,9}(?:\.\d+)*$").expect("registrant regex"));

/// The DOI a field names, cleaned the way the output contract wants it:
/// lower case, without `doi:` or a resolver prefix, trailing punctuation
/// or an unbalanced closing bracket (`doi:10.1000/X.`,
/// `https://doi.org/10.1000/x` → `10.1000/x`). `None` when the value is
/// not a DOI (a URL to a publisher's page, a PII, words after it). The
/// one cleaner of every reader's DOI fields (PubMed XML, MEDLINE, RIS, Web
/// of Science, BibTeX, EndNote). A DOI inside a longer text needs
/// [`doi_in`].
pub fn clean_doi(value: &str) -> Option<String> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let rest = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "dx.doi.org/",
        "doi:",
        "doi",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p).map(|_| &v[p.len()..]))
    .unwrap_or(v)
    .trim();
    // A DOI is the whole value: `10.1000/x extra words` is not one. Its
    // suffix may hold any other character (`<` and `>` in the SICI DOIs of
    // the 1990s: `10.1002/(sici)1097-4636(199906)45:4<372::aid-jbm12>3.0.co;2-9`).
    if rest.contains(char::is_whitespace) {
        return None;
    }
    let (registrant, _) = rest.split_once('/')?;
    if !REGISTRANT.is_match(registrant) {
        return None;
    }
    let d = tidy_doi(rest);
    d.split_once('/')
        .is_some_and(|(_, suffix)| !suffix.is_empty())
        .then_some(d)
}

/// The first DOI inside a longer value: a resolver or publisher URL
/// (`http://doi.acm.org/10.1145/…`, `…/doi/abs/10.1002/…`) or a note
/// (`doi: 10.1063/1.1954747`). URLs count only when they say `doi`, so a
/// publisher's `pii` path never reads as a DOI.
pub fn doi_in(value: &str) -> Option<String> {
    // A link may encode the DOI's slash (`10.1002%2Fajim.22459`).
    let decoded;
    let value = if value.contains('%') {
        decoded = percent_decode(value);
        decoded.as_str()
    } else {
        value
    };
    let m = DOI_IN.find(value)?;
    let before = value[..m.start()].to_ascii_lowercase();
    let url = before.contains("://") || before.starts_with("www.");
    if url && !before.contains("doi") {
        return None;
    }
    Some(tidy_doi(m.as_str()))
}

/// Lower case, without trailing punctuation or an unbalanced closing
/// bracket (`10.1016/S0027-9684(15)31340-7` keeps its brackets).
fn tidy_doi(d: &str) -> String {
    let mut d = d.trim().to_lowercase();
    // Brackets are counted once, so a value ending in a long run of `)`
    // costs linear time.
    const PAIRS: [(char, char); 3] = [('(', ')'), ('[', ']'), ('{', '}')];
    let open = PAIRS.map(|(o, _)| d.matches(o).count());
    let mut close = PAIRS.map(|(_, c)| d.matches(c).count());
    while let Some(last) = d.chars().last() {
        let bracket = PAIRS.iter().position(|&(_, c)| c == last);
        let drop = match bracket {
            Some(i) => close[i] > open[i],
            None => matches!(last, '.' | ',' | ';' | ':' | '\'' | '"'),
        };
        if !drop {
            break;
        }
        if let Some(i) = bracket {
            close[i] -= 1;
        }
        d.pop();
    }
    d
}

/// `%2F` → `/` in DOIs taken from URLs.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}

static PMID: LazyLock<Regex> = LazyLock::new(|| {
    // "23690738", "23690738[pmid]", "PMID: 23690738", "MEDLINE:16842170",
    // "https://pubmed.ncbi.nlm.nih.gov/26957754", ".../pubmed/26957754"
    Regex::new(r"(?i)^(?:pmid:?|pubmed(?: id)?:?|medline:|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/))?[ \t]*([1-9]\d{0,8})[ \t]*(?:\[pmid\])?/?$")
        .expect("pmid regex")
});

/// A PMID from a field value, or `None` when the value is not one
/// (`P123456`, `000000000000`, an Embase accession of the wrong shape).
pub fn clean_pmid(value: &str) -> Option<String> {
    PMID.captures(value.trim()).map(|c| c[1].to_string())
}

static PMCID: LazyLock<Regex> = LazyLock::new(|| {
    // "PMC4756000", "PMC4756000[pmcid]", "PMCID: PMC4756000",
    // "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4756000/"
    Regex::new(r"(?i)^(?:pmcid:?[ \t]*|https?://(?:www\.)?ncbi\.nlm\.nih\.gov/pmc/articles/)?(PMC[1-9]\d{0,9})[ \t]*(?:\[pmcid\])?/?$")
        .expect("pmcid regex")
});

/// A PMCID (`PMC4756000`) from a field value.
pub fn clean_pmcid(value: &str) -> Option<String> {
    PMCID
        .captures(value.trim())
        .map(|c| c[1].to_ascii_uppercase())
}

/// The first plausible publication year in a date (`2016/01/`, `Sep
/// 2015`, `2013-04-18`; not `0000`, not `Date of Code`).
pub fn year_in(value: &str) -> Option<u16> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[^0-9])(1[5-9]\d\d|20\d\d)(?:[^0-9]|$)").expect("year"));
    YEAR.captures(value)
        .and_then(|c| c[1].parse().ok())
        .filter(|&y: &u16| (1500..=2100).contains(&y))
}

/// Trial registry IDs in a registry field, canonical, as the registry-ID
/// extractor reads them (so metadata and text compare equal).
pub fn registry_ids_in(value: &str) -> Vec<RegistryRef> {
    use crate::extract::Extractor;
    use crate::record::Value;
    // The cue makes cue-only registries (EudraCT numbers) count.
    let doc =
        crate::normalize::Document::from_text(&format!("Trial registration: {}", one_line(value)));
    let mut found = Vec::new();
    crate::extract::registry_id::RegistryId.extract(&doc, &mut found);
    let mut out: Vec<RegistryRef> = Vec::new();
    for f in found {
        if let Value::RegistryId(v) = f.value {
            if !out.iter().any(|r| r.id == v.id) {
                out.push(RegistryRef::new(v.registry, v.id));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_are_cleaned_from_every_spelling() {
        for v in [
            "10.1016/J.POWTEC.2012.01.008",
            "doi:10.1016/j.powtec.2012.01.008",
            "doi: 10.1016/j.powtec.2012.01.008.",
            "http://dx.doi.org/10.1016/j.powtec.2012.01.008",
            "https://doi.org/10.1016/j.powtec.2012.01.008",
        ] {
            assert_eq!(
                clean_doi(v).as_deref(),
                Some("10.1016/j.powtec.2012.01.008"),
                "{v}"
            );
        }
        assert_eq!(
            clean_doi("10.1016/S0027-9684(15)31340-7").as_deref(),
            Some("10.1016/s0027-9684(15)31340-7")
        );
        assert_eq!(clean_doi("Article"), None);
        // A long run of closing brackets is trimmed (in linear time).
        let run = format!("10.1000/x(1){}", ")".repeat(50_000));
        assert_eq!(clean_doi(&run).as_deref(), Some("10.1000/x(1)"));
        assert_eq!(clean_doi("10.1000/x]."), Some("10.1000/x".into()));
        assert_eq!(clean_doi("10.1/x and more words"), None);
        assert_eq!(clean_doi("10.1000/x and more words"), None);
        assert_eq!(
            clean_doi(" https://doi.org/10.1056/NEJMoa1715274. ").as_deref(),
            Some("10.1056/nejmoa1715274")
        );
        assert_eq!(clean_doi("doi:10.1000/ABC").as_deref(), Some("10.1000/abc"));
        assert_eq!(clean_doi("10.1000/abc;").as_deref(), Some("10.1000/abc"));
        assert_eq!(clean_doi("S0732-8893(15)00432-0"), None, "a pii");
        assert_eq!(clean_doi("10.1000/"), None);
        assert_eq!(clean_doi("10.1000/."), None);
        assert_eq!(clean_doi("10.1000/a b"), None);
        assert_eq!(
            clean_doi("10.1002/(SICI)1097-4636(199906)45:4<372::AID-JBM12>3.0.CO;2-9").as_deref(),
            Some("10.1002/(sici)1097-4636(199906)45:4<372::aid-jbm12>3.0.co;2-9"),
            "a SICI DOI keeps its angle brackets"
        );
        assert_eq!(
            doi_in("http://doi.acm.org/10.1145/1281192.1281230").as_deref(),
            Some("10.1145/1281192.1281230")
        );
        assert_eq!(
            doi_in("https://onlinelibrary.wiley.com/doi/abs/10.1002%2Fajim.22459").as_deref(),
            Some("10.1002/ajim.22459")
        );
        // A publisher URL that does not say doi is no DOI.
        assert_eq!(doi_in("https://example.org/articles/10.5555/x"), None);
        assert_eq!(
            doi_in("doi: 10.1063/1.1954747").as_deref(),
            Some("10.1063/1.1954747")
        );
    }

    #[test]
    fn pmids_and_pmcids() {
        for v in [
            "23690738",
            "23690738[pmid]",
            "PMID: 23690738",
            "https://pubmed.ncbi.nlm.nih.gov/23690738",
        ] {
            assert_eq!(clean_pmid(v).as_deref(), Some("23690738"), "{v}");
        }
        for v in ["P123456", "000000000000", "PMC123", "2015-33942-012", ""] {
            assert_eq!(clean_pmid(v), None, "{v}");
        }
        assert_eq!(
            clean_pmcid("PMC4756000[pmcid]").as_deref(),
            Some("PMC4756000")
        );
        assert_eq!(
            clean_pmcid("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4756000/").as_deref(),
            Some("PMC4756000")
        );
        assert_eq!(clean_pmcid("4756000"), None);
    }

    #[test]
    fn years() {
        assert_eq!(year_in("2016/01/"), Some(2016));
        assert_eq!(year_in("Sep 2015"), Some(2015));
        assert_eq!(year_in("0000"), None);
        assert_eq!(year_in("Date of Code"), None);
        assert_eq!(year_in("12345"), None);
    }
}
