//! Where records go, relative to the output folder.
//!
//! A file that is one document: `DIR/<rel>.json` (`corpus/a/b.pdf` →
//! `extracted/a/b.pdf.json`). A file that holds many articles: one record
//! per article in a folder named after the file, `DIR/<rel>/<key>.json`
//! (`corpus/export.nbib` → `extracted/export.nbib/pmid-31883240.json`),
//! with that input's reuse state beside them ([`STATE_FILE`]).

/// The per-article reuse state in a many-article file's record folder
/// (JSON Lines, see `output::state`). Hidden, so that tools listing
/// records (`*.json`) pass it by.
pub const STATE_FILE: &str = ".litextract-articles.jsonl";

/// The record of a one-document file.
pub fn record_rel(input_rel: &str) -> String {
    format!("{input_rel}.json")
}

/// The folder of a many-article file's records.
pub fn articles_dir(input_rel: &str) -> String {
    input_rel.to_string()
}

/// The record of one article of a many-article file.
pub fn article_rel(input_rel: &str, key: &str) -> String {
    format!("{}/{key}.json", articles_dir(input_rel))
}

/// The reuse state of a many-article file.
pub fn state_rel(input_rel: &str) -> String {
    format!("{}/{STATE_FILE}", articles_dir(input_rel))
}

/// True for a file name a record key gives (see `ingest::keys`): these are
/// the only files a refresh removes from a many-article file's folder.
pub fn is_article_record(name: &str) -> bool {
    name.ends_with(".json")
        && ["pmid-", "pmcid-", "doi-", "id-", "index-"]
            .iter()
            .any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_per_the_contract() {
        assert_eq!(record_rel("a/b.pdf"), "a/b.pdf.json");
        assert_eq!(
            article_rel("export.nbib", "pmid-31883240"),
            "export.nbib/pmid-31883240.json"
        );
        assert_eq!(state_rel("x.xml.gz"), "x.xml.gz/.litextract-articles.jsonl");
        assert!(is_article_record("pmid-1.json"));
        assert!(!is_article_record("notes.json") && !is_article_record(STATE_FILE));
    }
}
