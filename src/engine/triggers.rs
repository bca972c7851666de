//! Triggers (docs/language.md 4.1–4.3), goals and `unenroll when` (4.5), and event
//! delivery to waiting enrollments (5.3).
//!
//! Several `enroll` settings of one workflow are alternatives: for the
//! re-enrollment rule of 4.1, a workflow's COND is the disjunction of its
//! filter triggers.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::agenda::TaskKind;
use super::{
    ActionHandler, Core, EVER, FALSE_SINCE, HistoryKind, HistorySink, NO_ENROLLMENT, RecordIdx, UNKNOWN, WaitEnd,
};
use crate::compile::program::{CondId, EventId, FieldId, Program, PropSlot, Trigger, WorkflowId};
use crate::time;
use crate::value::Value;
use crate::vm::{self, Env};

/// What a condition sees outside a running enrollment: a record's properties,
/// maybe an event's fields, the clock.
pub(super) struct RecordEnv<'a, H, S> {
    pub core: &'a Core<H, S>,
    pub record: RecordIdx,
    pub fields: &'a [Value],
}

impl<H, S> Env for RecordEnv<'_, H, S> {
    fn property(&self, slot: PropSlot) -> &Value {
        self.core.property(self.record, slot)
    }

    fn event_field(&self, field: FieldId) -> &Value {
        self.fields.get(field.index()).unwrap_or(&UNKNOWN)
    }

    fn now(&self) -> DateTime<Utc> {
        self.core.now
    }
}

impl<H, S> Core<H, S> {
    /// A property of a record by program slot: its own, or of the first
    /// associated record of the slot's object type.
    pub(super) fn property(&self, record: RecordIdx, slot: PropSlot) -> &Value {
        let Some(path) = self.slots.get(slot.index()) else {
            return &UNKNOWN;
        };
        let target = match &path.object {
            None => Some(record),
            Some(object) => self.store.associated(record, object),
        };
        target.map_or(&UNKNOWN, |t| self.store.column_value(t, path.column))
    }

    /// The fields of an event by the program's field ids.
    pub(super) fn event_fields(&self, data: &[(Arc<str>, Value)]) -> Vec<Value> {
        let mut fields = vec![Value::Unknown; self.field_ids.len()];
        for (name, value) in data {
            if let Some(slot) = self.field_ids.get(&**name).and_then(|&i| fields.get_mut(i)) {
                *slot = value.clone();
            }
        }
        fields
    }

    fn holds(&self, program: &Program, workflow: u32, cond: CondId, record: RecordIdx, fields: &[Value]) -> bool {
        let env = RecordEnv {
            core: self,
            record,
            fields,
        };
        vm::eval_condition(program, WorkflowId(workflow), cond, &env)
    }

    /// `goal_met` or `unenrolled` when the goal or `unenroll when` holds.
    pub(super) fn goal_outcome(&self, program: &Program, workflow: u32, record: RecordIdx) -> Option<HistoryKind> {
        let code = program.workflow(WorkflowId(workflow))?;
        if let Some(goal) = code.goal
            && self.holds(program, workflow, goal, record, &[])
        {
            return Some(HistoryKind::GoalMet);
        }
        if let Some(unenroll) = code.unenroll
            && self.holds(program, workflow, unenroll, record, &[])
        {
            return Some(HistoryKind::Unenrolled);
        }
        None
    }
}

impl<H: ActionHandler, S: HistorySink> Core<H, S> {
    /// Evaluates the filter triggers of every workflow of the record's type, in
    /// project order, and enrolls where docs/language.md 4.1 says so.
    pub(super) fn evaluate_filters(&mut self, program: &Program, record: RecordIdx, cause: u32) {
        for &workflow in self.workflows_of(record).iter() {
            let Some(code) = program.workflow(WorkflowId(workflow)) else {
                continue;
            };
            let mut filters = code.triggers.iter().filter_map(|t| match t {
                Trigger::Filter { cond } => Some(*cond),
                _ => None,
            });
            let Some(first) = filters.next() else {
                continue;
            };
            let holds = std::iter::once(first)
                .chain(filters)
                .any(|cond| self.holds(program, workflow, cond, record, &[]));
            let memo = self.memo(record, workflow);
            if !holds {
                if let Some(memo) = self.memo_mut(record, workflow) {
                    memo.flags |= FALSE_SINCE;
                }
                continue;
            }
            let again = code.reenroll && memo.flags & FALSE_SINCE != 0;
            if memo.active == NO_ENROLLMENT && (memo.flags & EVER == 0 || again) {
                let _ = self.enroll(program, record, workflow, cause, true);
            }
        }
    }

    /// An event for a record: waiting enrollments it matches go on (behind
    /// this input), then event triggers enroll (docs/language.md 4.2).
    pub(super) fn deliver_event(
        &mut self,
        program: &Program,
        record: RecordIdx,
        name: &str,
        data: &[(Arc<str>, Value)],
    ) {
        let Some(event) = program.event_id(name) else {
            return;
        };
        let fields = self.event_fields(data);
        self.resume_waits(program, record, event, &fields);
        for &workflow in self.workflows_of(record).iter() {
            let Some(code) = program.workflow(WorkflowId(workflow)) else {
                continue;
            };
            let fires = code.triggers.iter().any(|t| match t {
                Trigger::Event { event: e, cond } if *e == event => {
                    cond.is_none_or(|cond| self.holds(program, workflow, cond, record, &fields))
                }
                _ => false,
            });
            let memo = self.memo(record, workflow);
            if fires && memo.active == NO_ENROLLMENT && (memo.flags & EVER == 0 || code.reenroll) {
                let _ = self.enroll(program, record, workflow, 0, true);
            }
        }
    }

    /// Resumes the enrollments of `record` waiting for `event` whose `where`
    /// holds, in project order.
    fn resume_waits(&mut self, program: &Program, record: RecordIdx, event: EventId, fields: &[Value]) {
        let Some(mut slots) = self.waiting.get(&record).cloned() else {
            return;
        };
        slots.sort_by_key(|&slot| self.enrollment(slot).map_or(u32::MAX, |e| e.workflow));
        for slot in slots {
            let Some(e) = self.enrollment(slot) else {
                continue;
            };
            let Some(state) = e.state.as_ref() else {
                continue;
            };
            let waits_for = matches!(state.waiting, Some(vm::Suspension::AwaitEvent { event: e, .. }) if e == event);
            let env = RecordEnv {
                core: self,
                record,
                fields,
            };
            if !waits_for || !vm::event_matches(program, state, &env) {
                continue;
            }
            let workflow = e.workflow;
            self.note_resumed(
                workflow,
                record,
                WaitEnd::Event {
                    event: self.event_name(event),
                },
            );
            let ticket = self.new_ticket();
            if let Some(e) = self.enrollment_mut(slot) {
                e.ticket = ticket;
                if let Some(state) = e.state.as_mut() {
                    vm::resume_after_event(state);
                }
            }
            if let Some(list) = self.waiting.get_mut(&record) {
                list.retain(|&s| s != slot);
            }
            self.agenda
                .schedule_reserved(self.now, ticket, TaskKind::Resume { slot });
        }
        if self.waiting.get(&record).is_some_and(Vec::is_empty) {
            self.waiting.remove(&record);
        }
    }

    /// Schedules the first instant of every `enroll every` trigger.
    pub(super) fn schedule_triggers(&mut self, program: &Program) {
        for (w, code) in program.workflows.iter().enumerate() {
            for (t, trigger) in code.triggers.iter().enumerate() {
                if let Trigger::Schedule { schedule, .. } = trigger {
                    let first = time::next_schedule_instant(self.now, code.zone, schedule);
                    self.agenda.schedule(
                        first,
                        TaskKind::Schedule {
                            workflow: w as u32,
                            trigger: t as u32,
                        },
                    );
                }
            }
        }
    }

    /// A schedule instant: every record of the type whose `where` holds
    /// enrolls, in input order (docs/language.md 4.3); then the next instant.
    pub(super) fn fire_schedule(&mut self, program: &Program, workflow: u32, trigger: u32) {
        let Some(code) = program.workflow(WorkflowId(workflow)) else {
            return;
        };
        let Some(Trigger::Schedule { schedule, cond }) = code.triggers.get(trigger as usize) else {
            return;
        };
        let object = self.workflows.get(workflow as usize).map(|w| w.object.clone());
        let candidates: Vec<RecordIdx> = self
            .store
            .iter()
            .filter(|(_, r)| Some(&r.object) == object.as_ref())
            .map(|(idx, _)| idx)
            .collect();
        for record in candidates {
            let memo = self.memo(record, workflow);
            if memo.active != NO_ENROLLMENT || (memo.flags & EVER != 0 && !code.reenroll) {
                continue;
            }
            if cond.is_none_or(|cond| self.holds(program, workflow, cond, record, &[])) {
                let _ = self.enroll(program, record, workflow, 0, true);
            }
        }
        let next = time::next_schedule_instant(self.now + chrono::Duration::seconds(1), code.zone, schedule);
        self.agenda.schedule(next, TaskKind::Schedule { workflow, trigger });
    }
}
