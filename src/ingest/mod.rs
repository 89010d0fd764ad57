//! Ingest: a file's bytes → decoded text (one string per page), by format.
//!
//! The format is decided by content first and extension second: a `%PDF`
//! header anywhere in the first KB makes a PDF whatever the name; known
//! binary signatures (images, archives, Office files) are unsupported with a
//! reason a librarian understands; text is UTF-8, UTF-16 with a BOM, or —
//! with a warning — Windows-1252/Latin-1.

pub mod pdf;
pub mod text;
pub mod worker;

use std::path::Path;

/// What a file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Text,
    Pdf,
    /// Not a format litextract reads; the reason says what it is.
    Unsupported(String),
}

impl Format {
    pub fn name(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::Unsupported(_) => "unsupported",
        }
    }
}

/// Extensions read as plain text (citation exports included).
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "ris", "nbib", "enw", "bib", "abs", "abstract", "medline",
];

/// How many leading bytes [`detect`] needs.
pub const SNIFF_BYTES: usize = 8192;

/// Decides the format from the first bytes and the file name.
pub fn detect(path: &Path, head: &[u8]) -> Format {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kb = &head[..head.len().min(1024)];
    if find(kb, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if ext == "pdf" {
        // Named .pdf but without a header: let the PDF reader say why it
        // cannot read it (empty, truncated, HTML error page …).
        return Format::Pdf;
    }
    if let Some(kind) = binary_signature(head) {
        return Format::Unsupported(format!("{kind}: not a format litextract reads"));
    }
    match ext.as_str() {
        "xml" | "nxml" => {
            return Format::Unsupported(
                "XML (PubMed/JATS) is not supported yet; convert to text or PDF".into(),
            )
        }
        "html" | "htm" | "xhtml" => {
            return Format::Unsupported("HTML is not supported yet; save the page as text".into())
        }
        "doc" | "docx" | "odt" | "rtf" => {
            return Format::Unsupported(format!(
                "a word-processor file (.{ext}); export it as PDF or text"
            ))
        }
        _ => {}
    }
    if TEXT_EXTENSIONS.contains(&ext.as_str()) || ext.is_empty() {
        return Format::Text;
    }
    if looks_like_pdf_body(head) {
        return Format::Pdf;
    }
    if text::looks_like_text(head) {
        return Format::Unsupported(format!(
            "unsupported file type '.{ext}' (litextract reads .txt and other plain text, and PDF)"
        ));
    }
    Format::Unsupported(format!("binary file of unknown type ('.{ext}')"))
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

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
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

    #[test]
    fn pdf_header_wins_over_the_name() {
        let mut bytes = vec![b'x'; 300];
        bytes.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(detect(Path::new("a.txt"), &bytes), Format::Pdf);
        assert_eq!(detect(Path::new("a.pdf"), b"<html>"), Format::Pdf);
    }

    #[test]
    fn a_pdf_without_its_header_is_still_a_pdf() {
        let body = b"\x00\x01 5 0 obj<</Type/XRef/W[1 2 1]>>stream\nendstream\nendobj";
        assert_eq!(detect(Path::new("x.bin"), body), Format::Pdf);
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
        assert_eq!(detect(Path::new("a.txt"), b"hello"), Format::Text);
        assert_eq!(detect(Path::new("README"), b"hello"), Format::Text);
        assert!(
            matches!(detect(Path::new("a.png"), b"\x89PNG\r\n"), Format::Unsupported(r) if r.contains("PNG"))
        );
        assert!(
            matches!(detect(Path::new("a.json"), b"{}"), Format::Unsupported(r) if r.contains(".json"))
        );
        assert!(
            matches!(detect(Path::new("a.docx"), b"PK\x03\x04"), Format::Unsupported(r) if r.contains("ZIP"))
        );
    }
}
