//! Re-attachment: after `extract` runs again (a new extractor version, an
//! edited input), which current value does each decision belong to?
//!
//! A decision keeps the evidence it judged: field, value, the evidence
//! text, its offsets and up to 40 code points of text on each side. It
//! re-attaches to a current finding of the same field with the same
//! evidence text, at the same offsets (the document did not move) or at the
//! one place whose surroundings still match (the text moved). It re-attaches
//! only when the value read from that evidence is the same; otherwise, or
//! when the evidence is gone, or when two places match equally well, the
//! decision is *stale*: kept, shown with its reason, applied to nothing.
//! Precision over recall: a decision is never moved onto a value a person
//! did not judge.

use super::corpus::Doc;
use super::journal::{Decision, Evidence, CONTEXT_CHARS};
use super::values;

/// Where a decision belongs in the current record.
#[derive(Debug, Clone, PartialEq)]
pub enum Attachment {
    /// To the current finding at this index of `Doc::findings`.
    Finding { index: usize, moved: bool },
    /// To a span of the current text (a value a reviewer added).
    Span {
        start: usize,
        end: usize,
        moved: bool,
    },
    /// To nothing: the reason, in words.
    Stale { reason: String },
}

/// Context characters that must match (on both sides together) before a
/// moved evidence is taken for the same one; short documents and evidence
/// at the very start or end need less.
const MIN_CONTEXT: usize = 24;

/// How well the text around `start..end` matches the stored context:
/// matching characters next to the evidence, before plus after.
fn context_score(chars: &[char], start: usize, end: usize, e: &Evidence) -> usize {
    let before: Vec<char> = e.before.chars().collect();
    let after: Vec<char> = e.after.chars().collect();
    let mut b = 0;
    while b < before.len() && b < start && chars[start - 1 - b] == before[before.len() - 1 - b] {
        b += 1;
    }
    let mut a = 0;
    while a < after.len() && end + a < chars.len() && chars[end + a] == after[a] {
        a += 1;
    }
    b + a
}

/// The score a perfect match can reach.
fn full_score(e: &Evidence) -> usize {
    e.before.chars().count() + e.after.chars().count()
}

/// The one best place among `candidates` (start, end, payload), if it is
/// unambiguous and its context matches well enough.
fn best<T: Copy>(
    chars: &[char],
    e: &Evidence,
    candidates: impl Iterator<Item = (usize, usize, T)>,
) -> Result<(usize, usize, T), String> {
    let mut scored: Vec<(usize, usize, usize, T)> = candidates
        .map(|(s, en, t)| (context_score(chars, s, en, e), s, en, t))
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.abs_diff(e.start).cmp(&b.1.abs_diff(e.start)))
    });
    let need = MIN_CONTEXT.min(full_score(e));
    match scored.as_slice() {
        [] => Err("not found".into()),
        [(s, ..), ..] if *s < need => Err("surroundings changed".into()),
        [(s1, ..), (s2, ..), ..] if s1 == s2 => Err("ambiguous".into()),
        [(_, s, en, t), ..] => Ok((*s, *en, *t)),
    }
}

/// Re-attaches one decision to the current record.
pub fn attach(doc: &Doc, chars: &[char], d: &Decision) -> Attachment {
    let e = &d.evidence;
    if e.finding.is_none() {
        return attach_span(chars, e);
    }
    let same_source = e.sha256 == doc.sha256 && !e.sha256.is_empty();
    // `20 in each of the two groups` is two findings on one span: a
    // decision stays with its copy (a decision from before the copies
    // were made is on the first).
    let copy = copy_of(&e.value);
    let candidates = doc
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.field == e.field && f.text == e.text && copy_of(&f.value) == copy)
        .map(|(i, f)| (f.start, f.end, i));
    let found = if same_source {
        // The same file: offsets are the identity, context is a formality.
        doc.findings
            .iter()
            .position(|f| {
                f.field == e.field
                    && f.text == e.text
                    && f.start == e.start
                    && copy_of(&f.value) == copy
            })
            .map(|i| (e.start, e.end, i))
            .ok_or_else(|| "not found".to_string())
    } else {
        best(chars, e, candidates)
    };
    match found {
        Ok((start, _, index)) => {
            let now = &doc.findings[index].value;
            if without_copy(now) == without_copy(&e.value) {
                Attachment::Finding {
                    index,
                    moved: start != e.start,
                }
            } else {
                Attachment::Stale {
                    reason: format!(
                        "the extractor now reads this evidence as {}, not {}",
                        values::label(&e.field, now),
                        values::label(&e.field, &e.value)
                    ),
                }
            }
        }
        Err(why) => Attachment::Stale {
            reason: gone_reason(chars, e, &why),
        },
    }
}

/// Which copy of an `each` count a finding's value is (its `arm_of.arm`),
/// 1 for a count that is one finding.
fn copy_of(v: &serde_json::Value) -> u64 {
    v["arm_of"]["arm"].as_u64().unwrap_or(1)
}

/// A value without its `arm_of`: the reading of the evidence a reviewer
/// judged (how many arms the count was copied to is not part of it, so a
/// decision made before the copies still holds).
fn without_copy(v: &serde_json::Value) -> serde_json::Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("arm_of");
    }
    v
}

fn attach_span(chars: &[char], e: &Evidence) -> Attachment {
    let needle: Vec<char> = e.text.chars().collect();
    let occurrences = find_all(chars, &needle).map(|s| (s, s + needle.len(), ()));
    match best(chars, e, occurrences) {
        Ok((start, end, ())) => Attachment::Span {
            start,
            end,
            moved: start != e.start,
        },
        Err(why) => Attachment::Stale {
            reason: gone_reason(chars, e, &why),
        },
    }
}

fn gone_reason(chars: &[char], e: &Evidence, why: &str) -> String {
    let needle: Vec<char> = e.text.chars().collect();
    let count = find_all(chars, &needle).count();
    match (why, count) {
        (_, 0) => format!("the evidence “{}” is no longer in the text", e.text),
        ("ambiguous", _) => format!(
            "the evidence “{}” now appears in {count} places with the same surroundings",
            e.text
        ),
        ("surroundings changed", _) => format!(
            "the evidence “{}” is still in the text, but the text around it changed",
            e.text
        ),
        _ => format!(
            "the evidence “{}” is still in the text, but the extractor no longer reports this value there",
            e.text
        ),
    }
}

fn find_all<'a>(hay: &'a [char], needle: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    let n = needle.len();
    (0..hay.len().saturating_sub(n.saturating_sub(1)))
        .filter(move |&i| n > 0 && hay[i..i + n] == *needle)
}

/// The evidence of finding `index` of `doc`, as a decision stores it.
pub fn evidence_of_finding(doc: &Doc, index: usize) -> Evidence {
    let f = &doc.findings[index];
    let (before, after) = doc.around(f.start, f.end, CONTEXT_CHARS);
    Evidence {
        finding: Some(f.id.clone()),
        field: f.field.clone(),
        value: f.value.clone(),
        text: f.text.clone(),
        start: f.start,
        end: f.end,
        page: f.page,
        before,
        after,
        sha256: doc.sha256.clone(),
    }
}

/// The evidence of a span a reviewer selected (a missed value).
pub fn evidence_of_span(doc: &Doc, field: &str, start: usize, end: usize) -> Option<Evidence> {
    let chars: Vec<char> = doc.text.chars().collect();
    if start >= end || end > chars.len() {
        return None;
    }
    let (before, after) = doc.around(start, end, CONTEXT_CHARS);
    let page = doc
        .pages
        .iter()
        .find(|p| p.start <= start && start < p.end)
        .map(|p| p.page);
    Some(Evidence {
        finding: None,
        field: field.to_string(),
        value: serde_json::Value::Null,
        text: chars[start..end].iter().collect(),
        start,
        end,
        page,
        before,
        after,
        sha256: doc.sha256.clone(),
    })
}
