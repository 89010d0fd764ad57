//! PubMed XML: `PubmedArticleSet` from efetch, the annual baseline and the
//! daily update files (`pubmed26n0001.xml.gz`, ~30,000 articles each),
//! plain or gzip; `PubmedBookArticleSet` and `PubmedBookArticle`; a bare
//! `<PubmedArticle>` root; `DeleteCitation`.
//!
//! The file is read as a stream with `quick-xml`'s pull reader, one article
//! at a time: memory is one article (and one event buffer) whatever the
//! file's size. [`article`] turns an article's elements into its text,
//! section marks and metadata.
//!
//! What the reader refuses, with a plain message, and why:
//!
//! * a DOCTYPE that declares its own entities (`<!ENTITY …>`): quick-xml
//!   never expands them, and PubMed files declare none, so such a file is
//!   either not PubMed's or an entity-expansion bomb ("billion laughs");
//! * elements nested deeper than [`MAX_DEPTH`] (PubMed nests about 10
//!   deep, MathML a few more): a 100,000-level file is hostile or broken;
//! * an article (or the gap between two) larger than `--max-size`: the
//!   stream is cut there, so one huge text node cannot take the memory.
//!
//! A damaged article costs that article ([`Item::Bad`] with its byte
//! position) when the file's structure lets the reader find the next one;
//! a file that breaks off (a truncated `.gz`, XML cut inside an article)
//! ends in [`Item::Stop`] that says where, after the articles before it.
//! `DeleteCitation` PMIDs become [`Item::Deleted`].

mod article;
mod inline;

use super::{keys, Articles, BadArticle, FileData, Item, ReadContext, Reader, Sniff};
use article::ArticleParts;
use quick_xml::events::{BytesRef, Event};
use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::path::Path;

/// Deepest element nesting read; deeper is refused.
pub const MAX_DEPTH: usize = 256;

/// Root elements of PubMed XML.
const ROOTS: &[&str] = &[
    "PubmedArticleSet",
    "PubmedBookArticleSet",
    "PubmedArticle",
    "PubmedBookArticle",
];

/// The PubMed XML reader.
pub struct PubmedXmlReader;

impl Reader for PubmedXmlReader {
    fn format(&self) -> &'static str {
        "pubmed-xml"
    }

    /// By content only: `.xml` says nothing about which XML it is.
    fn sniff(&self, _path: &Path, head: &[u8]) -> Sniff {
        match root_element(head) {
            Some(root) if ROOTS.contains(&root.as_str()) => Sniff::Content,
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
            items: Box::new(PubmedItems::new(stream, ctx.max_bytes)),
        }
    }

    /// NLM's baseline and update files (`pubmed26n0001.xml.gz`): an update
    /// file's version of a PMID replaces the baseline's, and its
    /// `DeleteCitation` removes it. Other PubMed XML files are a user's
    /// exports (two searches saved from PubMed may share an article, and
    /// each keeps its record), so only the distribution's names take part.
    fn replaces_across_files(&self, name: &str) -> bool {
        is_distribution_file(name)
    }
}

/// Whether `name` is the name of a PubMed baseline or update file:
/// `pubmed<yy>n<nnnn>.xml`, optionally `.gz`.
pub fn is_distribution_file(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let stem = name.strip_suffix(".gz").unwrap_or(name);
    stem.strip_suffix(".xml")
        .and_then(|s| s.strip_prefix("pubmed"))
        .and_then(|s| s.split_once('n'))
        .is_some_and(|(year, number)| digits(year) && digits(number))
}

/// The name of the first element of an XML head, after the declaration,
/// comments, processing instructions and the DOCTYPE.
pub fn root_element(head: &[u8]) -> Option<String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let s = String::from_utf8_lossy(head);
    let mut rest = s.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!DOCTYPE") {
            // An internal subset ends at `]>`; otherwise at the first `>`.
            let end = match (r.find('['), r.find('>')) {
                (Some(b), Some(g)) if b < g => r.find("]>").map(|e| e + 2)?,
                (_, Some(g)) => g + 1,
                _ => return None,
            };
            rest = r[end..].trim_start();
        } else {
            let r = rest.strip_prefix('<')?;
            let name: String = r
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
                .collect();
            return (!name.is_empty()).then_some(name);
        }
    }
}

/// A stream that yields at most `limit` bytes between two [`reset`]s, so
/// that a single article (or a single enormous text node) cannot take more
/// memory than `--max-size`.
///
/// [`reset`]: Budgeted::reset
struct Budgeted<R> {
    inner: R,
    used: u64,
    limit: u64,
}

/// The message of the error [`Budgeted`] returns at its limit.
const OVER_LIMIT: &str = "over the size limit";

impl<R: BufRead> Budgeted<R> {
    fn reset(&mut self) {
        self.used = 0;
    }
}

impl<R: BufRead> Read for Budgeted<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Budgeted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.used >= self.limit {
            return Err(io::Error::other(OVER_LIMIT));
        }
        let left = (self.limit - self.used).min(usize::MAX as u64) as usize;
        let buf = self.inner.fill_buf()?;
        Ok(&buf[..buf.len().min(left)])
    }

    fn consume(&mut self, n: usize) {
        self.used += n as u64;
        self.inner.consume(n);
    }
}

type Xml = quick_xml::Reader<Budgeted<Box<dyn BufRead + Send>>>;

/// The articles of one PubMed XML stream.
struct PubmedItems {
    xml: Xml,
    buf: Vec<u8>,
    /// Open elements outside articles (the set, `DeleteCitation`).
    depth: usize,
    /// Whether the root element was seen.
    rooted: bool,
    /// The next article's position.
    index: usize,
    /// Items ready to hand out (`DeleteCitation` lists several PMIDs; an
    /// article cut short by the next one's start yields two items).
    ready: VecDeque<Item>,
    /// An article whose start tag was read while the previous one was
    /// still open (its root element's name): the previous is bad, this
    /// one is read next.
    resume: Option<String>,
    max_bytes: u64,
    done: bool,
}

impl PubmedItems {
    fn new(stream: Box<dyn BufRead + Send>, max_bytes: u64) -> PubmedItems {
        let mut xml = quick_xml::Reader::from_reader(Budgeted {
            inner: stream,
            used: 0,
            limit: max_bytes.max(1),
        });
        // Mismatched end tags are handled here (an article with one costs
        // that article), not as errors that end the reading.
        let cfg = xml.config_mut();
        cfg.check_end_names = false;
        cfg.allow_unmatched_ends = true;
        PubmedItems {
            xml,
            buf: Vec::with_capacity(64 * 1024),
            depth: 0,
            rooted: false,
            index: 0,
            ready: VecDeque::new(),
            resume: None,
            max_bytes,
            done: false,
        }
    }

    fn byte(&self) -> u64 {
        self.xml.buffer_position()
    }

    fn stop(&mut self, why: String) -> Option<Item> {
        self.done = true;
        Some(Item::Stop(why))
    }

    /// Why reading stopped at an error of the XML reader.
    fn error_message(&self, e: &quick_xml::Error) -> String {
        let at = self.byte();
        match e {
            quick_xml::Error::Io(io) if io.to_string() == OVER_LIMIT => format!(
                "refused: an article (or the text between two) at byte {at} is larger than the {} limit (--max-size); reading stopped there",
                crate::plain::human_bytes(self.max_bytes)
            ),
            quick_xml::Error::Io(io) if io.kind() == io::ErrorKind::UnexpectedEof => format!(
                "the file breaks off at byte {at} of its content (the compressed data ends early: a truncated download?)"
            ),
            quick_xml::Error::Io(io) => format!(
                "cannot read the file past byte {at}: {}",
                crate::plain::plain_io(io)
            ),
            e => format!("not well-formed XML at byte {at}: {e}"),
        }
    }

    /// Reads the next event outside articles.
    fn step(&mut self) -> Option<Item> {
        self.buf.clear();
        let event = match self.xml.read_event_into(&mut self.buf) {
            Ok(e) => e,
            Err(e) => {
                let why = self.error_message(&e);
                return self.stop(why);
            }
        };
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                if !self.rooted {
                    self.rooted = true;
                    if !ROOTS.contains(&name.as_str()) {
                        return self.stop(format!(
                            "not PubMed XML: the root element is <{name}>, not <PubmedArticleSet>"
                        ));
                    }
                }
                if name == "PubmedArticle" || name == "PubmedBookArticle" {
                    return self.article(name);
                }
                if name == "DeleteCitation" {
                    return self.deletions();
                }
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return self.too_deep();
                }
                None
            }
            Event::Empty(e) => {
                if !self.rooted {
                    self.rooted = true;
                    let name = e.local_name().as_ref().to_string();
                    if !ROOTS.contains(&name.as_str()) {
                        return self.stop(format!(
                            "not PubMed XML: the root element is <{name}>, not <PubmedArticleSet>"
                        ));
                    }
                }
                None
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                None
            }
            Event::DocType(d) => {
                if d.contains("<!ENTITY") {
                    return self.stop(BOMB.to_string());
                }
                None
            }
            Event::Eof => {
                self.done = true;
                if !self.rooted {
                    return Some(Item::Stop(
                        "not PubMed XML: no XML element in the file".into(),
                    ));
                }
                if self.depth > 0 {
                    let at = self.byte();
                    return Some(Item::Stop(format!(
                        "the file breaks off at byte {at}: the XML ends before </PubmedArticleSet>"
                    )));
                }
                None
            }
            Event::Text(t) if !self.rooted && !t.trim().is_empty() => {
                self.stop("not PubMed XML: text before the first element".into())
            }
            _ => None,
        }
    }

    fn too_deep(&mut self) -> Option<Item> {
        let at = self.byte();
        self.stop(format!(
            "refused: elements nested more than {MAX_DEPTH} deep at byte {at} (PubMed XML nests about 10 deep; this file is broken or hostile)"
        ))
    }

    /// Reads one article, from just after its start tag to its end tag.
    fn article(&mut self, root: String) -> Option<Item> {
        let index = self.index;
        self.index += 1;
        let start = self.byte();
        self.xml.get_mut().reset();
        let mut parts = ArticleParts::new(&root);
        let outcome = self.read_article(&mut parts, &root);
        self.xml.get_mut().reset();
        let bad = |key: Option<String>, error: String| {
            Item::Bad(BadArticle {
                index,
                key,
                position: format!("article {}, byte {start}", index + 1),
                error,
            })
        };
        let key = parts.pmid().map(keys::pmid);
        match outcome {
            ArticleEnd::Closed => Some(match parts.finish(index) {
                Ok(article) => Item::Article(Box::new(article)),
                Err(why) => bad(key, why),
            }),
            ArticleEnd::Malformed(why) => Some(bad(key, why)),
            ArticleEnd::NextStarts(name) => {
                let at = self.byte();
                self.ready.push_back(bad(
                    key,
                    format!("the article is not closed: another <{name}> starts at byte {at}"),
                ));
                self.resume = Some(name);
                self.ready.pop_front()
            }
            ArticleEnd::SetEnds(name) => {
                let at = self.byte();
                self.stop(format!(
                    "the XML breaks at byte {at}: </{name}> while article {} (<{root}>) is still open; the articles before it are kept",
                    index + 1
                ))
            }
            ArticleEnd::Stop(why) => self.stop(why),
        }
    }

    /// Reads an article's events up to its end tag into `parts`.
    fn read_article(&mut self, parts: &mut ArticleParts, root: &str) -> ArticleEnd {
        let mut stack: Vec<String> = Vec::new();
        let mut damage: Option<String> = None;
        let mut last_error_at = None;
        loop {
            self.buf.clear();
            let event = match self.xml.read_event_into(&mut self.buf) {
                Ok(e) => e,
                Err(e) => {
                    let why = self.error_message(&e);
                    let at = self.byte();
                    if matches!(e, quick_xml::Error::Io(_)) || last_error_at == Some(at) {
                        return ArticleEnd::Stop(why);
                    }
                    // The reader goes on after the damaged event.
                    last_error_at = Some(at);
                    damage.get_or_insert(why);
                    continue;
                }
            };
            match event {
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_string();
                    if name == "PubmedArticle" || name == "PubmedBookArticle" {
                        return ArticleEnd::NextStarts(name);
                    }
                    if self.depth + stack.len() + 2 > MAX_DEPTH {
                        let at = self.byte();
                        return ArticleEnd::Stop(format!(
                            "refused: elements nested more than {MAX_DEPTH} deep at byte {at} (PubMed XML nests about 10 deep; this file is broken or hostile)"
                        ));
                    }
                    parts.start(&stack, &name, &e);
                    stack.push(name);
                }
                Event::Empty(e) => {
                    let name = e.local_name().as_ref().to_string();
                    parts.start(&stack, &name, &e);
                    stack.push(name);
                    stack.pop();
                    parts.end(&stack);
                }
                Event::End(e) => {
                    let name = e.local_name().as_ref().to_string();
                    if let Some(end) = self.close(&name, root, &mut stack, parts, &mut damage) {
                        return end;
                    }
                }
                Event::Text(t) => parts.text(&t),
                Event::CData(c) => parts.text(&c.xml10_content()),
                Event::GeneralRef(r) => {
                    if let Err(e) = reference(&r, parts) {
                        let at = self.byte();
                        damage
                            .get_or_insert(format!("a bad character reference at byte {at}: {e}"));
                    }
                }
                Event::Eof => {
                    let at = self.byte();
                    return ArticleEnd::Stop(format!(
                        "the file breaks off at byte {at}, inside article {} (<{root}> is not closed); the articles before it are kept",
                        self.index
                    ));
                }
                _ => {}
            }
        }
    }

    /// An end tag: the element it closes (up to it, when end tags are
    /// missing), the article's end, or the end of the set; what the
    /// article ends with when it ends here.
    fn close(
        &mut self,
        name: &str,
        root: &str,
        stack: &mut Vec<String>,
        parts: &mut ArticleParts,
        damage: &mut Option<String>,
    ) -> Option<ArticleEnd> {
        if stack.last().is_some_and(|s| s == name) {
            stack.pop();
            parts.end(stack);
        } else if stack.iter().any(|s| s == name) {
            // A missing end tag inside the article: close up to
            // the element that ends.
            let at = self.byte();
            damage.get_or_insert(format!(
                "mismatched tags: </{name}> at byte {at} closes <{}>",
                stack.last().map_or("", String::as_str)
            ));
            while let Some(open) = stack.pop() {
                parts.end(stack);
                if open == name {
                    break;
                }
            }
        } else if name == root {
            while stack.pop().is_some() {
                parts.end(stack);
            }
            return Some(match damage.take() {
                Some(why) => ArticleEnd::Malformed(why),
                None => ArticleEnd::Closed,
            });
        } else if ROOTS.contains(&name) {
            return Some(ArticleEnd::SetEnds(name.to_string()));
        } else {
            let at = self.byte();
            damage.get_or_insert(format!("a stray </{name}> at byte {at}"));
        }
        None
    }

    /// Reads the PMIDs of a `DeleteCitation` element.
    fn deletions(&mut self) -> Option<Item> {
        let mut in_pmid = false;
        let mut pmid = String::new();
        loop {
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) => {
                    in_pmid = e.local_name().as_ref() == "PMID";
                    pmid.clear();
                }
                Ok(Event::Text(t)) if in_pmid => pmid.push_str(&t),
                Ok(Event::End(e)) => {
                    if e.local_name().as_ref() == "DeleteCitation" {
                        break;
                    }
                    if in_pmid && !pmid.trim().is_empty() {
                        self.ready.push_back(Item::Deleted(keys::pmid(pmid.trim())));
                    }
                    in_pmid = false;
                }
                Ok(Event::Eof) => {
                    self.ready.push_back(Item::Stop(
                        "the file breaks off inside <DeleteCitation>".into(),
                    ));
                    self.done = true;
                    break;
                }
                Err(e) => {
                    let why = self.error_message(&e);
                    self.ready.push_back(Item::Stop(why));
                    self.done = true;
                    break;
                }
                _ => {}
            }
        }
        self.ready.pop_front()
    }
}

const BOMB: &str = "refused: the file declares its own XML entities (<!DOCTYPE … [<!ENTITY …]>); litextract does not expand them, which guards against entity-expansion bombs, and PubMed XML never declares any";

/// How an article's reading ended.
enum ArticleEnd {
    /// Its end tag was read.
    Closed,
    /// Its end tag was read, but what lay between was damaged.
    Malformed(String),
    /// Another article's start tag came first (this one was never closed).
    NextStarts(String),
    /// The set's end tag came first.
    SetEnds(String),
    /// The file cannot be read further.
    Stop(String),
}

impl Iterator for PubmedItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            if let Some(root) = self.resume.take() {
                if let Some(item) = self.article(root) {
                    return Some(item);
                }
                continue;
            }
            if let Some(item) = self.step() {
                return Some(item);
            }
        }
    }
}

/// A character or entity reference in the text; an undefined entity is
/// kept as written, with a warning. A bad character reference is an error.
fn reference(r: &BytesRef, parts: &mut ArticleParts) -> Result<(), String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => parts.text(c.encode_utf8(&mut [0; 4])),
        Ok(None) => match quick_xml::escape::resolve_predefined_entity(r) {
            Some(s) => parts.text(s),
            None => {
                let name = r.to_string();
                parts.text(&format!("&{name};"));
                parts.warn(format!(
                    "the entity &{name}; is not defined in XML; it was kept as written"
                ));
            }
        },
        Err(e) => return Err(e.to_string()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_file_names() {
        for yes in [
            "pubmed26n0001.xml.gz",
            "pubmed26n1334.xml",
            "pubmed25n0999.xml.gz",
        ] {
            assert!(is_distribution_file(yes), "{yes}");
        }
        for no in [
            "pubmed.xml",
            "pubmed26n.xml",
            "pubmed26n0001.txt",
            "pubmed_result.xml",
            "my-pubmed26n0001.xml",
            "pubmedxxn0001.xml.gz",
        ] {
            assert!(!is_distribution_file(no), "{no}");
        }
    }

    #[test]
    fn root_after_declaration_doctype_and_comments() {
        let head = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE PubmedArticleSet PUBLIC \"x\" \"y\">\n<PubmedArticleSet>";
        assert_eq!(root_element(head).as_deref(), Some("PubmedArticleSet"));
        let subset = b"<!DOCTYPE x [<!ELEMENT x ANY>]><PubmedArticle>";
        assert_eq!(root_element(subset).as_deref(), Some("PubmedArticle"));
        assert_eq!(root_element(b"plain text"), None);
    }
}
