//! Plain text: UTF-8 (with or without BOM), UTF-16 with a BOM, or a
//! Windows-1252/Latin-1 fallback that the record warns about. The
//! [`TextReader`] makes one article of a text file.

use super::{Article, Articles, Content, FileData, Item, ReadContext, Reader, Sniff};
use std::path::Path;

/// Text files: one article each, sections found from the headings.
pub struct TextReader;

impl Reader for TextReader {
    fn format(&self) -> &'static str {
        "text"
    }

    /// By name only: text has no signature, so it is what is left for the
    /// text extensions and for names without one.
    fn sniff(&self, path: &Path, _head: &[u8]) -> Sniff {
        let ext = super::detect::extension(path);
        if ext.is_empty() || super::detect::TEXT_EXTENSIONS.contains(&ext.as_str()) {
            Sniff::Name
        } else {
            Sniff::No
        }
    }

    fn read(&self, file: FileData, _ctx: &ReadContext) -> Articles {
        let FileData::Bytes(bytes) = file else {
            return Articles::one(Item::Stop("internal error: text is read whole".into()));
        };
        Articles::one(match decode(&bytes) {
            Ok(d) => {
                let mut warnings = d.warnings;
                if d.text.trim().is_empty() {
                    warnings.push(if bytes.is_empty() {
                        "empty file: 0 bytes, nothing to extract".to_string()
                    } else {
                        "no text: the file holds only whitespace".to_string()
                    });
                }
                Item::Article(Box::new(Article {
                    content: Content::Text(d.text),
                    warnings,
                    encoding: Some(d.encoding.to_string()),
                    ..Article::default()
                }))
            }
            Err(e) => Item::Stop(e.to_string()),
        })
    }
}

/// Decoded text with the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub warnings: Vec<String>,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("binary content, not text (it contains NUL bytes)")]
    Binary,
}

/// Decodes text bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, TextError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(match std::str::from_utf8(rest) {
            Ok(s) => ok(s.to_string(), "utf-8"),
            Err(_) => lossy_utf8(rest),
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok(utf16(rest, u16::from_le_bytes, "utf-16le"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok(utf16(rest, u16::from_be_bytes, "utf-16be"));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if s.contains('\0') {
            return Err(TextError::Binary);
        }
        return Ok(ok(s.to_string(), "utf-8"));
    }
    if bytes.contains(&0) {
        return Err(TextError::Binary);
    }
    let text: String = bytes.iter().map(|&b| cp1252(b)).collect();
    Ok(Decoded {
        text,
        encoding: "windows-1252",
        warnings: vec![
            "encoding: the text is not valid UTF-8; it was read as Windows-1252/Latin-1, so some characters may be wrong".into(),
        ],
    })
}

fn ok(text: String, encoding: &'static str) -> Decoded {
    Decoded {
        text,
        encoding,
        warnings: Vec::new(),
    }
}

fn lossy_utf8(bytes: &[u8]) -> Decoded {
    Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        encoding: "utf-8",
        warnings: vec!["encoding: invalid UTF-8 sequences were replaced with U+FFFD".into()],
    }
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16, encoding: &'static str) -> Decoded {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    let mut warnings = Vec::new();
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                if warnings.is_empty() {
                    warnings.push(format!(
                        "encoding: invalid {encoding} sequences were replaced with U+FFFD"
                    ));
                }
                '\u{FFFD}'
            })
        })
        .collect();
    if bytes.len() % 2 == 1 {
        warnings.push(format!(
            "encoding: {encoding} text ends in half a character"
        ));
    }
    Decoded {
        text,
        encoding,
        warnings,
    }
}

/// Windows-1252, which is Latin-1 with printable characters in 0x80–0x9F
/// (curly quotes, dashes) where real "Latin-1" files put them.
pub(crate) fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// True if the bytes look like text in an encoding [`decode`] reads.
pub fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return true;
    }
    !head.contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("P = 0·03".as_bytes()).unwrap().text, "P = 0·03");
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", "utf-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "n = 27 ±".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("n = 27 ±", "utf-16le"));
        let mut be = vec![0xFE, 0xFF];
        for u in "EDSS".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, "EDSS");
    }

    #[test]
    fn latin1_fallback_warns() {
        let d = decode(b"caf\xE9 \x93quoted\x94 6\xB10.5").unwrap();
        assert_eq!(d.text, "café “quoted” 6±0.5");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert_eq!(decode(b"ab\0cd\xff"), Err(TextError::Binary));
    }
}
