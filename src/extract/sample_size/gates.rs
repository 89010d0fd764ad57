//! Exact gates in front of whole-text scans (issue 15): a pattern that is
//! searched over a whole text and holds a word followed by a count (`the
//! other 30 patients`) cannot match a text in which no such word is
//! followed by white space and a count, and that is asked of the text's
//! ASCII lower case with `memmem` at a fraction of the cost of the
//! pattern's scan (its prefilter stops at every `the`). Measured and left
//! out: the verbs of `groups::had` (`had`, `included`, `enrolled` … and a
//! count) are in most texts, so that gate cost more than it saved.
//!
//! The gate says "may match" whenever it cannot tell: at a non-ASCII byte
//! where white space or a count must stand (a Unicode space), and for any
//! text that holds `ſ` or the Kelvin sign, the only chars outside ASCII
//! that `(?i)` matches to ASCII letters (`s`, `k`): those texts are always
//! searched with the pattern.

use memchr::memmem;

/// The beginnings of the number words of
/// [`crate::extract::numbers::NUMBER_WORDS`] in lower case, each cut short
/// enough to start all the words it stands for (`fo`: `four`, `fourteen`,
/// `forty`, `fourty`; `a h`: `a hundred`).
const NUMBER_WORD_STARTS: [&str; 16] = [
    "one", "tw", "thr", "thi", "tho", "fo", "fi", "si", "se", "ei", "el", "ni", "te", "hu", "a h",
    "a t",
];

/// ASCII white space (what `\s` takes among ASCII bytes).
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Whether `lower[at..]` may start with white space (`\s+`) and then, past
/// it, whatever `then` accepts at its first byte; a non-ASCII byte may be
/// either (a Unicode space, or what the pattern takes there), so it
/// passes. `then` gets the index past the white space.
fn space_then(b: &[u8], at: usize, then: impl Fn(usize) -> bool) -> bool {
    let mut k = at;
    while k < b.len() && ascii_space(b[k]) {
        k += 1;
    }
    match b.get(k) {
        None => false,
        Some(&x) if x >= 0x80 => true,
        Some(_) if k == at => false,
        Some(_) => then(k),
    }
}

/// Whether a count may start `rest`: a digit, or with `spelt` a number
/// word.
fn count_starts(rest: &[u8], spelt: bool) -> bool {
    rest[0].is_ascii_digit()
        || (spelt
            && NUMBER_WORD_STARTS
                .iter()
                .any(|w| rest.starts_with(w.as_bytes())))
}

/// Whether `lower` (a text in ASCII lower case) may hold one of `words`
/// followed by white space and a count (digits; with `spelt` also a number
/// word). A word is lower-case ASCII; a space in it stands for `\s+`
/// (`consisted of`). False only when no match is possible (see the module
/// doc).
pub(super) fn word_then_count(lower: &str, words: &[&str], spelt: bool) -> bool {
    let b = lower.as_bytes();
    // One `memmem` each, not a scan of the chars (which costs ~15
    // instructions a byte).
    if ["\u{17f}", "\u{212a}"]
        .iter()
        .any(|c| memmem::find(b, c.as_bytes()).is_some())
    {
        return true;
    }
    words.iter().any(|w| {
        let mut parts = w.split(' ');
        let first = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        memmem::find_iter(b, first.as_bytes())
            .any(|at| parts_then_count(b, at + first.len(), &rest, spelt))
    })
}

/// Whether `b[at..]` may hold each of `parts` after white space, and then
/// white space and a count.
fn parts_then_count(b: &[u8], at: usize, parts: &[&str], spelt: bool) -> bool {
    let Some((part, more)) = parts.split_first() else {
        return space_then(b, at, |k| count_starts(&b[k..], spelt));
    };
    space_then(b, at, |k| {
        b[k..].starts_with(part.as_bytes()) && parts_then_count(b, k + part.len(), more, spelt)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::numbers::NUMBER_WORDS;

    #[test]
    fn every_number_word_has_a_start() {
        let words = NUMBER_WORDS
            .trim_start_matches("(?:(?:")
            .split(")(?:")
            .next()
            .unwrap();
        let mut n = 0;
        for w in words.split('|') {
            assert!(NUMBER_WORD_STARTS.iter().any(|s| w.starts_with(s)), "{w}");
            n += 1;
        }
        assert!(n > 25, "{n}");
    }

    #[test]
    fn a_word_then_a_count() {
        let g = |t: &str, w: &[&str], spelt| word_then_count(&t.to_ascii_lowercase(), w, spelt);
        assert!(g("while the other 30 patients", &["other"], false));
        assert!(g("while the other\n thirty patients", &["other"], true));
        assert!(!g("while the other thirty patients", &["other"], false));
        assert!(!g("on the other hand, 30 patients", &["other"], true));
        assert!(!g("the other30", &["other"], true));
        assert!(g("the other\u{a0}30", &["other"], false));
        assert!(g(
            "the group consisted  of\t12",
            &["had", "consisted of"],
            false
        ));
        assert!(!g(
            "the group consisted of twelve",
            &["consisted of"],
            false
        ));
        assert!(!g("it consisted of the 12", &["consisted of"], false));
        assert!(g("the group conſiſted of the 12", &["consisted of"], false));
        assert!(!g("", &["had"], false));
        assert!(!g("it had", &["had"], false));
    }

    #[test]
    fn a_pattern_after_a_number_opens_with_its_letters() {
        use crate::extract::sample_size::window::may_open_with;
        assert!(may_open_with(" of the 40", b"o"));
        assert!(may_open_with("\n Out of 40", b"o"));
        assert!(may_open_with(" (12.5%) of", b"o"));
        assert!(may_open_with("\u{a0}of", b"o"));
        assert!(!may_open_with(" patients", b"o"));
        assert!(!may_open_with("", b"o"));
        assert!(may_open_with(" Were studied", b"wh"));
        assert!(may_open_with(" had been studied", b"wh"));
        assert!(!may_open_with(" of", b"wh"));
    }
}
