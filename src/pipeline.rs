//! The pipeline: inputs → file list → rayon → per-document isolation →
//! records, manifest and counts.
//!
//! A failure on one document becomes that document's record (`status:
//! failed`, `error` in plain words) and the run goes on. Only what stops the
//! whole run is a [`FatalError`]: a missing input root, an output folder that
//! cannot be written, a lock held by another run.
//!
//! Refresh jobs: a document whose size and mtime (fast path) or SHA-256
//! (truth) and extractor versions match the previous manifest is
//! `unchanged` and not read again; a record whose bytes did not change is
//! not rewritten; records of inputs that disappeared are removed.

use crate::extract::{self, versions_key};
use crate::ingest::{self, pdf, text, Format};
use crate::normalize::Document;
use crate::output::manifest::{self, Counts, Entry, Manifest, Problem, Skipped, MANIFEST_SCHEMA};
use crate::output::{self, OutputLock};
use crate::record::{Producer, Record, Source, Status, Summary, SCHEMA};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const TOOL: &str = "litextract";
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where records go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One JSON file per document under the output folder, plus a manifest.
    Files,
    /// Records as JSON Lines on the given writer, in input order.
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub mode: Mode,
    /// Worker threads (0: all cores).
    pub jobs: usize,
    /// Files larger than this are not read (a record says so).
    pub max_bytes: u64,
    /// Reprocess every document even if unchanged.
    pub force: bool,
    /// How PDFs are read: worker subprocess, second backend, time and
    /// memory budget per document.
    pub pdf: pdf::PdfOptions,
}

impl Options {
    pub fn new(inputs: Vec<PathBuf>, out: PathBuf) -> Options {
        Options {
            inputs,
            out,
            mode: Mode::Files,
            jobs: 0,
            max_bytes: 256_000_000,
            force: false,
            pdf: pdf::PdfOptions::default(),
        }
    }
}

/// What stops a whole run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    #[error("input not found: {0}")]
    InputMissing(String),
    #[error("cannot read input {path}: {source}")]
    InputUnreadable { path: String, source: io::Error },
    #[error("cannot write to the output folder {path}: {source}")]
    OutputUnwritable { path: String, source: io::Error },
    #[error(transparent)]
    Lock(#[from] output::LockError),
    #[error("cannot write records to the output stream: {0}")]
    Sink(io::Error),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// What happened to one input, for progress reporting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Processed { path: String },
    Unchanged { path: String },
    Failed { path: String, error: String },
    Skipped { path: String, reason: String },
    Problem { path: String, error: String },
    Removed { path: String },
}

/// Receives progress; the CLI draws a bar, tests collect events.
pub trait Reporter: Sync {
    fn start(&self, _total: usize) {}
    fn event(&self, _event: &Event) {}
}

/// A reporter that reports nothing.
pub struct Silent;
impl Reporter for Silent {}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct Report {
    pub counts: Counts,
    pub problems: Vec<Problem>,
    pub failures: Vec<(String, String)>,
    pub seconds: f64,
}

impl Report {
    /// 0: all processed; 1: finished, some documents failed or some paths
    /// could not be read.
    pub fn exit_code(&self) -> u8 {
        if self.counts.failed > 0 || !self.problems.is_empty() {
            1
        } else {
            0
        }
    }
}

/// One input file.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Path relative to its input root, with `/` separators.
    pub rel: String,
}

/// Lists input files in sorted, deterministic order. Hidden files and
/// folders (`.git`, `.DS_Store`) and the output folder are left out.
pub fn discover(
    inputs: &[PathBuf],
    exclude: Option<&Path>,
) -> Result<(Vec<Input>, Vec<Problem>), FatalError> {
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in inputs {
        let meta = fs::metadata(root).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => FatalError::InputMissing(root.display().to_string()),
            _ => FatalError::InputUnreadable {
                path: root.display().to_string(),
                source: e,
            },
        })?;
        if meta.is_file() {
            let rel = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| root.display().to_string());
            files.push(Input {
                path: root.clone(),
                rel,
            });
            continue;
        }
        fs::read_dir(root).map_err(|e| FatalError::InputUnreadable {
            path: root.display().to_string(),
            source: e,
        })?;
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let excluded = exclude.as_ref().is_some_and(|x| {
                    e.file_type().is_dir() && fs::canonicalize(e.path()).is_ok_and(|c| &c == x)
                });
                !hidden && !excluded
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    files.push(Input {
                        path: e.path().to_path_buf(),
                        rel,
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| root.display().to_string());
                    let error = if let Some(anc) = e.loop_ancestor() {
                        format!(
                            "symlink loop: it leads back to {}; not followed",
                            anc.display()
                        )
                    } else if let Some(io) = e.io_error() {
                        match io.kind() {
                            io::ErrorKind::PermissionDenied => {
                                "cannot read: permission denied".to_string()
                            }
                            io::ErrorKind::NotFound => {
                                "disappeared while the folder was being listed (or a broken symlink)"
                                    .to_string()
                            }
                            _ => format!("cannot read: {io}"),
                        }
                    } else {
                        e.to_string()
                    };
                    problems.push(Problem { path, error });
                }
            }
        }
    }
    // Two inputs with the same relative path would overwrite each other's
    // record: keep the first, report the others.
    let mut seen = BTreeSet::new();
    files.retain(|f| {
        let clash = !seen.insert(f.rel.clone()) || f.rel == "manifest";
        if clash {
            problems.push(Problem {
                path: f.path.display().to_string(),
                error: format!(
                    "another input has the same output path ({}.json); give the inputs as separate runs",
                    f.rel
                ),
            });
        }
        !clash
    });
    Ok((files, problems))
}

/// The record path (relative to the output folder) of an input.
pub fn record_rel(input_rel: &str) -> String {
    format!("{input_rel}.json")
}

enum Outcome {
    Unchanged(Entry),
    Record {
        entry: Entry,
        json: Vec<u8>,
        written: bool,
    },
    Skipped(Skipped),
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn mtime_ns(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Runs the pipeline. In [`Mode::Jsonl`] records go to `sink`.
pub fn run(
    opts: &Options,
    reporter: &dyn Reporter,
    sink: Option<&mut dyn Write>,
) -> Result<Report, FatalError> {
    let started = Instant::now();
    let started_unix = unix_now();
    let files_mode = opts.mode == Mode::Files;
    let out_unwritable = |e: io::Error| FatalError::OutputUnwritable {
        path: opts.out.display().to_string(),
        source: e,
    };
    let mut _lock = None;
    let mut previous = Manifest::default();
    if files_mode {
        fs::create_dir_all(&opts.out).map_err(out_unwritable)?;
        _lock = Some(OutputLock::acquire(&opts.out)?);
        output::sweep_temp_files(&opts.out);
        if !opts.force {
            previous = Manifest::load(&opts.out).unwrap_or_default();
        }
    }
    let (inputs, problems) = discover(&opts.inputs, files_mode.then_some(opts.out.as_path()))?;
    for p in &problems {
        reporter.event(&Event::Problem {
            path: p.path.clone(),
            error: p.error.clone(),
        });
    }
    reporter.start(inputs.len());
    let key = versions_key();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| FatalError::Threads(e.to_string()))?;

    let current: BTreeSet<&str> = inputs.iter().map(|i| i.rel.as_str()).collect();
    // The state a checkpoint writes: previous entries still valid, updated
    // as documents finish, so a run killed midway loses no finished work.
    let state = Mutex::new(Checkpoint {
        documents: previous
            .documents
            .iter()
            .filter(|(k, _)| current.contains(k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        last: Instant::now(),
    });
    let header = Manifest {
        schema: MANIFEST_SCHEMA.into(),
        tool: TOOL.into(),
        version: VERSION.into(),
        extractors: key.clone(),
        inputs: opts
            .inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        started: started_unix,
        ..Manifest::default()
    };

    let process = |input: &Input| -> Outcome {
        let prev = previous.documents.get(&input.rel);
        // The last safety net: a bug anywhere in reading, normalizing or
        // summarizing one document costs that document, never the run.
        let outcome = crate::isolate::catch_quietly(|| process_one(opts, input, prev, &key))
            .unwrap_or_else(|| internal_error(opts, input, &key));
        let event = match &outcome {
            Outcome::Unchanged(_) => Event::Unchanged {
                path: input.rel.clone(),
            },
            Outcome::Record { entry, .. } if entry.status == "failed" => Event::Failed {
                path: input.rel.clone(),
                error: entry.error.clone().unwrap_or_default(),
            },
            Outcome::Record { .. } => Event::Processed {
                path: input.rel.clone(),
            },
            Outcome::Skipped(s) => Event::Skipped {
                path: s.path.clone(),
                reason: s.reason.clone(),
            },
        };
        reporter.event(&event);
        if files_mode {
            let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
            match &outcome {
                Outcome::Unchanged(e) | Outcome::Record { entry: e, .. } => {
                    st.documents.insert(input.rel.clone(), e.clone());
                }
                Outcome::Skipped(_) => {
                    st.documents.remove(&input.rel);
                }
            }
            if st.last.elapsed() > Duration::from_secs(5) {
                st.last = Instant::now();
                let mut m = header.clone();
                m.documents = st.documents.clone();
                // A failed checkpoint is not fatal: the final write reports.
                let _ = output::atomic_write(&opts.out.join(manifest::FILE), &m.to_json());
            }
        }
        outcome
    };

    let outcomes: Vec<Outcome> = match (opts.mode, sink) {
        (Mode::Jsonl, Some(sink)) => {
            // Bounded memory and input order: process a window in parallel,
            // then write it.
            let window = (pool.current_num_threads() * 8).max(16);
            let mut outcomes = Vec::with_capacity(inputs.len());
            for chunk in inputs.chunks(window) {
                let done: Vec<Outcome> = pool.install(|| chunk.par_iter().map(process).collect());
                for o in done {
                    if let Outcome::Record {
                        json,
                        entry,
                        written,
                    } = o
                    {
                        sink.write_all(&json).map_err(FatalError::Sink)?;
                        sink.write_all(b"\n").map_err(FatalError::Sink)?;
                        outcomes.push(Outcome::Record {
                            json: Vec::new(),
                            entry,
                            written,
                        });
                    } else {
                        outcomes.push(o);
                    }
                }
            }
            sink.flush().map_err(FatalError::Sink)?;
            outcomes
        }
        _ => pool.install(|| inputs.par_iter().map(process).collect()),
    };

    let mut manifest = header;
    let mut counts = Counts::default();
    let mut failures = Vec::new();
    for (input, outcome) in inputs.iter().zip(outcomes) {
        let (entry, unchanged, written) = match outcome {
            Outcome::Unchanged(e) => (e, true, false),
            Outcome::Record { entry, written, .. } => (entry, false, written),
            Outcome::Skipped(s) => {
                counts.skipped += 1;
                manifest.skipped.push(s);
                continue;
            }
        };
        counts.documents += 1;
        if entry.status == "failed" {
            counts.failed += 1;
            failures.push((input.rel.clone(), entry.error.clone().unwrap_or_default()));
        } else {
            counts.ok += 1;
        }
        counts.unchanged += usize::from(unchanged);
        counts.written += usize::from(written);
        counts.empty += usize::from(entry.empty);
        for (f, n) in &entry.findings {
            *counts.findings.entry(f.clone()).or_default() += n;
        }
        manifest.documents.insert(input.rel.clone(), entry);
    }

    if files_mode {
        // Inputs that disappeared: remove their records.
        for (rel, entry) in &previous.documents {
            if current.contains(rel.as_str()) {
                continue;
            }
            let path = opts.out.join(&entry.record);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(out_unwritable(e)),
            }
            remove_empty_parents(&opts.out, &path);
            manifest.removed.push(rel.clone());
            reporter.event(&Event::Removed { path: rel.clone() });
        }
        // Records of inputs that are now skipped (their format changed).
        for s in &manifest.skipped {
            if let Some(e) = previous.documents.get(&s.path) {
                let _ = fs::remove_file(opts.out.join(&e.record));
            }
        }
        counts.removed = manifest.removed.len();
    }
    manifest.problems = problems.clone();
    manifest.finished = unix_now();
    manifest.counts = counts.clone();
    if files_mode {
        output::atomic_write(&opts.out.join(manifest::FILE), &manifest.to_json())
            .map_err(out_unwritable)?;
    }
    Ok(Report {
        counts,
        problems,
        failures,
        seconds: started.elapsed().as_secs_f64(),
    })
}

struct Checkpoint {
    documents: BTreeMap<String, Entry>,
    last: Instant,
}

fn remove_empty_parents(root: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Processes one input: unchanged check, read, extract, write.
fn new_entry(input: &Input, key: &str) -> Entry {
    Entry {
        input: input.path.display().to_string(),
        record: record_rel(&input.rel),
        sha256: String::new(),
        bytes: 0,
        mtime_ns: 0,
        format: String::new(),
        status: "ok".into(),
        error: None,
        warnings: 0,
        empty: false,
        findings: BTreeMap::new(),
        extractors: key.to_string(),
    }
}

/// The record of a document whose processing hit a bug in litextract.
fn internal_error(opts: &Options, input: &Input, key: &str) -> Outcome {
    let mut entry = new_entry(input, key);
    if let Ok(meta) = fs::metadata(&input.path) {
        entry.bytes = meta.len();
    }
    let why = "internal error: litextract failed while processing this document (please report this file)";
    failed_record(opts, input, entry, why.to_string(), None)
}

fn process_one(opts: &Options, input: &Input, prev: Option<&Entry>, key: &str) -> Outcome {
    let record_path = opts.out.join(record_rel(&input.rel));
    let files_mode = opts.mode == Mode::Files;
    let mut entry = new_entry(input, key);
    let reusable = |p: &Entry| files_mode && p.extractors == key && record_path.is_file();

    let meta = match fs::metadata(&input.path) {
        Ok(m) => m,
        Err(e) => {
            let why = if e.kind() == io::ErrorKind::NotFound {
                "the file disappeared during the run".to_string()
            } else {
                format!("cannot read the file: {}", plain_io(&e))
            };
            return failed_record(opts, input, entry, why, None);
        }
    };
    entry.bytes = meta.len();
    entry.mtime_ns = mtime_ns(&meta);
    if let Some(p) = prev.filter(|p| reusable(p)) {
        if p.bytes == entry.bytes && p.mtime_ns == entry.mtime_ns && p.mtime_ns != 0 {
            return Outcome::Unchanged(p.clone());
        }
    }
    if meta.len() > opts.max_bytes {
        let why = format!(
            "file too large: {} ({} bytes) is over the {} limit (--max-size)",
            human_bytes(meta.len()),
            meta.len(),
            human_bytes(opts.max_bytes)
        );
        return failed_record(opts, input, entry, why, None);
    }
    let bytes = match read_file(&input.path, opts.max_bytes) {
        Ok(b) => b,
        Err(e) => {
            let why = if e.kind() == io::ErrorKind::NotFound {
                "the file disappeared during the run".to_string()
            } else {
                format!("cannot read the file: {}", plain_io(&e))
            };
            return failed_record(opts, input, entry, why, None);
        }
    };
    entry.bytes = bytes.len() as u64;
    entry.sha256 = sha256_hex(&bytes);
    if let Some(p) = prev.filter(|p| reusable(p)) {
        if p.sha256 == entry.sha256 {
            let mut e = p.clone();
            e.mtime_ns = entry.mtime_ns;
            e.input = entry.input;
            return Outcome::Unchanged(e);
        }
    }
    let head = &bytes[..bytes.len().min(ingest::SNIFF_BYTES)];
    let format = match ingest::detect(&input.path, head) {
        // An empty file of any name is an empty document, not an unknown
        // format: it gets a record that says so.
        Format::Unsupported(_) if bytes.is_empty() => Format::Text,
        f => f,
    };
    entry.format = format.name().to_string();
    let mut warnings = Vec::new();
    let mut source = Source {
        path: input.rel.clone(),
        sha256: entry.sha256.clone(),
        bytes: entry.bytes,
        format: format.name().to_string(),
        backend: None,
        encoding: None,
    };
    let doc = match format {
        Format::Unsupported(reason) => {
            return Outcome::Skipped(Skipped {
                path: input.rel.clone(),
                reason,
            })
        }
        Format::Text => match text::decode(&bytes) {
            Ok(d) => {
                source.encoding = Some(d.encoding.to_string());
                warnings.extend(d.warnings);
                if d.text.trim().is_empty() {
                    warnings.push(if bytes.is_empty() {
                        "empty file: 0 bytes, nothing to extract".to_string()
                    } else {
                        "no text: the file holds only whitespace".to_string()
                    });
                }
                Document::from_text(&d.text)
            }
            Err(e) => return failed_record(opts, input, entry, e.to_string(), Some(source)),
        },
        Format::Pdf => match pdf::read(&bytes, &opts.pdf) {
            Ok(t) => {
                source.backend = Some(t.backend.to_string());
                warnings.extend(t.warnings);
                warnings.extend(pdf::text_warnings(&t.pages));
                Document::from_pages(&t.pages)
            }
            Err(e) => return failed_record(opts, input, entry, e.to_string(), Some(source)),
        },
    };
    drop(bytes);
    if doc.text.trim().is_empty() && warnings.is_empty() {
        // Every record with empty text says why.
        warnings.push("no text: nothing readable was found in this document".into());
    }
    // Text work gets the same budget as reading a PDF (--timeout).
    let doc = doc.with_budget(extract::budget::Budget::with_time(opts.pdf.timeout));
    let (findings, extract_warnings) = extract::extract_isolated(&doc);
    warnings.extend(extract_warnings);
    let (summary, summary_warnings) = extract::summarize(&findings);
    warnings.extend(summary_warnings);
    entry.empty = doc.text.trim().is_empty();
    for f in &findings {
        *entry.findings.entry(f.field.to_string()).or_default() += 1;
    }
    entry.warnings = warnings.len();
    let record = Record {
        schema: SCHEMA.into(),
        source,
        status: Status::Ok,
        error: None,
        warnings,
        text: doc.text,
        pages: doc.pages,
        findings,
        summary,
        producer: Some(producer(key)),
    };
    finish_record(opts, input, entry, &record)
}

fn producer(key: &str) -> Producer {
    Producer {
        tool: TOOL.into(),
        version: VERSION.into(),
        extractors: key.into(),
    }
}

fn failed_record(
    opts: &Options,
    input: &Input,
    mut entry: Entry,
    error: String,
    source: Option<Source>,
) -> Outcome {
    entry.status = "failed".into();
    entry.error = Some(error.clone());
    if entry.format.is_empty() {
        entry.format = source
            .as_ref()
            .map_or("unknown".into(), |s| s.format.clone());
    }
    let record = Record {
        schema: SCHEMA.into(),
        source: source.unwrap_or(Source {
            path: input.rel.clone(),
            sha256: entry.sha256.clone(),
            bytes: entry.bytes,
            format: entry.format.clone(),
            backend: None,
            encoding: None,
        }),
        status: Status::Failed,
        error: Some(error),
        warnings: Vec::new(),
        text: String::new(),
        pages: Vec::new(),
        findings: Vec::new(),
        summary: Summary::default(),
        producer: Some(producer(&entry.extractors)),
    };
    finish_record(opts, input, entry, &record)
}

fn finish_record(opts: &Options, input: &Input, mut entry: Entry, record: &Record) -> Outcome {
    match opts.mode {
        Mode::Jsonl => {
            let json = serde_json::to_vec(record).expect("record serializes");
            Outcome::Record {
                entry,
                json,
                written: true,
            }
        }
        Mode::Files => {
            let mut json = serde_json::to_vec_pretty(record).expect("record serializes");
            json.push(b'\n');
            let path = opts.out.join(&entry.record);
            match output::write_if_changed(&path, &json) {
                Ok(written) => Outcome::Record {
                    entry,
                    json: Vec::new(),
                    written,
                },
                Err(e) => {
                    // The record itself cannot be written: the document
                    // failed, and the manifest says why.
                    entry.status = "failed".into();
                    entry.error = Some(format!(
                        "cannot write the record {}: {}",
                        path.display(),
                        plain_io(&e)
                    ));
                    let _ = input;
                    Outcome::Record {
                        entry,
                        json: Vec::new(),
                        written: false,
                    }
                }
            }
        }
    }
}

fn read_file(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let f = fs::File::open(path)?;
    let mut bytes = Vec::new();
    f.take(limit + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// An I/O error in words, without the `(os error 13)` tail.
pub fn plain_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "not found".into(),
        io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// `12.3 MB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} bytes")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}
