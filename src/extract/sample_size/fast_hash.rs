//! A hasher for the small keys the sample-size stages look up on every
//! word or candidate (a noun of people, a candidate's start): the
//! multiply-rotate hash rustc uses (FxHash). The standard SipHash guards
//! a map against keys chosen to collide; these keys come from a fixed
//! lexicon or are offsets, and SipHash cost more than the lookups
//! themselves (issue 15). Only lookups use these maps: no order of
//! iteration reaches a record.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: each word of input is mixed in with a rotate, xor and multiply.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FxHasher`]s for a `HashMap` or `HashSet`.
pub(super) type FxBuild = BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_set_with_the_fast_hasher_holds_what_it_was_given() {
        let words = [
            "patients",
            "women",
            "men",
            "participants",
            "a",
            "",
            "children-aged",
        ];
        let set: HashSet<&str, FxBuild> = words.iter().copied().collect();
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        for w in ["patient", "womenx", "b", "participant", "children"] {
            assert!(!set.contains(w), "{w}");
        }
    }
}
