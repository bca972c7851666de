//! Checks of a workflow's settings and side tables (triggers, windows,
//! call sites, delay rules, waits, branch and split tables).

use super::{ErrorKind, MAX_LOCALS, Workflow};
use crate::compile::program::*;
use crate::value::{DurationValue, Value};

impl Workflow<'_> {
    pub(super) fn settings(&self) -> Result<(), ErrorKind> {
        let p = self.program;
        let c = self.code;
        self.range("file", u64::from(c.file), p.files.len())?;
        let conds = c.conditions.len();
        for trigger in &c.triggers {
            match trigger {
                Trigger::Filter { cond } => self.range("condition", cond.0.into(), conds)?,
                Trigger::Event { event, cond } => {
                    self.range("event", event.0.into(), p.events.len())?;
                    if let Some(cond) = cond {
                        self.range("condition", cond.0.into(), conds)?;
                    }
                }
                Trigger::Schedule { schedule, cond } => {
                    schedule_ok(schedule)?;
                    if let Some(cond) = cond {
                        self.range("condition", cond.0.into(), conds)?;
                    }
                }
                Trigger::Manual => {}
            }
        }
        for cond in c.goal.iter().chain(&c.unenroll) {
            self.range("condition", cond.0.into(), conds)?;
        }
        for window in &c.windows {
            days_ok(window.days)?;
            time_ok(window.from)?;
            time_ok(window.to)?;
            if window.from >= window.to {
                return Err(ErrorKind::BadValue(format!(
                    "a window from {} to {}",
                    window.from, window.to
                )));
            }
        }
        if c.locals.len() > MAX_LOCALS {
            return Err(ErrorKind::BadValue(format!("{} locals", c.locals.len())));
        }
        for binding in &c.lets {
            for field in &binding.fields {
                self.range("local", field.slot.0.into(), c.locals.len())?;
            }
        }
        let len = c.steps.code.len();
        for call in &c.calls {
            self.range("action", call.action.0.into(), p.actions.len())?;
            let params = p.actions.get(call.action.index()).map_or(0, |a| a.params.len());
            for param in &call.params {
                self.range("parameter", u64::from(*param), params)?;
            }
            if let Some(bind) = call.bind {
                self.range("let", bind.into(), c.lets.len())?;
            }
            self.range("instruction", call.step.into(), len)?;
        }
        for rule in &c.delays {
            match rule {
                DelayRule::For(by) => duration_ok(*by, true)?,
                DelayRule::UntilTime(time) => time_ok(*time)?,
                DelayRule::UntilWeekdays { days, time } => {
                    days_ok(*days)?;
                    time.map_or(Ok(()), time_ok)?;
                }
                DelayRule::UntilDate { time, .. } => time.map_or(Ok(()), time_ok)?,
                DelayRule::UntilLocal(_) | DelayRule::UntilInstant(_) => {}
                DelayRule::UntilProperty { slot, offset, time } => {
                    self.range("property", slot.0.into(), p.properties.len())?;
                    duration_ok(*offset, false)?;
                    time.map_or(Ok(()), time_ok)?;
                }
            }
        }
        for wait in &c.waits {
            self.range("event", wait.event.0.into(), p.events.len())?;
            if let Some(cond) = wait.filter {
                self.range("condition", cond.0.into(), conds)?;
            }
            if let Some(timeout) = wait.timeout {
                duration_ok(timeout, true)?;
            }
        }
        for table in &c.branches {
            for case in &table.cases {
                self.range("constant", case.value.0.into(), p.constants.len())?;
                self.range("instruction", case.target.into(), len)?;
                match p.constants.get(case.value.index()) {
                    Some(Value::Str(_) | Value::Number(_) | Value::Bool(_) | Value::Date(_)) => {}
                    _ => {
                        return Err(ErrorKind::ConstantType {
                            index: case.value.0,
                            expected: "a string, number, boolean or date",
                        });
                    }
                }
            }
            self.range("instruction", table.default.into(), len)?;
        }
        for split in &c.splits {
            let total: u32 = split.arms.iter().map(|a| u32::from(a.percent)).sum();
            if total != 100 || split.arms.iter().any(|a| a.percent == 0 || a.percent > 100) {
                return Err(ErrorKind::BadValue(format!("split percentages summing to {total}")));
            }
            for arm in &split.arms {
                self.range("instruction", arm.target.into(), len)?;
            }
        }
        Ok(())
    }
}

fn time_ok(time: LocalTime) -> Result<(), ErrorKind> {
    if time.hour <= 23 && time.minute <= 59 {
        Ok(())
    } else {
        Err(ErrorKind::BadValue(format!("a time {}", time)))
    }
}

fn days_ok(days: WeekdaySet) -> Result<(), ErrorKind> {
    if days.is_empty() || days.0 > WeekdaySet::ALL.0 {
        Err(ErrorKind::BadValue(format!("a weekday set {:#b}", days.0)))
    } else {
        Ok(())
    }
}

fn duration_ok(by: DurationValue, non_negative: bool) -> Result<(), ErrorKind> {
    if non_negative && (by.days < 0 || by.minutes < 0) {
        Err(ErrorKind::BadValue(format!("a negative duration {}", by.iso8601())))
    } else {
        Ok(())
    }
}

fn schedule_ok(schedule: &Schedule) -> Result<(), ErrorKind> {
    match schedule {
        Schedule::Daily(time) => time_ok(*time),
        Schedule::Weekly(days, time) => days_ok(*days).and(time_ok(*time)),
        Schedule::Monthly { day, time } => {
            if (1..=31).contains(day) {
                time_ok(*time)
            } else {
                Err(ErrorKind::BadValue(format!("day {day} of the month")))
            }
        }
    }
}
