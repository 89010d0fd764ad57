//! `One hundred and twenty children … were enrolled. Children were randomly
//! allocated to one of the three equal groups`: a stated count of the study
//! followed, in its sentence or the next, by a split into `k` equal groups
//! says the arms without writing them (`120 / 3` = 40 each). The count's
//! finding carries `k` in its [`crate::record::Statement`]; the summary
//! (`reasoning`) makes the arms only when the text states none, the count
//! is the chosen total and `k` divides it.

use super::{Cand, Role};
use crate::extract::numbers::parse_count_or_words;
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// A split of the participants into `k` equal groups: `randomly divided
/// into two equal groups`, `allocated to one of the three equal groups`,
/// `randomised in two equal-sized groups`, `equally randomized into three
/// groups`. The verb must say the groups
/// were made (a sample-size sentence's `assigned to 2 equal groups would
/// be sufficient` is read out by the modal after it).
static EQUAL_GROUPS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:(?-u:\b)(?:randomi[sz]ed|randomly|allocated|assigned|divided|distributed|split)(?-u:\b)[^.;:]{0,40}?(?-u:\b)(?:in|into|to)\s+(?:one\s+of\s+)?(?:the\s+)?(two|three|four|five|six|[2-6])\s+equal(?:ly)?(?:[- ]sized)?\s+(?:groups|arms)|(?-u:\b)equally\s+(?:and\s+randomly\s+|randomly\s+)?(?:randomi[sz]ed|allocated|assigned|divided|distributed|split)\s+(?:in|into|to|between|among)\s+(?:the\s+)?(two|three|four|five|six|[2-6])\s+(?:[A-Za-z-]+\s+)?(?:groups|arms))(?-u:\b)([^.;]{0,40})",
    )
    .expect("equal groups regex")
});

/// What follows the groups and takes the split back: a power calculation
/// (`… would be sufficient`, `… were required`), not a report.
static NOT_DONE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;]*?(?-u:\b)(?:would|will|should|were required|was required|needed|sufficient)(?-u:\b)")
        .expect("not done regex")
});

/// How many equal groups the count ending at `end` was split into, when
/// its sentence (after it) or the next sentence says so.
pub(super) fn groups_after(doc: &Document, end: usize) -> Option<u64> {
    let fold = doc.fold.as_str();
    let (_, se) = doc.sentence_at(end.saturating_sub(1));
    let next_end = if se < fold.len() {
        doc.sentence_at(se).1
    } else {
        se
    };
    let lo = end.min(fold.len());
    let hi = floor_boundary(fold, next_end.max(lo).min(lo + 600));
    let m = EQUAL_GROUPS.captures(&fold[lo..hi])?;
    if NOT_DONE.is_match(m.get(3).map_or("", |g| g.as_str())) {
        return None;
    }
    let k = m.get(1).or_else(|| m.get(2))?;
    parse_count_or_words(k.as_str()).filter(|k| (2..=6).contains(k))
}

/// Right after a size per group: the word that says it is per group (`n =
/// 30 per group`, `20 in each`, `42 per treatment arm`), not per unit of a
/// cluster (`1500 students per school`).
static PER_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:each|groups?|arms?)(?-u:\b)").expect("per group regex")
});

/// `Ninety patients (n = 30 per group)`, `120 adults were randomized (30
/// per group)`, a protocol's `the overall size of the sample will be n =
/// 240 (60 in each group)`: a size per group that names no number of groups takes it
/// from the whole stated before it in its sentence (a count of the study
/// that the size divides into two to six groups), when the sentence states
/// no other arm (`saline (n = 40) or drug (n = 20 in each dose group)`
/// splits only a part of the whole).
pub(super) fn groups_of_whole(doc: &Document, cands: &[Cand], arm: &Cand) -> Option<u64> {
    let fold = doc.fold.as_str();
    let (sentence, se) = doc.sentence_at(arm.start);
    let hi = floor_boundary(fold, (arm.end + 60).min(se).max(arm.end));
    // The word may be inside the arm's own span (`86 women in each
    // group`: the span runs to `each`) or just after it (`(n = 30 per
    // group)`); from the count's last digit on.
    let digits_end = arm.start
        + fold[arm.start..arm.end]
            .find(|c: char| !c.is_ascii_digit() && c != ',')
            .unwrap_or(arm.end - arm.start);
    if !PER_GROUP.is_match(&fold[digits_end..hi]) {
        return None;
    }
    let in_sentence = |c: &Cand| doc.sentence_at(c.start).0 == sentence;
    if cands
        .iter()
        .any(|c| c.role == Role::Arm && c.start != arm.start && in_sentence(c))
    {
        return None;
    }
    let whole = cands
        .iter()
        .filter(|w| {
            (matches!(w.role, Role::Randomized | Role::Enrolled | Role::Total)
                || super::targets::is_planned(w.rule))
                && w.end <= arm.start
                && in_sentence(w)
        })
        .max_by_key(|w| w.start)?;
    let k = whole.n.checked_div(arm.n)?;
    (whole.n % arm.n == 0 && (2..=6).contains(&k)).then_some(k)
}

/// After a size per group, close by: `each` or `per` a group or arm
/// (`in each group`, `per treatment arm`, `to each study group`), not a
/// site (`five from each centre`, `eight in each facility`); not a whole
/// split evenly (`20 patients were randomised equally to each arm`).
static EACH_GROUP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^.;()]{0,40}?(?-u:\b)(?:each|per)\s+(?:[a-z]+\s+)?(?:groups?|arms?|conditions?)(?-u:\b)")
        .expect("each group after regex")
});

/// A bound, not a size: `at least 10 subjects per group`, `a minimum of`.
static AT_LEAST: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:at\s+least|minimum(?:\s+of)?|maximum(?:\s+of)?|up\s+to|equally|needed\s+is|required\s+is)\s+$")
        .expect("at least regex")
});

/// A sentence about those analysed or followed up, not those allocated.
static AFTER_ATTRITION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:analy[sz]\w*|evaluat\w*|assessed|complet\w*|followed|available|lost|withdr[ae]w\w*)(?-u:\b)")
        .expect("after attrition regex")
});

/// `One hundred and four participants were randomly allocated … Fifty-two
/// participants were included in each group`, `Forty patients were
/// randomised … Twenty patients were randomised to each group`: a size per
/// group that names no number of groups and has no whole in its sentence,
/// the first the paper states, takes it from the trial's count, the largest randomized count of the
/// paper (without one, the largest enrolled), when that count is two to
/// six times the size. Counts it does not divide give none (`25 in each
/// group` of 80 randomized).
pub(super) fn groups_of_trial(doc: &Document, cands: &[Cand], arm: &Cand) -> Option<u64> {
    let fold = doc.fold.as_str();
    let (sentence, se) = doc.sentence_at(arm.start);
    let hi = floor_boundary(fold, (arm.end + 60).min(se).max(arm.end));
    let lo = floor_boundary(fold, arm.start.saturating_sub(24)).max(sentence);
    let each = EACH_GROUP_AFTER.find(&fold[arm.start..hi])?;
    if each.as_str().to_ascii_lowercase().contains("equally")
        || AT_LEAST.is_match(&fold[lo..arm.start])
    {
        return None;
    }
    // `Analyses included 30 patients in each group`: those analysed, after
    // attrition, say nothing of how many groups the trial's count made.
    if AFTER_ATTRITION.is_match(&fold[sentence..se]) {
        return None;
    }
    let in_sentence = |c: &Cand| doc.sentence_at(c.start).0 == sentence;
    // The design's size per group is the first one the paper states; a
    // later one (`21 patients in each group were evaluated`) may count
    // those left after attrition.
    let first_each = cands
        .iter()
        .find(|c| c.role == Role::Arm && c.rule == arm.rule)
        .is_some_and(|c| c.start == arm.start);
    if !first_each
        || cands
            .iter()
            .any(|c| c.role == Role::Arm && c.start != arm.start && in_sentence(c))
    {
        return None;
    }
    let times = |whole: u64| {
        let k = whole.checked_div(arm.n)?;
        (whole.is_multiple_of(arm.n) && (2..=6).contains(&k)).then_some(k)
    };
    let largest = |role: Role| cands.iter().filter(|w| w.role == role).map(|w| w.n).max();
    times(largest(Role::Randomized).or_else(|| largest(Role::Enrolled))?)
}

// `Each group consisted of`: the size per group said before the count.
static EACH_GROUP_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)each\s+(?:group|arm)\s+(?:consisted\s+of|comprised|contained|included|was\s+made\s+up\s+of)\s*$")
        .expect("each group before regex")
});

/// `300 patients were randomized into 4 groups of … Pain was assessed …
/// Each group consisted of 75 patients`: a size per group said with `Each
/// group` before it takes the number of groups from the split stated in
/// the 400 bytes before it, when a count of the study stated there
/// is that many times the size (300 = 4 × 75): the text says both.
pub(super) fn groups_of_split_before(doc: &Document, cands: &[Cand], arm: &Cand) -> Option<u64> {
    let fold = doc.fold.as_str();
    let near = &fold[floor_boundary(fold, arm.start.saturating_sub(60))..arm.start];
    if !EACH_GROUP_BEFORE.is_match(near) {
        return None;
    }
    // At most 400 bytes back: its sentence and a few before it.
    let lo = floor_boundary(fold, arm.start.saturating_sub(400));
    let whole_of = |k: u64| {
        cands.iter().any(|w| {
            matches!(w.role, Role::Randomized | Role::Enrolled | Role::Total)
                && w.start >= lo
                && w.end <= arm.start
                && arm.n.checked_mul(k) == Some(w.n)
        })
    };
    let named = |s: &str| super::lexicon::groups_named(s).filter(|k| (2..=6).contains(k));
    if let Some(k) = named(&fold[lo..arm.start]) {
        return whole_of(k).then_some(k);
    }
    // `All forty-five patients who were enrolled completed the study.
    // Thus each group consisted of 15 patients. Demographic data did not
    // differ among the three study groups`: the groups named in the
    // sentence after it, when none is named before, when the count of the
    // study stated before is that many times the size (45 = 3 × 15).
    let (_, se) = doc.sentence_at(arm.start);
    let next_end = if se < fold.len() {
        doc.sentence_at(se).1
    } else {
        se
    };
    let hi = floor_boundary(fold, next_end.max(arm.end).min(arm.end + 300));
    named(&fold[arm.end..hi]).filter(|&k| whole_of(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(text: &str, count: &str) -> Option<u64> {
        let doc = Document::from_text(text);
        let at = doc.fold.find(count).expect("count in text") + count.len();
        groups_after(&doc, at)
    }

    #[test]
    fn a_split_in_the_next_sentence_counts() {
        let text = "One hundred and twenty children were enrolled in the study. Children were randomly allocated to one of the three equal groups: group C, group P or group D.";
        assert_eq!(groups(text, "twenty"), Some(3));
    }

    #[test]
    fn a_split_in_the_same_sentence_counts() {
        let text = "Sixty patients were randomly divided into two equal-sized groups.";
        assert_eq!(groups(text, "Sixty"), Some(2));
    }

    #[test]
    fn equally_before_the_verb_splits_too() {
        let text = "Forty-two models were equally randomized into three groups.";
        assert_eq!(groups(text, "Forty-two"), Some(3));
        let text = "Sixty patients were equally allocated to the two study arms.";
        assert_eq!(groups(text, "Sixty"), Some(2));
    }

    #[test]
    fn a_power_calculation_is_no_split() {
        let text = "We calculated that 224 patients assigned to 2 equal groups would be sufficient to detect a difference.";
        assert_eq!(groups(text, "224"), None);
    }

    #[test]
    fn groups_two_sentences_on_do_not_count() {
        let text = "Forty patients were enrolled. They were followed for a year. They were then randomized into two equal groups.";
        assert_eq!(groups(text, "Forty"), None);
        assert_eq!(
            groups("Forty patients were randomized into two groups.", "Forty"),
            None
        );
    }

    fn cand(n: u64, start: usize, role: Role, rule: &'static str) -> Cand {
        Cand::ungrouped(start, start + 2, n, role, rule, 0.7)
    }

    #[test]
    fn each_group_takes_the_split_stated_before_it() {
        let text =
            "A total of 240 adults were randomized into 4 groups: saline, A, B, or A plus B. \
            Pain was scored on a scale. Each group consisted of 60 patients.";
        let doc = Document::from_text(text);
        let whole = cand(240, doc.fold.find("240").unwrap(), Role::Randomized, "r");
        let arm = cand(
            60,
            doc.fold.find("60").unwrap(),
            Role::Arm,
            "sample_size.arm_each",
        );
        let cands = vec![whole.clone(), arm.clone()];
        assert_eq!(groups_of_split_before(&doc, &cands, &arm), Some(4));
        // 4 × 50 is not the 240 stated: no number of groups.
        let text = text.replace("60 patients", "50 patients");
        let doc = Document::from_text(&text);
        let arm = cand(
            50,
            doc.fold.find("50").unwrap(),
            Role::Arm,
            "sample_size.arm_each",
        );
        let cands = vec![whole, arm.clone()];
        assert_eq!(groups_of_split_before(&doc, &cands, &arm), None);
    }
}
