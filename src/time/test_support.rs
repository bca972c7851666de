//! Helpers for the time tests: literal instants, dates and times.

use chrono::{DateTime, NaiveDate, Utc};

use super::LocalTime;

/// An instant from RFC 3339 text; an unparsable literal is a test bug and fails loudly.
pub(crate) fn utc(text: &str) -> DateTime<Utc> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t.to_utc(),
        Err(error) => panic!("bad instant literal {text:?}: {error}"),
    }
}

/// A calendar date; an invalid one is a test bug.
pub(crate) fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("bad date literal {year}-{month}-{day}"),
    }
}

/// A local time of day; an invalid one is a test bug.
pub(crate) fn at(hour: u8, minute: u8) -> LocalTime {
    match LocalTime::new(hour, minute) {
        Some(time) => time,
        None => panic!("bad time literal {hour}:{minute}"),
    }
}
