//! The checker: names, labels, goto rules, types, catalog, schema (docs/language.md
//! sections 3–9). It reads the AST of a whole project and returns its problems as data.
//!
//! One `Checker` walks each workflow; its methods are spread over one file per
//! concern: `structure.rs` (settings and literal validity), `goto.rs` (labels,
//! `goto` placement and cycles), `names.rs` (steps, paths, `let` scopes, events,
//! workflows), `exprs.rs` (expressions, functions, conditions), `actions.rs`
//! (calls against the catalog), `types.rs` (the type rules), `schema.rs` (the
//! `--schema` file) and `plans.rs` (`--plan` gating).
//! Problems are data ([`CheckError`]) until `diagnostics/check.rs` renders them.

mod actions;
mod error;
mod exprs;
mod goto;
mod names;
mod plans;
pub mod schema;
mod structure;
#[cfg(test)]
mod tests;
pub mod types;

use std::collections::HashMap;

pub use error::{ActionError, CheckError, Gated, NameError, Place, Problem, StructureError, TypeError, Warning};
pub use schema::Schema;

use crate::catalog::{Plans, parse_plans};
use crate::source::FileId;
use crate::syntax::ast::{SettingKind, SourceFile, Workflow};
use crate::syntax::span::Span;

/// One parsed file of a project.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub file: FileId,
    pub ast: SourceFile,
}

/// What the checker is given besides the sources: an optional schema and the
/// subscription plans to gate actions against.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// The `--plan` subscriptions; `None` gates nothing.
    pub plans: Option<GivenPlans>,
    /// The object and property types of `--schema`, if given.
    pub schema: Option<Schema>,
}

/// The plans given with `--plan`: as written (for messages) and parsed.
#[derive(Clone, Debug, Default)]
pub struct GivenPlans {
    /// The names as given, trimmed and lowercased.
    pub names: Vec<String>,
    /// What they entitle to.
    pub set: Plans,
}

impl CheckOptions {
    /// Builds options from a schema file's text (with its name, for messages)
    /// and the `--plan` names; an error is one input-problem message.
    pub fn load(schema: Option<(&str, &str)>, plans: &[String]) -> Result<CheckOptions, String> {
        let schema = match schema {
            Some((name, text)) => Some(Schema::parse(name, text)?),
            None => None,
        };
        let names: Vec<String> = plans
            .iter()
            .map(|name| name.trim().to_ascii_lowercase())
            .filter(|name| !name.is_empty())
            .collect();
        let plans = if names.is_empty() {
            None
        } else {
            Some(GivenPlans {
                set: parse_plans(&names).map_err(|message| format!("bad `--plan`: {message}"))?,
                names,
            })
        };
        Ok(CheckOptions { plans, schema })
    }
}

/// The driver's [`crate::check_project`], at its 0.1 path.
pub use crate::check_project;

/// Checks a parsed project and returns its problems as data, in walk order.
pub fn check_problems(files: &[ParsedFile], options: &CheckOptions) -> Vec<Problem> {
    let mut problems = Vec::new();
    let index = ProjectIndex::build(files, &mut problems);
    for parsed in files {
        for workflow in &parsed.ast.workflows {
            let mut checker = Checker::new(parsed.file, options, &index, workflow, &mut problems);
            checker.check_workflow();
        }
    }
    problems
}

/// What one workflow tells the others: where it is and its object type.
#[derive(Clone, Debug)]
pub(crate) struct WorkflowInfo {
    /// The workflow's name string.
    pub name: Place,
    /// The `object` setting's type and place, when there is one.
    pub object: Option<(String, Place)>,
}

/// The workflows of a project by name (the first definition of each name).
#[derive(Clone, Debug, Default)]
pub(crate) struct ProjectIndex {
    pub workflows: HashMap<String, WorkflowInfo>,
    /// Names in definition order, for did-you-mean.
    pub names: Vec<String>,
}

impl ProjectIndex {
    /// Indexes every workflow and reports duplicate names.
    fn build(files: &[ParsedFile], problems: &mut Vec<Problem>) -> ProjectIndex {
        let mut index = ProjectIndex::default();
        for parsed in files {
            for workflow in &parsed.ast.workflows {
                let name = &workflow.name.value;
                let here = Place::new(parsed.file, workflow.name.span);
                if let Some(first) = index.workflows.get(name) {
                    problems.push(Problem::new(
                        parsed.file,
                        NameError::DuplicateWorkflow {
                            span: workflow.name.span,
                            name: name.clone(),
                            first: first.name,
                        }
                        .into(),
                    ));
                    continue;
                }
                let object = workflow.settings().find_map(|setting| match &setting.kind {
                    SettingKind::Object(ident) => Some((ident.name.to_string(), Place::new(parsed.file, ident.span))),
                    _ => None,
                });
                index
                    .workflows
                    .insert(name.clone(), WorkflowInfo { name: here, object });
                index.names.push(name.clone());
            }
        }
        index
    }
}

/// The state of checking one workflow; each concern adds its methods in its
/// own file.
pub(crate) struct Checker<'a> {
    file: FileId,
    options: &'a CheckOptions,
    project: &'a ProjectIndex,
    workflow: &'a Workflow,
    /// The workflow's object type (the first `object` setting).
    object: Option<(&'a str, Span)>,
    problems: &'a mut Vec<Problem>,
    names: names::NameState<'a>,
}

impl<'a> Checker<'a> {
    fn new(
        file: FileId,
        options: &'a CheckOptions,
        project: &'a ProjectIndex,
        workflow: &'a Workflow,
        problems: &'a mut Vec<Problem>,
    ) -> Checker<'a> {
        let object = workflow.settings().find_map(|setting| match &setting.kind {
            SettingKind::Object(ident) => Some((ident.name.as_str(), ident.span)),
            _ => None,
        });
        Checker {
            file,
            options,
            project,
            workflow,
            object,
            problems,
            names: names::NameState::default(),
        }
    }

    /// Runs every check of one workflow.
    fn check_workflow(&mut self) {
        self.check_structure();
        self.check_labels_and_gotos();
        self.check_names();
        self.check_plans_for_workflow();
    }

    /// Records a problem in this workflow's file.
    fn report(&mut self, error: impl Into<CheckError>) {
        self.problems.push(Problem::new(self.file, error.into()));
    }

    /// The workflow's object type, when it names one.
    fn object_name(&self) -> Option<&'a str> {
        self.object.map(|(name, _)| name)
    }
}
