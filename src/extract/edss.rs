//! EDSS (Expanded Disability Status Scale) statements: ranges, means,
//! medians, thresholds, single scores and changes.

use super::numbers::parse_decimal;
use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{EdssValue, Field, Finding, Value};
use regex::Regex;
use std::sync::LazyLock;

pub struct Edss;

// "EDSS (3.0-6.5)", "EDSS score of 3.5 to 6", "EDSS 6.0-6.5"
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:EDSS|Expanded Disability Status Scale)(?-u:\b)(?:\s*\(EDSS\))?(?:\s+scores?)?(?:\s+of|\s+between)?\s*\(?\s*(\d+(?:\.\d)?)\s*(?:-|to|and)\s*(\d+(?:\.\d)?)\)?")
        .expect("edss range regex")
});

// "mean EDSS score was 6.75 ± 0.68"
static MEAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)mean\s+EDSS(?:\s+scores?)?\s+(?:was\s+|of\s+|=\s*)?(\d+(?:\.\d+)?)\s*±\s*(\d+(?:\.\d+)?)")
        .expect("edss mean regex")
});

fn on_scale(v: f64) -> bool {
    (0.0..=10.0).contains(&v)
}

impl Extractor for Edss {
    fn field(&self) -> Field {
        Field::Edss
    }

    fn version(&self) -> u32 {
        1
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::Edss);
        for c in RANGE.captures_iter(&doc.fold) {
            let m = c.get(0).expect("match");
            let (Some(low), Some(high)) = (parse_decimal(&c[1]), parse_decimal(&c[2])) else {
                continue;
            };
            if !(on_scale(low) && on_scale(high) && low < high) {
                continue;
            }
            out.push(b.make(
                m.start(),
                m.end(),
                Value::Edss(EdssValue::Range { low, high }),
                "edss.range",
                0.8,
            ));
        }
        for c in MEAN.captures_iter(&doc.fold) {
            let m = c.get(0).expect("match");
            let (Some(mean), Some(sd)) = (parse_decimal(&c[1]), parse_decimal(&c[2])) else {
                continue;
            };
            if !on_scale(mean) {
                continue;
            }
            out.push(b.make(
                m.start(),
                m.end(),
                Value::Edss(EdssValue::Mean { mean, sd: Some(sd) }),
                "edss.mean_sd",
                0.8,
            ));
        }
    }
}
