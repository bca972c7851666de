//! The interpreter: runs one enrollment of a verified [`Program`] until it
//! suspends or ends, and evaluates conditions (triggers, goals, event waits).
//!
//! The VM knows nothing of records, agendas or traces: it reads and writes
//! through a [`Host`] (the engine), addressing properties, event fields,
//! actions and workflows by the program's table indices.
//!
//! How the engine drives an enrollment:
//! 1. `EnrollmentState::new(program, workflow, ordinal)`, then [`run`].
//! 2. On [`Exit::Suspended`], schedule a wake at the suspension's instant
//!    (the state remembers it in `waiting`). At the wake, check goal and
//!    unenroll ([`eval_condition`]) and call [`run`] again.
//! 3. For [`Suspension::AwaitEvent`]: when an event of that name arrives for
//!    the record, test it with [`event_matches`]; on a match call
//!    [`resume_after_event`] then [`run`]; at the timeout instant call
//!    [`resume_after_timeout`] then [`run`].

mod exec;
mod ops;
mod split;
mod wake;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::compile::program::{ActionId, CondId, EventId, FieldId, LocalSlot, Program, PropSlot, WorkflowId};
use crate::value::Value;

pub use ops::{compare, truthy};
pub use split::{roll_after, split_prefix, split_roll};

/// Read access to what conditions see: the record's properties, the
/// current event's fields, and the clock.
pub trait Env {
    /// A property of the enrolled record by slot ([`Program::properties`]);
    /// `&Value::Unknown` when missing.
    fn property(&self, slot: PropSlot) -> &Value;
    /// A field of the triggering or awaited event ([`Program::event_fields`]);
    /// `&Value::Unknown` outside an event context or when missing.
    fn event_field(&self, field: FieldId) -> &Value;
    /// The current instant of the virtual clock.
    fn now(&self) -> DateTime<Utc>;
}

/// What the VM needs from the engine to run steps.
pub trait Host: Env {
    /// Sets a property (write the `set` line). `Flow::Ended` when the edit
    /// made the goal or unenroll condition true and the engine ended the
    /// enrollment.
    fn set_property(&mut self, slot: PropSlot, value: Value) -> Flow;
    /// Makes a property unknown (write the `clear` line); as `set_property`.
    fn clear_property(&mut self, slot: PropSlot) -> Flow;
    /// Carries out an action (write the `action` line).
    fn call_action(&mut self, call: &ActionCall<'_>) -> Result<ActionOutput, ActionError>;
    /// `enroll in workflow`: enroll the record in another workflow behind
    /// the current task (an `error` line when it is enrolled there already).
    fn enroll_in(&mut self, workflow: WorkflowId);
    /// Records an `error` line; the enrollment goes on.
    fn report_error(&mut self, error: &StepError);
    /// The enrolled record's id (for the split hash).
    fn record_id(&self) -> &str;
    /// The run's seed (for the split hash).
    fn seed(&self) -> u64;
}

/// Whether the enrollment goes on after an edit or action.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flow {
    /// Go on with the next instruction.
    #[default]
    Continue,
    /// The engine ended the enrollment (goal met, unenrolled, record deleted).
    Ended,
}

/// One action call as the host receives it.
#[derive(Clone, Debug)]
pub struct ActionCall<'a> {
    /// The action ([`Program::actions`]).
    pub action: ActionId,
    /// Its catalog name.
    pub name: &'a str,
    /// The arguments given, evaluated, by catalog parameter name, in catalog order.
    pub args: &'a [(&'a str, Value)],
    /// 0 for the first try, then 1, 2, … for retries.
    pub attempt: u32,
}

/// What a successful action returns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionOutput {
    /// The outputs as a [`Value::Map`] (or unknown when it has none).
    pub outputs: Value,
    /// `Flow::Ended` when the action ended the enrollment (`delete_contact`).
    pub flow: Flow,
}

/// A failed action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionError {
    /// A timeout, HTTP 429 or 5xx: try again with back-off.
    pub retryable: bool,
    /// What went wrong, for the `error` line.
    pub message: String,
}

/// An error the VM reports through [`Host::report_error`]; its `Display` is
/// the trace's `message`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StepError {
    /// An action failed and is not retried.
    #[error("{message}")]
    ActionFailed { action: ActionId, message: String },
    /// A retryable failure went on for the whole retry period.
    #[error("{message} (gave up after {attempts} tries over 3 days)")]
    ActionGaveUp {
        action: ActionId,
        message: String,
        attempts: u32,
    },
    /// `increment`/`decrement` of a property that holds a non-number.
    #[error("cannot {verb} `{property}`: it holds a {found}, not a number")]
    NotANumber {
        verb: &'static str,
        property: String,
        found: &'static str,
    },
    /// `increment … by X` where X is not a number.
    #[error("cannot {verb} `{property}` by a {found}; use a number")]
    BadAmount {
        verb: &'static str,
        property: String,
        found: &'static str,
    },
    /// `set note = note + note` once `note` holds 40,000 characters.
    #[error(
        "the step did not take effect: it would make a string of more than 65,536 characters (the limit); \
         shorten the values or the template that build it"
    )]
    StringTooLong,
    /// The program broke an invariant the verifier should have caught.
    #[error("internal error: {0}")]
    Fault(String),
}

impl StepError {
    /// The failed action, for the `action` key of the `error` line.
    pub fn action(&self) -> Option<ActionId> {
        match self {
            StepError::ActionFailed { action, .. } | StepError::ActionGaveUp { action, .. } => Some(*action),
            _ => None,
        }
    }
}

/// How a run of an enrollment ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Exit {
    /// Ran past its last step.
    Finished,
    /// Reached `stop` (also `finished` in the trace).
    Stopped,
    /// The host ended it (a `Flow::Ended` from an edit or action).
    Ended,
    /// Waiting; [`EnrollmentState::waiting`] holds the same value.
    Suspended(Suspension),
}

/// What a suspended enrollment waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Suspension {
    /// A delay: wake at `until`.
    Delay { until: DateTime<Utc> },
    /// An event NAME for the record; at `timeout` (if any) the timeout path runs.
    AwaitEvent {
        event: EventId,
        timeout: Option<DateTime<Utc>>,
    },
    /// Outside every window or on a blocked date: run the step again at `until`.
    WindowHold { until: DateTime<Utc> },
    /// A retryable action failure: try the step again at `until`.
    Retry { until: DateTime<Utc> },
}

impl Suspension {
    /// The wake instant (`None` for an event wait without timeout).
    pub fn until(&self) -> Option<DateTime<Utc>> {
        match self {
            Suspension::Delay { until } | Suspension::WindowHold { until } | Suspension::Retry { until } => {
                Some(*until)
            }
            Suspension::AwaitEvent { timeout, .. } => *timeout,
        }
    }
}

/// Back-off bookkeeping of a failing action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryState {
    /// Tries so far (1 after the first failure).
    pub attempts: u32,
    /// When the first try failed; retrying stops 3 days after it.
    pub first_failure: DateTime<Utc>,
}

/// One enrollment's saved position: plain data, serializable. It is kept
/// small (56 bytes) because a million suspended enrollments each hold one:
/// the locals are a boxed slice, the rarely used retry state is boxed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnrollmentState {
    /// The workflow.
    pub workflow: WorkflowId,
    /// The next instruction of the workflow's steps.
    pub pc: u32,
    /// `let` outputs, by [`LocalSlot`].
    pub locals: Box<[Value]>,
    /// 0 for the record's first enrollment in this workflow, then 1, 2, …
    pub ordinal: u32,
    /// Set while a failing action is being retried.
    pub retry: Option<Box<RetryState>>,
    /// What it waits for while suspended.
    pub waiting: Option<Suspension>,
}

impl EnrollmentState {
    /// A new enrollment at the first step.
    pub fn new(program: &Program, workflow: WorkflowId, ordinal: u32) -> EnrollmentState {
        // Most workflows have no `let`: then this allocates nothing.
        let count = program.workflow(workflow).map_or(0, |w| w.locals.len());
        let locals: Box<[Value]> = if count == 0 {
            Box::new([])
        } else {
            vec![Value::Unknown; count].into_boxed_slice()
        };
        EnrollmentState {
            workflow,
            pc: 0,
            locals,
            ordinal,
            retry: None,
            waiting: None,
        }
    }

    /// A `let` output.
    pub fn local(&self, slot: LocalSlot) -> &Value {
        self.locals.get(slot.index()).unwrap_or(&Value::Unknown)
    }
}

/// Runs an enrollment from `state.pc` until it suspends or ends. A verified
/// program never faults; a broken invariant is reported as a [`StepError::Fault`]
/// and ends the run as `Finished`.
pub fn run<H: Host>(program: &Program, state: &mut EnrollmentState, host: &mut H) -> Exit {
    state.waiting = None;
    exec::run(program, state, host)
}

/// Evaluates a condition chunk (trigger filter, goal, unenroll) of a
/// workflow against `env`; `false` for an unknown id.
pub fn eval_condition<E: Env + ?Sized>(program: &Program, workflow: WorkflowId, cond: CondId, env: &E) -> bool {
    exec::eval_condition(program, workflow, cond, env, &[])
}

/// Tests an event against the `where` of the wait an enrollment is
/// suspended in (`env` gives the event's fields); true when there is no
/// `where`, false when the enrollment is not waiting for an event.
pub fn event_matches<E: Env + ?Sized>(program: &Program, state: &EnrollmentState, env: &E) -> bool {
    let Some(Suspension::AwaitEvent { .. }) = state.waiting else {
        return false;
    };
    let Some(wait) = exec::current_wait(program, state) else {
        return false;
    };
    match wait.filter {
        Some(cond) => exec::eval_condition(program, state.workflow, cond, env, &state.locals),
        None => true,
    }
}

/// The wake instant of the `delay until PATH …` an enrollment is suspended
/// in, recomputed from the property's value now (LANGUAGE.md 12.3): `None`
/// when it is not suspended in a date-property delay, `Some(None)` when the
/// property is unknown (or not a date).
pub fn property_delay_wake<E: Env + ?Sized>(
    program: &Program,
    state: &EnrollmentState,
    env: &E,
) -> Option<Option<DateTime<Utc>>> {
    let Some(Suspension::Delay { .. }) = state.waiting else {
        return None;
    };
    let workflow = program.workflow(state.workflow)?;
    let pc = (state.pc as usize).checked_sub(1)?;
    let Some(crate::compile::opcode::Op::Delay { rule }) = workflow.steps.code.get(pc) else {
        return None;
    };
    let rule = workflow.delays.get(*rule as usize)?;
    if !matches!(rule, crate::compile::program::DelayRule::UntilProperty { .. }) {
        return None;
    }
    Some(wake::delay_wake(rule, env.now(), workflow.zone, env))
}

/// After a matching event: continue after the wait (skipping its timeout block).
pub fn resume_after_event(state: &mut EnrollmentState) {
    if matches!(state.waiting, Some(Suspension::AwaitEvent { .. })) {
        state.waiting = None;
        state.pc = state.pc.saturating_add(1);
    }
}

/// At the timeout instant: continue with the timeout block, then the next step.
pub fn resume_after_timeout(state: &mut EnrollmentState) {
    if matches!(state.waiting, Some(Suspension::AwaitEvent { .. })) {
        state.waiting = None;
        state.pc = state.pc.saturating_add(2);
    }
}

#[cfg(test)]
mod tests;
