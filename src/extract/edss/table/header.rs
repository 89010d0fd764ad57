//! Tables whose header row names the statistics, one per column:
//! `Characteristic | Mean | SD | Min | Max` over a row `EDSS | 2.4 | 1.1 |
//! 0 | 6.5`. The row's label names only the scale, so its cells are bare
//! numbers; the header says which is the mean or median and which the
//! spread that belongs to it. A header with group columns above repeats
//! its statistics per group (`Mean | SD | min | max | Mean | SD | min |
//! max | p-value`), and the row then holds one statement per group.
//!
//! The header is looked for above the row, in the table's layout: a line of
//! ` | ` cells (JATS), a line of words (flattened PDF text), or one word a
//! line (tag-stripped text). Every header cell must be a statistic, a count
//! (`n`) or a p-value, and the row must hold as many cells as the header,
//! each a bare number (or a range under a `Range` column); anything else
//! leaves the row unread.

use super::super::shape::on_scale;
use super::super::{change_of, push, Found};
use super::cells::{decimal_points, Cell, Label};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;

/// What one header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stat {
    Mean,
    Median,
    Sd,
    Min,
    Max,
    /// `Range`, `IQR`: one cell holding both ends.
    Spread,
    Q1,
    Q3,
    /// A standard error: the group is not read.
    Se,
    /// `n`: patients, not read.
    Count,
    /// A p-value column.
    P,
}

/// How far above the row the header is looked for.
const MAX_UP: usize = 4000;
/// The most header cells.
const MAX_STATS: usize = 16;

/// The statistic a header cell names, if it names one.
pub(super) fn stat(cell: &str) -> Option<Stat> {
    let t = cell
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '†' | '‡' | ':' | '.' | ',' | '(' | ')'))
        .trim()
        .to_ascii_lowercase();
    Some(match t.as_str() {
        "mean" | "average" => Stat::Mean,
        "median" => Stat::Median,
        "sd" | "s.d" | "std" | "standard deviation" | "±sd" | "± sd" => Stat::Sd,
        "min" | "minimum" => Stat::Min,
        "max" | "maximum" => Stat::Max,
        "range" | "iqr" | "interquartile range" => Stat::Spread,
        "q1" | "25th percentile" | "p25" => Stat::Q1,
        "q3" | "75th percentile" | "p75" => Stat::Q3,
        "se" | "sem" | "s.e.m" | "s.e" | "standard error" => Stat::Se,
        "n" | "no" | "number" => Stat::Count,
        // `pvalue`: a PDF joins a header cell's two lines without a space.
        "p" | "p-value" | "p value" | "p-values" | "p*" | "pvalue" => Stat::P,
        _ => return None,
    })
}

/// The statistics of a header line, if every cell of it names one and one
/// at least is a mean or median.
fn header_of(cells: &[&str]) -> Option<Vec<Stat>> {
    // The label column's own header (`Characteristic`) may lead.
    let cells = match cells.split_first() {
        Some((first, rest)) if stat(first).is_none() => rest,
        _ => cells,
    };
    if cells.len() < 2 || cells.len() > MAX_STATS {
        return None;
    }
    let stats: Option<Vec<Stat>> = cells.iter().map(|c| stat(c)).collect();
    let stats = stats?;
    stats
        .iter()
        .any(|s| matches!(s, Stat::Mean | Stat::Median))
        .then_some(stats)
}

/// The header above the row starting at `row_start`: the nearest line (or
/// run of one-word lines) that names only statistics, before the table's
/// caption or a line of prose.
pub(super) fn find_header(fold: &str, row_start: usize) -> Option<Vec<Stat>> {
    let lo = floor_boundary(fold, row_start.saturating_sub(MAX_UP));
    let above = &fold[lo..row_start];
    // One word a line, read upwards; blank lines between are allowed.
    let mut run: Vec<Stat> = Vec::new();
    for line in above.lines().rev() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(s) = stat(t) {
            run.push(s);
            continue;
        }
        if run.len() >= 2 {
            run.reverse();
            // The run is a header only if it holds a mean or a median.
            return header_of_run(run);
        }
        run.clear();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("table") || t.len() > 250 {
            return None;
        }
        let cells: Vec<&str> = if t.contains('|') {
            t.split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        } else {
            let mut cells: Vec<&str> = t.split_whitespace().collect();
            // `p value`, split at its space, is one cell.
            cells.dedup_by(|cur, prev| {
                prev.eq_ignore_ascii_case("p")
                    && (cur.eq_ignore_ascii_case("value") || cur.eq_ignore_ascii_case("values"))
            });
            cells
        };
        if let Some(stats) = header_of(&cells) {
            return Some(stats);
        }
    }
    None
}

fn header_of_run(run: Vec<Stat>) -> Option<Vec<Stat>> {
    (run.len() <= MAX_STATS && run.iter().any(|s| matches!(s, Stat::Mean | Stat::Median)))
        .then_some(run)
}

/// One value cell under the header: a bare number, or under `Range` a
/// pair.
enum Val {
    One(f64),
    Two(f64, f64),
}

fn value(text: &str) -> Option<Val> {
    // `3,5 | 1,2`: decimal commas.
    let text = decimal_points(text);
    let t = text.trim().trim_end_matches(['*', '†', '‡', '§', '¶']);
    let t = t.trim();
    if let Some(v) = number(t) {
        return Some(Val::One(v));
    }
    let inner = t
        .strip_prefix(['(', '['])
        .and_then(|s| s.strip_suffix([')', ']']))
        .unwrap_or(t);
    for sep in ['–', '—', '-', ',', ';'] {
        if let Some((a, b)) = inner.split_once(sep) {
            if let (Some(a), Some(b)) = (number(a.trim()), number(b.trim())) {
                return Some(Val::Two(a, b));
            }
        }
    }
    None
}

fn number(t: &str) -> Option<f64> {
    if t.is_empty() || t.len() > 8 {
        return None;
    }
    let (neg, rest) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(r) => (true, r),
        None => (false, t),
    };
    if !rest.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    parse_decimal(rest).map(|v| if neg { -v } else { v })
}

/// Reads the row's cells by the header above it; returns whether the
/// header was there and agreed with the row (then the row is read, even if
/// no statement came of it).
pub(super) fn read_by_header(
    fold: &str,
    label: Label,
    row_start: usize,
    cells: &[Cell],
    found: &mut Vec<Found>,
) -> bool {
    // Only a row whose label names the scale alone (or its change).
    if label.mean || label.median || label.sd || label.spread {
        return false;
    }
    let Some(stats) = find_header(fold, row_start) else {
        return false;
    };
    let mut cells: Vec<&Cell> = cells.iter().collect();
    if cells.len() + 1 == stats.len() && stats.last() == Some(&Stat::P) {
        // No p-value printed in the last column.
    } else if cells.len() != stats.len() {
        return false;
    }
    cells.truncate(stats.len());
    let mut vals: Vec<Option<Val>> = Vec::new();
    for (c, s) in cells.iter().zip(&stats) {
        let v = value(&fold[c.start..c.end]);
        let ok = match (&v, s) {
            (_, Stat::P | Stat::Count) => true,
            (Some(Val::Two(..)), Stat::Spread) => true,
            (Some(Val::One(_)), Stat::Spread) => false,
            (Some(Val::One(_)), _) => true,
            _ => false,
        };
        if !ok {
            return false;
        }
        vals.push(v);
    }
    let mut i = 0;
    while i < cells.len() {
        if !matches!(stats[i], Stat::Mean | Stat::Median) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < cells.len()
            && !matches!(stats[j], Stat::Mean | Stat::Median | Stat::P | Stat::Count)
        {
            j += 1;
        }
        group(label, &stats[i..j], &cells[i..j], &vals[i..j], found);
        i = j;
    }
    true
}

/// One group's columns: the mean or median first, then its spread.
fn group(
    label: Label,
    stats: &[Stat],
    cells: &[&Cell],
    vals: &[Option<Val>],
    found: &mut Vec<Found>,
) {
    if stats.contains(&Stat::Se) {
        return;
    }
    let Some(Val::One(center)) = vals[0] else {
        return;
    };
    let c0 = cells[0];
    if label.change {
        if stats[0] == Stat::Mean && center.abs() <= 10.0 {
            push(
                found,
                c0.start,
                c0.end,
                change_of(center),
                "edss.table_header_change",
                0.75,
            );
        }
        return;
    }
    if !on_scale(center) {
        return;
    }
    let spread = spread_of(stats, cells, vals, center);
    match stats[0] {
        Stat::Mean => {
            let sd = one_of(stats, cells, vals, Stat::Sd);
            push_mean(found, c0, center, sd, spread);
        }
        _ => push_median(found, c0, center, spread),
    }
}

/// The bare number under the group's column `k`, with its cell.
fn one_of<'a>(
    stats: &[Stat],
    cells: &[&'a Cell],
    vals: &[Option<Val>],
    k: Stat,
) -> Option<(f64, &'a Cell)> {
    stats
        .iter()
        .position(|s| *s == k)
        .and_then(|i| match vals[i] {
            Some(Val::One(v)) => Some((v, cells[i])),
            _ => None,
        })
}

/// The group's spread around `center`: its min and max (or quartiles)
/// columns, else a `Range`/`IQR` cell holding both ends; only a spread on
/// the scale that holds the center. Gives (low, high, start, end).
fn spread_of(
    stats: &[Stat],
    cells: &[&Cell],
    vals: &[Option<Val>],
    center: f64,
) -> Option<(f64, f64, usize, usize)> {
    let one = |k: Stat| one_of(stats, cells, vals, k);
    let (lo, hi) = match (
        one(Stat::Min).or(one(Stat::Q1)),
        one(Stat::Max).or(one(Stat::Q3)),
    ) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            let i = stats.iter().position(|s| *s == Stat::Spread)?;
            match vals[i] {
                Some(Val::Two(a, b)) => ((a, cells[i]), (b, cells[i])),
                _ => return None,
            }
        }
    };
    let ((l, lc), (h, hc)) = (lo, hi);
    (on_scale(l) && on_scale(h) && l < h && l <= center && center <= h)
        .then(|| (l, h, lc.start.min(hc.start), lc.end.max(hc.end)))
}

/// A mean (with its SD when one in 0-5 is printed) and the range beside it.
fn push_mean(
    found: &mut Vec<Found>,
    c0: &Cell,
    center: f64,
    sd: Option<(f64, &Cell)>,
    spread: Option<(f64, f64, usize, usize)>,
) {
    let sd = sd.filter(|(s, _)| (0.0..=5.0).contains(s));
    let end = sd.map_or(c0.end, |(_, c)| c.end.max(c0.end));
    push(
        found,
        c0.start,
        end,
        EdssValue::Mean {
            mean: center,
            sd: sd.map(|(s, _)| s),
        },
        "edss.table_header_mean",
        0.75,
    );
    if let Some((l, h, s, e)) = spread {
        push(
            found,
            s,
            e,
            EdssValue::Range { low: l, high: h },
            "edss.table_header_range",
            0.75,
        );
    }
}

/// A median with its range or quartiles.
fn push_median(
    found: &mut Vec<Found>,
    c0: &Cell,
    center: f64,
    spread: Option<(f64, f64, usize, usize)>,
) {
    let end = spread.map_or(c0.end, |(_, _, _, e)| e.max(c0.end));
    push(
        found,
        c0.start,
        end,
        EdssValue::Median {
            median: center,
            low: spread.map(|(l, ..)| l),
            high: spread.map(|(_, h, ..)| h),
        },
        "edss.table_header_median",
        0.75,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_name_statistics() {
        assert_eq!(stat(" Mean "), Some(Stat::Mean));
        assert_eq!(stat("SD"), Some(Stat::Sd));
        assert_eq!(stat("min"), Some(Stat::Min));
        assert_eq!(stat("p-value"), Some(Stat::P));
        assert_eq!(stat("n"), Some(Stat::Count));
        assert_eq!(stat("Placebo"), None);
        assert_eq!(stat("Mean (SD)"), None);
    }

    #[test]
    fn the_header_is_found_in_each_layout() {
        let jats = "Table 1. Baseline\n\nParameter |  | Drug |  | Placebo\n |  | Mean | SD |  | Mean | SD | p-value\nEDSS | 2.6 | 1.3 | 2.1 | 1.7 | 0.17\n";
        let at = jats.find("EDSS").unwrap();
        assert_eq!(
            find_header(jats, at),
            Some(vec![Stat::Mean, Stat::Sd, Stat::Mean, Stat::Sd, Stat::P])
        );
        let text = "Table 1\nBaseline\n\nParameter\n\nDrug\nPlacebo\n\nMedian\nmin\nmax\nMedian\nmin\nmax\n\np-value\n\nAge\n35\n20\n50\n36\n21\n49\n0.3\n\nEDSS\n";
        let at = text.rfind("EDSS").unwrap();
        assert_eq!(find_header(text, at).map(|h| h.len()), Some(7));
        let flat = "Characteristic Mean SD Min Max\nAge 35.0 8.1 19 55\nEDSS 2.4 1.1 0 6.5\n";
        let at = flat.find("EDSS").unwrap();
        assert_eq!(find_header(flat, at).map(|h| h.len()), Some(4));
        // A p-value column head joined (`pvalue`) or split at its space.
        for head in [
            "Mean SD min max Mean SD min max pvalue",
            "Mean SD Mean SD p value",
        ] {
            let flat = format!("{head}\nAge 35.1 11.8 15 47 38.7 10.6 22 51 0.31\nEDSS 2.6 1.3\n");
            let at = flat.find("EDSS").unwrap();
            assert_eq!(
                find_header(&flat, at).and_then(|h| h.last().copied()),
                Some(Stat::P)
            );
        }
        // A caption ends the search; words that are no statistic are no
        // header.
        assert_eq!(find_header("Mean SD\nTable 2. EDSS\nEDSS 2 3\n", 22), None);
        assert_eq!(find_header("Drug Placebo\nEDSS 2 3\n", 13), None);
    }

    #[test]
    fn range_cells_split_and_bare_numbers_parse() {
        assert!(matches!(value("1.5–6.5"), Some(Val::Two(a, b)) if a == 1.5 && b == 6.5));
        assert!(matches!(value("(0-7)"), Some(Val::Two(a, b)) if a == 0.0 && b == 7.0));
        assert!(matches!(value("-0.3"), Some(Val::One(v)) if v == -0.3));
        assert!(matches!(value("3,5"), Some(Val::One(v)) if v == 3.5));
        assert!(value("9/4").is_none());
        assert!(value("n = 12").is_none());
    }
}
