//! Every calendar rule of LANGUAGE.md 5.3, windows, blocked dates and schedules, with DST.
