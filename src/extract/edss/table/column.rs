//! Tables flattened column by column, as `pdftotext` reads a table whose
//! columns stand apart: the stub column's labels one a line, a blank line,
//! then each group column as its head (`Placebo`, `(n = 27)`) and its
//! values, one a line, a blank line after each.
//!
//! A label is tied to the values at its place in each column only when the
//! counts line up: as many labels (past a caption and a stub head such as
//! `Characteristic`) as values in every column, every column with a head.
//! A label without values (a section heading), a wrapped label or a
//! missing cell breaks the count, and then nothing is read.

use super::super::shape::rx;
use super::super::Found;
use super::cells::{is_p_value, is_value, read_cells, Cell, Label};
use super::{rejects, MAX_CELLS};
use regex::Regex;
use std::sync::LazyLock;

/// The most lines of a label block (the stub column).
const MAX_LABELS: usize = 40;

/// A table caption line: `Table 1 Baseline characteristics`.
static CAPTION: LazyLock<Regex> = LazyLock::new(|| rx(r"^(?i)\s*table\s+[0-9ivx]+(?-u:\b)"));

/// A stub column's head: `Characteristic`, `Variable`, `Outcome`.
static STUB_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^(?i)\s*(?:characteristics?|variables?|parameters?|outcomes?|measures?|features?|items?)\s*$",
    )
});

/// A count cell: `285 (69%)`, `12/40 (30.0%)`, `69%`. It holds its row's
/// place in a column though it is no score.
static COUNT_CELL: LazyLock<Regex> = LazyLock::new(|| {
    rx(
        r"^\d{1,6}(?:/\d{1,6})?\s*[(\[]\s*\d{1,3}(?:[.·]\d{1,2})?\s*%\s*[)\]]$|^\d{1,3}(?:[.·]\d{1,2})?\s*%$",
    )
});

/// One line of `fold`: its span, trimmed.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

/// The lines of `fold[from..to]`, blank ones as empty spans.
fn lines(fold: &str, from: usize, to: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut p = from;
    for part in fold[from..to].split('\n') {
        let lead = part.len() - part.trim_start().len();
        let body = part.trim().len();
        out.push(Line {
            start: p + lead,
            end: p + lead + body,
        });
        p += part.len() + 1;
    }
    out
}

/// A value line: a cell's shape, a count with its percentage, or a
/// p-value (`0.021`, `<0.001`, `p = 0.3`), never a word (`Placebo`, the
/// `P` column's head).
fn is_cell(fold: &str, l: Line) -> bool {
    let t = &fold[l.start..l.end];
    is_value(t) || is_p_value(t) || COUNT_CELL.is_match(t)
}

/// Reads the row whose label is the line `line_start..line_end` when the
/// table around it is flattened column by column; returns whether it was
/// (then the other readers leave the row alone).
pub(super) fn read_columns(
    fold: &str,
    line_start: usize,
    line_end: usize,
    head: &str,
    tail: &str,
    found: &mut Vec<Found>,
) -> bool {
    let Some((labels, at, block_end)) = label_block(fold, line_start, line_end) else {
        return false;
    };
    let Some(columns) = value_columns(fold, block_end) else {
        return false;
    };
    let values = columns[0].len();
    if columns.iter().any(|c| c.len() != values) {
        return false;
    }
    // Past the caption and the stub column's head, one label a value.
    let mut first = labels
        .iter()
        .rposition(|l| CAPTION.is_match(&fold[l.start..l.end]))
        .map_or(0, |i| i + 1);
    if labels.len() - first == values + 1
        && STUB_HEAD.is_match(&fold[labels[first].start..labels[first].end])
    {
        first += 1;
    }
    if at < first || labels.len() - first != values {
        return false;
    }
    if rejects(head, tail) {
        return true;
    }
    let i = at - first;
    let cells: Vec<Cell> = columns
        .iter()
        .map(|c| Cell {
            start: c[i].start,
            end: c[i].end,
        })
        .collect();
    let label = Label::read(&format!("{head} {tail}"));
    read_cells(fold, label, &cells, line_start, found);
    true
}

/// The block of label lines holding the line at `line_start`: no blank
/// line and no value inside, a blank line after it. Returns its lines,
/// the index of the row's line and where the blank line after it starts.
fn label_block(
    fold: &str,
    line_start: usize,
    line_end: usize,
) -> Option<(Vec<Line>, usize, usize)> {
    // Back to the blank line (or the text's start) before the block.
    let mut start = line_start;
    for _ in 0..MAX_LABELS {
        if start == 0 {
            break;
        }
        let prev = fold[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if fold[prev..start - 1].trim().is_empty() {
            break;
        }
        start = prev;
    }
    // On to the blank line after it.
    let mut end = line_end;
    let mut n = 0;
    while end < fold.len() {
        let next = end + 1;
        let e = fold[next..].find('\n').map_or(fold.len(), |i| next + i);
        if fold[next..e].trim().is_empty() {
            break;
        }
        end = e;
        n += 1;
        if n > MAX_LABELS {
            return None;
        }
    }
    if end >= fold.len() {
        return None;
    }
    let block = lines(fold, start, end);
    if block.len() < 3 || block.len() > MAX_LABELS || block.iter().any(|&l| is_cell(fold, l)) {
        return None;
    }
    let at = block
        .iter()
        .position(|l| line_start <= l.start && l.start <= line_end)?;
    Some((block, at, end))
}

/// The group columns after the label block: each a head of one to three
/// lines that are no values, then its values, one a line, up to a blank
/// line (or, for the last column, up to the note below it). At least two
/// columns; a block of another shape ends them.
fn value_columns(fold: &str, from: usize) -> Option<Vec<Vec<Line>>> {
    let mut columns = Vec::new();
    let mut p = from;
    while columns.len() < MAX_CELLS {
        while p < fold.len() && fold.as_bytes()[p].is_ascii_whitespace() {
            p += 1;
        }
        if p >= fold.len() {
            break;
        }
        let end = fold[p..].find("\n\n").map_or(fold.len(), |i| p + i);
        let block = lines(fold, p, end);
        let heads = block.iter().take_while(|&&l| !is_cell(fold, l)).count();
        let count = block[heads..]
            .iter()
            .take_while(|&&l| is_cell(fold, l))
            .count();
        let values = &block[heads..heads + count];
        if !(1..=3).contains(&heads) || values.is_empty() {
            break;
        }
        if heads + count < block.len() {
            // The table's note right below the last column, no blank line
            // between (`Data are mean (SD)`): the column ends where its
            // values do, when they are as many as the other columns'.
            let trailing_blank = block[heads + count..].iter().all(|l| l.start == l.end);
            if trailing_blank
                || columns
                    .first()
                    .is_some_and(|c: &Vec<Line>| c.len() == count)
            {
                columns.push(values.to_vec());
            }
            break;
        }
        columns.push(values.to_vec());
        p = end;
    }
    (columns.len() >= 2).then_some(columns)
}
