//! CLI.md 0.2's everyday conveniences through the built binary: `--color`,
//! `--deny-warnings`, `--format github|sarif`, dates for `--start`/`--until`,
//! `wf completions`, `wf actions`, and what `wf compile` says it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wf_env(args: &[&str], no_color: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wf"));
    command.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    if no_color {
        command.env("NO_COLOR", "1");
    } else {
        command
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
    }
    command.output().expect("the wf binary runs")
}

fn wf(args: &[&str]) -> Output {
    wf_env(args, true)
}

fn check_input(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/inputs/check_errors")
        .join(name)
        .display()
        .to_string()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const ESC: &str = "\u{1b}[";

#[test]
fn color_always_colours_even_with_no_color_and_never_does_not() {
    let broken = check_input("e0201_unknown_action.wf");
    let always = wf(&["--color", "always", "check", &broken]);
    assert_eq!(always.status.code(), Some(1));
    assert!(text(&always.stderr).contains(ESC), "{}", text(&always.stderr));
    // The flag is global: it may follow the subcommand too.
    let after = wf(&["check", "--color", "always", &broken]);
    assert!(text(&after.stderr).contains(ESC));
    for args in [vec!["--color", "never", "check", &broken], vec!["check", &broken]] {
        // `auto` (the default) on a pipe, without NO_COLOR: no colour either.
        let out = wf_env(&args, false);
        assert_eq!(out.status.code(), Some(1));
        assert!(!text(&out.stderr).contains(ESC), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("error[E0201]"));
    }
    let bad = wf(&["--color", "sometimes", "check", &broken]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn deny_warnings_turns_warnings_into_exit_1() {
    let warned = check_input("w0003_branch_without_else.wf");
    assert_eq!(wf(&["check", &warned]).status.code(), Some(0));
    let denied = wf(&["check", "--deny-warnings", &warned]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(
        text(&denied.stderr).contains("warnings are denied"),
        "{}",
        text(&denied.stderr)
    );
    let clean = wf(&["check", "--deny-warnings", &check_input("valid_spec_example.wf")]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
}

#[test]
fn github_format_prints_one_annotation_per_diagnostic() {
    let out = wf(&["check", "--format", "github", &check_input("e0201_unknown_action.wf")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    let file = check_input("e0201_unknown_action.wf");
    assert_eq!(
        lines[0],
        format!(
            "::error file={file},line=4,col=3,endLine=4,endColumn=13,title=E0201::unknown action \
             `send_emial`%0Ahelp: did you mean `send_email`?"
        )
    );
    let warned = wf(&[
        "check",
        "--format",
        "github",
        &check_input("w0003_branch_without_else.wf"),
    ]);
    assert!(
        text(&warned.stdout).starts_with("::warning file="),
        "{}",
        text(&warned.stdout)
    );
}

#[test]
fn sarif_format_is_a_sarif_2_1_0_log() {
    // Relative names stay relative URI references.
    let file = "tests/inputs/check_errors/e0302_duplicate_label.wf";
    let out = wf(&[
        "check",
        "--format",
        "sarif",
        file,
        &check_input("w0003_branch_without_else.wf"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "wf");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().expect("an id")).collect();
    assert_eq!(ids, vec!["E0302", "W0003"]);
    assert_eq!(rules[0]["shortDescription"]["text"], "duplicate label");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let error = &results[0];
    assert_eq!(error["ruleId"], "E0302");
    assert_eq!(error["level"], "error");
    assert_eq!(
        rules[error["ruleIndex"].as_u64().expect("an index") as usize]["id"],
        "E0302"
    );
    let location = &error["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], file);
    let absolute = results_uri(&run["results"][1]);
    assert!(absolute.starts_with("file:///"), "{absolute}");
    assert_eq!(location["region"]["startLine"], 7);
    assert_eq!(location["region"]["startColumn"], 5);
    assert_eq!(error["relatedLocations"][0]["message"]["text"], "first used here");
    assert_eq!(results[1]["level"], "warning");
    assert_eq!(results[1]["ruleId"], "W0003");
}

fn results_uri(result: &serde_json::Value) -> String {
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("a uri")
        .to_string()
}

#[test]
fn start_and_until_take_dates_at_midnight_utc() {
    let out = wf(&[
        "run",
        "examples/lead_nurture.wf",
        "--records",
        "examples/contacts.json",
        "--start",
        "2026-11-27",
        "--until",
        "2026-11-30",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(!lines.is_empty());
    assert_eq!(lines[0]["at"], "2026-11-27T00:00:00Z");
    assert!(
        lines
            .iter()
            .all(|l| l["at"].as_str().expect("an instant") <= "2026-11-30T00:00:00Z")
    );
    for bad in ["2026-13-01", "2026-1-5", "27/11/2026"] {
        let out = wf(&[
            "run",
            "examples/lead_nurture.wf",
            "--records",
            "examples/contacts.json",
            "--start",
            bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(text(&out.stderr).contains("or `2026-11-27`"), "{}", text(&out.stderr));
    }
}

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = wf(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        for subcommand in ["check", "compile", "run", "actions", "completions"] {
            assert!(script.contains(subcommand), "{shell} lacks {subcommand}");
        }
        assert!(script.contains("deny-warnings"), "{shell} completes flags");
    }
    assert_eq!(wf(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn actions_lists_the_catalog() {
    let out = wf(&["actions"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains(ESC), "no colour on a pipe");
    let names: Vec<&str> = wf::catalog::names().collect();
    for name in &names {
        assert!(
            stdout.lines().any(|l| l.split_whitespace().next() == Some(name)),
            "{name}"
        );
    }
    let json: serde_json::Value = serde_json::from_slice(&wf(&["actions", "--format", "json"]).stdout).expect("JSON");
    let listed: Vec<&str> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|a| a["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(listed, names);
}

#[test]
fn actions_shows_one_action_in_full() {
    let out = wf(&["actions", "rotate_owner"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("users     list  optional"), "{stdout}");
    assert!(stdout.contains("owner: str"), "{stdout}");
    assert!(stdout.contains("`sales-pro`"), "{stdout}");
    assert!(stdout.contains("exactly one of `users`, `team`"), "{stdout}");

    let out = wf(&["actions", "create_task", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["name"], "create_task");
    assert_eq!(json["parameters"][0]["name"], "title");
    assert_eq!(json["parameters"][0]["required"], true);
    let priority = json["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "priority")
        .expect("a priority parameter");
    assert_eq!(priority["values"], serde_json::json!(["low", "medium", "high"]));
    assert_eq!(json["outputs"][0], serde_json::json!({"name": "id", "type": "str"}));
    assert_eq!(json["plans"], serde_json::json!([]), "every plan");

    let gated: serde_json::Value =
        serde_json::from_slice(&wf(&["actions", "send_sms", "--format", "json"]).stdout).expect("JSON");
    let spec = wf::catalog::lookup("send_sms").expect("in the catalog");
    let plans: Vec<String> = gated["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .map(|p| p.as_str().expect("a plan").to_string())
        .collect();
    assert!(!plans.is_empty());
    for plan in &plans {
        let parsed = wf::catalog::parse_plans(std::slice::from_ref(plan)).expect("a plan name");
        assert!(parsed.satisfies(spec.requires), "{plan}");
    }
}

#[test]
fn an_unknown_action_is_exit_2_with_a_suggestion() {
    let out = wf(&["actions", "send_emial"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: unknown action `send_emial`; did you mean `send_email`?\n"
    );
    let out = wf(&["actions", "zzzz"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("run `wf actions` to list every action"));
}

/// A fresh scratch directory of this test process.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wf-cli-conv-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn compile_says_what_it_wrote() {
    let dir = scratch("wrote");
    let output = dir.join("out.wfc");
    let out = wf(&[
        "compile",
        "examples/lead_nurture.wf",
        "-o",
        &output.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let size = std::fs::metadata(&output).expect("written").len();
    let stderr = text(&out.stderr);
    let expected_size = if size < 1024 {
        format!("{size} bytes")
    } else {
        format!("{:.1} KiB", size as f64 / 1024.0)
    };
    let source = std::fs::read_to_string("examples/lead_nurture.wf").expect("the example");
    let workflows = source.lines().filter(|l| l.starts_with("workflow ")).count();
    assert_eq!(
        stderr,
        format!(
            "wrote `{}` ({expected_size}, {workflows} workflows)\n",
            output.display()
        )
    );
    assert!(out.stdout.is_empty());
}
