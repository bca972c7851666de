//! Expressions (docs/language.md 6): their types, operators, comparisons,
//! functions and conditions, with the checks the types allow (E04xx), and the
//! fit of `set` values and `branch on` values.

use super::types::{Ty, arithmetic};
use super::{Checker, NameError, TypeError};
use crate::catalog;
use crate::suggest::suggest_all;
use crate::syntax::ast::{BinaryOp, BranchArm, Expr, ExprKind, Ident, LiteralKind, Path, TemplatePart, UnaryOp};
use crate::syntax::span::Span;

impl<'a> Checker<'a> {
    /// A condition: an expression that must be true/false.
    pub(super) fn condition(&mut self, cond: &'a Expr) {
        let ty = self.expr(cond);
        if ty.is_known() && ty != Ty::Bool {
            self.report(TypeError::ConditionType {
                span: cond.span,
                found: ty,
            });
        }
    }

    /// A condition where `event.FIELD` may be read.
    pub(super) fn event_condition(&mut self, cond: &'a Expr) {
        let outer = std::mem::replace(&mut self.names.event_context, true);
        self.condition(cond);
        self.names.event_context = outer;
    }

    /// The type of an expression already walked (its problems reported):
    /// walks it again and drops what that reports.
    pub(super) fn expr_type_quiet(&mut self, expr: &'a Expr) -> Ty {
        let before = self.problems.len();
        let ty = self.expr(expr);
        self.problems.truncate(before);
        ty
    }

    /// The type of an expression, reporting what is wrong inside it.
    pub(super) fn expr(&mut self, expr: &'a Expr) -> Ty {
        match &expr.kind {
            ExprKind::Str(template) => {
                for part in &template.parts {
                    if let TemplatePart::Path(path) = part {
                        self.read_path(path);
                    }
                }
                Ty::Str
            }
            ExprKind::Number(_) => Ty::Num,
            ExprKind::Bool(_) => Ty::Bool,
            ExprKind::Date(date) => {
                self.check_date(date);
                Ty::Date
            }
            ExprKind::DateTime(value) => {
                self.check_datetime(value);
                Ty::DateTime
            }
            ExprKind::Duration(_) => Ty::Duration,
            ExprKind::Path(path) => self.read_path(path),
            ExprKind::List(items) => {
                for item in items {
                    self.expr(item);
                }
                Ty::List
            }
            ExprKind::Map(entries) => {
                for entry in entries {
                    self.expr(&entry.value);
                }
                Ty::Map
            }
            ExprKind::Call { name, args } => self.function(name, args, expr.span),
            ExprKind::Unary { op, operand } => {
                let ty = self.expr(operand);
                let (ok, result) = match op {
                    UnaryOp::Not => (matches!(ty, Ty::Bool | Ty::Unknown), Ty::Bool),
                    UnaryOp::Neg => (ty.may_be_number(), Ty::Num),
                };
                if !ok {
                    self.report(TypeError::OperandTypes {
                        span: expr.span,
                        op: match op {
                            UnaryOp::Not => "not",
                            UnaryOp::Neg => "-",
                        },
                        left: ty,
                        right: None,
                    });
                }
                result
            }
            ExprKind::Binary { op, op_span, lhs, rhs } => self.binary(*op, *op_span, lhs, rhs),
            ExprKind::IsKnown { operand, .. } => {
                self.expr(operand);
                Ty::Bool
            }
        }
    }

    pub(super) fn binary(&mut self, op: BinaryOp, op_span: Span, lhs: &'a Expr, rhs: &'a Expr) -> Ty {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let left = self.expr(lhs);
                let right = self.expr(rhs);
                let bad = |t: &Ty| t.is_known() && *t != Ty::Bool;
                if bad(&left) || bad(&right) {
                    self.report(TypeError::OperandTypes {
                        span: op_span,
                        op: op.as_str(),
                        left,
                        right: Some(right),
                    });
                }
                Ty::Bool
            }
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                let left = self.expr(lhs);
                let right = self.expr(rhs);
                let ordering = !matches!(op, BinaryOp::Eq | BinaryOp::Ne);
                let ok = if ordering {
                    left.orderable(&right)
                } else {
                    left.comparable(&right)
                };
                if !ok {
                    self.report(TypeError::ComparisonTypes {
                        span: op_span,
                        op: op.as_str(),
                        left,
                        right,
                        left_span: lhs.span,
                        right_span: rhs.span,
                    });
                } else {
                    self.check_enum_literal(&left, rhs);
                    self.check_enum_literal(&right, lhs);
                }
                Ty::Bool
            }
            BinaryOp::In | BinaryOp::NotIn => {
                let left = self.expr(lhs);
                match &rhs.kind {
                    ExprKind::List(items) => {
                        for item in items {
                            let item_ty = self.expr(item);
                            if !left.comparable(&item_ty) {
                                self.report(TypeError::ComparisonTypes {
                                    span: op_span,
                                    op: op.as_str(),
                                    left: left.clone(),
                                    right: item_ty,
                                    left_span: lhs.span,
                                    right_span: item.span,
                                });
                            } else {
                                self.check_enum_literal(&left, item);
                            }
                        }
                    }
                    _ => {
                        self.expr(rhs);
                    }
                }
                Ty::Bool
            }
            BinaryOp::Contains | BinaryOp::StartsWith | BinaryOp::EndsWith => {
                let left = self.expr(lhs);
                let right = self.expr(rhs);
                if !left.may_be_text() || !right.may_be_text() {
                    self.report(TypeError::ComparisonTypes {
                        span: op_span,
                        op: op.as_str(),
                        left,
                        right,
                        left_span: lhs.span,
                        right_span: rhs.span,
                    });
                }
                Ty::Bool
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                let left = self.expr(lhs);
                let right = self.expr(rhs);
                match arithmetic(op, &left, &right) {
                    Some(ty) => ty,
                    None => {
                        self.report(TypeError::OperandTypes {
                            span: op_span,
                            op: op.as_str(),
                            left,
                            right: Some(right),
                        });
                        Ty::Unknown
                    }
                }
            }
        }
    }

    /// A plain string literal compared with an enum must be one of its values.
    pub(super) fn check_enum_literal(&mut self, ty: &Ty, value: &Expr) {
        if let (Ty::Enum(allowed), ExprKind::Str(template)) = (ty, &value.kind)
            && let Some(text) = template.as_plain()
            && !allowed.contains(&text)
        {
            self.report(TypeError::NotInEnum {
                span: value.span,
                suggestions: super::owned(suggest_all(&text, allowed.iter().map(String::as_str))),
                value: text,
                allowed: allowed.clone(),
            });
        }
    }

    /// `set PATH = VALUE`: the value must fit the property's type.
    pub(super) fn check_assignment(&mut self, path: &Path, target: &Ty, value: &Expr, value_ty: &Ty) {
        if !target.accepts(value_ty) {
            self.report(TypeError::SetType {
                span: value.span,
                path: path.text(),
                expected: target.clone(),
                found: value_ty.clone(),
            });
        } else {
            self.check_enum_literal(target, value);
        }
    }

    /// `branch on` literals must fit the path's type, or, when it is not
    /// known, be of one type.
    pub(super) fn check_branch_types(&mut self, path: &Path, ty: &Ty, arms: &[BranchArm]) {
        let literal_ty = |kind: &LiteralKind| match kind {
            LiteralKind::Str(_) => Ty::Str,
            LiteralKind::Number(_) => Ty::Num,
            LiteralKind::Bool(_) => Ty::Bool,
            LiteralKind::Date(_) => Ty::Date,
        };
        let mut expected = ty.clone();
        let mut first_literal: Option<Span> = None;
        for literal in arms.iter().flat_map(|arm| &arm.values) {
            let found = literal_ty(&literal.kind);
            if !expected.is_known() {
                expected = found;
                first_literal = Some(literal.span);
                continue;
            }
            let problem = match (&expected, &literal.kind) {
                (Ty::Enum(allowed), LiteralKind::Str(text)) => {
                    if allowed.contains(text) {
                        None
                    } else {
                        Some(super::owned(suggest_all(text, allowed.iter().map(String::as_str))))
                    }
                }
                (Ty::Enum(_), _) => Some(Vec::new()),
                (expected, _) if *expected == found => None,
                _ => Some(Vec::new()),
            };
            if let Some(suggestions) = problem {
                self.report(TypeError::BranchLiteralType {
                    span: literal.span,
                    path: path.text(),
                    expected: expected.clone(),
                    found,
                    suggestions,
                    first_literal,
                });
            }
        }
    }

    /// A function of docs/language.md 6.4: known name, argument count, argument types.
    pub(super) fn function(&mut self, name: &'a Ident, args: &'a [Expr], span: Span) -> Ty {
        let types: Vec<Ty> = args.iter().map(|arg| self.expr(arg)).collect();
        let Some((min, max)) = catalog::function_arity(&name.name) else {
            self.report(NameError::UnknownFunction {
                span: name.span,
                name: name.name.to_string(),
                suggestions: suggest_all(&name.name, catalog::FUNCTIONS.iter().map(|(f, _, _)| *f)),
            });
            return Ty::Unknown;
        };
        self.gate_function(&name.name, span);
        if args.len() < min || args.len() > max {
            self.report(NameError::FunctionArity {
                span,
                name: name.name.to_string(),
                min,
                max,
                given: args.len(),
            });
            return Ty::Unknown;
        }
        let (expected, result): (&[&'static str], Ty) = match name.name.as_str() {
            "upper" | "lower" | "capitalize" | "trim" => (&["string"], Ty::Str),
            "length" => (&["string"], Ty::Num),
            "replace" => (&["string", "string", "string"], Ty::Str),
            "round" => (&["number", "number"], Ty::Num),
            "floor" | "ceil" | "abs" => (&["number"], Ty::Num),
            "days_between" => (&["date", "date"], Ty::Num),
            "format_date" => (&["date", "string"], Ty::Str),
            "min" | "max" | "coalesce" => {
                let first = types.first().cloned().unwrap_or(Ty::Unknown);
                let result = if first.is_known() {
                    first
                } else {
                    types.get(1).cloned().unwrap_or(Ty::Unknown)
                };
                (&[], result)
            }
            _ => (&[], Ty::Unknown),
        };
        for ((arg, ty), want) in args.iter().zip(&types).zip(expected) {
            let fits = match *want {
                "string" => ty.may_be_text(),
                "number" => ty.may_be_number(),
                _ => ty.may_be_instant(),
            };
            if !fits {
                self.report(TypeError::FunctionArgType {
                    span: arg.span,
                    function: name.name.to_string(),
                    expected: want,
                    found: ty.clone(),
                });
            }
        }
        result
    }
}
