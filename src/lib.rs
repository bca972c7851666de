//! `wf`: a textual language for CRM workflow automation — parse, check,
//! compile to verified bytecode, and simulate workflows over records.

pub mod catalog;
pub mod check;
pub mod compile;
pub mod diagnostics;
pub mod engine;
pub mod syntax;
pub mod time;
pub mod vm;
