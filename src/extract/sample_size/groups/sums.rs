//! Parts that add up to a stated count are its arms: `120 patients: 60 …
//! and 60 …`; parts of an outcome or of a sex breakdown are not.

use crate::extract::sample_size::index::{ByStart, Spans};
use crate::extract::sample_size::lexicon::{
    exits_after, is_noun, EVENTS_WORD, OUTCOME, PERCENT_PAREN, SEX_NOUN, SHARE_NEXT,
};
use crate::extract::sample_size::window::{group_after, next_word, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// Verbs that make the parts of a count outcomes: `139 had BMI < 30`,
// `9 showed a response`, `499 did not receive`.
static SUM_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:had|has|have|showed|did not|were not|cases)(?-u:\b)")
        .expect("sum outcome regex")
});

/// Counts that add up to the study count just stated are its groups:
/// `409 patients were evaluable (208 received ALC; 201, placebo)`, `34 (26
/// Poly E, eight placebo) were evaluable`, `139 patients were randomized, 70
/// to weekly and 69 to 3-weekly arm`, `726 patients were randomly assigned
/// (484, ribociclib; 242, placebo)`. The exact sum is what makes them arms,
/// so the words between them need not name a group. Uses the numbers
/// already found (no scan of its own) and looks only at the rest of the
/// sentence, at most 160 bytes.
#[inline(never)]
pub(super) fn arms_from_sums(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let wholes = wholes(doc, nums, out);
    let found = parts_adding_up(doc, nums, wholes, out.len());
    add_parts(doc, found, out);
}

/// The counts that may be split into parts: (where the parts may start,
/// the count, where they must end).
fn wholes(doc: &Document, nums: &[(usize, usize, u64)], out: &[Cand]) -> Vec<(usize, u64, usize)> {
    let fold = doc.fold.as_str();
    // Wholes: stated study counts (parts up to the sentence end), and any
    // count opening a bracket (parts inside that bracket only).
    let mut wholes: Vec<(usize, u64, usize)> = out
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                Role::Randomized | Role::Enrolled | Role::Analyzed | Role::Completed | Role::Total
            )
        })
        .map(|c| {
            let (_, se) = doc.sentence_at(c.end.saturating_sub(1));
            (c.end, c.n, se.min(c.end + 160))
        })
        .collect();
    for &(_, e, n) in nums {
        // `34 (26 …)`, and past a share and a short noun phrase: `65 (81%)
        // participants (29 intervention, 36 control)`, `41 patients (21
        // treatment group and 20 control group)`.
        let mut at = e;
        if let Some(m) = PERCENT_PAREN.find(&fold[at..]) {
            at += m.end();
        }
        let rest = &fold[at..];
        let mut t = rest.trim_start();
        // The words skipped must name participants (`256 deaths (102 …)`
        // splits events).
        let mut noun = t.starts_with('(');
        if !noun {
            for _ in 0..3 {
                let w = t.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-');
                if w.len() == t.len() {
                    break;
                }
                noun |= is_noun(&t[..t.len() - w.len()]);
                t = w.trim_start_matches(' ');
                if t.starts_with('(') {
                    break;
                }
            }
        }
        let open = at + rest.len() - t.len();
        // `Eight patients relapsed (in situ, 1; marginal, 1; …)`.
        let skipped = &fold[at..open];
        if noun && t.starts_with('(') && !OUTCOME.is_match(skipped) {
            let hi = ceil_boundary(fold, open + 120);
            if let Some(close) = fold[open..hi].find(')') {
                // `136 women (74 placebo, 62 tamoxifen) developed breast
                // cancer`: the split of an outcome.
                let after = &fold[open + close..ceil_boundary(fold, open + close + 30)];
                if !OUTCOME.is_match(after) && !exits_after(fold, open + close + 1) {
                    wholes.push((open, n, open + close));
                }
            }
        }
    }
    wholes.sort_unstable();
    wholes.dedup();
    wholes
}

/// The numbers that add up to a whole, right after it.
fn parts_adding_up(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    wholes: Vec<(usize, u64, usize)>,
    made: usize,
) -> Vec<(usize, usize, u64)> {
    let fold = doc.fold.as_str();
    let mut found: Vec<(usize, usize, u64)> = Vec::new();
    for (end, whole, hi) in wholes {
        if spent(doc, made) {
            break;
        }
        if whole < 4 {
            continue;
        }
        let first = nums.partition_point(|&(s, _, _)| s < end);
        let last = nums.partition_point(|&(s, _, _)| s < hi);
        let window = &nums[first..last.max(first)];
        if let Some(parts) = split_of(fold, window, (end, whole, hi)) {
            found.extend(parts);
        }
    }
    found
}

/// The numbers of `window` that add up to `whole`, starting at one of the
/// first three: a split that follows its whole at once. A dose inside a
/// part's label (`102 DPSGC 25 mg, 99 placebo`) is passed over.
fn split_of(
    fold: &str,
    window: &[(usize, usize, u64)],
    (end, whole, hi): (usize, u64, usize),
) -> Option<Vec<(usize, usize, u64)>> {
    // Start at one of the first three numbers: `40 women were enrolled
    // and 34 (26 Poly E, eight placebo)` is not a split of 40.
    'start: for i in 0..window.len().min(3) {
        let mut sum = 0u64;
        let mut parts: Vec<(usize, usize, u64)> = Vec::new();
        for &(s, e, n) in &window[i..] {
            let prev_end = parts.last().map(|p| p.1);
            // The split follows its whole at once (`were randomized, 70
            // to …`); a count further on starts another statement.
            let far = match prev_end {
                None => s - end > 50,
                Some(p) => s - p > 60,
            };
            // `66 outpatients: 46 patients were … , and 20 patients …`: a
            // long clause of one part still ends where the list goes on,
            // when the whole opens the list with a colon and `and` brings
            // its last part; that part names people and must close the sum.
            let last_of_list = far
                && prev_end.is_some_and(|p| {
                    s - p <= LIST_GAP && list_after_colon(fold, end, parts[0].0, p, s)
                })
                && is_noun(next_word(&fold[e..]).trim_end_matches(|c: char| !c.is_alphanumeric()));
            if far && !last_of_list {
                break;
            }
            if last_of_list && sum + n != whole {
                break;
            }
            // `102 DPSGC 25 mg, 99 placebo`: the dose of a part's label.
            if prev_end.is_some() && DOSE_NEXT.is_match(&fold[e..]) {
                continue;
            }
            // A part is smaller than the whole and not a percentage.
            if n >= whole || fold[e..].trim_start().starts_with('%') {
                continue 'start;
            }
            // `9 females`, `5 pairs`, `2 in 25 mg/BID`, `18 healthy
            // subjects`: sexes, things, doses and healthy comparators are
            // not groups; a gap holding a measurement (`±`,
            // `=`, `mg`) is not a list of groups.
            let word = next_word(&fold[e..]);
            let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let shared = next_word(past_copula(past_share(&fold[e..])));
            let shared = shared.trim_end_matches(|c: char| !c.is_alphanumeric());
            if EVENTS_WORD.is_match(word)
                || SEX_NOUN.is_match(word)
                || SEX_NOUN.is_match(shared)
                || matches!(word, "male" | "female")
                || matches!(shared, "male" | "female")
                || matches!(
                    word,
                    "pairs"
                        | "years"
                        | "of"
                        | "in"
                        | "through"
                        | "or"
                        | "healthy"
                        | "mg"
                        | "mcg"
                        | "ml"
                )
                || fold[..s].ends_with(" or ")
            {
                continue 'start;
            }
            if let Some(p) = prev_end {
                let gap = DOSE.replace_all(&fold[p..s], "");
                // `t(9;22)` inside the gap: a label's numbers, not
                // groups; `(42.3%)` is allowed.
                let label_paren = gap.match_indices('(').any(|(k, _)| {
                    !gap[k + 1..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit())
                });
                if label_paren || gap.contains(['±', '=', '/']) || gap.contains("mg") {
                    continue 'start;
                }
            }
            sum += n;
            parts.push((s, e, n));
            if sum == whole && parts.len() > 1 {
                // `1 achieved CR, 9 achieved PR, 11 had stable disease`:
                // parts of an outcome, not groups.
                let span = &fold[end..ceil_boundary(fold, e + 40).min(hi.max(e))];
                if !OUTCOME.is_match(span) && !SUM_OUTCOME.is_match(span) {
                    return Some(parts);
                }
                return None;
            }
            if sum > whole {
                break;
            }
        }
    }
    None
}

/// The longest gap a list's last part may follow the one before it by.
const LIST_GAP: usize = 130;

/// `66 outpatients with CHF: 46 … , and 20 …`: the whole ends in a colon
/// right before its first part, the gap before the part at `s` (from `p`)
/// ends in `and` and holds no sentence or clause end of its own.
fn list_after_colon(fold: &str, end: usize, first: usize, p: usize, s: usize) -> bool {
    let lead = &fold[end..first];
    let gap = &fold[p..s];
    let gap_t = gap.trim_end();
    lead.trim_end().ends_with(':')
        && !lead.contains(['.', ';'])
        && (gap_t.ends_with(" and") || gap_t.ends_with(",and"))
        && !gap.contains(['.', ';', ':', '(', ')'])
}

// A dose right after a number: `25 mg,`, `0.5 mg/kg` is no dose of a label
// (a `/` stays and stops the split).
static DOSE_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^\s*(?:mg|mcg|µg|g|ml|mL|IU)\s*[,;]").expect("dose next regex")
});

// A dose in a part's label, taken out of the gap before it is checked.
static DOSE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?-u:\b)\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|ml|mL|IU)\s*[,;]")
        .expect("dose regex")
});

/// The text after a count, past a share in brackets right after it: `247
/// [62%] girls` says who the 247 are by the word after the share.
fn past_share(rest: &str) -> &str {
    if !SHARE_NEXT.is_match(rest) {
        return rest;
    }
    let near = &rest[..floor_boundary(rest, 30)];
    near.find([')', ']']).map_or(rest, |k| &rest[k + 1..])
}

/// The text after a count, past `were` / `was` / `are` right after it:
/// `52 (54.2%) were females and 44 (45.8%) were males` says who the parts
/// are by the word after the verb, as `52 females` does.
fn past_copula(rest: &str) -> &str {
    let t = rest.trim_start();
    ["were ", "was ", "are "]
        .iter()
        .find_map(|v| t.strip_prefix(v))
        .unwrap_or(rest)
}

/// The parts found become arms; each part's own candidate goes.
fn add_parts(doc: &Document, found: Vec<(usize, usize, u64)>, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // A part made an arm here covers only its own number, and a candidate
    // dropped here was no arm: the candidates before this stage and the
    // parts added so far answer "is it an arm already"; the dropped ones go
    // once at the end.
    let spans = Spans::new(out);
    let by_start = ByStart::new(out);
    let mut added: Vec<Cand> = Vec::new();
    let mut added_at: std::collections::HashSet<usize> = Default::default();
    let mut dropped = vec![false; out.len()];
    for (s, e, n) in found {
        if spent(doc, out.len() + added.len()) {
            break;
        }
        if added_at.contains(&s)
            || spans
                .covering(s, s + 1)
                .any(|i| matches!(out[i].role, Role::Arm | Role::Cited))
        {
            continue;
        }
        // Only the part's own candidate goes: `34 (26 …, eight placebo)
        // were evaluable` keeps the whole that spans its parts.
        if let Some(i) = by_start.get(s) {
            dropped[i] = true;
        }
        added_at.insert(s);
        added.push(Cand {
            start: s,
            end: e,
            n,
            role: Role::Arm,
            group: sum_label(fold, e),
            rule: "sample_size.arm_sum",
            conf: 0.7,
        });
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
    out.append(&mut added);
}

/// The group named after a part of a sum: `201, placebo` → `placebo`,
/// `70 to weekly` → `weekly`, `26 exercise` → `exercise`.
fn sum_label(fold: &str, e: usize) -> Option<String> {
    let rest = &fold[e..];
    let t = rest.trim_start_matches([' ', ',', ':']);
    let g = group_after(fold, e + rest.len() - t.len())?;
    let g = g
        .strip_prefix("received ")
        .or_else(|| g.strip_prefix("to "))
        .unwrap_or(&g);
    (!g.is_empty()).then(|| g.to_string())
}
