//! The matches of [`INLINE_HEADING`] read only near the colons of a text
//! (issue 15).
//!
//! Every match of the pattern ends with its `:` and holds no other (`[.)]`,
//! an optional space, a label of capitals, spaces and commas, an optional
//! space, `:`), and is at most [`REACH`] bytes long. So the leftmost-first
//! matches over the whole text are those found, colon by colon, in the
//! text up to and including each colon from [`REACH`] bytes before it (or
//! from the end of the match before, if that is later): a match that ends
//! at a colon starts within its reach, and nothing after the colon can
//! change it (the pattern looks no further). A text holds a few dozen
//! colons and hundreds of full stops and closing brackets, where the
//! pattern's search over the whole text stopped at each.

use super::INLINE_HEADING;
use regex::Captures;

/// The most bytes a match of [`INLINE_HEADING`] spans, with room to spare:
/// the longest is `. DESIGN, SETTING, AND PARTICIPANTS :` (37 bytes).
pub(super) const REACH: usize = 64;

/// The matches of [`INLINE_HEADING`] in `fold`, as its `captures_iter`
/// gives them.
pub(super) fn inline_headings(fold: &str) -> Vec<Captures<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for colon in memchr::memchr_iter(b':', fold.as_bytes()) {
        if colon < at {
            continue;
        }
        // `at`, the end of a match, is a character boundary.
        let mut from = at.max(colon.saturating_sub(REACH));
        while !fold.is_char_boundary(from) {
            from -= 1;
        }
        let hay = &fold[..colon + 1];
        if let Some(m) = INLINE_HEADING.captures_at(hay, from) {
            at = m.get(0).expect("match").end();
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_colon_windows_find_what_the_whole_text_search_finds() {
        let texts = [
            "Aims. Background: a. Methods: b.RESULTS: c) CONCLUSION : d",
            "x. DESIGN, SETTING, AND PARTICIPANTS: y. DESIGN, SETTING AND PARTICIPANTS : z",
            "ratio 1:1. Trial registration: NCT01234567. (CLINICAL TRIAL REGISTRATION): 3",
            ". MATERIALS AND METHODS:. PATIENTS AND METHODS::. Results:: é. Methods:",
            "no colon here. Methods",
            "",
            ":::. AIMS:",
        ];
        for t in texts {
            let whole: Vec<(usize, usize)> = INLINE_HEADING
                .captures_iter(t)
                .map(|c| (c.get(0).unwrap().start(), c.get(1).unwrap().end()))
                .collect();
            let got: Vec<(usize, usize)> = inline_headings(t)
                .iter()
                .map(|c| (c.get(0).unwrap().start(), c.get(1).unwrap().end()))
                .collect();
            assert_eq!(got, whole, "{t:?}");
            assert!(INLINE_HEADING.find_iter(t).all(|m| m.len() <= REACH
                && m.as_str().matches(':').count() == 1
                && m.as_str().ends_with(':')));
        }
    }
}
