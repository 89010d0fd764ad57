//! Tables as text: one line per row, the row's label first and its cells in
//! order, separated by ` | `.
//!
//! ` | ` and not a tab: the extractors match against a view where a tab is
//! a space, and numbers.rs reads `1 094` as one thousand and ninety-four,
//! so two cells `12` and `094` must never meet with only whitespace
//! between them.
//!
//! Spans are laid out on a grid so that columns stay aligned for a reader
//! of rows: a cell spanning columns is written once, followed by empty
//! cells; a cell spanning rows is carried down only in the first column
//! (a row label such as `EDSS` over `baseline` and `week 48` rows), never
//! in value columns, where repeating it would count a number twice. A cell
//! that spans the whole row is a sub-heading and stands alone on its line.
//! Empty cells at the end of a row are dropped.

/// Upper bounds against absurd `colspan`/`rowspan` values (`colspan="9999"`
/// would otherwise make rows of ten thousand empty cells).
const MAX_SPAN: usize = 100;

#[derive(Debug, Default)]
pub(super) struct Table {
    rows: Vec<Vec<Cell>>,
}

#[derive(Debug)]
struct Cell {
    text: String,
    colspan: usize,
    rowspan: usize,
    header: bool,
}

impl Table {
    pub(super) fn start_row(&mut self) {
        self.rows.push(Vec::new());
    }

    /// A cell of the current row (a row is started if a cell comes first).
    /// `header`: a `th`, whose text is not carried down a row span (a
    /// header row says `Characteristic` once).
    pub(super) fn cell(&mut self, text: String, colspan: usize, rowspan: usize, header: bool) {
        if self.rows.is_empty() {
            self.start_row();
        }
        let row = self.rows.last_mut().expect("a row");
        row.push(Cell {
            text,
            colspan: colspan.clamp(1, MAX_SPAN),
            rowspan: rowspan.clamp(1, MAX_SPAN),
            header,
        });
    }

    /// The rows as lines (no trailing newline on the last).
    pub(super) fn render(&self) -> Vec<String> {
        let width = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.colspan).sum::<usize>())
            .max()
            .unwrap_or(0);
        // Column positions taken by row spans from above: (rows left, text).
        let mut carried: Vec<Option<(usize, String)>> = vec![None; width];
        let mut lines = Vec::new();
        for row in &self.rows {
            let mut grid: Vec<String> = Vec::with_capacity(width);
            let mut cells = row.iter();
            let mut col = 0;
            let mut full_row = false;
            loop {
                if col < width {
                    if let Some((left, text)) = carried[col].take() {
                        grid.push(if col == 0 {
                            text.clone()
                        } else {
                            String::new()
                        });
                        if left > 1 {
                            carried[col] = Some((left - 1, text));
                        }
                        col += 1;
                        continue;
                    }
                }
                let Some(cell) = cells.next() else {
                    // Spans from above further right still use up this row.
                    for slot in carried.iter_mut().skip(col) {
                        if let Some((left, text)) = slot.take() {
                            if left > 1 {
                                *slot = Some((left - 1, text));
                            }
                        }
                    }
                    break;
                };
                if cell.colspan >= width && width > 1 && !cell.text.is_empty() {
                    full_row = true;
                }
                for k in 0..cell.colspan {
                    grid.push(if k == 0 {
                        cell.text.clone()
                    } else {
                        String::new()
                    });
                    if cell.rowspan > 1 && col < width {
                        let text = if cell.header {
                            String::new()
                        } else {
                            cell.text.clone()
                        };
                        carried[col] = Some((cell.rowspan - 1, text));
                    }
                    col += 1;
                }
            }
            while grid.last().is_some_and(String::is_empty) {
                grid.pop();
            }
            if grid.is_empty() {
                continue;
            }
            if full_row {
                lines.push(grid.concat());
            } else {
                lines.push(grid.join(" | "));
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[(&str, usize, usize)]]) -> Vec<String> {
        let mut t = Table::default();
        for r in rows {
            t.start_row();
            for &(text, c, rs) in r.iter() {
                t.cell(text.to_string(), c, rs, false);
            }
        }
        t.render()
    }

    #[test]
    fn rows_keep_label_first_and_columns_aligned() {
        let lines = table(&[
            &[("", 1, 1), ("Treatment groups", 2, 1)],
            &[
                ("Characteristic", 1, 1),
                ("Placebo (n = 27)", 1, 1),
                ("MSC (n = 27)", 1, 1),
            ],
            &[("Baseline", 3, 1)],
            &[("EDSS", 1, 2), ("4.0 (3.0–6.5)", 1, 1), ("4.5", 1, 1)],
            &[("5.0", 1, 1), ("5.5", 1, 1)],
            &[("Relapses", 1, 1), ("12", 1, 1), ("", 1, 1)],
        ]);
        assert_eq!(
            lines,
            vec![
                " | Treatment groups",
                "Characteristic | Placebo (n = 27) | MSC (n = 27)",
                "Baseline",
                "EDSS | 4.0 (3.0–6.5) | 4.5",
                "EDSS | 5.0 | 5.5",
                "Relapses | 12",
            ]
        );
    }

    #[test]
    fn value_cells_spanning_rows_are_not_repeated() {
        let lines = table(&[
            &[("Age", 1, 1), ("45", 1, 2), ("0.03", 1, 1)],
            &[("Sex", 1, 1), ("0.41", 1, 1)],
        ]);
        assert_eq!(lines, vec!["Age | 45 | 0.03", "Sex |  | 0.41"]);
    }

    #[test]
    fn absurd_spans_are_bounded() {
        let lines = table(&[&[("a", 1_000_000, 1_000_000)], &[("b", 1, 1)]]);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "a");
        assert!(lines[1].starts_with("a |") && lines[1].ends_with("| b"));
        assert!(lines[1].len() < 4 * MAX_SPAN, "{}", lines[1].len());
    }
}
