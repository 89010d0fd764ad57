//! litextract pulls the facts of clinical-trial papers out of their text:
//! sample sizes, EDSS statements, p-values, trial registry IDs and DOIs, each
//! with the exact characters it came from.
//!
//! The pipeline, one module per arrow:
//!
//! ```text
//! inputs ─ingest──▶ Article ───process───────────────────▶ Record ──output──▶ files / JSONL
//!  (walk, detect,    (text or pages,   (normalize → extract →      (record paths, sink,
//!   one reader        sections,         summary, metadata           manifest, reuse state,
//!   per format)       metadata)         merged)                     atomic writes, lock)
//! ```
//!
//! * [`ingest`] walks the inputs (sorted, deterministic; hidden files and
//!   the output folder left out), decides each file's format by content
//!   first and extension second, and hands it to that format's
//!   [`ingest::Reader`], which yields [`ingest::Article`]s lazily: one for a
//!   text file or a PDF (read isolated: the PDF parser panics on some files
//!   by design), many for a bibliographic export. Its module docs tell a
//!   reader's author what to implement.
//! * [`process`] turns an article into a [`Record`]: [`normalize`] builds a
//!   [`normalize::Document`] (the text every offset indexes, a `fold` view
//!   for matching, sentences and [`sections`]); [`extract`] runs one
//!   [`extract::Extractor`] per field (pure, isolated); the summary is built
//!   from the findings and merged with the file's metadata.
//! * [`output`] says where records go, writes them (files or JSON Lines)
//!   atomically, keeps `manifest.json` and the reuse state that lets a
//!   rerun skip what did not change.
//! * [`pipeline`] wires the three: inputs in parallel, the articles of a
//!   big file in parallel windows; a document that fails becomes a record
//!   saying why, never an abort.
//! * [`isolate`] keeps one bad input from taking the run down: panics
//!   caught quietly, child processes under time, memory and output limits.
//! * [`plain`] puts sizes and I/O errors in plain words; [`record`] is the
//!   output contract as Rust types; [`eval`] scores records against a gold
//!   file (`litextract eval`).
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
pub mod plain;
pub mod process;
pub mod record;
pub mod review;
pub mod sections;
pub mod timings;

pub use normalize::Document;
pub use record::{Field, Finding, Record};

/// The JSON Schema of a record, generated from the Rust types.
pub fn record_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(record::Record)).expect("schema serializes")
}
