//! Brackets that break a count into groups (`(166 control and 169
//! intervention)`, `(control, 288; capecitabine, 297)`) and brackets of a
//! group's count after its name (`epoetin alfa (n = 90)`).

use crate::extract::numbers::parse_count_or_words;
use crate::extract::sample_size::index::{ByStart, Index, Spans};
use crate::extract::sample_size::lexicon::{
    cluster_word, exit_label, exits_after, exits_before, is_noun, spaced_count_end, ALLOCATION,
    EVENTS_WORD, NOUNS, N_EQUALS, RANDOMIZATION,
};
use crate::extract::sample_size::window::{group_before, spent};
use crate::extract::sample_size::{Cand, Role};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

// `(group A)`, `(control arm)`, `(intervention group)`.
static GROUP_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^(?:(?:the\s+)?[A-Za-z0-9-]+\s+)?(?:group|arm|cohort)(?:\s+[A-Za-z0-9]{1,3})?$",
    )
    .expect("group label regex")
});

// What a breakdown may follow: `were randomized`, `were enrolled`.
static BREAKDOWN_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?:randomi[sz]ed|assigned|allocated|enrolled|included|recruited|analy[sz]ed|completed the study|treatment|groups?|arms?)\s*$")
        .expect("breakdown lead regex")
});

static BREAKDOWN_SPLIT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"\s*(?:;|,|(?-u:\b)and(?-u:\b)|(?-u:\b)versus(?-u:\b)|(?-u:\b)vs\.?)\s*",
    )
    .expect("split regex")
});

// One item: `control, 288` is split at the comma, so a label and its count
// are also taken as `control 288`, `166 control`, `43 (53.8%) vitamin D`,
// `A: 65`.
static BREAKDOWN_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?i)^(?:([A-Za-z][A-Za-z0-9 +/-]{{0,30}}?)\s*[:=]?\s*(\d{{1,3}}(?:,\d{{3}})+|\d+)(\s*[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]])?|(\d{{1,3}}(?:,\d{{3}})+|\d+)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:{NOUNS})\s+)?(?:in\s+(?:the\s+)?|on\s+|to\s+)?([A-Za-z][A-Za-z0-9 +/-]{{0,30}}))$"
    ))
    .expect("breakdown item regex")
});

// A word that makes the number before it a quantity, not a count.
static UNIT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^(?:seconds?|minutes?|min|hours?|h|days?|weeks?|wk|months?|mo|years?|yr|times|cycles?|doses?|sessions?|fractions?|per|mg|g|kg|mcg|ug|ml|l|iu|units?|gy|cgy|cm|mm|m|%|mmol|µg|μg)$")
        .expect("unit word regex")
});

/// A bracket right after a total that splits it into groups: `Three hundred
/// thirty-five women (166 control and 169 intervention)`, `were randomized
/// (47 CT, 48 HT)`, `(control, 288; capecitabine, 297)`, `in 80 patients
/// (group A)`.
#[inline(never)]
pub(super) fn arms_from_breakdowns(doc: &Document, index: &Index, out: &mut Vec<Cand>) {
    let fold = doc.fold.as_str();
    let mut by_start = ByStart::new(out);
    // The candidates by where they end, kept up to date as items are added:
    // a bracket asks only about the counts just before it.
    let mut by_end: std::collections::BTreeSet<(usize, usize)> =
        out.iter().enumerate().map(|(i, c)| (c.end, i)).collect();
    for m in &index.bracket_spans {
        if spent(doc, out.len()) {
            break;
        }
        let inner_start = m.start() + 1;
        let inner = &fold[inner_start..m.end() - 1];
        let head = fold[..m.start()].trim_end();
        // `in 80 patients (group A)`: the count before names its group.
        if GROUP_LABEL.is_match(inner.trim()) {
            name_count(out, &by_end, (head.len(), m.start()), inner.trim());
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
        // `Seven patients (3 in group A and 4 in group B) were lost to
        // follow-up`: the split of what happened in the arms (who left,
        // died, was excluded), not the arms' sizes.
        if exits_after(fold, m.end()) {
            continue;
        }
        // `223 were excluded (150 did not meet the criteria, 73
        // declined)`: those who left, by reason or group, after their verb.
        if exits_before(head) {
            continue;
        }
        // `13 (6 in the basal group and 7 in the other) referrals`: the
        // noun after the bracket says what the count before it counts.
        if counts_events_after(fold, m.end()) {
            continue;
        }
        let (parsed, shares) = breakdown_items(inner, inner_start);
        if parsed.len() < 2 || parsed.iter().any(|(_, _, _, l)| exit_label(l)) {
            continue;
        }
        // `(standard: 212 [48%]; intensive: 229 [52%])` after `were
        // randomised` splits the trial by group; `(stage II: 40 [33%]; …)`
        // after a count of patients describes them.
        if shares && !RANDOMIZATION.is_match(lead) {
            continue;
        }
        if parsed.iter().any(|(_, _, _, l)| cluster_label(l)) {
            if let Some(c) = cluster_arm(doc, &parsed, ss, m.start()) {
                place(out, &mut by_start, &mut by_end, c);
            }
            continue;
        }
        // `(41 men and 25 women)`: who the participants are, never how
        // they were allocated.
        let (role, rule, conf) = if is_sex_split(&parsed) {
            (Role::Subgroup, "sample_size.sex_breakdown", 0.5)
        } else {
            (Role::Arm, "sample_size.arm_breakdown", 0.75)
        };
        for (s, e, n, label) in parsed {
            let c = Cand {
                start: s,
                end: e,
                n,
                role,
                group: Some(label),
                rule,
                conf,
            };
            place(out, &mut by_start, &mut by_end, c);
        }
    }
    cluster_wholes(doc, out);
}

/// Whether the word right after a bracket (`… (6 in A and 7 in B)
/// referrals`) names events, not people: the head noun of the count the
/// bracket splits.
fn counts_events_after(fold: &str, end: usize) -> bool {
    let rest = &fold[end..ceil_boundary(fold, end + 40)];
    let word = rest
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    !word.is_empty() && EVENTS_WORD.is_match(&word.to_ascii_lowercase())
}

/// `in 80 patients (group A)`: the first count in `out` (`by_end` its
/// candidates by where they end) that ends where only spaces part it from
/// the bracket (`gap`, from the end of the text before it to its `(`)
/// names the group `label`.
fn name_count(
    out: &mut [Cand],
    by_end: &std::collections::BTreeSet<(usize, usize)>,
    gap: (usize, usize),
    label: &str,
) {
    let hit = by_end
        .range((gap.0, 0)..=(gap.1, usize::MAX))
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
        c.group = Some(label.to_string());
    }
}

/// Puts `c` into `out`, replacing the one that starts where it does, and
/// keeps `by_end` up to date.
fn place(
    out: &mut Vec<Cand>,
    by_start: &mut ByStart,
    by_end: &mut std::collections::BTreeSet<(usize, usize)>,
    c: Cand,
) {
    if let Some(i) = by_start.get(c.start) {
        by_end.remove(&(out[i].end, i));
    }
    by_end.insert((c.end, by_start.get(c.start).unwrap_or(out.len())));
    by_start.replace(out, c);
}

/// `to the intervention (12 practices, 598 patients)`: one group of a
/// cluster trial counted twice, in units and in people; its size in people
/// is the arm, in a sentence that randomizes (`ss` its start, the bracket
/// at `open`). Units alone (`(25 communities, 267 households)`) say nothing
/// of the people.
fn cluster_arm(
    doc: &Document,
    parsed: &[(usize, usize, u64, String)],
    ss: usize,
    open: usize,
) -> Option<Cand> {
    let fold = doc.fold.as_str();
    let people: Vec<_> = parsed.iter().filter(|(_, _, _, l)| is_noun(l)).collect();
    let [(s, e, n, _)] = people[..] else {
        return None;
    };
    RANDOMIZATION.is_match(&fold[ss..open]).then(|| Cand {
        start: *s,
        end: *e,
        n: *n,
        role: Role::Arm,
        group: group_before(fold, open),
        rule: "sample_size.arm_cluster_people",
        conf: 0.7,
    })
}

/// `28 general practices (1,452 patients), randomised to A (14 practices,
/// 731 patients) or B (14 practices, 721 patients)`: the count in brackets
/// after the units is all the people the groups' counts add up to, the
/// whole, not one more group.
fn cluster_wholes(doc: &Document, out: &mut [Cand]) {
    let people: Vec<(usize, u64)> = out
        .iter()
        .filter(|c| c.rule == "sample_size.arm_cluster_people")
        .map(|c| (doc.sentence_at(c.start).0, c.n))
        .collect();
    if people.len() < 2 {
        return;
    }
    for c in out.iter_mut() {
        if c.role != Role::Arm || c.rule != "sample_size.arm_paren_count" {
            continue;
        }
        let ss = doc.sentence_at(c.start).0;
        let parts: Vec<u64> = people.iter().filter(|p| p.0 == ss).map(|p| p.1).collect();
        if parts.len() >= 2 && parts.iter().sum::<u64>() == c.n {
            c.role = Role::Randomized;
            c.group = None;
            c.rule = "sample_size.cluster_whole";
        }
    }
}

/// Whether a breakdown item's label is a unit a cluster trial randomizes
/// (`12 practices`, `25 communities`).
fn cluster_label(label: &str) -> bool {
    label
        .split_whitespace()
        .next()
        .is_some_and(|w| cluster_word(&w.to_ascii_lowercase()))
}

/// Whether the items of a breakdown split the count by sex: every label
/// starts with a word for one sex and both sexes are named (`41 men and 25
/// women`, `male 12, female 9`); `20 women with A, 20 women with B` are
/// groups.
fn is_sex_split(items: &[(usize, usize, u64, String)]) -> bool {
    let (mut male, mut female) = (false, false);
    for (_, _, _, label) in items {
        let first = label
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match first.as_str() {
            "men" | "man" | "male" | "males" | "boys" | "boy" | "m" => male = true,
            "women" | "woman" | "female" | "females" | "girls" | "girl" | "f" => female = true,
            _ => return false,
        }
    }
    male && female
}

/// The items of a breakdown bracket's text `inner` (starting at byte
/// `inner_start`): (start, end, count, label) each, or none when an item is
/// no count with a label (`(150 minutes per week; 38 patients)`); and
/// whether a label-first item has a share (`standard: 212 [48%]`).
fn breakdown_items(inner: &str, inner_start: usize) -> (Vec<(usize, usize, u64, String)>, bool) {
    let items: Vec<&str> = BREAKDOWN_SPLIT.split(inner).map(str::trim).collect();
    if items.len() < 2 {
        return (Vec::new(), false);
    }
    let mut parsed = Vec::new();
    let mut shares = false;
    for it in &items {
        let Some(c) = BREAKDOWN_ITEM.captures(it) else {
            parsed.clear();
            break;
        };
        shares |= c.get(3).is_some();
        let (num, label) = match (c.get(1), c.get(2), c.get(4), c.get(5)) {
            // `(…, 8 BN and 1 BED, Fig 1)`: a pointer to a figure or table
            // closing the breakdown is no item of it.
            (Some(l), Some(n), _, _) if points_to_figure(l.as_str(), &it[l.end()..n.start()]) => {
                continue;
            }
            // `(group 2, n=26)`, `(stage 3: 40)`: a number glued to a
            // naming word is the name's, not a count.
            (Some(l), Some(n), _, _) if names_by_number(l.as_str(), &it[l.end()..n.start()]) => {
                parsed.clear();
                break;
            }
            (Some(l), Some(n), _, _) => (n, l.as_str()),
            (_, _, Some(n), Some(l)) => (n, l.as_str()),
            _ => {
                parsed.clear();
                break;
            }
        };
        // `(approximately 86,000 births in each arm)` split at its comma:
        // `000` is the thousands of a count, not a count.
        let zero_led = num.as_str().len() > 1 && num.as_str().starts_with('0');
        let Some(n) = parse_count_or_words(num.as_str()).filter(|&n| n > 0 && !zero_led) else {
            parsed.clear();
            break;
        };
        // `(150 minutes per week; 38 patients)`: a dose and a count.
        let first = label.split_whitespace().next().unwrap_or("");
        if UNIT_WORD.is_match(first) {
            parsed.clear();
            break;
        }
        // `(n = 135, 52 events)`, `(937 events vs 797 events)`: counts of
        // what happened, so the bracket splits no one into groups.
        if EVENTS_WORD.is_match(&first.to_ascii_lowercase()) {
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
    (parsed, shares)
}

/// Whether `label` ends in a word that takes a number as its name (`group
/// 2`, `stage 3`, `day 7`), and nothing but spaces parts them
/// (`group A: 27` gives a size); or the number is glued to the label's last
/// letter (`see T0 and T1`, `CD4`): one token, a name, not a count.
fn names_by_number(label: &str, between: &str) -> bool {
    if between.is_empty() && label.ends_with(|c: char| c.is_alphanumeric()) {
        return true;
    }
    let last = label.split_whitespace().last().unwrap_or("");
    between.trim().is_empty()
        && matches!(
            last.to_ascii_lowercase().as_str(),
            "group"
                | "arm"
                | "cohort"
                | "stage"
                | "grade"
                | "phase"
                | "type"
                | "class"
                | "level"
                | "step"
                | "day"
                | "week"
                | "month"
                | "visit"
                | "period"
                | "cycle"
                | "study"
                | "trial"
                | "site"
                | "centre"
                | "center"
                | "part"
                | "session"
        )
}

/// Whether an item is a pointer to a figure or a table (`Fig 1`, `see
/// Table 2`, `figure 1`): the label's last word names one and only spaces
/// part it from its number.
fn points_to_figure(label: &str, between: &str) -> bool {
    let last = label.split_whitespace().last().unwrap_or("");
    between.trim().is_empty()
        && matches!(
            last.to_ascii_lowercase().as_str(),
            "fig" | "figs" | "figure" | "figures" | "table" | "tables" | "panel"
        )
}

// What a group's bracket may hold as its size: a bare count (`no further
// imaging (807)`), or a last item that counts people (`(arm 1:373
// patients)`, `(<75 minutes per week; 41 patients)`), or `n = 27`.
static BRACKET_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
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
#[inline(never)]
pub(super) fn arms_from_group_brackets(doc: &Document, index: &Index, out: &mut Vec<Cand>) {
    let by_sentence = group_brackets(doc, index);
    // The counts the text states of the whole study: `For ACVBP (181
    // patients) and HDT (189 patients), …` gives the groups' sizes outside
    // an allocation sentence when they add up to one (`Eligible patients (n
    // = 370)`).
    let wholes: std::collections::HashSet<u64> = out
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                Role::Randomized | Role::Enrolled | Role::Analyzed | Role::Total
            )
        })
        .map(|c| c.n)
        .collect();
    let spans = Spans::new(out);
    let mut by_start = ByStart::new(out);
    let mut randomized: Option<Vec<(usize, String)>> = None;
    for (sent, items) in by_sentence {
        if spent(doc, out.len()) {
            break;
        }
        let Some(labelled) = bracket_groups(doc, sent, &items, &wholes, &mut randomized) else {
            continue;
        };
        for (s, e, n, g) in labelled {
            // `Control (n = 472/1889)`: a fraction's numerator counts those
            // of the group with an outcome, not the group.
            if super::n_equals::numerator(&doc.fold[e..]) {
                continue;
            }
            // An `n =` bracket may already have a finding: an arm is kept,
            // any other role becomes this arm.
            if let Some(c) = spans.covering(s, e).min().map(|i| &mut out[i]) {
                // `2 trials of X in mania (N = 254)`: pooled studies.
                if c.role != Role::Arm && c.rule != super::pooled::POOLED_RULE {
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

/// One bracket that may give a group's size: (bracket start, count start,
/// count end, n, says what it counts).
type BracketItem = (usize, usize, usize, u64, bool);

/// The brackets of the text that may each give a group's size, by sentence.
fn group_brackets(doc: &Document, index: &Index) -> Vec<((usize, usize), Vec<BracketItem>)> {
    let fold = doc.fold.as_str();
    let mut by_sentence: Vec<((usize, usize), Vec<BracketItem>)> = Vec::new();
    for b in &index.bracket_spans {
        let inner = &fold[b.start() + 1..b.end() - 1];
        // Every `n =` holds `=` or `:`; most brackets hold neither.
        let n_equals = memchr::memchr2(b'=', b':', inner.as_bytes()).is_some();
        // `(N = 1203: anastrozole, n = 615; tamoxifen, n = 588)` splits
        // one count into groups: that is a breakdown, read elsewhere.
        if n_equals && N_EQUALS.find_iter(inner).count() > 1 {
            continue;
        }
        let item = if let Some(c) = n_equals.then(|| N_EQUALS.captures(inner)).flatten() {
            let m = c.get(1).expect("num");
            Some((m.start(), spaced_count_end(inner, m.start(), m.end()), true))
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
    by_sentence
}

/// The groups and sizes the brackets `items` of the sentence `sent` give,
/// if they are a trial's groups: two at least, of sizes alike, in an
/// allocation sentence or adding up to a stated whole (`wholes`) of groups
/// the text randomises to elsewhere.
fn bracket_groups(
    doc: &Document,
    (ss, se): (usize, usize),
    items: &[BracketItem],
    wholes: &std::collections::HashSet<u64>,
    randomized: &mut Option<Vec<(usize, String)>>,
) -> Option<Vec<(usize, usize, u64, String)>> {
    let fold = doc.fold.as_str();
    if items.len() < 2 || !items.iter().any(|i| i.4) {
        return None;
    }
    let adds_up = || {
        // Counts of people (`181 patients`), not `n =` brackets, which
        // also classify (`class I (n = 15); class II (n = 14)`).
        items
            .iter()
            .all(|i| i.4 && !fold[i.0..i.1].contains(['=', ':']))
            && wholes.contains(&items.iter().map(|i| i.3).sum())
    };
    let allocation = ALLOCATION.is_match(&fold[ss..se]);
    if !allocation && !adds_up() {
        return None;
    }
    let lo = items.iter().map(|i| i.3).min().unwrap_or(0);
    let hi = items.iter().map(|i| i.3).max().unwrap_or(0);
    if hi > lo.saturating_mul(5) {
        return None;
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
        return None;
    }
    // Outside an allocation sentence, the groups are the trial's arms
    // only when the text randomises to them elsewhere (`randomly
    // assigned to ACVBP or HDT`): not `bulbar urethra (22 cases) …`,
    // `adverse events (3 subjects)`, `38% male (19 patients)`.
    if !allocation
        && !labelled
            .iter()
            .all(|(_, _, _, g)| !describes_people(g) && randomized_to(doc, randomized, g, (ss, se)))
    {
        return None;
    }
    Some(labelled)
}

/// Whether `label` is named in a sentence that randomises, other than
/// `sent`; the document's randomisation sentences (start, lower-cased
/// text) are found once, on the first question.
fn randomized_to(
    doc: &Document,
    cache: &mut Option<Vec<(usize, String)>>,
    label: &str,
    sent: (usize, usize),
) -> bool {
    let fold = doc.fold.as_str();
    let sentences = cache.get_or_insert_with(|| {
        let mut v: Vec<(usize, String)> = Vec::new();
        for m in RANDOMIZATION.find_iter(fold).take(200) {
            let (ss, se) = doc.sentence_at(m.start());
            // At most 600 bytes of it either side: a token-joined abstract
            // has no stops.
            let lo = floor_boundary(fold, m.start().saturating_sub(600)).max(ss);
            let hi = ceil_boundary(fold, (m.end() + 600).min(se));
            if v.last().is_none_or(|(s, _)| *s != lo) {
                v.push((lo, fold[lo..hi].to_ascii_lowercase()));
            }
        }
        v
    });
    let needle = label.to_ascii_lowercase();
    needle.len() >= 2
        && sentences
            .iter()
            .any(|(s, text)| (*s < sent.0 || *s >= sent.1) && text.contains(&needle))
}

/// Whether a label says who the people are (a share, a sex) rather than
/// naming a group.
fn describes_people(label: &str) -> bool {
    let last = label
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_ascii_lowercase();
    label.contains('%')
        || matches!(
            last.as_str(),
            "male" | "males" | "female" | "females" | "men" | "women" | "boys" | "girls"
        )
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
