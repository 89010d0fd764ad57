//! The shared prefilter pass: one cheap scan of `fold` that says, for every
//! gated pattern, whether it can match this document at all.
//!
//! An extractor whose entry pattern comes out "cannot match" does not run
//! (today the EDSS extractor: its mention pattern is in 5% of the bench's
//! full texts). Each gated pattern names the words one of which every one
//! of its matches holds (for the EDSS mention: `EDSS` as written, or
//! `expanded` in any ASCII case), and the scan looks for those words with
//! `memchr`/`memmem`: a document with none of them has no match, so the
//! gate is exact. Tests check the words against the pattern itself (they
//! are spelled in it, and every match of it on the fixtures, the demo
//! corpus and generated texts holds one of them).
//!
//! Measured and replaced (callgrind, 150 bench texts): an Aho-Corasick
//! automaton over the pattern's 1,409 case-variant prefixes, derived with
//! regex-syntax, cost ~92 M instructions of scanning plus ~170 M of
//! literal extraction at start-up to skip ~39 M of EDSS work; the word
//! scan costs a few M. Left out: gating each of the registry extractor's
//! ~30 rows (their patterns hold frequent prefixes such as `20` of
//! EudraCT numbers; the regex crate already gives each row a prefilter).
//!
//! The scan runs on demand, once per document, the first time an extractor
//! asks ([`Document::may_match`]).

use crate::normalize::Document;
use crate::record::Field;
use memchr::memmem;
#[cfg(test)]
use regex::Regex;

/// A gated pattern: one an extractor needs for any finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gated {
    Whole(Field),
}

/// The words that every match of a gated pattern holds at least one of.
struct Words {
    /// Spelled exactly as given (the pattern matches them case-sensitively).
    exact: &'static [&'static str],
    /// In any ASCII case; lower-case here. A word of letters whose Unicode
    /// case variants are all ASCII (no `k` or `s`: `K` Kelvin sign, `ſ`),
    /// so that an ASCII-case-insensitive search finds every spelling a
    /// `(?i)` pattern accepts.
    ascii_ci: &'static [&'static str],
}

impl Words {
    fn any_in(&self, hay: &str) -> bool {
        let hay = hay.as_bytes();
        self.exact
            .iter()
            .any(|w| memmem::find(hay, w.as_bytes()).is_some())
            || self.ascii_ci.iter().any(|w| contains_ascii_ci(hay, w))
    }
}

/// Whether `hay` holds `word` (lower-case ASCII, at least two bytes) in any
/// ASCII case: a `memchr2` over the word's second byte in both cases (for
/// `expanded`, the rare `x`), then a comparison around each hit.
fn contains_ascii_ci(hay: &[u8], word: &str) -> bool {
    let w = word.as_bytes();
    debug_assert!(w.len() >= 2 && w.iter().all(|b| !b.is_ascii_uppercase()));
    let (lo, up) = (w[1], w[1].to_ascii_uppercase());
    memchr::memchr2_iter(lo, up, hay).any(|i| {
        i >= 1
            && hay
                .get(i - 1..i - 1 + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w))
    })
}

/// Every gated pattern with its words, in gate order.
static GATES: &[(Gated, Words)] = &[(
    Gated::Whole(Field::Edss),
    Words {
        exact: &["EDSS"],
        ascii_ci: &["expanded"],
    },
)];

/// The regex each gate stands for (what the tests check the words against).
#[cfg(test)]
fn pattern_of(g: Gated) -> &'static Regex {
    match g {
        Gated::Whole(Field::Edss) => super::edss::entry_pattern(),
        Gated::Whole(f) => panic!("no gated pattern for {f:?}"),
    }
}

/// Which gated patterns may match one document.
#[derive(Debug, Clone)]
pub struct Triggers {
    may: Vec<(Gated, bool)>,
}

impl Triggers {
    /// The one pass over `fold`.
    pub fn scan(fold: &str) -> Triggers {
        let may = GATES
            .iter()
            .map(|(g, words)| (*g, words.any_in(fold)))
            .collect();
        Triggers { may }
    }

    /// Whether the gated pattern `g` may match; a pattern that is not
    /// gated may always.
    pub fn may_match(&self, g: Gated) -> bool {
        self.may
            .iter()
            .find(|&&(w, _)| w == g)
            .is_none_or(|&(_, may)| may)
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
    use proptest::prelude::*;

    fn gated() -> impl Iterator<Item = (Gated, &'static Regex, &'static Words)> {
        GATES.iter().map(|(g, w)| (*g, pattern_of(*g), w))
    }

    #[test]
    fn the_words_are_spelled_in_their_pattern() {
        for (g, re, words) in gated() {
            let p = re.as_str();
            for w in words.exact {
                assert!(p.contains(w), "{g:?}: {w} is not in {p}");
            }
            for w in words.ascii_ci {
                assert!(
                    p.to_ascii_lowercase().contains(w),
                    "{g:?}: {w} is not in {p}"
                );
                assert!(
                    w.len() >= 2
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() && b != b'k' && b != b's'),
                    "{g:?}: {w} has a letter with non-ASCII case variants, or is not lower-case"
                );
            }
        }
    }

    #[test]
    fn ascii_case_insensitive_search() {
        assert!(contains_ascii_ci(b"the Expanded scale", "expanded"));
        assert!(contains_ascii_ci(b"EXPANDED", "expanded"));
        assert!(contains_ascii_ci(b"xexpanded", "expanded"));
        assert!(!contains_ascii_ci(b"xpanded", "expanded"));
        assert!(!contains_ascii_ci(b"expande", "expanded"));
        assert!(!contains_ascii_ci(b"x", "expanded"));
        assert!(!contains_ascii_ci(b"", "expanded"));
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
            "\u{212A}urtzke EDSS 2.5",
            "ExPaNdEd disability status scale",
            "registered as NCT01234567 and nct 01234567, ISRCTN49286846",
            "nothing to see here, p = 0.03 in 120 patients",
            "",
        ];
        for (g, re, _) in gated() {
            for t in texts {
                if re.is_match(t) {
                    assert!(Triggers::scan(t).may_match(g), "{g:?} hid a match in {t:?}");
                }
            }
        }
        let none = Triggers::scan("nothing to see here, edss and Expand");
        assert!(!none.may_match(Gated::Whole(Field::Edss)));
        assert!(none.may_match(Gated::Whole(Field::SampleSize)));
        assert!(Triggers::scan("an EDSS of 3").may_match(Gated::Whole(Field::Edss)));
    }

    proptest! {
        /// Texts glued from the pattern's own pieces, in any case: wherever
        /// the pattern matches, the gate is open.
        #[test]
        fn generated_texts_never_gated_off(parts in proptest::collection::vec(
            prop_oneof![
                Just("Kurtzke"), Just("kurtzke's "), Just("\u{212A}urtzke "), Just("EDSS"),
                Just("Edss"), Just("edss"), Just("expanded"), Just("EXPANDED"), Just("Expanded"),
                Just("expande"), Just("xpanded"), Just(" disability"), Just(" DISABILITY"),
                Just(" status"), Just(" ſtatus"), Just(" scale"), Just(" Scale"), Just(" ("),
                Just(")"), Just("["), Just("]"), Just(" "), Just("\n"), Just("-"), Just("x"),
                Just("3.5"), Just("é"),
            ],
            0..12,
        ), upper in any::<bool>()) {
            let mut t: String = parts.concat();
            if upper {
                t = t.to_uppercase();
            }
            for (g, re, _) in gated() {
                if re.is_match(&t) {
                    prop_assert!(Triggers::scan(&t).may_match(g), "{:?} hid a match in {:?}", g, t);
                }
            }
        }
    }

    /// Every text of the fixtures and of the demo corpus through both
    /// paths: a pattern that matches is never gated off, and the EDSS
    /// extractor run ungated finds nothing where the gate stops it.
    #[test]
    fn fixture_texts_through_both_paths() {
        use crate::extract::Extractor;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("tests/fixtures"), root.join("corpus")];
        let (mut texts, mut gated_off, mut open) = (0, 0, 0);
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
                for (g, re, _) in gated() {
                    if re.is_match(&doc.fold) {
                        open += 1;
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
            gated_off > 0 && open > 0,
            "the gate never closed ({gated_off}) or never opened ({open}): the test shows nothing"
        );
    }
}
