//! One arm named by its allocation: `785 were analysed, with 392 assigned
//! to the physical activity group`, `We enrolled 150 children; 76 were
//! allocated to the zinc arm`, `118 patients were randomised to the
//! exercise group`. A count allocated to one named group is that group's
//! size, not the number randomised: read as the trial's total it hides the
//! count that is (150 enrolled, not 76).
//!
//! Not an arm: a count allocated to several groups (`to the two groups`,
//! `to the A group or the B group`), to a group that is the whole study
//! (`the study group`), or stated as the whole (`a total of 240 were
//! randomised to the intervention group`, `all 64 patients`): one arm can
//! be all there is, and then the count is the trial's. Runs after the
//! stages that find parts of a set already counted (`These 7 patients were
//! assigned to standard care`, `of the drop-outs, three had been
//! assigned to the exercise group`): those stay parts.

use crate::extract::sample_size::window::{before_window, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of an arm read from its allocation to one named group.
pub(in crate::extract::sample_size) const RULE: &str = "sample_size.arm_assigned_one";

/// After a count's verb (or with it): allocated to `the <name> group|arm`,
/// with the words after the name.
static ONE_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:[^.;\d()]{0,60}?(?-u:\b)(?:randomi[sz]ed|assigned|allocated))?\s+(?:to|into)\s+(?:receive\s+)?the\s+((?:[a-z0-9-]+\s+){0,4}?(?:group|arm))(?-u:\b)([^.;]{0,80})")
        .expect("one group regex")
});

/// After the name: another group joined to it, so the count went to both
/// (`or the control group`, `and placebo`, `versus usual care`, `and 409
/// to …`); `and followed for a year` joins a verb.
static ANOTHER_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*,?\s*(?:(?:or|and/or|versus|vs\.?|to)\s|and\s+(?:to\s+)?(?:the\s|an?\s|\d|placebo|control|usual|standard|sham|no\s))")
        .expect("another group regex")
});

/// The count's verb in a relative clause (`11 men who were randomised to
/// the control group became circumcised`): the count is the subject of
/// another verb, often an outcome.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?-u:\b)(?:who|that|which|whom)\s").expect("relative regex")
});

/// A count with a participle and no auxiliary (`Thirteen patients
/// randomized to the late group were extubated`, `Four patients randomized
/// to the A arm did not receive treatment`) is the subject of the verb
/// after the group: what happened to some of the arm. Before a comma (`Of
/// 245 patients randomized to the early group, the procedure …`) it is
/// the arm.
fn verb_of_its_own(span: &str, tail: &str) -> bool {
    let aux = span
        .split_whitespace()
        .any(|w| matches!(w, "were" | "was" | "are" | "is" | "been" | "being"));
    !aux && tail
        .trim_start()
        .starts_with(|c: char| c.is_ascii_alphabetic())
}

/// Whether another group follows the name, past a bracket of words
/// (`the usual care group (FOBT alone) or the intervention group`). A
/// bracket with a number (`the A group (n = 31) and the B group`) gives the
/// arms itself: the count is their whole.
fn another_group_after(tail: &str) -> bool {
    let t = tail.trim_start();
    let t = match t.strip_prefix('(') {
        Some(inner) => match inner.find(')') {
            Some(close) if !inner[..close].bytes().any(|b| b.is_ascii_digit()) => {
                &inner[close + 1..]
            }
            _ => return true,
        },
        None => t,
    };
    ANOTHER_GROUP.is_match(t) || ANOTHER_GROUP.is_match(past_relative(t))
}

/// The text after a relative clause that describes the group (`, which
/// received oral stimulation, or the control group`): what follows its
/// closing comma; `t` itself when it opens no such clause.
fn past_relative(t: &str) -> &str {
    let Some(rest) = t.trim_start().strip_prefix(',') else {
        return t;
    };
    let rest = rest.trim_start();
    let opens = ["which ", "who ", "that "]
        .iter()
        .any(|w| rest.starts_with(w));
    match rest.find(',') {
        Some(close) if opens && !rest[..close].contains(['(', ')']) => &rest[close..],
        _ => t,
    }
}

/// Words that make `the … group` no single arm: several groups, the whole
/// study, one not named.
const NOT_ONE: &[&str] = &[
    "two",
    "three",
    "four",
    "both",
    "each",
    "either",
    "same",
    "study",
    "trial",
    "one",
    "other",
    "respective",
    "corresponding",
    "appropriate",
    "allocated",
    "assigned",
    "randomized",
    "randomised",
    "different",
    "treatment",
    "whole",
    "entire",
    "following",
    "above",
];

/// Before the count: it is stated as the whole.
static WHOLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:a total of|in total|overall|all(?: of the)?|altogether|total)\s*$",
    )
    .expect("whole before regex")
});

/// Randomised counts allocated to one named group become that group's arm.
#[inline(never)]
pub(in crate::extract::sample_size) fn arms_assigned_to_one(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        if c.role != Role::Randomized
            || !matches!(
                c.rule,
                "sample_size.count_verb" | "sample_size.count_noun_verb"
            )
        {
            continue;
        }
        let se = doc.sentence_at(c.start).1;
        if c.end >= se {
            continue;
        }
        let Some(m) = ONE_GROUP.captures(&fold[c.end..se]) else {
            continue;
        };
        // From the count to the group's name, the words after it apart.
        let named = m.get(1).expect("name");
        let span = &fold[c.start..c.end + named.end()].to_ascii_lowercase();
        if !["random", "assign", "alloc"]
            .iter()
            .any(|v| span.contains(v))
        {
            continue;
        }
        let name = m.get(1).expect("name").as_str();
        let words: Vec<String> = name
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        let one_name = words.len() >= 2
            && !NOT_ONE.contains(&words[0].as_str())
            && !words.iter().any(|w| w == "or" || w == "and");
        if !one_name
            || another_group_after(m.get(2).map_or("", |t| t.as_str()))
            || WHOLE_BEFORE.is_match(before_window(doc, c.start, false))
            || RELATIVE.is_match(span)
            || verb_of_its_own(span, m.get(2).map_or("", |t| t.as_str()))
        {
            continue;
        }
        c.role = Role::Arm;
        c.group = Some(name.to_string());
        c.rule = RULE;
        c.conf = 0.7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sample_size::index::Index;
    use crate::extract::sample_size::{candidates::numbers, roles::counts};

    fn arms(text: &str) -> Vec<(u64, Option<String>)> {
        let doc = Document::from_text(text);
        let index = Index::new(&doc);
        let mut out = counts(&doc, &index, &numbers(&doc.fold));
        arms_assigned_to_one(&doc, &mut out);
        out.iter()
            .filter(|c| c.role == Role::Arm)
            .map(|c| (c.n, c.group.clone()))
            .collect()
    }

    #[test]
    fn a_count_allocated_to_one_named_group_is_its_arm() {
        for (text, n, group) in [
            (
                "785 were analysed, with 392 assigned to the physical activity group.",
                392,
                "physical activity group",
            ),
            (
                "We enrolled 150 children; 76 were allocated to the zinc arm.",
                76,
                "zinc arm",
            ),
            (
                "Of these, 118 patients were randomised to the exercise group.",
                118,
                "exercise group",
            ),
            (
                "Of 245 patients randomized to the early tracheotomy group, 167 had it.",
                245,
                "early tracheotomy group",
            ),
            (
                "90 patients were randomized to the early surgery group and followed for a year.",
                90,
                "early surgery group",
            ),
        ] {
            assert_eq!(arms(text), [(n, Some(group.to_string()))], "{text}");
        }
    }

    #[test]
    fn counts_allocated_to_several_groups_or_stated_whole_are_no_arm() {
        for text in [
            "A total of 240 adults were randomised to the intervention group.",
            "All 64 patients were assigned to the treatment group.",
            "120 patients were randomized to the two groups.",
            "90 patients were randomized to the intervention group or the control group.",
            "90 patients were randomized to the intervention group and the control group.",
            "90 patients were randomized to the intervention group and placebo.",
            "60 patients were randomized to the study group.",
            "Sixty patients were randomized to the group.",
            "769 patients were randomly assigned to the usual care group (FOBT alone, n = 382) or the intervention group (n = 387).",
            "210 women randomized to the RP intervention group (full and partial completers) or the control group were assessed.",
            "Sixty-five were eligible and were randomly assigned to the L80 or the L200 group.",
            "In the main trial, 11 men who were randomized to the control group became circumcised.",
            "Thirteen patients randomized to the late group were successfully extubated.",
            "Thirty infants were randomised to the intervention group (IG), which received oral stimulation, or the control group (CG), which received standard care.",
            "Forty adults were assigned to the yoga group, who met twice a week, or the waiting-list group.",
        ] {
            assert_eq!(arms(text), [], "{text}");
        }
    }
}
