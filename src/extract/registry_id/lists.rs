//! IDs written as one list ("(ClinicalTrials.gov identifiers NCT…, NCT…
//! and NCT…)", "CHARTA: NCT…, PERIMAX: NCT…") name trials of one kind: each
//! takes the role of the list's first, whose window holds the words that
//! introduce the list. A later ID's own window may have lost them (it reads
//! no more than 150 bytes back), so one list could come out half own, half
//! cited.

use crate::normalize::Document;
use crate::record::{Finding, Value};
use regex::Regex;
use std::sync::LazyLock;

/// The most bytes between two IDs of one list.
const GAP: usize = 80;
/// The most words between them (labels: "KODIAC 5 (ClinicalTrials.gov
/// identifier,").
const GAP_WORDS: usize = 6;

/// Words between two IDs that start a new statement rather than continue
/// a list: a registration, another or earlier trial, this study, a
/// citation.
static BREAK: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)regist|previous|another|other|ongoing|et al|\[\d|(?-u:\b)(?:trials?|stud(?:y|ies)|this|our|present|current|extension|follow|parent|main|see|whereas|while|but)(?-u:\b)")
        .expect("list break regex")
});

/// `spans[k]` is the byte span in `doc.fold` of `found[k]`; the roles of
/// IDs listed after another one in the same sentence become the first's.
/// Returns the pairs `(previous, next)` of indexes into `found` that one
/// list joins.
pub fn share_roles(
    doc: &Document,
    spans: &[(usize, usize)],
    found: &mut [Finding],
) -> Vec<(usize, usize)> {
    let mut joined = Vec::new();
    let fold = doc.fold.as_str();
    let mut order: Vec<usize> = (0..spans.len().min(found.len())).collect();
    order.sort_by_key(|&k| spans[k].0);
    for w in 1..order.len() {
        let (prev, cur) = (order[w - 1], order[w]);
        let (ps, pe) = spans[prev];
        let (cs, _) = spans[cur];
        if pe > cs || cs - pe > GAP || doc.sentence_at(ps) != doc.sentence_at(cs) {
            continue;
        }
        let Some(gap) = fold.get(pe..cs) else {
            continue;
        };
        if gap.split_whitespace().count() > GAP_WORDS || BREAK.is_match(gap) {
            continue;
        }
        let Value::RegistryId(p) = &found[prev].value else {
            continue;
        };
        let role = p.role;
        if let Value::RegistryId(c) = &mut found[cur].value {
            c.role = role;
            joined.push((prev, cur));
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use crate::extract::registry_id::RegistryId;
    use crate::extract::Extractor;
    use crate::normalize::Document;
    use crate::record::{RegistryRole, Value};

    fn roles(text: &str) -> Vec<(String, RegistryRole)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        RegistryId.extract(&doc, &mut out);
        out.sort_by_key(|f| f.start);
        out.iter()
            .filter_map(|f| match &f.value {
                Value::RegistryId(r) => Some((r.id.clone(), r.role)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_list_after_a_citation_is_cited_to_its_end() {
        // The last ID stands more than 150 bytes after the citation that
        // introduces the list: its own window no longer holds it.
        let text = "Methods\nIts safety was reported before [28] (the four long-term maintenance studies in adults, adolescents, older children and the very old of that programme: NCT01452763, NCT01456247, NCT01452750, and NCT01456260).";
        let got = roles(text);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(
            got.iter().all(|(_, r)| *r == RegistryRole::Cited),
            "{got:?}"
        );
    }

    #[test]
    fn a_new_statement_between_two_ids_keeps_their_own_roles() {
        let text = "Methods\nThis trial was registered at ClinicalTrials.gov (NCT02112233); the drug was also tested in another trial (NCT01554433).";
        let got = roles(text);
        assert_eq!(
            got,
            [
                ("NCT02112233".to_string(), RegistryRole::Own),
                ("NCT01554433".to_string(), RegistryRole::Cited)
            ]
        );
    }
}
