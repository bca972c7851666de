//! Agenda, triggers, goals, records, events, handler, history. (Issue 5.)
