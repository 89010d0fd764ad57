//! Arbitrary file bytes through format detection and text decoding, then
//! the text path: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use litextract::extract::extract_all;
use litextract::ingest::{self, text};
use litextract::Document;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let _ = ingest::detect(Path::new("x.txt"), bytes);
    let _ = ingest::detect(Path::new("x.bin"), bytes);
    if let Ok(d) = text::decode(bytes) {
        let doc = Document::from_text(&d.text);
        let n = doc.text.chars().count();
        for f in extract_all(&doc) {
            assert!(f.start < f.end && f.end <= n, "{f:?}");
        }
    }
});
