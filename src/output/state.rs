//! The per-article state of a file that holds many articles, kept beside
//! its records ([`paths::STATE_FILE`]), as JSON Lines so that it is
//! written and read as a stream: memory stays that of one article however
//! many the file holds.
//!
//! ```text
//! {"schema":"litextract.articles/2","input":"x.xml.gz","extractors":"…","options":"…"}
//! {"key":"pmid-1","index":0,"content":"<sha256>","status":"ok","warnings":0,"empty":false,"findings":{"p_value":2}}
//! {"deleted":"pmid-9"}
//! ```
//!
//! The header, then one line per article whose record stands, in file
//! order (each key once: the last version of a repeated key), and one line
//! per key the file deletes (PubMed `DeleteCitation`), where it deletes it.
//!
//! While a file is read, each article's line is appended to a spool (an
//! unnamed temporary file in the record folder, or in the temporary folder
//! in JSON Lines mode), and a compact [`Index`] keeps, per key, a 128-bit hash
//! of it and what the repeated-key check needs (about 60 bytes an article,
//! no strings). At the end the spool is read back once: the lines of keys
//! that a later article of the same key or a deletion replaced are
//! dropped, the rest are counted and written to a second temporary file
//! renamed over the state: a run killed midway leaves the previous state
//! whole.
//!
//! A state written by an earlier version (`litextract.articles/1`, one
//! JSON object in `.litextract-articles.json`) is not read: that file's
//! articles are extracted once more (records whose bytes do not change
//! are not rewritten), and the old file is removed.

use super::paths;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const STATE_SCHEMA: &str = "litextract.articles/2";

/// The name an earlier version gave the state (one JSON object).
const LEGACY_STATE_FILE: &str = ".litextract-articles.json";

/// The first line of a state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub schema: String,
    /// The input, relative to its root.
    pub input: String,
    /// The extractor key the records were made with.
    pub extractors: String,
    /// The options of the run that made them (see
    /// [`super::manifest::Entry::options`]): an article that failed or was
    /// cut short is kept only under the same.
    #[serde(default)]
    pub options: String,
}

/// What one article's record holds, for reuse and for the run's counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntry {
    /// The record key (`pmid-31883240`).
    pub key: String,
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

impl ArticleEntry {
    pub fn failed(&self) -> bool {
        self.status == "failed"
    }
}

/// One line of a state after its header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Line {
    Deleted { deleted: String },
    Article(ArticleEntry),
}

/// A 128-bit hash of a record key: what the in-memory structures hold in
/// place of the key (two keys of one run share one with a chance of about
/// 2^-128 per pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHash([u8; 16]);

impl std::hash::Hash for KeyHash {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut low = [0u8; 8];
        low.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(low));
    }
}

pub fn key_hash(key: &str) -> KeyHash {
    let d = Sha256::digest(key.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    KeyHash(b)
}

/// The first 16 bytes of a hex SHA-256 (a content hash), as bytes.
fn digest_prefix(hex: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    let bytes = hex.as_bytes();
    for (i, o) in out.iter_mut().enumerate() {
        let nib = |k: usize| {
            bytes
                .get(k)
                .and_then(|c| (*c as char).to_digit(16))
                .unwrap_or(0) as u8
        };
        *o = (nib(2 * i) << 4) | nib(2 * i + 1);
    }
    // A string that is not hex (never made here) still compares by value.
    if bytes.len() != 64 || !bytes.iter().all(u8::is_ascii_hexdigit) {
        let d = Sha256::digest(bytes);
        out.copy_from_slice(&d[..16]);
    }
    out
}

/// Key hashes are uniform already: the map uses their low bits as they are.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only [`KeyHash`]es are hashed (with `write_u64`); anything else
        // is folded in.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type KeyMap<V> = HashMap<KeyHash, V, BuildHasherDefault<KeyHasher>>;

/// What the run keeps in memory per key of the file being read.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The latest occurrence's content hash (first 16 bytes).
    content: [u8; 16],
    /// The index of the first occurrence (for the manifest's `repeated`).
    first: usize,
    /// The index of the occurrence whose line stands.
    latest: usize,
    /// An article of this key stands (not deleted after it).
    alive: bool,
    /// The file deletes this key (its deletion line is written).
    deleted: bool,
}

/// What the repeated-key check says of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The first of its key (or the first after a deletion of it).
    New,
    /// The same key and content as the previous occurrence, whose index
    /// is `first`'s: nothing to do.
    Identical { first: usize },
    /// The same key, other content: this one is current.
    Revised { first: usize },
}

/// The keys of the file being read, each as a hash and a few numbers.
#[derive(Default)]
pub struct Index {
    slots: KeyMap<Slot>,
    /// Some line in the spool was replaced by a later one.
    replaced: bool,
}

impl Index {
    /// Notes an article of `key` at `index` with `content` (hex SHA-256).
    pub fn article(&mut self, key: &str, index: usize, content: &str) -> Seen {
        let content = digest_prefix(content);
        let slot = self.slots.entry(key_hash(key)).or_insert(Slot {
            content,
            first: index,
            latest: index,
            alive: false,
            deleted: false,
        });
        if !slot.alive {
            *slot = Slot {
                content,
                first: index,
                latest: index,
                alive: true,
                deleted: slot.deleted,
            };
            return Seen::New;
        }
        if slot.content == content {
            return Seen::Identical { first: slot.first };
        }
        slot.content = content;
        slot.latest = index;
        self.replaced = true;
        Seen::Revised { first: slot.first }
    }

    /// Notes that the file deletes `key`; false when it did already.
    pub fn delete(&mut self, key: &str) -> bool {
        let slot = self.slots.entry(key_hash(key)).or_insert(Slot {
            content: [0; 16],
            first: 0,
            latest: 0,
            alive: false,
            deleted: false,
        });
        self.replaced |= slot.alive;
        slot.alive = false;
        !std::mem::replace(&mut slot.deleted, true)
    }

    /// Whether a record of `key` stands.
    pub fn holds(&self, key: &str) -> bool {
        self.slots.get(&key_hash(key)).is_some_and(|s| s.alive)
    }

    /// How many keys have a standing record.
    pub fn articles(&self) -> usize {
        self.slots.values().filter(|s| s.alive).count()
    }

    /// Whether the spool line of `a` stands (not replaced by a later one).
    fn stands(&self, a: &ArticleEntry) -> bool {
        self.slots
            .get(&key_hash(&a.key))
            .is_some_and(|s| s.alive && s.latest == a.index)
    }

    /// Bytes of memory per key (the map's entry; the table itself keeps
    /// up to twice as many entries as it holds).
    pub const BYTES_PER_KEY: usize = std::mem::size_of::<(KeyHash, Slot)>();
}

// What a key costs stays small (checked when compiling).
const _: () = assert!(Index::BYTES_PER_KEY <= 56);

/// The counts of a file's standing articles, and its failures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub articles: usize,
    pub ok: usize,
    pub failed: usize,
    pub empty: usize,
    pub warnings: usize,
    pub findings: BTreeMap<String, usize>,
    pub deletes: usize,
    /// Some record was cut short by the time budget.
    pub cut: bool,
    /// `(key, error)` of the failed articles, in file order.
    pub failures: Vec<(String, String)>,
}

impl Tally {
    fn add(&mut self, line: &Line) {
        let a = match line {
            Line::Deleted { .. } => {
                self.deletes += 1;
                return;
            }
            Line::Article(a) => a,
        };
        self.articles += 1;
        if a.failed() {
            self.failed += 1;
            self.failures
                .push((a.key.clone(), a.error.clone().unwrap_or_default()));
        } else {
            self.ok += 1;
        }
        self.empty += usize::from(a.empty);
        self.warnings += a.warnings;
        self.cut |= a.cut;
        for (f, n) in &a.findings {
            *self.findings.entry(f.clone()).or_default() += n;
        }
    }
}

/// Where the lines go while a file is read: a temporary file, or memory
/// when no temporary file can be written (then the state costs what it
/// did before it was streamed, and the run goes on).
pub struct Spool {
    /// Where the file is made with the first line (None: the temporary
    /// folder).
    dir: Option<PathBuf>,
    started: bool,
    file: Option<BufWriter<File>>,
    /// Bytes of whole lines given to the file.
    good: u64,
    memory: Vec<u8>,
    line: Vec<u8>,
    /// Lines were lost (a write failed and they could not be read back).
    lost: bool,
}

impl Spool {
    /// A spool in `dir` (created with the first line), or an unnamed
    /// temporary file elsewhere when `dir` is None.
    pub fn new(dir: Option<&Path>) -> Spool {
        Spool {
            dir: dir.map(Path::to_path_buf),
            started: false,
            file: None,
            good: 0,
            memory: Vec::new(),
            line: Vec::new(),
            lost: false,
        }
    }

    pub fn push(&mut self, line: &Line) {
        if !self.started {
            self.started = true;
            // Unnamed: a run killed midway leaves nothing behind.
            let file = match &self.dir {
                Some(d) => fs::create_dir_all(d).and_then(|_| tempfile::tempfile_in(d)),
                None => tempfile::tempfile(),
            };
            self.file = file.ok().map(|f| BufWriter::with_capacity(1 << 16, f));
        }
        self.line.clear();
        serde_json::to_writer(&mut self.line, line).expect("a state line serializes");
        self.line.push(b'\n');
        if let Some(f) = &mut self.file {
            match f.write_all(&self.line) {
                Ok(()) => {
                    self.good += self.line.len() as u64;
                    return;
                }
                Err(_) => self.spill_to_memory(),
            }
        }
        self.memory.extend_from_slice(&self.line);
    }

    /// A write failed (a full disk): what the file holds moves to memory.
    fn spill_to_memory(&mut self) {
        let Some(f) = self.file.take() else {
            return;
        };
        // What reached the file, then what the buffer kept back; a line
        // written in part is cut off.
        let (mut file, unwritten) = f.into_parts();
        let mut back = Vec::new();
        let read = file
            .seek(SeekFrom::Start(0))
            .and_then(|_| file.read_to_end(&mut back));
        back.extend(unwritten.unwrap_or_default());
        back.truncate(self.good as usize);
        self.lost = read.is_err() || back.len() as u64 != self.good;
        back.append(&mut self.memory);
        self.memory = back;
        self.good = 0;
    }

    /// Whether every line pushed can be read back.
    fn whole(&self) -> bool {
        !self.lost
    }

    /// Reads the spool back from its start.
    fn into_reader(mut self) -> io::Result<Box<dyn BufRead>> {
        let memory = std::mem::take(&mut self.memory);
        match self.file.take() {
            Some(f) => {
                let mut file = f.into_inner().map_err(|e| e.into_error())?;
                file.seek(SeekFrom::Start(0))?;
                let file = BufReader::with_capacity(1 << 16, file.take(self.good));
                Ok(Box::new(file.chain(io::Cursor::new(memory))))
            }
            None => Ok(Box::new(io::Cursor::new(memory))),
        }
    }
}

/// Reads a spool back, keeps the lines that stand, counts them and (with
/// `out`) writes them as the state of `header.input`, atomically. When the
/// state cannot be written whole, the previous one is removed too, so that
/// the next run reads the file again rather than trust a stale state; the
/// counts are of the lines that could be read.
pub fn finish(spool: Spool, index: &Index, header: &Header, out: Option<&Path>) -> Tally {
    let mut tally = Tally::default();
    let path = out.map(|o| o.join(paths::state_rel(&header.input)));
    let mut writer = path.as_deref().map(|p| StateWriter::new(p, header));
    let mut whole = spool.whole();
    match spool.into_reader() {
        Ok(reader) => {
            for line in lines(reader) {
                let Ok(line) = line else {
                    whole = false;
                    break;
                };
                if let Line::Article(a) = &line {
                    if index.replaced && !index.stands(a) {
                        continue;
                    }
                }
                tally.add(&line);
                if let Some(Ok(w)) = &mut writer {
                    if let Err(e) = w.push(&line) {
                        writer = Some(Err(e));
                    }
                }
            }
        }
        Err(_) => whole = false,
    }
    let saved = match writer {
        Some(Ok(w)) if whole => w.commit().is_ok(),
        _ => false,
    };
    if let (Some(p), false) = (&path, saved) {
        let _ = fs::remove_file(p);
    }
    tally
}

/// A state being written: a temporary file renamed over the state at the
/// end.
struct StateWriter {
    tmp: BufWriter<tempfile::NamedTempFile>,
    path: PathBuf,
    line: Vec<u8>,
}

impl StateWriter {
    fn new(path: &Path, header: &Header) -> io::Result<StateWriter> {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let tmp = tempfile::Builder::new()
            .prefix(super::TEMP_PREFIX)
            .tempfile_in(dir)?;
        let mut w = StateWriter {
            tmp: BufWriter::with_capacity(1 << 16, tmp),
            path: path.to_path_buf(),
            line: Vec::new(),
        };
        serde_json::to_writer(&mut w.tmp, header).map_err(io::Error::other)?;
        w.tmp.write_all(b"\n")?;
        Ok(w)
    }

    fn push(&mut self, line: &Line) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, line).map_err(io::Error::other)?;
        self.line.push(b'\n');
        self.tmp.write_all(&self.line)
    }

    fn commit(self) -> io::Result<()> {
        let tmp = self.tmp.into_inner().map_err(|e| e.into_error())?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        // The state of an earlier version, if any, is replaced.
        if let Some(dir) = self.path.parent() {
            let _ = fs::remove_file(dir.join(LEGACY_STATE_FILE));
        }
        Ok(())
    }
}

/// The lines of a state (after its header) or a spool.
fn lines(reader: Box<dyn BufRead>) -> impl Iterator<Item = io::Result<Line>> {
    reader.lines().map(|l| {
        let l = l?;
        serde_json::from_str(&l).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    })
}

/// A state on disk, read as a stream.
pub struct StateFile {
    pub header: Header,
    lines: Box<dyn Iterator<Item = io::Result<Line>>>,
}

impl StateFile {
    /// The state of `input_rel` under `out`; None when there is none, or
    /// it cannot be read, or it is of another schema (every article is
    /// then extracted again: nothing is lost).
    pub fn open(out: &Path, input_rel: &str) -> Option<StateFile> {
        let f = File::open(out.join(paths::state_rel(input_rel))).ok()?;
        let mut reader = BufReader::with_capacity(1 << 16, f);
        let mut first = String::new();
        // The header is short: a first line that is not (an old state,
        // one object) is not read whole.
        (&mut reader).take(64 * 1024).read_line(&mut first).ok()?;
        let header: Header = serde_json::from_str(&first).ok()?;
        (header.schema == STATE_SCHEMA).then_some(StateFile {
            header,
            lines: Box::new(lines(Box::new(reader))),
        })
    }
}

impl Iterator for StateFile {
    type Item = Line;

    /// The next line; a line that cannot be read ends the state (it was
    /// written whole and renamed, so only a damaged disk gives one).
    fn next(&mut self) -> Option<Line> {
        self.lines.next()?.ok()
    }
}

/// The previous run's state of a file, walked alongside the file's
/// articles (both in file order): the entry of the article at an index is
/// found without holding the state in memory.
pub struct Previous {
    pub header: Header,
    lines: StateFile,
    pending: Option<ArticleEntry>,
}

impl Previous {
    pub fn new(state: StateFile) -> Previous {
        Previous {
            header: state.header.clone(),
            lines: state,
            pending: None,
        }
    }

    /// The previous entry of the article at `index` if it had `key`.
    /// Called with increasing indexes; an article the file moved is
    /// simply not found (and is extracted again).
    pub fn at(&mut self, index: usize, key: &str) -> Option<ArticleEntry> {
        loop {
            let a = match self.pending.take() {
                Some(a) => a,
                None => match self.lines.next()? {
                    Line::Article(a) => a,
                    Line::Deleted { .. } => continue,
                },
            };
            if a.index < index {
                continue;
            }
            if a.index == index && a.key == key {
                return Some(a);
            }
            if a.index > index {
                // A later article's, perhaps.
                self.pending = Some(a);
            }
            return None;
        }
    }
}

/// The path of an earlier version's state in a record folder.
pub fn legacy_state_rel(input_rel: &str) -> String {
    format!("{}/{LEGACY_STATE_FILE}", paths::articles_dir(input_rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, index: usize, content: &str, status: &str) -> ArticleEntry {
        ArticleEntry {
            key: key.into(),
            index,
            content: content.into(),
            status: status.into(),
            ..ArticleEntry::default()
        }
    }

    fn hex(n: u8) -> String {
        format!("{n:02x}").repeat(32)
    }

    #[test]
    fn repeats_deletions_and_what_stands() {
        let mut ix = Index::default();
        assert_eq!(ix.article("pmid-1", 0, &hex(1)), Seen::New);
        assert_eq!(ix.article("pmid-2", 1, &hex(2)), Seen::New);
        assert_eq!(
            ix.article("pmid-1", 2, &hex(1)),
            Seen::Identical { first: 0 }
        );
        assert!(!ix.replaced, "an exact repeat writes no line");
        assert_eq!(ix.article("pmid-2", 3, &hex(9)), Seen::Revised { first: 1 });
        assert!(ix.replaced);
        assert!(ix.delete("pmid-1") && !ix.delete("pmid-1"), "once");
        assert!(!ix.holds("pmid-1") && ix.holds("pmid-2"));
        assert_eq!(
            ix.article("pmid-1", 4, &hex(1)),
            Seen::New,
            "after its deletion"
        );
        assert!(ix.holds("pmid-1"));
        assert_eq!(ix.articles(), 2);
        assert!(!ix.stands(&entry("pmid-2", 1, "", "ok")), "revised later");
        assert!(ix.stands(&entry("pmid-2", 3, "", "ok")));
        assert!(
            !ix.stands(&entry("pmid-1", 0, "", "ok")),
            "deleted after it"
        );
        assert!(ix.stands(&entry("pmid-1", 4, "", "ok")));
    }

    #[test]
    fn a_spool_becomes_the_state_with_only_what_stands() {
        let dir = tempfile::tempdir().unwrap();
        let header = Header {
            schema: STATE_SCHEMA.into(),
            input: "x.xml".into(),
            extractors: "k".into(),
            options: "o".into(),
        };
        let mut ix = Index::default();
        let mut spool = Spool::new(Some(&dir.path().join("x.xml")));
        let mut put = |ix: &mut Index, e: ArticleEntry| {
            if !matches!(
                ix.article(&e.key, e.index, &e.content.clone()),
                Seen::Identical { .. }
            ) {
                spool.push(&Line::Article(e));
            }
        };
        put(&mut ix, entry("pmid-1", 0, &hex(1), "ok"));
        put(&mut ix, entry("pmid-2", 1, &hex(2), "failed"));
        put(&mut ix, entry("pmid-2", 2, &hex(3), "ok"));
        assert!(ix.delete("pmid-4"));
        spool.push(&Line::Deleted {
            deleted: "pmid-4".into(),
        });
        let tally = finish(spool, &ix, &header, Some(dir.path()));
        assert_eq!((tally.articles, tally.ok, tally.failed), (2, 2, 0));
        assert_eq!(tally.deletes, 1);
        let state = StateFile::open(dir.path(), "x.xml").unwrap();
        assert_eq!(state.header, header);
        let got: Vec<Line> = state.collect();
        assert_eq!(
            got,
            vec![
                Line::Article(entry("pmid-1", 0, &hex(1), "ok")),
                Line::Article(entry("pmid-2", 2, &hex(3), "ok")),
                Line::Deleted {
                    deleted: "pmid-4".into()
                },
            ]
        );
        let names: Vec<_> = fs::read_dir(dir.path().join("x.xml"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [paths::STATE_FILE], "no temporary file is left");
        // Walked alongside the file: found at its index with its key only.
        let mut prev = Previous::new(StateFile::open(dir.path(), "x.xml").unwrap());
        assert_eq!(prev.at(0, "pmid-1").map(|a| a.index), Some(0));
        assert_eq!(prev.at(1, "pmid-2"), None, "moved");
        assert_eq!(prev.at(2, "pmid-3"), None, "another key there");
        assert_eq!(prev.at(3, "pmid-2"), None, "passed");
    }

    #[test]
    fn a_spool_without_a_file_keeps_its_lines_in_memory() {
        let mut spool = Spool::new(Some(Path::new("/proc/no-such-folder/x")));
        let mut ix = Index::default();
        ix.article("pmid-1", 0, &hex(1));
        spool.push(&Line::Article(entry("pmid-1", 0, &hex(1), "failed")));
        assert!(spool.file.is_none() && spool.whole());
        let header = Header::default();
        let tally = finish(spool, &ix, &header, None);
        assert_eq!(tally.failures, vec![("pmid-1".to_string(), String::new())]);
    }

    #[test]
    fn an_old_state_or_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(StateFile::open(dir.path(), "x.nbib").is_none());
        fs::create_dir_all(dir.path().join("x.nbib")).unwrap();
        fs::write(
            dir.path().join("x.nbib").join(paths::STATE_FILE),
            br#"{"schema":"litextract.articles/1","input":"x.nbib","articles":{}}"#,
        )
        .unwrap();
        assert!(StateFile::open(dir.path(), "x.nbib").is_none());
    }
}
