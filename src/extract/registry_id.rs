//! Trial registry IDs: ClinicalTrials.gov, EudraCT, EU CTIS and every WHO
//! ICTRP primary registry, in canonical form, with the role `own` (the
//! study's registration) or `cited` (another trial).
//!
//! Each registry is one row of [`registries::REGISTRIES`]: a pattern that accepts the
//! variants real text has (`NCT 01234567`, `nct01234567`, `NCT#00379470`,
//! `ISRCTN 49286846`, `NTR: 1786`, `DRKS 00003170`), a function that writes
//! the canonical form, and whether the number needs a registry cue nearby.
//! Numbers that other things share are cue-only: a 12-digit EudraCT-shaped
//! number without hyphens (`200400600800` is a product code), a bare `NL`
//! plus four digits, a two-digit `NTR`. Look-alikes that no row matches by
//! construction: ethics approvals (`FWA00001331`, `12/SC/0420`), tax
//! numbers (`13-5661935`), ISSNs, ISBNs, grant and phone numbers.

mod cues;
mod gate;
mod lists;
mod pooled;
mod registries;
mod review;
mod role;
mod unowned;

use super::{Extractor, FindingBuilder};
use crate::extract::text::{ceil_boundary, floor_boundary};
use crate::normalize::Document;
use crate::record::{Field, Finding, RegistryIdValue, RegistryRole, Value};
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

#[cfg(test)]
use registries::ISRCTN_LONG;
use registries::{COMPILED, REGISTRIES};

pub struct RegistryId;

impl Extractor for RegistryId {
    fn field(&self) -> Field {
        Field::RegistryId
    }

    fn version(&self) -> u32 {
        // 3: ISRCTN numbers written the long way (issue 14). 4: the
        // shared attribution cues, a parent trial's number is own, an
        // ethics number shaped like a EudraCT one is none. 5: another
        // trial named with its registry number ("in a phase III trial
        // (NCT…)") is cited; so is a registration ending a reference title.
        // 6: full texts (issue 14): a registration label on the line above,
        // a reference whose title is glued to its link, an extension "of
        // this study", another trial named just before its number or by an
        // acronym the paper's head never names, "NCT" and its digits split
        // by a line break, IDs inside a link's path; in a background or
        // discussion a numbered citation makes an ID cited.
        // 7: IDs of one list share the first's role; in a background or
        // discussion the registry's name beside a number is no sign of the
        // study's own; a secondary analysis's trial ("had been enrolled in
        // the …", "the design of the … trial has been described
        // previously") is its own; "the present phase 2 study".
        // 8: the trials a pooled analysis pools are its own ("This was a
        // pooled analysis of three … studies (NCT…)"), the parent cue read
        // from the sentence's opening up to 400 bytes back.
        // 9: a registration denied near an ethics number (`The study was
        // not registered`) is no sign that the number is a registration.
        // 10 (issue 14): `EUCTR2015-001234-56-GB`; a registry's letters
        // and digits split by a line end (`ACTRN` / `12618000123456`); an
        // ethics number's words read in its own sentence; "trials such as
        // NCT…" and "e.g. NCT…" cite other trials.
        // 11 (issue 14): an ID that PDF text breaks at a line end inside
        // its digits (`NCT0` / `2345678`) or after a hyphen or slash
        // (`2014-` / `001234-56`, `CTRI/2018/05/` / `013456`) when the
        // joined string is exactly one whole ID.
        // 12 (issue 14): the number in the bracket after a network,
        // consortium, cohort or biobank the participants were enrolled
        // from (`enrolled from the Early Detection Research Network (EDRN,
        // …, NCT…)`) is that source's, cited, unless the sentence says
        // this study was registered.
        // 13 (issue 14): where the paper says which registration is its
        // own (a registration section or label, `registered`, this study,
        // an approval, the back matter, a parent trial), a different
        // number that nothing calls its own is another trial's, cited
        // (`A randomised controlled trial to compare … was closed
        // prematurely (clinicaltrials.gov identifier NCT…)`); a list joins
        // its IDs to a registered one; `The design of the X trial
        // (ClinicalTrials.gov identifier …) has been described` is a
        // parent whatever dot the registry's name holds.
        // 14 (issue 14): the trial an own extension continues is own; with
        // no own number, one in the front matter or beside a trial name
        // the front matter names (`the CONDUCT study (…; NCT…)`) is own.
        // 15 (issue 14): Dutch numbers without leading zeros (`NTR01583`
        // is NTR1583); a bracket's `;` and `.` do not end the parent cue
        // (`The design of the X trial (NCT…; ref. 12) has been reported`).
        // 16 (issue 14): a reference entry of a weaker shape (a year glued
        // to a link, `Submitted2006` after a title's `[NCT…]`) is cited
        // where another number is own; a list "in several … studies" in a
        // background or discussion is other trials'; a paper that calls
        // itself a review, pooling nothing, with no registration, has no
        // own number.
        // 17 (issue 14): a sentence opening "It …" says the study's own
        // only when it speaks of its registration (`It is listed in …`,
        // `Its identifier is …`), not any "It …" (`It followed the
        // schedule of the PILOT trial (NCT…)`); a trial given as an
        // example (`such as the DMD Heart Study (ISRCTN…)`) is cited.
        // 18 (issue 14): in a paper that analyses named studies' data
        // (`pooled analysis of three … studies`, `meta-analysis of the
        // EDITION 1, 2 and 3 studies`), a methods number of those studies
        // is own though their design `has been described previously`, and
        // so is one whose data `were also examined`.
        // 19: a meta-analysis "of data from … studies" (or whose studies
        // "were included in this meta-analysis") analyses them too, and a
        // methods table whose caption names the studies included in the
        // analysis lists them: their numbers are own.
        // 20 (issue 14): a label opening the ID's line (`Clinical trial
        // information: NCT…`, `Clinical trial reg. no. ACTRN…` closing a
        // discussion) names the own trial; a registration statement
        // printed after the reference list is no entry; an earlier trial
        // that "has provided input for … the currently described trial" is
        // another trial, cited; a body's long `Conclusions` after its
        // results, in a paper with no discussion heading, is read as the
        // discussion it holds.
        // 21: a double hyphen before an ID is a dash, not a joint to a
        // longer code (`… multicenter trial--DRKS…` ending a reference).
        // 22 (issue 14): a number beside a trial name the paper's head
        // names (`The KEEPS (NCT…)—a randomized … trial—enrolled`, the
        // title `… enrolled in the … Study (KEEPS)`) is said to be own, so
        // a sub-study's number nothing calls own (`visits, which coincided
        // with cognitive testing (NCT…)`) is cited. Where no number is
        // own, the trial the paper's subject "was evaluated in" (`… was
        // evaluated in a phase IIb randomized, controlled trial (NCT…)`,
        // not in a discussion, nor a background sentence that cites), the
        // trial its participants "had participated in" (an extension's
        // `patients who participated in the 54-week … (PURSUIT-M1; …`; not
        // an exclusion, nor a background sentence that cites),
        // and a reference title's trial the abstract names (`… (Rx-PAD)
        // study [NCT…]`) are its own or its parent's.
        // 23: a bare ANZCTR number after the register's long name.
        // 24: 22 and 23 merged. 25: `ANZCTRN…`, the register's two
        // prefixes blended.
        // 26: register numbers in the shapes papers print them beyond the
        // register's own: an IRCT or UMIN number without its letters after
        // the register's name (`Iranian Registry of Clinical Trials
        // (201212166186N1)`, `University Hospital Medical Information
        // Network (No. 000013473)`), `IRCT 2015010315422 N2`,
        // `ACTRNO126…`, `EUCTR-2012-…`, `NTR-ISRCTN…`, a PACTR number with
        // a digit lost; two more registers: the South African
        // (`DOH-27-0411-2436`) and the AEA's (`AEARCTR-0000187`).
        26
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::RegistryId);
        let fold = &doc.fold;
        let first = out.len();
        // Spans already reported, by start: disjoint, so only the one
        // starting last before a new match's end can overlap it (a list
        // searched whole for every match was quadratic in the IDs).
        let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
        let gate = gate::Gate::scan_lower(fold, doc.lower());
        // The byte span of each ID pushed, in `out[first..]`'s order.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        // Whether each ID pushed is said to be the study's own (see
        // [`role::Judged::stated`]), in the same order.
        let mut stated: Vec<bool> = Vec::new();
        'registries: for (reg, (re, cue)) in REGISTRIES.iter().zip(COMPILED.iter()) {
            if !gate.may(reg.gate) {
                continue;
            }
            for c in re.captures_iter(fold) {
                if doc.budget.exhausted(out.len() - first) {
                    break 'registries;
                }
                let m = c.get(0).expect("match");
                let (s, e) = (m.start(), m.end());
                let glued = if reg.glued_ok {
                    next_to_digit(fold, s, e)
                } else {
                    glued_to_number(fold, s, e) && !in_url_path(fold, s)
                };
                let overlaps = taken.range(..e).next_back().is_some_and(|(_, &z)| s < z);
                if overlaps || glued {
                    continue;
                }
                if let Some(cue) = cue {
                    if !cue.is_match(near(fold, s, e)) {
                        continue;
                    }
                }
                if reg.name == "EudraCT" && ethics_number(near_in_sentence(doc, s, e)) {
                    continue;
                }
                if reg.name == "UMIN-CTR" && receipt_label(&fold[..s]) {
                    continue;
                }
                if !split_whole(re, m.as_str()) {
                    continue;
                }
                taken.insert(s, e);
                spans.push((s, e));
                let mut id = (reg.canonical)(&c);
                id.retain(|ch| !ch.is_whitespace());
                let judged = role::role_at(doc, s);
                let role = judged.role;
                stated.push(judged.stated);
                let conf = if cue.is_some() { 0.85 } else { 0.97 };
                out.push(b.make(
                    s,
                    e,
                    Value::RegistryId(RegistryIdValue {
                        registry: reg.name.to_string(),
                        id,
                        role,
                    }),
                    &format!("registry_id.{}", reg.name.to_lowercase()),
                    conf,
                ));
            }
        }
        let joined = lists::share_roles(doc, &spans, &mut out[first..]);
        // One trial, one role: an ID registered as the study's own in one
        // place ("Trial registration: NCT…") is the same trial when the
        // discussion names it again ("results from NCT… will be needed").
        let own: HashSet<String> = out[first..]
            .iter()
            .filter_map(|f| match &f.value {
                Value::RegistryId(r) if r.role == RegistryRole::Own => Some(r.id.clone()),
                _ => None,
            })
            .collect();
        for f in &mut out[first..] {
            if let Value::RegistryId(r) = &mut f.value {
                if own.contains(&r.id) {
                    r.role = RegistryRole::Own;
                }
            }
        }
        role::front_named_is_stated(doc, &out[first..], &spans, &mut stated);
        role::unstated_is_another_trial(&mut out[first..], &stated, &joined);
        role::parent_of_own_extension(doc, &mut out[first..], &spans, &joined);
        pooled::analysed_studies_are_own(doc, &mut out[first..], &spans);
        role::title_names_the_trial(doc, &mut out[first..], &spans);
        unowned::source_trial_is_own(doc, &mut out[first..], &spans);
        review::review_has_no_own_trial(doc, &mut out[first..], &spans);
    }
}

/// An ethics approval or protocol number shaped like a EudraCT number
/// ("approved by the ethics committee (2014-001234-22)") that nothing near
/// calls a registration.
/// A medicines agency's authorisation in that shape ("the Medicines and
/// Healthcare products Regulatory Agency (2006-003164-62)") is the trial's
/// EudraCT number: the agencies file a trial under it.
fn ethics_number(near: &str) -> bool {
    static ETHICS: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(r"(?i)ethic|approv|institutional review|(?-u:\b)irb(?-u:\b)|(?-u:\b)rec(?-u:\b)|protocol (?:number|no)|reference (?:number|no)")
            .expect("ethics regex")
    });
    static REGISTRATION: LazyLock<Regex> = LazyLock::new(|| {
        crate::extract::rx::new(
            r"(?i)eudra|regist|clinical ?trials|eu ?ct|trial (?:number|no(?-u:\b)|id)|identifier|medicines|regulatory|competent authorit|(?-u:\b)(?:mhra|ansm|afssaps|bfarm|aemps|aifa)(?-u:\b)",
        )
        .expect("registration regex")
    });
    // `The trial was not registered`, `unregistered`: a registration
    // denied is no sign of one.
    let negated = |before: &str| {
        let b = before.trim_end().to_ascii_lowercase();
        b.ends_with(" not")
            || b.ends_with(" never")
            || b.ends_with(" not been")
            || b.ends_with("un")
    };
    ETHICS.is_match(near)
        && !REGISTRATION
            .find_iter(near)
            .any(|m| !negated(&near[..m.start()]))
}

/// A UMIN receipt number's label ends the text before it (`UMIN-CTR ID:
/// 000013364 R: 000015591`, glued `…000013364R:000015591`): the record's
/// receipt, not its ID.
fn receipt_label(before: &str) -> bool {
    let t = before.trim_end_matches([' ', ':']);
    t.ends_with('R') && !t[..t.len() - 1].ends_with(|c: char| c.is_alphabetic())
}

/// Part of a longer number or code: "IRCT2012…" seen as EudraCT, a CCMO
/// file "NL26560.042.09", "12-2004-002714-11". A double hyphen before the
/// ID is a dash, as plain text writes one (`… multicenter trial--DRKS…`
/// closing a reference's title), not a joint; nor is a hyphen between
/// one register's capitals and another's letters (`NTR-ISRCTN…`).
fn glued_to_number(fold: &str, s: usize, e: usize) -> bool {
    let mut back = fold[..s].chars().rev();
    let before = back.next();
    let before2 = back.next();
    let dash = before == Some('-') && before2 == Some('-');
    let labels = before == Some('-')
        && before2.is_some_and(|c| c.is_ascii_uppercase())
        && fold[s..].starts_with(|c: char| c.is_ascii_alphabetic());
    let after: Vec<char> = fold[e..].chars().take(2).collect();
    let digit_before = !dash
        && !labels
        && before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/');
    let digit_after = match after.as_slice() {
        [c, ..] if c.is_ascii_alphanumeric() => true,
        ['.' | '-' | '/', d, ..] if d.is_ascii_digit() => true,
        _ => false,
    };
    digit_before || digit_after
}

/// A registry's letters right after a `/` of a link's path
/// ("http://www.ANZCTR.org.au/ACTRN12614000952640.aspx").
fn in_url_path(fold: &str, s: usize) -> bool {
    fold[..s].ends_with('/') && fold[s..].starts_with(|c: char| c.is_ascii_alphabetic())
}

/// An ID that a line end splits after its registry's letters, inside its
/// digits (`NCT0` / `2345678`, `ACTRN1261800` / `0123456`) or after a
/// hyphen or slash (`2014-` / `001234-56`, `CTRI/2018/05/` / `013456`), as
/// PDF text breaks a long string, is one ID only when the joined string is
/// one whole ID of its row: a line end inside the digits must join them to
/// exactly the registry's length (`NCT0123` / `45678` is none: nine
/// digits). Unsplit matches pass.
fn split_whole(re: &Regex, matched: &str) -> bool {
    if !matched.contains('\n') {
        return true;
    }
    let joined: String = matched
        .split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("");
    // A line end right after the registry's letters (`ISRCTN` /
    // `12345678`) is the row's own; a split inside the digits or after a
    // hyphen or slash is checked by the row's pattern on the joined text.
    let digits_split = matched
        .split('\n')
        .zip(matched.split('\n').skip(1))
        .any(|(a, b)| {
            a.trim_end()
                .ends_with(|c: char| c.is_ascii_digit() || c == '-' || c == '/')
                && b.trim_start()
                    .starts_with(|c: char| c.is_ascii_alphanumeric())
        });
    !digits_split
        || re
            .find(&joined)
            .is_some_and(|m| m.start() == 0 && m.end() == joined.len())
}

/// A digit right before or after: part of a longer number.
fn next_to_digit(fold: &str, s: usize, e: usize) -> bool {
    fold[..s]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
        || fold[e..].chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// [`near`] cut to the ID's sentence: an ethics number's words and a
/// registration's are read in its own sentence, not in a neighbour's
/// ("… approved by the ethics committee (2014-001234-22). The trial was
/// registered at …").
fn near_in_sentence(doc: &Document, s: usize, e: usize) -> &str {
    let fold = doc.fold.as_str();
    let (ss, se) = doc.sentence_at(s);
    let a = ceil_boundary(fold, s.saturating_sub(150).max(ss.min(s)));
    let z = floor_boundary(fold, (e + 60).min(se.max(e)));
    &fold[a..z.max(a)]
}

/// The text a cue may stand in: the sentence, widened to 150 bytes before
/// and 60 after (labels in tables and headings sit on the line above).
fn near(fold: &str, s: usize, e: usize) -> &str {
    let a = ceil_boundary(fold, s.saturating_sub(150));
    let z = floor_boundary(fold, e + 60);
    &fold[a..z]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String, RegistryRole)> {
        let doc = Document::from_text(text);
        let mut out = Vec::new();
        RegistryId.extract(&doc, &mut out);
        out.sort_by_key(|f| f.start);
        out.into_iter()
            .map(|f| match f.value {
                Value::RegistryId(r) => (r.registry, r.id, r.role),
                _ => unreachable!(),
            })
            .collect()
    }

    fn ids(text: &str) -> Vec<String> {
        found(text).into_iter().map(|r| r.1).collect()
    }

    #[test]
    fn variants_are_canonicalised() {
        assert_eq!(ids("NCT 00902941"), vec!["NCT00902941"]);
        assert_eq!(ids("nCt01208194"), vec!["NCT01208194"]);
        assert_eq!(ids("NCT#00379470"), vec!["NCT00379470"]);
        assert_eq!(ids("ISRCTN 49286846"), vec!["ISRCTN49286846"]);
        assert_eq!(ids("NTR: 1786"), vec!["NTR1786"]);
        assert_eq!(ids("DRKS 00003170"), vec!["DRKS00003170"]);
        assert_eq!(ids("EudraCT 2004-002714-11"), vec!["2004-002714-11"]);
        assert_eq!(ids("(2020-001934-37-ES)"), vec!["2020-001934-37"]);
        assert_eq!(
            ids("EU CT number 2022-500024-30-00"),
            vec!["2022-500024-30-00"]
        );
        assert_eq!(ids("ChiCTR-IOR-17013390"), vec!["ChiCTR-IOR-17013390"]);
        assert_eq!(ids("ChiCTR2000029308"), vec!["ChiCTR2000029308"]);
        assert_eq!(ids("CTRI/2018/05/013456"), vec!["CTRI/2018/05/013456"]);
        assert_eq!(ids("UMIN:000000562"), vec!["UMIN000000562"]);
        assert_eq!(ids("RBR-2x5gh8"), vec!["RBR-2x5gh8"]);
        assert_eq!(ids("Netherlands Trial Register NL9229"), vec!["NL9229"]);
    }

    #[test]
    fn the_long_isrctn_gate_lets_every_form_through() {
        for text in [
            "International Standard Randomised Controlled Trial Number 10727538",
            "INTERNATIONAL STANDARD RANDOMIZED CONTROLLED TRIAL NUMBER: 10727538",
            "International \u{17f}tandard Randomi\u{17f}ed Controlled Trial Number 10727538",
            "the isrctn register (number 10727538)",
        ] {
            let doc = Document::from_text(text);
            assert!(
                gate::Gate::scan(&doc.fold).may(REGISTRIES[3].gate),
                "{text}"
            );
            assert_eq!(ids(text), vec!["ISRCTN10727538"], "{text}");
        }
        assert_eq!(REGISTRIES[3].pattern, ISRCTN_LONG);
        assert!(!gate::Gate::scan("International Society, ISRC number").may(REGISTRIES[3].gate));
    }

    #[test]
    fn every_match_of_a_row_holds_one_of_its_gate_words() {
        let text = "NCT 00902941 nCt01208194 NCT#00379470 registryNCT00294580http \
            ISRCTN 49286846 ISRCTN: 12345678 International Standard Randomised Controlled \
            Trial Number 10727538 ACTRN12610000123456 ANZCTR 12610000123456 ANZCTRN12614001205628 Australian New \
            Zealand Clinical Trials Registry (Number: 12609001073291) DRKS 00003170 \
            EudraCT 2004-002714-11 (2020-001934-37-ES) 2022-500024-30-00 EudraCT 200400271411 \
            ChiCTR-IOR-17013390 ChiCTR2000029308 CTRI/2018/05/013456 IRCT2015052312345N2 \
            JPRN-jRCTs031180001 UMIN:000000562 UMIN C000012345 JapicCTI-121234 JMA-IIA00123 \
            KCT0001234 NTR: 1786 NTR 12 trial register NL9229 NL-OMON12345 \
            PACTR201205000384379 RBR-2x5gh8 RPCEC00000123 SLCTR/2015/012 TCTR20190101001 \
            LBCTR2019010101 ITMCTR2020001234 PER-106-20 EUCTR2015-001234-56-GB \
            Iranian Registry of Clinical Trials (201212166186N1) \
            UMIN Clinical Trials Registry 000012012 SANCTR DOH-27-0411-2436 AEARCTR-0000187";
        let mut rows = 0;
        for (reg, (re, cue)) in REGISTRIES.iter().zip(COMPILED.iter()) {
            let ms: Vec<_> = re.find_iter(text).collect();
            rows += usize::from(!ms.is_empty());
            for m in ms {
                let lower = m.as_str().to_ascii_lowercase();
                let held = reg.gate.iter().any(|g| lower.contains(g));
                // A cue row may be gated by its cue's word instead.
                let cue_word = cue.as_ref().is_some_and(|c| {
                    let c = c.as_str().to_ascii_lowercase();
                    reg.gate.iter().all(|g| c.contains(g))
                });
                assert!(
                    held || cue_word,
                    "{} {:?} {}",
                    reg.name,
                    reg.gate,
                    m.as_str()
                );
            }
            assert!(
                reg.gate
                    .iter()
                    .all(|g| !g.is_empty() && g.bytes().all(|b| !b.is_ascii_uppercase())),
                "{:?}",
                reg.gate
            );
        }
        assert_eq!(rows, REGISTRIES.len(), "a row has no example");
        assert!(!gate::Gate::scan("no ids at all").may(&["nct"]));
        // `ſ` and the Kelvin sign let every row run.
        assert!(gate::Gate::scan("i\u{17f}rctn").may(&["isrctn"]));
        assert!(gate::Gate::scan("dr\u{212a}s").may(&["drks"]));
    }

    #[test]
    fn ids_split_over_a_line_end_and_the_ictrp_form_of_eudract() {
        assert_eq!(
            ids("ACTRN\n12618000123456, DRKS \n00012345, ISRCTN\n12345678, UMIN\n000012345."),
            vec![
                "ACTRN12618000123456",
                "DRKS00012345",
                "ISRCTN12345678",
                "UMIN000012345"
            ]
        );
        assert_eq!(ids("EUCTR2015-001234-56-GB."), vec!["2015-001234-56"]);
        // Two line ends are no one ID, nor digits that a line end splits
        // into more (or fewer) than the registry's length.
        assert!(ids("ACTRN\n\n12618000123456 DRKS0001\n23456 NCT0123\n45678 patients").is_empty());
        // PDF text breaks a long ID inside its digits or after a hyphen
        // or slash: joined, it is one whole ID.
        assert_eq!(
            ids(
                "NCT0\n2345678, ACTRN1261800\n0123456, DRKS0001\n2345, EudraCT 2014-\n001234-56, \
                 ChiCTR-IOR-\n17013390, CTRI/2018/05/\n013456, UMIN0000\n12345."
            ),
            vec![
                "NCT02345678",
                "ACTRN12618000123456",
                "DRKS00012345",
                "2014-001234-56",
                "ChiCTR-IOR-17013390",
                "CTRI/2018/05/013456",
                "UMIN000012345"
            ]
        );
    }

    #[test]
    fn look_alikes_are_not_registry_ids() {
        assert!(ids("ethics committee (FWA00001331) and EIN 13-5661935").is_empty());
        assert!(ids("REC reference 12/SC/0420, ISSN 1664-2295, ISBN 978-3-16-148410-0").is_empty());
        assert!(ids("batch 200400600800 and 201201801201").is_empty());
        assert!(ids("PACTR201205000384379")
            .iter()
            .all(|i| i.starts_with("PACTR")));
        assert!(ids("IRCT20181201041815N and ISCRTN06180958 and ZINC000052955").is_empty());
        assert!(ids("per 100 000, NL26560.042.09, nL6118, NL 1234 cells").is_empty());
    }

    #[test]
    fn roles_follow_the_section() {
        let text = "Background\nA previous trial (NCT01234567) showed benefit.\n\nMethods\nThis trial was registered at ClinicalTrials.gov (NCT07654321).\n";
        let got = found(text);
        assert_eq!(got[0].1, "NCT01234567");
        assert_eq!(got[0].2, RegistryRole::Cited);
        assert_eq!(got[1].1, "NCT07654321");
        assert_eq!(got[1].2, RegistryRole::Own);
    }
}
