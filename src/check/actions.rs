//! Action calls against the catalog (docs/language.md 5.1 and 7): the action
//! exists and is allowed for the object type; arguments are positional first,
//! then named, each naming a parameter once, with a value of its type; required
//! parameters are given; and the catalog's extra rules (exactly one of
//! `users`/`team`, digits-only webinar ids) hold. A `?` placeholder counts as
//! given and is only warned about.
//!
//! Decision where the spec is silent: a number is not accepted where the
//! catalog says `str` (`zoom.add_to_webinar(123)`); quoting it is the fix.

use super::types::Ty;
use super::{ActionError, Checker, TypeError, Warning};
use crate::catalog::{self, ActionSpec, Constraint, Param, ParamType};
use crate::suggest::{suggest, suggest_all};
use crate::syntax::ast::{ActionCall, Arg, ArgValue, Expr, ExprKind};
use crate::syntax::span::Span;

impl<'a> Checker<'a> {
    /// Checks one call and walks its argument values; returns the catalog
    /// entry when the action exists.
    pub(super) fn action_call(&mut self, call: &'a ActionCall) -> Option<&'static ActionSpec> {
        let Some(spec) = catalog::lookup(&call.name.name) else {
            self.report(ActionError::UnknownAction {
                span: call.name.span,
                name: call.name.name.to_string(),
                suggestions: suggest_all(&call.name.name, catalog::names()),
            });
            for arg in &call.args {
                if let ArgValue::Expr(expr) = &arg.value {
                    self.expr(expr);
                }
            }
            return None;
        };
        self.gate_action(spec, call.name.span);
        if let Some((object, object_span)) = self.object
            && !spec.allows(object)
        {
            let allowed = match spec.allowed_in {
                catalog::AllowedIn::All => Vec::new(),
                catalog::AllowedIn::Only(objects) => objects.to_vec(),
            };
            self.report(ActionError::ActionNotAllowed {
                span: call.name.span,
                action: spec.name,
                object: object.to_string(),
                object_span,
                allowed,
            });
        }
        let given = self.arguments(spec, &call.args);
        // A misspelt name (`titel:`) already suggests the parameter it misses.
        let suggested: Vec<&str> = call
            .args
            .iter()
            .filter_map(|arg| arg.name.as_ref())
            .filter(|name| spec.param(&name.name).is_none())
            .filter_map(|name| suggest(&name.name, spec.params.iter().map(|param| param.name)))
            .collect();
        for (param, given) in spec.params.iter().zip(&given) {
            if param.required && given.is_none() && !suggested.contains(&param.name) {
                self.report(ActionError::MissingArgument {
                    span: call.name.span,
                    action: spec.name,
                    param: param.name,
                    ty: param.ty,
                });
            }
        }
        match spec.constraint {
            Some(Constraint::ExactlyOneOf(names)) => {
                let spans: Vec<Span> = spec
                    .params
                    .iter()
                    .zip(&given)
                    .filter(|(param, _)| names.contains(&param.name))
                    .filter_map(|(_, given)| given.map(|arg| arg.span))
                    .collect();
                if spans.len() != 1 {
                    self.report(ActionError::ExactlyOneOf {
                        span: call.name.span,
                        action: spec.name,
                        params: names,
                        given: spans,
                    });
                }
            }
            Some(Constraint::DigitsOnly(name)) => {
                let value = spec
                    .params
                    .iter()
                    .zip(&given)
                    .find(|(param, _)| param.name == name)
                    .and_then(|(_, given)| *given)
                    .and_then(|arg| match &arg.value {
                        ArgValue::Expr(Expr {
                            kind: ExprKind::Str(template),
                            span,
                        }) => template.as_plain().map(|text| (text, *span)),
                        _ => None,
                    });
                if let Some((text, span)) = value
                    && (text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()))
                {
                    self.report(ActionError::DigitsOnly {
                        span,
                        action: spec.name,
                        param: name,
                        value: text,
                    });
                }
            }
            None => {}
        }
        self.check_record_object(spec, &given);
        Some(spec)
    }

    /// The `object` argument of the record actions names an object type; with
    /// a schema, `create_record`'s `properties` keys are that type's properties
    /// and their values fit.
    fn check_record_object(&mut self, spec: &'static ActionSpec, given: &[Option<&'a Arg>]) {
        let argument = |name: &str| -> Option<&'a Arg> {
            spec.params
                .iter()
                .zip(given)
                .find(|(param, _)| param.name == name)
                .and_then(|(_, arg)| *arg)
        };
        if !spec.engine_handled {
            return;
        }
        let Some((object, object_span)) = argument("object").and_then(|arg| match &arg.value {
            ArgValue::Expr(Expr {
                kind: ExprKind::Str(template),
                span,
            }) => template.as_plain().map(|text| (text, *span)),
            _ => None,
        }) else {
            return;
        };
        let before = self.problems.len();
        self.check_object_type(&object, object_span);
        if self.problems.len() > before || spec.name != "create_record" {
            return;
        }
        let Some(described) = self.options.schema.as_ref().and_then(|schema| schema.object(&object)) else {
            return;
        };
        let Some(ArgValue::Expr(Expr {
            kind: ExprKind::Map(entries),
            ..
        })) = argument("properties").map(|arg| &arg.value)
        else {
            return;
        };
        let mut problems = Vec::new();
        for entry in entries {
            match described.properties.get(entry.key.name.as_str()) {
                None => problems.push(TypeError::UnknownProperty {
                    span: entry.key.span,
                    object: object.clone(),
                    name: entry.key.name.to_string(),
                    suggestions: super::owned(suggest_all(
                        &entry.key.name,
                        described.properties.keys().map(String::as_str),
                    )),
                }),
                Some(ty) => {
                    let expected = ty.ty();
                    let found = self.expr_type_quiet(&entry.value);
                    if !expected.accepts(&found) {
                        problems.push(TypeError::SetType {
                            span: entry.value.span,
                            path: entry.key.name.to_string(),
                            expected,
                            found,
                        });
                    }
                }
            }
        }
        for problem in problems {
            self.report(problem);
        }
    }

    /// Matches arguments to parameters and checks each value; returns, per
    /// parameter, the argument that gives it.
    fn arguments(&mut self, spec: &'static ActionSpec, args: &'a [Arg]) -> Vec<Option<&'a Arg>> {
        let mut given: Vec<Option<&'a Arg>> = vec![None; spec.params.len()];
        let mut first_named: Option<Span> = None;
        let mut positional = 0usize;
        for arg in args {
            let index = match &arg.name {
                // The parser rejects a positional argument after a named one
                // (E0016); such an argument is not matched here.
                None => {
                    if first_named.is_some() {
                        None
                    } else {
                        let index = positional;
                        positional += 1;
                        if index >= spec.params.len() {
                            self.report(ActionError::TooManyArguments {
                                span: arg.span,
                                action: spec.name,
                                max: spec.params.len(),
                            });
                            None
                        } else {
                            Some(index)
                        }
                    }
                }
                Some(name) => {
                    first_named.get_or_insert(arg.span);
                    let index = spec.params.iter().position(|param| param.name == name.name);
                    if index.is_none() {
                        let params: Vec<&'static str> = spec.params.iter().map(|param| param.name).collect();
                        self.report(ActionError::UnknownParameter {
                            span: name.span,
                            action: spec.name,
                            name: name.name.to_string(),
                            suggestions: suggest_all(&name.name, params.iter().copied()),
                            params,
                        });
                    }
                    index
                }
            };
            let param = index.and_then(|i| spec.params.get(i).map(|param| (i, param)));
            if let Some((i, param)) = param {
                match given.get(i).copied().flatten() {
                    Some(first) => self.report(ActionError::DuplicateArgument {
                        span: arg.span,
                        param: param.name,
                        first: first.span,
                    }),
                    None => {
                        if let Some(slot) = given.get_mut(i) {
                            *slot = Some(arg);
                        }
                    }
                }
            }
            match &arg.value {
                ArgValue::Placeholder(span) => self.report(Warning::Placeholder {
                    span: *span,
                    action: spec.name.to_string(),
                    param: param.map(|(_, param)| param.name),
                }),
                ArgValue::Expr(expr) => {
                    let ty = self.expr(expr);
                    if let Some((_, param)) = param {
                        self.check_argument(spec, param, expr, ty);
                    }
                }
            }
        }
        given
    }

    /// The value's type must fit the parameter's; an enum's literal must be
    /// one of its values.
    fn check_argument(&mut self, spec: &'static ActionSpec, param: &'static Param, expr: &Expr, ty: Ty) {
        let fits = match param.ty {
            ParamType::Str | ParamType::Enum(_) => ty.may_be_text(),
            ParamType::Num => ty.may_be_number(),
            ParamType::Bool => matches!(ty, Ty::Bool | Ty::Unknown),
            ParamType::Dur => matches!(ty, Ty::Duration | Ty::Unknown),
            ParamType::List => matches!(ty, Ty::List | Ty::Unknown),
            ParamType::Map => matches!(ty, Ty::Map | Ty::Unknown),
        };
        if !fits {
            self.report(ActionError::ArgumentType {
                span: expr.span,
                action: spec.name,
                param: param.name,
                expected: param.ty,
                found: ty,
            });
            return;
        }
        if let ParamType::Enum(allowed) = param.ty
            && let ExprKind::Str(template) = &expr.kind
            && let Some(text) = template.as_plain()
            && !allowed.contains(&text.as_str())
        {
            self.report(ActionError::InvalidEnumValue {
                span: expr.span,
                action: spec.name,
                param: param.name,
                suggestions: suggest_all(&text, allowed.iter().copied()),
                value: text,
                allowed,
            });
        }
    }
}
