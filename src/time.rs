//! Every calendar rule of docs/language.md 5.3, windows, blocked dates and schedules, with DST.
//!
//! All functions are pure, take instants as `DateTime<Utc>` and a zone `Tz`, and
//! never panic: arithmetic that leaves chrono's range saturates to [`latest`] or
//! [`earliest`]. Two rules resolve a local date and time to an instant
//! ([`local_instant`]): a time in a daylight-saving gap moves forward by the
//! length of the gap, and a time that occurs twice takes the earlier instant.

mod delay;
mod schedule;
#[cfg(test)]
mod test_support;
mod window;

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::{GapInfo, Tz};
use serde::{Deserialize, Serialize};

pub use delay::{
    add_duration, date_at, next_time_of_day, next_weekday_at, next_weekday_start, property_wake, property_wake_offset,
};
pub use schedule::{Schedule, next_schedule_instant};
pub use window::{Window, is_open, next_open_instant};

/// A set of weekdays: bit 0 is Monday … bit 6 is Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct WeekdaySet(pub u8);

impl WeekdaySet {
    /// No day.
    pub const EMPTY: WeekdaySet = WeekdaySet(0);
    /// Monday.
    pub const MONDAY: WeekdaySet = WeekdaySet(1);
    /// Tuesday.
    pub const TUESDAY: WeekdaySet = WeekdaySet(1 << 1);
    /// Wednesday.
    pub const WEDNESDAY: WeekdaySet = WeekdaySet(1 << 2);
    /// Thursday.
    pub const THURSDAY: WeekdaySet = WeekdaySet(1 << 3);
    /// Friday.
    pub const FRIDAY: WeekdaySet = WeekdaySet(1 << 4);
    /// Saturday.
    pub const SATURDAY: WeekdaySet = WeekdaySet(1 << 5);
    /// Sunday.
    pub const SUNDAY: WeekdaySet = WeekdaySet(1 << 6);
    /// Monday to Friday (the word `weekday`).
    pub const WEEKDAYS: WeekdaySet = WeekdaySet(0b001_1111);
    /// Every day (the word `day` in `window` and schedules).
    pub const ALL: WeekdaySet = WeekdaySet(0b111_1111);

    const NAMES: [&'static str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];

    /// The set holding only `day`.
    pub fn of(day: Weekday) -> WeekdaySet {
        WeekdaySet(1 << day.num_days_from_monday())
    }

    /// Whether `day` is in the set.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & WeekdaySet::of(day).0 != 0
    }

    /// Both sets' days.
    pub fn union(self, other: WeekdaySet) -> WeekdaySet {
        WeekdaySet((self.0 | other.0) & WeekdaySet::ALL.0)
    }

    /// Whether the set holds no day.
    pub fn is_empty(self) -> bool {
        self.0 & WeekdaySet::ALL.0 == 0
    }

    /// `monday` … `sunday` and `weekday` (Monday–Friday), lowercase as in scripts.
    /// The word `day` (every day) is contextual and left to callers ([`WeekdaySet::ALL`]).
    pub fn from_word(word: &str) -> Option<WeekdaySet> {
        if word == "weekday" {
            return Some(WeekdaySet::WEEKDAYS);
        }
        WeekdaySet::NAMES
            .iter()
            .position(|name| *name == word)
            .map(|bit| WeekdaySet(1 << bit))
    }

    /// Every word [`WeekdaySet::from_word`] accepts, for did-you-mean.
    pub fn words() -> impl Iterator<Item = &'static str> {
        WeekdaySet::NAMES.into_iter().chain(["weekday"])
    }

    /// The days in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        DAYS.into_iter().filter(move |day| self.contains(*day))
    }
}

impl std::ops::BitOr for WeekdaySet {
    type Output = WeekdaySet;

    /// Same as [`WeekdaySet::union`].
    fn bitor(self, other: WeekdaySet) -> WeekdaySet {
        self.union(other)
    }
}

impl fmt::Display for WeekdaySet {
    /// Script syntax: `weekday`, `day`, or `monday, wednesday`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mask = self.0 & WeekdaySet::ALL.0;
        if mask == WeekdaySet::ALL.0 {
            return f.write_str("day");
        }
        let mut words: Vec<&str> = Vec::new();
        let mut rest = mask;
        if rest & WeekdaySet::WEEKDAYS.0 == WeekdaySet::WEEKDAYS.0 {
            words.push("weekday");
            rest &= !WeekdaySet::WEEKDAYS.0;
        }
        words.extend(
            WeekdaySet::NAMES
                .iter()
                .enumerate()
                .filter(|(bit, _)| rest & (1 << bit) != 0)
                .map(|(_, n)| *n),
        );
        f.write_str(&words.join(", "))
    }
}

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A local time of day, minute precision (`09:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct LocalTime {
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
}

impl LocalTime {
    /// 00:00.
    pub const MIDNIGHT: LocalTime = LocalTime { hour: 0, minute: 0 };

    /// The time `hour:minute`, or `None` when out of range.
    pub fn new(hour: u8, minute: u8) -> Option<LocalTime> {
        (hour <= 23 && minute <= 59).then_some(LocalTime { hour, minute })
    }

    /// As a chrono time; out-of-range fields (only constructible by hand) clamp to 23:59.
    pub fn to_naive(self) -> NaiveTime {
        NaiveTime::from_hms_opt(self.hour.min(23).into(), self.minute.min(59).into(), 0).unwrap_or(NaiveTime::MIN)
    }
}

impl fmt::Display for LocalTime {
    /// `HH:MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// The value of a date or date-time property, as `delay until PATH` and `days_between` read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PropertyInstant {
    /// A date property: a local date in the workflow's zone.
    Date(NaiveDate),
    /// A date-time property: an instant.
    DateTime(DateTime<Utc>),
}

/// The latest instant these functions return (chrono's maximum less two days, so
/// that it still has a local time in every zone).
pub fn latest() -> DateTime<Utc> {
    DateTime::<Utc>::MAX_UTC
        .checked_sub_signed(TimeDelta::days(2))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The earliest instant these functions return (chrono's minimum plus two days).
pub fn earliest() -> DateTime<Utc> {
    DateTime::<Utc>::MIN_UTC
        .checked_add_signed(TimeDelta::days(2))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Clamps an instant into [`earliest`]..=[`latest`].
fn clamp(t: DateTime<Utc>) -> DateTime<Utc> {
    t.clamp(earliest(), latest())
}

/// The local date and time of instant `t` in `tz` (never panics, unlike chrono's `naive_local`).
pub fn local_datetime(t: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    let utc = clamp(t).naive_utc();
    let offset = tz.offset_from_utc_datetime(&utc).fix();
    utc.checked_add_offset(offset).unwrap_or(utc)
}

/// The local date of instant `t` in `tz` (`today` in docs/language.md 6.2).
pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    local_datetime(t, tz).date()
}

/// The instant of local `date` and `time` in `tz`. A time in a daylight-saving gap
/// moves forward by the gap's length (02:30 on Stockholm's spring-forward night is
/// 03:30 CEST); a time that occurs twice takes the earlier instant. Never panics.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    if let Some(first) = tz.from_local_datetime(&local).earliest() {
        return clamp(first.to_utc());
    }
    // In a gap: read the local time with the offset in force just before the gap;
    // that instant lies after the transition, `gap` later on the new wall clock.
    let moved = GapInfo::new(&local, &tz).and_then(|gap| match gap.begin {
        Some((_, before)) => local.checked_sub_offset(before.fix()).map(|utc| utc.and_utc()),
        None => gap.end.map(|end| end.to_utc()),
    });
    // Outside chrono's range there is no gap: saturate by reading the time as UTC.
    clamp(moved.unwrap_or_else(|| local.and_utc()))
}

/// [`local_instant`] with a [`LocalTime`].
pub(crate) fn local_instant_at(tz: Tz, date: NaiveDate, time: LocalTime) -> DateTime<Utc> {
    local_instant(tz, date, time.to_naive())
}

/// Every instant whose local time in `tz` is `date` `time`: one, two in an overlap,
/// none in a gap.
pub(crate) fn all_local_instants(tz: Tz, date: NaiveDate, time: NaiveTime) -> Vec<DateTime<Utc>> {
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => vec![t.to_utc()],
        chrono::LocalResult::Ambiguous(a, b) => vec![a.to_utc(), b.to_utc()],
        chrono::LocalResult::None => Vec::new(),
    }
}

/// `date` plus `days` calendar days, saturating at chrono's date range.
pub(crate) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let moved = TimeDelta::try_days(days).and_then(|delta| date.checked_add_signed(delta));
    moved.unwrap_or(if days < 0 {
        local_date(earliest(), Tz::UTC)
    } else {
        local_date(latest(), Tz::UTC)
    })
}

/// `t` plus `minutes` elapsed minutes, saturating.
pub(crate) fn add_minutes(t: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    let moved = TimeDelta::try_minutes(minutes).and_then(|delta| t.checked_add_signed(delta));
    clamp(moved.unwrap_or(if minutes < 0 { earliest() } else { latest() }))
}

/// The time zone named `name` (IANA, case-sensitive: `Europe/Stockholm`, `UTC`).
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.parse().ok()
}

/// Every IANA zone name, for did-you-mean.
pub fn tz_names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
}

/// Whole local days from `a` to `b` in `tz` (negative when `b` is earlier): the
/// difference of their local calendar dates, so 23:00 to 01:00 the next day is 1.
pub fn days_between(tz: Tz, a: PropertyInstant, b: PropertyInstant) -> i64 {
    let date = |value: PropertyInstant| match value {
        PropertyInstant::Date(date) => date,
        PropertyInstant::DateTime(t) => local_date(t, tz),
    };
    date(b).signed_duration_since(date(a)).num_days()
}

#[cfg(test)]
mod tests;
