//! Isolation: what one bad input may not take down with it.
//!
//! * Panics: `pdf-extract` panics on some real PDFs by design, and an
//!   extractor bug must not cost a librarian a document: both run under
//!   [`catch_quietly`], which turns a panic into `None` and keeps the default
//!   panic message (a Rust trace) off the user's terminal.
//! * Hangs, runaway memory and floods of output: [`child`] runs a process
//!   under a time budget, an address-space cap and output caps.
//!
//! Nothing here knows what is being read; the readers in `ingest` put the
//! failures in their own words.

pub mod child;
pub mod pool;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that is silent on threads inside
/// [`catch_quietly`] and defers to the previous hook everywhere else.
pub fn install_quiet_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `None` without printing anything.
pub fn catch_quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    install_quiet_panic_hook();
    let was = QUIET_PANICS.with(|q| q.replace(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(was));
    r.ok()
}

/// Makes a crash that follows a failed allocation say "out of memory" on
/// stderr, where [`child::Finished::out_of_memory`] looks: C++ libraries
/// (pdfium) abort or trap when an allocation fails under the address-space
/// cap, silently, unlike Rust's allocator. The crash handler checks
/// `errno`, which a failed `malloc`/`mmap` leaves at `ENOMEM`, writes one
/// line, and lets the signal end the process as before. For worker
/// processes only: it replaces the handlers of this process.
pub fn say_out_of_memory_on_crash() {
    #[cfg(unix)]
    {
        extern "C" fn on_crash(sig: libc::c_int) {
            // Only async-signal-safe calls: reading errno, write, signal,
            // raise.
            if std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOMEM) {
                let msg = b"out of memory: a PDF reader's allocation failed\n";
                // SAFETY: writes a static buffer to stderr.
                unsafe { libc::write(2, msg.as_ptr().cast(), msg.len()) };
            }
            // SAFETY: restores the default action and re-raises, so the
            // process ends by the same signal.
            unsafe {
                libc::signal(sig, libc::SIG_DFL);
                libc::raise(sig);
            }
        }
        for sig in [
            libc::SIGABRT,
            libc::SIGTRAP,
            libc::SIGILL,
            libc::SIGSEGV,
            libc::SIGBUS,
        ] {
            // SAFETY: installs a handler that only makes async-signal-safe
            // calls.
            unsafe {
                libc::signal(
                    sig,
                    on_crash as extern "C" fn(libc::c_int) as libc::sighandler_t,
                )
            };
        }
    }
}
