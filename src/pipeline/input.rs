//! One input: reuse check, detection, reading, and the record(s).
//!
//! A one-document file is read whole (up to `--max-size`), hashed, and
//! its one article processed here; a file that holds many articles goes on
//! to [`super::many`]. A panic anywhere in here is the last safety net's
//! business: it costs this input a failed record, never the run.

use super::{many, Event, Options, Reporter, TOOL, VERSION};
use crate::ingest::walk::Input;
use crate::ingest::{self, Detected, FileData, Item, ReadContext};
use crate::output::manifest::{Entry, Skipped};
use crate::output::paths;
use crate::output::reuse::{self, ReuseKey};
use crate::output::sink::{Sink, SinkError};
use crate::plain::{human_bytes, plain_io};
use crate::process::{self, Stats};
use crate::record::{Producer, Record, Source};
use crate::timings::{self, Stage};
use std::fs;
use std::io::{self, Read};

/// What every input's processing shares.
pub(super) struct Cx<'a> {
    pub opts: &'a Options,
    pub reuse: ReuseKey<'a>,
    pub reporter: &'a dyn Reporter,
    pub read: ReadContext,
}

impl Cx<'_> {
    pub fn files_mode(&self) -> bool {
        self.opts.mode == super::Mode::Files
    }

    pub fn producer(&self) -> Producer {
        Producer {
            tool: TOOL.into(),
            version: VERSION.into(),
            extractors: self.reuse.extractors.into(),
        }
    }
}

/// What became of one input.
pub(super) enum Outcome {
    /// Not read again; the previous entry stands.
    Unchanged(Entry),
    /// Read; its records are written (`written` of them changed on disk,
    /// `removed` records of articles no longer in it were removed).
    Done {
        entry: Entry,
        written: usize,
        removed: usize,
        /// Articles of a changed many-article file whose records stood
        /// without extraction (counted as unchanged).
        kept: usize,
        /// `(path, reason)` of the failed articles of a many-article file.
        failures: Vec<(String, String)>,
    },
    /// Read, records not yet written (JSON Lines: written in input order).
    Buffered {
        entry: Entry,
        records: Vec<(String, Record)>,
    },
    /// A file that holds many articles, opened but not yet read (JSON
    /// Lines: it is streamed when its turn in the input order comes).
    Pending(Box<many::Opened>),
    Skipped(Skipped),
}

/// Processes one input, under the last safety net. With a sink, records
/// are written as they are made; without, they are buffered (and a file
/// that holds many articles is left [`Outcome::Pending`]).
pub(super) fn run_one(
    cx: &Cx,
    input: &Input,
    prev: Option<&Entry>,
    sink: Option<&dyn Sink>,
) -> Outcome {
    let outcome = crate::isolate::catch_quietly(|| process_input(cx, input, prev, sink))
        .unwrap_or_else(|| internal_error(cx, input, sink));
    report(cx, input, &outcome);
    outcome
}

/// Tells the reporter what became of an input, unless its articles
/// reported themselves.
pub(super) fn report(cx: &Cx, input: &Input, outcome: &Outcome) {
    let event = match outcome {
        Outcome::Unchanged(e) => Event::Unchanged {
            path: input.rel.clone(),
            articles: e.many.as_ref().map_or(1, |m| m.articles),
            record: None,
        },
        Outcome::Done { entry, .. } | Outcome::Buffered { entry, .. } if entry.many.is_none() => {
            match entry.status.as_str() {
                "failed" => Event::Failed {
                    path: input.rel.clone(),
                    record: None,
                    error: entry.error.clone().unwrap_or_default(),
                },
                _ => Event::Processed {
                    path: input.rel.clone(),
                    record: None,
                },
            }
        }
        Outcome::Skipped(s) => Event::Skipped {
            path: s.path.clone(),
            reason: s.reason.clone(),
        },
        // Articles report themselves as they finish.
        _ => return,
    };
    cx.reporter.event(&event);
}

pub(super) fn new_entry(cx: &Cx, input: &Input) -> Entry {
    Entry {
        input: input.path.display().to_string(),
        record: paths::record_rel(&input.rel),
        status: "ok".into(),
        extractors: cx.reuse.extractors.to_string(),
        ..Entry::default()
    }
}

/// The record of an input whose processing hit a bug in litextract.
fn internal_error(cx: &Cx, input: &Input, sink: Option<&dyn Sink>) -> Outcome {
    let mut entry = new_entry(cx, input);
    if let Ok(meta) = fs::metadata(&input.path) {
        entry.bytes = meta.len();
    }
    let why = "internal error: litextract failed while processing this document (please report this file)";
    failed(cx, input, entry, why.to_string(), None, sink)
}

fn cannot_read(input: &Input, e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::NotFound && input.listed {
        "the listed file does not exist".to_string()
    } else if e.kind() == io::ErrorKind::NotFound {
        "the file disappeared during the run".to_string()
    } else {
        format!("cannot read the file: {}", plain_io(e))
    }
}

fn process_input(cx: &Cx, input: &Input, prev: Option<&Entry>, sink: Option<&dyn Sink>) -> Outcome {
    let mut entry = new_entry(cx, input);
    let prev = prev.filter(|p| cx.files_mode() && reuse::reusable(p, cx.reuse, &cx.opts.out));
    let meta = match fs::metadata(&input.path) {
        Ok(m) => m,
        Err(e) => return failed(cx, input, entry, cannot_read(input, &e), None, sink),
    };
    if meta.is_dir() {
        // Only a `--files-from` list can name a folder: a walk descends.
        let why = "this is a folder: --files-from lists files (give folders as INPUT arguments)";
        return failed(cx, input, entry, why.to_string(), None, sink);
    }
    entry.bytes = meta.len();
    entry.mtime_ns = reuse::mtime_ns(&meta);
    if let Some(p) = prev {
        if p.bytes == entry.bytes && p.mtime_ns == entry.mtime_ns && p.mtime_ns != 0 {
            return Outcome::Unchanged(p.clone());
        }
    }
    // One open: the head for detection, then the rest of the file on the
    // same handle when the reader takes it whole.
    let started = timings::start();
    let mut file = match fs::File::open(&input.path) {
        Ok(f) => f,
        Err(e) => return failed(cx, input, entry, cannot_read(input, &e), None, sink),
    };
    let head = match read_head(&mut file) {
        Ok(h) => h,
        Err(e) => return failed(cx, input, entry, cannot_read(input, &e), None, sink),
    };
    let detected = match ingest::detect_among(&cx.opts.readers.0, &input.path, &head) {
        // An empty file of any name is an empty document, not an unknown
        // format: it gets a record that says so.
        Detected::Unsupported(_) if meta.len() == 0 => Detected::Reader(&ingest::text::TextReader),
        d => d,
    };
    if let Detected::Reader(r) = detected {
        if r.streams() {
            return many::open_stream(cx, input, entry, r, prev, sink);
        }
    }
    if meta.len() > cx.opts.max_bytes {
        let why = format!(
            "file too large: {} ({} bytes) is over the {} limit (--max-size)",
            human_bytes(meta.len()),
            meta.len(),
            human_bytes(cx.opts.max_bytes)
        );
        return failed(cx, input, entry, why, None, sink);
    }
    let bytes = match read_rest(file, head, meta.len(), cx.opts.max_bytes) {
        Ok(b) => b,
        Err(e) => return failed(cx, input, entry, cannot_read(input, &e), None, sink),
    };
    entry.bytes = bytes.len() as u64;
    entry.sha256 = reuse::sha256_hex(&bytes);
    if let Some(t) = started {
        timings::add(Stage::Read, t);
    }
    if let Some(p) = prev.filter(|p| p.sha256 == entry.sha256) {
        let mut e = p.clone();
        e.mtime_ns = entry.mtime_ns;
        e.input = entry.input;
        return Outcome::Unchanged(e);
    }
    let reader = match detected {
        Detected::Unsupported(reason) => {
            return Outcome::Skipped(Skipped {
                path: input.rel.clone(),
                reason,
            })
        }
        Detected::Reader(r) => r,
    };
    entry.format = reader.format().to_string();
    let source = source_of(input, &entry);
    let articles = timings::time(Stage::Parse, || {
        reader.read(FileData::Bytes(bytes), &cx.read)
    });
    if articles.many {
        let opened = many::Opened {
            entry,
            source,
            articles,
        };
        return match sink {
            Some(sink) => many::finish_files(cx, input, opened, sink),
            None => Outcome::Pending(Box::new(opened)),
        };
    }
    one_article(cx, input, entry, source, articles.items, sink)
}

/// The record of a one-document file from its reader's first item.
pub(super) fn one_article(
    cx: &Cx,
    input: &Input,
    entry: Entry,
    source: Source,
    mut items: Box<dyn Iterator<Item = Item> + Send>,
    sink: Option<&dyn Sink>,
) -> Outcome {
    let record = match timings::time(Stage::Parse, || items.next()) {
        Some(Item::Article(a)) => {
            process::article_record(*a, source, cx.producer(), Some(cx.opts.pdf.timeout))
        }
        Some(Item::Stop(why)) => return failed(cx, input, entry, why, Some(source), sink),
        Some(Item::Bad(b)) => {
            let why = format!("{} ({})", b.error, b.position);
            return failed(cx, input, entry, why, Some(source), sink);
        }
        None | Some(Item::Deleted(_)) => {
            let why = "the reader found nothing to read in this file".to_string();
            return failed(cx, input, entry, why, Some(source), sink);
        }
    };
    finish(cx, entry, record, sink)
}

/// `source` of the records of an input, from what its entry knows.
pub(super) fn source_of(input: &Input, entry: &Entry) -> Source {
    Source {
        path: input.rel.clone(),
        sha256: entry.sha256.clone(),
        bytes: entry.bytes,
        format: entry.format.clone(),
        backend: None,
        encoding: None,
        record: None,
    }
}

/// A failed record for a one-document file (or a file that could not be
/// opened at all).
pub(super) fn failed(
    cx: &Cx,
    input: &Input,
    mut entry: Entry,
    error: String,
    source: Option<Source>,
    sink: Option<&dyn Sink>,
) -> Outcome {
    entry.status = "failed".into();
    entry.error = Some(error.clone());
    entry.options = cx.reuse.options.to_string();
    if entry.format.is_empty() {
        entry.format = source
            .as_ref()
            .map_or("unknown".into(), |s| s.format.clone());
    }
    let source = source.unwrap_or_else(|| source_of(input, &entry));
    let record = process::failed_record(source, error, cx.producer());
    finish(cx, entry, record, sink)
}

/// Writes (or buffers) the record of a one-document file.
fn finish(cx: &Cx, mut entry: Entry, record: Record, sink: Option<&dyn Sink>) -> Outcome {
    if entry.format == "pdf" {
        entry.pdf_backends = cx.reuse.pdf_backends.to_string();
    }
    let stats = Stats::of(&record);
    entry.warnings = stats.warnings;
    entry.empty = stats.empty;
    entry.findings = stats.findings.into();
    if stats.failed || stats.cut {
        entry.options = cx.reuse.options.to_string();
    }
    let rel = entry.record.clone();
    let Some(sink) = sink else {
        return Outcome::Buffered {
            entry,
            records: vec![(rel, record)],
        };
    };
    let written = match sink.put(&rel, &record) {
        Ok(w) => usize::from(w),
        Err(SinkError::Record { path, reason }) => {
            // The record itself cannot be written: the document failed,
            // and the manifest says why.
            entry.status = "failed".into();
            entry.error = Some(format!("cannot write the record {path}: {reason}"));
            0
        }
        // Only a stream sink fails as a whole, and one-document files
        // reach it buffered (see `super::run_jsonl`).
        Err(e @ SinkError::Stream(_)) => {
            entry.status = "failed".into();
            entry.error = Some(e.to_string());
            0
        }
    };
    Outcome::Done {
        entry,
        written,
        removed: 0,
        kept: 0,
        failures: Vec::new(),
    }
}

/// The first [`ingest::SNIFF_BYTES`] of a file just opened.
fn read_head(file: &mut fs::File) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(ingest::SNIFF_BYTES);
    file.take(ingest::SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The whole file, `head` (its first bytes, already read from `file`) and
/// the rest, up to `limit + 1` bytes in all (one more than the limit says
/// that the file is over it); `size` is what the file's metadata said.
fn read_rest(file: fs::File, head: Vec<u8>, size: u64, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = head;
    bytes.truncate((limit + 1).min(bytes.len() as u64) as usize);
    let left = (limit + 1) - bytes.len() as u64;
    let expect = size.min(limit) + 1;
    bytes.reserve(expect.saturating_sub(bytes.len() as u64) as usize);
    file.take(left).read_to_end(&mut bytes)?;
    Ok(bytes)
}
