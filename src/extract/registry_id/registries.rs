//! The registries: one row each (its pattern, canonical form, gate words
//! and whether it needs a registry cue nearby), compiled once.

use regex::{Captures, Regex};
use std::sync::LazyLock;

/// When a match counts.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Need {
    /// The pattern alone is distinctive (`NCT03355365`).
    Nothing,
    /// A registry word must stand near (`EudraCT`, `trial regist…`).
    Cue(&'static str),
}

pub(super) struct Registry {
    pub(super) name: &'static str,
    /// May be glued to the words around it (tag-stripped XML:
    /// "ClinicalTrials.govNCT00294580http://…").
    pub(super) glued_ok: bool,
    /// Lower-case words one of which every match holds in some ASCII
    /// case (a cue's word for a row that needs the cue): see [`gate`].
    pub(super) gate: &'static [&'static str],
    /// Capture groups hold the significant parts.
    pub(super) pattern: &'static str,
    pub(super) canonical: fn(&Captures) -> String,
    pub(super) need: Need,
}

// Words that say "this number is a trial registration".
pub(super) const REG_CUE: &str = r"(?i)regist|trial (?:number|no(?-u:\b)|id)|identifier|(?-u:\b)NTR(?-u:\b)|trialregister|netherlands trial|dutch trial|clinical ?trials?";

/// The long ISRCTN forms. The word alternation under Unicode `(?i)` leaves
/// the regex no literal prefilter (a full DFA pass, the slowest row by far);
/// its gate words (`isrctn`, the phrase) keep it off documents that do not
/// name the register.
pub(super) const ISRCTN_LONG: &str = r"(?i)(?-u:\b)(?:ISRCTN|International Standard Randomi[sz]ed Controlled Trials? Number)(?:\s?\(ISRCTN\))?(?:\s(?:register|registry))?\s?[,:]?\s?\(?(?:(?:number|no\.?)\s?:?\s?)?(\d{8})(?-u:\b)";

/// The Australian New Zealand Clinical Trials Registry by name, with or
/// without its `and`.
const ANZCTR_NAME: &str = r"(?i)australian (?:and )?new zealand clinical trials? regist|anzctr";

/// The gate words of each row, in row order.
pub(super) fn gates() -> Vec<&'static [&'static str]> {
    REGISTRIES.iter().map(|r| r.gate).collect()
}

pub(super) static REGISTRIES: &[Registry] = &[
    // "NCT03355365", "NCT 00902941", "nCt01208194", "NCT#00379470",
    // "ClinicalTrials.gov/ct2/show/NCT03355365?term=…"
    Registry {
        glued_ok: false,
        name: "ClinicalTrials.gov",
        gate: &["nct"],
        pattern: r"(?i)(?-u:\b)NCT(?:[ #:\-]{0,2}|[ ]?\n[ ]?)(0(?:\d{7}|\d{0,6}[ ]?\n[ ]?\d{1,7}))(?-u:\b)",
        canonical: |c| format!("NCT{}", &c[1]),
        need: Need::Nothing,
    },
    // Glued between fields: "…trial-registryClinicalTrials.govNCT00294580http".
    // Capital NCT only, and never inside a longer number.
    Registry {
        glued_ok: true,
        name: "ClinicalTrials.gov",
        gate: &["nct"],
        pattern: r"NCT(0\d{7})",
        canonical: |c| format!("NCT{}", &c[1]),
        need: Need::Nothing,
    },
    // "ISRCTN49286846", "ISRCTN 02452400", "ISRCTN: 12345678"
    Registry {
        glued_ok: false,
        name: "ISRCTN",
        gate: &["isrctn"],
        pattern: r"(?i)(?-u:\b)ISRCTN(?:[ #:\-]{0,3}|[ ]?\n[ ]?)(\d{8}|\d{1,7}[ ]?\n[ ]?\d{1,7})(?-u:\b)",
        canonical: |c| format!("ISRCTN{}", &c[1]),
        need: Need::Nothing,
    },
    // The long forms: "International Standard Randomised Controlled Trial
    // Number 10727538", "ISRCTN, number 12345678", "International Standard
    // Randomized Controlled Trial Number (ISRCTN): 69603913", "the ISRCTN
    // register (number 17057980)".
    Registry {
        glued_ok: false,
        name: "ISRCTN",
        gate: &["isrctn", "international standard randomi"],
        pattern: ISRCTN_LONG,
        canonical: |c| format!("ISRCTN{}", &c[1]),
        need: Need::Nothing,
    },
    // "ACTRN12610000123456", "ANZCTR 12611000123456", the two blended
    // ("ANZCTRN12614001205628"); early numbers were printed with a leading
    // zero: "ACTRN012607000357459", sometimes typed as a letter O
    // ("ACTRNO12606000175572").
    Registry {
        glued_ok: false,
        name: "ANZCTR",
        gate: &["actrn", "anzctr"],
        pattern: r"(?i)(?-u:\b)(?:ACTRN|ANZCTRN?)(?:[ #:\-]{0,3}|[ ]?\n[ ]?)[0O]?(126(?:\d{11}|\d{0,10}[ ]?\n[ ]?\d{1,11}))(?-u:\b)",
        canonical: |c| format!("ACTRN{}", &c[1]),
        need: Need::Nothing,
    },
    // A bare number after the register's long name: "registered with the
    // Australian New Zealand Clinical Trials Registry (Number:
    // 12609001073291)". Its 14 digits start with 126 (a leading zero on
    // early ones), and the name or `ANZCTR` must stand near.
    Registry {
        glued_ok: false,
        name: "ANZCTR",
        gate: &["anzctr", "new zealand clinical"],
        pattern: r"(?-u:\b)0?(126\d{11})(?-u:\b)",
        canonical: |c| format!("ACTRN{}", &c[1]),
        need: Need::Cue(ANZCTR_NAME),
    },
    // "DRKS00005115", "DRKS 00003170", "DRKS-ID: DRKS00012345"
    Registry {
        glued_ok: false,
        name: "DRKS",
        gate: &["drks"],
        pattern: r"(?i)(?-u:\b)DRKS(?:[ #:\-]{0,3}|[ ]?\n[ ]?)(000(?:\d{5}|\d{0,4}[ ]?\n[ ]?\d{1,5}))(?-u:\b)",
        canonical: |c| format!("DRKS{}", &c[1]),
        need: Need::Nothing,
    },
    // EU CTIS: "2022-500024-30-00" (the sequence starts with 5).
    Registry {
        glued_ok: false,
        name: "CTIS",
        gate: &["-5"],
        pattern: r"(?-u:\b)(20\d{2})-(5\d{5})-(\d{2})-(\d{2})(?-u:\b)",
        canonical: |c| format!("{}-{}-{}-{}", &c[1], &c[2], &c[3], &c[4]),
        need: Need::Nothing,
    },
    // "EudraCT 2004-002714-11", "2020-001934-37-ES" (country suffix);
    // hyphenated it stands alone, otherwise the word EudraCT must be near.
    Registry {
        glued_ok: false,
        name: "EudraCT",
        gate: &["-0", "-\n0", "- \n0"],
        pattern: r"(?-u:\b)(20\d{2})-(?:[ ]?\n)?(0\d{5})-(?:[ ]?\n)?(\d{2})(?:-[A-Z]{2}(?:-[A-Z]+)?)?(?-u:\b)",
        canonical: |c| format!("{}-{}-{}", &c[1], &c[2], &c[3]),
        need: Need::Nothing,
    },
    // The ICTRP's form of a EudraCT number: "EUCTR2015-001234-56-GB",
    // "EUCTR-2012-005480-28".
    Registry {
        glued_ok: false,
        name: "EudraCT",
        gate: &["euctr"],
        pattern: r"(?-u:\b)EUCTR[ \-]?(20\d{2})-(0\d{5})-(\d{2})(?:-[A-Z]{2}(?:-[A-Z]+)?)?(?-u:\b)",
        canonical: |c| format!("{}-{}-{}", &c[1], &c[2], &c[3]),
        need: Need::Nothing,
    },
    // "EudraCT number 2004 002714 11", "EudraCT: 200400271411"
    Registry {
        glued_ok: false,
        name: "EudraCT",
        gate: &["eudra"],
        pattern: r"(?-u:\b)(20\d{2})[ ]?(0\d{5})[ ]?(\d{2})(?-u:\b)",
        canonical: |c| format!("{}-{}-{}", &c[1], &c[2], &c[3]),
        need: Need::Cue(r"(?i)eudra ?ct"),
    },
    // "ChiCTR2000029308", "ChiCTR-IOR-17013390", "ChiCTR-TRC-10001234"
    Registry {
        glued_ok: false,
        name: "ChiCTR",
        gate: &["chictr"],
        pattern: r"(?i)(?-u:\b)ChiCTR(?:[ :\-]{0,2}|-?[ ]?\n[ ]?)(?:([A-Z]{3})-(?:[ ]?\n)?)?(\d{8,10})(?-u:\b)",
        canonical: |c| match c.get(1) {
            Some(kind) => format!("ChiCTR-{}-{}", kind.as_str().to_uppercase(), &c[2]),
            None => format!("ChiCTR{}", &c[2]),
        },
        need: Need::Nothing,
    },
    // "CTRI/2018/05/013456", "CTRI/2009/091/000123"
    Registry {
        glued_ok: false,
        name: "CTRI",
        gate: &["ctri"],
        pattern: r"(?i)(?-u:\b)CTRI[ :]{0,2}/?[ ]?(20\d{2})[ ]?/(?:[ ]?\n)?[ ]?(\d{2,3})[ ]?/(?:[ ]?\n)?[ ]?(0\d{5})(?-u:\b)",
        canonical: |c| format!("CTRI/{}/{}/{}", &c[1], &c[2], &c[3]),
        need: Need::Nothing,
    },
    // "IRCT201108295300N1", "IRCT2016080318745N10", "IRCT138804122214N1"
    // (Persian calendar), "IRCT 2015010315422 N2"; "IRCT20181201041815N"
    // (no serial) is incomplete.
    Registry {
        glued_ok: false,
        name: "IRCT",
        gate: &["irct"],
        pattern: r"(?i)(?-u:\b)IRCT(?:[ :\-]{0,2}|[ ]?\n[ ]?)((?:13|14|20)\d{8,12})[ ]?N(\d{1,3})(?-u:\b)",
        canonical: |c| format!("IRCT{}N{}", &c[1], &c[2]),
        need: Need::Nothing,
    },
    // The number without its letters, after the register's name or its
    // letters further back: "registered in the Iranian Registry of
    // Clinical Trials (201212166186N1)", "IRCT ID: 2015012620817N1",
    // "IRCT code is 2015061722780N1". A date, a serial and `N` with the
    // registration's count: no other number has that shape, but the
    // register must be named near.
    Registry {
        glued_ok: false,
        name: "IRCT",
        gate: &["iran", "irct"],
        pattern: r"(?-u:\b)((?:13|14|20)\d{8,12})[ ]?N(\d{1,3})(?-u:\b)",
        canonical: |c| format!("IRCT{}N{}", &c[1], &c[2]),
        need: Need::Cue(r"(?i)iran|irct"),
    },
    // "jRCTs031180123", "jRCT2031190001", "JPRN-jRCTs041190093"
    Registry {
        glued_ok: false,
        name: "jRCT",
        gate: &["jrct"],
        pattern: r"(?i)(?-u:\b)(?:JPRN-)?jRCT([a-z]?\d{9,10})(?-u:\b)",
        canonical: |c| format!("jRCT{}", c[1].to_lowercase()),
        need: Need::Nothing,
    },
    // "UMIN000012045", "UMIN:000000562", "JPRN-UMIN000012345", "UMIN-CTR
    // 000012345"
    Registry {
        glued_ok: false,
        name: "UMIN-CTR",
        gate: &["umin"],
        pattern: r"(?i)(?-u:\b)(?:JPRN-)?UMIN(?:-CTR)?(?:[ #:\-]{0,3}|[ ]?\n[ ]?)(\d{9}|\d{1,8}[ ]?\n[ ]?\d{1,8})(?-u:\b)",
        canonical: |c| format!("UMIN{}", &c[1]),
        need: Need::Nothing,
    },
    // The number alone after the register's name: "University Hospital
    // Medical Information Network (No. 000013473)", "UMIN Clinical Trials
    // Registry 000012012", "UMIN (no. ID000004010)", "UMIN-CTR ID:
    // 000013364". Never a receipt number ("R000015591", `recptno=R…`):
    // its letter is glued to the digits.
    Registry {
        glued_ok: false,
        name: "UMIN-CTR",
        gate: &["umin", "medical information network"],
        pattern: r"(?-u:\b)(?:ID)?(0000\d{5})(?-u:\b)",
        canonical: |c| format!("UMIN{}", &c[1]),
        need: Need::Cue(r"(?i)umin|medical information network"),
    },
    // Old UMIN receipt numbers: "C000000562" next to the word UMIN.
    Registry {
        glued_ok: false,
        name: "UMIN-CTR",
        gate: &["c0000"],
        pattern: r"(?-u:\b)C(0000\d{5})(?-u:\b)",
        canonical: |c| format!("UMIN{}", &c[1]),
        need: Need::Cue(r"UMIN"),
    },
    // "JapicCTI-121789", "JAPIC CTI-173521", "JPRN-JapicCTI-090999"
    Registry {
        glued_ok: false,
        name: "JapicCTI",
        gate: &["japic"],
        pattern: r"(?i)(?-u:\b)(?:JPRN-)?Japic[ ]?CTI[ #:\-]{0,3}(\d{6})(?-u:\b)",
        canonical: |c| format!("JapicCTI-{}", &c[1]),
        need: Need::Nothing,
    },
    // "JMA-IIA00123"
    Registry {
        glued_ok: false,
        name: "JMACCT",
        gate: &["jma"],
        pattern: r"(?i)(?-u:\b)(?:JPRN-)?JMA-?IIA(\d{5})(?-u:\b)",
        canonical: |c| format!("JMA-IIA{}", &c[1]),
        need: Need::Nothing,
    },
    // CRiS: "KCT0001234", "KCT 0003456"
    Registry {
        glued_ok: false,
        name: "CRiS",
        gate: &["kct"],
        pattern: r"(?-u:\b)KCT(?:[ #:\-]{0,2}|[ ]?\n[ ]?)(00\d{5})(?-u:\b)",
        canonical: |c| format!("KCT{}", &c[1]),
        need: Need::Nothing,
    },
    // Netherlands Trial Register: "NTR1786", "NTR: 1786"; case matters
    // ("ntr" is a gene); two digits need a cue. The register's numbers have
    // no leading zeros: "NTR01583" is NTR1583.
    Registry {
        glued_ok: false,
        name: "NTR",
        gate: &["ntr"],
        pattern: r"(?-u:\b)NTR[ #:\-]{0,2}(\d{3,5})(?-u:\b)",
        canonical: |c| format!("NTR{}", without_leading_zeros(&c[1])),
        need: Need::Nothing,
    },
    Registry {
        glued_ok: false,
        name: "NTR",
        gate: &["ntr"],
        pattern: r"(?-u:\b)NTR[ #:\-]{0,2}(\d{2})(?-u:\b)",
        canonical: |c| format!("NTR{}", without_leading_zeros(&c[1])),
        need: Need::Cue(REG_CUE),
    },
    // The register's new numbers: "NL9229", "NL7432"; letters in capitals,
    // never the CCMO file "NL26560.042.09", and a registration cue near.
    Registry {
        glued_ok: false,
        name: "NTR",
        gate: &["nl"],
        pattern: r"(?-u:\b)NL[ \-]?(\d{4})(?-u:\b)",
        canonical: |c| format!("NL{}", &c[1]),
        need: Need::Cue(REG_CUE),
    },
    // Its successor, the Overview of Medical Research in the Netherlands.
    Registry {
        glued_ok: false,
        name: "NTR",
        gate: &["nl-omon"],
        pattern: r"(?-u:\b)NL-OMON(\d{5})(?-u:\b)",
        canonical: |c| format!("NL-OMON{}", &c[1]),
        need: Need::Nothing,
    },
    // "PACTR201205000384379", "PACTR 2010020001429343", and as printed
    // with a digit lost ("PACTR20121100033272").
    Registry {
        glued_ok: false,
        name: "PACTR",
        gate: &["pactr"],
        pattern: r"(?i)(?-u:\b)PACTR(?:[ #:\-]{0,2}|[ ]?\n[ ]?)(20\d{12,14})(?-u:\b)",
        canonical: |c| format!("PACTR{}", &c[1]),
        need: Need::Nothing,
    },
    // ReBEC: "RBR-2x5gh8", "RBR-10xt9kg9"
    Registry {
        glued_ok: false,
        name: "ReBec",
        gate: &["rbr"],
        pattern: r"(?i)(?-u:\b)RBR[ ]?-[ ]?([0-9a-z]{6,8})(?-u:\b)",
        canonical: |c| format!("RBR-{}", c[1].to_lowercase()),
        need: Need::Nothing,
    },
    // "RPCEC00000123"
    Registry {
        glued_ok: false,
        name: "RPCEC",
        gate: &["rpcec"],
        pattern: r"(?i)(?-u:\b)RPCEC[ #:\-]{0,2}(0{5}\d{3})(?-u:\b)",
        canonical: |c| format!("RPCEC{}", &c[1]),
        need: Need::Nothing,
    },
    // "SLCTR/2015/012"
    Registry {
        glued_ok: false,
        name: "SLCTR",
        gate: &["slctr"],
        pattern: r"(?i)(?-u:\b)SLCTR[ ]?/[ ]?(20\d{2})[ ]?/[ ]?(\d{3})(?-u:\b)",
        canonical: |c| format!("SLCTR/{}/{}", &c[1], &c[2]),
        need: Need::Nothing,
    },
    // "TCTR20170101001"
    Registry {
        glued_ok: false,
        name: "TCTR",
        gate: &["tctr"],
        pattern: r"(?i)(?-u:\b)TCTR(?:[ #:\-]{0,2}|[ ]?\n[ ]?)(20\d{9})(?-u:\b)",
        canonical: |c| format!("TCTR{}", &c[1]),
        need: Need::Nothing,
    },
    // "LBCTR2019020199"
    Registry {
        glued_ok: false,
        name: "LBCTR",
        gate: &["lbctr"],
        pattern: r"(?i)(?-u:\b)LBCTR[ #:\-]{0,2}(20\d{8})(?-u:\b)",
        canonical: |c| format!("LBCTR{}", &c[1]),
        need: Need::Nothing,
    },
    // "ITMCTR2024000123"
    Registry {
        glued_ok: false,
        name: "ITMCTR",
        gate: &["itmctr"],
        pattern: r"(?i)(?-u:\b)ITMCTR[ #:\-]{0,2}(20\d{8,12})(?-u:\b)",
        canonical: |c| format!("ITMCTR{}", &c[1]),
        need: Need::Nothing,
    },
    // The South African National Clinical Trials Register:
    // "DOH-27-0411-2436", "SANCTR:DOH-27-0207-1539".
    Registry {
        glued_ok: false,
        name: "SANCTR",
        gate: &["doh"],
        pattern: r"(?-u:\b)DOH[ \-]?27-(\d{4})-(\d{4})(?-u:\b)",
        canonical: |c| format!("DOH-27-{}-{}", &c[1], &c[2]),
        need: Need::Nothing,
    },
    // The American Economic Association's registry for randomized
    // trials: "AEARCTR-0000187".
    Registry {
        glued_ok: false,
        name: "AEARCTR",
        gate: &["aearctr"],
        pattern: r"(?i)(?-u:\b)AEARCTR[ \-]?(\d{7})(?-u:\b)",
        canonical: |c| format!("AEARCTR-{}", &c[1]),
        need: Need::Nothing,
    },
    // REPEC: "PER-106-20"; capitals and hyphens, never "per 100 000".
    Registry {
        glued_ok: false,
        name: "REPEC",
        gate: &["per-"],
        pattern: r"(?-u:\b)PER-(\d{3})-(\d{2})(?-u:\b)",
        canonical: |c| format!("PER-{}-{}", &c[1], &c[2]),
        need: Need::Nothing,
    },
];

pub(super) static COMPILED: LazyLock<Vec<(Regex, Option<Regex>)>> = LazyLock::new(|| {
    REGISTRIES
        .iter()
        .map(|r| {
            let cue = match r.need {
                Need::Nothing => None,
                Need::Cue(c) => Some(crate::extract::rx::new(c).expect("cue regex")),
            };
            (
                crate::extract::rx::new(r.pattern).expect("registry regex"),
                cue,
            )
        })
        .collect()
});

/// A number as its register writes it, without leading zeros (one digit
/// kept): `01583` is `1583`.
fn without_leading_zeros(digits: &str) -> &str {
    let t = digits.trim_start_matches('0');
    if t.is_empty() {
        &digits[digits.len().saturating_sub(1)..]
    } else {
        t
    }
}
