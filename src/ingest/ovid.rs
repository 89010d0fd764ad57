//! Ovid exports (MEDLINE, Embase, PsycINFO, Journals@Ovid, BIOSIS …), in
//! the two layouts Ovid writes, both with a record marker line:
//!
//! * tagged ("Citavi", "EndNote", "Reference Manager" downloads, `.ovd`,
//!   `.cgi`, `.txt`): `<1. >` then `TI  - …` lines, RIS-like but without
//!   `TY`/`ER`, tags of two to five letters (`SCORE  - `), continuation
//!   lines indented, sometimes every line indented by one space;
//! * display ("Complete Reference" printed to a file): `<1>` then a field
//!   name alone on a line (`Title`, `DOI Number`) and its value indented
//!   below it, a `References` field holding the reference list.
//!
//! The layout is decided from the first line after the first marker.
//! Identifiers: DOI from `DO`/`DI` (`DOI Number`), PMID from `PM`, or from
//! `UI` (`Unique Identifier`) when the database is MEDLINE/PubMed (in
//! Embase `UI` is the Embase accession, never a PMID); registry IDs from
//! `SI` (MEDLINE "Secondary Source ID") and `CN` (Embase "Clinical Trial
//! Number"); the key falls back to the accession (`AN`, else `UI`).
//! A file without markers (a display export whose numbers were cut) is
//! not claimed by content: it stays a text document.

use super::citation::{self, Citation};
use super::ris::tagged_articles;
use super::tagged::{Grammar, Kind, RawRecord};
use super::{Articles, FileData, ReadContext, Reader, Sniff};
use regex::Regex;
use std::cell::Cell;
use std::path::Path;
use std::sync::LazyLock;

pub struct OvidReader;

/// `<1. >`, `<3001. >`, `<8>`, ` <7. >`.
static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]*<[ \t]*\d{1,7}[ \t]*\.?[ \t]*>[ \t]*$").expect("marker"));

/// `TI  - …`, `VN - Ovid Technologies`, `SCORE  - *****`.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]{0,2}([A-Z][A-Za-z0-9]{1,5})[ \t]{1,3}-(?:[ \t](.*))?$").expect("ovid tag")
});

#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Tagged,
    Display,
}

struct OvidGrammar {
    layout: Cell<Option<Layout>>,
}

impl Grammar for OvidGrammar {
    fn classify(&self, line: &str, in_record: bool) -> Kind {
        if line.trim().is_empty() {
            return Kind::Blank;
        }
        if MARKER.is_match(line) {
            return Kind::Start(None);
        }
        if !in_record {
            return Kind::Junk;
        }
        let layout = match self.layout.get() {
            Some(l) => l,
            None => {
                let l = if TAG.is_match(line) {
                    Layout::Tagged
                } else {
                    Layout::Display
                };
                self.layout.set(Some(l));
                l
            }
        };
        match layout {
            Layout::Tagged => match TAG.captures(line.trim_end()) {
                Some(c) => Kind::Field(
                    c[1].to_ascii_uppercase(),
                    c.get(2).map_or("", |m| m.as_str()).trim().to_string(),
                ),
                None => Kind::Continuation(line.trim().to_string()),
            },
            Layout::Display => {
                if line.starts_with([' ', '\t']) {
                    Kind::Continuation(line.trim().to_string())
                } else {
                    Kind::Field(display_tag(line.trim()), String::new())
                }
            }
        }
    }
}

/// A display field name as the tag the tagged layout uses for it, so one
/// mapping reads both (unknown names are kept, lower case).
fn display_tag(name: &str) -> String {
    let n = name.trim().trim_end_matches(':').to_lowercase();
    let tag = match n.as_str() {
        "title" | "article title" => "TI",
        "abstract" => "AB",
        "source" => "SO",
        "journal name" | "journal title" => "JN",
        "year of publication" | "publication year" => "YR",
        "date of publication" => "DP",
        "doi number" | "digital object identifier" | "digital object identifier (doi)" | "doi" => {
            "DO"
        }
        "unique identifier" => "UI",
        "pubmed id" | "pmid" | "pubmed identifier" | "medline pmid" => "PM",
        "accession number" => "AN",
        "database" => "DB",
        "publication type" | "document type" => "PT",
        "secondary source id" => "SI",
        "clinical trial number" => "CN",
        "references" => "RF",
        other => return other.to_string(),
    };
    tag.to_string()
}

impl Reader for OvidReader {
    fn format(&self) -> &'static str {
        "ovid"
    }

    /// Content: the first non-blank line is a record marker and what
    /// follows is a tag line or a field name with an indented value.
    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff {
        let lines = super::tagged::head_lines(head, 12);
        let mut it = lines.iter().filter(|l| !l.trim().is_empty());
        let (Some(first), Some(second), third) = (it.next(), it.next(), it.next()) else {
            return Sniff::No;
        };
        let tagged = TAG.is_match(second);
        let display = !second.starts_with([' ', '\t'])
            && second.trim().len() <= 60
            && third.is_some_and(|t| t.starts_with([' ', '\t']));
        if MARKER.is_match(first) && (tagged || display) {
            return Sniff::Content;
        }
        match super::detect::extension(path).as_str() {
            "ovd" => Sniff::Name,
            _ => Sniff::No,
        }
    }

    fn streams(&self) -> bool {
        true
    }

    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles {
        tagged_articles(
            file,
            ctx,
            OvidGrammar {
                layout: Cell::new(None),
            },
            "Ovid",
            "record marker such as `<1. >`",
            ovid_citation,
        )
    }
}

/// `Title of the paper.[Article]`: Ovid appends the document type.
static TITLE_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[ \t]*\[(?:article|review|miscellaneous|references|editorial|letter|comment|correction|erratum|case reports?|report|abstract|journal article)\]\.?[ \t]*$")
        .expect("title type")
});

/// The last plausible year of a source line (`8(6):1048-1064, September
/// 2015.`: page numbers come first).
fn last_year(s: &str) -> Option<u16> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(citation::year_in)
        .next_back()
}

/// The journal name at the start of a source line
/// (`Journal of Orthopaedic Trauma. 12(3):…`).
fn journal_of_source(so: &str) -> Option<String> {
    let end = [". ", ";", ","]
        .iter()
        .filter_map(|p| so.find(p))
        .min()
        .unwrap_or(so.len());
    let j = so[..end].trim().trim_end_matches('.').trim();
    (!j.is_empty()).then(|| j.to_string())
}

fn ovid_citation(r: &RawRecord) -> Citation {
    let mut c = Citation::default();
    for v in r.all("PT") {
        let v = v.split(':').next().unwrap_or_default();
        c.add_type(v);
    }
    c.title = r.first_of(&["TI", "BT"]).map(|t| {
        TITLE_TYPE
            .replace(&citation::join_wrapped(t), "")
            .trim()
            .to_string()
    });
    let so = r.first("SO").map(citation::one_line);
    c.journal = r
        .first_of(&["JN", "JT", "JA"])
        .map(citation::one_line)
        .or_else(|| so.as_deref().and_then(journal_of_source));
    for tag in ["YR", "PY", "DP", "EP"] {
        for v in r.all(tag) {
            c.add_year(v);
        }
    }
    if c.year.is_none() {
        c.year = so.as_deref().and_then(last_year);
    }
    c.abstract_text = r.first("AB").map(citation::join_wrapped);
    for tag in ["DO", "DI"] {
        for v in r.all(tag) {
            if !c.add_doi(v) {
                c.add_doi_in(v);
            }
        }
    }
    for v in r.all("PM") {
        c.add_pmid(v);
    }
    let medline = r.all("DB").any(|d| {
        let d = d.to_ascii_lowercase();
        (d.contains("medline") || d.contains("pubmed")) && !d.contains("embase")
    });
    if medline {
        for v in r.all("UI") {
            c.add_pmid(v);
        }
    }
    for tag in ["SI", "CN"] {
        for v in r.all(tag) {
            c.add_registry_field(v);
        }
    }
    if let Some(refs) = r.first("RF") {
        c.references = refs
            .split("\n\n")
            .map(citation::one_line)
            .filter(|s| !s.is_empty())
            .collect();
    }
    c.record_id = r
        .first_of(&["AN", "UI"])
        .map(|s| s.trim_end_matches('.').to_string());
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::citation::testing::{articles, meta, text};

    fn fixture(name: &str) -> Vec<u8> {
        crate::ingest::citation::testing::fixture("ovid", name)
    }

    #[test]
    fn tagged_medline_and_embase_records() {
        let a = articles(&OvidReader, &fixture("medline_embase.ovd"));
        assert_eq!(a.len(), 3);
        let m = meta(&a[0]);
        assert_eq!(
            m.pmid.as_deref(),
            Some("32456789"),
            "MEDLINE UI is the PMID"
        );
        assert_eq!(m.doi.as_deref(), Some("10.1177/1352458520912345"));
        assert_eq!(m.registry_ids[0].id, "NCT02345678");
        assert_eq!(m.year, Some(2020));
        assert!(text(&a[0]).contains("\nRESULTS: "), "{}", text(&a[0]));
        // Embase: UI is an accession, the DOI a resolver URL.
        let e = meta(&a[1]);
        assert_eq!(e.pmid, None);
        assert_eq!(e.doi.as_deref(), Some("10.1186/s12919-019-0123-4"));
        assert_eq!(e.journal.as_deref(), Some("BMC Proceedings"));
        // Another abstract with the supplement's DOI is another record.
        assert_ne!(a[1].key, a[2].key);
        assert_eq!(meta(&a[2]).doi, e.doi);
        assert_eq!(a[2].key.as_deref(), Some("id-629876544"));
    }

    #[test]
    fn display_layout_with_references() {
        let a = articles(&OvidReader, &fixture("display.txt"));
        assert_eq!(a.len(), 2);
        let m = meta(&a[0]);
        assert_eq!(
            m.title.as_deref(),
            Some("Vitamin D supplementation in relapsing multiple sclerosis: a randomised trial.")
        );
        assert_eq!(m.doi.as_deref(), Some("10.1097/wco.0000000000000789"));
        assert_eq!(m.year, Some(2019));
        let t = text(&a[0]);
        assert!(t.contains("\nReferences\nAscherio A"), "{t}");
        assert_eq!(meta(&a[1]).doi, None);
        assert_eq!(a[1].key.as_deref(), Some("id-00019052-201912000-00010"));
    }

    #[test]
    fn sniffing() {
        let p = Path::new("export.txt");
        assert_eq!(
            OvidReader.sniff(p, &fixture("medline_embase.ovd")),
            Sniff::Content
        );
        assert_eq!(OvidReader.sniff(p, &fixture("display.txt")), Sniff::Content);
        // Without markers: not Ovid by content.
        assert_eq!(
            OvidReader.sniff(p, b"Title\n  A paper\nSource\n  Journal. 2015.\n"),
            Sniff::No
        );
        assert_eq!(OvidReader.sniff(p, b"<b>bold</b> text\nmore\n"), Sniff::No);
    }
}
