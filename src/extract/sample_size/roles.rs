//! Stage 2, roles: what a count is in its clause (randomized, enrolled,
//! analysed, completed, subgroup, outcome, planned, cited) from the verb
//! after it, the words before it, the words between it and its noun, its
//! section and the citation context.

use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::sample_size::candidates::noun_after;
use crate::extract::sample_size::index::Index;
use crate::extract::sample_size::lexicon::{
    cluster_word, sex_pair_near, ARM_ITEM, EVENTS_WORD, NOUN, NOUNS, NUMBER, OF_THE, PERCENT_PAREN,
    STOP_TOKENS,
};
use crate::extract::sample_size::window::{
    after_window, before_window, group_before, paragraph_break_next, spent,
};
use crate::extract::sample_size::{
    not_people, participle, study, target_whole, without_verb, Cand, Role, PLANNED,
};
use crate::extract::text::ceil_boundary;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// A role verb after a count, and the role it gives. Checked in order at
/// each position; the earliest match after the count wins.
static AFTER_ROLES: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
    let r =
        |p: &str| crate::extract::rx::new(&format!(r"(?i)(?-u:\b)(?:{p})")).expect("role regex");
    vec![
        // `Of the 468 patients originally randomized in BENEFIT, 278
        // enrolled in BENEFIT 11`: an extension study's parent trial
        // randomized them, not this one.
        (
            r(
                r"(?:originally|initially|previously|first) randomi[sz]ed (?:in|into|during) (?:the )?(?:(?-i:[A-Z]{2,})|(?:parent|core|original|pivotal|preceding|previous|feeder|main|initial) )|randomi[sz]ed (?:in|into|during) (?:the )?(?:parent|core|pivotal|preceding|feeder) (?:[\w-]+ )?(?:trials?|stud(?:y|ies)|phase)",
            ),
            Role::Cited,
        ),
        // `39 subjects had autism diagnosed`: who they are, not an outcome.
        (
            r(
                r"(?:had|have|has) (?:been )?diagnos|(?:had|have|has) a (?:history|diagnosis)|(?:had|have|has) \w+ diagnosed",
            ),
            Role::Total,
        ),
        // `3729 women were eligible for analysis` is the analysed count, as
        // are `15,052 people who met eligibility criteria for this analysis`.
        (
            r(
                r"(?:were |was )?eligible for (?:the )?(?:[\w-]+ ){0,2}analys[ie]s|(?:met|fulfilled|satisfied) (?:all )?(?:the )?(?:[\w-]+ ){0,3}?criteria for (?:the |this |our )?(?:[\w-]+ ){0,2}?analys[ie]s",
            ),
            Role::Analyzed,
        ),
        // Screening and eligibility counts are not the sample size. `were
        // assessed for eligibility` starts where `were assessed` (analysed,
        // below) does, and wins the tie by coming first.
        (
            r(
                r"(?:were|was|been) (?:assessed|evaluated|examined|checked) for eligibility|screened|assessed for eligibility|approached|invited|contacted|identified as eligible|were eligible|(?:met|fulfilled) (?:all )?(?:the )?(?:(?:study|trial) )?(?:inclusion|eligibility|entry)(?: (?:and exclusion )?criteria)?|were considered|considered for|were referred|were potentially eligible|eligible",
            ),
            Role::Skip,
        ),
        // `included in the analysis` before `included`. `969 patients had
        // baseline MRI; 808 had baseline and year 1 MRI`: the data a count
        // had say which analysis it is the population of, not an outcome.
        (
            r(
                r"(?:were |was )?(?:included|retained) in (?:the |this |our )?(?:[\w-]+ ){0,3}analys[ie]s|analy[sz]ed|analysable|analyzable|evaluable|assessable|available for (?:the )?(?:analys|evaluat|follow)|were evaluated|were assessed|intention[- ]to[- ]treat|per[- ]protocol|followed up|were followed|were re-?examined|(?:had|have) (?:(?:complete|completed|available|evaluable|valid|usable|paired|both|baseline|follow-?up|and|year|month|week|[0-9]+|[0-9]+-(?:year|month|week))\s+){1,5}(?:mri|mris|scans?|data|measurements?|assessments?|images?|recordings?)(?-u:\b)",
            ),
            Role::Analyzed,
        ),
        (
            r(
                r"randomi[sz]ed|randomly (?:assigned|allocated|divided|selected|distributed)|underwent randomi[sz]ation|were (?:allocated|assigned)|were stratified and randomi",
            ),
            Role::Randomized,
        ),
        (r(r"completed|finished"), Role::Completed),
        (
            r(
                r"enrolled|enroled|included|recruited|entered|accrued|registered|participated|took part|were studied|were investigated|were (?:prospectively )?(?:selected|examined|interviewed|surveyed|observed)|volunteered|agreed|consented|gave (?:written )?(?:informed )?consent|were operated|underwent|were treated|received|were given|were administered|were vaccinated|were immunized|constituted|comprised|were (?:divided|distributed|categorized|classified)|were involved|were identified|were seen|were collected",
            ),
            Role::Enrolled,
        ),
        (
            r(
                r"(?:had|have|has)(?-u:\b)|developed|died|deaths?(?-u:\b)|experienced|achieved|showed|show(?-u:\b)|responded|relapsed|recurred|reported|improved|worsened|withdrew|withdrawn|dropped out|discontinued|were excluded|was excluded|having been excluded|being excluded|were lost|lost to|required|suffered|presented|did not|could not|failed|refused|declined|remained|progressed|were alive|survived|were (?:still )?(?:free|positive|negative|found (?:to|positive|negative|dead|with)|classified as|considered)|demonstrated|exhibited|needed|stopped|were unable|complained|tested (?:positive|negative)|preferred|chose|opted|switched|crossed over",
            ),
            Role::Subgroup,
        ),
    ]
});

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

// `N of (the) M`: N is a part of M.
pub(super) static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the|these|those|all|our|\d|{NUMBER_WORDS})"
    ))
    .expect("part regex")
});

// Any plural noun before a verb that makes it the study's participants:
// `Forty general practices will be randomised`, `46 femoral shaft fractures
// were randomized`, `A sample of 141 Spanish-speaking Latinas was randomly
// assigned`.
static ANY_NOUN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^((?:\s+[A-Za-z][A-Za-z0-9'/+-]*){1,4}?)\s+(?:were|was|will be|would be|had been|have been|are|is)\s+(?:(?:then|subsequently|randomly|consecutively|prospectively|successfully|initially)\s+)?(randomi[sz]ed|enrolled|included|recruited|assigned|allocated|studied)(?-u:\b)")
        .expect("any noun regex")
});

// A bare count before a role verb: `138 (46.2%) randomized`, `a total of 80
// were enrolled`, `80 completed the study`.
// `250 fulfilled the criteria and were randomised`, `61 were eligible and
// were enrolled`: the verb joined to the eligibility says what happened
// to all of them.
pub(super) static BARE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:,\s*)?(?:(?:(?:were|was)\s+eligible|(?:met|fulfilled|satisfied)\s+(?:all\s+)?(?:the\s+)?(?:[a-z-]+\s+){0,3}?criteria)\s*,?\s*and\s+)?(?:(?:were|was|had been|have been|being)\s+)?(?:(?:then|subsequently|successfully|eventually|finally|initially|ultimately|actually|prospectively|consecutively|randomly)\s+)?(randomi[sz]ed|assigned|allocated|enrolled|included|recruited|analy[sz]ed|evaluable|assessable|completed|entered|accrued)(?-u:\b)")
        .expect("bare regex")
});

// `161 were included in the analysis`: who was analysed.
static INTO_ANALYSIS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^\s+in(?:to)?\s+(?:the\s+|this\s+|our\s+)?(?:[a-z-]+\s+){0,3}?analys[ie]s",
    )
    .expect("into analysis regex")
});

// The verbs that say "enrolled" outright, unlike `received` or `underwent`.
static STRONG_ENROL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^(?:enrol|includ|recruit|entered|accrued|registered|particip|took part)",
    )
    .expect("strong enrol regex")
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

// A role verb joined to a screening one: `were eligible and randomized`.
static JOINED_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*,?\s*(?:and|&)\s+(?:(?:were|was)\s+)?(?:(?:then|subsequently|all|later)\s+)?(randomi[sz]ed|randomly (?:assigned|allocated)|enrolled|included|recruited)(?-u:\b)")
        .expect("joined role regex")
});

// A relative clause or description between a count and a verb.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|whom|that|which|with|whose|after|if|when)(?-u:\b)")
        .expect("relative regex")
});

// `who met`, `that fulfilled`: the eligibility a relative clause right
// after a count states.
static RELATIVE_CRITERIA: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|that|which)\s+(?:all\s+)?$")
        .expect("relative criteria regex")
});

// After the criteria a relative clause names, the main verb with no clause
// break before it (not `Of 200 patients who met the criteria, 150 were
// randomized`): at most a few words (`of the study`, `for this trial`).
static MAIN_VERB_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:\s+(?:for|of|in)\s+(?:the|this|our)\s+(?:[a-z-]+\s+){0,2}?(?:study|trial|analysis))?\s+(?:(?:and|then|all|subsequently)\s+)*(?:were|was)\s+(?:(?:then|subsequently|all|consecutively|prospectively)\s+)*(?:randomi[sz]ed|randomly|enrolled|included|recruited|allocated|assigned|analy[sz]ed|evaluated|studied)(?-u:\b)")
        .expect("main verb regex")
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
    let mk = |role, rule, conf| Cand {
        start: s,
        end: noun_end,
        n,
        role,
        group: None,
        rule,
        conf,
    };
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
    if let Some(group) = paren_arm(doc, index, s) {
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

/// The role the verb after a count gives it (`were randomized`, `died`),
/// its rule and confidence; `pct`: a share follows the count, which makes
/// anything but randomisation an outcome.
pub(super) fn role_after(after: &str, pct: bool) -> Option<(Role, &'static str, f32)> {
    let mut best: Option<(usize, usize, Role)> = None;
    for (re, role) in AFTER_ROLES.iter() {
        for m in re.find_iter(after) {
            // `women who had undergone hysterectomy were randomized`: a
            // relative clause describes who was counted, it is no outcome.
            if *role == Role::Subgroup && RELATIVE.is_match(&after[..m.start()]) {
                continue;
            }
            if best.is_none_or(|(p, _, _)| m.start() < p) {
                best = Some((m.start(), m.end(), *role));
            }
            break;
        }
    }
    let (p, end, role) = best?;
    if let Some(r) = participle::not_its_own(after, p, end, role) {
        return Some(r);
    }
    // `120 patients who met the inclusion criteria were randomized`: the
    // criteria met in a relative clause say who was counted; the verb
    // after the clause says what the count is.
    if role == Role::Skip && RELATIVE_CRITERIA.is_match(&after[..p]) {
        let rest = &after[end..];
        if let Some((inner, rule, conf)) = role_after(rest, pct) {
            let main = matches!(
                inner,
                Role::Randomized | Role::Enrolled | Role::Analyzed | Role::Completed
            );
            if main && MAIN_VERB_NEXT.is_match(rest) {
                return Some((inner, rule, conf));
            }
        }
    }
    // `562 subjects were eligible and randomized`: the verb joined to the
    // eligibility says what happened to all of them.
    let joined = (role == Role::Skip)
        .then(|| JOINED_ROLE.captures(&after[end..]))
        .flatten();
    let (p, role) = match joined {
        Some(j) => {
            let verb = j.get(1).map_or("", |v| v.as_str()).to_ascii_lowercase();
            let joined = if verb.starts_with("random") {
                Role::Randomized
            } else {
                Role::Enrolled
            };
            (end + j.get(1).map_or(0, |v| v.start()), joined)
        }
        _ => (p, role),
    };
    {
        // A verb far from the count, past another clause, is weaker.
        let near = p < 90;
        let role = if pct && role != Role::Randomized && role != Role::Skip {
            Role::Subgroup
        } else {
            role
        };
        let conf = match (role, near) {
            (Role::Randomized, true) => 0.9,
            (Role::Analyzed, true) | (Role::Completed, true) => 0.85,
            (Role::Enrolled, true) => {
                // `received`, `underwent` say less than `enrolled`.
                if STRONG_ENROL.is_match(&after[p..]) {
                    0.85
                } else {
                    0.6
                }
            }
            (Role::Subgroup, _) => 0.6,
            (_, false) => 0.5,
            _ => 0.7,
        };
        let rule = match role {
            Role::Subgroup => "sample_size.count_noun_outcome",
            Role::Cited => "sample_size.parent_study",
            _ => "sample_size.count_noun_verb",
        };
        Some((role, rule, conf))
    }
}

/// What one look after a number finds, shared by [`count_starts`] and
/// [`count_at`] so that neither asks twice (issue 15).
#[derive(Clone, Copy)]
struct After {
    /// The participant noun after the number.
    noun: Option<(usize, bool, usize)>,
    /// Whether a bare role verb follows (asked only when no noun does).
    bare: Option<bool>,
    /// Whether `of the …` follows (asked only when neither does).
    part: Option<bool>,
    /// Nothing that can make it a count follows: the next byte is ASCII
    /// and neither white space, a letter, `(` nor `,` (`12)`, `[3]`,
    /// `4.`), which every shape of a count needs.
    quiet: bool,
}

/// Whether the byte after a number rules out every shape of a count (see
/// [`After::quiet`]). Control bytes count as white space.
fn quiet_after(rest: &str) -> bool {
    rest.as_bytes().first().is_some_and(|&b| {
        b.is_ascii() && b > b' ' && !b.is_ascii_alphabetic() && b != b'(' && b != b','
    })
}

/// Positions where a new count begins (the after-window of a count ends at
/// the next one), and what follows each number of `nums`.
fn count_starts(fold: &str, nums: &[(usize, usize, u64)]) -> (Vec<usize>, Vec<After>) {
    let mut starts: Vec<usize> = Vec::new();
    let mut after: Vec<After> = Vec::with_capacity(nums.len());
    for &(s, e, _) in nums {
        let rest = &fold[e..];
        if quiet_after(rest) {
            after.push(After {
                noun: None,
                bare: Some(false),
                part: Some(false),
                quiet: true,
            });
            continue;
        }
        let noun = noun_after(fold, e);
        let bare = noun.is_none().then(|| BARE_ROLE.is_match(rest));
        let part = (bare == Some(false)).then(|| PART_OF.is_match(rest));
        if noun.is_some() || bare == Some(true) || part == Some(true) || ARM_ITEM.is_match(rest) {
            starts.push(s);
        }
        after.push(After {
            noun,
            bare,
            part,
            quiet: false,
        });
    }
    (starts, after)
}

/// The counts among `nums` with their roles, in text order: a number
/// before a participant noun, before a role verb, before any plural noun
/// and a participation verb, or a part of a whole (`22 of the 24`).
pub(super) fn counts(doc: &Document, index: &Index, nums: &[(usize, usize, u64)]) -> Vec<Cand> {
    let fold = doc.fold.as_str();
    let (starts, after) = count_starts(fold, nums);
    // A count inside a bracket that opens after `at` does not end the
    // clause: `Fourteen volunteers (mean age 31; 9 women) were randomised`.
    let next_start = |at: usize| -> usize {
        let i = starts.partition_point(|&s| s <= at);
        starts[i..]
            .iter()
            .copied()
            .find(|&s| s > at + 200 || !index.brackets.unclosed(at, s))
            .unwrap_or(fold.len())
    };
    let mut out: Vec<Cand> = Vec::new();
    for (&(s, e, n), &seen) in nums.iter().zip(&after) {
        if spent(doc, out.len()) {
            break;
        }
        if seen.quiet {
            continue;
        }
        if let Some(c) = count_at(doc, index, (s, e, n), seen, &next_start) {
            out.push(c);
        }
    }
    out
}

/// The count at `s..e`, if its shape counts people.
fn count_at(
    doc: &Document,
    index: &Index,
    (s, e, n): (usize, usize, u64),
    After {
        noun, bare, part, ..
    }: After,
    next_start: &dyn Fn(usize) -> usize,
) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let rest = &fold[e..];
    // A table cell before a blank line: the paragraph after it is not its
    // clause.
    if paragraph_break_next(rest) {
        return None;
    }
    if let Some((noun_end, is_sex, _noun_start)) = noun {
        let mut c = classify_count(doc, index, s, e, noun_end, n, next_start(noun_end));
        // A bracket that breaks a count down by sex (`Fifty-two patients
        // (23 males, 29 females) were randomized`) is no arm.
        let arm = c.role == Role::Arm && c.rule != "sample_size.arm_paren_count";
        if is_sex && !(c.role == Role::Subgroup || arm) && sex_pair_near(fold, s, noun_end) {
            c.role = Role::Subgroup;
            c.rule = "sample_size.sex_breakdown";
            c.conf = 0.5;
        }
        return Some(c);
    }
    // `nine randomized proof-of-concept … clinical studies` counts studies.
    if let Some(m) = (bare != Some(false))
        .then(|| BARE_ROLE.captures(rest))
        .flatten()
        .filter(|m| {
            let whole = m.get(0).expect("m");
            let after = &rest[whole.end()..];
            let aux = whole.as_str().split_whitespace().any(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "were" | "was" | "been" | "being"
                )
            });
            let verb = m.get(1).map_or("", |v| v.as_str()).to_ascii_lowercase();
            !study::names_studies(after) && !not_people::participle_of_things(&verb, after, aux)
        })
    {
        let verb = m.get(1).expect("verb").as_str().to_ascii_lowercase();
        let role = if verb.starts_with("random")
            || verb.starts_with("assign")
            || verb.starts_with("alloc")
        {
            Role::Randomized
        } else if verb.starts_with("analy")
            || verb.ends_with("able")
            || (verb == "included" && INTO_ANALYSIS.is_match(&rest[m.get(0).expect("m").end()..]))
        {
            Role::Analyzed
        } else if verb == "completed" {
            Role::Completed
        } else {
            Role::Enrolled
        };
        let before = before_window(doc, s, false);
        let end = e + m.get(0).expect("m").end();
        // `nine (7%) allocated high-dose melphalan`: a share of those given
        // a treatment is a part of its arm, not the number randomized.
        let part = role == Role::Randomized
            && PERCENT_PAREN.is_match(rest)
            && participle::treatment_follows(&fold[end..]);
        let (role, rule, conf) = if part {
            (Role::Subgroup, "sample_size.count_share", 0.5)
        } else if OF_THE.is_match(before) {
            (Role::Subgroup, "sample_size.count_verb", 0.8)
        } else {
            (role, "sample_size.count_verb", 0.8)
        };
        return Some(Cand {
            start: s,
            end,
            n,
            role,
            group: None,
            rule,
            conf,
        });
    }
    if let Some(c) = any_noun_verb(doc, s, e, n) {
        return Some(c);
    }
    if part.unwrap_or_else(|| PART_OF.is_match(rest)) {
        // `74 of the planned 92 patients were enrolled`: the part of a
        // target is who took part.
        if let Some(role) = target_whole::part_of_target(rest) {
            return Some(Cand {
                start: s,
                end: e,
                n,
                role,
                group: None,
                rule: "sample_size.part_of_target",
                conf: 0.8,
            });
        }
        // `22 of the 24 patients`: a part of the study, not its size.
        let before = before_window(doc, s, true).to_ascii_lowercase();
        if before.trim_end().ends_with("total") {
            return None;
        }
        return Some(Cand {
            start: s,
            end: e,
            n,
            role: Role::Subgroup,
            group: None,
            rule: "sample_size.part_of",
            conf: 0.5,
        });
    }
    None
}

#[cfg(test)]
#[path = "roles_tests.rs"]
mod tests;
