//! A table's head flattened one cell a line, as PMC text gives a baseline
//! table whose counts stand in a row of their own under the names:
//!
//! ```text
//! Characteristic
//! Intervention
//! Attention control
//! p-Value
//!
//! N = 116
//! N = 116
//! ```
//!
//! The counts alone, one a line, are the sizes of the groups the block of
//! names above them names, one name a count (a first cell naming the rows'
//! column and a p-value's column left aside). They are the arms when they
//! add up to a count the study states (its enrolled, randomized or total
//! people), or to a `Total` column beside them; a block that names a sex, an
//! age band or a time point, or names more or fewer groups than there are
//! counts, gives no arms.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::groups::columns::NOT_A_GROUP;
use crate::extract::sample_size::groups::head_rows::{NOT_AN_ARM, WHOLE};
use crate::extract::sample_size::index::Spans;
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The rule of an arm read from a head block.
pub(in crate::extract::sample_size) const ARM_HEAD_BLOCK: &str = "sample_size.arm_head_block";

/// The rule of the whole read from a head block.
const TOTAL_HEAD_BLOCK: &str = "sample_size.total_head_block";

/// A line that is one count head and nothing else: `N = 116`, `(n = 45)`.
static COUNT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"^[ \t]*\(?[ \t]*[nN][ \t]*=[ \t]*(\d{1,3}(?:,\d{3})+|\d+)[ \t]*\)?[ \t]*$",
    )
    .expect("count line regex")
});

/// A head that is a test's column, not a group's.
static TEST_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^(?:p|p[ -]?values?|p\*|statistics?.*|.*(?-u:\b)p[ -]?values?|tests?|significance)$",
    )
    .expect("test column regex")
});

/// A name that is a sentence's part, not a cell: it joins words as a
/// sentence does or ends as one.
static SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"[.;:,=]$|(?-u:\b)(?:were|was|who|with|of|in|to)(?-u:\b)")
        .expect("sentence regex")
});

/// A line of `fold` (start, end).
type Line = (usize, usize);

/// The lines of `fold` from `at` back, each as its span, walking back while
/// `keep` holds for its text.
fn lines_back(fold: &str, at: usize, keep: impl Fn(&str) -> bool) -> Vec<Line> {
    let b = fold.as_bytes();
    let mut got = Vec::new();
    let mut end = at;
    while end > 0 {
        let e = end - 1;
        let s = memchr::memrchr(b'\n', &b[..e]).map_or(0, |p| p + 1);
        if !keep(&fold[s..e]) {
            break;
        }
        got.push((s, e));
        end = s;
    }
    got.reverse();
    got
}

/// The names above a run of counts that starts at `at`: the block of lines
/// before the blank line(s) above it. None when no block stands there.
fn names_above(fold: &str, at: usize) -> Option<Vec<&str>> {
    let blanks = lines_back(fold, at, |l| l.trim().is_empty());
    let from = blanks.first()?.0;
    let block = lines_back(fold, from, |l| !l.trim().is_empty());
    let names: Vec<&str> = block
        .iter()
        .map(|&(s, e)| fold[s..e].trim())
        .filter(|n| !TEST_COLUMN.is_match(n))
        .collect();
    Some(names)
}

/// The runs of count lines: each as the (start, end, n) of its counts.
fn runs(fold: &str) -> Vec<Vec<(usize, usize, u64)>> {
    let mut runs: Vec<Vec<(usize, usize, u64)>> = Vec::new();
    let mut last_end = None;
    let b = fold.as_bytes();
    let mut seen = 0;
    while seen < b.len() {
        let Some(q) = memchr::memchr(b'=', &b[seen..]).map(|q| seen + q) else {
            break;
        };
        let at = memchr::memrchr(b'\n', &b[..q]).map_or(0, |p| p + 1);
        let end = memchr::memchr(b'\n', &b[q..]).map_or(b.len(), |p| q + p);
        seen = end + 1;
        let Some(m) = COUNT_LINE.captures(&fold[at..end]) else {
            last_end = None;
            continue;
        };
        let (Some(num), Some(n)) = (
            m.get(1),
            m.get(1).and_then(|g| parse_count_or_words(g.as_str())),
        ) else {
            last_end = None;
            continue;
        };
        let start = fold[at..end].find(['n', 'N']).map_or(at, |k| at + k);
        let head = (start, at + num.end(), n);
        match runs.last_mut() {
            Some(run) if last_end.is_some_and(|e| e + 1 == at) => run.push(head),
            _ => runs.push(vec![head]),
        }
        last_end = Some(end);
    }
    runs.retain(|r| r.len() >= 2);
    runs
}

/// Reads the head blocks whose counts add up to a count of the study.
#[inline(never)]
pub(super) fn arms_from_head_blocks(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let runs = runs(fold);
    if runs.is_empty() {
        return;
    }
    let spans = Spans::new(out);
    let mut found: Vec<Cand> = Vec::new();
    for run in runs {
        let Some(mut names) = names_above(fold, run[0].0) else {
            continue;
        };
        if names.len() == run.len() + 1 {
            // The first cell names the rows' column (`Characteristic`).
            names.remove(0);
        }
        if names.len() != run.len() {
            continue;
        }
        let cells = names.iter().all(|n| {
            n.len() <= 40
                && n.chars().any(char::is_alphabetic)
                && !SENTENCE.is_match(n)
                && !NOT_A_GROUP.is_match(n)
                && !NOT_AN_ARM.is_match(n)
        });
        if !cells {
            continue;
        }
        let wholes: Vec<usize> = (0..names.len())
            .filter(|&k| WHOLE.is_match(names[k]))
            .collect();
        let groups: Vec<usize> = (0..names.len()).filter(|k| !wholes.contains(k)).collect();
        let sum: u64 = groups.iter().map(|&k| run[k].2).sum();
        if groups.len() < 2 || groups.iter().any(|&k| run[k].2 < 2) {
            continue;
        }
        let (lo, hi) = (run[0].0, run[run.len() - 1].1);
        let adds_up = match wholes.as_slice() {
            [] => out.iter().any(|c| {
                c.n == sum
                    && (c.end <= lo || c.start >= hi)
                    && matches!(c.role, Role::Enrolled | Role::Randomized | Role::Total)
            }),
            // `Total Population (n = 383)` beside four groups of 379: a
            // whole column the groups fall short of by a few people whose
            // group is missing (at most 3 in 100) still heads them.
            [w] => run[*w].2 == sum || (sum < run[*w].2 && sum * 100 >= run[*w].2 * 97),
            _ => false,
        };
        if !adds_up {
            continue;
        }
        for (k, &(start, end, n)) in run.iter().enumerate() {
            let arm = !wholes.contains(&k);
            found.push(Cand {
                start,
                end,
                n,
                role: if arm { Role::Arm } else { Role::Total },
                group: arm.then(|| names[k].to_string()),
                rule: if arm {
                    ARM_HEAD_BLOCK
                } else {
                    TOTAL_HEAD_BLOCK
                },
                conf: 0.8,
            });
        }
    }
    for c in found {
        super::head_rows::put_over(out, &spans, c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(text: &str, stated: u64) -> Vec<(u64, Role, Option<String>)> {
        let doc = Document::from_text(text);
        let mut out = vec![Cand::ungrouped(0, 1, stated, Role::Enrolled, "test", 0.8)];
        arms_from_head_blocks(&doc, &mut out);
        out.remove(0);
        out.sort_by_key(|c| c.start);
        out.into_iter().map(|c| (c.n, c.role, c.group)).collect()
    }

    #[test]
    fn counts_under_a_block_of_names_that_add_up_to_the_study_are_arms() {
        let text = "x\nTable 1\n\nCharacteristic\nDrug\nUsual care\np-Value\n\nN\u{a0}=\u{a0}50\nN = 52\n\nn\n%\n";
        assert_eq!(
            blocks_of(text, 102),
            [
                (50, Role::Arm, Some("Drug".to_string())),
                (52, Role::Arm, Some("Usual care".to_string()))
            ]
        );
        let text = "x\n\nA\nB\nTotal\n\n(n = 20)\n(n = 21)\n(n = 41)\n";
        assert_eq!(blocks_of(text, 7).len(), 3);
    }

    #[test]
    fn groups_a_few_short_of_a_total_population_column_are_arms() {
        let text = "x\n\nTotal Population\nStrict\nLenient\n\n(n = 200)\n(n = 97)\n(n = 99)\n";
        assert_eq!(
            blocks_of(text, 7),
            [
                (200, Role::Total, None),
                (97, Role::Arm, Some("Strict".to_string())),
                (99, Role::Arm, Some("Lenient".to_string()))
            ]
        );
        let text = "x\n\nTotal Population\nStrict\nLenient\n\n(n = 200)\n(n = 80)\n(n = 90)\n";
        assert!(blocks_of(text, 7).is_empty());
    }

    #[test]
    fn counts_that_add_up_to_nothing_stated_or_name_sexes_are_not_arms() {
        let text = "x\n\nCharacteristic\nDrug\nUsual care\np-Value\n\nN = 50\nN = 52\n";
        assert!(blocks_of(text, 100).is_empty());
        let text = "x\n\nCharacteristic\nMen\nWomen\n\nN = 50\nN = 52\n";
        assert!(blocks_of(text, 102).is_empty());
        let text = "x\n\nGroup\nDrug\nPlacebo\nUsual care\n\nN = 50\nN = 52\n";
        assert!(blocks_of(text, 102).is_empty());
    }
}
