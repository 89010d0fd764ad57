//! Stage 2 (roles), the tense of a count: whether the document is a
//! protocol (it says what *will* be done to how many), whether a count's
//! clause is a plan (`120 patients will be randomised`, `we aim to recruit
//! 200`, `were to be enrolled`) and whether it states what happened (`34
//! patients were recruited`, `we enrolled 80 participants`).
//!
//! A protocol is told by its verbs, not by a heading: participants who
//! `will be randomised` / `will be recruited` outnumber those who `were
//! randomised` / `were recruited` (a protocol written once recruitment has
//! closed, `410 men were randomised`, says so in the past and is read as a
//! report of what happened).

use super::window::{after_window, before_window};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// The participation verbs a protocol puts in the future.
static FUTURE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:will|shall) (?:be )?(?:randomi[sz]ed|randomly (?:assigned|allocated)|recruited|enrol?led|allocated|assigned|included|recruit|enrol?l?|randomi[sz]e|include)(?-u:\b)")
        .expect("future verb regex")
});

/// The same verbs in the past: the study has its participants.
static PAST_VERB: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(?:were|was|had been|have been|has been) (?:randomi[sz]ed|randomly (?:assigned|allocated)|recruited|enrol?led|allocated|assigned|included)|we (?:randomi[sz]ed|recruited|enrol?led|included|randomly (?:assigned|allocated)))(?-u:\b)")
        .expect("past verb regex")
});

/// The same verbs in the present, as protocols describe their design
/// (`participants are randomised`, `are being recruited`).
static PRESENT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:are|is) (?:being )?(?:randomi[sz]ed|randomly (?:assigned|allocated)|recruited|enrol?led|allocated|assigned)(?-u:\b)")
        .expect("present verb regex")
});

/// A title that names a protocol (`study protocol for a randomised
/// trial`, `rationale and design of`).
static PROTOCOL_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:study protocol|trial protocol|protocol (?:for|of) (?:a|an|the)|design and rationale|rationale and design)(?-u:\b)")
        .expect("protocol title regex")
});

/// Bytes of the document's start read for its title.
const TITLE_REACH: usize = 1500;

/// Whether the document is a protocol: its participants are in the future
/// (or the present of a design) more often than in the past, with the
/// future once at least (results papers describe their methods in the
/// present too), or under a title that says protocol.
pub(super) fn is_protocol(doc: &Document) -> bool {
    let fold = doc.fold.as_str();
    let future = FUTURE_VERB.find_iter(fold).count();
    let head = &fold[..crate::extract::text::floor_boundary(fold, TITLE_REACH)];
    // Without a future verb only the title can make a protocol: most
    // results papers are settled here, before the passes over the whole
    // text for the present and the past (issue 15).
    let title = || PROTOCOL_TITLE.is_match(head);
    if future == 0 && !title() {
        return false;
    }
    let present = PRESENT_VERB.find_iter(fold).count();
    let plan = future + present;
    if plan == 0 {
        return false;
    }
    // Both tests compare the past with at most twice the plan: counting
    // stops one past that (issue 15: a results paper's past verbs run
    // through the whole text).
    let past = PAST_VERB.find_iter(fold).take(2 * plan + 1).count();
    (future >= 1 && plan >= 2 && plan > past) || (title() && 2 * plan >= past)
}

/// After the count (from its first char): a verb of the future or of a
/// plan in its clause (`will be randomised`, `are expected to`, `were to
/// be enrolled`, `would be needed`).
static FUTURE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:n ?[=:] ?)?[\d,. ]*[^0-9;]{0,80}?(?-u:\b)(?:(?:will|shall) (?:(?:then|also|each|all|first|only) )?(?:be (?:[a-z]+ly )?(?:randomi[sz]ed|recruited|enrol?led|included|assigned|allocated|invited|approached|studied|treated|followed|selected|identified|required|needed|necessary|sufficient|eligible|consented|offered|asked|accrued|entered)|participate|take part|receive|undergo|complete|provide|give|allow|yield|need|have|enter|join|form|comprise|constitute)|(?:is|are|was|were) (?:[a-z]+ly )?(?:expected|planned|anticipated|projected|intended|going|needed|required|to be|targeted|sought)|would (?:be|need|have|provide|give|allow|enable|ensure|yield|detect|achieve|result)|(?:need|needs) to be|should be)(?-u:\b)")
        .expect("future after regex")
});

/// Before the count, ending at it: a subject that will recruit or aims to
/// (`we will recruit a total of`, `the trial aims to enrol`), or a target
/// (`a target sample size of`, `the planned enrolment is`).
static FUTURE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:(?-u:\b)(?:will|shall|would|plans? to|planned to|aims? to|aimed to|intends? to|intended to|expects? to|expected to|hopes? to|seeks? to|proposes? to|is to|are to|goal (?:is|was) to)(?: (?:then|also|initially|first|aim to|need to|be able to|try to))? (?:[a-z]+ly )?(?:recruit|enrol|enroll|include|randomi[sz]e|invite|approach|involve|allocate|assign|study|consent|screen|treat|follow|sample|survey|interview|accrue)[a-z]*|(?-u:\b)(?:target(?:ed)?|planned|projected|anticipated|expected|intended|estimated|proposed|desired|aimed|goal)(?: final| total| overall)? (?:sample(?: size)?|enrol?ment|accrual|recruitment|number of (?:participants|patients|subjects)|study population|population|size))(?: (?:of|is|was|will be|would be|=|:|at|to be|for the study|for this study))?(?: (?:a total of|approximately|about|up to|at least|around|a minimum of|a maximum of|some|an estimated|roughly|nearly|over|n ?=))?\s*$")
        .expect("future before regex")
});

/// After the count: a past participation verb in its clause (`were
/// recruited`, `have been randomised`, `being randomly assigned`,
/// `completed`); not `were to be`, `were needed`.
const REALIZED_AFTER_VERBS: &str = r"(?i)(?-u:\b)(?:(?:were|was|have been|has been|had been|being) (?:[a-z]+ly )?(?:randomi[sz]ed|recruited|enrol?led|included|assigned|allocated|studied|treated|analy[sz]ed|evaluated|selected|entered|followed|examined|operated|vaccinated|available|screened|identified|approached|consented)|participated|took part|underwent|completed (?:the|all|both|their|follow|treatment))(?-u:\b)";
static REALIZED_AFTER: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(REALIZED_AFTER_VERBS).expect("realized after regex"));

/// Before the count, ending at it: a subject and a past participation verb
/// (`we enrolled`, `the trial therefore recruited`, `we have selected`),
/// or the word `actual`.
static REALIZED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:(?-u:\b)(?:we|study|trial|investigators|authors|this|it|which|that|they|i|centres|centers|sites|practices) (?:(?:have|had|then|therefore|thus|finally|eventually|actually|only|successfully|ultimately|subsequently) )*(?:[a-z]+ly )?(?:randomi[sz]ed|recruited|enrol?led|included|selected|studied|assigned|allocated|analy[sz]ed|treated|examined|obtained|reached|achieved|accrued)(?: and (?:randomi[sz]ed|recruited|enrol?led|included|selected|studied|assigned|allocated|analy[sz]ed|treated|examined|obtained|reached|achieved|accrued))?(?: (?:a total of|only|approximately|about|just|all|the|in total))?\s*|(?-u:\b)actual(?:ly)?(?-u:\b)[^.;]*)$")
        .expect("realized before regex")
});

/// The clause after the count at `start` (its own digits first).
fn after(doc: &Document, start: usize) -> String {
    after_window(doc, start, usize::MAX)
}

/// The count's own clause of `after`: up to a relative or subordinate
/// clause (`30 women who were scheduled for surgery`, `40 patients for
/// whom sedation was to be prescribed`), whose verb is not the count's.
fn main_clause(after: &str) -> &str {
    match RELATIVE.find(after) {
        Some(m) => &after[..m.start()],
        None => after,
    }
}

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|whom|whose|which|that|where|when|if|whether|because|since|although|unless|until)(?-u:\b)")
        .expect("relative regex")
});

/// The words one of which every match of [`FUTURE_AFTER`] and of
/// [`ENROL_AFTER`] holds: their modal (`will`, `shall`, `would`, `should`,
/// `need`) or the word after their `is`, `are`, `was`, `were`.
static PLAN_AFTER_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "will",
            "shall",
            "would",
            "should",
            "need",
            "expected",
            "planned",
            "anticipated",
            "projected",
            "intended",
            "going",
            "required",
            "targeted",
            "sought",
            "to be",
        ])
        .expect("plan after words")
});

/// Whether [`FUTURE_AFTER`] or [`ENROL_AFTER`] may match `clause` (issue
/// 15): each of their matches holds one of [`PLAN_AFTER_WORDS`]. A clause
/// with a non-ASCII char is always searched (under `(?i)` the `s` of
/// `shall` also matches `ſ`); in ASCII text `(?i)` matches the ASCII
/// cases of a letter alone, as the ASCII-case-insensitive search does. Most
/// counts' clauses hold none of the words: one pass over the clause instead
/// of a search whose lazy DFA keeps building states (its `[^0-9;]{0,80}?`
/// before a long alternation).
fn plan_after_may(clause: &str) -> bool {
    !clause.is_ascii() || PLAN_AFTER_WORDS.is_match(clause)
}

/// Whether the count at `start` is stated as a plan: a future or modal
/// verb in its clause, or a plan to recruit before it.
pub(super) fn planned_clause(doc: &Document, start: usize) -> bool {
    let after = after(doc, start);
    let clause = main_clause(&after);
    (plan_after_may(clause) && FUTURE_AFTER.is_match(clause))
        || FUTURE_BEFORE.is_match(before_window(doc, start, false))
}

/// After the count, in its clause: a plan to enrol it (`will be
/// randomised`, `are expected to be included`, `will take part`, `would be
/// required`). Other futures (`will be followed`, `will treat`, `will
/// have`) plan something else than who the study enrols.
static ENROL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:n ?[=:] ?)?[\d,. ]*[^0-9;]{0,80}?(?-u:\b)(?:(?:will|shall) (?:(?:then|also|all|first|only|each) )?(?:be (?:[a-z]+ly )?(?:randomi[sz]ed|recruited|enrol?led|included|assigned|allocated|accrued|entered)|participate|take part|enter|join)|(?:is|are) (?:[a-z]+ly )?(?:expected|planned|anticipated|projected|intended|targeted|going|needed|required) to (?:be (?:[a-z]+ly )?(?:randomi[sz]ed|recruited|enrol?led|included|assigned|allocated|accrued)|participate|take part|enter)|(?:would|will|should) be (?:required|needed|necessary|sufficient|adequate)|(?:need|needs) to be (?:randomi[sz]ed|recruited|enrol?led|included))(?-u:\b)")
        .expect("enrol after regex")
});

/// Before the count, ending at it: a subject that will enrol it or aims
/// to (`we will recruit`, `the trial aims to randomise`), or a target size
/// (`a target sample size of`, `the planned enrolment is`).
static ENROL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:(?-u:\b)(?:will|shall|would|plans? to|planned to|aims? to|aimed to|intends? to|intended to|expects? to|expected to|seeks? to|proposes? to|(?:goal|aim|objective|plan|target) (?:is|was) to)(?: (?:then|also|initially|aim to|need to|be able to|try to))? (?:[a-z]+ly )?(?:recruit|enrol|enroll|include|randomi[sz]e|accrue|allocate|assign|involve|comprise|consist of)[a-z]*|(?-u:\b)(?:target(?:ed)?|planned|projected|anticipated|expected|intended|estimated|proposed|desired|goal)(?: final| total| overall)? (?:sample(?: size)?|enrol?ment|accrual|recruitment|number of (?:participants|patients|subjects)|study population|size))(?: (?:of|is|was|will be|would be|=|:|at|to be|for the study|for this study))?(?: (?:a total of|approximately|about|up to|at least|around|a minimum of|some|an estimated|roughly|nearly|over|n ?=))?\s*$")
        .expect("enrol before regex")
});

/// After the count: people who run the study, not its participants
/// (`three nurses`, `eight therapists`).
static STAFF_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[\d,. ]*(?:[a-z-]+ ){0,2}?(?:nurses|therapists|physiotherapists|physicians|doctors|practitioners|gps|midwives|staff|teachers|surgeons|dentists|pharmacists|clinicians|raters|assessors|interviewers|investigators|researchers|counsel+ors|coaches|trainers)(?-u:\b)")
        .expect("staff after regex")
});

/// Whether the count at `start` is a plan of whom the study enrols: an
/// enrolment verb in the future or a target size in its clause, and a
/// count of participants (not of the staff).
pub(super) fn enrolment_plan(doc: &Document, start: usize) -> bool {
    let after = after(doc, start);
    if STAFF_AFTER.is_match(&after) {
        return false;
    }
    let clause = main_clause(&after);
    (plan_after_may(clause) && ENROL_AFTER.is_match(clause))
        || ENROL_BEFORE.is_match(before_window(doc, start, false))
}

/// Whether the count at `start` is stated as what happened: a past
/// participation verb in its clause, or, for a count in brackets (`we
/// selected 52 participants (26 in each group)`), in the clause of the
/// count the brackets follow.
pub(super) fn realized_clause(doc: &Document, start: usize) -> bool {
    if realized_here(doc, start) {
        return true;
    }
    let fold = doc.fold.as_str();
    let before = before_window(doc, start, false);
    let Some(open) = before.rfind('(') else {
        return false;
    };
    if before[open..].contains(')') {
        return false;
    }
    let head = &before[..open];
    // The last number before the bracket, if the clause has one.
    let Some(last_digit) = head.rfind(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let first = head[..last_digit]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ','))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let offset = before.as_ptr() as usize - fold.as_ptr() as usize;
    realized_here(doc, offset + first)
}

fn realized_here(doc: &Document, start: usize) -> bool {
    let after = after(doc, start);
    let before = before_window(doc, start, false);
    (realized_after_may(&after) && realized_after(&after))
        || (realized_before_may(before) && REALIZED_BEFORE.is_match(before))
}

/// `^(?:n ?[=:] ?)?[\d,. ]*[^0-9;]{0,80}?` then [`REALIZED_AFTER`]
/// ([`super::gap`]): the verb starts within 80 chars (no digit, no `;`)
/// of the end of the count's digits, or of an `n =` and its digits. (A
/// run of digits, commas, points and spaces may stop anywhere, but the gap
/// reaches farthest from its end.)
fn realized_after(after: &str) -> bool {
    let b = after.as_bytes();
    let reach = |q: usize| {
        let run = b[q..]
            .iter()
            .take_while(|&&c| c.is_ascii_digit() || matches!(c, b',' | b'.' | b' '))
            .count();
        let r = q + run;
        r + super::gap::gap_end(&after[r..], 80, |ch| ch.is_ascii_digit() || ch == ';')
    };
    let mut end = reach(0);
    if matches!(b.first(), Some(b'n' | b'N')) {
        let eq = if b.get(1) == Some(&b' ') { 2 } else { 1 };
        if matches!(b.get(eq), Some(b'=' | b':')) {
            end = end.max(reach(eq + 1));
        }
    }
    super::gap::starts_by(&REALIZED_AFTER, after, end)
}

/// The words one of which every match of [`REALIZED_AFTER`] holds.
static REALIZED_AFTER_WORDS: LazyLock<Vec<memchr::memmem::Finder<'static>>> = LazyLock::new(|| {
    [
        "were",
        "was",
        "been",
        "being",
        "participated",
        "took part",
        "underwent",
        "completed",
    ]
    .iter()
    .map(memchr::memmem::Finder::new)
    .collect()
});

/// Whether [`REALIZED_AFTER`] may match `after`: each of its matches holds
/// one of [`REALIZED_AFTER_WORDS`] (a text with a non-ASCII char is always
/// searched: under `(?i)` the `s` of `was` also matches `ſ`, the `k` of
/// `took` the Kelvin sign). The search cost ~20,000 instructions a count.
fn realized_after_may(after: &str) -> bool {
    if !after.is_ascii() {
        return true;
    }
    let lower = after.as_bytes().to_ascii_lowercase();
    REALIZED_AFTER_WORDS
        .iter()
        .any(|w| w.find(&lower).is_some())
}

static ACTUAL: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("actual"));

/// Whether [`REALIZED_BEFORE`] may match `before` (it ends at the count):
/// its first branch ends in a verb of its list or one of the words it
/// allows after the verb, then spaces; its second holds `actual`.
fn realized_before_may(before: &str) -> bool {
    if !before.is_ascii() {
        return true;
    }
    let end = before.trim_end().as_bytes();
    ACTUAL
        .find(&before.as_bytes().to_ascii_lowercase())
        .is_some()
        || [
            &b"randomised"[..],
            b"randomized",
            b"recruited",
            b"enrolled",
            b"enroled",
            b"included",
            b"selected",
            b"studied",
            b"assigned",
            b"allocated",
            b"analysed",
            b"analyzed",
            b"treated",
            b"examined",
            b"obtained",
            b"reached",
            b"achieved",
            b"accrued",
            b"total of",
            b"only",
            b"approximately",
            b"about",
            b"just",
            b"all",
            b"the",
            b"in total",
        ]
        .iter()
        .any(|w| end.len() >= w.len() && end[end.len() - w.len()..].eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verb_after_the_gap_is_the_counted_gap_pattern() {
        let x = "x".repeat(39);
        crate::extract::sample_size::gap::assert_split_agrees(
            &format!(r"(?i)^(?:n ?[=:] ?)?[\d,. ]*[^0-9;]{{0,80}}?(?:{REALIZED_AFTER_VERBS})"),
            realized_after,
            &[
                "",
                "n = ",
                "N:",
                "n =",
                "12",
                "3,4",
                ". ",
                " ",
                ";",
                &x,
                "é",
                " were enrolled",
                "were randomized",
                "xwere studied",
            ],
        );
    }

    fn at(text: &str, num: &str) -> (Document, usize) {
        let doc = Document::from_text(text);
        let s = doc.fold.find(num).expect("number");
        (doc, s)
    }

    #[test]
    fn the_plan_words_found_hold_every_match_of_the_plan_patterns() {
        let clauses = [
            "180 infants WILL be randomized to two arms",
            "171 patients were to be randomized",
            "60 patients are expected to take part",
            "40 were planned to enter",
            "88 would be needed",
            "24 per group need to be included",
            "30 should be sufficient",
            "12 were sought",
            "50 patients were targeted to be included",
            "n = 40 children shall participate",
            "300 are anticipated to be recruited",
            "90 were randomized and treated",
            "45 completed the study",
        ];
        let mut matched = 0;
        for c in clauses {
            for re in [&*FUTURE_AFTER, &*ENROL_AFTER] {
                if re.is_match(c) {
                    assert!(plan_after_may(c), "{c}");
                    matched += 1;
                }
            }
        }
        assert!(matched >= 15, "{matched}");
        // Past participation gives no plan word; a long s is searched.
        assert!(!plan_after_may("90 were randomized and treated"));
        assert!(plan_after_may("12 \u{17f}hall be included"));
    }

    #[test]
    fn future_and_plans_are_planned() {
        for (t, n) in [
            (
                "A total of 180 infants will be randomized to two arms.",
                "180",
            ),
            ("We will recruit 120 adults from general practices.", "120"),
            (
                "The trial aims to enrol approximately 300 participants.",
                "300",
            ),
            (
                "Overall, 171 patients were to be randomized in a ratio of 2:1.",
                "171",
            ),
            ("The target sample size is 560 children.", "560"),
            (
                "This study aims to accrue a total of 64 patients within two years.",
                "64",
            ),
        ] {
            let (doc, s) = at(t, n);
            assert!(planned_clause(&doc, s), "{t}");
            assert!(!realized_clause(&doc, s), "{t}");
        }
    }

    #[test]
    fn what_happened_is_realized() {
        for (t, n) in [
            (
                "To ensure an appropriate sample size, 34 patients were recruited.",
                "34",
            ),
            (
                "Instead, we enrolled 80 participants with a 20% withdrawal rate.",
                "80",
            ),
            (
                "We randomized and recruited 27 patients in each group to allow for withdrawals.",
                "27",
            ),
            (
                "The actual number of randomized patients (n = 46) was lower.",
                "46",
            ),
            (
                "This resulted in 541 participants being randomly assigned.",
                "541",
            ),
            (
                "Allowing for dropouts, we selected 52 participants (26 in each group).",
                "26",
            ),
            (
                "Allowing for dropouts, we selected 52 participants (n = 26 per arm).",
                "26",
            ),
        ] {
            let (doc, s) = at(t, n);
            assert!(realized_clause(&doc, s), "{t}");
            assert!(!planned_clause(&doc, s), "{t}");
        }
    }

    #[test]
    fn a_bracket_after_a_number_glued_to_a_sign_does_not_panic() {
        let (doc, s) = at("We selected ±52 participants (26 in each group).", "26");
        let _ = realized_clause(&doc, s);
    }

    #[test]
    fn a_protocol_speaks_of_the_future() {
        let p = "Methods: 200 adults will be recruited and will be randomised to A or B.";
        assert!(is_protocol(&Document::from_text(p)));
        let r = "Methods: 200 adults were recruited and were randomised to A or B. \
                 Further patients will be recruited in a second trial.";
        assert!(!is_protocol(&Document::from_text(r)));
        // A design in the present tense is a report's methods, unless a
        // future or the title says protocol.
        let m = "Patients are randomised to A or B. 60 patients were randomised and are allocated by computer.";
        assert!(!is_protocol(&Document::from_text(m)));
        // Under a protocol's title the past may reach twice the plan (the
        // count of past verbs stops one beyond), not more.
        let title = "Study protocol for a trial. 40 adults will be recruited. ";
        let past = "Earlier, 20 were randomised. ";
        assert!(is_protocol(&Document::from_text(&format!(
            "{title}{}",
            past.repeat(2)
        ))));
        assert!(!is_protocol(&Document::from_text(&format!(
            "{title}{}",
            past.repeat(3)
        ))));
    }

    #[test]
    fn a_relative_clause_has_its_own_tense() {
        let (doc, s) = at(
            "The study comprised 30 women who were scheduled for surgery.",
            "30",
        );
        assert!(!planned_clause(&doc, s));
        let (doc, s) = at(
            "Forty adults for whom sedation was to be prescribed were enrolled.",
            "Forty",
        );
        assert!(!planned_clause(&doc, s));
        // A future that is not the count's participation.
        let (doc, s) = at(
            "Six minute walk test Subjects will perform the test twice.",
            "Six",
        );
        assert!(!planned_clause(&doc, s));
    }
}
