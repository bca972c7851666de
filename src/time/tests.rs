use chrono::{NaiveTime, Weekday};

use super::test_support::{at, date, utc};
use super::*;

const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;
const NEW_YORK: Tz = chrono_tz::America::New_York;

#[test]
fn local_instants_with_gaps_and_overlaps() {
    // (zone, local date, local time, expected instant)
    let cases: &[(Tz, NaiveDate, (u8, u8), &str)] = &[
        (STOCKHOLM, date(2026, 1, 15), (9, 0), "2026-01-15T08:00:00Z"),
        (STOCKHOLM, date(2026, 7, 15), (9, 0), "2026-07-15T07:00:00Z"),
        // Spring forward: 02:30 does not exist, moves forward one hour to 03:30 CEST.
        (STOCKHOLM, date(2026, 3, 29), (2, 30), "2026-03-29T01:30:00Z"),
        (STOCKHOLM, date(2026, 3, 29), (2, 0), "2026-03-29T01:00:00Z"),
        (STOCKHOLM, date(2026, 3, 29), (3, 0), "2026-03-29T01:00:00Z"),
        // Fall back: 02:30 occurs twice, the earlier (CEST) instant.
        (STOCKHOLM, date(2026, 10, 25), (2, 30), "2026-10-25T00:30:00Z"),
        (STOCKHOLM, date(2026, 10, 25), (3, 0), "2026-10-25T02:00:00Z"),
        // New York: 02:30 on 2026-03-08 is 03:30 EDT; 01:30 on 2026-11-01 is 01:30 EDT.
        (NEW_YORK, date(2026, 3, 8), (2, 30), "2026-03-08T07:30:00Z"),
        (NEW_YORK, date(2026, 11, 1), (1, 30), "2026-11-01T05:30:00Z"),
        (NEW_YORK, date(2026, 11, 1), (2, 0), "2026-11-01T07:00:00Z"),
        // Half-hour zones: Kolkata (+05:30), Adelaide (+10:30 summer, +09:30 winter).
        (
            chrono_tz::Asia::Kolkata,
            date(2026, 3, 29),
            (9, 0),
            "2026-03-29T03:30:00Z",
        ),
        (
            chrono_tz::Australia::Adelaide,
            date(2026, 10, 4),
            (2, 30),
            "2026-10-03T17:00:00Z",
        ),
        (
            chrono_tz::Australia::Adelaide,
            date(2026, 4, 5),
            (2, 30),
            "2026-04-04T16:00:00Z",
        ),
        // Lord Howe's gap is 30 minutes (02:00 -> 02:30): 02:15 becomes 02:45 (+11).
        (
            chrono_tz::Australia::Lord_Howe,
            date(2026, 10, 4),
            (2, 15),
            "2026-10-03T15:45:00Z",
        ),
        // Santiago springs forward at midnight: 00:00 becomes 01:00 (-03).
        (
            chrono_tz::America::Santiago,
            date(2026, 9, 6),
            (0, 0),
            "2026-09-06T04:00:00Z",
        ),
        (Tz::UTC, date(2028, 2, 29), (23, 59), "2028-02-29T23:59:00Z"),
    ];
    for (tz, day, (hour, minute), expected) in cases {
        let time = at(*hour, *minute);
        assert_eq!(
            local_instant(*tz, *day, time.to_naive()),
            utc(expected),
            "{tz} {day} {time}"
        );
    }
}

#[test]
fn extreme_dates_saturate() {
    assert_eq!(
        local_instant(chrono_tz::Pacific::Kiritimati, NaiveDate::MAX, NaiveTime::MIN),
        latest()
    );
    assert_eq!(
        local_instant(chrono_tz::Pacific::Pago_Pago, NaiveDate::MIN, NaiveTime::MIN),
        earliest()
    );
    assert_eq!(local_date(DateTime::<Utc>::MAX_UTC, Tz::UTC), latest().date_naive());
    assert_eq!(add_days(date(2026, 1, 1), i64::MIN), earliest().date_naive());
}

#[test]
fn weekday_sets() {
    assert_eq!(WeekdaySet::from_word("monday"), Some(WeekdaySet::MONDAY));
    assert_eq!(WeekdaySet::from_word("sunday"), Some(WeekdaySet::SUNDAY));
    assert_eq!(WeekdaySet::from_word("weekday"), Some(WeekdaySet::WEEKDAYS));
    assert_eq!(WeekdaySet::from_word("day"), None);
    assert_eq!(WeekdaySet::from_word("Monday"), None);
    assert_eq!(WeekdaySet::words().count(), 8);
    assert!(WeekdaySet::WEEKDAYS.contains(Weekday::Fri));
    assert!(!WeekdaySet::WEEKDAYS.contains(Weekday::Sat));
    assert!(WeekdaySet::ALL.contains(Weekday::Sun));
    assert!(WeekdaySet::EMPTY.is_empty());
    let set = WeekdaySet::MONDAY | WeekdaySet::WEDNESDAY;
    assert_eq!(set.days().collect::<Vec<_>>(), [Weekday::Mon, Weekday::Wed]);
    assert_eq!(set.to_string(), "monday, wednesday");
    assert_eq!(
        (WeekdaySet::WEEKDAYS | WeekdaySet::SUNDAY).to_string(),
        "weekday, sunday"
    );
    assert_eq!(WeekdaySet::ALL.to_string(), "day");
    assert_eq!(WeekdaySet::of(Weekday::Thu), WeekdaySet::THURSDAY);
}

#[test]
fn local_times() {
    assert_eq!(LocalTime::new(23, 59), Some(LocalTime { hour: 23, minute: 59 }));
    assert_eq!(LocalTime::new(24, 0), None);
    assert_eq!(LocalTime::new(9, 60), None);
    assert_eq!(at(9, 5).to_string(), "09:05");
    assert_eq!(
        LocalTime { hour: 99, minute: 99 }.to_naive(),
        NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default()
    );
}

#[test]
fn serde_round_trips() -> Result<(), serde_json::Error> {
    let window = Window {
        days: WeekdaySet::WEEKDAYS,
        from: at(9, 0),
        to: at(17, 0),
    };
    let json = serde_json::to_string(&window)?;
    assert_eq!(
        json,
        r#"{"days":31,"from":{"hour":9,"minute":0},"to":{"hour":17,"minute":0}}"#
    );
    assert_eq!(serde_json::from_str::<Window>(&json)?, window);
    let schedule = Schedule::Monthly {
        day: 31,
        time: at(9, 0),
    };
    assert_eq!(
        serde_json::from_str::<Schedule>(&serde_json::to_string(&schedule)?)?,
        schedule
    );
    Ok(())
}

#[test]
fn time_zones() {
    assert_eq!(parse_tz("Europe/Stockholm"), Some(STOCKHOLM));
    assert_eq!(parse_tz("UTC"), Some(Tz::UTC));
    assert_eq!(parse_tz("europe/stockholm"), None);
    assert_eq!(parse_tz("Europe/Stokholm"), None);
    assert!(tz_names().any(|name| name == "Asia/Kolkata"));
    assert!(tz_names().count() > 400);
    let names: Vec<&str> = tz_names().collect();
    assert_eq!(
        crate::suggest::suggest("Europe/Stokholm", names.iter().copied()),
        Some("Europe/Stockholm")
    );
}

#[test]
fn days_between_counts_local_dates() {
    use PropertyInstant::{Date, DateTime as Instant};
    let cases: &[(Tz, PropertyInstant, PropertyInstant, i64)] = &[
        (Tz::UTC, Date(date(2028, 2, 28)), Date(date(2028, 3, 1)), 2),
        (Tz::UTC, Date(date(2028, 3, 1)), Date(date(2028, 2, 28)), -2),
        // 23:30 CET to 00:30 CET the next day: one local day, none in UTC's dates.
        (
            STOCKHOLM,
            Instant(utc("2026-03-28T22:30:00Z")),
            Instant(utc("2026-03-28T23:30:00Z")),
            1,
        ),
        (
            Tz::UTC,
            Instant(utc("2026-03-28T22:30:00Z")),
            Instant(utc("2026-03-28T23:30:00Z")),
            0,
        ),
        // A date against a date-time's local date (June 1 in New York).
        (
            NEW_YORK,
            Date(date(2026, 5, 30)),
            Instant(utc("2026-06-02T02:00:00Z")),
            2,
        ),
        // Across the spring change: still whole days.
        (
            STOCKHOLM,
            Instant(utc("2026-03-28T08:00:00Z")),
            Instant(utc("2026-03-30T07:00:00Z")),
            2,
        ),
    ];
    for (tz, a, b, expected) in cases {
        assert_eq!(days_between(*tz, *a, *b), *expected, "{tz} {a:?} {b:?}");
    }
}
