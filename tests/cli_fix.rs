//! `wf check --fix` through the built binary (TOOLING.md §2, §7): files are
//! rewritten, what is left is reported in the chosen format, and files that
//! would not parse are left as they were.

use std::path::PathBuf;
use std::process::{Command, Output};

fn wf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the wf binary runs")
}

/// A scratch file of this test process holding `text`.
fn scratch(test: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-cli-fix-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("scratch file");
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).expect("readable")
}

const TYPOS: &str = "workflow \"A\" {\n  object contact\n  enroll manually\n  send_emial(\"x\")\n  delya 2 days\n  if a && b { stop }\n}\n";

#[test]
fn fix_rewrites_the_file_and_reports_nothing_left() {
    let path = scratch("all", "a.wf", TYPOS);
    let out = wf(&["check", "--fix", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let fixed = read(&path);
    assert!(fixed.contains("send_email(\"x\")") && fixed.contains("delay 2 days") && fixed.contains("a and b"));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("fixed 3 problems in"), "{stderr}");
    assert!(stderr.contains("no problems found"), "{stderr}");
    // Fixing again changes nothing.
    let again = wf(&["check", "--fix", path.to_str().expect("utf-8 path")]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!text(&again.stderr).contains("fixed"));
    assert_eq!(read(&path), fixed);
}

#[test]
fn fix_with_json_prints_what_is_left() {
    let source =
        "workflow \"A\" {\n  object contact\n  enroll manually\n  send_emial(\"x\")\n  delay until satday 09:00\n}\n";
    let path = scratch("json", "a.wf", source);
    let out = wf(&["check", "--fix", "--format", "json", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON array on stdout");
    let left = json.as_array().expect("array");
    assert_eq!(left.len(), 1, "{json}");
    assert_eq!(left[0]["code"], "E0107");
    // Two equally good suggestions: two fixes, none applied.
    assert_eq!(left[0]["fixes"].as_array().map(Vec::len), Some(2));
    assert!(read(&path).contains("send_email(\"x\")"));
    assert!(read(&path).contains("satday"));
}

#[test]
fn fix_leaves_a_file_that_would_not_parse_untouched() {
    let broken = "workflow \"A\" {\n  object contact\n  enroll manually\n  if a && b { stop }\n  send_email(\"x\"\n}\n";
    let path = scratch("broken", "a.wf", broken);
    let good = scratch(
        "broken",
        "b.wf",
        "workflow \"B\" {\n  object contact\n  enroll manually\n  send_emial(\"y\")\n}\n",
    );
    let out = wf(&[
        "check",
        "--fix",
        path.to_str().expect("utf-8"),
        good.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read(&path), broken);
    assert!(read(&good).contains("send_email(\"y\")"));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("would not parse"), "{stderr}");
    assert!(stderr.contains("E0024"), "{stderr}");
}

#[test]
fn fix_refuses_standard_input() {
    let out = wf(&["check", "--fix", "-"]);
    assert_eq!(out.status.code(), Some(2), "stderr: {}", text(&out.stderr));
}

#[test]
fn json_without_fix_carries_the_fixes() {
    let path = scratch("plain", "a.wf", TYPOS);
    let out = wf(&["check", "--format", "json", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    // One syntax error per workflow: the misspelt keyword; the other workflows' checks still run.
    assert_eq!(codes, ["E0029"]);
    assert_eq!(json[0]["fixes"][0]["edits"][0]["text"], "delay");
    assert_eq!(read(&path), TYPOS);
}
