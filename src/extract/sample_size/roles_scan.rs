//! Stage 2, roles: the scan of a text's numbers for counts (a number
//! before a participant noun, a bare role verb, `of the …`), each read by
//! the clause it stands in.

use super::{any_noun_verb, classify_count};
use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::candidates::noun_after;
use crate::extract::sample_size::index::Index;
use crate::extract::sample_size::lexicon::{sex_pair_near, ARM_ITEM, NOUNS, OF_THE, PERCENT_PAREN};
use crate::extract::sample_size::window::{
    before_window, may_open_with, paragraph_break_next, quiet_after, spent,
};
use crate::extract::sample_size::{not_people, participle, study, target_whole, Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// `N of (the) M`: N is a part of M.
pub(super) static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the|these|those|all|our|\d|{NUMBER_WORDS})"
    ))
    .expect("part regex")
});

// A bare count before a role verb: `138 (46.2%) randomized`, `a total of 80
// were enrolled`, `80 completed the study`.
// `250 fulfilled the criteria and were randomised`, `61 were eligible and
// were enrolled`: the verb joined to the eligibility says what happened
// to all of them.
pub(super) static BARE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:,\s*)?(?:(?:(?:were|was)\s+eligible|(?:met|fulfilled|satisfied)\s+(?:all\s+)?(?:the\s+)?(?:[a-z-]+\s+){0,3}?criteria)\s*,?\s*and\s+)?(?:(?:were|was|had been|have been|being)\s+)?(?:(?:then|subsequently|successfully|eventually|finally|initially|ultimately|actually|prospectively|consecutively|randomly)\s+)?(randomi[sz]ed|assigned|allocated|enrolled|included|recruited|analy[sz]ed|evaluable|assessable|completed|entered|accrued)(?-u:\b)")
        .expect("bare regex")
});

// `620 have been studied`, `of whom 64 were studied`: studied after its
// auxiliary (not `the one studied in this trial`, `the four studied
// domains`).
static BARE_STUDIED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:were|have been|had been)\s+(studied)(?-u:\b)")
        .expect("bare studied regex")
});

/// The bare role verb after a count, if one follows ([`BARE_ROLE`],
/// [`BARE_STUDIED`]): group 1 is the verb.
fn bare_role(rest: &str) -> Option<regex::Captures<'_>> {
    BARE_ROLE
        .captures(rest)
        .or_else(|| BARE_STUDIED.captures(rest))
}

// `161 were included in the analysis`: who was analysed.
static INTO_ANALYSIS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s+in(?:to)?\s+(?:the\s+|this\s+|our\s+)?(?:[a-z-]+\s+){0,3}?analys[ie]s",
    )
    .expect("into analysis regex")
});

// A size per group set off by commas between a count and its verb: `A
// total of 60 patients, 30 in each group, were available for analysis`.
static EACH_APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:\d+|{NUMBER_WORDS})(?:\s+[A-Za-z-]+)?\s+(?:in each|in both|for each|per)(?:\s+of\s+the\s+(?:two|three|four|[2-4]))?\s+(?:groups?|arms?)(?-u:\b)\s*(?:,|(?:were|was)(?-u:\b))"
    ))
    .expect("each apposition regex")
});

/// Whether the count at `s` is a size per group set off by a comma right
/// after the count that ends at `at` ([`EACH_APPOSITION`]): it splits the
/// count without ending its clause, and the verb after it is the count's
/// (the each-split hid it).
fn each_apposition(fold: &str, at: usize, s: usize) -> bool {
    fold[at..s].trim() == "," && EACH_APPOSITION.is_match(&fold[s..])
}

/// What one look after a number finds, shared by [`count_starts`] and
/// [`count_at`] so that neither asks twice (issue 15).
#[derive(Clone, Copy)]
struct After {
    /// The participant noun after the number.
    noun: Option<(usize, bool, usize)>,
    /// Whether a bare role verb follows (asked only when no noun does).
    bare: Option<bool>,
    /// Whether `of the …` follows (asked only when neither does).
    part: Option<bool>,
    /// Nothing that can make it a count follows: the next byte is ASCII
    /// and neither white space, a letter, `(` nor `,` (`12)`, `[3]`,
    /// `4.`), which every shape of a count needs.
    quiet: bool,
}

/// Positions where a new count begins (the after-window of a count ends at
/// the next one), and what follows each number of `nums`.
fn count_starts(fold: &str, nums: &[(usize, usize, u64)]) -> (Vec<usize>, Vec<After>) {
    let mut starts: Vec<usize> = Vec::new();
    let mut after: Vec<After> = Vec::with_capacity(nums.len());
    for &(s, e, _) in nums {
        let rest = &fold[e..];
        if quiet_after(rest) {
            after.push(After {
                noun: None,
                bare: Some(false),
                part: Some(false),
                quiet: true,
            });
            continue;
        }
        let noun = noun_after(fold, e);
        // `were|have been|had been studied`; `(out) of`.
        let bare = noun.is_none().then(|| {
            BARE_ROLE.is_match(rest) || (may_open_with(rest, b"wh") && BARE_STUDIED.is_match(rest))
        });
        let part =
            (bare == Some(false)).then(|| may_open_with(rest, b"o") && PART_OF.is_match(rest));
        if noun.is_some() || bare == Some(true) || part == Some(true) || ARM_ITEM.is_match(rest) {
            starts.push(s);
        }
        after.push(After {
            noun,
            bare,
            part,
            quiet: false,
        });
    }
    (starts, after)
}

/// The counts among `nums` with their roles, in text order: a number
/// before a participant noun, before a role verb, before any plural noun
/// and a participation verb, or a part of a whole (`22 of the 24`).
pub(in crate::extract::sample_size) fn counts(
    doc: &Document,
    index: &Index,
    nums: &[(usize, usize, u64)],
) -> Vec<Cand> {
    let fold = doc.fold.as_str();
    let (starts, after) = count_starts(fold, nums);
    // A count inside a bracket that opens after `at` does not end the
    // clause: `Fourteen volunteers (mean age 31; 9 women) were randomised`.
    let next_start = |at: usize| -> usize {
        let i = starts.partition_point(|&s| s <= at);
        starts[i..]
            .iter()
            .copied()
            .find(|&s| {
                s > at + 200 || !(index.brackets.unclosed(at, s) || each_apposition(fold, at, s))
            })
            .unwrap_or(fold.len())
    };
    let mut out: Vec<Cand> = Vec::new();
    for (&(s, e, n), &seen) in nums.iter().zip(&after) {
        if spent(doc, out.len()) {
            break;
        }
        if seen.quiet {
            continue;
        }
        if let Some(c) = count_at(doc, index, (s, e, n), seen, &next_start) {
            out.push(c);
        }
    }
    out
}

/// The count at `s..e`, if its shape counts people.
fn count_at(
    doc: &Document,
    index: &Index,
    (s, e, n): (usize, usize, u64),
    After {
        noun, bare, part, ..
    }: After,
    next_start: &dyn Fn(usize) -> usize,
) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let rest = &fold[e..];
    // A table cell before a blank line: the paragraph after it is not its
    // clause.
    if paragraph_break_next(rest) {
        return None;
    }
    if let Some((noun_end, is_sex, _noun_start)) = noun {
        let mut c = classify_count(doc, index, s, e, noun_end, n, next_start(noun_end));
        // A bracket that breaks a count down by sex (`Fifty-two patients
        // (23 males, 29 females) were randomized`) is no arm.
        let arm = c.role == Role::Arm && c.rule != "sample_size.arm_paren_count";
        if is_sex && !(c.role == Role::Subgroup || arm) && sex_pair_near(fold, s, noun_end) {
            c.role = Role::Subgroup;
            c.rule = "sample_size.sex_breakdown";
            c.conf = 0.5;
        }
        return Some(c);
    }
    if let Some(c) = bare_verb_count(doc, (s, e, n), bare) {
        return Some(c);
    }
    if let Some(c) = any_noun_verb(doc, s, e, n) {
        return Some(c);
    }
    if part.unwrap_or_else(|| PART_OF.is_match(rest)) {
        return part_count(doc, (s, e, n), rest);
    }
    // `490 patients with cancer of the colon, 340 with cancer of the
    // rectum`: an item of a list of groups that leaves out the noun of
    // the item before it counts people, a group of them.
    if let Some(c) = listed_with(doc, (s, e, n), rest) {
        return Some(c);
    }
    // `the calculated sample size (both arms) will be 210 with 70 in …`: a
    // bare number the sample size will be is the study's size (a
    // target when its sentence plans it, see `targets`); not a size per
    // group (`is 40 per arm`), see [`BARE_AFTER`].
    if BARE_AFTER.is_match(rest) && SIZE_IS.is_match(before_window(doc, s, false)) {
        return Some(Cand::ungrouped(s, e, n, Role::Total, SAMPLE_SIZE_BARE, 0.6));
    }
    None
}

/// A count with no noun whose verb follows it (`42 were randomized`):
/// its role is the verb's. `nine randomized proof-of-concept … clinical
/// studies` counts studies.
fn bare_verb_count(
    doc: &Document,
    (s, e, n): (usize, usize, u64),
    bare: Option<bool>,
) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let rest = &fold[e..];
    let m = (bare != Some(false))
        .then(|| bare_role(rest))
        .flatten()
        .filter(|m| {
            let whole = m.get(0).expect("m");
            let after = &rest[whole.end()..];
            let aux = whole.as_str().split_whitespace().any(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "were" | "was" | "been" | "being"
                )
            });
            let verb = m.get(1).map_or("", |v| v.as_str()).to_ascii_lowercase();
            !study::names_studies(after) && !not_people::participle_of_things(&verb, after, aux)
        })?;
    let verb = m.get(1).expect("verb").as_str().to_ascii_lowercase();
    let role =
        if verb.starts_with("random") || verb.starts_with("assign") || verb.starts_with("alloc") {
            Role::Randomized
        } else if verb.starts_with("analy")
            || verb.ends_with("able")
            || verb == "studied"
            || (verb == "included" && INTO_ANALYSIS.is_match(&rest[m.get(0).expect("m").end()..]))
        {
            Role::Analyzed
        } else if verb == "completed" {
            Role::Completed
        } else {
            Role::Enrolled
        };
    let before = before_window(doc, s, false);
    let end = e + m.get(0).expect("m").end();
    // `nine (7%) allocated high-dose melphalan`: a share of those given
    // a treatment is a part of its arm, not the number randomized.
    let part = role == Role::Randomized
        && PERCENT_PAREN.is_match(rest)
        && participle::treatment_follows(&fold[end..]);
    let (role, rule, conf) = if part {
        (Role::Subgroup, "sample_size.count_share", 0.5)
    } else if OF_THE.is_match(before) {
        (Role::Subgroup, "sample_size.count_verb", 0.8)
    } else {
        (role, "sample_size.count_verb", 0.8)
    };
    Some(Cand::ungrouped(s, end, n, role, rule, conf))
}

/// A count that is a part (`22 of the 24 patients`, `74 of the planned 92
/// patients were enrolled`).
fn part_count(doc: &Document, (s, e, n): (usize, usize, u64), rest: &str) -> Option<Cand> {
    // `74 of the planned 92 patients were enrolled`: the part of a
    // target is who took part.
    if let Some(role) = target_whole::part_of_target(rest) {
        return Some(Cand::ungrouped(
            s,
            e,
            n,
            role,
            "sample_size.part_of_target",
            0.8,
        ));
    }
    // `22 of the 24 patients`: a part of the study, not its size.
    let before = before_window(doc, s, true).to_ascii_lowercase();
    if before.trim_end().ends_with("total") {
        return None;
    }
    Some(Cand::ungrouped(
        s,
        e,
        n,
        Role::Subgroup,
        "sample_size.part_of",
        0.5,
    ))
}

/// The rule of a bare number the sample size will be.
pub(in crate::extract::sample_size) const SAMPLE_SIZE_BARE: &str = "sample_size.sample_size_bare";

// Before the bare number, the size a study says it will have: `sample
// size (control and intervention arms) will be`, `The sample size of the
// trial will be` (not `a sample size of 20 is commonly used`, `at a sample
// size of 28, we would still have 87% power`: sizes talked about).
static SIZE_IS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)sample size(?:\s*\([^()]{0,60}\))?(?:\s+(?:for|of|in)\s+(?:this|the|our)\s+(?:study|trial))?\s+(?:will|shall)\s+be(?:\s+(?:a total of|approximately|about|at least|n ?=))?\s*$")
        .expect("size is regex")
});

// After a bare number: no noun of what it counts (`8 case studies`, `140
// practices`, `9 units/arm`), no formula (`2 × 54`), no condition (`34 if
// both arms fail`), no size per group (`60 per arm`); a stop, a bracket
// or a clause going on (`210 with 70 in …`, `102 is required`).
static BARE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:\s*[.,;:(]|\s*$|\s+(?:with|and|is|was|will|would|were|are|to|for|which|that)(?-u:\b))")
        .expect("bare after regex")
});

// After a count that leaves out its noun: `with <condition>`.
static WITH_AFTER: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(r"(?i)^\s+with\s+[a-z]").expect("with after regex"));

// The list item before it, its noun said: `490 patients with cancer of
// the colon, ` (no figure or clause stop between).
static ITEM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)\d[\d,]*\s+(?:[a-z-]+\s+){{0,2}}?(?:{NOUNS})\s+with\s[^0-9;:()\[\]]{{1,80}}?(?:,\s*(?:and\s+)?|\s+and\s+)$"
    ))
    .expect("item before regex")
});

// The item before opens its clause as a set the count is a part of:
// `Among 490 patients with colon cancer, 340 with stage II disease` (not
// `The effect of aspirin on 490 patients with …, 340 with …`).
static SET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:of|among|amongst|from|in|out of)\s*$")
        .expect("set before regex")
});

/// The count `N with <condition>` that follows an item `M nouns with …`
/// of the same list: a group of people, one part of the study's people
/// (the cases of one condition), not its size.
fn listed_with(doc: &Document, (s, e, n): (usize, usize, u64), rest: &str) -> Option<Cand> {
    if !WITH_AFTER.is_match(rest) {
        return None;
    }
    let before = before_window(doc, s, false);
    let m = ITEM_BEFORE.find(before)?;
    if SET_BEFORE.is_match(&before[..m.start()]) {
        return None;
    }
    Some(Cand::ungrouped(
        s,
        e,
        n,
        Role::Subgroup,
        "sample_size.listed_with",
        0.5,
    ))
}
