//! RIS (`TY  - JOUR` … `ER  - `): the export of Zotero, EndNote, Mendeley,
//! Scopus, ScienceDirect, PubMed, Embase and most other databases.
//!
//! Real exports bend the format, and the reader bends with them: one or
//! two spaces before the dash (`TY - JOUR`); a record whose `ER` is
//! missing ends at the next `TY`; lines that are not tags between records
//! (Ovid and Embase put record numbers and headers there) are skipped; a
//! value wrapped onto untagged lines continues its field; a record without
//! a `TY` line is still read (with a warning); BOM, Windows-1252 and UTF-16
//! as [`super::tagged`] reads them.
//!
//! Where vendors keep identifiers:
//!
//! * DOI: `DO`, else `M3`, `L3`, `DI`, `N1` when the whole value is a DOI
//!   (`doi: 10.1063/…`), else a DOI link in `UR`, `L1`, `L2`, `L4`, `N1`.
//! * PMID: `AN` when the record comes from PubMed or MEDLINE (`DB`, `DP`),
//!   a value tagged `[pmid]` in any field (`U1  - 23690738[pmid]`, PubMed's
//!   and PMC's exports), `PMID: …` in `C2`/`N1`, a PubMed link in `UR`.
//! * PMCID: `[pmcid]` values (`U2`), `C2  - PMC…` (EndNote), `AN` of a PMC
//!   record, a PMC link.
//!
//! The record key falls back to the file's `ID` line.

use super::citation::{self, Citation, KeyGuard};
use super::tagged::{Grammar, Kind, Next, RawRecord, Records};
use super::{Articles, BadArticle, FileData, Item, ReadContext, Reader, Sniff};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

pub struct RisReader;

/// `TY  - JOUR`, `ER  -`, `TY - JOUR` (one space), `AU  - Smith, J.`.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*([A-Z][A-Z0-9])[ \t]{1,3}-(?:[ \t](.*))?$").expect("ris tag regex")
});

struct RisGrammar;

impl Grammar for RisGrammar {
    fn classify(&self, line: &str, in_record: bool) -> Kind {
        let t = line.trim();
        if t.is_empty() {
            return Kind::Blank;
        }
        // A bare record number (`12.`) between records, where Ovid and
        // Embase exports number them, even when the `ER` before is missing.
        if t.len() <= 8 && t.trim_end_matches('.').bytes().all(|b| b.is_ascii_digit()) {
            return Kind::Junk;
        }
        match TAG.captures(line.trim_end()) {
            Some(c) => {
                let tag = c[1].to_string();
                let value = c.get(2).map_or("", |m| m.as_str()).trim().to_string();
                match tag.as_str() {
                    "TY" => Kind::Start(Some((tag, value))),
                    "ER" => Kind::End,
                    _ => Kind::Field(tag, value),
                }
            }
            None if in_record => Kind::Continuation(line.trim().to_string()),
            None => Kind::Junk,
        }
    }

    fn orphan_opens(&self) -> bool {
        true
    }
}

impl Reader for RisReader {
    fn format(&self) -> &'static str {
        "ris"
    }

    /// Content: the first tag line of the head is `TY  - `, no long prose
    /// comes before it, and RIS tag lines follow. A paper that quotes a RIS
    /// line in its text stays a text document.
    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff {
        let lines = super::tagged::head_lines(head, 60);
        let mut seen_ty = false;
        let mut tags = 0;
        for (i, l) in lines.iter().enumerate() {
            if l.trim().is_empty() {
                continue;
            }
            match TAG.captures(l.trim_end()) {
                Some(c) if !seen_ty => {
                    if &c[1] != "TY" {
                        break;
                    }
                    seen_ty = true;
                }
                Some(_) => tags += 1,
                // Junk before the first record: record numbers, a header.
                None if !seen_ty && (i >= 10 || l.len() > 80) => break,
                None => {}
            }
            if tags >= 2 {
                return Sniff::Content;
            }
        }
        if seen_ty && tags >= 1 && lines.len() < 8 {
            return Sniff::Content;
        }
        match super::detect::extension(path).as_str() {
            "ris" => Sniff::Name,
            _ => Sniff::No,
        }
    }

    fn streams(&self) -> bool {
        true
    }

    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles {
        tagged_articles(file, ctx, RisGrammar, "RIS", "`TY  - ` line", ris_citation)
    }
}

/// The articles of a tagged-format file (RIS, Web of Science, Ovid): a
/// web page under the format's name stops at once; otherwise the records
/// as [`TaggedItems`] turns them into articles.
pub(super) fn tagged_articles<G: Grammar + 'static>(
    file: FileData,
    ctx: &ReadContext,
    grammar: G,
    format: &'static str,
    lacks: &'static str,
    map: fn(&RawRecord) -> Citation,
) -> Articles {
    let mut stream = file.into_stream();
    if let Some(stop) = citation::not_the_format(&mut stream, format) {
        return stop;
    }
    let records = Records::new(stream, grammar, ctx.max_bytes);
    Articles {
        many: true,
        items: Box::new(TaggedItems::new(records, format, lacks, map)),
    }
}

/// Articles from the records of a tagged format, shared by the RIS, Web of
/// Science and Ovid readers: each record becomes a [`Citation`] by the
/// format's `map`, then an article; empty records are skipped; a record
/// over the size limit is a bad article; a file without a single record
/// stops with `what` it lacked.
struct TaggedItems<G: Grammar> {
    records: Records<G>,
    map: fn(&RawRecord) -> Citation,
    keys: KeyGuard,
    index: usize,
    format: &'static str,
    lacks: &'static str,
    any: bool,
}

impl<G: Grammar> TaggedItems<G> {
    fn new(
        records: Records<G>,
        format: &'static str,
        lacks: &'static str,
        map: fn(&RawRecord) -> Citation,
    ) -> TaggedItems<G> {
        TaggedItems {
            records,
            map,
            keys: KeyGuard::default(),
            index: 0,
            format,
            lacks,
            any: false,
        }
    }
}

impl<G: Grammar> Iterator for TaggedItems<G> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            let next = match self.records.next() {
                Some(n) => n,
                None if !self.any => {
                    self.any = true;
                    return Some(Item::Stop(format!(
                        "no {} records: the file has no {}",
                        self.format, self.lacks
                    )));
                }
                None => return None,
            };
            let index = self.index;
            match next {
                Next::Stop(why) => {
                    self.any = true;
                    return Some(Item::Stop(why));
                }
                Next::TooBig { line, bytes } => {
                    self.any = true;
                    self.index += 1;
                    return Some(Item::Bad(BadArticle {
                        index,
                        key: None,
                        position: format!("line {line}"),
                        error: format!(
                            "the record is larger than the size limit ({}, --max-size); it was skipped",
                            crate::plain::human_bytes(bytes)
                        ),
                    }));
                }
                Next::Record(r) => {
                    let mut c = (self.map)(&r);
                    if c.is_empty() {
                        continue;
                    }
                    c.fingerprint = Some(citation::hash_of(&r.fields));
                    if r.fallback {
                        c.encoding = Some("windows-1252");
                        c.warnings.push(format!(
                            "encoding: some of this record's bytes are not UTF-8; they were read as Windows-1252 (line {} on)",
                            r.line
                        ));
                    }
                    self.any = true;
                    self.index += 1;
                    return Some(Item::Article(Box::new(
                        c.into_article(index, &mut self.keys),
                    )));
                }
            }
        }
    }
}

/// RIS type codes as words (the rest are given as the file writes them).
fn type_name(code: &str) -> &str {
    match code {
        "JOUR" | "JFULL" | "EJOUR" => "Journal Article",
        "ABST" => "Abstract",
        "BOOK" | "EBOOK" => "Book",
        "CHAP" | "ECHAP" => "Book Section",
        "CONF" | "CPAPER" => "Conference Paper",
        "THES" => "Thesis",
        "RPRT" => "Report",
        "GEN" => "Generic",
        "MGZN" => "Magazine Article",
        "NEWS" => "Newspaper Article",
        "UNPB" => "Unpublished Work",
        "DATA" => "Dataset",
        "PAT" => "Patent",
        "ELEC" => "Web Page",
        other => other,
    }
}

/// True when the record comes from PubMed/MEDLINE (its `AN` is a PMID).
fn from_pubmed(r: &RawRecord) -> bool {
    r.all("DB").chain(r.all("DP")).any(|v| {
        let v = v.to_ascii_lowercase();
        v.contains("pubmed") || v.contains("medline") || v == "nlm"
    })
}

/// `23690738[pmid]`, `PMC4756000[pmcid]` in any field.
fn tagged_ids(r: &RawRecord, c: &mut Citation) {
    for f in &r.fields {
        let v = f.value.trim();
        let lower = v.to_ascii_lowercase();
        if lower.ends_with("[pmid]") {
            c.add_pmid(v);
        } else if lower.ends_with("[pmcid]") {
            c.add_pmcid(v);
        }
    }
}

fn ris_citation(r: &RawRecord) -> Citation {
    let mut c = Citation::default();
    if r.implicit {
        c.warnings.push(format!(
            "RIS: the record at line {} has no `TY` line; it was read as a record of unknown type",
            r.line
        ));
    }
    if let Some(ty) = r.first("TY") {
        c.add_type(type_name(ty.trim()));
    }
    let title = r.first_of(&["TI", "T1", "CT", "ST", "BT"]);
    c.title = title.map(citation::join_wrapped);
    c.journal = r
        .first_of(&["JF", "JO", "T2", "JA", "J2", "J1"])
        .map(citation::one_line);
    for tag in ["PY", "DA", "Y1"] {
        for v in r.all(tag) {
            c.add_year(v);
        }
    }
    c.abstract_text = r.first_of(&["AB", "N2"]).map(citation::join_wrapped);
    // DOIs: the DOI fields, then notes that are a DOI, then links.
    for tag in ["DO", "M3", "L3", "DI"] {
        for v in r.all(tag) {
            if !c.add_doi(v) {
                c.add_doi_in(v);
            }
        }
    }
    for v in r.all("N1") {
        let v = v.trim();
        if !c.add_doi(v) && v.to_ascii_lowercase().starts_with("doi") {
            c.add_doi_in(v);
        }
    }
    for tag in ["UR", "L1", "L2", "L4"] {
        for v in r.all(tag) {
            for line in v.lines() {
                c.add_doi_in(line);
            }
        }
    }
    tagged_ids(r, &mut c);
    let pubmed = from_pubmed(r);
    for v in r.all("AN") {
        if pubmed {
            c.add_pmid(v);
        }
        c.add_pmcid(v);
    }
    for tag in ["C2", "N1", "M2"] {
        for v in r.all(tag) {
            for line in v.lines() {
                let l = line.trim();
                let lower = l.to_ascii_lowercase();
                if lower.starts_with("pmid") || lower.starts_with("pubmed id") {
                    c.add_pmid(l);
                } else if lower.starts_with("pmc") {
                    c.add_pmcid(l);
                }
            }
        }
    }
    for tag in ["UR", "L2"] {
        for v in r.all(tag) {
            for line in v.lines() {
                c.add_pmid(line);
                c.add_pmcid(line);
            }
        }
    }
    c.record_id = r.first("ID").map(str::to_string);
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::citation::testing::{articles, items, meta, text};

    fn fixture(name: &str) -> Vec<u8> {
        crate::ingest::citation::testing::fixture("ris", name)
    }

    #[test]
    fn pubmed_export_gives_pmid_pmcid_doi_and_a_structured_abstract() {
        let a = articles(&RisReader, &fixture("pubmed_two_records.ris"));
        assert_eq!(a.len(), 2);
        let m = meta(&a[0]);
        assert_eq!(m.pmid.as_deref(), Some("31883240"));
        assert_eq!(m.pmcid.as_deref(), Some("PMC6912345"));
        assert_eq!(m.doi.as_deref(), Some("10.1177/1352458519898290"));
        assert_eq!(m.year, Some(2020));
        assert_eq!(
            m.journal.as_deref(),
            Some("Multiple sclerosis (Houndmills, Basingstoke, England)")
        );
        assert_eq!(m.publication_types, vec!["Journal Article"]);
        assert_eq!(a[0].key.as_deref(), Some("pmid-31883240"));
        let t = text(&a[0]);
        assert!(t.starts_with("Autologous mesenchymal stem cells"), "{t}");
        assert!(t.contains("\nMETHODS: Forty-eight patients"), "{t}");
        assert!(
            t.contains("\nTrial registration: ClinicalTrials.gov NCT01234567."),
            "{t}"
        );
        // The second record has AN without DB: not taken as a PMID.
        assert_eq!(meta(&a[1]).pmid, None);
        assert_eq!(a[1].index, 1);
    }

    #[test]
    fn vendor_quirks_one_space_missing_er_junk_lines_and_doi_places() {
        let a = articles(&RisReader, &fixture("embase_quirks.ris"));
        let dois: Vec<_> = a.iter().map(|a| meta(a).doi.clone()).collect();
        assert_eq!(
            dois,
            vec![
                Some("10.1016/j.msard.2019.101863".to_string()),
                Some("10.1212/wnl.0000000000009001".to_string()),
                Some("10.1002/acn3.51234".to_string()),
                None,
            ]
        );
        assert_eq!(
            a.len(),
            4,
            "junk lines make no record; a missing ER does not merge two"
        );
        assert!(text(&a[0]).contains("EDSS 3.0–6.5"));
        // A continuation line continues the title.
        assert_eq!(
            meta(&a[1]).title.as_deref(),
            Some("Ocrelizumab in primary progressive multiple sclerosis: a wrapped title line")
        );
        assert_eq!(a[3].key.as_deref(), Some("id-emb-2020-0004"));
    }

    #[test]
    fn identifiers_in_every_vendor_place() {
        let ris = "TY  - JOUR\nTI  - EndNote record\nN1  - doi: 10.1063/1.1954747\nC2  - PMC4756000\nER  - \n\
            TY  - JOUR\nTI  - Mendeley record\nL3  - 10.1016/J.JNEUROIM.2019.577012\nN1  - PMID: 31234567\nER  - \n\
            TY  - JOUR\nTI  - PubMed link only\nUR  - https://pubmed.ncbi.nlm.nih.gov/26957754/\nUR  - http://dx.doi.org/10.1093%2Fbrain%2Fawx001\nER  - \n\
            TY  - JOUR\nTI  - Embase accession\nAN  - 621381829\nDB  - Embase\nER  - \n";
        let a = articles(&RisReader, ris.as_bytes());
        let ids: Vec<_> = a
            .iter()
            .map(|a| {
                let m = meta(a);
                (m.doi.clone(), m.pmid.clone(), m.pmcid.clone())
            })
            .collect();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            ids,
            vec![
                (s("10.1063/1.1954747"), None, s("PMC4756000")),
                (s("10.1016/j.jneuroim.2019.577012"), s("31234567"), None),
                (s("10.1093/brain/awx001"), s("26957754"), None),
                (None, None, None),
            ]
        );
    }

    #[test]
    fn windows_1252_bom_and_line_separators() {
        let mut bytes = b"\xEF\xBB\xBFTY  - JOUR\r\nTI  - Caf\xE9 \x93study\x94\r\nAB  - n = 27\xB1 patients\r\nER  - \r\n".to_vec();
        bytes.extend_from_slice(
            "TY  - JOUR\nTI  - Eye tracking:\u{2028}Potential\nER  - \n".as_bytes(),
        );
        let a = articles(&RisReader, &bytes);
        assert_eq!(meta(&a[0]).title.as_deref(), Some("Café “study”"));
        assert_eq!(a[0].encoding.as_deref(), Some("windows-1252"));
        assert!(a[0].warnings.iter().any(|w| w.starts_with("encoding:")));
        assert_eq!(a[1].encoding.as_deref(), Some("utf-8"));
        assert!(a[1].warnings.is_empty(), "{:?}", a[1].warnings);
        assert!(
            text(&a[1]).starts_with("Eye tracking: Potential"),
            "{:?}",
            text(&a[1])
        );
    }

    #[test]
    fn nine_ty_lines_do_not_crash_and_a_record_without_ty_is_salvaged() {
        let torture = b"TY  - BOOK\nTY  - JOUR \nTY  - MGZN\nT1  - Editorial\nTY  - CONF\nER  -\n";
        let got = items(&RisReader, torture);
        assert!(got.iter().all(|i| matches!(i, Item::Article(_))), "{got:?}");
        let a = articles(&RisReader, b"\xEF\xBB\xBF\nT1  - Editorial\nUR  - http://dx.doi.org/10.1023/A:1017379030770\nER  -\n");
        assert_eq!(a.len(), 1);
        assert_eq!(meta(&a[0]).doi.as_deref(), Some("10.1023/a:1017379030770"));
        assert!(a[0].warnings.iter().any(|w| w.contains("no `TY` line")));
    }

    #[test]
    fn a_file_without_records_stops_and_a_big_record_costs_itself() {
        let got = items(&RisReader, b"just some words\n");
        assert!(
            matches!(&got[..], [Item::Stop(m)] if m.contains("no RIS records")),
            "{got:?}"
        );
        let mut big = b"TY  - JOUR\nAB  - ".to_vec();
        big.extend(std::iter::repeat_n(b'x', 5000));
        big.extend_from_slice(b"\nER  - \nTY  - JOUR\nTI  - Small\nER  - \n");
        let stream = Box::new(std::io::Cursor::new(big));
        let got: Vec<Item> = RisReader
            .read(
                FileData::Stream(stream),
                &crate::ingest::citation::testing::ctx(1000),
            )
            .items
            .collect();
        assert!(
            matches!(&got[0], Item::Bad(b) if b.index == 0 && b.position == "line 1"),
            "{got:?}"
        );
        assert!(matches!(&got[1], Item::Article(a) if a.index == 1));
    }

    #[test]
    fn sniffing_takes_exports_and_leaves_papers_that_quote_ris() {
        let p = Path::new("export.txt");
        assert_eq!(
            RisReader.sniff(p, &fixture("pubmed_two_records.ris")),
            Sniff::Content
        );
        assert_eq!(
            RisReader.sniff(p, &fixture("embase_quirks.ris")),
            Sniff::Content
        );
        let paper = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ris/paper_quoting_ris.txt"
        ))
        .unwrap();
        assert_eq!(RisReader.sniff(p, &paper), Sniff::No);
        assert_eq!(RisReader.sniff(Path::new("x.ris"), b"hello"), Sniff::Name);
    }
}
