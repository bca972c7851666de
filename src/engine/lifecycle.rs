//! The life of enrollments: inputs, agenda tasks, the `enrolled` line and
//! the goal check at the start, running the steps, changes, deletions and the
//! enrollment rules of docs/language.md 4.4 with the cascade limit of section 10.

use super::agenda::{Task, TaskKind};
use super::{
    ActionHandler, CASCADE_LIMIT, Core, DelayReason, EVER, Enrollment, FALSE_SINCE, HistoryKind, HistorySink,
    InputEvent, InputEventKind, NO_ENROLLMENT, Note, RecordIdx, STALL_LIMIT, WaitEnd, runner,
};
use crate::compile::program::{Program, WorkflowId};
use crate::vm::{EnrollmentState, Suspension};

impl<H: ActionHandler, S: HistorySink> Core<H, S> {
    /// Applies one input at the current instant.
    pub(super) fn apply_input(&mut self, program: &Program, input: InputEvent) {
        self.sink.note(&Note::Input {
            at: self.now,
            input: &input,
        });
        match input.kind {
            InputEventKind::Event { record, name, data } => {
                if let Some(idx) = self.store.find(&record) {
                    self.deliver_event(program, idx, &name, &data);
                }
            }
            InputEventKind::Update { record, properties } => {
                if let Some(idx) = self.store.find(&record) {
                    for (name, value) in properties {
                        self.store.set_by_name(idx, &name, value);
                    }
                    self.on_change(program, idx, 0, None);
                }
            }
            InputEventKind::Create(new) => {
                if let Some(idx) = self.store.create(new) {
                    self.grow_memo(idx);
                    self.on_create(program, idx, 0);
                }
            }
            InputEventKind::Delete { record } => {
                if let Some(idx) = self.store.find(&record) {
                    self.delete_record(idx, None);
                }
            }
        }
    }

    /// Evaluates the creation triggers of records added by the host.
    pub(super) fn created_at_start(&mut self, program: &Program) {
        if self.fresh.is_empty() {
            return;
        }
        let fresh = std::mem::take(&mut self.fresh);
        for idx in fresh {
            self.on_create(program, idx, 0);
        }
    }

    pub(super) fn run_task(&mut self, program: &Program, task: Task) {
        let ticket = task.seq;
        match task.kind {
            TaskKind::Start { slot } => {
                let Some(e) = self.enrollment(slot).filter(|e| e.ticket == ticket && !e.started) else {
                    return;
                };
                let (record, workflow) = (e.record, e.workflow);
                if let Some(e) = self.enrollment_mut(slot) {
                    e.started = true;
                }
                let id = self.record_id(record);
                self.emit(workflow, id, HistoryKind::Enrolled);
                if !self.end_if_goal(program, slot) {
                    self.run_enrollment(program, slot);
                }
            }
            TaskKind::Wake { slot } => {
                let Some(e) = self.enrollment(slot).filter(|e| e.ticket == ticket) else {
                    return;
                };
                let (record, workflow) = (e.record, e.workflow);
                let waiting = e.state.as_ref().and_then(|s| s.waiting.clone());
                let awaiting = matches!(waiting, Some(Suspension::AwaitEvent { .. }));
                if let Some(suspension) = &waiting {
                    let by = match suspension {
                        Suspension::Delay { .. } => WaitEnd::Elapsed,
                        Suspension::AwaitEvent { event, .. } => WaitEnd::Timeout {
                            event: self.event_name(*event),
                        },
                        Suspension::WindowHold { .. } => WaitEnd::WindowOpened,
                        Suspension::Retry { .. } => WaitEnd::Retry,
                    };
                    self.note_resumed(workflow, record, by);
                }
                if awaiting {
                    if let Some(list) = self.waiting.get_mut(&record) {
                        list.retain(|&s| s != slot);
                    }
                    if let Some(state) = self.enrollment_mut(slot).and_then(|e| e.state.as_mut()) {
                        crate::vm::resume_after_timeout(state);
                    }
                }
                if !self.end_if_goal(program, slot) {
                    self.run_enrollment(program, slot);
                }
            }
            TaskKind::Resume { slot } => {
                if self.enrollment(slot).is_some_and(|e| e.ticket == ticket) && !self.end_if_goal(program, slot) {
                    self.run_enrollment(program, slot);
                }
            }
            TaskKind::Schedule { workflow, trigger } => self.fire_schedule(program, workflow, trigger),
        }
    }

    /// Checks goal and `unenroll when` of one enrollment; ends it when one holds.
    pub(super) fn end_if_goal(&mut self, program: &Program, slot: u32) -> bool {
        let Some(e) = self.enrollment(slot) else {
            return true;
        };
        let (record, workflow) = (e.record, e.workflow);
        match self.goal_outcome(program, workflow, record) {
            Some(kind) => {
                let id = self.record_id(record);
                self.emit(workflow, id, kind);
                self.remove_enrollment(slot);
                true
            }
            None => false,
        }
    }

    /// Runs an enrollment's steps until it suspends or ends.
    pub(super) fn run_enrollment(&mut self, program: &Program, slot: u32) {
        let Some(e) = self.enrollment_mut(slot) else {
            return;
        };
        let Some(mut state) = e.state.take() else {
            return;
        };
        let (record, workflow, depth) = (e.record, e.workflow, e.depth);
        let record_id = self.record_id(record);
        let mut runner = runner::Runner {
            program,
            core: self,
            slot,
            record,
            record_id: record_id.clone(),
            workflow,
            depth,
            ended: false,
        };
        let exit = crate::vm::run(program, &mut state, &mut runner);
        let ended = runner.ended;
        if ended {
            self.remove_enrollment(slot);
            return;
        }
        match exit {
            crate::vm::Exit::Finished | crate::vm::Exit::Stopped => {
                let stopped = exit == crate::vm::Exit::Stopped;
                self.emit(workflow, record_id, HistoryKind::Finished { stopped });
                self.remove_enrollment(slot);
            }
            crate::vm::Exit::Ended => self.remove_enrollment(slot),
            crate::vm::Exit::Suspended(suspension) => {
                let stalled = suspension.until().is_some_and(|until| until <= self.now);
                let stalls = self
                    .enrollment(slot)
                    .map_or(0, |e| if stalled { e.stalls + 1 } else { 0 });
                if stalls > STALL_LIMIT {
                    let message = format!(
                        "internal error: the enrollment suspended {STALL_LIMIT} times without the clock moving, \
                         so it was ended; please report this program"
                    );
                    self.emit(
                        workflow,
                        record_id.clone(),
                        HistoryKind::Error { message, action: None },
                    );
                    self.emit(workflow, record_id, HistoryKind::Finished { stopped: false });
                    self.remove_enrollment(slot);
                    return;
                }
                self.emit(
                    workflow,
                    record_id,
                    HistoryKind::Delayed {
                        until: suspension.until(),
                        reason: match suspension {
                            Suspension::Delay { .. } => DelayReason::Delay,
                            Suspension::AwaitEvent { .. } => DelayReason::Event,
                            Suspension::WindowHold { .. } => DelayReason::Window,
                            Suspension::Retry { .. } => DelayReason::Retry,
                        },
                        awaiting: match suspension {
                            Suspension::AwaitEvent { event, .. } => Some(self.event_name(event)),
                            _ => None,
                        },
                    },
                );
                let ticket = self.new_ticket();
                let now = self.now;
                if let crate::vm::Suspension::AwaitEvent { .. } = suspension {
                    self.waiting.entry(record).or_default().push(slot);
                }
                if let Some(e) = self.enrollment_mut(slot) {
                    e.ticket = ticket;
                    e.depth = 0;
                    e.stalls = stalls;
                    e.state = Some(state);
                }
                if let Some(until) = suspension.until() {
                    self.agenda
                        .schedule_reserved(until.max(now), ticket, TaskKind::Wake { slot });
                }
            }
        }
    }

    /// A record was created: filter triggers (docs/language.md 4.1).
    pub(super) fn on_create(&mut self, program: &Program, record: RecordIdx, depth: u32) {
        self.evaluate_filters(program, record, depth);
    }

    /// A record's properties changed: goals and `unenroll when` of its started
    /// enrollments, then filter triggers. True when `current` was ended.
    pub(super) fn on_change(&mut self, program: &Program, record: RecordIdx, depth: u32, current: Option<u32>) -> bool {
        let mut current_ended = false;
        for &workflow in self.workflows_of(record).iter() {
            let memo = self.memo(record, workflow);
            if memo.active == NO_ENROLLMENT || !self.enrollment(memo.active).is_some_and(|e| e.started) {
                continue;
            }
            if let Some(kind) = self.goal_outcome(program, workflow, record) {
                let id = self.record_id(record);
                self.emit(workflow, id, kind);
                self.end(memo.active, current);
                current_ended |= current == Some(memo.active);
            }
        }
        self.evaluate_filters(program, record, depth);
        current_ended
    }

    /// Ends an enrollment now; the running one keeps its slot until it returns.
    pub(super) fn end(&mut self, slot: u32, current: Option<u32>) {
        if current == Some(slot) {
            if let Some(e) = self.enrollment(slot).cloned() {
                self.forget(slot, &e);
            }
        } else {
            self.remove_enrollment(slot);
        }
    }

    /// Deletes a record; its enrollments end as `unenrolled` (one not yet
    /// started gets its `enrolled` line first). True when `current` was ended.
    pub(super) fn delete_record(&mut self, record: RecordIdx, current: Option<u32>) -> bool {
        let id = self.record_id(record);
        let mut current_ended = false;
        for &workflow in self.workflows_of(record).iter() {
            let memo = self.memo(record, workflow);
            if memo.active == NO_ENROLLMENT {
                continue;
            }
            if !self.enrollment(memo.active).is_some_and(|e| e.started) {
                self.emit(workflow, id.clone(), HistoryKind::Enrolled);
            }
            self.emit(workflow, id.clone(), HistoryKind::Unenrolled);
            self.end(memo.active, current);
            current_ended |= current == Some(memo.active);
        }
        self.waiting.remove(&record);
        self.store.delete(record);
        current_ended
    }

    /// Enrolls a record (docs/language.md 4.4): refused when it is enrolled there
    /// now. `cause` is the depth of what caused it (0 for inputs). A trigger
    /// enrollment counts for the re-enrollment rules.
    pub(super) fn enroll(
        &mut self,
        program: &Program,
        record: RecordIdx,
        workflow: u32,
        cause: u32,
        by_trigger: bool,
    ) -> Result<(), ()> {
        let memo = self.memo(record, workflow);
        if memo.active != NO_ENROLLMENT {
            return Err(());
        }
        let depth = cause + 1;
        if depth > CASCADE_LIMIT {
            let id = self.record_id(record);
            let message = format!(
                "cascade cut off: `{id}` was not enrolled, as this would be enrollment {depth} in one chain of \
                 edits at this instant (the limit is {CASCADE_LIMIT}); make sure the workflows' edits do not \
                 keep re-triggering each other"
            );
            self.emit(workflow, id, HistoryKind::Error { message, action: None });
            return Ok(());
        }
        let state = EnrollmentState::new(program, WorkflowId(workflow), memo.ordinal);
        let ticket = self.new_ticket();
        let enrollment = Enrollment {
            record,
            workflow,
            state: Some(state),
            ticket,
            depth,
            started: false,
            stalls: 0,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                if let Some(place) = self.enrollments.get_mut(slot as usize) {
                    *place = Some(enrollment);
                }
                slot
            }
            None => {
                self.enrollments.push(Some(enrollment));
                (self.enrollments.len() - 1) as u32
            }
        };
        if let Some(memo) = self.memo_mut(record, workflow) {
            memo.ordinal = memo.ordinal.saturating_add(1);
            memo.active = slot;
            memo.flags &= !FALSE_SINCE;
            if by_trigger {
                memo.flags |= EVER;
            }
        }
        self.agenda
            .schedule_reserved(self.now, ticket, TaskKind::Start { slot });
        Ok(())
    }
}
