//! Child processes under limits: a time budget a hang cannot escape, a
//! memory cap a runaway allocation cannot exceed, and caps on what the
//! child may write back.
//!
//! `catch_unwind` stops panics, not infinite loops, stack overflows, aborts
//! or a parser that allocates 40 GB on a crafted file. A reader that may do
//! those runs as a child process under [`run_limited`]: its input goes in on
//! stdin, its answer comes back on stdout, and the parent kills it once its
//! time is up. The child runs under `RLIMIT_AS`, no core dumps and (Linux) a
//! parent-death signal, so a run killed with `kill -9` leaves no orphans.
//!
//! This module knows nothing of what the child does: the PDF worker
//! protocol ([`crate::ingest::worker`]) and `pdftotext` both use it and map
//! a [`Failure`] to their own words.

use crate::plain::human_bytes;
use std::io::{self, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Enough of stderr to recognise "memory allocation failed" or "password".
pub(crate) const MAX_STDERR: u64 = 16 * 1024;

/// What one child process may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub timeout: Duration,
    /// Address-space cap in MB (0: none).
    pub max_memory_mb: u64,
    /// Stdout beyond this many bytes is discarded and the run counts as
    /// [`Failure::Overflowed`]: an answer that large is not one.
    pub max_output: u64,
}

/// How a limited child process ended.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// The first 16 KB of stderr.
    pub stderr: Vec<u8>,
    /// Killed by us because it overran its time.
    pub timed_out: bool,
    /// Stdout was longer than [`Limits::max_output`] (it was cut).
    pub overflowed: bool,
}

/// Why a child process failed, for its caller to put in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// It overran its time and was killed; the budget in whole seconds.
    TimedOut(u64),
    /// It ran out of memory under its cap (MB).
    OutOfMemory(u64),
    /// It wrote more than `max_output`; the message says how much that is.
    Overflowed(String),
    /// SIGKILL that we did not send: the kernel's OOM killer or an
    /// administrator.
    KilledBySystem,
    /// Another signal (SIGSEGV, SIGABRT …).
    Crashed,
    /// A non-zero exit code.
    Exit(i32),
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

    /// True when the first part of stderr holds one of `needles` (lower case).
    pub fn stderr_says(&self, needles: &[&str]) -> bool {
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

    /// Why the process failed; None when it exited 0 within its limits.
    pub fn failure(&self, limits: &Limits) -> Option<Failure> {
        if self.timed_out {
            return Some(Failure::TimedOut(limits.timeout.as_secs().max(1)));
        }
        if self.out_of_memory() {
            return Some(Failure::OutOfMemory(limits.max_memory_mb));
        }
        if self.overflowed {
            return Some(Failure::Overflowed(human_bytes(limits.max_output)));
        }
        match (self.status.success(), self.signal()) {
            (true, _) => None,
            (_, Some(9)) => Some(Failure::KilledBySystem),
            (_, Some(_)) => Some(Failure::Crashed),
            (_, None) => Some(Failure::Exit(self.status.code().unwrap_or(-1))),
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
    // A CPU-time backstop: should the parent die without the death signal
    // (non-Linux), a spinning child still ends.
    let cpu = limits.timeout.as_secs().saturating_mul(2).saturating_add(5);
    apply_limits(&mut cmd, limits.max_memory_mb, Some(cpu));
    let mut child = cmd.spawn()?;
    let mut stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let started = Instant::now();
    let max_output = limits.max_output;
    std::thread::scope(|s| {
        // A child that stops early (a damaged file) closes its stdin: the
        // write then fails with a broken pipe, which is not our error.
        s.spawn(move || {
            if let Some(mut w) = stdin.take() {
                let _ = w.write_all(input);
            }
        });
        let out = s.spawn(move || drain(stdout, max_output));
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
/// growing sleep: std has no wait-with-timeout, and a child takes tens of
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
pub(crate) fn kill_group(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: plain syscall; the group exists until we reap the child.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
}

/// Puts the child in its own process group, under an address-space cap of
/// `max_memory_mb` (0: none), no core dumps, a CPU-time cap of
/// `cpu_seconds` (None: none) and, on Linux, the parent-death signal.
#[cfg(unix)]
pub(crate) fn apply_limits(cmd: &mut Command, max_memory_mb: u64, cpu_seconds: Option<u64>) {
    use std::os::unix::process::CommandExt;
    let bytes = max_memory_mb.saturating_mul(1024 * 1024);
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
            if let Some(cpu) = cpu_seconds {
                set(libc::RLIMIT_CPU, cpu);
            }
            // The signal is sent when the *thread* that spawned the child
            // ends: pipeline threads live for the whole run and wait for
            // their child, and the pool's workers are spawned by a thread
            // that lives as long as the process, so it fires exactly when
            // the run dies.
            #[cfg(target_os = "linux")]
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
pub(crate) fn apply_limits(_cmd: &mut Command, _max_memory_mb: u64, _cpu_seconds: Option<u64>) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(ms: u64) -> Limits {
        Limits {
            timeout: Duration::from_millis(ms),
            max_memory_mb: 0,
            max_output: 64 * 1024 * 1024,
        }
    }

    #[test]
    fn a_hang_is_killed_at_the_deadline() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30 & sleep 30"]);
        let l = limits(200);
        let done = run_limited(cmd, b"", &l).unwrap();
        assert!(done.timed_out);
        assert_eq!(done.failure(&l), Some(Failure::TimedOut(1)));
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
    fn output_over_the_cap_is_cut_and_said() {
        let input = vec![b'x'; 100_000];
        let l = Limits {
            max_output: 1000,
            ..limits(20_000)
        };
        let done = run_limited(Command::new("cat"), &input, &l).unwrap();
        assert_eq!(done.stdout.len(), 1000);
        assert_eq!(done.failure(&l), Some(Failure::Overflowed("1.0 KB".into())));
    }

    #[test]
    fn a_crash_and_an_exit_code_are_told_apart() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "kill -SEGV $$"]);
        let l = limits(5_000);
        let done = run_limited(cmd, b"", &l).unwrap();
        assert_eq!(done.failure(&l), Some(Failure::Crashed));
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "exit 3"]);
        assert_eq!(
            run_limited(cmd, b"", &l).unwrap().failure(&l),
            Some(Failure::Exit(3))
        );
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
        assert_eq!(done.failure(&l), Some(Failure::OutOfMemory(64)));
    }

    #[test]
    fn the_memory_cap_applies_to_the_child() {
        // A 64 MB address space: the child fails instead of the machine.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "ulimit -v"]);
        let l = Limits {
            timeout: Duration::from_secs(5),
            max_memory_mb: 64,
            max_output: 1024,
        };
        let done = run_limited(cmd, b"", &l).unwrap();
        assert_eq!(String::from_utf8_lossy(&done.stdout).trim(), "65536");
    }
}
