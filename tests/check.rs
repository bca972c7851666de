//! Checker snapshot tests: every `tests/inputs/check_errors/*.wf` is checked
//! and its diagnostics (rendered without colour) pinned beside its source.
//! `NAME.schema.json` beside an input is its `--schema`; a first line
//! `# plans: a, b` gives its `--plan`.

use std::collections::BTreeSet;
use std::path::Path;

use wf::check::CheckOptions;
use wf::diagnostics::{self, Diagnostic, Sources};

/// Checks one input file the way `wf check` would.
fn check_input(path: &Path) -> (Sources, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).expect("input is readable UTF-8");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("input.wf")
        .to_string();
    let plans: Vec<String> = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("# plans:"))
        .map(|list| list.split(',').map(|p| p.trim().to_string()).collect())
        .unwrap_or_default();
    let schema_path = path.with_extension("schema.json");
    let schema_text = std::fs::read_to_string(&schema_path).ok();
    let schema_name = schema_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("schema.json");
    let options = CheckOptions::load(schema_text.as_deref().map(|t| (schema_name, t)), &plans)
        .expect("the input's schema and plans load");
    let mut sources = Sources::new();
    sources.add(name, text);
    let report = wf::check_sources(&sources, &options);
    (sources, report.diagnostics)
}

#[test]
fn check_errors() {
    insta::glob!("inputs/check_errors/*.wf", |path| {
        let (sources, diagnostics) = check_input(path);
        let source = &sources.get(0).text;
        let rendered = diagnostics::render_plain(&sources, &diagnostics);
        let summary = diagnostics::summary(&diagnostics);
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{source}\n----- DIAGNOSTICS\n{rendered}{summary}\n"
        ));
    });
}

#[test]
fn valid_inputs_check_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/check_errors");
    for entry in std::fs::read_dir(&dir).expect("inputs directory") {
        let path = entry.expect("entry").path();
        let is_valid = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("valid_") && n.ends_with(".wf"));
        if is_valid {
            let (sources, diagnostics) = check_input(&path);
            assert!(
                diagnostics.is_empty(),
                "{} should check clean:\n{}",
                path.display(),
                diagnostics::render_plain(&sources, &diagnostics)
            );
        }
    }
}

#[test]
fn every_checker_code_is_explained_and_exercised() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/check_errors");
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("inputs directory") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("wf") {
            let (_, diagnostics) = check_input(&path);
            seen.extend(diagnostics.iter().map(|d| d.code));
        }
    }
    for info in diagnostics::check::CODES {
        assert!(!info.title.trim().is_empty(), "{} has no title", info.code);
        assert!(
            info.explanation.trim().len() > 80,
            "{} needs an explanation with an example",
            info.code
        );
        assert!(
            seen.contains(info.code),
            "no input of tests/inputs/check_errors produces {}",
            info.code
        );
    }
    let all = diagnostics::all_codes();
    let unique: BTreeSet<&str> = all.iter().map(|info| info.code).collect();
    assert_eq!(unique.len(), all.len(), "diagnostic codes must be unique");
    let listed: BTreeSet<&str> = diagnostics::check::CODES.iter().map(|info| info.code).collect();
    for code in &seen {
        assert!(
            listed.contains(code) || code.starts_with("E00"),
            "{code} is produced but has no explanation"
        );
    }
}
