//! The project file `wf.toml` and FILE arguments (TOOLING.md §1, CLI.md 0.2)
//! through the built binary: `wf.toml` found from a subfolder, its globs,
//! its exit-2 cases naming file, line and key, folders and `-` as FILE, and
//! flags winning over the file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `wf` in `cwd`, feeding `stdin` when given.
fn wf_in(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the wf binary runs");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(text.as_bytes()).expect("stdin is written");
    }
    child.wait_with_output().expect("wf finishes")
}

/// A fresh scratch directory of this test process.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-cli-project-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(path, text).expect("file written");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A clean workflow of a given name.
fn clean(name: &str) -> String {
    format!("workflow \"{name}\" {{\n  object contact\n  enroll manually\n  send_email(\"hi\")\n}}\n")
}

/// A workflow with one unknown action (E0201).
fn broken(name: &str) -> String {
    format!("workflow \"{name}\" {{\n  object contact\n  enroll manually\n  send_emial(\"hi\")\n}}\n")
}

/// A workflow that needs a plan other than `sales-starter` (`split`, E0212).
const GATED: &str = "workflow \"Gated\" {\n  object contact\n  enroll manually\n  split {\n    50% { send_email(\"a\") }\n    50% { send_email(\"b\") }\n  }\n}\n";

/// The `file` of every diagnostic of `wf check --format json`.
fn files_of(out: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON diagnostics");
    json.as_array()
        .expect("an array")
        .iter()
        .map(|d| d["file"].as_str().expect("a file").to_string())
        .collect()
}

#[test]
fn wf_toml_is_found_from_a_subfolder_and_its_globs_match_zero_or_more_folders() {
    let dir = scratch("subfolder");
    write(&dir, "wf.toml", "[project]\nfiles = [\"flows/**/*.wf\"]\n");
    write(&dir, "flows/a.wf", &broken("A"));
    write(&dir, "flows/deep/er/b.wf", &broken("B"));
    write(&dir, "other/c.wf", &broken("C"));
    std::fs::create_dir_all(dir.join("deep/x")).expect("folders");
    let out = wf_in(&dir.join("deep/x"), &["check", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    // Named from the current folder, sorted; `other/` is not in the globs.
    assert_eq!(files_of(&out), vec!["../../flows/a.wf", "../../flows/deep/er/b.wf"]);
}

#[test]
fn without_files_every_wf_below_is_taken_skipping_hidden_folders_and_target() {
    let dir = scratch("default");
    write(&dir, "wf.toml", "# nothing but comments\n");
    write(&dir, "z.wf", &broken("Z"));
    write(&dir, "flows/a.wf", &broken("A"));
    write(&dir, ".git/x.wf", &broken("X"));
    write(&dir, "target/y.wf", &broken("Y"));
    write(&dir, "notes.txt", "not a workflow");
    let out = wf_in(&dir, &["check", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert_eq!(files_of(&out), vec!["flows/a.wf", "z.wf"]);
}

#[test]
fn every_manifest_problem_is_exit_2_naming_the_file_line_and_key() {
    let cases = [
        (
            "[project]\nfiles = [\"*.wf\"]\nfilez = []\n",
            "line 3",
            "`project.filez`",
        ),
        (
            "[project]\nplans = \"sms\"\n",
            "line 2",
            "`project.plans` must be an array of strings, not a string",
        ),
        ("[project]\nschema = 3\n", "line 2", "`project.schema` must be a string"),
        (
            "\n[project]\nfiles = [\"*.wf\", \"nowhere/*.wf\"]\n",
            "line 3",
            "the glob `nowhere/*.wf` matches no file",
        ),
        ("[project]\nfiles = [\"a[\"]\n", "line 2", "invalid glob `a[`"),
        (
            "[sevre]\nlisten = \"x\"\n",
            "line 1",
            "unknown key `sevre` (did you mean `serve`?)",
        ),
        (
            "[serve]\nlisten = 8787\n",
            "line 2",
            "`serve.listen` must be a string, not an integer",
        ),
        ("[project\nfiles = []\n", "line 1", "fix the toml syntax"),
    ];
    for (manifest, line, key) in cases {
        let dir = scratch("problems");
        write(&dir, "wf.toml", manifest);
        write(&dir, "a.wf", &clean("A"));
        let out = wf_in(&dir, &["check"], None);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{manifest}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: `wf.toml` {line}: ")),
            "{manifest}: {stderr}"
        );
        assert!(
            stderr.to_lowercase().contains(&key.to_lowercase()),
            "{manifest}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
    }
}

#[test]
fn the_runtime_tables_of_wf_toml_are_accepted() {
    let dir = scratch("runtime");
    write(
        &dir,
        "wf.toml",
        "[project]\nfiles = [\"*.wf\"]\n\n[actions]\ndefault = \"http://127.0.0.1:9000/wf\"\n\
         \"slack.send_message\" = { url = \"https://chat.example.com/wf\", timeout = \"10s\", headers = { Authorization = \"env:CHAT_TOKEN\" } }\n\n\
         [serve]\nlisten = \"127.0.0.1:8787\"\nstate = \"wf-state.db\"\ntoken_file = \"secrets/wf-token\"\n\
         allow_hosts = [\"127.0.0.1:9000\"]\nmax_in_flight = 64\n\n[store]\nurl = \"postgres://localhost/wf\"\n",
    );
    write(&dir, "a.wf", &clean("A"));
    let out = wf_in(&dir, &["check"], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
}

#[test]
fn a_folder_argument_is_every_wf_below_it_sorted() {
    let dir = scratch("folder");
    write(&dir, "flows/b.wf", &broken("B"));
    write(&dir, "flows/a/c.wf", &broken("C"));
    write(&dir, "flows/.hidden/d.wf", &broken("D"));
    write(&dir, "flows/target/e.wf", &broken("E"));
    write(&dir, "flows/readme.md", "not a workflow");
    let out = wf_in(&dir, &["check", "--format", "json", "flows"], None);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert_eq!(files_of(&out), vec!["flows/a/c.wf", "flows/b.wf"]);

    write(&dir, "empty/notes.txt", "nothing");
    let out = wf_in(&dir, &["check", "empty"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no `.wf` files below `empty`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_symbolic_link_cycle_does_not_loop() {
    let dir = scratch("cycle");
    write(&dir, "flows/a.wf", &clean("A"));
    std::os::unix::fs::symlink(&dir, dir.join("flows/up")).expect("a symbolic link");
    let out = wf_in(&dir, &["check", "flows"], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
}

#[test]
fn the_same_file_named_twice_is_read_once() {
    let dir = scratch("twice");
    write(&dir, "flows/a.wf", &clean("A"));
    let out = wf_in(&dir, &["check", "flows", "flows/a.wf"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "no duplicate workflow: {}",
        text(&out.stderr)
    );
}

#[test]
fn dash_reads_standard_input_for_check_only() {
    let dir = scratch("stdin");
    let out = wf_in(&dir, &["check", "--format", "json", "-"], Some(&broken("S")));
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert_eq!(files_of(&out), vec!["<stdin>"]);

    let out = wf_in(&dir, &["check", "-"], Some(&clean("S")));
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));

    let out = wf_in(&dir, &["check", "-", "-"], Some(&clean("S")));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("more than once"), "{}", text(&out.stderr));

    let out = wf_in(&dir, &["compile", "-"], Some(&clean("S")));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`-` (standard input) is read only by"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn no_file_and_no_wf_toml_is_exit_2_saying_what_to_do() {
    let dir = scratch("nothing");
    for command in ["check", "compile", "run"] {
        let mut args = vec![command];
        if command == "run" {
            args.extend(["--records", "r.json"]);
        }
        let out = wf_in(&dir, &args, None);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("no files given and no `wf.toml`"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("create a `wf.toml`"), "{command}: {stderr}");
    }
}

#[test]
fn wf_toml_plans_apply_with_files_given_and_the_flag_wins() {
    let dir = scratch("plans");
    write(&dir, "wf.toml", "[project]\nplans = [\"sales-starter\"]\n");
    write(&dir, "gated.wf", GATED);
    // The file's plans apply although a FILE is given.
    let out = wf_in(&dir, &["check", "gated.wf"], None);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("E0212"), "{}", text(&out.stderr));
    // And with none.
    let out = wf_in(&dir, &["check"], None);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    // The flag wins.
    let out = wf_in(&dir, &["check", "--plan", "marketing-pro"], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
}

#[test]
fn wf_toml_schema_is_relative_to_wf_toml_and_the_flag_wins() {
    let dir = scratch("schema");
    write(
        &dir,
        "wf.toml",
        "[project]\nfiles = [\"flows/*.wf\"]\nschema = \"config/schema.json\"\n",
    );
    write(
        &dir,
        "config/schema.json",
        r#"{"objects": {"contact": {"properties": {"email": "string"}, "associations": []}}}"#,
    );
    write(
        &dir,
        "wide.json",
        r#"{"objects": {"contact": {"properties": {"email": "string", "score": "number"}, "associations": []}}}"#,
    );
    write(
        &dir,
        "flows/a.wf",
        "workflow \"A\" {\n  object contact\n  enroll when score > 50\n  send_email(\"hi\")\n}\n",
    );
    std::fs::create_dir_all(dir.join("flows")).expect("folders");
    // From a subfolder: the schema path is wf.toml's, not the current folder's.
    let out = wf_in(&dir.join("flows"), &["check"], None);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("`contact` has no property `score`"),
        "{}",
        text(&out.stderr)
    );
    let out = wf_in(&dir.join("flows"), &["check", "--schema", "../wide.json"], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
}

#[test]
fn compile_and_run_take_the_project_of_wf_toml() {
    let dir = scratch("compile-run");
    write(&dir, "wf.toml", "[project]\nfiles = [\"flows/*.wf\"]\n");
    write(&dir, "flows/a.wf", &clean("A"));
    write(
        &dir,
        "records.json",
        r#"[{"id": "c1", "object": "contact", "properties": {}}]"#,
    );
    let out = wf_in(&dir, &["compile", "--emit", "disasm"], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("== A =="), "{}", text(&out.stdout));

    let out = wf_in(&dir, &["compile"], None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let name = dir.file_name().expect("a name").to_string_lossy().into_owned();
    assert!(
        dir.join(format!("{name}.wfc")).is_file(),
        "compiled into the wf.toml folder"
    );

    let out = wf_in(
        &dir,
        &[
            "run",
            "--records",
            "records.json",
            "--start",
            "2026-12-01T00:00:00Z",
            "--format",
            "jsonl",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
}
