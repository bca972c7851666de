//! Compile errors -> diagnostics, and the compile codes' explanations (E05xx).

use super::{CodeInfo, Diagnostic, Label};
use crate::compile::{CompileError, Problem};

/// The compiler's codes.
pub const CODES: &[CodeInfo] = &[
    CodeInfo {
        code: "E0501",
        title: "placeholder argument",
        explanation: "\
An action argument is `?`, a placeholder saved before its details were filled in.
`wf check` only warns about placeholders; `wf compile` and `wf run` refuse them,
because the action cannot run without a value.

Wrong:
    send_email(?)
Right:
    send_email(\"welcome-1\")
",
    },
    CodeInfo {
        code: "E0502",
        title: "not checked",
        explanation: "\
The compiler met something the checker rejects (an unknown action, label,
workflow, function, time zone or an invalid literal). `wf compile` runs the
checker first, so this appears only when the library's compiler is called on an
unchecked project: run `wf check` and fix what it reports.

Wrong:
    goto nowhere
Right:
    nudge: send_email(\"nudge\")
    …
    goto nudge
",
    },
    CodeInfo {
        code: "E0503",
        title: "`let` output may be unset",
        explanation: "\
A step reads a `let` output (`NAME.FIELD`) that some path to it has not bound:
a `goto` jumps to a label after the `let` without running it, so the output
would be unknown there. Move the `let` before the `if` that holds the `goto`,
or read the output only where the `let` always ran.

Wrong:
    if score > 5 {
      let t = create_task(\"a\")
      later: set task_id = t.id
    } else { goto later }
Right:
    let t = create_task(\"a\")
    if score > 5 {
      later: set task_id = t.id
    } else { goto later }
",
    },
    CodeInfo {
        code: "E0504",
        title: "compiled code fails verification",
        explanation: "\
The compiler produced bytecode that its own verifier rejects. This is a defect
in `wf`, not in the workflow; report it with the workflow that triggers it.

Wrong:
    (no workflow should cause this)
Right:
    (any workflow `wf check` accepts compiles)
",
    },
];

fn problem_text(problem: &Problem) -> (String, &'static str) {
    match problem {
        Problem::UnknownAction(name) => (format!("unknown action `{name}`"), "not in the action catalog"),
        Problem::UnknownParam { action, param } => (
            format!("`{action}` has no parameter `{param}`"),
            "not a parameter of this action",
        ),
        Problem::TooManyArgs { action } => (format!("too many arguments for `{action}`"), "one too many"),
        Problem::UnknownWorkflow(name) => (format!("unknown workflow `{name}`"), "no workflow of this name"),
        Problem::UnknownLabel(name) => (format!("unknown label `{name}`"), "no step has this label"),
        Problem::UnknownFunction(name) => (format!("unknown function `{name}`"), "not a function"),
        Problem::BadArity { function, min, max } => (
            if min == max {
                format!("`{function}` takes {min} arguments")
            } else {
                format!("`{function}` takes {min} to {max} arguments")
            },
            "wrong number of arguments",
        ),
        Problem::NotAProperty(path) => (format!("`{path}` is not a property"), "a property is needed here"),
        Problem::EventOutsideContext(path) => (
            format!("`{path}` is only readable in an event's `where`"),
            "no event here",
        ),
        Problem::UnknownZone(name) => (format!("unknown time zone `{name}`"), "not an IANA zone name"),
        Problem::BadLiteral(text) => (format!("invalid value `{text}`"), "out of range"),
        Problem::MissingObject => ("the workflow has no `object`".to_string(), "add `object TYPE`"),
    }
}

/// A compile error as a diagnostic.
pub fn to_diagnostic(error: &CompileError) -> Diagnostic {
    match error {
        CompileError::Placeholder {
            file,
            span,
            action,
            param,
        } => Diagnostic::error(
            "E0501",
            format!("`{action}` has a placeholder for `{param}`"),
            Label::new(*file, *span, "placeholder"),
        )
        .with_note(format!(
            "help: replace `?` with a value for `{param}`; compile refuses placeholders"
        )),
        CompileError::PlaceholderCondition { file, span } => Diagnostic::error(
            "E0501",
            "a condition is a placeholder `?`".to_string(),
            Label::new(*file, *span, "placeholder"),
        )
        .with_note("help: replace `?` with the condition; compile refuses placeholders"),
        CompileError::Unchecked { file, span, problem } => {
            let (message, label) = problem_text(problem);
            Diagnostic::error("E0502", message, Label::new(*file, *span, label))
                .with_note("help: run `wf check` and fix the errors it reports")
        }
        CompileError::OutputMaybeUnset { file, span, output } => {
            let binding = output.split('.').next().unwrap_or_default();
            Diagnostic::error(
                "E0503",
                format!("`{output}` may be read before `let {binding}` has run"),
                Label::new(*file, *span, "read here"),
            )
            .with_note(format!(
                "help: a `goto` reaches this step without passing `let {binding}`; move the `let` before the `if` that holds the `goto`, or read `{output}` only after the `let` on every path"
            ))
        }
        CompileError::Invalid {
            file,
            span,
            workflow,
            error,
        } => Diagnostic::error(
            "E0504",
            format!("workflow `{workflow}` compiles to bytecode that fails verification"),
            Label::new(*file, *span, "here"),
        )
        .with_note(format!("note: {error}"))
        .with_note("help: this is a defect in `wf`; please report it with the workflow"),
    }
}
