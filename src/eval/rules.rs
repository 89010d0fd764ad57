//! Per-rule precision: of the findings a rule produced on documents whose
//! gold scores that field, how many were right, so that a noisy rule is
//! visible however well the field does as a whole. Every finding counts
//! (not distinct values): a rule that says the same wrong thing twice is
//! twice wrong.
//!
//! Right means, by field:
//!
//! * `sample_size`: the finding's `n` is in a gold list of the study
//!   (`total`, `enrolled`, `randomized`, `analyzed`, `arms`); for a finding
//!   with role `cited`, in the gold `cited` list. No set annotates
//!   subgroups, so a rule that gives subgroup counts reads low here by
//!   construction: read its precision next to its role.
//! * `p_value`: the (comparator, value) pair is in the gold `p_values`.
//! * `doi`: role `self`: the DOI is the gold `doi.self` (or in `doi.all`
//!   where the gold has no `self` key); role `cited`: it is in `doi.all`
//!   and is not `doi.self`. Scored where the gold has a `doi` key (a cited
//!   DOI only where it has `doi.all`).
//! * `registry_id`: role `own`: in the gold `registry_ids`; role `cited`:
//!   in `registry_ids_cited`; each only where the gold has that key.
//! * `edss`: the statement matches a gold statement (as for `edss`).

use super::evidence::Doc;
use super::gold::{Edss, GoldDoc};
use super::p_eq;
use super::score::Scorer;
use crate::record::{DoiRole, Finding, RegistryRole, SampleRole, Value};
use serde::Serialize;

/// Findings of one rule on scored documents, and how many were right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub findings: usize,
    pub right: usize,
}

impl RuleCount {
    pub fn add(&mut self, o: &RuleCount) {
        self.findings += o.findings;
        self.right += o.right;
    }

    pub fn precision(&self) -> Option<f64> {
        super::score::ratio(self.right, self.findings)
    }
}

/// Is this finding right, by the gold of its document? `None` when the
/// gold does not score it.
fn judge(g: &GoldDoc, f: &Finding) -> Option<bool> {
    match &f.value {
        Value::SampleSize(v) => {
            let s = g.sample_size.as_ref()?;
            Some(match v.role {
                SampleRole::Cited => s.cited.contains(&v.n),
                _ => s.accepts(v.n),
            })
        }
        Value::PValue(p) => {
            let gold = g.p_values.as_ref()?;
            Some(
                gold.iter()
                    .any(|(c, x)| *c == p.comparator && p_eq(*x, p.value)),
            )
        }
        Value::Doi(v) => {
            let doi = v.doi.to_lowercase();
            let own = g.doi_self.as_ref();
            let in_all = g.doi_all.as_ref().map(|a| a.contains(&doi));
            match v.role {
                DoiRole::Own => match own {
                    Some(s) => Some(s.as_deref() == Some(doi.as_str())),
                    None => in_all,
                },
                DoiRole::Cited => {
                    let is_own = own.is_some_and(|s| s.as_deref() == Some(doi.as_str()));
                    in_all.map(|hit| hit && !is_own)
                }
            }
        }
        Value::RegistryId(v) => {
            let list = match v.role {
                RegistryRole::Own => g.registry_ids.as_ref()?,
                RegistryRole::Cited => g.registry_ids_cited.as_ref()?,
            };
            Some(list.iter().any(|id| id.eq_ignore_ascii_case(&v.id)))
        }
        Value::Edss(v) => {
            let gold = g.edss.as_ref()?;
            let e = Edss::from_value(v);
            Some(gold.iter().any(|x| x.matches(&e)))
        }
    }
}

impl Scorer {
    /// Counts every finding of the document under its field and rule.
    pub fn rules(&mut self, g: &GoldDoc, d: &Doc) {
        for f in d.findings {
            let Some(right) = judge(g, f) else { continue };
            let c = self.rules[self.half.index()]
                .entry((f.field, f.rule.clone()))
                .or_default();
            c.findings += 1;
            c.right += right as usize;
        }
    }
}
