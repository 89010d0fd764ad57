//! litextract pulls the facts of clinical-trial papers out of their text:
//! sample sizes, EDSS statements, p-values, trial registry IDs and DOIs, each
//! with the exact characters it came from.
//!
//! The pipeline, one module per arrow:
//!
//! ```text
//! files ─ingest─▶ decoded text ─normalize─▶ Document ─extract─▶ findings ─output─▶ records
//! ```
//!
//! * [`pipeline`] walks the inputs (sorted, deterministic), skips what did
//!   not change since the last run, and runs documents in parallel (rayon);
//!   a document that fails becomes a record saying why, never an abort.
//! * [`ingest`] decides the format by content and extension and decodes the
//!   bytes: UTF-8/UTF-16/Latin-1 text, PDF page by page (isolated: the PDF
//!   parser panics on some files by design).
//! * [`normalize`] builds a [`normalize::Document`]: the normalized text
//!   every offset indexes, a `fold` view for matching, and a map back to the
//!   source; [`sections`] finds sentences and sections.
//! * [`extract`] holds one [`extract::Extractor`] per field behind one
//!   registry; extractors are pure.
//! * [`record`] is the output contract as Rust types; [`output`] writes
//!   records and the manifest atomically.
//! * [`eval`] scores records against a gold file (`litextract eval`).
//! * [`review`] serves a local page on which reviewers accept, reject,
//!   correct or add values, kept in an append-only decisions journal that
//!   re-attaches to a refreshed extraction; [`export`] writes the reviewed
//!   values as CSV or JSON Lines (`litextract review`, `litextract export`).
//!
//! The library prints nothing; the binary (`src/cli`) parses arguments,
//! shows progress and maps results to exit codes.

#[doc(hidden)]
pub mod adversarial;
pub mod eval;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod isolate;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod record;
pub mod review;
pub mod sections;

pub use normalize::Document;
pub use record::{Field, Finding, Record};

/// The JSON Schema of a record, generated from the Rust types.
pub fn record_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(record::Record)).expect("schema serializes")
}
