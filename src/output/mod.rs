//! Output: records → files or a JSON Lines stream, plus what a rerun needs.
//!
//! * [`paths`]: where each record goes (`DIR/<rel>.json`, or
//!   `DIR/<rel>/<key>.json` for a file that holds many articles);
//! * [`sink`]: the [`sink::Sink`] for record files or for JSON Lines;
//! * [`manifest`]: `manifest.json`, one entry per input;
//! * [`reuse`]: when an input or an article need not be read again, and the
//!   per-article state kept beside a many-article file's records;
//! * here: atomic writes and the output-folder lock.
//!
//! Every file is written to a temporary file in the same folder and renamed
//! over its target, so a reader (or a run killed with `kill -9`) never sees
//! a half-written record. A record whose bytes did not change is not
//! rewritten, so refresh jobs touch only what changed.

pub mod manifest;
pub mod paths;
pub mod reuse;
pub mod sink;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Prefix of temporary files; stale ones (from a killed run) are swept at
/// the start of the next run.
pub const TEMP_PREFIX: &str = ".litextract-tmp-";

/// Writes `bytes` to `path` atomically (temp file + rename).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` unless `path` already holds exactly them; returns whether
/// it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    if let Ok(meta) = fs::metadata(path) {
        if meta.len() == bytes.len() as u64 && fs::read(path).is_ok_and(|old| old == bytes) {
            return Ok(false);
        }
    }
    atomic_write(path, bytes)?;
    Ok(true)
}

/// Removes temporary files a killed run left behind under `dir`.
pub fn sweep_temp_files(dir: &Path) -> usize {
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file()
            && name.starts_with(TEMP_PREFIX)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// An exclusive lock on an output folder, held for the whole run. It is an
/// OS file lock, so it dies with its process: a lock left by a run that was
/// killed is simply taken over.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    path: PathBuf,
}

/// Why the output folder could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another litextract run ({holder}) is writing to {dir}; wait for it to finish")]
    Held { dir: String, holder: String },
    #[error("cannot create the lock file {path}: {source}")]
    Io { path: String, source: io::Error },
}

impl OutputLock {
    pub const FILE: &'static str = ".litextract.lock";

    pub fn acquire(dir: &Path) -> Result<OutputLock, LockError> {
        let path = dir.join(Self::FILE);
        let io_err = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path)
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "unknown process".into());
                return Err(LockError::Held {
                    dir: dir.display().to_string(),
                    holder,
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_err(e)),
        }
        // Who holds it, for the message another run prints.
        let _ = file.set_len(0);
        let _ = write!(file, "pid {}", std::process::id());
        Ok(OutputLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_and_skip_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.json");
        assert!(write_if_changed(&p, b"one").unwrap());
        assert!(!write_if_changed(&p, b"one").unwrap());
        assert!(write_if_changed(&p, b"two").unwrap());
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temp files left");
    }

    #[test]
    fn lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire(dir.path()).unwrap();
        let err = OutputLock::acquire(dir.path()).unwrap_err();
        assert!(err.to_string().contains("another litextract run"), "{err}");
        drop(first);
        OutputLock::acquire(dir.path()).unwrap();
    }

    #[test]
    fn stale_temp_files_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(format!("{TEMP_PREFIX}x")), b"half").unwrap();
        fs::write(dir.path().join("keep.json"), b"{}").unwrap();
        assert_eq!(sweep_temp_files(dir.path()), 1);
        assert!(dir.path().join("keep.json").exists());
    }
}
