//! Number parsing shared by every extractor, over the `fold` view (so `0·03`
//! already reads `0.03` and `−` reads `-`).
//!
//! * decimals: `0.03`, `.03`, `0. 001` (a stray space after the point, as
//!   PDF conversion leaves it), `1,094` and `1 094` (thousands groups);
//! * scientific: `3 × 10-5`, `3x10^-5`, `3.2E-4`, `10^-6`, `10⁻⁶`, `3·10−5`;
//! * number words: `Twenty-four`, `One hundred and seventy-six`,
//!   `two thousand and twelve`.

/// Bump when parsing can change what any extractor finds: part of the
/// incremental key, so every record is rebuilt.
pub const NUMBERS_VERSION: u32 = 1;

/// Regex fragment for a number word phrase up to the thousands (case-
/// insensitive when the caller's regex is).
pub const NUMBER_WORDS: &str = r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a hundred|a thousand)(?:(?:[ -]|-?\s+and\s+|\s+)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|thousand))*)";

/// Parses a decimal as printed: `0.03`, `.03`, `0. 001`, `-1.5`.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\u{00B7}' { '.' } else { c })
        .collect();
    if t.is_empty() || t == "." || t == "-" {
        return None;
    }
    let ok = t
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')));
    if !ok || t.matches('.').count() > 1 {
        return None;
    }
    let t = if t.starts_with('.') {
        format!("0{t}")
    } else if t.starts_with("-.") {
        format!("-0{}", &t[1..])
    } else {
        t
    };
    t.parse().ok()
}

/// Parses a count: `54`, `1,094`, `1 094`, `12.000` is *not* a count.
pub fn parse_count(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Nearly every count is one run of ASCII digits: parsed as it stands,
    // with nothing allocated (issue 15: this ran once per number).
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    // Thousands groups: first 1–3 digits, then exactly 3 each; the value
    // is the digits of all groups read as one number (None on overflow).
    let (mut n, mut groups, mut first_len) = (0u64, 0usize, 0usize);
    for g in s
        .split([',', ' ', '\u{2009}', '\u{202F}', '\u{00A0}'])
        .filter(|g| !g.is_empty())
    {
        if !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        groups += 1;
        if groups == 1 {
            first_len = g.len();
        } else if g.len() != 3 {
            return None;
        }
        for b in g.bytes() {
            n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
    }
    if groups == 0 || groups > 1 && first_len > 3 {
        return None;
    }
    Some(n)
}

fn unit_word(w: &str) -> Option<u64> {
    Some(match w {
        "zero" | "no" => 0,
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" | "fourty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// Parses English number words: `Twenty-four` → 24, `One hundred and
/// seventy-six` → 176, `two thousand three hundred` → 2300.
///
/// Only a well-formed number is read: tens before units (`twenty-four`, not
/// `four twenty`), one `hundred` per group, one `thousand`. A run of number
/// words that is not one number (`twenty-four thirty-one`, a list, or a
/// megabyte of them in hostile text, which used to overflow) gives `None`,
/// and so does a phrase longer than any count needs.
pub fn parse_number_words(s: &str) -> Option<u64> {
    // "seven thousand eight hundred and seventy-seven" is 46 bytes.
    const LONGEST: usize = 96;
    if s.len() > LONGEST {
        return None;
    }
    // A word that starts with an ASCII letter or digit no number word
    // starts with (`patients`, `mg`, `12`) is no number: rejected before
    // the lower-case copy (issue 15: every word after every count asks).
    if s.as_bytes().first().is_some_and(|b| {
        b.is_ascii_alphanumeric()
            && !matches!(
                b.to_ascii_lowercase(),
                b'z' | b'n' | b'o' | b'a' | b't' | b'f' | b's' | b'e' | b'h'
            )
    }) {
        return None;
    }
    let lower = s.to_lowercase();
    let words = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "and");
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut seen = false;
    for w in words {
        match w {
            "hundred" => {
                // `eighteen hundred`, `twenty-five hundred`.
                if current >= 100 {
                    return None;
                }
                current = current.max(1) * 100;
            }
            "thousand" => {
                if total > 0 || current >= 1000 {
                    return None;
                }
                total = current.max(1) * 1000;
                current = 0;
            }
            w => {
                let v = unit_word(w)?;
                if (w == "a" || w == "an") && seen {
                    return None;
                }
                // Units follow a round ten (twenty-four); teens and tens
                // follow nothing below a hundred.
                let below_hundred = current % 100;
                let fits = if v < 10 {
                    below_hundred.is_multiple_of(10)
                } else {
                    below_hundred == 0
                };
                if !fits {
                    return None;
                }
                current += v;
            }
        }
        seen = true;
    }
    seen.then_some(total + current)
}

/// A count written in digits or in words.
pub fn parse_count_or_words(s: &str) -> Option<u64> {
    parse_count(s).or_else(|| parse_number_words(s))
}

fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '\u{2070}' => '0',
        '\u{00B9}' => '1',
        '\u{00B2}' => '2',
        '\u{00B3}' => '3',
        '\u{2074}' => '4',
        '\u{2075}' => '5',
        '\u{2076}' => '6',
        '\u{2077}' => '7',
        '\u{2078}' => '8',
        '\u{2079}' => '9',
        '\u{207B}' => '-',
        '\u{207A}' => '+',
        _ => return None,
    })
}

/// Parses a number in any notation papers use for small values:
/// `0.03`, `.03`, `3.2E-4`, `3.2e−4`, `3 × 10-5`, `3x10^-5`, `10^-6`,
/// `10⁻⁶`, `3·10-5`, `1.5 × 10-12`.
pub fn parse_scientific(s: &str) -> Option<f64> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| superscript_digit(c).unwrap_or(c))
        .collect();
    let t = t.replace("−", "-");
    if let Some(v) = parse_decimal(&t) {
        return Some(v);
    }
    // E notation.
    if let Some(pos) = t.find(['e', 'E']) {
        let (m, e) = (&t[..pos], &t[pos + 1..]);
        if let (Some(m), Ok(e)) = (parse_decimal(m), e.parse::<i32>()) {
            return Some(m * 10f64.powi(e));
        }
    }
    // Mantissa × 10^exp, or a bare 10^exp.
    let (mantissa, rest) = match t.find(['×', 'x', 'X', '*', '·', '\u{22C5}', '\u{2219}']) {
        Some(pos) => {
            let sym_len = t[pos..].chars().next()?.len_utf8();
            (parse_decimal(&t[..pos])?, &t[pos + sym_len..])
        }
        None => (1.0, t.as_str()),
    };
    let exp = rest.strip_prefix("10")?;
    let exp = exp.strip_prefix('^').unwrap_or(exp);
    let exp = exp.trim_matches(|c| c == '(' || c == ')');
    let e: i32 = exp.parse().ok()?;
    if !(-400..=400).contains(&e) {
        return None;
    }
    Some(mantissa * 10f64.powi(e))
}

/// Decimal places as printed (`0.030` → 3), for rounding-aware checks.
pub fn decimals(s: &str) -> usize {
    let t = s.trim();
    match t.find('.') {
        Some(p) => t[p + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || c.is_whitespace())
            .filter(|c| c.is_ascii_digit())
            .count(),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse() {
        assert_eq!(parse_decimal("0.03"), Some(0.03));
        assert_eq!(parse_decimal(".03"), Some(0.03));
        assert_eq!(parse_decimal("0. 001"), Some(0.001));
        assert_eq!(parse_decimal("0\u{00B7}03"), Some(0.03));
        assert_eq!(parse_decimal("-1.5"), Some(-1.5));
        assert_eq!(parse_decimal("1.2.3"), None);
        assert_eq!(parse_decimal("."), None);
        assert_eq!(parse_decimal("abc"), None);
    }

    #[test]
    fn counts_parse_with_thousands_groups() {
        assert_eq!(parse_count("54"), Some(54));
        assert_eq!(parse_count("1,094"), Some(1094));
        assert_eq!(parse_count("1 094"), Some(1094));
        assert_eq!(parse_count("13,388"), Some(13388));
        assert_eq!(parse_count("1,09"), None);
        assert_eq!(parse_count("12.5"), None);
    }

    #[test]
    fn number_words_parse() {
        assert_eq!(parse_number_words("Twenty-four"), Some(24));
        assert_eq!(parse_number_words("One hundred and seventy-six"), Some(176));
        assert_eq!(parse_number_words("eighty"), Some(80));
        assert_eq!(parse_number_words("two thousand three hundred"), Some(2300));
        assert_eq!(parse_number_words("a hundred"), Some(100));
        assert_eq!(parse_number_words("several"), None);
        assert_eq!(parse_number_words("one hundred thousand"), Some(100_000));
        assert_eq!(parse_number_words("eighteen hundred"), Some(1800));
        assert_eq!(parse_number_words("twenty-five hundred"), Some(2500));
        assert_eq!(
            parse_number_words("seven thousand eight hundred and seventy-seven"),
            Some(7877)
        );
    }

    #[test]
    fn runs_of_number_words_that_are_not_one_number_are_refused() {
        // Issue 17: a megabyte of number words was read as one number and
        // overflowed u64 (a panic in debug builds, garbage in release).
        assert_eq!(parse_number_words("twenty-four thirty-one"), None);
        assert_eq!(parse_number_words("four twenty"), None);
        assert_eq!(parse_number_words("twelve three"), None);
        assert_eq!(parse_number_words("one hundred hundred"), None);
        assert_eq!(parse_number_words("two thousand three thousand"), None);
        let hostile = "twenty-four thirty-one one hundred and ".repeat(30_000);
        assert_eq!(parse_number_words(&hostile), None);
        assert_eq!(parse_count_or_words(&hostile), None);
    }

    #[test]
    fn scientific_notations_parse() {
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < b * 1e-9);
        assert!(close(parse_scientific("3 × 10-5"), 3e-5));
        assert!(close(parse_scientific("3x10^-5"), 3e-5));
        assert!(close(parse_scientific("3.2E-4"), 3.2e-4));
        assert!(close(parse_scientific("10^-6"), 1e-6));
        assert!(close(parse_scientific("10\u{207B}\u{2076}"), 1e-6));
        assert!(close(
            parse_scientific("1.5 \u{00D7} 10\u{2212}12"),
            1.5e-12
        ));
        assert!(close(parse_scientific(".03"), 0.03));
        assert_eq!(parse_scientific("10"), Some(10.0));
        assert_eq!(parse_scientific("x"), None);
    }

    #[test]
    fn decimal_places() {
        assert_eq!(decimals("0.030"), 3);
        assert_eq!(decimals(".05"), 2);
        assert_eq!(decimals("2"), 0);
    }
}
