//! Syntax errors -> diagnostics, and the syntax codes' explanations (E00xx).

use super::{CodeInfo, Diagnostic, FileId, Fix, Label};
use crate::syntax::parser::SyntaxError;
use crate::syntax::span::Span;

/// Turns one syntax error of `file` into a diagnostic.
pub fn to_diagnostic(file: FileId, error: &SyntaxError) -> Diagnostic {
    let at = |span, message: &str| Label::new(file, span, message);
    match error {
        SyntaxError::Unexpected { span, expected, found } => {
            let wanted = one_of(expected);
            let mut diagnostic = Diagnostic::error(
                "E0001",
                format!("expected {wanted}, found {found}"),
                at(*span, &format!("expected {wanted}")),
            );
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
        SyntaxError::AssignInCondition { span } => Diagnostic::error(
            "E0023",
            "`=` in a condition",
            at(*span, "`=` only sets a property, in `set`"),
        )
        .with_fix(Fix::replace("write `==` to compare", file, *span, "==")),
        SyntaxError::ForeignOperator {
            span,
            found,
            write,
            replacement,
        } => Diagnostic::error(
            "E0024",
            format!("`{found}` is not an operator of `.wf`"),
            at(*span, "not an operator here"),
        )
        .with_note("note: conditions combine with the words `and`, `or` and `not`")
        .with_fix(Fix::replace(
            format!("write `{write}`"),
            file,
            *span,
            replacement.clone(),
        )),
        SyntaxError::ElseIfSpelling { span, found } => Diagnostic::error(
            "E0025",
            format!("`{found}` is not a keyword"),
            at(*span, "write `else if`"),
        )
        .with_fix(Fix::replace("write `else if`", file, *span, "else if")),
        SyntaxError::SingleQuotes { span, replacement } => {
            let diagnostic = Diagnostic::error(
                "E0026",
                "strings are written in double quotes",
                at(*span, "single quotes"),
            );
            match replacement {
                Some(text) => diagnostic.with_fix(Fix::replace(format!("write `{text}`"), file, *span, text.clone())),
                None => diagnostic.with_note("help: write the string as `\"…\"`"),
            }
        }
        SyntaxError::MissingComma {
            span,
            at: comma,
            between,
        } => Diagnostic::error(
            "E0027",
            format!("missing `,` between {between}"),
            at(*span, "expected `,` before this"),
        )
        .with_fix(Fix::replace("add `,`", file, *comma, ",")),
        SyntaxError::UnknownUnit {
            span,
            word,
            suggestions,
        } => {
            let diagnostic = Diagnostic::error(
                "E0028",
                format!("unknown duration unit `{word}`"),
                at(*span, "not a unit"),
            )
            .with_note("note: the units are `minutes`, `hours`, `days` and `weeks` (singular for 1)");
            let lower = word.to_ascii_lowercase();
            let diagnostic = if lower.starts_with("month") || lower.starts_with("year") {
                diagnostic.with_note(
                    "help: a month or a year is not a fixed length: write days or weeks, or wait until a date",
                )
            } else if lower.starts_with("sec") || lower == "s" {
                diagnostic.with_note("help: the smallest unit is `minutes`")
            } else {
                diagnostic
            };
            with_replacements(diagnostic, file, *span, suggestions.iter().copied())
        }
        SyntaxError::MisspeltKeyword {
            span,
            word,
            keywords,
            action,
        } => {
            let diagnostic = Diagnostic::error(
                "E0029",
                format!("`{word}` does not start a step"),
                at(*span, "not a keyword, and no `(` follows for an action"),
            );
            match action {
                Some(action) => diagnostic.with_note(format!(
                    "help: did you mean the action `{action}`? an action is called with `(…)`"
                )),
                None => with_replacements(diagnostic, file, *span, keywords.iter().copied()),
            }
        }
        SyntaxError::UnclosedBracket {
            span,
            bracket,
            opener,
            at: stop,
            ends,
        } => {
            let closer = match bracket {
                '(' => ')',
                '[' => ']',
                _ => '}',
            };
            let what = match opener.as_deref() {
                Some("workflow") => "this workflow's `{`".to_string(),
                Some(word @ ("if" | "else" | "split" | "branch")) => format!("this `{word}` block"),
                Some(_) => "this arm's `{`".to_string(),
                None => format!("this `{bracket}`"),
            };
            let mut diagnostic = Diagnostic::error(
                "E0030",
                format!("`{bracket}` is never closed"),
                at(*span, &format!("{what} is never closed")),
            );
            if let Some(ends) = ends {
                diagnostic = diagnostic
                    .with_secondary(at(*ends, "by its indentation, the block ends before this line"))
                    .with_note(format!(
                        "help: add `{closer}` before this line, at the indentation of the block's first line"
                    ));
            } else {
                diagnostic = diagnostic
                    .with_secondary(at(*stop, &format!("expected `{closer}` before this")))
                    .with_note(format!("help: add the missing `{closer}`"));
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
        SyntaxError::MalformedDate { span, text } => {
            let diagnostic = Diagnostic::error(
                "E0008",
                format!("malformed date `{text}`"),
                at(*span, "not a `YYYY-MM-DD` date"),
            )
            .with_note(
                "help: write dates as `YYYY-MM-DD` (`2026-01-01`) and date-times as `YYYY-MM-DDTHH:MM` \
                 (`2026-01-01T09:00`); for a subtraction, put spaces around `-`",
            );
            match padded_date(text) {
                Some(date) => diagnostic.with_fix(Fix::replace(format!("write `{date}`"), file, *span, date)),
                None => diagnostic,
            }
        }
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
        .with_fix(Fix::replace(
            "write the number without `%`",
            file,
            Span {
                start: span.end.saturating_sub(1).max(span.start),
                end: span.end,
            },
            "",
        )),
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
                .with_fix(Fix::replace(format!("write `{right}`"), file, *span, right))
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

/// `2026-1-1` as `2026-01-01`: a year of four digits, then a month and a
/// day of one or two digits; `None` for anything else (no certain repair).
fn padded_date(text: &str) -> Option<String> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |part: &str, max: usize| !part.is_empty() && part.len() <= max && part.bytes().all(|b| b.is_ascii_digit());
    (parts.next().is_none() && year.len() == 4 && digits(year, 4) && digits(month, 2) && digits(day, 2))
        .then(|| format!("{year}-{month:0>2}-{day:0>2}"))
}

/// One fix per suggestion (`wf check --fix` applies one only when it is alone).
pub(super) fn with_replacements<'a>(
    mut diagnostic: Diagnostic,
    file: FileId,
    span: Span,
    suggestions: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    for suggestion in suggestions {
        diagnostic = diagnostic.with_fix(Fix::replace(
            format!("did you mean `{suggestion}`?"),
            file,
            span,
            suggestion,
        ));
    }
    diagnostic
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
    CodeInfo {
        code: "E0023",
        title: "`=` in a condition",
        explanation: "`=` only sets a property, in `set PATH = VALUE`; a condition compares with `==`. \
`wf check --fix` makes the change.

Wrong:
    enroll when lifecycle_stage = \"lead\"
Right:
    enroll when lifecycle_stage == \"lead\"
",
    },
    CodeInfo {
        code: "E0024",
        title: "`&&`, `||` or `!`",
        explanation: "Conditions combine with the words `and`, `or` and `not`, not with the symbols of other \
languages. `!=` is the one operator with `!`. `wf check --fix` makes the change.

Wrong:
    if score > 10 && !(email is known) { stop }
Right:
    if score > 10 and not (email is known) { stop }
",
    },
    CodeInfo {
        code: "E0025",
        title: "`elif` or `elsif`",
        explanation: "Another arm of an `if` is written `else if`, two words. `wf check --fix` makes the change.

Wrong:
    if score > 50 { send_email(\"hot\") } elif score > 20 { send_email(\"warm\") }
Right:
    if score > 50 { send_email(\"hot\") } else if score > 20 { send_email(\"warm\") }
",
    },
    CodeInfo {
        code: "E0026",
        title: "single quotes",
        explanation: "Strings are written in double quotes; `'` is not a quote in `.wf`. `wf check --fix` \
rewrites a single-quoted string that closes on its line, escaping the double quotes inside it.

Wrong:
    send_email('welcome')
Right:
    send_email(\"welcome\")
",
    },
    CodeInfo {
        code: "E0027",
        title: "missing comma",
        explanation: "Arguments, list elements and map entries are separated by commas. `wf check --fix` \
adds the missing one.

Wrong:
    create_task(\"Call\" due: 2 days)
Right:
    create_task(\"Call\", due: 2 days)
",
    },
    CodeInfo {
        code: "E0028",
        title: "unknown duration unit",
        explanation: "A duration is one or more `NUMBER UNIT` pairs with the units `minute(s)`, `hour(s)`, \
`day(s)` and `week(s)`. Months and years are not fixed lengths: write days or weeks, or wait until a date. \
`wf check --fix` replaces a near miss or a common abbreviation (`hrs`, `mins`).

Wrong:
    delay 2 dais
Right:
    delay 2 days
",
    },
    CodeInfo {
        code: "E0029",
        title: "misspelt keyword",
        explanation: "A step starts with a keyword (`set`, `delay`, `if`, …), a label and `:`, or an action \
name and `(`. A word close to a keyword is taken as a typo; `wf check --fix` replaces it when one keyword is \
closest.

Wrong:
    delya 2 days
Right:
    delay 2 days
",
    },
    CodeInfo {
        code: "E0030",
        title: "bracket never closed",
        explanation: "A `(`, `[` or `{` is never closed. For a block, the report names the `if` or arm whose \
`}` is missing, found from the indentation: the first line at or left of the block's own indentation that is \
not its `}` is where the block should have ended.

Wrong:
    if score > 50 {
      send_email(\"hot\")
    else {
      send_email(\"cold\")
    }
Right:
    if score > 50 {
      send_email(\"hot\")
    } else {
      send_email(\"cold\")
    }
",
    },
];
