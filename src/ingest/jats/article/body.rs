//! The start tags of the body and back matter: sections and their
//! headings, paragraphs and blocks, tables, inline markup, formulas and
//! citations.

use super::*;

impl ArticleParser {
    /// Opens a body or back-matter element (after [`Self::start_front`]
    /// said it is not front matter).
    pub(super) fn start_body(&mut self, name: &str, attrs: &dyn Attrs, o: &mut Open) {
        let handled = self.start_container(name, attrs, o)
            || self.start_block(name, o)
            || self.start_table_part(name, attrs, o)
            || self.start_inline(name, attrs, o);
        if !handled && is_silent(name) {
            o.ctx.emit = false;
        }
    }

    /// The body, back matter and sections: elements that carry a heading.
    fn start_container(&mut self, name: &str, attrs: &dyn Attrs, o: &mut Open) -> bool {
        match name {
            "body" | "back" | "floats-group" | "floats-wrap" => {
                o.ctx.emit = true;
                o.ctx.back = name == "back";
                if name != "back" {
                    self.out.gap(Gap::Para);
                    o.heading = Some(container(Some(name), None, Some(Section::Other), false));
                }
            }
            "sec" => {
                self.out.gap(Gap::Para);
                let hint = attrs.get("sec-type").map(|t| sec_type(&t));
                let mut h = container(None, None, hint.filter(|&s| s != Section::Other), true);
                h.inline = o.ctx.abstract_;
                o.heading = Some(h);
                o.end = End::Container;
            }
            "ack" => {
                o.ctx.emit = true;
                self.out.gap(Gap::Para);
                o.heading = Some(container(
                    Some("Acknowledgements"),
                    None,
                    Some(Section::BackMatter),
                    true,
                ));
                o.end = End::Container;
            }
            "ref-list" => {
                o.ctx.emit = true;
                self.out.gap(Gap::Para);
                o.heading = Some(container(
                    Some("References"),
                    Some(Section::References),
                    None,
                    true,
                ));
                o.end = End::Container;
            }
            "glossary" | "app-group" | "app" | "notes" => {
                o.ctx.emit = true;
                self.out.gap(Gap::Para);
                let (label, section) = match name {
                    "glossary" => (Some("Abbreviations"), Section::BackMatter),
                    "notes" => (Some("Notes"), Section::BackMatter),
                    "app-group" => (Some("Appendix"), Section::Other),
                    _ => (None, Section::Other),
                };
                o.heading = Some(container(label, None, Some(section), true));
                o.end = End::Container;
            }
            "fn-group" if o.parent_name.as_deref() == Some("back") => {
                self.out.gap(Gap::Para);
                o.heading = Some(container(
                    Some("Notes"),
                    None,
                    Some(Section::BackMatter),
                    true,
                ));
                o.end = End::Container;
            }
            _ => return false,
        }
        true
    }

    /// Headings' parts, captions, paragraphs and other blocks: the gaps
    /// around them.
    fn start_block(&mut self, name: &str, o: &mut Open) -> bool {
        match name {
            "title" if o.in_heading => o.end = self.capture(&mut o.ctx, End::HeadingTitle),
            "label" if o.in_heading => o.end = self.capture(&mut o.ctx, End::HeadingLabel),
            "label" => o.end = self.capture(&mut o.ctx, End::Label),
            "caption" => {
                self.out.gap(Gap::Space);
                o.end = End::Gap(Gap::Para);
            }
            "title" | "p" if o.parent_name.as_deref() == Some("caption") => {
                // `Table 1. Baseline characteristics. Values are …` on one line.
                o.end = End::CaptionPart;
            }
            "title" | "list-item" | "def-item" | "ref" | "fn" | "verse-line" | "disp-formula" => {
                self.out.gap(Gap::Line);
                o.end = End::Gap(Gap::Line);
            }
            "p"
            | "list"
            | "def-list"
            | "disp-quote"
            | "boxed-text"
            | "statement"
            | "fig"
            | "fig-group"
            | "table-wrap"
            | "table-wrap-group"
            | "table-wrap-foot"
            | "supplementary-material"
            | "media"
            | "chem-struct-wrap"
            | "verse-group"
            | "speech"
            | "preformat"
            | "code"
            | "fn-group"
            | "disp-formula-group" => {
                self.out.gap(Gap::Para);
                o.end = End::Gap(Gap::Para);
            }
            "term" => o.end = End::Term,
            "break" => self.out.gap(Gap::Space),
            _ => return false,
        }
        true
    }

    /// Tables, rows and cells.
    fn start_table_part(&mut self, name: &str, attrs: &dyn Attrs, o: &mut Open) -> bool {
        match name {
            "table" if o.ctx.emit => {
                self.tables.push(Table::default());
                o.end = End::Table;
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.start_row();
                }
            }
            "th" | "td" => {
                let span = |a: &str| {
                    attrs
                        .get(a)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                };
                let cell = End::Cell {
                    colspan: span("colspan"),
                    rowspan: span("rowspan"),
                    header: name == "th",
                };
                o.end = self.capture_one_line(&mut o.ctx, cell);
            }
            _ => return false,
        }
        true
    }

    /// Inline markup, citations and their parts.
    fn start_inline(&mut self, name: &str, attrs: &dyn Attrs, o: &mut Open) -> bool {
        match name {
            "sup" => o.end = self.capture_one_line(&mut o.ctx, End::Sup),
            "sub" => o.end = self.capture_one_line(&mut o.ctx, End::Sub),
            "xref" => {
                let kind = attrs.get("ref-type").unwrap_or_default();
                if kind == "bibr" {
                    if let Some(f) = self.frames.last_mut().filter(|f| f.name == "sup") {
                        f.has_xref = true;
                    }
                    o.end = self.capture_one_line(&mut o.ctx, End::CiteXref);
                }
            }
            "tex-math" => o.end = self.capture_one_line(&mut o.ctx, End::TexMath),
            "alternatives" => o.aux = String::new(),
            "element-citation" | "nlm-citation" => o.ctx.citation = Some(true),
            "mixed-citation" => o.ctx.citation = Some(false),
            // NLM 2.x `citation` is either; `display-unstructured` is text.
            "citation" => {
                let t = attrs.get("citation-type").unwrap_or_default();
                o.ctx.citation = Some(!t.contains("unstructured"));
            }
            "name" | "string-name" if self.structured_citation() => {
                if let Some(f) = self.frames.last_mut() {
                    if f.count > 0 {
                        self.out.attach(",");
                    }
                    f.count += 1;
                }
            }
            "etal" if o.ctx.citation.is_some() => {
                o.end = self.capture_one_line(&mut o.ctx, End::Etal)
            }
            "issue" if self.structured_citation() => self.out.attach("("),
            "fpage" if self.structured_citation() => self.out.attach(":"),
            "lpage" if self.structured_citation() => self.out.attach("–"),
            "pub-id" => self.pub_id_prefix(attrs.get("pub-id-type").as_deref()),
            _ => return false,
        }
        true
    }
}
