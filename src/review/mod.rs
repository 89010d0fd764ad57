//! The review app: `litextract review` serves a local page on which a
//! reviewer checks every value against its evidence, and every decision is
//! data (`DIR/.review/decisions.jsonl`) that `litextract export` turns into
//! spreadsheets.
//!
//! ```text
//! records ──corpus──▶ Doc ──attach──▶ decisions on values ──state──▶ page / export
//!                                ▲
//!                       journal (append-only JSONL)
//! ```
//!
//! * [`corpus`] finds and loads the records under an output folder;
//! * [`journal`] appends and reads decisions, crash-safe;
//! * [`attach`] re-attaches a decision to the current record after a
//!   re-extraction, or declares it stale;
//! * [`state`] applies decisions to values (reviewers, disagreements,
//!   resolutions, agreement);
//! * [`server`] and [`api`] serve the page (`assets/`, embedded in the
//!   binary) and its JSON API on 127.0.0.1;
//! * [`values`] says values in words and numbers for the page and export.

pub mod api;
pub mod attach;
pub mod corpus;
pub mod journal;
pub mod server;
pub mod state;
pub mod values;

pub use server::{Server, StartError, StopHandle};
pub use state::Review;
