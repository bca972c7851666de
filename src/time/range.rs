//! How far instants reach (LANGUAGE.md §12.6 and §12.12): a trace shows
//! `YYYY-MM-DD[THH:MM:SSZ]`, so nothing after 9999-12-31T23:59:59Z, and the
//! bundled zone tables (chrono-tz) list daylight-saving transitions up to 2099
//! only, after which a zone that still changes its offset would stay on its
//! last offset for ever.

use chrono::{DateTime, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// The last instant a trace can show: 9999-12-31T23:59:59Z.
pub fn latest_trace_instant() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
}

/// The last date a trace can show: 9999-12-31.
pub fn latest_trace_date() -> NaiveDate {
    latest_trace_instant().date_naive()
}

/// The last instant whose local time in `tz` the bundled tables give
/// exactly: 2099-12-31T23:59:59Z for a zone that still observes
/// daylight-saving time in 2099, [`latest_trace_instant`] for one that does not.
pub fn last_exact_instant(tz: Tz) -> DateTime<Utc> {
    let offset_at = |month: u32| {
        NaiveDate::from_ymd_opt(2099, month, 15)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|t| tz.offset_from_utc_datetime(&t).fix())
    };
    if offset_at(1) == offset_at(7) {
        return latest_trace_instant();
    }
    NaiveDate::from_ymd_opt(2099, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.to_utc())
            .unwrap_or_default()
    }

    #[test]
    fn the_tables_still_stop_in_2099() {
        // If this fails, chrono-tz extended its tables: `last_exact_instant`
        // (and the refusal of wakes after 2099) can then move on.
        let stockholm = chrono_tz::Europe::Stockholm;
        let offset = |t: &str| {
            stockholm
                .offset_from_utc_datetime(&at(t).naive_utc())
                .fix()
                .local_minus_utc()
        };
        assert_eq!(offset("2099-07-01T12:00:00Z"), 7200);
        assert_eq!(
            offset("2101-07-01T12:00:00Z"),
            3600,
            "chrono-tz now has summer time after 2099"
        );
    }

    #[test]
    fn zones_with_daylight_saving_time_stop_at_the_end_of_2099() {
        assert_eq!(
            last_exact_instant(chrono_tz::Europe::Stockholm),
            at("2099-12-31T23:59:59Z")
        );
        assert_eq!(
            last_exact_instant(chrono_tz::Australia::Sydney),
            at("2099-12-31T23:59:59Z")
        );
        assert_eq!(last_exact_instant(chrono_tz::UTC), at("9999-12-31T23:59:59Z"));
        assert_eq!(last_exact_instant(chrono_tz::Asia::Tokyo), at("9999-12-31T23:59:59Z"));
        assert_eq!(
            latest_trace_date(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default()
        );
    }
}
