//! Tagged-text exports, read as a stream of records: RIS (`TY  - JOUR` …
//! `ER  - `), Web of Science (`PT J` … `ER`) and Ovid (`<1. >` then
//! `TI  - …`, or the display layout with field names on their own lines).
//! Each format says what a line is ([`Grammar`]); this module reads the
//! lines, groups them into records of fields, and keeps the limits.
//!
//! Why not a crate: the RIS crates on crates.io parse a well-formed file
//! into a `Vec` at once and reject what real exports hold (one space before
//! the dash, a missing `ER`, junk lines between records, Windows-1252 bytes
//! in one record of a UTF-8 file), and none reads Web of Science or Ovid.
//! The grammar of these formats is a line each; the leniency is the work.
//!
//! * Lines are read with a cap ([`Lines`]): a file without line breaks
//!   costs at most the cap in memory, whatever its size.
//! * Each line is decoded on its own: UTF-8, else Windows-1252 (exports
//!   that mix the two exist: a record pasted from a Windows tool into a
//!   UTF-8 library), and the record says so. A UTF-16 file (EndNote's
//!   "Unicode" export) is transcoded as it streams, from its byte-order
//!   mark. A BOM at the start of any line is dropped (files concatenated
//!   from several exports carry one each).
//! * A record larger than the size limit is skipped ([`Next::TooBig`]);
//!   a read error (a truncated `.gz`) ends the stream ([`Next::Stop`]),
//!   after the records before it.

use std::io::{self, BufRead, BufReader};

/// One line of the file, decoded.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number.
    pub no: usize,
    pub text: String,
    /// Some bytes were not UTF-8 and were read as Windows-1252.
    pub fallback: bool,
    /// Bytes on disk (before decoding), line break included.
    pub bytes: usize,
}

/// The lines of a stream, each at most `cap` bytes (the rest of a longer
/// line is read and dropped).
pub struct Lines {
    inner: Box<dyn BufRead + Send>,
    no: usize,
    buf: Vec<u8>,
    cap: usize,
}

impl Lines {
    pub fn new(mut inner: Box<dyn BufRead + Send>, cap: usize) -> Lines {
        let utf16 = matches!(inner.fill_buf(), Ok(b) if b.starts_with(b"\xFF\xFE") || b.starts_with(b"\xFE\xFF"));
        if utf16 {
            let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .bom_sniffing(true)
                .strip_bom(true)
                .build(inner);
            inner = Box::new(BufReader::with_capacity(64 * 1024, decoded));
        }
        Lines {
            inner,
            no: 0,
            buf: Vec::new(),
            cap: cap.max(1),
        }
    }

    /// The number of the last line read.
    pub fn line_no(&self) -> usize {
        self.no
    }

    fn read_raw(&mut self) -> io::Result<Option<usize>> {
        self.buf.clear();
        let mut total = 0;
        loop {
            let avail = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                break;
            }
            let (take, done) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            let room = self.cap.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&avail[..take.min(room)]);
            total += take;
            self.inner.consume(take);
            if done {
                break;
            }
        }
        Ok((total > 0).then_some(total))
    }
}

impl Iterator for Lines {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<io::Result<Line>> {
        let bytes = match self.read_raw() {
            Ok(Some(n)) => n,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        self.no += 1;
        let mut raw: &[u8] = &self.buf;
        while let Some(r) = raw.strip_suffix(b"\n").or_else(|| raw.strip_suffix(b"\r")) {
            raw = r;
        }
        let (text, fallback) = match std::str::from_utf8(raw) {
            Ok(s) => (s.to_string(), false),
            Err(_) => (raw.iter().map(|&b| super::text::cp1252(b)).collect(), true),
        };
        let text = match text.strip_prefix('\u{FEFF}') {
            Some(t) => t.to_string(),
            None => text,
        };
        Some(Ok(Line {
            no: self.no,
            text,
            fallback,
            bytes,
        }))
    }
}

/// What a line is, for one format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Opens a record; the line may itself be a field (`TY  - JOUR`,
    /// `PT J`).
    Start(Option<(String, String)>),
    /// Closes the record (`ER  - `).
    End,
    /// A field: tag (or field name) and value.
    Field(String, String),
    /// More of the previous field's value.
    Continuation(String),
    Blank,
    /// Outside any record and not a field: file headers, junk lines.
    Junk,
}

/// A tagged format's line grammar.
pub trait Grammar: Send {
    fn classify(&self, line: &str, in_record: bool) -> Kind;
    /// Whether a field line outside a record opens one (a RIS record whose
    /// `TY` line is missing); the record is then marked `implicit`.
    fn orphan_opens(&self) -> bool {
        false
    }
}

/// A field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    pub tag: String,
    /// Continuation lines joined with `\n` (each reader decides how to
    /// join them further: authors one per line, an abstract wrapped).
    pub value: String,
}

/// A record as the file gives it.
#[derive(Debug, Clone, Default)]
pub struct RawRecord {
    pub fields: Vec<Field>,
    /// 1-based line where it starts.
    pub line: usize,
    /// Some of its bytes were read as Windows-1252.
    pub fallback: bool,
    /// Opened by a field line, without its start line.
    pub implicit: bool,
}

impl RawRecord {
    /// Values of a tag, in file order.
    pub fn all<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |f| f.tag == tag)
            .map(|f| f.value.as_str())
    }

    /// The first non-empty value of a tag.
    pub fn first<'a>(&'a self, tag: &'a str) -> Option<&'a str> {
        self.all(tag).map(str::trim).find(|v| !v.is_empty())
    }

    /// The first non-empty value among tags, in the order given.
    pub fn first_of<'a>(&'a self, tags: &[&'a str]) -> Option<&'a str> {
        tags.iter().find_map(|t| self.first(t))
    }
}

/// What [`Records`] yields.
#[derive(Debug)]
pub enum Next {
    Record(RawRecord),
    /// A record over the size limit, skipped.
    TooBig {
        line: usize,
        bytes: u64,
    },
    /// The file cannot be read further.
    Stop(String),
}

/// The records of a stream.
pub struct Records<G: Grammar> {
    lines: Lines,
    grammar: G,
    /// A start line met while reading the previous record.
    pending: Option<Line>,
    max_bytes: u64,
    done: bool,
}

impl<G: Grammar> Records<G> {
    pub fn new(stream: Box<dyn BufRead + Send>, grammar: G, max_bytes: u64) -> Records<G> {
        // One line may be as long as one record may be.
        let cap = usize::try_from(max_bytes.saturating_add(1)).unwrap_or(usize::MAX);
        Records {
            lines: Lines::new(stream, cap),
            grammar,
            pending: None,
            max_bytes,
            done: false,
        }
    }
}

impl<G: Grammar> Records<G> {
    /// The next line (a start line held back first); `None` at the end;
    /// a read error (a truncated `.gz`) as the stop that ends the file,
    /// saying where, and in which record when one is open.
    fn next_line(&mut self, rec: Option<&RawRecord>) -> Result<Option<Line>, Next> {
        if let Some(l) = self.pending.take() {
            return Ok(Some(l));
        }
        match self.lines.next() {
            Some(Ok(l)) => Ok(Some(l)),
            Some(Err(e)) => {
                self.done = true;
                let at = self.lines.line_no();
                let what = match rec {
                    Some(r) => format!(" in the record that starts at line {}", r.line),
                    None => String::new(),
                };
                Err(Next::Stop(format!(
                    "the file breaks off after line {at}{what}: {}",
                    crate::plain::plain_io(&e)
                )))
            }
            None => {
                self.done = true;
                Ok(None)
            }
        }
    }
}

impl<G: Grammar> Iterator for Records<G> {
    type Item = Next;

    fn next(&mut self) -> Option<Next> {
        if self.done {
            return None;
        }
        let mut rec: Option<RawRecord> = None;
        let mut size: u64 = 0;
        loop {
            let line = match self.next_line(rec.as_ref()) {
                Ok(Some(l)) => l,
                Ok(None) => break,
                Err(stop) => return Some(stop),
            };
            let kind = self.grammar.classify(&line.text, rec.is_some());
            if let Kind::Start(_) = kind {
                if rec.is_some() {
                    self.pending = Some(line);
                    break;
                }
            }
            if let Some(r) = &rec {
                size += line.bytes as u64;
                if size > self.max_bytes {
                    // Read on to the record's end, keeping nothing.
                    if matches!(kind, Kind::End) {
                        return Some(Next::TooBig {
                            line: r.line,
                            bytes: size,
                        });
                    }
                    if let Some(r) = rec.as_mut() {
                        r.fields.clear();
                    }
                    continue;
                }
            }
            match kind {
                Kind::Start(field) => {
                    let mut r = RawRecord {
                        line: line.no,
                        fallback: line.fallback,
                        ..RawRecord::default()
                    };
                    if let Some((tag, value)) = field {
                        r.fields.push(Field { tag, value });
                    }
                    size = line.bytes as u64;
                    rec = Some(r);
                }
                Kind::End => {
                    if rec.is_some() {
                        break;
                    }
                }
                Kind::Field(tag, value) => {
                    if rec.is_none() {
                        if !self.grammar.orphan_opens() {
                            continue;
                        }
                        size = line.bytes as u64;
                        rec = Some(RawRecord {
                            line: line.no,
                            implicit: true,
                            ..RawRecord::default()
                        });
                    }
                    let r = rec.as_mut().expect("record open");
                    r.fallback |= line.fallback;
                    r.fields.push(Field { tag, value });
                }
                Kind::Continuation(text) => {
                    if let Some(f) = rec.as_mut().and_then(|r| {
                        r.fallback |= line.fallback;
                        r.fields.last_mut()
                    }) {
                        f.value.push('\n');
                        f.value.push_str(&text);
                    }
                }
                Kind::Blank => {
                    if let Some(f) = rec.as_mut().and_then(|r| r.fields.last_mut()) {
                        f.value.push('\n');
                    }
                }
                Kind::Junk => {}
            }
        }
        finished(rec, size, self.max_bytes)
    }
}

/// The record read, or its size when it is over the limit; values are
/// trimmed.
fn finished(rec: Option<RawRecord>, size: u64, max_bytes: u64) -> Option<Next> {
    match rec {
        Some(r) if size > max_bytes => Some(Next::TooBig {
            line: r.line,
            bytes: size,
        }),
        Some(mut r) => {
            for f in &mut r.fields {
                let t = f.value.trim();
                if t.len() != f.value.len() {
                    f.value = t.to_string();
                }
            }
            Some(Next::Record(r))
        }
        None => None,
    }
}

/// The first lines of a file's head as text, for sniffing: a byte-order
/// mark dropped, UTF-16 decoded, invalid UTF-8 replaced.
pub fn head_lines(head: &[u8], max_lines: usize) -> Vec<String> {
    let Some(text) = decoded_head(head) else {
        return Vec::new();
    };
    let mut lines: Vec<String> = text
        .lines()
        .take(max_lines + 1)
        .map(|l| l.trim_start_matches('\u{FEFF}').to_string())
        .collect();
    // The head ends mid-line: its last line may be cut.
    if text.lines().nth(lines.len()).is_some() || !text.ends_with('\n') {
        lines.pop();
    }
    lines
}

thread_local! {
    /// The last head decoded on this thread and its text (`None`: binary):
    /// detection asks several readers about the same head in turn.
    static LAST_HEAD: std::cell::RefCell<(Vec<u8>, Option<std::rc::Rc<str>>)> =
        const { std::cell::RefCell::new((Vec::new(), None)) };
}

/// The head decoded as text (`None` when it is binary), decoded once for
/// all the readers that sniff the same head.
fn decoded_head(head: &[u8]) -> Option<std::rc::Rc<str>> {
    LAST_HEAD.with_borrow_mut(|(bytes, text)| {
        if bytes.as_slice() != head || bytes.is_empty() {
            *text = super::text::decode(head).ok().map(|d| d.text.into());
            bytes.clear();
            bytes.extend_from_slice(head);
        }
        text.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Simple;
    impl Grammar for Simple {
        fn classify(&self, line: &str, _in: bool) -> Kind {
            match line.split_once(' ') {
                _ if line.trim().is_empty() => Kind::Blank,
                _ if line == "END" => Kind::End,
                Some(("START", v)) => Kind::Start(Some(("S".into(), v.into()))),
                Some((t, v)) if t.len() == 2 => Kind::Field(t.into(), v.into()),
                _ if line.starts_with(' ') => Kind::Continuation(line.trim().into()),
                _ => Kind::Junk,
            }
        }
    }

    fn records(bytes: &[u8], max: u64) -> Vec<Next> {
        Records::new(Box::new(io::Cursor::new(bytes.to_vec())), Simple, max).collect()
    }

    #[test]
    fn records_group_fields_continuations_and_a_missing_end() {
        let got = records(
            b"junk\nSTART a\nTI one\n two\nEND\nignored line\nSTART b\nTI x\r\nSTART c\nTI \xE9\n",
            1000,
        );
        let recs: Vec<&RawRecord> = got
            .iter()
            .map(|n| match n {
                Next::Record(r) => r,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].first("TI"), Some("one\ntwo"));
        assert_eq!(recs[1].first("TI"), Some("x"), "CRLF dropped");
        assert_eq!(recs[1].line, 7);
        assert_eq!(recs[2].first("TI"), Some("é"));
        assert!(recs[2].fallback && !recs[0].fallback);
    }

    #[test]
    fn a_big_record_is_skipped_and_the_next_read() {
        let mut f = b"START a\nTI ".to_vec();
        f.extend(std::iter::repeat_n(b'x', 500));
        f.extend_from_slice(b"\nEND\nSTART b\nTI small\nEND\n");
        let got = records(&f, 100);
        assert!(matches!(got[0], Next::TooBig { line: 1, .. }), "{got:?}");
        assert!(matches!(&got[1], Next::Record(r) if r.first("TI") == Some("small")));
    }

    #[test]
    fn utf16_is_transcoded_and_boms_dropped() {
        let mut le = vec![0xFF, 0xFE];
        for u in "START a\nTI n = 27 ±\nEND\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let got = records(&le, 1000);
        assert!(matches!(&got[0], Next::Record(r) if r.first("TI") == Some("n = 27 ±")));
        let got = records("\u{FEFF}START a\nTI x\n".as_bytes(), 1000);
        assert!(matches!(&got[0], Next::Record(r) if r.first("S") == Some("a")));
    }

    #[test]
    fn a_read_error_stops_after_the_records_before_it() {
        struct Broken(io::Cursor<Vec<u8>>);
        impl io::Read for Broken {
            fn read(&mut self, b: &mut [u8]) -> io::Result<usize> {
                let n = self.0.read(b)?;
                if n == 0 {
                    Err(io::Error::new(io::ErrorKind::UnexpectedEof, "truncated"))
                } else {
                    Ok(n)
                }
            }
        }
        let r = Broken(io::Cursor::new(
            b"START a\nTI x\nEND\nSTART b\nTI y".to_vec(),
        ));
        let got: Vec<Next> = Records::new(Box::new(BufReader::new(r)), Simple, 1000).collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            matches!(&got[1], Next::Stop(m) if m.contains("breaks off after line 4 in the record that starts at line 4")),
            "the partial line 5 is not a complete line: {got:?}"
        );
    }
}
