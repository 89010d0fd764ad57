//! Cues of a registry ID's role that read the text around it beyond the
//! sentence (issue 14, full texts): a registration heading on the line
//! above, a tag-stripped reference whose link is glued to its title, the
//! extension that is another study than this one, the network or cohort
//! the participants were drawn from, another trial named just
//! before its number, a trial acronym the paper's head never names.

use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// What a registration label or statement says: "Trial registration
/// number", "ClinicalTrials.gov identifier", "registered in …".
static REGISTRATION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)regist|identifier|trial (?:number|no(?-u:\b)|id(?-u:\b))")
        .expect("registration words regex")
});

/// Whether the ID at `at` starts its line or sentence under a label that
/// names it a registration: a heading the section detector does not know
/// ("Trial registration number" alone on the line above), or the sentence
/// before ("This trial was registered in the UMIN-CTR … . UMIN000021947;
/// Pre-results.").
pub fn registration_label_before(doc: &Document, at: usize) -> bool {
    let fold = doc.fold.as_str();
    let at = floor_boundary(fold, at);
    let line_start = fold[..at].rfind('\n').map_or(0, |p| p + 1);
    let (s0, _) = doc.sentence_at(at);
    // Only words that cannot name anything ("ISRCTN", "UMIN-CTR:") may
    // stand before the ID on its line or in its sentence.
    let lead = &fold[line_start.max(s0)..at];
    if lead.trim().chars().count() > 12 {
        return false;
    }
    if line_start >= s0 {
        // The ID starts its line: the line above, if short and not a
        // sentence, is its label.
        let above = fold[..line_start].trim_end();
        let above_start = above.rfind('\n').map_or(0, |p| p + 1);
        let label = &above[above_start..];
        if !label.is_empty()
            && label.chars().count() <= 60
            && !label.ends_with('.')
            && REGISTRATION_WORDS.is_match(label)
        {
            return true;
        }
    }
    // The ID starts its sentence: the sentence before says it was
    // registered.
    if s0 > 0 && s0 >= line_start {
        let (p0, p1) = doc.sentence_at(s0 - 1);
        let p0 = p0.max(s0.saturating_sub(300));
        let prev = &fold[floor_boundary(fold, p0)..p1.min(s0)];
        return prev.to_lowercase().contains("regist");
    }
    false
}

/// Whether the ID at `at` follows a label that opens its line and names
/// the trial's registration ("Clinical trial information: NCT…" closing a
/// JCO paper's discussion, "Clinical trial reg. no. ACTRN…" or "German
/// clinical trial reg. no. DRKS…" closing a Diabetes Care one, "ClinicalTrials.gov identifier: NCT…",
/// "Trial registration number: ISRCTN…"): the study's own, wherever the
/// sections put that line. Not a trial's name ("Companion trial: NCT…",
/// "Previous trial number: NCT…"), nor a sentence that runs on to the ID.
pub fn registration_label_on_line(fold: &str, at: usize) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)^(?:(?:(?-i:[A-Z][a-z]+(?:an|ese|ch|sh)) )?(?:clinical )?trials? (?:information|registration|registry|reg\.|identifier|id|number|no\.?)(?: (?:number|no\.?|id|identifier))?|(?:clinicaltrials\.gov|study) (?:identifier|registration|id|number)|registration(?: number| no\.?| id)?)\s?:?\s?$")
            .expect("registration label regex")
    });
    let at = floor_boundary(fold, at);
    let line_start = fold[..at].rfind('\n').map_or(0, |p| p + 1);
    let lead = fold[line_start..at].trim();
    lead.chars().count() <= 45 && LABEL.is_match(lead)
}

/// Whether the ID at `at` stands on a line that opens with a registration
/// heading or says this study was registered ("Trial registration This
/// trial was registered in … (UMIN), UMIN…" printed after the reference
/// list): the study's own statement, no reference entry, whatever section
/// holds the line. A reference title never speaks of "this trial".
pub fn registration_statement_line(fold: &str, at: usize) -> bool {
    static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)^\s*(?:trial registration\s?:?\s*)?(?:this|the present|our) (?:[a-z\-]+ ){0,3}(?:trial|study) (?:is|was|has been|had been) (?:(?:also|prospectively|retrospectively) )?registered(?-u:\b)")
            .expect("registration statement regex")
    });
    // The heading alone before the ID ("Trial registration: UMIN…"), not a
    // title that opens so ("Trial registration in oncology: … UMIN…").
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)^\s*trial registration(?: number| no\.?)?\s?:?\s*$")
            .expect("registration heading regex")
    });
    let at = floor_boundary(fold, at);
    let line_start = fold[..at].rfind('\n').map_or(0, |p| p + 1);
    let lead = &fold[line_start..at];
    at - line_start <= 300 && (STATEMENT.is_match(lead) || HEADING.is_match(lead))
}

/// Whether the ID at `at` names an earlier trial that the sentence goes on
/// to say led to this one ("trial 1 (Do CHANGE), which has been registered
/// on www.clinicaltrials.gov (NCT…), has provided input for the further
/// development and improvement of the currently described trial 2", "the
/// pilot trial (NCT…) informed the design of the present study"): another
/// trial, cited, though its sentence calls it registered. `e` is where the
/// sentence ends. Not a number this study's words come before ("This trial
/// (NCT…) has provided input for guidelines"): the cue must follow it.
pub fn precedes_this_study(fold: &str, at: usize, e: usize) -> bool {
    static PRECEDES: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)^[^.;]{0,60}?(?-u:\b)(?:provided input (?:for|to|into)|informed the (?:design|development|planning|protocol)|served as (?:a |the )?(?:pilot|basis|precursor) (?:for|of|to)|was the (?:pilot|precursor|basis) (?:for|of|to)|paved the way for|laid the groundwork for)(?-u:\b)[^.;]{0,150}?(?-u:\b)(?:this|the present|the current|the currently described|our) (?:[a-z0-9\-]+ ){0,3}(?:trial|study|rct)(?-u:\b)")
            .expect("precedes regex")
    });
    let at = floor_boundary(fold, at);
    let z = floor_boundary(fold, e.max(at).min(at + 300));
    // Past the ID itself: its digits hold no `.` or `;`.
    PRECEDES.is_match(&fold[at..z])
}

/// Whether the ID at `at` stands on a line where a title runs into a link
/// ("…chronic kidney diseasehttp://www.clinicaltrials.gov, clinical trial
/// NCT…", "Public Registryhttp://clinicaltrials.gov/ct2/show/NCT…"): a
/// reference entry whose tags were stripped, another study's record. A
/// registration statement on that line ("registered at …") is no
/// reference.
pub fn url_glued_reference(fold: &str, at: usize) -> bool {
    static GLUED_URL: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::rx::new(r"\p{L}https?://").expect("glued url regex"));
    let at = floor_boundary(fold, at);
    let line_start = fold[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = &fold[floor_boundary(fold, line_start.max(at.saturating_sub(400)))..at];
    let lower = line.to_lowercase();
    // "registered at …" is a statement; "Public Registryhttp://…" a title.
    GLUED_URL.is_match(line) && !lower.contains("registered") && !lower.contains("registration")
}

/// Whether the ID at `at` stands on a line where a year runs into a link
/// (`… Endovascular Techniques (Marco Polo)2014http://www.clinicaltrials.gov/ct2/show/NCT…`):
/// a tag-stripped entry for a web page, title and year glued to its
/// address. Weaker than a title glued to the link ([`url_glued_reference`]):
/// the caller cites such a number only where another is the study's own.
/// A registration statement on that line is no reference.
pub fn year_glued_link(fold: &str, at: usize) -> bool {
    static YEAR_URL: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?:19|20)[0-9]{2}https?://").expect("year url regex")
    });
    let at = floor_boundary(fold, at);
    let line_start = fold[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = &fold[floor_boundary(fold, line_start.max(at.saturating_sub(400)))..at];
    let lower = line.to_lowercase();
    YEAR_URL.is_match(line) && !lower.contains("regist")
}

/// An extension or follow-up of this study is another study with its own
/// number ("an open-label extension of this study, up to 72 weeks
/// (NCT…), is on-going").
pub fn extension_of_this_study(sentence: &str) -> bool {
    static EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)(?-u:\b)(?:extension|continuation|follow-up|follow-on)(?: study| phase| trial)? of (?:this|the present|the current) (?:study|trial)(?-u:\b)|(?-u:\b)follow-on (?:study|trial)(?-u:\b)")
            .expect("extension regex")
    });
    EXTENSION.is_match(sentence)
}

/// Another trial named right before the number, with nothing between
/// that calls it registered ("given the option to enrol in an open-label
/// LTE study A3921024 (NCT…)"): the number is that trial's, whatever else
/// the sentence says of this study. ("Data from an ongoing trial (…)" is
/// where a secondary analysis comes from, no other trial.)
pub fn other_trial_just_before(fold: &str, at: usize) -> bool {
    static INTO_OTHER: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)(?-u:\b)(?:in|into|to) (?:a|an|another) (?:[a-z0-9\-]+ ){0,4}(?:trial|study)(?-u:\b)")
            .expect("into other regex")
    });
    let a = floor_boundary(fold, at.saturating_sub(120));
    let before = &fold[a..floor_boundary(fold, at)];
    let Some(m) = INTO_OTHER.find_iter(before).last() else {
        return false;
    };
    let gap = &before[m.end()..];
    gap.len() <= 40 && !gap.contains(". ") && !REGISTRATION_WORDS.is_match(gap)
}

/// Whether the ID at `at` stands in a bracket opened after `from` (its
/// sentence window), as a registry's label beside a trial's name does
/// ("… (ClinicalTrials.gov identifier: NCT…)"), and the words before the
/// bracket do not name a trial the paper's head names (the study itself:
/// "the SMILE study (Australian New Zealand Clinical Trials Registry
/// number ACTRN…)").
pub fn bracketed_other_trial(fold: &str, from: usize, at: usize) -> bool {
    static ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?-u:\b)[A-Z][A-Z0-9\-]{2,}(?-u:\b)").expect("acronym regex")
    });
    let at = floor_boundary(fold, at);
    let from = floor_boundary(fold, from.min(at));
    let window = &fold[from..at];
    let Some(open) = window.rfind(['(', '[']) else {
        return false;
    };
    if window[open..].contains([')', ']']) {
        return false;
    }
    let open = from + open;
    let before = &fold[floor_boundary(fold, open.saturating_sub(60))..open];
    let head = &fold[..ceil_boundary(fold, HEAD)];
    let named_in_head = open >= HEAD
        && ACRONYM
            .find_iter(before)
            .any(|m| m.as_str() != "NCT" && head.contains(m.as_str()));
    !named_in_head
}

/// The bytes a paper's head (title and abstract) spans.
const HEAD: usize = 3000;

/// A trial named by an acronym just before the number ("The INTREPID
/// study (ClinicalTrial.gov identifier: NCT…) compared …") that the
/// paper's head (its title and abstract, before the name) never names:
/// another trial, unless the words between call it registered.
pub fn unnamed_acronym_trial(fold: &str, at: usize) -> bool {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?-u:\b)(?:[Tt]he|[Aa]n?) ([A-Z][A-Z0-9\-]{2,})(?: [A-Z0-9\-]+)? (?:[Ss]tudy|[Tt]rial)(?-u:\b)")
            .expect("named trial regex")
    });
    let a = floor_boundary(fold, at.saturating_sub(100));
    let before = &fold[a..floor_boundary(fold, at)];
    let Some(c) = NAMED.captures_iter(before).last() else {
        return false;
    };
    let m = c.get(0).expect("match");
    let gap = &before[m.end()..];
    // A registry's label between ("(ClinicalTrial.gov identifier: ") is
    // no registration statement; "registered" is.
    if gap.len() > 60 || gap.contains(". ") || gap.to_lowercase().contains("regist") {
        return false;
    }
    // Only past the head: an abstract that opens with its own trial's
    // name ("The DATA study (NCT…) compared …") has no head before it.
    let name_at = a + m.start();
    if name_at < HEAD {
        return false;
    }
    !fold[..ceil_boundary(fold, HEAD)].contains(&c[1])
}

/// Whether the ID at `at` stands in the bracket after a network, consortium,
/// cohort or biobank the study's participants were drawn from ("Subjects
/// were enrolled from the Early Detection Research Network (EDRN, 5U01…,
/// NCT00301119, PI Rom)"): that source's registration, not this trial's.
/// `from` is where the ID's sentence starts.
pub fn data_source_network(fold: &str, from: usize, at: usize) -> bool {
    static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)(?-u:\b)(?:enrol?led|recruited|drawn|selected|sampled|identified|obtained) (?:from|through|within|in|out of) the [^.;()\[\]]{0,80}?(?-u:\b)(?:network|consortium|cohort|biobank|bio-bank)\s?$")
            .expect("data source regex")
    });
    let at = floor_boundary(fold, at);
    let from = floor_boundary(fold, from.min(at));
    // The unclosed bracket the ID stands in (one nested pair allowed:
    // "institutional review board (IRB)# 8896, NCT…").
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in fold[from..at].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                open = Some(from + i);
                break;
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    let Some(open) = open else {
        return false;
    };
    SOURCE.is_match(&fold[floor_boundary(fold, open.saturating_sub(200).max(from))..open])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str, id: &str) -> bool {
        let doc = Document::from_text(text);
        registration_label_before(&doc, doc.fold.find(id).unwrap())
    }

    #[test]
    fn a_registration_label_above_or_before_names_the_id() {
        assert!(label(
            "Discussion\nIt will help.\n\nTrial registration number\n\nISRCTN30829654.\n",
            "ISRCTN"
        ));
        assert!(label(
            "Discussion\nThis trial was registered in the UMIN Clinical Trials Registry (UMIN-CTR). UMIN000021947; Pre-results.\n",
            "UMIN0"
        ));
        // A sentence that names the trial itself has no label.
        assert!(!label(
            "Discussion\nTrial registration number\nAnother trial (NCT01234567) found it.\n",
            "NCT"
        ));
        assert!(!label(
            "Discussion\nThe results were good.\nNCT01234567 is ongoing.\n",
            "NCT"
        ));
    }

    #[test]
    fn a_title_glued_to_its_link_is_a_reference() {
        let f = "7\nA clinical trial of oral versus IV iron in patients with chronic kidney diseasehttp://www.clinicaltrials.gov, clinical trial NCT00830037\n";
        assert!(url_glued_reference(f, f.find("NCT").unwrap()));
        let p = "Public Registryhttp://clinicaltrials.gov/ct2/show/NCT01392378?term=13-valent";
        assert!(url_glued_reference(p, p.find("NCT").unwrap()));
        let s = "It was registered at www.ClinicalTrials.gov (Identifier: NCT01539603; http://www.clinicaltrials.gov/ct2/show/NCT01539603).";
        assert!(!url_glued_reference(s, s.rfind("NCT").unwrap()));
    }

    #[test]
    fn an_acronym_the_head_never_names_is_another_trial() {
        let pad = "We planned a trial. ".repeat(160);
        let f = format!("Title: sham radiotherapy in AMD\nAbstract\n{pad}\nMethods\nThe INTREPID study (ClinicalTrial.gov identifier: NCT01016873) compared patients.");
        assert!(unnamed_acronym_trial(&f, f.find("NCT").unwrap()));
        // An abstract that opens with its trial's name has no head before it.
        let abs = "The DATA study (NCT00301457) compared 6 and 3 years of anastrozole.";
        assert!(!unnamed_acronym_trial(abs, abs.find("NCT").unwrap()));
        let own = format!("The STAR trial of radiotherapy\n{pad}\nMethods\nThe STAR trial (NCT01016873) randomised patients.");
        assert!(!unnamed_acronym_trial(&own, own.find("NCT").unwrap()));
        let reg = "Title\nMethods\nThe GIPS trial has been registered with identifier NCT01217307.";
        assert!(!unnamed_acronym_trial(reg, reg.find("NCT").unwrap()));
    }
}
