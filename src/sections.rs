//! Sentence boundaries and section detection over the `fold` view.
//!
//! Extractors use both for evidence (the sentence is a finding's `context`)
//! and for roles: a DOI in the reference list is `cited`; a sample size in
//! the background section more likely belongs to another study.
//!
//! Sentences end at `.`, `!` or `?` followed by space and a capital, a digit
//! or an opening bracket, unless the word before the stop is an abbreviation
//! papers use (`et al.`, `Fig.`, `vs.`, `i.e.`, initials); at blank lines;
//! and where a catalogue record glued two sentences (`effects.Methods:`).
//! Single line breaks do not end sentences: PDF text breaks every line.
//! A long text with no stop that ends a sentence (abstracts handed out as
//! tokens without their full stops) is cut at words instead (see
//! `sections_unpunctuated.rs`).

use regex::Regex;
use std::sync::LazyLock;

#[path = "sections_inline.rs"]
mod inline;
#[path = "sections_unpunctuated.rs"]
mod unpunctuated;

/// Bump when sentences or sections can come out differently (they decide
/// contexts and roles): part of the incremental key.
pub const SECTIONS_VERSION: u32 = 8;

/// A section of a paper, as far as its headings tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Title, journal header, authors: before any recognised heading.
    Front,
    Abstract,
    /// Background or introduction.
    Background,
    Methods,
    Results,
    Discussion,
    Conclusion,
    /// Trial registration statements (`Trial registration:` headings).
    Registration,
    /// Acknowledgements, funding, declarations, ethics, author information.
    BackMatter,
    /// The reference list.
    References,
    Other,
}

impl Section {
    /// The section a heading or label names (`METHODS`, `Materials and
    /// methods`, `Trial registration:`, `References`), for readers of
    /// structured formats; `Other` when it names none of these.
    pub fn from_heading(heading: &str) -> Section {
        let name = heading.trim().trim_end_matches(':').trim().to_lowercase();
        classify(&name)
    }

    /// Sections in which numbers usually describe other studies.
    pub fn is_background_like(self) -> bool {
        matches!(self, Section::Background | Section::Discussion)
    }
}

/// Sentence starts (bytes in `fold`), sorted; a sentence runs to the next.
#[derive(Debug, Clone, Default)]
pub struct SentenceIndex {
    starts: Vec<usize>,
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "al", "fig", "figs", "vs", "v", "eg", "e.g", "ie", "i.e", "cf", "no", "nos", "dr", "drs", "mr",
    "mrs", "ms", "prof", "approx", "ca", "eq", "eqs", "ref", "refs", "vol", "pp", "p", "st", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd",
    "co", "corp", "resp", "min", "max", "n.s", "ns", "etc", "tab", "suppl", "chap", "sect", "ed",
    "eds", "dept", "univ", "med", "sci", "res", "j", "int", "clin",
];

impl SentenceIndex {
    pub fn new(fold: &str) -> SentenceIndex {
        let b = fold.as_bytes();
        let mut starts = vec![0];
        let mut stops = Stops::default();
        // Whether any stop ended a sentence (see [`unpunctuated`]).
        let mut stopped = false;
        let mut i = 0;
        while let Some(at) = stops.next(b, i) {
            // Every other byte moves on by one: go straight to the next
            // that can end a sentence.
            i = at;
            let c = b[i];
            if c == b'\n' {
                // Blank line (possibly with spaces) ends a paragraph.
                let mut j = i + 1;
                while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                    j += 1;
                }
                if j < b.len() && b[j] == b'\n' {
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    push_start(&mut starts, j);
                    i = j;
                    continue;
                }
                // A line that looks like a list item or a heading starts anew.
                if j < b.len() && (fold[j..].starts_with("• ") || fold[j..].starts_with("* ")) {
                    push_start(&mut starts, j);
                }
            } else if c == b'.' || c == b'!' || c == b'?' {
                if let Some(next) = sentence_break_after(fold, i) {
                    stopped = true;
                    push_start(&mut starts, next);
                    i = next;
                    continue;
                }
            }
            i += 1;
        }
        if !stopped && fold.len() >= unpunctuated::MIN_LEN {
            starts.extend(unpunctuated::starts(fold));
            starts.sort_unstable();
            starts.dedup();
        }
        SentenceIndex { starts }
    }

    pub fn at(&self, byte: usize, len: usize) -> (usize, usize) {
        let i = self.starts.partition_point(|&s| s <= byte).max(1);
        let start = self.starts[i - 1];
        let end = self.starts.get(i).copied().unwrap_or(len);
        (start, end)
    }

    pub fn iter(&self, len: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.starts
            .iter()
            .enumerate()
            .map(move |(i, &s)| (s, self.starts.get(i + 1).copied().unwrap_or(len)))
    }
}

/// Finds the bytes that can end a sentence (`\n . ! ?`) with memchr: the
/// rare `!` in its own scan, remembered until it is passed.
#[derive(Default)]
struct Stops {
    /// The next `!` at or after the last search start, if known.
    bang: Option<Option<usize>>,
}

impl Stops {
    fn next(&mut self, b: &[u8], from: usize) -> Option<usize> {
        if from >= b.len() {
            return None;
        }
        let bang = match self.bang {
            Some(Some(k)) if k >= from => Some(k),
            Some(None) => None,
            _ => {
                let k = memchr::memchr(b'!', &b[from..]).map(|k| from + k);
                self.bang = Some(k);
                k
            }
        };
        let other = memchr::memchr3(b'\n', b'.', b'?', &b[from..]).map(|k| from + k);
        match (other, bang) {
            (Some(a), Some(c)) => Some(a.min(c)),
            (a, c) => a.or(c),
        }
    }
}

fn push_start(starts: &mut Vec<usize>, at: usize) {
    if starts.last().is_none_or(|&l| l < at) {
        starts.push(at);
    }
}

/// If the stop at byte `i` ends a sentence, the byte where the next starts.
fn sentence_break_after(fold: &str, i: usize) -> Option<usize> {
    let b = fold.as_bytes();
    let mut j = i + 1;
    // Closing quotes and brackets belong to the sentence that ends.
    while j < b.len() && matches!(b[j], b'"' | b'\'' | b')' | b']') {
        j += 1;
    }
    let ws_start = j;
    while j < b.len() && (b[j] == b' ' || b[j] == b'\n') {
        j += 1;
    }
    if j >= b.len() {
        return None;
    }
    let next = fold[j..].chars().next()?;
    // The word before the stop is read only when a rule asks about it (most
    // stops are decimals and glued dots, which the cheap tests settle).
    if j == ws_start {
        // No space: only a glued catalogue field (`effects.Methods:`), i.e.
        // a lowercase word, the stop, then a capitalised word.
        let mut after = fold[j..].chars();
        let glued = b[i] == b'.'
            && after.next().is_some_and(char::is_uppercase)
            && after.next().is_some_and(char::is_lowercase)
            && {
                let word = WordBefore::at(fold, i);
                word.len_at_least(3) && word.tail != "www" && word.all(fold, char::is_lowercase)
            };
        return glued.then_some(j);
    }
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '(' | '[' | '"' | '•')) {
        return None;
    }
    if b[i] == b'.' {
        let word = WordBefore::at(fold, i);
        if word
            .whole()
            .is_some_and(|w| ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(w)))
        {
            return None;
        }
        // Initials: `A. Fassas`, `K. Kimiskidis`.
        let mut wc = word.tail.chars();
        if let (Some(c), None, true) = (wc.next(), wc.next(), word.complete) {
            if c.is_uppercase() {
                return None;
            }
        }
        // A number then a stop then a digit is a decimal written with a space.
        if next.is_ascii_digit() && j == i + 2 && word.all(fold, |c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(j)
}

/// The most chars of the word before a stop that are looked at directly.
/// Longer than any abbreviation or initial; a longer word (a run of `1.1.1.`
/// or of digits) is only ever tested for being all digits or all lower
/// case, which [`WordBefore::all`] does without walking the run again for
/// every stop in it (issue 17: that walk made a megabyte of `1.` take
/// minutes).
const WORD_LOOK: usize = 16;

/// The word (letters, digits, inner dots) just before a stop at byte `end`:
/// its last [`WORD_LOOK`] chars at most.
struct WordBefore<'a> {
    /// The end of the word (the stop's byte offset).
    end: usize,
    /// The word, or its last `WORD_LOOK` chars if it is longer.
    tail: &'a str,
    /// Whether `tail` is the whole word.
    complete: bool,
}

impl<'a> WordBefore<'a> {
    fn at(fold: &'a str, end: usize) -> WordBefore<'a> {
        let mut start = end;
        let mut complete = false;
        let mut chars = fold[..end].char_indices().rev();
        for n in 0..=WORD_LOOK {
            match chars.next() {
                Some((k, c)) if c.is_alphanumeric() || c == '.' => {
                    if n == WORD_LOOK {
                        break;
                    }
                    start = k;
                }
                _ => {
                    complete = true;
                    break;
                }
            }
        }
        count_walk(end - start);
        WordBefore {
            end,
            tail: &fold[start..end],
            complete,
        }
    }

    /// The whole word, if it is no longer than [`WORD_LOOK`] chars.
    fn whole(&self) -> Option<&'a str> {
        self.complete.then_some(self.tail)
    }

    fn len_at_least(&self, n: usize) -> bool {
        !self.complete || self.tail.len() >= n
    }

    /// Whether every char of the whole word satisfies `pred` (true for an
    /// empty word). A long word is walked back only while `pred` holds, so
    /// the walk stops at the first char that fails it: the stop before this
    /// one at the latest, when `pred` rejects `.`, as both callers' do.
    fn all(&self, fold: &str, pred: impl Fn(char) -> bool) -> bool {
        if self.complete {
            return self.tail.chars().all(pred);
        }
        let mut walked = 0;
        let mut ok = true;
        for c in fold[..self.end].chars().rev() {
            walked += c.len_utf8();
            if !(c.is_alphanumeric() || c == '.') {
                break;
            }
            if !pred(c) {
                ok = false;
                break;
            }
        }
        count_walk(walked);
        ok
    }
}

#[cfg(test)]
thread_local! {
    /// Bytes walked back over by [`WordBefore`], for the test that keeps
    /// sentence indexing linear.
    static WALKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_walk(n: usize) {
    WALKED.with(|w| w.set(w.get() + n));
}

#[cfg(not(test))]
fn count_walk(_: usize) {}

/// Headings: alone on a line (optionally numbered, optionally followed by a
/// colon and text, as in structured abstracts).
///
/// Matched line by line, anchored at the line's start (`\A`): every match
/// of the same pattern with `(?m)^` starts a line and ends within it or with
/// its `\n`, so the matches are the same, but an anchored search stops at
/// the first byte no heading can have (`The` …), where an unanchored one
/// ran a lazy DFA over every byte of the document (~5% of the extraction
/// time on the bench texts, for a pattern that matches a few dozen lines).
static HEADING_LINE: LazyLock<Regex> = LazyLock::new(|| {
    // "1. Background", "3.1. Patients", "REFERENCES", "Trial registration: NCT…"
    crate::extract::rx::new(
        r"(?mi)\A[ \t]*(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})\.?[ \t]+)?(abstract|summary|background|introduction|objectives?|aims?|methods?|(?:materials?|subjects?|patients?|participants?)(?: and |/)methods?|background/aims?|methods? and (?:materials?|analysis|design|findings|results)|methodology/principal findings|principal findings|conclusions?/significance|context|design, setting,? and participants|main outcome measures?|methods?/(?:study |trial )?(?:designs?|analysis)|design and methods?|methodology|research design and methods?|research design|research methods?|(?:study|trial|experimental) design and (?:participants|patients|subjects|settings?|(?:study )?population|treatments?|procedures?|methods?|randomi[sz]ation|recruitment|interventions?)|(?:patients|subjects|participants|(?:study )?population|settings?) and (?:study )?design|design and (?:settings?|participants|patients|subjects|procedures?|study population)|experimental design|methods and procedures|materials? ?& ?methods?|study design|trial design|design|participants|setting|interventions|measurements|results|findings|discussion|conclusions?|interpretation|limitations|trial registration|clinical trial registration|registration|acknowledge?ments?|funding|competing interests|conflicts? of interest|declarations?|ethics approval[^\n:]*|authors?'? contributions?|author information|data availability[^\n:]*|abbreviations|supplementary (?:material|information)|references|bibliography|literature cited|works cited|reference list|references and notes|notes)[ \t]*(?::|\n|$)",
    )
    .expect("heading regex")
});

/// Structured-abstract labels glued inside one line (`effects.Methods: This`),
/// and the capital labels of an abstract run into one paragraph
/// (`… is common. METHODS: Elderly patients …`).
static INLINE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"[.)][ ]?(Background|Methods|Results|Conclusions?|Clinical Trial Registration|Trial Registration|Trial registration|BACKGROUND|INTRODUCTION|OBJECTIVES?|AIMS?|(?:MATERIALS?|PATIENTS|SUBJECTS) AND METHODS|METHODS?|DESIGN(?:, SETTING,? AND PARTICIPANTS)?|SETTING|PARTICIPANTS|INTERVENTIONS?|RESULTS|FINDINGS|CONCLUSIONS?|INTERPRETATION|(?:CLINICAL )?TRIAL REGISTRATION)[ ]?:")
        .expect("inline heading regex")
});

/// Section starts in `fold`, in order. A "References" heading holds to the
/// end of the document unless another heading follows it.
pub fn detect(fold: &str) -> Vec<(usize, Section)> {
    let mut out: Vec<(usize, Section)> = Vec::new();
    for (at, m) in heading_lines(fold) {
        let name = m.get(1).expect("group").as_str().to_lowercase();
        let start = at + m.get(0).expect("match").start();
        // A heading line must be short: a sentence that starts with
        // "Results were…" is no heading. The colon form is a label.
        let line_end = fold[start..].find('\n').map_or(fold.len(), |e| start + e);
        let whole = m.get(0).expect("match").as_str();
        let has_colon = whole.trim_end().ends_with(':');
        if !has_colon && line_end - start > 60 {
            continue;
        }
        // `Study design`, `Trial design and treatment` heading a table's
        // column or an authors' contribution grid (`Study Design\nB\nData
        // Collection`): cells, not a section start.
        if !has_colon && name.contains("design") && cells_follow(fold, line_end) {
            continue;
        }
        out.push((start, classify(&name)));
    }
    for m in inline::inline_headings(fold) {
        let g = m.get(1).expect("group");
        let name = g.as_str().to_lowercase();
        // `DESIGN, SETTING, AND PARTICIPANTS`: a label of methods.
        let name = if name.starts_with("design") {
            "design".to_string()
        } else {
            name
        };
        out.push((g.start(), classify(&name)));
    }
    out.sort_by_key(|&(s, _)| s);
    out.dedup_by_key(|&mut (s, _)| s);
    out
}

/// The matches of [`HEADING_LINE`] in `fold`, each with the offset of its
/// line: at most one a line, as `(?m)^` allows.
fn heading_lines(fold: &str) -> impl Iterator<Item = (usize, regex::Captures<'_>)> {
    let b = fold.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < b.len() {
            let start = at;
            at = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |e| start + e + 1);
            // The line with its `\n`, which a heading may end with.
            let line = &fold[start..at];
            if may_head(line.as_bytes()) && HEADING_LINE.is_match(line) {
                return HEADING_LINE.captures(line).map(|c| (start, c));
            }
        }
        None
    })
}

/// Whether [`HEADING_LINE`] may match `line`: after its blanks and a run
/// of digits and points (a numbering) with the blanks after it, the first
/// two bytes start a heading word or a Roman numbering. Most lines (prose,
/// table cells) fail here, before a regex search (~100 ns each, 2.1 M
/// lines in the bench texts). A non-ASCII byte is let through: under
/// `(?i)`, `ſ` is an `s`.
fn may_head(line: &[u8]) -> bool {
    let blank = |b: &u8| matches!(b, b' ' | b'\t');
    let i = line.iter().take_while(|b| blank(b)).count();
    let j = i + line[i..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .count();
    let k = if j > i {
        j + line[j..].iter().take_while(|b| blank(b)).count()
    } else {
        i
    };
    let (Some(&c), Some(&d)) = (line.get(k), line.get(k + 1)) else {
        return false;
    };
    if !c.is_ascii() || !d.is_ascii() {
        return true;
    }
    let (c, d) = (c.to_ascii_lowercase(), d.to_ascii_lowercase());
    // `IV. Methods`: a Roman numbering.
    if matches!(c, b'i' | b'v' | b'x') && matches!(d, b'i' | b'v' | b'x' | b'.' | b' ' | b'\t') {
        return true;
    }
    // The first two letters of the pattern's heading words.
    let second: &[u8] = match c {
        b'a' => b"bicu",
        b's' => b"ute",
        b'b' => b"ai",
        b'i' => b"n",
        b'o' => b"b",
        b'm' => b"ea",
        b'p' => b"aro",
        b'c' => b"ol",
        b'd' => b"eia",
        b'r' => b"e",
        b't' => b"r",
        b'e' => b"xt",
        b'f' => b"iu",
        b'l' => b"i",
        b'w' | b'n' => b"o",
        _ => return false,
    };
    second.contains(&d)
}

/// Whether what follows the line ending at `line_end` is no body text: the
/// two next lines short and ending in no stop, as a table's cells are, or
/// a next line that goes on with punctuation, as a reference's title does
/// (`Experimental design\n. Stat Med`). A heading is followed by body text
/// (or by a subheading and then body text).
fn cells_follow(fold: &str, line_end: usize) -> bool {
    let rest = fold.get(line_end + 1..).unwrap_or("");
    let mut lines = rest.split('\n');
    let cell = |l: &str| {
        let l = l.trim();
        l.chars().count() < 40 && !l.ends_with('.')
    };
    match (lines.next(), lines.next()) {
        (Some(a), _) if a.trim_start().starts_with(['.', ',', ';']) => true,
        (Some(a), Some(b)) => !a.trim().is_empty() && cell(a) && cell(b),
        _ => false,
    }
}

fn classify(name: &str) -> Section {
    match name {
        "abstract" | "summary" => Section::Abstract,
        "background" | "introduction" | "objective" | "objectives" | "aim" | "aims" | "context"
        | "background/aim" | "background/aims" => Section::Background,
        "results" | "findings" | "principal findings" => Section::Results,
        "discussion" | "limitations" | "interpretation" => Section::Discussion,
        "conclusion" | "conclusions" | "conclusions/significance" | "conclusion/significance" => {
            Section::Conclusion
        }
        "trial registration" | "clinical trial registration" | "registration" => {
            Section::Registration
        }
        "references"
        | "bibliography"
        | "literature cited"
        | "works cited"
        | "reference list"
        | "references and notes" => Section::References,
        n if n.starts_with("method")
            || n.ends_with("methods")
            // `Study design and participants`, `Patients and study design`,
            // `Design and setting`, `Setting and design`.
            || n.starts_with("study design and ")
            || n.starts_with("trial design and ")
            || n.starts_with("experimental design and ")
            || n.starts_with("design and ")
            || n.ends_with(" and design")
            || n.ends_with(" and study design")
            || n.ends_with(" method")
            || n.ends_with("materials")
            || matches!(
                n,
                "study design"
                    | "design, setting, and participants"
                    | "design, setting and participants"
                    | "main outcome measure"
                    | "main outcome measures"
                    | "trial design"
                    | "research design"
                    | "experimental design"
                    | "design"
                    | "participants"
                    | "setting"
                    | "interventions"
                    | "measurements"
            ) =>
        {
            Section::Methods
        }
        n if n.starts_with("acknowledg")
            || n.starts_with("funding")
            || n.starts_with("competing")
            || n.starts_with("conflict")
            || n.starts_with("declaration")
            || n.starts_with("ethics")
            || n.starts_with("author")
            || n.starts_with("data availability")
            || n == "abbreviations"
            || n.starts_with("supplementary")
            || n == "notes" =>
        {
            Section::BackMatter
        }
        _ => Section::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(s: &str) -> Vec<&str> {
        let idx = SentenceIndex::new(s);
        idx.iter(s.len()).map(|(a, b)| s[a..b].trim()).collect()
    }

    /// Every line the heading pattern matches passes [`may_head`].
    #[test]
    fn heading_lines_pass_the_cheap_test() {
        let words = "abstract summary background introduction objective aims methods \
            materials subjects patients participants methodology principal context \
            design main research study trial experimental population setting interventions \
            measurements results findings discussion conclusions interpretation limitations \
            clinical registration acknowledgements acknowledgments funding competing conflicts \
            declarations ethics authors author data abbreviations supplementary references \
            bibliography literature works notes";
        let mut seen = 0;
        for w in words.split_whitespace() {
            let cap = format!("{}{}", w[..1].to_uppercase(), &w[1..]);
            for head in [w.to_string(), cap, w.to_uppercase()] {
                for line in [
                    format!("{head}\n"),
                    format!("  {head}:"),
                    format!("2. {head} and methods\n"),
                    format!("3.1\t{head}\n"),
                    format!("IV. {head}\n"),
                    format!("x {head}\n"),
                    format!("{head} and design\n"),
                    format!("{head} of interest:"),
                ] {
                    if HEADING_LINE.is_match(&line) {
                        seen += 1;
                        assert!(may_head(line.as_bytes()), "{line:?}");
                    }
                }
            }
        }
        assert!(seen > 150, "{seen}");
        assert!(may_head("\u{17f}ummary\n".as_bytes()));
        for line in [
            "The patients\n",
            "10\n",
            "4.3 ± 4.4\n",
            "2 h\n",
            "We randomised\n",
        ] {
            assert!(!HEADING_LINE.is_match(line));
        }
        assert!(!may_head(b"The patients\n") && !may_head(b"10\n") && !may_head(b"2 h\n"));
    }

    #[test]
    fn headings_name_sections() {
        assert_eq!(Section::from_heading("METHODS:"), Section::Methods);
        assert_eq!(
            Section::from_heading("Trial registration"),
            Section::Registration
        );
        assert_eq!(Section::from_heading(" References "), Section::References);
        assert_eq!(Section::from_heading("Case vignette"), Section::Other);
    }

    #[test]
    fn slashed_labels_of_structured_abstracts_are_headings() {
        // Med Sci Monit's `Material/Methods`, other journals' `Background/Aims`.
        let s = "Background/Aims\nEarlier work showed a fall.\nMaterial/Methods\nThere were ninety participants.\nResults\nNone.\n";
        let kinds: Vec<Section> = detect(s).iter().map(|&(_, k)| k).collect();
        assert_eq!(
            kinds,
            vec![Section::Background, Section::Methods, Section::Results]
        );
    }

    #[test]
    fn splits_at_stops_but_not_abbreviations_or_initials() {
        let s = "Drs. A. Fassas et al. reported it. Results were good (Fig. 2). P = 0.03 was seen.";
        assert_eq!(
            sentences(s),
            vec![
                "Drs. A. Fassas et al. reported it.",
                "Results were good (Fig. 2).",
                "P = 0.03 was seen."
            ]
        );
    }

    #[test]
    fn single_line_breaks_do_not_split_but_blank_lines_do() {
        let s = "a sentence that\ncontinues here. Next one\n\nNew paragraph";
        assert_eq!(
            sentences(s),
            vec![
                "a sentence that\ncontinues here.",
                "Next one",
                "New paragraph"
            ]
        );
    }

    #[test]
    fn capital_labels_inside_one_paragraph_start_sections() {
        let s = "BACKGROUND: Delirium is common. METHODS: Patients were randomized. RESULTS: A total of 296 patients were randomized. CONCLUSIONS: It works.";
        let got: Vec<(usize, Section)> = detect(s);
        let at = |w: &str| s.find(w).unwrap();
        assert_eq!(
            got,
            vec![
                (0, Section::Background),
                (at("METHODS"), Section::Methods),
                (at("RESULTS"), Section::Results),
                (at("CONCLUSIONS"), Section::Conclusion),
            ]
        );
        // A JAMA-style label of methods; capitals inside a sentence are none.
        let s = "Importance. DESIGN, SETTING, AND PARTICIPANTS: A trial. The RESULTS: none.";
        assert_eq!(
            detect(s),
            vec![(s.find("DESIGN").unwrap(), Section::Methods)]
        );
    }

    #[test]
    fn glued_catalogue_fields_split() {
        let s = "clinical effects.Methods: This is www.ClinicalTrials.gov here";
        assert_eq!(
            sentences(s),
            vec![
                "clinical effects.",
                "Methods: This is www.ClinicalTrials.gov here"
            ]
        );
    }

    #[test]
    fn long_words_before_stops_are_not_walked_again_for_every_stop() {
        // Issue 17: every stop walked back over the whole run of `1.1.1.`
        // before it, so a megabyte of such text took minutes. The walk is
        // now bounded per stop, or amortised over the run, whatever the
        // shape: the bytes walked stay a small multiple of the text.
        let long_lower = format!("{}.Methods: x", "a".repeat(50_000));
        let long_digits = format!("{}. 5 and more", "7".repeat(50_000));
        for text in [
            "1.".repeat(50_000),
            "0.1.2.3.4.5.6.7.8.9.".repeat(5_000),
            "a.".repeat(50_000),
            "abcdefghijklmnopqrstuvwxyz.".repeat(4_000),
            "1234567890123456789012345. 7".repeat(4_000),
            ".".repeat(100_000),
            long_lower.clone(),
            long_digits.clone(),
        ] {
            WALKED.with(|w| w.set(0));
            let _ = SentenceIndex::new(&text);
            let walked = WALKED.with(|w| w.get());
            assert!(
                walked <= 20 * text.len(),
                "{} bytes walked for {} bytes of {:?}…",
                walked,
                text.len(),
                &text[..30]
            );
        }
        // The long words still read as before: a glued lower-case word
        // splits, a long number before `. 5` is a decimal.
        assert_eq!(sentences(&long_lower).len(), 2);
        assert_eq!(sentences(&long_digits).len(), 1);
        let upper_inside = format!("X{}.Methods: x", "a".repeat(40));
        assert_eq!(sentences(&upper_inside).len(), 1);
    }

    #[test]
    fn detects_headings() {
        let s = "Title line\nBackground: text\n\n2. Methods\nWe did.\nResults were fine.\nReferences\n1. Smith J.";
        let secs = detect(s);
        let kinds: Vec<Section> = secs.iter().map(|&(_, k)| k).collect();
        assert_eq!(
            kinds,
            vec![Section::Background, Section::Methods, Section::References]
        );
    }

    #[test]
    fn methods_headings_in_their_other_names() {
        for h in [
            "Material and methods",
            "Material/Methods",
            "Subjects/methods",
            "2. Subjects and methods",
            "PATIENTS AND METHODS",
            "Methods and analysis",
            "Methodology",
            "Trial design",
            "Methods/Design",
            "Methods/design",
            "Methods and design",
            "Design and methods",
            "RESEARCH DESIGN AND METHODS",
            "Research design",
            "Study design and participants",
            "Study Design and Setting",
            "Patients and study design",
            "Experimental design",
            "Experimental design and procedures",
            "Research methods",
            "2.1. Study design and setting",
            "Trial design and randomisation",
            "Study population and design",
            "Settings and design",
            "Design and setting",
            "Methods and procedures",
            "Material & Methods",
            "Methods and Findings",
            "Methods and results",
            "Methodology/Principal Findings",
            "Design, Setting, and Participants",
            "Main Outcome Measures",
        ] {
            let s = format!("Introduction\nSome text.\n{h}\nWe did.\n");
            let kinds: Vec<Section> = detect(&s).iter().map(|&(_, k)| k).collect();
            assert_eq!(kinds, vec![Section::Background, Section::Methods], "{h}");
        }
        let s = "Discussion\nText.\nReferences and Notes\n1. Smith J.\n";
        let kinds: Vec<Section> = detect(s).iter().map(|&(_, k)| k).collect();
        assert_eq!(kinds, vec![Section::Discussion, Section::References]);
    }

    #[test]
    fn the_labels_of_plos_and_jama_abstracts_are_headings() {
        let s = "Context\nStunting is common.\nMethods and Findings\nInfants (n = 743) were randomised.\nPrincipal Findings\nNo difference.\nConclusions/Significance\nNone.\n";
        let kinds: Vec<Section> = detect(s).iter().map(|&(_, k)| k).collect();
        assert_eq!(
            kinds,
            vec![
                Section::Background,
                Section::Methods,
                Section::Results,
                Section::Conclusion
            ]
        );
        // The words inside a sentence start nothing.
        let s = "Background\nIn this context the methods and findings of earlier trials differ.\n";
        let kinds: Vec<Section> = detect(s).iter().map(|&(_, k)| k).collect();
        assert_eq!(kinds, vec![Section::Background]);
    }

    #[test]
    fn design_words_in_sentences_tables_and_references_are_no_headings() {
        let intro = "Introduction\nSome text.\n";
        for body in [
            // In a sentence.
            "Study design and participants were described elsewhere.\n",
            "The research design and methods of the trial were new.\n",
            // A table's column head, then its cells.
            "Table 1\nTrials simulated\n\nTrial design and treatment\nNumber of subjects\nWeeks\n\nStandard regimen\n700\n",
            // An authors' contribution grid.
            "A\nStudy Design\nB\nData Collection\nC\nStatistical Analysis\n",
            // A reference's title.
            "12\nHallK\nExperimental design\n. Stat Med\n2001;20:1–9.\n",
        ] {
            let s = format!("{intro}{body}");
            let kinds: Vec<Section> = detect(&s).iter().map(|&(_, k)| k).collect();
            assert_eq!(kinds, vec![Section::Background], "{body}");
        }
        // A heading followed by a subheading and then body text stays one.
        let s = "Introduction\nText.\n\nResearch Design and Methods\nSubjects\nWe enrolled 40 adults with type 2 diabetes at two centres.\n";
        let kinds: Vec<Section> = detect(s).iter().map(|&(_, k)| k).collect();
        assert_eq!(kinds, vec![Section::Background, Section::Methods]);
    }

    #[test]
    fn a_tables_reference_column_is_no_heading() {
        // `Reference` alone on a line is, in these texts, mostly a table's
        // reference-category column, so the singular is not a heading.
        let s = "Results\nOdds ratios\nReference\n1.00\n";
        assert_eq!(detect(s).len(), 1);
    }
}
