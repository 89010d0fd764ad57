//! The five seed documents (`../shared/corpora/seeds`): DOIs and registry
//! IDs must match the gold exactly, and no `must_not` string may appear in
//! any reported value. Skips with a message where `../shared` is absent.

use crate::common;

use std::collections::BTreeSet;

#[test]
fn seeds_identifiers_match_gold() {
    let Some(corpora) = common::shared_corpora() else {
        return common::skip("seeds_identifiers_match_gold");
    };
    let (_out, pairs) = common::extract_gold_set(&corpora.join("seeds"));
    let mut checked = 0;
    for (g, rec) in &pairs {
        let doc = g["doc"].as_str().unwrap();
        common::assert_offsets(rec);

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
