//! Syntax errors -> diagnostics, and the syntax codes' explanations.

use super::CodeInfo;

/// The syntax error codes (E00xx).
pub const CODES: &[CodeInfo] = &[];
