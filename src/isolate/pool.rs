//! A pool of long-lived child processes, each answering many requests over
//! its pipes, under the same isolation as [`super::child::run_limited`]: a
//! child that overruns a request's time is killed (with anything it
//! started), one that crashes or runs out of memory under its address-space
//! cap ends; either way the request fails with the [`Failure`] the one-shot
//! runner would report, the child is replaced by the next request that
//! needs one, and nothing else is affected.
//!
//! The protocol is framed: a request is whatever bytes the caller sends
//! (it frames them itself); an answer is a little-endian `u64` length and
//! that many bytes. A child serves one request at a time; the pool holds as
//! many children as requests have run at once (the pipeline's threads, one
//! per core), spawned on first need and reused after.
//!
//! Children are spawned by one thread that lives as long as the process,
//! so their parent-death signal (Linux) fires only when the process dies;
//! a child whose stdin closes (the parent is gone) ends too.

use super::child::{self, Failure, Finished, Limits};
use std::io::{self, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A child retires after this many requests: whatever its heap has grown
/// to, or a library has leaked, goes with it.
pub const MAX_REQUESTS: usize = 500;

/// A pool of children made by one command.
pub struct Pool {
    make: Box<dyn Fn() -> Command + Send + Sync>,
    /// Address-space cap of each child in MB (0: none).
    max_memory_mb: u64,
    idle: Mutex<Vec<Worker>>,
}

/// What a child's stdout reader thread passes on.
enum Frame {
    Answer(Vec<u8>),
    /// An answer longer than the cap: the child is not to be trusted.
    Overflow,
    /// Stdout closed: the child ended.
    End,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<Frame>,
    /// The head of stderr since the current request began.
    stderr: Arc<Mutex<Vec<u8>>>,
    /// Closes when the stderr reader has read everything.
    stderr_done: Receiver<()>,
    served: usize,
}

impl Pool {
    /// A pool of children made by `make` (called for each new child), each
    /// under an address-space cap of `max_memory_mb` (0: none).
    pub fn new(make: impl Fn() -> Command + Send + Sync + 'static, max_memory_mb: u64) -> Pool {
        Pool {
            make: Box::new(make),
            max_memory_mb,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Children alive and waiting for a request.
    pub fn idle(&self) -> usize {
        self.idle.lock().map_or(0, |v| v.len())
    }

    /// Sends `request` (its parts, in order) to a child and returns its
    /// answer, within
    /// `limits.timeout` (which includes starting a child when none is
    /// idle). An answer over `limits.max_output` bytes is a failure.
    pub fn call(&self, request: &[&[u8]], limits: &Limits) -> io::Result<Result<Vec<u8>, Failure>> {
        let deadline = Instant::now() + limits.timeout;
        let mut w = match self.take_idle() {
            Some(w) => w,
            None => self.spawn(limits.max_output)?,
        };
        if let Ok(mut e) = w.stderr.lock() {
            e.clear();
        }
        let outcome = std::thread::scope(|s| {
            let stdin = &mut w.stdin;
            // The child reads the whole request before it answers; should
            // it stop reading (a crash), the write fails and ends.
            let writer = s.spawn(move || {
                for part in request {
                    stdin.write_all(part)?;
                }
                stdin.flush()
            });
            let left = deadline.saturating_duration_since(Instant::now());
            let got = w.answers.recv_timeout(left);
            if !matches!(got, Ok(Frame::Answer(_))) {
                // Unblocks the writer, should the child have stopped reading.
                child::kill_group(&mut w.child);
            }
            let _ = writer.join();
            got
        });
        match outcome {
            Ok(Frame::Answer(bytes)) => {
                w.served += 1;
                self.put_back(w);
                Ok(Ok(bytes))
            }
            Ok(Frame::Overflow) => {
                let _ = reap(&mut w);
                Ok(Err(Failure::Overflowed(crate::plain::human_bytes(
                    limits.max_output,
                ))))
            }
            Err(RecvTimeoutError::Timeout) => {
                let status = reap(&mut w)?;
                Ok(Err(finished(&w, status, true).failure(limits).unwrap_or(
                    Failure::TimedOut(limits.timeout.as_secs().max(1)),
                )))
            }
            Ok(Frame::End) | Err(RecvTimeoutError::Disconnected) => {
                let status = reap(&mut w)?;
                let done = finished(&w, status, false);
                // A child that ended cleanly without answering broke the
                // protocol: a failure all the same.
                Ok(Err(done.failure(limits).unwrap_or(Failure::Exit(0))))
            }
        }
    }

    /// Ends the idle children: their stdin closes, they exit, and they are
    /// reaped (so their CPU time and memory count as this process's
    /// children's). One that does not end within a second is killed.
    pub fn close_idle(&self) {
        let idle: Vec<Worker> = match self.idle.lock() {
            Ok(mut v) => v.drain(..).collect(),
            Err(_) => return,
        };
        let mut children: Vec<Child> = idle.into_iter().map(|w| w.child).collect();
        let deadline = Instant::now() + Duration::from_secs(1);
        for c in &mut children {
            while matches!(c.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
            if matches!(c.try_wait(), Ok(None)) {
                child::kill_group(c);
            }
            let _ = c.wait();
        }
    }

    fn take_idle(&self) -> Option<Worker> {
        let mut idle = self.idle.lock().ok()?;
        while let Some(mut w) = idle.pop() {
            // One that died while idle (killed from outside) is not used.
            match w.child.try_wait() {
                Ok(None) => return Some(w),
                _ => {
                    let _ = reap(&mut w);
                }
            }
        }
        None
    }

    fn put_back(&self, mut w: Worker) {
        if w.served >= MAX_REQUESTS {
            // Closing stdin ends it; reaping waits for that.
            drop(std::mem::replace(&mut w.answers, mpsc::channel().1));
            let _ = reap(&mut w);
            return;
        }
        match self.idle.lock() {
            Ok(mut idle) => idle.push(w),
            Err(_) => {
                let _ = reap(&mut w);
            }
        }
    }

    fn spawn(&self, max_output: u64) -> io::Result<Worker> {
        let mut cmd = (self.make)();
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // No CPU-time cap: a child lives for many requests; the time of
        // each is the parent's to enforce.
        child::apply_limits(&mut cmd, self.max_memory_mb, None);
        let mut child = spawn_from_spawner(cmd)?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            child::kill_group(&mut child);
            let _ = child.wait();
            return Err(io::Error::other("the child has no pipes"));
        };
        let (tx, answers) = mpsc::channel();
        std::thread::spawn(move || read_frames(stdout, max_output, &tx));
        let err = Arc::new(Mutex::new(Vec::new()));
        let keep = Arc::clone(&err);
        let (done, stderr_done) = mpsc::channel();
        std::thread::spawn(move || {
            keep_stderr_head(stderr, &keep);
            drop(done);
        });
        Ok(Worker {
            child,
            stdin,
            answers,
            stderr: err,
            stderr_done,
            served: 0,
        })
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for mut w in idle.drain(..) {
                child::kill_group(&mut w.child);
                let _ = w.child.wait();
            }
        }
    }
}

/// Kills the child (and its group) and waits for it.
fn reap(w: &mut Worker) -> io::Result<std::process::ExitStatus> {
    if let Ok(Some(status)) = w.child.try_wait() {
        return Ok(status);
    }
    child::kill_group(&mut w.child);
    w.child.wait()
}

/// How the child ended, in the one-shot runner's terms (stdout is the
/// protocol's, so none is kept).
fn finished(w: &Worker, status: std::process::ExitStatus, timed_out: bool) -> Finished {
    // The stderr reader may still be reading what the child wrote last
    // (bounded: a grandchild could hold the pipe open).
    let _ = w.stderr_done.recv_timeout(Duration::from_millis(500));
    Finished {
        status,
        stdout: Vec::new(),
        stderr: w.stderr.lock().map(|e| e.clone()).unwrap_or_default(),
        timed_out,
        overflowed: false,
    }
}

/// Reads answers (`u64` LE length, then the bytes) until stdout closes.
fn read_frames(mut out: impl Read, max_output: u64, tx: &Sender<Frame>) {
    loop {
        let mut len = [0u8; 8];
        if out.read_exact(&mut len).is_err() {
            let _ = tx.send(Frame::End);
            return;
        }
        let len = u64::from_le_bytes(len);
        if len > max_output {
            let _ = tx.send(Frame::Overflow);
            // Drain, so the child never blocks on a full pipe before it
            // is killed.
            let _ = io::copy(&mut out, &mut io::sink());
            return;
        }
        let mut buf = Vec::new();
        if (&mut out).take(len).read_to_end(&mut buf).is_err() || buf.len() as u64 != len {
            let _ = tx.send(Frame::End);
            return;
        }
        if tx.send(Frame::Answer(buf)).is_err() {
            return;
        }
    }
}

/// Keeps the first [`child::MAX_STDERR`] bytes written since the buffer was
/// last cleared; reads on, so the child never blocks on stderr.
fn keep_stderr_head(mut err: impl Read, keep: &Mutex<Vec<u8>>) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = err.read(&mut buf) {
        if n == 0 {
            return;
        }
        if let Ok(mut k) = keep.lock() {
            let room = (child::MAX_STDERR as usize).saturating_sub(k.len());
            k.extend_from_slice(&buf[..n.min(room)]);
        }
    }
}

type SpawnRequest = (Command, Sender<io::Result<Child>>);

/// Spawns `cmd` from the spawner thread (see the module docs).
fn spawn_from_spawner(cmd: Command) -> io::Result<Child> {
    static SPAWNER: OnceLock<Mutex<Sender<SpawnRequest>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<SpawnRequest>();
        std::thread::Builder::new()
            .name("litextract-spawner".into())
            .spawn(move || {
                for (mut cmd, reply) in rx {
                    let _ = reply.send(cmd.spawn());
                }
            })
            .expect("cannot start the worker spawner thread");
        Mutex::new(tx)
    });
    let (tx, rx) = mpsc::channel();
    spawner
        .lock()
        .map_err(|_| io::Error::other("the worker spawner failed"))?
        .send((cmd, tx))
        .map_err(|_| io::Error::other("the worker spawner is gone"))?;
    rx.recv()
        .map_err(|_| io::Error::other("the worker spawner is gone"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(ms: u64) -> Limits {
        Limits {
            timeout: Duration::from_millis(ms),
            max_memory_mb: 0,
            max_output: 1024,
        }
    }

    /// A child that answers each line it reads with the line, framed.
    fn echo_pool() -> Pool {
        Pool::new(
            || {
                let mut c = Command::new("python3");
                c.args([
                    "-c",
                    "import sys,struct\n\
                     for l in sys.stdin.buffer:\n\
                     \tif l.startswith(b'crash'): import os; os.kill(os.getpid(), 11)\n\
                     \tif l.startswith(b'hang'): import time; time.sleep(60)\n\
                     \tif l.startswith(b'big'): sys.stdout.buffer.write(struct.pack('<Q', 10**9)); sys.stdout.flush(); continue\n\
                     \tsys.stdout.buffer.write(struct.pack('<Q', len(l)) + l); sys.stdout.flush()\n",
                ]);
                c
            },
            0,
        )
    }

    fn python_missing() -> bool {
        let missing = Command::new("python3").arg("-V").output().is_err();
        if missing {
            eprintln!("SKIPPED pool tests: python3 is not installed");
        }
        missing
    }

    #[test]
    fn one_child_answers_many_requests() {
        if python_missing() {
            return;
        }
        let pool = echo_pool();
        for i in 0..5 {
            let line = format!("hello {i}\n");
            let got = pool.call(&[line.as_bytes()], &limits(10_000)).unwrap();
            assert_eq!(got.unwrap(), line.as_bytes());
        }
        assert_eq!(pool.idle(), 1, "the same child served every request");
    }

    #[test]
    fn a_hang_a_crash_and_a_flood_cost_one_request_each() {
        if python_missing() {
            return;
        }
        let pool = echo_pool();
        let l = limits(1_500);
        // The first call starts the child (Python's start-up can take more
        // than the short limit on a loaded machine); the hang reuses it.
        assert_eq!(
            pool.call(&[b"a\n".as_slice()], &limits(10_000))
                .unwrap()
                .unwrap(),
            b"a\n"
        );
        assert_eq!(
            pool.call(&[b"hang\n".as_slice()], &l).unwrap(),
            Err(Failure::TimedOut(1))
        );
        assert_eq!(pool.idle(), 0, "the hung child is gone");
        assert_eq!(
            pool.call(&[b"b\n".as_slice()], &limits(10_000))
                .unwrap()
                .unwrap(),
            b"b\n"
        );
        assert_eq!(
            pool.call(&[b"crash\n".as_slice()], &limits(10_000))
                .unwrap(),
            Err(Failure::Crashed)
        );
        assert_eq!(
            pool.call(&[b"big\n".as_slice()], &limits(10_000)).unwrap(),
            Err(Failure::Overflowed("1.0 KB".into()))
        );
        assert_eq!(
            pool.call(&[b"c\n".as_slice()], &limits(10_000))
                .unwrap()
                .unwrap(),
            b"c\n"
        );
        assert_eq!(pool.idle(), 1);
        pool.close_idle();
        assert_eq!(pool.idle(), 0);
    }
}
