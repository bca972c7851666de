//! Compiler snapshot tests: every `tests/inputs/compile/*.wf` and every
//! `examples/*.wf` is checked, compiled and disassembled (`----- SOURCE`
//! then `----- BYTECODE`, or `----- DIAGNOSTICS` when compile refuses it),
//! and each compiled program survives the `.wfc` round trip unchanged.

use std::path::Path;

use wf::check::CheckOptions;
use wf::compile::{self, Program, wfc};
use wf::diagnostics::{self, Sources};

/// Checks and compiles one file: the program, or the rendered diagnostics.
fn compile_file(path: &Path) -> (String, Result<Program, String>) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let name = format!(
        "{}/{}",
        path.parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
    );
    let mut sources = Sources::new();
    sources.add(name, text.clone());
    let report = wf::check_sources(&sources, &CheckOptions::default());
    assert!(
        !report.has_errors(),
        "{} does not check:\n{}",
        path.display(),
        diagnostics::render_plain(&sources, &report.diagnostics)
    );
    let result = compile::compile_project(&report.files, &sources)
        .map_err(|errors| diagnostics::render_plain(&sources, &errors));
    (text, result)
}

/// The snapshot text, after checking the `.wfc` round trip.
fn snapshot(path: &Path) -> String {
    let (source, result) = compile_file(path);
    match result {
        Ok(program) => {
            let direct = program.to_string();
            let bytes = wfc::to_bytes(&program);
            assert_eq!(bytes, wfc::to_bytes(&program), "bytes differ between two writes");
            let loaded = wfc::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(
                loaded,
                program,
                "{}: the round trip changed the program",
                path.display()
            );
            assert_eq!(loaded.to_string(), direct);
            format!("----- SOURCE\n{source}\n----- BYTECODE\n{direct}")
        }
        Err(diagnostics) => format!("----- SOURCE\n{source}\n----- DIAGNOSTICS\n{diagnostics}"),
    }
}

#[test]
fn compile_inputs() {
    insta::glob!("inputs/compile/*.wf", |path| {
        insta::assert_snapshot!(snapshot(path));
    });
}

#[test]
fn compile_examples() {
    insta::glob!("../examples", "*.wf", |path| {
        insta::assert_snapshot!(snapshot(path));
    });
}

#[test]
fn compiling_twice_gives_identical_programs() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/compile/if_else.wf");
    let (_, first) = compile_file(&path);
    let (_, second) = compile_file(&path);
    let (first, second) = (
        first.unwrap_or_else(|e| panic!("{e}")),
        second.unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(wfc::to_bytes(&first), wfc::to_bytes(&second));
}

#[test]
fn placeholders_are_refused_with_one_error_each() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inputs/compile/placeholder.wf");
    let (_, result) = compile_file(&path);
    let rendered = result.err().unwrap_or_default();
    assert_eq!(rendered.matches("error[E0501]").count(), 2, "{rendered}");
}
