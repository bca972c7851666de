//! The compiler proper: settings, triggers and steps of each workflow.
//! Expressions are in `expr.rs`.
//!
//! Code shapes (targets patched once known):
//! - `if C1 {A} else if C2 {B} else {E}`: `C1 jumps-if-false L1; A; Jump END;
//!   L1: C2 jumps-if-false L2; B; Jump END; L2: E; END:` (a `Jump END` after
//!   an arm that ends in `goto` or `stop` is left out).
//! - `branch on P`: `P; Branch table; arm…; Jump END; …; else; END:`.
//! - `split`: `Split table; arm; Jump END; …; END:`.
//! - `delay until event …`: `AwaitEvent; Jump END; timeout block; END:`.
//! - With `window`/`blocked`, every action and edit starts with `Hold`.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::chunk::{ChunkBuilder, Constants, Interner, LineIndex};
use super::opcode::Op;
use super::program::*;
use super::{CompileError, Problem, verify};
use crate::catalog;
use crate::check::ParsedFile;
use crate::hash::FxHashMap;
use crate::source::{FileId, Sources};
use crate::syntax::ast::{self, SettingKind, StepKind};
use crate::syntax::span::Span;
use crate::time::{self, LocalTime, WeekdaySet};
use crate::value::{DurationValue, Value};

/// Compiles a checked project (the caller runs the checker first and stops
/// on its errors); the errors, such as placeholders, come back as data
/// ([`crate::compile_project`] gives them as diagnostics).
pub fn compile_files(files: &[ParsedFile], sources: &Sources) -> Result<Program, Vec<CompileError>> {
    let mut tables = Tables::new();
    let mut errors = Vec::new();
    let names: Vec<&str> = files
        .iter()
        .flat_map(|f| f.ast.workflows.iter().map(|w| w.name.value.as_str()))
        .collect();
    let mut workflow_ids = FxHashMap::default();
    for (i, name) in names.iter().enumerate() {
        workflow_ids.entry(*name).or_insert(WorkflowId(i as u32));
    }
    let mut workflows = Vec::new();
    let mut spans = Vec::new();
    for parsed in files {
        let text = if parsed.file < sources.len() {
            sources.get(parsed.file).text.as_str()
        } else {
            ""
        };
        let lines = LineIndex::new(text);
        for workflow in &parsed.ast.workflows {
            let emitter = WorkflowEmitter {
                tables: &mut tables,
                errors: &mut errors,
                workflow_ids: &workflow_ids,
                lines: &lines,
                file: parsed.file,
                zone: Tz::UTC,
                held: false,
                conditions: Vec::new(),
                condition_spans: Vec::new(),
                locals: Vec::new(),
                lets: Vec::new(),
                scopes: Vec::new(),
                calls: Vec::new(),
                delays: Vec::new(),
                waits: Vec::new(),
                branches: Vec::new(),
                splits: Vec::new(),
                labels: FxHashMap::default(),
                gotos: Vec::new(),
            };
            let (code, workflow_spans) = emitter.workflow(workflow);
            workflows.push(code);
            spans.push(workflow_spans);
        }
    }
    let program = Program {
        files: sources.iter().map(|(_, s)| s.name.clone()).collect(),
        constants: tables.constants.into_vec(),
        properties: tables.properties.items,
        events: tables.events.items,
        event_fields: tables.fields.items,
        actions: tables.actions.items,
        workflows,
    };
    if errors.is_empty()
        && let Err(error) = verify(&program)
    {
        errors.push(invalid(&program, &spans, error));
    }
    if errors.is_empty() { Ok(program) } else { Err(errors) }
}

/// Where each instruction of a workflow came from.
struct WorkflowSpans {
    file: FileId,
    name: Span,
    steps: Vec<Span>,
    conditions: Vec<Vec<Span>>,
}

/// A verification failure of freshly compiled code, placed at its source.
fn invalid(program: &Program, spans: &[WorkflowSpans], error: verify::VerifyError) -> CompileError {
    let index = program.workflows.iter().position(|w| w.name == error.workflow);
    let Some((code, spans)) = index.and_then(|i| program.workflows.get(i).zip(spans.get(i))) else {
        return CompileError::Invalid {
            file: 0,
            span: Span::default(),
            workflow: error.workflow.clone(),
            error,
        };
    };
    let chunk_spans = match error.chunk {
        Some(verify::ChunkRef::Steps) => Some(&spans.steps),
        Some(verify::ChunkRef::Condition(i)) => spans.conditions.get(i as usize),
        None => None,
    };
    let at = chunk_spans
        .zip(error.pc)
        .and_then(|(s, pc)| s.get(pc as usize))
        .copied();
    match (&error.kind, at) {
        (verify::ErrorKind::LocalUnset { slot }, Some(span)) => CompileError::OutputMaybeUnset {
            file: spans.file,
            span,
            output: code.locals.get(*slot as usize).cloned().unwrap_or_default(),
        },
        _ => CompileError::Invalid {
            file: spans.file,
            span: at.unwrap_or(spans.name),
            workflow: error.workflow.clone(),
            error,
        },
    }
}

/// Program-wide interned tables.
pub(super) struct Tables {
    pub(super) constants: Constants,
    /// Keyed by the path as written (`score`, `company.industry`): a name
    /// holds no `.`, so the text tells every path apart.
    pub(super) properties: Interner<String, PropertyPath>,
    pub(super) events: Interner<String, String>,
    pub(super) fields: Interner<String, String>,
    pub(super) actions: Interner<String, ActionInfo>,
    /// Scratch space for a property key.
    key: String,
}

impl Tables {
    fn new() -> Tables {
        Tables {
            constants: Constants::new(),
            properties: Interner::new(),
            events: Interner::new(),
            fields: Interner::new(),
            actions: Interner::new(),
            key: String::new(),
        }
    }

    pub(super) fn property(&mut self, object: Option<&str>, name: &str) -> PropSlot {
        self.key.clear();
        if let Some(object) = object {
            self.key.push_str(object);
            self.key.push('.');
        }
        self.key.push_str(name);
        PropSlot(self.properties.intern_str(&self.key, || PropertyPath {
            object: object.map(str::to_string),
            name: name.to_string(),
        }))
    }

    fn event(&mut self, name: &str) -> EventId {
        EventId(self.events.intern_str(name, || name.to_string()))
    }

    pub(super) fn field(&mut self, name: &str) -> FieldId {
        FieldId(self.fields.intern_str(name, || name.to_string()))
    }
}

/// Compiles one workflow.
pub(super) struct WorkflowEmitter<'a> {
    pub(super) tables: &'a mut Tables,
    pub(super) errors: &'a mut Vec<CompileError>,
    workflow_ids: &'a FxHashMap<&'a str, WorkflowId>,
    pub(super) lines: &'a LineIndex<'a>,
    pub(super) file: FileId,
    pub(super) zone: Tz,
    /// The workflow has `window` or `blocked`: actions and edits start with `Hold`.
    held: bool,
    conditions: Vec<Chunk>,
    condition_spans: Vec<Vec<Span>>,
    pub(super) locals: Vec<String>,
    pub(super) lets: Vec<LetBinding>,
    /// Visible `let`s, innermost block last: (name, index into `lets`).
    pub(super) scopes: Vec<Vec<(String, u32)>>,
    calls: Vec<CallSite>,
    delays: Vec<DelayRule>,
    waits: Vec<EventWait>,
    branches: Vec<BranchTable>,
    splits: Vec<SplitTable>,
    labels: FxHashMap<String, u32>,
    gotos: Vec<(u32, ast::Ident)>,
}

impl<'a> WorkflowEmitter<'a> {
    pub(super) fn error(&mut self, span: Span, problem: Problem) {
        self.errors.push(CompileError::Unchecked {
            file: self.file,
            span,
            problem,
        });
    }

    fn workflow(mut self, workflow: &ast::Workflow) -> (WorkflowCode, WorkflowSpans) {
        let mut object = None;
        let mut windows = Vec::new();
        let mut blocked = Vec::new();
        let mut reenroll = false;
        let mut pending = Vec::new();
        for setting in workflow.settings() {
            match &setting.kind {
                SettingKind::Object(name) => object = Some(name.name.to_string()),
                SettingKind::Timezone(zone) => match time::parse_tz(&zone.value) {
                    Some(tz) => self.zone = tz,
                    None => self.error(zone.span, Problem::UnknownZone(zone.value.clone())),
                },
                SettingKind::Window { days, from, to } => {
                    let days = self.weekdays(days);
                    let (from, to) = (self.time(from), self.time(to));
                    windows.push(Window { days, from, to });
                }
                SettingKind::Blocked(dates) => {
                    for date in dates {
                        blocked.extend(self.date(date));
                    }
                }
                SettingKind::Reenroll => reenroll = true,
                _ => pending.push(setting),
            }
        }
        blocked.sort();
        blocked.dedup();
        self.held = !windows.is_empty() || !blocked.is_empty();
        // Conditions after the zone is known (date-time literals depend on it).
        let mut triggers = Vec::new();
        let (mut goal, mut unenroll) = (None, None);
        for setting in pending {
            match &setting.kind {
                SettingKind::EnrollWhen(cond) => triggers.push(Trigger::Filter {
                    cond: self.condition(cond, false),
                }),
                SettingKind::EnrollOnEvent { event, filter } => {
                    let event_id = self.tables.event(&event.name);
                    let cond = filter.as_ref().map(|f| self.condition(f, true));
                    triggers.push(Trigger::Event { event: event_id, cond });
                }
                SettingKind::EnrollEvery { schedule, filter } => {
                    let schedule = self.schedule(schedule);
                    let cond = filter.as_ref().map(|f| self.condition(f, false));
                    triggers.push(Trigger::Schedule { schedule, cond });
                }
                SettingKind::EnrollManually => triggers.push(Trigger::Manual),
                SettingKind::Goal(cond) => goal = Some(self.condition(cond, false)),
                SettingKind::UnenrollWhen(cond) => unenroll = Some(self.condition(cond, false)),
                _ => {}
            }
        }
        let object = object.unwrap_or_else(|| {
            self.error(workflow.name.span, Problem::MissingObject);
            String::new()
        });

        let lines = self.lines;
        let mut chunk = ChunkBuilder::new(lines);
        self.scopes.push(Vec::new());
        let steps: Vec<&ast::Step> = workflow.steps().collect();
        for step in &steps {
            self.step(&mut chunk, step);
        }
        self.scopes.pop();
        let end_span = Span {
            start: workflow.span.end.saturating_sub(1),
            end: workflow.span.end,
        };
        chunk.emit(Op::End, end_span);
        for (at, label) in std::mem::take(&mut self.gotos) {
            match self.labels.get(label.name.as_str()) {
                Some(target) => chunk.patch_at(at, *target),
                None => self.error(label.span, Problem::UnknownLabel(label.name.to_string())),
            }
        }
        let (steps, step_spans) = chunk.finish();
        let spans = WorkflowSpans {
            file: self.file,
            name: workflow.name.span,
            steps: step_spans,
            conditions: self.condition_spans,
        };
        let code = WorkflowCode {
            name: workflow.name.value.clone(),
            object,
            file: self.file as u32,
            zone: self.zone,
            windows,
            blocked,
            reenroll,
            triggers,
            goal,
            unenroll,
            steps,
            conditions: self.conditions,
            locals: self.locals,
            lets: self.lets,
            calls: self.calls,
            delays: self.delays,
            waits: self.waits,
            branches: self.branches,
            splits: self.splits,
        };
        (code, spans)
    }

    /// Compiles a condition into its own chunk: `true` or `false` at its end.
    fn condition(&mut self, cond: &ast::Expr, event_ok: bool) -> CondId {
        let lines = self.lines;
        let mut chunk = ChunkBuilder::new(lines);
        let on_false = self.branch(&mut chunk, cond, false, event_ok);
        chunk.emit(Op::Return { value: true }, cond.span);
        chunk.patch_all_here(on_false);
        chunk.emit(Op::Return { value: false }, cond.span);
        let (code, spans) = chunk.finish();
        self.conditions.push(code);
        self.condition_spans.push(spans);
        CondId(self.conditions.len() as u32 - 1)
    }

    fn block(&mut self, chunk: &mut ChunkBuilder, block: &ast::Block) {
        self.scopes.push(Vec::new());
        for step in &block.steps {
            self.step(chunk, step);
        }
        self.scopes.pop();
    }

    /// Compiles a block and, unless it ends in `goto` or `stop`, a jump to
    /// the end of the enclosing construct.
    fn arm(&mut self, chunk: &mut ChunkBuilder, block: &ast::Block, exits: &mut Vec<super::chunk::Patch>) {
        self.block(chunk, block);
        let ends = block
            .steps
            .last()
            .is_some_and(|s| matches!(s.kind, StepKind::Goto(_) | StepKind::Stop));
        if !ends {
            let span = Span {
                start: block.span.end.saturating_sub(1),
                end: block.span.end,
            };
            exits.push(chunk.emit_jump(Op::Jump { target: 0 }, span));
        }
    }

    fn hold(&mut self, chunk: &mut ChunkBuilder, span: Span) {
        if self.held {
            chunk.emit(Op::Hold, span);
        }
    }

    fn step(&mut self, chunk: &mut ChunkBuilder, step: &ast::Step) {
        if let Some(label) = &step.label {
            self.labels.insert(label.name.to_string(), chunk.here());
        }
        let span = step.span;
        match &step.kind {
            StepKind::Action(call) => self.action(chunk, call, None, span),
            StepKind::Let { name, call } => {
                let index = self.lets.len() as u32;
                self.lets.push(LetBinding {
                    name: name.name.to_string(),
                    fields: Vec::new(),
                });
                self.action(chunk, call, Some(index), span);
                if let Some(scope) = self.scopes.last_mut() {
                    scope.push((name.name.to_string(), index));
                }
            }
            StepKind::Set { path, value } => {
                self.hold(chunk, span);
                let slot = self.target(path);
                match self.constant(value) {
                    Some(constant) => {
                        chunk.emit(Op::SetConst { slot, constant }, span);
                    }
                    None => {
                        self.value(chunk, value, false);
                        chunk.emit(Op::Set { slot }, span);
                    }
                }
            }
            StepKind::Clear { path } => {
                self.hold(chunk, span);
                let slot = self.target(path);
                chunk.emit(Op::Clear { slot }, span);
            }
            StepKind::Increment { path, by } | StepKind::Decrement { path, by } => {
                self.hold(chunk, span);
                let slot = self.target(path);
                let negate = matches!(step.kind, StepKind::Decrement { .. });
                let constant = match by {
                    Some(by) => self.constant(by),
                    None => Some(self.tables.constants.add(Value::Number(1.0))),
                };
                match (constant, by) {
                    (Some(constant), _) => {
                        chunk.emit(Op::IncrementConst { slot, constant, negate }, span);
                    }
                    (None, Some(by)) => {
                        self.value(chunk, by, false);
                        chunk.emit(Op::Increment { slot, negate }, span);
                    }
                    (None, None) => {}
                }
            }
            StepKind::Delay(delay) => self.delay(chunk, delay),
            StepKind::If { arms, else_block } => {
                let mut exits = Vec::new();
                for (i, arm) in arms.iter().enumerate() {
                    let next = self.branch(chunk, &arm.cond, false, false);
                    if i + 1 == arms.len() && else_block.is_none() {
                        self.block(chunk, &arm.block);
                    } else {
                        self.arm(chunk, &arm.block, &mut exits);
                    }
                    chunk.patch_all_here(next);
                }
                if let Some(block) = else_block {
                    self.block(chunk, block);
                }
                for exit in exits {
                    chunk.patch_here(exit);
                }
            }
            StepKind::Branch { path, arms, else_block } => self.branch_on(chunk, path, arms, else_block.as_ref(), span),
            StepKind::Split { arms } => {
                let table = self.splits.len() as u32;
                self.splits.push(SplitTable {
                    position: table,
                    arms: Vec::new(),
                });
                chunk.emit(Op::Split { table }, span);
                let mut exits = Vec::new();
                let mut table_arms = Vec::new();
                for (i, arm) in arms.iter().enumerate() {
                    let percent = arm.percent.value;
                    if !(1.0..=100.0).contains(&percent) || percent.fract() != 0.0 {
                        self.error(arm.percent.span, Problem::BadLiteral(format!("{percent}%")));
                    }
                    table_arms.push(SplitArm {
                        percent: percent.clamp(0.0, 100.0) as u8,
                        target: chunk.here(),
                    });
                    if i + 1 == arms.len() {
                        self.block(chunk, &arm.block);
                    } else {
                        self.arm(chunk, &arm.block, &mut exits);
                    }
                }
                for exit in exits {
                    chunk.patch_here(exit);
                }
                if let Some(split) = self.splits.get_mut(table as usize) {
                    split.arms = table_arms;
                }
            }
            StepKind::Goto(label) => {
                let at = chunk.emit(Op::Jump { target: 0 }, span);
                self.gotos.push((at, label.clone()));
            }
            StepKind::EnrollIn(name) => match self.workflow_ids.get(name.value.as_str()) {
                Some(workflow) => {
                    chunk.emit(Op::EnrollIn { workflow: *workflow }, span);
                }
                None => self.error(name.span, Problem::UnknownWorkflow(name.value.clone())),
            },
            StepKind::Stop => {
                chunk.emit(Op::Stop, span);
            }
        }
    }

    fn action(&mut self, chunk: &mut ChunkBuilder, call: &ast::ActionCall, bind: Option<u32>, span: Span) {
        let step = chunk.here();
        let Some(spec) = catalog::lookup(&call.name.name) else {
            self.error(call.name.span, Problem::UnknownAction(call.name.name.to_string()));
            return;
        };
        self.hold(chunk, span);
        let mut args: Vec<(u32, &ast::Arg)> = Vec::new();
        for (position, arg) in call.args.iter().enumerate() {
            let index = match &arg.name {
                None => match spec.params.get(position) {
                    Some(_) => position,
                    None => {
                        let action = spec.name.to_string();
                        self.error(arg.span, Problem::TooManyArgs { action });
                        continue;
                    }
                },
                Some(name) => match spec.params.iter().position(|p| p.name == name.name) {
                    Some(index) => index,
                    None => {
                        let (action, param) = (spec.name.to_string(), name.name.to_string());
                        self.error(name.span, Problem::UnknownParam { action, param });
                        continue;
                    }
                },
            };
            args.push((index as u32, arg));
        }
        args.sort_by_key(|(index, _)| *index);
        for (index, arg) in &args {
            match &arg.value {
                ast::ArgValue::Expr(expr) => self.value(chunk, expr, false),
                ast::ArgValue::Placeholder(at) => {
                    let param = spec.params.get(*index as usize).map_or("", |p| p.name);
                    self.errors.push(CompileError::Placeholder {
                        file: self.file,
                        span: *at,
                        action: spec.name.to_string(),
                        param: param.to_string(),
                    });
                }
            }
        }
        let action = ActionId(self.tables.actions.intern_str(spec.name, || ActionInfo {
            name: spec.name.to_string(),
            params: spec.params.iter().map(|p| p.name.to_string()).collect(),
            engine_handled: spec.engine_handled,
        }));
        self.calls.push(CallSite {
            action,
            params: args.iter().map(|(index, _)| *index).collect(),
            bind,
            step,
        });
        let call = self.calls.len() as u32 - 1;
        chunk.emit(Op::Action { call }, span);
    }

    fn branch_on(
        &mut self,
        chunk: &mut ChunkBuilder,
        path: &ast::Path,
        arms: &[ast::BranchArm],
        else_block: Option<&ast::Block>,
        span: Span,
    ) {
        self.path(chunk, path, false);
        let table = self.branches.len() as u32;
        self.branches.push(BranchTable {
            cases: Vec::new(),
            default: 0,
        });
        chunk.emit(Op::Branch { table }, span);
        let mut exits = Vec::new();
        let mut cases = Vec::new();
        for (i, arm) in arms.iter().enumerate() {
            let target = chunk.here();
            for literal in &arm.values {
                let value = match &literal.kind {
                    ast::LiteralKind::Str(s) => self.tables.constants.add_str(s),
                    ast::LiteralKind::Number(n) => {
                        let number = self.number(*n, literal.span);
                        self.tables.constants.add(number)
                    }
                    ast::LiteralKind::Bool(b) => self.tables.constants.add(Value::Bool(*b)),
                    ast::LiteralKind::Date(d) => {
                        let date = self.date(d).map_or(Value::Unknown, Value::Date);
                        self.tables.constants.add(date)
                    }
                };
                cases.push(BranchCase { value, target });
            }
            if i + 1 == arms.len() && else_block.is_none() {
                self.block(chunk, &arm.block);
            } else {
                self.arm(chunk, &arm.block, &mut exits);
            }
        }
        let default = chunk.here();
        if let Some(block) = else_block {
            self.block(chunk, block);
        }
        for exit in exits {
            chunk.patch_here(exit);
        }
        if let Some(branch) = self.branches.get_mut(table as usize) {
            branch.cases = cases;
            branch.default = default;
        }
    }

    fn delay(&mut self, chunk: &mut ChunkBuilder, delay: &ast::Delay) {
        use ast::DelayKind as D;
        let span = delay.span;
        let rule = match &delay.kind {
            D::For(duration) => DelayRule::For(duration_value(duration)),
            D::UntilTime(time) => DelayRule::UntilTime(self.time(time)),
            D::UntilWeekdays { days, time } => DelayRule::UntilWeekdays {
                days: self.weekdays(days),
                time: time.as_ref().map(|t| self.time(t)),
            },
            D::UntilDate { date, time } => DelayRule::UntilDate {
                date: self.date(date).unwrap_or_default(),
                time: time.as_ref().map(|t| self.time(t)),
            },
            D::UntilDateTime(literal) => match literal.offset {
                None => DelayRule::UntilLocal(self.local_datetime(literal).unwrap_or_default()),
                Some(_) => DelayRule::UntilInstant(self.instant(literal)),
            },
            D::UntilProperty { path, offset, time } => {
                let slot = self.target(path);
                let mut by = offset.as_ref().map(|o| duration_value(&o.duration)).unwrap_or_default();
                if offset.as_ref().is_some_and(|o| o.negative) {
                    by = DurationValue {
                        days: -by.days,
                        minutes: -by.minutes,
                    };
                }
                DelayRule::UntilProperty {
                    slot,
                    offset: by,
                    time: time.as_ref().map(|t| self.time(t)),
                }
            }
            D::UntilEvent {
                event,
                filter,
                timeout,
                on_timeout,
            } => {
                let wait = EventWait {
                    event: self.tables.event(&event.name),
                    filter: filter.as_ref().map(|f| self.condition(f, true)),
                    timeout: timeout.as_ref().map(duration_value),
                };
                self.waits.push(wait);
                let wait = self.waits.len() as u32 - 1;
                chunk.emit(Op::AwaitEvent { wait }, span);
                let over = chunk.emit_jump(Op::Jump { target: 0 }, span);
                if let Some(block) = on_timeout {
                    self.block(chunk, block);
                }
                chunk.patch_here(over);
                return;
            }
        };
        self.delays.push(rule);
        let rule = self.delays.len() as u32 - 1;
        chunk.emit(Op::Delay { rule }, span);
    }

    fn schedule(&mut self, schedule: &ast::Schedule) -> time::Schedule {
        match &schedule.kind {
            ast::ScheduleKind::Daily { time } => time::Schedule::Daily(self.time(time)),
            ast::ScheduleKind::Weekly { days, time } => time::Schedule::Weekly(self.weekdays(days), self.time(time)),
            ast::ScheduleKind::Monthly { day_of_month, time } => {
                let day = day_of_month.value;
                if !(1.0..=31.0).contains(&day) || day.fract() != 0.0 {
                    self.error(day_of_month.span, Problem::BadLiteral(format!("day {day}")));
                }
                time::Schedule::Monthly {
                    day: day.clamp(1.0, 31.0) as u8,
                    time: self.time(time),
                }
            }
        }
    }

    pub(super) fn time(&mut self, time: &ast::TimeOfDay) -> LocalTime {
        let valid = u8::try_from(time.hour)
            .ok()
            .zip(u8::try_from(time.minute).ok())
            .and_then(|(h, m)| LocalTime::new(h, m));
        valid.unwrap_or_else(|| {
            let text = format!("{:02}:{:02}", time.hour, time.minute);
            self.error(time.span, Problem::BadLiteral(text));
            LocalTime::MIDNIGHT
        })
    }

    pub(super) fn date(&mut self, date: &ast::DateLit) -> Option<NaiveDate> {
        let valid = NaiveDate::from_ymd_opt(date.year, date.month, date.day);
        if valid.is_none() {
            let text = format!("{:04}-{:02}-{:02}", date.year, date.month, date.day);
            self.error(date.span, Problem::BadLiteral(text));
        }
        valid
    }

    fn weekdays(&mut self, days: &ast::Weekdays) -> WeekdaySet {
        let mut set = WeekdaySet::EMPTY;
        for word in &days.words {
            match (word.name.as_str(), WeekdaySet::from_word(&word.name)) {
                ("day", _) => set = set | WeekdaySet::ALL,
                (_, Some(day)) => set = set | day,
                (_, None) => self.error(word.span, Problem::BadLiteral(word.name.to_string())),
            }
        }
        set
    }
}

/// A duration literal as calendar days (weeks count 7) and elapsed minutes.
pub(super) fn duration_value(duration: &ast::Duration) -> DurationValue {
    use ast::DurationUnit as U;
    let total = |unit, per: u64| duration.total(unit).saturating_mul(per);
    let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    DurationValue {
        days: clamp(total(U::Week, 7).saturating_add(total(U::Day, 1))),
        minutes: clamp(total(U::Hour, 60).saturating_add(total(U::Minute, 1))),
    }
}
