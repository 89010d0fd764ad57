//! Sample sizes, scored four ways (see the metric definitions in
//! [`super`]): the summary's total (top-1), any reported size among the
//! gold totals, the arms as a multiset, and the precision of every size
//! reported for the study.

use super::evidence::{count_spellings, Doc, PEOPLE};
use super::gold::{GoldDoc, GoldSampleSize};
use super::score::Scorer;
use crate::record::{Field, Finding, SampleRole, Value};

/// A reported size: its `n`, role and finding.
type Size<'a> = (u64, SampleRole, &'a Finding);

/// A size of this study (not another study's, not a part of a group).
fn own(r: SampleRole) -> bool {
    !matches!(r, SampleRole::Cited | SampleRole::Subgroup)
}

/// The gold values `got` misses, and those of `got` left over, matching
/// equal values one to one (multisets).
fn multiset_diff(gold: &[u64], mut got: Vec<u64>) -> (Vec<u64>, Vec<u64>) {
    let mut missed = Vec::new();
    for n in gold {
        match got.iter().position(|m| m == n) {
            Some(i) => {
                got.swap_remove(i);
            }
            None => missed.push(*n),
        }
    }
    (missed, got)
}

impl Scorer {
    pub fn sample_size(&mut self, g: &GoldDoc, d: &Doc) {
        let Some(gs) = &g.sample_size else { return };
        let sizes: Vec<Size> = d
            .of(Field::SampleSize)
            .filter_map(|f| match &f.value {
                Value::SampleSize(v) => Some((v.n, v.role, f)),
                _ => None,
            })
            .collect();
        self.total_top1(gs, d, &sizes);
        self.any_match(gs, d, &sizes);
        self.arms(gs, d, &sizes);
        self.summary_arms(gs, d, &sizes);
        self.reported(gs, d, &sizes);
    }

    /// `sample_size_total`: the summary's total against the gold totals.
    fn total_top1(&mut self, gs: &GoldSampleSize, d: &Doc, sizes: &[Size]) {
        let total = d.summary.sample_size.total;
        let ok = match total {
            Some(n) => gs.total.contains(&n),
            None => gs.total.is_empty(),
        };
        let t = self.tally("sample_size_total");
        if !gs.total.is_empty() {
            t.docs += 1;
            t.correct += ok as usize;
        }
        match total {
            Some(n) if gs.total.contains(&n) => t.tp += 1,
            Some(n) => {
                t.fp += 1;
                t.fn_ += (!gs.total.is_empty()) as usize;
                let ctx = sizes
                    .iter()
                    .find(|s| s.0 == n)
                    .map(|s| s.2.context.clone())
                    .unwrap_or_else(|| format!("summary total {n} (no finding with this n)"));
                self.push(
                    d.name,
                    "sample_size_total",
                    "false_positive",
                    n.to_string(),
                    &ctx,
                );
                if !gs.total.is_empty() {
                    self.miss_total(d, &gs.total, "sample_size_total");
                }
            }
            None if !gs.total.is_empty() => {
                t.fn_ += 1;
                self.miss_total(d, &gs.total, "sample_size_total");
            }
            None => {}
        }
    }

    /// `sample_size_any`: any reported size of the study among the totals.
    fn any_match(&mut self, gs: &GoldSampleSize, d: &Doc, sizes: &[Size]) {
        if gs.total.is_empty() {
            return;
        }
        let ss = &d.summary.sample_size;
        let summary_hit = [ss.total, ss.enrolled, ss.randomized, ss.analyzed]
            .iter()
            .flatten()
            .any(|n| gs.total.contains(n));
        let hit = summary_hit
            || sizes
                .iter()
                .any(|(n, r, _)| own(*r) && gs.total.contains(n));
        let t = self.tally("sample_size_any");
        t.docs += 1;
        if hit {
            t.tp += 1;
        } else {
            t.fn_ += 1;
            self.miss_total(d, &gs.total, "sample_size_any");
        }
    }

    /// `sample_size_arms`: arm recall (multiset). Reported arms beyond the
    /// gold are not counted here; `sample_size_reported` judges them.
    fn arms(&mut self, gs: &GoldSampleSize, d: &Doc, sizes: &[Size]) {
        let found = sizes.iter().filter(|s| s.1 == SampleRole::Arm).map(|s| s.0);
        let (missed, _) = multiset_diff(&gs.arms, found.collect());
        let t = self.tally("sample_size_arms");
        t.docs += (!gs.arms.is_empty()) as usize;
        t.tp += gs.arms.len() - missed.len();
        t.fn_ += missed.len();
        if self.keep_errors {
            for n in missed {
                let ctx = d.snippet(&count_spellings(n), PEOPLE, 60);
                self.push(d.name, "sample_size_arms", "miss", n.to_string(), &ctx);
            }
        }
    }

    /// `sample_size_summary_arms`: the summary's arms (what a reviewer
    /// sees as the study's arms) against the gold arms, as multisets, on
    /// documents whose gold lists arms. Unlike `sample_size_arms`, arms the
    /// summary gives beyond the gold count against it, and a document is
    /// right only when both multisets are equal.
    fn summary_arms(&mut self, gs: &GoldSampleSize, d: &Doc, sizes: &[Size]) {
        if gs.arms.is_empty() {
            return;
        }
        let (missed, extra) = multiset_diff(&gs.arms, d.summary.sample_size.arms.clone());
        let t = self.tally("sample_size_summary_arms");
        t.docs += 1;
        t.tp += gs.arms.len() - missed.len();
        t.fn_ += missed.len();
        t.fp += extra.len();
        t.correct += (missed.is_empty() && extra.is_empty()) as usize;
        if !self.keep_errors {
            return;
        }
        for n in missed {
            let ctx = d.snippet(&count_spellings(n), PEOPLE, 60);
            self.push(
                d.name,
                "sample_size_summary_arms",
                "miss",
                n.to_string(),
                &ctx,
            );
        }
        for n in extra {
            let ctx = sizes
                .iter()
                .find(|s| s.0 == n && s.1 == SampleRole::Arm)
                .map(|s| s.2.context.clone())
                .unwrap_or_else(|| format!("summary arm {n}"));
            let what = "false_positive";
            self.push(
                d.name,
                "sample_size_summary_arms",
                what,
                n.to_string(),
                &ctx,
            );
        }
    }

    /// `sample_size_reported`: precision of the distinct sizes reported
    /// for the study.
    fn reported(&mut self, gs: &GoldSampleSize, d: &Doc, sizes: &[Size]) {
        let mut seen: Vec<u64> = Vec::new();
        let t = self.tally("sample_size_reported");
        t.docs += 1;
        let mut fps = Vec::new();
        for (n, r, f) in sizes {
            if !own(*r) || seen.contains(n) {
                continue;
            }
            seen.push(*n);
            if gs.accepts(*n) {
                t.tp += 1;
            } else {
                t.fp += 1;
                fps.push((*n, *r, f.context.clone()));
            }
        }
        for (n, r, ctx) in fps {
            let role = serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            self.push(
                d.name,
                "sample_size_reported",
                "false_positive",
                format!("{n} ({role})"),
                &ctx,
            );
        }
    }

    fn miss_total(&mut self, d: &Doc, totals: &[u64], field: &str) {
        if !self.keep_errors {
            return;
        }
        let needles: Vec<String> = totals.iter().flat_map(|n| count_spellings(*n)).collect();
        let ctx = d.snippet(&needles, PEOPLE, 60);
        let value = totals
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
        self.push(d.name, field, "miss", value, &ctx);
    }
}
