//! The start tags of the front matter (`front/article-meta`, sub-articles,
//! abstracts, keywords, funding): what each element's text is for (the
//! metadata, or the text) and what its end does.

use super::*;

impl ArticleParser {
    /// Opens a front-matter element; false when `name` is not one here
    /// (the body's elements are asked next).
    pub(super) fn start_front(&mut self, name: &str, attrs: &dyn Attrs, o: &mut Open) -> bool {
        self.start_meta(name, attrs, o) || self.start_front_text(name, attrs, o)
    }

    /// The article, its sub-articles and the metadata elements whose text
    /// or attributes become the record's metadata.
    fn start_meta(&mut self, name: &str, attrs: &dyn Attrs, o: &mut Open) -> bool {
        match name {
            "article" => {
                o.ctx.emit = false;
                if self.frames.is_empty() {
                    if let Some(t) = attrs.get("article-type") {
                        self.meta.publication_type(&t);
                    }
                }
            }
            "sub-article" | "response" => {
                o.ctx = Ctx {
                    emit: true,
                    sub_article: true,
                    ..Ctx::default()
                };
                self.out.gap(Gap::Para);
                o.heading = Some(container(None, None, Some(Section::Other), false));
                let kind = attrs.get("article-type").unwrap_or_else(|| name.into());
                if let Some(h) = &mut o.heading {
                    h.default_label = Some(kind);
                }
            }
            "front" => o.ctx.emit = false,
            "journal-title" if !o.ctx.sub_article && !o.ctx.article_meta => {
                o.end = self.capture(&mut o.ctx, End::JournalTitle);
            }
            "article-meta" if !o.ctx.sub_article => {
                o.ctx.article_meta = true;
                o.ctx.emit = false;
            }
            "article-id"
                if o.ctx.article_meta && o.parent_name.as_deref() == Some("article-meta") =>
            {
                let kind = attrs.get("pub-id-type").unwrap_or_default();
                o.end = self.capture(&mut o.ctx, End::ArticleId(kind));
            }
            "subj-group" => {
                o.ctx.heading_subjects = attrs
                    .get("subj-group-type")
                    .is_none_or(|t| t.eq_ignore_ascii_case("heading"));
            }
            "subject" if o.ctx.article_meta && o.ctx.heading_subjects => {
                o.end = self.capture(&mut o.ctx, End::Subject);
            }
            "article-title"
                if o.ctx.article_meta && o.parent_name.as_deref() == Some("title-group") =>
            {
                o.end = self.capture(&mut o.ctx, End::ArticleTitle);
            }
            "pub-date" if o.ctx.article_meta => {
                o.aux = attrs
                    .get("pub-type")
                    .or_else(|| attrs.get("date-type"))
                    .unwrap_or_default();
            }
            "year" if o.ctx.article_meta && o.parent_name.as_deref() == Some("pub-date") => {
                let kind = self
                    .frames
                    .last()
                    .map(|f| f.aux.clone())
                    .unwrap_or_default();
                o.end = self.capture(&mut o.ctx, End::Year(kind));
            }
            "meta-name" if o.ctx.article_meta => o.end = self.capture(&mut o.ctx, End::MetaName),
            "meta-value" if o.ctx.article_meta => o.end = self.capture(&mut o.ctx, End::MetaValue),
            "related-object" if o.ctx.article_meta => {
                for a in ["document-id", "source-id", "xlink:href", "object-id"] {
                    if let Some(v) = attrs.get(a) {
                        self.meta.registry(&v);
                    }
                }
            }
            "ext-link" if o.ctx.article_meta => {
                let link_type = attrs.get("ext-link-type").unwrap_or_default();
                let href = attrs.get("xlink:href");
                o.end = self.capture(&mut o.ctx, End::ExtLink { link_type, href });
            }
            _ => return false,
        }
        true
    }

    /// Front matter that is text of the record: abstracts, author notes,
    /// keywords and funding.
    fn start_front_text(&mut self, name: &str, attrs: &dyn Attrs, o: &mut Open) -> bool {
        match name {
            "abstract" | "trans-abstract" if o.ctx.article_meta || o.ctx.sub_article => {
                o.ctx.emit = true;
                o.ctx.abstract_ = true;
                let mut label = match attrs.get("abstract-type").as_deref() {
                    Some("graphical") => "Graphical abstract",
                    Some("teaser" | "summary" | "author-summary" | "precis") => "Summary",
                    _ => "Abstract",
                }
                .to_string();
                if name == "trans-abstract" {
                    if let Some(lang) = attrs.get("xml:lang") {
                        label = format!("{label} ({lang})");
                    }
                }
                o.heading = Some(container(Some(&label), Some(Section::Abstract), None, true));
            }
            // Author notes often hold the trial registration
            // (`ClinicalTrials.gov identifier: NCT00580840.`) and funding;
            // the correspondence address is left out.
            "author-notes" if o.ctx.article_meta => {
                o.ctx.emit = true;
                self.out.gap(Gap::Para);
                o.heading = Some(container(
                    Some("Author notes"),
                    None,
                    Some(Section::BackMatter),
                    true,
                ));
            }
            "corresp" if o.ctx.article_meta => o.ctx.emit = false,
            "kwd-group" if o.ctx.article_meta => {
                o.ctx.emit = true;
                let mut h = container(Some("Keywords"), None, Some(Section::Other), true);
                h.inline = true;
                o.heading = Some(h);
            }
            "kwd" => {
                if let Some(f) = self.frames.last_mut() {
                    if f.count > 0 {
                        self.out.attach(";");
                        self.out.gap(Gap::Space);
                    }
                    f.count += 1;
                }
            }
            "funding-group" if o.ctx.article_meta => {
                o.ctx.emit = true;
                o.heading = Some(container(
                    Some("Funding"),
                    None,
                    Some(Section::BackMatter),
                    true,
                ));
            }
            "award-group" | "funding-statement" => {
                self.out.gap(Gap::Line);
                o.end = End::Gap(Gap::Line);
            }
            "principal-award-recipient" | "principal-investigator" => o.ctx.emit = false,
            "funding-source" | "award-id" => {
                self.out.gap(Gap::Soft);
                o.end = End::Gap(Gap::Soft);
            }
            _ => return false,
        }
        true
    }
}
