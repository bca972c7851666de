//! `wf fmt`: the one canonical layout of a `.wf` file (TOOLING.md §3, §7).
//!
//! The AST has no comments (pest skips them), so `trivia` scans them from
//! the source, knowing strings; the printer (`printer`, `layout`,
//! `expr`) walks the AST in source order and writes each comment where it
//! belongs: above the step or element it precedes, after the one it trails,
//! at the end of the block it closes. Literals are copied from the source by
//! span, so they stay exactly as written.
//!
//! The printer is a small indenting printer of our own rather than the
//! `pretty` crate: every wrapping decision is local (a list, map or argument
//! list goes one element per line when its flat text does not fit or it
//! holds a comment; a long condition breaks before `and` / `or`), and
//! trailing commas and comment placement are easier to state directly.
//!
//! It fails loudly instead of losing anything: [`format()`] re-parses its
//! output and refuses it (a [`FormatError::Internal`], the file untouched)
//! unless the program is the same (spans aside) and the multiset of comment
//! texts is unchanged.

mod expr;
mod layout;
mod printer;
mod trivia;

use crate::diagnostics::{Diagnostic, FileId};
use crate::syntax::{self, SyntaxError};

pub use trivia::comment_texts;

/// Why a file was not formatted.
#[derive(Clone, Debug, PartialEq)]
pub enum FormatError {
    /// The file does not parse; it is left as it is.
    Syntax(Vec<SyntaxError>),
    /// A bug in the formatter: its output would have changed the program or
    /// lost a comment, so none is given. `reason` says which.
    Internal { reason: String },
}

impl FormatError {
    /// The diagnostics of this error in `file`.
    pub fn to_diagnostics(&self, file: FileId) -> Vec<Diagnostic> {
        crate::diagnostics::fmt::to_diagnostics(file, self)
    }
}

/// Formats one source file: the canonical text, or why there is none.
/// A CRLF file (one whose first line ends in `\r\n`) stays CRLF.
pub fn format(source: &str) -> Result<String, FormatError> {
    let ast = syntax::parse(source).map_err(FormatError::Syntax)?;
    let trivia = trivia::scan(source);
    let mut printer = printer::Printer::new(source, &trivia);
    if source.starts_with('\u{FEFF}') {
        printer.byte_order_mark();
    }
    printer.file(&ast);
    let mut output = printer.finish().map_err(|offsets| FormatError::Internal {
        reason: format!(
            "{} comment(s) found no place, the first at byte {}",
            offsets.len(),
            offsets.first().copied().unwrap_or(0)
        ),
    })?;
    if output.trim_start_matches('\u{FEFF}').trim().is_empty() {
        output.clear();
    }
    while output.ends_with("\n\n") {
        output.pop();
    }
    if !output.ends_with('\n') {
        output.push('\n');
    }
    verify(source, &ast, &output)?;
    let crlf = source.find('\n').is_some_and(|i| source[..i].ends_with('\r'));
    Ok(if crlf { output.replace('\n', "\r\n") } else { output })
}

/// Formats one file of a project: the canonical text, or diagnostics.
pub fn format_file(file: FileId, source: &str) -> Result<String, Vec<Diagnostic>> {
    format(source).map_err(|error| error.to_diagnostics(file))
}

/// Refuses an output that parses to another program or lost a comment.
fn verify(source: &str, ast: &syntax::ast::SourceFile, output: &str) -> Result<(), FormatError> {
    let internal = |reason: &str| FormatError::Internal {
        reason: reason.to_string(),
    };
    let again = syntax::parse(output).map_err(|_| internal("the formatted text does not parse"))?;
    if syntax::print::print(&again) != syntax::print::print(ast) {
        return Err(internal("the formatted text is another program"));
    }
    let mut before = comment_texts(source);
    let mut after = comment_texts(output);
    before.sort();
    after.sort();
    if before != after {
        return Err(internal("the formatted text lost or changed a comment"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
