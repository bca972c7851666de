//! pest pairs -> AST. (Being written: see issue 2.)

use super::ast::SourceFile;
use super::span::Span;

/// A syntax error: data, rendered by `diagnostics/syntax.rs`.
#[derive(Clone, Debug, PartialEq)]
pub enum SyntaxError {
    /// Placeholder variant until the parser lands.
    Unexpected { span: Span, expected: Vec<String> },
}

/// Parses one source file.
pub fn parse(_source: &str) -> Result<SourceFile, Vec<SyntaxError>> {
    Ok(SourceFile { workflows: Vec::new() })
}
