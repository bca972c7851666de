//! The history of a run (docs/language.md 10) and its two forms: the JSONL trace of
//! docs/formats.md, key order fixed, and a human timeline. Entries go to a
//! [`HistorySink`] as they happen; nothing accumulates the whole history.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::input::InputEvent;
use crate::value::{Value, format_instant, number_json};

mod human;
mod serde_jsonl;

pub use human::{HumanOptions, HumanWriter, RunTotals};
pub use serde_jsonl::{SerdeJsonlWriter, TraceLine};

/// One thing that happened to one enrollment.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// When it happened (virtual clock).
    pub at: DateTime<Utc>,
    /// The workflow's name.
    pub workflow: Arc<str>,
    /// The enrolled record's id.
    pub record: Arc<str>,
    /// What happened.
    pub kind: HistoryKind,
}

/// What happened, with the keys docs/formats.md gives each `event`.
#[derive(Clone, Debug, PartialEq)]
pub enum HistoryKind {
    /// The record enrolled.
    Enrolled,
    /// An action was called (record-changing actions too).
    Action {
        /// The catalog name (`send_email`, `slack.send_message`).
        action: Arc<str>,
        /// Arguments by parameter name, evaluated, templates rendered.
        args: Vec<(Arc<str>, Value)>,
    },
    /// A property was set (also by `increment`/`decrement`).
    Set {
        /// The path as written (`score`, `company.industry`).
        property: Arc<str>,
        /// The new value.
        value: Value,
    },
    /// A property was cleared.
    Clear {
        /// The path as written.
        property: Arc<str>,
    },
    /// The enrollment suspended until an instant (`None`: an event wait without timeout).
    Delayed {
        /// The wake instant (for an event wait, its timeout).
        until: Option<DateTime<Utc>>,
        /// Why it waits: the trace's `reason`.
        reason: DelayReason,
        /// The awaited event's name, for an event wait (not a key of the JSONL trace).
        awaiting: Option<Arc<str>>,
    },
    /// Something failed; the enrollment went on.
    Error {
        /// What went wrong.
        message: String,
        /// The failed action, when an action failed.
        action: Option<Arc<str>>,
    },
    /// Ran past its last step, or reached `stop` (`stopped`: the trace's `"by": "stop"`).
    Finished {
        /// A `stop` step ended it.
        stopped: bool,
    },
    /// The goal held.
    GoalMet,
    /// `unenroll when` held, or the record was deleted.
    Unenrolled,
}

/// Why an enrollment suspended: the `reason` of a `delayed` line (docs/formats.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DelayReason {
    /// A `delay` step (a duration, a time, a date or a date property).
    Delay,
    /// A `delay until event` wait.
    Event,
    /// Held outside every `window`, or on a `blocked` date.
    Window,
    /// A retryable action failure, tried again later.
    Retry,
    /// An action's receiver answered "pending" and will call back (a later
    /// runtime; the simulator never suspends for this).
    Callback,
}

impl DelayReason {
    /// The trace's `reason` word.
    pub fn name(self) -> &'static str {
        match self {
            DelayReason::Delay => "delay",
            DelayReason::Event => "event",
            DelayReason::Window => "window",
            DelayReason::Retry => "retry",
            DelayReason::Callback => "callback",
        }
    }
}

/// Why a suspended enrollment went on: the other half of a `delayed` line.
/// Not a trace line; a sink learns it through [`HistorySink::note`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitEnd {
    /// A `delay` reached its wake instant.
    Elapsed,
    /// The awaited event arrived (and its `where` held).
    Event {
        /// The event's name.
        event: Arc<str>,
    },
    /// An event wait reached its timeout; its `else` block runs.
    Timeout {
        /// The event that did not come.
        event: Arc<str>,
    },
    /// A window opened (or the blocked date passed).
    WindowOpened,
    /// The time for the next try of a failed action came.
    Retry,
}

/// Context that is not a line of the JSONL trace but explains it: an input
/// taking effect, a wait ending. The engine gives it to
/// [`HistorySink::note`] in order with the entries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Note<'a> {
    /// An input (event, update, creation, deletion) takes effect now, before
    /// what it causes.
    Input {
        /// The instant.
        at: DateTime<Utc>,
        /// The input as given.
        input: &'a InputEvent,
    },
    /// A suspended enrollment goes on now.
    Resumed {
        /// The instant.
        at: DateTime<Utc>,
        /// The workflow's name.
        workflow: &'a Arc<str>,
        /// The enrolled record's id.
        record: &'a Arc<str>,
        /// Why its wait ended.
        by: &'a WaitEnd,
    },
}

impl HistoryKind {
    /// The trace's `event` word.
    pub fn name(&self) -> &'static str {
        match self {
            HistoryKind::Enrolled => "enrolled",
            HistoryKind::Action { .. } => "action",
            HistoryKind::Set { .. } => "set",
            HistoryKind::Clear { .. } => "clear",
            HistoryKind::Delayed { .. } => "delayed",
            HistoryKind::Error { .. } => "error",
            HistoryKind::Finished { .. } => "finished",
            HistoryKind::GoalMet => "goal_met",
            HistoryKind::Unenrolled => "unenrolled",
        }
    }
}

/// Where history entries go, one at a time, in the order things happen.
pub trait HistorySink {
    /// Takes one entry.
    fn record(&mut self, entry: &HistoryEntry);

    /// Takes context that is not a trace line (an input, a wait ending); by
    /// default it is dropped, as the JSONL trace has no line for it.
    fn note(&mut self, note: &Note<'_>) {
        let _ = note;
    }

    /// True when the sink can take no more (a closed pipe): the engine stops.
    fn is_closed(&self) -> bool {
        false
    }
}

impl<F: FnMut(&HistoryEntry)> HistorySink for F {
    fn record(&mut self, entry: &HistoryEntry) {
        self(entry)
    }
}

/// A sink that keeps every entry (tests and small embeddings).
#[derive(Clone, Debug, Default)]
pub struct VecSink {
    /// The entries so far.
    pub entries: Vec<HistoryEntry>,
}

impl HistorySink for VecSink {
    fn record(&mut self, entry: &HistoryEntry) {
        self.entries.push(entry.clone());
    }
}

/// The entry as one JSONL trace line (no newline), keys in docs/formats.md order.
pub fn jsonl_line(entry: &HistoryEntry) -> String {
    let mut out = String::with_capacity(128);
    write_jsonl_line(&mut out, entry);
    out
}

/// Appends [`jsonl_line`] to `out`, so that a writer can reuse one buffer.
pub fn write_jsonl_line(out: &mut String, entry: &HistoryEntry) {
    out.push_str("{\"at\":");
    write_json_instant(out, entry.at);
    out.push_str(",\"workflow\":");
    write_json_str(out, &entry.workflow);
    out.push_str(",\"record\":");
    write_json_str(out, &entry.record);
    out.push_str(",\"event\":");
    write_json_str(out, entry.kind.name());
    match &entry.kind {
        HistoryKind::Action { action, args } => {
            out.push_str(",\"action\":");
            write_json_str(out, action);
            out.push_str(",\"args\":");
            write_json_map(out, args);
        }
        HistoryKind::Set { property, value } => {
            out.push_str(",\"property\":");
            write_json_str(out, property);
            out.push_str(",\"value\":");
            write_json_value(out, value);
        }
        HistoryKind::Clear { property } => {
            out.push_str(",\"property\":");
            write_json_str(out, property);
        }
        HistoryKind::Delayed { until, reason, .. } => {
            out.push_str(",\"until\":");
            match until {
                Some(t) => write_json_instant(out, *t),
                None => out.push_str("null"),
            }
            out.push_str(",\"reason\":");
            write_json_str(out, reason.name());
        }
        HistoryKind::Error { message, action } => {
            out.push_str(",\"message\":");
            write_json_str(out, message);
            if let Some(action) = action {
                out.push_str(",\"action\":");
                write_json_str(out, action);
            }
        }
        HistoryKind::Finished { stopped: true } => out.push_str(",\"by\":\"stop\""),
        HistoryKind::Enrolled
        | HistoryKind::Finished { stopped: false }
        | HistoryKind::GoalMet
        | HistoryKind::Unenrolled => {}
    }
    out.push('}');
}

/// An instant as a JSON string, as [`format_instant`] writes it, without the
/// intermediate `String` (one per trace line otherwise).
fn write_json_instant(out: &mut String, t: DateTime<Utc>) {
    match instant_text(t) {
        Some(digits) => {
            out.push('"');
            // Only ASCII digits were written into an ASCII template.
            out.push_str(std::str::from_utf8(&digits).unwrap_or_default());
            out.push('"');
        }
        None => write_json_str(out, &format_instant(t)),
    }
}

/// [`format_instant`]'s text in a stack buffer, for years 0 to 9999.
fn instant_text(t: DateTime<Utc>) -> Option<[u8; 20]> {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return None;
    }
    // `YYYY-MM-DDTHH:MM:SSZ`, filled right to left.
    let mut buf = *b"0000-00-00T00:00:00Z";
    let fields = [
        (year as u32, 0..4),
        (t.month(), 5..7),
        (t.day(), 8..10),
        (t.hour(), 11..13),
        (t.minute(), 14..16),
        (t.second(), 17..19),
    ];
    for (mut n, range) in fields {
        for place in buf.get_mut(range).unwrap_or_default().iter_mut().rev() {
            *place = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    Some(buf)
}

/// A value as JSON (docs/formats.md), keeping the order of map keys.
pub fn write_json_value(out: &mut String, value: &Value) {
    match value {
        Value::Unknown => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{}", number_json(*n));
        }
        Value::Str(s) => write_json_str(out, s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_value(out, item);
            }
            out.push(']');
        }
        Value::Map(entries) => write_json_map(out, entries),
        Value::Date(_) | Value::DateTime(_) | Value::Duration(_) => write_json_str(out, &value.to_string()),
    }
}

fn write_json_map(out: &mut String, entries: &[(Arc<str>, Value)]) {
    out.push('{');
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_str(out, key);
        out.push(':');
        write_json_value(out, value);
    }
    out.push('}');
}

/// A JSON string literal.
pub fn write_json_str(out: &mut String, text: &str) {
    // Most strings need no escape: one test over all bytes (no early exit,
    // so the compiler vectorises it), then one copy.
    let plain = text
        .bytes()
        .fold(true, |plain, b| plain & (b >= 0x20 && b != b'"' && b != b'\\'));
    if plain {
        out.reserve(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
        return;
    }
    out.push('"');
    // Copy runs of characters that need no escape in one go; only `"`, `\`
    // and control characters (all ASCII) are escaped.
    let mut run = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(text.get(run..i).unwrap_or_default());
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", byte);
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(text.get(run..).unwrap_or_default());
    out.push('"');
}

/// Writes the JSONL trace to a writer. The first write error is kept and
/// closes the sink.
pub struct JsonlWriter<W: Write> {
    out: W,
    error: Option<io::Error>,
    /// The line being written, reused.
    line: String,
}

impl<W: Write> JsonlWriter<W> {
    /// A trace writer over `out` (wrap files and stdout in a `BufWriter`).
    pub fn new(out: W) -> JsonlWriter<W> {
        JsonlWriter {
            out,
            error: None,
            line: String::with_capacity(256),
        }
    }

    /// Flushes and returns the first write error, if any.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.out.flush()
    }
}

impl<W: Write> HistorySink for JsonlWriter<W> {
    fn record(&mut self, entry: &HistoryEntry) {
        if self.error.is_some() {
            return;
        }
        self.line.clear();
        write_jsonl_line(&mut self.line, entry);
        self.line.push('\n');
        if let Err(error) = self.out.write_all(self.line.as_bytes()) {
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
    use crate::engine::input::parse_instant;

    #[test]
    fn strings_escape_like_serde_json() {
        for text in [
            "plain",
            "a \"quote\" and \\ slash",
            "line\nbreak\ttab\r",
            "bell\u{7}",
            "åäö ☃ {{x}}",
            "",
        ] {
            let mut out = String::new();
            write_json_str(&mut out, text);
            let expected = serde_json::to_string(text).expect("a string serializes");
            assert_eq!(out, expected);
        }
    }

    #[test]
    fn instants_write_like_format_instant() {
        for text in [
            "2026-11-27T08:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2026-03-29T01:05:09Z",
        ] {
            let t = parse_instant(text).expect("instant");
            let mut out = String::new();
            write_json_instant(&mut out, t);
            assert_eq!(out, format!("\"{}\"", format_instant(t)));
        }
    }

    fn entry(kind: HistoryKind) -> HistoryEntry {
        HistoryEntry {
            at: parse_instant("2026-11-27T08:00:00Z").expect("instant"),
            workflow: Arc::from("Lead nurture"),
            record: Arc::from("c1"),
            kind,
        }
    }

    #[test]
    fn jsonl_lines_follow_cli_md() {
        let action = entry(HistoryKind::Action {
            action: Arc::from("webhook"),
            args: vec![
                (Arc::from("url"), Value::str("https://x/\"q\"")),
                (
                    Arc::from("body"),
                    Value::Map(Arc::from(vec![
                        (Arc::from("z"), Value::Number(1.0)),
                        (Arc::from("a"), Value::Number(2.5)),
                    ])),
                ),
            ],
        });
        assert_eq!(
            jsonl_line(&action),
            r#"{"at":"2026-11-27T08:00:00Z","workflow":"Lead nurture","record":"c1","event":"action","action":"webhook","args":{"url":"https://x/\"q\"","body":{"z":1,"a":2.5}}}"#
        );
        assert_eq!(
            jsonl_line(&entry(HistoryKind::Delayed {
                until: None,
                reason: DelayReason::Event,
                awaiting: Some(Arc::from("form_submitted"))
            })),
            r#"{"at":"2026-11-27T08:00:00Z","workflow":"Lead nurture","record":"c1","event":"delayed","until":null,"reason":"event"}"#
        );
        let error = entry(HistoryKind::Error {
            message: "boom".into(),
            action: Some(Arc::from("webhook")),
        });
        assert!(jsonl_line(&error).ends_with(r#""event":"error","message":"boom","action":"webhook"}"#));
        assert!(jsonl_line(&entry(HistoryKind::GoalMet)).ends_with(r#""event":"goal_met"}"#));
        assert!(
            jsonl_line(&entry(HistoryKind::Finished { stopped: true })).ends_with(r#""event":"finished","by":"stop"}"#)
        );
        assert!(jsonl_line(&entry(HistoryKind::Finished { stopped: false })).ends_with(r#""event":"finished"}"#));
        for (reason, word) in [
            (DelayReason::Delay, "delay"),
            (DelayReason::Window, "window"),
            (DelayReason::Retry, "retry"),
            (DelayReason::Callback, "callback"),
        ] {
            let line = jsonl_line(&entry(HistoryKind::Delayed {
                until: parse_instant("2026-11-28T08:00:00Z"),
                reason,
                awaiting: None,
            }));
            assert!(
                line.ends_with(&format!(r#""until":"2026-11-28T08:00:00Z","reason":"{word}"}}"#)),
                "{line}"
            );
        }
    }
}
