//! Schedule triggers (`enroll every SCHEDULE`, docs/language.md 3.1 and 4.3).

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{LocalTime, WeekdaySet, local_date, local_instant_at, next_weekday_at};

/// When a schedule trigger fires, in the workflow's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Schedule {
    /// `day [at] TIME`: every day.
    Daily(LocalTime),
    /// `WEEKDAYS [at] TIME`: on those weekdays.
    Weekly(WeekdaySet, LocalTime),
    /// `month on day N [at] TIME`: N is 1–31; a month without day N uses its last day.
    Monthly {
        /// The day of the month, 1–31.
        day: u8,
        /// The local time.
        time: LocalTime,
    },
}

impl fmt::Display for Schedule {
    /// Script syntax: `day at 09:00`, `monday, friday at 08:00`, `month on day 31 at 09:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Daily(time) => write!(f, "day at {time}"),
            Schedule::Weekly(days, time) => write!(f, "{days} at {time}"),
            Schedule::Monthly { day, time } => write!(f, "month on day {day} at {time}"),
        }
    }
}

/// The earliest instant >= `after_or_at` at which `schedule` fires in `tz`
/// (inclusive: pass the previous firing plus one second to get the next one).
/// Each firing is its local date's TIME resolved by [`super::local_instant`]
/// (gap: moved forward; repeated hour: the earlier instant), so a schedule fires
/// once per matching local date. A day of month out of 1–31 is clamped.
pub fn next_schedule_instant(after_or_at: DateTime<Utc>, tz: Tz, schedule: &Schedule) -> DateTime<Utc> {
    match *schedule {
        Schedule::Daily(time) => next_weekday_at(after_or_at, tz, WeekdaySet::ALL, time),
        Schedule::Weekly(days, time) => next_weekday_at(after_or_at, tz, days, time),
        Schedule::Monthly { day, time } => {
            let today = local_date(after_or_at, tz);
            let (mut year, mut month) = (today.year(), today.month());
            for _ in 0..3 {
                if let Some(date) = day_of_month(year, month, day) {
                    let candidate = local_instant_at(tz, date, time);
                    if candidate >= after_or_at {
                        return candidate;
                    }
                }
                (year, month) = if month == 12 {
                    (year.saturating_add(1), 1)
                } else {
                    (year, month + 1)
                };
            }
            after_or_at
        }
    }
}

/// Day `day` of the month, or its last day when shorter (`31` in February is the 28th or 29th).
fn day_of_month(year: i32, month: u32, day: u8) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?;
    first.with_day(u32::from(day.clamp(1, 31)).min(last.day()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::test_support::{at, date, utc};

    const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;
    const NEW_YORK: Tz = chrono_tz::America::New_York;
    const KOLKATA: Tz = chrono_tz::Asia::Kolkata;

    fn monthly(day: u8, hour: u8, minute: u8) -> Schedule {
        Schedule::Monthly {
            day,
            time: at(hour, minute),
        }
    }

    #[test]
    fn month_ends() {
        let cases: &[(Tz, &str, Schedule, &str)] = &[
            // Day 31 in February 2026: the 28th, 09:00 CET.
            (
                STOCKHOLM,
                "2026-02-01T00:00:00Z",
                monthly(31, 9, 0),
                "2026-02-28T08:00:00Z",
            ),
            // Day 29 in leap February 2028, and in February 2027.
            (
                STOCKHOLM,
                "2028-02-01T00:00:00Z",
                monthly(29, 9, 0),
                "2028-02-29T08:00:00Z",
            ),
            (
                STOCKHOLM,
                "2027-02-01T00:00:00Z",
                monthly(29, 9, 0),
                "2027-02-28T08:00:00Z",
            ),
            // Inclusive: exactly at 09:00 CEST on March 31.
            (
                STOCKHOLM,
                "2026-03-31T07:00:00Z",
                monthly(31, 9, 0),
                "2026-03-31T07:00:00Z",
            ),
            // One second later: April has 30 days.
            (
                STOCKHOLM,
                "2026-03-31T07:00:01Z",
                monthly(31, 9, 0),
                "2026-04-30T07:00:00Z",
            ),
            // December to January.
            (
                STOCKHOLM,
                "2026-12-20T00:00:00Z",
                monthly(15, 9, 0),
                "2027-01-15T08:00:00Z",
            ),
            // The 29th of March 2026 is Stockholm's spring-forward day: 02:30 is 03:30 CEST.
            (
                STOCKHOLM,
                "2026-03-01T00:00:00Z",
                monthly(29, 2, 30),
                "2026-03-29T01:30:00Z",
            ),
            // Fall-back day in New York: 01:30 takes the earlier (EDT) instant.
            (
                NEW_YORK,
                "2026-10-15T00:00:00Z",
                monthly(1, 1, 30),
                "2026-11-01T05:30:00Z",
            ),
        ];
        for (tz, start, schedule, expected) in cases {
            assert_eq!(
                next_schedule_instant(utc(start), *tz, schedule),
                utc(expected),
                "{tz} {start} {schedule}"
            );
        }
    }

    #[test]
    fn daily_and_weekly() {
        let mondays_fridays = WeekdaySet::MONDAY | WeekdaySet::FRIDAY;
        let cases: &[(Tz, &str, Schedule, &str)] = &[
            // Daily 09:00 in New York over the spring change: 09:00 EDT.
            (
                NEW_YORK,
                "2026-03-07T14:00:01Z",
                Schedule::Daily(at(9, 0)),
                "2026-03-08T13:00:00Z",
            ),
            (
                NEW_YORK,
                "2026-03-07T14:00:00Z",
                Schedule::Daily(at(9, 0)),
                "2026-03-07T14:00:00Z",
            ),
            // Mondays and Fridays at 08:00 IST, from a Tuesday.
            (
                KOLKATA,
                "2026-03-31T00:00:00Z",
                Schedule::Weekly(mondays_fridays, at(8, 0)),
                "2026-04-03T02:30:00Z",
            ),
            // Weekdays at 09:00 from Saturday in Stockholm.
            (
                STOCKHOLM,
                "2026-03-28T12:00:00Z",
                Schedule::Weekly(WeekdaySet::WEEKDAYS, at(9, 0)),
                "2026-03-30T07:00:00Z",
            ),
        ];
        for (tz, start, schedule, expected) in cases {
            assert_eq!(
                next_schedule_instant(utc(start), *tz, schedule),
                utc(expected),
                "{tz} {start} {schedule}"
            );
        }
    }

    #[test]
    fn successive_firings() {
        let schedule = monthly(31, 9, 0);
        let mut t = utc("2026-01-01T00:00:00Z");
        let mut firings = Vec::new();
        for _ in 0..4 {
            t = next_schedule_instant(t, STOCKHOLM, &schedule);
            firings.push(t);
            t += chrono::TimeDelta::seconds(1);
        }
        let expected = [
            "2026-01-31T08:00:00Z",
            "2026-02-28T08:00:00Z",
            "2026-03-31T07:00:00Z",
            "2026-04-30T07:00:00Z",
        ];
        assert_eq!(firings, expected.map(utc));
    }

    #[test]
    fn day_of_month_clamps() {
        assert_eq!(day_of_month(2028, 2, 31), Some(date(2028, 2, 29)));
        assert_eq!(day_of_month(2026, 4, 31), Some(date(2026, 4, 30)));
        assert_eq!(day_of_month(2026, 4, 0), Some(date(2026, 4, 1)));
        assert_eq!(day_of_month(2026, 13, 1), None);
        assert_eq!(monthly(31, 9, 5).to_string(), "month on day 31 at 09:05");
        assert_eq!(
            Schedule::Weekly(WeekdaySet::WEEKDAYS, at(9, 0)).to_string(),
            "weekday at 09:00"
        );
    }
}
