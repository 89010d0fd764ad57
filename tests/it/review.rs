//! `litextract review`: the API, the journal behind it, re-attachment of
//! decisions after a re-extraction, and `export` against a hand-written CSV.
//! The server runs in-process on 127.0.0.1 with a free port.

use litextract::pipeline::{self, Mode, Options, Silent};
use litextract::review::journal::Journal;
use litextract::review::{Review, Server, StopHandle};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub fn fixture_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review/corpus")
}

/// Extracts `input` into `out` (files mode).
pub fn extract(input: &Path, out: &Path) {
    let mut opts = Options::new(vec![input.to_path_buf()], out.to_path_buf());
    opts.mode = Mode::Files;
    let report = pipeline::run(&opts, &Silent, None).unwrap();
    assert_eq!(report.counts.failed, 0, "{:?}", report.failures);
}

/// A review server over a fresh extraction of the fixture corpus.
pub struct Running {
    pub port: u16,
    pub token: String,
    pub url: String,
    pub out: PathBuf,
    stop: StopHandle,
    thread: Option<std::thread::JoinHandle<()>>,
    _tmp: tempfile::TempDir,
}

impl Running {
    pub fn start() -> Running {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        extract(&fixture_corpus(), &out);
        Running::over(tmp, out)
    }

    pub fn over(tmp: tempfile::TempDir, out: PathBuf) -> Running {
        let server = Server::bind(&out, "ana", 0).unwrap();
        let (port, token, url) = (server.port(), server.token().to_string(), server.url());
        let stop = server.stop_handle();
        let thread = std::thread::spawn(move || server.run());
        Running {
            port,
            token,
            url,
            out,
            stop,
            thread: Some(thread),
            _tmp: tmp,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        let r = ureq::get(format!("{}{path}", self.base()))
            .header("X-Review-Token", &self.token)
            .config()
            .http_status_as_error(false)
            .build()
            .call()
            .unwrap();
        let status = r.status().as_u16();
        (status, r.into_body().read_json().unwrap_or(Value::Null))
    }

    pub fn post(&self, body: &Value) -> (u16, Value) {
        let r = ureq::post(format!("{}/api/decide", self.base()))
            .header("X-Review-Token", &self.token)
            .config()
            .http_status_as_error(false)
            .build()
            .send_json(body)
            .unwrap();
        let status = r.status().as_u16();
        (status, r.into_body().read_json().unwrap_or(Value::Null))
    }

    /// A raw POST of `body` to the decision API with the token, the given
    /// extra header lines and content type; returns the response.
    pub fn raw_post(&self, extra: &str, content_type: &str, body: &str) -> String {
        self.raw(
            format!(
                "POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Review-Token: {}\r\n{extra}Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                self.port,
                self.token,
                body.len()
            )
            .as_bytes(),
            Duration::from_secs(10),
        )
    }

    /// Sends raw bytes and returns what came back before `timeout`.
    pub fn raw(&self, request: &[u8], timeout: Duration) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(timeout)).unwrap();
        s.write_all(request).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn value_key(doc: &Value, text: &str) -> String {
    doc["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["text"] == text)
        .unwrap_or_else(|| panic!("no value with evidence {text:?}"))["key"]
        .as_str()
        .unwrap()
        .to_string()
}

fn value<'a>(doc: &'a Value, text: &str) -> &'a Value {
    doc["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["text"] == text)
        .unwrap()
}

#[test]
fn the_api_wants_the_session_token() {
    let srv = Running::start();
    let no_token = ureq::get(format!("{}/api/overview", srv.base()))
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap();
    assert_eq!(no_token.status().as_u16(), 401);
    let wrong = ureq::get(format!("{}/api/overview", srv.base()))
        .header("X-Review-Token", "0".repeat(srv.token.len()))
        .config()
        .http_status_as_error(false)
        .build()
        .call()
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let (status, overview) = srv.get("/api/overview");
    assert_eq!(status, 200);
    assert_eq!(overview["documents"].as_array().unwrap().len(), 2);
    // The page itself holds no data and loads without the token, under a
    // strict policy.
    let page = ureq::get(format!("{}/", srv.base())).call().unwrap();
    let csp = page
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    // A token in a cookie or the query string is not a token.
    let resp = srv.raw(
        format!(
            "GET /api/overview?token={t} HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nCookie: token={t}\r\nConnection: close\r\n\r\n",
            t = srv.token,
            p = srv.port
        )
        .as_bytes(),
        Duration::from_secs(10),
    );
    assert!(resp.starts_with("HTTP/1.1 401"), "{resp}");
}

#[test]
fn a_foreign_host_or_origin_is_refused() {
    let srv = Running::start();
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1.
    let resp = srv.raw(
        format!(
            "GET /api/overview HTTP/1.1\r\nHost: evil.example:{}\r\nX-Review-Token: {}\r\nConnection: close\r\n\r\n",
            srv.port, srv.token
        )
        .as_bytes(),
        Duration::from_secs(10),
    );
    assert!(resp.starts_with("HTTP/1.1 421"), "{resp}");
    let body = r#"{"doc":"trial.txt.json","reviewer":"x","action":"note","value":"f:doi:92-113","note":"hi"}"#;
    let resp = srv.raw_post("Origin: http://evil.example\r\n", "application/json", body);
    assert!(resp.starts_with("HTTP/1.1 403"), "{resp}");
    let resp = srv.raw_post("", "text/plain", body);
    assert!(resp.starts_with("HTTP/1.1 415"), "{resp}");
    assert!(
        Review::open(&srv.out).unwrap().decisions.is_empty(),
        "nothing was written"
    );
}

#[test]
fn no_request_path_reaches_the_file_system() {
    let srv = Running::start();
    std::fs::write(srv.out.join("secret.txt"), "do not serve").unwrap();
    for key in [
        "../out/trial.txt.json",
        "%2e%2e%2fsecret.txt",
        "secret.txt",
        "manifest.json",
        "/etc/passwd",
        ".review/decisions.jsonl",
        "trial.txt.json%00",
    ] {
        let (status, body) = srv.get(&format!("/api/doc?key={key}"));
        assert_eq!(status, 404, "{key}: {body}");
    }
    let (status, _) = srv.get("/../secret.txt");
    assert_eq!(status, 404);
    let (status, _) = srv.post(
        &json!({"doc": "../secret.txt", "reviewer": "ana", "action": "accept", "value": "f:x"}),
    );
    assert_eq!(status, 404);
    let (status, doc) = srv.get("/api/doc?key=trial.txt.json");
    assert_eq!(status, 200);
    assert!(doc["text"].as_str().unwrap().contains("NCT01234567"));
}

#[test]
fn oversized_bodies_are_refused_and_a_forged_length_does_not_stop_the_server() {
    let srv = Running::start();
    let big = format!(
        r#"{{"doc":"trial.txt.json","reviewer":"ana","action":"note","value":"f:doi:92-113","note":"{}"}}"#,
        "x".repeat(100_000)
    );
    let (status, body) = srv.post(&serde_json::from_str(&big).unwrap());
    assert_eq!(status, 413, "{body}");
    // Chunked, so no Content-Length to check up front.
    let mut req = format!(
        "POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Review-Token: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        srv.port, srv.token
    );
    req.push_str(&format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len()));
    let resp = srv.raw(req.as_bytes(), Duration::from_secs(10));
    assert!(
        resp.starts_with("HTTP/1.1 413"),
        "{}",
        &resp[..resp.len().min(200)]
    );
    // A terabyte announced, nothing sent: the server must not try to
    // buffer it (that would abort the process).
    let _ = srv.raw(
        format!(
            "POST /api/decide HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Review-Token: {}\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{{",
            srv.port, srv.token
        )
        .as_bytes(),
        Duration::from_millis(500),
    );
    let (status, _) = srv.get("/api/session");
    assert_eq!(status, 200, "the server still answers");
    assert!(Review::open(&srv.out).unwrap().decisions.is_empty());
}

#[test]
fn decisions_are_journaled_with_their_evidence_and_read_back() {
    let srv = Running::start();
    let (_, doc) = srv.get("/api/doc?key=trial.txt.json");
    let p = value_key(&doc, "p = 0.03");
    let total = value_key(&doc, "54 patients");
    let (s1, after) = srv
        .post(&json!({"doc": "trial.txt.json", "reviewer": "ana", "action": "accept", "value": p}));
    assert_eq!(s1, 200, "{after}");
    assert_eq!(value(&after, "p = 0.03")["outcome"], "accepted");
    let (s2, _) = srv.post(&json!({"doc": "trial.txt.json", "reviewer": "ana", "action": "correct", "value": total, "corrected": "56", "note": "56 in the CONSORT figure"}));
    assert_eq!(s2, 200);
    // A missed value: "40 patients"-style text selected by the reviewer.
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let needle: Vec<char> = "relapses".chars().collect();
    let hay: String = text.iter().collect::<String>().to_lowercase();
    let start = hay
        .chars()
        .collect::<Vec<_>>()
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
        .unwrap();
    let (s3, body) = srv.post(&json!({"doc": "trial.txt.json", "reviewer": "ana", "action": "add", "field": "edss", "start": start, "end": start + 8, "corrected": "none"}));
    assert_eq!(s3, 200, "{body}");
    // A correction without a value, an unknown action, an empty reviewer: refused.
    for bad in [
        json!({"doc": "trial.txt.json", "reviewer": "ana", "action": "correct", "value": p}),
        json!({"doc": "trial.txt.json", "reviewer": "ana", "action": "approve", "value": p}),
        json!({"doc": "trial.txt.json", "reviewer": " ", "action": "accept", "value": p}),
        json!({"doc": "trial.txt.json", "reviewer": "ana", "action": "add", "field": "edss", "start": 5, "end": 999999, "corrected": "x"}),
    ] {
        let (s, _) = srv.post(&bad);
        assert_eq!(s, 400, "{bad}");
    }
    let journal = Journal::new(&srv.out).read().unwrap();
    assert!(journal.warnings.is_empty());
    assert_eq!(journal.decisions.len(), 3);
    let d = &journal.decisions[1];
    assert_eq!(d.reviewer, "ana");
    assert_eq!(d.evidence.text, "54 patients");
    assert_eq!(d.evidence.field, "sample_size");
    assert_eq!(d.corrected.as_deref(), Some("56"));
    assert!(
        d.evidence.before.ends_with("We randomized "),
        "{:?}",
        d.evidence.before
    );
    assert!(d.time.ends_with('Z') && d.time.len() >= 20, "{}", d.time);
    // A fresh load (a restarted server) sees the same.
    let mut review = Review::open(&srv.out).unwrap();
    let st = review.state("trial.txt.json").unwrap();
    let corrected = st.values.iter().find(|v| v.text == "54 patients").unwrap();
    assert_eq!(corrected.final_label, "56");
    assert_eq!(corrected.notes.len(), 1);
    assert!(st
        .values
        .iter()
        .any(|v| v.kind == "added" && v.text == "Relapses"));
}

#[test]
fn two_tabs_posting_at_once_lose_nothing() {
    let srv = Running::start();
    let (_, doc) = srv.get("/api/doc?key=trial.txt.json");
    let keys: Vec<String> = doc["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["key"].as_str().unwrap().to_string())
        .collect();
    let srv = std::sync::Arc::new(srv);
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let srv = srv.clone();
            let keys = keys.clone();
            std::thread::spawn(move || {
                for (i, k) in keys.iter().enumerate() {
                    let (s, _) = srv.post(&json!({"doc": "trial.txt.json", "reviewer": format!("r{t}"), "action": "note", "value": k, "note": format!("n{i}")}));
                    assert_eq!(s, 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let j = Journal::new(&srv.out).read().unwrap();
    assert!(j.warnings.is_empty());
    assert_eq!(j.decisions.len(), 4 * keys.len());
}

#[test]
fn disagreement_then_resolution_and_kappa() {
    let srv = Running::start();
    let (_, doc) = srv.get("/api/doc?key=trial.txt.json");
    let p = value_key(&doc, "p = 0.03");
    let doi = value_key(&doc, "10.1234/abcd.2020.001");
    for (who, action, key) in [
        ("ana", "accept", &p),
        ("ben", "reject", &p),
        ("ana", "accept", &doi),
        ("ben", "accept", &doi),
    ] {
        let (s, _) = srv.post(
            &json!({"doc": "trial.txt.json", "reviewer": who, "action": action, "value": key}),
        );
        assert_eq!(s, 200);
    }
    let (_, o) = srv.get("/api/overview");
    assert_eq!(o["disagreements"].as_array().unwrap().len(), 1);
    assert_eq!(o["disagreements"][0]["label"], "p = 0.03");
    let all = o["agreement"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "all")
        .unwrap()
        .clone();
    assert_eq!(all["n"], 2);
    assert_eq!(all["percent"], 50.0);
    let (_, d) = srv.post(&json!({"doc": "trial.txt.json", "reviewer": "cleo", "action": "reject", "value": p, "resolution": true}));
    assert_eq!(value(&d, "p = 0.03")["outcome"], "rejected");
    let (_, o) = srv.get("/api/overview");
    assert!(o["disagreements"].as_array().unwrap().is_empty());
}

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

fn decide_on(
    out: &Path,
    evidence: &str,
    action: litextract::review::journal::Action,
    corrected: Option<&str>,
) {
    use litextract::review::attach;
    let mut review = Review::open(out).unwrap();
    let doc = review.corpus.get("paper.txt.json").unwrap();
    let i = doc
        .findings
        .iter()
        .position(|f| f.text == evidence)
        .unwrap();
    let d = decision(action, attach::evidence_of_finding(doc, i), corrected);
    review.record(d).unwrap();
}

/// Reviewer ana's decision on `paper.txt.json`.
fn decision(
    action: litextract::review::journal::Action,
    evidence: litextract::review::journal::Evidence,
    corrected: Option<&str>,
) -> litextract::review::journal::Decision {
    use litextract::review::journal;
    journal::Decision {
        schema: journal::SCHEMA.into(),
        id: journal::random_hex(8),
        time: journal::now_rfc3339(),
        reviewer: "ana".into(),
        doc: "paper.txt.json".into(),
        action,
        evidence,
        corrected: corrected.map(str::to_string),
        note: None,
        resolution: false,
    }
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

/// A decision at a fixed time, through the library, on the value whose
/// evidence is `text` (or, for `add`, on that text span).
#[allow(clippy::too_many_arguments)]
fn decide_at(
    review: &mut Review,
    doc_key: &str,
    reviewer: &str,
    time: &str,
    text: &str,
    action: litextract::review::journal::Action,
    corrected: Option<&str>,
    note: Option<&str>,
) {
    use litextract::review::{attach, journal};
    let doc = review.corpus.get(doc_key).unwrap();
    let evidence = if action == journal::Action::Add {
        let chars: Vec<char> = doc.text.chars().collect();
        let needle: Vec<char> = text.chars().collect();
        let start = chars
            .windows(needle.len())
            .position(|w| w == needle.as_slice())
            .unwrap();
        attach::evidence_of_span(doc, "edss", start, start + needle.len()).unwrap()
    } else {
        let i = doc.findings.iter().position(|f| f.text == text).unwrap();
        attach::evidence_of_finding(doc, i)
    };
    let d = journal::Decision {
        schema: journal::SCHEMA.into(),
        id: journal::random_hex(8),
        time: time.into(),
        reviewer: reviewer.into(),
        doc: doc_key.into(),
        action,
        evidence,
        corrected: corrected.map(str::to_string),
        note: note.map(str::to_string),
        resolution: false,
    };
    review.record(d).unwrap();
}

fn exported(out: &Path, what: &str, format: &str) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_litextract"))
        .args(["export", "--format", format, "--what", what, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn export_matches_the_hand_written_csv() {
    use litextract::review::journal::Action::*;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    extract(&fixture_corpus(), &out);
    let mut r = Review::open(&out).unwrap();
    let t = "trial.txt.json";
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:00:00.000Z",
        "10.1234/abcd.2020.001",
        Accept,
        None,
        None,
    );
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:01:00.000Z",
        "54 patients",
        Correct,
        Some("56"),
        Some("typo in the abstract, the CONSORT figure says 56"),
    );
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:02:00.000Z",
        "p = 0.41",
        Reject,
        None,
        None,
    );
    decide_at(
        &mut r,
        t,
        "ana",
        "2026-01-05T10:03:00.000Z",
        "four and a half",
        Add,
        Some("EDSS mean 4.5"),
        None,
    );
    decide_at(
        &mut r,
        t,
        "ben",
        "2026-01-05T10:04:00.000Z",
        "p = 0.41",
        Accept,
        None,
        None,
    );
    decide_at(
        &mut r,
        t,
        "ben",
        "2026-01-05T10:05:00.000Z",
        "10.1234/abcd.2020.001",
        Accept,
        None,
        None,
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export");
    for what in ["documents", "values"] {
        let want = std::fs::read_to_string(fixtures.join(format!("{what}.csv"))).unwrap();
        let got = exported(&out, what, "csv");
        assert_eq!(got, want, "export --what {what}:\n{got}");
    }
    // JSON Lines: same rows, numbers as numbers, text as it is (no
    // spreadsheet escaping).
    let lines = exported(&out, "documents", "jsonl");
    let rows: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["total_n"], json!(56.0));
    assert!(rows[1]["title"].as_str().unwrap().starts_with("=HYPERLINK"));
    // Agreement: two values judged by both; they agree on one.
    let agreement = exported(&out, "agreement", "csv");
    assert!(agreement.contains("ana,ben,doi,1,1,100,\n"), "{agreement}");
    assert!(
        agreement.contains("ana,ben,p_value,1,0,0,0\n"),
        "{agreement}"
    );
    assert!(agreement.contains("ana,ben,all,2,1,50,0\n"), "{agreement}");
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
    review
        .record(decision(Action::Accept, evidence, None))
        .unwrap();
    // A decision on the second copy stays with the second copy.
    let doc = review.corpus.get("paper.txt.json").unwrap();
    let evidence = attach::evidence_of_finding(doc, copies[1]);
    review
        .record(decision(Action::Reject, evidence, None))
        .unwrap();
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
