//! Expressions: in value context (push the value) and in branch context
//! (jump on the truth of a condition, with short-circuit `and`/`or` and the
//! fused `prop OP const` test), paths, and constant folding.

use chrono::{NaiveDateTime, NaiveTime};

use super::chunk::{ChunkBuilder, Patch};
use super::emit::{WorkflowEmitter, duration_value};
use super::opcode::{CmpOp, Function, Op};
use super::program::{ConstId, FieldId, LocalSlot, PropSlot};
use super::{CompileError, Problem};
use crate::syntax::ast::{self, BinaryOp, ExprKind, UnaryOp};
use crate::syntax::span::Span;
use crate::time;
use crate::value::Value;

/// What a path names.
enum Resolved {
    Property(PropSlot),
    Local(LocalSlot),
    Event(FieldId),
    Now,
    Today,
    /// Reported already.
    Error,
}

fn comparison(op: BinaryOp) -> Option<CmpOp> {
    Some(match op {
        BinaryOp::Eq => CmpOp::Eq,
        BinaryOp::Ne => CmpOp::Ne,
        BinaryOp::Lt => CmpOp::Lt,
        BinaryOp::Le => CmpOp::Le,
        BinaryOp::Gt => CmpOp::Gt,
        BinaryOp::Ge => CmpOp::Ge,
        BinaryOp::In => CmpOp::In,
        BinaryOp::NotIn => CmpOp::NotIn,
        BinaryOp::Contains => CmpOp::Contains,
        BinaryOp::StartsWith => CmpOp::StartsWith,
        BinaryOp::EndsWith => CmpOp::EndsWith,
        _ => return None,
    })
}

/// `a OP b` as `b OP' a`, for the comparisons that have a mirror.
fn mirrored(op: CmpOp) -> Option<CmpOp> {
    Some(match op {
        CmpOp::Eq => CmpOp::Eq,
        CmpOp::Ne => CmpOp::Ne,
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        _ => return None,
    })
}

impl WorkflowEmitter<'_> {
    /// Emits code that jumps when the condition's truth equals `when` and
    /// falls through otherwise; returns the jumps to patch to the target.
    pub(super) fn branch(
        &mut self,
        chunk: &mut ChunkBuilder,
        expr: &ast::Expr,
        when: bool,
        event_ok: bool,
    ) -> Vec<Patch> {
        let mut jumps = Vec::new();
        self.branch_into(chunk, expr, when, event_ok, &mut jumps);
        jumps
    }

    /// [`Self::branch`], adding the jumps to `jumps`.
    fn branch_into(
        &mut self,
        chunk: &mut ChunkBuilder,
        expr: &ast::Expr,
        when: bool,
        event_ok: bool,
        jumps: &mut Vec<Patch>,
    ) {
        match &expr.kind {
            ExprKind::Binary {
                op: op @ (BinaryOp::And | BinaryOp::Or),
                lhs,
                rhs,
                ..
            } => {
                // `and` jumps on false as soon as one side is false; `or` on true.
                let short = *op == BinaryOp::Or;
                if when == short {
                    self.branch_into(chunk, lhs, when, event_ok, jumps);
                    self.branch_into(chunk, rhs, when, event_ok, jumps);
                } else {
                    // The left side's jumps land after the right side.
                    let decided = jumps.len();
                    self.branch_into(chunk, lhs, short, event_ok, jumps);
                    let own = jumps.len();
                    self.branch_into(chunk, rhs, when, event_ok, jumps);
                    for jump in jumps.drain(decided..own) {
                        chunk.patch_here(jump);
                    }
                }
            }
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand,
            } => self.branch_into(chunk, operand, !when, event_ok, jumps),
            ExprKind::Bool(value) => {
                if *value == when {
                    jumps.push(chunk.emit_jump(Op::Jump { target: 0 }, expr.span));
                }
            }
            ExprKind::Binary { op, lhs, rhs, .. } if comparison(*op).is_some() => {
                let op = comparison(*op).unwrap_or(CmpOp::Eq);
                if let Some(jump) = self.fused(chunk, op, lhs, rhs, when, expr.span) {
                    jumps.push(jump);
                    return;
                }
                self.value(chunk, expr, event_ok);
                jumps.push(self.jump_on(chunk, when, expr.span));
            }
            _ => {
                self.value(chunk, expr, event_ok);
                jumps.push(self.jump_on(chunk, when, expr.span));
            }
        }
    }

    fn jump_on(&mut self, chunk: &mut ChunkBuilder, when: bool, span: Span) -> Patch {
        let op = if when {
            Op::JumpIfTrue { target: 0 }
        } else {
            Op::JumpIfFalse { target: 0 }
        };
        chunk.emit_jump(op, span)
    }

    /// `prop OP const` (or `const OP prop` with a mirror) as one `CompareJump`.
    fn fused(
        &mut self,
        chunk: &mut ChunkBuilder,
        op: CmpOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        when: bool,
        span: Span,
    ) -> Option<Patch> {
        let (path, op, constant) = match (&lhs.kind, fold_ref(rhs, self.zone)) {
            (ExprKind::Path(path), Some(constant)) => (path, op, constant),
            _ => match (fold_ref(lhs, self.zone), &rhs.kind, mirrored(op)) {
                (Some(constant), ExprKind::Path(path), Some(op)) => (path, op, constant),
                _ => return None,
            },
        };
        if matches!(op, CmpOp::In | CmpOp::NotIn) && !matches!(constant, Folded::Value(Value::List(_))) {
            return None;
        }
        if path.head.name == "event" || (path.field.is_some() && self.let_of(&path.head.name).is_some()) {
            return None;
        }
        let slot = match self.resolve(path, false) {
            Resolved::Property(slot) => slot,
            _ => return None,
        };
        let constant = self.intern(constant);
        let op = Op::CompareJump {
            slot,
            constant,
            target: 0,
            op,
            when,
        };
        Some(chunk.emit_jump(op, span))
    }

    /// The constant a constant expression folds to, interned; `None` when
    /// it is not constant (then [`Self::value`] emits code for it).
    pub(super) fn constant(&mut self, expr: &ast::Expr) -> Option<ConstId> {
        let value = fold_ref(expr, self.zone)?;
        Some(self.intern(value))
    }

    fn intern(&mut self, constant: Folded<'_>) -> ConstId {
        match constant {
            Folded::Str(text) => self.tables.constants.add_str(text),
            Folded::Value(value) => self.tables.constants.add(value),
        }
    }

    /// Emits code that pushes the expression's value.
    pub(super) fn value(&mut self, chunk: &mut ChunkBuilder, expr: &ast::Expr, event_ok: bool) {
        let span = expr.span;
        if let Some(constant) = fold_ref(expr, self.zone) {
            let index = self.intern(constant);
            chunk.emit(Op::Const { index }, span);
            return;
        }
        match &expr.kind {
            ExprKind::Str(template) => {
                for part in &template.parts {
                    match part {
                        ast::TemplatePart::Text(text) => {
                            let index = self.tables.constants.add_str(&text.value);
                            chunk.emit(Op::Const { index }, text.span);
                        }
                        ast::TemplatePart::Path(path) => self.path(chunk, path, event_ok),
                    }
                }
                let count = template.parts.len() as u32;
                chunk.emit(Op::Concat { count }, span);
            }
            ExprKind::Number(n) => {
                let value = self.number(*n, span);
                let index = self.tables.constants.add(value);
                chunk.emit(Op::Const { index }, span);
            }
            ExprKind::Date(date) => {
                self.date(date);
                self.unknown(chunk, span);
            }
            ExprKind::DateTime(literal) => {
                self.local_datetime(literal);
                self.unknown(chunk, span);
            }
            ExprKind::Bool(_) | ExprKind::Duration(_) => self.unknown(chunk, span),
            ExprKind::Placeholder => {
                self.errors
                    .push(CompileError::PlaceholderCondition { file: self.file, span });
                self.unknown(chunk, span);
            }
            ExprKind::Path(path) => self.path(chunk, path, event_ok),
            ExprKind::List(items) => {
                for item in items {
                    self.value(chunk, item, event_ok);
                }
                chunk.emit(
                    Op::MakeList {
                        count: items.len() as u32,
                    },
                    span,
                );
            }
            ExprKind::Map(entries) => {
                for entry in entries {
                    self.value(chunk, &entry.value, event_ok);
                }
                let keys: Vec<Value> = entries.iter().map(|e| Value::str(&e.key.name)).collect();
                let keys = self.tables.constants.add(Value::List(keys.into()));
                chunk.emit(Op::MakeMap { keys }, span);
            }
            ExprKind::Call { name, args } => {
                let Some(function) = Function::from_name(&name.name) else {
                    self.error(name.span, Problem::UnknownFunction(name.name.to_string()));
                    self.unknown(chunk, span);
                    return;
                };
                let (min, max) = function.arity();
                let argc = u8::try_from(args.len()).unwrap_or(u8::MAX);
                if argc < min || argc > max {
                    let function = name.name.to_string();
                    self.error(span, Problem::BadArity { function, min, max });
                }
                for arg in args {
                    self.value(chunk, arg, event_ok);
                }
                chunk.emit(Op::Call { function, argc }, span);
            }
            ExprKind::Unary { op, operand } => {
                self.value(chunk, operand, event_ok);
                let op = match op {
                    UnaryOp::Not => Op::Not,
                    UnaryOp::Neg => Op::Neg,
                };
                chunk.emit(op, span);
            }
            ExprKind::Binary {
                op: BinaryOp::And | BinaryOp::Or,
                ..
            } => {
                let on_false = self.branch(chunk, expr, false, event_ok);
                chunk.emit(Op::Bool { value: true }, span);
                let done = chunk.emit_jump(Op::Jump { target: 0 }, span);
                chunk.patch_all_here(on_false);
                chunk.emit(Op::Bool { value: false }, span);
                chunk.patch_here(done);
            }
            ExprKind::Binary { op, lhs, rhs, op_span } => {
                self.value(chunk, lhs, event_ok);
                self.value(chunk, rhs, event_ok);
                let op = match (comparison(*op), op) {
                    (Some(op), _) => Op::Compare { op },
                    (None, BinaryOp::Add) => Op::Add,
                    (None, BinaryOp::Sub) => Op::Sub,
                    (None, BinaryOp::Mul) => Op::Mul,
                    (None, _) => Op::Div,
                };
                chunk.emit(op, *op_span);
            }
            ExprKind::IsKnown { operand, known } => {
                self.value(chunk, operand, event_ok);
                chunk.emit(Op::IsKnown { known: *known }, span);
            }
        }
    }

    fn unknown(&mut self, chunk: &mut ChunkBuilder, span: Span) {
        let index = self.tables.constants.add(Value::Unknown);
        chunk.emit(Op::Const { index }, span);
    }

    /// Pushes the value a path names.
    pub(super) fn path(&mut self, chunk: &mut ChunkBuilder, path: &ast::Path, event_ok: bool) {
        let op = match self.resolve(path, event_ok) {
            Resolved::Property(slot) => Op::Property { slot },
            Resolved::Local(slot) => Op::Local { slot },
            Resolved::Event(field) => Op::EventField { field },
            Resolved::Now => Op::Now,
            Resolved::Today => Op::Today,
            Resolved::Error => {
                self.unknown(chunk, path.span);
                return;
            }
        };
        chunk.emit(op, path.span);
    }

    /// The slot of a path that must name a property (`set`, `clear`, …).
    pub(super) fn target(&mut self, path: &ast::Path) -> PropSlot {
        match self.resolve(path, false) {
            Resolved::Property(slot) => slot,
            _ => {
                self.error(path.span, Problem::NotAProperty(path.text()));
                PropSlot(0)
            }
        }
    }

    /// The innermost visible `let` of this name.
    fn let_of(&self, name: &str) -> Option<u32> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|scope| scope.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, index)| *index)
    }

    fn resolve(&mut self, path: &ast::Path, event_ok: bool) -> Resolved {
        let head = path.head.name.as_str();
        let Some(field) = &path.field else {
            return match head {
                "now" => Resolved::Now,
                "today" => Resolved::Today,
                "event" => {
                    self.error(path.span, Problem::EventOutsideContext(path.text()));
                    Resolved::Error
                }
                _ => Resolved::Property(self.tables.property(None, head)),
            };
        };
        if head == "event" {
            if event_ok {
                return Resolved::Event(self.tables.field(&field.name));
            }
            self.error(path.span, Problem::EventOutsideContext(path.text()));
            return Resolved::Error;
        }
        match self.let_of(head) {
            Some(binding) => Resolved::Local(self.local(binding, head, &field.name)),
            None => Resolved::Property(self.tables.property(Some(head), &field.name)),
        }
    }

    /// The local slot of one output field of a `let`, made on first use.
    fn local(&mut self, binding: u32, name: &str, field: &str) -> LocalSlot {
        let next = LocalSlot(self.locals.len() as u32);
        let Some(binding) = self.lets.get_mut(binding as usize) else {
            return next;
        };
        if let Some(existing) = binding.fields.iter().find(|f| f.field == field) {
            return existing.slot;
        }
        binding.fields.push(super::program::LetField {
            field: field.to_string(),
            slot: next,
        });
        self.locals.push(format!("{name}.{field}"));
        next
    }

    /// A number literal; a non-finite one (too many digits) is an error.
    pub(super) fn number(&mut self, n: f64, span: Span) -> Value {
        if n.is_finite() {
            Value::Number(n)
        } else {
            self.error(span, Problem::BadLiteral("a number this large".to_string()));
            Value::Unknown
        }
    }

    /// A date-time literal without offset, as written.
    pub(super) fn local_datetime(&mut self, literal: &ast::DateTimeLit) -> Option<NaiveDateTime> {
        let date = self.date(&literal.date)?;
        let time = NaiveTime::from_hms_opt(literal.hour, literal.minute, literal.second);
        if time.is_none() {
            let text = format!("{:02}:{:02}:{:02}", literal.hour, literal.minute, literal.second);
            self.errors.push(CompileError::Unchecked {
                file: self.file,
                span: literal.span,
                problem: Problem::BadLiteral(text),
            });
        }
        Some(date.and_time(time?))
    }

    /// A date-time literal as an instant (local ones in the workflow's zone).
    pub(super) fn instant(&mut self, literal: &ast::DateTimeLit) -> chrono::DateTime<chrono::Utc> {
        let local = self.local_datetime(literal).unwrap_or_default();
        instant_of(literal, local, self.zone)
    }
}

fn instant_of(literal: &ast::DateTimeLit, local: NaiveDateTime, zone: chrono_tz::Tz) -> chrono::DateTime<chrono::Utc> {
    match literal.offset {
        None => time::local_instant(zone, local.date(), local.time()),
        Some(ast::UtcOffset::Utc) => local.and_utc(),
        Some(ast::UtcOffset::Minutes(minutes)) => local
            .checked_sub_signed(chrono::TimeDelta::minutes(i64::from(minutes)))
            .unwrap_or(local)
            .and_utc(),
    }
}

/// A constant before it is interned: a plain string stays borrowed, so that
/// a string already in the pool costs no allocation.
enum Folded<'e> {
    Str(&'e str),
    Value(Value),
}

/// [`fold`], with plain strings borrowed.
fn fold_ref(expr: &ast::Expr, zone: chrono_tz::Tz) -> Option<Folded<'_>> {
    if let ExprKind::Str(template) = &expr.kind {
        match template.parts.as_slice() {
            [] => return Some(Folded::Str("")),
            [ast::TemplatePart::Text(text)] => return Some(Folded::Str(&text.value)),
            _ => {}
        }
    }
    fold(expr, zone).map(Folded::Value)
}

/// The value of a constant expression (literals, lists and maps of them,
/// `-NUMBER`, plain strings); `None` when it is not constant or not valid.
fn fold(expr: &ast::Expr, zone: chrono_tz::Tz) -> Option<Value> {
    Some(match &expr.kind {
        ExprKind::Str(template) => match template.parts.as_slice() {
            [] => Value::str(""),
            [ast::TemplatePart::Text(text)] => Value::str(&text.value),
            parts if parts.iter().any(|p| matches!(p, ast::TemplatePart::Path(_))) => return None,
            _ => Value::str(&template.as_plain()?),
        },
        ExprKind::Number(n) if n.is_finite() => Value::Number(*n),
        ExprKind::Bool(b) => Value::Bool(*b),
        ExprKind::Date(d) => Value::Date(chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day)?),
        ExprKind::DateTime(literal) => {
            let date = chrono::NaiveDate::from_ymd_opt(literal.date.year, literal.date.month, literal.date.day)?;
            let time = NaiveTime::from_hms_opt(literal.hour, literal.minute, literal.second)?;
            Value::DateTime(instant_of(literal, date.and_time(time), zone))
        }
        ExprKind::Duration(duration) => Value::Duration(duration_value(duration)),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => match fold(operand, zone)? {
            Value::Number(n) => Value::Number(-n),
            _ => return None,
        },
        ExprKind::List(items) => {
            let items: Option<Vec<Value>> = items.iter().map(|item| fold(item, zone)).collect();
            Value::List(items?.into())
        }
        ExprKind::Map(entries) => {
            let entries: Option<Vec<(std::sync::Arc<str>, Value)>> = entries
                .iter()
                .map(|e| fold(&e.value, zone).map(|v| (std::sync::Arc::from(e.key.name.as_str()), v)))
                .collect();
            Value::Map(entries?.into())
        }
        _ => return None,
    })
}
