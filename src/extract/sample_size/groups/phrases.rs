//! Groups named in a phrase: `One group consisted of 21 patients`, `was
//! administered to 127 patients`, `49 and 50 in the … groups, respectively`,
//! `(149) or controls (150)`, `300 cases and 300 controls`.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::{NOUNS, NOUN_IN, NUMBER, RANDOMIZATION};
use crate::extract::sample_size::window::{before_window, group_before, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

// `49 and 50 in the intervention and control groups, respectively`,
// `818 and 756 in the 4-HPR and control arm, respectively`; without a
// group word only after a verb that assigns or treats (`37 and 22
// patients treated with protocol A and protocol B, respectively`): each
// count is the size of what it was given.
static RESPECTIVELY_LIST: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s*,\s*(\d{{1,3}}(?:,\d{{3}})+|\d+))?\s*,?\s+and\s+(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s+(?:{NOUNS}))?\s+(?:(?:were|was)\s+)?(?:(?:in|to|for|on|into|received|receiving|(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)\s+to)\s+(?:the\s+)?[^.;()]{{0,80}}?(?-u:\b)(?:groups?|arms?|cohorts?)(?-u:\b)[^.;()]{{0,20}}?|(?:treated\s+with|managed\s+with|(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)\s+to)\s+[^.;()]{{1,80}}?\s(?:and|or)\s[^.;()]{{1,60}}?)respectively"
    ))
    .expect("respectively regex")
});

// The groups first, then their sizes: `The intervention and control groups
// consisted of 30 and 27 participants, respectively`, `Groups 1, 2 and 3
// were composed of 88 (26.0 %), 211 (62.2 %) and 40 (11.8 %) subjects,
// respectively`. The sizes end in a noun of people or at `respectively`.
static GROUPS_COMPRISED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:groups|arms|cohorts)(?-u:\b)[^.;()]{{0,60}}?(?-u:\b)(?:consisted\s+of|comprised|included|contained|(?:were|was)\s+(?:composed|made\s+up)\s+of)\s+{N}{SHARE}(?:\s*,\s*{N}{SHARE})?\s*,?\s+and\s+{N}{SHARE}(?:\s+(?:{NOUNS}))?\s*,?\s+respectively",
        N = r"(\d{1,3}(?:,\d{3})+|\d+)",
        SHARE = r"(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?",
    ))
    .expect("groups comprised regex")
});

// `oral clodronate 1600 mg daily (149) or controls (150)`: a bare count in
// brackets after a group's name.
const BARE_PAREN_PATTERN: &str = r"\(\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\)";

/// [`BARE_PAREN_PATTERN`] anchored, tried only at a `(` that may open one
/// (see [`bare_parens`]).
static BARE_PAREN_AT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!("^(?:{BARE_PAREN_PATTERN})")).expect("bare paren regex")
});

/// Whether the `(` at `open` may open a [`BARE_PAREN_PATTERN`] match: in
/// ASCII such a match is `(`, white space, digits and commas, white space,
/// `)`. A byte that breaks that form rules the match out; a non-ASCII
/// byte (a Unicode space or digit) leaves it to the pattern.
fn may_open_bare(b: &[u8], open: usize) -> bool {
    let mut k = open + 1;
    let skip = |k: &mut usize, f: fn(u8) -> bool| {
        while *k < b.len() && f(b[*k]) {
            *k += 1;
        }
    };
    let space = |x: u8| matches!(x, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    skip(&mut k, space);
    let digits = k;
    skip(&mut k, |x| x.is_ascii_digit() || x == b',');
    if k == digits && b.get(k).is_some_and(|&x| x < 0x80) {
        return false;
    }
    skip(&mut k, space);
    b.get(k).is_some_and(|&x| x == b')' || x >= 0x80)
}

/// The matches of [`BARE_PAREN_PATTERN`] in `fold`, as (the match start,
/// the count's span): those of a search of the whole text. A match holds
/// one `(`, its first byte, so matches start at a `(` and no two overlap:
/// the anchored pattern is tried at each `(` that [`may_open_bare`] (most
/// brackets open a word or a decimal, issue 15).
fn bare_parens(fold: &str) -> Vec<(usize, (usize, usize))> {
    let b = fold.as_bytes();
    memchr::memchr_iter(b'(', b)
        .filter(|&open| may_open_bare(b, open))
        .filter_map(|open| {
            let c = BARE_PAREN_AT.captures(&fold[open..])?;
            let num = c.get(1).expect("num");
            Some((open, (open + num.start(), open + num.end())))
        })
        .collect()
}

// What joins two groups' counts: `300 cases and 300 controls`, `… cases of
// breast cancer and 1682 healthy controls`.
static JOINT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^[^.;()]{0,60}?(?:(?-u:\b)and(?-u:\b)|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs\.?|,|(?-u:\b)compared with(?-u:\b))\s*$")
        .expect("joint regex")
});

// A group named just before its count: `One group consisted of 21
// patients`, `A control group of 174 patients`, `each group contained 36
// subjects`, `Group II (general anaesthesia) included 35 patients` (a
// bracket only before a verb: `a balanced group (by age) of 10 children`
// is a session's group).
static GROUP_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(each\s+)?(?:group|arm|cohort)(?:\s+[A-Z0-9]{1,2})?(?:(?:\s+\([^()]{1,40}\))?\s+(?:consisted of|comprised|contained|included|was made up of)|\s+of)\s*$")
        .expect("group of regex")
});

// `A group of 80 patients`: an article and nothing else before `group`.
static A_GROUP_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)an?\s+(?:group|cohort)\s+of\s*$")
        .expect("a group of regex")
});

// What names a second group in the sentence of `a group of`.
static ANOTHER_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:another|second|other|remaining|respectively|(?:group|cohort)\s+of\s+(?:\d|the|these|those))").expect("another group regex")
});

/// Whether `a group of 80 patients` at `at` is the whole sample: the
/// sentence names no second group of its own (`a group of 40 received A
/// and another group of 40 received B` are arms).
fn one_group_of_all(doc: &Document, at: usize, before: &str) -> bool {
    if !A_GROUP_OF.is_match(before) {
        return false;
    }
    let (ss, se) = doc.sentence_at(at);
    let fold = doc.fold.as_str();
    !ANOTHER_GROUP.is_match(&fold[ss..at]) && !ANOTHER_GROUP.is_match(&fold[at..se])
}

// A treatment given to a count: `Weekly paclitaxel … was administered to
// 127 patients and … to 131 patients`.
static GIVEN_TO: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:administered|given|offered|applied|delivered|prescribed|used)\s+(?:to|in)\s*$")
        .expect("given to regex")
});

/// Arms named by how the text lays out its groups: `N and M in the A and
/// B groups, respectively`; `A (149) or B (150)` and `A (TamRT; 317 women)
/// or B (Tam; 319 women)` in an allocation sentence; `300 cases and 300
/// controls`.
#[inline(never)]
pub(super) fn arms_from_group_phrases(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    out: &mut Vec<Cand>,
) {
    // `nums` is in text order.
    let plausible = |s: usize| nums.binary_search_by_key(&s, |&(ns, _, _)| ns).is_ok();
    let mut by_start = ByStart::new(out);
    respectively_lists(doc, &plausible, &mut by_start, out);
    paren_counts(doc, &plausible, &mut by_start, out);
    groups_of(doc, out);
    given_to(doc, out);
    cases_and_controls(doc, out);
}

/// Adds the count at `s..e` as an arm, unless a rule before made it a
/// subgroup, a skip or a cited count.
pub(super) fn add_arm(
    fold: &str,
    by_start: &mut ByStart,
    out: &mut Vec<Cand>,
    (s, e): (usize, usize),
    group: Option<String>,
    rule: &'static str,
    conf: f32,
) {
    let Some(n) = parse_count_or_words(&fold[s..e]) else {
        return;
    };
    if let Some(o) = by_start.get(s).map(|o| &out[o]) {
        if matches!(o.role, Role::Subgroup | Role::Skip | Role::Cited) {
            return;
        }
    }
    by_start.replace(
        out,
        Cand {
            start: s,
            end: e,
            n,
            role: Role::Arm,
            group,
            rule,
            conf,
        },
    );
}

/// `49 and 50 in the intervention and control groups, respectively`.
fn respectively_lists(
    doc: &Document,
    plausible: &dyn Fn(usize) -> bool,
    by_start: &mut ByStart,
    out: &mut Vec<Cand>,
) {
    let fold = doc.fold.as_str();
    // A match holds no `;` and ends in `respectively`: it lies in a
    // stretch free of `;` that holds `respectively`, whose ends read as the
    // text's do (the `\b` before `groups` sees no word byte in `;`). The
    // other stretches are not read (the whole text was, 40 M instructions
    // per 200 bench texts).
    'comprised: for (lo, hi) in comprised_stretches(fold, doc.lower()) {
        for c in GROUPS_COMPRISED.captures_iter(&fold[lo..hi]) {
            if spent(doc, out.len()) {
                break 'comprised;
            }
            add_respective(fold, lo, &c, plausible, by_start, out);
        }
    }
    // A match holds no `.`, `;` or bracket, and ends in `respectively`: it
    // lies in a stretch between those bytes that holds `respectively`, and
    // the ends of a stretch read as the ends of the text do (`\b` sees no
    // word character either side). The other stretches are not read.
    for (lo, hi) in stretches_with_respectively(fold, doc.lower(), b".;()") {
        for c in RESPECTIVELY_LIST.captures_iter(&fold[lo..hi]) {
            if spent(doc, out.len()) {
                return;
            }
            let start = lo + c.get(0).expect("m").start();
            // `scores were 12 and 15 in the two groups, respectively` are
            // not counts of people (`there were 37 and 22 patients` are).
            let before = fold[floor_boundary(fold, start.saturating_sub(12))..start]
                .trim_end()
                .to_ascii_lowercase();
            if [
                "of", "were", "was", "by", "at", "=", "is", "are", "score", "scores",
            ]
            .iter()
            .any(|w| before.ends_with(w))
                && !before.ends_with("there were")
            {
                continue;
            }
            add_respective(fold, lo, &c, plausible, by_start, out);
        }
    }
}

// The middle of `respectively`, in any ASCII case: under `(?i)` its
// letters `e c t i v l` have no non-ASCII case variant (the `s` has `ſ`),
// so every match of a `(?i)` pattern that ends in `respectively` holds it.
// Looked for in the document's ASCII lower case with `memmem` (a `(?i)`
// regex for it cost 40 M instructions per 200 bench texts).
static ECTIVEL: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("ectivel"));

/// The maximal stretches of `fold` free of the bytes `stops` that hold
/// `respectively` (its middle, [`ECTIVEL`], found in `lower`, the ASCII
/// lower case of `fold`), in text order.
fn stretches_with_respectively(fold: &str, lower: &str, stops: &[u8]) -> Vec<(usize, usize)> {
    let b = fold.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for start in ECTIVEL.find_iter(lower.as_bytes()) {
        let m = start..start + ECTIVEL.needle().len();
        if out.last().is_some_and(|&(_, hi)| m.start < hi) {
            continue;
        }
        let lo = b[..m.start]
            .iter()
            .rposition(|c| stops.contains(c))
            .map_or(0, |p| p + 1);
        let hi = b[m.end..]
            .iter()
            .position(|c| stops.contains(c))
            .map_or(b.len(), |p| m.end + p);
        out.push((lo, hi));
    }
    out
}

/// How many bytes that count (ASCII ones other than white space, digits,
/// `,` and `.`) a [`GROUPS_COMPRISED`] match holds before the `ectivel` of
/// its `respectively`, at most: the group word 7, the words before the
/// verb 60, the verb 14, three shares' `(%)` 9, `and` 3, a noun 14,
/// `resp` 4 (111).
const COMPRISED_REACH: usize = 256;

/// The stretches of `fold` (`lower` its ASCII lower case) that can hold a
/// [`GROUPS_COMPRISED`] match, in order and apart. A match holds no `;`,
/// ends with the `y` of a `respectively`, and starts after a byte that is
/// no word byte, less than [`COMPRISED_REACH`] counted bytes before it: so
/// each `respectively` gives the stretch from there (or the `;` before)
/// to its end, and stretches that overlap are joined (a match of one then
/// overlaps no match of another). The whole `;`-free stretch around each
/// `respectively` was read before, often a paragraph or more.
fn comprised_stretches(fold: &str, lower: &str) -> Vec<(usize, usize)> {
    let b = fold.as_bytes();
    let counted = |x: u8| {
        x.is_ascii() && !(x.is_ascii_whitespace() || x.is_ascii_digit() || x == b',' || x == b'.')
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    for start in ECTIVEL.find_iter(lower.as_bytes()) {
        let end = start + ECTIVEL.needle().len();
        let stop = b[..start]
            .iter()
            .rposition(|&c| c == b';')
            .map_or(0, |p| p + 1);
        let mut lo = start;
        let mut n = 0;
        while lo > stop && n < COMPRISED_REACH {
            lo -= 1;
            n += usize::from(counted(b[lo]));
        }
        while lo > stop && (b[lo - 1].is_ascii_alphanumeric() || b[lo - 1] == b'_') {
            lo -= 1;
        }
        let hi = ceil_boundary(fold, end + 1).min(
            b[end..]
                .iter()
                .position(|&c| c == b';')
                .map_or(b.len(), |p| end + p),
        );
        match out.last_mut() {
            Some(last) if lo < last.1 => last.1 = last.1.max(hi),
            _ => out.push((lo, hi)),
        }
    }
    out
}

/// The two or three sizes of a `respectively` statement, each an arm when
/// every one is a plausible count.
/// `c` matched in `fold[at..]`.
fn add_respective(
    fold: &str,
    at: usize,
    c: &regex::Captures,
    plausible: &dyn Fn(usize) -> bool,
    by_start: &mut ByStart,
    out: &mut Vec<Cand>,
) {
    let parts: Vec<_> = [c.get(1), c.get(2), c.get(3)]
        .into_iter()
        .flatten()
        .map(|p| (at + p.start(), at + p.end()))
        .collect();
    if !parts.iter().all(|&(s, _)| plausible(s)) {
        return;
    }
    for p in parts {
        add_arm(
            fold,
            by_start,
            out,
            p,
            None,
            "sample_size.arm_respectively",
            0.75,
        );
    }
}

/// Bare bracketed counts and label-first brackets, two or more in a
/// sentence that randomizes: `oral clodronate (149) or controls (150)`.
fn paren_counts(
    doc: &Document,
    plausible: &dyn Fn(usize) -> bool,
    by_start: &mut ByStart,
    out: &mut Vec<Cand>,
) {
    let fold = doc.fold.as_str();
    let mut bare: Vec<((usize, usize), usize, usize)> = Vec::new();
    for (open, (num_start, num_end)) in bare_parens(fold) {
        if spent(doc, out.len()) {
            break;
        }
        // After a lower-case word, spaced from the bracket: not `mg/m(2)`,
        // `TXB ( 2 )`, `cells/mm ( 3 )`; and not a tiny count.
        let head = &fold[..open];
        // Spaced first: the word before a bracket glued to it can be the
        // whole text before (`(27)(27)(27)…`).
        if !head.ends_with(' ') {
            continue;
        }
        let word = head
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let lower_word = word.len() >= 3 && word.chars().all(|c| c.is_ascii_lowercase());
        let n = parse_count_or_words(&fold[num_start..num_end]).unwrap_or(0);
        if !lower_word || n < 5 || !plausible(num_start) {
            continue;
        }
        bare.push((doc.sentence_at(num_start), num_start, num_end));
    }
    for c in out.iter() {
        if !matches!(c.role, Role::Total | Role::Enrolled | Role::Subgroup)
            || !fold[c.end..].trim_start().starts_with(')')
        {
            continue;
        }
        let lo = floor_boundary(fold, c.start.saturating_sub(50));
        let inside = &fold[lo..c.start];
        let Some(open) = inside.rfind('(') else {
            continue;
        };
        let label = inside[open + 1..].trim_end();
        if inside[open..].contains(')') || !label.ends_with([';', ',', ':']) || label.len() < 3 {
            continue;
        }
        let (cs, _) = (c.start, c.end);
        bare.push((doc.sentence_at(cs), cs, c.end));
    }
    bare.sort();
    let mut i = 0;
    while i < bare.len() {
        let mut j = i + 1;
        while j < bare.len() && bare[j].0 == bare[i].0 {
            j += 1;
        }
        let (ss, se) = bare[i].0;
        if j - i >= 2 && RANDOMIZATION.is_match(&fold[ss..se]) {
            for &(_, s, e) in &bare[i..j] {
                let num_end = NUMBER.find(&fold[s..e]).map_or(e, |m| s + m.end());
                let open = fold[..s].rfind('(').unwrap_or(s);
                let group = group_before(fold, open);
                let (rule, conf) = ("sample_size.arm_paren_count", 0.7);
                let _ = num_end;
                add_arm(fold, by_start, out, (s, num_end), group, rule, conf);
            }
        }
        i = j;
    }
}

/// `One group consisted of 21 patients`, `each group contained 36`.
fn groups_of(doc: &Document, out: &mut [Cand]) {
    for c in out.iter_mut() {
        if matches!(
            c.role,
            Role::Subgroup | Role::Skip | Role::Cited | Role::Arm
        ) {
            continue;
        }
        let before = before_window(doc, c.start, false);
        if let Some(m) = GROUP_OF.captures(before) {
            // `A group of 80 patients was enrolled`: with a role verb of
            // its own the count is the sample (`tested in a group of 8
            // patients`, a study's group, and `a cohort of 126
            // consecutive patients was screened` stay as they were read).
            if m.get(1).is_none()
                && c.rule == "sample_size.count_noun_verb"
                && one_group_of_all(doc, c.start, before)
            {
                continue;
            }
            c.role = Role::Arm;
            c.conf = 0.7;
            c.rule = if m.get(1).is_some() {
                "sample_size.arm_each"
            } else {
                "sample_size.arm_group_of"
            };
        }
    }
}

/// `… was administered to 127 patients and … to 131 patients`: two or
/// more counts a treatment is given to in one sentence.
fn given_to(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let given: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            !matches!(c.role, Role::Subgroup | Role::Skip | Role::Cited)
                && NOUN_IN.is_match(&fold[c.start..c.end])
                && GIVEN_TO.is_match(before_window(doc, c.start, false))
        })
        .map(|(k, _)| k)
        .collect();
    let mut per_sentence: HashMap<(usize, usize), usize> = HashMap::new();
    for &k in &given {
        *per_sentence
            .entry(doc.sentence_at(out[k].start))
            .or_default() += 1;
    }
    for &k in &given {
        let others = per_sentence[&doc.sentence_at(out[k].start)];
        if others >= 2 {
            out[k].role = Role::Arm;
            out[k].rule = "sample_size.arm_given_to";
            out[k].conf = 0.7;
        }
    }
}

/// `300 incident cases and 300 controls`: a control group named by its
/// noun next to the other group's count.
fn cases_and_controls(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let controls: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let b = &fold.as_bytes()[c.start..c.end];
            // `15 patients and 9 healthy controls`: healthy comparators
            // are no group of the trial (see `not_arms`), unless they are
            // the controls of cases (`1181 cases and 1682 healthy controls`).
            let (ss, se) = doc.sentence_at(c.start);
            !matches!(c.role, Role::Subgroup | Role::Skip | Role::Cited)
                && b.len() >= 8
                && b[b.len() - 8..].eq_ignore_ascii_case(b"controls")
                && (!fold[c.start..c.end]
                    .to_ascii_lowercase()
                    .contains("healthy")
                    || super::not_arms::CASES.is_match(&fold[ss..se]))
        })
        .map(|(k, _)| k)
        .collect();
    let mut pairs = Vec::new();
    let mut by_end: Vec<(usize, usize)> = Vec::new();
    if !controls.is_empty() {
        by_end = out.iter().enumerate().map(|(i, o)| (o.end, i)).collect();
        by_end.sort_unstable();
    }
    for k in controls {
        let c = &out[k];
        let (ss, _) = doc.sentence_at(c.start);
        // The one ending last before it (the later one on a tie), within
        // 80 bytes and the sentence.
        let below = by_end.partition_point(|&(end, _)| end <= c.start);
        let prev = by_end[..below]
            .iter()
            .rev()
            .take_while(|&&(end, _)| end + 80 >= c.start)
            .map(|&(_, i)| (i, &out[i]))
            .find(|(_, o)| o.start >= ss);
        if let Some((pk, p)) = prev {
            let between = fold[p.end..c.start].to_ascii_lowercase();
            // `316 individuals were studied: 94 in the SSRI group and 222
            // controls`: a colon after a count opens its parts, so the
            // count is the whole, not the controls' partner.
            if !matches!(p.role, Role::Subgroup | Role::Skip | Role::Cited)
                && JOINT.is_match(&between)
                && !between.contains(':')
            {
                pairs.push(pk);
                pairs.push(k);
            }
        }
    }
    for k in pairs {
        out[k].role = Role::Arm;
        out[k].rule = "sample_size.arm_cases_controls";
        out[k].conf = 0.7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `respectively` lists found in the stretches that hold the word
    /// are those that a scan of the whole text finds.
    #[test]
    fn respectively_lists_are_found_in_the_stretches_that_hold_the_word() {
        let text = "In all, 49 and 50 were in the intervention and control groups, \
            respectively. Of 30 and 31 randomized to the A (x) and B arms \
            respectively; 12, 14 and 16 were assigned to the three GROUPS, \
            RESPECTIVELY; scores 3 and 4 in the groups respectively\n\
            and 7 and 8 patients in the 2 arms\u{a0}Respectively. \
            28 and 29 in both arms, respectively";
        let whole: Vec<(usize, usize)> = RESPECTIVELY_LIST
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let gated: Vec<(usize, usize)> =
            stretches_with_respectively(text, &text.to_ascii_lowercase(), b".;()")
                .into_iter()
                .flat_map(|(lo, hi)| {
                    RESPECTIVELY_LIST
                        .find_iter(&text[lo..hi])
                        .map(move |m| (lo + m.start(), lo + m.end()))
                })
                .collect();
        assert!(whole.len() >= 4, "{whole:?}");
        assert_eq!(gated, whole);
    }

    /// The bare bracketed counts found at the brackets that may open one
    /// are those of a search of the whole text.
    #[test]
    fn bare_parens_are_those_of_a_whole_scan() {
        let texts = [
            "clodronate (149) or controls ( 150 ), (1,234) and (12,34) (2010)(27)(27)",
            "(95% CI) (12.5%) (n = 3) ( ) () (1 2) (3,) (,) (\t7\n) (4",
            "(\u{a0}12\u{2009}) (\u{663}\u{664}) (5\u{a0}) ((6)) (x(7)) (8)",
        ];
        let mut found = 0;
        for t in texts {
            let whole: Vec<(usize, (usize, usize))> = crate::extract::rx::new(BARE_PAREN_PATTERN)
                .expect("re")
                .captures_iter(t)
                .map(|c| {
                    let n = c.get(1).expect("num");
                    (c.get(0).expect("m").start(), (n.start(), n.end()))
                })
                .collect();
            assert_eq!(bare_parens(t), whole, "{t}");
            found += whole.len();
        }
        assert!(found >= 12, "{found}");
    }

    /// Likewise for `groups consisted of … respectively`, whose matches
    /// may hold `.` and brackets (`88 (26.0 %)`) but no `;`, and start a
    /// bounded way before their `respectively`.
    #[test]
    fn comprised_groups_are_found_in_the_stretches_before_respectively() {
        let far = format!(
            "The groups {} comprised 5 and 6 respectively, and the arms were made up of 7 and 8, respectively",
            "word ".repeat(60)
        );
        let texts = [
            "The two groups consisted of 30 and 27 participants, respectively;             Groups 1, 2 and 3 were composed of 88 (26.0 %), 211 (62.2 %) and 40 (11.8 %)             subjects, respectively. The arms; arms included 12 and 14 patients RESPECTIVELY.             subgroups comprised 5 and 6, respectively (cohorts contained 7 and 8 women,\n\
            respectively)",
            far.as_str(),
            "xgroups comprised 1 and 2, respectively; Xgroups, GROUPS comprised 1,000,000 and 2 respectively effectively",
            "The \u{17f}even groups contained\u{a0}3 (1.5 %) and\u{2009}4 paediatricians, re\u{17f}pectively; groups included 9, 10 and 11 eyes, respectively, and the arms comprised 12 and 13 respectively",
        ];
        let mut found = 0;
        for text in texts {
            let whole: Vec<(usize, usize)> = GROUPS_COMPRISED
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            let gated: Vec<(usize, usize)> = comprised_stretches(text, &text.to_ascii_lowercase())
                .into_iter()
                .flat_map(|(lo, hi)| {
                    GROUPS_COMPRISED
                        .find_iter(&text[lo..hi])
                        .map(move |m| (lo + m.start(), lo + m.end()))
                })
                .collect();
            assert_eq!(gated, whole, "{text}");
            found += whole.len();
        }
        assert!(found >= 8, "{found}");
    }
}
