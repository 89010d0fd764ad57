//! DOIs: every `10.NNNN/…` the document prints, normalized to lower case,
//! with the role `self` (the document's own) or `cited`.
//!
//! Finding a DOI is easy; finding where it ends is not. Real text
//! * wraps DOIs in links (`https://doi.org/10.…`, publisher URLs ending in
//!   `/full`, `?utm_source=…`, `#sec1`) and percent-encodes them (`%2F`);
//! * follows them with punctuation (`doi:10.1130/2013.2502).`), while old
//!   Wiley SICI DOIs carry `<`, `>`, `;` and `#` inside
//!   (`10.1002/(SICI)1099-1166(199601)11:1<15::AID-GPS262>3.0.CO;2-5`);
//! * breaks them across PDF lines (`doi:10.1097/JGP.\n0b013e3182011b38.`,
//!   `https://doi.org/10.1007/3-\n540-65193-4_29`);
//! * glues the neighbouring fields onto them in catalogue records and
//!   tag-stripped XML (`2021-05-011210.3389/fneur.2021.639315639315Long-Term`,
//!   `10.1371/journal.pone.0145094PONE-D-15-37654Research Article`).
//!
//! Candidates are found by one regex on the registrant prefix, the suffix is
//! read to the next space, continued over a line break where the DOI is
//! visibly unfinished, then trimmed by rules that know these habits. A glued
//! DOI whose end cannot be told with confidence is not reported: a wrong DOI
//! links a review to the wrong paper.
//!
//! The document's own DOI is the one labelled as such ("Cite this article",
//! "DOI=", a PubMed `PMID … DOI:` line), printed on the first page or in the
//! front matter outside any reference, or repeated in the running header of
//! several pages. DOIs in the reference list, in reference-like entries, or
//! after "Erratum in", "Comment on" and the like are `cited`.

use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{DoiRole, DoiValue, Field, Finding, Value};
use crate::sections::Section;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

pub struct Doi;

// The registrant prefix up to its slash: "10.1186/", "10.1002/",
// "10.3389%2F" (percent-encoded URL), "10.978.8898392/" (ISBN-A).
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)10\.(?:\d{4,9}(?:\.\d+)*|97[89]\.\d+)(?:/|%2f)").expect("doi prefix regex")
});

// Path segments publishers append after the DOI in article URLs:
// ".../10.3389/fneur.2021.639315/full", ".../10.1002/acn3.51/epdf".
static URL_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    // A catalogue record may glue the next field on: ".../full" + "multiple
    // sclerosis" reads "/fullmultiple".
    Regex::new(r"(?i)/(?:full|abstract|pdf|epdf|pdfdirect|html).*$|/(?:abs|meta|summary|figures|tables|references|citation|supplemental|suppl_file|suppinfo|epub|issuetoc|download|text)(?:[/.].*)?$|\.pdf$")
        .expect("url tail regex")
});

// Another DOI glued right after this one (tag-stripped XML prints the DOI
// twice): "cap.2016.002610.1089/cap.2016.0026".
// Also the publisher id that spells the DOI with `_`:
// "117954411772502610.1177_1179544117725026".
static EMBEDDED_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"10\.\d{4,9}[/_]").expect("embedded prefix regex"));

// A field glued onto the DOI's end: a capitalised word straight after a
// digit ("639315Long-Term", "0145094PONE-D-15-37654Research"), after an
// upper-case run ("645196ORT_A_645196_OArticle"), after a check letter
// ("0452-xCorrection", "gr219wOriginal"), or after a hyphen
// ("2666e-Letters"). Real DOIs put capitalised words only after `/` or `.`
// ("10.1103/PhysRevLett.116.061102").
static GLUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\d[A-Z][a-z]{2,}|[A-Z]{2}[a-z]{3,}|[\-.\d][a-z][A-Z][a-z]{2,}|[a-z0-9]-[A-Z][a-z]{3,}|[a-z]{3}[A-Z][a-z]{3,}",
    )
    .expect("glue regex")
});

// A digit followed by a lower-case word: rare inside DOIs
// (`10.1176/appi.ps.643news`), common where an id is glued on
// (`nu9080882nutrients-09-00882`, `cjmed-732cm-91-85`).
static DIGIT_LOWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[a-z]{3}|\d[a-z]{2,}[\-_]\d").expect("digit lower regex"));

// Labels that make a DOI the document's own: "Cite this article as",
// "To cite this article:", "DOI=" (citation export), "Online Access:"
// (catalogue record), "PMID: 38783390 … DOI:" (PubMed page), "the online
// version of this article (doi:…)".
static SELF_CUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)cite this (?:article|paper)|to cite this|please cite|citation:|(?:online|electronic) version of this article|this article(?:'s)? (?:is|doi)|article doi|(?-u:\b)doi\s*=\s*$|online access|digital object identifier|(?-u:\b)pmid:\s*\d+\s+(?:pmcid:\s*pmc\d+\s+)?doi:\s*$")
        .expect("self cue regex")
});

// BMC prints the DOI right before "Cite this article as: …".
static SELF_CUE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s.,;:]{0,5}(?:cite this article|to cite this|please cite this)")
        .expect("self cue after regex")
});

// Markers that introduce another work: PubMed's "Erratum in", "Comment
// on", "Update of", errata's "The original article", "see also" …
static CITED_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)erratum (?:in|for)|comment (?:in|on)|commentary on|update (?:in|of)|retraction (?:in|of|notice)|retracted (?:article|publication)|republished (?:in|from)|correction (?:to|in|for)|corrected (?:article|version)|(?-u:\b)correct(?:s|ing)? the|published article|reply to|in response to|original (?:article|version|publication)|see also|related article|linked article|refers to|similar articles|cited by|expression of concern")
        .expect("cited marker regex")
});

// Prose that points at another paper: "a study published in Frontiers in
// Neurology (https://doi.org/…)", "available from https://…".
static PROSE_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:see|available (?:at|from)|accessed|published (?:in|by)|reported (?:in|by)|described (?:in|by)|according to)(?-u:\b)")
        .expect("prose citation regex")
});

// Reference-list entries: a numbered line ("[12] ", "12. ", "30S. R.
// Kawa" where the number is glued to initials), "et al", an author list
// with initials ("Smith JA,", "S. R. Kawa and"), a year in brackets.
static REFERENCE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s|\d{1,3}\s+[A-Z][a-z]+,?\s+[A-Z]|\d{1,3}[A-Z]\.\s?[A-Z])|(?-u:\b)et al(?-u:\b)|(?-u:\b)[A-Z][a-z]+,?\s[A-Z]{1,3}(?:,\s|\.\s|\s+and\s)[A-Z]|(?-u:\b)[A-Z]\.\s?(?:[A-Z]\.\s?)*[A-Z][a-z]+(?:,|\s+and\s)|\(\s*(?:19|20)\d{2}[a-z]?\s*\)")
        .expect("reference entry regex")
});

impl Extractor for Doi {
    fn field(&self) -> Field {
        Field::Doi
    }

    fn version(&self) -> u32 {
        2
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::Doi);
        let cands = candidates(&doc.fold);
        let own = choose_own(doc, &cands);
        for c in cands {
            let role = if Some(c.doi.as_str()) == own.as_deref() {
                DoiRole::Own
            } else {
                DoiRole::Cited
            };
            let conf = match (role, c.rule) {
                (_, "doi.glued") => 0.85,
                (DoiRole::Own, _) => 0.97,
                _ => 0.93,
            };
            out.push(b.make(
                c.start,
                c.end,
                Value::Doi(DoiValue { doi: c.doi, role }),
                c.rule,
                conf,
            ));
        }
    }
}

/// One DOI occurrence: a byte span of `fold` and the normalized DOI.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    doi: String,
    rule: &'static str,
}

/// A candidate before trimming: the text read so far and, for every byte
/// of it, the `fold` byte it came from (line-break joins skip bytes).
struct Raw {
    start: usize,
    text: String,
    src: Vec<usize>,
    url: bool,
    joined: bool,
}

impl Raw {
    fn push_span(&mut self, fold: &str, a: usize, b: usize) {
        self.text.push_str(&fold[a..b]);
        self.src.extend(a..b);
    }

    /// `fold` byte just past the first `len` bytes of the text (`len` is a
    /// char boundary, and the bytes of one char are contiguous in `fold`).
    fn src_end(&self, len: usize) -> usize {
        self.src[len - 1] + 1
    }
}

/// Every DOI in `fold`, in order, glue resolved, unresolved glue dropped.
fn candidates(fold: &str) -> Vec<Cand> {
    let mut raws: Vec<(Raw, usize)> = Vec::new();
    for m in PREFIX.find_iter(fold) {
        if !accept_start(fold, m.start()) {
            continue;
        }
        let mut raw = Raw {
            start: m.start(),
            text: String::new(),
            src: Vec::new(),
            url: is_url_context(fold, m.start()),
            joined: false,
        };
        let suffix_start = m.end();
        let end = read_token(fold, suffix_start);
        raw.push_span(fold, m.start(), end);
        continue_lines(fold, &mut raw, end);
        raws.push((raw, m.end() - m.start()));
    }

    let mut out: Vec<(Cand, bool)> = Vec::new();
    for (raw, prefix_bytes) in &raws {
        if let Some(c) = clean(fold, raw, *prefix_bytes) {
            // A prefix inside a DOI already read (`doi:10.1/a,10.1/b` is
            // two, but a line-joined rest is not a third).
            if out.last().is_some_and(|(p, _)| c.0.start < p.end) {
                continue;
            }
            out.push(c);
        }
    }
    // Glued candidates: cut at a clean copy of the same DOI elsewhere,
    // else at a repeated fragment, else at a change of case; drop the rest.
    let clean_dois: BTreeSet<String> = out
        .iter()
        .filter(|(_, glued)| !glued)
        .map(|(c, _)| c.doi.clone())
        .collect();
    let mut result = Vec::new();
    for (mut c, glued) in out {
        if glued {
            match resolve_glue(fold, &c, &clean_dois) {
                Some((len, doi)) => {
                    c.end = c.start + len;
                    c.doi = doi;
                    c.rule = "doi.glued";
                }
                None => continue,
            }
        }
        result.push(c);
    }
    result
}

/// Whether a prefix match at `at` starts a DOI.
fn accept_start(fold: &str, at: usize) -> bool {
    let head = &fold[..at];
    let run_start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !c.is_whitespace())
        .last()
        .map_or(at, |(i, _)| i);
    let run = &fold[run_start..at];
    let prev = run.chars().next_back();
    match prev {
        None => true,
        Some(c) if c.is_ascii_digit() || c.is_alphabetic() => {
            // "DOI10.1016/…", "doi:10.…" stand free; otherwise a digit or
            // letter right before `10.` is accepted only inside a run of
            // glued fields ("2021-05-011210.3389/…", "395347210.1155/…"),
            // never after a stray digit ("110.1234/foo" is no DOI).
            run.to_ascii_lowercase().ends_with("doi") || run.chars().count() >= 4
        }
        // "10..1000" and "1.10.1234/" are numbers, not DOIs.
        Some('.') => {
            let before = run[..run.len() - 1].chars().next_back();
            !before.is_some_and(|c| c.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// In a link: `https://doi.org/10.…`, `www.frontiersin.org/articles/10.…`.
fn is_url_context(fold: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(200);
    while !fold.is_char_boundary(from) {
        from += 1;
    }
    let head = &fold[from..at];
    let run = head
        .rsplit(|c: char| c.is_whitespace() || c == '|' || c == '"' || c == '<')
        .next()
        .unwrap_or("");
    let l = run.to_ascii_lowercase();
    l.contains("://") || l.contains("www.") || l.contains("doi.org/") || l.ends_with('/')
}

/// The end of the non-space run that starts at `from`.
fn read_token(fold: &str, from: usize) -> usize {
    fold[from..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '"' | '|' | '\u{201C}' | '\u{201D}'))
        .map_or(fold.len(), |(i, _)| from + i)
}

/// PDF text breaks long DOIs at the end of a line. Joins the next line's
/// first token when the DOI is visibly unfinished there: it ends with `/`,
/// `-`, `_` or `(` (`doi:10.3109/\n00207459809003338`), or with `.` and the
/// next line is only the rest (`doi:10.1097/JGP.\n0b013e3182011b38.`), or
/// an Elsevier ISSN-style DOI continues with its `(yy)` part
/// (`doi:10.1016/0022-3956\n(75)90026-6`).
fn continue_lines(fold: &str, raw: &mut Raw, mut end: usize) {
    for _ in 0..3 {
        let rest = &fold[end..];
        // Exactly one line break, with indentation only.
        let ws: usize = rest
            .char_indices()
            .find(|&(_, c)| !(c == ' ' || c == '\n'))
            .map_or(rest.len(), |(i, _)| i);
        if rest[..ws].matches('\n').count() != 1 {
            return;
        }
        let next_start = end + ws;
        let next_end = read_token(fold, next_start);
        if next_end == next_start {
            return;
        }
        let next = &fold[next_start..next_end];
        let line_rest_empty = fold[next_end..]
            .chars()
            .take_while(|&c| c != '\n')
            .all(|c| c == ' ');
        let last = raw.text.chars().next_back().unwrap_or(' ');
        let first = next.chars().next().unwrap_or(' ');
        let core = next.trim_end_matches(['.', ',', ';', ')', ']']);
        let starts_new = {
            let l = next.to_ascii_lowercase();
            l.starts_with("doi")
                || l.starts_with("http")
                || l.starts_with("www")
                || PREFIX.find(&l).is_some_and(|m| m.start() == 0)
        };
        let ref_marker = is_reference_marker(next);
        let join = if starts_new || ref_marker {
            false
        } else if matches!(last, '/' | '-' | '_' | '(' | '<') {
            first.is_alphanumeric() || first == '('
        } else if last == '.' {
            // A bare number must fill its line ("1188915"); a code with
            // letters and digits may be followed by a URL ("v043.i09. URL").
            let code = core.chars().any(|c| c.is_ascii_alphabetic());
            (line_rest_empty || code)
                && core.len() >= 3
                && first.is_alphanumeric()
                && core.chars().any(|c| c.is_ascii_digit())
                && !(first.is_uppercase() && next.chars().nth(1).is_some_and(|c| c.is_lowercase()))
                && !is_year(core)
                && core
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '(' | ')'))
        } else if last.is_ascii_digit() {
            // Elsevier: 10.1016/0022-3956(75)90026-6
            static PII: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"^\(\d{2}\)\d{5}-[\dX]").expect("pii regex"));
            PII.is_match(next) && ISSN_TAIL.is_match(&raw.text)
        } else {
            false
        };
        if !join {
            return;
        }
        raw.push_span(fold, next_start, next_end);
        raw.joined = true;
        end = next_end;
    }
}

// "10.1016/0022-3956": an ISSN as the whole suffix, continued by "(75)…".
static ISSN_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/\d{4}-\d{3}[\dX]$").expect("issn tail regex"));

fn is_year(s: &str) -> bool {
    s.len() == 4
        && (s.starts_with("19") || s.starts_with("20"))
        && s.bytes().all(|b| b.is_ascii_digit())
}

/// "[12]", "12.", "(3)": the start of the next reference, not a DOI's rest.
fn is_reference_marker(s: &str) -> bool {
    let t = s.trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | '.'));
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

/// Trims a raw candidate: URL paths, query strings, trailing punctuation;
/// decodes percent escapes; lower-cases. Returns the candidate and whether
/// a glued field still hangs on its end.
fn clean(fold: &str, raw: &Raw, prefix_bytes: usize) -> Option<(Cand, bool)> {
    let text = raw.text.as_str();
    let mut keep = text.len();
    // A second DOI glued on: stop before it.
    if let Some(m) = EMBEDDED_PREFIX.find_at(text, prefix_bytes) {
        keep = keep.min(m.start());
    }
    let suffix_at = prefix_bytes;
    // Query strings and fragments end a link; a `#` is kept only as the
    // check character of a SICI DOI (`…CO;2-#`).
    if let Some(q) = text[suffix_at..keep].find('?') {
        keep = suffix_at + q;
    }
    if let Some(h) = text[suffix_at..keep].find('#') {
        let at = suffix_at + h;
        let sici_check = text[..at].ends_with('-') && text[..at].contains(';');
        if !sici_check || raw.url {
            keep = at;
        }
    }
    if raw.url {
        if let Some(a) = text[suffix_at..keep].find('&') {
            keep = suffix_at + a;
        }
    }
    // Punctuation first: "….pdf)." ends in ".pdf" only once ")." is gone.
    keep = trim_trailing(text, suffix_at, keep);
    if let Some(m) = URL_TAIL.find(&text[suffix_at..keep]) {
        if m.start() > 0 {
            keep = suffix_at + m.start();
        }
    }
    keep = trim_trailing(text, suffix_at, keep);
    if keep <= suffix_at {
        return None;
    }
    let suffix = &text[suffix_at..keep];
    if !suffix.chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    // A DOI cut short by the line end (`10.1007/3-` with no rest found)
    // is not reported: it would be a different DOI.
    if suffix.ends_with(['-', '/', '_']) {
        return None;
    }
    let prefix = text[..prefix_bytes].replace("%2F", "/").replace("%2f", "/");
    let decoded = if suffix.contains('%') {
        percent_decode(suffix)
    } else {
        suffix.to_string()
    };
    // ISBN-A DOIs have numeric suffixes: `10.978.8898392/315`.
    let isbn_a = prefix.starts_with("10.978.") || prefix.starts_with("10.979.");
    if isbn_a && !decoded.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A DOI glued to the field before it (tag-stripped front matter) whose
    // suffix turns upper-case after a digit (`0019-5154.159628E-IJD`) may
    // carry the next field too: it must pass the glue rules.
    let glued_before = fold[..raw.start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
        && !is_labelled(fold, raw.start);
    static DIGIT_UPPER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d[A-Z]").expect("digit upper regex"));
    let glued = GLUE.is_match(&decoded) || (glued_before && DIGIT_UPPER.is_match(&decoded));
    let doi = format!("{prefix}{decoded}").to_lowercase();
    let start = raw.start;
    let end = raw.src_end(keep);
    let rule = if raw.joined {
        "doi.line_break"
    } else if raw.url {
        "doi.url"
    } else if is_labelled(fold, raw.start) {
        "doi.prefixed"
    } else {
        "doi.bare"
    };
    Some((
        Cand {
            start,
            end,
            doi,
            rule,
        },
        glued,
    ))
}

/// "doi:", "DOI ", "doi.org/" just before the DOI.
fn is_labelled(fold: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(8);
    while !fold.is_char_boundary(from) {
        from += 1;
    }
    fold[from..start].to_ascii_lowercase().contains("doi")
}

/// Drops trailing punctuation, keeping brackets that are balanced inside
/// the DOI (`10.1130/2013.2502(04)`, `…<135::AID-AJPA8>3.0.CO;2-#`).
fn trim_trailing(text: &str, from: usize, mut keep: usize) -> usize {
    loop {
        let before = keep;
        while keep > from {
            let c = text[..keep].chars().next_back().expect("char");
            if matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '"'
                    | '\''
                    | '…'
                    | '*'
                    | '!'
                    | '?'
                    | '\u{2019}'
                    | '\u{201D}'
                    | '»'
            ) {
                keep -= c.len_utf8();
            } else {
                break;
            }
        }
        for (open, close) in [('(', ')'), ('[', ']'), ('{', '}'), ('<', '>')] {
            while text[from..keep].ends_with(close)
                && text[from..keep].matches(open).count() < text[from..keep].matches(close).count()
            {
                keep -= 1;
            }
        }
        if keep == before {
            return keep;
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let h = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = h.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                if v.is_ascii_graphic() {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The end of a DOI with a field glued onto it, as a byte length from the
/// candidate's start and the DOI; `None` when the end cannot be told.
fn resolve_glue(fold: &str, c: &Cand, clean: &BTreeSet<String>) -> Option<(usize, String)> {
    let span = &fold[c.start..c.end];
    // Only simple single-line ASCII candidates are cut; spans and DOIs then
    // correspond byte for byte.
    if !span.is_ascii() || span.len() != c.doi.len() || span.contains('\n') {
        return None;
    }
    let slash = span.find('/')?;
    let suffix = &span[slash + 1..];
    let sb = suffix.as_bytes();
    let accept = |k: usize| -> Option<(usize, String)> {
        let kept = &suffix[..k];
        if kept.len() < 2 || kept.ends_with(['.', '-', '_', '/', '(']) {
            return None;
        }
        // A very long final number is two numbers glued
        // (`strokeaha.116.014517|10021100531015110178`).
        let last_digits = kept.bytes().rev().take_while(u8::is_ascii_digit).count();
        if last_digits > 18 {
            return None;
        }
        if GLUE.is_match(kept) || DIGIT_LOWER.is_match(kept) || mixed_case(kept) {
            return None;
        }
        let len = slash + 1 + k;
        Some((len, span[..len].to_lowercase()))
    };
    // 1. The field glued before the DOI is its publisher id, the suffix
    //    itself: "…4283690annrheumdis-2014-20519810.1136/annrheumdis-2014-
    //    2051981506Clinical", "1471-2474-3-1010.1186/1471-2474-3-10Research".
    let run_before = fold[..c.start]
        .rsplit(|ch: char| ch.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let lower = suffix.to_ascii_lowercase();
    if let Some(k) = (5..sb.len())
        .rev()
        .find(|&k| lower.is_char_boundary(k) && run_before.ends_with(&lower[..k]))
    {
        if let Some(r) = accept(k) {
            return Some(r);
        }
    }
    // 2. The glued field repeats part of the DOI: an article number
    //    (`fneur.2021.639315|639315Long`), a publisher id
    //    (`journal.pone.0145094|PONE-D-…`, `gps.4312|GPS4312`).
    for k in 1..sb.len() {
        let seg_start = suffix[..k]
            .rfind(|c: char| !c.is_ascii_alphanumeric())
            .map_or(0, |i| i + 1);
        let seg = &lower[seg_start..k];
        // The copy must end where a field ends: "001|001906" is a number.
        let doubled = seg.len() >= 4
            && lower[k..].starts_with(seg)
            && lower[k + seg.len()..].bytes().next().is_none_or(|b| {
                b.is_ascii_digit() != seg.as_bytes()[seg.len() - 1].is_ascii_digit()
                    || !b.is_ascii_alphanumeric()
            });
        let run = lower[k..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(lower.len() - k);
        let at_boundary = sb[k].is_ascii_alphanumeric() && boundary(sb[k - 1], sb[k]);
        let fragment = at_boundary && run >= 3 && lower[..k].contains(&lower[k..k + 3]);
        // A short code spelled like a whole segment of the DOI:
        // `ol.2018.7905|OL-0-0-7905`.
        let letters = lower[k..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(lower.len() - k);
        let code = at_boundary
            && letters >= 2
            && lower[..k]
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == &lower[k..k + letters]);
        // The next field carries the DOI's last number again, zeros
        // dropped: `1756-185X.12711|APL12711`, `3132|epj-08-3132`,
        // `md.0000000000010655|106556300` (an e-location glued on).
        let sig = seg.trim_start_matches('0');
        let field_end = (k + 1..lower.len())
            .find(|&j| {
                sb[j].is_ascii_uppercase() && sb.get(j + 1).is_some_and(u8::is_ascii_lowercase)
            })
            .unwrap_or(lower.len())
            .min(k + 24);
        let repeats = sig.len() >= 4
            && sig.bytes().all(|b| b.is_ascii_digit())
            && if at_boundary {
                lower[k..field_end].contains(sig)
            } else {
                lower[k..].starts_with(sig)
            };
        if doubled || fragment || code || repeats {
            if let Some(r) = accept(k) {
                return Some(r);
            }
        }
    }
    // 3. A field that starts after a digit: a capitalised word
    //    (`1471-244X-4-26|Research`), an upper-case id after a lower-case
    //    DOI (`j.vaccine.2015.05.088|NIHMS947072`), a lower-case id after an
    //    upper-case DOI (`IJWH.S104887|ijwh-8-203`).
    for k in 1..sb.len() {
        let p = sb[k - 1];
        // After a digit, or after a check letter (`0452-x`, `01400.x`,
        // `gr219w`) when a capitalised word follows.
        let check_letter = p.is_ascii_lowercase()
            && k >= 2
            && (sb[k - 2].is_ascii_digit() || matches!(sb[k - 2], b'-' | b'.'));
        let digit_before = p.is_ascii_digit() || check_letter;
        if !digit_before {
            continue;
        }
        let letters: Vec<u8> = sb[..k]
            .iter()
            .copied()
            .filter(u8::is_ascii_alphabetic)
            .collect();
        let lower_doi = letters.iter().all(u8::is_ascii_lowercase);
        let upper_doi = letters.iter().all(u8::is_ascii_uppercase);
        let next = &sb[k..];
        let caps_word = next.len() >= 3
            && next[0].is_ascii_uppercase()
            && next[1].is_ascii_lowercase()
            && next[2].is_ascii_lowercase();
        let caps_id = next.len() >= 3 && next[..3].iter().all(u8::is_ascii_uppercase);
        let lower_id = next.len() >= 2 && next[..2].iter().all(u8::is_ascii_lowercase);
        if !p.is_ascii_digit() && !caps_word {
            continue;
        }
        if caps_word || (caps_id && lower_doi) || (lower_id && upper_doi && !letters.is_empty()) {
            return accept(k);
        }
    }
    // 4. The same DOI printed cleanly elsewhere, when a new field (a
    //    capital) starts right after it: "…639315|Long-Term".
    clean
        .iter()
        .filter(|o| o.len() < c.doi.len() && c.doi.starts_with(o.as_str()))
        .filter(|o| span.as_bytes()[o.len()].is_ascii_uppercase())
        .max_by_key(|o| o.len())
        .map(|base| (base.len(), base.clone()))
}

/// A suffix that mixes lower-case words and upper-case codes
/// (`journal.pctr.001001906-PLCT-CT-00012R1`) is two fields, when glue is
/// already suspected.
/// Medknow's `jrpp.JRPP_17_30` spells one code in both cases and is fine.
fn mixed_case(s: &str) -> bool {
    static LOWER_WORD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[a-z]{3}").expect("lower word regex"));
    static UPPER_CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[A-Z]{2,}").expect("upper code regex"));
    LOWER_WORD.is_match(s)
        && UPPER_CODE
            .find_iter(s)
            .any(|m| !s.contains(&m.as_str().to_ascii_lowercase()))
}

/// A place where one glued field may end and the next begin.
fn boundary(p: u8, q: u8) -> bool {
    !p.is_ascii_alphanumeric()
        || (p.is_ascii_digit() != q.is_ascii_digit())
        || (p.is_ascii_lowercase() && q.is_ascii_uppercase())
}

/// The document's own DOI, or `None`.
fn choose_own(doc: &Document, cands: &[Cand]) -> Option<String> {
    let mut best: BTreeMap<&str, (u8, usize)> = BTreeMap::new();
    let mut pages: BTreeMap<&str, (BTreeSet<u32>, BTreeSet<u32>)> = BTreeMap::new();
    for c in cands {
        // Journal and issue DOIs (`10.1002/(issn)2047-9980`,
        // `10.1002/jah3.2018.7.issue-5`) name a container, not the article.
        if c.doi.contains("/(issn)") || c.doi.contains(".issue-") {
            continue;
        }
        let score = self_score(doc, c);
        if score == Place::Cited {
            continue;
        }
        if let Some(p) = doc.page_of_char(doc.char_of_fold_byte(c.start)) {
            let set = pages.entry(c.doi.as_str()).or_default();
            set.0.insert(p);
            if score != Place::Reference {
                set.1.insert(p);
            }
        }
        let n = match score {
            Place::Label => 3,
            Place::Front => 2,
            _ => 0,
        };
        let e = best.entry(c.doi.as_str()).or_insert((0, c.start));
        if n > e.0 {
            *e = (n, c.start);
        }
    }
    // A DOI in the running header or footer of several pages: two pages
    // outside any reference, or three pages at all (footers of the pages
    // that hold the reference list look like references).
    for (doi, (any, clean)) in &pages {
        if clean.len() >= 2 || any.len() >= 3 {
            if let Some(e) = best.get_mut(doi) {
                e.0 = e.0.max(2);
            }
        }
    }
    let top = best.values().map(|v| v.0).max().unwrap_or(0);
    let winners: Vec<(&str, usize)> = best
        .iter()
        .filter(|(_, (s, _))| *s == top)
        .map(|(d, (_, at))| (*d, *at))
        .collect();
    // Two different DOIs with nothing but their place to tell them apart
    // (a journal DOI beside the article's in tag-stripped front matter):
    // no answer is better than a coin toss.
    if top < 2 || (top == 2 && winners.len() > 1) {
        return None;
    }
    winners
        .into_iter()
        .min_by_key(|&(_, at)| at)
        .map(|(d, _)| d.to_string())
}

/// What an occurrence says about whose DOI it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Labelled as the document's own ("Cite this article as").
    Label,
    /// On the first page or in the front matter, outside any reference.
    Front,
    /// Anywhere else in the body.
    Body,
    /// In the reference list or a reference-like entry.
    Reference,
    /// After "Erratum in", "Comment on" and the like: another work.
    Cited,
}

fn self_score(doc: &Document, c: &Cand) -> Place {
    let fold = &doc.fold;
    let window = lines_before(fold, c.start, 2);
    if CITED_MARKER.is_match(window) {
        return Place::Cited;
    }
    let after_end = (c.end + 80).min(fold.len());
    let after_end = (after_end..=fold.len())
        .find(|&i| fold.is_char_boundary(i))
        .unwrap_or(fold.len());
    let after = &fold[c.end..after_end];
    let near = lines_before(fold, c.start, 1);
    if SELF_CUE_BEFORE.is_match(near) || SELF_CUE_AFTER.is_match(after) {
        return Place::Label;
    }
    let section = doc.section_at(c.start);
    if section == Section::References || REFERENCE_ENTRY.is_match(near) {
        return Place::Reference;
    }
    if PROSE_CITATION.is_match(near) {
        return Place::Body;
    }
    let first_page = if doc.pages.is_empty() {
        c.start < 1500
    } else {
        doc.page_of_char(doc.char_of_fold_byte(c.start)) == Some(1)
    };
    if first_page {
        return Place::Front;
    }
    Place::Body
}

/// The text before `at` on its line and up to `n` lines above, stopping
/// at a blank line (a new paragraph or reference).
fn lines_before(fold: &str, at: usize, n: usize) -> &str {
    let mut start = at;
    let mut seen = 0;
    let bytes = fold.as_bytes();
    while start > 0 && at - start < 400 {
        if bytes[start - 1] == b'\n' {
            // Blank line above?
            let above = &fold[..start - 1];
            let prev_line = above.rsplit('\n').next().unwrap_or("");
            if prev_line.trim().is_empty() || seen == n {
                break;
            }
            seen += 1;
        }
        start -= 1;
    }
    while !fold.is_char_boundary(start) {
        start += 1;
    }
    &fold[start..at]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dois(text: &str) -> Vec<(String, DoiRole)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        Doi.extract(&doc, &mut out);
        out.into_iter()
            .map(|f| match f.value {
                Value::Doi(d) => (d.doi, d.role),
                _ => unreachable!(),
            })
            .collect()
    }

    fn only(text: &str) -> Vec<String> {
        dois(text).into_iter().map(|d| d.0).collect()
    }

    #[test]
    fn trailing_punctuation_and_url_paths_are_dropped() {
        assert_eq!(
            dois("Stem Cell Res Ther. 2024 May 23;15(1):151. doi: 10.1186/s13287-024-03765-6."),
            vec![("10.1186/s13287-024-03765-6".into(), DoiRole::Own)]
        );
        assert_eq!(
            dois("Online Access: | https://www.frontiersin.org/articles/10.3389/fneur.2021.639315/full |"),
            vec![("10.3389/fneur.2021.639315".into(), DoiRole::Own)]
        );
        assert_eq!(
            only("see https://doi.org/10.1002/acn3.51?utm_source=x#sec1 now"),
            vec!["10.1002/acn3.51"]
        );
    }

    #[test]
    fn balanced_brackets_stay() {
        assert_eq!(
            only("(doi 10.1130/2013.2502(04))"),
            vec!["10.1130/2013.2502(04)"]
        );
        assert_eq!(
            only("doi:10.1002/(SICI)1096-8644(199601)99:1<135::AID-AJPA8>3.0.CO;2-#\","),
            vec!["10.1002/(sici)1096-8644(199601)99:1<135::aid-ajpa8>3.0.co;2-#"]
        );
    }

    #[test]
    fn percent_encoded_links_are_decoded() {
        assert_eq!(
            only("https://onlinelibrary.wiley.com/doi/abs/10.1002%2Fmds.25661"),
            vec!["10.1002/mds.25661"]
        );
    }

    #[test]
    fn line_breaks_inside_a_doi_are_joined() {
        assert_eq!(
            only("Brain and Cognition, 65, 209-237. doi:10.1016/j.bandc.\n2007.02.007.\nNext, A."),
            vec!["10.1016/j.bandc.2007.02.007"]
        );
        assert_eq!(
            only("doi:10.3109/\n00207459809003338."),
            vec!["10.3109/00207459809003338"]
        );
        assert_eq!(
            only("https://doi.org/10.1007/3-\n540-65193-4_29\n[12] Ian"),
            vec!["10.1007/3-540-65193-4_29"]
        );
        assert_eq!(
            only("doi:10.1016/0022-3956\n(75)90026-6."),
            vec!["10.1016/0022-3956(75)90026-6"]
        );
        // A sentence on the next line is not part of the DOI.
        assert_eq!(
            only("doi: 10.1136/bmj.h2145.\nThe trial"),
            vec!["10.1136/bmj.h2145"]
        );
        assert_eq!(
            only("doi: 10.1136/bmj.h2145.\n2015 The Authors"),
            vec!["10.1136/bmj.h2145"]
        );
    }

    #[test]
    fn glued_fields_are_cut_or_the_doi_is_dropped() {
        let got = only("URL=https://x.org/10.3389/fneur.2021.639315 x 2021-05-011210.3389/fneur.2021.639315639315Long-Term");
        assert_eq!(
            got,
            vec!["10.3389/fneur.2021.639315", "10.3389/fneur.2021.639315"]
        );
        assert_eq!(
            only("Corporation24707475395347210.3389/fneur.2021.639315639315Long-Term Clinical"),
            vec!["10.3389/fneur.2021.639315"]
        );
        assert_eq!(
            only("London2687062258706210.1371/journal.pone.0145094PONE-D-15-37654Research Article"),
            vec!["10.1371/journal.pone.0145094"]
        );
        // Where the end cannot be told, nothing is reported.
        assert!(only("Press2735777210.3390/nu9080882nutrients-09-00882ArticleThe").is_empty());
        assert!(only("110.1234/foo").is_empty());
    }

    #[test]
    fn glued_non_ascii_never_panics() {
        for t in [
            "x2021-05-011210.1234/abcNCTpatients\u{e9}Long",
            "Press1234510.1234/5\u{2264}ISRCTNNCTrandomized\u{65e5}\u{672c}Article",
            "run123410.1234/\u{1F414}123Research",
            "doi:10.1234/abc-\n03355365\u{65e5}\u{672c}",
        ] {
            let _ = dois(t);
        }
    }

    #[test]
    fn reference_list_and_comment_dois_are_cited() {
        let got = dois("Title\ndoi:10.1000/own.1\n\nReferences\n1. Smith. doi:10.1000/other.2\n");
        assert_eq!(
            got,
            vec![
                ("10.1000/own.1".into(), DoiRole::Own),
                ("10.1000/other.2".into(), DoiRole::Cited)
            ]
        );
        let got = dois("Comment on\nN Engl J Med. 2020;382:1-10. doi: 10.1056/NEJMoa1234567.\n");
        assert_eq!(got, vec![("10.1056/nejmoa1234567".into(), DoiRole::Cited)]);
    }

    #[test]
    fn a_lone_reference_doi_is_not_self() {
        let text = format!(
            "{}\n30S. R. Kawa and S.-J. Lin, J. Geophys. Res. 108, 4201 (2003),\nDOI:10.1029/2002JD002268.\n",
            "Body text. ".repeat(400)
        );
        assert_eq!(
            dois(&text),
            vec![("10.1029/2002jd002268".into(), DoiRole::Cited)]
        );
    }

    #[test]
    fn bmc_cite_this_article_after_references_is_self() {
        let text = format!(
            "Intro.\n\nReferences\n1. Smith J: A title. J Gen Intern Med 2002, 17:477-486.\n\ndoi:10.1186/1472-6963-14-1\nCite this article as: Agyeman-Duah et al.: Understanding. BMC 2014 14:1.\n{}",
            ""
        );
        assert_eq!(
            dois(&text),
            vec![("10.1186/1472-6963-14-1".into(), DoiRole::Own)]
        );
    }
}
