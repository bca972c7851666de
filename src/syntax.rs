//! The front end: a pest grammar (`grammar/workflow.pest`) and a parser from
//! pest pairs to the typed AST of [`ast`]. No pest type leaves this module.

pub mod ast;
pub mod parser;
pub mod print;
pub mod span;

pub use parser::{BrokenWorkflow, PartialParse, SyntaxError, parse, parse_partial};

/// Whether `text` can be written as a `.wf` identifier: a letter or `_`,
/// then letters, digits or `_`, and no keyword.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !parser::KEYWORDS.contains(&text)
}
