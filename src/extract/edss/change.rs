//! Changes in the clause after the mention: from one level to another
//! (`reduced from 6.75 ± 0.68 at baseline to 6.42 ± 0.84`, `a decline after
//! one year (5 to 2.5)`; the means around `±` are statements too), and a
//! change stated as a number of its own (`EDSS change from baseline to week
//! 96 was 0.12`, `the mean change in EDSS was −0.3`).

use super::after::{After, STAT_BEFORE};
use super::shape::{direction, on_scale, range_tail_ok, range_tail_ok_for_size, rx, N, VERB};
use super::{change_of, push, Found};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

// Change from/to anywhere after the mention in its clause: "reduced from
// 6.75 ± 0.68 at baseline to 6.42 ± 0.84", "had a decline after one year
// (5 to 2.5)", "declined from 7.0 before treatment to 5.5", "decreased from
// a mean of 4.3 to 3.9".
static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
    // "changed from 5.9 ± 0.7 to 5.7 ± 0.9": the ends give the way.
    // "went from 3.1 at baseline to 3.4": so do the ends of a move.
    let verb = format!(
        "{}|chang(?:ed|es|ing|e)|went|moved)",
        &VERB[..VERB.len() - 1]
    );
    rx(&format!(
        r"(?i)(?-u:\b){verb}[^.;\d()]{{0,40}}?(?:\(\s*(?:from\s+)?|from\s+(?:an?\s+(?:mean|median|average)\s+(?:of\s+)?)?){N}(?:\s*(?:±|\+\s*/\s*-)\s*{N})?(?:\s+[a-z][a-z ]{{0,30}}?)?\s+to\s+{N}(?:\s*(?:±|\+\s*/\s*-)\s*{N})?",
    ))
});

/// Changes from/to in the clause after the mention: `reduced from 6.75 ±
/// 0.68 at baseline to 6.42 ± 0.84`, `a decline after one year (5 to
/// 2.5)`. The means around `±` are statements too.
pub(super) fn read_from_to(
    fold: &str,
    s0: usize,
    s1: usize,
    a0: usize,
    a1: usize,
    end: usize,
    found: &mut Vec<Found>,
) {
    let _ = (s0, s1);
    let clause = &fold[a1..end];
    let head = &fold[floor_boundary(fold, a0.saturating_sub(40))..a0];
    let mean_context = STAT_BEFORE
        .captures(head)
        .is_some_and(|c| !c[1].eq_ignore_ascii_case("median"));
    for c in FROM_TO.captures_iter(clause) {
        let m = c.get(0).expect("match");
        if !range_tail_ok(&clause[m.end()..]) {
            continue;
        }
        let (Some(from), Some(to)) = (parse_decimal(&c[2]), parse_decimal(&c[4])) else {
            continue;
        };
        let word = c[1].to_ascii_lowercase();
        let changed = word.starts_with("chang") || word == "went" || word == "moved";
        if (direction(&c[1]).is_none() && !changed)
            || !on_scale(from)
            || !on_scale(to)
            || from == to
        {
            continue;
        }
        push(
            found,
            a0,
            a1 + m.end(),
            EdssValue::Change {
                delta: None,
                from: Some(from),
                to: Some(to),
            },
            "edss.change_from_to",
            0.8,
        );
        // The SDs make both ends means ("mean EDSS … from 6.75 ± 0.68 … to
        // 6.42 ± 0.84"), with or without the word "mean" before.
        for (v, sd) in [(2, 3), (4, 5)] {
            if let (Some(vg), Some(sg)) = (c.get(v), c.get(sd)) {
                if let (Some(mean), Some(sd)) =
                    (parse_decimal(vg.as_str()), parse_decimal(sg.as_str()))
                {
                    let _ = mean_context;
                    push(
                        found,
                        a1 + vg.start(),
                        a1 + sg.end(),
                        EdssValue::Mean { mean, sd: Some(sd) },
                        "edss.mean_sd",
                        0.85,
                    );
                }
            }
        }
    }
}

/// The time a change is measured over, between `change` and its number:
/// `from baseline to week 96`, `at 2 years`, `to the end of the study`.
const OVER: &str = r"(?:from\s+baseline\s+)?(?:(?:to|at|over|after|by|in)\s+(?:the\s+)?(?:(?:week|month|year|day)s?\s+\d{1,3}|\d{1,3}\s+(?:weeks?|months?|years?|days?)|end\s+of\s+(?:the\s+)?(?:study|treatment|trial)|follow-up)\s+)?";

/// A change stated as a level of its own: `EDSS change from baseline to
/// week 96 was 0.12`, `EDSS changes at 2 years were −0.2`.
static CHANGE_WAS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)changes?\s+{OVER}(?:was|were|of|:|=)\s*([-−–+]?)\s*{N}(?-u:\b)"
    ))
});

/// After a statistic word the number may follow at once: `mean EDSS
/// change 0.05`.
static CHANGE_BARE: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^(?i)changes?\s+([-−–+]?)\s*{N}(?-u:\b)")));

/// `change in EDSS`, `change from baseline in the EDSS`, before the
/// mention.
pub(super) static CHANGE_IN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b)changes?\s+{OVER}(?:in|of)\s+(?:the\s+)?$"
    ))
});

/// The rest of `change in EDSS [score] from baseline to week 48 was −0.3`.
static CHANGE_IN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*(?:scores?\s+)?{OVER}(?:was|were|of|:|=)\s*([-−–+]?)\s*{N}(?-u:\b)"
    ))
});

/// After a statistic word, the change named by its direction: `the mean
/// EDSS increase at 96 weeks was 0.15`, `median EDSS reduction: 0.5`.
static SIZE_WAS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(increases?|rises?|worsening|decreases?|reductions?|declines?)\s+{OVER}(?:was|were|:|=)\s*([-−–+]?)\s*{N}(?-u:\b)"
    ))
});

/// A rate's unit and `per year` after its size: `0.08 points per year`.
const PER_YEAR: &str =
    r"\s*-?\s*(?:points?|steps?|units?)\s*(?:per|a|each|/)\s*(?:year|yr|annum)(?-u:\b)";

/// `the annualized rate of` before the mention.
static RATE_OF: LazyLock<Regex> =
    LazyLock::new(|| rx(r"(?i)(?-u:\b)(?:annuali[sz]ed\s+|yearly\s+|annual\s+)?rates?\s+of\s+$"));

/// The unit and `per year` right after a size.
static PER_YEAR_AT: LazyLock<Regex> = LazyLock::new(|| rx(&format!("^{PER_YEAR}")));

/// After a rate's unit and `per year` the second group's rate is a
/// decimal too (`0.10 points per year and 3 patients withdrew` counts).
fn rate_pair_ok(whole: &str, second: &str) -> bool {
    !PER_YEAR_AT.is_match(whole) || second.contains('.')
}

/// The second group's change after the first (`rest` starts at `at`, right
/// after the first number `first`): `… 0.12 in the drug group versus 0.35
/// in the placebo group`. A whole number after a decimal first change is a
/// count unless a sign writes it as a change (`mean EDSS change was 0.12 in
/// the drug group and 2 in the placebo group` reads 2 as no change).
/// `sign_starts` lets a written sign start the span.
fn second_group(
    rest: &str,
    at: usize,
    first: &str,
    signed: &dyn Fn(&str, &str) -> Option<f64>,
    sign_starts: bool,
    found: &mut Vec<Found>,
) {
    let Some(v) = CHANGE_VERSUS
        .captures(rest)
        .filter(|v| rate_pair_ok(&v[0], &v[2]))
    else {
        return;
    };
    let g = v.get(2).expect("number");
    if first.contains('.') && !g.as_str().contains('.') && v[1].is_empty() {
        return;
    }
    let Some(d2) = signed(&v[1], g.as_str()) else {
        return;
    };
    if !range_tail_ok_for_size(&rest[g.end()..]) {
        return;
    }
    let start = match v.get(1) {
        Some(s) if sign_starts => s.start().min(g.start()),
        _ => g.start(),
    };
    push(
        found,
        at + start,
        at + g.end(),
        change_of(d2),
        "edss.change_stated",
        0.75,
    );
}

/// A second group's change after the first: `… was 0.12 in the drug group
/// versus 0.35 in the placebo group`; a rate's unit and `per year` may
/// stand before the first group (`was 0.10 points per year with the study
/// drug and 0.25 with placebo`), and the first change's spread (`was 0.0
/// (IQR −0.5 to 0.5) in group A and 0.5 …`, `(SD 0.4)`, `± 0.4`, `(95%
/// CI −0.5 to 0.1)`).
static CHANGE_VERSUS: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:{FIRST_SPREAD})?(?:{PER_YEAR})?(?:\s+(?:in|for|with|among|on)\s+[^\d,;.()\[\]]{{1,40}}?)?\s*,?\s*(?:versus|vs\.?|and|compared\s+(?:with|to)|against)\s+([-−–+]?)\s*{N}(?-u:\b)"
    ))
});

/// The first group's spread after its change: a bracket of one or two
/// numbers, a statistic's name allowed (`(SD 0.4)`, `(IQR −0.5 to 0.5)`,
/// `(95% CI −0.5 to 0.1)`), or `± 0.4`.
const FIRST_SPREAD: &str = r"\s*[(\[]\s*(?:(?:sd|se|sem|iqr|range|interquartile\s+range|95\s*%\s*ci|ci)\s*[:,=]?\s*)?[-−–]?\d{1,2}(?:\.\d{1,3})?(?:\s*(?:[-–;,]|to)\s*[-−–]?\d{1,2}(?:\.\d{1,3})?)?\s*[)\]]|\s*±\s*\d{1,2}(?:\.\d{1,3})?";

/// `EDSS change from baseline to week 96 was 0.12 [in the drug group
/// versus 0.35 …]`, `mean change in EDSS was −0.3`, `mean EDSS change
/// 0.05`: one change, and a second group's after `versus`.
pub(super) fn stated_change(r: &After, found: &mut Vec<Found>) -> bool {
    let bare = || {
        r.stat
            .as_ref()
            .and_then(|_| CHANGE_BARE.captures(r.rest))
            .filter(|c| r.alone(&r.rest[c.get(0).expect("match").end()..]))
    };
    let (c, at, text) = if let Some(c) = CHANGE_WAS.captures(r.rest).or_else(bare) {
        (c, r.at, r.rest)
    } else if let Some(c) = r
        .change_in
        .then(|| CHANGE_IN_AFTER.captures(r.clause))
        .flatten()
    {
        (c, r.a1, r.clause)
    } else {
        return stated_size(r, found);
    };
    let signed = |sign: &str, n: &str| {
        parse_decimal(n)
            .filter(|v| *v <= 10.0)
            .map(|v| if matches!(sign, "" | "+") { v } else { -v })
    };
    let Some(d) = signed(&c[1], &c[2]) else {
        return true;
    };
    let m = c.get(0).expect("match");
    let rest = &text[m.end()..];
    if !range_tail_ok_for_size(rest) {
        return true;
    }
    push(
        found,
        r.a0,
        at + m.end(),
        change_of(d),
        "edss.change_stated",
        0.8,
    );
    second_group(rest, at + m.end(), &c[2], &signed, true, found);
    true
}

/// `the mean EDSS increase at 96 weeks was 0.15 for X compared with 0.33
/// for placebo`: a statistic's change named by its direction word, the
/// number unsigned in that direction (a written sign stands), and a second
/// group's after `compared with`.
fn stated_size(r: &After, found: &mut Vec<Found>) -> bool {
    let rate = r.stat.is_none()
        && RATE_OF.is_match(&r.fold[floor_boundary(r.fold, r.a0.saturating_sub(40))..r.a0]);
    let Some(c) = (r.stat.is_some() || rate)
        .then(|| SIZE_WAS.captures(r.rest))
        .flatten()
    else {
        return false;
    };
    // `the annualized rate of EDSS worsening was 0.08 points per year`: a
    // rate stands for a change only with its unit and `per year` (`a rate
    // of EDSS worsening of 0.08` may count events).
    if rate && !PER_YEAR_AT.is_match(&r.rest[c.get(0).expect("match").end()..]) {
        return false;
    }
    let Some(dir) = direction(&c[1]) else {
        return true;
    };
    let signed = |sign: &str, n: &str| {
        parse_decimal(n).filter(|v| *v <= 10.0).map(|v| match sign {
            "" => dir * v,
            "+" => v,
            _ => -v,
        })
    };
    let m = c.get(0).expect("match");
    let rest = &r.rest[m.end()..];
    let Some(d) = signed(&c[2], &c[3]) else {
        return true;
    };
    if !range_tail_ok_for_size(rest) {
        return true;
    }
    push(
        found,
        r.a0,
        r.at + m.end(),
        change_of(d),
        "edss.change_stated",
        0.8,
    );
    second_group(rest, r.at + m.end(), &c[3], &signed, false, found);
    true
}

/// A signed number right after the mention: `(EDSS +0.24)`, `EDSS −0.02`.
/// A level is never signed, so the sign makes it a change; an ASCII hyphen
/// counts only glued to its digit (`EDSS - 3.5` is a table's dash).
static SIGNED: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^(?:([+−])\s*|(-)){N}(?-u:\b)")));

/// A comparison after a signed number: `−0.5 lower`, `0.3 points less than`.
static COMPARED: LazyLock<Regex> = LazyLock::new(|| {
    rx(r"^(?i)\s*(?:points?\s+)?(?:lower|higher|less|more|greater|smaller|than|difference)(?-u:\b)")
});

/// A confidence interval close after a number: a difference's estimate.
static CI_NEAR: LazyLock<Regex> =
    LazyLock::new(|| rx(r"(?i)(?-u:\b)(?:CI|confidence\s+interval)(?-u:\b)"));

/// `(EDSS +0.24)`: a signed number that stands alone is a change of that
/// size.
pub(super) fn signed_change(r: &After, found: &mut Vec<Found>) -> bool {
    let Some(c) = SIGNED.captures(r.rest) else {
        return false;
    };
    let m = c.get(0).expect("match");
    let plus = c.get(1).is_some_and(|g| g.as_str() == "+");
    let Some(n) = parse_decimal(&c[3]).filter(|v| *v > 0.0 && *v <= 10.0) else {
        return true;
    };
    let tail = &r.rest[m.end()..];
    if !r.alone(tail) {
        return false;
    }
    // `−0.5 lower with training (95% CI …)`: a difference between groups.
    let near = &r.fold[r.at + m.end()..floor_boundary(r.fold, r.at + m.end() + 60)];
    if COMPARED.is_match(tail) || CI_NEAR.is_match(near) {
        return true;
    }
    let d = if plus { n } else { -n };
    push(
        found,
        r.a0,
        r.at + m.end(),
        change_of(d),
        "edss.change_signed",
        0.75,
    );
    true
}
