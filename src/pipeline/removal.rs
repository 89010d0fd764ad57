//! After a run: the records of inputs that are gone, or are now skipped, or
//! whose layout changed (a file that was one document and now holds many
//! articles, or the reverse) are removed. Only our own files go: a record,
//! or the key-named records and the state file in a many-article file's
//! folder; the folder itself only when that leaves it empty.

use super::{Event, Options, Reporter};
use crate::output::manifest::{Entry, Manifest};
use crate::output::paths;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

/// Tidies the output folder; returns how many article records of
/// many-article files went. Fails only when a record of a vanished input
/// cannot be removed (the output folder is not writable).
pub(super) fn tidy(
    opts: &Options,
    previous: &Manifest,
    manifest: &mut Manifest,
    current: &BTreeSet<String>,
    reporter: &dyn Reporter,
) -> io::Result<usize> {
    let mut articles = 0;
    // Inputs that disappeared: remove their records.
    for (rel, entry) in &previous.documents {
        if current.contains(rel) {
            continue;
        }
        articles += remove_records(&opts.out, entry)?;
        manifest.removed.push(rel.clone());
        reporter.event(&Event::Removed {
            path: rel.clone(),
            key: None,
        });
    }
    // Records of inputs that are now skipped (their format changed).
    for s in &manifest.skipped {
        if let Some(e) = previous.documents.get(&s.path) {
            articles += remove_records(&opts.out, e).unwrap_or(0);
        }
    }
    // Inputs whose records moved: one document ↔ many articles.
    for (rel, now) in &manifest.documents {
        if let Some(before) = previous.documents.get(rel) {
            if before.many.is_some() != now.many.is_some() {
                articles += remove_records(&opts.out, before).unwrap_or(0);
            }
        }
    }
    Ok(articles)
}

/// Removes what `entry` says an input's records are; returns how many
/// article records went.
fn remove_records(out: &Path, entry: &Entry) -> io::Result<usize> {
    let Some(many) = &entry.many else {
        let path = out.join(&entry.record);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        remove_empty_parents(out, &path);
        return Ok(0);
    };
    let dir = out.join(&entry.record);
    let mut removed = 0;
    if let Ok(listing) = fs::read_dir(&dir) {
        for e in listing.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if paths::is_article_record(&name) {
                fs::remove_file(e.path())?;
                removed += 1;
            }
        }
    }
    match fs::remove_file(out.join(&many.state)) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    // The folder and its parents go only if nothing else is in them.
    if fs::remove_dir(&dir).is_ok() {
        remove_empty_parents(out, &dir);
    }
    Ok(removed)
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
