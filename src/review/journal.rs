//! The decisions journal: `DIR/.review/decisions.jsonl`, append-only, one
//! decision per line.
//!
//! A decision is never rewritten or deleted; a later decision by the same
//! reviewer on the same value supersedes an earlier one, and a `retract`
//! withdraws it. That makes the journal an audit trail (who said what,
//! when, about which evidence) and makes a crash harmless: every append is
//! one `write` of a whole line followed by `fsync`, under an OS file lock so
//! that two servers (two reviewers on one shared folder) interleave whole
//! lines only. A line torn by a crash or a full disk is the only thing that
//! can be lost, and only if it was never acknowledged; on read it is
//! skipped with a warning, and the next append starts on a fresh line so
//! the torn bytes never glue onto a good decision.

use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The journal's folder inside the output folder. It is hidden, so
/// `extract` neither reads it as input nor lists it as a record, and the
/// temp-file sweep and the removal of vanished inputs never touch it.
pub const DIR: &str = ".review";
/// The journal's file name inside [`DIR`].
pub const FILE: &str = "decisions.jsonl";
/// Tag of every journal line, bumped if a line's meaning ever changes.
pub const SCHEMA: &str = "litextract.decision/1";

/// What a reviewer said about a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The extracted value is right.
    Accept,
    /// The extracted value is wrong (not a value of this field, or not
    /// this study's).
    Reject,
    /// The evidence holds a value of this field, but not the one extracted;
    /// `corrected` says which.
    Correct,
    /// A value the extractor missed, on text the reviewer selected.
    Add,
    /// A note only; it does not judge the value.
    Note,
    /// Withdraws this reviewer's earlier decisions on the value.
    Retract,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::Correct => "correct",
            Action::Add => "add",
            Action::Note => "note",
            Action::Retract => "retract",
        }
    }

    /// Whether the action is a verdict on the value (counts as reviewed).
    pub fn is_verdict(self) -> bool {
        matches!(
            self,
            Action::Accept | Action::Reject | Action::Correct | Action::Add
        )
    }
}

/// The evidence a decision judged, as it was when the reviewer saw it: the
/// identity used to re-attach the decision after a re-extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The finding's id in the record judged (`p_value:1112-1121`); absent
    /// for a value the reviewer added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    pub field: String,
    /// The extracted value as the record gave it; null for an added value.
    #[serde(default)]
    pub value: serde_json::Value,
    /// Exactly `text[start..end]` of the record judged.
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Up to [`CONTEXT_CHARS`] code points of the text before and after
    /// the evidence, to find it again when the text moved.
    pub before: String,
    pub after: String,
    /// SHA-256 of the source file the record was made from.
    pub sha256: String,
}

/// Code points of context kept on each side of the evidence.
pub const CONTEXT_CHARS: usize = 40;

/// One journal line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub schema: String,
    /// Unique id (random), so a later decision can name the one it resolves.
    pub id: String,
    /// RFC 3339 UTC time the server received it.
    pub time: String,
    pub reviewer: String,
    /// The record's key: its path relative to the output folder.
    pub doc: String,
    pub action: Action,
    pub evidence: Evidence,
    /// The right value, as the reviewer typed it (`correct`, `add`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// True when this decision settles a disagreement between reviewers:
    /// it then stands for the value whatever the others said.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub resolution: bool,
}

/// What reading the journal found besides the decisions.
#[derive(Debug, Default, Clone)]
pub struct ReadReport {
    pub decisions: Vec<Decision>,
    /// Lines that could not be read, each said plainly (line number, why).
    pub warnings: Vec<String>,
}

/// The journal of one output folder.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    /// The journal of output folder `out` (nothing is created yet).
    pub fn new(out: &Path) -> Journal {
        Journal {
            path: out.join(DIR).join(FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads every decision; a missing journal is an empty one. Lines that
    /// do not parse are skipped with a warning (the last one as a torn
    /// write, any other as damage), never an error.
    pub fn read(&self) -> io::Result<ReadReport> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(ReadReport::default()),
            Err(e) => return Err(e),
        };
        Ok(parse(&bytes, 0, &self.path))
    }

    /// Reads the decisions appended after byte `offset` (by this or another
    /// process) and returns them with the new end offset. Only whole lines
    /// are consumed, so a line being written right now is read next time.
    pub fn read_from(&self, offset: u64) -> io::Result<(ReadReport, u64)> {
        let mut f = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok((ReadReport::default(), offset))
            }
            Err(e) => return Err(e),
        };
        f.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let report = parse(&bytes[..whole], offset, &self.path);
        Ok((report, offset + whole as u64))
    }

    /// Appends one decision and makes it durable before returning: the
    /// caller acknowledges the decision to the reviewer only after this.
    pub fn append(&self, decision: &Decision) -> io::Result<()> {
        let mut line = serde_json::to_vec(decision).map_err(io::Error::other)?;
        line.push(b'\n');
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let new_file = !self.path.exists();
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&self.path)?;
        // Another process (a second reviewer's server on the same folder)
        // may be appending: whole lines only, one writer at a time.
        f.lock()?;
        let result = (|| {
            let len = f.metadata()?.len();
            if len > 0 {
                // A torn line from a crash: end it, so it stays one bad
                // line instead of corrupting this decision too.
                let mut last = [0u8; 1];
                f.seek(SeekFrom::Start(len - 1))?;
                f.read_exact(&mut last)?;
                if last[0] != b'\n' {
                    f.write_all(b"\n")?;
                }
            }
            f.write_all(&line)?;
            f.sync_data()
        })();
        let _ = f.unlock();
        if new_file && result.is_ok() {
            // A new file's name lives in its folder: make that durable too.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        result
    }
}

/// Parses journal bytes that start at byte `offset` of the file.
fn parse(bytes: &[u8], offset: u64, path: &Path) -> ReadReport {
    let mut report = ReadReport::default();
    let text = String::from_utf8_lossy(bytes);
    let ends_with_newline = bytes.last() == Some(&b'\n');
    let lines: Vec<&str> = text.split('\n').collect();
    // Line numbers are only exact when reading from the start.
    let first_line = if offset == 0 { 1 } else { 0 };
    let n = lines.len();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Decision>(line) {
            Ok(d) if d.schema == SCHEMA => report.decisions.push(d),
            Ok(d) => report.warnings.push(format!(
                "{}: line {} has an unknown schema {:?}; skipped",
                path.display(),
                i + first_line,
                d.schema
            )),
            Err(e) => {
                let torn = i + 1 == n && !ends_with_newline;
                report.warnings.push(if torn {
                    format!(
                        "{}: the last line is incomplete (a write was interrupted); it is ignored",
                        path.display()
                    )
                } else {
                    format!(
                        "{}: line {} cannot be read ({e}); it is ignored",
                        path.display(),
                        i + first_line
                    )
                });
            }
        }
    }
    report
}

/// A new random id: 16 bytes as hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness is a broken machine; fall back to time and pid
        // so ids stay distinct (they are labels, not secrets).
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let seed = t ^ ((std::process::id() as u128) << 64);
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (seed >> ((i % 16) * 8)) as u8;
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// The current time as RFC 3339 UTC with milliseconds.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(reviewer: &str, n: usize) -> Decision {
        Decision {
            schema: SCHEMA.into(),
            id: random_hex(8),
            time: now_rfc3339(),
            reviewer: reviewer.into(),
            doc: "a.txt.json".into(),
            action: Action::Accept,
            evidence: Evidence {
                finding: Some(format!("p_value:{n}-{}", n + 8)),
                field: "p_value".into(),
                value: serde_json::json!({"comparator": "=", "value": 0.03}),
                text: "p = 0.03".into(),
                start: n,
                end: n + 8,
                page: None,
                before: "hazard ratio 0.41; ".into(),
                after: ").".into(),
                sha256: "ab".into(),
            },
            corrected: None,
            note: None,
            resolution: false,
        }
    }

    #[test]
    fn appended_decisions_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        assert!(j.read().unwrap().decisions.is_empty());
        let a = decision("ana", 10);
        let b = decision("ben", 20);
        j.append(&a).unwrap();
        j.append(&b).unwrap();
        let r = j.read().unwrap();
        assert_eq!(r.decisions, vec![a, b]);
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn a_torn_last_line_is_ignored_with_a_warning_and_fenced_off() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        let a = decision("ana", 10);
        j.append(&a).unwrap();
        let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
        f.write_all(br#"{"schema":"litextract.decision/1","id":"x","ti"#)
            .unwrap();
        drop(f);
        let r = j.read().unwrap();
        assert_eq!(r.decisions, vec![a.clone()]);
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].contains("incomplete"), "{:?}", r.warnings);
        // The next decision starts on its own line, so it survives whole.
        let b = decision("ana", 30);
        j.append(&b).unwrap();
        let r = j.read().unwrap();
        assert_eq!(r.decisions, vec![a, b]);
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].contains("line 2"), "{:?}", r.warnings);
    }

    #[test]
    fn read_from_takes_whole_lines_only() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::new(dir.path());
        j.append(&decision("ana", 1)).unwrap();
        let (r, off) = j.read_from(0).unwrap();
        assert_eq!(r.decisions.len(), 1);
        let mut f = OpenOptions::new().append(true).open(j.path()).unwrap();
        f.write_all(b"{\"half").unwrap();
        drop(f);
        let (r2, off2) = j.read_from(off).unwrap();
        assert!(r2.decisions.is_empty() && r2.warnings.is_empty());
        assert_eq!(off2, off);
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let out = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    // One handle per thread, as two server processes would have.
                    let j = Journal::new(&out);
                    for i in 0..25 {
                        j.append(&decision(&format!("r{t}"), i)).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let r = Journal::new(dir.path()).read().unwrap();
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(r.decisions.len(), 100);
        for t in 0..4 {
            let mine: Vec<usize> = r
                .decisions
                .iter()
                .filter(|d| d.reviewer == format!("r{t}"))
                .map(|d| d.evidence.start)
                .collect();
            assert_eq!(mine, (0..25).collect::<Vec<_>>(), "reviewer r{t} in order");
        }
    }
}
