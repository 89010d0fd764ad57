//! Helpers shared by the integration tests.
#![allow(dead_code)]

use litextract::extract::Extractor;
use litextract::normalize::Document;
use litextract::record::Finding;
use std::path::{Path, PathBuf};

/// The shared corpora, if this checkout has `../shared` beside it.
pub fn shared_corpora() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    p.is_dir().then_some(p)
}

/// Says why a test that needs `../shared` did nothing. It writes to the
/// process's stderr handle directly: libtest captures `eprintln!` of a
/// passing test and would hide the line, so a skip would read as a pass.
pub fn skip(test: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: ../shared/corpora is not present next to this checkout"
    );
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A small valid PDF with one text line per entry of each page, in
/// Helvetica (WinAnsi), that `pdf-extract` and `pdftotext` both read.
pub fn minimal_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then (page, content) per page.
    let mut objects: Vec<String> = Vec::new();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n} >>",
        kids.join(" ")
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    );
    for (i, lines) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 11 Tf 14 TL 56 760 Td\n");
        for l in lines.iter() {
            content.push_str(&format!("({}) Tj T*\n", escape(l)));
        }
        content.push_str("ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len() + 1
        ));
    }
    let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
    pdf_from_objects(&objects, "")
}

/// A PDF from raw object bodies (object `i+1` is `objects[i]`), with a
/// correct cross-reference table; `trailer_extra` goes into the trailer
/// dictionary (an `/Encrypt` reference, say).
pub fn pdf_from_objects(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Checks the contract's offset invariant, `text[start..end] ==
/// finding.text` in code points, on findings made from `doc`: the one
/// check every fixture test runs on what it extracts.
pub fn assert_finding_offsets(doc: &Document, findings: &[Finding]) {
    let chars: Vec<char> = doc.text.chars().collect();
    for f in findings {
        assert!(
            f.start < f.end && f.end <= chars.len(),
            "bad span {}..{} in {f:?}",
            f.start,
            f.end
        );
        let got: String = chars[f.start..f.end].iter().collect();
        assert_eq!(got, f.text, "text[start..end] != finding.text for {f:?}");
    }
}

/// Runs one extractor (or, with `None`, every extractor as the pipeline
/// does) over a text, checks the offsets of what it found, and returns the
/// document with its findings in text order.
pub fn extract_text(extractor: Option<&dyn Extractor>, text: &str) -> (Document, Vec<Finding>) {
    let doc = Document::from_text(text);
    let mut out = match extractor {
        Some(e) => {
            let mut out = Vec::new();
            e.extract(&doc, &mut out);
            out
        }
        None => litextract::extract::extract_all(&doc),
    };
    out.sort_by_key(|f| (f.start, f.end));
    assert_finding_offsets(&doc, &out);
    (doc, out)
}

/// Checks the contract's offset invariant on every finding of a record.
pub fn assert_offsets(record: &serde_json::Value) {
    let text: Vec<char> = record["text"].as_str().unwrap_or("").chars().collect();
    for f in record["findings"].as_array().into_iter().flatten() {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert!(s < e && e <= text.len(), "bad span {s}..{e} in {f}");
        let got: String = text[s..e].iter().collect();
        assert_eq!(
            got,
            f["text"].as_str().unwrap(),
            "text[start:end] != finding.text for {f}"
        );
    }
}

/// Extracts a gold set (a folder with `gold.jsonl`) into a temporary folder
/// and pairs every gold line with its record. The folder lives as long as
/// the returned guard.
pub fn extract_gold_set(
    set: &Path,
) -> (
    tempfile::TempDir,
    Vec<(serde_json::Value, serde_json::Value)>,
) {
    use litextract::pipeline::{self, Mode, Options, Silent};
    let tmp = tempfile::tempdir().unwrap();
    let mut opts = Options::new(vec![set.to_path_buf()], tmp.path().to_path_buf());
    opts.mode = Mode::Files;
    let report = pipeline::run(&opts, &Silent, None).unwrap();
    assert_eq!(
        report.counts.failed,
        0,
        "{}: {:?}",
        set.display(),
        report.failures
    );
    let gold = std::fs::read_to_string(set.join("gold.jsonl")).unwrap();
    let pairs = gold
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let g: serde_json::Value = serde_json::from_str(l).unwrap();
            let doc = g["doc"].as_str().unwrap().to_string();
            let bytes = std::fs::read(tmp.path().join(format!("{doc}.json")))
                .unwrap_or_else(|e| panic!("no record for {doc}: {e}"));
            (g, serde_json::from_slice(&bytes).unwrap())
        })
        .collect();
    (tmp, pairs)
}

/// Says why a test did nothing, for reasons other than `../shared` (a
/// missing browser, say); like [`skip`], on the stderr handle.
pub fn skip_because(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// Every `.txt` under `dir`, recursively (fixture stage folders), sorted.
pub fn texts_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
