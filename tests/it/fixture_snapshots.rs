//! One snapshot harness over every extractor's fixture folder, as ruff
//! keeps its rule fixtures: each `tests/fixtures/<field>/**/<name>.txt` is
//! run through every extractor, and everything found for that field (value,
//! role, group, rule, confidence and the span's text, in text order) plus
//! the field's part of the summary and the summary's warnings is compared
//! with `tests/it/snapshots/fixtures/<field>/**/<name>.snap`.
//!
//! Any change of behaviour then shows up as a diff to review (`cargo insta
//! review`, or `INSTA_UPDATE=always cargo test --test it fixture_snapshots`
//! and `git diff`), where the expected-value files (`<name>.json`, checked
//! by each field's own tests) only say what must and must not be found.
//! Every fixture is checked before the test fails, so one run lists them all.

use crate::common;

use litextract::extract::summarize;
use litextract::record::{Field, Finding, Summary};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn snapshots_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots/fixtures")
}

/// The fixture folders that belong to an extractor (`tests/fixtures/eval`,
/// `export` and `review` hold other tests' inputs).
fn field_folders() -> Vec<(Field, PathBuf)> {
    Field::ALL
        .iter()
        .map(|&f| (f, fixtures_root().join(f.as_str())))
        .filter(|(_, p)| p.is_dir())
        .collect()
}

/// The field's part of the summary, as compact JSON.
fn summary_part(field: Field, s: &Summary) -> String {
    let v = match field {
        Field::Doi => serde_json::to_value(&s.doi),
        Field::RegistryId => serde_json::to_value(&s.registry_ids),
        Field::PValue => serde_json::to_value(&s.p_values),
        Field::SampleSize => serde_json::to_value(&s.sample_size),
        Field::Edss => serde_json::to_value(&s.edss),
    };
    v.unwrap().to_string()
}

/// What a fixture gives for its field, one finding a line.
fn render(field: Field, findings: &[Finding], summary: &Summary, warnings: &[String]) -> String {
    let mut out = String::new();
    for f in findings.iter().filter(|f| f.field == field) {
        writeln!(
            out,
            "{}  {}  {:.2}  {:?}",
            serde_json::to_string(&f.value).unwrap(),
            f.rule,
            f.confidence,
            f.text
        )
        .unwrap();
    }
    writeln!(out, "summary: {}", summary_part(field, summary)).unwrap();
    for w in warnings {
        writeln!(out, "warning: {w}").unwrap();
    }
    out
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let mut failed = Vec::new();
    let mut checked = 0;
    for (field, dir) in field_folders() {
        for txt in common::texts_under(&dir) {
            let rel = txt.strip_prefix(fixtures_root()).unwrap().to_path_buf();
            let text = fs::read_to_string(&txt).unwrap();
            let (_doc, findings) = common::extract_text(None, &text);
            let (summary, warnings) = summarize(&findings);
            let got = render(field, &findings, &summary, &warnings);
            let snap_dir = snapshots_root().join(rel.parent().unwrap());
            let name = txt.file_stem().unwrap().to_string_lossy().into_owned();
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_path(snap_dir);
            settings.set_prepend_module_to_snapshot(false);
            settings.set_input_file(&txt);
            settings.set_omit_expression(true);
            // insta panics on a mismatch; catching it lets one run list
            // every differing fixture.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                settings.bind(|| insta::assert_snapshot!(name, got));
            }));
            if result.is_err() {
                failed.push(rel.display().to_string());
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} fixtures found");
    assert!(
        failed.is_empty(),
        "{} of {checked} fixtures differ from their snapshots (review the .snap.new files): {failed:#?}",
        failed.len()
    );
}

/// A snapshot whose fixture is gone (renamed, moved to a stage folder)
/// would otherwise linger unchecked.
#[test]
fn every_snapshot_has_its_fixture() {
    let root = snapshots_root();
    if !root.is_dir() {
        return;
    }
    let mut stack = vec![root.clone()];
    let mut orphans = Vec::new();
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "snap") {
                let rel = p.strip_prefix(&root).unwrap().with_extension("txt");
                if !fixtures_root().join(&rel).is_file() {
                    orphans.push(rel.display().to_string());
                }
            }
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:#?}"
    );
}
