//! Source text -> AST: a lexical pre-scan (`prescan`), then pest over the
//! whole file (or, when pest rejects it, over each top-level workflow alone,
//! so that each reports its own error), then a builder from pest pairs to the
//! typed AST. No pest type leaves this module; errors are [`SyntaxError`]
//! data, rendered by `diagnostics/syntax.rs`.
//!
//! Every stage is bounded: the pre-scan rejects nesting deeper than
//! [`MAX_NESTING`] before pest runs, expressions are built without recursion
//! except through brackets, and operator chains are capped at
//! [`MAX_EXPR_DEPTH`], so no input can overflow the stack here or in the
//! recursive walks of later stages.

mod build;
mod errors;
mod expr;
mod literal;
mod prescan;
mod rules;

use pest::Parser;

use super::ast::SourceFile;
use super::span::Span;
pub use prescan::{MAX_NESTING, MAX_TOKENS};
pub use rules::KEYWORDS;
use rules::{Rule, WorkflowParser};

/// The deepest expression tree the parser builds: operator chains such as
/// `a + a + … + a` count one level per operator. Deeper is an error.
pub const MAX_EXPR_DEPTH: usize = 256;

/// A syntax error: data, rendered by `diagnostics/syntax.rs`. The doc line of
/// each variant is a snippet that triggers it.
#[derive(Clone, Debug, PartialEq)]
pub enum SyntaxError {
    /// `enroll sometimes`: a token the grammar does not allow there.
    Unexpected {
        /// The unexpected token (empty at the end of the file).
        span: Span,
        /// What would have been accepted, in words (`` `when` ``, `a step`).
        expected: Vec<String>,
        /// The token found, in words (`` `sometimes` ``, `end of file`).
        found: String,
        /// The innermost bracket left open, when the file ended early.
        unclosed: Option<Span>,
        /// A keyword the word before the error may have meant (`delya` -> `delay`).
        suggestion: Option<String>,
    },
    /// `"abc` without the closing quote (strings end on their line).
    UnterminatedString { span: Span },
    /// `"a\qb"`: only `\"` `\\` `\n` `\t` `\{` are escapes.
    InvalidEscape { span: Span, escape: char },
    /// `score ≥ 10`, or a NUL byte: a character no token can hold here.
    InvalidCharacter { span: Span, ch: char, in_string: bool },
    /// `((((…))))` 101 levels deep (also `not` and `-` chains, lists, blocks).
    NestingTooDeep { span: Span, limit: usize },
    /// A file of more than 200,000 tokens (about 1 MB of workflow code).
    TooManyTokens { span: Span, limit: usize },
    /// `a + a + … + a` with more operators in a chain than the limit.
    ExpressionTooDeep {
        /// The operator that crosses the limit.
        span: Span,
        limit: usize,
    },
    /// A file with nothing but whitespace and comments.
    EmptyFile { span: Span },
    /// `2026-1-1`: dates are `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM`.
    MalformedDate { span: Span, text: String },
    /// `now > 09:00`: a time of day is not an expression value.
    TimeNotValue { span: Span },
    /// `score == 50%`: a percent is only allowed in `split`.
    PercentNotValue { span: Span },
    /// `a == b == c`: comparisons do not chain.
    ChainedComparison {
        /// The second comparison operator.
        span: Span,
        /// The first comparison operator.
        first: Span,
    },
    /// `a == not b`: `not` is looser than the operator it would be an operand of.
    NotOperand {
        /// The `not …` (or `-` of `- not x`) operand.
        span: Span,
        /// The operator that takes it as an operand, as written.
        op: String,
        op_span: Span,
    },
    /// `a is known + 1`: a comparison used as an operand of arithmetic.
    ComparisonOperand { span: Span, op: String, op_span: Span },
    /// `email is not known`: the operator is `is unknown` (or `is known`).
    IsNotKnown {
        span: Span,
        /// `true` for `is not known` (suggest `is unknown`), `false` for `is not unknown`.
        known: bool,
    },
    /// `"Hi {{ }}"`: `{{` must be followed by a path and `}}`.
    BadTemplate {
        /// From the `{{` to the offending character.
        span: Span,
    },
    /// `create_task(title: "x", 2 days)`: positional arguments come first.
    PositionalAfterNamed { span: Span, named: Span },
    /// `score in [{a: 1}]`: a map is only allowed as an action argument value.
    MapNotArgument { span: Span },
    /// `delay 99999999999999999999 days`: a number too large to represent.
    NumberTooLarge { span: Span },
    /// pest's own stack guard tripped: the input is too complex.
    TooComplex { span: Span },
    /// No snippet triggers this: a pair the builder did not expect (a bug in
    /// the parser, reported instead of panicking).
    Internal { span: Span, rule: String },
    /// A file with a byte sequence that is not UTF-8 (binary garbage).
    InvalidUtf8 { span: Span },
}

impl SyntaxError {
    /// The primary span of the error.
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Unexpected { span, .. }
            | SyntaxError::UnterminatedString { span }
            | SyntaxError::InvalidEscape { span, .. }
            | SyntaxError::InvalidCharacter { span, .. }
            | SyntaxError::NestingTooDeep { span, .. }
            | SyntaxError::TooManyTokens { span, .. }
            | SyntaxError::ExpressionTooDeep { span, .. }
            | SyntaxError::EmptyFile { span }
            | SyntaxError::MalformedDate { span, .. }
            | SyntaxError::TimeNotValue { span }
            | SyntaxError::PercentNotValue { span }
            | SyntaxError::ChainedComparison { span, .. }
            | SyntaxError::NotOperand { span, .. }
            | SyntaxError::ComparisonOperand { span, .. }
            | SyntaxError::IsNotKnown { span, .. }
            | SyntaxError::BadTemplate { span }
            | SyntaxError::PositionalAfterNamed { span, .. }
            | SyntaxError::MapNotArgument { span }
            | SyntaxError::NumberTooLarge { span }
            | SyntaxError::TooComplex { span }
            | SyntaxError::Internal { span, .. }
            | SyntaxError::InvalidUtf8 { span } => *span,
        }
    }
}

/// Parses one source file into its workflows, or returns every syntax error
/// found (sorted by position): the pre-scan's lexical errors, the first
/// grammar error of each top-level workflow, and the builder's errors.
pub fn parse(source: &str) -> Result<SourceFile, Vec<SyntaxError>> {
    let scan = prescan::prescan(source);
    let errors = scan.errors;
    if scan.fatal {
        return Err(sorted(errors));
    }
    let Some(first_token) = scan.first_token else {
        return Err(vec![SyntaxError::EmptyFile {
            span: Span::new(source.len(), source.len()),
        }]);
    };
    // A file without lexical errors is parsed in one pass; only a file pest
    // rejects is cut into chunks, so that each workflow reports its own error.
    // A file that parses whole parses chunk by chunk to the same pairs: the
    // chunks start at the `workflow` keywords outside brackets, strings and
    // comments, which is where the workflows of a valid file start.
    if errors.is_empty()
        && let Some(result) = parse_whole(source, scan.workflow_starts.len())
    {
        return result;
    }
    parse_chunks(source, &scan.workflow_starts, first_token, &scan.unclosed, errors)
}

/// The whole file in one pest pass, or `None` when pest rejects it.
fn parse_whole(source: &str, workflow_count: usize) -> Option<Result<SourceFile, Vec<SyntaxError>>> {
    let pairs = WorkflowParser::parse(Rule::file, source).ok()?;
    let mut workflows = Vec::with_capacity(workflow_count);
    let mut builder = build::Builder::new(0);
    builder.file(pairs, &mut workflows);
    let errors = builder.into_errors();
    Some(if errors.is_empty() {
        Ok(SourceFile { workflows })
    } else {
        Err(sorted(errors))
    })
}

/// The file cut into one chunk per top-level workflow, each parsed alone:
/// a grammar error in one workflow does not hide those of the others.
fn parse_chunks(
    source: &str,
    workflow_starts: &[usize],
    first_token: usize,
    unclosed: &[(u8, usize)],
    mut errors: Vec<SyntaxError>,
) -> Result<SourceFile, Vec<SyntaxError>> {
    let mut starts = workflow_starts.to_vec();
    if starts.first() != Some(&first_token) {
        starts.insert(0, first_token);
    }
    let mut workflows = Vec::new();
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(source.len());
        let chunk = source.get(start..end).unwrap_or("");
        match WorkflowParser::parse(Rule::chunk, chunk) {
            Ok(pairs) => {
                let mut builder = build::Builder::new(start);
                if let Some(workflow) = builder.chunk(pairs) {
                    workflows.push(workflow);
                }
                errors.extend(builder.into_errors());
            }
            Err(error) => {
                let error = errors::from_pest(source, start, &error, unclosed);
                // A lexical error already reported at this place explains it better.
                let overlaps = errors.iter().any(|known| overlap(known.span(), error.span()));
                if !overlaps {
                    errors.push(error);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(SourceFile { workflows })
    } else {
        Err(sorted(errors))
    }
}

fn overlap(a: Span, b: Span) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn sorted(mut errors: Vec<SyntaxError>) -> Vec<SyntaxError> {
    errors.sort_by_key(|error| {
        let span = error.span();
        (span.start, span.end)
    });
    errors
}

#[cfg(test)]
mod tests;
