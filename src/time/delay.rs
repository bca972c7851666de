//! Wake instants of the `delay` forms of docs/language.md 5.3. Each function computes
//! W from the instant T the enrollment reaches the delay; whether W <= T means
//! "completes at once" is the VM's decision.
//!
//! A local time of day happens once per local date: the instant [`local_instant`]
//! gives it (a gap moves it forward, an overlap takes the earlier instant). So on
//! a fall-back night `delay until 02:30` reached at 02:45 of the first pass waits
//! for 02:30 of the next day, not for the repeated 02:30 a quarter hour later; on
//! a spring-forward night it wakes at the moved-forward instant (03:30 CEST).

use chrono::{DateTime, Datelike, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{
    LocalTime, PropertyInstant, WeekdaySet, add_days, add_minutes, local_date, local_datetime, local_instant,
    local_instant_at,
};

/// `delay DURATION`: first `days` calendar days in `tz` (same local time on the
/// later date, resolved by [`local_instant`]), then `minutes` elapsed minutes.
/// Callers pass `weeks * 7 + days` and `hours * 60 + minutes`. Saturates, never panics.
pub fn add_duration(t: DateTime<Utc>, tz: Tz, days: i64, minutes: i64) -> DateTime<Utc> {
    // Without days the local round trip is skipped: it would move an instant in
    // the second pass of a repeated hour back to the first.
    let after_days = if days == 0 {
        t
    } else {
        let local = local_datetime(t, tz);
        local_instant(tz, add_days(local.date(), days), local.time())
    };
    add_minutes(after_days, minutes)
}

/// `delay until TIME`: the earliest instant >= `t` that is TIME on some local date
/// (once per date, see the module docs). Inclusive: `t` itself when it is that instant.
pub fn next_time_of_day(t: DateTime<Utc>, tz: Tz, time: LocalTime) -> DateTime<Utc> {
    next_weekday_at(t, tz, WeekdaySet::ALL, time)
}

/// `delay until WEEKDAYS [at] TIME`: the earliest instant >= `t` that is TIME on a
/// local date falling on one of `days`. An empty set (rejected by the checker)
/// returns `t`.
pub fn next_weekday_at(t: DateTime<Utc>, tz: Tz, days: WeekdaySet, time: LocalTime) -> DateTime<Utc> {
    let today = local_date(t, tz);
    // Yesterday too: a time moved forward across midnight by a gap may still be ahead.
    for offset in -1..=8 {
        let date = add_days(today, offset);
        if days.contains(date.weekday()) {
            let candidate = local_instant_at(tz, date, time);
            if candidate >= t {
                return candidate;
            }
        }
    }
    t
}

/// `delay until WEEKDAYS`: `t` when its local date falls on one of `days`, else
/// 00:00 (resolved by [`local_instant`]) of the next such local date. An empty set returns `t`.
pub fn next_weekday_start(t: DateTime<Utc>, tz: Tz, days: WeekdaySet) -> DateTime<Utc> {
    let today = local_date(t, tz);
    if days.contains(today.weekday()) {
        return t;
    }
    (1..=7)
        .map(|offset| add_days(today, offset))
        .find(|date| days.contains(date.weekday()))
        .map_or(t, |date| local_instant(tz, date, NaiveTime::MIN))
}

/// `delay until DATE [at TIME]` / `delay until DATETIME` (local): that local
/// instant, TIME defaulting to 00:00.
pub fn date_at(tz: Tz, date: chrono::NaiveDate, time: Option<LocalTime>) -> DateTime<Utc> {
    local_instant_at(tz, date, time.unwrap_or(LocalTime::MIDNIGHT))
}

/// `delay until PATH [± N days] [at TIME]`: a date property is its local date at
/// 00:00; shift by `offset_days` calendar days; then, when TIME is given, TIME on
/// the resulting local date.
pub fn property_wake(tz: Tz, value: PropertyInstant, offset_days: i64, time: Option<LocalTime>) -> DateTime<Utc> {
    property_wake_offset(tz, value, offset_days, 0, time)
}

/// [`property_wake`] with an offset that also has hours and minutes
/// (`renewal_date - 1 day 2 hours`): calendar days first, then elapsed minutes,
/// then TIME on the local date reached.
pub fn property_wake_offset(
    tz: Tz,
    value: PropertyInstant,
    offset_days: i64,
    offset_minutes: i64,
    time: Option<LocalTime>,
) -> DateTime<Utc> {
    let base = match value {
        PropertyInstant::Date(date) => local_instant(tz, add_days(date, offset_days), NaiveTime::MIN),
        PropertyInstant::DateTime(t) => add_duration(t, tz, offset_days, 0),
    };
    let shifted = add_minutes(base, offset_minutes);
    match time {
        Some(time) => local_instant_at(tz, local_date(shifted, tz), time),
        None => shifted,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::time::test_support::{at, date, utc};

    const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;
    const NEW_YORK: Tz = chrono_tz::America::New_York;
    const KOLKATA: Tz = chrono_tz::Asia::Kolkata;
    const SANTIAGO: Tz = chrono_tz::America::Santiago;

    #[test]
    fn calendar_days_keep_local_time_and_hours_do_not() {
        // (zone, start, days, minutes, expected)
        let cases: &[(Tz, &str, i64, i64, &str)] = &[
            // Stockholm spring forward 2026-03-29: `1 day` keeps 09:00, `24 hours` gives 10:00 CEST.
            (STOCKHOLM, "2026-03-28T08:00:00Z", 1, 0, "2026-03-29T07:00:00Z"),
            (STOCKHOLM, "2026-03-28T08:00:00Z", 0, 24 * 60, "2026-03-29T08:00:00Z"),
            // Stockholm fall back 2026-10-25: `1 day` keeps 09:00, `24 hours` gives 08:00 CET.
            (STOCKHOLM, "2026-10-24T07:00:00Z", 1, 0, "2026-10-25T08:00:00Z"),
            (STOCKHOLM, "2026-10-24T07:00:00Z", 0, 24 * 60, "2026-10-25T07:00:00Z"),
            // New York spring forward 2026-03-08 and fall back 2026-11-01, noon.
            (NEW_YORK, "2026-03-07T17:00:00Z", 1, 0, "2026-03-08T16:00:00Z"),
            (NEW_YORK, "2026-03-07T17:00:00Z", 0, 24 * 60, "2026-03-08T17:00:00Z"),
            (NEW_YORK, "2026-10-31T16:00:00Z", 1, 0, "2026-11-01T17:00:00Z"),
            (NEW_YORK, "2026-10-31T16:00:00Z", 0, 24 * 60, "2026-11-01T16:00:00Z"),
            // `2 weeks` over the spring change: 10:00 CET to 10:00 CEST.
            (STOCKHOLM, "2026-03-20T09:00:00Z", 14, 0, "2026-04-03T08:00:00Z"),
            // `1 day 12 hours`: days first (20:00 CEST on the 29th), then 12 elapsed hours.
            (STOCKHOLM, "2026-03-28T19:00:00Z", 1, 12 * 60, "2026-03-30T06:00:00Z"),
            // 02:30 CET plus a day lands in the gap: moved forward to 03:30 CEST.
            (STOCKHOLM, "2026-03-28T01:30:00Z", 1, 0, "2026-03-29T01:30:00Z"),
            // 02:30 CEST plus a day lands in the repeated hour: the earlier 02:30 (CEST).
            (STOCKHOLM, "2026-10-24T00:30:00Z", 1, 0, "2026-10-25T00:30:00Z"),
            // Minutes alone from the second pass of 02:10 do not jump back to the first.
            (STOCKHOLM, "2026-10-25T01:10:00Z", 0, 30, "2026-10-25T01:40:00Z"),
            // Negative days (a `- 2 days` offset) across the change.
            (NEW_YORK, "2026-03-09T13:00:00Z", -2, 0, "2026-03-07T14:00:00Z"),
            // A half-hour zone without DST.
            (KOLKATA, "2026-01-01T00:00:00Z", 1, 90, "2026-01-02T01:30:00Z"),
        ];
        for (tz, start, days, minutes, expected) in cases {
            assert_eq!(
                add_duration(utc(start), *tz, *days, *minutes),
                utc(expected),
                "{tz} {start} +{days}d {minutes}m"
            );
        }
    }

    #[test]
    fn huge_durations_saturate() {
        let t = utc("2026-01-01T00:00:00Z");
        assert_eq!(add_duration(t, STOCKHOLM, i64::MAX, i64::MAX), crate::time::latest());
        assert_eq!(add_duration(t, STOCKHOLM, 0, i64::MIN), crate::time::earliest());
        assert_eq!(add_duration(t, KOLKATA, -4_000_000_000, 0), crate::time::earliest());
        let max = DateTime::<Utc>::MAX_UTC;
        assert_eq!(
            add_duration(max, chrono_tz::Pacific::Kiritimati, 1, 1),
            crate::time::latest()
        );
    }

    #[test]
    fn time_of_day() {
        // (zone, T, TIME, expected W)
        let cases: &[(Tz, &str, (u8, u8), &str)] = &[
            // Inclusive: T already at 09:00 CET.
            (STOCKHOLM, "2026-01-15T08:00:00Z", (9, 0), "2026-01-15T08:00:00Z"),
            (STOCKHOLM, "2026-01-15T08:00:01Z", (9, 0), "2026-01-16T08:00:00Z"),
            // Spring forward: 02:30 does not exist on the 29th, it is 03:30 CEST.
            (STOCKHOLM, "2026-03-29T00:30:00Z", (2, 30), "2026-03-29T01:30:00Z"),
            (STOCKHOLM, "2026-03-29T01:15:00Z", (2, 30), "2026-03-29T01:30:00Z"),
            (STOCKHOLM, "2026-03-29T01:45:00Z", (2, 30), "2026-03-30T00:30:00Z"),
            // Fall back: 02:30 happens twice; the day's 02:30 is the first (CEST) one.
            (STOCKHOLM, "2026-10-25T00:00:00Z", (2, 30), "2026-10-25T00:30:00Z"),
            (STOCKHOLM, "2026-10-25T00:45:00Z", (2, 30), "2026-10-26T01:30:00Z"),
            // New York gap: 02:15 EST does not exist on 2026-03-08, it is 03:15 EDT.
            (NEW_YORK, "2026-03-08T06:00:00Z", (2, 15), "2026-03-08T07:15:00Z"),
            // New York overlap: 01:30 on 2026-11-01 is first 01:30 EDT.
            (NEW_YORK, "2026-11-01T04:00:00Z", (1, 30), "2026-11-01T05:30:00Z"),
            // Kolkata (+05:30): 15:30 IST, next 09:00 is tomorrow.
            (KOLKATA, "2026-05-01T10:00:00Z", (9, 0), "2026-05-02T03:30:00Z"),
        ];
        for (tz, start, (hour, minute), expected) in cases {
            let time = at(*hour, *minute);
            assert_eq!(
                next_time_of_day(utc(start), *tz, time),
                utc(expected),
                "{tz} {start} until {time}"
            );
        }
    }

    #[test]
    fn weekday_at_time() {
        let monday = WeekdaySet::MONDAY;
        let tuesday = WeekdaySet::TUESDAY;
        type Case = (Tz, &'static str, WeekdaySet, (u8, u8), &'static str);
        let cases: &[Case] = &[
            // Friday 12:00 CET to Monday 09:00 CEST, across the spring change.
            (
                STOCKHOLM,
                "2026-03-27T11:00:00Z",
                monday,
                (9, 0),
                "2026-03-30T07:00:00Z",
            ),
            // Tuesday 08:00 CEST: today at 09:00; Tuesday 10:00: next week.
            (
                STOCKHOLM,
                "2026-03-31T06:00:00Z",
                tuesday,
                (9, 0),
                "2026-03-31T07:00:00Z",
            ),
            (
                STOCKHOLM,
                "2026-03-31T08:00:00Z",
                tuesday,
                (9, 0),
                "2026-04-07T07:00:00Z",
            ),
            // `weekday` from Friday evening: Monday.
            (
                STOCKHOLM,
                "2026-04-03T16:00:00Z",
                WeekdaySet::WEEKDAYS,
                (9, 0),
                "2026-04-06T07:00:00Z",
            ),
            // Sunday 02:30 on the spring-forward Sunday: 03:30 CEST.
            (
                STOCKHOLM,
                "2026-03-28T12:00:00Z",
                WeekdaySet::SUNDAY,
                (2, 30),
                "2026-03-29T01:30:00Z",
            ),
            // Sunday 01:30 on New York's fall-back Sunday: the earlier (EDT) one.
            (
                NEW_YORK,
                "2026-10-31T12:00:00Z",
                WeekdaySet::SUNDAY,
                (1, 30),
                "2026-11-01T05:30:00Z",
            ),
            // Local weekday, not UTC's: Monday 23:30 UTC is Tuesday 05:00 in Kolkata.
            (KOLKATA, "2026-03-30T23:30:00Z", tuesday, (9, 0), "2026-03-31T03:30:00Z"),
            // An empty set (the checker rejects it) wakes at once.
            (
                KOLKATA,
                "2026-03-30T23:30:00Z",
                WeekdaySet::EMPTY,
                (9, 0),
                "2026-03-30T23:30:00Z",
            ),
        ];
        for (tz, start, days, (hour, minute), expected) in cases {
            let time = at(*hour, *minute);
            assert_eq!(
                next_weekday_at(utc(start), *tz, *days, time),
                utc(expected),
                "{tz} {start} {days} {time}"
            );
        }
    }

    #[test]
    fn weekday_start() {
        let cases: &[(Tz, &str, WeekdaySet, &str)] = &[
            // Today is Tuesday (local): T itself.
            (
                STOCKHOLM,
                "2026-03-31T13:00:00Z",
                WeekdaySet::TUESDAY,
                "2026-03-31T13:00:00Z",
            ),
            // Saturday 00:00 CEST.
            (
                STOCKHOLM,
                "2026-03-31T13:00:00Z",
                WeekdaySet::SATURDAY,
                "2026-04-03T22:00:00Z",
            ),
            // Friday 12:00 CET to Monday 00:00 CEST.
            (
                STOCKHOLM,
                "2026-03-27T11:00:00Z",
                WeekdaySet::MONDAY,
                "2026-03-29T22:00:00Z",
            ),
            // Monday 23:30 UTC is Tuesday 01:30 in Stockholm: local Tuesday counts.
            (
                STOCKHOLM,
                "2026-03-30T23:30:00Z",
                WeekdaySet::TUESDAY,
                "2026-03-30T23:30:00Z",
            ),
            (
                STOCKHOLM,
                "2026-03-30T23:30:00Z",
                WeekdaySet::MONDAY,
                "2026-04-05T22:00:00Z",
            ),
            // New York: Saturday evening EST to Sunday 00:00 EST (the change is at 02:00).
            (
                NEW_YORK,
                "2026-03-07T23:00:00Z",
                WeekdaySet::SUNDAY,
                "2026-03-08T05:00:00Z",
            ),
            // Santiago springs forward at midnight: Sunday 2026-09-06 starts at 01:00 (-03).
            (
                SANTIAGO,
                "2026-09-04T12:00:00Z",
                WeekdaySet::SUNDAY,
                "2026-09-06T04:00:00Z",
            ),
            (
                STOCKHOLM,
                "2026-03-31T13:00:00Z",
                WeekdaySet::EMPTY,
                "2026-03-31T13:00:00Z",
            ),
        ];
        for (tz, start, days, expected) in cases {
            assert_eq!(
                next_weekday_start(utc(start), *tz, *days),
                utc(expected),
                "{tz} {start} {days}"
            );
        }
    }

    #[test]
    fn calendar_date() {
        type Case = (Tz, NaiveDate, Option<(u8, u8)>, &'static str);
        let cases: &[Case] = &[
            (STOCKHOLM, date(2026, 3, 29), None, "2026-03-28T23:00:00Z"),
            (STOCKHOLM, date(2026, 3, 29), Some((2, 30)), "2026-03-29T01:30:00Z"),
            (STOCKHOLM, date(2026, 10, 25), Some((2, 30)), "2026-10-25T00:30:00Z"),
            (NEW_YORK, date(2026, 11, 1), Some((1, 30)), "2026-11-01T05:30:00Z"),
            (KOLKATA, date(2028, 2, 29), Some((23, 59)), "2028-02-29T18:29:00Z"),
            (SANTIAGO, date(2026, 9, 6), None, "2026-09-06T04:00:00Z"),
        ];
        for (tz, day, time, expected) in cases {
            let time = time.map(|(hour, minute)| at(hour, minute));
            assert_eq!(date_at(*tz, *day, time), utc(expected), "{tz} {day} {time:?}");
        }
    }

    #[test]
    fn property_wakes() {
        use PropertyInstant::{Date, DateTime as Instant};
        type Case = (Tz, PropertyInstant, i64, i64, Option<(u8, u8)>, &'static str);
        let cases: &[Case] = &[
            // A date property is local midnight; `+ 2 days` lands on the spring-forward Sunday.
            (STOCKHOLM, Date(date(2026, 3, 27)), 2, 0, None, "2026-03-28T23:00:00Z"),
            (
                STOCKHOLM,
                Date(date(2026, 3, 27)),
                2,
                0,
                Some((9, 0)),
                "2026-03-29T07:00:00Z",
            ),
            // A date-time property keeps its local time over calendar days.
            (
                STOCKHOLM,
                Instant(utc("2026-03-28T08:00:00Z")),
                1,
                0,
                None,
                "2026-03-29T07:00:00Z",
            ),
            // `at TIME` uses the local date (June 1 in New York), not the UTC date (June 2).
            (
                NEW_YORK,
                Instant(utc("2026-06-02T02:00:00Z")),
                0,
                0,
                Some((9, 0)),
                "2026-06-01T13:00:00Z",
            ),
            // `- 3 days at 08:00` across New York's fall back: 08:00 EDT on October 31.
            (
                NEW_YORK,
                Date(date(2026, 11, 3)),
                -3,
                0,
                Some((8, 0)),
                "2026-10-31T12:00:00Z",
            ),
            // `- 1 day 2 hours` from 01:00 CET on the 26th: 01:00 CEST on the 25th, then 2 hours back.
            (
                STOCKHOLM,
                Instant(utc("2026-10-26T00:00:00Z")),
                -1,
                -120,
                None,
                "2026-10-24T21:00:00Z",
            ),
            // A date property and `at` a time in the gap.
            (
                STOCKHOLM,
                Date(date(2026, 3, 29)),
                0,
                0,
                Some((2, 30)),
                "2026-03-29T01:30:00Z",
            ),
        ];
        for (tz, value, days, minutes, time, expected) in cases {
            let time = time.map(|(hour, minute)| at(hour, minute));
            let wake = property_wake_offset(*tz, *value, *days, *minutes, time);
            assert_eq!(wake, utc(expected), "{tz} {value:?} {days}d {minutes}m {time:?}");
            if *minutes == 0 {
                assert_eq!(property_wake(*tz, *value, *days, time), wake);
            }
        }
    }
}
