//! Rendering of name (E03xx) and type (E04xx) problems, and of warnings (W00xx).

use super::{Render, Replace, article, comparison_help, list, operator_help, ty_name};
use crate::check::{NameError, TypeError, Warning};
use crate::diagnostics::{Diagnostic, Label};
use crate::syntax::span::Span;

/// A name, label or workflow problem as a diagnostic.
pub(super) fn name(r: &Render, problem: &NameError) -> Diagnostic {
    let at = |span: Span, message: &str| r.label(span, message);
    let error = |message: String, span: Span, label: &str| r.error(message, span, label);
    use NameError::*;
    match problem {
        UnknownLabel {
            span,
            name,
            suggestions,
        } => {
            let diagnostic = error(format!("unknown label `{name}`"), *span, "no step has this label");
            if suggestions.is_empty() {
                diagnostic.with_note(format!("help: label the target step as `{name}: STEP`"))
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Word)
            }
        }
        DuplicateLabel { span, name, first } => error(
            format!("the label `{name}` is used more than once"),
            *span,
            "used again here",
        )
        .with_secondary(at(*first, "first used here"))
        .with_note("help: give each step its own label"),
        GotoNotLast {
            span,
            in_if_arm,
            following,
        } => {
            let diagnostic = error(
                "`goto` must be the last step of an arm of an `if`".to_string(),
                *span,
                if *in_if_arm {
                    "not the last step of its arm"
                } else {
                    "not in an arm of an `if`"
                },
            );
            let diagnostic = match following {
                Some(next) => diagnostic.with_secondary(at(*next, "this step follows the `goto`")),
                None => diagnostic,
            };
            diagnostic.with_note("help: put the `goto` at the end of an `if` arm, e.g. `else { goto LABEL }`")
        }
        GotoSameArm { span, label, target } => error(
            format!("`goto {label}` jumps to a step in its own arm"),
            *span,
            "jumps within its own arm",
        )
        .with_secondary(at(*target, "the label is in the same arm"))
        .with_note("help: a `goto` jumps to a step in another arm of an `if`; within one arm this would loop"),
        GotoTargetOutsideIf { span, label, target } => error(
            format!("`goto {label}` jumps to a step that is not inside an arm of an `if`"),
            *span,
            "the target must be in an `if` arm",
        )
        .with_secondary(at(*target, "this step is not in an `if` arm"))
        .with_note("help: move the labelled step into an arm of an `if`"),
        GotoCycle {
            span,
            label,
            target,
            steps,
        } => {
            let mut diagnostic = error(
                format!("`goto {label}` makes the workflow loop"),
                *span,
                "jumps back to a step that leads here again",
            )
            .with_secondary(at(*target, &format!("1. `goto {label}` continues here")));
            for (i, step) in steps.iter().enumerate() {
                diagnostic = diagnostic.with_secondary(at(*step, &format!("{}. then here", i + 2)));
            }
            diagnostic
                .with_note("note: the control flow of a workflow must stay acyclic")
                .with_note("help: jump to a step that does not lead back to this `goto`, or end the loop with `stop`")
        }
        UnknownWorkflow {
            span,
            name,
            suggestions,
        } => {
            let diagnostic = error(
                format!("unknown workflow `{name}`"),
                *span,
                "no workflow of the project has this name",
            );
            if suggestions.is_empty() {
                diagnostic.with_note("help: give the file that defines it to the same `wf` command")
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Quoted)
            }
        }
        WorkflowObjectMismatch {
            span,
            name,
            object,
            target_object,
            target,
        } => error(
            format!("workflow `{name}` enrolls `{target_object}` records, not `{object}` records"),
            *span,
            &format!("a `{object}` cannot enroll here"),
        )
        .with_secondary(Label::new(
            target.file,
            target.span,
            format!("`{name}` enrolls `{target_object}`"),
        ))
        .with_note("help: `enroll in workflow` needs a workflow of the same object type"),
        DuplicateWorkflow { span, name, first } => error(
            format!("the workflow name `{name}` is defined more than once"),
            *span,
            "defined again here",
        )
        .with_secondary(Label::new(first.file, first.span, "first defined here"))
        .with_note("help: workflow names are unique within a project; rename one"),
        LetOutOfScope { span, name, binding } => error(
            format!("`{name}` is not bound here"),
            *span,
            "read outside its `let`'s scope",
        )
        .with_secondary(at(*binding, &format!("`{name}` is bound here")))
        .with_note("note: a `let` output can be read after the `let`, in the same block or a block nested in it"),
        UnknownOutput {
            span,
            binding,
            action,
            field,
            outputs,
            suggestions,
        } => {
            let diagnostic = error(
                format!("`{binding}` has no output `{field}`"),
                *span,
                &format!("not an output of `{action}`"),
            );
            if !suggestions.is_empty() {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Word)
            } else if outputs.is_empty() {
                diagnostic.with_note(format!("note: `{action}` has no outputs"))
            } else {
                diagnostic.with_note(format!("note: `{action}` outputs {}", list(outputs, "and")))
            }
        }
        ReservedLetName { span, name } => {
            let why = if name == "event" {
                "`event` names the event's data"
            } else {
                "it is an object type, so `NAME.FIELD` would read an associated record"
            };
            error(format!("`{name}` cannot be a `let` name"), *span, "reserved name")
                .with_note(format!("note: {why}"))
                .with_note("help: choose another name, such as `result`")
        }
        DuplicateLet { span, name, first } => error(format!("`{name}` is already bound"), *span, "bound again here")
            .with_secondary(at(*first, "first bound here"))
            .with_note("help: give this `let` another name"),
        EventOutsideWhere { span, field } => error(
            format!("`event.{field}` is read outside an event's `where`"),
            *span,
            "no event here",
        )
        .with_note("note: `event.FIELD` is readable only in `enroll on event … where` and `delay until event … where`"),
        UnknownFunction {
            span,
            name,
            suggestions,
        } => {
            let diagnostic = error(format!("unknown function `{name}`"), *span, "not a function");
            match suggestions.is_empty() {
                false => r.did_you_mean(diagnostic, *span, suggestions, Replace::Word),
                true => diagnostic.with_note(
                    "note: the functions are `upper`, `lower`, `capitalize`, `trim`, `length`, `replace`, `round`, \
                     `floor`, `ceil`, `abs`, `min`, `max`, `coalesce`, `days_between`, `format_date`",
                ),
            }
        }
        FunctionArity {
            span,
            name,
            min,
            max,
            given,
        } => {
            let takes = if min == max {
                format!("{min} argument{}", if *min == 1 { "" } else { "s" })
            } else {
                format!("{min} or {max} arguments")
            };
            error(
                format!("`{name}` takes {takes}, not {given}"),
                *span,
                &format!("{given} given"),
            )
            .with_note(format!("help: call `{name}` with {takes}"))
        }
        FieldOnClock { span, head, field } => error(
            format!("`{head}` has no field `{field}`"),
            *span,
            &format!("`{head}` is a value, not a record"),
        )
        .with_note(format!(
            "help: use `{head}` alone; for parts of it use a function such as `format_date({head}, \"%H\")`"
        )),
        EventWithoutField { span } => error("`event` is read without a field".to_string(), *span, "needs `.FIELD`")
            .with_note("help: read one field of the event's data, such as `event.form`"),
        NotAProperty { span, path } => error(
            format!("`{path}` is not a property, so it cannot be changed"),
            *span,
            "not a property",
        )
        .with_note("help: `set`, `clear`, `increment` and `decrement` change a property `prop` or `TYPE.prop`"),
    }
}

/// A schema or type problem as a diagnostic.
pub(super) fn types(r: &Render, problem: &TypeError) -> Diagnostic {
    let at = |span: Span, message: &str| r.label(span, message);
    let error = |message: String, span: Span, label: &str| r.error(message, span, label);
    use TypeError::*;
    match problem {
        UnknownObject {
            span,
            name,
            suggestions,
            with_schema,
        } => {
            let diagnostic = error(format!("unknown object type `{name}`"), *span, "not an object type");
            if !suggestions.is_empty() {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Word)
            } else if *with_schema {
                diagnostic.with_note("help: describe the custom object under `objects` in the schema")
            } else {
                diagnostic
            }
        }
        UnknownProperty {
            span,
            object,
            name,
            suggestions,
        } => {
            let diagnostic = error(
                format!("`{object}` has no property `{name}`"),
                *span,
                "not in the schema",
            );
            if suggestions.is_empty() {
                diagnostic.with_note(format!(
                    "help: add `{name}` to the properties of `{object}` in the schema"
                ))
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::WordOrQuoted)
            }
        }
        UnknownAssociation {
            span,
            object,
            name,
            suggestions,
            with_schema,
        } => {
            let message = if *with_schema && !object.is_empty() {
                format!("`{object}` has no association `{name}`")
            } else {
                format!("`{name}` is neither an associated object type nor a `let` binding")
            };
            let diagnostic = error(message, *span, "unknown association");
            if suggestions.is_empty() {
                diagnostic.with_note(format!(
                    "help: add `{name}` to the associations of `{object}` in the schema"
                ))
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Word)
            }
        }
        NotANumber { span, path, found } => match path {
            Some(path) => error(
                format!(
                    "`increment` and `decrement` need a number property, but `{path}` is {}",
                    ty_name(found)
                ),
                *span,
                "not a number",
            )
            .with_note("help: use `set` to change a property that is not a number"),
            None => error(
                format!("the amount after `by` must be a number, but this is {}", ty_name(found)),
                *span,
                "not a number",
            )
            .with_note("help: write a number, such as `by 10`"),
        },
        BranchLiteralType {
            span,
            path,
            expected,
            found,
            suggestions,
            first_literal,
        } => {
            let diagnostic = match first_literal {
                Some(first) => error(
                    format!(
                        "the values of `branch on {path}` mix {} and {}",
                        ty_name(expected),
                        ty_name(found)
                    ),
                    *span,
                    &format!("this is {}", ty_name(found)),
                )
                .with_secondary(at(*first, &format!("this is {}", ty_name(expected)))),
                None => error(
                    format!("this value does not fit `{path}`, which is {}", ty_name(expected)),
                    *span,
                    &format!("this is {}", ty_name(found)),
                ),
            };
            if suggestions.is_empty() {
                diagnostic.with_note("help: every value of a `branch on` must have the type of its path")
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Quoted)
            }
        }
        DelayUntilType { span, path, found } => error(
            format!(
                "`delay until {path}` needs a date or date-time, but `{path}` is {}",
                ty_name(found)
            ),
            *span,
            "not a date",
        )
        .with_note("help: wait until a date or date-time property, or use `delay DURATION`"),
        ComparisonTypes {
            span,
            op,
            left,
            right,
            left_span,
            right_span,
        } => error(
            format!("`{op}` cannot compare {} with {}", ty_name(left), ty_name(right)),
            *span,
            "incompatible operands",
        )
        .with_secondary(at(*left_span, &format!("this is {}", ty_name(left))))
        .with_secondary(at(*right_span, &format!("this is {}", ty_name(right))))
        .with_note(comparison_help(op)),
        SetType {
            span,
            path,
            expected,
            found,
        } => error(
            format!(
                "`{path}` is {}, but this value is {}",
                ty_name(expected),
                ty_name(found)
            ),
            *span,
            &format!("expected {}", ty_name(expected)),
        )
        .with_note(format!("help: set `{path}` to {}", ty_name(expected))),
        NotInEnum {
            span,
            value,
            allowed,
            suggestions,
        } => {
            let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
            let diagnostic = error(
                format!("`{value}` is not one of the property's values"),
                *span,
                "not a value of this enum",
            );
            if suggestions.is_empty() {
                diagnostic.with_note(format!("note: the values are {}", list(&names, "and")))
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Quoted)
            }
        }
        OperandTypes { span, op, left, right } => {
            let operands = match right {
                Some(right) => format!("{} and {}", ty_name(left), ty_name(right)),
                None => ty_name(left),
            };
            error(
                format!("`{op}` cannot be applied to {operands}"),
                *span,
                "operand types do not fit",
            )
            .with_note(operator_help(op))
        }
        ConditionType { span, found } => error(
            format!("a condition must be true or false, but this is {}", ty_name(found)),
            *span,
            "not a condition",
        )
        .with_note("help: compare it, e.g. `score > 0`, or test it with `is known`"),
        FunctionArgType {
            span,
            function,
            expected,
            found,
        } => error(
            format!("`{function}` takes {} here, not {}", article(expected), ty_name(found)),
            *span,
            &format!("this is {}", ty_name(found)),
        ),
    }
}

/// A warning as a diagnostic.
pub(super) fn warning(r: &Render, problem: &Warning) -> Diagnostic {
    let at = |span: Span, message: &str| r.label(span, message);
    let warning = |message: String, span: Span, label: &str| r.warning(message, span, label);
    use Warning::*;
    match problem {
        Placeholder { span, action, param } => {
            let what = match param {
                Some(param) => format!("argument `{param}` of `{action}`"),
                None => format!("an argument of `{action}`"),
            };
            warning(format!("placeholder `?` for {what}"), *span, "to be filled in")
                .with_note("note: `wf compile` and `wf run` refuse placeholders; fill in the value before deploying")
        }
        UnreachableAfterStop { span, stop } => {
            warning("unreachable step after `stop`".to_string(), *span, "never runs")
                .with_secondary(at(*stop, "the enrollment ends here"))
                .with_note("help: remove the steps after `stop`, or label one and reach it with `goto`")
        }
        BranchWithoutElse { span } => warning("`branch on` without an `else` arm".to_string(), *span, "no `else`")
            .with_note("note: a value that no arm lists, or an unknown value, takes no arm")
            .with_note("help: add `else => { … }`, even if empty"),
        UnusedLet { span, name } => warning(
            format!("the outputs of `{name}` are never read"),
            *span,
            "unused binding",
        )
        .with_note(format!(
            "help: read an output as `{name}.FIELD`, or call the action without `let {name} =`"
        )),
    }
}
