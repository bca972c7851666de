//! The canonical layout of files, workflows, settings and steps
//! (TOOLING.md §3 and §7): bodies one entry per line, blank lines kept and
//! collapsed, comments above, after or at the end of what they belong to.

use super::printer::Printer;
use crate::syntax::ast::{
    Block, BranchArm, DelayKind, Duration, Item, Literal, LiteralKind, Schedule, ScheduleKind, Setting, SettingKind,
    SourceFile, SplitArm, Step, StepKind, TimeOfDay, Weekdays, Workflow,
};

/// One entry of a `{ … }` body: what is written on its own line(s).
#[derive(Clone, Copy)]
enum Entry<'t> {
    Item(&'t Item),
    Step(&'t Step),
    BranchArm(&'t BranchArm),
    /// `else => { … }` of a `branch on`; the offset of its `else`.
    BranchElse(&'t Block, u32),
    SplitArm(&'t SplitArm),
}

impl Printer<'_> {
    /// The whole file: workflows one blank line apart, comments kept.
    pub fn file(&mut self, file: &SourceFile) {
        for workflow in &file.workflows {
            for item in &workflow.items {
                match item {
                    Item::Setting(setting) => self.setting_gaps(setting),
                    Item::Step(step) => self.step_gaps(step),
                }
            }
        }
        self.gaps.sort_unstable();
        let mut previous = 0;
        for (k, workflow) in file.workflows.iter().enumerate() {
            let start = workflow.span.start;
            let before = self.take(previous, start);
            if k > 0 {
                self.blank_line();
            }
            let last = self.own_lines_spaced(&before, previous, false);
            if !before.is_empty() && self.cursor.blank_between(last, start) {
                self.blank_line();
            }
            let end = self.trim_end(workflow.span.end);
            let next = file
                .workflows
                .get(k + 1)
                .map_or(self.cursor.src.len() as u32, |w| w.span.start);
            self.workflow(workflow);
            self.trailing(end, next);
            self.newline();
            previous = end;
        }
        let rest = self.take(previous, self.cursor.src.len() as u32);
        self.indent = 0;
        if rest
            .first()
            .is_some_and(|&c| self.cursor.blank_between(previous, self.comment_start(c)))
        {
            self.blank_line();
        }
        self.own_lines_spaced(&rest, previous, false);
    }

    fn workflow(&mut self, workflow: &Workflow) {
        let close = self.trim_end(workflow.span.end).saturating_sub(1);
        let open = self.cursor.trivia.opening(close).unwrap_or(workflow.name.span.end);
        let hoisted = self.take_loose(workflow.span.start, open);
        self.own_lines(&hoisted);
        self.write("workflow ");
        self.write(self.slice(workflow.name.span.start, workflow.name.span.end));
        self.write(" {");
        let entries: Vec<Entry> = workflow.items.iter().map(Entry::Item).collect();
        self.body(&entries, open, close, Vec::new());
        self.write("}");
    }

    /// The entries of a body between its `{` at `open` and `}` at `close`,
    /// each on its own line one level deeper; `extra_end` are comments from
    /// after the body (before an `else`) written as its last lines. Leaves
    /// the cursor at the start of the `}` line.
    fn body(&mut self, entries: &[Entry], open: u32, close: u32, extra_end: Vec<usize>) {
        let first = entries.first().map_or(close, |e| self.entry_range(*e).0);
        self.trailing(open + 1, first);
        self.newline();
        self.indent += 1;
        let mut previous = open + 1;
        for (k, entry) in entries.iter().enumerate() {
            let (start, end) = self.entry_range(*entry);
            let keeps_blanks = matches!(entry, Entry::Item(_) | Entry::Step(_));
            let before = self.take(previous, start);
            let last = if keeps_blanks {
                self.own_lines_spaced(&before, previous, k > 0)
            } else {
                self.own_lines(&before);
                previous
            };
            if keeps_blanks && (k > 0 || !before.is_empty()) && self.cursor.blank_between(last, start) {
                self.blank_line();
            }
            self.entry(*entry);
            let next = entries.get(k + 1).map_or(close, |e| self.entry_range(*e).0);
            self.trailing(end, next);
            self.newline();
            previous = end;
        }
        let mut rest = self.take(previous, close);
        rest.extend(extra_end);
        if rest
            .first()
            .is_some_and(|&c| self.cursor.blank_between(previous, self.comment_start(c)))
        {
            self.blank_line();
        }
        self.own_lines_spaced(&rest, previous, false);
        self.indent -= 1;
    }

    /// Where an entry starts and ends in the source (trivia left out).
    fn entry_range(&self, entry: Entry) -> (u32, u32) {
        let (start, end) = match entry {
            Entry::Item(Item::Setting(setting)) => (setting.span.start, setting.span.end),
            Entry::Item(Item::Step(step)) | Entry::Step(step) => (step.span.start, step.span.end),
            Entry::BranchArm(arm) => (arm.span.start, arm.block.span.end),
            Entry::BranchElse(block, start) => (start, block.span.end),
            Entry::SplitArm(arm) => (arm.span.start, arm.block.span.end),
        };
        (start, self.trim_end(end))
    }

    fn entry(&mut self, entry: Entry) {
        match entry {
            Entry::Item(Item::Setting(setting)) => {
                let (start, end) = self.entry_range(entry);
                let hoisted = self.take_loose(start, end);
                self.own_lines(&hoisted);
                self.setting(setting);
            }
            Entry::Item(Item::Step(step)) | Entry::Step(step) => self.step(step),
            Entry::BranchArm(arm) => {
                let hoisted = self.take_loose(arm.span.start, arm.block.span.start);
                self.own_lines(&hoisted);
                for (i, value) in arm.values.iter().enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    self.literal(value);
                }
                self.write(" => ");
                self.arm_block(&arm.block, arm.span.start);
            }
            Entry::BranchElse(block, start) => {
                let hoisted = self.take_loose(start, block.span.start);
                self.own_lines(&hoisted);
                self.write("else => ");
                self.arm_block(block, start);
            }
            Entry::SplitArm(arm) => {
                let hoisted = self.take_loose(arm.span.start, arm.block.span.start);
                self.own_lines(&hoisted);
                let percent = self.slice(arm.percent.span.start, arm.percent.span.end);
                self.write(percent);
                if !percent.ends_with('%') {
                    self.write("%");
                }
                self.write(" ");
                self.arm_block(&arm.block, arm.span.start);
            }
        }
    }

    /// A block written over several lines: `{`, its steps, `}`.
    fn block(&mut self, block: &Block, extra_end: Vec<usize>) {
        let close = self.trim_end(block.span.end).saturating_sub(1);
        if block.steps.is_empty() && extra_end.is_empty() && !self.has_comments(block.span.start, close) {
            self.write("{}");
            return;
        }
        self.write("{");
        let entries: Vec<Entry> = block.steps.iter().map(Entry::Step).collect();
        self.body(&entries, block.span.start, close, extra_end);
        self.write("}");
    }

    /// The block of a `split` or `branch on` arm: on one line when it holds
    /// one simple step, no comment, and fits (TOOLING.md §7).
    fn arm_block(&mut self, block: &Block, arm_start: u32) {
        if let [step] = block.steps.as_slice() {
            let simple = !matches!(
                step.kind,
                StepKind::If { .. } | StepKind::Branch { .. } | StepKind::Split { .. }
            ) && !matches!(&step.kind, StepKind::Delay(d) if matches!(d.kind, DelayKind::UntilEvent { on_timeout: Some(_), .. }));
            let quiet = !self.has_comments(arm_start, block.span.end);
            if simple && quiet {
                let width = self.measure(|p| p.step(step));
                if self.fits(width + 4, 0) {
                    self.write("{ ");
                    self.step(step);
                    self.write(" }");
                    return;
                }
            }
        }
        self.block(block, Vec::new());
    }

    fn setting_gaps(&mut self, setting: &Setting) {
        match &setting.kind {
            SettingKind::EnrollWhen(cond) | SettingKind::Goal(cond) | SettingKind::UnenrollWhen(cond) => {
                self.chain_gaps(cond)
            }
            SettingKind::EnrollOnEvent { filter: Some(cond), .. }
            | SettingKind::EnrollEvery { filter: Some(cond), .. } => self.chain_gaps(cond),
            _ => {}
        }
    }

    fn step_gaps(&mut self, step: &Step) {
        let blocks: Vec<&Block> = match &step.kind {
            StepKind::Set { value, .. } => {
                self.chain_gaps(value);
                Vec::new()
            }
            StepKind::Increment { by: Some(by), .. } | StepKind::Decrement { by: Some(by), .. } => {
                self.chain_gaps(by);
                Vec::new()
            }
            StepKind::If { arms, else_block } => {
                for arm in arms {
                    self.chain_gaps(&arm.cond);
                }
                arms.iter().map(|a| &a.block).chain(else_block).collect()
            }
            StepKind::Branch { arms, else_block, .. } => arms.iter().map(|a| &a.block).chain(else_block).collect(),
            StepKind::Split { arms } => arms.iter().map(|a| &a.block).collect(),
            StepKind::Delay(delay) => match &delay.kind {
                DelayKind::UntilEvent { filter, on_timeout, .. } => {
                    if let Some(filter) = filter {
                        self.chain_gaps(filter);
                    }
                    on_timeout.iter().collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        for block in blocks {
            for step in &block.steps {
                self.step_gaps(step);
            }
        }
    }

    // ----- settings -----

    fn setting(&mut self, setting: &Setting) {
        match &setting.kind {
            SettingKind::Object(ident) => {
                self.write("object ");
                self.write(&ident.name);
            }
            SettingKind::Timezone(zone) => {
                self.write("timezone ");
                self.write(self.slice(zone.span.start, zone.span.end));
            }
            SettingKind::EnrollWhen(cond) => {
                self.write("enroll when ");
                self.condition(cond, 0);
            }
            SettingKind::EnrollOnEvent { event, filter } => {
                self.write("enroll on event ");
                self.write(&event.name);
                self.filter(filter.as_ref(), 0);
            }
            SettingKind::EnrollEvery { schedule, filter } => {
                self.write("enroll every ");
                self.schedule(schedule);
                self.filter(filter.as_ref(), 0);
            }
            SettingKind::EnrollManually => self.write("enroll manually"),
            SettingKind::Reenroll => self.write("reenroll"),
            SettingKind::Goal(cond) => {
                self.write("goal ");
                self.condition(cond, 0);
            }
            SettingKind::UnenrollWhen(cond) => {
                self.write("unenroll when ");
                self.condition(cond, 0);
            }
            SettingKind::Window { days, from, to } => {
                self.write("window ");
                self.weekdays(days);
                self.write(" ");
                self.time(from);
                self.write(" to ");
                self.time(to);
            }
            SettingKind::Blocked(dates) => {
                self.write("blocked ");
                for (i, date) in dates.iter().enumerate() {
                    if i > 0 {
                        self.write(", ");
                    }
                    self.write(self.slice(date.span.start, date.span.end));
                }
            }
        }
    }

    fn filter(&mut self, filter: Option<&crate::syntax::ast::Expr>, tail: usize) {
        if let Some(cond) = filter {
            self.write(" where ");
            self.condition(cond, tail);
        }
    }

    fn schedule(&mut self, schedule: &Schedule) {
        match &schedule.kind {
            ScheduleKind::Daily { time } => {
                self.write("day ");
                self.at_time(time);
            }
            ScheduleKind::Weekly { days, time } => {
                self.weekdays(days);
                self.write(" ");
                self.at_time(time);
            }
            ScheduleKind::Monthly { day_of_month, time } => {
                self.write("month on day ");
                self.write(self.slice(day_of_month.span.start, day_of_month.span.end));
                self.write(" ");
                self.at_time(time);
            }
        }
    }

    /// A time after an optional `at`, with the `at` if the author wrote it.
    fn at_time(&mut self, time: &TimeOfDay) {
        if self.cursor.word_before_is(time.span.start, "at") {
            self.write("at ");
        }
        self.time(time);
    }

    fn time(&mut self, time: &TimeOfDay) {
        self.write(self.slice(time.span.start, time.span.end));
    }

    fn weekdays(&mut self, days: &Weekdays) {
        for (i, word) in days.words.iter().enumerate() {
            if i > 0 {
                self.write(", ");
            }
            self.write(&word.name);
        }
    }

    /// `2 days`, `1 day 12 hours`: each part's number and unit as written,
    /// one space apart (`10days` becomes `10 days`).
    pub fn duration(&mut self, duration: &Duration) {
        for (i, part) in duration.parts.iter().enumerate() {
            if i > 0 {
                self.write(" ");
            }
            let text = self.slice(part.span.start, part.span.end);
            let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
            let unit_start = text.rfind(|c: char| !c.is_ascii_alphabetic()).map_or(0, |i| i + 1);
            self.write(&text[..digits]);
            self.write(" ");
            self.write(&text[unit_start.max(digits)..]);
        }
    }

    fn literal(&mut self, literal: &Literal) {
        let text = self.slice(literal.span.start, self.trim_end(literal.span.end));
        match literal.kind {
            // `- 5` as `-5`: the sign belongs to the literal.
            LiteralKind::Number(_) if text.starts_with('-') => {
                let digits = text
                    .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .map_or(0, |i| i + 1);
                self.write("-");
                self.write(&text[digits..]);
            }
            _ => self.write(text),
        }
    }

    // ----- steps -----

    fn step(&mut self, step: &Step) {
        let end = self.trim_end(step.span.end);
        let header_end = match &step.kind {
            StepKind::If { arms, .. } => arms.first().map_or(end, |arm| arm.block.span.start),
            StepKind::Branch { .. } | StepKind::Split { .. } => {
                self.cursor.trivia.opening(end.saturating_sub(1)).unwrap_or(end)
            }
            StepKind::Delay(delay) => match &delay.kind {
                DelayKind::UntilEvent {
                    on_timeout: Some(block),
                    ..
                } => block.span.start,
                _ => end,
            },
            _ => end,
        };
        let hoisted = self.take_loose(step.span.start, header_end);
        self.own_lines(&hoisted);
        if let Some(label) = &step.label {
            self.write(&label.name);
            self.write(": ");
        }
        match &step.kind {
            StepKind::Action(call) => self.action_call(call, 0),
            StepKind::Let { name, call } => {
                self.write("let ");
                self.write(&name.name);
                self.write(" = ");
                self.action_call(call, 0);
            }
            StepKind::Set { path, value } => {
                self.write("set ");
                self.path(path);
                self.write(" = ");
                self.condition(value, 0);
            }
            StepKind::Clear { path } => {
                self.write("clear ");
                self.path(path);
            }
            StepKind::Increment { path, by } | StepKind::Decrement { path, by } => {
                let word = if matches!(step.kind, StepKind::Increment { .. }) {
                    "increment "
                } else {
                    "decrement "
                };
                self.write(word);
                self.path(path);
                if let Some(by) = by {
                    self.write(" by ");
                    self.condition(by, 0);
                }
            }
            StepKind::Delay(delay) => {
                self.write("delay ");
                self.delay(&delay.kind);
            }
            StepKind::If { arms, else_block } => {
                for (k, arm) in arms.iter().enumerate() {
                    self.write(if k == 0 { "if " } else { " else if " });
                    self.condition(&arm.cond, 2);
                    self.write(" ");
                    let next = arms
                        .get(k + 1)
                        .map(|a| a.block.span.start)
                        .or(else_block.as_ref().map(|b| b.span.start));
                    let extra = match next {
                        Some(next) => self.take_loose(self.trim_end(arm.block.span.end), next),
                        None => Vec::new(),
                    };
                    self.block(&arm.block, extra);
                }
                if let Some(block) = else_block {
                    self.write(" else ");
                    self.block(block, Vec::new());
                }
            }
            StepKind::Branch { path, arms, else_block } => {
                self.write("branch on ");
                self.path(path);
                self.write(" {");
                let mut entries: Vec<Entry> = arms.iter().map(Entry::BranchArm).collect();
                if let Some(block) = else_block {
                    let after = arms
                        .last()
                        .map_or(path.span.end, |arm| self.trim_end(arm.block.span.end));
                    let after = if arms.is_empty() {
                        self.cursor.next_token(after) + 1
                    } else {
                        after
                    };
                    entries.push(Entry::BranchElse(block, self.cursor.next_token(after)));
                }
                self.body(&entries, header_end, end.saturating_sub(1), Vec::new());
                self.write("}");
            }
            StepKind::Split { arms } => {
                self.write("split {");
                let entries: Vec<Entry> = arms.iter().map(Entry::SplitArm).collect();
                self.body(&entries, header_end, end.saturating_sub(1), Vec::new());
                self.write("}");
            }
            StepKind::Goto(label) => {
                self.write("goto ");
                self.write(&label.name);
            }
            StepKind::EnrollIn(target) => {
                self.write("enroll in workflow ");
                self.write(self.slice(target.span.start, target.span.end));
            }
            StepKind::Stop => self.write("stop"),
        }
    }

    fn delay(&mut self, kind: &DelayKind) {
        match kind {
            DelayKind::For(duration) => self.duration(duration),
            DelayKind::UntilTime(time) => {
                self.write("until ");
                self.time(time);
            }
            DelayKind::UntilWeekdays { days, time } => {
                self.write("until ");
                self.weekdays(days);
                if let Some(time) = time {
                    self.write(" ");
                    self.at_time(time);
                }
            }
            DelayKind::UntilDate { date, time } => {
                self.write("until ");
                self.write(self.slice(date.span.start, date.span.end));
                if let Some(time) = time {
                    self.write(" ");
                    self.at_time(time);
                }
            }
            DelayKind::UntilDateTime(datetime) => {
                self.write("until ");
                self.write(self.slice(datetime.span.start, datetime.span.end));
            }
            DelayKind::UntilProperty { path, offset, time } => {
                self.write("until ");
                self.path(path);
                if let Some(offset) = offset {
                    self.write(if offset.negative { " - " } else { " + " });
                    self.duration(&offset.duration);
                }
                if let Some(time) = time {
                    self.write(" at ");
                    self.time(time);
                }
            }
            DelayKind::UntilEvent {
                event,
                filter,
                timeout,
                on_timeout,
            } => {
                self.write("until event ");
                self.write(&event.name);
                let tail = match timeout {
                    Some(timeout) => {
                        let width = self.measure(|p| p.duration(timeout));
                        " timeout ".len() + width + if on_timeout.is_some() { " else {".len() } else { 0 }
                    }
                    None => 0,
                };
                self.filter(filter.as_ref(), tail);
                if let Some(timeout) = timeout {
                    self.write(" timeout ");
                    self.duration(timeout);
                    if let Some(block) = on_timeout {
                        self.write(" else ");
                        self.block(block, Vec::new());
                    }
                }
            }
        }
    }
}
