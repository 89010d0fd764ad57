//! End to end: the binary over a temporary corpus (text, PDF, a corrupt PDF,
//! an empty file, an unsupported file), then incremental reruns.

use crate::common;

use common::{assert_offsets, minimal_pdf};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn litextract(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(args)
        .output()
        .expect("run litextract")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn make_corpus(dir: &Path) {
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(
        dir.join("abstract.txt"),
        "Results: Subjects were randomized into MSC-NP (n = 27) or saline (n = 27) groups (p = 0.030).\n\
         Trial registration: ClinicalTrials.gov NCT03355365.\ndoi: 10.1186/s13287-024-03765-6.\n",
    )
    .unwrap();
    fs::write(
        dir.join("sub/paper.pdf"),
        minimal_pdf(&[
            &["A randomized trial of something", "doi: 10.1000/xyz.2020.1"],
            &[
                "Results: the difference was significant (P < 0.001).",
                "ISRCTN 49286846",
            ],
        ]),
    )
    .unwrap();
    fs::write(
        dir.join("sub/corrupt.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog",
    )
    .unwrap();
    fs::write(dir.join("empty.txt"), b"").unwrap();
    fs::write(dir.join("figure.png"), b"\x89PNG\r\n\x1a\nrest").unwrap();
    fs::write(
        dir.join("latin1.txt"),
        b"Mean EDSS score was 6.75 \xb1 0.68.\n",
    )
    .unwrap();
    fs::write(dir.join(".hidden.txt"), b"not read").unwrap();
}

fn mtime(p: &Path) -> std::time::SystemTime {
    fs::metadata(p).unwrap().modified().unwrap()
}

#[test]
fn corpus_to_records_then_incremental_reruns() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let out = tmp.path().join("out");
    make_corpus(&corpus);
    let (c, o) = (corpus.to_str().unwrap(), out.to_str().unwrap());

    let run = litextract(&["extract", c, "--out", o, "--jobs", "2"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(
        run.status.code(),
        Some(1),
        "a corrupt PDF makes exit 1: {stderr}"
    );
    assert!(stderr.contains("failed: sub/corrupt.pdf"), "{stderr}");
    assert!(
        stderr.contains("5 documents: 4 ok, 1 failed, 1 skipped, 0 unchanged"),
        "{stderr}"
    );

    let rec = read_json(&out.join("abstract.txt.json"));
    assert_eq!(rec["schema"], "litextract.record/1");
    assert_eq!(rec["status"], "ok");
    assert_eq!(rec["summary"]["doi"], "10.1186/s13287-024-03765-6");
    assert_eq!(rec["summary"]["registry_ids"][0]["id"], "NCT03355365");
    assert_eq!(
        rec["summary"]["sample_size"]["arms"],
        serde_json::json!([27, 27])
    );
    assert_eq!(rec["summary"]["p_values"][0]["value"], 0.03);
    assert_offsets(&rec);

    let pdf = read_json(&out.join("sub/paper.pdf.json"));
    assert_eq!(pdf["status"], "ok", "{pdf}");
    assert_eq!(pdf["source"]["format"], "pdf");
    assert_eq!(pdf["pages"].as_array().unwrap().len(), 2);
    let isrctn = pdf["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "registry_id")
        .expect("registry id on page 2");
    assert_eq!(isrctn["page"], 2);
    assert_eq!(isrctn["value"]["id"], "ISRCTN49286846");
    assert_offsets(&pdf);

    let bad = read_json(&out.join("sub/corrupt.pdf.json"));
    assert_eq!(bad["status"], "failed");
    let err = bad["error"].as_str().unwrap();
    assert!(
        !err.contains("panicked") && !err.is_empty(),
        "plain words: {err}"
    );
    assert_eq!(bad["findings"], serde_json::json!([]));

    let empty = read_json(&out.join("empty.txt.json"));
    assert_eq!(empty["status"], "ok");
    assert!(
        empty["warnings"][0].as_str().unwrap().contains("empty"),
        "{empty}"
    );

    let latin = read_json(&out.join("latin1.txt.json"));
    assert_eq!(latin["source"]["encoding"], "windows-1252");
    assert!(latin["text"].as_str().unwrap().contains("6.75 ± 0.68"));
    assert_eq!(latin["warnings"].as_array().unwrap().len(), 1);

    let manifest = read_json(&out.join("manifest.json"));
    assert_eq!(manifest["skipped"][0]["path"], "figure.png");
    assert!(manifest["skipped"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("PNG"));
    assert_eq!(manifest["documents"].as_object().unwrap().len(), 5);
    assert!(!out.join(".hidden.txt.json").exists());
    assert!(!out.join("figure.png.json").exists());

    // Rerun with nothing changed: everything unchanged, nothing rewritten.
    let before = mtime(&out.join("abstract.txt.json"));
    let run = litextract(&["extract", c, "--out", o]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "the corrupt PDF still fails");
    assert!(stderr.contains("5 unchanged"), "{stderr}");
    assert_eq!(mtime(&out.join("abstract.txt.json")), before);

    // One file changes: exactly that record is rewritten.
    let pdf_before = mtime(&out.join("sub/paper.pdf.json"));
    fs::write(corpus.join("abstract.txt"), "Now p < 0.01 only.\n").unwrap();
    let run = litextract(&["extract", c, "--out", o]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("4 unchanged"), "{stderr}");
    let m = read_json(&out.join("manifest.json"));
    assert_eq!(m["counts"]["written"], 1, "{}", m["counts"]);
    assert_eq!(mtime(&out.join("sub/paper.pdf.json")), pdf_before);
    let rec = read_json(&out.join("abstract.txt.json"));
    assert_eq!(rec["summary"]["p_values"][0]["comparator"], "<");

    // Inputs disappear: their records go, and the summary says so.
    fs::remove_file(corpus.join("sub/corrupt.pdf")).unwrap();
    let run = litextract(&["extract", c, "--out", o]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("1 removed"), "{stderr}");
    assert!(!out.join("sub/corrupt.pdf.json").exists());
    let m = read_json(&out.join("manifest.json"));
    assert_eq!(m["removed"], serde_json::json!(["sub/corrupt.pdf"]));
}

#[test]
fn same_content_new_mtime_is_unchanged_by_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), "p = 0.04").unwrap();
    let out = tmp.path().join("o");
    let (c, o) = (corpus.to_str().unwrap(), out.to_str().unwrap());
    assert_eq!(
        litextract(&["extract", c, "--out", o]).status.code(),
        Some(0)
    );
    // Touch: same bytes, new mtime. The hash says unchanged.
    let f = fs::File::options()
        .write(true)
        .open(corpus.join("a.txt"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    let run = litextract(&["extract", c, "--out", o]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("1 unchanged"));
}

#[test]
fn jsonl_streams_records_in_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus);
    let run = litextract(&[
        "extract",
        corpus.to_str().unwrap(),
        "--format",
        "jsonl",
        "-q",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8(run.stdout).unwrap();
    let paths: Vec<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "abstract.txt",
            "empty.txt",
            "latin1.txt",
            "sub/corrupt.pdf",
            "sub/paper.pdf"
        ]
    );
    // Nothing written to the default output folder in this mode.
    assert!(!tmp.path().join("extracted").exists());
}

#[test]
fn fatal_errors_exit_2_with_a_message() {
    let run = litextract(&["extract", "/nonexistent/corpus"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("input not found: /nonexistent/corpus"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));

    let run = litextract(&["extract", "--jobs", "many"]);
    assert_eq!(run.status.code(), Some(2));

    // The output folder is locked by another run.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), "x").unwrap();
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let _held = litextract::output::OutputLock::acquire(&out).unwrap();
    let run = litextract(&[
        "extract",
        tmp.path().join("a.txt").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("another litextract run"));
}

#[test]
fn an_output_folder_that_is_a_file_is_named_once() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), "x").unwrap();
    let file = tmp.path().join("taken");
    fs::write(&file, "not a folder").unwrap();
    for out in [file.clone(), file.join("out")] {
        let run = litextract(&[
            "extract",
            tmp.path().join("a.txt").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&run.stderr);
        let says = format!("{} is a file, not a folder", file.display());
        // Said once: the reason is not repeated by the error chain.
        assert_eq!(stderr.matches(&says).count(), 1, "{stderr}");
        assert!(!stderr.contains("os error"), "{stderr}");
    }
}

#[test]
fn help_documents_exit_codes() {
    let run = litextract(&["extract", "--help"]);
    assert_eq!(run.status.code(), Some(0));
    let help = String::from_utf8_lossy(&run.stdout);
    assert!(
        help.contains("Exit codes:") && help.contains("2  fatal"),
        "{help}"
    );
}

#[test]
fn licenses_name_ours_and_the_embedded_pdfium_notices() {
    let run = litextract(&["licenses"]);
    assert_eq!(run.status.code(), Some(0));
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("MIT OR Apache-2.0"), "{text}");
    if litextract::ingest::pdfium::EMBEDDED {
        // pdfium's own licence and one of a library its build links in.
        assert!(text.contains("pdfium.txt <=="), "{text}");
        assert!(text.contains("freetype.txt <=="), "{text}");
    } else {
        eprintln!("SKIPPED part: this build has no pdfium, so only ours is checked");
        assert!(text.contains("built without pdfium"), "{text}");
    }
}

#[test]
fn a_failure_under_one_limit_is_not_reused_under_another() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    fs::create_dir_all(&corpus).unwrap();
    // Over 1 MB of filler (cheap to extract), one finding.
    let mut big = "filler words on a line\n".repeat(50_000);
    big.push_str("Patients were randomized (p = 0.04).\n");
    fs::write(corpus.join("big.txt"), &big).unwrap();
    let out = tmp.path().join("o");
    let (c, o) = (corpus.to_str().unwrap(), out.to_str().unwrap());
    let run = litextract(&["extract", c, "--out", o, "--max-size", "1"]);
    assert_eq!(run.status.code(), Some(1));
    let rec = read_json(&out.join("big.txt.json"));
    assert!(
        rec["error"]
            .as_str()
            .unwrap()
            .contains("over the 1.0 MB limit"),
        "{rec}"
    );
    // The same limit again: the failure stands, the file is not read.
    let run = litextract(&["extract", c, "--out", o, "--max-size", "1"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("1 unchanged"));
    // A larger limit: read again, and the record no longer quotes 1 MB.
    let run = litextract(&["extract", c, "--out", o, "--max-size", "5"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("0 unchanged"), "{stderr}");
    let rec = read_json(&out.join("big.txt.json"));
    assert_eq!(rec["status"], "ok", "{}", rec["error"]);
    assert_eq!(rec["summary"]["p_values"][0]["value"], 0.04);
    // An ok record is reused whatever the limits.
    let run = litextract(&["extract", c, "--out", o, "--timeout", "7"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("1 unchanged"));
}

/// Runs the binary with its stdout piped to a reader that takes `keep`
/// bytes and closes the pipe.
fn closed_early(args: &[&str], keep: usize) -> (Option<i32>, String, usize) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0u8; keep];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    (status.code(), stderr, head.len())
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_a_normal_end() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    fs::create_dir_all(&corpus).unwrap();
    let mut gold = String::new();
    for i in 0..600 {
        fs::write(
            corpus.join(format!("doc{i:04}.txt")),
            format!(
                "Abstract {i}. Patients (n = {}) were randomized (p = 0.0{}); EDSS 3.0-6.5.\n",
                20 + i % 50,
                1 + i % 9
            ),
        )
        .unwrap();
        gold.push_str(&format!(
            "{{\"doc\": \"doc{i:04}.txt\", \"p_values\": [], \"edss\": []}}\n"
        ));
    }
    // `extract --format jsonl | head -c 1000`: 600 records are far more
    // than a pipe buffer, so the writer meets the closed pipe.
    let (code, stderr, _) = closed_early(
        &[
            "extract",
            corpus.to_str().unwrap(),
            "--format",
            "jsonl",
            "-q",
            "-j",
            "2",
        ],
        1000,
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "no message: {stderr}");

    // `eval --errors | head`: every finding is a false positive here.
    let out = tmp.path().join("o");
    let run = litextract(&[
        "extract",
        corpus.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(run.status.code(), Some(0));
    let gold_path = tmp.path().join("gold.jsonl");
    fs::write(&gold_path, gold).unwrap();
    let args = [
        "eval",
        "--gold",
        gold_path.to_str().unwrap(),
        "--records",
        out.to_str().unwrap(),
        "--errors",
        // Both halves' errors, so the report is long.
        "--show-check-half-errors",
    ];
    let full = litextract(&args);
    assert!(
        full.stdout.len() > 100_000,
        "enough to fill a pipe: {}",
        full.stdout.len()
    );
    let (code, stderr, _) = closed_early(&args, 1000);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty(), "no panic, no message: {stderr}");
}

#[test]
fn timings_print_every_stage_after_the_summary_and_change_no_record() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    make_corpus(&corpus);
    let (plain, timed) = (tmp.path().join("plain"), tmp.path().join("timed"));
    let run = |out: &Path, extra: &[&str]| {
        let mut args = vec!["extract", corpus.to_str().unwrap(), "-q", "--out"];
        args.push(out.to_str().unwrap());
        args.extend_from_slice(extra);
        litextract(&args)
    };
    let a = run(&plain, &[]);
    let b = run(&timed, &["--timings"]);
    assert_eq!(a.status.code(), b.status.code());
    let said = String::from_utf8(b.stderr).unwrap();
    assert!(!String::from_utf8(a.stderr)
        .unwrap()
        .contains("time by stage"));
    let summary = said.find(" documents: ").expect("summary line");
    let table = said.find("time by stage").expect("the timings table");
    assert!(summary < table, "{said}");
    let mut total = 0.0;
    for stage in [
        "read file",
        "parse (format reader)",
        "normalize",
        "extract: doi",
        "extract: registry_id",
        "extract: p_value",
        "extract: sample_size",
        "extract: edss",
        "summarize",
        "serialize JSON",
        "write record",
    ] {
        let line = said
            .lines()
            .find(|l| l.trim_start().starts_with(stage))
            .unwrap_or_else(|| panic!("no {stage} line in {said}"));
        let secs: f64 = line[line.find(stage).unwrap() + stage.len()..]
            .split_whitespace()
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no seconds in {line}"));
        total += secs;
    }
    assert!(total > 0.0, "{said}");
    // Timing is observation only: the records are the same bytes (the
    // run's times live in the manifest, not in records).
    for rec in ["abstract.txt.json", "latin1.txt.json", "sub/paper.pdf.json"] {
        let (x, y) = (read_json(&plain.join(rec)), read_json(&timed.join(rec)));
        assert_eq!(x, y, "{rec}");
    }
}
