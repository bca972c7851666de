//! `wf import` warnings and `wf export` errors as diagnostics (IMPORT.md:
//! "warnings are diagnostics like `check`'s", codes `W05xx`).

use crate::diagnostics::{CodeInfo, Diagnostic, FileId, Label};
use crate::import::{ExportError, Warning};
use crate::syntax::span::Span;

const fn info(code: &'static str, title: &'static str, explanation: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        title,
        explanation,
    }
}

/// The import and export codes, sorted.
pub const CODES: &[CodeInfo] = &[
    info(
        "E0601",
        "no HubSpot form",
        "`wf export` met a construct HubSpot's v4 flows cannot express: an `unenroll when`, a delay until a time of \
day or a weekday, a catalog action with no row in the mapping table, an expression or template in an argument, a \
`let`, or an `enroll in workflow`. Rewrite it, or keep the workflow in `.wf` only.

Not exportable:
    delay until tuesday 09:00
Exportable:
    delay 1 day
",
    ),
    info(
        "W0501",
        "time zone assumed",
        "HubSpot runs a flow's times in the portal's zone, which the flow JSON does not carry. Without `--tz`, \
`wf import` writes `timezone \"America/New_York\"`.

    wf import flow.json --tz Europe/Stockholm
",
    ),
    info(
        "W0502",
        "split weights",
        "The public flow schema has no A/B split weights, so an imported `split` gives its arms equal shares. \
Edit the percentages to match the portal.
",
    ),
    info(
        "W0503",
        "suppression lists",
        "A flow's `suppressionListIds` have no `.wf` form. Add the exclusion to the trigger by hand, e.g. \
`enroll when … and not (list_member == \"true\")`.
",
    ),
    info(
        "W0504",
        "filter without a `.wf` form",
        "A HubSpot filter the language cannot express (an operator such as `HAS_EVER_BEEN_EQUAL_TO`, an event or \
list filter) became a placeholder condition `?`. `check` warns and `compile` refuses until a person writes the \
condition.
",
    ),
    info(
        "W0505",
        "field without a parameter",
        "A field of a known HubSpot action maps to no parameter of its catalog action and is left out. The warning \
names the field's JSON path.
",
    ),
    info(
        "W0506",
        "action kept verbatim",
        "An `actionTypeId` the mapping table does not name is kept as `hubspot_action(type: …, version: …, fields: \
{…})`, its fields verbatim; `wf export` writes it back unchanged.
",
    ),
    info(
        "W0507",
        "steps repeated",
        "A `GO-TO` edge that `goto` cannot express (it is not the last step of an `if` arm, or its target is not in \
another `if` arm) is imported by repeating the target's steps.
",
    ),
    info(
        "W0508",
        "setting without a `.wf` form",
        "A flow setting the language lacks (a relative monthly or yearly schedule, a blocked date without a year, \
re-enrollment triggers, unenrolling records that stop matching) is left out; the warning names it.
",
    ),
    info(
        "W0509",
        "unreachable action",
        "An action that no path from `startActionId` reaches never runs in HubSpot either; it is left out.
",
    ),
];

/// An import warning about the flow file `file` whose text is `text`,
/// labelled at the value its JSON path names.
pub fn warning(file: FileId, text: &str, warning: &Warning) -> Diagnostic {
    let message = format!("{} (at `{}`)", warning.message, warning.path);
    let (start, end) = crate::import::locate(text, &warning.path);
    Diagnostic::warning(warning.code, message, Label::new(file, Span::new(start, end), "here"))
}

/// An export error at its place in the `.wf` file.
pub fn export_error(file: FileId, error: &ExportError) -> Diagnostic {
    Diagnostic::error(
        "E0601",
        error.message.clone(),
        Label::new(file, error.span, "HubSpot cannot express this"),
    )
}
