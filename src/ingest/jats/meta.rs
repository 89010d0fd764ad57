//! What a JATS article's front matter states outright: `article-id`s
//! (`pmid`, `pmc`/`pmcid`, `doi`), the title, the journal, the publication
//! year, the article type and heading subjects, and trial registry IDs where
//! the front matter gives them a structure of their own (`<ext-link
//! ext-link-type="clintrialgov">`, `<related-object>`, a registration
//! `custom-meta`).
//!
//! Only `front/article-meta` counts: the IDs in the reference list, a
//! `related-article` (the article a correction corrects) or a sub-article
//! are other papers'.

use crate::extract::registry_id::RegistryId;
use crate::extract::Extractor;
use crate::normalize::Document;
use crate::process::normalize_doi;
use crate::record::{Metadata, RegistryRef, Value};

/// `ext-link-type` values that name a trial registry (JATS 1.x tag sets
/// and the PMC tagging guidelines use the first; publishers vary).
const REGISTRY_LINK_TYPES: &[&str] = &[
    "clintrialgov",
    "clinicaltrials",
    "clinicaltrial",
    "clinical-trial",
    "ctgov",
    "isrctn",
    "anzctr",
    "drks",
    "eudract",
    "chictr",
    "ctri",
];

/// The metadata being collected, with the years seen per kind of date.
#[derive(Debug, Default)]
pub(super) struct Meta {
    pub(super) m: Metadata,
    /// `(pub-type or date-type, year)` of every `pub-date`.
    years: Vec<(String, u16)>,
}

impl Meta {
    pub(super) fn article_id(&mut self, kind: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        match kind {
            "pmid" if self.m.pmid.is_none() && value.chars().all(|c| c.is_ascii_digit()) => {
                self.m.pmid = Some(value.to_string());
            }
            "pmc" | "pmcid" if self.m.pmcid.is_none() => {
                let digits = value.trim_start_matches("PMC").trim_start_matches("pmc");
                if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                    self.m.pmcid = Some(format!("PMC{digits}"));
                }
            }
            "doi" if self.m.doi.is_none() => {
                let d = normalize_doi(value);
                if d.starts_with("10.") && d.contains('/') {
                    self.m.doi = Some(d);
                }
            }
            _ => {}
        }
    }

    pub(super) fn title(&mut self, title: &str) {
        if self.m.title.is_none() && !title.trim().is_empty() {
            self.m.title = Some(title.trim().to_string());
        }
    }

    pub(super) fn journal(&mut self, journal: &str) {
        if self.m.journal.is_none() && !journal.trim().is_empty() {
            self.m.journal = Some(journal.trim().to_string());
        }
    }

    pub(super) fn year(&mut self, kind: &str, year: &str) {
        if let Ok(y) = year.trim().parse::<u16>() {
            if (1000..=2999).contains(&y) {
                self.years.push((kind.to_string(), y));
            }
        }
    }

    pub(super) fn publication_type(&mut self, t: &str) {
        let t = t.trim();
        if !t.is_empty() && !self.m.publication_types.iter().any(|p| p == t) {
            self.m.publication_types.push(t.to_string());
        }
    }

    /// An `ext-link` in the front matter: a registry ID when its type names
    /// a registry.
    pub(super) fn ext_link(&mut self, link_type: &str, href: Option<&str>, text: &str) {
        let t = link_type.to_ascii_lowercase();
        if REGISTRY_LINK_TYPES.contains(&t.as_str()) {
            self.registry(text);
            if let Some(h) = href {
                self.registry(h);
            }
        }
    }

    /// Every registry ID in a structured value (an `ext-link`, a
    /// `related-object`'s IDs, a registration `custom-meta`), in canonical
    /// form, as the registry extractor writes it.
    pub(super) fn registry(&mut self, value: &str) {
        if value.trim().is_empty() || value.len() > 2000 {
            return;
        }
        let doc = Document::from_text(value);
        let mut found = Vec::new();
        RegistryId.extract(&doc, &mut found);
        for f in found {
            if let Value::RegistryId(r) = f.value {
                if !self.m.registry_ids.iter().any(|x| x.id == r.id) {
                    self.m
                        .registry_ids
                        .push(RegistryRef::new(r.registry.clone(), r.id.clone()));
                }
            }
        }
    }

    /// The metadata, its year chosen: the earliest of the print and
    /// electronic dates, else of any date but PMC's own release.
    pub(super) fn finish(mut self) -> Metadata {
        let pick = |kinds: &dyn Fn(&str) -> bool| {
            self.years
                .iter()
                .filter(|(k, _)| kinds(k))
                .map(|&(_, y)| y)
                .min()
        };
        self.m.year = pick(&|k| matches!(k, "ppub" | "epub" | "epub-ppub" | "pub" | "collection"))
            .or_else(|| pick(&|k| !k.starts_with("pmc")))
            .or_else(|| pick(&|_| true));
        self.m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_cleaned_and_the_first_of_each_kept() {
        let mut m = Meta::default();
        m.article_id("pmid", " 25140463 ");
        m.article_id("pmid", "1");
        m.article_id("pmc", "4389469");
        m.article_id("doi", "https://doi.org/10.5935/1678-9741.20140061");
        m.article_id("publisher-id", "RBCCV-29-2-148");
        m.article_id("pmid", "x");
        m.year("pmc-release", "2013");
        m.year("ppub", "2014");
        m.year("epub", "2014");
        let m = m.finish();
        assert_eq!(m.pmid.as_deref(), Some("25140463"));
        assert_eq!(m.pmcid.as_deref(), Some("PMC4389469"));
        assert_eq!(m.doi.as_deref(), Some("10.5935/1678-9741.20140061"));
        assert_eq!(m.year, Some(2014));
    }

    #[test]
    fn registry_ids_come_canonical_from_structured_fields() {
        let mut m = Meta::default();
        m.ext_link(
            "clintrialgov",
            Some("https://clinicaltrials.gov/ct2/show/NCT01234567"),
            "NCT01234567",
        );
        m.ext_link("uri", Some("http://example.org/NCT07654321"), "x");
        m.registry("ISRCTN 12345678");
        let ids: Vec<&str> = m.m.registry_ids.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, vec!["NCT01234567", "ISRCTN12345678"]);
    }
}
