//! A paper that analyses the data of named studies (a pooled, combined,
//! integrated or patient-level analysis "of three randomized studies", a
//! "meta-analysis of the EDITION 1, 2 and 3 studies") has those studies'
//! numbers as its own, even where its methods say their design "has been
//! described previously" (`phase III studies (NCT…, NCT…) that have been
//! described previously 4–6`) or cite a further study whose data it also
//! examines (`Data from a Phase II study (study X [NCT…]) [20] in which …
//! were also examined`). A study only compared with, or cited for its
//! results ("whose results have been reported [11]", "data from that
//! trial were not available"), stays cited, and so does every number of
//! a paper that pools nothing.

use super::role;
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use crate::record::{Finding, RegistryRole, Value};
use crate::sections::Section;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

// The paper saying it analyses studies' data: "a prespecified pooled
// analysis of three randomized … studies", "Patient-level meta-analysis of
// the EDITION 1, 2 and 3 studies", "an integrated analysis of two trials",
// "this meta-analysis of data from randomized … studies", "All pivotal …
// studies … were included in this meta-analysis".
static ANALYSES_STUDIES: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:pooled|combined|integrated|patient-level|individual (?:patient|participant)(?:[- ]level| data)?) (?:meta-?)?analys[ie]s of|meta-?analys[ie]s of (?:the )?(?:pooled |individual |patient-level )?data (?:from|of)) [^.;]{0,120}?(?:studies|trials)(?-u:\b)|(?-u:\b)(?:studies|trials) [^.;]{0,80}?(?:were|was) included in (?:this|the present|the current|our) (?:pooled |integrated )?(?:meta-?)?analys[ie]s(?-u:\b)")
        .expect("analyses studies regex")
});

// A table's caption naming the studies the paper analyses: "Summary
// characteristics of the nine … studies … included in the meta-analysis",
// "Trials pooled in this analysis". ("Earlier studies of drug V" names
// trials the paper only describes.)
static CAPTION_ANALYSED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:studies|trials)(?-u:\b)[^\n]{0,160}?(?-u:\b)(?:included|pooled|analy[sz]ed) in (?:the|this|our) (?:pooled |integrated )?(?:meta-?)?analys[ie]s(?-u:\b)|(?-u:\b)(?:studies|trials) (?:included|pooled|analy[sz]ed)(?-u:\b)")
        .expect("caption analysed regex")
});

// A table's label line: "Table 1", "Table 2.", "Table S3".
static TABLE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?m)^Table S?[0-9]{1,2}(?-u:\b)").expect("table label regex")
});

// What follows the number's bracket: the studies' design was described
// before ("(NCT…, NCT…) that have been described previously", "(NCT…)
// were described in detail").
static DESCRIBED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^()\[\].;]{0,80}?[)\]]\s?,?\s?(?:(?:that|which) )?(?:ha(?:ve|s) been|were|was|are|is) (?:previously |already |fully |extensively )?(?:described|published|reported|detailed)(?-u:\b)")
        .expect("described before regex")
});

// A sentence about results, not the studies' design.
static RESULTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)result|finding|similar|consistent|compar|contrast|showed|found")
        .expect("results regex")
});

// "Data from a European Phase II study (…) … were also examined".
static DATA_FROM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)data (?:from|of) (?:the|a|an|both|these|two|three|four|five|six|all)(?-u:\b)",
    )
    .expect("data from regex")
});
static WERE_ANALYSED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:were|was) (?:also |additionally |further )?(?:examined|analy[sz]ed|pooled|included|evaluated|combined)(?-u:\b)")
        .expect("were analysed regex")
});

/// Whether the paper says, in its head, abstract or methods, that it
/// analyses the data of studies.
fn analyses_studies(doc: &Document) -> bool {
    ANALYSES_STUDIES.find_iter(&doc.fold).any(|m| {
        matches!(
            doc.section_at(m.start()),
            Section::Front | Section::Abstract | Section::Methods
        )
    })
}

/// Whether the cited number at `at`, in the methods, is one of the studies
/// whose data the paper analyses.
fn analysed_here(doc: &Document, at: usize, end: usize) -> bool {
    let fold = doc.fold.as_str();
    let (s, e) = doc.sentence_at(at);
    let before =
        &fold[floor_boundary(fold, s.max(at.saturating_sub(300)))..floor_boundary(fold, at)];
    let after = &fold[floor_boundary(fold, end.min(fold.len()))
        ..floor_boundary(fold, e.max(end).min(end + 300).min(fold.len()))];
    // A bracket of numbers right after "studies"/"trial": `studies (NCT…, NCT…`.
    let described = before.rfind(['(', '[']).is_some_and(|open| {
        let head = before[..open].trim_end().to_ascii_lowercase();
        (head.ends_with("studies")
            || head.ends_with("study")
            || head.ends_with("trials")
            || head.ends_with("trial"))
            && !before[open..].contains([')', ']'])
    }) && DESCRIBED_BEFORE.is_match(after)
        && !RESULTS.is_match(before)
        && !RESULTS.is_match(after);
    let examined = DATA_FROM.is_match(before) && WERE_ANALYSED.is_match(after);
    described || examined || in_table_of_analysed(fold, at)
}

/// Whether the number at `at` is a cell of a table whose caption names the
/// studies the paper analyses: the last `Table N` label within 4 KB before
/// it, its caption (the label's line and the next) saying so, and only
/// table cells between (no line of prose, over 200 bytes, and no heading
/// of another table).
fn in_table_of_analysed(fold: &str, at: usize) -> bool {
    let from = floor_boundary(fold, at.saturating_sub(4000));
    let before = &fold[from..floor_boundary(fold, at)];
    let Some(label) = TABLE_LABEL.find_iter(before).last() else {
        return false;
    };
    let rest = &before[label.start()..];
    let mut lines = rest.split('\n');
    let caption: String = lines.by_ref().take(2).collect::<Vec<_>>().join(" ");
    CAPTION_ANALYSED.is_match(&caption) && lines.all(|l| l.len() <= 200)
}

/// In a paper that analyses named studies' data, every cited number its
/// methods give as one of those studies is own.
pub(super) fn analysed_studies_are_own(
    doc: &Document,
    found: &mut [Finding],
    spans: &[(usize, usize)],
) {
    let candidates: Vec<(String, usize, usize)> = found
        .iter()
        .zip(spans)
        .filter_map(|(f, &(at, end))| match &f.value {
            Value::RegistryId(r)
                if r.role == RegistryRole::Cited
                    && doc.section_at(at) == Section::Methods
                    && !role::in_reference(doc, at) =>
            {
                Some((r.id.clone(), at, end))
            }
            _ => None,
        })
        .collect();
    if candidates.is_empty() || !analyses_studies(doc) {
        return;
    }
    let own: HashSet<String> = candidates
        .into_iter()
        .filter(|&(_, at, end)| analysed_here(doc, at, end))
        .map(|(id, _, _)| id)
        .collect();
    for f in found.iter_mut() {
        if let Value::RegistryId(r) = &mut f.value {
            if own.contains(&r.id) {
                r.role = RegistryRole::Own;
            }
        }
    }
}
