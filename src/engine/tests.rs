//! Engine unit tests over a hand-built program (the compiler has its own
//! tests; the snapshot tests in `tests/run.rs` run compiled sources).

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::compile::opcode::{CmpOp, Op};
use crate::compile::program::*;
use crate::value::DurationValue;

fn utc(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).single().unwrap_or_default()
}

const SCORE: PropSlot = PropSlot(0);
const STAGE: PropSlot = PropSlot(1);

fn chunk(code: Vec<Op>) -> Chunk {
    let positions = vec![SourcePos::default(); code.len()];
    Chunk { code, positions }
}

/// `workflow "W" { object contact; enroll when score > 10 [reenroll];
/// goal stage == "customer"; send_email("hi"); delay 1 day; set score = 50 }`
fn program(reenroll: bool) -> Program {
    Program {
        files: vec!["test.wf".into()],
        constants: vec![
            Value::Number(10.0),
            Value::str("customer"),
            Value::str("hi"),
            Value::Number(50.0),
        ],
        properties: ["score", "stage"]
            .iter()
            .map(|n| PropertyPath {
                object: None,
                name: n.to_string(),
            })
            .collect(),
        events: vec![],
        event_fields: vec![],
        actions: vec![ActionInfo {
            name: "send_email".into(),
            params: vec!["email".into()],
            engine_handled: false,
        }],
        workflows: vec![WorkflowCode {
            name: "W".into(),
            object: "contact".into(),
            file: 0,
            zone: chrono_tz::UTC,
            windows: vec![],
            blocked: vec![],
            reenroll,
            triggers: vec![Trigger::Filter { cond: CondId(0) }],
            goal: Some(CondId(1)),
            unenroll: None,
            steps: chunk(vec![
                Op::Const { index: ConstId(2) },
                Op::Action { call: 0 },
                Op::Delay { rule: 0 },
                Op::Const { index: ConstId(3) },
                Op::Set { slot: SCORE },
                Op::End,
            ]),
            conditions: vec![
                chunk(vec![
                    Op::CompareJump {
                        slot: SCORE,
                        constant: ConstId(0),
                        target: 2,
                        op: CmpOp::Gt,
                        when: false,
                    },
                    Op::Return { value: true },
                    Op::Return { value: false },
                ]),
                chunk(vec![
                    Op::CompareJump {
                        slot: STAGE,
                        constant: ConstId(1),
                        target: 2,
                        op: CmpOp::Eq,
                        when: false,
                    },
                    Op::Return { value: true },
                    Op::Return { value: false },
                ]),
            ],
            locals: vec![],
            lets: vec![],
            calls: vec![CallSite {
                action: ActionId(0),
                params: vec![0],
                bind: None,
                step: 0,
            }],
            delays: vec![DelayRule::For(DurationValue { days: 1, minutes: 0 })],
            waits: vec![],
            branches: vec![],
            splits: vec![],
        }],
    }
}

fn record(id: &str, props: &[(&str, Value)]) -> NewRecord {
    NewRecord {
        id: Arc::from(id),
        object: Arc::from("contact"),
        properties: props.iter().map(|(n, v)| (Arc::from(*n), v.clone())).collect(),
        associations: Vec::new(),
    }
}

fn update(at: DateTime<Utc>, id: &str, props: &[(&str, Value)]) -> InputEvent {
    InputEvent {
        at,
        line: 0,
        kind: InputEventKind::Update {
            record: Arc::from(id),
            properties: props.iter().map(|(n, v)| (Arc::from(*n), v.clone())).collect(),
        },
    }
}

fn trace(program: Program, records: Vec<NewRecord>, events: Vec<InputEvent>) -> Vec<String> {
    let start = utc(27, 8);
    let options = EngineOptions { start, seed: 0 };
    let mut engine = Engine::new(program, RecordingHandler::default(), VecSink::default(), options);
    for r in records {
        engine.add_record(r).expect("unique ids");
    }
    for e in events {
        engine.push_event(e).expect("events in the future");
    }
    let status = engine.run_until(start + chrono::Duration::days(365));
    assert_eq!(status, RunStatus::Idle);
    engine
        .sink()
        .entries
        .iter()
        .map(|e| {
            let line = history::jsonl_line(e);
            line.replace("\"workflow\":\"W\",", "")
        })
        .collect()
}

#[test]
fn filter_trigger_enrolls_runs_and_finishes() {
    let lines = trace(
        program(false),
        vec![record("c1", &[("score", Value::Number(20.0))]), record("c2", &[])],
        vec![update(utc(27, 12), "c2", &[("score", Value::Number(11.0))])],
    );
    assert_eq!(
        lines,
        vec![
            r#"{"at":"2026-11-27T08:00:00Z","record":"c1","event":"enrolled"}"#,
            r#"{"at":"2026-11-27T08:00:00Z","record":"c1","event":"action","action":"send_email","args":{"email":"hi"}}"#,
            r#"{"at":"2026-11-27T08:00:00Z","record":"c1","event":"delayed","until":"2026-11-28T08:00:00Z","reason":"delay"}"#,
            r#"{"at":"2026-11-27T12:00:00Z","record":"c2","event":"enrolled"}"#,
            r#"{"at":"2026-11-27T12:00:00Z","record":"c2","event":"action","action":"send_email","args":{"email":"hi"}}"#,
            r#"{"at":"2026-11-27T12:00:00Z","record":"c2","event":"delayed","until":"2026-11-28T12:00:00Z","reason":"delay"}"#,
            r#"{"at":"2026-11-28T08:00:00Z","record":"c1","event":"set","property":"score","value":50}"#,
            r#"{"at":"2026-11-28T08:00:00Z","record":"c1","event":"finished"}"#,
            r#"{"at":"2026-11-28T12:00:00Z","record":"c2","event":"set","property":"score","value":50}"#,
            r#"{"at":"2026-11-28T12:00:00Z","record":"c2","event":"finished"}"#,
        ]
    );
}

#[test]
fn goal_ends_a_suspended_enrollment_and_reenroll_needs_a_false_evaluation() {
    let lines = trace(
        program(true),
        vec![record("c1", &[("score", Value::Number(20.0))])],
        vec![
            update(utc(27, 9), "c1", &[("stage", Value::str("customer"))]),
            update(
                utc(27, 10),
                "c1",
                &[("stage", Value::Unknown), ("score", Value::Number(30.0))],
            ),
            update(utc(27, 11), "c1", &[("score", Value::Number(1.0))]),
            update(utc(27, 12), "c1", &[("score", Value::Number(30.0))]),
        ],
    );
    let events: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            let at = l.get(7..27).unwrap_or_default();
            let event = l
                .split("\"event\":\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default();
            (at, event)
        })
        .collect();
    assert_eq!(
        events,
        vec![
            ("2026-11-27T08:00:00Z", "enrolled"),
            ("2026-11-27T08:00:00Z", "action"),
            ("2026-11-27T08:00:00Z", "delayed"),
            ("2026-11-27T09:00:00Z", "goal_met"),
            // 10:00: COND true again, but it was never false since: no enrollment.
            ("2026-11-27T12:00:00Z", "enrolled"),
            ("2026-11-27T12:00:00Z", "action"),
            ("2026-11-27T12:00:00Z", "delayed"),
            ("2026-11-28T12:00:00Z", "set"),
            ("2026-11-28T12:00:00Z", "finished"),
        ]
    );
}

#[test]
fn engine_api_refuses_bad_requests() {
    let start = utc(27, 8);
    let options = EngineOptions { start, seed: 0 };
    let mut engine = Engine::new(program(false), RecordingHandler::default(), VecSink::default(), options);
    engine.add_record(record("c1", &[])).expect("new id");
    assert_eq!(
        engine.add_record(record("c1", &[])),
        Err(EngineError::DuplicateRecord("c1".into()))
    );
    assert!(matches!(
        engine.enroll("c1", "Nope"),
        Err(EngineError::UnknownWorkflow(_))
    ));
    assert!(engine.enroll("c1", "W").is_ok());
    assert!(matches!(
        engine.enroll("c1", "W"),
        Err(EngineError::AlreadyEnrolled { .. })
    ));
    assert!(matches!(
        engine.push_event(update(utc(26, 8), "c1", &[])),
        Err(EngineError::InThePast { .. })
    ));
    engine.run_until(utc(27, 8));
    assert_eq!(engine.sink().entries.len(), 3);
    assert_eq!(engine.active_enrollments(), 1);
}
