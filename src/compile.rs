//! AST -> bytecode: the program model ([`program`]), the instruction set
//! ([`opcode`]), the compiler ([`compile_files`]), the `.wfc` container
//! ([`wfc`]), the verifier ([`verify()`]) and the disassembler ([`disasm`]).
//!
//! The compiler expects a project the checker accepted; what the checker
//! would reject and still reaches the compiler becomes an [`Unchecked`]
//! error rather than a wrong program. Placeholders (`?`) are its own error:
//! `check` only warns about them, `compile` refuses them.
//!
//! [`Unchecked`]: CompileError::Unchecked

mod chunk;
pub mod disasm;
mod emit;
mod expr;
pub mod opcode;
pub mod program;
pub mod verify;
pub mod wfc;

/// The driver's [`crate::compile_project`], at its 0.1 path.
pub use crate::compile_project;
pub use emit::compile_files;
pub use opcode::{CmpOp, Function, Op};
pub use program::Program;
pub use verify::{VerifyError, verify};

use crate::source::FileId;
use crate::syntax::span::Span;

/// A compile error: data, rendered by `diagnostics/compile.rs`.
#[derive(Clone, Debug, PartialEq)]
pub enum CompileError {
    /// `send_email(?)`: a placeholder argument.
    Placeholder {
        file: FileId,
        span: Span,
        action: String,
        param: String,
    },
    /// Something `wf check` reports, reached without checking first.
    Unchecked { file: FileId, span: Span, problem: Problem },
    /// `later: set x = t.id` reached by a `goto` that skips `let t = …`.
    OutputMaybeUnset { file: FileId, span: Span, output: String },
    /// The compiled workflow failed verification (a compiler defect).
    Invalid {
        file: FileId,
        span: Span,
        workflow: String,
        error: VerifyError,
    },
}

/// What an [`CompileError::Unchecked`] found.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// `send_emial(…)`
    UnknownAction(String),
    /// `send_email(subject: "x")`
    UnknownParam { action: String, param: String },
    /// `send_email("a", "b")`
    TooManyArgs { action: String },
    /// `enroll in workflow "Nope"`
    UnknownWorkflow(String),
    /// `goto nowhere`
    UnknownLabel(String),
    /// `uppercase(x)`
    UnknownFunction(String),
    /// `round(1, 2, 3)`
    BadArity { function: String, min: u8, max: u8 },
    /// `set now = 1`, `delay until event.at`
    NotAProperty(String),
    /// `event.form` outside an event trigger's or wait's `where`
    EventOutsideContext(String),
    /// `timezone "Mars/Olympus"`
    UnknownZone(String),
    /// A time, date, weekday, percent or number out of range.
    BadLiteral(String),
    /// A workflow without `object`.
    MissingObject,
}

impl CompileError {
    /// The file and span the error points at.
    pub fn location(&self) -> (FileId, Span) {
        match self {
            CompileError::Placeholder { file, span, .. }
            | CompileError::Unchecked { file, span, .. }
            | CompileError::OutputMaybeUnset { file, span, .. }
            | CompileError::Invalid { file, span, .. } => (*file, *span),
        }
    }
}
