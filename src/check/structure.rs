//! Workflow structure and literal validity (E01xx): settings before steps,
//! `object` and `enroll` present, settings not repeated, time zones, windows,
//! schedules, and the range checks of times, dates, weekdays, percentages,
//! splits and `branch on` values (docs/language.md 2, 3.1, 5.5, 5.6).
//!
//! Decisions where the spec is silent: `timezone`, `goal`, `unenroll when` and
//! `reenroll` may appear once each (a second one is an error, as for `object`);
//! `window`, `blocked` and `enroll` may repeat. In `delay until`, the word `day`
//! is not a weekday (use `delay until TIME`); in `window` and schedules it means
//! every day.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Checker, StructureError, TypeError};
use crate::suggest::{edit_distance, suggest_all};
use crate::syntax::ast::{
    BranchArm, DateLit, DateTimeLit, Item, LiteralKind, Number, ScheduleKind, SettingKind, SplitArm, TimeOfDay,
    UtcOffset, Weekdays,
};
use crate::syntax::span::Span;
use crate::time::WeekdaySet;

/// At most this many distinct values in one `branch on` (docs/language.md 5.5).
const MAX_BRANCH_VALUES: usize = 250;

/// True when `name` is an IANA time zone name.
fn time_zone_exists(name: &str) -> bool {
    crate::time::parse_tz(name).is_some()
}

/// The closest IANA time zone name to `name`.
fn time_zone_suggestion(name: &str) -> Vec<&'static str> {
    suggest_all(name, crate::time::tz_names())
}

impl Checker<'_> {
    /// Checks settings: placement, presence, repetition and literal values.
    pub(super) fn check_structure(&mut self) {
        let workflow = self.workflow;
        let mut first_step: Option<Span> = None;
        let mut seen: HashMap<&'static str, Span> = HashMap::new();
        let mut has_object = false;
        let mut has_enroll = false;
        for item in &workflow.items {
            let setting = match item {
                Item::Step(step) => {
                    first_step.get_or_insert(step.span);
                    continue;
                }
                Item::Setting(setting) => setting,
            };
            let word = setting_word(&setting.kind);
            if let Some(step) = first_step {
                self.report(StructureError::SettingAfterStep {
                    span: setting.span,
                    setting: word,
                    first_step: step,
                });
            }
            if matches!(word, "object" | "timezone" | "goal" | "unenroll when" | "reenroll") {
                match seen.get(word) {
                    Some(first) => self.report(StructureError::RepeatedSetting {
                        span: setting.span,
                        setting: word,
                        first: *first,
                    }),
                    None => {
                        seen.insert(word, setting.span);
                    }
                }
            }
            match &setting.kind {
                SettingKind::Object(ident) => {
                    has_object = true;
                    if seen.get("object") == Some(&setting.span) {
                        self.check_object_type(&ident.name, ident.span);
                    }
                }
                SettingKind::Timezone(zone) => {
                    if !time_zone_exists(&zone.value) {
                        self.report(StructureError::UnknownTimeZone {
                            span: zone.span,
                            name: zone.value.clone(),
                            suggestions: time_zone_suggestion(&zone.value),
                        });
                    }
                }
                SettingKind::EnrollWhen(_) | SettingKind::EnrollOnEvent { .. } | SettingKind::EnrollManually => {
                    has_enroll = true;
                }
                SettingKind::EnrollEvery { schedule, .. } => {
                    has_enroll = true;
                    match &schedule.kind {
                        ScheduleKind::Daily { time } => {
                            self.check_time(time);
                        }
                        ScheduleKind::Weekly { days, time } => {
                            self.check_weekdays(days, true);
                            self.check_time(time);
                        }
                        ScheduleKind::Monthly { day_of_month, time } => {
                            self.check_month_day(day_of_month);
                            self.check_time(time);
                        }
                    }
                }
                SettingKind::Window { days, from, to } => {
                    self.check_weekdays(days, true);
                    let from_ok = self.check_time(from);
                    let to_ok = self.check_time(to);
                    if from_ok && to_ok && (to.hour, to.minute) <= (from.hour, from.minute) {
                        self.report(StructureError::WindowNotAfterStart {
                            span: to.span,
                            start: from.span,
                        });
                    }
                }
                SettingKind::Blocked(dates) => {
                    for date in dates {
                        self.check_date(date);
                    }
                }
                SettingKind::Reenroll | SettingKind::Goal(_) | SettingKind::UnenrollWhen(_) => {}
            }
        }
        if !has_object {
            self.report(StructureError::MissingObject {
                span: workflow.name.span,
                workflow: workflow.name.value.clone(),
            });
        }
        if !has_enroll {
            self.report(StructureError::MissingEnroll {
                span: workflow.name.span,
                workflow: workflow.name.value.clone(),
            });
        }
    }

    /// The object type (of `object`, or of a record action's `object`
    /// argument) must be standard, or described by the schema. Without
    /// a schema a custom object is accepted, unless its name is a near miss of
    /// a standard type (`contcat`), which is taken as a typo.
    pub(super) fn check_object_type(&mut self, name: &str, span: Span) {
        let standard = crate::catalog::OBJECT_TYPES;
        match &self.options.schema {
            Some(schema) => {
                if !schema.is_object(name) {
                    let names = schema.object_names();
                    let suggestions = super::owned(suggest_all(name, names.iter().copied()));
                    self.report(TypeError::UnknownObject {
                        span,
                        name: name.to_string(),
                        suggestions,
                        with_schema: true,
                    });
                }
            }
            None => {
                let suggestions = super::owned(suggest_all(name, standard.iter().copied()));
                if !standard.contains(&name) && !suggestions.is_empty() {
                    self.report(TypeError::UnknownObject {
                        span,
                        name: name.to_string(),
                        suggestions,
                        with_schema: false,
                    });
                }
            }
        }
    }

    /// A time of day must be 00:00–23:59; returns whether it is.
    pub(super) fn check_time(&mut self, time: &TimeOfDay) -> bool {
        let ok = time.hour <= 23 && time.minute <= 59;
        if !ok {
            self.report(StructureError::InvalidTime {
                span: time.span,
                hour: time.hour,
                minute: time.minute,
                second: None,
            });
        }
        ok
    }

    /// A date must exist in the calendar; returns whether it does.
    pub(super) fn check_date(&mut self, date: &DateLit) -> bool {
        let ok = NaiveDate::from_ymd_opt(date.year, date.month, date.day).is_some();
        if !ok {
            self.report(StructureError::InvalidDate {
                span: date.span,
                year: date.year,
                month: date.month,
                day: date.day,
            });
        }
        ok
    }

    /// A date-time needs a real date, a valid time and an offset under 24 hours.
    pub(super) fn check_datetime(&mut self, value: &DateTimeLit) {
        self.check_date(&value.date);
        if value.hour > 23 || value.minute > 59 || value.second > 59 {
            self.report(StructureError::InvalidTime {
                span: value.span,
                hour: value.hour,
                minute: value.minute,
                second: Some(value.second),
            });
        }
        if let Some(UtcOffset::Minutes(minutes)) = value.offset
            && minutes.unsigned_abs() >= 24 * 60
        {
            self.report(StructureError::InvalidOffset {
                span: value.span,
                minutes,
            });
        }
    }

    /// Every word must be a weekday (`day` too where `day_allowed`).
    pub(super) fn check_weekdays(&mut self, days: &Weekdays, day_allowed: bool) {
        // `day` (every day) is a weekday word in `window` and schedules only.
        let words = || WeekdaySet::words().chain(day_allowed.then_some("day"));
        for word in &days.words {
            if !words().any(|w| w == word.name) {
                self.report(StructureError::UnknownWeekday {
                    span: word.span,
                    word: word.name.to_string(),
                    suggestions: suggest_all(&word.name, words()),
                    day_allowed,
                });
            }
        }
    }

    /// `delay until PATH` with a one-word path within edit distance 2 of a
    /// weekday name is a typo (docs/language.md 5.3).
    pub(super) fn check_weekday_typo(&mut self, word: &str, span: Span) {
        // An edit changes the length by one at most: a word whose length is
        // 3 or more away from every weekday's cannot be within distance 2.
        let len = word.chars().flat_map(char::to_lowercase).count();
        if !WeekdaySet::words().any(|day| day.len().abs_diff(len) <= 2) {
            return;
        }
        let lower = word.to_lowercase();
        let nearest = WeekdaySet::words()
            .map(|day| (edit_distance(&lower, day), day))
            .min_by_key(|(distance, _)| *distance);
        if let Some((distance, day)) = nearest
            && distance <= 2
        {
            self.report(StructureError::WeekdayTypo {
                span,
                word: word.to_string(),
                suggestion: day,
            });
        }
    }

    /// `month on day N`: N is a whole number 1–31.
    fn check_month_day(&mut self, day: &Number) {
        if day.value.fract() != 0.0 || !(1.0..=31.0).contains(&day.value) {
            self.report(StructureError::MonthDayOutOfRange {
                span: day.span,
                value: day.value,
            });
        }
    }

    /// Each percentage is a whole 1–100, and together they make exactly 100.
    pub(super) fn check_split(&mut self, span: Span, arms: &[SplitArm]) {
        let mut all_valid = true;
        for arm in arms {
            let value = arm.percent.value;
            if value.fract() != 0.0 || !(1.0..=100.0).contains(&value) {
                all_valid = false;
                self.report(StructureError::PercentOutOfRange {
                    span: arm.percent.span,
                    value,
                });
            }
        }
        let total: f64 = arms.iter().map(|arm| arm.percent.value).sum();
        if all_valid && total != 100.0 {
            self.report(StructureError::SplitSum {
                span,
                total,
                percents: arms.iter().map(|arm| arm.percent.span).collect(),
            });
        }
    }

    /// At most 250 distinct values, each in one arm only.
    pub(super) fn check_branch_values(&mut self, span: Span, arms: &[BranchArm]) {
        let mut first: HashMap<LiteralKey<'_>, Span> = HashMap::new();
        for arm in arms {
            for literal in &arm.values {
                if let LiteralKind::Date(date) = &literal.kind {
                    self.check_date(date);
                }
                match first.get(&LiteralKey::of(&literal.kind)) {
                    Some(first_span) => self.report(StructureError::RepeatedBranchValue {
                        span: literal.span,
                        value: literal_text(&literal.kind),
                        first: *first_span,
                    }),
                    None => {
                        first.insert(LiteralKey::of(&literal.kind), literal.span);
                    }
                }
            }
        }
        if first.len() > MAX_BRANCH_VALUES {
            self.report(StructureError::TooManyBranchValues {
                span,
                count: first.len(),
            });
        }
    }
}

/// The setting's keyword(s), as written.
fn setting_word(kind: &SettingKind) -> &'static str {
    match kind {
        SettingKind::Object(_) => "object",
        SettingKind::Timezone(_) => "timezone",
        SettingKind::EnrollWhen(_) => "enroll when",
        SettingKind::EnrollOnEvent { .. } => "enroll on event",
        SettingKind::EnrollEvery { .. } => "enroll every",
        SettingKind::EnrollManually => "enroll manually",
        SettingKind::Reenroll => "reenroll",
        SettingKind::Goal(_) => "goal",
        SettingKind::UnenrollWhen(_) => "unenroll when",
        SettingKind::Window { .. } => "window",
        SettingKind::Blocked(_) => "blocked",
    }
}

/// A `branch on` literal compared as the run time compares them: numbers by
/// value (`2` and `2.0` are one value), strings exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum LiteralKey<'a> {
    Str(&'a str),
    Number(u64),
    Bool(bool),
    Date(i32, u32, u32),
}

impl<'a> LiteralKey<'a> {
    fn of(kind: &'a LiteralKind) -> LiteralKey<'a> {
        match kind {
            LiteralKind::Str(text) => LiteralKey::Str(text),
            // `-0` and `0` are one value.
            LiteralKind::Number(n) => LiteralKey::Number(if *n == 0.0 { 0 } else { n.to_bits() }),
            LiteralKind::Bool(b) => LiteralKey::Bool(*b),
            LiteralKind::Date(d) => LiteralKey::Date(d.year, d.month, d.day),
        }
    }
}

/// A literal as the user would write it, for messages.
pub(crate) fn literal_text(kind: &LiteralKind) -> String {
    match kind {
        LiteralKind::Str(s) => format!("{s:?}"),
        LiteralKind::Number(n) => crate::value::number_json(*n).to_string(),
        LiteralKind::Bool(b) => b.to_string(),
        LiteralKind::Date(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
    }
}
