//! The integration tests, as one binary (as ripgrep keeps them): one link
//! step instead of one per file, and one place for the shared helpers in
//! [`common`]. `cargo test --test it <module>::` runs one group.

mod common;

mod adversarial;
mod bibexports;
mod browser;
mod edss;
mod eval;
mod fixture_snapshots;
mod identifiers;
mod jats;
mod many;
mod p_values;
mod pdf_papers;
mod pipeline;
mod properties;
mod pubmed;
mod review;
mod robustness;
mod sample_size;
mod schema;
mod seeds;
mod shards;
mod spark;
mod statcheck_cases;
mod versions;
