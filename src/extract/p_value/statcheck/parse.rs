//! Parsing: the statistic written right before a p-value, read from the
//! text before the `p` with the patterns below.

use super::page_break::statistic_across_page_break;
use super::{StatKind, Statistic};
use crate::extract::numbers::{decimals, parse_decimal};
use crate::record::Comparator;
use regex::{Captures, Regex};
use std::sync::LazyLock;

// A statistic written right before a p-value, anchored at the end of the
// text before the `p`. Real strings it matches:
//   "t(28) = 2.20, "   "t (553) = - 4.46, "   "F(2, 45) = 3.10, "
//   "F(l, 76) = 23.95, "   "χ2(1, N = 11,455) = 16.78, "   "chi2(28)=2.20,"
//   "r(50) = .30, "   " z = 2.1, "   "Q(26) = 252.78, "   "Qw(2) = 2.20, "
//   "QT(22) = 198.40, "   "QError(14) = 22.60, "   "Fs(1, 130) < 1.20, " (plural)
//   "G2(1) = 5.90, " (likelihood-ratio χ²)   "?2 (12, N= 880)= 10.40, " (χ lost)
//   "(F2,22 = 4·637, " (flattened subscripts; fold: "4.637")
//   "χ2 = 4.5, df = 1, "   "(F = 3.1; "   "Z = −2·56, " (fold: "-2.56")
// and from PDFs whose fonts lost their glyphs: χ read as `v` (Elsevier),
// `c` (the Symbol font's letter for χ) or U+2439 (APA), a minus read as
// `À` (Elsevier), `ÿ` (Taylor & Francis) or `Ϫ`/U+2AFA (APA).
// `{cmp}` and `{neq}` are the statistic's comparator and the `=` of
// `N = 240`: plain in [`STAT_BEFORE`], damaged glyphs allowed in
// [`STAT_BEFORE_DAMAGED`].
const STAT_PATTERN: &str = r"(?x)
        (?:^|[^\p{L}\p{N}_])
        # An opening quote some fonts print as `B` (`BF(2, 70) = 4.48`).
        B?
        (?P<stat>
          (?:
            (?P<t>t)s? \s?\(\s?(?P<tdf>\d*\.?\d+)\s?\)
          | (?P<r>r)s? \s?\(\s?(?P<rdf>\d*\.?\d+)\s?\)
          | (?P<rbare>r)
          | (?P<q>Q) (?P<qsub>\s?-?\s?(?:within|Within|between|Between|total|Total|error|Error|residual|Residual|res|Res|w|W|b|B|T|E))? \s?
              (?:\(\s?(?P<qdf>\d*\.?\d+)\s?\))?
          | (?P<f>F)s? (?:\s?\(\s?(?P<fdf1>\d*\.?\d+|I|l)\s?,\s?(?P<fdf2>\d*\.?\d+)\s?\)
                     | (?P<fsub1>\d{1,3}),\s?(?P<fsub2>\d{1,5}))?
          | (?P<chi>(?:χ|Χ|chi|Chi|CHI|X|x|v|c|\x{F063}|\x{2439}|\?|G)\s?(?:\^\s?2|²|_2|2)|(?:chi|Chi)-?squared?|χ|\x{2439})
              \s?(?:\(\s?(?P<cdf>\d*\.?\d+)\s?(?:,\s?[Nn]\s?(?:{neq})\s?\d[\d,]*\s?)?\))?
          | (?P<z>[zZ])
            # χ printed as `B`; only with its `(df, N = n)` to tell it from
            # a name such as vitamin B2.
          | B2\s?\(\s?(?P<bdf>\d*\.?\d+)\s?,\s?[Nn]\s?(?:{neq})\s?\d[\d,]*\s?\)
          )
          {cmp}
          (?P<sign>(?:[^\p{L}\p{N}.\s,;()<>=]|[ÀϪÿ]){1,3}\s?)?
          (?P<sval>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)
        )
        (?:\s?[,;]\s?(?:df|d\.f\.)\s?=\s?(?P<ddf1>\d*\.?\d+)(?:\s?[,/]\s?(?P<ddf2>\d*\.?\d+))?)?
        \s?[,;]\s?$";

/// Comparator glyphs of damaged fonts a statistic may show in place of
/// `<`, `=`, `>` (see `p_value::glyph`).
const DAMAGED_CMP: &str = r"<|>|=|[bNop!¼ˆ\x{3ED}\x{3FD}\x{3FE}\x{545}\x{546}\\⫽⬍≤≥\x{FFFD}\p{Co}]|<[0-9a-fA-F]{2}>|\(cid:\d{1,5}\)";

static STAT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        &STAT_PATTERN
            .replace("{cmp}", r"\s?(?P<scmp><|>|=)\s?")
            .replace("{neq}", "=")
            // The p may follow in brackets: `Q(3) = 7.03 (p = .07)`.
            .replace(r"\s?[,;]\s?$", r"\s?(?:[,;]|\()\s?$"),
    )
    .expect("statistic regex")
});

// A statistic with a list of values right before a p: `BF(1, 15) = 19.9
// and 5.16, ` (before `p <.001 and p <.05`), `ts(20) = 2.1, 3.4 and
// 4.0, ` (before `ps < .05`). The values after the first are `more`; or
// the range of several tests' values (`ts(20) = 2.1-3.4, ` before `ps <
// .05`: dashes are folded to `-`), whose upper end is `upto`.
static STAT_LIST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        &STAT_PATTERN
            .replace("{cmp}", r"\s?(?P<scmp><|>|=)\s?")
            .replace("{neq}", "=")
            .replace(
                r"\s?[,;]\s?$",
                r"(?:(?P<more>(?:(?:\s?,\s?(?:and\s)?|\s(?:and|or)\s)-?\d*\.?\d+){1,4})|\s?(?:-|to\s)\s?(?P<upto>\d*\.?\d+))\s?,\s?$",
            ),
    )
    .expect("statistic list regex")
});

/// The statistics of one test printed with several values before a p
/// ([`statistic_list_before`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StatisticList {
    /// One statistic per value, in reading order (for a range, its ends).
    pub stats: Vec<Statistic>,
    /// The values are the ends of a range (`ts(20) = 2.1-3.4`): they
    /// summarise several tests, and pair with one plural p, never with a
    /// list of p-values.
    pub range: bool,
}

static STAT_BEFORE_DAMAGED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        &STAT_PATTERN
            // A font may also drop the glyph: `t(28) 2.20,`, or glued
            // (`t(28)2.20,`: PyMuPDF's control character, dropped); a math font
            // prints `=` as `5` and `<` as `,`, always between spaces
            // (`t(94) 5 3.61,`, `F(1, 92) , 1,`).
            .replace(
                "{cmp}",
                &format!(
                    r"(?:\s{{0,2}}(?P<scmp>{DAMAGED_CMP})\s{{0,2}}|\x20(?P<scmp_math>[5,])\x20|\s{{0,2}})"
                ),
            )
            .replace("{neq}", &format!("{DAMAGED_CMP}|5"))
            // PDF text doubles spaces; the p may follow in brackets
            // (`t(28) ¼ 2.20 (p b .05)`).
            .replace(r"\s?[,;]\s?$", r"\s{0,2}(?:[,;]|\()\s{0,2}$"),
    )
    .expect("damaged statistic regex")
});

// An effect size, MSE or interval printed between a statistic and its p
// (`F(1, 40) = 4.10, MSE = 0.23, ηp2 = .09, p b .05`, `h2p 5 .05`, `t(28) = 2.2,
// d = 0.81, 95% CI [0.1, 0.9], p b .05`): at the end of the text before the
// `p`, so that it can be cut off to find the statistic before it.
#[cfg(test)]
pub(super) static ITEM_TAIL: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(&item_tail()).expect("effect size regex"));

fn item_tail() -> String {
    format!(
        r"[,;]\s?(?:\d{{2}}\s?%\s?)?[\p{{L}}][\p{{L}}'\x{{2032}} ]{{0,14}}?(?:[0-9²][A-Za-z]?)?\s?(?:{DAMAGED_CMP}|5\x20)?\s?(?:(?:[^\p{{L}}\p{{N}}.\s,;()<>=\[]|[ÀϪÿ]){{0,2}}\s?\d*\.?\d+|\[[^\[\]]{{1,40}}\])\s?[,;]\s?$"
    )
}

/// [`ITEM_TAIL`] anchored at its start: tried at each `,` and `;` of a
/// window from the left, the first that matches is the leftmost match
/// (every match ends at the window's end). The unanchored search cost
/// ~100,000 instructions a window (its `\p{L}` classes).
static ITEM_TAIL_AT: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(&format!("^(?:{})", item_tail())).expect("effect size regex")
});

/// The start of the leftmost match of [`ITEM_TAIL`] in `window`.
pub(super) fn item_tail_start(window: &str) -> Option<usize> {
    memchr::memchr2_iter(b',', b';', window.as_bytes())
        .find(|&i| ITEM_TAIL_AT.is_match(&window[i..]))
}

/// How far back a statistic may start before its p-value, in bytes.
const LOOKBACK: usize = 120;

/// The statistic immediately before `p_start` in `s`, if any. `p_start` is
/// the byte offset of the `p` of a p-value. Returned spans index `s`. A
/// statistic split by a page break and its running header or footer is
/// read across it ([`statistic_across_page_break`]).
pub fn statistic_before(s: &str, p_start: usize) -> Option<Statistic> {
    statistic_on_the_page(s, p_start)
        .or_else(|| statistic_across_page_break(s, p_start, 2 * LOOKBACK, statistic_on_the_page))
}

fn statistic_on_the_page(s: &str, p_start: usize) -> Option<Statistic> {
    let (from, window) = window_before(s, p_start, LOOKBACK);
    let (wide_from, wide) = window_before(s, p_start, 2 * LOOKBACK);
    match parse_statistic(&STAT_BEFORE, window, from, None) {
        Some(st) if !is_bare_r(&st) => Some(st),
        // A bare `r` may be the effect size of a test before it
        // (`t(28) = 2.20, r = .38, p < .05`).
        Some(st) => test_before(&STAT_BEFORE, wide, wide_from, None).or(Some(st)),
        // An MSE, effect size or interval between the statistic and its p
        // (`F(2, 70) = 4.48, MSE = 6.61, p < .02`).
        None => skip_items(&STAT_BEFORE, before_item(wide)?, wide_from, None),
    }
}

/// The statistics of a list of values for one test right before
/// `p_start` (`BF(1, 15) = 19.9 and 5.16, p`): one statistic per value, in
/// reading order, each with the test's name, df and comparator. None
/// unless there are at least two values, or when the test alone (a bare
/// `r`, a `t` without df) is no test to check.
pub fn statistic_list_before(s: &str, p_start: usize) -> Option<StatisticList> {
    let (from, window) = window_before(s, p_start, LOOKBACK);
    let c = STAT_LIST_BEFORE.captures(window)?;
    let first = parse_statistic(&STAT_LIST_BEFORE, window, from, None)?;
    if is_bare_r(&first) {
        return None;
    }
    static VALUE: LazyLock<Regex> =
        LazyLock::new(|| crate::extract::rx::new(r"-?\d*\.?\d+").expect("value regex"));
    let range = c.name("upto");
    // A range of negative values (`ts(20) = -2.1 to -3.4`) is not read.
    if range.is_some() && first.value < 0.0 {
        return None;
    }
    let more = c.name("more").or(range)?;
    let mut out = vec![first.clone()];
    for m in VALUE.find_iter(more.as_str()) {
        let raw = m.as_str().trim_start_matches('-');
        let mut value = parse_decimal(raw)?;
        if m.as_str().starts_with('-') {
            value = -value;
        }
        let impossible = match first.kind {
            StatKind::R => value.abs() > 1.0,
            StatKind::T | StatKind::Z => false,
            _ => value < 0.0,
        };
        if impossible {
            return None;
        }
        out.push(Statistic {
            value,
            decimals: decimals(raw),
            end: from + more.start() + m.end(),
            minus_as_two: None,
            ..first.clone()
        });
    }
    (out.len() >= 2).then_some(StatisticList {
        stats: out,
        range: range.is_some(),
    })
}

/// An `r` printed without df (`r = .38`): an effect size when a test
/// statistic stands right before it, else a correlation whose p cannot be
/// recomputed.
fn is_bare_r(st: &Statistic) -> bool {
    st.kind == StatKind::R && st.df2.is_none()
}

/// The test statistic before the item at the end of `window`, when it is
/// not itself a bare `r`.
fn test_before(
    re: &Regex,
    window: &str,
    from: usize,
    glyph: Option<fn(&str) -> Option<Comparator>>,
) -> Option<Statistic> {
    skip_items(re, before_item(window)?, from, glyph).filter(|st| !is_bare_r(st))
}

/// Like [`statistic_before`], for text from a PDF whose font lost its
/// comparators: the statistic's own comparator may be a damaged glyph
/// (`t(28) b 2.20,`, `χ2(1, N ¼ 240) ¼ 6.3,`; mapped by `glyph`, an
/// unknown one read as `=`), and up to three effect sizes, an MSE or a
/// confidence interval may stand between it and the `p`.
pub fn statistic_before_damaged(
    s: &str,
    p_start: usize,
    glyph: fn(&str) -> Option<Comparator>,
) -> Option<Statistic> {
    let (from, window) = window_before(s, p_start, 2 * LOOKBACK);
    skip_items(&STAT_BEFORE_DAMAGED, window, from, Some(glyph))
}

/// The statistic at the end of `window`, or before up to three effect
/// sizes, MSEs or intervals at its end.
fn skip_items(
    re: &Regex,
    mut window: &str,
    from: usize,
    glyph: Option<fn(&str) -> Option<Comparator>>,
) -> Option<Statistic> {
    for _ in 0..=3 {
        if let Some(st) = parse_statistic(re, window, from, glyph) {
            if is_bare_r(&st) {
                return test_before(re, window, from, glyph).or(Some(st));
            }
            return Some(st);
        }
        window = before_item(window)?;
    }
    None
}

/// `window` without the effect size, MSE or interval at its end (keeping
/// the separator before it: the statistic ends with it). Never past
/// another p (`t(113) = 3.52, p < .001, p = .65` links the first p only)
/// or another test statistic (`F1, 192 = 9.80, b = .21, t = 2.93, p`: the
/// p is the t's, whose df is not printed).
fn before_item(window: &str) -> Option<&str> {
    // Every match of [`ITEM_TAIL`] ends in `\s?[,;]\s?$`: a window that
    // does not is not searched (the unanchored search from the left cost
    // ~30,000 instructions a p-value).
    let mut tail = window.chars().rev();
    let ends_in_separator = match tail.next() {
        Some(',' | ';') => true,
        Some(c) if c.is_whitespace() => matches!(tail.next(), Some(',' | ';')),
        _ => false,
    };
    if !ends_in_separator {
        return None;
    }
    let start = item_tail_start(window)?;
    let label = window[start + 1..].trim_start();
    let label = &label[..label
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(label.len())];
    if matches!(label, "p" | "P" | "ps" | "Ps" | "t" | "z" | "Z" | "F") {
        return None;
    }
    Some(&window[..start + 1])
}

fn window_before(s: &str, p_start: usize, lookback: usize) -> (usize, &str) {
    let mut from = p_start.saturating_sub(lookback);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    (from, &s[from..p_start])
}

fn parse_statistic(
    re: &Regex,
    window: &str,
    from: usize,
    glyph: Option<fn(&str) -> Option<Comparator>>,
) -> Option<Statistic> {
    let c = re.captures(window)?;
    let m = c.name("stat")?;
    let raw_val = c.name("sval")?.as_str();
    let mut value = parse_decimal(&raw_val.replace(',', ""))?;
    if c.name("sign").is_some() {
        value = -value;
    }
    let dec = decimals(raw_val);
    // After a math font's `5` for `=`, a leading `2` may be its minus.
    let minus_as_two = (c.name("scmp_math").is_some() && c.name("sign").is_none())
        .then(|| raw_val.strip_prefix('2'))
        .flatten()
        .and_then(|rest| parse_decimal(&rest.replace(',', "")).map(|v| (rest, -v)));
    let scmp = c
        .name("scmp")
        .or_else(|| c.name("scmp_math"))
        .map_or("", |m| m.as_str());
    let comparator = match (Comparator::parse(scmp), glyph) {
        (Some(k), _) => k,
        // A damaged or dropped glyph: `=` unless it says otherwise.
        (None, Some(g)) => g(scmp).unwrap_or(Comparator::Eq),
        (None, None) => return None,
    };
    let (kind, df1, df2) = kind_and_dfs(&c)?;
    // t and z keep a leading zero (`20.31` is −0.31); r has none, and `2.31`
    // can only be −.31.
    let minus_as_two = match (kind, minus_as_two) {
        (StatKind::T | StatKind::Z, Some((rest, v)))
            if rest.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            Some(v)
        }
        (StatKind::R, Some((rest, v))) if rest.starts_with('.') && value > 1.0 => {
            value = v;
            None
        }
        _ => None,
    };
    // Values no such statistic can take are misreadings, not results.
    let impossible = match kind {
        StatKind::R => value.abs() > 1.0,
        StatKind::F | StatKind::Chi2 | StatKind::Q | StatKind::Qw | StatKind::Qb => value < 0.0,
        _ => false,
    };
    if impossible || [df1, df2].iter().flatten().any(|d| *d <= 0.0) {
        return None;
    }
    // A t without df is usually a time point ("at t = 2, p < …").
    if kind == StatKind::T && df2.is_none() {
        return None;
    }
    Some(Statistic {
        kind,
        df1,
        df2,
        comparator,
        value,
        decimals: dec,
        start: from + m.start(),
        end: from + m.end(),
        minus_as_two,
    })
}

/// Which statistic the match is and its degrees of freedom (none for a z
/// that states a df, which is no z-test).
fn kind_and_dfs(c: &Captures) -> Option<(StatKind, Option<f64>, Option<f64>)> {
    // `I` and `l` are a PDF's `1`.
    let num = |name: &str| -> Option<f64> {
        c.name(name).and_then(|m| match m.as_str() {
            "I" | "l" => Some(1.0),
            s => parse_decimal(s),
        })
    };
    let (ddf1, ddf2) = (num("ddf1"), num("ddf2"));
    Some(if c.name("t").is_some() {
        (StatKind::T, None, num("tdf"))
    } else if c.name("r").is_some() {
        (StatKind::R, None, num("rdf"))
    } else if c.name("rbare").is_some() {
        (StatKind::R, None, ddf1.filter(|_| ddf2.is_none()))
    } else if c.name("q").is_some() {
        let kind = match c
            .name("qsub")
            .map(|m| m.as_str().trim_start_matches([' ', '-']))
        {
            // Q_E, the residual (error) heterogeneity, is a within-groups Q.
            Some(w) if w.starts_with(['w', 'W', 'e', 'E', 'r', 'R']) => StatKind::Qw,
            Some(b) if b.starts_with(['b', 'B']) => StatKind::Qb,
            _ => StatKind::Q,
        };
        (kind, num("qdf").or(ddf1.filter(|_| ddf2.is_none())), None)
    } else if c.name("f").is_some() {
        // "F2,22 = 4.637": the subscript dfs of F₂,₂₂ flattened by conversion.
        match (num("fdf1").or(num("fsub1")), num("fdf2").or(num("fsub2"))) {
            (Some(a), Some(b)) => (StatKind::F, Some(a), Some(b)),
            _ => (StatKind::F, ddf1.filter(|_| ddf2.is_some()), ddf2),
        }
    } else if c.name("chi").is_some() || c.name("bdf").is_some() {
        (
            StatKind::Chi2,
            num("cdf")
                .or(num("bdf"))
                .or(ddf1.filter(|_| ddf2.is_none())),
            None,
        )
    } else {
        // z has no degrees of freedom; "z = 2.1, df = 3" is not a z-test.
        if ddf1.is_some() {
            return None;
        }
        (StatKind::Z, None, None)
    })
}

// "one-tailed", "one sided", "directional": statcheck's cue that a test may
// have been one-tailed.
static ONE_TAILED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        r"(?i)(?-u:\b)one[- ]?(?:tailed|sided)(?-u:\b)|(?-u:\b)directional(?-u:\b)",
    )
    .expect("one-tailed regex")
});

/// Whether a stretch of text says a test was one-tailed.
pub fn mentions_one_tailed(s: &str) -> bool {
    ONE_TAILED.is_match(s)
}
