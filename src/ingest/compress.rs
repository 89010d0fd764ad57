//! Compression: PubMed baseline and update files come as `.xml.gz`.
//! [`open`] gives a reader the decompressed stream of a gzip file (or the
//! plain stream of any other), [`gunzip_head`] lets detection look inside.
//!
//! `flate2`'s `MultiGzDecoder` reads files made of several gzip members
//! (as `bgzip` and some mirrors write them); a truncated file ends in an
//! `UnexpectedEof` error after the last complete data, which a streaming
//! reader turns into an [`Item::Stop`](super::Item::Stop) that says where.

use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// The gzip magic number.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(b"\x1F\x8B")
}

/// The first [`super::SNIFF_BYTES`] of a gzip file's content, from the
/// first compressed bytes of the file; `None` when `head` is not gzip.
pub fn gunzip_head(head: &[u8]) -> Option<Vec<u8>> {
    if !is_gzip(head) {
        return None;
    }
    let mut out = Vec::new();
    // The head is a prefix of the file: decoding ends in an error at its
    // end, after the bytes we want.
    let _ = MultiGzDecoder::new(head)
        .take(super::SNIFF_BYTES as u64)
        .read_to_end(&mut out);
    Some(out)
}

/// Opens a file as a buffered stream, decompressing gzip.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let mut file = BufReader::with_capacity(64 * 1024, File::open(path)?);
    if is_gzip(file.fill_buf()?) {
        Ok(Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(file),
        )))
    } else {
        Ok(Box::new(file))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn gzip_is_undone_and_truncation_is_an_error() {
        let text = "PMID- 1\n".repeat(5000);
        let gz = gzip(text.as_bytes());
        assert_eq!(gunzip_head(&gz).unwrap().len(), crate::ingest::SNIFF_BYTES);
        assert!(gunzip_head(b"plain").is_none());
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.gz");
        std::fs::write(&p, &gz).unwrap();
        let mut s = String::new();
        open(&p).unwrap().read_to_string(&mut s).unwrap();
        assert_eq!(s, text);
        std::fs::write(&p, &gz[..gz.len() / 2]).unwrap();
        let mut out = Vec::new();
        let e = open(&p).unwrap().read_to_end(&mut out).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        assert!(!out.is_empty() && text.as_bytes().starts_with(&out));
    }
}
