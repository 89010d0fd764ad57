//! TeX's math punctuation as some PDF extractors read it: in the math
//! italic font (cmmi) the period sits where ASCII has `:` and the comma
//! where it has `;`, so `p = 0.036` comes out `p = 0:036`, `t(57) = 2.10`
//! `t(57) = 2:10` and `F(1, 57) = 4.2` `F(1; 57) = 4:2`.
//!
//! Read only where the document shows that damage: two numbers after a
//! `p` or a statistic's comparator with a colon for a point, or one `p`
//! so printed with a test statistic right before it. Then the repaired
//! view of the text (same offsets, `text` untouched) has `.` for those
//! colons, `.` in a `0:03` elsewhere (a list's later values) and `,` for
//! the semicolon between a statistic's degrees of freedom. Times (`at
//! 10:30`), ratios (`1:2`), verses and `p: 0.03` have no comparator before
//! the colon's number, and a document with one lone such form is read as
//! it stands (its `p = 0:036` is then no p-value at all, never `p = 0`).

use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// A p or a statistic, its comparator and a number with `:` for its point:
// `p = 0:036`, `p < :05`, `t(57) = 2:10`, `F(1; 57) = 4:2`, `χ2(2) = 6:31`.
static DAMAGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?:(?-u:\b)(?P<p>[Pp])|(?:(?-u:\b)(?:t|F|z|r|b|d|M|SD|OR|RR|HR|chi2|X2)|χ2)(?:\s?\(\s?[0-9;:,.= N]{1,24}\))?)\s?[=<>]\s?-?[0-9]{0,3}:[0-9]{1,4}(?-u:\b)")
        .expect("tex colon damage regex")
});

// A test statistic right before a lone damaged p (`t(57) = 2.10, p =
// 0:036`).
static STAT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?:(?-u:\b)(?:t|F|z|r|chi2|X2)|χ2)\s?\(\s?[0-9][0-9;:,.= N]{0,23}\)\s?[=<>]\s?-?[0-9]",
    )
    .expect("tex colon statistic regex")
});

// What the repair rewrites in a damaged document: a colon point after a
// comparator or in a leading-zero decimal, and a semicolon between
// degrees of freedom.
static COLON_POINT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"[=<>]\s?-?[0-9]{0,3}(?P<c>:)[0-9]{1,4}(?-u:\b)|(?-u:\b)0(?P<z>:)[0-9]{2,4}(?-u:\b)",
    )
    .expect("tex colon point regex")
});
static DF_SEMICOLON: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?:(?-u:\b)(?:F|t|chi2|X2)|χ2)s?\s?\(\s?[0-9]{1,4}\s?(?P<c>;)\s?[0-9]{1,6}\s?\)",
    )
    .expect("tex df semicolon regex")
});

/// Whether `fold` shows TeX's math punctuation damage.
fn damaged(fold: &str) -> bool {
    let mut it = DAMAGE.captures_iter(fold);
    let Some(first) = it.next() else {
        return false;
    };
    if it.next().is_some() {
        return true;
    }
    // One lone form: a p with a statistic just before it.
    let m = first.get(0).expect("match");
    if first.name("p").is_none() {
        return false;
    }
    let a = crate::extract::text::ceil_boundary(fold, m.start().saturating_sub(60));
    STAT_BEFORE.is_match(&fold[a..m.start()])
}

/// The cheap gate before [`DAMAGE`] scans the text: some `:` has a digit
/// after it and before it at most three digits, an optional `-` and
/// whitespace, then `=`, `<` or `>` (what DAMAGE needs around its colon).
/// Nearly every text has colons; almost none has one after a comparator.
/// A non-ASCII byte where the whitespace may stand is left to the regex.
fn may_be_damaged(fold: &str) -> bool {
    let b = fold.as_bytes();
    memchr::memchr_iter(b':', b).any(|i| {
        if !b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            return false;
        }
        let mut j = i;
        while j > 0 && i - j < 3 && b[j - 1].is_ascii_digit() {
            j -= 1;
        }
        if j > 0 && b[j - 1] == b'-' {
            j -= 1;
        }
        if j > 0 && b[j - 1] >= 0x80 {
            return true;
        }
        if j > 0 && matches!(b[j - 1], b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r') {
            j -= 1;
        }
        j > 0 && matches!(b[j - 1], b'=' | b'<' | b'>')
    })
}

/// The repaired view of `doc` when it shows the damage, else None.
pub(super) fn repaired(doc: &Document) -> Option<Document> {
    let fold = doc.fold.as_str();
    if !may_be_damaged(fold) || !damaged(fold) {
        return None;
    }
    let mut patches: Vec<(usize, u8)> = Vec::new();
    for c in COLON_POINT.captures_iter(fold) {
        if let Some(m) = c.name("c").or(c.name("z")) {
            patches.push((m.start(), b'.'));
        }
    }
    for c in DF_SEMICOLON.captures_iter(fold) {
        if let Some(m) = c.name("c") {
            patches.push((m.start(), b','));
        }
    }
    Some(doc.with_fold_patched(&patches))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> Option<String> {
        repaired(&Document::from_text(s)).map(|d| d.fold)
    }

    #[test]
    fn two_damaged_forms_are_repaired() {
        assert_eq!(
            fixed("a, t(57) = 2:10, p = 0:036, and F(1; 57) = 4:2, p < :05; 0:03 at 10:30")
                .as_deref(),
            Some("a, t(57) = 2.10, p = 0.036, and F(1, 57) = 4.2, p < .05; 0.03 at 10:30")
        );
    }

    #[test]
    fn a_lone_p_needs_a_statistic_before_it() {
        assert_eq!(
            fixed("t(57) = 2.10, p = 0:036.").as_deref(),
            Some("t(57) = 2.10, p = 0.036.")
        );
        assert_eq!(fixed("The rate fell (p = 0:036)."), None);
        assert_eq!(fixed("t(57) = 2:10 at 10:30."), None);
    }

    #[test]
    fn the_gate_passes_every_text_the_damage_pattern_matches() {
        for t in [
            "p = 0:036",
            "p<:05",
            "t(57) = -2:10",
            "p =\t12:5",
            "p =\u{2009}0:04",
            "F(1; 57) = 4:2",
        ] {
            assert!(DAMAGE.is_match(t), "{t}");
            assert!(may_be_damaged(t), "{t}");
        }
        for t in [
            "At 10:30 a 1:2 ratio",
            "p: 0.03",
            "ratio = 1234:5",
            "p = 0:x",
        ] {
            assert!(!may_be_damaged(t), "{t}");
            assert!(!DAMAGE.is_match(t), "{t}");
        }
    }

    #[test]
    fn times_ratios_verses_and_a_colon_comparator_are_no_damage() {
        assert_eq!(
            fixed("At 10:30 a 1:2 ratio, John 3:16, p: 0.03 and P: 0.04, ratio = 1:2."),
            None
        );
    }
}
