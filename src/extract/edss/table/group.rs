//! The sub-rows under a label row that names the scale alone (`EDSS
//! score` over `Mean` and `SD` rows), in each layout: tag-stripped text (a
//! sub-row a block), JATS (`Mean ± SD | 1.88±0.79`), flattened PDF text
//! (see [`super::inline`]) and `pdftotext`'s one cell a paragraph; and the
//! reading of one group of sub-rows.

use super::super::shape::rx;
use super::cells::{
    is_p_value, is_value, read_cells, read_split, read_split_median_rows, Cell, Label, NUM,
};
use super::{split_cells, EMPTY_CELL, MAX_CELLS, SUB};
use crate::extract::edss::Found;
use regex::Regex;
use std::sync::LazyLock;

/// Sub-rows of tag-stripped text below a label row, each a label line and
/// its cells, blocks separated by blank lines.
pub(super) fn read_sub_rows(
    fold: &str,
    parent: Label,
    from: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> bool {
    let mut rows: Vec<(Label, Vec<Cell>, usize)> = Vec::new();
    let mut p = from;
    while p < limit && rows.len() < 6 {
        while p < limit && fold.as_bytes()[p].is_ascii_whitespace() {
            p += 1;
        }
        let block_end = fold[p..limit].find("\n\n").map_or(limit, |i| p + i);
        let block = &fold[p..block_end];
        let Some(nl) = block.find('\n') else {
            break;
        };
        let label = &block[..nl];
        if !SUB.is_match(label) {
            break;
        }
        let cells = split_cells(fold, p + nl + 1, block_end, '\n');
        rows.push((Label::read(label), cells, p));
        p = block_end;
    }
    read_group(fold, parent, rows, found)
}

/// JATS sub-rows below a label row: `Mean ± SD | 1.88±0.79 | 1.75±0.91`.
pub(super) fn read_jats_sub_rows(
    fold: &str,
    parent: Label,
    from: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> bool {
    let mut rows: Vec<(Label, Vec<Cell>, usize)> = Vec::new();
    let mut p = from;
    while p < limit && rows.len() < 6 {
        let end = fold[p..limit].find('\n').map_or(limit, |i| p + i);
        let line = &fold[p..end];
        let Some(bar) = line.find('|') else {
            break;
        };
        let label = &line[..bar];
        if label.trim().is_empty() {
            // `  | ` under the label row: a spacer.
            p = end + 1;
            continue;
        }
        if !SUB.is_match(label) {
            break;
        }
        let cells = split_cells(fold, p + bar + 1, end, '|');
        rows.push((Label::read(label), cells, p));
        p = end + 1;
    }
    read_group(fold, parent, rows, found)
}

/// The sub-rows of one label row. A statistic split over two rows (`Mean`
/// then `SD` or `(SD) or (range)`) is read column by column only when the
/// two rows hold as many cells; other rows of such a group are left unread.
pub(super) fn read_group(
    fold: &str,
    parent: Label,
    rows: Vec<(Label, Vec<Cell>, usize)>,
    found: &mut Vec<Found>,
) -> bool {
    if rows.is_empty() {
        return false;
    }
    let is_spread_row = |l: &Label| !l.mean && !l.median && (l.sd || l.spread);
    if rows.iter().any(|(l, _, _)| is_spread_row(l)) {
        // `Mean | 4.9 | 4.1` over `(SD) or (range) | (2.1) | (1.5–6.5)`:
        // read only a mean row right above its spread row, column by
        // column, when both hold the same number of cells.
        for pair in rows.windows(2) {
            let [(top, means, _), (low, spreads, _)] = pair else {
                continue;
            };
            let mean_row = top.mean && !top.median && !top.sd && !top.spread;
            if mean_row && is_spread_row(low) && !parent.change {
                if means.len() == spreads.len() {
                    read_split(fold, means, spreads, found);
                } else if let Some(means) = unjoin_brackets(fold, means, spreads) {
                    read_split(fold, &means, spreads, found);
                }
            }
            // `Median | 3.0 | 3.5` over `Range | 1.0–6.0 | 1.5–6.5`: each
            // column's median with its range.
            let median_row = top.median && !top.mean && !top.sd && !top.spread;
            let range_row = low.spread && !low.sd && !low.mean && !low.median;
            if median_row && range_row && !parent.change && means.len() == spreads.len() {
                read_split_median_rows(fold, means, spreads, found);
            }
        }
        return true;
    }
    for (label, cells, at) in &rows {
        let l = parent.or(*label);
        // `N` rows count patients.
        let raw = fold[*at..].split(['\n', '|']).next().unwrap_or("").trim();
        if raw.eq_ignore_ascii_case("n") {
            continue;
        }
        read_cells(fold, l, cells, *at, found);
    }
    true
}

/// A mean row whose cells each join a value and a bracket the spread row
/// below keeps a column for (`Mean 7.7 (8.0) 7.9 (8.0) -- --` over `SD 1.0
/// -- 1.0 -- -- --`, as a flattened PDF line joins `Mean, (median)`
/// columns): the cells split at the bracket when that gives the spread
/// row's count and every bracket stands over an empty spread cell (the
/// bracket is a second statistic, not the SD). `None` otherwise.
fn unjoin_brackets(fold: &str, means: &[Cell], spreads: &[Cell]) -> Option<Vec<Cell>> {
    let mut out = Vec::new();
    let mut brackets = Vec::new();
    for c in means {
        let text = &fold[c.start..c.end];
        match text.find('(') {
            Some(i)
                if i > 0 && text.trim_end().ends_with(')') && !text.contains(['–', '-', ',']) =>
            {
                let head = text[..i].trim_end();
                out.push(Cell {
                    start: c.start,
                    end: c.start + head.len(),
                });
                brackets.push(out.len());
                out.push(Cell {
                    start: c.start + i,
                    end: c.end,
                });
            }
            _ => out.push(Cell {
                start: c.start,
                end: c.end,
            }),
        }
    }
    let empty = |i: &usize| EMPTY_CELL.is_match(fold[spreads[*i].start..spreads[*i].end].trim());
    (!brackets.is_empty() && out.len() == spreads.len() && brackets.iter().all(empty))
        .then_some(out)
}

/// A bracket standing as a cell of its own: `(8.0)`, `(1.5–6.5)`.
static BRACKET_CELL: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^[(\[]\s*{NUM}\s*(?:(?:[-–—;,]|to)\s*{NUM}\s*)?[)\]]$"
    ))
});

/// Sub-rows as `pdftotext` sets a table it reads row by row, each cell a
/// paragraph: a statistic's label on a line of its own (the first may
/// sit right below the label row), then its cells, a blank line before
/// each (`EDSS score` / `Mean` / `` / `7.7` / `` / `(8.0)` / `` / `7.9` …
/// / `SD` / `` / `1.0` / `` / `--` …). The group ends at a line that is
/// neither a statistic's label nor a lone cell (the next row's label,
/// prose). Read only when a sub-row's cell holds its spread or a sub-row
/// holds the spreads (`SD`, `Range`): bare numbers a paragraph each may
/// be a figure's axis. `None` when the lines below are not that.
pub(super) fn read_paragraph_sub_rows(
    fold: &str,
    parent: Label,
    from: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> Option<bool> {
    let mut rows: Vec<(Label, Vec<Cell>, usize)> = Vec::new();
    let mut p = from;
    while p < limit {
        let rest = &fold[p..limit];
        let start = p + (rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len());
        if start >= limit {
            break;
        }
        let end = fold[start..limit].find('\n').map_or(limit, |i| start + i);
        let line = fold[start..end].trim_end();
        let cell = is_value(line)
            || is_p_value(line)
            || EMPTY_CELL.is_match(line)
            || BRACKET_CELL.is_match(line);
        if cell && !rows.is_empty() && fold[p..start].contains("\n\n") {
            let row = rows.last_mut()?;
            if row.1.len() >= MAX_CELLS {
                return None;
            }
            row.1.push(Cell {
                start,
                end: start + line.len(),
            });
        } else if !cell && SUB.is_match(line) && !line.trim().is_empty() {
            if rows.len() >= 6 {
                break;
            }
            rows.push((Label::read(line), Vec::new(), start));
        } else {
            break;
        }
        p = end;
    }
    let text = |c: &Cell| &fold[c.start..c.end];
    let values = |cells: &[Cell]| cells.iter().filter(|c| is_value(text(c))).count();
    let spread_row = |l: &Label| !l.mean && !l.median && (l.sd || l.spread);
    let spread_cell = rows
        .iter()
        .flat_map(|r| r.1.iter())
        .any(|c| is_value(text(c)) && text(c).contains(['±', '(', '[']));
    if rows.is_empty()
        || rows.iter().any(|r| r.1.len() < 2)
        || !rows.iter().any(|r| values(&r.1) >= 2)
        || !(spread_cell || rows.iter().any(|r| spread_row(&r.0)))
    {
        return None;
    }
    Some(read_group(fold, parent, rows, found))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Vec<Cell> {
        let mut out = Vec::new();
        let mut p = 0;
        for part in line.split("  ") {
            out.push(Cell {
                start: p,
                end: p + part.len(),
            });
            p += part.len() + 2;
        }
        out
    }

    #[test]
    fn brackets_split_only_over_empty_spread_cells() {
        let fold = "7.7 (8.0)  7.9 (8.0)  --  --";
        let sd = "1.0  --  1.0  --  --  --";
        let text = format!("{fold}\n{sd}");
        let means = cells(fold);
        let spreads: Vec<Cell> = cells(sd)
            .into_iter()
            .map(|c| Cell {
                start: c.start + fold.len() + 1,
                end: c.end + fold.len() + 1,
            })
            .collect();
        let out = unjoin_brackets(&text, &means, &spreads).expect("split");
        let got: Vec<&str> = out.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(got, ["7.7", "(8.0)", "7.9", "(8.0)", "--", "--"]);
        // An SD under a bracket: the bracket may be the SD itself.
        let sd = "1.0  0.9  1.0  0.8  --  --";
        let text = format!("{fold}\n{sd}");
        let spreads: Vec<Cell> = cells(sd)
            .into_iter()
            .map(|c| Cell {
                start: c.start + fold.len() + 1,
                end: c.end + fold.len() + 1,
            })
            .collect();
        assert!(unjoin_brackets(&text, &means, &spreads).is_none());
    }
}
