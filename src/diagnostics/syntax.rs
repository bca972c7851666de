//! Syntax errors -> diagnostics, and the syntax codes' explanations.

use super::CodeInfo;

/// The syntax error codes (E00xx).
pub const CODES: &[CodeInfo] = &[];

use super::{Diagnostic, FileId, Label};
use crate::syntax::SyntaxError;

/// A syntax error as a diagnostic.
pub fn to_diagnostic(file: FileId, error: &SyntaxError) -> Diagnostic {
    match error {
        SyntaxError::Unexpected { span, expected } => Diagnostic::error(
            "E0001",
            format!("unexpected input, expected {}", expected.join(" or ")),
            Label::new(file, *span, "unexpected here"),
        ),
    }
}
