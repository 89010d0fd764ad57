//! EDSS (Expanded Disability Status Scale) statements: ranges, means,
//! medians, thresholds, single scores and changes.
//!
//! Every statement hangs off a mention of the scale (`EDSS`, `Expanded
//! Disability Status Scale`, `Kurtzke EDSS`). From each mention we read
//! forward, within the sentence and only up to the next mention of another
//! measure (MSFC, T25FW, age, relapses, a confidence interval …), skipping
//! the label words trials put between the scale and its number
//! (`score`, `at screening`, `(EDSS)`, `[17]`, `was`, `of`). The number
//! shape that follows decides the kind. A few forms put the number before
//! the mention (`a score of ≤4.0 on the EDSS`, `decreased one score in the
//! EDSS`, `progressed ≥1 EDSS point`); those are read backwards.
//!
//! Rules that keep precision, each a general reading of the text:
//! * a number followed by `point(s)`, `score(s)`, `step(s)` is the size of a
//!   change, never a level, so `increased EDSS (at least 1 score)` is no
//!   threshold;
//! * the size of a change is one number: `an increase by 1-2 scores` is
//!   neither a range nor a change we can state;
//! * a range must lie in 0–10 and rise; `0–10` itself is the scale's
//!   definition, not a statement; a falling pair after a change word
//!   (`a decline (5 to 2.5)`) is a change from/to;
//! * a single score must stand alone: a number followed by another number,
//!   a bracket or a list (`4.0, 4.5 or 5.0`) is a table row or list;
//! * statements in the background or discussion that report another study
//!   (`et al.`, a citation) are left out, as the seeds' gold does.

use super::numbers::{parse_decimal, parse_number_words};
use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{Comparator, EdssValue, Field, Finding, Value};
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

pub struct Edss;

/// A decimal as EDSS values are printed (`6`, `6.5`, `4.0`; `4·0` is
/// already `4.0` in `fold`).
const N: &str = r"(\d{1,3}(?:\.\d{1,3})?)";

/// Comparators, symbolic and worded.
const COMP: &str = r"(<=|>=|=<|=>|<|>|≤|≥|⩽|⩾|less\s+than|lower\s+than|below|under|fewer\s+than|greater\s+than|higher\s+than|more\s+than|above|over|at\s+least|at\s+most|no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|not\s+exceeding|up\s+to|equal\s+to\s+or\s+(?:less|lower|greater|higher|more)\s+than)";

/// Words that say which way a change went.
const VERB: &str = r"(increas(?:es|ed|ing|e)|decreas(?:es|ed|ing|e)|declin(?:es|ed|ing|e)|reduc(?:es|ed|ing|tion|e)|improv(?:es|ed|ing|ement|e)|worsen(?:ed|s|ing)?|deteriorat(?:es|ed|ing|ion|e)|progress(?:ed|es|ing|ion)?|rise|rose|fell|fall|drop(?:ped|s)?|decrement|increment)";

/// A change size: digits or the words trials use (`one score`, `half a
/// point`).
const SIZE: &str = r"(\d{1,2}(?:\.\d{1,2})?|one|two|three|four|five|half(?:\s+a)?|a\s+half)";

/// The units of a change size.
const UNIT: &str = r"(points?|scores?|steps?|units?|degrees?|grades?)(?-u:\b)";

fn rx(pattern: &str) -> Regex {
    Regex::new(pattern).expect("edss regex")
}

// "Expanded Disability Status Scale (EDSS)", "Kurtzke EDSS", "EDSS"
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?-u:\b)(?:(?i:Kurtzke(?:'s)?)\s+)?(?:EDSS(?-u:\b)|(?i:expanded\s+disability\s+status\s+scale(?-u:\b)))(?:\s*[(\[]EDSS[)\]])?",
    )
});

// "EDSS Plus", "EDSS-Plus": a composite outcome, not the scale itself.
static PLUS: LazyLock<Regex> = LazyLock::new(|| rx(r"^(?i)-?\s*plus(?-u:\b)"));

// The label words between the scale and its number: "(EDSS) at screening
// score ≤4.0", "EDSS [25] score of", "baseline EDSS score was",
// "EDSS threshold score of 2.0–6.5", "EDSS score range of 0–6.5".
static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:\s*(?:\[[\d,\s\-]+\]|\(\s*EDSS\s*\)|scores?(?-u:\b)|scale(?-u:\b)|total(?-u:\b)|overall(?-u:\b)|baseline(?-u:\b)|inclusion(?-u:\b)|entry(?-u:\b)|threshold(?-u:\b)|criteri(?:on|a)(?-u:\b)|at\s+(?:baseline|inclusion|entry|screening|enrol?l?ment|randomi[sz]ation|study\s+entry|the\s+time\s+of\s+\w+)(?-u:\b)|(?:was|were|is|are|of|had\s+to\s+be|must\s+be|be|equal\s+to|about|approximately|around|nearly|ranged|ranging|range|value|level)(?-u:\b)|:|=))*\s*",
    )
});

// A label after the scale that names the statistic: "EDSS score Mean",
// "EDSS, median (IQR)", "EDSS (mean ± SD)", "Median EDSS [Q1-Q3]".
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:\s*,)?\s*(?:\(\s*)?(mean|average|median)(?:\s*\(?\s*(?:±\s*)?(SD|s\.d\.|standard\s+deviation|IQR|interquartile\s+range|range|Q1\s*[-,;]\s*Q3|min(?:imum)?\s*[-,;]\s*max(?:imum)?)\s*\)?)?(?:\s*\))?\s*:?\s*",
    )
});

// Statistic and bracket labels between "median" and its number: "[Q1-Q3]",
// "(minimum; maximum)", "(IQR)".
static BRACKET_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*[(\[]\s*(?:±\s*)?(SD|s\.d\.|IQR|interquartile\s+range|range|Q1\s*[-,;]\s*Q3|min(?:imum)?\s*[-,;]\s*max(?:imum)?)\s*[)\]]\s*:?\s*",
    )
});

// "mean EDSS", "the median baseline EDSS", "average EDSS score"
static STAT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(mean|average|median)(?:\s*\(\s*(?:±\s*)?(?:SD|IQR|range)\s*\))?(?:\s+(?:baseline|overall|total|entry))?\s*$",
    )
});

// Mean ± SD: "6.75 ± 0.68", "6.75±0.68", "2.5 (±2.0)", "3.1 (SD 1.2)"
static PLUS_MINUS: LazyLock<Regex> =
    LazyLock::new(|| rx(&format!(r"^{N}\s*(?:±\s*{N}|\(\s*±\s*{N}\s*\))")));

// "(range: 5.5–7.5)", "(range 2-6)", "(1.5–6.5)" after a mean.
static PAREN_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*[(\[]\s*(?:range\s*:?\s*|IQR\s*:?\s*|min(?:imum)?\s*[-,;]\s*max(?:imum)?\s*:?\s*)?{N}\s*(?:-|to|;|,)\s*{N}\s*[)\]]"
    ))
});

// The SD after a running-text mean: "(0.68)", "(SD 0.68)", ", SD 0.68",
// ", SD = 0.85".
static SD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:\s*\(\s*(?:SD\s*[=:]?\s*)?{N}\s*\)|\s*[,;]\s*SD\s*[=:]?\s*{N}(?-u:\b))"
    ))
});

// A bare number where the label words end: "EDSS score of 5."
static NUMBER: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^{N}")));

// Ranges: "3.0-6.5", "3.5 to 6", "between 4.0 and 6.5", "from 0 to 3.5",
// "(3.0-6.5)".
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:(between)\s+|from\s+|(\()\s*)?{N}\s*(?:(-|to)|(and))\s*{N}(\s*\))?"
    ))
});

// Thresholds: "≤ 5.5", "less than 6", "at least 3.0", "(≤2.0 vs. >2.0)".
static THRESHOLD: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^(?i)(?:\(\s*)?{COMP}\s*{N}")));

// Another threshold in the same breath: "(≤2.0 vs. >2.0)".
static THRESHOLD_NEXT: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*(?:vs\.?|versus|or|and|,)\s*{COMP}\s*{N}"
    ))
});

// "6 or more", "7.0 or higher", also after a parenthesis: "8 (defined as
// being unable to walk …) or more".
static OR_MORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:\s*\([^()]{0,160}\))?\s*or\s+(more|higher|greater|above|worse|less|lower|below|fewer)(?-u:\b)",
    )
});

// "to 7.0 or higher": a level reached, after "increase of EDSS".
static TO_OR_MORE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)to\s+{N}\s+or\s+(more|higher|greater|above|less|lower|below)(?-u:\b)"
    ))
});

// Change by a size: "decreased 1 score", "reduced by 0.5", "increase of at
// least 0.5 points", "progression of at least one point".
static CHANGE_BY: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)(?:(?:significantly|slightly|further|an?|the|mean)\s+)*{VERB}\s+(?:significantly\s+)?(?:from\s+baseline\s+)?(by|of)?\s*(?:{COMP}\s*)?{SIZE}(?:\s*-?\s*{UNIT})?"
    ))
});

// Change from/to anywhere after the mention in its clause: "reduced from
// 6.75 ± 0.68 at baseline to 6.42 ± 0.84", "had a decline after one year
// (5 to 2.5)", "declined from 7.0 before treatment to 5.5".
static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}[^.;\d()]{{0,40}}?(?:\(\s*|from\s+){N}(?:\s*±\s*{N})?(?:\s+[a-z][a-z ]{{0,30}}?)?\s+to\s+{N}(?:\s*±\s*{N})?"
    ))
});

// Number-first forms, read backwards from the mention:
// "a score of ≤4.0 on the Expanded Disability Status Scale",
// "at least 3.0 on the EDSS".
static BEFORE_LEVEL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?:score\s+of\s+|(?-u:\b))(?:{COMP}\s*)?{N}\s+(?:or\s+(?:more|higher|greater|less|lower)\s+)?(?:on|in)\s+(?:the\s+)?$"
    ))
});

// "decreased one score in the EDSS", "an increase of ≥ 1.0 point in
// EDSS", "an increase from baseline of at least 1.0 point in the",
// "a 1-point increase in EDSS", "progressed ≥1" (unit after the mention).
static BEFORE_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}\s+(?:from\s+baseline\s+)?(?:of\s+|by\s+)?(?:{COMP}\s*)?{SIZE}\s*-?\s*(?:{UNIT}\s+(?:on|in|of)\s+(?:the\s+)?)?$"
    ))
});

// "a 1-point increase in EDSS", "a 0.5-point worsening on the"
static BEFORE_POINT_CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){N}\s*-\s*points?\s+{VERB}\s+(?:in|on|of)\s+(?:the\s+)?$"
    ))
});

// "worsening on the Expanded Disability Status Scale (EDSS) [25] of at
// least 0·5 points": the change word before the mention, its size after.
static BEFORE_CHANGE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"(?i)(?-u:\b){VERB}\s+(?:in|on|of)\s+(?:the\s+)?$"
    ))
});

// The size after such a mention: "of at least 0.5 points", "point"
static SIZE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*(?:\[[\d,\s\-]+\]\s*)?(?:scores?\s+)?(?:of\s+|by\s+)?(?:{COMP}\s*)?{SIZE}\s*-?\s*{UNIT}"
    ))
});

// The unit right after the mention, for "progressed ≥1 EDSS point".
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| rx(&format!(r"^(?i)\s*{UNIT}")));

// Where another measure starts, the EDSS statement has ended: other
// scales, ages, durations, relapses, lesions, statistics.
static STOP: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?-u:\b)(?:MSFC|T25-?FW|MSSS|ARMSS|9-?HPT|SDMT|PASAT|MSIS|MSWS|FSS|FSMC|MFIS|BDI|HADS?|EQ-5D|VAS|TUG|BBS|6MWT|ARR|BMI|MRI|CI|HR|OR|RR)(?-u:\b)|(?i:(?-u:\b)(?:25-foot|nine-hole|9-hole|relapses?|age|aged|duration|lesions?|volume|weight|confidence|interval|hazard|odds|p\s*[=<>≤]|p\s*value)(?-u:\b))",
    )
});

// Citations and attributions to other work.
static CITED: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)et\s+al(?-u:\b)|\[\d+(?:\s*[,\-]\s*\d+)*\]|\(\d{1,3}(?:\s*[,\-]\s*\d{1,3})*\)|(?-u:\b)study\s+by(?-u:\b)|(?-u:\b)(?:previous|earlier|another|other)\s+(?:stud|trial|report)|(?-u:\b)(?:found|reported|showed|demonstrated)\s+that(?-u:\b)|(?-u:\b)stud(?:y|ies)\s+(?:from|in)\s+[A-Z]",
    )
});

// The authors speaking of their own study.
static OWN: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?i)(?-u:\b)(?:we|our|this\s+(?:study|trial)|the\s+present\s+(?:study|trial)|the\s+current\s+(?:study|trial))(?-u:\b)",
    )
});

/// Which way a change word points: +1 worse (EDSS up), -1 better.
fn direction(word: &str) -> Option<f64> {
    let w = word.to_ascii_lowercase();
    if w.starts_with("increas")
        || w.starts_with("worsen")
        || w.starts_with("deteriorat")
        || w.starts_with("progress")
        || w.starts_with("increment")
        || w == "rise"
        || w == "rose"
    {
        Some(1.0)
    } else if w.starts_with("decreas")
        || w.starts_with("declin")
        || w.starts_with("reduc")
        || w.starts_with("improv")
        || w.starts_with("decrement")
        || w.starts_with("drop")
        || w == "fell"
        || w == "fall"
    {
        Some(-1.0)
    } else {
        None
    }
}

/// A change size: `1`, `0.5`, `one`, `half a`.
fn size(s: &str) -> Option<f64> {
    let t = s.trim().to_ascii_lowercase();
    if t.starts_with("half") || t == "a half" {
        return Some(0.5);
    }
    parse_decimal(&t).or_else(|| parse_number_words(&t).map(|n| n as f64))
}

fn comparator(s: &str) -> Option<Comparator> {
    let t: String = s
        .to_ascii_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(match t.as_str() {
        "<" | "less than" | "lower than" | "below" | "under" | "fewer than" => Comparator::Lt,
        "<=" | "=<" | "≤" | "⩽" | "at most" | "no more than" | "not more than"
        | "no greater than" | "not exceeding" | "up to" => Comparator::Le,
        ">" | "greater than" | "higher than" | "more than" | "above" | "over" => Comparator::Gt,
        ">=" | "=>" | "≥" | "⩾" | "at least" => Comparator::Ge,
        _ if t.starts_with("equal to or") => {
            if t.contains("less") || t.contains("lower") {
                Comparator::Le
            } else {
                Comparator::Ge
            }
        }
        _ => return None,
    })
}

fn on_scale(v: f64) -> bool {
    (0.0..=10.0).contains(&v)
}

/// Whether a single score is a valid EDSS step (0–10 by 0.5).
pub fn valid_score(v: f64) -> bool {
    on_scale(v) && ((v * 2.0).round() - v * 2.0).abs() < 1e-9
}

/// What may follow a single score for it to stand alone: the end of the
/// clause or a word, never another number, a bracket, a list or a unit.
fn stands_alone(rest: &str) -> bool {
    let r = rest.trim_start();
    if r.is_empty() {
        return true;
    }
    let c = r.chars().next().unwrap_or(' ');
    if matches!(c, ';' | ':') {
        return true;
    }
    if c == '.' {
        // "5." ends a sentence; "5.24" cannot happen here (the number
        // regex took the decimals), "3.0.24" is a glued citation.
        return true;
    }
    if c == ',' {
        // "EDSS of 4.0, 4.5 or 5.0" is a list.
        let after = r[1..].trim_start();
        return !after.starts_with(|c: char| c.is_ascii_digit());
    }
    if c == '(' {
        let lower = r.to_ascii_lowercase();
        return lower.starts_with("(table") || lower.starts_with("(fig");
    }
    if !c.is_alphabetic() {
        return false;
    }
    let word: String = r
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    !matches!(
        word.as_str(),
        "or" | "to"
            | "and"
            | "vs"
            | "versus"
            | "point"
            | "points"
            | "score"
            | "scores"
            | "step"
            | "steps"
            | "unit"
            | "units"
            | "degree"
            | "degrees"
            | "years"
            | "year"
            | "months"
            | "weeks"
            | "days"
            | "patients"
            | "mg"
    )
}

/// Whether what follows a range's second number makes it something else:
/// a percentage, a unit of time, a change size.
fn range_tail_ok(rest: &str) -> bool {
    let r = rest.trim_start().to_ascii_lowercase();
    !(r.starts_with('%')
        || r.starts_with(|c: char| c.is_ascii_digit())
        || [
            "point", "score", "step", "unit", "degree", "year", "month", "week", "day", "%",
        ]
        .iter()
        .any(|u| r.starts_with(u)))
}

/// The largest char boundary at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether a number (digits, or a size word `one` … `five`, `half`, as
/// [`SIZE`] and [`N`] read them) may stand in a stretch of the text. The
/// first mentions ask a regex over their stretch; a document that asks
/// more often (a table of a thousand mentions) gets an index of every
/// number, made in one pass, so that no byte is searched once per mention.
struct Numbers<'a> {
    fold: &'a str,
    asked: usize,
    spans: Option<Vec<(usize, usize)>>,
}

// A superset of what `N` and `SIZE` match: `\d` as they use it (any
// Unicode digit), and the size words without word boundaries.
static NUMBERISH: LazyLock<Regex> = LazyLock::new(|| rx(r"\d+|(?i:one|two|three|four|five|half)"));

/// Mentions that search their own stretch before the index is made.
const NUMBERS_ASKED_BEFORE_INDEX: usize = 64;

impl<'a> Numbers<'a> {
    fn new(fold: &'a str) -> Numbers<'a> {
        Numbers {
            fold,
            asked: 0,
            spans: None,
        }
    }

    /// Whether a number may stand in `fold[a..b]` (char boundaries).
    fn any_in(&mut self, a: usize, b: usize) -> bool {
        self.asked += 1;
        if self.spans.is_none() && self.asked > NUMBERS_ASKED_BEFORE_INDEX {
            self.spans = Some(
                NUMBERISH
                    .find_iter(self.fold)
                    .map(|m| (m.start(), m.end()))
                    .collect(),
            );
        }
        match &self.spans {
            None => NUMBERISH.is_match(&self.fold[a..b]),
            // A match of the whole text that overlaps the stretch counts:
            // an occurrence inside it that the whole-text search skipped
            // overlaps one it found.
            Some(spans) => {
                let i = spans.partition_point(|&(_, e)| e <= a);
                spans.get(i).is_some_and(|&(s, _)| s < b)
            }
        }
    }
}

/// Whether the sentence `s0..s1` reports another study: in the background
/// or discussion, with a citation or attribution in it or in the sentence
/// before, and no word of the authors' own study.
fn reports_other_study(doc: &Document, s0: usize, s1: usize) -> bool {
    if !doc.section_at(s0).is_background_like() {
        return false;
    }
    let sentence = &doc.fold[s0..s1];
    count_scan(s1 - s0);
    if OWN.is_match(sentence) {
        return false;
    }
    if CITED.is_match(sentence) {
        return true;
    }
    if s0 > 0 {
        let (p0, _) = doc.sentence_at(s0 - 1);
        count_scan(s0 - p0);
        if p0 < s0 && CITED.is_match(&doc.fold[p0..s0]) {
            return true;
        }
    }
    false
}

#[cfg(test)]
thread_local! {
    /// Bytes of sentences read by [`reports_other_study`], for the test
    /// that keeps a long sentence of mentions from being read per mention.
    static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_scan(n: usize) {
    SCANNED.with(|s| s.set(s.get() + n));
}

#[cfg(not(test))]
fn count_scan(_: usize) {}

struct Found {
    start: usize,
    end: usize,
    value: EdssValue,
    rule: &'static str,
    confidence: f32,
}

impl Extractor for Edss {
    fn field(&self) -> Field {
        Field::Edss
    }

    fn version(&self) -> u32 {
        3
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::Edss);
        let fold = doc.fold.as_str();
        let anchors: Vec<(usize, usize)> = ANCHOR
            .find_iter(fold)
            .map(|m| (m.start(), m.end()))
            .collect();
        let mut numbers = Numbers::new(fold);
        let mut found: Vec<Found> = Vec::new();
        // The last sentence asked about, with the answer: mentions come in
        // order, and a sentence with many of them is read once, not once
        // per mention.
        let mut other_study: Option<((usize, usize), bool)> = None;
        for (i, &(a0, a1)) in anchors.iter().enumerate() {
            if doc.budget.exhausted(found.len()) {
                break;
            }
            if matches!(
                doc.section_at(a0),
                Section::References | Section::BackMatter
            ) {
                continue;
            }
            if PLUS.is_match(&fold[a1..]) {
                continue;
            }
            let (s0, s1) = doc.sentence_at(a0);
            let s1 = s1.max(a1);
            let other = match other_study {
                Some((key, answer)) if key == (s0, s1) => answer,
                _ => {
                    let answer = reports_other_study(doc, s0, s1);
                    other_study = Some(((s0, s1), answer));
                    answer
                }
            };
            if other {
                continue;
            }
            // The clause after the mention: to the sentence end, the next
            // mention, another measure, at most 220 bytes.
            let mut end = floor_boundary(fold, s1.min(a1 + 220));
            if let Some(&(n0, _)) = anchors.get(i + 1) {
                end = end.min(n0.max(a1));
            }
            if let Some(m) = STOP.find(&fold[a1..end]) {
                end = a1 + m.start();
            }
            let head_start = floor_boundary(fold, a0.saturating_sub(120).max(s0));
            let head_start = if head_start < s0 { s0 } else { head_start };
            // Every reading needs a number (digits or a size word) before
            // the mention or after it; most mentions in running text have
            // none, and a page of bare "EDSS" is then cheap.
            if !numbers.any_in(head_start, end) {
                continue;
            }
            let head = &fold[head_start..a0];
            let before = found.len();
            read_after(fold, head, a0, a1, end, &mut found);
            read_before(fold, head, head_start, a1, end, &mut found);
            read_from_to(fold, s0, s1, a0, a1, end, &mut found);
            // One mention, one reading per span.
            let mut seen: Vec<(usize, usize)> = Vec::new();
            let mut k = before;
            while k < found.len() {
                let key = (found[k].start, found[k].end);
                if seen.contains(&key) {
                    found.remove(k);
                } else {
                    seen.push(key);
                    k += 1;
                }
            }
        }
        found.sort_by_key(|f| (f.start, f.end));
        found.dedup_by(|a, b| a.start == b.start && a.end == b.end);
        for f in found {
            out.push(b.make(f.start, f.end, Value::Edss(f.value), f.rule, f.confidence));
        }
    }
}

fn push(
    found: &mut Vec<Found>,
    start: usize,
    end: usize,
    value: EdssValue,
    rule: &'static str,
    confidence: f32,
) {
    found.push(Found {
        start,
        end,
        value,
        rule,
        confidence,
    });
}

/// Number-after forms: `EDSS … <number shape>`.
fn read_after(fold: &str, head: &str, a0: usize, a1: usize, end: usize, found: &mut Vec<Found>) {
    let clause = &fold[a1..end];
    let stat_before = STAT_BEFORE
        .captures(head)
        .map(|c| c[1].to_ascii_lowercase());
    let mut pos = FILLER.find(clause).map_or(0, |m| m.end());
    // A statistic label after the mention ("EDSS score Mean", "EDSS,
    // median (IQR)") and more filler after it.
    let mut label: Option<String> = None;
    let mut label_sd = false;
    if let Some(c) = LABEL.captures(&clause[pos..]) {
        label = Some(c[1].to_ascii_lowercase());
        label_sd = c
            .get(2)
            .is_some_and(|g| g.as_str().to_ascii_lowercase().starts_with('s'));
        pos += c.get(0).expect("match").end();
        pos += FILLER.find(&clause[pos..]).map_or(0, |m| m.end());
    }
    if let Some(c) = BRACKET_LABEL.captures(&clause[pos..]) {
        label_sd |= c[1].to_ascii_lowercase().starts_with('s');
        pos += c.get(0).expect("match").end();
    }
    let rest = &clause[pos..];
    let at = a1 + pos;
    // "(EDSS)7 progression": a number glued to the word or bracket before
    // it is a superscript citation, not a value.
    if fold[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == ')' || c == ']')
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return;
    }
    let stat = label.clone().or(stat_before.clone());
    let running_text = stat_before.is_some();

    // Mean ± SD, with the range that often follows.
    if let Some(c) = PLUS_MINUS.captures(rest) {
        let m = c.get(0).expect("match");
        let mean = parse_decimal(&c[1]);
        let sd = c
            .get(2)
            .or(c.get(3))
            .and_then(|g| parse_decimal(g.as_str()));
        if stat.as_deref() != Some("median") {
            if let (Some(mean), Some(sd)) = (mean, sd) {
                if on_scale(mean) && sd <= 10.0 {
                    push(
                        found,
                        a0,
                        at + m.end(),
                        EdssValue::Mean { mean, sd: Some(sd) },
                        "edss.mean_sd",
                        0.9,
                    );
                    range_in_parens(&rest[m.end()..], at + m.end(), found);
                }
            }
        }
        return;
    }

    // A change of a stated size right after the mention.
    if let Some(c) = CHANGE_BY.captures(rest) {
        let m = c.get(0).expect("match");
        let by = c.get(2).is_some();
        let unit = c.get(5).is_some();
        if (by || unit) && range_tail_ok_for_size(&rest[m.end()..]) {
            if let (Some(dir), Some(n)) = (direction(&c[1]), size(&c[4])) {
                if n > 0.0 && n <= 10.0 {
                    push(
                        found,
                        a0,
                        at + m.end(),
                        EdssValue::Change {
                            delta: Some(dir * n),
                            from: None,
                            to: None,
                        },
                        "edss.change_by",
                        0.85,
                    );
                }
            }
        }
        return;
    }

    if let Some(c) = TO_OR_MORE.captures(rest) {
        let m = c.get(0).expect("match");
        if let (Some(v), Some(cmp)) = (parse_decimal(&c[1]), or_more(&c[2])) {
            if on_scale(v) {
                push(
                    found,
                    a0,
                    at + m.end(),
                    EdssValue::Threshold {
                        comparator: cmp,
                        value: v,
                    },
                    "edss.threshold",
                    0.8,
                );
            }
        }
        return;
    }

    if let Some(c) = THRESHOLD.captures(rest) {
        let m = c.get(0).expect("match");
        if let (Some(cmp), Some(v)) = (comparator(&c[1]), parse_decimal(&c[2])) {
            let tail = &rest[m.end()..];
            // "at least 1 score/point" is a change size, not a level.
            if on_scale(v) && range_tail_ok(tail) {
                push(
                    found,
                    a0,
                    at + m.end(),
                    EdssValue::Threshold {
                        comparator: cmp,
                        value: v,
                    },
                    "edss.threshold",
                    0.85,
                );
                let mut p = m.end();
                while let Some(n) = THRESHOLD_NEXT.captures(&rest[p..]) {
                    let nm = n.get(0).expect("match");
                    let (Some(cmp), Some(v)) = (comparator(&n[1]), parse_decimal(&n[2])) else {
                        break;
                    };
                    if !on_scale(v) || !range_tail_ok(&rest[p + nm.end()..]) {
                        break;
                    }
                    let s =
                        at + p + nm.start() + (nm.as_str().len() - nm.as_str().trim_start().len());
                    push(
                        found,
                        s,
                        at + p + nm.end(),
                        EdssValue::Threshold {
                            comparator: cmp,
                            value: v,
                        },
                        "edss.threshold",
                        0.8,
                    );
                    p += nm.end();
                }
            }
        }
        return;
    }

    if let Some(c) = RANGE.captures(rest) {
        let m = c.get(0).expect("match");
        let between = c.get(1).is_some();
        let paren = c.get(2).is_some();
        let and = c.get(5).is_some();
        let (Some(lo), Some(hi)) = (parse_decimal(&c[3]), parse_decimal(&c[6])) else {
            return;
        };
        // "and" joins a range only after "between".
        if and && !between {
            return;
        }
        let close = c.get(7);
        if paren && close.is_none() {
            return;
        }
        // "(EDSS 6.0-6.5)": the bracket closes the sentence's parenthesis,
        // not the range.
        let m_end = match close {
            Some(g) if !paren => g.start(),
            _ => m.end(),
        };
        if !range_tail_ok(&rest[m.end()..]) {
            return;
        }
        match stat.as_deref() {
            Some("median") => {}
            _ => {
                if on_scale(lo) && on_scale(hi) && lo < hi && !(lo == 0.0 && hi == 10.0) {
                    push(
                        found,
                        a0,
                        at + m_end,
                        EdssValue::Range { low: lo, high: hi },
                        "edss.range",
                        0.9,
                    );
                }
                // A falling pair is a change (handled by read_from_to when
                // a change word is near); never a range.
                return;
            }
        }
    }

    // A single number: a median, a mean, a threshold ("8 or more") or a
    // single score.
    let Some(c) = NUMBER.captures(rest) else {
        return;
    };
    let m = c.get(0).expect("match");
    let Some(v) = parse_decimal(&c[1]) else {
        return;
    };
    let tail = &rest[m.end()..];
    if tail.starts_with(|ch: char| ch.is_ascii_digit() || ch == '%') {
        return;
    }
    match stat.as_deref() {
        Some("median") => {
            if !on_scale(v) {
                return;
            }
            if let Some(r) = PAREN_RANGE.captures(tail) {
                let rm = r.get(0).expect("match");
                if let (Some(lo), Some(hi)) = (parse_decimal(&r[1]), parse_decimal(&r[2])) {
                    if on_scale(lo) && on_scale(hi) && lo <= v && v <= hi && lo < hi {
                        push(
                            found,
                            a0,
                            at + m.end() + rm.end(),
                            EdssValue::Median {
                                median: v,
                                low: Some(lo),
                                high: Some(hi),
                            },
                            "edss.median_range",
                            0.9,
                        );
                    }
                }
                return;
            }
            if stands_alone(tail) {
                push(
                    found,
                    a0,
                    at + m.end(),
                    EdssValue::Median {
                        median: v,
                        low: None,
                        high: None,
                    },
                    "edss.median",
                    0.85,
                );
            }
        }
        Some(_) => {
            // mean / average
            if !on_scale(v) {
                return;
            }
            if let Some(r) = PAREN_RANGE.captures(tail) {
                let rm = r.get(0).expect("match");
                push(
                    found,
                    a0,
                    at + m.end(),
                    EdssValue::Mean { mean: v, sd: None },
                    "edss.mean",
                    0.8,
                );
                range_in_parens(tail, at + m.end(), found);
                let _ = rm;
                return;
            }
            if let Some(s) = SD_AFTER.captures(tail) {
                let sm = s.get(0).expect("match");
                let sd = s
                    .get(1)
                    .or(s.get(2))
                    .and_then(|g| parse_decimal(g.as_str()));
                // A bare "(0.68)" is an SD in running text or under an SD
                // label; in a table row "Mean 7.7 (8.0)" it can be the median.
                let explicit = sm.as_str().to_ascii_uppercase().contains("SD");
                if let Some(sd) = sd {
                    if (explicit || running_text || label_sd) && sd <= 10.0 {
                        push(
                            found,
                            a0,
                            at + m.end() + sm.end(),
                            EdssValue::Mean {
                                mean: v,
                                sd: Some(sd),
                            },
                            "edss.mean_sd",
                            0.85,
                        );
                        return;
                    }
                }
                push(
                    found,
                    a0,
                    at + m.end(),
                    EdssValue::Mean { mean: v, sd: None },
                    "edss.mean",
                    0.75,
                );
                return;
            }
            if stands_alone(tail) {
                push(
                    found,
                    a0,
                    at + m.end(),
                    EdssValue::Mean { mean: v, sd: None },
                    "edss.mean",
                    0.8,
                );
            }
        }
        None => {
            if let Some(o) = OR_MORE.captures(tail) {
                let om = o.get(0).expect("match");
                if let Some(cmp) = or_more(&o[1]) {
                    if on_scale(v) {
                        push(
                            found,
                            a0,
                            at + m.end() + om.end(),
                            EdssValue::Threshold {
                                comparator: cmp,
                                value: v,
                            },
                            "edss.threshold_or_more",
                            0.85,
                        );
                    }
                }
                return;
            }
            // A single score: only below 100 and with at most two decimals,
            // so that a score off the scale is still shown (with a warning).
            if v < 100.0 && stands_alone(tail) {
                let conf = if valid_score(v) { 0.75 } else { 0.4 };
                push(
                    found,
                    a0,
                    at + m.end(),
                    EdssValue::Value { value: v },
                    "edss.value",
                    conf,
                );
            }
        }
    }
}

fn range_tail_ok_for_size(rest: &str) -> bool {
    // "by 1-2 scores", "by 1 to 2 points": a range of sizes, not one.
    let r = rest.trim_start();
    !(r.starts_with('-') || r.starts_with("to ") || r.starts_with("and ") || r.starts_with('%'))
}

fn or_more(word: &str) -> Option<Comparator> {
    match word.to_ascii_lowercase().as_str() {
        "more" | "higher" | "greater" | "above" | "worse" => Some(Comparator::Ge),
        "less" | "lower" | "below" | "fewer" => Some(Comparator::Le),
        _ => None,
    }
}

/// "(range: 5.5–7.5)" right after a mean.
fn range_in_parens(tail: &str, at: usize, found: &mut Vec<Found>) {
    if let Some(r) = PAREN_RANGE.captures(tail) {
        let rm = r.get(0).expect("match");
        if let (Some(lo), Some(hi)) = (parse_decimal(&r[1]), parse_decimal(&r[2])) {
            if on_scale(lo) && on_scale(hi) && lo < hi {
                let lead = rm.as_str().len() - rm.as_str().trim_start().len();
                push(
                    found,
                    at + lead,
                    at + rm.end(),
                    EdssValue::Range { low: lo, high: hi },
                    "edss.range_after_mean",
                    0.85,
                );
            }
        }
    }
}

/// Number-before forms: `≤4.0 on the EDSS`, `decreased one score in the
/// EDSS`, `progressed ≥1 EDSS point`, `worsening on the EDSS of at least
/// 0.5 points`.
fn read_before(
    fold: &str,
    head: &str,
    head_start: usize,
    a1: usize,
    end: usize,
    found: &mut Vec<Found>,
) {
    let clause = &fold[a1..end];
    if let Some(c) = BEFORE_POINT_CHANGE.captures(head) {
        let m = c.get(0).expect("match");
        if let (Some(n), Some(dir)) = (parse_decimal(&c[1]), direction(&c[2])) {
            if n > 0.0 && n <= 10.0 {
                push(
                    found,
                    head_start + m.start(),
                    a1,
                    EdssValue::Change {
                        delta: Some(dir * n),
                        from: None,
                        to: None,
                    },
                    "edss.change_before",
                    0.8,
                );
            }
        }
        return;
    }
    if let Some(c) = BEFORE_CHANGE.captures(head) {
        let m = c.get(0).expect("match");
        let unit_before = c.get(4).is_some();
        let unit_after = if unit_before {
            None
        } else {
            UNIT_AFTER.find(clause)
        };
        if unit_before || unit_after.is_some() {
            if let (Some(dir), Some(n)) = (direction(&c[1]), size(&c[3])) {
                if n > 0.0 && n <= 10.0 {
                    let e = unit_after.map_or(a1, |u| a1 + u.end());
                    push(
                        found,
                        head_start + m.start(),
                        e,
                        EdssValue::Change {
                            delta: Some(dir * n),
                            from: None,
                            to: None,
                        },
                        "edss.change_before",
                        0.8,
                    );
                }
            }
            return;
        }
    }
    if let Some(c) = BEFORE_CHANGE_WORD.captures(head) {
        let m = c.get(0).expect("match");
        if let Some(s) = SIZE_AFTER.captures(clause) {
            let sm = s.get(0).expect("match");
            if range_tail_ok_for_size(&clause[sm.end()..]) {
                if let (Some(dir), Some(n)) = (direction(&c[1]), size(&s[2])) {
                    if n > 0.0 && n <= 10.0 {
                        push(
                            found,
                            head_start + m.start(),
                            a1 + sm.end(),
                            EdssValue::Change {
                                delta: Some(dir * n),
                                from: None,
                                to: None,
                            },
                            "edss.change_around",
                            0.8,
                        );
                    }
                }
            }
        }
        return;
    }
    if let Some(c) = BEFORE_LEVEL.captures(head) {
        let m = c.get(0).expect("match");
        let Some(v) = parse_decimal(&c[2]) else {
            return;
        };
        // "0 on the EDSS" in "ranges from 0 (no disability) to 10" is no
        // statement; a level needs "score of" or a comparator.
        let has_cmp = c.get(1).is_some();
        let or_more_word = m.as_str().to_ascii_lowercase().contains(" or ");
        let score_of = m.as_str().to_ascii_lowercase().starts_with("score");
        if !on_scale(v) {
            return;
        }
        let value = if has_cmp {
            EdssValue::Threshold {
                comparator: comparator(&c[1]).unwrap_or(Comparator::Eq),
                value: v,
            }
        } else if or_more_word {
            let lower = m.as_str().to_ascii_lowercase();
            let cmp = if lower.contains("or less") || lower.contains("or lower") {
                Comparator::Le
            } else {
                Comparator::Ge
            };
            EdssValue::Threshold {
                comparator: cmp,
                value: v,
            }
        } else if score_of {
            EdssValue::Value { value: v }
        } else {
            return;
        };
        if let EdssValue::Threshold {
            comparator: Comparator::Eq,
            ..
        } = value
        {
            return;
        }
        let start = head_start + m.start();
        push(found, start, a1, value, "edss.level_before", 0.8);
    }
}

/// Changes from/to in the clause after the mention: `reduced from 6.75 ±
/// 0.68 at baseline to 6.42 ± 0.84`, `a decline after one year (5 to
/// 2.5)`. The means around `±` are statements too.
fn read_from_to(
    fold: &str,
    s0: usize,
    s1: usize,
    a0: usize,
    a1: usize,
    end: usize,
    found: &mut Vec<Found>,
) {
    let _ = (s0, s1);
    let clause = &fold[a1..end];
    let head = &fold[floor_boundary(fold, a0.saturating_sub(40))..a0];
    let mean_context = STAT_BEFORE
        .captures(head)
        .is_some_and(|c| !c[1].eq_ignore_ascii_case("median"));
    for c in FROM_TO.captures_iter(clause) {
        let m = c.get(0).expect("match");
        if !range_tail_ok(&clause[m.end()..]) {
            continue;
        }
        let (Some(from), Some(to)) = (parse_decimal(&c[2]), parse_decimal(&c[4])) else {
            continue;
        };
        if direction(&c[1]).is_none() || !on_scale(from) || !on_scale(to) || from == to {
            continue;
        }
        push(
            found,
            a0,
            a1 + m.end(),
            EdssValue::Change {
                delta: None,
                from: Some(from),
                to: Some(to),
            },
            "edss.change_from_to",
            0.8,
        );
        // The SDs make both ends means ("mean EDSS … from 6.75 ± 0.68 … to
        // 6.42 ± 0.84"), with or without the word "mean" before.
        for (v, sd) in [(2, 3), (4, 5)] {
            if let (Some(vg), Some(sg)) = (c.get(v), c.get(sd)) {
                if let (Some(mean), Some(sd)) =
                    (parse_decimal(vg.as_str()), parse_decimal(sg.as_str()))
                {
                    let _ = mean_context;
                    push(
                        found,
                        a1 + vg.start(),
                        a1 + sg.end(),
                        EdssValue::Mean { mean, sd: Some(sd) },
                        "edss.mean_sd",
                        0.85,
                    );
                }
            }
        }
    }
}

/// Warnings for the record: single scores off the scale (outside 0–10 or
/// off its 0.5 steps), which are more likely misread than real.
pub fn warnings(findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    for f in findings {
        if let Value::Edss(EdssValue::Value { value }) = &f.value {
            if !valid_score(*value) {
                let why = if on_scale(*value) {
                    "is not on the scale's 0.5-point steps"
                } else {
                    "is outside the scale's 0–10"
                };
                out.push(format!(
                    "EDSS score {value} at {}..{} ({:?}) {why}",
                    f.start, f.end, f.text
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<EdssValue> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        Edss.extract(&doc, &mut out);
        out.into_iter()
            .map(|f| match f.value {
                Value::Edss(e) => e,
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn grid() {
        assert!(valid_score(6.5));
        assert!(valid_score(0.0));
        assert!(!valid_score(6.3));
        assert!(!valid_score(12.0));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "EDSS",
            "EDSS ",
            "EDSS ≤",
            "mean EDSS ±",
            "EDSS é 3",
            "ééé EDSS",
            "EDSS (",
            "from 5 to EDSS",
        ] {
            let _ = values(t);
        }
    }

    #[test]
    fn basic_forms() {
        assert_eq!(
            values("EDSS 3.0–6.5."),
            vec![EdssValue::Range {
                low: 3.0,
                high: 6.5
            }]
        );
        assert_eq!(
            values("with EDSS ≤ 5.5 were included."),
            vec![EdssValue::Threshold {
                comparator: Comparator::Le,
                value: 5.5
            }]
        );
    }

    /// Issue 17: each mention read its whole sentence again to decide
    /// whether it reports another study, so a flattened table of a
    /// thousand mentions in one "sentence" was quadratic.
    #[test]
    fn a_sentence_of_many_mentions_is_read_once() {
        let text = format!(
            "Background\nIn earlier trials [3] {} were reported (ref 4).",
            "EDSS 3.0-6.5, ".repeat(2000)
        );
        SCANNED.with(|s| s.set(0));
        assert!(values(&text).is_empty());
        let scanned = SCANNED.with(|s| s.get());
        assert!(
            scanned <= 2 * text.len(),
            "{scanned} bytes read for {}",
            text.len()
        );
    }

    #[test]
    fn mentions_without_numbers_are_skipped_and_the_cap_holds() {
        assert!(values(&"EDSS ".repeat(10_000)).is_empty());
        let doc = Document::from_text(&"EDSS 3.0-6.5; ".repeat(100))
            .with_budget(crate::extract::budget::Budget::unlimited().with_max_findings(5));
        let mut out = Vec::new();
        Edss.extract(&doc, &mut out);
        assert_eq!(out.len(), 5);
        // Past the first mentions the index answers, and finds the same.
        let late = format!("{}EDSS 3.0-6.5.", "EDSS and ".repeat(100));
        assert_eq!(
            values(&late),
            vec![EdssValue::Range {
                low: 3.0,
                high: 6.5
            }]
        );
        // A size word counts as a number: "worsened by one point".
        assert_eq!(
            values("EDSS worsened by one point."),
            vec![EdssValue::Change {
                delta: Some(1.0),
                from: None,
                to: None
            }]
        );
    }
}
