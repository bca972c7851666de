//! Execution windows and blocked dates (docs/language.md 3.1): when an action or a
//! record edit may run.
//!
//! An instant is *open* when its local date in the zone is not blocked and, if
//! there are windows, its local wall-clock time lies in some window of that
//! date's weekday (start included, end excluded). Membership is by wall clock,
//! so on a spring-forward day a window `02:30 to 17:00` opens at the transition
//! (03:00 CEST, the first instant whose wall clock is inside it), and on a
//! fall-back night the repeated hour is inside a window twice.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{LocalTime, WeekdaySet, add_days, all_local_instants, local_datetime, local_instant};

/// `window WEEKDAYS FROM to TO`: open on those local weekdays from FROM (included)
/// to TO (excluded); the checker ensures TO is after FROM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Window {
    /// The local weekdays the window applies to.
    pub days: WeekdaySet,
    /// Opening time, included.
    pub from: LocalTime,
    /// Closing time, excluded.
    pub to: LocalTime,
}

impl Window {
    /// Whether a local date and time lies inside this window.
    pub fn contains_local(&self, local: NaiveDateTime) -> bool {
        let time = local.time();
        self.days.contains(local.date().weekday()) && self.from.to_naive() <= time && time < self.to.to_naive()
    }
}

/// Days searched past the later of T's date and the last blocked date. Any three
/// weeks free of blocked dates hold every weekday three times, at least once away
/// from a DST change, so a window that can open at all opens within them; the
/// search is therefore exact, and bounded by the input's size.
const SEARCH_MARGIN_DAYS: i64 = 21;

/// Whether instant `t` is open: not on a blocked local date and, with windows, inside one.
pub fn is_open(t: DateTime<Utc>, tz: Tz, windows: &[Window], blocked: &[NaiveDate]) -> bool {
    let local = local_datetime(t, tz);
    !blocked.contains(&local.date()) && (windows.is_empty() || windows.iter().any(|w| w.contains_local(local)))
}

/// The earliest open instant >= `t`: `t` itself when open, else the next instant
/// inside a window and not on a blocked date. Without windows only blocked dates
/// hold back (the next unblocked date's 00:00). Windows that can never open
/// (no weekday, or an end not after the start; the checker rejects both) return `t`.
pub fn next_open_instant(t: DateTime<Utc>, tz: Tz, windows: &[Window], blocked: &[NaiveDate]) -> DateTime<Utc> {
    let blocked: BTreeSet<NaiveDate> = blocked.iter().copied().collect();
    let open = |instant: DateTime<Utc>| {
        let local = local_datetime(instant, tz);
        !blocked.contains(&local.date()) && (windows.is_empty() || windows.iter().any(|w| w.contains_local(local)))
    };
    if open(t) {
        return t;
    }
    let may_open = |date: NaiveDate| {
        !blocked.contains(&date) && (windows.is_empty() || windows.iter().any(|w| w.days.contains(date.weekday())))
    };
    let today = local_datetime(t, tz).date();
    let last = blocked.last().copied().map_or(today, |last| last.max(today));
    let horizon = add_days(last, SEARCH_MARGIN_DAYS);
    let mut best: Option<DateTime<Utc>> = None;
    let mut date = add_days(today, -1);
    while date <= horizon {
        let next = date.succ_opt();
        let start = local_instant(tz, date, NaiveTime::MIN);
        if best.is_some_and(|best| start > best) {
            break;
        }
        // Instants derived from a date fall on it or, past a gap, on the next one.
        if may_open(date) || next.is_some_and(may_open) {
            let end = next.map(|next| local_instant(tz, next, NaiveTime::MIN));
            for candidate in entry_instants(tz, date, start, end, windows) {
                if candidate > t && open(candidate) && best.is_none_or(|best| candidate < best) {
                    best = Some(candidate);
                }
            }
        }
        match next {
            Some(next) => date = next,
            None => break,
        }
    }
    best.unwrap_or(t)
}

/// The instants at which the open set may begin on local `date`: its midnight,
/// every instant of a window start (both passes of a repeated time, and the
/// moved-forward instant of one in a gap), and a change of UTC offset that day.
fn entry_instants(
    tz: Tz,
    date: NaiveDate,
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    windows: &[Window],
) -> Vec<DateTime<Utc>> {
    let mut instants = vec![start];
    for window in windows.iter().filter(|window| window.days.contains(date.weekday())) {
        let from = window.from.to_naive();
        instants.extend(all_local_instants(tz, date, from));
        instants.push(local_instant(tz, date, from));
    }
    if let Some(change) = end.and_then(|end| offset_change(tz, start, end)) {
        instants.push(change);
    }
    instants
}

/// The first instant in (`lo`, `hi`] whose UTC offset differs from `lo`'s, assuming
/// at most one change between them (true of every zone within a day).
fn offset_change(tz: Tz, lo: DateTime<Utc>, hi: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let offset_at =
        |seconds: i64| DateTime::from_timestamp(seconds, 0).map(|t| tz.offset_from_utc_datetime(&t.naive_utc()).fix());
    let (mut lo, mut hi) = (lo.timestamp(), hi.timestamp());
    let before = offset_at(lo)?;
    if hi <= lo || offset_at(hi)? == before {
        return None;
    }
    // Invariant: the offset at `lo` is `before`, at `hi` it is not.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset_at(mid)? == before {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    DateTime::from_timestamp(hi, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::test_support::{at, date, utc};

    const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;
    const NEW_YORK: Tz = chrono_tz::America::New_York;
    const ADELAIDE: Tz = chrono_tz::Australia::Adelaide;

    fn window(days: WeekdaySet, from: (u8, u8), to: (u8, u8)) -> Window {
        Window {
            days,
            from: at(from.0, from.1),
            to: at(to.0, to.1),
        }
    }

    fn business_hours() -> Vec<Window> {
        vec![window(WeekdaySet::WEEKDAYS, (9, 0), (17, 0))]
    }

    #[test]
    fn business_hours_in_stockholm() {
        let windows = business_hours();
        let cases: &[(&str, &str)] = &[
            // Monday 10:00 CEST: inside, T itself.
            ("2026-03-30T08:00:00Z", "2026-03-30T08:00:00Z"),
            // The start is included.
            ("2026-03-30T07:00:00Z", "2026-03-30T07:00:00Z"),
            // One second before the start.
            ("2026-03-30T06:59:59Z", "2026-03-30T07:00:00Z"),
            // The end is excluded: Monday 17:00 CEST waits for Tuesday 09:00.
            ("2026-03-30T15:00:00Z", "2026-03-31T07:00:00Z"),
            ("2026-03-30T14:59:59Z", "2026-03-30T14:59:59Z"),
            // Friday 18:00 CET to Monday 09:00 CEST, across the spring change.
            ("2026-03-27T17:00:00Z", "2026-03-30T07:00:00Z"),
            // Saturday of the fall-back weekend to Monday 09:00 CET.
            ("2026-10-24T10:00:00Z", "2026-10-26T08:00:00Z"),
        ];
        for (start, expected) in cases {
            assert_eq!(
                next_open_instant(utc(start), STOCKHOLM, &windows, &[]),
                utc(expected),
                "{start}"
            );
            assert_eq!(
                is_open(utc(start), STOCKHOLM, &windows, &[]),
                start == expected,
                "{start}"
            );
        }
    }

    #[test]
    fn blocked_dates() {
        let windows = business_hours();
        // Good Friday and Easter Monday 2026 blocked: Friday 08:00 waits for Tuesday 09:00 CEST.
        let easter = [date(2026, 4, 3), date(2026, 4, 6)];
        let wake = next_open_instant(utc("2026-04-03T06:00:00Z"), STOCKHOLM, &windows, &easter);
        assert_eq!(wake, utc("2026-04-07T07:00:00Z"));
        // Inside the window but on a blocked date.
        assert!(!is_open(utc("2026-04-03T08:00:00Z"), STOCKHOLM, &windows, &easter));
        // Without windows only blocked dates count: the next local midnight (CEST).
        let wake = next_open_instant(utc("2026-04-03T08:00:00Z"), STOCKHOLM, &[], &[date(2026, 4, 3)]);
        assert_eq!(wake, utc("2026-04-03T22:00:00Z"));
        assert_eq!(
            next_open_instant(utc("2026-04-03T08:00:00Z"), STOCKHOLM, &[], &[]),
            utc("2026-04-03T08:00:00Z")
        );
        // Blocked day before the spring change, no windows: Sunday 00:00 CET.
        let wake = next_open_instant(utc("2026-03-28T12:00:00Z"), STOCKHOLM, &[], &[date(2026, 3, 28)]);
        assert_eq!(wake, utc("2026-03-28T23:00:00Z"));
    }

    #[test]
    fn years_of_blocked_dates_are_searched_exactly() {
        // Every date of 2026–2028 blocked: the first weekday after is Monday 2029-01-01, 09:00 CET.
        let mut blocked = Vec::new();
        let mut day = date(2026, 1, 1);
        while day <= date(2028, 12, 31) {
            blocked.push(day);
            day = add_days(day, 1);
        }
        let wake = next_open_instant(utc("2026-01-01T00:00:00Z"), STOCKHOLM, &business_hours(), &blocked);
        assert_eq!(wake, utc("2029-01-01T08:00:00Z"));
        let wake = next_open_instant(utc("2026-01-01T00:00:00Z"), STOCKHOLM, &[], &blocked);
        assert_eq!(wake, utc("2028-12-31T23:00:00Z"));
    }

    #[test]
    fn windows_ending_near_midnight() {
        let evening = [window(WeekdaySet::ALL, (20, 0), (23, 59))];
        let cases: &[(&str, &str)] = &[
            // 23:58:59 EDT is inside; 23:59:00 is not: next day 20:00 EDT.
            ("2026-06-02T03:58:59Z", "2026-06-02T03:58:59Z"),
            ("2026-06-02T03:59:00Z", "2026-06-03T00:00:00Z"),
            // Saturday 23:59 EDT before the fall-back Sunday: Sunday 20:00 EST.
            ("2026-11-01T03:59:00Z", "2026-11-02T01:00:00Z"),
        ];
        for (start, expected) in cases {
            assert_eq!(
                next_open_instant(utc(start), NEW_YORK, &evening, &[]),
                utc(expected),
                "{start}"
            );
        }
        // A window from midnight: 00:00 EDT of the next day.
        let night = [window(WeekdaySet::ALL, (0, 0), (6, 0))];
        assert_eq!(
            next_open_instant(utc("2026-06-01T12:00:00Z"), NEW_YORK, &night, &[]),
            utc("2026-06-02T04:00:00Z")
        );
    }

    #[test]
    fn several_windows() {
        let split_day = [
            window(WeekdaySet::WEEKDAYS, (9, 0), (12, 0)),
            window(WeekdaySet::WEEKDAYS, (13, 0), (17, 0)),
            window(WeekdaySet::SATURDAY, (10, 0), (14, 0)),
        ];
        let cases: &[(&str, &str)] = &[
            // Lunch, Monday 12:30 CEST: 13:00.
            ("2026-03-30T10:30:00Z", "2026-03-30T11:00:00Z"),
            // Friday 17:30 CEST: Saturday 10:00.
            ("2026-04-03T15:30:00Z", "2026-04-04T08:00:00Z"),
            // Saturday 15:00: Monday 09:00.
            ("2026-04-04T13:00:00Z", "2026-04-06T07:00:00Z"),
        ];
        for (start, expected) in cases {
            assert_eq!(
                next_open_instant(utc(start), STOCKHOLM, &split_day, &[]),
                utc(expected),
                "{start}"
            );
        }
    }

    #[test]
    fn windows_across_daylight_saving_changes() {
        // Spring forward: a window from 02:30 opens at the jump to 03:00 CEST.
        let early = [window(WeekdaySet::ALL, (2, 30), (4, 0))];
        let wake = next_open_instant(utc("2026-03-29T00:30:00Z"), STOCKHOLM, &early, &[]);
        assert_eq!(wake, utc("2026-03-29T01:00:00Z"));
        // A window wholly inside the gap does not open that day.
        let lost = [window(WeekdaySet::ALL, (2, 0), (3, 0))];
        let wake = next_open_instant(utc("2026-03-29T00:30:00Z"), STOCKHOLM, &lost, &[]);
        assert_eq!(wake, utc("2026-03-30T00:00:00Z"));
        // Fall back: at 02:50 CEST, outside 02:00–02:45; the wall clock shows 02:00 again at 01:00 UTC.
        let repeated = [window(WeekdaySet::ALL, (2, 0), (2, 45))];
        let wake = next_open_instant(utc("2026-10-25T00:50:00Z"), STOCKHOLM, &repeated, &[]);
        assert_eq!(wake, utc("2026-10-25T01:00:00Z"));
        // … also when the window starts before the repeated hour.
        let straddling = [window(WeekdaySet::ALL, (1, 30), (2, 45))];
        let wake = next_open_instant(utc("2026-10-25T00:50:00Z"), STOCKHOLM, &straddling, &[]);
        assert_eq!(wake, utc("2026-10-25T01:00:00Z"));
        // Adelaide (+10:30/+09:30) business hours across its April fall-back: Monday 09:00 ACST.
        let wake = next_open_instant(utc("2026-04-03T08:00:00Z"), ADELAIDE, &business_hours(), &[]);
        assert_eq!(wake, utc("2026-04-05T23:30:00Z"));
    }

    #[test]
    fn windows_that_never_open_do_not_hold_back() {
        let never = [window(WeekdaySet::EMPTY, (9, 0), (17, 0))];
        let t = utc("2026-03-30T20:00:00Z");
        assert_eq!(next_open_instant(t, STOCKHOLM, &never, &[]), t);
        let backwards = [window(WeekdaySet::ALL, (17, 0), (9, 0))];
        assert_eq!(next_open_instant(t, STOCKHOLM, &backwards, &[]), t);
        // Extreme instants do not panic.
        let max = DateTime::<Utc>::MAX_UTC;
        assert!(next_open_instant(max, chrono_tz::Pacific::Kiritimati, &business_hours(), &[]) >= max);
        let min = DateTime::<Utc>::MIN_UTC;
        assert!(next_open_instant(min, chrono_tz::Pacific::Pago_Pago, &business_hours(), &[]) >= min);
    }
}
