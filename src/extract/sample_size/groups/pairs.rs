//! Pairs of counts that each name a group: `88 patients in the CP-CEF and
//! 91 patients in the P-CEF`, `1920 women were randomly assigned to … and
//! 1944 to placebo`.

use crate::extract::numbers::{parse_count_or_words, NUMBER_WORDS};
use crate::extract::sample_size::groups::pair_parts::{in_parts, pair_parts, Pair};
use crate::extract::sample_size::groups::runs::{digits_after, in_runs, space, words_around};
use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::{
    cluster_word, is_noun, GROUP_WORDS, NOUNS, SHARE_NEXT, STOP_TOKENS,
};
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

// The group a count is said to belong to, right after it and before the
// next number: `88 patients in the CP-CEF arm`, `335 patients (24.8%) in
// the ribociclib group`.
static NAMED_GROUP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;\d]{0,40}?(?-u:\b)(?:in|into|to|from|of)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z0-9-]+){0,2}?)\s+(?:group|arm|cohort)(?-u:\b)")
        .expect("named group regex")
});

/// The group words one of which every [`NAMED_GROUP_AFTER`] match holds,
/// and the verbs of [`ASSIGNED_TO`] (`igned` of `assigned`), in lower case.
const GROUP_NOUNS: [&str; 3] = ["group", "arm", "cohort"];
const ASSIGN_VERBS: [&str; 3] = ["igned", "allocated", "randomi"];

// The same without a group word (`64 women in standard care and 60 women
// in individualized care were analyzed`, `30 patients using tamoxifen and
// 50 patients using exemestane`): only taken when the label is also named
// elsewhere in the document, as a treatment is.
static TREATED_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:\s+[A-Za-z-]+){0,3}?\s+(?:in|receiving|using|on|treated\s+with|given)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9/+-]*(?:\s+[A-Za-z0-9/+-]+){0,3}?)\s*(?:(?-u:\b)(?:and|or|versus|vs|while|whereas|were|was|had|who|did|completed|underwent)(?-u:\b)|[,;(]|$)")
        .expect("treated-in regex")
});

// `1070 were randomly assigned to receive APBI and 1065 were assigned to
// receive whole breast irradiation`: the group is what a count was given.
static ASSIGNED_TO: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;\d]{0,40}?(?-u:\b)(?:assigned|allocated|randomi[sz]ed)\s+to\s+(?:receive\s+)?(?:the\s+)?([A-Za-z][^,;.()\d]{0,40}?)\s*(?:(?-u:\b)(?:and|or|versus|vs|while|whereas)(?-u:\b)|[,;.(]|$)")
        .expect("assigned-to regex")
});

// What a count's own window may not hold: `randomized to ED (n=266)` gives
// the arm sizes in the brackets, and the count before is the total.
static N_EQUALS_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)n\s*=\s*(?:\d|$)").expect("n equals next regex")
});

// `22 males and 62 females in treatment group`: a sex breakdown.
static SEX_START: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:fe)?males?(?-u:\b)").expect("sex start regex")
});

/// Two or more counts in one sentence that each name a different group
/// (`88 patients in the CP-CEF and 91 patients in the P-CEF were
/// assessable`) are group sizes even when a role verb follows them.
#[inline(never)]
pub(super) fn arms_from_named_pairs(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    out: &mut [Cand],
) {
    let fold = doc.fold.as_str();
    let words: std::cell::OnceCell<Words> = std::cell::OnceCell::new();
    let mut named: Vec<(usize, (usize, usize), String)> = Vec::new();
    for (i, c) in out.iter().enumerate() {
        if spent(doc, 0) {
            break;
        }
        if !matches!(
            c.role,
            Role::Total
                | Role::Enrolled
                | Role::Randomized
                | Role::Analyzed
                | Role::Completed
                | Role::Subgroup
        ) {
            continue;
        }
        let sent = doc.sentence_at(c.start);
        // `nums` is in text order.
        let next = nums
            .get(nums.partition_point(|&(s, _, _)| s < c.end))
            .map_or(fold.len(), |&(s, _, _)| s);
        let hi = ceil_boundary(fold, next.min(sent.1).min(c.end + 90).max(c.end));
        let lo = floor_boundary(fold, c.end.min(hi));
        let w = &fold[lo..hi];
        // `occurred in 123 patients in the tamoxifen group`, `a total of
        // 16,608 women … randomized to …`: events and totals, not arms.
        let before = fold[floor_boundary(fold, c.start.saturating_sub(12))..c.start]
            .trim_end()
            .to_ascii_lowercase();
        let tail = before.rsplit(' ').next().unwrap_or("");
        // The number's end: the first space, looked for nearby only.
        let num_end = fold[c.start..ceil_boundary(fold, c.start + 64)]
            .find(|ch: char| ch.is_whitespace())
            .map_or(c.end, |p| c.start + p);
        if matches!(tail, "in" | "by" | "among")
            || before.ends_with("total of")
            // A count with its share (`60 (49 %) patients`): an outcome.
            || SHARE_NEXT.is_match(&fold[num_end.min(fold.len())..])
            || N_EQUALS_NEXT.is_match(w)
            || SEX_START.is_match(&fold[num_end.min(fold.len())..])
        {
            continue;
        }
        // Each pattern holds its words in ASCII (no `s` or `k`, whose
        // `(?i)` classes take `ſ` and the Kelvin sign too): where the
        // window's lower case lacks them, it cannot match.
        let lw = &doc.lower()[lo..hi];
        let holds = |words: &[&str]| words.iter().any(|x| lw.contains(x));
        let label = holds(&GROUP_NOUNS)
            .then(|| NAMED_GROUP_AFTER.captures(w))
            .flatten()
            .or_else(|| {
                holds(&ASSIGN_VERBS)
                    .then(|| ASSIGNED_TO.captures(w))
                    .flatten()
            })
            .and_then(|m| m.get(1))
            .map(|g| g.as_str().trim().to_string())
            .or_else(|| {
                let g = TREATED_IN.captures(w)?.get(1)?.as_str().trim();
                let words = words.get_or_init(|| Words::new(doc.lower()));
                words.named_elsewhere(g, sent).then(|| g.to_string())
            });
        if let Some(l) = label.filter(|l| !l.is_empty()) {
            named.push((i, sent, l));
        }
    }
    // A label has another beside it when its sentence names two labels
    // or more (ASCII case aside).
    let mut labels: HashMap<(usize, usize), (String, bool)> = HashMap::new();
    for (_, sent, l) in &named {
        let l = l.to_ascii_lowercase();
        labels
            .entry(*sent)
            .and_modify(|(first, two)| *two |= *first != l)
            .or_insert((l, false));
    }
    let mut arms: Vec<(usize, String)> = Vec::new();
    for (i, sent, l) in &named {
        if labels[sent].1 {
            arms.push((*i, l.clone()));
        }
    }
    for (i, l) in arms {
        if let Some(c) = out.get_mut(i) {
            c.role = Role::Arm;
            c.group = Some(l);
            c.rule = "sample_size.named_pair";
            c.conf = 0.6;
        }
    }
}

/// Where the labels of a document recur. A paper names a handful of
/// labels (at most 4 in 300 PMC full texts, 13 in 1 MB of 40 of them),
/// each found by one scan of the text; a document that names more
/// than [`Words::SCANS`] (a list of 30,000 distinct treatments, issue 17:
/// one scan each made it quadratic) gets an index instead: its word starts
/// sorted by the (lower-cased) text that follows, compared on their first
/// [`Words::KEY`] bytes, like a suffix array, so that each further label
/// is a binary search away.
pub(super) struct Words<'a> {
    /// The document's ASCII lower case ([`Document::lower`]).
    pub(super) lower: &'a str,
    /// Labels looked up by scanning so far.
    pub(super) scans: std::cell::Cell<usize>,
    /// Word starts (a letter or digit after anything else), sorted by the
    /// first `KEY` bytes of `lower` there; made when scans run out.
    pub(super) sorted: std::cell::OnceCell<Vec<u32>>,
    /// Per label: the first and last places it occurs, if anywhere.
    pub(super) seen: std::cell::RefCell<HashMap<String, Option<(usize, usize)>>>,
    /// Word starts compared with a label through the index (tests count
    /// the work).
    pub(super) probes: std::cell::Cell<usize>,
}

impl<'a> Words<'a> {
    pub(super) const KEY: usize = 64;
    pub(super) const SCANS: usize = 32;

    pub(super) fn new(lower: &'a str) -> Words<'a> {
        Words {
            lower,
            scans: Default::default(),
            sorted: Default::default(),
            seen: Default::default(),
            probes: Default::default(),
        }
    }

    pub(super) fn starts_word(&self, at: usize) -> bool {
        let b = self.lower.as_bytes();
        b[at].is_ascii_alphanumeric() && (at == 0 || !b[at - 1].is_ascii_alphanumeric())
    }

    pub(super) fn sorted(&self) -> &[u32] {
        self.sorted.get_or_init(|| {
            let b = self.lower.as_bytes();
            let mut sorted: Vec<u32> = (0..b.len())
                .filter(|&i| self.starts_word(i))
                .map(|i| i as u32)
                .collect();
            let key = |s: u32| &b[s as usize..(s as usize + Self::KEY).min(b.len())];
            sorted.sort_unstable_by(|&x, &y| key(x).cmp(key(y)).then(x.cmp(&y)));
            sorted
        })
    }

    /// The first and last word starts where `needle` (lower case) occurs.
    pub(super) fn find(&self, needle: &str) -> Option<(usize, usize)> {
        let mut span: Option<(usize, usize)> = None;
        let mut add = |at: usize| {
            span = Some(span.map_or((at, at), |(a, z)| (a.min(at), z.max(at))));
        };
        if self.scans.get() < Self::SCANS {
            self.scans.set(self.scans.get() + 1);
            let finder = memchr::memmem::Finder::new(needle);
            let hay = self.lower.as_bytes();
            let mut from = 0;
            // Overlapping occurrences too, as the index finds them.
            while let Some(p) = finder.find(&hay[from..]) {
                let at = from + p;
                if self.starts_word(at) {
                    add(at);
                }
                from = at + 1;
            }
            return span;
        }
        let b = self.lower.as_bytes();
        let n = needle.as_bytes();
        let want = &n[..n.len().min(Self::KEY)];
        let key = |s: u32| &b[s as usize..(s as usize + Self::KEY).min(b.len())];
        let sorted = self.sorted();
        let from = sorted.partition_point(|&s| key(s) < want);
        for &s in sorted[from..]
            .iter()
            .take_while(|&&s| key(s).starts_with(want))
        {
            self.probes.set(self.probes.get() + 1);
            if b[s as usize..].starts_with(n) {
                add(s as usize);
            }
        }
        span
    }

    /// Whether `label` (two letters or more, not a stop word) also occurs
    /// in the document, starting a word, outside the sentence `sent`.
    pub(super) fn named_elsewhere(&self, label: &str, sent: (usize, usize)) -> bool {
        let needle = label.to_ascii_lowercase();
        if label.len() < 2 || STOP_TOKENS.contains(&needle.as_str()) {
            return false;
        }
        let known = self.seen.borrow().get(&needle).copied();
        let span = known.unwrap_or_else(|| {
            let span = self.find(&needle);
            self.seen.borrow_mut().insert(needle, span);
            span
        });
        span.is_some_and(|(first, last)| first < sent.0 || last >= sent.1)
    }
}

// `1920 women were randomly assigned to 5 years anastrozole and 1944 to
// placebo`, `5310 were randomized to receive 0.625 mg/d of CEE alone and
// 5429, placebo`, `72 were randomised to 5-FU alone and 69 to 5-FU + IFN`:
// the second count names its group and elides the verb. Also without an
// auxiliary (`with 30 allocated to X and 31 to Y`, `nine being randomized
// to placebo, and nine to cyclosporin A`), where [`aux_free_subject`]
// checks the words before the verb.
static ASSIGNED_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"(?i)(?-u:\b)(\d{{1,3}}(?:,\d{{3}})+|\d+|{SMALL_WORDS})\s+(?:[A-Za-z-]+\s+){{0,3}}?(?:(?:were|was|being)\s+)?(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\s+to\s+(?:receive\s+)?([^;]{{1,120}}?)\s*,?\s+and\s+(\d{{1,3}}(?:,\d{{3}})+|\d+|{SMALL_WORDS})(?:\s*,\s*|\s+(?:(?:were|was)\s+)?(?:(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\s+)?to\s+(?:receive\s+)?(?:the\s+)?)([A-Za-z0-9][A-Za-z0-9 +/-]{{0,40}}?)\s*(?:[,;.(]|$|(?-u:\b)(?:and|or|for|with)(?-u:\b))"))
        .expect("assigned pair regex")
});

// `139 patients were randomized, 70 to weekly and 69 to 3-weekly arm`: a
// split after the verb, each count with `to` and its group.
static SPLIT_AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:randomi[sz]ed|assigned|allocated)\s*[,:;]\s*(\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:patients|women|participants|subjects)\s+)?to\s+(?:receive\s+)?(?:the\s+)?([A-Za-z0-9][A-Za-z0-9 +/-]{0,40}?)\s*(?:,\s*|\s+)(?:and\s+)?(\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:patients|women|participants|subjects)\s+)?to\s+(?:receive\s+)?(?:the\s+)?([A-Za-z0-9][A-Za-z0-9 +/-]{0,40}?)\s*(?:[,;.(]|$)")
        .expect("split after verb regex")
});

// `Thirty-three received clonidine and 31 venlafaxine`, `15 received
// goserelin plus screening, 15 screening only`: the second count elides
// `received`.
static RECEIVED_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)((?:{NUMBER_WORDS})(?:-(?:{NUMBER_WORDS}))?|\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:(?:patients|women|participants)\s+)?received\s+([^;,.\d()]{{1,60}}?(?:\([^()]{{0,40}}\)[^;,.\d()]{{0,60}}?)?)\s*(?:,\s*(?:and\s+)?|\s+and\s+)(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:(?:patients|women|participants)\s+)?([A-Za-z][A-Za-z0-9 +/-]{{0,40}}?)\s*(?:[,;.(]|$)"
    ))
    .expect("received pair regex")
});

// `580 intervention and 655 control women completed follow-up`: two
// counts, each with its group's word, sharing one noun.
static LABEL_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+({GROUP_WORDS})\s+(?:group\s+|arm\s+)?(?:and|or|versus|vs\.?)\s+(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+({GROUP_WORDS})\s+(?:group\s+|arm\s+)?(?:{NOUNS})(?-u:\b)"
    ))
    .expect("label pair regex")
});

/// A count of a pair written as a word, of at most 13 bytes (`nine`,
/// `thirty-one`): an arm's size in an abstract that spells it out.
const SMALL_WORDS: &str = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|two|three|four|five|six|seven|eight|nine|ten)";

/// Whether the byte at `i` may stand in a [`LABEL_PAIR`]: a word byte,
/// `,`, `-`, white space or non-ASCII, and `.` after an `s` (`vs.`).
fn label_pair_byte(b: &[u8], i: usize) -> bool {
    let x = b[i];
    x.is_ascii_alphanumeric()
        || matches!(x, b'_' | b',' | b'-')
        || space(x)
        || (x == b'.' && i > 0 && (b[i - 1].eq_ignore_ascii_case(&b's') || b[i - 1] >= 0x80))
}

/// The runs of `fold` (`lower` is its ASCII lower case) that can hold a
/// [`LABEL_PAIR`]: around each number after `and`, `or`, `vs.` or
/// `versus` (issue 15: its words are common, but followed by a number
/// they are not).
fn label_pair_runs(fold: &str, lower: &str) -> Vec<(usize, usize)> {
    let at = digits_after(lower, &["and", "or", "vs", "vs.", "versus"], true);
    // A match holds seven runs of white space at most (count, word,
    // `group`, joint, count, word, `group`, noun).
    words_around(fold, at, label_pair_byte, 8)
}

/// Both counts of an [`ASSIGNED_PAIR`], [`SPLIT_AFTER_VERB`],
/// [`RECEIVED_PAIR`] or [`LABEL_PAIR`] are arms.
#[inline(never)]
pub(super) fn arms_from_assigned_pairs(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    out: &mut Vec<Cand>,
) {
    let fold = doc.fold.as_str();
    let lower = doc.lower();
    let assigned = pair_parts(fold, lower, Pair::Assigned);
    let split = pair_parts(fold, lower, Pair::Split);
    let received = pair_parts(fold, lower, Pair::Received);
    let label_runs = label_pair_runs(fold, lower);
    let pairs = in_parts(&ASSIGNED_PAIR, fold, &assigned)
        .chain(in_parts(&SPLIT_AFTER_VERB, fold, &split))
        .chain(in_parts(&RECEIVED_PAIR, fold, &received))
        .chain(in_runs(&LABEL_PAIR, fold, &label_runs));
    let mut by_start = ByStart::new(out);
    for (off, m) in pairs {
        if spent(doc, out.len()) {
            break;
        }
        // Spans in `fold`: a part's match is offset by the part's start.
        let at = |i: usize| m.get(i).map(|g| (off + g.start(), off + g.end()));
        let (Some(a), Some(la), Some(b), Some(lb)) = (at(1), at(2), at(3), at(4)) else {
            continue;
        };
        if doc.sentence_at(a.0) != doc.sentence_at(b.0) {
            continue;
        }
        // `69 to 3-weekly arm` reads like a range to the plausibility check;
        // here the pattern itself says the number is a count with its group.
        let known = |(s, e): (usize, usize)| {
            nums.binary_search_by_key(&s, |&(ns, _, _)| ns)
                .ok()
                .map(|i| nums[i].2)
                .or_else(|| {
                    fold[e..]
                        .starts_with(" to ")
                        .then(|| parse_count_or_words(&fold[s..e]))
                        .flatten()
                })
        };
        let (Some(na), Some(nb)) = (known(a), known(b)) else {
            continue;
        };
        // `nine being randomized`, `30 allocated to`: without `were` the
        // words before the verb must name people or nothing; `65 years
        // were randomized` counts no one.
        if !aux_free_subject(&fold[a.1..la.0])
            || word_count_inside(fold, a.0, b.0)
            || names_all_groups(&fold[la.0..la.1])
        {
            continue;
        }
        let (la, lb) = (&fold[la.0..la.1], &fold[lb.0..lb.1]);
        // `ranitidine, 150 mg once-daily`: a dose, not a second group.
        let unit = lb
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if unit_word(&unit) {
            continue;
        }
        // `and 69 to 70 years` names no group: a label's first word has a
        // letter (`5-FU + IFN` does).
        if !first_has_letter(lb) {
            continue;
        }
        // `7 were randomized to 2 arms and 3 to …` is no pair of sizes.
        if na < 2 || nb < 2 || na.max(nb) > na.min(nb) * 5 {
            continue;
        }
        let label_a: Vec<&str> = la.split_whitespace().take(8).collect();
        for (x, n, label) in [(a, na, label_a.join(" ")), (b, nb, lb.trim().to_string())] {
            by_start.replace(
                out,
                Cand {
                    start: x.0,
                    end: x.1,
                    n,
                    role: Role::Arm,
                    group: Some(label),
                    rule: "sample_size.assigned_pair",
                    conf: 0.6,
                },
            );
        }
    }
}

/// Whether the words between a pair's first count and its group (`being
/// randomized to`, `patients allocated to`) let the count be people: no
/// unit of a dose or time, and when no auxiliary (`were`, `was`, `being`)
/// stands before the verb, nothing or a participant noun before it (`30
/// allocated to`, `30 children allocated to`; not `6 months allocated to`).
fn aux_free_subject(between: &str) -> bool {
    let words: Vec<String> = between
        .split_whitespace()
        .map(|w| w.trim_matches(',').to_ascii_lowercase())
        .collect();
    if words.iter().any(|w| unit_word(w) || cluster_word(w)) {
        return false;
    }
    let Some(verb) = words
        .iter()
        .position(|w| w.starts_with("randomi") || w == "assigned" || w == "allocated")
    else {
        return true;
    };
    let subject = &words[..verb];
    // `324 patients were further randomly assigned`: a second
    // randomization within an arm; only `randomly` may follow the `were`.
    if let Some(aux) = subject
        .iter()
        .position(|w| matches!(w.as_str(), "were" | "was" | "being"))
    {
        return subject[aux + 1..].iter().all(|w| w == "randomly");
    }
    subject.iter().all(|w| w == "randomly") || subject.iter().any(|w| is_noun(w))
}

/// Whether a pair's first group names every group (`randomized to the two
/// study treatments: 43 to …`): a colon opens the split, and the count
/// before it is the whole, not an arm.
fn names_all_groups(label: &str) -> bool {
    label.contains(':')
}

/// Whether a count spelt as a word at `a` or `b` is the tail of a longer
/// one (`one hundred and twenty`, `thirty-nine` read from `nine`).
fn word_count_inside(fold: &str, a: usize, b: usize) -> bool {
    [a, b].iter().any(|&x| {
        let word = fold[x..].starts_with(|c: char| c.is_ascii_alphabetic());
        let pre = fold[floor_boundary(fold, x.saturating_sub(16))..x].to_ascii_lowercase();
        word && (pre.ends_with('-')
            || pre.trim_end().ends_with("hundred and")
            || pre.trim_end().ends_with("thousand and")
            || pre.trim_end().ends_with("hundred")
            || pre.trim_end().ends_with("thousand"))
    })
}

/// Whether `word` (lower case) is a unit of a dose or of time, not a
/// group: `ranitidine, 150 mg once-daily`, `and 69 to 70 years`.
pub(super) fn unit_word(word: &str) -> bool {
    matches!(
        word,
        "mg" | "g"
            | "mcg"
            | "ug"
            | "micrograms"
            | "microgram"
            | "ml"
            | "iu"
            | "units"
            | "mg/d"
            | "mg/day"
            | "mg/kg"
            | "mg/m2"
            | "gy"
            | "days"
            | "weeks"
            | "months"
            | "years"
            | "hours"
            | "minutes"
            | "times"
            | "cycles"
            | "doses"
    ) || word.starts_with("mg")
}

/// Whether the first word of `label` has a letter in it.
fn first_has_letter(label: &str) -> bool {
    label
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().any(|c| c.is_alphabetic()))
}

#[cfg(test)]
mod tests {
    //! The label index answers as a scan does, with bounded work.

    use super::*;

    /// A label scan reads the whole text: a document naming 30,000
    /// distinct treatments must not get 30,000 scans. Past the first few,
    /// the index answers, comparing each label with a few word starts.
    #[test]
    fn labels_cost_a_few_scans_then_a_lookup_each() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("{i} patients using drug{i} and "));
        }
        text.push_str(". Drug7 and drug2999 again.");
        let lower = text.to_ascii_lowercase();
        let words = Words::new(&lower);
        let sent = (0, text.len() - 28);
        for i in 0..3000 {
            let named = words.named_elsewhere(&format!("drug{i}"), sent);
            // `drug2` starts the word `drug2999` after the sentence too.
            assert_eq!(named, [2, 7, 29, 299, 2999].contains(&i), "drug{i}");
        }
        assert_eq!(words.scans.get(), Words::SCANS);
        // `drug1` also starts `drug10`…`drug1999`: a prefix's words are
        // compared, so the bound is loose, but nowhere near 3,000 × 3,000.
        assert!(
            words.probes.get() < 3000 * 16,
            "{} probes",
            words.probes.get()
        );
    }

    /// The spans of every group of every match of `re` in `text[lo..hi]`,
    /// in `text`.
    fn spans_in(re: &Regex, text: &str, lo: usize, hi: usize) -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(&text[lo..hi])
            .map(|c| {
                c.iter()
                    .map(|g| g.map(|g| (lo + g.start(), lo + g.end())))
                    .collect()
            })
            .collect()
    }

    /// A search of the parts finds what a search of the whole text finds.
    #[test]
    fn pair_parts_find_what_the_whole_text_holds() {
        let long_gap = format!(
            "A total of 40 were randomized to {} and 38 to B.",
            "x ".repeat(150)
        );
        let texts = [
            "Of 141 patients eligible, 72 were randomised to 5-FU alone (arm A) and 69 to 5-FU + IFN (arm B).",
            "In all, 1920 women were randomly assigned to 5 years anastrozole and 1944 to placebo; then 5310 were randomized to receive 0.625 mg/d of CEE alone and 5429, placebo",
            "x_72 were allocated to A and 69 to B. Then 72 were ALLOCATED to drug A and 69 to drug B",
            "(12 were randomised to A; and 13 to B;) 1,200 older adults were randomized to the first (n) arm and 1,100 to the second",
            "Of these, 30 were aſſigned to yoga and 31 to rest, and 30 were assigned to tea and 29 were assigned to coffee.",
            "In all, 139 patients were randomized, 70 to weekly and 69 to 3-weekly arm; 80 were allocated; 40 to A, 40 to B.",
            "Thirty-three received clonidine and 31 venlafaxine; 15 RECEIVED goserelin (3.6 mg; monthly) plus screening, 15 screening only.",
            long_gap.as_str(),
            "No verbs here: 12 and 13 to B.",
            "All took part , nine being randomized to placebo , and nine to cyclosporin A During",
            "We enrolled 61 adults, with 30 allocated to yoga and thirty-one to usual care.",
            "Then 12 older frail x-ray were randomly assigned to A and 11 to B; 9 a b c d were assigned to A and 8 to B.",
            "Then 12\u{2009} older frail x were\u{a0}randomly assigned to A and\u{2009}11 to B, and 1,200 were randomi\u{17f}ed to C and \u{17f}even to D.",
            "Overall 40 randomized patients were assigned to A and 38 to B; sixty were allocated to C and\tthirteen to D.",
            "They were randomized\u{a0}: 70 to A, 69 to B; then randomized;\t70 to weekly and 69 to 3-weekly arm, allocated,\u{2009}12 to C and 13 to D.",
            "Thirty-three received clonidine and\u{a0}31 venlafaxine; twenty one received A, 30 B; one hundred and two patients received C and 90 D.",
        ];
        let mut found = 0;
        for t in texts {
            let lower = t.to_ascii_lowercase();
            for (re, pair) in [
                (&ASSIGNED_PAIR, Pair::Assigned),
                (&SPLIT_AFTER_VERB, Pair::Split),
                (&RECEIVED_PAIR, Pair::Received),
            ] {
                let whole = spans_in(re, t, 0, t.len());
                let parts: Vec<_> = pair_parts(t, &lower, pair)
                    .into_iter()
                    .flat_map(|(lo, hi)| spans_in(re, t, lo, hi))
                    .collect();
                assert_eq!(parts, whole, "{t}");
                found += whole.len();
            }
        }
        assert!(found >= 20, "{found}");
    }

    /// A window without a group word, or without a verb of assignment,
    /// holds no match of the pattern that needs it.
    #[test]
    fn named_groups_hold_their_words_in_ascii() {
        let texts = [
            " patients in the \u{17f}ham GROUP were",
            " women (24.8%) in the KETO cohort and",
            " were in the A arm,",
            " were a\u{17f}\u{17f}igned to receive \u{17f}ham, and",
            " were RANDOMISED to drug A or",
            " were Allocated to the control",
            " in the \u{212a}etogenic Arms",
        ];
        let mut found = 0;
        for t in texts {
            let lower = t.to_ascii_lowercase();
            for (re, words) in [
                (&NAMED_GROUP_AFTER, &GROUP_NOUNS),
                (&ASSIGNED_TO, &ASSIGN_VERBS),
            ] {
                if re.is_match(t) {
                    found += 1;
                    assert!(words.iter().any(|w| lower.contains(w)), "{t}");
                }
            }
        }
        assert!(found >= 5, "{found}");
    }

    /// A search of the label pairs' runs finds what the whole text holds.
    #[test]
    fn label_pair_runs_find_what_the_whole_text_holds() {
        let texts = [
            "Of them, 580 intervention and 655 control women completed follow-up; 12 placebo or 13 active patients.",
            "We saw 1,200 experimental group vs. 1,100 control group patients and 30 sham VS 31 active subjects.",
            "x_5 control and 6 placebo men, 40 study versus\u{a0}41 comparison children, 7 usual-care\tand\n8 exercise adults.",
            "Also 20 waitlist ver\u{17f}us 21 control patients, 9 control and 10 active, and 11 sham or 12 active eyes.",
            "In the trial as a whole we saw that 580 intervention group and 655 control arm women completed the follow up while in the other one many more of the 12 placebo group or 13 active arm patients and 4 or 5 did not",
            "Of 7 \u{17f}ham group versus 8 active arm subjects and 12\u{a0}placebo\u{2009} and 13 control men and 3 study \u{a0} vs. \u{a0} 4 comparison \u{a0}\u{a0} group \t children",
        ];
        let runs = |t: &str| label_pair_runs(t, &t.to_ascii_lowercase());
        crate::extract::sample_size::groups::runs::tests::check(&LABEL_PAIR, &texts, runs, 10);
    }

    /// Without `were`, only people or nothing may stand before the verb;
    /// a unit of time or dose never.
    #[test]
    fn a_subject_without_an_auxiliary_names_people_or_nothing() {
        for ok in [
            " being randomized to ",
            " allocated to ",
            " patients randomly assigned to ",
            " consecutive women were randomized to receive ",
            " to ",
        ] {
            assert!(aux_free_subject(ok), "{ok}");
        }
        for bad in [
            " months allocated to ",
            " years were randomized to ",
            " mg randomized to ",
            " weeks allocated to ",
            " patients were further randomly assigned to ",
            " clinics were randomized to ",
            " general practices were allocated to ",
        ] {
            assert!(!aux_free_subject(bad), "{bad}");
        }
        assert!(names_all_groups(
            "the two study treatments: 43 to receive A"
        ));
        assert!(!names_all_groups("the epoetin alfa group,"));
        assert!(!names_all_groups("5 years anastrozole"));
        let t = "one hundred and nine to A, thirty-nine being randomized";
        assert!(word_count_inside(t, 16, 1));
        assert!(word_count_inside(t, 0, 34));
        assert!(!word_count_inside(t, 0, 1));
    }

    #[test]
    fn the_index_and_the_scan_find_the_same_places() {
        let text = "Placebo, placebo-controlled; the placebos. aplacebo PLACEBO group";
        let lower = text.to_ascii_lowercase();
        let scan = Words::new(&lower);
        let index = Words::new(&lower);
        index.scans.set(Words::SCANS);
        for needle in ["placebo", "placebo group", "placebos", "group", "lacebo"] {
            assert_eq!(scan.find(needle), index.find(needle), "{needle}");
        }
        // Word starts only: `aplacebo` and `lacebo` inside a word do not count.
        assert_eq!(scan.find("placebo"), Some((0, 52)));
        assert_eq!(scan.find("lacebo"), None);
    }
}
