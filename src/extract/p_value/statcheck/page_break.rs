//! A statistic split by a page break: PDF text carries the running header
//! or footer of the page (a journal line, a page number) into the middle
//! of a result that runs onto the next page (`BF(2,` / `Behav Res (2016)
//! 48:1205–1226` / `70) = 4.48, MSE = 6.61, p <.02`). The page furniture
//! is cut out and the statistic read across the cut.

use super::Statistic;

/// At most this many lines of page furniture (a footer, a page number, a
/// running header) stand between the two halves of a statistic.
const MAX_FURNITURE_LINES: usize = 3;
/// A furniture line is short.
const MAX_FURNITURE_CHARS: usize = 100;

/// A line of the window: its byte span (without the line break) and
/// whether a form feed ends it.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    form_feed: bool,
}

fn lines(w: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in w.bytes().enumerate() {
        if b == b'\n' || b == b'\x0c' {
            out.push(Line {
                start,
                end: i,
                form_feed: b == b'\x0c',
            });
            start = i + 1;
        }
    }
    out.push(Line {
        start,
        end: w.len(),
        form_feed: false,
    });
    out
}

/// The cuts to try in `w` (the text before a `p`), nearest first: byte
/// spans `[a, b)` from the end of a line that opens a statistic to the
/// start of the line that goes on with it, over blank lines, form feeds
/// and up to [`MAX_FURNITURE_LINES`] short lines with no comparator. A cut
/// is a page break only when it has a form feed or blank lines on both
/// sides of its furniture (a bare blank line when it has none).
fn cuts(w: &str) -> Vec<(usize, usize)> {
    let ls = lines(w);
    let blank = |l: &Line| w[l.start..l.end].trim().is_empty();
    let mut out = Vec::new();
    let Some(&last) = ls.last() else {
        return out;
    };
    // The continuation: the last line (it holds the text up to the `p`).
    let b =
        last.start + (w[last.start..last.end].len() - w[last.start..last.end].trim_start().len());
    // Walk back: blank lines (and form feeds) and furniture lines, until
    // the line the statistic starts on.
    let mut furniture = 0;
    let mut form_feed = false;
    // Blank lines seen since the last furniture line (or the continuation).
    let mut blank_after = false;
    let mut isolated = true;
    for i in (0..ls.len() - 1).rev() {
        let l = ls[i];
        form_feed |= l.form_feed;
        if blank(&l) {
            blank_after = true;
            continue;
        }
        // `l` may be the line the statistic starts on.
        let page_break = form_feed || (blank_after && isolated);
        if page_break {
            let text = &w[l.start..l.end];
            let a = l.start + text.trim_end().len();
            out.push((a, b));
        }
        // Or furniture, between the statistic's line and the continuation.
        let text = w[l.start..l.end].trim();
        if furniture == MAX_FURNITURE_LINES
            || text.chars().count() > MAX_FURNITURE_CHARS
            || text.contains(['=', '<', '>'])
        {
            break;
        }
        // Furniture must have a blank line after it (or a form feed).
        isolated &= blank_after || form_feed;
        furniture += 1;
        blank_after = false;
    }
    out
}

/// The statistic before `p_start` in `s`, read across a page break in the
/// window before it (see the module): `read` parses the text before a `p`
/// without the break. Returned spans index `s` (the statistic's span
/// covers the furniture cut out of it).
pub(super) fn statistic_across_page_break(
    s: &str,
    p_start: usize,
    lookback: usize,
    read: impl Fn(&str, usize) -> Option<Statistic>,
) -> Option<Statistic> {
    let mut from = p_start.saturating_sub(lookback);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    let w = &s[from..p_start];
    // Only a window with a blank line or a form feed has a page break.
    if memchr::memchr(b'\x0c', w.as_bytes()).is_none() && !has_blank_line(w) {
        return None;
    }
    for (a, b) in cuts(w).into_iter().take(MAX_FURNITURE_LINES + 1) {
        let spliced = format!("{} {}", &w[..a], &w[b..]);
        let Some(st) = read(&spliced, spliced.len()) else {
            continue;
        };
        // Offsets after the inserted space move past the cut.
        let shift = |x: usize| if x > a { x + (b - a) - 1 } else { x };
        return Some(Statistic {
            start: from + shift(st.start),
            end: from + shift(st.end),
            ..st
        });
    }
    None
}

fn has_blank_line(w: &str) -> bool {
    let mut newlines = memchr::memchr_iter(b'\n', w.as_bytes());
    let Some(mut prev) = newlines.next() else {
        return false;
    };
    for i in newlines {
        if w[prev + 1..i].trim().is_empty() {
            return true;
        }
        prev = i;
    }
    false
}
