//! BibTeX and BibLaTeX (`.bib`): Zotero, JabRef, Mendeley, Google Scholar
//! and publisher exports. One entry is one article; `@string` macros are
//! expanded (and the month names predefined), `@comment`, `@preamble`,
//! `@set` and `@xdata` are not articles, and LaTeX in the values becomes
//! text ([`latex`]).
//!
//! Why not the `biblatex` crate: it parses a whole file into memory at
//! once and one malformed entry fails the whole file. On the bibformats
//! test files, `biblatex` 0.11 rejected 5 of 25 (a missing comma between two fields, a
//! stray `)` after an `@string`, `@` and the entry type on different lines
//! with `%` comments between them, an unbraced `@preamble`, an undefined
//! macro), losing every entry in them. Real libraries hold such entries;
//! a librarian must not lose the other 3,000 for one.
//!
//! So this reader scans the stream itself: outside entries everything is a
//! comment (as for BibTeX); an entry runs from `@type{` (or `(`) to its
//! matching close, its size capped by `--max-size`. An entry that does not
//! close before the next line starting with `@type{` is cut there and
//! costs only itself; a field without `=` or a missing comma is tolerated
//! with a warning. Identifiers: `doi` (or a DOI link in `url`), `pmid`,
//! `pmcid`, `eprint` with `eprinttype = {pubmed}`, and `PMID:`/`PMCID:`
//! lines in `note`, `annote` or `extra`; the key falls back to the
//! citation key.

pub mod latex;

use super::citation::{self, Citation, KeyGuard};
use super::{Articles, BadArticle, FileData, Item, ReadContext, Reader, Sniff};
use regex::Regex;
use std::collections::{HashMap, VecDeque};
use std::io::{self, BufRead};
use std::path::Path;
use std::sync::LazyLock;

pub struct BibtexReader;

/// `@article{`, `@Book (`, `@ string{` at the start of a line.
static ENTRY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*@[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*[{(]").expect("entry line")
});

impl Reader for BibtexReader {
    fn format(&self) -> &'static str {
        "bibtex"
    }

    /// Content: the first entry line comes before any long prose (comment
    /// lines and a few short header lines may precede it, as JabRef writes
    /// them), and for a citation entry a `key,` or a `field =` follows. A
    /// paper that shows a BibTeX entry in its text stays a text document.
    fn sniff(&self, path: &Path, head: &[u8]) -> Sniff {
        let lines = super::tagged::head_lines(head, 40);
        let mut prose = 0;
        for (i, l) in lines.iter().enumerate() {
            let t = l.trim();
            if t.is_empty() || t.starts_with('%') {
                continue;
            }
            if let Some(c) = ENTRY_LINE.captures(l) {
                let kind = c[1].to_ascii_lowercase();
                let rest = &l[c.get(0).expect("match").end()..];
                let next = lines.get(i + 1).map_or("", |s| s.as_str());
                let looks = matches!(kind.as_str(), "string" | "comment" | "preamble")
                    || rest.trim_end().ends_with(',')
                    || rest.contains('=')
                    || next.contains('=');
                if looks {
                    return Sniff::Content;
                }
                break;
            }
            prose += 1;
            if prose > 5 || t.len() > 100 {
                break;
            }
        }
        match super::detect::extension(path).as_str() {
            "bib" | "bibtex" | "biblatex" => Sniff::Name,
            _ => Sniff::No,
        }
    }

    fn streams(&self) -> bool {
        true
    }

    fn read(&self, file: FileData, ctx: &ReadContext) -> Articles {
        let mut stream = file.into_stream();
        if let Some(stop) = citation::not_the_format(&mut stream, "BibTeX") {
            return stop;
        }
        Articles {
            many: true,
            items: Box::new(Entries {
                scan: Scanner::new(stream),
                max_bytes: ctx.max_bytes,
                macros: HashMap::new(),
                keys: KeyGuard::default(),
                index: 0,
                any: false,
                done: false,
            }),
        }
    }
}

/// A byte stream with look-ahead and line numbers.
struct Scanner {
    inner: Box<dyn BufRead + Send>,
    ahead: VecDeque<u8>,
    line: usize,
    error: Option<io::Error>,
}

impl Scanner {
    fn new(inner: Box<dyn BufRead + Send>) -> Scanner {
        Scanner {
            inner,
            ahead: VecDeque::new(),
            line: 1,
            error: None,
        }
    }

    fn fill(&mut self, n: usize) {
        while self.ahead.len() < n && self.error.is_none() {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e);
                    return;
                }
            };
            if buf.is_empty() {
                return;
            }
            let take = buf.len().min(64 * 1024);
            self.ahead.extend(&buf[..take]);
            self.inner.consume(take);
        }
    }

    fn peek(&mut self, k: usize) -> Option<u8> {
        self.fill(k + 1);
        self.ahead.get(k).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        self.fill(1);
        let b = self.ahead.pop_front()?;
        if b == b'\n' {
            self.line += 1;
        }
        Some(b)
    }

    /// True when the bytes ahead start an entry: `@`, spaces, a name,
    /// spaces, `{` or `(`.
    fn entry_ahead(&mut self) -> bool {
        if self.peek(0) != Some(b'@') {
            return false;
        }
        let mut k = 1;
        while matches!(self.peek(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        let start = k;
        while self
            .peek(k)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            && k < 64
        {
            k += 1;
        }
        if k == start || !self.peek(start).is_some_and(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        while matches!(self.peek(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        matches!(self.peek(k), Some(b'{' | b'('))
    }
}

/// One entry as scanned: its type and body (between the delimiters).
struct Raw {
    kind: String,
    body: Vec<u8>,
    line: usize,
    /// How it ended, when not at its closing delimiter.
    broken: Option<String>,
    too_big: bool,
}

struct Entries {
    scan: Scanner,
    max_bytes: u64,
    macros: HashMap<String, String>,
    keys: KeyGuard,
    index: usize,
    any: bool,
    done: bool,
}

impl Entries {
    /// Skips to the next entry and reads it; `None` at the end.
    fn next_raw(&mut self) -> Option<Raw> {
        let s = &mut self.scan;
        // Outside entries: everything is a comment; `%` lines too (biber).
        let mut line_start = true;
        loop {
            let b = s.peek(0)?;
            if b == b'@' && s.entry_ahead() {
                break;
            }
            if b == b'%' && line_start {
                while let Some(b) = s.bump() {
                    if b == b'\n' {
                        break;
                    }
                }
                continue;
            }
            s.bump();
            line_start = b == b'\n' || (line_start && (b == b' ' || b == b'\t'));
        }
        let line = s.line;
        s.bump(); // '@'
        let mut kind = String::new();
        loop {
            match s.peek(0) {
                Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => {
                    kind.push(b.to_ascii_lowercase() as char);
                    s.bump();
                }
                Some(b' ' | b'\t') if kind.is_empty() => {
                    s.bump();
                }
                _ => break,
            }
        }
        while matches!(s.peek(0), Some(b' ' | b'\t')) {
            s.bump();
        }
        let close = if s.bump() == Some(b'(') { b')' } else { b'}' };
        let mut raw = Raw {
            kind,
            body: Vec::new(),
            line,
            broken: None,
            too_big: false,
        };
        let mut depth = 0usize;
        let mut in_quotes = false;
        let mut at_line_start = false;
        loop {
            if at_line_start {
                while matches!(s.peek(0), Some(b' ' | b'\t')) {
                    let b = s.bump().expect("peeked");
                    raw.body.push(b);
                }
                if s.entry_ahead() {
                    raw.broken = Some(format!(
                        "the entry does not close before the next entry at line {}",
                        s.line
                    ));
                    return Some(raw);
                }
            }
            let Some(b) = s.bump() else {
                if raw.broken.is_none() {
                    raw.broken = Some("the entry does not close before the end of the file".into());
                }
                return Some(raw);
            };
            at_line_start = b == b'\n';
            // The closing delimiter is looked for before the depth moves:
            // the `}` that closes a field's braces is not the entry's.
            let end = match b {
                b'{' => {
                    depth += 1;
                    false
                }
                b'}' if depth > 0 => {
                    depth -= 1;
                    false
                }
                b'"' if depth == 0 && close == b')' => {
                    in_quotes = !in_quotes;
                    false
                }
                _ => b == close && depth == 0 && !in_quotes,
            };
            if end {
                return Some(raw);
            }
            if raw.body.len() as u64 >= self.max_bytes {
                raw.too_big = true;
                raw.body.clear();
            }
            if !raw.too_big {
                raw.body.push(b);
            }
        }
    }
}

impl Iterator for Entries {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        loop {
            let Some(raw) = self.next_raw() else {
                self.done = true;
                if let Some(e) = self.scan.error.take() {
                    return Some(Item::Stop(format!(
                        "the file breaks off at line {}: {}",
                        self.scan.line,
                        crate::plain::plain_io(&e)
                    )));
                }
                if !self.any {
                    return Some(Item::Stop(
                        "no BibTeX entries: the file has no `@type{key, …}` entry".into(),
                    ));
                }
                return None;
            };
            if let Some(e) = self.scan.error.take() {
                // The read error cut this entry: it is not reported as an
                // article, the stop says where.
                self.done = true;
                return Some(Item::Stop(format!(
                    "the file breaks off at line {} in the entry that starts at line {}: {}",
                    self.scan.line,
                    raw.line,
                    crate::plain::plain_io(&e)
                )));
            }
            let (body, fallback) = match String::from_utf8(raw.body) {
                Ok(s) => (s, false),
                Err(e) => (
                    e.as_bytes()
                        .iter()
                        .map(|&b| super::text::cp1252(b))
                        .collect::<String>(),
                    true,
                ),
            };
            match raw.kind.as_str() {
                "comment" | "preamble" | "set" | "xdata" => continue,
                "string" => {
                    if raw.broken.is_none() {
                        if let Ok(fields) = parse_fields(&body, &self.macros, &mut Vec::new()) {
                            for (name, value) in fields {
                                self.macros.insert(name, value);
                            }
                        }
                    }
                    continue;
                }
                _ => {}
            }
            self.any = true;
            let index = self.index;
            self.index += 1;
            let bad = |error: String, key: Option<String>| {
                Some(Item::Bad(BadArticle {
                    index,
                    key: key.map(|k| super::keys::record_id(&k)),
                    position: format!("line {}", raw.line),
                    error,
                }))
            };
            if raw.too_big {
                return bad(
                    "the entry is larger than the size limit (--max-size); it was skipped".into(),
                    None,
                );
            }
            let (key, rest) = split_key(&body);
            if let Some(why) = raw.broken {
                return bad(
                    format!("BibTeX: {why} (a brace or quote is not closed)"),
                    key.map(str::to_string),
                );
            }
            let mut warnings = Vec::new();
            let fields = match parse_fields(rest, &self.macros, &mut warnings) {
                Ok(f) => f,
                Err(e) => return bad(format!("BibTeX: {e}"), key.map(str::to_string)),
            };
            let mut c = bib_citation(&raw.kind, key, &fields);
            c.fingerprint = Some(citation::hash_of(&body));
            c.warnings.extend(warnings);
            if fallback {
                c.encoding = Some("windows-1252");
                c.warnings.push(
                    "encoding: some of this entry's bytes are not UTF-8; they were read as Windows-1252".into(),
                );
            }
            return Some(Item::Article(Box::new(
                c.into_article(index, &mut self.keys),
            )));
        }
    }
}

/// The citation key (before the first comma, unless what comes first is
/// already a field) and the rest of the body.
fn split_key(body: &str) -> (Option<&str>, &str) {
    match body.find(',') {
        Some(i) if !body[..i].contains('=') => {
            let k = body[..i].trim();
            ((!k.is_empty()).then_some(k), &body[i + 1..])
        }
        None if !body.contains('=') => {
            let k = body.trim();
            ((!k.is_empty()).then_some(k), "")
        }
        _ => (None, body),
    }
}

const MONTHS: [(&str, &str); 12] = [
    ("jan", "January"),
    ("feb", "February"),
    ("mar", "March"),
    ("apr", "April"),
    ("may", "May"),
    ("jun", "June"),
    ("jul", "July"),
    ("aug", "August"),
    ("sep", "September"),
    ("oct", "October"),
    ("nov", "November"),
    ("dec", "December"),
];

/// `name = value, …` with values in braces, quotes, bare numbers or macro
/// names, joined by `#`. Values stay raw LaTeX; names are lower case.
fn parse_fields(
    s: &str,
    macros: &HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<Vec<(String, String)>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let skip = |i: &mut usize| {
        while *i < c.len() && (c[*i].is_whitespace() || c[*i] == ',') {
            *i += 1;
        }
    };
    loop {
        skip(&mut i);
        if i >= c.len() {
            return Ok(out);
        }
        let start = i;
        while i < c.len()
            && !c[i].is_whitespace()
            && !matches!(c[i], '=' | ',' | '{' | '}' | '"' | '#')
        {
            i += 1;
        }
        let name: String = c[start..i].iter().collect::<String>().to_lowercase();
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        if name.is_empty() || c.get(i) != Some(&'=') {
            // Not `name =`: skip to the next comma outside braces.
            let mut depth = 0usize;
            while i < c.len() && !(c[i] == ',' && depth == 0) {
                match c[i] {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                i += 1;
            }
            let shown: String = c[start..i.min(start + 40)].iter().collect();
            warnings.push(format!(
                "BibTeX: `{}` is not a `field = value` pair; it was skipped",
                shown.trim()
            ));
            continue;
        }
        i += 1; // '='
        let value = parse_value(&c, &mut i, &name, macros, warnings)?;
        out.push((name, value));
    }
}

/// One field's value at `c[*i]`: braces, quotes, a number or a macro name,
/// parts joined by `#`; `*i` ends after it.
fn parse_value(
    c: &[char],
    i: &mut usize,
    name: &str,
    macros: &HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<String, String> {
    let mut value = String::new();
    loop {
        while *i < c.len() && c[*i].is_whitespace() {
            *i += 1;
        }
        match c.get(*i) {
            Some('{') => {
                let mut depth = 0usize;
                let from = *i + 1;
                while *i < c.len() {
                    match c[*i] {
                        '\\' => *i += 1,
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    *i += 1;
                }
                if *i >= c.len() {
                    return Err(format!("the value of `{name}` does not close"));
                }
                value.extend(&c[from..*i]);
                *i += 1;
            }
            Some('"') => {
                let from = *i + 1;
                *i += 1;
                let mut depth = 0usize;
                while *i < c.len() && !(c[*i] == '"' && depth == 0) {
                    match c[*i] {
                        '\\' => *i += 1,
                        '{' => depth += 1,
                        '}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    *i += 1;
                }
                if *i >= c.len() {
                    return Err(format!("the quoted value of `{name}` does not close"));
                }
                value.extend(&c[from..*i]);
                *i += 1;
            }
            Some(ch) if ch.is_ascii_digit() => {
                while *i < c.len() && c[*i].is_ascii_digit() {
                    value.push(c[*i]);
                    *i += 1;
                }
            }
            Some(_) => {
                let from = *i;
                while *i < c.len()
                    && !c[*i].is_whitespace()
                    && !matches!(c[*i], ',' | '#' | '}' | '{' | '"' | '=')
                {
                    *i += 1;
                }
                if *i == from {
                    return Err(format!("unexpected `{}` in the value of `{name}`", c[*i]));
                }
                let mac: String = c[from..*i].iter().collect::<String>().to_lowercase();
                match macros.get(&mac) {
                    Some(v) => value.push_str(v),
                    None => match MONTHS.iter().find(|(m, _)| *m == mac) {
                        Some((_, full)) => value.push_str(full),
                        None => warnings.push(format!(
                            "BibTeX: the field `{name}` names the macro `{mac}`, which is not defined; it was left empty"
                        )),
                    },
                }
            }
            None => break,
        }
        while *i < c.len() && c[*i].is_whitespace() {
            *i += 1;
        }
        if c.get(*i) == Some(&'#') {
            *i += 1;
            continue;
        }
        break;
    }
    Ok(value)
}

/// Maps an entry's fields.
fn bib_citation(kind: &str, key: Option<&str>, fields: &[(String, String)]) -> Citation {
    let get = |names: &[&str]| {
        names.iter().find_map(|n| {
            fields
                .iter()
                .find(|(k, v)| k == n && !v.trim().is_empty())
                .map(|(_, v)| latex::to_text(v))
        })
    };
    let mut c = Citation::default();
    c.add_type(kind);
    c.title = get(&["title"]).map(|t| citation::one_line(&t));
    c.journal = get(&["journal", "journaltitle", "booktitle"]).map(|t| citation::one_line(&t));
    if let Some(y) = get(&["year", "date"]) {
        c.add_year(&y);
    }
    c.abstract_text = get(&["abstract"]).map(|a| citation::join_wrapped(&a));
    if let Some(d) = get(&["doi"]) {
        if !c.add_doi(&d) {
            c.add_doi_in(&d);
        }
    }
    if let Some(p) = get(&["pmid"]) {
        c.add_pmid(&p);
    }
    if let Some(p) = get(&["pmcid"]) {
        c.add_pmcid(&p);
    }
    let eprint_type = get(&["eprinttype", "archiveprefix"]).map(|t| t.to_lowercase());
    if let (Some(e), Some(t)) = (get(&["eprint"]), eprint_type) {
        match t.as_str() {
            "pubmed" | "pmid" => {
                c.add_pmid(&e);
            }
            "pmc" | "pmcid" => {
                c.add_pmcid(&e);
            }
            _ => {}
        }
    }
    for name in ["url", "howpublished"] {
        if let Some(u) = get(&[name]) {
            c.add_doi_in(&u);
        }
    }
    for name in ["note", "annote", "extra"] {
        if let Some(n) = get(&[name]) {
            for line in n.lines().map(str::trim) {
                let lower = line.to_ascii_lowercase();
                if lower.starts_with("pmid") {
                    c.add_pmid(line);
                } else if lower.starts_with("pmcid") {
                    c.add_pmcid(line);
                } else if lower.starts_with("doi") && c.dois.is_empty() {
                    c.add_doi_in(line);
                }
            }
        }
    }
    c.record_id = key.map(str::to_string);
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::citation::testing::{articles, items, meta, text};

    fn fixture(name: &str) -> Vec<u8> {
        crate::ingest::citation::testing::fixture("bibtex", name)
    }

    #[test]
    fn zotero_style_library() {
        let a = articles(&BibtexReader, &fixture("library.bib"));
        assert_eq!(
            a.len(),
            3,
            "@string, @comment and @preamble are not articles"
        );
        let m = meta(&a[0]);
        assert_eq!(m.doi.as_deref(), Some("10.1016/s1474-4422(20)30123-4"));
        assert_eq!(m.pmid.as_deref(), Some("32315623"));
        assert_eq!(m.journal.as_deref(), Some("The Lancet Neurology"));
        assert_eq!(m.year, Some(2020));
        assert_eq!(m.publication_types, vec!["article"]);
        assert_eq!(
            m.title.as_deref(),
            Some("Ocrelizumab versus interferon in relapsing MS: Müller's cohort")
        );
        let t = text(&a[0]);
        assert!(t.contains("P = 3 × 10⁻⁵"), "{t}");
        assert!(t.contains("\nMETHODS: We randomised"), "{t}");
        // Macros and months, an eprint PMID, quotes and concatenation.
        let m1 = meta(&a[1]);
        assert_eq!(m1.journal.as_deref(), Some("Multiple Sclerosis Journal"));
        assert_eq!(m1.pmid.as_deref(), Some("29876543"));
        assert_eq!(a[2].key.as_deref(), Some("id-smith_cells_2019"));
    }

    #[test]
    fn a_broken_entry_costs_itself_only() {
        let got = items(&BibtexReader, &fixture("broken.bib"));
        let kinds: Vec<&str> = got
            .iter()
            .map(|i| match i {
                Item::Article(_) => "article",
                Item::Bad(_) => "bad",
                Item::Stop(_) => "stop",
                Item::Deleted(_) => "deleted",
            })
            .collect();
        assert_eq!(
            kinds,
            vec!["article", "bad", "article", "article"],
            "{got:?}"
        );
        match &got[1] {
            Item::Bad(b) => {
                assert_eq!(b.index, 1);
                assert_eq!(b.key.as_deref(), Some("id-unclosed2020"));
                assert!(b.error.contains("does not close"), "{}", b.error);
                assert!(b.position.starts_with("line "), "{}", b.position);
            }
            other => panic!("{other:?}"),
        }
        // A missing comma between fields keeps both fields.
        match &got[2] {
            Item::Article(a) => {
                assert_eq!(meta(a).doi.as_deref(), Some("10.1000/after.1"));
                assert_eq!(meta(a).title.as_deref(), Some("Missing comma"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn odd_but_valid_syntax() {
        let src = "% Encoding: UTF-8\n@\n  %a\npreamble\n  %a\n{ \"Maintained by \" }\n\
            @string(maint = \"Xavier D\\\\'ecoret\"))\n\
            @Book {sweig42, Author = maint # \" and others\", title = { The {impossible} TEL---book }, yEAr = 1942, month = mar}\n\
            @article{nokey_missing, title = x}\n@article{\n title = {No key at all}, doi = {https://doi.org/10.5555/NOKEY}}\n";
        let a = articles(&BibtexReader, src.as_bytes());
        assert_eq!(a.len(), 3, "{a:?}");
        assert_eq!(
            meta(&a[0]).title.as_deref(),
            Some("The impossible TEL—book")
        );
        assert_eq!(meta(&a[0]).year, Some(1942));
        assert!(
            a[1].warnings.iter().any(|w| w.contains("macro `x`")),
            "{:?}",
            a[1].warnings
        );
        assert_eq!(a[2].key.as_deref(), Some("doi-10.5555%2Fnokey"));
    }

    #[test]
    fn sniffing_takes_bib_files_and_leaves_papers() {
        let p = Path::new("refs.txt");
        assert_eq!(
            BibtexReader.sniff(p, &fixture("library.bib")),
            Sniff::Content
        );
        let paper = b"Reproducible citation management in clinical trials\n\nIntroduction\nMany tools export references; a typical entry reads as follows in the supplementary material of this long article about it.\n@article{key2020,\n  title = {x}\n}\n";
        assert_eq!(BibtexReader.sniff(p, paper), Sniff::No);
        assert_eq!(
            BibtexReader.sniff(Path::new("a.bib"), b"hello"),
            Sniff::Name
        );
        let got = items(&BibtexReader, b"no entries here, just text\n");
        assert!(matches!(&got[..], [Item::Stop(m)] if m.contains("no BibTeX entries")));
    }
}
