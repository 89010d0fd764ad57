//! The gold file (`../shared/docs/gold-format.md`) as serde types: one line
//! per document, or, for a file that holds many articles, one line per file
//! with its articles in order (`records`). Also the split of every set into
//! its two halves, defined here once ([`half_of`]).
//!
//! A key absent from a line means "not annotated" (`None`); an empty list
//! means "the document has none". `doi.self` and the articles' `pmid` and
//! `doi` keep the difference between an absent key and `null`, so each is an
//! `Option<Option<_>>`.

use super::EvalError;
use crate::record::{Comparator, EdssValue};
use serde::{Deserialize, Deserializer};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

/// One gold line: a document scored field by field, or a file of many
/// articles scored article by article.
#[derive(Debug, Clone)]
pub enum GoldLine {
    Doc(Box<GoldDoc>),
    Articles(GoldFile),
}

impl GoldLine {
    pub fn doc(&self) -> &str {
        match self {
            GoldLine::Doc(g) => &g.doc,
            GoldLine::Articles(f) => &f.doc,
        }
    }

    pub fn half(&self) -> Half {
        match self {
            GoldLine::Doc(g) => g.half,
            GoldLine::Articles(f) => f.half,
        }
    }
}

/// Which half of a set a gold line belongs to (see [`half_of`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Half {
    /// The half whose errors may be read while rules are tuned.
    #[default]
    Dev,
    /// The half kept unread: its scores are reported, its errors are not.
    Check,
}

impl Half {
    pub const BOTH: [Half; 2] = [Half::Dev, Half::Check];

    pub fn as_str(self) -> &'static str {
        match self {
            Half::Dev => "dev",
            Half::Check => "check",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The half of a gold line, defined once for every set: a line with a
/// `pmid` goes by the PMID's parity (odd: check, even: dev); a line without
/// one (or with a PMID that is not a number) by the SHA-256 of its `doc`
/// string (UTF-8): the check half when the digest's first byte is odd.
/// Both are stable across runs, machines and re-orderings of the gold file,
/// and reproducible in a line of Python
/// (`hashlib.sha256(doc.encode()).digest()[0] % 2`).
pub fn half_of(doc: &str, pmid: Option<&str>) -> Half {
    let odd = match pmid.and_then(|p| p.trim().parse::<u64>().ok()) {
        Some(n) => n % 2 == 1,
        None => Sha256::digest(doc.as_bytes())[0] % 2 == 1,
    };
    if odd {
        Half::Check
    } else {
        Half::Dev
    }
}

/// One gold line of a single document, with `None` for every key the line
/// does not have.
#[derive(Debug, Clone, Default)]
pub struct GoldDoc {
    pub doc: String,
    /// `doi.self`: `Some(None)` when the gold says the document has none.
    pub doi_self: Option<Option<String>>,
    pub doi_all: Option<Vec<String>>,
    pub registry_ids: Option<Vec<String>>,
    pub registry_ids_cited: Option<Vec<String>>,
    pub p_values: Option<Vec<(Comparator, f64)>>,
    pub sample_size: Option<GoldSampleSize>,
    pub edss: Option<Vec<Edss>>,
    pub must_not: Vec<String>,
    pub half: Half,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GoldSampleSize {
    #[serde(default, deserialize_with = "counts")]
    pub total: Vec<u64>,
    #[serde(default, deserialize_with = "counts")]
    pub enrolled: Vec<u64>,
    #[serde(default, deserialize_with = "counts")]
    pub randomized: Vec<u64>,
    #[serde(default, deserialize_with = "counts")]
    pub analyzed: Vec<u64>,
    #[serde(default, deserialize_with = "counts")]
    pub arms: Vec<u64>,
    #[serde(default, deserialize_with = "counts")]
    pub cited: Vec<u64>,
}

impl GoldSampleSize {
    /// Every count of this study the gold accepts (not `cited`).
    pub fn accepts(&self, n: u64) -> bool {
        [
            &self.total,
            &self.enrolled,
            &self.randomized,
            &self.analyzed,
            &self.arms,
        ]
        .iter()
        .any(|l| l.contains(&n))
    }
}

/// A line of a multi-article file: the file and its articles in order.
#[derive(Debug, Clone)]
pub struct GoldFile {
    pub doc: String,
    /// The articles a reader must emit, in file order.
    pub articles: Vec<GoldArticle>,
    /// Articles a reader may emit or not (exact repeats, empty entries).
    pub tolerated: Vec<GoldArticle>,
    /// One record for the whole file is acceptable.
    pub tolerate_whole_file: bool,
    /// A torture file: only "no crash" is checked.
    pub tolerate_any: bool,
    /// The `source.format` expected.
    pub format: Option<String>,
    pub half: Half,
}

/// One article of a multi-article file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GoldArticle {
    /// The 0-based position in the file; the place in the list by default.
    #[serde(default)]
    pub index: Option<usize>,
    /// Other acceptable positions.
    #[serde(default)]
    pub index_alt: Vec<usize>,
    #[serde(default, deserialize_with = "present_id")]
    pub pmid: Option<Option<String>>,
    #[serde(default, deserialize_with = "present_doi")]
    pub doi: Option<Option<String>>,
    #[serde(default)]
    pub registry_ids: Option<Vec<String>>,
}

/// An EDSS statement in comparable form: gold and records both map here.
#[derive(Debug, Clone, PartialEq)]
pub struct Edss {
    pub kind: String,
    pub cmp: Option<Comparator>,
    /// Known numeric keys present, in [`EDSS_KEYS`] order.
    pub nums: Vec<(&'static str, f64)>,
}

pub const EDSS_KEYS: [&str; 9] = [
    "low", "high", "mean", "sd", "median", "value", "from", "to", "delta",
];
pub const EDSS_KINDS: [&str; 6] = ["range", "mean", "median", "threshold", "value", "change"];

/// A gold EDSS statement as written: `cmp` (or `comparator`) and the known
/// numeric keys; other keys are ignored.
#[derive(Deserialize)]
struct RawEdss {
    kind: String,
    #[serde(default, alias = "comparator")]
    cmp: Option<Cmp>,
    low: Option<f64>,
    high: Option<f64>,
    mean: Option<f64>,
    sd: Option<f64>,
    median: Option<f64>,
    value: Option<f64>,
    from: Option<f64>,
    to: Option<f64>,
    delta: Option<f64>,
}

impl From<RawEdss> for Edss {
    fn from(r: RawEdss) -> Edss {
        let vals = [
            r.low, r.high, r.mean, r.sd, r.median, r.value, r.from, r.to, r.delta,
        ];
        Edss {
            kind: r.kind,
            cmp: r.cmp.map(|c| c.0),
            nums: EDSS_KEYS
                .iter()
                .zip(vals)
                .filter_map(|(k, v)| v.map(|v| (*k, v)))
                .collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Edss {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Edss, D::Error> {
        RawEdss::deserialize(d).map(Edss::from)
    }
}

impl Edss {
    /// From a gold object or a serialized record value (`cmp` or
    /// `comparator`); keys other than the known ones are ignored.
    pub fn from_json(v: &Json) -> Result<Edss, String> {
        Edss::deserialize(v).map_err(|e| e.to_string())
    }

    /// A record's statement, in the same form as the gold's.
    pub fn from_value(v: &EdssValue) -> Edss {
        let (kind, cmp, nums): (&str, _, Vec<(&'static str, Option<f64>)>) = match *v {
            EdssValue::Range { low, high } => (
                "range",
                None,
                vec![("low", Some(low)), ("high", Some(high))],
            ),
            EdssValue::Mean { mean, sd } => ("mean", None, vec![("mean", Some(mean)), ("sd", sd)]),
            EdssValue::Median { median, low, high } => (
                "median",
                None,
                vec![("low", low), ("high", high), ("median", Some(median))],
            ),
            EdssValue::Threshold { comparator, value } => {
                ("threshold", Some(comparator), vec![("value", Some(value))])
            }
            EdssValue::Value { value } => ("value", None, vec![("value", Some(value))]),
            EdssValue::Change { delta, from, to } => (
                "change",
                None,
                vec![("from", from), ("to", to), ("delta", delta)],
            ),
        };
        Edss {
            kind: kind.to_string(),
            cmp,
            nums: nums
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect(),
        }
    }

    pub fn matches(&self, other: &Edss) -> bool {
        self.kind == other.kind
            && self.cmp == other.cmp
            && self.nums.len() == other.nums.len()
            && self
                .nums
                .iter()
                .zip(&other.nums)
                .all(|((ka, a), (kb, b))| ka == kb && (a - b).abs() <= 1e-6)
    }
}

impl std::fmt::Display for Edss {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.kind)?;
        if let Some(c) = self.cmp {
            write!(f, " {}", c.as_str())?;
        }
        for (k, v) in &self.nums {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}

/// A comparator as the gold writes it (`=`, `<`, `≤`, `<=` …).
struct Cmp(Comparator);

impl<'de> Deserialize<'de> for Cmp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cmp, D::Error> {
        let s = String::deserialize(d)?;
        Comparator::parse(&s)
            .map(Cmp)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown comparator {s:?}")))
    }
}

#[derive(Deserialize)]
struct RawP {
    #[serde(alias = "comparator")]
    cmp: Cmp,
    value: f64,
}

#[derive(Deserialize)]
struct RawDoi {
    #[serde(default, rename = "self", deserialize_with = "present_doi")]
    own: Option<Option<String>>,
    #[serde(default)]
    all: Option<Vec<String>>,
}

/// A gold line as written; [`GoldLine`] is what the scorers use.
#[derive(Deserialize)]
struct RawLine {
    doc: String,
    #[serde(default, deserialize_with = "present_id")]
    pmid: Option<Option<String>>,
    doi: Option<RawDoi>,
    registry_ids: Option<Vec<String>>,
    registry_ids_cited: Option<Vec<String>>,
    p_values: Option<Vec<RawP>>,
    sample_size: Option<GoldSampleSize>,
    edss: Option<Vec<Edss>>,
    #[serde(default)]
    must_not: Vec<String>,
    records: Option<Vec<GoldArticle>>,
    #[serde(default)]
    tolerate_records: Vec<GoldArticle>,
    #[serde(default)]
    tolerate_whole_file: bool,
    #[serde(default)]
    tolerate_any: bool,
    format: Option<String>,
}

/// Counts: a list of non-negative numbers (a float is rounded), or null.
fn counts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    let list: Option<Vec<Json>> = Option::deserialize(d)?;
    list.unwrap_or_default()
        .iter()
        .map(|n| {
            n.as_u64()
                .or_else(|| n.as_f64().filter(|x| *x >= 0.0).map(|x| x.round() as u64))
                .ok_or_else(|| serde::de::Error::custom(format!("not a count: {n}")))
        })
        .collect()
}

/// A key that is present: `Some(None)` for null. An identifier may be
/// written as a string or a number (`"31883240"` or `31883240`).
fn present_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Ok(Some(match Json::deserialize(d)? {
        Json::Null => None,
        Json::String(s) => Some(s.trim().to_string()),
        Json::Number(n) => Some(n.to_string()),
        other => {
            return Err(serde::de::Error::custom(format!(
                "an identifier must be a string or a number, not {other}"
            )))
        }
    }))
}

/// A DOI key that is present, lower-cased: `Some(None)` for null.
fn present_doi<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    Ok(Some(s.map(|s| s.to_lowercase())))
}

impl RawLine {
    fn into_line(self) -> GoldLine {
        let pmid = self.pmid.flatten();
        let half = half_of(&self.doc, pmid.as_deref());
        if let Some(articles) = self.records {
            return GoldLine::Articles(GoldFile {
                doc: self.doc,
                articles: with_index(articles),
                tolerated: with_index(self.tolerate_records),
                tolerate_whole_file: self.tolerate_whole_file,
                tolerate_any: self.tolerate_any,
                format: self.format,
                half,
            });
        }
        let (doi_self, doi_all) = match self.doi {
            Some(d) => (
                d.own,
                d.all
                    .map(|a| a.into_iter().map(|s| s.to_lowercase()).collect()),
            ),
            None => (None, None),
        };
        GoldLine::Doc(Box::new(GoldDoc {
            doc: self.doc,
            doi_self,
            doi_all,
            registry_ids: self.registry_ids,
            registry_ids_cited: self.registry_ids_cited,
            p_values: self
                .p_values
                .map(|ps| ps.into_iter().map(|p| (p.cmp.0, p.value)).collect()),
            sample_size: self.sample_size,
            edss: self.edss,
            must_not: self.must_not,
            half,
        }))
    }
}

/// An article without `index` sits at its place in the list.
fn with_index(mut list: Vec<GoldArticle>) -> Vec<GoldArticle> {
    for (i, a) in list.iter_mut().enumerate() {
        a.index.get_or_insert(i);
    }
    list
}

/// Parses one gold object (see the format doc); public for tests.
pub fn parse_gold_line(v: &Json) -> Result<GoldLine, String> {
    RawLine::deserialize(v)
        .map(RawLine::into_line)
        .map_err(|e| e.to_string())
}

/// Reads a gold file: one JSON object per non-empty line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldLine>, EvalError> {
    let text = fs::read_to_string(path).map_err(|reason| EvalError::Read {
        path: path.to_path_buf(),
        reason,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawLine = serde_json::from_str(line).map_err(|e| EvalError::Gold {
            path: path.to_path_buf(),
            line: i + 1,
            msg: e.to_string(),
        })?;
        out.push(raw.into_line());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(v: Json) -> GoldDoc {
        match parse_gold_line(&v).unwrap() {
            GoldLine::Doc(g) => *g,
            GoldLine::Articles(_) => panic!("not a document line"),
        }
    }

    #[test]
    fn edss_statements_match_on_kind_comparator_and_every_number() {
        let gold = |s: &str| Edss::from_json(&serde_json::from_str(s).unwrap()).unwrap();
        let a = gold(r#"{"kind": "threshold", "cmp": "≤", "value": 5.5}"#);
        let b = gold(r#"{"kind": "threshold", "comparator": "<=", "value": 5.5}"#);
        assert!(a.matches(&b));
        let m = gold(r#"{"kind": "mean", "mean": 6.75, "sd": 0.68}"#);
        let m_no_sd = gold(r#"{"kind": "mean", "mean": 6.75}"#);
        assert!(!m.matches(&m_no_sd));
        let r = gold(r#"{"kind": "range", "low": 3, "high": 6.5}"#);
        assert!(r.matches(&gold(r#"{"kind": "range", "low": 3.0, "high": 6.5}"#)));
        assert!(!r.matches(&gold(r#"{"kind": "value", "low": 3.0, "high": 6.5}"#)));
    }

    #[test]
    fn a_record_statement_compares_like_its_json() {
        let values = [
            r#"{"kind": "median", "median": 2.0, "low": 1.0, "high": 3.0}"#,
            r#"{"kind": "threshold", "comparator": "<=", "value": 5.5}"#,
            r#"{"kind": "change", "from": 5.0, "to": 2.5}"#,
            r#"{"kind": "change", "delta": -0.5}"#,
            r#"{"kind": "mean", "mean": 6.75}"#,
        ];
        for s in values {
            let v: EdssValue = serde_json::from_str(s).unwrap();
            let via_json = Edss::from_json(&serde_json::to_value(&v).unwrap()).unwrap();
            assert_eq!(Edss::from_value(&v), via_json, "{s}");
        }
    }

    #[test]
    fn absent_keys_are_not_scored_and_empty_lists_are() {
        let g = doc(serde_json::json!({"doc": "x.txt", "p_values": []}));
        assert_eq!(g.p_values, Some(vec![]));
        assert!(g.doi_self.is_none() && g.sample_size.is_none() && g.edss.is_none());
        let g = doc(serde_json::json!({"doc": "x.txt", "doi": {"self": null, "all": []}}));
        assert_eq!(g.doi_self, Some(None));
        let g = doc(serde_json::json!({"doc": "x.txt", "doi": {"all": ["10.1/AB"]}}));
        assert_eq!(g.doi_self, None);
        assert_eq!(g.doi_all, Some(vec!["10.1/ab".to_string()]));
    }

    #[test]
    fn counts_accept_null_and_round_floats_but_refuse_words() {
        let g =
            doc(serde_json::json!({"doc": "x", "sample_size": {"total": [54.0], "arms": null}}));
        let s = g.sample_size.unwrap();
        assert_eq!((s.total, s.arms), (vec![54], vec![]));
        let bad =
            parse_gold_line(&serde_json::json!({"doc": "x", "sample_size": {"total": ["many"]}}));
        assert!(bad.unwrap_err().contains("not a count"));
    }

    #[test]
    fn halves_go_by_pmid_parity_else_by_a_hash_of_the_doc() {
        assert_eq!(half_of("a.txt", Some("10547391")), Half::Check);
        assert_eq!(half_of("a.txt", Some("11136836")), Half::Dev);
        let first = |s: &str| Sha256::digest(s.as_bytes())[0];
        for doc in ["000_529c22612a5947cd.txt", "x", "zotero/zotero-ris-09.ris"] {
            let want = if first(doc) % 2 == 1 {
                Half::Check
            } else {
                Half::Dev
            };
            assert_eq!(half_of(doc, None), want, "{doc}");
            // A PMID that is not a number falls back to the hash.
            assert_eq!(half_of(doc, Some("P123456")), want, "{doc}");
        }
        // The hash is SHA-256 of the UTF-8 name: pinned for one name, so a
        // change of hash (which would move documents between halves) fails.
        assert_eq!(first("x"), 0x2d);
        assert_eq!(half_of("x", None), Half::Check);
    }

    #[test]
    fn multi_article_lines_keep_null_apart_from_absent() {
        let line = serde_json::json!({"doc": "e.nbib", "format": "medline",
            "records": [{"pmid": "31883240", "doi": "10.1000/XYZ", "registry_ids": ["NCT01234567"]},
                        {"pmid": null, "doi": null},
                        {"index": 5, "index_alt": [3]}],
            "tolerate_records": [{"index": 4}], "tolerate_whole_file": true});
        let GoldLine::Articles(f) = parse_gold_line(&line).unwrap() else {
            panic!("not a file line")
        };
        assert_eq!(f.articles.len(), 3);
        assert_eq!(f.articles[0].pmid, Some(Some("31883240".into())));
        assert_eq!(f.articles[0].doi, Some(Some("10.1000/xyz".into())));
        assert_eq!(f.articles[1].pmid, Some(None));
        assert_eq!(f.articles[2].pmid, None);
        let idx: Vec<_> = f.articles.iter().map(|a| a.index).collect();
        assert_eq!(idx, [Some(0), Some(1), Some(5)]);
        assert_eq!(f.articles[2].index_alt, [3]);
        assert_eq!(f.tolerated[0].index, Some(4));
        assert!(f.tolerate_whole_file && !f.tolerate_any);
        assert_eq!(f.format.as_deref(), Some("medline"));
    }
}
