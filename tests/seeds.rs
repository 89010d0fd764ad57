//! The five seed documents (`../shared/corpora/seeds`): DOIs and registry
//! IDs must match the gold exactly, and no `must_not` string may appear in
//! any reported value. Skips with a message where `../shared` is absent.

mod common;

use litextract::pipeline::{self, Mode, Options, Silent};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;

#[test]
fn seeds_identifiers_match_gold() {
    let Some(corpora) = common::shared_corpora() else {
        return common::skip("seeds_identifiers_match_gold");
    };
    let seeds = corpora.join("seeds");
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = Options::new(vec![seeds.clone()], tmp.path().to_path_buf());
    opts.mode = Mode::Files;
    let report = pipeline::run(&opts, &Silent, None).unwrap();
    assert_eq!(report.counts.failed, 0);

    let gold = fs::read_to_string(seeds.join("gold.jsonl")).unwrap();
    let mut checked = 0;
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).unwrap();
        let doc = g["doc"].as_str().unwrap();
        let rec: Value =
            serde_json::from_slice(&fs::read(tmp.path().join(format!("{doc}.json"))).unwrap())
                .unwrap();
        common::assert_offsets(&rec);

        assert_eq!(rec["summary"]["doi"], g["doi"]["self"], "{doc}: self DOI");
        let all: BTreeSet<&str> = rec["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["field"] == "doi")
            .map(|f| f["value"]["doi"].as_str().unwrap())
            .collect();
        let want: BTreeSet<&str> = g["doi"]["all"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(all, want, "{doc}: all DOIs");

        let ids: BTreeSet<&str> = rec["summary"]["registry_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let want: BTreeSet<&str> = g["registry_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(ids, want, "{doc}: own registry IDs");

        for bad in g["must_not"].as_array().into_iter().flatten() {
            let bad = bad.as_str().unwrap().to_lowercase();
            for f in rec["findings"].as_array().unwrap() {
                let v = f["value"].to_string().to_lowercase();
                assert!(!v.contains(&bad), "{doc}: reported must_not {bad:?} in {v}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 5);
}
