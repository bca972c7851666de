//! The verifier: a loaded program runs only after this accepts it. It checks
//! every table index and jump target, that control flow is acyclic and never
//! runs off the end of a chunk, that the stack depth is bounded, never goes
//! below zero, is equal where paths join and is zero at every step
//! instruction, that `let` outputs are read only where every path has
//! written them, and that constants have the types their instructions need.
//!
//! It costs time linear in the code size (times the number of locals / 64),
//! uses no recursion, and never panics on any input.

use std::fmt;

use super::opcode::{CmpOp, Op};
use super::program::*;
use crate::value::Value;

/// The deepest stack a chunk may need. A chunk's depth never exceeds the
/// tokens of the file it comes from (a list or template of N items pushes N
/// values), and a file is at most 16 MB (`syntax::MAX_FILE_MB`), so every
/// program `check` accepts stays below it; it still bounds a tampered `.wfc`.
pub const MAX_STACK: u32 = 1 << 24;
/// The most locals a workflow may have.
pub const MAX_LOCALS: usize = 1 << 16;
/// The most instructions times 64-local words the flow analysis tracks
/// (32 MiB of state), so a hostile file cannot make it allocate more.
const MAX_FLOW_WORDS: usize = 1 << 22;

/// Why a program was rejected: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The workflow's name (empty for program-wide problems).
    pub workflow: String,
    /// The chunk: `None` for the workflow's settings and tables.
    pub chunk: Option<ChunkRef>,
    /// The instruction, when the problem is at one.
    pub pc: Option<u32>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// A workflow's steps or one of its conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChunkRef {
    Steps,
    Condition(u32),
}

/// What the verifier found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// An operand indexes past the end of its table.
    OutOfRange {
        table: &'static str,
        index: u64,
        len: usize,
    },
    /// A chunk whose position table does not match its code.
    Positions { code: usize, positions: usize },
    /// A chunk with no instructions.
    EmptyChunk,
    /// Execution can run past the last instruction.
    FallsOffEnd,
    /// A jump that can lead back to itself.
    Cycle { target: u32 },
    /// An instruction pops more values than the stack holds.
    StackUnderflow { depth: u32, pops: u32 },
    /// Two paths reach an instruction with different stack depths.
    StackMismatch { first: u32, second: u32 },
    /// A step instruction reached with values left on the stack.
    StackNotEmpty { depth: u32 },
    /// The stack can grow past [`MAX_STACK`].
    StackTooDeep,
    /// A `let` output read where some path has not written it.
    LocalUnset { slot: u32 },
    /// A constant of the wrong type for its instruction.
    ConstantType { index: u32, expected: &'static str },
    /// An instruction that does not belong in this kind of chunk.
    Misplaced { op: &'static str },
    /// A wrong argument count for a function.
    Arity { function: &'static str, argc: u8 },
    /// An event wait not followed by its jump over the timeout block.
    EventWaitShape,
    /// A retry restart that does not lead straight to its action.
    CallStep { step: u32 },
    /// A setting or table entry with an impossible value.
    BadValue(String),
}

impl VerifyError {
    /// The workflow the error is in.
    pub fn workflow(&self) -> &str {
        &self.workflow
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.workflow.is_empty() {
            write!(f, "workflow `{}`", self.workflow)?;
            match self.chunk {
                Some(ChunkRef::Steps) => f.write_str(", steps")?,
                Some(ChunkRef::Condition(i)) => write!(f, ", condition {i}")?,
                None => {}
            }
            if let Some(pc) = self.pc {
                write!(f, " at {pc:04}")?;
            }
            f.write_str(": ")?;
        }
        match &self.kind {
            ErrorKind::OutOfRange { table, index, len } => {
                write!(f, "{table} {index} is out of range (the table has {len})")
            }
            ErrorKind::Positions { code, positions } => {
                write!(f, "{positions} source positions for {code} instructions")
            }
            ErrorKind::EmptyChunk => f.write_str("a chunk without instructions"),
            ErrorKind::FallsOffEnd => f.write_str("execution runs past the last instruction"),
            ErrorKind::Cycle { target } => write!(f, "the jump to {target:04} makes a loop"),
            ErrorKind::StackUnderflow { depth, pops } => {
                write!(f, "pops {pops} values from a stack of {depth}")
            }
            ErrorKind::StackMismatch { first, second } => {
                write!(f, "paths join with stack depths {first} and {second}")
            }
            ErrorKind::StackNotEmpty { depth } => write!(f, "a step starts with {depth} values on the stack"),
            ErrorKind::StackTooDeep => write!(f, "the stack grows past {MAX_STACK} values"),
            ErrorKind::LocalUnset { slot } => write!(f, "local {slot} is read before every path writes it"),
            ErrorKind::ConstantType { index, expected } => write!(f, "constant {index} is not {expected}"),
            ErrorKind::Misplaced { op } => write!(f, "`{op}` does not belong in this chunk"),
            ErrorKind::Arity { function, argc } => write!(f, "`{function}` called with {argc} arguments"),
            ErrorKind::EventWaitShape => f.write_str("an event wait is not followed by its jump"),
            ErrorKind::CallStep { step } => write!(f, "the retry start {step:04} does not lead to its action"),
            ErrorKind::BadValue(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Checks a whole program.
pub fn verify(program: &Program) -> Result<(), VerifyError> {
    for workflow in &program.workflows {
        Workflow {
            program,
            code: workflow,
        }
        .verify()?;
    }
    Ok(())
}

/// A set of local slots, one bit each. The first 64 are inline, so that
/// copying the set from instruction to instruction rarely allocates.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bits {
    /// The number of 64-bit words the set holds (0 without locals).
    words: usize,
    low: u64,
    rest: Vec<u64>,
}

impl Bits {
    fn new(len: usize) -> Bits {
        let words = len.div_ceil(64);
        Bits {
            words,
            low: 0,
            rest: vec![0; words.saturating_sub(1)],
        }
    }
    fn word(&self, i: usize) -> Option<&u64> {
        match i / 64 {
            w if w >= self.words => None,
            0 => Some(&self.low),
            w => self.rest.get(w - 1),
        }
    }
    fn has(&self, i: usize) -> bool {
        self.word(i).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    fn set(&mut self, i: usize) {
        let word = match i / 64 {
            w if w >= self.words => None,
            0 => Some(&mut self.low),
            w => self.rest.get_mut(w - 1),
        };
        if let Some(w) = word {
            *w |= 1 << (i % 64);
        }
    }
    fn intersect(&mut self, other: &Bits) {
        self.low &= other.low;
        for (a, b) in self.rest.iter_mut().zip(&other.rest) {
            *a &= b;
        }
    }
}

/// The successors of every instruction of a chunk, in one flat list.
struct Successors {
    /// `targets[starts[pc]..starts[pc + 1]]` are the successors of `pc`.
    starts: Vec<u32>,
    targets: Vec<u32>,
}

impl Successors {
    fn of(&self, pc: usize) -> &[u32] {
        let start = self.starts.get(pc).map_or(0, |&s| s as usize);
        let end = self.starts.get(pc + 1).map_or(start, |&e| e as usize);
        self.targets.get(start..end).unwrap_or_default()
    }
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }
}

struct Workflow<'a> {
    program: &'a Program,
    code: &'a WorkflowCode,
}

/// Stack effect and successors of one instruction.
struct Shape {
    pops: u32,
    pushes: u32,
    /// A step instruction: the stack must hold exactly `pops` values.
    step: bool,
    next: Flow,
}

enum Flow {
    /// Falls through to the next instruction.
    Next,
    /// Ends the chunk.
    End,
    /// Jumps to `target` (after the fall-through, when `fall` is set).
    Jump { fall: bool, target: u32 },
    /// Jumps to exactly these (after the fall-through, when `fall` is set).
    Jumps { fall: bool, targets: Vec<u32> },
}

impl Workflow<'_> {
    fn fail(&self, chunk: Option<ChunkRef>, pc: Option<u32>, kind: ErrorKind) -> VerifyError {
        VerifyError {
            workflow: self.code.name.clone(),
            chunk,
            pc,
            kind,
        }
    }

    fn range(&self, table: &'static str, index: u64, len: usize) -> Result<(), ErrorKind> {
        if index < len as u64 {
            Ok(())
        } else {
            Err(ErrorKind::OutOfRange { table, index, len })
        }
    }

    fn verify(&self) -> Result<(), VerifyError> {
        self.settings().map_err(|kind| self.fail(None, None, kind))?;
        let locals = self.code.locals.len();
        let waits = self.chunk(&self.code.steps, ChunkRef::Steps, Bits::new(locals))?;
        // A condition may read the locals that every wait using it has written.
        let mut entry: Vec<Option<Bits>> = vec![None; self.code.conditions.len()];
        for (wait, written) in waits {
            let cond = self.code.waits.get(wait as usize).and_then(|w| w.filter);
            match cond.and_then(|cond| entry.get_mut(cond.index())) {
                Some(Some(bits)) => bits.intersect(&written),
                Some(slot) => *slot = Some(written),
                None => {}
            }
        }
        let used_by_settings: Vec<CondId> = self
            .code
            .triggers
            .iter()
            .filter_map(|t| match t {
                Trigger::Filter { cond } => Some(*cond),
                Trigger::Event { cond, .. } | Trigger::Schedule { cond, .. } => *cond,
                Trigger::Manual => None,
            })
            .chain(self.code.goal)
            .chain(self.code.unenroll)
            .collect();
        for cond in used_by_settings {
            if let Some(slot) = entry.get_mut(cond.index()) {
                *slot = Some(Bits::new(locals));
            }
        }
        for (i, chunk) in self.code.conditions.iter().enumerate() {
            let written = entry
                .get_mut(i)
                .and_then(Option::take)
                .unwrap_or_else(|| Bits::new(locals));
            self.chunk(chunk, ChunkRef::Condition(i as u32), written)?;
        }
        Ok(())
    }

    /// The shape of one instruction, with its operands checked.
    fn shape(&self, op: &Op, kind: ChunkRef) -> Result<Shape, ErrorKind> {
        let p = self.program;
        let c = self.code;
        let value = |pops, pushes| Shape {
            pops,
            pushes,
            step: false,
            next: Flow::Next,
        };
        let step = |pops, next| Shape {
            pops,
            pushes: 0,
            step: true,
            next,
        };
        let in_steps = |op: &'static str| match kind {
            ChunkRef::Steps => Ok(()),
            ChunkRef::Condition(_) => Err(ErrorKind::Misplaced { op }),
        };
        Ok(match *op {
            Op::Const { index } => {
                self.range("constant", index.0.into(), p.constants.len())?;
                value(0, 1)
            }
            Op::Bool { .. } | Op::Now | Op::Today => value(0, 1),
            Op::Property { slot } => {
                self.range("property", slot.0.into(), p.properties.len())?;
                value(0, 1)
            }
            Op::EventField { field } => {
                self.range("event field", field.0.into(), p.event_fields.len())?;
                value(0, 1)
            }
            Op::Local { slot } => {
                self.range("local", slot.0.into(), c.locals.len())?;
                value(0, 1)
            }
            Op::Pop => value(1, 0),
            Op::Not | Op::Neg | Op::IsKnown { .. } => value(1, 1),
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Compare { .. } => value(2, 1),
            Op::Call { function, argc } => {
                let (min, max) = function.arity();
                if argc < min || argc > max {
                    return Err(ErrorKind::Arity {
                        function: function.name(),
                        argc,
                    });
                }
                value(argc.into(), 1)
            }
            Op::Concat { count } | Op::MakeList { count } => value(count, 1),
            Op::MakeMap { keys } => match p.constants.get(keys.index()) {
                Some(Value::List(items)) if items.iter().all(|k| matches!(k, Value::Str(_))) => {
                    value(u32::try_from(items.len()).unwrap_or(u32::MAX), 1)
                }
                _ => {
                    return Err(ErrorKind::ConstantType {
                        index: keys.0,
                        expected: "a list of strings",
                    });
                }
            },
            Op::Jump { target } => Shape {
                next: Flow::Jump { fall: false, target },
                ..value(0, 0)
            },
            Op::JumpIfFalse { target } | Op::JumpIfTrue { target } => Shape {
                next: Flow::Jump { fall: true, target },
                ..value(1, 0)
            },
            Op::CompareJump {
                slot,
                constant,
                target,
                op,
                ..
            } => {
                self.range("property", slot.0.into(), p.properties.len())?;
                self.range("constant", constant.0.into(), p.constants.len())?;
                let list = matches!(p.constants.get(constant.index()), Some(Value::List(_)));
                if matches!(op, CmpOp::In | CmpOp::NotIn) && !list {
                    return Err(ErrorKind::ConstantType {
                        index: constant.0,
                        expected: "a list",
                    });
                }
                Shape {
                    next: Flow::Jump { fall: true, target },
                    ..value(0, 0)
                }
            }
            Op::Return { .. } => match kind {
                ChunkRef::Condition(_) => step(0, Flow::End),
                ChunkRef::Steps => return Err(ErrorKind::Misplaced { op: "Return" }),
            },
            Op::Hold => {
                in_steps("Hold")?;
                step(0, Flow::Next)
            }
            Op::Action { call } => {
                in_steps("Action")?;
                self.range("call site", call.into(), c.calls.len())?;
                let args = c.calls.get(call as usize).map_or(0, |s| s.params.len());
                step(u32::try_from(args).unwrap_or(u32::MAX), Flow::Next)
            }
            Op::Set { slot } | Op::Increment { slot, .. } => {
                in_steps(if matches!(op, Op::Set { .. }) {
                    "Set"
                } else {
                    "Increment"
                })?;
                self.range("property", slot.0.into(), p.properties.len())?;
                step(1, Flow::Next)
            }
            Op::SetConst { slot, constant } | Op::IncrementConst { slot, constant, .. } => {
                in_steps(if matches!(op, Op::SetConst { .. }) {
                    "SetConst"
                } else {
                    "IncrementConst"
                })?;
                self.range("property", slot.0.into(), p.properties.len())?;
                self.range("constant", constant.0.into(), p.constants.len())?;
                step(0, Flow::Next)
            }
            Op::Clear { slot } => {
                in_steps("Clear")?;
                self.range("property", slot.0.into(), p.properties.len())?;
                step(0, Flow::Next)
            }
            Op::Delay { rule } => {
                in_steps("Delay")?;
                self.range("delay rule", rule.into(), c.delays.len())?;
                step(0, Flow::Next)
            }
            Op::AwaitEvent { wait } => {
                in_steps("AwaitEvent")?;
                self.range("event wait", wait.into(), c.waits.len())?;
                // Both the jump (event) and the timeout block follow.
                step(0, Flow::Next)
            }
            Op::Branch { table } => {
                in_steps("Branch")?;
                self.range("branch table", table.into(), c.branches.len())?;
                let table = c.branches.get(table as usize);
                let targets = table
                    .map(|t| t.cases.iter().map(|c| c.target).chain([t.default]).collect())
                    .unwrap_or_default();
                step(1, Flow::Jumps { fall: false, targets })
            }
            Op::Split { table } => {
                in_steps("Split")?;
                self.range("split table", table.into(), c.splits.len())?;
                let targets = c
                    .splits
                    .get(table as usize)
                    .map(|t| t.arms.iter().map(|a| a.target).collect())
                    .unwrap_or_default();
                step(0, Flow::Jumps { fall: false, targets })
            }
            Op::EnrollIn { workflow } => {
                in_steps("EnrollIn")?;
                self.range("workflow", workflow.0.into(), p.workflows.len())?;
                step(0, Flow::Next)
            }
            Op::Stop | Op::End => {
                in_steps(if matches!(op, Op::Stop) { "Stop" } else { "End" })?;
                step(0, Flow::End)
            }
        })
    }

    /// Checks one chunk; for the steps, returns the locals written at each
    /// event wait (by wait index).
    fn chunk(&self, chunk: &Chunk, kind: ChunkRef, entry: Bits) -> Result<Vec<(u32, Bits)>, VerifyError> {
        let fail = |pc: Option<usize>, error| self.fail(Some(kind), pc.map(|pc| pc as u32), error);
        let code = &chunk.code;
        if code.len() != chunk.positions.len() {
            let (code, positions) = (code.len(), chunk.positions.len());
            return Err(fail(None, ErrorKind::Positions { code, positions }));
        }
        if code.is_empty() {
            return Err(fail(None, ErrorKind::EmptyChunk));
        }
        let len = code.len();
        if len.saturating_mul(entry.words.max(1)) > MAX_FLOW_WORDS {
            let what = format!("{len} instructions with {} locals is too large", self.code.locals.len());
            return Err(fail(None, ErrorKind::BadValue(what)));
        }
        // Shapes and successor lists, every operand checked.
        let mut shapes = Vec::with_capacity(len);
        let mut successors = Successors {
            starts: Vec::with_capacity(len + 1),
            targets: Vec::with_capacity(len + len / 2),
        };
        successors.starts.push(0);
        for (pc, op) in code.iter().enumerate() {
            let shape = self.shape(op, kind).map_err(|e| fail(Some(pc), e))?;
            let first = successors.targets.len();
            let next = &mut successors.targets;
            match &shape.next {
                Flow::Next => next.push(pc as u32 + 1),
                Flow::End => {}
                Flow::Jump { fall, target } => {
                    if *fall {
                        next.push(pc as u32 + 1);
                    }
                    next.push(*target);
                }
                Flow::Jumps { fall, targets } => {
                    if *fall {
                        next.push(pc as u32 + 1);
                    }
                    next.extend(targets);
                }
            }
            if let Op::AwaitEvent { .. } = op {
                if !matches!(code.get(pc + 1), Some(Op::Jump { .. })) {
                    return Err(fail(Some(pc), ErrorKind::EventWaitShape));
                }
                next.push(pc as u32 + 2);
            }
            for target in next.get(first..).unwrap_or_default() {
                if *target as usize >= len {
                    let error = if *target as usize == len {
                        ErrorKind::FallsOffEnd
                    } else {
                        ErrorKind::OutOfRange {
                            table: "instruction",
                            index: (*target).into(),
                            len,
                        }
                    };
                    return Err(fail(Some(pc), error));
                }
            }
            shapes.push(shape);
            successors.starts.push(successors.targets.len() as u32);
        }
        let order =
            topological_order(&successors).map_err(|(pc, target)| fail(Some(pc), ErrorKind::Cycle { target }))?;

        let mut states: Vec<Option<(u32, Bits)>> = vec![None; len];
        states[0] = Some((0, entry));
        let mut waits = Vec::new();
        for pc in order {
            let Some((depth, written)) = states[pc].clone() else {
                continue;
            };
            let shape = &shapes[pc];
            let op = &code[pc];
            if shape.pops > depth {
                let pops = shape.pops;
                return Err(fail(Some(pc), ErrorKind::StackUnderflow { depth, pops }));
            }
            if shape.step && depth != shape.pops {
                let depth = depth - shape.pops;
                return Err(fail(Some(pc), ErrorKind::StackNotEmpty { depth }));
            }
            let mut out = written;
            match *op {
                Op::Local { slot } if !out.has(slot.index()) => {
                    return Err(fail(Some(pc), ErrorKind::LocalUnset { slot: slot.0 }));
                }
                Op::Action { call } => {
                    let site = self.code.calls.get(call as usize);
                    if let Some(site) = site {
                        self.call_step(code, &states, site.step as usize, pc)
                            .map_err(|e| fail(Some(pc), e))?;
                    }
                    let bind = site.and_then(|s| s.bind).and_then(|b| self.code.lets.get(b as usize));
                    for field in bind.iter().flat_map(|b| &b.fields) {
                        out.set(field.slot.index());
                    }
                }
                Op::AwaitEvent { wait } => waits.push((wait, out.clone())),
                _ => {}
            }
            let depth = depth - shape.pops + shape.pushes;
            if depth > MAX_STACK {
                return Err(fail(Some(pc), ErrorKind::StackTooDeep));
            }
            for target in successors.of(pc) {
                match &mut states[*target as usize] {
                    slot @ None => *slot = Some((depth, out.clone())),
                    Some((first, bits)) => {
                        if *first != depth {
                            let (first, second) = (*first, depth);
                            return Err(fail(Some(*target as usize), ErrorKind::StackMismatch { first, second }));
                        }
                        bits.intersect(&out);
                    }
                }
            }
        }
        Ok(waits)
    }

    /// A retry or window hold runs an action's step again from `step`: that
    /// must start with an empty stack and reach the action through pure
    /// value code (or `Hold`) whose jumps stay inside.
    fn call_step(
        &self,
        code: &[Op],
        states: &[Option<(u32, Bits)>],
        step: usize,
        action: usize,
    ) -> Result<(), ErrorKind> {
        let bad = ErrorKind::CallStep { step: step as u32 };
        if step > action || !matches!(states.get(step), Some(Some((0, _)))) {
            return Err(bad);
        }
        for op in code.get(step..action).unwrap_or_default() {
            let target = match *op {
                Op::Jump { target } | Op::JumpIfFalse { target } | Op::JumpIfTrue { target } => Some(target),
                Op::CompareJump { target, .. } => Some(target),
                _ => None,
            };
            let pure = !matches!(
                op,
                Op::Action { .. }
                    | Op::Set { .. }
                    | Op::Clear { .. }
                    | Op::Increment { .. }
                    | Op::SetConst { .. }
                    | Op::IncrementConst { .. }
                    | Op::Delay { .. }
                    | Op::AwaitEvent { .. }
                    | Op::Branch { .. }
                    | Op::Split { .. }
                    | Op::EnrollIn { .. }
                    | Op::Stop
                    | Op::End
                    | Op::Return { .. }
            );
            if !pure || target.is_some_and(|t| (t as usize) <= step || (t as usize) > action) {
                return Err(bad);
            }
        }
        Ok(())
    }
}

/// The instructions reachable from 0 in an order where every instruction
/// comes after all its reachable predecessors; `Err((pc, target))` for a
/// jump that closes a loop. Iterative, so deep code cannot overflow.
fn topological_order(successors: &Successors) -> Result<Vec<usize>, (usize, u32)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; successors.len()];
    let mut post = Vec::with_capacity(successors.len());
    // (instruction, index of the next successor to visit)
    let mut stack: Vec<(usize, usize)> = vec![(0, 0)];
    marks[0] = Mark::Open;
    while let Some(top) = stack.last_mut() {
        let (pc, next) = *top;
        match successors.of(pc).get(next) {
            Some(&target) => {
                top.1 += 1;
                let t = target as usize;
                match marks[t] {
                    Mark::New => {
                        marks[t] = Mark::Open;
                        stack.push((t, 0));
                    }
                    Mark::Open => return Err((pc, target)),
                    Mark::Done => {}
                }
            }
            None => {
                marks[pc] = Mark::Done;
                post.push(pc);
                stack.pop();
            }
        }
    }
    post.reverse();
    Ok(post)
}

mod settings;
#[cfg(test)]
mod tests;
