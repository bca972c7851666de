//! The front end: a pest grammar (`grammar/workflow.pest`) and a parser from
//! pest pairs to the typed AST of [`ast`]. No pest type leaves this module.

pub mod ast;
pub mod parser;
pub mod print;
pub mod span;

pub use parser::{BrokenWorkflow, PartialParse, SyntaxError, parse, parse_partial};
