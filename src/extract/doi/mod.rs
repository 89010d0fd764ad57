//! DOIs: every `10.NNNN/…` the document prints, normalized to lower case,
//! with the role `self` (the document's own) or `cited`.
//!
//! Finding a DOI is easy; finding where it ends is not. Real text
//! * wraps DOIs in links (`https://doi.org/10.…`, publisher URLs ending in
//!   `/full`, `?utm_source=…`, `#sec1`) and percent-encodes them (`%2F`);
//! * follows them with punctuation (`doi:10.1130/2013.2502).`), while old
//!   Wiley SICI DOIs carry `<`, `>`, `;` and `#` inside
//!   (`10.1002/(SICI)1099-1166(199601)11:1<15::AID-GPS262>3.0.CO;2-5`);
//! * breaks them across PDF lines (`doi:10.1097/JGP.\n0b013e3182011b38.`,
//!   `https://doi.org/10.1007/3-\n540-65193-4_29`);
//! * glues the neighbouring fields onto them in catalogue records and
//!   tag-stripped XML (`2021-05-011210.3389/fneur.2021.639315639315Long-Term`,
//!   `10.1371/journal.pone.0145094PONE-D-15-37654Research Article`).
//!
//! Candidates are found by one regex on the registrant prefix, the suffix is
//! read to the next space, continued over a line break where the DOI is
//! visibly unfinished, then trimmed by rules that know these habits. A glued
//! DOI whose end cannot be told with confidence is not reported: a wrong DOI
//! links a review to the wrong paper. Nor is a suffix longer than
//! [`MAX_SUFFIX`] (200 chars, the registration agencies' limit).
//!
//! Every stage costs time in proportion to the text, whatever it holds
//! (issue 17): `candidates` reads each candidate a bounded distance,
//! `glue` resolves a glued one from tables made once, and `role` looks
//! a bounded window around each DOI.
//!
//! The document's own DOI is the one labelled as such ("Cite this article",
//! "DOI=", a PubMed `PMID … DOI:` line), printed on the first page or in the
//! front matter outside any reference, or repeated in the running header of
//! several pages. DOIs in the reference list, in reference-like entries, or
//! after "Erratum in", "Comment on" and the like are `cited`.

mod candidates;
mod glue;
mod role;

use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{DoiRole, DoiValue, Field, Finding, Value};
use candidates::candidates;
use role::choose_own;

pub struct Doi;

impl Extractor for Doi {
    fn field(&self) -> Field {
        Field::Doi
    }

    fn version(&self) -> u32 {
        // 3: a DOI suffix longer than MAX_SUFFIX is not reported; reading
        // stops at READ_LIMIT (issue 17). 4: `citation:` as a whole word
        // (`Resuscitation: …` in a reference title made that reference the
        // document's own). 5: masthead and footer lines on the first page
        // (issue 14), the first page of plain text ends at the body's first
        // heading, sub-DOIs, funder and data DOIs are never the own, a DOI
        // ends at a PDF glyph, NEJM's `NEJMhle…` is no glue. 6: that
        // journal-code exception holds only in a prefix with its number.
        // 7: fixed-length forms end a glued DOI (PLOS's seven digits, the
        // sixteen of Wolters Kluwer, a UUID, a Blackwell `.x`, a NIHMS id
        // glued on), MDPI's repeated id, a Bentham suffix of one long
        // number; `©` ends a DOI; in tag-stripped front matter a journal's
        // DOI before its ISSNs, a Wiley issue DOI and a copy with digits
        // glued on are not the own (silver from the PMC JATS, issue 14).
        // 8: a DOI alone on its line above a footer's copyright, ISSN or
        // history line is the footer's, whatever the body line above it
        // cites; "Original Article" over a masthead's DOI is its article
        // type, not an erratum's pointer to another paper.
        // 9: a publisher field glued after a DOI ends it when its shape says
        // what it is: Karger's fixed nine digits, a journal-volume-page id,
        // a PII.
        // 10: Wiley issue DOIs under 10.1111 and 10.1113 as under 10.1002;
        // a glued ISSN names a journal's DOI only when its check digit is
        // right (`dee0001-0150`, Karger's article id, is none).
        // 11: a first-page line that opens with the page number and cites
        // the article from that page on (`412 Postgrad Med J 2012;88:412e418.
        // doi:…`) is the page footer, not a numbered reference.
        // 12: a reference heading on the first page whose opening lines are
        // a masthead's (©, ISSN, online date; no numbered entry), Thieme's
        // `Bibliography` box with the article's DOI, is no reference list.
        // 13: first-page footers: `Published by` in a copyright line and
        // `Published in Press as DOI:` point at this article, not another;
        // a line that ends with the page count after the DOI (`… et al.
        // eLife 2022;11:e77012. DOI: … 1 of 18`) is no reference entry.
        // 14: a masthead's citation line with a comma after the year
        // (`Psychological Medicine (2021), 51, 2230–2239`).
        // 15: the `Bibliography` box's copyright marks are the copyright
        // line's pattern, which also reads `(c) 2021`.
        // 16: a page number on the line above a footer's citation
        // (PyMuPDF's order) makes it no reference entry.
        // 17 (issue 14): a reference-like entry on the first page that
        // gives as its title a line printed above it (Cochrane's cover:
        // `Exercise for depression (Review)` … `Cooney GM, Dwan K. Exercise
        // for depression. Cochrane Database … DOI: …`) is the paper's own
        // citation, not a reference.
        // 18: a Cochrane review's number and version end a DOI a word is
        // glued to (`14651858.CD012345.pub2Copyright`: its upper-case `CD`
        // and lower-case `pub` read as two fields, and no DOI was found).
        18
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::Doi);
        let mut cands = candidates(&doc.fold, &doc.budget);
        drop_glued_pmids(&doc.fold, &mut cands);
        let own = choose_own(doc, &cands);
        for c in cands {
            let role = if Some(c.doi.as_str()) == own.as_deref() {
                DoiRole::Own
            } else {
                DoiRole::Cited
            };
            let conf = match (role, c.rule) {
                (_, "doi.glued") => 0.85,
                (DoiRole::Own, _) => 0.97,
                _ => 0.93,
            };
            out.push(b.make(
                c.start,
                c.end,
                Value::Doi(DoiValue { doi: c.doi, role }),
                c.rule,
                conf,
            ));
        }
    }
}

/// A citation line ends its DOI with a full stop, and a tag-stripped one
/// glues the PMID after it (`doi: 10.1111/bcp.12929.26972584`): where the
/// DOI before `.` and seven or eight digits stands elsewhere in the
/// document, that is the DOI, and the digits are dropped.
fn drop_glued_pmids(fold: &str, cands: &mut [Cand]) {
    let split = |doi: &str| -> Option<usize> {
        let dot = doi.rfind('.')?;
        let tail = &doi[dot + 1..];
        ((7..=8).contains(&tail.len()) && tail.bytes().all(|b| b.is_ascii_digit())).then_some(dot)
    };
    let whole: std::collections::BTreeSet<String> = cands.iter().map(|c| c.doi.clone()).collect();
    for c in cands.iter_mut() {
        if let Some(dot) = split(&c.doi) {
            let cut = c.doi.len() - dot;
            // The digits end the span as they end the DOI (no line-break
            // join inside them).
            let same = c.end >= cut && fold.get(c.end - cut..c.end) == Some(&c.doi[dot..]);
            if same && whole.contains(&c.doi[..dot]) {
                c.end -= cut;
                c.doi.truncate(dot);
            }
        }
    }
}

/// One DOI occurrence: a byte span of `fold` and the normalized DOI.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    doi: String,
    rule: &'static str,
}

/// The longest DOI suffix reported, in chars. A DOI has no length limit in
/// the DOI Handbook, but the agencies that register journal articles set
/// one: Crossref's deposit schema (`doi_t`, schemas 4.3 to 5.4) accepts
/// `10\.[0-9]{4,9}/.{1,200}` and mEDRA's (2024) likewise a suffix of 1 to
/// 200 chars. Real DOIs stay far below it: Wiley's SICI DOIs, the longest
/// kind in common use, run to about 70 chars
/// (`10.1002/(SICI)1097-0258(19960830)15:16<1729::AID-SIM334>3.0.CO;2-M`),
/// and the longest candidate in the 4,470 PMC full texts of the bench and
/// the other shared sets is 156 chars (a DOI with trial fields glued on).
/// A longer "suffix" is glued text, a base64 blob or hostile input.
pub const MAX_SUFFIX: usize = 200;

#[cfg(test)]
mod tests {
    use super::candidates::{decoded_shape, percent_decode, READ, READ_LIMIT};
    use super::*;
    use crate::extract::budget::Budget;

    fn dois(text: &str) -> Vec<(String, DoiRole)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        Doi.extract(&doc, &mut out);
        out.into_iter()
            .map(|f| match f.value {
                Value::Doi(d) => (d.doi, d.role),
                _ => unreachable!(),
            })
            .collect()
    }

    fn only(text: &str) -> Vec<String> {
        dois(text).into_iter().map(|d| d.0).collect()
    }

    #[test]
    fn resuscitation_in_a_reference_title_is_no_self_cue() {
        // Seen in PMC reference lists: `citation:` inside `resuscitation:`
        // made the reference's DOI the article's own.
        assert_eq!(
            dois("References\n11. Virgilio R. Crystalloid vs. colloid resuscitation: is one better? Surv Anesthesiol. 1980; 24(1):1; doi:10.1097/00132586-198002000-00001\n"),
            vec![("10.1097/00132586-198002000-00001".into(), DoiRole::Cited)]
        );
        assert_eq!(
            dois("Citation: Smith J (2020) A trial. doi:10.1000/own.7\n"),
            vec![("10.1000/own.7".into(), DoiRole::Own)]
        );
    }

    #[test]
    fn trailing_punctuation_and_url_paths_are_dropped() {
        assert_eq!(
            dois("Stem Cell Res Ther. 2024 May 23;15(1):151. doi: 10.1186/s13287-024-03765-6."),
            vec![("10.1186/s13287-024-03765-6".into(), DoiRole::Own)]
        );
        assert_eq!(
            dois("Online Access: | https://www.frontiersin.org/articles/10.3389/fneur.2021.639315/full |"),
            vec![("10.3389/fneur.2021.639315".into(), DoiRole::Own)]
        );
        assert_eq!(
            only("see https://doi.org/10.1002/acn3.51?utm_source=x#sec1 now"),
            vec!["10.1002/acn3.51"]
        );
    }

    #[test]
    fn balanced_brackets_stay() {
        assert_eq!(
            only("(doi 10.1130/2013.2502(04))"),
            vec!["10.1130/2013.2502(04)"]
        );
        assert_eq!(
            only("doi:10.1002/(SICI)1096-8644(199601)99:1<135::AID-AJPA8>3.0.CO;2-#\","),
            vec!["10.1002/(sici)1096-8644(199601)99:1<135::aid-ajpa8>3.0.co;2-#"]
        );
    }

    #[test]
    fn percent_encoded_links_are_decoded() {
        assert_eq!(
            only("https://onlinelibrary.wiley.com/doi/abs/10.1002%2Fmds.25661"),
            vec!["10.1002/mds.25661"]
        );
    }

    #[test]
    fn line_breaks_inside_a_doi_are_joined() {
        assert_eq!(
            only("Brain and Cognition, 65, 209-237. doi:10.1016/j.bandc.\n2007.02.007.\nNext, A."),
            vec!["10.1016/j.bandc.2007.02.007"]
        );
        assert_eq!(
            only("doi:10.3109/\n00207459809003338."),
            vec!["10.3109/00207459809003338"]
        );
        assert_eq!(
            only("https://doi.org/10.1007/3-\n540-65193-4_29\n[12] Ian"),
            vec!["10.1007/3-540-65193-4_29"]
        );
        assert_eq!(
            only("doi:10.1016/0022-3956\n(75)90026-6."),
            vec!["10.1016/0022-3956(75)90026-6"]
        );
        // A sentence on the next line is not part of the DOI.
        assert_eq!(
            only("doi: 10.1136/bmj.h2145.\nThe trial"),
            vec!["10.1136/bmj.h2145"]
        );
        assert_eq!(
            only("doi: 10.1136/bmj.h2145.\n2015 The Authors"),
            vec!["10.1136/bmj.h2145"]
        );
    }

    #[test]
    fn glued_fields_are_cut_or_the_doi_is_dropped() {
        let got = only("URL=https://x.org/10.3389/fneur.2021.639315 x 2021-05-011210.3389/fneur.2021.639315639315Long-Term");
        assert_eq!(
            got,
            vec!["10.3389/fneur.2021.639315", "10.3389/fneur.2021.639315"]
        );
        assert_eq!(
            only("Corporation24707475395347210.3389/fneur.2021.639315639315Long-Term Clinical"),
            vec!["10.3389/fneur.2021.639315"]
        );
        assert_eq!(
            only("London2687062258706210.1371/journal.pone.0145094PONE-D-15-37654Research Article"),
            vec!["10.1371/journal.pone.0145094"]
        );
        // MDPI's id repeats the journal's letters and the number.
        assert_eq!(
            only("Press2735777210.3390/nu9080882nutrients-09-00882ArticleThe"),
            vec!["10.3390/nu9080882"]
        );
        // Any journal-volume-page id glued after the last digit ends it too.
        assert_eq!(
            only("Press2735777210.3390/nu9080882zinc-09-00882ArticleThe"),
            vec!["10.3390/nu9080882"]
        );
        // Where the end cannot be told, nothing is reported.
        assert!(only("Press2735777210.3390/nu9080882zinc0900882ArticleThe").is_empty());
        assert!(only("110.1234/foo").is_empty());
    }

    #[test]
    fn nejm_suffixes_are_no_glue() {
        for (text, want) in [
            (
                "N Engl J Med 2014;370:1-3.\nDOI: 10.1056/NEJMhle1313674\n",
                "10.1056/nejmhle1313674",
            ),
            (
                "DOI: 10.1056/NEJMhle1313674Copyright © 2014",
                "10.1056/nejmhle1313674",
            ),
            ("DOI: 10.1056/NEJMoa1312345\n", "10.1056/nejmoa1312345"),
            (
                "DOI: 10.1056/NEJMoa1312345Copyright",
                "10.1056/nejmoa1312345",
            ),
        ] {
            assert_eq!(only(text), vec![want.to_string()], "{text}");
        }
    }

    #[test]
    fn pdf_glyphs_end_a_doi() {
        assert_eq!(
            only("doi:10.1186/s12883-019-1234-5\u{F0B7}Research"),
            vec!["10.1186/s12883-019-1234-5"]
        );
        assert_eq!(
            only("https://doi.org/10.1002/brb3.1234\u{0301} x"),
            vec!["10.1002/brb3.1234"]
        );
        assert_eq!(
            only("doi: 10.1002/brb3.1234\u{FFFD}"),
            vec!["10.1002/brb3.1234"]
        );
    }

    #[test]
    fn fixed_length_forms_end_only_where_glue_follows() {
        // A figure's sub-DOI and a clean UUID DOI are not cut.
        assert_eq!(
            only("doi:10.1371/journal.pone.0012345.g001 shows"),
            vec!["10.1371/journal.pone.0012345.g001"]
        );
        assert_eq!(
            only("https://doi.org/10.1371/annotation/7c1e0a42-93b5-4e7d-a0f1-2d63b9e4c581 x"),
            vec!["10.1371/annotation/7c1e0a42-93b5-4e7d-a0f1-2d63b9e4c581"]
        );
        // Glued on, the form ends the DOI.
        assert_eq!(
            only("USA1687139914881210.1371/journal.pmed.004025706-PLME-RA-0933R3plme-04-08-11Research"),
            vec!["10.1371/journal.pmed.0040257"]
        );
        // An MDPI-like id must repeat the journal's letter and the number.
        assert_eq!(
            only("MDPI2900123459000110.3390/nu10030277nutrients-10-00277Article"),
            vec!["10.3390/nu10030277"]
        );
        assert!(only("MDPI2900123459000110.3390/nu10030277zinc1000277Article").is_empty());
    }

    #[test]
    fn the_copyright_sign_ends_a_doi() {
        assert_eq!(
            only("USA2692014811010.1186/2194-7899-2-1© 2014 Shafer et al."),
            vec!["10.1186/2194-7899-2-1"]
        );
    }

    #[test]
    fn glued_non_ascii_never_panics() {
        for t in [
            "x2021-05-011210.1234/abcNCTpatients\u{e9}Long",
            "Press1234510.1234/5\u{2264}ISRCTNNCTrandomized\u{65e5}\u{672c}Article",
            "run123410.1234/\u{1F414}123Research",
            "doi:10.1234/abc-\n03355365\u{65e5}\u{672c}",
        ] {
            let _ = dois(t);
        }
    }

    #[test]
    fn reference_list_and_comment_dois_are_cited() {
        let got = dois("Title\ndoi:10.1000/own.1\n\nReferences\n1. Smith. doi:10.1000/other.2\n");
        assert_eq!(
            got,
            vec![
                ("10.1000/own.1".into(), DoiRole::Own),
                ("10.1000/other.2".into(), DoiRole::Cited)
            ]
        );
        let got = dois("Comment on\nN Engl J Med. 2020;382:1-10. doi: 10.1056/NEJMoa1234567.\n");
        assert_eq!(got, vec![("10.1056/nejmoa1234567".into(), DoiRole::Cited)]);
    }

    #[test]
    fn a_lone_reference_doi_is_not_self() {
        let text = format!(
            "{}\n30S. R. Kawa and S.-J. Lin, J. Geophys. Res. 108, 4201 (2003),\nDOI:10.1029/2002JD002268.\n",
            "Body text. ".repeat(400)
        );
        assert_eq!(
            dois(&text),
            vec![("10.1029/2002jd002268".into(), DoiRole::Cited)]
        );
    }

    #[test]
    fn bmc_cite_this_article_after_references_is_self() {
        let text = format!(
            "Intro.\n\nReferences\n1. Smith J: A title. J Gen Intern Med 2002, 17:477-486.\n\ndoi:10.1186/1472-6963-14-1\nCite this article as: Agyeman-Duah et al.: Understanding. BMC 2014 14:1.\n{}",
            ""
        );
        assert_eq!(
            dois(&text),
            vec![("10.1186/1472-6963-14-1".into(), DoiRole::Own)]
        );
    }

    #[test]
    fn decoded_shape_is_that_of_the_decoded_text() {
        for s in ["abc%2Fdef", "%2f%2F%41x", "%zz%4", "é%41ü%2", "%%41", "A%2"] {
            let d = percent_decode(s);
            assert_eq!(
                decoded_shape(s),
                (d.chars().count(), d.bytes().any(|b| b.is_ascii_uppercase())),
                "{s}"
            );
        }
    }

    #[test]
    fn a_doi_is_at_most_max_suffix_long() {
        let longest = format!("doi:10.1000/{}", "a".repeat(MAX_SUFFIX));
        assert_eq!(only(&longest).len(), 1);
        let over = format!("doi:10.1000/{}", "a".repeat(MAX_SUFFIX + 1));
        assert!(only(&over).is_empty());
        // A link's query after a long DOI still ends it.
        let with_query = format!("https://doi.org/10.1000/{}?utm_source=x", "b".repeat(190));
        assert_eq!(
            only(&with_query),
            vec![format!("10.1000/{}", "b".repeat(190))]
        );
    }

    /// Issue 17: with no space in the text, every candidate was read to
    /// the end of the document (5.5 GB for 100 KB of `10.1000/`). A
    /// candidate now ends at the next plain prefix, or [`READ_LIMIT`] past
    /// its prefix, and the end of a run without spaces is found once: the
    /// bytes read stay within a small multiple of the text where
    /// candidates are plain `10.NNNN/` prefixes, and within the limit per
    /// candidate where they are not (a percent-encoded or sub-prefix form
    /// inside a DOI is part of it, so it cannot end the read).
    #[test]
    fn candidates_read_each_byte_about_once() {
        for (pattern, plain) in [
            ("10.1000/", true),
            ("10.1000/%2F", true),
            ("https://doi.org/10.1000/x/", true),
            ("10.1000/abc-\ndef ", true),
            ("x10.1000/AbcDef1Ghij", true),
            ("10.1000%2F", false),
            ("10.1000.5/", false),
            ("10.978.12/a", false),
        ] {
            let text = pattern.repeat(40_000 / pattern.len());
            READ.with(|r| r.set(0));
            let _ = candidates(&text, &Budget::unlimited());
            let read = READ.with(|r| r.get());
            let bound = match plain {
                true => 3 * text.len(),
                false => (READ_LIMIT + 32) * (text.len() / pattern.len()),
            };
            assert!(
                read <= bound,
                "{read} bytes read for {} of {pattern:?}",
                text.len()
            );
        }
        // And without a next prefix to stop it, no further than the limit.
        let text = format!("10.1000/{}", "Qz9".repeat(10_000));
        READ.with(|r| r.set(0));
        assert!(candidates(&text, &Budget::unlimited()).is_empty());
        assert!(READ.with(|r| r.get()) <= READ_LIMIT + 16);
    }

    /// The role of a DOI looks at the lines above it; a long line above
    /// used to be read whole for every DOI below it.
    #[test]
    fn a_long_line_above_is_not_read_for_every_doi() {
        let text = format!(
            "{}\n{}",
            "Lorem ipsum dolor sit amet ".repeat(4_000),
            "doi: 10.1000/abc.1\n".repeat(40)
        );
        let doc = Document::from_text(&text);
        READ.with(|r| r.set(0));
        let mut out = Vec::new();
        Doi.extract(&doc, &mut out);
        assert_eq!(out.len(), 40);
        let read = READ.with(|r| r.get());
        assert!(read <= text.len(), "{read} bytes read for {}", text.len());
    }

    #[test]
    fn a_dense_run_of_prefixes_stops_at_the_findings_cap() {
        let text = "10.1000/a ".repeat(50);
        let doc = Document::from_text(&text).with_budget(Budget::unlimited().with_max_findings(7));
        let mut out = Vec::new();
        Doi.extract(&doc, &mut out);
        assert_eq!(out.len(), 7);
        assert_eq!(
            doc.budget.take_cut(),
            Some(super::super::budget::Cut::Findings)
        );
    }
}
