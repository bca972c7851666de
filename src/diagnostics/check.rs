//! Checker errors and warnings -> diagnostics, and their codes' explanations
//! (in `check/codes.rs`).

mod codes;

pub use codes::CODES;

use super::{Diagnostic, Label};
use crate::catalog::ParamType;
use crate::check::types::Ty;
use crate::check::{CheckError, Gated, Problem};
use crate::syntax::span::Span;

/// The stable code of a checker problem.
pub fn code(error: &CheckError) -> &'static str {
    use CheckError::*;
    match error {
        SettingAfterStep { .. } => "E0101",
        MissingObject { .. } => "E0102",
        RepeatedSetting { .. } => "E0103",
        MissingEnroll { .. } => "E0104",
        InvalidTime { .. } => "E0105",
        InvalidDate { .. } => "E0106",
        UnknownWeekday { .. } | WeekdayTypo { .. } => "E0107",
        PercentOutOfRange { .. } => "E0108",
        SplitSum { .. } => "E0109",
        TooManyBranchValues { .. } => "E0110",
        RepeatedBranchValue { .. } => "E0111",
        UnknownTimeZone { .. } => "E0112",
        WindowNotAfterStart { .. } => "E0113",
        MonthDayOutOfRange { .. } => "E0114",
        InvalidOffset { .. } => "E0115",
        UnknownAction { .. } => "E0201",
        UnknownParameter { .. } => "E0202",
        ArgumentType { .. } => "E0203",
        MissingArgument { .. } => "E0204",
        ActionNotAllowed { .. } => "E0205",
        TooManyArguments { .. } => "E0207",
        DuplicateArgument { .. } => "E0208",
        InvalidEnumValue { .. } => "E0209",
        ExactlyOneOf { .. } => "E0210",
        DigitsOnly { .. } => "E0211",
        NotInPlans { .. } => "E0212",
        UnknownLabel { .. } => "E0301",
        DuplicateLabel { .. } => "E0302",
        GotoNotLast { .. } => "E0303",
        GotoSameArm { .. } => "E0304",
        GotoTargetOutsideIf { .. } => "E0305",
        GotoCycle { .. } => "E0306",
        UnknownWorkflow { .. } => "E0307",
        WorkflowObjectMismatch { .. } => "E0308",
        DuplicateWorkflow { .. } => "E0309",
        LetOutOfScope { .. } => "E0310",
        UnknownOutput { .. } => "E0311",
        ReservedLetName { .. } => "E0312",
        DuplicateLet { .. } => "E0313",
        EventOutsideWhere { .. } => "E0314",
        UnknownFunction { .. } => "E0315",
        FunctionArity { .. } => "E0316",
        FieldOnClock { .. } => "E0317",
        EventWithoutField { .. } => "E0318",
        NotAProperty { .. } => "E0319",
        UnknownObject { .. } => "E0401",
        UnknownProperty { .. } => "E0402",
        UnknownAssociation { .. } => "E0403",
        NotANumber { .. } => "E0404",
        BranchLiteralType { .. } => "E0405",
        DelayUntilType { .. } => "E0406",
        ComparisonTypes { .. } => "E0407",
        SetType { .. } => "E0408",
        NotInEnum { .. } => "E0409",
        OperandTypes { .. } => "E0410",
        ConditionType { .. } => "E0411",
        FunctionArgType { .. } => "E0412",
        Placeholder { .. } => "W0001",
        UnreachableAfterStop { .. } => "W0002",
        BranchWithoutElse { .. } => "W0003",
        UnusedLet { .. } => "W0004",
    }
}

/// A checker problem as a diagnostic.
pub fn to_diagnostic(problem: &Problem) -> Diagnostic {
    let file = problem.file;
    let code = code(&problem.error);
    let at = |span: Span, message: &str| Label::new(file, span, message);
    let error = |message: String, span: Span, label: &str| Diagnostic::error(code, message, at(span, label));
    let warning = |message: String, span: Span, label: &str| Diagnostic::warning(code, message, at(span, label));
    use CheckError::*;
    match &problem.error {
        // ---- E01xx ----
        SettingAfterStep {
            span,
            setting,
            first_step,
        } => error(
            format!("the setting `{setting}` comes after the first step"),
            *span,
            "setting after a step",
        )
        .with_secondary(at(*first_step, "the first step is here"))
        .with_note("help: move every setting above the first step of the workflow"),
        MissingObject { span, workflow } => error(
            format!("workflow `{workflow}` has no `object` setting"),
            *span,
            "needs `object TYPE`",
        )
        .with_note("help: add a setting such as `object contact` before the first step"),
        RepeatedSetting { span, setting, first } => error(
            format!("the setting `{setting}` is given more than once"),
            *span,
            "given again here",
        )
        .with_secondary(at(*first, "first given here"))
        .with_note(format!("help: keep one `{setting}` setting and remove the others")),
        MissingEnroll { span, workflow } => error(
            format!("workflow `{workflow}` has no `enroll` setting, so nothing can enroll a record"),
            *span,
            "needs an `enroll` setting",
        )
        .with_note(
            "help: add `enroll when COND`, `enroll on event NAME`, `enroll every SCHEDULE`, or `enroll manually`",
        ),
        InvalidTime {
            span,
            hour,
            minute,
            second,
        } => {
            let written = match second {
                Some(second) => format!("{hour:02}:{minute:02}:{second:02}"),
                None => format!("{hour:02}:{minute:02}"),
            };
            error(format!("invalid time of day `{written}`"), *span, "not a time of day")
                .with_note("help: hours go from 00 to 23 and minutes (and seconds) from 00 to 59")
        }
        InvalidDate { span, year, month, day } => error(
            format!("invalid date `{year:04}-{month:02}-{day:02}`"),
            *span,
            "no such day in the calendar",
        )
        .with_note("help: write a real date as `YYYY-MM-DD`; months go from 01 to 12, days to the month's last day"),
        UnknownWeekday {
            span,
            word,
            suggestion,
            day_allowed,
        } => {
            let words = if *day_allowed {
                "`monday` … `sunday`, `weekday` or `day`"
            } else {
                "`monday` … `sunday` or `weekday`"
            };
            let diagnostic = error(format!("unknown weekday `{word}`"), *span, "not a weekday");
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None => diagnostic.with_note(format!("help: a weekday is one of {words}")),
            }
        }
        WeekdayTypo { span, word, suggestion } => error(
            format!("`{word}` after `delay until` looks like a misspelt weekday"),
            *span,
            "a weekday typo, not a property",
        )
        .with_suggestion(Some(suggestion))
        .with_note("note: a one-word property this close to a weekday name is taken as a typo; rename the property"),
        PercentOutOfRange { span, value } => error(
            format!("split percentage `{}%` is out of range", number(*value)),
            *span,
            "not a whole percentage from 1 to 100",
        )
        .with_note("help: each arm of a `split` takes a whole percentage from 1% to 100%"),
        SplitSum { span, total, percents } => {
            let mut diagnostic = error(
                format!("split percentages sum to {}%, not 100%", number(*total)),
                *span,
                "the arms must add up to 100%",
            );
            for percent in percents {
                diagnostic = diagnostic.with_secondary(at(*percent, ""));
            }
            let gap = 100.0 - total;
            let fix = if gap > 0.0 {
                format!("add {}% to the arms", number(gap))
            } else {
                format!("take {}% from the arms", number(-gap))
            };
            diagnostic.with_note(format!("help: {fix}"))
        }
        TooManyBranchValues { span, count } => error(
            format!("`branch on` has {count} distinct values, more than the limit of 250"),
            *span,
            "too many values",
        )
        .with_note("help: split the values over nested branches, or test them with `if … in [...]`"),
        RepeatedBranchValue { span, value, first } => error(
            format!("the value {value} appears in more than one place of this `branch on`"),
            *span,
            "repeated here",
        )
        .with_secondary(at(*first, "first listed here"))
        .with_note("help: a value may appear in only one arm; remove this one"),
        UnknownTimeZone { span, name, suggestion } => {
            let diagnostic = error(
                format!("unknown time zone `{name}`"),
                *span,
                "not an IANA time zone name",
            );
            match suggestion {
                Some(_) => diagnostic.with_suggestion(*suggestion),
                None => diagnostic.with_note("help: use an IANA name such as `Europe/Stockholm` or `UTC`"),
            }
        }
        WindowNotAfterStart { span, start } => error(
            "the window ends before or when it starts".to_string(),
            *span,
            "must be after the start",
        )
        .with_secondary(at(*start, "the window starts here"))
        .with_note("help: a window runs within one day; for an overnight window write two windows"),
        MonthDayOutOfRange { span, value } => error(
            format!("day of the month `{}` is out of range", number(*value)),
            *span,
            "not a whole number from 1 to 31",
        )
        .with_note("help: write `month on day N` with N from 1 to 31; a shorter month uses its last day"),
        InvalidOffset { span, minutes } => error(
            format!(
                "invalid UTC offset of {}{} minutes",
                if *minutes < 0 { "-" } else { "+" },
                minutes.unsigned_abs()
            ),
            *span,
            "offset out of range",
        )
        .with_note("help: an offset is `Z` or `±HH:MM` under 24 hours"),

        // ---- E02xx ----
        UnknownAction { span, name, suggestion } => {
            error(format!("unknown action `{name}`"), *span, "not in the action catalog").with_suggestion(*suggestion)
        }
        UnknownParameter {
            span,
            action,
            name,
            suggestion,
            params,
        } => {
            let diagnostic = error(
                format!("`{action}` has no parameter `{name}`"),
                *span,
                "unknown parameter",
            );
            match suggestion {
                Some(_) => diagnostic.with_suggestion(*suggestion),
                None if params.is_empty() => diagnostic.with_note(format!("note: `{action}` takes no arguments")),
                None => diagnostic.with_note(format!("note: its parameters are {}", list(params, "and"))),
            }
        }
        ArgumentType {
            span,
            action,
            param,
            expected,
            found,
        } => {
            let diagnostic = error(
                format!(
                    "argument `{param}` of `{action}` takes {}, not {}",
                    param_type(expected),
                    ty_name(found)
                ),
                *span,
                &format!("this is {}", ty_name(found)),
            );
            let help = match (expected, found) {
                (ParamType::List, Ty::Str) => Some("help: wrap a single value in a list: `[\"…\"]`"),
                (ParamType::Str | ParamType::Enum(_), Ty::Num) => {
                    Some("help: write it as a string in quotes, or use a template such as `\"{{score}}\"`")
                }
                (ParamType::Dur, _) => Some("help: write a duration such as `2 days` or `90 minutes`"),
                _ => None,
            };
            match help {
                Some(help) => diagnostic.with_note(help),
                None => diagnostic,
            }
        }
        MissingArgument {
            span,
            action,
            param,
            ty,
        } => error(
            format!("`{action}` needs the argument `{param}`"),
            *span,
            &format!("`{param}` is missing"),
        )
        .with_note(format!("help: add `{param}: …` ({})", param_type(ty))),
        ActionNotAllowed {
            span,
            action,
            object,
            object_span,
            allowed,
        } => error(
            format!("`{action}` cannot be used in a `{object}` workflow"),
            *span,
            &format!("not available for `{object}`"),
        )
        .with_secondary(at(*object_span, "the workflow's object type"))
        .with_note(format!("note: `{action}` is available for {}", list(allowed, "and"))),
        TooManyArguments { span, action, max } => {
            let diagnostic = error(
                format!(
                    "`{action}` takes at most {max} positional argument{}",
                    if *max == 1 { "" } else { "s" }
                ),
                *span,
                "one too many",
            );
            if *max == 0 {
                diagnostic.with_note(format!("help: `{action}` takes no arguments; remove them"))
            } else {
                diagnostic.with_note("help: remove it, or name the parameter it is for")
            }
        }
        DuplicateArgument { span, param, first } => error(
            format!("the argument `{param}` is given more than once"),
            *span,
            "given again here",
        )
        .with_secondary(at(*first, "first given here"))
        .with_note("help: remove one of them"),
        InvalidEnumValue {
            span,
            action,
            param,
            value,
            allowed,
            suggestion,
        } => {
            let diagnostic = error(
                format!("`{value}` is not a valid `{param}` for `{action}`"),
                *span,
                &format!("expected {}", list(allowed, "or")),
            );
            match suggestion {
                Some(_) => diagnostic.with_suggestion(*suggestion),
                None => diagnostic.with_note(format!("note: `{param}` is one of {}", list(allowed, "or"))),
            }
        }
        ExactlyOneOf {
            span,
            action,
            params,
            given,
        } => {
            let choice = list(params, "or");
            let message = if given.is_empty() {
                format!("`{action}` needs one of {choice}")
            } else {
                format!("`{action}` takes only one of {choice}")
            };
            let mut diagnostic = error(message, *span, "give exactly one of them");
            for arg in given {
                diagnostic = diagnostic.with_secondary(at(*arg, "given here"));
            }
            diagnostic.with_note(format!("help: give exactly one of {choice}"))
        }
        DigitsOnly {
            span,
            action,
            param,
            value,
        } => {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            let diagnostic = error(
                format!("`{param}` of `{action}` must be digits only, not `{value}`"),
                *span,
                "digits only: no dashes or spaces",
            );
            if digits.is_empty() {
                diagnostic.with_note("help: write the numeric id, such as `\"84219364512\"`")
            } else {
                diagnostic.with_note(format!("help: write `\"{digits}\"`"))
            }
        }
        NotInPlans {
            span,
            what,
            needs,
            plans,
        } => {
            let subject = match what {
                Gated::Action(name) => format!("`{name}`"),
                Gated::Split => "a random `split`".to_string(),
                Gated::Function(name) => format!("the format-data function `{name}`"),
                Gated::Object(name) => format!("a `{name}` workflow"),
            };
            error(
                format!("{subject} needs {needs}; your plans: {}", plans.join(", ")),
                *span,
                "not included in your plans",
            )
            .with_note("help: upgrade a plan, pass the plans you have with `--plan`, or remove this")
        }

        // ---- E03xx ----
        UnknownLabel { span, name, suggestion } => {
            let diagnostic = error(format!("unknown label `{name}`"), *span, "no step has this label");
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None => diagnostic.with_note(format!("help: label the target step as `{name}: STEP`")),
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
        UnknownWorkflow { span, name, suggestion } => {
            let diagnostic = error(
                format!("unknown workflow `{name}`"),
                *span,
                "no workflow of the project has this name",
            );
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None => diagnostic.with_note("help: give the file that defines it to the same `wf` command"),
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
            suggestion,
        } => {
            let diagnostic = error(
                format!("`{binding}` has no output `{field}`"),
                *span,
                &format!("not an output of `{action}`"),
            );
            match suggestion {
                Some(_) => diagnostic.with_suggestion(*suggestion),
                None if outputs.is_empty() => diagnostic.with_note(format!("note: `{action}` has no outputs")),
                None => diagnostic.with_note(format!("note: `{action}` outputs {}", list(outputs, "and"))),
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
        UnknownFunction { span, name, suggestion } => {
            let diagnostic = error(format!("unknown function `{name}`"), *span, "not a function");
            match suggestion {
                Some(_) => diagnostic.with_suggestion(*suggestion),
                None => diagnostic.with_note(
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

        // ---- E04xx ----
        UnknownObject {
            span,
            name,
            suggestion,
            with_schema,
        } => {
            let diagnostic = error(format!("unknown object type `{name}`"), *span, "not an object type");
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None if *with_schema => {
                    diagnostic.with_note("help: describe the custom object under `objects` in the schema")
                }
                None => diagnostic,
            }
        }
        UnknownProperty {
            span,
            object,
            name,
            suggestion,
        } => {
            let diagnostic = error(
                format!("`{object}` has no property `{name}`"),
                *span,
                "not in the schema",
            );
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None => diagnostic.with_note(format!(
                    "help: add `{name}` to the properties of `{object}` in the schema"
                )),
            }
        }
        UnknownAssociation {
            span,
            object,
            name,
            suggestion,
            with_schema,
        } => {
            let message = if *with_schema && !object.is_empty() {
                format!("`{object}` has no association `{name}`")
            } else {
                format!("`{name}` is neither an associated object type nor a `let` binding")
            };
            let diagnostic = error(message, *span, "unknown association");
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None => diagnostic.with_note(format!(
                    "help: add `{name}` to the associations of `{object}` in the schema"
                )),
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
            suggestion,
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
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None => diagnostic.with_note("help: every value of a `branch on` must have the type of its path"),
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
            suggestion,
        } => {
            let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
            let diagnostic = error(
                format!("`{value}` is not one of the property's values"),
                *span,
                "not a value of this enum",
            );
            match suggestion {
                Some(s) => diagnostic.with_suggestion(Some(s)),
                None => diagnostic.with_note(format!("note: the values are {}", list(&names, "and"))),
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

        // ---- W00xx ----
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

/// A number as written in messages: integers without a fraction.
fn number(value: f64) -> String {
    crate::value::number_json(value).to_string()
}

/// `` `a`, `b` and `c` ``.
fn list(items: &[&str], last: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// A type as a noun phrase: "a string", "a number", "one of `a`, `b`".
pub fn ty_name(ty: &Ty) -> String {
    match ty {
        Ty::Str => "a string".to_string(),
        Ty::Num => "a number".to_string(),
        Ty::Bool => "a boolean".to_string(),
        Ty::Date => "a date".to_string(),
        Ty::DateTime => "a date-time".to_string(),
        Ty::Duration => "a duration".to_string(),
        Ty::List => "a list".to_string(),
        Ty::Map => "a map".to_string(),
        Ty::Enum(values) => {
            let names: Vec<&str> = values.iter().map(String::as_str).collect();
            format!("an enum of {}", list(&names, "and"))
        }
        Ty::Unknown => "a value of unknown type".to_string(),
    }
}

/// A catalog parameter type as a noun phrase.
fn param_type(ty: &ParamType) -> String {
    match ty {
        ParamType::Str => "a string".to_string(),
        ParamType::Num => "a number".to_string(),
        ParamType::Bool => "`true` or `false`".to_string(),
        ParamType::Dur => "a duration".to_string(),
        ParamType::List => "a list `[…]`".to_string(),
        ParamType::Map => "a map `{ key: value }`".to_string(),
        ParamType::Enum(values) => format!("one of {}", list(values, "or")),
    }
}

fn article(word: &str) -> String {
    match word {
        "date" => "a date or date-time".to_string(),
        other => format!("a {other}"),
    }
}

fn comparison_help(op: &str) -> String {
    match op {
        "contains" | "starts_with" | "ends_with" => format!("help: `{op}` works on strings"),
        "<" | "<=" | ">" | ">=" => {
            "help: order compares two numbers, two dates or date-times, or two strings".to_string()
        }
        _ => "help: compare values of the same type, e.g. a number with a number".to_string(),
    }
}

fn operator_help(op: &str) -> String {
    match op {
        "+" => "help: `+` adds numbers, adds a duration to a date, or joins strings".to_string(),
        "-" => "help: `-` subtracts numbers, or a duration from a date".to_string(),
        "and" | "or" | "not" => format!("help: `{op}` combines conditions, such as `score > 5`"),
        _ => format!("help: `{op}` works on numbers"),
    }
}
