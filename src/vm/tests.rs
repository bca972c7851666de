//! VM unit tests over hand-built programs and a recording host.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::*;
use crate::compile::opcode::{CmpOp, Function, Op};
use crate::compile::program::*;
use crate::value::DurationValue;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap_or_default()
}

fn s(text: &str) -> Value {
    Value::str(text)
}

/// A one-workflow program: properties `score`, `name`, `stage`; the given
/// constants and steps.
fn program(constants: Vec<Value>, code: Vec<Op>) -> Program {
    let positions = vec![SourcePos::default(); code.len()];
    Program {
        files: vec!["test.wf".into()],
        constants,
        properties: ["score", "name", "stage"]
            .iter()
            .map(|n| PropertyPath {
                object: None,
                name: n.to_string(),
            })
            .collect(),
        events: vec!["form_submitted".into()],
        event_fields: vec!["form".into()],
        actions: vec![ActionInfo {
            name: "send_email".into(),
            params: vec!["email".into()],
            engine_handled: false,
        }],
        workflows: vec![WorkflowCode {
            name: "W".into(),
            object: "contact".into(),
            file: 0,
            zone: chrono_tz::Europe::Stockholm,
            windows: vec![],
            blocked: vec![],
            reenroll: false,
            triggers: vec![],
            goal: None,
            unenroll: None,
            steps: Chunk { code, positions },
            conditions: vec![],
            locals: vec![],
            lets: vec![],
            calls: vec![CallSite {
                action: ActionId(0),
                params: vec![0],
                bind: None,
                step: 0,
            }],
            delays: vec![],
            waits: vec![],
            branches: vec![],
            splits: vec![],
        }],
    }
}

const SCORE: PropSlot = PropSlot(0);
const NAME: PropSlot = PropSlot(1);
const STAGE: PropSlot = PropSlot(2);

#[derive(Default)]
struct TestHost {
    props: Vec<Value>,
    event: Vec<Value>,
    now: DateTime<Utc>,
    log: Vec<String>,
    /// Results for the next action calls, front first; `Ok` when empty.
    results: Vec<Result<ActionOutput, ActionError>>,
    end_on_set: bool,
}

impl TestHost {
    fn new(now: DateTime<Utc>) -> TestHost {
        TestHost {
            props: vec![Value::Unknown; 3],
            event: vec![Value::Unknown],
            now,
            ..TestHost::default()
        }
    }
}

impl Env for TestHost {
    fn property(&self, slot: PropSlot) -> &Value {
        self.props.get(slot.index()).unwrap_or(&Value::Unknown)
    }
    fn event_field(&self, field: FieldId) -> &Value {
        self.event.get(field.index()).unwrap_or(&Value::Unknown)
    }
    fn now(&self) -> DateTime<Utc> {
        self.now
    }
}

impl Host for TestHost {
    fn set_property(&mut self, slot: PropSlot, value: Value) -> Flow {
        self.log.push(format!("set {} = {}", slot.0, value.to_json()));
        if let Some(p) = self.props.get_mut(slot.index()) {
            *p = value;
        }
        if self.end_on_set { Flow::Ended } else { Flow::Continue }
    }
    fn clear_property(&mut self, slot: PropSlot) -> Flow {
        self.log.push(format!("clear {}", slot.0));
        Flow::Continue
    }
    fn call_action(&mut self, call: &ActionCall<'_>) -> Result<ActionOutput, ActionError> {
        let args: Vec<String> = call.args.iter().map(|(k, v)| format!("{k}={}", v.to_json())).collect();
        self.log
            .push(format!("action {} {} try {}", call.name, args.join(","), call.attempt));
        if self.results.is_empty() {
            Ok(ActionOutput::default())
        } else {
            self.results.remove(0)
        }
    }
    fn enroll_in(&mut self, workflow: WorkflowId) {
        self.log.push(format!("enroll_in {}", workflow.0));
    }
    fn report_error(&mut self, error: &StepError) {
        self.log.push(format!("error {error}"));
    }
    fn record_id(&self) -> &str {
        "c1"
    }
    fn seed(&self) -> u64 {
        0
    }
}

fn start(program: &Program) -> EnrollmentState {
    EnrollmentState::new(program, WorkflowId(0), 0)
}

#[test]
fn sets_and_fused_compare_jump() {
    // if score >= 50 { set stage = "hot" } else { set stage = "cold" }
    let p = program(
        vec![Value::Number(50.0), s("hot"), s("cold")],
        vec![
            Op::CompareJump {
                slot: SCORE,
                constant: ConstId(0),
                target: 4,
                op: CmpOp::Ge,
                when: false,
            },
            Op::Const { index: ConstId(1) },
            Op::Set { slot: STAGE },
            Op::Jump { target: 6 },
            Op::Const { index: ConstId(2) },
            Op::Set { slot: STAGE },
            Op::End,
        ],
    );
    for (score, expected) in [
        (Value::Number(60.0), "hot"),
        (Value::Number(10.0), "cold"),
        (Value::Unknown, "cold"),
    ] {
        let mut host = TestHost::new(utc(2026, 1, 1, 10, 0));
        host.props[0] = score;
        let mut state = start(&p);
        assert_eq!(run(&p, &mut state, &mut host), Exit::Finished);
        assert_eq!(host.log, vec![format!("set 2 = \"{expected}\"")]);
    }
}

#[test]
fn host_ending_the_enrollment_stops_the_run() {
    let p = program(
        vec![s("x")],
        vec![Op::Const { index: ConstId(0) }, Op::Set { slot: STAGE }, Op::Stop],
    );
    let mut host = TestHost::new(utc(2026, 1, 1, 10, 0));
    host.end_on_set = true;
    assert_eq!(run(&p, &mut start(&p), &mut host), Exit::Ended);
    let mut host = TestHost::new(utc(2026, 1, 1, 10, 0));
    assert_eq!(run(&p, &mut start(&p), &mut host), Exit::Stopped);
}

#[test]
fn unknown_makes_every_comparison_false() {
    let zone = chrono_tz::UTC;
    for op in [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Ge,
        CmpOp::In,
        CmpOp::NotIn,
        CmpOp::Contains,
    ] {
        assert!(!compare(op, &Value::Unknown, &Value::Number(1.0), zone), "{op:?}");
        assert!(!compare(op, &s("a"), &Value::Unknown, zone), "{op:?}");
    }
    // `not` of a false comparison is true.
    assert!(!truthy(&Value::Bool(compare(
        CmpOp::Eq,
        &Value::Unknown,
        &s("x"),
        zone
    ))));
}

#[test]
fn string_tests_ignore_case_but_equality_is_exact() {
    let zone = chrono_tz::UTC;
    assert!(!compare(CmpOp::Eq, &s("Lead"), &s("lead"), zone));
    assert!(compare(CmpOp::Ne, &s("Lead"), &s("lead"), zone));
    assert!(compare(CmpOp::Contains, &s("Ana@Example.se"), &s("example"), zone));
    assert!(compare(CmpOp::StartsWith, &s("Ärlig"), &s("ärl"), zone));
    assert!(compare(CmpOp::EndsWith, &s("x@ACME.com"), &s("acme.COM"), zone));
    assert!(!compare(CmpOp::EndsWith, &s("om"), &s("acme.com"), zone));
    let list = Value::List(vec![s("SE"), s("NO")].into());
    assert!(compare(CmpOp::In, &s("se"), &list, zone));
    assert!(!compare(CmpOp::NotIn, &s("no"), &list, zone));
    assert!(compare(CmpOp::NotIn, &s("dk"), &list, zone));
}

#[test]
fn mixed_types_coerce_numbers_and_dates_from_strings() {
    let zone = chrono_tz::UTC;
    assert!(compare(CmpOp::Eq, &s("55"), &Value::Number(55.0), zone));
    assert!(compare(CmpOp::Ne, &s("abc"), &Value::Number(55.0), zone));
    assert!(!compare(CmpOp::Lt, &s("abc"), &Value::Number(55.0), zone));
    let date = Value::Date(NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default());
    assert!(compare(CmpOp::Eq, &s("2027-01-15"), &date, zone));
    assert!(compare(CmpOp::Lt, &s("2027-01-14T23:00:00Z"), &date, zone));
    assert!(compare(
        CmpOp::Gt,
        &Value::DateTime(utc(2027, 1, 15, 1, 0)),
        &date,
        zone
    ));
    assert!(!compare(CmpOp::Lt, &Value::Bool(false), &Value::Bool(true), zone));
}

#[test]
fn arithmetic_joins_strings_and_moves_dates() {
    let zone: Tz = chrono_tz::Europe::Stockholm;
    assert_eq!(ops::add(&s("a"), &s("b"), zone), s("ab"));
    assert_eq!(ops::add(&s("n="), &Value::Number(3.0), zone), s("n=3"));
    assert_eq!(
        ops::add(&Value::Number(1.5), &Value::Number(2.0), zone),
        Value::Number(3.5)
    );
    assert_eq!(ops::add(&Value::Unknown, &Value::Number(2.0), zone), Value::Unknown);
    assert_eq!(ops::div(&Value::Number(1.0), &Value::Number(0.0)), Value::Unknown);
    let two_days = Value::Duration(DurationValue { days: 2, minutes: 0 });
    let d = |y, m, day| Value::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default());
    assert_eq!(ops::add(&d(2026, 2, 27), &two_days, zone), d(2026, 3, 1));
    assert_eq!(ops::sub(&s("2026-03-01"), &two_days, zone), d(2026, 2, 27));
    // Calendar days keep the local time across the DST change (29 March 2026).
    let t = Value::DateTime(utc(2026, 3, 28, 8, 0)); // 09:00 CET
    assert_eq!(ops::add(&t, &two_days, zone), Value::DateTime(utc(2026, 3, 30, 7, 0))); // 09:00 CEST
    // Past 9999-12-31 (or before year 1) a date is unknown (LANGUAGE.md 12.6).
    let day = Value::Duration(DurationValue { days: 1, minutes: 0 });
    let minute = Value::Duration(DurationValue { days: 0, minutes: 1 });
    assert_eq!(ops::add(&d(9999, 12, 31), &day, zone), Value::Unknown);
    assert_eq!(ops::add(&d(9999, 12, 30), &day, zone), d(9999, 12, 31));
    assert_eq!(ops::sub(&d(1, 1, 1), &day, zone), Value::Unknown);
    let last = Utc
        .with_ymd_and_hms(9999, 12, 31, 23, 59, 0)
        .single()
        .map_or(Value::Unknown, Value::DateTime);
    assert_ne!(last, Value::Unknown);
    assert_eq!(ops::add(&last, &minute, zone), Value::Unknown);
    assert_ne!(ops::sub(&last, &minute, zone), Value::Unknown);
    let huge = Value::Duration(DurationValue {
        days: i64::MAX,
        minutes: 0,
    });
    assert_eq!(ops::add(&t, &huge, zone), Value::Unknown);
    assert_eq!(ops::add(&d(2026, 1, 1), &huge, zone), Value::Unknown);
}

#[test]
fn functions_follow_section_6_4() {
    let zone = chrono_tz::Europe::Stockholm;
    let call = |f, args: &[Value]| ops::call(f, args, zone);
    assert_eq!(
        call(Function::Capitalize, &[s("ana maria LÓPEZ")]),
        s("Ana Maria LÓPEZ")
    );
    // LANGUAGE.md 12.6: a word starts after whitespace; the rest is left as it is.
    assert_eq!(
        call(Function::Capitalize, &[s(" ébé-ko\tmcDONALD o'neil")]),
        s(" Ébé-ko\tMcDONALD O'neil")
    );
    // `length` counts scalar values: `é` as one, a flag (two scalars) as two.
    assert_eq!(call(Function::Length, &[s("é👍🇸🇪")]), Value::Number(4.0));
    assert_eq!(call(Function::Replace, &[s("aaa"), s("a"), s("bb")]), s("bbbbbb"));
    assert_eq!(call(Function::Upper, &[s("åsa")]), s("ÅSA"));
    assert_eq!(call(Function::Trim, &[s("  x ")]), s("x"));
    assert_eq!(call(Function::Length, &[s("åäö")]), Value::Number(3.0));
    assert_eq!(call(Function::Replace, &[s("a-b-c"), s("-"), s("+")]), s("a+b+c"));
    assert_eq!(
        call(Function::Round, &[Value::Number(2.345), Value::Number(2.0)]),
        Value::Number(2.35)
    );
    assert_eq!(call(Function::Round, &[Value::Number(2.5)]), Value::Number(3.0));
    // Halves away from zero, on the number as written (LANGUAGE.md 12.6).
    for (n, digits, rounded) in [
        (-2.5, 0.0, -3.0),
        (0.5, 0.0, 1.0),
        (-0.5, 0.0, -1.0),
        (1.005, 2.0, 1.01),
        (2.675, 2.0, 2.68),
        (-2.675, 2.0, -2.68),
        (1.25, 1.0, 1.3),
        (0.05, 1.0, 0.1),
        (0.04, 1.0, 0.0),
        (0.004, 1.0, 0.0),
        (9.995, 2.0, 10.0),
        (123.0, 2.0, 123.0),
        (1e300, 2.0, 1e300),
    ] {
        assert_eq!(
            call(Function::Round, &[Value::Number(n), Value::Number(digits)]),
            Value::Number(rounded),
            "round({n}, {digits})"
        );
    }
    assert_eq!(
        call(Function::Min, &[Value::Number(2.0), Value::Number(1.0)]),
        Value::Number(1.0)
    );
    assert_eq!(
        call(Function::Max, &[Value::Number(2.0), Value::Unknown]),
        Value::Unknown
    );
    assert_eq!(call(Function::Coalesce, &[Value::Unknown, s("b")]), s("b"));
    assert_eq!(call(Function::Upper, &[Value::Unknown]), Value::Unknown);
    // 23:30 UTC on 1 Jan is already 2 Jan in Stockholm.
    let late = Value::DateTime(utc(2026, 1, 1, 23, 30));
    assert_eq!(
        call(Function::DaysBetween, &[s("2026-01-01"), late.clone()]),
        Value::Number(1.0)
    );
    assert_eq!(
        call(Function::FormatDate, &[late, s("%Y-%m-%d %H:%M")]),
        s("2026-01-02 00:30")
    );
    assert_eq!(
        call(Function::FormatDate, &[s("2026-01-05"), s("%A %-d")]),
        s("Monday 5")
    );
    // Invalid format, or a time specifier on a date: unknown, no panic.
    assert_eq!(call(Function::FormatDate, &[s("2026-01-05"), s("%Q")]), Value::Unknown);
    assert_eq!(call(Function::FormatDate, &[s("2026-01-05"), s("%H")]), Value::Unknown);
}

#[test]
fn templates_render_unknown_as_empty() {
    let p = program(
        vec![s("Hi "), s("!")],
        vec![
            Op::Const { index: ConstId(0) },
            Op::Property { slot: NAME },
            Op::Const { index: ConstId(1) },
            Op::Concat { count: 3 },
            Op::Set { slot: STAGE },
            Op::End,
        ],
    );
    let mut host = TestHost::new(utc(2026, 1, 1, 10, 0));
    run(&p, &mut start(&p), &mut host);
    assert_eq!(host.log, vec!["set 2 = \"Hi !\""]);
}

#[test]
fn increment_counts_unknown_as_zero() {
    let p = program(
        vec![Value::Number(1.0), Value::Number(5.0)],
        vec![
            Op::Const { index: ConstId(0) },
            Op::Increment {
                slot: SCORE,
                negate: false,
            },
            Op::Const { index: ConstId(1) },
            Op::Increment {
                slot: SCORE,
                negate: true,
            },
            Op::Const { index: ConstId(0) },
            Op::Increment {
                slot: NAME,
                negate: false,
            },
            Op::End,
        ],
    );
    let mut host = TestHost::new(utc(2026, 1, 1, 10, 0));
    host.props[1] = s("Ana");
    assert_eq!(run(&p, &mut start(&p), &mut host), Exit::Finished);
    assert_eq!(
        host.log,
        vec![
            "set 0 = 1",
            "set 0 = -4",
            "error cannot increment `name`: it holds a string, not a number"
        ]
    );
}

#[test]
fn constant_edits_set_and_increment_like_their_two_instruction_forms() {
    let p = program(
        vec![Value::Number(2.0), s("lead"), s("x")],
        vec![
            Op::IncrementConst {
                slot: SCORE,
                constant: ConstId(0),
                negate: false,
            },
            Op::IncrementConst {
                slot: SCORE,
                constant: ConstId(0),
                negate: true,
            },
            Op::SetConst {
                slot: STAGE,
                constant: ConstId(1),
            },
            Op::IncrementConst {
                slot: SCORE,
                constant: ConstId(2),
                negate: false,
            },
            Op::End,
        ],
    );
    let mut host = TestHost::new(utc(2026, 1, 1, 10, 0));
    assert_eq!(run(&p, &mut start(&p), &mut host), Exit::Finished);
    assert_eq!(
        host.log,
        vec![
            "set 0 = 2",
            "set 0 = 0",
            "set 2 = \"lead\"",
            "error cannot increment `score` by a string; use a number"
        ]
    );
}

fn with_delay(rule: DelayRule) -> Program {
    let mut p = program(vec![], vec![Op::Delay { rule: 0 }, Op::End]);
    p.workflows[0].delays.push(rule);
    p
}

#[test]
fn delays_suspend_until_the_wake_instant_or_pass_when_past() {
    let now = utc(2026, 3, 27, 8, 0); // Friday 09:00 CET
    let cases = [
        (
            DelayRule::For(DurationValue { days: 2, minutes: 0 }),
            Some(utc(2026, 3, 29, 7, 0)),
        ),
        (
            DelayRule::UntilTime(LocalTime { hour: 8, minute: 0 }),
            Some(utc(2026, 3, 28, 7, 0)),
        ),
        (
            DelayRule::UntilWeekdays {
                days: WeekdaySet(0b10),
                time: Some(LocalTime { hour: 9, minute: 0 }),
            },
            Some(utc(2026, 3, 31, 7, 0)),
        ),
        (
            DelayRule::UntilWeekdays {
                days: WeekdaySet(0b1_0000),
                time: None,
            },
            None,
        ),
        (DelayRule::UntilInstant(utc(2026, 1, 1, 0, 0)), None),
        (
            DelayRule::UntilProperty {
                slot: SCORE,
                offset: DurationValue::default(),
                time: None,
            },
            None,
        ),
    ];
    for (rule, wake) in cases {
        let p = with_delay(rule.clone());
        let mut host = TestHost::new(now);
        let mut state = start(&p);
        let exit = run(&p, &mut state, &mut host);
        match wake {
            Some(until) => {
                assert_eq!(exit, Exit::Suspended(Suspension::Delay { until }), "{rule:?}");
                assert_eq!(state.waiting, Some(Suspension::Delay { until }));
                host.now = until;
                assert_eq!(run(&p, &mut state, &mut host), Exit::Finished);
            }
            None => assert_eq!(exit, Exit::Finished, "{rule:?}"),
        }
    }
}

#[test]
fn property_delay_reads_a_date_string_with_offset_and_time() {
    let p = with_delay(DelayRule::UntilProperty {
        slot: STAGE,
        offset: DurationValue { days: -30, minutes: 0 },
        time: Some(LocalTime { hour: 9, minute: 0 }),
    });
    let mut host = TestHost::new(utc(2026, 1, 1, 0, 0));
    host.props[2] = s("2026-06-30");
    let until = utc(2026, 5, 31, 7, 0); // 09:00 CEST
    assert_eq!(
        run(&p, &mut start(&p), &mut host),
        Exit::Suspended(Suspension::Delay { until })
    );
}

#[test]
fn windows_hold_actions_and_rerun_the_step() {
    let mut p = program(
        vec![s("welcome")],
        vec![
            Op::Hold,
            Op::Const { index: ConstId(0) },
            Op::Action { call: 0 },
            Op::End,
        ],
    );
    p.workflows[0].windows.push(Window {
        days: WeekdaySet::WEEKDAYS,
        from: LocalTime { hour: 9, minute: 0 },
        to: LocalTime { hour: 17, minute: 0 },
    });
    p.workflows[0]
        .blocked
        .push(NaiveDate::from_ymd_opt(2026, 3, 30).unwrap_or_default());
    // Saturday: held until Tuesday 09:00 (Monday is blocked).
    let mut host = TestHost::new(utc(2026, 3, 28, 12, 0));
    let mut state = start(&p);
    let until = utc(2026, 3, 31, 7, 0);
    assert_eq!(
        run(&p, &mut state, &mut host),
        Exit::Suspended(Suspension::WindowHold { until })
    );
    assert_eq!(state.pc, 0);
    assert!(host.log.is_empty());
    host.now = until;
    assert_eq!(run(&p, &mut state, &mut host), Exit::Finished);
    assert_eq!(host.log, vec!["action send_email email=\"welcome\" try 0"]);
}

#[test]
fn retryable_failures_back_off_then_give_up_after_three_days() {
    let p = program(
        vec![s("welcome")],
        vec![Op::Const { index: ConstId(0) }, Op::Action { call: 0 }, Op::End],
    );
    let first = utc(2026, 1, 1, 0, 0);
    let mut host = TestHost::new(first);
    let failure = || {
        Err(ActionError {
            retryable: true,
            message: "HTTP 503".into(),
        })
    };
    host.results = (0..40).map(|_| failure()).collect();
    let mut state = start(&p);
    let mut waits = Vec::new();
    loop {
        match run(&p, &mut state, &mut host) {
            Exit::Suspended(Suspension::Retry { until }) => {
                waits.push((until - host.now).num_minutes());
                host.now = until;
            }
            Exit::Finished => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(&waits[..4], &[1, 2, 4, 8]);
    assert!(waits.iter().all(|w| *w <= 480));
    assert!(host.now - first <= chrono::Duration::days(3));
    let last = host.log.last().cloned().unwrap_or_default();
    assert!(last.starts_with("error HTTP 503 (gave up after"), "{last}");
    assert_eq!(state.retry, None);
}

/// LANGUAGE.md 12.7: the last try is the last one within 3 days of the
/// first failure; a try falling exactly on the 3 days is still made, one a
/// minute later is not.
#[test]
fn a_retry_exactly_three_days_after_the_first_failure_is_still_made() {
    let p = program(
        vec![s("welcome")],
        vec![Op::Const { index: ConstId(0) }, Op::Action { call: 0 }, Op::End],
    );
    let failure = || {
        Err(ActionError {
            retryable: true,
            message: "HTTP 503".into(),
        })
    };
    for (late_by, retried) in [(0, true), (1, false)] {
        let now = utc(2026, 1, 4, 0, 0);
        let mut host = TestHost::new(now);
        host.results = vec![failure()];
        let mut state = start(&p);
        // Ten failures so far: the next wait is the 8-hour cap.
        state.retry = Some(Box::new(RetryState {
            attempts: 10,
            first_failure: now - chrono::Duration::days(3) + chrono::Duration::hours(8)
                - chrono::Duration::minutes(late_by),
        }));
        state.pc = 0;
        let exit = run(&p, &mut state, &mut host);
        if retried {
            assert_eq!(
                exit,
                Exit::Suspended(Suspension::Retry {
                    until: now + chrono::Duration::hours(8)
                })
            );
        } else {
            assert_eq!(exit, Exit::Finished);
            let last = host.log.last().cloned().unwrap_or_default();
            assert!(last.starts_with("error HTTP 503 (gave up after 11 tries"), "{last}");
        }
    }
}

#[test]
fn non_retryable_failure_is_reported_and_the_run_goes_on() {
    let p = program(
        vec![s("welcome")],
        vec![Op::Const { index: ConstId(0) }, Op::Action { call: 0 }, Op::End],
    );
    let mut host = TestHost::new(utc(2026, 1, 1, 0, 0));
    host.results.push(Err(ActionError {
        retryable: false,
        message: "bad address".into(),
    }));
    assert_eq!(run(&p, &mut start(&p), &mut host), Exit::Finished);
    assert_eq!(host.log[1], "error bad address");
}

#[test]
fn let_outputs_land_in_locals() {
    let mut p = program(
        vec![s("x")],
        vec![
            Op::Const { index: ConstId(0) },
            Op::Action { call: 0 },
            Op::Local { slot: LocalSlot(0) },
            Op::Set { slot: STAGE },
            Op::End,
        ],
    );
    let w = &mut p.workflows[0];
    w.locals.push("r.id".into());
    w.lets.push(LetBinding {
        name: "r".into(),
        fields: vec![LetField {
            field: "id".into(),
            slot: LocalSlot(0),
        }],
    });
    w.calls[0].bind = Some(0);
    let mut host = TestHost::new(utc(2026, 1, 1, 0, 0));
    host.results.push(Ok(ActionOutput {
        outputs: Value::Map(vec![(std::sync::Arc::from("id"), s("t-1"))].into()),
        flow: Flow::Continue,
    }));
    assert_eq!(run(&p, &mut start(&p), &mut host), Exit::Finished);
    assert_eq!(host.log[1], "set 2 = \"t-1\"");
}

#[test]
fn branch_table_matches_exactly_and_unknown_takes_default() {
    let mut p = program(
        vec![
            s("new"),
            s("open"),
            Value::Number(1.0),
            Value::Number(2.0),
            Value::Number(3.0),
        ],
        vec![
            Op::Property { slot: STAGE },
            Op::Branch { table: 0 },
            Op::Const { index: ConstId(2) },
            Op::Jump { target: 7 },
            Op::Const { index: ConstId(3) },
            Op::Jump { target: 7 },
            Op::Const { index: ConstId(4) },
            Op::Set { slot: SCORE },
            Op::End,
        ],
    );
    p.workflows[0].branches.push(BranchTable {
        cases: vec![
            BranchCase {
                value: ConstId(0),
                target: 2,
            },
            BranchCase {
                value: ConstId(1),
                target: 4,
            },
        ],
        default: 6,
    });
    for (stage, expected) in [
        (s("new"), "1"),
        (s("open"), "2"),
        (s("New"), "3"),
        (Value::Unknown, "3"),
    ] {
        let mut host = TestHost::new(utc(2026, 1, 1, 0, 0));
        host.props[2] = stage;
        run(&p, &mut start(&p), &mut host);
        assert_eq!(host.log, vec![format!("set 0 = {expected}")]);
    }
}

#[test]
fn split_is_reproducible_per_record_and_ordinal() {
    let mut p = program(
        vec![Value::Number(1.0), Value::Number(2.0)],
        vec![
            Op::Split { table: 0 },
            Op::Const { index: ConstId(0) },
            Op::Jump { target: 4 },
            Op::Const { index: ConstId(1) },
            Op::Set { slot: SCORE },
            Op::End,
        ],
    );
    p.workflows[0].splits.push(SplitTable {
        position: 0,
        arms: vec![SplitArm { percent: 50, target: 1 }, SplitArm { percent: 50, target: 3 }],
    });
    let roll = split_roll(0, "W", 0, "c1", 0);
    let expected = if roll < 50 { "1" } else { "2" };
    for _ in 0..2 {
        let mut host = TestHost::new(utc(2026, 1, 1, 0, 0));
        run(&p, &mut start(&p), &mut host);
        assert_eq!(host.log, vec![format!("set 0 = {expected}")]);
    }
}

#[test]
fn event_wait_matches_where_and_times_out_into_the_else_block() {
    // delay until event form_submitted where event.form == "demo" timeout 7 days else { set score = 1 }
    let mut p = program(
        vec![s("demo"), Value::Number(1.0), Value::Number(2.0)],
        vec![
            Op::AwaitEvent { wait: 0 },
            Op::Jump { target: 4 },
            Op::Const { index: ConstId(1) },
            Op::Set { slot: SCORE },
            Op::Const { index: ConstId(2) },
            Op::Set { slot: NAME },
            Op::End,
        ],
    );
    let w = &mut p.workflows[0];
    w.conditions.push(Chunk {
        code: vec![
            Op::EventField { field: FieldId(0) },
            Op::Const { index: ConstId(0) },
            Op::Compare { op: CmpOp::Eq },
            Op::JumpIfFalse { target: 5 },
            Op::Return { value: true },
            Op::Return { value: false },
        ],
        positions: vec![SourcePos::default(); 6],
    });
    w.waits.push(EventWait {
        event: EventId(0),
        filter: Some(CondId(0)),
        timeout: Some(DurationValue { days: 7, minutes: 0 }),
    });
    let now = utc(2026, 1, 1, 0, 0);
    let timeout = Some(utc(2026, 1, 8, 0, 0));

    let mut host = TestHost::new(now);
    let mut state = start(&p);
    let waiting = Suspension::AwaitEvent {
        event: EventId(0),
        timeout,
    };
    assert_eq!(run(&p, &mut state, &mut host), Exit::Suspended(waiting.clone()));
    host.event[0] = s("other");
    assert!(!event_matches(&p, &state, &host));
    host.event[0] = s("demo");
    assert!(event_matches(&p, &state, &host));
    resume_after_event(&mut state);
    assert_eq!(run(&p, &mut state, &mut host), Exit::Finished);
    assert_eq!(host.log, vec!["set 1 = 2"]);

    let mut host = TestHost::new(now);
    let mut state = start(&p);
    run(&p, &mut state, &mut host);
    host.now = utc(2026, 1, 8, 0, 0);
    resume_after_timeout(&mut state);
    assert_eq!(run(&p, &mut state, &mut host), Exit::Finished);
    assert_eq!(host.log, vec!["set 0 = 1", "set 1 = 2"]);
}

#[test]
fn conditions_evaluate_against_an_env() {
    let mut p = program(vec![Value::List(vec![s("SE"), s("NO")].into())], vec![Op::End]);
    // country in ["SE", "NO"] with `name` standing for country.
    p.workflows[0].conditions.push(Chunk {
        code: vec![
            Op::CompareJump {
                slot: NAME,
                constant: ConstId(0),
                target: 2,
                op: CmpOp::In,
                when: false,
            },
            Op::Return { value: true },
            Op::Return { value: false },
        ],
        positions: vec![SourcePos::default(); 3],
    });
    let mut host = TestHost::new(utc(2026, 1, 1, 0, 0));
    assert!(!eval_condition(&p, WorkflowId(0), CondId(0), &host));
    host.props[1] = s("se");
    assert!(eval_condition(&p, WorkflowId(0), CondId(0), &host));
    assert!(!eval_condition(&p, WorkflowId(0), CondId(9), &host));
}

#[test]
fn a_broken_program_faults_instead_of_panicking() {
    let p = program(vec![], vec![Op::Jump { target: 99 }]);
    let mut host = TestHost::new(utc(2026, 1, 1, 0, 0));
    assert_eq!(run(&p, &mut start(&p), &mut host), Exit::Finished);
    assert!(host.log[0].starts_with("error internal error"));
}

#[test]
fn saved_state_is_56_bytes() {
    // A million suspended enrollments each hold one (BENCHMARKS.md, engine).
    assert_eq!(std::mem::size_of::<Option<EnrollmentState>>(), 56);
}
