//! Arbitrary text (and pages split at form feeds) through normalization
//! and every extractor: no panic, every finding's offsets index its text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use litextract::extract::{extract_all, summarize, EXTRACTORS};
use litextract::Document;

fn check(doc: &Document) {
    let chars: Vec<char> = doc.text.chars().collect();
    assert_eq!(doc.fold.chars().count(), chars.len());
    let findings = extract_all(doc);
    for f in &findings {
        assert!(f.start < f.end && f.end <= chars.len(), "{f:?}");
        let got: String = chars[f.start..f.end].iter().collect();
        assert_eq!(got, f.text);
        assert!((0.0..=1.0).contains(&f.confidence));
    }
    for x in EXTRACTORS {
        let mut out = Vec::new();
        x.extract(doc, &mut out);
        for f in &out {
            assert!(f.start < f.end && f.end <= chars.len(), "{f:?}");
        }
    }
    let _ = summarize(&findings);
}

fuzz_target!(|text: &str| {
    check(&Document::from_text(text));
    let pages: Vec<&str> = text.split('\u{0C}').collect();
    check(&Document::from_pages(&pages));
});
