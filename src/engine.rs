//! Agenda, triggers, goals, records, events, handler, history. (Issue 5.)

pub mod history;
pub mod input;
pub mod records;
