//! The shared prefilter pass: one multi-literal scan of `fold` that says,
//! for every gated pattern, whether it can match this document at all.
//!
//! An extractor whose entry pattern comes out "cannot match" does not run
//! (today the EDSS extractor: its mention pattern is in 5% of the bench's
//! full texts). The literals are not a hand-kept list: they are the
//! prefixes that regex-syntax derives from the very pattern the extractor
//! compiles (`Regex::as_str`), so a pattern that changes changes its
//! trigger too. Every match of a pattern begins with one of its prefix
//! literals, so a document with none of them has no match: the gate is
//! exact. The scan matches the literals ASCII-case-insensitively, a
//! superset of them, so it may let a document through that has no match,
//! never the other way. A pattern whose prefixes cannot be listed (an empty
//! or unbounded set) is never gated.
//!
//! Measured and left out: gating each of the registry extractor's ~30 rows
//! the same way. Its patterns hold frequent prefixes (`20` of EudraCT
//! numbers), so one overlapping scan for all their literals cost more
//! (callgrind, 150 bench texts: 272 M instructions) than the row scans it
//! saved (10 M); the regex crate already gives each row a Teddy prefilter.
//!
//! The scan runs on demand, once per document, the first time an extractor
//! asks ([`Document::may_match`]), and stops at the first literal that opens
//! every gate.

use crate::normalize::Document;
use crate::record::Field;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::sync::LazyLock;

/// A gated pattern: one an extractor needs for any finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gated {
    Whole(Field),
}

/// Which gated patterns may match one document.
#[derive(Debug, Clone)]
pub struct Triggers {
    may: Vec<bool>,
}

/// The prefix literals every match of `pattern` begins with, or `None`
/// when they cannot be listed (then the pattern is never gated).
pub fn prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    // Case-insensitive words spell out into many variants: allow them all,
    // then keep only the first bytes (a shorter prefix is still a prefix).
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_total(1_000_000)
        .extract(&hir);
    let lits = seq.literals()?;
    if lits.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut out: Vec<Vec<u8>> = lits
        .iter()
        .map(|l| l.as_bytes()[..l.len().min(PREFIX_BYTES)].to_vec())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// The bytes of each prefix literal the scan looks for.
const PREFIX_BYTES: usize = 4;

/// Every gated pattern with the regex it stands for, in gate order.
fn gated_patterns() -> Vec<(Gated, &'static Regex)> {
    vec![(Gated::Whole(Field::Edss), super::edss::entry_pattern())]
}

struct Gate {
    which: Vec<Gated>,
    /// `always[k]`: pattern `k` has no listable prefixes and always runs.
    always: Vec<bool>,
    /// For every literal of the automaton, the pattern it belongs to.
    owner: Vec<usize>,
    ac: AhoCorasick,
}

static GATE: LazyLock<Gate> = LazyLock::new(|| {
    let mut which = Vec::new();
    let mut always = Vec::new();
    let mut literals: Vec<(Vec<u8>, usize)> = Vec::new();
    for (k, (g, re)) in gated_patterns().into_iter().enumerate() {
        which.push(g);
        match prefixes(re.as_str()) {
            Some(lits) => {
                always.push(false);
                // Case variants fold into one ASCII-case-insensitive literal.
                literals.extend(lits.into_iter().map(|l| (l.to_ascii_lowercase(), k)));
            }
            None => always.push(true),
        }
    }
    literals.sort();
    literals.dedup();
    let owner = literals.iter().map(|&(_, k)| k).collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(literals.iter().map(|(l, _)| l))
        .expect("prefilter literals build an automaton");
    Gate {
        which,
        always,
        owner,
        ac,
    }
});

impl Triggers {
    /// The one pass over `fold`.
    pub fn scan(fold: &str) -> Triggers {
        let gate = &*GATE;
        let mut may = gate.always.clone();
        let mut left = may.iter().filter(|m| !**m).count();
        if left > 0 {
            // Overlapping, so that no literal hides another one's pattern.
            for m in gate.ac.find_overlapping_iter(fold) {
                let k = gate.owner[m.pattern().as_usize()];
                if !may[k] {
                    may[k] = true;
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
            }
        }
        Triggers { may }
    }

    /// Whether the gated pattern `g` may match; a pattern that is not
    /// gated may always.
    pub fn may_match(&self, g: Gated) -> bool {
        match GATE.which.iter().position(|&w| w == g) {
            Some(k) => self.may[k],
            None => true,
        }
    }
}

impl Document {
    /// Whether the gated pattern `g` may match this document (the shared
    /// prefilter pass runs on the first question).
    pub fn may_match(&self, g: Gated) -> bool {
        self.triggers
            .get_or_init(|| Triggers::scan(&self.fold))
            .may_match(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gated_pattern_has_listable_prefixes() {
        // A pattern that loses its prefixes still works (it always runs),
        // but the speed-up is gone: say which.
        let lost: Vec<String> = gated_patterns()
            .iter()
            .filter(|(_, re)| prefixes(re.as_str()).is_none())
            .map(|(g, re)| format!("{g:?}: {}", re.as_str()))
            .collect();
        assert!(lost.is_empty(), "{lost:#?}");
    }

    #[test]
    fn prefixes_cover_case_variants() {
        let p = prefixes(r"(?i)(?-u:\b)NCT[ #:\-]{0,2}(0\d{7})").unwrap();
        for v in ["NCT", "nct", "nCt"] {
            assert!(
                p.iter()
                    .any(|l| v.as_bytes().starts_with(&l[..l.len().min(3)])),
                "{v}: {p:?}"
            );
        }
        assert!(prefixes(r"\d*x").is_none());
    }

    /// The gate says "cannot match" only where the pattern finds nothing:
    /// every gated pattern against texts that hold each of its forms, and
    /// against texts that hold none.
    #[test]
    fn the_gate_never_hides_a_match() {
        let texts = [
            "Kurtzke EDSS 3.0",
            "kurtzke's expanded disability status scale (EDSS) of 2",
            "EXPANDED DISABILITY STATUS SCALE score 4.5",
            "Expanded  Disability\nStatus Scale",
            "registered as NCT01234567 and nct 01234567, ISRCTN49286846",
            "International Standard Randomised Controlled Trial Number 10727538",
            "ACTRN12610000123456 ANZCTR 12611000123456 DRKS00005115",
            "EudraCT 2004-002714-11 and 2022-500024-30-00, 200400600800",
            "ChiCTR-TRC-12002345 CTRI/2019/05/012345 IRCT2012345678N1",
            "JPRN-UMIN000012345 jRCTs031180123 C000012345 JapicCTI-121234",
            "JMA-IIA00123 KCT0001234 NTR1786 NTR 12 NL1234 NL-OMON12345",
            "PACTR201203000123456 RBR-3xyz45 RPCEC00000123 SLCTR/2012/012",
            "TCTR20190101001 LBCTR2019010101 ITMCTR2020012345 PER-012-15",
            "nothing to see here, p = 0.03 in 120 patients",
            "",
        ];
        for (g, re) in gated_patterns() {
            for t in texts {
                if re.is_match(t) {
                    assert!(Triggers::scan(t).may_match(g), "{g:?} hid a match in {t:?}");
                }
            }
        }
        let none = Triggers::scan("nothing to see here");
        assert!(!none.may_match(Gated::Whole(Field::Edss)));
        assert!(none.may_match(Gated::Whole(Field::SampleSize)));
    }

    /// Every text of the fixtures and of the demo corpus through both
    /// paths: a pattern that matches is never gated off, and the EDSS
    /// extractor run ungated finds nothing where the gate stops it.
    #[test]
    fn fixture_texts_through_both_paths() {
        use crate::extract::Extractor;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("tests/fixtures"), root.join("corpus")];
        let (mut texts, mut gated_off) = (0, 0);
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                texts += 1;
                let doc = Document::from_text(&text);
                for (g, re) in gated_patterns() {
                    if re.is_match(&doc.fold) {
                        assert!(doc.may_match(g), "{g:?} gated off in {}", p.display());
                    }
                }
                let mut found = Vec::new();
                crate::extract::edss::Edss.extract(&doc, &mut found);
                if !crate::extract::edss::Edss.may_find(&doc) {
                    gated_off += 1;
                    assert!(found.is_empty(), "edss gated off in {}", p.display());
                }
            }
        }
        assert!(texts > 50, "only {texts} fixture texts");
        assert!(
            gated_off > 0,
            "the gate never closed: the test shows nothing"
        );
    }
}
