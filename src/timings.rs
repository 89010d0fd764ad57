//! Where a run's time goes (`extract --timings`): the time each stage of
//! the pipeline took, summed over the worker threads.
//!
//! Off by default: a stage then costs one relaxed atomic load. When on,
//! each timed stage adds its elapsed nanoseconds to one counter of a
//! process-wide table, so the figures cover every worker and every
//! document of the run; the table is printed after the summary line. A
//! stage's time is wall time on its thread, so on a machine busier than
//! the run's threads it includes time the thread waited for a core.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// A stage of one document's way through the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Opening the file, reading its bytes and hashing them.
    Read,
    /// The format's reader: decoding text, parsing XML, reading a PDF.
    Parse,
    /// Building the normalized document (folding, sentences, sections).
    Normalize,
    /// One extractor, by its position in [`crate::Field::ALL`].
    Extract(usize),
    /// The summary built from the findings, metadata merged.
    Summarize,
    /// The record turned into JSON bytes.
    Serialize,
    /// The record's file written (temporary file, rename) or streamed.
    Write,
}

const EXTRACTORS: usize = crate::Field::ALL.len();
const SLOTS: usize = 6 + EXTRACTORS;

impl Stage {
    fn slot(self) -> usize {
        match self {
            Stage::Read => 0,
            Stage::Parse => 1,
            Stage::Normalize => 2,
            Stage::Extract(i) => 3 + i.min(EXTRACTORS - 1),
            Stage::Summarize => 3 + EXTRACTORS,
            Stage::Serialize => 4 + EXTRACTORS,
            Stage::Write => 5 + EXTRACTORS,
        }
    }

    /// The stage of the extractor of `field`.
    pub fn extractor(field: crate::Field) -> Option<Stage> {
        crate::Field::ALL
            .iter()
            .position(|f| *f == field)
            .map(Stage::Extract)
    }

    fn name(slot: usize) -> String {
        match slot {
            0 => "read file".into(),
            1 => "parse (format reader)".into(),
            2 => "normalize".into(),
            s if s < 3 + EXTRACTORS => format!("extract: {}", crate::Field::ALL[s - 3]),
            s if s == 3 + EXTRACTORS => "summarize".into(),
            s if s == 4 + EXTRACTORS => "serialize JSON".into(),
            _ => "write record".into(),
        }
    }
}

static ON: AtomicBool = AtomicBool::new(false);
static NANOS: [AtomicU64; SLOTS] = [const { AtomicU64::new(0) }; SLOTS];

/// Starts counting (for the rest of the process).
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// Runs `f`, adding its elapsed time to `stage` when timings are on.
pub fn time<T>(stage: Stage, f: impl FnOnce() -> T) -> T {
    if !ON.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let out = f();
    add(stage, start);
    out
}

/// Adds the time since `start` to `stage` (when timings are on).
pub fn add(stage: Stage, start: Instant) {
    if ON.load(Ordering::Relaxed) {
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        NANOS[stage.slot()].fetch_add(nanos, Ordering::Relaxed);
    }
}

/// `Some(Instant::now())` when timings are on: for stages timed across
/// several statements ([`add`] ends them).
pub fn start() -> Option<Instant> {
    ON.load(Ordering::Relaxed).then(Instant::now)
}

/// The stages' seconds so far, in pipeline order, with their names.
pub fn seconds() -> Vec<(String, f64)> {
    (0..SLOTS)
        .map(|s| {
            let nanos = NANOS[s].load(Ordering::Relaxed);
            (Stage::name(s), nanos as f64 / 1e9)
        })
        .collect()
}

/// The table `--timings` prints: one line per stage with its seconds
/// (summed over threads) and its share of the timed total.
pub fn table() -> String {
    let rows = seconds();
    let total: f64 = rows.iter().map(|(_, s)| s).sum();
    let mut out = String::from("litextract: time by stage, summed over worker threads:\n");
    for (name, s) in &rows {
        let share = if total > 0.0 { 100.0 * s / total } else { 0.0 };
        out.push_str(&format!("  {name:<24} {s:>9.3} s {share:>5.1}%\n"));
    }
    out.push_str(&format!("  {:<24} {total:>9.3} s", "all timed stages"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slot_has_its_own_name_and_extractors_map_to_their_field() {
        let names: Vec<String> = (0..SLOTS).map(Stage::name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), SLOTS, "{names:?}");
        for f in crate::Field::ALL {
            let s = Stage::extractor(f).expect("every field has a stage");
            assert_eq!(Stage::name(s.slot()), format!("extract: {}", f.as_str()));
        }
        assert_eq!(Stage::Write.slot(), SLOTS - 1);
    }

    #[test]
    fn time_counts_only_when_on_and_returns_the_value() {
        // The table is process-wide; this is the only test that enables it.
        let before = NANOS[Stage::Summarize.slot()].load(Ordering::Relaxed);
        assert_eq!(time(Stage::Summarize, || 7), 7);
        assert_eq!(
            NANOS[Stage::Summarize.slot()].load(Ordering::Relaxed),
            before
        );
        enable();
        let v = time(Stage::Summarize, || {
            std::thread::sleep(std::time::Duration::from_millis(2));
            8
        });
        assert_eq!(v, 8);
        let after = NANOS[Stage::Summarize.slot()].load(Ordering::Relaxed);
        assert!(after >= before + 2_000_000, "{before} -> {after}");
        assert!(table().contains("summarize"));
    }
}
