//! `Twenty patients were randomized to receive carvedilol (five men and
//! five women; mean age, 63 years) or nifedipine (three men and seven
//! women; …)`: when each alternative of one sentence is followed by a
//! bracket that splits it by sex, and the splits together add up to the
//! sentence's whole, each bracket states its group's size (the men and the
//! women of that group). A sex split of a part of one group (`those with
//! diabetes in the A group (four men and three women)`) adds up to no
//! stated whole and stays a description.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::index::{ByStart, Index};
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of a group's size read as the sum of its sex split.
pub(in crate::extract::sample_size) const SEX_SUM: &str = "sample_size.arm_sex_sum";

// A bracket that opens with a split into men and women (either order),
// closed or followed by more description after `;` or `,`.
static SEX_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\(\s*(\d+|[a-z]+(?:-[a-z]+)?)\s+(men|males|boys|women|females|girls)\s*(?:,\s*|\s+and\s+|,\s*and\s+)(\d+|[a-z]+(?:-[a-z]+)?)\s+(men|males|boys|women|females|girls)\s*(?:[;,)]|$)",
    )
    .expect("sex pair regex")
});

/// Words that end the name of the alternative before its bracket.
const NAME_OPENERS: [&str; 6] = [" or ", " and ", ", ", " receive ", " to ", " with "];

/// One bracket's split: where its counts start and end, their sum, and
/// the name of the group before it.
type Split = (usize, usize, u64, String);

fn male(word: &str) -> bool {
    matches!(word, "men" | "males" | "boys")
}

/// The split that the bracket at `open..close` states, if it is one.
fn split_at(fold: &str, open: usize, close: usize) -> Option<Split> {
    let c = SEX_PAIR.captures(&fold[open..close])?;
    let (w1, w2) = (c[2].to_ascii_lowercase(), c[4].to_ascii_lowercase());
    if male(&w1) == male(&w2) {
        return None;
    }
    let a = parse_count_or_words(&c[1])?;
    let b = parse_count_or_words(&c[3])?;
    // The name's words, not cut at a dose's stops (`nifedipine t.i.d.`,
    // which a sentence splitter may take for a sentence's end).
    let head = &fold[floor_boundary(fold, open.saturating_sub(60))..open];
    let sentence_end = head
        .as_bytes()
        .windows(3)
        .rposition(|w| w[0] == b'.' && w[1] == b' ' && w[2].is_ascii_uppercase())
        .map(|p| p + 2);
    let from = NAME_OPENERS
        .iter()
        .filter_map(|w| head.rfind(w).map(|p| p + w.len()))
        .chain(sentence_end)
        .chain(head.rfind(')').map(|p| p + 1))
        .max()
        .unwrap_or(0);
    let name = head[from..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        return None;
    }
    let s = open + c.get(1).map_or(0, |m| m.start());
    let e = open + c.get(4).map_or(0, |m| m.end());
    Some((s, e, a + b, name))
}

/// How far before its split a group's own count may be stated.
const STATED_BEFORE: usize = 80;

/// The longest gap between two brackets of one run of splits.
const GAP: usize = 150;

/// Whether `between` (the text from one split's bracket to the next)
/// keeps them in one sentence: no stop before a capital. A sentence
/// splitter may cut at `t.i.d. (three men`, the dose's stops.
fn one_sentence(between: &str) -> bool {
    let b = between.as_bytes();
    !b.windows(3)
        .any(|w| matches!(w[0], b'.' | b';') && w[1] == b' ' && w[2].is_ascii_uppercase())
}

/// Adds each group whose size only its sex split states (see the module).
#[inline(never)]
pub(super) fn arms_from_sex_sums(doc: &Document, index: &Index, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    if !doc.lower().contains("men") && !doc.lower().contains("males") {
        return;
    }
    let mut found: Vec<(usize, usize, Split)> = Vec::new();
    for m in &index.bracket_spans {
        if spent(doc, out.len()) {
            return;
        }
        let (open, close) = (m.start(), m.end());
        if let Some(sp) = split_at(fold, open, close) {
            found.push((open, close, sp));
        }
    }
    let mut by_start = ByStart::new(out);
    let mut run: Vec<Split> = Vec::new();
    let mut last_close = 0;
    for (open, close, sp) in found {
        let joined = !run.is_empty()
            && open >= last_close
            && open - last_close <= GAP
            && one_sentence(&fold[last_close..open]);
        if !joined {
            if run.len() >= 2 {
                add_if_whole(doc, out, &mut by_start, &run);
            }
            run.clear();
        }
        run.push(sp);
        last_close = close;
    }
    if run.len() >= 2 {
        add_if_whole(doc, out, &mut by_start, &run);
    }
}

/// Adds `splits` as arms when a count of the whole (a total, enrolled or
/// randomized count before the first bracket, in its sentence) is their
/// sum.
fn add_if_whole(doc: &Document, out: &mut Vec<Cand>, by_start: &mut ByStart, splits: &[Split]) {
    let sum: u64 = splits.iter().map(|sp| sp.2).sum();
    let first = splits[0].0;
    let sentence = doc.sentence_at(first);
    let whole = out.iter().any(|c| {
        c.start >= sentence.0
            && c.end <= first
            && c.n == sum
            && matches!(c.role, Role::Total | Role::Enrolled | Role::Randomized)
    });
    // `47 were assigned to yoga (30 women and 17 men)`: a group whose size
    // is stated (as an arm) before its split has its arm already.
    let stated = splits.iter().any(|sp| {
        out.iter().any(|c| {
            c.role == Role::Arm && c.n == sp.2 && c.end <= sp.0 && sp.0 - c.end <= STATED_BEFORE
        })
    });
    if !whole || stated {
        return;
    }
    for (s, e, n, name) in splits {
        let c = Cand {
            start: *s,
            end: *e,
            n: *n,
            role: Role::Arm,
            group: Some(name.clone()),
            rule: SEX_SUM,
            conf: 0.7,
        };
        by_start.replace(out, c);
    }
}
