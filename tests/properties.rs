//! Properties over arbitrary text: normalization and every extractor never
//! panic, and every finding satisfies `text[start:end] == finding.text`.

use litextract::extract::{extract_all, summarize};
use litextract::Document;
use proptest::prelude::*;

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
    }
    let _ = summarize(&findings);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offsets_hold_on_papery_text(s in papery()) {
        check(&s, false);
    }

    #[test]
    fn offsets_hold_on_any_unicode(s in "\\PC{0,200}") {
        check(&s, false);
        check(&s, true);
    }
}
