//! Sample sizes: counts of this study's participants with their role
//! (`randomized`, `enrolled`, `analyzed`, `completed`, `arm`, `subgroup`,
//! `cited`, and `total` for a study count whose role the text leaves open),
//! and the summary's `total`.
//!
//! One pass over `doc.fold` finds candidate numbers (digits with thousands
//! groups or number words, via [`super::numbers`]); each candidate is kept
//! only in a shape that counts people:
//!
//! * a number before a participant noun (`120 breast cancer patients`,
//!   `Seventy-two patients`, `389 subjects`);
//! * `n = 27`, `N=54`, `(n=5)`, `(IG = 18)`;
//! * a number before a role verb (`138 (46.2%) randomized`, `80 completed`);
//! * list items that name a group (`94 in SNB arm and 82 in observation arm`,
//!   `34 patients received AC … and 129 patients received FAC`).
//!
//! The role comes from the words around the count in its clause: the verb
//! after it (`were randomized`, `were enrolled`, `died`), the words before it
//! (`we randomly assigned`, `a trial in`, `remained unchanged in`), its
//! brackets (`MSC-NP (n = 27)` is an arm) and its section (a count in the
//! background or discussion that is not about "our" study is `cited`).
//! Screening counts (`screened`, `assessed for eligibility`) are not sample
//! sizes and are dropped. Precision matters more than recall to reviewers, so
//! a number whose role nothing supports is reported at most as a low-
//! confidence `total`.
//!
//! The stages, one module each, run in this order over one list of
//! candidates (`stages`):
//!
//! 1. `candidates`: the numbers that can be counts and the noun each one
//!    counts;
//! 2. `roles`: the role of each count from its clause, section and
//!    citation context (and, after the groups, `context`: parts in
//!    brackets, cited counts, counts joined to outcomes; `pooled`: the
//!    shares of pooled studies); `targets` then makes `planned` the counts of a sample-size
//!    calculation and a protocol's target (`protocol` reads the tense: is
//!    the document a protocol, is a count a plan or what happened);
//! 3. `groups`: the arms, one module per way papers write them;
//! 4. `reasoning`: the summary's choice of the total and the arms.
//!
//! `lexicon` holds the words and shapes several stages share, `index`
//! the per-document indexes that keep each question bounded, `window`
//! the clause and group windows around a count.

mod candidates;
mod cohorts;
mod context;
mod coordinated;
mod equal;
mod fast_hash;
mod further;
mod gap;
mod gates;
mod groups;
mod index;
mod lexicon;
mod not_people;
mod number_scan;
mod outcome_split;
mod participle;
mod pooled;
mod protocol;
mod reasoning;
mod roles;
mod split_whole;
mod study;
mod target_split;
mod target_whole;
mod targets;
mod window;
mod without_verb;

use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{ArmOf, Field, Finding, SampleRole, SampleSizeValue, Statement, Value};
use index::Index;
use lexicon::{groups_just_before, groups_named, NAMES_GROUPS, RANDOMIZATION};
pub use reasoning::summarize;

pub struct SampleSize;

/// Internal role: the output roles plus "drop this".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Randomized,
    Enrolled,
    Analyzed,
    Completed,
    Arm,
    Subgroup,
    Total,
    Cited,
    Skip,
}

impl Role {
    fn output(self) -> Option<SampleRole> {
        Some(match self {
            Role::Randomized => SampleRole::Randomized,
            Role::Enrolled => SampleRole::Enrolled,
            Role::Analyzed => SampleRole::Analyzed,
            Role::Completed => SampleRole::Completed,
            Role::Arm => SampleRole::Arm,
            Role::Subgroup => SampleRole::Subgroup,
            Role::Total => SampleRole::Total,
            Role::Cited => SampleRole::Cited,
            Role::Skip => return None,
        })
    }
}

/// A candidate before it becomes a finding.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    n: u64,
    role: Role,
    group: Option<String>,
    rule: &'static str,
    conf: f32,
}

impl Cand {
    /// A candidate of no named group.
    fn ungrouped(
        start: usize,
        end: usize,
        n: u64,
        role: Role,
        rule: &'static str,
        conf: f32,
    ) -> Cand {
        Cand {
            start,
            end,
            n,
            role,
            group: None,
            rule,
            conf,
        }
    }
}

/// The rule of a target size (`120 planned participants`, `64 patients
/// would be required`): a `Skip` candidate (it counts nobody) that is
/// written as `planned`, as are the other rules of [`targets`].
const PLANNED: &str = "sample_size.planned";

/// The rule of a size per group (`30 in each group`, `n = 30 per arm`).
const ARM_EACH: &str = "sample_size.arm_each";

/// Bytes either side of an arm read for its statement: the same reach as
/// the 320-char `context` the summary read before (a wider window let
/// `randomised` far away in a token-joined abstract make arms a
/// randomized total), but a window of the sentence, not of `context`.
const STATEMENT_WINDOW: usize = 160;

/// Bytes before an arm read for a group named before its `group of N`
/// (`A control group of 120`).
const LONE_NEAR: usize = 40;

/// What the summary needs to know of an arm's sentence.
fn statement_of(doc: &Document, c: &Cand) -> Statement {
    let (start, end, rule) = (c.start, c.end, c.rule);
    let (lo, hi) =
        super::text::sentence_window(doc, start, end, STATEMENT_WINDOW, STATEMENT_WINDOW);
    let near = &doc.fold[lo..hi];
    let randomization = RANDOMIZATION.is_match(near);
    let sentence = reasoning::sentence_of(&near[..start - lo], &near[end - lo..]);
    let mut from = start.saturating_sub(LONE_NEAR).max(lo);
    while !doc.fold.is_char_boundary(from) {
        from += 1;
    }
    let lone = reasoning::lone_cues(
        sentence,
        &doc.fold[from..start],
        rule,
        c.group.as_deref(),
        randomization,
    );
    Statement {
        sentence: doc.sentence_at(start).0,
        randomization,
        allocated: lone.allocated,
        stated_as_group: lone.stated_as_group,
        groups: (rule == ARM_EACH)
            .then(|| groups_just_before(near, start - lo).or_else(|| groups_named(near)))
            .flatten(),
        equal_groups: None,
        rest_of: None,
        names_groups: rule == "sample_size.arm_denominator" && NAMES_GROUPS.is_match(near),
        parts_of: None,
    }
}

impl Extractor for SampleSize {
    fn field(&self) -> Field {
        Field::SampleSize
    }

    fn version(&self) -> u32 {
        102
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::SampleSize);
        let mut cands = stages(doc);
        let parts = coordinated::subjects_of_one_verb(doc, &mut cands);
        for (c, &parts_of) in cands.iter().zip(&parts) {
            let role = if targets::is_planned(c.rule) {
                Some(SampleRole::Planned)
            } else {
                c.role.output()
            };
            let Some(role) = role else {
                continue;
            };
            let statement = match role {
                SampleRole::Arm => {
                    let st = statement_of(doc, c);
                    Some(Statement {
                        rest_of: (c.rule == groups::rest::RULE)
                            .then(|| groups::rest::whole_before(doc, &cands, c.start, c.n))
                            .flatten(),
                        // A count of matched pairs is the size of the
                        // two cohorts it pairs; `15, 30, 60, or 90 mg (n =
                        // 12 each)`: the list before the bracket says how
                        // many.
                        groups: (c.rule == groups::matched::MATCHED_PAIRS)
                            .then_some(2)
                            .or((c.rule == ARM_EACH)
                                .then(|| groups::n_equals::listed_before(&doc.fold, c.start))
                                .flatten())
                            .or(st.groups)
                            .or_else(|| {
                                (c.rule == ARM_EACH)
                                    .then(|| equal::groups_of_whole(doc, &cands, c))
                                    .flatten()
                            })
                            .or_else(|| {
                                (c.rule == ARM_EACH)
                                    .then(|| equal::groups_of_split_before(doc, &cands, c))
                                    .flatten()
                            })
                            .or_else(|| {
                                (c.rule == ARM_EACH)
                                    .then(|| equal::groups_of_trial(doc, &cands, c))
                                    .flatten()
                            }),
                        ..st
                    })
                }
                SampleRole::Randomized
                | SampleRole::Enrolled
                | SampleRole::Total
                | SampleRole::Analyzed => {
                    let equal_groups = (role != SampleRole::Analyzed)
                        .then(|| equal::groups_after(doc, c.end))
                        .flatten();
                    (equal_groups.is_some() || parts_of.is_some()).then(|| Statement {
                        sentence: doc.sentence_at(c.start).0,
                        equal_groups,
                        parts_of,
                        ..Statement::default()
                    })
                }
                // A target's sentence: `a total sample size of N=100 (n=25
                // per group)` states the whole with its size per group.
                SampleRole::Planned => Some(Statement {
                    sentence: doc.sentence_at(c.start).0,
                    ..Statement::default()
                }),
                _ => None,
            };
            let k = arms_stated(c, role, statement);
            for arm in 1..=k.unwrap_or(1) {
                let mut f = b.make(
                    c.start,
                    c.end,
                    Value::SampleSize(SampleSizeValue {
                        n: c.n,
                        role,
                        group: c.group.clone(),
                        arm_of: k.map(|of| ArmOf { arm, of }),
                        statement,
                    }),
                    c.rule,
                    c.conf,
                );
                if arm > 1 {
                    f.id = format!("{}#{arm}", f.id);
                }
                out.push(f);
            }
        }
    }
}

/// The most arms one `each` count is copied to: more are rarely one
/// trial's groups.
const MAX_ARMS_OF_EACH: u64 = 8;

/// How many arms a size per group is the size of, when the text says
/// (`20 in each of the two groups`, `three groups (n = 25 per group)`): the
/// same typed count the summary multiplies the arm by, so the findings and
/// the summary give the same arms. Unknown (`n = 35 per arm` alone), none:
/// the count stays one finding.
fn arms_stated(c: &Cand, role: SampleRole, statement: Option<Statement>) -> Option<u64> {
    if role != SampleRole::Arm || (c.rule != ARM_EACH && c.rule != groups::matched::MATCHED_PAIRS) {
        return None;
    }
    statement
        .and_then(|st| st.groups)
        .filter(|k| (2..=MAX_ARMS_OF_EACH).contains(k))
}

/// All candidates of a document, with roles, in text order: the stages in
/// turn, each reading the candidates the ones before it made.
fn stages(doc: &Document) -> Vec<Cand> {
    let index = Index::new(doc);
    let nums = candidates::numbers(&doc.fold);
    let mut out = roles::counts(doc, &index, &nums);
    groups::arms(doc, &index, &nums, &mut out);
    context::parts_assigned_to_one_arm(doc, &mut out);
    context::parts_of_an_arm(doc, &mut out);
    context::parts_in_brackets(doc, &index, &mut out);
    context::mark_cited(doc, &mut out);
    not_people::parts_of_a_set(doc, &mut out);
    not_people::staff_without_verb(doc, &mut out);
    further::parts_that_add_up(doc, &mut out);
    pooled::mark_pooled(doc, &mut out);
    groups::one_assigned::arms_assigned_to_one(doc, &mut out);
    targets::mark_planned(doc, &mut out);
    target_split::mark_split_targets(doc, &mut out);
    outcome_split::mark_outcome_splits(doc, &mut out);
    split_whole::mark_split_wholes(doc, &mut out);
    out.sort_by_key(|c| (c.start, c.end));
    // One finding per count: `n = 300 each` is read by two rules.
    out.dedup_by(|a, b| a.start == b.start || (a.n == b.n && a.start < b.end));
    context::outcomes_coordinated(doc, &mut out);
    out
}

#[cfg(test)]
mod tests {
    //! The budget stops the extractor.

    use super::*;
    use crate::extract::budget::{Budget, Cut};

    #[test]
    fn a_field_at_the_findings_cap_stops_and_says_so() {
        let text = "120 patients were randomized. ".repeat(50);
        let doc = Document::from_text(&text).with_budget(Budget::unlimited().with_max_findings(10));
        let mut out = Vec::new();
        SampleSize.extract(&doc, &mut out);
        assert!(out.len() <= 10, "{}", out.len());
        assert!(!out.is_empty());
        assert_eq!(doc.budget.take_cut(), Some(Cut::Findings));
    }

    #[test]
    fn a_spent_time_budget_stops_the_extractor() {
        let text = "120 patients were randomized. ".repeat(50);
        let doc =
            Document::from_text(&text).with_budget(Budget::with_time(std::time::Duration::ZERO));
        let mut out = Vec::new();
        SampleSize.extract(&doc, &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(doc.budget.take_cut(), Some(Cut::Time));
    }
}
