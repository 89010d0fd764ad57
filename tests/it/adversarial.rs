//! Issue 17: one odd document must not eat the machine. Every case of the
//! generated adversarial corpus (`litextract::adversarial`, 1 MB each) goes
//! through the binary in a child process under a 1 GB address-space cap;
//! each must end with a record whose offsets hold. A stage whose memory
//! grows faster than the text is killed by the cap and fails this test.
//!
//! Speed is not asserted here (`make bench` measures each case next to
//! ordinary text); the per-document `--timeout` keeps a slow stage from
//! hanging the test, and a record cut short by it says so in a warning,
//! which is reported below so that it shows in the test output.

use crate::common::assert_offsets;
use std::fs;
use std::io::Write;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_litextract");

/// The address-space cap of each child, in KiB (1 GiB).
const CAP_KIB: u64 = 1 << 20;

#[test]
fn every_adversarial_case_ends_with_a_record_under_a_memory_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    let cases = litextract::adversarial::corpus(1_000_000);
    for case in &cases {
        fs::write(input.join(format!("{}.txt", case.name)), &case.bytes).unwrap();
    }
    let mut problems = Vec::new();
    for case in &cases {
        let file = input.join(format!("{}.txt", case.name));
        let out = tmp.path().join(format!("out-{}", case.name));
        // One worker thread: each thread's malloc arena reserves address
        // space, so the cap would otherwise depend on the core count.
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v {CAP_KIB} && exec \"$0\" extract \"$1\" --out \"$2\" --quiet --jobs 1 --timeout 120"
            ))
            .arg(BIN)
            .arg(&file)
            .arg(&out)
            .output()
            .expect("run litextract under sh");
        let record_path = out.join(format!("{}.txt.json", case.name));
        let Ok(bytes) = fs::read(&record_path) else {
            problems.push(format!(
                "{}: no record (exit {:?}): {}",
                case.name,
                status.status,
                String::from_utf8_lossy(&status.stderr).trim()
            ));
            continue;
        };
        let record: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_offsets(&record);
        if record["status"] != "ok" {
            problems.push(format!(
                "{}: status {}: {}",
                case.name, record["status"], record["error"]
            ));
        }
        for w in record["warnings"].as_array().into_iter().flatten() {
            let w = w.as_str().unwrap_or("");
            if w.starts_with("time budget") || w.starts_with("internal error") {
                problems.push(format!("{}: {w}", case.name));
            } else {
                let _ = writeln!(std::io::stderr(), "note {}: {w}", case.name);
            }
        }
    }
    assert!(
        problems.is_empty(),
        "adversarial cases without a clean record:\n{}",
        problems.join("\n")
    );
}
