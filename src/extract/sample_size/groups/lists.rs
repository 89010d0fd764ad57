//! Lists of groups: `94 in SNB arm and 82 in observation arm`, `34
//! patients received AC … and 129 patients received FAC`, `27 in each group`.

use crate::extract::sample_size::index::ByStart;
use crate::extract::sample_size::lexicon::{
    exits_after, ARM_ITEM, NOUN, NOUNS, NOUN_IN, PERCENT_PAREN, RANDOMIZATION, SHARE_NEXT,
};
use crate::extract::sample_size::targets::in_calculation;
use crate::extract::sample_size::window::{
    after_list_word, before_window, group_after, quiet_after, spent,
};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

#[path = "lists_each.rs"]
mod each;
use each::each_arm;

// `27 in each group`, `n = 27 per arm`, `18 patients each in`, `five each`,
// `60 patients into each of the two groups`, `(80/arm)`.
static EACH: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:\s+(?:{NOUNS}))?\s*(?:(?:in each|into each|each in|per|in both|for each|to each|each)(?-u:\b)(?:\s+(?:of the\s+)?(?:two|three|four|2|3|4))?\s*(?:group|arm|cohort|treatment|study arm|condition)?|/\s?(?:group|arm)(?-u:\b))"
    ))
    .expect("each regex")
});

// `27 of whom were randomized to each arm`, `25 patients were allocated in
// a concealed manner to each group`, `Eight were randomly assigned to each
// study arm`, `20 randomized to each treatment group`, `Thirty patients were
// analysed in each group`: a count of people assigned to (or counted in)
// each group is the size of each (the words between hold no number, no
// comma); `six were randomly allocated to each arm` may count clusters.
static EACH_ASSIGNED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:(?:(?:\s+[A-Za-z-]+){{0,2}}?\s+(?:{NOUNS}))?(?:\s+(?:were|was)(?:\s+then)?)?|\s+of\s+(?:whom|them|these)\s+(?:were|was)(?:\s+then)?)\s+(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated|enrolled|included|recruited|analy[sz]ed|treated|studied)(?:\s+[^0-9\s.;:,()]+){{0,4}}?\s+(?:in|to|into|for|per)\s+(?:each|every)(?:\s+of\s+the)?(?:\s+(?:two|three|four|five|2|3|4|5))?(?:\s+[A-Za-z-]+)?\s+(?:groups?|arms?|cohorts?|conditions?|treatments?|interventions?|regimens?|procedures?|techniques?)(?-u:\b)"
    ))
    .expect("each assigned regex")
});

// `two groups of 20`, `three equal groups of ten`, `four treatment arms of
// 12 mice`, `two series of 20 consecutive patients each`: a count of groups
// named before the size of each (a series or cohort only with its `each`,
// [`EACH_OF_SERIES`]).
static K_GROUPS_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:two|three|four|five|six|seven|eight|[2-8])\s+(?:[a-z-]+\s+)?(?:groups|arms|(series|cohorts))\s+of\s*$",
    )
    .expect("k groups of regex")
});

// `two groups, each containing`, `three groups, each one including`,
// `control groups each consisting of`: groups named right before the size
// every one of them holds.
static GROUPS_EACH_HOLD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:groups|arms)\s*,?\s*each(?:\s+(?:one|group|arm))?\s+(?:including|included|includes|containing|contained|contains|comprising|comprised|consisting\s+of|of|with)\s*$",
    )
    .expect("groups each hold regex")
});

// What may follow such a size: the people or animals it counts, perhaps
// described (`healthy male subjects`, `each`), then the clause goes on (`to
// receive`, `:`, `,`), not a unit (`of 20 mg`) or another count.
static K_GROUPS_OF_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^((?:(?:\s+[A-Za-z-]+){{0,2}}?\s+(?:{NOUNS}|animals|rats|mice|dogs|cats|rabbits|pigs|piglets|sheep|horses|cows|calves|hamsters|monkeys|birds|chickens|broilers|fish))?(?:\s+each)?)\s*(?:[,.;:(]|(?:to|and|who|that|receiving|according|by|in|for|with)(?-u:\b))"
    ))
    .expect("k groups of after regex")
});

// After the size of each series or cohort: one word that describes them
// (`consecutive`), the people, and `each`.
static EACH_OF_SERIES: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^((?:\s+[A-Za-z-]+)?\s+(?:{NOUNS})\s+each)(?-u:\b)"
    ))
    .expect("each of series regex")
});

// Groups of things, not people (`6 groups of 10 teeth`, `Specimens were
// divided into two groups of thirty`), and groups of another study (`two
// groups of 15 students in pilot studies`).
static K_GROUPS_OF_NOT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:(teeth|tooth|premolars|molars|incisors|canines|specimens|samples|discs|disks|blocks|implants|restorations|crowns|dentin|enamel)|in (?:a |the |two |three |previous |earlier |prior )?pilot (?:stud|trial|test))")
        .expect("k groups of not regex")
});

// People counted in the sentence (`Sixty molars of 30 children`): the
// teeth are the units of a split-mouth trial of people, its groups arms.
static PEOPLE_COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)\d+\s+(?:children|patients|subjects|participants|adults|volunteers|individuals|people)(?-u:\b)")
        .expect("people counted regex")
});

/// Whether the sentence `sent` (to a little after the size) makes the
/// groups of a size groups of things with no people counted, or of a pilot.
fn groups_of_things(sent: &str) -> bool {
    K_GROUPS_OF_NOT
        .captures(sent)
        .is_some_and(|c| c.get(1).is_none() || !PEOPLE_COUNTED.is_match(sent))
}

/// Whether the size `n` of each group, described by the words
/// `after[..end]`, is one size: not a range (`eight or nine caregivers`)
/// and not the whole that a bracket right after it splits (`two groups of
/// 41 patients (20 placebo and 21 intervention)`).
fn one_size(after: &str, end: usize, n: u64) -> bool {
    let words = &after[..end];
    if words.split_whitespace().any(|w| {
        matches!(w.to_ascii_lowercase().as_str(), "or" | "to" | "and")
            || crate::extract::numbers::parse_count_or_words(w).is_some()
    }) {
        return false;
    }
    let rest = after[end..].trim_start();
    let Some(inner) = rest.strip_prefix('(') else {
        return true;
    };
    let inner = &inner[..inner.find(')').unwrap_or(inner.len()).min(120)];
    let parts: Vec<u64> = inner
        .split(|ch: char| !ch.is_ascii_digit())
        .filter_map(|d| d.parse().ok())
        .collect();
    !(parts.len() >= 2 && parts.iter().sum::<u64>() == n)
}

/// `Forty dogs were randomly allocated to two groups of 20 to receive …`:
/// the size of each of the groups counted before it.
fn groups_of_size(doc: &Document, s: usize, e: usize, n: u64) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let before = &fold[floor_boundary(fold, s.saturating_sub(40))..s];
    if n < 2 {
        return None;
    }
    let k = K_GROUPS_OF.captures(before);
    // `divided into two groups, each containing 45 patients`: the size of
    // each, said of the people it counts (`each with 20 mg` is a dose).
    let each_holds = k.is_none() && GROUPS_EACH_HOLD.is_match(before);
    if k.is_none() && !each_holds {
        return None;
    }
    let m = if k.as_ref().is_some_and(|k| k.get(1).is_some()) {
        EACH_OF_SERIES.captures(&fold[e..])?
    } else {
        K_GROUPS_OF_AFTER.captures(&fold[e..])?
    };
    if each_holds && m.get(1)?.as_str().trim().is_empty() {
        return None;
    }
    if !one_size(&fold[e..], m.get(1)?.end(), n) {
        return None;
    }
    // The sentence up to the size and a few words after it.
    let (ss, se) = doc.sentence_at(s);
    let hi = ceil_boundary(fold, (e + m.get(0)?.end() + 40).min(se).max(e));
    // A group of things or of another study is a part, never the study's
    // count (`120 incisors were divided into four groups of 30 teeth`).
    let (role, rule) = if groups_of_things(&fold[ss.min(s)..hi]) {
        (Role::Subgroup, "sample_size.groups_of_units")
    } else {
        (Role::Arm, "sample_size.arm_each")
    };
    Some(Cand::ungrouped(s, e + m.get(1)?.end(), n, role, rule, 0.75))
}

// What a crossover's count is assigned to each of (an order of periods), or
// a site's (`20 patients were recruited in each centre`): no group's size.
static SEQUENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:sequences?|orders?|periods?|sessions?|visits?|blocks?|cent(?:re|er)s?|sites?|hospitals?|clinics?|villages?|schools?|class(?:es)?|practices?|wards?|clusters?|countr(?:y|ies)|regions?|districts?)(?-u:\b)",
    )
    .expect("sequence regex")
});

// Things other than people that lists of groups count.
static EVENTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:events?|deaths|recurrences|relapses|episodes|procedures|cycles|lesions|tumou?rs|samples|specimens|infections|fractures|admissions|visits|appointments|consultations|complications|cancers|metastases|operations)(?-u:\b)")
        .expect("events regex")
});

// Parts of the count before: `…, of whom 37 formed the intervention group`.
static WHOLE_OF_PARTS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:of whom|of which|among whom|among them|of these|of them)(?-u:\b)",
    )
    .expect("whole regex")
});

static SPLIT_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:(?:two|three|four|five|2|3|4|5|several|different|separate|equal)(?-u:\b)|one of|groups(?-u:\b)|arms(?-u:\b))")
        .expect("split target regex")
});

// Steps of a trial every participant goes through, never a group:
// `underwent randomization`, `entered screening`, `in follow-up`.
static TRIAL_STEP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:randomi[sz]ation|screening|allocation|enrol?ment|follow-?up|baseline|eligibility|assessment)(?-u:\b)")
        .expect("trial step regex")
});

/// Whether a group's name is a step of the trial ([`TRIAL_STEP`]); `the
/// screening group` of a screening trial is a group.
fn trial_step(group: &str) -> bool {
    TRIAL_STEP.is_match(group)
        && !group.split_whitespace().nth(1).is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "group" | "groups" | "arm" | "arms" | "cohort" | "cohorts"
            )
        })
}

/// Whether a group's name opens with a count of people (`32 patients
/// were randomly assigned …` after `64 teeth in`): the count before
/// counts units within those people.
fn people_count(group: &str) -> bool {
    let mut words = group.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit() || b == b','))
        && words.next().is_some_and(|w| NOUN.is_match(w))
}

/// Whether [`EACH`] or [`EACH_ASSIGNED`] may match at `e` (`lower` is the
/// text in ASCII lower case): every match of either holds `each`, `per`,
/// `both` or `every` (in any ASCII case; their letters have no other case
/// variants) before any digit or `.`, `,`, `;`, `:`, `(`, `)`: the words
/// before it are spaces, letters, hyphens and [`EACH_ASSIGNED`]'s
/// `[^0-9\s.;:,()]+`. A byte scan to the first such byte instead of two
/// anchored searches per number (most numbers have none of the words).
/// Each word ends a word there too (`\b` in [`EACH`], white space in
/// [`EACH_ASSIGNED`]): the next byte is none of ASCII letters, digits and
/// `_`, so `percent`, `performed` and `period` do not count.
fn each_may_follow(lower: &str, e: usize) -> bool {
    let b = &lower.as_bytes()[e..];
    let stop = b
        .iter()
        .position(|c| c.is_ascii_digit() || b".,;:()".contains(c))
        .unwrap_or(b.len());
    // `(80/arm)`: the slash of `per`.
    if b.starts_with(b"/arm") || b.starts_with(b"/group") || b.starts_with(b"/ arm") {
        return true;
    }
    let w = &b[..stop];
    let ends_word = |j: usize| {
        b.get(j)
            .is_none_or(|&x| !(x.is_ascii_alphanumeric() || x == b'_'))
    };
    (0..w.len()).any(|i| {
        let t = &w[i..];
        [&b"each"[..], b"per", b"both", b"every"]
            .iter()
            .any(|x| t.starts_with(x) && ends_word(i + x.len()))
    })
}

/// Lists of groups: `94 in SNB arm and 82 in observation arm`, `34 patients
/// received AC … and 129 patients received FAC`; and `27 in each group`.
#[inline(never)]
pub(super) fn arms_from_lists(doc: &Document, nums: &[(usize, usize, u64)], out: &mut Vec<Cand>) {
    let mut by_start = ByStart::new(out);
    let items = list_items(doc, nums, &mut by_start, out);
    // Keep items that come at least two to a sentence, joined by `and`,
    // `or`, `versus`, commas.
    let mut i = 0;
    while i < items.len() {
        let mut j = i + 1;
        while j < items.len() && items[j].0 == items[i].0 {
            j += 1;
        }
        keep_list(doc, &items[i..j], &mut by_start, out);
        i = j;
    }
}

/// The list items among `nums`, each with its sentence start; `27 in each
/// group` goes to `out` at once.
fn list_items(
    doc: &Document,
    nums: &[(usize, usize, u64)],
    by_start: &mut ByStart,
    out: &mut Vec<Cand>,
) -> Vec<(usize, Cand)> {
    let lower = doc.lower();
    let mut items: Vec<(usize, Cand)> = Vec::new();
    for &(s, e, n) in nums {
        if spent(doc, out.len()) {
            break;
        }
        if let Some(c) = groups_of_size(doc, s, e, n) {
            by_start.replace(out, c);
            continue;
        }
        if let Some(m) = each_after(doc, lower, s, e) {
            if let Some(c) = each_arm(doc, s, e, n, m) {
                by_start.replace(out, c);
            }
            continue;
        }
        if let Some(item) = list_item(doc, s, e, n) {
            items.push(item);
        }
    }
    items
}

/// The `in each group` ([`EACH`]) or `were randomized to each arm`
/// ([`EACH_ASSIGNED`], not of a sequence or a site, not in a sample-size
/// calculation) after the number at `s..e`.
fn each_after<'a>(doc: &'a Document, lower: &str, s: usize, e: usize) -> Option<regex::Match<'a>> {
    if !each_may_follow(lower, e) {
        return None;
    }
    let fold = doc.fold.as_str();
    let rest = &fold[e..];
    EACH.find(rest).or_else(|| {
        EACH_ASSIGNED.find(rest).filter(|m| {
            let hi = ceil_boundary(fold, e + m.end() + 40);
            !SEQUENCE.is_match(&fold[e + m.end()..hi]) && !in_calculation(doc, s, e)
        })
    })
}

/// An item of a list of groups (`94 in SNB arm`, `34 patients received
/// AC`), with the start of its sentence.
fn list_item(doc: &Document, s: usize, e: usize, n: u64) -> Option<(usize, Cand)> {
    let fold = doc.fold.as_str();
    let rest = &fold[e..];
    if quiet_after(rest) {
        return None;
    }
    let m = ARM_ITEM.captures(rest)?;
    let whole = m.get(0).expect("m");
    let verb = m.get(1).expect("verb").as_str().to_ascii_lowercase();
    // `68 were treated with wire localization and 66 with radioguided
    // localization`: a bare `N with` continues a list; `120 patients
    // with breast cancer` describes who they are.
    if verb == "with" && (NOUN_IN.is_match(whole.as_str()) || !after_list_word(fold, s)) {
        return None;
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
        return None;
    }
    // `40 patients were randomized into two groups`, `… to one of three
    // arms`: the whole that is split, not one of its parts. `456
    // patients underwent randomization`: a step of the trial all of
    // them went through, no group.
    // `64 teeth in 32 patients`: the units counted within people,
    // and no group.
    if group
        .as_deref()
        .is_some_and(|g| SPLIT_TARGET.is_match(g) || trial_step(g) || people_count(g))
    {
        return None;
    }
    let (ss, _) = doc.sentence_at(s);
    let rule = if member {
        "sample_size.arm_member"
    } else if matches!(verb.as_str(), "in" | "into" | "on" | "to" | "for" | "with") {
        "sample_size.arm_list_in"
    } else {
        "sample_size.arm_list_received"
    };
    Some((
        ss,
        Cand {
            start: s,
            end: e + whole.end(),
            n,
            role: Role::Arm,
            group,
            rule,
            conf: 0.7,
        },
    ))
}

/// The items of one sentence (`items`): one count placed in a named group,
/// or two or more that name groups or are allocated, are arms.
fn keep_list(doc: &Document, items: &[(usize, Cand)], by_start: &mut ByStart, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    // `409 women in the intervention group …`: one count placed in a
    // named group is that group's size, unless its clause is an outcome.
    let single_in_group = items.len() == 1
        && items[0].1.rule == "sample_size.arm_list_in"
        && has_group_word(fold, &items[0].1)
        && NOUN_IN.is_match(&fold[items[0].1.start..items[0].1.end])
        && by_start
            .get(items[0].1.start)
            .is_some_and(|o| !matches!(out[o].role, Role::Subgroup | Role::Skip | Role::Cited))
        && !procedure_in(before_window(doc, items[0].1.start, false));
    let single_member = items.len() == 1
        && (items[0].1.rule == "sample_size.arm_member" || single_in_group)
        && (has_group_word(fold, &items[0].1)
            || items[0]
                .1
                .group
                .as_deref()
                .is_some_and(|g| g.starts_with("control")));
    if single_member {
        by_start.replace(out, items[0].1.clone());
    }
    if items.len() >= 2 {
        // `9 subjects (5 in placebo and 4 in RMD groups) failed to
        // complete`: a bracketed list of who left, not of the arms.
        let last = items[items.len() - 1].1.end;
        let tail = &fold[last..ceil_boundary(fold, last + 80)];
        let close = tail
            .find([')', '('])
            .filter(|&p| tail[p..].starts_with(')'));
        if close.is_some_and(|p| exits_after(fold, last + p + 1)) {
            return;
        }
        let group_words = items
            .iter()
            .filter(|(_, c)| {
                matches!(
                    c.rule,
                    "sample_size.arm_list_received" | "sample_size.arm_member"
                ) || has_group_word(fold, c)
            })
            .count();
        // `449 events were reported--183 in the exemestane group and 266
        // in the tamoxifen group` counts events, not people.
        let (ss, se) = doc.sentence_at(items[0].1.start);
        let people = items
            .iter()
            .any(|(_, c)| NOUN_IN.is_match(&fold[c.start..c.end]));
        let events = !people && EVENTS.is_match(&fold[ss..se]);
        let allocated = RANDOMIZATION.is_match(&fold[ss..se]);
        // `Contralateral cancer occurred in 20 patients in the tamoxifen
        // group and 9 in the exemestane group`, `65 (3.4%) in the
        // anastrozole arm and 31 (1.6%) in the placebo arm`: counts of
        // an outcome by group, in a sentence that assigns no one.
        // Near the list only: token-joined abstracts have no stops.
        let lo = floor_boundary(fold, items[0].1.start.saturating_sub(150)).max(ss);
        let hi = ceil_boundary(fold, items[items.len() - 1].1.end + 150)
            .min(se)
            .max(lo);
        let near = &fold[lo..hi];
        let outcome = !LIST_MEMBERSHIP.is_match(near)
            && (LIST_OUTCOME.is_match(near)
                || property_in(&fold[lo..items[0].1.start])
                || procedure_in(&fold[lo..items[0].1.start])
                || items
                    .iter()
                    .any(|(_, c)| PERCENT_PAREN.is_match(&fold[c.start..c.end])));
        if (group_words >= 1 || allocated) && !events {
            for (_, c) in items {
                // `83 of the 257 patients in the X group`: a denominator
                // is the group's size even in an outcome sentence.
                let lo = floor_boundary(fold, c.start.saturating_sub(12));
                let before = fold[lo..c.start].trim_end().to_ascii_lowercase();
                let denominator =
                    before.ends_with(" of") || before.ends_with(" of the") || before.ends_with('/');
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
}

// What makes a list of counts by group an outcome: a verb of what happened
// to them.
static LIST_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:occurr?(?:ed|ing)?|developed|experienced|suffered|died|relapsed|recurred|lost to follow|discontinued|withdr[ae]w|reported|observed|were seen|was seen|had an?|showed|met|responded|in (?:complete|partial) response|was (?:positive|negative))(?-u:\b)")
        .expect("list outcome regex")
});

// A state said of the list's first count, which `in` makes the set it
// holds in: `Operating conditions were excellent in two patients in the A
// group as compared to 7 in the B group`, `Pain was less common among 12
// in the A group`, `Exudate resolved in 11 patients in group A as compared
// to 3 in group B`. The count is how many of a group had the state, not the
// group's size; a procedure done in the patients (`performed`,
// `conducted`, `used`) is no state.
static PROPERTY_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:(?-u:\b)(?:were|was|is|are|been|being)\s+(?:(?:very|more|less|most|least|rather|quite|significantly|also|only|still|not)\s+)*([a-z-]+)|(?-u:\b)([a-z-]+ed))\s+(?:in|among)\s*$")
        .expect("property in regex")
});

/// Words after `were` that say what was done in the patients, not what
/// they were: `surgery was performed in 30 patients in group A`, `was
/// measured in 155 women in the intervention group`.
const PROCEDURES: [&str; 42] = [
    "performed",
    "conducted",
    "done",
    "carried",
    "used",
    "undertaken",
    "administered",
    "given",
    "applied",
    "employed",
    "enrolled",
    "included",
    "recruited",
    "randomized",
    "randomised",
    "allocated",
    "assigned",
    "divided",
    "distributed",
    "grouped",
    "placed",
    "classified",
    "categorized",
    "treated",
    "operated",
    "studied",
    "evaluated",
    "assessed",
    "analysed",
    "analyzed",
    "measured",
    "collected",
    "recorded",
    "available",
    "tested",
    "examined",
    "followed",
    "resulted",
    "registered",
    "involved",
    "stratified",
    "started",
];

/// Whether `before` (the list's sentence up to its first count) ends in a
/// state that holds `in` the count.
fn property_in(before: &str) -> bool {
    PROPERTY_IN
        .captures(before)
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .is_some_and(|w| !PROCEDURES.contains(&w.as_str().to_ascii_lowercase().as_str()))
}

// A procedure done in a count: `Tracheostomy was done in 98 patients in the
// early group`, `Reoperation was performed in 6 patients in group B`.
static DONE_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:was|were)\s+(?:(?:also|only|then|successfully|eventually|finally|subsequently)\s+)?(?:performed|done|undertaken|carried\s+out)\s+(?:in|on)\s*$")
        .expect("done in regex")
});

// What, done in a group's members, counts who were measured or allocated:
// `Intent-to-treat analysis was carried out in 49 children in the A group`.
static DATA_DONE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:analys|analyz|assessment|measurement|evaluation|examination|test|follow|record|data|interview|questionnaire|survey|scan|imaging|mri|ultraso|echocardiog|sampl|randomi|allocation|intention|protocol)")
        .expect("data done regex")
});

/// Whether `before` (a sentence up to its first count) says a clinical
/// procedure was done in the count: the count is those of a group the
/// procedure happened to, not the group's size. An analysis, a measurement
/// or the allocation done in the count says who was counted instead.
fn procedure_in(before: &str) -> bool {
    let Some(m) = DONE_IN.find(before) else {
        return false;
    };
    let subject = &before[floor_boundary(before, m.start().saturating_sub(60))..m.start()];
    !DATA_DONE.is_match(subject)
}

// What makes a list of counts by group its membership even so.
static LIST_MEMBERSHIP: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)randomi[sz]|(?-u:\b)(?:assigned|allocated|enrolled|included|recruited|analy[sz]ed|evaluable|assessable|received|receiving|underwent|completed the study)(?-u:\b)")
        .expect("list membership regex")
});

fn has_group_word(fold: &str, c: &Cand) -> bool {
    c.group.as_deref().is_some_and(|g| {
        let g = g.to_ascii_lowercase();
        g.contains("group")
            || g.contains("arm")
            || g.contains("placebo")
            || g.contains("control")
            || named_condition(fold, c, &g)
    })
}

/// `26 in the Silence condition and 37 in the Noise condition`: an
/// experiment's condition, `the` and a name of its own before `condition`
/// (not `in a stable condition`, `in the same condition`, `in the medical
/// condition`). `g` is the group (lower case) after the item's text.
fn named_condition(fold: &str, c: &Cand, g: &str) -> bool {
    let w: Vec<&str> = g.split_whitespace().collect();
    let n = w.len();
    (2..=4).contains(&n)
        && fold[c.start..c.end]
            .trim_end()
            .to_ascii_lowercase()
            .ends_with(" the")
        // One condition each: `the 14 subjects in the "blindfolded" and
        // "eyes-open" conditions` is a whole over several, and a count with
        // its share (`30 (83%) in the ICBT and 35 (81%) in the TAU
        // condition`) is a part of each arm (those who completed).
        && w[n - 1] == "condition"
        && !fold[c.start..c.end].contains('%')
        && !w[..n - 1].iter().any(|x| {
            matches!(
                *x,
                "same"
                    | "other"
                    | "following"
                    | "above"
                    | "medical"
                    | "clinical"
                    | "general"
                    | "physical"
                    | "health"
                    | "underlying"
                    | "disease"
                    | "skin"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wherever [`EACH`] or [`EACH_ASSIGNED`] matches after a number, the
    /// byte scan lets it be tried; `percent` and the like do not.
    #[test]
    fn each_words_are_found_where_the_patterns_match() {
        let text = "27 in each group, n = 27 per arm; 18 patients each in A; five each, \
            60 patients into each of the two groups. 25 patients were allocated in a concealed \
            manner to each group; 8 were randomly assigned to every arm, 30 in both arms, 12 per\u{a0}group \
            and 20 each\tand 3 PER group, 40 per-protocol, 9 percent, 7 performed, 6 period, 5 perx, 4 per_";
        let lower = text.to_ascii_lowercase();
        let mut matched = 0;
        for (e, _) in text.char_indices().filter(|&(i, c)| {
            c.is_ascii_digit() && !text[i + 1..].starts_with(|d: char| d.is_ascii_digit())
        }) {
            let e = e + 1;
            let rest = &text[e..];
            if EACH.is_match(rest) || EACH_ASSIGNED.is_match(rest) {
                matched += 1;
                assert!(each_may_follow(&lower, e), "{}", &text[e..]);
            }
        }
        assert!(matched >= 10, "{matched}");
        for t in ["9 percent", "7 performed", "6 period", "5 perx", "4 per_"] {
            assert!(!each_may_follow(&t.to_ascii_lowercase(), 1), "{t}");
        }
    }
}
