//! p-values: every fixture under `tests/fixtures/p_value/` (a `.txt` written
//! in the style of real papers and a sibling `.json` listing the expected
//! p-values in order, with their statistic and flags where the text gives
//! one), and the p-value F1 on every shared gold set that annotates
//! p-values (skipped where `../shared` is absent).

use crate::common;

use litextract::extract::p_value::PValueExtractor;
use litextract::pipeline::{self, Mode, Options, Silent};
use litextract::record::{Finding, PValue, Value};
use serde_json::Value as Json;
use std::fs;
use std::path::Path;

fn p_values(text: &str) -> Vec<(Finding, PValue)> {
    let (_doc, out) = crate::common::extract_text(Some(&PValueExtractor), text);
    out.into_iter()
        .map(|f| {
            let Value::PValue(p) = f.value.clone() else {
                panic!("not a p-value: {f:?}")
            };
            (f, p)
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 + 1e-9 * b.abs()
}

#[test]
fn fixtures_give_their_expected_p_values() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/p_value");
    let mut checked = 0;
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for txt in names {
        let name = txt.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&txt).unwrap();
        let want: Vec<Json> =
            serde_json::from_str(&fs::read_to_string(txt.with_extension("json")).unwrap()).unwrap();
        let got = p_values(&text);
        let show: Vec<String> = got
            .iter()
            .map(|(f, p)| {
                format!(
                    "{} {} {:?} ({})",
                    p.comparator.as_str(),
                    p.value,
                    p.flags,
                    f.text
                )
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{name}: got {show:#?}");
        for ((f, p), w) in got.iter().zip(&want) {
            let ctx = format!("{name}: {:?} vs {w}", f.text);
            assert_eq!(p.comparator.as_str(), w["cmp"].as_str().unwrap(), "{ctx}");
            assert!(
                close(p.value, w["value"].as_f64().unwrap()),
                "{ctx}: {}",
                p.value
            );
            let flags: Vec<&str> = w["flags"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            assert_eq!(p.flags, flags, "{ctx}: flags");
            match (&p.statistic, w.get("stat")) {
                (None, None) => {}
                (Some(s), Some(name)) => {
                    assert_eq!(s.name, name.as_str().unwrap(), "{ctx}");
                    let df: Vec<f64> = w["df"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_f64().unwrap())
                        .collect();
                    assert_eq!(s.df, df, "{ctx}: df");
                    assert!(close(s.value, w["stat_value"].as_f64().unwrap()), "{ctx}");
                }
                (s, w) => panic!("{ctx}: statistic {s:?}, expected {w:?}"),
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures found");
}

/// Distinct (comparator, value) pairs, the unit the gold annotates.
fn distinct(pairs: impl Iterator<Item = (String, f64)>) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for (c, v) in pairs {
        if !out.iter().any(|(c2, v2)| *c2 == c && close(*v2, v)) {
            out.push((c, v));
        }
    }
    out
}

#[test]
fn p_value_f1_on_gold_sets() {
    let Some(corpora) = common::shared_corpora() else {
        return common::skip("p_value_f1_on_gold_sets");
    };
    let mut sets = 0;
    for entry in fs::read_dir(&corpora).unwrap() {
        let set = entry.unwrap().path();
        let Ok(gold) = fs::read_to_string(set.join("gold.jsonl")) else {
            continue;
        };
        let golds: Vec<Json> = gold
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|g: &Json| g.get("p_values").is_some())
            .collect();
        if golds.is_empty() {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let mut opts = Options::new(vec![set.clone()], tmp.path().to_path_buf());
        opts.mode = Mode::Files;
        pipeline::run(&opts, &Silent, None).unwrap();
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for g in &golds {
            let doc = g["doc"].as_str().unwrap();
            let rec: Json =
                serde_json::from_slice(&fs::read(tmp.path().join(format!("{doc}.json"))).unwrap())
                    .unwrap();
            let got = distinct(
                rec["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|f| f["field"] == "p_value")
                    .map(|f| {
                        (
                            f["value"]["comparator"].as_str().unwrap().to_string(),
                            f["value"]["value"].as_f64().unwrap(),
                        )
                    }),
            );
            let want = distinct(g["p_values"].as_array().unwrap().iter().map(|p| {
                (
                    p["cmp"].as_str().unwrap().to_string(),
                    p["value"].as_f64().unwrap(),
                )
            }));
            let hit = |a: &(String, f64), b: &(String, f64)| a.0 == b.0 && close(a.1, b.1);
            let t = got
                .iter()
                .filter(|x| want.iter().any(|w| hit(x, w)))
                .count();
            for x in got.iter().filter(|x| !want.iter().any(|w| hit(x, w))) {
                eprintln!("  FP {doc}: {x:?}");
            }
            for w in want.iter().filter(|w| !got.iter().any(|x| hit(x, w))) {
                eprintln!("  FN {doc}: {w:?}");
            }
            tp += t;
            fp += got.len() - t;
            fn_ += want.len() - t;
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        eprintln!(
            "p_value {}: {} docs, tp={tp} fp={fp} fn={fn_} P={p:.3} R={r:.3} F1={f1:.3}",
            set.file_name().unwrap().to_string_lossy(),
            golds.len()
        );
        assert!(
            f1 >= 0.97 || tp + fp + fn_ == 0,
            "p-value F1 {f1:.3} < 0.97 on {set:?}"
        );
        sets += 1;
    }
    assert!(sets >= 1, "no gold set annotates p-values");
}
