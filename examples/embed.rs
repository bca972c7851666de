//! Embedding the engine in a host: compile a workflow from source, run it over
//! records with the host's own action handler, feed an event, and read the
//! history as it happens.
//!
//! `cargo run --example embed`

use std::process::ExitCode;
use std::sync::Arc;

use wf::diagnostics::Sources;
use wf::engine::input::parse_instant;
use wf::engine::{
    ActionError, ActionHandler, Engine, EngineOptions, HistoryEntry, HistoryKind, InputEvent, InputEventKind,
    NewRecord, Outputs,
};
use wf::value::Value;

const SOURCE: &str = r#"
workflow "Welcome" {
  object contact
  enroll when lifecycle_stage == "lead"
  goal lifecycle_stage == "customer"

  let sync = webhook(url: "https://crm.example.com/sync/{{email}}", method: "POST")
  branch on sync.status {
    200 => { set synced = true }
    else => { send_email("sync-failed") }
  }
  send_email("welcome-1")
  delay until event demo_booked timeout 3 days else {
    send_email("welcome-reminder")
  }
  send_email("welcome-2")
}
"#;

/// The host's handler: it "sends" emails into a list and answers webhooks.
#[derive(Default)]
struct Host {
    outbox: Vec<String>,
}

impl ActionHandler for Host {
    fn call(&mut self, action: &str, args: &[(&str, Value)]) -> Result<Outputs, ActionError> {
        match action {
            "send_email" => {
                let email = args
                    .iter()
                    .find(|(name, _)| *name == "email")
                    .map(|(_, v)| v.to_string());
                self.outbox.push(email.unwrap_or_default());
                Ok(Vec::new())
            }
            "webhook" => Ok(vec![
                (Arc::from("status"), Value::Number(200.0)),
                (Arc::from("body"), Value::str("ok")),
            ]),
            other => Err(ActionError {
                retryable: false,
                message: format!("this host does not support `{other}`"),
            }),
        }
    }
}

fn contact(id: &str, stage: &str, email: &str) -> NewRecord {
    NewRecord {
        id: Arc::from(id),
        object: Arc::from("contact"),
        properties: vec![
            (Arc::from("lifecycle_stage"), Value::str(stage)),
            (Arc::from("email"), Value::str(email)),
        ],
        associations: Vec::new(),
    }
}

/// The history sink: one short line per entry, as it happens.
fn print(entry: &HistoryEntry) {
    let what = match &entry.kind {
        HistoryKind::Action { action, .. } => format!("action {action}"),
        HistoryKind::Set { property, value } => format!("set {property} = {value}"),
        HistoryKind::Delayed { until: Some(t), .. } => format!("delayed until {t}"),
        other => other.name().to_string(),
    };
    println!("{}  {:<8} {:<4} {what}", entry.at, entry.workflow, entry.record);
}

fn main() -> ExitCode {
    let mut sources = Sources::new();
    sources.add("welcome.wf", SOURCE);
    let report = wf::check_sources(&sources, &Default::default());
    if report.has_errors() {
        wf::diagnostics::emit_to_stderr(&sources, &report.diagnostics, false);
        return ExitCode::FAILURE;
    }
    let program = match wf::compile::compile_project(&report.files, &sources) {
        Ok(program) => program,
        Err(diagnostics) => {
            wf::diagnostics::emit_to_stderr(&sources, &diagnostics, false);
            return ExitCode::FAILURE;
        }
    };
    let Some(start) = parse_instant("2026-11-27T08:00:00Z") else {
        return ExitCode::FAILURE;
    };
    let options = EngineOptions { start, seed: 42 };
    let mut engine = Engine::new(program, Host::default(), print, options);
    for record in [
        contact("ana", "lead", "ana@example.se"),
        contact("bo", "lead", "bo@example.se"),
        contact("cy", "subscriber", "cy@example.se"),
    ] {
        if let Err(error) = engine.add_record(record) {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    }
    let booked = InputEvent {
        at: start + chrono::Duration::days(1),
        line: 0,
        kind: InputEventKind::Event {
            record: Arc::from("ana"),
            name: Arc::from("demo_booked"),
            data: Vec::new(),
        },
    };
    if let Err(error) = engine.push_event(booked) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    // Advance the clock one day at a time, as a host's scheduler would.
    for day in 1..=5 {
        engine.run_until(start + chrono::Duration::days(day));
    }
    let (host, _) = engine.into_parts();
    println!("outbox: {:?}", host.outbox);
    ExitCode::SUCCESS
}
