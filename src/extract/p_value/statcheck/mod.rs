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
//!
//! `parse` holds the patterns and the parsing of a statistic (`page_break`
//! reads one split by a page's running header); here are the
//! statistic, the recomputation and the check.

mod page_break;
mod parse;
#[cfg(test)]
mod statcheck_tests;

pub use parse::{
    mentions_one_tailed, statistic_before, statistic_before_damaged, statistic_list_before,
    StatisticList,
};

use crate::record::Comparator;
use statrs::function::{beta::beta_reg, erf::erfc, gamma::gamma_ur};

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
