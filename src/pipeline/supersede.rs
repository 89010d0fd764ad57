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
//! (`DIR/<rel>/.litextract-articles.json`) lists its keys and the keys it
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
//! Memory is the map of keys to files, about 100 bytes per distinct key
//! of the participating files, plus the article states of the files that
//! lose records (one state is loaded at a time otherwise). A folder of
//! update files, or part of the baseline, takes tens of MB; the whole
//! baseline (36 million PMIDs) would take a few GB, which this does not
//! attempt to shrink yet (a sorted on-disk key index would).

use crate::ingest::Readers;
use crate::output::manifest::{Counts, Manifest};
use crate::output::paths;
use crate::output::reuse::ArticleState;
use std::collections::{BTreeMap, HashMap};
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
    /// The article states of the files that lose records.
    states: HashMap<String, ArticleState>,
}

/// Who holds a key, from the later files' side.
#[derive(Clone, Copy)]
enum Claim {
    Holds(usize),
    Deletes(usize),
}

/// Works out, from the states of the participating files (`files`, in
/// input order, by rel), which records stand.
pub(super) fn plan(out: &Path, files: &[String]) -> Plan {
    let mut plan = Plan::default();
    let mut claims: HashMap<String, Claim> = HashMap::new();
    for (i, rel) in files.iter().enumerate().rev() {
        let Some(state) = ArticleState::load(out, rel) else {
            continue;
        };
        let mut missing = false;
        for key in state.articles.keys() {
            match claims.get(key) {
                Some(Claim::Holds(j)) => plan
                    .superseded
                    .entry(rel.clone())
                    .or_default()
                    .entry(files[*j].clone())
                    .or_default()
                    .push(key.clone()),
                Some(Claim::Deletes(j)) => plan
                    .deleted
                    .entry(rel.clone())
                    .or_default()
                    .entry(files[*j].clone())
                    .or_default()
                    .push(key.clone()),
                None => {
                    missing |= !out.join(paths::article_rel(rel, key)).is_file();
                    claims.insert(key.clone(), Claim::Holds(i));
                }
            }
        }
        for key in &state.deleted {
            claims.entry(key.clone()).or_insert(Claim::Deletes(i));
        }
        if missing {
            plan.reread.push(rel.clone());
        }
        // Only the states of files that lose records are needed later;
        // the others are dropped here, so memory is the map of keys.
        if plan.superseded.contains_key(rel) || plan.deleted.contains_key(rel) {
            plan.states.insert(rel.clone(), state);
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
        // A file that lost records in the previous run but loses none now
        // (the later file changed): its state, to undo those counts.
        let loaded;
        let state = match plan.states.get(rel) {
            Some(s) => Some(s),
            None => {
                loaded = ArticleState::load(out, rel);
                loaded.as_ref()
            }
        };
        let mut tally = Tally {
            many,
            findings: &mut entry.findings,
            counts,
        };
        for key in &before {
            if let Some(a) = state.and_then(|s| s.articles.get(key)) {
                tally.add(a, true);
            }
        }
        let gone = by_superseding
            .into_iter()
            .chain(by_deleting)
            .flat_map(|m| m.values().flatten());
        for key in gone {
            match fs::remove_file(out.join(paths::article_rel(rel, key))) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            // The file's counts are of the records that stand.
            if let Some(a) = state.and_then(|s| s.articles.get(key)) {
                tally.add(a, false);
            }
        }
        tally.many.superseded_by = by_superseding.cloned().unwrap_or_default();
        tally.many.deleted_by = by_deleting.cloned().unwrap_or_default();
    }
    Ok(removed)
}

/// The counts one article's record adds to its file's entry and the run.
struct Tally<'a> {
    many: &'a mut crate::output::manifest::Many,
    findings: &'a mut BTreeMap<String, usize>,
    counts: &'a mut Counts,
}

impl Tally<'_> {
    /// Adds (`plus`) or takes off the counts of article `a`.
    fn add(&mut self, a: &crate::output::reuse::ArticleEntry, plus: bool) {
        let step =
            |n: &mut usize, by: usize| *n = if plus { *n + by } else { n.saturating_sub(by) };
        let failed = a.status == "failed";
        step(&mut self.many.articles, 1);
        step(&mut self.counts.documents, 1);
        step(&mut self.many.failed, usize::from(failed));
        step(&mut self.counts.failed, usize::from(failed));
        step(&mut self.many.ok, usize::from(!failed));
        step(&mut self.counts.ok, usize::from(!failed));
        step(&mut self.many.empty, usize::from(a.empty));
        step(&mut self.counts.empty, usize::from(a.empty));
        for (f, n) in &a.findings {
            step(self.findings.entry(f.clone()).or_default(), *n);
            step(self.counts.findings.entry(f.clone()).or_default(), *n);
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
