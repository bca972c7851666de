//! Checks on hand-built syntax trees (the input-driven snapshot tests live in
//! `tests/check.rs`).

use super::{ActionError, CheckError, CheckOptions, NameError, ParsedFile, check_problems};
use crate::syntax::ast::*;
use crate::syntax::span::Span;

fn sp(start: usize, end: usize) -> Span {
    Span::new(start, end)
}

fn ident(name: &str, at: usize) -> Ident {
    Ident {
        name: name.into(),
        span: sp(at, at + name.len()),
    }
}

fn step(label: Option<&str>, kind: StepKind, at: usize) -> Step {
    Step {
        label: label.map(|l| ident(l, at)),
        kind,
        span: sp(at, at + 10),
    }
}

fn action(name: &str, arg: &str, at: usize) -> StepKind {
    let value = Expr {
        kind: ExprKind::Str(Template {
            parts: vec![TemplatePart::Text(PlainStr {
                value: arg.to_string(),
                span: sp(at + 1, at + 2),
            })],
            span: sp(at + 1, at + 2),
        }),
        span: sp(at + 1, at + 2),
    };
    StepKind::Action(ActionCall {
        name: ident(name, at),
        args: vec![Arg {
            name: None,
            value: ArgValue::Expr(value),
            span: sp(at + 1, at + 2),
        }],
        span: sp(at, at + 5),
    })
}

fn cond(at: usize) -> Expr {
    Expr {
        kind: ExprKind::Bool(true),
        span: sp(at, at + 4),
    }
}

fn block(steps: Vec<Step>, at: usize) -> Block {
    Block {
        steps,
        span: sp(at, at + 50),
    }
}

fn if_else(then: Vec<Step>, otherwise: Vec<Step>, at: usize) -> StepKind {
    StepKind::If {
        arms: vec![CondArm {
            cond: cond(at + 3),
            block: block(then, at + 8),
            span: sp(at, at + 50),
        }],
        else_block: Some(block(otherwise, at + 60)),
    }
}

fn workflow(settings: Vec<SettingKind>, steps: Vec<Step>) -> Vec<ParsedFile> {
    let mut items: Vec<Item> = settings
        .into_iter()
        .map(|kind| Item::Setting(Setting { kind, span: sp(1, 2) }))
        .collect();
    items.extend(steps.into_iter().map(Item::Step));
    vec![ParsedFile {
        file: 0,
        ast: SourceFile {
            workflows: vec![Workflow {
                name: PlainStr {
                    value: "W".to_string(),
                    span: sp(9, 12),
                },
                items,
                span: sp(0, 1000),
            }],
        },
        broken: Vec::new(),
    }]
}

fn codes(files: &[ParsedFile]) -> Vec<&'static str> {
    check_problems(files, &CheckOptions::default())
        .iter()
        .map(|p| crate::diagnostics::check::code(&p.error))
        .collect()
}

fn basics() -> Vec<SettingKind> {
    vec![SettingKind::Object(ident("contact", 20)), SettingKind::EnrollManually]
}

#[test]
fn an_empty_workflow_needs_object_and_enroll() {
    assert_eq!(codes(&workflow(vec![], vec![])), vec!["E0102", "E0104"]);
    assert!(codes(&workflow(basics(), vec![])).is_empty());
}

#[test]
fn a_forward_goto_into_another_arm_is_fine() {
    let steps = vec![step(
        None,
        if_else(
            vec![step(Some("a"), action("send_email", "x", 100), 100)],
            vec![step(None, StepKind::Goto(ident("a", 200)), 200)],
            90,
        ),
        90,
    )];
    assert!(codes(&workflow(basics(), steps)).is_empty());
}

#[test]
fn gotos_that_loop_are_reported_once_with_the_cycle() {
    // if { x: … } else { goto y }   if { y: … } else { goto x }
    let steps = vec![
        step(
            None,
            if_else(
                vec![step(Some("x"), action("send_email", "x", 100), 100)],
                vec![step(None, StepKind::Goto(ident("y", 200)), 200)],
                90,
            ),
            90,
        ),
        step(
            None,
            if_else(
                vec![step(Some("y"), action("send_email", "y", 400), 400)],
                vec![step(None, StepKind::Goto(ident("x", 500)), 500)],
                390,
            ),
            390,
        ),
    ];
    let problems = check_problems(&workflow(basics(), steps), &CheckOptions::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    match &problems[0].error {
        CheckError::Name(NameError::GotoCycle { label, steps, .. }) => {
            assert_eq!(label, "x");
            assert!(!steps.is_empty());
        }
        other => panic!("expected a cycle, got {other:?}"),
    }
}

#[test]
fn goto_rules_same_arm_outside_if_not_last_unknown() {
    let same_arm = vec![step(
        None,
        if_else(
            vec![
                step(Some("a"), action("send_email", "x", 100), 100),
                step(None, StepKind::Goto(ident("a", 150)), 150),
            ],
            vec![],
            90,
        ),
        90,
    )];
    assert_eq!(codes(&workflow(basics(), same_arm)), vec!["E0304"]);

    let outside = vec![
        step(Some("a"), action("send_email", "x", 50), 50),
        step(
            None,
            if_else(vec![], vec![step(None, StepKind::Goto(ident("a", 200)), 200)], 90),
            90,
        ),
    ];
    assert_eq!(codes(&workflow(basics(), outside)), vec!["E0305"]);

    let top = vec![step(None, StepKind::Goto(ident("b", 50)), 50)];
    assert_eq!(codes(&workflow(basics(), top)), vec!["E0303", "E0301"]);
}

#[test]
fn steps_after_stop_are_unreachable_unless_a_goto_reaches_them() {
    let plain = vec![
        step(None, StepKind::Stop, 50),
        step(None, action("send_email", "x", 70), 70),
    ];
    assert_eq!(codes(&workflow(basics(), plain)), vec!["W0002"]);

    let reached = vec![step(
        None,
        if_else(
            vec![
                step(None, StepKind::Stop, 100),
                step(Some("a"), action("send_email", "x", 120), 120),
            ],
            vec![step(None, StepKind::Goto(ident("a", 200)), 200)],
            90,
        ),
        90,
    )];
    assert!(codes(&workflow(basics(), reached)).is_empty());
}

#[test]
fn unknown_actions_suggest_the_closest_name() {
    let steps = vec![step(None, action("send_emial", "x", 50), 50)];
    let problems = check_problems(&workflow(basics(), steps), &CheckOptions::default());
    assert_eq!(
        problems.first().map(|p| &p.error),
        Some(&CheckError::Action(ActionError::UnknownAction {
            span: sp(50, 60),
            name: "send_emial".to_string(),
            suggestions: vec!["send_email"],
        }))
    );
}
