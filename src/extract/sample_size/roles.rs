//! Stage 2, roles: what a count is in its clause (randomized, enrolled,
//! analysed, completed, subgroup, outcome, planned, cited) from the verb
//! after it, the words before it, the words between it and its noun, its
//! section and the citation context.

use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::index::Index;
use crate::extract::sample_size::lexicon::{
    cluster_word, records_possessive, EVENTS_WORD, NOUN, NOUNS, NUMBER, OF_THE, PERCENT_PAREN,
    STOP_TOKENS,
};
use crate::extract::sample_size::window::{after_window, before_window, group_before};
use crate::extract::sample_size::{
    not_people, participle, study, target_whole, without_verb, Cand, Role, PLANNED,
};
use crate::extract::text::ceil_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// Words just before a count that give its role: `we randomly assigned 54`,
// `randomized 120`, `enrolled 10 MS patients`.
static BEFORE_ROLE: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
    let r = |p: &str| {
        crate::extract::rx::new(&format!(
            r"(?i)(?-u:\b)(?:{p})(?:\s+(?:a total of|in total|altogether|overall|only|all|approximately|about|some|nearly|almost))?\s*$"
        ))
        .expect("before regex")
    };
    vec![
        (
            r(
                r"randomi[sz]ed|randomly (?:assigned|allocated)|randomi[sz]ing|randomly selected and assigned",
            ),
            Role::Randomized,
        ),
        (
            r(
                r"analy[sz]ed|evaluated|assessed|followed|available for|(?:obtained|collected) (?:for|from)|follow[- ]up (?:on|of)|followed up|re-?examined|data (?:from|on|of)|analys[ie]s (?:of|included|was based on)",
            ),
            Role::Analyzed,
        ),
        (
            // `selected from among 300 eligible patients`: the pool drawn
            // from, not the sample.
            r(
                r"screened|approached|invited|contacted|assessed for eligibility|from among|from a pool of",
            ),
            Role::Skip,
        ),
        (
            r(
                r"enrolled|enroll|enrolling|included|include|including|recruited|recruit|recruiting|studied|treated|involved|involving|involves|comprised|comprising|consisted of|included a total of|registered|accrued|entered|consisting of|enrolment of|enrollment of|recruitment of|participation of|allocated",
            ),
            Role::Enrolled,
        ),
    ]
});

// Events, or a word that points back to them, as the subject of
// `included`: `These included 2 cases of shingles`, `Complications included`.
static EVENTS_INCLUDED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:these|those|they|events?|effects|complications|infections|reactions|toxicities|deaths|diagnoses|causes|reasons|symptoms|findings)\s+(?:(?:also|mainly|mostly|primarily)\s+)?(?:included|include|includes|including)\s*$")
        .expect("events included regex")
});

// `including` after a count of people or events in its sentence: `300
// patients, including 120 women`, `Five infectious complications occurred,
// including 2 cases` (not `Ten studies including a total of 3350 cases`:
// a total is the whole).
static PART_INCLUDED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:\d+|{NUMBER_WORDS})\s+(?:[a-z][a-z-]*\s+){{0,2}}?(?:{NOUNS}|events|complications|infections|deaths|reactions|episodes)(?-u:\b)[^;]*(?-u:\b)including(?:\s+(?:only|approximately|about|some|nearly|almost))?\s*$"
    ))
    .expect("part included regex")
});

// Any plural noun before a verb that makes it the study's participants:
// `Forty general practices will be randomised`, `46 femoral shaft fractures
// were randomized`, `A sample of 141 Spanish-speaking Latinas was randomly
// assigned`.
static ANY_NOUN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^((?:\s+[A-Za-z][A-Za-z0-9'/+-]*){1,4}?)\s+(?:were|was|will be|would be|had been|have been|are|is)\s+(?:(?:then|subsequently|randomly|consecutively|prospectively|successfully|initially)\s+)?(randomi[sz]ed|enrolled|included|recruited|assigned|allocated|studied)(?-u:\b)")
        .expect("any noun regex")
});

// Role adjectives between a number and its noun.
static MID_ROLE: LazyLock<Vec<(Regex, Role, &'static str)>> = LazyLock::new(|| {
    let r = |p: &str| {
        crate::extract::rx::new(&format!(r"(?i)(?-u:\b)(?:{p})(?-u:\b)")).expect("mid regex")
    };
    let adj = "sample_size.role_adjective";
    vec![
        (r("randomi[sz]ed|randomly assigned"), Role::Randomized, adj),
        (
            r("evaluable|assessable|analy[sz]ed|analysable|analyzable"),
            Role::Analyzed,
            adj,
        ),
        (
            r("enrolled|recruited|included|consecutive"),
            Role::Enrolled,
            adj,
        ),
        (r("screened|potentially eligible"), Role::Skip, adj),
        // `Of 2001 collected cases, 1805 eligible cases were analysed`: the
        // pool gathered before eligibility (`98 randomly collected
        // patients` are a sample drawn for the study).
        (
            crate::extract::rx::new(r"(?i)^\s*collected(?-u:\b)").expect("collected regex"),
            Role::Skip,
            adj,
        ),
        // A target, no participant: `Skip` to the arithmetic, written out
        // as `planned`.
        (r("planned"), Role::Skip, PLANNED),
    ]
});

// A clause that opens with a preposition: `Among`, `Of the`, `In all`.
static FRAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:among|amongst|of|in|from|for|out of)\s+(?:the\s+|these\s+|those\s+|all\s+|a total of\s+)?$")
        .expect("frame regex")
});

/// The rule of `N <cluster units> were randomized` (`24 villages`).
pub const CLUSTERS_RULE: &str = "sample_size.count_clusters_verb";

/// `N <any plural noun> were randomized/enrolled/…` (see [`ANY_NOUN_VERB`]).
pub(super) fn any_noun_verb(doc: &Document, s: usize, e: usize, n: u64) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let m = ANY_NOUN_VERB.captures(&fold[e..])?;
    let words: Vec<&str> = m.get(1)?.as_str().split_whitespace().collect();
    let last = words.last()?;
    let plural = last.ends_with(['s', 'S']) && !last.to_ascii_lowercase().ends_with("ss");
    let stop = words.iter().any(|w| {
        let l = w.to_ascii_lowercase();
        STOP_TOKENS.contains(&l.as_str()) || EVENTS_WORD.is_match(&l)
    });
    if !plural || stop || OF_THE.is_match(before_window(doc, s, false)) {
        return None;
    }
    let verb = m.get(2)?.as_str().to_ascii_lowercase();
    let role =
        if verb.starts_with("random") || verb.starts_with("assign") || verb.starts_with("alloc") {
            Role::Randomized
        } else {
            Role::Enrolled
        };
    Some(Cand {
        start: s,
        end: e + m.get(0)?.end(),
        n,
        role,
        group: None,
        // `24 villages were randomly allocated`: a count of the units a
        // cluster trial randomizes, the study's size only when it counts
        // no people (see the summary).
        rule: if cluster_word(&last.to_ascii_lowercase()) {
            CLUSTERS_RULE
        } else {
            "sample_size.count_any_noun_verb"
        },
        conf: 0.7,
    })
}

/// Whether a verb or a study in `before` (the clause before a count) takes
/// the count as its object (`a study including 43 patients in each group
/// demonstrated …`): the verb after the count is then not its own.
pub(super) fn governed(before: &str) -> bool {
    BEFORE_ROLE.iter().any(|(re, _)| re.is_match(before)) || study::governs(before)
}

/// The role of `NUM … NOUN` from the words around it.
pub(super) fn classify_count(
    doc: &Document,
    index: &Index,
    s: usize,
    e: usize,
    noun_end: usize,
    n: u64,
    next: usize,
) -> Cand {
    let fold = doc.fold.as_str();
    let mk = |role, rule, conf| Cand::ungrouped(s, noun_end, n, role, rule, conf);
    let before = before_window(doc, s, false);
    let before_comma = before_window(doc, s, true);
    // `74 of the planned 92 patients`: 92 is the size aimed at.
    if target_whole::target_whole(before_comma) {
        return mk(Role::Skip, PLANNED, 0.5);
    }
    // `22 of the 24 patients`: 24 is the whole the part is taken from; the
    // verb after it belongs to the part.
    if OF_THE.is_match(before_comma) {
        return mk(Role::Total, "sample_size.of_whole", 0.4);
    }
    if let Some((role, rule)) = not_people::staff_or_capacity(doc, s, noun_end, before) {
        return mk(role, rule, 0.5);
    }
    if not_people::with_events(fold, s) {
        return mk(Role::Subgroup, "sample_size.people_with_events", 0.5);
    }
    if let Some(group) =
        paren_arm(doc, index, s).filter(|_| !outcome_in_bracket(doc, noun_end, next))
    {
        let mut c = mk(Role::Arm, "sample_size.arm_paren_count", 0.75);
        c.group = group;
        return c;
    }
    // `(x%)` after a count makes it a share of a larger whole.
    let tail = &fold[e..];
    let pct = PERCENT_PAREN.is_match(tail);
    // The verb after the count.
    // An adjective between the number and its noun: `120 randomized women`,
    // `507 evaluable participants`.
    let mid = &fold[e..noun_end];
    if let Some((role, rule)) = MID_ROLE
        .iter()
        .find_map(|(re, role, rule)| re.is_match(mid).then_some((*role, *rule)))
    {
        // `A cohort of 126 consecutive patients was screened`: `consecutive`
        // says how patients came, not what was done with them; a screening
        // or randomizing verb right after the count says what it is.
        if let Some(verb) = participle::consecutive_then_verb(doc, mid, noun_end, next, pct) {
            return mk(verb.0, verb.1, verb.2);
        }
        return mk(role, rule, 0.85);
    }
    // `Among 15 patients, the score remained …`, `Of 300 women, 120 …`: the
    // count frames the clause that follows; its verb is not the count's.
    if FRAME_BEFORE.is_match(before_comma) {
        if fold[noun_end..].trim_start().starts_with(',') {
            return mk(Role::Total, "sample_size.frame", 0.5);
        }
        // Farther from the comma, less sure it is the study's.
        if frames_a_count(doc, noun_end) {
            return mk(Role::Total, "sample_size.frame", 0.4);
        }
    }
    // `a trial … requiring at least 36 000 subjects`: the size some study
    // would need, not who took part.
    if not_people::required_size(before) {
        return mk(Role::Skip, PLANNED, 0.5);
    }
    // A verb right before: `we randomly assigned 54 subjects`.
    if let Some((_, role)) = BEFORE_ROLE.iter().find(|(re, _)| re.is_match(before)) {
        // `These included 2 cases of shingles`, `300 patients, including
        // 120 women`: what a set of events or a count is made of.
        if *role == Role::Enrolled
            && (EVENTS_INCLUDED.is_match(before) || PART_INCLUDED.is_match(before))
        {
            return mk(Role::Subgroup, "sample_size.count_noun_outcome", 0.5);
        }
        return mk(*role, "sample_size.verb_count_noun", 0.85);
    }
    let after = &after_window(doc, noun_end, next);
    // `Three cases of apnoea … were observed`: events, not people.
    let noun = fold[e..noun_end].split_whitespace().last().unwrap_or("");
    if not_people::cases_of_events(noun, &fold[noun_end..], after) {
        return mk(Role::Skip, "sample_size.cases_of", 0.0);
    }
    // `A total of 1313 patients' data have been updated`: the people's
    // records stand for the people, and the verb after them is the
    // records' (`28 patients' PSA decreased` is an outcome of theirs).
    if possessive_records(fold, noun_end) {
        let (role, rule, conf) =
            without_verb::role_without_verb(doc, noun_end, before, before_comma, pct);
        return mk(role, rule, conf);
    }
    if let Some(r) = participle::event_in_arm(before, after) {
        return mk(r.0, r.1, r.2);
    }
    if let Some((role, rule, conf)) = role_after(after, pct) {
        // `In the conventional group, 2 patients were treated …`: a part
        // of one arm; randomised within a named stratum (`For the low
        // group, 31 were randomly assigned to A`) it is the stratum's arm.
        if !matches!(role, Role::Skip | Role::Cited | Role::Randomized)
            && not_people::in_named_group(before)
        {
            return mk(Role::Subgroup, "sample_size.count_noun_outcome", 0.5);
        }
        return mk(role, rule, conf);
    }
    if let Some((role, rule, conf)) = (!pct)
        .then(|| participle::after_long_clause(doc, noun_end, next))
        .flatten()
    {
        return mk(role, rule, conf);
    }
    let (role, rule, conf) =
        without_verb::role_without_verb(doc, noun_end, before, before_comma, pct);
    mk(role, rule, conf)
}

/// Whether the noun that ends at `noun_end` is a plural's possessive
/// whose thing is the people's records (see [`records_possessive`]).
fn possessive_records(fold: &str, noun_end: usize) -> bool {
    let head = &fold[..noun_end];
    let word = head.rsplit(char::is_whitespace).next().unwrap_or("");
    records_possessive(word, &fold[noun_end..])
}

/// A count right after `(`: an arm when a group is named before it
/// (`CMF (53 patients) or docetaxel (48 patients)`) in a sentence that
/// allocates; the group's name, if any.
fn paren_arm(doc: &Document, index: &Index, s: usize) -> Option<Option<String>> {
    let fold = doc.fold.as_str();
    let pre = fold[..s].trim_end();
    let before_paren = pre.strip_suffix('(')?.trim_end();
    let sent = doc.sentence_at(s);
    let last_word = before_paren
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("");
    (!NOUN.is_match(last_word) && index.allocation.is_match(fold, sent))
        .then(|| group_before(fold, pre.len() - 1))
}

/// `related to the infection (13 patients had a level higher than 10
/// pg/ml; 34 had …)`: a count that opens a bracket as the subject of an
/// outcome verb in it says what happened to some of them, not a group's
/// size (`docetaxel (48 patients)` has no verb).
fn outcome_in_bracket(doc: &Document, noun_end: usize, next: usize) -> bool {
    let after = after_window(doc, noun_end, next);
    matches!(role_after(&after, false), Some((Role::Subgroup, _, _)))
}

/// Whether the noun phrase of a count that opens with `Of` / `Among` ends
/// at a comma after words without a role verb, and a count follows the
/// comma (`Of 767 patients on thiopurines for IBD, 89 (12%) were switched`:
/// the verb is the 89's).
fn frames_a_count(doc: &Document, noun_end: usize) -> bool {
    let fold = doc.fold.as_str();
    let (_, se) = doc.sentence_at(noun_end);
    let hi = ceil_boundary(fold, (noun_end + 120).min(se).max(noun_end));
    let Some(comma) = fold[noun_end..hi].find(", ") else {
        return false;
    };
    let between = &fold[noun_end..noun_end + comma];
    let next = fold[noun_end + comma + 1..hi].trim_start();
    !between.contains(['(', '[', ')', ']'])
        && role_after(between, false).is_none()
        && NUMBER.find(next).is_some_and(|m| m.start() == 0)
}

#[path = "roles_after.rs"]
mod after;
pub(super) use after::role_after;

#[path = "roles_scan.rs"]
mod scan;
pub(super) use scan::{counts, SAMPLE_SIZE_BARE};

#[cfg(test)]
#[path = "roles_tests.rs"]
mod tests;
