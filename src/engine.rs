//! The engine: runs a compiled [`Program`] over a store of records on a virtual
//! clock (docs/language.md 4 and 10). It keeps the agenda, fires triggers, checks
//! goals, feeds events to waiting enrollments, carries out record-changing
//! actions on its store, hands every other action to an [`ActionHandler`], and
//! writes the history to a [`HistorySink`] as things happen.
//!
//! ```
//! use wf::compile::program::Program;
//! use wf::engine::{Engine, EngineError, EngineOptions, NewRecord, RecordingHandler, history};
//!
//! /// Runs a program over records for a year and prints the JSONL trace.
//! fn simulate(program: Program, records: Vec<NewRecord>) -> Result<(), EngineError> {
//!     let start = wf::engine::input::parse_instant("2026-11-27T08:00:00Z").unwrap_or_default();
//!     let print = |entry: &wf::engine::HistoryEntry| println!("{}", history::jsonl_line(entry));
//!     let options = EngineOptions { start, seed: 0 };
//!     let mut engine = Engine::new(program, RecordingHandler::default(), print, options);
//!     for record in records {
//!         engine.add_record(record)?;
//!     }
//!     engine.run_until(start + chrono::Duration::days(365));
//!     Ok(())
//! }
//! ```
//!
//! Decisions where the spec is silent (also in the module docs they concern):
//! - Inputs (events, updates, creations, deletions) are scheduled when they are
//!   given, so at one instant they run before the tasks the run itself scheduled
//!   for that instant. An event wait sees the events delivered after it began
//!   waiting, in execution order: an event delivered earlier at the same instant
//!   (for example the one whose trigger started the enrollment) does not count.
//! - The records given at the start are created together: every record exists
//!   before any filter trigger is evaluated (so `company.industry` can be read),
//!   then triggers are evaluated record by record in input order.
//! - Cascade depth: an enrollment started by an input, a schedule or a wake has
//!   depth 1; one started by a running enrollment of depth d (filter triggers
//!   fired by its edits, `create_record`, `enroll in workflow`) has depth d + 1.
//!   Depth 101 is refused with an `error` line of the workflow not entered.
//! - A change to an associated record (`set company.industry = …`) is a change
//!   of that record: its own workflows' triggers and goals are evaluated.

mod actions;
pub mod agenda;
pub mod handler;
pub mod history;
pub mod input;
mod lifecycle;
pub mod records;
mod runner;
mod triggers;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::compile::program::Program;
use crate::value::Value;
use crate::vm::EnrollmentState;
use agenda::Agenda;
pub use handler::{ActionError, ActionHandler, Outputs, RecordingHandler};
pub use history::{
    DelayReason, HistoryEntry, HistoryKind, HistorySink, HumanOptions, HumanWriter, JsonlWriter, Note, RunTotals,
    VecSink, WaitEnd,
};
pub use input::{InputError, InputEvent, InputEventKind};
use records::FxHashMap;
pub use records::{Column, NewRecord, RecordIdx, RecordRef, RecordStore, Scalar};

/// The deepest chain of enrollments one change may cause at one instant.
pub const CASCADE_LIMIT: u32 = 100;

/// How an engine starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineOptions {
    /// The virtual clock's first instant; records added before the first run
    /// are created then.
    pub start: DateTime<Utc>,
    /// The seed of every random split.
    pub seed: u64,
}

/// A request the engine refuses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// `add_record` with an id already in the store
    #[error("record `{0}` already exists; give the new record another id")]
    DuplicateRecord(String),
    /// an event or `enroll` for an id not in the store
    #[error("no record `{0}` exists; add it first")]
    UnknownRecord(String),
    /// `enroll(…, "Onboardng")`
    #[error("no workflow named `{0}` in the program")]
    UnknownWorkflow(String),
    /// `enroll` of a company in a contact workflow
    #[error("`{record}` is a `{found}` record, but `{workflow}` enrolls `{expected}` records")]
    WrongObject {
        record: String,
        found: String,
        workflow: String,
        expected: String,
    },
    /// `enroll` while the record is in the workflow
    #[error("`{record}` is already enrolled in `{workflow}`; wait until it leaves")]
    AlreadyEnrolled { record: String, workflow: String },
    /// an event earlier than the clock
    #[error("the event at {at} is before the engine's clock ({now}); push events in time order")]
    InThePast { at: String, now: String },
}

/// Why [`Engine::run_until`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStatus {
    /// Nothing is pending: no input, no task (schedules always are).
    Idle,
    /// The limit was reached with things still pending.
    Reached,
    /// The history sink closed (a closed pipe); the run stopped there.
    SinkClosed,
}

/// An engine over one program: a handler, a history sink, records and a clock.
pub struct Engine<H: ActionHandler, S: HistorySink> {
    program: Program,
    core: Core<H, S>,
}

/// A property slot resolved to the store: which record and which column.
#[derive(Clone, Debug)]
struct SlotRef {
    /// `Some("company")` for `company.industry`.
    object: Option<Arc<str>>,
    column: Column,
    /// The path as written, for `set`/`clear` lines.
    text: Arc<str>,
}

/// What the engine keeps about a workflow.
#[derive(Clone, Debug)]
struct WorkflowMeta {
    name: Arc<str>,
    object: Arc<str>,
    /// Its index among the workflows of its object type (the memo index).
    local: usize,
}

/// Per record and workflow: enrollment count, the active enrollment and the
/// re-enrollment flags of docs/language.md 4.1.
#[derive(Clone, Copy, Debug)]
struct Memo {
    ordinal: u32,
    active: u32,
    flags: u8,
}

const NO_ENROLLMENT: u32 = u32::MAX;
/// Enrolled by its triggers at least once.
const EVER: u8 = 1;
/// COND was false at some evaluation since the record last enrolled.
const FALSE_SINCE: u8 = 2;

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            ordinal: 0,
            active: NO_ENROLLMENT,
            flags: 0,
        }
    }
}

/// One live enrollment.
#[derive(Clone, Debug)]
struct Enrollment {
    record: RecordIdx,
    workflow: u32,
    /// `None` while its steps run.
    state: Option<EnrollmentState>,
    /// Tasks carrying another ticket are stale.
    ticket: u64,
    depth: u32,
    /// Its `enrolled` line was written.
    started: bool,
    /// Suspensions in a row that did not move the clock (a guard against a
    /// program that would never advance).
    stalls: u32,
}

/// Suspensions in a row without the clock moving before an enrollment is ended.
const STALL_LIMIT: u32 = 1000;

/// Everything but the program, so that a running enrollment can borrow the
/// program while it changes the rest.
struct Core<H, S> {
    handler: H,
    sink: S,
    store: RecordStore,
    slots: Vec<SlotRef>,
    workflows: Vec<WorkflowMeta>,
    action_names: Vec<Arc<str>>,
    /// Event names by [`crate::compile::program::EventId`], shared by the
    /// entries and notes that name them.
    event_names: Vec<Arc<str>>,
    by_object: FxHashMap<Arc<str>, Arc<[u32]>>,
    field_ids: HashMap<String, usize>,
    /// Memos of every record, flat: record `i` owns `memo[memo_start[i]..memo_start[i + 1]]`.
    memo: Vec<Memo>,
    memo_start: Vec<u32>,
    enrollments: Vec<Option<Enrollment>>,
    free: Vec<u32>,
    waiting: HashMap<RecordIdx, Vec<u32>>,
    agenda: Agenda,
    inputs: VecDeque<InputEvent>,
    fresh: Vec<RecordIdx>,
    now: DateTime<Utc>,
    seed: u64,
}

impl<H: ActionHandler, S: HistorySink> Engine<H, S> {
    /// An engine for a verified program, with no records, at `options.start`.
    pub fn new(program: Program, handler: H, sink: S, options: EngineOptions) -> Engine<H, S> {
        let mut store = RecordStore::default();
        let slots = program
            .properties
            .iter()
            .map(|path| SlotRef {
                object: path.object.as_deref().map(Arc::from),
                column: store.column_for(&path.name),
                text: Arc::from(path.text()),
            })
            .collect();
        let mut by_object: HashMap<Arc<str>, Vec<u32>> = HashMap::new();
        let mut workflows = Vec::new();
        for (i, code) in program.workflows.iter().enumerate() {
            let object: Arc<str> = Arc::from(code.object.as_str());
            let list = by_object.entry(object.clone()).or_default();
            workflows.push(WorkflowMeta {
                name: Arc::from(code.name.as_str()),
                object,
                local: list.len(),
            });
            list.push(i as u32);
        }
        let core = Core {
            handler,
            sink,
            store,
            slots,
            workflows,
            action_names: program.actions.iter().map(|a| Arc::from(a.name.as_str())).collect(),
            event_names: program.events.iter().map(|e| Arc::from(e.as_str())).collect(),
            by_object: by_object.into_iter().map(|(k, v)| (k, Arc::from(v))).collect(),
            field_ids: program
                .event_fields
                .iter()
                .enumerate()
                .map(|(i, f)| (f.clone(), i))
                .collect(),
            memo: Vec::new(),
            memo_start: Vec::new(),
            enrollments: Vec::new(),
            free: Vec::new(),
            waiting: HashMap::new(),
            agenda: Agenda::default(),
            inputs: VecDeque::new(),
            fresh: Vec::new(),
            now: options.start,
            seed: options.seed,
        };
        let mut engine = Engine { program, core };
        engine.core.schedule_triggers(&engine.program);
        engine
    }

    /// The program it runs.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The virtual clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.core.now
    }

    /// The record store.
    pub fn records(&self) -> &RecordStore {
        &self.core.store
    }

    /// The history sink.
    pub fn sink(&self) -> &S {
        &self.core.sink
    }

    /// The history sink, mutable.
    pub fn sink_mut(&mut self) -> &mut S {
        &mut self.core.sink
    }

    /// The action handler.
    pub fn handler(&self) -> &H {
        &self.core.handler
    }

    /// Gives back the handler and the sink.
    pub fn into_parts(self) -> (H, S) {
        (self.core.handler, self.core.sink)
    }

    /// Gives back the handler and the sink and leaks the rest (the records,
    /// the enrollments, the program) instead of freeing it: for a process that
    /// exits right after, where freeing a million records one by one is a
    /// noticeable part of the run and the operating system takes the memory
    /// back anyway.
    pub fn into_parts_leaking(self) -> (H, S) {
        let Engine { program, core } = self;
        let Core {
            handler,
            sink,
            store,
            memo,
            enrollments,
            agenda,
            ..
        } = core;
        std::mem::forget((program, store, memo, enrollments, agenda));
        (handler, sink)
    }

    /// The number of live enrollments (suspended or about to start).
    pub fn active_enrollments(&self) -> usize {
        self.core.enrollments.iter().filter(|e| e.is_some()).count()
    }

    /// Every record the store has held (deleted ones too), and how many of
    /// them no workflow ever enrolled (by a trigger, `enroll in workflow` or
    /// [`Engine::enroll`]): the closing summary of a run.
    pub fn totals(&self) -> RunTotals {
        let core = &self.core;
        let records = core.memo_start.len();
        let never_enrolled = (0..records)
            .filter(|&idx| {
                let start = core.memo_start.get(idx).map_or(0, |&s| s as usize);
                let end = core.memo_start.get(idx + 1).map_or(core.memo.len(), |&e| e as usize);
                core.memo
                    .get(start..end)
                    .unwrap_or_default()
                    .iter()
                    .all(|m| m.ordinal == 0)
            })
            .count();
        RunTotals {
            records,
            never_enrolled,
            waiting: self.active_enrollments(),
        }
    }

    /// Creates a record at the current instant. Its filter triggers are
    /// evaluated when the engine next runs, after every record added before
    /// that, in the order added.
    pub fn add_record(&mut self, record: NewRecord) -> Result<RecordIdx, EngineError> {
        let id = record.id.clone();
        let idx = self
            .core
            .store
            .create(record)
            .ok_or_else(|| EngineError::DuplicateRecord(id.to_string()))?;
        Ok(self.core.added(idx))
    }

    /// Adds a record borrowed from the text it was read from, as
    /// [`input::read_records`] gives it: [`Engine::add_record`] without
    /// copying what the store does not keep.
    pub fn add_record_ref(&mut self, record: &RecordRef<'_>) -> Result<RecordIdx, EngineError> {
        let idx = self
            .core
            .store
            .create_ref(record)
            .ok_or_else(|| EngineError::DuplicateRecord(record.id.to_string()))?;
        Ok(self.core.added(idx))
    }

    /// Queues an input (event, update, creation, deletion) at its instant, after
    /// the inputs already queued for that instant. Its record is looked up when
    /// it runs; an input for a record that is gone by then is skipped.
    pub fn push_event(&mut self, event: InputEvent) -> Result<(), EngineError> {
        if event.at < self.core.now {
            return Err(EngineError::InThePast {
                at: crate::value::format_instant(event.at),
                now: crate::value::format_instant(self.core.now),
            });
        }
        let position = self.core.inputs.partition_point(|queued| queued.at <= event.at);
        self.core.inputs.insert(position, event);
        Ok(())
    }

    /// Enrolls a record in a workflow now, as `enroll in workflow` does: the
    /// workflow's triggers and `reenroll` are ignored.
    pub fn enroll(&mut self, record: &str, workflow: &str) -> Result<(), EngineError> {
        let idx = self
            .core
            .store
            .find(record)
            .ok_or_else(|| EngineError::UnknownRecord(record.to_string()))?;
        let wf = self
            .program
            .workflow_id(workflow)
            .ok_or_else(|| EngineError::UnknownWorkflow(workflow.to_string()))?;
        let meta = self.core.workflows.get(wf.index()).cloned();
        let found = self.core.store.get(idx).map(|r| r.object.clone());
        if let (Some(meta), Some(found)) = (meta, found)
            && meta.object != found
        {
            return Err(EngineError::WrongObject {
                record: record.to_string(),
                found: found.to_string(),
                workflow: workflow.to_string(),
                expected: meta.object.to_string(),
            });
        }
        self.core
            .enroll(&self.program, idx, wf.0, 0, false)
            .map_err(|()| EngineError::AlreadyEnrolled {
                record: record.to_string(),
                workflow: workflow.to_string(),
            })
    }

    /// The instant of the next pending input or task.
    pub fn next_instant(&self) -> Option<DateTime<Utc>> {
        let input = self.core.inputs.front().map(|e| e.at);
        match (input, self.core.agenda.next_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs every input and task due at or before `until`, in order, then sets
    /// the clock to `until` when it is later. [`RunStatus::Idle`] tells that
    /// nothing but schedules is pending: running further only fires schedules.
    pub fn run_until(&mut self, until: DateTime<Utc>) -> RunStatus {
        loop {
            if self.core.sink.is_closed() {
                return RunStatus::SinkClosed;
            }
            self.core.created_at_start(&self.program);
            let input_at = self.core.inputs.front().map(|e| e.at).filter(|at| *at <= until);
            let task_at = self.core.agenda.next_at().filter(|at| *at <= until);
            match (input_at, task_at) {
                (Some(a), b) if b.is_none_or(|b| a <= b) => {
                    if let Some(input) = self.core.inputs.pop_front() {
                        self.core.advance(input.at);
                        self.core.apply_input(&self.program, input);
                    }
                }
                (_, Some(_)) => {
                    if let Some(task) = self.core.agenda.pop_due(until) {
                        self.core.advance(task.at);
                        self.core.run_task(&self.program, task);
                    }
                }
                _ => break,
            }
        }
        if until > self.core.now {
            self.core.now = until;
        }
        if self.core.sink.is_closed() {
            RunStatus::SinkClosed
        } else if self.core.inputs.is_empty() && self.core.agenda.only_schedules() {
            RunStatus::Idle
        } else {
            RunStatus::Reached
        }
    }
}

impl<H: ActionHandler, S: HistorySink> Core<H, S> {
    fn advance(&mut self, at: DateTime<Utc>) {
        if at > self.now {
            self.now = at;
        }
    }

    fn emit(&mut self, workflow: u32, record: Arc<str>, kind: HistoryKind) {
        let Some(meta) = self.workflows.get(workflow as usize) else {
            return;
        };
        let entry = HistoryEntry {
            at: self.now,
            workflow: meta.name.clone(),
            record,
            kind,
        };
        self.sink.record(&entry);
    }

    /// An event's name as the program spells it.
    fn event_name(&self, event: crate::compile::program::EventId) -> Arc<str> {
        self.event_names
            .get(event.index())
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    }

    /// Tells the sink that an enrollment's wait ended, and why.
    fn note_resumed(&mut self, workflow: u32, record: RecordIdx, by: WaitEnd) {
        let Some(meta) = self.workflows.get(workflow as usize) else {
            return;
        };
        let id = self.store.get(record).map_or_else(|| Arc::from(""), |r| r.id.clone());
        self.sink.note(&Note::Resumed {
            at: self.now,
            workflow: &meta.name,
            record: &id,
            by: &by,
        });
    }

    fn record_id(&self, record: RecordIdx) -> Arc<str> {
        self.store.get(record).map_or_else(|| Arc::from(""), |r| r.id.clone())
    }

    /// A record added by the host: its memos, and a place in the list whose
    /// creation triggers run when the engine next runs.
    fn added(&mut self, idx: RecordIdx) -> RecordIdx {
        self.grow_memo(idx);
        self.fresh.push(idx);
        idx
    }

    /// Gives a new record (the last one created) its memos.
    fn grow_memo(&mut self, idx: RecordIdx) {
        let size = self
            .store
            .get(idx)
            .and_then(|r| self.by_object.get(&r.object))
            .map_or(0, |list| list.len());
        let start = self.memo.len() as u32;
        self.memo_start.resize(idx as usize + 1, start);
        self.memo.resize(self.memo.len() + size, Memo::default());
    }

    fn memo_index(&self, record: RecordIdx, workflow: u32) -> Option<usize> {
        let local = self.workflows.get(workflow as usize)?.local;
        let start = *self.memo_start.get(record as usize)? as usize;
        let end = self
            .memo_start
            .get(record as usize + 1)
            .map_or(self.memo.len(), |&end| end as usize);
        (start + local < end).then_some(start + local)
    }

    fn memo(&self, record: RecordIdx, workflow: u32) -> Memo {
        self.memo_index(record, workflow)
            .and_then(|i| self.memo.get(i))
            .copied()
            .unwrap_or_default()
    }

    fn memo_mut(&mut self, record: RecordIdx, workflow: u32) -> Option<&mut Memo> {
        let i = self.memo_index(record, workflow)?;
        self.memo.get_mut(i)
    }

    /// The workflows enrolling records of this record's type, in project order.
    fn workflows_of(&self, record: RecordIdx) -> Arc<[u32]> {
        self.store
            .get(record)
            .and_then(|r| self.by_object.get(&r.object))
            .cloned()
            .unwrap_or_else(|| Arc::from(Vec::new()))
    }

    /// A ticket: the agenda's next scheduling number, so that the task
    /// scheduled with it right after carries it as its `seq`.
    fn new_ticket(&mut self) -> u64 {
        self.agenda.reserve()
    }

    fn enrollment(&self, slot: u32) -> Option<&Enrollment> {
        self.enrollments.get(slot as usize).and_then(Option::as_ref)
    }

    fn enrollment_mut(&mut self, slot: u32) -> Option<&mut Enrollment> {
        self.enrollments.get_mut(slot as usize).and_then(Option::as_mut)
    }

    /// Frees an enrollment's slot and forgets it as active and as waiting.
    fn remove_enrollment(&mut self, slot: u32) {
        let Some(enrollment) = self.enrollments.get_mut(slot as usize).and_then(Option::take) else {
            return;
        };
        self.forget(slot, &enrollment);
        self.free.push(slot);
    }

    /// Marks an enrollment as no longer active (it may still be running).
    fn forget(&mut self, slot: u32, enrollment: &Enrollment) {
        if let Some(memo) = self.memo_mut(enrollment.record, enrollment.workflow)
            && memo.active == slot
        {
            memo.active = NO_ENROLLMENT;
        }
        if let Some(list) = self.waiting.get_mut(&enrollment.record) {
            list.retain(|&s| s != slot);
            if list.is_empty() {
                self.waiting.remove(&enrollment.record);
            }
        }
    }
}

/// A value that is never there.
static UNKNOWN: Value = Value::Unknown;

#[cfg(test)]
mod tests;
