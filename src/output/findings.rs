//! Findings per field, as a manifest entry holds them: a handful of
//! `(field, count)` pairs, sorted by field and written as a JSON object
//! (`{"doi": 2, "p_value": 5}`), exactly as a sorted map would be.
//!
//! A run keeps every input's entry in memory until it ends (twice, while
//! the checkpoint holds its own), so the entry's size is the run's memory
//! per input file. A `BTreeMap<String, usize>` cost a node of eleven slots
//! and one allocation per field name, about 500 bytes an entry; here the
//! pairs sit in one small vector and the extractors' field names are
//! shared `'static` strings.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Findings per field (see the module).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings(Vec<(Cow<'static, str>, usize)>);

/// The fields litextract writes; their names are never allocated per entry.
const KNOWN: [&str; 5] = ["doi", "edss", "p_value", "registry_id", "sample_size"];

fn name(field: &str) -> Cow<'static, str> {
    match KNOWN.iter().find(|k| **k == field) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(field.to_string()),
    }
}

impl Findings {
    /// The count of one field, if it has an entry (a zero count may).
    pub fn get(&self, field: &str) -> Option<usize> {
        self.slot(field).ok().map(|i| self.0[i].1)
    }

    /// The count of one field, made 0 if it has no entry yet (as a map's
    /// `entry(..).or_default()`).
    pub fn entry(&mut self, field: &str) -> &mut usize {
        let i = match self.slot(field) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (name(field), 0));
                i
            }
        };
        &mut self.0[i].1
    }

    /// `(field, count)` in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.0.iter().map(|(f, n)| (f.as_ref(), *n))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn slot(&self, field: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(f, _)| f.as_ref().cmp(field))
    }
}

impl From<BTreeMap<String, usize>> for Findings {
    fn from(map: BTreeMap<String, usize>) -> Findings {
        // A map iterates in key order: the vector is sorted as it fills.
        Findings(map.into_iter().map(|(f, n)| (name(&f), n)).collect())
    }
}

impl Serialize for Findings {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (f, n) in &self.0 {
            map.serialize_entry(f.as_ref(), n)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Findings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Findings, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Findings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of field names and counts")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Findings, A::Error> {
                let mut out = Findings::default();
                // A repeated key keeps its last count, as a map would.
                while let Some((f, n)) = m.next_entry::<Cow<'de, str>, usize>()? {
                    *out.entry(&f) = n;
                }
                Ok(out)
            }
        }
        d.deserialize_map(Pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_and_read_as_a_sorted_map() {
        let mut f = Findings::default();
        *f.entry("sample_size") += 3;
        *f.entry("doi") += 1;
        *f.entry("zeta") += 0;
        *f.entry("doi") += 1;
        let json = serde_json::to_string(&f).unwrap();
        let map: BTreeMap<String, usize> = [("doi", 2), ("sample_size", 3), ("zeta", 0)]
            .map(|(k, v)| (k.into(), v))
            .into();
        assert_eq!(json, serde_json::to_string(&map).unwrap());
        assert_eq!(Findings::from(map), f);
        let back: Findings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        assert_eq!(back.get("doi"), Some(2));
        assert_eq!(back.get("edss"), None);
        assert_eq!(
            back.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            ["doi", "sample_size", "zeta"]
        );
        // The extractors' names are shared, any other is the file's own.
        assert!(matches!(back.0[0].0, Cow::Borrowed(_)));
        assert!(matches!(back.0[2].0, Cow::Owned(_)));
        assert!(serde_json::from_str::<Findings>("[1]").is_err());
        assert!(serde_json::from_str::<Findings>(r#"{"doi": -1}"#).is_err());
    }
}
