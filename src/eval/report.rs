//! The result of an evaluation and its two forms: JSON ([`Report::to_json`])
//! and a plain-text table for people ([`Report::table`]). Nothing here
//! scores; everything here formats what [`super::evaluate`] counted.

use super::articles::ArticleMetrics;
use super::gold::Half;
use super::score::{all_metrics, Metric};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One line of `--errors`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorItem {
    pub doc: String,
    /// The metric (`p_value`, `doi_self` …) or `offsets`, `must_not`,
    /// `failed`, `missing`, `unreadable`; for files of many articles
    /// `articles`, `articles_split`, `records_extra`, `records_mixed`,
    /// `article_pmid`, `article_doi`, `article_registry`, `article_format`.
    pub field: String,
    /// `miss`, `false_positive` or `problem`.
    pub kind: String,
    pub value: String,
    /// For a false positive the finding's context, for a miss a snippet of
    /// the record text where the value seems to be (empty if not found).
    pub context: String,
    /// The half of the set the document is in (`dev` or `check`).
    pub half: String,
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

/// The scores of one half of the set.
#[derive(Debug, Clone, Serialize)]
pub struct HalfReport {
    /// Gold lines of single documents in this half.
    pub documents: usize,
    pub fields: BTreeMap<String, Metric>,
}

/// A rule's precision: in total and per half.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleMetric {
    pub findings: usize,
    pub right: usize,
    pub precision: Option<f64>,
    /// The same counts for each half scored (`dev`, `check`).
    pub halves: BTreeMap<String, RuleHalf>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleHalf {
    pub findings: usize,
    pub right: usize,
    pub precision: Option<f64>,
}

/// Files of many articles: the set as a whole, per half, per format.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    pub total: ArticleMetrics,
    pub halves: BTreeMap<String, ArticleMetrics>,
    /// By the gold line's `format` (`unknown` where it has none).
    pub formats: BTreeMap<String, ArticleMetrics>,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Gold lines of single documents scored (in the halves asked for).
    pub documents: usize,
    pub fields: BTreeMap<String, Metric>,
    pub offsets: Offsets,
    pub failed: usize,
    pub missing: usize,
    pub unreadable: usize,
    pub must_not: MustNot,
    /// The halves scored: `all`, `dev` or `check`.
    pub half: String,
    /// Each half scored on its own; `fields` above is their sum.
    pub halves: BTreeMap<String, HalfReport>,
    /// Per-rule precision: field → rule → counts (see `eval::rules`).
    pub rules: BTreeMap<String, BTreeMap<String, RuleMetric>>,
    /// Present when the gold has lines of files of many articles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<ArticleReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorItem>,
    /// Errors of the check half left out of `errors`: it is kept unread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check_half_errors_not_shown: Option<usize>,
}

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

    /// Both halves are in the report (`--half all`).
    fn both_halves(&self) -> bool {
        self.halves.len() == 2
    }

    /// The report as a plain-text table, then per-rule precision, the
    /// multi-article scores, and the error list if it was kept.
    pub fn table(&self) -> String {
        let mut out = String::new();
        if self.documents == 0 && self.articles.is_some() {
            out.push_str("no gold line of a single document: the field metrics are not scored\n");
        } else {
            self.field_table(&mut out);
            self.summary_lines(&mut out);
        }
        self.rule_table(&mut out);
        if let Some(a) = &self.articles {
            article_table(&mut out, a);
        }
        self.error_lines(&mut out);
        out
    }

    fn field_table(&self, out: &mut String) {
        let halves = self.both_halves();
        let _ = write!(
            out,
            "{:<22} {:>5} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7} {:>8}",
            "metric", "docs", "tp", "fp", "fn", "precision", "recall", "f1", "accuracy"
        );
        if halves {
            let _ = write!(out, " {:>7} {:>7}", "dev", "check");
        }
        out.push('\n');
        for (name, _) in all_metrics() {
            let m = &self.fields[name];
            if m.docs == 0 {
                let _ = writeln!(out, "{name:<22} {:>5}   (not in the gold)", 0);
                continue;
            }
            let _ = write!(
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
            if halves {
                let h = |half: Half| cell(self.halves[half.as_str()].fields[name].headline());
                let _ = write!(out, " {:>7} {:>7}", h(Half::Dev), h(Half::Check));
            }
            out.push('\n');
        }
    }

    fn summary_lines(&self, out: &mut String) {
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
        let count = |h: Half| self.halves.get(h.as_str()).map_or(0, |r| r.documents);
        let _ = writeln!(
            out,
            "halves ({}): dev {} documents, check {} documents; dev and check columns: \
             F1, or the metric's one ratio (accuracy for sample_size_total)",
            self.half,
            count(Half::Dev),
            count(Half::Check),
        );
    }

    fn rule_table(&self, out: &mut String) {
        if self.rules.is_empty() {
            return;
        }
        let halves = self.both_halves();
        let _ = writeln!(
            out,
            "\nper-rule precision (findings on documents whose gold scores the field; \
             sample_size: right when n is in a gold list of the study, so subgroup counts, \
             which no set annotates, read low):"
        );
        let _ = write!(
            out,
            "{:<12} {:<36} {:>8} {:>6} {:>9}",
            "field", "rule", "findings", "right", "precision"
        );
        if halves {
            let _ = write!(out, " {:>7} {:>7}", "dev", "check");
        }
        out.push('\n');
        for (field, rules) in &self.rules {
            for (rule, m) in rules {
                let _ = write!(
                    out,
                    "{field:<12} {rule:<36} {:>8} {:>6} {:>9}",
                    m.findings,
                    m.right,
                    cell(m.precision)
                );
                if halves {
                    let h =
                        |half: Half| cell(m.halves.get(half.as_str()).and_then(|x| x.precision));
                    let _ = write!(out, " {:>7} {:>7}", h(Half::Dev), h(Half::Check));
                }
                out.push('\n');
            }
        }
    }

    fn error_lines(&self, out: &mut String) {
        if !self.errors.is_empty() {
            let whose = match self.check_half_errors_not_shown {
                Some(_) => ", dev half only",
                None => "",
            };
            let _ = writeln!(out, "\nerrors ({}{whose}):", self.errors.len());
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
        if let Some(n) = self.check_half_errors_not_shown {
            let _ = writeln!(
                out,
                "\n{n} errors of the check half are not shown: it is kept unread \
                 (--show-check-half-errors shows them; not while tuning rules)"
            );
        }
    }
}

/// The multi-article section: one line for the set, each half, each format.
fn article_table(out: &mut String, a: &ArticleReport) {
    let _ = writeln!(
        out,
        "\nfiles of many articles (articles matched to records by PMID, else DOI, else position):"
    );
    let _ = writeln!(
        out,
        "{:<14} {:>5} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>9} {:>8} {:>8} {:>8} {:>7}",
        "set", "files", "no rec", "1 rec", "artcl", "found", "missed", "split", "records",
        "extra", "mixed", "recall", "precision", "pmid acc", "doi acc", "registry", "format"
    );
    let row = |out: &mut String, name: &str, m: &ArticleMetrics| {
        let _ = writeln!(
            out,
            "{:<14} {:>5} {:>6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>9} {:>8} {:>8} {:>8} {:>7}",
            name,
            m.n.files,
            m.n.files_without_records,
            m.n.files_one_record,
            m.n.articles,
            m.n.one_record,
            m.n.missed,
            m.n.split,
            m.n.records,
            m.n.extra,
            m.n.mixed,
            cell(m.recall),
            cell(m.precision),
            cell(m.pmid.accuracy),
            cell(m.doi.accuracy),
            cell(m.registry.f1),
            cell(m.format.accuracy),
        );
    };
    row(out, "all", &a.total);
    for h in Half::BOTH {
        if let Some(m) = a.halves.get(h.as_str()) {
            row(out, &format!("  {} half", h.as_str()), m);
        }
    }
    for (f, m) in &a.formats {
        row(out, &format!("  {f}"), m);
    }
    let t = &a.total;
    let _ = writeln!(
        out,
        "no rec: files that gave no record; 1 rec: files of 2+ articles that gave one record; \
         found: articles with exactly one record; split: with more than one; \
         registry: F1; format: records whose source.format is the expected one"
    );
    let _ = writeln!(
        out,
        "files: {} tolerated (not scored), {} with more records than articles; records: {} tolerated, {} unreadable",
        t.n.files_tolerated, t.n.files_too_many, t.n.tolerated, t.n.unreadable
    );
}
