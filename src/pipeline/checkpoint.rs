//! The manifest as documents finish, written every few seconds, so that a
//! run killed midway loses no finished work.

use super::input::Outcome;
use crate::ingest::walk::Input;
use crate::output::manifest::{Entry, Manifest};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The manifest as documents finish, written every few seconds, so a run
/// killed midway loses no finished work.
///
/// The entries are written under the lock, streamed to the file without a
/// copy of them and without their text in memory (a copy of a large run's
/// entries held as much memory again as the entries, and the manifest's
/// text, built whole, more than that: 24 MB for 40,000 entries, with its
/// growth copies). The other workers, which note each document they
/// finish, wait for the write, which goes to the page cache: the file is
/// not synced.
///
/// A checkpoint costs time in proportion to the run's size (a manifest of
/// 300,000 entries is serialized and written whole), so the wait
/// between two is at least [`COST_SHARE`] times what the last one cost:
/// on a large run the worker that takes them spends no more than about a
/// twentieth of its time on them, and a killed run loses that much more.
pub(super) struct Checkpoint {
    /// The entries so far, when the last checkpoint was taken, and how
    /// many were taken.
    state: Mutex<(BTreeMap<String, Entry>, Instant, u64)>,
    /// What the last checkpoint cost (serialization and write).
    cost: Mutex<Duration>,
    /// How often a checkpoint is taken, at least.
    every: Duration,
    /// The wait is at least this many times the last checkpoint's cost.
    share: u32,
    header: Manifest,
    path: PathBuf,
}

impl Checkpoint {
    pub(super) fn new(
        previous: &Manifest,
        inputs: &[Input],
        header: Manifest,
        path: PathBuf,
    ) -> Checkpoint {
        let current: BTreeSet<&str> = inputs.iter().map(|i| i.rel.as_str()).collect();
        let documents = previous
            .documents
            .iter()
            .filter(|(k, _)| current.contains(k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Checkpoint {
            state: Mutex::new((documents, Instant::now(), 0)),
            cost: Mutex::new(Duration::ZERO),
            every: Duration::from_secs(5),
            share: COST_SHARE,
            header,
            path,
        }
    }

    /// Notes a finished input. Its entry moves into the checkpoint (the
    /// outcome keeps an empty one) and goes back with [`Checkpoint::restore`]
    /// once the run is over: a run holds one copy of each entry, not two.
    pub(super) fn update(&self, input: &Input, outcome: &mut Outcome) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match outcome {
            Outcome::Unchanged(e) | Outcome::Done { entry: e, .. } => {
                st.0.insert(input.rel.clone(), std::mem::take(e));
            }
            _ => {
                st.0.remove(&input.rel);
            }
        }
        if st.1.elapsed() <= self.wait() {
            return;
        }
        st.1 = Instant::now();
        st.2 += 1;
        let began = Instant::now();
        // The entries are lent to a manifest for writing and taken back: no
        // copy of them is made.
        let mut m = self.header.clone();
        m.documents = std::mem::take(&mut st.0);
        // A failed checkpoint is not fatal: the final write reports.
        let _ = m.save(&self.path);
        st.0 = std::mem::take(&mut m.documents);
        drop(st);
        *self.cost.lock().unwrap_or_else(|p| p.into_inner()) = began.elapsed();
    }

    /// Gives the outcomes of [`Checkpoint::update`] their entries back.
    pub(super) fn restore(self, inputs: &[Input], outcomes: &mut [Outcome]) {
        let mut entries = self.state.into_inner().unwrap_or_else(|p| p.into_inner()).0;
        for (input, outcome) in inputs.iter().zip(outcomes) {
            if let Outcome::Unchanged(e) | Outcome::Done { entry: e, .. } = outcome {
                if let Some(held) = entries.remove(&input.rel) {
                    *e = held;
                }
            }
        }
    }

    /// How long to wait after a checkpoint before the next one.
    fn wait(&self) -> Duration {
        let cost = *self.cost.lock().unwrap_or_else(|p| p.into_inner());
        self.every.max(cost.saturating_mul(self.share))
    }
}

/// The wait between two checkpoints is at least this many times the
/// last one's cost.
const COST_SHARE: u32 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn done(status: &str) -> Outcome {
        Outcome::Done {
            entry: Entry {
                status: status.into(),
                ..Entry::default()
            },
            written: 1,
            removed: 0,
            kept: 0,
            failures: Vec::new(),
        }
    }

    #[test]
    fn checkpoints_written_from_many_threads_end_with_the_last_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        let inputs: Vec<Input> = (0..200)
            .map(|k| Input {
                path: PathBuf::from(format!("{k}.txt")),
                rel: format!("{k}.txt"),
                listed: false,
            })
            .collect();
        let mut cp = Checkpoint::new(
            &Manifest::default(),
            &inputs,
            Manifest::default(),
            path.clone(),
        );
        cp.every = Duration::ZERO;
        cp.share = 0;
        std::thread::scope(|s| {
            for half in inputs.chunks(100) {
                let cp = &cp;
                s.spawn(move || half.iter().for_each(|i| cp.update(i, &mut done("ok"))));
            }
        });
        // Every update took a checkpoint; the one on disk is the last
        // taken, which holds every document.
        let taken = cp.state.lock().unwrap().2;
        assert_eq!(taken, 200);
        let m: Manifest = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(m.documents.len(), 200);
        assert!(m.documents.values().all(|e| e.status == "ok"));
        // No temp file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_costly_checkpoint_makes_the_next_wait_longer() {
        let dir = tempfile::tempdir().unwrap();
        let cp = Checkpoint::new(
            &Manifest::default(),
            &[],
            Manifest::default(),
            dir.path().join("manifest.json"),
        );
        assert_eq!(cp.wait(), Duration::from_secs(5));
        *cp.cost.lock().unwrap() = Duration::from_millis(100);
        assert_eq!(cp.wait(), Duration::from_secs(5));
        *cp.cost.lock().unwrap() = Duration::from_secs(2);
        assert_eq!(cp.wait(), Duration::from_secs(40));
    }

    #[test]
    fn no_checkpoint_before_its_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        let input = Input {
            path: PathBuf::from("a.txt"),
            rel: "a.txt".into(),
            listed: false,
        };
        let cp = Checkpoint::new(&Manifest::default(), &[], Manifest::default(), path.clone());
        let mut outcome = done("ok");
        cp.update(&input, &mut outcome);
        assert!(!path.exists());
        assert_eq!(cp.state.lock().unwrap().0.len(), 1);
        // The entry moved into the checkpoint and goes back at the end.
        let Outcome::Done { entry, .. } = &outcome else {
            unreachable!()
        };
        assert_eq!(entry.status, "");
        let mut outcomes = [outcome];
        cp.restore(std::slice::from_ref(&input), &mut outcomes);
        let Outcome::Done { entry, .. } = &outcomes[0] else {
            unreachable!()
        };
        assert_eq!(entry.status, "ok");
    }
}
