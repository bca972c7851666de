//! Parser snapshot tests. Every `tests/inputs/parse/*.wf` is parsed and its
//! AST, printed as S-expressions, pinned beside its source; every
//! `tests/inputs/syntax_errors/*.wf` must fail to parse, and its diagnostics
//! (rendered without colour) are pinned beside its source.

use std::path::Path;

use wf::check::CheckOptions;
use wf::diagnostics::{self, Sources};
use wf::syntax::{parse, print::print};

fn read(path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path).expect("input is readable UTF-8");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("input.wf")
        .to_string();
    (name, text)
}

#[test]
fn parse_inputs() {
    insta::glob!("inputs/parse/*.wf", |path| {
        let (_, source) = read(path);
        let ast = match parse(&source) {
            Ok(file) => print(&file),
            Err(errors) => panic!("{} does not parse: {errors:#?}", path.display()),
        };
        insta::assert_snapshot!(format!("----- SOURCE\n{source}\n----- AST\n{ast}"));
    });
}

#[test]
fn syntax_errors() {
    insta::glob!("inputs/syntax_errors/*.wf", |path| {
        let (name, source) = read(path);
        let errors = match parse(&source) {
            Ok(_) => panic!("{} parses but should not", path.display()),
            Err(errors) => errors,
        };
        let mut sources = Sources::new();
        let file = sources.add(name, source.clone());
        let diagnostics: Vec<_> = errors
            .iter()
            .map(|error| diagnostics::syntax::to_diagnostic(file, error))
            .collect();
        let rendered = diagnostics::render_plain(&sources, &diagnostics);
        let summary = diagnostics::summary(&diagnostics);
        // Where the errors carry fixes that repair the file, the fixed text.
        let outcome = wf::fix::fix_project(&sources, &CheckOptions::default());
        let fixed = if outcome.applied[file] > 0 {
            assert!(parse(&outcome.sources.get(file).text).is_ok());
            format!("----- FIXED\n{}\n", outcome.sources.get(file).text)
        } else {
            String::new()
        };
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{source}\n----- DIAGNOSTICS\n{rendered}{summary}\n{fixed}"
        ));
    });
}

/// Every example script parses (the checker tests that they also check).
#[test]
fn examples_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("examples/ exists").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "wf") {
            let (_, source) = read(&path);
            assert!(
                parse(&source).is_ok(),
                "{} does not parse: {:?}",
                path.display(),
                parse(&source).err()
            );
            count += 1;
        }
    }
    assert!(count >= 1);
}
