//! `litextract eval` against a gold file and records written by hand
//! (`tests/fixtures/eval/`): every number below was counted by hand from
//! those files, as the comments say, so the scorer is checked against an
//! independent count rather than against itself.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

fn eval_json(records: &Path, extra: &[&str]) -> Value {
    let gold = fixtures().join("gold.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--records")
        .arg(records)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run litextract eval");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("eval --format json prints JSON")
}

/// (metric, docs, tp, fp, fn, precision, recall, f1); `None` = undefined
/// (null in JSON) or not part of the metric.
type Row = (
    &'static str,
    u64,
    u64,
    Option<u64>,
    Option<u64>,
    Option<f64>,
    Option<f64>,
    Option<f64>,
);

const HAND_COUNT: &[Row] = &[
    // a: self DOI right; b: gold null, record null (counted, nothing to match).
    (
        "doi_self",
        2,
        1,
        Some(0),
        Some(0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    ),
    // a: abc.1 found, other.3 reported (FP), cited.2 missed (gold is upper
    // case, compared lower case).
    (
        "doi_all",
        2,
        1,
        Some(1),
        Some(1),
        Some(0.5),
        Some(0.5),
        Some(0.5),
    ),
    // a: NCT01234567 right, the ethics number FWA00001331 reported as own.
    (
        "registry_id",
        2,
        1,
        Some(1),
        Some(0),
        Some(0.5),
        Some(1.0),
        Some(2.0 / 3.0),
    ),
    // only a has the key.
    (
        "registry_id_cited",
        1,
        1,
        Some(0),
        Some(0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    ),
    // a: = 0.03 (reported twice, once as 0.030000000000000002) and < 0.001
    // right, = 0.5 wrong, = 0.2 missed; b (failed): = 0.04 missed; d (no
    // record): gold empty, nothing reported. c has no p_values key.
    (
        "p_value",
        3,
        2,
        Some(1),
        Some(2),
        Some(2.0 / 3.0),
        Some(0.5),
        Some(4.0 / 7.0),
    ),
    // a: 54 ∈ [54]; b: null vs [24]; c: 118 ∈ [120, 118].
    (
        "sample_size_total",
        3,
        2,
        Some(0),
        Some(1),
        Some(1.0),
        Some(2.0 / 3.0),
        Some(0.8),
    ),
    // a: 54 randomized; b: nothing; c: 118 analyzed.
    (
        "sample_size_any",
        3,
        2,
        None,
        Some(1),
        None,
        Some(2.0 / 3.0),
        None,
    ),
    // a: 27, 27 both found; c: one 60 of two (only docs with gold arms).
    (
        "sample_size_arms",
        2,
        3,
        None,
        Some(1),
        None,
        Some(0.75),
        None,
    ),
    // a: 54, 27 (distinct) right, 100 (a dose) wrong, 15 cited left out;
    // c: 118, 60 right, 30 subgroup and 500 cited left out.
    (
        "sample_size_reported",
        3,
        4,
        Some(1),
        None,
        Some(0.8),
        None,
        None,
    ),
    // a: range right; mean without sd ≠ mean with sd (FP + FN); value 5.0
    // FP; threshold ≤ 5.5 missed. b: empty and empty.
    (
        "edss",
        2,
        1,
        Some(2),
        Some(2),
        Some(1.0 / 3.0),
        Some(1.0 / 3.0),
        Some(1.0 / 3.0),
    ),
    (
        "edss_range",
        2,
        1,
        Some(0),
        Some(0),
        Some(1.0),
        Some(1.0),
        Some(1.0),
    ),
    (
        "edss_mean",
        2,
        0,
        Some(1),
        Some(1),
        Some(0.0),
        Some(0.0),
        Some(0.0),
    ),
    ("edss_median", 2, 0, Some(0), Some(0), None, None, None),
    (
        "edss_threshold",
        2,
        0,
        Some(0),
        Some(1),
        None,
        Some(0.0),
        None,
    ),
    ("edss_value", 2, 0, Some(1), Some(0), Some(0.0), None, None),
    ("edss_change", 2, 0, Some(0), Some(0), None, None, None),
];

fn check(report: &Value) {
    let fields = report["fields"].as_object().expect("fields");
    for &(name, docs, tp, fp, fn_, p, r, f1) in HAND_COUNT {
        let m = &fields[name];
        let ctx = format!("{name}: {m}");
        assert_eq!(m["docs"].as_u64(), Some(docs), "docs of {ctx}");
        assert_eq!(m["tp"].as_u64(), Some(tp), "tp of {ctx}");
        assert_eq!(m["fp"].as_u64(), fp, "fp of {ctx}");
        assert_eq!(m["fn"].as_u64(), fn_, "fn of {ctx}");
        for (key, want) in [("precision", p), ("recall", r), ("f1", f1)] {
            match want {
                Some(w) => {
                    let got = m[key].as_f64().unwrap_or_else(|| panic!("{key} of {ctx}"));
                    assert!((got - w).abs() < 1e-9, "{key} of {ctx}: want {w}");
                }
                None => assert!(m[key].is_null(), "{key} of {ctx} should be null"),
            }
        }
    }
    assert_eq!(fields.len(), HAND_COUNT.len(), "unexpected metrics");
    let acc = fields["sample_size_total"]["accuracy"].as_f64().unwrap();
    assert!((acc - 2.0 / 3.0).abs() < 1e-9, "top-1 accuracy {acc}");

    // Four gold lines (the blank line is skipped); e.txt has no gold line.
    assert_eq!(report["documents"], 4);
    assert_eq!(report["failed"], 1); // b.pdf
    assert_eq!(report["missing"], 1); // d.txt
    assert_eq!(report["unreadable"], 0);
    // a: 17 findings, b: none, c: 5, one of them one char too long.
    assert_eq!(report["offsets"]["findings"], 22);
    assert_eq!(report["offsets"]["exact"], 21);
    // a: FWA00001331 is reported; c: 13-5661935 is not.
    assert_eq!(report["must_not"]["checked"], 2);
    assert_eq!(report["must_not"]["hits"], 1);
}

#[test]
fn eval_matches_hand_count_on_record_folder() {
    let report = eval_json(&fixtures().join("records"), &[]);
    check(&report);
    assert!(report.get("errors").is_none(), "errors only with --errors");
}

#[test]
fn eval_reads_jsonl_records_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    let mut names: Vec<_> = std::fs::read_dir(fixtures().join("records"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        lines.push_str(&serde_json::to_string(&v).unwrap());
        lines.push('\n');
    }
    let jsonl = dir.path().join("records.jsonl");
    std::fs::write(&jsonl, lines).unwrap();
    check(&eval_json(&jsonl, &[]));
}

#[test]
fn errors_list_every_miss_and_false_positive_with_evidence() {
    let report = eval_json(&fixtures().join("records"), &["--errors"]);
    check(&report);
    let errors = report["errors"].as_array().expect("errors");
    let find = |field: &str, kind: &str, value: &str| {
        errors
            .iter()
            .find(|e| e["field"] == field && e["kind"] == kind && e["value"] == value)
            .unwrap_or_else(|| panic!("no {kind} {field} {value} in {errors:#?}"))
    };
    // A false positive carries its finding's context.
    assert_eq!(
        find("p_value", "false_positive", "p = 0.5")["context"],
        "ctx: P = 0.5"
    );
    // A miss shows where the value is written, if it is.
    let miss = find("p_value", "miss", "p = 0.2");
    assert!(
        miss["context"].as_str().unwrap().contains("(p = 0.20;"),
        "{miss}"
    );
    let miss = find("edss", "miss", "mean mean=6.75 sd=0.68");
    assert!(
        miss["context"].as_str().unwrap().contains("EDSS was 6.75"),
        "{miss}"
    );
    find("doi_all", "miss", "10.1000/cited.2");
    find("must_not", "false_positive", "FWA00001331");
    find("sample_size_reported", "false_positive", "100 (total)");
    find("sample_size_arms", "miss", "60");
    find("missing", "problem", "no record");
    // Misses + false positives of every non-per-kind metric, plus
    // must_not, the failed, missing and bad-offset problems.
    let misses = errors.iter().filter(|e| e["kind"] == "miss").count();
    let fps = errors
        .iter()
        .filter(|e| e["kind"] == "false_positive")
        .count();
    // misses: doi_all 1, p 2, total 1, any 1, arms 1, edss 2 = 8
    assert_eq!(misses, 8, "{errors:#?}");
    // fps: doi_all 1, registry 1, p 1, reported 1, edss 2, must_not 1 = 7
    assert_eq!(fps, 7, "{errors:#?}");
}

#[test]
fn bad_gold_is_a_fatal_error() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"doc\": \"a.txt\", \"p_values\": [{\"cmp\": \"~\", \"value\": 1}]}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--records")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 1") && err.contains("comparator"),
        "{err}"
    );
}

/// Top-1 accuracy ranks only documents that have a gold total; a total
/// reported where the gold has none still costs precision.
#[test]
fn top1_accuracy_counts_only_documents_with_a_gold_total() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("one.txt"),
        "In total, 120 patients were randomized.\n",
    )
    .unwrap();
    std::fs::write(corpus.join("two.txt"), "We enrolled 30 patients.\n").unwrap();
    let gold = tmp.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            r#"{"doc": "one.txt", "sample_size": {"total": [120], "enrolled": [], "randomized": [120], "analyzed": [], "arms": [], "cited": []}}"#,
            "\n",
            r#"{"doc": "two.txt", "sample_size": {"total": [], "enrolled": [], "randomized": [], "analyzed": [], "arms": [], "cited": []}}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = tmp.path().join("o");
    let bin = env!("CARGO_BIN_EXE_litextract");
    let run = Command::new(bin)
        .arg("extract")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let eval = Command::new(bin)
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg("--records")
        .arg(&out)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&eval.stdout).unwrap();
    let t = &v["fields"]["sample_size_total"];
    assert_eq!(t["accuracy"].as_f64(), Some(1.0), "{t}");
    assert_eq!(t["precision"].as_f64(), Some(0.5), "{t}");
    assert_eq!(v["fields"]["sample_size_any"]["recall"].as_f64(), Some(1.0));
}
