//! p numbers as papers print them: `0.03`, `.03`, `0. 001`, `3.2E-4`,
//! `3 × 10-5`, `10⁻⁶`, `3·10−5`, and `3 × 105` with a lost superscript
//! minus; and what may follow one (no unit, no further digits).

use super::super::numbers::{decimals, parse_decimal};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// A number as p-values are printed. Alternatives longest first, so that
/// `3.2E-4` is not read as `3.2`. Real strings:
/// `3 × 10-5` (fold of `3 × 10−5`), `1.5x10^-12`, `2 × 10⁻⁶`, `3 × 105`
/// (lost superscript minus), `3.2E-4`, `.5e-3`, `10^-6`, `10- 5`, `10⁻⁶`,
/// `0.03`, `.03`, `0. 001`, `0 .001` (a PDF's space before the point: not
/// a `0` followed by a sentence), `1`.
pub(super) const NUM: &str = r"(?:(?:\d+(?:\.\s?\d+)?|\.\d+)\s?[×xX*⋅∙]\s?10\s?(?:\^\s?)?\(?\s?(?:[-+]\s?\d{1,3}|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|\d{1,2}(?-u:\b))\)?|(?:\d+(?:\.\d+)?|\.\d+)\s?[eE]\s?[-+]?\d{1,3}(?-u:\b)|10\s?(?:\^\s?)?\(?(?:-\s?\d{1,3}|⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\)?|0\x20\.\d+|\d*\.\s?\d+|0,\d+|[01](?-u:\b))";

// A unit right after the number: the value is a measurement, not a p
// ("P = 0.5 mmHg" for pressure, "p < 5%").
// The unit stands on the value's line and is a whole word: `P = 0.003`
// at a line's end followed by `Painful …` is no pressure.
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:[ \t]?(?:%|‰|°)|[ \t]?(?:mmHg|mm|cm|mg|µg|μg|ng|kg|ml|mL|mmol|µmol|nmol|pmol|IU|kPa|Pa|Hz|bpm|g|h|L|l|m|s|U)(?-u:\b))")
        .expect("unit regex")
});

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁻' => '-',
        '⁺' => '+',
        _ => return None,
    })
}

/// A parsed p number: its value, the decimals it was printed with (for
/// the rounding-aware check) and whether a lost minus was restored.
pub(super) struct Number {
    pub value: f64,
    pub decimals: usize,
    pub repaired: bool,
}

/// Parses a match of [`NUM`]. The value is made by Rust's correctly
/// rounded float parser from a canonical `1.5e-12` string, so `3.2E-4` and
/// `0.00032` are the same f64 (the summary deduplicates by value).
pub(super) fn parse_number(raw: &str) -> Option<Number> {
    let t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '^'))
        .map(|c| superscript(c).unwrap_or(c))
        .collect();
    // "P = 0,035": a decimal comma (Spanish, German papers); a p-value
    // cannot be read as thousands.
    let t = match t.strip_prefix("0,") {
        Some(frac) => format!("0.{frac}"),
        None => t,
    };
    let mut repaired = false;
    let (mantissa, exp): (&str, Option<i32>) = if let Some(pos) = t.find(['e', 'E']) {
        (&t[..pos], Some(t[pos + 1..].parse().ok()?))
    } else if let Some((pos, sym)) = t
        .char_indices()
        .find(|(_, c)| matches!(c, '×' | 'x' | 'X' | '*' | '⋅' | '∙'))
    {
        let rest = t[pos + sym.len_utf8()..].strip_prefix("10")?;
        let e: i32 = rest.parse().ok()?;
        // "3 × 105": a p-value cannot exceed 1, so an unsigned positive
        // exponent is a superscript minus lost in conversion.
        let e = if !rest.starts_with('+') && !rest.starts_with('-') && e > 0 {
            repaired = true;
            -e
        } else {
            e
        };
        (&t[..pos], Some(e))
    } else if let Some(rest) = t.strip_prefix("10").filter(|r| r.starts_with('-')) {
        ("1", Some(rest.parse().ok()?))
    } else {
        (t.as_str(), None)
    };
    let m = parse_decimal(mantissa)?;
    let mdec = decimals(mantissa);
    let value = match exp {
        Some(e) => {
            if !(-400..=400).contains(&e) {
                return None;
            }
            format!("{m}e{e}").parse().ok()?
        }
        None => m,
    };
    let decimals = match exp {
        Some(e) => (mdec as i64 - e as i64).max(0) as usize,
        None => mdec,
    };
    Some(Number {
        value,
        decimals,
        repaired,
    })
}

/// What may directly follow a p number: not a letter, digit, `%` or a
/// further decimal part (`0.03.5`), and no unit.
pub(super) fn clean_tail(rest: &str) -> bool {
    let mut it = rest.chars();
    match it.next() {
        None => true,
        // A table footnote mark glued to the value: "p = 1.000a".
        Some('a'..='f') => {
            !it.next().is_some_and(|c| c.is_alphanumeric()) && !UNIT_AFTER.is_match(rest)
        }
        Some(c) if c.is_alphanumeric() || c == '%' || c == '‰' || c == '_' => false,
        // "LDL-P=9.373×(apoB)": a formula, not a result.
        Some('×') => false,
        // `p = 0:036` (TeX's point read as a colon, see `tex_colon`) is
        // no `p = 0`.
        Some('.' | ',' | ':') => !it.next().is_some_and(|d| d.is_ascii_digit()),
        Some(_) => !UNIT_AFTER.is_match(rest),
    }
}

/// `3·10−5` reads `3.10-5` in `fold` (the middle dot between digits is a
/// decimal point there); in `text` the dot is still a multiplication sign.
/// Returns the end (fold bytes) and the parsed number when the span at
/// `num_start..num_end` is such a product.
pub(super) fn middle_dot_product(
    doc: &Document,
    num_start: usize,
    num_end: usize,
) -> Option<(usize, Number)> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"^(?:-\s?\d{1,3}|⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})").expect("exponent regex")
    });
    let fold = &doc.fold;
    let raw = &fold[num_start..num_end];
    let (int, frac) = raw.split_once('.')?;
    if frac != "10" || int.len() != 1 || int == "0" {
        return None;
    }
    let dot = num_start + int.len();
    let tdot = doc.text_of_fold_span(dot, dot + 1);
    if !matches!(tdot, "·" | "⋅" | "∙") {
        return None;
    }
    let m = AFTER.find(&fold[num_end..])?;
    let end = num_end + m.end();
    let canon = format!("{int}×10{}", &fold[num_end..end]);
    let n = parse_number(&canon)?;
    clean_tail(&fold[end..]).then_some((end, n))
}
