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
use crate::syntax::BrokenWorkflow;
use crate::syntax::ast::{SettingKind, SourceFile, Workflow};
use crate::syntax::span::Span;

/// One file of a project, parsed as far as it goes.
#[derive(Clone, Debug)]
pub struct ParsedFile {
    pub file: FileId,
    /// The workflows that parsed without errors.
    pub ast: SourceFile,
    /// The parts that did not (empty when the file parsed).
    pub broken: Vec<BrokenWorkflow>,
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
    let (index, mut problems) = ProjectIndex::build(files);
    for parsed in files {
        problems.extend(check_file(parsed, &index, options));
    }
    problems
}

/// Checks the workflows of one file against the index of its project (the
/// entry point for a language server that re-checks the file it edits).
/// Project-wide problems, such as duplicate workflow names, come from
/// [`ProjectIndex::build`].
pub fn check_file(parsed: &ParsedFile, index: &ProjectIndex, options: &CheckOptions) -> Vec<Problem> {
    let mut problems = Vec::new();
    for workflow in &parsed.ast.workflows {
        let mut checker = Checker::new(parsed.file, options, index, workflow, &mut problems);
        checker.check_workflow();
    }
    problems
}

/// Suggestions as owned names.
pub(crate) fn owned(names: Vec<&str>) -> Vec<String> {
    names.into_iter().map(str::to_string).collect()
}

/// What one workflow tells the others: where it is and its object type.
#[derive(Clone, Debug)]
pub(crate) struct WorkflowInfo {
    /// The workflow's name string.
    pub name: Place,
    /// The `object` setting's type and place, when there is one.
    pub object: Option<(String, Place)>,
}

/// The workflows of a project by name (the first definition of each name),
/// those of broken parts included.
#[derive(Clone, Debug, Default)]
pub struct ProjectIndex {
    pub(crate) workflows: HashMap<String, WorkflowInfo>,
    /// Names in definition order, for did-you-mean.
    pub(crate) names: Vec<String>,
    /// True when a broken part may define a workflow whose name could not be
    /// read: then no name can be called unknown.
    pub(crate) names_incomplete: bool,
}

impl ProjectIndex {
    /// Indexes every workflow of the project (with the names of its broken
    /// parts) and reports duplicate names.
    pub fn build(files: &[ParsedFile]) -> (ProjectIndex, Vec<Problem>) {
        let mut index = ProjectIndex::default();
        let mut problems = Vec::new();
        for parsed in files {
            // A broken workflow's name counts, but its object type is unknown.
            let broken = parsed.broken.iter().filter_map(|part| {
                if part.name.is_none() {
                    index.names_incomplete = true;
                }
                part.name.as_ref().map(|name| (name, None))
            });
            let whole = parsed
                .ast
                .workflows
                .iter()
                .map(|workflow| (&workflow.name, Some(workflow)));
            let mut all: Vec<_> = whole.chain(broken).collect();
            all.sort_by_key(|(name, _)| name.span.start);
            for (name_str, workflow) in all {
                let name = &name_str.value;
                let here = Place::new(parsed.file, name_str.span);
                if let Some(first) = index.workflows.get(name) {
                    problems.push(Problem::new(
                        parsed.file,
                        NameError::DuplicateWorkflow {
                            span: name_str.span,
                            name: name.clone(),
                            first: first.name,
                        }
                        .into(),
                    ));
                    continue;
                }
                let object = workflow.and_then(|workflow| {
                    workflow.settings().find_map(|setting| match &setting.kind {
                        SettingKind::Object(ident) => {
                            Some((ident.name.to_string(), Place::new(parsed.file, ident.span)))
                        }
                        _ => None,
                    })
                });
                index
                    .workflows
                    .insert(name.clone(), WorkflowInfo { name: here, object });
                index.names.push(name.clone());
            }
        }
        (index, problems)
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
