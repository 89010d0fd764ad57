//! The parts of a text a group pattern needs to read (issue 15): a pattern
//! whose every match is made of a few kinds of bytes only, and holds a
//! number right after a word it needs (`and 655`), can match only inside
//! a run of those bytes around such a number. The words are found by
//! memmem, the runs by a walk from each; the pattern reads the runs alone
//! and finds what it finds in the whole text. Measured on 150 bench texts
//! (callgrind): a pass over every byte to find the places costs as much as
//! the pattern's own search. `DENOMINATOR` (a number after `of` or `/`,
//! runs over about a fifth of the text) reads its runs too: perf over 300
//! bench texts put its share of all samples at 3.0% for a whole-text scan,
//! 1.5% for the runs, and 4.3% for a pass over every byte (perf16).

/// A white-space byte for `\s`: ASCII white space, or any non-ASCII byte
/// (Unicode spaces; counted as white space so that nothing is missed).
pub(super) fn space(b: u8) -> bool {
    b <= b' ' || b >= 0x80
}

/// The maximal runs of `text`'s bytes where `in_run(bytes, i)` holds
/// around the places `at` (in order), joined when no more than [`GAP`]
/// bytes part them, in order and apart.
///
/// `in_run` must hold for every byte of every match of the pattern and for
/// every word byte (`[A-Za-z0-9_]`, and non-ASCII), so that the byte before
/// and after a run is no word byte and `\b` reads the same at a run's ends
/// as in the whole text; every match must hold one of `at`. Then every
/// match lies in one run around a place, and a search of the runs finds
/// exactly the matches of a search of the text (runs joined over a gap
/// still start and end where a run does).
pub(super) fn runs_around(
    text: &str,
    at: impl IntoIterator<Item = usize>,
    in_run: impl Fn(&[u8], usize) -> bool,
) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for i in at {
        if runs.last().is_some_and(|r| i < r.1) || i >= b.len() {
            continue;
        }
        let mut lo = i;
        while lo > 0 && in_run(b, lo - 1) {
            lo -= 1;
        }
        let mut hi = i;
        while hi < b.len() && in_run(b, hi) {
            hi += 1;
        }
        let hi = hi.max(i + 1);
        match runs.last_mut() {
            Some(last) if lo <= last.1 + GAP => last.1 = hi,
            _ => runs.push((lo, hi)),
        }
    }
    runs
}

/// ASCII white space (what `\s` takes among ASCII bytes).
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// Like [`runs_around`], for a pattern whose every match holds fewer than
/// `words` runs of white space: each place's run reaches only up to the
/// `words`th white-space run either way (a run counts where ASCII white
/// space meets an ASCII byte that is none, so that one with a Unicode
/// space counts once at most, which only reaches further). A match holds
/// one of the places and lies within that place's run; runs that overlap
/// or nearly touch are joined, and each starts after, and ends before,
/// white space or a byte no match holds, so a search of the runs finds
/// what a search of the text finds. Whole runs of words are sentences
/// long; a pattern of a few words needs a few (issue 15).
pub(super) fn words_around(
    text: &str,
    at: impl IntoIterator<Item = usize>,
    in_run: impl Fn(&[u8], usize) -> bool,
    words: usize,
) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for i in at {
        if i >= b.len() {
            continue;
        }
        let (mut lo, mut n) = (i, 0);
        while lo > 0 && in_run(b, lo - 1) {
            if ascii_space(b[lo - 1]) && b[lo].is_ascii() && !ascii_space(b[lo]) {
                n += 1;
                if n >= words {
                    break;
                }
            }
            lo -= 1;
        }
        let (mut hi, mut n) = (i, 0);
        while hi < b.len() && in_run(b, hi) {
            if ascii_space(b[hi]) && hi > 0 && b[hi - 1].is_ascii() && !ascii_space(b[hi - 1]) {
                n += 1;
                if n >= words {
                    break;
                }
            }
            hi += 1;
        }
        let hi = hi.max(i + 1);
        match runs.last_mut() {
            Some(last) if lo <= last.1 + GAP => last.1 = last.1.max(hi),
            _ => runs.push((lo, hi)),
        }
    }
    runs
}

/// Runs this close are searched as one: a search has a cost of its own.
const GAP: usize = 64;

/// The places in `lower` (an ASCII-lower-cased text) where a digit follows
/// one of `words` after white space (`spaced`: at least one byte of it),
/// in order. White space with a non-ASCII byte (a Unicode space) gives
/// the place after the word, and every `ſ` (which `(?i)` reads as `s`) is
/// a place too, so that no match is missed.
pub(super) fn digits_after(lower: &str, words: &[&str], spaced: bool) -> Vec<usize> {
    let b = lower.as_bytes();
    let mut at: Vec<usize> = Vec::new();
    for w in words {
        for h in memchr::memmem::find_iter(b, w.as_bytes()) {
            let e = h + w.len();
            let mut j = e;
            while j < b.len() && space(b[j]) {
                if b[j] >= 0x80 {
                    break;
                }
                j += 1;
            }
            if j < b.len() && b[j] >= 0x80 {
                at.push(e.min(j));
            } else if (j > e || !spaced) && j < b.len() && b[j].is_ascii_digit() {
                at.push(j);
            }
        }
    }
    at.extend(memchr::memmem::find_iter(b, "\u{17f}".as_bytes()));
    at.sort_unstable();
    at.dedup();
    at
}

/// The matches of `re` in `runs` of `text`, each with its run's start.
pub(super) fn in_runs<'a>(
    re: &'a regex::Regex,
    text: &'a str,
    runs: &'a [(usize, usize)],
) -> impl Iterator<Item = (usize, regex::Captures<'a>)> + 'a {
    runs.iter()
        .flat_map(move |&(lo, hi)| re.captures_iter(&text[lo..hi]).map(move |m| (lo, m)))
}

#[cfg(test)]
pub(super) mod tests {
    //! A search of the runs finds what a search of the whole text finds.

    use super::*;

    /// The spans of every group of every match of `re` in `text`, searched
    /// whole or in `runs`.
    fn spans(
        re: &regex::Regex,
        text: &str,
        runs: &[(usize, usize)],
    ) -> Vec<Vec<Option<(usize, usize)>>> {
        in_runs(re, text, runs)
            .map(|(off, c)| {
                c.iter()
                    .map(|g| g.map(|g| (off + g.start(), off + g.end())))
                    .collect()
            })
            .collect()
    }

    /// `runs` made by `make` find every match of `re` in each of `texts`,
    /// and at least `least` in all.
    pub(in crate::extract::sample_size::groups) fn check(
        re: &regex::Regex,
        texts: &[&str],
        make: impl Fn(&str) -> Vec<(usize, usize)>,
        least: usize,
    ) {
        let mut found = 0;
        for t in texts {
            let whole = spans(re, t, &[(0, t.len())]);
            let runs = make(t);
            assert_eq!(spans(re, t, &runs), whole, "{t}");
            found += whole.len();
        }
        assert!(found >= least, "{found}");
    }

    #[test]
    fn places_after_words() {
        let t = "a and 12, or\t3 and x 4 for 5 vs. 6 vs 7 and\u{a0}8 ver\u{17f}us 9";
        let at = digits_after(t, &["and", "or", "vs", "vs.", "versus"], true);
        let digits: Vec<char> = at.iter().map(|&i| char::from(t.as_bytes()[i])).collect();
        // `and x 4` holds no number right after `and`; the no-break space
        // and the long s give places of their own (not digits).
        assert!(digits.starts_with(&['1', '3', '5', '6', '7']), "{digits:?}");
        assert!(!digits.contains(&'4'), "{digits:?}");
        assert_eq!(digits.len(), 7, "{digits:?}");
    }

    #[test]
    fn runs_end_where_their_bytes_end_and_join_over_short_gaps() {
        let t = format!("ab 12; cd 34;{}x 5", ";".repeat(80));
        let runs = runs_around(&t, [3, 10, t.len() - 1], |b: &[u8], i| b[i] != b';');
        assert_eq!(runs, vec![(0, 12), (t.len() - 3, t.len())]);
    }
}
