//! Where the records to score are, and reading them back: a folder written
//! by `extract --out DIR`, or a JSON Lines file written by
//! `extract --format jsonl`.
//!
//! A document's record is `DIR/<doc>.json`, or the line whose `source.path`
//! is `doc` (and that has no `source.record`). The records of a file that
//! holds many articles (output contract, "Files that hold many articles")
//! are `DIR/<doc>/<key>.json`, or every line whose `source.path` is `doc`;
//! they are read through [`ArticleRecord`], a lenient view of the few keys
//! the article scorer needs, so that records made by any version of the
//! readers can be scored.

use super::EvalError;
use crate::record::Record;
use serde::{Deserialize, Deserializer};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the records are: a folder of `<doc>.json`, or one JSON Lines file.
pub enum Records {
    Dir {
        dir: PathBuf,
        /// Why `extract` skipped a file, from the folder's `manifest.json`.
        skipped: HashMap<String, String>,
    },
    /// The lines of the file by `source.path`, in file order.
    Lines(HashMap<String, Vec<String>>),
}

/// What reading one document's record gave.
pub enum Loaded {
    Ok(Box<Record>),
    Missing,
    Unreadable(String),
}

/// The records of a file that holds many articles, as read.
#[derive(Debug, Default)]
pub struct FileRecords {
    pub records: Vec<ArticleRecord>,
    /// Records that exist but do not parse, with why.
    pub unreadable: Vec<String>,
    /// Why `extract` skipped the file, when its manifest says so.
    pub skipped: Option<String>,
}

/// The keys of a record the article scorer reads; everything else in the
/// record is ignored, and every key may be absent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticleRecord {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    pub source: ArticleSource,
    #[serde(default)]
    pub metadata: Option<ArticleMetadata>,
    #[serde(default)]
    pub summary: ArticleSummary,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticleSource {
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub format: String,
    /// The article's place in its file; absent for a whole-file record.
    #[serde(default)]
    pub record: Option<ArticlePlace>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticlePlace {
    pub index: usize,
    #[serde(default)]
    pub key: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticleMetadata {
    #[serde(default, deserialize_with = "id")]
    pub pmid: Option<String>,
    #[serde(default)]
    pub doi: Option<String>,
    #[serde(default)]
    pub registry_ids: Vec<IdOnly>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArticleSummary {
    #[serde(default)]
    pub doi: Option<String>,
    #[serde(default)]
    pub registry_ids: Vec<IdOnly>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IdOnly {
    pub id: String,
}

/// An identifier written as a string or a number.
fn id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Json>::deserialize(d)? {
        Some(Json::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Json::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

impl ArticleRecord {
    pub fn failed(&self) -> bool {
        self.status.as_deref() == Some("failed")
    }

    /// The record's position in its file; `None` for a whole-file record.
    pub fn index(&self) -> Option<usize> {
        self.source.record.as_ref().map(|r| r.index)
    }

    /// The PMID the record states: its metadata's, else its key's
    /// (`pmid-31883240`).
    pub fn pmid(&self) -> Option<String> {
        let meta = self.metadata.as_ref().and_then(|m| m.pmid.clone());
        meta.or_else(|| {
            let key = self.source.record.as_ref()?.key.as_deref()?;
            key.strip_prefix("pmid-").map(str::to_string)
        })
    }

    /// The article's own DOI as a reviewer sees it (`summary.doi`), else
    /// the metadata's; lower case.
    pub fn doi(&self) -> Option<String> {
        self.summary
            .doi
            .clone()
            .or_else(|| self.metadata.as_ref().and_then(|m| m.doi.clone()))
            .map(|d| d.trim().to_lowercase())
    }

    /// Every DOI the record gives as its own (summary and metadata).
    pub fn dois(&self) -> Vec<String> {
        let meta = self.metadata.as_ref().and_then(|m| m.doi.clone());
        let mut out: Vec<String> = [self.summary.doi.clone(), meta]
            .into_iter()
            .flatten()
            .map(|d| d.trim().to_lowercase())
            .collect();
        out.dedup();
        out
    }

    /// Registry IDs from the metadata and the summary, upper-cased, distinct.
    pub fn registry_ids(&self) -> Vec<String> {
        let meta = self.metadata.iter().flat_map(|m| &m.registry_ids);
        let mut out: Vec<String> = meta
            .chain(&self.summary.registry_ids)
            .map(|r| r.id.to_uppercase())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// What names the record in an error line.
    pub fn label(&self) -> String {
        match &self.source.record {
            Some(r) => match &r.key {
                Some(k) => format!("#{} {k}", r.index),
                None => format!("#{}", r.index),
            },
            None => "whole-file record".to_string(),
        }
    }
}

impl Records {
    pub fn open(path: &Path) -> Result<Records, EvalError> {
        if path.is_dir() {
            return Ok(Records::Dir {
                dir: path.to_path_buf(),
                skipped: skipped_in_manifest(&path.join("manifest.json")),
            });
        }
        let text = fs::read_to_string(path).map_err(|reason| EvalError::Read {
            path: path.to_path_buf(),
            reason,
        })?;
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            // The path is read first so a record that does not parse is
            // still reported against its document.
            let key = serde_json::from_str::<Json>(line)
                .ok()
                .and_then(|v| v["source"]["path"].as_str().map(str::to_string));
            if let Some(key) = key {
                map.entry(key).or_default().push(line.to_string());
            }
        }
        Ok(Records::Lines(map))
    }

    /// The record of a document that is one file.
    pub fn load(&self, doc: &str) -> Loaded {
        match self {
            Records::Dir { dir, .. } => {
                let p = dir.join(format!("{doc}.json"));
                match fs::read(&p) {
                    Ok(bytes) => match serde_json::from_slice::<Record>(&bytes) {
                        Ok(r) => Loaded::Ok(Box::new(r)),
                        Err(e) => Loaded::Unreadable(format!("{}: {e}", p.display())),
                    },
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::Missing,
                    Err(e) => Loaded::Unreadable(format!("{}: {e}", p.display())),
                }
            }
            Records::Lines(map) => {
                // The whole-file line if there is one, else the first.
                let lines = map.get(doc).map(Vec::as_slice).unwrap_or_default();
                let line = lines
                    .iter()
                    .find(|l| !has_place(l))
                    .or_else(|| lines.first());
                match line {
                    None => Loaded::Missing,
                    Some(l) => match serde_json::from_str::<Record>(l) {
                        Ok(r) => Loaded::Ok(Box::new(r)),
                        Err(e) => Loaded::Unreadable(e.to_string()),
                    },
                }
            }
        }
    }

    /// Every record of a file that holds many articles: the whole-file
    /// record if there is one, then the article records (in key order for
    /// a folder, in line order for JSON Lines).
    pub fn articles(&self, doc: &str) -> FileRecords {
        let mut out = FileRecords::default();
        let take =
            |out: &mut FileRecords, text: &[u8], what: String| match serde_json::from_slice(text) {
                Ok(r) => out.records.push(r),
                Err(e) => out.unreadable.push(format!("{what}: {e}")),
            };
        match self {
            Records::Dir { dir, skipped } => {
                let whole = dir.join(format!("{doc}.json"));
                if let Ok(bytes) = fs::read(&whole) {
                    take(&mut out, &bytes, whole.display().to_string());
                }
                for p in article_files(&dir.join(doc)) {
                    match fs::read(&p) {
                        Ok(bytes) => take(&mut out, &bytes, p.display().to_string()),
                        Err(e) => out.unreadable.push(format!("{}: {e}", p.display())),
                    }
                }
                out.skipped = skipped.get(doc).cloned();
            }
            Records::Lines(map) => {
                for (i, l) in map.get(doc).into_iter().flatten().enumerate() {
                    take(&mut out, l.as_bytes(), format!("line {} for {doc}", i + 1));
                }
            }
        }
        out
    }
}

fn has_place(line: &str) -> bool {
    serde_json::from_str::<Json>(line)
        .is_ok_and(|v| v["source"].get("record").is_some_and(|r| !r.is_null()))
}

/// The `*.json` files of a many-article file's record folder, sorted;
/// hidden files (the reuse state) are not records.
fn article_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.is_file() && name.ends_with(".json") && !name.starts_with('.')
        })
        .collect();
    out.sort();
    out
}

/// `skipped` of an `extract` manifest, by path: read leniently, since the
/// manifest only helps explain a missing record.
fn skipped_in_manifest(path: &Path) -> HashMap<String, String> {
    let Ok(bytes) = fs::read(path) else {
        return HashMap::new();
    };
    let Ok(v) = serde_json::from_slice::<Json>(&bytes) else {
        return HashMap::new();
    };
    v["skipped"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let path = s["path"].as_str()?;
            let reason = s["reason"].as_str().unwrap_or("skipped");
            Some((path.to_string(), reason.to_string()))
        })
        .collect()
}
