//! `wf check --fix`: applies the certain fixes (`wf::fix`), rewrites the
//! files that changed, and reports what is left in the chosen format.

use std::path::PathBuf;
use std::process::ExitCode;

use wf::check::CheckOptions;
use wf::diagnostics::Sources;

use super::super::{DiagnosticFormat, exit};

/// Fixes the project read from `files` (in the order of `sources`), writes
/// the files that changed, and prints the diagnostics that are left.
pub fn run(files: &[PathBuf], sources: &Sources, options: &CheckOptions, format: DiagnosticFormat) -> ExitCode {
    if files.iter().any(|path| path.as_os_str() == "-") {
        return super::super::input_error(
            "`--fix` rewrites files, so it cannot fix standard input; give the file's path instead",
        );
    }
    let outcome = wf::fix::fix_project(sources, options);
    for file in outcome.changed() {
        let path = &files[file];
        if let Err(error) = std::fs::write(path, &outcome.sources.get(file).text) {
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
            files[file].display()
        );
    }
    super::print_diagnostics(&outcome.sources, &outcome.report.diagnostics, format);
    if outcome.report.has_errors() {
        ExitCode::from(exit::SOURCE_ERRORS)
    } else {
        ExitCode::from(exit::OK)
    }
}
