//! The text around a count: the clause before and after it, the group
//! named next to it, the next word.

use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;

/// The first whitespace-separated word of `s`, if it starts within a short
/// reach: the words looked up after a count (`cycles`, `females`, `pairs`)
/// are short, and a token without an end (`10.1000/10.1000/…`) must not be
/// copied or walked to the end of the document for each number in it.
pub(super) fn next_word(s: &str) -> &str {
    let t = s.trim_start();
    let t = &t[..floor_boundary(t, 64)];
    t.split_whitespace().next().unwrap_or("")
}

/// Whether `s` opens with a paragraph break (a blank line in its leading
/// whitespace): a table cell alone on its line is no subject of the
/// paragraph after it (`… sc.\n6\n6\n\nPatients were assigned …`), so a
/// count never looks across one for its noun or verb.
pub(super) fn paragraph_break_next(s: &str) -> bool {
    let ws = &s[..s.len() - s.trim_start().len()];
    ws.bytes().filter(|&b| b == b'\n').nth(1).is_some()
}

/// Whether the byte after a number rules out every shape of a count: it
/// is ASCII and neither white space, a letter, `(` nor `,` (`12)`, `[3]`,
/// `4.`). Control bytes count as white space. Every count pattern read
/// after a number needs one of those next (a noun, a verb, `(n = …`,
/// `, …`; [`super::lexicon::ARM_ITEM`] white space, `(`, `,` or a
/// letter), so a quiet number is asked no pattern (issue 15).
pub(super) fn quiet_after(rest: &str) -> bool {
    rest.as_bytes().first().is_some_and(|&b| {
        b.is_ascii() && b > b' ' && !b.is_ascii_alphabetic() && b != b'(' && b != b','
    })
}

/// Whether `rest` (the text after a number) may open, past its white
/// space, with one of `letters` (lower-case ASCII, in either case), a `(`
/// (a share: `(46.2%)`) or a char outside ASCII: the first char a pattern
/// anchored there needs when every word it can start with begins with one
/// of `letters` (issue 15: most numbers are asked no pattern).
pub(super) fn may_open_with(rest: &str, letters: &[u8]) -> bool {
    rest.trim_start()
        .bytes()
        .next()
        .is_some_and(|b| b == b'(' || !b.is_ascii() || letters.contains(&b.to_ascii_lowercase()))
}

/// Whether the budget says to stop making candidates; `found` is the
/// number made so far (0 for a stage that only relabels).
pub(super) fn spent(doc: &Document, found: usize) -> bool {
    doc.budget.exhausted(found)
}

/// The clause before byte `at`: back to the sentence start, a `;` or `:`,
/// at most 200 bytes. With `comma`, also back to the last comma.
pub(super) fn before_window(doc: &Document, at: usize, comma: bool) -> &str {
    let fold = &doc.fold;
    let (ss, _) = doc.sentence_at(at);
    let lo = floor_boundary(fold, at.saturating_sub(200)).max(ss);
    let mut w = &fold[lo..at];
    // A comma or stop ends a clause only before a space: `1,094` and `0.5`
    // do not.
    let cuts: &[&str] = if comma {
        &[";", ":", ", ", ". ", ",\n", ".\n"]
    } else {
        &[";", ":"]
    };
    for c in cuts {
        if let Some(p) = rfind_bytes(w.as_bytes(), c.as_bytes()) {
            w = &w[p + 1..];
        }
    }
    w
}

/// Where the last `needle` (ASCII, one or two bytes here) starts in
/// `hay`: what `str::rfind` says, found with `memrchr` on its first byte
/// (issue 15: the string searcher cost ~800 instructions a window).
fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut end = hay.len();
    while let Some(p) = memchr::memrchr(first, &hay[..end]) {
        if hay[p + 1..].starts_with(rest) {
            return Some(p);
        }
        end = p;
    }
    None
}

/// The clause after byte `at`: to the sentence end, a `;`, the next count
/// start in `next`, the end of a bracket `at` is in, at most 160 bytes.
pub(super) fn after_window(doc: &Document, at: usize, next: usize) -> String {
    let fold = &doc.fold;
    let (_, se) = doc.sentence_at(at);
    let hi = ceil_boundary(fold, (at + 160).min(se).min(next.max(at)));
    // Bracketed asides (`(FEC 50, n = 65; FEC 100, n = 85)`) are blanked
    // so that their `;` and verbs do not end or decide the clause. Byte by
    // byte: brackets are ASCII, so a char is blanked or kept whole.
    let mut w: Vec<u8> = Vec::with_capacity(hi - at);
    let mut depth = 0usize;
    for &b in &fold.as_bytes()[at..hi] {
        match b {
            b'(' | b'[' => depth += 1,
            // The count's own bracket closes: `(… 20 males) who were
            // randomized`: the verb is the bracket's head's, not the count's.
            b')' | b']' if depth == 0 => break,
            b')' | b']' => depth -= 1,
            _ => {}
        }
        w.push(if depth > 0 || b == b')' || b == b']' {
            b' '
        } else {
            b
        });
    }
    // Cut at the first `;`, then at each stop in turn (in what is left).
    let mut len = memchr::memchr(b';', &w).unwrap_or(w.len());
    for stop in CLAUSE_STOPS.iter() {
        if let Some(p) = stop.find(&w[..len]) {
            len = p;
        }
    }
    w.truncate(len);
    String::from_utf8(w).unwrap_or_default()
}

/// Where the clause after a count ends, in the order they are looked for.
static CLAUSE_STOPS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::LazyLock::new(|| {
        [
            ", while ",
            ", whereas ",
            " whereas ",
            ", but ",
            ". ",
            " we ",
            " whether ",
            " and we ",
        ]
        .iter()
        .map(memchr::memmem::Finder::new)
        .collect()
    });

/// The group named before byte `at` (`… into MSC-NP (n = 27)` → `MSC-NP`).
pub(super) fn group_before(fold: &str, at: usize) -> Option<String> {
    let lo = floor_boundary(fold, at.saturating_sub(80));
    let mut w = fold[lo..at].trim_end();
    w = w.trim_end_matches(['(', ',', ';', ':', '[']).trim_end();
    // Stop at the last delimiter or linking word.
    let mut start = 0;
    for d in [",", ";", ":", "(", ")", "[", "]", ".", "|"] {
        if let Some(p) = rfind_bytes(w.as_bytes(), d.as_bytes()) {
            start = start.max(p + d.len());
        }
    }
    let mut name = w[start..].trim();
    for link in [
        " or ",
        " and ",
        " to ",
        " versus ",
        " vs ",
        " into ",
        " either ",
        " receive ",
        " receiving ",
        " received ",
        " with ",
        " the ",
        " in ",
        " of ",
        " were ",
        " was ",
        " for ",
        " on ",
        " from ",
        " group ",
        " arm ",
    ] {
        // The words after the last link in ` {name}`: `name` is a suffix
        // of `w` (no space at its end), and so is what follows the link.
        if let Some(p) = rfind_link(name, link) {
            name = name[p + link.len() - 1..].trim();
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let name = words.join(" ");
    let lower = name.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "group" | "groups" | "arm" | "arms" | "patients" | "the" | "a" | "n" | "total"
    ) || !name.chars().any(|c| c.is_alphabetic())
    {
        return None;
    }
    Some(name)
}

/// Where the last `link` (lower-case ASCII, opening with a space) is in
/// ` {name}` compared without ASCII case, as an offset in ` {name}`: what
/// `format!(" {name}").to_ascii_lowercase().rfind(link)` says, without
/// making two strings for each of [`group_before`]'s links.
///
/// A link opens with a space, so only the places of a space are tried:
/// the space put before `name` (offset 0) and each space of `name` (at
/// `i`, offset `i + 1`), from the last (issue 15: each byte was tried for
/// each of the 21 links).
fn rfind_link(name: &str, link: &str) -> Option<usize> {
    let (n, l) = (name.as_bytes(), link.as_bytes());
    debug_assert!(l.first() == Some(&b' '));
    let rest = &l[1..];
    // `n[at..]` starts with the rest of the link, ASCII case aside (the
    // link is lower case).
    let holds_rest = |at: usize| {
        n.get(at..at + rest.len()).is_some_and(|w| {
            w.iter()
                .zip(rest)
                .all(|(&b, &c)| b.to_ascii_lowercase() == c)
        })
    };
    memchr::memrchr_iter(b' ', n)
        .find(|&i| holds_rest(i + 1))
        .map(|i| i + 1)
        .or_else(|| holds_rest(0).then_some(0))
}

/// The group named after a list item's verb: `in SNB arm` → `SNB arm`.
pub(super) fn group_after(fold: &str, at: usize) -> Option<String> {
    let hi = ceil_boundary(fold, at + 60);
    let w = &fold[at..hi];
    let mut end = w.len();
    for d in [
        ",", ";", ":", "(", ")", "[", "]", ".", " and ", " or ", " versus ", " vs ", " while ",
    ] {
        if let Some(p) = w.find(d) {
            end = end.min(p);
        }
    }
    let words: Vec<&str> = w[..end].split_whitespace().take(6).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whether the count at `s` follows a list joint (`and`, `or`, a comma).
pub(super) fn after_list_word(fold: &str, s: usize) -> bool {
    let lo = floor_boundary(fold, s.saturating_sub(12));
    let b = fold[lo..s].trim_end().to_ascii_lowercase();
    b.ends_with(" and")
        || b.ends_with(" or")
        || b.ends_with(',')
        || b.ends_with(" versus")
        || b.ends_with(" vs")
        || b.ends_with(" vs.")
        || b.ends_with(" while")
}

#[cfg(test)]
mod tests {

    use super::*;

    /// `10.1000/10.1000/…` has no space: the word after a denominator is
    /// looked for nearby, not to the end of the document.
    /// The link search answers as the lower-cased copy's `rfind` did.
    #[test]
    fn a_link_is_found_as_in_a_lower_cased_copy() {
        for name in [
            "",
            "A",
            "drug or placebo",
            "Drug OR Placebo or X",
            "é or ö",
            "or",
            " or ",
            "A VERSUS b versus C",
            "in x In y iN",
            "  double  space or  ",
            "the",
            " the",
            "ſ or Ö OR",
        ] {
            for link in [" or ", " the ", " in ", " versus ", " receiving "] {
                let want = format!(" {name}").to_ascii_lowercase().rfind(link);
                assert_eq!(rfind_link(name, link), want, "{name:?} {link:?}");
            }
        }
        assert_eq!(
            group_before("randomized to aspirin OR placebo (", 34),
            Some("placebo".to_string())
        );
    }

    /// The byte search answers as `str::rfind` does.
    #[test]
    fn the_last_cut_is_found_as_str_rfind_finds_it() {
        for hay in [
            "",
            ";",
            "a; b; c",
            ", ,, , ",
            "x.\ny. z",
            "é; ü: ,\n",
            ".. .",
            "a,",
            ", ",
        ] {
            for needle in [";", ":", ", ", ". ", ",\n", ".\n", ","] {
                assert_eq!(
                    rfind_bytes(hay.as_bytes(), needle.as_bytes()),
                    hay.rfind(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn the_next_word_is_looked_for_nearby_only() {
        let glued = "10.1000/".repeat(100_000);
        assert!(next_word(&glued).len() <= 64);
        assert_eq!(next_word("  cycles of"), "cycles");
        assert_eq!(next_word(""), "");
    }

    #[test]
    fn a_blank_line_is_a_paragraph_break() {
        assert!(paragraph_break_next("\n\nPatients were assigned"));
        assert!(paragraph_break_next(" \n \t\n Patients"));
        assert!(!paragraph_break_next("\nPatients"));
        assert!(!paragraph_break_next(" patients\n\n"));
    }
}
