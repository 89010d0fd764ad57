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
    eval_json_with(&fixtures().join("gold.jsonl"), records, extra)
}

fn eval_json_with(gold: &Path, records: &Path, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["eval", "--gold"])
        .arg(gold)
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
    // The summary's arms: a: [27, 27] right; c: [60, 30] against [60, 60]
    // (the subgroup 30 taken for an arm: FP; the second 60 missed).
    (
        "sample_size_summary_arms",
        2,
        3,
        Some(1),
        Some(1),
        Some(0.75),
        Some(0.75),
        Some(0.75),
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
    let acc = fields["sample_size_summary_arms"]["accuracy"].as_f64();
    assert_eq!(acc, Some(0.5), "only a's arms are exactly right");

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

/// The records of a folder as one JSON Lines file (what `extract --format
/// jsonl` would have written), in path order; hidden files and the
/// manifest are not records.
fn as_jsonl(records: &Path, dir: &Path) -> PathBuf {
    let mut lines = String::new();
    for entry in walkdir::WalkDir::new(records).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') || name == "manifest.json" {
            continue;
        }
        let v: Value = serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
        lines.push_str(&serde_json::to_string(&v).unwrap());
        lines.push('\n');
    }
    let jsonl = dir.join("records.jsonl");
    std::fs::write(&jsonl, lines).unwrap();
    jsonl
}

#[test]
fn eval_reads_jsonl_records_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = as_jsonl(&fixtures().join("records"), dir.path());
    check(&eval_json(&jsonl, &[]));
}

#[test]
fn errors_list_every_miss_and_false_positive_with_evidence() {
    let report = eval_json(
        &fixtures().join("records"),
        &["--errors", "--show-check-half-errors"],
    );
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
    // misses: doi_all 1, p 2, total 1, any 1, arms 1, summary arms 1,
    // edss 2 = 9
    assert_eq!(misses, 9, "{errors:#?}");
    // fps: doi_all 1, registry 1, p 1, reported 1, summary arms 1, edss 2,
    // must_not 1 = 8
    assert_eq!(fps, 8, "{errors:#?}");
    assert!(report.get("check_half_errors_not_shown").is_none());
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

// ------------------------------------------------------------ halves ---

/// The fixture's halves by the documented rule (no PMIDs there, so by the
/// SHA-256 of the name, first byte odd = check; Python's hashlib gives
/// a.txt, b.pdf, d.txt dev and c.txt check).
#[test]
fn errors_show_the_dev_half_only_and_say_how_many_are_kept_unread() {
    let report = eval_json(&fixtures().join("records"), &["--errors"]);
    check(&report);
    let errors = report["errors"].as_array().expect("errors");
    assert!(errors.iter().all(|e| e["half"] == "dev"), "{errors:#?}");
    assert!(errors.iter().all(|e| e["doc"] != "c.txt"), "{errors:#?}");
    // c.txt (check): the arm 60 missed (by the findings and by the
    // summary), the summary's arm 30 and the broken offset.
    assert_eq!(report["check_half_errors_not_shown"], 4, "{report:#}");
    let all = eval_json(
        &fixtures().join("records"),
        &["--errors", "--show-check-half-errors"],
    );
    assert_eq!(
        all["errors"].as_array().unwrap().len(),
        errors.len() + 4,
        "{all:#}"
    );
    // The table says it too, in words.
    let out = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["eval", "--errors", "--gold"])
        .arg(fixtures().join("gold.jsonl"))
        .arg("--records")
        .arg(fixtures().join("records"))
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("4 errors of the check half are not shown: it is kept unread"),
        "{table}"
    );
}

#[test]
fn show_check_half_errors_needs_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["eval", "--show-check-half-errors", "--gold"])
        .arg(fixtures().join("gold.jsonl"))
        .arg("--records")
        .arg(fixtures().join("records"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn each_half_is_scored_beside_the_total_and_alone() {
    let all = eval_json(&fixtures().join("records"), &[]);
    assert_eq!(all["half"], "all");
    assert_eq!(all["halves"]["dev"]["documents"], 3);
    assert_eq!(all["halves"]["check"]["documents"], 1);
    // c.txt alone: total 118 right, one of two arms, 118 and 60 reported right.
    let check = &all["halves"]["check"]["fields"];
    assert_eq!(check["sample_size_total"]["tp"], 1);
    assert_eq!(check["sample_size_arms"]["recall"].as_f64(), Some(0.5));
    assert_eq!(check["sample_size_reported"]["tp"], 2);
    // The halves add up to the total, metric by metric.
    for (name, m) in all["fields"].as_object().unwrap() {
        for key in ["docs", "tp", "fp", "fn"] {
            let sum = all["halves"]["dev"]["fields"][name][key]
                .as_u64()
                .unwrap_or(0)
                + check[name][key].as_u64().unwrap_or(0);
            assert_eq!(m[key].as_u64().unwrap_or(0), sum, "{name}.{key}");
        }
    }
    // --half dev scores the dev documents only, exactly as the dev column.
    let dev = eval_json(&fixtures().join("records"), &["--half", "dev"]);
    assert_eq!(dev["half"], "dev");
    assert_eq!(dev["documents"], 3);
    assert_eq!(dev["fields"], all["halves"]["dev"]["fields"]);
    assert!(dev["halves"].get("check").is_none());
    // Its error list is the dev half's, and says that nothing was left out.
    let dev = eval_json(&fixtures().join("records"), &["--half", "dev", "--errors"]);
    assert_eq!(dev["check_half_errors_not_shown"], 0);
    assert!(!dev["errors"].as_array().unwrap().is_empty());
}

// --------------------------------------------------------- per rule ---

/// (field, rule, findings, right, dev findings, dev right), counted by hand
/// from a.txt (dev) and c.txt (check); b.pdf failed (no findings), e.txt
/// has no gold line, c's p-value is not scored (its gold has no p_values).
const RULES: &[(&str, &str, u64, u64, u64, u64)] = &[
    // a: the own DOI is doi.self.
    ("doi", "doi.prefixed", 1, 1, 1, 1),
    // a: 10.1000/other.3 is not in doi.all.
    ("doi", "doi.bare", 1, 0, 1, 0),
    // a: NCT01234567 own, NCT09999999 cited right; FWA00001331 as own wrong.
    ("registry_id", "registry_id.nct", 3, 2, 3, 2),
    // a: 0.03 twice right, 0.5 wrong.
    ("p_value", "p_value.equals", 3, 2, 3, 2),
    ("p_value", "p_value.bound", 1, 1, 1, 1),
    // a: 54 randomized; c: 118 analyzed.
    ("sample_size", "sample_size.count_verb", 2, 2, 1, 1),
    // a: 27, 27; c: 60.
    ("sample_size", "sample_size.arm_n_equals", 3, 3, 2, 2),
    // a: 100 (a dose).
    ("sample_size", "sample_size.count_noun", 1, 0, 1, 0),
    // a: 15 is in gold cited; c: 500 is not (c's cited list is empty).
    ("sample_size", "sample_size.cited", 2, 1, 1, 1),
    // c: 30 women, a subgroup no gold list holds.
    ("sample_size", "sample_size.part_of", 1, 0, 0, 0),
    // a: a mean without its SD, a value the gold does not hold; the range right.
    ("edss", "edss.mean_sd", 1, 0, 1, 0),
    ("edss", "edss.range", 1, 1, 1, 1),
    ("edss", "edss.value", 1, 0, 1, 0),
];

#[test]
fn per_rule_precision_matches_hand_count() {
    let report = eval_json(&fixtures().join("records"), &[]);
    let rules = &report["rules"];
    let mut n = 0;
    for &(field, rule, findings, right, dev_f, dev_r) in RULES {
        let m = &rules[field][rule];
        assert_eq!(m["findings"], findings, "{rule}: {m}");
        assert_eq!(m["right"], right, "{rule}: {m}");
        let p = m["precision"].as_f64().unwrap();
        assert!((p - right as f64 / findings as f64).abs() < 1e-9, "{rule}");
        assert_eq!(m["halves"]["dev"]["findings"], dev_f, "{rule}: {m}");
        assert_eq!(m["halves"]["dev"]["right"], dev_r, "{rule}: {m}");
        assert_eq!(
            m["halves"]["check"]["findings"].as_u64().unwrap(),
            findings - dev_f,
            "{rule}: {m}"
        );
        n += 1;
    }
    let listed: usize = rules
        .as_object()
        .unwrap()
        .values()
        .map(|r| r.as_object().unwrap().len())
        .sum();
    assert_eq!(listed, n, "unexpected rules: {rules:#}");
    // The table has the section, one line per rule.
    let out = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["eval", "--gold"])
        .arg(fixtures().join("gold.jsonl"))
        .arg("--records")
        .arg(fixtures().join("records"))
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("per-rule precision"), "{table}");
    let line = table
        .lines()
        .find(|l| l.contains("registry_id.nct"))
        .expect("a line for registry_id.nct");
    assert!(line.contains(" 3 ") && line.contains("0.667"), "{line}");
}

// ------------------------------------------- files of many articles ---

fn articles() -> PathBuf {
    fixtures().join("articles")
}

/// Counted by hand from tests/fixtures/eval/articles (see the notes in its
/// gold.jsonl): export.nbib all three found, the second with a wrong DOI;
/// mixed.ris one record mixing two articles and one extra; whole.bib one
/// whole-file record for two articles; skipped.xml no record; torture.ris
/// not scored; dup.xml the current one of a repeated PMID; split.nbib one
/// article in two records; plain.txt a tolerated whole-file record.
fn check_articles(a: &Value) {
    let t = &a["total"];
    let want = [
        ("files", 8),
        ("files_tolerated", 1),
        ("files_without_records", 1),
        ("files_one_record", 1),
        ("files_too_many", 1),
        ("articles", 10),
        ("one_record", 5),
        ("missed", 4),
        ("split", 1),
        ("records", 9),
        ("right", 4),
        ("extra", 1),
        ("mixed", 2),
        ("tolerated", 1),
        ("unreadable", 0),
    ];
    for (k, v) in want {
        assert_eq!(t[k], v, "{k} in {t:#}");
    }
    assert_eq!(t["recall"].as_f64(), Some(0.5));
    assert!((t["precision"].as_f64().unwrap() - 4.0 / 9.0).abs() < 1e-9);
    // PMIDs: export 3 pairs (one gold null, record none: agreement), dup, split.
    assert_eq!(t["pmid"]["docs"], 5);
    assert_eq!(t["pmid"]["accuracy"].as_f64(), Some(1.0));
    assert_eq!(
        (t["pmid"]["tp"].as_u64(), t["pmid"]["fp"].as_u64()),
        (Some(4), Some(0))
    );
    // DOIs: export 3 (10.1000/wrong where the gold has none), mixed 1, dup 1.
    assert_eq!(t["doi"]["docs"], 5);
    assert_eq!(t["doi"]["accuracy"].as_f64(), Some(0.8));
    assert_eq!(
        (t["doi"]["tp"].as_u64(), t["doi"]["fp"].as_u64()),
        (Some(3), Some(1))
    );
    // Registry IDs: export #0 found, export #1 none and none, mixed #1 missed.
    let r = &t["registry"];
    assert_eq!(
        (r["docs"].as_u64(), r["tp"].as_u64(), r["fn"].as_u64()),
        (Some(3), Some(1), Some(1))
    );
    // Format: 10 live records of scored files, 7 as expected.
    assert_eq!(t["format"]["records"], 10);
    assert_eq!(t["format"]["agree"], 7);
    // Per format: the two medline files.
    let m = &a["formats"]["medline"];
    assert_eq!(
        (m["files"].as_u64(), m["articles"].as_u64()),
        (Some(2), Some(4))
    );
    assert_eq!(
        (m["one_record"].as_u64(), m["split"].as_u64()),
        (Some(3), Some(1))
    );
    // The halves add up (export, torture, plain: dev; the rest: check).
    let (dev, check) = (&a["halves"]["dev"], &a["halves"]["check"]);
    assert_eq!(dev["files"], 3);
    for k in [
        "files",
        "articles",
        "one_record",
        "records",
        "right",
        "extra",
        "mixed",
    ] {
        let sum = dev[k].as_u64().unwrap() + check[k].as_u64().unwrap();
        assert_eq!(t[k].as_u64(), Some(sum), "{k}");
    }
}

#[test]
fn multi_article_files_match_hand_count() {
    let gold = articles().join("gold.jsonl");
    let report = eval_json_with(&gold, &articles().join("records"), &[]);
    check_articles(&report["articles"]);
    assert_eq!(report["documents"], 0);
}

#[test]
fn multi_article_jsonl_records_score_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = as_jsonl(&articles().join("records"), dir.path());
    let report = eval_json_with(&articles().join("gold.jsonl"), &jsonl, &[]);
    check_articles(&report["articles"]);
}

#[test]
fn multi_article_errors_list_each_miss_with_why() {
    let gold = articles().join("gold.jsonl");
    let records = articles().join("records");
    let report = eval_json_with(&gold, &records, &["--errors", "--show-check-half-errors"]);
    let errors = report["errors"].as_array().unwrap();
    let find = |doc: &str, field: &str| {
        errors
            .iter()
            .find(|e| e["doc"] == doc && e["field"] == field)
            .unwrap_or_else(|| panic!("no {field} error for {doc} in {errors:#?}"))
    };
    let skipped = find("skipped.xml", "articles");
    assert_eq!(skipped["kind"], "miss");
    assert!(
        skipped["context"]
            .as_str()
            .unwrap()
            .contains("skipped by extract: XML"),
        "{skipped}"
    );
    assert!(find("whole.bib", "records_mixed")["value"]
        .as_str()
        .unwrap()
        .contains("whole-file record for 2 articles"));
    assert!(find("mixed.ris", "records_mixed")["value"]
        .as_str()
        .unwrap()
        .contains("mixes #1"));
    assert_eq!(find("export.nbib", "article_doi")["kind"], "false_positive");
    find("split.nbib", "articles_split");
    find("mixed.ris", "records_extra");
    // 13 in all; export.nbib and plain.txt are the dev half's two.
    assert_eq!(errors.len(), 13, "{errors:#?}");
    let dev = eval_json_with(&gold, &records, &["--errors"]);
    assert_eq!(dev["errors"].as_array().unwrap().len(), 2);
    assert_eq!(dev["check_half_errors_not_shown"], 11);
}

/// Today's records of ../shared/corpora/bibformats (one record per file,
/// most files skipped as unsupported): the scorer runs and says so plainly.
#[test]
fn bibformats_with_todays_records_scores_without_crashing() {
    let Some(corpora) = crate::common::shared_corpora() else {
        crate::common::skip("eval::bibformats_with_todays_records_scores_without_crashing");
        return;
    };
    let set = corpora.join("bibformats");
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_litextract");
    let run = Command::new(bin)
        .arg("extract")
        .arg(&set)
        .arg("--out")
        .arg(tmp.path())
        .arg("-q")
        .output()
        .unwrap();
    assert!(matches!(run.status.code(), Some(0 | 1)), "{run:?}");
    // Both halves' errors: a skipped file may be in the check half (once
    // the citation readers read the .isi/.ovd/.cgi files, the one file
    // extract still skips is there).
    let report = eval_json_with(
        &set.join("gold.jsonl"),
        tmp.path(),
        &["--errors", "--show-check-half-errors"],
    );
    let t = &report["articles"]["total"];
    let gold_lines = std::fs::read_to_string(set.join("gold.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(t["files"].as_u64(), Some(gold_lines as u64), "{t:#}");
    let (articles, found) = (
        t["articles"].as_u64().unwrap(),
        t["one_record"].as_u64().unwrap(),
    );
    assert!(articles > 0 && found <= articles, "{t:#}");
    let missed = t["missed"].as_u64().unwrap() + t["split"].as_u64().unwrap();
    assert_eq!(found + missed, articles, "{t:#}");
    // Every format of the gold has its line.
    for f in ["pubmed-xml", "medline", "ris", "bibtex"] {
        assert!(report["articles"]["formats"].get(f).is_some(), "{f}");
    }
    // A miss of a file extract skipped says why. (A file without records
    // whose gold expects none, such as a file that is no export at all, is
    // no miss and has no error.)
    let errors = report["errors"].as_array().unwrap();
    let skipped_with_articles = errors.iter().any(|e| e["kind"] == "miss")
        && t["files_without_records"].as_u64().unwrap() > 0
        && t["missed"].as_u64().unwrap() > 0;
    if skipped_with_articles {
        assert!(
            errors.iter().any(|e| e["context"]
                .as_str()
                .is_some_and(|c| c.starts_with("skipped by extract"))),
            "{errors:#?}"
        );
    }
    // The table has the section and does not pretend to score fields.
    let out = Command::new(bin)
        .args(["eval", "--gold"])
        .arg(set.join("gold.jsonl"))
        .arg("--records")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("files of many articles"), "{table}");
    assert!(table.contains("field metrics are not scored"), "{table}");
}
