//! AST -> bytecode: the program model ([`program`]), the instruction set
//! ([`opcode`]), the compiler ([`emit`]), the `.wfc` container ([`wfc`]), the
//! verifier ([`verify`]) and the disassembler ([`disasm`]).

pub mod opcode;
pub mod program;

pub use opcode::{CmpOp, Function, Op};
pub use program::Program;
