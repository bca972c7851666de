//! `.wf` back to a v4 create request (`POST /automation/v4/flows`): actions
//! numbered in step order from `1`, `startActionId` the first, and
//! `nextAvailableActionId` one past the last. Where arms rejoin, the first
//! arm connects with `STANDARD`, the others with `GO-TO` (IMPORT.md).

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::flow::{
    AbTestBranchAction, Action, BlockedDate, Connection, CustomCodeAction, DAYS, EnrollmentCriteria,
    EnrollmentSchedule, Filter, FilterBranch, Flow, InputVariable, ListBranch, ListBranchAction, MONTHS, Operation,
    SingleConnectionAction, StaticBranch, StaticBranchAction, TimeOfDay, WebhookAction,
};
use super::json::{Json, JsonMap};
use super::names::event_type_id;
use crate::syntax::ast::{
    ActionCall, ArgValue, BinaryOp, Block, DelayKind, DurationUnit, Expr, ExprKind, LiteralKind, ScheduleKind,
    SettingKind, Step, StepKind, TemplatePart, UnaryOp, Weekdays, Workflow,
};
use crate::syntax::span::Span;

/// A construct HubSpot's flows cannot express (exit 1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExportError {
    pub span: Span,
    pub message: String,
}

fn fail<T>(span: Span, message: impl Into<String>) -> Result<T, ExportError> {
    Err(ExportError {
        span,
        message: message.into(),
    })
}

/// Exports one checked workflow.
pub fn export_workflow(workflow: &Workflow) -> Result<Flow, ExportError> {
    let mut zone: Tz = chrono_tz::UTC;
    let mut object = "contact".to_string();
    for setting in workflow.settings() {
        match &setting.kind {
            SettingKind::Object(ident) => object = ident.name.to_string(),
            SettingKind::Timezone(z) => zone = z.value.parse().unwrap_or(chrono_tz::UTC),
            _ => {}
        }
    }
    let mut exporter = Exporter {
        zone,
        ids: HashMap::new(),
        labels: HashMap::new(),
        actions: Vec::new(),
        next: 1,
    };
    let steps: Vec<&Step> = workflow.steps().collect();
    exporter.number(&steps);
    exporter.block(&steps, None, "STANDARD")?;
    let mut flow = Flow {
        is_enabled: Some(false),
        flow_type: Some("WORKFLOW".into()),
        name: Some(workflow.name.value.clone()),
        kind: Some(
            if object == "contact" {
                "CONTACT_FLOW"
            } else {
                "PLATFORM_FLOW"
            }
            .into(),
        ),
        object_type_id: Some(
            super::mapping::object_type_id(&object)
                .ok_or_else(|| ExportError {
                    span: workflow.name.span,
                    message: format!("object `{object}` has no HubSpot object type id this export knows"),
                })?
                .into(),
        ),
        ..Flow::default()
    };
    exporter.actions.sort_by_key(|(n, _)| *n);
    flow.start_action_id = exporter.actions.first().map(|(n, _)| n.to_string());
    flow.next_available_action_id = Some(exporter.next.to_string());
    flow.actions = exporter.actions.into_iter().map(|(_, a)| a).collect();
    settings(workflow, &mut flow, zone)?;
    Ok(flow)
}

fn settings(workflow: &Workflow, flow: &mut Flow, zone: Tz) -> Result<(), ExportError> {
    let mut reenroll = false;
    let mut when: Vec<&Expr> = Vec::new();
    let mut events: Vec<(&str, Option<&Expr>, Span)> = Vec::new();
    let mut schedule: Option<(EnrollmentSchedule, Option<&Expr>)> = None;
    let mut manual = false;
    let mut windows = Vec::new();
    let mut blocked = Vec::new();
    for setting in workflow.settings() {
        match &setting.kind {
            SettingKind::EnrollWhen(cond) => when.push(cond),
            SettingKind::EnrollOnEvent { event, filter } => events.push((&event.name, filter.as_ref(), setting.span)),
            SettingKind::EnrollEvery { schedule: s, filter } => {
                // Several `enroll every month on day N` at one time and with one
                // filter are one HubSpot schedule of several days.
                if let (
                    Some((
                        EnrollmentSchedule::MonthlySpecificDays {
                            days_of_month,
                            time_of_day,
                            ..
                        },
                        f,
                    )),
                    ScheduleKind::Monthly { day_of_month, time },
                ) = (&mut schedule, &s.kind)
                    && time_of_day.hour == time.hour
                    && time_of_day.minute == time.minute
                    && f.map(crate::syntax::print::print_expr) == filter.as_ref().map(crate::syntax::print::print_expr)
                {
                    days_of_month.push(day_of_month.value as u32);
                    continue;
                }
                if schedule.is_some() {
                    return fail(
                        setting.span,
                        "a HubSpot flow has one enrollment schedule; keep one `enroll every`",
                    );
                }
                let t = |t: &crate::syntax::ast::TimeOfDay| TimeOfDay {
                    hour: t.hour,
                    minute: t.minute,
                };
                let converted = match &s.kind {
                    ScheduleKind::Daily { time } => EnrollmentSchedule::Daily {
                        time_of_day: t(time),
                        extra: JsonMap::default(),
                    },
                    ScheduleKind::Weekly { days, time } => EnrollmentSchedule::Weekly {
                        days_of_week: weekdays(days).into_iter().map(|d| DAYS[d].to_string()).collect(),
                        time_of_day: t(time),
                        extra: JsonMap::default(),
                    },
                    ScheduleKind::Monthly { day_of_month, time } => EnrollmentSchedule::MonthlySpecificDays {
                        days_of_month: vec![day_of_month.value as u32],
                        time_of_day: t(time),
                        extra: JsonMap::default(),
                    },
                };
                // `enroll every day at T where days_between(…) == N [and (C)]`
                // is what import writes for a property-based schedule.
                if let (ScheduleKind::Daily { time }, Some(f)) = (&s.kind, filter)
                    && let Some((date_property, days_delta, rest)) = property_schedule(f)
                {
                    schedule = Some((
                        EnrollmentSchedule::PropertyBased {
                            date_property,
                            days_delta,
                            time_of_day: t(time),
                            yearly: false,
                            extra: JsonMap::default(),
                        },
                        rest,
                    ));
                    continue;
                }
                schedule = Some((converted, filter.as_ref()));
            }
            SettingKind::EnrollManually => manual = true,
            SettingKind::Reenroll => reenroll = true,
            SettingKind::Goal(cond) => flow.goal_filter_branch = Some(filter_branch(cond, "")?),
            SettingKind::UnenrollWhen(cond) => {
                return fail(
                    cond.span,
                    "HubSpot flows have no `unenroll when`; remove it before exporting",
                );
            }
            SettingKind::Window { days, from, to } => {
                for d in weekdays(days) {
                    windows.push(super::flow::TimeWindow {
                        day: DAYS[d].to_string(),
                        start_time: Some(TimeOfDay {
                            hour: from.hour,
                            minute: from.minute,
                        }),
                        end_time: Some(TimeOfDay {
                            hour: to.hour,
                            minute: to.minute,
                        }),
                        extra: JsonMap::default(),
                    });
                }
            }
            SettingKind::Blocked(dates) => {
                for d in dates {
                    blocked.push(BlockedDate {
                        day_of_month: d.day,
                        month: MONTHS[(d.month.clamp(1, 12) - 1) as usize].to_string(),
                        year: Some(d.year),
                        extra: JsonMap::default(),
                    });
                }
            }
            SettingKind::Object(_) | SettingKind::Timezone(_) => {}
        }
    }
    let _ = zone;
    let kinds =
        usize::from(!when.is_empty() || schedule.is_some()) + usize::from(!events.is_empty()) + usize::from(manual);
    if kinds > 1 {
        return fail(
            workflow.name.span,
            "a HubSpot flow enrolls one way: by filters, by events or manually; keep one kind of `enroll`",
        );
    }
    if let Some((s, filter)) = schedule {
        flow.enrollment_schedule = Some(s);
        if let Some(f) = filter {
            when.push(f);
        }
    }
    if !when.is_empty() {
        let mut branches = Vec::new();
        for cond in &when {
            branches.extend(filter_branch(cond, "")?.filter_branches);
        }
        flow.enrollment_criteria = Some(EnrollmentCriteria::ListBased {
            should_re_enroll: Some(reenroll),
            un_enroll_objects_not_meeting_criteria: Some(false),
            list_filter_branch: Some(or_branch(branches)),
            re_enrollment_triggers_filter_branches: Some(Vec::new()),
            extra: JsonMap::default(),
        });
    } else if !events.is_empty() {
        let mut branches = Vec::new();
        for (name, filter, _) in events {
            let filters = match filter {
                Some(f) => and_filters(f, "event.")?,
                None => Vec::new(),
            };
            branches.push(FilterBranch {
                filter_branch_type: "UNIFIED_EVENTS".into(),
                filter_branch_operator: Some("AND".into()),
                filter_branches: Vec::new(),
                filters,
                event_type_id: Some(event_type_id(name)),
                operator: Some("HAS_COMPLETED".into()),
                extra: JsonMap::default(),
            });
        }
        flow.enrollment_criteria = Some(EnrollmentCriteria::EventBased {
            should_re_enroll: Some(reenroll),
            event_filter_branches: branches,
            list_membership_filter_branches: Some(Vec::new()),
            refinement_criteria: None,
            extra: JsonMap::default(),
        });
    } else {
        flow.enrollment_criteria = Some(EnrollmentCriteria::Manual {
            should_re_enroll: Some(reenroll),
            extra: JsonMap::default(),
        });
    }
    flow.time_windows = Some(windows);
    flow.blocked_dates = Some(blocked);
    Ok(())
}

/// `days_between(today, P) == N` (N days before the date: `daysDelta` -N) or
/// `days_between(P, today) == N` (N days after), alone or `and`ed with the
/// rest of the filter.
fn property_schedule(filter: &Expr) -> Option<(String, i64, Option<&Expr>)> {
    let (test, rest) = match &filter.kind {
        ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
            ..
        } => (&**lhs, Some(&**rhs)),
        _ => (filter, None),
    };
    let ExprKind::Binary {
        op: BinaryOp::Eq,
        lhs,
        rhs,
        ..
    } = &test.kind
    else {
        return None;
    };
    let ExprKind::Call { name, args } = &lhs.kind else {
        return None;
    };
    let ExprKind::Number(n) = rhs.kind else { return None };
    if name.name != "days_between" || args.len() != 2 || n.fract() != 0.0 {
        return None;
    }
    let path = |e: &Expr| match &e.kind {
        ExprKind::Path(p) if p.field.is_none() => Some(p.head.name.to_string()),
        _ => None,
    };
    match (path(&args[0])?.as_str(), path(&args[1])?.as_str()) {
        ("today", p) if p != "today" => Some((p.to_string(), -(n as i64), rest)),
        (p, "today") if p != "today" => Some((p.to_string(), n as i64, rest)),
        _ => None,
    }
}

/// Weekday indexes (Monday 0) of `monday, friday`, `weekday` or `day`.
fn weekdays(days: &Weekdays) -> Vec<usize> {
    let mut out = Vec::new();
    for word in &days.words {
        match word.name.as_str() {
            "weekday" => out.extend(0..5),
            "day" => out.extend(0..7),
            name => out.extend(DAYS.iter().position(|d| d.eq_ignore_ascii_case(name))),
        }
    }
    out
}

fn or_branch(ands: Vec<FilterBranch>) -> FilterBranch {
    FilterBranch {
        filter_branch_type: "OR".into(),
        filter_branch_operator: Some("OR".into()),
        filter_branches: ands,
        filters: Vec::new(),
        event_type_id: None,
        operator: None,
        extra: JsonMap::default(),
    }
}

/// A condition as an `OR` of `AND`s of filters.
fn filter_branch(cond: &Expr, subject: &str) -> Result<FilterBranch, ExportError> {
    let ands = dnf(cond, subject)?;
    Ok(or_branch(
        ands.into_iter()
            .map(|filters| FilterBranch {
                filter_branch_type: "AND".into(),
                filter_branch_operator: Some("AND".into()),
                filter_branches: Vec::new(),
                filters,
                event_type_id: None,
                operator: None,
                extra: JsonMap::default(),
            })
            .collect(),
    ))
}

fn and_filters(cond: &Expr, subject: &str) -> Result<Vec<Filter>, ExportError> {
    let mut ands = dnf(cond, subject)?;
    if ands.len() != 1 {
        return fail(cond.span, "an event's `where` exports as `and`ed comparisons only");
    }
    Ok(ands.remove(0))
}

fn dnf(cond: &Expr, subject: &str) -> Result<Vec<Vec<Filter>>, ExportError> {
    match &cond.kind {
        ExprKind::Binary {
            op: BinaryOp::Or,
            lhs,
            rhs,
            ..
        } => {
            if let Some(filter) = with_unknown(lhs, rhs, subject)? {
                return Ok(vec![vec![filter]]);
            }
            let mut out = dnf(lhs, subject)?;
            out.extend(dnf(rhs, subject)?);
            Ok(out)
        }
        ExprKind::Binary {
            op: BinaryOp::And,
            lhs,
            rhs,
            ..
        } => {
            let left = dnf(lhs, subject)?;
            let right = dnf(rhs, subject)?;
            if left.len() * right.len() > 1_000 {
                return fail(
                    cond.span,
                    "the condition has more than 1,000 `and` groups as HubSpot filters; simplify it",
                );
            }
            let mut out = Vec::new();
            for l in &left {
                for r in &right {
                    out.push(l.iter().chain(r).cloned().collect());
                }
            }
            Ok(out)
        }
        _ => Ok(vec![vec![atom(cond, subject)?]]),
    }
}

/// `x OP v or x is unknown`: one filter that includes records with no value.
fn with_unknown(lhs: &Expr, rhs: &Expr, subject: &str) -> Result<Option<Filter>, ExportError> {
    let ExprKind::IsKnown { operand, known: false } = &rhs.kind else {
        return Ok(None);
    };
    let Some(p) = property(operand, subject) else {
        return Ok(None);
    };
    if matches!(
        lhs.kind,
        ExprKind::Binary {
            op: BinaryOp::Or | BinaryOp::And,
            ..
        }
    ) {
        return Ok(None);
    }
    let mut filter = atom(lhs, subject)?;
    if filter.property.as_deref() != Some(p.as_str()) {
        return Ok(None);
    }
    if let Some(op) = &mut filter.operation {
        op.include_objects_with_no_value_set = Some(true);
    }
    Ok(Some(filter))
}

fn property(expr: &Expr, subject: &str) -> Option<String> {
    let ExprKind::Path(path) = &expr.kind else { return None };
    match (&path.field, subject) {
        (None, "") => Some(path.head.name.to_string()),
        (Some(field), "event.") if path.head.name == "event" => Some(field.name.to_string()),
        _ => None,
    }
}

fn literal(expr: &Expr) -> Option<Json> {
    match &expr.kind {
        ExprKind::Str(t) => t.as_plain().map(Json::String),
        ExprKind::Number(n) => Some(Json::number(*n)),
        ExprKind::Bool(b) => Some(Json::Bool(*b)),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            operand,
        } => match operand.kind {
            ExprKind::Number(n) => Some(Json::number(-n)),
            _ => None,
        },
        _ => None,
    }
}

fn operation(kind: &str, operator: &str, value: Option<Json>, values: Option<Vec<Json>>) -> Operation {
    Operation {
        operation_type: kind.into(),
        operator: operator.into(),
        value,
        values,
        include_objects_with_no_value_set: Some(false),
        extra: JsonMap::default(),
    }
}

fn atom(expr: &Expr, subject: &str) -> Result<Filter, ExportError> {
    let cannot = || ExportError {
        span: expr.span,
        message: "this condition has no HubSpot filter form; write comparisons of a property with a literal".into(),
    };
    let (p, op) = match &expr.kind {
        ExprKind::IsKnown { operand, known } => (
            property(operand, subject).ok_or_else(cannot)?,
            operation(
                "ALL_PROPERTY",
                if *known { "IS_KNOWN" } else { "IS_UNKNOWN" },
                None,
                None,
            ),
        ),
        ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
        } => match &operand.kind {
            ExprKind::Binary {
                op: BinaryOp::Contains,
                lhs,
                rhs,
                ..
            } => (
                property(lhs, subject).ok_or_else(cannot)?,
                operation(
                    "STRING",
                    "DOES_NOT_CONTAIN",
                    Some(literal(rhs).ok_or_else(cannot)?),
                    None,
                ),
            ),
            _ => return Err(cannot()),
        },
        ExprKind::Binary { op, lhs, rhs, .. } => {
            let p = property(lhs, subject).ok_or_else(cannot)?;
            let op = match op {
                BinaryOp::In | BinaryOp::NotIn => {
                    let ExprKind::List(items) = &rhs.kind else {
                        return Err(cannot());
                    };
                    let values: Vec<Json> = items
                        .iter()
                        .map(|i| {
                            literal(i).map(|v| Json::String(v.as_str().map_or_else(|| v.to_text(), str::to_string)))
                        })
                        .collect::<Option<_>>()
                        .ok_or_else(cannot)?;
                    let negated = *op == BinaryOp::NotIn;
                    if values.len() == 1 {
                        let operator = if negated { "IS_NOT_EQUAL_TO" } else { "IS_EQUAL_TO" };
                        operation("STRING", operator, values.into_iter().next(), None)
                    } else {
                        let operator = if negated { "IS_NONE_OF" } else { "IS_ANY_OF" };
                        operation("ENUMERATION", operator, None, Some(values))
                    }
                }
                _ => {
                    let value = literal(rhs).ok_or_else(cannot)?;
                    let kind = match value {
                        Json::Number(_) => "NUMBER",
                        Json::Bool(_) => "BOOL",
                        _ => "STRING",
                    };
                    let operator = match (op, kind) {
                        (BinaryOp::Eq, _) => "IS_EQUAL_TO",
                        (BinaryOp::Ne, _) => "IS_NOT_EQUAL_TO",
                        (BinaryOp::Gt, "NUMBER") => "IS_GREATER_THAN",
                        (BinaryOp::Ge, "NUMBER") => "IS_GREATER_THAN_OR_EQUAL_TO",
                        (BinaryOp::Lt, "NUMBER") => "IS_LESS_THAN",
                        (BinaryOp::Le, "NUMBER") => "IS_LESS_THAN_OR_EQUAL_TO",
                        (BinaryOp::Contains, "STRING") => "CONTAINS",
                        (BinaryOp::StartsWith, "STRING") => "STARTS_WITH",
                        (BinaryOp::EndsWith, "STRING") => "ENDS_WITH",
                        _ => return Err(cannot()),
                    };
                    operation(kind, operator, Some(value), None)
                }
            };
            (p, op)
        }
        _ => return Err(cannot()),
    };
    Ok(Filter {
        filter_type: "PROPERTY".into(),
        property: Some(p),
        operation: Some(op),
        extra: JsonMap::default(),
    })
}

struct Exporter {
    zone: Tz,
    /// First action number of each step that makes actions, by address.
    ids: HashMap<usize, u32>,
    labels: HashMap<String, u32>,
    actions: Vec<(u32, Action)>,
    next: u32,
}

fn key(step: &Step) -> usize {
    step as *const Step as usize
}

impl Exporter {
    /// Numbers the actions in step order.
    fn number(&mut self, steps: &[&Step]) {
        for step in steps {
            let count = match &step.kind {
                StepKind::Goto(_) | StepKind::Stop => 0,
                StepKind::Delay(d) => match &d.kind {
                    DelayKind::UntilEvent {
                        timeout: Some(_),
                        on_timeout: Some(_),
                        ..
                    } => 2,
                    _ => 1,
                },
                _ => 1,
            };
            if count > 0 {
                self.ids.insert(key(step), self.next);
                if let Some(label) = &step.label {
                    self.labels.insert(label.name.to_string(), self.next);
                }
                self.next += count;
            }
            for block in blocks(step) {
                let inner: Vec<&Step> = block.steps.iter().collect();
                self.number(&inner);
            }
        }
    }

    /// Where the steps from `k` on begin: an action and the edge to it.
    fn entry(&self, steps: &[&Step], k: usize, cont: Option<u32>, edge: &str) -> Option<Connection> {
        match steps.get(k) {
            None => cont.map(|c| Connection::new(edge, &c.to_string())),
            Some(step) => match &step.kind {
                StepKind::Goto(label) => self
                    .labels
                    .get(label.name.as_str())
                    .map(|id| Connection::new("GO-TO", &id.to_string())),
                StepKind::Stop => None,
                _ => self
                    .ids
                    .get(&key(step))
                    .map(|id| Connection::new("STANDARD", &id.to_string())),
            },
        }
    }

    fn block(&mut self, steps: &[&Step], cont: Option<u32>, edge: &str) -> Result<(), ExportError> {
        for k in 0..steps.len() {
            let next = self.entry(steps, k + 1, cont, edge);
            let cont_here = cont_of(&next);
            self.step(steps[k], next, cont_here)?;
            if matches!(steps[k].kind, StepKind::Goto(_) | StepKind::Stop) {
                break;
            }
        }
        Ok(())
    }

    /// The arms of a branch: each arm's entry, the arm's steps exported with
    /// the continuation (first arm `STANDARD`, the others `GO-TO`).
    fn arms(&mut self, arms: &[&Block], after: &Option<Connection>) -> Result<Vec<Option<Connection>>, ExportError> {
        let cont = cont_of(after);
        let mut entries = Vec::new();
        for (i, block) in arms.iter().enumerate() {
            let edge = if i == 0 { "STANDARD" } else { "GO-TO" };
            let steps: Vec<&Step> = block.steps.iter().collect();
            entries.push(self.entry(&steps, 0, cont, edge));
            self.block(&steps, cont, edge)?;
        }
        Ok(entries)
    }

    fn step(&mut self, step: &Step, next: Option<Connection>, _cont: Option<u32>) -> Result<(), ExportError> {
        let Some(&id) = self.ids.get(&key(step)) else {
            return Ok(());
        };
        let action_id = id.to_string();
        let single = |type_id: &str, fields: JsonMap, connection: Option<Connection>| {
            Action::SingleConnection(SingleConnectionAction {
                action_id: action_id.clone(),
                action_type_version: Json::number(0.0),
                action_type_id: type_id.into(),
                connection,
                fields,
                extra: JsonMap::default(),
            })
        };
        let action = match &step.kind {
            StepKind::Action(call) => self.call(call, &action_id, next)?,
            StepKind::Let { call, .. } => {
                return fail(
                    call.span,
                    "HubSpot flows cannot read an action's outputs; call it without `let`",
                );
            }
            StepKind::Set { path, value } => {
                let prop = plain_path(path, step.span)?;
                let v = match &value.kind {
                    ExprKind::Path(from) if from.field.is_none() => obj(&[
                        ("type", Json::string("OBJECT_PROPERTY")),
                        ("propertyName", Json::string(from.head.name.to_string())),
                    ]),
                    _ => {
                        let v = literal(value).ok_or_else(|| ExportError {
                            span: value.span,
                            message: "HubSpot sets a literal or a copied property, not an expression".into(),
                        })?;
                        let text = v.as_str().map_or_else(|| v.to_text(), str::to_string);
                        obj(&[
                            ("type", Json::string("STATIC_VALUE")),
                            ("staticValue", Json::String(text)),
                        ])
                    }
                };
                single(
                    "0-5",
                    JsonMap(vec![("property_name".into(), Json::String(prop)), ("value".into(), v)]),
                    next,
                )
            }
            StepKind::Clear { path } => {
                let prop = plain_path(path, step.span)?;
                let v = obj(&[
                    ("type", Json::string("STATIC_VALUE")),
                    ("staticValue", Json::string("")),
                ]);
                single(
                    "0-5",
                    JsonMap(vec![("property_name".into(), Json::String(prop)), ("value".into(), v)]),
                    next,
                )
            }
            StepKind::Increment { path, by } | StepKind::Decrement { path, by } => {
                let prop = plain_path(path, step.span)?;
                let amount = match by {
                    Some(e) => literal(e).and_then(|j| j.as_f64()).ok_or_else(|| ExportError {
                        span: e.span,
                        message: "HubSpot increments by a number, not an expression".into(),
                    })?,
                    None => 1.0,
                };
                let amount = if matches!(step.kind, StepKind::Decrement { .. }) {
                    -amount
                } else {
                    amount
                };
                let v = obj(&[
                    ("type", Json::string("INCREMENT")),
                    ("incrementAmount", Json::number(amount)),
                ]);
                single(
                    "0-5",
                    JsonMap(vec![("property_name".into(), Json::String(prop)), ("value".into(), v)]),
                    next,
                )
            }
            StepKind::Delay(delay) => match &delay.kind {
                DelayKind::For(d) => {
                    let minutes = d.total(DurationUnit::Minute)
                        + 60 * d.total(DurationUnit::Hour)
                        + 1_440 * d.total(DurationUnit::Day)
                        + 10_080 * d.total(DurationUnit::Week);
                    let unit = unit_of(d);
                    single(
                        "0-1",
                        JsonMap(vec![
                            ("delta".into(), Json::String(minutes.to_string())),
                            ("time_unit".into(), Json::string(unit)),
                        ]),
                        next,
                    )
                }
                DelayKind::UntilDate { date, time } => {
                    let day = NaiveDate::from_ymd_opt(date.year, date.month, date.day).ok_or_else(|| ExportError {
                        span: date.span,
                        message: "not a calendar date".into(),
                    })?;
                    let midnight = self
                        .zone
                        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
                        .earliest()
                        .map_or(0, |t| t.timestamp_millis());
                    let mut fields = JsonMap(vec![
                        (
                            "date".into(),
                            obj(&[
                                ("type", Json::string("STATIC_VALUE")),
                                ("staticValue", Json::String(midnight.to_string())),
                            ]),
                        ),
                        ("delta".into(), Json::string("0")),
                        ("time_unit".into(), Json::string("DAYS")),
                    ]);
                    if let Some(t) = time {
                        fields.push(
                            "time_of_day",
                            obj(&[
                                ("hour", Json::number(t.hour.into())),
                                ("minute", Json::number(t.minute.into())),
                            ]),
                        );
                    }
                    single("0-35", fields, next)
                }
                DelayKind::UntilProperty { path, offset, time } => {
                    let prop = plain_path(path, delay.span)?;
                    let (delta, unit) = match offset {
                        Some(o) => {
                            let d = &o.duration;
                            let minutes = (d.total(DurationUnit::Minute)
                                + 60 * d.total(DurationUnit::Hour)
                                + 1_440 * d.total(DurationUnit::Day)
                                + 10_080 * d.total(DurationUnit::Week))
                                as i64;
                            (if o.negative { -minutes } else { minutes }, unit_of(d))
                        }
                        None => (0, "DAYS"),
                    };
                    let mut fields = JsonMap(vec![
                        (
                            "date".into(),
                            obj(&[
                                ("type", Json::string("OBJECT_PROPERTY")),
                                ("propertyName", Json::String(prop)),
                            ]),
                        ),
                        ("delta".into(), Json::String(delta.to_string())),
                        ("time_unit".into(), Json::string(unit)),
                    ]);
                    if let Some(t) = time {
                        fields.push(
                            "time_of_day",
                            obj(&[
                                ("hour", Json::number(t.hour.into())),
                                ("minute", Json::number(t.minute.into())),
                            ]),
                        );
                    }
                    single("0-35", fields, next)
                }
                DelayKind::UntilEvent {
                    event,
                    filter,
                    timeout,
                    on_timeout,
                } => {
                    let filters = match filter {
                        Some(f) => and_filters(f, "event.")?,
                        None => Vec::new(),
                    };
                    let branch = FilterBranch {
                        filter_branch_type: "UNIFIED_EVENTS".into(),
                        filter_branch_operator: Some("AND".into()),
                        filter_branches: Vec::new(),
                        filters,
                        event_type_id: Some(event_type_id(&event.name)),
                        operator: Some("HAS_COMPLETED".into()),
                        extra: JsonMap::default(),
                    };
                    let branch_json: Json = serde_json::to_string(&branch)
                        .ok()
                        .and_then(|t| serde_json::from_str(&t).ok())
                        .unwrap_or(Json::Null);
                    let mut fields = JsonMap(vec![("event_filter_branches".into(), Json::Array(vec![branch_json]))]);
                    if let Some(d) = timeout {
                        let minutes = d.total(DurationUnit::Minute)
                            + 60 * d.total(DurationUnit::Hour)
                            + 1_440 * d.total(DurationUnit::Day)
                            + 10_080 * d.total(DurationUnit::Week);
                        fields.push("expiration_minutes", Json::String(minutes.to_string()));
                    }
                    match on_timeout {
                        Some(block) if timeout.is_some() => {
                            let branch_id = (id + 1).to_string();
                            let wait = single("0-29", fields, Some(Connection::new("STANDARD", &branch_id)));
                            let entries = self.arms(&[block], &next)?;
                            let timed_out = entries.into_iter().next().flatten();
                            let outcome = Action::StaticBranch(StaticBranchAction {
                                action_id: branch_id,
                                input_value: obj(&[
                                    ("type", Json::string("FIELD_DATA")),
                                    ("actionId", Json::String(action_id.clone())),
                                    ("dataKey", Json::string("hs_event_criteria_met")),
                                ]),
                                static_branches: vec![
                                    StaticBranch {
                                        branch_value: "true".into(),
                                        connection: next.clone(),
                                        extra: JsonMap::default(),
                                    },
                                    StaticBranch {
                                        branch_value: "false".into(),
                                        connection: timed_out,
                                        extra: JsonMap::default(),
                                    },
                                ],
                                default_branch_name: None,
                                default_branch: None,
                                extra: JsonMap::default(),
                            });
                            self.actions.push((id + 1, outcome));
                            wait
                        }
                        _ => single("0-29", fields, next),
                    }
                }
                DelayKind::UntilTime(_) | DelayKind::UntilWeekdays { .. } | DelayKind::UntilDateTime(_) => {
                    return fail(
                        delay.span,
                        "HubSpot has no action type this export knows for this delay; use a duration, a date or a date property",
                    );
                }
            },
            StepKind::If { arms, else_block } => {
                let mut blocks: Vec<&Block> = arms.iter().map(|a| &a.block).collect();
                blocks.extend(else_block.as_ref());
                let entries = self.arms(&blocks, &next)?;
                let mut list_branches = Vec::new();
                for (arm, entry) in arms.iter().zip(&entries) {
                    list_branches.push(ListBranch {
                        branch_name: None,
                        filter_branch: Some(filter_branch(&arm.cond, "")?),
                        connection: entry.clone(),
                        extra: JsonMap::default(),
                    });
                }
                let default = if else_block.is_some() {
                    entries.last().cloned().flatten()
                } else {
                    next.clone()
                };
                Action::ListBranch(ListBranchAction {
                    action_id,
                    list_branches,
                    default_branch_name: None,
                    default_branch: default,
                    extra: JsonMap::default(),
                })
            }
            StepKind::Branch { path, arms, else_block } => {
                let prop = plain_path(path, step.span)?;
                let mut blocks: Vec<&Block> = arms.iter().map(|a| &a.block).collect();
                blocks.extend(else_block.as_ref());
                let entries = self.arms(&blocks, &next)?;
                let mut static_branches = Vec::new();
                for (arm, entry) in arms.iter().zip(&entries) {
                    for lit in &arm.values {
                        let value = match &lit.kind {
                            LiteralKind::Str(s) => s.clone(),
                            LiteralKind::Number(n) => Json::number(*n).to_text(),
                            LiteralKind::Bool(b) => b.to_string(),
                            LiteralKind::Date(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
                        };
                        static_branches.push(StaticBranch {
                            branch_value: value,
                            connection: entry.clone(),
                            extra: JsonMap::default(),
                        });
                    }
                }
                let default = if else_block.is_some() {
                    entries.last().cloned().flatten()
                } else {
                    next.clone()
                };
                Action::StaticBranch(StaticBranchAction {
                    action_id,
                    input_value: obj(&[
                        ("type", Json::string("OBJECT_PROPERTY")),
                        ("propertyName", Json::String(prop)),
                    ]),
                    static_branches,
                    default_branch_name: None,
                    default_branch: default,
                    extra: JsonMap::default(),
                })
            }
            StepKind::Split { arms } => {
                let blocks: Vec<&Block> = arms.iter().map(|a| &a.block).collect();
                let entries = self.arms(&blocks, &next)?;
                let test_branches = entries
                    .into_iter()
                    .map(|e| {
                        e.ok_or_else(|| ExportError {
                            span: step.span,
                            message:
                                "every arm of a HubSpot A/B split goes on to an action; an arm here ends the workflow"
                                    .into(),
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Action::AbTestBranch(AbTestBranchAction {
                    action_id,
                    test_branches,
                    extra: JsonMap::default(),
                })
            }
            StepKind::EnrollIn(name) => {
                return fail(
                    name.span,
                    "HubSpot's enroll-in-workflow action has no type id this export knows; remove the step before exporting",
                );
            }
            StepKind::Goto(_) | StepKind::Stop => return Ok(()),
        };
        self.actions.push((id, action));
        Ok(())
    }

    fn call(&mut self, call: &ActionCall, action_id: &str, next: Option<Connection>) -> Result<Action, ExportError> {
        let spec = crate::catalog::lookup(&call.name.name);
        let mut args: HashMap<&str, (Json, &Expr)> = HashMap::new();
        for (i, arg) in call.args.iter().enumerate() {
            let name = match &arg.name {
                Some(n) => n.name.as_str(),
                None => spec.and_then(|s| s.params.get(i)).map_or("", |p| p.name),
            };
            let ArgValue::Expr(expr) = &arg.value else {
                return fail(arg.span, "a placeholder `?` cannot be exported; fill it in first");
            };
            if call.name.name == "custom_code" && name == "inputs" {
                // Read below: `{{property}}` inputs are property references.
                args.insert(name, (Json::Null, expr));
                continue;
            }
            let value = constant(expr).ok_or_else(|| ExportError {
                span: expr.span,
                message: "HubSpot fields take literal values; an expression or a `{{ template }}` has no export form"
                    .into(),
            })?;
            args.insert(name, (value, expr));
        }
        let text = |k: &str| args.get(k).and_then(|(v, _)| v.as_str().map(str::to_string));
        let list = |k: &str| args.get(k).map_or(Json::Array(Vec::new()), |(v, _)| v.clone());
        let single = |type_id: &str, version: Json, fields: JsonMap| {
            Action::SingleConnection(SingleConnectionAction {
                action_id: action_id.into(),
                action_type_version: version,
                action_type_id: type_id.into(),
                connection: next.clone(),
                fields,
                extra: JsonMap::default(),
            })
        };
        let zero = Json::number(0.0);
        let name = call.name.name.as_str();
        Ok(match name {
            "send_email" => single("0-4", zero, fields(&[("content_id", text("email").map(Json::String))])),
            "send_internal_email" => {
                let to = list("to");
                let addresses = to.as_array().is_some_and(|items| {
                    !items.is_empty() && items.iter().all(|i| i.as_str().is_some_and(|s| s.contains('@')))
                });
                let (type_id, key) = if addresses {
                    ("0-23", "to_addresses")
                } else {
                    ("0-8", "user_ids")
                };
                single(
                    type_id,
                    zero,
                    fields(&[
                        (key, Some(to)),
                        ("subject", text("subject").map(Json::String)),
                        ("body", text("body").map(Json::String)),
                    ]),
                )
            }
            "send_notification" => single(
                "0-9",
                zero,
                fields(&[
                    ("user_ids", Some(list("to"))),
                    ("delivery_method", Some(Json::string("APP"))),
                    ("body", text("message").map(Json::String)),
                ]),
            ),
            "create_task" => single(
                "0-3",
                zero,
                fields(&[
                    ("subject", text("title").map(Json::String)),
                    ("body", text("notes").map(Json::String)),
                    (
                        "priority",
                        Some(Json::String(
                            text("priority").map_or("NONE".into(), |p| p.to_uppercase()),
                        )),
                    ),
                ]),
            ),
            "rotate_owner" => single(
                "0-11",
                zero,
                fields(&[
                    ("user_ids", Some(list("users"))),
                    ("target_property", text("property").map(Json::String)),
                ]),
            ),
            "add_to_list" | "remove_from_list" => single(
                "0-13",
                zero,
                fields(&[
                    (
                        "operation",
                        Some(Json::string(if name == "add_to_list" { "ADD" } else { "REMOVE" })),
                    ),
                    ("list_id", text("list").map(Json::String)),
                ]),
            ),
            "create_record" => {
                let object = text("object").unwrap_or_default();
                let type_id = super::mapping::object_type_id(&object).map_or(object.clone(), str::to_string);
                let properties = match args.get("properties").map(|(v, _)| v) {
                    Some(Json::Object(map)) => map
                        .iter()
                        .map(|(k, v)| {
                            obj(&[
                                ("targetProperty", Json::String(k.clone())),
                                (
                                    "value",
                                    obj(&[
                                        ("type", Json::string("STATIC_VALUE")),
                                        (
                                            "staticValue",
                                            Json::String(v.as_str().map_or_else(|| v.to_text(), str::to_string)),
                                        ),
                                    ]),
                                ),
                            ])
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                single(
                    "0-14",
                    zero,
                    fields(&[
                        ("object_type_id", Some(Json::String(type_id))),
                        ("properties", Some(Json::Array(properties))),
                    ]),
                )
            }
            "hubspot_action" => {
                let type_id = text("type").unwrap_or_default();
                let version = args.get("version").map_or(zero, |(v, _)| v.clone());
                let fields = match args.get("fields").map(|(v, _)| v) {
                    Some(Json::Object(map)) => map.clone(),
                    _ => JsonMap::default(),
                };
                single(&type_id, version, fields)
            }
            "webhook" => Action::Webhook(WebhookAction {
                action_id: action_id.into(),
                method: text("method").unwrap_or_else(|| "POST".into()),
                webhook_url: text("url").unwrap_or_default(),
                query_params: Some(Vec::new()),
                auth_settings: None,
                connection: next,
                extra: JsonMap::default(),
            }),
            "custom_code" => {
                let mut inputs = Vec::new();
                if let Some((_, expr)) = args.get("inputs")
                    && let ExprKind::Map(entries) = &expr.kind
                {
                    for entry in entries {
                        let value = match &entry.value.kind {
                            ExprKind::Str(t) => match t.parts.as_slice() {
                                [TemplatePart::Path(p)] if p.field.is_none() => obj(&[
                                    ("type", Json::string("OBJECT_PROPERTY")),
                                    ("propertyName", Json::String(p.head.name.to_string())),
                                ]),
                                _ => match t.as_plain() {
                                    Some(s) => {
                                        obj(&[("type", Json::string("STATIC_VALUE")), ("staticValue", Json::String(s))])
                                    }
                                    None => {
                                        return fail(
                                            entry.value.span,
                                            "a custom code input is a `{{property}}` or plain text",
                                        );
                                    }
                                },
                            },
                            _ => {
                                return fail(
                                    entry.value.span,
                                    "a custom code input is a `{{property}}` or plain text",
                                );
                            }
                        };
                        inputs.push(InputVariable {
                            name: entry.key.name.to_string(),
                            value,
                            extra: JsonMap::default(),
                        });
                    }
                }
                Action::CustomCode(CustomCodeAction {
                    action_id: action_id.into(),
                    source_code: text("code").unwrap_or_default(),
                    runtime: Some("NODE20X".into()),
                    input_fields: Some(inputs),
                    output_fields: Some(Vec::new()),
                    secret_names: Some(Vec::new()),
                    connection: next,
                    extra: JsonMap::default(),
                })
            }
            other => {
                return fail(
                    call.name.span,
                    format!(
                        "`{other}` has no HubSpot action type in the mapping table; wrap it as `hubspot_action(type: …, version: …, fields: {{…}})`"
                    ),
                );
            }
        })
    }
}

fn cont_of(next: &Option<Connection>) -> Option<u32> {
    next.as_ref().and_then(|c| c.next_action_id.parse().ok())
}

fn blocks(step: &Step) -> Vec<&Block> {
    match &step.kind {
        StepKind::If { arms, else_block } => arms.iter().map(|a| &a.block).chain(else_block).collect(),
        StepKind::Branch { arms, else_block, .. } => arms.iter().map(|a| &a.block).chain(else_block).collect(),
        StepKind::Split { arms } => arms.iter().map(|a| &a.block).collect(),
        StepKind::Delay(d) => match &d.kind {
            DelayKind::UntilEvent {
                on_timeout: Some(b),
                timeout: Some(_),
                ..
            } => vec![b],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn plain_path(path: &crate::syntax::ast::Path, span: Span) -> Result<String, ExportError> {
    match &path.field {
        None => Ok(path.head.name.to_string()),
        Some(_) => fail(
            span,
            "HubSpot's set-property action here edits the enrolled record only; name its own property",
        ),
    }
}

fn unit_of(d: &crate::syntax::ast::Duration) -> &'static str {
    let used: Vec<DurationUnit> = d.parts.iter().map(|p| p.unit).collect();
    match used.as_slice() {
        [DurationUnit::Week] => "WEEKS",
        [DurationUnit::Day] => "DAYS",
        [DurationUnit::Hour] => "HOURS",
        _ if used.iter().all(|u| matches!(u, DurationUnit::Day | DurationUnit::Week)) => "DAYS",
        _ => "MINUTES",
    }
}

fn obj(members: &[(&str, Json)]) -> Json {
    Json::Object(JsonMap(
        members.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
    ))
}

fn fields(members: &[(&str, Option<Json>)]) -> JsonMap {
    JsonMap(
        members
            .iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
            .collect(),
    )
}

/// A literal argument as JSON: strings without templates, numbers, booleans,
/// lists and maps of them.
fn constant(expr: &Expr) -> Option<Json> {
    match &expr.kind {
        ExprKind::List(items) => items.iter().map(constant).collect::<Option<Vec<_>>>().map(Json::Array),
        ExprKind::Map(entries) => entries
            .iter()
            .map(|e| constant(&e.value).map(|v| (e.key.name.to_string(), v)))
            .collect::<Option<Vec<_>>>()
            .map(|m| Json::Object(JsonMap(m))),
        ExprKind::Duration(_) => None,
        _ => literal(expr),
    }
}
