//! Verifier tests: one hand-built bad program per rule.
