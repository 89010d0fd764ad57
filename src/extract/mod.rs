//! Extraction: [`Document`] → findings, one extractor per field.
//!
//! Every extractor implements [`Extractor`] and is listed once in
//! [`EXTRACTORS`]; the pipeline, the incremental key and the summary all go
//! through that registry. Extractors are pure (no I/O, no logging) and match
//! against `doc.fold`; [`FindingBuilder`] turns a byte span of `fold` into a
//! [`Finding`] whose `text[start..end]` invariant holds by construction.

pub mod attribution;
pub mod budget;
pub mod doi;
pub mod edss;
pub mod numbers;
pub mod p_value;
pub mod prefilter;
pub mod registry_id;
pub mod rx;
pub mod sample_size;
pub mod text;

/// The statcheck parser and check live under `p_value`.
pub use p_value::statcheck;

use crate::normalize::Document;
use crate::record::{
    DoiRole, EdssValue, Field, Finding, PValueRef, RegistryRef, RegistryRole, SampleSizeSummary,
    Summary, Value,
};
use std::collections::HashSet;

/// One field's extractor.
pub trait Extractor: Send + Sync {
    fn field(&self) -> Field;
    /// Bump when the output can change: part of the incremental key.
    fn version(&self) -> u32;
    fn extract(&self, doc: &Document, out: &mut Vec<Finding>);
    /// False only when `extract` would find nothing in `doc` (the shared
    /// prefilter pass says its entry patterns cannot match): then it does
    /// not run.
    fn may_find(&self, _doc: &Document) -> bool {
        true
    }
}

/// The registry: every extractor, in output order.
pub static EXTRACTORS: &[&dyn Extractor] = &[
    &doi::Doi,
    &registry_id::RegistryId,
    &p_value::PValueExtractor,
    &sample_size::SampleSize,
    &edss::Edss,
];

/// Bump when the summary, [`FindingBuilder`], the budget or the shared
/// helpers (`text`, `attribution`) can change a record: part of the
/// incremental key.
pub const EXTRACT_VERSION: u32 = 4;

/// Every part of the incremental key with its version: the extractors in
/// registry order, then the code they share. `tests/it/versions.rs` checks
/// each against a hash of its source files, so a change without a bump
/// fails a test instead of leaving stale records after a refresh.
pub fn key_parts() -> Vec<(String, u32)> {
    let mut parts: Vec<(String, u32)> = EXTRACTORS
        .iter()
        .map(|e| (e.field().to_string(), e.version()))
        .collect();
    parts.push(("extract".into(), EXTRACT_VERSION));
    parts.push(("numbers".into(), numbers::NUMBERS_VERSION));
    parts.push(("sections".into(), crate::sections::SECTIONS_VERSION));
    parts.push(("normalize".into(), crate::normalize::NORMALIZER_VERSION));
    parts
}

/// `doi=1,registry_id=1,…,normalize=1`: what the incremental key records.
pub fn versions_key() -> String {
    key_parts()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Runs every extractor over a document; findings come out sorted by
/// position, then field. A panic propagates (tests want to see it); the
/// pipeline uses [`extract_isolated`].
pub fn extract_all(doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    for e in EXTRACTORS {
        let before = out.len();
        if e.may_find(doc) {
            e.extract(doc, &mut out);
        }
        debug_assert!(out[before..].iter().all(|f| f.field == e.field()));
    }
    sort_findings(&mut out);
    out
}

/// Like [`extract_all`], but an extractor that panics loses only its own
/// field on this document: the others' findings stay, and a warning says
/// which field is missing.
pub fn extract_isolated(doc: &Document) -> (Vec<Finding>, Vec<String>) {
    extract_isolated_with(doc, EXTRACTORS)
}

fn extract_isolated_with(
    doc: &Document,
    extractors: &[&dyn Extractor],
) -> (Vec<Finding>, Vec<String>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let budget = &doc.budget;
    budget.take_cut();
    for e in extractors {
        let field = e.field();
        if budget.time_is_up() {
            warnings.push(format!(
                "time budget: the {field} extractor did not run on this document, because the extractors before it used up the document's time budget{}; its {field} findings are missing",
                limit_words(budget)
            ));
            continue;
        }
        let mut mine = Vec::new();
        // An extractor the prefilter rules out would have found nothing:
        // it counts as run, with no findings.
        let started = crate::timings::start();
        let ran = if e.may_find(doc) {
            crate::isolate::catch_quietly(|| e.extract(doc, &mut mine))
        } else {
            Some(())
        };
        if let (Some(t), Some(stage)) = (started, crate::timings::Stage::extractor(field)) {
            crate::timings::add(stage, t);
        }
        match ran {
            Some(()) => {
                if mine.len() > budget.max_findings() {
                    // An extractor that does not ask the budget is still held to it.
                    mine.truncate(budget.max_findings());
                    budget.note_cut(budget::Cut::Findings);
                } else if budget.time_is_up() {
                    budget.note_cut(budget::Cut::Time);
                }
                match budget.take_cut() {
                    Some(budget::Cut::Time) => warnings.push(format!(
                        "time budget: the {field} extractor stopped early on this document, when the document's time budget{} ran out; its {} {field} findings are kept and more may be missing",
                        limit_words(budget),
                        mine.len()
                    )),
                    Some(budget::Cut::Findings) => warnings.push(format!(
                        "too many findings: the {field} extractor stopped at {} findings, the most one field keeps per document; the rest of the document's {field} values are not listed",
                        budget.max_findings()
                    )),
                    None => {}
                }
                out.append(&mut mine)
            }
            None => warnings.push(format!(
                "internal error: the {} extractor failed on this document, so its {} findings are missing (please report this file)",
                field, field
            )),
        }
    }
    sort_findings(&mut out);
    (out, warnings)
}

/// ` of 60 s (--timeout)`, or nothing when the budget has no time limit.
fn limit_words(budget: &budget::Budget) -> String {
    match budget.limit() {
        Some(d) => format!(" of {} s (--timeout)", d.as_secs_f64()),
        None => String::new(),
    }
}

fn sort_findings(out: &mut Vec<Finding>) {
    out.sort_by_key(|f| (f.start, f.end, f.field));
    out.dedup_by(|a, b| a.id == b.id);
}

/// Builds findings from spans of `doc.fold`.
pub struct FindingBuilder<'a> {
    doc: &'a Document,
    field: Field,
}

impl<'a> FindingBuilder<'a> {
    pub fn new(doc: &'a Document, field: Field) -> Self {
        FindingBuilder { doc, field }
    }

    /// A finding for the `fold` byte span `start..end`.
    pub fn make(
        &self,
        start: usize,
        end: usize,
        value: Value,
        rule: &str,
        confidence: f32,
    ) -> Finding {
        let doc = self.doc;
        let cs = doc.char_of_fold_byte(start);
        let ce = doc.char_of_fold_byte(end);
        let text = doc.text[doc.text_byte_of_char(cs)..doc.text_byte_of_char(ce)].to_string();
        Finding {
            id: format!("{}:{}-{}", self.field, cs, ce),
            field: self.field,
            value,
            text,
            start: cs,
            end: ce,
            page: doc.page_of_char(cs),
            context: context(doc, start, end),
            rule: rule.to_string(),
            confidence: confidence.clamp(0.0, 1.0),
        }
    }
}

/// The longest context a finding carries, in chars.
const MAX_CONTEXT: usize = 320;

/// The sentence around a `fold` span, from `text`, with whitespace runs
/// collapsed; a window around the match if the sentence is very long.
pub fn context(doc: &Document, start: usize, end: usize) -> String {
    let (mut s, mut e) = doc.sentence_at(start);
    let (_, e2) = doc.sentence_at(end.saturating_sub(1).max(start));
    e = e.max(e2).max(end);
    let cs = doc.char_of_fold_byte(s);
    let ce = doc.char_of_fold_byte(e);
    let ms = doc.char_of_fold_byte(start);
    let me = doc.char_of_fold_byte(end);
    let (mut a, mut b) = (cs, ce);
    let mut prefix = "";
    let mut suffix = "";
    if ce - cs > MAX_CONTEXT {
        let half = MAX_CONTEXT.saturating_sub(me - ms) / 2;
        a = ms.saturating_sub(half).max(cs);
        b = (me + half).min(ce);
        if a > cs {
            prefix = "…";
        }
        if b < ce {
            suffix = "…";
        }
    }
    s = doc.text_byte_of_char(a);
    e = doc.text_byte_of_char(b);
    let mut out = String::with_capacity(e - s + 8);
    out.push_str(prefix);
    let mut last_space = false;
    for c in doc.text[s..e].trim().chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.push_str(suffix);
    out
}

/// The document-level summary, from the findings.
/// The distinct values are kept in order of first appearance; "seen" is
/// asked of a hash set, not of the list so far (thousands of distinct
/// p-values made that quadratic).
pub fn summarize(findings: &[Finding]) -> (Summary, Vec<String>) {
    let mut summary = Summary::default();
    let mut warnings = Vec::new();
    let mut seen_ids: HashSet<(&str, &str)> = HashSet::new();
    let mut seen_p: HashSet<(u8, u64)> = HashSet::new();
    let mut seen_edss: HashSet<(u8, [u64; 3])> = HashSet::new();
    for f in findings {
        match &f.value {
            Value::Doi(d) if d.role == DoiRole::Own && summary.doi.is_none() => {
                summary.doi = Some(d.doi.clone());
            }
            Value::RegistryId(r)
                if r.role == RegistryRole::Own
                    && seen_ids.insert((r.registry.as_str(), r.id.as_str())) =>
            {
                summary
                    .registry_ids
                    .push(RegistryRef::new(r.registry.clone(), r.id.clone()));
            }
            Value::PValue(p) => {
                let key = float_key(p.value).map(|v| (p.comparator as u8, v));
                if key.is_none_or(|k| seen_p.insert(k)) {
                    summary.p_values.push(PValueRef {
                        comparator: p.comparator,
                        value: p.value,
                    });
                }
            }
            Value::Edss(e) if edss_key(e).is_none_or(|k| seen_edss.insert(k)) => {
                summary.edss.push(e.clone());
            }
            _ => {}
        }
    }
    let (ss, ss_warnings): (SampleSizeSummary, Vec<String>) = sample_size::summarize(findings);
    summary.sample_size = ss;
    warnings.extend(ss_warnings);
    warnings.extend(edss::warnings(findings));
    (summary, warnings)
}

/// A hashable stand-in for `==` on a float: `-0.0` and `0.0` make one key;
/// `None` for NaN, which `==` never finds equal, not even to itself.
fn float_key(x: f64) -> Option<u64> {
    (!x.is_nan()).then(|| (x + 0.0).to_bits())
}

/// A key that two EDSS values share exactly when they are `==`; `None` when
/// a NaN in them makes them unequal to everything.
fn edss_key(e: &EdssValue) -> Option<(u8, [u64; 3])> {
    // `u64::MAX` is a NaN's bits, so it cannot stand for a number.
    let opt = |x: Option<f64>| x.map_or(Some(u64::MAX), float_key);
    let f = float_key;
    Some(match *e {
        EdssValue::Range { low, high } => (0, [f(low)?, f(high)?, 0]),
        EdssValue::Mean { mean, sd } => (1, [f(mean)?, opt(sd)?, 0]),
        EdssValue::Median { median, low, high } => (2, [f(median)?, opt(low)?, opt(high)?]),
        EdssValue::Threshold { comparator, value } => (3, [comparator as u64, f(value)?, 0]),
        EdssValue::Value { value } => (4, [f(value)?, 0, 0]),
        EdssValue::Change { delta, from, to } => (5, [opt(delta)?, opt(from)?, opt(to)?]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Panics;
    impl Extractor for Panics {
        fn field(&self) -> Field {
            Field::Edss
        }
        fn version(&self) -> u32 {
            1
        }
        fn extract(&self, _doc: &Document, _out: &mut Vec<Finding>) {
            panic!("a bug");
        }
    }

    /// Finds one DOI per character of the document, ignoring the budget.
    struct Greedy;
    impl Extractor for Greedy {
        fn field(&self) -> Field {
            Field::Doi
        }
        fn version(&self) -> u32 {
            1
        }
        fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
            let b = FindingBuilder::new(doc, Field::Doi);
            for i in 0..doc.fold.len() {
                let v = Value::Doi(crate::record::DoiValue {
                    doi: format!("10.1000/{i}"),
                    role: DoiRole::Cited,
                });
                out.push(b.make(i, i + 1, v, "test.greedy", 0.5));
            }
        }
    }

    /// Stops at the first check, as an extractor that ran out of time does.
    struct Slow;
    impl Extractor for Slow {
        fn field(&self) -> Field {
            Field::SampleSize
        }
        fn version(&self) -> u32 {
            1
        }
        fn extract(&self, doc: &Document, _out: &mut Vec<Finding>) {
            while !doc.budget.exhausted(0) {
                std::thread::yield_now();
            }
        }
    }

    #[test]
    fn an_extractor_over_the_findings_cap_is_cut_and_says_so() {
        let doc = Document::from_text("abcdefghij")
            .with_budget(budget::Budget::unlimited().with_max_findings(4));
        let (findings, warnings) = extract_isolated_with(&doc, &[&Greedy]);
        assert_eq!(findings.len(), 4);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("doi extractor stopped at 4 findings"));
    }

    #[test]
    fn a_spent_time_budget_cuts_the_running_extractor_and_skips_the_rest() {
        let doc = Document::from_text("doi: 10.1000/abc.1").with_budget(budget::Budget::with_time(
            std::time::Duration::from_millis(20),
        ));
        let (findings, warnings) = extract_isolated_with(&doc, &[&Slow, &doi::Doi]);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("sample_size extractor stopped early"));
        assert!(warnings[0].contains("--timeout"));
        assert!(warnings[1].contains("doi extractor did not run"));
    }

    #[test]
    fn a_panicking_extractor_loses_only_its_field() {
        let doc = Document::from_text("doi: 10.1000/abc.1 and p = 0.03");
        let (findings, warnings) = extract_isolated_with(&doc, &[&Panics, &doi::Doi]);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].field, Field::Doi);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("edss extractor failed"),
            "{warnings:?}"
        );
    }

    /// A Unicode `\b` makes the regex crate's lazy DFA give up on any
    /// non-ASCII text and fall back to its PikeVM, which made extraction
    /// ~5× slower on real papers (profiled on PMC full texts). Extractor
    /// patterns use the ASCII boundary `(?-u:\b)` instead.
    #[test]
    fn patterns_use_ascii_word_boundaries() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    let src = std::fs::read_to_string(&p).unwrap();
                    let needle = concat!("\\", "b");
                    let ascii = concat!("(?-u:", "\\", "b)");
                    for (n, line) in src.lines().enumerate() {
                        let bare = line.replace(ascii, "");
                        if bare.contains(needle) && !line.trim_start().starts_with("//") {
                            offenders.push(format!("{}:{}", p.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "Unicode word boundary in: {offenders:#?}"
        );
    }

    #[test]
    fn summary_keeps_distinct_values_in_order_as_equality_does() {
        use crate::record::{Comparator, PValue};
        let doc = Document::from_text("x");
        let b = FindingBuilder::new(&doc, Field::PValue);
        let p = |v: f64, c: Comparator| {
            b.make(
                0,
                1,
                Value::PValue(PValue {
                    comparator: c,
                    value: v,
                    statistic: None,
                    flags: vec![],
                }),
                "test",
                0.9,
            )
        };
        let e = |v: EdssValue| {
            FindingBuilder::new(&doc, Field::Edss).make(0, 1, Value::Edss(v), "test", 0.9)
        };
        let findings = vec![
            p(0.03, Comparator::Eq),
            p(0.0, Comparator::Lt),
            p(-0.0, Comparator::Lt),
            p(0.03, Comparator::Lt),
            p(0.03, Comparator::Eq),
            p(f64::NAN, Comparator::Eq),
            p(f64::NAN, Comparator::Eq),
            e(EdssValue::Mean {
                mean: 3.0,
                sd: None,
            }),
            e(EdssValue::Mean {
                mean: 3.0,
                sd: Some(0.5),
            }),
            e(EdssValue::Mean {
                mean: 3.0,
                sd: None,
            }),
            e(EdssValue::Value { value: 3.0 }),
        ];
        let (summary, _) = summarize(&findings);
        // The definition: a value is kept unless an equal one came before.
        let mut want_p: Vec<PValueRef> = Vec::new();
        let mut want_e: Vec<EdssValue> = Vec::new();
        for f in &findings {
            match &f.value {
                Value::PValue(v) => {
                    let r = PValueRef {
                        comparator: v.comparator,
                        value: v.value,
                    };
                    if !want_p.contains(&r) {
                        want_p.push(r);
                    }
                }
                Value::Edss(v) if !want_e.contains(v) => want_e.push(v.clone()),
                _ => {}
            }
        }
        assert_eq!(summary.p_values.len(), want_p.len());
        for (got, want) in summary.p_values.iter().zip(&want_p) {
            assert_eq!(got.comparator, want.comparator);
            assert!(got.value == want.value || (got.value.is_nan() && want.value.is_nan()));
        }
        assert_eq!(summary.p_values.len(), 5, "{:?}", summary.p_values);
        assert_eq!(summary.edss, want_e);
        assert_eq!(summary.edss.len(), 3);
    }

    /// The context of a finding in a sentence of a megabyte is a window
    /// around it, not the sentence.
    #[test]
    fn context_of_a_finding_in_a_huge_sentence_is_a_window() {
        let text = format!(
            "{}p = 0.03 {}",
            "word and ".repeat(100_000),
            "more words ".repeat(100_000)
        );
        let doc = Document::from_text(&text);
        let at = doc.fold.find("p = 0.03").unwrap();
        let c = context(&doc, at, at + 8);
        assert!(
            c.chars().count() <= MAX_CONTEXT + 2,
            "{}",
            c.chars().count()
        );
        assert!(c.contains("p = 0.03"));
        assert!(c.starts_with('…') && c.ends_with('…'));
    }
}
