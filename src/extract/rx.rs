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
/// cleared and rebuilt: 512 KiB (the regex crate's default is 2 MiB). With
/// ~580 patterns and one cache per worker thread, the caches are most of a
/// run's memory. Measured on the 4,470 bench texts with `-j2`
/// (heaptrack, 768 KiB): of 178 MB of heap at the end of the run, the
/// lazy DFAs' transition tables hold 115 MB, the compiled patterns (NFAs,
/// forward and reverse) 29 MB, and each thread's fresh caches 12 MB (mostly
/// the lazy DFAs' sparse sets, sized by the reverse NFAs). The cache's use
/// is a long tail over many patterns, so the limit bounds it: peak RSS with
/// `-j2` (`-j1`) is 204 (141) MB at 768 KiB, 192 (132) at 512 KiB, 182
/// (127) at 384 KiB and 169 (119) at 256 KiB, the same records each time.
/// Smaller caches are cleared more often. With `-j2`, three runs of each
/// alternated on a shared machine: 768 KiB takes 6.5-7.0 s of user CPU
/// (wall 3.5-3.9 s), 512 KiB 6.7-6.9 s (3.6-3.8 s), 384 KiB 7.2-7.4 s
/// (3.8-4.3 s), about 8% more; at 256 KiB (`-j1`) user CPU goes from ~7
/// to ~12 s, the caches thrash and searches fall back to the PikeVM.
/// (Earlier callgrind on 496 texts: 8,842M instructions at 1 MiB, 8,868M
/// at 768 KiB, 9,186M at 512 KiB.) 512 KiB keeps the peak under the
/// 200 MB target (issue 15) at the smallest cost in time; 384 KiB would
/// buy 10 MB more room for about 8% more CPU.
const DFA_CACHE: usize = 512 << 10;

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
