//! The text of one JATS article as it is built: explicit whitespace between
//! the parts, section marks where the parts start.
//!
//! XML layout whitespace (line breaks inside a `<p>`, indentation) is
//! collapsed to one space; structure makes the line breaks instead: a
//! block (paragraph, title, table row) starts on its own line, a paragraph
//! after a blank line. Whitespace is *pending* until the next character is
//! written, so nested blocks never pile up blank lines and a text never
//! starts or ends with a gap.
//!
//! Parts that need their whole content before they can be written (a
//! title that decides its section, a superscript that may be a citation or
//! an exponent, a table cell) are captured into a sink of their own and
//! handed back as a string.

use crate::ingest::SectionMark;
use crate::sections::Section;

use super::xml::is_xml_space;

/// Whitespace owed before the next character, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Gap {
    None,
    /// Between structural parts (names in a citation): a space, unless the
    /// next character is closing punctuation.
    Soft,
    /// Whitespace in the source text.
    Space,
    Line,
    Para,
}

struct Sink {
    text: String,
    gap: Gap,
    /// Table cells and captured titles: line breaks become spaces.
    one_line: bool,
}

/// The text being built: the article's text at the bottom, captures above.
pub(super) struct Out {
    sinks: Vec<Sink>,
    marks: Vec<SectionMark>,
    /// A mark to place at the next character written to the article's text
    /// unless a real heading comes first (body without sections, the rest
    /// of a section after its subsections).
    deferred: Option<(String, Section)>,
    section: Section,
    /// After an inline heading (`Background: `): the paragraph that follows
    /// stays on the heading's line.
    hold: bool,
    /// Chars in the article's text up to `counted_bytes`.
    counted_chars: usize,
    counted_bytes: usize,
}

impl Out {
    pub(super) fn new() -> Out {
        Out {
            sinks: vec![Sink {
                text: String::new(),
                gap: Gap::None,
                one_line: false,
            }],
            marks: Vec::new(),
            deferred: None,
            section: Section::Front,
            hold: false,
            counted_chars: 0,
            counted_bytes: 0,
        }
    }

    fn top(&mut self) -> &mut Sink {
        self.sinks
            .last_mut()
            .expect("the article's sink is never popped")
    }

    /// Bytes of text held, captures included (the per-article size check).
    pub(super) fn len(&self) -> usize {
        self.sinks.iter().map(|s| s.text.len()).sum()
    }

    /// Owes at least `gap` before the next character.
    pub(super) fn gap(&mut self, gap: Gap) {
        if self.hold && self.sinks.len() == 1 && gap > Gap::Space {
            return;
        }
        let top = self.top();
        top.gap = top.gap.max(gap);
    }

    /// Writes source text: layout whitespace collapses to one space.
    pub(super) fn text(&mut self, s: &str) {
        for (i, piece) in s.split(is_xml_space).enumerate() {
            if i > 0 {
                self.gap(Gap::Space);
            }
            if !piece.is_empty() {
                self.raw(piece);
            }
        }
    }

    /// Writes `s` as it is, after the whitespace owed.
    pub(super) fn raw(&mut self, s: &str) {
        let Some(first) = s.chars().next() else {
            return;
        };
        self.flush_gap(first);
        if self.sinks.len() == 1 {
            self.hold = false;
            if let Some((label, section)) = self.deferred.take() {
                self.place_mark(label, section);
            }
        }
        self.top().text.push_str(s);
    }

    /// Writes `s` right after what came before, dropping a soft or source
    /// space owed (`,` between names, `: ` after an inline heading).
    pub(super) fn attach(&mut self, s: &str) {
        let top = self.top();
        if top.gap <= Gap::Space {
            top.gap = Gap::None;
        }
        if !top.text.is_empty() {
            top.text.push_str(s);
        }
    }

    fn flush_gap(&mut self, next: char) {
        let top = self.sinks.last_mut().expect("sink");
        let gap = match top.gap {
            Gap::Line | Gap::Para if top.one_line => Gap::Space,
            g => g,
        };
        top.gap = Gap::None;
        if top.text.is_empty() {
            return;
        }
        let t = &mut top.text;
        match gap {
            Gap::None => {}
            Gap::Soft if matches!(next, ',' | '.' | ';' | ':' | ')' | ']' | '}') => {}
            Gap::Soft | Gap::Space => {
                if !t.ends_with(char::is_whitespace) {
                    t.push(' ');
                }
            }
            Gap::Line | Gap::Para => {
                let keep = t.trim_end_matches([' ', '\t']).len();
                t.truncate(keep);
                let want = if gap == Gap::Para { 2 } else { 1 };
                let have = t.len() - t.trim_end_matches('\n').len();
                for _ in have..want {
                    t.push('\n');
                }
            }
        }
    }

    /// Starts a capture: what is written next goes to it until
    /// [`Out::end_capture`].
    pub(super) fn capture(&mut self, one_line: bool) {
        self.sinks.push(Sink {
            text: String::new(),
            gap: Gap::None,
            one_line,
        });
    }

    /// Ends the innermost capture and returns its text, trimmed.
    pub(super) fn end_capture(&mut self) -> String {
        if self.sinks.len() == 1 {
            return String::new();
        }
        let sink = self.sinks.pop().expect("checked");
        let t = sink.text.trim_end();
        t.trim_start().to_string()
    }

    /// True when what is written goes to the article's text (no capture).
    pub(super) fn at_base(&self) -> bool {
        self.sinks.len() == 1
    }

    /// The last character written to the current sink.
    pub(super) fn last_char(&self) -> Option<char> {
        self.sinks.last().and_then(|s| s.text.chars().next_back())
    }

    /// The current sink's text so far (to see what a citation already
    /// says before its identifier).
    pub(super) fn current(&self) -> &str {
        self.sinks.last().map_or("", |s| s.text.as_str())
    }

    /// A heading: a part of the article starts here, with this label.
    /// Writes nothing; call before writing the heading's text.
    pub(super) fn mark(&mut self, label: &str, section: Section) {
        if !self.at_base() {
            return;
        }
        self.deferred = None;
        // The mark points at the heading's first character: settle the
        // whitespace owed now (the first character is not known yet, and
        // only a soft gap cares).
        self.flush_gap('x');
        self.place_mark(label.to_string(), section);
    }

    /// Keeps the next paragraph on the current line (after an inline
    /// heading), until something is written.
    pub(super) fn hold_line(&mut self) {
        self.hold = true;
    }

    /// A mark for the next character written, unless a heading comes first.
    pub(super) fn defer_mark(&mut self, label: &str, section: Section) {
        if self.section != section || self.marks.is_empty() {
            self.deferred = Some((label.to_string(), section));
        } else {
            self.deferred = None;
        }
    }

    fn place_mark(&mut self, label: String, section: Section) {
        let text = &self.sinks[0].text;
        self.counted_chars += text[self.counted_bytes..].chars().count();
        self.counted_bytes = text.len();
        self.section = section;
        self.marks.push(SectionMark {
            start: self.counted_chars,
            label,
            section,
        });
    }

    /// The section the text is in now.
    pub(super) fn section(&self) -> Section {
        self.section
    }

    /// The article's text and its section marks.
    pub(super) fn finish(mut self) -> (String, Vec<SectionMark>) {
        let mut text = std::mem::take(&mut self.sinks[0].text);
        let keep = text.trim_end().len();
        text.truncate(keep);
        text.push('\n');
        let len = text.chars().count();
        self.marks.retain(|m| m.start < len);
        (text, self.marks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_whitespace_collapses_and_blocks_break_lines() {
        let mut o = Out::new();
        o.gap(Gap::Para);
        o.text("  A randomized\n   trial ");
        o.gap(Gap::Para);
        o.gap(Gap::Line);
        o.text("Next");
        o.text(" ");
        o.gap(Gap::Line);
        o.text("line");
        assert_eq!(o.finish().0, "A randomized trial\n\nNext\nline\n");
    }

    #[test]
    fn soft_gaps_yield_to_punctuation_and_captures_are_one_line() {
        let mut o = Out::new();
        o.text("Smith");
        o.gap(Gap::Soft);
        o.text(", J");
        o.gap(Gap::Soft);
        o.text("Lancet");
        o.capture(true);
        o.text("cell");
        o.gap(Gap::Para);
        o.text("two ");
        assert_eq!(o.end_capture(), "cell two");
        assert_eq!(o.finish().0, "Smith, J Lancet\n");
    }

    #[test]
    fn marks_count_chars_and_deferred_marks_yield_to_headings() {
        let mut o = Out::new();
        o.text("Títle é");
        o.gap(Gap::Para);
        o.mark("Methods", Section::Methods);
        o.raw("Methods");
        o.gap(Gap::Line);
        o.text("We did.");
        o.defer_mark("Body", Section::Other);
        o.gap(Gap::Para);
        o.mark("Results", Section::Results);
        o.raw("Results");
        o.defer_mark("Methods", Section::Methods);
        o.gap(Gap::Para);
        o.text("more");
        let (text, marks) = o.finish();
        let starts: Vec<(usize, Section)> = marks.iter().map(|m| (m.start, m.section)).collect();
        assert_eq!(
            starts,
            vec![
                (9, Section::Methods),
                (26, Section::Results),
                (35, Section::Methods)
            ]
        );
        let chars: Vec<char> = text.chars().collect();
        let at = |i: usize| chars[i..].iter().take(4).collect::<String>();
        assert_eq!(
            (at(9), at(26), at(35)),
            ("Meth".into(), "Resu".into(), "more".into())
        );
    }
}
