//! Shard runs into one output folder: N workers (`--shard I/N`, a Slurm
//! array, a Kubernetes Indexed Job) write into one folder on a shared file
//! system at once, and a later plain run, `litextract manifest`, or the
//! last shard to finish turns their parts into one `manifest.json`.
//!
//! ```text
//! DIR/manifest.json                   the merged state (plain runs, merges)
//! DIR/.litextract.lock                plain run: exclusive; shard runs: shared
//! DIR/.shards/2-of-3.lock             shard 2 of 3: exclusive (one run per shard)
//! DIR/.shards/manifest-2-of-3.json    shard 2's manifest part
//! ```
//!
//! Why this is safe: every input belongs to exactly one shard (see
//! [`crate::ingest::shard`]), so two shards never write the same record,
//! and a shard's reuse state, checkpoints and removal of the records of
//! vanished inputs consider only its own inputs: its previous state is
//! `manifest.json` and its own part, both cut down to its share. A shard
//! never sweeps temporary files (another shard's may be in flight); the
//! exclusive holders do. Shard runs never write `manifest.json`; every run
//! that holds the lock exclusively first merges the parts into it and
//! removes them, so while parts exist they are newer than `manifest.json`.
//!
//! A part says whether its run finished (`complete`). A complete part is
//! its shard's whole truth: merging it drops what `manifest.json` said of
//! that shard's inputs. A checkpoint left by a killed run only adds to it,
//! so that the shard's rerun still sees, and removes, the records of
//! inputs that vanished. Parts of another shard count are refused while
//! they wait to be merged: one round of shards uses one N.

use super::manifest::{self, Counts, Manifest, ShardPart, MANIFEST_SCHEMA};
use super::{sweep_temp_files, LockError, OutputLock, MERGING};
use crate::ingest::shard::{shard_of, Shard};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder of shard locks and manifest parts, under the output folder.
pub const DIR: &str = ".shards";

/// `DIR/.shards/manifest-2-of-3.json`.
pub fn part_path(out: &Path, shard: &Shard) -> PathBuf {
    out.join(DIR).join(format!("manifest-{}.json", shard.tag()))
}

fn lock_path(out: &Path, shard: &Shard) -> PathBuf {
    out.join(DIR).join(format!("{}.lock", shard.tag()))
}

/// `(index, count, is_part)` from a file name in `.shards`.
fn parse_name(name: &str) -> Option<(u32, u32, bool)> {
    let (tag, part) = match name.strip_prefix("manifest-") {
        Some(rest) => (rest.strip_suffix(".json")?, true),
        None => (name.strip_suffix(".lock")?, false),
    };
    let (i, n) = tag.split_once("-of-")?;
    Some((i.parse().ok()?, n.parse().ok()?, part))
}

/// The files in `.shards`, parsed.
fn listing(out: &Path) -> Vec<(PathBuf, u32, u32, bool)> {
    let Ok(dir) = fs::read_dir(out.join(DIR)) else {
        return Vec::new();
    };
    let mut v: Vec<_> = dir
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            parse_name(&name).map(|(i, n, part)| (e.path(), i, n, part))
        })
        .collect();
    v.sort();
    v
}

/// The notes of the shard lock files present (`2/3: pid 12 on node7`),
/// for the message of a plain run that finds the folder locked.
pub(super) fn running(out: &Path) -> Vec<String> {
    listing(out)
        .into_iter()
        .filter(|(_, _, _, part)| !part)
        .map(|(p, i, n, _)| {
            let note = fs::read_to_string(&p).unwrap_or_default();
            format!("{i}/{n}: {}", note.trim())
        })
        .collect()
}

/// The locks a shard run holds: the output folder's, shared, and its own
/// shard's, exclusive.
#[derive(Debug)]
pub struct ShardLock {
    main: OutputLock,
    _own: File,
}

/// Locks the output folder for one shard run.
pub fn acquire(out: &Path, shard: &Shard) -> Result<ShardLock, LockError> {
    let main = OutputLock::acquire_shared(out)?;
    let other: BTreeSet<u32> = listing(out)
        .into_iter()
        .map(|(_, _, n, _)| n)
        .filter(|n| *n != shard.count)
        .collect();
    if let Some(n) = other.first() {
        return Err(LockError::Shards(format!(
            "{} holds the state of shard runs with {n} shards, not {}: \
             run `litextract manifest --out {}` once they have finished to merge it, \
             then start the {} shards (one round of shards uses one count)",
            out.join(DIR).display(),
            shard.count,
            out.display(),
            shard.count
        )));
    }
    let path = lock_path(out, shard);
    let io_err = |reason| LockError::Io {
        path: path.display().to_string(),
        reason,
    };
    fs::create_dir_all(out.join(DIR)).map_err(io_err)?;
    let mut own = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_err)?;
    match own.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let note = fs::read_to_string(&path).unwrap_or_default();
            return Err(LockError::Shards(format!(
                "shard {}/{} is already running on {} ({}); one run per shard",
                shard.index,
                shard.count,
                out.display(),
                note.trim()
            )));
        }
        Err(fs::TryLockError::Error(e)) => return Err(io_err(e)),
    }
    let _ = own.set_len(0);
    let _ = write!(
        own,
        "pid {} on {}, {}",
        std::process::id(),
        super::host(),
        shard.source
    );
    Ok(ShardLock { main, _own: own })
}

/// The previous state of one shard: `manifest.json` with the shard's own
/// part merged in, cut down to the shard's inputs.
pub fn previous(out: &Path, shard: &Shard) -> Manifest {
    let mut m = Manifest::load(out).unwrap_or_default();
    if let Some(part) = Manifest::load_file(&part_path(out, shard)) {
        if part.shard.as_ref().is_some_and(|s| s.count == shard.count) {
            overlay(&mut m, part);
        }
    }
    m.documents.retain(|rel, _| shard.contains(rel));
    m.skipped.retain(|s| shard.contains(&s.path));
    m
}

/// Merges one part into `base` (see the module docs).
fn overlay(base: &mut Manifest, part: Manifest) {
    let Some(s) = part.shard.clone() else {
        return;
    };
    if s.complete {
        let mine = |rel: &str| shard_of(rel, s.count) == s.index;
        base.documents.retain(|rel, _| !mine(rel));
        base.skipped.retain(|k| !mine(&k.path));
    }
    base.documents.extend(part.documents);
    let skipped: BTreeSet<String> = part.skipped.iter().map(|k| k.path.clone()).collect();
    base.skipped.retain(|k| !skipped.contains(&k.path));
    base.skipped.extend(part.skipped);
    for p in part.problems {
        if !base.problems.contains(&p) {
            base.problems.push(p);
        }
    }
    for i in part.inputs {
        if !base.inputs.contains(&i) {
            base.inputs.push(i);
        }
    }
    base.removed.extend(part.removed);
    base.files_from = base.files_from.take().or(part.files_from);
    let c = &mut base.counts;
    c.unchanged += part.counts.unchanged;
    c.written += part.counts.written;
    c.removed_articles += part.counts.removed_articles;
    base.started = if base.started == 0 {
        part.started
    } else {
        base.started.min(part.started)
    };
    base.finished = base.finished.max(part.finished);
    base.merged.push(s);
}

/// What a merge of shard parts found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The shard count of the parts (the largest, if they disagree).
    pub count: u32,
    /// The parts merged, by 1-based index.
    pub parts: Vec<u32>,
    /// Shards whose last merged run did not finish (killed): rerun them.
    pub incomplete: Vec<u32>,
    /// Shards of the count that no merge has seen a run of (not run yet):
    /// their records are as the last plain run left them.
    pub missing: Vec<u32>,
    /// Records in the merged manifest.
    pub documents: usize,
}

impl Merged {
    /// Which shards of the count `m` (a merged manifest) holds no finished
    /// run of.
    fn note_shards(&mut self, m: &Manifest) {
        self.incomplete = m
            .merged
            .iter()
            .filter(|s| !s.complete)
            .map(|s| s.index)
            .collect();
        self.missing = (1..=self.count)
            .filter(|i| !m.merged.iter().any(|s| s.index == *i))
            .collect();
    }
}

/// Under the exclusive lock: merges the shard parts into `manifest.json`
/// and removes them and the shard lock files. Without parts, what the
/// last merge held (None when `manifest.json` is a plain run's).
/// `header` gives the tool, version and extractor key of the merged file.
pub fn consolidate(out: &Path, header: &Manifest) -> io::Result<Option<Merged>> {
    let files = listing(out);
    let mut parts: Vec<Manifest> = files
        .iter()
        .filter(|(_, _, _, part)| *part)
        .filter_map(|(p, ..)| Manifest::load_file(p))
        .filter(|m| m.shard.is_some())
        .collect();
    if parts.is_empty() {
        // Lock files of shard runs that never wrote a part: nothing to
        // merge, nothing to keep.
        remove_all(out, &files)?;
        // Nothing new, but what the last merge held still counts: a shard
        // it saw killed has still to be rerun.
        return Ok(Manifest::load(out)
            .filter(|m| !m.merged.is_empty())
            .map(|m| {
                let count = m.merged.iter().map(|s| s.count).max().unwrap_or(1);
                let mut merged = Merged {
                    count,
                    documents: m.counts.documents,
                    ..Merged::default()
                };
                merged.note_shards(&m);
                merged
            }));
    }
    // Oldest first, so that a later round's part wins.
    parts.sort_by_key(|m| {
        let s = m.shard.as_ref().expect("filtered");
        (m.started, s.index)
    });
    let mut merged = Merged {
        count: parts
            .iter()
            .filter_map(|p| p.shard.as_ref().map(|s| s.count))
            .max()
            .unwrap_or(1),
        ..Merged::default()
    };
    let base = Manifest::load(out);
    let fresh = base.is_none();
    let mut m = base.unwrap_or_else(|| header.clone());
    // The per-run counts, removals, problems and inputs of the merged file
    // are this merge's: every shard walks all inputs, so each part lists
    // every unreadable path and every root.
    m.counts = Counts::default();
    m.removed.clear();
    // Which shards `manifest.json` holds stays known across merges (a
    // killed shard rerun alone after `litextract manifest` merged the
    // others), as long as the count is the same.
    let newer: BTreeSet<u32> = parts
        .iter()
        .filter_map(|p| p.shard.as_ref().map(|s| s.index))
        .collect();
    m.merged
        .retain(|s| s.count == merged.count && !newer.contains(&s.index));
    m.problems.clear();
    m.inputs.clear();
    m.files_from = None;
    if !fresh {
        m.started = 0;
    }
    for p in parts {
        let s = p.shard.as_ref().expect("filtered");
        merged.parts.push(s.index);
        overlay(&mut m, p);
    }
    m.merged.sort_by_key(|s| s.index);
    merged.parts.sort_unstable();
    merged.note_shards(&m);
    m.schema = MANIFEST_SCHEMA.into();
    m.tool.clone_from(&header.tool);
    m.version.clone_from(&header.version);
    m.extractors.clone_from(&header.extractors);
    m.shard = None;
    let mut counts = Counts::default();
    for e in m.documents.values() {
        counts.add_entry(e);
    }
    counts.unchanged = m.counts.unchanged;
    counts.written = m.counts.written;
    counts.removed_articles = m.counts.removed_articles;
    counts.skipped = m.skipped.len();
    counts.removed = m.removed.len();
    m.counts = counts;
    merged.documents = m.counts.documents;
    m.save(&out.join(manifest::FILE))?;
    // Only now: a merge killed before this point is simply done again.
    remove_all(out, &files)?;
    Ok(Some(merged))
}

fn remove_all(out: &Path, files: &[(PathBuf, u32, u32, bool)]) -> io::Result<()> {
    for (p, ..) in files {
        match fs::remove_file(p) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let _ = fs::remove_dir(out.join(DIR));
    Ok(())
}

/// A finished shard run: gives up its shared lock and, when it can take
/// the folder's lock exclusively (no other shard still runs) and every
/// shard of its count has a complete part, merges them. None when it did
/// not merge.
pub fn finish(out: &Path, lock: ShardLock, shard: &Shard, header: &Manifest) -> Option<Merged> {
    let ShardLock { main, _own } = lock;
    drop(main);
    let exclusive = OutputLock::acquire(out).ok()?;
    // A shard is done when its part says it finished or, without a part,
    // when `manifest.json` holds its finished run (an earlier merge).
    let earlier = Manifest::load(out).map(|m| m.merged).unwrap_or_default();
    let done = |i: u32| {
        let part = out
            .join(DIR)
            .join(format!("manifest-{i}-of-{}.json", shard.count));
        let finished = |s: &ShardPart| s.complete && s.count == shard.count;
        if part.exists() {
            Manifest::load_file(&part)
                .and_then(|m| m.shard)
                .is_some_and(|s| finished(&s))
        } else {
            earlier.iter().any(|s| s.index == i && finished(s))
        }
    };
    if !(1..=shard.count).all(done) {
        return None;
    }
    exclusive.note(MERGING);
    sweep_temp_files(out);
    let merged = consolidate(out, header).ok().flatten();
    exclusive.note("");
    drop(_own);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::atomic_write;
    use crate::output::manifest::Entry;

    fn entry(status: &str) -> Entry {
        Entry {
            status: status.into(),
            ..Entry::default()
        }
    }

    fn part(index: u32, count: u32, complete: bool, rels: &[&str]) -> Manifest {
        let mut m = Manifest {
            schema: MANIFEST_SCHEMA.into(),
            shard: Some(ShardPart {
                index,
                count,
                source: "test".into(),
                complete,
                started: 1,
                finished: 2,
            }),
            ..Manifest::default()
        };
        for r in rels {
            m.documents.insert(r.to_string(), entry("ok"));
        }
        m
    }

    /// Relative paths that fall in each of 2 shards.
    fn rels_by_shard() -> (Vec<String>, Vec<String>) {
        let all: Vec<String> = (0..20).map(|i| format!("f{i}.txt")).collect();
        all.into_iter().partition(|r| shard_of(r, 2) == 1)
    }

    #[test]
    fn a_complete_part_replaces_its_shard_and_a_checkpoint_only_adds() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (one, two) = rels_by_shard();
        // The previous manifest knows every input.
        let mut base = Manifest {
            schema: MANIFEST_SCHEMA.into(),
            ..Manifest::default()
        };
        for r in one.iter().chain(&two) {
            base.documents.insert(r.clone(), entry("failed"));
        }
        atomic_write(&out.join(manifest::FILE), &base.to_json()).unwrap();
        // Shard 1 finished without its first input (gone); shard 2 was
        // killed after one input.
        let s1: Vec<&str> = one[1..].iter().map(String::as_str).collect();
        let p1 = part(1, 2, true, &s1);
        let p2 = part(2, 2, false, &[two[0].as_str()]);
        fs::create_dir_all(out.join(DIR)).unwrap();
        fs::write(out.join(DIR).join("manifest-1-of-2.json"), p1.to_json()).unwrap();
        fs::write(out.join(DIR).join("manifest-2-of-2.json"), p2.to_json()).unwrap();
        fs::write(out.join(DIR).join("2-of-2.lock"), b"pid 1").unwrap();

        let merged = consolidate(out, &base).unwrap().unwrap();
        assert_eq!(merged.parts, [1, 2]);
        assert_eq!(merged.incomplete, [2]);
        let m = Manifest::load(out).unwrap();
        assert!(
            !m.documents.contains_key(&one[0]),
            "gone with shard 1's part"
        );
        assert!(one[1..].iter().all(|r| m.documents[r].status == "ok"));
        assert_eq!(m.documents[&two[0]].status, "ok", "the checkpoint's entry");
        assert!(
            two[1..].iter().all(|r| m.documents[r].status == "failed"),
            "a killed shard's other entries stay for its rerun"
        );
        assert_eq!(m.counts.documents, m.documents.len());
        assert_eq!(m.merged.len(), 2);
        assert!(!out.join(DIR).exists(), "parts and locks removed");
        // Nothing left to merge, but shard 2 is still to be rerun.
        let again = consolidate(out, &base).unwrap().unwrap();
        assert!(again.parts.is_empty());
        assert_eq!((again.incomplete, again.missing), (vec![2], vec![]));
        // After a plain run (no `merged`), nothing at all.
        let mut plain = Manifest::load(out).unwrap();
        plain.merged.clear();
        atomic_write(&out.join(manifest::FILE), &plain.to_json()).unwrap();
        assert_eq!(consolidate(out, &base).unwrap(), None);
    }

    #[test]
    fn a_shard_sees_only_its_share_of_the_previous_state() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let (one, two) = rels_by_shard();
        let mut base = Manifest {
            schema: MANIFEST_SCHEMA.into(),
            ..Manifest::default()
        };
        for r in one.iter().chain(&two) {
            base.documents.insert(r.clone(), entry("ok"));
        }
        atomic_write(&out.join(manifest::FILE), &base.to_json()).unwrap();
        let shard = Shard {
            index: 2,
            count: 2,
            source: "test".into(),
        };
        let prev = previous(out, &shard);
        let keys: Vec<&String> = prev.documents.keys().collect();
        let mut want: Vec<&String> = two.iter().collect();
        want.sort();
        assert_eq!(keys, want);
    }

    #[test]
    fn shards_of_another_count_are_refused_and_one_run_per_shard() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let s = |index, count| Shard {
            index,
            count,
            source: "test".into(),
        };
        let held = acquire(out, &s(1, 3)).unwrap();
        let again = acquire(out, &s(1, 3)).unwrap_err().to_string();
        assert!(again.contains("already running"), "{again}");
        let other = acquire(out, &s(1, 2)).unwrap_err().to_string();
        assert!(other.contains("with 3 shards"), "{other}");
        let _second = acquire(out, &s(2, 3)).unwrap();
        // A plain run is refused while shards run, and says who they are.
        let plain = OutputLock::acquire(out).unwrap_err().to_string();
        assert!(plain.contains("shard runs: 1/3: pid"), "{plain}");
        drop(held);
    }
}
