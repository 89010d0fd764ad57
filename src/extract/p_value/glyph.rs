//! Comparators that a publisher's font turned into other glyphs.
//!
//! PDF text extraction maps a glyph to the character its font says it is,
//! and some fonts say the wrong thing for `<`, `=` and `>`. Known cases
//! (statcheck documents most of them in its PDF import):
//!
//! * Elsevier (JESP, J Environ Psychol, Postgrad Med J): `b` for `<`, `N`
//!   for `>`, `¼` for `=`; χ reads `v`, a minus `À`; in its clinical
//!   journals also `o` and `\` for `<`, `#` for `≤`, `‡` and `$` for `≥`;
//! * Taylor & Francis: `ˆ` (U+02C6, modifier circumflex) for `=`;
//! * APA's math font as Poppler (pdftotext, R's pdftools) reads it: `ϭ`
//!   (U+03ED) for `=`, `Ͻ` (U+03FD) for `<`, `Ͼ` (U+03FE) for `>`, `Յ`
//!   (U+0545) for `≤`, `Ն` (U+0546) for `≥`, `Ϫ` for a minus; PyMuPDF writes
//!   the same lost glyphs as control characters;
//! * Oxford (J Consumer Research): `!` for `<`, `p` for `=`;
//! * APA journals: U+2AFD `⫽` for `=`, U+2B0D `⬍` for `<` (and its
//!   neighbour U+2B0E `⬎` for `>`), U+2439 `␹` for χ; older APA PDFs set
//!   in a math font whose symbols sit on ASCII codes: `5` for `=`, `,` for
//!   `<`, `.` for `>` (`t(94) 5 3.61, p , .001`);
//! * the Symbol font: private-use U+F03C/D/E for `<`, `=`, `>` and
//!   U+F0A3/U+F0B3 for `≤`/`≥`;
//! * a byte shown as hex (`<bc>`, the Latin-1 byte of `¼`; `<3c>` for `<`),
//!   or UTF-8 read as Latin-1 (`Â¼` for `¼`, `â‰¤` for `≤`).
//!
//! After a recognised test statistic (`t(28) = 2.20, p b .05`) the token
//! between `p` and its number can only be the comparator, whatever glyph it
//! is, even none at all (`p .04`, the glyph dropped). Where the glyph says
//! which comparator it is, that one is used; where it does not (a
//! replacement character, an unknown private-use glyph, `(cid:12)`, a lone
//! space), the statistic decides ([`infer`]) and the finding carries the
//! flag `comparator_inferred`; where the statistic cannot be recomputed
//! either, the flag `comparator_unknown`.

use super::super::statcheck::{self, CheckOptions, Statistic};
use crate::record::Comparator;
use regex::Regex;
use std::sync::LazyLock;

/// The flag of a comparator read from the statistic, not from the text.
pub(super) const INFERRED: &str = "comparator_inferred";
/// The flag of a comparator neither the text nor the statistic gives.
pub(super) const UNKNOWN: &str = "comparator_unknown";

/// The comparator a damaged glyph stands for, where the glyph says which;
/// None for a glyph that could be any of them.
pub(crate) fn known(token: &str) -> Option<Comparator> {
    use Comparator::*;
    let lower = token.to_ascii_lowercase();
    Some(match lower.as_str() {
        "<" | "<3c>" | "\u{F03C}" | "⬍" | "〈" | "‹" | "˂" | "," => Lt,
        ">" | "<3e>" | "\u{F03E}" | "⬎" | "〉" | "›" | "˃" | "." => Gt,
        "=" | "<3d>" | "<bc>" | "\u{F03D}" | "¼" | "Â¼" | "⫽" | "5" => Eq,
        "≤" | "<a3>" | "\u{F0A3}" | "â‰¤" => Le,
        "≥" | "<b3>" | "\u{F0B3}" | "â‰¥" => Ge,
        // APA's math font as Poppler reads it: letters of the Greek and
        // Coptic block (`ϭ` U+03ED `=`, `Ͻ` U+03FD `<`, `Ͼ` U+03FE `>`)
        // and Armenian capitals for `≤` (`Յ` U+0545) and `≥` (`Ն` U+0546).
        "ϭ" => Eq,
        "Ͻ" => Lt,
        "Ͼ" => Gt,
        "Յ" => Le,
        "Ն" => Ge,
        // Taylor & Francis: `ˆ` (U+02C6) for `=`. Elsevier's clinical
        // journals: `\` and `o` for `<`, `#` for `≤`, `‡` and `$` for `≥`.
        "ˆ" => Eq,
        "\\" => Lt,
        "#" => Le,
        "‡" | "$" => Ge,
        // Case matters for the letters: `b`/`N`/`o` (Elsevier), `p`/`!` (Oxford).
        _ => match token {
            "b" | "!" | "o" => Lt,
            "N" => Gt,
            "p" => Eq,
            _ => return None,
        },
    })
}

/// A p-value whose comparator may be any glyph or none: `p b .05`,
/// `p¼.03`, `p <bc> .04`, `p (cid:3) .04`, `p � .04`, `p .04`, `p , .001`,
/// `ps 5 .03`, also over a line break. The number is a plain decimal, as
/// statistics print p.
pub(super) static P_GLYPH: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"[Pp]s?(?P<sp1>\s{0,2})(?P<g><[0-9a-fA-F]{2}>|\(cid:\d{1,5}\)|Â¼|â‰[¤¥]|[^\s\d.,;:()\[\]]|[5,.])?(?P<sp2>\s{0,2})(?P<num>0?\.\d+|1\.0+)",
    )
    .expect("p glyph regex")
});

/// `p b .05`, `p N .50`, `P o .001` and `P \.001` outside a statistic,
/// trusted only in a document that shows the same font damage elsewhere. A
/// letter stands apart from the `p` (`pb0.3` is a word); the backslash,
/// never part of a word, may be glued to it.
pub(super) static P_LETTER_GLYPH: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"[Pp](?:\s(?P<g>[bNo])|\s?(?P<bs>\\))\s?(?P<num>{})",
        super::NUM
    ))
    .expect("letter glyph regex")
});

/// `p 5 .03`, `p , .05`, `ps . .20` (single spaces on one line: a table's
/// cells on their own lines are no glyphs) outside a statistic, trusted only in a
/// document that shows the math-font damage elsewhere ([`MATH_FONT_DAMAGE`]).
pub(super) static P_MATH_FONT_GLYPH: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"[Pp]s? (?P<g>[5,.]) (?P<num>0?\.\d+)").expect("math font glyph regex")
});

/// The whole-document evidence tests below are lazy DFA passes over every
/// byte of a document (~0.3 s each over the 4,470 bench texts, as much as
/// the p-value pattern itself), though the glyphs they look for are in a
/// few documents. Each runs only where its gate finds a literal that every
/// one of its matches holds: a pattern of literals, which the regex crate
/// searches with memchr or Teddy alone, several times faster than a DFA.
/// The gates are exact (the literals are spelled in the patterns; tests
/// check them on matches), so the evidence found is the same.
pub(super) fn gated(gate: &Regex, evidence: &Regex, fold: &str) -> bool {
    gate.is_match(fold) && evidence.is_match(fold)
}

/// The gate of [`MATH_FONT_DAMAGE`]: its `5` between spaces.
pub(super) static MATH_FONT_GATE: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(" 5 ").expect("math font gate"));

/// The gate of [`COPTIC_DAMAGE`]: its three glyphs.
pub(super) static COPTIC_GATE: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"[\x{3ED}\x{3FD}\x{3FE}]").expect("coptic gate"));

/// The gate of [`HEX_DAMAGE`]: a byte shown as hex.
pub(super) static HEX_GATE: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"<(?i:bc|3c|3d|3e|a3|b3)>").expect("hex gate"));

/// The gate of [`SYMBOL_DAMAGE`]: its glyphs.
pub(super) static SYMBOL_GATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"ˆ|⫽|⬍|⬎|[\x{F03C}-\x{F03E}]|\x{F0A3}|\x{F0B3}|â‰¤|â‰¥")
        .expect("symbol gate")
});

/// The gate of [`QUARTER_DAMAGE`]: its `¼`.
pub(super) static QUARTER_GATE: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new("¼").expect("quarter gate"));

/// Evidence of the math font that prints `=` as `5`: `5` between a
/// statistic's symbol and its number (`M 5 4.12`, `SD 5 1.31`,
/// `t(94) 5 3.61`, `N 5 186`, `p 5 .009`). A document needs two of them.
pub(super) static MATH_FONT_DAMAGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?:(?-u:\b)(?:SDs?|SE|M|Mdn|N|n|p|ps|r|d|t|F|z|MSE|h2p)|\)) 5 -?\.?[0-9]",
    )
    .expect("math font damage regex")
});

/// Evidence of APA's math font read by Poppler: `ϭ`, `Ͻ` or `Ͼ` between a
/// letter or bracket and a number (`M ϭ 4.1`, `t(28) ϭ 2.20`).
pub(super) static COPTIC_DAMAGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"[A-Za-z)]\s?[\x{3ED}\x{3FD}\x{3FE}]\s?[-Ϫ]?\.?\d")
        .expect("coptic glyph regex")
});

/// Evidence of a comparator shown as the hex of its byte between a
/// statistic and its number (`t(196) <bc> 38.73`, `N <3d> 240`).
pub(super) static HEX_DAMAGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"[A-Za-z)]\s?<(?i:bc|3c|3d|3e|a3|b3)>\s?-?\.?\d")
        .expect("hex glyph regex")
});

/// Evidence of the other glyphs no undamaged text holds between a letter
/// or bracket and a number: Taylor & Francis's `ˆ` (`F(1, 40) ˆ 4.50`),
/// APA's `⫽` and `⬍`/`⬎`, the Symbol font's private-use `<`, `=`, `>`,
/// `≤`, `≥`, and `≤`/`≥` read as Latin-1 (`â‰¤`). One such statistic
/// before a p printed right is the p's.
pub(super) static SYMBOL_DAMAGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"[A-Za-z)]\s?(?:ˆ|⫽|⬍|⬎|[\x{F03C}-\x{F03E}]|\x{F0A3}|\x{F0B3}|â‰¤|â‰¥)\s?-?\.?\d",
    )
    .expect("symbol glyph regex")
});

/// Evidence that a document's font lost its comparators: `¼` between a
/// letter and a number (`p ¼ .03`, `N ¼ 240`, `F(1, 40) ¼ 4.1`).
pub(super) static QUARTER_DAMAGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?-u:\b)[A-Za-z)]\s?¼\s?-?\.?\d").expect("glyph damage regex")
});

/// Whether a match of [`P_GLYPH`] is shaped like a comparator between a `p`
/// and its number: something stands between them (a glyph or a space), or
/// the number starts with its point (`p.04`, a dropped control character);
/// a letter glyph glued to both (`pN0.45`, `pb0.3`) is a word, not a `p`.
pub(super) fn well_formed(sp1: &str, g: Option<&str>, sp2: &str, num: &str) -> bool {
    match g {
        // `p.036`: PyMuPDF writes a lost glyph as a control character,
        // which normalization drops; a `p` glued to a decimal point after
        // a statistic has no other reading (a page is `p. 36`).
        None => !sp1.is_empty() || !sp2.is_empty() || num.starts_with('.'),
        // The math font's `5`, `,`, `.` stand alone between spaces on one
        // line; glued, they are part of a number or punctuation (`p 5.2`,
        // `p, .04`), and across lines they are table cells.
        Some("5" | "," | ".") => sp1 == " " && sp2 == " ",
        Some(g) => {
            let letter = g.chars().all(|c| c.is_alphabetic());
            !letter || !sp1.is_empty() || !sp2.is_empty() || num.starts_with('.')
        }
    }
}

/// Is `value` a conventional significance bound (`.05`, `.01`, `.001` …)?
fn conventional_bound(value: f64) -> bool {
    [0.1, 0.05, 0.01, 0.005, 0.001, 0.0001]
        .iter()
        .any(|b| (value - b).abs() < 1e-12)
}

/// Is the value printed with a single significant digit (`.05`, `.2`,
/// `.001`), as bounds are, rather than as an exact p (`.034`)?
fn one_significant_digit(value: f64, decimals: usize) -> bool {
    let scaled = value * 10f64.powi(decimals.min(15) as i32);
    let digits = scaled.round() as u64;
    digits > 0 && digits < 10
}

/// The comparator of a p whose glyph says nothing, from its statistic:
/// `=` when the recomputed p rounds to the printed one; a conventional
/// bound (`.05`, `.01`, `.001`) is `<` when the recomputed p is below it
/// and `>` when above; an exact-looking p that does not match is still
/// `=` (a reporting error, not another comparator). None when the
/// statistic cannot be recomputed.
pub(super) fn infer(stat: &Statistic, value: f64, decimals: usize) -> Option<Comparator> {
    if !stat.computable() {
        return None;
    }
    let c = statcheck::compute_p(stat.kind, stat.value, stat.df1, stat.df2, true)?;
    let opts = CheckOptions::default();
    let consistent = |k| {
        statcheck::check(stat, k, value, decimals, &opts, false).is_some_and(|v| !v.inconsistent)
    };
    let direction = if c < value {
        Comparator::Lt
    } else {
        Comparator::Gt
    };
    Some(if conventional_bound(value) {
        if consistent(Comparator::Eq) && !consistent(direction) {
            Comparator::Eq
        } else {
            direction
        }
    } else if consistent(Comparator::Eq) || !one_significant_digit(value, decimals) {
        Comparator::Eq
    } else {
        direction
    })
}

/// The comparator to report for an unknown glyph with no statistic to
/// read it from: a conventional bound is most often `<`, anything else `=`.
pub(super) fn guess(value: f64) -> Comparator {
    if conventional_bound(value) {
        Comparator::Lt
    } else {
        Comparator::Eq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_that_say_which() {
        assert_eq!(known("b"), Some(Comparator::Lt));
        assert_eq!(known("N"), Some(Comparator::Gt));
        assert_eq!(known("¼"), Some(Comparator::Eq));
        assert_eq!(known("<BC>"), Some(Comparator::Eq));
        assert_eq!(known("p"), Some(Comparator::Eq));
        assert_eq!(known("!"), Some(Comparator::Lt));
        assert_eq!(known("\u{F0A3}"), Some(Comparator::Le));
        assert_eq!(known("5"), Some(Comparator::Eq));
        assert_eq!(known(","), Some(Comparator::Lt));
        assert_eq!(known("."), Some(Comparator::Gt));
        assert_eq!(known("ˆ"), Some(Comparator::Eq));
        assert_eq!(known("o"), Some(Comparator::Lt));
        assert_eq!(known("\\"), Some(Comparator::Lt));
        assert_eq!(known("#"), Some(Comparator::Le));
        assert_eq!(known("‡"), Some(Comparator::Ge));
        assert_eq!(known("O"), None);
        assert_eq!(known("\u{3ED}"), Some(Comparator::Eq));
        assert_eq!(known("\u{3FD}"), Some(Comparator::Lt));
        assert_eq!(known("\u{3FE}"), Some(Comparator::Gt));
        assert_eq!(known("\u{545}"), Some(Comparator::Le));
        assert_eq!(known("\u{546}"), Some(Comparator::Ge));
        assert_eq!(known("B"), None);
        assert_eq!(known("n"), None);
        assert_eq!(known("\u{FFFD}"), None);
        assert_eq!(known("(cid:3)"), None);
    }

    /// Every match of an evidence pattern holds its gate, so a document
    /// the gate finds nothing in has no evidence.
    #[test]
    fn gates_hold_every_match() {
        let texts = [
            "M 5 4.12, SD 5 1.31, t(94) 5 3.61, p 5 .009",
            "t(28) \u{3ED} 2.20, M \u{3FD} .5 and F \u{3FE} -3, z\u{3ED}4",
            "t(196) <bc> 38.73, N <3D> 240, p<A3>.05",
            "F(1, 40) ˆ 4.50, a ⫽ 2, b⬍.3, c ⬎ -1, d \u{F03C}1 e\u{F03D} 2 f \u{F03E}3",
            "g \u{F0A3} 4, h\u{F0B3}.5, k â‰¤ 0.1, m â‰¥.2",
            "p ¼ .03, N ¼ 240, F(1, 40) ¼ 4.1, x¼-.2",
        ];
        let pairs: [(&Regex, &Regex); 5] = [
            (&MATH_FONT_GATE, &MATH_FONT_DAMAGE),
            (&COPTIC_GATE, &COPTIC_DAMAGE),
            (&HEX_GATE, &HEX_DAMAGE),
            (&SYMBOL_GATE, &SYMBOL_DAMAGE),
            (&QUARTER_GATE, &QUARTER_DAMAGE),
        ];
        for (gate, evidence) in pairs {
            let mut seen = 0;
            for t in texts {
                for m in evidence.find_iter(t) {
                    seen += 1;
                    assert!(gate.is_match(m.as_str()), "{:?} lacks its gate", m.as_str());
                }
                assert_eq!(gated(gate, evidence, t), evidence.is_match(t));
            }
            assert!(seen >= 2, "{evidence:?} matched {seen} times");
        }
    }

    #[test]
    fn a_letter_glued_on_both_sides_is_a_word() {
        assert!(!well_formed("", Some("N"), "", "0.45"));
        assert!(well_formed("", Some("b"), "", ".05"));
        assert!(well_formed(" ", Some("b"), " ", "0.05"));
        assert!(well_formed(" ", None, "", ".04"));
        assert!(well_formed("", None, "", ".04"));
        assert!(!well_formed("", None, "", "0.04"));
        assert!(well_formed(" ", Some("5"), " ", ".04"));
        assert!(!well_formed("", Some(","), " ", ".04"));
        assert!(!well_formed(" ", Some("5"), "", ".04"));
    }
}
