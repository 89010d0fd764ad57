//! Walk: the inputs → the list of files to read, in sorted, deterministic
//! order. Hidden files and folders (`.git`, `.DS_Store`) and the output
//! folder are left out; folders that cannot be listed and symlink loops are
//! problems to report, not reasons to stop.

use crate::output::manifest::Problem;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What stops the walk (and the run): an input root that is not there or
/// cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("input not found: {0}")]
    InputMissing(String),
    #[error("cannot read input {path}: {reason}")]
    InputUnreadable { path: String, reason: io::Error },
}

/// One input file.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Path relative to its input root, with `/` separators.
    pub rel: String,
    /// Named in a `--files-from` list (not found by a walk): it may not
    /// exist, and then it gets a failed record saying so.
    pub listed: bool,
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
                reason: e,
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
                listed: false,
            });
            continue;
        }
        fs::read_dir(root).map_err(|e| WalkError::InputUnreadable {
            path: root.display().to_string(),
            reason: e,
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
                        listed: false,
                    });
                }
                Ok(_) => {}
                Err(e) => problems.push(walk_problem(&e, root)),
            }
        }
    }
    let files = without_clashes(files, &mut problems);
    Ok((files, problems))
}

/// Two inputs with the same relative path would overwrite each other's
/// record: keep the first, report the others. The same file listed twice
/// is read once.
fn without_clashes(mut files: Vec<Input>, problems: &mut Vec<Problem>) -> Vec<Input> {
    let mut seen = BTreeMap::new();
    files.retain(|f| {
        if f.rel == "manifest" {
            problems.push(clash(f));
            return false;
        }
        match seen.get(&f.rel) {
            None => {
                seen.insert(f.rel.clone(), f.path.clone());
                true
            }
            Some(first) if *first == f.path => false,
            Some(_) => {
                problems.push(clash(f));
                false
            }
        }
    });
    files
}

fn clash(f: &Input) -> Problem {
    Problem {
        path: f.path.display().to_string(),
        error: format!(
            "another input has the same output path ({}.json); give the inputs as separate runs",
            f.rel
        ),
    }
}

/// The inputs of a `--files-from` list, in its order. Nothing is read or
/// even looked at here (a shard of a million-line list stats only its own
/// share, later): a listed path that is missing or a folder gets a failed
/// record when its turn comes.
///
/// A listed path's path "relative to its root" (its records' `source.path`,
/// and what [`super::shard`] hashes) is the path as listed, made relative:
/// `.` segments dropped, `a/../b` read as `b`, and a leading `/` or `../`
/// dropped, as tar drops them, so that every record stays inside the output
/// folder (`/data/pubmed/x.xml` → `data/pubmed/x.xml`). With `root`,
/// relative paths are read from `root` and an absolute path under `root`
/// loses that prefix, so `--root corpus` with `find corpus -type f` or with
/// `find "$PWD/corpus"` gives the records `extract corpus` gives.
pub fn listed(paths: &[PathBuf], root: Option<&Path>) -> (Vec<Input>, Vec<Problem>) {
    let mut files = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for line in paths {
        let (path, named) = match root {
            Some(r) if line.is_absolute() => (line.clone(), line.strip_prefix(r).unwrap_or(line)),
            Some(r) => (r.join(line), line.as_path()),
            None => (line.clone(), line.as_path()),
        };
        let rel = relative(named);
        if rel.is_empty() {
            problems.push(Problem {
                path: line.display().to_string(),
                error: "not a file path (it names the root or nothing); left out".into(),
            });
            continue;
        }
        files.push(Input {
            path,
            rel,
            listed: true,
        });
    }
    let files = without_clashes(files, &mut problems);
    (files, problems)
}

/// `path` made relative and lexically normal, with `/` separators.
fn relative(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    parts.join("/")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(lines: &[&str], root: Option<&str>) -> (Vec<String>, usize) {
        let paths: Vec<PathBuf> = lines.iter().map(PathBuf::from).collect();
        let (inputs, problems) = listed(&paths, root.map(Path::new));
        (inputs.into_iter().map(|i| i.rel).collect(), problems.len())
    }

    #[test]
    fn listed_paths_are_made_relative_in_their_order() {
        let (r, p) = rels(
            &[
                "b/x.txt",
                "./a.txt",
                "/data/pubmed/n1.xml",
                "../up/c.pdf",
                "q/../d.txt",
            ],
            None,
        );
        assert_eq!(
            r,
            [
                "b/x.txt",
                "a.txt",
                "data/pubmed/n1.xml",
                "up/c.pdf",
                "d.txt"
            ]
        );
        assert_eq!(p, 0);
        // Under a root: relative lines and absolute ones below it agree.
        let (r, _) = rels(
            &["/srv/corpus/a/b.txt", "a/c.txt", "/elsewhere/z.txt"],
            Some("/srv/corpus"),
        );
        assert_eq!(r, ["a/b.txt", "a/c.txt", "elsewhere/z.txt"]);
    }

    #[test]
    fn a_path_listed_twice_is_read_once_and_clashes_are_problems() {
        let (r, p) = rels(&["a.txt", "b.txt", "a.txt"], None);
        assert_eq!((r, p), (vec!["a.txt".to_string(), "b.txt".into()], 0));
        // Two paths, one output path: the second is reported.
        let (r, p) = rels(&["/x/a.txt", "x/a.txt", "/"], None);
        assert_eq!((r, p), (vec!["x/a.txt".to_string()], 2));
    }

    #[test]
    fn an_unreadable_input_names_its_os_error_once() {
        // The CLI prints the whole chain (`{:#}`): a reason that is both in
        // the message and the error's source would be said twice.
        let os = io::Error::from_raw_os_error(13);
        let said = os.to_string();
        let e = anyhow::Error::from(WalkError::InputUnreadable {
            path: "noread".into(),
            reason: os,
        });
        let shown = format!("{e:#}");
        assert_eq!(shown.matches(&said).count(), 1, "{shown}");
        assert!(shown.starts_with("cannot read input noread: "), "{shown}");
    }
}
