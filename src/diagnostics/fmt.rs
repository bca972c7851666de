//! Formatter errors -> diagnostics, and the formatter's code (E07xx).

use super::{CodeInfo, Diagnostic, FileId, Label};
use crate::fmt::FormatError;
use crate::syntax::span::Span;

/// The diagnostics of a file `wf fmt` did not format.
pub fn to_diagnostics(file: FileId, error: &FormatError) -> Vec<Diagnostic> {
    match error {
        FormatError::Syntax(errors) => errors.iter().map(|e| super::syntax::to_diagnostic(file, e)).collect(),
        FormatError::Internal { reason } => vec![
            Diagnostic::error(
                "E0701",
                format!("`wf fmt` cannot format this file safely: {reason}"),
                Label::new(file, Span::new(0, 0), "the file is left as it was"),
            )
            .with_note("help: this is a bug in `wf fmt`; please report it with this file"),
        ],
    }
}

/// The formatter's codes.
pub const CODES: &[CodeInfo] = &[CodeInfo {
    code: "E0701",
    title: "formatter refused its own output",
    explanation: "\
`wf fmt` checks its output before writing it: the formatted text must parse to
the same program and keep every comment. When that check fails the file is left
untouched and this error names what went wrong. It is a bug in the formatter,
not in your file: please report it with the file. The file still checks,
compiles and runs as it is.

Wrong:
    (nothing to change in the file)
Right:
    (report the file; format it by hand meanwhile)
",
}];
