//! `wf`: a textual language for CRM workflow automation — parse, check,
//! compile to verified bytecode, and simulate workflows over records.
//!
//! The pipeline flows one way: [`syntax`] -> [`check`] -> [`compile`] ->
//! [`vm`] / [`engine`]. Errors are data until [`diagnostics`] renders them.
//!
//! ```
//! use wf::source::Sources;
//! use wf::engine::{Engine, EngineOptions, HistoryEntry, RecordingHandler};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut sources = Sources::new();
//! sources.add("nurture.wf", std::fs::read_to_string("examples/lead_nurture.wf")?);
//! let report = wf::check_sources(&sources, &Default::default()); // diagnostics as data
//! assert!(!report.has_errors());
//! let program = wf::compile_project(&report.files, &sources) // verified bytecode
//!     .map_err(|_| "compile errors")?;
//! let start = wf::engine::input::parse_instant("2026-11-27T08:00:00Z").ok_or("bad instant")?;
//! let mut lines = Vec::new();
//! let sink = |entry: &HistoryEntry| lines.push(wf::engine::history::jsonl_line(entry));
//! let mut engine = Engine::new(program, RecordingHandler::default(), sink, EngineOptions { start, seed: 0 });
//! // engine.add_record(…), engine.push_event(…), then advance the virtual clock:
//! engine.run_until(start + chrono::Duration::days(30));
//! drop(engine);
//! assert!(lines.is_empty(), "no records, no history");
//! # Ok(())
//! # }
//! ```

pub use chrono;

pub mod catalog;
pub mod check;
pub mod compile;
pub mod diagnostics;
pub mod engine;
pub mod fmt;
pub(crate) mod hash;
pub mod project;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod time;
pub mod value;
pub mod vm;

use check::{CheckOptions, ParsedFile};
use compile::Program;
use diagnostics::Diagnostic;
use source::Sources;

/// The outcome of parsing and checking a project.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// The files that parsed.
    pub files: Vec<ParsedFile>,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        diagnostics::counts(&self.diagnostics).0 > 0
    }
}

/// Parses every file of a project; a file with syntax errors is left out of
/// the result and its errors are returned.
pub fn parse_sources(sources: &Sources) -> (Vec<ParsedFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (file, source) in sources.iter() {
        if let Some(offset) = source.invalid_utf8 {
            let span = syntax::span::Span::new(offset, offset + 1);
            errors.push(diagnostics::syntax::to_diagnostic(
                file,
                &syntax::SyntaxError::InvalidUtf8 { span },
            ));
            continue;
        }
        match syntax::parse(&source.text) {
            Ok(ast) => files.push(ParsedFile { file, ast }),
            Err(syntax_errors) => {
                errors.extend(
                    syntax_errors
                        .iter()
                        .map(|e| diagnostics::syntax::to_diagnostic(file, e)),
                );
            }
        }
    }
    (files, errors)
}

/// Parses and checks a project. Project-wide checks (such as unknown
/// `enroll in workflow` targets) run only when every file parsed, so a syntax
/// error does not cause follow-on noise.
pub fn check_sources(sources: &Sources, options: &CheckOptions) -> CheckReport {
    let (files, mut diagnostics) = parse_sources(sources);
    if diagnostics.is_empty() {
        diagnostics.extend(check_project(&files, options));
    }
    diagnostics::sort(&mut diagnostics);
    CheckReport { files, diagnostics }
}

/// Checks a parsed project; the diagnostics come unsorted.
pub fn check_project(files: &[ParsedFile], options: &CheckOptions) -> Vec<Diagnostic> {
    check::check_problems(files, options)
        .iter()
        .map(diagnostics::check::to_diagnostic)
        .collect()
}

/// Compiles a checked project (the caller runs the checker first and stops
/// on its errors). Errors, such as placeholders, come back as diagnostics.
pub fn compile_project(files: &[ParsedFile], sources: &Sources) -> Result<Program, Vec<Diagnostic>> {
    compile::compile_files(files, sources)
        .map_err(|errors| errors.iter().map(diagnostics::compile::to_diagnostic).collect())
}
