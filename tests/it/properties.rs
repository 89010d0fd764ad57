//! Properties over arbitrary text: normalization and every extractor never
//! panic, and every finding satisfies `text[start:end] == finding.text`;
//! arbitrary bytes through format detection and decoding; damaged PDFs
//! through the isolated reader.
//!
//! `make test` runs a bounded pass (512 cases per property, seconds);
//! `make fuzz` sets `PROPTEST_CASES` for a long one.

use crate::common;

use litextract::extract::{extract_all, summarize, EXTRACTORS};
use litextract::ingest::{self, pdf, text};
use litextract::Document;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Cases per property: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Text made of the pieces papers are made of, so extractors fire often.
fn papery() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "p",
        "P",
        " = ",
        "<",
        "≤",
        "0·03",
        ".05",
        "0.001",
        " ",
        "\n",
        "-\n",
        "n = 27",
        "EDSS",
        " 3.0–6.5",
        "±",
        "NCT",
        "03355365",
        "doi:",
        "10.1186/",
        "s13287-024",
        ")",
        "(",
        ".",
        "patients",
        "randomized",
        "Twenty-four",
        "ﬁ",
        "\u{00AD}",
        "\u{2009}",
        "−",
        "×",
        "10",
        "⁻⁵",
        "References\n",
        "ISRCTN",
        " 49286846",
        "é",
        "日本",
        "\r\n",
        "¼",
        "e\u{301}",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

fn check(text: &str, pages: bool) {
    let doc = if pages {
        let parts: Vec<&str> = text.split('\u{0C}').collect();
        Document::from_pages(&parts)
    } else {
        Document::from_text(text)
    };
    let chars: Vec<char> = doc.text.chars().collect();
    assert_eq!(doc.fold.chars().count(), chars.len());
    assert_eq!(doc.source_map.len(), chars.len() + 1);
    let findings = extract_all(&doc);
    for f in &findings {
        assert!(f.start < f.end && f.end <= chars.len(), "{f:?}");
        let got: String = chars[f.start..f.end].iter().collect();
        assert_eq!(got, f.text);
        assert!((0.0..=1.0).contains(&f.confidence));
        if let Some(p) = f.page {
            assert!(p >= 1 && p as usize <= doc.pages.len(), "page {p} of {f:?}");
        }
    }
    // Each extractor alone too: one must not rely on another's output.
    for x in EXTRACTORS {
        let mut out = Vec::new();
        x.extract(&doc, &mut out);
        for f in &out {
            assert!(f.start < f.end && f.end <= chars.len(), "{f:?}");
        }
    }
    let _ = summarize(&findings);
}

/// Bytes as a file would hold them: detection and decoding never panic,
/// and whatever decodes goes through the whole text path.
fn check_bytes(bytes: &[u8]) {
    let _ = ingest::detect(Path::new("x.txt"), bytes);
    let _ = ingest::detect(Path::new("x.fuzz"), bytes);
    if let Ok(d) = text::decode(bytes) {
        check(&d.text, false);
    }
}

/// A real PDF with bytes overwritten, cut or spliced: what a broken
/// download or a bad disk makes.
fn damaged_pdf() -> impl Strategy<Value = Vec<u8>> {
    let base = common::minimal_pdf(&[
        &[
            "Patients (n = 27) were randomized (p = 0.03).",
            "NCT03355365",
        ],
        &["EDSS 3.0-6.5"],
    ]);
    let len = base.len();
    (
        prop::collection::vec((0..len, any::<u8>()), 0..12),
        0..=len,
        prop::collection::vec(any::<u8>(), 0..40),
    )
        .prop_map(move |(edits, cut, splice)| {
            let mut b = base.clone();
            for (at, byte) in edits {
                b[at] = byte;
            }
            b.truncate(cut.max(9));
            b.extend_from_slice(&splice);
            b
        })
}

fn worker_options() -> pdf::PdfOptions {
    pdf::PdfOptions {
        worker: Some(PathBuf::from(env!("CARGO_BIN_EXE_litextract"))),
        pdftotext: None,
        timeout: Duration::from_secs(20),
        max_memory_mb: 1024,
        pdfium: litextract::ingest::pdfium::EMBEDDED,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    #[test]
    fn offsets_hold_on_papery_text(s in papery()) {
        check(&s, false);
    }

    #[test]
    fn offsets_hold_on_any_unicode(s in "\\PC{0,200}") {
        check(&s, false);
        check(&s, true);
    }

    #[test]
    fn any_bytes_are_detected_and_decoded_safely(b in prop::collection::vec(any::<u8>(), 0..300)) {
        check_bytes(&b);
    }
}

proptest! {
    // A subprocess per case: fewer cases, still every kind of damage.
    #![proptest_config(ProptestConfig::with_cases(cases(48).min(2000)))]

    #[test]
    fn damaged_pdfs_give_pages_or_an_error_in_words(b in damaged_pdf()) {
        match pdf::read(&b, &worker_options()) {
            Ok(t) => {
                let doc = Document::from_pages(&t.pages);
                check(&doc.text, false);
            }
            // The worker always starts and answers; what it answers is a
            // reason in words (damaged, crashed, timed out …).
            Err(e) => prop_assert!(!matches!(e, pdf::PdfError::Worker(_)), "{e}"),
        }
    }
}
