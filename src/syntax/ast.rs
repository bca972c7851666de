//! The typed syntax tree of a `.wf` file. Every node carries the byte [`Span`]
//! of its source text. Values are kept as written (a time `25:00`, a date
//! `2026-02-30`, a weekday word `tuesdy`): range and name validation is the
//! checker's job, so that those problems become located diagnostics.
//!
//! Nesting is bounded by the parser (docs/language.md section 2: at most 100 levels), so
//! recursive walks over this tree cannot overflow the stack.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use super::span::Span;

/// The text of an [`Ident`]: shared, so that a name used a thousand times in
/// a file is stored once. Reads, compares and prints like a `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(Arc<str>);

impl Name {
    /// The name as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name(Arc::from(text))
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name(Arc::from(text))
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.0.to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

/// One parsed source file: its workflows, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceFile {
    pub workflows: Vec<Workflow>,
}

/// An identifier or a word as written (`score`, `send_email`, `tuesday`).
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: Name,
    pub span: Span,
}

/// A string literal whose text is plain (no templates): workflow names, time
/// zones, `enroll in workflow` targets. `value` has its escapes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct PlainStr {
    pub value: String,
    pub span: Span,
}

/// `workflow "NAME" { ITEMS… }`
#[derive(Clone, Debug, PartialEq)]
pub struct Workflow {
    pub name: PlainStr,
    /// Settings and steps in source order; the checker rejects a setting after
    /// the first step.
    pub items: Vec<Item>,
    pub span: Span,
}

impl Workflow {
    /// The settings, wherever they stand.
    pub fn settings(&self) -> impl Iterator<Item = &Setting> {
        self.items.iter().filter_map(|item| match item {
            Item::Setting(setting) => Some(setting),
            Item::Step(_) => None,
        })
    }

    /// The top-level steps, wherever they stand.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.items.iter().filter_map(|item| match item {
            Item::Step(step) => Some(step),
            Item::Setting(_) => None,
        })
    }
}

/// A workflow body item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Setting(Setting),
    Step(Step),
}

/// A workflow setting (docs/language.md 3.1).
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub kind: SettingKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SettingKind {
    /// `object contact`
    Object(Ident),
    /// `timezone "Europe/Stockholm"`
    Timezone(PlainStr),
    /// `enroll when COND`
    EnrollWhen(Expr),
    /// `enroll on event NAME [where COND]`
    EnrollOnEvent { event: Ident, filter: Option<Expr> },
    /// `enroll every SCHEDULE [where COND]`
    EnrollEvery { schedule: Schedule, filter: Option<Expr> },
    /// `enroll manually`
    EnrollManually,
    /// `reenroll`
    Reenroll,
    /// `goal COND`
    Goal(Expr),
    /// `unenroll when COND`
    UnenrollWhen(Expr),
    /// `window WEEKDAYS TIME to TIME`
    Window {
        days: Weekdays,
        from: TimeOfDay,
        to: TimeOfDay,
    },
    /// `blocked DATE[, DATE…]`
    Blocked(Vec<DateLit>),
}

/// A list of weekday words as written: `monday, wednesday`, `weekday`, and in
/// `window` and schedules also `day`. Each word is validated by the checker.
#[derive(Clone, Debug, PartialEq)]
pub struct Weekdays {
    pub words: Vec<Ident>,
    pub span: Span,
}

/// `SCHEDULE` of `enroll every` (docs/language.md 3.1).
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    pub kind: ScheduleKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ScheduleKind {
    /// `day [at] TIME`
    Daily { time: TimeOfDay },
    /// `WEEKDAYS [at] TIME`
    Weekly { days: Weekdays, time: TimeOfDay },
    /// `month on day N [at] TIME`; `day_of_month` as written, checked 1–31.
    Monthly { day_of_month: Number, time: TimeOfDay },
}

/// A time of day `HH:MM` as written; the checker validates 0–23 and 0–59.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
    pub span: Span,
}

/// A date `YYYY-MM-DD` as written; the checker validates it is a real date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DateLit {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub span: Span,
}

/// A date-time `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]` as written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DateTimeLit {
    pub date: DateLit,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `None`: local to the workflow's zone.
    pub offset: Option<UtcOffset>,
    pub span: Span,
}

/// An explicit offset of a date-time literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UtcOffset {
    /// `Z`
    Utc,
    /// `+01:00` is `Minutes(60)`, `-05:30` is `Minutes(-330)`.
    Minutes(i32),
}

/// An unsigned number literal as written (`42`, `3.25`, `50` in `50%`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    pub span: Span,
}

/// A duration: one or more `INT UNIT` pairs (`1 day 12 hours`).
#[derive(Clone, Debug, PartialEq)]
pub struct Duration {
    pub parts: Vec<DurationPart>,
    pub span: Span,
}

impl Duration {
    /// The total of the parts of one unit (saturating).
    pub fn total(&self, unit: DurationUnit) -> u64 {
        self.parts
            .iter()
            .filter(|part| part.unit == unit)
            .fold(0u64, |sum, part| sum.saturating_add(part.amount))
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DurationPart {
    pub amount: u64,
    pub unit: DurationUnit,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Minute,
    Hour,
    Day,
    Week,
}

/// A block `{ STEPS… }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub steps: Vec<Step>,
    pub span: Span,
}

/// A step, with its optional label (`nudge: send_email("nudge")`).
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub label: Option<Ident>,
    pub kind: StepKind,
    /// The whole step, label included.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    /// `send_email("welcome-1")`
    Action(ActionCall),
    /// `let r = webhook(url: "…")`
    Let { name: Ident, call: ActionCall },
    /// `set PATH = EXPR`
    Set { path: Path, value: Expr },
    /// `clear PATH`
    Clear { path: Path },
    /// `increment PATH [by EXPR]`
    Increment { path: Path, by: Option<Expr> },
    /// `decrement PATH [by EXPR]`
    Decrement { path: Path, by: Option<Expr> },
    /// `delay …`
    Delay(Delay),
    /// `if COND { … } else if COND { … } else { … }`
    If {
        arms: Vec<CondArm>,
        else_block: Option<Block>,
    },
    /// `branch on PATH { LIT, LIT => { … } else => { … } }`
    Branch {
        path: Path,
        arms: Vec<BranchArm>,
        else_block: Option<Block>,
    },
    /// `split { 50% { … } 50% { … } }`
    Split { arms: Vec<SplitArm> },
    /// `goto LABEL`
    Goto(Ident),
    /// `enroll in workflow "NAME"`
    EnrollIn(PlainStr),
    /// `stop`
    Stop,
}

/// `NAME(ARGS)`; `name` may be dotted (`slack.send_message`).
#[derive(Clone, Debug, PartialEq)]
pub struct ActionCall {
    pub name: Ident,
    pub args: Vec<Arg>,
    pub span: Span,
}

/// One argument: positional (`name: None`) or named.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: ArgValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ArgValue {
    /// An expression; lists and maps are [`ExprKind::List`] and [`ExprKind::Map`].
    Expr(Expr),
    /// `?`: a placeholder to fill in later.
    Placeholder(Span),
}

/// One `if`/`else if` arm.
#[derive(Clone, Debug, PartialEq)]
pub struct CondArm {
    pub cond: Expr,
    pub block: Block,
    pub span: Span,
}

/// `"new", "open" => { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct BranchArm {
    pub values: Vec<Literal>,
    pub block: Block,
    pub span: Span,
}

/// A plain literal of a `branch on` arm.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub kind: LiteralKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LiteralKind {
    /// A plain string (no templates).
    Str(String),
    /// A number; a leading `-` belongs to the literal.
    Number(f64),
    Bool(bool),
    Date(DateLit),
}

/// `50% { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct SplitArm {
    /// The percentage as written, checked 1–100.
    pub percent: Number,
    pub block: Block,
    pub span: Span,
}

/// A delay step (docs/language.md 5.3).
#[derive(Clone, Debug, PartialEq)]
pub struct Delay {
    pub kind: DelayKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DelayKind {
    /// `delay 2 days`
    For(Duration),
    /// `delay until 09:00`
    UntilTime(TimeOfDay),
    /// `delay until tuesday 09:00`, `delay until monday, friday at 08:00`,
    /// `delay until weekday`
    UntilWeekdays { days: Weekdays, time: Option<TimeOfDay> },
    /// `delay until 2026-12-24 [at] 09:00`
    UntilDate { date: DateLit, time: Option<TimeOfDay> },
    /// `delay until 2026-12-24T09:00`
    UntilDateTime(DateTimeLit),
    /// `delay until renewal_date - 30 days at 09:00`
    UntilProperty {
        path: Path,
        offset: Option<SignedDuration>,
        time: Option<TimeOfDay>,
    },
    /// `delay until event NAME [where COND] [timeout DURATION [else BLOCK]]`
    UntilEvent {
        event: Ident,
        filter: Option<Expr>,
        timeout: Option<Duration>,
        on_timeout: Option<Block>,
    },
}

/// `+ 2 days` or `- 30 days` after a property in a delay.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedDuration {
    pub negative: bool,
    pub duration: Duration,
    pub span: Span,
}

/// A PATH (docs/language.md 6.2): a head (an identifier, `event`, `now`, `today`)
/// and at most one `.WORD`. What it names is resolved by the checker.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub head: Ident,
    pub field: Option<Ident>,
    pub span: Span,
}

impl Path {
    /// The path as written, `score` or `company.industry`.
    pub fn text(&self) -> String {
        match &self.field {
            Some(field) => format!("{}.{}", self.head.name, field.name),
            None => self.head.name.to_string(),
        }
    }
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A string literal, pre-split into text and `{{ path }}` parts.
    Str(Template),
    Number(f64),
    Bool(bool),
    Date(DateLit),
    DateTime(DateTimeLit),
    Duration(Duration),
    Path(Path),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{ key: VALUE, "Content-Type": VALUE }`, only in action arguments.
    Map(Vec<MapEntry>),
    /// A function of docs/language.md 6.4: `capitalize(firstname)`.
    Call {
        name: Ident,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        op_span: Span,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `x is known` (`known: true`) or `x is unknown` (`known: false`).
    IsKnown {
        operand: Box<Expr>,
        known: bool,
    },
}

/// One `key: value` entry of a map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapEntry {
    /// The key text (a word, or a string with escapes resolved).
    pub key: Ident,
    pub value: Expr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `not`
    Not,
    /// prefix `-`
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `in [..]`
    In,
    /// `not in [..]`
    NotIn,
    Contains,
    StartsWith,
    EndsWith,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    /// The operator as written in source.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Contains => "contains",
            BinaryOp::StartsWith => "starts_with",
            BinaryOp::EndsWith => "ends_with",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}

/// A string literal used as a value: text parts and `{{ path }}` parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
    pub span: Span,
}

impl Template {
    /// The literal text when the string holds no `{{ path }}` token.
    pub fn as_plain(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Text(t) => text.push_str(&t.value),
                TemplatePart::Path(_) => return None,
            }
        }
        Some(text)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text, escapes resolved.
    Text(PlainStr),
    /// `{{ company.name }}`: the path's span is inside the braces.
    Path(Path),
}
