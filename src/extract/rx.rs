//! How the extractors compile their patterns: `\d` is read as the ASCII
//! digits `[0-9]`.
//!
//! Every number the extractors keep is parsed from ASCII digits (NFKC has
//! already made fullwidth and mathematical digits ASCII), so a Unicode `\d`
//! buys nothing, and it is costly: its ~70 ranges of other scripts' digits
//! split the byte alphabet of each lazy DFA into many classes, so every
//! cached state is several times larger, and a counted gap like
//! `[^\d;]{0,80}` grows a large automaton per step. Measured on the 4,470
//! bench texts: the lazy DFA caches of one thread hold ~10 MB less, with
//! the same records.
//!
//! The pattern is otherwise kept as written: only the spans of `\d` and
//! `\D` are replaced (`[0-9]` and `[^0-9]`; `0-9` and `[:^digit:]` inside a
//! bracket), found by regex-syntax's parser, so escapes like `\\d` and
//! `(?x)` comments are left alone.

use regex::{Regex, RegexBuilder};
use regex_syntax::ast::{self, Ast, ClassPerl, ClassPerlKind, ClassSetItem};

/// The lazy DFA cache each pattern may fill per thread before it is
/// cleared and rebuilt: 768 KiB (the regex crate's default is 2 MiB). With
/// ~700 patterns and one cache per worker thread, the caches are most of a
/// run's memory (each worker adds ~60 MB on the 4,470 bench texts). With
/// 2 threads the peak RSS is 182 MB at 1 MiB when the patterns were ~400,
/// 198-199 MB at 1 MiB with ~700, 191 MB at 768 KiB and 179 MB at
/// 512 KiB, the same records each time. Smaller caches are cleared more
/// often: callgrind on 496 bench texts (-j1) counts 8,842M instructions at
/// 1 MiB, 8,868M (+0.3%) at 768 KiB and 9,186M (+3.9%) at 512 KiB.
const DFA_CACHE: usize = 768 << 10;

/// [`Regex::new`] with `\d` read as `[0-9]`, and a lazy DFA cache of
/// [`DFA_CACHE`] bytes.
pub fn new(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_digits(pattern))
        .dfa_size_limit(DFA_CACHE)
        .build()
}

/// The pattern with every `\d` / `\D` spelled as ASCII digits. A pattern
/// that does not parse is returned as it is (the compiler reports it).
pub fn ascii_digits(pattern: &str) -> String {
    if !pattern.contains("\\d") && !pattern.contains("\\D") {
        return pattern.to_string();
    }
    let Ok(tree) = ast::parse::Parser::new().parse(pattern) else {
        return pattern.to_string();
    };
    let Ok(mut spans) = ast::visit(&tree, Digits(Vec::new())) else {
        return pattern.to_string();
    };
    spans.sort_unstable();
    let mut out = String::with_capacity(pattern.len() + 4 * spans.len());
    let mut at = 0;
    for (start, end, with) in spans {
        out.push_str(&pattern[at..start]);
        out.push_str(with);
        at = end;
    }
    out.push_str(&pattern[at..]);
    out
}

/// Collects `(start, end, replacement)` of each Perl digit class.
struct Digits(Vec<(usize, usize, &'static str)>);

impl Digits {
    fn note(&mut self, c: &ClassPerl, in_bracket: bool) {
        if c.kind != ClassPerlKind::Digit {
            return;
        }
        let with = match (in_bracket, c.negated) {
            (false, false) => "[0-9]",
            (false, true) => "[^0-9]",
            (true, false) => "0-9",
            (true, true) => "[:^digit:]",
        };
        self.0.push((c.span.start.offset, c.span.end.offset, with));
    }
}

impl ast::Visitor for Digits {
    type Output = Vec<(usize, usize, &'static str)>;
    type Err = ();

    fn finish(self) -> Result<Self::Output, ()> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, a: &Ast) -> Result<(), ()> {
        if let Ast::ClassPerl(c) = a {
            self.note(c, false);
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
        if let ClassSetItem::Perl(c) = item {
            self.note(c, true);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_become_ascii() {
        assert_eq!(
            ascii_digits(r"\d{1,3}(?:,\d{3})+"),
            r"[0-9]{1,3}(?:,[0-9]{3})+"
        );
        assert_eq!(ascii_digits(r"[^\d;]{0,80}?"), r"[^0-9;]{0,80}?");
        assert_eq!(ascii_digits(r"[\D.]\D"), r"[[:^digit:].][^0-9]");
        assert_eq!(ascii_digits(r"\\d\s\w"), r"\\d\s\w");
        assert_eq!(
            ascii_digits("(?x) \\d # a \\d\n x"),
            "(?x) [0-9] # a \\d\n x"
        );
        let re = new(r"^[^\d;]+\d$").unwrap();
        assert!(re.is_match("ab7"));
        assert!(!re.is_match("ab\u{0667}"));
        assert!(re.is_match("\u{0663}b7"));
    }
}
