//! Syntax errors -> diagnostics, and the syntax codes' explanations (E00xx).

use super::{CodeInfo, Diagnostic, FileId, Label};
use crate::syntax::parser::SyntaxError;

/// Turns one syntax error of `file` into a diagnostic.
pub fn to_diagnostic(file: FileId, error: &SyntaxError) -> Diagnostic {
    let at = |span, message: &str| Label::new(file, span, message);
    match error {
        SyntaxError::Unexpected {
            span,
            expected,
            found,
            unclosed,
            suggestion,
        } => {
            let wanted = one_of(expected);
            let mut diagnostic = Diagnostic::error(
                "E0001",
                format!("expected {wanted}, found {found}"),
                at(*span, &format!("expected {wanted}")),
            )
            .with_suggestion(suggestion.as_deref());
            if let Some(open) = unclosed {
                diagnostic = diagnostic.with_secondary(at(*open, "this bracket is never closed"));
            }
            let wants_name = expected.iter().any(|e| {
                matches!(
                    e.as_str(),
                    "a name" | "a property path" | "an action name" | "an expression"
                )
            });
            if let Some(keyword) = found.strip_prefix("the keyword ")
                && wants_name
            {
                diagnostic = diagnostic.with_note(format!(
                    "note: {keyword} is a keyword, so it cannot name a property, label, event or action \
                     (docs/language.md section 11)"
                ));
            }
            diagnostic
        }
        SyntaxError::UnterminatedString { span } => Diagnostic::error(
            "E0002",
            "string is not closed before the end of the line",
            at(*span, "this string has no closing `\"`"),
        )
        .with_note("help: close the string with `\"` on the same line; write `\\n` for a line break inside it"),
        SyntaxError::InvalidEscape { span, escape } => Diagnostic::error(
            "E0003",
            format!("unknown escape `\\{escape}` in a string"),
            at(*span, "not an escape"),
        )
        .with_note("help: the escapes are `\\\"` `\\\\` `\\n` `\\t` `\\{`; write `\\\\` for a backslash"),
        SyntaxError::InvalidCharacter { span, ch, in_string } => {
            let shown = show_char(*ch);
            if *in_string {
                Diagnostic::error(
                    "E0004",
                    format!("control character {shown} inside a string"),
                    at(*span, "control character"),
                )
                .with_note("help: remove it; write `\\n` for a line break and `\\t` for a tab")
            } else {
                Diagnostic::error(
                    "E0004",
                    format!("unexpected character {shown}"),
                    at(*span, "no token starts with this"),
                )
                .with_note(
                    "help: names use ASCII letters, digits and `_`; any other text belongs inside a string `\"…\"`",
                )
            }
        }
        SyntaxError::NestingTooDeep { span, limit } => Diagnostic::error(
            "E0005",
            format!("nesting deeper than {limit} levels"),
            at(*span, &format!("level {} starts here", limit + 1)),
        )
        .with_note(format!(
            "help: brackets, blocks and `not`/`-` chains nest at most {limit} levels; \
             split the logic into several steps or simplify the expression"
        )),
        SyntaxError::TooManyTokens { span, limit } => Diagnostic::error(
            "E0021",
            format!("file is too large: more than {limit} tokens"),
            at(*span, "the file goes on past the limit here"),
        )
        .with_note("help: split the workflows into several files; files given together form one project"),
        SyntaxError::ExpressionTooDeep { span, limit } => Diagnostic::error(
            "E0006",
            format!("expression has more than {limit} levels of operators"),
            at(*span, &format!("level {} starts here", limit + 1)),
        )
        .with_note("help: split the condition into several simpler ones (for example with `if` arms)"),
        SyntaxError::EmptyFile { span } => {
            Diagnostic::error("E0007", "file holds no workflow", at(*span, "no workflow"))
                .with_note("help: a file holds one or more `workflow \"NAME\" { … }` declarations")
        }
        SyntaxError::MalformedDate { span, text } => Diagnostic::error(
            "E0008",
            format!("malformed date `{text}`"),
            at(*span, "not a `YYYY-MM-DD` date"),
        )
        .with_note(
            "help: write dates as `YYYY-MM-DD` (`2026-01-01`) and date-times as `YYYY-MM-DDTHH:MM` \
             (`2026-01-01T09:00`); for a subtraction, put spaces around `-`",
        ),
        SyntaxError::TimeNotValue { span } => {
            Diagnostic::error("E0009", "a time of day is not a value", at(*span, "time of day")).with_note(
                "help: times of day appear only in delays, windows and schedules; \
             compare with a date-time instead, e.g. `now > 2026-01-01T09:00`",
            )
        }
        SyntaxError::PercentNotValue { span } => Diagnostic::error(
            "E0010",
            "a percentage is only allowed in `split`",
            at(*span, "percentage"),
        )
        .with_note("help: write the number without `%`"),
        SyntaxError::ChainedComparison { span, first } => {
            Diagnostic::error("E0011", "comparisons do not chain", at(*span, "second comparison"))
                .with_secondary(at(*first, "first comparison"))
                .with_note("help: combine comparisons with `and` (`a < b and b < c`), or add parentheses")
        }
        SyntaxError::NotOperand { span, op, op_span } => Diagnostic::error(
            "E0012",
            format!("`not` cannot be an operand of `{op}`"),
            at(*span, "this `not` expression"),
        )
        .with_secondary(at(*op_span, &format!("operand of this `{op}`")))
        .with_note(format!(
            "help: `not` binds more loosely than `{op}`; put the `not` expression in parentheses{}",
            if op == "==" { ", or use `!=`" } else { "" }
        )),
        SyntaxError::ComparisonOperand { span, op, op_span } => Diagnostic::error(
            "E0013",
            format!("a comparison cannot be an operand of `{op}`"),
            at(*span, "this comparison"),
        )
        .with_secondary(at(*op_span, &format!("operand of this `{op}`")))
        .with_note("help: put the comparison in parentheses"),
        SyntaxError::IsNotKnown { span, known } => {
            let (wrong, right) = if *known {
                ("is not known", "is unknown")
            } else {
                ("is not unknown", "is known")
            };
            Diagnostic::error("E0014", format!("there is no `{wrong}`"), at(*span, "not an operator"))
                .with_note(format!("help: write `{right}`"))
        }
        SyntaxError::BadTemplate { span } => Diagnostic::error(
            "E0015",
            "malformed template: `{{` must be followed by a path and `}}`",
            at(
                *span,
                "expected a path such as `firstname` or `company.name`, then `}}`",
            ),
        )
        .with_note("help: write `\\{` for a literal `{`"),
        SyntaxError::PositionalAfterNamed { span, named } => Diagnostic::error(
            "E0016",
            "positional argument after a named argument",
            at(*span, "positional argument"),
        )
        .with_secondary(at(*named, "first named argument"))
        .with_note("help: put positional arguments first, or name this one (`name: value`)"),
        SyntaxError::MapNotArgument { span } => Diagnostic::error(
            "E0017",
            "a map is only allowed as an action argument value",
            at(*span, "map"),
        )
        .with_note("help: pass maps to actions, e.g. `webhook(url: \"…\", headers: { key: \"value\" })`"),
        SyntaxError::NumberTooLarge { span } => {
            Diagnostic::error("E0018", "number is too large", at(*span, "too large"))
                .with_note("help: use a smaller number")
        }
        SyntaxError::TooComplex { span } => Diagnostic::error(
            "E0019",
            "input is too complex to parse",
            at(*span, "parsing stopped here"),
        )
        .with_note("help: simplify deeply nested parts of the workflow"),
        SyntaxError::InvalidUtf8 { span } => Diagnostic::error(
            "E0022",
            "the file is not valid UTF-8",
            at(*span, "the first byte that is not UTF-8"),
        )
        .with_note("help: `.wf` sources are UTF-8 text; save the file as UTF-8 (is it a script at all?)"),
        SyntaxError::Internal { span, rule } => {
            Diagnostic::error("E0020", format!("internal parser error at `{rule}`"), at(*span, "here"))
                .with_note("note: this is a bug in `wf`; please report it together with this input")
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(items: &[String]) -> String {
    match items {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn show_char(ch: char) -> String {
    if ch.is_control() || ch == '\u{fffd}' {
        format!("U+{:04X}", u32::from(ch))
    } else {
        format!("`{ch}`")
    }
}

/// The syntax error codes (E00xx).
pub const CODES: &[CodeInfo] = &[
    CodeInfo {
        code: "E0001",
        title: "unexpected token",
        explanation: "The parser found a token where the grammar does not allow it. The message says what \
would have been accepted there, such as a step, a setting or a closing `}`. A keyword cannot be used as a name.

Wrong:
    enroll sometimes
Right:
    enroll when lifecycle_stage == \"lead\"
",
    },
    CodeInfo {
        code: "E0002",
        title: "unterminated string",
        explanation: "A string must be closed with `\"` on the line where it starts. Raw line breaks are not \
allowed inside strings; write `\\n` instead.

Wrong:
    send_email(\"welcome-1)
Right:
    send_email(\"welcome-1\")
",
    },
    CodeInfo {
        code: "E0003",
        title: "unknown escape in a string",
        explanation: "Inside a string, a backslash starts an escape. The escapes are `\\\"` (quote), `\\\\` \
(backslash), `\\n` (line break), `\\t` (tab) and `\\{` (a literal brace, so that `{{` does not start a template).

Wrong:
    set note = \"C:\\temp\\q\"
Right:
    set note = \"C:\\\\temp\\\\q\"
",
    },
    CodeInfo {
        code: "E0004",
        title: "unexpected character",
        explanation: "The character cannot start any token: names use ASCII letters, digits and `_`, and \
operators are ASCII. Other text, including non-ASCII letters, belongs inside a string. Control characters are \
not allowed anywhere, not even inside strings.

Wrong:
    if score ≥ 50 { stop }
Right:
    if score >= 50 { stop }
",
    },
    CodeInfo {
        code: "E0005",
        title: "nesting too deep",
        explanation: "Parentheses, lists, maps, blocks and chains of `not` or prefix `-` nest at most 100 \
levels (docs/language.md section 2). Deeper input is rejected before parsing so that no input can crash the tools.

Wrong:
    if ((((((…101 levels…)))))) { stop }
Right:
    if score > 10 and country == \"SE\" { stop }
",
    },
    CodeInfo {
        code: "E0006",
        title: "expression too deep",
        explanation: "An expression may hold at most 256 levels of operators; a longer chain such as \
`a + a + … + a` is rejected. Split long conditions into several steps.

Wrong:
    set total = a + a + a + …   # hundreds of terms
Right:
    set total = a * 300
",
    },
    CodeInfo {
        code: "E0007",
        title: "file holds no workflow",
        explanation: "A `.wf` file holds one or more `workflow` declarations; a file with only whitespace \
and comments is an error.

Wrong:
    # nothing here yet
Right:
    workflow \"Welcome\" {
      object contact
      enroll manually
      send_email(\"welcome-1\")
    }
",
    },
    CodeInfo {
        code: "E0008",
        title: "malformed date",
        explanation: "Dates are written `YYYY-MM-DD` with leading zeros, date-times `YYYY-MM-DDTHH:MM[:SS]` \
with an optional `Z` or `±HH:MM`. Tokens are longest match, so `2026-1-1` is a broken date, not a subtraction; \
put spaces around `-` to subtract.

Wrong:
    delay until 2026-1-1
Right:
    delay until 2026-01-01
",
    },
    CodeInfo {
        code: "E0009",
        title: "time of day used as a value",
        explanation: "A time of day such as `09:00` is only allowed in delays, windows and schedules; it is \
not an expression value. Compare with a date-time, or delay until the time.

Wrong:
    if now > 09:00 { stop }
Right:
    if now > 2026-01-01T09:00 { stop }
",
    },
    CodeInfo {
        code: "E0010",
        title: "percentage outside `split`",
        explanation: "Percentages such as `50%` only label the arms of a `split`. Elsewhere write the number.

Wrong:
    if score > 50% { stop }
Right:
    if score > 50 { stop }
",
    },
    CodeInfo {
        code: "E0011",
        title: "comparisons do not chain",
        explanation: "Comparison operators (`==`, `<`, `in`, `is known`, …) are non-associative: \
`a == b == c` has no meaning. Combine comparisons with `and`, or use parentheses to compare a comparison's \
result.

Wrong:
    if 10 < score < 50 { stop }
Right:
    if 10 < score and score < 50 { stop }
",
    },
    CodeInfo {
        code: "E0012",
        title: "`not` as an operand",
        explanation: "`not` binds more loosely than comparisons and arithmetic, so `a == not b` cannot be \
read as `a == (not b)`. Put the `not` expression in parentheses, or use `!=`.

Wrong:
    if subscribed == not opted_out { stop }
Right:
    if subscribed == (not opted_out) { stop }
",
    },
    CodeInfo {
        code: "E0013",
        title: "comparison as an operand",
        explanation: "A comparison cannot be an operand of arithmetic without parentheses: in \
`a is known + 1` the `+` would apply to the result of `is known`.

Wrong:
    set x = email is known + 1
Right:
    set x = (email is known) + 1
",
    },
    CodeInfo {
        code: "E0014",
        title: "`is not known`",
        explanation: "The operators are `is known` and `is unknown`; there is no `is not known`.

Wrong:
    if email is not known { stop }
Right:
    if email is unknown { stop }
",
    },
    CodeInfo {
        code: "E0015",
        title: "malformed template",
        explanation: "In a string used as a value, `{{` starts a template token: optional spaces, a path, \
optional spaces and `}}`. Anything else after `{{` is an error; write `\\{` for a literal brace.

Wrong:
    send_email(\"Hi {{ first name }}\")
Right:
    send_email(\"Hi {{ firstname }}\")
",
    },
    CodeInfo {
        code: "E0016",
        title: "positional argument after a named one",
        explanation: "Action arguments are positional first, in the catalog's order, then named.

Wrong:
    create_task(due: 2 days, \"Call\")
Right:
    create_task(\"Call\", due: 2 days)
",
    },
    CodeInfo {
        code: "E0017",
        title: "map outside an action argument",
        explanation: "Maps `{ key: value }` are only allowed as action argument values (also inside lists \
and maps given as arguments); elsewhere `{` starts a block.

Wrong:
    if headers in [{a: 1}] { stop }
Right:
    webhook(url: \"https://example.com\", headers: { a: \"1\" })
",
    },
    CodeInfo {
        code: "E0018",
        title: "number too large",
        explanation: "A number does not fit: durations and days of the month must fit an unsigned 64-bit \
integer, other numbers a 64-bit float.

Wrong:
    delay 99999999999999999999999 days
Right:
    delay 30 days
",
    },
    CodeInfo {
        code: "E0019",
        title: "input too complex",
        explanation: "The parser ran out of its safety margin (stack or work) on this input. The nesting \
limits normally catch such input first; simplify the deeply nested part.

Wrong:
    (a file of extremely deep nesting)
Right:
    (the same logic split into several steps)
",
    },
    CodeInfo {
        code: "E0020",
        title: "internal parser error",
        explanation: "The parser met a shape of input it did not expect. This is a bug in `wf`, not in \
your workflow; please report it with the input that triggers it.

Wrong:
    (no workflow should trigger this)
Right:
    (any workflow)
",
    },
    CodeInfo {
        code: "E0022",
        title: "file is not UTF-8",
        explanation: "Sources are UTF-8 text. A file with a byte sequence that is not UTF-8 (a binary file, or \
text saved in another encoding such as Latin-1) is rejected at its first bad byte; nothing else in it is checked.

Wrong:
    send_email(\"välkommen\")     # saved as Latin-1: `ä` is the single byte 0xE4
Right:
    the same file saved as UTF-8
",
    },
    CodeInfo {
        code: "E0021",
        title: "file too large",
        explanation: "A file may hold at most 200,000 tokens (about 1 MB of workflow code), so that no input \
can make the tools run for minutes. Split a larger project into several files: files given together form one \
project, and `enroll in workflow` works across them.

Wrong:
    wf check everything.wf          # one file of 3 MB
Right:
    wf check sales.wf marketing.wf service.wf
",
    },
];
