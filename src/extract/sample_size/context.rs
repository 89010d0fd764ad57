//! Stage 2, after the groups: the roles a count takes from beyond its own
//! clause. A count in the bracket of a larger count is a part of it, a
//! count in a sentence about another study is that study's (cited), and a
//! count joined to an outcome count counts the same outcome.

use crate::extract::attribution::{attribute, in_reference_entry, Attribution};
use crate::extract::sample_size::groups::columns::{ARM_COLUMN, TOTAL_COLUMN};
use crate::extract::sample_size::index::Index;
use crate::extract::sample_size::window::{after_list_word, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::normalize::Document;

/// A count inside the bracket after a larger count is a part of it:
/// `44 CF patients (aged 7-19 y; 20 males)`, `Twelve healthy volunteers
/// (25.2 years, 9 females, …)`.
pub(super) fn parts_in_brackets(doc: &Document, index: &Index, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let brackets = &index.brackets;
    // By where they end, to look only at those near a bracket.
    let mut heads: Vec<(usize, u64)> = out
        .iter()
        .filter(|c| c.role != Role::Subgroup && c.role != Role::Skip)
        .map(|c| (c.end, c.n))
        .collect();
    heads.sort_unstable();
    let ending_in = |lo: usize, hi: usize| {
        let a = heads.partition_point(|&(end, _)| end < lo);
        let b = heads.partition_point(|&(end, _)| end <= hi);
        &heads[a..b.max(a)]
    };
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        // `Ninety patients (86 evaluable)`: a part with a role of its own.
        if !matches!(c.role, Role::Total | Role::Enrolled | Role::Randomized) {
            continue;
        }
        let (ss, se) = doc.sentence_at(c.start);
        // The last `(` of the sentence before the count, if no `)` follows it.
        let Some(open) = brackets
            .last_open_paren(ss, c.start)
            .filter(|&p| brackets.next_close_paren(p).is_none_or(|q| q >= c.start))
        else {
            continue;
        };
        // `556 cases (C: 148, D: 185 cases, …)`: several counts in the
        // bracket break the head down; other rules read those.
        let close = brackets
            .next_close_paren(c.end)
            .filter(|&p| p < se)
            .unwrap_or(se);
        let siblings = ending_in(open + 1, close).len();
        if siblings > 1 {
            continue;
        }
        // The head ends the noun phrase the bracket belongs to: `46
        // adolescents with cystic fibrosis (…; 21 males)`.
        let bigger_head = ending_in(open.saturating_sub(60), open)
            .iter()
            .any(|&(end, n)| {
                n > c.n
                    && !fold[end..open]
                        .contains(|ch: char| ch.is_ascii_digit() || ";.)]".contains(ch))
            });
        if bigger_head {
            c.role = Role::Subgroup;
            c.rule = "sample_size.part_in_bracket";
            c.conf = 0.5;
        }
    }
}

/// Counts in a background or discussion paragraph, or in a sentence that
/// names another study, belong to that study unless the sentence says "we"
/// or "our": `Yamout et al. … in ten patients`, `Among 15 patients, …`
/// ([`super::attribution`] decides).
pub(super) fn mark_cited(doc: &Document, out: &mut [Cand]) {
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        // A table's column heads are the trial's own groups.
        if matches!(c.role, Role::Subgroup | Role::Skip)
            || [ARM_COLUMN, TOTAL_COLUMN].contains(&c.rule)
        {
            continue;
        }
        if in_reference_entry(&doc.fold, c.start) {
            c.role = Role::Cited;
            c.rule = "sample_size.cited";
            c.conf = 0.7;
        } else if let Attribution::Other { background } = attribute(doc, c.start, c.end) {
            c.role = Role::Cited;
            c.rule = "sample_size.cited";
            c.conf = if background { 0.7 } else { 0.6 };
        }
    }
}

/// A count of unknown role joined to an outcome count (`fractures occurred
/// in 24 patients in one arm versus 25 patients in the other`) counts the
/// same outcome.
pub(super) fn outcomes_coordinated(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for i in 1..out.len() {
        let (prev, cur) = (&out[i - 1], &out[i]);
        if cur.rule == "sample_size.count_noun"
            && prev.role == Role::Subgroup
            && doc.sentence_at(prev.start) == doc.sentence_at(cur.start)
            && cur.start.saturating_sub(prev.end) < 80
            && after_list_word(fold, cur.start)
        {
            let c = &mut out[i];
            c.role = Role::Subgroup;
            c.rule = "sample_size.count_noun_outcome";
            c.conf = 0.5;
        }
    }
}
