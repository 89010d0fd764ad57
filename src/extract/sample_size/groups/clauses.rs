//! Parallel clauses, one count the subject of each: `1990 patients were
//! randomly assigned metoprolol … and 2001 were assigned placebo`, `Twelve
//! patients received meloxicam, and 10 patients received placebo`, `61 of
//! these were treated with amoxycillin and 74 with piperacillin`, `102
//! received omeprazole 20 mg and 87 cimetidine 400 mg`. Two clauses that
//! say the same thing (were assigned, received, were treated) of two counts
//! in one sentence split the participants into groups: each count is a
//! group's size, whatever lies between the clauses (doses, brackets).

use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::{
    is_noun, NOUNS, RANDOMIZATION, SHARE_NEXT, STOP_TOKENS,
};
use crate::extract::sample_size::window::{group_after, next_word, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

use super::pairs::Words;

pub(super) const RULE: &str = "sample_size.arm_clauses";

// A count as the subject of a clause that gives it a treatment: a short
// noun phrase (`chronic periodontitis patients`, `of these`), a bracket
// (`(controls)`), then the verb.
static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^((?:\s+(?:of\s+(?:these|them|whom|those)|[A-Za-z][A-Za-z'-]*)){0,4}?)(?:\s*\([^()\d]{1,30}\))?\s*,?\s+(?:(were|was|had\s+been|have\s+been)\s+)?(?:(?:then|randomly|subsequently|also|initially|instead|thus|therefore|each)\s+)?(received|took|underwent|assigned|allocated|randomi[sz]ed|treated|given|administered|prescribed)(?-u:\b)")
        .expect("clause regex")
});

// The second clause with its verb left out: `and 87 cimetidine`, `and 74
// with piperacillin`, `and 2001 to placebo`, `and 23 patients a placebo`,
// `and 50 in the placebo arm` (after `assigned in`).
static ELIDED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:\s+(?:{NOUNS}))?\s*,?\s+(?:(with|to|on|in|into)\s+)?(?:(?:the|a|an)\s+)?([A-Za-z][A-Za-z0-9/+-]*)"
    ))
    .expect("elided regex")
});

// What may stand before the subject count of a clause: the sentence start,
// a stop of the list, a joint; `the remaining`, `the other`.
static SUBJECT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:^|[,;:]|(?-u:\b)(?:and|whereas|while|but|then|finally|total\s+of|remaining|other|further|another))\s*$")
        .expect("subject lead regex")
});

// What joins the second clause to the first, just before its count.
static JOINT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:[,;]|(?-u:\b)(?:and|whereas|while|but))\s+(?:(?:the\s+)?(?:remaining|other|rest\s+of\s+the)\s+|another\s+)?$")
        .expect("joint regex")
});

// The sentence speaks of groups.
static GROUP_CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups?|arms?|placebo|controls?|sham)(?-u:\b)")
        .expect("group cue regex")
});

// A crossover's sequences: `Nine subjects received the drink on their
// first visit, and 6 the control drink`; a crossover has no arms.
static CROSSOVER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)cross-?over|(?-u:\b)(?:first|second)\s+(?:visit|period|session|trial|phase|day)|(?-u:\b)first\s*,")
        .expect("crossover regex")
});

// Words after a count that make it a quantity, not a count of people.
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:seconds?|minutes?|min|hours?|hrs?|h|days?|d|weeks?|wks?|months?|mo|years?|yrs?|times|cycles?|doses?|sessions?|fractions?|courses?|injections?|tablets?|capsules?|per|mg|g|kg|mcg|ug|µg|μg|ml|l|iu|units?|gy|cgy|cm|mm|m|mmol|mmhg|percent|%|am|pm|grams?|litres?|liters?|drops?|puffs?|mg/d|mg/day|mg/kg|mg/m2|mg/m²|x|×)$")
        .expect("unit regex")
});

// A word after an elided count that names no group.
static NOT_A_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:were|was|had|have|has|did|received|who|which|that|in|at|of|for|by|after|before|during|within|from|over|under|than|more|less|or|and|weekly|daily|twice|once|patients?|respectively|also|then|only|later|still|all|both|subsequently|initially|further|not|no)$")
        .expect("not a label regex")
});

/// The verb's kind: two clauses pair when they say the same thing.
fn kind(verb: &str) -> u8 {
    match verb.to_ascii_lowercase().as_str() {
        "assigned" | "allocated" | "randomised" | "randomized" => 0,
        "treated" => 1,
        "underwent" => 2,
        _ => 3,
    }
}

/// A count's clause: (verb kind, where the verb ends), if the count is the
/// subject of a clause that gives it a treatment.
fn clause_after(fold: &str, e: usize) -> Option<(u8, usize)> {
    let rest = &fold[e..ceil_boundary(fold, e + 120)];
    let first = next_word(rest).trim_end_matches([',', ';', '.', ')']);
    if UNIT.is_match(first) {
        return None;
    }
    if SHARE_NEXT.is_match(rest) {
        return None;
    }
    let c = CLAUSE.captures(rest)?;
    // Who the count is: people (`chronic periodontitis patients`), or
    // part of a count before (`of these`); not clinics, not a relative
    // clause (`patients who underwent`, who they are).
    let subject: Vec<&str> = c.get(1)?.as_str().split_whitespace().collect();
    let people = match subject.last() {
        None => true,
        Some(last) => {
            let l = last.to_ascii_lowercase();
            matches!(l.as_str(), "these" | "them" | "whom" | "those") || is_noun(last)
        }
    };
    if !people
        || subject
            .iter()
            .any(|w| matches!(w.to_ascii_lowercase().as_str(), "who" | "which" | "that"))
    {
        return None;
    }
    let v = c.get(3)?;
    let k = kind(v.as_str());
    // `2 randomised phase II trials`, `11 treated eyes`: a participle
    // before a noun; the passive verbs need their `were`.
    let active = matches!(
        v.as_str().to_ascii_lowercase().as_str(),
        "received" | "took" | "underwent"
    );
    if !active && c.get(2).is_none() {
        return None;
    }
    // `102 patients were randomized; 52 were assigned …`: randomized to
    // nothing, the count is the whole that is split, no group's clause.
    let after = rest[v.end()..].trim_start();
    if k == 0 && (after.is_empty() || after.starts_with([';', ':', '.', ','])) {
        return None;
    }
    Some((k, e + v.end()))
}

/// Whether `w` leaves a round bracket open.
fn opens(w: &str) -> bool {
    w.matches('(').count() > w.matches(')').count()
}

/// Whether the count at `s` opens its clause.
fn leads_clause(fold: &str, ss: usize, s: usize) -> bool {
    let lo = floor_boundary(fold, s.saturating_sub(24)).max(ss);
    SUBJECT_LEAD.is_match(&fold[lo..s])
}

/// The word after an elided count that names its group, with the verb
/// kind's preposition (`with` after `treated`, `to` after `assigned`).
fn elided_label(fold: &str, e: usize, k: u8) -> Option<usize> {
    let rest = &fold[e..ceil_boundary(fold, e + 80)];
    if SHARE_NEXT.is_match(rest) {
        return None;
    }
    let c = ELIDED.captures(rest)?;
    let prep = c.get(1).map(|p| p.as_str().to_ascii_lowercase());
    let label = c.get(2)?;
    let fits = match (k, prep.as_deref()) {
        // `and 87 cimetidine`; not `treated (…) and 68 crossed over`.
        (3, None) => !label.as_str().to_ascii_lowercase().ends_with("ed"),
        (0, Some("to" | "in" | "into")) | (1, Some("with")) | (3, Some("with" | "on")) => true,
        _ => false,
    };
    let word = label.as_str().to_ascii_lowercase();
    // `3 times/day`, `2 tablets/day`: a unit per time is a dose.
    let unit = word.split('/').next().unwrap_or("");
    (fits
        && !NOT_A_LABEL.is_match(&word)
        && !UNIT.is_match(&word)
        && !UNIT.is_match(unit)
        && !STOP_TOKENS.contains(&word.as_str())
        && label.as_str().chars().any(|ch| ch.is_alphabetic()))
    .then(|| e + label.start())
}

/// The first word naming what a clause gives (after `to`, `with`, `the`).
fn given_word(fold: &str, at: usize) -> Option<String> {
    let rest = &fold[at..ceil_boundary(fold, at + 60)];
    rest.split(|ch: char| !ch.is_alphanumeric() && ch != '-')
        .filter(|w| w.len() >= 3)
        .map(str::to_ascii_lowercase)
        .find(|w| {
            !STOP_TOKENS.contains(&w.as_str())
                && !matches!(
                    w.as_str(),
                    "receive" | "according" | "either" | "only" | "standard"
                )
                && !NOT_A_LABEL.is_match(w)
                && !UNIT.is_match(w)
        })
}

/// A group's name without the words that lead to it (`to`, `with the`).
fn label_of(g: &str) -> Option<String> {
    let mut g = g.trim();
    // `7.5 mg meloxicam`: a dose first, cut where the group name is.
    if g.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    loop {
        let lower = g.to_ascii_lowercase();
        let Some(w) = ["to ", "with ", "the ", "receive ", "a ", "an "]
            .iter()
            .find(|w| lower.starts_with(*w))
        else {
            break;
        };
        g = g[w.len()..].trim_start();
    }
    // `metoprolol CR/XL 12.5 mg`, `placebo gel for 7 days`: the name ends
    // where its dose or schedule starts.
    let words: Vec<&str> = g
        .split_whitespace()
        .take_while(|w| {
            !w.starts_with(|ch: char| ch.is_ascii_digit())
                && !matches!(
                    w.to_ascii_lowercase().as_str(),
                    "for" | "at" | "during" | "once" | "twice" | "daily" | "every" | "until"
                )
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Pairs of parallel clauses in a sentence: both counts become arms.
#[inline(never)]
pub(super) fn arms_from_clauses(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let words: std::cell::OnceCell<Words> = std::cell::OnceCell::new();
    let mut by_start = ByStart::new(out);
    let mut found: Vec<(usize, usize, u64, usize)> = Vec::new();
    for (i, &(s, e, n)) in nums.iter().enumerate() {
        if spent(doc, out.len()) {
            break;
        }
        if n < 2 {
            continue;
        }
        let sent = doc.sentence_at(s);
        if !leads_clause(fold, sent.0, s) {
            continue;
        }
        let Some((k, verb_end)) = clause_after(fold, e) else {
            continue;
        };
        let members = members_of(fold, &nums[i + 1..], (s, e, n, verb_end), k, sent);
        if !says_groups(doc, &members, k, sent, &words) {
            continue;
        }
        // A count a rule before placed in a group, or made an outcome,
        // stays so, and the others with it.
        // (`61 of these` is a part of the count before, as an arm is.)
        let settled = |x: usize| {
            by_start.get(x).is_some_and(|o| {
                matches!(
                    out[o].role,
                    Role::Arm | Role::Subgroup | Role::Skip | Role::Cited
                ) && out[o].rule != "sample_size.part_of"
            })
        };
        if members.iter().any(|m| settled(m.0)) {
            continue;
        }
        found.extend(members);
    }
    for (s, e, n, at) in found {
        by_start.replace(
            out,
            Cand {
                start: s,
                end: e,
                n,
                role: Role::Arm,
                group: group_after(fold, at).and_then(|g| label_of(&g)),
                rule: RULE,
                conf: 0.65,
            },
        );
    }
}

/// The clause of the count `first` and the next counts of the sentence
/// `sent` that open a clause of the same kind `k`, or one with its verb left
/// out, each after a joint: `66 were treated with tape, 58 with a brace and
/// 62 with a sleeve`. Each is (start, end, count, where its verb ends).
fn members_of(
    fold: &str,
    rest: &[(usize, usize, u64)],
    first: (usize, usize, u64, usize),
    k: u8,
    sent: (usize, usize),
) -> Vec<(usize, usize, u64, usize)> {
    let mut members = vec![first];
    let mut from = first.3;
    for &(s2, e2, n2) in rest {
        if s2 >= sent.1 || s2 >= from + 200 || members.len() >= 6 {
            break;
        }
        let lo = floor_boundary(fold, s2.saturating_sub(24)).max(from);
        // Not inside a bracket opened after the clause before: `(87
        // treated and 54 nontreated)` describes the subject.
        if s2 < from || !JOINT.is_match(&fold[lo..s2]) || opens(&fold[from..s2]) {
            continue;
        }
        let at = match clause_after(fold, e2) {
            Some((k2, v2)) if k2 == k || assigned_and_given(fold, (k, first.3), k2) => Some(v2),
            Some(_) => None,
            None => elided_label(fold, e2, k),
        };
        if let Some(at) = at {
            members.push((s2, e2, n2, at));
            from = at;
        }
    }
    members
}

/// `21 patients were assigned to 800 IU …, while 24 patients received
/// 4,370 IU`: a clause that assigns a count to a treatment, then one that
/// gives another count a treatment, say the same thing (each verb kind,
/// the first with where its verb ends). An assignment without its
/// treatment (`120 were randomized and 110 received the drug`, `to one of
/// the two cohorts`) is the whole, and one after the giving (`465 received
/// RRT … and 232 were randomly assigned`) a flow, not two groups.
fn assigned_and_given(fold: &str, (k, at): (u8, usize), k2: u8) -> bool {
    let next = fold[at..ceil_boundary(fold, at + 24)].to_ascii_lowercase();
    let mut words = next.split_whitespace();
    let to = words.next();
    let object = words.find(|w| *w != "the");
    (k, k2) == (0, 3)
        && matches!(to, Some("to" | "into"))
        && !matches!(
            object,
            Some("one" | "either" | "two" | "three" | "four" | "both" | "each") | None
        )
}

/// Whether what a clause gives (`rest`, from its verb's end) is one of
/// several treatments (`one of five doses`, `either A or B`).
fn one_of_several(rest: &str) -> bool {
    let words: Vec<String> = rest
        .split_whitespace()
        .take(3)
        .map(str::to_ascii_lowercase)
        .collect();
    let w: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| matches!(*w, "to" | "with"))
        .collect();
    matches!(w.first(), Some(&"either"))
        || (matches!(w.first(), Some(&"one" | &"any")) && w.get(1) == Some(&"of"))
}

/// Whether the clauses `members` (of kind `k`, in the sentence `sent`) give
/// the groups of a trial.
fn says_groups<'a>(
    doc: &'a Document,
    members: &[(usize, usize, u64, usize)],
    k: u8,
    sent: (usize, usize),
    words: &std::cell::OnceCell<Words<'a>>,
) -> bool {
    let fold = doc.fold.as_str();
    // Groups of a trial: five people at least each (`four of them
    // received tDCS and two rTMS` is a subset), of sizes alike; cohorts
    // grouped by what they received (not assigned: a randomisation makes
    // groups alike) may differ more, when each count says again who it
    // counts (`353 patients received A and 37 patients B`).
    let lo_n = members.iter().map(|m| m.2).min().unwrap_or(0);
    let hi_n = members.iter().map(|m| m.2).max().unwrap_or(0);
    let ratio = if k != 0 && members.iter().all(|m| is_noun(next_word(&fold[m.1..]))) {
        10
    } else {
        5
    };
    if members.len() < 2 || lo_n < 5 || hi_n > lo_n * ratio {
        return false;
    }
    // `545 patients received one of five doses and 101 placebo`: a count
    // given one of several treatments is the whole of several groups.
    if members.iter().any(|m| one_of_several(&fold[m.3..])) {
        return false;
    }
    // `13 patients underwent a Whipple operation and 46 patients
    // underwent …`: procedures of a series, unless groups are named.
    if k == 2
        && !(GROUP_CUE.is_match(&fold[sent.0..sent.1])
            || RANDOMIZATION.is_match(&fold[sent.0..sent.1]))
    {
        return false;
    }
    // Who was given what, said of groups: the sentence names groups or
    // randomises, or what a clause gives is named elsewhere in the
    // paper (its treatments are).
    let sentence = &fold[sent.0..sent.1];
    let named = || {
        let words = words.get_or_init(|| Words::new(doc.lower()));
        members
            .iter()
            .filter_map(|m| given_word(fold, m.3))
            .any(|w| words.named_elsewhere(&w, sent))
    };
    if CROSSOVER.is_match(sentence)
        || !(GROUP_CUE.is_match(sentence) || RANDOMIZATION.is_match(sentence) || named())
    {
        return false;
    }
    true
}
