//! Whose DOI it is: the document's own DOI is the one labelled as such
//! ("Cite this article", "DOI=", a PubMed `PMID … DOI:` line), printed in a
//! masthead or footer line (`doi:10.…` under the journal name, `PLOS ONE |
//! https://doi.org/…`, a DOI beside the received/accepted dates), printed
//! on the first page outside any reference, or repeated in the running
//! header of several pages. DOIs in the reference list, in reference-like
//! entries, or after "Erratum in", "Comment on" and the like are `cited`;
//! so are the sub-DOIs of figures and sections (`….g001`, `/fig-1`) and
//! container DOIs (a journal's or an issue's).
//!
//! The first page is page 1 where the document has pages. In plain text
//! (a PDF's first page, a header, a whole paper run together) it is the
//! text before the first heading of the body, or the whole text when no
//! body heading is found and the text is no longer than a page.
//!
//! Each occurrence looks at most a few hundred bytes around it, so the cost
//! per DOI is bounded (and the findings cap bounds the DOIs).

use super::candidates::count_read;
use super::Cand;
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use crate::sections::Section;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

// Labels that make a DOI the document's own: "Cite this article as",
// "To cite this article:", "Cite this as:" (BMJ), "To link to this
// article:" (Taylor & Francis), "DOI=" (citation export), "Online Access:"
// (catalogue record), "PMID: 38783390 … DOI:" (PubMed page), "the online
// version of this article (doi:…)".
static SELF_CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)cite this (?:article|paper|as)|to cite this|please cite|how to cite|(?-u:\b)citation:|link to this article|(?:online|electronic) version of this article|this article(?:'s)? (?:is|doi)|article doi|(?-u:\b)doi\s*=\s*$|online access|digital object identifier|(?-u:\b)pmid:\s*\d+\s+(?:pmcid:\s*pmc\d+\s+)?doi:\s*$")
        .expect("self cue regex")
});

// BMC prints the DOI right before "Cite this article as: …".
static SELF_CUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^[\s.,;:]{0,5}(?:cite this article|to cite this|please cite this)",
    )
    .expect("self cue after regex")
});

// Markers that introduce another work: PubMed's "Erratum in", "Comment
// on", "Update of", errata's "The original article", "see also" …
// ("Original Article" alone is a masthead's article type, not a pointer.)
static CITED_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)erratum (?:in|for)|(?:erratum|corrigendum|addendum) to|comment (?:in|on)|commentary on|update (?:in|of)|retraction (?:in|of|notice)|retracted (?:article|publication)|republished (?:in|from)|correction (?:to|in|for)|corrected (?:article|version)|(?-u:\b)correct(?:s|ing)? the|published article|reply to|in response to|(?-u:\b)the original (?:article|version|publication)|original (?:article|version|publication) (?:can|is|was|appeared)|see also|related article|linked article|refers to|similar articles|cited by|expression of concern")
        .expect("cited marker regex")
});

// Prose that points at another paper: "a study published in Frontiers in
// Neurology (https://doi.org/…)", "available from https://…", "See
// Online/Comment http://dx.doi.org/…" (The Lancet). Elsevier's "see front
// matter" in the copyright line is no pointer ([`points_elsewhere`]).
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)©|\(c\)\s?(?:19|20)\d\d|copyright|all rights reserved")
        .expect("copyright regex")
});

static PROSE_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:see(?: front matter)?|available (?:at|from)|accessed|published (?:in|by)|reported (?:in|by)|described (?:in|by)|according to)(?-u:\b)")
        .expect("prose citation regex")
});

// Reference-list entries: a numbered line ("[12] ", "12. ", "30S. R.
// Kawa" where the number is glued to initials), "et al", an author list
// with initials ("Smith JA,", "S. R. Kawa and").
const REFERENCE_CORE: &str = r"(?m)^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s|\d{1,3}\s+[A-Z][a-z]+,?\s+[A-Z]|\d{1,3}[A-Z]\.\s?[A-Z])|(?-u:\b)et al(?-u:\b)|(?-u:\b)[A-Z][a-z]+,?\s[A-Z]{1,3}(?:,\s|\.\s|\s+and\s)[A-Z]|(?-u:\b)[A-Z]\.\s?(?:[A-Z]\.\s?)*[A-Z][a-z]+(?:,|\s+and\s)";

// The same or a year in brackets, anywhere but a first page.
static REFERENCE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"{REFERENCE_CORE}|\(\s*(?:19|20)\d{{2}}[a-z]?\s*\)"
    ))
    .expect("reference entry regex")
});

// Without the year in brackets, for the DOI's own line on a first page,
// where a masthead prints `Clinical Science (2014) 126, 305–313` or `Eur J
// Nutr (2019) 58:123–130` before its DOI.
static REFERENCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(REFERENCE_CORE).expect("reference line regex"));

// BMC's running head names the authors as a reference does, but is
// followed by the journal, the year in brackets and the article number:
// `Smith et al. BMC Neurology (2019) 19:123`.
static RUNNING_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"et al\.?\s+[A-Z][A-Za-z&.\- ]{1,60}\(\s?(?:19|20)\d{2}\s?\)\s?\d+:\s?\d+",
    )
    .expect("running head regex")
});

// What a masthead or page footer prints around the article's DOI: a
// copyright or licence line, the history dates, the journal's site, a
// page count, the `|` of a footer, a price code (`…/10 $26.00 © 2010
// IEEE`), an ISSN, a citation line (`BMJ 2015;350:h2415`, `Postgrad Med J
// 2010;86:272e278.`, `(2014) 126, 305–313`, `(2020), 50, 1123–1132`, `2019,
// Vol. 25(3)`).
static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)©|\(c\)\s?(?:19|20)\d\d|copyright|all rights reserved|creative commons|open access|(?-u:\b)(?:received|accepted|revised|published(?: online)?|available online|first published|advance access)(?-u:\b)|journal homepage|contents lists|www\.|\|\s|\s\||(?-u:\b)\d{1,3}\s?(?:/|of)\s?\d{1,3}\s*$|\$\s?\d|(?-u:\b)issn(?-u:\b)|(?-u:\b)(?:19|20)\d\d\s?;\s?\d+|(?-u:\b)(?:19|20)\d\d,\s?vol|\((?:19|20)\d\d\),?\s?\d+\s?[,:]|(?-u:\b)vol(?:ume)?\.?\s?\d|article (?:id|number)")
        .expect("masthead regex")
});

/// Where a DOI stands, as far as whose it is goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// After "Erratum in", "Comment on" and the like: another work.
    Cited,
    /// In the reference list or a reference-like entry.
    Reference,
    /// Anywhere else in the body.
    Body,
    /// On the first page outside any reference, or in a masthead or footer
    /// line anywhere before the reference list.
    Front,
    /// In a masthead or footer line on the first page.
    Masthead,
    /// Labelled as the document's own ("Cite this article as").
    Label,
}

/// The document's own DOI, or `None`.
pub(super) fn choose_own(doc: &Document, cands: &[Cand]) -> Option<String> {
    let front_end = first_page_end(doc);
    let all: BTreeSet<&str> = cands.iter().map(|c| c.doi.as_str()).collect();
    let mut best: BTreeMap<&str, (Place, usize)> = BTreeMap::new();
    let mut pages: BTreeMap<&str, (BTreeSet<u32>, BTreeSet<u32>)> = BTreeMap::new();
    let mut cited: BTreeMap<&str, usize> = BTreeMap::new();
    for c in cands {
        // Journal and issue DOIs (`10.1002/(issn)2047-9980`,
        // `10.1002/jah3.2018.7.issue-5`) name a container, not the article;
        // figure and section DOIs a part of it.
        // Funder Registry DOIs (`10.13039/501100001809`) name a funder.
        if c.doi.contains("/(issn)")
            || c.doi.contains(".issue-")
            || c.doi.starts_with("10.13039/")
            || is_sub_doi(&c.doi, &all)
            || is_container(doc, c)
        {
            continue;
        }
        let place = self_score(doc, c, front_end);
        if place == Place::Cited {
            cited.entry(c.doi.as_str()).or_insert(c.start);
            continue;
        }
        if let Some(p) = doc.page_of_char(doc.char_of_fold_byte(c.start)) {
            let set = pages.entry(c.doi.as_str()).or_default();
            set.0.insert(p);
            if place != Place::Reference {
                set.1.insert(p);
            }
        }
        let e = best.entry(c.doi.as_str()).or_insert((place, c.start));
        if place > e.0 {
            *e = (place, c.start);
        }
    }
    // A DOI in the running header or footer of several pages: two pages
    // outside any reference, or three pages at all (footers of the pages
    // that hold the reference list look like references).
    for (doi, (any, clean)) in &pages {
        if clean.len() >= 2 || any.len() >= 3 {
            if let Some(e) = best.get_mut(doi) {
                e.0 = e.0.max(Place::Front);
            }
        }
    }
    // One DOI, one role: a DOI cited (`Erratum to: … DOI …`, the original
    // article of a correction) is not the document's own where it stands
    // again further on (a reference entry), nor is a glued copy of it
    // (`…-0793-z26081587`, a PMID glued on).
    best.retain(|doi, &mut (_, at)| {
        !cited
            .iter()
            .any(|(c, &cat)| doi.starts_with(c) && (doi.len() > c.len() || cat < at))
    });
    // A DOI with digits glued on (`qhw.v9.23033|02122013`, the dates of
    // tag-stripped front matter) is a copy of the DOI it extends.
    let keys: Vec<&str> = best.keys().copied().collect();
    best.retain(|doi, _| {
        !keys.iter().any(|k| {
            k.len() < doi.len()
                && doi.starts_with(k)
                && doi[k.len()..].bytes().all(|b| b.is_ascii_digit())
        })
    });
    let top = best.values().map(|v| v.0).max()?;
    let winners: Vec<(&str, usize)> = best
        .iter()
        .filter(|(_, (s, _))| *s == top)
        .map(|(d, (_, at))| (*d, *at))
        .collect();
    // Two different DOIs with nothing but their place to tell them apart
    // (a journal DOI beside the article's in tag-stripped front matter, a
    // data set's DOI in a first page's abstract): no answer is better than
    // a coin toss.
    if top < Place::Front || (top < Place::Label && winners.len() > 1) {
        return None;
    }
    winners
        .into_iter()
        .min_by_key(|&(_, at)| at)
        .map(|(d, _)| d.to_string())
}

/// A journal's or an issue's DOI that no fixed marker gives away: Wiley's
/// issue DOIs (`10.1002/pri.v22.3`, `10.1111/bcp.v82.1`), and in tag-stripped front matter a
/// DOI glued into the journal's metadata, which prints the journal's
/// ISSNs right after its title (`…10.1055/s-0034-1377934Endoscopy
/// International Open2364-37222196-9736©`); an article's metadata comes
/// after the journal's and holds no ISSN.
fn is_container(doc: &Document, c: &Cand) -> bool {
    static WILEY_ISSUE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"^10\.(?:1002|1111|1113)/[a-z0-9]+\.v\d+\.\d")
            .expect("issue doi regex")
    });
    static GLUED_ISSN: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"[A-Za-z]\d{4}-\d{3}[\dXx](?:\d{4}-\d{3}[\dXx])?(?:[^\d\-]|$)")
            .expect("glued issn regex")
    });
    if WILEY_ISSUE.is_match(&c.doi) {
        return true;
    }
    if c.rule != "doi.glued" {
        return false;
    }
    let fold = doc.fold.as_str();
    let end = floor_boundary(fold, c.end + 160);
    count_read(end - c.end);
    let after = &fold[c.end..end];
    let line = after.split('\n').next().unwrap_or("");
    // A publisher's article id (`dee0001-0150`) has an ISSN's shape; an
    // ISSN's last character is its check digit.
    GLUED_ISSN
        .find_iter(line)
        .any(|m| issn_checks(&m.as_str().as_bytes()[1..]))
}

/// Whether `nnnn-nnnC…` (the first nine bytes) is an ISSN whose check
/// character `C` is right (ISO 3297: weights 8 to 2, modulus 11, `X` for 10).
fn issn_checks(s: &[u8]) -> bool {
    let digits: Vec<u32> = s
        .iter()
        .take(9)
        .filter(|b| b.is_ascii_digit())
        .map(|&b| u32::from(b - b'0'))
        .take(7)
        .collect();
    let Some(&check) = s.get(8) else {
        return false;
    };
    if digits.len() != 7 {
        return false;
    }
    let sum: u32 = digits.iter().zip((2..=8).rev()).map(|(d, w)| d * w).sum();
    let want = (11 - sum % 11) % 11;
    match check {
        b'X' | b'x' => want == 10,
        b'0'..=b'9' => want == u32::from(check - b'0'),
        _ => false,
    }
}

/// A DOI of a part of an article: PLOS's figure, table and supplement DOIs
/// (`journal.pone.0173456.g001`, `.t002`, `.s001`; Dove's `vhrm.s9447` is
/// an article), PeerJ's `/fig-1` and
/// `/table-2`, and a numbered part of a DOI the document also prints
/// (eLife's `elife.05896.001` beside `elife.05896`).
fn is_sub_doi(doi: &str, all: &BTreeSet<&str>) -> bool {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?:journal\.p[a-z]{3,4}\.\d{7}\.[gts]\d{3}|/(?:fig|figure|table|supp|supplemental)-\d+[a-z]?)$")
            .expect("sub doi regex")
    });
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::rx::new(r"\.\d{3}$").expect("numbered part regex"));
    if PART.is_match(doi) {
        return true;
    }
    // A supplement's DOI extends the article's: `dc11-0985/-/dc1`.
    let extends = all.iter().any(|base| {
        base.len() < doi.len()
            && doi.starts_with(base)
            && base.contains('/')
            && matches!(doi.as_bytes()[base.len()], b'/' | b'.' | b'-' | b'_')
            && doi.len() - base.len() <= 12
    });
    extends
        || NUMBERED.find(doi).is_some_and(|m| {
            let base = &doi[..m.start()];
            base.contains('/') && all.contains(base)
        })
}

/// The end (a `fold` byte) of the first page: page 1 where the document
/// has pages; otherwise the first heading of the body (a heading alone on
/// its line, not a structured abstract's label) or the end of the text,
/// whichever comes first, when the text is no longer than a page; in a
/// longer text no further than its first [`FRONT_BYTES`].
fn first_page_end(doc: &Document) -> usize {
    let fold = doc.fold.as_str();
    if let Some(p) = doc.pages.first() {
        return doc.fold_byte_of_char(p.end);
    }
    let body_heading = doc.sections().iter().find(|&&(at, s)| {
        s != Section::Abstract
            && s != Section::Front
            && heading_alone(fold, at)
            && !bibliography_box(doc, at)
    });
    // A text longer than a page is a whole paper run together (or
    // tag-stripped XML, whose front matter glues a protocol's DOI beside
    // the article's): only its opening stretch is the first page's top.
    let limit = match fold.len() <= PAGE_BYTES {
        true => fold.len(),
        false => FRONT_BYTES,
    };
    body_heading.map_or(limit, |&(at, _)| at.min(limit))
}

/// About the most text one printed page holds (a dense two-column page of
/// pdftotext output runs to 6,000–8,000 bytes).
const PAGE_BYTES: usize = 9_000;

/// The front matter read in a text longer than a page (tag-stripped
/// metadata, a catalogue record, a whole paper).
const FRONT_BYTES: usize = 1_500;

/// Whether `at` lies in a reference heading's section that opens on the
/// first page and whose opening lines are a masthead's: Thieme's first
/// pages print a box headed `Bibliography` with the article's own DOI,
/// journal, ©, ISSN and online date, where a reference list holds entries.
fn bibliography_box(doc: &Document, at: usize) -> bool {
    // Besides a copyright line ([`COPYRIGHT`]): the ISSN, the online date.
    static BOX: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)(?-u:\b)issn(?-u:\b)|published online").expect("box regex")
    });
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?m)^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s)").expect("numbered regex")
    });
    let secs = doc.sections();
    let i = secs.partition_point(|&(s, _)| s <= at);
    let Some(&(start, Section::References)) = i.checked_sub(1).map(|j| &secs[j]) else {
        return false;
    };
    let on_first_page = match doc.pages.first() {
        Some(p) => start < doc.fold_byte_of_char(p.end),
        None => start < PAGE_BYTES,
    };
    let end = floor_boundary(&doc.fold, start + 400);
    let window = &doc.fold[start..end];
    on_first_page
        && (COPYRIGHT.is_match(window) || BOX.is_match(window))
        && !NUMBERED.is_match(window)
}

/// Whether the heading at `at` stands alone on its line (`Introduction`,
/// `1. Background`), as body headings do, rather than as a label with its
/// text after a colon.
fn heading_alone(fold: &str, at: usize) -> bool {
    let line_end = fold[at..].find('\n').map_or(fold.len(), |e| at + e);
    let line = fold[at..line_end].trim_end();
    !line.contains(':') && line.len() <= 40
}

fn self_score(doc: &Document, c: &Cand, front_end: usize) -> Place {
    let fold = &doc.fold;
    let window = lines_before(fold, c.start, 2);
    if CITED_MARKER.is_match(window) {
        return Place::Cited;
    }
    let after_end = ceil_boundary(fold, c.end + 80);
    let after = &fold[c.end..after_end];
    let near = lines_before(fold, c.start, 1);
    let section = doc.section_at(c.start);
    // In a reference a cue may be words of a cited title (`Please cite
    // this work: a guide`): there it counts only as a label that starts
    // its line.
    let in_reference = section == Section::References || REFERENCE_ENTRY.is_match(near);
    let cue_before = SELF_CUE_BEFORE.find_iter(near).any(|m| {
        !in_reference
            || near[..m.start()]
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty())
    });
    if cue_before || SELF_CUE_AFTER.is_match(after) {
        return Place::Label;
    }
    if section == Section::References && !bibliography_box(doc, c.start) {
        return Place::Reference;
    }
    let own_line = lines_before(fold, c.start, 0);
    // A DOI that starts its line continues the line above (`See
    // Online/Comment` then the link); after other text it does not.
    let alone = {
        let t = own_line.trim();
        t.len() <= 30 && !t.contains(char::is_whitespace)
    };
    let lead = if alone { near } else { own_line };
    if points_elsewhere(lead) || is_data_doi(&c.doi, own_line) {
        return Place::Body;
    }
    let first_page = c.start < front_end;
    // The page number may stand on the line above the footer (PyMuPDF
    // prints `272` and then `Postgrad Med J 2010;86:272e278. doi:…`).
    let footer = page_number_footer(own_line) || page_number_footer(near);
    let reference_like = if footer || page_count_after(fold, c.end) {
        false
    } else if first_page {
        let entry = |l: &str| REFERENCE_LINE.is_match(l) && !RUNNING_HEAD.is_match(l);
        // A DOI alone on its line (`DOI:10.1029/…`) ends the entry above
        // it, unless that line is a masthead's.
        let entry_above = || {
            let para = lines_before(fold, c.start, 3);
            (entry(near) || entry(para)) && !MASTHEAD.is_match(near)
        };
        (entry(own_line) || (alone && entry_above() && !footer_below(fold, c.end)))
            && !cites_own_title(fold, c.start, lines_before(fold, c.start, 3))
    } else {
        REFERENCE_ENTRY.is_match(near) && !(alone && footer_below(fold, c.end))
    };
    if reference_like {
        return Place::Reference;
    }
    // A masthead labels its DOI (`doi:`, `DOI`, a doi.org link); a DOI
    // glued into a run of fields is not in a line of its own.
    let labelled = matches!(c.rule, "doi.prefixed" | "doi.url" | "doi.line_break");
    let masthead = labelled && masthead_line(fold, c.start, c.end);
    // Plain text of a PDF puts the first page's footer (`Postgrad Med J
    // 2010;86:272e278. doi:…`, an IEEE price line) after the start of the
    // body: a footer line still counts within a page's length of text.
    let first_sheet = doc.pages.is_empty() && c.start < PAGE_BYTES;
    match (first_page, masthead) {
        (true, true) => Place::Masthead,
        (true, false) => Place::Front,
        (false, true) if first_sheet => Place::Front,
        _ => Place::Body,
    }
}

/// Whether a reference-like entry on the first page (`entry`: up to three
/// lines, ending at the DOI at `at`) is the paper's own citation:
/// it gives as its title, after the authors' `. ` and before a `.`, `?` or
/// `!`, a line printed above it on the page (Cochrane's cover: `Exercise
/// for depression (Review)` then `Cooney GM, Dwan K. Exercise for
/// depression. Cochrane Database of Systematic Reviews 2013, Issue 9. …
/// DOI: …`). A trailing bracket of the line above (`(Review)`) is no part
/// of the title. Lines of fewer than three words or 15 characters are too
/// plain to tell.
fn cites_own_title(fold: &str, at: usize, entry: &str) -> bool {
    let start = floor_boundary(fold, at.saturating_sub(entry.len()));
    let above = &fold[floor_boundary(fold, start.saturating_sub(PAGE_BYTES))..start];
    count_read(above.len());
    let entry = entry
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    above.lines().any(|l| {
        let mut t = l.trim();
        if t.ends_with(')') {
            if let Some(open) = t.rfind('(') {
                t = t[..open].trim_end();
            }
        }
        let t = t.trim_end_matches(['.', ' ']);
        if t.len() < 15 || t.len() > 300 || t.split_whitespace().count() < 3 {
            return false;
        }
        let t = t
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        entry.match_indices(t.as_str()).any(|(i, m)| {
            let before = entry[..i].trim_end_matches(' ');
            let after = &entry[i + m.len()..];
            (before.ends_with('.') || before.ends_with(':')) && after.starts_with(['.', '?', '!'])
        })
    })
}

/// A page footer that opens with the page number and cites the article by
/// a page range starting at that page (`412 Postgrad Med J 2012;88:412e418.
/// doi:…`, the BMJ journals' footer, which a PDF reader may put last): the
/// number is the page's, not a reference's.
fn page_number_footer(line: &str) -> bool {
    static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(
            r"^\s*(\d{1,5})\s+[A-Z][^\n]{0,80}?(?:19|20)\d\d\s?;\s?\d+(?:\s?\(\d+\))?\s?:\s?(\d{1,5})(?:\D|$)",
        )
        .expect("page footer regex")
    });
    FOOTER
        .captures(line)
        .is_some_and(|c| c.get(1).map(|m| m.as_str()) == c.get(2).map(|m| m.as_str()))
}

/// A footer that ends, after the DOI, with the page's place in the
/// article (`Manoogian et al. eLife 2021;10:e68123. DOI: https://doi.org/…
/// 1 of 20`): the authors and journal before it name this article, as no
/// reference entry ends with a page count.
fn page_count_after(fold: &str, end: usize) -> bool {
    static COUNT: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"^[ \t]+(\d{1,3})[ \t]*(?:of|/)[ \t]*(\d{1,3})[ \t]*(?:\n|$)")
            .expect("page count regex")
    });
    let stop = floor_boundary(fold, end + 20);
    COUNT.captures(&fold[end..stop]).is_some_and(|c| {
        let n = |i: usize| c[i].parse::<u32>().unwrap_or(0);
        n(1) >= 1 && n(1) <= n(2)
    })
}

/// A data set's DOI: a data repository's prefix (Dryad, Zenodo,
/// figshare, OSF, Dataverse, ICPSR, the UK Data Service, PANGAEA), or a
/// DOI in a data availability statement (`line`: the text before it on
/// its line).
fn is_data_doi(doi: &str, line: &str) -> bool {
    static REPOSITORY: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(
            r"(?i)data availability|data (?:are|is) available|repository|data set|dataset",
        )
        .expect("data cue regex")
    });
    const DATA_PREFIXES: [&str; 8] = [
        "10.5061/",
        "10.5281/",
        "10.6084/",
        "10.17605/",
        "10.7910/",
        "10.3886/",
        "10.5255/",
        "10.1594/",
    ];
    DATA_PREFIXES.iter().any(|p| doi.starts_with(p)) || REPOSITORY.is_match(line)
}

/// Prose that points at another paper before the DOI, other than
/// Elsevier's "see front matter".
fn points_elsewhere(near: &str) -> bool {
    PROSE_CITATION.find_iter(near).any(|m| {
        let line_start = near[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_end = near[m.end()..]
            .find('\n')
            .map_or(near.len(), |i| m.end() + i);
        let rest = near[m.end()..].trim_start().to_ascii_lowercase();
        !(m.as_str().eq_ignore_ascii_case("see front matter")
            // `Originally Published in Press as DOI:` (ATS): this article
            // ahead of print.
            || rest.starts_with("press")
            // `© The Author(s) 2019. Published by Oxford University Press`:
            // the publisher of this article, in its copyright line.
            || COPYRIGHT.is_match(&near[line_start..line_end]))
    })
}

/// Whether the line after the DOI ending at `end` is a first page's
/// footer: a copyright or ISSN line (`0022-510X/© 2020 Elsevier B.V.`) or
/// the history dates (`Received 2 October 2019; … Accepted …`). A DOI alone
/// on its line above such a line is the footer's, whatever the body text
/// before it cites (`… (Smith et al., 2015).` above an Elsevier footer).
fn footer_below(fold: &str, end: usize) -> bool {
    static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(
            r"(?i)^[ \t]*(?:\d{4}-\d{3}[\dx]/|©|copyright|(?:received|accepted)(?-u:\b))",
        )
        .expect("footer line regex")
    });
    let rest = &fold[end..];
    let Some(nl) = rest.find('\n') else {
        return false;
    };
    if !rest[..nl].trim().is_empty() {
        return false;
    }
    let line_end = floor_boundary(rest, nl + 1 + 120);
    count_read(line_end);
    FOOTER.is_match(&rest[nl + 1..line_end])
}

/// Whether the DOI at `fold[start..end]` stands in a masthead or footer
/// line: its own line, or the line above or below, prints what mastheads
/// print ([`MASTHEAD`]).
fn masthead_line(fold: &str, start: usize, end: usize) -> bool {
    let above = lines_before(fold, start, 1);
    let line_end = fold[end..]
        .char_indices()
        .filter(|&(_, ch)| ch == '\n')
        .nth(1)
        .map_or(fold.len(), |(i, _)| end + i);
    let below_end = floor_boundary(fold, line_end.min(end + 200));
    count_read(below_end - end);
    MASTHEAD.is_match(above) || MASTHEAD.is_match(&fold[end..below_end])
}

/// The text before `at` on its line and up to `n` lines above, stopping
/// at a blank line (a new paragraph or reference).
fn lines_before(fold: &str, at: usize, n: usize) -> &str {
    let mut start = at;
    let mut seen = 0;
    let bytes = fold.as_bytes();
    while start > 0 && at - start < 400 {
        if bytes[start - 1] == b'\n' {
            if seen == n || blank_line_before(fold, start - 1) {
                break;
            }
            seen += 1;
        }
        start -= 1;
    }
    let start = ceil_boundary(fold, start);
    &fold[start..at]
}

/// Whether the line that ends at the newline at byte `nl` holds only
/// whitespace. Walks back only over whitespace, so a long line costs one
/// char, not its length.
fn blank_line_before(fold: &str, nl: usize) -> bool {
    for c in fold[..nl].chars().rev() {
        count_read(1);
        if c == '\n' {
            return true;
        }
        if !c.is_whitespace() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::page_number_footer;

    #[test]
    fn a_footer_opens_with_its_page_number() {
        assert!(page_number_footer("412 Postgrad Med J 2012;88:412e418. "));
        assert!(page_number_footer(
            "1234 Ann Rheum Dis 2010;69(7):1234–1240. "
        ));
        // A numbered reference: its number is not the cited first page.
        assert!(!page_number_footer(
            "3 Hansen P, Berg T. Mobilisation. Age Ageing 2009;38:1234-9. "
        ));
        assert!(!page_number_footer(
            "12 Smith J. A trial. BMJ 2009;338:12345. "
        ));
        assert!(!page_number_footer("Postgrad Med J 2012;88:412e418. "));
        // The page number on the line above the footer.
        assert!(page_number_footer("272\nPostgrad Med J 2010;86:272e278. "));
        assert!(!page_number_footer("27\nPostgrad Med J 2010;86:272e278. "));
    }
}
