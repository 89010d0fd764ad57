//! Evidence for `--errors`: a record prepared for scoring ([`Doc`]), and
//! where in its text a gold value seems to be written, so that a miss can
//! be read next to the words it was missed in.

use super::p_eq;
use crate::record::{Field, Finding, Summary};

/// A record prepared for scoring.
pub(super) struct Doc<'a> {
    pub name: &'a str,
    /// The record's findings (none when the record is missing).
    pub findings: &'a [Finding],
    pub summary: &'a Summary,
    pub text: &'a str,
    pub chars: Vec<char>,
    /// ASCII-lower-cased text: same byte offsets as `rec.text`.
    lower: String,
}

impl<'a> Doc<'a> {
    pub fn new(
        name: &'a str,
        findings: &'a [Finding],
        summary: &'a Summary,
        text: &'a str,
    ) -> Doc<'a> {
        Doc {
            name,
            findings,
            summary,
            text,
            chars: text.chars().collect(),
            lower: text.to_ascii_lowercase(),
        }
    }

    pub fn slice(&self, s: usize, e: usize) -> String {
        self.chars[s..e].iter().collect()
    }

    pub fn of(&self, field: Field) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings.iter().filter(move |f| f.field == field)
    }

    /// A snippet of the text around the first place one of `needles` is
    /// written as a whole token, preferring places with one of `near`
    /// within `reach` bytes.
    pub fn snippet(&self, needles: &[String], near: &[&str], reach: usize) -> String {
        let hay = self.lower.as_bytes();
        let mut first = None;
        for needle in needles {
            let needle = needle.to_ascii_lowercase();
            if needle.is_empty() {
                continue;
            }
            for (at, _) in self.lower.match_indices(&needle) {
                let end = at + needle.len();
                let before = at.checked_sub(1).map(|i| hay[i]);
                let after = hay.get(end).copied();
                let glued = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
                // "0.03" inside "0.031", "27" inside "127" or "2.7" are other numbers.
                let decimal_after =
                    after == Some(b'.') && hay.get(end + 1).is_some_and(u8::is_ascii_digit);
                let decimal_before = (before == Some(b'.') || before == Some(b','))
                    && at >= 2
                    && hay[at - 2].is_ascii_digit()
                    && needle.as_bytes()[0].is_ascii_digit();
                if glued(before) || glued(after) || decimal_after || decimal_before {
                    continue;
                }
                first.get_or_insert(at);
                let lo = floor_char(&self.lower, at.saturating_sub(reach));
                let hi = ceil_char(&self.lower, (end + reach).min(hay.len()));
                let window = &self.lower[lo..hi];
                if near.is_empty() || near.iter().any(|n| window.contains(n)) {
                    return self.around(at, end);
                }
            }
        }
        first.map(|at| self.around(at, at + 1)).unwrap_or_default()
    }

    fn around(&self, start: usize, end: usize) -> String {
        let text = self.text;
        let lo = floor_char(text, start.saturating_sub(80));
        let hi = ceil_char(text, (end + 80).min(text.len()));
        let mut out = String::new();
        if lo > 0 {
            out.push('…');
        }
        let mut space = false;
        for c in text[lo..hi].chars() {
            if c.is_whitespace() {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                out.push(c);
                space = false;
            }
        }
        if hi < text.len() {
            out.push('…');
        }
        out
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// How a number may be written: `0.03`, `0.030`, `.03`, `0·03`.
pub(super) fn decimal_spellings(v: f64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in 0..=6 {
        let s = format!("{v:.d$}");
        if s.parse::<f64>().is_ok_and(|x| p_eq(x, v)) && !out.contains(&s) {
            out.push(s);
        }
    }
    let extra: Vec<String> = out
        .iter()
        .flat_map(|s| {
            let mut e = vec![s.replace('.', "·")];
            if let Some(rest) = s.strip_prefix("0.") {
                e.push(format!(".{rest}"));
            }
            e
        })
        .collect();
    out.extend(extra);
    out
}

pub(super) fn count_spellings(n: u64) -> Vec<String> {
    let plain = n.to_string();
    let mut out = vec![plain.clone()];
    if n >= 1000 {
        let mut grouped = String::new();
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        out.push(grouped.clone());
        out.push(grouped.replace(',', " "));
    }
    out
}

pub(super) const PEOPLE: &[&str] = &[
    "patient",
    "participant",
    "subject",
    "people",
    "person",
    "individual",
    "women",
    "men",
    "children",
    "adult",
    "volunteer",
    "case",
    "n =",
    "n=",
    "randomi",
    "enrol",
    "recruit",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_searched_as_journals_print_them() {
        let s = decimal_spellings(0.03);
        for want in ["0.03", "0.030", ".03", "0·03"] {
            assert!(s.iter().any(|x| x == want), "{want} not in {s:?}");
        }
        assert!(!s.iter().any(|x| x == "0.0"), "{s:?}");
        assert_eq!(count_spellings(1094), ["1094", "1,094", "1 094"]);
        assert_eq!(count_spellings(54), ["54"]);
    }
}
