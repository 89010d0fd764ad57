//! p-values: `P<0.001`, `p = .03`, `P=0·03`, `p ≤ 0.05`, `P value = 0.04`.
//!
//! Matching runs on `fold`, where the Lancet middle dot already reads as a
//! decimal point and every dash as `-`.

use super::numbers::parse_scientific;
use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{Comparator, Field, Finding, PValue, Value};
use regex::Regex;
use std::sync::LazyLock;

pub struct PValueExtractor;

// "p = 0.030", "P<.001", "P value = 0.04", "p ≤ 0.05", "P = 3.2E-4"
static P_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?-u:\b)[Pp](?:\s*-?\s*values?)?
        \s*(=|<=|>=|=<|=>|<|>|≤|≥|⩽|⩾)\s*
        (
          \d*\.\s?\d+(?:\s*[×x]\s*10\s*(?:\^|-)?\s*-?\s*\d+|[eE]-?\d+)?
          | [01](?:\.0+)?(?-u:\b)
        )",
    )
    .expect("p-value regex")
});

impl Extractor for PValueExtractor {
    fn field(&self) -> Field {
        Field::PValue
    }

    fn version(&self) -> u32 {
        1
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::PValue);
        for c in P_VALUE.captures_iter(&doc.fold) {
            let m = c.get(0).expect("match");
            let Some(comparator) = Comparator::parse(&c[1]) else {
                continue;
            };
            let Some(value) = parse_scientific(&c[2]) else {
                continue;
            };
            let rule = match comparator {
                Comparator::Eq => "p_value.equals",
                _ => "p_value.bound",
            };
            let mut flags = Vec::new();
            if !(0.0..=1.0).contains(&value) {
                flags.push("impossible".to_string());
            }
            out.push(b.make(
                m.start(),
                m.end(),
                Value::PValue(PValue {
                    comparator,
                    value,
                    statistic: None,
                    flags,
                }),
                rule,
                0.95,
            ));
        }
    }
}
