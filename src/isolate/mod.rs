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
