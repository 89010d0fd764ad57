//! The words and shapes every stage shares: the participant nouns, the
//! tokens that end a noun phrase, a count's number, its share bracket, and
//! the sentence cues (randomisation, allocation, outcomes).

use super::fast_hash::FxBuild;
use crate::extract::numbers::NUMBER_WORDS;
use crate::extract::text::{ceil_boundary, floor_boundary};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Nouns trials count people (or the units they randomize) with.
pub(super) const NOUNS: &str = "patients|participants|subjects|people|persons|individuals|women|men|children|infants|adults|volunteers|eyes|cases|survivors|girls|boys|adolescents|neonates|newborns|mothers|fathers|parents|smokers|students|outpatients|inpatients|respondents|recipients|couples|families|dyads|pairs|veterans|workers|employees|athletes|nurses|physicians|practitioners|doctors|clinicians|pediatricians|paediatricians|dentists|pharmacists|controls|twins|teenagers|youths|elderly|pregnancies|females|males|caregivers|infants|preterm|singletons|teeth|knees|hips|shoulders|breasts|hands|feet|ears|limbs|wounds|ulcers|neonates|babies|toddlers|schoolchildren|seniors|residents|clients|users|drinkers|donors|runners|cyclists|pts|speakers|listeners|learners|migraineurs|laryngectomees|agoraphobics|asthmatics|diabetics|epileptics|alcoholics|schizophrenics|premolars|molars|incisors|primigravidas|primigravidae|multiparas|gravidas|primiparas|nulliparas|outpatient|inpatient|members|trainees|residents|soldiers|recruits|prisoners|inmates|retirees|widows|pwms|plwh|plhiv|pwid|hcws|hcs|pupils|carers|spouses|undergraduates|hypertensives|normotensives|latinas|latinos|humans";

/// Words that name a trial's group on their own: `580 intervention and 655
/// control women`.
pub(super) const GROUP_WORDS: &str = "control|controls|intervention|placebo|experimental|treatment|sham|usual-care|active|exercise|study|comparison|waitlist|wait-list|pre-intervention|post-intervention|pre-implementation|post-implementation|preintervention|postintervention";

/// Words that may stand between a number and its noun (`120 breast cancer
/// patients`) are any words except these, which show the number counts
/// something else (`50 mg`, `1 million people`, `4 of the patients`).
pub(super) const STOP_TOKENS: &[&str] = &[
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
    // `for three consecutive nights where participants were randomized`:
    // a night counts time, and a relative adverb opens a clause, not a
    // noun phrase's next word.
    "nights",
    "night",
    "where",
    "when",
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
    "puffs",
    "inhalations",
    "tablets",
    "capsules",
    "injections",
    "drops",
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
pub(super) static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?: \d{{3}})+|\d+|{NUMBER_WORDS})(?-u:\b)"
    ))
    .expect("number regex")
});

// `(46.2%)` right after a count: `138 (46.2%) randomized`.
pub(super) static PERCENT_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^\s*\(\s*\d+(?:\.\d+)?\s*%[^)]{0,20}\)").expect("percent regex")
});

// The opening of a share, however the bracket goes on: after a count (`60
// (49 %) patients`), a noun (`288 cases (75.8%)`) or a group's name
// (`epoetin alfa [90%]`). [`PERCENT_PAREN`] is the short whole bracket that
// may be stepped over; this only tells that a share follows.
pub(super) static SHARE_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^\s*[(\[]\s*\d+(?:\.\d+)?\s*%").expect("share next regex")
});

pub(super) static NOUN: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(&format!(r"(?i)^(?:{NOUNS})$")).expect("noun regex"));

// `n = 27`, `N=54`, `n\u{2009}=\u{2009}50`: checked for a word boundary in code.
// `n = 19 541` (a space, thin or no-break space, folded to ` `, as the
// thousands separator) is one count; [`spaced_count_end`] cuts it back to
// its first group when a run of numbers goes on (`n = 45 120 118`).
pub(super) const N_EQUALS_PATTERN: &str =
    r"(?i)(?-u:\b)n\s*[=:]\s*(\d{1,3}(?:,\d{3})+|[1-9]\d{0,2} \d{3}|\d+)(?-u:\b)";

/// Where the count `fold[s..e]` that [`N_EQUALS_PATTERN`] read ends: `e`,
/// unless it is a 1–3 digit number and a group of three digits parted by
/// one space (`19 541`) that a table row or list of separate numbers goes
/// on after (`n = 45 120 118`, `n = 12 541.5`, `n = 12 541, 17`, `12 105 %`),
/// where only the first number is the count.
pub(super) fn spaced_count_end(fold: &str, s: usize, e: usize) -> usize {
    let Some(sp) = fold[s..e].find(' ') else {
        return e;
    };
    let rest = &fold[e..];
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let b = rest.as_bytes();
    let run = trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '%')
        || (b
            .first()
            .is_some_and(|&c| c == b'.' || c == b',' || c == b'/')
            && b.get(1).is_some_and(u8::is_ascii_digit))
        || (b.first() == Some(&b',')
            && rest[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()));
    if run {
        s + sp
    } else {
        e
    }
}

pub(super) static N_EQUALS: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(N_EQUALS_PATTERN).expect("n regex"));

// A reference to a whole just before the count: `22 of the 24 patients`.
pub(super) static OF_THE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?(?:of|/)\s*(?:the|these|those|all|our)?\s*(?:original|initial|first)?\s*$"
    ))
    .expect("of regex")
});

// One item of a list of groups: `94 in SNB arm`, `42 cases for the control
// group`, `171 on tamoxifen alone`, `34 patients received adjuvant AC`,
// `41 patients who received vinorelbine`, `Fifty patients were treated with
// docetaxel`.
pub(super) static ARM_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:\s+(?:{NOUNS}))?\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:,\s*)?(?:who\s+|that\s+)?(?:(?:were|was)\s+)?(in|into|on|to|for|received|receiving|given|treated with|(?:randomi[sz]ed|randomly assigned|randomly allocated|assigned|allocated)\s+(?:to|into|for)(?: receive)?|underwent|formed|constituted|made up|served as|with)\s+(?:the\s+|a\s+|an\s+)?"
    ))
    .expect("arm item regex")
});

// How many groups "each" multiplies by: `two groups`, `3 arms`, `six
// groups (n = 10 per group)` of an animal study, `a three-group (n = 35
// each) design`, `a 3-arm trial`.
pub(super) static GROUP_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:(two|three|four|2|3|4)\s+(?:\w+\s+){0,2}?(?:groups|arms|cohorts)|(five|six|seven|eight|[5-8])\s+(?:[a-z-]+\s+)?(?:groups|arms|cohorts)|(two|three|four|five|six|[2-6])-(?:groups?|arms?|armed|cohorts?)|(two|three|four|2|3|4)\s+series\s+of)(?-u:\b)",
    )
    .expect("group count regex")
});

// An allocation ratio of equal parts: `1:1:1`, `(1:1:1:1)`.
static EQUAL_RATIO: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?-u:\b)1(?:\s?:\s?1){1,5}(?-u:\b)").expect("equal ratio regex")
});

/// How many groups a text near `27 in each group` names: `two groups`, `3
/// arms`, or the parts of an equal allocation ratio (`randomly assigned in
/// a 1:1:1 ratio … (40 per group)`: three groups of 40).
pub(super) fn groups_named(near: &str) -> Option<u64> {
    GROUP_COUNT
        .captures(near)
        .and_then(|c| {
            let k = c
                .get(1)
                .or_else(|| c.get(2))
                .or_else(|| c.get(3))
                .or_else(|| c.get(4))?;
            crate::extract::numbers::parse_count_or_words(k.as_str())
        })
        .or_else(|| equal_ratio_groups(near))
}

/// The number of groups of the first equal allocation ratio in `s`
/// (`1:1:1`: three).
pub(super) fn equal_ratio_groups(s: &str) -> Option<u64> {
    EQUAL_RATIO
        .find(s)
        .map(|m| m.as_str().bytes().filter(|&b| b == b':').count() as u64 + 1)
}

/// How many groups a count `at` bytes into `near` is the size of when
/// `near` names two different counts of groups (`4 test groups (n = 18)
/// and two control groups (n = 6)`): the last one named before the count.
/// `None` when `near` names one count of groups (or none): `groups_named`.
pub(super) fn groups_just_before(near: &str, at: usize) -> Option<u64> {
    let counts: Vec<(usize, u64)> = GROUP_COUNT
        .captures_iter(near)
        .filter_map(|c| {
            let k = c
                .get(1)
                .or_else(|| c.get(2))
                .or_else(|| c.get(3))
                .or_else(|| c.get(4))?;
            let k = crate::extract::numbers::parse_count_or_words(k.as_str())?;
            Some((c.get(0)?.end(), k))
        })
        .collect();
    let first = counts.first()?.1;
    if counts.iter().all(|&(_, k)| k == first) {
        return None;
    }
    counts
        .iter()
        .rev()
        .find(|&&(end, _)| end <= at)
        .map(|&(_, k)| k)
}

// Words that show allocation to groups in the sentence of an `(n = 27)`.
pub(super) static ALLOCATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)randomi[sz]|assign|allocat|(?-u:\b)groups?(?-u:\b)|(?-u:\b)arms?(?-u:\b)|receiv|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs(?-u:\b)|(?-u:\b)or(?-u:\b)|compar|treated|cohort|divided|(?-u:\b)placebo(?-u:\b)|(?-u:\b)control")
        .expect("allocation regex")
});

pub(super) static RANDOMIZATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)randomi[sz]|randomly (?:assigned|allocated|divided)")
        .expect("rand regex")
});

// A sentence that names the trial's groups, not a split of the patients
// by what they were before (`patients previously treated … than those
// with no previous treatment`).
pub(super) static NAMES_GROUPS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:groups?|arms?|placebo|controls?|receiving|assigned|allocated)(?-u:\b)|treated with|-treated(?-u:\b)|randomi[sz]ed to")
        .expect("names groups regex")
});

// `105 women, 84 men`, `3 were females`: the other sex next to a count.
pub(super) static SEX_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:women|men|males|females|girls|boys)$").expect("sex regex")
});
// What a number right after `NUM` must not be: a decimal, a percentage, a
// unit, a range or a ratio (`2.5`, `45%`, `89 per cent`, `30-70`, `1:1`),
// a dose, a pressure or a concentration (`62.5/25 μg`, `140/90 mmHg`,
// `200 IU/L`) or a rate (`10 per min`, `129,000 per μl`, `200 per mm³`).
pub(super) static NOT_A_COUNT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:\.\d|,\d|\s*%|\s*-\s*(?:\d|to(?-u:\b))|\s*to\s+\d|\s*:\s*\d|\s*/\s*\d|\s*(?:years?|yrs|months?|weeks?|days?|hours?|mg|g|kg|ml|mm|cm|percent|per\s+cent)(?-u:\b)|[ \t]*(?i:μg|µg|mcg|ng|pg|mmhg|cmh2o|iu|mmol|μmol|µmol|nmol|μl|µl|dl|mg/kg|μg/kg|µg/kg|mcg/kg|mg/dl|mg/m2|ng/ml|u/l|iu/l)(?-u:\b)|[ \t]*per[ \t]+(?:min|minute|ml|μl|µl|kg|cm2|mm3|l|hour|h|day|week)(?-u:\b)|[ \t]*per[ \t]+(?i:mm³|mm²|mm\^[23]|cu\.? ?mm)|-(?:year|month|week|day|hour)|\s*±)")
        .expect("not count regex")
});

/// `62.5/25 μg`: a ratio whose first number has a decimal part is a dose
/// or a measure, never a share of people (`at` is where the first number's
/// digits after the point start).
pub(super) fn decimal_before(fold: &str, at: usize) -> bool {
    let b = fold.as_bytes();
    at >= 2 && b[at - 1] == b'.' && b[at - 2].is_ascii_digit()
}

// The next ratio of a list: `200/25 or 800/100 μg`, `140/90, 120/80 mmHg`.
static NEXT_RATIO: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"^[ \t]*(?:,[ \t]*)?(?:(?:and|or|to|versus|vs\.?)[ \t]+)?\d+(?:\.\d+)?[ \t]*/[ \t]*\d+",
    )
    .expect("next ratio regex")
});

/// `200/25 or 800/100 μg`: a unit after the last ratio of a list is the
/// unit of every ratio in it (`rest` is the text after a ratio's second
/// number).
pub(super) fn unit_of_the_list(rest: &str) -> bool {
    let mut rest = rest;
    for _ in 0..4 {
        let Some(m) = NEXT_RATIO.find(rest) else {
            return false;
        };
        rest = &rest[m.end()..];
        if NOT_A_COUNT_AFTER.is_match(rest) {
            return true;
        }
    }
    false
}

// Outcome words before `in N patients`: `remained unchanged in 4 patients`.
pub(super) static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:occur|observ|seen(?-u:\b)|found(?-u:\b)|noted|detected|documented|recorded|reported|develop|remain|unchanged|improv|reduc|decreas|increas|achiev|experienc)|(?-u:\b)died(?-u:\b)|death|relaps|recurr|respon|toxicit|events?(?-u:\b)|grade|complicat|failure|progress|positive|negative|present|absent|performed|identified|(?-u:\b)by \d")
        .expect("outcome regex")
});

pub(super) static NOUN_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"(?i)(?-u:\b)(?:{NOUNS})(?-u:\b)")).expect("noun in regex")
});

// Words that count things a trial does to people, not people.
pub(super) static EVENTS_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"^(?:events?|deaths|recurrences|relapses|episodes|procedures|cycles|samples|specimens|infections|admissions|hospitali[sz]ations|referrals|consultations|visits|complications|questionnaires|items|measurements|variables|doses|injections|images|scans|articles|papers|records|references|reports|abstracts|publications|citations|genes|sequences|cells|mice|rats|comparisons|outcomes|parameters|endpoints|lesions|tumou?rs|nodes)$")
        .expect("events word regex")
});

// A bracket without brackets inside, or with one level (`(43 (53.8%) …)`).
pub(super) static BRACKET: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"\((?:[^()]|\([^()]*\)){1,120}\)").expect("bracket regex")
});

/// Whether `word` (lower case) names units a cluster trial randomizes
/// (`Thirteen clinics were randomized to an intervention arm and 13 to a
/// control arm`): their counts are no arms of people.
pub(super) fn cluster_word(word: &str) -> bool {
    matches!(
        word,
        "clinics"
            | "practices"
            | "hospitals"
            | "centers"
            | "centres"
            | "sites"
            | "schools"
            | "classes"
            | "classrooms"
            | "villages"
            | "communities"
            | "wards"
            | "clusters"
            | "districts"
            | "pharmacies"
            | "homes"
            | "units"
            | "households"
            | "camps"
            | "teams"
            | "towns"
            | "counties"
            | "municipalities"
            | "neighborhoods"
            | "neighbourhoods"
            | "worksites"
            | "workplaces"
            | "kindergartens"
            | "preschools"
            | "congregations"
            | "churches"
    )
}

/// `1313 patients' data`, `the 40 children's records`: a plural's
/// possessive (`word`) whose thing, the next word of `rest`, is the
/// people's records, which stand for the people (`28 patients' PSA
/// decreased` tells an outcome of theirs, and `clinicians' time` no count
/// of people).
pub(super) fn records_possessive(word: &str, rest: &str) -> bool {
    let plural = word
        .strip_suffix('\'')
        .filter(|p| p.ends_with(['s', 'S']) && is_noun(p));
    let next = rest
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_ascii_alphabetic())
        .to_ascii_lowercase();
    plural.is_some()
        && matches!(
            next.as_str(),
            "data" | "records" | "charts" | "files" | "notes" | "questionnaires"
        )
}

/// A participant noun: one of [`NOUNS`], also as the last part of a
/// hyphenated word (`out-patients`, `spouses-caregivers`), or pupils named
/// by their school grade (`third-graders`, `5th-graders`).
pub(super) fn is_noun(word: &str) -> bool {
    noun_word(word)
        || word
            .rsplit_once('-')
            .is_some_and(|(first, last)| noun_word(last) || grade_pupils(first, last))
}

/// `third-graders`, `5th-graders`: the grade's ordinal before `graders`
/// (not `graders` alone: `two graders scored the photographs` are staff).
fn grade_pupils(first: &str, last: &str) -> bool {
    const ORDINALS: [&str; 12] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth",
    ];
    if !last.eq_ignore_ascii_case("graders") {
        return false;
    }
    let first = first.to_ascii_lowercase();
    let digits = first.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    ORDINALS.contains(&first.as_str())
        || (!digits.is_empty()
            && digits.len() <= 2
            && digits.bytes().all(|b| b.is_ascii_digit())
            && ["st", "nd", "rd", "th"].contains(&&first[digits.len()..]))
}

/// [`NOUN`] without a regex search for the ASCII words nearly all text has
/// (called for every word after every number): under `(?i)` an ASCII word
/// matches exactly when its ASCII lower case is one of [`NOUNS`], since only
/// `k` and `s` have case variants outside ASCII and those are not ASCII.
fn noun_word(word: &str) -> bool {
    static SET: LazyLock<HashSet<&'static str, FxBuild>> =
        LazyLock::new(|| NOUNS.split('|').collect());
    if !word.is_ascii() {
        return NOUN.is_match(word);
    }
    let mut buf = [0u8; 32];
    let Some(lower) = buf.get_mut(..word.len()) else {
        return false; // longer than every noun
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|l| SET.contains(l))
}

/// The next word after a count (`breast cancer patients`, `T2DM patients`):
/// what `^\s+([A-Za-z](?:[A-Za-z0-9'/+-]|[\p{Alphabetic}&&[^\x00-\x7F]])*)` captures in `s`, scanned by hand
/// (once per word after every number), as its start and end in `s`.
/// `char::is_whitespace` is the same Unicode `White_Space` as `\s`.
pub(super) fn word_after(s: &str) -> Option<(usize, usize)> {
    let start = s.len() - s.trim_start().len();
    let b = s.as_bytes();
    if start == 0 || !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    // A letter of another script inside the word keeps it one word:
    // `IFNβ-treated`, `TNFα-naive`.
    let len: usize = s[start + 1..]
        .chars()
        .take_while(|&c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '\'' | '/' | '+' | '-')
                || (!c.is_ascii() && c.is_alphabetic())
        })
        .map(char::len_utf8)
        .sum();
    Some((start, start + 1 + len))
}

// What the counts of a breakdown or list did, right after its bracket: they
// left the trial (`were lost to follow-up`, `withdrew`, `were excluded`,
// `were not evaluated at month 6`, `were missing the 45-min sample`).
pub(super) static EXIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*,?\s*(?:(?:were|was|had been|have been|had|have)\s+)?(?:subsequently\s+|later\s+|also\s+)?(?:lost (?:to|from|during|at|before|after)|excluded|withdrawn|withdrew|discontinued|dropped out|died|did not (?:complete|finish|receive|start|attend|return|undergo|meet)|could not be (?:analy|evaluat|contact|reach|follow)|failed to (?:complete|finish|attend|return)|refused|declined|missed|(?:were|was) missing|had missing|deviated|crossed over|not analy[sz]ed|not (?:evaluated|assessed|examined|followed up)|not included|not evaluable|ineligible)(?-u:\b)")
        .expect("exit after regex")
});

// A clause that ends in leaving or not entering the trial, before a bracket
// that splits it: `223 were excluded (150 did not meet …, 73 declined)`,
// `60 were ineligible (45 had no diabetes, …)`, `withdrew (reasons: …`.
static EXIT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:excluded|ineligible|not eligible|withdr[ae]w|withdrawn|lost to follow-?up|discontinued(?: (?:the )?(?:study|trial|treatment|intervention))?|dropped out|died|declined(?: to participate)?|refused(?: to participate)?|did not (?:meet|fulfil|fulfill|satisfy) (?:the )?(?:inclusion|eligibility|entry) criteria|not randomi[sz]ed|drop-?outs|withdrawals)\s*[,:]?\s*$")
        .expect("exit before regex")
});

// A breakdown item that names what a part did, not a group: `150 did not
// meet the criteria`, `73 declined`, `15 were not pregnant`.
static EXIT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:did not|had no|were not|was not|declined|refused|withdrew|died|lost|not (?:meeting|eligible|interested)|no longer|ineligible|excluded)(?-u:\b)")
        .expect("exit label regex")
});

/// Whether `head` (the words before a bracket) ends in leaving or not
/// entering the trial: the bracket splits those who left by reason or by
/// group, never the trial's arms.
pub(super) fn exits_before(head: &str) -> bool {
    EXIT_BEFORE.is_match(head)
}

/// Whether a breakdown item's label says what its count did (`declined`,
/// `did not meet the criteria`): a reason for leaving, no group's name.
pub(super) fn exit_label(label: &str) -> bool {
    EXIT_LABEL.is_match(label.trim_start())
}

/// Whether the counts of a bracket that closes at `close` (the byte after
/// the `)`) left the trial, by the verb right after it: `(3 in group A and 4
/// in group B) were lost to follow up` splits the dropouts, not the arms.
pub(super) fn exits_after(fold: &str, close: usize) -> bool {
    EXIT_AFTER.is_match(&fold[close..ceil_boundary(fold, close + 60)])
}

/// The words of one sex, said once for the rules that tell a sex split
/// from a group (`76 boys`, `women`, `26 males in`).
pub(super) const SEX_WORDS: &str = "men|women|males?|females?|boys|girls";

static SEX_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?:\d+|{NUMBER_WORDS})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:{SEX_WORDS})(?-u:\b)"
    ))
    .expect("sex pair regex")
});

/// Whether a count of one sex stands next to a count of the other sex
/// (`105 women, 84 men`, `three male, three female`).
pub(super) fn sex_pair_near(fold: &str, s: usize, e: usize) -> bool {
    let lo = floor_boundary(fold, s.saturating_sub(40));
    let hi = ceil_boundary(fold, e + 40);
    both_sexes_counted(&fold[lo..hi])
}

/// Whether `text` counts people of both sexes (`80 (66.7%) male and 40
/// (33.3%) female`).
pub(super) fn both_sexes_counted(text: &str) -> bool {
    let (mut female, mut male) = (false, false);
    for m in SEX_PAIR.find_iter(text) {
        let t = m.as_str().to_ascii_lowercase();
        if t.contains("fem") || t.contains("wom") || t.contains("girl") {
            female = true;
        } else {
            male = true;
        }
    }
    female && male
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_named_by_a_count_or_an_equal_ratio() {
        assert_eq!(groups_named("into three treatment groups"), Some(3));
        assert_eq!(
            groups_named("divided into six groups (n = 10 per group)"),
            Some(6)
        );
        assert_eq!(groups_named("at 12 groups"), None);
        // `day 0, 4, 7 in both groups`: a day, not five or more groups.
        assert_eq!(groups_named("at day 0, 4, 7 in both groups"), None);
        assert_eq!(groups_named("in a 1:1:1 ratio (40 per group)"), Some(3));
        assert_eq!(groups_named("randomised 1 : 1 to A or B"), Some(2));
        // Not a ratio of equal parts, or a time.
        assert_eq!(groups_named("in a 2:1 ratio"), None);
        assert_eq!(groups_named("at 1:10 dilution"), None);
        assert_eq!(groups_named("at 11:15 each morning"), None);
    }

    #[test]
    fn of_two_counts_of_groups_the_one_before_the_size_is_its_own() {
        let s = "into 4 test groups (n=18) and two control groups (n=6)";
        assert_eq!(groups_just_before(s, s.find("18").unwrap()), Some(4));
        assert_eq!(groups_just_before(s, s.find("6)").unwrap()), Some(2));
        // One count of groups, or the same one twice: `groups_named`.
        assert_eq!(groups_just_before("two groups (n = 30 each)", 20), None);
        let t = "two groups of 30 each; the two groups";
        assert_eq!(groups_just_before(t, 15), None);
    }
}
