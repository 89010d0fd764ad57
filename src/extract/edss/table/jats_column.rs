//! JATS tables whose column header, not a row label, names the scale: the
//! rows below are groups, visits or single patients, and the cells under
//! the header are EDSS values.
//!
//! * `Groups | EDSS` (the scale the only column header, the columns below
//!   it visits): every cell of a row below is read, as a row with that
//!   row's own label would be (`m ± sd` a mean; `v (w)` and `v (lo–hi)` by
//!   the table's note).
//! * `Group | n | Age | EDSS, median (range)`: the header cell names the
//!   scale and perhaps its statistic; only the cell at its place in each
//!   row below is read, with the header cell's label (`3.0 (1.0–6.0)` a
//!   median and its range).
//! * `Participant | EDSS | Age | Sex`, a row per patient: under a header
//!   naming the scale alone, bare scores on the scale's 0.5-point steps are
//!   patients' own scores, one `value` each (`bench/ms-edss`'s rule). A
//!   column that holds any bare number off those steps (a correlation, a
//!   mean) gives none.
//!
//! Rows of counts, of another measure, or a line that is no row end the
//! reading. Tag-stripped text prints the same tables a cell a line: the
//! header a block of lines, each row a block of as many ([`read_text_column`]).

use super::super::mention::STOP;
use super::super::shape::{rx, valid_score};
use super::super::{push, Found};
use super::cells::{decimal_points, is_value, read_cells, Cell, Label};
use super::{rejects, split_cells, HEAD, MAX_CELLS, MAX_ROW, NOT_LEVEL, TAIL};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// The most rows read under a column header (a table of single patients).
const MAX_ROWS: usize = 60;
/// The longest stretch of rows read under a column header.
const MAX_COLUMN: usize = 6000;

/// Reads the rows under a column header whose cell holds the mention
/// `a0..a1` on the line starting at `line_start`; returns whether it did.
pub(super) fn read_column(
    fold: &str,
    line_start: usize,
    a0: usize,
    a1: usize,
    found: &mut Vec<Found>,
) -> bool {
    let line_end = fold[a1..].find('\n').map_or(fold.len(), |i| a1 + i);
    let line = &fold[line_start..line_end];
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    // The header cell that holds the mention, never the row's label.
    let k = fold[line_start..a0].matches('|').count();
    if k == 0 || k >= cells.len() {
        return false;
    }
    if let [first, scale] = cells.as_slice() {
        // `label | EDSS`: the scale is the second cell and the line's last.
        return !first.is_empty()
            && COLUMN.is_match(scale)
            && read_whole_rows(fold, line_end, found);
    }
    let cell_start = line_start + line.match_indices('|').nth(k - 1).map_or(0, |(i, _)| i + 1);
    let cell_end = fold[a1..line_end].find('|').map_or(line_end, |i| a1 + i);
    let (head, tail) = (&fold[cell_start..a0], &fold[a1..cell_end]);
    // `EDSS 0–3.5` heads a stratum's column: its rows are characteristics.
    if !HEAD.is_match(head)
        || !TAIL.is_match(tail)
        || tail.contains(|c: char| c.is_ascii_digit())
        || rejects(head, tail)
    {
        return false;
    }
    let label = Label::read(&format!("{head} {tail}"));
    read_one_column(fold, line_end, k, label, COLUMN.is_match(cells[k]), found)
}

/// `label | EDSS`: every cell of the rows below.
fn read_whole_rows(fold: &str, line_end: usize, found: &mut Vec<Found>) -> bool {
    let limit = floor_boundary(fold, (line_end + MAX_ROW).min(fold.len()));
    let mut p = line_end + 1;
    let mut read = false;
    for _ in 0..MAX_CELLS {
        if p >= limit {
            break;
        }
        let end = fold[p..limit].find('\n').map_or(limit, |i| p + i);
        let row = &fold[p..end];
        let Some(bar) = row.find('|') else {
            break;
        };
        let label = &row[..bar];
        if !label.trim().is_empty() {
            if ends_rows(label) {
                break;
            }
            let cells = split_cells(fold, p + bar + 1, end, '|');
            read_cells(fold, Label::read(label), &cells, p, found);
            read = true;
        }
        p = end + 1;
    }
    read
}

/// Whether a row's label ends the rows read under a column header: a count,
/// another measure or scale.
fn ends_rows(label: &str) -> bool {
    NOT_LEVEL.is_match(label) || STOP.is_match(label) || ANY_MEASURE.is_match(label)
}

/// The cell at place `k` of each row below the header line ending at
/// `line_end`. `bare_scale`: the header names the scale alone, so bare
/// scores are patients' own.
fn read_one_column(
    fold: &str,
    line_end: usize,
    k: usize,
    label: Label,
    bare_scale: bool,
    found: &mut Vec<Found>,
) -> bool {
    let limit = floor_boundary(fold, (line_end + MAX_COLUMN).min(fold.len()));
    let mut p = line_end + 1;
    let mut column: Vec<(Cell, usize)> = Vec::new();
    for _ in 0..MAX_ROWS {
        if p >= limit {
            break;
        }
        let end = fold[p..limit].find('\n').map_or(limit, |i| p + i);
        let row = &fold[p..end];
        if !row.contains('|') || ends_rows(row.split('|').next().unwrap_or("")) {
            break;
        }
        if let Some(cell) = nth_cell(row, p, k) {
            column.push((cell, p));
        }
        p = end + 1;
    }
    read_cells_of_column(fold, label, bare_scale, column, found)
}

/// The same in tag-stripped text, a cell a line: the header a block of
/// label lines (no value among them) whose line `k` (not the first) is the
/// mention's, then rows as blocks of as many lines, each block's line `k`
/// the row's cell. `None` when the text around is not that (at least two
/// such rows); then the other readers go on.
pub(super) fn read_text_column(
    fold: &str,
    line_start: usize,
    line_end: usize,
    found: &mut Vec<Found>,
) -> Option<bool> {
    let header = block_around(fold, line_start, line_end)?;
    let k = header
        .iter()
        .position(|c| line_start <= c.start && c.start <= line_end)?;
    let text = |c: &Cell| &fold[c.start..c.end];
    if k == 0 || header.len() < 3 || header.iter().any(|c| is_value(text(c))) {
        return None;
    }
    let cell = text(&header[k]);
    let a = cell
        .find("EDSS")
        .or_else(|| cell.to_ascii_lowercase().find("expanded"))?;
    let bare_scale = COLUMN.is_match(cell);
    let tail = cell[a..]
        .split_once(char::is_whitespace)
        .map_or("", |(_, t)| t);
    if !bare_scale
        && (tail.contains(|c: char| c.is_ascii_digit())
            || !TAIL.is_match(tail)
            || !HEAD.is_match(&cell[..a])
            || rejects(&cell[..a], tail))
    {
        return None;
    }
    let limit = floor_boundary(fold, (line_end + MAX_COLUMN).min(fold.len()));
    let mut p = header.last().map_or(line_end, |c| c.end);
    let mut column: Vec<(Cell, usize)> = Vec::new();
    for _ in 0..MAX_ROWS {
        let from = p + fold[p..limit].len() - fold[p..limit].trim_start().len();
        if from >= limit {
            break;
        }
        let end = fold[from..limit].find("\n\n").map_or(limit, |i| from + i);
        let row = split_cells(fold, from, end, '\n');
        if row.len() != header.len() || ends_rows(text(&row[0])) {
            break;
        }
        let Some(cell) = row.into_iter().nth(k) else {
            break;
        };
        column.push((cell, from));
        p = end;
    }
    if column.len() < 2 || !column.iter().all(|(c, _)| is_value(text(c))) {
        return None;
    }
    let label = Label::read(cell);
    Some(read_cells_of_column(fold, label, bare_scale, column, found))
}

/// The lines of the block (between blank lines) holding the line
/// `line_start..line_end`, trimmed, each a cell; `None` for a long block.
fn block_around(fold: &str, line_start: usize, line_end: usize) -> Option<Vec<Cell>> {
    let lo = floor_boundary(fold, line_start.saturating_sub(MAX_HEADER));
    let start = fold[lo..line_start]
        .rfind("\n\n")
        .map_or(lo, |i| lo + i + 2);
    let hi = floor_boundary(fold, (line_end + MAX_HEADER).min(fold.len()));
    let end = fold[line_end..hi].find("\n\n").map_or(hi, |i| line_end + i);
    if (start == lo && lo > 0) || (end == hi && hi < fold.len()) {
        return None;
    }
    let cells = split_cells(fold, start, end, '\n');
    (cells.len() < MAX_CELLS).then_some(cells)
}

/// The longest stretch before or after a header line that its block spans.
const MAX_HEADER: usize = 600;

/// The cells of one column, read: bare scores under a header naming the
/// scale alone as patients' `value`s (two at least, every one on the
/// scale's steps), any other cell with the header's label. A cell that is
/// no value (words, a count's share) ends the column; a dash is skipped.
fn read_cells_of_column(
    fold: &str,
    label: Label,
    bare_scale: bool,
    column: Vec<(Cell, usize)>,
    found: &mut Vec<Found>,
) -> bool {
    let mut scores: Vec<(usize, usize, f64)> = Vec::new();
    let mut off_step = false;
    let mut read = false;
    for (cell, row_start) in column {
        let text = &fold[cell.start..cell.end];
        if !is_value(text) {
            if EMPTY_CELL.is_match(text) {
                continue;
            }
            break;
        }
        match bare_number(text) {
            Some(v) if bare_scale => {
                off_step |= !valid_score(v);
                scores.push((cell.start, cell.end, v));
            }
            _ => read_cells(fold, label, &[cell], row_start, found),
        }
        read = true;
    }
    if scores.len() >= 2 && !off_step {
        for (s, e, v) in scores {
            push(
                found,
                s,
                e,
                EdssValue::Value { value: v },
                "edss.table_column_value",
                0.75,
            );
        }
    }
    read
}

/// The cell at place `k` of a row line starting at `at`, trimmed; `None`
/// when the row is shorter (JATS drops a row's empty cells at its end).
fn nth_cell(row: &str, at: usize, k: usize) -> Option<Cell> {
    let mut p = 0;
    for (i, part) in row.split('|').enumerate() {
        if i == k {
            let lead = part.len() - part.trim_start().len();
            let body = part.trim().len();
            return (body > 0).then_some(Cell {
                start: at + p + lead,
                end: at + p + lead + body,
            });
        }
        p += part.len() + 1;
    }
    None
}

/// A bare number cell (`2.0`, `3,5`), a footnote mark allowed.
fn bare_number(text: &str) -> Option<f64> {
    let t = decimal_points(text);
    let c = BARE_SCORE.captures(&t)?;
    parse_decimal(&c[1])
}

static BARE_SCORE: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^\s*([0-9]{1,2}(?:\.[0-9]{1,2})?)\s*[a-f*†‡§¶]?\s*$"));

/// A cell that holds no score for its row: a dash, `NA`.
static EMPTY_CELL: LazyLock<Regex> =
    LazyLock::new(|| rx(r"^(?i)\s*(?:--?|–|—|na|n/a|nd|nr|unknown|missing)\s*$"));

/// A column header naming the scale alone: `EDSS`, `EDSS score`, `EDSS c`
/// (a footnote letter).
static COLUMN: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)(?:EDSS|expanded\s+disability\s+status\s+scale(?:\s*\(EDSS\))?)(?:\s+scores?)?(?:\s*[a-f*†‡])?$",
    )
});

/// A row label naming a measure or scale of its own (an acronym, `score`),
/// not a group or a visit.
static ANY_MEASURE: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"(?-u:\b)(?:EDSS|MSFC|T25FW|9HPT|MSSS|ARR|FS)(?-u:\b)|(?i:(?-u:\b)(?:score|scale|test|age|years?\s+old)(?-u:\b))",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<EdssValue> {
        let a0 = text.find("EDSS").expect("mention");
        let line_start = text[..a0].rfind('\n').map_or(0, |i| i + 1);
        let mut found = Vec::new();
        read_column(text, line_start, a0, a0 + 4, &mut found);
        found.into_iter().map(|f| f.value).collect()
    }

    #[test]
    fn patients_scores_under_a_bare_header_are_values() {
        let t = "Case | EDSS | Age\n1 | 2.0 | 31\n2 | 4.5 | 40\n3 | 2.0 | 29\n\nNext";
        assert_eq!(read(t).len(), 3);
        // Off the scale's steps: a correlation or a mean, no patient's score.
        let t = "Case | EDSS | Age\n1 | 0.34 | 31\n2 | 4.5 | 40\n";
        assert!(read(t).is_empty());
        // One row alone could be a group's unlabelled statistic.
        let t = "Group | EDSS | Age\nA | 2.0 | 31\n";
        assert!(read(t).is_empty());
    }

    #[test]
    fn a_header_naming_the_statistic_reads_its_column() {
        let t =
            "Group | n | EDSS, median (range)\nA | 20 | 3.0 (1.0–6.0)\nB | 21 | 3.5 (1.5–6.5)\n";
        assert!(matches!(
            read(t).as_slice(),
            [EdssValue::Median { .. }, EdssValue::Median { .. }]
        ));
        // A stratum's column heads characteristics.
        let t = "Variable | EDSS 0-3 | EDSS 4-6\nFemale | 2.0 | 3.0\nMale | 4.0 | 5.0\n";
        assert!(read(t).is_empty());
    }

    #[test]
    fn tag_stripped_text_reads_the_line_at_the_headers_place() {
        let t =
            "Table 2\n\nCase\nAge\nEDSS\nSex\n\n1\n34\n2.5\nF\n\n2\n41\n6.0\nM\n\nNotes follow.";
        let a0 = t.find("EDSS").expect("mention");
        let mut found = Vec::new();
        assert_eq!(read_text_column(t, a0, a0 + 4, &mut found), Some(true));
        assert_eq!(found.len(), 2);
        // Row blocks of another length: no column.
        let t = "Case\nAge\nEDSS\n\n1\n34\n\n2\n41\n6.0\n";
        let a0 = t.find("EDSS").expect("mention");
        assert_eq!(read_text_column(t, a0, a0 + 4, &mut Vec::new()), None);
    }
}
