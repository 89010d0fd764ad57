//! A citation record's fields → an [`Article`]: what the readers of
//! bibliographic exports (RIS, Web of Science, Ovid, BibTeX, EndNote XML)
//! share once they have pulled the fields out of their syntax.
//!
//! A reader fills a [`Citation`] (title, journal, year, abstract, the
//! identifiers it found in whichever fields its format keeps them) and
//! calls [`Citation::into_article`], which builds the text the extractors
//! read and the metadata the record states:
//!
//! ```text
//! Title of the paper
//! Journal name, 2020
//!
//! Abstract
//! BACKGROUND: …
//! METHODS: …
//! ```
//!
//! The layout is made for [`crate::sections`]' heading detection: the title
//! and source line are front matter, `Abstract` alone on a line opens the
//! abstract, and a structured abstract's labels (`METHODS:`,
//! `Trial registration:`) are moved to the start of their own lines, where
//! the heading pattern finds them whatever their case. A reference list
//! (Ovid display exports carry one) follows under `References`, so its DOIs
//! are `cited`.
//!
//! Identifiers are cleaned once, in [`ids`] ([`clean_doi`], [`clean_pmid`],
//! [`clean_pmcid`], [`doi_in`]), so that a DOI from a RIS `DO` line, a
//! Web of Science `DI` line or a BibTeX `doi` field comes out the same.

pub mod ids;

pub use ids::{clean_doi, clean_pmcid, clean_pmid, doi_in, registry_ids_in, year_in};

use super::{keys, Article, Articles, Content, Item, Metadata, SectionMark};
use crate::record::RegistryRef;
use crate::sections::Section;
use regex::Regex;
use std::collections::HashMap;
use std::io::BufRead;
use std::sync::LazyLock;

/// What a reader found in one record of its file.
#[derive(Debug, Clone, Default)]
pub struct Citation {
    pub title: Option<String>,
    pub journal: Option<String>,
    pub year: Option<u16>,
    /// The abstract as the file gives it (labels inline or on their own
    /// lines); structured by [`structure_abstract`].
    pub abstract_text: Option<String>,
    /// Reference list entries, one per item (Ovid display exports).
    pub references: Vec<String>,
    /// DOIs in the order of the fields that give them, cleaned; the first
    /// is the article's.
    pub dois: Vec<String>,
    pub pmid: Option<String>,
    pub pmcid: Option<String>,
    /// The file's own ID of the record (RIS `ID`, BibTeX citation key,
    /// Web of Science `UT`, Ovid accession number): the key when the record
    /// has no PMID, PMCID or DOI.
    pub record_id: Option<String>,
    pub publication_types: Vec<String>,
    pub registry_ids: Vec<RegistryRef>,
    pub warnings: Vec<String>,
    /// `windows-1252` when some of the record's bytes were not UTF-8.
    pub encoding: Option<&'static str>,
    /// A hash of the record as the file gives it (all its fields), set by
    /// the reader: two records that share a DOI or an own ID but differ
    /// here are different articles. `None`: the text's hash is used.
    pub fingerprint: Option<u64>,
}

impl Citation {
    /// Adds the DOI a field value holds (`doi:10.1/x`, `https://doi.org/…`,
    /// a bare `10.1/x`); false when it holds none.
    pub fn add_doi(&mut self, value: &str) -> bool {
        match clean_doi(value) {
            Some(d) => {
                if !self.dois.contains(&d) {
                    self.dois.push(d);
                }
                true
            }
            None => false,
        }
    }

    /// Adds a DOI found inside a longer value (a URL, a note).
    pub fn add_doi_in(&mut self, value: &str) -> bool {
        match doi_in(value) {
            Some(d) => self.add_doi(&d),
            None => false,
        }
    }

    /// Sets the PMID from a field value when it is one and none is set.
    pub fn add_pmid(&mut self, value: &str) -> bool {
        match clean_pmid(value) {
            Some(p) if self.pmid.is_none() => {
                self.pmid = Some(p);
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Sets the PMCID from a field value when it is one and none is set.
    pub fn add_pmcid(&mut self, value: &str) -> bool {
        match clean_pmcid(value) {
            Some(p) if self.pmcid.is_none() => {
                self.pmcid = Some(p);
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Sets the year from a date field (`2016/01/`, `Sep 2015`,
    /// `2013-04-18`) unless one is set.
    pub fn add_year(&mut self, value: &str) {
        if self.year.is_none() {
            self.year = year_in(value);
        }
    }

    /// Sets a text field unless it is set; empty values do not count.
    pub fn set_once(slot: &mut Option<String>, value: &str) {
        let v = value.trim();
        if slot.is_none() && !v.is_empty() {
            *slot = Some(v.to_string());
        }
    }

    /// Adds a publication type once.
    pub fn add_type(&mut self, value: &str) {
        let v = value.trim().trim_end_matches('.').trim();
        if !v.is_empty() && !self.publication_types.iter().any(|t| t == v) {
            self.publication_types.push(v.to_string());
        }
    }

    /// Adds the trial registry IDs a registry field names
    /// (`ClinicalTrials.gov/NCT01234567`, `NCT01234567 (ClinicalTrials.gov)`).
    pub fn add_registry_field(&mut self, value: &str) {
        for r in registry_ids_in(value) {
            if !self.registry_ids.iter().any(|x| x.id == r.id) {
                self.registry_ids.push(r);
            }
        }
    }

    /// True when the record holds nothing a record could show: no title,
    /// abstract or identifier.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.abstract_text.is_none()
            && self.journal.is_none()
            && self.dois.is_empty()
            && self.pmid.is_none()
            && self.pmcid.is_none()
            && self.record_id.is_none()
    }

    /// The metadata the record states.
    pub fn metadata(&self) -> Metadata {
        Metadata {
            pmid: self.pmid.clone(),
            pmcid: self.pmcid.clone(),
            doi: self.dois.first().cloned(),
            title: self.title.clone(),
            journal: self.journal.clone(),
            year: self.year,
            publication_types: self.publication_types.clone(),
            registry_ids: self.registry_ids.clone(),
        }
    }

    /// The readable text: title, source line, abstract, references.
    pub fn text(&self) -> String {
        self.text_and_sections().0
    }

    /// The readable text and where its parts start: the front matter (title
    /// and source line), the abstract, each structured label in it
    /// (`METHODS:`, Embase's `Method(s):`, `Trial registration:`), and the
    /// reference list. The pipeline takes these marks instead of guessing
    /// headings, so labels the heading patterns do not know still count.
    pub fn text_and_sections(&self) -> (String, Vec<SectionMark>) {
        let mut out = String::new();
        let mut marks = Vec::new();
        let mark = |out: &str, label: &str, section: Section| SectionMark {
            start: out.chars().count(),
            label: label.to_string(),
            section,
        };
        if self.title.is_some() || self.journal.is_some() || self.year.is_some() {
            marks.push(mark(&out, "Title", Section::Front));
        }
        if let Some(t) = &self.title {
            out.push_str(&one_line(t));
            out.push('\n');
        }
        let source = match (&self.journal, self.year) {
            (Some(j), Some(y)) => Some(format!("{}, {y}", one_line(j))),
            (Some(j), None) => Some(one_line(j)),
            (None, Some(y)) => Some(y.to_string()),
            (None, None) => None,
        };
        if let Some(s) = source {
            out.push_str(&s);
            // A full stop ends the source line as a sentence: without it a
            // year at the line's end reads into the abstract's first words
            // (`2019 ⏎ Abstract ⏎ Forty-eight patients` gave a sample size
            // of 2019).
            if !s.ends_with(['.', '?', '!']) {
                out.push('.');
            }
            out.push('\n');
        }
        if let Some(a) = self.abstract_text.as_deref().map(str::trim) {
            if !a.is_empty() {
                out.push('\n');
                marks.push(mark(&out, "Abstract", Section::Abstract));
                out.push_str("Abstract\n");
                for line in structure_abstract(a).split_inclusive('\n') {
                    if let Some((label, section)) = line_label(line.trim_start()) {
                        marks.push(mark(&out, label, section));
                    }
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        if !self.references.is_empty() {
            out.push('\n');
            marks.push(mark(&out, "References", Section::References));
            out.push_str("References\n");
            for r in &self.references {
                out.push_str(&one_line(r));
                out.push('\n');
            }
        }
        (out, marks)
    }

    /// The article at `index`, keyed by `keys` (which keeps two different
    /// records that share a DOI apart).
    pub fn into_article(mut self, index: usize, keys: &mut KeyGuard) -> Article {
        let metadata = self.metadata();
        if self.dois.len() > 1 {
            self.warnings.push(format!(
                "DOI: the record gives more than one DOI ({}); the first is taken as the article's",
                self.dois.join(", ")
            ));
        }
        let (text, sections) = self.text_and_sections();
        let fingerprint = self.fingerprint.unwrap_or_else(|| hash_of(&text));
        let (key, warning) = keys.key(&metadata, self.record_id.as_deref(), index, fingerprint);
        self.warnings.extend(warning);
        Article {
            index,
            key: Some(key),
            content: Content::Text(text),
            sections,
            metadata: Some(metadata),
            warnings: self.warnings,
            encoding: Some(self.encoding.unwrap_or("utf-8").to_string()),
            backend: None,
        }
    }
}

/// A hash of anything hashable (a record's fields, a text), for
/// [`KeyGuard`].
pub fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Keys of one file's articles. A PMID that comes again names the same
/// article (an exact repeat, or a later version, as in PubMed update
/// files). A DOI or a file's own record ID is weaker: conference abstracts
/// carry their supplement's DOI, chapters the book's, and a Web of Science
/// file may list one accession twice for two different records. When a
/// record's DOI or own-ID key was taken by a record with other content
/// (its [`Citation::fingerprint`]), the later one is keyed by its own ID,
/// else its position, with a warning, so one never overwrites the other.
/// An exact repeat keeps the key (and the pipeline makes it one record).
#[derive(Debug, Default)]
pub struct KeyGuard {
    /// DOI or own-ID key → fingerprint of the record that took it.
    taken: HashMap<String, u64>,
}

impl KeyGuard {
    pub fn key(
        &mut self,
        metadata: &Metadata,
        own_id: Option<&str>,
        index: usize,
        fingerprint: u64,
    ) -> (String, Option<String>) {
        let key = keys::for_article(Some(metadata), own_id, index);
        let weak = |k: &str| k.starts_with("doi-") || k.starts_with("id-");
        if !weak(&key) {
            return (key, None);
        }
        match self.taken.get(&key) {
            None => {
                self.taken.insert(key.clone(), fingerprint);
                (key, None)
            }
            Some(&h) if h == fingerprint => (key, None),
            Some(_) => {
                let by_doi = key.starts_with("doi-");
                let mut other = if by_doi {
                    let alone = Metadata {
                        doi: None,
                        ..metadata.clone()
                    };
                    keys::for_article(Some(&alone), own_id, index)
                } else {
                    keys::position(index)
                };
                if weak(&other) && self.taken.get(&other).is_some_and(|&h| h != fingerprint) {
                    other = keys::position(index);
                }
                self.taken.entry(other.clone()).or_insert(fingerprint);
                let why = if by_doi {
                    format!(
                        "DOI: {} is also the DOI of another, different record in this file (a supplement's or a book's DOI?), so this record is keyed by its own ID or position",
                        metadata.doi.as_deref().unwrap_or_default()
                    )
                } else {
                    format!(
                        "record ID: {} is also the ID of another, different record in this file, so this record is keyed by its position",
                        own_id.unwrap_or_default().trim()
                    )
                };
                (other, Some(why))
            }
        }
    }
}

/// A file that is a web page or XML rather than the tagged format its name
/// says (an HTML error page saved as `export.ris`): the articles of such a
/// file are one stop with the reason, before any article. Peeks at the
/// stream's first bytes without consuming them.
pub fn not_the_format(stream: &mut Box<dyn BufRead + Send>, format: &str) -> Option<Articles> {
    let head = stream.fill_buf().ok()?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..head.len().min(start + 64)];
    let lower = head.to_ascii_lowercase();
    let what = if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        "an HTML page (a failed download or an error page?)"
    } else if lower.starts_with(b"<?xml") {
        "an XML file"
    } else {
        return None;
    };
    Some(Articles {
        many: true,
        items: Box::new(std::iter::once(Item::Stop(format!(
            "not {format}: the file is {what}"
        )))),
    })
}

/// A value on one line: line breaks and runs of spaces become one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Joins the lines of a wrapped field value (Web of Science and RIS wrap
/// long values onto continuation lines) with spaces, but keeps a line that
/// is a section label (`Methods`, `RESULTS:`) at the start of a line, and
/// a blank line as a paragraph break.
pub fn join_wrapped(value: &str) -> String {
    // U+2028/U+2029 (line and paragraph separators) come from word
    // processors through RIS exports: they break lines as `\n` does.
    let value = value.replace(['\u{2028}', '\u{2029}'], "\n");
    let mut out = String::new();
    let mut paragraph = false;
    // The previous line was a label alone (`Methods`): its text starts a
    // new line.
    let mut after_label = false;
    for line in value.lines().map(str::trim) {
        if line.is_empty() {
            paragraph = !out.is_empty();
            continue;
        }
        let label = starts_with_label(line);
        if !out.is_empty() {
            if paragraph {
                out.push_str("\n\n");
            } else if label || after_label {
                out.push('\n');
            } else {
                out.push(' ');
            }
        }
        out.push_str(line);
        paragraph = false;
        after_label = label && !line.contains(':');
    }
    out
}

/// Words a structured-abstract label starts with. A label is only moved
/// to its own line when it starts with one of them (or is all capitals),
/// so "In the methods:" stays a sentence.
const LABEL_WORDS: &[&str] = &[
    "background",
    "introduction",
    "objective",
    "objectives",
    "aim",
    "aims",
    "method",
    "methods",
    "materials",
    "patients",
    "study",
    "design",
    "setting",
    "participants",
    "interventions",
    "measurements",
    "results",
    "findings",
    "discussion",
    "conclusion",
    "conclusions",
    "interpretation",
    "limitations",
    "trial",
    "clinical",
    "registration",
    "funding",
];

/// The section a structured-abstract label names (`METHODS`, `Trial
/// registration`, Embase's `Method(s)`), or `None` when it is no label.
fn label_section(label: &str) -> Option<Section> {
    let label = label.trim();
    if label.is_empty() || label.len() > 40 {
        return None;
    }
    // Embase writes `Method(s):`, `Result(s):`, `Conclusion(s):`.
    let plain = label.replace("(s)", "s").replace("(S)", "S");
    let first = plain
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let caps = plain.chars().any(char::is_alphabetic) && !plain.chars().any(char::is_lowercase);
    if !(caps || LABEL_WORDS.contains(&first.as_str())) {
        return None;
    }
    Some(Section::from_heading(&plain)).filter(|s| *s != Section::Other)
}

fn is_label(label: &str) -> bool {
    label_section(label).is_some()
}

/// The label a line starts with (`Methods`, `METHODS: We …`) and its
/// section.
fn line_label(line: &str) -> Option<(&str, Section)> {
    let head = match line.split_once(':') {
        Some((h, _)) => h,
        None if line.len() <= 40 && !line.ends_with('.') => line,
        None => return None,
    };
    label_section(head).map(|s| (head.trim(), s))
}

/// A line that starts with a label: `Methods`, `METHODS: We …`.
fn starts_with_label(line: &str) -> bool {
    line_label(line).is_some()
}

/// `…in 2010. METHODS: We…` — a label after the end of a sentence.
static INLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([.?!)\]])[ \t]+([A-Z][A-Za-z]*(?:\([sS]\))?(?:[ \t]+[A-Za-z&]+(?:\([sS]\))?){0,4})[ \t]*:")
        .expect("inline label regex")
});

/// An abstract with each structured label at the start of its own line,
/// so that heading detection sees `METHODS:` as it sees it in a PubMed
/// page; the words are unchanged.
pub fn structure_abstract(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for c in INLINE_LABEL.captures_iter(text) {
        let label = c.get(2).expect("group");
        if !is_label(label.as_str()) {
            continue;
        }
        let stop = c.get(1).expect("group").end();
        out.push_str(&text[last..stop]);
        out.push('\n');
        last = label.start();
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs a reader over bytes, as the pipeline would.
    use crate::ingest::{Article, FileData, Item, ReadContext, Reader};

    pub(crate) fn ctx(max_bytes: u64) -> ReadContext {
        ReadContext {
            max_bytes,
            pdf: crate::ingest::pdf::PdfOptions {
                worker: None,
                pdftotext: None,
                timeout: std::time::Duration::from_secs(60),
                max_memory_mb: 0,
                pdfium: false,
            },
        }
    }

    /// Every item of `bytes` read by `reader` (as a stream).
    pub(crate) fn items(reader: &dyn Reader, bytes: &[u8]) -> Vec<Item> {
        let stream = Box::new(std::io::Cursor::new(bytes.to_vec()));
        let a = reader.read(FileData::Stream(stream), &ctx(256_000_000));
        assert!(a.many, "a bibliographic export holds many articles");
        a.items.collect()
    }

    /// The articles only, failing on any other item.
    pub(crate) fn articles(reader: &dyn Reader, bytes: &[u8]) -> Vec<Article> {
        items(reader, bytes)
            .into_iter()
            .map(|i| match i {
                Item::Article(a) => *a,
                other => panic!("expected an article, got {other:?}"),
            })
            .collect()
    }

    pub(crate) fn text(a: &Article) -> &str {
        match &a.content {
            crate::ingest::Content::Text(t) => t,
            _ => panic!("text expected"),
        }
    }

    pub(crate) fn meta(a: &Article) -> &crate::ingest::Metadata {
        a.metadata.as_ref().expect("metadata")
    }

    /// The bytes of `tests/fixtures/{folder}/{name}`.
    pub(crate) fn fixture(folder: &str, name: &str) -> Vec<u8> {
        let path = format!(
            "{}/tests/fixtures/{folder}/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abstract_labels_start_lines_but_sentences_stay() {
        let a = "BACKGROUND: MS is common. METHODS: We randomized 96 patients (n = 48 per arm). RESULTS: Fewer relapses (p = 0.03). In the methods: none. Trial registration: NCT01234567.";
        assert_eq!(
            structure_abstract(a),
            "BACKGROUND: MS is common.\nMETHODS: We randomized 96 patients (n = 48 per arm).\nRESULTS: Fewer relapses (p = 0.03). In the methods: none.\nTrial registration: NCT01234567."
        );
        let text = "x\n".to_string() + &structure_abstract(a);
        let kinds: Vec<_> = crate::sections::detect(&text)
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        use crate::sections::Section::*;
        assert_eq!(kinds, vec![Background, Methods, Results, Registration]);
    }

    #[test]
    fn sections_are_marked_embase_labels_included() {
        let c = Citation {
            title: Some("Quality of life in PCD".into()),
            journal: Some("BMC Proceedings".into()),
            abstract_text: Some(
                "Background: Little is known. Method(s): We searched MEDLINE. Result(s): We found 260 studies. Conclusion(s): More work is needed."
                    .into(),
            ),
            references: vec!["Smith J. A trial. doi:10.1000/ref.1".into()],
            ..Citation::default()
        };
        let (text, marks) = c.text_and_sections();
        let chars: Vec<char> = text.chars().collect();
        let at = |m: &SectionMark| {
            chars[m.start..]
                .iter()
                .take(m.label.len())
                .collect::<String>()
        };
        let got: Vec<(String, Section)> = marks.iter().map(|m| (at(m), m.section)).collect();
        use Section::*;
        assert_eq!(
            got,
            vec![
                ("Quali".into(), Front),
                ("Abstract".into(), Abstract),
                ("Background".into(), Background),
                ("Method(s)".into(), Methods),
                ("Result(s)".into(), Results),
                ("Conclusion(s)".into(), Conclusion),
                ("References".into(), References),
            ],
            "{text}"
        );
        assert!(text.contains("MEDLINE.\nResult(s): We found 260"), "{text}");
    }

    #[test]
    fn wrapped_values_join_but_labels_keep_their_lines() {
        let v = "Background\nLeprosy has long been\nassociated with stigma.\nMethods\nTwenty caregivers.\n\nA second paragraph.";
        assert_eq!(
            join_wrapped(v),
            "Background\nLeprosy has long been associated with stigma.\nMethods\nTwenty caregivers.\n\nA second paragraph."
        );
    }

    #[test]
    fn text_and_metadata() {
        let mut c = Citation {
            title: Some("A trial\nof cells".into()),
            journal: Some("Mult Scler".into()),
            year: Some(2020),
            abstract_text: Some("METHODS: n = 20.".into()),
            ..Citation::default()
        };
        assert!(c.add_doi("doi:10.1000/ABC"));
        assert!(c.add_doi_in("https://doi.org/10.1000/abc"));
        assert!(c.add_pmid("31883240"));
        c.add_registry_field("ClinicalTrials.gov/NCT01234567");
        let a = c.into_article(2, &mut KeyGuard::default());
        assert_eq!(
            testing::text(&a),
            "A trial of cells\nMult Scler, 2020.\n\nAbstract\nMETHODS: n = 20.\n"
        );
        let m = testing::meta(&a);
        assert_eq!(m.doi.as_deref(), Some("10.1000/abc"));
        assert_eq!(m.registry_ids[0].id, "NCT01234567");
        assert_eq!(a.key.as_deref(), Some("pmid-31883240"));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn a_web_page_under_an_exports_name_is_not_read_as_one() {
        use crate::ingest::{Item, Reader};
        let page = b"\xEF\xBB\xBF\n<!DOCTYPE html>\n<html><head><style>\n@font-face { font-family: x; }\n</style></head>\n<body>TY  - JOUR\nPT J\n</body></html>\n";
        let readers: [&dyn Reader; 4] = [
            &crate::ingest::ris::RisReader,
            &crate::ingest::wos::WosReader,
            &crate::ingest::ovid::OvidReader,
            &crate::ingest::bibtex::BibtexReader,
        ];
        for r in readers {
            let got = testing::items(r, page);
            assert!(
                matches!(&got[..], [Item::Stop(m)] if m.starts_with("not ") && m.contains("HTML page")),
                "{}: {got:?}",
                r.format()
            );
        }
    }

    #[test]
    fn a_doi_shared_by_different_records_does_not_merge_them() {
        let mut g = KeyGuard::default();
        let m = Metadata {
            doi: Some("10.1186/s12919-018-0099-8".into()),
            ..Metadata::default()
        };
        let (k1, w1) = g.key(&m, Some("621381829"), 0, hash_of("Quality of life"));
        let (k2, w2) = g.key(&m, Some("621381823"), 1, hash_of("Bioinformatics"));
        let (k3, w3) = g.key(&m, Some("621381829"), 2, hash_of("Quality of life"));
        assert_eq!(k1, "doi-10.1186%2Fs12919-018-0099-8");
        assert_eq!(k2, "id-621381823");
        assert_eq!(k3, k1, "an exact repeat keeps its key");
        assert!(w1.is_none() && w3.is_none());
        assert!(w2.unwrap().contains("also the DOI"));
        // Two different records with one accession: the later by position.
        let none = Metadata::default();
        let (a, _) = g.key(&none, Some("INSPEC:8863438"), 3, 1);
        let (b, wb) = g.key(&none, Some("INSPEC:8863438"), 4, 2);
        let (c, wc) = g.key(&none, Some("INSPEC:8863438"), 5, 1);
        assert_eq!(a, "id-INSPEC%3A8863438");
        assert_eq!(b, "index-4");
        assert!(wb.unwrap().contains("also the ID"));
        assert_eq!((c, wc), (a, None), "an exact repeat keeps its key");
    }
}
