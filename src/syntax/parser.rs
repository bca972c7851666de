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

use super::ast::{PlainStr, SourceFile, Workflow};
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
    },
    /// `enroll when score = 5`: `=` where a comparison is expected.
    AssignInCondition { span: Span },
    /// `a && b`, `a || b`, `!a`: another language's logical operator.
    ForeignOperator {
        span: Span,
        /// As written: `&&`, `||` or `!`.
        found: &'static str,
        /// The operator of `.wf`: `and`, `or` or `not`.
        write: &'static str,
        /// The exact text that replaces `span` (with the spaces it needs).
        replacement: String,
    },
    /// `} elif x > 1 {` (or `elsif`, `elseif`, `else_if`): the words are `else if`.
    ElseIfSpelling { span: Span, found: String },
    /// `send_email('welcome')`: strings are written in double quotes.
    SingleQuotes {
        span: Span,
        /// The string in double quotes, when it closes on its line.
        replacement: Option<String>,
    },
    /// `create_task("Call" due: 2 days)`: a `,` is missing between two items.
    MissingComma {
        /// The item after the missing comma.
        span: Span,
        /// Where the comma belongs: right after the item before.
        at: Span,
        /// `arguments`, `list elements` or `map entries`.
        between: &'static str,
    },
    /// `delay 2 dais`: a duration unit that does not exist.
    UnknownUnit {
        span: Span,
        word: String,
        /// The closest units (several when equally close).
        suggestions: Vec<&'static str>,
    },
    /// `delya 2 days`: a misspelt keyword at the start of a step.
    MisspeltKeyword {
        /// The misspelt word.
        span: Span,
        word: String,
        /// The closest step keywords (several when equally close).
        keywords: Vec<&'static str>,
        /// The closest catalog action, when no keyword is close.
        action: Option<&'static str>,
    },
    /// `if x > 1 {` whose `}` is missing, or `send_email("a"` without `)`.
    UnclosedBracket {
        /// The opening bracket (for a block, from the line's first token to `{`).
        span: Span,
        bracket: char,
        /// The word that opens the block's line (`if`, `else`, `split`, …).
        opener: Option<String>,
        /// Where the parser gave up.
        at: Span,
        /// The line where, by its indentation, the block ends without its `}`.
        ends: Option<Span>,
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
            | SyntaxError::AssignInCondition { span }
            | SyntaxError::ForeignOperator { span, .. }
            | SyntaxError::ElseIfSpelling { span, .. }
            | SyntaxError::SingleQuotes { span, .. }
            | SyntaxError::MissingComma { span, .. }
            | SyntaxError::UnknownUnit { span, .. }
            | SyntaxError::MisspeltKeyword { span, .. }
            | SyntaxError::UnclosedBracket { span, .. }
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

/// A top-level part of a file that did not parse (or parsed with errors): the
/// workflow it holds is left out of the partial AST, but its name, when its
/// header could be read, still counts as defined, so that the checker raises
/// no false "unknown workflow" for it.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenWorkflow {
    /// The part of the file, from its first token to the next workflow.
    pub span: Span,
    /// The name of `workflow "NAME"` at its start, when it could be read;
    /// `None` when the part may define a workflow whose name is unknown.
    pub name: Option<PlainStr>,
}

/// One file parsed as far as it goes: every workflow that parsed without an
/// error, the parts that did not, and every syntax error (sorted).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PartialParse {
    pub ast: SourceFile,
    pub broken: Vec<BrokenWorkflow>,
    pub errors: Vec<SyntaxError>,
}

/// Parses one source file into its workflows, or returns every syntax error
/// found (sorted by position): the pre-scan's lexical errors, the first
/// grammar error of each top-level workflow, and the builder's errors.
pub fn parse(source: &str) -> Result<SourceFile, Vec<SyntaxError>> {
    let parsed = parse_partial(source);
    if parsed.errors.is_empty() {
        Ok(parsed.ast)
    } else {
        Err(parsed.errors)
    }
}

/// Parses one source file as far as it goes (for the checker and the
/// language server): a syntax error in one workflow leaves the others in the
/// AST. A workflow with any error in it is left out, its name recorded in
/// [`PartialParse::broken`].
pub fn parse_partial(source: &str) -> PartialParse {
    let scan = prescan::prescan(source);
    let errors = scan.errors;
    let whole_file = || BrokenWorkflow {
        span: Span::new(0, source.len()),
        name: None,
    };
    if scan.fatal {
        return PartialParse {
            ast: SourceFile::default(),
            broken: vec![whole_file()],
            errors: sorted(errors),
        };
    }
    let Some(first_token) = scan.first_token else {
        return PartialParse {
            errors: vec![SyntaxError::EmptyFile {
                span: Span::new(source.len(), source.len()),
            }],
            ..PartialParse::default()
        };
    };
    // A file without lexical errors is parsed in one pass; only a file pest
    // rejects is cut into chunks, so that each workflow reports its own error.
    // A file that parses whole parses chunk by chunk to the same pairs: the
    // chunks start at the `workflow` keywords outside brackets, strings and
    // comments, which is where the workflows of a valid file start.
    if errors.is_empty()
        && let Some(parsed) = parse_whole(source, scan.workflow_starts.len())
    {
        return parsed;
    }
    parse_chunks(source, &scan.workflow_starts, first_token, errors)
}

/// The whole file in one pest pass, or `None` when pest rejects it.
fn parse_whole(source: &str, workflow_count: usize) -> Option<PartialParse> {
    let pairs = WorkflowParser::parse(Rule::file, source).ok()?;
    let mut workflows = Vec::with_capacity(workflow_count);
    let mut builder = build::Builder::new(0);
    builder.file(pairs, &mut workflows);
    let errors = builder.into_errors();
    let mut parsed = PartialParse {
        ast: SourceFile { workflows: Vec::new() },
        broken: Vec::new(),
        errors: Vec::new(),
    };
    for workflow in workflows {
        let spoilt = errors.iter().any(|e| within(e.span(), workflow.span));
        parsed.keep(workflow, spoilt);
    }
    parsed.errors = sorted(errors);
    Some(parsed)
}

impl PartialParse {
    /// Adds a built workflow: to the AST, or to the broken parts when an
    /// error lies inside it (its AST may hold stand-ins for the broken parts).
    fn keep(&mut self, workflow: Workflow, spoilt: bool) {
        if spoilt {
            self.broken.push(BrokenWorkflow {
                span: workflow.span,
                name: Some(workflow.name),
            });
        } else {
            self.ast.workflows.push(workflow);
        }
    }
}

/// The file cut into one chunk per top-level workflow, each parsed alone:
/// a grammar error in one workflow does not hide those of the others.
fn parse_chunks(
    source: &str,
    workflow_starts: &[usize],
    first_token: usize,
    mut errors: Vec<SyntaxError>,
) -> PartialParse {
    let mut starts = workflow_starts.to_vec();
    if starts.first() != Some(&first_token) {
        starts.insert(0, first_token);
    }
    let mut parsed = PartialParse::default();
    for (index, &start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(source.len());
        let chunk = source.get(start..end).unwrap_or("");
        let span = Span::new(start, start + chunk.trim_end().len());
        let lexical = errors.iter().any(|e| within(e.span(), span));
        // pest would read an unterminated string differently from the
        // pre-scan (it runs on to the next quote): its error would mislead.
        let unterminated = errors
            .iter()
            .any(|e| matches!(e, SyntaxError::UnterminatedString { .. }) && within(e.span(), span));
        let pest = if unterminated {
            None
        } else {
            Some(WorkflowParser::parse(Rule::chunk, chunk))
        };
        match pest {
            Some(Ok(pairs)) => {
                let mut builder = build::Builder::new(start);
                let workflow = builder.chunk(pairs);
                let built = builder.into_errors();
                let spoilt = lexical || !built.is_empty();
                errors.extend(built);
                match workflow {
                    Some(workflow) => parsed.keep(workflow, spoilt),
                    None => parsed.broken.push(BrokenWorkflow {
                        span,
                        name: errors::header_name(source, start),
                    }),
                }
            }
            Some(Err(error)) => {
                let error = errors::from_pest(source, start, end, &error);
                // A lexical error already reported at this place explains it better.
                let overlaps = errors.iter().any(|known| overlap(known.span(), error.span()));
                if !overlaps {
                    errors.push(error);
                }
                parsed.broken.push(BrokenWorkflow {
                    span,
                    name: errors::header_name(source, start),
                });
            }
            None => parsed.broken.push(BrokenWorkflow {
                span,
                name: errors::header_name(source, start),
            }),
        }
    }
    parsed.errors = sorted(errors);
    parsed
}

/// True when `inner` lies within `outer` (an empty span at its end counts).
fn within(inner: Span, outer: Span) -> bool {
    outer.start <= inner.start && inner.start <= outer.end
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
