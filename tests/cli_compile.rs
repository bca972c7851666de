//! `wf compile` and `wf disasm` through the built binary: exit codes,
//! identical bytes on recompiling, `disasm` equal to `--emit disasm`, and
//! damaged files rejected with exit 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run wf: {e}"))
}

fn input(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/inputs/compile")
        .join(name)
        .display()
        .to_string()
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-cli-compile-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn compile_writes_identical_bytes_twice_and_disasm_matches_emit() {
    let dir = scratch("twice");
    let (a, b) = (dir.join("a.wfc"), dir.join("b.wfc"));
    for out in [&a, &b] {
        let output = wf(&["compile", &input("if_else.wf"), "-o", &out.display().to_string()]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert!(output.stdout.is_empty());
    }
    let (a_bytes, b_bytes) = (
        std::fs::read(&a).unwrap_or_default(),
        std::fs::read(&b).unwrap_or_default(),
    );
    assert!(!a_bytes.is_empty());
    assert_eq!(a_bytes, b_bytes);

    let disasm = wf(&["disasm", &a.display().to_string()]);
    assert_eq!(disasm.status.code(), Some(0), "{}", text(&disasm.stderr));
    let emitted = wf(&["compile", &input("if_else.wf"), "--emit", "disasm"]);
    assert_eq!(emitted.status.code(), Some(0));
    assert_eq!(text(&disasm.stdout), text(&emitted.stdout));
    assert!(text(&disasm.stdout).starts_with("== If else =="));
}

#[test]
fn compile_defaults_to_the_first_input_with_wfc() {
    let dir = scratch("default");
    let source = dir.join("nurture.wf");
    std::fs::copy(input("goto.wf"), &source).unwrap_or_else(|e| panic!("{e}"));
    let output = wf(&["compile", &source.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(dir.join("nurture.wfc").is_file());
}

#[test]
fn emit_json_prints_the_program() {
    let output = wf(&["compile", &input("split.wf"), "--emit", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(json["workflows"][0]["name"], "Split");
    assert_eq!(json["workflows"][0]["splits"][1]["position"], 1);
}

#[test]
fn several_files_make_one_project() {
    let dir = scratch("project");
    let (first, second) = (dir.join("first.wf"), dir.join("second.wf"));
    std::fs::write(
        &first,
        "workflow \"A\" {\n  object deal\n  enroll manually\n  enroll in workflow \"B\"\n}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &second,
        "workflow \"B\" {\n  object deal\n  enroll manually\n  stop\n}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = wf(&[
        "compile",
        &first.display().to_string(),
        &second.display().to_string(),
        "--emit",
        "disasm",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let disasm = text(&output.stdout);
    assert!(disasm.contains("EnrollIn      \"B\""), "{disasm}");
    assert!(disasm.contains("== B =="));
}

#[test]
fn placeholders_and_source_errors_exit_1() {
    let output = wf(&["compile", &input("placeholder.wf")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.matches("error[E0501]").count(), 2, "{stderr}");
    assert!(
        !stderr.contains("W0001"),
        "the checker's warning is replaced by the error: {stderr}"
    );
    assert!(!Path::new(&input("placeholder.wfc")).exists());

    let dir = scratch("errors");
    let bad = dir.join("bad.wf");
    std::fs::write(
        &bad,
        "workflow \"X\" {\n  object contact\n  enroll manually\n  send_emial(\"x\")\n}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = wf(&["compile", &bad.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("E0201"));
    assert!(!dir.join("bad.wfc").exists());
}

#[test]
fn unreadable_inputs_exit_2() {
    let output = wf(&["compile", "/nonexistent/x.wf"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("/nonexistent/x.wf"));
    let output = wf(&["disasm", "/nonexistent/x.wfc"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn damaged_files_exit_2_naming_the_file() {
    let dir = scratch("damaged");
    let good = dir.join("good.wfc");
    let output = wf(&["compile", &input("actions.wf"), "-o", &good.display().to_string()]);
    assert_eq!(output.status.code(), Some(0));
    let bytes = std::fs::read(&good).unwrap_or_default();

    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    let truncated = bytes[..bytes.len() - 10].to_vec();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("flipped.wfc", flipped, "checksum"),
        ("truncated.wfc", truncated, "truncated"),
        ("empty.wfc", Vec::new(), "not a compiled"),
        ("text.wfc", b"workflow \"x\" {}".to_vec(), "not a compiled"),
    ];
    for (name, content, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap_or_else(|e| panic!("{e}"));
        let output = wf(&["disasm", &path.display().to_string()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(name) && stderr.contains(expected), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one clear message: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

/// LANGUAGE.md 12.9: a gated action or object without the plan is an error,
/// so `compile --plan` refuses it (exit 1, no file); with the plans it compiles.
#[test]
fn compile_refuses_what_the_plans_lack() {
    let dir = scratch("plans");
    let source = dir.join("gated.wf");
    std::fs::write(
        &source,
        "workflow \"Gated\" {\n  object ticket\n  enroll manually\n  send_email(\"welcome\")\n}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = dir.join("gated.wfc");
    let (src, out) = (source.display().to_string(), output.display().to_string());
    let refused = wf(&["compile", &src, "-o", &out, "--plan", "sales-starter"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    let stderr = text(&refused.stderr);
    assert_eq!(stderr.matches("error[E0212]").count(), 2, "{stderr}");
    assert!(
        stderr.contains("a `ticket` workflow needs Service Hub Professional"),
        "{stderr}"
    );
    assert!(stderr.contains("gated.wf:4:3"), "{stderr}");
    assert!(!output.exists());
    let accepted = wf(&["compile", &src, "-o", &out, "--plan", "service-pro"]);
    assert_eq!(accepted.status.code(), Some(0), "{}", text(&accepted.stderr));
    assert!(output.exists());
    let _ = std::fs::remove_dir_all(&dir);
}
