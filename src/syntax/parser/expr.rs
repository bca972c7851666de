//! Expressions: the grammar gives a flat `unary (operation)*` sequence; this
//! module applies the precedence table of docs/language.md 6.3 with an explicit
//! operator stack (no recursion), and reports what the table forbids:
//! chained comparisons, `not` as an operand, `is not known`. Only brackets
//! recurse, and the pre-scan bounds their depth.

use pest::iterators::Pair;

use super::build::{Builder, each_part, parts};
use super::rules::Rule;
use super::{MAX_EXPR_DEPTH, SyntaxError};
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::syntax::span::Span;

// Binding strength, loosest first (docs/language.md 6.3).
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
const NEG: u8 = 7;
const ATOM: u8 = 8;

/// A built operand: its tree, the binding strength of its top operator
/// (`ATOM` for values and parenthesised expressions), that operator's span,
/// and the depth of its tree.
struct Operand {
    expr: Expr,
    strength: u8,
    op_span: Span,
    depth: usize,
}

/// An operator waiting for its operands.
#[derive(Clone, Copy)]
enum Pending {
    Prefix(UnaryOp, Span),
    Infix(BinaryOp, Span),
}

impl Pending {
    fn strength(self) -> u8 {
        match self {
            Pending::Prefix(UnaryOp::Not, _) => NOT,
            Pending::Prefix(UnaryOp::Neg, _) => NEG,
            Pending::Infix(op, _) => binary_strength(op),
        }
    }
}

fn binary_strength(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => OR,
        BinaryOp::And => AND,
        BinaryOp::Eq
        | BinaryOp::Ne
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::In
        | BinaryOp::NotIn
        | BinaryOp::Contains
        | BinaryOp::StartsWith
        | BinaryOp::EndsWith => CMP,
        BinaryOp::Add | BinaryOp::Sub => ADD,
        BinaryOp::Mul | BinaryOp::Div => MUL,
    }
}

fn infix_op(rule: Rule) -> Option<BinaryOp> {
    Some(match rule {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_contains => BinaryOp::Contains,
        Rule::op_starts_with => BinaryOp::StartsWith,
        Rule::op_ends_with => BinaryOp::EndsWith,
        Rule::plus => BinaryOp::Add,
        Rule::minus => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        _ => return None,
    })
}

/// The operand stack and operator stack of one flat expression.
#[derive(Default)]
struct Stacks {
    operands: Vec<Operand>,
    pending: Vec<Pending>,
}

impl Builder {
    /// An `expr` pair.
    pub(super) fn expr(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        self.expr_with_depth(pair).map(|(expr, _)| expr)
    }

    /// An argument or map value: a lone list literal there may hold maps.
    pub(super) fn value_expr(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        match lone_value(&pair) {
            Some(list) if list.as_rule() == Rule::list => self.list(list, true).map(|(expr, _)| expr),
            Some(value) => self.primary(value).map(|(expr, _)| expr),
            None => self.expr(pair),
        }
    }

    fn expr_with_depth(&mut self, pair: Pair<'_, Rule>) -> Option<(Expr, usize)> {
        // Most expressions are a lone value (`"welcome"`, `2 days`, `score`):
        // no operator to order, so no stacks to allocate.
        if let Some(value) = lone_value(&pair) {
            return self.primary(value);
        }
        let whole = self.span(&pair);
        let mut stacks = Stacks::default();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::unary => self.push_unary(part, &mut stacks)?,
                Rule::operation => self.operation(part, &mut stacks, whole)?,
                _ => return self.bug(&part),
            }
        }
        self.reduce(&mut stacks, 0, whole)?;
        match (stacks.operands.pop(), stacks.operands.is_empty()) {
            (Some(operand), true) => Some((operand.expr, operand.depth)),
            _ => {
                self.error(SyntaxError::Internal {
                    span: whole,
                    rule: "expr".to_string(),
                });
                None
            }
        }
    }

    /// Pushes the prefix operators of a `unary` pair, then its value.
    fn push_unary(&mut self, pair: Pair<'_, Rule>, stacks: &mut Stacks) -> Option<()> {
        for part in pair.into_inner() {
            let span = self.span(&part);
            match part.as_rule() {
                Rule::kw_not => stacks.pending.push(Pending::Prefix(UnaryOp::Not, span)),
                Rule::minus => stacks.pending.push(Pending::Prefix(UnaryOp::Neg, span)),
                _ => {
                    let (expr, depth) = self.primary(part)?;
                    stacks.operands.push(Operand {
                        expr,
                        strength: ATOM,
                        op_span: span,
                        depth,
                    });
                }
            }
        }
        Some(())
    }

    fn operation(&mut self, pair: Pair<'_, Rule>, stacks: &mut Stacks, whole: Span) -> Option<()> {
        let mut inner = pair.clone().into_inner();
        let Some(op) = inner.next() else {
            return self.bug(&pair);
        };
        let op_span = self.span(&op);
        if op.as_rule() == Rule::postfix_op {
            self.reduce(stacks, CMP, whole)?;
            let Some(operand) = stacks.operands.pop() else {
                return self.bug(&pair);
            };
            let Some(postfix) = op.clone().into_inner().next() else {
                return self.bug(&op);
            };
            let operand = self.postfix(postfix, operand, op_span)?;
            let operand = self.deeper(operand)?;
            stacks.operands.push(operand);
            return Some(());
        }
        let Some(symbol) = op.clone().into_inner().next() else {
            return self.bug(&op);
        };
        let Some(binary) = infix_op(symbol.as_rule()) else {
            return self.bug(&symbol);
        };
        self.reduce(stacks, binary_strength(binary), whole)?;
        stacks.pending.push(Pending::Infix(binary, op_span));
        match inner.next() {
            Some(unary) => self.push_unary(unary, stacks),
            None => self.bug(&pair),
        }
    }

    /// `is [not] known|unknown`, `[not] in [..]` applied to `operand`.
    fn postfix(&mut self, postfix: Pair<'_, Rule>, operand: Operand, op_span: Span) -> Option<Operand> {
        let text = if postfix.as_rule() == Rule::is_known {
            "is"
        } else {
            "in"
        };
        self.check_operand(&operand, CMP, false, text, op_span);
        let depth = operand.depth + 1;
        let start = operand.expr.span;
        let kind = match postfix.as_rule() {
            Rule::is_known => {
                let mut negated = false;
                let mut known = true;
                for word in postfix.into_inner() {
                    match word.as_rule() {
                        Rule::kw_not => negated = true,
                        Rule::kw_unknown => known = false,
                        _ => {}
                    }
                }
                if negated {
                    self.error(SyntaxError::IsNotKnown { span: op_span, known });
                }
                ExprKind::IsKnown {
                    operand: Box::new(operand.expr),
                    known: known != negated,
                }
            }
            Rule::membership => {
                let mut op = BinaryOp::In;
                let mut in_span = op_span;
                let mut list = None;
                for part in postfix.into_inner() {
                    match part.as_rule() {
                        Rule::not_in => {
                            op = BinaryOp::NotIn;
                            in_span = self.span(&part);
                        }
                        Rule::kw_in => in_span = self.span(&part),
                        Rule::list => list = Some(self.list(part, false)?),
                        _ => return self.bug(&part),
                    }
                }
                let Some((rhs, rhs_depth)) = list else {
                    return self.internal(op_span);
                };
                return Some(Operand {
                    expr: Expr {
                        span: start.to(rhs.span),
                        kind: ExprKind::Binary {
                            op,
                            op_span: in_span,
                            lhs: Box::new(operand.expr),
                            rhs: Box::new(rhs),
                        },
                    },
                    strength: CMP,
                    op_span: in_span,
                    depth: depth.max(rhs_depth + 1),
                });
            }
            _ => return self.bug(&postfix),
        };
        Some(Operand {
            expr: Expr {
                kind,
                span: start.to(op_span),
            },
            strength: CMP,
            op_span,
            depth,
        })
    }

    /// Applies pending operators at least as strong as `min`.
    fn reduce(&mut self, stacks: &mut Stacks, min: u8, whole: Span) -> Option<()> {
        while let Some(&top) = stacks.pending.last() {
            if top.strength() < min {
                break;
            }
            stacks.pending.pop();
            let operand = match top {
                Pending::Prefix(op, span) => {
                    let Some(operand) = stacks.operands.pop() else {
                        return self.internal(whole);
                    };
                    let (strength, text) = match op {
                        UnaryOp::Not => (NOT, "not"),
                        UnaryOp::Neg => (NEG, "-"),
                    };
                    self.check_operand(&operand, strength, true, text, span);
                    Operand {
                        depth: operand.depth + 1,
                        expr: Expr {
                            span: span.to(operand.expr.span),
                            kind: ExprKind::Unary {
                                op,
                                operand: Box::new(operand.expr),
                            },
                        },
                        strength,
                        op_span: span,
                    }
                }
                Pending::Infix(op, op_span) => {
                    let (Some(rhs), Some(lhs)) = (stacks.operands.pop(), stacks.operands.pop()) else {
                        return self.internal(whole);
                    };
                    let strength = binary_strength(op);
                    // Left-associative, except comparisons, which do not chain.
                    self.check_operand(&lhs, strength, strength != CMP, op.as_str(), op_span);
                    self.check_operand(&rhs, strength, false, op.as_str(), op_span);
                    Operand {
                        depth: lhs.depth.max(rhs.depth) + 1,
                        expr: Expr {
                            span: lhs.expr.span.to(rhs.expr.span),
                            kind: ExprKind::Binary {
                                op,
                                op_span,
                                lhs: Box::new(lhs.expr),
                                rhs: Box::new(rhs.expr),
                            },
                        },
                        strength,
                        op_span,
                    }
                }
            };
            let operand = self.deeper(operand)?;
            stacks.operands.push(operand);
        }
        Some(())
    }

    /// Reports an operand bound more loosely than the operator taking it:
    /// `a == b == c`, `a == not b`, `a is known + 1`, `- not a`.
    fn check_operand(&mut self, operand: &Operand, strength: u8, equal_ok: bool, op: &str, op_span: Span) {
        let fits = operand.strength > strength || (equal_ok && operand.strength == strength);
        if fits {
            return;
        }
        let error = if operand.strength == CMP && strength == CMP {
            SyntaxError::ChainedComparison {
                span: op_span,
                first: operand.op_span,
            }
        } else if operand.strength == NOT {
            SyntaxError::NotOperand {
                span: operand.expr.span,
                op: op.to_string(),
                op_span,
            }
        } else {
            SyntaxError::ComparisonOperand {
                span: operand.expr.span,
                op: op.to_string(),
                op_span,
            }
        };
        self.error(error);
    }

    /// Keeps trees within [`MAX_EXPR_DEPTH`]; a deeper one is reported at the
    /// operator that crosses the limit, and dropped.
    fn deeper(&mut self, operand: Operand) -> Option<Operand> {
        if operand.depth > MAX_EXPR_DEPTH {
            self.error(SyntaxError::ExpressionTooDeep {
                span: operand.op_span,
                limit: MAX_EXPR_DEPTH,
            });
            return None;
        }
        Some(operand)
    }

    fn internal<T>(&mut self, span: Span) -> Option<T> {
        self.error(SyntaxError::Internal {
            span,
            rule: "expr".to_string(),
        });
        None
    }

    /// A value: literal, path, call, list, or parenthesised expression.
    fn primary(&mut self, pair: Pair<'_, Rule>) -> Option<(Expr, usize)> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => {
                let p = parts(pair.clone());
                let inner = self.nth(&pair, &p, 0)?;
                return self.expr_with_depth(inner);
            }
            Rule::list => return self.list(pair, false),
            Rule::call => {
                let p = parts(pair.clone());
                let name = self.nth(&pair, &p, 0)?;
                let name = self.ident(&name);
                let mut args = Vec::with_capacity(p.len().saturating_sub(1));
                let mut depth = 0;
                for arg in p.into_iter().skip(1) {
                    let (arg, arg_depth) = self.expr_with_depth(arg)?;
                    depth = depth.max(arg_depth);
                    args.push(arg);
                }
                let expr = Expr {
                    kind: ExprKind::Call { name, args },
                    span,
                };
                return Some((expr, depth + 1));
            }
            Rule::datetime => ExprKind::DateTime(self.datetime(&pair)),
            Rule::date | Rule::bad_date => ExprKind::Date(self.date(&pair)),
            Rule::time => {
                self.error(SyntaxError::TimeNotValue { span });
                ExprKind::Number(0.0)
            }
            Rule::percent => {
                self.error(SyntaxError::PercentNotValue { span });
                ExprKind::Number(0.0)
            }
            Rule::duration => ExprKind::Duration(self.duration(pair)),
            Rule::number => ExprKind::Number(self.number(&pair).value),
            Rule::string => ExprKind::Str(self.template(&pair)),
            Rule::boolean => ExprKind::Bool(pair.into_inner().any(|p| p.as_rule() == Rule::kw_true)),
            Rule::path => ExprKind::Path(self.path(pair)?),
            _ => return self.bug(&pair),
        };
        Some((Expr { kind, span }, 1))
    }

    /// `[a, b]`; items may be maps only inside action arguments.
    fn list(&mut self, pair: Pair<'_, Rule>, maps_allowed: bool) -> Option<(Expr, usize)> {
        let span = self.span(&pair);
        // `[`, `]` and a comma after each item but the last are the other children.
        let mut items = Vec::with_capacity(pair.clone().into_inner().len().saturating_sub(1) / 2);
        let mut depth = 0;
        for item in each_part(pair) {
            let (expr, item_depth) = if item.as_rule() == Rule::map {
                if !maps_allowed {
                    let map_span = self.span(&item);
                    self.error(SyntaxError::MapNotArgument { span: map_span });
                }
                // Map depth is bounded by the pre-scan's bracket limit.
                (self.map(item)?, 1)
            } else if maps_allowed && let Some(list) = lone_list(&item) {
                self.list(list, true)?
            } else {
                self.expr_with_depth(item)?
            };
            depth = depth.max(item_depth);
            items.push(expr);
        }
        Some((
            Expr {
                kind: ExprKind::List(items),
                span,
            },
            depth + 1,
        ))
    }
}

/// The value of an `expr` that is one value without operators.
fn lone_value<'i>(expr: &Pair<'i, Rule>) -> Option<Pair<'i, Rule>> {
    let mut terms = expr.clone().into_inner();
    let unary = terms.next()?;
    if terms.next().is_some() || unary.as_rule() != Rule::unary {
        return None;
    }
    let mut inner = unary.into_inner();
    let value = inner.next()?;
    let prefix = matches!(value.as_rule(), Rule::kw_not | Rule::minus);
    (inner.next().is_none() && !prefix).then_some(value)
}

/// The `list` pair of an `expr` that is nothing but a list literal.
fn lone_list<'i>(expr: &Pair<'i, Rule>) -> Option<Pair<'i, Rule>> {
    lone_value(expr).filter(|value| value.as_rule() == Rule::list)
}
