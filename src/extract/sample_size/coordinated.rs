//! Counts coordinated as the subject of one participation verb:
//! `96 smokers and 214 nonsmokers were randomized`, `Forty-four patients
//! with statin treatment, 38 … and 40 patients without were recruited`.
//! The verb's role holds for every conjunct (each was randomized), and the
//! whole that took part is their sum: parts that add up to a whole the text
//! does not state. The summary reads the sum through
//! [`crate::record::Statement::parts_of`].
//!
//! A conjunct is one only when nothing makes it a clause of its own: no
//! auxiliary or finite verb between it and the next count (`812 smokers
//! entered the run-in phase, and 640 …`), no bracket or figure (`68 adults
//! (37 men and 31 women)`), and the first count opens its clause (`We
//! recruited 30 patients and 30 volunteers were included` has two verbs).

use super::{Cand, Role};
use crate::normalize::Document;
use crate::record::{Finding, SampleSizeValue};
use regex::Regex;
use std::sync::LazyLock;

/// The longest gap between two conjuncts (their nouns and modifiers).
const GAP: usize = 90;

/// Between two conjuncts: words without a figure, bracket or clause stop,
/// ending in `and` (the last link) or a comma (a link of a longer list).
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)^[^0-9.;:()\[\]=%<>/]*?(?:,\s*|\s+and\s+|,\s+and\s+)$")
        .expect("link regex")
});

/// A word that makes a clause of its own between conjuncts: an auxiliary,
/// a finite verb of taking part or leaving (`entered`, `completed`,
/// `fulfilled`, `underwent` outside a relative clause), or `of those`.
static OWN_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:were|was|is|are|had|has|have|did|entered|completed|fulfilled|met|remained|refused|declined|withdrew|died|received|underwent|took|gave|of\s+(?:those|these|them|whom))(?-u:\b)",
    )
    .expect("own clause regex")
});

/// A relative pronoun: the verbs after it belong to the conjunct's noun
/// (`120 patients who underwent surgery and 20 who refused it were
/// included`).
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:who|whom|that|which)\s").expect("relative regex")
});

/// After the last conjunct: its noun phrase, then the one verb of taking
/// part (the capture), with nothing that ends the clause before it.
static VERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)^([^.;:()\[\]]{0,90}?)(?-u:\b)(?:were|had\s+been)\s+(?:[a-z]+ly\s+)?(randomi[sz]ed|assigned|allocated|enrolled|recruited|included|studied|analy[sz]ed|evaluated)(?-u:\b)",
    )
    .expect("verb after regex")
});

/// Before the first conjunct: the start of its clause (the sentence's
/// start, a comma or colon, `a total of`, `then`).
static CLAUSE_OPENS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:^|[,:\n]\s*|(?-u:\b)(?:a\s+total\s+of|overall|then|finally|altogether|in\s+all)\s+)$",
    )
    .expect("clause opens regex")
});

/// The roles a conjunct may have had before the verb's role is given to
/// it: a count of the study, not an arm, a subgroup or a citation.
fn study_count(role: Role) -> bool {
    matches!(
        role,
        Role::Total | Role::Enrolled | Role::Randomized | Role::Analyzed
    )
}

/// The role the verb of taking part gives its subjects.
fn verb_role(verb: &str) -> Role {
    let v = verb.to_ascii_lowercase();
    if v.starts_with("randomi") || v == "assigned" || v == "allocated" {
        Role::Randomized
    } else if v.starts_with("analy") || v == "evaluated" {
        Role::Analyzed
    } else {
        Role::Enrolled
    }
}

/// Whether `words` hold a verb of a clause of their own (a verb inside a
/// relative clause belongs to the conjunct's noun).
fn own_clause(words: &str) -> bool {
    match RELATIVE.find(words) {
        Some(m) => OWN_CLAUSE.is_match(&words[..m.start()]),
        None => OWN_CLAUSE.is_match(words),
    }
}

/// Whether `gap` (the text between two conjuncts) joins them, and whether
/// it is the last link (`and`) of the list.
fn link(gap: &str) -> Option<bool> {
    if gap.len() > GAP || !LINK.is_match(gap) {
        return None;
    }
    if own_clause(gap) {
        return None;
    }
    Some(gap.trim_end().to_ascii_lowercase().ends_with("and"))
}

/// Finds the lists of counts that are the subject of one verb of taking
/// part, gives each conjunct the verb's role, and returns for each
/// candidate the start of its list's first count (its key), if it is one.
pub(super) fn subjects_of_one_verb(doc: &Document, out: &mut [Cand]) -> Vec<Option<usize>> {
    let mut keys = vec![None; out.len()];
    let fold = doc.fold.as_str();
    let mut i = 0;
    while i < out.len() {
        let first = &out[i];
        let sentence = doc.sentence_at(first.start);
        let opens =
            study_count(first.role) && CLAUSE_OPENS.is_match(&fold[sentence.0..first.start]);
        // The list from `i`: each link joins the next count.
        let mut j = i;
        let mut last_is_and = false;
        while opens && j + 1 < out.len() {
            let (a, b) = (&out[j], &out[j + 1]);
            if !study_count(b.role) || b.start < a.end || doc.sentence_at(b.start) != sentence {
                break;
            }
            // The first count's span may hold its own verb (`509 were
            // randomized`): the words from its number on are read.
            match link(&fold[a.end..b.start]).filter(|_| !own_clause(&fold[a.start..b.start])) {
                Some(and) => {
                    j += 1;
                    last_is_and = and;
                    if and {
                        break;
                    }
                }
                None => break,
            }
        }
        let verb = (j > i && last_is_and)
            .then(|| VERB_AFTER.captures(&fold[out[j].start..sentence.1]))
            .flatten()
            .filter(|c| !own_clause(&c[1]));
        match verb {
            Some(c) => {
                // Each conjunct's words: from its count to the next one
                // (the last one's to the verb).
                let verb_at = out[j].start + c.get(1).map_or(0, |m| m.end());
                let words: Vec<&str> = (i..=j)
                    .map(|k| {
                        let to = if k < j { out[k + 1].start } else { verb_at };
                        &fold[out[k].end..to.max(out[k].end)]
                    })
                    .collect();
                if super::cohorts::treated_cohorts(&words) {
                    for cand in out.iter_mut().take(j + 1).skip(i) {
                        cand.role = Role::Arm;
                        cand.rule = super::cohorts::RULE;
                        cand.group = None;
                    }
                    i = j + 1;
                    continue;
                }
                let role = verb_role(&c[2]);
                let key = out[i].start;
                for (k, cand) in out.iter_mut().enumerate().take(j + 1).skip(i) {
                    cand.role = role;
                    keys[k] = Some(key);
                }
                i = j + 1;
            }
            None => i += 1,
        }
    }
    keys
}

type Stated<'a> = (&'a Finding, &'a SampleSizeValue);

/// The whole of each list of coordinated counts (one value per list, the
/// first conjunct's with `n` their sum), for [`with_wholes`].
pub(super) fn wholes(ss: &[Stated]) -> Vec<SampleSizeValue> {
    let mut out: Vec<SampleSizeValue> = Vec::new();
    let mut last_key = None;
    for (_, v) in ss {
        let Some(key) = v.statement.and_then(|st| st.parts_of) else {
            continue;
        };
        match out.last_mut() {
            Some(w) if last_key == Some(key) => w.n += v.n,
            _ => out.push((*v).clone()),
        }
        last_key = Some(key);
    }
    out
}

/// `ss` with each list of coordinated counts replaced by its whole: the
/// first conjunct stands for the list with the sum as its count, the
/// others are dropped (they are parts of it).
pub(super) fn with_wholes<'a>(
    ss: Vec<Stated<'a>>,
    wholes: &'a [SampleSizeValue],
) -> Vec<Stated<'a>> {
    let mut next = wholes.iter();
    let mut last_key = None;
    let mut out = Vec::with_capacity(ss.len());
    for (f, v) in ss {
        match v.statement.and_then(|st| st.parts_of) {
            None => out.push((f, v)),
            Some(key) if last_key == Some(key) => {}
            Some(key) => {
                last_key = Some(key);
                out.push((f, next.next().unwrap_or(v)));
            }
        }
    }
    out
}
