//! One pass over a document for all registry rows (issue 15): which rows
//! can match at all.
//!
//! Each row names its gate words: lower-case ASCII words one of which
//! every match of its pattern holds, in some ASCII case (`nct` for
//! `NCT01234567`, `-0` for a EudraCT number's `-0…`, the cue `eudra` for a
//! row that needs it nearby). A search of the document's ASCII lower case
//! finds which gate words it holds; a row none of whose words the document
//! holds is not searched. Before, each of the
//! ~30 rows ran its own literal prefilter over the whole text (callgrind,
//! 50 bench texts: 34 M instructions in Teddy for this extractor alone).
//!
//! Exact: a `(?i)` pattern also matches the non-ASCII case variants of `s`
//! (`ſ`) and `k` (the Kelvin sign), the only letters with one; a document
//! that holds either lets every row run.

use memchr::memmem::{self, Finder};
use std::sync::LazyLock;

/// What makes every row run: the non-ASCII case variants of `s` and `k`.
const ANY_ROW: [&str; 2] = ["\u{17f}", "\u{212a}"];

/// The distinct gate words, each with its searcher.
static WORDS: LazyLock<Vec<(&'static str, Finder<'static>)>> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = super::registries::gates()
        .into_iter()
        .flatten()
        .copied()
        .collect();
    words.sort_unstable();
    words.dedup();
    words.into_iter().map(|w| (w, Finder::new(w))).collect()
});

/// The gate words one document holds.
pub(super) struct Gate {
    held: Vec<bool>,
    any_row: bool,
}

impl Gate {
    /// The one pass over `fold`: one lower-case copy, then a `memmem`
    /// search per word that stops at its first place (measured: one
    /// Aho-Corasick automaton over all the words walked every byte, 45
    /// instructions a byte, more than the rows' own prefilters).
    #[cfg(test)]
    pub(super) fn scan(fold: &str) -> Gate {
        Gate::scan_lower(fold, &fold.to_ascii_lowercase())
    }

    /// [`Gate::scan`] with the document's shared lower-case copy
    /// (`lower`, `fold` in ASCII lower case), made once per document.
    pub(super) fn scan_lower(fold: &str, lower: &str) -> Gate {
        let held = WORDS
            .iter()
            .map(|(_, f)| f.find(lower.as_bytes()).is_some())
            .collect();
        let any_row = ANY_ROW
            .iter()
            .any(|a| memmem::find(fold.as_bytes(), a.as_bytes()).is_some());
        Gate { held, any_row }
    }

    /// Whether a row with these gate words may match.
    pub(super) fn may(&self, gate: &[&str]) -> bool {
        self.any_row
            || gate.iter().any(|g| {
                WORDS
                    .iter()
                    .position(|(x, _)| x == g)
                    .is_some_and(|j| self.held[j])
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_may_match_where_one_of_its_words_stands_in_any_ascii_case() {
        let g = Gate::scan("a cONTRol NL-OMON12345 and Eudra");
        assert!(g.may(&["ntr"]) && g.may(&["nl"]) && g.may(&["nl-omon"]));
        assert!(g.may(&["x-none", "eudra"]));
        assert!(!g.may(&["isrctn"]) && !g.may(&[]));
    }
}
