//! The PDF worker protocol: pdfium and `pdf-extract` in long-lived child
//! processes of this same binary, so that a crash, a hang or a runaway
//! allocation costs one record, not the run.
//!
//! The binary re-runs itself as a worker (`litextract __pdf-worker`,
//! hidden), kept in a [`Pool`] (one per core as the pipeline's threads
//! need them) under an address-space cap; each request's time is enforced
//! by the parent, which kills a worker that overruns it and starts a new
//! one for the next document. A request is one byte naming the backend
//! (`p` pdfium, `e` pdf-extract), the PDF's length as a little-endian
//! `u64`, and the PDF; the answer is the length of a JSON
//! `{"Ok": [[pages], [warnings]]}` or `{"Err": …}`, and that JSON. The
//! protocol is internal: users only ever see records.

use super::pdf::{self, PdfError};
use crate::isolate::child::{Failure, Limits};
use crate::isolate::pool::Pool;
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

/// The hidden subcommand that turns the binary into a PDF worker.
pub const SUBCOMMAND: &str = "__pdf-worker";

/// More text than this from one PDF is not a paper (a 300-page book is
/// under 2 MB of text); the reader is stopped rather than buffered.
pub const MAX_OUTPUT: u64 = 256 * 1024 * 1024;

/// The text backends a worker runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Pdfium,
    PdfExtract,
}

impl Engine {
    fn byte(self) -> u8 {
        match self {
            Engine::Pdfium => b'p',
            Engine::PdfExtract => b'e',
        }
    }

    /// The backend's name in records.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Pdfium => super::pdfium::NAME,
            Engine::PdfExtract => "pdf-extract",
        }
    }

    /// Runs the backend in this process.
    pub fn run(self, bytes: &[u8]) -> Answer {
        match self {
            Engine::Pdfium => pdf::pdfium_in_process(bytes),
            Engine::PdfExtract => pdf::extract_in_process(bytes),
        }
        .map(|t| (t.pages, t.warnings))
    }
}

/// A worker's answer: the pages and warnings, or why there are none.
pub type Answer = Result<(Vec<String>, Vec<String>), PdfError>;

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

/// The pool of workers of executable `exe` under a memory cap, made on
/// first use and kept for the life of the process.
type Pools = Mutex<HashMap<(PathBuf, u64), Arc<Pool>>>;
static POOLS: OnceLock<Pools> = OnceLock::new();

fn pool(exe: &Path, max_memory_mb: u64) -> Arc<Pool> {
    let pools = POOLS.get_or_init(Default::default);
    let mut pools = pools.lock().unwrap_or_else(|e| e.into_inner());
    let key = (exe.to_path_buf(), max_memory_mb);
    Arc::clone(pools.entry(key).or_insert_with(|| {
        let exe = exe.to_path_buf();
        Arc::new(Pool::new(
            move || {
                let mut cmd = Command::new(&exe);
                cmd.arg(SUBCOMMAND);
                cmd
            },
            max_memory_mb,
        ))
    }))
}

/// Ends every idle PDF worker of this process (see [`Pool::close_idle`]):
/// the CLI calls it when a run is over. A later read starts new ones.
pub fn close_pools() {
    let Some(pools) = POOLS.get() else {
        return;
    };
    let pools: Vec<Arc<Pool>> = match pools.lock() {
        Ok(p) => p.values().cloned().collect(),
        Err(_) => return,
    };
    for p in pools {
        p.close_idle();
    }
}

/// Reads a PDF with `engine` in a worker of `exe`.
pub fn extract_in_worker(exe: &Path, engine: Engine, bytes: &[u8], limits: &Limits) -> Answer {
    let mut head = [engine.byte(); 9];
    head[1..].copy_from_slice(&(bytes.len() as u64).to_le_bytes());
    let answer = pool(exe, limits.max_memory_mb)
        .call(&[&head, bytes], limits)
        .map_err(|e| PdfError::Worker(format!("the PDF worker could not start ({e})")))?
        .map_err(pdf_error)?;
    serde_json::from_slice::<Answer>(&answer).unwrap_or_else(|e| {
        Err(PdfError::Worker(format!(
            "the PDF worker gave an unreadable answer ({e})"
        )))
    })
}

/// The worker's side: requests on `input` until it closes, an answer to
/// each on `output`. Returns the process exit code.
pub fn serve(input: &mut dyn Read, output: &mut dyn Write) -> u8 {
    crate::isolate::say_out_of_memory_on_crash();
    loop {
        let mut head = [0u8; 9];
        match read_head(input, &mut head) {
            Ok(false) => return 0,
            Ok(true) => {}
            Err(_) => return 3,
        }
        let len = u64::from_le_bytes(head[1..].try_into().unwrap_or_default());
        let mut bytes = Vec::new();
        let reply = match input.take(len).read_to_end(&mut bytes) {
            Ok(n) if n as u64 == len => match head[0] {
                b'p' => Engine::Pdfium.run(&bytes),
                b'e' => Engine::PdfExtract.run(&bytes),
                other => Err(PdfError::Worker(format!("unknown backend {other:#x}"))),
            },
            Ok(_) => return 3,
            Err(_) => return 3,
        };
        drop(bytes);
        let json = match serde_json::to_vec(&reply) {
            Ok(j) => j,
            Err(_) => return 3,
        };
        let sent = output
            .write_all(&(json.len() as u64).to_le_bytes())
            .and_then(|()| output.write_all(&json))
            .and_then(|()| output.flush());
        if sent.is_err() {
            return 3;
        }
    }
}

/// Fills `head`; false at a clean end of input (before its first byte).
fn read_head(input: &mut dyn Read, head: &mut [u8]) -> io::Result<bool> {
    let mut got = 0;
    while got < head.len() {
        match input.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Ok(false),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(engine: u8, pdf: &[u8]) -> Vec<u8> {
        let mut r = vec![engine];
        r.extend_from_slice(&(pdf.len() as u64).to_le_bytes());
        r.extend_from_slice(pdf);
        r
    }

    fn answers(mut out: &[u8]) -> Vec<Answer> {
        let mut v = Vec::new();
        while out.len() >= 8 {
            let n = u64::from_le_bytes(out[..8].try_into().unwrap()) as usize;
            v.push(serde_json::from_slice(&out[8..8 + n]).unwrap());
            out = &out[8 + n..];
        }
        assert!(out.is_empty(), "a partial frame");
        v
    }

    #[test]
    fn serve_answers_each_request_in_json() {
        let mut input = request(b'e', b"<html>");
        input.extend(request(b'e', b""));
        input.extend(request(b'x', b"%PDF-"));
        let mut out = Vec::new();
        assert_eq!(serve(&mut &input[..], &mut out), 0);
        let got = answers(&out);
        assert_eq!(got.len(), 3);
        assert!(matches!(&got[0], Err(PdfError::NotPdf(_))));
        assert_eq!(got[1], Err(PdfError::Empty));
        assert!(matches!(&got[2], Err(PdfError::Worker(m)) if m.contains("unknown backend")));
    }

    #[test]
    fn a_cut_request_ends_the_worker() {
        let input = request(b'e', b"%PDF-1.4 and more");
        let mut out = Vec::new();
        assert_eq!(serve(&mut &input[..input.len() - 3], &mut out), 3);
        assert!(out.is_empty());
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
