//! The parts of a text the pair patterns of [`super::pairs`] need to read
//! (issue 15): each pattern holds a verb (`randomized`, `assigned`,
//! `allocated`, `received`), found by memmem, and reaches a bounded way
//! from it; a verb is looked at only when the words the pattern needs next
//! to it are there (a second count after `and`, a count after the verb's
//! comma), and only as far back as the pattern's first count can stand.
//! Counted on 400 bench texts (13.3 MB; a model of the parts in Python):
//! the parts of `ASSIGNED_PAIR` shrink from 1.44 MB to 0.14 MB, those of
//! `SPLIT_AFTER_VERB` from 1.5 MB to 9 kB.

/// The verbs every `ASSIGNED_PAIR` and `SPLIT_AFTER_VERB` holds
/// (`randomi[sz]ed`, `assigned`, `allocated`), and the one of
/// `RECEIVED_PAIR`, as lower-case literals that hold no `s` or `k`
/// (whose case-insensitive classes also take `ſ` and the Kelvin sign): a
/// match holds one of them in the ASCII-lower-cased text.
const PAIR_VERBS: [&str; 3] = ["randomi", "igned", "allocated"];
const RECEIVED: [&str; 1] = ["received"];

/// The counts spelt as words that `SMALL_WORDS` (in `pairs`) starts
/// with, in ASCII lower case: every spelling of one starts with one of
/// these, or (`ſix`) with a non-ASCII byte.
const SMALL_STARTS: [&str; 26] = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
];

/// Which pair pattern the parts are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pair {
    /// `ASSIGNED_PAIR`: `72 were randomised to A and 69 to B`. Its first
    /// count stands at most six white-space runs before the verb (the
    /// count, three words, `were`, `randomly`), its second count after
    /// `and` (digits, or a count spelt as a word).
    Assigned,
    /// `SPLIT_AFTER_VERB`: `randomized, 70 to A and 69 to B`. It starts at
    /// the verb, which a `,`, `:` or `;` and a count follow.
    Split,
    /// `RECEIVED_PAIR`: `33 received A and 31 B`. Its second count (in
    /// digits) follows `and` or a comma.
    Received,
}

/// Bytes that may stand between a pair's first count and its verb
/// (digits, commas, words, hyphens, white space; every non-ASCII byte,
/// for Unicode spaces and the case-insensitive `ſ` and Kelvin sign), and
/// `_`, so that the byte before such a run is never a word byte.
fn pair_run_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b',' | b'-') || b <= b' ' || b >= 0x80
}

/// ASCII white space (what `\s` takes among ASCII bytes).
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// How many bytes other than white space, digits, commas and non-ASCII a
/// pair holds from its verb on, at most: `ASSIGNED_PAIR` 235 (the verb
/// 10, `to receive` 9, the first group 120, `,and` 4, the second count 13,
/// its verb words 34, its group 41, the end 4), `SPLIT_AFTER_VERB` 145,
/// `RECEIVED_PAIR` 227.
const PAIR_REACH: usize = 256;

/// Whether byte `x` counts against [`PAIR_REACH`].
fn counts(x: u8) -> bool {
    !(x <= b' ' || x >= 0x80 || x.is_ascii_digit() || x == b',')
}

/// Where a pair with its verb at `at` ends at the latest: before its
/// [`PAIR_REACH`]th byte that counts against the bound, and with `semi`
/// (an `ASSIGNED_PAIR`, which holds a `;` only as its last byte) after
/// the first `;`. Blocks of 64 bytes that hold no `;` and leave the bound
/// unreached are counted at once (a branch-free sum), the rest byte by
/// byte: every verb's reach is walked, a few hundred bytes each.
fn pair_end(b: &[u8], at: usize, semi: bool) -> usize {
    let mut counted = 0;
    let mut i = at;
    while let Some(block) = b.get(i..i + 64) {
        let n: usize = block.iter().map(|&x| usize::from(counts(x))).sum();
        if counted + n >= PAIR_REACH || (semi && block.contains(&b';')) {
            break;
        }
        counted += n;
        i += 64;
    }
    for (k, &x) in b[i..].iter().enumerate() {
        if semi && x == b';' {
            return i + k + 1;
        }
        if counts(x) {
            counted += 1;
            if counted == PAIR_REACH {
                return i + k;
            }
        }
    }
    b.len()
}

/// Whether one of `joins` stands before a count in `lower[at..hi]`: after
/// it, ASCII white space and then a digit, a non-ASCII byte (a Unicode
/// space or digit, `ſ`), or with `small` a count spelt as a word
/// ([`SMALL_STARTS`]). Looked for in each verb's reach (a verb's
/// [`pair_end`] walks it anyway), not in the whole text: the joins are
/// common, the verbs few.
fn joined_count(lower: &[u8], at: usize, hi: usize, joins: &[&str], small: bool) -> bool {
    let count_at = |mut k: usize| {
        while k < lower.len() && ascii_space(lower[k]) {
            k += 1;
        }
        lower.get(k).is_some_and(|&x| {
            x.is_ascii_digit()
                || x >= 0x80
                || (small
                    && SMALL_STARTS
                        .iter()
                        .any(|w| lower[k..].starts_with(w.as_bytes())))
        })
    };
    joins.iter().any(|j| {
        memchr::memmem::find_iter(&lower[at..hi], j.as_bytes()).any(|p| count_at(at + p + j.len()))
    })
}

/// Whether the verb whose literal is at `at` is followed, as a
/// `SPLIT_AFTER_VERB` needs, by the rest of its word, white space, a `,`,
/// `:` or `;`, white space and a count; a non-ASCII byte (a Unicode
/// space or digit, `ſ`) where one of them may stand lets it pass.
fn split_follows(b: &[u8], at: usize) -> bool {
    let mut k = at;
    while k < b.len() && b[k].is_ascii_alphabetic() {
        k += 1;
    }
    while k < b.len() && ascii_space(b[k]) {
        k += 1;
    }
    match b.get(k) {
        Some(&x) if x >= 0x80 => return true,
        Some(b',' | b':' | b';') => {}
        _ => return false,
    }
    k += 1;
    while k < b.len() && ascii_space(b[k]) {
        k += 1;
    }
    b.get(k).is_some_and(|&x| x.is_ascii_digit() || x >= 0x80)
}

/// Where a match of `pair` with its verb's literal at `at` may start at
/// the earliest, not before `floor`: in the run of [`pair_run_byte`]s that
/// ends at the verb; for an [`Pair::Assigned`], after no more than six
/// white-space runs of it (a run counts where ASCII white space stands
/// before an ASCII byte that is none: a run with a Unicode space may count
/// once or not at all, which only reaches further back); for a
/// [`Pair::Split`], in the verb's word (ASCII letters, and non-ASCII
/// bytes for `ſ`).
fn pair_start(b: &[u8], at: usize, floor: usize, pair: Pair) -> usize {
    let mut lo = at;
    let mut runs = 0;
    while lo > floor {
        let x = b[lo - 1];
        if pair == Pair::Split {
            if !(x.is_ascii_alphabetic() || x >= 0x80) {
                break;
            }
        } else if !pair_run_byte(x) {
            break;
        } else if pair == Pair::Assigned
            && ascii_space(x)
            && b[lo].is_ascii()
            && !ascii_space(b[lo])
        {
            runs += 1;
            if runs > 6 {
                break;
            }
        }
        lo -= 1;
    }
    lo
}

/// The parts of `fold` (`lower` is its ASCII lower case) that can hold a
/// match of `pair`, in order and apart. A match starts at or after
/// [`pair_start`] of its verb and ends by [`pair_end`] of it, and only a
/// verb with what the pattern needs after it ([`joined_count`],
/// [`split_follows`]) can hold one. A part starts after a byte that is
/// no word byte, parts that touch are joined (so that no match of one
/// overlaps a match of the next), and no match reaches a part's end unless
/// it ends after a `;` or at the end of `fold`: a search of a part finds
/// what a search of `fold` finds there (issue 15: these patterns'
/// searches over every byte of every document, then over every verb's
/// surroundings, were among the costliest of the group stage).
pub(super) fn pair_parts(fold: &str, lower: &str, pair: Pair) -> Vec<(usize, usize)> {
    let verbs: &[&str] = match pair {
        Pair::Assigned | Pair::Split => &PAIR_VERBS,
        Pair::Received => &RECEIVED,
    };
    let mut at_verbs: Vec<usize> = verbs
        .iter()
        .flat_map(|v| memchr::memmem::find_iter(lower.as_bytes(), v))
        .collect();
    at_verbs.sort_unstable();
    let (b, lb) = (fold.as_bytes(), lower.as_bytes());
    let mut parts: Vec<(usize, usize)> = Vec::new();
    for at in at_verbs {
        if pair == Pair::Split && !split_follows(b, at) {
            continue;
        }
        let hi = pair_end(b, at, pair == Pair::Assigned);
        let needed = match pair {
            Pair::Split => true,
            Pair::Assigned => joined_count(lb, at, hi, &["and"], true),
            Pair::Received => joined_count(lb, at, hi, &["and", ","], false),
        };
        if !needed {
            continue;
        }
        let floor = parts.last().map_or(0, |p| p.1);
        let lo = pair_start(b, at, floor, pair);
        match parts.last_mut() {
            Some(last) if lo <= last.1 => last.1 = last.1.max(hi),
            _ => parts.push((lo, hi)),
        }
    }
    parts
}

/// The matches of `re` in `parts` of `fold`, each with its part's start.
pub(super) fn in_parts<'a>(
    re: &'a regex::Regex,
    fold: &'a str,
    parts: &'a [(usize, usize)],
) -> impl Iterator<Item = (usize, regex::Captures<'a>)> + 'a {
    parts
        .iter()
        .flat_map(move |&(lo, hi)| re.captures_iter(&fold[lo..hi]).map(move |m| (lo, m)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`pair_end`] one byte at a time, as it was written first.
    fn pair_end_bytewise(b: &[u8], at: usize, semi: bool) -> usize {
        let mut counted = 0;
        for (i, &x) in b[at..].iter().enumerate() {
            if semi && x == b';' {
                return at + i + 1;
            }
            if counts(x) {
                counted += 1;
                if counted == PAIR_REACH {
                    return at + i;
                }
            }
        }
        b.len()
    }

    #[test]
    fn blocks_end_a_pair_where_single_bytes_do() {
        let mut texts: Vec<String> = vec![
            "x ".repeat(400),
            "ab".repeat(300),
            format!("{};{}", "a1 ".repeat(90), "b".repeat(300)),
            format!("{}{}", "1, \u{a0}".repeat(100), "word ".repeat(80)),
        ];
        // A deterministic mix of letters, digits, commas, spaces, `;`.
        let mut seed = 7u32;
        let alphabet = b"a,1 ;Z.\n";
        texts.push(
            (0..3000)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    let k = (seed >> 16) as usize % (alphabet.len() + 6);
                    char::from(alphabet.get(k).copied().unwrap_or(b'q'))
                })
                .collect(),
        );
        for t in &texts {
            let b = t.as_bytes();
            for at in (0..b.len()).step_by(37) {
                for semi in [false, true] {
                    assert_eq!(
                        pair_end(b, at, semi),
                        pair_end_bytewise(b, at, semi),
                        "{at} {semi}"
                    );
                }
            }
        }
    }

    fn parts(t: &str, pair: Pair) -> Vec<(usize, usize)> {
        pair_parts(t, &t.to_ascii_lowercase(), pair)
    }

    #[test]
    fn a_verb_without_its_second_count_gives_no_part() {
        let t = "Patients were randomized to drug A and the others to placebo.";
        for pair in [Pair::Assigned, Pair::Split] {
            assert_eq!(parts(t, pair), [], "{pair:?}");
        }
        let t = "All who received drug A and placebo were seen.";
        assert_eq!(parts(t, Pair::Received), []);
        // A count after `and` (in digits, in words, after a Unicode space).
        for t in [
            "So 40 were randomized to A and 38 to B.",
            "So 40 were randomized to A and thirty to B.",
            "So 40 were randomized to A and\u{a0}38 to B.",
        ] {
            assert_eq!(parts(t, Pair::Assigned).len(), 1, "{t}");
        }
        assert_eq!(parts("randomized, 70 to A", Pair::Split), [(0, 19)]);
        assert_eq!(parts("randomized : 70 to A", Pair::Split), [(0, 20)]);
        assert_eq!(parts("randomized to 70", Pair::Split), []);
    }

    #[test]
    fn an_assigned_part_starts_six_white_space_runs_before_its_verb() {
        let t = "and so 12 x y z were randomly assigned to A and 11 to B";
        let at = t.find("igned").expect("verb");
        // Six runs back from the verb: `12`; the seventh ends the part.
        assert_eq!(pair_start(t.as_bytes(), at, 0, Pair::Assigned), 7);
        // A run that holds a Unicode space counts at most once: the part
        // still reaches `12`.
        let t = "so 12 \u{a0} x y z were randomly assigned";
        let at = t.find("igned").expect("verb");
        assert_eq!(pair_start(t.as_bytes(), at, 0, Pair::Assigned), 3);
        // A split starts in its verb's word.
        let t = "were aſſigned: 3";
        let at = t.find("igned").expect("verb");
        assert_eq!(pair_start(t.as_bytes(), at, 0, Pair::Split), 5);
    }
}
