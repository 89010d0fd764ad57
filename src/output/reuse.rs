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
//! A file that holds many articles keeps one [`ArticleState`] beside its
//! records: per article, the hash of the article as read and what its
//! record holds. A changed file is read again, but an article whose
//! content, position and extractor versions are the same keeps its record
//! without being extracted again.

use super::manifest::Entry;
use super::paths;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::time::UNIX_EPOCH;

pub const STATE_SCHEMA: &str = "litextract.articles/1";

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
    let mut buf = vec![0u8; 256 * 1024];
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
    let records_there = match &prev.many {
        Some(m) => out.join(&m.state).is_file(),
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

/// The per-article state of a file that holds many articles, kept in its
/// record folder ([`paths::STATE_FILE`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleState {
    pub schema: String,
    /// The input, relative to its root.
    pub input: String,
    /// The extractor key the records were made with.
    pub extractors: String,
    /// The options of the run that made them (see [`Entry::options`]): an
    /// article that failed or was cut short is kept only under the same.
    #[serde(default)]
    pub options: String,
    /// By record key.
    pub articles: BTreeMap<String, ArticleEntry>,
    /// Keys the file deletes (PubMed `DeleteCitation`).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub deleted: BTreeSet<String>,
}

/// What one article's record holds, for reuse and for the run's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    pub index: usize,
    /// SHA-256 of the article as read (text, sections, metadata,
    /// warnings): the record's `source.sha256`.
    pub content: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub warnings: usize,
    #[serde(default)]
    pub empty: bool,
    #[serde(default)]
    pub findings: BTreeMap<String, usize>,
    /// Extraction was cut short by the time budget.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
}

impl ArticleState {
    pub fn new(input: &str, key: ReuseKey<'_>) -> ArticleState {
        ArticleState {
            schema: STATE_SCHEMA.into(),
            input: input.into(),
            extractors: key.extractors.into(),
            options: key.options.into(),
            articles: BTreeMap::new(),
            deleted: BTreeSet::new(),
        }
    }

    /// The state of `input_rel` under `out`; a missing or unreadable one is
    /// an empty state (every article is extracted again, nothing is lost).
    pub fn load(out: &Path, input_rel: &str) -> Option<ArticleState> {
        let bytes = fs::read(out.join(paths::state_rel(input_rel))).ok()?;
        let s: ArticleState = serde_json::from_slice(&bytes).ok()?;
        (s.schema == STATE_SCHEMA).then_some(s)
    }

    /// Writes the state atomically (compact: it is read by programs).
    pub fn save(&self, out: &Path) -> io::Result<()> {
        let mut json = serde_json::to_vec(self).expect("state serializes");
        json.push(b'\n');
        super::write_if_changed(&out.join(paths::state_rel(&self.input)), &json).map(|_| ())
    }
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
    fn state_round_trips_and_file_hash_streams() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = ArticleState::new(
            "x.nbib",
            ReuseKey {
                extractors: "k",
                options: "o",
                pdf_backends: "",
            },
        );
        s.articles.insert(
            "pmid-1".into(),
            ArticleEntry {
                content: "c".into(),
                status: "ok".into(),
                ..ArticleEntry::default()
            },
        );
        s.save(dir.path()).unwrap();
        assert_eq!(ArticleState::load(dir.path(), "x.nbib"), Some(s));
        let p = dir.path().join("f");
        fs::write(&p, b"abc").unwrap();
        assert_eq!(
            sha256_file(&p).unwrap(),
            (sha256_hex(b"abc"), 3),
            "streamed = whole"
        );
    }
}
