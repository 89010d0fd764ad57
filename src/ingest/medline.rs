//! MEDLINE tagged text: PubMed's "PubMed format" export (`.nbib`, or
//! `.txt` when saved from the page), ERIC's export in the same format, and
//! NLM's MEDLINE distribution text.
//!
//! The format is lines `TAG - value`: a tag of up to four letters, padded
//! to four, then `- `; a value that runs on is continued on lines indented
//! by six spaces; a blank line ends a record. Real files bend it, and
//! this reader takes what they do: a tag without padding (`PMID-22664220`,
//! `PMC -22664230`, `TI-`), CRLF line ends, a BOM, a record that starts
//! with `PMID-` without a blank line before it, ERIC records without a
//! PMID (`OWN - ERIC`), lines that are neither a tag nor a continuation
//! (left out, with a warning on the record), and Windows-1252 bytes (read
//! as such, with a warning).
//!
//! No crate reads MEDLINE text (the Rust ecosystem's bibliographic crates
//! cover BibTeX and RIS), and the format is a few line rules, so the
//! reader is written here. It streams: lines are read one at a time and
//! one record is held in memory, so a `.nbib` of any size (or a `.nbib.gz`)
//! takes memory for one record, at most `--max-size`.
//!
//! What becomes what (NLM's element descriptions):
//!
//! * `PMID` the PMID; `PMC` the PMCID; `TI` (several lines are one title)
//!   the title, else `BTI` (book title); `JT`, else `TA`, the journal;
//!   `DP` the year; `PT` the publication types;
//! * the DOI from `AID - … [doi]` (or an `AID` that starts `doi:`), else
//!   `LID - … [doi]`; a `[pii]` is never a DOI;
//! * `SI - ClinicalTrials.gov/NCT00000000` (any trial registry) the
//!   registry IDs, canonical; GenBank and other databanks are not;
//! * the text: the title, then the abstract (`AB`; `OAB` other abstracts),
//!   whose run-in labels (`BACKGROUND: … METHODS: …`) each start a line and
//!   a section, as the labels of PubMed XML's `AbstractText` do.

use super::citation::clean_doi;
use super::metadata_ids::registry_ref;
use super::{keys, Article, Articles, BadArticle, Content, FileData, Item, ReadContext, Reader};
use super::{SectionMark, Sniff};
use crate::record::{Metadata, RegistryRef};
use crate::sections::Section;
use regex::Regex;
use std::io::{self, BufRead};
use std::path::Path;
use std::sync::LazyLock;

/// The MEDLINE reader.
pub struct MedlineReader;

/// `PMID- 31883240`, `TI  - A title`, `PMC -22664230`, `TI-`.
static TAG_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$").expect("tag line regex"));

/// Tags that only MEDLINE uses; RIS shares `TI`, `AU`, `AB`.
const MEDLINE_TAGS: &[&str] = &[
    "PMID", "OWN", "STAT", "DCOM", "LR", "DP", "TI", "AB", "FAU", "AU", "AD", "LA", "PT", "PL",
    "TA", "JT", "JID", "SB", "MH", "OT", "EDAT", "MHDA", "CRDT", "PHST", "AID", "LID", "PST", "SO",
    "PMC", "PMCR", "IS", "VI", "IP", "PG", "SI", "GR", "BTI", "CTI", "FED", "OID", "DA", "DEP",
    "OAB", "CI", "COIS", "RN", "CIN", "EIN", "CON",
];

impl Reader for MedlineReader {
    fn format(&self) -> &'static str {
        "medline"
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff {
        if looks_like_medline(head) {
            return Sniff::Content;
        }
        match super::detect::extension(path).as_str() {
            "nbib" | "medline" => Sniff::Name,
            _ => Sniff::No,
        }
    }

    fn streams(&self) -> bool {
        true
    }

    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles {
        let stream = file.into_stream();
        Articles {
            many: true,
            items: Box::new(Records {
                stream,
                line_no: 0,
                index: 0,
                max_bytes: ctx.max_bytes,
                carried: None,
                junk: Vec::new(),
                done: false,
                any: false,
                decoded_1252: false,
            }),
        }
    }
}

/// True when the head is MEDLINE: a `PMID-` line, or a first line that is
/// a MEDLINE tag and more such lines after it, and nothing of RIS's (`TY`,
/// `ER`).
pub fn looks_like_medline(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let mut tagged = 0;
    let mut first = true;
    for line in lines.by_ref().filter(|l| !l.trim().is_empty()).take(40) {
        let Some(c) = TAG_LINE.captures(line) else {
            if first {
                return false;
            }
            continue;
        };
        let tag = c.get(1).map_or("", |m| m.as_str());
        if tag == "TY" || tag == "ER" {
            return false;
        }
        if tag == "PMID" && c[2].trim().starts_with(|ch: char| ch.is_ascii_digit()) {
            return true;
        }
        if first && !MEDLINE_TAGS.contains(&tag) {
            return false;
        }
        first = false;
        tagged += usize::from(MEDLINE_TAGS.contains(&tag));
    }
    tagged >= 3
}

/// One record's fields, in file order.
#[derive(Debug, Default)]
struct Fields {
    /// (tag, value), continuation lines joined with a space.
    fields: Vec<(String, String)>,
    first_line: usize,
    warnings: Vec<String>,
}

impl Fields {
    fn all<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(t, _)| t == tag)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn first<'a>(&'a self, tag: &'a str) -> Option<&'a str> {
        self.all(tag).next()
    }

    fn has(&self, tag: &str) -> bool {
        self.fields.iter().any(|(t, _)| t == tag)
    }
}

/// The records of a MEDLINE stream.
struct Records {
    stream: Box<dyn BufRead + Send>,
    line_no: usize,
    index: usize,
    max_bytes: u64,
    /// A `PMID-` line that started the next record without a blank line.
    carried: Option<(String, String)>,
    /// Lines left out since the last record, for the next one's warnings.
    junk: Vec<usize>,
    done: bool,
    /// Whether any record was read.
    any: bool,
    decoded_1252: bool,
}

enum Line {
    Text(String),
    Eof,
    Error(String),
}

impl Records {
    fn read_line(&mut self, budget: &mut u64) -> Line {
        let mut bytes = Vec::new();
        let limit = (*budget).saturating_add(1);
        match io::Read::take(&mut self.stream, limit).read_until(b'\n', &mut bytes) {
            Ok(0) => return Line::Eof,
            Ok(n) => {
                self.line_no += 1;
                if n as u64 > *budget {
                    return Line::Error(format!(
                        "refused: the record at line {} is larger than the {} limit (--max-size); reading stopped there",
                        self.line_no,
                        crate::plain::human_bytes(self.max_bytes)
                    ));
                }
                *budget -= n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                return Line::Error(format!(
                    "the file breaks off after line {} (the compressed data ends early: a truncated download?)",
                    self.line_no
                ))
            }
            Err(e) => {
                return Line::Error(format!(
                    "cannot read the file past line {}: {}",
                    self.line_no,
                    crate::plain::plain_io(&e)
                ))
            }
        }
        if self.line_no == 1 && bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            bytes.pop();
        }
        Line::Text(match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                self.decoded_1252 = true;
                super::text::decode(e.as_bytes())
                    .map(|d| d.text)
                    .unwrap_or_default()
            }
        })
    }

    /// Reads the next record's lines; `Err` when the file cannot be read
    /// further (after the record's lines so far, which are returned first).
    fn next_fields(&mut self) -> (Option<Fields>, Option<String>) {
        let mut rec = Fields::default();
        let mut budget = self.max_bytes;
        if let Some((t, v)) = self.carried.take() {
            rec.first_line = self.line_no;
            rec.fields.push((t, v));
        }
        let mut stop = None;
        loop {
            let line = match self.read_line(&mut budget) {
                Line::Text(l) => l,
                Line::Eof => break,
                Line::Error(e) => {
                    stop = Some(e);
                    break;
                }
            };
            if line.trim().is_empty() {
                if rec.fields.is_empty() {
                    continue;
                }
                break;
            }
            if line.starts_with([' ', '\t']) {
                // A continuation line of the value before it.
                match rec.fields.last_mut() {
                    Some((_, v)) => {
                        v.push(' ');
                        v.push_str(line.trim());
                    }
                    None => self.junk.push(self.line_no),
                }
                continue;
            }
            let Some(c) = TAG_LINE.captures(&line) else {
                // "This line should be omitted", "SO  invalid line".
                self.junk.push(self.line_no);
                continue;
            };
            let (tag, value) = (c[1].to_string(), c[2].trim().to_string());
            if tag == "PMID" && rec.has("PMID") {
                // The next record, with no blank line before it.
                self.carried = Some((tag, value));
                break;
            }
            if rec.fields.is_empty() {
                rec.first_line = self.line_no;
            }
            rec.fields.push((tag, value));
        }
        if rec.fields.is_empty() {
            return (None, stop);
        }
        if !self.junk.is_empty() {
            let lines: Vec<String> = self.junk.drain(..).map(|n| n.to_string()).collect();
            rec.warnings.push(format!(
                "lines that are not MEDLINE fields were left out (line {})",
                lines.join(", ")
            ));
        }
        if std::mem::take(&mut self.decoded_1252) {
            rec.warnings.push(
                "encoding: some lines are not valid UTF-8; they were read as Windows-1252/Latin-1, so some characters may be wrong".into(),
            );
        }
        (Some(rec), stop)
    }
}

impl Iterator for Records {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let (rec, stop) = self.next_fields();
        let Some(rec) = rec else {
            self.done = true;
            return match stop {
                Some(why) => Some(Item::Stop(why)),
                None if !self.any => Some(Item::Stop(
                    "not a MEDLINE file: no `TAG - value` lines were found".into(),
                )),
                None => None,
            };
        };
        if let Some(why) = stop {
            // The record before the break may be cut: it is not kept.
            self.done = true;
            return Some(Item::Stop(format!(
                "{why}; the record that starts at line {} may be incomplete and was left out",
                rec.first_line
            )));
        }
        self.any = true;
        let index = self.index;
        self.index += 1;
        Some(match article(rec, index) {
            Ok(a) => Item::Article(Box::new(a)),
            Err((key, position, error)) => Item::Bad(BadArticle {
                index,
                key,
                position,
                error,
            }),
        })
    }
}

/// A run-in label of a structured abstract: `BACKGROUND: `, `TRIAL
/// REGISTRATION: ` (capitals, at the start or after a sentence).
static RUN_IN_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.!?)\]] )([A-Z][A-Z]+(?:[ ,/&-]+[A-Z]+){0,5}): ").expect("label regex")
});

/// Splits an abstract at its run-in labels: `(label, text)` parts.
fn split_labels(ab: &str) -> Vec<(Option<String>, String)> {
    let mut parts = Vec::new();
    let mut label: Option<String> = None;
    let mut from = 0;
    for c in RUN_IN_LABEL.captures_iter(ab) {
        let m = c.get(1).expect("group");
        let before = ab[from..m.start()].trim();
        if !before.is_empty() || label.is_some() {
            parts.push((label.take(), before.to_string()));
        }
        label = Some(m.as_str().to_string());
        from = c.get(0).expect("match").end();
    }
    let rest = ab[from.min(ab.len())..].trim();
    if !rest.is_empty() || label.is_some() {
        parts.push((label, rest.to_string()));
    }
    parts
}

/// The article of a record, or (key, position, why) it is none.
fn article(rec: Fields, index: usize) -> Result<Article, (Option<String>, String, String)> {
    let metadata = metadata(&rec);
    let position = format!("record {}, line {}", index + 1, rec.first_line);
    let mut warnings = rec.warnings.clone();
    if rec.all("PMID").count() > 1 {
        warnings.push("the record has more than one PMID line; the first is taken".into());
    }
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut mark = |text: &String, label: &str, section: Section| {
        marks.push(SectionMark {
            start: text.chars().count(),
            label: label.to_string(),
            section,
        });
    };
    if let Some(title) = &metadata.title {
        mark(&text, "Title", Section::Front);
        text.push_str(title);
        text.push('\n');
    }
    for (tag, heading) in [("AB", None), ("OAB", Some("Other abstract"))] {
        for ab in rec.all(tag) {
            if !text.is_empty() {
                text.push('\n');
            }
            if let Some(h) = heading {
                mark(&text, h, Section::Abstract);
                text.push_str(h);
                text.push('\n');
            }
            for (i, (label, body)) in split_labels(ab).into_iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                match label {
                    Some(l) => {
                        let s = Section::from_heading(&l);
                        let s = if matches!(s, Section::Other | Section::Front) {
                            Section::Abstract
                        } else {
                            s
                        };
                        mark(&text, &l, s);
                        text.push_str(&format!("{l}: {body}\n"));
                    }
                    None => {
                        mark(&text, "Abstract", Section::Abstract);
                        text.push_str(&body);
                        text.push('\n');
                    }
                }
            }
        }
    }
    let named = metadata.pmid.is_some()
        || metadata.pmcid.is_some()
        || metadata.doi.is_some()
        || !text.is_empty();
    if !named {
        let tags: Vec<&str> = rec.fields.iter().map(|(t, _)| t.as_str()).collect();
        return Err((
            None,
            position,
            format!(
                "the record has no PMID, DOI, title or abstract (only {})",
                tags.join(", ")
            ),
        ));
    }
    if text.trim().is_empty() {
        warnings.push("no text: the record has neither a title nor an abstract".into());
    }
    // The file's own record ID: ERIC's accession (`OID - EJ1227990`).
    let own_id = rec.first("OID");
    let key = keys::for_article(Some(&metadata), own_id, index);
    Ok(Article {
        index,
        key: Some(key),
        content: Content::Text(text),
        sections: marks,
        metadata: Some(metadata),
        warnings,
        encoding: None,
        backend: None,
    })
}

fn metadata(rec: &Fields) -> Metadata {
    // `10.1016/x [doi]`, `S0140-6736(20)30000-1 [pii]`, `doi:10.1016/x`.
    let tagged_doi = |tag: &str| {
        rec.all(tag).find_map(|v| {
            let (id, kind) = match v.rsplit_once('[') {
                Some((id, kind)) => (id.trim(), kind.trim_end_matches(']').trim()),
                None => (v, ""),
            };
            let doi_like = kind.eq_ignore_ascii_case("doi")
                || (kind.is_empty() && id.to_ascii_lowercase().starts_with("doi:"));
            if doi_like {
                clean_doi(id)
            } else {
                None
            }
        })
    };
    let title: Vec<&str> = rec.all("TI").collect();
    let title = if title.is_empty() {
        rec.first("BTI").map(str::to_string)
    } else {
        Some(title.join(" "))
    };
    let mut registry_ids: Vec<RegistryRef> = Vec::new();
    for si in rec.all("SI") {
        let (bank, acc) = si.split_once('/').unwrap_or(("", si));
        if let Some(r) = registry_ref(bank, acc) {
            if !registry_ids.iter().any(|x| x.id == r.id) {
                registry_ids.push(r);
            }
        }
    }
    let mut publication_types: Vec<String> = Vec::new();
    for pt in rec.all("PT") {
        if !publication_types.iter().any(|p| p == pt) {
            publication_types.push(pt.to_string());
        }
    }
    Metadata {
        pmid: rec.first("PMID").map(str::to_string),
        pmcid: rec.first("PMC").map(str::to_string),
        doi: tagged_doi("AID").or_else(|| tagged_doi("LID")),
        title,
        journal: rec
            .first("JT")
            .or_else(|| rec.first("TA"))
            .map(str::to_string),
        year: rec.first("DP").and_then(|d| {
            d.get(..4)
                .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|y| y.parse().ok())
        }),
        publication_types,
        registry_ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_medline_but_not_ris() {
        assert!(looks_like_medline(b"PMID- 31883240\nOWN - NLM\n"));
        assert!(looks_like_medline(
            b"PMID-22664220\nPT  - Technical Report\n"
        ));
        assert!(looks_like_medline(
            b"\r\nOWN - ERIC\r\nTI  - A title\r\nAU  - Smith, J.\r\nDP  - 2020\r\n"
        ));
        assert!(!looks_like_medline(
            b"TY  - JOUR\nTI  - A title\nAU  - Smith\nER  - \n"
        ));
        assert!(!looks_like_medline(b"Results were good.\nTI  - x\n"));
        assert!(!looks_like_medline(
            b"PMC some PMC\n  PMID\n\n\nSO-something stands here"
        ));
    }

    #[test]
    fn run_in_labels_split() {
        let parts = split_labels(
            "BACKGROUND: Cells help. METHODS: We randomized 48 (n = 48). TRIAL REGISTRATION: NCT01234567.",
        );
        let labels: Vec<Option<&str>> = parts.iter().map(|(l, _)| l.as_deref()).collect();
        assert_eq!(
            labels,
            vec![
                Some("BACKGROUND"),
                Some("METHODS"),
                Some("TRIAL REGISTRATION")
            ]
        );
        assert_eq!(parts[1].1, "We randomized 48 (n = 48).");
        let plain = split_labels("An abstract with a ratio 2:1 and NO labels.");
        assert_eq!(plain.len(), 1);
        assert!(plain[0].0.is_none());
    }
}
