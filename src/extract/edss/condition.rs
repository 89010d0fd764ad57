//! The baseline a progression definition is conditioned on, when it does
//! not name the scale again: `an EDSS increase of at least 1.0 point from a
//! baseline of 1.0 or more` (or `in patients with a baseline score ≥ 5.5`).
//! The baseline there is a condition of the definition, a limit written
//! with a comparator, which the gold keeps as a `threshold` (as it keeps
//! `(≥0.5 if baseline EDSS > 5.5)`); a baseline of one level (`from a
//! baseline of 0`) is no limit and gives nothing.

use super::shape::{comparator, or_more, rx, COMP, UNIT};
use super::{push, Found};
use crate::extract::numbers::parse_decimal;
use crate::extract::text::floor_boundary;
use crate::record::EdssValue;
use regex::Regex;
use std::sync::LazyLock;

/// Right after a change's size: the unit perhaps, then the baseline the
/// change is counted from or the patients it applies to, then its limit
/// (`≥ 5.5`, `of at least 1.0`, `of 1.0 or more`). A baseline that names
/// the scale (`if baseline EDSS > 5.5`) is that mention's own reading.
static BASELINE_LIMIT: LazyLock<Regex> = LazyLock::new(|| {
    rx(&format!(
        r"^(?i)\s*(?:-?\s*{UNIT}\s*)?(?:from|with|if|when|(?:in|for|among)\s+(?:patients|participants|subjects|those|people)\s+with)\s+(?:an?\s+|the\s+|their\s+)?(?:baseline|entry|initial|screening)\s+(?:scores?\s+)?(?:(?:of|was|is|were)\s+)?(?:{COMP}\s*(\d{{1,2}}(?:\.\d)?)|(\d{{1,2}}(?:\.\d)?)\s+or\s+(more|higher|greater|above|less|lower|below))(?-u:\b)"
    ))
});

/// For each change of a stated size found for this mention (from
/// `found[before..]`), the baseline limit right after it, as a threshold;
/// `s1` ends the sentence.
pub(super) fn read_baseline_limits(fold: &str, s1: usize, before: usize, found: &mut Vec<Found>) {
    let ends: Vec<usize> = found[before..]
        .iter()
        .filter(|f| {
            matches!(
                f.value,
                EdssValue::Change {
                    delta: Some(_),
                    from: None,
                    to: None,
                }
            )
        })
        .map(|f| f.end)
        .collect();
    for end in ends {
        let stop = floor_boundary(fold, (end + 120).min(s1).max(end));
        let Some(c) = BASELINE_LIMIT.captures(&fold[end..stop]) else {
            continue;
        };
        let (cmp, num) = match (c.get(2), c.get(3), c.get(4), c.get(5)) {
            (Some(_), Some(n), _, _) => (comparator(&c[2]), n),
            (_, _, Some(n), Some(w)) => (or_more(w.as_str()), n),
            _ => continue,
        };
        let (Some(comparator), Some(value)) = (cmp, parse_decimal(num.as_str())) else {
            continue;
        };
        if !(0.0..=10.0).contains(&value) {
            continue;
        }
        let from = c.get(2).unwrap_or(num).start();
        let to = c.get(5).map_or(num.end(), |w| w.end());
        push(
            found,
            end + from,
            end + to,
            EdssValue::Threshold { comparator, value },
            "edss.baseline_limit",
            0.7,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(rest: &str) -> Option<String> {
        BASELINE_LIMIT.captures(rest).map(|c| {
            let cmp = c.get(2).map_or("", |m| m.as_str());
            let n = c.get(3).or(c.get(4)).map_or("", |m| m.as_str());
            let w = c.get(5).map_or("", |m| m.as_str());
            format!("{cmp}{n}{w}")
        })
    }

    #[test]
    fn a_baseline_limit_needs_a_comparator() {
        assert_eq!(
            limit(" from a baseline of 1.0 or more, or").as_deref(),
            Some("1.0more")
        );
        assert_eq!(
            limit(" points in patients with a baseline score above 5.5.").as_deref(),
            Some("above5.5")
        );
        assert_eq!(limit(" if the baseline was ≥ 5.5").as_deref(), Some("≥5.5"));
        // One level, another scale named, or no baseline: no limit.
        assert_eq!(limit(" from a baseline of 0, confirmed"), None);
        assert_eq!(limit(" from a baseline EDSS of 1.0 or more"), None);
        assert_eq!(limit(" at 12 weeks (≥ 5.5)"), None);
    }
}
