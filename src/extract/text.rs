//! Text helpers every extractor needs on the `fold` view: char boundaries
//! for byte offsets computed by arithmetic, and a bounded window of the
//! sentence around a match.
//!
//! Windows matter for speed and sense alike: token-joined abstracts and
//! tag-stripped front matter have no sentence stops, so a "sentence" can be
//! a whole page; a question about the words near a match must read a
//! window of fixed size, never the whole sentence (issue 17).

use crate::normalize::Document;

/// The largest char boundary at or below `i` (clamped to the text).
/// The leading run of letters of `s`, its ASCII letters lower-cased
/// (`Years, mean` → `years`).
pub fn first_word_lower(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase()
}

pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or above `i` (clamped to the text).
pub fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The part of the sentence around `fold[start..end]` that lies within
/// `before` bytes before the match and `after` bytes after it, as a byte
/// range of `fold` on char boundaries; it always holds the match.
pub fn sentence_window(
    doc: &Document,
    start: usize,
    end: usize,
    before: usize,
    after: usize,
) -> (usize, usize) {
    let fold = doc.fold.as_str();
    let (ss, se) = doc.sentence_at(start);
    let lo = floor_boundary(fold, start.saturating_sub(before)).max(ss);
    let hi = ceil_boundary(fold, end + after).min(se).max(end);
    (lo.min(start), hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_step_off_the_middle_of_a_char() {
        let s = "a·b"; // `·` is two bytes: 1..3
        assert_eq!(floor_boundary(s, 2), 1);
        assert_eq!(ceil_boundary(s, 2), 3);
        assert_eq!(floor_boundary(s, 99), s.len());
        assert_eq!(ceil_boundary(s, 99), s.len());
    }

    #[test]
    fn a_window_stays_in_its_sentence_and_holds_the_match() {
        let doc = Document::from_text("First one here. We enrolled 40 patients in all. Last.");
        let at = doc.fold.find("40").unwrap();
        let (lo, hi) = sentence_window(&doc, at, at + 2, 1000, 1000);
        assert_eq!(
            &doc.fold[lo..hi].trim_end(),
            &"We enrolled 40 patients in all."
        );
        let (lo, hi) = sentence_window(&doc, at, at + 2, 3, 3);
        assert_eq!(&doc.fold[lo..hi], "ed 40 pa");
    }
}
