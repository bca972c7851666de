//! HubSpot filter branches as `.wf` conditions.
//!
//! An `OR` branch is an `or` of its filters and sub-branches, an `AND` branch
//! an `and`; `NOT_ALL` / `NOT_ANY` negate them. Property filters become
//! comparisons. HubSpot compares strings ignoring case, so string equality
//! becomes `in [..]` (which ignores case, LANGUAGE.md 6.3) and keeps that
//! meaning. Anything else becomes a placeholder condition `?` with a warning
//! naming the filter (LANGUAGE.md §12.13).

use super::flow::{Filter, FilterBranch};
use super::json::Json;
use super::text::{is_identifier, number, string};
use super::{Warning, codes};

/// A condition being built.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    Or(Vec<Cond>),
    And(Vec<Cond>),
    Not(Box<Cond>),
    /// A comparison as written (`score >= 50`).
    Atom(String),
    /// A filter the language lacks.
    Placeholder,
}

impl Cond {
    /// Whether a placeholder is anywhere inside.
    pub fn has_placeholder(&self) -> bool {
        match self {
            Cond::Or(items) | Cond::And(items) => items.iter().any(Cond::has_placeholder),
            Cond::Not(inner) => inner.has_placeholder(),
            Cond::Atom(_) => false,
            Cond::Placeholder => true,
        }
    }

    /// The condition as `.wf` text; a placeholder anywhere makes the whole
    /// condition `?` (§12.13: `?` stands for a whole condition).
    pub fn render(&self) -> String {
        if self.has_placeholder() {
            return "?".to_string();
        }
        self.text(0)
    }

    /// `level`: 0 top, 1 inside `or`, 2 inside `and`, 3 operand of `not`.
    fn text(&self, level: u8) -> String {
        match self {
            Cond::Or(items) if items.len() == 1 => items[0].text(level),
            Cond::And(items) if items.len() == 1 => items[0].text(level),
            Cond::Or(items) if items.is_empty() => "false".to_string(),
            Cond::And(items) if items.is_empty() => "true".to_string(),
            Cond::Or(items) => {
                let text = items.iter().map(|c| c.text(1)).collect::<Vec<_>>().join(" or ");
                if level > 1 { format!("({text})") } else { text }
            }
            Cond::And(items) => {
                let text = items.iter().map(|c| c.text(2)).collect::<Vec<_>>().join(" and ");
                if level > 2 { format!("({text})") } else { text }
            }
            Cond::Not(inner) => format!("not ({})", inner.text(0)),
            Cond::Atom(text) => text.clone(),
            Cond::Placeholder => "?".to_string(),
        }
    }
}

/// Reads filter branches; `subject` prefixes property names (`event.` in an
/// event's `where`).
pub struct Reader<'a> {
    pub warnings: &'a mut Vec<Warning>,
    pub subject: &'a str,
}

impl Reader<'_> {
    /// The condition of a filter branch at `path`.
    pub fn branch(&mut self, branch: &FilterBranch, path: &str, depth: usize) -> Cond {
        if depth > 40 {
            return self.unsupported(path, "filters nested deeper than 40 levels".to_string());
        }
        let mut items = Vec::new();
        for (i, filter) in branch.filters.iter().enumerate() {
            items.push(self.filter(filter, &format!("{path}.filters[{i}]")));
        }
        for (i, sub) in branch.filter_branches.iter().enumerate() {
            items.push(self.branch(sub, &format!("{path}.filterBranches[{i}]"), depth + 1));
        }
        match branch.filter_branch_type.as_str() {
            "OR" => Cond::Or(items),
            "AND" => Cond::And(items),
            "NOT_ALL" => Cond::Not(Box::new(Cond::And(items))),
            "NOT_ANY" => Cond::Not(Box::new(Cond::Or(items))),
            other => self.unsupported(path, format!("filter branch type `{other}`")),
        }
    }

    fn unsupported(&mut self, path: &str, what: String) -> Cond {
        self.warnings.push(Warning {
            code: codes::UNSUPPORTED_FILTER,
            path: path.to_string(),
            message: format!("{what} has no `.wf` form; the condition is a placeholder `?` to decide by hand"),
        });
        Cond::Placeholder
    }

    /// One filter.
    pub fn filter(&mut self, filter: &Filter, path: &str) -> Cond {
        if filter.filter_type != "PROPERTY" {
            return self.unsupported(path, format!("filter type `{}`", filter.filter_type));
        }
        let (Some(property), Some(op)) = (&filter.property, &filter.operation) else {
            return self.unsupported(path, "a property filter without `property` or `operation`".to_string());
        };
        if !is_identifier(property) {
            return self.unsupported(path, format!("property `{property}` (not a `.wf` name)"));
        }
        let p = format!("{}{property}", self.subject);
        let value = op.value.as_ref();
        let values = op.values.as_deref().unwrap_or_default();
        let kind = op.operation_type.as_str();
        let literal = |v: &Json| -> Option<String> {
            match (kind, v) {
                ("NUMBER", Json::Number(n)) => n.as_f64().map(number),
                ("NUMBER", Json::String(s)) => s.parse::<f64>().ok().map(number),
                ("BOOL", Json::Bool(b)) => Some(b.to_string()),
                ("BOOL", Json::String(s)) if s == "true" || s == "false" => Some(s.clone()),
                (_, Json::String(s)) => Some(string(s)),
                (_, Json::Number(n)) => n.as_f64().map(|f| string(&number(f))),
                (_, Json::Bool(b)) => Some(string(&b.to_string())),
                _ => None,
            }
        };
        let list = |vals: &[Json]| -> Option<String> {
            let items: Option<Vec<String>> = vals.iter().map(literal).collect();
            items.map(|items| format!("[{}]", items.join(", ")))
        };
        let one = value.and_then(literal);
        let atom = match (kind, op.operator.as_str()) {
            ("STRING" | "ENUMERATION" | "MULTISTRING", "IS_EQUAL_TO") => one.map(|v| format!("{p} in [{v}]")),
            ("STRING" | "ENUMERATION" | "MULTISTRING", "IS_NOT_EQUAL_TO") => one.map(|v| format!("{p} not in [{v}]")),
            ("STRING" | "ENUMERATION" | "MULTISTRING", "IS_ANY_OF") => list(values).map(|l| format!("{p} in {l}")),
            ("STRING" | "ENUMERATION" | "MULTISTRING", "IS_NONE_OF") => list(values).map(|l| format!("{p} not in {l}")),
            ("STRING", "CONTAINS") => one.map(|v| format!("{p} contains {v}")),
            ("STRING", "DOES_NOT_CONTAIN") => one.map(|v| format!("not ({p} contains {v})")),
            ("STRING", "STARTS_WITH") => one.map(|v| format!("{p} starts_with {v}")),
            ("STRING", "ENDS_WITH") => one.map(|v| format!("{p} ends_with {v}")),
            ("NUMBER" | "BOOL", "IS_EQUAL_TO") => one.map(|v| format!("{p} == {v}")),
            ("NUMBER" | "BOOL", "IS_NOT_EQUAL_TO") => one.map(|v| format!("{p} != {v}")),
            ("NUMBER", "IS_GREATER_THAN") => one.map(|v| format!("{p} > {v}")),
            ("NUMBER", "IS_GREATER_THAN_OR_EQUAL_TO") => one.map(|v| format!("{p} >= {v}")),
            ("NUMBER", "IS_LESS_THAN") => one.map(|v| format!("{p} < {v}")),
            ("NUMBER", "IS_LESS_THAN_OR_EQUAL_TO") => one.map(|v| format!("{p} <= {v}")),
            (_, "IS_KNOWN") => Some(format!("{p} is known")),
            (_, "IS_UNKNOWN") => Some(format!("{p} is unknown")),
            _ => None,
        };
        let Some(atom) = atom else {
            return self.unsupported(
                path,
                format!(
                    "operator `{}` on a `{}` property (`{property}`)",
                    op.operator, op.operation_type
                ),
            );
        };
        if op.include_objects_with_no_value_set == Some(true) && !atom.ends_with(" is unknown") {
            // Parenthesised so that export reads it back as one filter.
            Cond::Atom(format!("({atom} or {p} is unknown)"))
        } else {
            Cond::Atom(atom)
        }
    }
}
