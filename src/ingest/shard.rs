//! Shards: which share of the inputs one of N workers reads, so that N
//! workers started anywhere (a Slurm job array, a Kubernetes Indexed Job,
//! N terminals) partition a corpus with no gap and no overlap.
//!
//! An input belongs to shard `1 + (h mod N)`, where `h` is the first 8
//! bytes, big-endian, of the SHA-256 of its path relative to its root
//! (UTF-8, `/` separators: the `source.path` of its records). That depends
//! on nothing but the path: not on the platform, the Rust version, the
//! process or the other inputs, so a rerun gives each worker the same
//! share and a new input does not move the old ones. In Python:
//! `1 + int.from_bytes(hashlib.sha256(rel.encode()).digest()[:8], "big") % n`.
//! A file that holds many articles is one input: all its articles go to
//! one shard.
//!
//! Shards count from 1 (`--shard 1/3` … `--shard 3/3`, as Jest and
//! Playwright count them). When `--shard` is not given, a job array's
//! variables give it: Slurm's `SLURM_ARRAY_TASK_ID` (minus
//! `SLURM_ARRAY_TASK_MIN`, over `SLURM_ARRAY_TASK_STEP`) of
//! `SLURM_ARRAY_TASK_COUNT`, else a Kubernetes Indexed Job's
//! `JOB_COMPLETION_INDEX` (0-based) of the count given by `--shards N`.
//! One shard of one (`--shard 1/1`) is a plain run.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// One worker's share of the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
    /// Where the numbers came from, in words (`--shard 2/3`, `Slurm:
    /// SLURM_ARRAY_TASK_ID=1 …`), for the summary and the manifest part.
    pub source: String,
}

impl Shard {
    /// Whether the input with this root-relative path is in this shard.
    pub fn contains(&self, rel: &str) -> bool {
        shard_of(rel, self.count) == self.index
    }

    /// `2-of-3`: the part of file names that says which shard.
    pub fn tag(&self) -> String {
        format!("{}-of-{}", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "shard {}/{} ({})", self.index, self.count, self.source)
    }
}

/// The 1-based shard, of `count`, that the input at `rel` belongs to.
pub fn shard_of(rel: &str, count: u32) -> u32 {
    let digest = Sha256::digest(rel.as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest[..8]);
    1 + (u64::from_be_bytes(head) % u64::from(count.max(1))) as u32
}

/// Parses `I/N` (1 ≤ I ≤ N).
pub fn parse(spec: &str) -> Result<(u32, u32), String> {
    let bad = || {
        format!(
            "--shard wants I/N with 1 ≤ I ≤ N (shards count from 1: 1/3, 2/3, 3/3), not {spec:?}"
        )
    };
    let (i, n) = spec.split_once('/').ok_or_else(bad)?;
    let i: u32 = i.trim().parse().map_err(|_| bad())?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    if i == 0 || n == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

/// The shard of this run: `--shard I/N` (`flag`), else Slurm's job-array
/// variables, else a Kubernetes Indexed Job's index with `--shards N`
/// (`shards`). None: every input (no sharding, or one shard of one).
/// `env` reads an environment variable (a closure, so tests need not
/// touch the process's environment).
pub fn resolve(
    flag: Option<(u32, u32)>,
    shards: Option<u32>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Shard>, String> {
    let var = |name: &str| {
        env(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let number = |name: &str, v: &str| -> Result<u64, String> {
        v.parse()
            .map_err(|_| format!("{name}={v:?} is not a number; give --shard I/N instead"))
    };
    let shard = if let Some((index, count)) = flag {
        if shards.is_some_and(|s| s != count) {
            return Err(format!(
                "--shard {index}/{count} and --shards {} disagree",
                shards.unwrap_or(0)
            ));
        }
        Shard {
            index,
            count,
            source: format!("--shard {index}/{count}"),
        }
    } else if let (Some(id), Some(n)) = (var("SLURM_ARRAY_TASK_ID"), var("SLURM_ARRAY_TASK_COUNT"))
    {
        let (id_n, count) = (
            number("SLURM_ARRAY_TASK_ID", &id)?,
            number("SLURM_ARRAY_TASK_COUNT", &n)?,
        );
        let min = match var("SLURM_ARRAY_TASK_MIN") {
            Some(m) => number("SLURM_ARRAY_TASK_MIN", &m)?,
            None => 0,
        };
        let step = match var("SLURM_ARRAY_TASK_STEP") {
            Some(s) => number("SLURM_ARRAY_TASK_STEP", &s)?.max(1),
            None => 1,
        };
        // `--array=1-10`, `--array=0-9` and `--array=0-18:2` all give
        // positions 0..count; a list like `--array=1,4,9` does not.
        let offset = id_n
            .checked_sub(min)
            .filter(|o| o % step == 0)
            .map(|o| o / step);
        let position = offset.filter(|p| *p < count).ok_or_else(|| {
            format!(
                "the Slurm array task IDs are not a range litextract can number \
                 (SLURM_ARRAY_TASK_ID={id}, MIN={min}, STEP={step}, COUNT={n}); give --shard I/N"
            )
        })?;
        if shards.is_some_and(|s| u64::from(s) != count) {
            return Err(format!(
                "--shards {} disagrees with SLURM_ARRAY_TASK_COUNT={n}",
                shards.unwrap_or(0)
            ));
        }
        let count =
            u32::try_from(count).map_err(|_| format!("SLURM_ARRAY_TASK_COUNT={n} is too large"))?;
        Shard {
            index: position as u32 + 1,
            count,
            source: format!("Slurm: SLURM_ARRAY_TASK_ID={id} of SLURM_ARRAY_TASK_COUNT={n}"),
        }
    } else if let Some(idx) = var("JOB_COMPLETION_INDEX") {
        let Some(count) = shards else {
            return Err(format!(
                "JOB_COMPLETION_INDEX={idx} is set (a Kubernetes Indexed Job) but --shards N is not: \
                 give --shards with the Job's completions, or --shard 1/1 to read every input"
            ));
        };
        let position = number("JOB_COMPLETION_INDEX", &idx)?;
        if position >= u64::from(count) {
            return Err(format!(
                "JOB_COMPLETION_INDEX={idx} is not below --shards {count} (indexes count from 0)"
            ));
        }
        Shard {
            index: position as u32 + 1,
            count,
            source: format!("Kubernetes: JOB_COMPLETION_INDEX={idx} of --shards {count}"),
        }
    } else if let Some(n) = shards {
        return Err(format!(
            "--shards {n} needs JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or Slurm's \
             SLURM_ARRAY_TASK_ID; elsewhere give --shard I/{n}"
        ));
    } else {
        return Ok(None);
    };
    if shard.count == 0 {
        return Err("a shard count of 0 reads nothing; give N ≥ 1".into());
    }
    Ok((shard.count > 1).then_some(shard))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn the_hash_is_fixed_and_partitions_without_gap_or_overlap() {
        // Fixed values, so a change of hash (which would move every
        // input of a running corpus to another shard) fails here. Python
        // gives the same: 1 + int.from_bytes(sha256(b"a/b.txt").digest()[:8], "big") % 3.
        assert_eq!(
            shard_of("a/b.txt", 3),
            1 + (0x5550_000d_3b1c_f1ff_u64 % 3) as u32
        );
        assert_eq!(shard_of("anything", 1), 1);
        let rels: Vec<String> = (0..3000).map(|i| format!("d{}/f{i}.txt", i % 7)).collect();
        let mut per = [0usize; 4];
        for r in &rels {
            let s = shard_of(r, 4);
            assert!((1..=4).contains(&s));
            per[s as usize - 1] += 1;
        }
        assert_eq!(per.iter().sum::<usize>(), rels.len());
        // Roughly even: each of 4 shards holds 750 ± 150 of 3000.
        assert!(per.iter().all(|&n| (600..=900).contains(&n)), "{per:?}");
    }

    #[test]
    fn parse_counts_from_one() {
        assert_eq!(parse("2/3"), Ok((2, 3)));
        assert!(parse("0/3").unwrap_err().contains("count from 1"));
        assert!(parse("4/3").is_err() && parse("x").is_err() && parse("1/0").is_err());
    }

    #[test]
    fn flag_then_slurm_then_kubernetes() {
        let none = env(&[]);
        assert_eq!(resolve(None, None, &none), Ok(None));
        assert_eq!(
            resolve(Some((1, 1)), None, &none),
            Ok(None),
            "1/1 is a plain run"
        );
        let s = resolve(Some((2, 3)), None, &none).unwrap().unwrap();
        assert_eq!((s.index, s.count, s.source.as_str()), (2, 3, "--shard 2/3"));

        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("JOB_COMPLETION_INDEX", "0"),
        ]);
        let s = resolve(None, None, &slurm).unwrap().unwrap();
        assert_eq!((s.index, s.count), (2, 3));
        assert!(s.source.starts_with("Slurm"), "{}", s.source);
        let s = resolve(Some((3, 3)), None, &slurm).unwrap().unwrap();
        assert_eq!(s.index, 3, "the flag wins");
        let stepped = env(&[
            ("SLURM_ARRAY_TASK_ID", "18"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "10"),
        ]);
        assert_eq!(resolve(None, None, &stepped).unwrap().unwrap().index, 10);
        let listed = env(&[
            ("SLURM_ARRAY_TASK_ID", "9"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]);
        assert!(resolve(None, None, &listed)
            .unwrap_err()
            .contains("--shard I/N"));

        let k8s = env(&[("JOB_COMPLETION_INDEX", "0")]);
        let s = resolve(None, Some(4), &k8s).unwrap().unwrap();
        assert_eq!((s.index, s.count), (1, 4));
        assert!(s.source.starts_with("Kubernetes"), "{}", s.source);
        assert!(resolve(None, None, &k8s).unwrap_err().contains("--shards"));
        assert!(resolve(None, Some(4), env(&[("JOB_COMPLETION_INDEX", "4")])).is_err());
        assert!(resolve(None, Some(4), &none)
            .unwrap_err()
            .contains("JOB_COMPLETION_INDEX"));
    }
}
