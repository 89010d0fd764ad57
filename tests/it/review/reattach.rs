//! Decisions re-attached after a re-extraction: evidence that moves, goes
//! stale, vanishes, and per-arm copies of one span.

use super::{decision, extract, value, value_key, Running};
use litextract::pipeline::{self, Options, Silent};
use litextract::review::journal::{self, Action, Decision, Evidence, Journal};
use litextract::review::{Review, Server};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Writes an input, extracts it, records decisions through the library.
fn reviewed_folder(text: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("paper.txt"), text).unwrap();
    let out = tmp.path().join("out");
    extract(&input, &out);
    (tmp, input, out)
}

fn decide_on(out: &Path, evidence: &str, action: Action, corrected: Option<&str>) {
    use litextract::review::attach;
    let mut review = Review::open(out).unwrap();
    let doc = review.corpus.get("paper.txt.json").unwrap();
    let i = doc
        .findings
        .iter()
        .position(|f| f.text == evidence)
        .unwrap();
    let d = ana(action, attach::evidence_of_finding(doc, i), corrected);
    review.record(d).unwrap();
}

/// Reviewer ana's decision on `paper.txt.json`, now.
fn ana(action: Action, evidence: Evidence, corrected: Option<&str>) -> Decision {
    decision(
        "paper.txt.json",
        "ana",
        &journal::now_rfc3339(),
        action,
        evidence,
        corrected,
        None,
    )
}

const PAPER: &str = "Mitoxantrone in progressive MS: a randomized trial\n\
Methods: We randomized 120 patients to mitoxantrone (n = 60) or placebo (n = 60).\n\
Results: Progression was less frequent with mitoxantrone (p = 0.02). Relapse rates were similar (p = 0.35).\n";

#[test]
fn decisions_reattach_when_the_evidence_moves() {
    use litextract::review::journal::Action;
    let (_tmp, input, out) = reviewed_folder(PAPER);
    decide_on(&out, "p = 0.02", Action::Accept, None);
    decide_on(&out, "120 patients", Action::Correct, Some("122"));
    let before = Review::open(&out)
        .unwrap()
        .corpus
        .get("paper.txt.json")
        .unwrap()
        .findings
        .iter()
        .find(|f| f.text == "p = 0.02")
        .unwrap()
        .start;
    // The author adds a paragraph at the top: every offset moves.
    std::fs::write(
        input.join("paper.txt"),
        format!("Correspondence: Dr A. Author, Example University Hospital.\n\n{PAPER}"),
    )
    .unwrap();
    extract(&input, &out);
    let mut review = Review::open(&out).unwrap();
    let st = review.state("paper.txt.json").unwrap();
    let p = st.values.iter().find(|v| v.text == "p = 0.02").unwrap();
    assert!(p.start > before, "the evidence moved");
    assert_eq!(p.outcome.as_str(), "accepted");
    assert!(p.verdicts["ana"].moved);
    let n = st.values.iter().find(|v| v.text == "120 patients").unwrap();
    assert_eq!(n.outcome.as_str(), "corrected");
    assert_eq!(n.final_label, "122");
    // The other p-value was not judged and is not touched.
    let other = st.values.iter().find(|v| v.text == "p = 0.35").unwrap();
    assert_eq!(other.outcome.as_str(), "unreviewed");
    assert_eq!(st.counts.stale, 0);
}

#[test]
fn decisions_go_stale_when_the_evidence_is_removed_or_changed() {
    use litextract::review::journal::Action;
    let (_tmp, input, out) = reviewed_folder(PAPER);
    decide_on(&out, "p = 0.02", Action::Accept, None);
    decide_on(&out, "p = 0.35", Action::Reject, None);
    decide_on(&out, "n = 60", Action::Accept, None);
    // The erratum: p = 0.02 becomes p = 0.04; the relapse sentence is cut.
    let edited = PAPER
        .replace("(p = 0.02)", "(p = 0.04)")
        .replace(" Relapse rates were similar (p = 0.35).", "");
    std::fs::write(input.join("paper.txt"), edited).unwrap();
    extract(&input, &out);
    let mut review = Review::open(&out).unwrap();
    assert_eq!(review.decisions.len(), 3, "nothing dropped");
    let st = review.state("paper.txt.json").unwrap();
    let stale: Vec<_> = st.values.iter().filter(|v| v.kind == "stale").collect();
    assert_eq!(stale.len(), 2, "{stale:#?}");
    for s in &stale {
        assert!(
            s.stale_reason
                .as_deref()
                .unwrap()
                .contains("no longer in the text"),
            "{s:?}"
        );
    }
    // The new p-value is not taken for the old one.
    let new_p = st.values.iter().find(|v| v.text == "p = 0.04").unwrap();
    assert_eq!(new_p.outcome.as_str(), "unreviewed");
    assert_eq!(st.counts.status, "stale");
    // "n = 60" appears twice; the accepted one (the first) is still where it was.
    let arms: Vec<_> = st.values.iter().filter(|v| v.text == "n = 60").collect();
    assert_eq!(arms.len(), 2);
    assert_eq!(arms[0].outcome.as_str(), "accepted");
    assert_eq!(arms[1].outcome.as_str(), "unreviewed");
}

#[test]
fn extract_after_review_leaves_the_journal_untouched() {
    use litextract::review::journal::Action;
    let (_tmp, input, out) = reviewed_folder(PAPER);
    decide_on(&out, "p = 0.02", Action::Accept, None);
    let journal = Journal::new(&out);
    let bytes = std::fs::read(journal.path()).unwrap();
    // A refresh, a forced refresh, and one where the input vanished.
    std::fs::write(
        input.join("paper.txt"),
        format!("{PAPER}\nAcknowledgements: none.\n"),
    )
    .unwrap();
    extract(&input, &out);
    let mut opts = Options::new(vec![input.clone()], out.clone());
    opts.force = true;
    pipeline::run(&opts, &Silent, None).unwrap();
    std::fs::remove_file(input.join("paper.txt")).unwrap();
    std::fs::write(input.join("other.txt"), "Another paper (p = 0.5).\n").unwrap();
    let report = pipeline::run(
        &Options::new(vec![input.clone()], out.clone()),
        &Silent,
        None,
    )
    .unwrap();
    assert_eq!(report.counts.removed, 1);
    assert_eq!(std::fs::read(journal.path()).unwrap(), bytes);
    // The decision on the vanished document is still listed.
    let review = Review::open(&out).unwrap();
    assert_eq!(review.orphans().len(), 1);
}

#[test]
fn review_refuses_a_folder_without_records() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.json"), "{\"a\": 1}").unwrap();
    let err = Server::bind(tmp.path(), "ana", 0).err().expect("refused");
    assert!(err.to_string().contains("holds no records"), "{err}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["review", "--out"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(
        msg.contains("holds no records") && !msg.contains("panicked"),
        "{msg}"
    );
}

#[test]
fn an_open_server_follows_a_refresh_and_a_stale_decision_can_be_dismissed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("paper.txt"), PAPER).unwrap();
    let out = tmp.path().join("out");
    extract(&input, &out);
    let srv = Running::over(tmp, out.clone());
    let (_, doc) = srv.get("/api/doc?key=paper.txt.json");
    let (s, _) = srv.post(&json!({"doc": "paper.txt.json", "reviewer": "ana", "action": "accept", "value": value_key(&doc, "p = 0.02")}));
    assert_eq!(s, 200);
    let (s, _) = srv.post(&json!({"doc": "paper.txt.json", "reviewer": "ana", "action": "reject", "value": value_key(&doc, "p = 0.35")}));
    assert_eq!(s, 200);
    // The scheduled refresh runs while the page is open.
    std::fs::write(
        input.join("paper.txt"),
        format!(
            "Erratum appended to the online version.\n{}",
            PAPER.replace(" Relapse rates were similar (p = 0.35).", "")
        ),
    )
    .unwrap();
    extract(&input, &out);
    let (_, doc) = srv.get("/api/doc?key=paper.txt.json");
    let p = value(&doc, "p = 0.02");
    assert_eq!(p["outcome"], "accepted");
    assert_eq!(p["verdicts"]["ana"]["moved"], true);
    let stale: Vec<&Value> = doc["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["kind"] == "stale")
        .collect();
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0]["text"], "p = 0.35");
    // Looked at again and dismissed: the decision is withdrawn, the journal keeps both.
    let (s, doc) = srv.post(&json!({"doc": "paper.txt.json", "reviewer": "ana", "action": "retract", "value": stale[0]["key"]}));
    assert_eq!(s, 200, "{doc}");
    assert!(doc["values"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["kind"] != "stale"));
    assert_eq!(Journal::new(&out).read().unwrap().decisions.len(), 3);
}

/// `20 in each group` of two groups is two findings on one span.
const EACH: &str = "Neck pain in adults: a randomized trial\n\
Methods: Forty adults with chronic neck pain were randomized to two groups, 20 in each group.\n";

#[test]
fn a_decision_on_the_first_arm_of_an_each_count_survives_a_refresh() {
    use litextract::review::attach;
    use litextract::review::journal::Action;
    let (_tmp, input, out) = reviewed_folder(EACH);
    let mut review = Review::open(&out).unwrap();
    let doc = review.corpus.get("paper.txt.json").unwrap();
    let copies: Vec<usize> = (0..doc.findings.len())
        .filter(|&i| doc.findings[i].text == "20 in each group")
        .collect();
    assert_eq!(copies.len(), 2);
    let (a, b) = (&doc.findings[copies[0]], &doc.findings[copies[1]]);
    assert_eq!(b.id, format!("{}#2", a.id));
    // A decision made before the copies: its value has no `arm_of`.
    let mut evidence = attach::evidence_of_finding(doc, copies[0]);
    evidence.value.as_object_mut().unwrap().remove("arm_of");
    review.record(ana(Action::Accept, evidence, None)).unwrap();
    // A decision on the second copy stays with the second copy.
    let doc = review.corpus.get("paper.txt.json").unwrap();
    let evidence = attach::evidence_of_finding(doc, copies[1]);
    review.record(ana(Action::Reject, evidence, None)).unwrap();
    // The input moves: every offset changes, the copies are made again.
    std::fs::write(
        input.join("paper.txt"),
        format!("Correspondence: Dr B. Writer, Example Clinic.\n\n{EACH}"),
    )
    .unwrap();
    extract(&input, &out);
    let mut review = Review::open(&out).unwrap();
    let st = review.state("paper.txt.json").unwrap();
    let arms: Vec<_> = st
        .values
        .iter()
        .filter(|v| v.text == "20 in each group")
        .collect();
    assert_eq!(arms.len(), 2, "{arms:#?}");
    assert_eq!(arms[0].outcome.as_str(), "accepted");
    assert_eq!(arms[0].label, "n = 20, arm 1 of 2");
    assert_eq!(arms[1].outcome.as_str(), "rejected");
    assert_eq!(arms[1].label, "n = 20, arm 2 of 2");
    assert_eq!(st.counts.stale, 0);
}
