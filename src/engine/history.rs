//! The history of a run (LANGUAGE.md 10) and its two forms: the JSONL trace of
//! CLI.md, key order fixed, and a human timeline. Entries go to a
//! [`HistorySink`] as they happen; nothing accumulates the whole history.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::value::{Value, format_instant, number_json};

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

/// What happened, with the keys CLI.md gives each `event`.
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
    /// Ran past its last step, or `stop`.
    Finished,
    /// The goal held.
    GoalMet,
    /// `unenroll when` held, or the record was deleted.
    Unenrolled,
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
            HistoryKind::Finished => "finished",
            HistoryKind::GoalMet => "goal_met",
            HistoryKind::Unenrolled => "unenrolled",
        }
    }
}

/// Where history entries go, one at a time, in the order things happen.
pub trait HistorySink {
    /// Takes one entry.
    fn record(&mut self, entry: &HistoryEntry);

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

/// The entry as one JSONL trace line (no newline), keys in CLI.md order.
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
        HistoryKind::Delayed { until, .. } => {
            out.push_str(",\"until\":");
            match until {
                Some(t) => write_json_instant(out, *t),
                None => out.push_str("null"),
            }
        }
        HistoryKind::Error { message, action } => {
            out.push_str(",\"message\":");
            write_json_str(out, message);
            if let Some(action) = action {
                out.push_str(",\"action\":");
                write_json_str(out, action);
            }
        }
        HistoryKind::Enrolled | HistoryKind::Finished | HistoryKind::GoalMet | HistoryKind::Unenrolled => {}
    }
    out.push('}');
}

/// An instant as a JSON string, as [`format_instant`] writes it, without the
/// intermediate `String` (one per trace line otherwise).
fn write_json_instant(out: &mut String, t: DateTime<Utc>) {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    if !(0..=9999).contains(&year) {
        write_json_str(out, &format_instant(t));
        return;
    }
    // `"YYYY-MM-DDTHH:MM:SSZ"`, filled right to left.
    let mut buf = *b"\"0000-00-00T00:00:00Z\"";
    let fields = [
        (year as u32, 1..5),
        (t.month(), 6..8),
        (t.day(), 9..11),
        (t.hour(), 12..14),
        (t.minute(), 15..17),
        (t.second(), 18..20),
    ];
    for (mut n, range) in fields {
        for place in buf.get_mut(range).unwrap_or_default().iter_mut().rev() {
            *place = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    // Only ASCII digits were written into an ASCII template.
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

/// A value as JSON (CLI.md), keeping the order of map keys.
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

/// Writes a human timeline: a heading per instant, then one line per entry,
/// coloured on request; [`HumanWriter::finish`] adds a summary.
pub struct HumanWriter<W: Write> {
    out: W,
    color: bool,
    last_at: Option<DateTime<Utc>>,
    counts: Counts,
    error: Option<io::Error>,
}

#[derive(Default)]
struct Counts {
    enrolled: u64,
    actions: u64,
    errors: u64,
    finished: u64,
    goals: u64,
    unenrolled: u64,
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

impl<W: Write> HumanWriter<W> {
    /// A timeline writer over `out`, with ANSI colours when `color`.
    pub fn new(out: W, color: bool) -> HumanWriter<W> {
        HumanWriter {
            out,
            color,
            last_at: None,
            counts: Counts::default(),
            error: None,
        }
    }

    /// Writes the closing summary, flushes, and returns the first write error.
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let c = &self.counts;
        let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let summary = format!(
            "{}, {}, {}, {} finished, {} met their goal, {} unenrolled",
            plural(c.enrolled, "enrollment"),
            plural(c.actions, "action"),
            plural(c.errors, "error"),
            c.finished,
            c.goals,
            c.unenrolled
        );
        let text = self.paint(DIM, &summary);
        writeln!(self.out, "\n{text}")?;
        self.out.flush()
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn line(&mut self, entry: &HistoryEntry) -> String {
        let mut out = String::new();
        if self.last_at != Some(entry.at) {
            if self.last_at.is_some() {
                out.push('\n');
            }
            let heading = entry.at.format("%Y-%m-%d %H:%M:%S UTC (%A)").to_string();
            out.push_str(&self.paint(BOLD, &heading));
            out.push('\n');
            self.last_at = Some(entry.at);
        }
        let who = format!("  {} {}  ", self.paint(CYAN, &entry.workflow), entry.record);
        out.push_str(&who);
        let what = match &entry.kind {
            HistoryKind::Enrolled => {
                self.counts.enrolled += 1;
                self.paint(BOLD, "enrolled")
            }
            HistoryKind::Action { action, args } => {
                self.counts.actions += 1;
                let mut call = format!("{action}(");
                for (i, (name, value)) in args.iter().enumerate() {
                    if i > 0 {
                        call.push_str(", ");
                    }
                    let _ = write!(call, "{name}: ");
                    write_json_value(&mut call, value);
                }
                call.push(')');
                call
            }
            HistoryKind::Set { property, value } => {
                let mut text = format!("set {property} = ");
                write_json_value(&mut text, value);
                text
            }
            HistoryKind::Clear { property } => format!("clear {property}"),
            HistoryKind::Delayed { until, awaiting } => {
                let until = until.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string());
                let text = match (awaiting, until) {
                    (Some(event), Some(t)) => format!("waits for event {event}, at most until {t}"),
                    (Some(event), None) => format!("waits for event {event}"),
                    (None, Some(t)) => format!("waits until {t}"),
                    (None, None) => "waits".to_string(),
                };
                self.paint(YELLOW, &text)
            }
            HistoryKind::Error { message, action } => {
                self.counts.errors += 1;
                let text = match action {
                    Some(action) => format!("error in {action}: {message}"),
                    None => format!("error: {message}"),
                };
                self.paint(RED, &text)
            }
            HistoryKind::Finished => {
                self.counts.finished += 1;
                self.paint(DIM, "finished")
            }
            HistoryKind::GoalMet => {
                self.counts.goals += 1;
                self.paint(GREEN, "goal met")
            }
            HistoryKind::Unenrolled => {
                self.counts.unenrolled += 1;
                self.paint(YELLOW, "unenrolled")
            }
        };
        out.push_str(&what);
        out.push('\n');
        out
    }
}

impl<W: Write> HistorySink for HumanWriter<W> {
    fn record(&mut self, entry: &HistoryEntry) {
        if self.error.is_some() {
            return;
        }
        let text = self.line(entry);
        if let Err(error) = self.out.write_all(text.as_bytes()) {
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
                awaiting: Some(Arc::from("form_submitted"))
            })),
            r#"{"at":"2026-11-27T08:00:00Z","workflow":"Lead nurture","record":"c1","event":"delayed","until":null}"#
        );
        let error = entry(HistoryKind::Error {
            message: "boom".into(),
            action: Some(Arc::from("webhook")),
        });
        assert!(jsonl_line(&error).ends_with(r#""event":"error","message":"boom","action":"webhook"}"#));
        assert!(jsonl_line(&entry(HistoryKind::GoalMet)).ends_with(r#""event":"goal_met"}"#));
    }

    #[test]
    fn human_timeline_groups_by_instant() {
        let mut writer = HumanWriter::new(Vec::new(), false);
        writer.record(&entry(HistoryKind::Enrolled));
        writer.record(&entry(HistoryKind::Set {
            property: Arc::from("score"),
            value: Value::Number(60.0),
        }));
        let text = writer.line(&entry(HistoryKind::Finished));
        assert_eq!(text, "  Lead nurture c1  finished\n");
        assert_eq!(
            String::from_utf8_lossy(&writer.out),
            "2026-11-27 08:00:00 UTC (Friday)\n  Lead nurture c1  enrolled\n  Lead nurture c1  set score = 60\n"
        );
    }
}
