//! Rendering of structure (E01xx) and action (E02xx) problems.

use super::{Render, Replace, list, number, param_type, ty_name};
use crate::catalog::ParamType;
use crate::check::types::Ty;
use crate::check::{ActionError, Gated, StructureError};
use crate::diagnostics::Diagnostic;
use crate::syntax::span::Span;

/// A structure or literal problem as a diagnostic.
pub(super) fn structure(r: &Render, problem: &StructureError) -> Diagnostic {
    let at = |span: Span, message: &str| r.label(span, message);
    let error = |message: String, span: Span, label: &str| r.error(message, span, label);
    use StructureError::*;
    match problem {
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
            suggestions,
            day_allowed,
        } => {
            let words = if *day_allowed {
                "`monday` … `sunday`, `weekday` or `day`"
            } else {
                "`monday` … `sunday` or `weekday`"
            };
            let diagnostic = error(format!("unknown weekday `{word}`"), *span, "not a weekday");
            if suggestions.is_empty() {
                diagnostic.with_note(format!("help: a weekday is one of {words}"))
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Word)
            }
        }
        WeekdayTypo { span, word, suggestion } => r.did_you_mean(
            error(
                format!("`{word}` after `delay until` looks like a misspelt weekday"),
                *span,
                "a weekday typo, not a property",
            )
            .with_note(
                "note: a one-word property this close to a weekday name is taken as a typo; rename the property",
            ),
            *span,
            &[suggestion],
            Replace::Word,
        ),
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
        UnknownTimeZone {
            span,
            name,
            suggestions,
        } => {
            let diagnostic = error(
                format!("unknown time zone `{name}`"),
                *span,
                "not an IANA time zone name",
            );
            if suggestions.is_empty() {
                diagnostic.with_note("help: use an IANA name such as `Europe/Stockholm` or `UTC`")
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Quoted)
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
    }
}

/// An action-call problem as a diagnostic.
pub(super) fn action(r: &Render, problem: &ActionError) -> Diagnostic {
    let at = |span: Span, message: &str| r.label(span, message);
    let error = |message: String, span: Span, label: &str| r.error(message, span, label);
    use ActionError::*;
    match problem {
        UnknownAction {
            span,
            name,
            suggestions,
        } => r.did_you_mean(
            error(format!("unknown action `{name}`"), *span, "not in the action catalog"),
            *span,
            suggestions,
            Replace::Word,
        ),
        UnknownParameter {
            span,
            action,
            name,
            suggestions,
            params,
        } => {
            let diagnostic = error(
                format!("`{action}` has no parameter `{name}`"),
                *span,
                "unknown parameter",
            );
            if !suggestions.is_empty() {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Word)
            } else if params.is_empty() {
                diagnostic.with_note(format!("note: `{action}` takes no arguments"))
            } else {
                diagnostic.with_note(format!("note: its parameters are {}", list(params, "and")))
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
            suggestions,
        } => {
            let diagnostic = error(
                format!("`{value}` is not a valid `{param}` for `{action}`"),
                *span,
                &format!("expected {}", list(allowed, "or")),
            );
            if suggestions.is_empty() {
                diagnostic.with_note(format!("note: `{param}` is one of {}", list(allowed, "or")))
            } else {
                r.did_you_mean(diagnostic, *span, suggestions, Replace::Quoted)
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
    }
}
