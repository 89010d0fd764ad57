//! Denominators in results: `24/147`, `61 of 66`, `(seven of 43)`, per
//! group, are the groups' sizes.

use super::runs::{digits_after, in_runs, runs_around};
use crate::extract::numbers::{parse_count_or_words, NUMBER_WORDS};
use crate::extract::sample_size::index::Spans;
use crate::extract::sample_size::lexicon::{
    decimal_before, unit_of_the_list, EVENTS_WORD, NOT_A_COUNT_AFTER,
};
use crate::extract::sample_size::window::{next_word, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// `24/147`, `61 of 66`, `62 (27%) of 231`, and with a number word before
// `of`: `(seven of 43)`, `nine out of 13`.
static DENOMINATOR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:\d+\s*(?:/|(?:[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]]\s*)?of)|(?:{NUMBER_WORDS})\s+(?:out\s+)?of)\s*(\d+)(?-u:\b)"
    ))
    .expect("denominator regex")
});

// A sentence that compares groups.
static GROUP_COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)groups?(?-u:\b)|(?-u:\b)arms?(?-u:\b)|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs(?-u:\b)|compared|(?-u:\b)placebo(?-u:\b)|(?-u:\b)control(?-u:\b)|respectively|(?-u:\b)than(?-u:\b)|(?-u:\b)treated with|-treated(?-u:\b)|(?-u:\b)receiving(?-u:\b)")
        .expect("comparison regex")
});

/// Whether a `±` stands right before the numerator or right after the
/// denominator: `165 ± 6/108 ± 3` is a blood pressure's two means with
/// their SDs, not a share.
fn spread_around(fold: &str, start: usize, end: usize) -> bool {
    const PLUS_MINUS: [&str; 3] = ["±", "+/-", "+-"];
    let before = fold[..start].trim_end();
    let after = fold[end..].trim_start();
    PLUS_MINUS
        .iter()
        .any(|pm| before.ends_with(pm) || after.starts_with(pm))
}

// A unit of time at risk after a denominator: `3/100 person-years`.
static TIME_AT_RISK: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:person|patient|participant|subject|child|woman|women|man|men|infant|pupil)s?[- ]?(?:years?|months?|weeks?|days?)(?-u:\b)")
        .expect("time at risk regex")
});

/// Whether the denominator `n` (ending at `end`) is the base of a rate:
/// of time at risk (`3/100 person-years`), a power of ten from 1000 up
/// (`12/1000 in the A group`), or the head of a number split by a space or
/// a comma (`15/10 000`, `3/100,000`), whose whole no group's size is read
/// from.
fn rate_base(fold: &str, end: usize, n: u64) -> bool {
    if TIME_AT_RISK.is_match(&fold[end..]) {
        return true;
    }
    let b = fold.as_bytes();
    let digits = |i: usize| (i..i + 3).all(|k| b.get(k).is_some_and(u8::is_ascii_digit));
    let split = matches!(b.get(end), Some(b' ' | b','))
        && digits(end + 1)
        && !b.get(end + 4).is_some_and(u8::is_ascii_digit);
    let thin = fold[end..].starts_with(['\u{a0}', '\u{2009}', '\u{202f}'])
        && fold[end..]
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit());
    let power_of_ten = n >= 1000
        && n.to_string()
            .strip_prefix('1')
            .is_some_and(|z| z.bytes().all(|d| d == b'0'));
    split || thin || power_of_ten
}

/// Whether byte `b` may stand in a [`DENOMINATOR`] match or is a word byte
/// (digits, letters, `_`, white space and control bytes, `/()[].%-`, and
/// every non-ASCII byte: a Unicode space, `ſ`, the Kelvin sign). Any other
/// byte (`,`, `;`, `:`, `=`, quotes ...) ends a stretch that a match
/// cannot cross, and since it is no word byte, `\b` reads the same at a
/// stretch's ends as in the whole text.
fn in_denominator(b: u8) -> bool {
    b >= 0x80 || b <= b' ' || b.is_ascii_alphanumeric() || b"_/()[].%-\x7f".contains(&b)
}

/// The matches of [`DENOMINATOR`] in `fold` (`lower` its ASCII-lower-cased
/// copy), as (match start, denominator span), in text order: the same as
/// a search of the whole text. Every match holds a digit after a `/` or an
/// `of` (and white space), so only the runs of match bytes (see
/// [`in_denominator`]) around those places are searched.
fn denominators(fold: &str, lower: &str) -> Vec<(usize, (usize, usize))> {
    let at = digits_after(lower, &["/", "of"], false);
    let runs = runs_around(fold, at, |b, i| in_denominator(b[i]));
    in_runs(&DENOMINATOR, fold, &runs)
        .map(|(lo, c)| {
            let (m, d) = (c.get(0).expect("match"), c.get(1).expect("denominator"));
            (lo + m.start(), (lo + d.start(), lo + d.end()))
        })
        .collect()
}

/// Denominators of results compared between groups: `16.3% (24/147) in
/// the control group and 8.1% (12/148) in the weight lifting group`, `61 of
/// 66 (92.4%) … in the SA group and 57 of 60 … in the PT group`. They are
/// the groups' sizes at that point; reported as low-confidence arms that
/// the summary does not use.
#[inline(never)]
pub(super) fn arms_from_denominators(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    type Span = (usize, usize, u64);
    let mut by_sentence: Vec<((usize, usize), Vec<Span>)> = Vec::new();
    for (m_start, (d_start, d_end)) in denominators(fold, doc.lower()) {
        let Some(n) = parse_count_or_words(&fold[d_start..d_end]) else {
            continue;
        };
        // `(10 of 12 comparisons)`, `6/9 cycles`: a share of things.
        let word = next_word(&fold[d_end..]);
        let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if n < 2
            || rate_base(fold, d_end, n)
            || NOT_A_COUNT_AFTER.is_match(&fold[d_end..])
            || EVENTS_WORD.is_match(word)
            || decimal_before(fold, m_start)
            || unit_of_the_list(&fold[d_end..])
            || spread_around(fold, m_start, d_end)
        {
            continue;
        }
        let sent = doc.sentence_at(d_start);
        match by_sentence.last_mut() {
            Some((s, v)) if *s == sent => v.push((d_start, d_end, n)),
            _ => by_sentence.push((sent, vec![(d_start, d_end, n)])),
        }
    }
    // The denominators come in text order and each is a number of its own,
    // so a denominator added here never covers a later one: the candidates
    // before this stage are all a later one needs to look at, those it
    // replaces are dropped once at the end.
    let spans = Spans::new(out);
    let mut dropped = vec![false; out.len()];
    let mut added = Vec::new();
    for ((ss, se), ds) in by_sentence {
        if spent(doc, out.len() + added.len()) {
            break;
        }
        if ds.len() < 2 || !GROUP_COMPARISON.is_match(&fold[ss..se]) {
            continue;
        }
        for (s, e, n) in ds {
            // `48 of 95 women with cooling … compared with 0 of 47 women in
            // the control group`: the whole of a part is the group's size.
            if spans
                .covering(s, s + 1)
                .any(|i| !dropped[i] && out[i].rule != "sample_size.of_whole")
            {
                continue;
            }
            for i in spans.covering(s, s + 1) {
                dropped[i] = true;
            }
            added.push(Cand::ungrouped(
                s,
                e,
                n,
                Role::Arm,
                "sample_size.arm_denominator",
                0.4,
            ));
        }
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
    out.append(&mut added);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_bases_are_told_from_group_sizes() {
        let base = |t: &str| {
            let (_, (_, e)) = denominators(t, &t.to_ascii_lowercase())[0];
            rate_base(
                t,
                e,
                parse_count_or_words(&t[t.find('/').unwrap() + 1..e]).unwrap(),
            )
        };
        for t in [
            "12/1000 in A",
            "3/100 person-years",
            "15/10 000 children",
            "3/100,000 in B",
            "4/10000",
        ] {
            assert!(base(t), "{t}");
        }
        for t in [
            "24/147 in A",
            "41/150, 3/100 patients",
            "45/1100 in B",
            "9/100 in the control group",
        ] {
            assert!(!base(t), "{t}");
        }
    }

    #[test]
    fn the_denominators_found_in_stretches_are_those_of_a_whole_scan() {
        let texts = [
            "Response was seen in 24/147 patients with A versus 30/150 with placebo.",
            "61 of 66 (92.4%) in the SA group, 57 OF 60 in the PT group; 62 (27%) of 231.",
            "Events: seven of 43, nine out of 13, twenty-one of 40 and a hundred of 200.",
            "Doses 1/2/3 and x_3 of 4, a,5 of 6; b:7/8 = 9 of\u{a0}10, 3\u{2009}of 4.",
            "Se\u{17f}en of 12 and \u{212a}; six\tof\n14 (one [2.5 %] of 20) 165 ± 6/108 ± 3.",
            "of 5, 5 of, /7, 8/ and of12 with 3of4 and 2 /\u{3000}11.",
        ];
        for text in texts {
            let whole: Vec<_> = DENOMINATOR
                .captures_iter(text)
                .map(|c| {
                    let d = c.get(1).expect("denominator");
                    (c.get(0).expect("match").start(), (d.start(), d.end()))
                })
                .collect();
            assert!(!whole.is_empty(), "{text}");
            assert_eq!(
                denominators(text, &text.to_ascii_lowercase()),
                whole,
                "{text}"
            );
        }
    }
}
