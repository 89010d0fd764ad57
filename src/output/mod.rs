//! Output: records → files or a JSON Lines stream, plus what a rerun needs.
//!
//! * [`paths`]: where each record goes (`DIR/<rel>.json`, or
//!   `DIR/<rel>/<key>.json` for a file that holds many articles);
//! * [`sink`]: the [`sink::Sink`] for record files or for JSON Lines;
//! * [`manifest`]: `manifest.json`, one entry per input;
//! * [`reuse`]: when an input or an article need not be read again;
//! * [`state`]: the per-article state kept beside a many-article file's
//!   records, written and read as a stream;
//! * [`shards`]: N shard runs writing into one folder at once, each with
//!   its lock and manifest part, merged into one `manifest.json`;
//! * here: atomic writes and the output-folder lock.
//!
//! Every file is written to a temporary file in the same folder and renamed
//! over its target, so a reader (or a run killed with `kill -9`) never sees
//! a half-written record. A record whose bytes did not change is not
//! rewritten, so refresh jobs touch only what changed.

pub mod findings;
pub mod manifest;
pub mod paths;
pub mod reuse;
pub mod shards;
pub mod sink;
pub mod state;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Prefix of temporary files; stale ones (from a killed run) are swept at
/// the start of the next run.
pub const TEMP_PREFIX: &str = ".litextract-tmp-";

/// Writes `bytes` to `path` atomically (temp file + rename).
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic_write_with(path, |w| w.write_all(bytes))
}

/// Writes what `write` produces to `path` atomically (temp file + rename),
/// streamed through a buffer: a large file (a manifest of 100,000 entries)
/// is never held in memory whole.
pub fn atomic_write_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    // The folder is made (or its error reported) only once the temp file
    // could not be created: it almost always exists already, and making
    // sure of it first cost two system calls per record. Another shard run
    // may remove a folder it emptied between our create_dir_all and the
    // temp file: a vanished folder is made again, a few times.
    let mut tries = 0;
    let tmp = loop {
        match tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)
        {
            Ok(t) => break t,
            Err(e) if tries == 0 || (e.kind() == io::ErrorKind::NotFound && tries < 4) => {
                tries += 1;
                fs::create_dir_all(dir)?;
            }
            Err(e) => return Err(e),
        }
    };
    let mut w = io::BufWriter::with_capacity(64 * 1024, tmp);
    write(&mut w)?;
    let tmp = w.into_inner().map_err(|e| e.into_error())?;
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

/// A lock on an output folder, held for the whole run. It is an OS file
/// lock, so it dies with its process: a lock left by a run that was
/// killed is simply taken over. A plain run holds it exclusively; shard
/// runs ([`shards`]) hold it shared, so that N shards write at once while
/// a plain run waits for none of them and none of them for a plain run.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

/// Why the output folder could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another litextract run ({holder}) is writing to {dir}; wait for it to finish")]
    Held { dir: String, holder: String },
    #[error("cannot create the lock file {path}: {reason}")]
    Io { path: String, reason: io::Error },
    #[error("{0}")]
    Shards(String),
}

impl OutputLock {
    pub const FILE: &'static str = ".litextract.lock";

    /// The exclusive lock of a plain run (or of a merge of shard parts).
    ///
    /// A lock whose note names this very process is waited for, briefly:
    /// a run in this process has just released it, but a child process
    /// another thread was starting at that moment (between its fork and
    /// its exec) still holds a copy of the lock file for a few
    /// milliseconds. A library user running several pipelines at once
    /// would otherwise see a finished run's lock as held.
    pub fn acquire(dir: &Path) -> Result<OutputLock, LockError> {
        let lock = OutputLock::open(dir)?;
        let own = format!("pid {} on ", std::process::id());
        lock.take(
            dir,
            File::try_lock,
            |holder| holder.starts_with(&own),
            40,
            50,
        )?;
        // Who holds it, for the message another run prints.
        lock.note("");
        Ok(lock)
    }

    /// The shared lock of a shard run. Refused while a plain run holds it,
    /// except while a finished shard merges the parts (a few seconds):
    /// then it waits, so that a shard started in that moment does not fail.
    pub fn acquire_shared(dir: &Path) -> Result<OutputLock, LockError> {
        let lock = OutputLock::open(dir)?;
        lock.take(
            dir,
            File::try_lock_shared,
            |holder| holder.contains(MERGING),
            600,
            100,
        )?;
        Ok(lock)
    }

    /// Tries `try_lock` until it succeeds; while the lock is held, waits
    /// `step_ms` and tries again as long as `wait_for` accepts the holder's
    /// note, at most `tries` times.
    fn take(
        &self,
        dir: &Path,
        try_lock: fn(&File) -> Result<(), fs::TryLockError>,
        wait_for: impl Fn(&str) -> bool,
        tries: u32,
        step_ms: u64,
    ) -> Result<(), LockError> {
        let mut waited = 0;
        loop {
            match try_lock(&self.file) {
                Ok(()) => return Ok(()),
                Err(fs::TryLockError::WouldBlock) => {
                    let holder = holders(dir);
                    if !wait_for(&holder) || waited >= tries {
                        return Err(LockError::Held {
                            dir: dir.display().to_string(),
                            holder,
                        });
                    }
                    std::thread::sleep(std::time::Duration::from_millis(step_ms));
                    waited += 1;
                }
                Err(fs::TryLockError::Error(e)) => return Err(self.io_error(e)),
            }
        }
    }

    fn open(dir: &Path) -> Result<OutputLock, LockError> {
        let path = dir.join(Self::FILE);
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|reason| LockError::Io {
                path: path.display().to_string(),
                reason,
            })?;
        Ok(OutputLock { file, path })
    }

    fn io_error(&self, reason: io::Error) -> LockError {
        LockError::Io {
            path: self.path.display().to_string(),
            reason,
        }
    }

    /// Writes who holds the (exclusive) lock and what it does, for the
    /// message of a run that finds it held.
    pub fn note(&self, doing: &str) {
        let mut f = &self.file;
        let _ = f.set_len(0);
        let _ = write!(f, "pid {} on {}{doing}", std::process::id(), host());
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What a merging holder adds to its note: shard runs wait for it.
pub(crate) const MERGING: &str = " (merging the shards' manifest parts)";

/// Who holds an output folder's lock: the note of the plain run that
/// holds it, or the shard runs whose lock files are there.
fn holders(dir: &Path) -> String {
    let shards = shards::running(dir);
    if !shards.is_empty() {
        return format!("shard runs: {}", shards.join("; "));
    }
    fs::read_to_string(dir.join(OutputLock::FILE))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown process".into())
}

/// This machine's name (on a cluster, a pid alone says little).
pub(crate) fn host() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes a
    // NUL-terminated name into it, or fails.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|&b| b == 0).unwrap_or(0);
    if ok && end > 0 {
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        "this machine".into()
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
    fn folders_are_made_when_missing_and_again_when_gone() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x/y/r.json");
        atomic_write(&p, b"1").unwrap();
        fs::remove_dir_all(dir.path().join("x")).unwrap();
        atomic_write(&p, b"2").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"2");
    }

    #[test]
    fn a_file_where_the_folder_goes_fails_as_making_the_folder_does() {
        // The folder is made only after the temp file failed: the error
        // is still the one of making the folder, and nothing is left.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("taken");
        fs::write(&file, b"x").unwrap();
        for folder in [file.clone(), file.join("a")] {
            let err = atomic_write(&folder.join("r.json"), b"{}").unwrap_err();
            let making = fs::create_dir_all(&folder).unwrap_err();
            assert_eq!(err.kind(), making.kind(), "{err}");
            assert_eq!(err.to_string(), making.to_string());
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(fs::read(&file).unwrap(), b"x");
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

    #[test]
    fn a_lock_error_names_its_os_error_once() {
        let os = io::Error::from_raw_os_error(13);
        let said = os.to_string();
        let e = anyhow::Error::from(LockError::Io {
            path: "out/.litextract.lock".into(),
            reason: os,
        });
        let shown = format!("{e:#}");
        assert_eq!(shown.matches(&said).count(), 1, "{shown}");
    }
}
