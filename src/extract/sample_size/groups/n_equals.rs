//! `n = 27` counts: `MSC-NP (n = 27)`, `(IG = 18)`, a group's size in its
//! bracket, or a total.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::groups::head_rows::WHOLE;
use crate::extract::sample_size::index::{Brackets, ByStart, Index};
use crate::extract::sample_size::lexicon::{
    exits_before, spaced_count_end, EVENTS_WORD, NOUN, N_EQUALS, N_EQUALS_PATTERN,
};
use crate::extract::sample_size::roles::classify_count;
use crate::extract::sample_size::window::{group_before, next_word, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// `(IG = 18)`, `(early group = 40)`, `(control arm = 51)`.
const LABEL_EQUALS_PATTERN: &str =
    r"\(\s*([A-Za-z][A-Za-z -]{0,30}?)\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\)";

// [`N_EQUALS_PATTERN`] and [`LABEL_EQUALS_PATTERN`] anchored, each tried
// only where a `=` (or `:`) says one may start (see [`equals_starts`]).
static N_EQUALS_AT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!("^(?:{N_EQUALS_PATTERN})")).expect("n at regex")
});
static LABEL_EQUALS_AT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!("^(?:{LABEL_EQUALS_PATTERN})")).expect("label at regex")
});

/// `MSC-NP (n = 27)`, `patients (N = 120)`, `(group A, n=20)`, `(IG = 18)`.
#[inline(never)]
pub(super) fn arms_from_n_equals(doc: &Document, index: &Index, out: &mut Vec<Cand>) {
    let found = equals_found(doc.fold.as_str());
    let mut by_start = ByStart::new(out);
    for f in found {
        if spent(doc, out.len()) {
            break;
        }
        if let Some(mut c) = equals_count(doc, index, f) {
            per_group(doc.fold.as_str(), &mut c);
            by_start.replace(out, c);
        }
    }
}

// What makes an `n =` the size of every group: `(n = 15 each)`, `(n = 30
// per group)`, `(n = 35 for each group)`, `(n = 20 for each of the six
// arms)`; `for each` with a group word after it (`(n = 12 for each
// centre)` is a site's size).
static EACH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:each|per\s+(?:group|arm)|in\s+each|for\s+each\s+(?:of\s+the\s+)?(?:[a-z0-9-]+\s+){0,2}?(?:groups?|arms?)(?-u:\b))(?-u:\b)")
        .expect("each after regex")
});

// `randomly divided into three groups (n = 30)`, `into one of two groups
// (each n = 38)`: a bracket right after the number of groups gives the
// size each of them has.
static GROUPS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:two|three|four|five|six|[2-6])\s+(?:[A-Za-z-]+\s+){0,2}?(?:groups|arms)\s*\(\s*(?:(?:each|both)(?:\s+group)?\s*,?\s*)?$")
        .expect("groups before regex")
});

// `Patients were assigned randomly into groups of A and B (n = 32)`: a
// bracket right after the two groups an allocation names gives the size
// each of them has (no other bracket or number between: `groups of A (n =
// 30) and B (n = 32)` are two arms).
static PAIR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:randomi[sz]ed|randomly|allocated|assigned|divided)(?-u:\b)[^.;:()\d]{0,30}?(?-u:\b)(?:in|into|to)\s+(?:the\s+)?(?:groups|arms)\s+(?:of\s+)?[^.;:,()\d]{1,40}?\s+and\s+[^.;:,()\d]{1,40}?\s*\(\s*$")
        .expect("pair before regex")
});

/// Whether the two groups an allocation names stand right before the
/// bracket at `start` ([`PAIR_BEFORE`]).
fn pair_before(fold: &str, start: usize) -> bool {
    PAIR_BEFORE.is_match(&fold[floor_boundary(fold, start.saturating_sub(140))..start])
}

// Before an `(n = 12 each)` bracket: a list of doses or levels (`15, 30,
// 60, or 90 mg twice daily (`), each item one group.
static LIST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(\d+(?:\.\d+)?(?:\s*,\s*\d+(?:\.\d+)?)*\s*,?\s*(?:or|and)\s*\d+(?:\.\d+)?)\s*(?:[a-z/%]+\s+){0,4}?[a-z/%]*\s*\(\s*$")
        .expect("list before regex")
});

/// `tenapanor 15, 30, 60, or 90 mg twice daily (n = 12 each)`: the number
/// of groups an `n = … each` bracket at `start` is the size of, from the
/// list of two to six values just before its bracket.
pub(in crate::extract::sample_size) fn listed_before(fold: &str, start: usize) -> Option<u64> {
    let before = &fold[floor_boundary(fold, start.saturating_sub(80))..start];
    let Some(list) = LIST_BEFORE.captures(before) else {
        return pair_before(fold, start).then_some(2);
    };
    let k = list[1]
        .split(|ch: char| !(ch.is_ascii_digit() || ch == '.'))
        .filter(|w| !w.is_empty())
        .count() as u64;
    (2..=6).contains(&k).then_some(k)
}

/// An `n =` count that gives the size of each group (`into three groups (n
/// = 30)`, `(n = 15 each)`) is one `each` count for all of them, not one
/// arm of that size nor the total.
fn per_group(fold: &str, c: &mut Cand) {
    let before = &fold[floor_boundary(fold, c.start.saturating_sub(60))..c.start];
    // The bracket holds this count alone: `(n = 30 and n = 30)` are arms.
    let after = &fold[c.end..ceil_boundary(fold, c.end + 40)];
    let alone = after
        .find(')')
        .is_some_and(|p| !after[..p].contains(|ch: char| ch.is_ascii_digit()));
    if EACH_AFTER.is_match(&fold[c.end..])
        || (alone && (GROUPS_BEFORE.is_match(before) || pair_before(fold, c.start)))
    {
        c.role = Role::Arm;
        c.rule = "sample_size.arm_each";
        c.group = None;
        c.conf = 0.8;
    }
}

/// An `n = 27` or `(IG = 18)`: its span, count, label, and whether only a
/// randomisation sentence makes it a group's size (a bare abbreviation).
type Equals = (usize, usize, u64, Option<String>, bool);

/// Whether the `n =` at `from` has another after it before `close`:
/// `(FEC 50, n = 65; FEC 100, n = 85)`. Looks no further than the
/// second, however far the bracket closes.
fn several_from(fold: &str, from: usize, close: usize) -> bool {
    N_EQUALS.find_iter(&fold[from..close]).nth(1).is_some()
}

/// Where the matches of [`N_EQUALS_PATTERN`] and [`LABEL_EQUALS_PATTERN`]
/// in `fold` can start, in text order: `(n_starts, label_starts)`.
///
/// Both patterns hold exactly one `=` (or `:` for `n`), so a cheap scan for
/// those bytes replaces a scan of the whole text by each automaton. An `n
/// =` starts at the `n` that only whitespace parts from the `=`/`:`, after
/// no ASCII word character (its `\b`); a `(IG = 18)` at the `(` that only
/// letters, spaces, hyphens and whitespace part from its `=`. Neither
/// pattern's match can hold the start of another one (the `n` is the only
/// letter of the first; the `(` the only bracket of the second), so the
/// anchored match at each start is the match `captures_iter` finds there,
/// and no other start has one.
fn equals_starts(fold: &str) -> (Vec<usize>, Vec<usize>) {
    let b = fold.as_bytes();
    // The start of the run before `at` of the chars that `keep` takes.
    let back = |mut at: usize, keep: &dyn Fn(char) -> bool| {
        while let Some(ch) = fold[..at].chars().next_back().filter(|&ch| keep(ch)) {
            at -= ch.len_utf8();
        }
        at
    };
    let (mut n_starts, mut label_starts) = (Vec::new(), Vec::new());
    for p in memchr::memchr2_iter(b'=', b':', b) {
        let n = back(p, &char::is_whitespace);
        if n > 0
            && b[n - 1].eq_ignore_ascii_case(&b'n')
            && (n == 1 || !(b[n - 2].is_ascii_alphanumeric() || b[n - 2] == b'_'))
        {
            n_starts.push(n - 1);
        }
        if b[p] == b'=' {
            let open = back(p, &|ch| {
                ch.is_whitespace() || ch.is_ascii_alphabetic() || ch == '-'
            });
            if open > 0 && b[open - 1] == b'(' {
                label_starts.push(open - 1);
            }
        }
    }
    (n_starts, label_starts)
}

/// Whether `rest` (the text right after an `n =` count) goes on to the
/// upper end of a range: `-16`, `–16`, ` to 16`.
fn range_after(rest: &str) -> bool {
    let t = rest.trim_start_matches(' ');
    let upper = t
        .strip_prefix('-')
        .or_else(|| t.strip_prefix('\u{2013}'))
        .or_else(|| t.strip_prefix("to "));
    upper.is_some_and(|u| u.trim_start().starts_with(|ch: char| ch.is_ascii_digit()))
}

/// Every `n = 27` and `(IG = 18)` of `fold`, the `n =` ones first.
fn equals_found(fold: &str) -> Vec<Equals> {
    let mut found: Vec<(usize, usize, u64, Option<String>, bool)> = Vec::new();
    let (n_starts, label_starts) = equals_starts(fold);
    let at = |re: &Regex, s: usize| re.captures(&fold[s..]).map(|c| (s, c));
    for (s, c) in n_starts.iter().filter_map(|&s| at(&N_EQUALS_AT, s)) {
        let num = c.get(1).expect("num");
        let num_end = spaced_count_end(fold, s + num.start(), s + num.end());
        let num_text = &fold[s + num.start()..num_end];
        let start = s;
        // `n` must be a word of its own: not `in = `, `mean=`.
        if fold[..start]
            .chars()
            .last()
            .is_some_and(|ch| ch.is_alphanumeric())
        {
            continue;
        }
        if fold[num_end..].starts_with('.')
            && fold[num_end + 1..].starts_with(|ch: char| ch.is_ascii_digit())
        {
            continue;
        }
        // `three groups (n = 14-16)`: a range of sizes, no one count.
        if range_after(&fold[num_end..]) {
            continue;
        }
        let Some(n) = parse_count_or_words(num_text) else {
            continue;
        };
        found.push((start, num_end, n, None, false));
    }
    for (s, c) in label_starts.iter().filter_map(|&s| at(&LABEL_EQUALS_AT, s)) {
        let label = c.get(1).expect("label").as_str().trim();
        let lower = label.to_ascii_lowercase();
        let is_group = lower.contains("group") || lower.contains("arm") || lower.contains("cohort");
        let abbrev = label.len() <= 4 && label.chars().all(|ch| ch.is_ascii_uppercase());
        if !(is_group || abbrev) || lower == "n" {
            continue;
        }
        let num = c.get(2).expect("num");
        let Some(n) = parse_count_or_words(num.as_str()) else {
            continue;
        };
        let start = s + c.get(1).expect("label").start();
        found.push((
            start,
            s + num.end(),
            n,
            Some(label.to_string()),
            abbrev && !is_group,
        ));
    }
    found
}

/// A share stated as a percentage: after a verb, a preposition or a
/// clause break (`was 51.5%`, `in 45%`, `: 23%`), not a strength written
/// after a drug's name (`BBOS 1.5% (n = 78)`, a group).
static SHARE_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:^|[,;:(\[]|(?-u:\b)(?:was|were|is|are|be|been|in|of|for|with|among|by|to|and|but|while|whereas|vs|versus|than|from|at|on|only|approximately|about|nearly|almost|over|under|reached|seen|observed|found|had|has|have|showed|reported|achieved|experienced|developed|represented|accounted|comprised|remained|rose|fell|increased|decreased|improved))\s*\d+(?:\.\d+)?\s*%$",
    )
    .expect("share end regex")
});

// After a sample size's count, in its clause: it is a size per group (`a
// sample size of n = 38 subjects will be enrolled in each study arm`).
static PER_EACH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*\)?[^.;()]{0,60}?(?-u:\b)(?:each|per|both)(?-u:\b)")
        .expect("per each after regex")
});

/// Whether the words before an `n =` count end in `sample size` (`The
/// total sample size (N = 120)`, `a sample size of N=100`), or name the
/// sample's size the other way round (`the overall size of the sample
/// will be n = 240`): the study's size, no group's.
fn sample_size_head(head: &str) -> bool {
    // The head runs from the text's start: its last words only.
    let tail = &head[floor_boundary(head, head.len().saturating_sub(60))..];
    SAMPLE_SIZE_HEAD.is_match(tail)
}

static SAMPLE_SIZE_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:^|[^a-z0-9])(?:sample\s+size|size\s+of\s+(?:the|this|our)\s+(?:study\s+)?sample)(?:\s+(?:of|was|is|will\s+be|would\s+be))?$")
        .expect("sample size head regex")
});

/// The rule of a count that is a part of a group, not its size.
pub(super) const SUBSET: &str = "sample_size.subset_n_equals";

/// An `n =` count read as a part (`rule`): an outcome's, a test's.
fn subset(start: usize, end: usize, n: u64, rule: &'static str) -> Cand {
    Cand::ungrouped(start, end, n, Role::Subgroup, rule, 0.3)
}

/// Whether the words before an `n =` bracket (`head`, its last word
/// `last_word`) end in a share: `Seventy percent (n = 30)`, `in 40% (n =
/// 12)`; a percentage alone is a share only after a verb or preposition
/// ([`SHARE_END`]) or in a sentence that does not randomize (`randomizes`),
/// where `BBOS 1.5% (n = 78)` names a group by its strength.
fn share_before(head: &str, last_word: &str, randomizes: impl Fn() -> bool) -> bool {
    let tail = &head[floor_boundary(head, head.len().saturating_sub(40))..];
    (tail.ends_with('%') && (SHARE_END.is_match(tail) || !randomizes()))
        || last_word.eq_ignore_ascii_case("percent")
        || last_word.eq_ignore_ascii_case("percentage")
        || head[floor_boundary(head, head.len().saturating_sub(8))..]
            .to_ascii_lowercase()
            .ends_with("per cent")
}

/// What one `n =` count is: the count of the noun before its bracket, a
/// group's size, or a subset.
fn equals_count(
    doc: &Document,
    index: &Index,
    (s, e, n, label, needs_randomization): Equals,
) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let brackets = &index.brackets;
    let sent = doc.sentence_at(s);
    let ss = sent.0;
    if needs_randomization && !index.randomization.is_match(fold, sent) {
        return None;
    }
    // `the good outcome group (n=35/118)`, `(n = 472/1889)`: the numerator
    // of a fraction counts those of a group with an outcome, never the
    // group's size nor the study's total.
    if numerator(&fold[e..]) {
        return Some(subset(s, e, n, SUBSET));
    }
    // `group 1 (n = 12 cycles)`, `(n = 40 samples)`: the count of things
    // done or taken, not of people; no group's size, no total.
    let unit = next_word(&fold[e..ceil_boundary(fold, e + 64)]);
    let unit = unit.trim_end_matches(|c: char| !c.is_alphanumeric());
    if EVENTS_WORD.is_match(&unit.to_ascii_lowercase()) {
        return None;
    }
    // The `(` this sits in, if any, and what stands before it.
    let lo = floor_boundary(fold, s.saturating_sub(60)).max(ss);
    let inside = &fold[lo..s];
    let open = inside.rfind('(').filter(|&p| !inside[p..].contains(')'));
    let head_end = open.map_or(s, |p| lo + p);
    // `χ2(1, N = 240) = 6.3`: the N in a test statistic's bracket, after
    // its degrees of freedom, is the number that test analysed, never a
    // group's size nor the study's total.
    if let Some(p) = open {
        if test_statistic_n(fold, lo + p, s) {
            return Some(subset(s, e, n, TEST_N));
        }
    }
    let head = fold[..head_end].trim_end();
    let head = head.trim_end_matches([',', ';', ':']).trim_end();
    // `38 were excluded (not meeting the criteria, n = 30; declined, n =
    // 8)`: the reasons of those who left, no group of the trial.
    if open.is_some() && exits_before(head) {
        return Some(subset(s, e, n, SUBSET));
    }
    let last_word = head
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("");
    // The count behind a share is an outcome's, not a group's size.
    if share_before(head, last_word, || index.randomization.is_match(fold, sent)) {
        return Some(subset(s, e, n, SUBSET));
    }
    // `The sample size (n = 171,964) was calculated`, `a total sample size
    // of N=100`: the study's size, a total (a target when its clause plans
    // it, see `targets`).
    if sample_size_head(head) && !PER_EACH_AFTER.is_match(&fold[e..ceil_boundary(fold, e + 80)]) {
        return Some(Cand::ungrouped(
            s,
            e,
            n,
            Role::Total,
            "sample_size.sample_size_n_equals",
            0.6,
        ));
    }
    // `patients (n = 120) were randomized`: the count of a noun.
    if NOUN.is_match(last_word) {
        let noun_start = head.len() - last_word.len();
        let open = open.map(|p| lo + p);
        return Some(noun_equals(doc, index, (s, e, n), noun_start, open));
    }
    let open = open.map(|p| lo + p);
    let labelled = label.is_some();
    // A head cell on the line above its count names its group alone.
    let cell = cell_above(fold, head_end.min(s)).filter(|_| !labelled);
    let group = label
        .or_else(|| open.and_then(|p| paren_label(&fold[p + 1..s])))
        .or_else(|| cell.filter(|c| name_cell(c)).map(str::to_string))
        .or_else(|| group_before(fold, head_end));
    let several = open.is_some_and(|p| splits_count(fold, brackets, ss, p, s));
    // `in all the participants at the start of the study (n = 74)`, `the
    // whole sample (n = 120)`: the study's own people, no group of it;
    // not `the study (SB3, n = 186; TRZ, n = 181)`, its groups, nor `the
    // study (n = 30 randomly assigned to each group)`.
    let alone = open.is_some_and(|p| fold[p + 1..s].trim().is_empty())
        && fold[e..].trim_start().starts_with(')');
    if !labelled && alone && !several && WHOLE_HEAD.is_match(head) {
        return Some(subset(s, e, n, SUBSET));
    }
    // `Full Sample` over `N=79`, `Total` over `(n = 1349)`: a table's head
    // flattened one cell a line, whose cell names the whole table; the
    // table's whole, no arm beside the groups' cells.
    if cell.is_some_and(|c| WHOLE.is_match(c)) {
        return Some(subset(s, e, n, SUBSET));
    }
    // `children with asthma aged 6 to 11 years (N = 134) were randomized
    // 2:1 to A or B`: a bracket that holds its count alone as the subject
    // of the randomizing verb counts all who were randomized, no arm (not
    // `Group A (n = 20) was randomized`, a group's own bracket).
    if !labelled
        && alone
        && !several
        && !GROUP_END.is_match(head)
        && RANDOMIZED_NEXT.is_match(&fold[e..ceil_boundary(fold, e + 60)])
    {
        return Some(Cand::ungrouped(
            s,
            e,
            n,
            Role::Randomized,
            "sample_size.randomized_n_equals",
            0.8,
        ));
    }
    // `Among women aged 50 years or older (N = 340)`: people picked out
    // by their age, a subgroup, whatever `or` the sentence holds; unless
    // the bracket is the subject of the trial's verb (`Patients aged 65
    // years or older (n = 340) were randomized`).
    if age_band(head) && !subject_of_verb(&fold[e..ceil_boundary(fold, e + 40)]) {
        return Some(subset(s, e, n, SUBSET));
    }
    // `a benefit of rosiglitazone (n = 9) over metformin (n = 6)`: two
    // named brackets set against each other are the groups compared.
    let compared = open.is_some_and(|p| compared_pair(fold, p, e));
    let group = if compared {
        group.map(|g| strip_join(&g))
    } else {
        group
    };
    if let Some(c) = super::pooled::pooled_count(fold, ss, open, (s, e, n)) {
        return Some(c);
    }
    let (role, conf, rule) = if index.allocation.is_match(fold, sent) || several || compared {
        (Role::Arm, 0.85, "sample_size.arm_n_equals")
    } else {
        (Role::Subgroup, 0.4, SUBSET)
    };
    Some(Cand {
        start: s,
        end: e,
        n,
        role,
        group,
        rule,
        conf,
    })
}

/// The cell on the line above a count that opens its own line (`Full
/// Sample` above `N=79`, `Control` above `(n = 39)`).
fn cell_above(fold: &str, at: usize) -> Option<&str> {
    let b = fold.as_bytes();
    let line = memchr::memrchr(b'\n', &b[..at])?;
    if !fold[line + 1..at].trim_matches([' ', '\t', '(']).is_empty() {
        return None;
    }
    let prev = memchr::memrchr(b'\n', &b[..line]).map_or(0, |p| p + 1);
    Some(fold[prev..line].trim())
}

/// Whether a head cell is a name (`Control`), not a count (`N = 60`).
fn name_cell(c: &str) -> bool {
    !c.contains('=') && c.chars().any(char::is_alphabetic)
}

// How two groups' brackets are set against each other, besides the
// `versus`, `or`, `compared` of an allocation sentence: `over`,
// `against`, `relative to`, `superior to`, `rather than`.
const JOIN: &str = r"(?:(?:was|were|is|are)\s+)?(?:over|against|relative\s+to|(?:superior|inferior|similar|equivalent|preferable)\s+to|rather\s+than)";

// A group's name between the two brackets: one to four words of letters
// (no number, no time word: `over 12 weeks (n = 6)`, `over the first
// year (n = 6)` are a time, not a group).
const JOIN_NAME: &str = r"([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})";

// The study as a whole before its bracket, its people: `in the study`,
// `of this sample`, `the whole cohort`, `at the start of our study`; not
// a named one (`the CORAL trial`, `the validation cohort`), which may be a
// group compared, nor what is only related to it (`death unrelated to the
// study`, `classes outside the trial`).
static WHOLE_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:in|into|of|at|throughout)\s+(?:the|this|our)|whole|entire|total|overall|full)\s+(?:study|sample|cohort|trial|(?:study\s+)?population)\s*\(?$")
        .expect("whole head regex")
});

// After the count of a bracket that holds it alone, the verb that
// randomizes its people: `) were randomized`, `) were randomly assigned`.
static RANDOMIZED_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*\)\s*(?:were|was)\s+(?:(?:then|subsequently|all|each)\s+)?(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))(?-u:\b)")
        .expect("randomized next regex")
});

// A head that ends in a group's name: `group A`, `the control arm`.
static GROUP_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups?|arms?|cohorts?)(?:\s+[a-z0-9]{1,2})?\s*$")
        .expect("group end regex")
});

// After the count of a bracket that holds it alone: `) over metformin (n =`.
static JOINED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*\)\s*{JOIN}\s+{JOIN_NAME}\s*\(\s*n\s*=\s*\d"
    ))
    .expect("joined after regex")
});

// Before the bracket of the second group: `(n = 9) over metformin `.
static JOINED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)\(\s*n\s*=\s*\d+\s*\)\s*{JOIN}\s+{JOIN_NAME}\s*$"
    ))
    .expect("joined before regex")
});

// The joining words at the start of a group's label (`over metformin`).
static JOIN_START: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"(?i)^{JOIN}\s+")).expect("join start regex")
});

/// Whether the `n =` bracket opened at `open` (its count ending at `e`)
/// is one of two named brackets set against each other: `rosiglitazone
/// (n = 9) over metformin (n = 6)`. Each bracket holds its count alone.
fn compared_pair(fold: &str, open: usize, e: usize) -> bool {
    let after = &fold[e..ceil_boundary(fold, e + 80)];
    let before = &fold[floor_boundary(fold, open.saturating_sub(80))..open];
    let named = |c: regex::Captures| {
        !c[1].split_whitespace().any(|w| {
            matches!(
                w.to_ascii_lowercase().trim_end_matches('s'),
                "year" | "month" | "week" | "day" | "hour" | "time" | "period" | "course" | "visit"
            )
        })
    };
    JOINED_AFTER.captures(after).is_some_and(named)
        || JOINED_BEFORE.captures(before).is_some_and(named)
}

/// A label without the joining words before it: `over metformin` ->
/// `metformin`.
fn strip_join(label: &str) -> String {
    match JOIN_START.find(label) {
        Some(m) if m.end() < label.len() => label[m.end()..].to_string(),
        _ => label.to_string(),
    }
}

/// The label inside the bracket before an `n =` (`inner`, from after the
/// `(` to the count) when it names a group (`(control group, n = 30)`).
fn paren_label(inner: &str) -> Option<String> {
    let inner = inner.trim().trim_end_matches([',', ';', ':']).trim();
    let l = inner.to_ascii_lowercase();
    (l.contains("group") || l.contains("arm") || l.contains("cohort")).then(|| inner.to_string())
}

/// Whether the bracket opened at `open` (the `n =` count at `s`, its
/// sentence from `ss`) splits a count into several `n =` parts, listing
/// the groups: `(SB3, n = 186; TRZ, n = 181)`. Not inside another
/// bracket: `pCR [n = 42 (CP-CEF: n = 28, P-CEF: n = 16)]` splits a
/// subgroup.
fn splits_count(fold: &str, brackets: &Brackets, ss: usize, open: usize, s: usize) -> bool {
    let close = brackets.next_close_paren(s).unwrap_or(fold.len());
    !brackets.unclosed(ss, open) && several_from(fold, open, close)
}

/// Whether `head` (the words before an `n =` bracket) ends in an age
/// band that cuts the participants in two: `aged 65 years or older`,
/// `younger than 50 years`, `70 years of age and over`. An age range
/// (`children aged 5 to 12 years`) says who the whole study took.
fn age_band(head: &str) -> bool {
    let tail = head[floor_boundary(head, head.len().saturating_sub(30))..].to_ascii_lowercase();
    let open_end = [
        "or older",
        "or younger",
        "or over",
        "or above",
        "and older",
        "and over",
    ]
    .iter()
    .any(|w| tail.ends_with(w));
    let than = (tail.contains("younger than") || tail.contains("older than"))
        && (tail.ends_with("years") || tail.ends_with("years of age"));
    open_end || than
}

/// Whether `after` (the text after an `n =` count, in its bracket) goes
/// on, after the bracket, with a verb the bracket is the subject of.
fn subject_of_verb(after: &str) -> bool {
    let Some(close) = after.find(')') else {
        return false;
    };
    let rest = after[close + 1..].trim_start().to_ascii_lowercase();
    [
        "were ",
        "was ",
        "had ",
        "have ",
        "received ",
        "underwent ",
        "completed ",
    ]
    .iter()
    .any(|w| rest.starts_with(w))
}

/// Whether `after` (the text after an `n =` count) starts a fraction's
/// denominator: `/118`, ` / 39`.
pub(super) fn numerator(after: &str) -> bool {
    after
        .trim_start_matches(' ')
        .strip_prefix('/')
        .is_some_and(|r| {
            r.trim_start_matches(' ')
                .starts_with(|c: char| c.is_ascii_digit())
        })
}

/// The rule of the N of a test statistic (`χ2(1, N = 240)`).
const TEST_N: &str = "sample_size.test_n";

// Before a bracket: a test statistic's symbol (`χ2`, `χ²`, `chi2`,
// `chi-square`, `X2`, `F`, `t`, `H`, `U`, `Z`, `r`).
static STATISTIC_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:χ\s*2|χ²|chi\s*2|chi²|chi[- ]?squared?|(?-u:\b)x\s*2|x²|(?-u:\b)[ftrhuz])\s*$",
    )
    .expect("statistic before regex")
});

// Inside the bracket before the N: the degrees of freedom and a comma.
static DF_BEFORE_N: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^\s*(?:df\s*=\s*)?\d+(?:\.\d+)?\s*[,;]\s*$").expect("df regex")
});

/// Whether the `N =` at `s`, in the bracket that opens at `open`, is the
/// N of a test statistic: `χ2(1, N = 240)`, `F(2, N = 96)`.
fn test_statistic_n(fold: &str, open: usize, s: usize) -> bool {
    let before = &fold[floor_boundary(fold, open.saturating_sub(16))..open];
    DF_BEFORE_N.is_match(&fold[open + 1..s]) && STATISTIC_BEFORE.is_match(before)
}

/// `patients (n = 120) were randomized`: the `n =` at `s..e` counts the
/// noun at `noun_start`, whose bracket opens at `open`; the noun's clause
/// gives the role, and a label in the bracket makes it a group's size or a
/// subset.
fn noun_equals(
    doc: &Document,
    index: &Index,
    (s, e, n): (usize, usize, u64),
    noun_start: usize,
    open: Option<usize>,
) -> Cand {
    let fold = doc.fold.as_str();
    let brackets = &index.brackets;
    let sent = doc.sentence_at(s);
    let close = brackets.next_close_paren(e).map_or(e, |p| p + 1);
    // The clause after ends within 160 bytes anyway (`after_window`).
    let next = fold[close..ceil_boundary(fold, close + 161)]
        .find(['(', ';'])
        .map_or(fold.len(), |p| close + p);
    let mut c = classify_count(doc, index, noun_start, noun_start, close, n, next);
    c.start = s;
    c.end = e;
    if c.rule == "sample_size.count_noun" {
        c.rule = "sample_size.noun_n_equals";
    }
    if let Some(open) = open {
        let inner = fold[open + 1..s].trim();
        if inner.len() > 1 {
            // `patients (FEC 50, n = 65; FEC 100, n = 85)`: the groups
            // of a total; `women (ER-positive, n = 40)`: a subset.
            let close = brackets.next_close_paren(s).unwrap_or(fold.len());
            let several = several_from(fold, open, close);
            let label = inner.trim_end_matches([',', ';', ':']).trim();
            if several || index.allocation.is_match(fold, sent) {
                c.role = Role::Arm;
                c.rule = "sample_size.arm_n_equals";
                c.conf = 0.8;
                c.group = (!label.is_empty()).then(|| label.to_string());
            } else {
                c.role = Role::Subgroup;
                c.rule = SUBSET;
                c.conf = 0.4;
            }
        }
    }
    c
}

#[cfg(test)]
#[path = "n_equals_tests.rs"]
mod tests;
