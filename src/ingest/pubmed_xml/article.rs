//! One `PubmedArticle` (or `PubmedBookArticle`): its elements, as the
//! reader passes them, become the article's text, section marks and
//! metadata.
//!
//! Which element means what depends on where it stands, so every event
//! comes with the open elements inside the article (`stack`):
//!
//! * the PMID is `MedlineCitation/PMID` (`BookDocument/PMID`), never the
//!   PMIDs of `CommentsCorrections` (errata, comments) or of references;
//! * the DOI is `PubmedData/ArticleIdList/ArticleId[@IdType="doi"]`, else an
//!   `ELocationID[@EIdType="doi"]` (of `Article`, `Book` or
//!   `BookDocument`); a `pii` beside it is only a pii. `ArticleIdList`s
//!   inside `ReferenceList` belong to the references;
//! * registry IDs come from `DataBankList` banks that are trial registries
//!   ([`metadata_ids::registry_ref`]), not GenBank or PDB;
//! * the text is the title, the abstract (each `AbstractText` on its own
//!   line behind its `Label`, `OtherAbstract`s after it) and the reference
//!   list under a `References` heading, with a [`SectionMark`] for each
//!   part, so that a DOI in a reference is `cited` and a number under
//!   `BACKGROUND:` belongs to another study.

use super::inline::{collapse, Inline};
use crate::ingest::metadata_ids;
use crate::ingest::{keys, Article, Content, SectionMark};
use crate::record::{Metadata, RegistryRef};
use crate::sections::Section;
use quick_xml::events::BytesStart;

/// One `AbstractText`.
#[derive(Debug, Default)]
struct Part {
    label: Option<String>,
    category: Option<String>,
    text: String,
}

/// An `OtherAbstract`: its type and language, and its parts.
#[derive(Debug, Default)]
struct Other {
    kind: Option<String>,
    language: Option<String>,
    parts: Vec<Part>,
}

/// A `Reference` of the `ReferenceList`.
#[derive(Debug, Default)]
struct Reference {
    citation: String,
    doi: Option<String>,
}

/// What a captured element's text is for.
#[derive(Debug)]
enum Target {
    Pmid,
    Title,
    BookTitle,
    Abstract(Part),
    OtherAbstract(Part),
    Citation,
    ArticleId(String),
    ReferenceId(String),
    ELocation(String),
    Journal,
    MedlineTa,
    Year,
    PubType,
    BankName,
    Accession,
}

/// An element whose text is being collected.
struct Capture {
    target: Target,
    /// `stack.len()` when it started: its end comes back to it.
    depth: usize,
    text: Inline,
}

/// What has been read of one article.
#[derive(Default)]
pub struct ArticleParts {
    book: bool,
    pmids: Vec<String>,
    title: String,
    book_title: String,
    parts: Vec<Part>,
    others: Vec<Other>,
    references: Vec<Reference>,
    /// `ArticleIdList` of the article: (IdType, value).
    ids: Vec<(String, String)>,
    /// `ELocationID`s: (EIdType, value).
    elocations: Vec<(String, String)>,
    journal: Option<String>,
    medline_ta: Option<String>,
    year: Option<u16>,
    publication_types: Vec<String>,
    /// `DataBank`s: (name, accessions).
    banks: Vec<(String, Vec<String>)>,
    capture: Option<Capture>,
    warnings: Vec<String>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    let v = a
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()?;
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// The element `n` levels above the one that starts (1: its parent).
fn up(stack: &[String], n: usize) -> &str {
    stack
        .len()
        .checked_sub(n)
        .and_then(|i| stack.get(i))
        .map_or("", String::as_str)
}

impl ArticleParts {
    pub fn new(root: &str) -> ArticleParts {
        ArticleParts {
            book: root == "PubmedBookArticle",
            ..ArticleParts::default()
        }
    }

    /// The article's PMID, once read.
    pub fn pmid(&self) -> Option<&str> {
        self.pmids.first().map(String::as_str)
    }

    pub fn warn(&mut self, w: String) {
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    /// An element starts; `stack` holds the elements open inside the
    /// article (not yet this one).
    pub fn start(&mut self, stack: &[String], name: &str, e: &BytesStart) {
        if let Some(c) = &mut self.capture {
            c.text.start(name);
            return;
        }
        let parent = up(stack, 1);
        let grand = up(stack, 2);
        let target = match name {
            "PMID" if matches!(parent, "MedlineCitation" | "BookDocument") => Target::Pmid,
            "ArticleTitle" if matches!(parent, "Article" | "BookDocument") => Target::Title,
            "BookTitle" if parent == "Book" => Target::BookTitle,
            "AbstractText" if parent == "Abstract" => Target::Abstract(Part {
                label: attr(e, "Label"),
                category: attr(e, "NlmCategory"),
                text: String::new(),
            }),
            "AbstractText" if parent == "OtherAbstract" => Target::OtherAbstract(Part {
                label: attr(e, "Label"),
                category: attr(e, "NlmCategory"),
                text: String::new(),
            }),
            "OtherAbstract" => {
                self.others.push(Other {
                    kind: attr(e, "Type"),
                    language: attr(e, "Language"),
                    parts: Vec::new(),
                });
                return;
            }
            "Reference" => {
                self.references.push(Reference::default());
                return;
            }
            "Citation" if parent == "Reference" => Target::Citation,
            "ArticleId" if parent == "ArticleIdList" => {
                let kind = attr(e, "IdType").unwrap_or_default().to_ascii_lowercase();
                if grand == "Reference" {
                    Target::ReferenceId(kind)
                } else if matches!(grand, "PubmedData" | "PubmedBookData" | "BookDocument") {
                    Target::ArticleId(kind)
                } else {
                    return;
                }
            }
            "ELocationID" if matches!(parent, "Article" | "Book" | "BookDocument") => {
                Target::ELocation(attr(e, "EIdType").unwrap_or_default().to_ascii_lowercase())
            }
            "Title" if parent == "Journal" => Target::Journal,
            "MedlineTA" if parent == "MedlineJournalInfo" => Target::MedlineTa,
            "Year" | "MedlineDate"
                if parent == "PubDate" && matches!(grand, "JournalIssue" | "Book") =>
            {
                Target::Year
            }
            "PublicationType" if matches!(parent, "PublicationTypeList" | "BookDocument") => {
                Target::PubType
            }
            "DataBank" => {
                self.banks.push((String::new(), Vec::new()));
                return;
            }
            "DataBankName" if parent == "DataBank" => Target::BankName,
            "AccessionNumber" if parent == "AccessionNumberList" => Target::Accession,
            _ => return,
        };
        self.capture = Some(Capture {
            target,
            depth: stack.len(),
            text: Inline::new(),
        });
    }

    /// An element ends; `stack` no longer holds it.
    pub fn end(&mut self, stack: &[String]) {
        let Some(c) = &mut self.capture else {
            return;
        };
        if stack.len() > c.depth {
            c.text.end();
            return;
        }
        let c = self.capture.take().expect("capture");
        let text = c.text.finish();
        self.store(c.target, text);
    }

    /// Character data (entities already resolved).
    pub fn text(&mut self, s: &str) {
        if let Some(c) = &mut self.capture {
            c.text.text(s);
        }
    }

    fn store(&mut self, target: Target, text: String) {
        match target {
            Target::Pmid => {
                if !text.is_empty() {
                    self.pmids.push(text);
                }
            }
            Target::Title => self.title = text,
            Target::BookTitle => self.book_title = text,
            Target::Abstract(mut p) => {
                p.text = text;
                self.parts.push(p);
            }
            Target::OtherAbstract(mut p) => {
                p.text = text;
                if let Some(o) = self.others.last_mut() {
                    o.parts.push(p);
                }
            }
            Target::Citation => {
                if let Some(r) = self.references.last_mut() {
                    r.citation = text;
                }
            }
            Target::ArticleId(kind) => self.ids.push((kind, text)),
            Target::ReferenceId(kind) => {
                if kind == "doi" {
                    if let Some(r) = self.references.last_mut() {
                        r.doi = crate::ingest::citation::clean_doi(&text);
                    }
                }
            }
            Target::ELocation(kind) => self.elocations.push((kind, text)),
            Target::Journal => self.journal = Some(text).filter(|t| !t.is_empty()),
            Target::MedlineTa => self.medline_ta = Some(text).filter(|t| !t.is_empty()),
            Target::Year => {
                // `2018`, or a MedlineDate such as `1998 Dec-1999 Jan`.
                if self.year.is_none() {
                    self.year = first_year(&text);
                }
            }
            Target::PubType => {
                if !text.is_empty() && !self.publication_types.contains(&text) {
                    self.publication_types.push(text);
                }
            }
            Target::BankName => {
                if let Some(b) = self.banks.last_mut() {
                    b.0 = text;
                }
            }
            Target::Accession => {
                if let Some(b) = self.banks.last_mut() {
                    b.1.push(text);
                }
            }
        }
    }

    /// The article's DOI: the `ArticleIdList`'s, else an `ELocationID`'s.
    fn doi(&self) -> Option<String> {
        let from = |list: &[(String, String)]| {
            list.iter()
                .filter(|(k, _)| k == "doi")
                .find_map(|(_, v)| crate::ingest::citation::clean_doi(v))
        };
        from(&self.ids).or_else(|| from(&self.elocations))
    }

    fn metadata(&self) -> Metadata {
        let pmcid = self
            .ids
            .iter()
            .find(|(k, v)| k == "pmc" && !v.is_empty())
            .map(|(_, v)| v.clone());
        let mut registry_ids: Vec<RegistryRef> = Vec::new();
        for (bank, accessions) in &self.banks {
            for a in accessions {
                if let Some(r) = metadata_ids::registry_ref(bank, a) {
                    if !registry_ids.iter().any(|x| x.id == r.id) {
                        registry_ids.push(r);
                    }
                }
            }
        }
        let title = if self.title.is_empty() {
            &self.book_title
        } else {
            &self.title
        };
        Metadata {
            pmid: self.pmid().map(str::to_string),
            pmcid,
            doi: self.doi(),
            title: Some(title.clone()).filter(|t| !t.is_empty()),
            journal: self.journal.clone().or_else(|| self.medline_ta.clone()),
            year: self.year,
            publication_types: self.publication_types.clone(),
            registry_ids,
        }
    }

    /// The article, or why it is not one.
    pub fn finish(mut self, index: usize) -> Result<Article, String> {
        if self.pmids.len() > 1 {
            let w = format!(
                "the article has {} PMID elements ({}); the first is taken as its PMID",
                self.pmids.len(),
                self.pmids.join(", ")
            );
            self.warn(w);
        }
        let metadata = self.metadata();
        let (text, sections) = self.build_text();
        if metadata.pmid.is_none() && text.trim().is_empty() && metadata.doi.is_none() {
            return Err("empty article: no PMID, no DOI, no title and no abstract".into());
        }
        if text.trim().is_empty() {
            self.warn("no text: the article has neither a title nor an abstract".into());
        }
        let key = keys::for_article(Some(&metadata), None, index);
        Ok(Article {
            index,
            key: Some(key),
            content: Content::Text(text),
            sections,
            metadata: Some(metadata),
            warnings: self.warnings,
            encoding: Some("utf-8".into()),
            backend: None,
        })
    }

    /// The readable text and where each part starts.
    fn build_text(&self) -> (String, Vec<SectionMark>) {
        let mut t = Text::default();
        let title = if self.title.is_empty() {
            &self.book_title
        } else {
            &self.title
        };
        if !title.is_empty() {
            t.mark("Title", Section::Front);
            t.line(title);
        }
        if self.book && !self.title.is_empty() && !self.book_title.is_empty() {
            t.line(&format!("In: {}", self.book_title));
        }
        t.parts(&self.parts, None);
        for o in &self.others {
            let about: Vec<&str> = [o.kind.as_deref(), o.language.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            let heading = if about.is_empty() {
                "Other abstract".to_string()
            } else {
                format!("Other abstract ({})", about.join(", "))
            };
            t.parts(&o.parts, Some(&heading));
        }
        let refs: Vec<&Reference> = self
            .references
            .iter()
            .filter(|r| !r.citation.is_empty() || r.doi.is_some())
            .collect();
        if !refs.is_empty() {
            t.blank();
            t.mark("References", Section::References);
            t.line("References");
            for (i, r) in refs.iter().enumerate() {
                let mut line = format!("{}. {}", i + 1, r.citation);
                if let Some(d) = &r.doi {
                    if !r.citation.to_lowercase().contains(d.as_str()) {
                        line.push_str(&format!(" doi:{d}"));
                    }
                }
                t.line(&line);
            }
        }
        (t.out, t.marks)
    }
}

/// The first four-digit year in a date field.
fn first_year(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let boundary = i == 0 || !b[i - 1].is_ascii_digit();
        let after = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (boundary && after && w.iter().all(u8::is_ascii_digit))
            .then(|| s[i..i + 4].parse().ok())
            .flatten()
            .filter(|y| (1000..=2999).contains(y))
    })
}

/// The text being built, with its section marks (char offsets).
#[derive(Default)]
struct Text {
    out: String,
    chars: usize,
    marks: Vec<SectionMark>,
}

impl Text {
    fn mark(&mut self, label: &str, section: Section) {
        self.marks.push(SectionMark {
            start: self.chars,
            label: label.to_string(),
            section,
        });
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
        self.chars += s.chars().count();
    }

    fn line(&mut self, s: &str) {
        self.push(s);
        self.push("\n");
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.push("\n");
        }
    }

    /// Abstract parts, each its own paragraph behind its label, under an
    /// optional heading line.
    fn parts(&mut self, parts: &[Part], heading: Option<&str>) {
        let parts: Vec<&Part> = parts.iter().filter(|p| !p.text.is_empty()).collect();
        if parts.is_empty() {
            return;
        }
        self.blank();
        if let Some(h) = heading {
            self.mark(h, Section::Abstract);
            self.line(h);
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.blank();
            }
            let label = p.label.as_deref().map(collapse).filter(|l| !l.is_empty());
            let section = section_of(label.as_deref(), p.category.as_deref());
            match &label {
                Some(l) => {
                    self.mark(l, section);
                    self.line(&format!("{}: {}", l.trim_end_matches(':'), p.text));
                }
                None => {
                    self.mark("Abstract", section);
                    self.line(&p.text);
                }
            }
        }
    }
}

/// The section an abstract part is: its label's, else its NLM category's
/// (`Label="PATIENTS" NlmCategory="METHODS"`), else the abstract.
fn section_of(label: Option<&str>, category: Option<&str>) -> Section {
    let known = |s: Option<&str>| {
        s.map(Section::from_heading)
            .filter(|s| !matches!(s, Section::Other | Section::Front))
    };
    known(label)
        .or_else(|| known(category.filter(|c| !c.eq_ignore_ascii_case("UNASSIGNED"))))
        .unwrap_or(Section::Abstract)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_dates() {
        assert_eq!(first_year("2018"), Some(2018));
        assert_eq!(first_year("1998 Dec-1999 Jan"), Some(1998));
        assert_eq!(first_year("Spring 12345"), None);
        assert_eq!(first_year(""), None);
    }

    #[test]
    fn label_then_category_then_abstract() {
        assert_eq!(section_of(Some("METHODS"), None), Section::Methods);
        assert_eq!(
            section_of(Some("PATIENTS"), Some("METHODS")),
            Section::Methods
        );
        assert_eq!(
            section_of(Some("TRIAL REGISTRATION"), Some("UNASSIGNED")),
            Section::Registration
        );
        assert_eq!(section_of(None, Some("UNASSIGNED")), Section::Abstract);
        assert_eq!(section_of(None, None), Section::Abstract);
    }
}
