//! Verifier tests: one hand-built bad program per rule, each against a
//! valid base program.

use super::*;
use crate::compile::opcode::{CmpOp, Function};
use crate::time::LocalTime;
use crate::value::DurationValue;

fn chunk(code: Vec<Op>) -> Chunk {
    let positions = vec![SourcePos::default(); code.len()];
    Chunk { code, positions }
}

/// A valid program: one workflow whose steps are `code`, with one property,
/// one constant list, one call site of a one-parameter action, one delay
/// rule, one event wait with a filter (condition 0), one branch and one
/// split table pointing at instruction 0 of a 1-instruction tail.
fn program(code: Vec<Op>) -> Program {
    let len = code.len() as u32;
    Program {
        files: vec!["t.wf".into()],
        constants: vec![
            Value::str("a"),
            Value::List(vec![Value::str("a")].into()),
            Value::Number(1.0),
        ],
        properties: vec![PropertyPath {
            object: None,
            name: "p".into(),
        }],
        events: vec!["e".into()],
        event_fields: vec!["f".into()],
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
            reenroll: false,
            triggers: vec![Trigger::Manual],
            goal: None,
            unenroll: None,
            steps: chunk(code),
            conditions: vec![chunk(vec![Op::Return { value: true }])],
            locals: vec!["r.id".into()],
            lets: vec![LetBinding {
                name: "r".into(),
                fields: vec![LetField {
                    field: "id".into(),
                    slot: LocalSlot(0),
                }],
            }],
            calls: vec![CallSite {
                action: ActionId(0),
                params: vec![0],
                bind: Some(0),
                step: 0,
            }],
            delays: vec![DelayRule::For(DurationValue { days: 1, minutes: 0 })],
            waits: vec![EventWait {
                event: EventId(0),
                filter: Some(CondId(0)),
                timeout: None,
            }],
            branches: vec![BranchTable {
                cases: vec![BranchCase {
                    value: ConstId(0),
                    target: len.saturating_sub(1),
                }],
                default: len.saturating_sub(1),
            }],
            splits: vec![SplitTable {
                position: 0,
                arms: vec![SplitArm {
                    percent: 100,
                    target: len.saturating_sub(1),
                }],
            }],
        }],
    }
}

fn kind_of(program: &Program) -> ErrorKind {
    match verify(program) {
        Ok(()) => panic!("accepted a bad program"),
        Err(error) => error.kind,
    }
}

fn c(i: u32) -> ConstId {
    ConstId(i)
}

#[test]
fn accepts_a_valid_program_with_every_kind_of_instruction() {
    let p = program(vec![
        Op::Const { index: c(0) },
        Op::Action { call: 0 },
        Op::Local { slot: LocalSlot(0) },
        Op::Set { slot: PropSlot(0) },
        Op::Delay { rule: 0 },
        Op::AwaitEvent { wait: 0 },
        Op::Jump { target: 7 },
        Op::CompareJump {
            slot: PropSlot(0),
            constant: c(1),
            target: 9,
            op: CmpOp::In,
            when: false,
        },
        Op::Clear { slot: PropSlot(0) },
        Op::Property { slot: PropSlot(0) },
        Op::Branch { table: 0 },
        Op::End,
    ]);
    // The branch and split tables point at the last instruction.
    assert_eq!(verify(&p), Ok(()));
}

#[test]
fn rejects_out_of_range_operands() {
    let cases = [
        Op::Const { index: c(9) },
        Op::Property { slot: PropSlot(9) },
        Op::EventField { field: FieldId(9) },
        Op::Local { slot: LocalSlot(9) },
        Op::Action { call: 9 },
        Op::Delay { rule: 9 },
        Op::AwaitEvent { wait: 9 },
        Op::Branch { table: 9 },
        Op::Split { table: 9 },
        Op::EnrollIn {
            workflow: WorkflowId(9),
        },
        Op::Jump { target: 99 },
    ];
    for op in cases {
        let kind = kind_of(&program(vec![op, Op::End]));
        assert!(matches!(kind, ErrorKind::OutOfRange { .. }), "{op:?}: {kind:?}");
    }
}

#[test]
fn rejects_running_off_the_end() {
    assert_eq!(kind_of(&program(vec![Op::Delay { rule: 0 }])), ErrorKind::FallsOffEnd);
    let mut p = program(vec![Op::End]);
    p.workflows[0].conditions[0] = chunk(vec![]);
    assert_eq!(kind_of(&p), ErrorKind::EmptyChunk);
}

#[test]
fn rejects_loops() {
    let p = program(vec![Op::Delay { rule: 0 }, Op::Jump { target: 0 }, Op::End]);
    assert_eq!(kind_of(&p), ErrorKind::Cycle { target: 0 });
}

#[test]
fn rejects_stack_underflow_mismatch_and_leftovers() {
    assert!(matches!(
        kind_of(&program(vec![Op::Pop, Op::End])),
        ErrorKind::StackUnderflow { depth: 0, pops: 1 }
    ));
    // One path pushes a value before the join, the other does not.
    let p = program(vec![
        Op::Bool { value: true },
        Op::JumpIfFalse { target: 3 },
        Op::Bool { value: true },
        Op::Pop,
        Op::End,
    ]);
    assert!(matches!(kind_of(&p), ErrorKind::StackMismatch { .. }));
    let p = program(vec![Op::Bool { value: true }, Op::Delay { rule: 0 }, Op::End]);
    assert_eq!(kind_of(&p), ErrorKind::StackNotEmpty { depth: 1 });
}

#[test]
fn rejects_locals_read_before_every_path_wrote_them() {
    let p = program(vec![Op::Local { slot: LocalSlot(0) }, Op::Pop, Op::End]);
    assert_eq!(kind_of(&p), ErrorKind::LocalUnset { slot: 0 });
    // Written only when the property test passes.
    let p = program(vec![
        Op::CompareJump {
            slot: PropSlot(0),
            constant: c(0),
            target: 3,
            op: CmpOp::Eq,
            when: false,
        },
        Op::Const { index: c(0) },
        Op::Action { call: 0 },
        Op::Local { slot: LocalSlot(0) },
        Op::Pop,
        Op::End,
    ]);
    let mut p = p;
    p.workflows[0].calls[0].step = 1;
    assert_eq!(kind_of(&p), ErrorKind::LocalUnset { slot: 0 });
}

#[test]
fn conditions_read_locals_only_when_every_wait_wrote_them() {
    let mut p = program(vec![
        Op::Const { index: c(0) },
        Op::Action { call: 0 },
        Op::AwaitEvent { wait: 0 },
        Op::Jump { target: 4 },
        Op::End,
    ]);
    p.workflows[0].conditions[0] = chunk(vec![
        Op::Local { slot: LocalSlot(0) },
        Op::JumpIfFalse { target: 3 },
        Op::Return { value: true },
        Op::Return { value: false },
    ]);
    assert_eq!(verify(&p), Ok(()));
    // The same condition as a goal: no locals there.
    p.workflows[0].goal = Some(CondId(0));
    assert_eq!(kind_of(&p), ErrorKind::LocalUnset { slot: 0 });
}

#[test]
fn rejects_constants_of_the_wrong_type() {
    let p = program(vec![
        Op::CompareJump {
            slot: PropSlot(0),
            constant: c(0),
            target: 1,
            op: CmpOp::In,
            when: true,
        },
        Op::End,
    ]);
    assert!(matches!(kind_of(&p), ErrorKind::ConstantType { index: 0, .. }));
    let p = program(vec![Op::MakeMap { keys: c(2) }, Op::Pop, Op::End]);
    assert!(matches!(kind_of(&p), ErrorKind::ConstantType { index: 2, .. }));
    let mut p = program(vec![Op::End]);
    p.workflows[0].branches[0].cases[0].value = c(1);
    assert!(matches!(kind_of(&p), ErrorKind::ConstantType { index: 1, .. }));
}

#[test]
fn rejects_misplaced_instructions() {
    assert!(matches!(
        kind_of(&program(vec![Op::Return { value: true }])),
        ErrorKind::Misplaced { op: "Return" }
    ));
    let mut p = program(vec![Op::End]);
    p.workflows[0].conditions[0] = chunk(vec![Op::Delay { rule: 0 }, Op::Return { value: true }]);
    assert!(matches!(kind_of(&p), ErrorKind::Misplaced { op: "Delay" }));
}

#[test]
fn rejects_wrong_function_arity() {
    let p = program(vec![
        Op::Const { index: c(0) },
        Op::Call {
            function: Function::Replace,
            argc: 1,
        },
        Op::Pop,
        Op::End,
    ]);
    assert!(matches!(
        kind_of(&p),
        ErrorKind::Arity {
            function: "replace",
            argc: 1
        }
    ));
}

#[test]
fn rejects_a_position_table_of_the_wrong_length() {
    let mut p = program(vec![Op::End]);
    p.workflows[0].steps.positions.clear();
    assert!(matches!(kind_of(&p), ErrorKind::Positions { code: 1, positions: 0 }));
}

#[test]
fn rejects_an_event_wait_without_its_jump() {
    let p = program(vec![Op::AwaitEvent { wait: 0 }, Op::End, Op::End]);
    assert_eq!(kind_of(&p), ErrorKind::EventWaitShape);
}

#[test]
fn rejects_a_retry_start_that_skips_side_effects() {
    let mut p = program(vec![
        Op::Const { index: c(0) },
        Op::Set { slot: PropSlot(0) },
        Op::Const { index: c(0) },
        Op::Action { call: 0 },
        Op::End,
    ]);
    assert_eq!(kind_of(&p), ErrorKind::CallStep { step: 0 });
    p.workflows[0].calls[0].step = 2;
    assert_eq!(verify(&p), Ok(()));
    p.workflows[0].calls[0].step = 4;
    assert_eq!(kind_of(&p), ErrorKind::CallStep { step: 4 });
}

#[test]
fn rejects_impossible_settings_and_tables() {
    let mut p = program(vec![Op::End]);
    p.workflows[0].splits[0].arms[0].percent = 60;
    assert!(matches!(kind_of(&p), ErrorKind::BadValue(_)));

    let mut p = program(vec![Op::End]);
    p.workflows[0].windows.push(Window {
        days: WeekdaySet::ALL,
        from: LocalTime { hour: 17, minute: 0 },
        to: LocalTime { hour: 9, minute: 0 },
    });
    assert!(matches!(kind_of(&p), ErrorKind::BadValue(_)));

    let mut p = program(vec![Op::End]);
    p.workflows[0].delays[0] = DelayRule::UntilTime(LocalTime { hour: 24, minute: 0 });
    assert!(matches!(kind_of(&p), ErrorKind::BadValue(_)));

    let mut p = program(vec![Op::End]);
    p.workflows[0].triggers.push(Trigger::Filter { cond: CondId(5) });
    assert!(matches!(kind_of(&p), ErrorKind::OutOfRange { table: "condition", .. }));

    let mut p = program(vec![Op::End]);
    p.workflows[0].calls[0].params = vec![3];
    assert!(matches!(kind_of(&p), ErrorKind::OutOfRange { table: "parameter", .. }));
}

#[test]
fn errors_name_the_workflow_chunk_and_instruction() {
    let p = program(vec![Op::Pop, Op::End]);
    let error = verify(&p).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(error, "workflow `W`, steps at 0000: pops 1 values from a stack of 0");
}

#[test]
fn rejects_code_too_large_to_analyse() {
    let mut p = program(vec![Op::End]);
    let w = &mut p.workflows[0];
    w.locals = (0..MAX_LOCALS).map(|i| format!("r.f{i}")).collect();
    w.steps = chunk(vec![Op::Delay { rule: 0 }; 5000].into_iter().chain([Op::End]).collect());
    assert!(matches!(kind_of(&p), ErrorKind::BadValue(what) if what.contains("too large")));
}

/// Every rule of the settings and side tables, one bad program each (the
/// base program is valid; each case breaks one thing).
#[test]
fn rejects_every_bad_setting_and_table_entry() {
    use crate::time::Schedule;
    type Edit = fn(&mut WorkflowCode);
    type Expect = fn(&ErrorKind) -> bool;
    let cases: Vec<(&str, Edit, Expect)> = vec![
        (
            "file index",
            |w| w.file = 1,
            |k| matches!(k, ErrorKind::OutOfRange { table: "file", .. }),
        ),
        (
            "event trigger's event",
            |w| {
                w.triggers.push(Trigger::Event {
                    event: EventId(1),
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::OutOfRange { table: "event", .. }),
        ),
        (
            "event trigger's condition",
            |w| {
                w.triggers.push(Trigger::Event {
                    event: EventId(0),
                    cond: Some(CondId(1)),
                })
            },
            |k| matches!(k, ErrorKind::OutOfRange { table: "condition", .. }),
        ),
        (
            "schedule trigger's condition",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Daily(LocalTime { hour: 9, minute: 0 }),
                    cond: Some(CondId(1)),
                })
            },
            |k| matches!(k, ErrorKind::OutOfRange { table: "condition", .. }),
        ),
        (
            "goal",
            |w| w.goal = Some(CondId(1)),
            |k| matches!(k, ErrorKind::OutOfRange { table: "condition", .. }),
        ),
        (
            "unenroll",
            |w| w.unenroll = Some(CondId(1)),
            |k| matches!(k, ErrorKind::OutOfRange { table: "condition", .. }),
        ),
        (
            "daily schedule time",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Daily(LocalTime { hour: 9, minute: 60 }),
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("time")),
        ),
        (
            "weekly schedule without days",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Weekly(WeekdaySet(0), LocalTime { hour: 9, minute: 0 }),
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("weekday set")),
        ),
        (
            "weekly schedule with an eighth day",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Weekly(WeekdaySet(0b1000_0001), LocalTime { hour: 9, minute: 0 }),
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("weekday set")),
        ),
        (
            "weekly schedule time",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Weekly(WeekdaySet::ALL, LocalTime { hour: 24, minute: 0 }),
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("time")),
        ),
        (
            "month day 0",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Monthly {
                        day: 0,
                        time: LocalTime { hour: 9, minute: 0 },
                    },
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("day 0")),
        ),
        (
            "month day 32",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Monthly {
                        day: 32,
                        time: LocalTime { hour: 9, minute: 0 },
                    },
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("day 32")),
        ),
        (
            "monthly schedule time",
            |w| {
                w.triggers.push(Trigger::Schedule {
                    schedule: Schedule::Monthly {
                        day: 31,
                        time: LocalTime { hour: 0, minute: 60 },
                    },
                    cond: None,
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("time")),
        ),
        (
            "window without days",
            |w| {
                w.windows.push(Window {
                    days: WeekdaySet(0),
                    from: LocalTime { hour: 9, minute: 0 },
                    to: LocalTime { hour: 17, minute: 0 },
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("weekday set")),
        ),
        (
            "window start time",
            |w| {
                w.windows.push(Window {
                    days: WeekdaySet::ALL,
                    from: LocalTime { hour: 25, minute: 0 },
                    to: LocalTime { hour: 17, minute: 0 },
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("a time")),
        ),
        (
            "window end time",
            |w| {
                w.windows.push(Window {
                    days: WeekdaySet::ALL,
                    from: LocalTime { hour: 9, minute: 0 },
                    to: LocalTime { hour: 17, minute: 60 },
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("a time")),
        ),
        (
            "empty window",
            |w| {
                w.windows.push(Window {
                    days: WeekdaySet::ALL,
                    from: LocalTime { hour: 9, minute: 0 },
                    to: LocalTime { hour: 9, minute: 0 },
                })
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("a window")),
        ),
        (
            "let field's local",
            |w| w.lets[0].fields[0].slot = LocalSlot(1),
            |k| matches!(k, ErrorKind::OutOfRange { table: "local", .. }),
        ),
        (
            "call site's action",
            |w| w.calls[0].action = ActionId(1),
            |k| matches!(k, ErrorKind::OutOfRange { table: "action", .. }),
        ),
        (
            "call site's let",
            |w| w.calls[0].bind = Some(1),
            |k| matches!(k, ErrorKind::OutOfRange { table: "let", .. }),
        ),
        (
            "call site's step",
            |w| w.calls[0].step = 9,
            |k| {
                matches!(
                    k,
                    ErrorKind::OutOfRange {
                        table: "instruction",
                        ..
                    }
                )
            },
        ),
        (
            "negative delay (days)",
            |w| w.delays[0] = DelayRule::For(DurationValue { days: -1, minutes: 0 }),
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("negative duration")),
        ),
        (
            "negative delay (minutes)",
            |w| w.delays[0] = DelayRule::For(DurationValue { days: 0, minutes: -1 }),
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("negative duration")),
        ),
        (
            "weekday delay without days",
            |w| {
                w.delays[0] = DelayRule::UntilWeekdays {
                    days: WeekdaySet(0),
                    time: None,
                }
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("weekday set")),
        ),
        (
            "weekday delay time",
            |w| {
                w.delays[0] = DelayRule::UntilWeekdays {
                    days: WeekdaySet::ALL,
                    time: Some(LocalTime { hour: 24, minute: 0 }),
                }
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("a time")),
        ),
        (
            "date delay time",
            |w| {
                w.delays[0] = DelayRule::UntilDate {
                    date: chrono::NaiveDate::default(),
                    time: Some(LocalTime { hour: 12, minute: 99 }),
                }
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("a time")),
        ),
        (
            "property delay's property",
            |w| {
                w.delays[0] = DelayRule::UntilProperty {
                    slot: PropSlot(1),
                    offset: DurationValue { days: 0, minutes: 0 },
                    time: None,
                }
            },
            |k| matches!(k, ErrorKind::OutOfRange { table: "property", .. }),
        ),
        (
            "property delay time",
            |w| {
                w.delays[0] = DelayRule::UntilProperty {
                    slot: PropSlot(0),
                    offset: DurationValue { days: -30, minutes: 0 },
                    time: Some(LocalTime { hour: 30, minute: 0 }),
                }
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("a time")),
        ),
        (
            "wait's event",
            |w| w.waits[0].event = EventId(1),
            |k| matches!(k, ErrorKind::OutOfRange { table: "event", .. }),
        ),
        (
            "wait's condition",
            |w| w.waits[0].filter = Some(CondId(1)),
            |k| matches!(k, ErrorKind::OutOfRange { table: "condition", .. }),
        ),
        (
            "negative timeout",
            |w| w.waits[0].timeout = Some(DurationValue { days: 0, minutes: -5 }),
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("negative duration")),
        ),
        (
            "branch case's constant",
            |w| w.branches[0].cases[0].value = ConstId(3),
            |k| matches!(k, ErrorKind::OutOfRange { table: "constant", .. }),
        ),
        (
            "branch case's target",
            |w| w.branches[0].cases[0].target = 1,
            |k| {
                matches!(
                    k,
                    ErrorKind::OutOfRange {
                        table: "instruction",
                        ..
                    }
                )
            },
        ),
        (
            "branch case's literal type",
            |w| w.branches[0].cases[0].value = ConstId(1),
            |k| matches!(k, ErrorKind::ConstantType { index: 1, .. }),
        ),
        (
            "branch default",
            |w| w.branches[0].default = 1,
            |k| {
                matches!(
                    k,
                    ErrorKind::OutOfRange {
                        table: "instruction",
                        ..
                    }
                )
            },
        ),
        (
            "split arm of 0%",
            |w| {
                w.splits[0].arms = vec![
                    SplitArm { percent: 0, target: 0 },
                    SplitArm {
                        percent: 100,
                        target: 0,
                    },
                ]
            },
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("summing to 100")),
        ),
        (
            "split arm's target",
            |w| w.splits[0].arms[0].target = 1,
            |k| {
                matches!(
                    k,
                    ErrorKind::OutOfRange {
                        table: "instruction",
                        ..
                    }
                )
            },
        ),
        (
            "too many locals",
            |w| w.locals = (0..=MAX_LOCALS).map(|i| format!("r.f{i}")).collect(),
            |k| matches!(k, ErrorKind::BadValue(what) if what.contains("locals")),
        ),
    ];
    for (name, edit, expected) in cases {
        let mut p = program(vec![Op::End]);
        edit(&mut p.workflows[0]);
        let kind = kind_of(&p);
        assert!(expected(&kind), "{name}: {kind:?}");
    }
    // The limits themselves are allowed: month days 1 and 31, 23:59, every
    // weekday, a zero delay, a negative property offset, MAX_LOCALS locals.
    let edits: Vec<Edit> = vec![
        |w| {
            w.triggers.push(Trigger::Schedule {
                schedule: Schedule::Monthly {
                    day: 1,
                    time: LocalTime { hour: 23, minute: 59 },
                },
                cond: None,
            })
        },
        |w| {
            w.triggers.push(Trigger::Schedule {
                schedule: Schedule::Monthly {
                    day: 31,
                    time: LocalTime { hour: 0, minute: 0 },
                },
                cond: None,
            })
        },
        |w| {
            w.triggers.push(Trigger::Schedule {
                schedule: Schedule::Weekly(WeekdaySet::ALL, LocalTime { hour: 23, minute: 59 }),
                cond: None,
            })
        },
        |w| w.delays[0] = DelayRule::For(DurationValue { days: 0, minutes: 0 }),
        |w| {
            w.delays[0] = DelayRule::UntilProperty {
                slot: PropSlot(0),
                offset: DurationValue { days: -30, minutes: -5 },
                time: Some(LocalTime { hour: 23, minute: 59 }),
            }
        },
        |w| {
            w.windows.push(Window {
                days: WeekdaySet(0b100_0000),
                from: LocalTime { hour: 0, minute: 0 },
                to: LocalTime { hour: 0, minute: 1 },
            })
        },
        |w| w.locals = (0..MAX_LOCALS).map(|i| format!("r.f{i}")).collect(),
        |w| w.splits[0].arms = vec![SplitArm { percent: 1, target: 0 }, SplitArm { percent: 99, target: 0 }],
    ];
    for (i, edit) in edits.into_iter().enumerate() {
        let mut p = program(vec![Op::End]);
        edit(&mut p.workflows[0]);
        assert_eq!(verify(&p), Ok(()), "allowed case {i}");
    }
}

/// The stack limit: no chunk the size limit lets through can push past
/// MAX_STACK values (each push is an instruction), so the deepest stack a
/// verified chunk can build is allowed, and one instruction more is refused
/// for its size, before its depth matters.
#[test]
fn the_size_limit_bounds_the_stack() {
    assert!(MAX_STACK as usize >= super::MAX_FLOW_WORDS);
    let pushes = |n: usize| {
        let mut code = vec![Op::Const { index: c(0) }; n];
        code.extend(vec![Op::Pop; n]);
        code.push(Op::End);
        code
    };
    let deepest = (super::MAX_FLOW_WORDS - 1) / 2;
    assert_eq!(verify(&program(pushes(deepest))), Ok(()));
    let error = verify(&program(pushes(deepest + 1))).expect_err("refused");
    assert!(matches!(error.kind, ErrorKind::BadValue(_)), "{error:?}");
}
