//! `litextract review`: the API, the journal behind it, re-attachment of
//! decisions after a re-extraction, and `export` against a hand-written CSV.
//! The server runs in-process on 127.0.0.1 with a free port.

use litextract::pipeline::{self, Mode, Options, Silent};
use litextract::review::journal::{self, Action, Decision, Evidence};
use litextract::review::{Server, StopHandle};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod api;
mod export;
mod reattach;

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

pub fn value_key(doc: &Value, text: &str) -> String {
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

pub fn value<'a>(doc: &'a Value, text: &str) -> &'a Value {
    doc["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["text"] == text)
        .unwrap()
}

/// A decision by `reviewer` on the record `doc` at `time` (RFC 3339), made
/// on `evidence`; built through the library as the server builds one.
pub fn decision(
    doc: &str,
    reviewer: &str,
    time: &str,
    action: Action,
    evidence: Evidence,
    corrected: Option<&str>,
    note: Option<&str>,
) -> Decision {
    Decision {
        schema: journal::SCHEMA.into(),
        id: journal::random_hex(8),
        time: time.into(),
        reviewer: reviewer.into(),
        doc: doc.into(),
        action,
        evidence,
        corrected: corrected.map(str::to_string),
        note: note.map(str::to_string),
        resolution: false,
    }
}
