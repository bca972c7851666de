//! Checker errors and warnings -> diagnostics, and their codes' explanations.

use super::CodeInfo;

/// The checker's codes (E01xx–E04xx, W00xx).
pub const CODES: &[CodeInfo] = &[];
