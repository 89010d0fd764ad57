//! Text with inline markup (`<i>`, `<b>`, `<sup>`, `<sub>`, MathML) made
//! plain, so that words do not glue and numbers do not split.
//!
//! * `<i>`, `<b>`, `<u>` and unknown inline elements add nothing: the file's
//!   own whitespace says where words end (`<i>P</i>&lt;0.05` stays
//!   `P<0.05`).
//! * `<sup>` and `<sub>` are written in parentheses, as NLM writes them in
//!   MEDLINE text (`10<sup>−5</sup>` → `10(−5)`, `m<sup>2</sup>` → `m(2)`,
//!   `β<sub>2</sub>` → `β(2)`): the same article reads the same from
//!   PubMed XML and from a `.nbib` export, and the p-value extractor reads
//!   `P = 3 × 10(−5)` as 3e-5 and `P(interaction) = 0.03` as a p-value.
//! * MathML gives the text of its tokens (`<mi>p</mi><mo>&lt;</mo><mn>0.05</mn>`
//!   → `p<0.05`), the second child of `<msup>` in parentheses like
//!   `<sup>`; annotations (TeX, MathML-in-XML) and `<tex-math>` are left
//!   out, so no markup leaks into the text.
//! * Runs of XML whitespace (space, tab, line breaks: pretty-printed XML
//!   breaks lines inside a paragraph) become one space; the result is
//!   trimmed. Other Unicode spaces are the publisher's (`n&#8201;=&#8201;120`,
//!   a no-break space before a unit) and are kept as they are.

/// Builds the plain text of one field.
#[derive(Debug, Default)]
pub struct Inline {
    out: String,
    /// Open elements inside the field, with what they do.
    frames: Vec<Frame>,
    /// Inside an element whose text is left out.
    skip: usize,
    /// A formula just ended: a word right after it gets a space.
    after_math: bool,
}

#[derive(Debug)]
enum Frame {
    /// `<sup>`, `<sub>`, or a superscript MathML child: where its text
    /// starts in `out`.
    Raised(usize),
    /// `<msup>`/`<msub>`/`<msubsup>`: how many children have started.
    Script(usize),
    Skip,
    Math,
    Plain,
}

impl Inline {
    pub fn new() -> Inline {
        Inline::default()
    }

    /// An element starts inside the field.
    pub fn start(&mut self, name: &str) {
        // The second child of a MathML script is raised.
        let raised_child = match self.frames.last_mut() {
            Some(Frame::Script(n)) => {
                *n += 1;
                *n >= 2
            }
            _ => false,
        };
        let frame = match name {
            "annotation" | "annotation-xml" | "tex-math" => Frame::Skip,
            _ if self.skip > 0 => Frame::Plain,
            "sup" | "sub" | "inf" => self.raise(),
            "math" => {
                if self.out.ends_with(char::is_alphanumeric) {
                    self.out.push(' ');
                }
                Frame::Math
            }
            "msup" | "msub" | "msubsup" | "munder" | "mover" | "munderover" => Frame::Script(0),
            "br" | "p" | "list-item" | "mtr" => {
                self.out.push(' ');
                Frame::Plain
            }
            _ if raised_child => self.raise(),
            _ => Frame::Plain,
        };
        if matches!(frame, Frame::Skip) {
            self.skip += 1;
        }
        self.frames.push(frame);
    }

    fn raise(&mut self) -> Frame {
        // Pretty-printed XML puts a line break before `<sup>`; an exponent
        // or a subscript belongs to what stands before it.
        let kept = self.out.trim_end().len();
        self.out.truncate(kept);
        Frame::Raised(self.out.len())
    }

    /// The element opened last ends.
    pub fn end(&mut self) {
        match self.frames.pop() {
            Some(Frame::Raised(start)) => {
                let inner = self.out[start..].trim().to_string();
                self.out.truncate(start);
                if !inner.is_empty() {
                    self.out.push('(');
                    self.out.push_str(&inner);
                    self.out.push(')');
                }
            }
            Some(Frame::Skip) => self.skip -= 1,
            Some(Frame::Math) => self.after_math = true,
            _ => {}
        }
    }

    /// Character data inside the field.
    pub fn text(&mut self, s: &str) {
        if self.skip == 0 {
            if std::mem::take(&mut self.after_math) && s.starts_with(char::is_alphanumeric) {
                self.out.push(' ');
            }
            self.out.push_str(s);
        }
    }

    /// The plain text, whitespace collapsed.
    pub fn finish(self) -> String {
        collapse(&self.out)
    }
}

/// Collapses runs of XML whitespace to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let xml_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    for word in s.split(xml_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `<a>`-style markup given as a list of steps.
    enum S<'a> {
        T(&'a str),
        O(&'a str),
        C,
    }

    fn run(steps: &[S]) -> String {
        let mut b = Inline::new();
        for s in steps {
            match s {
                S::T(t) => b.text(t),
                S::O(n) => b.start(n),
                S::C => b.end(),
            }
        }
        b.finish()
    }

    use S::{C, O, T};

    #[test]
    fn sup_and_sub_in_parentheses_without_gluing_words() {
        assert_eq!(
            run(&[
                T("P = 3 × 10"),
                O("sup"),
                T("−5"),
                C,
                T(" and "),
                O("i"),
                T("P"),
                C,
                T("<0.05")
            ]),
            "P = 3 × 10(−5) and P<0.05"
        );
        assert_eq!(
            run(&[T("fast-acting β\n   "), O("sub"), T("2"), C, T("-agonist")]),
            "fast-acting β(2)-agonist"
        );
        assert_eq!(run(&[T("P"), O("sub"), T(" "), C, T(" = 0.2")]), "P = 0.2");
        // A thin space is the publisher's, not layout.
        assert_eq!(
            run(&[T("n\u{2009}=\u{2009}120\n  ")]),
            "n\u{2009}=\u{2009}120"
        );
    }

    #[test]
    fn mathml_gives_its_tokens_and_no_markup() {
        let steps = [
            T("was significant ("),
            O("math"),
            O("mi"),
            T("p"),
            C,
            O("mo"),
            T("<"),
            C,
            O("msup"),
            O("mn"),
            T("10"),
            C,
            O("mn"),
            T("−3"),
            C,
            C,
            O("annotation"),
            T("p<10^{-3}"),
            C,
            C,
            T(")."),
        ];
        assert_eq!(run(&steps), "was significant (p<10(−3)).");
        assert_eq!(
            run(&[T("a "), O("tex-math"), T("\\frac{1}{2}"), C, T(" b")]),
            "a b"
        );
        assert_eq!(
            run(&[T("where"), O("math"), O("mi"), T("x"), C, C, T("is")]),
            "where x is"
        );
    }
}
