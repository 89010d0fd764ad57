//! Reuse: what a rerun need not redo.
//!
//! An input is unchanged when its size and mtime (the fast path) or its
//! SHA-256 (the truth) match its manifest entry, the extractor versions are
//! the same, its records are still there, and, for an input that failed,
//! the options that decided the failure are the same: a PDF that timed out
//! under `--timeout 10` is read again under `--timeout 60`, and a file
//! refused by `--max-size 1` is read again under a larger limit. The same
//! holds for a record whose extraction the time budget cut short. An input
//! that was read fine is reused whatever the limits: its record does not
//! depend on them.
//!
//! A file that holds many articles keeps its per-article state beside its
//! records ([`super::state`]): per article, the hash of the article as
//! read and what its record holds. A changed file is read again, but an
//! article whose content, position and extractor versions are the same
//! keeps its record without being extracted again.

use super::manifest::Entry;
use super::paths;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::time::UNIX_EPOCH;

/// Modification time in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Lower-case hex of a SHA-256 digest.
pub fn hex(digest: &[u8]) -> String {
    let mut s = String::with_capacity(digest.len() * 2);
    for b in digest {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
    }
    s
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 and size of a file, read as a stream (a 1 GB file takes no
/// more memory than a small one).
pub fn sha256_file(path: &Path) -> io::Result<(String, u64)> {
    let mut f = fs::File::open(path)?;
    let mut h = Sha256::new();
    // 64 KiB: below malloc's mmap threshold, so the buffer is reused, not
    // mapped and zeroed afresh for every file.
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => {
                h.update(&buf[..k]);
                n += k as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((hex(&h.finalize()), n))
}

/// What a previous entry must match to be reused.
#[derive(Debug, Clone, Copy)]
pub struct ReuseKey<'a> {
    /// `versions_key()`: the extractor and normalizer versions.
    pub extractors: &'a str,
    /// The options that decide a failure (see [`Entry::options`]).
    pub options: &'a str,
    /// The PDF backends of this run (see [`Entry::pdf_backends`]).
    pub pdf_backends: &'a str,
}

/// Whether `prev` can stand for this run's outcome of its input, the
/// file's content aside (the caller compares size, mtime and hash).
pub fn reusable(prev: &Entry, key: ReuseKey<'_>, out: &Path) -> bool {
    // An entry records the options when its outcome depended on them (a
    // failure, a time-budget cut); a failed entry written before options
    // were recorded has none, and is read again.
    let failed = prev.status == "failed" || prev.many.as_ref().is_some_and(|m| m.failed > 0);
    let depends = failed || !prev.options.is_empty();
    // A state of an earlier version (another file name) is not read: the
    // file is read again.
    let records_there = match &prev.many {
        Some(m) => {
            Path::new(&m.state).file_name() == Some(paths::STATE_FILE.as_ref())
                && out.join(&m.state).is_file()
        }
        None => out.join(&prev.record).is_file(),
    };
    // A PDF's record is as good as the backends that read it: one made by
    // others (a build without pdfium, pdftotext since installed) is read
    // again.
    let same_backends = prev.format != "pdf" || prev.pdf_backends == key.pdf_backends;
    prev.extractors == key.extractors
        && records_there
        && same_backends
        && (!depends || prev.options == key.options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_entries_are_reused_only_under_the_same_options() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.pdf.json"), b"{}").unwrap();
        let mut e = Entry {
            record: "a.pdf.json".into(),
            status: "failed".into(),
            extractors: "k".into(),
            options: "timeout=10s".into(),
            ..Entry::default()
        };
        let key = |options| ReuseKey {
            extractors: "k",
            options,
            pdf_backends: "",
        };
        assert!(reusable(&e, key("timeout=10s"), dir.path()));
        assert!(!reusable(&e, key("timeout=60s"), dir.path()));
        e.status = "ok".into();
        assert!(!reusable(&e, key("timeout=60s"), dir.path()), "cut by time");
        e.options.clear();
        assert!(reusable(&e, key("timeout=60s"), dir.path()), "ok: reused");
        e.status = "failed".into();
        assert!(
            !reusable(&e, key("timeout=60s"), dir.path()),
            "failed before options were kept"
        );
        e.status = "ok".into();
        e.record = "gone.json".into();
        assert!(!reusable(&e, key("timeout=10s"), dir.path()), "record gone");
    }

    #[test]
    fn pdf_records_are_reused_only_from_the_same_backends() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.pdf.json"), b"{}").unwrap();
        let mut e = Entry {
            record: "a.pdf.json".into(),
            status: "ok".into(),
            format: "pdf".into(),
            extractors: "k".into(),
            pdf_backends: "pdf-extract,pdftotext".into(),
            ..Entry::default()
        };
        let key = |pdf_backends| ReuseKey {
            extractors: "k",
            options: "",
            pdf_backends,
        };
        assert!(reusable(&e, key("pdf-extract,pdftotext"), dir.path()));
        assert!(!reusable(&e, key("pdfium-8149,pdftotext"), dir.path()));
        e.format = "text".into();
        assert!(
            reusable(&e, key("pdfium-8149,pdftotext"), dir.path()),
            "not a PDF"
        );
    }

    #[test]
    fn file_hash_streams() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        fs::write(&p, b"abc").unwrap();
        assert_eq!(
            sha256_file(&p).unwrap(),
            (sha256_hex(b"abc"), 3),
            "streamed = whole"
        );
    }
}
