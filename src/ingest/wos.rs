//! Web of Science tagged export (ISI format: `FN`/`VR` header, records
//! `PT J` … `ER`, `EF` at the end), as the "Other file formats → Plain
//! text" and "Other reference software" exports and `.isi`/`.ciw` files
//! hold it. The same line machinery as RIS ([`super::tagged`]), with the
//! format's own line shape: a two-character tag, one space, the value, and
//! continuation lines indented by three spaces.
//!
//! Identifiers: `DI` (DOI; `D2` for a book's DOI when there is no `DI`),
//! `PM` (PMID), `UT` (the accession, `WOS:000…`; `MEDLINE:16842170` in
//! records from WoS's MEDLINE database is a PMID) and the record key falls
//! back to `UT`. The abstract's continuation lines are joined, a line that
//! is a section label (`Methods`) stays on its own line.

use super::citation::{self, Citation};
use super::ris::tagged_articles;
use super::tagged::{Grammar, Kind, RawRecord};
use super::{Articles, FileData, ReadContext, Reader, Sniff};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

pub struct WosReader;

/// `PT J`, `AU Smith, J`, `ER`, `EF`.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z][A-Z0-9])(?: (.*))?$").expect("wos tag regex"));

struct WosGrammar;

impl Grammar for WosGrammar {
    fn classify(&self, line: &str, in_record: bool) -> Kind {
        if line.trim().is_empty() {
            return Kind::Blank;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            return if in_record {
                Kind::Continuation(line.trim().to_string())
            } else {
                Kind::Junk
            };
        }
        match TAG.captures(line.trim_end()) {
            Some(c) => {
                let tag = c[1].to_string();
                let value = c.get(2).map_or("", |m| m.as_str()).trim().to_string();
                match tag.as_str() {
                    "PT" => Kind::Start(Some((tag, value))),
                    "ER" => Kind::End,
                    "EF" | "FN" | "VR" if !in_record => Kind::Junk,
                    _ => Kind::Field(tag, value),
                }
            }
            None if in_record => Kind::Continuation(line.trim().to_string()),
            None => Kind::Junk,
        }
    }
}

impl Reader for WosReader {
    fn format(&self) -> &'static str {
        "wos"
    }

    /// Content: a `FN` header line followed by `VR`/`PT`, or a file that
    /// opens with `PT J` and more tag lines.
    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff {
        let lines = super::tagged::head_lines(head, 12);
        let mut it = lines.iter().map(|l| l.trim_end()).filter(|l| !l.is_empty());
        let first = it.next().unwrap_or_default();
        let second = it.next().unwrap_or_default();
        let third = it.next().unwrap_or_default();
        let tagged = |l: &str| TAG.is_match(l) && !l.contains(" - ");
        let header =
            first.starts_with("FN ") && (second.starts_with("VR ") || second.starts_with("PT "));
        let record = first.len() == 4
            && first.starts_with("PT ")
            && tagged(second)
            && (tagged(third) || third.starts_with("   "));
        if header || record {
            return Sniff::Content;
        }
        match super::detect::extension(path).as_str() {
            "isi" | "ciw" => Sniff::Name,
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
            WosGrammar,
            "Web of Science",
            "`PT` line",
            wos_citation,
        )
    }
}

/// WoS document types as the file gives them (`J`: journal, `B`: book …)
/// are in `PT`; `DT` has words (`Article; Proceedings Paper`).
fn wos_citation(r: &RawRecord) -> Citation {
    let mut c = Citation::default();
    for v in r.all("DT") {
        for t in v.split(';') {
            c.add_type(t);
        }
    }
    c.title = r.first("TI").map(citation::join_wrapped);
    c.journal = r.first_of(&["SO", "SE", "BS"]).map(citation::one_line);
    for v in r.all("PY").chain(r.all("PD")) {
        c.add_year(v);
    }
    c.abstract_text = r.first("AB").map(citation::join_wrapped);
    for tag in ["DI", "D2"] {
        for v in r.all(tag) {
            c.add_doi(v);
        }
    }
    for v in r.all("PM") {
        c.add_pmid(v);
    }
    if let Some(ut) = r.first("UT") {
        if let Some(pmid) = ut.strip_prefix("MEDLINE:") {
            c.add_pmid(pmid);
        }
        c.record_id = Some(ut.to_string());
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::citation::testing::{articles, meta, text};

    fn fixture(name: &str) -> Vec<u8> {
        crate::ingest::citation::testing::fixture("wos", name)
    }

    #[test]
    fn records_with_doi_pmid_wrapped_title_and_labelled_abstract() {
        let a = articles(&WosReader, &fixture("savedrecs.txt"));
        assert_eq!(a.len(), 3);
        let m = meta(&a[0]);
        assert_eq!(m.doi.as_deref(), Some("10.1016/j.msard.2021.102944"));
        assert_eq!(m.pmid.as_deref(), Some("33915435"));
        assert_eq!(
            m.title.as_deref(),
            Some("Cladribine tablets in relapsing multiple sclerosis: a two-year cohort study")
        );
        assert_eq!(
            m.journal.as_deref(),
            Some("MULTIPLE SCLEROSIS AND RELATED DISORDERS")
        );
        assert_eq!(m.year, Some(2021));
        assert_eq!(m.publication_types, vec!["Article"]);
        let t = text(&a[0]);
        assert!(t.contains("\nMethods\nWe followed 120 patients"), "{t}");
        // The second record has no DOI or PMID: keyed by its accession.
        assert_eq!(a[1].key.as_deref(), Some("id-WOS%3A000601234500012"));
        // A MEDLINE-database record's UT is its PMID.
        assert_eq!(meta(&a[2]).pmid.as_deref(), Some("16842170"));
    }

    #[test]
    fn sniffing() {
        let p = Path::new("savedrecs.txt");
        assert_eq!(
            WosReader.sniff(p, &fixture("savedrecs.txt")),
            Sniff::Content
        );
        assert_eq!(
            WosReader.sniff(p, b"PT J\nAU Smith, J\nTI A title\nER\n"),
            Sniff::Content
        );
        assert_eq!(
            WosReader.sniff(p, b"PT is a physical therapist.\nAU is gold.\n"),
            Sniff::No
        );
        assert_eq!(WosReader.sniff(Path::new("a.isi"), b" ## "), Sniff::Name);
        assert_eq!(WosReader.sniff(p, b"TY  - JOUR\nTI  - x\n"), Sniff::No);
    }
}
