//! p-values in the notations papers use, each linked to the test statistic
//! printed before it and checked against it (see [`super::statcheck`]).
//!
//! Matching runs on `fold`, where the Lancet middle dot already reads as a
//! decimal point (`P=0·03`), every dash and minus is `-` and odd spaces are
//! spaces. Recognised:
//!
//! * comparators `=`, `<`, `>`, `≤`, `≥`, `<=`, `=<`, `⩽`, `≪`, `< or =`,
//!   `less than`, `of`/`was` after `p-value`, and `:`; all normalize to
//!   `=`, `<`, `<=`, `>`, `>=`;
//! * qualifiers: `P value`, `p-values`, `P for trend`, `P(interaction)`,
//!   `p(adj)`, `Ptrend`, `P_interaction`, `P (two-sided)`;
//! * numbers: `0.03`, `.03`, `0. 001` (stray space from PDF conversion), a
//!   number split over a line break, `3.2E-4`, `3 × 10-5`, `10^-6`, `10⁻⁶`,
//!   `3·10−5`, and `3 × 105` where PDF conversion dropped the superscript
//!   minus (a p-value cannot be 300 000, so the minus is restored);
//! * lists: `p-values of 0.01 and 0.04`, `(p = 0.02, 0.03 and 0.04,
//!   respectively)`: every value;
//! * the PDF glyph `¼` standing for `=` (statcheck documents it for some
//!   publishers' fonts), only between a `p` and a number, where nothing else
//!   can be meant.
//!
//! Not p-values: `p. 12` and `pp. 3–9` (pages: no comparator), `P1`, `P-gp`,
//! `p53`, `pH`, `n.s.` without a number, a `p` glued to a preceding word or
//! number, and numbers with a unit after them (`P = 0.5 mmHg`). A p-value in
//! the reference list (a cited abstract's result) is still reported, with a
//! lower confidence, because it is written in the document.
//!
//! Values outside [0, 1] are reported with the flag `impossible`; a
//! statistic is then not linked (statcheck drops such results).

use super::numbers::{decimals, parse_decimal};
use super::statcheck::{self, CheckOptions};
use super::{Extractor, FindingBuilder};
use crate::normalize::Document;
use crate::record::{Comparator, Field, Finding, PValue, TestStatistic, Value};
use crate::sections::Section;
use regex::Regex;
use std::sync::LazyLock;

pub struct PValueExtractor;

/// A number as p-values are printed. Alternatives longest first, so that
/// `3.2E-4` is not read as `3.2`. Real strings:
/// `3 × 10-5` (fold of `3 × 10−5`), `1.5x10^-12`, `2 × 10⁻⁶`, `3 × 105`
/// (lost superscript minus), `3.2E-4`, `.5e-3`, `10^-6`, `10- 5`, `10⁻⁶`,
/// `0.03`, `.03`, `0. 001`, `1`.
const NUM: &str = r"(?:(?:\d+(?:\.\s?\d+)?|\.\d+)\s?[×xX*⋅∙]\s?10\s?(?:\^\s?)?\(?\s?(?:[-+]\s?\d{1,3}|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|\d{1,2}(?-u:\b))\)?|(?:\d+(?:\.\d+)?|\.\d+)\s?[eE]\s?[-+]?\d{1,3}(?-u:\b)|10\s?(?:\^\s?)?\(?(?:-\s?\d{1,3}|⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\)?|\d*\.\s?\d+|0,\d+|[01](?-u:\b))";

/// Comparators, symbolic and in words. `¼` is a PDF glyph for `=`.
const CMP: &str = r"(?:=\s+<|=\s+>|<\s?or\s?=|>\s?or\s?=|<\s?/\s?=|>\s?/\s?=|<=|>=|=<|=>|==|<|>|=|≤|≥|⩽|⩾|≦|≧|≪|≫|¼|:|(?:less|lower|smaller)\s+than(?:\s+or\s+equal\s+to)?|(?:greater|more|larger|higher)\s+than(?:\s+or\s+equal\s+to)?|below|above|under)";

// "P<0.001", "p = .03", "P value = 0.04", "p-value of 0.02", "P for trend =
// 0.02", "P(interaction) = 0.04", "p(adj) = 0.01", "Ptrend<0.001",
// "P-interaction = 0.3", "P (two-sided) = 0.02", "p-values were 0.01",
// "P-value less than 0.05", "p ¼ .03" (PDF glyph for `=`).
static P_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        [Pp]
        (?P<value>\s?-?\s?(?i:values?)|'s)?
        (?:
            \s?\(\s?(?P<paren>[A-Za-z][A-Za-z0-9 .,'/-]{{2,30}}?)\s?\)
          | (?:[-_\ ]|,\ )?(?P<tag>(?i:trend|interaction|inter|int|heterogeneity|het|adj|adjusted|corr|corrected|fdr|bonf|bonferroni|diff|difference|overall|global|log-?rank|two-sided|one-sided))(?-u:\b)
          | \s(?:for|of)\s(?P<for>(?:the\s)?(?:linear\s|quadratic\s)?(?:trend|interaction|heterogeneity|difference|non-?inferiority|superiority|equivalence|effect\smodification|group\sdifference|treatment\seffect|treatment|time|group))(?-u:\b)
        )?
        (?P<verb>\s(?:was|were|is|are|of|reached))?
        \s*
        (?P<cmp>{CMP})?
        \s*
        (?P<num>{NUM})"
    ))
    .expect("p-value regex")
});

// The next value of a list after a p-value: ", 0.03", " and 0.04",
// ", and < 0.001", " or .05".
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\s?,\s?(?:and\s|or\s)?|\s(?:and|or)\s)\s?(?:(?P<cmp>{CMP})\s?)?(?P<num>{NUM})"
    ))
    .expect("p-value list regex")
});

// What may follow a list item for it to be read as a p-value: punctuation,
// a conjunction, "respectively", or a preposition introducing the contrast.
static LIST_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*$|\s?[,;)\]]|\.(?:\D|$)|\s(?:and|or|respectively|for|in|at|vs\.?|versus|with)(?-u:\b)|\s?\n)")
        .expect("list end regex")
});

// A unit right after the number: the value is a measurement, not a p
// ("P = 0.5 mmHg" for pressure, "p < 5%").
// The unit stands on the value's line and is a whole word: `P = 0.003`
// at a line's end followed by `Painful …` is no pressure.
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[ \t]?(?:%|‰|°)|[ \t]?(?:mmHg|mm|cm|mg|µg|μg|ng|kg|ml|mL|mmol|µmol|nmol|pmol|IU|kPa|Pa|Hz|bpm|g|h|L|l|m|s|U)(?-u:\b))")
        .expect("unit regex")
});

/// Glyph damage that makes `b` stand for `<` in some publishers' PDFs
/// (statcheck: JESP). Only trusted in a document that also shows the `¼`
/// damage, where the font evidently lost its comparators.
static GLYPH_LT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"[Pp]\s(?P<cmp>b)\s?(?P<num>{NUM})")).expect("glyph regex")
});
static GLYPH_DAMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Za-z]\s?¼\s?-?\.?\d").expect("glyph damage regex"));

/// Any one glyph between a `p` and its number: after a recognised test
/// statistic (`t(28) = 2.20, p b .03`) it can only be the comparator,
/// whatever a publisher's font turned it into (`b`, `N`, `!`, `¼`, `p`, a
/// private-use char).
static STAT_GLYPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[Pp][ ]?(?P<g>[^\s\d.,;:()\[\]])[ ]?(?P<num>0?\.\d+|1\.0+)")
        .expect("statistic glyph regex")
});

/// The comparator a damaged glyph stands for: the ones statcheck documents
/// (`b` for `<`, `N` for `>`, `¼` for `=`) and the Symbol font's
/// private-use code points; any other from what the statistic gives: the
/// printed p is `=` when it is the recomputed p rounded, else `<` where the
/// recomputed p is below it and `>` where above.
fn glyph_comparator(
    g: char,
    stat: &statcheck::Statistic,
    value: f64,
    decimals: usize,
) -> Comparator {
    match g {
        'b' | '\u{F03C}' | '<' => return Comparator::Lt,
        'N' | '\u{F03E}' | '>' => return Comparator::Gt,
        '¼' | '\u{F03D}' | '=' => return Comparator::Eq,
        _ => {}
    }
    let Some(p) = statcheck::compute_p(stat.kind, stat.value, stat.df1, stat.df2, true)
        .filter(|_| stat.computable())
    else {
        return Comparator::Eq;
    };
    let f = 10f64.powi(decimals.min(15) as i32);
    if ((p * f).round() / f - value).abs() < 0.5 / f {
        Comparator::Eq
    } else if p < value {
        Comparator::Lt
    } else {
        Comparator::Gt
    }
}

fn superscript(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        '⁻' => '-',
        '⁺' => '+',
        _ => return None,
    })
}

/// A parsed p number: its value, the decimals it was printed with (for
/// the rounding-aware check) and whether a lost minus was restored.
struct Number {
    value: f64,
    decimals: usize,
    repaired: bool,
}

/// Parses a match of [`NUM`]. The value is made by Rust's correctly
/// rounded float parser from a canonical `1.5e-12` string, so `3.2E-4` and
/// `0.00032` are the same f64 (the summary deduplicates by value).
fn parse_number(raw: &str) -> Option<Number> {
    let t: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '^'))
        .map(|c| superscript(c).unwrap_or(c))
        .collect();
    // "P = 0,035": a decimal comma (Spanish, German papers); a p-value
    // cannot be read as thousands.
    let t = match t.strip_prefix("0,") {
        Some(frac) => format!("0.{frac}"),
        None => t,
    };
    let mut repaired = false;
    let (mantissa, exp): (&str, Option<i32>) = if let Some(pos) = t.find(['e', 'E']) {
        (&t[..pos], Some(t[pos + 1..].parse().ok()?))
    } else if let Some((pos, sym)) = t
        .char_indices()
        .find(|(_, c)| matches!(c, '×' | 'x' | 'X' | '*' | '⋅' | '∙'))
    {
        let rest = t[pos + sym.len_utf8()..].strip_prefix("10")?;
        let e: i32 = rest.parse().ok()?;
        // "3 × 105": a p-value cannot exceed 1, so an unsigned positive
        // exponent is a superscript minus lost in conversion.
        let e = if !rest.starts_with('+') && !rest.starts_with('-') && e > 0 {
            repaired = true;
            -e
        } else {
            e
        };
        (&t[..pos], Some(e))
    } else if let Some(rest) = t.strip_prefix("10").filter(|r| r.starts_with('-')) {
        ("1", Some(rest.parse().ok()?))
    } else {
        (t.as_str(), None)
    };
    let m = parse_decimal(mantissa)?;
    let mdec = decimals(mantissa);
    let value = match exp {
        Some(e) => {
            if !(-400..=400).contains(&e) {
                return None;
            }
            format!("{m}e{e}").parse().ok()?
        }
        None => m,
    };
    let decimals = match exp {
        Some(e) => (mdec as i64 - e as i64).max(0) as usize,
        None => mdec,
    };
    Some(Number {
        value,
        decimals,
        repaired,
    })
}

fn comparator(s: &str) -> Option<Comparator> {
    let w: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let or_equal =
        w.ends_with("or equal to") || w.contains("or =") || w.contains("or=") || w.contains("/=");
    let c = match w.as_str() {
        "¼" | ":" => Comparator::Eq,
        // "*** p = <.001" in a table footnote: the `=` is redundant.
        "= <" => Comparator::Lt,
        "= >" => Comparator::Gt,
        "≪" => Comparator::Lt,
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

/// What may directly follow a p number: not a letter, digit, `%` or a
/// further decimal part (`0.03.5`), and no unit.
fn clean_tail(rest: &str) -> bool {
    let mut it = rest.chars();
    match it.next() {
        None => true,
        // A table footnote mark glued to the value: "p = 1.000a".
        Some('a'..='f') => {
            !it.next().is_some_and(|c| c.is_alphanumeric()) && !UNIT_AFTER.is_match(rest)
        }
        Some(c) if c.is_alphanumeric() || c == '%' || c == '‰' || c == '_' => false,
        // "LDL-P=9.373×(apoB)": a formula, not a result.
        Some('×') => false,
        Some('.' | ',') => !it.next().is_some_and(|d| d.is_ascii_digit()),
        Some(_) => !UNIT_AFTER.is_match(rest),
    }
}

/// `3·10−5` reads `3.10-5` in `fold` (the middle dot between digits is a
/// decimal point there); in `text` the dot is still a multiplication sign.
/// Returns the end (fold bytes) and the parsed number when the span at
/// `num_start..num_end` is such a product.
fn middle_dot_product(doc: &Document, num_start: usize, num_end: usize) -> Option<(usize, Number)> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:-\s?\d{1,3}|⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})").expect("exponent regex")
    });
    let fold = &doc.fold;
    let raw = &fold[num_start..num_end];
    let (int, frac) = raw.split_once('.')?;
    if frac != "10" || int.len() != 1 || int == "0" {
        return None;
    }
    let dot = num_start + int.len();
    let tdot = doc.text_of_fold_span(dot, dot + 1);
    if !matches!(tdot, "·" | "⋅" | "∙") {
        return None;
    }
    let m = AFTER.find(&fold[num_end..])?;
    let end = num_end + m.end();
    let canon = format!("{int}×10{}", &fold[num_end..end]);
    let n = parse_number(&canon)?;
    clean_tail(&fold[end..]).then_some((end, n))
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
}

impl Extractor for PValueExtractor {
    fn field(&self) -> Field {
        Field::PValue
    }

    fn version(&self) -> u32 {
        // 3 (issue 14): after a test statistic any glyph between `p` and
        // its number is the comparator; `P's`, `P, trend`; a unit never
        // across a line break.
        3
    }

    fn extract(&self, doc: &Document, out: &mut Vec<Finding>) {
        let b = FindingBuilder::new(doc, Field::PValue);
        let fold = doc.fold.as_str();
        let mut hits: Vec<Hit> = Vec::new();
        for c in P_VALUE.captures_iter(fold) {
            if doc.budget.exhausted(hits.len()) {
                break;
            }
            let m = c.get(0).expect("match");
            if !starts_word(fold, m.start()) {
                continue;
            }
            let has_value_word = c.name("value").is_some();
            let cmp = match (c.name("cmp"), c.name("verb")) {
                (Some(k), _) => {
                    let k = k.as_str();
                    // A colon or a word comparator right after a bare "p"
                    // ("p: 0.3" in a list of symbols) is too weak alone.
                    if k == ":" && !has_value_word && c.name("tag").is_none() {
                        continue;
                    }
                    comparator(k)
                }
                // "p-value of 0.02", "P values were 0.01 and 0.04"
                (None, Some(v)) if has_value_word || v.as_str().trim() == "of" => {
                    Some(Comparator::Eq)
                }
                _ => None,
            };
            let Some(cmp) = cmp else { continue };
            // "P values were 0.01 and 0.04" needs the word "value"; "(p of
            // 0.07)" does not.
            let verb = c.name("verb").map(|v| v.as_str().trim());
            if verb.is_some_and(|v| v != "of") && !has_value_word {
                continue;
            }
            let num = c.name("num").expect("num");
            let (end, number) = match middle_dot_product(doc, num.start(), num.end()) {
                Some(x) => x,
                None => {
                    if !clean_tail(&fold[num.end()..]) {
                        continue;
                    }
                    let Some(n) = parse_number(num.as_str()) else {
                        continue;
                    };
                    (num.end(), n)
                }
            };
            let glyph = c.name("cmp").is_some_and(|k| k.as_str() == "¼");
            let rule = if glyph {
                "p_value.glyph_repaired"
            } else if number.repaired {
                "p_value.lost_minus_repaired"
            } else if cmp == Comparator::Eq {
                "p_value.equals"
            } else {
                "p_value.bound"
            };
            let confidence = if glyph || number.repaired { 0.8 } else { 0.95 };
            hits.push(Hit {
                start: m.start(),
                end,
                comparator: cmp,
                number,
                rule,
                confidence,
                p_at: Some(m.start()),
            });
            // Further values of a list share the comparator unless they
            // bring their own: "p-values of 0.01 and 0.04".
            let mut at = end;
            while let Some(li) = LIST_ITEM.captures(&fold[at..]) {
                if doc.budget.exhausted(hits.len()) {
                    break;
                }
                let n = li.name("num").expect("num");
                let (ns, ne) = (at + n.start(), at + n.end());
                let Some(number) = parse_number(n.as_str()) else {
                    break;
                };
                if number.value > 1.0 || !LIST_END.is_match(&fold[ne..]) || !clean_tail(&fold[ne..])
                {
                    break;
                }
                let item_cmp = match li.name("cmp") {
                    Some(k) => match comparator(k.as_str()) {
                        Some(k) => k,
                        None => break,
                    },
                    None => cmp,
                };
                hits.push(Hit {
                    start: li.name("cmp").map_or(ns, |k| at + k.start()),
                    end: ne,
                    comparator: item_cmp,
                    number,
                    rule: "p_value.list",
                    confidence: 0.85,
                    p_at: None,
                });
                at = ne;
            }
        }
        if GLYPH_DAMAGE.is_match(fold) {
            for c in GLYPH_LT.captures_iter(fold) {
                if doc.budget.exhausted(hits.len()) {
                    break;
                }
                let m = c.get(0).expect("match");
                let num = c.name("num").expect("num");
                if !starts_word(fold, m.start()) || !clean_tail(&fold[num.end()..]) {
                    continue;
                }
                let Some(number) = parse_number(num.as_str()) else {
                    continue;
                };
                hits.push(Hit {
                    start: m.start(),
                    end: num.end(),
                    comparator: Comparator::Lt,
                    number,
                    rule: "p_value.glyph_repaired",
                    confidence: 0.7,
                    p_at: Some(m.start()),
                });
            }
        }
        for c in STAT_GLYPH.captures_iter(fold) {
            if doc.budget.exhausted(hits.len()) {
                break;
            }
            let m = c.get(0).expect("match");
            let g = c.name("g").expect("glyph").as_str();
            let num = c.name("num").expect("num");
            if hits.iter().any(|h| h.start == m.start())
                || !starts_word(fold, m.start())
                || !clean_tail(&fold[num.end()..])
            {
                continue;
            }
            let Some(stat) = statcheck::statistic_before(fold, m.start()) else {
                continue;
            };
            let Some(number) = parse_number(num.as_str()) else {
                continue;
            };
            let glyph = g.chars().next().expect("glyph");
            hits.push(Hit {
                start: m.start(),
                end: num.end(),
                comparator: glyph_comparator(glyph, &stat, number.value, number.decimals),
                number,
                rule: "p_value.glyph_repaired",
                confidence: 0.8,
                p_at: Some(m.start()),
            });
        }

        let opts = CheckOptions::default();
        for h in hits {
            let value = h.number.value;
            let mut flags = Vec::new();
            let mut statistic = None;
            if !(0.0..=1.0).contains(&value) {
                flags.push("impossible".to_string());
            } else if let Some(s) = h.p_at.and_then(|p| statcheck::statistic_before(fold, p)) {
                let verdict = s
                    .computable()
                    .then(|| {
                        statcheck::check(&s, h.comparator, value, h.number.decimals, &opts, false)
                    })
                    .flatten();
                if let Some(v) = verdict {
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
                    value,
                    statistic,
                    flags,
                }),
                h.rule,
                confidence,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str) -> Vec<(Comparator, f64)> {
        let doc = Document::from_text(s);
        let mut out = Vec::new();
        PValueExtractor.extract(&doc, &mut out);
        out.iter()
            .map(|f| match &f.value {
                Value::PValue(p) => (p.comparator, p.value),
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn numbers_parse_to_the_same_float() {
        assert_eq!(parse_number("3.2E-4").unwrap().value, 0.00032);
        assert_eq!(parse_number("3 × 10-5").unwrap().value, 0.00003);
        assert_eq!(parse_number("10⁻⁶").unwrap().value, 0.000001);
        assert_eq!(parse_number("10^-6").unwrap().value, 0.000001);
        let lost = parse_number("3 × 105").unwrap();
        assert!(lost.repaired && lost.value == 0.00003);
        assert_eq!(parse_number("0. 001").unwrap().decimals, 3);
        assert_eq!(parse_number("3.2E-4").unwrap().decimals, 5);
    }

    #[test]
    fn comparators_in_words() {
        assert_eq!(
            values("a P-value less than 0.05"),
            vec![(Comparator::Lt, 0.05)]
        );
        assert_eq!(values("p < or = 0.05"), vec![(Comparator::Le, 0.05)]);
        assert_eq!(values("p ≪ 10- 5"), vec![(Comparator::Lt, 0.00001)]);
    }

    #[test]
    fn glyphs_after_a_statistic_are_comparators() {
        assert_eq!(
            values("t(28) = 2.20, p b .05."),
            vec![(Comparator::Lt, 0.05)]
        );
        assert_eq!(
            values("F(2, 57) = 4.10, p N .001."),
            vec![(Comparator::Gt, 0.001)]
        );
        // `!` and `p` from the recomputed p: .0362 rounds to .04; .01 is
        // below it.
        assert_eq!(
            values("t(28) = 2.20, p ! .04,"),
            vec![(Comparator::Eq, 0.04)]
        );
        assert_eq!(
            values("t(28) = 2.20, p p .05,"),
            vec![(Comparator::Lt, 0.05)]
        );
        assert_eq!(
            values("χ2(1, N = 240) = 6.3, p \u{F03C} .05"),
            vec![(Comparator::Lt, 0.05)]
        );
        // Without a statistic a stray letter is no comparator.
        assert!(values("the p b .05 mark").is_empty());
    }

    #[test]
    fn clinical_forms() {
        assert_eq!(values("(P, trend = 0.01)"), vec![(Comparator::Eq, 0.01)]);
        assert_eq!(values("all P's < or = .05"), vec![(Comparator::Le, 0.05)]);
        assert_eq!(values("(p<or= 0.001)"), vec![(Comparator::Le, 0.001)]);
        assert_eq!(
            values("P values were 0.20 and 0.04, respectively"),
            vec![(Comparator::Eq, 0.2), (Comparator::Eq, 0.04)]
        );
        assert_eq!(
            values("reduced pain (P = 0.003)\nPainful episodes fell"),
            vec![(Comparator::Eq, 0.003)]
        );
    }

    #[test]
    fn traps() {
        assert!(values("step = 0.3 and Hp = 0.4").is_empty());
        assert!(values("P = 0.5 mmHg").is_empty());
        assert!(values("the value p: 0.3").is_empty());
    }
}
