//! Walk: the inputs → the list of files to read, in sorted, deterministic
//! order. Hidden files and folders (`.git`, `.DS_Store`) and the output
//! folder are left out; folders that cannot be listed and symlink loops are
//! problems to report, not reasons to stop.

use crate::output::manifest::Problem;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What stops the walk (and the run): an input root that is not there or
/// cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("input not found: {0}")]
    InputMissing(String),
    #[error("cannot read input {path}: {source}")]
    InputUnreadable { path: String, source: io::Error },
}

/// One input file.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Path relative to its input root, with `/` separators.
    pub rel: String,
}

/// Lists input files in sorted, deterministic order. Hidden files and
/// folders (`.git`, `.DS_Store`) and the output folder are left out.
pub fn discover(
    inputs: &[PathBuf],
    exclude: Option<&Path>,
) -> Result<(Vec<Input>, Vec<Problem>), WalkError> {
    let exclude = exclude.and_then(|p| fs::canonicalize(p).ok());
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for root in inputs {
        let meta = fs::metadata(root).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => WalkError::InputMissing(root.display().to_string()),
            _ => WalkError::InputUnreadable {
                path: root.display().to_string(),
                source: e,
            },
        })?;
        if meta.is_file() {
            let rel = root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| root.display().to_string());
            files.push(Input {
                path: root.clone(),
                rel,
            });
            continue;
        }
        fs::read_dir(root).map_err(|e| WalkError::InputUnreadable {
            path: root.display().to_string(),
            source: e,
        })?;
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
                let excluded = exclude.as_ref().is_some_and(|x| {
                    e.file_type().is_dir() && fs::canonicalize(e.path()).is_ok_and(|c| &c == x)
                });
                !hidden && !excluded
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    files.push(Input {
                        path: e.path().to_path_buf(),
                        rel,
                    });
                }
                Ok(_) => {}
                Err(e) => problems.push(walk_problem(&e, root)),
            }
        }
    }
    // Two inputs with the same relative path would overwrite each other's
    // record: keep the first, report the others.
    let mut seen = BTreeSet::new();
    files.retain(|f| {
        let clash = !seen.insert(f.rel.clone()) || f.rel == "manifest";
        if clash {
            problems.push(Problem {
                path: f.path.display().to_string(),
                error: format!(
                    "another input has the same output path ({}.json); give the inputs as separate runs",
                    f.rel
                ),
            });
        }
        !clash
    });
    Ok((files, problems))
}

/// A path the walk could not follow, in plain words.
fn walk_problem(e: &walkdir::Error, root: &Path) -> Problem {
    let path = e
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| root.display().to_string());
    let error = if let Some(anc) = e.loop_ancestor() {
        format!(
            "symlink loop: it leads back to {}; not followed",
            anc.display()
        )
    } else if let Some(io) = e.io_error() {
        match io.kind() {
            io::ErrorKind::PermissionDenied => "cannot read: permission denied".to_string(),
            io::ErrorKind::NotFound => {
                "disappeared while the folder was being listed (or a broken symlink)".to_string()
            }
            _ => format!("cannot read: {io}"),
        }
    } else {
        e.to_string()
    };
    Problem { path, error }
}
