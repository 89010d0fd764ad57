//! Stage 2, roles: the role a verb AFTER a count gives it (`54 patients
//! were randomized`, `12 died`), with what lies between them (a relative
//! clause that describes who was counted, a verb joined to a screening one).

use crate::extract::sample_size::{participle, Role};
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::sync::LazyLock;

/// A role verb after a count, and the role it gives. Checked in order at
/// each position; the earliest match after the count wins.
pub(super) static AFTER_ROLES: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
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
        // are `60 patients were considered for the final analysis` and
        // `15,052 people who met eligibility criteria for this analysis`.
        (
            r(
                r"(?:were |was )?(?:eligible|considered) for (?:the )?(?:[\w-]+ ){0,2}analys[ie]s|(?:met|fulfilled|satisfied) (?:all )?(?:the )?(?:[\w-]+ ){0,3}?criteria for (?:the |this |our )?(?:[\w-]+ ){0,2}?analys[ie]s",
            ),
            Role::Analyzed,
        ),
        // Screening and eligibility counts are not the sample size. `were
        // assessed for eligibility` starts where `were assessed` (analysed,
        // below) does, and wins the tie by coming first; `124 patients
        // initially were evaluated` were screened, not analysed.
        (
            r(
                r"(?:were|was|been) (?:assessed|evaluated|examined|checked) for eligibility|(?:were|was) initially (?:evaluated|assessed|examined)|initially (?:were|was) (?:evaluated|assessed|examined)|screened|assessed for eligibility|approached|invited|contacted|identified as eligible|were eligible|(?:met|fulfilled) (?:all )?(?:the )?(?:(?:study|trial) )?(?:inclusion|eligibility|entry)(?: (?:and exclusion )?criteria)?|were considered|considered for|were referred|were potentially eligible|eligible",
            ),
            Role::Skip,
        ),
        // `included in the analysis` before `included` (and `in the
        // per-protocol (PP) analysis`, its bracket blanked). `969 patients had
        // baseline MRI; 808 had baseline and year 1 MRI`: the data a count
        // had say which analysis it is the population of, not an outcome.
        (
            r(
                r"(?:were |was )?(?:included|retained) in (?:the |this |our )?(?:[\w-]+\s+){0,3}analys[ie]s|analy[sz]ed|analysable|analyzable|evaluable|assessable|available for (?:the )?(?:[a-z0-9-]+ ){0,2}?(?:analys|evaluat|follow)|were evaluated|were assessed|intention[- ]to[- ]treat|per[- ]protocol|followed up|were followed|were re-?examined|(?:had|have) (?:(?:complete|completed|available|evaluable|valid|usable|paired|both|baseline|follow-?up|and|year|month|week|[0-9]+|[0-9]+-(?:year|month|week))\s+){1,5}(?:mri|mris|scans?|data|measurements?|assessments?|images?|recordings?)(?-u:\b)",
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

/// Per pattern of [`AFTER_ROLES`], literals one of which every match of
/// it holds, in ASCII case (`None`: no gate). None holds an `s` or a `k`,
/// whose `(?i)` classes also take `ſ` and the Kelvin sign, and each is
/// read off every alternative of its pattern (`assessable` holds `able`,
/// `were assessed` holds `were a`, `screened` holds `creened`): where a
/// window holds none of them, the pattern cannot match there and is not
/// searched (issue 15: most windows hold no `random`, `analy`, `diagno`).
/// The last two patterns hold too many words to gate.
const AFTER_GATES: [Option<&[&str]>; 9] = [
    Some(&["randomi"]),
    Some(&["diagno", "a hi"]),
    Some(&["analy"]),
    Some(&[
        "eligib",
        "creened",
        "approached",
        "invited",
        "contacted",
        "inclu",
        "entry",
        "idered",
        "referred",
        "initially",
    ]),
    Some(&[
        "analy",
        "able",
        "evaluated",
        "were a",
        "intention",
        "protocol",
        "followed",
        "xamined",
        "had ",
        "have ",
    ]),
    Some(&["random", "allocated", "igned"]),
    Some(&["completed", "fini"]),
    None,
    None,
];

/// All literals of [`AFTER_GATES`] (ASCII case aside), each with the
/// index of its pattern.
static GATE_WORDS: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut of = Vec::new();
    for (i, gate) in AFTER_GATES.iter().enumerate() {
        for w in gate.iter().flat_map(|g| g.iter()) {
            words.push(*w);
            of.push(i);
        }
    }
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&words)
        .expect("gate words");
    (ac, of)
});

/// Which patterns of [`AFTER_ROLES`] may match in `after`: a bit per
/// pattern, set when it has no gate or a literal of its gate is there.
fn may_match(after: &str) -> u32 {
    let (ac, of) = &*GATE_WORDS;
    let mut bits = 0u32;
    for (i, gate) in AFTER_GATES.iter().enumerate() {
        if gate.is_none() {
            bits |= 1 << i;
        }
    }
    for m in ac.find_overlapping_iter(after) {
        bits |= 1 << of[m.pattern().as_usize()];
    }
    bits
}

/// The earliest role verb in `after`: its span and role, the first of
/// [`AFTER_ROLES`] on a tie; a `Subgroup` verb after a relative clause
/// does not count. With `gated`, the patterns [`may_match`] rules out are
/// not searched.
fn first_role(after: &str, gated: bool) -> Option<(usize, usize, Role)> {
    let bits = if gated { may_match(after) } else { u32::MAX };
    let mut best: Option<(usize, usize, Role)> = None;
    for (i, (re, role)) in AFTER_ROLES.iter().enumerate() {
        if bits & (1 << i) == 0 {
            continue;
        }
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
    best
}

// `were not `, `had never been `, `could not be `: a negation right before
// a role verb.
static NEGATED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:not|never)\s+(?:(?:be|been|yet|further|subsequently|formally|actually)\s+){0,2}$",
    )
    .expect("negated before regex")
});

// The verbs that say "enrolled" outright, unlike `received` or `underwent`.
pub(super) static STRONG_ENROL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^(?:enrol|includ|recruit|entered|accrued|registered|particip|took part)",
    )
    .expect("strong enrol regex")
});

// A role verb joined to a screening one: `were eligible and randomized`.
pub(super) static JOINED_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^\s*,?\s*(?:and|&)\s+(?:(?:were|was)\s+)?(?:(?:then|subsequently|all|later)\s+)?(randomi[sz]ed|randomly (?:assigned|allocated)|enrolled|included|recruited)(?-u:\b)")
        .expect("joined role regex")
});

// A relative clause or description between a count and a verb.
pub(super) static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|whom|that|which|with|whose|after|if|when)(?-u:\b)")
        .expect("relative regex")
});

// `who met`, `that fulfilled`: the eligibility a relative clause right
// after a count states.
pub(super) static RELATIVE_CRITERIA: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|that|which)\s+(?:all\s+)?$")
        .expect("relative criteria regex")
});

// After the criteria a relative clause names, the main verb with no clause
// break before it (not `Of 200 patients who met the criteria, 150 were
// randomized`): at most a few words (`of the study`, `for this trial`).
pub(super) static MAIN_VERB_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:\s+(?:for|of|in)\s+(?:the|this|our)\s+(?:[a-z-]+\s+){0,2}?(?:study|trial|analysis))?\s+(?:(?:and|then|all|subsequently)\s+)*(?:were|was)\s+(?:(?:then|subsequently|all|consecutively|prospectively)\s+)*(?:randomi[sz]ed|randomly|enrolled|included|recruited|allocated|assigned|analy[sz]ed|evaluated|studied)(?-u:\b)")
        .expect("main verb regex")
});

/// The role the verb after a count gives it (`were randomized`, `died`),
/// its rule and confidence; `pct`: a share follows the count, which makes
/// anything but randomisation an outcome.
pub(in crate::extract::sample_size) fn role_after(
    after: &str,
    pct: bool,
) -> Option<(Role, &'static str, f32)> {
    let (p, end, role) = first_role(after, true)?;
    // `267 subjects were not randomized`, `40 were never enrolled`: a
    // negated entry verb says the count stayed out (a screen failure, an
    // exit), never the role the verb names.
    if matches!(
        role,
        Role::Randomized | Role::Enrolled | Role::Analyzed | Role::Completed | Role::Total
    ) && NEGATED_BEFORE.is_match(&after[..p])
    {
        // `94 patients who had not received insulin were randomized`: the
        // negation is the relative clause's; the randomizing verb after it
        // is the count's.
        if RELATIVE.is_match(&after[..p]) {
            let inner = role_after(&after[end..], pct);
            if let Some(r) = inner.filter(|r| r.0 == Role::Randomized) {
                return Some(r);
            }
        }
        return Some((Role::Subgroup, "sample_size.count_noun_outcome", 0.6));
    }
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
    // `743 infants were recruited and randomised`: all of them were
    // randomised too, the later step and the stronger role.
    let enrolled_then = role == Role::Enrolled && STRONG_ENROL.is_match(&after[p..]);
    let joined = (role == Role::Skip || enrolled_then)
        .then(|| JOINED_ROLE.captures(&after[end..]))
        .flatten()
        .filter(|j| role == Role::Skip || j[1].to_ascii_lowercase().starts_with("random"));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The gates rule out no pattern that matches: on every window of four
    /// pieces, the gated search finds what the full one finds.
    #[test]
    fn gated_patterns_find_what_all_patterns_find() {
        let pieces = [
            " were randomized",
            " who",
            " had",
            " died",
            " were eligible",
            " and",
            " ANALYSED",
            " had baseline MRI",
            " completed",
            " originally randomized in the",
            " CORE study",
            " parent trial",
            " were assessed",
            " for eligibility",
            " with",
            " enrolled",
            " lost to follow-up",
            " met the inclusion criteria",
            " for analysis",
            " patients",
            " a history of",
            " were aſſigned",
            " finiſhed",
            ",",
        ];
        let mut found = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let w = format!("{a}{b}{c}{d}");
                        let got = first_role(&w, true);
                        assert_eq!(got, first_role(&w, false), "{w:?}");
                        found += usize::from(got.is_some());
                    }
                }
            }
        }
        assert!(found > 100_000, "{found}");
    }

    /// Each gated pattern, on each of its own example phrases, is let
    /// through by its gate.
    #[test]
    fn every_gate_lets_its_patterns_words_through() {
        let phrases = [
            (0, "first randomized into the CORE trial"),
            (1, "had a history of"),
            (1, "have been diagnosed"),
            (2, "were eligible for the analyses"),
            (2, "fulfilled the criteria for this analysis"),
            (3, "were checked for eligibility"),
            (3, "SCREENED"),
            (3, "were approached"),
            (3, "were invited"),
            (3, "were contacted"),
            (3, "met all the entry criteria"),
            (3, "met the study inclusion and exclusion criteria"),
            (3, "were considered"),
            (3, "were referred"),
            (4, "were assessable"),
            (4, "evaluable"),
            (4, "available for follow"),
            (4, "were available for the final analysis"),
            (4, "available for 12-month follow"),
            (4, "were evaluated"),
            (4, "were assessed"),
            (4, "intention to treat"),
            (4, "per-protocol"),
            (4, "were followed"),
            (4, "were reexamined"),
            (4, "had complete data"),
            (4, "have baseline MRI"),
            (5, "were assigned"),
            (5, "were allocated"),
            (5, "underwent randomisation"),
            (6, "finished"),
            (6, "completed"),
        ];
        for (i, phrase) in phrases {
            let w = format!(" {phrase} ");
            assert!(AFTER_ROLES[i].0.is_match(&w), "{i} {phrase}");
            assert!(may_match(&w) & (1 << i) != 0, "{i} {phrase}");
        }
    }
}
