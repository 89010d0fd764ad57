//! EDSS (Expanded Disability Status Scale) statements: ranges, means,
//! medians, thresholds, single scores and changes.
//!
//! Every statement hangs off a mention of the scale (`EDSS`, `Expanded
//! Disability Status Scale`, `Kurtzke EDSS`). From each mention we read
//! forward, within the sentence and only up to the next mention of another
//! measure (MSFC, T25FW, age, relapses, a confidence interval …), skipping
//! the label words trials put between the scale and its number
//! (`score`, `at screening`, `(EDSS)`, `[17]`, `was`, `of`). The number
//! shape that follows decides the kind. A few forms put the number before
//! the mention (`a score of ≤4.0 on the EDSS`, `decreased one score in the
//! EDSS`, `progressed ≥1 EDSS point`); those are read backwards.
//!
//! Rules that keep precision, each a general reading of the text:
//! * a number followed by `point(s)`, `score(s)`, `step(s)` is the size of a
//!   change, never a level, so `increased EDSS (at least 1 score)` is no
//!   threshold;
//! * the size of a change is one number: `an increase by 1-2 scores` is
//!   neither a range nor a change we can state;
//! * a range must lie in 0–10 and rise; `0–10` itself is the scale's
//!   definition, not a statement; a falling pair after a change word
//!   (`a decline (5 to 2.5)`) is a change from/to;
//! * a single score must stand alone: a number followed by another number,
//!   a bracket or a list (`4.0, 4.5 or 5.0`) is a table row or list;
//! * statements in the background or discussion that report another study
//!   (`et al.`, a citation) are left out, as the seeds' gold does.

//!
//! The stages, one module each: [`mention`] finds the scale and bounds the
//! clause after it, [`after`], [`before`] and [`change`] read the prose
//! forms, [`groups`] and [`lists`] the values a clause gives per group,
//! [`elided`] the forms whose statistic or verb stands apart from the
//! number, [`table`] reads a table row whose label names the scale as one
//! statement per group column; what another study reported is left out
//! by the shared [`crate::extract::attribution`] module. [`shape`] holds
//! the number shapes they share.

mod after;
mod before;
mod change;
mod condition;
mod elided;
mod groups;
mod lists;
mod mention;
mod shape;
mod table;

use super::attribution::{
    head_cites_study, names_own_study, reports_finding, sentence_cues, SentenceCues,
};
use super::text::floor_boundary;
use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{Comparator, EdssValue, Field, Finding, Value};
use crate::sections::Section;
use after::read_after;
use before::read_before;
use change::read_from_to;
use mention::{names_milestone, reached_level, Numbers, ANCHOR, PLUS};
use regex::Regex;
use shape::on_scale;
pub use shape::valid_score;
use std::sync::LazyLock;

pub struct Edss;

/// The mention every finding hangs off: the shared prefilter gates on the
/// words it holds (and tests them against it).
#[cfg(test)]
pub(crate) fn entry_pattern() -> &'static regex::Regex {
    &ANCHOR
}

pub(super) struct Found {
    start: usize,
    end: usize,
    value: EdssValue,
    rule: &'static str,
    confidence: f32,
}

impl Extractor for Edss {
    fn field(&self) -> Field {
        Field::Edss
    }

    fn version(&self) -> u32 {
        // What each version changed: CHANGES.md in this folder.
        27
    }

    fn may_find(&self, doc: &Document) -> bool {
        doc.may_match(super::prefilter::Gated::Whole(Field::Edss))
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::Edss);
        let fold = doc.fold.as_str();
        let anchors: Vec<(usize, usize)> = ANCHOR
            .find_iter(fold)
            .map(|m| (m.start(), m.end()))
            .collect();
        let mut numbers = Numbers::new(fold);
        let mut found: Vec<Found> = Vec::new();
        // The last sentence asked about, with its cues: mentions come in
        // order, and a sentence with many of them is read once, not once
        // per mention.
        let mut cues: Option<((usize, usize), SentenceCues)> = None;
        for (i, &(a0, a1)) in anchors.iter().enumerate() {
            if doc.budget.exhausted(found.len()) {
                break;
            }
            if PLUS.is_match(&fold[a1..]) {
                continue;
            }
            if matches!(
                doc.section_at(a0),
                Section::References | Section::BackMatter
            ) {
                // PMC's texts print their tables last, after the
                // declarations and the reference list: a row there is read
                // as a table row, and nothing else is.
                if in_trailing_table(doc, a0) {
                    let before = found.len();
                    if table::read_row(fold, a0, a1, &mut found) {
                        dedup_spans(&mut found, before);
                    }
                }
                continue;
            }
            let (s0, s1) = doc.sentence_at(a0);
            let s1 = s1.max(a1);
            if in_permission(fold, a0, a1, s0, s1) {
                continue;
            }
            let read = match cues.take() {
                Some((key, c)) if key == (s0, s1) => c,
                _ => sentence_cues(doc, s0, s1),
            };
            let other = read.other_study_at(fold, a0, a1);
            cues = Some(((s0, s1), read));
            if other {
                read_floated_row(doc, a0, a1, &mut found);
                continue;
            }
            if cited_finding(fold, (s0, s1), a0, a1) || cited_head(fold, (s0, s1), a0, a1) {
                continue;
            }
            let before = found.len();
            if table::read_row(fold, a0, a1, &mut found) {
                dedup_spans(&mut found, before);
                continue;
            }
            let next = anchors.get(i + 1).map(|&(n0, _)| n0);
            let end = mention::clause_end(fold, a1, s1, next);
            let head_start = floor_boundary(fold, a0.saturating_sub(120).max(s0)).max(s0);
            // Every reading needs a number (digits or a size word) before
            // the mention or after it; most mentions in running text have
            // none, and a page of bare "EDSS" is then cheap.
            if !numbers.any_in(head_start, end) {
                continue;
            }
            let head = &fold[head_start..a0];
            if names_milestone(head, &fold[a1..end]) {
                continue;
            }
            if let Some((v, e)) = reached_level(head, &fold[a1..end]) {
                push(
                    &mut found,
                    a0,
                    a1 + e,
                    at_least(v),
                    "edss.threshold_reached",
                    0.8,
                );
                continue;
            }
            read_after(fold, head, a0, a1, end, &mut found);
            read_before(fold, head, head_start, a1, end, &mut found);
            read_from_to(fold, s0, s1, a0, a1, end, &mut found);
            groups::read_groups(fold, head, a1, end, s1, before, &mut found);
            lists::read_lists(fold, head, a1, end, before, &mut found);
            condition::read_baseline_limits(fold, s1, before, &mut found);
            if found.len() == before {
                elided::read_elided(fold, head, a0, a1, end, &mut found);
            }
            dedup_spans(&mut found, before);
        }
        found.sort_by_key(|f| (f.start, f.end));
        found.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        for f in found {
            out.push(b.make(f.start, f.end, Value::Edss(f.value), f.rule, f.confidence));
        }
    }
}

/// Cues, before a mention, that the sentence reports what other studies
/// found: `Earlier cohorts showed`, `In natural history studies`, `Smith et
/// al. demonstrated`, `has been reported`.
static FINDING_CUE: LazyLock<Regex> = LazyLock::new(|| {
    shape::rx(
        r"(?i)(?-u:\b)(?:showed|demonstrated|natural[\s-]+history|et\s+al|(?:has|have)\s+been\s+(?:reported|shown|described)|(?:earlier|previous|prior|other|published|large|longitudinal|observational)\s+(?:cohorts?|stud(?:y|ies)|trials?|series|data|registr(?:y|ies)))(?-u:\b)",
    )
});

/// A numbered citation: `[8]`, `[3, 4]`, `(12)`, `(7-9)`.
static CITATION_MARK: LazyLock<Regex> = LazyLock::new(|| {
    shape::rx(r"\[\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\]|\(\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\)")
});

/// Another study's finding reported in any section, beside its citation:
/// a cue of other studies' findings before the mention in its sentence
/// (`Earlier cohorts showed an EDSS worsening of 0.4 points per year [8]`,
/// as a methods section motivates its sample size), no word of the
/// authors' own study there, and a numbered citation after the mention. A
/// criterion or definition that cites its source (`EDSS 2.0–6.5 [12] were
/// eligible`) has no such cue and stays.
fn cited_finding(fold: &str, (s0, s1): (usize, usize), a0: usize, a1: usize) -> bool {
    let from = floor_boundary(fold, a0.saturating_sub(200).max(s0)).max(s0);
    let head = &fold[from..a0];
    if !FINDING_CUE.is_match(head) || names_own_study(head) {
        return false;
    }
    let to = floor_boundary(fold, (a1 + 200).min(s1).max(a1));
    CITATION_MARK.is_match(&fold[a1..to])
}

/// A statement whose sentence, before the mention and in its clause, names
/// the study it reports as another one ([`head_cites_study`]: `A previous
/// study found a mean EDSS increase of 0.50 (ref. 12)`, `In the pivotal
/// trial [12], EDSS improved by 0.3`), in any section, with no word of the
/// authors' own study around it. Read within [`CITED_NEAR`] bytes.
fn cited_head(fold: &str, (s0, s1): (usize, usize), a0: usize, a1: usize) -> bool {
    let from = floor_boundary(fold, a0.saturating_sub(CITED_NEAR).max(s0)).max(s0);
    let head = &fold[from..a0];
    let head = head.rfind(';').map_or(head, |i| &head[i + 1..]);
    if !head_cites_study(head) {
        return false;
    }
    let to = floor_boundary(fold, (a1 + CITED_NEAR).min(s1).max(a1));
    !names_own_study(&fold[from..to])
}

/// How far around a mention [`cited_head`] reads.
const CITED_NEAR: usize = 200;

/// A table caption line (`Table 2`, `Table 2.`, `Table II`) on its own
/// line, or with its title after it, as a PDF prints it (`Table 1 Clinical
/// details of …`, `Table 2. Outcomes`, `Table 3: …`, `Table 1 | …`);
/// `pdf-extract` may indent it (` Table 1  Clinical details …`).
static TABLE_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    shape::rx(r"(?m)^[ \t]*Table[ \t]+(?:\d{1,2}|[IVX]{1,4})(?:[.:|]?[ \t]*$|[.:|]?[ \t]+[A-Z])")
});

/// How far before a mention its table's caption may stand.
const TABLE_BACK: usize = 4000;

/// Whether the mention at `a0` stands below a `Table N` caption line that
/// comes after the start of its section (a table printed after the back
/// matter, not a sentence of it).
fn in_trailing_table(doc: &Document, a0: usize) -> bool {
    let fold = doc.fold.as_str();
    let secs = doc.sections();
    let i = secs.partition_point(|&(s, _)| s <= a0);
    let sec_start = if i == 0 { 0 } else { secs[i - 1].0 };
    let lo = floor_boundary(fold, a0.saturating_sub(TABLE_BACK).max(sec_start));
    TABLE_CAPTION.is_match(&fold[lo..a0])
}

/// `EDSS ≥ v`.
fn at_least(v: f64) -> EdssValue {
    EdssValue::Threshold {
        comparator: Comparator::Ge,
        value: v,
    }
}

/// A table a PDF printed inside the background or discussion (where its
/// page fell) reports the study's own patients, though its count cells
/// (`12 (10)`) read as references: only its rows are read, and only under a
/// caption that names no other study ([`in_floated_table`]).
fn read_floated_row(doc: &Document, a0: usize, a1: usize, found: &mut Vec<Found>) {
    if in_floated_table(doc, a0) {
        let before = found.len();
        if table::read_row(&doc.fold, a0, a1, found) {
            dedup_spans(found, before);
        }
    }
}

/// Whether the mention at `a0` stands below a `Table N` caption line in its
/// section ([`in_trailing_table`]) whose caption cites no other study
/// (`Table 4 Comparison with previous trials`, `… published studies`).
fn in_floated_table(doc: &Document, a0: usize) -> bool {
    let fold = doc.fold.as_str();
    let secs = doc.sections();
    let i = secs.partition_point(|&(s, _)| s <= a0);
    let sec_start = if i == 0 { 0 } else { secs[i - 1].0 };
    let lo = floor_boundary(fold, a0.saturating_sub(TABLE_BACK).max(sec_start));
    let Some(m) = TABLE_CAPTION.find_iter(&fold[lo..a0]).last() else {
        return false;
    };
    let at = lo + m.start();
    let end = fold[at..a0].find('\n').map_or(a0, |e| at + e);
    let caption = &fold[at..end];
    !(reports_finding(caption) || OTHER_STUDIES_CAPTION.is_match(caption))
}

/// A caption of other studies' figures: `literature`, `published`,
/// `previous`, `comparison with`.
static OTHER_STUDIES_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    shape::rx(
        r"(?i)(?-u:\b)(?:literature|published|previous|prior|earlier|comparison|compared|other\s+(?:studies|trials|cohorts)|meta-analys[ie]s|review)(?-u:\b)",
    )
});

/// A rule of what patients may or must do, stated around the mention:
/// `patients with EDSS >6 are not allowed to begin …`, `may not start a
/// drug`, `must not receive`. A permission to act (begin, receive, switch a
/// treatment) is a regulation, not a value of this study's patients; what
/// they must have (`must have an EDSS ≤ 5.5`) or were allowed into the
/// study with (`were allowed to enter if …`) stays a criterion.
static PERMISSION: LazyLock<Regex> = LazyLock::new(|| {
    shape::rx(
        r"(?i)(?-u:\b)(?:(?:allowed|permitted)\s+to|(?:may|must|can|cannot|could|should)\s+(?:not\s+|only\s+)?)\s*(?:begin|start|initiate|receive|switch|be\s+(?:treated|prescribed|given|offered|switched|started))(?-u:\b)",
    )
});

/// How far around a mention a permission is looked for.
const PERMISSION_NEAR: usize = 80;

/// Whether the mention at `a0..a1` stands in a statement of what patients
/// may or must do ([`PERMISSION`]), within its clause (`;` ends one, and a
/// bracket: `score ≤ 5.5 (patients with EDSS >6 are not allowed …)` keeps
/// the criterion outside the aside) and its sentence `s0..s1`. `could take
/// part` is no permission to act on a treatment.
fn in_permission(fold: &str, a0: usize, a1: usize, s0: usize, s1: usize) -> bool {
    let lo = floor_boundary(fold, a0.saturating_sub(PERMISSION_NEAR).max(s0).min(a0));
    let hi = floor_boundary(fold, (a1 + PERMISSION_NEAR).min(s1.max(a1)));
    let before = &fold[lo..a0];
    let before = before
        .rfind([';', ')'])
        .map_or(before, |i| &before[i + 1..]);
    let after = &fold[a1..hi];
    let after = after.find([';', '(']).map_or(after, |i| &after[..i]);
    PERMISSION.is_match(before) || PERMISSION.is_match(after)
}

/// One mention, one reading per span: of the findings from `before` on,
/// the first for each span stays.
fn dedup_spans(found: &mut Vec<Found>, before: usize) {
    let mut seen: Vec<(usize, usize)> = Vec::new();
    let mut k = before;
    while k < found.len() {
        let key = (found[k].start, found[k].end);
        if seen.contains(&key) {
            found.remove(k);
        } else {
            seen.push(key);
            k += 1;
        }
    }
}

pub(super) fn push(
    found: &mut Vec<Found>,
    start: usize,
    end: usize,
    value: EdssValue,
    rule: &'static str,
    confidence: f32,
) {
    found.push(Found {
        start,
        end,
        value,
        rule,
        confidence,
    });
}

/// A change of a stated size (`delta`), without its ends.
pub(super) fn change_of(delta: f64) -> EdssValue {
    EdssValue::Change {
        delta: Some(delta),
        from: None,
        to: None,
    }
}

/// Warnings for the record: single scores off the scale (outside 0–10 or
/// off its 0.5 steps), which are more likely misread than real.
pub fn warnings(findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    for f in findings {
        if let Value::Edss(EdssValue::Value { value }) = &f.value {
            if !valid_score(*value) {
                let why = if on_scale(*value) {
                    "is not on the scale's 0.5-point steps"
                } else {
                    "is outside the scale's 0–10"
                };
                out.push(format!(
                    "EDSS score {value} at {}..{} ({:?}) {why}",
                    f.start, f.end, f.text
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::attribution::SCANNED;
    use crate::record::Comparator;

    fn values(text: &str) -> Vec<EdssValue> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        Edss.extract(&doc, &mut out);
        out.into_iter()
            .map(|f| match f.value {
                Value::Edss(e) => e,
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn grid() {
        assert!(valid_score(6.5));
        assert!(valid_score(0.0));
        assert!(!valid_score(6.3));
        assert!(!valid_score(12.0));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "EDSS",
            "EDSS ",
            "EDSS ≤",
            "mean EDSS ±",
            "EDSS é 3",
            "ééé EDSS",
            "EDSS (",
            "from 5 to EDSS",
        ] {
            let _ = values(t);
        }
    }

    #[test]
    fn another_studys_finding_beside_its_citation_is_left_out() {
        let change = |d: f64| EdssValue::Change {
            delta: Some(d),
            from: None,
            to: None,
        };
        // A cue of other studies before the mention and a citation after.
        assert!(values(
            "Methods\nEarlier cohorts showed an EDSS worsening of 0.4 points per year [8]."
        )
        .is_empty());
        assert!(values("Methods\nSmith et al. found the EDSS rose by 0.3 points (12).").is_empty());
        // No cue: a cited definition or criterion is the study's own.
        assert_eq!(
            values("Methods\nProgression was an EDSS increase of 1.0 point [14]."),
            vec![change(1.0)]
        );
        // The cue without a citation, or with the authors' own words.
        assert_eq!(
            values("Results\nOur earlier cohort showed an EDSS worsening of 0.4 points [8]."),
            vec![change(0.4)]
        );
        assert_eq!(
            values("Results\nThe trial showed the EDSS rose by 0.3 points."),
            vec![change(0.3)]
        );
    }

    #[test]
    fn basic_forms() {
        assert_eq!(
            values("EDSS 3.0–6.5."),
            vec![EdssValue::Range {
                low: 3.0,
                high: 6.5
            }]
        );
        assert_eq!(
            values("with EDSS ≤ 5.5 were included."),
            vec![EdssValue::Threshold {
                comparator: Comparator::Le,
                value: 5.5
            }]
        );
    }

    /// Issue 17: each mention read its whole sentence again to decide
    /// whether it reports another study, so a flattened table of a
    /// thousand mentions in one "sentence" was quadratic.
    #[test]
    fn a_sentence_of_many_mentions_is_read_once() {
        let text = format!(
            "Background\nIn earlier trials [3] {} were reported (ref 4).",
            "EDSS 3.0-6.5, ".repeat(2000)
        );
        SCANNED.with(|s| s.set(0));
        assert!(values(&text).is_empty());
        let scanned = SCANNED.with(|s| s.get());
        assert!(
            scanned <= 2 * text.len(),
            "{scanned} bytes read for {}",
            text.len()
        );
    }

    #[test]
    fn mentions_without_numbers_are_skipped_and_the_cap_holds() {
        assert!(values(&"EDSS ".repeat(10_000)).is_empty());
        let doc = Document::from_text(&"EDSS 3.0-6.5; ".repeat(100))
            .with_budget(crate::extract::budget::Budget::unlimited().with_max_findings(5));
        let mut out = Vec::new();
        Edss.extract(&doc, &mut out);
        assert_eq!(out.len(), 5);
        // Past the first mentions the index answers, and finds the same.
        let late = format!("{}EDSS 3.0-6.5.", "EDSS and ".repeat(100));
        assert_eq!(
            values(&late),
            vec![EdssValue::Range {
                low: 3.0,
                high: 6.5
            }]
        );
        // A size word counts as a number: "worsened by one point".
        assert_eq!(
            values("EDSS worsened by one point."),
            vec![EdssValue::Change {
                delta: Some(1.0),
                from: None,
                to: None
            }]
        );
    }
}
