//! PDF text through `pdf-extract`, page by page.
//!
//! `pdf-extract` panics on some real PDFs by design, so every call runs
//! under `catch_unwind` with a panic hook that stays quiet for these calls
//! (the user sees a record saying the PDF could not be read, never a Rust
//! panic message). Errors are mapped to words a librarian understands.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// Text of a PDF, one string per page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    pub pages: Vec<String>,
    /// Which backend produced the text (`pdf-extract`, `pdftotext`).
    pub backend: &'static str,
    pub warnings: Vec<String>,
}

/// Why a PDF could not be read, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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

thread_local! {
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that is silent on threads inside a PDF
/// call and defers to the previous hook everywhere else.
pub fn install_quiet_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `None` without printing anything.
pub fn catch_quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    install_quiet_panic_hook();
    QUIET_PANICS.with(|q| q.set(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(false));
    r.ok()
}

/// Extracts text in this process (under `catch_unwind`).
pub fn extract_in_process(bytes: &[u8]) -> Result<PdfText, PdfError> {
    check_header(bytes)?;
    let result = catch_quietly(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .ok_or(PdfError::Crashed)?;
    match result {
        Ok(pages) => Ok(PdfText {
            pages,
            backend: "pdf-extract",
            warnings: Vec::new(),
        }),
        Err(e) => Err(map_error(&e.to_string())),
    }
}

/// Rejects what is plainly not a PDF before a parser sees it.
pub fn check_header(bytes: &[u8]) -> Result<(), PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
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
    fn scans_are_flagged() {
        assert!(text_warnings(&["  \n".into()])[0].contains("needs OCR"));
        assert!(text_warnings(&["text".into()]).is_empty());
    }
}
