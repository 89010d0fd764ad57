//! EDSS fixtures (`tests/fixtures/edss/<stage>/<what_it_shows>.txt` with the
//! expected set of values in a sibling `.json`), the off-scale warning, and
//! the seeds' EDSS gold where `../shared` is present.

use crate::common;

use litextract::extract::edss::{self, Edss};
use litextract::record::{Field, Finding};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edss")
}

fn run(text: &str) -> Vec<Finding> {
    let (_doc, out) = crate::common::extract_text(Some(&Edss), text);
    assert!(out.iter().all(|f| f.field == Field::Edss), "{out:?}");
    out
}

/// A value as a canonical string: keys sorted, numbers as floats, `cmp`
/// (gold's spelling) read as `comparator`.
fn canon(v: &Value) -> String {
    let mut m: Vec<(String, Value)> = v
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| {
            let k = if k == "cmp" {
                "comparator".to_string()
            } else {
                k.clone()
            };
            let v = match v.as_f64() {
                Some(x) if !v.is_string() => Value::from(x),
                _ => v.clone(),
            };
            (k, v)
        })
        .collect();
    m.sort_by(|a, b| a.0.cmp(&b.0));
    serde_json::to_string(&m).unwrap()
}

fn found_set(findings: &[Finding]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|f| canon(&serde_json::to_value(&f.value).unwrap()))
        .collect()
}

#[test]
fn fixtures_match_expected_values() {
    let names = common::texts_under(&fixtures());
    assert!(names.len() >= 25, "fixtures missing: {}", names.len());
    let mut failures = Vec::new();
    let (mut positives, mut traps) = (0, 0);
    for txt in &names {
        let text = fs::read_to_string(txt).unwrap();
        let want: Value =
            serde_json::from_str(&fs::read_to_string(txt.with_extension("json")).unwrap()).unwrap();
        let want: BTreeSet<String> = want.as_array().unwrap().iter().map(canon).collect();
        if want.is_empty() {
            traps += 1;
        } else {
            positives += 1;
        }
        let findings = run(&text);
        let got = found_set(&findings);
        if got != want {
            failures.push(format!(
                "{}:\n  extra   {:?}\n  missing {:?}",
                txt.strip_prefix(fixtures()).unwrap().display(),
                got.difference(&want).collect::<Vec<_>>(),
                want.difference(&got).collect::<Vec<_>>()
            ));
        }
    }
    eprintln!("edss fixtures: {positives} positive, {traps} traps");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn off_scale_scores_warn_and_valid_ones_do_not() {
    let text =
        fs::read_to_string(fixtures().join("after/off_scale_score_is_reported_with_warning.txt"))
            .unwrap();
    let warnings = edss::warnings(&run(&text));
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("outside"), "{warnings:?}");
    assert!(warnings[1].contains("0.5"), "{warnings:?}");

    let ok = run("After five years she had an EDSS score of 5.5. Nothing else changed.");
    assert_eq!(ok.len(), 1);
    assert!(edss::warnings(&ok).is_empty());
}

#[test]
fn no_panic_on_truncated_or_odd_text() {
    for t in [
        "EDSS",
        "EDSS score of",
        "EDSS ≤",
        "mean EDSS 6.75 ±",
        "median EDSS 5 [4–",
        "decreased from 5 to",
        "Expanded Disability Status Scale (EDSS) (3.0-",
        "EDSS ééé 3 ± ü",
        "≥1 EDSS",
    ] {
        let _ = run(t);
    }
}

#[test]
fn seeds_edss_match_gold() {
    let Some(corpora) = common::shared_corpora() else {
        return common::skip("seeds_edss_match_gold");
    };
    let (_out, pairs) = common::extract_gold_set(&corpora.join("seeds"));
    let mut checked = 0;
    for (g, rec) in &pairs {
        let doc = g["doc"].as_str().unwrap();
        let got: BTreeSet<String> = rec["summary"]["edss"]
            .as_array()
            .unwrap()
            .iter()
            .map(canon)
            .collect();
        let want: BTreeSet<String> = g["edss"].as_array().unwrap().iter().map(canon).collect();
        assert_eq!(got, want, "{doc}: EDSS statements");
        checked += 1;
    }
    assert_eq!(checked, 5);
}
