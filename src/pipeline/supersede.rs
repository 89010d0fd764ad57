//! One current record per key across files: PubMed baseline and update
//! files (`pubmed26n0001.xml.gz` … `pubmed26n1300.xml.gz`) revise and
//! delete each other's articles, and a refresh job wants exactly one
//! record per PMID, the version from the file that sorts last, and none
//! for a PMID that a later file deletes (`DeleteCitation`).
//!
//! It applies to the files of formats whose reader says so
//! ([`Reader::replaces_across_files`](crate::ingest::Reader::replaces_across_files)),
//! in input order (the order the inputs were given, each folder walked in
//! sorted order, so `baseline/` before `updatefiles/` and `n0001` before
//! `n1300`). Files of other formats are left alone: two RIS exports that
//! share an article each keep their record.
//!
//! # Where the cross-file state lives
//!
//! Nowhere of its own. Every file's records are written as for any file
//! that holds many articles, and its per-article state beside them
//! (`DIR/<rel>/.litextract-articles.jsonl`) lists its keys and the keys it
//! deletes. After the inputs are read, [`plan`] walks those states from
//! the last file to the first: a key that a later file holds or deletes
//! is superseded in every earlier file, whose record of it is removed and
//! whose manifest entry says which file superseded or deleted it. Since
//! this is worked out again from the states on every run, nothing can go
//! stale: a run killed with `kill -9` anywhere leaves states that a rerun
//! turns into the same output, and an unchanged file is still not parsed.
//!
//! A `--shard` run works this out among its own files only; a plain run
//! over all the inputs after the shards (nothing unchanged is read again)
//! does it across them.
//!
//! When a later file disappears (or changes and no longer holds a key), an
//! earlier file owns the key again but its record was removed: that file
//! is read again ([`Plan::reread`]), and its article-level reuse makes only
//! the missing records.
//!
//! The states are read as streams, one at a time. Memory is the map of
//! key hashes to files, about 40 bytes per distinct key of the
//! participating files (hashbrown keeps up to twice as many slots), plus
//! the lists of superseded and deleted keys that the manifest holds
//! anyway. A folder of update files, or part of the baseline, takes a few
//! MB to tens of MB; the whole baseline (36 million PMIDs) would take
//! about 2 GB, which this does not attempt to shrink yet (a sorted
//! on-disk key index would).

use crate::ingest::Readers;
use crate::output::manifest::{Counts, Findings, Manifest, Many};
use crate::output::paths;
use crate::output::state::{key_hash, ArticleEntry, KeyMap, Line, StateFile};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;

/// Whether the file at `rel`, of `format`, takes part.
pub(super) fn takes_part(readers: &Readers, format: &str, rel: &str) -> bool {
    readers
        .0
        .iter()
        .find(|r| r.format() == format)
        .is_some_and(|r| r.replaces_across_files(file_name(rel)))
}

/// The file name of a rel path (`baseline/pubmed26n0001.xml.gz` →
/// `pubmed26n0001.xml.gz`).
fn file_name(rel: &str) -> &str {
    rel.rsplit(['/', '\\']).next().unwrap_or(rel)
}

/// The participating files in the order in which they replace each other:
/// by file name (NLM numbers the baseline and the update files in one
/// series, `pubmed26n0001` … `pubmed26n1334`, so the order holds however
/// the folders were given), then by rel.
pub(super) fn in_order(mut files: Vec<String>) -> Vec<String> {
    files.sort_by(|a, b| (file_name(a), a).cmp(&(file_name(b), b)));
    files
}

/// What happens to the records of the participating files.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// Per earlier file (by rel): per superseding file, the keys it
    /// revises; and the keys it deletes.
    superseded: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    deleted: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// Files that own a key whose record is missing: read them again.
    pub reread: Vec<String>,
}

/// Who holds a key, from the later files' side.
#[derive(Clone, Copy)]
enum Claim {
    Holds(u32),
    Deletes(u32),
}

/// Works out, from the states of the participating files (`files`, in
/// input order, by rel), which records stand.
pub(super) fn plan(out: &Path, files: &[String]) -> Plan {
    let mut plan = Plan::default();
    let mut claims: KeyMap<Claim> = KeyMap::default();
    for (i, rel) in files.iter().enumerate().rev() {
        let Some(state) = StateFile::open(out, rel) else {
            continue;
        };
        let i = i as u32;
        let mut missing = false;
        for line in state {
            let key = match line {
                Line::Deleted { deleted } => {
                    claims
                        .entry(key_hash(&deleted))
                        .or_insert(Claim::Deletes(i));
                    continue;
                }
                Line::Article(a) => a.key,
            };
            let h = key_hash(&key);
            let (by, j) = match claims.get(&h).copied() {
                Some(Claim::Holds(j)) => (&mut plan.superseded, j),
                // A file that deletes a key and holds it again after (its
                // lines are in file order) holds it.
                Some(Claim::Deletes(j)) if j != i => (&mut plan.deleted, j),
                _ => {
                    missing |= !out.join(paths::article_rel(rel, &key)).is_file();
                    claims.insert(h, Claim::Holds(i));
                    continue;
                }
            };
            by.entry(rel.clone())
                .or_default()
                .entry(files[j as usize].clone())
                .or_default()
                .push(key);
        }
        if missing {
            plan.reread.push(rel.clone());
        }
    }
    plan.reread.reverse();
    plan
}

/// Removes the superseded and deleted records, notes them in the
/// manifest and takes them off the run's counts; returns how many records
/// went. An entry carried over from the previous run (its file unchanged)
/// still has that run's lists and counts: they are undone first, so the
/// counts come out the same however often this runs.
pub(super) fn apply(
    out: &Path,
    plan: &Plan,
    manifest: &mut Manifest,
    counts: &mut Counts,
) -> io::Result<usize> {
    let mut removed = 0;
    for (rel, entry) in manifest.documents.iter_mut() {
        let Some(many) = &mut entry.many else {
            continue;
        };
        let by_superseding = plan.superseded.get(rel);
        let by_deleting = plan.deleted.get(rel);
        let before: Vec<String> = many
            .superseded_by
            .values()
            .chain(many.deleted_by.values())
            .flatten()
            .cloned()
            .collect();
        if by_superseding.is_none() && by_deleting.is_none() && before.is_empty() {
            continue;
        }
        let gone: HashSet<&str> = by_superseding
            .into_iter()
            .chain(by_deleting)
            .flat_map(|m| m.values().flatten())
            .map(String::as_str)
            .collect();
        for key in &gone {
            match fs::remove_file(out.join(paths::article_rel(rel, key))) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        // The file's counts are of the records that stand: those of the
        // previous run's list are given back, this run's taken off, from
        // its state read as a stream.
        let before: HashSet<&str> = before.iter().map(String::as_str).collect();
        let mut delta = Delta::default();
        for line in StateFile::open(out, rel).into_iter().flatten() {
            if let Line::Article(a) = line {
                let key = a.key.as_str();
                let step = i64::from(before.contains(key)) - i64::from(gone.contains(key));
                if step != 0 {
                    delta.add(&a, step);
                }
            }
        }
        delta.apply(many, &mut entry.findings, counts);
        many.superseded_by = by_superseding.cloned().unwrap_or_default();
        many.deleted_by = by_deleting.cloned().unwrap_or_default();
    }
    Ok(removed)
}

/// What the records of some articles add to (or take off) their file's
/// entry and the run's counts.
#[derive(Default)]
struct Delta {
    articles: i64,
    ok: i64,
    failed: i64,
    empty: i64,
    findings: BTreeMap<String, i64>,
}

impl Delta {
    /// Adds article `a`'s counts `times` times (-1: takes them off).
    fn add(&mut self, a: &ArticleEntry, times: i64) {
        self.articles += times;
        if a.failed() {
            self.failed += times;
        } else {
            self.ok += times;
        }
        self.empty += times * i64::from(a.empty);
        for (f, n) in &a.findings {
            *self.findings.entry(f.clone()).or_default() += times * (*n as i64);
        }
    }

    fn apply(&self, many: &mut Many, findings: &mut Findings, counts: &mut Counts) {
        let step = |n: &mut usize, by: i64| {
            *n = if by >= 0 {
                n.saturating_add(by as usize)
            } else {
                n.saturating_sub(by.unsigned_abs() as usize)
            }
        };
        for (n, by) in [
            (&mut many.articles, self.articles),
            (&mut counts.documents, self.articles),
            (&mut many.ok, self.ok),
            (&mut counts.ok, self.ok),
            (&mut many.failed, self.failed),
            (&mut counts.failed, self.failed),
            (&mut many.empty, self.empty),
            (&mut counts.empty, self.empty),
        ] {
            step(n, by);
        }
        for (f, by) in &self.findings {
            step(findings.entry(f), *by);
            step(counts.findings.entry(f.clone()).or_default(), *by);
        }
    }
}

/// The failures of superseded or deleted articles are no longer the run's.
pub(super) fn drop_failures(plan: &Plan, failures: &mut Vec<(String, String)>) {
    failures.retain(|(path, _)| {
        let Some((rel, key)) = path.split_once('#') else {
            return true;
        };
        let gone = |m: &BTreeMap<String, BTreeMap<String, Vec<String>>>| {
            m.get(rel)
                .is_some_and(|by| by.values().any(|keys| keys.iter().any(|k| k == key)))
        };
        !(gone(&plan.superseded) || gone(&plan.deleted))
    });
}
