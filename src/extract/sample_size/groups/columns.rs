//! A table's column heads, one group a line, as full texts give them:
//!
//! ```text
//! C group (n = 11)
//! LP group (n = 11)
//! DP group (n = 11)
//! ```
//!
//! Two or more such lines in a row are the groups of the trial's own table
//! (a baseline table says `Placebo(n = 1,148)` and `Atorvastatin(n =
//! 1,174)`): arms, even where the section detector puts the tables (after
//! the discussion, in a PMC text). A head that names the whole (`Total`,
//! `All patients`) beside them is the trial's total; a run with a sex or a
//! threshold is no set of arms; the lines must all
//! stand alone, so a sentence with brackets is left to the other rules.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::groups::head_rows::WHOLE;
use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::window::spent;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of an arm read from a column head.
pub(in crate::extract::sample_size) const ARM_COLUMN: &str = "sample_size.arm_column";

/// The rule of the whole table's head beside the arms (`Total (n = 54)`).
pub(in crate::extract::sample_size) const TOTAL_COLUMN: &str = "sample_size.total_column";

/// A line that is only a label and `(n = N)`.
static HEAD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?m)^[ \t]*([^\n()=]{1,40}?)[ \t]*\([ \t]*[nN][ \t]*=[ \t]*(\d{1,3}(?:,\d{3})+|\d+)[ \t]*\)[ \t]*$")
        .expect("column head regex")
});

/// A head that is not one group of the trial: a sex, a threshold, a
/// response, an age band, or a time point of the same people measured
/// again (`Baseline (n = 100)`, `6 months (n = 93)`, `T2 (n = 36)`,
/// `Change at week 6 (n = 24)`, `Follow-up (n = 39)`). A run with one of
/// them is no set of arms.
pub(super) static NOT_A_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:male|female|males|females|men|women|boys|girls|responders?|non-?responders?|yes|no|missing|present|absent|age[ds]?|years?|baseline|follow-?up|visit|screening|pre-?test|post-?test|t[0-9]|(?:weeks?|months?|days?) [0-9]+|[0-9]+ (?:weeks?|months?|days?))(?-u:\b)|[<>≤≥]")
        .expect("not a group regex")
});

/// Column heads, two lines or more in a row, become arms.
#[inline(never)]
pub(super) fn arms_from_columns(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // (start, end, n, label) of each head line, in text order.
    let mut heads: Vec<(usize, usize, u64, String, usize, usize)> = Vec::new();
    // A head line holds a `=`: only the lines that do are read, each on its
    // own (`^` and `$` hold at its ends as at the text's).
    let b = fold.as_bytes();
    let mut line_end = 0;
    for eq in memchr::memchr_iter(b'=', b) {
        if eq < line_end {
            continue;
        }
        let lo = memchr::memrchr(b'\n', &b[..eq]).map_or(0, |p| p + 1);
        line_end = memchr::memchr(b'\n', &b[eq..]).map_or(b.len(), |p| eq + p);
        for m in HEAD_LINE.captures_iter(&fold[lo..line_end]) {
            if spent(doc, out.len()) {
                return;
            }
            let (Some(line), Some(label), Some(num)) = (m.get(0), m.get(1), m.get(2)) else {
                continue;
            };
            let Some(n) = parse_count_or_words(num.as_str()) else {
                continue;
            };
            heads.push((
                lo + num.start(),
                lo + num.end(),
                n,
                label.as_str().trim().to_string(),
                lo + line.start(),
                lo + line.end(),
            ));
        }
    }
    let mut by_start = ByStart::new(out);
    // The candidates before the heads were read, by start, to find the one
    // that read a head already.
    let mut order: Vec<(usize, usize)> =
        out.iter().enumerate().map(|(k, c)| (c.start, k)).collect();
    order.sort_unstable();
    let mut i = 0;
    while i < heads.len() {
        // A run: each line starts right after the one before it.
        let mut j = i + 1;
        while j < heads.len() && fold[heads[j - 1].5..heads[j].4].trim().is_empty() {
            j += 1;
        }
        let (whole, run): (Vec<_>, Vec<_>) = heads[i..j].iter().partition(|h| WHOLE.is_match(&h.3));
        let groups = run.len() >= 2
            && run.iter().all(|h| {
                h.2 >= 2 && !NOT_A_GROUP.is_match(&h.3) && h.3.chars().any(char::is_alphabetic)
            });
        if groups {
            let heads = run
                .iter()
                .map(|h| (h, Role::Arm, ARM_COLUMN))
                .chain(whole.iter().map(|h| (h, Role::Total, TOTAL_COLUMN)));
            for ((start, end, n, label, line_start, _), role, rule) in heads {
                let c = Cand {
                    start: *start,
                    end: *end,
                    n: *n,
                    role,
                    group: (role == Role::Arm).then(|| label.clone()),
                    rule,
                    conf: 0.6,
                };
                // The `n = 11` rules may have read the head already, with a
                // span that starts at `n`: that candidate becomes the arm.
                let from = order.partition_point(|&(s, _)| s < *line_start);
                let read = order[from..]
                    .iter()
                    .take_while(|&&(s, _)| s <= *start)
                    .map(|&(_, k)| k)
                    .find(|&k| *end <= out[k].end && out[k].n == *n);
                match read {
                    Some(k) => {
                        out[k] = Cand {
                            start: out[k].start,
                            end: out[k].end,
                            ..c
                        }
                    }
                    None => by_start.replace(out, c),
                }
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head lines read line by line where a `=` is are those that a
    /// scan of the whole text finds.
    #[test]
    fn head_lines_are_read_where_a_sign_is() {
        let text = "Table 2\nPlacebo (n = 40)\n  Drug A (N=41)\t\nTotal (n = 81)\n\
            x = 2 (n = 3)\nAge (n = 5) = 6\n(n = 7)\nlast (n = 8)";
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        arms_from_columns(&doc, &mut out);
        let whole: Vec<(usize, usize)> = HEAD_LINE
            .captures_iter(&doc.fold)
            .map(|m| (m.get(2).expect("n").start(), m.get(2).expect("n").end()))
            .collect();
        assert_eq!(whole.len(), 4, "{whole:?}");
        let got: Vec<(usize, usize)> = out.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(got, whole[..3]);
    }

    fn columns_of(text: &str) -> Vec<(u64, String)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        arms_from_columns(&doc, &mut out);
        out.into_iter()
            .map(|c| (c.n, c.group.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn column_heads_in_a_row_are_arms() {
        let got =
            columns_of("Table 1\n\nC group (n = 11)\nLP group (n = 11)\nDP group (n = 11)\n\nAge");
        assert_eq!(
            got,
            [
                (11, "C group".to_string()),
                (11, "LP group".to_string()),
                (11, "DP group".to_string())
            ]
        );
        let got = columns_of("Placebo(n = 1,148)\nAtorvastatin(n = 1,174)\n");
        assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [1148, 1174]);
    }

    #[test]
    fn a_lone_head_totals_and_sexes_are_not_arms() {
        assert!(columns_of("Treatment arm (n = 22)\nAge, years").is_empty());
        assert!(columns_of("Men (n = 40)\nWomen (n = 38)\n").is_empty());
        // Time points of the same people measured again are no groups.
        assert!(columns_of("Baseline (n = 100)\n6 months (n = 93)\n").is_empty());
        assert!(columns_of("T1 (n = 40)\nT2 (n = 36)\nT3 (n = 32)\n").is_empty());
        assert!(columns_of("Baseline (n=25)\nChange at week 6 (n=24)\n").is_empty());
        // A group named by a number of days is still a group when its
        // head names no time point (`Day-case`), nor do heads of a trial's
        // two periods of care (`Before`, `After`) count as time points.
        assert_eq!(
            columns_of("Day-case (n = 30)\nInpatient (n = 31)\n").len(),
            2
        );
        assert_eq!(columns_of("Before (n = 20)\nAfter (n = 30)\n").len(), 2);
        assert!(columns_of("Drug (n = 20)\nTotal (n = 40)\n").is_empty());
        // The whole beside two groups is the total; the groups stay arms.
        let got = columns_of("Placebo (n = 27)\nDrug (n = 27)\nTotal (n = 54)\n");
        assert_eq!(
            got,
            [
                (27, "Placebo".to_string()),
                (27, "Drug".to_string()),
                (54, String::new())
            ]
        );
        assert!(
            columns_of("Patients were randomized to A (n = 20)\nor B (n = 21) in 2010.\n")
                .is_empty()
        );
    }
}
