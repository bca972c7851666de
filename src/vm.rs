//! The interpreter: runs one enrollment until it suspends or ends. (Issue 5.)
