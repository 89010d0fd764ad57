//! Times each stage on one text file: normalization (with sentences and
//! sections), every extractor alone, and the summary. A debugging aid for
//! finding the stage that a pathological document makes slow:
//!
//! ```sh
//! cargo run --release --example stage_times -- FILE...
//! ```

use litextract::extract::{summarize, EXTRACTORS};
use std::time::Instant;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let t = Instant::now();
        let doc = litextract::Document::from_text(&text);
        let mut line = format!("{path}: normalize {:.3}s", t.elapsed().as_secs_f64());
        let mut all = Vec::new();
        for e in EXTRACTORS {
            let t = Instant::now();
            let mut out = Vec::new();
            e.extract(&doc, &mut out);
            line += &format!(
                ", {} {:.3}s ({})",
                e.field(),
                t.elapsed().as_secs_f64(),
                out.len()
            );
            all.extend(out);
        }
        let t = Instant::now();
        let _ = summarize(&all);
        line += &format!(", summary {:.3}s", t.elapsed().as_secs_f64());
        println!("{line}");
    }
}
