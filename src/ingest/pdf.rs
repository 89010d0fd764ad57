//! PDF text, page by page: pdfium first where the binary carries it
//! ([`super::pdfium`]), else `pdf-extract`; `pdftotext` (poppler) as the
//! second backend where installed, else `pdf-extract` after pdfium.
//!
//! pdfium reads every real paper of the shared corpus but the scan, with
//! text close to poppler's, and faster; `pdf-extract` (pure Rust) stays
//! for builds without pdfium and as the last resort. `pdf-extract` panics
//! on some real PDFs by design, so every call runs under `catch_unwind`
//! with a panic hook that stays quiet for these calls (the user sees a
//! record saying the PDF could not be read, never a Rust panic message).
//! The CLI goes further and runs both in a pool of worker subprocesses
//! with a time and memory budget per document ([`super::worker`]);
//! [`extract_in_process`] and [`pdfium_in_process`] stay for library use
//! and tests. Errors are mapped to words a librarian understands.
//!
//! Both are driven page by page over the PDF's page tree, so a page a
//! backend cannot read costs that page only and is named in a warning (the
//! `pdf-extract` crate's own by-pages call stops at such a page and
//! returns the pages before it as if that were all).
//!
//! [`read`] asks the second backend whenever the first fails, misses
//! pages or returns little text, and keeps whichever read more. The record
//! says which backend it was (`source.backend`).
//!
//! The [`PdfReader`] makes one article of a PDF, page by page.

use super::pdfium;
use super::worker::{self, Engine};
use super::{Article, Articles, Content, FileData, Item, ReadContext, Reader, Sniff};
use crate::isolate::child::{self, Limits};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// PDFs: one article each, one string per page.
pub struct PdfReader;

impl Reader for PdfReader {
    fn format(&self) -> &'static str {
        "pdf"
    }

    /// A `%PDF-` header anywhere in the first KB (some files have junk
    /// before it); a `.pdf` name without one is still given to this reader
    /// by [`super::detect()`], so that the record says why it cannot be read.
    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff {
        let kb = &head[..head.len().min(1024)];
        if super::detect::find(kb, b"%PDF-").is_some() {
            Sniff::Content
        } else if super::detect::extension(path) == "pdf" {
            Sniff::Name
        } else {
            Sniff::No
        }
    }

    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles {
        let FileData::Bytes(bytes) = file else {
            return Articles::one(Item::Stop("internal error: a PDF is read whole".into()));
        };
        Articles::one(match read(&bytes, &ctx.pdf) {
            Ok(t) => {
                let mut warnings = t.warnings;
                warnings.extend(text_warnings(&t.pages));
                Item::Article(Box::new(Article {
                    content: Content::Pages(t.pages),
                    warnings,
                    backend: Some(t.backend.to_string()),
                    ..Article::default()
                }))
            }
            Err(e) => Item::Stop(e.to_string()),
        })
    }
}

/// Text of a PDF, one string per page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    pub pages: Vec<String>,
    /// Which backend produced the text (`pdfium`, `pdf-extract`, `pdftotext`).
    pub backend: &'static str,
    pub warnings: Vec<String>,
}

/// Why a PDF could not be read, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PdfError {
    #[error("empty file (0 bytes)")]
    Empty,
    #[error("not a PDF: the file has no PDF header{0}")]
    NotPdf(String),
    #[error("encrypted PDF: it cannot be read without its password")]
    Encrypted,
    #[error("damaged PDF: {0}")]
    Damaged(String),
    #[error("the PDF reader crashed on this file (it is probably damaged or uses features the reader does not support)")]
    Crashed,
    #[error("timed out: reading the PDF took longer than {0} s")]
    TimedOut(u64),
    #[error("the PDF reader ran out of memory (limit {0} MB)")]
    OutOfMemory(u64),
    #[error("the PDF reader failed: {0}")]
    Worker(String),
}

pub use crate::isolate::catch_quietly;

/// Extracts text in this process (under `catch_unwind`), page by page.
pub fn extract_in_process(bytes: &[u8]) -> Result<PdfText, PdfError> {
    check_header(bytes)?;
    let (pages, unread) = catch_quietly(|| extract_pages(bytes)).ok_or(PdfError::Crashed)??;
    // lopdf opens some encrypted files it cannot decrypt as if they had no
    // pages or no text.
    if readable_chars(&pages) == 0 && bytes.windows(8).any(|w| w == b"/Encrypt") {
        return Err(PdfError::Encrypted);
    }
    let warnings = unread_warning(&unread, pages.len()).into_iter().collect();
    Ok(PdfText {
        pages,
        backend: "pdf-extract",
        warnings,
    })
}

/// Extracts text with pdfium in this process, page by page (pdfium is not
/// thread-safe: calls are serialized; the CLI runs it in workers).
pub fn pdfium_in_process(bytes: &[u8]) -> Result<PdfText, PdfError> {
    check_header(bytes)?;
    let (pages, unread) = pdfium::extract(bytes)?;
    let warnings = unread_warning(&unread, pages.len()).into_iter().collect();
    Ok(PdfText {
        pages,
        backend: pdfium::NAME,
        warnings,
    })
}

/// A page of the page tree that `pdf-extract` could not read, and why.
type Unread = (u32, String);

/// `pdf-extract` page by page over the PDF's page tree, each page under
/// its own `catch_unwind`. The crate's own `extract_text_from_mem_by_pages`
/// stops at the first page it cannot read and returns the pages before it
/// without an error: `jss_brms.pdf` lost its last page and `jss_metafor.pdf`
/// 7 of 48, silently. Here an unreadable page is an empty string in its
/// place, listed in the second value, so the record can say which pages
/// are missing (and `pdftotext`, where installed, is asked for them).
fn extract_pages(bytes: &[u8]) -> Result<(Vec<String>, Vec<Unread>), PdfError> {
    use pdf_extract::{output_doc_page, Document, PlainTextOutput};
    let mut doc = Document::load_mem(bytes).map_err(|e| map_error(&e.to_string()))?;
    if doc.is_encrypted() {
        // An empty user password opens most "protected" papers.
        doc.decrypt("").map_err(|_| PdfError::Encrypted)?;
    }
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(numbers.len());
    let mut unread = Vec::new();
    for n in numbers {
        let mut text = String::new();
        let result = catch_quietly(|| {
            let mut out = PlainTextOutput::new(&mut text);
            output_doc_page(&doc, &mut out, n).map_err(|e| e.to_string())
        });
        match result {
            Some(Ok(())) => pages.push(text),
            Some(Err(e)) => {
                pages.push(String::new());
                unread.push((n, e));
            }
            None => {
                pages.push(String::new());
                unread.push((n, "the reader crashed on it".into()));
            }
        }
    }
    Ok((pages, unread))
}

/// The warning for pages that could not be read: which ones, and the
/// first reason given.
fn unread_warning(unread: &[Unread], total: usize) -> Option<String> {
    let (_, why) = unread.first()?;
    let numbers: Vec<String> = unread.iter().map(|(n, _)| n.to_string()).collect();
    let which = if unread.len() == 1 {
        format!("page {} of {total} could not be read", numbers[0])
    } else {
        format!(
            "{} of {total} pages could not be read (pages {})",
            unread.len(),
            numbers.join(", ")
        )
    };
    let why: String = why.chars().take(160).collect();
    Some(format!("{which}: {why}; their text is missing"))
}

/// How PDFs are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOptions {
    /// Run the backends in worker subprocesses of this executable (the
    /// `litextract` binary); `None`: in this process, without time or
    /// memory limits (library use, tests).
    pub worker: Option<PathBuf>,
    /// The `pdftotext` executable for the second backend; `None`: not used.
    pub pdftotext: Option<PathBuf>,
    /// The time budget of one document, all backends together.
    pub timeout: Duration,
    /// Address-space cap of each subprocess in MB (0: none).
    pub max_memory_mb: u64,
    /// Read with pdfium first (default: when this binary carries it);
    /// otherwise `pdf-extract` is the first backend.
    pub pdfium: bool,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            worker: None,
            pdftotext: find_pdftotext(),
            timeout: Duration::from_secs(60),
            max_memory_mb: 2048,
            pdfium: pdfium::EMBEDDED,
        }
    }
}

impl PdfOptions {
    /// The backend asked first.
    fn first(&self) -> Engine {
        if self.pdfium {
            Engine::Pdfium
        } else {
            Engine::PdfExtract
        }
    }

    /// The backend asked when the first fails, misses pages or finds little
    /// text: `pdftotext` where installed, else `pdf-extract` after pdfium.
    fn second(&self) -> Option<Second<'_>> {
        match (&self.pdftotext, self.first()) {
            (Some(exe), _) => Some(Second::Pdftotext(exe)),
            (None, Engine::Pdfium) => Some(Second::Worker(Engine::PdfExtract)),
            (None, Engine::PdfExtract) => None,
        }
    }

    /// The backends this run reads PDFs with, in order
    /// (`pdfium-8149,pdftotext`): part of the reuse key of PDF records, so
    /// that a record made by other backends is read again.
    pub fn backends_key(&self) -> String {
        let first = match self.first() {
            Engine::Pdfium => format!("pdfium-{}", pdfium::build().unwrap_or("none")),
            e => e.name().to_string(),
        };
        match self.second() {
            Some(Second::Pdftotext(_)) => format!("{first},pdftotext"),
            Some(Second::Worker(e)) => format!("{first},{}", e.name()),
            None => first,
        }
    }
}

/// The second backend.
enum Second<'a> {
    Pdftotext(&'a Path),
    Worker(Engine),
}

/// Below this many readable characters per page on average, the backend
/// probably missed the text (fonts it cannot map, form XObjects) and the
/// second one is asked too. A journal page holds 3,000–6,000.
pub const LITTLE_TEXT_PER_PAGE: usize = 200;

/// Reads a PDF: the first backend (pdfium where the binary carries it,
/// else `pdf-extract`; in a worker if configured), then the second (see
/// [`PdfOptions::second`]) when that fails, misses pages or finds little
/// text, keeping whichever read more. The first backend gets three
/// quarters of the budget when a second one is there to try.
pub fn read(bytes: &[u8], opts: &PdfOptions) -> Result<PdfText, PdfError> {
    read_raw(bytes, opts).map(|mut t| {
        for page in &mut t.pages {
            if let Some(fixed) = tex_ligatures(page) {
                *page = fixed;
            }
        }
        t
    })
}

/// TeX's T1 (Cork) fonts put the ligatures ff, fi, fl, ffi and ffl at
/// codes 0x1B–0x1F; a PDF whose font has no Unicode map for them hands
/// those control characters to every backend (pdfium and pdftotext alike),
/// and normalization drops control characters, so `ﬁrst` would read `rst`
/// and `conﬁdence` `condence`. A code there next to a letter is read as its
/// ligature; anywhere else it is left for normalization to drop. `None`
/// when the page has none (the common case costs one scan).
fn tex_ligatures(page: &str) -> Option<String> {
    if !page.bytes().any(|b| (0x1B..=0x1F).contains(&b)) {
        return None;
    }
    let mut out = String::with_capacity(page.len() + 16);
    let mut prev: Option<char> = None;
    let mut chars = page.chars().peekable();
    while let Some(c) = chars.next() {
        let lig = match c {
            '\u{1B}' => "ff",
            '\u{1C}' => "fi",
            '\u{1D}' => "fl",
            '\u{1E}' => "ffi",
            '\u{1F}' => "ffl",
            _ => "",
        };
        let next_is_letter = chars.peek().is_some_and(|n| n.is_alphabetic());
        if !lig.is_empty() && (next_is_letter || prev.is_some_and(char::is_alphabetic)) {
            out.push_str(lig);
            prev = Some('f');
        } else {
            out.push(c);
            prev = Some(c);
        }
    }
    Some(out)
}

fn read_raw(bytes: &[u8], opts: &PdfOptions) -> Result<PdfText, PdfError> {
    let started = Instant::now();
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    let second = opts.second();
    let first_budget = if second.is_some() {
        opts.timeout.mul_f64(0.75)
    } else {
        opts.timeout
    };
    let first = opts.first();
    let primary = check_header(bytes).and_then(|()| run_engine(first, bytes, opts, first_budget));
    let primary = match primary {
        Ok(t) if !little_text(&t.pages) && t.warnings.is_empty() => return Ok(t),
        other => other,
    };
    let Some(second) = second else {
        return primary;
    };
    // What is left of the budget, but never less than the quarter kept
    // back for this backend.
    let left = opts
        .timeout
        .saturating_sub(started.elapsed())
        .max(opts.timeout / 4);
    let other = match second {
        Second::Pdftotext(exe) => pdftotext(exe, bytes, &limits(opts, left)).map(|pages| PdfText {
            pages,
            backend: "pdftotext",
            warnings: Vec::new(),
        }),
        Second::Worker(engine) => {
            check_header(bytes).and_then(|()| run_engine(engine, bytes, opts, left))
        }
    };
    let result = combine(primary, first.name(), other);
    // Both ran out of time: the document's budget is what was exceeded.
    match result {
        Err(PdfError::TimedOut(_)) => Err(PdfError::TimedOut(opts.timeout.as_secs().max(1))),
        other => other,
    }
}

fn limits(opts: &PdfOptions, timeout: Duration) -> Limits {
    Limits {
        timeout,
        max_memory_mb: opts.max_memory_mb,
        max_output: worker::MAX_OUTPUT,
    }
}

/// One of the binary's own backends, in a worker if configured.
fn run_engine(
    engine: Engine,
    bytes: &[u8],
    opts: &PdfOptions,
    budget: Duration,
) -> Result<PdfText, PdfError> {
    match &opts.worker {
        Some(exe) => worker::extract_in_worker(exe, engine, bytes, &limits(opts, budget)).map(
            |(pages, warnings)| PdfText {
                pages,
                backend: engine.name(),
                warnings,
            },
        ),
        None => match engine {
            Engine::Pdfium => pdfium_in_process(bytes),
            Engine::PdfExtract => extract_in_process(bytes),
        },
    }
}

/// Picks the answer from two backends' results: the first backend's
/// (named `first`), and the second's.
fn combine(
    primary: Result<PdfText, PdfError>,
    first: &str,
    second: Result<PdfText, PdfError>,
) -> Result<PdfText, PdfError> {
    match (primary, second) {
        (Ok(one), Ok(mut two)) => {
            if readable_chars(&two.pages) > readable_chars(&one.pages) {
                // The first backend's warnings were about its own reading.
                let mut warnings: Vec<String> = one
                    .warnings
                    .iter()
                    .map(|w| format!("{first}: {w}; the text is from {}", two.backend))
                    .collect();
                warnings.append(&mut two.warnings);
                two.warnings = warnings;
                Ok(two)
            } else {
                Ok(one)
            }
        }
        // lopdf sometimes "reads" an encrypted file as one without pages
        // or text; poppler knows it needs a password.
        (Ok(one), Err(PdfError::Encrypted)) if readable_chars(&one.pages) == 0 => {
            Err(PdfError::Encrypted)
        }
        (Ok(one), Err(_)) => Ok(one),
        // No pages at all from a file the first reader rejected: the second
        // recovered nothing either, and the first error says more.
        (Err(e), Ok(two)) if two.pages.is_empty() => Err(e),
        (Err(e), Ok(mut two)) => {
            two.warnings.insert(
                0,
                format!(
                    "{first} could not read this PDF ({e}); the text is from {}",
                    two.backend
                ),
            );
            Ok(two)
        }
        // A password is the one thing poppler is sure about and lopdf is
        // not (it reports some encrypted files as damaged).
        (Err(_), Err(PdfError::Encrypted)) => Err(PdfError::Encrypted),
        (Err(e), Err(_)) => Err(e),
    }
}

/// Characters a reader would count as text: not whitespace, not control
/// characters, not the replacement character or private-use glyph codes
/// that unmapped fonts produce.
pub fn readable_chars(pages: &[String]) -> usize {
    pages
        .iter()
        .flat_map(|p| p.chars())
        .filter(|&c| {
            !c.is_whitespace()
                && !c.is_control()
                && c != '\u{FFFD}'
                && !('\u{E000}'..='\u{F8FF}').contains(&c)
        })
        .count()
}

fn little_text(pages: &[String]) -> bool {
    readable_chars(pages) < LITTLE_TEXT_PER_PAGE * pages.len().max(1)
}

/// `pdftotext` on the PATH, looked up once.
pub fn find_pdftotext() -> Option<PathBuf> {
    static FOUND: LazyLock<Option<PathBuf>> = LazyLock::new(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|d| d.join("pdftotext"))
            .find(|p| is_executable(p))
    });
    FOUND.clone()
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// Text by poppler's `pdftotext` (reading order, not `-layout`), the PDF on
/// stdin, pages separated by form feeds.
pub fn pdftotext(exe: &Path, bytes: &[u8], limits: &Limits) -> Result<Vec<String>, PdfError> {
    let mut cmd = Command::new(exe);
    cmd.args(["-enc", "UTF-8", "-", "-"]);
    let done = child::run_limited(cmd, bytes, limits)
        .map_err(|e| PdfError::Worker(format!("pdftotext could not start ({e})")))?;
    if let Some(e) = done.failure(limits).map(worker::pdf_error) {
        let stderr = String::from_utf8_lossy(&done.stderr).to_lowercase();
        return Err(match e {
            PdfError::Worker(_) if stderr.contains("password") => PdfError::Encrypted,
            PdfError::Worker(_) if done.status.code() == Some(3) => {
                PdfError::Worker("pdftotext: the PDF's permissions forbid copying its text".into())
            }
            PdfError::Worker(_) => {
                let first = stderr.lines().next().unwrap_or("").trim().to_string();
                PdfError::Damaged(format!("pdftotext could not read it ({first})"))
            }
            other => other,
        });
    }
    Ok(split_pages(&String::from_utf8_lossy(&done.stdout)))
}

/// Splits `pdftotext` output into pages: it ends every page with a form
/// feed, so the piece after the last one is not a page.
fn split_pages(out: &str) -> Vec<String> {
    let mut pages: Vec<String> = out.split('\u{0C}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

/// Rejects what is plainly not a PDF before a parser sees it.
pub fn check_header(bytes: &[u8]) -> Result<(), PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        if super::detect::looks_like_pdf_body(bytes) {
            return Err(PdfError::Damaged(
                "the %PDF header at the start of the file is missing or broken".into(),
            ));
        }
        let hint = if head.trim_ascii_start().starts_with(b"<") {
            " (it looks like an HTML or XML page, perhaps a failed download)"
        } else {
            ""
        };
        return Err(PdfError::NotPdf(hint.to_string()));
    }
    Ok(())
}

/// Maps a parser's error message to plain words.
fn map_error(msg: &str) -> PdfError {
    let lower = msg.to_lowercase();
    if lower.contains("decrypt") || lower.contains("encrypt") || lower.contains("password") {
        PdfError::Encrypted
    } else if lower.contains("header") {
        PdfError::NotPdf(String::new())
    } else if lower.contains("xref") || lower.contains("trailer") || lower.contains("startxref") {
        PdfError::Damaged("its cross-reference table is broken or missing".into())
    } else if lower.contains("unexpected end") || lower.contains("eof") {
        PdfError::Damaged("the file is truncated".into())
    } else {
        let short: String = msg.chars().take(160).collect();
        PdfError::Damaged(format!("the PDF parser could not read it ({short})"))
    }
}

/// Warnings about the text of a PDF that was read: scans without a text
/// layer, pages without text.
pub fn text_warnings(pages: &[String]) -> Vec<String> {
    let mut w = Vec::new();
    let visible = |s: &String| s.chars().filter(|c| !c.is_whitespace()).count();
    let total: usize = pages.iter().map(visible).sum();
    if pages.is_empty() {
        w.push("no pages: the PDF has no pages to read".into());
    } else if total == 0 {
        w.push("no text layer: needs OCR (the pages are images or empty)".into());
    } else {
        let empty = pages.iter().filter(|p| visible(p) == 0).count();
        if empty > 0 {
            w.push(format!(
                "{empty} of {} pages have no text layer (images or blank pages)",
                pages.len()
            ));
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_for_bad_inputs() {
        assert_eq!(extract_in_process(b""), Err(PdfError::Empty));
        assert!(matches!(
            extract_in_process(b"<html>404</html>"),
            Err(PdfError::NotPdf(h)) if h.contains("HTML")
        ));
        let e = extract_in_process(b"%PDF-1.4\ngarbage garbage").unwrap_err();
        assert!(
            matches!(e, PdfError::Damaged(_) | PdfError::Crashed),
            "{e:?}"
        );
    }

    #[test]
    fn panics_are_caught_quietly() {
        assert_eq!(catch_quietly(|| -> u8 { panic!("boom") }), None);
        assert_eq!(catch_quietly(|| 7), Some(7));
    }

    #[test]
    fn tex_ligature_codes_next_to_letters_are_ligatures() {
        assert_eq!(
            tex_ligatures("the \u{1C}rst con\u{1C}dence e\u{1B}ect of\u{1D}ow").as_deref(),
            Some("the first confidence effect offlow")
        );
        // Not beside a letter: left for normalization to drop.
        assert_eq!(
            tex_ligatures("a \u{1C} b 3\u{1E}4").as_deref(),
            Some("a \u{1C} b 3\u{1E}4")
        );
        assert_eq!(tex_ligatures("no codes here"), None);
    }

    #[test]
    fn form_feeds_split_pages() {
        assert_eq!(split_pages("a\u{0C}b\u{0C}"), vec!["a", "b"]);
        assert_eq!(split_pages("\u{0C}"), vec![""]);
        assert!(split_pages("").is_empty());
    }

    #[test]
    fn unmapped_glyphs_are_not_text() {
        assert_eq!(readable_chars(&["a b\u{FFFD}\u{E001}\n".into()]), 2);
        assert!(little_text(&[]));
        assert!(little_text(&["x".repeat(199)]));
        assert!(!little_text(&["x".repeat(200)]));
    }

    #[test]
    fn a_header_less_pdf_body_is_damaged_not_foreign() {
        let e = check_header(b"1 0 obj << /Type /Catalog >> endobj trailer << /Root 1 0 R >>");
        assert!(matches!(e, Err(PdfError::Damaged(m)) if m.contains("header")));
    }

    #[test]
    fn scans_are_flagged() {
        assert!(text_warnings(&["  \n".into()])[0].contains("needs OCR"));
        assert!(text_warnings(&["text".into()]).is_empty());
    }
}
