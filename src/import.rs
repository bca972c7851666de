//! `wf import` and `wf export` (IMPORT.md): HubSpot's Automation API v4 flow
//! JSON into formatted `.wf` text, and back.
//!
//! - [`flow`]: the serde model of a flow, unknown members kept in order.
//! - [`mapping`]: the `actionTypeId` ↔ catalog table, each row with its evidence.
//! - [`read_flows`] checks a file's shape and names the JSON path of the first
//!   problem; [`import_flow`] turns one flow into `.wf` text and warnings;
//!   [`export_workflow`] turns one checked workflow into a create request.
//!
//! Errors and warnings are data ([`InputError`], [`Warning`]); the CLI and
//! [`crate::diagnostics::import`] render them.

pub mod flow;
pub mod json;
pub mod mapping;

mod conditions;
mod export;
mod locate;
mod names;
mod shape;
mod structure;
mod text;

pub use export::{ExportError, export_workflow};
pub use locate::locate;
pub use names::{event_name, file_stem, file_stems};

use flow::Flow;

/// The zone assumed when `--tz` is not given (IMPORT.md: HubSpot runs a
/// flow's times in the account's zone, which the JSON does not carry).
pub const DEFAULT_ZONE: &str = "America/New_York";

/// At most this many actions in one flow: the join computation is quadratic
/// in the worst case, and no hand-built flow comes near it.
pub const MAX_ACTIONS: usize = 5_000;

/// At most this many steps written for one flow, counting the steps repeated
/// for `GO-TO` edges that `goto` cannot express (repetition can multiply).
pub const MAX_STEPS: usize = 50_000;

/// A file that is not a flow, or a flow `wf` cannot read (exit 2).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at `{path}`)")]
pub struct InputError {
    /// The JSON path of the problem, 0-based (`actions[3].connection.nextActionId`).
    pub path: String,
    /// A lowercase message saying what is wrong and how to fix it.
    pub message: String,
}

impl InputError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// A lossy spot of an import (IMPORT.md, "Warnings", codes `W05xx`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The stable code (`W0501`).
    pub code: &'static str,
    /// The JSON path the warning is about.
    pub path: String,
    /// A lowercase message naming the thing in backticks.
    pub message: String,
}

/// The warning codes of `wf import`.
pub mod codes {
    /// The portal's time zone was not given: `America/New_York` assumed.
    pub const ASSUMED_ZONE: &str = "W0501";
    /// An A/B split's weights are not in the public schema: equal weights.
    pub const SPLIT_WEIGHTS: &str = "W0502";
    /// Suppression lists have no `.wf` form.
    pub const SUPPRESSION_LISTS: &str = "W0503";
    /// A filter the language lacks became a placeholder condition.
    pub const UNSUPPORTED_FILTER: &str = "W0504";
    /// A field of a known action that maps to no parameter.
    pub const UNMAPPED_FIELD: &str = "W0505";
    /// An action type not in the mapping table, kept as `hubspot_action`.
    pub const UNKNOWN_ACTION: &str = "W0506";
    /// A `GO-TO` that `goto` cannot express: the target's steps repeated.
    pub const REPEATED_STEPS: &str = "W0507";
    /// A flow setting with no `.wf` form (an unsupported schedule, a
    /// recurring blocked date, re-enrollment triggers, …).
    pub const UNSUPPORTED_SETTING: &str = "W0508";
    /// An action no path from `startActionId` reaches.
    pub const UNREACHABLE_ACTION: &str = "W0509";
}

/// Options of `wf import`.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// `--tz`: the portal's IANA time zone; `None` assumes [`DEFAULT_ZONE`].
    pub zone: Option<String>,
}

/// One flow turned into `.wf` text.
#[derive(Clone, Debug)]
pub struct ImportedFlow {
    /// The flow's `name` (or `flow` when it has none).
    pub name: String,
    /// The flow's `id`, for file names that clash.
    pub id: Option<String>,
    /// The workflow, in canonical layout, ending with a newline.
    pub text: String,
    /// The lossy spots, in the order met.
    pub warnings: Vec<Warning>,
}

/// One flow read from a file, with the JSON path that leads to it (`` for a
/// file holding one flow, `results[2]` in a list page).
#[derive(Clone, Debug)]
pub struct LocatedFlow {
    pub path: String,
    pub flow: Flow,
}

/// Reads a file holding one flow or a list page (`{"results": [flow, …]}`).
pub fn read_flows(text: &str) -> Result<Vec<LocatedFlow>, InputError> {
    shape::read_flows(text)
}

/// Turns one flow into `.wf` text and its warnings. A flow whose graph loops,
/// or whose `nextActionId`s name missing actions, is an [`InputError`] naming
/// the JSON path (below the flow's own path in its file).
pub fn import_flow(located: &LocatedFlow, options: &ImportOptions) -> Result<ImportedFlow, InputError> {
    text::import(located, options)
}

/// `a.b` joined as JSON paths are (`` + `actions` is `actions`).
fn join(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_string()
    } else if rest.starts_with('[') {
        format!("{prefix}{rest}")
    } else {
        format!("{prefix}.{rest}")
    }
}
