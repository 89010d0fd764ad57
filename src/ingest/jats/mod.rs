//! JATS: PMC `.nxml` full texts (JATS 1.0–1.3 and the NLM 2.x/3.x DTDs
//! before it) and PMC's `<pmc-articleset>` (efetch output), which holds
//! many articles.
//!
//! The file is read as a stream with quick-xml (no tree of the whole file:
//! memory follows one article); every `<article>` becomes an
//! [`Article`](crate::ingest::Article) with
//!
//! * text built from the elements ([`article`]): the title, the author
//!   notes (where PMC puts many trial registrations; not the address),
//!   the abstracts with their section titles (`Background: …` on one line
//!   each), the keywords, the body's sections with their titles on lines
//!   of their own, tables with one line per row and ` | ` between cells
//!   ([`table`] says why not a tab), figure and table captions, footnotes,
//!   formulas as text ([`math`]: no MathML tag or TeX command gets
//!   through), the acknowledgements, funding and notes, and the
//!   reference list under
//!   `References`, each reference on its line with `doi:` before its DOI;
//! * section marks for every heading it writes, so the extractors know
//!   Methods from Results and References without guessing from the text
//!   (a subsection keeps its parent's section: `Participants` under
//!   Results is results);
//! * metadata from `front/article-meta` ([`meta`]).
//!
//! Inline markup never glues or splits words: `<italic>P</italic> = 0.03`
//! reads `P = 0.03`; a superscript of digits becomes superscript
//! characters (`10<sup>−5</sup>` → `10⁻⁵`, which the p-value extractor
//! reads); a citation superscript becomes `[12]` apart from the word before
//! (`27 patients<sup>12</sup>` → `27 patients [12]`, never `patients12`).
//!
//! What goes wrong costs as little as possible: a malformed article in an
//! article set is a bad article and reading goes on at the next
//! `<article>`; an article larger than `--max-size` is skipped with that
//! reason; XML that breaks off (a truncated `.gz`) stops the file after the
//! articles before it; a DOCTYPE that declares entities (the XML bomb
//! mechanism) and nesting deeper than [`MAX_DEPTH`] are refused; a file
//! that is not JATS (an HTML page named `.nxml`) is refused before any
//! article. quick-xml checks no end-tag names here (it would keep a stack of
//! every open name); [`article`] checks them against its own bounded stack.
//!
//! Text must be UTF-8 (as PMC and every JATS producer write it); a file in
//! another encoding fails with that reason.

mod article;
mod builder;
mod math;
mod meta;
mod table;
mod xml;

use super::{Articles, BadArticle, FileData, Item, ReadContext, Reader, Sniff};
use article::{ArticleParser, Attrs};
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;
use std::path::Path;

/// Deepest element nesting read. Real articles nest some 30 deep (a table
/// cell in a list in a section in a section …), MathML a little more; a
/// crafted file with 100,000 levels is refused before it costs anything.
pub const MAX_DEPTH: usize = 1000;

/// Errors in a row, without progress, after which the file is given up.
const MAX_ERRORS_IN_A_ROW: usize = 20;

/// PMC / JATS XML.
pub struct JatsReader;

impl Reader for JatsReader {
    fn format(&self) -> &'static str {
        "jats"
    }

    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff {
        if xml::root(head).is_some() {
            Sniff::Content
        } else if super::detect::extension(path) == "nxml" && !super::detect::looks_like_html(head)
        {
            Sniff::Name
        } else {
            Sniff::No
        }
    }

    fn streams(&self) -> bool {
        true
    }

    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles {
        let stream = file.into_stream();
        let mut items = JatsItems::new(stream, ctx.max_bytes);
        match items.prolog() {
            Ok(many) => Articles {
                many,
                items: Box::new(items),
            },
            Err(why) => Articles::one(Item::Stop(why)),
        }
    }
}

/// The attributes of a start tag, for [`ArticleParser`].
struct StartAttrs<'a>(&'a BytesStart<'a>);

impl Attrs for StartAttrs<'_> {
    fn get(&self, name: &str) -> Option<String> {
        let a = self.0.try_get_attribute(name).ok()??;
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    }
}

/// The articles of one file, read on demand.
struct JatsItems {
    xml: quick_xml::Reader<Box<dyn BufRead + Send>>,
    buf: Vec<u8>,
    /// A file of many articles (`pmc-articleset`), or one `<article>`.
    many: bool,
    index: usize,
    /// The single article's root, read by [`JatsItems::prolog`].
    root: Option<BytesStart<'static>>,
    max_bytes: u64,
    done: bool,
}

/// How reading one article ended.
enum Outcome {
    Article(Box<ArticleParser>),
    /// The article is malformed or too large; the file goes on.
    Bad {
        position: String,
        error: String,
    },
    /// The file cannot be read further.
    Stop(String),
}

impl JatsItems {
    fn new(stream: Box<dyn BufRead + Send>, max_bytes: u64) -> JatsItems {
        let mut xml = quick_xml::Reader::from_reader(stream);
        let config = xml.config_mut();
        // Our own bounded stack checks end tags (see the module docs).
        config.check_end_names = false;
        config.expand_empty_elements = false;
        JatsItems {
            xml,
            buf: Vec::new(),
            many: false,
            index: 0,
            root: None,
            max_bytes,
            done: false,
        }
    }

    fn offset(&self) -> u64 {
        self.xml.buffer_position()
    }

    /// Reads up to the root element: whether the file holds many articles,
    /// or why it is not read at all.
    fn prolog(&mut self) -> Result<bool, String> {
        loop {
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::DocType(d)) => {
                    if let Some(why) = xml::refuse_doctype(&d.xml10_content()) {
                        return Err(why);
                    }
                }
                Ok(Event::Start(e)) => {
                    let name = e.name().as_ref().to_string();
                    return match name.as_str() {
                        "pmc-articleset" => {
                            self.many = true;
                            Ok(true)
                        }
                        "article" => {
                            self.root = Some(e.into_owned());
                            Ok(false)
                        }
                        other => Err(format!(
                            "not a JATS article: the XML's root element is <{other}>, not <article> or <pmc-articleset>"
                        )),
                    };
                }
                Ok(Event::Empty(e)) => {
                    return Err(format!(
                        "not a JATS article: the XML's root element is an empty <{}>",
                        e.name().as_ref()
                    ))
                }
                Ok(Event::Text(t)) if !t.xml10_content().trim().is_empty() => {
                    return Err("not a JATS article: the file does not start with XML".into())
                }
                Ok(Event::Eof) => {
                    return Err("not a JATS article: the file holds no XML element".into())
                }
                Ok(_) => {}
                Err(e) => {
                    return Err(format!(
                        "not readable as XML at byte {}: {e}",
                        self.xml.error_position()
                    ))
                }
            }
        }
    }

    /// In an article set: reads on to the next `<article>` start.
    fn next_article_start(&mut self) -> Result<Option<BytesStart<'static>>, String> {
        let mut errors = 0;
        loop {
            self.buf.clear();
            let before = self.offset();
            match self.xml.read_event_into(&mut self.buf) {
                Ok(Event::Start(e)) if e.name().as_ref() == "article" => {
                    return Ok(Some(e.into_owned()))
                }
                Ok(Event::End(e)) if e.name().as_ref() == "pmc-articleset" => return Ok(None),
                Ok(Event::Eof) => return Ok(None),
                Ok(_) => errors = 0,
                Err(quick_xml::Error::Io(e)) => return Err(self.broke_off(&e)),
                Err(_) => {
                    errors += 1;
                    if errors > MAX_ERRORS_IN_A_ROW || self.offset() == before {
                        return Err(format!(
                            "the XML is damaged beyond repair at byte {}; the articles before it are kept",
                            self.xml.error_position()
                        ));
                    }
                }
            }
        }
    }

    fn broke_off(&self, e: &std::io::Error) -> String {
        format!(
            "the file breaks off at byte {} of its XML ({e}); the articles before it are kept",
            self.offset()
        )
    }

    /// Reads one article from its start tag to its end tag.
    fn read_article(&mut self, start: &BytesStart<'_>) -> Outcome {
        let begin = self.offset();
        let mut p = ArticleParser::new();
        p.start("article", &StartAttrs(start));
        let mut too_big = false;
        loop {
            if p.depth() > MAX_DEPTH {
                return Outcome::Stop(format!(
                    "refused: elements nested more than {MAX_DEPTH} deep at byte {} (no article nests so deep; a crafted file does)",
                    self.offset()
                ));
            }
            let read = self.offset() - begin;
            if !too_big && (read > self.max_bytes || p.size() as u64 > self.max_bytes) {
                too_big = true;
            }
            self.buf.clear();
            let ev = match self.xml.read_event_into(&mut self.buf) {
                Ok(ev) => ev,
                Err(quick_xml::Error::Io(e)) => return Outcome::Stop(self.broke_off(&e)),
                Err(e) => {
                    return Outcome::Bad {
                        position: format!("byte {}", self.xml.error_position()),
                        error: format!("not well-formed XML: {e}"),
                    }
                }
            };
            let result = if too_big {
                // Only the nesting is followed, to find the article's end.
                skim(&mut p, ev)
            } else {
                feed(&mut p, ev)
            };
            match result {
                Ok(true) => {}
                Ok(false) => {
                    return Outcome::Stop(format!(
                        "the XML breaks off inside article {} (at byte {}): the file is incomplete; the articles before it are kept",
                        self.index + 1,
                        self.offset()
                    ))
                }
                Err(e) => {
                    return Outcome::Bad {
                        position: format!("byte {}", self.offset()),
                        error: format!("not well-formed XML: {e}"),
                    }
                }
            }
            if p.closed() {
                break;
            }
        }
        if too_big {
            return Outcome::Bad {
                position: format!("bytes {begin}–{}", self.offset()),
                error: format!(
                    "the article is larger than the size limit ({} MB, --max-size); it was skipped",
                    self.max_bytes / 1_000_000
                ),
            };
        }
        Outcome::Article(Box::new(p))
    }
}

/// Gives one event to the parser; `Ok(false)` at the end of the file.
fn feed(p: &mut ArticleParser, ev: Event<'_>) -> Result<bool, String> {
    match ev {
        Event::Start(e) => p.start(e.name().as_ref(), &StartAttrs(&e)),
        Event::Empty(e) => p.empty(e.name().as_ref(), &StartAttrs(&e)),
        Event::End(e) => p.end(e.name().as_ref())?,
        Event::Text(t) => p.text(&t.xml10_content()),
        Event::CData(t) => p.text(&t.xml10_content()),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => p.text(c.encode_utf8(&mut [0; 4])),
            Ok(None) => p.entity(&r),
            Err(e) => return Err(format!("a bad character reference &{};: {e}", &*r)),
        },
        Event::Eof => return Ok(false),
        Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
    }
    Ok(true)
}

/// Follows only the nesting of an article being skipped.
fn skim(p: &mut ArticleParser, ev: Event<'_>) -> Result<bool, String> {
    struct NoAttrs;
    impl Attrs for NoAttrs {
        fn get(&self, _: &str) -> Option<String> {
            None
        }
    }
    match ev {
        Event::Start(e) => p.start(e.name().as_ref(), &NoAttrs),
        Event::End(e) => p.end(e.name().as_ref())?,
        Event::Eof => return Ok(false),
        _ => {}
    }
    Ok(true)
}

impl Iterator for JatsItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let start = if self.many {
            match self.next_article_start() {
                Ok(Some(s)) => s,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(why) => {
                    self.done = true;
                    return Some(Item::Stop(why));
                }
            }
        } else {
            // One article: its root was read with the prolog.
            self.done = true;
            self.root.take()?
        };
        let index = self.index;
        let outcome = self.read_article(&start);
        self.index += 1;
        Some(match outcome {
            Outcome::Article(p) => Item::Article(Box::new(p.finish(index, self.many))),
            Outcome::Bad { position, error } => Item::Bad(BadArticle {
                index,
                key: None,
                position,
                error,
            }),
            Outcome::Stop(why) => {
                self.done = true;
                Item::Stop(why)
            }
        })
    }
}

#[cfg(test)]
mod tests;
