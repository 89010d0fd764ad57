//! Files that hold many articles, through the pipeline, with a small
//! streaming reader of a test-only format (the real readers come with
//! their formats): one record per article at `DIR/<rel>/<key>.json`,
//! repeats, bad articles, a truncated `.gz`, reruns that re-read nothing,
//! a changed file that rewrites only what changed and removes what left,
//! JSON Lines, and the progress count.
//!
//! The format, `.arts`: a first line `#articles`, then one block per
//! article starting `=KEY` (`=` alone: no key), text lines, `@doi X` and
//! `@reg ID` metadata lines; `=!why` is a malformed article, `=STOP why`
//! ends the file.

use crate::common::assert_offsets;
use litextract::ingest::{
    Article, Articles, BadArticle, Content, FileData, Item, Metadata, ReadContext, Reader, Readers,
    Sniff, READERS,
};
use litextract::pipeline::{self, Event, Mode, Options, Reporter};
use litextract::record::RegistryRef;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many times each test's files were opened by the reader, by file
/// name (tests run in parallel, so each uses its own names).
static OPENED: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Arts;

impl Reader for Arts {
    fn format(&self) -> &'static str {
        "arts"
    }
    fn sniff(&self, _path: &Path, head: &[u8]) -> Sniff {
        if head.starts_with(b"#articles ") {
            Sniff::Content
        } else {
            Sniff::No
        }
    }
    fn streams(&self) -> bool {
        true
    }
    fn read(&self, file: FileData, _ctx: &ReadContext) -> Articles {
        // A small plain file comes as bytes, a large or gzip one as a stream.
        let mut lines = file.into_stream().lines();
        let first = lines.next();
        if let Some(Ok(l)) = &first {
            OPENED.lock().unwrap().push(l.clone());
        }
        Articles {
            many: true,
            items: Box::new(ArtsItems {
                lines,
                pending: None,
                index: 0,
                done: false,
            }),
        }
    }
}

struct ArtsItems {
    lines: std::io::Lines<Box<dyn BufRead + Send>>,
    /// The `=` line that starts the next block.
    pending: Option<String>,
    index: usize,
    done: bool,
}

impl Iterator for ArtsItems {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let head = match self.pending.take() {
            Some(h) => h,
            None => loop {
                match self.lines.next() {
                    Some(Ok(l)) if l.starts_with('=') => break l,
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => return self.stop(format!("the file breaks off ({e})")),
                    None => return None,
                }
            },
        };
        let index = self.index;
        self.index += 1;
        if let Some(why) = head.strip_prefix("=STOP ") {
            return self.stop(why.to_string());
        }
        let mut text = String::new();
        let mut meta = Metadata::default();
        loop {
            match self.lines.next() {
                Some(Ok(l)) if l.starts_with('=') => {
                    self.pending = Some(l);
                    break;
                }
                Some(Ok(l)) => {
                    if let Some(d) = l.strip_prefix("@doi ") {
                        meta.doi = Some(d.into());
                    } else if let Some(id) = l.strip_prefix("@reg ") {
                        meta.registry_ids
                            .push(RegistryRef::new("ClinicalTrials.gov", id));
                    } else {
                        text.push_str(&l);
                        text.push('\n');
                    }
                }
                Some(Err(e)) => {
                    return self.stop(format!("the file breaks off in article {index} ({e})"))
                }
                None => break,
            }
        }
        let key = head[1..].trim();
        if let Some(why) = key.strip_prefix('!') {
            return Some(Item::Bad(BadArticle {
                index,
                key: None,
                position: format!("article {index}"),
                error: why.to_string(),
            }));
        }
        Some(Item::Article(Box::new(Article {
            index,
            key: (!key.is_empty()).then(|| key.to_string()),
            content: Content::Text(text),
            metadata: Some(meta),
            ..Article::default()
        })))
    }
}

impl ArtsItems {
    fn stop(&mut self, why: String) -> Option<Item> {
        self.done = true;
        Some(Item::Stop(why))
    }
}

fn opened(name: &str) -> usize {
    OPENED
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.as_str() == name)
        .count()
}

/// Sums the progress the events give and keeps the articles' events.
#[derive(Default)]
struct Count {
    total: AtomicUsize,
    done: AtomicUsize,
    more: Mutex<i64>,
    events: Mutex<Vec<Event>>,
}

impl Reporter for Count {
    fn start(&self, total: usize) {
        self.total.store(total, Ordering::SeqCst);
    }
    fn event(&self, e: &Event) {
        let (done, more) = e.progress();
        self.done.fetch_add(done as usize, Ordering::SeqCst);
        *self.more.lock().unwrap() += more;
        self.events.lock().unwrap().push(e.clone());
    }
}

impl Count {
    /// Every record (and skipped file) counted once, and the total agrees.
    fn finished(&self) -> usize {
        let done = self.done.load(Ordering::SeqCst);
        let total = self.total.load(Ordering::SeqCst) as i64 + *self.more.lock().unwrap();
        assert_eq!(done as i64, total, "the bar ends full");
        done
    }
}

fn opts(corpus: &Path, out: &Path) -> Options {
    let mut o = Options::new(vec![corpus.to_path_buf()], out.to_path_buf());
    let mut readers: Vec<&'static dyn Reader> = vec![&Arts];
    readers.extend(READERS.iter().copied());
    o.readers = Readers(readers);
    o.jobs = 2;
    o
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn mtime(p: &Path) -> std::time::SystemTime {
    fs::metadata(p).unwrap().modified().unwrap()
}

/// Bumps a file's mtime so the fast path cannot call it unchanged.
fn touch_later(p: &Path) {
    let f = fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(10))
        .unwrap();
}

fn record_names(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

const EXPORT: &str = "#articles export-1
=pmid-1
@doi 10.1000/meta.1
@reg NCT01234567
Cells in multiple sclerosis. Patients (n = 48) were randomized (p = 0.03).
Trial registration: ClinicalTrials.gov NCT01234567.
=pmid-2
A cohort of 120 patients; EDSS 3.0-6.5 at baseline (P < 0.001).
=pmid-2
A cohort of 120 patients; EDSS 3.0-6.5 at baseline (P < 0.001).
=!the record has no title and no abstract
=pmid-3
First version: p = 0.2.
=pmid-3
Second version: p = 0.04.
=
An article without any identifier (n = 12).
";

#[test]
fn one_record_per_article_then_reruns_that_reread_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    fs::write(c.join("export.arts"), EXPORT).unwrap();
    fs::write(c.join("note.txt"), "A single document (p = 0.5).").unwrap();
    let out = tmp.path().join("out");
    let count = Count::default();
    let report = pipeline::run(&opts(&c, &out), &count, None).unwrap();
    assert_eq!(report.exit_code(), 1, "a malformed article fails");
    // The bar counts the articles read (the exact repeat is not read
    // again; both versions of pmid-3 are) and note.txt.
    assert_eq!(count.finished(), 7);
    // Records: 5 distinct keys (pmid-1, pmid-2, index-3, pmid-3, index-6)
    // and note.txt.
    assert_eq!(report.counts.documents, 6, "{:?}", report.counts);
    assert_eq!((report.counts.ok, report.counts.failed), (5, 1));
    let dir = out.join("export.arts");
    assert_eq!(
        record_names(&dir),
        [
            ".litextract-articles.jsonl",
            "index-3.json",
            "index-6.json",
            "pmid-1.json",
            "pmid-2.json",
            "pmid-3.json"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    );
    assert!(
        out.join("note.txt.json").is_file(),
        "one document: as before"
    );
    let r1 = read_json(&dir.join("pmid-1.json"));
    assert_eq!(r1["source"]["path"], "export.arts");
    assert_eq!(r1["source"]["format"], "arts");
    assert_eq!(
        r1["source"]["record"],
        serde_json::json!({"index": 0, "key": "pmid-1"})
    );
    assert_eq!(r1["metadata"]["doi"], "10.1000/meta.1");
    assert_eq!(r1["summary"]["doi"], "10.1000/meta.1");
    assert_eq!(
        r1["summary"]["registry_ids"][0]["in"],
        serde_json::json!(["metadata", "text"])
    );
    assert_offsets(&r1);
    // The changed repeat is current; the exact repeat is one record.
    let r3 = read_json(&dir.join("pmid-3.json"));
    assert!(r3["text"].as_str().unwrap().starts_with("Second version"));
    assert_eq!(r3["source"]["record"]["index"], 5);
    assert_eq!(
        read_json(&dir.join("pmid-2.json"))["source"]["record"]["index"],
        1
    );
    let bad = read_json(&dir.join("index-3.json"));
    assert_eq!(bad["status"], "failed");
    assert_eq!(
        bad["error"],
        "malformed article (article 3): the record has no title and no abstract"
    );
    let m = read_json(&out.join("manifest.json"));
    let e = &m["documents"]["export.arts"];
    assert_eq!(e["record"], "export.arts");
    assert_eq!(e["many"]["articles"], 5);
    assert_eq!(e["many"]["failed"], 1);
    assert_eq!(
        e["many"]["repeated"],
        serde_json::json!([
            {"key": "pmid-2", "indexes": [1, 2], "identical": true},
            {"key": "pmid-3", "indexes": [4, 5], "identical": false}
        ])
    );
    assert_eq!(opened("#articles export-1"), 1);

    // Rerun: nothing changed, the file is not even opened.
    let before = mtime(&dir.join("pmid-1.json"));
    let count = Count::default();
    let report = pipeline::run(&opts(&c, &out), &count, None).unwrap();
    assert_eq!(opened("#articles export-1"), 1, "not re-parsed");
    assert_eq!(report.counts.unchanged, 6);
    assert_eq!(report.counts.written, 0);
    assert_eq!(report.exit_code(), 1, "the bad article still fails");
    assert_eq!(
        report.failures,
        vec![(
            "export.arts#index-3".to_string(),
            "malformed article (article 3): the record has no title and no abstract".to_string()
        )]
    );
    assert_eq!(count.finished(), 6);
    assert_eq!(mtime(&dir.join("pmid-1.json")), before);

    // Same bytes, new mtime: the hash says unchanged, still not parsed.
    touch_later(&c.join("export.arts"));
    let report = pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    assert_eq!(report.counts.unchanged, 6, "by hash: {:?}", report.counts);
    assert_eq!(opened("#articles export-1"), 1);
}

#[test]
fn a_changed_file_rewrites_only_what_changed_and_removes_what_left() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    let v1 = "#articles export-2\n=pmid-1\nStays (p = 0.01).\n=pmid-2\nWill change (p = 0.02).\n=pmid-3\nWill go (p = 0.03).\n";
    fs::write(c.join("e.arts"), v1).unwrap();
    let out = tmp.path().join("out");
    pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    let dir = out.join("e.arts");
    let stays = mtime(&dir.join("pmid-1.json"));
    let changes = fs::read(dir.join("pmid-2.json")).unwrap();

    let v2 = "#articles export-2\n=pmid-1\nStays (p = 0.01).\n=pmid-2\nHas changed (p = 0.05).\n=pmid-4\nIs new.\n";
    fs::write(c.join("e.arts"), v2).unwrap();
    touch_later(&c.join("e.arts"));
    let count = Count::default();
    let report = pipeline::run(&opts(&c, &out), &count, None).unwrap();
    assert_eq!(opened("#articles export-2"), 2, "the changed file is read");
    assert_eq!(report.exit_code(), 0);
    assert_eq!(report.counts.written, 2, "{:?}", report.counts);
    assert_eq!(report.counts.removed_articles, 1);
    assert_eq!(count.finished(), 3);
    let kept = count
        .events
        .lock()
        .unwrap()
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Unchanged {
                    record: Some(_),
                    ..
                }
            )
        })
        .count();
    assert_eq!(kept, 1, "pmid-1 is not extracted again");
    assert_eq!(report.counts.unchanged, 1);
    assert_eq!(mtime(&dir.join("pmid-1.json")), stays, "not rewritten");
    assert_ne!(fs::read(dir.join("pmid-2.json")).unwrap(), changes);
    assert!(!dir.join("pmid-3.json").exists(), "gone with its article");
    assert!(dir.join("pmid-4.json").is_file());
    // Something that is not ours in the folder is left alone.
    fs::write(dir.join("notes.json"), b"{}").unwrap();

    // The input goes: its records, state and folder go, ours only.
    fs::remove_file(c.join("e.arts")).unwrap();
    fs::write(c.join("other.txt"), "x").unwrap();
    let report = pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    assert_eq!(report.counts.removed, 1);
    assert_eq!(
        record_names(&dir),
        ["notes.json".to_string()].into_iter().collect()
    );
}

/// An output folder made by a version that kept the state as one JSON
/// object (`.litextract-articles.json`): the file is read once more, its
/// records are not rewritten (same bytes), and the state takes its new
/// form and name.
#[test]
fn a_state_of_the_earlier_form_means_one_more_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    fs::write(
        c.join("old.arts"),
        "#articles export-old\n=pmid-1\nKept (p = 0.01).\n=pmid-2\nKept too (n = 20).\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    let dir = out.join("old.arts");
    // What the earlier version left: its state file, named in the manifest.
    fs::remove_file(dir.join(".litextract-articles.jsonl")).unwrap();
    fs::write(
        dir.join(".litextract-articles.json"),
        r#"{"schema":"litextract.articles/1","input":"old.arts","extractors":"","articles":{}}"#,
    )
    .unwrap();
    let manifest = out.join("manifest.json");
    let m = fs::read_to_string(&manifest).unwrap().replace(
        "old.arts/.litextract-articles.jsonl",
        "old.arts/.litextract-articles.json",
    );
    fs::write(&manifest, m).unwrap();
    let stays = mtime(&dir.join("pmid-1.json"));
    std::thread::sleep(std::time::Duration::from_millis(20));

    let report = pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    assert_eq!(opened("#articles export-old"), 2, "read once more");
    assert_eq!(report.counts.written, 0, "{:?}", report.counts);
    assert_eq!(mtime(&dir.join("pmid-1.json")), stays, "not rewritten");
    assert_eq!(
        record_names(&dir),
        [".litextract-articles.jsonl", "pmid-1.json", "pmid-2.json"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    let m = read_json(&manifest);
    assert_eq!(
        m["documents"]["old.arts"]["many"]["state"],
        "old.arts/.litextract-articles.jsonl"
    );
    // And from now on it is not read again.
    pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    assert_eq!(opened("#articles export-old"), 2);
}

/// A key that occurs twice with other content: the later version is the
/// record, also on a rerun of the changed file, where the earlier version
/// is made again (and written over the record) before the later one.
#[test]
fn a_revised_repeat_stays_the_later_version_on_a_rerun() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    let file = c.join("rev.arts");
    let v1 = "#articles export-rev\n=pmid-3\nFirst version (p = 0.2).\n=pmid-3\nSecond version (p = 0.04).\n=pmid-9\nOther (n = 10).\n";
    fs::write(&file, v1).unwrap();
    let out = tmp.path().join("out");
    pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    let text = |out: &Path| read_json(&out.join("rev.arts/pmid-3.json"))["text"].to_string();
    assert!(text(&out).contains("Second version"), "{}", text(&out));
    fs::write(&file, v1.replace("Other (n = 10)", "Other (n = 11)")).unwrap();
    touch_later(&file);
    pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    assert!(text(&out).contains("Second version"), "{}", text(&out));
}

#[test]
fn a_truncated_gz_keeps_the_articles_before_the_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    let mut text = String::from("#articles export-3\n");
    for i in 0..400 {
        text.push_str(&format!(
            "=pmid-{i}\nArticle {i}: patients (n = {}) were randomized (p = 0.0{}).\n",
            20 + i % 50,
            1 + i % 9
        ));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    fs::write(c.join("update.arts.gz"), &gz[..gz.len() * 2 / 3]).unwrap();
    let out = tmp.path().join("out");
    let count = Count::default();
    let report = pipeline::run(&opts(&c, &out), &count, None).unwrap();
    assert_eq!(report.exit_code(), 1, "a file read in part is a failure");
    assert_eq!(report.counts.stopped, 1);
    let kept = report.counts.documents;
    assert!(kept > 100 && kept < 400, "{kept} articles kept");
    assert_eq!(count.finished(), kept);
    let m = read_json(&out.join("manifest.json"));
    let e = &m["documents"]["update.arts.gz"];
    assert_eq!(e["format"], "arts");
    assert!(
        e["many"]["stopped"]
            .as_str()
            .unwrap()
            .contains("breaks off"),
        "{e}"
    );
    assert!(out.join("update.arts.gz/pmid-0.json").is_file());
    let stopped = count
        .events
        .lock()
        .unwrap()
        .iter()
        .any(|e| matches!(e, Event::Stopped { articles, .. } if *articles == kept));
    assert!(stopped);
}

#[test]
fn a_file_that_stops_before_any_article_is_one_failed_record() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    fs::write(
        c.join("x.arts"),
        "#articles export-4\n=STOP not an export at all\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let count = Count::default();
    let report = pipeline::run(&opts(&c, &out), &count, None).unwrap();
    assert_eq!(report.exit_code(), 1);
    assert_eq!(count.finished(), 1);
    let r = read_json(&out.join("x.arts.json"));
    assert_eq!(r["status"], "failed");
    assert_eq!(r["error"], "not an export at all");
    assert!(r["source"].get("record").is_none());
    assert!(!out.join("x.arts").exists());
    // Fixed: the file now holds articles; the old record goes.
    fs::write(c.join("x.arts"), "#articles export-4\n=pmid-9\nFine.\n").unwrap();
    touch_later(&c.join("x.arts"));
    let report = pipeline::run(&opts(&c, &out), &Count::default(), None).unwrap();
    assert_eq!(report.exit_code(), 0);
    assert!(!out.join("x.arts.json").exists(), "layout changed");
    assert!(out.join("x.arts/pmid-9.json").is_file());
}

#[test]
fn jsonl_streams_articles_in_file_order() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    fs::write(c.join("a.txt"), "first (p = 0.1)").unwrap();
    fs::write(c.join("b.arts"), EXPORT.replace("export-1", "export-5")).unwrap();
    fs::write(c.join("c.txt"), "last (p = 0.2)").unwrap();
    let mut o = opts(&c, &tmp.path().join("unused"));
    o.mode = Mode::Jsonl;
    let mut buf: Vec<u8> = Vec::new();
    let report = pipeline::run(&o, &Count::default(), Some(&mut buf)).unwrap();
    assert_eq!(report.exit_code(), 1);
    let lines: Vec<(String, Option<String>)> = String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["source"]["path"].as_str().unwrap().to_string(),
                v["source"]["record"]["key"].as_str().map(str::to_string),
            )
        })
        .collect();
    let keys: Vec<String> = lines
        .iter()
        .map(|(p, k)| format!("{p}#{}", k.as_deref().unwrap_or("-")))
        .collect();
    // A changed repeat is streamed again (the last line of a key is
    // current); an exact repeat is not.
    assert_eq!(
        keys,
        [
            "a.txt#-",
            "b.arts#pmid-1",
            "b.arts#pmid-2",
            "b.arts#index-3",
            "b.arts#pmid-3",
            "b.arts#pmid-3",
            "b.arts#index-6",
            "c.txt#-"
        ]
    );
    assert!(!tmp.path().join("unused").exists());
}

/// Writes an `.arts` file of `n` small articles, each with its own key and
/// a few findings, as a stream.
fn write_many(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(fs::File::create(path).unwrap());
    writeln!(f, "#articles memory-{n}").unwrap();
    for i in 0..n {
        writeln!(
            f,
            "=pmid-{}\nOf {} patients randomized (p = 0.0{}), EDSS 3.5 at baseline.",
            10_000_000 + i,
            40 + i % 400,
            1 + i % 9
        )
        .unwrap();
    }
    f.flush().unwrap();
}

/// Peak resident memory of this process, in kB (Linux), if known.
fn peak_rss_kb() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The child of `memory_per_article_stays_small`: one run over a file of
/// `LITEXTRACT_MEMORY_CHILD` articles in a process of its own (peak memory
/// is a process's), which prints its peak. Ignored in the normal test run.
#[test]
#[ignore = "run by memory_per_article_stays_small in a child process"]
fn memory_child() {
    let n: usize = std::env::var("LITEXTRACT_MEMORY_CHILD")
        .expect("LITEXTRACT_MEMORY_CHILD")
        .parse()
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("corpus");
    fs::create_dir_all(&c).unwrap();
    write_many(&c.join("big.arts"), n);
    let out = tmp.path().join("out");
    let report = pipeline::run(&opts(&c, &out), &pipeline::Silent, None).unwrap();
    assert_eq!((report.counts.documents, report.counts.ok), (n, n));
    let peak = peak_rss_kb().expect("VmHWM in /proc/self/status");
    println!("peak-kb: {peak}");
    // The state is on disk, one line per article after its header.
    let state = fs::read_to_string(out.join("big.arts/.litextract-articles.jsonl")).unwrap();
    assert_eq!(state.lines().count(), n + 1);
}

/// A file of many articles is streamed, and so is its bookkeeping: what
/// stays in memory per article of the file (its reuse state, the
/// repeated-key check) is a few dozen bytes, not the ~1 KB a map of
/// strings took. Measured as the peak memory of two child processes, one
/// over 1,000 articles and one over 7,000: the difference per added
/// article must stay under 300 bytes (a window of articles, the thread
/// pool and the allocator's slack are the same in both). Measured here:
/// about 1,260 bytes an article before the state was streamed, under 100
/// after (the key index's table, and a few hundred kB of noise).
#[test]
fn memory_per_article_stays_small() {
    if peak_rss_kb().is_none() {
        eprintln!("SKIPPED memory_per_article_stays_small: no /proc/self/status VmHWM here");
        return;
    }
    let peak = |n: usize| -> u64 {
        let o = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["many::memory_child", "--exact", "--ignored", "--nocapture"])
            .args(["--test-threads", "1"])
            .env("LITEXTRACT_MEMORY_CHILD", n.to_string())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "child over {n} articles: {stdout}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        stdout
            .lines()
            .find_map(|l| l.split_once("peak-kb: ").map(|(_, kb)| kb))
            .unwrap_or_else(|| panic!("no peak in: {stdout}"))
            .trim()
            .parse()
            .unwrap()
    };
    let (small, big) = (peak(1_000), peak(7_000));
    let per_article = (big.saturating_sub(small) * 1024) / 6_000;
    assert!(
        per_article < 300,
        "peak memory {small} kB for 1,000 articles, {big} kB for 7,000: \
         {per_article} bytes more per article"
    );
}
