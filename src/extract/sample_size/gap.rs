//! A leading gap read without the lazy DFA: `^[^;]{0,160}\bof\s*$` as the
//! span the gap may cover, then the words after it searched on their own.
//!
//! A counted gap at the start of a pattern (`^[^.;0-9]{0,80}?\b(?:would be
//! required|…)`) makes the lazy DFA carry the gap's counter in every state,
//! so each window of new text builds new states (one per byte) and the
//! cache is filled and cleared over and over: on the bench texts such
//! patterns were most of the stage's determinization. Split, the gap is a
//! walk over at most `max` chars and the words are a small automaton whose
//! states are reused.
//!
//! The split is exact: a match of `^[^stop]{0,max}W` starts `W` at a
//! position `p` with at most `max` chars before it, none of them in `stop`,
//! i.e. `p <= gap_end(hay, max, stop)`; and an unanchored search for `W`
//! in the same `hay` (so `\b` sees the same neighbours) returns the
//! leftmost start of any match of `W`, so a `W` starting by that bound
//! exists iff the leftmost one does.

use regex::Regex;

/// The byte offset in `hay` that a leading gap `[^stop]{0,max}` reaches at
/// most: the first char in `stop`, the char after `max` chars, or the end.
pub(super) fn gap_end(hay: &str, max: usize, stop: impl Fn(char) -> bool) -> usize {
    for (i, (at, ch)) in hay.char_indices().enumerate() {
        if i == max || stop(ch) {
            return at;
        }
    }
    hay.len()
}

/// Whether `words` (an unanchored pattern) matches `hay` starting at or
/// before byte `end`: `^gap W` with the gap's reach `end` ([`gap_end`]).
pub(super) fn starts_by(words: &Regex, hay: &str, end: usize) -> bool {
    words.find(hay).is_some_and(|m| m.start() <= end)
}

/// Test helper: `split` agrees with the pattern `whole` (the gap and the
/// words in one) on every text of three of `pieces`.
#[cfg(test)]
pub(super) fn assert_split_agrees(whole: &str, split: impl Fn(&str) -> bool, pieces: &[&str]) {
    let whole = crate::extract::rx::new(whole).expect("whole pattern");
    let mut n = 0;
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let hay = format!("{a}{b}{c}");
                assert_eq!(whole.is_match(&hay), split(&hay), "{hay:?}");
                n += usize::from(split(&hay));
            }
        }
    }
    assert!(n > 0, "no text matched");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `^[^.;0-9]{0,N}?\b(?:was needed|will be)` and its split agree on
    /// every short text of a few pieces.
    #[test]
    fn the_split_agrees_with_the_counted_gap() {
        let words = r"(?-u:\b)(?:was needed|will be|needed)(?-u:\b)";
        let pieces = [
            "",
            "a",
            " ",
            "é",
            ".",
            ";",
            "7",
            "was needed",
            "needed",
            "xneeded",
            "will be",
        ];
        for max in [0usize, 1, 3, 7] {
            let whole = crate::extract::rx::new(&format!(r"^[^.;0-9]{{0,{max}}}?{words}")).unwrap();
            let split = crate::extract::rx::new(words).unwrap();
            for a in pieces {
                for b in pieces {
                    for c in pieces {
                        let hay = format!("{a}{b}{c}");
                        let end = gap_end(&hay, max, |ch| matches!(ch, '.' | ';' | '0'..='9'));
                        assert_eq!(
                            whole.is_match(&hay),
                            starts_by(&split, &hay, end),
                            "{hay:?} max {max}"
                        );
                    }
                }
            }
        }
    }
}
