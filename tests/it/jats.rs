//! JATS / PMC XML through the binary: a full text is one record with its
//! front-matter metadata and its references `cited`; a `pmc-articleset`
//! gives a record per article and a failed record for a broken one; an
//! entity bomb fails plainly; an HTML page named `.nxml` is skipped; and
//! the JATS files of `../shared/corpora/bibformats` are scored with
//! `litextract eval` against their gold.

use crate::common::{assert_offsets, shared_corpora, skip};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jats")
}

fn extract(input: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_litextract"))
        .arg("extract")
        .arg(input)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .expect("run litextract extract")
}

fn json(path: &Path) -> Value {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap()
}

fn findings<'a>(r: &'a Value, field: &str) -> Vec<&'a Value> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["field"] == field)
        .collect()
}

#[test]
fn fixtures_give_one_record_per_article_and_plain_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    for f in [
        "rct_full_text.nxml",
        "pmc_articleset.xml",
        "entity_bomb.nxml",
        "html_page.nxml",
    ] {
        fs::copy(fixtures().join(f), input.join(f)).unwrap();
    }
    let out = tmp.path().join("out");
    let run = extract(&input, &out);
    // Failed records (the bomb, the broken article) make exit code 1.
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // The full text: one record, metadata from article-meta, summary.doi
    // from the metadata, reference DOIs cited, offsets exact.
    let r = json(&out.join("rct_full_text.nxml.json"));
    assert_eq!(r["status"], "ok");
    assert_eq!(r["source"]["format"], "jats");
    assert_eq!(r["metadata"]["pmid"], "31990001");
    assert_eq!(r["metadata"]["pmcid"], "PMC7012345");
    assert_eq!(r["metadata"]["doi"], "10.5555/msard.2020.101901");
    assert_eq!(r["summary"]["doi"], r["metadata"]["doi"]);
    assert_offsets(&r);
    let dois = findings(&r, "doi");
    assert!(!dois.is_empty());
    for d in &dois {
        assert_eq!(d["value"]["role"], "cited", "{d}");
    }
    let reg = &r["summary"]["registry_ids"][0];
    assert_eq!(reg["id"], "NCT02166021", "{reg}");
    assert_eq!(reg["in"], serde_json::json!(["metadata", "text"]));
    // The baseline table's arm sizes and EDSS reach the extractors.
    let text = r["text"].as_str().unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("EDSS") && l.contains(" | ")),
        "{text}"
    );

    // The article set: a record per article, keyed by PMID, else PMCID;
    // the broken one a failed record at its position.
    let set = out.join("pmc_articleset.xml");
    let a = json(&set.join("pmid-34500001.json"));
    assert_eq!(a["source"]["record"]["index"], 0);
    assert_eq!(a["summary"]["doi"], "10.5555/nt.2021.0001");
    let c = json(&set.join("pmcid-PMC8400003.json"));
    assert_eq!(c["source"]["record"]["index"], 2);
    assert_eq!(c["metadata"]["doi"], "10.5555/nt.2021.0003");
    // The correction names the corrected article's PMID in related-article:
    // that is not its own.
    assert!(c["metadata"]["pmid"].is_null(), "{}", c["metadata"]);
    let bad = json(&set.join("index-1.json"));
    assert_eq!(bad["status"], "failed");
    assert!(
        bad["error"].as_str().unwrap().contains("not well-formed"),
        "{}",
        bad["error"]
    );

    let manifest = json(&out.join("manifest.json"));
    let docs = &manifest["documents"];
    assert_eq!(docs["entity_bomb.nxml"]["status"], "failed");
    assert!(docs["entity_bomb.nxml"]["error"]
        .as_str()
        .unwrap()
        .contains("declares its own XML entities"));
    // The HTML page is skipped with its reason, not read.
    assert!(docs.get("html_page.nxml").is_none());
    let skipped = manifest["skipped"].to_string();
    assert!(
        skipped.contains("html_page.nxml") && skipped.contains("an HTML page"),
        "{skipped}"
    );
}

/// The JATS files of the bibformats gold set, extracted and scored by
/// `litextract eval`: every gold article one record, none mixed, PMIDs and
/// DOIs as in the gold.
#[test]
fn bibformats_jats_files_match_their_gold() {
    let Some(corpora) = shared_corpora() else {
        return skip("jats::bibformats_jats_files_match_their_gold");
    };
    let set = corpora.join("bibformats");
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("bibformats");
    let mut gold = String::new();
    let mut articles = 0;
    for line in fs::read_to_string(set.join("gold.jsonl")).unwrap().lines() {
        let g: Value = serde_json::from_str(line).unwrap();
        if g["format"] != "jats" {
            continue;
        }
        let doc = g["doc"].as_str().unwrap();
        let to = input.join(doc);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(set.join(doc), &to).unwrap();
        articles += g["records"].as_array().unwrap().len();
        gold.push_str(line);
        gold.push('\n');
    }
    assert!(articles > 0, "the gold has JATS files");
    fs::write(tmp.path().join("gold.jsonl"), gold).unwrap();
    let out = tmp.path().join("out");
    let run = extract(&input, &out);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let eval = Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["eval", "--format", "json", "--gold"])
        .arg(tmp.path().join("gold.jsonl"))
        .arg("--records")
        .arg(&out)
        .output()
        .unwrap();
    assert!(eval.status.success());
    let report: Value = serde_json::from_slice(&eval.stdout).unwrap();
    let j = &report["articles"]["formats"]["jats"];
    assert_eq!(j["articles"], articles, "{j}");
    assert_eq!(j["one_record"], articles, "{j}");
    for zero in ["missed", "split", "mixed", "extra", "files_one_record"] {
        assert_eq!(j[zero], 0, "{zero}: {j}");
    }
    assert_eq!(j["pmid"]["accuracy"], 1.0, "{j}");
    assert_eq!(j["doi"]["accuracy"], 1.0, "{j}");
    assert_eq!(j["format"]["accuracy"], 1.0, "{j}");
}

/// A `pmc-articleset` in a `.xml.gz` is read through the decompressor; the
/// same file cut in half keeps a record for every article before the cut,
/// and the manifest says where the reading stopped.
#[test]
fn a_gzipped_article_set_cut_short_keeps_the_articles_before_the_cut() {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    // Words from a small generator, so that the deflate stream is long and
    // the cut falls among the articles, not in the first block.
    let mut seed = 11u64;
    let mut word = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        format!("w{:x}", seed >> 40)
    };
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<pmc-articleset>");
    for i in 0..40 {
        let filler: Vec<String> = (0..400).map(|_| word()).collect();
        xml.push_str(&format!(
            "<article article-type=\"research-article\"><front><article-meta>\
             <article-id pub-id-type=\"pmid\">{}</article-id>\
             <title-group><article-title>Trial {i}</article-title></title-group>\
             </article-meta></front><body><p>We randomized 48 patients. {}</p></body></article>",
            35000000 + i,
            filler.join(" ")
        ));
    }
    xml.push_str("</pmc-articleset>\n");
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(xml.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();

    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("whole.xml.gz"), &gz).unwrap();
    fs::write(input.join("cut.xml.gz"), &gz[..gz.len() / 2]).unwrap();
    let out = tmp.path().join("out");
    extract(&input, &out);
    let count = |dir: &str| {
        fs::read_dir(out.join(dir))
            .unwrap()
            .filter(|e| {
                let n = e.as_ref().unwrap().file_name();
                n.to_string_lossy().starts_with("pmid-")
            })
            .count()
    };
    assert_eq!(count("whole.xml.gz"), 40);
    let kept = count("cut.xml.gz");
    assert!((5..40).contains(&kept), "{kept} articles kept");
    let r = json(&out.join("cut.xml.gz/pmid-35000000.json"));
    assert_eq!(r["source"]["format"], "jats");
    let manifest = json(&out.join("manifest.json"));
    let cut = &manifest["documents"]["cut.xml.gz"]["many"];
    assert_eq!(cut["articles"], kept, "{cut}");
    assert!(
        cut["stopped"].as_str().unwrap().contains("breaks off"),
        "{cut}"
    );
}
