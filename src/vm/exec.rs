//! The dispatch loops: [`run`] for steps, [`eval_condition`] for condition
//! chunks. Both share [`expression`], which executes every value, operator
//! and jump instruction.
//!
//! A verified program never indexes out of range; the loops still use
//! `get` so that a broken invariant becomes a reported fault, not a panic.

use std::cell::RefCell;

use chrono_tz::Tz;

use super::ops::{self, truthy};
use super::split::{PrefixCache, choose, roll_after};
use super::wake;
use super::{ActionCall, EnrollmentState, Env, Exit, Flow, Host, RetryState, StepError, Suspension};
use crate::compile::opcode::{Function, Op};
use crate::compile::program::{CallSite, CondId, EventWait, Program, PropSlot, WorkflowCode, WorkflowId};
use crate::time;
use crate::value::Value;

const UNKNOWN: &Value = &Value::Unknown;

/// The longest string a value may hold, in Unicode scalar values
/// (LANGUAGE.md §12.12; HubSpot's limit for a property value).
pub const MAX_STRING_CHARS: usize = 65_536;

/// What [`expression`] did with an instruction.
enum Done {
    /// Executed it; go on at the (possibly changed) pc.
    Next,
    /// Executed it, but its result would have been a string longer than
    /// [`MAX_STRING_CHARS`]: unknown was pushed instead.
    TooLong,
    /// Not an expression instruction: the caller executes it.
    Other,
}

/// Executes one value, operator or jump instruction. `pc` already points
/// past `op`; jumps overwrite it.
#[inline(always)]
fn expression<E: Env + ?Sized>(
    op: Op,
    pc: &mut usize,
    stack: &mut Vec<Value>,
    program: &Program,
    zone: Tz,
    env: &E,
    locals: &[Value],
) -> Done {
    match op {
        Op::Const { index } => stack.push(program.constants.get(index.index()).unwrap_or(UNKNOWN).clone()),
        Op::Bool { value } => stack.push(Value::Bool(value)),
        Op::Property { slot } => stack.push(env.property(slot).clone()),
        Op::EventField { field } => stack.push(env.event_field(field).clone()),
        Op::Local { slot } => stack.push(locals.get(slot.index()).unwrap_or(UNKNOWN).clone()),
        Op::Now => stack.push(Value::DateTime(env.now())),
        Op::Today => stack.push(Value::Date(time::local_date(env.now(), zone))),
        Op::Pop => {
            stack.pop();
        }
        Op::Not => {
            let value = stack.pop().unwrap_or_default();
            stack.push(Value::Bool(!truthy(&value)));
        }
        Op::Neg => {
            let value = stack.pop().unwrap_or_default();
            stack.push(ops::neg(&value));
        }
        Op::Add | Op::Sub | Op::Mul | Op::Div => {
            let rhs = stack.pop().unwrap_or_default();
            let lhs = stack.pop().unwrap_or_default();
            let result = match op {
                Op::Add => ops::add(&lhs, &rhs, zone),
                Op::Sub => ops::sub(&lhs, &rhs, zone),
                Op::Mul => ops::mul(&lhs, &rhs),
                _ => ops::div(&lhs, &rhs),
            };
            return push_bounded(stack, result);
        }
        Op::Compare { op } => {
            let rhs = stack.pop().unwrap_or_default();
            let lhs = stack.pop().unwrap_or_default();
            stack.push(Value::Bool(ops::compare(op, &lhs, &rhs, zone)));
        }
        Op::IsKnown { known } => {
            let value = stack.pop().unwrap_or_default();
            stack.push(Value::Bool(value.is_unknown() != known));
        }
        Op::Call { function, argc } => {
            let base = stack.len().saturating_sub(usize::from(argc));
            let args = stack.get(base..).unwrap_or_default();
            let result = if function == Function::Replace && replace_too_long(args) {
                None
            } else {
                Some(ops::call(function, args, zone))
            };
            stack.truncate(base);
            return match result {
                Some(result) => push_bounded(stack, result),
                None => {
                    stack.push(Value::Unknown);
                    Done::TooLong
                }
            };
        }
        Op::Concat { count } => {
            let base = stack.len().saturating_sub(count as usize);
            let result = ops::concat(stack.get(base..).unwrap_or_default());
            stack.truncate(base);
            return push_bounded(stack, result);
        }
        Op::MakeList { count } => {
            let base = stack.len().saturating_sub(count as usize);
            let items: std::sync::Arc<[Value]> = stack.drain(base..).collect();
            stack.push(Value::List(items));
        }
        Op::MakeMap { keys } => {
            let keys: &[Value] = match program.constants.get(keys.index()) {
                Some(Value::List(keys)) => keys,
                _ => &[],
            };
            let base = stack.len().saturating_sub(keys.len());
            let entries: std::sync::Arc<[(std::sync::Arc<str>, Value)]> = keys
                .iter()
                .zip(stack.drain(base..))
                .map(|(key, value)| match key {
                    Value::Str(key) => (key.clone(), value),
                    _ => (std::sync::Arc::from(""), value),
                })
                .collect();
            stack.push(Value::Map(entries));
        }
        Op::Jump { target } => *pc = target as usize,
        Op::JumpIfFalse { target } => {
            if !truthy(&stack.pop().unwrap_or_default()) {
                *pc = target as usize;
            }
        }
        Op::JumpIfTrue { target } => {
            if truthy(&stack.pop().unwrap_or_default()) {
                *pc = target as usize;
            }
        }
        Op::CompareJump {
            slot,
            constant,
            target,
            op,
            when,
        } => {
            let constant = program.constants.get(constant.index()).unwrap_or(UNKNOWN);
            if ops::compare(op, env.property(slot), constant, zone) == when {
                *pc = target as usize;
            }
        }
        _ => return Done::Other,
    }
    Done::Next
}

/// Pushes a computed value, or unknown when it is a string past the limit.
#[inline]
fn push_bounded(stack: &mut Vec<Value>, value: Value) -> Done {
    match &value {
        Value::Str(s) if s.len() > MAX_STRING_CHARS && s.chars().count() > MAX_STRING_CHARS => {
            stack.push(Value::Unknown);
            Done::TooLong
        }
        _ => {
            stack.push(value);
            Done::Next
        }
    }
}

/// True when `replace(text, from, to)` would surely pass the limit: checked
/// before the string is built, as it may grow by `to`'s length per match.
fn replace_too_long(args: &[Value]) -> bool {
    let [Value::Str(text), Value::Str(from), Value::Str(to), ..] = args else {
        return false;
    };
    if from.is_empty() || to.len() <= from.len() {
        return false;
    }
    let matches = text.matches(&**from).count();
    let bytes = text.len() + matches.saturating_mul(to.len() - from.len());
    // A scalar value takes at most 4 bytes.
    bytes > 4 * MAX_STRING_CHARS
}

fn fault<H: Host>(host: &mut H, message: String) -> Exit {
    host.report_error(&StepError::Fault(message));
    Exit::Finished
}

/// What a run reuses from the previous run on its thread.
#[derive(Default)]
struct Scratch {
    /// The value stack (empty between runs).
    stack: Vec<Value>,
    /// The hash prefix of the last split taken.
    split: PrefixCache,
}

thread_local! {
    /// Reused from run to run, so that running does not allocate and a split
    /// does not hash the workflow name for every record. A nested run (a host
    /// evaluating a goal from inside `set_property`) finds it borrowed and
    /// uses a fresh one.
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            stack: Vec::new(),
            split: PrefixCache::new(),
        })
    };
}

/// Runs `f` with the scratch (its stack empty on entry).
#[inline]
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => {
            scratch.stack.clear();
            let result = f(&mut scratch);
            // Keep a modest buffer only, never one a huge list literal grew.
            if scratch.stack.capacity() > 256 {
                scratch.stack = Vec::new();
            }
            result
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Runs steps from `state.pc`; see [`super::run`].
pub(super) fn run<H: Host>(program: &Program, state: &mut EnrollmentState, host: &mut H) -> Exit {
    with_scratch(|scratch| run_on(program, state, host, scratch))
}

fn run_on<H: Host>(program: &Program, state: &mut EnrollmentState, host: &mut H, scratch: &mut Scratch) -> Exit {
    let Scratch { stack, split } = scratch;
    let Some(workflow) = program.workflow(state.workflow) else {
        return fault(host, format!("no workflow {}", state.workflow.0));
    };
    let code = &workflow.steps.code;
    let zone = workflow.zone;
    let mut pc = state.pc as usize;
    // A string past the limit was made in this step: its `error` line is
    // written and the step's change or action does not take effect. A jump
    // (a condition decided, with unknown in its place) ends the step's
    // expression.
    let mut too_long = false;
    loop {
        let Some(&op) = code.get(pc) else {
            return fault(host, format!("jump to {pc} outside the code of `{}`", workflow.name));
        };
        pc += 1;
        if too_long && matches!(op, Op::Jump { .. } | Op::JumpIfFalse { .. } | Op::JumpIfTrue { .. }) {
            too_long = false;
        }
        match expression(op, &mut pc, stack, program, zone, &*host, &state.locals) {
            Done::Next => continue,
            Done::TooLong => {
                if !too_long {
                    host.report_error(&StepError::StringTooLong);
                }
                too_long = true;
                continue;
            }
            Done::Other => {}
        }
        if std::mem::take(&mut too_long) && skip_step(op, workflow, state, stack) {
            continue;
        }
        match op {
            Op::Hold => {
                let now = host.now();
                let until = time::next_open_instant(now, zone, &workflow.windows, &workflow.blocked);
                if until > now {
                    return suspend(state, pc - 1, Suspension::WindowHold { until });
                }
            }
            Op::Action { call } => {
                let Some(site) = workflow.calls.get(call as usize) else {
                    return fault(host, format!("no call site {call}"));
                };
                if let Some(exit) = action(program, workflow, site, state, stack, host) {
                    return exit;
                }
            }
            Op::Set { .. }
            | Op::Clear { .. }
            | Op::SetConst { .. }
            | Op::Increment { .. }
            | Op::IncrementConst { .. } => {
                if change(op, program, stack, host) == Flow::Ended {
                    state.pc = pc as u32;
                    return Exit::Ended;
                }
            }
            Op::Delay { rule } => {
                let Some(rule) = workflow.delays.get(rule as usize) else {
                    return fault(host, format!("no delay rule {rule}"));
                };
                let now = host.now();
                if let Some(until) = wake::delay_wake(rule, now, zone, &*host)
                    && until > now
                {
                    return suspend(state, pc, Suspension::Delay { until });
                }
            }
            Op::AwaitEvent { wait } => {
                let Some(wait) = workflow.waits.get(wait as usize) else {
                    return fault(host, format!("no event wait {wait}"));
                };
                let now = host.now();
                let timeout = wait
                    .timeout
                    .map(|by| time::add_duration(now, zone, by.days, by.minutes));
                match timeout {
                    // A zero timeout has already passed: take the timeout path now.
                    Some(until) if until <= now => pc += 1,
                    _ => {
                        let event = wait.event;
                        return suspend(state, pc - 1, Suspension::AwaitEvent { event, timeout });
                    }
                }
            }
            Op::Branch { table } => {
                let value = stack.pop().unwrap_or_default();
                let Some(table) = workflow.branches.get(table as usize) else {
                    return fault(host, format!("no branch table {table}"));
                };
                let hit = table.cases.iter().find(|case| {
                    let constant = program.constants.get(case.value.index()).unwrap_or(UNKNOWN);
                    ops::branch_matches(&value, constant, zone)
                });
                pc = hit.map_or(table.default, |case| case.target) as usize;
            }
            Op::Split { table } => {
                let Some(table) = workflow.splits.get(table as usize) else {
                    return fault(host, format!("no split table {table}"));
                };
                let prefix = split.prefix(host.seed(), &workflow.name, table.position);
                let roll = roll_after(prefix, host.record_id(), state.ordinal);
                match choose(&table.arms, roll) {
                    Some(arm) => pc = arm.target as usize,
                    None => return fault(host, "a split without arms".to_string()),
                }
            }
            Op::EnrollIn { workflow } => host.enroll_in(workflow),
            Op::Stop => {
                state.pc = (pc - 1) as u32;
                return Exit::Stopped;
            }
            Op::End => {
                state.pc = (pc - 1) as u32;
                return Exit::Finished;
            }
            other => return fault(host, format!("{other:?} in steps")),
        }
    }
}

/// Skips a step whose expression made a string past the limit: pops its
/// operands (an action's outputs become unknown). True when skipped.
fn skip_step(op: Op, workflow: &WorkflowCode, state: &mut EnrollmentState, stack: &mut Vec<Value>) -> bool {
    match op {
        Op::Set { .. } | Op::Increment { .. } => {
            stack.pop();
            true
        }
        Op::Action { call } => {
            let Some(site) = workflow.calls.get(call as usize) else {
                return false;
            };
            stack.truncate(stack.len().saturating_sub(site.params.len()));
            bind(workflow, site, state, &Value::Unknown);
            true
        }
        _ => false,
    }
}

/// A step that changes a property (`set`, `clear`, `increment`, fused or
/// not); what the host says of the enrollment after the change.
#[inline]
fn change<H: Host>(op: Op, program: &Program, stack: &mut Vec<Value>, host: &mut H) -> Flow {
    let constant = |index: usize| program.constants.get(index).unwrap_or(UNKNOWN);
    match op {
        Op::Set { slot } => host.set_property(slot, stack.pop().unwrap_or_default()),
        Op::Clear { slot } => host.clear_property(slot),
        Op::SetConst { slot, constant: c } => host.set_property(slot, constant(c.index()).clone()),
        Op::Increment { slot, negate } => {
            let amount = stack.pop().unwrap_or_default();
            increment(program, host, slot, &amount, negate)
        }
        Op::IncrementConst {
            slot,
            constant: c,
            negate,
        } => increment(program, host, slot, constant(c.index()), negate),
        _ => Flow::Continue,
    }
}

/// `increment`/`decrement` a property by `amount` (unknown counts as 0); a
/// non-number is reported and the property left as it is.
fn increment<H: Host>(program: &Program, host: &mut H, slot: PropSlot, amount: &Value, negate: bool) -> Flow {
    let verb = if negate { "decrement" } else { "increment" };
    let name = || program.property(slot).map(|p| p.text()).unwrap_or_default();
    let current = match host.property(slot) {
        Value::Unknown => Some(0.0),
        Value::Number(n) => Some(*n),
        Value::Str(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let Some(current) = current else {
        let found = host.property(slot).type_name();
        host.report_error(&StepError::NotANumber {
            verb,
            property: name(),
            found,
        });
        return Flow::Continue;
    };
    let Value::Number(amount) = amount else {
        let found = amount.type_name();
        host.report_error(&StepError::BadAmount {
            verb,
            property: name(),
            found,
        });
        return Flow::Continue;
    };
    let next = if negate { current - amount } else { current + amount };
    host.set_property(slot, Value::Number(next))
}

fn suspend(state: &mut EnrollmentState, pc: usize, suspension: Suspension) -> Exit {
    state.pc = pc as u32;
    state.waiting = Some(suspension.clone());
    Exit::Suspended(suspension)
}

/// Calls an action; `Some(exit)` when the run stops here (retry, ended).
fn action<H: Host>(
    program: &Program,
    workflow: &WorkflowCode,
    site: &CallSite,
    state: &mut EnrollmentState,
    stack: &mut Vec<Value>,
    host: &mut H,
) -> Option<Exit> {
    let info = program.actions.get(site.action.index());
    let base = stack.len().saturating_sub(site.params.len());
    let args: Vec<(&str, Value)> = site
        .params
        .iter()
        .map(|p| info.and_then(|a| a.params.get(*p as usize)).map_or("", |n| n.as_str()))
        .zip(stack.drain(base..))
        .collect();
    let call = ActionCall {
        action: site.action,
        name: info.map_or("", |a| a.name.as_str()),
        args: &args,
        attempt: state.retry.as_ref().map_or(0, |r| r.attempts),
    };
    let result = host.call_action(&call);
    let error = match result {
        Ok(output) => {
            state.retry = None;
            bind(workflow, site, state, &output.outputs);
            if output.flow == Flow::Ended {
                return Some(Exit::Ended);
            }
            return None;
        }
        Err(error) if error.retryable => {
            let now = host.now();
            let retry = state.retry.get_or_insert_with(|| {
                Box::new(RetryState {
                    attempts: 0,
                    first_failure: now,
                })
            });
            retry.attempts += 1;
            let until = now.checked_add_signed(wake::retry_backoff(retry.attempts));
            let deadline = retry.first_failure.checked_add_signed(wake::RETRY_PERIOD);
            if let (Some(until), Some(deadline)) = (until, deadline)
                && until <= deadline
            {
                return Some(suspend(state, site.step as usize, Suspension::Retry { until }));
            }
            let attempts = retry.attempts;
            state.retry = None;
            StepError::ActionGaveUp {
                action: site.action,
                message: error.message,
                attempts,
            }
        }
        Err(error) => {
            state.retry = None;
            StepError::ActionFailed {
                action: site.action,
                message: error.message,
            }
        }
    };
    host.report_error(&error);
    bind(workflow, site, state, &Value::Unknown);
    None
}

/// Stores the outputs a `let` reads into its local slots (unknown when missing).
fn bind(workflow: &WorkflowCode, site: &CallSite, state: &mut EnrollmentState, outputs: &Value) {
    let Some(binding) = site.bind.and_then(|b| workflow.lets.get(b as usize)) else {
        return;
    };
    for field in &binding.fields {
        let value = match outputs {
            Value::Map(entries) => entries
                .iter()
                .find(|(key, _)| **key == *field.field)
                .map_or(Value::Unknown, |(_, v)| v.clone()),
            _ => Value::Unknown,
        };
        if let Some(local) = state.locals.get_mut(field.slot.index()) {
            *local = value;
        }
    }
}

/// The event wait an enrollment is suspended in.
pub(super) fn current_wait<'p>(program: &'p Program, state: &EnrollmentState) -> Option<&'p EventWait> {
    let workflow = program.workflow(state.workflow)?;
    match workflow.steps.code.get(state.pc as usize)? {
        Op::AwaitEvent { wait } => workflow.waits.get(*wait as usize),
        _ => None,
    }
}

/// Evaluates a condition chunk; see [`super::eval_condition`].
pub(super) fn eval_condition<E: Env + ?Sized>(
    program: &Program,
    workflow: WorkflowId,
    cond: CondId,
    env: &E,
    locals: &[Value],
) -> bool {
    let Some(workflow) = program.workflow(workflow) else {
        return false;
    };
    let Some(chunk) = workflow.conditions.get(cond.index()) else {
        return false;
    };
    let code = &chunk.code;
    let zone = workflow.zone;
    // Most conditions are fused tests that never push: a fresh `Vec` costs
    // nothing until the first push.
    let mut stack = Vec::new();
    let mut pc = 0usize;
    while let Some(&op) = code.get(pc) {
        pc += 1;
        if let Done::Other = expression(op, &mut pc, &mut stack, program, zone, env, locals) {
            return match op {
                Op::Return { value } => value,
                _ => false,
            };
        }
    }
    false
}
