//! Ingest: files → [`Article`]s. Walk the inputs ([`walk`]), decide each
//! file's format ([`detect`]), and let the format's [`Reader`] turn the file
//! into a stream of articles. A text file or a PDF is a file with one
//! article; a PubMed XML, MEDLINE, RIS, BibTeX or PMC article set is a file
//! with many.
//!
//! # Writing a reader
//!
//! A reader is a unit struct implementing [`Reader`], listed once in
//! [`READERS`]. What to implement:
//!
//! * [`Reader::format`]: the `source.format` of its records (`pubmed-xml`,
//!   `medline`, `ris`, `bibtex`, `endnote-xml`, `jats` …). It is also the
//!   name in the manifest.
//! * [`Reader::sniff`]: [`Sniff::Content`] when the first [`SNIFF_BYTES`]
//!   of the file are unmistakably this format (`<PubmedArticleSet`,
//!   `PMID- ` at a line start, `TY  - `), [`Sniff::Name`] when only the file
//!   name says so (`.nbib`), else [`Sniff::No`]. Content wins over every
//!   name: a MEDLINE export saved as `.txt` is MEDLINE. Detection asks every
//!   reader for content first, in registry order, then for names (see
//!   [`detect`] for the whole order). Remove your extension from
//!   [`detect::TEXT_EXTENSIONS`] (or from the "not supported yet" list)
//!   when your reader takes it over. The head is BOM-and-all as on disk;
//!   for a gzip file, when your reader [`streams`](Reader::streams), it is
//!   the head of the decompressed content and the name lacks the `.gz`.
//! * [`Reader::streams`]: `false` (the default) when the reader needs the
//!   whole file in memory (text, PDF: files over `--max-size` get a failed
//!   record without being read); `true` when it reads the file as a stream
//!   ([`FileData::into_stream`]: a large or gzip file comes as a
//!   [`FileData::Stream`], gzip already undone by [`compress`], a small
//!   plain one as the bytes its hashing read), so a 1 GB `.xml.gz` of
//!   30,000 articles takes memory for one article. A streaming
//!   reader applies [`ReadContext::max_bytes`] to one article, not the file.
//! * [`Reader::read`]: returns [`Articles`]: whether the file holds many
//!   articles, and a lazy iterator of [`Item`]s in file order. Do the work in
//!   `next()`, never up front: the pipeline pulls a window of articles,
//!   extracts them in parallel and writes them before it pulls more.
//!
//! What an article carries ([`Article`]):
//!
//! * `index`: its 0-based position among the file's articles (count bad
//!   ones too, so positions match the file).
//! * `key`: for files with many articles, a key that stays the same when the
//!   file is exported again in another order. Build it with [`keys`]: from
//!   the PMID, else the PMCID, else the DOI, else the file's own record ID
//!   (a RIS `ID`, a BibTeX citation key), else the position
//!   ([`keys::for_article`] does the order). It names the record file
//!   (`DIR/<rel>/<key>.json`), so [`keys`] makes it safe as a file name.
//!   `None` for one-article files.
//! * `content`: the readable text built from the fields
//!   ([`Content::Text`]), or pages ([`Content::Pages`], PDF). Put explicit
//!   whitespace between fields and around inline markup (`<i>`, `<sup>`)
//!   so words do not glue and numbers do not split; title first, then the
//!   abstract with its labels on their own lines (`BACKGROUND: …`), then
//!   body sections with their titles, tables as rows on their own lines
//!   with cells separated, and the reference list under a `References`
//!   heading.
//! * `sections`: where each part starts ([`SectionMark`]: a char offset in
//!   the text, the label as the file gives it, and the
//!   [`Section`](crate::sections::Section) it is, from
//!   [`Section::from_heading`](crate::sections::Section::from_heading)).
//!   When given, they replace the heading detection that plain text gets,
//!   so a DOI in the references section is `cited` and a sample size in
//!   the background belongs to another study.
//! * `metadata`: what the file states outright ([`Metadata`]: PMID, PMCID,
//!   DOI, title, journal, year, publication types, registry IDs from
//!   `DataBankList` or `SI`). The process stage merges it with what the text
//!   says: `summary.doi` is the metadata's DOI when there is one, registry
//!   IDs carry `in: ["metadata", "text"]`, and a disagreement becomes a
//!   warning. Give DOIs in lower case without a `doi:` or URL prefix.
//! * `warnings`: what a reviewer should know about this article (a field
//!   that was cut, an encoding fallback).
//!
//! Errors: a malformed article costs that article, never the file: yield
//! [`Item::Bad`] with its index, key if known, and where it is
//! (`line 1204`, `byte 88123`); it becomes a failed record. When the file
//! cannot be read further (a truncated `.gz`, XML that breaks off, an entity
//! bomb or absurd nesting refused), yield [`Item::Stop`] saying where and
//! why and end the stream: the articles before it are kept and the manifest
//! says the reading stopped. A file that is not the format at all (an HTML
//! page named `.xml`) is a `Stop` before any article. Never panic on input;
//! the pipeline catches panics as a last resort, and that costs the whole
//! file.
//!
//! What the pipeline does with the articles (no reader needs to care):
//! records at `DIR/<rel>/<key>.json` with `source.record`; an exact repeat
//! of a key is one record, a changed one is current and both are listed in
//! the manifest; an unchanged file is not opened again, and in a changed
//! one an unchanged article keeps its record; a record per bad article; a
//! file that stops before its first article is one failed record
//! (`DIR/<rel>.json`), as for a one-document file.
//!
//! Test a reader on fixtures written in the styles of the real exports
//! (`tests/fixtures/<format>/`) and on `../shared/corpora/bibformats`;
//! `pipeline::Options::readers` runs the pipeline with a reader that is not
//! registered yet (`tests/it/many.rs` does so with a test-only format).

pub mod bibtex;
pub mod citation;
pub mod compress;
pub mod detect;
pub mod endnote_xml;
pub mod jats;
pub mod keys;
pub mod medline;
pub mod metadata_ids;
pub mod ovid;
pub mod pdf;
pub mod pdfium;
pub mod pubmed_xml;
pub mod ris;
pub mod script;
pub mod shard;
pub mod tagged;
pub mod text;
pub mod walk;
pub mod worker;
pub mod wos;

pub use crate::record::Metadata;
pub use detect::{detect, detect_among, Detected, SNIFF_BYTES};

use crate::sections::Section;
use std::io::BufRead;
use std::path::Path;

/// Every reader, in the order detection asks them.
pub static READERS: &[&dyn Reader] = &[
    &pdf::PdfReader,
    &pubmed_xml::PubmedXmlReader,
    &jats::JatsReader,
    &medline::MedlineReader,
    &endnote_xml::EndnoteXmlReader,
    &ovid::OvidReader,
    &wos::WosReader,
    &ris::RisReader,
    &bibtex::BibtexReader,
    &text::TextReader,
];

/// The readers a run asks, in order: the registered ones by default; a
/// library user (or a test) may put its own first.
#[derive(Clone)]
pub struct Readers(pub Vec<&'static dyn Reader>);

impl Default for Readers {
    fn default() -> Readers {
        Readers(READERS.to_vec())
    }
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|r| r.format()))
            .finish()
    }
}

/// How sure a reader is that a file is its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniff {
    /// The first bytes say so: wins over any name.
    Content,
    /// Only the file name says so.
    Name,
    No,
}

/// One format's reader: a file in, articles out.
pub trait Reader: Send + Sync {
    /// `source.format` of its records: `text`, `pdf`, `pubmed-xml` …
    fn format(&self) -> &'static str;
    /// Whether a file is this format, from its first bytes and its name.
    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff;
    /// True when the reader reads the file as a stream
    /// ([`FileData::into_stream`]); false when it needs all of it in memory
    /// ([`FileData::Bytes`], at most `--max-size`).
    fn streams(&self) -> bool {
        false
    }
    /// Turns the file into articles, lazily.
    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles;
    /// True when the file named `name` (its file name, no folder) is one
    /// of a series in which a later file replaces an earlier one's
    /// version of an article with the same key (PubMed baseline and update
    /// files: one current record per PMID, the version from the file that
    /// sorts last; see `pipeline::supersede`). False (the default): each
    /// file's records stand on their own.
    fn replaces_across_files(&self, _name: &str) -> bool {
        false
    }
}

/// What a reader reads.
pub enum FileData {
    /// The whole file (readers whose [`Reader::streams`] is false, and
    /// small plain files for the others, read once to be hashed).
    Bytes(Vec<u8>),
    /// The file as a buffered stream, gzip undone (streaming readers, for
    /// large or gzip files).
    Stream(Box<dyn BufRead + Send>),
}

impl FileData {
    /// The file as a stream, whichever way it was handed over.
    pub fn into_stream(self) -> Box<dyn BufRead + Send> {
        match self {
            FileData::Stream(s) => s,
            FileData::Bytes(b) => Box::new(std::io::Cursor::new(b)),
        }
    }
}

/// What a reader may need besides the bytes.
#[derive(Debug, Clone)]
pub struct ReadContext {
    /// The largest file (whole-file readers) or article (streaming
    /// readers) to read, in bytes.
    pub max_bytes: u64,
    /// How PDFs are read (worker process, second backend, budget).
    pub pdf: pdf::PdfOptions,
}

/// A file's articles, as a stream.
pub struct Articles {
    /// True for a file that holds many articles (each gets a record at
    /// `DIR/<rel>/<key>.json` and a `source.record`), false for a file that
    /// is one document (`DIR/<rel>.json`, as for text and PDF). Decided per
    /// file: a PMC article set holds many, a single `.nxml` is one.
    pub many: bool,
    pub items: Box<dyn Iterator<Item = Item> + Send>,
}

impl Articles {
    /// A one-document file whose reading gave `item`.
    pub fn one(item: Item) -> Articles {
        Articles {
            many: false,
            items: Box::new(std::iter::once(item)),
        }
    }
}

/// What a reader yields.
#[derive(Debug)]
pub enum Item {
    Article(Box<Article>),
    /// A malformed article: it gets a failed record; the file goes on.
    Bad(BadArticle),
    /// The file cannot be read further (its reason says where and why); the
    /// articles before it are kept. For a one-document file, the reason its
    /// record fails with.
    Stop(String),
    /// The file deletes the article with this key (PubMed
    /// `DeleteCitation`): it gets no record, and a record of that key made
    /// earlier in the file, or in an earlier file of a format whose
    /// [`Reader::replaces_across_files`] is true, is removed.
    Deleted(String),
}

/// One article, ready for the process stage.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// 0-based position among the file's articles.
    pub index: usize,
    /// Stable key (see [`keys`]) for files with many articles; `None` for
    /// one-document files.
    pub key: Option<String>,
    pub content: Content,
    /// Where each part of the text starts; empty: headings are detected in
    /// the text.
    pub sections: Vec<SectionMark>,
    pub metadata: Option<Metadata>,
    pub warnings: Vec<String>,
    /// The encoding the bytes were decoded from, when the reader decoded
    /// text (`utf-8`, `windows-1252` …): `source.encoding`.
    pub encoding: Option<String>,
    /// The text backend, for PDFs (`pdfium`, `pdf-extract`, `pdftotext`):
    /// `source.backend`.
    pub backend: Option<String>,
}

/// The readable text of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(String),
    /// One string per page (PDF); findings carry their page.
    Pages(Vec<String>),
}

impl Default for Content {
    fn default() -> Content {
        Content::Text(String::new())
    }
}

/// The start of a labelled part of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionMark {
    /// Char (code point) offset in the article's text where the part
    /// starts, its label included.
    pub start: usize,
    /// The label as the file gives it (`METHODS`, `Trial registration`,
    /// `References`).
    pub label: String,
    pub section: Section,
}

/// An article that could not be read; the file goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadArticle {
    pub index: usize,
    /// Its key when the reader got that far (else the record is keyed by
    /// position).
    pub key: Option<String>,
    /// Where it is in the file, in words (`line 1204`, `byte 88123`).
    pub position: String,
    pub error: String,
}
