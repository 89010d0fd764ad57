//! Format detection: content first, extension second.
//!
//! A `%PDF` header anywhere in the first KB makes a PDF whatever the name;
//! every reader's content signature is asked before any name is; known
//! binary signatures (images, archives, Office files) are unsupported with
//! a reason a librarian understands; a gzip file is looked into, and read
//! when a streaming reader knows what is inside; text is the fallback for
//! the text extensions and for files without one.

use super::{compress, Reader, Sniff, READERS};
use std::path::Path;

/// The outcome of [`detect`]: a reader, or the reason for skipping.
#[derive(Clone)]
pub enum Detected {
    Reader(&'static dyn Reader),
    /// Not a format litextract reads; the reason says what it is.
    Unsupported(String),
}

impl Detected {
    /// `source.format`: the reader's name, or `unsupported`.
    pub fn name(&self) -> &'static str {
        match self {
            Detected::Reader(r) => r.format(),
            Detected::Unsupported(_) => "unsupported",
        }
    }
}

impl std::fmt::Debug for Detected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Detected::Reader(r) => write!(f, "Reader({})", r.format()),
            Detected::Unsupported(why) => write!(f, "Unsupported({why:?})"),
        }
    }
}

impl PartialEq for Detected {
    fn eq(&self, other: &Detected) -> bool {
        match (self, other) {
            (Detected::Reader(a), Detected::Reader(b)) => a.format() == b.format(),
            (Detected::Unsupported(a), Detected::Unsupported(b)) => a == b,
            _ => false,
        }
    }
}

fn reader(name: &str) -> &'static dyn Reader {
    *READERS
        .iter()
        .find(|r| r.format() == name)
        .expect("reader registered")
}

/// Extensions read as plain text (citation exports included, until their
/// readers come).
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "enw", "abs", "abstract"];

/// How many leading bytes [`detect`] needs.
pub const SNIFF_BYTES: usize = 8192;

/// Decides the format from the first bytes ([`SNIFF_BYTES`] of them) and
/// the file name, among the registered [`READERS`].
pub fn detect(path: &Path, head: &[u8]) -> Detected {
    detect_among(READERS, path, head)
}

/// [`detect`] among the given readers, asked in their order (a library
/// user's own reader, or a test's, before the registered ones).
pub fn detect_among(readers: &[&'static dyn Reader], path: &Path, head: &[u8]) -> Detected {
    let ext = extension(path);
    // Content first: every reader's signature, in registry order. When no
    // reader knows the content, every reader has answered: the answers
    // serve the name pass below too (a sniff depends on the path and the
    // head only), so no reader reads the head twice.
    let mut sniffs: Vec<Sniff> = Vec::with_capacity(readers.len());
    for r in readers {
        let s = r.sniff(path, head);
        if s == Sniff::Content {
            return Detected::Reader(*r);
        }
        sniffs.push(s);
    }
    if ext == "pdf" {
        // Named .pdf but without a header: let the PDF reader say why it
        // cannot read it (empty, truncated, HTML error page …).
        return Detected::Reader(reader("pdf"));
    }
    if let Some(inner) = compress::gunzip_head(head) {
        // A streaming reader that knows the content reads the file through
        // the decompressor; the name without `.gz` is its name.
        let inner_path = path.with_extension("");
        if let Some(r) = readers.iter().find(|r| {
            r.streams() && matches!(r.sniff(&inner_path, &inner), Sniff::Content | Sniff::Name)
        }) {
            return Detected::Reader(*r);
        }
    }
    if let Some(kind) = binary_signature(head) {
        return Detected::Unsupported(format!("{kind}: not a format litextract reads"));
    }
    match ext.as_str() {
        "xml" | "nxml" if looks_like_html(head) => {
            return Detected::Unsupported(format!(
                "an HTML page named .{ext}, not XML (a failed download?); fetch the file again"
            ))
        }
        "xml" => {
            let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
            let is_xml = head.trim_ascii_start().starts_with(b"<");
            return Detected::Unsupported(if is_xml {
                "XML that is neither PubMed XML nor JATS/PMC (other XML is not supported yet); convert to text or PDF".into()
            } else {
                format!("named .{ext} but not XML, nor another format litextract reads")
            });
        }
        "html" | "htm" | "xhtml" => {
            return Detected::Unsupported("HTML is not supported yet; save the page as text".into())
        }
        "doc" | "docx" | "odt" | "rtf" => {
            return Detected::Unsupported(format!(
                "a word-processor file (.{ext}); export it as PDF or text"
            ))
        }
        _ => {}
    }
    // Then names: the readers that claim this extension.
    if let Some((r, _)) = readers
        .iter()
        .zip(&sniffs)
        .find(|&(_, &s)| s == Sniff::Name)
    {
        return Detected::Reader(*r);
    }
    if looks_like_pdf_body(head) {
        return Detected::Reader(reader("pdf"));
    }
    if super::text::looks_like_text(head) {
        return Detected::Unsupported(format!(
            "unsupported file type '.{ext}' (litextract reads plain text, PDF, JATS, PubMed XML, MEDLINE, RIS, Web of Science, Ovid, BibTeX and EndNote XML)"
        ));
    }
    Detected::Unsupported(format!("binary file of unknown type ('.{ext}')"))
}

/// The lower-case extension of a file name (`""` when it has none).
pub fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// An HTML page (`<!DOCTYPE html`, `<html`), as a failed download saved
/// under an XML name is.
pub fn looks_like_html(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let head = &head[start.unwrap_or(head.len())..];
    let lower: Vec<u8> = head.iter().take(14).map(u8::to_ascii_lowercase).collect();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

/// PDF objects without a `%PDF` header: a PDF whose start was cut or
/// overwritten (a broken download, a repair tool's output). `endobj`,
/// `startxref` and `%%EOF` do not occur in prose; an object header
/// (`5 0 obj`) or `trailer` counts only beside a dictionary (`<<`).
pub fn looks_like_pdf_body(head: &[u8]) -> bool {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    let has = |m: &[u8]| find(head, m).is_some();
    if has(b"endobj") || has(b"startxref") || has(b"%%EOF") {
        return true;
    }
    // `5 0 obj`: objects almost always have generation 0.
    (has(b" 0 obj") || has(b"trailer")) && has(b"<<")
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn binary_signature(head: &[u8]) -> Option<&'static str> {
    let sigs: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"PK\x03\x04", "a ZIP archive or Office document"),
        (b"\xD0\xCF\x11\xE0", "a legacy Office document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ", "an xz archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"\x7FELF", "an executable"),
        (b"{\\rtf", "an RTF document"),
    ];
    sigs.iter()
        .find(|(sig, _)| head.starts_with(sig))
        .map(|&(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(d: Detected, name: &str) -> bool {
        matches!(d, Detected::Reader(r) if r.format() == name)
    }

    #[test]
    fn pdf_header_wins_over_the_name() {
        let mut bytes = vec![b'x'; 300];
        bytes.extend_from_slice(b"%PDF-1.4\n");
        assert!(is(detect(Path::new("a.txt"), &bytes), "pdf"));
        assert!(is(detect(Path::new("a.pdf"), b"<html>"), "pdf"));
    }

    #[test]
    fn a_pdf_without_its_header_is_still_a_pdf() {
        let body = b"\x00\x01 5 0 obj<</Type/XRef/W[1 2 1]>>stream\nendstream\nendobj";
        assert!(is(detect(Path::new("x.bin"), body), "pdf"));
        // Prose naming one keyword is not a PDF.
        let prose = b"The trailer of the film was shown to all participants.";
        assert!(!looks_like_pdf_body(prose));
        assert!(looks_like_pdf_body(b"trailer<</Root<<[-2147483648 7 R]>>"));
        assert!(looks_like_pdf_body(
            b"%/LRPDF-1.3\n1 0 obj\n<< /Pages 2 0 R"
        ));
    }

    #[test]
    fn text_and_unsupported() {
        assert!(is(detect(Path::new("a.txt"), b"hello"), "text"));
        assert!(is(detect(Path::new("README"), b"hello"), "text"));
        assert!(
            matches!(detect(Path::new("a.png"), b"\x89PNG\r\n"), Detected::Unsupported(r) if r.contains("PNG"))
        );
        assert!(
            matches!(detect(Path::new("a.json"), b"{}"), Detected::Unsupported(r) if r.contains(".json"))
        );
        assert!(
            matches!(detect(Path::new("a.docx"), b"PK\x03\x04"), Detected::Unsupported(r) if r.contains("ZIP"))
        );
        // A gzip file no streaming reader claims stays an archive.
        let gz = compress::tests::gzip(b"P = 0.03 in plain text");
        assert!(
            matches!(detect(Path::new("a.txt.gz"), &gz), Detected::Unsupported(r) if r.contains("gzip"))
        );
    }
}
