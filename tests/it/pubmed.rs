//! PubMed XML and MEDLINE: the readers on hand-written fixtures in the
//! styles of real exports (`tests/fixtures/pubmed_xml/`, `medline/`), each
//! quirk and each malformed case; the records the pipeline makes of them;
//! the refresh over baseline and update files (one current record per
//! PMID, a `kill -9` in the middle changes nothing); and the bibformats
//! set of `../shared` (SKIPPED without it).

use crate::common::{assert_offsets, shared_corpora, skip};
use litextract::ingest::medline::MedlineReader;
use litextract::ingest::pubmed_xml::PubmedXmlReader;
use litextract::ingest::{Article, FileData, Item, ReadContext, Reader, Sniff};
use litextract::pipeline::{self, Options, Silent};
use litextract::sections::Section;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn items_of(reader: &dyn Reader, bytes: Vec<u8>, max_bytes: u64) -> Vec<Item> {
    let ctx = ReadContext {
        max_bytes,
        pdf: Default::default(),
    };
    let stream: Box<dyn std::io::BufRead + Send> = Box::new(std::io::Cursor::new(bytes));
    reader.read(FileData::Stream(stream), &ctx).items.collect()
}

fn items(reader: &dyn Reader, name: &str) -> Vec<Item> {
    items_of(reader, fixture(name), 10_000_000)
}

fn article(item: &Item) -> &Article {
    match item {
        Item::Article(a) => a,
        other => panic!("not an article: {other:?}"),
    }
}

fn text(a: &Article) -> &str {
    match &a.content {
        litextract::ingest::Content::Text(t) => t,
        other => panic!("{other:?}"),
    }
}

fn section_at(a: &Article, needle: &str) -> Section {
    let t = text(a);
    let at = t[..t
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {t}"))]
        .chars()
        .count();
    a.sections
        .iter()
        .rev()
        .find(|m| m.start <= at)
        .map_or(Section::Front, |m| m.section)
}

#[test]
fn pubmed_xml_fields_text_and_sections() {
    let got = items(&PubmedXmlReader, "pubmed_xml/efetch_rct.xml");
    assert_eq!(got.len(), 2);
    let a = article(&got[0]);
    assert_eq!((a.index, a.key.as_deref()), (0, Some("pmid-39012345")));
    let m = a.metadata.as_ref().unwrap();
    assert_eq!(m.pmid.as_deref(), Some("39012345"));
    // The pii comes first among the ELocationIDs; the DOI is still found.
    assert_eq!(m.doi.as_deref(), Some("10.1016/j.msard.2024.105612"));
    assert_eq!(
        m.journal.as_deref(),
        Some("Multiple sclerosis and related disorders")
    );
    assert_eq!(m.year, Some(2024));
    assert_eq!(
        m.publication_types,
        ["Randomized Controlled Trial", "Journal Article"]
    );
    // ClinicalTrials.gov is a registry, GenBank is not.
    let ids: Vec<&str> = m.registry_ids.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["NCT04101234"]);
    let t = text(a);
    assert!(t.starts_with("Autologous mesenchymal stem cells"), "{t}");
    for want in [
        "benefit of ex vivo expanded cells",
        "EDSS of 3.0–6.5",
        "change in T(1) lesion volume",
        "(P = 3 × 10(−5))",
        "(P<0.42; mean EDSS 4.5 ± 1.0)",
        "\nTRIAL REGISTRATION: ClinicalTrials.gov NCT04101234.\n",
        "\nReferences\n1. Petrou P, et al.",
        "3574-3588. doi:10.1093/brain/awaa333\n",
    ] {
        assert!(t.contains(want), "{want:?} not in:\n{t}");
    }
    for leak in ["<i>", "</", "&#", "&lt;", "39099999", "Copyright"] {
        assert!(!t.contains(leak), "{leak:?} leaked into:\n{t}");
    }
    assert_eq!(section_at(a, "Autologous"), Section::Front);
    assert_eq!(section_at(a, "Earlier open-label"), Section::Background);
    assert_eq!(section_at(a, "were randomized 1:1"), Section::Methods);
    assert_eq!(
        section_at(a, "ClinicalTrials.gov NCT04101234"),
        Section::Registration
    );
    assert_eq!(section_at(a, "Petrou"), Section::References);

    let b = article(&got[1]);
    let m = b.metadata.as_ref().unwrap();
    assert_eq!(b.key.as_deref(), Some("pmid-39012346"));
    assert_eq!(m.pmcid.as_deref(), Some("PMC10987654"));
    assert_eq!((m.doi.as_deref(), m.year), (None, Some(2023)));
    let t = text(b);
    assert!(t.contains("a cohort of n\u{2009}=\u{2009}120."), "{t}");
    assert!(t.contains("The variance was σ(2)."), "MathML as text: {t}");
    assert!(!t.contains("sigma"), "no TeX annotation: {t}");
    assert!(t.contains("Other abstract (plain-language-summary, eng)\nPlasma exchange"));
    assert_eq!(section_at(b, "We followed"), Section::Abstract);
}

#[test]
fn pubmed_xml_records_cite_references_and_cross_check_registries() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("in");
    fs::create_dir_all(&c).unwrap();
    fs::write(c.join("export.xml"), fixture("pubmed_xml/efetch_rct.xml")).unwrap();
    let out = tmp.path().join("out");
    let report = pipeline::run(&Options::new(vec![c], out.clone()), &Silent, None).unwrap();
    assert_eq!(report.exit_code(), 0, "{:?}", report.failures);
    let r = read_json(&out.join("export.xml/pmid-39012345.json"));
    assert_offsets(&r);
    assert_eq!(r["source"]["format"], "pubmed-xml");
    assert_eq!(r["summary"]["doi"], "10.1016/j.msard.2024.105612");
    assert_eq!(
        r["summary"]["registry_ids"][0],
        serde_json::json!({"registry": "ClinicalTrials.gov", "id": "NCT04101234", "in": ["metadata", "text"]})
    );
    let findings = r["findings"].as_array().unwrap();
    let has = |field: &str, pred: &dyn Fn(&Value) -> bool| {
        findings
            .iter()
            .any(|f| f["field"] == field && pred(&f["value"]))
    };
    assert!(
        has("p_value", &|v| v["value"].as_f64() == Some(3e-5)),
        "{findings:?}"
    );
    assert!(has("doi", &|v| v["doi"] == "10.1093/brain/awaa333"
        && v["role"] == "cited"));
    assert!(has("registry_id", &|v| v["id"] == "NCT01854957"
        && v["role"] == "cited"));
    assert!(!has("doi", &|v| v["role"] == "self"
        && v["doi"] != "10.1016/j.msard.2024.105612"));
    assert!(out.join("export.xml/pmid-39012346.json").is_file());
}

#[test]
fn pubmed_xml_books_bare_roots_and_deletions() {
    let got = items(&PubmedXmlReader, "pubmed_xml/book_articles.xml");
    let a = article(&got[0]);
    let m = a.metadata.as_ref().unwrap();
    assert_eq!(m.pmid.as_deref(), Some("20301300"));
    assert_eq!(m.doi.as_deref(), Some("10.5555/genereviews.1300"));
    assert_eq!(m.year, Some(1993));
    assert!(text(a).starts_with("Hereditary Forms of Demyelination\nIn: GeneReviews\n"));

    let got = items(&PubmedXmlReader, "pubmed_xml/bare_article.xml");
    assert_eq!(got.len(), 1);
    assert_eq!(article(&got[0]).key.as_deref(), Some("pmid-38800001"));

    let got = items(&PubmedXmlReader, "pubmed_xml/update_with_deletions.xml");
    let kinds: Vec<String> = got
        .iter()
        .map(|i| match i {
            Item::Article(a) => format!("article {}", a.key.as_deref().unwrap()),
            Item::Deleted(k) => format!("deleted {k}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "article pmid-30000002",
            "deleted pmid-30000003",
            "deleted pmid-29999999"
        ]
    );
}

#[test]
fn pubmed_xml_damage_costs_the_article_not_the_file() {
    let got = items(&PubmedXmlReader, "pubmed_xml/damaged_middle.xml");
    let shape: Vec<String> = got
        .iter()
        .map(|i| match i {
            Item::Article(a) => format!("ok {}", a.index),
            Item::Bad(b) => format!("bad {} {}", b.index, b.key.as_deref().unwrap_or("-")),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "ok 0",
            "bad 1 pmid-31000002",
            "bad 2 pmid-31000003",
            "ok 3",
            "bad 4 -"
        ]
    );
    let Item::Bad(b) = &got[1] else {
        unreachable!()
    };
    assert!(b.error.contains("mismatched tags"), "{}", b.error);
    assert!(b.position.contains("article 2, byte"), "{}", b.position);
    let Item::Bad(b) = &got[2] else {
        unreachable!()
    };
    assert!(b.error.contains("not closed"), "{}", b.error);
}

fn stop_of(got: &[Item]) -> &str {
    match got.last() {
        Some(Item::Stop(why)) => why,
        other => panic!("no stop: {other:?}"),
    }
}

#[test]
fn pubmed_xml_refuses_bombs_deep_nesting_huge_articles_and_other_xml() {
    let got = items(&PubmedXmlReader, "pubmed_xml/entity_bomb.xml");
    assert_eq!(got.len(), 1);
    assert!(
        stop_of(&got).contains("declares its own XML entities"),
        "{got:?}"
    );

    let mut deep = String::from("<PubmedArticleSet><PubmedArticle><MedlineCitation>");
    deep.push_str(&"<i>".repeat(100_000));
    let got = items_of(&PubmedXmlReader, deep.into_bytes(), 10_000_000);
    assert!(
        stop_of(&got).contains("nested more than 256 deep"),
        "{got:?}"
    );

    let mut big = fixture("pubmed_xml/bare_article.xml");
    let at = big.windows(5).position(|w| w == b"A bar").unwrap();
    big.splice(at..at, std::iter::repeat_n(b'x', 50_000));
    let got = items_of(&PubmedXmlReader, big, 10_000);
    assert!(stop_of(&got).contains("larger than the"), "{got:?}");

    // Detection: an HTML page named .xml is not PubMed XML.
    let html = fixture("pubmed_xml/html_page.xml");
    assert_eq!(PubmedXmlReader.sniff(Path::new("a.xml"), &html), Sniff::No);
    let got = items_of(&PubmedXmlReader, html, 10_000_000);
    assert!(stop_of(&got).contains("not PubMed XML"), "{got:?}");
    let jats = b"<?xml version=\"1.0\"?>\n<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS\" \"x.dtd\">\n<article>";
    assert_eq!(PubmedXmlReader.sniff(Path::new("a.nxml"), jats), Sniff::No);
    let efetch = fixture("pubmed_xml/efetch_rct.xml");
    assert_eq!(
        PubmedXmlReader.sniff(Path::new("x"), &efetch),
        Sniff::Content
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A whole PubMed XML set of `n` small articles with PMIDs from `first`.
fn set_of(first: u32, n: u32, revision: &str) -> String {
    open_set_of(first, n, revision) + "</PubmedArticleSet>\n"
}

/// [`set_of`] without its end tag, for more to follow.
fn open_set_of(first: u32, n: u32, revision: &str) -> String {
    let mut s = String::from("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n");
    for p in first..first + n {
        s.push_str(&format!(
            "<PubmedArticle><MedlineCitation><PMID Version=\"1\">{p}</PMID><Article><ArticleTitle>Trial {p}{revision}.</ArticleTitle><Abstract><AbstractText Label=\"RESULTS\">We randomized {} patients (P = 0.0{}).</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n",
            20 + p % 50,
            1 + p % 9
        ));
    }
    s
}

#[test]
fn pubmed_xml_truncated_gz_and_cut_xml_keep_what_came_before() {
    let xml = set_of(1, 300, "");
    let gz = gzip(xml.as_bytes());
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("in");
    fs::create_dir_all(&c).unwrap();
    fs::write(c.join("pubmed26n0009.xml.gz"), &gz[..gz.len() / 2]).unwrap();
    let out = tmp.path().join("out");
    let report = run(&c, &out);
    assert_eq!(report.exit_code(), 1, "a file read in part is a failure");
    let kept = report.counts.documents;
    assert!(kept > 50 && kept < 300, "{kept}");
    let m = read_json(&out.join("manifest.json"));
    let e = &m["documents"]["pubmed26n0009.xml.gz"];
    assert_eq!(e["format"], "pubmed-xml");
    let why = e["many"]["stopped"].as_str().unwrap();
    assert!(why.contains("compressed data ends early"), "{why}");
    assert!(out.join("pubmed26n0009.xml.gz/pmid-1.json").is_file());

    let cut = xml.as_bytes()[..xml.len() / 2].to_vec();
    let got = items_of(&PubmedXmlReader, cut, 10_000_000);
    assert!(stop_of(&got).contains("breaks off"), "{:?}", got.last());
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

#[test]
fn medline_fields_text_and_sections() {
    let got = items(&MedlineReader, "medline/pubmed_export.nbib");
    assert_eq!(got.len(), 3, "{got:?}");
    let a = article(&got[0]);
    let m = a.metadata.as_ref().unwrap();
    assert_eq!(a.key.as_deref(), Some("pmid-38512345"));
    assert_eq!(m.doi.as_deref(), Some("10.1177/13524585241234567"));
    assert_eq!(m.year, Some(2024));
    assert_eq!(
        m.journal.as_deref(),
        Some("Multiple sclerosis (Houndmills, Basingstoke, England)")
    );
    let ids: Vec<&str> = m.registry_ids.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["NCT02345678"], "GenBank is no registry");
    let t = text(a);
    assert!(
        t.starts_with("Ocrelizumab in primary progressive multiple sclerosis: a randomised extension study.\n"),
        "continuation lines join: {t}"
    );
    assert!(
        t.contains("\nMETHODS: We randomized 240 patients (EDSS 3.0-6.5)"),
        "{t}"
    );
    assert_eq!(section_at(a, "Earlier trials"), Section::Background);
    assert_eq!(section_at(a, "We randomized"), Section::Methods);
    assert_eq!(
        section_at(a, "ClinicalTrials.gov NCT02345678"),
        Section::Registration
    );
    let b = article(&got[1]);
    let m = b.metadata.as_ref().unwrap();
    assert_eq!(m.pmcid.as_deref(), Some("PMC10999999"));
    assert_eq!(m.doi.as_deref(), Some("10.1007/s00415-024-12345-6"));
    // The DOI only in LID; the pii in AID is no DOI.
    let c = article(&got[2]);
    assert_eq!(
        c.metadata.as_ref().unwrap().doi.as_deref(),
        Some("10.1212/wnl.0000000000201234")
    );
}

#[test]
fn medline_eric_messy_lines_and_windows_1252() {
    let got = items(&MedlineReader, "medline/eric_without_pmid.nbib");
    let keys: Vec<&str> = got
        .iter()
        .map(|i| article(i).key.as_deref().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["id-EJ1400001", "id-ED600002"],
        "ERIC's own ID names them"
    );
    let m = article(&got[0]).metadata.as_ref().unwrap();
    assert_eq!(
        (m.pmid.as_deref(), m.doi.as_deref()),
        (None, None),
        "a URL is no DOI"
    );

    let got = items(&MedlineReader, "medline/messy_lines.txt");
    assert_eq!(got.len(), 3, "{got:?}");
    let a = article(&got[0]);
    assert_eq!(a.key.as_deref(), Some("pmid-37000001"));
    assert!(text(a).starts_with("A record whose tag has no space"));
    assert!(
        a.warnings.iter().any(|w| w.contains("line 2")),
        "{:?}",
        a.warnings
    );
    let b = article(&got[1]);
    assert_eq!(
        b.key.as_deref(),
        Some("pmid-37000002"),
        "PMID- starts a record"
    );
    assert!(
        text(b).contains("Old abstract.\n\nNew abstract."),
        "{}",
        text(b)
    );
    assert_eq!(
        b.metadata.as_ref().unwrap().pmcid.as_deref(),
        Some("PMC9000002")
    );
    assert_eq!(article(&got[2]).index, 2);

    let got = items(&MedlineReader, "medline/windows_1252.nbib");
    let a = article(&got[0]);
    assert!(text(a).contains("Café au lait spots in 41 patients – a case series."));
    assert!(a.warnings.iter().any(|w| w.contains("Windows-1252")));

    // Not MEDLINE: a stop, not an article.
    let got = items_of(&MedlineReader, b"just prose\n".to_vec(), 1000);
    assert!(stop_of(&got).contains("not a MEDLINE file"));
}

/// Runs the pipeline over `input` into `out` (files mode).
fn run(input: &Path, out: &Path) -> pipeline::Report {
    pipeline::run(
        &Options::new(vec![input.to_path_buf()], out.to_path_buf()),
        &Silent,
        None,
    )
    .unwrap()
}

/// Every record under `out` (relative path → bytes), hidden files aside.
fn records(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let n = e.file_name().to_string_lossy();
            n.ends_with(".json") && !n.starts_with('.') && n != "manifest.json"
        })
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn names(recs: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    recs.keys().map(String::as_str).collect()
}

fn touch_later(p: &Path) {
    let f = fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(10))
        .unwrap();
}

#[test]
fn refresh_over_baseline_and_update_files() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("pubmed");
    fs::create_dir_all(c.join("baseline")).unwrap();
    fs::create_dir_all(c.join("updatefiles")).unwrap();
    let base = set_of(30000001, 3, "");
    fs::write(
        c.join("baseline/pubmed26n0001.xml.gz"),
        gzip(base.as_bytes()),
    )
    .unwrap();
    let update = c.join("updatefiles/pubmed26n0002.xml");
    fs::write(&update, fixture("pubmed_xml/update_with_deletions.xml")).unwrap();
    let out = tmp.path().join("out");
    let report = run(&c, &out);
    assert_eq!(report.exit_code(), 0, "{:?}", report.failures);
    let recs = records(&out);
    assert_eq!(
        names(&recs),
        [
            "baseline/pubmed26n0001.xml.gz/pmid-30000001.json",
            "updatefiles/pubmed26n0002.xml/pmid-30000002.json"
        ],
        "one current record per PMID; the deleted one has none"
    );
    assert_eq!(report.counts.documents, 2, "{:?}", report.counts);
    assert_eq!(report.counts.superseded, 2);
    let revised = read_json(&out.join("updatefiles/pubmed26n0002.xml/pmid-30000002.json"));
    assert!(revised["text"]
        .as_str()
        .unwrap()
        .contains("Second article, revised."));
    let m = read_json(&out.join("manifest.json"));
    let base_entry = &m["documents"]["baseline/pubmed26n0001.xml.gz"]["many"];
    assert_eq!(
        base_entry["superseded_by"],
        serde_json::json!({"updatefiles/pubmed26n0002.xml": ["pmid-30000002"]})
    );
    assert_eq!(
        base_entry["deleted_by"],
        serde_json::json!({"updatefiles/pubmed26n0002.xml": ["pmid-30000003"]})
    );
    assert_eq!(base_entry["articles"], 1);
    assert_eq!(
        m["documents"]["updatefiles/pubmed26n0002.xml"]["many"]["deletes"],
        2
    );

    // Rerun: nothing parsed, nothing written, the same output.
    let report = run(&c, &out);
    assert_eq!((report.counts.written, report.counts.superseded), (0, 0));
    assert_eq!(report.counts.unchanged, 2, "{:?}", report.counts);
    assert_eq!(report.counts.documents, 2, "{:?}", report.counts);
    assert_eq!(records(&out), recs);
    let m2 = read_json(&out.join("manifest.json"));
    assert_eq!(m2["documents"], m["documents"]);

    // The update file changes: it now revises article 1 and deletes nothing.
    let changed = set_of(30000001, 1, ", revised again").replace("Version=\"1\"", "Version=\"2\"");
    fs::write(&update, changed).unwrap();
    touch_later(&update);
    let report = run(&c, &out);
    assert_eq!(report.exit_code(), 0, "{:?}", report.failures);
    let recs = records(&out);
    assert_eq!(
        names(&recs),
        [
            "baseline/pubmed26n0001.xml.gz/pmid-30000002.json",
            "baseline/pubmed26n0001.xml.gz/pmid-30000003.json",
            "updatefiles/pubmed26n0002.xml/pmid-30000001.json"
        ],
        "the baseline's articles that the update no longer touches come back"
    );
    let m = read_json(&out.join("manifest.json"));
    let base_entry = &m["documents"]["baseline/pubmed26n0001.xml.gz"]["many"];
    assert_eq!(
        base_entry["superseded_by"],
        serde_json::json!({"updatefiles/pubmed26n0002.xml": ["pmid-30000001"]})
    );
    assert!(base_entry.get("deleted_by").is_none(), "{base_entry}");
    assert_eq!(report.counts.documents, 3, "{:?}", report.counts);
    // And once more: stable.
    let report = run(&c, &out);
    assert_eq!(report.counts.written, 0);
    assert_eq!(records(&out), recs);
}

/// The binary, as `cargo test` built it.
fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_litextract"))
}

#[test]
fn a_run_killed_midway_then_rerun_gives_the_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("pubmed");
    fs::create_dir_all(&c).unwrap();
    for (name, first, revision) in [
        ("pubmed26n0001.xml", 1u32, ""),
        ("pubmed26n0002.xml", 1500, ", revised"),
    ] {
        let mut s = open_set_of(first, 2000, revision);
        if first == 1500 {
            s.push_str("<DeleteCitation><PMID Version=\"1\">7</PMID></DeleteCitation>\n");
        }
        s.push_str("</PubmedArticleSet>\n");
        fs::write(c.join(name), s).unwrap();
    }
    let clean = tmp.path().join("clean");
    let status = std::process::Command::new(bin())
        .args(["extract", "--quiet", "--out"])
        .arg(&clean)
        .arg(&c)
        .status()
        .unwrap();
    assert!(status.success());
    let want = records(&clean);
    assert_eq!(want.len(), 3498, "PMIDs 1 to 3499, one deleted");

    let killed = tmp.path().join("killed");
    let mut child = std::process::Command::new(bin())
        .args(["extract", "--quiet", "--jobs", "1", "--out"])
        .arg(&killed)
        .arg(&c)
        .spawn()
        .unwrap();
    // Kill it once it has written some records (or when it has finished:
    // then the rerun is a plain rerun, and must still agree).
    let mut tries = 0;
    while tries < 20_000 && records_count(&killed) < 200 {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::yield_now();
        tries += 1;
    }
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    let _ = child.wait();
    let status = std::process::Command::new(bin())
        .args(["extract", "--quiet", "--out"])
        .arg(&killed)
        .arg(&c)
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        records(&killed) == want,
        "the rerun after kill -9 differs from a clean run"
    );
}

fn records_count(out: &Path) -> usize {
    walkdir::WalkDir::new(out).into_iter().flatten().count()
}

/// The bibformats set: PubMed XML and MEDLINE files, article by article
/// against the gold (the same matching as `litextract eval`).
#[test]
fn bibformats_pubmed_and_medline_files_one_record_per_article() {
    let Some(shared) = shared_corpora() else {
        return skip("pubmed::bibformats_pubmed_and_medline_files_one_record_per_article");
    };
    let set = shared.join("bibformats");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = std::process::Command::new(bin())
        .args(["extract", "--quiet", "--out"])
        .arg(&out)
        .arg(&set)
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1));
    let gold = fs::read_to_string(set.join("gold.jsonl")).unwrap();
    let (mut expected, mut found) = (0, 0);
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).unwrap();
        let format = g["format"].as_str().unwrap_or("");
        if format != "pubmed-xml" && format != "medline" {
            continue;
        }
        let doc = g["doc"].as_str().unwrap();
        let recs: Vec<Value> = fs::read_dir(out.join(doc))
            .map(|d| {
                d.flatten()
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .map(|e| read_json(&e.path()))
                    .collect()
            })
            .unwrap_or_default();
        for r in &recs {
            assert_eq!(r["source"]["format"], format, "{doc}");
        }
        for (i, a) in g["records"].as_array().unwrap().iter().enumerate() {
            expected += 1;
            let index = a["index"].as_u64().unwrap_or(i as u64);
            let matching: Vec<&Value> = recs
                .iter()
                .filter(|r| match a["pmid"].as_str() {
                    Some(p) => r["metadata"]["pmid"] == p,
                    None => r["source"]["record"]["index"] == index,
                })
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "{doc} article {i}: {} records",
                matching.len()
            );
            let r = matching[0];
            if let Some(doi) = a.get("doi") {
                assert_eq!(&r["summary"]["doi"], doi, "{doc} article {i}");
            }
            if a.get("pmid").is_some_and(Value::is_null) {
                assert!(r["metadata"]["pmid"].is_null(), "{doc} article {i}");
            }
            if let Some(ids) = a["registry_ids"].as_array() {
                let got: Vec<&Value> = r["metadata"]["registry_ids"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| &x["id"])
                    .collect();
                assert_eq!(got, ids.iter().collect::<Vec<_>>(), "{doc} article {i}");
            }
            found += 1;
        }
        // No record mixes two articles: a PMID a record states is one the
        // gold lists for this file (where the gold scores PMIDs at all).
        let articles = g["records"].as_array().unwrap();
        let scored = articles.iter().all(|a| a.get("pmid").is_some());
        let pmids: Vec<&str> = articles
            .iter()
            .chain(g["tolerate_records"].as_array().into_iter().flatten())
            .filter_map(|a| a["pmid"].as_str())
            .collect();
        for r in recs.iter().filter(|_| scored) {
            if let Some(p) = r["metadata"]["pmid"].as_str() {
                assert!(
                    pmids.contains(&p),
                    "{doc}: a record of PMID {p} the gold does not list"
                );
            }
        }
    }
    assert_eq!((found, expected), (69, 69));
}

/// Only NLM's baseline and update files replace each other, in the order
/// of their names however the folders are given; two searches saved from
/// PubMed that share an article each keep their record of it.
#[test]
fn only_distribution_files_replace_each_other_in_name_order() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("in");
    fs::create_dir_all(c.join("b_updates")).unwrap();
    fs::create_dir_all(c.join("a_baseline")).unwrap();
    let base = set_of(40000001, 2, "");
    let update = set_of(40000001, 1, ", revised");
    // The update sorts first by folder, last by file name.
    fs::write(c.join("a_baseline/pubmed26n1400.xml"), &update).unwrap();
    fs::write(c.join("b_updates/pubmed26n0001.xml"), &base).unwrap();
    // Two saved searches sharing PMID 40000002.
    fs::write(c.join("search-ms.xml"), &base).unwrap();
    fs::write(c.join("search-trials.xml"), &base).unwrap();
    let out = tmp.path().join("out");
    let report = run(&c, &out);
    assert_eq!(report.exit_code(), 0, "{:?}", report.failures);
    assert_eq!(
        names(&records(&out)),
        [
            "a_baseline/pubmed26n1400.xml/pmid-40000001.json",
            "b_updates/pubmed26n0001.xml/pmid-40000002.json",
            "search-ms.xml/pmid-40000001.json",
            "search-ms.xml/pmid-40000002.json",
            "search-trials.xml/pmid-40000001.json",
            "search-trials.xml/pmid-40000002.json",
        ]
    );
    let m = read_json(&out.join("manifest.json"));
    assert_eq!(
        m["documents"]["b_updates/pubmed26n0001.xml"]["many"]["superseded_by"],
        serde_json::json!({"a_baseline/pubmed26n1400.xml": ["pmid-40000001"]})
    );
}
