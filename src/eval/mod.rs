//! Evaluation: records (the output of `extract`) scored against a gold file
//! (`../shared/docs/gold-format.md`). `litextract eval` is the thin CLI over
//! [`evaluate`]; `make eval` runs it over every shared set with a gold file.
//!
//! This module reads and scores; it prints nothing. [`Report::table`] and
//! [`Report::to_json`] format the result for the binary. Its parts: [`gold`]
//! (the gold file, serde-derived, and the halves), [`records`] (reading
//! records back), `score` and `sample` (the field metrics below), `rules`
//! (per-rule precision), `articles` (files of many articles), `evidence`
//! (what `--errors` shows) and [`report`] (the table and the JSON).
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
//! * `sample_size_summary_arms`: the summary's `arms` against the gold
//!   `arms`, as multisets, on documents whose gold lists arms: TP = size of
//!   the intersection, FP = summary arms left over, FN = gold arms left
//!   over; accuracy = documents whose two multisets are equal.
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
//!
//! # Two halves per set
//!
//! Every set is split once, by [`gold::half_of`]: a gold line with a `pmid`
//! goes by the PMID's parity (odd: the *check* half, even: the *dev* half);
//! a line without one by the SHA-256 of its `doc` string (the check half
//! when the digest's first byte is odd). Every metric is reported for the
//! total and for each half (`--half dev|check|all` scores one half or
//! both). `--errors` lists the errors of the dev half only and says how
//! many of the check half it left out: the check half is kept unread, so
//! that its figures show how rules do on text they were not written from.
//! `--show-check-half-errors` lists them too; it is for audits, never for
//! tuning rules.
//!
//! # Per-rule precision
//!
//! For each field and each `rule`: how many findings the rule produced on
//! documents whose gold scores that field, and how many were right (the
//! definitions are in the `rules` module docs), in total and per half.
//!
//! # Files of many articles
//!
//! A gold line with `records` describes one file and its articles; its
//! records are matched to the articles by PMID, else DOI, else position,
//! and scored as the `articles` module docs say: articles with exactly one
//! record, extra and mixed records, PMID, DOI, registry IDs and format
//! agreement, per set, per half and per expected format.

mod articles;
mod evidence;
pub mod gold;
pub mod records;
pub mod report;
mod rules;
mod sample;
mod score;

pub use articles::ArticleMetrics;
pub use gold::{half_of, parse_gold_line, read_gold, GoldDoc, GoldFile, GoldLine, Half};
pub use records::{Loaded, Records};
pub use report::{ErrorItem, Report};
pub use rules::RuleCount;
pub use score::{Metric, Tally};

use crate::record::{Comparator, Finding, Record, Status, Summary, Value};
use evidence::Doc;
use report::{ArticleReport, HalfReport, MustNot, Offsets, RuleHalf, RuleMetric};
use score::{all_metrics, ratio, Scorer};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Why an evaluation could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {reason}")]
    Read {
        path: PathBuf,
        reason: std::io::Error,
    },
    #[error("{path}, line {line}: {msg}")]
    Gold {
        path: PathBuf,
        line: usize,
        msg: String,
    },
}

/// What to score and what to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// List every miss and false positive (of the dev half).
    pub errors: bool,
    /// Score one half only; `None` scores both.
    pub half: Option<Half>,
    /// List the check half's errors too (audits only, never while tuning).
    pub show_check_half_errors: bool,
}

pub(crate) fn p_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 + 1e-6 * a.abs().max(b.abs())
}

pub(crate) fn show_p(c: Comparator, v: f64) -> String {
    format!("p {} {v}", c.as_str())
}

/// Counts beside the fields: offsets, record problems, `must_not` traps.
#[derive(Default)]
struct Checks {
    offsets: Offsets,
    failed: usize,
    missing: usize,
    unreadable: usize,
    must_not: MustNot,
    documents: [usize; 2],
}

/// Scores `records` against `gold`: every metric for the halves asked for,
/// per-rule precision, the files of many articles, and (with
/// `opts.errors`) every miss and false positive of the dev half, with
/// evidence, in [`Report::errors`].
pub fn evaluate(gold: &[GoldLine], records: &Records, opts: &Options) -> Report {
    let mut s = Scorer::new(opts.errors);
    let mut checks = Checks::default();
    let mut any_files = false;
    for line in gold {
        if opts.half.is_some_and(|h| h != line.half()) {
            continue;
        }
        s.half = line.half();
        match line {
            GoldLine::Doc(g) => {
                checks.documents[g.half.index()] += 1;
                score_doc(&mut s, &mut checks, g, records.load(&g.doc));
            }
            GoldLine::Articles(f) => {
                any_files = true;
                s.articles(f, &records.articles(&f.doc));
            }
        }
    }
    checks.offsets.rate = ratio(checks.offsets.exact, checks.offsets.findings);
    build_report(s, checks, opts, any_files)
}

/// Scores one document's record (or its absence) field by field.
fn score_doc(s: &mut Scorer, c: &mut Checks, g: &GoldDoc, loaded: Loaded) {
    let rec: Option<Box<Record>> = match loaded {
        Loaded::Ok(r) => {
            if r.status == Status::Failed {
                c.failed += 1;
                s.problem(&g.doc, "failed", r.error.clone().unwrap_or_default());
            }
            Some(r)
        }
        Loaded::Missing => {
            c.missing += 1;
            s.problem(&g.doc, "missing", "no record".into());
            None
        }
        Loaded::Unreadable(e) => {
            c.unreadable += 1;
            s.problem(&g.doc, "unreadable", e);
            None
        }
    };
    // A missing record is scored as one that reported nothing.
    let empty = Summary::default();
    let d = match rec.as_deref() {
        Some(r) => Doc::new(&g.doc, &r.findings, &r.summary, &r.text),
        None => Doc::new(&g.doc, &[], &empty, ""),
    };

    // Offsets: the contract's invariant on every finding.
    for f in d.findings {
        c.offsets.findings += 1;
        let ok = f.start <= f.end && f.end <= d.chars.len() && d.slice(f.start, f.end) == f.text;
        if ok {
            c.offsets.exact += 1;
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
        c.must_not.checked += 1;
        let low = bad.to_lowercase();
        let hit = |f: &&Finding| value_leaves(&f.value).iter().any(|l| l.contains(&low));
        if let Some(f) = d.findings.iter().find(hit) {
            c.must_not.hits += 1;
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
    s.rules(g, &d);
}

/// The halves scored: both, or the one asked for.
fn halves(opts: &Options) -> Vec<Half> {
    Half::BOTH
        .into_iter()
        .filter(|h| opts.half.is_none_or(|x| x == *h))
        .collect()
}

fn build_report(s: Scorer, c: Checks, opts: &Options, any_files: bool) -> Report {
    let fields_of = |half: Option<Half>| {
        all_metrics()
            .map(|(name, kind)| (name.to_string(), s.total(name, half).metric(kind)))
            .collect::<BTreeMap<_, _>>()
    };
    let scored = halves(opts);
    let half_reports = scored
        .iter()
        .map(|h| {
            let r = HalfReport {
                documents: c.documents[h.index()],
                fields: fields_of(Some(*h)),
            };
            (h.as_str().to_string(), r)
        })
        .collect();
    let articles = any_files.then(|| {
        let counts = || s.article_counts.iter();
        let mut formats: BTreeMap<String, articles::ArticleCounts> = BTreeMap::new();
        for ((_, f), x) in counts() {
            formats.entry(f.clone()).or_default().add(x);
        }
        ArticleReport {
            total: articles::sum_counts(counts(), None).metrics(),
            halves: scored
                .iter()
                .map(|h| {
                    let m = articles::sum_counts(counts(), Some(*h)).metrics();
                    (h.as_str().to_string(), m)
                })
                .collect(),
            formats: formats
                .iter()
                .map(|(f, x)| (f.clone(), x.metrics()))
                .collect(),
        }
    });
    let (errors, hidden) = split_errors(&s.errors, opts);
    Report {
        documents: c.documents.iter().sum(),
        fields: fields_of(None),
        offsets: c.offsets,
        failed: c.failed,
        missing: c.missing,
        unreadable: c.unreadable,
        must_not: c.must_not,
        half: opts.half.map_or("all", Half::as_str).to_string(),
        halves: half_reports,
        rules: rule_metrics(&s, &scored),
        articles,
        errors,
        check_half_errors_not_shown: hidden,
    }
}

/// The errors to show, and how many of the check half were left out
/// (`None` when errors were not asked for, or the check half's are shown;
/// `Some(0)` says the list is the dev half's even when nothing was left out).
fn split_errors(all: &[ErrorItem], opts: &Options) -> (Vec<ErrorItem>, Option<usize>) {
    if !opts.errors {
        return (Vec::new(), None);
    }
    if opts.show_check_half_errors {
        return (all.to_vec(), None);
    }
    let check = Half::Check.as_str();
    let shown: Vec<ErrorItem> = all.iter().filter(|e| e.half != check).cloned().collect();
    let hidden = all.len() - shown.len();
    (shown, Some(hidden))
}

/// Per-rule counts as reported: field → rule → total and per half.
fn rule_metrics(s: &Scorer, scored: &[Half]) -> BTreeMap<String, BTreeMap<String, RuleMetric>> {
    let mut out: BTreeMap<String, BTreeMap<String, RuleMetric>> = BTreeMap::new();
    let keys: std::collections::BTreeSet<_> = s.rules.iter().flat_map(|m| m.keys()).collect();
    for key @ (field, rule) in keys {
        let mut total = RuleCount::default();
        let mut halves = BTreeMap::new();
        for h in scored {
            let c = s.rules[h.index()].get(key).copied().unwrap_or_default();
            total.add(&c);
            let half = RuleHalf {
                findings: c.findings,
                right: c.right,
                precision: c.precision(),
            };
            halves.insert(h.as_str().to_string(), half);
        }
        let m = RuleMetric {
            findings: total.findings,
            right: total.right,
            precision: total.precision(),
            halves,
        };
        out.entry(field.to_string())
            .or_default()
            .insert(rule.clone(), m);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_compare_with_a_relative_tolerance() {
        assert!(p_eq(0.03, 0.030000000000000002));
        assert!(p_eq(3e-5, 3.0000000000000004e-5));
        assert!(!p_eq(0.03, 0.036));
        assert!(!p_eq(1e-5, 2e-5));
    }
}
