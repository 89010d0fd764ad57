//! Trial registry numbers from structured fields (PubMed `DataBankList`,
//! MEDLINE `SI`), in the canonical form the registry-ID extractor writes,
//! so that `metadata.registry_ids` and the IDs found in the text compare
//! equal (`NCT 02149199` in a databank field is `NCT02149199`). DOIs are
//! cleaned by [`super::citation::clean_doi`], for every reader.

use crate::extract::{registry_id::RegistryId, Extractor};
use crate::normalize::Document;
use crate::record::{RegistryRef, Value};

/// Databanks that PubMed's `DataBankList` names and that are not trial
/// registries (sequence, structure and data repositories): their accession
/// numbers never become registry IDs, whatever they look like.
const NOT_REGISTRIES: &[&str] = &[
    "genbank",
    "pdb",
    "geo",
    "refseq",
    "omim",
    "sra",
    "dbsnp",
    "bioproject",
    "biosample",
    "dryad",
    "figshare",
    "uniprotkb",
    "swissprot",
    "pubchem-substance",
    "pubchem-compound",
    "pubchem-bioassay",
    "dbgap",
    "ena",
    "ddbj",
    "embl",
    "arrayexpress",
    "zenodo",
];

/// The registry ID a databank field names (`ClinicalTrials.gov`,
/// `NCT02149199`; MEDLINE `SI - ISRCTN/ISRCTN12345678`), canonical, or
/// `None` when the bank is not a trial registry or the accession is not
/// one of its IDs. The registry-ID extractor decides, so metadata and text
/// agree on what an ID is and how it is written.
pub fn registry_ref(bank: &str, accession: &str) -> Option<RegistryRef> {
    let bank = bank.trim();
    let accession = accession.trim();
    if accession.is_empty() || NOT_REGISTRIES.contains(&bank.to_ascii_lowercase().as_str()) {
        return None;
    }
    // A registration statement, so that IDs that need a registry cue
    // nearby (EudraCT, NTR) are read as the field says they are.
    let doc = Document::from_text(&format!("Trial registration: {bank} {accession}"));
    let mut found = Vec::new();
    RegistryId.extract(&doc, &mut found);
    let mut ids = found.into_iter().filter_map(|f| match f.value {
        Value::RegistryId(v) => Some(RegistryRef::new(v.registry, v.id)),
        _ => None,
    });
    let first = ids.next()?;
    // The accession must be the ID, not merely contain one: a bank name
    // that happens to hold a number is no registration.
    let squeeze = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase()
    };
    let acc = squeeze(accession);
    let id = squeeze(&first.id);
    (acc.ends_with(&id) || id.ends_with(&acc)).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_ids_from_databank_fields() {
        let r = registry_ref("ClinicalTrials.gov", "NCT02149199").unwrap();
        assert_eq!(
            (r.registry.as_str(), r.id.as_str()),
            ("ClinicalTrials.gov", "NCT02149199")
        );
        let r = registry_ref("ISRCTN", "ISRCTN12345678").unwrap();
        assert_eq!(r.id, "ISRCTN12345678");
        assert_eq!(
            registry_ref("GenBank", "NCT02149199"),
            None,
            "not a registry"
        );
        assert_eq!(registry_ref("GenBank", "AF123456"), None);
        assert_eq!(registry_ref("PDB", "1ABC"), None);
        assert_eq!(registry_ref("ClinicalTrials.gov", ""), None);
    }
}
