//! A row whose cells `pdftotext` sets apart as paragraphs of their own,
//! one cell a block (`EDSS` / `` / `3.6±2.2` / `` / `--` / …).

use super::cells::{is_p_value, is_value, read_cells, read_split_medians, Cell, Label};
use super::header;
use super::inline::{cell_wraps, spaces_at};
use super::span::join_spreads;
use super::{EMPTY_CELL, MAX_CELLS};
use crate::extract::edss::Found;

/// A row whose cells `pdftotext` set apart as paragraphs of their own: the
/// label, then one cell a block, blocks separated by blank lines (`EDSS` /
/// `` / `3.6±2.2` / `` / `--` / `` / `3.6±2.1` …). The first block a
/// value, two values at least; the run ends at a block that is no single
/// cell (a value, a p-value or an empty cell). Read by the header above
/// when there is one, else with the row's label.
pub(super) fn read_blank_separated(
    fold: &str,
    label: Label,
    line_start: usize,
    a0: usize,
    next: usize,
    limit: usize,
    found: &mut Vec<Found>,
) -> bool {
    // The label a block of its own: the last line of a block of labels (a
    // stub column) is followed by a column's cells, not its row's.
    let before = fold[..line_start].trim_end_matches([' ', '\t']);
    if line_start > 0 && !before.ends_with("\n\n") {
        return false;
    }
    let mut cells = Vec::new();
    // The line breaks inside cells that wrap (`3 ±` / `0.2`).
    let mut breaks = Vec::new();
    // From the label line's end: each cell is a blank line away.
    let mut p = next.saturating_sub(1);
    while cells.len() < MAX_CELLS && p < limit {
        let rest = &fold[p..limit];
        let from = p + (rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len());
        if from >= limit || from - p < 2 || !fold[p..from].contains("\n\n") {
            break;
        }
        let mut end = fold[from..limit].find('\n').map_or(limit, |i| from + i);
        let block_end = fold[from..limit].find("\n\n").map_or(limit, |i| from + i);
        let mut one_line = fold[end..block_end].trim().is_empty();
        let cut = !one_line && cell_wraps(fold, from, end, block_end);
        if cut {
            // A narrow column's cell over two lines: one cell.
            breaks.push(end);
            end = block_end;
            one_line = true;
        }
        let text = fold[from..end].trim_end().replace('\n', " ");
        let text = text.as_str();
        let cell =
            is_value(text) || is_p_value(text) || (!cells.is_empty() && EMPTY_CELL.is_match(text));
        if !one_line || !cell || (cells.is_empty() && !is_value(text)) {
            break;
        }
        cells.push(Cell {
            start: from,
            end: from + text.len(),
        });
        p = end;
    }
    let flat = (!breaks.is_empty()).then(|| spaces_at(fold, &breaks));
    let fold = flat.as_deref().unwrap_or(fold);
    let cells = join_spreads(fold, cells);
    let text = |c: &Cell| &fold[c.start..c.end];
    if cells.iter().filter(|c| is_value(text(c))).count() < 2 {
        return false;
    }
    if header::read_by_header(fold, label, line_start, &cells, found) {
        read_medians_over_spreads(fold, &cells, p, limit, found);
        return true;
    }
    // Bare numbers a block each are a figure's axis ticks as often as a
    // row (`Mean EDSS` / `0` / `1` / `2`): read only with a header above.
    if !cells.iter().any(|c| has_spread(text(c))) {
        return false;
    }
    read_cells(fold, label, &cells, a0, found);
    read_medians_over_spreads(fold, &cells, p, limit, found);
    true
}

/// The row's second line (a row span) when `pdftotext` sets it one cell a
/// block after the first: bare values ending the run (`4.5` / `` / `2.8`
/// / …), then as many bracketed spreads, one a block (`(0-7)` / `` /
/// `(0-7)` …), are each column's median over its range. Read only when
/// the table's note says its medians go with a spread (`median (range)`),
/// as [`read_split_medians`] checks, with every median inside its range.
fn read_medians_over_spreads(
    fold: &str,
    cells: &[Cell],
    after: usize,
    limit: usize,
    found: &mut Vec<Found>,
) {
    let bare = |c: &Cell| {
        let t = &fold[c.start..c.end];
        is_value(t) && !has_spread(t) && !t.contains('±')
    };
    let n = cells.iter().rev().take_while(|c| bare(c)).count();
    if n < 2 {
        return;
    }
    let values = &cells[cells.len() - n..];
    let mut spreads = Vec::new();
    let mut p = after;
    while spreads.len() < n && p < limit {
        let rest = &fold[p..limit];
        let from = p + (rest.len() - rest.trim_start_matches([' ', '\t', '\n']).len());
        if from >= limit || !fold[p..from].contains("\n\n") {
            return;
        }
        let end = fold[from..limit].find('\n').map_or(limit, |i| from + i);
        let line = fold[from..end].trim_end();
        if !line.starts_with(['(', '[']) || !line.ends_with([')', ']']) {
            return;
        }
        spreads.push(Cell {
            start: from,
            end: from + line.len(),
        });
        p = end;
    }
    if spreads.len() == n {
        read_split_medians(fold, values, &spreads, values[0].start, found);
    }
}

/// Whether a value cell holds a spread beside its value (`±`, a bracket).
fn has_spread(cell: &str) -> bool {
    is_value(cell) && cell.contains(['±', '(', '['])
}
