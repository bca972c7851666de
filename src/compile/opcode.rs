//! The instruction set. A chunk is a `Vec<Op>`; operands are table indices
//! (never names), jump targets are instruction indices in the same chunk.
//! Each variant documents its stack effect as `before => after`.
//!
//! Steps leave the stack empty: every suspension point (delay, event wait,
//! window hold, retry) is at a step boundary, so an enrollment's saved state
//! needs no stack.

use serde::{Deserialize, Serialize};

use super::program::{ConstId, FieldId, LocalSlot, PropSlot, WorkflowId};

/// One instruction (16 bytes; a test pins the size).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    // ---- values
    /// Push a constant.
    /// Stack: => value
    Const { index: ConstId },
    /// Push `true` or `false`.
    /// Stack: => bool
    Bool { value: bool },
    /// Push a property of the enrolled record (or of its first associated
    /// record of a type), unknown when missing.
    /// Stack: => value
    Property { slot: PropSlot },
    /// Push a field of the triggering or awaited event.
    /// Stack: => value
    EventField { field: FieldId },
    /// Push a `let` output.
    /// Stack: => value
    Local { slot: LocalSlot },
    /// Push the current instant.
    /// Stack: => datetime
    Now,
    /// Push today's local date in the workflow's zone.
    /// Stack: => date
    Today,
    /// Discard the top value.
    /// Stack: value =>
    Pop,

    // ---- operators
    /// `not`: true unless the operand is `true`.
    /// Stack: value => bool
    Not,
    /// Prefix `-`; unknown unless a number.
    /// Stack: number => number
    Neg,
    /// `+`: numbers, string joining, `date ± duration`.
    /// Stack: lhs rhs => value
    Add,
    /// `-`: numbers, `date - duration`.
    /// Stack: lhs rhs => value
    Sub,
    /// `*`
    /// Stack: lhs rhs => number
    Mul,
    /// `/`; unknown on division by zero.
    /// Stack: lhs rhs => number
    Div,
    /// A comparison; false when either operand is unknown.
    /// Stack: lhs rhs => bool
    Compare { op: CmpOp },
    /// `is known` (`known: true`) or `is unknown`.
    /// Stack: value => bool
    IsKnown { known: bool },
    /// A function of docs/language.md 6.4 applied to `argc` arguments.
    /// Stack: arg1 … argN => value
    Call { function: Function, argc: u8 },
    /// Render a template: each part as text (unknown as empty), joined.
    /// Stack: part1 … partN => string
    Concat { count: u32 },
    /// Build a list.
    /// Stack: item1 … itemN => list
    MakeList { count: u32 },
    /// Build a map whose keys are the strings of the constant list `keys`.
    /// Stack: value1 … valueN => map
    MakeMap { keys: ConstId },

    // ---- control flow
    /// Continue at `target`.
    /// Stack: =>
    Jump { target: u32 },
    /// Pop a value; jump when it is not `true`.
    /// Stack: cond =>
    JumpIfFalse { target: u32 },
    /// Pop a value; jump when it is `true`.
    /// Stack: cond =>
    JumpIfTrue { target: u32 },
    /// Fused `prop OP const` test: jump to `target` when the comparison's
    /// result equals `when`.
    /// Stack: =>
    CompareJump {
        slot: PropSlot,
        constant: ConstId,
        target: u32,
        op: CmpOp,
        when: bool,
    },
    /// End of a condition chunk: its result.
    /// Stack: =>
    Return { value: bool },

    // ---- steps
    /// Before an action or record edit in a workflow with `window` or
    /// `blocked`: suspend until the next open instant when closed now; the
    /// step then runs again from this instruction.
    /// Stack: =>
    Hold,
    /// Call an action: the call site gives the action, the parameter of each
    /// argument and the `let` binding of its outputs.
    /// Stack: arg1 … argN =>
    Action { call: u32 },
    /// `set PATH = EXPR`
    /// Stack: value =>
    Set { slot: PropSlot },
    /// `clear PATH`
    /// Stack: =>
    Clear { slot: PropSlot },
    /// `increment PATH by N` (`negate` for `decrement`); unknown counts as 0.
    /// Stack: amount =>
    Increment { slot: PropSlot, negate: bool },
    /// `set PATH = CONST`: `Const` and `Set` in one instruction.
    /// Stack: =>
    SetConst { slot: PropSlot, constant: ConstId },
    /// `increment PATH by CONST` (`negate` for `decrement`): `Const` and
    /// `Increment` in one instruction.
    /// Stack: =>
    IncrementConst {
        slot: PropSlot,
        constant: ConstId,
        negate: bool,
    },
    /// A delay: suspend until the rule's wake instant, unless already past.
    /// Stack: =>
    Delay { rule: u32 },
    /// Wait for an event. Always followed by a `Jump` over the timeout
    /// block: an arriving event resumes at the next instruction (the jump),
    /// a timeout at the one after it (the timeout block).
    /// Stack: =>
    AwaitEvent { wait: u32 },
    /// `branch on`: jump through a jump table on the popped value.
    /// Stack: value =>
    Branch { table: u32 },
    /// `split`: jump to the arm chosen by the reproducible hash.
    /// Stack: =>
    Split { table: u32 },
    /// `enroll in workflow "NAME"`
    /// Stack: =>
    EnrollIn { workflow: WorkflowId },
    /// `stop`: end the enrollment as finished.
    /// Stack: =>
    Stop,
    /// The end of the steps: the enrollment is finished.
    /// Stack: =>
    End,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `in [..]`: the right side is a list.
    In,
    /// `not in [..]`
    NotIn,
    Contains,
    StartsWith,
    EndsWith,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
            CmpOp::Contains => "contains",
            CmpOp::StartsWith => "starts_with",
            CmpOp::EndsWith => "ends_with",
        }
    }
}

/// A function of docs/language.md 6.4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Function {
    Upper,
    Lower,
    Capitalize,
    Trim,
    Length,
    Replace,
    Round,
    Floor,
    Ceil,
    Abs,
    Min,
    Max,
    Coalesce,
    DaysBetween,
    FormatDate,
}

impl Function {
    /// Every function, for name lookup.
    pub const ALL: [Function; 15] = [
        Function::Upper,
        Function::Lower,
        Function::Capitalize,
        Function::Trim,
        Function::Length,
        Function::Replace,
        Function::Round,
        Function::Floor,
        Function::Ceil,
        Function::Abs,
        Function::Min,
        Function::Max,
        Function::Coalesce,
        Function::DaysBetween,
        Function::FormatDate,
    ];

    /// The function's name in scripts.
    pub fn name(self) -> &'static str {
        match self {
            Function::Upper => "upper",
            Function::Lower => "lower",
            Function::Capitalize => "capitalize",
            Function::Trim => "trim",
            Function::Length => "length",
            Function::Replace => "replace",
            Function::Round => "round",
            Function::Floor => "floor",
            Function::Ceil => "ceil",
            Function::Abs => "abs",
            Function::Min => "min",
            Function::Max => "max",
            Function::Coalesce => "coalesce",
            Function::DaysBetween => "days_between",
            Function::FormatDate => "format_date",
        }
    }

    /// The function with this name.
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// How many arguments it takes: `(min, max)`.
    pub fn arity(self) -> (u8, u8) {
        match self {
            Function::Upper
            | Function::Lower
            | Function::Capitalize
            | Function::Trim
            | Function::Length
            | Function::Floor
            | Function::Ceil
            | Function::Abs => (1, 1),
            Function::Round => (1, 2),
            Function::Min | Function::Max | Function::Coalesce | Function::DaysBetween | Function::FormatDate => (2, 2),
            Function::Replace => (3, 3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Op>(), 16);
    }

    #[test]
    fn function_names_round_trip() {
        for function in Function::ALL {
            assert_eq!(Function::from_name(function.name()), Some(function));
        }
        assert_eq!(Function::from_name("uppercase"), None);
    }
}
