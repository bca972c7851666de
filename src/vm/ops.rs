//! Value semantics of expressions (docs/language.md 6.3–6.5): comparisons with
//! unknown, case-insensitive string tests, arithmetic, the functions.
//!
//! Decisions where the spec is silent:
//! - A string that reads as a number compares with a number numerically
//!   (`"55" == 55`), and a `YYYY-MM-DD` / RFC 3339 string compares with a
//!   date or date-time as one; values of other mixed types are unequal (so
//!   `!=` is true) and unordered (so `<` is false).
//! - A date compared with a date-time stands for 00:00 local time in the
//!   workflow's zone.
//! - `capitalize` upper-cases the first letter of each word and lower-cases the rest.

use std::cmp::Ordering;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::wake::property_instant;
use crate::compile::opcode::{CmpOp, Function};
use crate::time;
use crate::value::{DurationValue, Value};

/// True only for `Value::Bool(true)`: conditions treat unknown and
/// non-booleans as false.
pub fn truthy(value: &Value) -> bool {
    matches!(value, Value::Bool(true))
}

/// The operands of a comparison, brought to one type where they can be.
enum Pair<'a> {
    Num(f64, f64),
    Str(&'a str, &'a str),
    Bool(bool, bool),
    Date(NaiveDate, NaiveDate),
    Instant(DateTime<Utc>, DateTime<Utc>),
    Other,
}

fn pair<'a>(lhs: &'a Value, rhs: &'a Value, zone: Tz) -> Pair<'a> {
    use Value as V;
    match (lhs, rhs) {
        (V::Number(a), V::Number(b)) => Pair::Num(*a, *b),
        (V::Str(a), V::Str(b)) => Pair::Str(a, b),
        (V::Bool(a), V::Bool(b)) => Pair::Bool(*a, *b),
        (V::Date(a), V::Date(b)) => Pair::Date(*a, *b),
        (V::DateTime(a), V::DateTime(b)) => Pair::Instant(*a, *b),
        (V::Number(a), V::Str(s)) => s.trim().parse().map_or(Pair::Other, |b| Pair::Num(*a, b)),
        (V::Str(s), V::Number(b)) => s.trim().parse().map_or(Pair::Other, |a| Pair::Num(a, *b)),
        (V::Date(a), V::Str(_)) => match rhs.as_date() {
            Some(b) => Pair::Date(*a, b),
            None => instants(lhs, rhs, zone),
        },
        (V::Str(_), V::Date(b)) => match lhs.as_date() {
            Some(a) => Pair::Date(a, *b),
            None => instants(lhs, rhs, zone),
        },
        (V::Date(_) | V::DateTime(_) | V::Str(_), V::Date(_) | V::DateTime(_) | V::Str(_)) => instants(lhs, rhs, zone),
        _ => Pair::Other,
    }
}

fn instants<'a>(lhs: &Value, rhs: &Value, zone: Tz) -> Pair<'a> {
    match (as_instant(lhs, zone), as_instant(rhs, zone)) {
        (Some(a), Some(b)) => Pair::Instant(a, b),
        _ => Pair::Other,
    }
}

/// A date-time, or a date at 00:00 local time in `zone`, or a string of either form.
pub(super) fn as_instant(value: &Value, zone: Tz) -> Option<DateTime<Utc>> {
    match value {
        Value::DateTime(t) => Some(*t),
        Value::Date(d) => Some(time::local_instant(zone, *d, NaiveTime::MIN)),
        Value::Str(_) => value
            .as_datetime()
            .or_else(|| value.as_date().map(|d| time::local_instant(zone, d, NaiveTime::MIN))),
        _ => None,
    }
}

/// Equality of two known values (exact for strings).
fn equal(lhs: &Value, rhs: &Value, zone: Tz) -> bool {
    match pair(lhs, rhs, zone) {
        Pair::Num(a, b) => a == b,
        Pair::Str(a, b) => a == b,
        Pair::Bool(a, b) => a == b,
        Pair::Date(a, b) => a == b,
        Pair::Instant(a, b) => a == b,
        Pair::Other => lhs == rhs,
    }
}

/// Equality ignoring case for strings (`in`, list `contains`).
#[inline]
fn equal_ignoring_case(lhs: &Value, rhs: &Value, zone: Tz) -> bool {
    match (lhs, rhs) {
        (Value::Str(a), Value::Str(b)) => eq_ignore_case(a, b),
        _ => equal(lhs, rhs, zone),
    }
}

/// The order of two known values, when they have one.
fn order(lhs: &Value, rhs: &Value, zone: Tz) -> Option<Ordering> {
    match pair(lhs, rhs, zone) {
        Pair::Num(a, b) => a.partial_cmp(&b),
        Pair::Str(a, b) => Some(a.cmp(b)),
        Pair::Date(a, b) => Some(a.cmp(&b)),
        Pair::Instant(a, b) => Some(a.cmp(&b)),
        Pair::Bool(..) | Pair::Other => None,
    }
}

/// Evaluates `lhs OP rhs`; false whenever an operand is unknown.
#[inline]
pub fn compare(op: CmpOp, lhs: &Value, rhs: &Value, zone: Tz) -> bool {
    // Fast paths for the common cases: two numbers, or two strings tested
    // for (in)equality.
    match (lhs, rhs) {
        (Value::Number(a), Value::Number(b)) => match op {
            CmpOp::Eq => return a == b,
            CmpOp::Ne => return a != b,
            CmpOp::Lt => return a < b,
            CmpOp::Le => return a <= b,
            CmpOp::Gt => return a > b,
            CmpOp::Ge => return a >= b,
            _ => {}
        },
        (Value::Str(a), Value::Str(b)) => match op {
            CmpOp::Eq => return a == b,
            CmpOp::Ne => return a != b,
            _ => {}
        },
        _ => {}
    }
    compare_general(op, lhs, rhs, zone)
}

fn compare_general(op: CmpOp, lhs: &Value, rhs: &Value, zone: Tz) -> bool {
    if lhs.is_unknown() || rhs.is_unknown() {
        return false;
    }
    match op {
        CmpOp::Eq => equal(lhs, rhs, zone),
        CmpOp::Ne => !equal(lhs, rhs, zone),
        CmpOp::Lt => order(lhs, rhs, zone) == Some(Ordering::Less),
        CmpOp::Le => matches!(order(lhs, rhs, zone), Some(Ordering::Less | Ordering::Equal)),
        CmpOp::Gt => order(lhs, rhs, zone) == Some(Ordering::Greater),
        CmpOp::Ge => matches!(order(lhs, rhs, zone), Some(Ordering::Greater | Ordering::Equal)),
        CmpOp::In => match rhs {
            Value::List(items) => items.iter().any(|item| equal_ignoring_case(lhs, item, zone)),
            _ => false,
        },
        CmpOp::NotIn => match rhs {
            Value::List(items) => !items.iter().any(|item| equal_ignoring_case(lhs, item, zone)),
            _ => false,
        },
        CmpOp::Contains => match (lhs, rhs) {
            (Value::Str(a), Value::Str(b)) => contains_ignore_case(a, b),
            (Value::List(items), _) => items.iter().any(|item| equal_ignoring_case(item, rhs, zone)),
            _ => false,
        },
        CmpOp::StartsWith => match (lhs, rhs) {
            (Value::Str(a), Value::Str(b)) => prefix_ignore_case(a, b),
            _ => false,
        },
        CmpOp::EndsWith => match (lhs, rhs) {
            (Value::Str(a), Value::Str(b)) => suffix_ignore_case(a, b),
            _ => false,
        },
    }
}

/// Selects a `branch on` case: exact equality, with the same coercions as `==`.
pub(super) fn branch_matches(value: &Value, case: &Value, zone: Tz) -> bool {
    !value.is_unknown() && equal(value, case, zone)
}

#[inline]
fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        true
    } else if a.is_ascii() && b.is_ascii() {
        false
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(&needle.to_lowercase())
    }
}

fn prefix_ignore_case(text: &str, prefix: &str) -> bool {
    if text.is_ascii() && prefix.is_ascii() {
        text.as_bytes()
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    } else {
        text.to_lowercase().starts_with(&prefix.to_lowercase())
    }
}

fn suffix_ignore_case(text: &str, suffix: &str) -> bool {
    if text.is_ascii() && suffix.is_ascii() {
        text.len()
            .checked_sub(suffix.len())
            .and_then(|start| text.as_bytes().get(start..))
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix.as_bytes()))
    } else {
        text.to_lowercase().ends_with(&suffix.to_lowercase())
    }
}

fn number(n: f64) -> Value {
    if n.is_finite() {
        Value::Number(n)
    } else {
        Value::Unknown
    }
}

/// `+`: numbers add, strings join (with any known non-duration value),
/// `date ± duration` moves in the zone; otherwise unknown.
pub fn add(lhs: &Value, rhs: &Value, zone: Tz) -> Value {
    use Value as V;
    match (lhs, rhs) {
        (V::Unknown, _) | (_, V::Unknown) => V::Unknown,
        (V::Number(a), V::Number(b)) => number(a + b),
        (V::Duration(a), V::Duration(b)) => V::Duration(DurationValue {
            days: a.days.saturating_add(b.days),
            minutes: a.minutes.saturating_add(b.minutes),
        }),
        (_, V::Duration(d)) => shift(lhs, *d, zone),
        (V::Duration(d), _) => shift(rhs, *d, zone),
        (V::Str(a), V::Str(b)) => {
            let mut joined = String::with_capacity(a.len() + b.len());
            joined.push_str(a);
            joined.push_str(b);
            V::str(&joined)
        }
        (V::Str(_), _) | (_, V::Str(_)) => V::str(&format!("{lhs}{rhs}")),
        _ => V::Unknown,
    }
}

/// `-`: numbers subtract, `date - duration`; otherwise unknown.
pub fn sub(lhs: &Value, rhs: &Value, zone: Tz) -> Value {
    match (lhs, rhs) {
        (Value::Number(a), Value::Number(b)) => number(a - b),
        (_, Value::Duration(d)) => shift(
            lhs,
            DurationValue {
                days: d.days.saturating_neg(),
                minutes: d.minutes.saturating_neg(),
            },
            zone,
        ),
        _ => Value::Unknown,
    }
}

/// A date or date-time (or a string of either form) moved by a duration:
/// days are calendar days in the zone, minutes elapsed time. A date moved
/// by whole days stays a date.
fn shift(value: &Value, by: DurationValue, zone: Tz) -> Value {
    let date = match value {
        Value::Date(d) => Some(*d),
        Value::Str(_) if value.as_datetime().is_none() => value.as_date(),
        _ => None,
    };
    if let Some(date) = date
        && by.minutes == 0
    {
        return chrono::TimeDelta::try_days(by.days)
            .and_then(|days| date.checked_add_signed(days))
            .map_or(Value::Unknown, Value::Date);
    }
    match as_instant(value, zone) {
        Some(t) => Value::DateTime(time::add_duration(t, zone, by.days, by.minutes)),
        None => Value::Unknown,
    }
}

/// `*`
pub fn mul(lhs: &Value, rhs: &Value) -> Value {
    match (lhs, rhs) {
        (Value::Number(a), Value::Number(b)) => number(a * b),
        _ => Value::Unknown,
    }
}

/// `/`; unknown when dividing by zero.
pub fn div(lhs: &Value, rhs: &Value) -> Value {
    match (lhs, rhs) {
        (Value::Number(a), Value::Number(b)) if *b != 0.0 => number(a / b),
        _ => Value::Unknown,
    }
}

/// Prefix `-`.
pub fn neg(value: &Value) -> Value {
    match value {
        Value::Number(n) => Value::Number(-n),
        _ => Value::Unknown,
    }
}

/// A template's parts joined, unknown parts as empty text.
pub fn concat(parts: &[Value]) -> Value {
    let mut text = String::new();
    for part in parts {
        match part {
            Value::Str(s) => text.push_str(s),
            Value::Unknown => {}
            other => {
                let _ = write!(text, "{other}");
            }
        }
    }
    Value::str(&text)
}

/// Applies a function of docs/language.md 6.4; a wrong type or an unknown
/// argument gives unknown (except `coalesce`), never a panic.
pub fn call(function: Function, args: &[Value], zone: Tz) -> Value {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Unknown);
    let text = |i: usize| match arg(i) {
        Value::Str(s) => Some(&**s),
        _ => None,
    };
    let num = |i: usize| arg(i).as_number();
    let string = |s: String| Value::str(&s);
    match function {
        Function::Upper => text(0).map_or(Value::Unknown, |s| string(s.to_uppercase())),
        Function::Lower => text(0).map_or(Value::Unknown, |s| string(s.to_lowercase())),
        Function::Capitalize => text(0).map_or(Value::Unknown, |s| string(capitalize(s))),
        Function::Trim => text(0).map_or(Value::Unknown, |s| Value::str(s.trim())),
        Function::Length => match arg(0) {
            Value::Str(s) => Value::Number(s.chars().count() as f64),
            Value::List(items) => Value::Number(items.len() as f64),
            _ => Value::Unknown,
        },
        Function::Replace => match (text(0), text(1), text(2)) {
            (Some(s), Some(from), Some(to)) if !from.is_empty() => string(s.replace(from, to)),
            (Some(s), Some(_), Some(_)) => Value::str(s),
            _ => Value::Unknown,
        },
        Function::Round => {
            let digits = if args.len() > 1 { num(1) } else { Some(0.0) };
            match (num(0), digits) {
                (Some(n), Some(d)) => {
                    let scale = 10f64.powi(d.clamp(0.0, 15.0) as i32);
                    number((n * scale).round() / scale)
                }
                _ => Value::Unknown,
            }
        }
        Function::Floor => num(0).map_or(Value::Unknown, |n| number(n.floor())),
        Function::Ceil => num(0).map_or(Value::Unknown, |n| number(n.ceil())),
        Function::Abs => num(0).map_or(Value::Unknown, |n| number(n.abs())),
        Function::Min | Function::Max => {
            let (a, b) = (arg(0), arg(1));
            match order(a, b, zone) {
                _ if a.is_unknown() || b.is_unknown() => Value::Unknown,
                Some(Ordering::Greater) if function == Function::Min => b.clone(),
                Some(Ordering::Less) if function == Function::Max => b.clone(),
                Some(_) => a.clone(),
                None => Value::Unknown,
            }
        }
        Function::Coalesce => {
            if arg(0).is_unknown() {
                arg(1).clone()
            } else {
                arg(0).clone()
            }
        }
        Function::DaysBetween => match (property_instant(arg(0)), property_instant(arg(1))) {
            (Some(a), Some(b)) => Value::Number(time::days_between(zone, a, b) as f64),
            _ => Value::Unknown,
        },
        Function::FormatDate => match text(1) {
            Some(format) => format_date(arg(0), format, zone),
            None => Value::Unknown,
        },
    }
}

fn capitalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = true;
    for c in text.chars() {
        if c.is_whitespace() {
            word_start = true;
            out.push(c);
        } else if word_start {
            out.extend(c.to_uppercase());
            word_start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// strftime formatting; an invalid format (or a time specifier on a date)
/// gives unknown: chrono reports it as a `fmt::Error`, which `write!` returns.
fn format_date(value: &Value, format: &str, zone: Tz) -> Value {
    let date = match value {
        Value::DateTime(_) => None,
        _ => value.as_date(),
    };
    let mut out = String::new();
    let written = match (date, value.as_datetime()) {
        (Some(date), _) => write!(out, "{}", date.format(format)),
        (None, Some(t)) => write!(out, "{}", t.with_timezone(&zone).format(format)),
        (None, None) => return Value::Unknown,
    };
    match written {
        Ok(()) => Value::str(&out),
        Err(_) => Value::Unknown,
    }
}
