//! Indexes made once per document (issue 17). Every question a count asks of
//! the text around it must cost a bounded window or a binary search: a scan
//! over its whole sentence, or over all candidates so far, costs nothing in
//! a paper but makes a table dump of 100,000 `(n = 27)` cells quadratic.

use super::fast_hash::FxBuild;
use crate::extract::sample_size::lexicon::{ALLOCATION, BRACKET, RANDOMIZATION};
use crate::extract::sample_size::Cand;
use crate::normalize::Document;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Where the round and square brackets of `fold` are, so that "does a
/// bracket stay open between here and there" and "where does this bracket
/// close" cost a binary search instead of a walk over the sentence.
pub(super) struct Brackets {
    /// Every `(`, `[`, `)`, `]` in order, with the net depth (opens minus
    /// closes, from the document start) after it.
    pub(super) at: Vec<(u32, i32)>,
    /// The round ones alone: what `(… n = 27)` lookups ask for.
    pub(super) open_paren: Vec<u32>,
    pub(super) close_paren: Vec<u32>,
}

impl Brackets {
    pub(super) fn new(fold: &str) -> Brackets {
        let (mut at, mut open_paren, mut close_paren) = (Vec::new(), Vec::new(), Vec::new());
        let mut depth = 0i32;
        // Brackets are a byte in fifty: memchr finds them, in text order
        // (`(`, `)`, `[` by one search, `]` by another).
        let bytes = fold.as_bytes();
        let mut three = memchr::memchr3_iter(b'(', b')', b'[', bytes).peekable();
        let mut square = memchr::memchr_iter(b']', bytes).peekable();
        let next = || match (three.peek(), square.peek()) {
            (Some(&x), Some(&y)) if y < x => square.next(),
            (Some(_), _) => three.next(),
            (None, _) => square.next(),
        };
        for i in std::iter::from_fn(next) {
            let b = bytes[i];
            let i = i as u32;
            match b {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                _ => continue,
            }
            at.push((i, depth));
            match b {
                b'(' => open_paren.push(i),
                b')' => close_paren.push(i),
                _ => {}
            }
        }
        Brackets {
            at,
            open_paren,
            close_paren,
        }
    }

    /// Net depth from the document start to byte `x` (exclusive).
    pub(super) fn depth_before(&self, x: usize) -> i64 {
        let i = self.at.partition_point(|&(p, _)| (p as usize) < x);
        if i == 0 {
            0
        } else {
            self.at[i - 1].1 as i64
        }
    }

    /// `unclosed` of `fold[a..b]`: more brackets open than close there.
    pub(super) fn unclosed(&self, a: usize, b: usize) -> bool {
        self.depth_before(b) - self.depth_before(a) > 0
    }

    /// The last `(` in `lo..hi`.
    pub(super) fn last_open_paren(&self, lo: usize, hi: usize) -> Option<usize> {
        let i = self.open_paren.partition_point(|&p| (p as usize) < hi);
        let p = *self.open_paren[..i].last()? as usize;
        (p >= lo).then_some(p)
    }

    /// The first `)` at `from` or after it.
    pub(super) fn next_close_paren(&self, from: usize) -> Option<usize> {
        let i = self.close_paren.partition_point(|&p| (p as usize) < from);
        self.close_paren.get(i).map(|&p| p as usize)
    }
}

/// Whether a sentence-wide pattern (`randomized`, a group word) occurs in a
/// count's sentence, asked once per sentence however many counts it holds.
pub(super) struct SentenceTest {
    pub(super) re: &'static LazyLock<Regex>,
    pub(super) seen: std::cell::RefCell<HashMap<usize, bool>>,
    /// How many sentences the pattern was run over (tests count the work).
    pub(super) runs: std::cell::Cell<usize>,
}

impl SentenceTest {
    pub(super) fn new(re: &'static LazyLock<Regex>) -> SentenceTest {
        SentenceTest {
            re,
            seen: Default::default(),
            runs: Default::default(),
        }
    }

    pub(super) fn is_match(&self, fold: &str, (ss, se): (usize, usize)) -> bool {
        *self.seen.borrow_mut().entry(ss).or_insert_with(|| {
            self.runs.set(self.runs.get() + 1);
            self.re.is_match(&fold[ss..se])
        })
    }
}

/// A span of `fold`, read as a match is (`start()`, `end()`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Span(usize, usize);

impl Span {
    pub(super) fn start(&self) -> usize {
        self.0
    }
    pub(super) fn end(&self) -> usize {
        self.1
    }
}

/// What the stages share, made once per document.
pub(super) struct Index {
    pub(super) brackets: Brackets,
    pub(super) allocation: SentenceTest,
    pub(super) randomization: SentenceTest,
    /// The matches of [`BRACKET`] in `fold`, in text order: the breakdowns
    /// and the groups' brackets both read them (issue 15: each stage used
    /// to search the whole text for them).
    pub(super) bracket_spans: Vec<Span>,
}

impl Index {
    pub(super) fn new(doc: &Document) -> Index {
        Index {
            brackets: Brackets::new(&doc.fold),
            allocation: SentenceTest::new(&ALLOCATION),
            randomization: SentenceTest::new(&RANDOMIZATION),
            bracket_spans: BRACKET
                .find_iter(&doc.fold)
                .map(|m| Span(m.start(), m.end()))
                .collect(),
        }
    }
}

/// The candidates of `out` by start, for [`ByStart::replace`]. Starts are
/// unique in `out`; like a scan of `out`, the index answers with the first
/// candidate at a start.
pub(super) struct ByStart(HashMap<usize, usize, FxBuild>);

impl ByStart {
    pub(super) fn new(out: &[Cand]) -> ByStart {
        let mut m = HashMap::with_capacity_and_hasher(out.len(), FxBuild::default());
        for (i, c) in out.iter().enumerate() {
            m.entry(c.start).or_insert(i);
        }
        ByStart(m)
    }

    pub(super) fn get(&self, start: usize) -> Option<usize> {
        self.0.get(&start).copied()
    }

    /// Replaces the candidate at the same start, or adds it.
    pub(super) fn replace(&mut self, out: &mut Vec<Cand>, c: Cand) {
        if let Some(i) = self.get(c.start) {
            out[i] = c;
        } else {
            self.0.insert(c.start, out.len());
            out.push(c);
        }
    }
}

/// A snapshot of candidate spans sorted by start, with the running maximum
/// of their ends, to find the candidates that cover a span without walking
/// all of `out`.
pub(super) struct Spans {
    /// (start, end, index in `out`)
    pub(super) by_start: Vec<(usize, usize, usize)>,
    pub(super) max_end: Vec<usize>,
}

impl Spans {
    pub(super) fn new(out: &[Cand]) -> Spans {
        let mut by_start: Vec<(usize, usize, usize)> = out
            .iter()
            .enumerate()
            .map(|(i, c)| (c.start, c.end, i))
            .collect();
        by_start.sort_unstable();
        let mut max_end = Vec::with_capacity(by_start.len());
        let mut m = 0;
        for &(_, e, _) in &by_start {
            m = m.max(e);
            max_end.push(m);
        }
        Spans { by_start, max_end }
    }

    /// Indexes (in `out`) of the candidates with `start <= s` and `end >= e`.
    pub(super) fn covering(&self, s: usize, e: usize) -> impl Iterator<Item = usize> + '_ {
        let i = self.by_start.partition_point(|&(cs, _, _)| cs <= s);
        (0..i)
            .rev()
            .take_while(move |&j| self.max_end[j] >= e)
            .filter(move |&j| self.by_start[j].1 >= e)
            .map(move |j| self.by_start[j].2)
    }
}

/// Whether `s` leaves a bracket open (what [`Brackets::unclosed`] answers
/// from its index).
#[cfg(test)]
pub(super) fn unclosed(s: &str) -> bool {
    let mut depth = 0i32;
    for ch in s.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

#[cfg(test)]
mod tests {
    //! The indexes answer as the scans they replace did.

    use super::*;
    use crate::extract::sample_size::{Cand, Role};

    /// A small deterministic generator, so that the cases are the same on
    /// every run.
    fn pseudo_random(seed: u64) -> impl FnMut(usize) -> usize {
        let mut x = seed;
        move |n| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        }
    }

    #[test]
    fn brackets_answer_as_a_scan_of_the_text_does() {
        let alphabet = ["(", ")", "[", "]", "a", " ", "é", "n = 2"];
        let mut r = pseudo_random(7);
        for _ in 0..50 {
            let s: String = (0..40).map(|_| alphabet[r(alphabet.len())]).collect();
            let b = Brackets::new(&s);
            let cuts: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
            for &x in &cuts {
                assert_eq!(
                    b.next_close_paren(x),
                    s[x..].find(')').map(|p| x + p),
                    "{s:?} from {x}"
                );
                for &y in cuts.iter().filter(|&&y| y >= x) {
                    assert_eq!(b.unclosed(x, y), unclosed(&s[x..y]), "{s:?} {x}..{y}");
                    assert_eq!(b.last_open_paren(x, y), s[x..y].rfind('(').map(|p| x + p));
                }
            }
        }
    }

    #[test]
    fn spans_cover_as_a_walk_over_the_candidates_does() {
        let mut r = pseudo_random(11);
        let out: Vec<Cand> = (0..200)
            .map(|_| {
                let start = r(500);
                Cand::ungrouped(start, start + 1 + r(30), 1, Role::Total, "test", 0.5)
            })
            .collect();
        let spans = Spans::new(&out);
        for s in 0..540 {
            for e in [s + 1, s + 5] {
                let mut got: Vec<usize> = spans.covering(s, e).collect();
                got.sort_unstable();
                let want: Vec<usize> = (0..out.len())
                    .filter(|&i| out[i].start <= s && out[i].end >= e)
                    .collect();
                assert_eq!(got, want, "{s}..{e}");
            }
        }
    }
}
