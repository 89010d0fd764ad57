//! The Spark example (`examples/spark/`) in local mode: `RDD.pipe` through
//! `litextract extract --files-from - --format jsonl` over the demo corpus
//! and a few hundred bench texts gives the plain run's records, line for
//! line. It needs `pyspark` (and Java 17); without it the test says
//! SKIPPED. `make spark-demo` installs pyspark into `target/venv-spark`,
//! which this test then finds.

use crate::common::{shared_corpora, skip_because};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A Python that imports pyspark: `LITEXTRACT_SPARK_PYTHON`, the venv of
/// `make spark-demo`, or `python3`.
fn python_with_pyspark() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("LITEXTRACT_SPARK_PYTHON") {
        candidates.push(p.into());
    }
    candidates.push(root().join("target/venv-spark/bin/python"));
    candidates.push("python3".into());
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import pyspark"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

fn java_runs() -> bool {
    Command::new("java")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn spark_rdd_pipe_in_local_mode_gives_the_plain_runs_records() {
    const TEST: &str = "spark::spark_rdd_pipe_in_local_mode_gives_the_plain_runs_records";
    let Some(python) = python_with_pyspark() else {
        skip_because(
            TEST,
            "pyspark is not importable (`make spark-demo` installs it into target/venv-spark)",
        );
        return;
    };
    if !java_runs() {
        skip_because(TEST, "java is not installed (Spark needs Java 17)");
        return;
    }
    let texts = if shared_corpora().is_some() {
        "300"
    } else {
        skip_because(
            &format!("{TEST} (bench texts)"),
            "../shared/corpora is not present: the demo corpus only",
        );
        "0"
    };
    let out = Command::new(&python)
        .arg(root().join("examples/spark/compare.py"))
        .args(["--bin", env!("CARGO_BIN_EXE_litextract")])
        .args(["--texts", texts])
        .arg("--shared")
        .arg(root().join("../shared"))
        .output()
        .expect("run examples/spark/compare.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "compare.py failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("Spark's JSONL equals the plain run's records"),
        "{stdout}\n{stderr}"
    );
    let lines = stdout
        .lines()
        .find(|l| l.starts_with("plain run:"))
        .unwrap_or("");
    let records: usize = lines
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    // The demo corpus alone gives a few records (its image is skipped).
    let want = if texts == "0" { 5 } else { 300 };
    assert!(records >= want, "{records} records: {stdout}");
}
