//! A file that holds many articles: its articles are pulled from the
//! reader a window at a time, extracted in parallel, and written in file
//! order, so memory stays proportional to one window of articles whatever
//! the file's size, and a later article with the same key overwrites an
//! earlier one.
//!
//! Per article: the key names the record (`DIR/<rel>/<key>.json`); an
//! exact repeat of a key (same content hash) is one record, a changed one
//! is current and both are listed in the manifest as repeated; an article
//! whose content, position and extractor versions are those of the
//! previous run keeps its record without being extracted again. After the
//! file, the records of articles no longer in it are removed and the
//! per-article state is saved beside the records.
//!
//! The bookkeeping is streamed too ([`crate::output::state`]): each
//! article's state line goes to a spool on disk as it is written, the
//! previous run's state is walked alongside the file, and what stays in
//! memory per article is a key hash and a few numbers (the repeated-key
//! check's [`Index`]), about 60 bytes.

use super::input::{self, Cx, Outcome};
use super::Event;
use crate::ingest::walk::Input;
use crate::ingest::{compress, keys, Articles, BadArticle, FileData, Item, Reader};
use crate::output::manifest::{Entry, Many, Repeated};
use crate::output::paths;
use crate::output::reuse;
use crate::output::sink::{Sink, SinkError};
use crate::output::state::{
    self, ArticleEntry, Header, Index, Line, Previous, Seen, Spool, StateFile, Tally,
};
use crate::process::{self, Stats};
use crate::record::{Record, RecordRef, Source};
use crate::timings::{self, Stage};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;

/// A file that holds many articles, opened, its articles not yet read.
pub(super) struct Opened {
    pub entry: Entry,
    pub source: Source,
    pub articles: Articles,
}

/// Opens a file for a streaming reader: hashes it as a stream, checks
/// reuse, and hands the reader the (decompressed) stream.
pub(super) fn open_stream(
    cx: &Cx,
    input: &Input,
    mut entry: Entry,
    reader: &dyn Reader,
    prev: Option<&Entry>,
    sink: Option<&dyn Sink>,
) -> Outcome {
    let cannot =
        |e: std::io::Error| format!("cannot read the file: {}", crate::plain::plain_io(&e));
    // Reading the file to hash it is the `read` stage. A small plain file is
    // read once and parsed from those bytes; a large or compressed one is
    // read again as the reader parses it (from the page cache), counted as
    // `parse`.
    let whole = match timings::time(Stage::Read, || hash_file(&input.path)) {
        Ok(h) => {
            entry.sha256 = h.sha256;
            entry.bytes = h.bytes;
            h.whole
        }
        Err(e) => return input::failed(cx, input, entry, cannot(e), None, sink),
    };
    if let Some(p) = prev.filter(|p| p.sha256 == entry.sha256) {
        let mut e = p.clone();
        e.mtime_ns = entry.mtime_ns;
        e.input = entry.input;
        return Outcome::Unchanged(e);
    }
    entry.format = reader.format().to_string();
    let source = input::source_of(input, &entry);
    let data = match whole {
        Some(bytes) => FileData::Bytes(bytes),
        None => match compress::open(&input.path) {
            Ok(s) => FileData::Stream(s),
            Err(e) => return input::failed(cx, input, entry, cannot(e), Some(source), sink),
        },
    };
    let articles = reader.read(data, &cx.read);
    if !articles.many {
        return input::one_article(cx, input, entry, source, articles.items, sink);
    }
    let opened = Opened {
        entry,
        source,
        articles,
    };
    match sink {
        Some(sink) => finish_files(cx, input, opened, sink),
        None => Outcome::Pending(Box::new(opened)),
    }
}

/// A plain (not gzip) file up to this size is read into memory once, hashed
/// and handed to the reader as bytes; a larger one is hashed as a stream
/// and streamed again to the reader, so a 1 GB export never sits in memory.
const READ_WHOLE: u64 = 16 << 20;

/// A file's hash and size, and its bytes when it was read whole.
struct Hashed {
    sha256: String,
    bytes: u64,
    whole: Option<Vec<u8>>,
}

/// Hashes a file for a streaming reader (see [`READ_WHOLE`]).
fn hash_file(path: &std::path::Path) -> std::io::Result<Hashed> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > READ_WHOLE {
        let (sha256, bytes) = reuse::sha256_file(path)?;
        return Ok(Hashed {
            sha256,
            bytes,
            whole: None,
        });
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.read_to_end(&mut bytes)?;
    let gzip = compress::is_gzip(&bytes);
    Ok(Hashed {
        sha256: reuse::sha256_hex(&bytes),
        bytes: bytes.len() as u64,
        whole: (!gzip).then_some(bytes),
    })
}

/// [`finish`] into record files, whose errors cost records, not the run.
pub(super) fn finish_files(cx: &Cx, input: &Input, opened: Opened, sink: &dyn Sink) -> Outcome {
    finish(cx, input, opened, sink).unwrap_or_else(|e| {
        // Only a stream sink fails as a whole, and it never comes here.
        let entry = new_failed_entry(cx, input, e.to_string());
        Outcome::Done {
            entry,
            written: 0,
            removed: 0,
            kept: 0,
            failures: Vec::new(),
        }
    })
}

fn new_failed_entry(cx: &Cx, input: &Input, error: String) -> Entry {
    let mut e = input::new_entry(cx, input);
    e.status = "failed".into();
    e.error = Some(error);
    e
}

/// What to do with one item of the file.
enum Plan {
    Make {
        key: String,
        hash: String,
        article: Box<crate::ingest::Article>,
    },
    Bad {
        key: String,
        hash: String,
        bad: BadArticle,
    },
    /// Unchanged since the previous run: the record on disk stands.
    Keep(ArticleEntry),
    /// The file deletes this article (PubMed `DeleteCitation`); `first`:
    /// for the first time.
    Delete { key: String, first: bool },
}

/// A record made (or kept) for one article, in file order.
enum Made {
    Record {
        key: String,
        hash: String,
        record: Box<Record>,
    },
    Keep(ArticleEntry),
    Delete {
        key: String,
        first: bool,
    },
}

/// The bookkeeping of one file's articles.
struct Run<'a> {
    /// The previous run's state, walked alongside the file.
    previous: Option<Previous>,
    /// Whether it was made under this run's options.
    same_options: bool,
    /// The keys seen so far.
    index: Index,
    /// The state lines of the articles written so far.
    spool: Spool,
    repeated: BTreeMap<String, Repeated>,
    written: usize,
    /// Articles whose records stood without extraction.
    kept: usize,
    /// Whether [`Event::Many`] was sent.
    announced: bool,
    input: &'a Input,
}

impl Run<'_> {
    /// Tells the reporter that this file's articles are counted one by one
    /// from now on (sent with the first article, so that a file that
    /// stops before any counts as one failed document).
    fn announce(&mut self, cx: &Cx) {
        if !self.announced {
            self.announced = true;
            cx.reporter.event(&Event::Many {
                path: self.input.rel.clone(),
            });
        }
    }

    /// Keys the item, drops an exact repeat, and finds an unchanged one.
    fn plan(&mut self, cx: &Cx, item: Item) -> Option<Plan> {
        if let Item::Deleted(key) = item {
            // An article after the deletion is a new one.
            let first = self.index.delete(&key);
            return Some(Plan::Delete { key, first });
        }
        let (index, key, hash) = match &item {
            Item::Article(a) => (
                a.index,
                a.key.clone().unwrap_or_else(|| keys::position(a.index)),
                process::content_hash(a),
            ),
            Item::Bad(b) => (
                b.index,
                b.key.clone().unwrap_or_else(|| keys::position(b.index)),
                reuse::sha256_hex(format!("{}\n{}", b.position, b.error).as_bytes()),
            ),
            Item::Stop(_) | Item::Deleted(_) => return None,
        };
        let seen = self.index.article(&key, index, &hash);
        if let Seen::Identical { first } | Seen::Revised { first } = seen {
            let rep = self.repeated.entry(key.clone()).or_insert(Repeated {
                key: key.clone(),
                indexes: vec![first],
                identical: true,
            });
            rep.indexes.push(index);
            if matches!(seen, Seen::Identical { .. }) {
                return None;
            }
            rep.identical = false;
        }
        let same_options = self.same_options;
        // A revised repeat is made again: the earlier version's record,
        // made in this run, is in its place.
        let kept = self
            .previous
            .as_mut()
            .filter(|_| seen == Seen::New)
            .and_then(|p| p.at(index, &key))
            .filter(|e| {
                e.content == hash
                    && (same_options || (e.status == "ok" && !e.cut))
                    && cx
                        .opts
                        .out
                        .join(paths::article_rel(&self.input.rel, &key))
                        .is_file()
            });
        if let Some(entry) = kept {
            return Some(Plan::Keep(entry));
        }
        Some(match item {
            Item::Article(mut article) => {
                article.key = Some(key.clone());
                Plan::Make { key, hash, article }
            }
            Item::Bad(bad) => Plan::Bad { key, hash, bad },
            Item::Stop(_) | Item::Deleted(_) => unreachable!("returned above"),
        })
    }

    /// Writes one made record and notes it in the state.
    fn write(&mut self, cx: &Cx, made: Made, sink: &dyn Sink) -> Result<(), SinkError> {
        let (entry, event_record) = match made {
            Made::Delete { key, first } => {
                // A record made earlier in this file goes with the rest of
                // the articles no longer in it (the index knows it).
                if first {
                    self.spool.push(&Line::Deleted { deleted: key });
                }
                return Ok(());
            }
            Made::Keep(entry) => {
                let r = RecordRef {
                    index: entry.index,
                    key: entry.key.clone(),
                };
                cx.reporter.event(&Event::Unchanged {
                    path: self.input.rel.clone(),
                    articles: 1,
                    record: Some(r),
                });
                self.spool.push(&Line::Article(entry));
                self.kept += 1;
                return Ok(());
            }
            Made::Record { key, hash, record } => {
                let stats = Stats::of(&record);
                let mut entry = ArticleEntry {
                    key: key.clone(),
                    index: record.source.record.as_ref().map_or(0, |r| r.index),
                    content: hash,
                    status: if stats.failed { "failed" } else { "ok" }.into(),
                    error: stats.error,
                    warnings: stats.warnings,
                    empty: stats.empty,
                    findings: stats.findings,
                    cut: stats.cut,
                };
                match sink.put(&paths::article_rel(&self.input.rel, &key), &record) {
                    Ok(w) => self.written += usize::from(w),
                    Err(SinkError::Record { path, reason }) => {
                        entry.status = "failed".into();
                        entry.error = Some(format!("cannot write the record {path}: {reason}"));
                    }
                    Err(e) => return Err(e),
                }
                let r = record.source.record.clone();
                (entry, r)
            }
        };
        let path = self.input.rel.clone();
        cx.reporter.event(&match &entry.error {
            Some(error) => Event::Failed {
                path,
                record: event_record,
                error: error.clone(),
            },
            None => Event::Processed {
                path,
                record: event_record,
            },
        });
        self.spool.push(&Line::Article(entry));
        Ok(())
    }
}

/// Makes the record of a planned item (runs in parallel).
fn make(cx: &Cx, source: &Source, plan: Plan) -> Made {
    match plan {
        Plan::Keep(entry) => Made::Keep(entry),
        Plan::Delete { key, first } => Made::Delete { key, first },
        Plan::Make { key, hash, article } => {
            let mut src = source.clone();
            src.sha256 = hash.clone();
            src.bytes = match &article.content {
                crate::ingest::Content::Text(t) => t.len() as u64,
                crate::ingest::Content::Pages(p) => p.iter().map(|p| p.len() as u64).sum(),
            };
            let index = article.index;
            let record = crate::isolate::catch_quietly(|| {
                process::article_record(*article, src.clone(), cx.producer(), Some(cx.opts.pdf.timeout))
            })
            .unwrap_or_else(|| {
                let why = "internal error: litextract failed while processing this article (please report this file)";
                failed_article(cx, src, index, &key, why.into())
            });
            Made::Record {
                key,
                hash,
                record: Box::new(record),
            }
        }
        Plan::Bad { key, hash, bad } => {
            let mut src = source.clone();
            src.sha256 = hash.clone();
            src.bytes = 0;
            let why = format!("malformed article ({}): {}", bad.position, bad.error);
            Made::Record {
                record: Box::new(failed_article(cx, src, bad.index, &key, why)),
                key,
                hash,
            }
        }
    }
}

fn failed_article(cx: &Cx, mut source: Source, index: usize, key: &str, why: String) -> Record {
    source.record = Some(RecordRef {
        index,
        key: key.to_string(),
    });
    process::failed_record(source, why, cx.producer())
}

/// Reads, extracts and writes every article of an opened file. Fails only
/// when a stream sink fails (the run stops).
pub(super) fn finish(
    cx: &Cx,
    input: &Input,
    opened: Opened,
    sink: &dyn Sink,
) -> Result<Outcome, SinkError> {
    let Opened {
        entry,
        source,
        articles,
    } = opened;
    let previous = (cx.files_mode() && !cx.opts.force)
        .then(|| StateFile::open(&cx.opts.out, &input.rel))
        .flatten()
        .filter(|s| s.header.extractors == cx.reuse.extractors)
        .map(Previous::new);
    let out = cx.files_mode().then_some(cx.opts.out.as_path());
    let mut run = Run {
        same_options: previous
            .as_ref()
            .is_some_and(|p| p.header.options == cx.reuse.options),
        previous,
        index: Index::default(),
        spool: Spool::new(
            out.map(|o| o.join(paths::articles_dir(&input.rel)))
                .as_deref(),
        ),
        repeated: BTreeMap::new(),
        written: 0,
        kept: 0,
        announced: false,
        input,
    };
    let stopped = pull_all(cx, &mut run, articles, &source, sink)?;
    let articles = run.index.articles();
    if articles == 0 {
        if let Some(why) = stopped {
            // Nothing was read: the file is one failed document.
            return fail_whole(cx, entry, why, source, sink);
        }
    }
    if !run.announced {
        // An empty export: no records, and the file no longer counts.
        run.announce(cx);
    }
    let removed = if cx.files_mode() {
        remove_gone_articles(cx, input, &run.index)
    } else {
        0
    };
    if let Some(why) = &stopped {
        cx.reporter.event(&Event::Stopped {
            path: input.rel.clone(),
            error: why.clone(),
            articles,
        });
    }
    // The spool becomes the state (files mode), and gives the counts. Not
    // fatal if the state cannot be written: the next run reads the file
    // again.
    let Run {
        previous,
        index,
        spool,
        repeated,
        written,
        kept,
        ..
    } = run;
    drop(previous);
    let header = Header {
        schema: state::STATE_SCHEMA.into(),
        input: input.rel.clone(),
        extractors: cx.reuse.extractors.into(),
        options: cx.reuse.options.into(),
    };
    let tally = state::finish(spool, &index, &header, out);
    let failures = tally
        .failures
        .iter()
        .map(|(k, e)| (format!("{}#{k}", input.rel), e.clone()))
        .collect();
    let entry = many_entry(cx, input, entry, &repeated, tally, stopped);
    Ok(Outcome::Done {
        entry,
        written,
        removed,
        kept,
        failures,
    })
}

/// Pulls the reader's items a window at a time; returns why the reading
/// stopped early, if it did.
fn pull_all(
    cx: &Cx,
    run: &mut Run,
    articles: Articles,
    source: &Source,
    sink: &dyn Sink,
) -> Result<Option<String>, SinkError> {
    let window = (rayon::current_num_threads() * 4).max(8);
    let mut items = articles.items;
    let mut pulled = 0usize;
    loop {
        let mut batch = Vec::with_capacity(window);
        let mut stop = None;
        let mut ended = false;
        while batch.len() < window {
            let next = timings::time(Stage::Parse, || {
                crate::isolate::catch_quietly(|| items.next())
            });
            match next {
                Some(Some(Item::Stop(why))) => stop = Some(why),
                Some(Some(item)) => {
                    pulled += 1;
                    batch.push(item);
                    continue;
                }
                Some(None) => ended = true,
                None => {
                    stop = Some(format!(
                        "internal error: the {} reader failed after {pulled} articles (please report this file)",
                        source.format
                    ))
                }
            }
            break;
        }
        if !batch.is_empty() {
            run.announce(cx);
        }
        let plans: Vec<Plan> = batch.into_iter().filter_map(|i| run.plan(cx, i)).collect();
        let made: Vec<Made> = plans.into_par_iter().map(|p| make(cx, source, p)).collect();
        for m in made {
            run.write(cx, m, sink)?;
        }
        if stop.is_some() || ended {
            return Ok(stop);
        }
    }
}

/// A file whose reading stopped before its first article: one failed
/// record, as for a one-document file.
fn fail_whole(
    cx: &Cx,
    mut entry: Entry,
    why: String,
    source: Source,
    sink: &dyn Sink,
) -> Result<Outcome, SinkError> {
    entry.status = "failed".into();
    entry.error = Some(why.clone());
    entry.options = cx.reuse.options.to_string();
    let record = process::failed_record(source, why, cx.producer());
    let written = match sink.put(&entry.record, &record) {
        Ok(w) => usize::from(w),
        Err(SinkError::Record { path, reason }) => {
            entry.error = Some(format!("cannot write the record {path}: {reason}"));
            0
        }
        Err(e) => return Err(e),
    };
    // Reported as a one-document file's record, by the caller.
    Ok(Outcome::Done {
        entry,
        written,
        removed: 0,
        kept: 0,
        failures: Vec::new(),
    })
}

/// Removes the records in the file's folder whose article is no longer in
/// it. Only key-shaped names are touched: anything else there is not ours.
fn remove_gone_articles(cx: &Cx, input: &Input, index: &Index) -> usize {
    let dir = cx.opts.out.join(paths::articles_dir(&input.rel));
    let Ok(listing) = fs::read_dir(&dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in listing.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(key) = name.strip_suffix(".json") else {
            continue;
        };
        if paths::is_article_record(&name) && !index.holds(key) && fs::remove_file(e.path()).is_ok()
        {
            removed += 1;
            cx.reporter.event(&Event::Removed {
                path: input.rel.clone(),
                key: Some(key.to_string()),
            });
        }
    }
    removed
}

/// The manifest entry of a file that holds many articles.
fn many_entry(
    cx: &Cx,
    input: &Input,
    mut entry: Entry,
    repeated: &BTreeMap<String, Repeated>,
    tally: Tally,
    stopped: Option<String>,
) -> Entry {
    let many = Many {
        state: paths::state_rel(&input.rel),
        articles: tally.articles,
        ok: tally.ok,
        failed: tally.failed,
        empty: tally.empty,
        stopped: stopped.clone(),
        repeated: repeated.values().cloned().collect(),
        deletes: tally.deletes,
        ..Many::default()
    };
    entry.findings = tally.findings.into();
    entry.warnings = tally.warnings;
    entry.record = paths::articles_dir(&input.rel);
    entry.status = if stopped.is_some() { "failed" } else { "ok" }.into();
    entry.error = stopped;
    if many.failed > 0 || tally.cut || entry.error.is_some() {
        entry.options = cx.reuse.options.to_string();
    }
    entry.many = Some(Box::new(many));
    entry
}
