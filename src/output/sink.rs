//! Sinks: where finished records go. [`FilesSink`] writes one JSON file per
//! record under the output folder (atomically, and only when its bytes
//! changed); [`JsonlSink`] streams records as JSON Lines to a writer, in the
//! order they are put.
//!
//! A record that cannot be written as a file costs that record (its
//! document fails, the manifest says why); a stream that cannot be written
//! stops the run, and a stream closed by its reader (`| head`) is a normal
//! end that the CLI reports as such.

use super::write_if_changed;
use crate::plain::plain_io;
use crate::record::Record;
use crate::timings::{self, Stage};
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Mutex;

/// Why a record was not written.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// This record could not be written; the run goes on.
    #[error("cannot write the record {path}: {reason}")]
    Record { path: String, reason: String },
    /// The stream is gone; the run stops.
    #[error("cannot write records to the output stream: {0}")]
    Stream(#[source] io::Error),
}

/// Where records go.
pub trait Sink: Sync {
    /// Writes `record` (at `rel`, the path relative to the output folder,
    /// for sinks that have one). Returns whether bytes were written: false
    /// when the file already held exactly this record.
    fn put(&self, rel: &str, record: &Record) -> Result<bool, SinkError>;
    /// Flushes what is buffered.
    fn finish(&self) -> Result<(), SinkError> {
        Ok(())
    }
}

/// The starting size of a record's buffer, in bytes.
const RECORD_BUFFER: usize = 64 * 1024;

/// One pretty-printed JSON file per record.
pub struct FilesSink {
    pub out: PathBuf,
}

impl Sink for FilesSink {
    fn put(&self, rel: &str, record: &Record) -> Result<bool, SinkError> {
        // Sized for a typical full-text record, so the buffer is not grown
        // a dozen times on the way (the bytes are those of `to_vec_pretty`).
        let json = timings::time(Stage::Serialize, || {
            let mut json = Vec::with_capacity(RECORD_BUFFER);
            serde_json::to_writer_pretty(&mut json, record).expect("record serializes");
            json.push(b'\n');
            json
        });
        let path = self.out.join(rel);
        let written = timings::time(Stage::Write, || write_if_changed(&path, &json));
        written.map_err(|e| SinkError::Record {
            path: path.display().to_string(),
            reason: plain_io(&e),
        })
    }
}

/// Records as JSON Lines, one per line.
pub struct JsonlSink<'w> {
    out: Mutex<&'w mut (dyn Write + Send)>,
}

impl<'w> JsonlSink<'w> {
    pub fn new(out: &'w mut (dyn Write + Send)) -> JsonlSink<'w> {
        JsonlSink {
            out: Mutex::new(out),
        }
    }
}

impl Sink for JsonlSink<'_> {
    fn put(&self, _rel: &str, record: &Record) -> Result<bool, SinkError> {
        let json = timings::time(Stage::Serialize, || {
            let mut json = serde_json::to_vec(record).expect("record serializes");
            json.push(b'\n');
            json
        });
        timings::time(Stage::Write, || {
            let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
            out.write_all(&json).map_err(SinkError::Stream)
        })?;
        Ok(true)
    }

    fn finish(&self) -> Result<(), SinkError> {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        out.flush().map_err(SinkError::Stream)
    }
}
