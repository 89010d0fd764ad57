//! Sample sizes: counts of this study's participants with their role
//! (`randomized`, `enrolled`, `analyzed`, `completed`, `arm`, `subgroup`,
//! `cited`), and the summary's `total`.

use super::numbers::{parse_count_or_words, NUMBER_WORDS};
use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{Field, Finding, SampleRole, SampleSizeSummary, SampleSizeValue, Value};
use regex::Regex;
use std::sync::LazyLock;

pub struct SampleSize;

// "120 patients were randomized", "we enrolled 10 MS patients", "(n = 27)"
static COUNT_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,3}}(?:,\d{{3}})+|\d+|{NUMBER_WORDS})\s+(?:[A-Za-z-]+\s+){{0,3}}?(patients|participants|subjects|people|persons|individuals|women|men|children|infants|adults|volunteers|eyes)(?-u:\b)"
    ))
    .expect("count regex")
});

static ARM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(\s*n\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\)").expect("arm regex")
});

static RANDOMIZED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)randomi[sz]ed|randomly assigned|allocated").expect("re"));
static ENROLLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)enrol+(?:ed|ment)|includ(?:ed|ing)|recruited|entered|underwent|study of|treated",
    )
    .expect("re")
});
static ANALYZED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)analy[sz]ed|evaluable|followed").expect("re"));

impl Extractor for SampleSize {
    fn field(&self) -> Field {
        Field::SampleSize
    }

    fn version(&self) -> u32 {
        1
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::SampleSize);
        for c in COUNT_NOUN.captures_iter(&doc.fold) {
            let m = c.get(0).expect("match");
            let Some(n) = parse_count_or_words(&c[1]) else {
                continue;
            };
            let (s, e) = doc.sentence_at(m.start());
            let sentence = &doc.fold[s..e];
            let role = if RANDOMIZED.is_match(sentence) {
                SampleRole::Randomized
            } else if ENROLLED.is_match(sentence) {
                SampleRole::Enrolled
            } else if ANALYZED.is_match(sentence) {
                SampleRole::Analyzed
            } else {
                continue;
            };
            out.push(b.make(
                m.start(),
                m.end(),
                Value::SampleSize(SampleSizeValue {
                    n,
                    role,
                    group: None,
                }),
                "sample_size.count_noun",
                0.6,
            ));
        }
        for c in ARM.captures_iter(&doc.fold) {
            let m = c.get(0).expect("match");
            let Some(n) = parse_count_or_words(&c[1]) else {
                continue;
            };
            out.push(b.make(
                m.start(),
                m.end(),
                Value::SampleSize(SampleSizeValue {
                    n,
                    role: SampleRole::Arm,
                    group: None,
                }),
                "sample_size.arm_n",
                0.6,
            ));
        }
    }
}

/// `total` = randomized, else enrolled, else analyzed, else the sum of the
/// arms; arms that do not add up to the stated total are a warning.
pub fn summarize(findings: &[Finding]) -> (SampleSizeSummary, Vec<String>) {
    let mut s = SampleSizeSummary::default();
    for f in findings {
        let Value::SampleSize(v) = &f.value else {
            continue;
        };
        match v.role {
            SampleRole::Randomized if s.randomized.is_none() => s.randomized = Some(v.n),
            SampleRole::Enrolled if s.enrolled.is_none() => s.enrolled = Some(v.n),
            SampleRole::Analyzed if s.analyzed.is_none() => s.analyzed = Some(v.n),
            SampleRole::Arm => s.arms.push(v.n),
            _ => {}
        }
    }
    let arm_sum: u64 = s.arms.iter().sum();
    s.total = s
        .randomized
        .or(s.enrolled)
        .or(s.analyzed)
        .or((arm_sum > 0).then_some(arm_sum));
    let mut warnings = Vec::new();
    if let Some(t) = s.total {
        if !s.arms.is_empty() && arm_sum != t {
            warnings.push(format!(
                "sample_size: the arms ({}) add up to {arm_sum}, not to the total {t}",
                s.arms
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" + ")
            ));
        }
    }
    (s, warnings)
}
