//! `litextract export` against a hand-written CSV.

use super::{decision, extract, fixture_corpus};
use litextract::review::journal::Action;
use litextract::review::Review;
use serde_json::{json, Value};
use std::path::Path;

/// A decision at a fixed time, through the library, on the value whose
/// evidence is `text` (or, for `add`, on that text span).
#[allow(clippy::too_many_arguments)]
fn decide_at(
    review: &mut Review,
    doc_key: &str,
    reviewer: &str,
    time: &str,
    text: &str,
    action: Action,
    corrected: Option<&str>,
    note: Option<&str>,
) {
    use litextract::review::{attach, journal};
    let doc = review.corpus.get(doc_key).unwrap();
    let evidence = if action == journal::Action::Add {
        let chars: Vec<char> = doc.text.chars().collect();
        let needle: Vec<char> = text.chars().collect();
        let start = chars
            .windows(needle.len())
            .position(|w| w == needle.as_slice())
            .unwrap();
        attach::evidence_of_span(doc, "edss", start, start + needle.len()).unwrap()
    } else {
        let i = doc.findings.iter().position(|f| f.text == text).unwrap();
        attach::evidence_of_finding(doc, i)
    };
    let d = decision(doc_key, reviewer, time, action, evidence, corrected, note);
    review.record(d).unwrap();
}

fn exported(out: &Path, what: &str, format: &str) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["export", "--format", format, "--what", what, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn export_matches_the_hand_written_csv() {
    use litextract::review::journal::Action::*;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    extract(&fixture_corpus(), &out);
    let mut r = Review::open(&out).unwrap();
    let t = "trial.txt.json";
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:00:00.000Z",
        "10.1234/abcd.2020.001",
        Accept,
        None,
        None,
    );
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:01:00.000Z",
        "54 patients",
        Correct,
        Some("56"),
        Some("typo in the abstract, the CONSORT figure says 56"),
    );
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:02:00.000Z",
        "p = 0.41",
        Reject,
        None,
        None,
    );
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:03:00.000Z",
        "four and a half",
        Add,
        Some("EDSS mean 4.5"),
        None,
    );
    decide_at(
        &mut r,
        t,
        "ben",
        "2026-01-05T10:04:00.000Z",
        "p = 0.41",
        Accept,
        None,
        None,
    );
    decide_at(
        &mut r,
        t,
        "ben",
        "2026-01-05T10:05:00.000Z",
        "10.1234/abcd.2020.001",
        Accept,
        None,
        None,
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export");
    for what in ["documents", "values"] {
        let want = std::fs::read_to_string(fixtures.join(format!("{what}.csv"))).unwrap();
        let got = exported(&out, what, "csv");
        assert_eq!(got, want, "export --what {what}:\n{got}");
    }
    // JSON Lines: same rows, numbers as numbers, text as it is (no
    // spreadsheet escaping).
    let lines = exported(&out, "documents", "jsonl");
    let rows: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["total_n"], json!(56.0));
    assert!(rows[1]["title"].as_str().unwrap().starts_with("=HYPERLINK"));
    // Agreement: two values judged by both; they agree on one.
    let agreement = exported(&out, "agreement", "csv");
    assert!(agreement.contains("ana,ben,doi,1,1,100,\n"), "{agreement}");
    assert!(
        agreement.contains("ana,ben,p_value,1,0,0,0\n"),
        "{agreement}"
    );
    assert!(agreement.contains("ana,ben,all,2,1,50,0\n"), "{agreement}");
}
