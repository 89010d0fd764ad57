//! The JSON API the page calls. Every handler takes the server's state and
//! returns a [`Reply`]; none touches the file system except through the
//! journal and the records the corpus listed at start (a request names a
//! record by its key, looked up in that list, never opened as a path).

use super::attach;
use super::journal::{self, Action, Decision};
use super::server::{Reply, Server};
use super::state::DocState;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Confidence under which a value counts as "low confidence" in the filter.
pub const LOW_CONFIDENCE: f64 = 0.7;

pub fn session(s: &mut Server) -> Reply {
    let _ = s.review.refresh();
    Reply::json(
        200,
        &json!({
            "reviewer": s.default_reviewer,
            "reviewers": s.review.reviewers(),
            "journal": s.review.journal.path().display().to_string(),
            "warnings": s.review.warnings,
            "corpus_warnings": s.review.corpus.warnings,
            "fields": crate::record::Field::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        }),
    )
}

pub fn overview(s: &mut Server) -> Reply {
    let _ = s.review.refresh();
    let states = s.review.all_states();
    let reviewers = s.review.reviewers();
    let mut rows = Vec::new();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut per_field: BTreeMap<String, usize> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut stale = Vec::new();
    let mut sizes = Vec::new();
    let mut progress: BTreeMap<String, usize> = BTreeMap::new();
    let mut total_values = 0;
    for (i, st) in &states {
        let doc = &s.review.corpus.docs[*i];
        if doc.status == "failed" {
            let reason = doc.error.clone().unwrap_or_else(|| "unknown".into());
            failures.entry(reason).or_default().push(doc.source.clone());
        }
        let mut fields: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &doc.findings {
            *fields.entry(f.field.as_str()).or_default() += 1;
            *per_field.entry(f.field.clone()).or_default() += 1;
        }
        if let Some(n) = doc.summary["sample_size"]["total"].as_u64() {
            sizes.push(n);
        }
        total_values += st.counts.values;
        for (r, n) in &st.counts.judged {
            *progress.entry(r.clone()).or_default() += n;
        }
        for v in &st.values {
            let item = || {
                json!({"doc": doc.key, "title": doc.title, "value": v.key, "label": v.label,
                       "field": v.field, "verdicts": v.verdicts, "reason": v.stale_reason})
            };
            if v.outcome == super::state::Outcome::Disagreement {
                disagreements.push(item());
            }
            if v.kind == "stale" {
                stale.push(item());
            }
        }
        rows.push(json!({
            "key": doc.key,
            "source": doc.source,
            "title": doc.title,
            "pmid": doc.pmid,
            "doi": doc.doi,
            "status": doc.status,
            "error": doc.error,
            "warnings": doc.warnings.len(),
            "fields": fields,
            "low_confidence": doc.findings.iter().any(|f| f.confidence < LOW_CONFIDENCE),
            "total_n": doc.summary["sample_size"]["total"],
            "review": st.counts,
        }));
    }
    let orphans: Vec<Value> = s
        .review
        .orphans()
        .iter()
        .map(|d| json!({"doc": d.doc, "reviewer": d.reviewer, "action": d.action, "text": d.evidence.text, "time": d.time}))
        .collect();
    let agreement = if reviewers.len() >= 2 {
        json!({"a": reviewers[0], "b": reviewers[1],
               "fields": super::state::agreement(&states, &reviewers[0], &reviewers[1])})
    } else {
        Value::Null
    };
    Reply::json(
        200,
        &json!({
            "documents": rows,
            "failures": failures,
            "findings": per_field,
            "values": total_values,
            "progress": progress,
            "reviewers": reviewers,
            "disagreements": disagreements,
            "stale": stale,
            "orphans": orphans,
            "skipped": s.review.corpus.skipped.iter().map(|(p, r)| json!({"path": p, "reason": r})).collect::<Vec<_>>(),
            "sizes": sizes,
            "agreement": agreement,
        }),
    )
}

pub fn doc(s: &mut Server, key: &str) -> Reply {
    let _ = s.review.refresh();
    match doc_json(s, key) {
        Some(v) => Reply::json(200, &v),
        None => Reply::error(404, "no such document in this folder"),
    }
}

fn doc_json(s: &mut Server, key: &str) -> Option<Value> {
    let state: DocState = s.review.state(key)?.clone();
    let doc = s.review.corpus.get(key)?;
    Some(json!({
        "key": doc.key,
        "source": doc.source,
        "format": doc.format,
        "title": doc.title,
        "pmid": doc.pmid,
        "doi": doc.doi,
        "status": doc.status,
        "error": doc.error,
        "warnings": doc.warnings,
        "metadata": doc.metadata,
        "record": doc.record,
        "summary": doc.summary,
        "pages": doc.pages,
        "text": doc.text,
        "values": state.values,
        "counts": state.counts,
    }))
}

/// A decision as the page sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideRequest {
    pub doc: String,
    pub reviewer: String,
    pub action: Action,
    /// The value judged (`ValueState::key`); absent for `add`.
    #[serde(default)]
    pub value: Option<String>,
    /// For `add`: the field and the selected span (code points).
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub start: Option<usize>,
    #[serde(default)]
    pub end: Option<usize>,
    #[serde(default)]
    pub corrected: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub resolution: bool,
}

fn clean(s: Option<String>, max: usize) -> Result<Option<String>, String> {
    match s.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        Some(t) if t.chars().count() > max => Err(format!("longer than {max} characters")),
        Some(t) if t.chars().any(|c| c.is_control() && c != '\n') => {
            Err("control characters are not allowed".into())
        }
        other => Ok(other),
    }
}

pub fn decide(s: &mut Server, body: &[u8]) -> Reply {
    let req: DecideRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return Reply::error(400, &format!("not a decision: {e}")),
    };
    match build(s, req) {
        Ok(d) => {
            let key = d.doc.clone();
            let id = d.id.clone();
            if let Err(e) = s.review.record(d) {
                return Reply::error(500, &format!("the decision was NOT saved: {e}"));
            }
            let mut v = doc_json(s, &key).unwrap_or(Value::Null);
            v["saved"] = json!(id);
            Reply::json(200, &v)
        }
        Err((status, why)) => Reply::error(status, &why),
    }
}

fn build(s: &mut Server, req: DecideRequest) -> Result<Decision, (u16, String)> {
    let bad = |why: String| (400, why);
    let reviewer = clean(Some(req.reviewer), 64)
        .map_err(|e| bad(format!("reviewer name {e}")))?
        .ok_or_else(|| bad("a reviewer name is needed".into()))?;
    if reviewer.contains('\n') {
        return Err(bad("a reviewer name is one line".into()));
    }
    let corrected = clean(req.corrected, 500).map_err(|e| bad(format!("value {e}")))?;
    let note = clean(req.note, 4000).map_err(|e| bad(format!("note {e}")))?;
    let Some(doc) = s.review.corpus.get(&req.doc) else {
        return Err((404, "no such document in this folder".into()));
    };
    let mut action = req.action;
    let mut corrected = corrected;
    let evidence = if action == Action::Add {
        let field = req.field.unwrap_or_default();
        if !crate::record::Field::ALL
            .iter()
            .any(|f| f.as_str() == field)
        {
            return Err(bad(format!("unknown field {field:?}")));
        }
        if corrected.is_none() {
            return Err(bad("an added value needs the value".into()));
        }
        let (Some(start), Some(end)) = (req.start, req.end) else {
            return Err(bad(
                "an added value needs the selected text (start, end)".into()
            ));
        };
        attach::evidence_of_span(doc, &field, start, end)
            .ok_or_else(|| bad("the selection is not inside the document's text".into()))?
    } else {
        let key = req.value.unwrap_or_default();
        if let Some(id) = key.strip_prefix("f:") {
            let i = doc
                .findings
                .iter()
                .position(|f| f.id == id)
                .ok_or_else(|| (404, format!("no value {key} in this document")))?;
            attach::evidence_of_finding(doc, i)
        } else {
            let doc_key = doc.key.clone();
            let state = s.review.state(&doc_key).expect("listed document");
            let v = state
                .values
                .iter()
                .find(|v| v.key == key)
                .ok_or_else(|| (404, format!("no value {key} in this document")))?;
            let mut e = v
                .evidence
                .clone()
                .ok_or_else(|| bad("cannot judge this value".into()))?;
            if v.kind == "added" {
                // Agreeing with a value another reviewer added is adding it too.
                e.start = v.start;
                e.end = v.end;
                if action == Action::Accept {
                    action = Action::Add;
                    corrected = Some(v.final_label.clone());
                }
            }
            e
        }
    };
    if action == Action::Correct && corrected.is_none() {
        return Err(bad("a correction needs the right value".into()));
    }
    if action == Action::Note && note.is_none() {
        return Err(bad("an empty note".into()));
    }
    Ok(Decision {
        schema: journal::SCHEMA.into(),
        id: journal::random_hex(12),
        time: journal::now_rfc3339(),
        reviewer,
        doc: req.doc,
        action,
        evidence,
        corrected: if matches!(action, Action::Correct | Action::Add) {
            corrected
        } else {
            None
        },
        note,
        resolution: req.resolution,
    })
}
