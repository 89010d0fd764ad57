//! Test statistics next to p-values, and the statcheck consistency check.
//!
//! statcheck (Nuijten & Epskamp) extracts APA-style results such as
//! `t(28) = 2.20, p = .03`, recomputes p from the statistic and its degrees
//! of freedom and flags a reported p that no rounding of the statistic can
//! explain. This module does the same for the p-value extractor: it parses
//! the statistic written right before a p-value ([`statistic_before`]),
//! recomputes p ([`compute_p`]) and checks it ([`check`]) with statcheck's
//! conventions:
//!
//! * tests are two-tailed (t, z and r); F, χ² and Q are upper-tail;
//! * the statistic may have been rounded: the correct p range is computed
//!   from the statistic ± half a unit of its last reported decimal, and an
//!   exact p is compared after rounding the range to the p's own decimals
//!   (`t(28) = 2.2, p = .04` is consistent);
//! * `p < x` is consistent when the smallest possible p is below x, `p > x`
//!   when the largest is above x; `p = .000` or any p ≤ 0 is an error;
//! * a decision error is an inconsistency that crosses alpha (.05), with
//!   `p = .05` counted as significant.
//!
//! The parsing runs on `doc.fold` (every minus is `-`), and is stricter than
//! a p-value match: a statistic is only linked when nothing but a comma or a
//! semicolon (and optionally `df = …`) separates it from the `p`.

use super::numbers::{decimals, parse_decimal};
use crate::record::Comparator;
use regex::Regex;
use statrs::function::{beta::beta_reg, erf::erfc, gamma::gamma_ur};
use std::sync::LazyLock;

/// The test families statcheck knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatKind {
    T,
    F,
    R,
    Z,
    Chi2,
    /// Cochran's Q (meta-analysis heterogeneity), and its within/between
    /// variants, all χ²-distributed.
    Q,
    Qw,
    Qb,
}

impl StatKind {
    /// The name the record shows (`TestStatistic.name`).
    pub fn name(self) -> &'static str {
        match self {
            StatKind::T => "t",
            StatKind::F => "F",
            StatKind::R => "r",
            StatKind::Z => "z",
            StatKind::Chi2 => "chi2",
            StatKind::Q | StatKind::Qw | StatKind::Qb => "Q",
        }
    }
}

/// A test statistic as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Statistic {
    pub kind: StatKind,
    /// Numerator df of F; the df of χ² and Q.
    pub df1: Option<f64>,
    /// The df of t and r; denominator df of F.
    pub df2: Option<f64>,
    /// `=`, `<` or `>` (statcheck's test comparison).
    pub comparator: Comparator,
    pub value: f64,
    /// Decimals the value was printed with (`2.20` → 2).
    pub decimals: usize,
    /// Byte span of the statistic in the searched string.
    pub start: usize,
    pub end: usize,
    /// The value read with its leading `2` as a minus: a math font prints
    /// `−` as `2` (`t(45) 5 22.31` is t = −2.31 or 22.31; the reported p
    /// decides, see [`Statistic::reading_for`]).
    pub minus_as_two: Option<f64>,
}

impl Statistic {
    /// The degrees of freedom in reading order (`F(2, 45)` → `[2, 45]`).
    pub fn df(&self) -> Vec<f64> {
        self.df1.into_iter().chain(self.df2).collect()
    }

    /// The reading of a statistic whose leading `2` may be a math font's
    /// minus that fits the reported p: the minus reading when it is
    /// consistent (a negative t is far more common than a t above 20),
    /// else the printed one.
    pub fn reading_for(
        self,
        p_cmp: Comparator,
        p: f64,
        p_decimals: usize,
        opts: &CheckOptions,
    ) -> Statistic {
        let Some(alt) = self.minus_as_two else {
            return self;
        };
        let minus = Statistic {
            value: alt,
            minus_as_two: None,
            ..self.clone()
        };
        match check(&minus, p_cmp, p, p_decimals, opts, false) {
            Some(v) if !v.inconsistent => minus,
            _ => Statistic {
                minus_as_two: None,
                ..self
            },
        }
    }

    /// Whether a p can be recomputed (t, r, F, χ² and Q need their df).
    pub fn computable(&self) -> bool {
        match self.kind {
            StatKind::Z => true,
            StatKind::T | StatKind::R => self.df2.is_some(),
            StatKind::F => self.df1.is_some() && self.df2.is_some(),
            StatKind::Chi2 | StatKind::Q | StatKind::Qw | StatKind::Qb => self.df1.is_some(),
        }
    }
}

/// statcheck's options, with its defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckOptions {
    pub alpha: f64,
    /// `p = alpha` counts as significant.
    pub p_equal_alpha_sig: bool,
    /// A reported p ≤ 0 (`p = .000`) is an error.
    pub p_zero_error: bool,
    /// Compute t, z and r two-tailed (statcheck's `OneTailedTests = FALSE`).
    pub two_tailed: bool,
    /// Accept a one-tailed reading when the text says one-tailed/one-sided
    /// and only that reading is consistent (statcheck's `OneTailedTxt`).
    pub one_tailed_txt: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            alpha: 0.05,
            p_equal_alpha_sig: true,
            p_zero_error: true,
            two_tailed: true,
            one_tailed_txt: false,
        }
    }
}

/// The outcome of checking one reported p against its statistic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub computed_p: f64,
    /// The range of p that some rounding of the statistic gives.
    pub lower: f64,
    pub upper: f64,
    pub inconsistent: bool,
    pub decision_error: bool,
}

/// The p-value of a statistic (upper tail for F, χ² and Q; two-tailed for
/// t, z and r unless `two_tailed` is false). None when undefined.
pub fn compute_p(
    kind: StatKind,
    value: f64,
    df1: Option<f64>,
    df2: Option<f64>,
    two_tailed: bool,
) -> Option<f64> {
    if !value.is_finite() {
        return None;
    }
    let tails = if two_tailed { 1.0 } else { 0.5 };
    let p = match kind {
        StatKind::T => {
            let df = df2.filter(|d| *d > 0.0)?;
            beta_reg(df / 2.0, 0.5, df / (df + value * value)) * tails
        }
        StatKind::R => {
            let df = df2.filter(|d| *d > 0.0)?;
            if value.abs() > 1.0 {
                return None;
            }
            if value.abs() == 1.0 {
                return Some(0.0);
            }
            let t = value / ((1.0 - value * value) / df).sqrt();
            beta_reg(df / 2.0, 0.5, df / (df + t * t)) * tails
        }
        StatKind::Z => erfc(value.abs() / std::f64::consts::SQRT_2) * tails,
        StatKind::F => {
            let (d1, d2) = (df1.filter(|d| *d > 0.0)?, df2.filter(|d| *d > 0.0)?);
            if value < 0.0 {
                return None;
            }
            beta_reg(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * value))
        }
        StatKind::Chi2 | StatKind::Q | StatKind::Qw | StatKind::Qb => {
            let k = df1.filter(|d| *d > 0.0)?;
            if value < 0.0 {
                return None;
            }
            if value == 0.0 {
                1.0
            } else {
                gamma_ur(k / 2.0, value / 2.0)
            }
        }
    };
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

fn round_to(x: f64, dec: usize) -> f64 {
    let f = 10f64.powi(dec.min(15) as i32);
    (x * f).round() / f
}

/// `<=` and `>=` are checked as `<` and `>`: statcheck knows only three
/// comparators, and the boundary case cannot change a verdict in practice.
fn strict(c: Comparator) -> Comparator {
    match c {
        Comparator::Le => Comparator::Lt,
        Comparator::Ge => Comparator::Gt,
        c => c,
    }
}

/// Checks a reported p (`p_cmp`, `p`, printed with `p_decimals` decimals)
/// against a statistic. `one_tailed_in_text`: the text around says the test
/// was one-tailed (only used with `opts.one_tailed_txt`).
pub fn check(
    stat: &Statistic,
    p_cmp: Comparator,
    p: f64,
    p_decimals: usize,
    opts: &CheckOptions,
    one_tailed_in_text: bool,
) -> Option<Verdict> {
    let v = check_tails(stat, p_cmp, p, p_decimals, opts, opts.two_tailed)?;
    if v.inconsistent && opts.one_tailed_txt && opts.two_tailed && one_tailed_in_text {
        if let Some(one) = check_tails(stat, p_cmp, p, p_decimals, opts, false) {
            if !one.inconsistent {
                return Some(one);
            }
        }
    }
    Some(v)
}

fn check_tails(
    stat: &Statistic,
    p_cmp: Comparator,
    p: f64,
    p_dec: usize,
    opts: &CheckOptions,
    two_tailed: bool,
) -> Option<Verdict> {
    let (k, d1, d2) = (stat.kind, stat.df1, stat.df2);
    let computed = compute_p(k, stat.value, d1, d2, two_tailed)?;
    // The statistic's true value lies within half a unit of its last
    // printed decimal; the smaller magnitude gives the larger p.
    let half = 0.5 / 10f64.powi(stat.decimals.min(15) as i32);
    let mag = stat.value.abs();
    let sign = if stat.value < 0.0 { -1.0 } else { 1.0 };
    let near = sign * (mag - half).max(0.0);
    let far = sign * (mag + half);
    let clamp_r = |x: f64| {
        if k == StatKind::R {
            x.clamp(-1.0, 1.0)
        } else {
            x
        }
    };
    let upper = compute_p(k, clamp_r(near), d1, d2, two_tailed)?;
    let lower = compute_p(k, clamp_r(far), d1, d2, two_tailed)?;

    let p_cmp = strict(p_cmp);
    let t_cmp = strict(stat.comparator);
    let inconsistent = if opts.p_zero_error && p <= 0.0 {
        true
    } else {
        use Comparator::*;
        match (t_cmp, p_cmp) {
            (Eq, Eq) => p > round_to(upper, p_dec) || p < round_to(lower, p_dec),
            (Eq, Lt) => p < lower,
            (Eq, Gt) => p > upper,
            (Lt, Eq) => p < round_to(upper, p_dec),
            (Lt, Lt) => p < upper,
            (Gt, Eq) => p > round_to(lower, p_dec),
            (Gt, Gt) => p > lower,
            (Lt, Gt) | (Gt, Lt) => false,
            _ => return None,
        }
    };
    let decision_error = inconsistent && crosses_alpha(t_cmp, p_cmp, p, computed, opts);
    Some(Verdict {
        computed_p: computed,
        lower,
        upper,
        inconsistent,
        decision_error,
    })
}

/// Whether the reported and the computed p fall on different sides of alpha.
fn crosses_alpha(t_cmp: Comparator, p_cmp: Comparator, p: f64, c: f64, o: &CheckOptions) -> bool {
    use Comparator::*;
    let a = o.alpha;
    if o.p_equal_alpha_sig {
        match (t_cmp, p_cmp) {
            (Eq, Eq) => (p <= a && c > a) || (p > a && c <= a),
            (Eq, Lt) => p <= a && c > a,
            (Eq, Gt) => p >= a && c <= a,
            (Lt, Eq) | (Lt, Lt) => p <= a && c >= a,
            (Gt, Eq) => p > a && c <= a,
            (Gt, Gt) => p >= a && c <= a,
            _ => false,
        }
    } else {
        match (t_cmp, p_cmp) {
            (Eq, Eq) => (p < a && c >= a) || (p >= a && c < a),
            (Eq, Lt) => p <= a && c >= a,
            (Eq, Gt) => p >= a && c < a,
            (Lt, Eq) => p < a && c >= a,
            (Lt, Lt) => p <= a && c >= a,
            (Gt, Eq) | (Gt, Gt) => p >= a && c <= a,
            _ => false,
        }
    }
}

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
// `À` (Elsevier) or `Ϫ`/U+2AFA (APA).
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
          (?P<sign>(?:[^\p{L}\p{N}.\s,;()<>=]|[ÀϪ]){1,3}\s?)?
          (?P<sval>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)
        )
        (?:\s?[,;]\s?(?:df|d\.f\.)\s?=\s?(?P<ddf1>\d*\.?\d+)(?:\s?[,/]\s?(?P<ddf2>\d*\.?\d+))?)?
        \s?[,;]\s?$";

/// Comparator glyphs of damaged fonts a statistic may show in place of
/// `<`, `=`, `>` (see `p_value::glyph`).
const DAMAGED_CMP: &str = r"<|>|=|[bNp!¼⫽⬍≤≥\x{FFFD}\p{Co}]|<[0-9a-fA-F]{2}>|\(cid:\d{1,5}\)";

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

static STAT_BEFORE_DAMAGED: LazyLock<Regex> = LazyLock::new(|| {
    crate::extract::rx::new(
        &STAT_PATTERN
            // A font may also drop the glyph: `t(28) 2.20,`; a math font
            // prints `=` as `5` and `<` as `,`, always between spaces
            // (`t(94) 5 3.61,`, `F(1, 92) , 1,`).
            .replace(
                "{cmp}",
                &format!(
                    r"(?:\s{{0,2}}(?P<scmp>{DAMAGED_CMP})\s{{0,2}}|\x20(?P<scmp_math>[5,])\x20|\s{{1,2}})"
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
static ITEM_TAIL: LazyLock<Regex> =
    LazyLock::new(|| crate::extract::rx::new(&item_tail()).expect("effect size regex"));

fn item_tail() -> String {
    format!(
        r"[,;]\s?(?:\d{{2}}\s?%\s?)?[\p{{L}}][\p{{L}}'\x{{2032}} ]{{0,14}}?(?:[0-9²][A-Za-z]?)?\s?(?:{DAMAGED_CMP}|5\x20)?\s?(?:(?:[^\p{{L}}\p{{N}}.\s,;()<>=\[]|[ÀϪ]){{0,2}}\s?\d*\.?\d+|\[[^\[\]]{{1,40}}\])\s?[,;]\s?$"
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
fn item_tail_start(window: &str) -> Option<usize> {
    memchr::memchr2_iter(b',', b';', window.as_bytes())
        .find(|&i| ITEM_TAIL_AT.is_match(&window[i..]))
}

/// How far back a statistic may start before its p-value, in bytes.
const LOOKBACK: usize = 120;

/// The statistic immediately before `p_start` in `s`, if any. `p_start` is
/// the byte offset of the `p` of a p-value. Returned spans index `s`.
pub fn statistic_before(s: &str, p_start: usize) -> Option<Statistic> {
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
    let num = |name: &str| -> Option<f64> {
        c.name(name).and_then(|m| match m.as_str() {
            "I" | "l" => Some(1.0),
            s => parse_decimal(s),
        })
    };
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
    let (ddf1, ddf2) = (num("ddf1"), num("ddf2"));
    let (kind, df1, df2) = if c.name("t").is_some() {
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
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The anchored tries at each separator find the match the unanchored
    /// search finds.
    #[test]
    fn item_tails_tried_at_separators_are_the_leftmost_matches() {
        for w in [
            "F(2, 70) = 4.48, MSE = 6.61, ",
            "t(28) = 2.20, d = 0.81, 95% CI [0.1, 0.9], ",
            "F1, 192 = 9.80, b = .21, t = 2.93, ",
            "t(113) = 3.52, p < .001, ",
            "χ2(1, N = 240) = 6.3, ηp2 = .09; ",
            "r = .38,",
            "a, b, c, d,",
            "F(1, 40) = 4.10, MSE = 0.23, ηp2 = .09,\n",
            "nothing here",
            ", 12 % Cohen d = .5, ",
        ] {
            assert_eq!(
                item_tail_start(w),
                ITEM_TAIL.find(w).map(|m| m.start()),
                "{w:?}"
            );
        }
    }

    fn stat(s: &str) -> Option<Statistic> {
        let with_p = format!("{s}p = .03");
        statistic_before(&with_p, s.len())
    }

    #[test]
    fn parses_apa_statistics() {
        let t = stat("t(28) = 2.20, ").unwrap();
        assert_eq!(
            (t.kind, t.df2, t.value, t.decimals),
            (StatKind::T, Some(28.0), 2.2, 2)
        );
        let f = stat("F(2, 45) = 3.10, ").unwrap();
        assert_eq!((f.kind, f.df1, f.df2), (StatKind::F, Some(2.0), Some(45.0)));
        let f = stat("(F2,22 = 4.637, ").unwrap();
        assert_eq!((f.df1, f.df2), (Some(2.0), Some(22.0)));
        let f = stat("F(l, 76) = 23.95, ").unwrap();
        assert_eq!(f.df1, Some(1.0));
        let c = stat("χ2(1, N = 11,455) = 16.78, ").unwrap();
        assert_eq!((c.kind, c.df1, c.value), (StatKind::Chi2, Some(1.0), 16.78));
        let c = stat("χ2 = 4.5, df = 1, ").unwrap();
        assert_eq!((c.kind, c.df1), (StatKind::Chi2, Some(1.0)));
        let z = stat("was significant, Z = -2.42, ").unwrap();
        assert_eq!((z.kind, z.value), (StatKind::Z, -2.42));
        let q = stat("Q-between(2) = 2.20, ").unwrap();
        assert_eq!(q.kind, StatKind::Qb);
        assert_eq!(stat("t(28) = 2,000.20, ").unwrap().value, 2000.2);
        assert_eq!(stat("t(28) = %^&2.20, ").unwrap().value, -2.2);
    }

    #[test]
    fn items_brackets_and_quote_glyphs_before_the_p() {
        let f = stat("F(2, 70) = 4.48,\nMSE = 6.61, ").unwrap();
        assert_eq!((f.kind, f.value), (StatKind::F, 4.48));
        let q = stat("QBetween(3) = 7.03 (").unwrap();
        assert_eq!((q.kind, q.df1), (StatKind::Qb, Some(3.0)));
        let f = stat("(BF(2, 56) = 12.03, ").unwrap();
        assert_eq!((f.df1, f.df2, f.value), (Some(2.0), Some(56.0), 12.03));
        assert_eq!(f.start, 2, "the quote glyph is not part of the statistic");
        let c = stat("B2(1, N = 226) = 6.90, ").unwrap();
        assert_eq!((c.kind, c.df1), (StatKind::Chi2, Some(1.0)));
        assert!(stat("vitamin B2(12) = 3.20, ").is_none());
        assert!(stat("ABF(2, 56) = 12.03, ").is_none());
        // Never across another p.
        assert!(stat("t(113) = 3.52, p < .001, ").is_none());
        assert!(stat("F(1, 192) = 9.80, b = .209, t = 2.93, ").is_none());
        let t = stat("t(28) = 2.20, d = 0.81, ").unwrap();
        assert_eq!((t.kind, t.value), (StatKind::T, 2.2));
    }

    #[test]
    fn a_bare_r_after_a_test_is_its_effect_size() {
        let t = stat("t(28) = 2.20, r = .38, ").unwrap();
        assert_eq!((t.kind, t.value), (StatKind::T, 2.2));
        let f = stat("F(1, 40) = 6.12, MSE = 0.2, r = .36, ").unwrap();
        assert_eq!((f.kind, f.value), (StatKind::F, 6.12));
        let with_p = "t(28) b 2.20, r b .38, p b .05";
        let t = statistic_before_damaged(with_p, 22, |_| None).unwrap();
        assert_eq!(t.kind, StatKind::T);
        // A correlation of its own stays one, with or without df.
        let r = stat("the two scores correlated, r = .38, ").unwrap();
        assert_eq!((r.kind, r.df2), (StatKind::R, None));
        let r = stat("r = .38, df = 40, ").unwrap();
        assert_eq!((r.kind, r.df2), (StatKind::R, Some(40.0)));
        // Never past another p to find a test.
        let r = stat("t(28) = 2.20, p = .03; r = .38, ").unwrap();
        assert_eq!(r.kind, StatKind::R);
    }

    #[test]
    fn a_math_font_minus_is_read_when_the_p_fits() {
        let o = CheckOptions::default();
        let math = |s: &str| {
            let with_p = format!("{s}p 5 .03");
            statistic_before_damaged(&with_p, s.len(), |_| None).unwrap()
        };
        let t = math("t(45) 5 22.31, ");
        assert_eq!((t.value, t.minus_as_two), (22.31, Some(-2.31)));
        let fit = |st: &Statistic, cmp, p| st.clone().reading_for(cmp, p, 3, &o).value;
        assert_eq!(fit(&t, Comparator::Eq, 0.026), -2.31);
        assert_eq!(fit(&t, Comparator::Lt, 0.001), 22.31);
        assert_eq!(math("t(45) 5 2.31, ").minus_as_two, None);
        assert_eq!(math("t(45) 5 20.31, ").minus_as_two, Some(-0.31));
        assert_eq!(math("r(58) 5 2.29, ").value, -0.29);
        assert_eq!(math("F(1, 45) 5 22.31, ").minus_as_two, None);
        // A minus printed as such is never doubted.
        assert_eq!(stat("t(45) = 22.31, ").unwrap().minus_as_two, None);
    }

    #[test]
    fn rejects_non_statistics() {
        assert!(stat("T(28) = 2.20, ").is_none());
        assert!(stat("t[28] = 2.20, ").is_none());
        assert!(stat("t(2,28) = 2.20, ").is_none());
        assert!(stat("z(28) = 2.20, ").is_none());
        assert!(stat("q(2) = 2.2, ").is_none());
        assert!(stat("Qs(2) = 2.2, ").is_none());
        assert!(stat("Qb(2, N = 187) = 2.20, ").is_none());
        assert!(stat("r(16) = 26.05, ").is_none());
        assert!(stat("at t = 2, ").is_none());
        assert!(stat("t(28) = 2.20 and ").is_none());
    }

    #[test]
    fn damaged_statistics_need_the_lenient_parser() {
        let damaged = |s: &str| {
            let with_p = format!("{s}p b .05");
            statistic_before_damaged(&with_p, s.len(), |g| match g {
                "b" => Some(Comparator::Lt),
                "¼" => Some(Comparator::Eq),
                _ => None,
            })
        };
        assert!(stat("t(28) ¼ 2.20, ").is_none());
        let t = damaged("t(28) ¼ 2.20, ").unwrap();
        assert_eq!(
            (t.kind, t.comparator, t.value),
            (StatKind::T, Comparator::Eq, 2.2)
        );
        let t = damaged("t(28) b 1.20, ").unwrap();
        assert_eq!(t.comparator, Comparator::Lt);
        let c = damaged("v2(1, N ¼ 240) ¼ 6.3, ").unwrap();
        assert_eq!((c.kind, c.df1), (StatKind::Chi2, Some(1.0)));
        let r = damaged("r(60) ¼ À.11, ").unwrap();
        assert_eq!(r.value, -0.11);
        let f = damaged("F(1, 76) ¼ 6.45, MSE ¼ 2.31, ηp2 ¼ .08, ").unwrap();
        assert_eq!((f.kind, f.df2, f.value), (StatKind::F, Some(76.0), 6.45));
        let t = damaged("t(38) = 1.21, d = 0.39, 95% CI [-0.25, 1.02], ").unwrap();
        assert_eq!(t.value, 1.21);
        let t = damaged("t(28) ¼ 2.20 (").unwrap();
        assert_eq!(t.value, 2.2);
        // No statistic: a time point, a mean.
        assert!(damaged("at t = 2 h after dosing, ").is_none());
        assert!(damaged("the mean was 3.1, SD = 0.8, ").is_none());
    }

    #[test]
    fn computes_p_like_r() {
        // Reference values computed independently with mpmath (30 digits):
        // 2*pt(-2.2, 28), pf(2.2, 2, 28), pchisq(22.2, 28), 2*pnorm(-2.2).
        let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-6;
        assert!(close(
            compute_p(StatKind::T, 2.2, None, Some(28.0), true),
            0.0362255
        ));
        assert!(close(
            compute_p(StatKind::F, 2.2, Some(2.0), Some(28.0), true),
            0.1295932
        ));
        assert!(close(
            compute_p(StatKind::Chi2, 22.2, Some(28.0), None, true),
            0.7719487
        ));
        assert!(close(
            compute_p(StatKind::Z, 2.2, None, None, true),
            0.0278069
        ));
    }

    #[test]
    fn rounding_of_the_statistic_is_allowed() {
        let o = CheckOptions::default();
        let t = stat("t(28) = 2.2, ").unwrap();
        let ok = |cmp, p, d| !check(&t, cmp, p, d, &o, false).unwrap().inconsistent;
        assert!(ok(Comparator::Eq, 0.04, 2));
        assert!(ok(Comparator::Eq, 0.03, 2));
        assert!(!ok(Comparator::Eq, 0.02, 2));
        assert!(ok(Comparator::Lt, 0.05, 2));
        assert!(!ok(Comparator::Gt, 0.05, 2));
    }
}
