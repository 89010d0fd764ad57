//! The records under review: every `*.json` file under the output folder
//! that parses as a `litextract.record/1` record, keyed by its path
//! relative to the folder.
//!
//! Records are found by walking, not through the manifest, so that records
//! of files holding many articles (`DIR/<file>/<key>.json`) are found as
//! they are written. The walk skips `manifest.json`, hidden files and
//! folders (the review journal lives in `.review/`), and does not follow
//! symbolic links out of the folder. The keys found here are the only names
//! a request can make the server read: a request names a key, never a path.

use crate::record::{PageSpan, SCHEMA};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A finding as the review reads it: the value stays JSON, so a role or a
/// value shape added to the contract later is shown, not refused.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FindingView {
    pub id: String,
    pub field: String,
    pub value: serde_json::Value,
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub context: String,
    #[serde(default)]
    pub rule: String,
    #[serde(default)]
    pub confidence: f64,
}

#[derive(Debug, Clone, Deserialize)]
struct RawSource {
    path: String,
    #[serde(default)]
    sha256: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    record: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
struct RawRecord {
    schema: String,
    source: RawSource,
    status: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    pages: Vec<PageSpan>,
    #[serde(default)]
    findings: Vec<FindingView>,
    #[serde(default)]
    summary: serde_json::Value,
    #[serde(default)]
    metadata: Option<serde_json::Value>,
}

/// One record, loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    /// Path of the record file relative to the output folder, `/`-separated.
    pub key: String,
    /// The input file the record was made from (`source.path`).
    pub source: String,
    pub format: String,
    pub sha256: String,
    /// `ok` or `failed`.
    pub status: String,
    pub error: Option<String>,
    pub warnings: Vec<String>,
    /// The article's title: the metadata's, else the first line of text.
    pub title: String,
    pub pmid: Option<String>,
    /// The document's own DOI (summary, else metadata).
    pub doi: Option<String>,
    /// `source.record` for files holding many articles.
    pub record: Option<serde_json::Value>,
    pub metadata: Option<serde_json::Value>,
    pub findings: Vec<FindingView>,
    pub summary: serde_json::Value,
    pub pages: Vec<PageSpan>,
    /// The normalized text all offsets index.
    pub text: String,
}

impl Doc {
    /// Code points of context on each side, for re-attachment.
    pub fn around(&self, start: usize, end: usize, n: usize) -> (String, String) {
        let chars: Vec<char> = self.text.chars().collect();
        let s = start.min(chars.len());
        let e = end.min(chars.len());
        let before: String = chars[s.saturating_sub(n)..s].iter().collect();
        let after: String = chars[e..(e + n).min(chars.len())].iter().collect();
        (before, after)
    }
}

/// Everything under one output folder.
#[derive(Debug, Default)]
pub struct Corpus {
    pub docs: Vec<Doc>,
    by_key: HashMap<String, usize>,
    /// Files that look like records but cannot be read, said plainly.
    pub warnings: Vec<String>,
    /// Inputs `extract` did not read (from `manifest.json`), with reasons.
    pub skipped: Vec<(String, String)>,
}

impl Corpus {
    /// Walks `out` for records. Never fails on one bad file: it becomes a
    /// warning. Fails only if the folder itself cannot be read.
    pub fn load(out: &Path) -> std::io::Result<Corpus> {
        std::fs::read_dir(out)?;
        let mut corpus = Corpus::default();
        let walker = walkdir::WalkDir::new(out)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    corpus.warnings.push(format!("cannot list {e}"));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if !name.ends_with(".json") || (entry.depth() == 1 && name == "manifest.json") {
                continue;
            }
            let Some(key) = key_of(out, entry.path()) else {
                continue;
            };
            match read_doc(entry.path(), &key) {
                Ok(Some(doc)) => {
                    corpus.by_key.insert(key, corpus.docs.len());
                    corpus.docs.push(doc);
                }
                Ok(None) => {}
                Err(why) => corpus.warnings.push(format!("{key}: {why}")),
            }
        }
        corpus.skipped = read_skipped(out);
        Ok(corpus)
    }

    pub fn get(&self, key: &str) -> Option<&Doc> {
        self.by_key.get(key).map(|&i| &self.docs[i])
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

fn key_of(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

/// `Ok(None)` for JSON that is not a record (another tool's file).
fn read_doc(path: &Path, key: &str) -> Result<Option<Doc>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    let raw: RawRecord = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => {
            // Only complain about files that claim to be records.
            let claims = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .is_some_and(|v| v["schema"] == SCHEMA);
            return if claims {
                Err(format!("is a record but cannot be read ({e})"))
            } else {
                Ok(None)
            };
        }
    };
    if raw.schema != SCHEMA {
        return Ok(None);
    }
    let meta = raw.metadata.as_ref();
    let meta_str = |k: &str| {
        meta.and_then(|m| m.get(k))
            .and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            })
            .filter(|s| !s.is_empty())
    };
    let title = meta_str("title").unwrap_or_else(|| first_line(&raw.text));
    let doi = raw.summary["doi"]
        .as_str()
        .map(str::to_string)
        .or_else(|| meta_str("doi"));
    Ok(Some(Doc {
        key: key.to_string(),
        source: raw.source.path,
        format: raw.source.format,
        sha256: raw.source.sha256,
        status: raw.status,
        error: raw.error,
        warnings: raw.warnings,
        title,
        pmid: meta_str("pmid"),
        doi,
        record: raw.source.record,
        metadata: raw.metadata,
        findings: raw.findings,
        summary: raw.summary,
        pages: raw.pages,
        text: raw.text,
    }))
}

/// The first non-empty line, cut at 200 characters: for a plain-text paper
/// it is nearly always the title.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut t: String = line.chars().take(200).collect();
    if line.chars().count() > 200 {
        t.push('…');
    }
    t
}

fn read_skipped(out: &Path) -> Vec<(String, String)> {
    let Some(m) = crate::output::manifest::Manifest::load(out) else {
        return Vec::new();
    };
    m.skipped
        .into_iter()
        .map(|s| (s.path, s.reason))
        .chain(m.problems.into_iter().map(|p| (p.path, p.error)))
        .collect()
}

/// Where records of a folder are, for messages.
pub fn describe(out: &Path) -> PathBuf {
    std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(path: &str, extra: serde_json::Value) -> String {
        let mut r = json!({
            "schema": SCHEMA,
            "source": {"path": path, "sha256": "ab", "bytes": 3, "format": "pubmed-xml"},
            "status": "ok", "error": null, "warnings": [],
            "text": "Title line\nBody (p = 0.03).",
            "pages": [],
            "findings": [{"id": "p_value:17-25", "field": "p_value", "value": {"comparator": "=", "value": 0.03},
                          "text": "p = 0.03", "start": 17, "end": 25, "page": null, "context": "", "rule": "p_value.equals",
                          "confidence": 0.95}],
            "summary": {"doi": null, "registry_ids": [], "sample_size": {"total": null, "enrolled": null,
                        "randomized": null, "analyzed": null, "arms": []}, "p_values": [], "edss": []}
        });
        for (k, v) in extra.as_object().unwrap() {
            if k == "record" {
                r["source"]["record"] = v.clone();
            } else {
                r[k] = v.clone();
            }
        }
        r.to_string()
    }

    #[test]
    fn records_of_files_holding_many_articles_are_found_with_their_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("export.nbib")).unwrap();
        std::fs::create_dir_all(out.join(".review")).unwrap();
        std::fs::write(
            out.join("export.nbib/pmid-31883240.json"),
            record(
                "export.nbib",
                json!({"record": {"index": 0, "key": "pmid-31883240"},
                       "metadata": {"pmid": "31883240", "doi": "10.1/x", "title": "From the metadata"}}),
            ),
        )
        .unwrap();
        std::fs::write(out.join("a.txt.json"), record("a.txt", json!({}))).unwrap();
        std::fs::write(
            out.join("manifest.json"),
            "{\"schema\": \"litextract.manifest/1\"}",
        )
        .unwrap();
        std::fs::write(out.join("other-tool.json"), "[1, 2, 3]").unwrap();
        std::fs::write(out.join(".review/x.json"), record("hidden", json!({}))).unwrap();
        std::fs::write(
            out.join("broken.json"),
            format!("{{\"schema\": \"{SCHEMA}\", \"source\": 3}}"),
        )
        .unwrap();
        let c = Corpus::load(out).unwrap();
        let keys: Vec<&str> = c.docs.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["a.txt.json", "export.nbib/pmid-31883240.json"]);
        let nbib = c.get("export.nbib/pmid-31883240.json").unwrap();
        assert_eq!(nbib.title, "From the metadata");
        assert_eq!(nbib.pmid.as_deref(), Some("31883240"));
        assert_eq!(nbib.doi.as_deref(), Some("10.1/x"));
        assert_eq!(nbib.record.as_ref().unwrap()["key"], "pmid-31883240");
        assert_eq!(c.get("a.txt.json").unwrap().title, "Title line");
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
        assert!(c.warnings[0].starts_with("broken.json"), "{:?}", c.warnings);
    }
}
