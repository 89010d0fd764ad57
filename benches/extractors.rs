//! Cost per MB of each extractor, of normalization and of all extractors
//! together (`cargo bench --bench extractors`; `make bench` runs it
//! briefly). Speed is measured here, never asserted.
//!
//! The text is the demo corpus's plain-text documents (`corpus/*.txt`,
//! shipped with the repository) repeated to about 1 MB, so the figures need
//! nothing from `../shared`. `LITEXTRACT_BENCH_TEXT=FILE` measures another
//! text instead (for example one PMC article of the bench corpus).

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use litextract::extract::{extract_all, EXTRACTORS};
use litextract::Document;
use std::path::Path;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const TARGET_BYTES: usize = 1 << 20;

static TEXT: LazyLock<String> = LazyLock::new(|| {
    if let Ok(p) = std::env::var("LITEXTRACT_BENCH_TEXT") {
        return std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/ is part of the repository")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let one: String = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus text is UTF-8"))
        .collect::<Vec<_>>()
        .join("\n\n");
    assert!(!one.is_empty(), "no corpus/*.txt to measure");
    let mut text = String::with_capacity(TARGET_BYTES + one.len());
    while text.len() < TARGET_BYTES {
        text.push_str(&one);
        text.push_str("\n\n");
    }
    text
});

static DOC: LazyLock<Document> = LazyLock::new(|| Document::from_text(&TEXT));

#[divan::bench]
fn normalize(bencher: Bencher) {
    bencher
        .counter(BytesCount::of_str(&*TEXT))
        .bench(|| Document::from_text(black_box(&TEXT)));
}

#[divan::bench(args = ["doi", "registry_id", "p_value", "sample_size", "edss"])]
fn extractor(bencher: Bencher, field: &str) {
    let e = EXTRACTORS
        .iter()
        .find(|e| e.field().as_str() == field)
        .expect("every field has an extractor");
    let doc = &*DOC;
    bencher.counter(BytesCount::of_str(&doc.text)).bench(|| {
        let mut out = Vec::new();
        e.extract(black_box(doc), &mut out);
        out
    });
}

#[divan::bench]
fn all_extractors(bencher: Bencher) {
    let doc = &*DOC;
    bencher
        .counter(BytesCount::of_str(&doc.text))
        .bench(|| extract_all(black_box(doc)));
}
