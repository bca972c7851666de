//! `wf check --fix`: applies the certain fixes (`wf::fix`), rewrites the
//! files that changed, and reports what is left in the chosen format.

use std::path::PathBuf;
use std::process::ExitCode;

use wf::check::CheckOptions;
use wf::diagnostics::Sources;

use super::super::{DiagnosticFormat, exit};

/// Fixes the project, writes the files that changed (each to the path it
/// was read from: its name in `sources`), and prints the diagnostics left.
pub fn run(files: &[PathBuf], sources: &Sources, options: &CheckOptions, format: DiagnosticFormat) -> ExitCode {
    let stdin = |name: &str| name == "-" || name.starts_with('<');
    if files.iter().any(|path| path.as_os_str() == "-") || sources.iter().any(|(_, source)| stdin(&source.name)) {
        return super::super::input_error(
            "`--fix` rewrites files, so it cannot fix standard input; give the file's path instead",
        );
    }
    let outcome = wf::fix::fix_project(sources, options);
    let path = |file: usize| PathBuf::from(&outcome.sources.get(file).name);
    for file in outcome.changed() {
        let path = path(file);
        if let Err(error) = std::fs::write(&path, &outcome.sources.get(file).text) {
            return super::super::input_error(format!(
                "cannot write `{}`: {error}; check that the file is writable",
                path.display()
            ));
        }
        let count = outcome.applied[file];
        eprintln!(
            "fixed {count} problem{} in `{}`",
            if count == 1 { "" } else { "s" },
            path.display()
        );
    }
    for &file in &outcome.refused {
        eprintln!(
            "note: fixes for `{}` were not applied: the fixed text would not parse",
            path(file).display()
        );
    }
    super::print_diagnostics(&outcome.sources, &outcome.report.diagnostics, format);
    if outcome.report.has_errors() {
        ExitCode::from(exit::SOURCE_ERRORS)
    } else {
        ExitCode::from(exit::OK)
    }
}
