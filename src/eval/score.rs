//! The counts behind every metric ([`Tally`], [`Metric`]) and the scorer
//! that fills them, one document at a time: DOIs, registry IDs, p-values
//! and EDSS here, sample sizes in [`super::sample`], per-rule precision in
//! [`super::rules`]. Each half of a set keeps its own counts; the total is
//! their sum.

use super::articles::ArticleCounts;
use super::evidence::{decimal_spellings, Doc};
use super::gold::{Edss, GoldDoc, Half, EDSS_KINDS};
use super::report::ErrorItem;
use super::rules::RuleCount;
use super::{p_eq, show_p};
use crate::record::{Comparator, Field, Finding, Value};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        self.docs += o.docs;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.correct += o.correct;
    }
}

/// Which ratios a metric defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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

pub(super) fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Tally {
    pub(super) fn metric(&self, kind: Kind) -> Metric {
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
pub(super) const METRICS: [(&str, Kind); 17] = [
    ("doi_self", Kind::Prf),
    ("doi_all", Kind::Prf),
    ("registry_id", Kind::Prf),
    ("registry_id_cited", Kind::Prf),
    ("p_value", Kind::Prf),
    ("sample_size_total", Kind::PrfAccuracy),
    ("sample_size_any", Kind::RecallOnly),
    ("sample_size_arms", Kind::RecallOnly),
    ("sample_size_summary_arms", Kind::PrfAccuracy),
    ("sample_size_reported", Kind::PrecisionOnly),
    ("edss", Kind::Prf),
    ("edss_range", Kind::Prf),
    ("edss_mean", Kind::Prf),
    ("edss_median", Kind::Prf),
    ("edss_threshold", Kind::Prf),
    ("edss_value", Kind::Prf),
    ("edss_change", Kind::Prf),
];

pub(super) fn all_metrics() -> impl Iterator<Item = (&'static str, Kind)> {
    METRICS.into_iter()
}

impl Metric {
    /// The one number that sums a metric up: F1, or its only ratio
    /// (accuracy for a metric that has one).
    pub(super) fn headline(&self) -> Option<f64> {
        if self.accuracy.is_some() {
            return self.accuracy;
        }
        match (self.precision, self.recall) {
            (Some(_), Some(_)) => self.f1,
            (p, None) => p,
            (None, r) => r,
        }
    }
}

/// Counts, per-rule counts and errors of one evaluation, per half.
pub(super) struct Scorer {
    /// Metric counts by half ([`Half::index`]).
    pub tallies: [HashMap<&'static str, Tally>; 2],
    /// Per-rule counts by half: (field, rule) → findings and right ones.
    pub rules: [BTreeMap<(Field, String), RuleCount>; 2],
    /// Every error of both halves, in gold order, each with its half.
    pub errors: Vec<ErrorItem>,
    pub keep_errors: bool,
    /// The half of the document being scored.
    pub half: Half,
    /// Multi-article files: counts by half and expected format.
    pub article_counts: BTreeMap<(Half, String), ArticleCounts>,
}

impl Scorer {
    pub fn new(keep_errors: bool) -> Scorer {
        Scorer {
            tallies: Default::default(),
            rules: Default::default(),
            errors: Vec::new(),
            keep_errors,
            half: Half::Dev,
            article_counts: BTreeMap::new(),
        }
    }

    pub fn tally(&mut self, name: &'static str) -> &mut Tally {
        self.tallies[self.half.index()].entry(name).or_default()
    }

    /// The counts of one metric, for one half or (`None`) both.
    pub fn total(&self, name: &str, half: Option<Half>) -> Tally {
        let mut t = Tally::default();
        for h in Half::BOTH
            .into_iter()
            .filter(|h| half.is_none_or(|x| x == *h))
        {
            if let Some(x) = self.tallies[h.index()].get(name) {
                t.add(x);
            }
        }
        t
    }

    pub fn push(&mut self, doc: &str, field: &str, kind: &str, value: String, context: &str) {
        if self.keep_errors {
            self.errors.push(ErrorItem {
                doc: doc.to_string(),
                field: field.to_string(),
                kind: kind.to_string(),
                value,
                context: context.to_string(),
                half: self.half.as_str().to_string(),
            });
        }
    }

    pub fn problem(&mut self, doc: &str, field: &str, what: String) {
        self.push(doc, field, "problem", what, "");
    }

    /// Scores one document's set of gold items against its set of reported
    /// items (each with the finding that reported it, for the evidence).
    #[allow(clippy::too_many_arguments)]
    pub fn sets<T>(
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

    pub fn doi(&mut self, g: &GoldDoc, d: &Doc) {
        let doi_finding = |doi: &str| {
            d.of(Field::Doi)
                .find(|f| matches!(&f.value, Value::Doi(v) if v.doi.eq_ignore_ascii_case(doi)))
        };
        let find = |d: &Doc, s: &String| d.snippet(std::slice::from_ref(s), &[], 0);
        if let Some(want) = &g.doi_self {
            let gold: Vec<String> = want.iter().cloned().collect();
            let pred: Vec<(String, Option<&Finding>)> = d
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
                d.of(Field::Doi)
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

    pub fn registry(&mut self, g: &GoldDoc, d: &Doc) {
        let eq = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
        let find = |d: &Doc, s: &String| d.snippet(std::slice::from_ref(s), &[], 0);
        let finding = |id: &str| {
            d.of(Field::RegistryId)
                .find(|f| matches!(&f.value, Value::RegistryId(v) if v.id.eq_ignore_ascii_case(id)))
        };
        if let Some(own) = &g.registry_ids {
            let gold = dedup(own.clone(), eq);
            let pred = dedup(
                d.summary
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
                d.of(Field::RegistryId)
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

    pub fn p_values(&mut self, g: &GoldDoc, d: &Doc) {
        let Some(ps) = &g.p_values else { return };
        let eq = |a: &(Comparator, f64), b: &(Comparator, f64)| a.0 == b.0 && p_eq(a.1, b.1);
        let gold = dedup(ps.clone(), eq);
        let pred = dedup(
            d.of(Field::PValue)
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

    pub fn edss(&mut self, g: &GoldDoc, d: &Doc) {
        let Some(gold) = &g.edss else { return };
        let gold = dedup(gold.clone(), Edss::matches);
        let pred: Vec<(Edss, Option<&Finding>)> = dedup(
            d.of(Field::Edss)
                .filter_map(|f| match &f.value {
                    Value::Edss(v) => Some((Edss::from_value(v), Some(f))),
                    _ => None,
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
