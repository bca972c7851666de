//! The JSONL trace through serde: each entry is a [`TraceLine`] that
//! implements `serde::Serialize` with the keys of docs/formats.md in their
//! order, written by `serde_json::to_writer` into the same buffered output
//! as the hand-written [`JsonlWriter`](super::JsonlWriter), with the same
//! bytes.

use std::io::{self, Write};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::{HistoryEntry, HistoryKind, HistorySink, instant_text};
use crate::value::{Value, format_instant};

/// One history entry as a trace line: `serde_json::to_writer(out, &TraceLine(entry))`.
pub struct TraceLine<'a>(pub &'a HistoryEntry);

impl Serialize for TraceLine<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entry = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("at", &Instant(entry.at))?;
        map.serialize_entry("workflow", &*entry.workflow)?;
        map.serialize_entry("record", &*entry.record)?;
        map.serialize_entry("event", entry.kind.name())?;
        match &entry.kind {
            HistoryKind::Action { action, args } => {
                map.serialize_entry("action", &**action)?;
                map.serialize_entry("args", &Entries(args))?;
            }
            HistoryKind::Set { property, value } => {
                map.serialize_entry("property", &**property)?;
                map.serialize_entry("value", &Json(value))?;
            }
            HistoryKind::Clear { property } => map.serialize_entry("property", &**property)?,
            HistoryKind::Delayed { until, reason, .. } => {
                map.serialize_entry("until", &until.map(Instant))?;
                map.serialize_entry("reason", reason.name())?;
            }
            HistoryKind::Error { message, action } => {
                map.serialize_entry("message", message)?;
                if let Some(action) = action {
                    map.serialize_entry("action", &**action)?;
                }
            }
            HistoryKind::Finished { stopped: true } => map.serialize_entry("by", "stop")?,
            HistoryKind::Enrolled
            | HistoryKind::Finished { stopped: false }
            | HistoryKind::GoalMet
            | HistoryKind::Unenrolled => {}
        }
        map.end()
    }
}

/// An instant as the trace writes it (`2026-11-27T08:00:00Z`).
struct Instant(DateTime<Utc>);

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match instant_text(self.0) {
            Some(digits) => serializer.serialize_str(std::str::from_utf8(&digits).unwrap_or_default()),
            None => serializer.serialize_str(&format_instant(self.0)),
        }
    }
}

/// A value as JSON (docs/formats.md), as `write_json_value` writes it.
struct Json<'a>(&'a Value);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Unknown => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            // `number_json`: whole numbers as integers, the rest as floats.
            Value::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => {
                serializer.serialize_i64(*n as i64)
            }
            Value::Number(n) if n.is_finite() => serializer.serialize_f64(*n),
            Value::Number(_) => serializer.serialize_unit(),
            Value::Str(s) => serializer.serialize_str(s),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(&Json(item))?;
                }
                seq.end()
            }
            Value::Map(entries) => Entries(entries).serialize(serializer),
            Value::Date(_) | Value::DateTime(_) | Value::Duration(_) => serializer.collect_str(self.0),
        }
    }
}

/// Named values as a JSON object, keys in their order.
struct Entries<'a>(&'a [(Arc<str>, Value)]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(&**key, &Json(value))?;
        }
        map.end()
    }
}

/// Writes the JSONL trace to a writer through serde. The first write error
/// is kept and closes the sink.
pub struct SerdeJsonlWriter<W: Write> {
    out: W,
    error: Option<io::Error>,
}

impl<W: Write> SerdeJsonlWriter<W> {
    /// A trace writer over `out` (wrap files and stdout in a `BufWriter`).
    pub fn new(out: W) -> SerdeJsonlWriter<W> {
        SerdeJsonlWriter { out, error: None }
    }

    /// Flushes and returns the first write error, if any.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.out.flush()
    }
}

impl<W: Write> HistorySink for SerdeJsonlWriter<W> {
    fn record(&mut self, entry: &HistoryEntry) {
        if self.error.is_some() {
            return;
        }
        let written = serde_json::to_writer(&mut self.out, &TraceLine(entry))
            .map_err(io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"));
        if let Err(error) = written {
            self.error = Some(error);
        }
    }

    fn is_closed(&self) -> bool {
        self.error.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::history::{DelayReason, jsonl_line};
    use crate::engine::input::parse_instant;

    fn serde_line(entry: &HistoryEntry) -> String {
        serde_json::to_string(&TraceLine(entry)).expect("a trace line serializes")
    }

    #[test]
    fn every_kind_and_value_writes_the_hand_written_bytes() {
        let at = parse_instant("2026-11-27T08:00:00Z").expect("instant");
        let far = DateTime::<Utc>::from_timestamp(-70_000_000_000, 0).expect("year -249");
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).expect("date");
        let values = vec![
            Value::Unknown,
            Value::Bool(true),
            Value::Number(-0.0),
            Value::Number(0.1),
            Value::Number(1e300),
            Value::Number(12345678901234567.0),
            Value::Number(f64::NAN),
            Value::Number(f64::INFINITY),
            Value::str("a \"quote\" \\ line\nbreak\ttab\r bell\u{7} åäö ☃"),
            Value::Date(date),
            Value::DateTime(at),
            Value::List(Arc::from(vec![
                Value::Number(1.0),
                Value::str("x"),
                Value::List(Arc::from(vec![])),
            ])),
            Value::Map(Arc::from(vec![
                (Arc::from("z\""), Value::Number(1.0)),
                (Arc::from("a"), Value::Unknown),
            ])),
        ];
        let mut kinds = vec![
            HistoryKind::Enrolled,
            HistoryKind::GoalMet,
            HistoryKind::Unenrolled,
            HistoryKind::Finished { stopped: true },
            HistoryKind::Finished { stopped: false },
            HistoryKind::Clear {
                property: Arc::from("company.industry"),
            },
            HistoryKind::Delayed {
                until: None,
                reason: DelayReason::Event,
                awaiting: Some(Arc::from("form")),
            },
            HistoryKind::Delayed {
                until: Some(far),
                reason: DelayReason::Window,
                awaiting: None,
            },
            HistoryKind::Error {
                message: "HTTP 503 \"busy\"".into(),
                action: Some(Arc::from("webhook")),
            },
            HistoryKind::Error {
                message: String::new(),
                action: None,
            },
            HistoryKind::Action {
                action: Arc::from("webhook"),
                args: values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Arc::from(format!("a{i}")), v.clone()))
                    .collect(),
            },
        ];
        for value in values {
            kinds.push(HistoryKind::Set {
                property: Arc::from("score"),
                value,
            });
        }
        for kind in kinds {
            let entry = HistoryEntry {
                at,
                workflow: Arc::from("Lead \"nurture\""),
                record: Arc::from("c1\n"),
                kind,
            };
            assert_eq!(serde_line(&entry), jsonl_line(&entry));
        }
    }
}
