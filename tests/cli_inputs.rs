//! Hostile inputs through the built binary: each gets a diagnostic and the
//! right exit code, never a panic.

use std::process::Command;

fn wf_check(name: &str, bytes: &[u8]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("wf-cli-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write input");
    let out = Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("run wf");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn binary_garbage_is_a_located_diagnostic() {
    let mut bytes = b"workflow \"x\" { object contact ".to_vec();
    bytes.extend([0xff, 0xfe, 0x00, 0x80]);
    let (code, stdout, stderr) = wf_check("garbage.wf", &bytes);
    assert_eq!(code, 1, "stderr: {stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json array");
    assert_eq!(json[0]["code"], "E0022");
    assert_eq!(json[0]["start"]["offset"], 30);
    assert_eq!(json[0]["start"]["column"], 31);
}

#[test]
fn nul_bytes_and_empty_files_are_errors_not_crashes() {
    let (code, stdout, _) = wf_check("nul.wf", b"workflow \"x\" {\0}");
    assert_eq!(code, 1);
    assert!(stdout.contains("\"severity\": \"error\""), "{stdout}");
    let (code, stdout, _) = wf_check("empty.wf", b"");
    assert_eq!(code, 1);
    assert!(stdout.contains("\"severity\": \"error\""), "{stdout}");
}

#[test]
fn very_deep_nesting_is_an_error() {
    let source = format!(
        "workflow \"x\" {{ object contact enroll when {}a{} }}",
        "(".repeat(20_000),
        ")".repeat(20_000)
    );
    let (code, stdout, _) = wf_check("deep.wf", source.as_bytes());
    assert_eq!(code, 1);
    assert!(
        stdout.contains("\"code\": \"E0005\""),
        "{}",
        &stdout[..stdout.len().min(500)]
    );
}

#[test]
fn unreadable_file_is_an_input_problem() {
    let out = Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(["check", "/nonexistent/nowhere.wf"])
        .output()
        .expect("run wf");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nowhere.wf"), "{stderr}");
}
