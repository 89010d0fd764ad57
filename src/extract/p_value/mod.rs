//! p-values in the notations papers use, each linked to the test statistic
//! printed before it and checked against it (see [`statcheck`]).
//!
//! Matching runs on `fold`, where the Lancet middle dot already reads as a
//! decimal point (`P=0·03`), every dash and minus is `-` and odd spaces are
//! spaces. Recognised:
//!
//! * comparators `=`, `<`, `>`, `≤`, `≥`, `<=`, `=<`, `⩽`, `≪`, `< or =`,
//!   `less than`, `of`/`was` after `p-value`, and `:`; all normalize to
//!   `=`, `<`, `<=`, `>`, `>=`;
//! * qualifiers: `P value`, `p-values`, `ps`, `P's`, `P for trend`, `P(interaction)`,
//!   `p(adj)`, `Ptrend`, `P_interaction`, `P (two-sided)`;
//! * numbers: `0.03`, `.03`, `0. 001` (stray space from PDF conversion), a
//!   number split over a line break, `3.2E-4`, `3 × 10-5`, `10^-6`, `10⁻⁶`,
//!   `3·10−5`, and `3 × 105` where PDF conversion dropped the superscript
//!   minus (a p-value cannot be 300 000, so the minus is restored);
//! * lists: `p-values of 0.01 and 0.04`, `(p = 0.02, 0.03 and 0.04,
//!   respectively)`: every value; a test with a list of values links
//!   them in order to as many p-values, a plural `ps` to the weakest
//!   (see [`link_statistic_lists`]);
//! * HTML entities `&lt;`, `&gt;`, `&le;`, `&ge;`, `&#60;`, `&#62;`, and the
//!   ones statcheck's HTML import lists (`&#61;`, `&equals;`, `&LT;`,
//!   `&#x0003C;`, `&#x0003D;`, `&#x0003E;`), `&#8804;`, `&#8805;`;
//! * the PDF glyphs `¼` (statcheck documents it for some publishers'
//!   fonts) and `ˆ` (Taylor & Francis) standing for `=`, and APA's math
//!   font as Poppler reads it (`ϭ` `=`, `Ͻ` `<`, `Ͼ` `>`, `Յ` `≤`, `Ն`
//!   `≥`), APA's `⫽` for `=` and `⬍`/`⬎` for `<`/`>`, and the Symbol
//!   font's private-use `<`, `=`, `>`, `≤`, `≥`, only between a `p` and a
//!   number, where nothing else can be meant; `〈`, `‹`, `˂` for `<` and
//!   `〉`, `›`, `˃` for `>`;
//! * after a test statistic, any glyph a font put in place of the
//!   comparator (`t(28) ¼ 2.20, p b .05`; see [`glyph`]); elsewhere `p b`
//!   and `p N` only in a document that shows the `¼` damage.
//!
//! Not p-values: `p. 12` and `pp. 3–9` (pages: no comparator), `P1`, `P-gp`,
//! `p53`, `pH`, `n.s.` without a number, a `p` glued to a preceding word or
//! number, and numbers with a unit after them (`P = 0.5 mmHg`) or opening
//! a range that has one or goes past 1 (`P = 0.5-1.5 mmHg`). A p-value in
//! the reference list (a cited abstract's result) is still reported, with a
//! lower confidence, because it is written in the document.
//!
//! Values outside [0, 1] are reported with the flag `impossible`; a
//! statistic is then not linked (statcheck drops such results).

mod glyph;
mod lists;
mod number;
pub mod statcheck;
mod tex_colon;

use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{Comparator, Field, Finding, PValue, TestStatistic, Value};
use crate::sections::Section;
use lists::{link_statistic_lists, list_after, measured_range, range_end};
use number::{clean_tail, middle_dot_product, parse_number, Number, NUM};
use regex::Regex;
use statcheck::CheckOptions;
use std::sync::LazyLock;

pub struct PValueExtractor;

/// Comparators, symbolic and in words. `¼` is a PDF glyph for `=`; HTML
/// entities (`&lt;`) survive some conversions of web pages to text.
const CMP: &str = r"(?:&(?:lt|gt|le|ge|equals|LT|GT);|&\x{23}(?:6[012]|880[45]);|&\x{23}[xX]0{0,4}3[cdeCDE];|=\s+<|=\s+>|<\s?or\s?=|>\s?or\s?=|<\s?/\s?=|>\s?/\s?=|<=|>=|=<|=>|==|<|>|=|≤|≥|⩽|⩾|≦|≧|≪|≫|¼|ˆ|ϭ|Ͻ|Ͼ|Յ|Ն|⫽|⬍|⬎|[\x{F03C}-\x{F03E}]|\x{F0A3}|\x{F0B3}|‹|〈|˂|›|〉|˃|:|(?:less|lower|smaller)\s+than(?:\s+or\s+equal\s+to)?|(?:greater|more|larger|higher)\s+than(?:\s+or\s+equal\s+to)?|below|above|under)";

// "P<0.001", "p = .03", "P value = 0.04", "p-value of 0.02", "P for trend =
// 0.02", "P(interaction) = 0.04", "p(adj) = 0.01", "Ptrend<0.001",
// "P-interaction = 0.3", "P (two-sided) = 0.02", "p-values were 0.01",
// "P-value less than 0.05", "p ¼ .03" (PDF glyph for `=`).
static P_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!(
        r"(?x)
        [Pp]
        (?P<value>\s?-?\s?(?i:values?)|'s|s(?-u:\b))?
        (?:
            \s?\(\s?(?P<paren>[A-Za-z][A-Za-z0-9 .,'/-]{{2,30}}?)\s?\)
          | (?:[-_\ ]|,\ )?(?P<tag>(?i:trend|interaction|inter|int|heterogeneity|het|adj|adjusted|corr|corrected|uncorrected|uncorr|fdr|fwe-corr|fwe|holm|bonf|bonferroni|diff|difference|overall|global|log-?rank|two-sided|one-sided|(?:one|two|1|2)-tailed|non-?inferiority))(?-u:\b)
          | \s(?:for|of)\s(?P<for>(?:the\s)?(?:linear\s|quadratic\s)?(?:trend|interaction|heterogeneity|difference|non-?inferiority|superiority|equivalence|effect\smodification|group\sdifference|treatment\seffect|treatment|time|group))(?-u:\b)
        )?
        (?P<verb>\s(?:was|were|is|are|of|reached))?
        (?P<comma>\s?,)?
        \s*
        (?P<cmp>{CMP})?
        \s*
        (?P<num>{NUM})"
    ))
    .expect("p-value regex")
});

/// A damaged font's comparator glyph that no undamaged text puts between
/// a `p` and its number: APA's math font as Poppler reads it (`ϭ`, `Ͻ`,
/// `Ͼ`, `Յ`, `Ն`), APA's `⫽` for `=` and `⬍`/`⬎` for `<`/`>`, and the
/// Symbol font's private-use `<`, `=`, `>`, `≤`, `≥`.
fn is_font_glyph(s: &str) -> bool {
    matches!(
        s,
        "ϭ" | "Ͻ"
            | "Ͼ"
            | "Յ"
            | "Ն"
            | "⫽"
            | "⬍"
            | "⬎"
            | "\u{F03C}"
            | "\u{F03D}"
            | "\u{F03E}"
            | "\u{F0A3}"
            | "\u{F0B3}"
    )
}

fn comparator(s: &str) -> Option<Comparator> {
    // Glyphs of a damaged font, before case folding (`Ͻ` lowercases to
    // another letter).
    if is_font_glyph(s) {
        return glyph::known(s);
    }
    let w: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let or_equal =
        w.ends_with("or equal to") || w.contains("or =") || w.contains("or=") || w.contains("/=");
    let c = match w.as_str() {
        "¼" | "ˆ" | ":" => Comparator::Eq,
        "&lt;" | "&#60;" | "&#x3c;" | "&#x003c;" | "&#x0003c;" => Comparator::Lt,
        "&gt;" | "&#62;" | "&#x3e;" | "&#x003e;" | "&#x0003e;" => Comparator::Gt,
        "&equals;" | "&#61;" | "&#x3d;" | "&#x003d;" | "&#x0003d;" => Comparator::Eq,
        "&le;" | "&#8804;" => Comparator::Le,
        "&ge;" | "&#8805;" => Comparator::Ge,
        // "*** p = <.001" in a table footnote: the `=` is redundant.
        "= <" => Comparator::Lt,
        "= >" => Comparator::Gt,
        "≪" | "˂" => Comparator::Lt,
        "˃" => Comparator::Gt,
        "≫" => Comparator::Gt,
        "below" | "under" => Comparator::Lt,
        "above" => Comparator::Gt,
        _ if w.starts_with('<') && or_equal => Comparator::Le,
        _ if w.starts_with('>') && or_equal => Comparator::Ge,
        _ if w.starts_with("less") || w.starts_with("lower") || w.starts_with("smaller") => {
            if or_equal {
                Comparator::Le
            } else {
                Comparator::Lt
            }
        }
        _ if w.starts_with("greater")
            || w.starts_with("more")
            || w.starts_with("larger")
            || w.starts_with("higher") =>
        {
            if or_equal {
                Comparator::Ge
            } else {
                Comparator::Gt
            }
        }
        _ => Comparator::parse(&w)?,
    };
    Some(c)
}

/// `p` must start a word: not `step = 0.3`, `Hp`, `2p`; a footnote star
/// or bracket before it is fine (`**P < 0.01`, `(p = .03)`).
fn starts_word(fold: &str, at: usize) -> bool {
    let mut back = fold[..at].chars().rev();
    match back.next() {
        None => true,
        // "LDL-P = 9.373", "HDL-P": the p of a compound name.
        Some('-') => !back.next().is_some_and(|c| c.is_alphanumeric()),
        Some(c) => !(c.is_alphanumeric() || c == '_' || (c == '.' && ends_abbrev(&fold[..at]))),
    }
}

/// `e.p = …` or `B.P. 35`: a `p` after a letter-dot is part of an
/// abbreviation.
fn ends_abbrev(before: &str) -> bool {
    let mut it = before.chars().rev();
    it.next(); // the dot
    it.next().is_some_and(|c| c.is_alphabetic())
}

/// One reported p-value before it becomes a finding.
struct Hit {
    start: usize,
    end: usize,
    comparator: Comparator,
    number: Number,
    rule: &'static str,
    confidence: f32,
    /// Byte offset of the `p` (for the statistic lookup); None for the
    /// later values of a list.
    p_at: Option<usize>,
    /// The statistic a damaged glyph was read after, if any.
    stat: Option<statcheck::Statistic>,
    /// What [`statcheck::statistic_before`] found before `p_at`, once
    /// looked up (issue 15: the lists and the check both asked, and each
    /// asking costs ~24,000 instructions).
    before: Option<Option<statcheck::Statistic>>,
    /// `comparator_inferred` or `comparator_unknown` (see [`glyph`]).
    cmp_flag: Option<&'static str>,
    /// What the p's tag or the words before it say of its test.
    kind: PKind,
}

/// What a p's tag (`p(one-tailed)`, `pFWE`, `P adj`) or the word before
/// it (`Bonferroni-corrected p`) says: a one-tailed test is checked
/// against its statistic one-tailed; a corrected p is checked against
/// none (the correction is not known), so it is never `inconsistent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PKind {
    Plain,
    OneTailed,
    Corrected,
}

impl PKind {
    fn of(tag: &str) -> PKind {
        let t = tag.to_ascii_lowercase();
        if [
            "one-tailed",
            "one tailed",
            "1-tailed",
            "one-sided",
            "one sided",
            "1-sided",
        ]
        .iter()
        .any(|w| t.contains(w))
        {
            PKind::OneTailed
        } else if !t.contains("uncorr")
            && [
                "corr", "adj", "bonf", "holm", "fwe", "fdr", "sidak", "šidák", "tukey",
            ]
            .iter()
            .any(|w| t.contains(w))
        {
            PKind::Corrected
        } else {
            PKind::Plain
        }
    }

    /// The kind a p at `at` has by its tag `tag` or the words just before
    /// it on its line.
    fn at(fold: &str, at: usize, tag: Option<&str>) -> PKind {
        let from_tag = tag.map_or(PKind::Plain, PKind::of);
        if from_tag != PKind::Plain {
            return from_tag;
        }
        let mut a = at.saturating_sub(24);
        while !fold.is_char_boundary(a) {
            a += 1;
        }
        // The words before the p within its bracket or clause, on its
        // line (`Bonferroni-corrected p`, `(one-sided P`, `(Bonferroni-
        // corrected F1,36 = 5.13, P`).
        let before = fold[a..at]
            .rsplit(['\n', '(', ')', ';', '[', ']'])
            .next()
            .unwrap_or("");
        PKind::of(before)
    }
}

impl Extractor for PValueExtractor {
    fn field(&self) -> Field {
        Field::PValue
    }

    fn version(&self) -> u32 {
        // 3 (issue 14): after a test statistic any glyph between `p` and
        // its number is the comparator; `P's`, `P, trend`; a unit never
        // across a line break.
        // 4 (issue 14): glyphs mapped as fonts damage them (`!` `<`, `p`
        // `=`, `⫽`, `⬍`, `<bc>`), unknown ones inferred from the statistic
        // and flagged; the statistic's own comparator damaged, χ read `v`,
        // effect sizes between it and the p; `〈`, `˂` for `<`.
        // 5 (issue 14): the math font of older APA PDFs (`5` `=`, `,` `<`,
        // `.` `>`), `␹` for χ, `⬎` for `>`, HTML entities `&lt;` `&gt;`;
        // plural statistics (`Fs(…)`, `ts(…)`), `QT`/`QError`, `G2` and a χ
        // read `?` linked; in a document that shows font damage, a statistic
        // with a damaged comparator linked to a p printed right.
        // 6 (issue 14): a statistic linked across an MSE or effect size and
        // before `(p` in undamaged text too; `B` for an opening quote
        // (`BF(2, 70)`) or χ (`B2(1, N = 226)`); a math font's minus read
        // as `2` (`t(45) 5 22.31`) when the reported p fits that reading.
        // 7 (issue 14): a bare `r` (no df) right after a test statistic is
        // its effect size: the p is the test's (`t(28) = 2.20, r = .38, p`).
        // 8 (issue 14): `ˆ` for `=` (Taylor & Francis) and `ÿ` for a
        // statistic's minus; `o`, `\`, `#`, `‡`, `$` (Elsevier) after a
        // statistic, `P o .001` and `P \.001` in a document that shows the
        // `¼` damage; `P < 0 .001` (a space before the point); no
        // comparator after `P value`, `P for trend` on one line (`Adjusted
        // P value, 0.048`); parallel lists (`0.12 for men and 0.03 for
        // women`); `pFWE`, `pholm`, `puncorr`, `pone-tailed`,
        // `Pnoninferiority`; APA's math font as Poppler reads it (`ϭ`
        // `=`, `Ͻ` `<`, `Ͼ` `>`, `Յ` `≤`, `Ն` `≥`); PyMuPDF's control
        // characters, dropped (`t(24)3.10, p.005` after a statistic).
        // 9: a p tagged one-tailed (`p (one-tailed)`, `one-sided P`) is
        // checked against its statistic one-tailed; a corrected one (`pFWE`,
        // `P adj`, `Bonferroni-corrected p`) is never flagged inconsistent.
        // 10 (issue 14): TeX's math point read as `:` and its comma as `;`
        // (`t(57) = 2:10, p = 0:036`, `F(1; 57) = 4:2`) where the document
        // shows that damage; `p = 0:036` elsewhere is no `p = 0`; the HTML
        // entities statcheck lists for `=`, `<`, `>` (`&#61;`, `&equals;`,
        // `&#x0003C;`, `&LT;`) and `&#8804;`/`&#8805;`; a statistic whose
        // `=` is `ˆ`, `⫽` or a Symbol-font glyph linked to a p printed right
        // in a document with no other damage; a range's upper end (`P =
        // 0.01-0.04`, `P values 0.001 to 0.005`) as a second `=` p-value.
        // 11 (issue 14): a range with a unit or an upper end above 1 after
        // the number (`P = 0.5-1.5 mmHg`) is a measurement, no p; a test
        // with a list of values links them in order to as many p-values
        // (`BF(1, 15) = 19.9 and 5.16, p <.001 and p <.05`), a plural p
        // (`t(20) = 2.1 and 3.4, ps < .05`) to the weakest; APA's `⫽`,
        // `⬍`, `⬎` and the Symbol font's private-use comparators between a
        // `p` and its number without a statistic before it.
        // 12 (issue 14): a statistic split by a page break and its running
        // header or footer (`BF(2,` / `Behav Res (2016) 48:1205` / `70) =
        // 4.48, p <.02`) is read across it; a range of one test's values
        // before a plural p (`ts(20) = 2.1-3.4, ps < .05`) links the p to
        // the range's lower end.
        12
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        // TeX's point read as `:` (`p = 0:036`): matched on a repaired
        // view of the text with the same offsets.
        let Some(repaired) = tex_colon::repaired(doc) else {
            return extract_from(doc, out);
        };
        let first = out.len();
        extract_from(&repaired, out);
        // A number read through the repair (`0:036`) is less sure than one
        // printed right.
        for f in &mut out[first..] {
            let b = f.text.as_bytes();
            if b.windows(2).any(|w| w[0] == b':' && w[1].is_ascii_digit()) {
                f.confidence = f.confidence.min(0.85);
            }
        }
        // A cut on the repaired copy is the document's.
        if let Some(cut) = repaired.budget.take_cut() {
            doc.budget.note_cut(cut);
        }
    }
}

/// [`PValueExtractor::extract`] on `doc` as matched (the document or its
/// repaired view).
fn extract_from(doc: &Document, out: &mut Vec<Finding>) {
    let b = FindingBuilder::new(doc, Field::PValue);
    let fold = doc.fold.as_str();
    let mut hits: Vec<Hit> = Vec::new();
    for c in P_VALUE.captures_iter(fold) {
        if doc.budget.exhausted(hits.len()) {
            break;
        }
        let Some(hit) = hit_at(doc, &c) else {
            continue;
        };
        let (mut end, cmp, low) = (hit.end, hit.comparator, hit.number.value);
        hits.push(hit);
        if let Some(range_end) = range_end(doc, end, cmp, low) {
            end = range_end.end;
            hits.push(range_end);
        }
        list_after(doc, end, cmp, &mut hits);
    }
    link_statistic_lists(fold, &mut hits);
    let font_damaged = damaged_glyph_hits(doc, &mut hits);
    let opts = CheckOptions::default();
    for h in hits {
        let (statistic, flags) = checked(doc, &h, font_damaged, &opts);
        let mut confidence = h.confidence;
        if doc.section_at(h.start) == Section::References {
            // A result quoted in a cited title or abstract.
            confidence = confidence.min(0.6);
        }
        out.push(b.make(
            h.start,
            h.end,
            Value::PValue(PValue {
                comparator: h.comparator,
                value: h.number.value,
                statistic,
                flags,
            }),
            h.rule,
            confidence,
        ));
    }
}

/// The p-value a match of [`P_VALUE`] states, if its comparator, number
/// and what follows the number make it one.
fn hit_at(doc: &Document, c: &regex::Captures<'_>) -> Option<Hit> {
    let fold = doc.fold.as_str();
    let m = c.get(0).expect("match");
    if !starts_word(fold, m.start()) {
        return None;
    }
    let has_value_word = c.name("value").is_some();
    // A qualifier that says the number is a p-value: the word "value",
    // a tag (`P trend`) or a `for` phrase (`P for interaction`).
    let qualified = c
        .name("value")
        .is_some_and(|v| v.as_str().to_ascii_lowercase().contains("value"))
        || c.name("tag").is_some()
        || c.name("for").is_some();
    // "Adjusted P value, 0.048", "P for trend, <0.001": a comma before the
    // number only after such a qualifier ("p, 0.3" is a list of symbols).
    if c.name("comma").is_some() && !qualified {
        return None;
    }
    let cmp = match (c.name("cmp"), c.name("verb")) {
        (Some(k), _) => {
            let k = k.as_str();
            // A colon or a word comparator right after a bare "p"
            // ("p: 0.3" in a list of symbols) is too weak alone.
            if k == ":" && !has_value_word && c.name("tag").is_none() {
                return None;
            }
            comparator(k)
        }
        // "p-value of 0.02", "P values were 0.01 and 0.04"
        (None, Some(v)) if has_value_word || v.as_str().trim() == "of" => Some(Comparator::Eq),
        // "P value 0.34", "P value, 0.048", "P for trend 0.02": no
        // comparator after a qualifier, on one line (a table's header
        // over its cells is not one statement), and a decimal number.
        (None, None)
            if qualified
                && !fold[m.start()..c.name("num").expect("num").start()].contains('\n')
                && c.name("num")
                    .expect("num")
                    .as_str()
                    .contains(['.', 'e', 'E', '×']) =>
        {
            Some(Comparator::Eq)
        }
        _ => None,
    }?;
    // "P values were 0.01 and 0.04" needs the word "value"; "(p of
    // 0.07)" does not.
    let verb = c.name("verb").map(|v| v.as_str().trim());
    if verb.is_some_and(|v| v != "of") && !has_value_word {
        return None;
    }
    let num = c.name("num").expect("num");
    let (end, number) = match middle_dot_product(doc, num.start(), num.end()) {
        Some(x) => x,
        None => {
            if !clean_tail(&fold[num.end()..]) || measured_range(&fold[num.end()..]) {
                return None;
            }
            (num.end(), parse_number(num.as_str())?)
        }
    };
    let glyph = c
        .name("cmp")
        .is_some_and(|k| matches!(k.as_str(), "¼" | "ˆ") || is_font_glyph(k.as_str()));
    let rule = if glyph {
        GLYPH_RULE
    } else if number.repaired {
        "p_value.lost_minus_repaired"
    } else if cmp == Comparator::Eq {
        "p_value.equals"
    } else {
        "p_value.bound"
    };
    let confidence = if glyph || number.repaired { 0.8 } else { 0.95 };
    Some(Hit {
        start: m.start(),
        end,
        comparator: cmp,
        number,
        rule,
        confidence,
        p_at: Some(m.start()),
        before: None,
        stat: None,
        cmp_flag: None,
        kind: PKind::at(
            fold,
            m.start(),
            c.name("tag").or(c.name("paren")).map(|t| t.as_str()),
        ),
    })
}

/// The test statistic before a hit (when there is one) and the hit's
/// flags: `impossible`, statcheck's `inconsistent` / `decision_error`, and
/// the hit's comparator flag.
fn checked(
    doc: &Document,
    h: &Hit,
    font_damaged: bool,
    opts: &CheckOptions,
) -> (Option<TestStatistic>, Vec<String>) {
    let fold = doc.fold.as_str();
    let value = h.number.value;
    let mut flags = Vec::new();
    let mut statistic = None;
    if !(0.0..=1.0).contains(&value) {
        flags.push("impossible".to_string());
    } else if let Some(s) = h.stat.clone().or_else(|| {
        let p = h.p_at?;
        let before = match &h.before {
            Some(known) => known.clone(),
            None => statcheck::statistic_before(fold, p),
        };
        before.or_else(|| {
            // `F(2, 57) ¼ 4.10, p ¼ .02`: the statistic's font is as
            // damaged as the p's; in a document that shows the damage,
            // also before a p printed right (`t(196) <bc> 38.73, p < .001`).
            (h.rule == GLYPH_RULE || font_damaged)
                .then(|| statcheck::statistic_before_damaged(fold, p, glyph::known))
                .flatten()
        })
    }) {
        let one_tailed = CheckOptions {
            two_tailed: false,
            ..*opts
        };
        let opts = match h.kind {
            PKind::OneTailed => &one_tailed,
            _ => opts,
        };
        let s = s.reading_for(h.comparator, value, h.number.decimals, opts);
        let verdict = s
            .computable()
            .then(|| statcheck::check(&s, h.comparator, value, h.number.decimals, opts, false))
            .flatten();
        // A comparator read from the statistic cannot be checked
        // against it, nor a corrected p.
        if let Some(v) = verdict.filter(|_| h.cmp_flag.is_none() && h.kind != PKind::Corrected) {
            if v.inconsistent {
                flags.push("inconsistent".to_string());
            }
            if v.decision_error {
                flags.push("decision_error".to_string());
            }
        }
        statistic = Some(TestStatistic {
            name: s.kind.name().to_string(),
            df: s.df(),
            value: s.value,
            computed_p: verdict.map(|v| v.computed_p),
        });
    }
    flags.extend(h.cmp_flag.map(str::to_string));
    (statistic, flags)
}

const GLYPH_RULE: &str = "p_value.glyph_repaired";

/// p-values whose comparator a font turned into another glyph (see
/// [`glyph`]): after a recognised test statistic any token between `p` and
/// its number; elsewhere `p b .05` and `p N .50` only in a document that
/// shows the damage by a `¼` for `=`, and `p , .05`, `p 5 .03` only in one
/// that prints `=` as `5` twice (the document-level evidence rule).
/// Returns whether the document shows such damage (`¼`, `5` or a byte
/// shown as hex such as `<bc>` standing for a comparator).
fn damaged_glyph_hits(doc: &Document, hits: &mut Vec<Hit>) -> bool {
    let fold = doc.fold.as_str();
    for c in glyph::P_GLYPH.captures_iter(fold) {
        if doc.budget.exhausted(hits.len()) {
            return false;
        }
        let m = c.get(0).expect("match");
        let g = c.name("g").map(|g| g.as_str());
        let num = c.name("num").expect("num");
        let (sp1, sp2) = (&c["sp1"], &c["sp2"]);
        if hits.iter().any(|h| h.start == m.start())
            || !glyph::well_formed(sp1, g, sp2, num.as_str())
            || !starts_word(fold, m.start())
            || !clean_tail(&fold[num.end()..])
        {
            continue;
        }
        let Some(stat) = statcheck::statistic_before_damaged(fold, m.start(), glyph::known) else {
            continue;
        };
        let Some(number) = parse_number(num.as_str()) else {
            continue;
        };
        let (comparator, cmp_flag) = match g.and_then(glyph::known) {
            Some(k) => (k, None),
            None => match glyph::infer(&stat, number.value, number.decimals) {
                Some(k) => (k, Some(glyph::INFERRED)),
                None => (glyph::guess(number.value), Some(glyph::UNKNOWN)),
            },
        };
        hits.push(Hit {
            start: m.start(),
            end: num.end(),
            comparator,
            number,
            rule: GLYPH_RULE,
            confidence: if cmp_flag.is_some() { 0.7 } else { 0.8 },
            p_at: Some(m.start()),
            before: None,
            stat: Some(stat),
            cmp_flag,
            kind: PKind::Plain,
        });
    }
    let quarter = glyph::gated(&glyph::QUARTER_GATE, &glyph::QUARTER_DAMAGE, fold);
    if quarter {
        evidenced_glyph_hits(doc, &glyph::P_LETTER_GLYPH, hits);
    }
    let math_font = glyph::MATH_FONT_GATE.is_match(fold)
        && glyph::MATH_FONT_DAMAGE.find_iter(fold).nth(1).is_some();
    if math_font {
        evidenced_glyph_hits(doc, &glyph::P_MATH_FONT_GLYPH, hits);
    }
    quarter
        || math_font
        || glyph::gated(&glyph::HEX_GATE, &glyph::HEX_DAMAGE, fold)
        || glyph::gated(&glyph::COPTIC_GATE, &glyph::COPTIC_DAMAGE, fold)
        || glyph::gated(&glyph::SYMBOL_GATE, &glyph::SYMBOL_DAMAGE, fold)
}

/// The p-values of `re` (a `g` glyph group, a `num` group) in a document
/// that shows its font's damage elsewhere: the glyph says which comparator.
fn evidenced_glyph_hits(doc: &Document, re: &Regex, hits: &mut Vec<Hit>) {
    let fold = doc.fold.as_str();
    for c in re.captures_iter(fold) {
        if doc.budget.exhausted(hits.len()) {
            return;
        }
        let m = c.get(0).expect("match");
        let num = c.name("num").expect("num");
        if hits.iter().any(|h| h.start == m.start())
            || !starts_word(fold, m.start())
            || !clean_tail(&fold[num.end()..])
        {
            continue;
        }
        let g = c
            .name("g")
            .or_else(|| c.name("bs"))
            .map_or("", |g| g.as_str());
        let (Some(number), Some(comparator)) = (parse_number(num.as_str()), glyph::known(g)) else {
            continue;
        };
        hits.push(Hit {
            start: m.start(),
            end: num.end(),
            comparator,
            number,
            rule: GLYPH_RULE,
            confidence: 0.7,
            p_at: Some(m.start()),
            before: None,
            stat: None,
            cmp_flag: None,
            kind: PKind::Plain,
        });
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
