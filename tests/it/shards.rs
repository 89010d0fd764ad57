//! Beyond one machine: `--shard I/N` runs in parallel into one output
//! folder (and one of them killed with `kill -9` and rerun), the
//! job-array variables of Slurm and Kubernetes, `--files-from` with JSON
//! Lines as a clean filter, and `litextract manifest`.

use litextract::ingest::shard::shard_of;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::SystemTime;

/// The binary, without any job-array variable of the test's environment.
fn litextract() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_litextract"));
    for v in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_STEP",
        "JOB_COMPLETION_INDEX",
    ] {
        c.env_remove(v);
    }
    c
}

fn run(args: &[&str]) -> Output {
    litextract().args(args).output().expect("run litextract")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A corpus of `n` abstracts in a few folders, plus a PDF, a corrupt PDF,
/// an empty file and an image (skipped). Each abstract is a few KB, so
/// that a shard takes long enough to be killed in the middle.
fn make_corpus(dir: &Path, n: usize) {
    for i in 0..n {
        let sub = dir.join(format!("batch{}", i % 4));
        fs::create_dir_all(&sub).unwrap();
        let mut text = format!(
            "Trial {i}. Methods: {} patients with relapsing MS (EDSS 2.0-5.5) were randomized to \
             drug (n = {}) or placebo (n = {}). ClinicalTrials.gov NCT0{:07}.\n",
            40 + i,
            20 + i / 2,
            20 + i - i / 2,
            3_000_000 + i
        );
        for k in 0..30 {
            text.push_str(&format!(
                "Results {k}: the annualized relapse rate fell by {}% (P = 0.0{}); mean EDSS change {}.5.\n",
                10 + k,
                1 + (i + k) % 9,
                k % 3
            ));
        }
        text.push_str(&format!("doi: 10.1000/trial.{i}\n"));
        fs::write(sub.join(format!("paper{i:04}.txt")), text).unwrap();
    }
    fs::write(
        dir.join("batch0/scan.pdf"),
        crate::common::minimal_pdf(&[&["A trial", "P < 0.001"]]),
    )
    .unwrap();
    fs::write(
        dir.join("batch1/corrupt.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type",
    )
    .unwrap();
    fs::write(dir.join("batch2/empty.txt"), b"").unwrap();
    fs::write(dir.join("batch3/figure.png"), b"\x89PNG\r\n\x1a\nrest").unwrap();
}

/// Every file under `dir` but the manifest and what is hidden, with its
/// bytes.
fn records(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        // A shard run that has not made the folder yet.
        return out;
    }
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if e.file_type().is_file() && rel != "manifest.json" {
            out.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    out
}

fn mtimes(dir: &Path, keep: impl Fn(&str) -> bool) -> BTreeMap<String, SystemTime> {
    records(dir)
        .into_keys()
        .filter(|r| keep(r))
        .map(|r| {
            let t = fs::metadata(dir.join(&r)).unwrap().modified().unwrap();
            (r, t)
        })
        .collect()
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

/// The shard of the input whose record is at `rel` (records are
/// `<input>.json`).
fn shard_of_record(rel: &str, n: u32) -> u32 {
    shard_of(rel.strip_suffix(".json").unwrap(), n)
}

#[test]
fn three_shards_at_once_equal_one_plain_run_and_a_killed_shard_touches_no_other() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus, 240);
    let c = corpus.to_str().unwrap();
    let plain = tmp.path().join("plain");
    let sharded = tmp.path().join("sharded");
    let (p, s) = (plain.to_str().unwrap(), sharded.to_str().unwrap());

    let one = run(&["extract", c, "--out", p, "-q"]);
    assert_eq!(
        one.status.code(),
        Some(1),
        "the corrupt PDF: {}",
        stderr(&one)
    );

    // Three shards at once, one thread each; shard 2 is killed (SIGKILL)
    // once it has written its first record.
    let spawn = |i: u32| {
        litextract()
            .args([
                "extract",
                c,
                "--out",
                s,
                "-q",
                "-j",
                "1",
                "--shard",
                &format!("{i}/3"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut children: Vec<_> = (1..=3).map(spawn).collect();
    let first_of_two = loop {
        let found = records(&sharded)
            .into_keys()
            .find(|r| r.ends_with(".txt.json") && shard_of_record(r, 3) == 2);
        if let Some(r) = found {
            break r;
        }
        // A shard 2 that ended first (a fatal error) would make this wait
        // forever: say why instead.
        if let Some(status) = children[1].try_wait().unwrap() {
            panic!("shard 2 ended ({status}) before it wrote a record it could be killed after");
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    children[1].kill().unwrap();
    children[1].wait().unwrap();
    for i in [0, 2] {
        let out = children
            .remove(if i == 0 { 0 } else { 1 })
            .wait_with_output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let part2 = sharded.join(".shards/manifest-2-of-3.json");
    assert!(
        !part2.exists() || read_json(&part2)["shard"]["complete"] == false,
        "shard 2 was killed before it finished (after {first_of_two})"
    );
    assert!(
        !sharded.join("manifest.json").exists(),
        "no merge while a shard has not finished"
    );
    // `litextract manifest` now says a shard did not finish (exit 1).
    let merge = run(&["manifest", "--out", s]);
    assert_eq!(merge.status.code(), Some(1), "{}", stderr(&merge));
    assert!(stderr(&merge).contains("2/3"), "{}", stderr(&merge));
    // Asked again, with nothing new to merge, it still says so.
    let merge = run(&["manifest", "--out", s]);
    assert_eq!(merge.status.code(), Some(1), "{}", stderr(&merge));
    // (killed before its first checkpoint, it has no part: "not run yet")
    assert!(
        stderr(&merge).contains("shard 2/3 did not finish")
            || stderr(&merge).contains("shard 2/3 has no manifest"),
        "{}",
        stderr(&merge)
    );

    // Shard 2 again: it completes, and the others' records are untouched.
    let others = |r: &str| r.ends_with(".json") && shard_of_record(r, 3) != 2;
    let before = mtimes(&sharded, others);
    assert!(!before.is_empty());
    let rerun = run(&["extract", c, "--out", s, "-q", "--shard", "2/3"]);
    assert!(
        matches!(rerun.status.code(), Some(0 | 1)),
        "{}",
        stderr(&rerun)
    );
    assert_eq!(
        mtimes(&sharded, others),
        before,
        "shard 2 wrote another shard's record"
    );

    // The same records, byte for byte, as the plain run; none missing or
    // doubled (the two folders hold the same file names).
    let (a, b) = (records(&plain), records(&sharded));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(
        a == b,
        "a record differs between the plain and the sharded run"
    );
    assert_eq!(a.len(), 243, "240 abstracts, 2 PDFs, the empty file");

    // One consistent manifest: `manifest` merged it above (exit 1 for the
    // unfinished shard), and the rerun of shard 2 merged again.
    let (mp, ms) = (
        read_json(&plain.join("manifest.json")),
        read_json(&sharded.join("manifest.json")),
    );
    assert_eq!(mp["documents"], ms["documents"]);
    assert_eq!(mp["skipped"], ms["skipped"]);
    assert_eq!(ms["counts"]["documents"], 243);
    assert!(
        !sharded.join(".shards").exists(),
        "parts merged and removed"
    );
    // A plain run over the sharded folder finds nothing to do.
    let again = run(&["extract", c, "--out", s, "-q"]);
    assert!(
        stderr(&again).contains("243 unchanged"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        read_json(&sharded.join("manifest.json"))["counts"]["written"],
        0
    );
}

#[test]
fn a_shard_removes_the_records_of_its_own_vanished_inputs_only() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus, 24);
    let out = tmp.path().join("out");
    let (c, o) = (corpus.to_str().unwrap(), out.to_str().unwrap());
    for i in 1..=2 {
        let r = run(&["extract", c, "--out", o, "-q", "--shard", &format!("{i}/2")]);
        assert!(matches!(r.status.code(), Some(0 | 1)), "{}", stderr(&r));
    }
    assert!(
        out.join("manifest.json").exists(),
        "the second shard merged"
    );
    // One input of each shard disappears.
    let texts: Vec<String> = records(&out)
        .into_keys()
        .filter(|r| r.ends_with(".txt.json") && !r.contains("empty"))
        .collect();
    let gone1 = texts
        .iter()
        .find(|r| shard_of_record(r, 2) == 1)
        .unwrap()
        .clone();
    let gone2 = texts
        .iter()
        .find(|r| shard_of_record(r, 2) == 2)
        .unwrap()
        .clone();
    for g in [&gone1, &gone2] {
        fs::remove_file(corpus.join(g.strip_suffix(".json").unwrap())).unwrap();
    }
    let r = run(&["extract", c, "--out", o, "--shard", "2/2"]);
    let e = stderr(&r);
    assert!(e.contains("1 removed") && e.contains("unchanged"), "{e}");
    assert!(!out.join(&gone2).exists(), "shard 2 removed its own");
    assert!(
        out.join(&gone1).exists(),
        "shard 2 left shard 1's record alone"
    );
    // Shard 1's finished run is in manifest.json already, so shard 2's
    // rerun merged at once: its removal, and shard 1's entry kept.
    assert!(
        stderr(&r).contains("all 2 shards have finished"),
        "{}",
        stderr(&r)
    );
    let m = read_json(&out.join("manifest.json"));
    assert_eq!(
        m["removed"],
        serde_json::json!([gone2.strip_suffix(".json").unwrap()])
    );
    assert!(m["documents"]
        .get(gone1.strip_suffix(".json").unwrap())
        .is_some());
    let r = run(&["extract", c, "--out", o, "--shard", "1/2"]);
    assert!(stderr(&r).contains("1 removed"), "{}", stderr(&r));
    assert!(!out.join(&gone1).exists());
    // Both finished: merged into one manifest without either input.
    let m = read_json(&out.join("manifest.json"));
    let docs = m["documents"].as_object().unwrap();
    assert!(!docs.contains_key(gone1.strip_suffix(".json").unwrap()));
    assert!(!docs.contains_key(gone2.strip_suffix(".json").unwrap()));
    assert_eq!(m["merged"].as_array().unwrap().len(), 2);
}

#[test]
fn a_plain_run_merges_parts_first_and_shards_of_another_count_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus, 12);
    let out = tmp.path().join("out");
    let (c, o) = (corpus.to_str().unwrap(), out.to_str().unwrap());
    let r = run(&["extract", c, "--out", o, "-q", "--shard", "1/3"]);
    assert!(matches!(r.status.code(), Some(0 | 1)), "{}", stderr(&r));
    assert!(stderr(&r).contains("litextract manifest"), "{}", stderr(&r));
    // Shards of another count would split the inputs another way.
    let r = run(&["extract", c, "--out", o, "-q", "--shard", "1/2"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(stderr(&r).contains("with 3 shards"), "{}", stderr(&r));
    // A plain run merges shard 1's part and reuses its records.
    let shard1 = records(&out).len();
    let r = run(&["extract", c, "--out", o, "-q"]);
    let e = stderr(&r);
    assert!(e.contains(&format!("{shard1} unchanged")), "{shard1}: {e}");
    assert!(!out.join(".shards").exists());
    let r = run(&["manifest", "--out", o]);
    assert_eq!(r.status.code(), Some(0));
    assert!(stderr(&r).contains("up to date"), "{}", stderr(&r));
}

#[test]
fn slurm_and_kubernetes_variables_choose_the_shard_and_help_says_which() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus, 6);
    let c = corpus.to_str().unwrap();
    let jsonl = |env: &[(&str, &str)], extra: &[&str]| {
        let mut cmd = litextract();
        cmd.args(["extract", c, "--format", "jsonl", "-q"])
            .args(extra);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let paths = |o: &Output| -> Vec<String> {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["source"]["path"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    // Slurm: `--array=1-3`, task 2 → shard 2/3.
    let slurm = [
        ("SLURM_ARRAY_TASK_ID", "2"),
        ("SLURM_ARRAY_TASK_MIN", "1"),
        ("SLURM_ARRAY_TASK_COUNT", "3"),
    ];
    let o = jsonl(&slurm, &[]);
    assert!(
        stderr(&o).contains("reading shard 2/3 (Slurm: SLURM_ARRAY_TASK_ID=2"),
        "{}",
        stderr(&o)
    );
    let flag = jsonl(&[], &["--shard", "2/3"]);
    assert_eq!(paths(&o), paths(&flag));
    assert!(paths(&o).iter().all(|p| shard_of(p, 3) == 2));
    // Kubernetes: JOB_COMPLETION_INDEX=0 of --shards 3 → shard 1/3.
    let o = jsonl(&[("JOB_COMPLETION_INDEX", "0")], &["--shards", "3"]);
    assert!(
        stderr(&o).contains("shard 1/3 (Kubernetes"),
        "{}",
        stderr(&o)
    );
    assert!(paths(&o).iter().all(|p| shard_of(p, 3) == 1));
    let o = jsonl(&[("JOB_COMPLETION_INDEX", "0")], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--shards"), "{}", stderr(&o));
    // The three shards together are the plain run: no gap, no overlap.
    let all = paths(&jsonl(&[], &[]));
    let mut union: Vec<String> = (1..=3)
        .flat_map(|i| paths(&jsonl(&[], &["--shard", &format!("{i}/3")])))
        .collect();
    union.sort();
    let mut want = all.clone();
    want.sort();
    assert_eq!(union, want);
    // --help says what this environment gives.
    let mut h = litextract();
    h.args(["extract", "--help"]);
    for (k, v) in slurm {
        h.env(k, v);
    }
    let help = String::from_utf8_lossy(&h.output().unwrap().stdout).into_owned();
    assert!(help.contains("gives shard 2/3 (Slurm"), "{help}");
    let help = String::from_utf8_lossy(&run(&["extract", "--help"]).stdout).into_owned();
    assert!(
        help.contains("none of the job-array variables is set"),
        "{help}"
    );
}

/// Runs `extract` with `list` on standard input.
fn with_stdin(args: &[&str], list: &str) -> Output {
    let mut child = litextract()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn files_from_stdin_is_a_clean_jsonl_filter_in_list_order() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus, 8);
    let abs = |r: &str| corpus.join(r).display().to_string();
    let list = [
        abs("batch3/paper0007.txt"),
        abs("batch1/corrupt.pdf"),
        abs("batch0/missing.txt"),
        abs("batch0"),
        abs("batch0/paper0000.txt"),
        abs("batch3/paper0007.txt"),
        String::new(),
        abs("batch3/figure.png"),
    ]
    .join("\n");
    let o = with_stdin(
        &[
            "extract",
            "--files-from",
            "-",
            "--root",
            corpus.to_str().unwrap(),
            "--format",
            "jsonl",
        ],
        &format!("{list}\r\n"),
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "failed records: exit 1: {}",
        stderr(&o)
    );
    // Every stdout line is a record, in the list's order (the repeat read
    // once, the skipped image without a record).
    let recs: Vec<Value> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("only records on stdout"))
        .collect();
    let paths: Vec<&str> = recs
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "batch3/paper0007.txt",
            "batch1/corrupt.pdf",
            "batch0/missing.txt",
            "batch0",
            "batch0/paper0000.txt"
        ]
    );
    let status: Vec<&str> = recs.iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["ok", "failed", "failed", "failed", "ok"]);
    assert_eq!(recs[2]["error"], "the listed file does not exist");
    assert!(recs[3]["error"].as_str().unwrap().contains("folder"));
    let e = stderr(&o);
    assert!(
        e.contains("failed: batch0/missing.txt")
            && e.contains("5 documents: 2 ok, 3 failed, 1 skipped"),
        "{e}"
    );
    // With --root the records are the plain run's, byte for byte.
    let plain = run(&[
        "extract",
        corpus.to_str().unwrap(),
        "--format",
        "jsonl",
        "-q",
    ]);
    let plain_lines: BTreeMap<String, String> = String::from_utf8(plain.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["source"]["path"].as_str().unwrap().to_string(),
                l.to_string(),
            )
        })
        .collect();
    let lines: Vec<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().collect();
    assert_eq!(lines[0], plain_lines["batch3/paper0007.txt"]);
    assert_eq!(lines[4], plain_lines["batch0/paper0000.txt"]);

    // Without --root, the listed path made relative; files mode too.
    let out = tmp.path().join("out");
    let list_file = tmp.path().join("list.txt");
    fs::write(&list_file, format!("{}\n", abs("batch2/paper0002.txt"))).unwrap();
    let o = run(&[
        "extract",
        "--files-from",
        list_file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rel = PathBuf::from(
        abs("batch2/paper0002.txt")
            .trim_start_matches('/')
            .to_string()
            + ".json",
    );
    assert!(out.join(&rel).is_file(), "{}", rel.display());
    let m = read_json(&out.join("manifest.json"));
    assert_eq!(m["files_from"], list_file.to_str().unwrap());
    // A list that cannot be read is fatal.
    let o = run(&[
        "extract",
        "--files-from",
        "/nonexistent/list.txt",
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the list of files"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_slurm_example_runs_as_a_job_array_and_equals_a_plain_run() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus, 16);
    let (plain, array) = (tmp.path().join("plain"), tmp.path().join("array"));
    let c = corpus.to_str().unwrap();
    run(&["extract", c, "--out", plain.to_str().unwrap(), "-q"]);
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/slurm/litextract-array.sbatch");
    // `sbatch --array=0-2` as Slurm would start it: three tasks at once.
    let tasks: Vec<_> = (0..3)
        .map(|id| {
            let mut cmd = Command::new("bash");
            cmd.arg(&script).arg(&corpus).arg(&array);
            for v in ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_STEP"] {
                cmd.env_remove(v);
            }
            cmd.env("LITEXTRACT", env!("CARGO_BIN_EXE_litextract"))
                .env("SLURM_ARRAY_TASK_ID", id.to_string())
                .env("SLURM_ARRAY_TASK_MIN", "0")
                .env("SLURM_ARRAY_TASK_COUNT", "3")
                .env("SLURM_CPUS_PER_TASK", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for t in tasks {
        let o = t.wait_with_output().unwrap();
        // The corrupt PDF is a failed record (litextract exits 1): the
        // script still succeeds.
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("(Slurm: SLURM_ARRAY_TASK_ID="),
            "{}",
            stderr(&o)
        );
    }
    assert!(
        records(&plain) == records(&array),
        "the array's records differ from the plain run's"
    );
    let (mp, ma) = (
        read_json(&plain.join("manifest.json")),
        read_json(&array.join("manifest.json")),
    );
    assert_eq!(
        mp["documents"], ma["documents"],
        "the last task merged the parts"
    );
    assert_eq!(ma["merged"].as_array().map(Vec::len), Some(3));
}
