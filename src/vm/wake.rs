//! Wake instants: delays (docs/language.md 5.3) through [`crate::time`], and the
//! retry back-off of failing actions (section 10).

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::Env;
use crate::compile::program::DelayRule;
use crate::time::{self, PropertyInstant};
use crate::value::Value;

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

/// A date, date-time, or string of either form, as `delay until PATH` and
/// `days_between` read it.
pub(super) fn property_instant(value: &Value) -> Option<PropertyInstant> {
    match value {
        Value::Date(d) => Some(PropertyInstant::Date(*d)),
        Value::DateTime(t) => Some(PropertyInstant::DateTime(*t)),
        Value::Str(_) => value
            .as_date()
            .map(PropertyInstant::Date)
            .or_else(|| value.as_datetime().map(PropertyInstant::DateTime)),
        _ => None,
    }
}

/// The wake instant of a delay reached at `now`; `None` when it has none
/// (an unknown property). The caller does not suspend when the result is
/// `None` or not after `now`.
pub fn delay_wake<E: Env + ?Sized>(rule: &DelayRule, now: DateTime<Utc>, zone: Tz, env: &E) -> Option<DateTime<Utc>> {
    Some(match rule {
        DelayRule::For(by) => time::add_duration(now, zone, by.days, by.minutes),
        DelayRule::UntilTime(at) => time::next_time_of_day(now, zone, *at),
        DelayRule::UntilWeekdays { days, time: Some(at) } => time::next_weekday_at(now, zone, *days, *at),
        DelayRule::UntilWeekdays { days, time: None } => time::next_weekday_start(now, zone, *days),
        DelayRule::UntilDate { date, time } => time::date_at(zone, *date, *time),
        DelayRule::UntilLocal(local) => time::local_instant(zone, local.date(), local.time()),
        DelayRule::UntilInstant(t) => *t,
        DelayRule::UntilProperty { slot, offset, time } => {
            let value = property_instant(env.property(*slot))?;
            time::property_wake_offset(zone, value, offset.days, offset.minutes, *time)
        }
    })
}
