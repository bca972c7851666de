//! Run-time values (docs/language.md 6.1) and their JSON forms (docs/formats.md "Values in
//! JSON"). Cloning a value never copies string or list contents.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// A value of a property, an expression, an argument or an output.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// A missing value.
    #[default]
    Unknown,
    Bool(bool),
    Number(f64),
    /// A string (enum values are strings too).
    Str(Arc<str>),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
    Duration(DurationValue),
    List(Arc<[Value]>),
    /// A map keeps its keys in source order.
    Map(Arc<[(Arc<str>, Value)]>),
}

/// A duration: calendar days (weeks count as 7 days) and elapsed minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DurationValue {
    pub days: i64,
    pub minutes: i64,
}

impl DurationValue {
    /// ISO 8601 form: `P2D`, `PT1H30M`, `P1DT12H`, `PT0S` for zero.
    pub fn iso8601(self) -> String {
        let negative = self.days < 0 || self.minutes < 0;
        let days = self.days.unsigned_abs();
        let minutes = self.minutes.unsigned_abs();
        let (hours, minutes) = (minutes / 60, minutes % 60);
        let mut out = String::from(if negative { "-P" } else { "P" });
        if days > 0 {
            out.push_str(&format!("{days}D"));
        }
        if hours > 0 || minutes > 0 {
            out.push('T');
            if hours > 0 {
                out.push_str(&format!("{hours}H"));
            }
            if minutes > 0 {
                out.push_str(&format!("{minutes}M"));
            }
        }
        if days == 0 && hours == 0 && minutes == 0 {
            out.push_str("T0S");
        }
        out
    }
}

impl Value {
    /// A string value.
    pub fn str(text: &str) -> Value {
        Value::Str(Arc::from(text))
    }

    /// True for [`Value::Unknown`].
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// The type name used in messages: `string`, `number`, …
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Unknown => "unknown",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::Str(_) => "string",
            Value::Date(_) => "date",
            Value::DateTime(_) => "datetime",
            Value::Duration(_) => "duration",
            Value::List(_) => "list",
            Value::Map(_) => "map",
        }
    }

    /// The value as the trace's JSON (docs/formats.md): integers without a fraction,
    /// dates `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM:SSZ`, durations ISO 8601.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Unknown => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => number_json(*n),
            Value::Str(s) => J::String(s.to_string()),
            Value::Date(d) => J::String(d.format("%Y-%m-%d").to_string()),
            Value::DateTime(t) => J::String(format_instant(*t)),
            Value::Duration(d) => J::String(d.iso8601()),
            Value::List(items) => J::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect()),
        }
    }

    /// A value from record or event JSON. Strings stay strings here: whether a
    /// `YYYY-MM-DD` string is a date is decided where the schema or the use says
    /// so (see [`Value::as_date`]).
    pub fn from_json(json: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match json {
            J::Null => Value::Unknown,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => n.as_f64().map_or(Value::Unknown, Value::Number),
            J::String(s) => Value::str(s),
            J::Array(items) => Value::List(items.iter().map(Value::from_json).collect()),
            J::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| (Arc::from(k.as_str()), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value as a date: a date, or a string in `YYYY-MM-DD` form.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            Value::Str(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|_| s.len() == 10),
            _ => None,
        }
    }

    /// The value as a date-time: a date-time, or a string in RFC 3339 form.
    pub fn as_datetime(&self) -> Option<DateTime<Utc>> {
        match self {
            Value::DateTime(t) => Some(*t),
            Value::Str(s) => DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc)),
            _ => None,
        }
    }

    /// The value as a number (no coercion from strings).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// A number as JSON: integral values without a fraction.
pub fn number_json(n: f64) -> serde_json::Value {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        serde_json::Value::Number(serde_json::Number::from(n as i64))
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// An instant in the trace's form: `2026-11-27T08:00:00Z`.
pub fn format_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Template rendering: unknown is empty, numbers print like JSON, dates and
/// date-times in their JSON form, lists joined with `, `.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Unknown => Ok(()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{}", number_json(*n)),
            Value::Str(s) => f.write_str(s),
            Value::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Value::DateTime(t) => f.write_str(&format_instant(*t)),
            Value::Duration(d) => f.write_str(&d.iso8601()),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                Ok(())
            }
            Value::Map(_) => write!(f, "{}", self.to_json()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_fraction_when_integral() {
        assert_eq!(Value::Number(42.0).to_json().to_string(), "42");
        assert_eq!(Value::Number(3.25).to_json().to_string(), "3.25");
        assert_eq!(Value::Number(-7.0).to_string(), "-7");
    }

    #[test]
    fn durations_print_iso8601() {
        assert_eq!(DurationValue { days: 2, minutes: 0 }.iso8601(), "P2D");
        assert_eq!(DurationValue { days: 0, minutes: 90 }.iso8601(), "PT1H30M");
        assert_eq!(DurationValue { days: 1, minutes: 720 }.iso8601(), "P1DT12H");
        assert_eq!(DurationValue::default().iso8601(), "PT0S");
    }

    #[test]
    fn strings_become_dates_only_in_exact_form() {
        assert_eq!(Value::str("2027-01-15").as_date(), NaiveDate::from_ymd_opt(2027, 1, 15));
        assert_eq!(Value::str("2027-1-15").as_date(), None);
        assert!(Value::str("2026-11-27T08:00:00Z").as_datetime().is_some());
        assert_eq!(Value::Unknown.to_string(), "");
    }
}
