//! The disassembler: `impl Display for Program`, the text of
//! `wf compile --emit disasm` and `wf disasm`.
//!
//! Per workflow, its settings, then each chunk in clox-style columns: the
//! instruction index, the source `line:col` (`|` when on the same line as
//! the instruction before), the instruction name and its operands, with
//! names and constants spelled out. The program's tables come last.

use std::fmt::{self, Write as _};

use super::opcode::Op;
use super::program::*;
use crate::value::Value;

/// The column where operands start (after index, position and name).
const OPERAND_COLUMN: usize = 4 + 7 + 1 + 14;

impl fmt::Display for Program {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_disasm(f, true)
    }
}

/// The disassembly without source positions (every position column `|`):
/// what stays the same when only the layout of the source changes, as
/// `wf fmt` guarantees. `format!("{}", program.without_positions())`.
pub struct WithoutPositions<'p>(&'p Program);

impl fmt::Display for WithoutPositions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_disasm(f, false)
    }
}

impl Program {
    /// The disassembly with its source positions left out.
    pub fn without_positions(&self) -> WithoutPositions<'_> {
        WithoutPositions(self)
    }

    fn write_disasm(&self, f: &mut fmt::Formatter<'_>, positions: bool) -> fmt::Result {
        for (i, workflow) in self.workflows.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            self.write_workflow(f, workflow, positions)?;
        }
        writeln!(f)?;
        writeln!(f, "Constants:")?;
        for (i, value) in self.constants.iter().enumerate() {
            writeln!(f, "    {i:04}: [{}] {}", kind(value), constant(value))?;
        }
        table(f, "Properties:", self.properties.iter().map(PropertyPath::text))?;
        table(f, "Events:", self.events.iter().cloned())?;
        table(f, "Event fields:", self.event_fields.iter().cloned())?;
        table(
            f,
            "Actions:",
            self.actions.iter().map(|a| {
                let handled = if a.engine_handled { " (engine)" } else { "" };
                format!("{}({}){handled}", a.name, a.params.join(", "))
            }),
        )
    }
}

fn table(f: &mut fmt::Formatter<'_>, title: &str, items: impl Iterator<Item = String>) -> fmt::Result {
    writeln!(f, "{title}")?;
    for (i, item) in items.enumerate() {
        writeln!(f, "    {i:04}: {item}")?;
    }
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Unknown => "UNKNOWN",
        Value::Bool(_) => "BOOL",
        Value::Number(_) => "NUMBER",
        Value::Str(_) => "STRING",
        Value::Date(_) => "DATE",
        Value::DateTime(_) => "DATETIME",
        Value::Duration(_) => "DURATION",
        Value::List(_) => "LIST",
        Value::Map(_) => "MAP",
    }
}

/// A constant as source-like text: strings quoted, lists and maps in brackets.
fn constant(value: &Value) -> String {
    match value {
        Value::Unknown => "unknown".to_string(),
        Value::Str(s) => serde_json::to_string(&**s).unwrap_or_default(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(constant).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", serde_json::to_string(&**k).unwrap_or_default(), constant(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        other => other.to_string(),
    }
}

fn time(time: Option<LocalTime>) -> String {
    time.map(|t| format!(" at {t}")).unwrap_or_default()
}

impl Program {
    fn write_workflow(&self, f: &mut fmt::Formatter<'_>, w: &WorkflowCode, positions: bool) -> fmt::Result {
        writeln!(f, "== {} ==", w.name)?;
        let file = self.files.get(w.file as usize).map_or("?", String::as_str);
        writeln!(f, "file      {file}")?;
        writeln!(f, "object    {}", w.object)?;
        writeln!(f, "timezone  {}", w.zone.name())?;
        for window in &w.windows {
            writeln!(f, "window    {} {} to {}", window.days, window.from, window.to)?;
        }
        if !w.blocked.is_empty() {
            let dates: Vec<String> = w.blocked.iter().map(|d| d.to_string()).collect();
            writeln!(f, "blocked   {}", dates.join(", "))?;
        }
        if w.reenroll {
            writeln!(f, "reenroll")?;
        }
        let cond = |c: Option<CondId>| c.map(|c| format!(" where condition {}", c.0)).unwrap_or_default();
        for trigger in &w.triggers {
            match trigger {
                Trigger::Filter { cond } => writeln!(f, "enroll    when condition {}", cond.0)?,
                Trigger::Event { event, cond: c } => {
                    writeln!(f, "enroll    on event {}{}", self.event_name(*event), cond(*c))?
                }
                Trigger::Schedule { schedule, cond: c } => writeln!(f, "enroll    every {schedule}{}", cond(*c))?,
                Trigger::Manual => writeln!(f, "enroll    manually")?,
            }
        }
        if let Some(goal) = w.goal {
            writeln!(f, "goal      condition {}", goal.0)?;
        }
        if let Some(unenroll) = w.unenroll {
            writeln!(f, "unenroll  condition {}", unenroll.0)?;
        }
        if !w.locals.is_empty() {
            writeln!(f, "locals    {}", w.locals.join(", "))?;
        }
        writeln!(f, "-- steps --")?;
        self.write_chunk(f, w, &w.steps, positions)?;
        for (i, chunk) in w.conditions.iter().enumerate() {
            writeln!(f, "-- condition {i} --")?;
            self.write_chunk(f, w, chunk, positions)?;
        }
        Ok(())
    }

    fn write_chunk(&self, f: &mut fmt::Formatter<'_>, w: &WorkflowCode, chunk: &Chunk, positions: bool) -> fmt::Result {
        let mut previous: Option<u32> = None;
        for (pc, op) in chunk.code.iter().enumerate() {
            let pos = chunk.positions.get(pc).copied().unwrap_or_default();
            let column = if !positions || previous == Some(pos.line) {
                "|".to_string()
            } else {
                format!("{}:{}", pos.line, pos.column)
            };
            previous = Some(pos.line);
            let (name, operands, extra) = self.instruction(w, op);
            let line = format!("{pc:04}{column:>7} {name:<13} {operands}");
            writeln!(f, "{}", line.trim_end())?;
            for more in extra {
                writeln!(f, "{:OPERAND_COLUMN$}{more}", "")?;
            }
        }
        Ok(())
    }

    fn constant_at(&self, index: ConstId) -> String {
        self.constants.get(index.index()).map_or("?".to_string(), constant)
    }

    fn property_name(&self, slot: PropSlot) -> String {
        self.property(slot).map_or("?".to_string(), PropertyPath::text)
    }

    fn event_name(&self, event: EventId) -> &str {
        self.events.get(event.index()).map_or("?", String::as_str)
    }

    /// An instruction's name, operands, and continuation lines.
    fn instruction(&self, w: &WorkflowCode, op: &Op) -> (&'static str, String, Vec<String>) {
        let none = Vec::new;
        let target = |t: u32| format!("-> {t:04}");
        match *op {
            Op::Const { index } => ("Const", format!("{:04} {}", index.0, self.constant_at(index)), none()),
            Op::Bool { value } => ("Bool", value.to_string(), none()),
            Op::Property { slot } => ("Property", self.property_name(slot), none()),
            Op::EventField { field } => {
                let name = self.event_fields.get(field.index()).map_or("?", String::as_str);
                ("EventField", format!("event.{name}"), none())
            }
            Op::Local { slot } => ("Local", w.locals.get(slot.index()).cloned().unwrap_or_default(), none()),
            Op::Now => ("Now", String::new(), none()),
            Op::Today => ("Today", String::new(), none()),
            Op::Pop => ("Pop", String::new(), none()),
            Op::Not => ("Not", String::new(), none()),
            Op::Neg => ("Neg", String::new(), none()),
            Op::Add => ("Add", String::new(), none()),
            Op::Sub => ("Sub", String::new(), none()),
            Op::Mul => ("Mul", String::new(), none()),
            Op::Div => ("Div", String::new(), none()),
            Op::Compare { op } => ("Compare", op.as_str().to_string(), none()),
            Op::IsKnown { known } => ("IsKnown", if known { "known" } else { "unknown" }.to_string(), none()),
            Op::Call { function, argc } => ("Call", format!("{}/{argc}", function.name()), none()),
            Op::Concat { count } => ("Concat", count.to_string(), none()),
            Op::MakeList { count } => ("MakeList", count.to_string(), none()),
            Op::MakeMap { keys } => ("MakeMap", self.constant_at(keys), none()),
            Op::Jump { target: t } => ("Jump", target(t), none()),
            Op::JumpIfFalse { target: t } => ("JumpIfFalse", target(t), none()),
            Op::JumpIfTrue { target: t } => ("JumpIfTrue", target(t), none()),
            Op::CompareJump {
                slot,
                constant,
                target: t,
                op,
                when,
            } => {
                let test = format!(
                    "{} {} {} {}",
                    if when { "if" } else { "unless" },
                    self.property_name(slot),
                    op.as_str(),
                    self.constant_at(constant)
                );
                ("CompareJump", format!("{test} {}", target(t)), none())
            }
            Op::Return { value } => ("Return", value.to_string(), none()),
            Op::Hold => ("Hold", String::new(), none()),
            Op::Action { call } => ("Action", self.call_text(w, call), none()),
            Op::Set { slot } => ("Set", self.property_name(slot), none()),
            Op::Clear { slot } => ("Clear", self.property_name(slot), none()),
            Op::SetConst { slot, constant } => (
                "SetConst",
                format!("{} = {}", self.property_name(slot), self.constant_at(constant)),
                none(),
            ),
            Op::IncrementConst { slot, constant, negate } => (
                if negate { "DecrementConst" } else { "IncrementConst" },
                format!("{} by {}", self.property_name(slot), self.constant_at(constant)),
                none(),
            ),
            Op::Increment { slot, negate } => (
                if negate { "Decrement" } else { "Increment" },
                self.property_name(slot),
                none(),
            ),
            Op::Delay { rule } => (
                "Delay",
                w.delays
                    .get(rule as usize)
                    .map_or("?".to_string(), |r| self.rule_text(r)),
                none(),
            ),
            Op::AwaitEvent { wait } => {
                let text = w.waits.get(wait as usize).map_or("?".to_string(), |wait| {
                    let mut text = self.event_name(wait.event).to_string();
                    if let Some(cond) = wait.filter {
                        let _ = write!(text, " where condition {}", cond.0);
                    }
                    if let Some(timeout) = wait.timeout {
                        let _ = write!(text, " timeout {}", timeout.iso8601());
                    }
                    text
                });
                ("AwaitEvent", text, none())
            }
            Op::Branch { table } => match w.branches.get(table as usize) {
                Some(t) => {
                    let cases = t
                        .cases
                        .iter()
                        .map(|c| format!("{} {}", self.constant_at(c.value), target(c.target)))
                        .collect();
                    ("Branch", format!("else {}", target(t.default)), cases)
                }
                None => ("Branch", "?".to_string(), none()),
            },
            Op::Split { table } => {
                let arms = w.splits.get(table as usize).map_or("?".to_string(), |t| {
                    let arms: Vec<String> = t
                        .arms
                        .iter()
                        .map(|a| format!("{}% {}", a.percent, target(a.target)))
                        .collect();
                    arms.join(", ")
                });
                ("Split", arms, none())
            }
            Op::EnrollIn { workflow } => {
                let name = self.workflow(workflow).map_or("?", |w| w.name.as_str());
                ("EnrollIn", serde_json::to_string(name).unwrap_or_default(), none())
            }
            Op::Stop => ("Stop", String::new(), none()),
            Op::End => ("End", String::new(), none()),
        }
    }

    fn call_text(&self, w: &WorkflowCode, call: u32) -> String {
        let Some(site) = w.calls.get(call as usize) else {
            return "?".to_string();
        };
        let action = self.actions.get(site.action.index());
        let params: Vec<&str> = site
            .params
            .iter()
            .map(|p| {
                action
                    .and_then(|a| a.params.get(*p as usize))
                    .map_or("?", String::as_str)
            })
            .collect();
        let mut text = format!("{}({})", action.map_or("?", |a| a.name.as_str()), params.join(", "));
        if let Some(binding) = site.bind.and_then(|b| w.lets.get(b as usize)) {
            let _ = write!(text, " let {}", binding.name);
        }
        let _ = write!(text, " step {:04}", site.step);
        text
    }

    fn rule_text(&self, rule: &DelayRule) -> String {
        match rule {
            DelayRule::For(by) => format!("for {}", by.iso8601()),
            DelayRule::UntilTime(t) => format!("until {t}"),
            DelayRule::UntilWeekdays { days, time: t } => format!("until {days}{}", time(*t)),
            DelayRule::UntilDate { date, time: t } => format!("until {date}{}", time(*t)),
            DelayRule::UntilLocal(local) => format!("until {} local", local.format("%Y-%m-%dT%H:%M:%S")),
            DelayRule::UntilInstant(t) => format!("until {}", crate::value::format_instant(*t)),
            DelayRule::UntilProperty { slot, offset, time: t } => {
                let offset = if offset.days == 0 && offset.minutes == 0 {
                    String::new()
                } else if offset.days < 0 || offset.minutes < 0 {
                    let positive = crate::value::DurationValue {
                        days: offset.days.saturating_neg(),
                        minutes: offset.minutes.saturating_neg(),
                    };
                    format!(" - {}", positive.iso8601())
                } else {
                    format!(" + {}", offset.iso8601())
                };
                format!("until {}{offset}{}", self.property_name(*slot), time(*t))
            }
        }
    }
}
