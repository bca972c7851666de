//! Wake instants: delays (LANGUAGE.md 5.3), window holds (3.1) and retry
//! back-off (10).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::Env;
use crate::compile::program::{DelayRule, TimeOfDay, Window};
use crate::value::{DurationValue, Value};

/// The first retry waits this long; each later one twice the one before.
pub const RETRY_FIRST: Duration = Duration::minutes(1);
/// The longest wait between two tries.
pub const RETRY_CAP: Duration = Duration::hours(8);
/// Retrying stops this long after the first failure.
pub const RETRY_PERIOD: Duration = Duration::days(3);

/// The wait before try number `attempts + 1`, after `attempts` failures (≥ 1).
pub fn retry_backoff(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(16);
    let wait = RETRY_FIRST * (1i32 << doublings);
    wait.min(RETRY_CAP)
}

/// A local date-time in the zone as an instant: a time in a DST gap moves
/// forward by the gap's length, a repeated time takes the earlier instant.
pub fn local_instant(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => {
            // In a gap: read the wall time with the offset in force before it.
            let before = local - Duration::hours(3);
            match zone.from_local_datetime(&before).earliest() {
                Some(t) => {
                    let offset = t.naive_local() - t.naive_utc();
                    (local - offset).and_utc()
                }
                None => local.and_utc(),
            }
        }
    }
}

fn at(zone: Tz, date: NaiveDate, time: Option<TimeOfDay>) -> DateTime<Utc> {
    let time = time
        .and_then(|t| NaiveTime::from_hms_opt(u32::from(t.hour), u32::from(t.minute), 0))
        .unwrap_or(NaiveTime::MIN);
    local_instant(zone, date.and_time(time))
}

/// `t` plus a duration: its days (weeks are 7 days) are calendar days in the
/// zone (same local time on the later date), then its minutes elapsed time.
pub fn add_duration(t: DateTime<Utc>, zone: Tz, by: DurationValue) -> Option<DateTime<Utc>> {
    let moved = if by.days == 0 {
        t
    } else {
        let local = t.with_timezone(&zone).naive_local();
        local_instant(zone, local.checked_add_signed(Duration::try_days(by.days)?)?)
    };
    moved.checked_add_signed(Duration::try_minutes(by.minutes)?)
}

/// The wake instant of a delay reached at `now`; `None` when it has none
/// (an unknown property date). The caller does not suspend when the result
/// is `None` or not after `now`.
pub fn delay_wake<E: Env + ?Sized>(rule: &DelayRule, now: DateTime<Utc>, zone: Tz, env: &E) -> Option<DateTime<Utc>> {
    let today = now.with_timezone(&zone).date_naive();
    match rule {
        DelayRule::For(by) => add_duration(now, zone, *by),
        DelayRule::UntilTime(time) => (0..2)
            .filter_map(|i| today.checked_add_signed(Duration::days(i)))
            .map(|date| at(zone, date, Some(*time)))
            .find(|t| *t >= now),
        DelayRule::UntilWeekdays { days, time: Some(time) } => (0..8)
            .filter_map(|i| today.checked_add_signed(Duration::days(i)))
            .filter(|date| days.contains(date.weekday()))
            .map(|date| at(zone, date, Some(*time)))
            .find(|t| *t >= now),
        DelayRule::UntilWeekdays { days, time: None } => {
            if days.contains(today.weekday()) {
                Some(now)
            } else {
                (1..8)
                    .filter_map(|i| today.checked_add_signed(Duration::days(i)))
                    .find(|date| days.contains(date.weekday()))
                    .map(|date| at(zone, date, None))
            }
        }
        DelayRule::UntilDate { date, time } => Some(at(zone, *date, *time)),
        DelayRule::UntilLocal(local) => Some(local_instant(zone, *local)),
        DelayRule::UntilInstant(t) => Some(*t),
        DelayRule::UntilProperty { slot, offset, time } => property_wake(env.property(*slot), *offset, *time, zone),
    }
}

/// `delay until PATH [± DURATION] [at TIME]`: a date is local 00:00 in the
/// zone; the offset moves by calendar days (then minutes); `at TIME` sets the
/// local time of the resulting day.
fn property_wake(value: &Value, offset: DurationValue, time: Option<TimeOfDay>, zone: Tz) -> Option<DateTime<Utc>> {
    let date_only = match value {
        Value::Date(d) => Some(*d),
        Value::Str(_) => value.as_date(),
        _ => None,
    };
    let base = match date_only {
        Some(date) => at(zone, date, None),
        None => value.as_datetime()?,
    };
    let moved = add_duration(base, zone, offset)?;
    match time {
        Some(time) => Some(at(zone, moved.with_timezone(&zone).date_naive(), Some(time))),
        None => Some(moved),
    }
}

/// True when actions and edits may run at `now`: not on a blocked local date,
/// and inside some window (or no window is set).
pub fn is_open(now: DateTime<Utc>, zone: Tz, windows: &[Window], blocked: &[NaiveDate]) -> bool {
    let local = now.with_timezone(&zone).naive_local();
    if blocked.binary_search(&local.date()).is_ok() {
        return false;
    }
    windows.is_empty() || windows.iter().any(|w| inside(w, local))
}

fn inside(window: &Window, local: NaiveDateTime) -> bool {
    let minute = |t: TimeOfDay| u32::from(t.hour) * 60 + u32::from(t.minute);
    let now = local.time();
    let now = chrono::Timelike::hour(&now) * 60 + chrono::Timelike::minute(&now);
    window.days.contains(local.date().weekday()) && minute(window.from) <= now && now < minute(window.to)
}

/// The first instant at or after `now` that is inside a window and not on a
/// blocked date, looking at most a year (plus the blocked dates) ahead.
pub fn next_open(now: DateTime<Utc>, zone: Tz, windows: &[Window], blocked: &[NaiveDate]) -> Option<DateTime<Utc>> {
    let today = now.with_timezone(&zone).date_naive();
    let horizon = 367 + blocked.len() as i64;
    for i in 0..horizon {
        let date = today.checked_add_signed(Duration::days(i))?;
        if blocked.binary_search(&date).is_ok() {
            continue;
        }
        if windows.is_empty() {
            return Some(if i == 0 { now } else { at(zone, date, None) });
        }
        let best = windows
            .iter()
            .filter(|w| w.days.contains(date.weekday()))
            .filter_map(|w| {
                let start = at(zone, date, Some(w.from)).max(now);
                (start < at(zone, date, Some(w.to))).then_some(start)
            })
            .min();
        if best.is_some() {
            return best;
        }
    }
    None
}
