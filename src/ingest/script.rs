//! Characters written raised: the one table both markup readers (BibTeX's
//! `\textsuperscript`/`^{}` and JATS's `<sup>`/MathML `msup`) use, so that
//! `10<sup>−5</sup>` and `10^{-5}` give the same `10⁻⁵` the p-value
//! extractor reads.

/// The superscript form of a digit or sign.
pub fn superscript(c: char) -> Option<char> {
    Some(match c {
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        '4' => '⁴',
        '5' => '⁵',
        '6' => '⁶',
        '7' => '⁷',
        '8' => '⁸',
        '9' => '⁹',
        '-' | '−' | '–' => '⁻',
        '+' => '⁺',
        '=' => '⁼',
        '(' => '⁽',
        ')' => '⁾',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn digits_and_signs_have_superscripts() {
        let raised: Option<String> = "−12".chars().map(super::superscript).collect();
        assert_eq!(raised.as_deref(), Some("⁻¹²"));
        assert_eq!(super::superscript('a'), None);
    }
}
