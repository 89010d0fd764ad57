//! Stage 2, roles: counts in the shape of a count of participants that
//! count something else, or a part of a set counted before them:
//!
//! * a participle used as the adjective of things, not a verb of people
//!   (`the two randomized groups`, `four randomized exercise sessions`);
//! * events of a condition (`Three cases of apnoea … were observed`);
//! * the people who ran the study (`two members of the research team`,
//!   `observations were made by two persons`, `a board consisting of five
//!   members`);
//! * the size some study would need (`a trial … requiring at least 36 000
//!   subjects`): planned, not people who took part;
//! * the most a session holds (`a session in which a maximum of 5 children
//!   participated`, `in groups of 6 patients`);
//! * a part of a set named before it (`From these seven drop-outs, three had
//!   been assigned to …`, `562 were randomized; of these, … three randomized
//!   to X`), and one unit randomized (no trial randomizes one);
//! * the people a bracket pairs with their events (`3.8% (6 participants;
//!   8 events)`): one group's people with an outcome, no breakdown into arms.

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::lexicon::{is_noun, NUMBER};
use crate::extract::sample_size::window::{before_window, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// `(6 participants; 8 events)`, `(4 patients, 5 episodes)`: a bracket that
// pairs a count of people with the events they had.
static WITH_EVENTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[0-9][0-9,]*\s+[a-z-]+\s*[;,]\s*[0-9][0-9,]*\s+(?:[a-z-]+\s+)?(?:events?|episodes?|attacks?|exacerbations?|relapses?|reactions?|infections?|admissions?|hospitali[sz]ations?)\s*\)")
        .expect("with events regex")
});

/// Whether the count at `s` opens a bracket that pairs people with their
/// events (`3.8% (6 participants; 8 events)`): those who had an outcome,
/// counted with its events, not a group of the trial.
pub(super) fn with_events(fold: &str, s: usize) -> bool {
    fold[..s].trim_end().ends_with('(') && WITH_EVENTS.is_match(&fold[s..])
}

// A need for a count, right before it: `a trial … requiring at least 36 000
// subjects`, `would require 500 patients`: the size some study would
// need (a hypothetical or planned size), not people who took part.
static REQUIRING_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:requiring|requires|would (?:need|require))(?:\s+(?:at least|a minimum of|approximately|about|over|more than|some|roughly|nearly|an estimated|a total of|up to))*\s*$")
        .expect("requiring before regex")
});

// A clause that opens on one named group: `In the conventional group, 2
// patients were treated …`, `Among the placebo arm, 3 …`.
static IN_NAMED_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s*(?:in|among|within|for)\s+the\s+(?:[A-Za-z0-9+/-]+\s+){0,4}(?:group|arm)\s*,\s*$",
    )
    .expect("in named group regex")
});

/// Whether `before` (the sentence before a count, no comma cut) opens on
/// one named group and ends at its comma: the count and its verb tell of
/// people inside that group (`In the conventional group, 2 ulcer patients
/// were treated at a community hospital`), a part of one arm, never the
/// study's enrolment.
pub(super) fn in_named_group(before: &str) -> bool {
    IN_NAMED_GROUP.is_match(before)
}

/// Whether `before` (the clause before a count) ends in a need for it.
pub(super) fn required_size(before: &str) -> bool {
    REQUIRING_BEFORE.is_match(before)
}

/// Words after a participle that show it is a verb (a preposition, an
/// article, a conjunction, an auxiliary) or that end the phrase it opens.
const VERB_NEXT: &[&str] = &[
    "to",
    "into",
    "in",
    "of",
    "for",
    "with",
    "at",
    "by",
    "from",
    "on",
    "between",
    "among",
    "were",
    "was",
    "is",
    "are",
    "had",
    "have",
    "the",
    "a",
    "an",
    "who",
    "which",
    "that",
    "than",
    "per",
    "and",
    "or",
    "but",
    "as",
    "during",
    "after",
    "before",
    "within",
    "across",
    "equally",
    "randomly",
    "versus",
    "vs",
    "according",
    "using",
    "if",
    "when",
    "while",
    "because",
    "since",
    "until",
    "so",
    "then",
    "their",
    "his",
    "her",
    "its",
    "our",
    "each",
    "both",
    "either",
    "this",
    "these",
    "those",
    "all",
    "not",
    "only",
    "also",
    "subsequently",
    "respectively",
];

/// Nouns of a trial's design, never a unit it randomizes (as villages,
/// practices or clusters are): `the two randomized groups`, `four
/// randomized exercise sessions`, `10,000 randomised iterations`.
static DESIGN_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:groups|arms|studies|trials|sessions|blocks|sequences|orders|periods|conditions|treatments|interventions|iterations|observations|samples|comparisons|phases|schemes|sets|allocations|exposures|experiments|tasks|runs|tests|doses|sentences|stimuli|items|images|envelopes|cards|rounds|cycles|occasions|days|weeks|visits|protocols|regimens|questions|questionnaires|combinations|designs|lists|codes|numbers|positions|locations|times|tables|trains|pairs)$")
        .expect("design noun regex")
});

/// Whether the words after a bare count's participle (`two randomized
/// groups`, `three randomised, double-blind, 12-week studies`, `four
/// randomly assigned stroking blocks`) make the participle an adjective of
/// the trial's design: a plural noun of its design ([`DESIGN_NOUN`]) ends
/// the phrase before any word that makes the participle a verb. With an
/// auxiliary (`two were randomized`) it is a verb; `30 randomized villages`
/// are the units randomized.
pub(super) fn participle_of_things(verb: &str, rest: &str, aux: bool) -> bool {
    // `286 (74%) completed satisfaction questions`: a verb that takes an
    // object.
    if aux || ["completed", "entered"].contains(&verb) {
        return false;
    }
    let mut prev = String::new();
    for token in rest.split_whitespace().take(8) {
        let word = token.trim_end_matches([',', '.', ';', ':']);
        if word.is_empty() {
            if token.starts_with(',') {
                continue;
            }
            return false;
        }
        let lower = word.to_ascii_lowercase();
        if VERB_NEXT.contains(&lower.as_str())
            || !word
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '/'))
        {
            return false;
        }
        if word.bytes().all(|b| b.is_ascii_digit()) {
            // `phase 3` inside the phrase; a number after a comma starts a
            // new count (`54 randomized, 50 analysed`).
            if prev != "phase" {
                return false;
            }
        } else if is_noun(word) {
            return false;
        } else if plural(&lower) {
            let head = lower.rsplit('-').next().unwrap_or(&lower);
            return DESIGN_NOUN.is_match(head);
        }
        if token.ends_with(['.', ';', ':']) {
            return false;
        }
        prev = lower;
    }
    false
}

/// A plural noun by its ending (`groups`, `sessions`, `12-week studies`),
/// not `analysis`, `previous` or `class`.
fn plural(lower: &str) -> bool {
    let last = lower.rsplit('-').next().unwrap_or(lower);
    last.len() > 3
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
        && !last.ends_with("is")
        && last.bytes().all(|b| b.is_ascii_alphabetic())
}

// `N <noun> of the research team`: members of the staff, not participants
// (but `16 members of the national rowing team`, `people of an internet
// panel` took part).
static OF_STAFF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s+(?:of|from)\s+(?:the\s+|a\s+|an\s+|our\s+|this\s+|each\s+|every\s+)?(?:[A-Za-z-]+\s+){0,3}?(?:committees?|boards?|faculty|council|dsmb|dmc|idmc|mdt|(?:research|study|trial|project|evaluation|clinical|care|medical|nursing|health|multidisciplinary|management|coordinating|expert|steering|advisory|writing|working|review|adjudication|scientific|monitoring|ethics|pharmacy)\s+(?:teams?|committees?|boards?|panels?|groups?|staff))(?-u:\b)")
        .expect("of staff regex")
});

// `observations were made by two persons`, `delivered by 12 nurses`: the
// agent of the study's own work.
static BY_AGENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:made|performed|done|carried out|conducted|rated|scored|graded|read|reviewed|coded|extracted|measured|recorded|collected|interpreted|delivered|administered|taught|led|supervised|ranked|observed|checked|verified|judged|facilitated|provided|run)\s+(?:[A-Za-z-]+\s+){0,3}?by\s+(?:the\s+)?$")
        .expect("by agent regex")
});

// The people who do a study's work, as the agent of a passive: `made by
// two persons`, `examined by two calibrated dentists` (not `made by 587
// participants`, `performed by 10 residents` who took part).
static STAFF_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:persons|people|individuals|members|workers|experts|officers|{TRADES})$"
    ))
    .expect("staff noun regex")
});

/// The trades of people who run a trial or deliver its care, said once for
/// [`STAFF_NOUN`] (the agent of a passive) and [`TRADE_NOUN`].
const TRADES: &str = "physicians|doctors|dentists|clinicians|nurses|staff|investigators|researchers|pharmacists|therapists|physiotherapists|surgeons|radiologists|pathologists|observers|raters|assessors|examiners|reviewers|educators|facilitators|midwives|psychologists|technicians|assistants";

// `two teams of four persons`, `a board (DSMB) consisting of five members`.
static STAFF_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:teams?|panels?|committees?|boards?|crews?|staff|dsmb|dmc|council|faculty)(?:\s*\([^()]{0,20}\))?,?\s+(?:(?:that|which)\s+(?:will\s+)?(?:be\s+|is\s+|was\s+|are\s+|were\s+)?)?(?:of|consisting of|consisted of|composed of|comprised of|comprising|made up of|including|included)\s+(?:up to\s+|about\s+|approximately\s+|around\s+|at least\s+)?$")
        .expect("staff of regex")
});

// `a maximum of 5 children participated` in a session: its capacity (not
// `up to`, which also states a planned enrolment: `a study of up to 40`).
static AT_MOST: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:a maximum of|maximum of|at most|no more than|not more than)\s+$",
    )
    .expect("at most regex")
});

static SESSION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:sessions?|class(?:es)?|meetings?|workshops?|programmes?|programs?|courses?|lessons?)(?-u:\b)")
        .expect("session regex")
});

// `in groups of 6 patients`, `small classes of up to 8`.
static GROUPS_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups|classes|sessions|batches|teams)\s+of\s+(?:up to\s+|about\s+|approximately\s+|around\s+|between\s+)?$")
        .expect("groups of regex")
});

/// The role of a count with a noun when it counts the study's staff
/// (`Skip`) or the most one session holds (a part), from the words before
/// it (`before`, its clause) and after its noun.
pub(super) fn staff_or_capacity(
    doc: &Document,
    s: usize,
    noun_end: usize,
    before: &str,
) -> Option<(Role, &'static str)> {
    let fold = doc.fold.as_str();
    let after = &fold[noun_end..ceil_boundary(fold, noun_end + 100)];
    let noun = fold[..noun_end].rsplit(' ').next().unwrap_or("");
    let agent = BY_AGENT.is_match(before) && STAFF_NOUN.is_match(noun);
    if agent || OF_STAFF.is_match(after) || STAFF_OF.is_match(before) {
        return Some((Role::Skip, STAFF_RULE));
    }
    let (ss, se) = doc.sentence_at(s);
    if AT_MOST.is_match(before) && SESSION.is_match(&fold[ss..se]) {
        return Some((Role::Subgroup, "sample_size.per_session"));
    }
    if let Some(m) = GROUPS_OF.find(before) {
        // `two groups of 30 patients (each)` are the arms.
        let lo = floor_boundary(before, m.start().saturating_sub(30));
        let numbered = NUMBER.is_match(&before[lo..m.start()]);
        let each = after[..floor_boundary(after, 30)].contains("each");
        if !numbered && !each {
            return Some((Role::Subgroup, "sample_size.per_session"));
        }
    }
    None
}

// The trades of people who run a trial or deliver its care: a count of
// them with no verb that makes them take part (`by consulting with 10
// respiratory nurses`, `Two separate raters will score …`) counts its staff.
static TRADE_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:{TRADES}|pediatricians|paediatricians|anaesthetists|anesthetists|anesthesiologists|anaesthesiologists|endoscopists|sonographers|interviewers|coders|practitioners|gps)$"
    ))
    .expect("trade noun regex")
});

/// The rule of a count of the trial's staff (`consulting with 10 nurses`).
pub(super) const STAFF_RULE: &str = "sample_size.staff";

/// The last word of the noun phrase that ends at `end`.
fn head_noun(fold: &str, end: usize) -> &str {
    fold[..end]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
}

/// Counts of staff with no verb of their own (`obtained by consulting with
/// 10 respiratory nurses`, the fallback `count_noun` whose head noun is a
/// trade of [`TRADE_NOUN`]) are no participants: they are skipped. When
/// the trade takes part (a count of it has a role of its own, `(36
/// nurses)` an arm, or a sentence that names it randomizes, enrols or
/// recruits: `Physician groups were randomized`, `we have consented 13
/// clinicians`), its counts keep their roles.
pub(super) fn staff_without_verb(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let is_staff = |c: &Cand| {
        c.rule == "sample_size.count_noun" && TRADE_NOUN.is_match(head_noun(fold, c.end))
    };
    let staff: Vec<usize> = (0..out.len()).filter(|&i| is_staff(&out[i])).collect();
    if staff.is_empty() {
        return;
    }
    let lower = fold.to_ascii_lowercase();
    for i in staff {
        let c = &out[i];
        // The trades the count's phrase names (`120 primary care physician
        // and associate practitioners`), without their plural `s`.
        let stems: Vec<String> = lower[c.start..c.end]
            .split(|ch: char| !ch.is_ascii_alphabetic())
            .filter(|w| TRADE_NOUN.is_match(w) || TRADE_NOUN.is_match(&format!("{w}s")))
            .map(|w| w.strip_suffix('s').unwrap_or(w).to_string())
            .collect();
        let counted = out.iter().any(|w| {
            !matches!(w.role, Role::Total | Role::Skip | Role::Cited)
                && stems
                    .iter()
                    .any(|st| lower[w.start..w.end.max(w.start)].contains(st.as_str()))
        });
        if counted || stems.iter().any(|st| trade_takes_part(doc, &lower, st)) {
            continue;
        }
        let c = &mut out[i];
        c.role = Role::Skip;
        c.rule = STAFF_RULE;
        c.conf = 0.0;
    }
}

// A verb that makes people take part in a trial.
static TAKES_PART: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:randomi[sz]|randomly|allocat|assigned|enrol|recruit|particip|took part|consented)")
        .expect("takes part regex")
});

/// Whether a sentence that names the trade `stem` (lower case) has a verb
/// of taking part (the first 40 mentions are read).
fn trade_takes_part(doc: &Document, lower: &str, stem: &str) -> bool {
    lower.match_indices(stem).take(40).any(|(at, _)| {
        let (ss, se) = doc.sentence_at(at);
        TAKES_PART.is_match(&doc.fold[ss..se])
    })
}

// A rate over a period in the clause after a count's noun: `treats about
// 25 patients with trophoblastic disease each year`, `some 300 births
// every month`. No number, bracket or clause mark between; `per month` is
// left out (`patients with fewer than one attack per month` are people).
const PER_PERIOD_WORDS: &str =
    r"(?i)(?-u:\b)(?:(?:each|every)\s+(?:year|month|week)|annually)(?-u:\b)";
static PER_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(PER_PERIOD_WORDS).expect("per period regex"));

/// Whether the count whose noun ends at `noun_end` is how many a place sees
/// in a period (`treats about 25 patients … each year`): a rate of a
/// clinic, not who took part.
pub(super) fn per_period(doc: &Document, noun_end: usize) -> bool {
    let fold = doc.fold.as_str();
    let (_, se) = doc.sentence_at(noun_end);
    let hi = ceil_boundary(fold, (noun_end + 100).min(se).max(noun_end));
    period_after(&fold[noun_end..hi])
}

/// `^[^0-9.;:()\[\]]{0,80}?` then [`PER_PERIOD`] ([`super::gap`]).
fn period_after(after: &str) -> bool {
    let end = super::gap::gap_end(after, 80, |ch| {
        ch.is_ascii_digit() || matches!(ch, '.' | ';' | ':' | '(' | ')' | '[' | ']')
    });
    super::gap::starts_by(&PER_PERIOD, after, end)
}

// What makes `N cases of X` events: the verb of the cases finds them
// (`were observed`, `occurred`), not a participle that describes them
// (`86 cases of asthma, first diagnosed …, were selected`).
static CASES_FOUND: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:(?:were|was|been)\s+(?:[a-z]+ly\s+)?(?:diagnosed|observed|detected|identified|recorded|reported|noted|seen|found)|occurred|developed|appeared)(?-u:\b)",
    )
    .expect("cases regex")
});

// A verb that makes `N cases` the study's patients: `340 cases of hookworm
// infection were treated`.
static CASES_STUDIED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:randomi[sz]|randomly|enrol|includ|recruit|treated|allocat|assign|underwent|received|particip|operated|analy[sz]|selected|divided)")
        .expect("cases studied regex")
});

/// `Three cases of apnoea … were observed`: events of a condition, not
/// participants, when the verb that finds them comes before any verb that
/// treats or enrols them (`noun` is the count's noun, `rest` the text after
/// it, `after` its clause).
pub(super) fn cases_of_events(noun: &str, rest: &str, after: &str) -> bool {
    if !noun.eq_ignore_ascii_case("cases") || !rest.trim_start().starts_with("of ") {
        return false;
    }
    let Some(found) = CASES_FOUND.find(after) else {
        return false;
    };
    CASES_STUDIED
        .find(after)
        .is_none_or(|m| m.start() > found.start())
}

// A clause that opens with a part of a set named before it: `From these
// seven drop-outs,`, `Of these,`, `Of those 51 participants,`.
static PART_FRAME: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:(?:however|in addition|moreover|finally|thus|in total)\s*,?\s*)?(?:of|from|among|amongst|out of)\s+(?:these|those|them|whom|which|this group|the latter)(?-u:\b)([^,;()]{0,60}),\s")
        .expect("part frame regex")
});

/// The rules whose counts a frame before them can make a part: a count
/// with a role verb, read from its own clause.
pub(super) const VERB_RULES: &[&str] = &[
    "sample_size.count_verb",
    "sample_size.count_noun_verb",
    "sample_size.count_any_noun_verb",
    "sample_size.count_clusters_verb",
];

/// Counts that are a part of a set named before them (`From these seven
/// drop-outs, three had been assigned to …`; `562 were randomized; of these,
/// four were not treated and three randomized to X`) are parts, not the
/// study's total: the set is a count that no trial total can be part of
/// (randomized, an arm, those analysed or completing) or a set
/// of no participants. A part of those screened, eligible or enrolled
/// (`Of these, 120 were randomized`) keeps its role. One unit randomized is
/// a part too: a trial randomizes two at least.
pub(super) fn parts_of_a_set(doc: &Document, out: &mut [Cand]) {
    for i in 0..out.len() {
        if spent(doc, 0) {
            break;
        }
        let c = &out[i];
        if !matches!(c.role, Role::Randomized | Role::Enrolled | Role::Total) {
            continue;
        }
        if c.role == Role::Randomized && c.n < 2 {
            let c = &mut out[i];
            c.role = Role::Subgroup;
            c.rule = "sample_size.one_randomized";
            c.conf = 0.5;
            continue;
        }
        if !VERB_RULES.contains(&c.rule) {
            continue;
        }
        let before = before_window(doc, c.start, false);
        let Some(m) = PART_FRAME.captures(before) else {
            continue;
        };
        let Some(set) = m.get(1) else {
            continue;
        };
        let at = c.start - before.len();
        let part_of = match NUMBER.find(set.as_str()) {
            Some(k) => {
                let start = at + set.start() + k.start();
                let whole = parse_count_or_words(k.as_str());
                match out.iter().find(|w| w.start == start) {
                    Some(w) => closed_set(w.role) && w.n > c.n,
                    // `these seven drop-outs`: a set of no participants.
                    None => whole.is_some_and(|w| w > c.n),
                }
            }
            None => {
                // `Of these,`: the last count before the clause.
                let lo = at.saturating_sub(400);
                out[..i]
                    .iter()
                    .rev()
                    .find(|w| w.end <= at && w.start >= lo && w.role != Role::Cited)
                    .is_some_and(|w| closed_set(w.role) && w.n > c.n)
            }
        };
        if part_of {
            let c = &mut out[i];
            c.role = Role::Subgroup;
            c.rule = "sample_size.part_of_set";
            c.conf = 0.5;
        }
    }
}

/// Whether a set of this role is one no trial total is a part of (a
/// subgroup is not: `of which 32 were positive responses; … 14 were
/// randomised` is a flow of ever smaller sets).
fn closed_set(role: Role) -> bool {
    matches!(
        role,
        Role::Randomized | Role::Arm | Role::Analyzed | Role::Completed
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_after_the_gap_is_the_counted_gap_pattern() {
        let x = "x".repeat(39);
        super::super::gap::assert_split_agrees(
            &format!(r"^[^0-9.;:()\[\]]{{0,80}}?(?:{PER_PERIOD_WORDS})"),
            period_after,
            &[
                " patients",
                &x,
                "é",
                ".",
                ":",
                "(",
                "]",
                "5",
                " each year",
                "every\nmonth",
                "annually",
                "xannually",
            ],
        );
    }

    #[test]
    fn a_size_some_trial_would_require_is_no_sample() {
        assert!(required_size("a trial with PS requiring at least "));
        assert!(required_size("The study would require "));
        assert!(!required_size("Rescue analgesia was required in "));
    }

    #[test]
    fn a_participle_before_a_plural_noun_of_things_is_an_adjective() {
        assert!(participle_of_things(
            "randomized",
            " groups did not differ",
            false
        ));
        assert!(participle_of_things(
            "randomized",
            ", double-blind, placebo-controlled, 12-week studies",
            false
        ));
        assert!(participle_of_things(
            "randomized",
            " separate sequences for smokers",
            false
        ));
        assert!(!participle_of_things("randomized", " groups", true));
        assert!(!participle_of_things(
            "randomized",
            " to the two groups",
            false
        ));
        assert!(!participle_of_things("randomized", ", 50 analysed", false));
        assert!(!participle_of_things("randomized", " the study.", false));
        assert!(!participle_of_things(
            "randomized",
            ". Steady-state concentrations",
            false
        ));
        assert!(!participle_of_things(
            "randomized",
            " high-dose melphalan",
            false
        ));
        assert!(!participle_of_things(
            "randomized",
            " eligible patients",
            false
        ));
        // A verb that takes an object.
        assert!(!participle_of_things(
            "completed",
            " satisfaction questions",
            false
        ));
        // Units randomized are counted.
        assert!(!participle_of_things(
            "randomized",
            " villages in Botswana",
            false
        ));
    }

    #[test]
    fn events_of_a_condition_are_found_not_treated() {
        assert!(cases_of_events(
            "cases",
            " of apnea were observed",
            " of apnea were observed"
        ));
        assert!(!cases_of_events(
            "cases",
            " of hookworm infection were treated and cured",
            " of hookworm infection were treated and cured"
        ));
        assert!(!cases_of_events("patients", " of X were seen", " of X"));
        // A participle that describes the cases is not their verb.
        let rest = " of asthma, first diagnosed at the clinic, were selected";
        assert!(!cases_of_events("cases", rest, rest));
    }

    fn staff(text: &str) -> Option<(Role, &'static str)> {
        let doc = Document::from_text(text);
        let fold = doc.fold.as_str();
        let noun = ["persons", "members", "children", "patients"]
            .iter()
            .find_map(|w| fold.find(w).map(|p| (p, p + w.len())))
            .expect("noun");
        let s = fold[..noun.0].trim_end().rfind(' ').map_or(0, |p| p + 1);
        staff_or_capacity(&doc, s, noun.1, before_window(&doc, s, false))
    }

    #[test]
    fn the_staff_of_a_study_are_no_participants() {
        assert_eq!(
            staff("Coding was done by two members of the research team.").map(|r| r.0),
            Some(Role::Skip)
        );
        assert_eq!(
            staff("The observations were made by two persons.").map(|r| r.0),
            Some(Role::Skip)
        );
        assert_eq!(
            staff("In a training session in which a maximum of 5 children participated.")
                .map(|r| r.0),
            Some(Role::Subgroup)
        );
        assert_eq!(
            staff("Patients were randomized into two groups of 30 patients each."),
            None
        );
        assert_eq!(staff("We randomized 120 patients to two arms."), None);
        assert_eq!(
            staff("The study included 16 members of the national rowing team."),
            None
        );
    }
}
