//! Arbitrary bytes through the in-process PDF reader: `pdf-extract` may
//! panic (caught) but must return. libFuzzer's -timeout and -rss_limit_mb
//! flag the hangs and blow-ups that the CLI's worker processes contain;
//! those are findings about pdf-extract, not litextract bugs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use litextract::ingest::pdf;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(t) = pdf::extract_in_process(bytes) {
        let _ = pdf::text_warnings(&t.pages);
    }
});
