//! Process: [`Article`] → normalize → extract → summary → [`Record`].
//!
//! The stage between ingest and output: it knows nothing of files or
//! formats. An article's text (or pages) becomes a
//! [`Document`](crate::normalize::Document); the extractors run over it
//! (each isolated, so a bug costs one field); the summary is built from the
//! findings; and when the file states metadata, it is merged in
//! ([`merge_metadata`]): `summary.doi` is the metadata's DOI when the file
//! states one, registry IDs say where they were seen, and a disagreement
//! between the metadata and the text becomes a warning.

use crate::extract;
use crate::extract::budget::Budget;
use crate::ingest::{Article, Content};
use crate::normalize::Document;
use crate::record::{
    Finding, Metadata, Producer, Record, RecordRef, RegistryRef, SeenIn, Source, Status, Summary,
    Value, SCHEMA,
};
use crate::timings::{self, Stage};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::time::Duration;

/// What the manifest and the run's counts need of a record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub failed: bool,
    pub error: Option<String>,
    pub warnings: usize,
    /// Read, but with empty text.
    pub empty: bool,
    /// Findings per field.
    pub findings: BTreeMap<String, usize>,
    /// Extraction was cut short by the time budget (`--timeout`), so the
    /// record depends on that option as a failure does.
    pub cut: bool,
}

impl Stats {
    pub fn of(record: &Record) -> Stats {
        let mut findings = BTreeMap::new();
        for f in &record.findings {
            *findings.entry(f.field.to_string()).or_default() += 1;
        }
        Stats {
            failed: record.status == Status::Failed,
            error: record.error.clone(),
            warnings: record.warnings.len(),
            empty: record.status == Status::Ok && record.text.trim().is_empty(),
            findings,
            // The words `extract::extract_isolated` starts its time-budget
            // warnings with (a test below keeps the two in step).
            cut: record
                .warnings
                .iter()
                .any(|w| w.starts_with("time budget:")),
        }
    }
}

/// The record of an article. `source` describes where it came from; its
/// `record` is set here from the article's index and key. `time` is the
/// extraction's time budget (`--timeout`), from when extraction starts.
pub fn article_record(
    article: Article,
    mut source: Source,
    producer: Producer,
    time: Option<Duration>,
) -> Record {
    if let Some(key) = &article.key {
        source.record = Some(RecordRef {
            index: article.index,
            key: key.clone(),
        });
    }
    source.encoding = article.encoding.or(source.encoding);
    source.backend = article.backend.or(source.backend);
    let mut warnings = article.warnings;
    let started = timings::start();
    let doc = match &article.content {
        Content::Text(t) => Document::from_text(t),
        Content::Pages(p) => Document::from_pages(p),
    };
    drop(article.content);
    let doc = if article.sections.is_empty() {
        doc
    } else {
        let marks: Vec<_> = article
            .sections
            .iter()
            .map(|m| (m.start, m.section))
            .collect();
        doc.with_sections(&marks)
    };
    if let Some(t) = started {
        timings::add(Stage::Normalize, t);
    }
    if doc.text.trim().is_empty() && warnings.is_empty() {
        // Every record with empty text says why.
        warnings.push("no text: nothing readable was found in this document".into());
    }
    // Text work gets the same budget as reading a PDF (--timeout).
    let doc = match time {
        Some(t) => doc.with_budget(Budget::with_time(t)),
        None => doc,
    };
    let (findings, extract_warnings) = extract::extract_isolated(&doc);
    warnings.extend(extract_warnings);
    let started = timings::start();
    let (mut summary, summary_warnings) = extract::summarize(&findings);
    warnings.extend(summary_warnings);
    if let Some(m) = &article.metadata {
        warnings.extend(merge_metadata(&mut summary, m, &findings));
    }
    if let Some(t) = started {
        timings::add(Stage::Summarize, t);
    }
    Record {
        schema: SCHEMA.into(),
        source,
        metadata: article.metadata,
        status: Status::Ok,
        error: None,
        warnings,
        text: doc.text,
        pages: doc.pages,
        findings,
        summary,
        producer: Some(producer),
    }
}

/// The record of a document (or article) that could not be read.
pub fn failed_record(source: Source, error: String, producer: Producer) -> Record {
    Record {
        schema: SCHEMA.into(),
        source,
        metadata: None,
        status: Status::Failed,
        error: Some(error),
        warnings: Vec::new(),
        text: String::new(),
        pages: Vec::new(),
        findings: Vec::new(),
        summary: Summary::default(),
        producer: Some(producer),
    }
}

/// SHA-256 of an article as read: its text or pages, section marks,
/// metadata and warnings. Two occurrences of a key with the same hash are
/// one article; an unchanged hash lets a rerun keep the record.
pub fn content_hash(article: &Article) -> String {
    let mut h = Sha256::new();
    let mut part = |tag: &str, bytes: &[u8]| {
        h.update(tag.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    match &article.content {
        Content::Text(t) => part("text", t.as_bytes()),
        Content::Pages(pages) => {
            for p in pages {
                part("page", p.as_bytes());
            }
        }
    }
    for m in &article.sections {
        part(
            "section",
            format!("{}:{:?}:{}", m.start, m.section, m.label).as_bytes(),
        );
    }
    if let Some(m) = &article.metadata {
        part(
            "metadata",
            &serde_json::to_vec(m).expect("metadata serializes"),
        );
    }
    for w in &article.warnings {
        part("warning", w.as_bytes());
    }
    for (tag, v) in [
        ("encoding", &article.encoding),
        ("backend", &article.backend),
    ] {
        if let Some(v) = v {
            part(tag, v.as_bytes());
        }
    }
    crate::output::reuse::hex(&h.finalize())
}

/// A DOI as metadata and findings are compared: lower case, no `doi:` or
/// resolver prefix, no trailing full stop.
pub fn normalize_doi(doi: &str) -> String {
    let d = doi.trim().to_lowercase();
    let d = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| d.strip_prefix(p))
    .map_or(d.as_str(), str::trim)
    .to_string();
    d.trim_end_matches('.').to_string()
}

/// Merges what the file states into the summary built from the text, and
/// returns the warnings a disagreement calls for.
///
/// * `summary.doi`: the metadata's DOI when the file states one, else the
///   text's own DOI.
/// * `summary.registry_ids`: the metadata's IDs (in its order), then the
///   text's own IDs it does not list; each with `in`. An ID the metadata
///   lists counts as seen in the text when the text names it at all, even
///   as cited: the cross-check asks whether the number is in the text.
pub fn merge_metadata(
    summary: &mut Summary,
    metadata: &Metadata,
    findings: &[Finding],
) -> Vec<String> {
    let mut warnings = Vec::new();
    let text_doi = summary.doi.clone();
    if let Some(meta) = metadata
        .doi
        .as_deref()
        .map(normalize_doi)
        .filter(|d| !d.is_empty())
    {
        if let Some(text) = text_doi.filter(|t| *t != meta) {
            warnings.push(format!(
                "DOI: the file's metadata gives {meta} but the text gives {text} as its own DOI; the summary uses the metadata's"
            ));
        }
        summary.doi = Some(meta);
    }
    let in_text = |r: &RegistryRef| {
        findings
            .iter()
            .any(|f| matches!(&f.value, Value::RegistryId(v) if v.id.eq_ignore_ascii_case(&r.id)))
    };
    let mut merged: Vec<RegistryRef> = Vec::new();
    for r in &metadata.registry_ids {
        if merged.iter().any(|m| m.id.eq_ignore_ascii_case(&r.id)) {
            continue;
        }
        let mut seen = vec![SeenIn::Metadata];
        if in_text(r) {
            seen.push(SeenIn::Text);
        }
        merged.push(RegistryRef {
            seen_in: Some(seen),
            ..r.clone()
        });
    }
    let mut text_only = Vec::new();
    for r in &summary.registry_ids {
        if !merged.iter().any(|m| m.id.eq_ignore_ascii_case(&r.id)) {
            text_only.push(r.id.clone());
            merged.push(RegistryRef {
                seen_in: Some(vec![SeenIn::Text]),
                ..r.clone()
            });
        }
    }
    if !metadata.registry_ids.is_empty() && !text_only.is_empty() {
        let listed: Vec<&str> = metadata
            .registry_ids
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        warnings.push(format!(
            "registry: the text gives {} as this study's registration, but the file's metadata lists {}",
            text_only.join(", "),
            listed.join(", ")
        ));
    }
    summary.registry_ids = merged;
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::SectionMark;
    use crate::record::DoiRole;
    use crate::record::SeenIn::{Metadata as M, Text as T};
    use crate::sections::Section;

    fn source() -> Source {
        Source {
            path: "export.nbib".into(),
            sha256: "x".into(),
            bytes: 1,
            format: "medline".into(),
            backend: None,
            encoding: None,
            record: None,
        }
    }

    fn producer() -> Producer {
        Producer {
            tool: "litextract".into(),
            version: "0".into(),
            extractors: "k".into(),
        }
    }

    const TEXT: &str = "A randomized trial of cells in multiple sclerosis.\n\
        METHODS: Patients (n = 48) were randomized (p = 0.03).\n\
        Trial registration: ClinicalTrials.gov NCT01234567.\n\
        doi: 10.1000/text.1\n";

    fn article(metadata: Option<Metadata>) -> Article {
        Article {
            index: 4,
            key: Some("pmid-31883240".into()),
            content: Content::Text(TEXT.into()),
            metadata,
            ..Article::default()
        }
    }

    fn ids(r: &Record) -> Vec<(String, Option<Vec<SeenIn>>)> {
        r.summary
            .registry_ids
            .iter()
            .map(|r| (r.id.clone(), r.seen_in.clone()))
            .collect()
    }

    #[test]
    fn metadata_doi_wins_and_a_disagreement_is_a_warning() {
        let m = Metadata {
            pmid: Some("31883240".into()),
            doi: Some("https://doi.org/10.1000/META.2".into()),
            registry_ids: vec![
                RegistryRef::new("ClinicalTrials.gov", "NCT01234567"),
                RegistryRef::new("ISRCTN", "ISRCTN12345678"),
            ],
            ..Metadata::default()
        };
        let r = article_record(article(Some(m)), source(), producer(), None);
        assert_eq!(r.summary.doi.as_deref(), Some("10.1000/meta.2"));
        let w = r.warnings.join(" | ");
        assert!(
            w.contains("metadata gives 10.1000/meta.2 but the text gives 10.1000/text.1"),
            "{w}"
        );
        assert_eq!(
            ids(&r),
            vec![
                ("NCT01234567".into(), Some(vec![M, T])),
                ("ISRCTN12345678".into(), Some(vec![M])),
            ]
        );
        assert!(!w.contains("registry:"), "the text's ID is listed: {w}");
        assert_eq!(
            r.source.record,
            Some(RecordRef {
                index: 4,
                key: "pmid-31883240".into()
            })
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["metadata"]["pmid"], "31883240");
        assert_eq!(json["source"]["record"]["key"], "pmid-31883240");
        assert_eq!(
            json["summary"]["registry_ids"][0]["in"],
            serde_json::json!(["metadata", "text"])
        );
    }

    #[test]
    fn without_a_metadata_doi_the_texts_stands_and_an_unlisted_registration_is_said() {
        let m = Metadata {
            doi: None,
            registry_ids: vec![RegistryRef::new("ISRCTN", "ISRCTN12345678")],
            ..Metadata::default()
        };
        let r = article_record(article(Some(m)), source(), producer(), None);
        assert_eq!(r.summary.doi.as_deref(), Some("10.1000/text.1"));
        assert!(
            !r.warnings.iter().any(|w| w.starts_with("DOI")),
            "{:?}",
            r.warnings
        );
        assert_eq!(
            ids(&r),
            vec![
                ("ISRCTN12345678".into(), Some(vec![M])),
                ("NCT01234567".into(), Some(vec![T])),
            ]
        );
        assert!(
            r.warnings
                .iter()
                .any(|w| w.contains("the text gives NCT01234567")),
            "{:?}",
            r.warnings
        );
        // The same DOI in both: no warning.
        let m = Metadata {
            doi: Some("10.1000/TEXT.1".into()),
            ..Metadata::default()
        };
        let r = article_record(article(Some(m)), source(), producer(), None);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert_eq!(ids(&r), vec![("NCT01234567".into(), Some(vec![T]))]);
    }

    #[test]
    fn without_metadata_the_record_is_as_before() {
        let mut a = article(None);
        a.key = None;
        let r = article_record(a, source(), producer(), None);
        assert_eq!(r.summary.doi.as_deref(), Some("10.1000/text.1"));
        assert_eq!(ids(&r), vec![("NCT01234567".into(), None)]);
        let json = serde_json::to_string(&r).unwrap();
        for absent in ["\"metadata\"", "\"record\"", "\"in\""] {
            assert!(!json.contains(absent), "{absent} in {json}");
        }
    }

    #[test]
    fn given_sections_replace_detected_ones() {
        // No heading detection would call "Works we drew on" a reference
        // list; the reader says it is one, so its DOI is cited.
        let text =
            "A trial of cells.\nWorks we drew on\n1. Smith J. A trial. Lancet. doi:10.1000/ref.1\n";
        let start = text.find("Works").unwrap();
        let mut a = article(None);
        a.content = Content::Text(text.into());
        a.sections = vec![SectionMark {
            start,
            label: "Works we drew on".into(),
            section: Section::References,
        }];
        let r = article_record(a, source(), producer(), None);
        let roles: Vec<_> = r
            .findings
            .iter()
            .filter_map(|f| match &f.value {
                Value::Doi(d) => Some(d.role),
                _ => None,
            })
            .collect();
        assert_eq!(roles, vec![DoiRole::Cited], "{:?}", r.findings);
        assert_eq!(r.summary.doi, None);
    }

    #[test]
    fn a_record_cut_by_the_time_budget_says_so_in_its_stats() {
        let r = article_record(article(None), source(), producer(), Some(Duration::ZERO));
        let s = Stats::of(&r);
        assert!(s.cut, "{:?}", r.warnings);
        let r = article_record(article(None), source(), producer(), None);
        assert!(!Stats::of(&r).cut);
    }

    #[test]
    fn content_hash_sees_every_part() {
        let a = article(None);
        let mut b = a.clone();
        assert_eq!(content_hash(&a), content_hash(&b));
        b.warnings.push("x".into());
        assert_ne!(content_hash(&a), content_hash(&b));
        let mut c = a.clone();
        c.metadata = Some(Metadata::default());
        assert_ne!(content_hash(&a), content_hash(&c));
    }
}
