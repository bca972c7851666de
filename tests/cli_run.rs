//! `wf run` through the built binary: exit codes, the trace on stdout, and one
//! clear message naming the file (and line) for every malformed input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SOURCE: &str = r#"workflow "Hello" {
  object contact
  enroll when email is known
  send_email("hi {{email}}")
  delay 1 day
  send_email("again")
}
"#;

const RECORDS: &str = r#"[
  {"id": "c1", "object": "contact", "properties": {"email": "a@x.se"}}
]"#;

/// A scratch folder with the files of one test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("wf-cli-run-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn wf(args: &[&Path], flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wf"))
        .arg("run")
        .args(args)
        .args(flags)
        .output()
        .expect("the binary runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const START: [&str; 2] = ["--start", "2026-11-27T08:00:00Z"];

#[test]
fn a_run_prints_the_jsonl_trace_when_piped() {
    let s = Scratch::new("ok");
    let wf_file = s.file("hello.wf", SOURCE);
    let records = s.file("r.json", RECORDS);
    let out = wf(
        &[&wf_file],
        &["--records", &records.to_string_lossy(), START[0], START[1]],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        concat!(
            "{\"at\":\"2026-11-27T08:00:00Z\",\"workflow\":\"Hello\",\"record\":\"c1\",\"event\":\"enrolled\"}\n",
            "{\"at\":\"2026-11-27T08:00:00Z\",\"workflow\":\"Hello\",\"record\":\"c1\",\"event\":\"action\",\"action\":\"send_email\",\"args\":{\"email\":\"hi a@x.se\"}}\n",
            "{\"at\":\"2026-11-27T08:00:00Z\",\"workflow\":\"Hello\",\"record\":\"c1\",\"event\":\"delayed\",\"until\":\"2026-11-28T08:00:00Z\",\"reason\":\"delay\"}\n",
            "{\"at\":\"2026-11-28T08:00:00Z\",\"workflow\":\"Hello\",\"record\":\"c1\",\"event\":\"action\",\"action\":\"send_email\",\"args\":{\"email\":\"again\"}}\n",
            "{\"at\":\"2026-11-28T08:00:00Z\",\"workflow\":\"Hello\",\"record\":\"c1\",\"event\":\"finished\"}\n",
        )
    );
    let human = wf(
        &[&wf_file],
        &[
            "--records",
            &records.to_string_lossy(),
            START[0],
            START[1],
            "--format",
            "human",
        ],
    );
    assert_eq!(code(&human), 0);
    let text = stdout(&human);
    assert!(text.contains("Friday 2026-11-27 08:00 +00:00  UTC"), "{text}");
    assert!(text.contains("send_email(email: \"hi a@x.se\")"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when piped: {text}");
}

#[test]
fn until_cuts_the_run() {
    let s = Scratch::new("until");
    let wf_file = s.file("hello.wf", SOURCE);
    let records = s.file("r.json", RECORDS);
    let r = records.to_string_lossy();
    let out = wf(
        &[&wf_file],
        &["--records", &r, START[0], START[1], "--until", "2026-11-27T12:00:00Z"],
    );
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).lines().count(), 3);
    let out = wf(
        &[&wf_file],
        &["--records", &r, START[0], START[1], "--until", "2026-11-26T12:00:00Z"],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("`--until`"), "{}", stderr(&out));
}

#[test]
fn sources_with_errors_exit_1() {
    let s = Scratch::new("errors");
    let wf_file = s.file(
        "bad.wf",
        "workflow \"Bad\" {\n  object contact\n  enroll when score > 1\n  send_emial(\"x\")\n}\n",
    );
    let records = s.file("r.json", RECORDS);
    let out = wf(
        &[&wf_file],
        &["--records", &records.to_string_lossy(), START[0], START[1]],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("E0201"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

/// Runs the good program over one malformed input; returns the exit code and stderr.
fn malformed(name: &str, file: &str, text: &str, flag: &str) -> (i32, String) {
    let s = Scratch::new(name);
    let wf_file = s.file("hello.wf", SOURCE);
    let records = s.file("r.json", RECORDS);
    let bad = s.file(file, text);
    let mut flags = vec!["--records".to_string(), records.to_string_lossy().into_owned()];
    if flag == "--records" {
        flags = vec![];
    }
    flags.extend([flag.to_string(), bad.to_string_lossy().into_owned()]);
    flags.extend(START.iter().map(|s| s.to_string()));
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let out = wf(&[&wf_file], &flags);
    (code(&out), stderr(&out))
}

#[test]
fn malformed_inputs_exit_2_naming_file_and_line() {
    let cases = [
        (
            "records-json",
            "bad.json",
            "[\n  {\"id\": \"c1\",\n   \"object\": }\n]",
            "--records",
            "line 3",
        ),
        (
            "records-dup",
            "bad.json",
            "[{\"id\": \"c1\", \"object\": \"contact\"},\n {\"id\": \"c1\", \"object\": \"contact\"}]",
            "--records",
            "line 2: duplicate record id `c1`",
        ),
        (
            "records-shape",
            "bad.json",
            "{\"id\": \"c1\"}",
            "--records",
            "must be a JSON array",
        ),
        (
            "records-value",
            "bad.json",
            "[\n{\"id\": \"c1\", \"object\": \"contact\", \"properties\": {\"tags\": [1]}}]",
            "--records",
            "line 2: property `tags`",
        ),
        (
            "events-json",
            "bad.jsonl",
            "{\"at\": \"2026-11-28T08:00:00Z\", \"delete\": \"c1\"}\n{\"at\": ",
            "--events",
            "line 2: malformed JSON",
        ),
        (
            "events-record",
            "bad.jsonl",
            "\n\n{\"at\": \"2026-11-28T08:00:00Z\", \"record\": \"c9\", \"event\": \"x\"}",
            "--events",
            "line 3: no record `c9`",
        ),
        (
            "events-at",
            "bad.jsonl",
            "{\"at\": \"yesterday\", \"delete\": \"c1\"}",
            "--events",
            "line 1: `at` is not an RFC 3339 instant",
        ),
        (
            "events-early",
            "bad.jsonl",
            "{\"at\": \"2020-01-01T00:00:00Z\", \"delete\": \"c1\"}",
            "--events",
            "line 1: 2020-01-01T00:00:00Z is before the start",
        ),
        (
            "mocks",
            "bad.json",
            "{\"webhook\": 200}",
            "--mock",
            "the mock of `webhook`",
        ),
        ("mocks-json", "bad.json", "{\n\"webhook\": ", "--mock", "line 2"),
    ];
    for (name, file, text, flag, needle) in cases {
        let (code, err) = malformed(name, file, text, flag);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(file), "{name}: the message names the file: {err}");
        assert!(err.contains(needle), "{name}: expected `{needle}` in: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{name}: one message: {err}");
    }
}

#[test]
fn problems_deep_in_a_large_records_file_keep_their_lines() {
    // More than one chunk of the streaming reader (256 KiB): the problem is
    // found after thousands of records were added, and still named exactly.
    let record = |i: usize| {
        format!(
            "{{\"id\": \"c{i}\", \"object\": \"contact\", \"properties\": {{\"score\": {i}, \"note\": \"{}\"}}}}",
            "x".repeat(60)
        )
    };
    let many: Vec<String> = (0..5_000).map(record).collect();
    let late_duplicate = format!("[\n{},\n{}\n]\n", many.join(",\n"), record(17));
    let (code, err) = malformed("late-dup", "big.json", &late_duplicate, "--records");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 5002: duplicate record id `c17`"), "{err}");
    let late_syntax = format!("[\n{},\n{{\"id\": \"c9999\" \"object\": 1}}\n]\n", many.join(",\n"));
    let (code, err) = malformed("late-json", "big.json", &late_syntax, "--records");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("line 5002: malformed JSON"), "{err}");
}

#[test]
fn bad_flags_and_files_exit_2() {
    let s = Scratch::new("flags");
    let wf_file = s.file("hello.wf", SOURCE);
    let records = s.file("r.json", RECORDS);
    let r = records.to_string_lossy();
    let out = wf(&[&wf_file], &["--records", &r, "--start", "tomorrow"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("`--start`"), "{}", stderr(&out));
    let missing = s.0.join("missing.json");
    let out = wf(&[&wf_file], &["--records", &missing.to_string_lossy()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
    let wfc = s.file("broken.wfc", "not a compiled program");
    let out = wf(&[&wfc], &["--records", &r]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("broken.wfc"), "{}", stderr(&out));
    let out = wf(&[&wfc, &wf_file], &["--records", &r]);
    assert_eq!(code(&out), 2);
    let out = wf(&[&wf_file], &["--records", &r, "--format", "xml"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn a_compiled_program_runs_like_its_sources() {
    let s = Scratch::new("wfc");
    let wf_file = s.file("hello.wf", SOURCE);
    let records = s.file("r.json", RECORDS);
    let r = records.to_string_lossy();
    let wfc = s.0.join("hello.wfc");
    let compiled = Command::new(env!("CARGO_BIN_EXE_wf"))
        .arg("compile")
        .arg(&wf_file)
        .arg("-o")
        .arg(&wfc)
        .output()
        .expect("the binary runs");
    assert_eq!(code(&compiled), 0, "{}", stderr(&compiled));
    let from_source = wf(&[&wf_file], &["--records", &r, START[0], START[1]]);
    let from_wfc = wf(&[&wfc], &["--records", &r, START[0], START[1]]);
    assert_eq!(code(&from_wfc), 0, "{}", stderr(&from_wfc));
    assert_eq!(stdout(&from_source), stdout(&from_wfc));
}

/// `--tz` picks the zone of the human trace: `utc` in any case or an IANA
/// name; an unknown name is exit 2 with the closest zone suggested.
#[test]
fn tz_picks_the_zone_of_the_human_trace() {
    let s = Scratch::new("tz");
    let wf_file = s.file(
        "hello.wf",
        &SOURCE.replace("object contact", "object contact\n  timezone \"Europe/Stockholm\""),
    );
    let records = s.file("records.json", RECORDS);
    let r = records.to_string_lossy();
    let run = |tz: Option<&str>| {
        let mut flags = vec!["--records", &r, START[0], START[1], "--format", "human"];
        if let Some(tz) = tz {
            flags.extend(["--tz", tz]);
        }
        wf(&[&wf_file], &flags)
    };
    let own = run(None);
    assert_eq!(code(&own), 0, "{}", stderr(&own));
    assert!(
        stdout(&own).contains("Friday 2026-11-27 09:00 +01:00  Europe/Stockholm"),
        "{}",
        stdout(&own)
    );
    for zone in ["utc", "UTC"] {
        let utc = run(Some(zone));
        assert_eq!(code(&utc), 0, "{}", stderr(&utc));
        assert!(
            stdout(&utc).contains("Friday 2026-11-27 08:00 +00:00  UTC"),
            "{}",
            stdout(&utc)
        );
        assert!(!stdout(&utc).contains("+01:00"), "{}", stdout(&utc));
    }
    let ny = run(Some("America/New_York"));
    assert!(
        stdout(&ny).contains("Friday 2026-11-27 03:00 -05:00  America/New_York"),
        "{}",
        stdout(&ny)
    );
    let typo = run(Some("Europe/Stokholm"));
    assert_eq!(code(&typo), 2);
    assert!(stdout(&typo).is_empty(), "{}", stdout(&typo));
    assert!(
        stderr(&typo).contains("unknown time zone `Europe/Stokholm`"),
        "{}",
        stderr(&typo)
    );
    assert!(
        stderr(&typo).contains("did you mean `Europe/Stockholm`?"),
        "{}",
        stderr(&typo)
    );
    let nonsense = run(Some("Nowhere"));
    assert_eq!(code(&nonsense), 2);
    assert!(stderr(&nonsense).contains("`utc`"), "{}", stderr(&nonsense));
}
