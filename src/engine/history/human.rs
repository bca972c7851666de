//! The trace for a person at a terminal (`wf run --format human`): entries
//! grouped by instant, shown in the workflow's zone with its offset, and
//! within an instant by enrollment; the inputs where they take effect; why
//! each wait began and ended; `stop` told apart from running off the end; a
//! closing summary. Whether to colour is the caller's decision (the CLI).
//!
//! ```text
//! Friday 2026-11-27 09:00 +01:00  Europe/Stockholm
//!   Lead nurture · c1
//!     enrolled
//!     send_email(email: "welcome-1")
//!     waits until Sun 2026-11-29 09:00 +01:00 (in 2 days)
//! ```
//!
//! Decisions where the trace format leaves the design open: an instant's heading is in
//! the zone of the workflow whose line comes first at that instant (for an
//! input, the zone of the project's first workflow, UTC without workflows); an
//! enrollment of a workflow in another zone shows its own local time beside
//! its header, and its waits in its own zone. `--tz` replaces every
//! workflow's zone.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use super::{DelayReason, HistoryEntry, HistoryKind, HistorySink, Note, WaitEnd, write_json_value};
use crate::compile::program::Program;
use crate::engine::input::{InputEvent, InputEventKind};
use crate::value::Value;

/// How a [`HumanWriter`] writes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HumanOptions {
    /// ANSI colours (the CLI decides: a terminal, no `NO_COLOR`).
    pub color: bool,
    /// One zone for every instant instead of each workflow's own (`--tz`).
    pub zone: Option<Tz>,
}

/// What a run leaves behind, for the closing summary ([`crate::engine::Engine::totals`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunTotals {
    /// Every record the run had, deleted ones too.
    pub records: usize,
    /// Records that no workflow enrolled.
    pub never_enrolled: usize,
    /// Enrollments still waiting (or about to start) when the run ended.
    pub waiting: usize,
}

/// Writes the human trace; [`HumanWriter::finish`] adds the summary. The
/// first write error is kept and closes the sink.
pub struct HumanWriter<W: Write> {
    out: W,
    color: bool,
    /// `--tz`, replacing every workflow's zone.
    fixed: Option<Tz>,
    /// Each workflow's zone, by name.
    zones: HashMap<Arc<str>, Tz>,
    /// Each workflow's zone and `blocked` dates, by name: a hold says which
    /// of the two held it.
    blocked: HashMap<Arc<str>, (Tz, Vec<NaiveDate>)>,
    /// The zone of inputs and of lines of unknown workflows.
    default_zone: Tz,
    /// The instant and zone of the last heading.
    heading: Option<(DateTime<Utc>, Tz)>,
    /// The workflow and record of the last enrollment header.
    group: Option<(Arc<str>, Arc<str>)>,
    counts: Counts,
    /// The text being written, reused.
    text: String,
    error: Option<io::Error>,
}

#[derive(Default)]
struct Counts {
    inputs: u64,
    enrolled: u64,
    actions: u64,
    errors: u64,
    finished: u64,
    stopped: u64,
    goals: u64,
    unenrolled: u64,
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const MAGENTA: &str = "\x1b[35m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

impl<W: Write> HumanWriter<W> {
    /// A writer over `out` for the workflows of `program`.
    pub fn new(out: W, program: &Program, options: HumanOptions) -> HumanWriter<W> {
        let zones = program
            .workflows
            .iter()
            .map(|w| (Arc::from(w.name.as_str()), w.zone))
            .collect();
        let blocked = program
            .workflows
            .iter()
            .filter(|w| !w.blocked.is_empty())
            .map(|w| (Arc::from(w.name.as_str()), (w.zone, w.blocked.clone())))
            .collect();
        let first = program.workflows.first().map_or(Tz::UTC, |w| w.zone);
        HumanWriter {
            out,
            color: options.color,
            fixed: options.zone,
            zones,
            blocked,
            default_zone: options.zone.unwrap_or(first),
            heading: None,
            group: None,
            counts: Counts::default(),
            text: String::with_capacity(256),
            error: None,
        }
    }

    /// Writes the closing summary and flushes; gives back the writer, or the
    /// first write error.
    pub fn finish(mut self, totals: RunTotals) -> io::Result<W> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let text = self.summary(totals);
        self.out.write_all(text.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn summary(&self, totals: RunTotals) -> String {
        let c = &self.counts;
        let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut out = String::new();
        if self.heading.is_some() {
            out.push('\n');
        }
        out.push_str(&self.paint(BOLD, "Summary"));
        out.push('\n');
        let never = match totals.never_enrolled {
            0 => "every one enrolled".to_string(),
            n if n == totals.records => "no workflow enrolled any of them".to_string(),
            1 => "1 that no workflow enrolled".to_string(),
            n => format!("{n} that no workflow enrolled"),
        };
        let never = if totals.never_enrolled > 0 {
            self.paint(YELLOW, &never)
        } else {
            never
        };
        let rows = [
            ("records", format!("{} ({never})", totals.records)),
            ("inputs", c.inputs.to_string()),
            (
                "enrollments",
                format!(
                    "{}: {} finished, {} stopped, {} met the goal, {} unenrolled, {} still waiting",
                    c.enrolled, c.finished, c.stopped, c.goals, c.unenrolled, totals.waiting
                ),
            ),
            ("actions", c.actions.to_string()),
            (
                "errors",
                if c.errors > 0 {
                    self.paint(RED, &plural(c.errors, "error"))
                } else {
                    "none".to_string()
                },
            ),
        ];
        for (label, value) in rows {
            let _ = writeln!(out, "  {label:<12} {value}");
        }
        out
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn zone_of(&self, workflow: &str) -> Tz {
        self.fixed
            .or_else(|| self.zones.get(workflow).copied())
            .unwrap_or(self.default_zone)
    }

    /// Starts a new instant's heading, in `zone`, when `at` changed.
    fn heading(&mut self, at: DateTime<Utc>, zone: Tz) {
        if self.heading.is_some_and(|(last, _)| last == at) {
            return;
        }
        if self.heading.is_some() {
            self.text.push('\n');
        }
        let local = at.with_timezone(&zone);
        let seconds = if local.format("%S").to_string() == "00" {
            ""
        } else {
            ":%S"
        };
        let when = local.format(&format!("%A %Y-%m-%d %H:%M{seconds} %:z")).to_string();
        let heading = format!("{}  {}", self.paint(BOLD, &when), self.paint(DIM, zone.name()));
        self.text.push_str(&heading);
        self.text.push('\n');
        self.heading = Some((at, zone));
        self.group = None;
    }

    /// Starts a new enrollment header when the workflow or record changed;
    /// a workflow in another zone than the heading's shows its local time.
    fn group(&mut self, workflow: &Arc<str>, record: &Arc<str>, zone: Tz) {
        if self.group.as_ref().is_some_and(|(w, r)| w == workflow && r == record) {
            return;
        }
        let mut header = format!("  {} · {}", self.paint(CYAN, workflow), self.paint(BOLD, record));
        if let Some((at, shown)) = self.heading
            && shown != zone
        {
            let local = at.with_timezone(&zone);
            let seconds = if local.format("%S").to_string() == "00" {
                ""
            } else {
                ":%S"
            };
            let when = local.format(&format!("%a %H:%M{seconds} %:z")).to_string();
            header.push_str(&self.paint(DIM, &format!("  ({when} {})", zone.name())));
        }
        header.push('\n');
        self.text.push_str(&header);
        self.group = Some((workflow.clone(), record.clone()));
    }

    /// An instant in `zone`, short: `Sun 2026-11-29 09:00 +01:00`.
    fn instant(at: DateTime<Utc>, zone: Tz) -> String {
        let local = at.with_timezone(&zone);
        let seconds = if local.format("%S").to_string() == "00" {
            ""
        } else {
            ":%S"
        };
        local.format(&format!("%a %Y-%m-%d %H:%M{seconds} %:z")).to_string()
    }

    /// The entry's local date in its workflow's own zone, when it is one of
    /// the workflow's `blocked` dates.
    fn blocked_today(&self, entry: &HistoryEntry) -> Option<NaiveDate> {
        let (zone, dates) = self.blocked.get(&entry.workflow)?;
        let today = entry.at.with_timezone(zone).date_naive();
        dates.contains(&today).then_some(today)
    }

    /// The text of one history entry (without indentation).
    fn entry_text(&mut self, entry: &HistoryEntry, zone: Tz) -> String {
        match &entry.kind {
            HistoryKind::Enrolled => {
                self.counts.enrolled += 1;
                self.paint(BOLD, "enrolled")
            }
            HistoryKind::Action { action, args } => {
                self.counts.actions += 1;
                let mut call = format!("{action}(");
                write_pairs(&mut call, args, ": ");
                call.push(')');
                call
            }
            HistoryKind::Set { property, value } => {
                let mut text = format!("set {property} = ");
                write_value(&mut text, value);
                text
            }
            HistoryKind::Clear { property } => format!("clear {property}"),
            HistoryKind::Delayed {
                until,
                reason,
                awaiting,
            } => {
                let until = until.map(|t| format!("{} ({})", Self::instant(t, zone), relative(entry.at, t)));
                let event = awaiting.as_deref().unwrap_or("?");
                let text = match (reason, until) {
                    (DelayReason::Event, Some(t)) => format!("waits for event {event}, at most until {t}"),
                    (DelayReason::Event, None) => format!("waits for event {event} (no timeout)"),
                    (DelayReason::Window, Some(t)) => match self.blocked_today(entry) {
                        Some(date) => format!("held until {t}: {date} is a blocked date"),
                        None => format!("held until {t}: outside the workflow's windows"),
                    },
                    (DelayReason::Retry, Some(t)) => format!("will try again at {t}"),
                    (DelayReason::Callback, Some(t)) => format!("waits for the receiver's answer, at most until {t}"),
                    (DelayReason::Callback, None) => "waits for the receiver's answer".to_string(),
                    (_, Some(t)) => format!("waits until {t}"),
                    (_, None) => "waits".to_string(),
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
            HistoryKind::Finished { stopped: true } => {
                self.counts.stopped += 1;
                self.paint(BOLD, "stopped by a `stop` step")
            }
            HistoryKind::Finished { stopped: false } => {
                self.counts.finished += 1;
                self.paint(DIM, "finished: ran past its last step")
            }
            HistoryKind::GoalMet => {
                self.counts.goals += 1;
                self.paint(GREEN, "goal met")
            }
            HistoryKind::Unenrolled => {
                self.counts.unenrolled += 1;
                self.paint(YELLOW, "unenrolled")
            }
        }
    }

    fn write_out(&mut self) {
        if let Err(error) = self.out.write_all(self.text.as_bytes()) {
            self.error = Some(error);
        }
        self.text.clear();
    }
}

/// `name: value, …` with values as in the trace (unknown as `unknown`).
fn write_pairs(out: &mut String, pairs: &[(Arc<str>, Value)], between: &str) {
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name);
        out.push_str(between);
        write_value(out, value);
    }
}

/// A value as JSON, except that the unknown value reads `unknown`.
fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Unknown => out.push_str("unknown"),
        other => write_json_value(out, other),
    }
}

/// What an input does, in a few words: `event form_submitted for c1 (form: "demo")`.
fn input_text(input: &InputEvent) -> String {
    let mut text = String::new();
    match &input.kind {
        InputEventKind::Event { record, name, data } => {
            let _ = write!(text, "event {name} for {record}");
            if !data.is_empty() {
                text.push_str(" (");
                write_pairs(&mut text, data, ": ");
                text.push(')');
            }
        }
        InputEventKind::Update { record, properties } => {
            let _ = write!(text, "update of {record}: ");
            write_pairs(&mut text, properties, " = ");
        }
        InputEventKind::Create(new) => {
            text.push_str("new ");
            text.push_str(&new.object);
            text.push(' ');
            text.push_str(&new.id);
            if !new.properties.is_empty() {
                text.push_str(" (");
                write_pairs(&mut text, &new.properties, ": ");
                text.push(')');
            }
        }
        InputEventKind::Delete { record } => {
            let _ = write!(text, "deletion of {record}");
        }
    }
    text
}

/// Why a wait ended, in words.
fn wait_end_text(by: &WaitEnd) -> String {
    match by {
        WaitEnd::Elapsed => "the delay is over".to_string(),
        WaitEnd::Event { event } => format!("event {event} arrived: the wait is over"),
        WaitEnd::Timeout { event } => format!("no {event} event in time: the timeout runs"),
        WaitEnd::WindowOpened => "the window is open: the held step runs".to_string(),
        WaitEnd::Retry => "trying the failed action again".to_string(),
    }
}

/// `in 2 days 3 hours`: the time from `from` to `to` in at most two units.
fn relative(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let seconds = (to - from).num_seconds();
    if seconds <= 0 {
        return "now".to_string();
    }
    let units = [(86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")];
    let mut rest = seconds;
    let mut parts = Vec::new();
    for (size, name) in units {
        let n = rest / size;
        if n > 0 && parts.len() < 2 {
            parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
            rest -= n * size;
        } else if !parts.is_empty() {
            // Two units at most, and only adjacent ones: `1 day 3 hours`,
            // never `1 day 5 minutes`.
            break;
        }
    }
    format!("in {}", parts.join(" "))
}

impl<W: Write> HistorySink for HumanWriter<W> {
    fn record(&mut self, entry: &HistoryEntry) {
        if self.error.is_some() {
            return;
        }
        let zone = self.zone_of(&entry.workflow);
        self.heading(entry.at, zone);
        self.group(&entry.workflow, &entry.record, zone);
        let what = self.entry_text(entry, zone);
        self.text.push_str("    ");
        self.text.push_str(&what);
        self.text.push('\n');
        self.write_out();
    }

    fn note(&mut self, note: &Note<'_>) {
        if self.error.is_some() {
            return;
        }
        match note {
            Note::Input { at, input } => {
                self.counts.inputs += 1;
                self.heading(*at, self.default_zone);
                let text = format!(
                    "  {} {}\n",
                    self.paint(MAGENTA, "▸"),
                    self.paint(MAGENTA, &input_text(input))
                );
                self.text.push_str(&text);
                // The next line of an enrollment repeats its header.
                self.group = None;
            }
            Note::Resumed {
                at,
                workflow,
                record,
                by,
            } => {
                let zone = self.zone_of(workflow);
                self.heading(*at, zone);
                self.group(workflow, record, zone);
                let text = format!("    {}\n", self.paint(DIM, &wait_end_text(by)));
                self.text.push_str(&text);
            }
        }
        self.write_out();
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
    fn relative_times_use_two_adjacent_units() {
        let t = |s: &str| parse_instant(s).expect("instant");
        let from = t("2026-11-27T08:00:00Z");
        for (to, expected) in [
            ("2026-11-27T08:00:00Z", "now"),
            ("2026-11-27T08:45:00Z", "in 45 minutes"),
            ("2026-11-29T08:00:00Z", "in 2 days"),
            ("2026-11-28T09:30:00Z", "in 1 day 1 hour"),
            ("2026-11-28T08:05:00Z", "in 1 day"),
            ("2026-11-27T08:00:30Z", "in 30 seconds"),
        ] {
            assert_eq!(relative(from, t(to)), expected, "{to}");
        }
    }

    #[test]
    fn inputs_read_as_sentences() {
        let input = |kind| InputEvent {
            at: parse_instant("2026-11-27T08:00:00Z").expect("instant"),
            line: 1,
            kind,
        };
        let event = input(InputEventKind::Event {
            record: Arc::from("c1"),
            name: Arc::from("form_submitted"),
            data: vec![(Arc::from("form"), Value::str("demo"))],
        });
        assert_eq!(input_text(&event), r#"event form_submitted for c1 (form: "demo")"#);
        let update = input(InputEventKind::Update {
            record: Arc::from("c1"),
            properties: vec![
                (Arc::from("score"), Value::Number(80.0)),
                (Arc::from("lead_status"), Value::Unknown),
            ],
        });
        assert_eq!(input_text(&update), "update of c1: score = 80, lead_status = unknown");
        let delete = input(InputEventKind::Delete {
            record: Arc::from("c9"),
        });
        assert_eq!(input_text(&delete), "deletion of c9");
    }
}
