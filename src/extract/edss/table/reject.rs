//! Row labels whose numbers are no EDSS levels (counts, events,
//! thresholds, differences, other measures, standard errors), and the label
//! words a change row may add (its interval's name, `95% CI`).

use super::super::mention::STOP;
use super::super::shape::rx;
use super::cells::Label;
use super::TAIL;
use regex::Regex;
use std::sync::LazyLock;

/// Labels of rows that are not EDSS levels: counts of patients, events,
/// thresholds, between-group differences (standard errors: see
/// [`STANDARD_ERROR`]).
pub(super) static NOT_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)%|(?-u:\b)(?:n|no|number|patients|progress\w*|worsen\w*|improv\w*|confirmed|sustained|time|proportion|rate|risk|ratio|difference|events?|category|categories|distribution|plus|step|steps|responders?|x)(?-u:\b)|[≤≥<>⩽⩾]",
    )
});

/// A confidence interval named in a change row's label: `Change in EDSS,
/// mean (95% CI)`.
static CI_NAME: LazyLock<Regex> = LazyLock::new(|| {
    rx(r"(?i)\d{1,2}(?:\.\d)?\s*%\s*(?:ci|confidence\s+intervals?)(?-u:\b)|(?-u:\b)ci(?-u:\b)")
});

/// A change row's label (or a part of it, `s`) with its interval's name
/// taken out (the cells' brackets are then read as intervals); other
/// labels as they are.
fn without_ci<'a>(head: &str, tail: &str, s: &'a str) -> std::borrow::Cow<'a, str> {
    if Label::read(&format!("{head} {tail}")).change {
        CI_NAME.replace_all(s, " ")
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Whether the rest of a row's label after the mention is label words
/// (a change row's may name its interval).
pub(super) fn tail_ok(head: &str, tail: &str) -> bool {
    TAIL.is_match(tail) || TAIL.is_match(&without_ci(head, tail, tail))
}

/// Whether the label is one whose numbers are no EDSS levels.
pub(super) fn rejects(head: &str, tail: &str) -> bool {
    let whole = format!("{head} {tail}");
    let label = without_ci(head, tail, &whole);
    NOT_LEVEL.is_match(&label)
        || STOP.is_match(&without_ci(head, tail, tail))
        || (STANDARD_ERROR.is_match(&label) && !label.contains('±'))
}

/// A standard error in a row label: read only in the `EDSS ± SEM` form,
/// whose `m ± se` cells are means (without an SD); `EDSS, mean (SE)` and
/// `SE` rows are not.
static STANDARD_ERROR: LazyLock<Regex> =
    LazyLock::new(|| rx(r"(?i)(?-u:\b)(?:sem|se|s\.e\.m|standard\s+error)(?-u:\b)"));
