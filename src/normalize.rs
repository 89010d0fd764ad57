//! Normalization: decoded text (one string per page) → [`Document`].
//!
//! Two views of the same characters are kept, with the same number of code
//! points so that an offset in one is an offset in the other:
//!
//! * `text` is what the record shows and what every `start`/`end` indexes:
//!   NFKC (so `ﬁ` reads `fi`), line endings unified, invisible characters
//!   (soft hyphens, zero-width spaces, BOMs) dropped and words hyphenated
//!   across a line break joined (`treat-\nment` → `treatment`). Lancet
//!   decimals stay as printed (`0·03`), so a reviewer sees the source.
//! * `fold` is what extractors match against: every dash and minus sign is
//!   `-`, every odd space (thin, no-break, tab) is ` `, a middle dot between
//!   digits is `.`, curly quotes are straight. Patterns then need one
//!   spelling of each, and a match's char offsets index `text` directly.
//!
//! `source_map` maps every char of `text` back to the char of the decoded
//! source it came from, so evidence can be found in the original file.
//!
//! Vulgar fractions and super-/subscripts are exempt from NFKC: `¼` is a
//! known PDF glyph for `=` in p-values (statcheck), and `10⁻⁵` must not turn
//! into `10-5`.

use crate::extract::budget::Budget;
use crate::record::PageSpan;
use crate::sections::{self, Section, SentenceIndex};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Bump when normalization changes in a way that can move offsets: it is
/// part of the incremental key, so every record is rebuilt.
pub const NORMALIZER_VERSION: u32 = 1;

/// A document ready for extraction.
#[derive(Debug, Clone)]
pub struct Document {
    /// The normalized text the record shows; offsets index its code points.
    pub text: String,
    /// The matching view: same code points as `text`, with dashes, spaces,
    /// decimal middle dots and quotes unified.
    pub fold: String,
    /// For every char of `text` (and one past the end), the char offset in
    /// the decoded source it came from.
    pub source_map: Vec<u32>,
    /// Page spans in chars of `text`; empty for formats without pages.
    pub pages: Vec<PageSpan>,
    text_index: CharIndex,
    fold_index: CharIndex,
    sentences: SentenceIndex,
    sections: Vec<(usize, Section)>,
    /// The time and findings budget of extraction on this document
    /// (`--timeout`); unlimited in time unless set.
    pub budget: Budget,
    /// What the shared prefilter pass found (`extract::prefilter`), made
    /// on the first question.
    pub(crate) triggers: std::sync::OnceLock<crate::extract::prefilter::Triggers>,
    /// `fold` in ASCII lower case (same byte offsets), made on first use
    /// and shared by the extractors that scan for words in any case.
    lower: std::sync::OnceLock<String>,
}

impl Document {
    /// The same document with a budget for extraction.
    pub fn with_budget(mut self, budget: Budget) -> Document {
        self.budget = budget;
        self
    }

    /// The same document with some ASCII bytes of `fold` replaced by other
    /// ASCII bytes (every offset stays): an extractor's repaired view of a
    /// damaged text, e.g. TeX's decimal point read as `:` (`p = 0:036`).
    /// `text` is untouched, so findings still show what the document says.
    pub fn with_fold_patched(&self, patches: &[(usize, u8)]) -> Document {
        let mut d = self.clone();
        let mut bytes = std::mem::take(&mut d.fold).into_bytes();
        for &(at, b) in patches {
            if bytes.get(at).is_some_and(u8::is_ascii) && b.is_ascii() {
                bytes[at] = b;
            }
        }
        d.fold = String::from_utf8(bytes).expect("an ASCII byte for an ASCII byte");
        d.lower = std::sync::OnceLock::new();
        d.triggers = std::sync::OnceLock::new();
        d
    }

    /// A document without pages (plain text and other flowing formats).
    pub fn from_text(source: &str) -> Document {
        Self::build(&[source], false)
    }

    /// A paged document (PDF): pages are joined by a newline and keep their
    /// spans, so findings carry their page.
    pub fn from_pages<S: AsRef<str>>(pages: &[S]) -> Document {
        Self::build(pages, true)
    }

    /// Replaces the sections found from headings with the ones a structured
    /// format states: `(char offset in the source text, section)`, in any
    /// order. Offsets are mapped through normalization, so a reader gives
    /// them in the text it built.
    pub fn with_sections(mut self, marks: &[(usize, Section)]) -> Document {
        let mut sections: Vec<(usize, Section)> = marks
            .iter()
            .map(|&(src, section)| {
                // The first char of `text` that comes from at or after `src`.
                let ch = self.source_map.partition_point(|&m| (m as usize) < src);
                let ch = ch.min(self.char_len());
                (self.fold_byte_of_char(ch), section)
            })
            .collect();
        sections.sort_by_key(|&(s, _)| s);
        sections.dedup_by_key(|&mut (s, _)| s);
        self.sections = sections;
        self
    }

    fn build<S: AsRef<str>>(parts: &[S], paged: bool) -> Document {
        let cap: usize = parts.iter().map(|p| p.as_ref().len() + 1).sum();
        let mut text = String::with_capacity(cap);
        let mut map: Vec<u32> = Vec::with_capacity(cap);
        let mut pages = Vec::new();
        let mut src: u32 = 0;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                // Page separator. Each page is dehyphenated on its own, so
                // no join crosses a page break.
                text.push('\n');
                map.push(src);
                src += 1;
            }
            let start = map.len();
            src = normalize_part(part.as_ref(), src, &mut text, &mut map);
            if paged {
                pages.push(PageSpan {
                    page: i as u32 + 1,
                    start,
                    end: map.len(),
                });
            }
        }
        map.push(src);
        let fold = fold_text(&text);
        let text_index = CharIndex::new(&text);
        let fold_index = CharIndex::new(&fold);
        let sentences = SentenceIndex::new(&fold);
        let sections = sections::detect(&fold);
        Document {
            text,
            fold,
            source_map: map,
            pages,
            text_index,
            fold_index,
            sentences,
            sections,
            budget: Budget::unlimited(),
            triggers: std::sync::OnceLock::new(),
            lower: std::sync::OnceLock::new(),
        }
    }

    /// `fold` in ASCII lower case: the same bytes at the same offsets,
    /// with `A`-`Z` as `a`-`z`. Made once per document, on first use.
    pub fn lower(&self) -> &str {
        self.lower.get_or_init(|| self.fold.to_ascii_lowercase())
    }

    /// Length of `text` in code points.
    pub fn char_len(&self) -> usize {
        self.source_map.len() - 1
    }

    /// Char offset (in `text` and `fold`) of a byte offset in `fold`.
    pub fn char_of_fold_byte(&self, byte: usize) -> usize {
        self.fold_index.char_of(byte)
    }

    /// Byte offset in `fold` of a char offset.
    pub fn fold_byte_of_char(&self, ch: usize) -> usize {
        self.fold_index.byte_of(ch)
    }

    /// Byte offset in `text` of a char offset.
    pub fn text_byte_of_char(&self, ch: usize) -> usize {
        self.text_index.byte_of(ch)
    }

    /// Byte offset in `text` of a byte offset in `fold`.
    pub fn text_byte_of_fold_byte(&self, byte: usize) -> usize {
        self.text_byte_of_char(self.char_of_fold_byte(byte))
    }

    /// The slice of `text` between two byte offsets of `fold`.
    pub fn text_of_fold_span(&self, start: usize, end: usize) -> &str {
        &self.text[self.text_byte_of_fold_byte(start)..self.text_byte_of_fold_byte(end)]
    }

    /// 1-based page of a char offset, if the document has pages.
    pub fn page_of_char(&self, ch: usize) -> Option<u32> {
        if self.pages.is_empty() {
            return None;
        }
        let i = self.pages.partition_point(|p| p.start <= ch);
        self.pages.get(i.saturating_sub(1)).map(|p| p.page)
    }

    /// The span of `source` (in chars of the decoded source) that produced
    /// `text[start..end]`.
    pub fn source_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.source_map[start.min(self.char_len())] as usize;
        let e = if end > start {
            self.source_map[(end - 1).min(self.char_len())] as usize + 1
        } else {
            s
        };
        (s, e.max(s))
    }

    /// Byte range in `fold` of the sentence containing a `fold` byte offset.
    pub fn sentence_at(&self, byte: usize) -> (usize, usize) {
        self.sentences.at(byte, self.fold.len())
    }

    /// All sentence ranges (bytes in `fold`), in order.
    pub fn sentences(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.sentences.iter(self.fold.len())
    }

    /// The section a `fold` byte offset falls in.
    pub fn section_at(&self, byte: usize) -> Section {
        let i = self.sections.partition_point(|(s, _)| *s <= byte);
        if i == 0 {
            Section::Front
        } else {
            self.sections[i - 1].1
        }
    }

    /// Section starts (bytes in `fold`), in order.
    pub fn sections(&self) -> &[(usize, Section)] {
        &self.sections
    }
}

/// ASCII bytes copied as they are: printable, newline, tab.
fn is_plain(b: u8) -> bool {
    (0x20..0x7F).contains(&b) || b == b'\n' || b == b'\t'
}

/// Normalizes one part (a page, or the whole text) onto `out`/`map`, whose
/// entries are source char offsets starting at `src`; returns the source
/// offset after the part.
fn normalize_part(s: &str, mut src: u32, out: &mut String, map: &mut Vec<u32>) -> u32 {
    let start_byte = out.len();
    let start_char = map.len();
    let bytes = s.as_bytes();
    let starts_combining = |j: usize| {
        j < bytes.len() && bytes[j] >= 0x80 && s[j..].chars().next().is_some_and(is_combining_mark)
    };
    let mut i = 0;
    let mut after_cr = false;
    while i < bytes.len() {
        let b = bytes[i];
        if is_plain(b) && !(b == b'\n' && after_cr) {
            // A run of plain ASCII, copied in one go; its last char stays
            // out if a combining mark follows it (it is that mark's base).
            let mut j = run_end(bytes, i + 1, is_plain);
            if starts_combining(j) {
                j -= 1;
            }
            if j > i {
                out.push_str(&s[i..j]);
                map.extend(src..src + (j - i) as u32);
                src += (j - i) as u32;
                i = j;
                after_cr = false;
                continue;
            }
        } else if b < 0x80 {
            match b {
                b'\r' | 0x0B | 0x0C => {
                    out.push('\n');
                    map.push(src);
                }
                // The LF of a CRLF was emitted with its CR; other control
                // characters carry nothing.
                _ => {}
            }
            after_cr = b == b'\r';
            src += 1;
            i += 1;
            continue;
        }
        after_cr = false;
        // A cluster: a base char and the combining marks after it.
        let mut j = i + s[i..].chars().next().map_or(1, char::len_utf8);
        let mut n = 1;
        while starts_combining(j) {
            j += s[j..].chars().next().map_or(1, char::len_utf8);
            n += 1;
        }
        push_cluster(&s[i..j], src, out, map);
        src += n;
        i = j;
    }
    dehyphenate(out, map, start_byte, start_char);
    src
}

fn push_cluster(cluster: &str, src: u32, out: &mut String, map: &mut Vec<u32>) {
    let c = cluster.chars().next().expect("cluster is not empty");
    if is_dropped(c) {
        return;
    }
    if is_nfkc_exempt(c) {
        for m in cluster.chars() {
            out.push(m);
            map.push(src);
        }
        return;
    }
    for n in cluster.nfkc() {
        if n.is_control() && n != '\n' && n != '\t' {
            continue;
        }
        out.push(n);
        map.push(src);
    }
}

/// Joins words hyphenated at a line break (`treat-\n  ment` → `treatment`)
/// in `out[start_byte..]`: a lowercase letter, a hyphen, the line break and
/// its indentation, then a lowercase letter. `MSC-\nNP` keeps its hyphen.
fn dehyphenate(out: &mut String, map: &mut Vec<u32>, start_byte: usize, start_char: usize) {
    let part = &out[start_byte..];
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // byte ranges in `part`
    let mut from = 0;
    while let Some(k) = part[from..].find('\n') {
        let nl = from + k;
        from = nl + 1;
        let before = &part[..nl];
        let mut rev = before.char_indices().rev();
        let Some((hy_at, hy)) = rev.next() else {
            continue;
        };
        if !(hy == '-' || hy == '\u{2010}') || !rev.next().is_some_and(|(_, c)| c.is_lowercase()) {
            continue;
        }
        let rest = &part[nl + 1..];
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if rest[indent..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
        {
            cuts.push((hy_at, nl + 1 + indent));
        }
    }
    if cuts.is_empty() {
        return;
    }
    let mut text = String::with_capacity(part.len());
    let mut new_map = Vec::with_capacity(map.len() - start_char);
    let mut cut = cuts.iter().peekable();
    for (ci, (bi, c)) in part.char_indices().enumerate() {
        while cut.peek().is_some_and(|&&(_, e)| e <= bi) {
            cut.next();
        }
        if cut.peek().is_some_and(|&&(s, _)| s <= bi) {
            continue;
        }
        text.push(c);
        new_map.push(map[start_char + ci]);
    }
    out.truncate(start_byte);
    out.push_str(&text);
    map.truncate(start_char);
    map.extend(new_map);
}

/// Characters that carry nothing a reader sees.
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{200B}'
            ..='\u{200D}' // zero-width space, (non-)joiner
            | '\u{2060}' // word joiner
            | '\u{FEFF}' // BOM / zero-width no-break space
            | '\u{FFFE}' | '\u{FFFF}'
    ) || (c.is_control() && c != '\n' && c != '\t')
}

/// Characters whose NFKC form would lose meaning here.
fn is_nfkc_exempt(c: char) -> bool {
    matches!(
        c,
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}' // ² ³ ¹
            | '\u{00BC}'..='\u{00BE}' // ¼ ½ ¾
            | '\u{2070}'..='\u{209F}' // superscripts and subscripts
            | '\u{2150}'..='\u{215F}' // vulgar fractions
    )
}

/// The matching view of normalized text, one char for one char.
fn fold_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut s = String::with_capacity(text.len());
    let mut prev: char = '\0';
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII other than tab is copied as it is, in one go.
        let run = run_end(bytes, i, |b| b < 0x80 && b != b'\t');
        if run > i {
            s.push_str(&text[i..run]);
            prev = bytes[run - 1] as char;
            i = run;
            continue;
        }
        let b = bytes[i];
        if b < 0x80 {
            s.push(if b == b'\t' { ' ' } else { b as char });
            prev = b as char;
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("char boundary");
        i += c.len_utf8();
        let f = match c {
            '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{2043}'
            | '\u{FE58}'
            | '\u{FE63}'
            | '\u{FF0D}' => '-',
            c if c.is_whitespace() => ' ',
            '\u{00B7}' | '\u{2219}' | '\u{22C5}' => {
                let after = bytes.get(i).is_some_and(u8::is_ascii_digit);
                if prev.is_ascii_digit() && after {
                    '.'
                } else {
                    c
                }
            }
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            c => c,
        };
        s.push(f);
        prev = c;
    }
    s
}

/// The end of the run of bytes from `from` on that `keep` accepts: the
/// first index at or after `from` whose byte it refuses, or the length.
/// Nearly all of this text is ASCII, so runs are long: 16 bytes are tested
/// at a time (without stopping early, so the test vectorizes), and only the
/// block that holds the end is walked byte by byte.
#[inline]
fn run_end(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    const BLOCK: usize = 16;
    let mut i = from;
    while let Some(block) = bytes.get(i..i + BLOCK) {
        if !block.iter().fold(true, |all, &b| all & keep(b)) {
            break;
        }
        i += BLOCK;
    }
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

/// Converts between byte and char offsets of one string in O(log n), by
/// remembering where each non-ASCII char ends.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// (byte offset after a non-ASCII char, char offset after it)
    checkpoints: Vec<(u32, u32)>,
}

impl CharIndex {
    pub fn new(s: &str) -> CharIndex {
        let mut checkpoints = Vec::new();
        let mut chars: u32 = 0;
        let bytes = s.as_bytes();
        let mut bi = 0;
        while bi < bytes.len() {
            // Skip the ASCII run: one char per byte.
            let end = run_end(bytes, bi, |b| b < 0x80);
            if end == bytes.len() {
                break;
            }
            chars += (end - bi) as u32;
            bi = end;
            // `s` is UTF-8, so this is the lead byte of a non-ASCII char.
            let b = bytes[bi];
            let len = if b >= 0xF0 {
                4
            } else if b >= 0xE0 {
                3
            } else {
                2
            };
            chars += 1;
            bi += len;
            checkpoints.push((bi as u32, chars));
        }
        CharIndex { checkpoints }
    }

    /// Char offset of a byte offset that lies on a char boundary.
    pub fn char_of(&self, byte: usize) -> usize {
        let i = self
            .checkpoints
            .partition_point(|&(b, _)| b as usize <= byte);
        match i {
            0 => byte,
            _ => {
                let (b, c) = self.checkpoints[i - 1];
                c as usize + (byte - b as usize)
            }
        }
    }

    /// Byte offset of a char offset.
    pub fn byte_of(&self, ch: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(_, c)| c as usize <= ch);
        match i {
            0 => ch,
            _ => {
                let (b, c) = self.checkpoints[i - 1];
                b as usize + (ch - c as usize)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_end_finds_the_first_refused_byte() {
        let ascii = |b: u8| b < 0x80;
        for text in [
            "",
            "a",
            "plain ascii text longer than one block of sixteen bytes",
            "0123456789abcdef",
            "0123456789abcdefé",
            "0123456789abcdeé",
            "é at the start",
            "a run of thirty-two bytes here!!\u{2013} then a dash",
        ] {
            let b = text.as_bytes();
            for from in 0..=b.len() {
                let naive = b[from..]
                    .iter()
                    .position(|&x| !ascii(x))
                    .map_or(b.len(), |k| from + k);
                assert_eq!(run_end(b, from, ascii), naive, "{text:?} from {from}");
                let naive = b[from..]
                    .iter()
                    .position(|&x| !is_plain(x))
                    .map_or(b.len(), |k| from + k);
                assert_eq!(run_end(b, from, is_plain), naive, "{text:?} from {from}");
            }
        }
    }

    fn slice_chars(s: &str, a: usize, b: usize) -> String {
        s.chars().skip(a).take(b - a).collect()
    }

    #[test]
    fn ligatures_become_letters() {
        let d = Document::from_text("signi\u{FB01}cant e\u{FB00}ect");
        assert_eq!(d.text, "significant effect");
        // Both chars of "fi" map back to the one ligature char.
        assert_eq!(d.source_map[5], 5);
        assert_eq!(d.source_map[6], 5);
        assert_eq!(d.source_map[7], 6);
    }

    #[test]
    fn hyphenated_words_are_joined_across_line_breaks() {
        let d = Document::from_text("the treat-\n  ment was safe; MSC-\nNP stays");
        assert_eq!(d.text, "the treatment was safe; MSC-\nNP stays");
        let at = d.text.find("ment").unwrap();
        let (s, _) = d.source_span(at, at + 4);
        assert_eq!(slice_chars("the treat-\n  ment was", s, s + 4), "ment");
    }

    #[test]
    fn page_breaks_are_not_dehyphenated() {
        let d = Document::from_pages(&["ends with a-", "continued here"]);
        assert!(d.text.contains("a-\ncontinued"));
        assert_eq!(d.pages.len(), 2);
        assert_eq!(d.page_of_char(0), Some(1));
        assert_eq!(d.page_of_char(d.pages[1].start + 3), Some(2));
    }

    #[test]
    fn fold_unifies_dashes_spaces_and_lancet_decimals() {
        let d = Document::from_text("EDSS 3\u{00B7}0\u{2013}6\u{00B7}5, P\u{2009}<\u{00A0}0\u{00B7}001 \u{2212}2 \u{00B7} item");
        assert_eq!(d.fold, "EDSS 3.0-6.5, P < 0.001 -2 \u{00B7} item");
        assert_eq!(d.text.chars().count(), d.fold.chars().count());
        assert!(d.text.contains("3\u{00B7}0\u{2013}6\u{00B7}5"));
    }

    #[test]
    fn crlf_and_invisible_chars() {
        let d = Document::from_text("\u{FEFF}a\r\nb\rc\u{00AD}d\u{200B}e");
        assert_eq!(d.text, "a\nb\ncde");
        assert_eq!(d.source_map.len(), d.text.chars().count() + 1);
        // 'c' is source char 5 (BOM, a, \r, \n, b, \r, c).
        let c = d.text.chars().position(|x| x == 'c').unwrap();
        assert_eq!(d.source_map[c], 6);
    }

    #[test]
    fn fractions_and_superscripts_survive_nfkc() {
        let d =
            Document::from_text("p \u{00BC} .03, 3 \u{00D7} 10\u{207B}\u{2075}, \u{03C7}\u{00B2}");
        assert!(d.text.contains('\u{00BC}'));
        assert!(d.text.contains("10\u{207B}\u{2075}"));
        assert!(d.text.contains("\u{03C7}\u{00B2}"));
    }

    #[test]
    fn combining_marks_compose() {
        let d = Document::from_text("Deve\u{0301}lopment");
        assert_eq!(d.text, "Dev\u{00E9}lopment");
        assert_eq!(d.source_map[4], 5);
    }

    #[test]
    fn char_index_round_trips() {
        let s = "a\u{00B7}b\u{2013}c日本d";
        let idx = CharIndex::new(s);
        for (ci, (bi, _)) in s.char_indices().enumerate() {
            assert_eq!(idx.char_of(bi), ci);
            assert_eq!(idx.byte_of(ci), bi);
        }
        assert_eq!(idx.char_of(s.len()), s.chars().count());
        assert_eq!(idx.byte_of(s.chars().count()), s.len());
    }
}
