//! The matches of [`NUMBER`] in a whole text, with its digit forms read
//! by hand (issue 15): a text holds a number every few dozen bytes, and
//! each match of the regex costs a forward and a reverse search; the
//! spelt-out counts (`Twenty-four`) are rare and stay a regex.
//!
//! The split is exact. `NUMBER` is `\b(?:D1|D2|D3|W)\b` with the digit
//! forms `D1` = `\d{1,3}(?:,\d{3})+`, `D2` = `\d{1,3}(?: \d{3})+`, `D3` =
//! `\d+` (ASCII digits, [`crate::extract::rx`]) and the words `W`: a
//! digit form starts with a digit and holds digits, `,` and ` ` only, a
//! word match starts with a letter and holds no digit, so no match of one
//! kind starts inside a match of the other, and the leftmost-first matches
//! of the whole are those of `\b(?:D1|D2|D3)\b` and of `\bW\b` (each
//! searched on its own over the same text) merged in text order.
//!
//! [`NUMBER`]: super::lexicon::NUMBER

use crate::extract::numbers::NUMBER_WORDS;
use regex::Regex;
use std::sync::LazyLock;

/// The spelt-out alternative of [`super::lexicon::NUMBER`], on its own.
static NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"(?i)(?-u:\b)(?:{NUMBER_WORDS})(?-u:\b)"))
        .expect("number word regex")
});

/// A byte of a word for `(?-u:\b)`: `[0-9A-Za-z_]`.
fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// `(?-u:\b)` after a digit at `at - 1`: the end of the text or no word
/// byte at `at`.
fn boundary_after_digit(b: &[u8], at: usize) -> bool {
    b.get(at).is_none_or(|&x| !word_byte(x))
}

/// The end of the leftmost-first match of `\d{1,3}(?:SEP\d{3})+\b` over
/// the digit run `[s, t)` (which ends at `t`, where no digit stands), if
/// any. `\d{1,3}` must take the whole run (a shorter take leaves a digit
/// where `SEP` must stand); the groups are taken greedily, and where the
/// last one is not followed by a boundary, one fewer ends before a `SEP`,
/// which is one.
fn grouped_end(b: &[u8], s: usize, t: usize, sep: u8) -> Option<usize> {
    if t - s > 3 {
        return None;
    }
    let mut groups = 0;
    let mut at = t;
    while b.get(at) == Some(&sep)
        && b.get(at + 1..at + 4)
            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
    {
        groups += 1;
        at += 4;
    }
    match groups {
        0 => None,
        _ if boundary_after_digit(b, at) => Some(at),
        1 => None,
        _ => Some(at - 4),
    }
}

/// The first ASCII digit in `b` at or after `i`, or the end: eight bytes
/// at a time, where a byte `x` is a digit iff `x ^ 0x30 < 10`, and the
/// lowest byte the borrow trick flags (`(y - 0x0a..) & !y & 0x80..`) is
/// the first such byte (no borrow reaches it from below).
fn next_digit(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let y = x ^ (ONES * 0x30);
        let digits = y.wrapping_sub(ONES * 10) & !y & HIGH;
        if digits != 0 {
            return i + (digits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// The leftmost-first matches of `\b(?:D1|D2|D3)\b` in `fold`, in order.
fn digit_spans(fold: &str) -> Vec<(usize, usize)> {
    let b = fold.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    loop {
        i = next_digit(b, i);
        if i == b.len() {
            break;
        }
        let s = i;
        let mut t = s + 1;
        while t < b.len() && b[t].is_ascii_digit() {
            t += 1;
        }
        // Only a run's first digit may start a match (`\b`): inside it a
        // digit stands before.
        if s > 0 && word_byte(b[s - 1]) {
            i = t;
            continue;
        }
        let end = grouped_end(b, s, t, b',')
            .or_else(|| grouped_end(b, s, t, b' '))
            .or_else(|| boundary_after_digit(b, t).then_some(t));
        match end {
            Some(e) => {
                spans.push((s, e));
                i = e;
            }
            None => i = t,
        }
    }
    spans
}

/// The matches of [`super::lexicon::NUMBER`] in `fold` (`NUMBER.find_iter`),
/// as spans in text order.
pub(super) fn number_spans(fold: &str) -> Vec<(usize, usize)> {
    let digits = digit_spans(fold);
    let mut words = NUMBER_WORD
        .find_iter(fold)
        .map(|m| (m.start(), m.end()))
        .peekable();
    let mut out = Vec::with_capacity(digits.len());
    for d in digits {
        while let Some(w) = words.next_if(|w| w.0 < d.0) {
            out.push(w);
        }
        out.push(d);
    }
    out.extend(words);
    out
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::NUMBER;
    use super::*;

    fn regex_spans(text: &str) -> Vec<(usize, usize)> {
        NUMBER
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn the_split_agrees_with_the_pattern_on_every_text_of_four_pieces() {
        let pieces = [
            "1", "12", "123", "1234", ",", ",000", ",0000", " 000", " ", "a", "_", "-", "ſ",
            "five", "Twenty", "-one", " and ", "six", " hundred", ".", "é", "\u{a0}", "x1",
        ];
        let mut n = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let text = format!("{a}{b}{c}{d}");
                        let want = regex_spans(&text);
                        assert_eq!(number_spans(&text), want, "{text:?}");
                        n += want.len();
                    }
                }
            }
        }
        assert!(n > 0);
    }

    #[test]
    fn the_next_digit_is_the_first_at_or_after() {
        let text: Vec<u8> = (0u8..=255).chain(b"abc/:0123 x9".iter().copied()).collect();
        for from in 0..=text.len() {
            let want = (from..text.len())
                .find(|&k| text[k].is_ascii_digit())
                .unwrap_or(text.len());
            assert_eq!(next_digit(&text, from), want, "{from}");
        }
    }

    #[test]
    fn grouped_digits_back_off_one_group_before_a_word() {
        for text in [
            "1,094,5678 patients",
            "1 094 567a",
            "12,345,678,",
            "1,2345",
            "999 999 999 9",
            "x 1,000 y",
            "One hundred and seventy-six (176) and 2,000",
        ] {
            assert_eq!(number_spans(text), regex_spans(text), "{text:?}");
        }
    }

    /// With LITEXTRACT_NUMBER_SCAN_DIR set: the split agrees with the
    /// pattern on every file of that folder (the bench texts).
    #[test]
    fn the_split_agrees_with_the_pattern_on_a_folder_of_texts() {
        let Ok(dir) = std::env::var("LITEXTRACT_NUMBER_SCAN_DIR") else {
            return;
        };
        let mut files = 0;
        for entry in std::fs::read_dir(dir).expect("folder") {
            let path = entry.expect("entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let doc = crate::normalize::Document::from_text(&text);
            assert_eq!(number_spans(&doc.fold), regex_spans(&doc.fold), "{path:?}");
            files += 1;
        }
        assert!(files > 0);
    }
}
