//! The review page in a real browser: headless Chromium driven through
//! WebDriver (chromedriver), with plain HTTP (ureq) rather than a WebDriver
//! crate: the handful of commands needed are a few lines each, and the
//! async WebDriver clients would bring a runtime into the test build.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`make test` installs
//! them as root where apt-get exists); says SKIPPED otherwise. Screenshots
//! go to `target/review-screenshots/` (not committed).

use crate::common::skip_because;
use crate::review::Running;
use base64::Engine;
use litextract::review::journal::{Action, Journal};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn which(candidates: &[&str]) -> Option<PathBuf> {
    for c in candidates {
        let p = Path::new(c);
        if p.is_absolute() && p.is_file() {
            return Some(p.to_path_buf());
        }
        if let Some(paths) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&paths) {
                let f = dir.join(c);
                if f.is_file() {
                    return Some(f);
                }
            }
        }
    }
    None
}

struct Driver {
    child: Child,
    base: String,
    session: String,
    _profile: tempfile::TempDir,
}

/// Waits for `what` (readiness, not speed: the bound is generous).
fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(t) = f() {
            return t;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Driver {
    fn start(chromium: &Path, chromedriver: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let base = format!("http://127.0.0.1:{port}");
        let profile = tempfile::tempdir().unwrap();
        let mut d = Driver {
            child,
            base,
            session: String::new(),
            _profile: profile,
        };
        wait_for("chromedriver", || {
            ureq::get(format!("{}/status", d.base))
                .call()
                .ok()
                .filter(|r| r.status() == 200)
        });
        // Flags for a root, offline machine: without the background-networking
        // ones Chromium keeps calling home on a closed network.
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1440,900",
            &format!("--user-data-dir={}", d._profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium.display().to_string(), "args": args}
        }}});
        let r = d.send("POST", "/session", Some(caps));
        d.session = r["sessionId"].as_str().expect("a session").to_string();
        d
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v) = self.send_raw(method, path, body);
        assert!(status < 300, "{method} {path}: {status} {v}");
        v["value"].clone()
    }

    fn send_raw(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .new_agent();
        let resp = match (method, body) {
            ("GET", _) => agent.get(&url).call(),
            ("DELETE", _) => agent.delete(&url).call(),
            (_, Some(b)) => agent.post(&url).send_json(&b),
            (_, None) => agent.post(&url).send_json(json!({})),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = resp.status().as_u16();
        let v: Value = resp.into_body().read_json().unwrap_or(Value::Null);
        (status, v)
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.send(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})));
    }

    fn exec(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
    }

    fn text(&self, css: &str) -> String {
        self.exec(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            json!([css]),
        )
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    fn count(&self, css: &str) -> usize {
        self.exec(
            "return document.querySelectorAll(arguments[0]).length;",
            json!([css]),
        )
        .as_u64()
        .unwrap_or(0) as usize
    }

    fn element(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    /// Clicks an element. The document list is drawn again after every
    /// saved decision, so the element found may be replaced before the
    /// click reaches it ("stale element reference"): then it is found again.
    fn click(&self, css: &str) {
        for _ in 0..50 {
            let id = self.element(css);
            let path = format!("/session/{}/element/{id}/click", self.session);
            let (status, v) = self.send_raw("POST", &path, Some(json!({})));
            if status < 300 {
                return;
            }
            assert!(
                v.to_string().contains("stale element"),
                "click {css}: {status} {v}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("click {css}: the element kept being replaced");
    }

    /// Presses keys as a person would (keydown/keyup on the focused element).
    fn keys(&self, keys: &str) {
        let mut actions = Vec::new();
        for k in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": k.to_string()}));
            actions.push(json!({"type": "keyUp", "value": k.to_string()}));
        }
        self.cmd(
            "POST",
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
        );
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = ureq::delete(format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ENTER: &str = "\u{E007}";

fn journal_len(
    out: &Path,
    n: usize,
) -> impl FnMut() -> Option<Vec<litextract::review::journal::Decision>> + '_ {
    move || {
        let d = Journal::new(out).read().ok()?.decisions;
        (d.len() >= n).then_some(d)
    }
}

#[test]
fn review_in_a_browser_by_keyboard() {
    let (Some(chromium), Some(chromedriver)) = (
        which(&["/usr/bin/chromium", "chromium", "chromium-browser"]),
        which(&["/usr/bin/chromedriver", "chromedriver"]),
    ) else {
        skip_because(
            "browser::review_in_a_browser_by_keyboard",
            "chromium and chromedriver are not installed (make test installs Debian's chromium and chromium-driver when run as root)",
        );
        return;
    };
    let srv = Running::start();
    let d = Driver::start(&chromium, &chromedriver);
    d.goto(&srv.url);
    wait_for("the document list", || {
        (d.count("#doc-list .doc-item") == 2).then_some(())
    });
    assert!(d.text("#overview").contains("Overview"));

    // Open the trial; the first value to judge (its own DOI) is current.
    d.click(r#".doc-item[data-key="trial.txt.json"]"#);
    wait_for("the document", || {
        d.text("#doc-head h2").contains("Stem cells").then_some(())
    });
    assert!(d
        .text("#values .value.current")
        .contains("10.1234/abcd.2020.001"));
    assert!(d
        .text("#text .hl.current")
        .contains("10.1234/abcd.2020.001"));

    // a: accept; the page moves on to the registry ID.
    d.keys("a");
    let j = wait_for("the accept in the journal", journal_len(&srv.out, 1));
    assert_eq!(
        (j[0].action, j[0].reviewer.as_str()),
        (Action::Accept, "ana")
    );
    assert_eq!(j[0].evidence.text, "10.1234/abcd.2020.001");
    wait_for("the next value", || {
        d.text("#values .value.current")
            .contains("NCT01234567")
            .then_some(())
    });

    // c: correct it, typing the right value.
    d.keys("c");
    wait_for("the correction form", || {
        (d.count("#form-input") == 1).then_some(())
    });
    d.exec(
        "document.getElementById('form-input').value = '';",
        json!([]),
    );
    d.keys(&format!("NCT01234568{ENTER}"));
    let j = wait_for("the correction in the journal", journal_len(&srv.out, 2));
    assert_eq!(j[1].action, Action::Correct);
    assert_eq!(j[1].corrected.as_deref(), Some("NCT01234568"));

    // m: a value the extractor missed, from selected text. A redraw of
    // the page (as when a decision is saved while the reviewer selects)
    // keeps the selection.
    wait_for("the corrected value on the page", || {
        d.text("#values").contains("NCT01234568").then_some(())
    });
    let select = r#"const spans = [...document.querySelectorAll('#text span[data-s]')];
           const s = spans.find((x) => x.textContent.includes('four and a half'));
           const node = s.firstChild, at = node.textContent.indexOf('four and a half');
           const r = document.createRange();
           r.setStart(node, at); r.setEnd(node, at + 'four and a half'.length);
           const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
           return sel.toString();"#;
    assert_eq!(d.exec(select, json!([])), "four and a half");
    assert_eq!(
        d.exec(
            "renderDoc(); return window.getSelection().toString();",
            json!([])
        ),
        "four and a half",
        "a redraw dropped the selection"
    );
    d.keys("m");
    wait_for("the add form", || {
        (d.count("#form-field") == 1).then_some(())
    });
    // The field is guessed from the clause ("the mean EDSS score was …").
    assert_eq!(
        d.exec(
            "return document.getElementById('form-field').value;",
            json!([])
        ),
        "edss"
    );
    d.exec(
        "document.getElementById('form-input').value = '';",
        json!([]),
    );
    d.keys(&format!("EDSS mean 4.5{ENTER}"));
    let j = wait_for("the added value in the journal", journal_len(&srv.out, 3));
    assert_eq!(j[2].action, Action::Add);
    assert_eq!(j[2].evidence.text, "four and a half");
    assert_eq!(j[2].evidence.field, "edss");

    // Reload: everything is still there, from the journal.
    d.cmd("POST", "/refresh", None);
    wait_for("the document after reload", || {
        d.text("#doc-head h2").contains("Stem cells").then_some(())
    });
    wait_for("the values after reload", || {
        (d.count("#values .value") > 0).then_some(())
    });
    // The summary box sets each label on the line of its value.
    assert!(d.count("dl.summary dt") >= 6, "no summary box");
    let misaligned = d.exec(
        r#"return [...document.querySelectorAll('dl.summary dt:not(.cap)')]
             .filter((t) => { const v = t.nextElementSibling;
               return !v || v.tagName !== 'DD'
                 || Math.abs(v.getBoundingClientRect().top - t.getBoundingClientRect().top) > 2; })
             .map((t) => t.textContent);"#,
        json!([]),
    );
    assert_eq!(
        misaligned,
        json!([]),
        "summary labels beside the wrong values"
    );
    let doi_row = d.text(r#"#values .value[data-key="f:doi:92-113"]"#);
    assert!(doi_row.contains("You: accept"), "{doi_row}");
    let reg = d.text(r#"#values .value[data-key^="f:registry_id"]"#);
    assert!(
        reg.contains("NCT01234568") && reg.contains("corrected"),
        "{reg}"
    );
    let added = d.text("#values .value.k-added");
    assert!(
        added.contains("EDSS mean 4.5") && added.contains("four and a half"),
        "{added}"
    );
    assert_eq!(d.count("#text .hl.o-added"), 1);
    // Select the added value and see its evidence highlighted.
    d.exec(
        "document.querySelector('#values .value.k-added').click();",
        json!([]),
    );
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/review-screenshots");
    d.screenshot(&shots.join("document-view.png"));

    // A document whose text holds markup shows it as text.
    d.click(r#".doc-item[data-key="crafted_title.txt.json"]"#);
    wait_for("the crafted document", || {
        d.text("#doc-head h2")
            .contains("crafted title")
            .then_some(())
    });
    assert!(d
        .text("#doc-head h2")
        .starts_with("<script>window.__pwned = 1</script><img"));
    assert!(d
        .text("#text")
        .contains("<script>window.__pwned = 1</script>"));
    assert_eq!(d.count("#main script, #main img, #sidebar img"), 0);
    assert_eq!(
        d.exec("return typeof window.__pwned;", json!([])),
        "undefined"
    );
    // Keys typed faster than the page saves: eight "a", then a move to the
    // other document. The accepts land on the document they were typed on,
    // never on values of the next one that the reviewer has not seen.
    d.click(r#".doc-item[data-key="trial.txt.json"]"#);
    wait_for("the trial again", || {
        d.text("#doc-head h2").contains("Stem cells").then_some(())
    });
    let before = Journal::new(&srv.out).read().unwrap().decisions.len();
    let trial_is_first = d.exec(
        r#"return document.querySelector('#doc-list .doc-item').dataset.key === 'trial.txt.json';"#,
        json!([]),
    ) == json!(true);
    d.keys(if trial_is_first {
        "aaaaaaaan"
    } else {
        "aaaaaaaap"
    });
    let j = wait_for(
        "the fast accepts in the journal",
        journal_len(&srv.out, before + 8),
    );
    assert_eq!(j.len(), before + 8, "one entry per key");
    for (i, e) in j[before..].iter().enumerate() {
        assert_eq!(
            (e.action, e.doc.as_str()),
            (Action::Accept, "trial.txt.json"),
            "accept {i} of 8"
        );
    }
    wait_for("the other document", || {
        d.text("#doc-head h2")
            .contains("crafted title")
            .then_some(())
    });

    d.keys("o");
    wait_for("the overview", || {
        d.text("#overview h2").contains("Overview").then_some(())
    });
    d.screenshot(&shots.join("overview.png"));
}
