//! Subprocess isolation for PDF readers: a time budget a hang cannot
//! escape and a memory cap a runaway allocation cannot exceed.
//!
//! `catch_unwind` stops panics, not infinite loops, stack overflows, aborts
//! or a parser that allocates 40 GB on a crafted file. So the binary re-runs
//! itself as a worker (`litextract __pdf-worker`, hidden), one per PDF: the
//! PDF bytes go in on stdin, the pages (or an error in plain words) come
//! back as JSON on stdout. The parent kills a worker that overruns its time,
//! and the worker runs under `RLIMIT_AS`, no core dumps and (Linux) a
//! parent-death signal, so a run killed with `kill -9` leaves no orphans.
//! `pdftotext` runs under the same [`run_limited`].
//!
//! The protocol is internal: users only ever see records.

use super::pdf::{self, PdfError};
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The hidden subcommand that turns the binary into a PDF worker.
pub const SUBCOMMAND: &str = "__pdf-worker";

/// More text than this from one PDF is not a paper (a 300-page book is
/// under 2 MB of text); the reader is stopped rather than buffered.
const MAX_OUTPUT: u64 = 256 * 1024 * 1024;
/// Enough of stderr to recognise "memory allocation failed" or "password".
const MAX_STDERR: u64 = 16 * 1024;

/// What one subprocess may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub timeout: Duration,
    /// Address-space cap in MB (0: none).
    pub max_memory_mb: u64,
}

/// How a limited subprocess ended.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// The first [`MAX_STDERR`] bytes of stderr.
    pub stderr: Vec<u8>,
    /// Killed by us because it overran its time.
    pub timed_out: bool,
    /// Stdout was longer than [`MAX_OUTPUT`] (it was cut).
    pub overflowed: bool,
}

impl Finished {
    /// The signal that ended the process, if one did.
    pub fn signal(&self) -> Option<i32> {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            self.status.signal()
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    fn stderr_says(&self, needles: &[&str]) -> bool {
        let s = String::from_utf8_lossy(&self.stderr).to_lowercase();
        needles.iter().any(|n| s.contains(n))
    }

    /// The process ran out of memory under its cap: Rust's allocator
    /// prints "memory allocation of N bytes failed" and aborts, C++ throws
    /// `std::bad_alloc`.
    pub fn out_of_memory(&self) -> bool {
        !self.status.success()
            && self.stderr_says(&["memory allocation of", "bad_alloc", "out of memory"])
    }

    /// Why the process failed, in plain words, for `what` ("the PDF
    /// reader", "pdftotext"). None when it exited 0.
    pub fn failure(&self, limits: &Limits) -> Option<PdfError> {
        if self.timed_out {
            return Some(PdfError::TimedOut(limits.timeout.as_secs().max(1)));
        }
        if self.out_of_memory() {
            return Some(PdfError::OutOfMemory(limits.max_memory_mb));
        }
        if self.overflowed {
            return Some(PdfError::Worker(format!(
                "it produced more than {} of text; it is not a paper",
                crate::pipeline::human_bytes(MAX_OUTPUT)
            )));
        }
        match (self.status.success(), self.signal()) {
            (true, _) => None,
            // SIGKILL that we did not send: the kernel's OOM killer or an
            // administrator.
            (_, Some(9)) => Some(PdfError::Worker(
                "it was killed by the system (perhaps for using too much memory)".into(),
            )),
            (_, Some(_)) => Some(PdfError::Crashed),
            (_, None) => Some(PdfError::Worker(format!(
                "it stopped with exit code {}",
                self.status.code().unwrap_or(-1)
            ))),
        }
    }
}

/// Runs `cmd` with `input` on its stdin, collecting stdout (and the head of
/// stderr), killing it once `limits.timeout` has passed. Pipes are served
/// by threads so that neither side can block the other.
pub fn run_limited(mut cmd: Command, input: &[u8], limits: &Limits) -> io::Result<Finished> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    apply_limits(&mut cmd, limits);
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let started = Instant::now();
    std::thread::scope(|s| {
        // A reader that stops early (a damaged file) closes its stdin: the
        // write then fails with a broken pipe, which is not our error.
        s.spawn(move || {
            if let Some(mut w) = stdin.take() {
                let _ = w.write_all(input);
            }
        });
        let out = s.spawn(move || drain(stdout, MAX_OUTPUT));
        let err = s.spawn(move || drain(stderr, MAX_STDERR));
        let waited = wait_until(&mut child, started + limits.timeout);
        if waited.is_err() {
            kill_group(&mut child);
            let _ = child.wait();
        }
        let (stdout, overflowed) = out.join().unwrap_or_default();
        let (stderr, _) = err.join().unwrap_or_default();
        let (status, timed_out) = waited?;
        Ok(Finished {
            status,
            stdout,
            stderr,
            timed_out,
            overflowed,
        })
    })
}

/// Reads up to `cap` bytes, then discards the rest so the writer never
/// blocks on a full pipe. Returns the bytes and whether there were more.
fn drain<R: Read>(r: Option<R>, cap: u64) -> (Vec<u8>, bool) {
    let Some(r) = r else {
        return (Vec::new(), false);
    };
    let mut buf = Vec::new();
    let mut limited = r.take(cap);
    let _ = limited.read_to_end(&mut buf);
    let rest = io::copy(&mut limited.into_inner(), &mut io::sink()).unwrap_or(0);
    (buf, rest > 0)
}

/// Waits for the child until `deadline`, then kills it. Polls with a short,
/// growing sleep: std has no wait-with-timeout, and a PDF takes tens of
/// milliseconds at least, so a few extra milliseconds are noise.
fn wait_until(child: &mut Child, deadline: Instant) -> io::Result<(ExitStatus, bool)> {
    let mut nap = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, false));
        }
        let now = Instant::now();
        if now >= deadline {
            kill_group(child);
            return Ok((child.wait()?, true));
        }
        std::thread::sleep(nap.min(deadline - now));
        nap = (nap * 2).min(Duration::from_millis(25));
    }
}

/// Kills the child and anything it started: the child leads its own
/// process group, so a helper it forked cannot keep our pipes open.
fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: plain syscall; the group exists until we reap the child.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

#[cfg(unix)]
fn apply_limits(cmd: &mut Command, limits: &Limits) {
    use std::os::unix::process::CommandExt;
    let bytes = limits.max_memory_mb.saturating_mul(1024 * 1024);
    // Also a CPU-time backstop: should the parent die without the death
    // signal (non-Linux), a spinning child still ends.
    let cpu = limits.timeout.as_secs().saturating_mul(2).saturating_add(5);
    cmd.process_group(0);
    // SAFETY: the closure runs between fork and exec and only calls
    // async-signal-safe functions (setrlimit, prctl) on stack values.
    unsafe {
        cmd.pre_exec(move || {
            let set = |res, v: u64| {
                let lim = libc::rlimit {
                    rlim_cur: v as libc::rlim_t,
                    rlim_max: v as libc::rlim_t,
                };
                libc::setrlimit(res, &lim);
            };
            if bytes > 0 {
                set(libc::RLIMIT_AS, bytes);
            }
            // A crashing reader must not litter the corpus with core files.
            set(libc::RLIMIT_CORE, 0);
            set(libc::RLIMIT_CPU, cpu);
            // The signal is sent when the *thread* that spawned the child
            // ends; pipeline threads live for the whole run and wait for
            // their child, so it fires exactly when the run dies.
            #[cfg(target_os = "linux")]
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn apply_limits(_cmd: &mut Command, _limits: &Limits) {}

/// Reads a PDF with `pdf-extract` in a worker subprocess of `exe`.
pub fn extract_in_worker(
    exe: &Path,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Vec<String>, PdfError> {
    let mut cmd = Command::new(exe);
    cmd.arg(SUBCOMMAND);
    let done = run_limited(cmd, bytes, limits)
        .map_err(|e| PdfError::Worker(format!("the PDF worker could not start ({e})")))?;
    if let Some(e) = done.failure(limits) {
        return Err(e);
    }
    serde_json::from_slice::<Result<Vec<String>, PdfError>>(&done.stdout).unwrap_or_else(|e| {
        Err(PdfError::Worker(format!(
            "the PDF worker gave an unreadable answer ({e})"
        )))
    })
}

/// The worker's side: PDF bytes on stdin, a JSON `{"Ok": [pages]}` or
/// `{"Err": …}` on stdout. Returns the process exit code.
pub fn serve(input: &mut dyn Read, output: &mut dyn Write) -> u8 {
    let mut bytes = Vec::new();
    let reply: Result<Vec<String>, PdfError> = match input.read_to_end(&mut bytes) {
        Ok(_) => pdf::extract_in_process(&bytes).map(|t| t.pages),
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

    fn limits(ms: u64) -> Limits {
        Limits {
            timeout: Duration::from_millis(ms),
            max_memory_mb: 0,
        }
    }

    #[test]
    fn a_hang_is_killed_at_the_deadline() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30 & sleep 30"]);
        let l = limits(200);
        let done = run_limited(cmd, b"", &l).unwrap();
        assert!(done.timed_out);
        assert!(matches!(done.failure(&l), Some(PdfError::TimedOut(_))));
    }

    #[test]
    fn large_input_and_output_do_not_deadlock() {
        // cat echoes 8 MB: both pipes fill up many times over.
        let input = vec![b'x'; 8 * 1024 * 1024];
        let done = run_limited(Command::new("cat"), &input, &limits(20_000)).unwrap();
        assert!(done.status.success() && !done.timed_out);
        assert_eq!(done.stdout.len(), input.len());
    }

    #[test]
    fn a_crash_is_reported_in_words() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "kill -SEGV $$"]);
        let l = limits(5_000);
        let done = run_limited(cmd, b"", &l).unwrap();
        assert_eq!(done.failure(&l), Some(PdfError::Crashed));
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            "echo 'memory allocation of 99 bytes failed' >&2; kill -ABRT $$",
        ]);
        let l = Limits {
            max_memory_mb: 64,
            ..l
        };
        let done = run_limited(cmd, b"", &l).unwrap();
        assert_eq!(done.failure(&l), Some(PdfError::OutOfMemory(64)));
    }

    #[test]
    fn the_memory_cap_applies_to_the_child() {
        // A 64 MB address space cannot hold a 512 MB buffer: the child fails
        // instead of the machine.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "ulimit -v"]);
        let done = run_limited(
            cmd,
            b"",
            &Limits {
                timeout: Duration::from_secs(5),
                max_memory_mb: 64,
            },
        )
        .unwrap();
        assert_eq!(String::from_utf8_lossy(&done.stdout).trim(), "65536");
    }

    #[test]
    fn serve_answers_in_json() {
        let mut out = Vec::new();
        assert_eq!(serve(&mut &b"<html>"[..], &mut out), 0);
        let reply: Result<Vec<String>, PdfError> = serde_json::from_slice(&out).unwrap();
        assert!(matches!(reply, Err(PdfError::NotPdf(_))));
    }
}
