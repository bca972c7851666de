//! `wf fmt` through the built binary: rewriting in place, `--check`,
//! `--diff`, `-`, folders, and files with syntax errors left untouched.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const UGLY: &str = "workflow \"A\" {object contact\n enroll manually   # why\nsend_email( \"a\" )}\n";
const PRETTY: &str = "workflow \"A\" {\n  object contact\n  enroll manually # why\n  send_email(\"a\")\n}\n";
const BROKEN: &str = "workflow \"B\" { object contact\n  send_email(\"a\"\n}\n";

fn wf(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the wf binary runs")
}

fn wf_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the wf binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wf finishes")
}

/// A fresh scratch directory of this test holding `files`.
fn scratch(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-cli-fmt-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("scratch directory");
        std::fs::write(path, text).expect("scratch file");
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("readable")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn files_are_rewritten_in_place_only_when_they_change() {
    let dir = scratch("rewrite", &[("ugly.wf", UGLY), ("pretty.wf", PRETTY)]);
    let before = std::fs::metadata(dir.join("pretty.wf"))
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = wf(&["fmt", "ugly.wf", "pretty.wf"], &dir);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(read(&dir, "ugly.wf"), PRETTY);
    assert_eq!(read(&dir, "pretty.wf"), PRETTY);
    let after = std::fs::metadata(dir.join("pretty.wf"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "an unchanged file is not rewritten");
}

#[test]
fn check_lists_the_files_that_would_change_and_writes_nothing() {
    let dir = scratch("check", &[("ugly.wf", UGLY), ("pretty.wf", PRETTY)]);
    let out = wf(&["fmt", "--check", "ugly.wf", "pretty.wf"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "ugly.wf\n");
    assert_eq!(read(&dir, "ugly.wf"), UGLY);
    let clean = wf(&["fmt", "--check", "pretty.wf"], &dir);
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty());
}

#[test]
fn diff_prints_a_unified_diff_and_exits_1_only_on_a_difference() {
    let dir = scratch("diff", &[("ugly.wf", UGLY), ("pretty.wf", PRETTY)]);
    let out = wf(&["fmt", "--diff", "ugly.wf"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(
        diff.starts_with("--- ugly.wf\n+++ ugly.wf\n@@ -1,3 +1,5 @@\n"),
        "{diff}"
    );
    assert!(diff.contains("\n-send_email( \"a\" )}\n"), "{diff}");
    assert!(diff.contains("\n+  send_email(\"a\")\n"), "{diff}");
    assert_eq!(read(&dir, "ugly.wf"), UGLY, "--diff writes nothing");
    let clean = wf(&["fmt", "--diff", "pretty.wf"], &dir);
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty());
}

#[test]
fn a_file_with_syntax_errors_is_not_touched() {
    let dir = scratch("broken", &[("broken.wf", BROKEN), ("ugly.wf", UGLY)]);
    let out = wf(&["fmt", "broken.wf", "ugly.wf"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[E00") && stderr.contains("broken.wf:2:"),
        "{stderr}"
    );
    assert_eq!(read(&dir, "broken.wf"), BROKEN);
    assert_eq!(read(&dir, "ugly.wf"), PRETTY, "the other files are still formatted");
}

#[test]
fn dash_reads_standard_input_and_writes_standard_output() {
    let out = wf_stdin(&["fmt", "-"], UGLY);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), PRETTY);
    let crlf = wf_stdin(&["fmt", "-"], &UGLY.replace('\n', "\r\n"));
    assert_eq!(text(&crlf.stdout), PRETTY.replace('\n', "\r\n"));
    let check = wf_stdin(&["fmt", "--check", "-"], UGLY);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(text(&check.stdout), "<stdin>\n");
    let broken = wf_stdin(&["fmt", "-"], BROKEN);
    assert_eq!(broken.status.code(), Some(1));
    assert!(broken.stdout.is_empty());
    assert!(text(&broken.stderr).contains("<stdin>:2:"), "{}", text(&broken.stderr));
}

#[test]
fn a_folder_means_every_wf_file_below_it() {
    let dir = scratch(
        "folder",
        &[
            ("flows/a.wf", UGLY),
            ("flows/deep/b.wf", UGLY),
            ("flows/.hidden/c.wf", UGLY),
            ("flows/target/d.wf", UGLY),
            ("flows/notes.txt", UGLY),
        ],
    );
    let out = wf(&["fmt", "--check", "flows"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "flows/a.wf\nflows/deep/b.wf\n");
}

#[test]
fn without_files_the_project_of_wf_toml_is_formatted() {
    let dir = scratch(
        "manifest",
        &[
            ("wf.toml", "[project]\nfiles = [\"flows/**/*.wf\"]\n"),
            ("flows/a.wf", UGLY),
            ("other/b.wf", UGLY),
        ],
    );
    let out = wf(&["fmt"], &dir.join("other"));
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(read(&dir, "flows/a.wf"), PRETTY);
    assert_eq!(read(&dir, "other/b.wf"), UGLY, "only the project's files");
    let lonely = scratch("no-manifest", &[("a.wf", UGLY)]);
    let none = wf(&["fmt"], &lonely);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("no files given and no `wf.toml`"));
}

#[test]
fn input_problems_exit_2() {
    let dir = scratch("input", &[("ugly.wf", UGLY)]);
    let missing = wf(&["fmt", "missing.wf"], &dir);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read `missing.wf`"));
}
