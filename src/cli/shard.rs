//! The CLI side of running as a cluster engine's worker: the shard from
//! `--shard` or the job-array variables (and what `--help` says of them),
//! the `--files-from` list, and `litextract manifest`.

use anyhow::{Context, Result};
use litextract::ingest::shard::{self, Shard};
use litextract::pipeline::{self, Report};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub const MANIFEST_EXIT_CODES: &str = "\
Exit codes:
  0  the parts were merged (or there were none), every shard's run finished
  1  merged, but some shard's run did not finish (killed: rerun that shard)
     or some shard of the count has no part (not run yet)
  2  fatal: the folder does not exist or cannot be written, or a run holds it";

#[derive(clap::Args)]
pub struct ManifestArgs {
    /// The output folder of the shard runs.
    #[arg(short, long, default_value = "extracted")]
    out: PathBuf,
}

/// The variables the sources read.
const VARIABLES: [&str; 5] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_STEP",
    "JOB_COMPLETION_INDEX",
];

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The shard of this run, from `--shard`, Slurm or Kubernetes.
pub fn resolve(flag: Option<(u32, u32)>, shards: Option<u32>) -> Result<Option<Shard>> {
    shard::resolve(flag, shards, env).map_err(anyhow::Error::msg)
}

/// What `extract --help` says of sharding in the environment it runs in.
pub fn help_now() -> String {
    let set: Vec<String> = VARIABLES
        .iter()
        .filter_map(|v| env(v).map(|x| format!("{v}={x}")))
        .collect();
    let order = "Sharding: --shard I/N if given, else Slurm (SLURM_ARRAY_TASK_ID of \
                 SLURM_ARRAY_TASK_COUNT), else Kubernetes (JOB_COMPLETION_INDEX of --shards N).";
    let now = if set.is_empty() {
        "Here none of the job-array variables is set: without --shard, every input is read."
            .to_string()
    } else {
        // Without --shards, a Kubernetes index cannot be resolved; say so.
        match shard::resolve(None, None, env) {
            Ok(Some(s)) => format!("Here {} gives {s}.", set.join(", ")),
            Ok(None) => format!(
                "Here {} gives one shard of one: every input.",
                set.join(", ")
            ),
            Err(e) => format!("Here {}: {e}.", set.join(", ")),
        }
    };
    format!("{order}\n{now}")
}

/// The paths of a `--files-from` list, one per line (`-`: standard
/// input); blank lines are left out and a trailing CR is dropped.
pub fn read_list(list: &Path) -> Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    if list == Path::new("-") {
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context("reading the list of files from standard input")?;
    } else {
        bytes = std::fs::read(list)
            .with_context(|| format!("cannot read the list of files {}", list.display()))?;
    }
    Ok(bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty())
        .map(path_of)
        .collect())
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    // File names are bytes on Unix: a list may hold names that are not
    // UTF-8, and they must still open.
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// After a shard run: where its manifest is, and whether it merged all.
pub fn say_merged(report: &Report, out: &Path) {
    let (Some(s), Some(part)) = (&report.shard, &report.part) else {
        return;
    };
    match &report.merged {
        Some(m) => eprintln!(
            "litextract: all {} shards have finished: their manifests are merged into {} ({} documents)",
            s.count,
            out.join("manifest.json").display(),
            m.documents
        ),
        None => eprintln!(
            "litextract: shard {}/{} wrote {}; the last shard to finish merges the parts into \
             manifest.json (or run `litextract manifest --out {}`)",
            s.index,
            s.count,
            part.display(),
            out.display()
        ),
    }
}

/// `litextract manifest`: merge the parts; exit 1 when shards are missing
/// or did not finish.
pub fn manifest(args: ManifestArgs) -> Result<u8> {
    let merged = pipeline::merge_manifest(&args.out)
        .with_context(|| format!("merging the manifests in {}", args.out.display()))?;
    let target = args.out.join("manifest.json");
    let Some(m) = merged else {
        eprintln!(
            "litextract: no shard manifests in {}: {} is up to date",
            args.out.display(),
            target.display()
        );
        return Ok(0);
    };
    let list = |v: &[u32]| {
        v.iter()
            .map(|i| format!("{i}/{}", m.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if m.parts.is_empty() {
        eprintln!(
            "litextract: no new shard manifests in {}: {} holds the last merge ({} documents)",
            args.out.display(),
            target.display(),
            m.documents
        );
    } else {
        eprintln!(
            "litextract: merged {} of {} shard manifests into {} ({} documents)",
            m.parts.len(),
            m.count,
            target.display(),
            m.documents
        );
    }
    if !m.incomplete.is_empty() {
        eprintln!(
            "litextract: shard {} did not finish (killed?): rerun it; its finished documents are merged",
            list(&m.incomplete)
        );
    }
    if !m.missing.is_empty() {
        eprintln!(
            "litextract: shard {} has no manifest (not run yet?): its documents are as the last merge left them",
            list(&m.missing)
        );
    }
    Ok(u8::from(!m.incomplete.is_empty() || !m.missing.is_empty()))
}
