//! statcheck's own unit tests (`../shared/corpora/cases/statcheck-unit-cases.jsonl`,
//! extracted from michelenuijten/statcheck `tests/testthat`) as data: each
//! case brings its input strings and its `expect_*` lines, and a small
//! interpreter here runs every line it can express against litextract's
//! p-value extractor and consistency check.
//!
//! A line is *run* (and must pass unless listed in [`DEVIATIONS`] with the
//! reason we decided differently), or *not runnable*: its inputs are missing
//! from the data file (statcheck builds some in R code the extraction did not
//! keep), the line is cut off, or it asks about something statcheck-specific
//! (its `raw` column, `trim()` output, files on disk). The test prints the
//! counts. Skipped with a message where `../shared` is absent.

use crate::common;

use litextract::extract::numbers::decimals;
use litextract::extract::p_value::PValueExtractor;
use litextract::extract::statcheck::{self, CheckOptions, StatKind};
use litextract::extract::Extractor;
use litextract::normalize::Document;
use litextract::record::Value;
use regex::Regex;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fs;

/// Expect lines where litextract deliberately differs from statcheck:
/// (case test name, a fragment of the line, why).
const DEVIATIONS: &[(&str, &str, &str)] = &[
    (
        "results reported as ns are correctly parsed",
        "",
        "`ns` without a number is not a p-value for litextract (issue 5: \
         `n.s.` without a number is a trap); a reviewer needs a number",
    ),
    (
        "variations in the p-value are retrieved from text",
        "nrow",
        "`t(28) = 2.20, ns` is not reported (no number), so 4 of statcheck's 5 rows",
    ),
    (
        "inexactly reported p-values are correctly classified",
        "statcheck(txt1,",
        "`t(28) = 2.20, ns`: no number, so no p-value to check",
    ),
    (
        "incorrect punctuation in t-tests are not retrieved from text",
        "",
        "clinical papers separate a statistic from its p with a semicolon as often \
         as with a comma (`(t = 2.1; P = 0.04)`), so `t(28) = 2.20; p = .03` is linked",
    ),
    (
        "t-values with a weird minus sign and a space do not result in errors",
        "",
        "normalization folds `−` to `-`, so `t(553) = − 4.46, p < .0001` is an \
         ordinary negative t and is linked (it is consistent)",
    ),
    (
        "t-values with multiple comparison signs are not retrieved",
        "",
        "`p >= .03` is a p-value (≥ is one of the contract's comparators); it is \
         linked to its t and checked as `>`",
    ),
];

/// p-values computed independently (mpmath, 25 digits) for the cases whose
/// R code computes its own reference (`computed <- 2 * pt(-2.2, 28)` …).
const REFERENCE_P: &[(&str, f64)] = &[
    ("t(28) = 2.20, p = .03", 0.0362254847788378),
    ("F(2, 28) = 2.20, p = .15", 0.129593224474093),
    ("r(28) = .22, p = .26", 0.242738987912712),
    (" z = 2.20, p = .04", 0.0278068950269972),
    ("chi2(28) = 22.20, p = .79", 0.771948704032936),
    ("Q(28) = 22.20, p = .79", 0.771948704032936),
];

#[derive(Debug, Clone, PartialEq)]
enum R {
    Num(f64),
    Str(String),
    Bool(bool),
    Na,
}

fn r_eq(a: &R, b: &R) -> bool {
    match (a, b) {
        (R::Num(x), R::Num(y)) => (x - y).abs() <= 1e-7 * y.abs().max(1e-300) + 1e-12,
        _ => a == b,
    }
}

/// Parses an R literal: `2`, `.5`, `"F"`, `TRUE`, `c(2.1, 1)`,
/// `rep(0.05, 3)`, `c(rep("Qw", 3), rep("Qb", 3))`, `as.character(1:6)`.
fn parse_r(e: &str) -> Option<Vec<R>> {
    let e = e.trim();
    for w in ["as.character(", "as.vector(", "as.numeric("] {
        if let Some(inner) = e.strip_prefix(w).and_then(|s| s.strip_suffix(')')) {
            let v = parse_r(inner)?;
            return Some(if w == "as.character(" {
                v.into_iter()
                    .map(|x| match x {
                        R::Num(n) => R::Str(format!("{n}")),
                        x => x,
                    })
                    .collect()
            } else {
                v
            });
        }
    }
    if let Some(inner) = e.strip_prefix("c(").and_then(|s| s.strip_suffix(')')) {
        let mut out = Vec::new();
        for part in split_top(inner) {
            out.extend(parse_r(&part)?);
        }
        return Some(out);
    }
    if let Some(inner) = e.strip_prefix("rep(").and_then(|s| s.strip_suffix(')')) {
        let parts = split_top(inner);
        let x = parse_r(parts.first()?)?;
        let n: usize = parts.get(1)?.trim().parse().ok()?;
        return Some(x.iter().cycle().take(x.len() * n).cloned().collect());
    }
    if let Some((a, b)) = e.split_once(':') {
        let (a, b): (i64, i64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        return Some((a..=b).map(|i| R::Num(i as f64)).collect());
    }
    if let Some(s) = e.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return Some(vec![R::Str(s.to_string())]);
    }
    match e {
        "TRUE" => return Some(vec![R::Bool(true)]),
        "FALSE" => return Some(vec![R::Bool(false)]),
        _ => {}
    }
    let n = if e.starts_with('.') {
        format!("0{e}")
    } else {
        e.to_string()
    };
    n.parse().ok().map(|v| vec![R::Num(v)])
}

fn split_top(s: &str) -> Vec<String> {
    let (mut depth, mut cur, mut out, mut quoted) = (0, String::new(), Vec::new(), false);
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if depth == 0 && !quoted => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// One statcheck output row: a p-value (with its statistic, unless the
/// run lists all p-values).
#[derive(Debug, Clone)]
struct Row {
    source: usize,
    kind: Option<StatKind>,
    df1: Option<f64>,
    df2: Option<f64>,
    test_cmp: Option<String>,
    test_value: Option<f64>,
    p_cmp: String,
    p: f64,
    computed: Option<f64>,
    error: Option<bool>,
    dec_error: Option<bool>,
}

fn type_name(k: StatKind) -> &'static str {
    match k {
        StatKind::T => "t",
        StatKind::F => "F",
        StatKind::R => "r",
        StatKind::Z => "Z",
        StatKind::Chi2 => "Chi2",
        StatKind::Q => "Q",
        StatKind::Qw => "Qw",
        StatKind::Qb => "Qb",
    }
}

/// statcheck over one source text: rows for p-values with a statistic, or
/// for every p-value (`AllPValues = TRUE`).
fn run(text: &str, source: usize, opts: &CheckOptions, all_p: bool) -> Vec<Row> {
    let doc = Document::from_text(text);
    let mut findings = Vec::new();
    PValueExtractor.extract(&doc, &mut findings);
    findings.sort_by_key(|f| f.start);
    let one_tailed = statcheck::mentions_one_tailed(&doc.fold);
    let mut rows = Vec::new();
    for f in findings {
        let Value::PValue(p) = &f.value else { continue };
        let at = doc.fold_byte_of_char(f.start);
        let num_at = f
            .text
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(0);
        let p_dec = decimals(&f.text[num_at..]);
        let stat = if p.flags.iter().any(|x| x == "impossible") {
            None
        } else {
            statcheck::statistic_before(&doc.fold, at).filter(|s| s.computable())
        };
        let verdict = stat
            .as_ref()
            .and_then(|s| statcheck::check(s, p.comparator, p.value, p_dec, opts, one_tailed));
        if stat.is_none() && !all_p {
            continue;
        }
        rows.push(Row {
            source,
            kind: stat.as_ref().map(|s| s.kind),
            df1: stat.as_ref().and_then(|s| s.df1),
            df2: stat.as_ref().and_then(|s| s.df2),
            test_cmp: stat.as_ref().map(|s| s.comparator.as_str().to_string()),
            test_value: stat.as_ref().map(|s| s.value),
            p_cmp: p.comparator.as_str().to_string(),
            p: p.value,
            computed: verdict.map(|v| v.computed_p),
            error: verdict.map(|v| v.inconsistent),
            dec_error: verdict.map(|v| v.decision_error),
        });
    }
    rows
}

fn column(rows: &[Row], var: &str) -> Option<Vec<R>> {
    const KNOWN: &[&str] = &[
        "VAR_TYPE",
        "VAR_DF1",
        "VAR_DF2",
        "VAR_TEST_COMPARISON",
        "VAR_TEST_VALUE",
        "VAR_P_COMPARISON",
        "VAR_REPORTED_P",
        "VAR_COMPUTED_P",
        "VAR_ERROR",
        "VAR_DEC_ERROR",
        "VAR_SOURCE",
    ];
    if !KNOWN.contains(&var) {
        return None;
    }
    let num = |x: Option<f64>| x.map_or(R::Na, R::Num);
    Some(
        rows.iter()
            .map(|r| match var {
                "VAR_TYPE" => r.kind.map_or(R::Na, |k| R::Str(type_name(k).into())),
                "VAR_DF1" => num(r.df1),
                "VAR_DF2" => num(r.df2),
                "VAR_TEST_COMPARISON" => r.test_cmp.clone().map_or(R::Na, R::Str),
                "VAR_TEST_VALUE" => num(r.test_value),
                "VAR_P_COMPARISON" => R::Str(r.p_cmp.clone()),
                "VAR_REPORTED_P" => R::Num(r.p),
                "VAR_COMPUTED_P" => num(r.computed),
                "VAR_ERROR" => r.error.map_or(R::Na, R::Bool),
                "VAR_DEC_ERROR" => r.dec_error.map_or(R::Na, R::Bool),
                _ => R::Str(format!("{}", r.source)),
            })
            .collect(),
    )
}

fn options(args: &str) -> CheckOptions {
    let mut o = CheckOptions::default();
    if let Some(c) = Regex::new(r"alpha\s*=\s*([\d.]+)").unwrap().captures(args) {
        o.alpha = parse_r(&c[1])
            .and_then(|v| match v.first() {
                Some(R::Num(n)) => Some(*n),
                _ => None,
            })
            .unwrap_or(0.05);
    }
    o.p_equal_alpha_sig = !args.contains("pEqualAlphaSig = FALSE");
    o.p_zero_error = !args.contains("pZeroError = FALSE");
    o.two_tailed = !args.contains("OneTailedTests = TRUE");
    o.one_tailed_txt = args.contains("OneTailedTxt = TRUE");
    o
}

enum Outcome {
    Pass,
    Fail(String),
    NotRunnable(&'static str),
}

struct Case {
    test: String,
    file: String,
    inputs: BTreeMap<String, String>,
    order: Vec<String>,
}

impl Case {
    fn all_p(&self, args: &str) -> bool {
        self.file == "test-extract-pvalues.R" || args.contains("AllPValues = TRUE")
    }

    /// The texts a `statcheck(…)` argument names: `txt1`, `c(txt2, txt3)`, `NA`.
    fn texts(&self, arg: &str) -> Option<Vec<String>> {
        let arg = arg.trim();
        if arg == "NA" {
            return Some(vec![String::new()]);
        }
        let names: Vec<String> = match arg.strip_prefix("c(").and_then(|s| s.strip_suffix(')')) {
            Some(inner) => split_top(inner)
                .iter()
                .map(|s| s.trim().to_string())
                .collect(),
            None => vec![arg.to_string()],
        };
        names.iter().map(|n| self.inputs.get(n).cloned()).collect()
    }

    fn rows_of(&self, texts: &[String], opts: &CheckOptions, all_p: bool) -> Vec<Row> {
        texts
            .iter()
            .enumerate()
            .flat_map(|(i, t)| run(t, i + 1, opts, all_p))
            .collect()
    }

    /// `result`, `result1`, `result12`: statcheck over all inputs, or over
    /// the inputs whose numbers the name lists.
    fn result(&self, name: &str) -> Vec<String> {
        let digits = name.trim_start_matches("result");
        if digits.is_empty() {
            return self.order.iter().map(|v| self.inputs[v].clone()).collect();
        }
        digits
            .chars()
            .filter_map(|d| self.inputs.get(&format!("txt{d}")).cloned())
            .collect()
    }

    fn eval(&self, line: &str) -> Outcome {
        use Outcome::*;
        if !line.trim_end().ends_with(')') {
            return NotRunnable("line cut off in the data file");
        }
        let direct = Regex::new(
            r"^expect_(true|false|equal)\(statcheck\((.+?),\s*messages = FALSE(.*?)\)\[\[(VAR_\w+)\]\](?:, (.+))?\)$",
        )
        .unwrap();
        if let Some(c) = direct.captures(line) {
            let Some(texts) = self.texts(&c[2]) else {
                return NotRunnable("input missing from the data file");
            };
            let args = &c[3];
            let rows = self.rows_of(&texts, &options(args), self.all_p(args));
            let Some(got) = column(&rows, &c[4]) else {
                return NotRunnable("statcheck-specific column");
            };
            let want = match &c[1] {
                "true" => vec![R::Bool(true)],
                "false" => vec![R::Bool(false)],
                _ => match c.get(5).and_then(|w| parse_r(w.as_str())) {
                    Some(w) => w,
                    None => return NotRunnable("expected value not a literal"),
                },
            };
            return check(&got, &want);
        }
        let none =
            Regex::new(r"^expect_output\(statcheck\((.+?),\s*messages = FALSE(.*?)\), .*\)$")
                .unwrap();
        if let Some(c) = none.captures(line) {
            let Some(texts) = self.texts(&c[1]) else {
                return NotRunnable("input missing from the data file");
            };
            let rows = self.rows_of(&texts, &options(&c[2]), self.all_p(&c[2]));
            return if rows.is_empty() {
                Pass
            } else {
                Fail(format!("expected no results, got {rows:?}"))
            };
        }
        if self.order.is_empty() {
            return NotRunnable("no inputs in the data file");
        }
        let opts = CheckOptions::default();
        let all_p = self.all_p("");
        let nrow = Regex::new(r"^expect_equal\(nrow\((result\d*)\), (\d+)\)$").unwrap();
        if let Some(c) = nrow.captures(line) {
            let n = self.rows_of(&self.result(&c[1]), &opts, all_p).len();
            let want: usize = c[2].parse().unwrap();
            return if n == want {
                Pass
            } else {
                Fail(format!("{n} rows, expected {want}"))
            };
        }
        let na = Regex::new(r"^expect_true\(is\.na\((result\d*)\[\[(VAR_\w+)\]\]\)\)$").unwrap();
        if let Some(c) = na.captures(line) {
            let rows = self.rows_of(&self.result(&c[1]), &opts, all_p);
            let got = column(&rows, &c[2]).unwrap_or_default();
            return check(&got, &vec![R::Na; got.len().max(1)]);
        }
        let col =
            Regex::new(r"^expect_equal\((?:as\.\w+\()?(result\d*)\[\[(VAR_\w+)\]\]\)?, (.+)\)$")
                .unwrap();
        if let Some(c) = col.captures(line) {
            let var = &c[2];
            if var == "VAR_RAW" {
                return NotRunnable(
                    "statcheck's raw string (litextract keeps the p span and the statistic apart)",
                );
            }
            let rows = self.rows_of(&self.result(&c[1]), &opts, all_p);
            if var == "VAR_APAFACTOR" {
                let sources = self.result(&c[1]);
                let mut got = Vec::new();
                for (i, t) in sources.iter().enumerate() {
                    let stats = run(t, i + 1, &opts, false).len();
                    let ps = run(t, i + 1, &opts, true).len();
                    if stats > 0 {
                        got.push(R::Num(((stats as f64 / ps as f64) * 100.0).round() / 100.0));
                    }
                }
                let Some(want) = parse_r(&c[3]) else {
                    return NotRunnable("expected value not a literal");
                };
                return check(&got, &want);
            }
            let Some(got) = column(&rows, var) else {
                return NotRunnable("statcheck-specific column");
            };
            let want = if c[3].trim() == "computed" {
                let refs: Vec<R> = self
                    .order
                    .iter()
                    .filter_map(|v| {
                        let t = self.inputs[v].as_str();
                        REFERENCE_P
                            .iter()
                            .find(|(s, _)| *s == t)
                            .map(|(_, p)| R::Num(*p))
                    })
                    .collect();
                if refs.is_empty() {
                    return NotRunnable("no reference p for this input");
                }
                refs
            } else {
                match parse_r(&c[3]) {
                    Some(w) => w,
                    None => return NotRunnable("expected value not a literal"),
                }
            };
            return check(&got, &want);
        }
        let summary = Regex::new(r"^expect_equal\(summary\[\[(VAR_NR_\w+)\]\], (.+)\)$").unwrap();
        if let Some(c) = summary.captures(line) {
            let per: Vec<f64> = self
                .order
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let rows = run(&self.inputs[v], i + 1, &opts, false);
                    rows.iter()
                        .filter(|r| match &c[1] {
                            "VAR_NR_PVALUES" => true,
                            "VAR_NR_ERRORS" => r.error == Some(true),
                            _ => r.dec_error == Some(true),
                        })
                        .count() as f64
                })
                .collect();
            let Some(want) = parse_r(&c[2]) else {
                return NotRunnable("expected value not a literal");
            };
            let total: f64 = per.iter().sum();
            let got: Vec<R> = if want.len() == per.len() + 1 {
                per.iter()
                    .map(|n| R::Num(*n))
                    .chain([R::Num(total)])
                    .collect()
            } else {
                vec![R::Num(total); want.len()]
            };
            return check(&got, &want);
        }
        NotRunnable("statcheck-specific check (summary labels, trim(), files)")
    }
}

fn check(got: &[R], want: &[R]) -> Outcome {
    if got.len() == want.len() && got.iter().zip(want).all(|(g, w)| r_eq(g, w)) {
        Outcome::Pass
    } else {
        Outcome::Fail(format!("got {got:?}, expected {want:?}"))
    }
}

#[test]
fn statcheck_unit_cases() {
    let Some(corpora) = common::shared_corpora() else {
        return common::skip("statcheck_unit_cases");
    };
    let data = fs::read_to_string(corpora.join("cases/statcheck-unit-cases.jsonl")).unwrap();
    let (mut pass, mut fail, mut deviating, mut not_run) = (0, 0, 0, 0);
    let mut inconsistent_flagged = 0;
    let mut failures = Vec::new();
    // The cases split by line: even lines are the half whose failures are
    // read while developing, odd lines the check half, only counted.
    let (mut half_pass, mut half_fail) = ([0; 2], [0; 2]);
    let mut check_half_failures = 0;
    for (n, line) in data.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let half = n % 2;
        let j: Json = serde_json::from_str(line).unwrap();
        let mut case = Case {
            test: j["test"].as_str().unwrap().to_string(),
            file: j["file"].as_str().unwrap().to_string(),
            inputs: BTreeMap::new(),
            order: Vec::new(),
        };
        for i in j["inputs"].as_array().unwrap() {
            let v = i["var"].as_str().unwrap().to_string();
            let raw = i["value"].as_str().unwrap();
            let text = raw.trim().trim_matches('"').replace("\\\"", "\"");
            case.order.push(v.clone());
            case.inputs.insert(v, text);
        }
        for l in j["expect_lines"].as_array().unwrap() {
            let l = l.as_str().unwrap();
            let deviation = DEVIATIONS
                .iter()
                .find(|(t, frag, _)| *t == case.test && l.contains(frag));
            match case.eval(l) {
                Outcome::Pass => {
                    pass += 1;
                    half_pass[half] += 1;
                    if l.starts_with("expect_true") && l.contains("[[VAR_ERROR]]") {
                        inconsistent_flagged += 1;
                    }
                }
                Outcome::Fail(why) if deviation.is_some() => {
                    deviating += 1;
                    eprintln!(
                        "DEVIATES [{}] {l}\n  {why}\n  because {}",
                        case.test,
                        deviation.unwrap().2
                    );
                }
                Outcome::Fail(why) => {
                    fail += 1;
                    half_fail[half] += 1;
                    if half == 0 {
                        failures.push(format!("[{}] {l}: {why}", case.test));
                    } else {
                        check_half_failures += 1;
                    }
                }
                Outcome::NotRunnable(why) => {
                    not_run += 1;
                    eprintln!("NOT RUN [{}] {l}: {why}", case.test);
                }
            }
        }
    }
    eprintln!(
        "statcheck unit cases: {pass} expect lines pass, {fail} fail, {deviating} deviate by \
         decision, {not_run} not runnable; {inconsistent_flagged} inconsistent examples flagged"
    );
    eprintln!(
        "  even (dev) half: {} pass, {} fail; odd (check) half: {} pass, {} fail",
        half_pass[0], half_fail[0], half_pass[1], half_fail[1]
    );
    assert!(
        failures.is_empty() && check_half_failures == 0,
        "{} failing in the dev half:\n{}\nand {check_half_failures} in the check half",
        failures.len(),
        failures.join("\n")
    );
    // test-error.R's inconsistent examples (simple errors, negative tests,
    // inexact p, decision errors, p = .000, rounding bounds) must be flagged.
    assert!(
        inconsistent_flagged >= 20,
        "only {inconsistent_flagged} inconsistent examples flagged"
    );
    assert!(pass >= 100, "only {pass} lines pass");
}
