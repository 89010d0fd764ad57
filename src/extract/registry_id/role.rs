//! The role of a registry ID: `own` (the study's registration, or the
//! trial a secondary analysis or extension comes from) or `cited` (another
//! trial), from its section and the words of its sentence, then across the
//! document: a number nothing calls the study's own, where the paper says
//! which is, is another trial's.

use super::cues;
use crate::extract::attribution;
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use crate::record::{Finding, RegistryRole, Value};
use crate::sections::Section;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

// "Trial registration", "registered at", "ClinicalTrials.gov identifier",
// "EudraCT number", "this trial", "the present study".
static OWN_CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"(?i)regist|identifier|trial (?:number|no(?-u:\b)|id(?-u:\b))|eudract|clinicaltrials\.gov|{THIS_STUDY}|protocol"))
        .expect("own cue regex")
});

// The study itself, with up to three words of design between ("this
// trial", "the present phase 2 study", "our randomised, controlled trial").
const THIS_STUDY: &str = r"(?-u:\b)(?:this|our|the present|the current)(?:,? (?:phase (?:[1-4]|iv|i{1,3})[ab]?|pilot|randomi[sz]ed|controlled|clinical|open-label|double-blind(?:ed)?|single-blind(?:ed)?|multi-?cent(?:er|re)|prospective|placebo-controlled|cross-?over|cluster|feasibility|parallel-group|\d{1,3}-(?:week|month|year))){0,3},? (?:trial|study|rct)(?-u:\b)";

// What a follow-up, extension or secondary analysis calls the trial it
// comes from: that trial's number is the study's own ("a secondary
// analysis of the CAROTID trial (NCT00981383)", "main study: NCT01529645;
// extension study: NCT02382913", "Extension of NCT00839423"), even where
// the sentence says it was reported before. ("A sub-study of the FAST
// trial" and "data from the ongoing extension" name other trials.)
//
// Also the trial the study is nested in ("This study is integrated into a
// randomized clinical trial of … (MDIG Trial, … identifier NCT…)"), and
// the phrase a secondary analysis uses for its trial's design, which was
// published before ("The design of the AVAGAST trial (NCT…) has been
// described previously", a registry's name with its dot between:
// "(ClinicalTrials.gov identifier NCT…)"): the number is the study's own
// however the sentence says "previously".
static PARENT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:main|parent|original) (?:trial|study)(?-u:\b)|(?:extension|continuation|follow-up|secondary analysis|post[- ]hoc analysis) of (?:the|a|NCT)|(?:secondary|post[- ]hoc) analysis of this|(?-u:\b)(?:this|the present|our) (?:study|analysis|cohort|sub-?study)(?: [a-z]+){0,3} (?:is|was|are|were) (?:nested|embedded|integrated) (?:with)?in(?:to)? (?:a|an|the)(?-u:\b)|(?-u:\b)(?:design|methods?|protocol|rationale)(?: and [a-z]+)? of (?:the|both|these|this) (?:[^.;]|\.[A-Za-z0-9]){0,100}?(?:ha(?:s|ve) been|(?:was|were|is|are)) (?:previously |already |fully )?(?:described|published|reported|detailed)")
        .expect("parent cue regex")
});

// In the methods (never a background or discussion, where trials others
// ran are named so): where this study's patients or samples come from,
// a trial they "had been enrolled in" or were "recruited through the
// FOCAL Study" (a cohort or network is no trial: "enrolled from the Early
// Detection Research Network"), a sub-study "of the" trial, or the trials
// "a pooled analysis of" three studies pools.
static METHODS_PARENT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:had been|have been|were|was) (?:previously |originally )?(?:enrol?led|included|randomi[sz]ed|recruited|participating) in(?:to)? (?:the|one of the|both)(?-u:\b)|(?-u:\b)(?:sub-?study|ancillary (?:study|analysis)|substudy) (?:of|to|within) the(?-u:\b)|(?-u:\b)(?:pooled|combined|integrated) analys[ie]s of(?-u:\b)|(?-u:\b)(?:recruited|enrol?led|drawn|selected|sampled) (?:through|from|within) the [^.;()\[\]]{0,60}?(?:study|trial)(?-u:\b)")
        .expect("methods parent cue regex")
});

// A trial named as one of many, not as the study itself: "in a phase III
// trial", "a large community-based trial", "e.g.", "trials such as",
// "the protocols of some, such as the DMD Heart Study (ISRCTN…)".
// Not "of a" or "from
// a": a protocol's own title is "Study protocol of a randomized trial
// [NCT…]", and a secondary analysis takes its data "from a randomised
// trial (NCT…)", its own.
static OTHER_TRIAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:in|to) (?:a|an|another|two|three|four|five|several) (?:[a-z0-9\-]+,? ){0,4}(?:trial|study|studies|trials)(?-u:\b)|(?-u:\b)the other (?:[a-z0-9\-]+,? ){0,4}(?:trials|studies)(?-u:\b)|(?-u:\b)(?:a|an) (?:currently )?(?:ongoing|planned|future|large|recent) (?:[a-z0-9\-]+ ){0,3}(?:trial|study)(?-u:\b)|(?-u:\b)e\.?g\.?,|(?-u:\b)e\.g\.|(?-u:\b)(?:trials|studies) such as(?-u:\b)|(?-u:\b)such as the (?:[a-z0-9\-]+ ){0,5}(?:study|trial)(?-u:\b)")
        .expect("other trial regex")
});

// Trials named as many, in a list the sentence goes on to give ("it is
// being assessed in several phase III studies funded by …: A (NCT…), B
// (…NCT…), C (…NCT…)"): every item is one of those studies, however far
// the list runs from the words that named them.
static OTHER_STUDIES: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:in|to|by) (?:two|three|four|five|six|several|many|various|other) (?:[a-z0-9\-]+,? ){0,4}(?:trials|studies)(?-u:\b)")
        .expect("other studies regex")
});

// What says the study itself was registered, or names it as this one.
// Not the registry's name ("ClinicalTrials.gov Registry", "registration
// number"): another trial's number is written beside those too.
static REGISTERED_OWN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)(?-u:\b)(?:registered|registrations?|reg\.|eudract|trial (?:number|no\.?|id))(?-u:\b)|{THIS_STUDY}"
    ))
    .expect("registered own regex")
});

// Any word of registration, a registry's name included ("trial-registry"
// labels the own number in PLoS Clinical Trials' front matter), or this
// study: enough to keep "in a randomised trial" in the same sentence from
// making the number another trial's.
static NAMES_REGISTRATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(r"(?i)regist|{THIS_STUDY}")).expect("names registration regex")
});

// What speaks of the paper's own study without the words the role reads:
// an approval or authorisation ("approved by … the Medicines and
// Healthcare products Regulatory Agency (2012-004321-17)", the trial's
// EudraCT number), a registration label glued or abbreviated (`EudraCTnr`,
// `Clinical trial reg. no.`), the WHO registry platform, a sentence that
// opens with the study itself and its registration ("Its entry in the
// ICTRP is EUCTR…", "It is listed in …", "Its ClinicalTrials.gov identifier is …"; not any
// "It …": "It followed the schedule of the PILOT trial (NCT…)" names
// another trial) or with the study ("The trial (…) ran"), and the authors running it ("We are conducting an
// international trial … (NCT…)"). Below, the trials a pooled analysis pools
// or a study is nested in ("Data for this pooled analysis were collected
// over two trials; a single-centre study (NCT…) and a multicentre study
// (NCT…)", "This study is integrated into a randomized trial … (…
// identifier NCT…)").
static SAYS_OWN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)approv|authori[sz]|ethic|regulatory|(?-u:\b)medicines(?-u:\b)|competent authorit|(?-u:\b)ictrp(?-u:\b)|(?-u:\b)eudract|(?-u:\b)reg\.|^\s*(?:its? (?:(?:is|was|has been|had been) )?(?:(?:also|first|prospectively|retrospectively) )?(?:registered|listed (?:in|at|with|on|under)|(?:[a-z.]+ ){0,2}(?:registration|registry|identifier|entry|number))|the (?:study|trial))(?-u:\b)|(?-u:\b)we (?:are |were |will |have )?(?:conduct|perform|carr(?:y|ied) out|design)")
        .expect("says own regex")
});

// The trials a pooled analysis pools or a study is nested in, named where
// the sentence opens, often further back than the window.
static POOLS_OR_NESTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:pooled|combined|integrated) analys[ie]s|(?:nested|embedded|integrated) (?:with)?in(?:to)?(?-u:\b)")
        .expect("pools or nests regex")
});

/// The text with every `;` and `.` inside a closed bracket read as a
/// comma: a bracket's items are one aside, no clause or sentence break
/// (`The design of the ORCHID trial (NCT…; ref. 12) has been reported`).
/// A bracket the text never closes keeps them.
fn asides_as_one(text: &str) -> Cow<'_, str> {
    if !text.contains([';', '.']) {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut depth = 0usize;
    let mut pending: Vec<usize> = Vec::new();
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    for &k in &pending {
                        bytes[k] = b',';
                    }
                    pending.clear();
                }
            }
            b';' | b'.' if depth > 0 => pending.push(i),
            _ => {}
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// Whether a sentence holds no words beyond the ID itself (`NCT` /
/// `02053710.` on lines of their own): a label or a page's footer prints
/// a number so, and they print the paper's own.
fn stands_alone(sentence: &str) -> bool {
    sentence
        .split_whitespace()
        .filter(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(|c| c.is_ascii_digit())
        })
        .count()
        <= 1
}

/// Whether the ID at `at` stands in a reference entry: the references, or
/// a tag-stripped entry's tail (a journal glued onto its year, a title
/// glued to its link).
pub(super) fn in_reference(doc: &Document, at: usize) -> bool {
    let fold = doc.fold.as_str();
    doc.section_at(at) == Section::References
        || reference_tail(fold, at)
        || cues::url_glued_reference(fold, at)
}

/// Whether the ID at `at` is followed, as in a tag-stripped reference, by
/// `]` and a journal name glued onto the year (`] BMC Surg20055`).
///
/// The shape is `^[A-Za-z]{0,6}[ :#]?[\w\-/]{4,20}\]` then [`AFTER`] within
/// 100 bytes. No class before the `]` holds a `]`, so it is the first one,
/// and the ways to cut what comes before it are tried here: one pattern
/// with `[\w\-/]{4,20}` compiled Unicode's `\w` twenty times over, forward
/// and reverse (43 M instructions, the costliest pattern of a run).
fn reference_tail(fold: &str, at: usize) -> bool {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"^\s?[A-Z][A-Za-z .&]{1,60}[a-z](?:19|20)\d{3}")
            .expect("reference tail regex")
    });
    bracket_then(fold, at, &AFTER)
}

/// Whether the ID at `at` closes a tag-stripped reference title whose
/// next line is a word glued onto a year and nothing more (`… Study
/// [NCT…]` / `Submitted2006`): an unpublished paper's entry. Weaker than
/// [`reference_tail`]'s journal and volume, so only a number nothing
/// else calls own is cited so ([`Judged::stated`] false).
fn dated_reference_tail(fold: &str, at: usize) -> bool {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"^\s?[A-Z][A-Za-z .&]{1,60}[a-z](?:19|20)\d{2}[ \t]*(?:\r?\n|$)")
            .expect("dated reference tail regex")
    });
    bracket_then(fold, at, &AFTER)
}

/// Whether the ID at `at` is followed by `]` and what `after` matches
/// within 100 bytes, the `]` closing no more than a short prefix and the
/// ID (see [`reference_tail`]).
fn bracket_then(fold: &str, at: usize, after: &Regex) -> bool {
    static WORD: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::rx::new(r"^[\w\-/]+$").expect("reference word regex"));
    let mut z = (at + 100).min(fold.len());
    while !fold.is_char_boundary(z) {
        z -= 1;
    }
    let hay = &fold[at..z];
    let Some(close) = hay.find(']') else {
        return false;
    };
    if !after.is_match(&hay[close + 1..]) {
        return false;
    }
    let head = &hay[..close];
    // `[\w\-/]{4,20}`: ASCII's word characters are `[0-9A-Za-z_]`.
    let word = |w: &str| {
        (4..=20).contains(&w.chars().count())
            && (w
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/'))
                || WORD.is_match(w))
    };
    let letters = head.bytes().take_while(u8::is_ascii_alphabetic).count();
    (0..=letters.min(6)).any(|l| {
        let rest = &head[l..];
        word(rest) || rest.strip_prefix([' ', ':', '#']).is_some_and(word)
    })
}

// A sentence about other trials beyond the shared citation cues
// ([`attribution::cites_other_study`]): "another trial", "ongoing
// (clinical) trials", "two other clinical trials", a bracketed reference
// "[12]" or "[13, 14]", "see", "previously" alone.
pub(super) static CITED_CUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)et al(?-u:\b)|previous(?:ly)?|prior (?:trial|study)|earlier (?:trial|study)|another (?:trial|study)|other (?:[a-z\-]+ ){0,2}(?:trials|studies)|ongoing (?:[a-z\-]+ ){0,2}(?:trials?|studies)|\[\d{1,3}(?:\s?[,\-–]\s?\d{1,3})*\]|(?-u:\b)see(?-u:\b)")
        .expect("cited cue regex")
});

/// A bracketed reference number (`[13]`, `[13, 14]`, `[7–11]`) between the
/// ID at `at` and its sentence's end `e`, no more than 300 bytes on.
fn cites_by_number_later(fold: &str, at: usize, e: usize) -> bool {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"\[\d{1,3}(?:\s?[,\-–]\s?\d{1,3})*\]")
            .expect("numbered citation regex")
    });
    let mut z = e.min(at + 300).min(fold.len());
    while !fold.is_char_boundary(z) {
        z -= 1;
    }
    at < z && NUMBERED.is_match(&fold[at..z])
}

/// A registry ID's role, and whether the text says it is the study's own
/// in so many words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Judged {
    pub role: RegistryRole,
    /// Own, and said so: in the front matter, the abstract, a registration
    /// section or the back matter (funding, ethics, declarations: they speak
    /// of the paper's own study), after a registration label, in a sentence that speaks of
    /// registration, of an approval or of this study, or as the trial a
    /// secondary analysis comes from. An own role that only no sign of another trial gave is
    /// not `stated`.
    pub stated: bool,
}

impl Judged {
    fn stated(role: RegistryRole) -> Judged {
        Judged {
            role,
            stated: role == RegistryRole::Own,
        }
    }
}

/// Whether the ID at `at` stands in a body's `Conclusions` that holds
/// the paper's discussion (Diabetes Care heads it so): past a results
/// section, in a paper with no discussion heading, and long, as an
/// abstract's conclusions never are. Trials named there are read as a
/// discussion names them ("The recently initiated MARLINA (…) trial
/// (NCT…) is specifically designed to …").
fn discussion_under_conclusions(doc: &Document, at: usize) -> bool {
    let sections = doc.sections();
    if sections.iter().any(|&(_, s)| s == Section::Discussion) {
        return false;
    }
    let i = sections.partition_point(|&(s, _)| s <= at);
    let Some(&(start, Section::Conclusion)) = i.checked_sub(1).and_then(|k| sections.get(k)) else {
        return false;
    };
    let end = sections.get(i).map_or(doc.fold.len(), |&(s, _)| s);
    end.saturating_sub(start) >= 1500
        && sections[..i - 1]
            .iter()
            .any(|&(_, s)| s == Section::Results)
}

pub(super) fn role_at(doc: &Document, at: usize) -> Judged {
    let sec = match doc.section_at(at) {
        Section::Conclusion if discussion_under_conclusions(doc, at) => Section::Discussion,
        sec => sec,
    };
    // The sentence, but no more than a window around the ID: catalogue
    // records and tag-stripped front matter run whole pages into one.
    let (s, e) = doc.sentence_at(at);
    let fold = &doc.fold;
    let mut a = s.max(at.saturating_sub(150));
    while !fold.is_char_boundary(a) {
        a += 1;
    }
    let mut z = e.max(s).min(at + 120).min(fold.len());
    while !fold.is_char_boundary(z) {
        z -= 1;
    }
    let sentence = &fold[a..z.max(a)];
    // A parent trial is named where the sentence opens ("This was a
    // prespecified pooled analysis of three randomized, double-blind …
    // studies (NCT…)"), often further back than the window.
    let mut w = s.max(at.saturating_sub(400));
    while !fold.is_char_boundary(w) {
        w += 1;
    }
    let opening = &fold[w.min(a)..z.max(a)];
    // A registration statement printed after the reference list ("Trial
    // registration This trial was registered in …, UMIN…") is no entry.
    if sec == Section::References {
        if cues::registration_statement_line(fold, at) {
            return Judged::stated(RegistryRole::Own);
        }
        return Judged::stated(RegistryRole::Cited);
    }
    // A reference entry whose section the text lost: a BMC title ending
    // in its registration (`… trial [ISRCTN05358495] BMC Geriatr2005…`),
    // the journal glued onto the year as tag-stripped references print.
    // A reference entry whose tags were stripped: a title glued to its
    // link ("…diseasehttp://www.clinicaltrials.gov, clinical trial NCT…").
    if reference_tail(fold, at) || cues::url_glued_reference(fold, at) {
        return Judged::stated(RegistryRole::Cited);
    }
    // A registration section, or a label the sections do not know ("Trial
    // registration number" on the line above).
    if sec == Section::Registration
        || cues::registration_label_before(doc, at)
        || cues::registration_label_on_line(fold, at)
    {
        return Judged::stated(RegistryRole::Own);
    }
    // A reference entry of a weaker shape (a year glued to a link, an
    // unpublished paper's `Submitted2006`): nothing it says makes the
    // number the study's own, so where another is, it is cited
    // ([`unstated_is_another_trial`]); where none is, it stays (a side
    // study whose parents stand only in the references).
    let weak_reference = dated_reference_tail(fold, at) || cues::year_glued_link(fold, at);
    // "an open-label extension of this study (NCT…) is on-going" names
    // another study, no parent.
    let extension = cues::extension_of_this_study(sentence);
    let background = matches!(sec, Section::Background | Section::Discussion);
    // An earlier trial that "has provided input for" this one is another.
    let precedes = cues::precedes_this_study(fold, at, e);
    let parent = !extension
        && !precedes
        && (PARENT_CUE.is_match(&asides_as_one(opening))
            || (!background && METHODS_PARENT_CUE.is_match(opening)));
    // The shared "we / our / us" cue is not read here: authors name their
    // other, ongoing trials so ("our ongoing STAT trial (NCT…)"), and `US`
    // patients read as `us`.
    let own = parent || OWN_CUE.is_match(sentence);
    // Another trial named with its registry number beside it ("in a phase
    // III trial (ClinicalTrials.gov Identifier: NCT…)"): the registry's
    // name is no sign of the study's own, a registration statement is;
    // named right before the number it is that trial's whatever the
    // sentence says of this one; so is a trial whose acronym the paper's
    // head never names ("The INTREPID study (NCT…) compared …").
    // So is the number of a network or cohort the participants were drawn
    // from ("enrolled from the Early Detection Research Network (EDRN, …,
    // NCT…)"), unless the sentence says this study was registered.
    let other_trial = extension
        || precedes
        || (OTHER_TRIAL.is_match(sentence) && !NAMES_REGISTRATION.is_match(sentence))
        || (!parent
            && !REGISTERED_OWN.is_match(sentence)
            && cues::data_source_network(fold, w.min(a), at))
        || (!parent
            && (cues::other_trial_just_before(fold, at) || cues::unnamed_acronym_trial(fold, at)))
        || (background
            && !parent
            && OTHER_STUDIES.is_match(opening)
            && !NAMES_REGISTRATION.is_match(opening)
            && !POOLS_OR_NESTS.is_match(opening));
    let own = own && !other_trial;
    let cited = !parent
        && (attribution::cites_other_study(sentence)
            || CITED_CUE.is_match(sentence)
            || other_trial);
    // In a background or discussion a numbered citation ("(25)"), "study
    // by" or "found that" also reports another trial.
    // So does a bracketed reference closing the sentence, however far
    // after the number it stands ("Only one phase III trial (RV144;
    // clinicaltrials.gov: NCT…) conducted in … has provided … [13, 14].").
    let cited = cited
        || (background
            && !parent
            && !NAMES_REGISTRATION.is_match(sentence)
            && (attribution::reports_finding(sentence) || cites_by_number_later(fold, at, e)));
    // In a discussion a registry's label in brackets after a trial's name
    // ("the EXSCEL trial (ClinicalTrials.gov identifier: NCT…)") names a
    // trial others ran, unless a registration statement or "this study"
    // is there, or the paper's head names that trial.
    let named_other = sec == Section::Discussion
        && !parent
        && !REGISTERED_OWN.is_match(sentence)
        && cues::bracketed_other_trial(fold, a, at);
    let own = own && !named_other;
    let role = match sec {
        Section::Background | Section::Discussion if !own || cited => RegistryRole::Cited,
        _ if cited && !own => RegistryRole::Cited,
        _ => RegistryRole::Own,
    };
    Judged {
        role,
        stated: role == RegistryRole::Own
            && !weak_reference
            && (matches!(
                sec,
                Section::Front | Section::Abstract | Section::BackMatter
            ) || parent
                || NAMES_REGISTRATION.is_match(sentence)
                || REGISTERED_OWN.is_match(sentence)
                || SAYS_OWN.is_match(opening)
                || POOLS_OR_NESTS.is_match(opening)
                || stands_alone(sentence)),
    }
}

/// Where the paper says which registration is its own ("Trial
/// registration: NCT…", "registered at ISRCTN (…)", "this trial (…)"), a
/// different number that nothing calls the study's own, and that no sign
/// of another trial made cited only because its sentence had none ("A
/// randomised controlled trial to compare … was closed prematurely
/// (clinicaltrials.gov identifier NCT…)", "the follow-up study, VTL 308
/// (NCT…), which focuses on …"), is another trial's: cited. Without such
/// a statement nothing changes (a pooled analysis that names its trials
/// only in its methods). An ID one list joins to one said to be own is
/// said so too (`A3921025 (NCT…), A3921035 (NCT…)`, the first registered
/// in the abstract).
pub(super) fn unstated_is_another_trial(
    found: &mut [Finding],
    stated: &[bool],
    joined: &[(usize, usize)],
) {
    let own_id = |k: usize| match found.get(k).map(|f| &f.value) {
        Some(Value::RegistryId(r)) if r.role == RegistryRole::Own => Some(r.id.clone()),
        _ => None,
    };
    let mut said: HashSet<String> = (0..found.len())
        .filter(|&k| stated.get(k).copied().unwrap_or(false))
        .filter_map(own_id)
        .collect();
    if said.is_empty() {
        return;
    }
    // Lists are short and few: join until nothing changes.
    loop {
        let before = said.len();
        for &(p, c) in joined {
            if let (Some(a), Some(b)) = (own_id(p), own_id(c)) {
                if said.contains(&a) || said.contains(&b) {
                    said.insert(a);
                    said.insert(b);
                }
            }
        }
        if said.len() == before {
            break;
        }
    }
    for f in found.iter_mut() {
        if let Value::RegistryId(r) = &mut f.value {
            if r.role == RegistryRole::Own && !said.contains(&r.id) {
                r.role = RegistryRole::Cited;
            }
        }
    }
}

/// A trial that an extension or rollover study of the paper's own continues
/// is the study's parent: own, however its sentence cites it ("The CONQUER
/// study … (clinicaltrials.gov, NCT…) (25) and was followed by SEQUEL, a
/// 52-week blinded extension study (NCT…) (26)", "… (HELP Study […;
/// NCT…]) … has been completed [8]. Patients who completed the double-blind
/// study were offered the option of continuing into the long-term
/// open-label extension (… NCT…)", the second number registered as the
/// paper's own). The words from the cited number to the next own one, in
/// that sentence or the next, say an extension continues it. Not an
/// extension of this study ("could continue into the extension of this
/// trial"), nor another trial's extension ("The ELM trial (NCT…) and its
/// open-label extension (NCT…)": that number is no own one), nor a
/// reference entry. Every mention of the parent's number takes the role.
pub(super) fn parent_of_own_extension(
    doc: &Document,
    found: &mut [Finding],
    spans: &[(usize, usize)],
    joined: &[(usize, usize)],
) {
    static CONTINUES: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)(?-u:\b)(?:followed by|complet(?:ed|ing)|continu(?:ed|ing)|roll(?:ed)?[- ]?over|entered|entering|eligible)(?-u:\b)[^;]{0,200}?(?-u:\b)(?:extension|continuation)(?-u:\b)")
            .expect("continues regex")
    });
    static THIS: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)(?-u:\b)(?:this|our|the present|the current)(?-u:\b)")
            .expect("this regex")
    });
    let fold = doc.fold.as_str();
    let role_id = |f: &Finding| match &f.value {
        Value::RegistryId(r) => Some((r.role, r.id.clone())),
        _ => None,
    };
    let mut order: Vec<usize> = (0..spans.len().min(found.len())).collect();
    order.sort_by_key(|&k| spans[k].0);
    let in_references =
        |at: usize| doc.section_at(at) == Section::References || reference_tail(fold, at);
    let mut parents: HashSet<String> = HashSet::new();
    for (w, &k) in order.iter().enumerate() {
        let Some((RegistryRole::Cited, id)) = role_id(&found[k]) else {
            continue;
        };
        let (xs, xe) = spans[k];
        if in_references(xs) {
            continue;
        }
        // The next own number, within 400 bytes, past cited ones one list
        // joins to this (the parents a list names).
        let mut last = k;
        let mut own_next = None;
        for &j in order[w + 1..]
            .iter()
            .take_while(|&&j| spans[j].0 <= xe + 400)
        {
            match role_id(&found[j]) {
                Some((RegistryRole::Own, o)) if o != id => {
                    own_next = Some(j);
                    break;
                }
                _ if joined.contains(&(last, j)) => last = j,
                _ => break,
            }
        }
        let Some(y) = own_next else {
            continue;
        };
        let ys = spans[y].0;
        if in_references(ys) {
            continue;
        }
        // That sentence or the next.
        let (sx, ex) = doc.sentence_at(xs);
        let (sy, _) = doc.sentence_at(ys);
        let next = fold
            .get(ex.min(sy)..sy)
            .is_some_and(|gap| gap.trim().is_empty());
        if sy != sx && !next {
            continue;
        }
        let Some(between) = fold.get(xe..ys) else {
            continue;
        };
        if CONTINUES.is_match(between) && !THIS.is_match(between) {
            parents.insert(id);
        }
    }
    if parents.is_empty() {
        return;
    }
    for f in found.iter_mut() {
        if let Value::RegistryId(r) = &mut f.value {
            if parents.contains(&r.id) {
                r.role = RegistryRole::Own;
            }
        }
    }
}

/// The end of the paper's front matter (title, authors), no more than
/// 1,500 bytes in: where a title names its trial.
fn front_end(doc: &Document) -> usize {
    let fold = doc.fold.as_str();
    let end = doc
        .sections()
        .iter()
        .find(|(_, s)| *s != Section::Front)
        .map_or(fold.len(), |&(at, _)| at)
        .min(1500)
        .min(fold.len());
    floor_boundary(fold, end)
}

/// Whether the ID at `at` stands beside a trial name that `front` (the
/// paper's head) names: `the CONDUCT study (…; NCT…`, `(SERVE-HF; NCT…`,
/// `The KEEPS (NCT…` in a paper titled `… enrolled in the Kronos Early
/// Estrogen Prevention Study (KEEPS)`.
fn beside_front_named_trial(doc: &Document, front: &str, at: usize) -> bool {
    static ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?-u:\b)[A-Z][A-Za-z]?[A-Z0-9][A-Z0-9\-]+(?-u:\b)")
            .expect("acronym regex")
    });
    /// Capitals that name registries, designs and places, no trial.
    const NO_TRIAL: &[&str] = &[
        "NCT", "ISRCTN", "ACTRN", "DRKS", "EUCTR", "UMIN", "CTRI", "IRCT", "NTR", "RCT", "RCTS",
        "USA", "NHS", "BMC", "BMJ", "PLOS", "PLOSONE", "HIV", "AIDS", "COPD", "II", "III", "IV",
        "IIIA", "IIB", "GSK", "WHO", "NIH", "FDA", "EMA", "UK", "CI",
    ];
    let fold = doc.fold.as_str();
    let (s, _) = doc.sentence_at(at);
    let before =
        &fold[floor_boundary(fold, s.max(at.saturating_sub(150)))..floor_boundary(fold, at)];
    // A trial's name: `the CONDUCT study (…; NCT…`, `(SERVE-HF; NCT…`, or
    // the name with the number in the bracket after it (`The KEEPS (NCT…`).
    let names_trial = |m: regex::Match| {
        let after = &before[m.end()..];
        let lead = before[..m.start()].to_ascii_lowercase();
        let labels = after.trim_start_matches([';', ',', ':']).trim_start();
        (after.starts_with([';', ',', ':']) && labels.is_empty())
            || matches!(after, " (" | " [" | "(" | "[")
            || (lead.ends_with("the ")
                && (after.starts_with(" study") || after.starts_with(" trial"))
                && after.len() <= 60)
    };
    ACRONYM
        .find_iter(before)
        .filter(|&m| names_trial(m))
        .map(|m| m.as_str())
        .filter(|a| a.len() >= 3 && !NO_TRIAL.contains(&a.to_ascii_uppercase().as_str()))
        .any(|a| {
            front.match_indices(a).any(|(i, _)| {
                let whole = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                whole(front[..i].chars().next_back()) && whole(front[i + a.len()..].chars().next())
            })
        })
}

/// An own number beside a trial name the paper's head names (`The KEEPS
/// (NCT…)—a randomized … trial—enrolled women`, the title `… women
/// enrolled in the Kronos Early Estrogen Prevention Study (KEEPS)`) is
/// said to be the study's own (or its parent's), so that a different
/// number nothing calls own (a sub-study's, `visits, which coincided with
/// cognitive testing (NCT…)`) is another trial's
/// ([`unstated_is_another_trial`]). Not in the references.
pub(super) fn front_named_is_stated(
    doc: &Document,
    found: &[Finding],
    spans: &[(usize, usize)],
    stated: &mut [bool],
) {
    let fold = doc.fold.as_str();
    let front_end = front_end(doc);
    let front = &fold[..front_end];
    for (k, f) in found.iter().enumerate() {
        let Value::RegistryId(r) = &f.value else {
            continue;
        };
        let (Some(&(at, _)), Some(said)) = (spans.get(k), stated.get(k)) else {
            continue;
        };
        if *said || r.role != RegistryRole::Own || at < front_end || in_reference(doc, at) {
            continue;
        }
        if beside_front_named_trial(doc, front, at) {
            stated[k] = true;
        }
    }
}

/// Where nothing in the paper is its own registration, a number in its
/// front matter (a title ending in its trial's number: `… in a randomized
/// double-masked placebo-controlled clinical trial [NCT…]`), or one beside
/// a trial name the front matter names (a post hoc analysis titled `… the
/// 2-year CONDUCT study` writes `The design of the CONDUCT study (…;
/// NCT…) has been reported [8]`; `… SERVE-HF on-treatment analysis`,
/// `Patient-level meta-analysis of the EDITION 1, 2 and 3 studies`), is
/// the study's own or its parent's. Not in the references.
pub(super) fn title_names_the_trial(
    doc: &Document,
    found: &mut [Finding],
    spans: &[(usize, usize)],
) {
    if any_own(found) {
        return;
    }
    let fold = doc.fold.as_str();
    let front_end = front_end(doc);
    let front = &fold[..front_end];
    make_own(found, spans, |at| {
        let sec = doc.section_at(at);
        if sec == Section::References
            || reference_tail(fold, at)
            || cues::url_glued_reference(fold, at)
        {
            return false;
        }
        (at < front_end && sec == Section::Front) || beside_front_named_trial(doc, front, at)
    });
}

/// Whether a number found is the study's own.
pub(super) fn any_own(found: &[Finding]) -> bool {
    found
        .iter()
        .any(|f| matches!(&f.value, Value::RegistryId(r) if r.role == RegistryRole::Own))
}

/// The numbers `is_own` takes (by the start of one of their mentions, in
/// `spans`, `found`'s order) become own, every mention of them.
pub(super) fn make_own(
    found: &mut [Finding],
    spans: &[(usize, usize)],
    mut is_own: impl FnMut(usize) -> bool,
) {
    let mut own: HashSet<String> = HashSet::new();
    for (k, f) in found.iter().enumerate() {
        let Value::RegistryId(r) = &f.value else {
            continue;
        };
        let Some(&(at, _)) = spans.get(k) else {
            continue;
        };
        if is_own(at) {
            own.insert(r.id.clone());
        }
    }
    for f in found.iter_mut() {
        if let Value::RegistryId(r) = &mut f.value {
            if own.contains(&r.id) {
                r.role = RegistryRole::Own;
            }
        }
    }
}
