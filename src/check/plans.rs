//! `--plan` gating (docs/language.md 7): with plans given, every action, `split`,
//! format-data function and the workflow's object type must be included in one
//! of them. Without `--plan` nothing is gated.

use super::{ActionError, Checker, Gated};
use crate::catalog::{self, ActionSpec, Requirement};
use crate::syntax::span::Span;

impl Checker<'_> {
    /// Reports `what` at `span` when the plans meet none of `requires`.
    fn gate(&mut self, requires: &[Requirement], what: Gated, span: Span) {
        let Some(plans) = &self.options.plans else {
            return;
        };
        if plans.set.satisfies(requires) {
            return;
        }
        let needs = catalog::describe_requirements(requires);
        let names = plans.names.clone();
        self.report(ActionError::NotInPlans {
            span,
            what,
            needs,
            plans: names,
        });
    }

    /// The workflow's object type must be included in the plans.
    pub(super) fn check_plans_for_workflow(&mut self) {
        if let Some((object, span)) = self.object {
            self.gate(
                catalog::object_requires(object),
                Gated::Object(object.to_string()),
                span,
            );
        }
    }

    /// An action must be included in the plans.
    pub(super) fn gate_action(&mut self, spec: &'static ActionSpec, span: Span) {
        self.gate(spec.requires, Gated::Action(spec.name.to_string()), span);
    }

    /// A random `split` must be included in the plans.
    pub(super) fn gate_split(&mut self, span: Span) {
        self.gate(catalog::split_requires(), Gated::Split, span);
    }

    /// A format-data function must be included in the plans.
    pub(super) fn gate_function(&mut self, name: &str, span: Span) {
        self.gate(
            catalog::format_functions_require(),
            Gated::Function(name.to_string()),
            span,
        );
    }
}
