//! `litextract export`: what reviewers take into their spreadsheet, R
//! (metafor) or their review software: one row per document or one per
//! value, as CSV or JSON Lines, with reviewed values in place of extracted
//! ones and unreviewed ones marked; and the agreement between two
//! reviewers per field.
//!
//! CSV is written with the `csv` crate (quoting, embedded newlines and
//! quotes are its job, not ours), UTF-8 with a header row. Numbers are
//! written as bare numbers so a spreadsheet reads them as numbers. Text
//! cells come from documents, so a cell starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return gets a leading `'` (OWASP's advice against
//! formula injection); number cells are never touched, so `-0.5` stays a
//! number. JSON Lines carries the same columns with the raw text.

use crate::review::corpus::Doc;
use crate::review::state::{self, DocState, Outcome, Review, ValueState};
use crate::review::values;
use serde_json::{json, Map, Value};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Documents,
    Values,
    Agreement,
}

/// One cell: typed, so numbers stay numbers and only text is escaped.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Num(f64),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn opt_num(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, Cell::Num)
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => escape_formula(s),
            Cell::Num(x) => fmt_num(*x),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Num(x) => json!(x),
            Cell::Empty => Value::Null,
        }
    }
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Defuses a text cell a spreadsheet would read as a formula.
pub fn escape_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A table: header plus rows.
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn write(&self, format: Format, out: &mut dyn Write) -> io::Result<()> {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&self.header)?;
                for r in &self.rows {
                    w.write_record(r.iter().map(Cell::csv))?;
                }
                w.flush()
            }
            Format::Jsonl => {
                for r in &self.rows {
                    let obj: Map<String, Value> = self
                        .header
                        .iter()
                        .zip(r)
                        .map(|(h, c)| (h.to_string(), c.json()))
                        .collect();
                    serde_json::to_writer(&mut *out, &obj)?;
                    out.write_all(b"\n")?;
                }
                Ok(())
            }
        }
    }
}

/// The table `what` asks for; `pair` names the two reviewers compared
/// (default: the first two in the journal, by name).
pub fn table(review: &mut Review, what: What, pair: Option<(String, String)>) -> Table {
    let states = review.all_states();
    match what {
        What::Documents => documents(review, &states),
        What::Values => values_table(review, &states),
        What::Agreement => {
            let rows = match pair.or_else(|| default_pair(review)) {
                Some((a, b)) => state::agreement(&states, &a, &b)
                    .into_iter()
                    .map(|g| {
                        vec![
                            Cell::text(a.clone()),
                            Cell::text(b.clone()),
                            Cell::text(g.field),
                            Cell::Num(g.n as f64),
                            Cell::Num(g.agree as f64),
                            Cell::opt_num(g.percent.map(|p| (p * 10.0).round() / 10.0)),
                            Cell::opt_num(g.kappa.map(|k| (k * 1000.0).round() / 1000.0)),
                        ]
                    })
                    .collect(),
                None => Vec::new(),
            };
            Table {
                header: vec![
                    "reviewer_a",
                    "reviewer_b",
                    "field",
                    "n",
                    "agree",
                    "percent",
                    "kappa",
                ],
                rows,
            }
        }
    }
}

/// The first two reviewers by name, if there are two.
pub fn default_pair(review: &Review) -> Option<(String, String)> {
    let r = review.reviewers();
    (r.len() >= 2).then(|| (r[0].clone(), r[1].clone()))
}

/// Values that stand after review: not rejected, not stale.
fn standing(st: &DocState) -> impl Iterator<Item = &ValueState> {
    st.values
        .iter()
        .filter(|v| v.kind != "stale" && v.outcome != Outcome::Rejected)
}

fn changed(v: &ValueState) -> bool {
    matches!(v.outcome, Outcome::Corrected | Outcome::Added)
}

/// The value's number after review.
fn final_number(v: &ValueState) -> Option<f64> {
    if changed(v) {
        values::first_number(&v.final_label)
    } else {
        values::number(&v.field, &v.value)
    }
}

const TOTAL_ROLES: [&str; 4] = ["randomized", "enrolled", "analyzed", "total"];

/// A sample-size value's role after review: a correction or an added value
/// may name one (`96 randomized`); else the extracted role.
fn final_role(v: &ValueState) -> String {
    if changed(v) {
        let typed = v.final_label.to_lowercase();
        for r in TOTAL_ROLES
            .iter()
            .chain(&["arm", "completed", "subgroup", "cited"])
        {
            if typed.contains(&r[..5.min(r.len())]) {
                return r.to_string();
            }
        }
        if v.kind == "added" {
            return "total".into();
        }
    }
    values::role(&v.value).unwrap_or("").to_string()
}

/// Total N and its role after review. Untouched sample sizes keep the
/// extractor's summary; a reviewer's correction or addition outranks it;
/// a rejected total gives way to the next role in the contract's order.
fn total(doc: &Doc, st: &DocState) -> (Option<f64>, String) {
    let ss: Vec<&ValueState> = standing(st).filter(|v| v.field == "sample_size").collect();
    let pick = |vals: &[&ValueState]| {
        TOTAL_ROLES.iter().find_map(|r| {
            vals.iter()
                .find(|v| final_role(v) == *r)
                .and_then(|v| final_number(v).map(|n| (Some(n), r.to_string())))
        })
    };
    let reviewed: Vec<&ValueState> = ss.iter().copied().filter(|v| changed(v)).collect();
    if let Some(t) = pick(&reviewed) {
        return t;
    }
    let s = &doc.summary["sample_size"];
    if let Some(t) = s["total"].as_f64() {
        let role = TOTAL_ROLES[..3]
            .iter()
            .find(|r| s[**r].as_f64() == Some(t))
            .map_or("sum of arms", |r| *r);
        let backed = ss.iter().any(|v| final_number(v) == Some(t));
        let any_judged = st
            .values
            .iter()
            .any(|v| v.field == "sample_size" && v.outcome != Outcome::Unreviewed);
        if backed || !any_judged {
            return (Some(t), role.to_string());
        }
    }
    if let Some(t) = pick(&ss) {
        return t;
    }
    let arms: Vec<f64> = ss
        .iter()
        .filter(|v| final_role(v) == "arm")
        .filter_map(|v| final_number(v))
        .collect();
    if arms.len() >= 2 {
        return (Some(arms.iter().sum()), "sum of arms".into());
    }
    (None, String::new())
}

const DOCUMENT_COLUMNS: [&str; 18] = [
    "key",
    "path",
    "pmid",
    "doi",
    "title",
    "registry_ids",
    "total_n",
    "total_role",
    "arms",
    "edss",
    "p_values",
    "status",
    "error",
    "review_status",
    "reviewers",
    "unreviewed",
    "disagreements",
    "stale",
];

fn documents(review: &Review, states: &[(usize, DocState)]) -> Table {
    let rows = states
        .iter()
        .map(|(i, st)| document_row(&review.corpus.docs[*i], st))
        .collect();
    Table {
        header: DOCUMENT_COLUMNS.to_vec(),
        rows,
    }
}

/// Whether a standing value is the study's own: a reviewer who typed
/// "(cited)" says it is not.
fn own(v: &&ValueState) -> bool {
    if changed(v) {
        !v.final_label.to_lowercase().contains("cited")
    } else {
        !matches!(values::role(&v.value), Some("cited"))
    }
}

/// The standing own values of `field`, as text (the corrected text, or the
/// value's `key` member), first appearance only.
fn own_values(st: &DocState, field: &str, key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in standing(st).filter(|v| v.field == field).filter(own) {
        let t = if changed(v) || key.is_empty() {
            v.final_label.clone()
        } else {
            v.value[key].as_str().unwrap_or("").to_string()
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn document_row(doc: &Doc, st: &DocState) -> Vec<Cell> {
    // The record's own DOI may come from metadata with no finding behind
    // it; it stands unless a DOI finding was judged.
    let has_doi_values = st
        .values
        .iter()
        .any(|v| v.field == "doi" && v.kind != "stale");
    let doi = own_values(st, "doi", "doi")
        .into_iter()
        .next()
        .or_else(|| (!has_doi_values).then(|| doc.doi.clone()).flatten())
        .unwrap_or_default();
    let (total_n, total_role) = total(doc, st);
    let p_count = standing(st).filter(|v| v.field == "p_value").count();
    let reviewers: Vec<&str> = st.counts.judged.keys().map(String::as_str).collect();
    vec![
        Cell::text(doc.key.clone()),
        Cell::text(doc.source.clone()),
        Cell::text(doc.pmid.clone().unwrap_or_default()),
        Cell::text(doi),
        Cell::text(doc.title.clone()),
        Cell::text(own_values(st, "registry_id", "id").join("; ")),
        Cell::opt_num(total_n),
        Cell::text(total_role),
        Cell::text(arms(doc, st)),
        Cell::text(own_values(st, "edss", "").join("; ")),
        Cell::Num(p_count as f64),
        Cell::text(doc.status.clone()),
        Cell::text(doc.error.clone().unwrap_or_default()),
        Cell::text(st.counts.status),
        Cell::text(reviewers.join("; ")),
        Cell::Num(st.counts.unreviewed as f64),
        Cell::Num(st.counts.disagreements as f64),
        Cell::Num(st.counts.stale as f64),
    ]
}

/// Arms with their group names: the arms of the extractor's summary (each
/// matched to its finding), less those a reviewer rejected, with
/// corrections in place, plus arms a reviewer added.
fn arms(doc: &Doc, st: &DocState) -> String {
    let is_arm = |v: &&ValueState| v.field == "sample_size" && final_role(v) == "arm";
    let mut pool: Vec<&ValueState> = st
        .values
        .iter()
        .filter(|v| v.kind == "finding" && values::role(&v.value) == Some("arm"))
        .collect();
    let summary: Vec<f64> = doc.summary["sample_size"]["arms"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for n in summary {
        let Some(i) = pool
            .iter()
            .position(|v| values::number(&v.field, &v.value) == Some(n))
        else {
            out.push(fmt_num(n));
            continue;
        };
        let v = pool.remove(i);
        match v.outcome {
            Outcome::Rejected => {}
            Outcome::Corrected => out.push(v.final_label.clone()),
            _ => out.push(match v.value.get("group").and_then(Value::as_str) {
                Some(g) => format!("{} ({g})", fmt_num(n)),
                None => fmt_num(n),
            }),
        }
    }
    out.extend(
        st.values
            .iter()
            .filter(|v| v.kind == "added")
            .filter(is_arm)
            .map(|v| v.final_label.clone()),
    );
    out.join("; ")
}

fn values_table(review: &Review, states: &[(usize, DocState)]) -> Table {
    let header = vec![
        "key",
        "path",
        "field",
        "value",
        "extracted",
        "number",
        "role",
        "group",
        "evidence",
        "start",
        "end",
        "page",
        "rule",
        "confidence",
        "decision",
        "corrected_value",
        "reviewer",
        "time",
        "note",
        "stale_reason",
    ];
    let mut rows = Vec::new();
    for (i, st) in states {
        let doc = &review.corpus.docs[*i];
        for v in &st.values {
            let standing: Vec<&state::Verdict> = match &v.resolution {
                Some(r) => vec![r],
                None => v.verdicts.values().collect(),
            };
            let decision = if v.kind == "stale" {
                "stale"
            } else {
                v.outcome.as_str()
            };
            let corrected = if changed(v) {
                v.final_label.clone()
            } else {
                String::new()
            };
            let reviewers: Vec<&str> = standing.iter().map(|x| x.reviewer.as_str()).collect();
            let time = standing.iter().map(|x| x.time.as_str()).max().unwrap_or("");
            let notes: Vec<String> = v
                .notes
                .iter()
                .filter_map(|n| n.note.as_ref().map(|t| format!("{}: {t}", n.reviewer)))
                .collect();
            rows.push(vec![
                Cell::text(doc.key.clone()),
                Cell::text(doc.source.clone()),
                Cell::text(v.field.clone()),
                Cell::text(v.final_label.clone()),
                Cell::text(if v.value.is_null() {
                    String::new()
                } else {
                    v.label.clone()
                }),
                Cell::opt_num(final_number(v)),
                Cell::text(if v.field == "sample_size" {
                    final_role(v)
                } else {
                    values::role(&v.value).unwrap_or("").to_string()
                }),
                Cell::text(
                    v.value
                        .get("group")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                ),
                Cell::text(v.text.clone()),
                Cell::Num(v.start as f64),
                Cell::Num(v.end as f64),
                Cell::opt_num(v.page.map(f64::from)),
                Cell::text(v.rule.clone()),
                Cell::opt_num(v.confidence.map(|c| (c * 1000.0).round() / 1000.0)),
                Cell::text(decision),
                Cell::text(corrected),
                Cell::text(reviewers.join("; ")),
                Cell::text(time),
                Cell::text(notes.join(" | ")),
                Cell::text(v.stale_reason.clone().unwrap_or_default()),
            ]);
        }
    }
    Table { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        assert_eq!(escape_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_formula("+1"), "'+1");
        assert_eq!(escape_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_formula("\tx"), "'\tx");
        assert_eq!(escape_formula("p = 0.03"), "p = 0.03");
        assert_eq!(Cell::Num(-0.5).csv(), "-0.5");
        assert_eq!(Cell::Num(96.0).csv(), "96");
    }
}
