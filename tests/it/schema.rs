//! The record's JSON Schema is generated from the Rust types; this snapshot
//! makes any change to the contract show up as a diff in review.

#[test]
fn record_schema_matches_snapshot() {
    insta::assert_json_snapshot!("record_schema", litextract::record_schema());
}

#[test]
fn schema_names_every_contract_field() {
    let schema = litextract::record_schema();
    let props = schema["properties"].as_object().expect("properties");
    for key in [
        "schema", "source", "status", "error", "warnings", "text", "pages", "findings", "summary",
    ] {
        assert!(props.contains_key(key), "missing {key}");
    }
}
