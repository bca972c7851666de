//! pest pairs -> AST for workflows, settings, steps and actions. Expressions
//! are in `expr.rs`, literals in `literal.rs`.
//!
//! The grammar fixes the shape of every pair, so a pair of an unexpected shape
//! is a bug; it becomes a [`SyntaxError::Internal`] rather than a panic.

use std::cell::RefCell;

use pest::iterators::{Pair, Pairs};

use super::SyntaxError;
use super::rules::{Rule, is_keyword, is_punctuation};
use crate::hash::FxHashSet;
use crate::syntax::ast::Name;
use crate::syntax::ast::{
    ActionCall, Arg, ArgValue, Block, BranchArm, CondArm, Delay, DelayKind, Ident, Item, Literal, LiteralKind,
    MapEntry, Path, Schedule, ScheduleKind, Setting, SettingKind, SignedDuration, SplitArm, Step, StepKind, Weekdays,
    Workflow,
};
use crate::syntax::ast::{Expr, ExprKind};
use crate::syntax::span::Span;

/// Builds the AST of one chunk (one top-level workflow) whose text starts at
/// byte `base` of the file, collecting errors as it goes.
pub(super) struct Builder {
    pub(super) base: usize,
    errors: Vec<SyntaxError>,
    /// Every name built so far: a name used again shares its text.
    names: RefCell<FxHashSet<Name>>,
}

/// The children of a pair without punctuation and keywords.
pub(super) fn parts(pair: Pair<'_, Rule>) -> Vec<Pair<'_, Rule>> {
    each_part(pair).collect()
}

/// [`parts`] one by one, without collecting them.
pub(super) fn each_part(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| !is_punctuation(p.as_rule()) && !is_keyword(p.as_rule()))
}

impl Builder {
    /// A builder for the chunk at byte `base`.
    pub(super) fn new(base: usize) -> Builder {
        Builder {
            base,
            errors: Vec::new(),
            names: RefCell::default(),
        }
    }

    /// The errors found while building.
    pub(super) fn into_errors(self) -> Vec<SyntaxError> {
        self.errors
    }

    pub(super) fn error(&mut self, error: SyntaxError) {
        self.errors.push(error);
    }

    /// The absolute span of a pair.
    pub(super) fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        Span::new(self.base + span.start(), self.base + span.end())
    }

    /// Records a pair of an unexpected shape (a bug) and gives up on it.
    pub(super) fn bug<T>(&mut self, pair: &Pair<'_, Rule>) -> Option<T> {
        let span = self.span(pair);
        self.error(SyntaxError::Internal {
            span,
            rule: format!("{:?}", pair.as_rule()),
        });
        None
    }

    /// The child at `index` of a part list, or a recorded bug.
    pub(super) fn nth<'i>(
        &mut self,
        parent: &Pair<'i, Rule>,
        parts: &[Pair<'i, Rule>],
        index: usize,
    ) -> Option<Pair<'i, Rule>> {
        match parts.get(index) {
            Some(pair) => Some(pair.clone()),
            None => self.bug(parent),
        }
    }

    fn ident_at(&mut self, parent: &Pair<'_, Rule>, parts: &[Pair<'_, Rule>], index: usize) -> Option<Ident> {
        let pair = self.nth(parent, parts, index)?;
        Some(self.ident(&pair))
    }

    fn path_at(&mut self, parent: &Pair<'_, Rule>, parts: &[Pair<'_, Rule>], index: usize) -> Option<Path> {
        let pair = self.nth(parent, parts, index)?;
        self.path(pair)
    }

    fn expr_at(&mut self, parent: &Pair<'_, Rule>, parts: &[Pair<'_, Rule>], index: usize) -> Option<Expr> {
        let pair = self.nth(parent, parts, index)?;
        self.expr(pair)
    }

    /// The chunk rule: one workflow.
    pub(super) fn chunk(&mut self, mut pairs: Pairs<'_, Rule>) -> Option<Workflow> {
        let chunk = pairs.next()?;
        let workflow = chunk.clone().into_inner().find(|p| p.as_rule() == Rule::workflow);
        match workflow {
            Some(workflow) => self.workflow(workflow),
            None => self.bug(&chunk),
        }
    }

    /// The file rule: every workflow of a whole file (with `base` 0).
    pub(super) fn file(&mut self, mut pairs: Pairs<'_, Rule>, workflows: &mut Vec<Workflow>) {
        let Some(file) = pairs.next() else {
            return;
        };
        for pair in file.into_inner() {
            match pair.as_rule() {
                Rule::workflow => workflows.extend(self.workflow(pair)),
                Rule::EOI => {}
                _ => {
                    self.bug::<()>(&pair);
                }
            }
        }
    }

    fn workflow(&mut self, pair: Pair<'_, Rule>) -> Option<Workflow> {
        let span = self.span(&pair);
        let mut name = None;
        // `workflow`, the name and the braces are the other children.
        let mut items = Vec::with_capacity(pair.clone().into_inner().len().saturating_sub(4));
        for part in each_part(pair.clone()) {
            match part.as_rule() {
                Rule::string => name = Some(self.plain_str(&part)),
                Rule::step => items.extend(self.step(part).map(Item::Step)),
                Rule::setting => items.extend(self.setting(part).map(Item::Setting)),
                _ => return self.bug(&part),
            }
        }
        let Some(name) = name else {
            return self.bug(&pair);
        };
        Some(Workflow { name, items, span })
    }

    pub(super) fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: self.name(pair.as_str()),
            span: self.span(pair),
        }
    }

    /// The shared [`Name`] of `text`.
    pub(super) fn name(&self, text: &str) -> Name {
        let mut names = self.names.borrow_mut();
        if let Some(name) = names.get(text) {
            return name.clone();
        }
        let name = Name::from(text);
        names.insert(name.clone());
        name
    }

    /// `prop`, `TYPE.prop`, `event.FIELD`, `now`, `today`.
    pub(super) fn path(&mut self, pair: Pair<'_, Rule>) -> Option<Path> {
        let span = self.span(&pair);
        let mut head = None;
        let mut field = None;
        for part in pair.clone().into_inner() {
            match part.as_rule() {
                Rule::path_head => head = Some(self.ident(&part)),
                Rule::word => field = Some(self.ident(&part)),
                _ => return self.bug(&part),
            }
        }
        let Some(head) = head else {
            return self.bug(&pair);
        };
        Some(Path { head, field, span })
    }

    // ----- settings -----

    fn setting(&mut self, pair: Pair<'_, Rule>) -> Option<Setting> {
        let span = self.span(&pair);
        let inner = pair.clone().into_inner().next();
        let Some(inner) = inner else {
            return self.bug(&pair);
        };
        let rule = inner.as_rule();
        let p = parts(inner.clone());
        let kind = match rule {
            Rule::object_setting => SettingKind::Object(self.ident_at(&inner, &p, 0)?),
            Rule::timezone_setting => {
                let zone = self.nth(&inner, &p, 0)?;
                SettingKind::Timezone(self.plain_str(&zone))
            }
            Rule::enroll_when => SettingKind::EnrollWhen(self.expr_at(&inner, &p, 0)?),
            Rule::enroll_on_event => {
                let event = self.ident_at(&inner, &p, 0)?;
                let filter = match p.get(1) {
                    Some(expr) => Some(self.expr(expr.clone())?),
                    None => None,
                };
                SettingKind::EnrollOnEvent { event, filter }
            }
            Rule::enroll_every => {
                let schedule = self.nth(&inner, &p, 0)?;
                let schedule = self.schedule(schedule)?;
                let filter = match p.get(1) {
                    Some(expr) => Some(self.expr(expr.clone())?),
                    None => None,
                };
                SettingKind::EnrollEvery { schedule, filter }
            }
            Rule::enroll_manually => SettingKind::EnrollManually,
            Rule::reenroll_setting => SettingKind::Reenroll,
            Rule::goal_setting => SettingKind::Goal(self.expr_at(&inner, &p, 0)?),
            Rule::unenroll_when => SettingKind::UnenrollWhen(self.expr_at(&inner, &p, 0)?),
            Rule::window_setting => {
                let times: Vec<_> = p.iter().filter(|x| x.as_rule() == Rule::time).collect();
                let (Some(from), Some(to)) = (times.first(), times.get(1)) else {
                    return self.bug(&inner);
                };
                let (from, to) = (self.time(from), self.time(to));
                let days = self.weekdays(&inner, &p)?;
                SettingKind::Window { days, from, to }
            }
            Rule::blocked_setting => SettingKind::Blocked(p.iter().map(|date| self.date(date)).collect()),
            _ => return self.bug(&inner),
        };
        Some(Setting { kind, span })
    }

    /// The weekday words among `parts`, as one [`Weekdays`].
    fn weekdays(&mut self, parent: &Pair<'_, Rule>, parts: &[Pair<'_, Rule>]) -> Option<Weekdays> {
        let words: Vec<Ident> = parts
            .iter()
            .filter(|p| matches!(p.as_rule(), Rule::weekday_word | Rule::weekday_name))
            .map(|p| self.ident(p))
            .collect();
        let (Some(first), Some(last)) = (words.first(), words.last()) else {
            return self.bug(parent);
        };
        let span = first.span.to(last.span);
        Some(Weekdays { words, span })
    }

    fn schedule(&mut self, pair: Pair<'_, Rule>) -> Option<Schedule> {
        let span = self.span(&pair);
        let Some(inner) = pair.clone().into_inner().next() else {
            return self.bug(&pair);
        };
        let p = parts(inner.clone());
        let Some(time) = p.iter().find(|x| x.as_rule() == Rule::time).map(|t| self.time(t)) else {
            return self.bug(&inner);
        };
        let kind = match inner.as_rule() {
            Rule::schedule_daily => ScheduleKind::Daily { time },
            Rule::schedule_weekly => ScheduleKind::Weekly {
                days: self.weekdays(&inner, &p)?,
                time,
            },
            Rule::schedule_monthly => {
                let Some(n) = p.iter().find(|x| x.as_rule() == Rule::int) else {
                    return self.bug(&inner);
                };
                ScheduleKind::Monthly {
                    day_of_month: self.day_of_month(n),
                    time,
                }
            }
            _ => return self.bug(&inner),
        };
        Some(Schedule { kind, span })
    }

    // ----- steps -----

    fn step(&mut self, pair: Pair<'_, Rule>) -> Option<Step> {
        let span = self.span(&pair);
        let mut label = None;
        let mut kind = None;
        for part in each_part(pair.clone()) {
            if part.as_rule() == Rule::label {
                let p = parts(part.clone());
                label = Some(self.ident_at(&part, &p, 0)?);
            } else {
                kind = Some(self.step_kind(part)?);
            }
        }
        let Some(kind) = kind else {
            return self.bug(&pair);
        };
        Some(Step { label, kind, span })
    }

    fn step_kind(&mut self, pair: Pair<'_, Rule>) -> Option<StepKind> {
        let rule = pair.as_rule();
        let p = parts(pair.clone());
        let kind = match rule {
            Rule::action_step => {
                let call = self.nth(&pair, &p, 0)?;
                StepKind::Action(self.action_call(call)?)
            }
            Rule::let_step => {
                let name = self.ident_at(&pair, &p, 0)?;
                let call = self.nth(&pair, &p, 1)?;
                let call = self.action_call(call)?;
                StepKind::Let { name, call }
            }
            Rule::set_step => {
                let path = self.path_at(&pair, &p, 0)?;
                let value = self.expr_at(&pair, &p, 1)?;
                StepKind::Set { path, value }
            }
            Rule::clear_step => StepKind::Clear {
                path: self.path_at(&pair, &p, 0)?,
            },
            Rule::increment_step | Rule::decrement_step => {
                let path = self.path_at(&pair, &p, 0)?;
                let by = match p.get(1) {
                    Some(expr) => Some(self.expr(expr.clone())?),
                    None => None,
                };
                if rule == Rule::increment_step {
                    StepKind::Increment { path, by }
                } else {
                    StepKind::Decrement { path, by }
                }
            }
            Rule::delay_step => StepKind::Delay(self.delay(&pair, &p)?),
            Rule::if_step => self.if_step(p)?,
            Rule::branch_step => self.branch_step(&pair, p)?,
            Rule::split_step => {
                let mut arms = Vec::new();
                for arm in p {
                    let span = self.span(&arm);
                    let ap = parts(arm.clone());
                    let percent = self.nth(&arm, &ap, 0)?;
                    let percent = self.number(&percent);
                    let block = self.nth(&arm, &ap, 1)?;
                    let block = self.block(block)?;
                    arms.push(SplitArm { percent, block, span });
                }
                StepKind::Split { arms }
            }
            Rule::goto_step => StepKind::Goto(self.ident_at(&pair, &p, 0)?),
            Rule::enroll_in_step => {
                let target = self.nth(&pair, &p, 0)?;
                StepKind::EnrollIn(self.plain_str(&target))
            }
            Rule::stop_step => StepKind::Stop,
            _ => return self.bug(&pair),
        };
        Some(kind)
    }

    pub(super) fn block(&mut self, pair: Pair<'_, Rule>) -> Option<Block> {
        let span = self.span(&pair);
        // The braces are the other children.
        let mut steps = Vec::with_capacity(pair.clone().into_inner().len().saturating_sub(2));
        for step in each_part(pair) {
            // A broken step is reported; its siblings are still built.
            if let Some(step) = self.step(step) {
                steps.push(step);
            }
        }
        Some(Block { steps, span })
    }

    fn if_step(&mut self, parts_of_if: Vec<Pair<'_, Rule>>) -> Option<StepKind> {
        let mut arms = Vec::new();
        let mut else_block = None;
        for arm in parts_of_if {
            let span = self.span(&arm);
            let rule = arm.as_rule();
            let p = parts(arm.clone());
            if rule == Rule::else_arm {
                let block = self.nth(&arm, &p, 0)?;
                else_block = Some(self.block(block)?);
            } else {
                let cond = self.expr_at(&arm, &p, 0)?;
                let block = self.nth(&arm, &p, 1)?;
                let block = self.block(block)?;
                arms.push(CondArm { cond, block, span });
            }
        }
        Some(StepKind::If { arms, else_block })
    }

    fn branch_step(&mut self, pair: &Pair<'_, Rule>, p: Vec<Pair<'_, Rule>>) -> Option<StepKind> {
        let path = self.path_at(pair, &p, 0)?;
        let mut arms = Vec::new();
        let mut else_block = None;
        for arm in p.into_iter().skip(1) {
            let span = self.span(&arm);
            let rule = arm.as_rule();
            let mut values = Vec::new();
            let mut block = None;
            for part in each_part(arm.clone()) {
                match part.as_rule() {
                    Rule::branch_literal => values.push(self.branch_literal(part)?),
                    Rule::block => block = Some(self.block(part)?),
                    _ => return self.bug(&part),
                }
            }
            let Some(block) = block else {
                return self.bug(&arm);
            };
            if rule == Rule::branch_else {
                else_block = Some(block);
            } else {
                arms.push(BranchArm { values, block, span });
            }
        }
        Some(StepKind::Branch { path, arms, else_block })
    }

    fn branch_literal(&mut self, pair: Pair<'_, Rule>) -> Option<Literal> {
        let span = self.span(&pair);
        let Some(inner) = pair.clone().into_inner().next() else {
            return self.bug(&pair);
        };
        let kind = match inner.as_rule() {
            Rule::string => LiteralKind::Str(self.plain_str(&inner).value),
            Rule::date | Rule::bad_date => LiteralKind::Date(self.date(&inner)),
            Rule::boolean => LiteralKind::Bool(inner.clone().into_inner().any(|p| p.as_rule() == Rule::kw_true)),
            Rule::branch_number => {
                let mut negative = false;
                let mut value = 0.0;
                for part in inner.into_inner() {
                    match part.as_rule() {
                        Rule::minus => negative = true,
                        _ => value = self.number(&part).value,
                    }
                }
                LiteralKind::Number(if negative { -value } else { value })
            }
            _ => return self.bug(&inner),
        };
        Some(Literal { kind, span })
    }

    // ----- delays -----

    fn delay(&mut self, pair: &Pair<'_, Rule>, p: &[Pair<'_, Rule>]) -> Option<Delay> {
        let span = self.span(pair);
        let form = self.nth(pair, p, 0)?;
        let rule = form.as_rule();
        let fp = parts(form.clone());
        let time = fp.iter().find(|t| t.as_rule() == Rule::time).map(|t| self.time(t));
        let kind = match rule {
            Rule::duration => DelayKind::For(self.duration(form)),
            Rule::until_time | Rule::until_datetime | Rule::until_date => {
                let first = self.nth(&form, &fp, 0)?;
                match rule {
                    Rule::until_time => DelayKind::UntilTime(self.time(&first)),
                    Rule::until_datetime => DelayKind::UntilDateTime(self.datetime(&first)),
                    _ => DelayKind::UntilDate {
                        date: self.date(&first),
                        time,
                    },
                }
            }
            Rule::until_weekdays => DelayKind::UntilWeekdays {
                days: self.weekdays(&form, &fp)?,
                time,
            },
            Rule::until_property => {
                let path = self.path_at(&form, &fp, 0)?;
                let mut offset = None;
                let mut time = None;
                for part in fp.iter().skip(1) {
                    match part.as_rule() {
                        Rule::signed_duration => offset = Some(self.signed_duration(part.clone())?),
                        Rule::time => time = Some(self.time(part)),
                        _ => return self.bug(part),
                    }
                }
                DelayKind::UntilProperty { path, offset, time }
            }
            Rule::until_event => {
                let event = self.ident_at(&form, &fp, 0)?;
                let mut filter = None;
                let mut timeout = None;
                let mut on_timeout = None;
                for part in fp.iter().skip(1) {
                    match part.as_rule() {
                        Rule::expr | Rule::placeholder => filter = Some(self.expr(part.clone())?),
                        Rule::duration => timeout = Some(self.duration(part.clone())),
                        Rule::block => on_timeout = Some(self.block(part.clone())?),
                        _ => return self.bug(part),
                    }
                }
                DelayKind::UntilEvent {
                    event,
                    filter,
                    timeout,
                    on_timeout,
                }
            }
            _ => return self.bug(&form),
        };
        Some(Delay { kind, span })
    }

    fn signed_duration(&mut self, pair: Pair<'_, Rule>) -> Option<SignedDuration> {
        let span = self.span(&pair);
        let mut negative = false;
        let mut duration = None;
        for part in pair.clone().into_inner() {
            match part.as_rule() {
                Rule::minus => negative = true,
                Rule::plus => negative = false,
                Rule::duration => duration = Some(self.duration(part)),
                _ => return self.bug(&part),
            }
        }
        let Some(duration) = duration else {
            return self.bug(&pair);
        };
        Some(SignedDuration {
            negative,
            duration,
            span,
        })
    }

    // ----- actions -----

    fn action_call(&mut self, pair: Pair<'_, Rule>) -> Option<ActionCall> {
        let span = self.span(&pair);
        let p = parts(pair.clone());
        let name = self.ident_at(&pair, &p, 0)?;
        let mut args: Vec<Arg> = Vec::with_capacity(p.len().saturating_sub(1));
        let mut first_named: Option<Span> = None;
        for arg in p.into_iter().skip(1) {
            let arg_span = self.span(&arg);
            let mut arg_name = None;
            let mut value = None;
            for part in each_part(arg.clone()) {
                match part.as_rule() {
                    Rule::arg_name => arg_name = Some(self.ident(&part)),
                    Rule::placeholder => value = Some(ArgValue::Placeholder(self.span(&part))),
                    Rule::map => value = Some(ArgValue::Expr(self.map(part)?)),
                    Rule::expr => value = Some(ArgValue::Expr(self.value_expr(part)?)),
                    _ => return self.bug(&part),
                }
            }
            let Some(value) = value else {
                return self.bug(&arg);
            };
            match (&arg_name, first_named) {
                (Some(name), None) => first_named = Some(name.span),
                (None, Some(named)) => self.error(SyntaxError::PositionalAfterNamed { span: arg_span, named }),
                _ => {}
            }
            args.push(Arg {
                name: arg_name,
                value,
                span: arg_span,
            });
        }
        Some(ActionCall { name, args, span })
    }

    /// `{ key: VALUE, "Content-Type": VALUE }`
    pub(super) fn map(&mut self, pair: Pair<'_, Rule>) -> Option<Expr> {
        let span = self.span(&pair);
        let mut entries = Vec::new();
        for entry in each_part(pair) {
            let p = parts(entry.clone());
            let key_pair = self.nth(&entry, &p, 0)?;
            let key = if key_pair.as_rule() == Rule::string {
                let text = self.plain_str(&key_pair);
                Ident {
                    name: text.value.into(),
                    span: text.span,
                }
            } else {
                self.ident(&key_pair)
            };
            let value_pair = self.nth(&entry, &p, 1)?;
            let value = if value_pair.as_rule() == Rule::map {
                self.map(value_pair)?
            } else {
                self.value_expr(value_pair)?
            };
            entries.push(MapEntry { key, value });
        }
        Some(Expr {
            kind: ExprKind::Map(entries),
            span,
        })
    }
}
