//! Reading DOI candidates out of `fold`: the registrant prefix, the suffix
//! to the next space (continued over a line break where the DOI is visibly
//! unfinished), then trimmed of link paths, queries, punctuation and glued
//! DOIs, and percent-decoded.
//!
//! Reading is linear in the text, whatever it holds (issue 17): a
//! candidate is read at most [`READ_LIMIT`] bytes past its prefix and no
//! further than the next plain prefix; the end of a run without spaces is
//! found once for all the candidates in it; a prefix inside a DOI already
//! kept is skipped before it is read; the embedded prefixes that cut
//! candidates are found in one pass over the text.

use super::glue;
use super::{Cand, MAX_SUFFIX};
use crate::extract::budget::Budget;
use regex::Regex;
use std::sync::LazyLock;

// The registrant prefix up to its slash: "10.1186/", "10.1002/",
// "10.3389%2F" (percent-encoded URL), "10.978.8898392/" (ISBN-A).
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)10\.(?:\d{4,9}(?:\.\d+)*|97[89]\.\d+)(?:/|%2f)")
        .expect("doi prefix regex")
});

// Path segments publishers append after the DOI in article URLs:
// ".../10.3389/fneur.2021.639315/full", ".../10.1002/acn3.51/epdf".
static URL_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    // A catalogue record may glue the next field on: ".../full" + "multiple
    // sclerosis" reads "/fullmultiple".
    crate::extract::rx::new(r"(?i)/(?:full|abstract|pdf|epdf|pdfdirect|html).*$|/(?:abs|meta|summary|figures|tables|references|citation|supplemental|suppl_file|suppinfo|epub|issuetoc|download|text)(?:[/.].*)?$|\.pdf$")
        .expect("url tail regex")
});

// Another DOI glued right after this one (tag-stripped XML prints the DOI
// twice): "cap.2016.002610.1089/cap.2016.0026".
// Also the publisher id that spells the DOI with `_`:
// "117954411772502610.1177_1179544117725026".
static EMBEDDED_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"10\.\d{4,9}[/_]").expect("embedded prefix regex"));

// A field glued onto the DOI's end: a capitalised word straight after a
// digit ("639315Long-Term", "0145094PONE-D-15-37654Research"), after an
// upper-case run ("645196ORT_A_645196_OArticle"), after a check letter
// ("0452-xCorrection", "gr219wOriginal"), or after a hyphen
// ("2666e-Letters"). Real DOIs put capitalised words only after `/` or `.`
// ("10.1103/PhysRevLett.116.061102"), and NEJM's article types are
// lower-case letters between the capitals and the number
// (`NEJMhle1313674`, `NEJMoa1312345`), so an upper-case run and a word
// count as glue only where the word ends (`…_OArticle`: see
// [`CAPS_WORD_END`] for a word at the very end).
pub(super) static GLUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"\d[A-Z][a-z]{2,}|[A-Z]{2}[a-z]{3,}[^a-z\d]|[\-.\d][a-z][A-Z][a-z]{2,}|[a-z0-9]-[A-Z][a-z]{3,}|[a-z]{3}[A-Z][a-z]{3,}",
    )
    .expect("glue regex")
});

// An upper-case run and a word that end the candidate (`…645196_OArticle`).
static CAPS_WORD_END: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"[A-Z]{2}[a-z]{3,}$").expect("caps word end regex"));

// A digit followed by a lower-case word: rare inside DOIs
// (`10.1176/appi.ps.643news`), common where an id is glued on
// (`nu9080882nutrients-09-00882`, `cjmed-732cm-91-85`).
pub(super) static DIGIT_LOWER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"\d[a-z]{3}|\d[a-z]{2,}[\-_]\d").expect("digit lower regex")
});

/// How far past its prefix a candidate is read, in bytes: the longest DOI
/// and the start of whatever ends it (a URL path, `?query`, `#fragment`,
/// trailing punctuation), counting the lines it is continued on. Bounding
/// the read bounds the work and memory of every candidate (issue 17: a
/// megabyte of `10.1000/` with no space read each candidate to the end of
/// the document, 5.5 GB at 100 KB).
pub(super) const READ_LIMIT: usize = 256;

/// A candidate before trimming: the text read so far and where its pieces
/// came from in `fold` (line-break joins skip bytes).
struct Raw {
    start: usize,
    text: String,
    /// (byte offset in `text`, byte offset in `fold`) of each piece.
    pieces: Vec<(usize, usize)>,
    joined: bool,
}

impl Raw {
    fn push_span(&mut self, fold: &str, a: usize, b: usize) {
        count_read(b - a);
        self.pieces.push((self.text.len(), a));
        self.text.push_str(&fold[a..b]);
    }

    /// `fold` byte just past the first `len` bytes of the text (`len` is a
    /// char boundary, and the bytes of one char are contiguous in `fold`).
    fn src_end(&self, len: usize) -> usize {
        let i = self.pieces.partition_point(|&(t, _)| t < len).max(1);
        let (t, f) = self.pieces[i - 1];
        f + (len - t)
    }
}

/// Every DOI in `fold`, in order, glue resolved, unresolved glue dropped;
/// stops early when the budget says so (keeping what it found).
///
/// Reading is linear in the text (issue 17): a candidate is read at most
/// [`READ_LIMIT`] bytes past its prefix, and no further than the next
/// prefix of the plain `10.NNNN/` form, where [`clean`] would cut it
/// anyway (a DOI glued to the next one); the end of a run of text without
/// spaces is found once for all the candidates in it; a prefix inside a
/// DOI already kept is skipped before it is read.
pub(super) fn candidates(fold: &str, budget: &Budget) -> Vec<Cand> {
    let starts: Vec<(usize, usize, bool)> = PREFIX
        .find_iter(fold)
        .filter(|m| accept_start(fold, m.start()))
        .map(|m| (m.start(), m.end(), is_plain_prefix(m.as_str())))
        .collect();
    // For each candidate, the start of the next plain prefix after it.
    let mut next_plain = vec![fold.len(); starts.len()];
    let mut after = fold.len();
    for (i, &(start, _, plain)) in starts.iter().enumerate().rev() {
        next_plain[i] = after;
        if plain {
            after = start;
        }
    }
    // Every embedded `10.NNNN/` of the text (they cannot overlap, so one
    // pass finds them all): a candidate read from one line asks this list
    // where it is cut, instead of searching its text again.
    let embedded: Vec<(usize, usize)> = EMBEDDED_PREFIX
        .find_iter(fold)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut next_embedded = 0;
    let mut tokens = TokenEnds::default();
    let mut out: Vec<(Cand, bool)> = Vec::new();
    for (i, &(start, suffix_start, _)) in starts.iter().enumerate() {
        if budget.exhausted(out.len()) {
            break;
        }
        // A prefix inside a DOI already read (`doi:10.1/a,10.1/b` is two,
        // but a line-joined rest is not a third).
        if out.last().is_some_and(|(p, _)| start < p.end) {
            continue;
        }
        let window = floor_char(fold, suffix_start + READ_LIMIT);
        let end = tokens.end(fold, suffix_start, window);
        let cut = next_plain[i];
        let mut raw = Raw {
            start,
            text: String::new(),
            pieces: Vec::new(),
            joined: false,
        };
        let read_end = end.min(cut);
        raw.push_span(fold, start, read_end);
        if end <= cut {
            continue_lines(fold, &mut raw, end, suffix_start - start, cut);
        }
        while embedded
            .get(next_embedded)
            .is_some_and(|&(s, _)| s < suffix_start)
        {
            next_embedded += 1;
        }
        let embedded_cut = match raw.pieces.len() {
            1 => Some(
                embedded
                    .get(next_embedded)
                    .filter(|&&(_, e)| e <= read_end)
                    .map(|&(s, _)| s - start),
            ),
            // Joined lines: the text is searched (a prefix may straddle
            // the join).
            _ => None,
        };
        if let Some(c) = clean(fold, &raw, suffix_start - start, embedded_cut) {
            out.push(c);
        }
    }
    // Glued candidates: cut at a clean copy of the same DOI elsewhere,
    // else at a repeated fragment, else at a change of case; drop the rest.
    let clean_dois = glue::CleanSet::new(
        out.iter()
            .filter(|(_, glued)| !glued)
            .map(|(c, _)| c.doi.as_str()),
    );
    let mut cuts = Vec::new();
    for (c, glued) in &out {
        cuts.push(match glued {
            true => Some(glue::resolve(fold, c.start, c.end, &c.doi, &clean_dois)),
            false => None,
        });
    }
    let mut result = Vec::with_capacity(out.len());
    for ((mut c, _), cut) in out.into_iter().zip(cuts) {
        match cut {
            None => {}
            Some(Some((len, doi))) => {
                c.end = c.start + len;
                c.doi = doi;
                c.rule = "doi.glued";
            }
            Some(None) => continue,
        }
        result.push(c);
    }
    result
}

/// A prefix of the form `10.NNNN/` (no sub-prefix, percent-encoding or
/// ISBN-A), which [`EMBEDDED_PREFIX`] cuts a DOI at.
fn is_plain_prefix(p: &str) -> bool {
    let Some(digits) = p.strip_prefix("10.").and_then(|r| r.strip_suffix('/')) else {
        return false;
    };
    (4..=9).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Where the run of text a candidate is read from ends (see
/// [`read_token`]), remembered across candidates: those in one long run
/// share its end, which is then found once.
#[derive(Default)]
struct TokenEnds {
    /// No stop in `fold[from..to]`; `found`: `to` is a stop.
    from: usize,
    to: usize,
    found: bool,
}

impl TokenEnds {
    /// The end of the token that starts at `from`, or `limit` if it goes
    /// on past it; `from` must not be smaller than at the last call.
    fn end(&mut self, fold: &str, from: usize, limit: usize) -> usize {
        let scan_from = if self.from <= from && from <= self.to {
            if self.found || limit <= self.to {
                return if self.found {
                    self.to.min(limit)
                } else {
                    limit
                };
            }
            self.to
        } else {
            self.from = from;
            from
        };
        let end = read_token(fold, scan_from, limit);
        self.to = end;
        self.found = end < limit;
        end
    }
}

/// `at`, or the char boundary before it.
fn floor_char(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether a prefix match at `at` starts a DOI. Looks at no more than the
/// four chars before it.
fn accept_start(fold: &str, at: usize) -> bool {
    // The last chars of the run of non-space chars before `at`, nearest
    // first.
    let mut tail = ['\0'; 4];
    let mut n = 0;
    for c in fold[..at].chars().rev().take(4) {
        count_read(1);
        if c.is_whitespace() {
            break;
        }
        tail[n] = c;
        n += 1;
    }
    match tail[..n].first() {
        None => true,
        Some(c) if c.is_ascii_digit() || c.is_alphabetic() => {
            // "DOI10.1016/…", "doi:10.…" stand free; otherwise a digit or
            // letter right before `10.` is accepted only inside a run of
            // glued fields ("2021-05-011210.3389/…", "395347210.1155/…"),
            // never after a stray digit ("110.1234/foo" is no DOI).
            let doi = n >= 3
                && tail[2].eq_ignore_ascii_case(&'d')
                && tail[1].eq_ignore_ascii_case(&'o')
                && tail[0].eq_ignore_ascii_case(&'i');
            doi || n >= 4
        }
        // "10..1000" and "1.10.1234/" are numbers, not DOIs.
        Some('.') => !(n >= 2 && tail[1].is_ascii_digit()),
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
    let run_start = head
        .rfind(|c: char| c.is_whitespace() || c == '|' || c == '"' || c == '<')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let run = &head.as_bytes()[run_start..];
    let has = |needle: &[u8]| {
        run.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    has(b"://") || has(b"www.") || has(b"doi.org/") || run.ends_with(b"/")
}

/// The end of the non-space run that starts at `from`, or `limit` (a char
/// boundary) if the run goes on past it.
fn read_token(fold: &str, from: usize, limit: usize) -> usize {
    if from >= limit {
        return from;
    }
    fold[from..limit]
        .char_indices()
        .find(|&(_, c)| {
            c.is_whitespace()
                || matches!(c, '"' | '|' | '\u{201C}' | '\u{201D}')
                || pdf_glyph(c)
                || legal_sign(c)
        })
        .map_or(limit, |(i, _)| from + i)
}

/// The copyright, registered and trade mark signs: no registered DOI holds
/// one, and tag-stripped front matter glues the copyright line straight
/// onto the DOI (`…2110.1186/2194-7899-2-1© 2014 Shafer et al.`).
fn legal_sign(c: char) -> bool {
    matches!(c, '\u{00A9}' | '\u{00AE}' | '\u{2117}' | '\u{2122}')
}

/// A char no DOI holds, which PDF text puts after one: a private-use glyph
/// (a font's icon or ornament, `\u{F0B7}`), a stray combining mark, the
/// replacement char of an unmapped glyph, a control or format char.
fn pdf_glyph(c: char) -> bool {
    use unicode_normalization::char::is_combining_mark;
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' | '\u{FFFD}')
        || c.is_control()
        || is_combining_mark(c)
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// PDF text breaks long DOIs at the end of a line. Joins the next line's
/// first token when the DOI is visibly unfinished there: it ends with `/`,
/// `-`, `_` or `(` (`doi:10.3109/\n00207459809003338`), or with `.` and the
/// next line is only the rest (`doi:10.1097/JGP.\n0b013e3182011b38.`), or
/// an Elsevier ISSN-style DOI continues with its `(yy)` part
/// (`doi:10.1016/0022-3956\n(75)90026-6`).
/// Reads no further than `next` (the next candidate's start), and no more
/// than [`READ_LIMIT`] bytes of suffix in all (`prefix_bytes` of the text
/// are the prefix).
fn continue_lines(fold: &str, raw: &mut Raw, mut end: usize, prefix_bytes: usize, next: usize) {
    for _ in 0..3 {
        let room = READ_LIMIT.saturating_sub(raw.text.len() - prefix_bytes);
        if room == 0 || end >= next {
            return;
        }
        let rest = &fold[end..next];
        // Exactly one line break, with indentation only.
        let ws: usize = rest
            .char_indices()
            .find(|&(_, c)| !(c == ' ' || c == '\n'))
            .map_or(rest.len(), |(i, _)| i);
        if rest[..ws].matches('\n').count() != 1 {
            return;
        }
        let next_start = end + ws;
        let next_end = read_token(
            fold,
            next_start,
            floor_char(fold, next.min(next_start + room)),
        );
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
            static PII: LazyLock<Regex> = LazyLock::new(|| {
                crate::extract::rx::new(r"^\(\d{2}\)\d{5}-[\dX]").expect("pii regex")
            });
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
    LazyLock::new(|| crate::extract::rx::new(r"/\d{4}-\d{3}[\dX]$").expect("issn tail regex"));

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

/// Where a raw candidate's DOI ends: before a second DOI glued on
/// (`embedded`, as [`clean`] takes it), a query string, a fragment, a
/// link's `&`, trailing punctuation and a URL path. Also whether the DOI
/// is part of a link, when that had to be looked up. None when nothing of
/// the suffix is left.
fn suffix_end(
    fold: &str,
    raw: &Raw,
    prefix_bytes: usize,
    embedded: Option<Option<usize>>,
) -> Option<(usize, Option<bool>)> {
    let text = raw.text.as_str();
    let mut keep = text.len();
    // A second DOI glued on: stop before it.
    let embedded = embedded.unwrap_or_else(|| {
        EMBEDDED_PREFIX
            .find_at(text, prefix_bytes)
            .map(|m| m.start())
    });
    if let Some(at) = embedded {
        keep = keep.min(at);
    }
    let suffix_at = prefix_bytes;
    // Query strings and fragments end a link; a `#` is kept only as the
    // check character of a SICI DOI (`…CO;2-#`).
    if let Some(q) = text[suffix_at..keep].find('?') {
        keep = suffix_at + q;
    }
    // Nothing left (`10.1000/10.1000/…`): nothing below can add to it.
    if keep <= suffix_at {
        return None;
    }
    // Whether the DOI is part of a link: looked up only when needed.
    let mut url_known: Option<bool> = None;
    let mut url = || *url_known.get_or_insert_with(|| is_url_context(fold, raw.start));
    if let Some(h) = text[suffix_at..keep].find('#') {
        let at = suffix_at + h;
        let sici_check = text[..at].ends_with('-') && text[..at].contains(';');
        if !sici_check || url() {
            keep = at;
        }
    }
    if let Some(a) = text[suffix_at..keep].find('&') {
        if url() {
            keep = suffix_at + a;
        }
    }
    // Punctuation first: "….pdf)." ends in ".pdf" only once ")." is gone.
    keep = trim_trailing(text, suffix_at, keep);
    // Every URL tail is `/` and a word, or `.pdf` at the end (a word may
    // start with a non-ASCII letter that case-folds to ASCII, as `ſ`).
    let tail_possible = {
        let t = &text.as_bytes()[suffix_at..keep];
        t.windows(2)
            .any(|w| w[0] == b'/' && (w[1].is_ascii_alphabetic() || w[1] >= 0x80))
            || t.len() >= 4 && t[t.len() - 4..].eq_ignore_ascii_case(b".pdf")
    };
    if let Some(m) = tail_possible
        .then(|| URL_TAIL.find(&text[suffix_at..keep]))
        .flatten()
    {
        if m.start() > 0 {
            keep = suffix_at + m.start();
        }
    }
    keep = trim_trailing(text, suffix_at, keep);
    if keep <= suffix_at {
        return None;
    }
    Some((keep, url_known))
}

/// Trims a raw candidate: URL paths, query strings, trailing punctuation;
/// decodes percent escapes; lower-cases. Returns the candidate and whether
/// a glued field still hangs on its end.
/// `embedded`: where in the text the first embedded `10.NNNN/` after the
/// prefix starts, if the caller knows (`Some(None)`: there is none).
fn clean(
    fold: &str,
    raw: &Raw,
    prefix_bytes: usize,
    embedded: Option<Option<usize>>,
) -> Option<(Cand, bool)> {
    let text = raw.text.as_str();
    let suffix_at = prefix_bytes;
    let (keep, mut url_known) = suffix_end(fold, raw, prefix_bytes, embedded)?;
    let mut url = || *url_known.get_or_insert_with(|| is_url_context(fold, raw.start));
    let suffix = &text[suffix_at..keep];
    if !suffix.chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    // A DOI cut short by the line end (`10.1007/3-` with no rest found)
    // is not reported: it would be a different DOI.
    if suffix.ends_with(['-', '/', '_']) {
        return None;
    }
    // Longer than a DOI can be once decoded, and with no capital for a
    // glued field to start with: dropped before any copy is made.
    let (decoded_chars, decoded_upper) = decoded_shape(suffix);
    if decoded_chars > MAX_SUFFIX && !decoded_upper {
        return None;
    }
    let prefix = match text[..prefix_bytes].contains('%') {
        true => text[..prefix_bytes].replace("%2F", "/").replace("%2f", "/"),
        false => text[..prefix_bytes].to_string(),
    };
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
        LazyLock::new(|| crate::extract::rx::new(r"\d[A-Z]").expect("digit upper regex"));
    // Both patterns need a capital letter.
    let glued = decoded.bytes().any(|b| b.is_ascii_uppercase())
        && (GLUE.is_match(&decoded)
            || CAPS_WORD_END.is_match(&decoded)
            || (glued_before && DIGIT_UPPER.is_match(&decoded)));
    // Longer than a DOI can be: glued fields may still be cut off it.
    if !glued && decoded.chars().count() > MAX_SUFFIX {
        return None;
    }
    let doi = format!("{prefix}{decoded}").to_lowercase();
    let start = raw.start;
    let end = raw.src_end(keep);
    let rule = if raw.joined {
        "doi.line_break"
    } else if url() {
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
/// the DOI (`10.1130/2013.2502(04)`, `…<135::AID-AJPA8>3.0.CO;2-#`). The
/// brackets are counted once, not once per char dropped.
fn trim_trailing(text: &str, from: usize, mut keep: usize) -> usize {
    const PAIRS: [(u8, u8); 4] = [(b'(', b')'), (b'[', b']'), (b'{', b'}'), (b'<', b'>')];
    // Counted when a closing bracket first ends the text, not before.
    let mut counts: Option<([usize; 4], [usize; 4])> = None;
    let count = |keep: usize| {
        let (mut open, mut close) = ([0usize; 4], [0usize; 4]);
        for &b in &text.as_bytes()[from..keep] {
            for (k, &(o, z)) in PAIRS.iter().enumerate() {
                open[k] += usize::from(b == o);
                close[k] += usize::from(b == z);
            }
        }
        (open, close)
    };
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
        for (k, &(_, z)) in PAIRS.iter().enumerate() {
            while keep > from && text.as_bytes()[keep - 1] == z {
                let (open, close) = counts.get_or_insert_with(|| count(keep));
                if open[k] >= close[k] {
                    break;
                }
                keep -= 1;
                close[k] -= 1;
            }
        }
        if keep == before {
            return keep;
        }
    }
}

/// The byte a `%XX` escape at `b[i..]` decodes to, if it is one that
/// [`percent_decode`] decodes (a printable ASCII char).
fn escape_at(b: &[u8], i: usize) -> Option<u8> {
    if b[i] != b'%' || i + 2 >= b.len() {
        return None;
    }
    let hex = |c: u8| (c as char).to_digit(16);
    let v = hex(b[i + 1])? * 16 + hex(b[i + 2])?;
    let v = u8::try_from(v).ok()?;
    v.is_ascii_graphic().then_some(v)
}

pub(super) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(v) = escape_at(b, i) {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The length in chars of [`percent_decode`]`(s)` and whether it holds an
/// ASCII capital, without making it.
pub(super) fn decoded_shape(s: &str) -> (usize, bool) {
    let b = s.as_bytes();
    let (mut chars, mut upper) = (0, false);
    let mut i = 0;
    while i < b.len() {
        if let Some(v) = escape_at(b, i) {
            chars += 1;
            upper |= v.is_ascii_uppercase();
            i += 3;
            continue;
        }
        // Count a char at its first byte; continuation bytes add nothing.
        chars += usize::from(b[i] & 0xC0 != 0x80);
        upper |= b[i].is_ascii_uppercase();
        i += 1;
    }
    (chars, upper)
}

#[cfg(test)]
thread_local! {
    /// Bytes copied into candidates, for the test that keeps reading linear.
    pub(super) static READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
pub(super) fn count_read(n: usize) {
    READ.with(|r| r.set(r.get() + n));
}

#[cfg(not(test))]
pub(super) fn count_read(_: usize) {}
