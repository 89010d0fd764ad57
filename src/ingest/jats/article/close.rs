//! End tags: what an element leaves behind when it closes (a captured
//! value for the metadata, a heading, a table cell or table, a
//! superscript, a citation marker), and the identifiers of references.

use super::*;

impl ArticleParser {
    /// Closes a front-matter element whose text is a value of the
    /// metadata.
    fn finish_meta(&mut self, end: End) {
        match end {
            End::ArticleId(kind) => {
                let v = self.out.end_capture();
                self.meta.article_id(&kind, &v);
            }
            End::ArticleTitle => {
                let t = self.out.end_capture();
                self.meta.title(&t);
                self.out.gap(Gap::Para);
                self.out.raw(&t);
                self.out.gap(Gap::Para);
            }
            End::JournalTitle => {
                let t = self.out.end_capture();
                self.meta.journal(&t);
            }
            End::Year(kind) => {
                let y = self.out.end_capture();
                self.meta.year(&kind, &y);
            }
            End::Subject => {
                let s = self.out.end_capture();
                self.meta.publication_type(&s);
            }
            End::MetaName => {
                let n = self.out.end_capture();
                if let Some(p) = self.frames.last_mut() {
                    p.aux = n;
                }
            }
            End::MetaValue => {
                let v = self.out.end_capture();
                let name = self.frames.last().map(|p| p.aux.to_lowercase());
                if name.is_some_and(|n| n.contains("regist") || n.contains("trial")) {
                    self.meta.registry(&v);
                }
            }
            End::ExtLink { link_type, href } => {
                let t = self.out.end_capture();
                self.meta.ext_link(&link_type, href.as_deref(), &t);
                if self.ctx().emit {
                    self.out.text(&t);
                }
            }
            _ => {}
        }
    }

    pub(super) fn finish_element(&mut self, f: Frame) {
        match f.end {
            End::Nothing => {}
            End::Gap(g) => self.out.gap(g),
            End::CaptionPart => {
                if self.out.last_char().is_some_and(|c| c.is_alphanumeric()) {
                    self.out.attach(".");
                }
                self.out.gap(Gap::Space);
            }
            End::ArticleId(_)
            | End::ArticleTitle
            | End::JournalTitle
            | End::Year(_)
            | End::Subject
            | End::MetaName
            | End::MetaValue
            | End::ExtLink { .. } => self.finish_meta(f.end),
            End::HeadingTitle | End::HeadingLabel => {
                let t = self.out.end_capture();
                if let Some(h) = self.frames.last_mut().and_then(|p| p.heading.as_mut()) {
                    if matches!(f.end, End::HeadingTitle) {
                        h.title = Some(t);
                    } else {
                        h.label = Some(t);
                    }
                }
                if matches!(f.end, End::HeadingTitle) {
                    self.flush_pending_heading();
                }
            }
            End::Label => self.finish_label(),
            End::Etal | End::Sup | End::Sub | End::CiteXref | End::TexMath => self.finish_inline(f),
            End::Cell { .. } | End::Table => self.finish_table(f.end),
            End::Term => {
                self.out.attach(":");
                self.out.gap(Gap::Space);
            }
            End::Container => {
                self.out.gap(Gap::Para);
                // The section around this one resumes.
                if let Some((section, label)) =
                    self.frames.iter().rev().find_map(|p| p.owns.clone())
                {
                    self.out.defer_mark(&label, section);
                }
            }
        }
    }

    /// Closes a label: a figure's, table's or numbered reference's label
    /// ends with a full stop, and the text after it stays on its line.
    fn finish_label(&mut self) {
        let l = self.out.end_capture();
        if !l.is_empty() && self.ctx().emit {
            self.out.raw(&l);
            let captioned = self.frames.last().is_some_and(|p| {
                matches!(
                    p.name.as_str(),
                    "fig" | "table-wrap" | "supplementary-material" | "boxed-text" | "media"
                )
            });
            let numbered_ref = self.frames.last().is_some_and(|p| p.name == "ref")
                && l.chars().all(|c| c.is_ascii_digit());
            if (captioned || numbered_ref) && !l.ends_with(['.', ':', ')']) {
                self.out.attach(".");
            }
            self.out.gap(Gap::Space);
            // `a Mann–Whitney test.`: a footnote's or list item's
            // paragraph stays on its label's line.
            self.out.hold_line();
        }
    }

    /// Closes inline markup: `et al.`, superscripts, subscripts,
    /// citation markers and TeX formulas.
    fn finish_inline(&mut self, f: Frame) {
        match f.end {
            End::Etal => {
                let t = self.out.end_capture();
                self.out.gap(Gap::Soft);
                self.out.raw(if t.is_empty() { "et al." } else { &t });
            }
            End::Sup => {
                let s = self.out.end_capture();
                self.write_sup(&s, f.has_xref);
            }
            End::Sub => {
                let s = self.out.end_capture();
                // `P<sub>trend</sub>` reads `P trend`; `HbA<sub>1c</sub>`
                // and `CO<sub>2</sub>` stay one word.
                let word = s.chars().count() >= 2 && s.starts_with(char::is_alphabetic);
                if word && self.out.last_char().is_some_and(char::is_alphabetic) {
                    self.out.gap(Gap::Soft);
                }
                self.out.raw(&s);
            }
            End::CiteXref => {
                let s = self.out.end_capture();
                let glued = self.out.last_char().is_some_and(char::is_alphanumeric);
                let in_sup = self.frames.last().is_some_and(|p| p.name == "sup");
                if glued && !in_sup && s.starts_with(|c: char| c.is_ascii_digit()) {
                    self.out.gap(Gap::Soft);
                    self.out.raw(&format!("[{s}]"));
                } else {
                    self.out.raw(&s);
                }
            }
            End::TexMath => {
                let t = self.out.end_capture();
                self.out.raw(&math::tex_to_text(&t));
            }
            _ => {}
        }
    }

    /// Closes a table cell (its text goes into the table) or a table (its
    /// rows are written, one per line).
    fn finish_table(&mut self, end: End) {
        match end {
            End::Cell {
                colspan,
                rowspan,
                header,
            } => {
                let s = self.out.end_capture();
                match self.tables.last_mut() {
                    Some(t) => t.cell(s, colspan, rowspan, header),
                    None => {
                        self.out.gap(Gap::Space);
                        self.out.raw(&s);
                    }
                }
            }
            End::Table => {
                let t = self.tables.pop().unwrap_or_default();
                let lines = t.render();
                if !self.out.at_base() && !self.tables.is_empty() {
                    // A table in a cell: its rows in the cell, `;` between.
                    self.out.gap(Gap::Space);
                    self.out.raw(&lines.join("; "));
                } else {
                    self.out.gap(Gap::Para);
                    for l in &lines {
                        self.out.raw(l);
                        self.out.gap(Gap::Line);
                    }
                    self.out.gap(Gap::Para);
                }
            }
            _ => {}
        }
    }

    /// A superscript: a citation marker in brackets, apart from the word
    /// before it (`27 patients [12]`, never `patients12` or `2712`); digits
    /// and signs as superscript characters (`10⁻⁵`, `m²`, `27¹²`).
    pub(super) fn write_sup(&mut self, s: &str, has_xref: bool) {
        if s.is_empty() {
            return;
        }
        // `<sup>3,4</sup>`, `<sup>5–7</sup>`: citation numbers without an
        // xref, as many publishers tag them.
        let number_list = s.chars().any(|c| matches!(c, ',' | '–' | '-'))
            && s.chars().next().is_some_and(|c| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '–' | '-' | ' '));
        let cite = has_xref || number_list || self.frames.last().is_some_and(|p| p.name == "xref");
        if cite {
            self.out.gap(Gap::Soft);
            if s.starts_with(['[', '(']) {
                self.out.raw(s);
            } else {
                self.out.raw(&format!("[{s}]"));
            }
            return;
        }
        if let Some(sup) = math::superscript(s) {
            self.out.raw(&sup);
            return;
        }
        // A footnote marker (`0.03)<sup>a</sup>`) stands apart; an ordinal
        // (`10<sup>th</sup>`) does not.
        let ordinal = matches!(s, "st" | "nd" | "rd" | "th");
        let glued = self
            .out
            .last_char()
            .is_some_and(|c| c.is_alphanumeric() || c == ')');
        if glued && !ordinal && s.starts_with(char::is_alphanumeric) {
            self.out.gap(Gap::Soft);
        }
        self.out.raw(s);
    }

    /// `doi:` or `PMID:` before a reference's identifier, unless the
    /// citation says so already.
    pub(super) fn pub_id_prefix(&mut self, kind: Option<&str>) {
        if !self.ctx().emit {
            return;
        }
        // The last few characters are enough (the whole text would make
        // every reference cost the article's length).
        let cur = self.out.current();
        let tail = cur.char_indices().rev().nth(15).map_or(0, |(i, _)| i);
        let before = cur[tail..].trim_end().to_lowercase();
        let prefix = match kind {
            Some("doi")
                if !(before.ends_with("doi:")
                    || before.ends_with("doi")
                    || before.ends_with("doi.org/")) =>
            {
                "doi:"
            }
            Some("pmid") if !(before.ends_with("pmid:") || before.ends_with("pmid")) => "PMID:",
            _ => return,
        };
        // `PMID: 9223838; doi:…`: a DOI after a number is set off by `;`,
        // so that a reference never reads as PubMed's line for the article
        // itself (`PMID: … doi:`), which the DOI extractor takes for the
        // article's own DOI even inside a reference list.
        if prefix == "doi:" && before.ends_with(|c: char| c.is_ascii_digit()) {
            self.out.attach(";");
        }
        self.out.gap(Gap::Soft);
        self.out.raw(prefix);
        if prefix == "PMID:" {
            self.out.gap(Gap::Space);
        }
    }
}
