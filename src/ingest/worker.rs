//! The PDF worker protocol: `pdf-extract` in a child process of this same
//! binary, so that a hang or a runaway allocation costs one record, not the
//! run.
//!
//! The binary re-runs itself as a worker (`litextract __pdf-worker`,
//! hidden), one per PDF, under [`crate::isolate::child::run_limited`]: the
//! PDF bytes go in on stdin, the pages (or an error in plain words) come
//! back as JSON on stdout. The protocol is internal: users only ever see
//! records.

use super::pdf::{self, PdfError};
use crate::isolate::child::{self, Failure, Limits};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

/// The hidden subcommand that turns the binary into a PDF worker.
pub const SUBCOMMAND: &str = "__pdf-worker";

/// More text than this from one PDF is not a paper (a 300-page book is
/// under 2 MB of text); the reader is stopped rather than buffered.
pub const MAX_OUTPUT: u64 = 256 * 1024 * 1024;

/// A child's failure in the words a PDF record uses.
pub fn pdf_error(failure: Failure) -> PdfError {
    match failure {
        Failure::TimedOut(secs) => PdfError::TimedOut(secs),
        Failure::OutOfMemory(mb) => PdfError::OutOfMemory(mb),
        Failure::Overflowed(size) => PdfError::Worker(format!(
            "it produced more than {size} of text; it is not a paper"
        )),
        Failure::KilledBySystem => PdfError::Worker(
            "it was killed by the system (perhaps for using too much memory)".into(),
        ),
        Failure::Crashed => PdfError::Crashed,
        Failure::Exit(code) => PdfError::Worker(format!("it stopped with exit code {code}")),
    }
}

/// Reads a PDF with `pdf-extract` in a worker subprocess of `exe`.
pub fn extract_in_worker(
    exe: &Path,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Vec<String>, Vec<String>), PdfError> {
    let mut cmd = Command::new(exe);
    cmd.arg(SUBCOMMAND);
    let done = child::run_limited(cmd, bytes, limits)
        .map_err(|e| PdfError::Worker(format!("the PDF worker could not start ({e})")))?;
    if let Some(f) = done.failure(limits) {
        return Err(pdf_error(f));
    }
    serde_json::from_slice::<Result<(Vec<String>, Vec<String>), PdfError>>(&done.stdout)
        .unwrap_or_else(|e| {
            Err(PdfError::Worker(format!(
                "the PDF worker gave an unreadable answer ({e})"
            )))
        })
}

/// The worker's side: PDF bytes on stdin, a JSON `{"Ok": [[pages],
/// [warnings]]}` or `{"Err": …}` on stdout. Returns the process exit code.
pub fn serve(input: &mut dyn Read, output: &mut dyn Write) -> u8 {
    let mut bytes = Vec::new();
    let reply: Result<(Vec<String>, Vec<String>), PdfError> = match input.read_to_end(&mut bytes) {
        Ok(_) => pdf::extract_in_process(&bytes).map(|t| (t.pages, t.warnings)),
        Err(e) => Err(PdfError::Worker(format!("cannot read its input ({e})"))),
    };
    let ok = serde_json::to_writer(&mut *output, &reply).is_ok() && output.flush().is_ok();
    if ok {
        0
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_answers_in_json() {
        let mut out = Vec::new();
        assert_eq!(serve(&mut &b"<html>"[..], &mut out), 0);
        let reply: Result<(Vec<String>, Vec<String>), PdfError> =
            serde_json::from_slice(&out).unwrap();
        assert!(matches!(reply, Err(PdfError::NotPdf(_))));
    }

    #[test]
    fn failures_read_as_before() {
        assert_eq!(pdf_error(Failure::TimedOut(3)), PdfError::TimedOut(3));
        assert_eq!(
            pdf_error(Failure::Overflowed(crate::plain::human_bytes(MAX_OUTPUT))).to_string(),
            "the PDF reader failed: it produced more than 268.4 MB of text; it is not a paper"
        );
    }
}
