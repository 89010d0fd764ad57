//! Lists and ranges of p-values: the further values of a list after a
//! p-value (`p-values of 0.01 and 0.04`, `P = 0.12 for men and 0.03 for
//! women`), a range's upper end (`P = 0.01-0.04`) and a range that is a
//! measurement (`P = 0.5-1.5 mmHg`), and a test's list of values linked to
//! its p-values (`BF(1, 15) = 19.9 and 5.16, p <.001 and p <.05`).

use super::number::{clean_tail, parse_number, NUM};
use super::{comparator, statcheck, Hit, PKind, CMP};
use crate::normalize::Document;
use crate::record::Comparator;
use regex::Regex;
use std::sync::LazyLock;

// The next value of a list after a p-value: ", 0.03", " and 0.04",
// ", and < 0.001", " or .05".
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"^(?:\s?,\s?(?:and\s|or\s)?|\s(?:and|or)\s)\s?(?:(?P<cmp>{CMP})\s?)?(?P<num>{NUM})"
    ))
    .expect("p-value list regex")
});

// The next value of a parallel list, where each value names its group with
// the same preposition: "P = 0.12 for men and 0.03 for women", "0.04 in
// the elderly, 0.20 in the young" (the preposition after the value is
// checked to be the same one).
static PARALLEL_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"^\s(?P<prep>for|in|at|with)\s[A-Za-z][A-Za-z0-9'-]*(?:\s[A-Za-z0-9'-]+){{0,3}}?(?:\s?,\s?(?:and\s|or\s)?|\s(?:and|or)\s)\s?(?:(?P<cmp>{CMP})\s?)?(?P<num>{NUM})\s(?P<prep2>for|in|at|with)\s"
    ))
    .expect("parallel list regex")
});

/// [`PARALLEL_ITEM`] at the start of `rest` when both prepositions agree.
fn parallel_item(rest: &str) -> Option<regex::Captures<'_>> {
    PARALLEL_ITEM
        .captures(rest)
        .filter(|c| c["prep"] == c["prep2"])
}

// What may follow a list item for it to be read as a p-value: punctuation,
// a conjunction, "respectively", or a preposition introducing the contrast.
static LIST_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:\s*$|\s?[,;)\]]|\.(?:\D|$)|\s(?:and|or|respectively|for|in|at|vs\.?|versus|with)(?-u:\b)|\s?\n)")
        .expect("list end regex")
});

// The upper end of a range of p-values: "P = 0.01-0.04", "P values 0.001
// to 0.005" (`fold` has `-` for every dash).
static RANGE_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:\s?-\s?|\sto\s)(?P<num>0?\.[0-9]+)").expect("p-value range regex")
});

// Any range's upper end after a number: `-1.5 mmHg`, ` to 2 cm`.
static ANY_RANGE_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:-\s?|\sto\s)(?P<num>\d*\.?\d+)").expect("range regex")
});

/// Whether the number before `rest` opens a range that is a measurement,
/// not p-values: one with a unit after it (`P = 0.5-1.5 mmHg`, pressure)
/// or one whose upper end is a decimal above 1 (`P = 0.5-1.5`: no range
/// of p-values reaches past 1). A dash with a space before it is a
/// sentence's dash (`p = 0.03 - 12 of 40`), not a range.
pub(super) fn measured_range(rest: &str) -> bool {
    let Some(c) = ANY_RANGE_END.captures(rest) else {
        return false;
    };
    let n = c.name("num").expect("num");
    let above_one =
        n.as_str().contains('.') && parse_number(n.as_str()).is_some_and(|x| x.value > 1.0);
    above_one || !clean_tail(&rest[n.end()..])
}

/// The upper end of a range after an `=` p-value of `low` ending at `at`:
/// both ends are p-values the paper obtained, each reported with `=`, the
/// upper one as `p_value.range`. Only an ascending range of decimals
/// below 1 with nothing glued after it (`0.01-0.04`, not `0.04-0.01` nor
/// `0.5-1.5 mmHg`); after `<` or `>` the bound's meaning is unclear, so
/// none.
pub(super) fn range_end(doc: &Document, at: usize, cmp: Comparator, low: f64) -> Option<Hit> {
    if cmp != Comparator::Eq {
        return None;
    }
    let fold = doc.fold.as_str();
    let c = RANGE_END.captures(&fold[at..])?;
    let n = c.name("num").expect("num");
    let (ns, ne) = (at + n.start(), at + n.end());
    let number = parse_number(n.as_str())?;
    if number.value <= low
        || number.value > 1.0
        || !LIST_END.is_match(&fold[ne..])
        || !clean_tail(&fold[ne..])
    {
        return None;
    }
    Some(Hit {
        start: ns,
        end: ne,
        comparator: Comparator::Eq,
        number,
        rule: "p_value.range",
        confidence: 0.85,
        p_at: None,
        before: None,
        stat: None,
        cmp_flag: None,
        kind: PKind::Plain,
    })
}

/// Further values of a list after a p-value ending at `at` share its
/// comparator `cmp` unless they bring their own: "p-values of 0.01 and
/// 0.04", "P = 0.12 for men and 0.03 for women".
pub(super) fn list_after(doc: &Document, mut at: usize, cmp: Comparator, hits: &mut Vec<Hit>) {
    let fold = doc.fold.as_str();
    while let Some(li) = LIST_ITEM
        .captures(&fold[at..])
        .or_else(|| parallel_item(&fold[at..]))
    {
        if doc.budget.exhausted(hits.len()) {
            break;
        }
        let n = li.name("num").expect("num");
        let (ns, ne) = (at + n.start(), at + n.end());
        let Some(number) = parse_number(n.as_str()) else {
            break;
        };
        if number.value > 1.0 || !LIST_END.is_match(&fold[ne..]) || !clean_tail(&fold[ne..]) {
            break;
        }
        let item_cmp = match li.name("cmp") {
            Some(k) => match comparator(k.as_str()) {
                Some(k) => k,
                None => break,
            },
            None => cmp,
        };
        hits.push(Hit {
            start: li.name("cmp").map_or(ns, |k| at + k.start()),
            end: ne,
            comparator: item_cmp,
            number,
            rule: "p_value.list",
            confidence: 0.85,
            p_at: None,
            before: None,
            stat: None,
            cmp_flag: None,
            kind: PKind::Plain,
        });
        at = ne;
    }
}

// What may stand between two p-values of one list: `p <.001 and p <.05`,
// `p = .04, .001`.
static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:\s?,\s?(?:and\s|or\s)?|\s(?:and|or)\s)\s?$")
        .expect("list gap regex")
});

/// A test reported with a list of values before its p-values (`BF(1, 15)
/// = 19.9 and 5.16, p <.001 and p <.05`): when as many p-values follow as
/// there are values, joined by `and` or commas, they pair in order (the
/// first p is the first value's). When one plural p stands for them all
/// (`t(20) = 2.1 and 3.4, ps < .05`), it is linked to the weakest value
/// (the smallest in size: the test and df are shared, so it has the
/// largest p and decides whether the bound holds for every value). A
/// range of values (`ts(20) = 2.1-3.4, ps < .05`: the smallest and the
/// largest of several tests) pairs with a plural p only, linked to its
/// lower end. Any other count is ambiguous and links nothing.
pub(super) fn link_statistic_lists(fold: &str, hits: &mut [Hit]) {
    let mut i = 0;
    while i < hits.len() {
        let Some(p) = hits[i].p_at.filter(|_| hits[i].stat.is_none()) else {
            i += 1;
            continue;
        };
        let before = statcheck::statistic_before(fold, p);
        let none_before = before.is_none();
        hits[i].before = Some(before);
        let Some(list) = none_before
            .then(|| statcheck::statistic_list_before(fold, p))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let stats = list.stats;
        let mut chain = vec![i];
        // A range's ends summarise several tests: one plural p only.
        while chain.len() < stats.len() && !list.range {
            let (last, next) = (chain[chain.len() - 1], chain[chain.len() - 1] + 1);
            let joined = hits.get(next).is_some_and(|n| {
                n.start > hits[last].end
                    && n.stat.is_none()
                    && LIST_GAP.is_match(&fold[hits[last].end..n.start])
            });
            if !joined {
                break;
            }
            chain.push(next);
        }
        if chain.len() == stats.len() {
            for (&h, st) in chain.iter().zip(stats) {
                hits[h].stat = Some(st);
            }
        } else if chain.len() == 1 && plural_p(&fold[p..hits[i].end]) {
            hits[i].stat = stats
                .into_iter()
                .min_by(|a, b| a.value.abs().total_cmp(&b.value.abs()));
        }
        i = chain[chain.len() - 1] + 1;
    }
}

/// Whether a p-value's text names several p-values (`ps < .05`, `P's`,
/// `p-values of`).
fn plural_p(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.starts_with("ps") || t.starts_with("p's") || t.contains("values")
}
