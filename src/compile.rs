//! AST -> bytecode. (Issue 4.)
