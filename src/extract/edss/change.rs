//! Changes from one level to another in the clause after the mention:
//! `reduced from 6.75 ± 0.68 at baseline to 6.42 ± 0.84`, `a decline after
//! one year (5 to 2.5)`; the means around `±` are statements too.

use super::after::STAT_BEFORE;
use super::shape::{direction, on_scale, range_tail_ok, rx, N, VERB};
use super::{push, Found};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

// Change from/to anywhere after the mention in its clause: "reduced from
// 6.75 ± 0.68 at baseline to 6.42 ± 0.84", "had a decline after one year
// (5 to 2.5)", "declined from 7.0 before treatment to 5.5".
static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
    // "changed from 5.9 ± 0.7 to 5.7 ± 0.9": the ends give the way.
    let verb = format!("{}|chang(?:ed|es|ing|e))", &VERB[..VERB.len() - 1]);
    rx(&format!(
        r"(?i)(?-u:\b){verb}[^.;\d()]{{0,40}}?(?:\(\s*|from\s+){N}(?:\s*(?:±|\+\s*/\s*-)\s*{N})?(?:\s+[a-z][a-z ]{{0,30}}?)?\s+to\s+{N}(?:\s*(?:±|\+\s*/\s*-)\s*{N})?",
    ))
});

/// Changes from/to in the clause after the mention: `reduced from 6.75 ±
/// 0.68 at baseline to 6.42 ± 0.84`, `a decline after one year (5 to
/// 2.5)`. The means around `±` are statements too.
pub(super) fn read_from_to(
    fold: &str,
    s0: usize,
    s1: usize,
    a0: usize,
    a1: usize,
    end: usize,
    found: &mut Vec<Found>,
) {
    let _ = (s0, s1);
    let clause = &fold[a1..end];
    let head = &fold[floor_boundary(fold, a0.saturating_sub(40))..a0];
    let mean_context = STAT_BEFORE
        .captures(head)
        .is_some_and(|c| !c[1].eq_ignore_ascii_case("median"));
    for c in FROM_TO.captures_iter(clause) {
        let m = c.get(0).expect("match");
        if !range_tail_ok(&clause[m.end()..]) {
            continue;
        }
        let (Some(from), Some(to)) = (parse_decimal(&c[2]), parse_decimal(&c[4])) else {
            continue;
        };
        let changed = c[1].to_ascii_lowercase().starts_with("chang");
        if (direction(&c[1]).is_none() && !changed)
            || !on_scale(from)
            || !on_scale(to)
            || from == to
        {
            continue;
        }
        push(
            found,
            a0,
            a1 + m.end(),
            EdssValue::Change {
                delta: None,
                from: Some(from),
                to: Some(to),
            },
            "edss.change_from_to",
            0.8,
        );
        // The SDs make both ends means ("mean EDSS … from 6.75 ± 0.68 … to
        // 6.42 ± 0.84"), with or without the word "mean" before.
        for (v, sd) in [(2, 3), (4, 5)] {
            if let (Some(vg), Some(sg)) = (c.get(v), c.get(sd)) {
                if let (Some(mean), Some(sd)) =
                    (parse_decimal(vg.as_str()), parse_decimal(sg.as_str()))
                {
                    let _ = mean_context;
                    push(
                        found,
                        a1 + vg.start(),
                        a1 + sg.end(),
                        EdssValue::Mean { mean, sd: Some(sd) },
                        "edss.mean_sd",
                        0.85,
                    );
                }
            }
        }
    }
}
