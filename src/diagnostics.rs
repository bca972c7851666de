//! The one place where stage errors become user-facing diagnostics: the
//! conversions live in `diagnostics/*.rs` (one file per stage), the rendering
//! (codespan-reporting for people, JSON for editors) here. No stage imports
//! this module: the driver (`lib.rs`) turns each stage's errors into
//! diagnostics. [`Sources`] and [`suggest`] live in the leaf modules
//! [`crate::source`] and [`crate::suggest`] and are re-exported here under
//! their 0.1 paths.

pub mod check;
pub mod ci;
pub mod compile;
pub mod import;
pub mod syntax;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

pub use crate::source::{FileId, SourceText, Sources};
pub use crate::suggest::{edit_distance, suggest, suggest_all};
use crate::syntax::span::Span;
pub use ci::{render_github, render_sarif};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A labelled place in a source file.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl Label {
    /// A label in `file` at `span`.
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Label {
        Label {
            file,
            span,
            message: message.into(),
        }
    }
}

/// A rendered-ready diagnostic: a stable code, a lowercase message naming
/// things in backticks, one primary label, secondary labels, and notes (each
/// note a full line, `help: …` for suggestions).
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    /// Mechanical repairs the tool is sure of (`wf check --fix` and editors apply them). Several fixes
    /// mean several equally good suggestions: `wf check --fix` applies a fix
    /// only when a diagnostic has exactly one.
    pub fixes: Vec<Fix>,
}

/// One repair of a diagnostic: a message (`replace with `send_email``) and
/// the text edits that make it, all in the diagnostic's sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

/// Replace the bytes of `span` in `file` with `text` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

impl Fix {
    /// A fix made of one edit.
    pub fn replace(message: impl Into<String>, file: FileId, span: Span, text: impl Into<String>) -> Fix {
        Fix {
            message: message.into(),
            edits: vec![Edit {
                file,
                span,
                text: text.into(),
            }],
        }
    }
}

impl Diagnostic {
    /// An error with its primary label.
    pub fn error(code: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            primary,
            secondary: Vec::new(),
            notes: Vec::new(),
            fixes: Vec::new(),
        }
    }

    /// A warning with its primary label.
    pub fn warning(code: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, primary)
        }
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, label: Label) -> Diagnostic {
        self.secondary.push(label);
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Adds a fix.
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    /// The notes, then one `help:` line per fix: what a person reads.
    pub fn help_lines(&self) -> Vec<String> {
        let fixes = self.fixes.iter().map(|fix| format!("help: {}", fix.message));
        self.notes.iter().cloned().chain(fixes).collect()
    }

    /// Adds `help: did you mean `x`?` when there is a suggestion.
    pub fn with_suggestion(self, suggestion: Option<&str>) -> Diagnostic {
        match suggestion {
            Some(s) => self.with_note(format!("help: did you mean `{s}`?")),
            None => self,
        }
    }
}

/// A stable diagnostic code with its one-line title and its explanation (a
/// paragraph and a wrong/right example), printed by `wf explain`.
#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
}

/// Every code of every stage, sorted by code.
pub fn all_codes() -> Vec<&'static CodeInfo> {
    let mut codes: Vec<&CodeInfo> = syntax::CODES
        .iter()
        .chain(check::CODES.iter())
        .chain(compile::CODES.iter())
        .chain(import::CODES.iter())
        .collect();
    codes.sort_by_key(|info| info.code);
    codes
}

/// Sorts diagnostics by file, then position, then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.primary.file, a.primary.span.start, a.primary.span.end, a.code).cmp(&(
            b.primary.file,
            b.primary.span.start,
            b.primary.span.end,
            b.code,
        ))
    });
}

/// Counts errors and warnings.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    (errors, diagnostics.len() - errors)
}

/// The closing summary line: `2 errors, 1 warning`, or `no problems found`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diagnostics);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems found".to_string(),
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// Lines longer than this are not quoted in a report: the label becomes a
/// note with the position, so a 10 MB line never floods the terminal.
const MAX_QUOTED_LINE: usize = 400;

/// The length in bytes of the line holding `offset`.
fn line_length(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    end - start
}

fn to_codespan(sources: &Sources, diagnostic: &Diagnostic) -> CsDiagnostic<FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    let all = std::iter::once((&diagnostic.primary, true)).chain(diagnostic.secondary.iter().map(|l| (l, false)));
    for (label, primary) in all {
        let source = sources.get(label.file);
        let length = line_length(&source.text, label.span.start as usize);
        if length > MAX_QUOTED_LINE {
            let (line, column) = position(&source.text, label.span.start as usize);
            let what = if label.message.is_empty() {
                String::new()
            } else {
                format!(": {}", label.message)
            };
            notes.push(format!(
                "at {}:{line}:{column}{what} (the line is {length} bytes long, too long to quote)",
                source.name
            ));
            continue;
        }
        let cs = if primary {
            CsLabel::primary(label.file, label.span.range())
        } else {
            CsLabel::secondary(label.file, label.span.range())
        };
        labels.push(cs.with_message(&label.message));
    }
    notes.extend(diagnostic.help_lines());
    CsDiagnostic::new(severity)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

fn codespan_files(sources: &Sources) -> SimpleFiles<&str, &str> {
    let mut files = SimpleFiles::new();
    for (_, source) in sources.iter() {
        files.add(source.name.as_str(), source.text.as_str());
    }
    files
}

/// Renders diagnostics as codespan reports without colour (for snapshots and
/// pipes), each followed by a blank line.
pub fn render_plain(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let files = codespan_files(sources);
    let config = term::Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let cs = to_codespan(sources, &clamp(sources, diagnostic));
        if term::emit_to_string(&mut out, &config, &files, &cs).is_err() {
            out.push_str(&format!(
                "{}[{}]: {}\n",
                severity_word(diagnostic.severity),
                diagnostic.code,
                diagnostic.message
            ));
        }
    }
    out
}

/// Writes diagnostics to stderr, in colour when asked.
pub fn emit_to_stderr(sources: &Sources, diagnostics: &[Diagnostic], color: bool) {
    use term::termcolor::{ColorChoice, StandardStream};
    let files = codespan_files(sources);
    let config = term::Config::default();
    let choice = if color { ColorChoice::Always } else { ColorChoice::Never };
    let stream = StandardStream::stderr(choice);
    let mut lock = stream.lock();
    let styles = term::Styles::default();
    let mut writer = term::StylesWriter::new(&mut lock, &styles);
    for diagnostic in diagnostics {
        let cs = to_codespan(sources, &clamp(sources, diagnostic));
        if term::emit_to_write_style(&mut writer, &config, &files, &cs).is_err() {
            eprintln!(
                "{}[{}]: {}",
                severity_word(diagnostic.severity),
                diagnostic.code,
                diagnostic.message
            );
        }
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Keeps every span inside its file and on character boundaries, so rendering
/// never fails on a span computed from odd input.
fn clamp(sources: &Sources, diagnostic: &Diagnostic) -> Diagnostic {
    let fix = |label: &Label| {
        let text = &sources.get(label.file).text;
        let mut start = (label.span.start as usize).min(text.len());
        let mut end = (label.span.end as usize).clamp(start, text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Label::new(label.file, Span::new(start, end), label.message.clone())
    };
    Diagnostic {
        primary: fix(&diagnostic.primary),
        secondary: diagnostic.secondary.iter().map(fix).collect(),
        ..diagnostic.clone()
    }
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: String,
    /// The label's file, only when it is not the diagnostic's own (a "first
    /// defined here" in another file of the project); the shape of docs/formats.md otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    start: JsonPosition,
    end: JsonPosition,
    primary: bool,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: &'a str,
    start: JsonPosition,
    end: JsonPosition,
    labels: Vec<JsonLabel<'a>>,
    notes: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<JsonFix<'a>>,
}

/// A fix as TOOLING.md §2 prints it.
#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    /// The edit's file, only when it is not the diagnostic's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    start: JsonPosition,
    end: JsonPosition,
    text: &'a str,
}

/// The 1-based line and column (in Unicode scalar values) of a byte offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offsets of line starts, for positions in O(log lines + column).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    fn position(&self, offset: u32) -> JsonPosition {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        JsonPosition { line, column, offset }
    }
}

/// Renders diagnostics as the JSON array of docs/formats.md (`wf check --format json`).
pub fn render_json(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let indexes: Vec<LineIndex> = sources.iter().map(|(_, source)| LineIndex::new(&source.text)).collect();
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| {
            let source = sources.get(d.primary.file);
            let label = |label: &Label, primary: bool| {
                let index = &indexes[label.file];
                JsonLabel {
                    message: label.message.clone(),
                    file: (label.file != d.primary.file).then(|| sources.get(label.file).name.as_str()),
                    start: index.position(label.span.start),
                    end: index.position(label.span.end),
                    primary,
                }
            };
            let mut labels = vec![label(&d.primary, true)];
            labels.extend(d.secondary.iter().map(|l| label(l, false)));
            let index = &indexes[d.primary.file];
            let fixes = d
                .fixes
                .iter()
                .map(|fix| JsonFix {
                    message: &fix.message,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| JsonEdit {
                            file: (edit.file != d.primary.file).then(|| sources.get(edit.file).name.as_str()),
                            start: indexes[edit.file].position(edit.span.start),
                            end: indexes[edit.file].position(edit.span.end),
                            text: &edit.text,
                        })
                        .collect(),
                })
                .collect();
            JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                message: &d.message,
                file: &source.name,
                start: index.position(d.primary.span.start),
                end: index.position(d.primary.span.end),
                labels,
                notes: d.help_lines(),
                fixes,
            }
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_unicode_columns() {
        let text = "åäö x\nab";
        assert_eq!(position(text, 0), (1, 1));
        assert_eq!(position(text, "åäö ".len()), (1, 5));
        assert_eq!(position(text, text.len()), (2, 3));
    }

    #[test]
    fn line_index_agrees_with_position() {
        let text = "åäö x\nab\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            let p = index.position(offset as u32);
            let mut boundary = offset;
            while !text.is_char_boundary(boundary) {
                boundary -= 1;
            }
            assert_eq!((p.line, p.column), position(text, boundary), "offset {offset}");
        }
    }

    #[test]
    fn long_lines_are_not_quoted() {
        let mut sources = Sources::new();
        let long = format!("workflow \"x\" {{ {} }}\nnext", "a".repeat(5000));
        let file = sources.add("long.wf", long);
        let d = Diagnostic::error("E0001", "bad", Label::new(file, Span::new(20, 21), "here"));
        let out = render_plain(&sources, &[d]);
        assert!(out.len() < 1000, "{out}");
        assert!(out.contains("long.wf:1:21: here (the line is 5017 bytes long"), "{out}");
    }

    #[test]
    fn summary_pluralises() {
        let label = Label::new(0, Span::default(), "");
        let e = Diagnostic::error("E0001", "x", label.clone());
        let w = Diagnostic::warning("W0001", "y", label);
        assert_eq!(summary(&[]), "no problems found");
        assert_eq!(summary(&[e.clone(), e.clone(), w.clone()]), "2 errors, 1 warning");
        assert_eq!(summary(&[w]), "1 warning");
    }
}
