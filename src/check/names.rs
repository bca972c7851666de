//! The walk over settings and steps that resolves every name: paths
//! (properties, associations, `let` outputs, `event.FIELD`, `now`, `today`),
//! `let` scopes and `enroll in workflow` targets (docs/language.md 5, 6.2). The
//! expressions met on the way are typed in `exprs.rs`.
//!
//! Decisions where the spec is silent: a `let` name may not repeat a binding
//! visible at that point (sibling arms may reuse a name); a bare `NAME` that is
//! also a `let` binding still reads the property `NAME` (docs/language.md 6.2); a
//! `TYPE.prop` whose `TYPE` is neither an object type nor a binding is accepted
//! without a schema (it may be a custom object) unless it is a near miss of an
//! object type or a visible binding, which is taken as a typo.

use std::collections::HashMap;

use super::types::Ty;
use super::{Checker, NameError, TypeError, Warning};
use crate::catalog::{self, ActionSpec, OutputType};
use crate::suggest::suggest_all;
use crate::syntax::ast::{Block, DelayKind, Ident, Path, PlainStr, SettingKind, Step, StepKind};
use crate::syntax::span::Span;

/// A visible `let` binding.
#[derive(Clone, Copy, Debug)]
struct Binding<'a> {
    name: &'a str,
    /// Index into [`NameState::bindings`].
    id: usize,
    /// The bound action, when it is in the catalog.
    action: Option<&'static ActionSpec>,
}

/// The walk's state for one workflow.
#[derive(Default)]
pub(super) struct NameState<'a> {
    /// Bindings visible at this point, innermost last.
    scope: Vec<Binding<'a>>,
    /// Every `let` of the workflow (name and span), by binding id, and whether
    /// one of its outputs is read.
    bindings: Vec<(&'a str, Span, bool)>,
    /// Every `let` name of the workflow and its first binding, for "read
    /// outside its scope".
    all_lets: HashMap<&'a str, Span>,
    /// True inside an event trigger's or an event wait's `where`.
    pub(super) event_context: bool,
}

impl<'a> Checker<'a> {
    /// Walks every setting's condition and every step.
    pub(super) fn check_names(&mut self) {
        let workflow = self.workflow;
        for step in workflow.steps() {
            collect_lets(step, &mut self.names.all_lets);
        }
        for setting in workflow.settings() {
            match &setting.kind {
                SettingKind::EnrollWhen(cond) | SettingKind::Goal(cond) | SettingKind::UnenrollWhen(cond) => {
                    self.condition(cond);
                }
                SettingKind::EnrollOnEvent {
                    filter: Some(filter), ..
                } => self.event_condition(filter),
                SettingKind::EnrollEvery {
                    filter: Some(filter), ..
                } => self.condition(filter),
                _ => {}
            }
        }
        let steps: Vec<&'a Step> = workflow.steps().collect();
        self.steps(&steps);
        let unused: Vec<Warning> = self
            .names
            .bindings
            .iter()
            .filter(|(_, _, used)| !used)
            .map(|(name, span, _)| Warning::UnusedLet {
                span: *span,
                name: name.to_string(),
            })
            .collect();
        for warning in unused {
            self.report(warning);
        }
    }

    /// A block's steps, in a scope of their own.
    fn block(&mut self, block: &'a Block) {
        let steps: Vec<&'a Step> = block.steps.iter().collect();
        self.steps(&steps);
    }

    fn steps(&mut self, steps: &[&'a Step]) {
        let mark = self.names.scope.len();
        for step in steps {
            self.step(step);
        }
        self.names.scope.truncate(mark);
    }

    fn step(&mut self, step: &'a Step) {
        match &step.kind {
            StepKind::Action(call) => {
                self.action_call(call);
            }
            StepKind::Let { name, call } => {
                let action = self.action_call(call);
                self.bind(name, action);
            }
            StepKind::Set { path, value } => {
                let target = self.target(path);
                let value_ty = self.expr(value);
                self.check_assignment(path, &target, value, &value_ty);
            }
            StepKind::Clear { path } => {
                self.target(path);
            }
            StepKind::Increment { path, by } | StepKind::Decrement { path, by } => {
                let target = self.target(path);
                if !target.may_be_number() {
                    self.report(TypeError::NotANumber {
                        span: path.span,
                        path: Some(path.text()),
                        found: target,
                    });
                }
                if let Some(by) = by {
                    let by_ty = self.expr(by);
                    if !by_ty.may_be_number() {
                        self.report(TypeError::NotANumber {
                            span: by.span,
                            path: None,
                            found: by_ty,
                        });
                    }
                }
            }
            StepKind::Delay(delay) => self.delay(&delay.kind),
            StepKind::If { arms, else_block } => {
                for arm in arms {
                    self.condition(&arm.cond);
                    self.block(&arm.block);
                }
                if let Some(block) = else_block {
                    self.block(block);
                }
            }
            StepKind::Branch { path, arms, else_block } => {
                let ty = self.read_path(path);
                self.check_branch_values(path.span, arms);
                self.check_branch_types(path, &ty, arms);
                for arm in arms {
                    self.block(&arm.block);
                }
                match else_block {
                    Some(block) => self.block(block),
                    None => self.report(Warning::BranchWithoutElse {
                        span: Span::new(step.span.start as usize, path.span.end as usize),
                    }),
                }
            }
            StepKind::Split { arms } => {
                // The `split` keyword; for a labelled split (where the keyword's
                // offset is unknown) its first percentage.
                let start = step.span.start as usize;
                let head = match (&step.label, arms.first()) {
                    (None, _) | (Some(_), None) => Span::new(start, start + "split".len()),
                    (Some(_), Some(arm)) => arm.percent.span,
                };
                self.check_split(head, arms);
                self.gate_split(head);
                for arm in arms {
                    self.block(&arm.block);
                }
            }
            StepKind::EnrollIn(name) => self.enroll_in(name),
            StepKind::Goto(_) | StepKind::Stop => {}
        }
    }

    /// Adds a `let` binding to the current scope.
    fn bind(&mut self, name: &'a Ident, action: Option<&'static ActionSpec>) {
        let reserved = name.name == "event"
            || catalog::OBJECT_TYPES.contains(&name.name.as_str())
            || self.options.schema.as_ref().is_some_and(|s| s.is_object(&name.name));
        if reserved {
            self.report(NameError::ReservedLetName {
                span: name.span,
                name: name.name.to_string(),
            });
        }
        if let Some(previous) = self.names.scope.iter().rev().find(|b| b.name == name.name)
            && let Some((_, first, _)) = self.names.bindings.get(previous.id)
        {
            let first = *first;
            self.report(NameError::DuplicateLet {
                span: name.span,
                name: name.name.to_string(),
                first,
            });
        }
        let id = self.names.bindings.len();
        // A binding to a reserved name can never be read; do not also warn.
        self.names.bindings.push((&name.name, name.span, reserved));
        self.names.scope.push(Binding {
            name: &name.name,
            id,
            action,
        });
    }

    fn delay(&mut self, kind: &'a DelayKind) {
        match kind {
            DelayKind::For(_) => {}
            DelayKind::UntilTime(time) => {
                self.check_time(time);
            }
            DelayKind::UntilWeekdays { days, time } => {
                self.check_weekdays(days, false);
                if let Some(time) = time {
                    self.check_time(time);
                }
            }
            DelayKind::UntilDate { date, time } => {
                self.check_date(date);
                if let Some(time) = time {
                    self.check_time(time);
                }
            }
            DelayKind::UntilDateTime(value) => self.check_datetime(value),
            DelayKind::UntilProperty { path, time, .. } => {
                if let Some(time) = time {
                    self.check_time(time);
                }
                let before = self.problems.len();
                if path.field.is_none() {
                    self.check_weekday_typo(&path.head.name, path.span);
                }
                if self.problems.len() > before {
                    return;
                }
                let ty = self.read_path(path);
                if !ty.may_be_instant() {
                    self.report(TypeError::DelayUntilType {
                        span: path.span,
                        path: path.text(),
                        found: ty,
                    });
                }
            }
            DelayKind::UntilEvent { filter, on_timeout, .. } => {
                if let Some(filter) = filter {
                    self.event_condition(filter);
                }
                if let Some(block) = on_timeout {
                    self.block(block);
                }
            }
        }
    }

    /// `enroll in workflow "NAME"`: a workflow of the project, same object type.
    fn enroll_in(&mut self, name: &PlainStr) {
        let project = self.project;
        match project.workflows.get(&name.value) {
            // It may be the workflow of a part that did not parse.
            None if project.names_incomplete => {}
            None => self.report(NameError::UnknownWorkflow {
                span: name.span,
                name: name.value.clone(),
                suggestions: super::owned(suggest_all(&name.value, project.names.iter().map(String::as_str))),
            }),
            Some(target) => {
                if let (Some(object), Some((target_object, place))) = (self.object_name(), &target.object)
                    && object != target_object
                {
                    self.report(NameError::WorkflowObjectMismatch {
                        span: name.span,
                        name: name.value.clone(),
                        object: object.to_string(),
                        target_object: target_object.clone(),
                        target: *place,
                    });
                }
            }
        }
    }

    /// The target of `set`, `clear`, `increment`, `decrement`: a property of
    /// the record or of an associated record.
    fn target(&mut self, path: &Path) -> Ty {
        let head = path.head.name.as_str();
        let is_binding = path.field.is_some() && self.visible_binding(head).is_some();
        if matches!(head, "event" | "now" | "today") || is_binding {
            self.report(NameError::NotAProperty {
                span: path.span,
                path: path.text(),
            });
            return Ty::Unknown;
        }
        self.read_path(path)
    }

    fn visible_binding(&self, name: &str) -> Option<Binding<'a>> {
        self.names.scope.iter().rev().find(|b| b.name == name).copied()
    }

    /// Resolves a path read in an expression, a template, a `branch on` or a
    /// delay, and returns its type.
    pub(super) fn read_path(&mut self, path: &Path) -> Ty {
        let head = path.head.name.as_str();
        let field = path.field.as_ref();
        match (head, field) {
            ("event", None) => {
                self.report(NameError::EventWithoutField { span: path.span });
                Ty::Unknown
            }
            ("event", Some(field)) => {
                if !self.names.event_context {
                    self.report(NameError::EventOutsideWhere {
                        span: path.span,
                        field: field.name.to_string(),
                    });
                }
                Ty::Unknown
            }
            ("now" | "today", Some(field)) => {
                self.report(NameError::FieldOnClock {
                    span: path.span,
                    head: head.to_string(),
                    field: field.name.to_string(),
                });
                Ty::Unknown
            }
            ("now", None) => Ty::DateTime,
            ("today", None) => Ty::Date,
            (_, None) => self.property(self.object_name(), &path.head),
            (_, Some(field)) => {
                if let Some(binding) = self.visible_binding(head) {
                    return self.output(binding, field);
                }
                let is_object = catalog::OBJECT_TYPES.contains(&head)
                    || self.options.schema.as_ref().is_some_and(|s| s.is_object(head));
                if is_object {
                    return self.association(&path.head, field);
                }
                if let Some(binding) = self.names.all_lets.get(head) {
                    let binding = *binding;
                    self.report(NameError::LetOutOfScope {
                        span: path.head.span,
                        name: head.to_string(),
                        binding,
                    });
                    return Ty::Unknown;
                }
                self.unknown_head(&path.head);
                Ty::Unknown
            }
        }
    }

    /// `NAME.FIELD` for a visible `let NAME = ACTION(…)`.
    fn output(&mut self, binding: Binding<'a>, field: &Ident) -> Ty {
        if let Some(entry) = self.names.bindings.get_mut(binding.id) {
            entry.2 = true;
        }
        let Some(action) = binding.action else {
            return Ty::Unknown;
        };
        match action.output(&field.name) {
            Some(Some(OutputType::Str)) => Ty::Str,
            Some(Some(OutputType::Num)) => Ty::Num,
            Some(None) => Ty::Unknown,
            None => {
                let outputs: Vec<&'static str> = action.output_names().collect();
                self.report(NameError::UnknownOutput {
                    span: field.span,
                    binding: binding.name.to_string(),
                    action: action.name,
                    field: field.name.to_string(),
                    suggestions: suggest_all(&field.name, outputs.iter().copied()),
                    outputs,
                });
                Ty::Unknown
            }
        }
    }

    /// A head before `.FIELD` that is neither an object type nor a binding.
    fn unknown_head(&mut self, head: &Ident) {
        let visible: Vec<&str> = self.names.scope.iter().map(|b| b.name).collect();
        match &self.options.schema {
            Some(schema) => {
                let associations: Vec<&str> = self
                    .object_name()
                    .and_then(|object| schema.object(object))
                    .map(|object| object.associations.iter().map(String::as_str).collect())
                    .unwrap_or_else(|| schema.object_names());
                let suggestions = super::owned(suggest_all(&head.name, associations.iter().chain(&visible).copied()));
                self.report(TypeError::UnknownAssociation {
                    span: head.span,
                    object: self.object_name().unwrap_or_default().to_string(),
                    name: head.name.to_string(),
                    suggestions,
                    with_schema: true,
                });
            }
            None => {
                let candidates = catalog::OBJECT_TYPES.iter().copied().chain(visible.iter().copied());
                let suggestions = super::owned(suggest_all(&head.name, candidates));
                if !suggestions.is_empty() {
                    self.report(TypeError::UnknownAssociation {
                        span: head.span,
                        object: self.object_name().unwrap_or_default().to_string(),
                        name: head.name.to_string(),
                        suggestions,
                        with_schema: false,
                    });
                }
            }
        }
    }

    /// `TYPE.prop`: with a schema, `TYPE` must be an association of the
    /// workflow's object and `prop` a property of `TYPE`.
    fn association(&mut self, target: &Ident, field: &Ident) -> Ty {
        let Some(schema) = &self.options.schema else {
            return Ty::Unknown;
        };
        if let Some(object) = self.object_name()
            && let Some(described) = schema.object(object)
            && !described.associations.iter().any(|a| a == target.name.as_str())
        {
            self.report(TypeError::UnknownAssociation {
                span: target.span,
                object: object.to_string(),
                name: target.name.to_string(),
                suggestions: super::owned(suggest_all(
                    &target.name,
                    described.associations.iter().map(String::as_str),
                )),
                with_schema: true,
            });
            return Ty::Unknown;
        }
        self.property(Some(&target.name), field)
    }

    /// A property of `object`: its schema type, or unknown without one.
    fn property(&mut self, object: Option<&str>, name: &Ident) -> Ty {
        let Some(schema) = &self.options.schema else {
            return Ty::Unknown;
        };
        let Some(object) = object else {
            return Ty::Unknown;
        };
        let Some(described) = schema.object(object) else {
            return Ty::Unknown;
        };
        match described.properties.get(name.name.as_str()) {
            Some(ty) => ty.ty(),
            None => {
                let suggestions =
                    super::owned(suggest_all(&name.name, described.properties.keys().map(String::as_str)));
                self.report(TypeError::UnknownProperty {
                    span: name.span,
                    object: object.to_string(),
                    name: name.name.to_string(),
                    suggestions,
                });
                Ty::Unknown
            }
        }
    }
}

/// Every `let` of a step and its nested blocks: name -> first binding.
fn collect_lets<'a>(step: &'a Step, lets: &mut HashMap<&'a str, Span>) {
    let mut blocks: Vec<&'a Block> = Vec::new();
    match &step.kind {
        StepKind::Let { name, .. } => {
            lets.entry(&name.name).or_insert(name.span);
        }
        StepKind::If { arms, else_block } => {
            blocks.extend(arms.iter().map(|arm| &arm.block));
            blocks.extend(else_block.iter());
        }
        StepKind::Branch { arms, else_block, .. } => {
            blocks.extend(arms.iter().map(|arm| &arm.block));
            blocks.extend(else_block.iter());
        }
        StepKind::Split { arms } => blocks.extend(arms.iter().map(|arm| &arm.block)),
        StepKind::Delay(delay) => {
            if let DelayKind::UntilEvent {
                on_timeout: Some(block),
                ..
            } = &delay.kind
            {
                blocks.push(block);
            }
        }
        _ => {}
    }
    for block in blocks {
        for step in &block.steps {
            collect_lets(step, lets);
        }
    }
}
