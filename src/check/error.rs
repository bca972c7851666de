//! The checker's problems as data: one variant per kind, holding spans, names
//! and candidates. `diagnostics/check.rs` turns them into diagnostics; the doc
//! line of each variant is a snippet that triggers it.

use crate::catalog::ParamType;
use crate::source::FileId;
use crate::syntax::span::Span;

use super::types::Ty;

/// A span in some file of the project (for places in another file, such as a
/// workflow's first definition).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: FileId,
    pub span: Span,
}

impl Place {
    /// A place in `file` at `span`.
    pub fn new(file: FileId, span: Span) -> Place {
        Place { file, span }
    }
}

/// A checker problem located in one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub file: FileId,
    pub error: CheckError,
}

impl Problem {
    /// A problem in `file`.
    pub fn new(file: FileId, error: CheckError) -> Problem {
        Problem { file, error }
    }
}

/// What a `--plan` gate was about.
#[derive(Clone, Debug, PartialEq)]
pub enum Gated {
    /// An action call.
    Action(String),
    /// A random `split`.
    Split,
    /// A format-data function.
    Function(String),
    /// The workflow's object type.
    Object(String),
}

/// One problem the checker found, by kind.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckError {
    /// E01xx.
    Structure(StructureError),
    /// E02xx.
    Action(ActionError),
    /// E03xx.
    Name(NameError),
    /// E04xx.
    Type(TypeError),
    /// W00xx.
    Warning(Warning),
}

/// E01xx: structure and literal validity (docs/language.md 2, 3)
#[derive(Clone, Debug, PartialEq)]
pub enum StructureError {
    /// `send_email("x")` then `timezone "UTC"`: a setting after the first step
    SettingAfterStep {
        span: Span,
        setting: &'static str,
        first_step: Span,
    },
    /// `workflow "W" { enroll manually }` with no `object` setting
    MissingObject { span: Span, workflow: String },
    /// `object contact` twice (or `timezone`, `goal`, `unenroll when`, `reenroll`)
    RepeatedSetting {
        span: Span,
        setting: &'static str,
        first: Span,
    },
    /// `workflow "W" { object contact  stop }` with no `enroll` setting
    MissingEnroll { span: Span, workflow: String },
    /// `delay until 25:00`
    InvalidTime {
        span: Span,
        hour: u32,
        minute: u32,
        second: Option<u32>,
    },
    /// `delay until 2026-02-30`
    InvalidDate {
        span: Span,
        year: i32,
        month: u32,
        day: u32,
    },
    /// `delay until tuesdy 09:00`
    UnknownWeekday {
        span: Span,
        word: String,
        suggestions: Vec<&'static str>,
        day_allowed: bool,
    },
    /// `delay until tuesdy` (a one-word path that is a weekday typo)
    WeekdayTypo {
        span: Span,
        word: String,
        suggestion: &'static str,
    },
    /// `split { 0% { … } 100% { … } }`
    PercentOutOfRange { span: Span, value: f64 },
    /// `split { 50% { … } 40% { … } }`
    SplitSum {
        span: Span,
        total: f64,
        percents: Vec<Span>,
    },
    /// `branch on x { … }` with 251 distinct values
    TooManyBranchValues { span: Span, count: usize },
    /// `branch on x { "a" => {…} "a" => {…} }`
    RepeatedBranchValue { span: Span, value: String, first: Span },
    /// `timezone "Europe/Stokholm"`
    UnknownTimeZone {
        span: Span,
        name: String,
        suggestions: Vec<&'static str>,
    },
    /// `window weekday 17:00 to 09:00`
    WindowNotAfterStart { span: Span, start: Span },
    /// `enroll every month on day 32 at 09:00`
    MonthDayOutOfRange { span: Span, value: f64 },
    /// `delay until 2026-01-01T09:00+25:00`
    InvalidOffset { span: Span, minutes: i32 },
}

impl From<StructureError> for CheckError {
    fn from(error: StructureError) -> CheckError {
        CheckError::Structure(error)
    }
}

/// E02xx: action calls against the catalog and the plans (docs/language.md 5.1, 7)
#[derive(Clone, Debug, PartialEq)]
pub enum ActionError {
    /// `send_emial("welcome")`
    UnknownAction {
        span: Span,
        name: String,
        suggestions: Vec<&'static str>,
    },
    /// `create_task(titel: "Call")`
    UnknownParameter {
        span: Span,
        action: &'static str,
        name: String,
        suggestions: Vec<&'static str>,
        params: Vec<&'static str>,
    },
    /// `send_email(42)`
    ArgumentType {
        span: Span,
        action: &'static str,
        param: &'static str,
        expected: ParamType,
        found: Ty,
    },
    /// `create_task(due: 2 days)` without `title`
    MissingArgument {
        span: Span,
        action: &'static str,
        param: &'static str,
        ty: ParamType,
    },
    /// `enroll_in_sequence("s")` in a `deal` workflow
    ActionNotAllowed {
        span: Span,
        action: &'static str,
        object: String,
        object_span: Span,
        allowed: Vec<&'static str>,
    },
    /// `send_email("a", "b")`
    TooManyArguments {
        span: Span,
        action: &'static str,
        max: usize,
    },
    /// `send_email("a", email: "b")`
    DuplicateArgument {
        span: Span,
        param: &'static str,
        first: Span,
    },
    /// `create_task(title: "x", priority: "urgent")`
    InvalidEnumValue {
        span: Span,
        action: &'static str,
        param: &'static str,
        value: String,
        allowed: &'static [&'static str],
        suggestions: Vec<&'static str>,
    },
    /// `rotate_owner(users: ["a"], team: "t")`
    ExactlyOneOf {
        span: Span,
        action: &'static str,
        params: &'static [&'static str],
        given: Vec<Span>,
    },
    /// `zoom.add_to_webinar("123-456")`
    DigitsOnly {
        span: Span,
        action: &'static str,
        param: &'static str,
        value: String,
    },
    /// `send_email("x")` with `--plan sales-starter`
    NotInPlans {
        span: Span,
        what: Gated,
        needs: String,
        plans: Vec<String>,
    },
}

impl From<ActionError> for CheckError {
    fn from(error: ActionError) -> CheckError {
        CheckError::Action(error)
    }
}

/// E03xx: labels, `goto`, `let`, `event`, functions and workflows (docs/language.md 5, 6)
#[derive(Clone, Debug, PartialEq)]
pub enum NameError {
    /// `goto nudg` where only `nudge` labels a step
    UnknownLabel {
        span: Span,
        name: String,
        suggestions: Vec<String>,
    },
    /// `a: stop` and another `a: stop`
    DuplicateLabel { span: Span, name: String, first: Span },
    /// `goto a` as a top-level step, or followed by another step in its arm
    GotoNotLast {
        span: Span,
        in_if_arm: bool,
        following: Option<Span>,
    },
    /// `if x { a: send_email("e")  goto a }`
    GotoSameArm { span: Span, label: String, target: Span },
    /// `a: send_email("e")` at the top level, then `if x { goto a }`
    GotoTargetOutsideIf { span: Span, label: String, target: Span },
    /// `goto` back to a step from which the `goto` is reachable again
    GotoCycle {
        span: Span,
        label: String,
        target: Span,
        steps: Vec<Span>,
    },
    /// `enroll in workflow "Onbording"`
    UnknownWorkflow {
        span: Span,
        name: String,
        suggestions: Vec<String>,
    },
    /// `enroll in workflow "Deals"` from a contact workflow, where `Deals` enrolls deals
    WorkflowObjectMismatch {
        span: Span,
        name: String,
        object: String,
        target_object: String,
        target: Place,
    },
    /// `workflow "A"` defined twice in a project
    DuplicateWorkflow { span: Span, name: String, first: Place },
    /// `r.status` before `let r = webhook(…)`, or outside the block that binds it
    LetOutOfScope { span: Span, name: String, binding: Span },
    /// `r.code` where `let r = webhook(…)` has outputs `status`, `body`
    UnknownOutput {
        span: Span,
        binding: String,
        action: &'static str,
        field: String,
        outputs: Vec<&'static str>,
        suggestions: Vec<&'static str>,
    },
    /// `let company = create_task("x")` or `let event = …`
    ReservedLetName { span: Span, name: String },
    /// `let r = …` twice in one scope
    DuplicateLet { span: Span, name: String, first: Span },
    /// `event.form` in `enroll when`, or in a step
    EventOutsideWhere { span: Span, field: String },
    /// `uper(firstname)`
    UnknownFunction {
        span: Span,
        name: String,
        suggestions: Vec<&'static str>,
    },
    /// `round(1, 2, 3)`
    FunctionArity {
        span: Span,
        name: String,
        min: usize,
        max: usize,
        given: usize,
    },
    /// `now.hour` or `today.year`
    FieldOnClock { span: Span, head: String, field: String },
    /// `set x = event` (the event's data has no value of its own)
    EventWithoutField { span: Span },
    /// `set now = 1`, `clear event.form`, `increment r.status`
    NotAProperty { span: Span, path: String },
}

impl From<NameError> for CheckError {
    fn from(error: NameError) -> CheckError {
        CheckError::Name(error)
    }
}

/// E04xx: schema and types (docs/language.md 6.1, 8)
#[derive(Clone, Debug, PartialEq)]
pub enum TypeError {
    /// `object contcat`, or with `--schema` an object type it does not describe
    UnknownObject {
        span: Span,
        name: String,
        suggestions: Vec<String>,
        with_schema: bool,
    },
    /// `scor > 5` with a schema whose `contact` has `score`
    UnknownProperty {
        span: Span,
        object: String,
        name: String,
        suggestions: Vec<String>,
    },
    /// `compnay.name`, or `ticket.subject` when `contact` has no `ticket` association
    UnknownAssociation {
        span: Span,
        object: String,
        name: String,
        suggestions: Vec<String>,
        with_schema: bool,
    },
    /// `increment email` where `email` is a string (`path: None`: the amount
    /// after `by`, as in `increment score by "10"`)
    NotANumber {
        span: Span,
        path: Option<String>,
        found: Ty,
    },
    /// `branch on score { "high" => {…} }` where `score` is a number, or
    /// `branch on x { "a" => {…} 1 => {…} }` (values of two types)
    BranchLiteralType {
        span: Span,
        path: String,
        expected: Ty,
        found: Ty,
        suggestions: Vec<String>,
        /// When the path's type is not known: the first value, which set the type.
        first_literal: Option<Span>,
    },
    /// `delay until email` where `email` is a string
    DelayUntilType { span: Span, path: String, found: Ty },
    /// `score == "high"` where `score` is a number
    ComparisonTypes {
        span: Span,
        op: &'static str,
        left: Ty,
        right: Ty,
        left_span: Span,
        right_span: Span,
    },
    /// `set score = "high"` where `score` is a number
    SetType {
        span: Span,
        path: String,
        expected: Ty,
        found: Ty,
    },
    /// `lifecycle_stage == "leed"` where the enum has `lead`
    NotInEnum {
        span: Span,
        value: String,
        allowed: Vec<String>,
        suggestions: Vec<String>,
    },
    /// `"a" * 2`
    OperandTypes {
        span: Span,
        op: &'static str,
        left: Ty,
        right: Option<Ty>,
    },
    /// `if "yes" { … }`
    ConditionType { span: Span, found: Ty },
    /// `upper(42)`
    FunctionArgType {
        span: Span,
        function: String,
        expected: &'static str,
        found: Ty,
    },
}

impl From<TypeError> for CheckError {
    fn from(error: TypeError) -> CheckError {
        CheckError::Type(error)
    }
}

/// W00xx: warnings
#[derive(Clone, Debug, PartialEq)]
pub enum Warning {
    /// `send_email(?)`
    Placeholder {
        span: Span,
        action: String,
        param: Option<&'static str>,
    },
    /// `stop` then `send_email("x")` in the same block
    UnreachableAfterStop { span: Span, stop: Span },
    /// `branch on x { "a" => { … } }` without `else`
    BranchWithoutElse { span: Span },
    /// `let r = webhook(url: "…")` whose outputs are never read
    UnusedLet { span: Span, name: String },
}

impl From<Warning> for CheckError {
    fn from(error: Warning) -> CheckError {
        CheckError::Warning(error)
    }
}
