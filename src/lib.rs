//! `wf`: a textual language for CRM workflow automation — parse, check,
//! compile to verified bytecode, and simulate workflows over records.
//!
//! The pipeline flows one way: [`syntax`] -> [`check`] -> [`compile`] ->
//! [`vm`] / [`engine`]. Errors are data until [`diagnostics`] renders them;
//! a diagnostic may carry fixes, which [`fix`] applies (`wf check --fix`).
//! A file with syntax errors still yields every workflow that parsed
//! ([`parse_file`]), and those are checked.
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
pub mod fix;
pub mod graph;
pub(crate) mod hash;
pub mod import;
pub mod lsp;
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
use source::{FileId, SourceText, Sources};

/// The outcome of parsing and checking a project.
#[derive(Clone, Debug)]
pub struct CheckReport {
    /// Every file as far as it parsed: the workflows without syntax errors,
    /// and the broken parts of the others.
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

/// Parses every file of a project as far as it goes (one [`ParsedFile`] per
/// file, in order) and returns the syntax errors as diagnostics.
pub fn parse_sources(sources: &Sources) -> (Vec<ParsedFile>, Vec<Diagnostic>) {
    let mut files = Vec::with_capacity(sources.len());
    let mut errors = Vec::new();
    for (file, source) in sources.iter() {
        let (parsed, syntax_errors) = parse_file(file, source);
        errors.extend(syntax_errors);
        files.push(parsed);
    }
    (files, errors)
}

/// Parses one file of a project as far as it goes: its partial AST (every
/// workflow without a syntax error, and the broken parts) and its syntax
/// errors as diagnostics. A file that is not UTF-8 is broken as a whole.
pub fn parse_file(file: FileId, source: &SourceText) -> (ParsedFile, Vec<Diagnostic>) {
    if let Some(offset) = source.invalid_utf8 {
        let span = syntax::span::Span::new(offset, offset + 1);
        let error = diagnostics::syntax::to_diagnostic(file, &syntax::SyntaxError::InvalidUtf8 { span });
        let whole = syntax::BrokenWorkflow {
            span: syntax::span::Span::new(0, source.text.len()),
            name: None,
        };
        let parsed = ParsedFile {
            file,
            ast: syntax::ast::SourceFile::default(),
            broken: vec![whole],
        };
        return (parsed, vec![error]);
    }
    let partial = syntax::parse_partial(&source.text);
    let errors = partial
        .errors
        .iter()
        .map(|e| diagnostics::syntax::to_diagnostic(file, e))
        .collect();
    let parsed = ParsedFile {
        file,
        ast: partial.ast,
        broken: partial.broken,
    };
    (parsed, errors)
}

/// Parses and checks a project. Every workflow that parsed is checked, also
/// when other workflows or files have syntax errors; only the checks that
/// need a broken part are skipped (an `enroll in workflow` naming a workflow
/// that is defined in a broken part is not reported as unknown).
pub fn check_sources(sources: &Sources, options: &CheckOptions) -> CheckReport {
    let (files, mut diagnostics) = parse_sources(sources);
    diagnostics.extend(check_project(&files, options));
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
