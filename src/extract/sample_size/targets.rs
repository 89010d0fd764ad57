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
//! In a protocol ([`super::protocol::is_protocol`]) every count of this
//! study that does not say it happened is its target, except the arms its
//! randomisation sentence names (`will be randomised to A (n = 75) or B (n
//! = 75)`); its targets carry the rule [`PROTOCOL`], which tells the
//! summary that the total is the planned one. A target per group in a
//! calculation (`64 per group`) is [`PLANNED_EACH`]: never the total,
//! never an arm.

use super::protocol::{is_protocol, planned_clause, realized_clause};
use super::window::{after_window, before_window, spent};
use super::{Cand, Role, PLANNED};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

/// After the count, in its clause: the calculation's verb (`would be
/// required`, `were needed`, `would provide … power`).
static TARGET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;\d]{0,80}?(?-u:\b)(?:(?:would|will|should|could) be (?:required|needed|necessary|sufficient|adequate)|(?:was|were|is|are) (?:required|needed|necessary|sufficient)|(?:would|will) (?:provide|give|yield|have|achieve|detect|allow)[^.;]{0,40}(?-u:\b)power|to (?:provide|achieve|give|detect|ensure|have|obtain|reach) (?:a |an |the )?(?:\d+(?:\.\d+)? ?% )?(?:statistical )?power)(?-u:\b)")
        .expect("target after regex")
});

/// Before the count, in its clause: the calculation itself (`a sample size
/// of`, `we calculated that`, `necessary to recruit`, `target of`, `a
/// planned enrollment of`).
static TARGET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:sample size (?:of|was|is|would be|will be)|(?:calculated|estimated|determined|computed) (?:that|to be|as|at)|target(?:ed)?(?: sample)?(?: size)? (?:of|at|was|is)|(?:necessary|needed|required|aimed?|planned|plan|intended) to (?:recruit|enrol|enroll|include|randomi[sz]e|study)|(?:planned|anticipated|expected|projected|intended|target) (?:enrol?ment|enrollment|recruitment|accrual|sample(?: size)?) (?:of|was|is))(?:\s+(?:a total of|at least|approximately|about|a minimum of))?\s*$")
        .expect("target before regex")
});

/// A sentence that is a sample-size calculation: power, a difference to
/// detect, a sample size calculated or required, an allowance for
/// dropouts. (A significance level alone is no calculation: results
/// sentences state theirs.)
static CALCULATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:\d+(?:\.\d+)? ?% ?(?:statistical )?power|power (?:of|=|was|is|at|\() ?(?:at least |approximately |about |over |>|≥)?(?:0?\.\d|\d+ ?%|1 ?[-−–] ?β)|(?:statistical|adequate|sufficient) power|power (?:calculation|analysis|analyses|estimation|computation)|powered to|sample size (?:calculation|estimation|estimate|determination|computation|was (?:calculated|estimated|determined|computed|based|set)|(?:was|is|would be|will be) required)|(?:required|planned|target|targeted|estimated|minimum|projected|anticipated|necessary|calculated|intended) (?:total )?sample(?: size)?|to detect an? (?:[a-z]+ ){0,3}(?:difference|reduction|change|increase|improvement|effect|odds ratio|hazard ratio|relative risk|decrease)|(?:allow(?:ing)?|account(?:ing)?|adjust(?:ing|ed)?|compensat(?:e|ing)|assum(?:e|ed|ing)|anticipat(?:e|ed|ing)|expect(?:ed|ing)|inflat(?:e|ed|ing)|consider(?:ing)?|plus|cover) (?:for )?(?:an? |the )?(?:possible |potential |expected |anticipated |estimated )?(?:\d+(?:\.\d+)? ?% )?(?:drop-?outs?|attrition|withdrawals?|loss(?:es)? to follow|lost to follow|non-?completion)|\d+(?:\.\d+)? ?% (?:drop-?out|attrition|withdrawal|loss to follow)|(?:drop-?out|attrition|withdrawal) rate|(?:would|will|should) be (?:required|needed|necessary|sufficient|adequate))")
        .expect("calculation regex")
});

/// After the count: a size per group (`per group`, `in each arm`,
/// `for each of the three groups`).
static EACH_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:n ?[=:] ?)?[\d,. ]*(?:[a-z-]+ ){0,3}?(?:per|in each|for each|to each|in every|in both|each (?:group|arm|of|condition|cluster|site|centre|center|treatment|intervention|study|sequence))(?-u:\b)")
        .expect("each after regex")
});

/// Before the count: the groups it is the size of (`two treatment groups
/// of 172 patients`, `each arm will include`).
static EACH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:groups?|arms?) of|each (?:group|arm)(?: will)? (?:include|enrol|enroll|recruit|comprise|contain|consist of|have)|per (?:group|arm):?)(?: (?:approximately|about|at least|up to|around|n ?=))?\s*$")
        .expect("each before regex")
});

/// A target per group.
pub(super) const PLANNED_EACH: &str = "sample_size.planned_each";
/// A protocol's target.
pub(super) const PROTOCOL: &str = "sample_size.protocol_target";

/// Whether `rule` names a target (the finding's role is `planned`).
pub(super) fn is_planned(rule: &str) -> bool {
    [PLANNED, PLANNED_EACH, PROTOCOL].contains(&rule)
}

/// Bytes read before and after a count.
const REACH: usize = 80;

/// Bytes either side of a count read for the calculation of its sentence.
const SENTENCE_REACH: usize = 300;

/// How sure a target is: the calculation's verb or a plan in the count's
/// own clause, else a calculation sentence, else a protocol's count.
const CONF_CLAUSE: f32 = 0.6;
const CONF_SENTENCE: f32 = 0.5;
const CONF_PROTOCOL: f32 = 0.4;

/// Counts that are targets become `planned` (a `Skip` written out as
/// `planned`): they are neither the total nor an arm.
pub(super) fn mark_planned(doc: &Document, out: &mut [Cand]) {
    let protocol = is_protocol(doc);
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
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
        let each = c.role == Role::Arm
            || EACH_AFTER.is_match(&after_window(doc, c.start, usize::MAX))
            || EACH_BEFORE.is_match(before_window(doc, c.start, false));
        let conf = if c.rule == PLANNED {
            Some(CONF_CLAUSE)
        } else {
            target_conf(doc, c, protocol, each)
        };
        let Some(conf) = conf else {
            continue;
        };
        c.rule = if each {
            PLANNED_EACH
        } else if protocol {
            PROTOCOL
        } else {
            PLANNED
        };
        c.role = Role::Skip;
        c.conf = if each { CONF_PROTOCOL } else { conf };
    }
}

/// The confidence of `c` as a target, if it is one. A size per group is
/// one only in a calculation: `will be randomised to A (n = 75) or B (n =
/// 75)` states a protocol's arms.
fn target_conf(doc: &Document, c: &Cand, protocol: bool, each: bool) -> Option<f32> {
    let fold = doc.fold.as_str();
    let (ss, se) = doc.sentence_at(c.start);
    let lo = floor_boundary(fold, c.start.saturating_sub(REACH).max(ss));
    let hi = ceil_boundary(fold, (c.end + REACH).min(se).max(c.end));
    if TARGET_AFTER.is_match(&fold[c.end..hi]) || TARGET_BEFORE.is_match(&fold[lo..c.start]) {
        return Some(CONF_CLAUSE);
    }
    if !each && planned_clause(doc, c.start) {
        return Some(CONF_CLAUSE);
    }
    if realized_clause(doc, c.start) {
        return None;
    }
    let section = doc.section_at(c.start);
    let lo = floor_boundary(fold, c.start.saturating_sub(SENTENCE_REACH).max(ss));
    let hi = ceil_boundary(fold, (c.end + SENTENCE_REACH).min(se).max(c.end));
    if !matches!(
        section,
        Section::Results | Section::Discussion | Section::Conclusion
    ) && CALCULATION.is_match(&fold[lo..hi])
    {
        return Some(CONF_SENTENCE);
    }
    (protocol && !each).then_some(CONF_PROTOCOL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sample_size::stages;

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
        for want in [(64, PLANNED_EACH), (142, PLANNED)] {
            assert!(got.contains(&want), "{want:?} in {got:?}");
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
