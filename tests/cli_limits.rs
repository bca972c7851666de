//! The limits that keep `wf` finite (issue 11, LANGUAGE.md §12.12), through
//! the built binary: fan-out cascades, records created across instants,
//! string growth, long lists and templates, instants past 9999 (and past
//! 2099 in a zone with daylight-saving time), huge durations, big files.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A scratch folder with the files of one test.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("wf-cli-limits-{}-{name}", std::process::id()));
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

/// Runs `wf ARGS…`, killed after `limit` (a hang fails the test, it does not
/// hang the suite); returns the output and the time it took.
fn wf_within(args: &[&str], limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_wf"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let id = child.id();
    let watchdog = std::thread::spawn(move || {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            // SAFETY: kill(2) with signal 0 only asks whether the process exists.
            if unsafe { libc::kill(id as libc::pid_t, 0) } != 0 {
                return false;
            }
        }
        // SAFETY: the child is ours; SIGKILL ends it if it is still running.
        unsafe { libc::kill(id as libc::pid_t, libc::SIGKILL) };
        true
    });
    let output = child.wait_with_output().expect("wait for wf");
    let elapsed = started.elapsed();
    drop(watchdog);
    assert!(elapsed < limit, "`wf {}` ran for more than {limit:?}", args.join(" "));
    (output, elapsed)
}

fn wf(args: &[&str]) -> Output {
    wf_within(args, Duration::from_secs(300)).0
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The trace's lines, parsed.
fn trace(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON: {line}: {e}")))
        .collect()
}

fn event(line: &serde_json::Value) -> &str {
    line["event"].as_str().unwrap_or_default()
}

fn message(line: &serde_json::Value) -> &str {
    line["message"].as_str().unwrap_or_default()
}

const ONE_CONTACT: &str = r#"[{"id": "c1", "object": "contact", "properties": {"email": "ana@example.se"}}]"#;

/// `wf run FILE --records R --start … --format jsonl EXTRA…`
fn run(s: &Scratch, source: &str, extra: &[&str]) -> Output {
    let file = s.file("project.wf", source);
    let records = s.file("records.json", ONE_CONTACT);
    let (file, records) = (text(&file), text(&records));
    let mut args = vec![
        "run",
        &file,
        "--records",
        &records,
        "--start",
        "2026-01-01T00:00:00Z",
        "--format",
        "jsonl",
    ];
    args.extend_from_slice(extra);
    wf_within(&args, Duration::from_secs(120)).0
}

#[test]
fn a_cascade_that_fans_out_is_cut_off_by_the_budget_of_its_input() {
    // Every enrollment creates two records that enroll: 2^depth enrollments
    // if only depth limited it.
    let s = Scratch::new("fan-out");
    let out = run(
        &s,
        r#"workflow "Fan out" {
  object contact
  enroll when email is known
  create_record(object: "contact", properties: {email: "a@example.se"})
  create_record(object: "contact", properties: {email: "b@example.se"})
}
"#,
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = trace(&out);
    let cut: Vec<_> = lines
        .iter()
        .filter(|l| event(l) == "error" && message(l).starts_with("cascade cut off"))
        .collect();
    assert!(!cut.is_empty(), "no cut-off error");
    assert!(message(cut[0]).contains("10000"), "{}", message(cut[0]));
    // The work done is bounded by the budget, whatever the fan-out.
    let done = lines
        .iter()
        .filter(|l| matches!(event(l), "enrolled" | "action" | "set" | "clear"))
        .count();
    assert!(done <= 2 * 10_000 + 10, "{done} lines of work");
    assert!(lines.len() < 40_000, "{} lines", lines.len());
    // Records created and enrolled before the cut-off did their work.
    assert!(lines.iter().filter(|l| event(l) == "enrolled").count() > 1_000);
}

#[test]
fn growth_across_instants_stops_at_the_limit_on_created_records() {
    // A wake every hour creates two records that enroll and wake an hour later.
    let s = Scratch::new("growth");
    let source = r#"workflow "Grow" {
  object contact
  enroll when email is known
  delay 1 hour
  create_record(object: "contact", properties: {email: "a@example.se"})
  create_record(object: "contact", properties: {email: "b@example.se"})
}
"#;
    let out = run(&s, source, &["--max-created", "100"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = trace(&out);
    // c1 and the 100 records the actions were allowed to create.
    let enrolled = lines.iter().filter(|l| event(l) == "enrolled").count();
    assert_eq!(enrolled, 101);
    let refused: Vec<_> = lines
        .iter()
        .filter(|l| event(l) == "error" && l["action"] == "create_record")
        .collect();
    assert!(!refused.is_empty());
    assert!(message(refused[0]).contains("--max-created"), "{}", message(refused[0]));
    // The run ended: every enrollment finished.
    let finished = lines.iter().filter(|l| event(l) == "finished").count();
    assert_eq!(finished, 101);

    // A limit that is not a number is a usage error.
    let bad = run(&s, source, &["--max-created", "many"]);
    assert_eq!(code(&bad), 2, "{}", stderr(&bad));
}

#[test]
fn no_string_grows_past_65536_characters() {
    let s = Scratch::new("strings");
    // 14 doublings of a 14-character address: 229,376 characters.
    let doublings = "  set lead_status = lead_status + lead_status\n".repeat(14);
    let source = format!(
        r#"workflow "Grow" {{
  object contact
  enroll when email is known
  set lead_status = email
{doublings}  send_email(email: "{{{{lead_status}}}}{{{{lead_status}}}}")
  set city = replace(lead_status, "a", lead_status)
  set score = length(lead_status)
  set city = "still running"
}}
"#
    );
    let out = run(&s, &source, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = trace(&out);
    let too_long = lines
        .iter()
        .filter(|l| event(l) == "error" && message(l).contains("more than 65,536 characters"))
        .count();
    // Two doublings past 65,536 (14 * 2^13 = 114,688), the template, `replace`.
    assert_eq!(too_long, 4, "{}", stdout(&out));
    for line in &lines {
        if let Some(value) = line["value"].as_str() {
            assert!(value.chars().count() <= 65_536);
        }
    }
    // The steps that failed did not take effect: the last good value stays.
    let score = lines.iter().rev().find(|l| l["property"] == "score");
    assert_eq!(score.map(|l| l["value"].clone()), Some(serde_json::json!(14 * 4096)));
    assert!(!lines.iter().any(|l| event(l) == "action"), "the email was sent");
    let city = lines.iter().rev().find(|l| l["property"] == "city");
    assert_eq!(city.map(|l| l["value"].clone()), Some("still running".into()));
    assert_eq!(lines.last().map(|l| event(l).to_string()), Some("finished".to_string()));
}

/// A workflow whose condition reads a list of `n` property values and whose
/// step renders a template of `n` placeholders.
fn long_lists_and_templates(n: usize) -> String {
    let items = vec!["score"; n].join(", ");
    let template = "{{email}}".repeat(n);
    format!(
        "workflow \"Long\" {{\n  object contact\n  enroll when score in [{items}]\n  \
         set lead_status = \"{template}\"\n  set city = \"done\"\n}}\n"
    )
}

#[test]
fn long_lists_and_many_templates_compile_in_linear_time() {
    let s = Scratch::new("long");
    let records = s.file(
        "records.json",
        r#"[{"id": "c1", "object": "contact", "properties": {"email": "a", "score": 1}}]"#,
    );
    let mut times = Vec::new();
    for n in [17_500, 70_000] {
        let file = s.file(&format!("long{n}.wf"), &long_lists_and_templates(n));
        let wfc = s.0.join(format!("long{n}.wfc"));
        let (check, _) = wf_within(&["check", &text(&file)], Duration::from_secs(300));
        assert_eq!(code(&check), 0, "{}", stderr(&check));
        let (compile, took) = wf_within(&["compile", &text(&file), "-o", &text(&wfc)], Duration::from_secs(300));
        assert_eq!(code(&compile), 0, "{}", stderr(&compile));
        times.push(took);
        // The compiled program verifies and runs.
        let args = [
            "run",
            &text(&wfc),
            "--records",
            &text(&records),
            "--start",
            "2026-01-01T00:00:00Z",
            "--format",
            "jsonl",
        ];
        let (out, _) = wf_within(&args, Duration::from_secs(300));
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let lines = trace(&out);
        assert_eq!(event(&lines[0]), "enrolled", "{}", stdout(&out));
        let status = lines.iter().find(|l| l["property"] == "lead_status");
        if n <= 65_536 {
            assert_eq!(status.and_then(|l| l["value"].as_str()).map(str::len), Some(n));
        } else {
            // `a` 70,000 times is past the string limit: an error, no change.
            assert!(status.is_none());
            assert!(lines.iter().any(|l| message(l).contains("65,536")));
        }
        assert!(lines.iter().any(|l| l["property"] == "city"));
    }
    // Four times the items: about four times the time (a quadratic compiler
    // would take sixteen); generous against a busy machine.
    assert!(times[1] < times[0] * 10 + Duration::from_secs(3), "{times:?}");
}

#[test]
fn instants_never_leave_the_trace_format() {
    let s = Scratch::new("year-9999");
    let out = run(
        &s,
        r#"workflow "Ten thousand years" {
  object contact
  enroll when email is known
  set close_date = today + 2914000 days
  set renewal_date = now + 2914000 days
  delay 3652425 days
  send_email(email: "never")
}

workflow "Last second" {
  object contact
  enroll when email is known
  delay until 9999-12-31T23:59:59Z
  send_email(email: "at the end of time")
}
"#,
        &["--until", "2026-01-02T00:00:00Z"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = trace(&out);
    let instant = |text: &str| {
        let b = text.as_bytes();
        text.len() == 20 && b[4] == b'-' && b[10] == b'T' && b[19] == b'Z' && b[..4].iter().all(u8::is_ascii_digit)
    };
    for line in &lines {
        assert!(instant(line["at"].as_str().unwrap_or_default()), "{line}");
        if let Some(until) = line["until"].as_str() {
            assert!(instant(until), "{line}");
        }
    }
    let of =
        |workflow: &str| -> Vec<&serde_json::Value> { lines.iter().filter(|l| l["workflow"] == workflow).collect() };
    let far = of("Ten thousand years");
    // Date arithmetic past 9999-12-31 gives unknown.
    assert_eq!(far[1]["value"], serde_json::Value::Null, "{}", far[1]);
    assert_eq!(far[2]["value"], serde_json::Value::Null, "{}", far[2]);
    assert_eq!(event(far[3]), "error");
    assert!(message(far[3]).contains("9999-12-31T23:59:59Z"), "{}", message(far[3]));
    assert_eq!(event(far[4]), "unenrolled");
    assert_eq!(far.len(), 5);
    let last = of("Last second");
    assert_eq!(last[1]["until"], "9999-12-31T23:59:59Z");
}

#[test]
fn stockholm_in_july_2101_is_refused_rather_than_an_hour_off() {
    // chrono-tz's tables end in 2099: Stockholm would stay on winter time.
    let s = Scratch::new("stockholm-2101");
    let out = run(
        &s,
        r#"workflow "Stockholm" {
  object contact
  timezone "Europe/Stockholm"
  enroll when email is known
  delay until 2099-07-01 at 09:00
  delay until 2101-07-01 at 09:00
  send_email(email: "midsummer")
}

workflow "UTC" {
  object contact
  enroll when email is known
  delay until 2101-07-01 at 09:00
  send_email(email: "midsummer")
}
"#,
        &["--until", "2100-01-01T00:00:00Z"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = trace(&out);
    let of =
        |workflow: &str| -> Vec<&serde_json::Value> { lines.iter().filter(|l| l["workflow"] == workflow).collect() };
    let stockholm = of("Stockholm");
    // 2099 is in the tables: 09:00 CEST is 07:00 UTC.
    assert_eq!(stockholm[1]["until"], "2099-07-01T07:00:00Z");
    assert_eq!(event(stockholm[2]), "error", "{stockholm:?}");
    assert!(
        message(stockholm[2]).contains("`Europe/Stockholm`"),
        "{}",
        message(stockholm[2])
    );
    assert_eq!(event(stockholm[3]), "unenrolled");
    assert_eq!(stockholm.len(), 4);
    // A zone without daylight-saving time is exact after 2099.
    assert_eq!(of("UTC")[1]["until"], "2101-07-01T09:00:00Z");
}

#[test]
fn a_duration_that_does_not_fit_is_a_located_error() {
    let s = Scratch::new("duration");
    let file = s.file(
        "d.wf",
        "workflow \"D\" {\n  object contact\n  enroll when email is known\n  delay 9223372036854775807 weeks\n}\n",
    );
    let out = wf(&["check", &text(&file), "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let diagnostics: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON diagnostics");
    let first = &diagnostics[0];
    assert_eq!(first["code"], "E0116");
    assert_eq!(
        first["message"],
        "the duration `9223372036854775807 weeks` is longer than 10,000 years"
    );
    assert_eq!(first["start"]["line"], 4);
    assert_eq!(first["start"]["column"], 9);
    assert_eq!(first["end"]["column"], 34);
    let explain = wf(&["explain", "E0116"]);
    assert_eq!(code(&explain), 0);
    assert!(stdout(&explain).contains("delay 9223372036854775807 weeks"));
    // The largest duration that fits is fine.
    let ok = s.file(
        "ok.wf",
        "workflow \"D\" {\n  object contact\n  enroll when email is known\n  delay 3652425 days\n}\n",
    );
    assert_eq!(code(&wf(&["check", &text(&ok)])), 0);
}

/// A generated project of about `bytes` bytes: real workflows padded with
/// long comments and strings (a debug build parses dense code slowly).
fn generated_project(bytes: usize) -> String {
    let pad = "x".repeat(3_000);
    let mut out = String::with_capacity(bytes + 10_000);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&format!(
            "workflow \"W{i}\" {{\n  object contact\n  enroll when score > {i} and lead_status != \"s{i}\"\n  \
             # {pad}\n  set lead_status = \"s{i}\"\n  delay 2 days\n  if score > 50 {{\n    \
             send_email(email: \"{pad}\")\n  }} else {{\n    increment score by 5\n  }}\n}}\n"
        ));
        i += 1;
    }
    out
}

#[test]
fn a_10_mb_file_checks_and_a_larger_one_is_refused_with_advice() {
    let s = Scratch::new("big-file");
    let quarter = s.file("quarter.wf", &generated_project(2_500_000));
    let (out, quarter_took) = wf_within(&["check", &text(&quarter)], Duration::from_secs(300));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let big = s.file("big.wf", &generated_project(10_000_000));
    let (out, took) = wf_within(&["check", &text(&big)], Duration::from_secs(600));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        took < quarter_took * 10 + Duration::from_secs(5),
        "{quarter_took:?} then {took:?}"
    );
    drop(std::fs::remove_file(&big));

    // Past the limit in megabytes: one located error that says how to split.
    let huge = s.0.join("huge.wf");
    let mut file = std::fs::File::create(&huge).expect("create");
    let chunk = generated_project(1_000_000);
    for _ in 0..17 {
        file.write_all(chunk.as_bytes()).expect("write");
    }
    drop(file);
    let (out, took) = wf_within(&["check", &text(&huge)], Duration::from_secs(120));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("E0021") && err.contains("more than 16 MB"), "{err}");
    assert!(err.contains("split the workflows into several files"), "{err}");
    assert!(took < Duration::from_secs(60), "refusing took {took:?}");
}
