//! Where a DOI ends when the next field is glued onto it: tag-stripped XML
//! and catalogue records print `10.3389/fneur.2021.639315639315Long-Term`
//! (the article number and the next field), `10.1371/journal.pone.
//! 0145094PONE-D-15-37654Research Article` (a manuscript id), or the DOI
//! right after the publisher id that spells it.
//!
//! [`resolve`] tries every place the DOI could end, in four rules (below),
//! and keeps the first the rules accept. Every split is tested in constant
//! time, from tables made once per candidate in time linear in its length
//! (issue 17: the tests used to rescan the candidate for every split, and
//! the field before it to the start of the document, which made glued
//! text cubic). Candidates are at most [`super::candidates::READ_LIMIT`] bytes past
//! their prefix, so a split costs the same on a hostile megabyte as in a
//! real reference list.

use super::candidates::{DIGIT_LOWER, GLUE};
use super::MAX_SUFFIX;
use regex::Regex;
use std::collections::{HashMap, HashSet};

/// A multiply-shift hasher for the small integer and byte keys of the
/// tables below (std's SipHash guards against flooding, which keys made
/// from one candidate of a few hundred bytes do not need).
#[derive(Default, Clone, Copy)]
struct Fast(u64);

impl std::hash::Hasher for Fast {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type FastBuild = std::hash::BuildHasherDefault<Fast>;

/// The DOIs a document prints without glue, found by the hash of their
/// text (rule 4 looks each prefix of a glued candidate up in it).
pub(super) struct CleanSet<'a> {
    by_hash: HashMap<u64, Vec<&'a str>>,
}

impl<'a> CleanSet<'a> {
    pub(super) fn new(dois: impl Iterator<Item = &'a str>) -> CleanSet<'a> {
        let mut by_hash: HashMap<u64, Vec<&'a str>> = HashMap::new();
        for d in dois {
            let h = d.bytes().fold(0, hash_step);
            let list = by_hash.entry(h).or_default();
            if !list.contains(&d) {
                list.push(d);
            }
        }
        CleanSet { by_hash }
    }

    fn contains(&self, hash: u64, s: &str) -> bool {
        self.by_hash.get(&hash).is_some_and(|l| l.contains(&s))
    }
}

/// A polynomial hash, one byte at a time (mod 2^64). Collisions only cost
/// a comparison: every hit is checked against the text.
fn hash_step(h: u64, b: u8) -> u64 {
    h.wrapping_mul(0x0000_0100_0000_01B3)
        .wrapping_add(u64::from(b) + 1)
}

/// Hashes of every prefix of a byte string, so that any substring's hash
/// is one subtraction.
struct PrefixHash {
    h: Vec<u64>,
    pow: Vec<u64>,
}

impl PrefixHash {
    fn new(b: &[u8]) -> PrefixHash {
        count_work(b.len());
        let mut h = Vec::with_capacity(b.len() + 1);
        let mut pow = Vec::with_capacity(b.len() + 1);
        h.push(0u64);
        pow.push(1u64);
        for &x in b {
            h.push(hash_step(*h.last().expect("h"), x));
            pow.push(pow.last().expect("pow").wrapping_mul(0x0000_0100_0000_01B3));
        }
        PrefixHash { h, pow }
    }

    /// The hash of `b[i..j]`, equal to `b[i..j]` folded with [`hash_step`].
    fn of(&self, i: usize, j: usize) -> u64 {
        self.h[j].wrapping_sub(self.h[i].wrapping_mul(self.pow[j - i]))
    }
}

/// Z-array of `b`: `z[i]` is the length of the longest common prefix of
/// `b` and `b[i..]` (`z[0]` is `b.len()`).
fn z_array(b: &[u8]) -> Vec<usize> {
    let n = b.len();
    count_work(n);
    let mut z = vec![0; n];
    if n == 0 {
        return z;
    }
    z[0] = n;
    let (mut l, mut r) = (0, 0);
    for i in 1..n {
        if i < r {
            z[i] = (r - i).min(z[i - l]);
        }
        while i + z[i] < n && b[z[i]] == b[i + z[i]] {
            z[i] += 1;
        }
        if i + z[i] > r {
            l = i;
            r = i + z[i];
        }
    }
    z
}

/// The length of the longest prefix of `p`, shorter than `p`, that `t`
/// ends with, and every shorter such prefix after it (a KMP walk).
fn prefixes_ending(p: &[u8], t: &[u8]) -> Vec<usize> {
    count_work(p.len() + t.len());
    if p.is_empty() {
        return Vec::new();
    }
    // Failure function of `p`.
    let mut fail = vec![0usize; p.len()];
    let mut q = 0;
    for i in 1..p.len() {
        while q > 0 && p[i] != p[q] {
            q = fail[q - 1];
        }
        if p[i] == p[q] {
            q += 1;
        }
        fail[i] = q;
    }
    let mut q = 0;
    for &c in t {
        if q == p.len() {
            q = fail[q - 1];
        }
        while q > 0 && c != p[q] {
            q = fail[q - 1];
        }
        if c == p[q] {
            q += 1;
        }
    }
    let mut out = Vec::new();
    while q > 0 {
        if q < p.len() {
            out.push(q);
        }
        q = fail[q - 1];
    }
    out
}

/// The smallest `k` with `re` matching in `s[..k]`, or `s.len() + 1`:
/// whether a pattern without anchors matches a prefix only grows with the
/// prefix, so one binary search answers it for every split.
fn first_match_end(re: &Regex, s: &str) -> usize {
    if !re.is_match(s) {
        return s.len() + 1;
    }
    let (mut lo, mut hi) = (0, s.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if re.is_match(&s[..mid]) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Answers "does this prefix of the suffix mix lower-case words and
/// upper-case codes" for every prefix length: a suffix that holds a
/// lower-case trigram and an upper-case run (two letters or more) that it
/// never writes in lower case (`journal.pctr.001001906-PLCT-CT-00012R1`) is
/// two fields, when glue is already suspected; Medknow's `jrpp.JRPP_17_30`
/// spells one code in both cases and is fine. (`mixed_case` in the tests
/// states the rule directly.)
struct MixedCase {
    /// The first prefix length holding a lower-case trigram.
    lower_word: usize,
    /// For each prefix length, whether a whole upper-case run of it (two
    /// letters or more) is not written in lower case anywhere in it.
    covered: Vec<bool>,
    /// The upper-case run (start) that each position is inside of.
    run_start: Vec<Option<usize>>,
}

impl MixedCase {
    fn new(s: &[u8]) -> MixedCase {
        let n = s.len();
        count_work(n);
        let lower_word = (0..n.saturating_sub(2))
            .find(|&i| s[i..i + 3].iter().all(u8::is_ascii_lowercase))
            .map_or(n + 1, |i| i + 3);
        let mut diff = vec![0i32; n + 2];
        let mut run_start = vec![None; n + 1];
        let mut i = 0;
        while i < n {
            if !s[i].is_ascii_uppercase() {
                i += 1;
                continue;
            }
            let a = i;
            while i < n && s[i].is_ascii_uppercase() {
                i += 1;
            }
            for r in run_start.iter_mut().take(i).skip(a + 1) {
                *r = Some(a);
            }
            // A journal code and an article type before the number start
            // NEJM's suffixes (`NEJMhle1313674`): one code, not two fields,
            // in every prefix that holds the number's first digit.
            let journal_digit = if a == 0 {
                let l = s[i..].iter().take_while(|b| b.is_ascii_lowercase()).count();
                ((1..=4).contains(&l) && s.get(i + l).is_some_and(u8::is_ascii_digit))
                    .then_some(i + l)
            } else {
                None
            };
            if i - a >= 2 {
                // The run is whole in every prefix from its end on, and
                // stops counting once its lower-case spelling has appeared
                // (or, for a journal code, once its number has).
                let lower = s[a..i].to_ascii_lowercase();
                let seen = memfind(s, &lower).map_or(n + 1, |p| p + lower.len());
                let until = journal_digit.map_or(seen, |d| seen.min(d + 1));
                if until > i {
                    diff[i] += 1;
                    diff[until.min(n + 1)] -= 1;
                }
            }
        }
        let mut covered = Vec::with_capacity(n + 1);
        let mut acc = 0;
        for d in diff.iter().take(n + 1) {
            acc += d;
            covered.push(acc > 0);
        }
        MixedCase {
            lower_word,
            covered,
            run_start,
        }
    }

    /// Whether `s[..k]` mixes cases so.
    fn at(&self, s: &[u8], k: usize) -> bool {
        if k < self.lower_word {
            return false;
        }
        if self.covered[k] {
            return true;
        }
        // A run cut by the end of the prefix is a run of its own there.
        match self.run_start[k] {
            Some(a) if k - a >= 2 => {
                let lower = s[a..k].to_ascii_lowercase();
                memfind(&s[..k], &lower).is_none()
            }
            _ => false,
        }
    }
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    count_work(hay.len());
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A suffix that mixes lower-case words and upper-case codes
/// (`journal.pctr.001001906-PLCT-CT-00012R1`) is two fields, when glue is
/// already suspected.
/// Medknow's `jrpp.JRPP_17_30` spells one code in both cases and is fine.
#[cfg(test)]
fn mixed_case(s: &str) -> bool {
    use std::sync::LazyLock;
    static LOWER_WORD: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::rx::new(r"[a-z]{3}").expect("lower word regex"));
    static UPPER_CODE: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::rx::new(r"[A-Z]{2,}").expect("upper code regex"));
    static JOURNAL_CODE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"^[A-Z]{2,}[a-z]{1,4}\d").expect("journal code regex")
    });
    let code_end = JOURNAL_CODE.find(s).map(|m| {
        s[..m.end()]
            .trim_end_matches(|c: char| !c.is_ascii_uppercase())
            .len()
    });
    LOWER_WORD.is_match(s)
        && UPPER_CODE
            .find_iter(s)
            .filter(|m| !(m.start() == 0 && Some(m.end()) == code_end))
            .any(|m| !s.contains(&m.as_str().to_ascii_lowercase()))
}

#[cfg(test)]
thread_local! {
    /// Bytes looked at while resolving glue, for the test that keeps it
    /// linear in the candidate.
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_work(n: usize) {
    WORK.with(|w| w.set(w.get() + n));
}

#[cfg(not(test))]
fn count_work(_: usize) {}

/// A place where one glued field may end and the next begin.
fn boundary(p: u8, q: u8) -> bool {
    !p.is_ascii_alphanumeric()
        || (p.is_ascii_digit() != q.is_ascii_digit())
        || (p.is_ascii_lowercase() && q.is_ascii_uppercase())
}

/// Tests of one prefix length `k` of the suffix as the DOI's end, made
/// from tables so that each costs the same whatever the candidate.
struct Ends<'s> {
    suffix: &'s str,
    /// Length of the digit run that ends at each prefix length.
    digits_before: Vec<usize>,
    /// The first prefix lengths at which [`GLUE`] and [`DIGIT_LOWER`]
    /// match, found when first needed.
    glue_end: Option<(usize, usize)>,
    mixed: Option<MixedCase>,
}

impl<'s> Ends<'s> {
    fn new(suffix: &'s str) -> Ends<'s> {
        let sb = suffix.as_bytes();
        let mut digits_before = vec![0; sb.len() + 1];
        for k in 1..=sb.len() {
            if sb[k - 1].is_ascii_digit() {
                digits_before[k] = digits_before[k - 1] + 1;
            }
        }
        Ends {
            suffix,
            digits_before,
            glue_end: None,
            mixed: None,
        }
    }

    /// Whether the DOI may end after `k` bytes of its suffix.
    fn ok(&mut self, k: usize) -> bool {
        count_work(1);
        let sb = self.suffix.as_bytes();
        if !(2..=MAX_SUFFIX).contains(&k) || matches!(sb[k - 1], b'.' | b'-' | b'_' | b'/' | b'(') {
            return false;
        }
        // A very long final number is two numbers glued
        // (`strokeaha.116.014517|10021100531015110178`).
        // A suffix that is one number (Bentham's
        // `1567205011666140616113406`) is one number, however long.
        if self.digits_before[k] > 18 && self.digits_before[k] < k {
            return false;
        }
        let suffix = self.suffix;
        let (glue, digit_lower) = *self.glue_end.get_or_insert_with(|| {
            (
                first_match_end(&GLUE, suffix),
                first_match_end(&DIGIT_LOWER, suffix),
            )
        });
        if k >= glue || k >= digit_lower {
            return false;
        }
        let mixed = self.mixed.get_or_insert_with(|| MixedCase::new(sb));
        !mixed.at(sb, k)
    }
}

/// The end of a DOI with a field glued onto it, as a byte length from the
/// candidate's start and the DOI; `None` when the end cannot be told.
/// `start..end` is the candidate's span of `fold`, `doi` its text.
pub(super) fn resolve(
    fold: &str,
    start: usize,
    end: usize,
    doi: &str,
    clean: &CleanSet,
) -> Option<(usize, String)> {
    let span = &fold[start..end];
    // Only simple single-line ASCII candidates are cut; spans and DOIs then
    // correspond byte for byte.
    if !span.is_ascii() || span.len() != doi.len() || span.contains('\n') {
        return None;
    }
    let slash = span.find('/')?;
    let suffix = &span[slash + 1..];
    let mut ends = Ends::new(suffix);
    resolve_suffix(fold, start, span, slash, &mut ends, doi, clean)
}

fn resolve_suffix(
    fold: &str,
    start: usize,
    span: &str,
    slash: usize,
    ends: &mut Ends,
    doi: &str,
    clean: &CleanSet,
) -> Option<(usize, String)> {
    let suffix = ends.suffix;
    let sb = suffix.as_bytes();
    let n = sb.len();
    let cut = |k: usize| -> (usize, String) {
        let len = slash + 1 + k;
        (len, span[..len].to_lowercase())
    };
    // 0. Forms whose length is fixed end where the form ends.
    if let Some(k) = fixed_form(suffix) {
        return Some(cut(k));
    }
    // 0b. A field the publisher glued on that cannot be part of a DOI.
    if let Some(k) = glued_publisher_field(&span[..slash], suffix) {
        if ends.ok(k) {
            return Some(cut(k));
        }
    }
    let lower = suffix.to_ascii_lowercase();
    let lb = lower.as_bytes();
    // 1. The field glued before the DOI is its publisher id, the suffix
    //    itself: "…4283690annrheumdis-2014-20519810.1136/annrheumdis-2014-
    //    2051981506Clinical", "1471-2474-3-1010.1186/1471-2474-3-10Research".
    //    Only the last `n` bytes of that field can matter.
    let run_before: Vec<u8> = {
        let mut from = start;
        for (i, c) in fold[..start].char_indices().rev().take(n) {
            if c.is_whitespace() {
                break;
            }
            from = i;
        }
        fold.as_bytes()[from..start].to_ascii_lowercase()
    };
    if let Some(&k) = prefixes_ending(lb, &run_before).first() {
        if k >= 5 && ends.ok(k) {
            return Some(cut(k));
        }
    }
    // 2. The glued field repeats part of the DOI: an article number
    //    (`fneur.2021.639315|639315Long`), a publisher id
    //    (`journal.pone.0145094|PONE-D-…`, `gps.4312|GPS4312`).
    if let Some(k) = repeated_field(sb, lb, ends) {
        return Some(cut(k));
    }
    // 2b. An id that spells the journal and the article number again
    //    after a letter-and-number segment: MDPI's
    //    `nu9010030|nutrients-09-00030`, `s18010192|sensors-18-00192`.
    if let Some(k) = journal_id_after(sb) {
        if ends.ok(k) {
            return Some(cut(k));
        }
    }
    // 3. A field that starts after a digit: a capitalised word
    //    (`1471-244X-4-26|Research`), an upper-case id after a lower-case
    //    DOI (`j.vaccine.2015.05.088|NIHMS947072`), a lower-case id after an
    //    upper-case DOI (`IJWH.S104887|ijwh-8-203`).
    if let Some(k) = field_after_digit(sb) {
        return ends.ok(k).then(|| cut(k));
    }
    // 4. The same DOI printed cleanly elsewhere, when a new field (a
    //    capital) starts right after it: "…639315|Long-Term".
    let hashes = PrefixHash::new(doi.as_bytes());
    (1..doi.len())
        .rev()
        .filter(|&p| span.as_bytes()[p].is_ascii_uppercase())
        .find(|&p| clean.contains(hashes.of(0, p), &doi[..p]))
        .map(|p| (p, doi[..p].to_string()))
}

/// Rule 0: the end of a DOI form whose length is fixed, when a field is
/// glued onto it: a UUID (PLOS's correction notices,
/// `annotation/5abf9f11-280c-4682-9b95-001435014303|Correction`), PLOS's
/// seven-digit article number (`journal.pctr.0010003|05-PLCT-CT-00007R`),
/// the sixteen-digit zero-padded article number of Wolters Kluwer
/// (`AAP.0000000000000167|00011`, `WNL.0000000000003078|41`), a Blackwell
/// DOI's final check letter (`00073.x|JDI73`), a Cochrane review's
/// number and version (`14651858.CD012345.pub2|Copyright`: its upper-case
/// `CD` and lower-case `pub` are one DOI, not two fields; a version has one
/// digit unless a capital follows a second, since a reference list glues
/// the PMID on: `CD003680.pub2|20238324`), and a PMC author
/// manuscript id (`01041-7|NIHMS921601`).
fn fixed_form(suffix: &str) -> Option<usize> {
    use std::sync::LazyLock;
    // Each form ends where its match ends, less the one byte of glue the
    // check-letter form matches to see it.
    static FORMS: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(concat!(
            r"^(?:[a-z]+/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
            r"|^journal\.p[a-z]{3,4}\.\d{7}",
            r"|^[A-Za-z]{2,12}\d?\.0{5}\d{11}",
            r"|^j\.[a-z\d.\-]*?\d\.x[A-Z]",
            r"|^14651858\.CD\d{6}(?:\.pub(?:[1-9]\d[A-Z]|[1-9]))?",
        ))
        .expect("fixed form regex")
    });
    static NIHMS: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::rx::new(r"[a-z\d)]NIHMS\d{4,}").expect("nihms regex"));
    let sb = suffix.as_bytes();
    let k = match FORMS.find(suffix) {
        Some(m) if sb[m.end() - 1].is_ascii_uppercase() => m.end() - 1,
        Some(m) => m.end(),
        None => NIHMS.find(suffix)?.start() + 1,
    };
    let glued = sb.get(k).is_some_and(u8::is_ascii_alphanumeric)
        && !matches!(sb[k - 1], b'.' | b'-' | b'_' | b'/' | b'(');
    glued.then_some(k)
}

/// Rule 0b: where a field glued after a DOI's final digit starts, when
/// the field's shape says what it is:
/// * Karger's suffixes are `000` and six digits (`10.1159/000341207`);
/// * a journal abbreviation, a volume and a page up to the next field's
///   capital (`1091234|iort-86-711Article`, `2013(06)08|cln_68p771Clinical`);
/// * a Cambridge or Elsevier PII, `S` and sixteen characters
///   (`gmh.2017.31|S2054425117000311`).
fn glued_publisher_field(prefix: &str, suffix: &str) -> Option<usize> {
    use std::sync::LazyLock;
    static FIELD: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(concat!(
            r"[0-9)](?:(?P<id>[a-z]{2,6}[-_][0-9]{1,4}(?:[-_p][0-9]{1,5}){1,2})(?:[A-Z]|$)",
            r"|(?P<pii>S[0-9]{15}[0-9X]))",
        ))
        .expect("publisher field regex")
    });
    let sb = suffix.as_bytes();
    if prefix == "10.1159" && sb.len() > 9 && sb[..9].iter().all(u8::is_ascii_digit) {
        return (sb[..3] == *b"000" && sb[9].is_ascii_alphabetic()).then_some(9);
    }
    let c = FIELD.captures(suffix)?;
    Some(c.name("id").or_else(|| c.name("pii"))?.start())
}

/// Rule 2b: after a segment of letters then digits (`nu9010030`), an id
/// glued on that starts with the segment's first letter and holds the
/// number's last four digits (`nutrients-09-00030`).
fn journal_id_after(sb: &[u8]) -> Option<usize> {
    let n = sb.len();
    let mut seg = 0;
    for k in 1..n {
        let p = sb[k - 1];
        if !p.is_ascii_alphanumeric() {
            seg = k;
            continue;
        }
        if !(p.is_ascii_digit() && sb[k].is_ascii_lowercase()) {
            continue;
        }
        let s = &sb[seg..k];
        let letters = s.iter().take_while(|b| b.is_ascii_lowercase()).count();
        let digits = &s[letters..];
        if letters == 0 || digits.len() < 4 || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if sb[k] != s[0] {
            return None;
        }
        let field_end = (k + 1..n)
            .find(|&i| sb[i].is_ascii_uppercase())
            .unwrap_or(n)
            .min(k + 32);
        let tail = &digits[digits.len() - 4..];
        return memfind(&sb[k..field_end], tail).map(|_| k);
    }
    None
}

/// Rule 3: the first split after a digit (or a check letter) where a
/// field starts: a capitalised word, an upper-case id after a lower-case
/// DOI, a lower-case id after an upper-case one.
fn field_after_digit(sb: &[u8]) -> Option<usize> {
    let n = sb.len();
    let (mut any_letter, mut all_lower, mut all_upper) = (false, true, true);
    for k in 1..n {
        let p = sb[k - 1];
        if p.is_ascii_alphabetic() {
            any_letter = true;
            all_lower &= p.is_ascii_lowercase();
            all_upper &= p.is_ascii_uppercase();
        }
        // After a digit, or after a check letter (`0452-x`, `01400.x`,
        // `gr219w`) when a capitalised word follows.
        let check_letter = p.is_ascii_lowercase()
            && k >= 2
            && (sb[k - 2].is_ascii_digit() || matches!(sb[k - 2], b'-' | b'.'));
        if !(p.is_ascii_digit() || check_letter) {
            continue;
        }
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
        if caps_word || (caps_id && all_lower) || (lower_id && all_upper && any_letter) {
            return Some(k);
        }
    }
    None
}

/// Per position of `sb`: the end of the alphanumeric and of the alphabetic
/// run that starts there, and the next "Capital + lower" field start at or
/// after it.
fn runs(sb: &[u8]) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let n = sb.len();
    let mut alnum_end = vec![n; n + 1];
    let mut alpha_end = vec![n; n + 1];
    let mut next_caps = vec![n; n + 1];
    for i in (0..n).rev() {
        alnum_end[i] = if sb[i].is_ascii_alphanumeric() {
            alnum_end[i + 1]
        } else {
            i
        };
        alpha_end[i] = if sb[i].is_ascii_alphabetic() {
            alpha_end[i + 1]
        } else {
            i
        };
        let caps = sb[i].is_ascii_uppercase() && sb.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        next_caps[i] = if caps { i } else { next_caps[i + 1] };
    }
    (alnum_end, alpha_end, next_caps)
}

/// Rule 2: the first split where the next field repeats part of the DOI
/// and the DOI may end there. `sb` is the suffix, `lb` in lower case.
fn repeated_field(sb: &[u8], lb: &[u8], ends: &mut Ends) -> Option<usize> {
    let n = sb.len();
    let (alnum_end, alpha_end, next_caps) = runs(sb);
    let hashes = PrefixHash::new(lb);
    // Trigrams wholly inside `lb[..k]`; whole segments of `lb[..k]` by
    // (length, hash).
    let mut trigrams: HashSet<u32, FastBuild> = HashSet::default();
    let mut words: HashMap<(usize, u64), Vec<usize>, FastBuild> = HashMap::default();
    let tri = |i: usize| u32::from_le_bytes([lb[i], lb[i + 1], lb[i + 2], 0]);
    // The current segment (alphanumeric run) and what is known of it.
    let mut seg_start = 0;
    let mut seg_digits = true;
    let mut sig_start: Option<usize> = None;
    let mut z_seg: Vec<usize> = Vec::new();
    let mut z_sig: Vec<usize> = Vec::new();
    let new_segment = |s: usize, z: &mut Vec<usize>| {
        // `doubled` at `k` compares `lb[s..k]` with `lb[k..2k-s]`, all in
        // `lb[s..2e-s]` for `k` up to the segment's end `e`.
        let e = alnum_end[s];
        *z = z_array(&lb[s..n.min(2 * e - s)]);
    };
    new_segment(0, &mut z_seg);
    for k in 1..n {
        if k >= 3 {
            trigrams.insert(tri(k - 3));
        }
        let p = sb[k - 1];
        if !p.is_ascii_alphanumeric() {
            words
                .entry((k - 1 - seg_start, hashes.of(seg_start, k - 1)))
                .or_default()
                .push(seg_start);
            seg_start = k;
            seg_digits = true;
            sig_start = None;
            new_segment(k, &mut z_seg);
        } else {
            seg_digits &= p.is_ascii_digit();
            if sig_start.is_none() && p != b'0' {
                sig_start = Some(k - 1);
                let s = k - 1;
                let e = alnum_end[s];
                z_sig = z_array(&lb[s..n.min(2 * e - s)]);
            }
        }
        let seg_len = k - seg_start;
        // The copy must end where a field ends: "001|001906" is a number.
        let doubled = seg_len >= 4
            && z_seg.get(seg_len).is_some_and(|&z| z >= seg_len)
            && lb.get(k + seg_len).is_none_or(|&b| {
                b.is_ascii_digit() != lb[k - 1].is_ascii_digit() || !b.is_ascii_alphanumeric()
            });
        let run = alnum_end[k] - k;
        let at_boundary = sb[k].is_ascii_alphanumeric() && boundary(p, sb[k]);
        let fragment = at_boundary && run >= 3 && trigrams.contains(&tri(k));
        // A short code spelled like a whole segment of the DOI:
        // `ol.2018.7905|OL-0-0-7905`.
        let letters = alpha_end[k] - k;
        let code = at_boundary && letters >= 2 && {
            count_work(1);
            let h = hashes.of(k, k + letters);
            let target = &lb[k..k + letters];
            let whole = words.get(&(letters, h)).is_some_and(|starts| {
                count_work(starts.len() * letters);
                starts.iter().any(|&s| &lb[s..s + letters] == target)
            });
            whole || &lb[seg_start..k] == target
        };
        // The next field carries the DOI's last number again, zeros
        // dropped: `1756-185X.12711|APL12711`, `3132|epj-08-3132`,
        // `md.0000000000010655|106556300` (an e-location glued on).
        let repeats = seg_digits
            && sig_start.is_some_and(|s| {
                let sig_len = k - s;
                sig_len >= 4
                    && if at_boundary {
                        let field_end = next_caps[k + 1].min(k + 24);
                        memfind(&lb[k..field_end.max(k)], &lb[s..k]).is_some()
                    } else {
                        z_sig.get(sig_len).is_some_and(|&z| z >= sig_len)
                    }
            });
        if (doubled || fragment || code || repeats) && ends.ok(k) {
            return Some(k);
        }
    }
    None
}

// The tests hold the rules as they were before issue 17, as the oracle the
// tables are checked against.
#[cfg(test)]
#[path = "glue_tests.rs"]
mod tests;
