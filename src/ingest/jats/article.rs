//! One JATS `<article>` from its XML events to text, section marks and
//! metadata.
//!
//! Every element opens a [`Frame`] that says whether its text is written
//! (front matter is quiet but for the title, author notes, abstracts,
//! keywords and funding; `processing-meta`, affiliations, correspondence
//! addresses, permissions and graphics are never written), what to do at
//! its end (a gap, a captured value for the
//! metadata, a table cell …) and, for containers with a heading (`sec`,
//! `abstract`, `ack`, `ref-list` …), the heading still to write.
//!
//! What the text looks like (module docs of [`super`] give the reasons):
//!
//! ```text
//! Title of the article
//!
//! Abstract
//! Background: …
//! Methods: …
//!
//! Keywords: multiple sclerosis; stem cells
//!
//! Methods
//! Patients …
//!
//! Table 1. Baseline characteristics.
//! Characteristic | Placebo (n = 27) | MSC (n = 27)
//! EDSS, median (range) | 4.0 (3.0–6.5) | 4.5 (3.0–6.0)
//!
//! References
//! 1. Smith J, Doe A. A trial. Lancet. 2010. doi:10.1016/…
//! ```

use super::builder::{Gap, Out};
use super::math::{self, MathTree};
use super::meta::Meta;
use super::table::Table;
use crate::ingest::{Article, Content, SectionMark};
use crate::record::Metadata;
use crate::sections::Section;

mod body;
mod close;
mod front;

/// Attribute lookup on an element's start tag.
pub(super) trait Attrs {
    fn get(&self, name: &str) -> Option<String>;
}

/// What happens when an element ends.
#[derive(Debug, Clone)]
enum End {
    Nothing,
    Gap(Gap),
    ArticleId(String),
    ArticleTitle,
    JournalTitle,
    Year(String),
    Subject,
    MetaName,
    MetaValue,
    /// A heading container's `<title>` or `<label>`.
    HeadingTitle,
    HeadingLabel,
    /// A `<label>` of a figure, table, reference, footnote or list item.
    Label,
    Sup,
    Sub,
    /// A bibliographic `xref`: bracketed when it would glue to a word.
    CiteXref,
    ExtLink {
        link_type: String,
        href: Option<String>,
    },
    Cell {
        colspan: usize,
        rowspan: usize,
        header: bool,
    },
    Table,
    TexMath,
    Term,
    /// A `sec` (or other heading container): the section around it resumes.
    Container,
    /// A caption's title or paragraph: the caption stays on one line.
    CaptionPart,
    /// `<etal/>`, or `<etal>et al.</etal>`: `et al.` once.
    Etal,
}

/// A heading still to write for a container.
#[derive(Debug, Clone)]
struct Heading {
    default_label: Option<String>,
    /// Given by the element itself (`ref-list` is references whatever its
    /// title says).
    forced: Option<Section>,
    /// From `sec-type` or the kind of container.
    hinted: Option<Section>,
    title: Option<String>,
    label: Option<String>,
    /// Written as a line of its own (else: only a mark).
    line: bool,
    /// `Background: text` on one line (structured abstracts).
    inline: bool,
}

/// What an element's content inherits.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    emit: bool,
    /// Inside `front/article-meta` of the article itself.
    article_meta: bool,
    abstract_: bool,
    /// Inside a citation: `Some(true)` for the structured kind
    /// (`element-citation`), whose parts need spaces made for them.
    citation: Option<bool>,
    heading_subjects: bool,
    sub_article: bool,
    /// Inside `<back>`: a part without a known title is back matter.
    back: bool,
}

/// What a start tag decides for its element (the frame to push), as the
/// front-matter and body handlers fill it in.
struct Open {
    ctx: Ctx,
    end: End,
    heading: Option<Heading>,
    aux: String,
    parent_name: Option<String>,
    /// The parent is a container whose heading is still to come.
    in_heading: bool,
}

#[derive(Debug)]
struct Frame {
    name: String,
    ctx: Ctx,
    end: End,
    heading: Option<Heading>,
    /// For containers whose heading was written: their section and label.
    owns: Option<(Section, String)>,
    /// Children seen (keyword separators, names in a citation).
    count: usize,
    /// A value for the children (`pub-date` type, `meta-name`, the text
    /// length where `alternatives` started).
    aux: String,
    aux_len: usize,
    /// A `sup` that holds a citation `xref`.
    has_xref: bool,
    /// Text seen directly in this element (a citation with its own
    /// punctuation between its parts).
    has_text: bool,
}

/// Inline elements: no space is made around them, even in a structured
/// citation.
fn is_inline_style(name: &str) -> bool {
    matches!(
        name,
        "italic"
            | "bold"
            | "sc"
            | "underline"
            | "monospace"
            | "sans-serif"
            | "roman"
            | "overline"
            | "strike"
            | "styled-content"
            | "named-content"
            | "sup"
            | "sub"
            | "x"
    )
}

/// Elements whose content is never text of the article.
fn is_silent(name: &str) -> bool {
    matches!(
        name,
        "graphic"
            | "inline-graphic"
            | "alt-text"
            | "long-desc"
            | "object-id"
            | "hr"
            | "col"
            | "colgroup"
            | "processing-meta"
            | "permissions"
            | "sec-meta"
            | "bio"
            | "contrib-group"
            | "aff"
            | "private-char"
            | "glyph-data"
            | "front-stub"
    )
}

/// Parses one article.
pub(super) struct ArticleParser {
    out: Out,
    meta: Meta,
    frames: Vec<Frame>,
    tables: Vec<Table>,
    math: Option<MathTree>,
    warnings: Vec<String>,
}

impl ArticleParser {
    pub(super) fn new() -> ArticleParser {
        ArticleParser {
            out: Out::new(),
            meta: Meta::default(),
            frames: Vec::new(),
            tables: Vec::new(),
            math: None,
            warnings: Vec::new(),
        }
    }

    /// Open elements (the reader refuses absurd nesting with it).
    pub(super) fn depth(&self) -> usize {
        self.frames.len() + self.math.as_ref().map_or(0, MathTree::depth)
    }

    /// Bytes of text built so far (the per-article size limit).
    pub(super) fn size(&self) -> usize {
        self.out.len()
    }

    /// True when the `<article>` element has closed.
    pub(super) fn closed(&self) -> bool {
        self.frames.is_empty() && self.math.is_none()
    }

    fn ctx(&self) -> Ctx {
        self.frames.last().map(|f| f.ctx).unwrap_or_default()
    }

    pub(super) fn text(&mut self, s: &str) {
        if let Some(m) = &mut self.math {
            m.text(s);
            return;
        }
        if !self.ctx().emit {
            return;
        }
        // `Sato K, <etal/>. A trial`: the period after `et al.` once.
        let s = match s.strip_prefix('.') {
            Some(rest) if self.out.current().ends_with("et al.") => rest,
            _ => s,
        };
        if !s.trim().is_empty() {
            self.flush_pending_heading();
            if let Some(f) = self.frames.last_mut() {
                f.has_text = true;
            }
        }
        self.out.text(s);
    }

    /// An entity reference quick-xml left to us.
    pub(super) fn entity(&mut self, name: &str) {
        match super::xml::entity(name) {
            Some(t) => self.text(t),
            None => {
                let w = format!("entity &{name}; is not known; it was kept as written");
                if !self.warnings.contains(&w) {
                    self.warnings.push(w);
                }
                self.text(&format!("&{name};"));
            }
        }
    }

    pub(super) fn empty(&mut self, name: &str, attrs: &dyn Attrs) {
        self.start(name, attrs);
        let _ = self.end(name);
    }

    pub(super) fn start(&mut self, qname: &str, attrs: &dyn Attrs) {
        let name = local(qname);
        if let Some(m) = &mut self.math {
            m.start(name);
            return;
        }
        let parent = self.ctx();
        // A container's heading is written before its first other child
        // that may write something (author notes with only an address
        // get no heading).
        if !matches!(name, "title" | "label" | "corresp") && !is_silent(name) {
            self.flush_pending_heading();
        }
        // In `alternatives`, the first child that wrote something wins.
        let skip_alternative = self
            .frames
            .last()
            .is_some_and(|f| f.name == "alternatives" && self.out.len() > f.aux_len);
        if parent.citation.is_some() && !is_inline_style(name) {
            self.out.gap(Gap::Soft);
        }
        let mut ctx = parent;
        if skip_alternative {
            ctx.emit = false;
        }
        let mut o = Open {
            ctx,
            end: End::Nothing,
            heading: None,
            aux: String::new(),
            parent_name: self.frames.last().map(|f| f.name.clone()),
            in_heading: self.frames.last().is_some_and(|f| f.heading.is_some()),
        };
        if name == "math" {
            // Parsed into a tree whatever the context (so that its end is
            // found); the formula's frame says whether it is written.
            let mut m = MathTree::default();
            m.start("math");
            self.math = Some(m);
            self.frames
                .push(frame(qname, o.ctx, End::Nothing, None, o.aux));
            return;
        }
        if !self.start_front(name, attrs, &mut o) {
            self.start_body(name, attrs, &mut o);
        }
        let Open {
            ctx,
            end,
            heading,
            aux,
            ..
        } = o;
        let aux_len = if name == "alternatives" {
            self.out.len()
        } else {
            0
        };
        let mut f = frame(qname, ctx, end, heading, aux);
        f.aux_len = aux_len;
        self.frames.push(f);
    }

    /// Ends the innermost element; an error when `name` is not the element
    /// that is open (the XML is not well-formed).
    pub(super) fn end(&mut self, qname: &str) -> Result<(), String> {
        if let Some(m) = &mut self.math {
            let top = m.top_name().unwrap_or("math").to_string();
            if top != local(qname) {
                return Err(mismatch(qname, &top));
            }
            if m.end() {
                let rendered = self.math.take().expect("math").render();
                let f = self.frames.pop().expect("the formula's frame");
                if f.ctx.emit {
                    self.out.raw(&rendered);
                }
            }
            return Ok(());
        }
        let Some(top) = self.frames.last() else {
            return Err(format!("an end tag </{qname}> without its start"));
        };
        if top.name != qname {
            return Err(mismatch(qname, &top.name));
        }
        let f = self.frames.pop().expect("checked");
        let parent = self.ctx();
        let name = local(qname);
        if parent.citation.is_some() && !is_inline_style(name) && !self.structured_citation() {
            self.out.gap(Gap::Soft);
        } else if parent.citation.is_some() && !is_inline_style(name) {
            // `Smith J, Doe A. A trial of cells. Lancet. 2010` from the
            // parts of a structured citation.
            if matches!(
                name,
                "person-group" | "article-title" | "source" | "chapter-title" | "collab"
            ) && self.out.last_char().is_some_and(|c| !".?!".contains(c))
            {
                self.out.attach(".");
            }
            match name {
                "year" => self.out.attach(";"),
                "issue" => self.out.attach(")"),
                _ => {}
            }
            self.out.gap(Gap::Soft);
        }
        self.finish_element(f);
        Ok(())
    }

    /// In a citation whose parts carry no punctuation of their own
    /// (`element-citation`, or a `citation` without text between its
    /// elements), which the text gets from us.
    fn structured_citation(&self) -> bool {
        self.frames
            .iter()
            .rev()
            .find(|f| {
                matches!(
                    f.name.as_str(),
                    "element-citation" | "nlm-citation" | "mixed-citation" | "citation"
                )
            })
            .is_some_and(|f| f.ctx.citation == Some(true) && !f.has_text)
    }

    /// Starts a capture whose text ends up in the metadata (written even
    /// inside quiet front matter).
    fn capture(&mut self, ctx: &mut Ctx, end: End) -> End {
        ctx.emit = true;
        self.out.capture(true);
        end
    }

    /// Starts a capture of inline content (a cell, a superscript) that is
    /// written only where its element is.
    fn capture_one_line(&mut self, ctx: &mut Ctx, end: End) -> End {
        if !ctx.emit {
            return End::Nothing;
        }
        self.out.capture(true);
        end
    }

    /// Writes the heading of the innermost container if it is still owed.
    fn flush_pending_heading(&mut self) {
        let Some(i) = self.frames.len().checked_sub(1) else {
            return;
        };
        let Some(h) = self.frames[i].heading.take() else {
            return;
        };
        let back = self.frames[i].ctx.back;
        let outer = self.frames[..i]
            .iter()
            .rev()
            .find_map(|p| p.owns.clone())
            .map(|(s, _)| s)
            .unwrap_or(if back {
                Section::BackMatter
            } else {
                self.out.section()
            });
        let titled = |t: &str| {
            let from_title = classify_title(t);
            let nested = matches!(
                outer,
                Section::Methods
                    | Section::Results
                    | Section::Discussion
                    | Section::Conclusion
                    | Section::Background
            );
            // A subsection keeps its section ("Participants" under
            // Results is results), unless it names a registration.
            if nested && from_title != Section::Registration {
                None
            } else {
                Some(from_title).filter(|&s| s != Section::Other)
            }
        };
        let section = h
            .forced
            .or_else(|| h.title.as_deref().and_then(titled))
            .or(h.hinted)
            .unwrap_or(outer);
        let text = match (&h.label, &h.title) {
            (Some(l), Some(t)) if !l.is_empty() => format!("{l} {t}"),
            (_, Some(t)) => t.clone(),
            (Some(l), None) => l.clone(),
            (None, None) => String::new(),
        };
        let label = if text.is_empty() {
            h.default_label.clone().unwrap_or_default()
        } else {
            text.clone()
        };
        self.frames[i].owns = Some((section, label.clone()));
        let words = if text.is_empty() && h.title.is_none() {
            h.default_label.clone().filter(|_| h.line)
        } else {
            Some(text).filter(|_| h.line)
        };
        match words {
            Some(w) if !w.is_empty() => {
                self.out.gap(if h.inline { Gap::Line } else { Gap::Para });
                self.out.mark(&w, section);
                self.out.raw(&w);
                if h.inline {
                    if !w.ends_with([':', '.', '?']) {
                        self.out.attach(":");
                    }
                    self.out.gap(Gap::Space);
                    self.out.hold_line();
                } else {
                    self.out.gap(Gap::Line);
                }
            }
            _ => {
                if section != self.out.section() {
                    self.out.defer_mark(&label, section);
                }
            }
        }
    }

    /// The article: its text, sections, metadata and warnings.
    pub(super) fn finish(self, index: usize, many: bool) -> Article {
        let metadata: Metadata = self.meta.finish();
        let (text, sections): (String, Vec<SectionMark>) = self.out.finish();
        let key = many.then(|| crate::ingest::keys::for_article(Some(&metadata), None, index));
        let mut warnings = self.warnings;
        if text.trim().is_empty() {
            warnings.push("no text: the article has no title, abstract or body text".into());
        }
        Article {
            index,
            key,
            content: Content::Text(text),
            sections,
            metadata: Some(metadata),
            warnings,
            encoding: Some("utf-8".into()),
            backend: None,
        }
    }
}

fn frame(name: &str, ctx: Ctx, end: End, heading: Option<Heading>, aux: String) -> Frame {
    Frame {
        name: name.to_string(),
        ctx,
        end,
        heading,
        owns: None,
        count: 0,
        aux,
        aux_len: 0,
        has_xref: false,
        has_text: false,
    }
}

fn container(
    default_label: Option<&str>,
    forced: Option<Section>,
    hinted: Option<Section>,
    line: bool,
) -> Heading {
    Heading {
        default_label: default_label.map(str::to_string),
        forced,
        hinted,
        title: None,
        label: None,
        line,
        inline: false,
    }
}

fn mismatch(got: &str, open: &str) -> String {
    format!("the end tag </{got}> does not close the open element <{open}>")
}

/// The local part of a qualified name (`mml:math` → `math`).
fn local(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

/// The section a `sec-type` names (JATS's suggested values, `|` joining
/// two: the first counts).
fn sec_type(t: &str) -> Section {
    let first = t.split('|').next().unwrap_or("").trim().to_lowercase();
    match first.as_str() {
        "intro" | "introduction" | "background" => Section::Background,
        "methods" | "materials" | "subjects" | "cases" | "materials-methods" => Section::Methods,
        "results" => Section::Results,
        "discussion" => Section::Discussion,
        "conclusions" | "conclusion" => Section::Conclusion,
        "supplementary-material"
        | "coi-statement"
        | "data-availability"
        | "ethics-statement"
        | "funding-information"
        | "author-contributions" => Section::BackMatter,
        _ => Section::Other,
    }
}

/// The section a title names: numbering dropped (`2. Methods`, `III.
/// RESULTS`), then the whole title, then its first part (`Results and
/// discussion`, `Methods and analysis`).
fn classify_title(title: &str) -> Section {
    let t = title
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ' || c == '\u{A0}');
    let t = match t.split_once(". ") {
        Some((num, rest)) if !num.is_empty() && num.chars().all(|c| "IVX".contains(c)) => rest,
        _ => t,
    };
    let whole = Section::from_heading(t);
    if whole != Section::Other {
        return whole;
    }
    let lower = t.to_lowercase();
    let first = lower
        .split([':', ',', '&'])
        .next()
        .unwrap_or("")
        .split(" and ")
        .next()
        .unwrap_or("");
    Section::from_heading(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_their_sections() {
        assert_eq!(classify_title("2. Materials and methods"), Section::Methods);
        assert_eq!(classify_title("III. RESULTS"), Section::Results);
        assert_eq!(classify_title("Results and discussion"), Section::Results);
        assert_eq!(classify_title("Trial registration"), Section::Registration);
        assert_eq!(classify_title("Statistical analysis"), Section::Other);
        assert_eq!(sec_type("materials|methods"), Section::Methods);
        assert_eq!(local("mml:math"), "math");
    }
}
