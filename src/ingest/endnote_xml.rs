//! EndNote XML (File → Export → XML): `<xml><records><record>…`, one
//! `<record>` per reference, every text wrapped in `<style face=…>` runs.
//!
//! Read with quick-xml's streaming reader, one record at a time: memory
//! holds one record, whatever the file's size. quick-xml never expands
//! entities a DOCTYPE declares (each `&name;` comes as its own event), so
//! an entity bomb cannot grow here; a file that declares entities is still
//! refused with a plain message, as is nesting deeper than [`MAX_DEPTH`].
//! A record over `--max-size` is skipped and costs itself; XML that breaks
//! off ends the file after the records before it, saying where.
//!
//! Styled runs are joined as they are (EndNote splits one text into runs
//! at every change of face); a superscript run of digits and signs becomes
//! Unicode superscripts (`10<style face="superscript">-5</style>` →
//! `10⁻⁵`, as the p-value extractor reads it).
//!
//! Identifiers: `electronic-resource-num` (DOI), `accession-num` (the PMID
//! when the record came from PubMed: `remote-database-provider` NLM, or a
//! record that names no database and whose number has a PMID's shape),
//! `custom2` (EndNote keeps the PMCID there), DOI and PubMed links in
//! `urls`, `PMID:` lines in `notes`. The key falls back to `rec-number`.

use super::citation::{self, Citation, KeyGuard};
use super::{Articles, BadArticle, FileData, Item, ReadContext, Reader, Sniff};
use quick_xml::events::Event;
use quick_xml::Reader as XmlReader;
use std::io::BufRead;
use std::path::Path;

pub struct EndnoteXmlReader;

/// Deeper nesting than this is refused (EndNote's is 6).
const MAX_DEPTH: usize = 256;

impl Reader for EndnoteXmlReader {
    fn format(&self) -> &'static str {
        "endnote-xml"
    }

    /// Content: after the XML declaration, the root `<xml>` and then
    /// `<records>`.
    fn sniff(&self, _path: &Path, head: &[u8]) -> Sniff {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
        let mut rest = text.trim_start();
        while let Some(r) = rest.strip_prefix("<?") {
            match r.split_once("?>") {
                Some((_, after)) => rest = after.trim_start(),
                None => return Sniff::No,
            }
        }
        if let Some(r) = rest.strip_prefix("<xml>") {
            if r.trim_start().starts_with("<records") {
                return Sniff::Content;
            }
        }
        Sniff::No
    }

    fn streams(&self) -> bool {
        true
    }

    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles {
        let stream = file.into_stream();
        let mut xml = XmlReader::from_reader(stream);
        let config = xml.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = true;
        Articles {
            many: true,
            items: Box::new(Records {
                xml,
                buf: Vec::new(),
                max_bytes: ctx.max_bytes,
                keys: KeyGuard::default(),
                index: 0,
                done: false,
                any: false,
                depth: 0,
            }),
        }
    }
}

struct Records {
    xml: XmlReader<Box<dyn BufRead + Send>>,
    buf: Vec<u8>,
    max_bytes: u64,
    keys: KeyGuard,
    index: usize,
    done: bool,
    any: bool,
    /// Open elements outside the current record (`xml`, `records`): kept
    /// across records, so the root is checked once.
    depth: usize,
}

/// One record's fields: (path below `<record>` without `style`, text).
#[derive(Default)]
struct Fields {
    values: Vec<(String, String)>,
    ref_type: Option<String>,
}

impl Fields {
    fn all<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.values
            .iter()
            .filter(move |(p, _)| p == path)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn first<'a>(&'a self, path: &'a str) -> Option<&'a str> {
        self.all(path).next()
    }
}

enum Outcome {
    Record(Fields),
    TooBig,
    Stop(String),
    End,
}

impl Records {
    fn byte_pos(&self) -> u64 {
        self.xml.buffer_position()
    }

    /// Reads to the next `<record>` and through it.
    fn next_record(&mut self) -> Outcome {
        match self.seek_record() {
            Some(outcome) => outcome,
            None => self.read_record(),
        }
    }

    /// Reads to the next `<record>` start: `None` there, else how the
    /// file ended (or why it is refused).
    fn seek_record(&mut self) -> Option<Outcome> {
        loop {
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) => {
                    self.depth += 1;
                    let depth = self.depth;
                    if depth > MAX_DEPTH {
                        return Some(Outcome::Stop(format!(
                            "the XML nests deeper than {MAX_DEPTH} levels (byte {}); reading stopped",
                            self.byte_pos()
                        )));
                    }
                    let name = e.name();
                    if depth == 1 && name.as_ref() != "xml" {
                        return Some(Outcome::Stop(format!(
                            "not EndNote XML: the root element is <{}>",
                            name.as_ref()
                        )));
                    }
                    if name.as_ref() == "record" {
                        // The record's own level is counted by its path.
                        self.depth -= 1;
                        return None;
                    }
                }
                Ok(Event::End(_)) => self.depth = self.depth.saturating_sub(1),
                Ok(Event::DocType(d)) => {
                    if d.contains("<!ENTITY") {
                        return Some(Outcome::Stop(
                            "the file declares XML entities (a DOCTYPE with <!ENTITY>), which is how entity-expansion bombs work; it was not read".into(),
                        ));
                    }
                }
                Ok(Event::Eof) => return Some(Outcome::End),
                Ok(_) => {}
                Err(e) => {
                    return Some(Outcome::Stop(format!(
                        "the XML breaks off or is malformed at byte {}: {e}",
                        self.xml.error_position()
                    )))
                }
            }
        }
    }

    /// Reads one record, its `<record>` start just read.
    fn read_record(&mut self) -> Outcome {
        let start = self.byte_pos();
        let mut fields = Fields::default();
        let mut path: Vec<String> = Vec::new();
        let mut superscript = 0usize;
        let mut too_big = false;
        loop {
            self.buf.clear();
            let ev = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(e) => {
                    return Outcome::Stop(format!(
                        "the XML breaks off or is malformed at byte {} (in the record that starts at byte {start}): {e}",
                        self.xml.error_position()
                    ))
                }
            };
            if self.xml.buffer_position() - start > self.max_bytes {
                too_big = true;
                fields.values.clear();
            }
            match ev {
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    if path.len() + self.depth > MAX_DEPTH {
                        return Outcome::Stop(format!(
                            "the XML nests deeper than {MAX_DEPTH} levels (byte {}); reading stopped",
                            self.byte_pos()
                        ));
                    }
                    if name == "style" {
                        let face = attribute(&e, "face").unwrap_or_default();
                        if face.contains("superscript") || superscript > 0 {
                            superscript += 1;
                        }
                    } else {
                        if path.is_empty() && name == "ref-type" {
                            fields.ref_type = attribute(&e, "name");
                        }
                        path.push(name);
                        if !too_big {
                            fields.values.push((path.join("/"), String::new()));
                        }
                    }
                }
                Event::End(e) => {
                    if e.name().as_ref() == "style" {
                        superscript = superscript.saturating_sub(1);
                    } else if path.pop().is_none() {
                        // </record>
                        break;
                    }
                }
                Event::Text(t) => push_text(&mut fields, &t.xml10_content(), superscript > 0),
                Event::CData(t) => push_text(&mut fields, &t.xml10_content(), superscript > 0),
                Event::GeneralRef(r) => push_text(&mut fields, &entity_text(&r), superscript > 0),
                Event::Eof => {
                    return Outcome::Stop(format!(
                        "the XML ends inside the record that starts at byte {start}"
                    ))
                }
                _ => {}
            }
        }
        if too_big {
            Outcome::TooBig
        } else {
            Outcome::Record(fields)
        }
    }
}

/// An attribute's value, entities resolved.
fn attribute(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// The text of an entity reference: a character reference, one of XML's
/// five, or (for any other name, which no DOCTYPE of ours may declare) the
/// reference as written.
fn entity_text(r: &quick_xml::events::BytesRef) -> String {
    match r.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        _ => match &**r {
            "amp" => "&".into(),
            "lt" => "<".into(),
            "gt" => ">".into(),
            "quot" => "\"".into(),
            "apos" => "'".into(),
            other => format!("&{other};"),
        },
    }
}

/// Appends text to the innermost open field; a superscript run of digits
/// and signs as Unicode superscripts.
fn push_text(fields: &mut Fields, text: &str, superscript: bool) {
    let Some((_, v)) = fields.values.last_mut() else {
        return;
    };
    if superscript {
        let mapped: Option<String> = text
            .chars()
            .map(|c| match c {
                '0'..='9' => Some(
                    ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][c as usize - '0' as usize],
                ),
                '-' | '−' | '–' => Some('⁻'),
                '+' => Some('⁺'),
                _ => None,
            })
            .collect();
        if let Some(m) = mapped.filter(|m| !m.is_empty()) {
            v.push_str(&m);
            return;
        }
    }
    v.push_str(text);
}

impl Iterator for Records {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let start_line = self.byte_pos();
        let outcome = self.next_record();
        let index = self.index;
        match outcome {
            Outcome::End => {
                self.done = true;
                (!self.any).then(|| {
                    Item::Stop("no EndNote records: the file has no <record> element".into())
                })
            }
            Outcome::Stop(why) => {
                self.done = true;
                Some(Item::Stop(why))
            }
            Outcome::TooBig => {
                self.any = true;
                self.index += 1;
                Some(Item::Bad(BadArticle {
                    index,
                    key: None,
                    position: format!("byte {start_line}"),
                    error: "the record is larger than the size limit (--max-size); it was skipped"
                        .into(),
                }))
            }
            Outcome::Record(f) => {
                self.any = true;
                self.index += 1;
                let mut c = endnote_citation(&f);
                c.fingerprint = Some(citation::hash_of(&f.values));
                Some(Item::Article(Box::new(
                    c.into_article(index, &mut self.keys),
                )))
            }
        }
    }
}

fn endnote_citation(f: &Fields) -> Citation {
    let mut c = Citation::default();
    if let Some(t) = &f.ref_type {
        c.add_type(t);
    }
    c.title = f.first("titles/title").map(citation::one_line);
    c.journal = f
        .first("periodical/full-title")
        .or_else(|| f.first("titles/secondary-title"))
        .map(citation::one_line);
    for p in ["dates/year", "dates/pub-dates/date"] {
        for v in f.all(p) {
            c.add_year(v);
        }
    }
    c.abstract_text = f.first("abstract").map(citation::join_wrapped);
    for v in f.all("electronic-resource-num") {
        if !c.add_doi(v) {
            c.add_doi_in(v);
        }
    }
    let db: String = [
        "remote-database-name",
        "remote-database-provider",
        "database",
    ]
    .iter()
    .filter_map(|p| f.first(p))
    .collect::<Vec<_>>()
    .join(" ")
    .to_lowercase();
    let named =
        f.first("remote-database-name").is_some() || f.first("remote-database-provider").is_some();
    let pubmed = db.contains("pubmed") || db.contains("medline") || db.contains("nlm");
    for v in f.all("accession-num") {
        if pubmed || (!named && v.len() <= 8) {
            c.add_pmid(v);
        }
    }
    for v in f.all("custom2") {
        c.add_pmcid(v);
    }
    for p in [
        "urls/related-urls/url",
        "urls/web-urls/url",
        "urls/pdf-urls/url",
    ] {
        for v in f.all(p) {
            c.add_doi_in(v);
            c.add_pmid(v);
            c.add_pmcid(v);
        }
    }
    for v in f.all("notes") {
        for line in v.lines().map(str::trim) {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("pmid") {
                c.add_pmid(line);
            } else if lower.starts_with("pmcid") {
                c.add_pmcid(line);
            }
        }
    }
    c.record_id = f.first("rec-number").map(str::to_string);
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::citation::testing::{articles, items, meta, text};

    fn fixture(name: &str) -> Vec<u8> {
        crate::ingest::citation::testing::fixture("endnote_xml", name)
    }

    #[test]
    fn records_with_styles_entities_and_identifiers() {
        let a = articles(&EndnoteXmlReader, &fixture("library.xml"));
        assert_eq!(a.len(), 3);
        let m = meta(&a[0]);
        assert_eq!(m.pmid.as_deref(), Some("31245678"));
        assert_eq!(m.pmcid.as_deref(), Some("PMC6598765"));
        assert_eq!(m.doi.as_deref(), Some("10.1002/ana.25512"));
        assert_eq!(m.journal.as_deref(), Some("Annals of Neurology"));
        assert_eq!(m.year, Some(2019));
        assert_eq!(m.publication_types, vec!["Journal Article"]);
        assert_eq!(
            m.title.as_deref(),
            Some("Natalizumab & relapse risk: CD4⁺ counts in 212 patients")
        );
        let t = text(&a[0]);
        assert!(t.contains("(p < 0.05 was significant)"), "{t}");
        assert!(t.contains("P = 2 × 10⁻⁵"), "{t}");
        assert!(t.contains("\nRESULTS: "), "{t}");
        // Embase accession (9 digits, database named): not a PMID.
        assert_eq!(meta(&a[1]).pmid, None);
        assert_eq!(
            meta(&a[1]).doi.as_deref(),
            Some("10.1016/j.msard.2020.102345")
        );
        assert_eq!(a[2].key.as_deref(), Some("id-3"));
    }

    #[test]
    fn bombs_nesting_and_broken_xml_are_refused_plainly() {
        let bomb = b"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><xml><records><record><titles><title>&b;</title></titles></record></records></xml>";
        let got = items(&EndnoteXmlReader, bomb);
        assert!(
            matches!(&got[..], [Item::Stop(m)] if m.contains("entities")),
            "{got:?}"
        );
        let deep = format!(
            "<xml><records><record>{}</record></records></xml>",
            "<a>".repeat(100_000)
        );
        let got = items(&EndnoteXmlReader, deep.as_bytes());
        assert!(
            matches!(&got[..], [Item::Stop(m)] if m.contains("nests deeper")),
            "{got:?}"
        );
        let mut cut = fixture("library.xml");
        cut.truncate(cut.len() * 2 / 3);
        let got = items(&EndnoteXmlReader, &cut);
        assert!(matches!(got.first(), Some(Item::Article(_))), "{got:?}");
        assert!(
            matches!(got.last(), Some(Item::Stop(m)) if m.contains("byte")),
            "{got:?}"
        );
        let html = b"<html><body>Not found</body></html>";
        let got = items(&EndnoteXmlReader, html);
        assert!(
            matches!(&got[..], [Item::Stop(m)] if m.contains("not EndNote XML")),
            "{got:?}"
        );
    }

    #[test]
    fn sniffing() {
        let p = Path::new("My Library.xml");
        assert_eq!(
            EndnoteXmlReader.sniff(p, &fixture("library.xml")),
            Sniff::Content
        );
        assert_eq!(
            EndnoteXmlReader.sniff(p, b"<?xml version=\"1.0\"?><PubmedArticleSet>"),
            Sniff::No
        );
        assert_eq!(EndnoteXmlReader.sniff(p, b"<html>"), Sniff::No);
    }
}
