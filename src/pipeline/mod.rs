//! The pipeline: inputs ─ingest─▶ articles ─process─▶ records ─output─▶
//! files or JSON Lines, plus the manifest and the run's counts.
//!
//! This module only wires the stages: [`crate::ingest`] walks, detects and
//! reads; [`crate::process`] makes records; [`crate::output`] writes them
//! and keeps the reuse state. Inputs run in parallel (rayon); the articles
//! of a file that holds many are pulled in windows and extracted in
//! parallel too ([`many`]).
//!
//! A failure on one document becomes that document's record (`status:
//! failed`, `error` in plain words) and the run goes on. Only what stops the
//! whole run is a [`FatalError`]: a missing input root, an output folder that
//! cannot be written, a lock held by another run, an output stream that is
//! gone.

mod checkpoint;
mod input;
mod many;
mod removal;
mod supersede;

use crate::extract::versions_key;
use crate::ingest::shard::Shard;
use crate::ingest::{pdf, walk};
use crate::output::manifest::{self, Counts, Entry, Manifest, Problem, ShardPart, MANIFEST_SCHEMA};
use crate::output::reuse::ReuseKey;
use crate::output::shards::{self, Merged, ShardLock};
use crate::output::sink::{FilesSink, JsonlSink, Sink, SinkError};
use crate::output::state::Line;
use crate::output::{self, OutputLock};
use crate::record::RecordRef;
use checkpoint::Checkpoint;
use input::{Cx, Outcome};
use rayon::prelude::*;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub use crate::ingest::walk::{discover, Input};
pub use crate::output::paths::record_rel;

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
    /// The readers detection asks, in order (default: the registered ones).
    pub readers: crate::ingest::Readers,
    /// Read the files of a `--files-from` list instead of walking `inputs`.
    pub listed: Option<Listed>,
    /// Read only this shard's share of the inputs (and, in files mode,
    /// keep this shard's manifest part and lock; see [`shards`]).
    pub shard: Option<Shard>,
}

/// The inputs of a `--files-from` list (see [`walk::listed`]).
#[derive(Debug, Clone, Default)]
pub struct Listed {
    /// One per line, in the list's order.
    pub paths: Vec<PathBuf>,
    /// The folder the listed paths are relative to (`--root`).
    pub root: Option<PathBuf>,
    /// Where the list came from, for the manifest (`-`: standard input).
    pub from: String,
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
            readers: Default::default(),
            listed: None,
            shard: None,
        }
    }

    /// The options that decide whether a document fails: part of the
    /// reuse key of failed documents (see [`crate::output::reuse`]).
    pub fn outcome_key(&self) -> String {
        format!(
            "max-size={},timeout={}ms,max-memory={}MB,pdftotext={},worker={}",
            self.max_bytes,
            self.pdf.timeout.as_millis(),
            self.pdf.max_memory_mb,
            if self.pdf.pdftotext.is_some() {
                "yes"
            } else {
                "no"
            },
            if self.pdf.worker.is_some() {
                "yes"
            } else {
                "no"
            },
        )
    }
}

/// What stops a whole run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    #[error(transparent)]
    Input(#[from] walk::WalkError),
    // `reason`, not `source`: the message says it, so the error chain
    // printed by the CLI must not say it a second time.
    #[error("cannot write to the output folder {path}: {reason}")]
    OutputUnwritable { path: String, reason: io::Error },
    #[error(transparent)]
    Lock(#[from] output::LockError),
    #[error("cannot write records to the output stream: {0}")]
    Sink(io::Error),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

impl FatalError {
    /// The output stream was closed by its reader (`litextract … | head`):
    /// a normal end, not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, FatalError::Sink(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// What happened, for progress reporting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A record was made: of a one-document file (`record` None), or of one
    /// article of a file that holds many.
    Processed {
        path: String,
        record: Option<RecordRef>,
    },
    /// A failed record was made (same `record` rule).
    Failed {
        path: String,
        record: Option<RecordRef>,
        error: String,
    },
    /// An input was not read again: its `articles` records stand (1 for a
    /// one-document file). With `record`: one article of a many-article
    /// file that was read again, whose record stands.
    Unchanged {
        path: String,
        articles: usize,
        record: Option<RecordRef>,
    },
    Skipped {
        path: String,
        reason: String,
    },
    Problem {
        path: String,
        error: String,
    },
    /// Records were removed: their input is gone (`key` None), or one
    /// article (`key`) is no longer in its file.
    Removed {
        path: String,
        key: Option<String>,
    },
    /// A file that holds many articles is being read: from now on its
    /// articles are counted one by one, in place of the file.
    Many {
        path: String,
    },
    /// The reading of a file that holds many articles stopped before its
    /// end; the `articles` before that point have their records.
    Stopped {
        path: String,
        error: String,
        articles: usize,
    },
}

impl Event {
    /// How the event moves a progress count of records: `(done, more)`:
    /// `done` records are finished, and the expected total changes by
    /// `more`. [`Reporter::start`] gives the total as one per file.
    pub fn progress(&self) -> (u64, i64) {
        match self {
            Event::Processed { record, .. } | Event::Failed { record, .. } => {
                (1, i64::from(record.is_some()))
            }
            Event::Unchanged {
                record: Some(_), ..
            } => (1, 1),
            Event::Unchanged { articles, .. } => (*articles as u64, *articles as i64 - 1),
            Event::Skipped { .. } => (1, 0),
            Event::Many { .. } => (0, -1),
            Event::Problem { .. } | Event::Removed { .. } | Event::Stopped { .. } => (0, 0),
        }
    }
}

/// Receives progress; the CLI draws a bar, tests collect events.
pub trait Reporter: Sync {
    /// The number of files to read.
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
    /// `(path, reason)` of every failed record and stopped file; the path of
    /// an article is `<input>#<key>`.
    pub failures: Vec<(String, String)>,
    pub seconds: f64,
    /// The shard this run read, if any; in files mode, its manifest part.
    pub shard: Option<Shard>,
    pub part: Option<PathBuf>,
    /// When this shard was the last of its round to finish: the merge of
    /// all parts into `manifest.json` it made.
    pub merged: Option<Merged>,
}

impl Report {
    /// 0: all processed; 1: finished, but some documents failed, some files
    /// could not be read to their end, or some paths could not be read.
    pub fn exit_code(&self) -> u8 {
        if self.counts.failed > 0 || self.counts.stopped > 0 || !self.problems.is_empty() {
            1
        } else {
            0
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Runs the pipeline. In [`Mode::Jsonl`] records go to `sink`.
pub fn run(
    opts: &Options,
    reporter: &dyn Reporter,
    sink: Option<&mut (dyn Write + Send)>,
) -> Result<Report, FatalError> {
    let started = Instant::now();
    let files_mode = opts.mode == Mode::Files;
    let (lock, previous) = prepare(opts)?;
    let (mut inputs, problems) = match &opts.listed {
        Some(l) => walk::listed(&l.paths, l.root.as_deref()),
        None => discover(&opts.inputs, files_mode.then_some(opts.out.as_path()))?,
    };
    if let Some(shard) = &opts.shard {
        inputs.retain(|i| shard.contains(&i.rel));
    }
    for p in &problems {
        reporter.event(&Event::Problem {
            path: p.path.clone(),
            error: p.error.clone(),
        });
    }
    reporter.start(inputs.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| FatalError::Threads(e.to_string()))?;
    let key = versions_key();
    let options = opts.outcome_key();
    let pdf_backends = opts.pdf.backends_key();
    let cx = Cx {
        opts,
        reuse: ReuseKey {
            extractors: &key,
            options: &options,
            pdf_backends: &pdf_backends,
        },
        reporter,
        read: crate::ingest::ReadContext {
            max_bytes: opts.max_bytes,
            pdf: opts.pdf.clone(),
        },
    };
    let header = manifest_header(opts, &key);
    let mut superseding = None;
    let outcomes = match sink {
        Some(w) if !files_mode => {
            let sink = JsonlSink::new(w);
            let outcomes = pool.install(|| run_jsonl(&cx, &inputs, &sink))?;
            sink.finish().map_err(sink_fatal)?;
            outcomes
        }
        _ => {
            let (outcomes, plan) = pool.install(|| run_files(&cx, &inputs, &previous, &header));
            superseding = plan;
            outcomes
        }
    };
    let ended = Ended {
        inputs: &inputs,
        outcomes,
        previous: &previous,
        problems,
        started,
        superseding,
    };
    let mut report = conclude(opts, reporter, header, ended)?;
    report.shard = opts.shard.clone();
    if let (Held::Shard(lock), Some(shard)) = (lock, &opts.shard) {
        report.part = Some(shards::part_path(&opts.out, shard));
        report.merged = shards::finish(&opts.out, lock, shard, &merge_header());
    }
    Ok(report)
}

/// The manifest's header: the tool, the extractors' versions, the inputs
/// (or the list they were read from) and the shard this run is.
fn manifest_header(opts: &Options, key: &str) -> Manifest {
    let mut header = Manifest {
        schema: MANIFEST_SCHEMA.into(),
        tool: TOOL.into(),
        version: VERSION.into(),
        extractors: key.to_string(),
        started: unix_now(),
        shard: opts.shard.as_ref().map(|s| ShardPart {
            index: s.index,
            count: s.count,
            source: s.source.clone(),
            complete: false,
            started: unix_now(),
            finished: 0,
        }),
        ..Manifest::default()
    };
    match &opts.listed {
        Some(l) => header.files_from = Some(l.from.clone()),
        None => {
            header.inputs = opts
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect()
        }
    }
    header
}

/// Writes one record file per input (the pool is installed by the
/// caller), keeps the checkpoint up to date, then runs the superseding
/// round: the outcomes and, in files mode, the superseding plan.
fn run_files(
    cx: &Cx,
    inputs: &[Input],
    previous: &Manifest,
    header: &Manifest,
) -> (Vec<Outcome>, Option<supersede::Plan>) {
    let opts = cx.opts;
    let files_mode = opts.mode == Mode::Files;
    let sink = FilesSink {
        out: opts.out.clone(),
    };
    let checkpoint = Checkpoint::new(previous, inputs, header.clone(), manifest_path(opts));
    let mut outcomes = inputs
        .par_iter()
        .map(|input| {
            let prev = previous.documents.get(&input.rel);
            let mut o = input::run_one(cx, input, prev, Some(&sink));
            if files_mode {
                checkpoint.update(input, &mut o);
            }
            o
        })
        .collect::<Vec<_>>();
    if !files_mode {
        return (outcomes, None);
    }
    checkpoint.restore(inputs, &mut outcomes);
    let (outcomes, plan) = supersede_round(cx, inputs, outcomes, &sink);
    (outcomes, Some(plan))
}

/// Where this run keeps its manifest: `manifest.json`, or a shard's part.
fn manifest_path(opts: &Options) -> PathBuf {
    match &opts.shard {
        Some(s) => shards::part_path(&opts.out, s),
        None => opts.out.join(manifest::FILE),
    }
}

/// The header a merge of shard parts gives `manifest.json`.
fn merge_header() -> Manifest {
    Manifest {
        schema: MANIFEST_SCHEMA.into(),
        tool: TOOL.into(),
        version: VERSION.into(),
        extractors: versions_key(),
        started: unix_now(),
        ..Manifest::default()
    }
}

/// `litextract manifest`: merges the manifest parts of shard runs into
/// `DIR/manifest.json` (and sweeps what killed runs left). None when there
/// were no parts. Fails when a run holds the folder.
pub fn merge_manifest(out: &Path) -> Result<Option<Merged>, FatalError> {
    if !out.is_dir() {
        return Err(FatalError::OutputUnwritable {
            path: out.display().to_string(),
            reason: io::Error::new(io::ErrorKind::NotFound, "no such folder"),
        });
    }
    let lock = OutputLock::acquire(out)?;
    lock.note(output::MERGING);
    output::sweep_temp_files(out);
    let merged = shards::consolidate(out, &merge_header());
    lock.note("");
    merged.map_err(|e| FatalError::OutputUnwritable {
        path: out.display().to_string(),
        reason: e,
    })
}

/// The lock a files-mode run holds.
enum Held {
    None,
    Plain(#[allow(dead_code)] OutputLock),
    Shard(ShardLock),
}

/// Locks the output folder and loads the previous manifest (files mode;
/// nothing in JSON Lines mode). A plain run also sweeps what killed runs
/// left and first merges the parts of shard runs into `manifest.json`; a
/// shard run sees only its share of the previous state.
fn prepare(opts: &Options) -> Result<(Held, Manifest), FatalError> {
    if opts.mode != Mode::Files {
        return Ok((Held::None, Manifest::default()));
    }
    fs::create_dir_all(&opts.out).map_err(|e| out_unwritable(opts, e))?;
    if let Some(shard) = &opts.shard {
        let lock = shards::acquire(&opts.out, shard)?;
        let previous = if opts.force {
            Manifest::default()
        } else {
            shards::previous(&opts.out, shard)
        };
        return Ok((Held::Shard(lock), previous));
    }
    let lock = OutputLock::acquire(&opts.out)?;
    output::sweep_temp_files(&opts.out);
    shards::consolidate(&opts.out, &merge_header()).map_err(|e| out_unwritable(opts, e))?;
    let previous = if opts.force {
        Manifest::default()
    } else {
        Manifest::load(&opts.out).unwrap_or_default()
    };
    Ok((Held::Plain(lock), previous))
}

/// What the inputs came to, for [`conclude`].
struct Ended<'a> {
    inputs: &'a [Input],
    outcomes: Vec<Outcome>,
    previous: &'a Manifest,
    problems: Vec<Problem>,
    started: Instant,
    /// Which records of files that replace each other across files stand.
    superseding: Option<supersede::Plan>,
}

/// Counts the outcomes, removes what is gone, writes the manifest.
fn conclude(
    opts: &Options,
    reporter: &dyn Reporter,
    header: Manifest,
    ended: Ended,
) -> Result<Report, FatalError> {
    let files_mode = opts.mode == Mode::Files;
    let mut manifest = header;
    let mut counts = Counts::default();
    let mut failures = Vec::new();
    for (input, outcome) in ended.inputs.iter().zip(ended.outcomes) {
        tally(
            opts,
            input,
            outcome,
            &mut manifest,
            &mut counts,
            &mut failures,
        );
    }
    if let Some(plan) = &ended.superseding {
        counts.superseded += supersede::apply(&opts.out, plan, &mut manifest, &mut counts)
            .map_err(|e| out_unwritable(opts, e))?;
        supersede::drop_failures(plan, &mut failures);
    }
    if files_mode {
        let current = ended.inputs.iter().map(|i| i.rel.clone()).collect();
        counts.removed_articles +=
            removal::tidy(opts, ended.previous, &mut manifest, &current, reporter)
                .map_err(|e| out_unwritable(opts, e))?;
        counts.removed = manifest.removed.len();
    }
    manifest.problems = ended.problems.clone();
    manifest.finished = unix_now();
    manifest.counts = counts.clone();
    if let Some(s) = &mut manifest.shard {
        s.complete = true;
        s.finished = manifest.finished;
    }
    if files_mode {
        manifest
            .save(&manifest_path(opts))
            .map_err(|e| out_unwritable(opts, e))?;
    }
    Ok(Report {
        counts,
        problems: ended.problems,
        failures,
        seconds: ended.started.elapsed().as_secs_f64(),
        shard: None,
        part: None,
        merged: None,
    })
}

fn out_unwritable(opts: &Options, e: io::Error) -> FatalError {
    // `File exists` or `Not a directory` from the OS says little: name the
    // file that stands where a folder must be.
    let mut file = Some(opts.out.as_path());
    while let Some(p) = file {
        if p.is_file() {
            break;
        }
        file = p.parent();
    }
    let reason = match file {
        Some(f) => io::Error::other(format!("{} is a file, not a folder", f.display())),
        None => e,
    };
    FatalError::OutputUnwritable {
        path: opts.out.display().to_string(),
        reason,
    }
}

fn sink_fatal(e: SinkError) -> FatalError {
    match e {
        SinkError::Stream(e) => FatalError::Sink(e),
        SinkError::Record { path, reason } => FatalError::Sink(io::Error::other(format!(
            "cannot write the record {path}: {reason}"
        ))),
    }
}

/// JSON Lines: records in input order with bounded memory. One-document
/// files are processed a window at a time in parallel and written in
/// order; a file that holds many articles is streamed on its own, its
/// articles extracted in parallel windows and written as they finish.
fn run_jsonl(cx: &Cx, inputs: &[Input], sink: &dyn Sink) -> Result<Vec<Outcome>, FatalError> {
    let window = (rayon::current_num_threads() * 8).max(16);
    let mut outcomes = Vec::with_capacity(inputs.len());
    for chunk in inputs.chunks(window) {
        let done: Vec<Outcome> = chunk
            .par_iter()
            .map(|input| input::run_one(cx, input, None, None))
            .collect();
        for (input, o) in chunk.iter().zip(done) {
            let o = match o {
                Outcome::Buffered { entry, records } => {
                    for (rel, record) in &records {
                        sink.put(rel, record).map_err(sink_fatal)?;
                    }
                    Outcome::Done {
                        entry,
                        written: records.len(),
                        removed: 0,
                        kept: 0,
                        failures: Vec::new(),
                    }
                }
                Outcome::Pending(p) => {
                    let o = many::finish(cx, input, *p, sink).map_err(sink_fatal)?;
                    input::report(cx, input, &o);
                    o
                }
                o => o,
            };
            outcomes.push(o);
        }
    }
    Ok(outcomes)
}

/// Works out which records of files that replace each other across files
/// stand ([`supersede`]); a file that owns a key again whose record was
/// removed (the later file that had it is gone) is read again, once.
fn supersede_round(
    cx: &Cx,
    inputs: &[Input],
    mut outcomes: Vec<Outcome>,
    sink: &FilesSink,
) -> (Vec<Outcome>, supersede::Plan) {
    let taking_part = |i: &Input, o: &Outcome| match o {
        Outcome::Unchanged(e) | Outcome::Done { entry: e, .. } => {
            e.many.is_some() && supersede::takes_part(&cx.opts.readers, &e.format, &i.rel)
        }
        _ => false,
    };
    let files = supersede::in_order(
        inputs
            .iter()
            .zip(&outcomes)
            .filter(|(i, o)| taking_part(i, o))
            .map(|(i, _)| i.rel.clone())
            .collect(),
    );
    if files.is_empty() {
        return (outcomes, supersede::Plan::default());
    }
    let plan = supersede::plan(&cx.opts.out, &files);
    if plan.reread.is_empty() {
        return (outcomes, plan);
    }
    let again: Vec<(usize, Outcome)> = inputs
        .par_iter()
        .enumerate()
        .filter(|(_, i)| plan.reread.contains(&i.rel))
        .map(|(k, i)| (k, input::run_one(cx, i, None, Some(sink))))
        .collect();
    for (k, o) in again {
        outcomes[k] = o;
    }
    (outcomes, supersede::plan(&cx.opts.out, &files))
}

/// Adds one input's outcome to the manifest and the counts.
fn tally(
    opts: &Options,
    input: &Input,
    outcome: Outcome,
    manifest: &mut Manifest,
    counts: &mut Counts,
    failures: &mut Vec<(String, String)>,
) {
    let (entry, unchanged, written, mut failed) = match outcome {
        Outcome::Unchanged(e) => {
            let failed = unchanged_failures(opts, input, &e);
            (e, true, 0, failed)
        }
        Outcome::Done {
            entry,
            written,
            removed,
            kept,
            failures,
        } => {
            counts.removed_articles += removed;
            counts.unchanged += kept;
            (entry, false, written, failures)
        }
        Outcome::Skipped(s) => {
            counts.skipped += 1;
            manifest.skipped.push(s);
            return;
        }
        Outcome::Buffered { .. } | Outcome::Pending(_) => unreachable!("written by run_jsonl"),
    };
    counts.add_entry(&entry);
    match &entry.many {
        Some(m) => {
            counts.unchanged += if unchanged { m.articles } else { 0 };
            if let Some(stop) = &m.stopped {
                failed.push((input.rel.clone(), stop.clone()));
            }
        }
        None => {
            if entry.status == "failed" {
                failed = vec![(input.rel.clone(), entry.error.clone().unwrap_or_default())];
            }
            counts.unchanged += usize::from(unchanged);
        }
    }
    counts.written += written;
    failures.extend(failed);
    manifest.documents.insert(input.rel.clone(), entry);
}

/// The failed articles of an unchanged many-article file, from its state.
fn unchanged_failures(opts: &Options, input: &Input, e: &Entry) -> Vec<(String, String)> {
    if e.many.as_ref().is_none_or(|m| m.failed == 0) {
        return Vec::new();
    }
    let state = crate::output::state::StateFile::open(&opts.out, &input.rel);
    state
        .into_iter()
        .flatten()
        .filter_map(|line| match line {
            Line::Article(a) if a.failed() => Some((
                format!("{}#{}", input.rel, a.key),
                a.error.unwrap_or_default(),
            )),
            _ => None,
        })
        .collect()
}
