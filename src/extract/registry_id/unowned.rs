//! Where nothing in a paper is its own registration, the trial it comes
//! from named in the words that say so: the trial its subject "was
//! evaluated in" (`Apremilast's effect on patient-reported outcomes … was
//! evaluated in a phase IIb randomized, controlled trial (NCT…)`, an
//! abstract's objective), the trial its participants "had participated
//! in" (`samples obtained from children who had participated in a
//! randomized controlled trial (… NCT…)`, an extension's `patients who
//! participated in the 54-week … (PURSUIT-M1; …: NCT…)`), and a trial the abstract names
//! whose registration stands only in the title of a reference entry (`…
//! The Prescription Peer Academic Detailing (Rx-PAD) study [NCT…]`, the
//! abstract opening `The Prescription Peer Academic Detailing (Rx-PAD)
//! project is …`): the study's own or its parent's.

use super::role::{self, CITED_CUE};
use crate::extract::attribution;
use crate::extract::text::floor_boundary;
use crate::normalize::Document;
use crate::record::Finding;
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

// The paper's subject studied in a trial, the number closing that clause:
// `… was evaluated in a phase IIb randomized, controlled trial (`, `an
// intervention being evaluated in a pragmatic randomized controlled trial
// comparing … (Clinicaltrials.gov `.
static STUDIED_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:being|been|was|were|is|are) (?:evaluated|tested|assessed|investigated|examined|studied) in (?:a|an) (?:[a-z0-9\-]+,? ){0,6}(?:trial|study|rct)(?-u:\b)[^;]{0,160}$")
        .expect("studied in regex")
});

// The participants' source trial, the number closing that clause: `…
// children who had participated in a randomized controlled trial (`,
// `patients who participated in the 54-week … Maintenance (PURSUIT-M1;
// ClinicalTrials.gov number: ` (an extension's parent).
static TOOK_PART_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)(?:had|have|who) (?:previously |originally |all )?(?:participated|taken part|took part) in (?:a|an|the) [^;]{0,160}(?:\([^()]{0,60})?$")
        .expect("took part in regex")
});

// Words that make the trial another one however it is introduced: a
// separate, future or planned trial, participants excluded for having
// taken part in one.
static ANOTHER: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)(?:separate|future|planned|exclu[a-z]*|not eligible)(?-u:\b)",
    )
    .expect("another regex")
});

// A reference title naming its trial by a bracketed short name right
// before the number: `… The Prescription Peer Academic Detailing (Rx-PAD)
// study [`.
static REFERENCE_TRIAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)\(([a-z][a-z0-9\-]{1,15})\) (?:study|trial|project)\s?[\[(]\s?$")
        .expect("reference trial regex")
});

/// The paper's head: its front matter and abstract, and at least 2,500
/// bytes past the front matter (an abstract whose headings read as the
/// body's: `Background`, `Methods`), never into the references.
fn head(doc: &Document) -> &str {
    let fold = doc.fold.as_str();
    let start = |keep: fn(Section) -> bool| {
        doc.sections()
            .iter()
            .find(|&&(_, s)| !keep(s))
            .map_or(fold.len(), |&(at, _)| at)
    };
    let front = start(|s| s == Section::Front);
    let abstract_end = start(|s| matches!(s, Section::Front | Section::Abstract));
    let references = doc
        .sections()
        .iter()
        .find(|&&(_, s)| s == Section::References)
        .map_or(fold.len(), |&(at, _)| at);
    let end = abstract_end
        .max(front.saturating_add(2500))
        .min(references)
        .min(fold.len());
    &fold[..floor_boundary(fold, end)]
}

/// Whether `name` stands in `text` as a whole word.
fn names(text: &str, name: &str) -> bool {
    let whole = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
    text.match_indices(name).any(|(i, _)| {
        whole(text[..i].chars().next_back()) && whole(text[i + name.len()..].chars().next())
    })
}

/// Whether the ID at `at`, outside the references, closes a clause that
/// says the paper's subject was studied in the trial, or its participants
/// took part in it.
fn source_trial(doc: &Document, at: usize) -> bool {
    let fold = doc.fold.as_str();
    let sec = doc.section_at(at);
    if matches!(
        sec,
        Section::Discussion | Section::Conclusion | Section::References | Section::BackMatter
    ) || role::in_reference(doc, at)
    {
        return false;
    }
    let (s, e) = doc.sentence_at(at);
    let lead = &fold[floor_boundary(fold, s.max(at.saturating_sub(400)))..floor_boundary(fold, at)];
    let sentence = &fold[floor_boundary(fold, s)..floor_boundary(fold, e.max(s).min(fold.len()))];
    if ANOTHER.is_match(sentence) {
        return false;
    }
    // A background names others' trials so: there the sentence must cite
    // nothing (`was evaluated in a phase III trial (NCT…) [12]`).
    let cites = CITED_CUE.is_match(sentence) || attribution::cites_other_study(sentence);
    (STUDIED_IN.is_match(lead) || TOOK_PART_IN.is_match(lead))
        && !(sec == Section::Background && cites)
}

/// Whether the ID at `at` closes a reference title that names a trial
/// the paper's head names (see the module's note).
fn reference_of_head_trial(doc: &Document, head: &str, at: usize) -> bool {
    let fold = doc.fold.as_str();
    if !role::in_reference(doc, at) {
        return false;
    }
    let line_start = fold[..at].rfind('\n').map_or(0, |i| i + 1);
    let lead = &fold[floor_boundary(fold, line_start.max(at.saturating_sub(300)))..at];
    REFERENCE_TRIAL.captures(lead).is_some_and(|c| {
        let name = &c[1];
        name.bytes().filter(u8::is_ascii_uppercase).count() >= 2 && names(head, name)
    })
}

/// Where no number is the study's own, the numbers of the trial it comes
/// from (see the module's note) are: every mention takes the role.
pub(super) fn source_trial_is_own(doc: &Document, found: &mut [Finding], spans: &[(usize, usize)]) {
    if role::any_own(found) {
        return;
    }
    let head = head(doc);
    role::make_own(found, spans, |at| {
        source_trial(doc, at) || reference_of_head_trial(doc, head, at)
    });
}
