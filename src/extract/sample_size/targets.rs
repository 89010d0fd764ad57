//! Stage 2 (roles), targets: a count a sample-size calculation asks for
//! (`174 randomized patients would be required for each treatment group`,
//! `a sample size of 148 patients per group would provide 90% power`,
//! `it was necessary to recruit 410 men in total`) counts nobody yet. It is
//! the study's `planned` size, whatever role its verb gave it: the summary
//! falls back to it only when the text states no participants.
//!
//! Three readings make a count a target:
//!
//! * the calculation's own verb in its clause (`would be required`, `a
//!   sample size of`, `necessary to recruit`);
//! * a plan in its clause (`will be randomised`, `we aim to recruit`, `were
//!   to be enrolled`: [`super::protocol`]);
//! * a sentence that is a calculation (power, a difference to detect, an
//!   allowance for dropouts) outside the results and discussion, when the
//!   count's clause does not say it happened (`34 patients were recruited
//!   to allow for drop outs` stays a count of the study).
//!
//! In a protocol ([`super::protocol::is_protocol`]) a target whose clause
//! plans to enrol or randomise participants (`a total of 240 patients will
//! be randomised`, `we aim to recruit 120`, `a sample size of 300`) carries
//! the rule [`PROTOCOL_TOTAL`]: the summary's total. Other plans (`three
//! nurses will be followed`) are [`PROTOCOL`], planned but never the total,
//! and a count with no plan in its clause keeps its role. A target per
//! group, block, centre or therapist (`64 per group`, `blocks of six`,
//! `each therapist will treat eight patients`, `91 experimental and 91
//! control subjects will be required`) is [`PLANNED_EACH`]: never the
//! total, never an arm. The reference list has no targets.

use super::gap;
use super::protocol::{enrolment_plan, is_protocol, planned_clause, realized_clause};
use super::window::{after_window, before_window, spent};
use super::{Cand, Role, PLANNED};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use crate::sections::Section;
use regex::Regex;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// After the count, in its clause: the calculation's verb (`would be
/// required`, `were needed`, `had to be included`, `would provide …
/// power`).
const TARGET_AFTER_WORDS: &str = r"(?i)(?-u:\b)(?:(?:would|will|should|could) be (?:required|needed|necessary|sufficient|adequate)|(?:was|were|is|are) (?:required|needed|necessary|sufficient)|(?:had|would have) to be (?:included|enrol?led|recruited|randomi[sz]ed|studied)|(?:would|will) (?:provide|give|yield|have|achieve|detect|allow)[^.;]{0,40}(?-u:\b)power|to (?:provide|achieve|give|detect|ensure|have|obtain|reach) (?:a |an |the )?(?:\d+(?:\.\d+)? ?% )?(?:statistical )?power)(?-u:\b)";
static TARGET_AFTER: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(TARGET_AFTER_WORDS).expect("target after regex"));

/// `^[^.;0-9]{0,80}?` then [`TARGET_AFTER`]: the verb within 80 chars
/// of the count, with no `.`, `;` or digit between ([`gap`]).
fn target_after(after: &str) -> bool {
    let end = gap::gap_end(after, 80, |ch| matches!(ch, '.' | ';' | '0'..='9'));
    gap::starts_by(&TARGET_AFTER, after, end)
}

/// Before the count, in its clause: the calculation itself (`a sample size
/// of`, `we calculated that`, `necessary to recruit`, `target of`, `a
/// planned enrollment of`), an adverb after its verb (`the sample size
/// required was therefore adjusted to`), a need the writers or the study
/// state (`we need a number of`, `one would need`, `the study requires`,
/// `we anticipate requiring`), or the sample size raised (`increases the
/// sample size to n =`, `the minimal sample number was`).
static TARGET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:sample size|(?:minimal|minimum) sample (?:size|number)) (?:(?:(?:for|of|in) (?:this|the|our) (?:study|trial)|aimed (?:for|at)|required|needed|calculated|estimated|planned|targeted|goal) )?(?:of|was|is|would be|will be)(?: (?:therefore|thus|then|finally|subsequently|consequently|hence|accordingly|further))?(?: (?:set|fixed|increased|expanded|adjusted|raised|inflated|rounded up) (?:at|to))?|sample size (?:(?:was|is|would be|will be|would|will) )?(?:(?:therefore|thus|then|finally) )?(?:increase[sd]?|rose|rises|grew) to|(?:increas(?:e[sd]?|ing)|adjust(?:s|ed|ing)?|inflat(?:e[sd]?|ing)|rais(?:e[sd]?|ing)) the (?:total |required |final )?sample size to|(?:we|i|one|they) (?:(?:would|will|should|shall|therefore|thus|then|did|do) ){0,2}(?:need(?:s|ed)?|require[sd]?)(?: (?:a number of|a total of|a sample of|a sample size of|(?:two|three|four) (?:groups|arms) of))?|(?:study|trial|design|analysis) (?:(?:would|will|should|therefore|thus) )?(?:requires?|required|needs?|needed)|(?:study|trial) (?:should|must|would need to) (?:include|enrol|enroll|recruit|randomi[sz]e)|(?:anticipate|expect|estimate)[sd]? (?:requiring|needing)|(?:total )?number of [a-z]+ (?:required|needed)(?: for [a-z]+)? (?:was|is|would be|will be)|target number of [a-z]+ (?:was|is|will be)(?: set at)?|(?:calculated|estimated|determined|computed) (?:that|to be|as|at)|target(?:ed)?(?: sample)?(?: size)? (?:of|at|was|is)|(?:necessary|needed|required|aimed?|planned|plan|intended) to (?:recruit|enrol|enroll|include|randomi[sz]e|study)|(?:planned|anticipated|expected|projected|intended|target) (?:enrol?ment|enrollment|recruitment|accrual|sample(?: size)?) (?:of|was|is))(?:\s+(?:a total of|at least|approximately|about|a minimum of|n ?=))?\s*$")
        .expect("target before regex")
});

/// A sentence that is a sample-size calculation: power, a difference to
/// detect, a sample size calculated or required, an allowance for
/// dropouts. (A significance level alone is no calculation: results
/// sentences state theirs.)
pub(super) static CALCULATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:\d+(?:\.\d+)? ?% ?(?:statistical )?power|power (?:of|=|was|is|at|\() ?(?:at least |approximately |about |over |>|≥)?(?:0?\.\d|\d+ ?%|1 ?[-−–] ?β)|(?:statistical|adequate|sufficient) power|power (?:calculation|analysis|analyses|estimation|computation)|powered to|sample size (?:calculation|estimation|estimate|determination|computation|was (?:calculated|estimated|determined|computed|based|set)|(?:was|is|would be|will be) required)|(?:required|planned|target|targeted|estimated|minimum|projected|anticipated|necessary|calculated|intended) (?:total )?sample(?: size)?|to detect an? (?:[a-z]+ ){0,3}(?:difference|reduction|change|increase|improvement|effect|odds ratio|hazard ratio|relative risk|decrease)|(?:allow(?:ing)?|account(?:ing)?|adjust(?:ing|ed)?|compensat(?:e|ing)|assum(?:e|ed|ing)|anticipat(?:e|ed|ing)|expect(?:ed|ing)|inflat(?:e|ed|ing)|consider(?:ing)?|plus|cover) (?:for )?(?:an? |the )?(?:possible |potential |expected |anticipated |estimated )?(?:\d+(?:\.\d+)? ?% )?(?:drop-?outs?|attrition|withdrawals?|loss(?:es)? to follow|lost to follow|non-?completion)|\d+(?:\.\d+)? ?% (?:drop-?out|attrition|withdrawal|loss to follow)|(?:drop-?out|attrition|withdrawal) rate|(?:would|will|should) be (?:required|needed|necessary|sufficient|adequate))")
        .expect("calculation regex")
});

/// After the count: a size per group (`per group`, `in each arm`,
/// `for each of the three groups`).
static EACH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:n ?[=:] ?)?[\d,. ]*(?:[a-z-]+ ){0,3}?(?:per (?:group|arm|treatment|condition|cluster|site|centre|center|practice|school|class|ward|block|session|therapist|sequence|intervention|study|hospital|village|community|household|stratum|cohort|cell|randomi[sz]ation|allocation)|in each|for each|to each|in every|in both|each (?:group|arm|of|condition|cluster|site|centre|center|treatment|intervention|study|sequence))(?-u:\b)")
        .expect("each after regex")
});

/// Before the count: the groups it is the size of (`two treatment groups
/// of 172 patients`, `each arm will include`).
static EACH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:groups?|arms?|blocks?|batches|clusters?|cohorts?|waves?|sessions?) of(?: size)?|each [a-z]+(?: (?:in|at|of|per) each [a-z]+)?(?: will| would| should| must| can)? (?:include|enrol|enroll|recruit|comprise|contain|consist of|have|treat|see|follow|receive|be allocated|be assigned)|per (?:group|arm|centre|center|site|block|session|therapist|practice|cluster|ward|class|school):?)(?: (?:approximately|about|at least|up to|around|a minimum of|a maximum of|n ?=))?\s*$")
        .expect("each before regex")
});

/// Before the count: a size per group, centre or therapist that will be
/// (`each group in each centre will have`, `each therapist will treat at
/// least`).
static EACH_PLAN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)each [a-z]+(?: (?:in|at|of|per) each [a-z]+)? (?:will|would|should|must|is to|are to) (?:include|enrol|enroll|recruit|comprise|contain|consist of|have|treat|see|follow|receive|be allocated|be assigned)(?: (?:approximately|about|at least|up to|around|a minimum of|a maximum of|n ?=))?\s*$")
        .expect("each plan before regex")
});

/// Before the count: the size of a randomisation block (`in blocks of
/// four patients`, `block sizes of 4 and 6`), which counts nobody.
static BLOCK_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:permuted |random(?:ly)? |variable )?blocks?(?: sizes?)?|block sizes?) of(?: sizes?)?(?: (?:either|between))?\s*$")
        .expect("block before regex")
});

/// Before a number from 1950 to 2099: a date (`from Q4 2012 to Q4 2016`,
/// `until March 2019`), not a count.
static YEAR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:(?-u:\b)q[1-4]|(?-u:\b)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|(?-u:\b)(?:since|until|till|from|to|in|by|during|end of|early|late|mid-?))\s*$")
        .expect("year before regex")
});

/// A target per group.
pub(super) const PLANNED_EACH: &str = "sample_size.planned_each";
/// A protocol's planned count that is not its enrolment (`three nurses
/// will be followed`): planned, never the total.
pub(super) const PROTOCOL: &str = "sample_size.protocol_target";
/// A protocol's target size: a count of participants its clause plans to
/// enrol or randomise (`a total of 240 patients will be randomised`, `we
/// aim to recruit 120`, `a sample size of 300`): the summary's total.
pub(super) const PROTOCOL_TOTAL: &str = "sample_size.protocol_total";

/// Whether `rule` names a target (the finding's role is `planned`).
pub(super) fn is_planned(rule: &str) -> bool {
    [PLANNED, PLANNED_EACH, PROTOCOL, PROTOCOL_TOTAL].contains(&rule)
}

/// Bytes read before and after a count.
const REACH: usize = 80;

/// Bytes either side of a count read for the calculation of its sentence.
const SENTENCE_REACH: usize = 300;

/// How sure a target is: the calculation's verb or a plan in the count's
/// own clause, else a calculation sentence, else a protocol's count.
const CONF_WHOLE: f32 = 0.7;
const CONF_CLAUSE: f32 = 0.6;
const CONF_SENTENCE: f32 = 0.5;
const CONF_PROTOCOL: f32 = 0.4;

/// Before the count: words that name the whole (`a total of`, `overall`,
/// `a total sample size of`).
static WHOLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:a total of|in total|overall|altogether|total (?:sample(?: size)?|number of [a-z]+|enrol?ment|recruitment)(?: of| is| will be| =|:)?|sample size (?:of|is|will be|=|:))[, ]*(?:(?:approximately|about|up to|at least|around|a minimum of|n ?=) )?$")
        .expect("whole before regex")
});

/// After the count, in its clause: the whole (`120 patients in total`).
static WHOLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^[\d,. ]*[^0-9;]{0,60}?(?-u:\b)(?:in total|overall|in all|altogether)(?-u:\b)",
    )
    .expect("whole after regex")
});

/// Between two counts of one clause: they are joined as the sizes of two
/// groups (`91 experimental subjects and 91 control subjects`, `40 patients
/// with X and 40 patients with Y`), with no verb between.
static JOINED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^[^0-9.;:()]{0,60}(?-u:\b)(?:and|or)(?: (?:a further|another|additional))?\s*$",
    )
    .expect("joined regex")
});

/// A verb or a whole between two counts: each has its own clause.
static VERB_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:will|shall|would|are|is|were|was|be|been|total|overall)(?-u:\b)",
    )
    .expect("verb between regex")
});

/// Counts that are targets become `planned` (a `Skip` written out as
/// `planned`): they are neither the total nor an arm.
pub(super) fn mark_planned(doc: &Document, out: &mut [Cand]) {
    let protocol = is_protocol(doc);
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        let before = before_window(doc, c.start, false);
        if block_before_may(before) && BLOCK_BEFORE.is_match(before) {
            c.role = Role::Skip;
            continue;
        }
        if (1950..=2099).contains(&c.n) && YEAR_BEFORE.is_match(before) {
            continue;
        }
        if !matches!(
            c.role,
            Role::Randomized
                | Role::Enrolled
                | Role::Total
                | Role::Arm
                | Role::Analyzed
                | Role::Completed
        ) && c.rule != PLANNED
        {
            continue;
        }
        if let Some((rule, conf)) = as_target(doc, c, protocol) {
            c.rule = rule;
            c.role = Role::Skip;
            c.conf = conf;
        }
    }
    mark_joined(doc, out);
}

/// The rule and confidence of `c` as a target, if it is one.
fn as_target(doc: &Document, c: &Cand, protocol: bool) -> Option<(&'static str, f32)> {
    let clues = Clues::new(doc, c);
    let each = c.role == Role::Arm || clues.per_group();
    // A results paper's arm is a target only when its own clause asks
    // for it (`64 per group were needed`, `we calculated that 30 in
    // each group`): arms the paper reports near a calculation stay.
    // `There will be 1200 students in each arm`: a size per group in
    // the future is planned, in a protocol or not.
    let future_each = c.role == Role::Arm && future_per_group(&clues);
    if c.role == Role::Arm && !protocol && !future_each && !calculated_arm(&clues) {
        return None;
    }
    let conf = if c.rule == PLANNED || future_each {
        CONF_CLAUSE
    } else {
        target_conf(&clues, protocol, each)?
    };
    // `the sample size will be 210`: a protocol's whole.
    let whole = whole_at(doc, c) || protocol && c.rule == super::roles::SAMPLE_SIZE_BARE;
    let rule = if each {
        PLANNED_EACH
    } else if !protocol {
        PLANNED
    } else if whole || enrolment_plan_or_target(&clues) {
        PROTOCOL_TOTAL
    } else {
        PROTOCOL
    };
    let conf = if each || rule == PROTOCOL {
        CONF_PROTOCOL
    } else if whole {
        CONF_WHOLE
    } else {
        conf
    };
    Some((rule, conf))
}

/// Whether [`BLOCK_BEFORE`] may match `before`: its matches end in `of`,
/// `size(s)`, `either` or `between`, then spaces. A tail with a non-ASCII
/// char is searched all the same (`(?i)` lets `s` match `ſ`).
fn block_before_may(before: &str) -> bool {
    let end = before.trim_end().as_bytes();
    let tail = &end[end.len().saturating_sub(8)..];
    !tail.is_ascii()
        || ["of", "size", "sizes", "either", "between"]
            .iter()
            .any(|w| {
                tail.len() >= w.len()
                    && tail[tail.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
            })
}

/// What [`mark_planned`] asks of one count, each read once: a count is
/// asked the same questions by several readings (its clause's plan, the
/// calculation around it, whether it happened).
struct Clues<'a> {
    doc: &'a Document,
    c: &'a Cand,
    per_group: OnceCell<bool>,
    realized: OnceCell<bool>,
    planned: OnceCell<bool>,
    target_clause: OnceCell<bool>,
    calculation: OnceCell<bool>,
}

impl<'a> Clues<'a> {
    fn new(doc: &'a Document, c: &'a Cand) -> Clues<'a> {
        Clues {
            doc,
            c,
            per_group: OnceCell::new(),
            realized: OnceCell::new(),
            planned: OnceCell::new(),
            target_clause: OnceCell::new(),
            calculation: OnceCell::new(),
        }
    }

    /// A size per group (`64 per group`, `groups of 20`).
    fn per_group(&self) -> bool {
        let (doc, at) = (self.doc, self.c.start);
        *self.per_group.get_or_init(|| {
            EACH_AFTER.is_match(&after_window(doc, at, usize::MAX))
                || EACH_BEFORE.is_match(before_window(doc, at, false))
        })
    }

    /// Its clause says it happened ([`realized_clause`]).
    fn realized(&self) -> bool {
        *self
            .realized
            .get_or_init(|| realized_clause(self.doc, self.c.start))
    }

    /// Its clause states a plan ([`planned_clause`]).
    fn planned(&self) -> bool {
        *self
            .planned
            .get_or_init(|| planned_clause(self.doc, self.c.start))
    }

    /// The calculation's own verb in its clause ([`TARGET_AFTER`],
    /// [`TARGET_BEFORE`]).
    fn target_clause(&self) -> bool {
        *self.target_clause.get_or_init(|| {
            let (lo, hi) = self.reach(REACH);
            let (fold, c) = (self.doc.fold.as_str(), self.c);
            target_after(&fold[c.end..hi]) || TARGET_BEFORE.is_match(&fold[lo..c.start])
        })
    }

    /// Its sentence is a calculation ([`CALCULATION`]), whatever section.
    fn calculation(&self) -> bool {
        *self.calculation.get_or_init(|| {
            let (lo, hi) = self.reach(SENTENCE_REACH);
            CALCULATION.is_match(&self.doc.fold[lo..hi])
        })
    }

    /// Byte bounds `reach` either side of the count, within its sentence.
    fn reach(&self, reach: usize) -> (usize, usize) {
        let (fold, c) = (self.doc.fold.as_str(), self.c);
        let (ss, se) = self.doc.sentence_at(c.start);
        let lo = floor_boundary(fold, c.start.saturating_sub(reach).max(ss));
        let hi = ceil_boundary(fold, (c.end + reach).min(se).max(c.end));
        (lo, hi)
    }
}

/// Whether a results paper's arm at `c` is a calculation's size per
/// group: the calculation's verb in its clause (`a sample size of 30
/// patients in each group was needed`, `45 per arm were required to
/// detect`), or a size per group (`64 participants per group`) in a
/// calculation sentence outside the results whose clause does not say it
/// happened. An arm the paper reports (`30 in the placebo group were
/// randomised`, `Each group comprised 24 students, providing 80% power`)
/// stays an arm.
fn calculated_arm(clues: &Clues) -> bool {
    let doc = clues.doc;
    if doc.section_at(clues.c.start) == Section::References {
        return false;
    }
    if clues.target_clause() {
        return true;
    }
    if !clues.per_group() || clues.realized() {
        return false;
    }
    !matches!(
        doc.section_at(clues.c.start),
        Section::Results | Section::Discussion | Section::Conclusion
    ) && clues.calculation()
}

/// Before a count, ending at it: a future that states a size (`there will
/// be`, `each arm will have`, `will include`).
static FUTURE_SIZE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:will|shall|is to|are to) (?:then |also |each |all )?(?:be|have|include|enrol|enroll|recruit|comprise|contain|consist of|receive|number)(?: (?:approximately|about|at least|up to|around|roughly|some|a minimum of|a maximum of|n ?=))?\s*$")
        .expect("future size before regex")
});

/// Whether the arm at `c` is a size per group (`1200 students in each
/// arm`, `n = 30 per group`) stated in the future (`there will be`, `will
/// be allocated to each arm`): a plan, not what happened.
fn future_per_group(clues: &Clues) -> bool {
    let (doc, c) = (clues.doc, clues.c);
    (c.rule == super::ARM_EACH || clues.per_group())
        && !clues.realized()
        && (FUTURE_SIZE_BEFORE.is_match(before_window(doc, c.start, false)) || clues.planned())
}

/// Whether a protocol's target at `c` is the size it will enrol: an
/// enrolment plan or the calculation's own verb in its clause.
fn enrolment_plan_or_target(clues: &Clues) -> bool {
    enrolment_plan(clues.doc, clues.c.start) || clues.target_clause()
}

/// Two targets of one clause joined by `and` / `or` with no verb between
/// (`91 experimental subjects and 91 control subjects will be required`)
/// are the sizes of two groups: planned each, never the total.
pub(super) fn mark_joined(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let mut at: Vec<usize> = (0..out.len())
        .filter(|&i| out[i].role != Role::Skip || is_planned(out[i].rule))
        .collect();
    at.sort_by_key(|&i| (out[i].start, out[i].end));
    for w in at.windows(2) {
        let (a, b) = (&out[w[0]], &out[w[1]]);
        if a.end > b.start || !is_planned(a.rule) && !is_planned(b.rule) {
            continue;
        }
        let between = &fold[a.end..b.start];
        if JOINED.is_match(between) && !VERB_BETWEEN.is_match(between) {
            for &i in w {
                // An arm joined to a target is the other group's target
                // (`30 subjects (15 control and 15 treatment) would have
                // 86% power`).
                if is_planned(out[i].rule) || out[i].role == Role::Arm {
                    out[i].rule = PLANNED_EACH;
                    out[i].role = Role::Skip;
                    out[i].conf = CONF_PROTOCOL;
                }
            }
        }
    }
}

/// The confidence of `c` as a target, if it is one. A size per group is
/// one only in a calculation: `will be randomised to A (n = 75) or B (n =
/// 75)` states a protocol's arms.
fn target_conf(clues: &Clues, protocol: bool, each: bool) -> Option<f32> {
    let (doc, c) = (clues.doc, clues.c);
    let section = doc.section_at(c.start);
    // The reference list cites other studies.
    if section == Section::References {
        return None;
    }
    if clues.target_clause() {
        return Some(CONF_CLAUSE);
    }
    // A protocol's arms (`will be randomised to A (n = 75) or B (n =
    // 75)`) are arms; a size per group, centre or therapist that will be
    // (`each group in each centre will have 27 participants`) is a target.
    if (!each || c.role != Role::Arm) && clues.planned()
        || each && EACH_PLAN_BEFORE.is_match(before_window(doc, c.start, false))
    {
        return Some(CONF_CLAUSE);
    }
    if clues.realized() {
        return None;
    }
    if !matches!(
        section,
        Section::Results | Section::Discussion | Section::Conclusion
    ) && clues.calculation()
    {
        return Some(CONF_SENTENCE);
    }
    // A protocol's count with no plan in its clause keeps the role its
    // verb gave it (the summary's chain reads it as a stated count), unless
    // it names the whole (`a total of 240 adults aged 50 years … will be
    // recruited`).
    (protocol && !each && whole_at(doc, c)).then_some(CONF_PROTOCOL)
}

/// Whether the sentence around `start..end` (300 bytes either side at
/// most) is a sample-size calculation or plans (`at least 29 participants
/// were enrolled in each group` after a dropout rate assumed).
pub(super) fn in_calculation(doc: &Document, start: usize, end: usize) -> bool {
    let fold = doc.fold.as_str();
    let (ss, se) = doc.sentence_at(start);
    let lo = floor_boundary(fold, start.saturating_sub(SENTENCE_REACH).max(ss));
    let hi = ceil_boundary(fold, (end + SENTENCE_REACH).min(se).max(end));
    CALCULATION.is_match(&fold[lo..hi])
        || fold[floor_boundary(fold, start.saturating_sub(12))..start]
            .trim_end()
            .to_ascii_lowercase()
            .ends_with("at least")
}

/// Whether the count at `c` names the whole: `a total of`, `in total`.
fn whole_at(doc: &Document, c: &Cand) -> bool {
    // `The sample size (n = 171,964)`: the count names itself the study's
    // size (`groups::n_equals`).
    c.rule == "sample_size.sample_size_n_equals"
        || WHOLE_BEFORE.is_match(before_window(doc, c.start, false))
        || WHOLE_AFTER.is_match(&after_window(doc, c.start, usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sample_size::stages;

    #[test]
    fn the_verb_after_the_gap_is_the_counted_gap_pattern() {
        let x = "x".repeat(39);
        gap::assert_split_agrees(
            &format!("^[^.;0-9]{{0,80}}?(?:{TARGET_AFTER_WORDS})"),
            target_after,
            &[
                " patients",
                &x,
                "é",
                ".",
                ";",
                "5",
                " would be required",
                "were needed",
                " will provide 80% power",
                "xwere needed",
            ],
        );
    }

    /// The counts of `text` read as a calculation's target.
    fn planned_of(text: &str) -> Vec<u64> {
        let doc = Document::from_text(text);
        stages(&doc)
            .into_iter()
            .filter(|c| is_planned(c.rule))
            .map(|c| c.n)
            .collect()
    }

    #[test]
    fn a_power_calculation_asks_for_a_target() {
        assert_eq!(
            planned_of("Assuming a dropout rate of 15%, 174 randomized patients would be required for each treatment group."),
            [174]
        );
        // A results paper's size per group that a calculation asks for is
        // planned too.
        assert_eq!(
            planned_of(
                "A sample size of 148 patients per treatment group would provide > 90% power."
            ),
            [148]
        );
        assert_eq!(
            planned_of(
                "Assuming 20% loss to follow-up, it was necessary to recruit 410 men in total."
            ),
            [410]
        );
        assert_eq!(
            planned_of(
                "An open-label pilot study with a planned enrollment of 64 adult participants. Sixty-one participants were enrolled."
            ),
            [64]
        );
    }

    #[test]
    fn every_count_of_a_calculation_sentence_is_a_target() {
        let doc = Document::from_text(
            "Methods\nAssuming 80% power to detect a difference of 5 points, 64 patients per group were needed. Allowing for a 10% dropout rate, 142 patients were to be recruited. The trial was run in two groups of 71 patients each.",
        );
        let got: Vec<(u64, &str)> = stages(&doc).into_iter().map(|c| (c.n, c.rule)).collect();
        assert!(got.contains(&(142, PLANNED)), "{got:?}");
        // In a results paper too, the size per group of a calculation is
        // planned, never an arm.
        assert!(got.contains(&(64, PLANNED_EACH)), "{got:?}");
        // The groups the trial ran are arms.
        assert!(got.contains(&(71, "sample_size.arm_each")), "{got:?}");
    }

    #[test]
    fn a_size_per_group_the_calculation_asks_for_is_planned() {
        for (t, n) in [
            ("Methods\nA sample size of 30 patients in each group was needed to detect a 20% difference.", 30),
            ("Methods\nWith alpha 0.05, 45 per arm were required to detect a difference of 4 points.", 45),
            ("Methods\nWe calculated that 64 participants per group would give 80% power.", 64),
            ("Results\nA sample size of 25 per group was required; 50 patients were randomized.", 25),
            ("Methods\nA priori power analysis indicated that a total sample size of 30 subjects (15 control and 15 treatment) would have 86% power.", 15),
        ] {
            let got = rules_of(t);
            assert!(got.contains(&(n, PLANNED_EACH)), "{t}: {got:?}");
        }
        // Real arms near a calculation stay arms.
        for (t, n) in [
            ("Methods\nEach group comprised 24 students, providing 80% power to detect a difference of seven points.", 24),
            ("Methods\nTo keep 80% power, at least 29 participants were enrolled in each group.", 29),
            ("Results\nWith 80% power in mind, 40 patients were randomized to each group.", 40),
        ] {
            let got = rules_of(t);
            assert!(!got.contains(&(n, PLANNED_EACH)), "{t}: {got:?}");
        }
    }

    #[test]
    fn a_calculation_sentence_keeps_what_happened() {
        let doc = Document::from_text(
            "Methods\nTo keep 80% power, 34 patients were recruited to allow for drop outs.",
        );
        let got: Vec<(u64, Role)> = stages(&doc).into_iter().map(|c| (c.n, c.role)).collect();
        assert!(got.contains(&(34, Role::Enrolled)), "{got:?}");
        // Results say what happened, whatever power they mention.
        let doc = Document::from_text(
            "Results\nWith 80% power in mind, a total of 120 patients entered the trial.",
        );
        assert!(stages(&doc).iter().all(|c| c.rule != PLANNED), "results");
    }

    /// The counts of `text` with their rules.
    #[test]
    fn both_groups_of_a_joined_target_are_planned() {
        let got = rules_of("Methods\nA priori power analysis indicated that a total sample size of 30 subjects (15 control and 15 treatment) would have 86% power.");
        let fifteens: Vec<_> = got.iter().filter(|(n, _)| *n == 15).collect();
        assert_eq!(
            fifteens,
            [&(15, PLANNED_EACH), &(15, PLANNED_EACH)],
            "{got:?}"
        );
    }

    fn rules_of(text: &str) -> Vec<(u64, &'static str)> {
        stages(&Document::from_text(text))
            .into_iter()
            .map(|c| (c.n, c.rule))
            .collect()
    }

    const PROTOCOL_HEAD: &str = "Study protocol for a randomised trial\n\nMethods\nParticipants will be recruited from clinics and will be randomised to A or B.\n";

    #[test]
    fn a_protocol_total_is_what_it_will_enrol() {
        let got = rules_of(&format!(
            "{PROTOCOL_HEAD}We aim to randomise 240 adults. Three research nurses will be followed to record fidelity."
        ));
        assert!(got.contains(&(240, PROTOCOL_TOTAL)), "{got:?}");
        assert!(!got.contains(&(3, PROTOCOL_TOTAL)), "{got:?}");
        let got = rules_of(&format!(
            "{PROTOCOL_HEAD}Allowing for dropouts, a total of 180 participants will be recruited."
        ));
        assert!(got.contains(&(180, PROTOCOL_TOTAL)), "{got:?}");
    }

    #[test]
    fn a_size_per_unit_is_no_total() {
        for (t, n) in [
            ("Each group in each centre will have 27 participants.", 27),
            ("Each therapist will treat at least eight patients.", 8),
            (
                "91 experimental subjects and 91 control subjects will be required.",
                91,
            ),
        ] {
            let got = rules_of(&format!("{PROTOCOL_HEAD}{t}"));
            assert!(got.contains(&(n, PLANNED_EACH)), "{t}: {got:?}");
        }
        // A randomisation block counts nobody.
        let doc = Document::from_text(&format!(
            "{PROTOCOL_HEAD}Allocation uses permuted blocks of six patients."
        ));
        let got: Vec<(u64, Role)> = stages(&doc).into_iter().map(|c| (c.n, c.role)).collect();
        assert!(
            got.iter().all(|&(n, r)| n != 6 || r == Role::Skip),
            "{got:?}"
        );
    }

    #[test]
    fn participants_the_study_had_are_no_target() {
        assert!(planned_of("A total of 607 patients were randomized to lansoprazole (n = 201) or vonoprazan (n = 406).").is_empty());
        // The calculation's verb after a later count is not this count's.
        assert!(!planned_of(
            "Of 83 patients randomized, 80 completed; 76 were required to fill in diaries."
        )
        .contains(&83));
    }
}
