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

use super::attribution::{attribute, Attribution};
use super::numbers::{parse_count_or_words, NUMBER_WORDS};
use super::text::{ceil_boundary, floor_boundary};
use super::{Extractor, FindingBuilder};

mod summary;
use crate::normalize::Document;
use crate::record::{Field, Finding, SampleRole, SampleSizeValue, Statement, Value};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;
pub use summary::summarize;

pub struct SampleSize;

/// Nouns trials count people (or the units they randomize) with.
const NOUNS: &str = "patients|participants|subjects|people|persons|individuals|women|men|children|infants|adults|volunteers|eyes|cases|survivors|girls|boys|adolescents|neonates|newborns|mothers|fathers|parents|smokers|students|outpatients|inpatients|respondents|recipients|couples|families|dyads|pairs|veterans|workers|employees|athletes|nurses|physicians|practitioners|doctors|clinicians|pediatricians|paediatricians|dentists|pharmacists|controls|twins|teenagers|youths|elderly|pregnancies|females|males|caregivers|infants|preterm|singletons|teeth|knees|hips|shoulders|breasts|hands|feet|ears|limbs|wounds|ulcers|neonates|babies|toddlers|schoolchildren|seniors|residents|clients|users|drinkers|donors|runners|cyclists|pts|speakers|listeners|learners|migraineurs|laryngectomees|agoraphobics|asthmatics|diabetics|epileptics|alcoholics|schizophrenics|premolars|molars|incisors|primigravidas|primigravidae|multiparas|gravidas|primiparas|nulliparas|outpatient|inpatient|members|trainees|residents|soldiers|recruits|prisoners|inmates|retirees|widows";

/// Words that name a trial's group on their own: `580 intervention and 655
/// control women`.
const GROUP_WORDS: &str = "control|controls|intervention|placebo|experimental|treatment|sham|usual-care|active|exercise|study|comparison|waitlist|wait-list";

/// Words that may stand between a number and its noun (`120 breast cancer
/// patients`) are any words except these, which show the number counts
/// something else (`50 mg`, `1 million people`, `4 of the patients`).
const STOP_TOKENS: &[&str] = &[
    "of",
    "with",
    "and",
    "or",
    "in",
    "per",
    "the",
    "a",
    "an",
    "were",
    "was",
    "who",
    "to",
    "from",
    "at",
    "for",
    "on",
    "by",
    "had",
    "have",
    "has",
    "is",
    "are",
    "be",
    "than",
    "that",
    "which",
    "vs",
    "versus",
    "into",
    "after",
    "before",
    "during",
    "years",
    "year",
    "yrs",
    "months",
    "month",
    "weeks",
    "week",
    "days",
    "day",
    "hours",
    "hour",
    "h",
    "min",
    "minutes",
    "mg",
    "g",
    "kg",
    "ml",
    "mcg",
    "ug",
    "mmol",
    "iu",
    "units",
    "gy",
    "cgy",
    "mm",
    "cm",
    "percent",
    "times",
    "cycles",
    "courses",
    "doses",
    "sessions",
    "centers",
    "centres",
    "sites",
    "hospitals",
    "countries",
    "trials",
    "studies",
    "groups",
    "arms",
    "visits",
    "fractions",
    "million",
    "billion",
    "thousand",
    "hundred",
    "lesions",
    "tumors",
    "tumours",
    "events",
    "episodes",
    "other",
    "more",
    "less",
    "fewer",
    "additional",
    "further",
    "remaining",
    "all",
    "both",
    "each",
    "these",
    "those",
    "such",
    "only",
    "not",
    "no",
    "out",
    "among",
    "per",
    "between",
    "up",
    "aged",
    "age",
    "over",
    "under",
    "about",
    "approximately",
    "nearly",
    "almost",
];

// A count: `1,094`, `1 094`, `54`, `Twenty-four`, `One hundred and seventy-six`.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?: \d{{3}})+|\d+|{NUMBER_WORDS})(?-u:\b)"
    ))
    .expect("number regex")
});

// The words after a count: `breast cancer patients`, `T2DM patients`.
static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s+([A-Za-z][A-Za-z0-9'/+-]*)").expect("word regex"));

// `(46.2%)` right after a count: `138 (46.2%) randomized`.
static PERCENT_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(\s*\d+(?:\.\d+)?\s*%[^)]{0,20}\)").expect("percent regex"));

// The opening of a share, however the bracket goes on: after a count (`60
// (49 %) patients`), a noun (`288 cases (75.8%)`) or a group's name
// (`epoetin alfa [90%]`). [`PERCENT_PAREN`] is the short whole bracket that
// may be stepped over; this only tells that a share follows.
static SHARE_NEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[(\[]\s*\d+(?:\.\d+)?\s*%").expect("share next regex"));

// Words whose own number may stand inside a noun phrase: `ASA 1`, `type
// 2`, `physical status I and II`, `class III`.
static LABEL_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z]{2,6}|(?i:type|class|status|grade|stage|classes|grades|stages))$")
        .expect("label head regex")
});
static LABEL_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:[IV]{1,4}|\d{1,2})(?:(?:\s*(?:,|and|or|-|/|to))+\s*(?:[IV]{1,4}|\d{1,2}))*(?-u:\b)")
        .expect("label number regex")
});

static NOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^(?:{NOUNS})$")).expect("noun regex"));

// `n = 27`, `N=54`, `n\u{2009}=\u{2009}50`: checked for a word boundary in code.
static N_EQUALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)n\s*[=:]\s*(\d{1,3}(?:,\d{3})+|\d+)(?-u:\b)").expect("n regex")
});

// `(IG = 18)`, `(early group = 40)`, `(control arm = 51)`.
static LABEL_EQUALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*([A-Za-z][A-Za-z -]{0,30}?)\s*=\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\)")
        .expect("label regex")
});

/// A role verb after a count, and the role it gives. Checked in order at
/// each position; the earliest match after the count wins.
static AFTER_ROLES: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(&format!(r"(?i)(?-u:\b)(?:{p})")).expect("role regex");
    vec![
        // `39 subjects had autism diagnosed`: who they are, not an outcome.
        (
            r(
                r"(?:had|have|has) (?:been )?diagnos|(?:had|have|has) a (?:history|diagnosis)|(?:had|have|has) \w+ diagnosed",
            ),
            Role::Total,
        ),
        // `3729 women were eligible for analysis` is the analysed count.
        (
            r(r"(?:were |was )?eligible for (?:the )?(?:[\w-]+ ){0,2}analys[ie]s"),
            Role::Analyzed,
        ),
        // Screening and eligibility counts are not the sample size.
        (
            r(
                r"screened|assessed for eligibility|approached|invited|contacted|identified as eligible|were eligible|met (?:the )?(?:inclusion|eligibility)|were considered|were referred|were potentially eligible|eligible",
            ),
            Role::Skip,
        ),
        // `included in the analysis` before `included`.
        (
            r(
                r"(?:were |was )?(?:included|retained) in (?:the |this |our )?(?:[\w-]+ ){0,3}analys[ie]s|analy[sz]ed|analysable|analyzable|evaluable|assessable|available for (?:the )?(?:analys|evaluat|follow)|were evaluated|were assessed|intention[- ]to[- ]treat|per[- ]protocol|followed up|were followed|were re-?examined",
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
                r"(?:had|have|has)(?-u:\b)|developed|died|deaths?(?-u:\b)|experienced|achieved|showed|show(?-u:\b)|responded|relapsed|recurred|reported|improved|worsened|withdrew|withdrawn|dropped out|discontinued|were excluded|was excluded|were lost|lost to|required|suffered|presented|did not|could not|failed|refused|declined|remained|progressed|were alive|survived|were (?:still )?(?:free|positive|negative|found|classified as|considered)|demonstrated|exhibited|needed|stopped|were unable|complained|tested|preferred|chose|opted|switched|crossed over",
            ),
            Role::Subgroup,
        ),
    ]
});

// Words just before a count that give its role: `we randomly assigned 54`,
// `randomized 120`, `enrolled 10 MS patients`.
static BEFORE_ROLE: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
    let r = |p: &str| {
        Regex::new(&format!(
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
            r(r"screened|approached|invited|contacted|assessed for eligibility"),
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

// A study described just before the count: `a randomized trial in 92
// patients`, `An open prospective study with ... in 24 patients`.
static STUDY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:total|sample|cohort|series|population|group|study|trial|studies|trials|investigation|experiment|analysis|assessment|evaluation|review|survey|cohort|comparison|program(?:me)?|intervention|protocol|design|pilot|RCT)(?-u:\b)[^;]{0,160}(?-u:\b)(?:in|of|on|with|among|amongst|involving|including|enrolling|using|recruiting|from|to|for)\s*$")
        .expect("study regex")
});

// An outcome just before `in N patients`: `remained unchanged in 4 patients`,
// `occurred in 12 patients`.
static IN_COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:in|among|for|from)\s*$").expect("in regex"));

// A reference to a whole just before the count: `22 of the 24 patients`.
static OF_THE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?(?:of|/)\s*(?:the|these|those|all|our)?\s*$"
    ))
    .expect("of regex")
});

// `N of (the) M`: N is a part of M.
static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the|these|those|all|our|\d|{NUMBER_WORDS})"
    ))
    .expect("part regex")
});

// Any plural noun before a verb that makes it the study's participants:
// `Forty general practices will be randomised`, `46 femoral shaft fractures
// were randomized`, `A sample of 141 Spanish-speaking Latinas was randomly
// assigned`.
static ANY_NOUN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^((?:\s+[A-Za-z][A-Za-z0-9'/+-]*){1,4}?)\s+(?:were|was|will be|would be|had been|have been|are|is)\s+(?:(?:then|subsequently|randomly|consecutively|prospectively|successfully|initially)\s+)?(randomi[sz]ed|enrolled|included|recruited|assigned|allocated|studied)(?-u:\b)")
        .expect("any noun regex")
});

// A bare count before a role verb: `138 (46.2%) randomized`, `a total of 80
// were enrolled`, `80 completed the study`.
static BARE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:,\s*)?(?:(?:were|was|had been|have been|being)\s+)?(?:(?:then|subsequently|successfully|eventually|finally|initially|ultimately|actually|prospectively|consecutively|randomly)\s+)?(randomi[sz]ed|assigned|allocated|enrolled|included|recruited|analy[sz]ed|evaluable|assessable|completed|entered|accrued)(?-u:\b)")
        .expect("bare regex")
});

// `two randomized controlled trials`, `three randomised, double-blind
// studies`: the count is of trials, not people.
static TRIALS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[\s,]+(?:controlled|clinical|prospective|double-blind(?:ed)?|single-blind(?:ed)?|open-label|placebo-controlled|multi-?cent(?:er|re)|parallel(?:-group)?|cross-?over|phase|pragmatic|pilot|large|comparative|independent|and|or|I|II|III|IV)){0,4}[\s,]+(?:trials?|studies|study|experiments?)(?-u:\b)")
        .expect("trials after regex")
});

// One item of a list of groups: `94 in SNB arm`, `42 cases for the control
// group`, `171 on tamoxifen alone`, `34 patients received adjuvant AC`,
// `41 patients who received vinorelbine`, `Fifty patients were treated with
// docetaxel`.
static ARM_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:\s+(?:{NOUNS}))?\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:,\s*)?(?:who\s+|that\s+)?(?:(?:were|was)\s+)?(in|into|on|to|for|received|receiving|given|treated with|(?:randomi[sz]ed|randomly assigned|randomly allocated|assigned|allocated)\s+(?:to|into|for)(?: receive)?|underwent|formed|constituted|made up|served as|with)\s+(?:the\s+|a\s+|an\s+)?"
    ))
    .expect("arm item regex")
});

// `27 in each group`, `n = 27 per arm`, `18 patients each in`, `five each`.
static EACH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:\s+(?:{NOUNS}))?\s*(?:in each|each in|per|in both|for each|to each|each)(?-u:\b)(?:\s+(?:of the\s+)?(?:two|three|four|2|3|4))?\s*(?:group|arm|cohort|treatment|study arm|condition)?"
    ))
    .expect("each regex")
});

// How many groups "each" multiplies by: `two groups`, `3 arms`.
static GROUP_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(two|three|four|2|3|4)\s+(?:\w+\s+){0,2}?(?:groups|arms|cohorts)(?-u:\b)",
    )
    .expect("group count regex")
});

// Words that show allocation to groups in the sentence of an `(n = 27)`.
static ALLOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)randomi[sz]|assign|allocat|(?-u:\b)groups?(?-u:\b)|(?-u:\b)arms?(?-u:\b)|receiv|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs(?-u:\b)|(?-u:\b)or(?-u:\b)|compar|treated|cohort|divided|(?-u:\b)placebo(?-u:\b)|(?-u:\b)control")
        .expect("allocation regex")
});

// The verbs that say "enrolled" outright, unlike `received` or `underwent`.
static STRONG_ENROL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:enrol|includ|recruit|entered|accrued|registered|particip|took part)")
        .expect("strong enrol regex")
});

static RANDOMIZATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)randomi[sz]|randomly (?:assigned|allocated|divided)").expect("rand regex")
});

// `105 women, 84 men`, `3 were females`: the other sex next to a count.
static SEX_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:women|men|males|females|girls|boys)$").expect("sex regex")
});
static SEX_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:women|men|males|females|male|female|girls|boys)(?-u:\b)"
    ))
    .expect("sex pair regex")
});

// What a number right after `NUM` must not be: a decimal, a percentage, a
// unit, a range or a ratio (`2.5`, `45%`, `89 per cent`, `30-70`, `1:1`).
static NOT_A_COUNT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\.\d|,\d|\s*%|\s*-\s*(?:\d|to(?-u:\b))|\s*to\s+\d|\s*:\s*\d|\s*/\s*\d|\s*(?:years?|yrs|months?|weeks?|days?|hours?|mg|g|kg|ml|mm|cm|percent|per\s+cent)(?-u:\b)|-(?:year|month|week|day|hour)|\s*±)")
        .expect("not count regex")
});

// Words after which a number is a label: `cycle 1`, `phase 3`, `SWOG 0307`.
static LABEL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?i:cycles?|days?|weeks?|months?|years?|grade|grades|stage|stages|phase|step|visit|table|figure|fig|type|level|version|no|number|session|course|dose|part|protocol|trial|study|group|arm|cohort|ward|room|bed|score|scale|item|items|class|wave|round|module|lot|batch|ref|reference|page|vol|volume|issue|status|chapter|section|appendix|supplement|model|gen|generation|cd|il|ca|her|p|t|n|m)|[A-Z]{2,}[A-Za-z]*)$")
        .expect("label word regex")
});

// Headings of structured abstracts (`METHODS Seventy-two patients`).
static HEADING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:RESULTS?|METHODS?|PATIENTS|DESIGN|SETTINGS?|PARTICIPANTS|SUBJECTS|AIMS?|BACKGROUND|OBJECTIVES?|CONCLUSIONS?|INTERVENTIONS?|MEASUREMENTS|FINDINGS|PURPOSE|MATERIALS|POPULATION|SAMPLE|INTRODUCTION|SUMMARY|ABSTRACT)$")
        .expect("heading word regex")
});

// Role adjectives between a number and its noun.
static MID_ROLE: LazyLock<Vec<(Regex, Role, &'static str)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(&format!(r"(?i)(?-u:\b)(?:{p})(?-u:\b)")).expect("mid regex");
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
        // A target, no participant: `Skip` to the arithmetic, written out
        // as `planned`.
        (r("planned"), Role::Skip, PLANNED),
    ]
});

// A relative clause or description between a count and a verb.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:who|whom|that|which|with|whose|after|if|when)(?-u:\b)")
        .expect("relative regex")
});

// Outcome words before `in N patients`: `remained unchanged in 4 patients`.
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:occur|observ|seen(?-u:\b)|found(?-u:\b)|noted|detected|documented|recorded|reported|develop|remain|unchanged|improv|reduc|decreas|increas|achiev|experienc)|(?-u:\b)died(?-u:\b)|death|relaps|recurr|respon|toxicit|events?(?-u:\b)|grade|complicat|failure|progress|positive|negative|present|absent|performed|identified|(?-u:\b)by \d")
        .expect("outcome regex")
});

static NOUN_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b)(?:{NOUNS})(?-u:\b)")).expect("noun in regex")
});

// Verbs that make the parts of a count outcomes: `139 had BMI < 30`,
// `9 showed a response`, `499 did not receive`.
static SUM_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:had|has|have|showed|did not|were not|cases)(?-u:\b)")
        .expect("sum outcome regex")
});

// Things other than people that lists of groups count.
static EVENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:events?|deaths|recurrences|relapses|episodes|procedures|cycles|lesions|tumou?rs|samples|specimens|infections|fractures|admissions|visits|appointments|consultations|complications|cancers|metastases|operations)(?-u:\b)")
        .expect("events regex")
});

// Words that count things a trial does to people, not people.
static EVENTS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:events?|deaths|recurrences|relapses|episodes|procedures|cycles|samples|specimens|infections|admissions|visits|complications|questionnaires|items|measurements|variables|doses|injections|images|scans|articles|papers|records|references|reports|abstracts|publications|citations|genes|sequences|cells|mice|rats|comparisons|outcomes|parameters|endpoints|lesions|tumou?rs|nodes)$")
        .expect("events word regex")
});

// Parts of the count before: `…, of whom 37 formed the intervention group`.
static WHOLE_OF_PARTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:of whom|of which|among whom|among them|of these|of them)(?-u:\b)")
        .expect("whole regex")
});

// `49 and 50 in the intervention and control groups, respectively`,
// `818 and 756 in the 4-HPR and control arm, respectively`.
static RESPECTIVELY_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s*,\s*(\d{{1,3}}(?:,\d{{3}})+|\d+))?\s*,?\s+and\s+(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s+(?:{NOUNS}))?\s+(?:(?:were|was)\s+)?(?:in|to|for|on|into|received|receiving|(?:randomly\s+)?(?:assigned|allocated|randomi[sz]ed)\s+to)\s+(?:the\s+)?[^.;()]{{0,80}}?(?-u:\b)(?:groups?|arms?|cohorts?)(?-u:\b)[^.;()]{{0,20}}?respectively"
    ))
    .expect("respectively regex")
});

// `oral clodronate 1600 mg daily (149) or controls (150)`: a bare count in
// brackets after a group's name.
static BARE_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\)").expect("bare paren regex"));

// What joins two groups' counts: `300 cases and 300 controls`, `… cases of
// breast cancer and 1682 healthy controls`.
static JOINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^.;()]{0,60}?(?:(?-u:\b)and(?-u:\b)|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs\.?|,|(?-u:\b)compared with(?-u:\b))\s*$")
        .expect("joint regex")
});

// A group named just before its count: `One group consisted of 21
// patients`, `A control group of 174 patients`, `each group contained 36
// subjects`.
static GROUP_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(each\s+)?(?:group|arm|cohort)(?:\s+[A-Z0-9]{1,2})?\s+(?:consisted of|comprised|contained|included|was made up of|of)\s*$")
        .expect("group of regex")
});

// A treatment given to a count: `Weekly paclitaxel … was administered to
// 127 patients and … to 131 patients`.
static GIVEN_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:administered|given|offered|applied|delivered|prescribed|used)\s+(?:to|in)\s*$")
        .expect("given to regex")
});

static SPLIT_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:two|three|four|five|2|3|4|5|several|different|separate|equal)(?-u:\b)|one of|groups(?-u:\b)|arms(?-u:\b))")
        .expect("split target regex")
});

// A clause that opens with a preposition: `Among`, `Of the`, `In all`.
static FRAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:among|amongst|of|in|from|for|out of)\s+(?:the\s+|these\s+|all\s+|a total of\s+)?$")
        .expect("frame regex")
});

// Dates: `February 2014 to December 2015`, `1999 to October 2003`,
// `from October of 2005 to February of 2010`.
static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+of)?\s*$")
        .expect("month regex")
});
static YEAR_RANGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:to|and|until|through|-)\s+(?:[a-z]+\.?\s+)?(?:of\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d(?-u:\b)",
    )
    .expect("year range regex")
});

// A bracket without brackets inside, or with one level (`(43 (53.8%) …)`).
static BRACKET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:[^()]|\([^()]*\)){1,120}\)").expect("bracket regex"));

// `(group A)`, `(control arm)`, `(intervention group)`.
static GROUP_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:the\s+)?[A-Za-z0-9-]+\s+)?(?:group|arm|cohort)(?:\s+[A-Za-z0-9]{1,3})?$",
    )
    .expect("group label regex")
});

// What a breakdown may follow: `were randomized`, `were enrolled`.
static BREAKDOWN_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:randomi[sz]ed|assigned|allocated|enrolled|included|recruited|analy[sz]ed|completed the study|treatment|groups?|arms?)\s*$")
        .expect("breakdown lead regex")
});

static BREAKDOWN_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*(?:;|,|(?-u:\b)and(?-u:\b)|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs\.?)\s*")
        .expect("split regex")
});

// One item: `control, 288` is split at the comma, so a label and its count
// are also taken as `control 288`, `166 control`, `43 (53.8%) vitamin D`,
// `A: 65`.
static BREAKDOWN_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:([A-Za-z][A-Za-z0-9 +/-]{{0,30}}?)\s*[:=]?\s*(\d{{1,3}}(?:,\d{{3}})+|\d+)|(\d{{1,3}}(?:,\d{{3}})+|\d+)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:{NOUNS})\s+)?(?:in\s+(?:the\s+)?|on\s+|to\s+)?([A-Za-z][A-Za-z0-9 +/-]{{0,30}}))$"
    ))
    .expect("breakdown item regex")
});

// A word that makes the number before it a quantity, not a count.
static UNIT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:seconds?|minutes?|min|hours?|h|days?|weeks?|wk|months?|mo|years?|yr|times|cycles?|doses?|sessions?|fractions?|per|mg|g|kg|mcg|ug|ml|l|iu|units?|gy|cgy|cm|mm|m|%|mmol|µg|μg)$")
        .expect("unit word regex")
});

// `24/147`, `61 of 66`, `62 (27%) of 231`, and with a number word before
// `of`: `(seven of 43)`, `nine out of 13`.
static DENOMINATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:\d+\s*(?:/|(?:[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]]\s*)?of)|(?:{NUMBER_WORDS})\s+(?:out\s+)?of)\s*(\d+)(?-u:\b)"
    ))
    .expect("denominator regex")
});

// A sentence that compares groups.
static GROUP_COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)groups?(?-u:\b)|(?-u:\b)arms?(?-u:\b)|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs(?-u:\b)|compared|(?-u:\b)placebo(?-u:\b)|(?-u:\b)control(?-u:\b)|respectively|(?-u:\b)than(?-u:\b)|(?-u:\b)treated with|-treated(?-u:\b)|(?-u:\b)receiving(?-u:\b)")
        .expect("comparison regex")
});

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

// Indexes made once per document (issue 17). Every question a count asks of
// the text around it must cost a bounded window or a binary search: a scan
// over its whole sentence, or over all candidates so far, costs nothing in
// a paper but makes a table dump of 100,000 `(n = 27)` cells quadratic.

/// Where the round and square brackets of `fold` are, so that "does a
/// bracket stay open between here and there" and "where does this bracket
/// close" cost a binary search instead of a walk over the sentence.
struct Brackets {
    /// Every `(`, `[`, `)`, `]` in order, with the net depth (opens minus
    /// closes, from the document start) after it.
    at: Vec<(u32, i32)>,
    /// The round ones alone: what `(… n = 27)` lookups ask for.
    open_paren: Vec<u32>,
    close_paren: Vec<u32>,
}

impl Brackets {
    fn new(fold: &str) -> Brackets {
        let (mut at, mut open_paren, mut close_paren) = (Vec::new(), Vec::new(), Vec::new());
        let mut depth = 0i32;
        for (i, b) in fold.bytes().enumerate() {
            let i = i as u32;
            match b {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                _ => continue,
            }
            at.push((i, depth));
            match b {
                b'(' => open_paren.push(i),
                b')' => close_paren.push(i),
                _ => {}
            }
        }
        Brackets {
            at,
            open_paren,
            close_paren,
        }
    }

    /// Net depth from the document start to byte `x` (exclusive).
    fn depth_before(&self, x: usize) -> i64 {
        let i = self.at.partition_point(|&(p, _)| (p as usize) < x);
        if i == 0 {
            0
        } else {
            self.at[i - 1].1 as i64
        }
    }

    /// [`unclosed`] of `fold[a..b]`: more brackets open than close there.
    fn unclosed(&self, a: usize, b: usize) -> bool {
        self.depth_before(b) - self.depth_before(a) > 0
    }

    /// The last `(` in `lo..hi`.
    fn last_open_paren(&self, lo: usize, hi: usize) -> Option<usize> {
        let i = self.open_paren.partition_point(|&p| (p as usize) < hi);
        let p = *self.open_paren[..i].last()? as usize;
        (p >= lo).then_some(p)
    }

    /// The first `)` at `from` or after it.
    fn next_close_paren(&self, from: usize) -> Option<usize> {
        let i = self.close_paren.partition_point(|&p| (p as usize) < from);
        self.close_paren.get(i).map(|&p| p as usize)
    }
}

/// Whether a sentence-wide pattern (`randomized`, a group word) occurs in a
/// count's sentence, asked once per sentence however many counts it holds.
struct SentenceTest {
    re: &'static LazyLock<Regex>,
    seen: std::cell::RefCell<HashMap<usize, bool>>,
    /// How many sentences the pattern was run over (tests count the work).
    runs: std::cell::Cell<usize>,
}

impl SentenceTest {
    fn new(re: &'static LazyLock<Regex>) -> SentenceTest {
        SentenceTest {
            re,
            seen: Default::default(),
            runs: Default::default(),
        }
    }

    fn is_match(&self, fold: &str, (ss, se): (usize, usize)) -> bool {
        *self.seen.borrow_mut().entry(ss).or_insert_with(|| {
            self.runs.set(self.runs.get() + 1);
            self.re.is_match(&fold[ss..se])
        })
    }
}

/// What [`candidates`] makes once per document for the stages to share.
struct Index {
    brackets: Brackets,
    allocation: SentenceTest,
    randomization: SentenceTest,
}

impl Index {
    fn new(doc: &Document) -> Index {
        Index {
            brackets: Brackets::new(&doc.fold),
            allocation: SentenceTest::new(&ALLOCATION),
            randomization: SentenceTest::new(&RANDOMIZATION),
        }
    }
}

/// The candidates of `out` by start, for [`ByStart::replace`]. Starts are
/// unique in `out`; like a scan of `out`, the index answers with the first
/// candidate at a start.
struct ByStart(HashMap<usize, usize>);

impl ByStart {
    fn new(out: &[Cand]) -> ByStart {
        let mut m = HashMap::with_capacity(out.len());
        for (i, c) in out.iter().enumerate() {
            m.entry(c.start).or_insert(i);
        }
        ByStart(m)
    }

    fn get(&self, start: usize) -> Option<usize> {
        self.0.get(&start).copied()
    }

    /// Replaces the candidate at the same start, or adds it.
    fn replace(&mut self, out: &mut Vec<Cand>, c: Cand) {
        if let Some(i) = self.get(c.start) {
            out[i] = c;
        } else {
            self.0.insert(c.start, out.len());
            out.push(c);
        }
    }
}

/// A snapshot of candidate spans sorted by start, with the running maximum
/// of their ends, to find the candidates that cover a span without walking
/// all of `out`.
struct Spans {
    /// (start, end, index in `out`)
    by_start: Vec<(usize, usize, usize)>,
    max_end: Vec<usize>,
}

impl Spans {
    fn new(out: &[Cand]) -> Spans {
        let mut by_start: Vec<(usize, usize, usize)> = out
            .iter()
            .enumerate()
            .map(|(i, c)| (c.start, c.end, i))
            .collect();
        by_start.sort_unstable();
        let mut max_end = Vec::with_capacity(by_start.len());
        let mut m = 0;
        for &(_, e, _) in &by_start {
            m = m.max(e);
            max_end.push(m);
        }
        Spans { by_start, max_end }
    }

    /// Indexes (in `out`) of the candidates with `start <= s` and `end >= e`.
    fn covering(&self, s: usize, e: usize) -> impl Iterator<Item = usize> + '_ {
        let i = self.by_start.partition_point(|&(cs, _, _)| cs <= s);
        (0..i)
            .rev()
            .take_while(move |&j| self.max_end[j] >= e)
            .filter(move |&j| self.by_start[j].1 >= e)
            .map(move |j| self.by_start[j].2)
    }
}

/// The first whitespace-separated word of `s`, if it starts within a short
/// reach: the words looked up after a count (`cycles`, `females`, `pairs`)
/// are short, and a token without an end (`10.1000/10.1000/…`) must not be
/// copied or walked to the end of the document for each number in it.
fn next_word(s: &str) -> &str {
    let t = s.trim_start();
    let t = &t[..floor_boundary(t, 64)];
    t.split_whitespace().next().unwrap_or("")
}

/// Whether the budget says to stop making candidates; `found` is the
/// number made so far (0 for a stage that only relabels).
fn spent(doc: &Document, found: usize) -> bool {
    doc.budget.exhausted(found)
}

/// The clause before byte `at`: back to the sentence start, a `;` or `:`,
/// at most 200 bytes. With `comma`, also back to the last comma.
fn before_window(doc: &Document, at: usize, comma: bool) -> &str {
    let fold = &doc.fold;
    let (ss, _) = doc.sentence_at(at);
    let lo = floor_boundary(fold, at.saturating_sub(200)).max(ss);
    let mut w = &fold[lo..at];
    // A comma or stop ends a clause only before a space: `1,094` and `0.5`
    // do not.
    let cuts: &[&str] = if comma {
        &[";", ":", ", ", ". ", ",\n", ".\n"]
    } else {
        &[";", ":"]
    };
    for c in cuts {
        if let Some(p) = w.rfind(c) {
            w = &w[p + 1..];
        }
    }
    w
}

/// The clause after byte `at`: to the sentence end, a `;`, the next count
/// start in `next`, the end of a bracket `at` is in, at most 160 bytes.
fn after_window(doc: &Document, at: usize, next: usize) -> String {
    let fold = &doc.fold;
    let (_, se) = doc.sentence_at(at);
    let hi = ceil_boundary(fold, (at + 160).min(se).min(next.max(at)));
    // Bracketed asides (`(FEC 50, n = 65; FEC 100, n = 85)`) are blanked
    // so that their `;` and verbs do not end or decide the clause.
    let mut w = String::with_capacity(hi - at);
    let mut depth = 0usize;
    for ch in fold[at..hi].chars() {
        match ch {
            '(' | '[' => depth += 1,
            // The count's own bracket closes: `(… 20 males) who were
            // randomized`: the verb is the bracket's head's, not the count's.
            ')' | ']' if depth == 0 => break,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth > 0 || ch == ')' || ch == ']' {
            for _ in 0..ch.len_utf8() {
                w.push(' ');
            }
        } else {
            w.push(ch);
        }
    }
    if let Some(p) = w.find(';') {
        w.truncate(p);
    }
    for stop in [
        ", while ",
        ", whereas ",
        " whereas ",
        ", but ",
        ". ",
        " we ",
        " whether ",
        " and we ",
    ] {
        if let Some(p) = w.find(stop) {
            w.truncate(p);
        }
    }
    w
}

/// The group named before byte `at` (`… into MSC-NP (n = 27)` → `MSC-NP`).
fn group_before(fold: &str, at: usize) -> Option<String> {
    let lo = floor_boundary(fold, at.saturating_sub(80));
    let mut w = fold[lo..at].trim_end();
    w = w.trim_end_matches(['(', ',', ';', ':', '[']).trim_end();
    // Stop at the last delimiter or linking word.
    let mut start = 0;
    for d in [",", ";", ":", "(", ")", "[", "]", "."] {
        if let Some(p) = w.rfind(d) {
            start = start.max(p + d.len());
        }
    }
    let mut name = w[start..].trim();
    for link in [
        " or ",
        " and ",
        " to ",
        " versus ",
        " vs ",
        " into ",
        " either ",
        " receive ",
        " receiving ",
        " received ",
        " with ",
        " the ",
        " in ",
        " of ",
        " were ",
        " was ",
        " for ",
        " on ",
        " from ",
        " group ",
        " arm ",
    ] {
        let padded = format!(" {name}");
        if let Some(p) = padded.to_ascii_lowercase().rfind(link) {
            let cut = p + link.len();
            if cut <= padded.len() {
                name = padded[cut..].trim();
                // `padded` is local: rebuild from the original slice.
                let off = w[start..].len() - name.len();
                name = w[start + off..].trim();
            }
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let name = words.join(" ");
    let lower = name.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "group" | "groups" | "arm" | "arms" | "patients" | "the" | "a" | "n" | "total"
    ) || !name.chars().any(|c| c.is_alphabetic())
    {
        return None;
    }
    Some(name)
}

/// The group named after a list item's verb: `in SNB arm` → `SNB arm`.
fn group_after(fold: &str, at: usize) -> Option<String> {
    let hi = ceil_boundary(fold, at + 60);
    let w = &fold[at..hi];
    let mut end = w.len();
    for d in [
        ",", ";", ":", "(", ")", "[", "]", ".", " and ", " or ", " versus ", " vs ", " while ",
    ] {
        if let Some(p) = w.find(d) {
            end = end.min(p);
        }
    }
    let words: Vec<&str> = w[..end].split_whitespace().take(6).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whether the number at `s..e` is a count at all (not a decimal, range,
/// percentage, page, dose or year).
fn plausible_number(fold: &str, s: usize, e: usize, n: u64) -> bool {
    let before = &fold[floor_boundary(fold, s.saturating_sub(3))..s];
    let last = before.chars().last();
    if matches!(
        last,
        Some(
            '.' | ','
                | '/'
                | '±'
                | '^'
                | '×'
                | '+'
                | '$'
                | '£'
                | '€'
                | '#'
                | ':'
                | '>'
                | '<'
                | '≥'
                | '≤'
                | '='
        )
    ) || fold[s..e].starts_with('0') && e - s > 1
        || before.ends_with("- ") && before.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return false;
    }
    // `$ 237 per farmer` (token-spaced text): money.
    if before.ends_with("$ ") || before.ends_with("£ ") || before.ends_with("€ ") {
        return false;
    }
    if last == Some('-')
        && before
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit())
    {
        return false;
    }
    if NOT_A_COUNT_AFTER.is_match(&fold[e..]) {
        return false;
    }
    // `ages 5 through 7 randomly assigned`: the end of a range is no count.
    let head = fold[..s].trim_end();
    if let Some(h) = head
        .strip_suffix("through")
        .or_else(|| head.strip_suffix(" to"))
    {
        if h.trim_end().ends_with(|c: char| c.is_ascii_digit()) {
            return false;
        }
    }
    if (1950..=2035).contains(&n)
        && !fold[s..e].contains(',')
        && (MONTH_BEFORE.is_match(&fold[floor_boundary(fold, s.saturating_sub(12))..s])
            || YEAR_RANGE_AFTER.is_match(&fold[e..]))
    {
        return false;
    }
    // Years written as counts (`1990 patients` never reads so; `in 2005`).
    // `in 2046 patients` is a count: a noun right after the number says so.
    if (1900..=2100).contains(&n) && !fold[s..e].contains(',') && !noun_right_after(fold, e) {
        let b = before_window_plain(fold, s);
        if b.ends_with("in ") || b.ends_with("since ") || b.ends_with("from ") {
            return false;
        }
    }
    // `cycle 1`, `phase 3`, `SWOG 0307`, `Table 2`: a label, not a count.
    let word_before = fold[..s]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // `placebo-controlled study Forty healthy subjects`: token-joined
    // abstracts lose their stops, and a capitalised number word after a
    // label word starts a sentence, it does not number the label.
    let capital_word = fold[s..e].starts_with(|c: char| c.is_ascii_uppercase());
    if fold[..s].ends_with(' ')
        && !capital_word
        && LABEL_WORD.is_match(word_before)
        && !HEADING_WORD.is_match(word_before)
    {
        return false;
    }
    n > 0
}

/// Whether a participant noun follows the number at once (`2046 patients`).
fn noun_right_after(fold: &str, e: usize) -> bool {
    WORD.captures(&fold[e..])
        .and_then(|m| m.get(1))
        .is_some_and(|w| is_noun(w.as_str()))
}

/// A participant noun: one of [`NOUNS`], also as the last part of a
/// hyphenated word (`out-patients`, `spouses-caregivers`).
fn is_noun(word: &str) -> bool {
    NOUN.is_match(word)
        || word
            .rsplit_once('-')
            .is_some_and(|(_, last)| NOUN.is_match(last))
}

/// The rule of a protocol's target size (`120 planned participants`): a
/// `Skip` candidate (it counts nobody) that is written as `planned`.
const PLANNED: &str = "sample_size.planned";

/// Bytes either side of an arm read for its statement: the same reach as
/// the 320-char `context` the summary read before (a wider window let
/// `randomised` far away in a token-joined abstract make arms a
/// randomized total), but a window of the sentence, not of `context`.
const STATEMENT_WINDOW: usize = 160;

/// What the summary needs to know of an arm's sentence.
fn statement_of(doc: &Document, start: usize, end: usize, rule: &str) -> Statement {
    let (lo, hi) =
        super::text::sentence_window(doc, start, end, STATEMENT_WINDOW, STATEMENT_WINDOW);
    let near = &doc.fold[lo..hi];
    Statement {
        sentence: doc.sentence_at(start).0,
        randomization: RANDOMIZATION.is_match(near),
        groups: (rule == "sample_size.arm_each")
            .then(|| {
                GROUP_COUNT
                    .captures(near)
                    .and_then(|c| parse_count_or_words(&c[1]))
            })
            .flatten(),
    }
}

fn before_window_plain(fold: &str, s: usize) -> String {
    fold[floor_boundary(fold, s.saturating_sub(12))..s].to_ascii_lowercase()
}

impl Extractor for SampleSize {
    fn field(&self) -> Field {
        Field::SampleSize
    }

    fn version(&self) -> u32 {
        14
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::SampleSize);
        for c in candidates(doc) {
            let role = if c.rule == PLANNED {
                Some(SampleRole::Planned)
            } else {
                c.role.output()
            };
            let Some(role) = role else {
                continue;
            };
            let statement =
                (role == SampleRole::Arm).then(|| statement_of(doc, c.start, c.end, c.rule));
            out.push(b.make(
                c.start,
                c.end,
                Value::SampleSize(SampleSizeValue {
                    n: c.n,
                    role,
                    group: c.group,
                    statement,
                }),
                c.rule,
                c.conf,
            ));
        }
    }
}

/// A number followed (within five words) by a participant noun: the byte
/// where the noun ends and whether the noun names a sex.
fn noun_after(fold: &str, e: usize) -> Option<(usize, bool, usize)> {
    let mut at = e;
    if let Some(m) = PERCENT_PAREN.find(&fold[at..]) {
        at += m.end();
    }
    for _ in 0..6 {
        let m = WORD.captures(&fold[at..])?;
        let w = m.get(1).expect("word");
        let word = w.as_str();
        let lower = word.to_ascii_lowercase();
        if is_noun(word) {
            return Some((at + w.end(), SEX_NOUN.is_match(word), at + w.start()));
        }
        // `40 ASA 1 paediatric patients`, `48 type 2 diabetic patients`,
        // `126 ASA physical status I and II patients`: a class label's own
        // number inside the noun phrase.
        if LABEL_HEAD.is_match(word) {
            if let Some(m) = LABEL_NUMBER.find(&fold[at + w.end()..]) {
                at += w.end() + m.end();
                continue;
            }
        }
        if STOP_TOKENS.contains(&lower.as_str()) || lower.ends_with("ly") && lower.len() > 4 {
            // Adverbs (`newly`, `consecutively`) may stand before a noun.
            if !(lower.ends_with("ly") && lower.len() > 4) {
                return None;
            }
        }
        at += w.end();
    }
    None
}

/// All candidates of a document, with roles, in text order.
fn candidates(doc: &Document) -> Vec<Cand> {
    let fold = doc.fold.as_str();
    let index = Index::new(doc);
    // Numbers that can be counts.
    let mut nums: Vec<(usize, usize, u64)> = Vec::new();
    for m in NUMBER.find_iter(fold) {
        let Some(n) = parse_count_or_words(m.as_str()) else {
            continue;
        };
        if plausible_number(fold, m.start(), m.end(), n) {
            nums.push((m.start(), m.end(), n));
        }
    }
    // Positions where a new count begins: the after-window of a count ends
    // at the next one.
    let mut starts: Vec<usize> = Vec::new();
    for &(s, e, _) in &nums {
        let rest = &fold[e..];
        if noun_after(fold, e).is_some()
            || BARE_ROLE.is_match(rest)
            || PART_OF.is_match(rest)
            || ARM_ITEM.is_match(rest)
        {
            starts.push(s);
        }
    }
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
    for &(s, e, n) in &nums {
        if spent(doc, out.len()) {
            break;
        }
        let rest = &fold[e..];
        let cand = if let Some((noun_end, is_sex, _noun_start)) = noun_after(fold, e) {
            let mut c = classify_count(doc, &index, s, e, noun_end, n, next_start(noun_end));
            if is_sex
                && !matches!(c.role, Role::Subgroup | Role::Arm)
                && sex_pair_near(fold, s, noun_end)
            {
                c.role = Role::Subgroup;
                c.rule = "sample_size.sex_breakdown";
                c.conf = 0.5;
            }
            Some(c)
        } else if let Some(m) = BARE_ROLE.captures(rest).filter(|m| {
            let verb = m.get(1).expect("verb").as_str().to_ascii_lowercase();
            !(verb.starts_with("random")
                && TRIALS_AFTER.is_match(&rest[m.get(0).expect("m").end()..]))
        }) {
            let verb = m.get(1).expect("verb").as_str().to_ascii_lowercase();
            let role = if verb.starts_with("random")
                || verb.starts_with("assign")
                || verb.starts_with("alloc")
            {
                Role::Randomized
            } else if verb.starts_with("analy") || verb.ends_with("able") {
                Role::Analyzed
            } else if verb == "completed" {
                Role::Completed
            } else {
                Role::Enrolled
            };
            let before = before_window(doc, s, false);
            let role = if OF_THE.is_match(before) {
                Role::Subgroup
            } else {
                role
            };
            Some(Cand {
                start: s,
                end: e + m.get(0).expect("m").end(),
                n,
                role,
                group: None,
                rule: "sample_size.count_verb",
                conf: 0.8,
            })
        } else if let Some(c) = any_noun_verb(doc, s, e, n) {
            Some(c)
        } else if PART_OF.is_match(rest) {
            // `22 of the 24 patients`: a part of the study, not its size.
            let before = before_window(doc, s, true).to_ascii_lowercase();
            if before.trim_end().ends_with("total") {
                None
            } else {
                Some(Cand {
                    start: s,
                    end: e,
                    n,
                    role: Role::Subgroup,
                    group: None,
                    rule: "sample_size.part_of",
                    conf: 0.5,
                })
            }
        } else {
            None
        };
        if let Some(c) = cand {
            out.push(c);
        }
    }

    arms_from_lists(doc, &nums, &mut out);
    arms_from_n_equals(doc, &index, &mut out);
    arms_from_breakdowns(doc, &mut out);
    arms_from_group_brackets(doc, &mut out);
    arms_from_denominators(doc, &mut out);
    arms_from_group_phrases(doc, &nums, &mut out);
    arms_from_sums(doc, &nums, &mut out);
    arms_from_named_pairs(doc, &nums, &mut out);
    arms_from_assigned_pairs(doc, &nums, &mut out);
    arms_mentioned_again(doc, &mut out);
    parts_in_brackets(doc, &index, &mut out);
    mark_cited(doc, &mut out);
    out.sort_by_key(|c| (c.start, c.end));
    // One finding per count: `n = 300 each` is read by two rules.
    out.dedup_by(|a, b| a.start == b.start || (a.n == b.n && a.start < b.end));
    outcomes_coordinated(doc, &mut out);
    out
}

/// A count of unknown role joined to an outcome count (`fractures occurred
/// in 24 patients in one arm versus 25 patients in the other`) counts the
/// same outcome.
fn outcomes_coordinated(doc: &Document, out: &mut [Cand]) {
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

/// `N <any plural noun> were randomized/enrolled/…` (see [`ANY_NOUN_VERB`]).
fn any_noun_verb(doc: &Document, s: usize, e: usize, n: u64) -> Option<Cand> {
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
        rule: "sample_size.count_any_noun_verb",
        conf: 0.7,
    })
}

/// A bracket right after a total that splits it into groups: `Three hundred
/// thirty-five women (166 control and 169 intervention)`, `were randomized
/// (47 CT, 48 HT)`, `(control, 288; capecitabine, 297)`, `in 80 patients
/// (group A)`.
fn arms_from_breakdowns(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    // The candidates by where they end, kept up to date as items are added:
    // a bracket asks only about the counts just before it.
    let mut by_end: std::collections::BTreeSet<(usize, usize)> =
        out.iter().enumerate().map(|(i, c)| (c.end, i)).collect();
    for m in BRACKET.find_iter(fold) {
        if spent(doc, out.len()) {
            break;
        }
        let inner_start = m.start() + 1;
        let inner = &fold[inner_start..m.end() - 1];
        let head = fold[..m.start()].trim_end();
        // `in 80 patients (group A)`: the count before names its group.
        if GROUP_LABEL.is_match(inner.trim()) {
            // The first in `out` that ends where only spaces part it from
            // the bracket.
            let hit = by_end
                .range((head.len(), 0)..=(m.start(), usize::MAX))
                .map(|&(_, i)| i)
                .filter(|&i| {
                    let c = &out[i];
                    matches!(c.role, Role::Total | Role::Enrolled | Role::Subgroup)
                        && c.rule != "sample_size.sex_breakdown"
                })
                .min();
            if let Some(c) = hit.map(|i| &mut out[i]) {
                c.role = Role::Arm;
                c.rule = "sample_size.arm_count_group";
                c.conf = 0.7;
                c.group = Some(inner.trim().to_string());
            }
            continue;
        }
        // A breakdown follows a count or a role verb.
        let (ss, _) = doc.sentence_at(m.start());
        let lo = floor_boundary(fold, m.start().saturating_sub(60)).max(ss);
        let lead = &fold[lo..m.start()];
        let follows_count = by_end
            .range((lo, 0)..=(m.start(), usize::MAX))
            .any(|&(_, i)| out[i].role != Role::Subgroup)
            || BREAKDOWN_LEAD.is_match(head);
        if !follows_count || !lead.chars().any(|c| c.is_alphanumeric()) {
            continue;
        }
        let items: Vec<&str> = BREAKDOWN_SPLIT.split(inner).map(str::trim).collect();
        if items.len() < 2 {
            continue;
        }
        let mut parsed = Vec::new();
        for it in &items {
            let Some(c) = BREAKDOWN_ITEM.captures(it) else {
                parsed.clear();
                break;
            };
            let (num, label) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(l), Some(n), _, _) => (n, l.as_str()),
                (_, _, Some(n), Some(l)) => (n, l.as_str()),
                _ => {
                    parsed.clear();
                    break;
                }
            };
            let Some(n) = parse_count_or_words(num.as_str()) else {
                parsed.clear();
                break;
            };
            // `(150 minutes per week; 38 patients)`: a dose and a count.
            let first = label.split_whitespace().next().unwrap_or("");
            if UNIT_WORD.is_match(first) {
                parsed.clear();
                break;
            }
            let off = inner_start + (it.as_ptr() as usize - inner.as_ptr() as usize);
            parsed.push((
                off + num.start(),
                off + num.end(),
                n,
                label.trim().to_string(),
            ));
        }
        if parsed.len() < 2 {
            continue;
        }
        for (s, e, n, label) in parsed {
            if let Some(i) = by_start.get(s) {
                by_end.remove(&(out[i].end, i));
            }
            let i = by_start.get(s).unwrap_or(out.len());
            by_end.insert((e, i));
            by_start.replace(
                out,
                Cand {
                    start: s,
                    end: e,
                    n,
                    role: Role::Arm,
                    group: Some(label),
                    rule: "sample_size.arm_breakdown",
                    conf: 0.75,
                },
            );
        }
    }
}

// What a group's bracket may hold as its size: a bare count (`no further
// imaging (807)`), or a last item that counts people (`(arm 1:373
// patients)`, `(<75 minutes per week; 41 patients)`), or `n = 27`.
static BRACKET_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[;,:]\s*|^(?:arm|group|cohort)\s+[A-Za-z0-9]{{1,3}}\s*:\s*)(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\s+(?:{NOUNS}))?\s*$"
    ))
    .expect("bracket count regex")
});

/// Brackets after the groups of an allocation sentence that each give a
/// group's size: `randomly assigned to BCS+WBI (arm 1:373 patients) or BCS
/// alone (arm 2:376 patients)`, `MRI (n=816) or no further imaging (807)`,
/// `control (<75 minutes per week; 41 patients), low-dose exercise (150
/// minutes per week; 38 patients)`. Two such brackets at least, and a bare
/// number only beside a bracket that says what it counts.
fn arms_from_group_brackets(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // (bracket start, count start, count end, n, says what it counts)
    type Item = (usize, usize, usize, u64, bool);
    let mut by_sentence: Vec<((usize, usize), Vec<Item>)> = Vec::new();
    for b in BRACKET.find_iter(fold) {
        let inner = &fold[b.start() + 1..b.end() - 1];
        // `(N = 1203: anastrozole, n = 615; tamoxifen, n = 588)` splits
        // one count into groups: that is a breakdown, read elsewhere.
        if N_EQUALS.find_iter(inner).count() > 1 {
            continue;
        }
        let item = if let Some(c) = N_EQUALS.captures(inner) {
            let m = c.get(1).expect("num");
            Some((m.start(), m.end(), true))
        } else {
            BRACKET_COUNT.captures(inner).and_then(|c| {
                let m = c.get(1).expect("num");
                let noun = c
                    .get(0)
                    .expect("m")
                    .as_str()
                    .trim_end()
                    .ends_with(|ch: char| ch.is_alphabetic());
                let bare = inner.trim() == m.as_str();
                (noun || bare).then_some((m.start(), m.end(), noun))
            })
        };
        let Some((s, e, says)) = item else { continue };
        let (s, e) = (b.start() + 1 + s, b.start() + 1 + e);
        let Some(n) = parse_count_or_words(&fold[s..e]) else {
            continue;
        };
        // `(2005)`, `(1)`: a year or a reference, not a group.
        if !says && (n < 5 || (1900..=2100).contains(&n)) {
            continue;
        }
        let sent = doc.sentence_at(b.start());
        match by_sentence.last_mut() {
            Some((x, v)) if *x == sent => v.push((b.start(), s, e, n, says)),
            _ => by_sentence.push((sent, vec![(b.start(), s, e, n, says)])),
        }
    }
    let spans = Spans::new(out);
    let mut by_start = ByStart::new(out);
    for ((ss, se), items) in by_sentence {
        if spent(doc, out.len()) {
            break;
        }
        if items.len() < 2 || !items.iter().any(|i| i.4) || !ALLOCATION.is_match(&fold[ss..se]) {
            continue;
        }
        let lo = items.iter().map(|i| i.3).min().unwrap_or(0);
        let hi = items.iter().map(|i| i.3).max().unwrap_or(0);
        if hi > lo.saturating_mul(5) {
            continue;
        }
        let sum: u64 = items.iter().map(|i| i.3).sum();
        let labelled: Vec<(usize, usize, u64, String)> = items
            .iter()
            // `patients (N = 242) … usual care (n = 82), …`: the whole, not
            // one of its groups.
            .filter(|i| items.len() < 3 || i.3 * 2 != sum)
            .filter_map(|&(b, s, e, n, _)| group_before(fold, b).map(|g| (s, e, n, g)))
            .filter(|(_, _, _, g)| !names_population(g))
            .collect();
        if labelled.len() < 2 {
            continue;
        }
        for (s, e, n, g) in labelled {
            // An `n =` bracket may already have a finding: an arm is kept,
            // any other role becomes this arm.
            if let Some(c) = spans.covering(s, e).min().map(|i| &mut out[i]) {
                if c.role != Role::Arm {
                    c.role = Role::Arm;
                    c.group = Some(g);
                    c.rule = "sample_size.arm_bracket";
                    c.conf = 0.7;
                }
                continue;
            }
            by_start.replace(
                out,
                Cand {
                    start: s,
                    end: e,
                    n,
                    role: Role::Arm,
                    group: Some(g),
                    rule: "sample_size.arm_bracket",
                    conf: 0.7,
                },
            );
        }
    }
}

/// Whether a label names the people of a study rather than one of its
/// groups: `Breast cancer patients`, `Women`, `Consenting participants`,
/// but not `group A patients`, `A patients`, `control group`.
fn names_population(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else {
        return false;
    };
    if !is_noun(last) {
        return false;
    }
    let marker = |w: &&str| {
        let l = w.to_ascii_lowercase();
        matches!(l.as_str(), "group" | "arm" | "cohort")
            || (w.len() <= 2
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    };
    !rest.iter().any(marker)
}

/// Denominators of results compared between groups: `16.3% (24/147) in
/// the control group and 8.1% (12/148) in the weight lifting group`, `61 of
/// 66 (92.4%) … in the SA group and 57 of 60 … in the PT group`. They are
/// the groups' sizes at that point; reported as low-confidence arms that
/// the summary does not use.
fn arms_from_denominators(doc: &Document, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    type Span = (usize, usize, u64);
    let mut by_sentence: Vec<((usize, usize), Vec<Span>)> = Vec::new();
    for c in DENOMINATOR.captures_iter(fold) {
        let d = c.get(1).expect("denominator");
        let Some(n) = parse_count_or_words(d.as_str()) else {
            continue;
        };
        // `(10 of 12 comparisons)`, `6/9 cycles`: a share of things.
        let word = next_word(&fold[d.end()..]);
        let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if n < 2 || NOT_A_COUNT_AFTER.is_match(&fold[d.end()..]) || EVENTS_WORD.is_match(word) {
            continue;
        }
        let sent = doc.sentence_at(d.start());
        match by_sentence.last_mut() {
            Some((s, v)) if *s == sent => v.push((d.start(), d.end(), n)),
            _ => by_sentence.push((sent, vec![(d.start(), d.end(), n)])),
        }
    }
    // The denominators come in text order and each is a number of its own,
    // so a denominator added here never covers a later one: the candidates
    // before this stage are all a later one needs to look at, those it
    // replaces are dropped once at the end.
    let spans = Spans::new(out);
    let mut dropped = vec![false; out.len()];
    let mut added = Vec::new();
    for ((ss, se), ds) in by_sentence {
        if spent(doc, out.len() + added.len()) {
            break;
        }
        if ds.len() < 2 || !GROUP_COMPARISON.is_match(&fold[ss..se]) {
            continue;
        }
        for (s, e, n) in ds {
            // `48 of 95 women with cooling … compared with 0 of 47 women in
            // the control group`: the whole of a part is the group's size.
            if spans
                .covering(s, s + 1)
                .any(|i| !dropped[i] && out[i].rule != "sample_size.of_whole")
            {
                continue;
            }
            for i in spans.covering(s, s + 1) {
                dropped[i] = true;
            }
            added.push(Cand {
                start: s,
                end: e,
                n,
                role: Role::Arm,
                group: None,
                rule: "sample_size.arm_denominator",
                conf: 0.4,
            });
        }
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
    out.append(&mut added);
}

/// Counts that add up to the study count just stated are its groups:
/// `409 patients were evaluable (208 received ALC; 201, placebo)`, `34 (26
/// Poly E, eight placebo) were evaluable`, `139 patients were randomized, 70
/// to weekly and 69 to 3-weekly arm`, `726 patients were randomly assigned
/// (484, ribociclib; 242, placebo)`. The exact sum is what makes them arms,
/// so the words between them need not name a group. Uses the numbers
/// already found (no scan of its own) and looks only at the rest of the
/// sentence, at most 160 bytes.
fn arms_from_sums(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // Wholes: stated study counts (parts up to the sentence end), and any
    // count opening a bracket (parts inside that bracket only).
    let mut wholes: Vec<(usize, u64, usize)> = out
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                Role::Randomized | Role::Enrolled | Role::Analyzed | Role::Completed | Role::Total
            )
        })
        .map(|c| {
            let (_, se) = doc.sentence_at(c.end.saturating_sub(1));
            (c.end, c.n, se.min(c.end + 160))
        })
        .collect();
    for &(_, e, n) in nums {
        // `34 (26 …)`, and past a share and a short noun phrase: `65 (81%)
        // participants (29 intervention, 36 control)`, `41 patients (21
        // treatment group and 20 control group)`.
        let mut at = e;
        if let Some(m) = PERCENT_PAREN.find(&fold[at..]) {
            at += m.end();
        }
        let rest = &fold[at..];
        let mut t = rest.trim_start();
        // The words skipped must name participants (`256 deaths (102 …)`
        // splits events).
        let mut noun = t.starts_with('(');
        if !noun {
            for _ in 0..3 {
                let w = t.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-');
                if w.len() == t.len() {
                    break;
                }
                noun |= is_noun(&t[..t.len() - w.len()]);
                t = w.trim_start_matches(' ');
                if t.starts_with('(') {
                    break;
                }
            }
        }
        let open = at + rest.len() - t.len();
        // `Eight patients relapsed (in situ, 1; marginal, 1; …)`.
        let skipped = &fold[at..open];
        if noun && t.starts_with('(') && !OUTCOME.is_match(skipped) {
            let hi = ceil_boundary(fold, open + 120);
            if let Some(close) = fold[open..hi].find(')') {
                // `136 women (74 placebo, 62 tamoxifen) developed breast
                // cancer`: the split of an outcome.
                let after = &fold[open + close..ceil_boundary(fold, open + close + 30)];
                if !OUTCOME.is_match(after) {
                    wholes.push((open, n, open + close));
                }
            }
        }
    }
    wholes.sort_unstable();
    wholes.dedup();
    let mut found: Vec<(usize, usize, u64)> = Vec::new();
    for (end, whole, hi) in wholes {
        if spent(doc, out.len()) {
            break;
        }
        if whole < 4 {
            continue;
        }
        let first = nums.partition_point(|&(s, _, _)| s < end);
        let last = nums.partition_point(|&(s, _, _)| s < hi);
        let window = &nums[first..last.max(first)];
        // Start at one of the first three numbers: `40 women were enrolled
        // and 34 (26 Poly E, eight placebo)` is not a split of 40.
        'start: for i in 0..window.len().min(3) {
            let mut sum = 0u64;
            for j in i..window.len() {
                let (s, e, n) = window[j];
                // The split follows its whole at once (`were randomized, 70
                // to …`); a count further on starts another statement.
                if j == i && s - end > 50 || j > i && s - window[j - 1].1 > 60 {
                    break;
                }
                // A part is smaller than the whole and not a percentage.
                if n >= whole || fold[e..].trim_start().starts_with('%') {
                    continue 'start;
                }
                // `9 females`, `5 pairs`, `2 in 25 mg/BID`: sexes, things and
                // doses are not groups; a gap holding a measurement (`±`,
                // `=`, `mg`) is not a list of groups.
                let word = next_word(&fold[e..]);
                let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
                if EVENTS_WORD.is_match(word)
                    || SEX_NOUN.is_match(word)
                    || matches!(word, "pairs" | "years" | "of" | "in" | "through" | "or")
                    || fold[..s].ends_with(" or ")
                {
                    continue 'start;
                }
                if j > i {
                    let gap = &fold[window[j - 1].1..s];
                    // `t(9;22)` inside the gap: a label's numbers, not
                    // groups; `(42.3%)` is allowed.
                    let label_paren = gap.match_indices('(').any(|(k, _)| {
                        !gap[k + 1..]
                            .trim_start()
                            .starts_with(|c: char| c.is_ascii_digit())
                    });
                    if label_paren || gap.contains(['±', '=', '/']) || gap.contains("mg") {
                        continue 'start;
                    }
                }
                sum += n;
                if sum == whole && j > i {
                    // `1 achieved CR, 9 achieved PR, 11 had stable disease`:
                    // parts of an outcome, not groups.
                    let span = &fold[end..ceil_boundary(fold, e + 40).min(hi.max(e))];
                    if !OUTCOME.is_match(span) && !SUM_OUTCOME.is_match(span) {
                        found.extend_from_slice(&window[i..=j]);
                    }
                    break 'start;
                }
                if sum > whole {
                    break;
                }
            }
        }
    }
    // A part made an arm here covers only its own number, and a candidate
    // dropped here was no arm: the candidates before this stage and the
    // parts added so far answer "is it an arm already"; the dropped ones go
    // once at the end.
    let spans = Spans::new(out);
    let by_start = ByStart::new(out);
    let mut added: Vec<Cand> = Vec::new();
    let mut added_at: std::collections::HashSet<usize> = Default::default();
    let mut dropped = vec![false; out.len()];
    for (s, e, n) in found {
        if spent(doc, out.len() + added.len()) {
            break;
        }
        if added_at.contains(&s)
            || spans
                .covering(s, s + 1)
                .any(|i| matches!(out[i].role, Role::Arm | Role::Cited))
        {
            continue;
        }
        // Only the part's own candidate goes: `34 (26 …, eight placebo)
        // were evaluable` keeps the whole that spans its parts.
        if let Some(i) = by_start.get(s) {
            dropped[i] = true;
        }
        added_at.insert(s);
        added.push(Cand {
            start: s,
            end: e,
            n,
            role: Role::Arm,
            group: sum_label(fold, e),
            rule: "sample_size.arm_sum",
            conf: 0.7,
        });
    }
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
    out.append(&mut added);
}

/// The group named after a part of a sum: `201, placebo` → `placebo`,
/// `70 to weekly` → `weekly`, `26 exercise` → `exercise`.
fn sum_label(fold: &str, e: usize) -> Option<String> {
    let rest = &fold[e..];
    let t = rest.trim_start_matches([' ', ',', ':']);
    let g = group_after(fold, e + rest.len() - t.len())?;
    let g = g
        .strip_prefix("received ")
        .or_else(|| g.strip_prefix("to "))
        .unwrap_or(&g);
    (!g.is_empty()).then(|| g.to_string())
}

/// Whether a count of one sex stands next to a count of the other sex
/// (`105 women, 84 men`, `three male, three female`).
fn sex_pair_near(fold: &str, s: usize, e: usize) -> bool {
    let lo = floor_boundary(fold, s.saturating_sub(40));
    let hi = ceil_boundary(fold, e + 40);
    let (mut female, mut male) = (false, false);
    for m in SEX_PAIR.find_iter(&fold[lo..hi]) {
        let t = m.as_str().to_ascii_lowercase();
        if t.contains("fem") || t.contains("wom") || t.contains("girl") {
            female = true;
        } else {
            male = true;
        }
    }
    female && male
}

/// The role of `NUM … NOUN` from the words around it.
fn classify_count(
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
    // `22 of the 24 patients`: 24 is the whole the part is taken from; the
    // verb after it belongs to the part.
    if OF_THE.is_match(before_comma) {
        return mk(Role::Total, "sample_size.of_whole", 0.4);
    }
    // A count right after `(`: an arm when a group is named before it
    // (`CMF (53 patients) or docetaxel (48 patients)`).
    let pre = fold[..s].trim_end();
    if let Some(before_paren) = pre.strip_suffix('(') {
        let sent = doc.sentence_at(s);
        let before_paren = before_paren.trim_end();
        let last_word = before_paren
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        if !NOUN.is_match(last_word) && index.allocation.is_match(fold, sent) {
            let mut c = mk(Role::Arm, "sample_size.arm_paren_count", 0.75);
            c.group = group_before(fold, pre.len() - 1);
            return c;
        }
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
        return mk(role, rule, 0.85);
    }
    // `Among 15 patients, the score remained …`, `Of 300 women, 120 …`: the
    // count frames the clause that follows; its verb is not the count's.
    if FRAME_BEFORE.is_match(before_comma) && fold[noun_end..].trim_start().starts_with(',') {
        return mk(Role::Total, "sample_size.frame", 0.5);
    }
    // A verb right before: `we randomly assigned 54 subjects`.
    for (re, role) in BEFORE_ROLE.iter() {
        if re.is_match(before) {
            return mk(*role, "sample_size.verb_count_noun", 0.85);
        }
    }
    let after = after_window(doc, noun_end, next);
    let after = after.as_str();
    let mut best: Option<(usize, Role)> = None;
    for (re, role) in AFTER_ROLES.iter() {
        for m in re.find_iter(after) {
            // `women who had undergone hysterectomy were randomized`: a
            // relative clause describes who was counted, it is no outcome.
            if *role == Role::Subgroup && RELATIVE.is_match(&after[..m.start()]) {
                continue;
            }
            if best.is_none_or(|(p, _)| m.start() < p) {
                best = Some((m.start(), *role));
            }
            break;
        }
    }
    if let Some((p, role)) = best {
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
            _ => "sample_size.count_noun_verb",
        };
        return mk(role, rule, conf);
    }
    if pct {
        return mk(Role::Subgroup, "sample_size.count_share", 0.5);
    }
    if STUDY_BEFORE.is_match(before) {
        return mk(Role::Enrolled, "sample_size.study_of", 0.7);
    }
    if IN_COUNT.is_match(before_comma) && OUTCOME.is_match(before_comma) {
        // `remained unchanged in 4 patients`, `occurred in 12 patients`.
        return mk(Role::Subgroup, "sample_size.in_count", 0.5);
    }
    // `Breast conservation was possible in 288 cases (75.8%)`: a share
    // after the noun, as after the number.
    if SHARE_NEXT.is_match(&fold[noun_end..]) {
        return mk(Role::Subgroup, "sample_size.count_share", 0.5);
    }
    // `Three cases of breast cancer were diagnosed`: events, not people
    // (but `340 cases of hookworm infection were treated` are patients).
    let noun = fold[e..noun_end].split_whitespace().last().unwrap_or("");
    if noun.eq_ignore_ascii_case("cases")
        && fold[noun_end..].trim_start().starts_with("of ")
        && CASES_DIAGNOSED.is_match(after)
    {
        return mk(Role::Skip, "sample_size.cases_of", 0.0);
    }
    mk(Role::Total, "sample_size.count_noun", 0.4)
}

/// Lists of groups: `94 in SNB arm and 82 in observation arm`, `34 patients
/// received AC … and 129 patients received FAC`; and `27 in each group`.
fn arms_from_lists(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    let mut items: Vec<(usize, Cand)> = Vec::new();
    for &(s, e, n) in nums {
        if spent(doc, out.len()) {
            break;
        }
        let rest = &fold[e..];
        if let Some(m) = EACH.find(rest) {
            let c = Cand {
                start: s,
                end: e + m.end(),
                n,
                role: Role::Arm,
                group: None,
                rule: "sample_size.arm_each",
                conf: 0.75,
            };
            by_start.replace(out, c);
            continue;
        }
        let Some(m) = ARM_ITEM.captures(rest) else {
            continue;
        };
        let whole = m.get(0).expect("m");
        let verb = m.get(1).expect("verb").as_str().to_ascii_lowercase();
        // `68 were treated with wire localization and 66 with radioguided
        // localization`: a bare `N with` continues a list; `120 patients
        // with breast cancer` describes who they are.
        if verb == "with" && (NOUN_IN.is_match(whole.as_str()) || !after_list_word(fold, s)) {
            continue;
        }
        // `of whom 37 formed the intervention group`, `the remaining 64
        // patients served as the controls`: membership stated outright.
        let member = matches!(
            verb.as_str(),
            "formed" | "constituted" | "made up" | "served as"
        );
        // `in` / `on` / `for` lead to a group only with a group word or a
        // treatment after it; checked by requiring a list below.
        let group = group_after(fold, e + whole.end());
        // `67 patients receiving darbepoetin alfa [93%]`: the share makes
        // the count an outcome of that group, not its size.
        let after_group = e + whole.end() + group.as_deref().map_or(0, str::len);
        if fold
            .get(after_group..)
            .is_some_and(|t| SHARE_NEXT.is_match(t))
        {
            continue;
        }
        // `40 patients were randomized into two groups`, `… to one of three
        // arms`: the whole that is split, not one of its parts.
        if group.as_deref().is_some_and(|g| SPLIT_TARGET.is_match(g)) {
            continue;
        }
        let (ss, _) = doc.sentence_at(s);
        items.push((
            ss,
            Cand {
                start: s,
                end: e + whole.end(),
                n,
                role: Role::Arm,
                group,
                rule: if member {
                    "sample_size.arm_member"
                } else if matches!(verb.as_str(), "in" | "into" | "on" | "to" | "for" | "with") {
                    "sample_size.arm_list_in"
                } else {
                    "sample_size.arm_list_received"
                },
                conf: 0.7,
            },
        ));
    }
    // Keep items that come at least two to a sentence, joined by `and`,
    // `or`, `versus`, commas.
    let mut i = 0;
    while i < items.len() {
        let mut j = i + 1;
        while j < items.len() && items[j].0 == items[i].0 {
            j += 1;
        }
        // `409 women in the intervention group …`: one count placed in a
        // named group is that group's size, unless its clause is an outcome.
        let single_in_group = j - i == 1
            && items[i].1.rule == "sample_size.arm_list_in"
            && has_group_word(&items[i].1)
            && NOUN_IN.is_match(&fold[items[i].1.start..items[i].1.end])
            && by_start
                .get(items[i].1.start)
                .is_some_and(|o| !matches!(out[o].role, Role::Subgroup | Role::Skip | Role::Cited));
        let single_member = j - i == 1
            && (items[i].1.rule == "sample_size.arm_member" || single_in_group)
            && (has_group_word(&items[i].1)
                || items[i]
                    .1
                    .group
                    .as_deref()
                    .is_some_and(|g| g.starts_with("control")));
        if single_member {
            by_start.replace(out, items[i].1.clone());
        }
        if j - i >= 2 {
            let group_words = items[i..j]
                .iter()
                .filter(|(_, c)| {
                    matches!(
                        c.rule,
                        "sample_size.arm_list_received" | "sample_size.arm_member"
                    ) || has_group_word(c)
                })
                .count();
            // `449 events were reported--183 in the exemestane group and 266
            // in the tamoxifen group` counts events, not people.
            let (ss, se) = doc.sentence_at(items[i].1.start);
            let people = items[i..j]
                .iter()
                .any(|(_, c)| NOUN_IN.is_match(&fold[c.start..c.end]));
            let events = !people && EVENTS.is_match(&fold[ss..se]);
            let allocated = RANDOMIZATION.is_match(&fold[ss..se]);
            // `Contralateral cancer occurred in 20 patients in the tamoxifen
            // group and 9 in the exemestane group`, `65 (3.4%) in the
            // anastrozole arm and 31 (1.6%) in the placebo arm`: counts of
            // an outcome by group, in a sentence that assigns no one.
            // Near the list only: token-joined abstracts have no stops.
            let lo = floor_boundary(fold, items[i].1.start.saturating_sub(150)).max(ss);
            let hi = ceil_boundary(fold, items[j - 1].1.end + 150)
                .min(se)
                .max(lo);
            let near = &fold[lo..hi];
            let outcome = !LIST_MEMBERSHIP.is_match(near)
                && (LIST_OUTCOME.is_match(near)
                    || items[i..j]
                        .iter()
                        .any(|(_, c)| PERCENT_PAREN.is_match(&fold[c.start..c.end])));
            if (group_words >= 1 || allocated) && !events {
                for (_, c) in &items[i..j] {
                    // `83 of the 257 patients in the X group`: a denominator
                    // is the group's size even in an outcome sentence.
                    let lo = floor_boundary(fold, c.start.saturating_sub(12));
                    let before = fold[lo..c.start].trim_end().to_ascii_lowercase();
                    let denominator = before.ends_with(" of")
                        || before.ends_with(" of the")
                        || before.ends_with('/');
                    if outcome && !denominator {
                        continue;
                    }
                    // A list item that is itself a subgroup (`died`) stays so.
                    if let Some(o) = by_start.get(c.start).map(|o| &out[o]) {
                        if matches!(o.role, Role::Subgroup | Role::Skip)
                            && o.rule != "sample_size.in_count"
                        {
                            continue;
                        }
                        // `The study included 72 women receiving radiotherapy,
                        // of whom 37 formed …`: a verb before the count makes
                        // it the whole; a participle after it says who they are.
                        if o.rule == "sample_size.verb_count_noun"
                            && WHOLE_OF_PARTS
                                .is_match(&fold[c.end..ceil_boundary(fold, c.end + 120).min(se)])
                        {
                            continue;
                        }
                    }
                    by_start.replace(out, c.clone());
                }
            }
        }
        i = j;
    }
}

// What makes `N cases of X` events: they were found, not treated.
static CASES_DIAGNOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:diagnos|occurr|observ|detect|identif|develop)")
        .expect("cases regex")
});

// What makes a list of counts by group an outcome: a verb of what happened
// to them.
static LIST_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:occurr?(?:ed|ing)?|developed|experienced|suffered|died|relapsed|recurred|lost to follow|discontinued|withdr[ae]w|reported|observed|were seen|was seen|had an?|showed|met|responded|in (?:complete|partial) response|was (?:positive|negative))(?-u:\b)")
        .expect("list outcome regex")
});

// What makes a list of counts by group its membership even so.
static LIST_MEMBERSHIP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)randomi[sz]|(?-u:\b)(?:assigned|allocated|enrolled|included|recruited|analy[sz]ed|evaluable|assessable|received|receiving|underwent|completed the study)(?-u:\b)")
        .expect("list membership regex")
});

/// Arms named by how the text lays out its groups: `N and M in the A and
/// B groups, respectively`; `A (149) or B (150)` and `A (TamRT; 317 women)
/// or B (Tam; 319 women)` in an allocation sentence; `300 cases and 300
/// controls`.
fn arms_from_group_phrases(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // `nums` is in text order.
    let plausible = |s: usize| nums.binary_search_by_key(&s, |&(ns, _, _)| ns).is_ok();
    let mut by_start = ByStart::new(out);
    let mut add = |out: &mut Vec<Cand>, s: usize, e: usize, group: Option<String>, rule, conf| {
        let Some(n) = parse_count_or_words(&fold[s..e]) else {
            return;
        };
        if let Some(o) = by_start.get(s).map(|o| &out[o]) {
            if matches!(o.role, Role::Subgroup | Role::Skip | Role::Cited) {
                return;
            }
        }
        by_start.replace(
            out,
            Cand {
                start: s,
                end: e,
                n,
                role: Role::Arm,
                group,
                rule,
                conf,
            },
        );
    };
    for c in RESPECTIVELY_LIST.captures_iter(fold) {
        if spent(doc, out.len()) {
            break;
        }
        let m = c.get(0).expect("m");
        // `scores were 12 and 15 in the two groups, respectively` are not
        // counts of people.
        let before = fold[floor_boundary(fold, m.start().saturating_sub(12))..m.start()]
            .trim_end()
            .to_ascii_lowercase();
        if [
            "of", "were", "was", "by", "at", "=", "is", "are", "score", "scores",
        ]
        .iter()
        .any(|w| before.ends_with(w))
        {
            continue;
        }
        let parts: Vec<_> = [c.get(1), c.get(2), c.get(3)]
            .into_iter()
            .flatten()
            .collect();
        if !parts.iter().all(|p| plausible(p.start())) {
            continue;
        }
        for p in parts {
            add(
                out,
                p.start(),
                p.end(),
                None,
                "sample_size.arm_respectively",
                0.75,
            );
        }
    }
    // Bare bracketed counts and label-first brackets, per sentence.
    let mut bare: Vec<((usize, usize), usize, usize)> = Vec::new();
    for m in BARE_PAREN.captures_iter(fold) {
        if spent(doc, out.len()) {
            break;
        }
        let num = m.get(1).expect("num");
        // After a lower-case word, spaced from the bracket: not `mg/m(2)`,
        // `TXB ( 2 )`, `cells/mm ( 3 )`; and not a tiny count.
        let open = m.get(0).expect("m").start();
        let head = &fold[..open];
        // Spaced first: the word before a bracket glued to it can be the
        // whole text before (`(27)(27)(27)…`).
        if !head.ends_with(' ') {
            continue;
        }
        let word = head
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let lower_word = word.len() >= 3 && word.chars().all(|c| c.is_ascii_lowercase());
        let n = parse_count_or_words(num.as_str()).unwrap_or(0);
        if !lower_word || n < 5 || !plausible(num.start()) {
            continue;
        }
        bare.push((doc.sentence_at(num.start()), num.start(), num.end()));
    }
    for c in out.iter() {
        if !matches!(c.role, Role::Total | Role::Enrolled | Role::Subgroup)
            || !fold[c.end..].trim_start().starts_with(')')
        {
            continue;
        }
        let lo = floor_boundary(fold, c.start.saturating_sub(50));
        let inside = &fold[lo..c.start];
        let Some(open) = inside.rfind('(') else {
            continue;
        };
        let label = inside[open + 1..].trim_end();
        if inside[open..].contains(')') || !label.ends_with([';', ',', ':']) || label.len() < 3 {
            continue;
        }
        let (cs, _) = (c.start, c.end);
        bare.push((doc.sentence_at(cs), cs, c.end));
    }
    bare.sort();
    let mut i = 0;
    while i < bare.len() {
        let mut j = i + 1;
        while j < bare.len() && bare[j].0 == bare[i].0 {
            j += 1;
        }
        let (ss, se) = bare[i].0;
        if j - i >= 2 && RANDOMIZATION.is_match(&fold[ss..se]) {
            for &(_, s, e) in &bare[i..j] {
                let num_end = NUMBER.find(&fold[s..e]).map_or(e, |m| s + m.end());
                let open = fold[..s].rfind('(').unwrap_or(s);
                let group = group_before(fold, open);
                let (rule, conf) = ("sample_size.arm_paren_count", 0.7);
                let _ = num_end;
                add(out, s, num_end, group, rule, conf);
            }
        }
        i = j;
    }
    // `One group consisted of 21 patients`, `each group contained 36`.
    for c in out.iter_mut() {
        if matches!(
            c.role,
            Role::Subgroup | Role::Skip | Role::Cited | Role::Arm
        ) {
            continue;
        }
        let before = before_window(doc, c.start, false);
        if let Some(m) = GROUP_OF.captures(before) {
            c.role = Role::Arm;
            c.conf = 0.7;
            c.rule = if m.get(1).is_some() {
                "sample_size.arm_each"
            } else {
                "sample_size.arm_group_of"
            };
        }
    }
    // `… was administered to 127 patients and … to 131 patients`: two or
    // more counts a treatment is given to in one sentence.
    let given: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            !matches!(c.role, Role::Subgroup | Role::Skip | Role::Cited)
                && NOUN_IN.is_match(&fold[c.start..c.end])
                && GIVEN_TO.is_match(before_window(doc, c.start, false))
        })
        .map(|(k, _)| k)
        .collect();
    let mut per_sentence: HashMap<(usize, usize), usize> = HashMap::new();
    for &k in &given {
        *per_sentence
            .entry(doc.sentence_at(out[k].start))
            .or_default() += 1;
    }
    for &k in &given {
        let others = per_sentence[&doc.sentence_at(out[k].start)];
        if others >= 2 {
            out[k].role = Role::Arm;
            out[k].rule = "sample_size.arm_given_to";
            out[k].conf = 0.7;
        }
    }
    // `300 incident cases and 300 controls`: a control group named by its
    // noun next to the other group's count.
    let controls: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            let b = &fold.as_bytes()[c.start..c.end];
            !matches!(c.role, Role::Subgroup | Role::Skip | Role::Cited)
                && b.len() >= 8
                && b[b.len() - 8..].eq_ignore_ascii_case(b"controls")
        })
        .map(|(k, _)| k)
        .collect();
    let mut pairs = Vec::new();
    let mut by_end: Vec<(usize, usize)> = Vec::new();
    if !controls.is_empty() {
        by_end = out.iter().enumerate().map(|(i, o)| (o.end, i)).collect();
        by_end.sort_unstable();
    }
    for k in controls {
        let c = &out[k];
        let (ss, _) = doc.sentence_at(c.start);
        // The one ending last before it (the later one on a tie), within
        // 80 bytes and the sentence.
        let below = by_end.partition_point(|&(end, _)| end <= c.start);
        let prev = by_end[..below]
            .iter()
            .rev()
            .take_while(|&&(end, _)| end + 80 >= c.start)
            .map(|&(_, i)| (i, &out[i]))
            .find(|(_, o)| o.start >= ss);
        if let Some((pk, p)) = prev {
            let between = fold[p.end..c.start].to_ascii_lowercase();
            if !matches!(p.role, Role::Subgroup | Role::Skip | Role::Cited)
                && JOINT.is_match(&between)
            {
                pairs.push(pk);
                pairs.push(k);
            }
        }
    }
    for k in pairs {
        out[k].role = Role::Arm;
        out[k].rule = "sample_size.arm_cases_controls";
        out[k].conf = 0.7;
    }
}

/// Whether `s` leaves a bracket open (what [`Brackets::unclosed`] answers
/// from its index).
#[cfg(test)]
fn unclosed(s: &str) -> bool {
    let mut depth = 0i32;
    for ch in s.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

// The group a count is said to belong to, right after it and before the
// next number: `88 patients in the CP-CEF arm`, `335 patients (24.8%) in
// the ribociclib group`.
static NAMED_GROUP_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;\d]{0,40}?(?-u:\b)(?:in|into|to|from|of)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z0-9-]+){0,2}?)\s+(?:group|arm|cohort)(?-u:\b)")
        .expect("named group regex")
});

// The same without a group word (`64 women in standard care and 60 women
// in individualized care were analyzed`, `30 patients using tamoxifen and
// 50 patients using exemestane`): only taken when the label is also named
// elsewhere in the document, as a treatment is.
static TREATED_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s+[A-Za-z-]+){0,3}?\s+(?:in|receiving|using|on|treated\s+with|given)\s+(?:the\s+)?([A-Za-z][A-Za-z0-9/+-]*(?:\s+[A-Za-z0-9/+-]+){0,3}?)\s*(?:(?-u:\b)(?:and|or|versus|vs|while|whereas|were|was|had|who|did|completed|underwent)(?-u:\b)|[,;(]|$)")
        .expect("treated-in regex")
});

// `1070 were randomly assigned to receive APBI and 1065 were assigned to
// receive whole breast irradiation`: the group is what a count was given.
static ASSIGNED_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;\d]{0,40}?(?-u:\b)(?:assigned|allocated|randomi[sz]ed)\s+to\s+(?:receive\s+)?(?:the\s+)?([A-Za-z][^,;.()\d]{0,40}?)\s*(?:(?-u:\b)(?:and|or|versus|vs|while|whereas)(?-u:\b)|[,;.(]|$)")
        .expect("assigned-to regex")
});

// What a count's own window may not hold: `randomized to ED (n=266)` gives
// the arm sizes in the brackets, and the count before is the total.
static N_EQUALS_NEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)n\s*=\s*(?:\d|$)").expect("n equals next regex"));

// `22 males and 62 females in treatment group`: a sex breakdown.
static SEX_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:fe)?males?(?-u:\b)").expect("sex start regex"));

/// Two or more counts in one sentence that each name a different group
/// (`88 patients in the CP-CEF and 91 patients in the P-CEF were
/// assessable`) are group sizes even when a role verb follows them.
fn arms_from_named_pairs(doc: &Document, nums: &[(usize, usize, u64)], out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let words: std::cell::OnceCell<Words> = std::cell::OnceCell::new();
    let mut named: Vec<(usize, (usize, usize), String)> = Vec::new();
    for (i, c) in out.iter().enumerate() {
        if spent(doc, 0) {
            break;
        }
        if !matches!(
            c.role,
            Role::Total
                | Role::Enrolled
                | Role::Randomized
                | Role::Analyzed
                | Role::Completed
                | Role::Subgroup
        ) {
            continue;
        }
        let sent = doc.sentence_at(c.start);
        // `nums` is in text order.
        let next = nums
            .get(nums.partition_point(|&(s, _, _)| s < c.end))
            .map_or(fold.len(), |&(s, _, _)| s);
        let hi = ceil_boundary(fold, next.min(sent.1).min(c.end + 90).max(c.end));
        let lo = floor_boundary(fold, c.end.min(hi));
        let w = &fold[lo..hi];
        // `occurred in 123 patients in the tamoxifen group`, `a total of
        // 16,608 women … randomized to …`: events and totals, not arms.
        let before = fold[floor_boundary(fold, c.start.saturating_sub(12))..c.start]
            .trim_end()
            .to_ascii_lowercase();
        let tail = before.rsplit(' ').next().unwrap_or("");
        // The number's end: the first space, looked for nearby only.
        let num_end = fold[c.start..ceil_boundary(fold, c.start + 64)]
            .find(|ch: char| ch.is_whitespace())
            .map_or(c.end, |p| c.start + p);
        if matches!(tail, "in" | "by" | "among")
            || before.ends_with("total of")
            // A count with its share (`60 (49 %) patients`): an outcome.
            || SHARE_NEXT.is_match(&fold[num_end.min(fold.len())..])
            || N_EQUALS_NEXT.is_match(w)
            || SEX_START.is_match(&fold[num_end.min(fold.len())..])
        {
            continue;
        }
        let label = NAMED_GROUP_AFTER
            .captures(w)
            .or_else(|| ASSIGNED_TO.captures(w))
            .and_then(|m| m.get(1))
            .map(|g| g.as_str().trim().to_string())
            .or_else(|| {
                let g = TREATED_IN.captures(w)?.get(1)?.as_str().trim();
                let words = words.get_or_init(|| Words::new(fold));
                words.named_elsewhere(g, sent).then(|| g.to_string())
            });
        if let Some(l) = label.filter(|l| !l.is_empty()) {
            named.push((i, sent, l));
        }
    }
    // A label has another beside it when its sentence names two labels
    // or more (ASCII case aside).
    let mut labels: HashMap<(usize, usize), (String, bool)> = HashMap::new();
    for (_, sent, l) in &named {
        let l = l.to_ascii_lowercase();
        labels
            .entry(*sent)
            .and_modify(|(first, two)| *two |= *first != l)
            .or_insert((l, false));
    }
    let mut arms: Vec<(usize, String)> = Vec::new();
    for (i, sent, l) in &named {
        if labels[sent].1 {
            arms.push((*i, l.clone()));
        }
    }
    for (i, l) in arms {
        if let Some(c) = out.get_mut(i) {
            c.role = Role::Arm;
            c.group = Some(l);
            c.rule = "sample_size.named_pair";
            c.conf = 0.6;
        }
    }
}

/// Where the labels of a document recur. A paper names a handful of
/// labels (at most 4 in 300 PMC full texts, 13 in 1 MB of 40 of them),
/// each found by one scan of the text; a document that names more
/// than [`Words::SCANS`] (a list of 30,000 distinct treatments, issue 17:
/// one scan each made it quadratic) gets an index instead: its word starts
/// sorted by the (lower-cased) text that follows, compared on their first
/// [`Words::KEY`] bytes, like a suffix array, so that each further label
/// is a binary search away.
struct Words {
    lower: String,
    /// Labels looked up by scanning so far.
    scans: std::cell::Cell<usize>,
    /// Word starts (a letter or digit after anything else), sorted by the
    /// first `KEY` bytes of `lower` there; made when scans run out.
    sorted: std::cell::OnceCell<Vec<u32>>,
    /// Per label: the first and last places it occurs, if anywhere.
    seen: std::cell::RefCell<HashMap<String, Option<(usize, usize)>>>,
    /// Word starts compared with a label through the index (tests count
    /// the work).
    probes: std::cell::Cell<usize>,
}

impl Words {
    const KEY: usize = 64;
    const SCANS: usize = 32;

    fn new(fold: &str) -> Words {
        Words {
            lower: fold.to_ascii_lowercase(),
            scans: Default::default(),
            sorted: Default::default(),
            seen: Default::default(),
            probes: Default::default(),
        }
    }

    fn starts_word(&self, at: usize) -> bool {
        let b = self.lower.as_bytes();
        b[at].is_ascii_alphanumeric() && (at == 0 || !b[at - 1].is_ascii_alphanumeric())
    }

    fn sorted(&self) -> &[u32] {
        self.sorted.get_or_init(|| {
            let b = self.lower.as_bytes();
            let mut sorted: Vec<u32> = (0..b.len())
                .filter(|&i| self.starts_word(i))
                .map(|i| i as u32)
                .collect();
            let key = |s: u32| &b[s as usize..(s as usize + Self::KEY).min(b.len())];
            sorted.sort_unstable_by(|&x, &y| key(x).cmp(key(y)).then(x.cmp(&y)));
            sorted
        })
    }

    /// The first and last word starts where `needle` (lower case) occurs.
    fn find(&self, needle: &str) -> Option<(usize, usize)> {
        let mut span: Option<(usize, usize)> = None;
        let mut add = |at: usize| {
            span = Some(span.map_or((at, at), |(a, z)| (a.min(at), z.max(at))));
        };
        if self.scans.get() < Self::SCANS {
            self.scans.set(self.scans.get() + 1);
            let finder = memchr::memmem::Finder::new(needle);
            let hay = self.lower.as_bytes();
            let mut from = 0;
            // Overlapping occurrences too, as the index finds them.
            while let Some(p) = finder.find(&hay[from..]) {
                let at = from + p;
                if self.starts_word(at) {
                    add(at);
                }
                from = at + 1;
            }
            return span;
        }
        let b = self.lower.as_bytes();
        let n = needle.as_bytes();
        let want = &n[..n.len().min(Self::KEY)];
        let key = |s: u32| &b[s as usize..(s as usize + Self::KEY).min(b.len())];
        let sorted = self.sorted();
        let from = sorted.partition_point(|&s| key(s) < want);
        for &s in sorted[from..]
            .iter()
            .take_while(|&&s| key(s).starts_with(want))
        {
            self.probes.set(self.probes.get() + 1);
            if b[s as usize..].starts_with(n) {
                add(s as usize);
            }
        }
        span
    }

    /// Whether `label` (two letters or more, not a stop word) also occurs
    /// in the document, starting a word, outside the sentence `sent`.
    fn named_elsewhere(&self, label: &str, sent: (usize, usize)) -> bool {
        let needle = label.to_ascii_lowercase();
        if label.len() < 2 || STOP_TOKENS.contains(&needle.as_str()) {
            return false;
        }
        let known = self.seen.borrow().get(&needle).copied();
        let span = known.unwrap_or_else(|| {
            let span = self.find(&needle);
            self.seen.borrow_mut().insert(needle, span);
            span
        });
        span.is_some_and(|(first, last)| first < sent.0 || last >= sent.1)
    }
}

// `1920 women were randomly assigned to 5 years anastrozole and 1944 to
// placebo`, `5310 were randomized to receive 0.625 mg/d of CEE alone and
// 5429, placebo`: the second count names its group and elides the verb.
static ASSIGNED_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[A-Za-z-]+\s+){0,3}?(?:were|was)\s+(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\s+to\s+(?:receive\s+)?([^;]{1,120}?)\s+and\s+(\d{1,3}(?:,\d{3})+|\d+)(?:\s*,\s*|\s+(?:(?:were|was)\s+)?(?:(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\s+)?to\s+(?:receive\s+)?(?:the\s+)?)([A-Za-z][A-Za-z0-9 +/-]{0,40}?)\s*(?:[,;.(]|$|(?-u:\b)(?:and|or|for|with)(?-u:\b))")
        .expect("assigned pair regex")
});

// `139 patients were randomized, 70 to weekly and 69 to 3-weekly arm`: a
// split after the verb, each count with `to` and its group.
static SPLIT_AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:randomi[sz]ed|assigned|allocated)\s*[,:;]\s*(\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:patients|women|participants|subjects)\s+)?to\s+(?:receive\s+)?(?:the\s+)?([A-Za-z0-9][A-Za-z0-9 +/-]{0,40}?)\s*(?:,\s*|\s+)(?:and\s+)?(\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:patients|women|participants|subjects)\s+)?to\s+(?:receive\s+)?(?:the\s+)?([A-Za-z0-9][A-Za-z0-9 +/-]{0,40}?)\s*(?:[,;.(]|$)")
        .expect("split after verb regex")
});

// `Thirty-three received clonidine and 31 venlafaxine`, `15 received
// goserelin plus screening, 15 screening only`: the second count elides
// `received`.
static RECEIVED_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)((?:{NUMBER_WORDS})(?:-(?:{NUMBER_WORDS}))?|\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:(?:patients|women|participants)\s+)?received\s+([^;,.\d()]{{1,60}}?(?:\([^()]{{0,40}}\)[^;,.\d()]{{0,60}}?)?)\s*(?:,\s*(?:and\s+)?|\s+and\s+)(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+(?:(?:patients|women|participants)\s+)?([A-Za-z][A-Za-z0-9 +/-]{{0,40}}?)\s*(?:[,;.(]|$)"
    ))
    .expect("received pair regex")
});

// `580 intervention and 655 control women completed follow-up`: two
// counts, each with its group's word, sharing one noun.
static LABEL_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+({GROUP_WORDS})\s+(?:group\s+|arm\s+)?(?:and|or|versus|vs\.?)\s+(\d{{1,3}}(?:,\d{{3}})+|\d+)\s+({GROUP_WORDS})\s+(?:group\s+|arm\s+)?(?:{NOUNS})(?-u:\b)"
    ))
    .expect("label pair regex")
});

/// Both counts of an [`ASSIGNED_PAIR`], [`SPLIT_AFTER_VERB`],
/// [`RECEIVED_PAIR`] or [`LABEL_PAIR`] are arms.
fn arms_from_assigned_pairs(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let pairs = ASSIGNED_PAIR
        .captures_iter(fold)
        .chain(SPLIT_AFTER_VERB.captures_iter(fold))
        .chain(RECEIVED_PAIR.captures_iter(fold))
        .chain(LABEL_PAIR.captures_iter(fold));
    let mut by_start = ByStart::new(out);
    for m in pairs {
        if spent(doc, out.len()) {
            break;
        }
        let (Some(a), Some(la), Some(b), Some(lb)) = (m.get(1), m.get(2), m.get(3), m.get(4))
        else {
            continue;
        };
        if doc.sentence_at(a.start()) != doc.sentence_at(b.start()) {
            continue;
        }
        // `69 to 3-weekly arm` reads like a range to the plausibility check;
        // here the pattern itself says the number is a count with its group.
        let known = |x: regex::Match| {
            nums.binary_search_by_key(&x.start(), |&(ns, _, _)| ns)
                .ok()
                .map(|i| nums[i].2)
                .or_else(|| {
                    fold[x.end()..]
                        .starts_with(" to ")
                        .then(|| parse_count_or_words(x.as_str()))
                        .flatten()
                })
        };
        let (Some(na), Some(nb)) = (known(a), known(b)) else {
            continue;
        };
        // `ranitidine, 150 mg once-daily`: a dose, not a second group.
        let unit = lb
            .as_str()
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(
            unit.as_str(),
            "mg" | "g"
                | "mcg"
                | "ug"
                | "micrograms"
                | "microgram"
                | "ml"
                | "iu"
                | "units"
                | "mg/d"
                | "mg/day"
                | "mg/kg"
                | "mg/m2"
                | "gy"
                | "days"
                | "weeks"
                | "months"
                | "years"
                | "hours"
                | "minutes"
                | "times"
                | "cycles"
                | "doses"
        ) || unit.starts_with("mg")
        {
            continue;
        }
        // `7 were randomized to 2 arms and 3 to …` is no pair of sizes.
        if na < 2 || nb < 2 || na.max(nb) > na.min(nb) * 5 {
            continue;
        }
        let label_a: Vec<&str> = la.as_str().split_whitespace().take(8).collect();
        for (x, n, label) in [
            (a, na, label_a.join(" ")),
            (b, nb, lb.as_str().trim().to_string()),
        ] {
            by_start.replace(
                out,
                Cand {
                    start: x.start(),
                    end: x.end(),
                    n,
                    role: Role::Arm,
                    group: Some(label),
                    rule: "sample_size.assigned_pair",
                    conf: 0.6,
                },
            );
        }
    }
}

/// Whether the count at `s` follows a list joint (`and`, `or`, a comma).
fn after_list_word(fold: &str, s: usize) -> bool {
    let lo = floor_boundary(fold, s.saturating_sub(12));
    let b = fold[lo..s].trim_end().to_ascii_lowercase();
    b.ends_with(" and")
        || b.ends_with(" or")
        || b.ends_with(',')
        || b.ends_with(" versus")
        || b.ends_with(" vs")
        || b.ends_with(" vs.")
        || b.ends_with(" while")
}

fn has_group_word(c: &Cand) -> bool {
    c.group.as_deref().is_some_and(|g| {
        let g = g.to_ascii_lowercase();
        g.contains("group") || g.contains("arm") || g.contains("placebo") || g.contains("control")
    })
}

/// `MSC-NP (n = 27)`, `patients (N = 120)`, `(group A, n=20)`, `(IG = 18)`.
fn arms_from_n_equals(doc: &Document, index: &Index, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let brackets = &index.brackets;
    // Whether the `n =` at `s` has another after it before `close`:
    // `(FEC 50, n = 65; FEC 100, n = 85)`. Looks no further than the
    // second, however far the bracket closes.
    let several_from =
        |from: usize, close: usize| N_EQUALS.find_iter(&fold[from..close]).nth(1).is_some();
    let mut found: Vec<(usize, usize, u64, Option<String>, bool)> = Vec::new();
    for c in N_EQUALS.captures_iter(fold) {
        let m = c.get(0).expect("m");
        let num = c.get(1).expect("num");
        // `n` must be a word of its own: not `in = `, `mean=`.
        if fold[..m.start()]
            .chars()
            .last()
            .is_some_and(|ch| ch.is_alphanumeric())
        {
            continue;
        }
        if fold[num.end()..].starts_with('.')
            && fold[num.end() + 1..].starts_with(|ch: char| ch.is_ascii_digit())
        {
            continue;
        }
        let Some(n) = parse_count_or_words(num.as_str()) else {
            continue;
        };
        found.push((m.start(), num.end(), n, None, false));
    }
    for c in LABEL_EQUALS.captures_iter(fold) {
        let label = c.get(1).expect("label").as_str().trim();
        let lower = label.to_ascii_lowercase();
        let is_group = lower.contains("group") || lower.contains("arm") || lower.contains("cohort");
        let abbrev = label.len() <= 4 && label.chars().all(|ch| ch.is_ascii_uppercase());
        if !(is_group || abbrev) || lower == "n" {
            continue;
        }
        let num = c.get(2).expect("num");
        let Some(n) = parse_count_or_words(num.as_str()) else {
            continue;
        };
        let start = c.get(1).expect("label").start();
        found.push((
            start,
            num.end(),
            n,
            Some(label.to_string()),
            abbrev && !is_group,
        ));
    }
    let mut by_start = ByStart::new(out);
    for (s, e, n, label, needs_randomization) in found {
        if spent(doc, out.len()) {
            break;
        }
        let sent = doc.sentence_at(s);
        let ss = sent.0;
        if needs_randomization && !index.randomization.is_match(fold, sent) {
            continue;
        }
        // The `(` this sits in, if any, and what stands before it.
        let lo = floor_boundary(fold, s.saturating_sub(60)).max(ss);
        let inside = &fold[lo..s];
        let open = inside.rfind('(').filter(|&p| !inside[p..].contains(')'));
        let head_end = open.map_or(s, |p| lo + p);
        let head = fold[..head_end].trim_end();
        let head = head.trim_end_matches([',', ';', ':']).trim_end();
        let last_word = head
            .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
            .next()
            .unwrap_or("");
        // `patients (n = 120) were randomized`: the count of a noun.
        if NOUN.is_match(last_word) {
            let close = brackets.next_close_paren(e).map_or(e, |p| p + 1);
            let noun_start = head.len() - last_word.len();
            // The clause after ends within 160 bytes anyway (`after_window`).
            let next = fold[close..ceil_boundary(fold, close + 161)]
                .find(['(', ';'])
                .map_or(fold.len(), |p| close + p);
            let mut c = classify_count(doc, index, noun_start, noun_start, close, n, next);
            c.start = s;
            c.end = e;
            if c.rule == "sample_size.count_noun" {
                c.rule = "sample_size.noun_n_equals";
            }
            if let Some(p) = open {
                let inner = fold[lo + p + 1..s].trim();
                if inner.len() > 1 {
                    // `patients (FEC 50, n = 65; FEC 100, n = 85)`: the groups
                    // of a total; `women (ER-positive, n = 40)`: a subset.
                    let close = brackets.next_close_paren(s).unwrap_or(fold.len());
                    let several = several_from(lo + p, close);
                    let label = inner.trim_end_matches([',', ';', ':']).trim();
                    if several || index.allocation.is_match(fold, sent) {
                        c.role = Role::Arm;
                        c.rule = "sample_size.arm_n_equals";
                        c.conf = 0.8;
                        c.group = (!label.is_empty()).then(|| label.to_string());
                    } else {
                        c.role = Role::Subgroup;
                        c.rule = "sample_size.subset_n_equals";
                        c.conf = 0.4;
                    }
                }
            }
            by_start.replace(out, c);
            continue;
        }
        let in_paren_label = open.and_then(|p| {
            let inner = fold[lo + p + 1..s]
                .trim()
                .trim_end_matches([',', ';', ':'])
                .trim();
            let l = inner.to_ascii_lowercase();
            (l.contains("group") || l.contains("arm") || l.contains("cohort"))
                .then(|| inner.to_string())
        });
        let group = label
            .or(in_paren_label)
            .or_else(|| group_before(fold, head_end));
        // `(SB3, n = 186; TRZ, n = 181)`: a bracket that splits a count
        // into several `n =` parts lists the groups.
        // Not inside another bracket: `pCR [n = 42 (CP-CEF: n = 28, P-CEF:
        // n = 16)]` splits a subgroup.
        let several = open.is_some_and(|p| {
            let close = brackets.next_close_paren(s).unwrap_or(fold.len());
            let nested = brackets.unclosed(ss, lo + p);
            !nested && several_from(lo + p, close)
        });
        let (role, conf, rule) = if index.allocation.is_match(fold, sent) || several {
            (Role::Arm, 0.85, "sample_size.arm_n_equals")
        } else {
            (Role::Subgroup, 0.4, "sample_size.subset_n_equals")
        };
        by_start.replace(
            out,
            Cand {
                start: s,
                end: e,
                n,
                role,
                group,
                rule,
                conf,
            },
        );
    }
}

/// Once a group's size is known (`1070 were randomly assigned to receive
/// APBI`), a later count of the same size in a sentence that names the same
/// group (`APBI (300 [28%] of 1070 patients)`) is that group again, not a
/// new total or a subgroup.
fn arms_mentioned_again(doc: &Document, out: &mut [Cand]) {
    let fold = doc.fold.as_str();
    let arms: Vec<(usize, u64, String)> = out
        .iter()
        .filter(|c| c.role == Role::Arm && c.conf >= 0.6)
        .filter_map(|c| {
            let g = c.group.as_deref()?.trim();
            // A label of one or two letters (`A`, `B`) says too little to
            // be found again.
            (g.len() >= 3).then(|| (c.start, c.n, g.to_string()))
        })
        .collect();
    if arms.is_empty() {
        return;
    }
    // The arms by size, each group name once or twice (a second one stands
    // in when the first is the count itself), in `arms` order: a count
    // looks only at the groups of its own size.
    let mut by_n: HashMap<u64, Vec<(usize, &str, String)>> = HashMap::new();
    let mut times: HashMap<(u64, &str), u8> = HashMap::new();
    for (at, n, g) in &arms {
        let k = times.entry((*n, g.as_str())).or_default();
        if *k < 2 {
            *k += 1;
            by_n.entry(*n)
                .or_default()
                .push((*at, g.as_str(), g.to_ascii_lowercase()));
        }
    }
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        // A small count equals a group's size by chance too often.
        if !matches!(c.role, Role::Total | Role::Subgroup) || c.n < 20 {
            continue;
        }
        let Some(same_size) = by_n.get(&c.n) else {
            continue;
        };
        // Near the count: token-joined abstracts have no stops, so their
        // "sentence" can be the whole text.
        let (ss, se) = doc.sentence_at(c.start);
        let lo = floor_boundary(fold, c.start.saturating_sub(150)).max(ss);
        let hi = ceil_boundary(fold, c.end + 150).min(se).max(c.end);
        let sent = fold[lo..hi].to_ascii_lowercase();
        let hit = same_size
            .iter()
            .find(|(at, _, g)| *at != c.start && sent.contains(g.as_str()));
        if let Some((_, g, _)) = hit {
            c.role = Role::Arm;
            c.group = Some(g.to_string());
            c.rule = "sample_size.arm_again";
            c.conf = 0.6;
        }
    }
}

/// A count inside the bracket after a larger count is a part of it:
/// `44 CF patients (aged 7-19 y; 20 males)`, `Twelve healthy volunteers
/// (25.2 years, 9 females, …)`.
fn parts_in_brackets(doc: &Document, index: &Index, out: &mut [Cand]) {
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
fn mark_cited(doc: &Document, out: &mut [Cand]) {
    for c in out.iter_mut() {
        if spent(doc, 0) {
            break;
        }
        if matches!(c.role, Role::Subgroup | Role::Skip) {
            continue;
        }
        if let Attribution::Other { background } = attribute(doc, c.start, c.end) {
            c.role = Role::Cited;
            c.rule = "sample_size.cited";
            c.conf = if background { 0.7 } else { 0.6 };
        }
    }
}

#[cfg(test)]
mod tests {
    //! The indexes of issue 17 answer as the scans they replace did, and
    //! the work they do stays bounded per count, whatever the document:
    //! counted, never timed.

    use super::*;
    use crate::extract::budget::{Budget, Cut};

    /// A small deterministic generator, so that the cases are the same on
    /// every run.
    fn pseudo_random(seed: u64) -> impl FnMut(usize) -> usize {
        let mut x = seed;
        move |n| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        }
    }

    #[test]
    fn brackets_answer_as_a_scan_of_the_text_does() {
        let alphabet = ["(", ")", "[", "]", "a", " ", "é", "n = 2"];
        let mut r = pseudo_random(7);
        for _ in 0..50 {
            let s: String = (0..40).map(|_| alphabet[r(alphabet.len())]).collect();
            let b = Brackets::new(&s);
            let cuts: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
            for &x in &cuts {
                assert_eq!(
                    b.next_close_paren(x),
                    s[x..].find(')').map(|p| x + p),
                    "{s:?} from {x}"
                );
                for &y in cuts.iter().filter(|&&y| y >= x) {
                    assert_eq!(b.unclosed(x, y), unclosed(&s[x..y]), "{s:?} {x}..{y}");
                    assert_eq!(b.last_open_paren(x, y), s[x..y].rfind('(').map(|p| x + p));
                }
            }
        }
    }

    #[test]
    fn spans_cover_as_a_walk_over_the_candidates_does() {
        let mut r = pseudo_random(11);
        let out: Vec<Cand> = (0..200)
            .map(|_| {
                let start = r(500);
                Cand {
                    start,
                    end: start + 1 + r(30),
                    n: 1,
                    role: Role::Total,
                    group: None,
                    rule: "test",
                    conf: 0.5,
                }
            })
            .collect();
        let spans = Spans::new(&out);
        for s in 0..540 {
            for e in [s + 1, s + 5] {
                let mut got: Vec<usize> = spans.covering(s, e).collect();
                got.sort_unstable();
                let want: Vec<usize> = (0..out.len())
                    .filter(|&i| out[i].start <= s && out[i].end >= e)
                    .collect();
                assert_eq!(got, want, "{s}..{e}");
            }
        }
    }

    /// `A (n = 27), B (n = 27), …` 2,000 times in one sentence: the
    /// allocation words are looked for once, not once per cell (which made
    /// a flattened table quadratic).
    #[test]
    fn a_sentence_is_searched_once_however_many_counts_it_holds() {
        let mut text = String::from("Patients were randomized to");
        for i in 0..2000 {
            text.push_str(&format!(" arm{i} (n = 27),"));
        }
        text.push_str(" or placebo (n = 27).");
        let doc = Document::from_text(&text);
        let index = Index::new(&doc);
        let mut out = Vec::new();
        arms_from_n_equals(&doc, &index, &mut out);
        assert_eq!(out.iter().filter(|c| c.role == Role::Arm).count(), 2001);
        assert_eq!(index.allocation.runs.get(), 1);
    }

    /// A label scan reads the whole text: a document naming 30,000
    /// distinct treatments must not get 30,000 scans. Past the first few,
    /// the index answers, comparing each label with a few word starts.
    #[test]
    fn labels_cost_a_few_scans_then_a_lookup_each() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&format!("{i} patients using drug{i} and "));
        }
        text.push_str(". Drug7 and drug2999 again.");
        let words = Words::new(&text);
        let sent = (0, text.len() - 28);
        for i in 0..3000 {
            let named = words.named_elsewhere(&format!("drug{i}"), sent);
            // `drug2` starts the word `drug2999` after the sentence too.
            assert_eq!(named, [2, 7, 29, 299, 2999].contains(&i), "drug{i}");
        }
        assert_eq!(words.scans.get(), Words::SCANS);
        // `drug1` also starts `drug10`…`drug1999`: a prefix's words are
        // compared, so the bound is loose, but nowhere near 3,000 × 3,000.
        assert!(
            words.probes.get() < 3000 * 16,
            "{} probes",
            words.probes.get()
        );
    }

    #[test]
    fn the_index_and_the_scan_find_the_same_places() {
        let text = "Placebo, placebo-controlled; the placebos. aplacebo PLACEBO group";
        let scan = Words::new(text);
        let index = Words::new(text);
        index.scans.set(Words::SCANS);
        for needle in ["placebo", "placebo group", "placebos", "group", "lacebo"] {
            assert_eq!(scan.find(needle), index.find(needle), "{needle}");
        }
        // Word starts only: `aplacebo` and `lacebo` inside a word do not count.
        assert_eq!(scan.find("placebo"), Some((0, 52)));
        assert_eq!(scan.find("lacebo"), None);
    }

    /// `10.1000/10.1000/…` has no space: the word after a denominator is
    /// looked for nearby, not to the end of the document.
    #[test]
    fn the_next_word_is_looked_for_nearby_only() {
        let glued = "10.1000/".repeat(100_000);
        assert!(next_word(&glued).len() <= 64);
        assert_eq!(next_word("  cycles of"), "cycles");
        assert_eq!(next_word(""), "");
    }

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
