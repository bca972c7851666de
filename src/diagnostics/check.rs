//! Checker problems -> diagnostics (one file per group of codes), and the
//! codes' explanations (`check/codes.rs`).

mod codes;
mod names;
mod structure;

pub use codes::CODES;

use super::{Diagnostic, FileId, Fix, Label};
use crate::catalog::ParamType;
use crate::check::types::Ty;
use crate::check::{ActionError, CheckError, NameError, Problem, StructureError, TypeError, Warning};
use crate::syntax::span::Span;

/// The stable code of a checker problem.
pub fn code(error: &CheckError) -> &'static str {
    match error {
        CheckError::Structure(error) => match error {
            StructureError::SettingAfterStep { .. } => "E0101",
            StructureError::MissingObject { .. } => "E0102",
            StructureError::RepeatedSetting { .. } => "E0103",
            StructureError::MissingEnroll { .. } => "E0104",
            StructureError::InvalidTime { .. } => "E0105",
            StructureError::InvalidDate { .. } => "E0106",
            StructureError::UnknownWeekday { .. } | StructureError::WeekdayTypo { .. } => "E0107",
            StructureError::PercentOutOfRange { .. } => "E0108",
            StructureError::SplitSum { .. } => "E0109",
            StructureError::TooManyBranchValues { .. } => "E0110",
            StructureError::RepeatedBranchValue { .. } => "E0111",
            StructureError::UnknownTimeZone { .. } => "E0112",
            StructureError::WindowNotAfterStart { .. } => "E0113",
            StructureError::MonthDayOutOfRange { .. } => "E0114",
            StructureError::InvalidOffset { .. } => "E0115",
        },
        CheckError::Action(error) => match error {
            ActionError::UnknownAction { .. } => "E0201",
            ActionError::UnknownParameter { .. } => "E0202",
            ActionError::ArgumentType { .. } => "E0203",
            ActionError::MissingArgument { .. } => "E0204",
            ActionError::ActionNotAllowed { .. } => "E0205",
            ActionError::TooManyArguments { .. } => "E0207",
            ActionError::DuplicateArgument { .. } => "E0208",
            ActionError::InvalidEnumValue { .. } => "E0209",
            ActionError::ExactlyOneOf { .. } => "E0210",
            ActionError::DigitsOnly { .. } => "E0211",
            ActionError::NotInPlans { .. } => "E0212",
        },
        CheckError::Name(error) => match error {
            NameError::UnknownLabel { .. } => "E0301",
            NameError::DuplicateLabel { .. } => "E0302",
            NameError::GotoNotLast { .. } => "E0303",
            NameError::GotoSameArm { .. } => "E0304",
            NameError::GotoTargetOutsideIf { .. } => "E0305",
            NameError::GotoCycle { .. } => "E0306",
            NameError::UnknownWorkflow { .. } => "E0307",
            NameError::WorkflowObjectMismatch { .. } => "E0308",
            NameError::DuplicateWorkflow { .. } => "E0309",
            NameError::LetOutOfScope { .. } => "E0310",
            NameError::UnknownOutput { .. } => "E0311",
            NameError::ReservedLetName { .. } => "E0312",
            NameError::DuplicateLet { .. } => "E0313",
            NameError::EventOutsideWhere { .. } => "E0314",
            NameError::UnknownFunction { .. } => "E0315",
            NameError::FunctionArity { .. } => "E0316",
            NameError::FieldOnClock { .. } => "E0317",
            NameError::EventWithoutField { .. } => "E0318",
            NameError::NotAProperty { .. } => "E0319",
        },
        CheckError::Type(error) => match error {
            TypeError::UnknownObject { .. } => "E0401",
            TypeError::UnknownProperty { .. } => "E0402",
            TypeError::UnknownAssociation { .. } => "E0403",
            TypeError::NotANumber { .. } => "E0404",
            TypeError::BranchLiteralType { .. } => "E0405",
            TypeError::DelayUntilType { .. } => "E0406",
            TypeError::ComparisonTypes { .. } => "E0407",
            TypeError::SetType { .. } => "E0408",
            TypeError::NotInEnum { .. } => "E0409",
            TypeError::OperandTypes { .. } => "E0410",
            TypeError::ConditionType { .. } => "E0411",
            TypeError::FunctionArgType { .. } => "E0412",
        },
        CheckError::Warning(error) => match error {
            Warning::Placeholder { .. } => "W0001",
            Warning::UnreachableAfterStop { .. } => "W0002",
            Warning::BranchWithoutElse { .. } => "W0003",
            Warning::UnusedLet { .. } => "W0004",
        },
    }
}

/// A checker problem as a diagnostic.
pub fn to_diagnostic(problem: &Problem) -> Diagnostic {
    let r = Render {
        file: problem.file,
        code: code(&problem.error),
    };
    match &problem.error {
        CheckError::Structure(error) => structure::structure(&r, error),
        CheckError::Action(error) => structure::action(&r, error),
        CheckError::Name(error) => names::name(&r, error),
        CheckError::Type(error) => names::types(&r, error),
        CheckError::Warning(error) => names::warning(&r, error),
    }
}

/// What every diagnostic of one problem shares: its file and code.
struct Render {
    file: FileId,
    code: &'static str,
}

impl Render {
    fn label(&self, span: Span, message: &str) -> Label {
        Label::new(self.file, span, message)
    }

    fn error(&self, message: String, span: Span, label: &str) -> Diagnostic {
        Diagnostic::error(self.code, message, self.label(span, label))
    }

    fn warning(&self, message: String, span: Span, label: &str) -> Diagnostic {
        Diagnostic::warning(self.code, message, self.label(span, label))
    }

    /// The did-you-mean of a misspelt name as fixes: one per equally good
    /// suggestion, each replacing the name at `span` (TOOLING.md §2).
    fn did_you_mean<S: AsRef<str>>(
        &self,
        mut diagnostic: Diagnostic,
        span: Span,
        suggestions: &[S],
        replace: Replace,
    ) -> Diagnostic {
        for suggestion in suggestions {
            let name = suggestion.as_ref();
            let text = match replace {
                Replace::Word => name.to_string(),
                Replace::Quoted => quoted(name),
                Replace::WordOrQuoted if is_word(name) => name.to_string(),
                Replace::WordOrQuoted => quoted(name),
            };
            diagnostic = diagnostic.with_fix(Fix::replace(format!("did you mean `{name}`?"), self.file, span, text));
        }
        diagnostic
    }
}

/// How a suggestion replaces the misspelt text.
#[derive(Clone, Copy)]
enum Replace {
    /// A name as written in code (`send_email`, `tuesday`).
    Word,
    /// A string literal, quotes included (`"Europe/Stockholm"`).
    Quoted,
    /// A map key or property: a word when it is one, else a string.
    WordOrQuoted,
}

/// `text` as a `.wf` string literal.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '{' => out.push_str("\\{"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// Whether `text` is an identifier-like word.
fn is_word(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A number as written in messages: integers without a fraction.
pub(super) fn number(value: f64) -> String {
    crate::value::number_json(value).to_string()
}

/// `` `a`, `b` and `c` ``.
pub(super) fn list(items: &[&str], last: &str) -> String {
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
pub(super) fn param_type(ty: &ParamType) -> String {
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

pub(super) fn article(word: &str) -> String {
    match word {
        "date" => "a date or date-time".to_string(),
        other => format!("a {other}"),
    }
}

pub(super) fn comparison_help(op: &str) -> String {
    match op {
        "contains" | "starts_with" | "ends_with" => format!("help: `{op}` works on strings"),
        "<" | "<=" | ">" | ">=" => {
            "help: order compares two numbers, two dates or date-times, or two strings".to_string()
        }
        _ => "help: compare values of the same type, e.g. a number with a number".to_string(),
    }
}

pub(super) fn operator_help(op: &str) -> String {
    match op {
        "+" => "help: `+` adds numbers, adds a duration to a date, or joins strings".to_string(),
        "-" => "help: `-` subtracts numbers, or a duration from a date".to_string(),
        "and" | "or" | "not" => format!("help: `{op}` combines conditions, such as `score > 5`"),
        _ => format!("help: `{op}` works on numbers"),
    }
}
