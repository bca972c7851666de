//! One broken file hides nothing else (issue 10): a file with syntax errors
//! keeps every workflow that parsed, every file and workflow that parses is
//! checked, and names defined in broken parts are not "unknown".

use wf::check::CheckOptions;
use wf::diagnostics::{Diagnostic, Sources};
use wf::syntax::parse_partial;

fn check(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut sources = Sources::new();
    for (name, text) in files {
        sources.add(*name, *text);
    }
    wf::check_sources(&sources, &CheckOptions::default()).diagnostics
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<(usize, &'static str)> {
    diagnostics.iter().map(|d| (d.primary.file, d.code)).collect()
}

const BROKEN_AND_GOOD: &str = r#"workflow "Broken" {
  object contact
  enroll manually
  if score > 10 && country == "SE" { stop }
}

workflow "Good" {
  object contact
  enroll manually
  send_emial("x")
}
"#;

const ENROLLS: &str = r#"workflow "Other" {
  object contact
  enroll manually
  enroll in workflow "Broken"
  enroll in workflow "Good"
  enroll in workflow "Missing"
  create_task(titel: "x")
}
"#;

#[test]
fn every_workflow_that_parses_is_checked() {
    let diagnostics = check(&[("a.wf", BROKEN_AND_GOOD), ("b.wf", ENROLLS)]);
    assert_eq!(
        codes(&diagnostics),
        [(0, "E0024"), (0, "E0201"), (1, "E0307"), (1, "E0202")],
        "{diagnostics:#?}"
    );
    // The one unknown workflow is the one no file defines.
    let unknown = diagnostics.iter().find(|d| d.code == "E0307").expect("E0307");
    assert_eq!(unknown.message, "unknown workflow `Missing`");
}

#[test]
fn the_partial_ast_keeps_the_workflows_that_parsed() {
    let parsed = parse_partial(BROKEN_AND_GOOD);
    let names: Vec<&str> = parsed.ast.workflows.iter().map(|w| w.name.value.as_str()).collect();
    assert_eq!(names, ["Good"]);
    assert_eq!(parsed.broken.len(), 1);
    let broken = &parsed.broken[0];
    assert_eq!(broken.name.as_ref().map(|n| n.value.as_str()), Some("Broken"));
    assert_eq!(
        &BROKEN_AND_GOOD[broken.name.as_ref().expect("name").span.range()],
        "\"Broken\""
    );
    assert!(BROKEN_AND_GOOD[broken.span.range()].starts_with("workflow \"Broken\""));
    assert!(BROKEN_AND_GOOD[broken.span.range()].ends_with('}'));
    assert_eq!(parsed.errors.len(), 1);
    // The same file through `parse`: the errors, no AST.
    assert_eq!(wf::syntax::parse(BROKEN_AND_GOOD).err(), Some(parsed.errors));
}

#[test]
fn a_part_whose_name_cannot_be_read_silences_unknown_workflows_only() {
    let nameless = "workflow {\n  object contact\n}\n";
    let diagnostics = check(&[("a.wf", nameless), ("b.wf", ENROLLS)]);
    assert_eq!(codes(&diagnostics), [(0, "E0001"), (1, "E0202")], "{diagnostics:#?}");
    // A file that is not UTF-8 is broken as a whole, and checked no further.
    let mut sources = Sources::new();
    sources.add_bytes("bin.wf", vec![0xff, 0xfe, b'x']);
    sources.add("b.wf", ENROLLS);
    let report = wf::check_sources(&sources, &CheckOptions::default());
    assert_eq!(codes(&report.diagnostics), [(0, "E0022"), (1, "E0202")]);
}

#[test]
fn a_broken_workflow_still_counts_for_duplicate_names() {
    let diagnostics = check(&[("a.wf", BROKEN_AND_GOOD), ("b.wf", BROKEN_AND_GOOD)]);
    let duplicates: Vec<_> = diagnostics.iter().filter(|d| d.code == "E0309").collect();
    assert_eq!(duplicates.len(), 2, "{diagnostics:#?}");
    assert!(duplicates.iter().all(|d| d.primary.file == 1));
}

#[test]
fn lexical_and_builder_errors_spoil_only_their_workflow() {
    let source = r#"workflow "Open string" {
  object contact
  enroll manually
  send_email("never closed)
}

workflow "Bad date" {
  object contact
  enroll manually
  delay until 2026-1-1
}

workflow "Checked" {
  object contact
  enroll manually
  send_emial("x")
}
"#;
    let parsed = parse_partial(source);
    let names: Vec<&str> = parsed.ast.workflows.iter().map(|w| w.name.value.as_str()).collect();
    assert_eq!(names, ["Checked"]);
    let broken: Vec<&str> = parsed
        .broken
        .iter()
        .filter_map(|b| b.name.as_ref().map(|n| n.value.as_str()))
        .collect();
    assert_eq!(broken, ["Open string", "Bad date"]);
    let diagnostics = check(&[("a.wf", source)]);
    assert_eq!(
        codes(&diagnostics),
        [(0, "E0002"), (0, "E0008"), (0, "E0201")],
        "{diagnostics:#?}"
    );
}

/// A `}` missing from one workflow does not swallow the next: a
/// `workflow "…"` at the start of a line starts a new one.
#[test]
fn a_missing_brace_does_not_swallow_the_next_workflow() {
    let source = r#"workflow "Unclosed" {
  object contact
  enroll manually
  if score > 10 {
    send_email("x")
  send_email("y")

workflow "Next" {
  object contact
  enroll manually
  send_emial("x")
  enroll in
  workflow "Unclosed"
}
"#;
    let diagnostics = check(&[("a.wf", source)]);
    assert_eq!(codes(&diagnostics), [(0, "E0030"), (0, "E0201")], "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].primary.span.start as usize,
        source.find("if score").expect("if")
    );
}
