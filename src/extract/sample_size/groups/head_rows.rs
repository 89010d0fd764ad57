//! A table's column heads flattened onto one line, as a full text's plain
//! text (PMC text, pdftotext) gives a baseline table's head:
//!
//! ```text
//! Characteristic   Placebo (n = 45)   Drug (n = 44)   Total (N = 89)
//! ```
//!
//! or split over two lines, the names above their counts:
//!
//! ```text
//! Demographics   Placebo    Drug       All patients
//!                (n = 45)   (n = 44)   (N = 89)
//! ```
//!
//! A head that names the whole (`Total`, `Overall`, `All patients`, `Full
//! sample`) is the
//! trial's total when the other heads add up to it, and those heads are then
//! the arms; when they do not add up, or when a head is a sex, an age band,
//! a response or a time point (a subgroup table), the line gives no arms.
//! A line is a head line only when nothing but names stands between its
//! counts: a sentence (`randomized to A (n = 20) or B (n = 21)`) joins them
//! with words or commas and is left to the other rules.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::groups::columns::NOT_A_GROUP;
use crate::extract::sample_size::index::Spans;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of an arm read from a flattened head line.
pub(in crate::extract::sample_size) const ARM_HEAD_ROW: &str = "sample_size.arm_head_row";

/// The rule of the whole read from a flattened head line.
pub(in crate::extract::sample_size) const TOTAL_HEAD_ROW: &str = "sample_size.total_head_row";

/// The rule of a head line's count that is no arm (a subgroup table's, or
/// one whose heads do not add up to its whole).
pub(in crate::extract::sample_size) const NOT_ARM_HEAD_ROW: &str = "sample_size.head_row_not_arm";

/// One count head: `(n = 45)`, `N=89`, `n = 30`.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?:\([ \t]*)?(?-u:\b)[nN][ \t]*=[ \t]*(\d{1,3}(?:,\d{3})+|\d+)(?-u:\b)(?:[ \t]*\))?",
    )
    .expect("head regex")
});

/// A name between two heads that joins them as a sentence does.
static JOINS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)[,;:.=&+()\[\]]|(?-u:\b)(?:and|or|vs|versus|to|from|than|were|was|who|with|in|of|compared|whereas|while|but)(?-u:\b)")
        .expect("joins regex")
});

/// A name that is the whole table (also for `columns`: no arm, but no
/// reason either to doubt the heads beside it).
pub(super) static WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:^|[ \t|])(?:total|overall|combined|pooled|all|all (?:patients|participants|subjects|cases|children|women|men)|(?:(?:total|whole|entire|full|overall) (?:study )?|study )(?:population|sample|cohort))$",
    )
    .expect("whole regex")
});

/// A head that parts the people by what became of them or by whether they
/// came in (`Completers (n = 40)`, `Dropouts (n = 10)`, `Eligible`): a
/// subgroup table's, as a sex or an age band is.
pub(super) static NOT_AN_ARM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:completers?|non-?completers?|completed|drop-?outs?|withdrawn|withdrew|lost|excluded|included|screened|eligible|ineligible|survivors?|deaths?|died|alive)(?-u:\b)")
        .expect("not an arm regex")
});

/// The cells of a line: split at a tab, a `|` or two spaces or more.
fn fields(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let (mut lo, mut i) = (0, 0);
    while i < b.len() {
        let sep = match b[i] {
            b'\t' | b'|' => 1,
            b' ' if b.get(i + 1) == Some(&b' ') => 2,
            _ => 0,
        };
        if sep == 0 {
            i += 1;
            continue;
        }
        let mut j = i + sep;
        while j < b.len() && matches!(b[j], b' ' | b'\t' | b'|') {
            j += 1;
        }
        out.push(&line[lo..i]);
        lo = j;
        i = j;
    }
    out.push(&line[lo..]);
    out.into_iter()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect()
}

/// The name nearest a head in the text before it: its last cell, or its
/// last two words when no cell ends there (a table's title before its
/// first head) or the cell is long.
fn last_name(s: &str) -> &str {
    let f = fields(s);
    let cell = f.last().copied().unwrap_or("");
    if f.len() >= 2 && cell.len() <= 40 {
        return cell;
    }
    let mut cut = cell.len();
    for _ in 0..2 {
        cut = cell[..cut].trim_end().rfind(' ').unwrap_or(0);
    }
    cell[cut..].trim()
}

/// A head of a line: (start and end of its `n = N`, N, the name above or
/// before it).
type Head<'a> = (usize, usize, u64, &'a str);

/// The heads of one line, or none when the line is no head line.
fn heads_of<'a>(line: &'a str, above: Option<&'a str>, at: usize) -> Vec<Head<'a>> {
    let mut heads: Vec<Head<'a>> = Vec::new();
    let mut prev = 0;
    let mut between: Vec<&str> = Vec::new();
    for m in HEAD.captures_iter(line) {
        let (Some(all), Some(num)) = (m.get(0), m.get(1)) else {
            continue;
        };
        let Some(n) = parse_count_or_words(num.as_str()) else {
            return Vec::new();
        };
        let start = line[all.start()..]
            .find(['n', 'N'])
            .map_or(all.start(), |k| all.start() + k);
        between.push(&line[prev..all.start()]);
        heads.push((at + start, at + num.end(), n, ""));
        prev = all.end();
    }
    if heads.len() < 2 {
        return Vec::new();
    }
    if between
        .iter()
        .all(|s| s.trim_matches([' ', '\t', '|']).is_empty())
    {
        // The counts alone: their names are the last cells of the line above.
        let Some(names) = above.map(fields) else {
            return Vec::new();
        };
        if names.len() < heads.len() || !line[prev..].trim().is_empty() {
            return Vec::new();
        }
        let names = &names[names.len() - heads.len()..];
        for (h, name) in heads.iter_mut().zip(names) {
            h.3 = name;
        }
    } else {
        for (k, (h, s)) in heads.iter_mut().zip(&between).enumerate() {
            let name = if k == 0 {
                last_name(s)
            } else {
                s.trim_matches([' ', '\t', '|'])
            };
            if name.len() > 40 || !name.chars().any(char::is_alphabetic) || JOINS.is_match(name) {
                return Vec::new();
            }
            h.3 = name;
        }
    }
    heads
}

/// The lines of `fold` (split at `\n`) that hold a `=`, in order, each as
/// its start and end with the span of the last line before it that is not
/// blank (white space only), if any. Found from each `=` (issue 15: most
/// lines hold none, and splitting and trimming every line cost more than
/// reading the few head lines): the lines before a `=` line are walked
/// back only to the first that is not blank, and never past the previous
/// `=` line, itself not blank.
type EqualsLine = (usize, usize, Option<(usize, usize)>);

fn lines_with_equals(fold: &str) -> Vec<EqualsLine> {
    let b = fold.as_bytes();
    let mut lines: Vec<EqualsLine> = Vec::new();
    let mut above: Option<(usize, usize)> = None;
    // Lines that start before `seen` are read (`above` is the last of them
    // that is not blank).
    let mut seen = 0;
    while seen <= b.len() {
        let Some(q) = memchr::memchr(b'=', &b[seen..]).map(|q| seen + q) else {
            break;
        };
        let at = memchr::memrchr(b'\n', &b[..q]).map_or(0, |p| p + 1);
        let end = memchr::memchr(b'\n', &b[q..]).map_or(b.len(), |p| q + p);
        if let Some(line) = last_filled_line(fold, at, seen) {
            above = Some(line);
        }
        lines.push((at, end, above));
        above = Some((at, end));
        seen = end + 1;
    }
    lines
}

/// The last line that is not blank among those from `seen` (a line
/// start) to the line at `at`, which it is before.
fn last_filled_line(fold: &str, at: usize, seen: usize) -> Option<(usize, usize)> {
    let b = fold.as_bytes();
    // The `\n` that ends the line before.
    let mut end = at.checked_sub(1)?;
    loop {
        let start = memchr::memrchr(b'\n', &b[..end]).map_or(0, |p| p + 1);
        if start < seen {
            return None;
        }
        if !fold[start..end].trim().is_empty() {
            return Some((start, end));
        }
        end = start.checked_sub(1)?;
    }
}

/// Reads the head lines: arms and their whole, or no arms.
#[inline(never)]
pub(super) fn arms_from_head_rows(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let mut rows: Vec<Vec<Head<'_>>> = Vec::new();
    // The line above, as the text gives it: `fold` makes a tab one space,
    // and a tab parts the cells of a head.
    for (at, end, above) in lines_with_equals(fold) {
        let text_above = above.map(|(s, e)| doc.text_of_fold_span(s, e));
        let heads = heads_of(&fold[at..end], text_above, at);
        if !heads.is_empty() {
            rows.push(heads);
        }
    }
    if rows.is_empty() {
        return;
    }
    let spans = Spans::new(out);
    for heads in rows {
        let (whole, groups): (Vec<&Head<'_>>, Vec<&Head<'_>>) =
            heads.iter().partition(|h| WHOLE.is_match(h.3));
        let subgroups = groups
            .iter()
            .any(|h| NOT_A_GROUP.is_match(h.3) || NOT_AN_ARM.is_match(h.3));
        let sum: u64 = groups.iter().map(|h| h.2).sum();
        let arms = !subgroups
            && groups.len() >= 2
            && whole.len() == 1
            && whole[0].2 == sum
            && groups
                .iter()
                .all(|h| h.2 >= 2 && h.3.chars().any(char::is_alphabetic));
        if arms {
            let named = groups
                .iter()
                .map(|h| (*h, Role::Arm, ARM_HEAD_ROW))
                .chain(whole.iter().map(|h| (*h, Role::Total, TOTAL_HEAD_ROW)));
            for (&(start, end, n, name), role, rule) in named {
                let c = Cand {
                    start,
                    end,
                    n,
                    role,
                    group: (role == Role::Arm).then(|| name.to_string()),
                    rule,
                    conf: 0.85,
                };
                put_over(out, &spans, c);
            }
        } else if subgroups || !whole.is_empty() {
            // A subgroup table, or heads that do not add up to their whole:
            // no count of the line is an arm.
            // A sex or an age band is no total of the trial either.
            for &(start, end, n, name) in &heads {
                let not_whole = !WHOLE.is_match(name);
                for k in spans.covering(start, end).collect::<Vec<_>>() {
                    let counted =
                        out[k].role == Role::Arm || (not_whole && out[k].role == Role::Total);
                    if out[k].n == n && counted {
                        out[k].role = Role::Subgroup;
                        out[k].group = None;
                        out[k].rule = NOT_ARM_HEAD_ROW;
                        out[k].conf = 0.5;
                    }
                }
            }
        }
    }
}

/// Puts the arm (or whole) `c` a head states into `out`: the `n = 45`
/// rules may have read the same count already, and that candidate, with
/// its span, becomes `c`; else `c` is added.
pub(super) fn put_over(out: &mut Vec<Cand>, spans: &Spans, c: Cand) {
    let read: Vec<usize> = spans
        .covering(c.start, c.end)
        .filter(|&k| out[k].n == c.n)
        .collect();
    for &k in &read {
        out[k] = Cand {
            start: out[k].start,
            end: out[k].end,
            ..c.clone()
        };
    }
    if read.is_empty() {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `=` lines and the lines above them, found from each `=`, are
    /// those a walk over every line finds.
    #[test]
    fn lines_with_equals_are_those_a_walk_over_every_line_finds() {
        let walk = |fold: &str| {
            let mut got = Vec::new();
            let (mut above, mut at) = (None, 0);
            for line in fold.split('\n') {
                if line.contains('=') {
                    got.push((at, at + line.len(), above));
                }
                if !line.trim().is_empty() {
                    above = Some((at, at + line.len()));
                }
                at += line.len() + 1;
            }
            got
        };
        for t in [
            "",
            "=",
            "\n=\n",
            "A\tB\nn = 3\tn = 4\n",
            "A B\n\n \t\n\u{a0}\nn = 3 n = 4 = 5\nn=1\n\n\nx = 2",
            "==\n==\n\n==",
            "head\n  \n\u{2003}\n= end",
            "a\nb\nc\n\nd = 1\ne\n\nf\ng = 2\n",
        ] {
            assert_eq!(lines_with_equals(t), walk(t), "{t:?}");
        }
    }

    fn rows_of(text: &str) -> Vec<(u64, Role, Option<String>)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        arms_from_head_rows(&doc, &mut out);
        out.sort_by_key(|c| c.start);
        out.into_iter().map(|c| (c.n, c.role, c.group)).collect()
    }

    #[test]
    fn a_head_line_with_its_whole_gives_arms_and_total() {
        let got = rows_of(
            "Characteristic  Placebo (n = 45)  Drug (n = 44)  Total (N = 89)\nAge  54  53  53\n",
        );
        assert_eq!(
            got,
            [
                (45, Role::Arm, Some("Placebo".to_string())),
                (44, Role::Arm, Some("Drug".to_string())),
                (89, Role::Total, None)
            ]
        );
        let got = rows_of(
            "Demographics\tPlacebo\tVitamin D\tAll patients\n\t(n = 45)\t(n = 44)\t(N = 89)\n",
        );
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[1], (44, Role::Arm, Some("Vitamin D".to_string())));
        assert_eq!(got[2].1, Role::Total);
    }

    #[test]
    fn sentences_sexes_and_wholes_that_do_not_add_up_give_no_arms() {
        assert!(rows_of("randomized to A (n = 20) or B (n = 21), total (n = 41)").is_empty());
        assert!(rows_of("given to women volunteers (n=55 & n=33 respectively).").is_empty());
        let got = rows_of("Variable  Completers (n = 40)  Dropouts (n = 10)  Total (n = 50)");
        assert!(got.iter().all(|c| c.1 != Role::Arm), "{got:?}");
        assert!(rows_of("Outcome  Men (n = 40)  Women (n = 38)  Total (n = 78)").is_empty());
        assert!(
            rows_of("Characteristic  Placebo (n = 45)  Drug (n = 44)  Total (N = 90)").is_empty()
        );
        assert_eq!(fields("a  b\tc | d e"), ["a", "b", "c", "d e"]);
        assert_eq!(
            last_name("Table 1 Baseline characteristics of all the patients Group A"),
            "Group A"
        );
    }
}
