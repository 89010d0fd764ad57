//! Is this statement about the authors' own study, or another one?
//!
//! Papers report other studies' numbers in the background and discussion
//! (`In a previous trial of 120 patients, …`) and, anywhere, beside a
//! citation (`Smith et al. enrolled 48 patients`). A number there is
//! `cited`, unless the authors speak of their own work (`we`, `our`, `this
//! study`): `In our trial, 54 patients …` in a discussion is still ours.
//!
//! The answer reads a window of the sentence around the match (200 bytes
//! before, 100 after), never the whole sentence: token-joined abstracts run
//! a page into one "sentence", and a cue far away is about something else.
//!
//! The cues are one set for every extractor that asks. Two questions are
//! asked of them: [`attribute`] reads a window around one number in any
//! section (sample sizes); [`sentence_reports_other_study`] reads a whole
//! background or discussion sentence and the one before it, with the cues
//! of reported findings too (numbered citations, `study by`, `found that`),
//! for EDSS statements, which the seeds' gold leaves out there.

use super::text::sentence_window;
use crate::normalize::Document;
use regex::Regex;
use std::sync::LazyLock;

/// Words of a citation or of another study: `et al`, `previous studies`,
/// `prior trial`, `other authors`, `has been reported`.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?i)(?-u:\b)et al(?-u:\b)|(?-u:\b)previous(?:ly)? (?:study|studies|trial|trials|report|reports|work|research|published|reported|described|shown|demonstrated)(?-u:\b)|(?-u:\b)prior (?:study|trial|report)|(?-u:\b)earlier (?:study|trial|report)|(?-u:\b)other (?:studies|trials|authors)|(?-u:\b)(?:has|have) been reported")
        .expect("citation regex")
});

/// The authors' own study, even in a background or discussion paragraph.
static OWN_STUDY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(r"(?-u:\b)(?:(?i:we|our|this (?:study|trial|report|paper|article)|the (?:present|current) (?:study|trial))|[Uu]s)(?-u:\b)")
        .expect("own study regex")
});

/// Cues of a reported finding beyond [`CITATION`]: a numbered citation
/// (`[12]`, `[3, 4]`, `(7-9)`), `study by`, `another trial`, `found that`,
/// `studies from Canada`. Asked only of background and discussion
/// sentences, where a bracketed number is a reference, not a value.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)\[\d+(?:\s*[,\-]\s*\d+)*\]|\(\d{1,3}(?:\s*[,\-]\s*\d{1,3})*\)|(?-u:\b)study\s+by(?-u:\b)|(?-u:\b)(?:previous|earlier|another|other)\s+(?:stud|trial|report)|(?-u:\b)(?:found|reported|showed|demonstrated)\s+that(?-u:\b)|(?-u:\b)stud(?:y|ies)\s+(?:from|in)\s+(?-i:[A-Z])",
    )
    .expect("reported-finding regex")
});

/// A study a clause opens by placing its statement in, cited by number:
/// `In the pivotal trial [12], …`, `, whereas in an earlier cohort study
/// (8) …`, `In two registries [3-5], …`, `From the phase 3 trial (ref. 7)`.
/// The opening says the clause is about that study. Elsewhere a numbered
/// mark after a study's name is no such cue: the sentence's own study
/// citing its design (`X is a randomised stepped wedge trial [4] in
/// adults`), its parent study (`patients from the core study [10] with
/// EDSS ≤ 5.5`); a bare `[12]` after a number or a scale's name may cite
/// a criterion's source or hold a value.
static STUDY_MARK: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:^|[,;:.\n])\s*(?:(?:and|but|whereas|while)\s+)?(?:in|from)\s+(?:(?:the|a|an|another|one|two|three|several|these|those)\s+)?(?:[A-Za-z0-9-]+\s+){0,3}?(?:trials?|stud(?:y|ies)|cohorts?|reports?|registr(?:y|ies)|series|analys[ie]s)\s*(?:\[\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\]|\((?:refs?\.?\s*)?\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\))",
    )
    .expect("study mark regex")
});

/// A comparison that sets the authors' finding beside another study's
/// (`Unlike previous studies, …`, `consistent with earlier trials [4]`,
/// `as in the pivotal trial [12]`): what follows is the authors' own. Read
/// in the words just before a citation cue.
static COMPARED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?:(?-u:\b)(?:unlike|like|contrast\s+(?:to|with)|consistent\s+with|in\s+line\s+with|agreement\s+with|keeping\s+with|similar(?:ly)?\s+to|compared\s+(?:to|with)|comparable\s+to|confirm(?:s|ed|ing)?|than(?:\s+in)?|versus|vs\.?)\s+(?:[A-Za-z0-9-]+\s+){0,3}|(?-u:\b)as\s+(?:in\s+)?)$",
    )
    .expect("comparison regex")
});

/// Another trial named by its acronym: `In the CARE-MS trials`, `from the
/// phase 3 TRANSFORMS study`, `in the OPERA I and II trials`. The acronym
/// (capitals and digits, three at least) is the first group.
static NAMED_TRIAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?-u:\b)(?i:in|from|of)\s+the\s+(?:(?i:phase)\s+(?:[1-4]|III|II|IV)(?:/(?:[1-4]|III|II))?\s+|(?i:pivotal)\s+)?([A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)*)(?:\s+(?:I{1,3}|IV|[1-3]))?(?:\s+and\s+(?:I{1,3}|IV|[1-3]|[A-Z][A-Z0-9-]+))?\s+(?i:trials?|stud(?:y|ies)|extension|cohorts?|program(?:me)?)(?-u:\b)",
    )
    .expect("named trial regex")
});

/// The start of an entry of a reference list as PMC's text gives it: the
/// authors glued as surname and initials (`MylesPSWilliamsDLHendrataM…`,
/// `Torvinen SKannus PSievänen H…`), two of them at least, then the title;
/// the entry's number may lead (`12 MylesPS…`).
static REFERENCE_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"^(?:\[?\d{1,3}[.\]]?[ \t]+)?(?:\p{Lu}[\p{Ll}'’]+(?:[ -]\p{Lu}[\p{Ll}'’]+)*[ ]?\p{Lu}{1,3}){2,}\p{Lu}",
    )
    .expect("reference entry regex")
});

/// Whether the line holding byte `at` of `fold` is an entry of a reference
/// list (authors glued before a title): a number there is another study's,
/// wherever the section detector thinks it is (PMC texts have no
/// `References` heading).
pub fn in_reference_entry(fold: &str, at: usize) -> bool {
    let at = crate::extract::text::floor_boundary(fold, at.min(fold.len()));
    let mut line = fold[..at].rfind('\n').map_or(0, |p| p + 1);
    // The entry's number on a line of its own (`27` then `JunghansCFederG…`):
    // the entry is the next line that holds anything.
    let end_of_line = fold[line..].find('\n').map_or(fold.len(), |p| line + p);
    if is_entry_label(&fold[line..end_of_line]) {
        line = end_of_line + fold[end_of_line..].len() - fold[end_of_line..].trim_start().len();
    }
    let end = crate::extract::text::ceil_boundary(fold, (line + 160).min(fold.len()));
    REFERENCE_ENTRY.is_match(&fold[line..end])
}

/// Whether a whole line is a reference list's entry number (`27`, `4.`,
/// `[12]`).
fn is_entry_label(line: &str) -> bool {
    let t = line.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(t);
    let t = t.strip_suffix('.').unwrap_or(t);
    (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

/// Bytes of the sentence read before and after a match.
const BEFORE: usize = 200;
const AFTER: usize = 100;

/// Whose study a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// The authors say it of their own work (`we`, `our`, `this study`).
    Own,
    /// Another study: in a background or discussion section
    /// (`background`), or beside a citation elsewhere.
    Other { background: bool },
    /// Nothing says: the document's own study, as far as anyone can tell.
    Unmarked,
}

/// Whether `s` names the authors' own study.
pub fn names_own_study(s: &str) -> bool {
    OWN_STUDY.is_match(s)
}

/// Whether `s` cites or names another study.
pub fn cites_other_study(s: &str) -> bool {
    CITATION.is_match(s)
}

/// Whether `s` reports another study's finding: a citation cue
/// ([`cites_other_study`]) or a reported-finding cue (`[12]`, `study by`,
/// `found that`).
pub fn reports_finding(s: &str) -> bool {
    CITATION.is_match(s) || REPORTED.is_match(s)
}

/// Whether the words `head` before a statement, in any section, name the
/// study it is about as another one: a citation cue ([`cites_other_study`],
/// `A previous study found …`) or a mark citing a study ([`STUDY_MARK`],
/// `In the pivotal trial [12], …`), not set in a comparison with the
/// authors' finding ([`COMPARED`], `Unlike previous studies, …`).
pub fn head_cites_study(head: &str) -> bool {
    let cue = [CITATION.find(head), STUDY_MARK.find(head)]
        .into_iter()
        .flatten()
        .map(|m| m.start())
        .min();
    cue.is_some_and(|c| !COMPARED.is_match(&head[..c]))
}

/// Whether the sentence `fold[s0..s1]` reports another study: it stands in
/// the background or discussion, does not name the authors' own study, and
/// it or the sentence before it holds a cue of [`reports_finding`]. The
/// whole sentence is read: a statement's cue (`[24]`) often ends it.
pub fn sentence_reports_other_study(doc: &Document, s0: usize, s1: usize) -> bool {
    sentence_cues(doc, s0, s1).other_study_at(&doc.fold, s1, s1)
}

/// How far after a mention an own-study cue still speaks of it, when no
/// comma or semicolon comes between (`the median EDSS of our cohort`).
const OWN_AFTER: usize = 150;

/// The cues of one background or discussion sentence, read once for all the
/// mentions in it (a flattened table can put a thousand in one "sentence"):
/// where the authors name their own study, and where the first cue of a
/// reported finding stands.
#[derive(Debug, Clone)]
pub struct SentenceCues {
    background: bool,
    /// Starts of the own-study cues, in order.
    own: Vec<usize>,
    /// Start of the first reported-finding cue in the sentence.
    report: Option<usize>,
    /// Whether the sentence before holds a reported-finding cue.
    report_before: bool,
}

/// Reads the cues of the sentence `fold[s0..s1]`.
pub fn sentence_cues(doc: &Document, s0: usize, s1: usize) -> SentenceCues {
    let mut cues = SentenceCues {
        background: doc.section_at(s0).is_background_like(),
        own: Vec::new(),
        report: None,
        report_before: false,
    };
    if !cues.background {
        return cues;
    }
    let sentence = &doc.fold[s0..s1];
    count_scan(s1 - s0);
    cues.own = OWN_STUDY
        .find_iter(sentence)
        .map(|m| s0 + m.start())
        .collect();
    cues.report = [CITATION.find(sentence), REPORTED.find(sentence)]
        .into_iter()
        .flatten()
        .map(|m| s0 + m.start())
        .chain(other_named_trial(doc, s0, sentence))
        .min();
    if s0 > 0 {
        let (p0, _) = doc.sentence_at(s0 - 1);
        count_scan(s0 - p0);
        cues.report_before = p0 < s0 && reports_finding(&doc.fold[p0..s0]);
    }
    cues
}

/// Where the sentence at `s0` first names another trial by its acronym
/// ([`NAMED_TRIAL`]): one the document never names where it speaks of its
/// own study (front matter, abstract, methods, results). A trial named
/// there is the authors' own, whatever the background says of it.
fn other_named_trial(doc: &Document, s0: usize, sentence: &str) -> Option<usize> {
    NAMED_TRIAL.captures_iter(sentence).find_map(|c| {
        let (all, name) = (c.get(0)?, c.get(1)?.as_str());
        (!names_own_trial(doc, name)).then_some(s0 + all.start())
    })
}

/// Whether `name` occurs in the parts of the document that report its own
/// study.
fn names_own_trial(doc: &Document, name: &str) -> bool {
    use crate::sections::Section;
    let fold = doc.fold.as_str();
    let sections = doc.sections();
    let first = sections.first().map_or(fold.len(), |&(s, _)| s);
    if fold[..first].contains(name) {
        return true;
    }
    sections.iter().enumerate().any(|(i, &(start, sec))| {
        let end = sections.get(i + 1).map_or(fold.len(), |&(e, _)| e);
        matches!(
            sec,
            Section::Front | Section::Abstract | Section::Methods | Section::Results
        ) && fold[start..end].contains(name)
    })
}

impl SentenceCues {
    /// Whether the mention at `fold[a0..a1]` reports another study. The
    /// authors' own words before it, or just after it in the same clause,
    /// keep it theirs; a cue of a reported finding before it makes it
    /// another study's even when the sentence ends by comparing with the
    /// authors' own (`In a previous study … (defined as EDSS > 4), this
    /// latter population corresponding to … our study`). Otherwise the
    /// whole sentence decides, as [`sentence_reports_other_study`] says.
    pub fn other_study_at(&self, fold: &str, a0: usize, a1: usize) -> bool {
        if !self.background {
            return false;
        }
        if self.own.first().is_some_and(|&o| o < a0) {
            return false;
        }
        let from = self.own.partition_point(|&o| o < a1);
        let own_near = self.own[from..]
            .iter()
            .take_while(|&&o| o < a1 + OWN_AFTER)
            .any(|&o| !fold[a1..o].contains([',', ';']));
        if own_near {
            return false;
        }
        if self.report.is_some_and(|r| r < a0) {
            return true;
        }
        if !self.own.is_empty() {
            return false;
        }
        self.report.is_some() || self.report_before
    }
}

#[cfg(test)]
thread_local! {
    /// Bytes of sentences read by [`sentence_reports_other_study`], for the
    /// test that keeps a long sentence of mentions from being read once
    /// per mention.
    pub(crate) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_scan(n: usize) {
    SCANNED.with(|s| s.set(s.get() + n));
}

#[cfg(not(test))]
fn count_scan(_: usize) {}

/// Whose study the statement at `fold[start..end]` is about.
pub fn attribute(doc: &Document, start: usize, end: usize) -> Attribution {
    let (lo, hi) = sentence_window(doc, start, end, BEFORE, AFTER);
    let window = &doc.fold[lo..hi];
    if names_own_study(window) {
        return Attribution::Own;
    }
    let background = doc.section_at(start).is_background_like();
    if background || cites_other_study(window) {
        Attribution::Other { background }
    } else {
        Attribution::Unmarked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Attribution {
        let doc = Document::from_text(text);
        let s = doc.fold.find(needle).unwrap();
        attribute(&doc, s, s + needle.len())
    }

    #[test]
    fn a_citation_makes_a_number_another_studys() {
        assert_eq!(
            at(
                "Results\nSmith et al. randomised 48 patients to surgery.",
                "48"
            ),
            Attribution::Other { background: false }
        );
        assert_eq!(
            at("Methods\nPrevious studies enrolled 300 adults.", "300"),
            Attribution::Other { background: false }
        );
    }

    #[test]
    fn background_numbers_are_others_unless_the_authors_speak() {
        assert_eq!(
            at("Background\nAbout 2.8 million people live with MS.", "2.8"),
            Attribution::Other { background: true }
        );
        assert_eq!(
            at(
                "Discussion\nIn our trial, 54 patients completed the year.",
                "54"
            ),
            Attribution::Own
        );
    }

    #[test]
    fn a_plain_methods_sentence_is_unmarked() {
        assert_eq!(
            at("Methods\nA total of 120 patients were randomised.", "120"),
            Attribution::Unmarked
        );
        // `us` inside a word is no cue.
        assert_eq!(
            at(
                "Methods\nForty status-epilepticus patients were randomised.",
                "Forty"
            ),
            Attribution::Unmarked
        );
    }

    #[test]
    fn a_head_naming_another_study_cites_it() {
        for head in [
            "A previous study found a mean ",
            "In the pivotal trial [12], ",
            "In an earlier cohort study (8), the ",
            "In two registries [3-5], the ",
            "Relapses fell, whereas in an earlier cohort study (8) the ",
            "Smith et al. reported that the ",
        ] {
            assert!(head_cites_study(head), "{head}");
        }
        for head in [
            // A comparison keeps the finding the authors' own.
            "Unlike previous studies, the ",
            "As in the pivotal trial [12], the ",
            "Consistent with the pivotal trial [12], the ",
            // A study the sentence is about, citing its design.
            "The ALPHA-MS study is a randomised, stepped wedge design trial [4] in adults with ",
            // The own study's parent study, mid-clause.
            "Patients from the core study [10] with ",
            // A cited method, a criterion's source, a plain statement.
            "Disability was rated as described (ref. 9), and the ",
            "Patients with ",
            "At week 48 the ",
        ] {
            assert!(!head_cites_study(head), "{head}");
        }
    }

    #[test]
    fn a_reference_list_entry_is_another_study() {
        let fold = "Results\n120 patients.\nMylesPSWilliamsDLHendrataMPatient satisfaction after anaesthesia: a survey of 10,811 patients\nTorvinen SKannus PSievänen HEffect of vibration in 56 women\n";
        assert!(in_reference_entry(fold, fold.find("10,811").unwrap()));
        assert!(in_reference_entry(fold, fold.find("56").unwrap()));
        assert!(!in_reference_entry(fold, fold.find("120").unwrap()));
        let numbered = "27\nJunghansCFederGRecruiting 80 patients: a randomised trial\n[4]\nSmith JJones KA trial in 56 women\n";
        for n in ["27", "80", "4", "56"] {
            assert!(
                in_reference_entry(numbered, numbered.find(n).unwrap()),
                "{n}"
            );
        }
        let table = "Randomised\n72\nPatients Completed Follow-up\n66\n";
        assert!(!in_reference_entry(table, table.find("72").unwrap()));
        let plain = "Patients in Group A Received 30 mg.\nC group (n = 11)\nThe ISRCTN Registry holds 40 trials.";
        for n in ["30", "11", "40"] {
            assert!(!in_reference_entry(plain, plain.find(n).unwrap()), "{n}");
        }
    }

    #[test]
    fn a_cue_far_away_in_a_joined_sentence_is_not_read() {
        let filler = "word ".repeat(60);
        let text =
            format!("Methods\nSmith et al. said so {filler} and 120 patients were randomised");
        assert_eq!(at(&text, "120"), Attribution::Unmarked);
    }

    fn sentence(text: &str, needle: &str) -> bool {
        let doc = Document::from_text(text);
        let at = doc.fold.find(needle).unwrap();
        let (s0, s1) = doc.sentence_at(at);
        sentence_reports_other_study(&doc, s0, s1)
    }

    #[test]
    fn a_background_sentence_with_a_reference_reports_another_study() {
        // A numbered citation, `study by`, `found that`: cues the window
        // question does not read.
        assert!(sentence(
            "Background\nPatients had a mean EDSS of 3.5 [12].",
            "EDSS"
        ));
        assert!(sentence(
            "Discussion\nA study by Smith gave EDSS 2.0-6.5 at entry.",
            "EDSS"
        ));
        assert!(sentence(
            "Discussion\nA cohort from Canada found that half reached EDSS 3.0.",
            "EDSS"
        ));
        // The cue in the sentence before counts too.
        assert!(sentence(
            "Discussion\nAn earlier trial enrolled adults. Their mean EDSS was 4.0.",
            "Their"
        ));
        // The cues of the window question count as well.
        assert!(sentence(
            "Discussion\nIt has been reported that EDSS rose by 1.0.",
            "EDSS"
        ));
    }

    #[test]
    fn the_country_is_not_the_authors_and_a_study_in_a_country_has_a_capital() {
        // `US` is a country, not `us`: the cue of the sentence still counts.
        assert!(sentence(
            "Discussion\nA US trial [14] enrolled 600 patients with EDSS 2.0.",
            "EDSS"
        ));
        assert!(!sentence(
            "Discussion\nThis gave us a mean EDSS of 3.5 [12].",
            "EDSS"
        ));
        // `studies in Canada` names other studies; `study in patients` does not.
        assert!(reports_finding("Studies in Canada gave EDSS 3.0."));
        assert!(!reports_finding("A study in patients with EDSS 3.0."));
    }

    fn mention(text: &str, needle: &str) -> bool {
        let doc = Document::from_text(text);
        let a0 = doc.fold.find(needle).unwrap();
        let (s0, s1) = doc.sentence_at(a0);
        sentence_cues(&doc, s0, s1).other_study_at(&doc.fold, a0, a0 + needle.len())
    }

    #[test]
    fn a_cue_before_the_mention_outweighs_own_words_after_a_comma() {
        // PMC5433398: another study's definition, compared with ours.
        assert!(mention(
            "Discussion\nIn a previous study2 of 100 patients, scores rose in those with more disability (defined as EDSS > 4), this latter population matching the one analyzed in our study.",
            "EDSS"
        ));
        // Own words before the mention, or in its clause, keep it ours.
        assert!(!mention(
            "Discussion\nAs in a previous study [3], our patients had EDSS 2.0-6.5.",
            "EDSS"
        ));
        assert!(!mention(
            "Discussion\nLike the cohort of [3], the median EDSS of our cohort was 4.0.",
            "EDSS"
        ));
        // A cue only after the mention and own words anywhere: ours.
        assert!(!mention(
            "Discussion\nThe mean EDSS of 3.0 was low, as in our earlier work [3].",
            "EDSS"
        ));
    }

    #[test]
    fn a_trial_named_only_in_the_background_is_another() {
        // CARE-MS is named nowhere else: another programme's figures.
        assert!(mention(
            "Title of a trial of drug X\n\nIntroduction\nIn the CARE-MS trials, the mean EDSS was 2.0.\n\nMethods\nPatients were randomised.\n",
            "EDSS"
        ));
        assert!(mention(
            "Drug X\n\nDiscussion\nIn the phase 3 TRANSFORMS study, the median EDSS was 2.0.\n",
            "EDSS"
        ));
        // The authors' own trial, named in its methods or title: theirs.
        assert!(!mention(
            "Title\n\nIntroduction\nIn the OPERA trials, the mean EDSS was 2.8.\n\nMethods\nOPERA I and II enrolled patients.\n",
            "EDSS"
        ));
        assert!(!mention(
            "Alemtuzumab in CARE-MS II: a post hoc analysis\n\nIntroduction\nIn the CARE-MS II trial, the mean EDSS was 2.7.\n",
            "EDSS"
        ));
        // Words in capitals that name no trial are no cue.
        assert!(!mention(
            "Title\n\nDiscussion\nIn the present trial, the mean EDSS was 2.0.\n",
            "EDSS"
        ));
    }

    #[test]
    fn own_words_methods_and_results_are_not_another_study() {
        assert!(!sentence(
            "Discussion\nOur patients had a mean EDSS of 3.5 [12].",
            "EDSS"
        ));
        assert!(!sentence(
            "Methods\nPatients with EDSS 2.0-6.5 [12] were eligible.",
            "EDSS"
        ));
        assert!(!sentence(
            "Discussion\nThe mean EDSS was stable over two years.",
            "EDSS"
        ));
        assert!(!reports_finding("EDSS 3.0 (range 1.0-6.5) at week 48"));
        assert!(reports_finding("as in (3, 4)"));
    }
}
