//! Trial registry IDs: ClinicalTrials.gov, EudraCT, ISRCTN, ANZCTR and the
//! other WHO primary registries, in canonical form, with the role `own` (the
//! study's registration) or `cited` (another trial).
//!
//! Each registry is one row of [`REGISTRIES`]: a pattern that accepts the
//! variants real text has (`NCT 01234567`, `nct01234567`, `NCT#00379470`)
//! and a function that writes the canonical form.

use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{Field, Finding, RegistryIdValue, RegistryRole, Value};
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

pub struct RegistryId;

struct Registry {
    name: &'static str,
    /// Capture group 1..n hold the significant parts.
    pattern: &'static str,
    canonical: fn(&regex::Captures) -> String,
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

static REGISTRIES: &[Registry] = &[
    // "NCT03355365", "NCT 00902941", "nCt01208194", "NCT#00379470"
    Registry {
        name: "ClinicalTrials.gov",
        pattern: r"(?i)(?-u:\b)NCT[ #:]{0,2}(0\d{7})(?-u:\b)",
        canonical: |c| format!("NCT{}", &c[1]),
    },
    // "ISRCTN49286846", "ISRCTN 49286846"
    Registry {
        name: "ISRCTN",
        pattern: r"(?i)(?-u:\b)ISRCTN[ #:]{0,2}(\d{8})(?-u:\b)",
        canonical: |c| format!("ISRCTN{}", &c[1]),
    },
    // "ACTRN12610000123456"
    Registry {
        name: "ANZCTR",
        pattern: r"(?i)(?-u:\b)ACTRN[ #:]{0,2}(12\d{12})(?-u:\b)",
        canonical: |c| format!("ACTRN{}", &c[1]),
    },
    // "DRKS00003170", "DRKS 00003170"
    Registry {
        name: "DRKS",
        pattern: r"(?i)(?-u:\b)DRKS[ #:-]{0,2}(000\d{5})(?-u:\b)",
        canonical: |c| format!("DRKS{}", &c[1]),
    },
    // "EudraCT 2004-000123-45"
    Registry {
        name: "EudraCT",
        pattern: r"(?i)(?-u:\b)Eudra ?CT(?: number| No\.?|:)?[ #:]{0,3}(20\d{2})-?(\d{6})-?(\d{2})(?-u:\b)",
        canonical: |c| format!("{}-{}-{}", &c[1], &c[2], &c[3]),
    },
    // "ChiCTR2000029308", "ChiCTR-IOR-17013390"
    Registry {
        name: "ChiCTR",
        pattern: r"(?i)(?-u:\b)ChiCTR[ :-]{0,2}((?:[A-Z]{2,4}-)?\d{8,10})(?-u:\b)",
        canonical: |c| format!("ChiCTR{}", c[1].to_uppercase()),
    },
    // "IRCT201108295300N1"
    Registry {
        name: "IRCT",
        pattern: r"(?i)(?-u:\b)IRCT[ :]{0,2}(\d{10,14}N\d{1,3})(?-u:\b)",
        canonical: |c| format!("IRCT{}", c[1].to_uppercase()),
    },
    // "NTR1786", "NTR: 1786"
    Registry {
        name: "NTR",
        pattern: r"(?-u:\b)NTR[ :#]{0,2}(\d{2,5})(?-u:\b)",
        canonical: |c| format!("NTR{}", digits(&c[1])),
    },
];

static COMPILED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    REGISTRIES
        .iter()
        .map(|r| Regex::new(r.pattern).expect("registry regex"))
        .collect()
});

// "Trial registration", "registered at", "ClinicalTrials.gov identifier"
static OWN_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)regist|identifier|trial number|clinicaltrials\.gov|this (?:trial|study)")
        .expect("own cue regex")
});

impl Extractor for RegistryId {
    fn field(&self) -> Field {
        Field::RegistryId
    }

    fn version(&self) -> u32 {
        1
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::RegistryId);
        for (reg, re) in REGISTRIES.iter().zip(COMPILED.iter()) {
            for c in re.captures_iter(&doc.fold) {
                let m = c.get(0).expect("match");
                let id = (reg.canonical)(&c);
                let role = role_at(doc, m.start());
                out.push(b.make(
                    m.start(),
                    m.end(),
                    Value::RegistryId(RegistryIdValue {
                        registry: reg.name.to_string(),
                        id,
                        role,
                    }),
                    &format!("registry_id.{}", reg.name.to_lowercase()),
                    0.97,
                ));
            }
        }
    }
}

fn role_at(doc: &Document, at: usize) -> RegistryRole {
    let sec = doc.section_at(at);
    let (s, e) = doc.sentence_at(at);
    let sentence = &doc.fold[s..e];
    match sec {
        Section::References => RegistryRole::Cited,
        Section::Background | Section::Discussion if !OWN_CUE.is_match(sentence) => {
            RegistryRole::Cited
        }
        _ => RegistryRole::Own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        RegistryId.extract(&doc, &mut out);
        out.into_iter()
            .map(|f| match f.value {
                Value::RegistryId(r) => r.id,
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn variants_are_canonicalised() {
        assert_eq!(ids("NCT 00902941"), vec!["NCT00902941"]);
        assert_eq!(ids("nCt01208194"), vec!["NCT01208194"]);
        assert_eq!(ids("NCT#00379470"), vec!["NCT00379470"]);
        assert_eq!(ids("ISRCTN 49286846"), vec!["ISRCTN49286846"]);
        assert_eq!(ids("NTR: 1786"), vec!["NTR1786"]);
        assert_eq!(ids("DRKS 00003170"), vec!["DRKS00003170"]);
    }

    #[test]
    fn ethics_numbers_are_not_registry_ids() {
        assert!(ids("ethics committee (FWA00001331) and EIN 13-5661935").is_empty());
    }
}
