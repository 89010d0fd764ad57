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

/// Three-byte pieces that several gate words hold (`ctr` in `actrn`,
/// `euctr`, `chictr`, `ctri`, `pactr`, `slctr`, `tctr`, `lbctr`, `itmctr`;
/// `rct` in `isrctn`, `irct`, `jrct`; `\n0` in the line-broken EudraCT
/// words), each rare in a text (callgrind, 150 bench texts: `ctr` and
/// `rct` ~1.5 times a text): one search for the piece, and a comparison of
/// its words around each place it stands, replaces a search of the whole
/// text per word (most words are in no text, so each such search read all
/// of it).
const PIECES: [&str; 3] = ["ctr", "rct", "\n0"];

/// How the scan looks for one gate word: with its own searcher, or around
/// the places of the piece it holds (`PIECES[piece]`, at `at` in the word).
enum Search {
    Own(Box<Finder<'static>>),
    Piece { piece: usize, at: usize },
}

/// The distinct gate words, each with how it is searched.
static WORDS: LazyLock<Vec<(&'static str, Search)>> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = super::registries::gates()
        .into_iter()
        .flatten()
        .copied()
        .collect();
    words.sort_unstable();
    words.dedup();
    words
        .into_iter()
        .map(|w| {
            let piece = PIECES
                .iter()
                .enumerate()
                .find_map(|(piece, p)| w.find(p).map(|at| Search::Piece { piece, at }));
            (
                w,
                piece.unwrap_or_else(|| Search::Own(Box::new(Finder::new(w)))),
            )
        })
        .collect()
});

/// The searchers of [`PIECES`].
static PIECE_FINDERS: LazyLock<Vec<Finder<'static>>> =
    LazyLock::new(|| PIECES.iter().map(Finder::new).collect());

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
        let hay = lower.as_bytes();
        let mut held: Vec<bool> = WORDS
            .iter()
            .map(|(_, s)| match s {
                Search::Own(f) => f.find(hay).is_some(),
                Search::Piece { .. } => false,
            })
            .collect();
        for (piece, finder) in PIECE_FINDERS.iter().enumerate() {
            let mut open: Vec<(usize, &[u8], usize)> = WORDS
                .iter()
                .enumerate()
                .filter_map(|(j, (w, s))| match *s {
                    Search::Piece { piece: p, at } if p == piece => Some((j, w.as_bytes(), at)),
                    _ => None,
                })
                .collect();
            // The pieces do not overlap themselves, so the non-overlapping
            // places of `find_iter` are all of them.
            for place in finder.find_iter(hay) {
                if open.is_empty() {
                    break;
                }
                open.retain(|&(j, w, at)| {
                    let here = place
                        .checked_sub(at)
                        .and_then(|s| hay.get(s..s + w.len()))
                        .is_some_and(|x| x == w);
                    held[j] |= here;
                    !here
                });
            }
        }
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

    #[test]
    fn the_words_searched_by_their_piece_are_found_as_by_their_own_search() {
        let texts = [
            "ctri/2019 at the start, then pactr and sLCTR",
            "electric spectrum, doctrine: ISRCTN, irct jrct RCTs",
            "2004-\n012345-11 and 2004- \n012345-11\nctr",
            "tctr itmctr lbctr anzctr actrn chictr euctr",
            "no pieces here",
            "",
        ];
        for t in texts {
            let lower = t.to_ascii_lowercase();
            let g = Gate::scan(t);
            for (w, _) in WORDS.iter() {
                assert_eq!(g.may(&[w]), lower.contains(w), "{w:?} in {t:?}");
            }
        }
        assert!(WORDS
            .iter()
            .any(|(w, s)| *w == "isrctn" && matches!(s, Search::Piece { piece: 1, at: 2 })));
    }
}
