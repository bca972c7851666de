//! `wf check --fix`: applies the certain fixes (`wf::fix`), rewrites the
//! files that changed, and reports what is left in the chosen format.

use std::path::PathBuf;
use std::process::ExitCode;

use wf::check::CheckOptions;
use wf::diagnostics::Sources;
use wf::project::Project;

use super::super::{DiagnosticFormat, exit};

/// Fixes the project, writes the files that changed (each to the path it
/// was read from), and prints the diagnostics left.
pub fn run(project: &Project, sources: &Sources, options: &CheckOptions, format: DiagnosticFormat) -> ExitCode {
    if project.reads_stdin() {
        return super::super::input_error(
            "`--fix` rewrites files, so it cannot fix standard input; give the file's path instead",
        );
    }
    let outcome = wf::fix::fix_project(sources, options);
    let path = |file: usize| {
        project
            .files
            .get(file)
            .and_then(|f| f.path.clone())
            .unwrap_or_else(|| PathBuf::from(&outcome.sources.get(file).name))
    };
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
