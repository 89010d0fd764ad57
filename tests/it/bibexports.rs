//! Citation exports (RIS, Web of Science, Ovid, BibTeX, EndNote XML)
//! through the binary: detection by content (a paper that quotes a RIS or
//! BibTeX entry stays a text document; an export saved as `.txt` is read
//! as its format), one record per article, and the bibformats dev set of
//! `../shared` scored the way its README scores it: every gold article of
//! these formats gets exactly one record, no record mixes two articles,
//! DOIs and PMIDs agree with the gold.

use crate::common::{shared_corpora, skip};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

/// The formats this file scores (`source.format`).
const FORMATS: &[&str] = &["ris", "wos", "ovid", "bibtex", "endnote-xml"];

/// Runs `litextract extract IN --out OUT` and reads every record, by
/// `source.path`.
fn extract(input: &Path, out: &Path) -> BTreeMap<String, Vec<Value>> {
    let st = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        st.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let mut by_path: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy();
        if !e.file_type().is_file() || !name.ends_with(".json") || name == "manifest.json" {
            continue;
        }
        let Ok(r) = serde_json::from_slice::<Value>(&fs::read(e.path()).unwrap()) else {
            continue;
        };
        if let Some(p) = r["source"]["path"].as_str() {
            by_path.entry(p.to_string()).or_default().push(r);
        }
    }
    by_path
}

fn pmid(r: &Value) -> Option<String> {
    if let Some(p) = r["metadata"]["pmid"].as_str() {
        return Some(p.to_string());
    }
    r["source"]["record"]["key"]
        .as_str()
        .and_then(|k| k.strip_prefix("pmid-"))
        .map(str::to_string)
}

fn dois(r: &Value) -> Vec<&str> {
    [&r["summary"]["doi"], &r["metadata"]["doi"]]
        .iter()
        .filter_map(|v| v.as_str())
        .collect()
}

fn index(r: &Value) -> Option<u64> {
    r["source"]["record"]["index"].as_u64()
}

#[test]
fn papers_that_quote_exports_stay_text_and_exports_named_txt_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    fs::copy(
        fixtures.join("ris/paper_quoting_ris.txt"),
        input.join("paper_ris.txt"),
    )
    .unwrap();
    fs::write(
        input.join("paper_bib.txt"),
        "Citation practice in multiple sclerosis trials\n\nIntroduction\nReference managers \
         write BibTeX; a typical entry for one of the 48 trials we reviewed reads as follows, \
         and we quote it here as it was exported by the registry's own tool.\n\n\
         @article{smith2020,\n  title = {A trial},\n  doi = {10.1000/xyz}\n}\n\n\
         Methods\nWe randomized 96 patients (p = 0.03).\n",
    )
    .unwrap();
    fs::copy(
        fixtures.join("ris/pubmed_two_records.ris"),
        input.join("pubmed_export.txt"),
    )
    .unwrap();
    fs::copy(fixtures.join("bibtex/library.bib"), input.join("refs.txt")).unwrap();
    fs::copy(
        fixtures.join("wos/savedrecs.txt"),
        input.join("savedrecs.txt"),
    )
    .unwrap();
    fs::copy(
        fixtures.join("ovid/medline_embase.ovd"),
        input.join("ovid.cgi"),
    )
    .unwrap();
    fs::copy(
        fixtures.join("endnote_xml/library.xml"),
        input.join("My EndNote Library.xml"),
    )
    .unwrap();
    let recs = extract(&input, &tmp.path().join("out"));
    let formats: BTreeMap<&str, (&str, usize)> = recs
        .iter()
        .map(|(p, rs)| {
            (
                p.as_str(),
                (rs[0]["source"]["format"].as_str().unwrap(), rs.len()),
            )
        })
        .collect();
    let expect: BTreeMap<&str, (&str, usize)> = [
        ("paper_ris.txt", ("text", 1)),
        ("paper_bib.txt", ("text", 1)),
        ("pubmed_export.txt", ("ris", 2)),
        ("refs.txt", ("bibtex", 3)),
        ("savedrecs.txt", ("wos", 3)),
        ("ovid.cgi", ("ovid", 3)),
        ("My EndNote Library.xml", ("endnote-xml", 3)),
    ]
    .into_iter()
    .collect();
    assert_eq!(formats, expect);
    // The text documents keep their findings: they were read whole.
    let paper = &recs["paper_bib.txt"][0];
    assert!(paper["source"]["record"].is_null());
    assert!(
        paper["text"]
            .as_str()
            .unwrap()
            .contains("@article{smith2020"),
        "{paper}"
    );
    // Each article record points its findings into its own text.
    for rs in recs.values() {
        for r in rs {
            crate::common::assert_offsets(r);
            assert_eq!(r["status"], "ok", "{r}");
        }
    }
}

#[test]
fn a_gzipped_export_streams_and_a_truncated_one_keeps_what_came_before() {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    let mut ris = Vec::new();
    for i in 0..200 {
        ris.extend_from_slice(
            format!(
                "TY  - JOUR\nTI  - Trial number {i} in relapsing MS\nDO  - 10.5555/trial.{i}\nAB  - We randomized {n} patients.\nER  - \n\n",
                n = 20 + i
            )
            .as_bytes(),
        );
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(&ris).unwrap();
    let gz = gz.finish().unwrap();
    fs::write(input.join("whole.ris.gz"), &gz).unwrap();
    fs::write(input.join("cut.ris.gz"), &gz[..gz.len() / 2]).unwrap();
    let recs = extract(&input, &tmp.path().join("out"));
    let whole = &recs["whole.ris.gz"];
    assert_eq!(whole.len(), 200);
    assert!(whole.iter().all(|r| r["source"]["format"] == "ris"));
    let cut = &recs["cut.ris.gz"];
    assert!(
        cut.len() > 10 && cut.len() < 200,
        "a truncated .gz keeps the records before the damage: {}",
        cut.len()
    );
    let manifest: Value =
        serde_json::from_slice(&fs::read(tmp.path().join("out/manifest.json")).unwrap()).unwrap();
    let text = manifest.to_string();
    assert!(
        text.contains("cut.ris.gz") && text.contains("breaks off"),
        "the manifest says where the reading stopped: {text}"
    );
}

/// What the bibformats check found, for the message.
#[derive(Default, Debug)]
struct Score {
    articles: usize,
    found: usize,
    doi: (usize, usize),
    pmid: (usize, usize),
    extra: usize,
    mixed: usize,
    misses: Vec<String>,
}

#[test]
fn bibformats_citation_exports_one_record_per_article() {
    let Some(corpora) = shared_corpora() else {
        return skip("bibexports::bibformats_citation_exports_one_record_per_article");
    };
    let set = corpora.join("bibformats");
    let tmp = tempfile::tempdir().unwrap();
    let recs = extract(&set, tmp.path());
    let gold = fs::read_to_string(set.join("gold.jsonl")).unwrap();
    let mut s = Score::default();
    let none = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).unwrap();
        let Some(format) = g["format"].as_str().filter(|f| FORMATS.contains(f)) else {
            continue;
        };
        let doc = g["doc"].as_str().unwrap();
        let rs = recs.get(doc).unwrap_or(&none);
        if g["tolerate_any"] == true {
            continue;
        }
        for r in rs.iter().filter(|r| !r["source"]["record"].is_null()) {
            assert_eq!(r["source"]["format"], format, "{doc}");
        }
        let arts = g["records"].as_array().unwrap();
        let mut used = vec![false; rs.len()];
        for (i, a) in arts.iter().enumerate() {
            s.articles += 1;
            let want_pmid = a["pmid"].as_str();
            let want_doi = a["doi"].as_str();
            // `index_alt`: other acceptable positions (a reader that skips
            // `@set` entries counts differently).
            let mut at = vec![a["index"].as_u64().unwrap_or(i as u64)];
            at.extend(
                a["index_alt"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_u64),
            );
            let free = |j: &usize| !used[*j];
            let hit = (0..rs.len())
                .filter(free)
                .find(|&j| want_pmid.is_some() && pmid(&rs[j]).as_deref() == want_pmid)
                .or_else(|| {
                    (0..rs.len())
                        .filter(free)
                        .find(|&j| want_doi.is_some_and(|d| dois(&rs[j]).contains(&d)))
                })
                .or_else(|| {
                    (0..rs.len())
                        .filter(free)
                        .find(|&j| index(&rs[j]).is_some_and(|x| at.contains(&x)))
                });
            let Some(j) = hit else {
                s.misses.push(format!("{doc} #{i}: no record"));
                continue;
            };
            used[j] = true;
            s.found += 1;
            let r = &rs[j];
            if r["status"] != "ok" {
                s.misses.push(format!("{doc} #{i}: failed: {}", r["error"]));
            }
            if a.get("doi").is_some() {
                s.doi.1 += 1;
                if r["summary"]["doi"].as_str() == want_doi {
                    s.doi.0 += 1;
                } else {
                    s.misses.push(format!(
                        "{doc} #{i}: DOI {want_doi:?}, record says {}",
                        r["summary"]["doi"]
                    ));
                }
            }
            if a.get("pmid").is_some() {
                s.pmid.1 += 1;
                if pmid(r).as_deref() == want_pmid {
                    s.pmid.0 += 1;
                } else {
                    s.misses.push(format!(
                        "{doc} #{i}: PMID {want_pmid:?}, record says {:?}",
                        pmid(r)
                    ));
                }
            }
            // A record mixes two articles when an identifier of another
            // gold article of the file is its own.
            for (k, b) in arts.iter().enumerate() {
                let other_pmid = b["pmid"].as_str().filter(|p| Some(*p) != want_pmid);
                let other_doi = b["doi"].as_str().filter(|d| Some(*d) != want_doi);
                if k != i
                    && (other_pmid.is_some_and(|p| pmid(r).as_deref() == Some(p))
                        || other_doi.is_some_and(|d| dois(r).contains(&d)))
                {
                    s.mixed += 1;
                    s.misses
                        .push(format!("{doc} #{i}: record also names article #{k}"));
                }
            }
        }
        let tolerated = |r: &Value| {
            g["tolerate_records"].as_array().is_some_and(|ts| {
                ts.iter().any(|t| {
                    t["index"].as_u64().is_some_and(|x| index(r) == Some(x))
                        || t["doi"].as_str().is_some_and(|d| dois(r).contains(&d))
                })
            })
        };
        for (j, r) in rs.iter().enumerate() {
            let whole_file = r["source"]["record"].is_null();
            let counts = if whole_file {
                g["tolerate_whole_file"] != true && r["status"] == "ok"
            } else {
                !tolerated(r)
            };
            if !used[j] && counts {
                s.extra += 1;
                s.misses
                    .push(format!("{doc}: extra record {}", r["source"]));
            }
        }
    }
    let _ = writeln_stderr(&format!(
        "bibformats (RIS, WoS, Ovid, BibTeX, EndNote XML): {}/{} articles found, DOI {}/{}, PMID {}/{}, {} extra records, {} mixed",
        s.found, s.articles, s.doi.0, s.doi.1, s.pmid.0, s.pmid.1, s.extra, s.mixed
    ));
    assert!(s.articles >= 200, "the set holds these formats: {s:?}");
    assert!(s.misses.is_empty(), "{:#?}", s.misses);
}

fn writeln_stderr(line: &str) -> std::io::Result<()> {
    use std::io::Write;
    writeln!(std::io::stderr(), "{line}")
}

#[test]
fn an_export_records_numbers_come_from_its_abstract_not_its_source_line() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("export.ris"),
        "TY  - CONF\nTI  - Fatigue after transplantation in MS\nT2  - Proceedings of the Example Congress of Neurology\nPY  - 2019\n\
         AB  - Forty-eight patients with aggressive MS were followed for five years (P < 0.001).\nER  - \n",
    )
    .unwrap();
    let recs = extract(&input, &tmp.path().join("out"));
    let r = &recs["export.ris"][0];
    assert_eq!(r["summary"]["sample_size"]["total"], 48, "{}", r["text"]);
    assert_eq!(r["metadata"]["year"], 2019);
}
