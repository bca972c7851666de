//! A compact S-expression rendering of the AST, for parse snapshots and
//! debugging: one line per setting or step, blocks indented, expressions
//! inline in prefix form (`(and (== lifecycle_stage "lead") (in country ["SE" "NO"]))`).
//! Spans are left out; values print as written (`09:00`, `2026-12-24`, `2d`).

use std::fmt::Write;

use super::ast::{
    ActionCall, ArgValue, Block, DateLit, DateTimeLit, DelayKind, Duration, DurationUnit, Expr, ExprKind, Item,
    Literal, LiteralKind, Path, Schedule, ScheduleKind, Setting, SettingKind, SourceFile, Step, StepKind, Template,
    TemplatePart, TimeOfDay, UnaryOp, UtcOffset, Weekdays, Workflow,
};

/// Renders a whole file, one workflow after another.
pub fn print(file: &SourceFile) -> String {
    let mut printer = Printer::default();
    for workflow in &file.workflows {
        printer.workflow(workflow);
    }
    printer.out
}

/// Renders one expression on one line.
pub fn print_expr(expr: &Expr) -> String {
    let mut printer = Printer::default();
    printer.expr(expr);
    printer.out
}

#[derive(Default)]
struct Printer {
    out: String,
    indent: usize,
}

impl Printer {
    fn line(&mut self) {
        self.out.push('\n');
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    fn workflow(&mut self, workflow: &Workflow) {
        self.out.push_str("(workflow ");
        self.string(&workflow.name.value);
        self.indent += 1;
        for item in &workflow.items {
            self.line();
            match item {
                Item::Setting(setting) => self.setting(setting),
                Item::Step(step) => self.step(step),
            }
        }
        self.indent -= 1;
        self.out.push_str(")\n");
    }

    fn setting(&mut self, setting: &Setting) {
        match &setting.kind {
            SettingKind::Object(ident) => {
                let _ = write!(self.out, "(object {})", ident.name);
            }
            SettingKind::Timezone(zone) => {
                self.out.push_str("(timezone ");
                self.string(&zone.value);
                self.out.push(')');
            }
            SettingKind::EnrollWhen(cond) => self.tagged("enroll-when", cond),
            SettingKind::EnrollOnEvent { event, filter } => {
                let _ = write!(self.out, "(enroll-on-event {}", event.name);
                self.filter(filter.as_ref());
                self.out.push(')');
            }
            SettingKind::EnrollEvery { schedule, filter } => {
                self.out.push_str("(enroll-every ");
                self.schedule(schedule);
                self.filter(filter.as_ref());
                self.out.push(')');
            }
            SettingKind::EnrollManually => self.out.push_str("(enroll-manually)"),
            SettingKind::Reenroll => self.out.push_str("(reenroll)"),
            SettingKind::Goal(cond) => self.tagged("goal", cond),
            SettingKind::UnenrollWhen(cond) => self.tagged("unenroll-when", cond),
            SettingKind::Window { days, from, to } => {
                self.out.push_str("(window ");
                self.weekdays(days);
                let _ = write!(self.out, " {} {})", time(from), time(to));
            }
            SettingKind::Blocked(dates) => {
                self.out.push_str("(blocked");
                for d in dates {
                    let _ = write!(self.out, " {}", date(d));
                }
                self.out.push(')');
            }
        }
    }

    fn tagged(&mut self, tag: &str, expr: &Expr) {
        let _ = write!(self.out, "({tag} ");
        self.expr(expr);
        self.out.push(')');
    }

    fn filter(&mut self, filter: Option<&Expr>) {
        if let Some(cond) = filter {
            self.out.push(' ');
            self.tagged("where", cond);
        }
    }

    fn schedule(&mut self, schedule: &Schedule) {
        match &schedule.kind {
            ScheduleKind::Daily { time: t } => {
                let _ = write!(self.out, "(daily {})", time(t));
            }
            ScheduleKind::Weekly { days, time: t } => {
                self.out.push_str("(weekly ");
                self.weekdays(days);
                let _ = write!(self.out, " {})", time(t));
            }
            ScheduleKind::Monthly { day_of_month, time: t } => {
                let _ = write!(self.out, "(monthly {} {})", number(day_of_month.value), time(t));
            }
        }
    }

    fn weekdays(&mut self, days: &Weekdays) {
        let words: Vec<&str> = days.words.iter().map(|w| w.name.as_str()).collect();
        let _ = write!(self.out, "[{}]", words.join(" "));
    }

    fn step(&mut self, step: &Step) {
        if let Some(label) = &step.label {
            let _ = write!(self.out, "{}: ", label.name);
        }
        match &step.kind {
            StepKind::Action(call) => self.call(call),
            StepKind::Let { name, call } => {
                let _ = write!(self.out, "(let {} ", name.name);
                self.call(call);
                self.out.push(')');
            }
            StepKind::Set { path, value } => {
                let _ = write!(self.out, "(set {} ", path_text(path));
                self.expr(value);
                self.out.push(')');
            }
            StepKind::Clear { path } => {
                let _ = write!(self.out, "(clear {})", path_text(path));
            }
            StepKind::Increment { path, by } | StepKind::Decrement { path, by } => {
                let tag = if matches!(step.kind, StepKind::Increment { .. }) {
                    "increment"
                } else {
                    "decrement"
                };
                let _ = write!(self.out, "({tag} {}", path_text(path));
                if let Some(by) = by {
                    self.out.push(' ');
                    self.expr(by);
                }
                self.out.push(')');
            }
            StepKind::Delay(delay) => {
                self.out.push_str("(delay ");
                self.delay(&delay.kind);
                self.out.push(')');
            }
            StepKind::If { arms, else_block } => {
                self.out.push_str("(if");
                self.indent += 1;
                for arm in arms {
                    self.line();
                    self.out.push_str("(arm ");
                    self.expr(&arm.cond);
                    self.block(&arm.block);
                    self.out.push(')');
                }
                self.else_block(else_block.as_ref());
                self.indent -= 1;
                self.out.push(')');
            }
            StepKind::Branch { path, arms, else_block } => {
                let _ = write!(self.out, "(branch {}", path_text(path));
                self.indent += 1;
                for arm in arms {
                    self.line();
                    self.out.push_str("(arm [");
                    for (i, value) in arm.values.iter().enumerate() {
                        if i > 0 {
                            self.out.push(' ');
                        }
                        self.literal(value);
                    }
                    self.out.push(']');
                    self.block(&arm.block);
                    self.out.push(')');
                }
                self.else_block(else_block.as_ref());
                self.indent -= 1;
                self.out.push(')');
            }
            StepKind::Split { arms } => {
                self.out.push_str("(split");
                self.indent += 1;
                for arm in arms {
                    self.line();
                    let _ = write!(self.out, "(arm {}%", number(arm.percent.value));
                    self.block(&arm.block);
                    self.out.push(')');
                }
                self.indent -= 1;
                self.out.push(')');
            }
            StepKind::Goto(label) => {
                let _ = write!(self.out, "(goto {})", label.name);
            }
            StepKind::EnrollIn(name) => {
                self.out.push_str("(enroll-in ");
                self.string(&name.value);
                self.out.push(')');
            }
            StepKind::Stop => self.out.push_str("(stop)"),
        }
    }

    fn else_block(&mut self, block: Option<&Block>) {
        if let Some(block) = block {
            self.line();
            self.out.push_str("(else");
            self.block(block);
            self.out.push(')');
        }
    }

    /// The steps of a block, each on its own line one level deeper.
    fn block(&mut self, block: &Block) {
        self.indent += 1;
        for step in &block.steps {
            self.line();
            self.step(step);
        }
        self.indent -= 1;
    }

    fn delay(&mut self, kind: &DelayKind) {
        match kind {
            DelayKind::For(d) => {
                let _ = write!(self.out, "(for {})", duration(d));
            }
            DelayKind::UntilTime(t) => {
                let _ = write!(self.out, "(until-time {})", time(t));
            }
            DelayKind::UntilWeekdays { days, time: t } => {
                self.out.push_str("(until-weekdays ");
                self.weekdays(days);
                if let Some(t) = t {
                    let _ = write!(self.out, " {}", time(t));
                }
                self.out.push(')');
            }
            DelayKind::UntilDate { date: d, time: t } => {
                let _ = write!(self.out, "(until-date {}", date(d));
                if let Some(t) = t {
                    let _ = write!(self.out, " {}", time(t));
                }
                self.out.push(')');
            }
            DelayKind::UntilDateTime(dt) => {
                let _ = write!(self.out, "(until-datetime {})", datetime(dt));
            }
            DelayKind::UntilProperty { path, offset, time: t } => {
                let _ = write!(self.out, "(until-property {}", path_text(path));
                if let Some(offset) = offset {
                    let sign = if offset.negative { '-' } else { '+' };
                    let _ = write!(self.out, " {sign}{}", duration(&offset.duration));
                }
                if let Some(t) = t {
                    let _ = write!(self.out, " {}", time(t));
                }
                self.out.push(')');
            }
            DelayKind::UntilEvent {
                event,
                filter,
                timeout,
                on_timeout,
            } => {
                let _ = write!(self.out, "(until-event {}", event.name);
                self.filter(filter.as_ref());
                if let Some(timeout) = timeout {
                    let _ = write!(self.out, " (timeout {})", duration(timeout));
                }
                if let Some(block) = on_timeout {
                    self.indent += 1;
                    self.line();
                    self.out.push_str("(else");
                    self.block(block);
                    self.out.push(')');
                    self.indent -= 1;
                }
                self.out.push(')');
            }
        }
    }

    fn call(&mut self, call: &ActionCall) {
        let _ = write!(self.out, "(action {}", call.name.name);
        for arg in &call.args {
            self.out.push(' ');
            if let Some(name) = &arg.name {
                let _ = write!(self.out, "{}: ", name.name);
            }
            match &arg.value {
                ArgValue::Expr(expr) => self.expr(expr),
                ArgValue::Placeholder(_) => self.out.push('?'),
            }
        }
        self.out.push(')');
    }

    fn literal(&mut self, literal: &Literal) {
        match &literal.kind {
            LiteralKind::Str(text) => self.string(text),
            LiteralKind::Number(n) => self.out.push_str(&number(*n)),
            LiteralKind::Bool(b) => {
                let _ = write!(self.out, "{b}");
            }
            LiteralKind::Date(d) => self.out.push_str(&date(d)),
        }
    }

    fn string(&mut self, text: &str) {
        let _ = write!(self.out, "{text:?}");
    }

    fn template(&mut self, template: &Template) {
        if let Some(text) = template.as_plain() {
            return self.string(&text);
        }
        self.out.push_str("(template");
        for part in &template.parts {
            self.out.push(' ');
            match part {
                TemplatePart::Text(text) => self.string(&text.value),
                TemplatePart::Path(path) => {
                    let _ = write!(self.out, "{{{}}}", path_text(path));
                }
            }
        }
        self.out.push(')');
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Str(template) => self.template(template),
            ExprKind::Number(n) => self.out.push_str(&number(*n)),
            ExprKind::Bool(b) => {
                let _ = write!(self.out, "{b}");
            }
            ExprKind::Date(d) => self.out.push_str(&date(d)),
            ExprKind::DateTime(dt) => self.out.push_str(&datetime(dt)),
            ExprKind::Duration(d) => self.out.push_str(&duration(d)),
            ExprKind::Path(path) => self.out.push_str(&path_text(path)),
            ExprKind::Placeholder => self.out.push('?'),
            ExprKind::List(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(' ');
                    }
                    self.expr(item);
                }
                self.out.push(']');
            }
            ExprKind::Map(entries) => {
                self.out.push('{');
                for (i, entry) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push(' ');
                    }
                    let key = &entry.key.name;
                    let plain = key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !key.is_empty();
                    if plain {
                        self.out.push_str(key);
                    } else {
                        self.string(key);
                    }
                    self.out.push_str(": ");
                    self.expr(&entry.value);
                }
                self.out.push('}');
            }
            ExprKind::Call { name, args } => {
                let _ = write!(self.out, "(call {}", name.name);
                for arg in args {
                    self.out.push(' ');
                    self.expr(arg);
                }
                self.out.push(')');
            }
            ExprKind::Unary { op, operand } => {
                self.out.push_str(match op {
                    UnaryOp::Not => "(not ",
                    UnaryOp::Neg => "(neg ",
                });
                self.expr(operand);
                self.out.push(')');
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let _ = write!(self.out, "({} ", op.as_str().replace(' ', "-"));
                self.expr(lhs);
                self.out.push(' ');
                self.expr(rhs);
                self.out.push(')');
            }
            ExprKind::IsKnown { operand, known } => {
                self.out.push_str(if *known { "(known " } else { "(unknown " });
                self.expr(operand);
                self.out.push(')');
            }
        }
    }
}

fn path_text(path: &Path) -> String {
    path.text()
}

/// Integers without `.0`, others as Rust prints them.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

fn time(t: &TimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour, t.minute)
}

fn date(d: &DateLit) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

fn datetime(dt: &DateTimeLit) -> String {
    let offset = match dt.offset {
        None => String::new(),
        Some(UtcOffset::Utc) => "Z".to_string(),
        Some(UtcOffset::Minutes(m)) => {
            let sign = if m < 0 { '-' } else { '+' };
            format!("{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)
        }
    };
    format!(
        "{}T{:02}:{:02}:{:02}{offset}",
        date(&dt.date),
        dt.hour,
        dt.minute,
        dt.second
    )
}

/// `2d`, `1d12h`, `90m`, `2w`: the parts in source order.
fn duration(d: &Duration) -> String {
    d.parts
        .iter()
        .map(|part| {
            let unit = match part.unit {
                DurationUnit::Minute => 'm',
                DurationUnit::Hour => 'h',
                DurationUnit::Day => 'd',
                DurationUnit::Week => 'w',
            };
            format!("{}{unit}", part.amount)
        })
        .collect()
}
