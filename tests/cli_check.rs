//! `wf check` and `wf explain` through the built binary: exit codes, the JSON
//! diagnostics of docs/formats.md, and the examples checking clean.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the wf binary runs")
}

fn input(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/inputs/check_errors")
        .join(name)
        .display()
        .to_string()
}

/// A scratch directory of this test process.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-cli-check-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_clean_project_exits_0() {
    let out = wf(&["check", &input("valid_spec_example.wf")]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no problems found"));
}

#[test]
fn warnings_alone_exit_0() {
    let out = wf(&["check", &input("w0003_branch_without_else.wf")]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("warning[W0003]"));
}

#[test]
fn errors_exit_1_with_reports_and_a_summary() {
    let out = wf(&["check", &input("e0201_unknown_action.wf")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[E0201]: unknown action `send_emial`"), "{stderr}");
    assert!(stderr.contains("help: did you mean `send_email`?"), "{stderr}");
    assert!(stderr.trim_end().ends_with("3 errors"), "{stderr}");
}

#[test]
fn input_problems_exit_2() {
    let missing = wf(&["check", "/nonexistent/nowhere.wf"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nowhere.wf"));

    let dir = scratch("input");
    let schema = dir.join("bad.schema.json");
    std::fs::write(
        &schema,
        "{\"objects\": {\n  \"contact\": {\"properties\": {\"score\": \"numbr\"}}}}",
    )
    .expect("write schema");
    let out = wf(&[
        "check",
        &input("valid_spec_example.wf"),
        "--schema",
        &schema.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("bad.schema.json") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown property type `numbr`"), "{stderr}");

    let out = wf(&["check", &input("valid_spec_example.wf"), "--plan", "marketing-proo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`marketing-pro`"), "{}", text(&out.stderr));
}

#[test]
fn plans_gate_actions() {
    let file = input("valid_spec_example.wf");
    let out = wf(&["check", &file, "--plan", "sales-starter"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "`send_email` needs Marketing Hub Professional or Service Hub Professional; your plans: sales-starter"
        ),
        "{stderr}"
    );
    let out = wf(&["check", &file, "--plan", "marketing-pro"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn json_diagnostics_have_the_cli_shape() {
    let out = wf(&["check", &input("e0201_unknown_action.wf"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let items = json.as_array().expect("an array");
    assert_eq!(items.len(), 3);
    let first = items.first().and_then(|v| v.as_object()).expect("an object");
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "code", "end", "file", "fixes", "labels", "message", "notes", "severity", "start"
        ]
    );
    // TOOLING.md §2: the did-you-mean as a fix replacing the name.
    assert_eq!(first["fixes"][0]["message"], "did you mean `send_email`?");
    assert_eq!(first["fixes"][0]["edits"][0]["text"], "send_email");
    assert_eq!(first["fixes"][0]["edits"][0]["start"], first["start"]);
    assert_eq!(first["fixes"][0]["edits"][0]["end"], first["end"]);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["code"], "E0201");
    assert_eq!(first["message"], "unknown action `send_emial`");
    assert!(
        first["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("e0201_unknown_action.wf"))
    );
    // `  send_emial("welcome")` is line 4; the name starts at column 3.
    let source = std::fs::read_to_string(input("e0201_unknown_action.wf")).expect("source");
    let offset = source.find("send_emial").expect("the call");
    assert_eq!(
        first["start"],
        serde_json::json!({"line": 4, "column": 3, "offset": offset})
    );
    assert_eq!(
        first["end"],
        serde_json::json!({"line": 4, "column": 13, "offset": offset + "send_emial".len()})
    );
    let labels = first["labels"].as_array().expect("labels");
    let primary = labels.first().and_then(|l| l.as_object()).expect("a primary label");
    let mut label_keys: Vec<&str> = primary.keys().map(String::as_str).collect();
    label_keys.sort_unstable();
    assert_eq!(label_keys, ["end", "message", "primary", "start"]);
    assert_eq!(primary["primary"], true);
    assert_eq!(primary["message"], "not in the action catalog");
    assert_eq!(first["notes"], serde_json::json!(["help: did you mean `send_email`?"]));
}

#[test]
fn json_output_of_a_clean_project_is_an_empty_array() {
    let out = wf(&["check", &input("valid_spec_example.wf"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(json, serde_json::json!([]));
}

#[test]
fn duplicate_workflows_across_files_point_at_the_first() {
    let dir = scratch("duplicates");
    let a = dir.join("a.wf");
    let b = dir.join("b.wf");
    let body = "workflow \"Same\" {\n  object contact\n  enroll manually\n  send_email(\"x\")\n}\n";
    std::fs::write(&a, body).expect("write a");
    std::fs::write(&b, body).expect("write b");
    let out = wf(&["check", &a.display().to_string(), &b.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[E0309]"), "{stderr}");
    assert!(stderr.contains("first defined here"), "{stderr}");
    assert!(stderr.contains("a.wf") && stderr.contains("b.wf"), "{stderr}");
}

#[test]
fn explain_prints_a_code_and_rejects_unknown_ones() {
    let out = wf(&["explain", "E0201"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("E0201: unknown action"), "{stdout}");
    assert!(stdout.contains("send_email(\"welcome\")"), "{stdout}");

    let out = wf(&["explain", "w0004"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("unused `let`"));

    let out = wf(&["explain", "E9999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown diagnostic code `E9999`"));
}

#[test]
fn the_examples_check_clean_with_and_without_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples directory")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().and_then(|e| e.to_str()) == Some("wf"))
        .map(|path| path.display().to_string())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "examples/*.wf exist");
    let mut args: Vec<&str> = vec!["check"];
    args.extend(files.iter().map(String::as_str));
    let out = wf(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no problems found"), "{}", text(&out.stderr));

    let schema = dir.join("schema.json").display().to_string();
    args.extend(["--schema", schema.as_str()]);
    let out = wf(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no problems found"), "{}", text(&out.stderr));
}
