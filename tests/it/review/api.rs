//! The review server's API: the session token, hosts and origins, request
//! paths and bodies, the journal behind it, disagreements and kappa.

use super::{value, value_key, Running};
use litextract::review::journal::Journal;
use litextract::review::Review;
use serde_json::json;
use std::time::Duration;

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
