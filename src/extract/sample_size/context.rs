//! Stage 2, after the groups: the roles a count takes from beyond its own
//! clause. A count in the bracket of a larger count is a part of it, a
//! count in a sentence about another study is that study's (cited), and a
//! count joined to an outcome count counts the same outcome, and a count
//! assigned to one arm after a partitive or anaphoric whole (`Of those 63
//! participants, eleven were assigned to control`) is that arm.

use crate::extract::attribution::{attribute, in_reference_entry, Attribution};
use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::groups::columns::{ARM_COLUMN, TOTAL_COLUMN};
use crate::extract::sample_size::index::Index;
use crate::extract::sample_size::window::{after_list_word, before_window, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

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
        if in_reference_entry(&doc.fold, c.start) || in_reference_list(doc, c.start) {
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

/// After a `References` heading, an entry of the list (the block between
/// blank lines, as PMC's text gives one: `16`, the authors, the title, the
/// journal and year on lines of their own) that holds a year of
/// publication and no column head (`n = 17`) is another study's, however
/// its authors are written (`BaigentC, KeechA, … (2005) … meta-analysis of
/// data from 90,056 participants`, `9 Heart Protection Study Collaborative
/// Group …`): its counts are the cited study's. Tables that a text puts
/// after its reference list keep theirs.
fn in_reference_list(doc: &Document, at: usize) -> bool {
    if doc.section_at(at) != Section::References {
        return false;
    }
    let fold = doc.fold.as_str();
    let at = floor_boundary(fold, at.min(fold.len()));
    let reach = floor_boundary(fold, at.saturating_sub(ENTRY_REACH));
    let lo = fold[reach..at]
        .rfind("\n\n")
        .map_or(reach, |p| reach + p + 2);
    let end = ceil_boundary(fold, (at + ENTRY_REACH).min(fold.len()));
    let hi = fold[at..end].find("\n\n").map_or(end, |p| at + p);
    let entry = &fold[lo..hi];
    if COLUMN_HEAD.is_match(entry) {
        return false;
    }
    PUBLICATION_YEAR.is_match(entry) || source_below(fold, hi, end)
}

/// Whether the block after an entry's title block (`3.` / the authors /
/// the title, then a blank line, then `Plast Reconstr Surg.
/// 2012;129:897–904.`: PMC's text often sets the source apart) is its
/// source: a year of publication, and no number opening the next entry.
fn source_below(fold: &str, hi: usize, end: usize) -> bool {
    let Some(rest) = fold.get(hi..end).and_then(|r| r.strip_prefix("\n\n")) else {
        return false;
    };
    let block = rest.find("\n\n").map_or(rest, |p| &rest[..p]);
    let first = block.lines().next().unwrap_or("").trim();
    let opens_entry = first
        .trim_end_matches('.')
        .bytes()
        .all(|b| b.is_ascii_digit());
    !opens_entry && PUBLICATION_YEAR.is_match(block) && !COLUMN_HEAD.is_match(block)
}

/// Bytes read either side of a count for its reference entry.
const ENTRY_REACH: usize = 600;

/// A year of publication: 1900-2029 on its own (`(2005)`, `2005;`) or glued
/// after a journal's name (`Am J Cardiol2002`), not inside a longer number.
static PUBLICATION_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?:^|[^0-9.,])(?:19\d\d|20[0-2]\d)(?:[^0-9]|$)|[A-Za-z](?:19\d\d|20[0-2]\d)",
    )
    .expect("publication year regex")
});

/// A table's count head: `(n = 17)`, `N=44`.
static COLUMN_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)n\s*=\s*\d").expect("column head regex")
});

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

/// Before a count, in its sentence: a partitive whole that opens its
/// clause and frames it (`Of those 63 participants, `, `Of the 120
/// enrolled, `, `Among these 40 infants, `; not `After the exclusion of 7
/// subjects, `).
static PARTITIVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:^|[,;]\s|(?-u:\b)(?:and|then|but)\s)\s*(?:of|out of|among|amongst|from)\s+(?:the\s+|these\s+|those\s+|all\s+|all the\s+)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{NUMBER_WORDS})(?-u:\b)([^.;:,()0-9]{{0,60}}),\s*$"
    ))
    .expect("partitive before regex")
});

/// Right before a count: `these` / `those`, which point back to people
/// the text has already counted (`These 7 patients were …`).
static ANAPHORIC_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:^|(?-u:\b))(?:these|those)\s+$")
        .expect("anaphoric before regex")
});

/// After a count: it was assigned to one named arm (`were assigned to
/// control`, `was randomised to the exercise group`, `were allocated to
/// receive hypertonic saline`, `were allocated to the coaching group and
/// the remainder to …`); the capture is the arm, then what ends it.
static ONE_ARM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;()0-9]{0,60}?(?-u:\b)(?:were|was)\s+(?:then\s+|subsequently\s+|randomly\s+|thus\s+)?(?:assigned|allocated|randomi[sz]ed)\s+(?:\(\s*[^)0-9]{0,20}\)\s+)?to\s+(?:receive\s+)?(the\s+|an?\s+)?([a-z][^.;:,()0-9]{1,60}?)\s*([.;:,(]|$|\s+and\s+(?:all\s+)?the\s+(?:rest|remainder|remaining|others)(?-u:\b))")
        .expect("one arm after regex")
});

/// The words of a partitive whole that say it was only screened (`Of 7542
/// patients screened, `): its part is the number randomized, not an arm.
static SCREENED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:screen|assess|approach|invit|contact|identif|consider|refer|evaluat|potentially)")
        .expect("screened regex")
});

/// Within the object of `assigned to`: `and the rest` (or `the remainder`)
/// joining the other arm.
static REST_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)\s+and\s+(?:all\s+)?the\s+(?:rest|remainder|remaining|others)(?-u:\b)",
    )
    .expect("rest join regex")
});

/// In the rest of the clause after an arm: another arm joined to it (`(n =
/// 129) or abiraterone`, `versus usual care`).
static OTHER_ARM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:or|versus|vs|and (?:the )?(?:rest|remainder|remaining|others?))(?-u:\b)",
    )
    .expect("other arm regex")
});

/// Words that make the object of `assigned to` more than one arm, or no
/// arm (`to either`, `to A or B`, `to two groups`, `to treatment`).
fn names_one_arm(object: &str) -> bool {
    let g = object.to_ascii_lowercase();
    let words: Vec<&str> = g.split_whitespace().collect();
    let several = words.iter().any(|w| {
        matches!(
            *w,
            "or" | "and"
                | "either"
                | "versus"
                | "vs"
                | "between"
                | "groups"
                | "arms"
                | "each"
                | "both"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "blocks"
                | "sequences"
        ) || w.starts_with("random")
    });
    let generic = matches!(
        g.trim(),
        "treatment"
            | "therapy"
            | "study treatment"
            | "study drug"
            | "study medication"
            | "study"
            | "trial"
            | "the study"
            | "the trial"
            | "intervention groups"
            | "active treatment or placebo"
    );
    // `to treatment with a statin`: the trial's treatment, not one arm,
    // unless a group or arm is named (`to the treatment group`).
    let treatment = (g.starts_with("treatment") || g.starts_with("therapy"))
        && !(g.ends_with("group") || g.ends_with("arm"));
    !several && !generic && !treatment
}

/// A count assigned to one arm after a partitive whole (`Of those 63
/// participants, eleven were assigned to control`) is that arm's size;
/// after an anaphoric `these` (`These 7 patients were assigned to the
/// control group`) it counts people already counted, a part of that arm.
/// Neither is the number randomized.
pub(super) fn parts_assigned_to_one_arm(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        if c.role != Role::Randomized
            || !matches!(
                c.rule,
                "sample_size.count_verb"
                    | "sample_size.count_noun_verb"
                    | "sample_size.count_any_noun_verb"
                    | "sample_size.count_clusters_verb"
            )
        {
            continue;
        }
        let before = before_window(doc, c.start, false);
        // `Of 7542 patients screened, 3916 were randomly assigned to …`: a
        // part of those screened is the number randomized.
        let partitive = PARTITIVE_BEFORE
            .captures(before)
            .is_some_and(|m| !SCREENED.is_match(m.get(1).map_or("", |w| w.as_str())));
        if !(partitive || ANAPHORIC_BEFORE.is_match(before)) {
            continue;
        }
        // The verb follows the number (`eleven were assigned`) or its noun
        // (`7 patients were assigned`): read from the number on.
        let (_, se) = doc.sentence_at(c.start);
        let hi = ceil_boundary(fold, (c.start + 200).min(se).max(c.start));
        let num_end = fold[c.start..hi]
            .find(|ch: char| ch.is_whitespace())
            .map_or(c.start, |p| c.start + p);
        let Some(arm) = ONE_ARM_AFTER.captures(&fold[num_end..hi]) else {
            continue;
        };
        // `to a treatment group`: one of the groups, not a named arm.
        let indefinite = arm.get(1).is_some_and(|a| {
            a.as_str().trim().eq_ignore_ascii_case("a")
                || a.as_str().trim().eq_ignore_ascii_case("an")
        });
        let object = arm.get(2).map_or("", |m| m.as_str()).trim();
        // `37 were allocated to the intervention group and the remainder to
        // the waiting list`: after a partitive whole, the arm named before
        // `and the rest` is this count's; the rest is the other arm.
        let rest_join = arm.get(3).is_some_and(|t| REST_JOIN.is_match(t.as_str()));
        if rest_join && !partitive {
            continue;
        }
        // `to cabazitaxel (n=129) or abiraterone`, `to dose escalation (Arm
        // A, n=20 and Arm B, n=21)`: the clause goes on past a bracket to
        // other arms.
        let rest = &fold[num_end + arm.get(0).map_or(0, |m| m.end())..hi];
        let rest = rest.split(['.', ';']).next().unwrap_or("");
        let bracket = arm.get(3).is_some_and(|t| t.as_str() == "(");
        // `Of the 73 participants, 37 were allocated to the intervention
        // group and the remainder to the waiting list`: the rest of a
        // partitive whole is the other arm; the count stays one arm's size.
        let other_arm = OTHER_ARM.find_iter(rest).any(|m| {
            !(partitive
                && m.as_str()
                    .get(..3)
                    .is_some_and(|w| w.eq_ignore_ascii_case("and")))
        });
        if indefinite
            || !names_one_arm(object)
            || other_arm
            || bracket && BRACKET_ARMS.is_match(rest)
        {
            continue;
        }
        if partitive {
            c.role = Role::Arm;
            c.rule = PART_ASSIGNED;
            c.group = Some(object.to_string());
            c.conf = 0.7;
        } else {
            // `These 7 patients were assigned to the control condition`:
            // people already counted, a part of that arm.
            c.role = Role::Subgroup;
            c.rule = PART_THESE;
            c.conf = 0.5;
        }
    }
}

/// The rule of people already counted (`These 7 patients`) assigned to
/// one arm: a part of it.
pub(super) const PART_THESE: &str = "sample_size.part_these_assigned";

/// In the rest of a clause past a bracket: more arms (`n=20 and Arm B`).
static BRACKET_ARMS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:and|arm|group|n\s*=)(?-u:\b)")
        .expect("bracket arms regex")
});

/// The rule of a part of a stated whole assigned to one arm.
pub(super) const PART_ASSIGNED: &str = "sample_size.arm_part_assigned";

/// Before a count, in its sentence: a whole that is one arm frames it (`Of
/// 511 patients randomised to anastrozole, `, `Among the 60 women
/// allocated to placebo, `); the capture is the arm.
static ARM_FRAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:^|(?-u:\b))(?:of|out of|among|amongst)\s+(?:the\s+|these\s+|those\s+|all\s+|all the\s+)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{NUMBER_WORDS})(?-u:\b)[^.;:,()0-9]{{0,40}}?(?-u:\b)(?:randomi[sz]ed|assigned|allocated)\s+to\s+(?:receive\s+)?(?:the\s+|a\s+|an\s+)?([a-z][^.;:,()0-9]{{0,40}}?),\s*$"
    ))
    .expect("arm frame before regex")
});

/// A count framed by a whole that is one arm (`Of 511 patients randomised
/// to anastrozole, 137 (26.8%) received second-line tamoxifen`) is a part
/// of that arm, not an arm of its own.
pub(super) fn parts_of_an_arm(doc: &Document, out: &mut [Cand]) {
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        if c.role != Role::Arm || c.rule == PART_ASSIGNED {
            continue;
        }
        let before = before_window(doc, c.start, false);
        let Some(frame) = ARM_FRAME_BEFORE.captures(before) else {
            continue;
        };
        if !names_one_arm(frame.get(1).map_or("", |m| m.as_str())) {
            continue;
        }
        c.role = Role::Subgroup;
        c.rule = "sample_size.part_of_arm";
        c.group = None;
        c.conf = 0.5;
    }
}
