//! `manifest.json`: what a run read, what it wrote and what went wrong.
//!
//! It is also the incremental state, one entry per input: a rerun compares
//! each input's size and mtime (fast path) or SHA-256 (truth) and the
//! extractor versions with the manifest entry, and skips what did not
//! change (see `output::reuse`). A file that holds many articles keeps its
//! per-article state beside its records, not here: the manifest of a
//! folder of 30,000-article PubMed files stays one line per file.

pub use super::findings::Findings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const MANIFEST_SCHEMA: &str = "litextract.manifest/1";
pub const FILE: &str = "manifest.json";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    pub tool: String,
    pub version: String,
    /// `field=version,…`: records made under another key are rebuilt.
    pub extractors: String,
    pub inputs: Vec<String>,
    /// Unix time (seconds) of the run's start and end.
    pub started: u64,
    pub finished: u64,
    pub counts: Counts,
    /// One entry per document that has a record, by record-relative path.
    pub documents: BTreeMap<String, Entry>,
    /// Files that were not read (unsupported formats), with the reason.
    pub skipped: Vec<Skipped>,
    /// Paths that could not even be listed or opened (unreadable folders,
    /// symlink loops, files that vanished).
    pub problems: Vec<Problem>,
    /// Records removed in this run because their input disappeared.
    pub removed: Vec<String>,
    /// The `--files-from` list the inputs came from (`-`: standard input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_from: Option<String>,
    /// In a shard's manifest part (`.shards/manifest-I-of-N.json`): which
    /// shard, and whether its run finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardPart>,
    /// In a `manifest.json` merged from shard parts: the parts it holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<ShardPart>,
}

/// One shard's run, as its manifest part says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardPart {
    /// 1-based, of `count`.
    pub index: u32,
    pub count: u32,
    /// Where the shard came from (`--shard 2/3`, `Slurm: …`, `Kubernetes: …`).
    pub source: String,
    /// False while the run goes on (a checkpoint) and after it was killed:
    /// such a part is merged without dropping what it does not list.
    pub complete: bool,
    /// Unix times of the shard run.
    #[serde(default)]
    pub started: u64,
    #[serde(default)]
    pub finished: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Records: one per document, or per article of a file that holds many.
    pub documents: usize,
    pub ok: usize,
    pub failed: usize,
    pub skipped: usize,
    pub unchanged: usize,
    /// Records written (new or changed) in this run.
    pub written: usize,
    pub removed: usize,
    /// Documents read but with empty text (scans, empty files).
    pub empty: usize,
    /// Files that hold many articles, and those whose reading stopped
    /// before their end.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub many_files: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stopped: usize,
    /// Records of articles no longer in their file, removed in this run.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub removed_articles: usize,
    /// Records removed in this run because a later file revises or deletes
    /// their article (PubMed update files).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub superseded: usize,
    pub findings: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input file as given (root joined with the relative path).
    pub input: String,
    /// The record file, relative to the output folder.
    pub record: String,
    pub sha256: String,
    pub bytes: u64,
    /// Modification time in nanoseconds since the epoch (fast path).
    pub mtime_ns: u128,
    pub format: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub warnings: usize,
    #[serde(default)]
    pub empty: bool,
    /// Findings per field.
    #[serde(default)]
    pub findings: Findings,
    /// The extractor key the record was made with.
    pub extractors: String,
    /// The options that decided a failure (`max-size=…,timeout=…,…`): a
    /// failed input is read again when they change, so its record never
    /// quotes a limit the run did not have.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub options: String,
    /// For a PDF: the backends of the run that read it, in order
    /// (`pdfium-8149,pdftotext`); a run with other backends reads it again.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pdf_backends: String,
    /// For a file that holds many articles: what became of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub many: Option<Box<Many>>,
}

/// What became of the articles of a file that holds many. `record` of its
/// [`Entry`] is the folder of their records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Many {
    /// The per-article reuse state, relative to the output folder.
    pub state: String,
    /// Records (one per distinct article key).
    pub articles: usize,
    pub ok: usize,
    pub failed: usize,
    /// Articles with empty text.
    pub empty: usize,
    /// Why reading stopped before the end of the file, and where; the
    /// articles before that point have their records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// Keys that occur more than once in the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repeated: Vec<Repeated>,
    /// Articles the file deletes (PubMed `DeleteCitation`); the keys are in
    /// its state.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deletes: usize,
    /// Articles of this file that a later file revises (PubMed update
    /// files; see `pipeline::supersede`): by the later file, their keys.
    /// Their records are that file's; here they are removed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub superseded_by: BTreeMap<String, Vec<String>>,
    /// Articles of this file that a later file deletes (`DeleteCitation`):
    /// by the later file, their keys. They have no record.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub deleted_by: BTreeMap<String, Vec<String>>,
}

/// An article key that occurs more than once in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeated {
    pub key: String,
    /// The positions it occurs at; the record is of the last one.
    pub indexes: Vec<usize>,
    /// True when every occurrence is the same article, byte for byte (one
    /// record); false when they differ (the later one is current).
    pub identical: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    pub error: String,
}

impl Counts {
    /// Adds what an entry's records are (documents, ok, failed, empty,
    /// findings; for a file that holds many articles, its articles).
    pub fn add_entry(&mut self, entry: &Entry) {
        match &entry.many {
            Some(m) => {
                self.many_files += 1;
                self.documents += m.articles;
                self.ok += m.ok;
                self.failed += m.failed;
                self.empty += m.empty;
                self.stopped += usize::from(m.stopped.is_some());
            }
            None => {
                self.documents += 1;
                if entry.status == "failed" {
                    self.failed += 1;
                } else {
                    self.ok += 1;
                }
                self.empty += usize::from(entry.empty);
            }
        }
        for (f, n) in entry.findings.iter() {
            match self.findings.get_mut(f) {
                Some(c) => *c += n,
                None => {
                    self.findings.insert(f.to_string(), n);
                }
            }
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Manifest {
    /// Reads a previous manifest; a missing or unreadable one is an empty
    /// state (everything is processed again, nothing is lost).
    pub fn load(dir: &Path) -> Option<Manifest> {
        Manifest::load_file(&dir.join(FILE))
    }

    /// Reads a manifest (or a shard's manifest part) from its file.
    pub fn load_file(path: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(path).ok()?;
        let m: Manifest = serde_json::from_slice(&bytes).ok()?;
        (m.schema == MANIFEST_SCHEMA).then_some(m)
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.write_to(&mut v).expect("manifest serializes");
        v
    }

    /// Writes the manifest (as [`Manifest::to_json`] gives it) to `w`.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")
    }

    /// Writes the manifest to `path` atomically, streamed: a manifest of
    /// many entries is never held in memory as text.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        super::atomic_write_with(path, |w| self.write_to(w))
    }
}
