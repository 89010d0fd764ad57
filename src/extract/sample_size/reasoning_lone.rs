//! One arm alone, smaller than the study's total: a part of a split whose
//! other part the arm rules missed, or no arm of the trial at all.

use std::sync::LazyLock;

use regex::Regex;

use super::super::lexicon::RANDOMIZATION;
use super::super::targets::CALCULATION;
use super::Stated;
use crate::record::SampleRole;

/// A group's label that names one of the trial's groups (`the control
/// group`, `LM group A`, `placebo`), not what a count is of (`biomarker
/// data`, `neonatal death`, `renal transplantation`).
static NAMES_A_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups?|arms?|placebo|controls?|intervention)(?-u:\b)")
        .expect("group label regex")
});

/// The words before a `group of N` that name one of the trial's groups
/// (`A control group of 120`, `Group C consisted of 14`, `The experimental
/// group consisted of 12`), not any group (`a group of 280 lay-people`,
/// `a sub-cohort of 38`).
static GROUP_NAMED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:control|placebo|intervention|experimental|treatment|sham|group [a-z0-9])(?-u:\b)",
    )
    .expect("group named before regex")
});

/// The rule of `a control group of 120 adults`.
const ARM_GROUP_OF: &str = "sample_size.arm_group_of";

/// The 40 bytes of a finding's context before its text.
fn before_text(f: &crate::record::Finding) -> &str {
    let Some(at) = f.context.find(f.text.as_str()) else {
        return "";
    };
    let mut from = at.saturating_sub(40);
    while !f.context.is_char_boundary(from) {
        from += 1;
    }
    &f.context[from..at]
}

/// The summary's arms when the rules found one arm alone, smaller than the
/// total: a split of the total has two parts (or more), and one part alone
/// names one group of a comparison it cannot show.
///
/// `The intervention group (n=37) received …, while the controls (n=37)
/// received a placebo`, `randomly allocated to a placebo (n = 16) or a
/// Synergy 1 (n = 18) group`, `including 46 patients in the ICP group and
/// 44 patients in the control group` of 74, 34 and 90: a count stated in
/// the arm's own sentence that is the rest of the total (total − arm,
/// whatever role it was read under) is the other part of the split; the
/// arms are the two in the text's order.
///
/// `randomly assigned to eight groups (n=15)` of 120: groups of one size,
/// as many as the label counts, that make up the total are the arms.
///
/// Otherwise the lone arm stays only when it is stated as one of the
/// trial's groups: as the object of an allocation (`randomly assigned to
/// either HIE (n = 12) or an egg protein placebo group`, not `a
/// randomized, open-label, controlled study (N = 676)` nor `were randomized
/// to the study and 90 patients received`), or under a label that names
/// one group (`A control group of 120 healthy adults`, `Control (n =
/// 25)`), where a count `in` a group is the denominator a result is read
/// against or the whole group (`11 of the 21 patients in group 1`, `All
/// forty knees in this study group`), not the subject of an
/// outcome (`reported by only three patients in the itraconazole group`,
/// `25 patients (71.4%) in group S received`). Never a count of a cited
/// trial (`all 12 participants in the treatment arm … [37]`), of a
/// sample-size calculation (`randomized to PIL (4000 women) … would have a
/// power of 91%`), of a bracket of statistics (`p < 0.05, n = 11`) or of
/// several groups at once (`the pterostilbene groups (n = 60)`). Any other
/// lone arm read against a larger total is far more often an exit or
/// event count, a subset (`the serial spirometry subset (n = 491)`) or a
/// recruitment source (`newspaper advertisements (n = 35)`) than one group
/// of a comparison, and a reviewer would rather see no arms than one wrong
/// arm. Its finding stays for the reviewer.
pub(super) fn lone_arm(ss: &[Stated], total: Option<u64>, arms: &[u64]) -> Option<Vec<u64>> {
    let ([a], Some(t)) = (arms, total) else {
        return None;
    };
    if *a >= t {
        return None;
    }
    if let Some(arms) = other_part(ss, *a, t) {
        return Some(arms);
    }
    let lone = || {
        ss.iter()
            .filter(|(_, v)| v.role == SampleRole::Arm && v.n == *a)
    };
    if let Some(arms) = lone().find_map(|s| groups_of_a_size(s, *a, t)) {
        return Some(arms);
    }
    let stated_as_group = lone().any(|(f, v)| {
        v.statement.map_or_else(
            || cues_of_context(f, v).stated_as_group,
            |st| st.stated_as_group,
        )
    });
    (!stated_as_group).then(Vec::new)
}

/// What an arm's own sentence says of it, for the lone-arm judgement:
/// whether it is the object of an allocation, and whether it is stated as
/// one of the trial's groups (see [`lone_arm`]). The extractor reads this
/// where the text is (`before` and `after`: the words of the count's
/// sentence either side of it; `near`: the 40 bytes before it) and carries
/// it on the arm's statement; a record read back has only its context.
pub(in crate::extract::sample_size) fn lone_cues(
    (before, after): (&str, &str),
    near: &str,
    rule: &str,
    group: Option<&str>,
    randomization: bool,
) -> LoneCues {
    let allocated = randomization && allocated_to(before);
    let excluded = CALCULATION.is_match(before)
        || CALCULATION.is_match(after)
        || SAMPLE_SIZE_OF.is_match(before)
        || in_statistics(before)
        || REFERENCE.is_match(after)
        || group.is_some_and(|g| POOLED_LABEL.is_match(g));
    let named_before = rule == ARM_GROUP_OF && GROUP_NAMED_BEFORE.is_match(near);
    let named = group.is_some_and(|g| NAMES_A_GROUP.is_match(g))
        && (rule != ARM_LIST_IN || DENOMINATOR_BEFORE.is_match(before));
    LoneCues {
        allocated,
        stated_as_group: !excluded && (allocated || named_before || named),
    }
}

/// The lone-arm cues of an arm's sentence ([`lone_cues`]).
#[derive(Debug, Clone, Copy)]
pub(in crate::extract::sample_size) struct LoneCues {
    pub allocated: bool,
    pub stated_as_group: bool,
}

/// The cues of a finding read back from a record, from its context.
fn cues_of_context(f: &crate::record::Finding, v: &crate::record::SampleSizeValue) -> LoneCues {
    let randomization = RANDOMIZATION.is_match(&f.context);
    lone_cues(
        sentence_parts(f),
        before_text(f),
        &f.rule,
        v.group.as_deref(),
        randomization,
    )
}

/// The rule of `21 patients in group A`.
const ARM_LIST_IN: &str = "sample_size.arm_list_in";

/// A label of several groups at once (`the pterostilbene groups`, `focus
/// groups with`, `by the treatment arms`): a pool, not one group.
static POOLED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups|arms)(?-u:\b)").expect("pooled label regex")
});

/// `randomly assigned to eight groups (n=15)`: the number of groups of one
/// size in the label.
static GROUPS_COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:[a-z]+\s+)?groups(?-u:\b)")
        .expect("groups counted regex")
});

/// The words before a count that make it the denominator a result is read
/// against or the whole group (`11 of the 21 patients in group 1`, `54 out
/// of 70 students in group A`, `among the 12 cases in`, `All forty knees in
/// this study group`): the group's size, not a count of those
/// who had an outcome (`25 patients (71.4%) in group S received`, `reported
/// by only three patients in the itraconazole group`).
static DENOMINATOR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:(?-u:\b)(?:of|among)\s+(?:the\s+|all\s+|these\s+|those\s+)?|(?:^|\s)all\s+(?:the\s+|of\s+the\s+)?)$",
    )
        .expect("denominator before regex")
});

/// An allocation whose object list holds the count: `randomly assigned to
/// either HIE (`, `randomized to receive sorafenib (`, not a trial called
/// randomized (`a randomized, open-label, controlled study (N = 676)`) nor
/// a count of a clause of its own after it (`were randomized to the study
/// and 90 patients received`).
static ALLOCATED_TO: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:randomi[sz]ed|assigned|allocated|divided|distributed)(?:\s+(?:equally|randomly|evenly|either))?\s+(?:to|into)(?-u:\b)")
        .expect("allocated to regex")
});

static NEW_CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:and|but|while|whereas)\s*$").expect("new clause regex")
});

/// `a sample size of 228 participants per group (n = 456 total)`.
static SAMPLE_SIZE_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)sample size of(?-u:\b)").expect("sample size of regex")
});

/// A p-value or a spread in the bracket of the count (`(73.5 ± 24.9 vs. 55.5
/// ± 26.6, p < 0.05, n = 11)`): the count of an analysis.
static STATISTIC: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)±|(?-u:\b)p\s*[<=>≤]").expect("statistic regex")
});

/// A reference marker closing the count's sentence (`with excellent
/// adherence in all 12 participants in the treatment arm [37]`): a count of
/// the cited trial.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]").expect("reference regex")
});

fn allocated_to(before: &str) -> bool {
    ALLOCATED_TO.is_match(before) && !NEW_CLAUSE_END.is_match(before)
}

fn in_statistics(before: &str) -> bool {
    before
        .rfind('(')
        .is_some_and(|at| !before[at..].contains(')') && STATISTIC.is_match(&before[at..]))
}

/// `The specimens were randomly assigned to eight groups (n=15)` of 120:
/// groups of one size, as many as the label counts, that make up the total.
fn groups_of_a_size((f, v): &Stated, a: u64, t: u64) -> Option<Vec<u64>> {
    let caps = GROUPS_COUNTED.captures(v.group.as_deref()?)?;
    let k = crate::extract::numbers::parse_count_or_words(&caps[1])?;
    let allocated = v
        .statement
        .map_or_else(|| allocated_to(sentence_parts(f).0), |st| st.allocated);
    ((2..=12).contains(&k) && k * a == t && allocated)
        .then(|| vec![a; usize::try_from(k).unwrap_or(0)])
}

/// The sentence of a finding's text, as far as its context reaches: the
/// words before the text and the words after it ([`sentence_of`]).
fn sentence_parts(f: &crate::record::Finding) -> (&str, &str) {
    let Some(at) = f.context.find(f.text.as_str()) else {
        return ("", "");
    };
    sentence_of(&f.context[..at], &f.context[at + f.text.len()..])
}

/// The words of a count's sentence in `head` (before it) and `tail`
/// (after it). A sentence ends at a line's end or at a stop before a
/// capital (`vs. 55.5` goes on).
pub(in crate::extract::sample_size) fn sentence_of<'a>(
    head: &'a str,
    tail: &'a str,
) -> (&'a str, &'a str) {
    let stop = |s: &str, i: usize| {
        s[i + 1..]
            .trim_start_matches(' ')
            .starts_with(char::is_uppercase)
    };
    let from = head
        .char_indices()
        .filter(|&(i, c)| {
            c == '\n' || (c == '.' && head[i + 1..].starts_with(' ') && stop(head, i))
        })
        .map(|(i, _)| i + 1)
        .next_back()
        .unwrap_or(0);
    let to = tail
        .char_indices()
        .find(|&(i, c)| c == '\n' || (c == '.' && tail[i + 1..].starts_with(' ') && stop(tail, i)))
        .map_or(tail.len(), |(i, _)| i);
    (&head[from..], &tail[..to])
}

/// The lone arm `a` and the count stated in its sentence that is the rest
/// of the total `t`, in the text's order.
fn other_part(ss: &[Stated], a: u64, t: u64) -> Option<Vec<u64>> {
    let rest = t - a;
    if rest < 2 {
        return None;
    }
    ss.iter()
        .filter(|(_, v)| v.role == SampleRole::Arm && v.n == a)
        .find_map(|arm| {
            let other = ss.iter().find(|b| {
                b.0.start != arm.0.start
                    && b.1.n == rest
                    && b.1.role != SampleRole::Planned
                    && super::arms::stated_together(arm, b)
            })?;
            Some(if other.0.start < arm.0.start {
                vec![rest, a]
            } else {
                vec![a, rest]
            })
        })
}
