//! Evaluation: records (the output of `extract`) scored against a gold file
//! (`../shared/docs/gold-format.md`). `litextract eval` is the thin CLI over
//! [`evaluate`]; `make eval` runs it over every shared set with a gold file.
//!
//! This module reads and scores; it prints nothing. [`Report::table`] and
//! [`Report::to_json`] format the result for the binary.
//!
//! # Which documents, which fields
//!
//! Every gold line names a document (`doc`); its record is `DIR/<doc>.json`
//! (the layout `extract --out DIR` writes), or the line of a JSON Lines file
//! (`extract --format jsonl`) whose `source.path` is `doc`. A key absent from
//! a gold line means the field is not scored for that document; an empty
//! list means the document has none, so everything reported is a false
//! positive. A document whose record is missing or `failed` is scored as if
//! it had reported nothing (so its gold values are misses) and is counted.
//!
//! # Metrics
//!
//! Counts are summed over documents before dividing (micro average):
//! precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = their harmonic
//! mean; a ratio whose denominator is 0 is `null`. `docs` is the number of
//! documents on which a metric was scored.
//!
//! * `doi_self`: gold `doi.self` (one DOI or null) against `summary.doi`,
//!   both lower-cased. A wrong DOI is one FP and one FN.
//! * `doi_all`: gold `doi.all` against the distinct `value.doi` of all `doi`
//!   findings, lower-cased.
//! * `registry_id`: gold `registry_ids` against the distinct ids of
//!   `summary.registry_ids` (the document's own registrations).
//! * `registry_id_cited`: gold `registry_ids_cited` (where the key exists)
//!   against the distinct ids of `registry_id` findings with role `cited`.
//!   Registry IDs compare case-insensitively.
//! * `p_value`: gold `p_values` against the distinct (comparator, value)
//!   pairs of the `p_value` findings; values are equal when they differ by
//!   at most 1e-9 + 1e-6 × the larger (so `0.03` = `0.030` = `3 × 10−2`).
//!   Gold `cmp` and record `comparator` use the same spellings.
//! * `sample_size_total`: top-1 `accuracy` over the documents whose gold
//!   `sample_size.total` list is not empty: correct when
//!   `summary.sample_size.total` is one of its values. (A document without a
//!   gold total has no right answer to rank; a total reported there still
//!   counts against precision.) P/R/F1 over all scored documents: TP = a
//!   correct reported total, FP = a reported total not in the list (also
//!   when the list is empty), FN = a non-empty list without a correct total.
//! * `sample_size_any`: recall only, over documents with a non-empty gold
//!   total list: TP when any reported size is in the gold totals — the `n`
//!   of a `sample_size` finding whose role is neither `cited` nor
//!   `subgroup`, or a summary value (`total`, `enrolled`, `randomized`,
//!   `analyzed`, which may be derived, e.g. randomized as the sum of arms).
//! * `sample_size_arms`: recall only: the gold `arms` multiset against the
//!   multiset of `n` of findings with role `arm`; TP = size of the multiset
//!   intersection, FN = gold arms left over.
//! * `sample_size_reported`: precision only: the distinct `n` of findings
//!   whose role is neither `cited` nor `subgroup`; TP when `n` is in any gold
//!   list of the study (`total`, `enrolled`, `randomized`, `analyzed`,
//!   `arms`), else FP.
//! * `edss`: gold `edss` statements against the distinct statements of the
//!   `edss` findings. Two statements match when they have the same `kind`,
//!   the same comparator (gold `cmp`, record `comparator`) and the same set
//!   of numeric keys (`low`, `high`, `mean`, `sd`, `median`, `value`,
//!   `from`, `to`, `delta`) with values within 1e-6: a mean without its SD
//!   does not match a mean with one. `edss_<kind>` is the same count
//!   restricted to one kind (`range`, `mean`, `median`, `threshold`,
//!   `value`, `change`).
//!
//! Beside the fields:
//!
//! * `offsets`: of all findings in the scored records, how many obey the
//!   contract's invariant `text[start:end] == finding.text` (code points).
//! * `failed` / `missing` / `unreadable`: gold documents whose record says
//!   `failed`, has no record, or has a record that does not parse.
//! * `must_not`: (document, string) pairs where a gold `must_not` string
//!   occurs (case-insensitively) in a string or number of some finding's
//!   `value`: traps such as an ethics number reported as a registry ID.
//!
//! With `--errors`, every miss and false positive is listed with its
//! document and evidence: a false positive carries the context of the
//! finding that reported it; a miss carries a snippet of the record's text
//! where the gold value seems to be written, or nothing if it cannot be
//! found.

use crate::record::{Comparator, Field, Finding, Record, SampleRole, Status, Value};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Why an evaluation could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {msg}")]
    Gold {
        path: PathBuf,
        line: usize,
        msg: String,
    },
}

// ---------------------------------------------------------------- gold ---

/// One gold line, with `None` for every key the line does not have.
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
}

#[derive(Debug, Clone, Default)]
pub struct GoldSampleSize {
    pub total: Vec<u64>,
    pub enrolled: Vec<u64>,
    pub randomized: Vec<u64>,
    pub analyzed: Vec<u64>,
    pub arms: Vec<u64>,
    pub cited: Vec<u64>,
}

impl GoldSampleSize {
    /// Every count of this study the gold accepts (not `cited`).
    fn accepts(&self, n: u64) -> bool {
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

/// An EDSS statement in comparable form: gold and records both map here.
#[derive(Debug, Clone, PartialEq)]
pub struct Edss {
    pub kind: String,
    pub cmp: Option<Comparator>,
    /// Known numeric keys present, in [`EDSS_KEYS`] order.
    pub nums: Vec<(&'static str, f64)>,
}

const EDSS_KEYS: [&str; 9] = [
    "low", "high", "mean", "sd", "median", "value", "from", "to", "delta",
];
const EDSS_KINDS: [&str; 6] = ["range", "mean", "median", "threshold", "value", "change"];

impl Edss {
    /// From a gold object or a serialized record value (`cmp` or
    /// `comparator`); keys other than the known ones are ignored.
    fn from_json(v: &Json) -> Result<Edss, String> {
        let kind = v
            .get("kind")
            .and_then(Json::as_str)
            .ok_or("EDSS statement without a kind")?
            .to_string();
        let cmp = match v.get("cmp").or_else(|| v.get("comparator")) {
            None | Some(Json::Null) => None,
            Some(c) => Some(
                c.as_str()
                    .and_then(Comparator::parse)
                    .ok_or_else(|| format!("unknown comparator {c}"))?,
            ),
        };
        let nums = EDSS_KEYS
            .iter()
            .filter_map(|k| v.get(*k).and_then(Json::as_f64).map(|x| (*k, x)))
            .collect();
        Ok(Edss { kind, cmp, nums })
    }

    fn matches(&self, other: &Edss) -> bool {
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

fn p_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 + 1e-6 * a.abs().max(b.abs())
}

fn show_p(c: Comparator, v: f64) -> String {
    format!("p {} {v}", c.as_str())
}

/// Reads a gold file: one JSON object per non-empty line.
pub fn read_gold(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let text = fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |msg: String| EvalError::Gold {
            path: path.to_path_buf(),
            line: i + 1,
            msg,
        };
        let v: Json = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
        out.push(parse_gold_line(&v).map_err(err)?);
    }
    Ok(out)
}

fn strings(v: &Json, what: &str) -> Result<Vec<String>, String> {
    v.as_array()
        .ok_or_else(|| format!("{what} is not a list"))?
        .iter()
        .map(|s| {
            s.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{what} holds a non-string: {s}"))
        })
        .collect()
}

fn counts(v: Option<&Json>, what: &str) -> Result<Vec<u64>, String> {
    let Some(v) = v else { return Ok(Vec::new()) };
    if v.is_null() {
        return Ok(Vec::new());
    }
    v.as_array()
        .ok_or_else(|| format!("{what} is not a list"))?
        .iter()
        .map(|n| {
            n.as_u64()
                .or_else(|| n.as_f64().filter(|x| *x >= 0.0).map(|x| x.round() as u64))
                .ok_or_else(|| format!("{what} holds a non-count: {n}"))
        })
        .collect()
}

/// Parses one gold object (see the format doc); public for tests.
pub fn parse_gold_line(v: &Json) -> Result<GoldDoc, String> {
    let doc = v
        .get("doc")
        .and_then(Json::as_str)
        .ok_or("no \"doc\" key")?
        .to_string();
    let mut g = GoldDoc {
        doc,
        ..GoldDoc::default()
    };
    if let Some(d) = v.get("doi") {
        if let Some(s) = d.get("self") {
            g.doi_self = Some(s.as_str().map(str::to_lowercase));
        }
        if let Some(a) = d.get("all") {
            g.doi_all = Some(
                strings(a, "doi.all")?
                    .into_iter()
                    .map(|s| s.to_lowercase())
                    .collect(),
            );
        }
    }
    if let Some(r) = v.get("registry_ids") {
        g.registry_ids = Some(strings(r, "registry_ids")?);
    }
    if let Some(r) = v.get("registry_ids_cited") {
        g.registry_ids_cited = Some(strings(r, "registry_ids_cited")?);
    }
    if let Some(ps) = v.get("p_values") {
        let mut list = Vec::new();
        for p in ps.as_array().ok_or("p_values is not a list")? {
            let c = p
                .get("cmp")
                .or_else(|| p.get("comparator"))
                .and_then(Json::as_str)
                .ok_or_else(|| format!("p-value without cmp: {p}"))?;
            let cmp = Comparator::parse(c).ok_or_else(|| format!("unknown comparator {c:?}"))?;
            let value = p
                .get("value")
                .and_then(Json::as_f64)
                .ok_or_else(|| format!("p-value without a number: {p}"))?;
            list.push((cmp, value));
        }
        g.p_values = Some(list);
    }
    if let Some(s) = v.get("sample_size") {
        g.sample_size = Some(GoldSampleSize {
            total: counts(s.get("total"), "sample_size.total")?,
            enrolled: counts(s.get("enrolled"), "sample_size.enrolled")?,
            randomized: counts(s.get("randomized"), "sample_size.randomized")?,
            analyzed: counts(s.get("analyzed"), "sample_size.analyzed")?,
            arms: counts(s.get("arms"), "sample_size.arms")?,
            cited: counts(s.get("cited"), "sample_size.cited")?,
        });
    }
    if let Some(e) = v.get("edss") {
        g.edss = Some(
            e.as_array()
                .ok_or("edss is not a list")?
                .iter()
                .map(Edss::from_json)
                .collect::<Result<_, _>>()?,
        );
    }
    if let Some(m) = v.get("must_not") {
        g.must_not = strings(m, "must_not")?;
    }
    Ok(g)
}

// ------------------------------------------------------------- records ---

/// Where the records are: a folder of `<doc>.json`, or one JSON Lines file.
pub enum Records {
    Dir(PathBuf),
    Lines(HashMap<String, Result<Record, String>>),
}

/// What reading one document's record gave.
pub enum Loaded {
    Ok(Box<Record>),
    Missing,
    Unreadable(String),
}

impl Records {
    pub fn open(path: &Path) -> Result<Records, EvalError> {
        if path.is_dir() {
            return Ok(Records::Dir(path.to_path_buf()));
        }
        let text = fs::read_to_string(path).map_err(|source| EvalError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut map = HashMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            // The path is read first so a record that does not parse is
            // still reported against its document.
            let key = serde_json::from_str::<Json>(line)
                .ok()
                .and_then(|v| v["source"]["path"].as_str().map(str::to_string));
            if let Some(key) = key {
                let rec = serde_json::from_str::<Record>(line).map_err(|e| e.to_string());
                map.insert(key, rec);
            }
        }
        Ok(Records::Lines(map))
    }

    pub fn load(&self, doc: &str) -> Loaded {
        match self {
            Records::Dir(dir) => {
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
            Records::Lines(map) => match map.get(doc) {
                None => Loaded::Missing,
                Some(Ok(r)) => Loaded::Ok(Box::new(r.clone())),
                Some(Err(e)) => Loaded::Unreadable(e.clone()),
            },
        }
    }
}

// ------------------------------------------------------------- scoring ---

/// The counts behind one metric.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub docs: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Correct documents, for metrics with an accuracy.
    pub correct: usize,
}

/// Which ratios a metric defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Prf,
    PrfAccuracy,
    RecallOnly,
    PrecisionOnly,
}

/// One metric as printed: counts and ratios (`null` where undefined).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Metric {
    pub docs: usize,
    pub tp: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fp: Option<usize>,
    #[serde(rename = "fn", skip_serializing_if = "Option::is_none")]
    pub fn_: Option<usize>,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Tally {
    fn metric(&self, kind: Kind) -> Metric {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f1 = match (p, r) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        match kind {
            Kind::Prf | Kind::PrfAccuracy => Metric {
                docs: self.docs,
                tp: self.tp,
                fp: Some(self.fp),
                fn_: Some(self.fn_),
                precision: p,
                recall: r,
                f1,
                accuracy: if kind == Kind::PrfAccuracy {
                    ratio(self.correct, self.docs)
                } else {
                    None
                },
            },
            Kind::RecallOnly => Metric {
                docs: self.docs,
                tp: self.tp,
                fp: None,
                fn_: Some(self.fn_),
                precision: None,
                recall: r,
                f1: None,
                accuracy: None,
            },
            Kind::PrecisionOnly => Metric {
                docs: self.docs,
                tp: self.tp,
                fp: Some(self.fp),
                fn_: None,
                precision: p,
                recall: None,
                f1: None,
                accuracy: None,
            },
        }
    }
}

/// The metrics in the order the table shows them, with their kind.
const METRICS: [(&str, Kind); 16] = [
    ("doi_self", Kind::Prf),
    ("doi_all", Kind::Prf),
    ("registry_id", Kind::Prf),
    ("registry_id_cited", Kind::Prf),
    ("p_value", Kind::Prf),
    ("sample_size_total", Kind::PrfAccuracy),
    ("sample_size_any", Kind::RecallOnly),
    ("sample_size_arms", Kind::RecallOnly),
    ("sample_size_reported", Kind::PrecisionOnly),
    ("edss", Kind::Prf),
    ("edss_range", Kind::Prf),
    ("edss_mean", Kind::Prf),
    ("edss_median", Kind::Prf),
    ("edss_threshold", Kind::Prf),
    ("edss_value", Kind::Prf),
    ("edss_change", Kind::Prf),
];

fn all_metrics() -> impl Iterator<Item = (&'static str, Kind)> {
    METRICS.into_iter()
}

/// One line of `--errors`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorItem {
    pub doc: String,
    /// The metric (`p_value`, `doi_self` …) or `offsets`, `must_not`,
    /// `failed`, `missing`, `unreadable`.
    pub field: String,
    /// `miss`, `false_positive` or `problem`.
    pub kind: String,
    pub value: String,
    /// For a false positive the finding's context, for a miss a snippet of
    /// the record text where the value seems to be (empty if not found).
    pub context: String,
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Offsets {
    pub findings: usize,
    pub exact: usize,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct MustNot {
    /// (document, string) pairs checked.
    pub checked: usize,
    /// Pairs where the string occurs in a reported value.
    pub hits: usize,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Gold lines (documents) scored.
    pub documents: usize,
    pub fields: BTreeMap<String, Metric>,
    pub offsets: Offsets,
    pub failed: usize,
    pub missing: usize,
    pub unreadable: usize,
    pub must_not: MustNot,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorItem>,
}

/// Scores `records` against `gold`; `errors` lists every miss and false
/// positive (with evidence) in [`Report::errors`].
pub fn evaluate(gold: &[GoldDoc], records: &Records, errors: bool) -> Report {
    let mut s = Scorer {
        tallies: HashMap::new(),
        errors: Vec::new(),
        keep_errors: errors,
    };
    let mut offsets = Offsets::default();
    let (mut failed, mut missing, mut unreadable) = (0, 0, 0);
    let mut must_not = MustNot::default();
    for g in gold {
        let rec = match records.load(&g.doc) {
            Loaded::Ok(r) => {
                if r.status == Status::Failed {
                    failed += 1;
                    s.problem(&g.doc, "failed", r.error.clone().unwrap_or_default());
                }
                Some(r)
            }
            Loaded::Missing => {
                missing += 1;
                s.problem(&g.doc, "missing", "no record".into());
                None
            }
            Loaded::Unreadable(e) => {
                unreadable += 1;
                s.problem(&g.doc, "unreadable", e);
                None
            }
        };
        let empty = Record {
            schema: String::new(),
            source: crate::record::Source {
                path: g.doc.clone(),
                sha256: String::new(),
                bytes: 0,
                format: String::new(),
                backend: None,
                encoding: None,
            },
            status: Status::Failed,
            error: None,
            warnings: Vec::new(),
            text: String::new(),
            pages: Vec::new(),
            findings: Vec::new(),
            summary: Default::default(),
            producer: None,
        };
        let rec: &Record = rec.as_deref().unwrap_or(&empty);
        let d = Doc::new(&g.doc, rec);

        // Offsets: the contract's invariant on every finding.
        for f in &rec.findings {
            offsets.findings += 1;
            let ok =
                f.start <= f.end && f.end <= d.chars.len() && d.slice(f.start, f.end) == f.text;
            if ok {
                offsets.exact += 1;
            } else {
                s.problem(
                    &g.doc,
                    "offsets",
                    format!("{} {}..{} {:?}", f.field, f.start, f.end, f.text),
                );
            }
        }

        // must_not: gold trap strings inside any reported value.
        for bad in &g.must_not {
            must_not.checked += 1;
            let low = bad.to_lowercase();
            if let Some(f) = rec
                .findings
                .iter()
                .find(|f| value_leaves(&f.value).iter().any(|l| l.contains(&low)))
            {
                must_not.hits += 1;
                s.push(
                    &g.doc,
                    "must_not",
                    "false_positive",
                    bad.clone(),
                    &f.context,
                );
            }
        }

        s.doi(g, &d);
        s.registry(g, &d);
        s.p_values(g, &d);
        s.sample_size(g, &d);
        s.edss(g, &d);
    }
    offsets.rate = ratio(offsets.exact, offsets.findings);
    let fields = all_metrics()
        .map(|(name, kind)| {
            let t = s.tallies.get(name).copied().unwrap_or_default();
            (name.to_string(), t.metric(kind))
        })
        .collect();
    Report {
        documents: gold.len(),
        fields,
        offsets,
        failed,
        missing,
        unreadable,
        must_not,
        errors: s.errors,
    }
}

/// Lower-cased strings and numbers of a finding's value.
fn value_leaves(v: &Value) -> Vec<String> {
    fn walk(j: &Json, out: &mut Vec<String>) {
        match j {
            Json::String(s) => out.push(s.to_lowercase()),
            Json::Number(n) => out.push(n.to_string()),
            Json::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Json::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(j) = serde_json::to_value(v) {
        walk(&j, &mut out);
    }
    out
}

/// A record prepared for scoring.
struct Doc<'a> {
    name: &'a str,
    rec: &'a Record,
    chars: Vec<char>,
    /// ASCII-lower-cased text: same byte offsets as `rec.text`.
    lower: String,
}

impl<'a> Doc<'a> {
    fn new(name: &'a str, rec: &'a Record) -> Doc<'a> {
        Doc {
            name,
            rec,
            chars: rec.text.chars().collect(),
            lower: rec.text.to_ascii_lowercase(),
        }
    }

    fn slice(&self, s: usize, e: usize) -> String {
        self.chars[s..e].iter().collect()
    }

    fn findings(&self, field: Field) -> impl Iterator<Item = &'a Finding> + 'a {
        self.rec.findings.iter().filter(move |f| f.field == field)
    }

    /// A snippet of the text around the first place one of `needles` is
    /// written as a whole token, preferring places with one of `near`
    /// within `reach` bytes.
    fn snippet(&self, needles: &[String], near: &[&str], reach: usize) -> String {
        let hay = self.lower.as_bytes();
        let mut first = None;
        for needle in needles {
            let needle = needle.to_ascii_lowercase();
            if needle.is_empty() {
                continue;
            }
            for (at, _) in self.lower.match_indices(&needle) {
                let end = at + needle.len();
                let before = at.checked_sub(1).map(|i| hay[i]);
                let after = hay.get(end).copied();
                let glued = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
                // "0.03" inside "0.031", "27" inside "127" or "2.7" are other numbers.
                let decimal_after =
                    after == Some(b'.') && hay.get(end + 1).is_some_and(u8::is_ascii_digit);
                let decimal_before = (before == Some(b'.') || before == Some(b','))
                    && at >= 2
                    && hay[at - 2].is_ascii_digit()
                    && needle.as_bytes()[0].is_ascii_digit();
                if glued(before) || glued(after) || decimal_after || decimal_before {
                    continue;
                }
                first.get_or_insert(at);
                let lo = floor_char(&self.lower, at.saturating_sub(reach));
                let hi = ceil_char(&self.lower, (end + reach).min(hay.len()));
                let window = &self.lower[lo..hi];
                if near.is_empty() || near.iter().any(|n| window.contains(n)) {
                    return self.around(at, end);
                }
            }
        }
        first.map(|at| self.around(at, at + 1)).unwrap_or_default()
    }

    fn around(&self, start: usize, end: usize) -> String {
        let text = &self.rec.text;
        let lo = floor_char(text, start.saturating_sub(80));
        let hi = ceil_char(text, (end + 80).min(text.len()));
        let mut out = String::new();
        if lo > 0 {
            out.push('…');
        }
        let mut space = false;
        for c in text[lo..hi].chars() {
            if c.is_whitespace() {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                out.push(c);
                space = false;
            }
        }
        if hi < text.len() {
            out.push('…');
        }
        out
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// How a number may be written: `0.03`, `0.030`, `.03`, `0·03`.
fn decimal_spellings(v: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in 0..=6 {
        let s = format!("{v:.d$}");
        if s.parse::<f64>().is_ok_and(|x| p_eq(x, v)) && !out.contains(&s) {
            out.push(s);
        }
    }
    let extra: Vec<String> = out
        .iter()
        .flat_map(|s| {
            let mut e = vec![s.replace('.', "·")];
            if let Some(rest) = s.strip_prefix("0.") {
                e.push(format!(".{rest}"));
            }
            e
        })
        .collect();
    out.extend(extra);
    out
}

fn count_spellings(n: u64) -> Vec<String> {
    let plain = n.to_string();
    let mut out = vec![plain.clone()];
    if n >= 1000 {
        let mut grouped = String::new();
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        out.push(grouped.clone());
        out.push(grouped.replace(',', " "));
    }
    out
}

const PEOPLE: &[&str] = &[
    "patient",
    "participant",
    "subject",
    "people",
    "person",
    "individual",
    "women",
    "men",
    "children",
    "adult",
    "volunteer",
    "case",
    "n =",
    "n=",
    "randomi",
    "enrol",
    "recruit",
];

struct Scorer {
    tallies: HashMap<&'static str, Tally>,
    errors: Vec<ErrorItem>,
    keep_errors: bool,
}

impl Scorer {
    fn tally(&mut self, name: &'static str) -> &mut Tally {
        self.tallies.entry(name).or_default()
    }

    fn push(&mut self, doc: &str, field: &str, kind: &str, value: String, context: &str) {
        if self.keep_errors {
            self.errors.push(ErrorItem {
                doc: doc.to_string(),
                field: field.to_string(),
                kind: kind.to_string(),
                value,
                context: context.to_string(),
            });
        }
    }

    fn problem(&mut self, doc: &str, field: &str, what: String) {
        self.push(doc, field, "problem", what, "");
    }

    /// Scores one document's set of gold items against its set of reported
    /// items (each with the finding that reported it, for the evidence).
    #[allow(clippy::too_many_arguments)]
    fn sets<T>(
        &mut self,
        name: &'static str,
        d: &Doc,
        gold: &[T],
        pred: &[(T, Option<&Finding>)],
        eq: impl Fn(&T, &T) -> bool,
        show: impl Fn(&T) -> String,
        find: impl Fn(&Doc, &T) -> String,
    ) {
        let mut used = vec![false; pred.len()];
        let mut tp = 0;
        let mut misses = Vec::new();
        for g in gold {
            match (0..pred.len()).find(|&i| !used[i] && eq(g, &pred[i].0)) {
                Some(i) => {
                    used[i] = true;
                    tp += 1;
                }
                None => misses.push(g),
            }
        }
        let fps: Vec<_> = pred
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(p, _)| p)
            .collect();
        let t = self.tally(name);
        t.docs += 1;
        t.tp += tp;
        t.fn_ += misses.len();
        t.fp += fps.len();
        if self.keep_errors {
            for g in misses {
                let ctx = find(d, g);
                self.push(d.name, name, "miss", show(g), &ctx);
            }
            for (p, f) in fps {
                let ctx = f.map(|f| f.context.clone()).unwrap_or_default();
                self.push(d.name, name, "false_positive", show(p), &ctx);
            }
        }
    }

    fn doi(&mut self, g: &GoldDoc, d: &Doc) {
        let doi_finding = |doi: &str| {
            d.findings(Field::Doi)
                .find(|f| matches!(&f.value, Value::Doi(v) if v.doi.eq_ignore_ascii_case(doi)))
        };
        let find = |d: &Doc, s: &String| d.snippet(std::slice::from_ref(s), &[], 0);
        if let Some(want) = &g.doi_self {
            let gold: Vec<String> = want.iter().cloned().collect();
            let pred: Vec<(String, Option<&Finding>)> = d
                .rec
                .summary
                .doi
                .iter()
                .map(|s| (s.to_lowercase(), doi_finding(s)))
                .collect();
            self.sets(
                "doi_self",
                d,
                &gold,
                &pred,
                |a, b| a == b,
                Clone::clone,
                find,
            );
        }
        if let Some(all) = &g.doi_all {
            let gold = dedup(all.clone(), |a, b| a == b);
            let pred = dedup(
                d.findings(Field::Doi)
                    .filter_map(|f| match &f.value {
                        Value::Doi(v) => Some((v.doi.to_lowercase(), Some(f))),
                        _ => None,
                    })
                    .collect(),
                |a, b| a.0 == b.0,
            );
            self.sets(
                "doi_all",
                d,
                &gold,
                &pred,
                |a, b| a == b,
                Clone::clone,
                find,
            );
        }
    }

    fn registry(&mut self, g: &GoldDoc, d: &Doc) {
        let eq = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
        let find = |d: &Doc, s: &String| d.snippet(std::slice::from_ref(s), &[], 0);
        let finding = |id: &str| {
            d.findings(Field::RegistryId)
                .find(|f| matches!(&f.value, Value::RegistryId(v) if v.id.eq_ignore_ascii_case(id)))
        };
        if let Some(own) = &g.registry_ids {
            let gold = dedup(own.clone(), eq);
            let pred = dedup(
                d.rec
                    .summary
                    .registry_ids
                    .iter()
                    .map(|r| (r.id.clone(), finding(&r.id)))
                    .collect(),
                |a, b| eq(&a.0, &b.0),
            );
            self.sets("registry_id", d, &gold, &pred, eq, Clone::clone, find);
        }
        if let Some(cited) = &g.registry_ids_cited {
            let gold = dedup(cited.clone(), eq);
            let pred = dedup(
                d.findings(Field::RegistryId)
                    .filter_map(|f| match &f.value {
                        Value::RegistryId(v) if v.role == crate::record::RegistryRole::Cited => {
                            Some((v.id.clone(), Some(f)))
                        }
                        _ => None,
                    })
                    .collect(),
                |a, b| eq(&a.0, &b.0),
            );
            self.sets("registry_id_cited", d, &gold, &pred, eq, Clone::clone, find);
        }
    }

    fn p_values(&mut self, g: &GoldDoc, d: &Doc) {
        let Some(ps) = &g.p_values else { return };
        let eq = |a: &(Comparator, f64), b: &(Comparator, f64)| a.0 == b.0 && p_eq(a.1, b.1);
        let gold = dedup(ps.clone(), eq);
        let pred = dedup(
            d.findings(Field::PValue)
                .filter_map(|f| match &f.value {
                    Value::PValue(p) => Some(((p.comparator, p.value), Some(f))),
                    _ => None,
                })
                .collect(),
            |a, b| eq(&a.0, &b.0),
        );
        self.sets(
            "p_value",
            d,
            &gold,
            &pred,
            eq,
            |p| show_p(p.0, p.1),
            |d, p| d.snippet(&decimal_spellings(p.1), &["p"], 12),
        );
    }

    fn sample_size(&mut self, g: &GoldDoc, d: &Doc) {
        let Some(gs) = &g.sample_size else { return };
        let sizes: Vec<(u64, SampleRole, &Finding)> = d
            .findings(Field::SampleSize)
            .filter_map(|f| match &f.value {
                Value::SampleSize(v) => Some((v.n, v.role, f)),
                _ => None,
            })
            .collect();
        let own = |r: SampleRole| !matches!(r, SampleRole::Cited | SampleRole::Subgroup);
        let find_n = |d: &Doc, n: &u64| d.snippet(&count_spellings(*n), PEOPLE, 60);

        // Top-1 total.
        let total = d.rec.summary.sample_size.total;
        let ok = match total {
            Some(n) => gs.total.contains(&n),
            None => gs.total.is_empty(),
        };
        let t = self.tally("sample_size_total");
        if !gs.total.is_empty() {
            t.docs += 1;
            t.correct += ok as usize;
        }
        match total {
            Some(n) if gs.total.contains(&n) => t.tp += 1,
            Some(n) => {
                t.fp += 1;
                t.fn_ += (!gs.total.is_empty()) as usize;
                let ctx = sizes
                    .iter()
                    .find(|s| s.0 == n)
                    .map(|s| s.2.context.clone())
                    .unwrap_or_else(|| format!("summary total {n} (no finding with this n)"));
                self.push(
                    d.name,
                    "sample_size_total",
                    "false_positive",
                    n.to_string(),
                    &ctx,
                );
                if !gs.total.is_empty() {
                    self.miss_total(d, &gs.total);
                }
            }
            None if !gs.total.is_empty() => {
                t.fn_ += 1;
                self.miss_total(d, &gs.total);
            }
            None => {}
        }

        // Any-match recall.
        if !gs.total.is_empty() {
            let ss = &d.rec.summary.sample_size;
            let summary_hit = [ss.total, ss.enrolled, ss.randomized, ss.analyzed]
                .iter()
                .flatten()
                .any(|n| gs.total.contains(n));
            let hit = summary_hit
                || sizes
                    .iter()
                    .any(|(n, r, _)| own(*r) && gs.total.contains(n));
            let t = self.tally("sample_size_any");
            t.docs += 1;
            if hit {
                t.tp += 1;
            } else {
                t.fn_ += 1;
                self.miss_total_as(d, &gs.total, "sample_size_any");
            }
        }

        // Arm recall (multiset): reported arms beyond the gold are not
        // counted here; `sample_size_reported` judges them.
        let mut left: Vec<u64> = sizes
            .iter()
            .filter(|s| s.1 == SampleRole::Arm)
            .map(|s| s.0)
            .collect();
        let mut missed = Vec::new();
        for n in &gs.arms {
            match left.iter().position(|m| m == n) {
                Some(i) => {
                    left.swap_remove(i);
                }
                None => missed.push(*n),
            }
        }
        let t = self.tally("sample_size_arms");
        t.docs += (!gs.arms.is_empty()) as usize;
        t.tp += gs.arms.len() - missed.len();
        t.fn_ += missed.len();
        if self.keep_errors {
            for n in missed {
                let ctx = find_n(d, &n);
                self.push(d.name, "sample_size_arms", "miss", n.to_string(), &ctx);
            }
        }

        // Precision of reported sizes of this study.
        let mut seen: Vec<u64> = Vec::new();
        let t = self.tally("sample_size_reported");
        t.docs += 1;
        let mut fps = Vec::new();
        for (n, r, f) in &sizes {
            if !own(*r) || seen.contains(n) {
                continue;
            }
            seen.push(*n);
            if gs.accepts(*n) {
                t.tp += 1;
            } else {
                t.fp += 1;
                fps.push((*n, *r, f.context.clone()));
            }
        }
        for (n, r, ctx) in fps {
            let role = serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            self.push(
                d.name,
                "sample_size_reported",
                "false_positive",
                format!("{n} ({role})"),
                &ctx,
            );
        }
    }

    fn miss_total(&mut self, d: &Doc, totals: &[u64]) {
        self.miss_total_as(d, totals, "sample_size_total");
    }

    fn miss_total_as(&mut self, d: &Doc, totals: &[u64], field: &str) {
        if !self.keep_errors {
            return;
        }
        let needles: Vec<String> = totals.iter().flat_map(|n| count_spellings(*n)).collect();
        let ctx = d.snippet(&needles, PEOPLE, 60);
        let value = totals
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
        self.push(d.name, field, "miss", value, &ctx);
    }

    fn edss(&mut self, g: &GoldDoc, d: &Doc) {
        let Some(gold) = &g.edss else { return };
        let gold = dedup(gold.clone(), Edss::matches);
        let pred: Vec<(Edss, Option<&Finding>)> = dedup(
            d.findings(Field::Edss)
                .filter_map(|f| {
                    let Value::Edss(v) = &f.value else {
                        return None;
                    };
                    let j = serde_json::to_value(v).ok()?;
                    Edss::from_json(&j).ok().map(|e| (e, Some(f)))
                })
                .collect(),
            |a, b| a.0.matches(&b.0),
        );
        let find = |d: &Doc, e: &Edss| {
            let first = e.nums.first().map(|n| n.1).unwrap_or(0.0);
            d.snippet(&decimal_spellings(first), &["edss"], 160)
        };
        self.sets(
            "edss",
            d,
            &gold,
            &pred,
            Edss::matches,
            Edss::to_string,
            find,
        );
        for kind in EDSS_KINDS {
            let name: &'static str = match kind {
                "range" => "edss_range",
                "mean" => "edss_mean",
                "median" => "edss_median",
                "threshold" => "edss_threshold",
                "value" => "edss_value",
                _ => "edss_change",
            };
            let gk: Vec<Edss> = gold.iter().filter(|e| e.kind == kind).cloned().collect();
            let pk: Vec<(Edss, Option<&Finding>)> =
                pred.iter().filter(|e| e.0.kind == kind).cloned().collect();
            // Per-kind counts only: the errors are already listed under `edss`.
            let keep = std::mem::replace(&mut self.keep_errors, false);
            self.sets(name, d, &gk, &pk, Edss::matches, Edss::to_string, find);
            self.keep_errors = keep;
        }
    }
}

fn dedup<T>(items: Vec<T>, eq: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for x in items {
        if !out.iter().any(|y| eq(y, &x)) {
            out.push(x);
        }
    }
    out
}

// ---------------------------------------------------------- formatting ---

fn cell(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn opt(x: Option<usize>) -> String {
    x.map_or_else(|| "-".to_string(), |v| v.to_string())
}

impl Report {
    /// The report as JSON (`{"fields": {"p_value": {"precision": …}}, …}`).
    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).expect("report serializes")
    }

    /// The report as a plain-text table, then the error list if it was kept.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<22} {:>5} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7} {:>8}",
            "metric", "docs", "tp", "fp", "fn", "precision", "recall", "f1", "accuracy"
        );
        for (name, _) in all_metrics() {
            let m = &self.fields[name];
            if m.docs == 0 {
                let _ = writeln!(out, "{name:<22} {:>5}   (not in the gold)", 0);
                continue;
            }
            let _ = writeln!(
                out,
                "{:<22} {:>5} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7} {:>8}",
                name,
                m.docs,
                m.tp,
                opt(m.fp),
                opt(m.fn_),
                cell(m.precision),
                cell(m.recall),
                cell(m.f1),
                cell(m.accuracy),
            );
        }
        let o = &self.offsets;
        let _ = writeln!(
            out,
            "\ndocuments {}: failed {}, missing {}, unreadable {}",
            self.documents, self.failed, self.missing, self.unreadable
        );
        let _ = writeln!(
            out,
            "exact offsets: {}/{} findings ({})",
            o.exact,
            o.findings,
            o.rate
                .map_or_else(|| "-".into(), |r| format!("{:.2}%", r * 100.0))
        );
        let _ = writeln!(
            out,
            "must_not hits: {} of {} checked",
            self.must_not.hits, self.must_not.checked
        );
        if !self.errors.is_empty() {
            let _ = writeln!(out, "\nerrors ({}):", self.errors.len());
            for e in &self.errors {
                let kind = match e.kind.as_str() {
                    "miss" => "MISS",
                    "false_positive" => "FP",
                    _ => "PROBLEM",
                };
                let _ = write!(out, "{kind:<7} {:<20} {}  {}", e.field, e.doc, e.value);
                if !e.context.is_empty() {
                    let _ = write!(out, "\n        | {}", e.context);
                }
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_searched_as_journals_print_them() {
        let s = decimal_spellings(0.03);
        for want in ["0.03", "0.030", ".03", "0·03"] {
            assert!(s.iter().any(|x| x == want), "{want} not in {s:?}");
        }
        assert!(!s.iter().any(|x| x == "0.0"), "{s:?}");
        assert_eq!(count_spellings(1094), ["1094", "1,094", "1 094"]);
        assert_eq!(count_spellings(54), ["54"]);
    }

    #[test]
    fn p_values_compare_with_a_relative_tolerance() {
        assert!(p_eq(0.03, 0.030000000000000002));
        assert!(p_eq(3e-5, 3.0000000000000004e-5));
        assert!(!p_eq(0.03, 0.036));
        assert!(!p_eq(1e-5, 2e-5));
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
    fn absent_keys_are_not_scored_and_empty_lists_are() {
        let g = parse_gold_line(&serde_json::json!({"doc": "x.txt", "p_values": []})).unwrap();
        assert_eq!(g.p_values, Some(vec![]));
        assert!(g.doi_self.is_none() && g.sample_size.is_none() && g.edss.is_none());
        let g =
            parse_gold_line(&serde_json::json!({"doc": "x.txt", "doi": {"self": null, "all": []}}))
                .unwrap();
        assert_eq!(g.doi_self, Some(None));
    }
}
