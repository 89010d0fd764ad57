//! The JATS reader on hand-written files in the styles of PMC's
//! (`tests/fixtures/jats/`), and on broken ones made here.

use super::*;
use crate::ingest::{Article, Content};
use crate::sections::Section;
use std::io::Write;

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jats")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn ctx(max_bytes: u64) -> ReadContext {
    ReadContext {
        max_bytes,
        pdf: Default::default(),
    }
}

fn read_bytes(bytes: Vec<u8>, max_bytes: u64) -> (bool, Vec<Item>) {
    let a = JatsReader.read(
        FileData::Stream(Box::new(std::io::Cursor::new(bytes))),
        &ctx(max_bytes),
    );
    (a.many, a.items.collect())
}

fn read(name: &str) -> (bool, Vec<Item>) {
    read_bytes(fixture(name), 10_000_000)
}

fn article(item: &Item) -> &Article {
    match item {
        Item::Article(a) => a,
        other => panic!("not an article: {other:?}"),
    }
}

fn text(a: &Article) -> &str {
    match &a.content {
        Content::Text(t) => t,
        Content::Pages(_) => panic!("pages"),
    }
}

/// The section of the mark that covers the first occurrence of `needle`.
fn section_of(a: &Article, needle: &str) -> Section {
    let t = text(a);
    let byte = t
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let ch = t[..byte].chars().count();
    a.sections
        .iter()
        .take_while(|m| m.start <= ch)
        .last()
        .map_or(Section::Front, |m| m.section)
}

#[test]
fn a_full_text_reads_as_text_with_sections_and_metadata() {
    let (many, items) = read("rct_full_text.nxml");
    assert!(!many, "one .nxml is one document");
    assert_eq!(items.len(), 1);
    let a = article(&items[0]);
    assert_eq!(a.key, None);
    // The source's no-break spaces stay (normalization folds them).
    let t = &text(a).replace('\u{a0}', " ");
    // Title first, then the abstract with its labels on lines of their own.
    assert!(
        t.starts_with(
            "Intrathecal mesenchymal stem cells in progressive multiple sclerosis: a randomized"
        ),
        "{t}"
    );
    for line in [
        "Background: Mesenchymal stem cells (MSC) may repair damage in progressive MS.",
        "Trial registration: ClinicalTrials.gov NCT02166021.",
        "Keywords: Multiple sclerosis; Stem cells",
        "2. Materials and methods",
        "Table 1. Baseline characteristics. Values are median (range).",
        "Characteristic | Group",
        " | MSC (n = 24) | Sham (n = 24)",
        "Clinical",
        "EDSS | 5.5 (3.0–6.5) | 5.0 (3.5–6.5)",
        "a Mann–Whitney test.",
        "References",
        "Outcome | MSC | Sham | P",
    ] {
        assert!(t.lines().any(|l| l == line), "no line {line:?} in\n{t}");
    }
    // Inline markup neither glues nor splits.
    for piece in [
        "(P = 0.03)",
        "p < 0.05 as significant",
        "5 × 10⁻⁸",
        "120 patients [1] and 64 patients [2].",
        "(24 per group) [3,4];",
        "(p = 0.03) a.",
        "EDSS ≥ 3.0",
        "(1) ARR=relapses/years",
        "Israel Science Foundation 1234/17",
        "Connick P, Kolappan M et al. Autologous",
        "Lancet Neurol. 2012; 11(2):150–156; doi:10.1016/S1474-4422(11)70305-2 PMID: 22236384",
        "PLoS One. 2014; 9: e113936. doi: 10.1371/journal.pone.0113936",
    ] {
        assert!(t.contains(piece), "no {piece:?} in\n{t}");
    }
    // Two cells never meet as one number (`12 094` would read 12094).
    assert!(t.contains("Age, years | 12 | 094"), "{t}");
    // No markup, TeX or front-matter noise leaks.
    for absent in [
        "</",
        "<i",
        "<m",
        "<s",
        "<t",
        "\\",
        "documentclass",
        "mml",
        "pmc\n",
        "Hadassah",
        "+972",
        "CC BY",
        "running-head",
        "MSC in progressive MS",
        "\n\n\n",
    ] {
        assert!(!t.contains(absent), "{absent:?} leaked into\n{t}");
    }
    // Sections: subsections keep their parent's; back matter and the floats
    // after the references are not references.
    assert_eq!(
        section_of(a, "Mesenchymal stem cells (MSC)"),
        Section::Background
    );
    assert_eq!(section_of(a, "Forty-eight"), Section::Methods);
    assert_eq!(section_of(a, "NCT02166021"), Section::Registration);
    assert_eq!(section_of(a, "Earlier trials"), Section::Background);
    assert_eq!(section_of(a, "Patients aged"), Section::Methods);
    assert_eq!(section_of(a, "Relapse rates"), Section::Methods);
    assert_eq!(section_of(a, "Of 60 patients"), Section::Results);
    assert_eq!(section_of(a, "EDSS | 5.5"), Section::Results);
    assert_eq!(section_of(a, "Our results differ"), Section::Discussion);
    assert_eq!(section_of(a, "We thank"), Section::BackMatter);
    assert_eq!(section_of(a, "None."), Section::BackMatter);
    assert_eq!(section_of(a, "Connick"), Section::References);
    assert_eq!(section_of(a, "EDSS change"), Section::Other);
    let m = a.metadata.as_ref().unwrap();
    assert_eq!(m.pmid.as_deref(), Some("31990001"));
    assert_eq!(m.pmcid.as_deref(), Some("PMC7012345"));
    assert_eq!(
        m.doi.as_deref(),
        Some("10.5555/msard.2020.101901"),
        "a pii beside the DOI does not hide it"
    );
    assert_eq!(
        m.journal.as_deref(),
        Some("Multiple Sclerosis and Related Disorders")
    );
    assert_eq!(
        m.year,
        Some(2020),
        "the publication year, not PMC's release"
    );
    assert_eq!(
        m.publication_types,
        vec!["research-article", "Original Article"]
    );
    assert!(m
        .title
        .as_deref()
        .unwrap()
        .ends_with("multiple sclerosis: a randomized, sham-controlled trial"));
    let ids: Vec<&str> = m.registry_ids.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["NCT02166021", "2014-001234-56"],
        "the cited NCT01234567 is not the article's"
    );
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

#[test]
fn old_nlm_files_without_sections_read_too() {
    let (many, items) = read("nlm23_unsectioned.nxml");
    assert!(!many);
    let a = article(&items[0]);
    let t = text(a);
    for piece in [
        "Results: Twenty-seven patients were treated; the EDSS fell from 4.5 to 4.0 (p = 0.04).",
        "Twenty-seven patients¹ took part, and 10⁻⁵ was the threshold.",
        "30\u{a0}μg weekly [2-4].",
        "Table 1. Scores",
        "EDSS | 4.5 ± 1.0 | 4.0 ± 1.1",
        " | Baseline | Month 12",
        "Jacobs LD. Intramuscular interferon beta-1a. Ann Neurol. 1996; 39:285–294 PMID: 8602746",
    ] {
        assert!(t.contains(piece), "no {piece:?} in\n{t}");
    }
    // The body has no section of its own: it is not the abstract's Results.
    assert_eq!(section_of(a, "took part"), Section::Other);
    assert_eq!(section_of(a, "Jacobs"), Section::References);
    let m = a.metadata.as_ref().unwrap();
    assert_eq!(m.doi.as_deref(), Some("10.5555/1471-2377-6-1"));
    assert_eq!(m.journal.as_deref(), Some("BMC Neurology"));
    assert_eq!(m.year, Some(2006));
}

#[test]
fn an_article_set_gives_one_article_each_and_survives_a_broken_one() {
    let (many, items) = read("pmc_articleset.xml");
    assert!(many);
    assert_eq!(items.len(), 3, "{items:?}");
    let first = article(&items[0]);
    assert_eq!(
        (first.index, first.key.as_deref()),
        (0, Some("pmid-34500001"))
    );
    assert!(text(first).contains("We followed 212 patients (median EDSS 2.0)"));
    assert_eq!(first.metadata.as_ref().unwrap().year, Some(2021));
    match &items[1] {
        Item::Bad(b) => {
            assert_eq!(b.index, 1);
            assert!(
                b.error.contains("</p>") && b.error.contains("<bold>"),
                "{b:?}"
            );
            assert!(b.position.starts_with("byte "), "{b:?}");
        }
        other => panic!("{other:?}"),
    }
    let third = article(&items[2]);
    assert_eq!(third.index, 2);
    // No PMID of its own (the corrected article's is not it): keyed by PMCID.
    assert_eq!(third.key.as_deref(), Some("pmcid-PMC8400003"));
    let m = third.metadata.as_ref().unwrap();
    assert_eq!(
        (m.pmid.as_deref(), m.doi.as_deref()),
        (None, Some("10.5555/nt.2021.0003"))
    );
    assert!(
        text(third).contains("should read P\u{2009}<\u{2009}0.001."),
        "{}",
        text(third)
    );
}

#[test]
fn a_file_cut_short_keeps_the_articles_before_the_cut() {
    let bytes = fixture("pmc_articleset.xml");
    let s = String::from_utf8(bytes).unwrap();
    let cut = s.find("A damaged record").unwrap();
    let (many, items) = read_bytes(s.as_bytes()[..cut].to_vec(), 10_000_000);
    assert!(many);
    assert_eq!(items.len(), 2, "{items:?}");
    article(&items[0]);
    match &items[1] {
        Item::Stop(why) => assert!(why.contains("breaks off inside article 2"), "{why}"),
        other => panic!("{other:?}"),
    }
    // The same through a truncated gzip stream: the decoder's error says
    // where the file stopped.
    let one = &s[s.find("<article ").unwrap()
        ..s.find("<article ").unwrap()
            + s[s.find("<article ").unwrap()..]
                .find("</article>")
                .unwrap()
            + 10];
    let set = format!("<pmc-articleset>{}</pmc-articleset>", one.repeat(50));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(set.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let stream =
        flate2::read::MultiGzDecoder::new(std::io::Cursor::new(gz[..gz.len() * 2 / 3].to_vec()));
    let a = JatsReader.read(
        FileData::Stream(Box::new(std::io::BufReader::new(stream))),
        &ctx(10_000_000),
    );
    let items: Vec<Item> = a.items.collect();
    let articles = items
        .iter()
        .filter(|i| matches!(i, Item::Article(_)))
        .count();
    assert!(articles >= 2, "{articles}");
    match items.last() {
        Some(Item::Stop(why)) => assert!(why.contains("breaks off"), "{why}"),
        other => panic!("{other:?}"),
    }
}

fn stop_reason(items: &[Item]) -> &str {
    match items {
        [Item::Stop(why)] => why,
        other => panic!("expected one stop: {other:?}"),
    }
}

#[test]
fn bombs_deep_nesting_and_other_xml_are_refused_plainly() {
    let (_, items) = read("entity_bomb.nxml");
    assert!(stop_reason(&items).contains("declares its own XML entities"));
    let (_, items) = read("html_page.nxml");
    assert!(
        stop_reason(&items).contains("root element is <html>"),
        "{items:?}"
    );
    let (_, items) = read_bytes(b"PMID- 123\nTI  - not XML\n".to_vec(), 1000);
    assert!(
        stop_reason(&items).contains("not a JATS article"),
        "{items:?}"
    );
    let deep = format!(
        "<article article-type=\"x\"><body>{}",
        "<sec>".repeat(100_000)
    );
    let (_, items) = read_bytes(deep.into_bytes(), 10_000_000);
    match items.as_slice() {
        [Item::Stop(why)] => assert!(why.contains("nested more than 1000 deep"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_or_oversized_single_articles_fail_alone() {
    let (_, items) = read_bytes(
        b"<article article-type=\"x\"><front></body></article>".to_vec(),
        1000,
    );
    assert!(
        matches!(items.as_slice(), [Item::Bad(b)] if b.error.contains("</body>")),
        "{items:?}"
    );
    let mut latin1 = b"<article article-type=\"x\"><body><p>caf".to_vec();
    latin1.extend_from_slice(b"\xE9</p></body></article>");
    let (_, items) = read_bytes(latin1, 1000);
    assert!(
        matches!(items.as_slice(), [Item::Bad(b)] if b.error.contains("not well-formed")),
        "{items:?}"
    );
    let (_, items) = read_bytes(fixture("rct_full_text.nxml"), 2000);
    assert!(
        matches!(items.as_slice(), [Item::Bad(b)] if b.error.contains("larger than the size limit")),
        "{items:?}"
    );
}

#[test]
fn sniffing_by_content_then_by_name() {
    let head = fixture("rct_full_text.nxml");
    assert_eq!(JatsReader.sniff(Path::new("a.xml"), &head), Sniff::Content);
    assert_eq!(
        JatsReader.sniff(Path::new("a.txt"), &fixture("pmc_articleset.xml")),
        Sniff::Content
    );
    assert_eq!(
        JatsReader.sniff(Path::new("a.nxml"), b"<?xml version=\"1.0\"?><article>"),
        Sniff::Name
    );
    assert_eq!(JatsReader.sniff(Path::new("a.nxml"), b"<html>"), Sniff::No);
    assert_eq!(JatsReader.sniff(Path::new("a.xml"), b"<html>"), Sniff::No);
    assert_eq!(
        JatsReader.sniff(
            Path::new("a.xml"),
            b"<?xml version=\"1.0\"?><PubmedArticleSet>"
        ),
        Sniff::No
    );
    let d = crate::ingest::detect(Path::new("paper.nxml"), &head);
    assert_eq!(d.name(), "jats");
    // An HTML page saved as .nxml or .xml (a failed download) is skipped
    // with that reason, as the issue asks, not read and failed.
    for name in ["page.nxml", "page.xml"] {
        let d = crate::ingest::detect(Path::new(name), b"\n <!DOCTYPE html><html>");
        assert!(
            matches!(&d, crate::ingest::Detected::Unsupported(r) if r.contains("an HTML page")),
            "{d:?}"
        );
    }
}

#[test]
fn etal_before_a_period_is_not_doubled() {
    let xml = r#"<article article-type="research-article"><back><ref-list><ref id="B1"><label>1</label><mixed-citation publication-type="journal">Sato K, <etal/>. A pilot trial. <italic>Demo Trials.</italic> 2019;4:e12.</mixed-citation></ref></ref-list></back></article>"#;
    let (_, items) = read_bytes(xml.as_bytes().to_vec(), 10_000);
    let t = text(article(&items[0]));
    assert!(t.contains("Sato K, et al. A pilot trial."), "{t}");
}

#[test]
fn a_doi_after_a_pmid_in_a_reference_is_set_off() {
    // `PMID: 9223838 doi:10.…` is how PubMed pages print the article's own
    // IDs; in a reference the two are kept apart.
    let xml = r#"<article article-type="research-article"><back><ref-list><ref id="B1"><element-citation publication-type="journal"><source>Pain</source><year>1997</year><pub-id pub-id-type="pmid">9223838</pub-id><pub-id pub-id-type="doi">10.1016/S0885-3924(97)00005-5</pub-id></element-citation></ref></ref-list></back></article>"#;
    let (_, items) = read_bytes(xml.as_bytes().to_vec(), 10_000);
    let t = text(article(&items[0]));
    assert!(
        t.contains("PMID: 9223838; doi:10.1016/S0885-3924(97)00005-5"),
        "{t}"
    );
}

#[test]
fn author_notes_give_their_registration_but_not_the_address() {
    let xml = r#"<article article-type="research-article"><front><article-meta><title-group><article-title>A trial</article-title></title-group><author-notes><corresp id="c1">Address correspondence to D. E. Furst, 1000 Veteran Avenue, Room 32-46, Los Angeles, CA 90095.</corresp><fn><p>ClinicalTrials.gov identifier: NCT00580840. Supported by UCB Pharma.</p></fn></author-notes><abstract><p>We randomized 48 patients.</p></abstract></article-meta></front></article>"#;
    let (_, items) = read_bytes(xml.as_bytes().to_vec(), 10_000);
    let a = article(&items[0]);
    let t = text(a);
    assert!(
        t.contains("Author notes\n\nClinicalTrials.gov identifier: NCT00580840."),
        "{t}"
    );
    assert!(!t.contains("Veteran"), "{t}");
    assert_eq!(section_of(a, "NCT00580840"), Section::BackMatter);
    // Only an address: no heading at all.
    let xml = r#"<article article-type="research-article"><front><article-meta><title-group><article-title>A trial</article-title></title-group><author-notes><corresp id="c1">Tel.: +972 2 6777741.</corresp></author-notes></article-meta></front></article>"#;
    let (_, items) = read_bytes(xml.as_bytes().to_vec(), 10_000);
    let t = text(article(&items[0]));
    assert!(!t.contains("Author notes") && !t.contains("6777741"), "{t}");
}
