//! Decisions applied to records: for every value of a document, what each
//! reviewer said, whether they agree, and what stands.
//!
//! The journal is the truth; this is a view computed from it (and cached
//! per document by the server). The rules:
//! * a reviewer's latest verdict on a value (accept, reject, correct, add)
//!   is theirs; `retract` withdraws it; notes accumulate;
//! * a decision marked `resolution` stands for the value whatever the
//!   others said (a third reviewer, or either, settling a disagreement);
//! * otherwise the value's outcome is the reviewers' common verdict, or a
//!   disagreement when they differ;
//! * decisions that do not re-attach ([`super::attach`]) form *stale*
//!   values of their own: shown, exported as stale, applied to nothing.

use super::attach::{self, Attachment};
use super::corpus::{Corpus, Doc};
use super::journal::{Action, Decision, Journal};
use super::values;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One reviewer's standing word on a value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Verdict {
    pub id: String,
    pub reviewer: String,
    pub action: Action,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub time: String,
    pub resolution: bool,
    /// The decision was made on an earlier extraction and re-attached here
    /// at moved evidence.
    pub moved: bool,
}

/// What stands for a value.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Unreviewed,
    Accepted,
    Rejected,
    Corrected,
    Added,
    Disagreement,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Unreviewed => "unreviewed",
            Outcome::Accepted => "accepted",
            Outcome::Rejected => "rejected",
            Outcome::Corrected => "corrected",
            Outcome::Added => "added",
            Outcome::Disagreement => "disagreement",
        }
    }
}

/// A value of a document with its decisions.
#[derive(Debug, Clone, Serialize)]
pub struct ValueState {
    /// Stable within one extraction: `f:<finding id>`, `s:<field>:<start>-<end>`
    /// for an added value, `x:<decision id>` for a stale group.
    pub key: String,
    /// `finding`, `added` or `stale`.
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<usize>,
    pub field: String,
    pub label: String,
    pub value: serde_json::Value,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub page: Option<u32>,
    pub rule: String,
    pub confidence: Option<f64>,
    /// Latest verdict per reviewer.
    pub verdicts: BTreeMap<String, Verdict>,
    pub notes: Vec<Verdict>,
    pub resolution: Option<Verdict>,
    pub outcome: Outcome,
    /// The value that stands, in words (the corrected or added value, or the
    /// extracted one).
    pub final_label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_reason: Option<String>,
    /// The journal ids of the decisions in this group, in order.
    pub decisions: Vec<String>,
    /// The evidence of a stale or added group (for a retract).
    #[serde(skip)]
    pub evidence: Option<super::journal::Evidence>,
}

/// Review counts of one document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocCounts {
    pub values: usize,
    pub unreviewed: usize,
    pub disagreements: usize,
    pub stale: usize,
    pub added: usize,
    /// Findings judged, per reviewer.
    pub judged: BTreeMap<String, usize>,
    /// `failed`, `not reviewed`, `in progress`, `reviewed`, `disagreement`, `stale`.
    pub status: &'static str,
}

/// One document's values and counts.
#[derive(Debug, Clone, Serialize)]
pub struct DocState {
    pub values: Vec<ValueState>,
    pub counts: DocCounts,
}

fn verdict(d: &Decision, moved: bool) -> Verdict {
    Verdict {
        id: d.id.clone(),
        reviewer: d.reviewer.clone(),
        action: d.action,
        corrected: d.corrected.clone(),
        note: d.note.clone(),
        time: d.time.clone(),
        resolution: d.resolution,
        moved,
    }
}

/// The parts of a value every kind has; decisions are applied later.
struct Base {
    key: String,
    kind: &'static str,
    field: String,
    label: String,
    value: serde_json::Value,
    text: String,
    start: usize,
    end: usize,
    page: Option<u32>,
}

fn blank(b: Base) -> ValueState {
    ValueState {
        key: b.key,
        kind: b.kind,
        finding: None,
        field: b.field,
        final_label: b.label.clone(),
        label: b.label,
        value: b.value,
        text: b.text,
        start: b.start,
        end: b.end,
        page: b.page,
        rule: String::new(),
        confidence: None,
        verdicts: BTreeMap::new(),
        notes: Vec::new(),
        resolution: None,
        outcome: Outcome::Unreviewed,
        stale_reason: None,
        decisions: Vec::new(),
        evidence: None,
    }
}

fn finding_value(doc: &Doc, i: usize) -> ValueState {
    let f = &doc.findings[i];
    let mut v = blank(Base {
        key: format!("f:{}", f.id),
        kind: "finding",
        field: f.field.clone(),
        label: values::label(&f.field, &f.value),
        value: f.value.clone(),
        text: f.text.clone(),
        start: f.start,
        end: f.end,
        page: f.page,
    });
    v.finding = Some(i);
    v.rule = f.rule.clone();
    v.confidence = Some(f.confidence);
    v
}

fn group_value(
    d: &Decision,
    kind: &'static str,
    key: String,
    start: usize,
    end: usize,
) -> ValueState {
    let e = &d.evidence;
    let label = if e.value.is_null() {
        d.corrected.clone().unwrap_or_default()
    } else {
        values::label(&e.field, &e.value)
    };
    let mut v = blank(Base {
        key,
        kind,
        field: e.field.clone(),
        label,
        value: e.value.clone(),
        text: e.text.clone(),
        start,
        end,
        page: e.page,
    });
    v.evidence = Some(e.clone());
    v
}

fn apply(v: &mut ValueState, d: &Decision, moved: bool) {
    v.decisions.push(d.id.clone());
    match d.action {
        Action::Retract => {
            v.verdicts.remove(&d.reviewer);
            if v.resolution
                .as_ref()
                .is_some_and(|r| r.reviewer == d.reviewer)
            {
                v.resolution = None;
            }
        }
        Action::Note => {}
        _ => {
            let vd = verdict(d, moved);
            if d.resolution {
                v.resolution = Some(vd.clone());
            }
            v.verdicts.insert(d.reviewer.clone(), vd);
        }
    }
    if d.note.as_deref().is_some_and(|n| !n.trim().is_empty()) {
        v.notes.push(verdict(d, moved));
    }
}

fn same(a: &Verdict, b: &Verdict) -> bool {
    let norm = |s: &Option<String>| s.as_deref().map(str::trim).unwrap_or("").to_string();
    a.action == b.action && norm(&a.corrected) == norm(&b.corrected)
}

fn settle(v: &mut ValueState) {
    let standing = match &v.resolution {
        Some(r) => Some(r.clone()),
        None => {
            let mut it = v.verdicts.values();
            match it.next() {
                None => None,
                Some(first) if it.all(|o| same(first, o)) => Some(first.clone()),
                Some(_) => {
                    v.outcome = Outcome::Disagreement;
                    return;
                }
            }
        }
    };
    v.outcome = match standing {
        None => Outcome::Unreviewed,
        Some(s) => match s.action {
            Action::Accept => Outcome::Accepted,
            Action::Reject => Outcome::Rejected,
            Action::Correct | Action::Add => {
                v.final_label = s.corrected.clone().unwrap_or_default();
                if s.action == Action::Add {
                    Outcome::Added
                } else {
                    Outcome::Corrected
                }
            }
            Action::Note | Action::Retract => Outcome::Unreviewed,
        },
    };
}

/// Applies a document's decisions (in journal order) to its record.
pub fn doc_state(doc: &Doc, decisions: &[&Decision]) -> DocState {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut vals: Vec<ValueState> = (0..doc.findings.len())
        .map(|i| finding_value(doc, i))
        .collect();
    let mut extra: HashMap<String, usize> = HashMap::new();
    for d in decisions {
        let (idx, moved) = match attach::attach(doc, &chars, d) {
            Attachment::Finding { index, moved } => (index, moved),
            Attachment::Span { start, end, moved } => {
                let key = format!("s:{}:{start}-{end}", d.evidence.field);
                let i = *extra.entry(key.clone()).or_insert_with(|| {
                    vals.push(group_value(d, "added", key, start, end));
                    vals.len() - 1
                });
                (i, moved)
            }
            Attachment::Stale { reason } => {
                let e = &d.evidence;
                let ident = format!("{}:{}:{}-{}:{}", e.sha256, e.field, e.start, e.end, e.text);
                let i = match extra.get(&ident) {
                    Some(&i) => i,
                    None => {
                        let mut g = group_value(d, "stale", format!("x:{}", d.id), e.start, e.end);
                        g.stale_reason = Some(reason);
                        vals.push(g);
                        extra.insert(ident, vals.len() - 1);
                        vals.len() - 1
                    }
                };
                (i, false)
            }
        };
        apply(&mut vals[idx], d, moved);
    }
    // A stale or added group whose every decision was retracted is done with.
    vals.retain(|v| v.kind == "finding" || !v.verdicts.is_empty() || !v.notes.is_empty());
    for v in &mut vals {
        settle(v);
    }
    vals.sort_by_key(|v| (v.start, v.end));
    let counts = counts(doc, &vals);
    DocState {
        values: vals,
        counts,
    }
}

fn counts(doc: &Doc, vals: &[ValueState]) -> DocCounts {
    let mut c = DocCounts {
        values: vals.iter().filter(|v| v.kind == "finding").count(),
        ..DocCounts::default()
    };
    let mut any = false;
    for v in vals {
        match v.kind {
            "stale" => c.stale += 1,
            "added" => c.added += 1,
            _ => {}
        }
        if v.kind == "finding" {
            if v.outcome == Outcome::Unreviewed {
                c.unreviewed += 1;
            }
            for r in v.verdicts.keys() {
                *c.judged.entry(r.clone()).or_default() += 1;
            }
        }
        if v.outcome == Outcome::Disagreement {
            c.disagreements += 1;
        }
        any |= !v.verdicts.is_empty();
    }
    c.status = if doc.status == "failed" {
        "failed"
    } else if !any {
        "not reviewed"
    } else if c.disagreements > 0 {
        "disagreement"
    } else if c.stale > 0 {
        "stale"
    } else if c.unreviewed == 0 {
        "reviewed"
    } else {
        "in progress"
    };
    c
}

/// Records plus journal: what `review` serves and `export` writes.
#[derive(Debug)]
pub struct Review {
    pub corpus: Corpus,
    pub journal: Journal,
    /// Every decision read, in journal order.
    pub decisions: Vec<Decision>,
    /// Problems reading the journal, said plainly.
    pub warnings: Vec<String>,
    /// Byte offset up to which the journal has been read.
    pub offset: u64,
    cache: HashMap<String, DocState>,
    out: std::path::PathBuf,
    /// Modification time of `manifest.json` when the records were loaded.
    stamp: Option<std::time::SystemTime>,
}

fn manifest_stamp(out: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(out.join(crate::output::manifest::FILE))
        .and_then(|m| m.modified())
        .ok()
}

impl Review {
    /// Loads the records under `out` and the journal beside them.
    pub fn open(out: &Path) -> std::io::Result<Review> {
        let stamp = manifest_stamp(out);
        let corpus = Corpus::load(out)?;
        let journal = Journal::new(out);
        let (report, offset) = journal.read_from(0)?;
        let mut warnings = report.warnings;
        // A torn last line has no newline, so read_from left it unread.
        if let Ok(full) = journal.read() {
            for w in full.warnings {
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
        }
        Ok(Review {
            corpus,
            journal,
            decisions: report.decisions,
            warnings,
            offset,
            cache: HashMap::new(),
            out: out.to_path_buf(),
            stamp,
        })
    }

    /// Loads the records again if `extract` ran since they were loaded
    /// (its manifest is the last file a run writes), so an open page shows
    /// the current extraction and re-attaches decisions to it.
    pub fn reload_if_extracted(&mut self) -> std::io::Result<bool> {
        let now = manifest_stamp(&self.out);
        if now == self.stamp {
            return Ok(false);
        }
        let corpus = Corpus::load(&self.out)?;
        self.stamp = now;
        self.corpus = corpus;
        self.cache.clear();
        Ok(true)
    }

    /// Picks up decisions appended since the last read (by another server
    /// on the same folder); returns whether there were any.
    pub fn refresh(&mut self) -> std::io::Result<bool> {
        let reloaded = self.reload_if_extracted()?;
        let (report, offset) = self.journal.read_from(self.offset)?;
        self.offset = offset;
        self.warnings.extend(report.warnings);
        let any = reloaded || !report.decisions.is_empty();
        for d in report.decisions {
            self.cache.remove(&d.doc);
            self.decisions.push(d);
        }
        Ok(any)
    }

    /// Appends a decision to the journal, then to the view. The journal
    /// write comes first: a decision the page shows is on disk.
    pub fn record(&mut self, d: Decision) -> std::io::Result<()> {
        self.refresh()?;
        self.journal.append(&d)?;
        self.offset = std::fs::metadata(self.journal.path())?.len();
        self.cache.remove(&d.doc);
        self.decisions.push(d);
        Ok(())
    }

    /// The state of document `key` (cached until its decisions change).
    pub fn state(&mut self, key: &str) -> Option<&DocState> {
        if !self.cache.contains_key(key) {
            let doc = self.corpus.get(key)?;
            let ds: Vec<&Decision> = self.decisions.iter().filter(|d| d.doc == key).collect();
            let st = doc_state(doc, &ds);
            self.cache.insert(key.to_string(), st);
        }
        self.cache.get(key)
    }

    /// Every reviewer named in the journal, sorted.
    pub fn reviewers(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self.decisions.iter().map(|d| d.reviewer.as_str()).collect();
        set.into_iter().map(str::to_string).collect()
    }

    /// Decisions on documents that are no longer in the output folder:
    /// kept and listed, never dropped.
    pub fn orphans(&self) -> Vec<&Decision> {
        self.decisions
            .iter()
            .filter(|d| self.corpus.get(&d.doc).is_none())
            .collect()
    }

    /// States of every document, in corpus order.
    pub fn all_states(&mut self) -> Vec<(usize, DocState)> {
        let keys: Vec<String> = self.corpus.docs.iter().map(|d| d.key.clone()).collect();
        keys.iter()
            .enumerate()
            .filter_map(|(i, k)| self.state(k).map(|s| (i, s.clone())))
            .collect()
    }
}

/// Agreement between two reviewers on one field.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Agreement {
    pub field: String,
    /// Values both reviewers judged.
    pub n: usize,
    pub agree: usize,
    pub percent: Option<f64>,
    /// Cohen's kappa on accept / reject (a correction counts as reject: the
    /// extracted value was wrong); null when it is undefined (no values, or
    /// both reviewers used one category only).
    pub kappa: Option<f64>,
}

/// Percent agreement and Cohen's kappa per field (and `all`) between
/// reviewers `a` and `b`, over extracted values both judged.
pub fn agreement(states: &[(usize, DocState)], a: &str, b: &str) -> Vec<Agreement> {
    let mut pairs: BTreeMap<String, Vec<(bool, bool)>> = BTreeMap::new();
    for (_, st) in states {
        for v in st.values.iter().filter(|v| v.kind == "finding") {
            let cat = |r: &str| {
                v.verdicts
                    .get(r)
                    .filter(|x| {
                        matches!(x.action, Action::Accept | Action::Reject | Action::Correct)
                    })
                    .map(|x| x.action == Action::Accept)
            };
            if let (Some(x), Some(y)) = (cat(a), cat(b)) {
                pairs.entry(v.field.clone()).or_default().push((x, y));
                pairs.entry("all".into()).or_default().push((x, y));
            }
        }
    }
    let mut fields: Vec<String> = crate::record::Field::ALL
        .iter()
        .map(|f| f.as_str().to_string())
        .collect();
    fields.push("all".into());
    fields
        .into_iter()
        .map(|f| kappa(&f, pairs.get(&f).map(Vec::as_slice).unwrap_or(&[])))
        .collect()
}

fn kappa(field: &str, pairs: &[(bool, bool)]) -> Agreement {
    let n = pairs.len();
    let agree = pairs.iter().filter(|(x, y)| x == y).count();
    if n == 0 {
        return Agreement {
            field: field.into(),
            n,
            agree,
            percent: None,
            kappa: None,
        };
    }
    let nf = n as f64;
    let po = agree as f64 / nf;
    let pa = pairs.iter().filter(|p| p.0).count() as f64 / nf;
    let pb = pairs.iter().filter(|p| p.1).count() as f64 / nf;
    let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
    let kappa = if (1.0 - pe).abs() < 1e-12 {
        None
    } else {
        Some((po - pe) / (1.0 - pe))
    };
    Agreement {
        field: field.into(),
        n,
        agree,
        percent: Some(100.0 * po),
        kappa,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_matches_a_worked_example() {
        // 50 items: both yes 20, a yes b no 5, a no b yes 10, both no 15
        // (the classic textbook table): po = 0.7, pe = 0.5, kappa = 0.4.
        let mut p = vec![(true, true); 20];
        p.extend(vec![(true, false); 5]);
        p.extend(vec![(false, true); 10]);
        p.extend(vec![(false, false); 15]);
        let k = kappa("x", &p);
        assert_eq!(k.n, 50);
        assert!((k.percent.unwrap() - 70.0).abs() < 1e-9);
        assert!((k.kappa.unwrap() - 0.4).abs() < 1e-9, "{k:?}");
    }

    #[test]
    fn kappa_is_undefined_when_both_use_one_category() {
        let k = kappa("x", &[(true, true), (true, true)]);
        assert_eq!(k.percent, Some(100.0));
        assert_eq!(k.kappa, None);
        assert_eq!(kappa("x", &[]).percent, None);
    }
}
