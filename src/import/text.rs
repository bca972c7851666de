//! One flow as `.wf` text in canonical layout: settings, a blank line, then
//! the steps, two spaces per level, one step per line.

use std::collections::HashSet;
use std::fmt::Write;

use chrono::TimeZone;
use chrono_tz::Tz;

use super::conditions::Reader;
use super::flow::{Action, BlockedDate, DAYS, EnrollmentCriteria, EnrollmentSchedule, Flow, MONTHS, TimeOfDay};
use super::json::{Json, JsonMap};
use super::mapping::{self, MappingRow};
use super::structure::{self, Block, Node, label_of};
use super::{DEFAULT_ZONE, ImportOptions, ImportedFlow, InputError, LocatedFlow, Warning, codes, event_name, join};

pub use crate::syntax::is_identifier;

/// A `.wf` string literal of plain text: every brace escaped, so HubSpot's
/// own `{{ tokens }}` stay text.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            '{' => out.push_str("\\{"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as `.wf` writes it: integers without `.0`; negative with `-`.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// A duration of whole minutes, in the unit `unit` names when exact, else
/// in the largest exact unit.
pub fn duration(minutes: u64, unit: Option<&str>) -> String {
    let units = [
        ("WEEKS", 10_080, "week"),
        ("DAYS", 1_440, "day"),
        ("HOURS", 60, "hour"),
        ("MINUTES", 1, "minute"),
    ];
    let pick = units
        .iter()
        .find(|(name, size, _)| Some(*name) == unit && minutes.is_multiple_of(*size))
        .or_else(|| {
            units
                .iter()
                .find(|(_, size, _)| minutes.is_multiple_of(*size) && minutes > 0)
        })
        .unwrap_or(&units[3]);
    let amount = minutes / pick.1;
    format!("{amount} {}{}", pick.2, if amount == 1 { "" } else { "s" })
}

fn time(t: &TimeOfDay) -> String {
    format!("{:02}:{:02}", t.hour.min(23), t.minute.min(59))
}

/// A JSON value as a `.wf` argument value: objects are maps, arrays lists.
/// `null` has no `.wf` form: `None`.
pub fn value(json: &Json) -> Option<String> {
    match json {
        Json::Null => None,
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => n
            .as_f64()
            .map(|f| if f < 0.0 { format!("-{}", number(-f)) } else { number(f) }),
        Json::String(s) => Some(string(s)),
        Json::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(value).collect();
            Some(format!("[{}]", items.join(", ")))
        }
        Json::Object(map) => Some(map_value(map)),
    }
}

fn map_value(map: &JsonMap) -> String {
    let entries: Vec<String> = map
        .iter()
        .filter_map(|(k, v)| {
            let key = if is_word(k) { k.clone() } else { string(k) };
            value(v).map(|v| format!("{key}: {v}"))
        })
        .collect();
    format!("{{{}}}", entries.join(", "))
}

/// A map key may be any word, keywords included.
fn is_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Null members anywhere in `json`, by path, for warnings.
fn nulls(json: &Json, path: &str, out: &mut Vec<String>) {
    match json {
        Json::Null => out.push(path.to_string()),
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                nulls(item, &format!("{path}[{i}]"), out);
            }
        }
        Json::Object(map) => {
            for (k, v) in map.iter() {
                nulls(v, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

struct Writer<'a> {
    flow: &'a Flow,
    path: &'a str,
    zone: Tz,
    out: String,
    indent: usize,
    warnings: Vec<Warning>,
    labelled: HashSet<usize>,
}

/// Imports one flow.
pub fn import(located: &LocatedFlow, options: &ImportOptions) -> Result<ImportedFlow, InputError> {
    let flow = &located.flow;
    let path = located.path.as_str();
    let mut warnings = Vec::new();
    let zone_name = match &options.zone {
        Some(zone) => zone.clone(),
        None => {
            warnings.push(Warning {
                code: codes::ASSUMED_ZONE,
                path: if path.is_empty() { "$".into() } else { path.into() },
                message: format!(
                    "the flow does not say its portal's time zone; `{DEFAULT_ZONE}` is assumed (give `--tz ZONE`)"
                ),
            });
            DEFAULT_ZONE.to_string()
        }
    };
    let zone: Tz = zone_name.parse().map_err(|_| {
        InputError::new(
            "--tz",
            format!("unknown time zone `{zone_name}`; give an IANA name such as `Europe/Stockholm`"),
        )
    })?;
    let structured = structure::structure(flow, path)?;
    warnings.extend(structured.warnings);
    let mut writer = Writer {
        flow,
        path,
        zone,
        out: String::new(),
        indent: 0,
        warnings,
        labelled: structured.labelled,
    };
    let name = flow.name.clone().unwrap_or_else(|| "flow".to_string());
    let _ = writeln!(writer.out, "workflow {} {{", string(&name));
    writer.indent = 1;
    writer.settings(&zone_name)?;
    if !structured.steps.is_empty() {
        writer.out.push('\n');
    }
    writer.block(&structured.steps)?;
    writer.out.push_str("}\n");
    // The layout of `wf fmt` (TOOLING.md §3): the written text is given to
    // the formatter; should it refuse (a syntax error the caller's check
    // will name), the text stays as written.
    let text = crate::fmt::format(&writer.out).unwrap_or(writer.out);
    Ok(ImportedFlow {
        name,
        id: flow.id.clone(),
        text,
        warnings: writer.warnings,
    })
}

impl Writer<'_> {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn warn(&mut self, code: &'static str, path: String, message: String) {
        self.warnings.push(Warning { code, path, message });
    }

    fn at(&self, rest: &str) -> String {
        join(self.path, rest)
    }

    fn cond(&mut self, branch: &super::flow::FilterBranch, path: &str, subject: &str) -> String {
        let mut reader = Reader {
            warnings: &mut self.warnings,
            subject,
        };
        reader.branch(branch, path, 0).render()
    }

    fn settings(&mut self, zone: &str) -> Result<(), InputError> {
        let flow = self.flow;
        let object = match flow.object_type_id.as_deref() {
            Some(id) => mapping::object_name(id).ok_or_else(|| {
                InputError::new(
                    self.at("objectTypeId"),
                    format!("object type `{id}` has no `.wf` name; the standard objects are 0-1 contact, 0-2 company, 0-3 deal, 0-5 ticket, 0-14 quote, 0-136 lead, 0-11 conversation"),
                )
            })?,
            None => "contact",
        };
        self.line(&format!("object {object}"));
        self.line(&format!("timezone {}", string(zone)));
        let mut reenroll = false;
        let mut list_condition: Option<String> = None;
        match &flow.enrollment_criteria {
            None => {
                if flow.enrollment_schedule.is_none() {
                    self.line("enroll manually");
                }
            }
            Some(EnrollmentCriteria::Manual { should_re_enroll, .. }) => {
                reenroll = should_re_enroll.unwrap_or(false);
                self.line("enroll manually");
            }
            Some(EnrollmentCriteria::ListBased {
                should_re_enroll,
                un_enroll_objects_not_meeting_criteria,
                list_filter_branch,
                re_enrollment_triggers_filter_branches,
                ..
            }) => {
                reenroll = should_re_enroll.unwrap_or(false);
                let path = self.at("enrollmentCriteria.listFilterBranch");
                list_condition = Some(match list_filter_branch {
                    Some(branch) => self.cond(branch, &path, ""),
                    None => "?".to_string(),
                });
                if un_enroll_objects_not_meeting_criteria == &Some(true) {
                    self.warn(
                        codes::UNSUPPORTED_SETTING,
                        self.at("enrollmentCriteria.unEnrollObjectsNotMeetingCriteria"),
                        "unenrolling records that stop meeting the trigger has no export form; it is left out (write `unenroll when not (…)` to keep it in `.wf`)".into(),
                    );
                }
                if re_enrollment_triggers_filter_branches
                    .as_ref()
                    .is_some_and(|b| !b.is_empty())
                {
                    self.warn(
                        codes::UNSUPPORTED_SETTING,
                        self.at("enrollmentCriteria.reEnrollmentTriggersFilterBranches"),
                        "re-enrollment triggers have no `.wf` form: `reenroll` re-enrolls when the trigger holds again"
                            .into(),
                    );
                }
            }
            Some(EnrollmentCriteria::EventBased {
                should_re_enroll,
                event_filter_branches,
                list_membership_filter_branches,
                refinement_criteria,
                ..
            }) => {
                reenroll = should_re_enroll.unwrap_or(false);
                let refinement = refinement_criteria.as_ref().map(|branch| {
                    let path = self.at("enrollmentCriteria.refinementCriteria");
                    self.cond(branch, &path, "")
                });
                if list_membership_filter_branches.as_ref().is_some_and(|b| !b.is_empty()) {
                    self.warn(
                        codes::UNSUPPORTED_FILTER,
                        self.at("enrollmentCriteria.listMembershipFilterBranches"),
                        "list-membership filters of an event trigger have no `.wf` form; they are left out".into(),
                    );
                }
                for (i, branch) in event_filter_branches.iter().enumerate() {
                    let path = self.at(&format!("enrollmentCriteria.eventFilterBranches[{i}]"));
                    let Some(event) = &branch.event_type_id else {
                        return Err(InputError::new(
                            join(&path, "eventTypeId"),
                            "an event trigger needs `eventTypeId`",
                        ));
                    };
                    let mut parts = Vec::new();
                    if !branch.filters.is_empty() || !branch.filter_branches.is_empty() {
                        let mut inner = branch.clone();
                        inner.filter_branch_type = "AND".into();
                        parts.push(self.cond(&inner, &path, "event."));
                    }
                    parts.extend(refinement.clone());
                    let filter = match parts.len() {
                        0 => String::new(),
                        1 => format!(" where {}", parts[0]),
                        _ if parts.iter().any(|p| p == "?") => " where ?".to_string(),
                        _ => format!(" where ({}) and ({})", parts[0], parts[1]),
                    };
                    self.line(&format!("enroll on event {}{filter}", event_name(event)));
                }
                if event_filter_branches.is_empty() {
                    self.line("enroll manually");
                }
            }
        }
        match &flow.enrollment_schedule {
            Some(schedule) => self.schedule(schedule, list_condition.as_deref()),
            None => {
                if let Some(condition) = &list_condition {
                    self.line(&format!("enroll when {condition}"));
                }
            }
        }
        if reenroll {
            self.line("reenroll");
        }
        if let Some(goal) = &flow.goal_filter_branch {
            let path = self.at("goalFilterBranch");
            let condition = self.cond(goal, &path, "");
            self.line(&format!("goal {condition}"));
        }
        self.windows();
        self.blocked();
        if flow.suppression_list_ids.as_ref().is_some_and(|ids| !ids.is_empty()) {
            self.warn(
                codes::SUPPRESSION_LISTS,
                self.at("suppressionListIds"),
                "suppression lists have no `.wf` form; add `and not …` to the trigger by hand".into(),
            );
        }
        Ok(())
    }

    fn schedule(&mut self, schedule: &EnrollmentSchedule, condition: Option<&str>) {
        let filter = condition.map(|c| format!(" where {c}")).unwrap_or_default();
        match schedule {
            EnrollmentSchedule::Daily { time_of_day, .. } => {
                self.line(&format!("enroll every day at {}{filter}", time(time_of_day)));
            }
            EnrollmentSchedule::Weekly {
                days_of_week,
                time_of_day,
                ..
            } => {
                let days: Vec<String> = days_of_week.iter().map(|d| d.to_lowercase()).collect();
                self.line(&format!(
                    "enroll every {} at {}{filter}",
                    days.join(", "),
                    time(time_of_day)
                ));
            }
            EnrollmentSchedule::MonthlySpecificDays {
                days_of_month,
                time_of_day,
                ..
            } => {
                for day in days_of_month {
                    self.line(&format!(
                        "enroll every month on day {day} at {}{filter}",
                        time(time_of_day)
                    ));
                }
            }
            EnrollmentSchedule::PropertyBased {
                date_property,
                days_delta,
                time_of_day,
                yearly,
                ..
            } => {
                if *yearly {
                    self.warn(
                        codes::UNSUPPORTED_SETTING,
                        self.at("enrollmentSchedule.yearly"),
                        "a yearly property-based schedule has no `.wf` form; it enrolls on the date itself only".into(),
                    );
                }
                let base = format!("days_between({date_property}, today) == {days_delta}");
                let base = if *days_delta < 0 {
                    format!("days_between(today, {date_property}) == {}", -days_delta)
                } else {
                    base
                };
                let condition = match condition {
                    Some(c) if c != "?" => format!("{base} and ({c})"),
                    Some(c) => c.to_string(),
                    None => base,
                };
                self.line(&format!("enroll every day at {} where {condition}", time(time_of_day)));
            }
            EnrollmentSchedule::Other(map) => {
                let kind = map.get("type").and_then(Json::as_str).unwrap_or("?").to_string();
                self.warn(
                    codes::UNSUPPORTED_SETTING,
                    self.at("enrollmentSchedule"),
                    format!("schedule type `{kind}` has no `.wf` form; the workflow enrolls manually until you write `enroll every …`"),
                );
                self.line("enroll manually");
            }
        }
    }

    fn windows(&mut self) {
        let Some(windows) = &self.flow.time_windows else { return };
        // Days sharing one window are written together, Monday first.
        let mut groups: Vec<(String, String, Vec<usize>)> = Vec::new();
        for (i, w) in windows.iter().enumerate() {
            let Some(day) = DAYS.iter().position(|d| d.eq_ignore_ascii_case(&w.day)) else {
                self.warn(
                    codes::UNSUPPORTED_SETTING,
                    self.at(&format!("timeWindows[{i}].day")),
                    format!("`{}` is not a day of the week; the window is left out", w.day),
                );
                continue;
            };
            let from = w.start_time.map_or("00:00".to_string(), |t| time(&t));
            let to = match w.end_time {
                Some(t) => time(&t),
                None => {
                    self.warn(
                        codes::UNSUPPORTED_SETTING,
                        self.at(&format!("timeWindows[{i}].endTime")),
                        "a window without an end runs to midnight; `.wf` ends it at 23:59".into(),
                    );
                    "23:59".to_string()
                }
            };
            match groups.iter_mut().find(|(f, t, _)| *f == from && *t == to) {
                Some((_, _, days)) => days.push(day),
                None => groups.push((from, to, vec![day])),
            }
        }
        for (from, to, mut days) in groups {
            days.sort_unstable();
            days.dedup();
            let words: Vec<String> = days.iter().map(|&d| DAYS[d].to_lowercase()).collect();
            self.line(&format!("window {} {from} to {to}", words.join(", ")));
        }
    }

    fn blocked(&mut self) {
        let Some(dates) = &self.flow.blocked_dates else { return };
        let mut written = Vec::new();
        for (i, date) in dates.iter().enumerate() {
            match blocked_date(date) {
                Some(text) => written.push(text),
                None => self.warn(
                    codes::UNSUPPORTED_SETTING,
                    self.at(&format!("blockedDates[{i}]")),
                    format!(
                        "blocked date {} {} {} has no `.wf` form (`blocked` takes whole dates of one year); it is left out",
                        date.day_of_month,
                        date.month,
                        date.year.map_or("every year".to_string(), |y| y.to_string())
                    ),
                ),
            }
        }
        if !written.is_empty() {
            self.line(&format!("blocked {}", written.join(", ")));
        }
    }

    fn block(&mut self, steps: &Block) -> Result<(), InputError> {
        for step in steps {
            self.step(&step.node)?;
        }
        Ok(())
    }

    fn label(&self, index: usize) -> String {
        if self.labelled.contains(&index) {
            format!("{}: ", label_of(self.flow.actions[index].id()))
        } else {
            String::new()
        }
    }

    fn arm(&mut self, head: &str, steps: &Block) -> Result<(), InputError> {
        if steps.is_empty() {
            self.line(&format!("{head} {{ }}"));
            return Ok(());
        }
        self.line(&format!("{head} {{"));
        self.indent += 1;
        self.block(steps)?;
        self.indent -= 1;
        self.line("}");
        Ok(())
    }

    fn step(&mut self, node: &Node) -> Result<(), InputError> {
        match node {
            Node::Goto(label) => self.line(&format!("goto {label}")),
            Node::Stop => self.line("stop"),
            Node::Action { index } => {
                let text = self.action(*index)?;
                let label = self.label(*index);
                self.line(&format!("{label}{text}"));
            }
            Node::If { index, arms, default } => {
                let Action::ListBranch(action) = &self.flow.actions[*index] else {
                    return Ok(());
                };
                let label = self.label(*index);
                let actions_path = self.at(&format!("actions[{index}]"));
                let mut first = true;
                for (i, (arm, steps)) in action.list_branches.iter().zip(arms).enumerate() {
                    let path = format!("{actions_path}.listBranches[{i}].filterBranch");
                    let condition = match &arm.filter_branch {
                        Some(branch) => self.cond(branch, &path, ""),
                        None => "?".to_string(),
                    };
                    let head = if first {
                        format!("{label}if {condition}")
                    } else {
                        format!("}} else if {condition}")
                    };
                    first = false;
                    self.open(&head, steps)?;
                }
                if first {
                    // No arm with a condition: only the default path.
                    if let Some(steps) = default {
                        self.block(steps)?;
                    }
                    return Ok(());
                }
                if let Some(steps) = default {
                    self.open("} else", steps)?;
                }
                self.line("}");
            }
            Node::Branch { index, arms, default } => {
                let Action::StaticBranch(action) = &self.flow.actions[*index] else {
                    return Ok(());
                };
                let path = self.at(&format!("actions[{index}].inputValue"));
                let property = match (
                    action.input_value.get("type").and_then(Json::as_str),
                    action.input_value.get("propertyName").and_then(Json::as_str),
                ) {
                    (Some("OBJECT_PROPERTY"), Some(p)) if is_identifier(p) => p.to_string(),
                    _ => {
                        return Err(InputError::new(
                            path,
                            "a value branch on anything but a property of the enrolled record has no `.wf` form; branch on a property",
                        ));
                    }
                };
                let label = self.label(*index);
                self.line(&format!("{label}branch on {property} {{"));
                self.indent += 1;
                for (arm, steps) in action.static_branches.iter().zip(arms) {
                    self.arm(&format!("{} =>", string(&arm.branch_value)), steps)?;
                }
                if let Some(steps) = default {
                    self.arm("else =>", steps)?;
                }
                self.indent -= 1;
                self.line("}");
            }
            Node::Split { index, arms } => {
                let label = self.label(*index);
                let n = arms.len();
                if n == 0 || n > 100 {
                    return Err(InputError::new(
                        self.at(&format!("actions[{index}].testBranches")),
                        "a split has 1 to 100 arms",
                    ));
                }
                self.warn(
                    codes::SPLIT_WEIGHTS,
                    self.at(&format!("actions[{index}].testBranches")),
                    format!("the public flow schema has no split weights; the {n} arms get equal shares"),
                );
                self.line(&format!("{label}split {{"));
                self.indent += 1;
                for (i, steps) in arms.iter().enumerate() {
                    let share = 100 / n + usize::from(i < 100 % n);
                    self.arm(&format!("{share}%"), steps)?;
                }
                self.indent -= 1;
                self.line("}");
            }
            Node::EventWait { index, on_timeout } => {
                let label = self.label(*index);
                let text = self.event_wait(*index)?;
                match on_timeout {
                    Some(steps) if text.contains(" timeout ") => self.arm(&format!("{label}{text} else"), steps)?,
                    _ => self.line(&format!("{label}{text}")),
                }
            }
        }
        Ok(())
    }

    /// `head {` … `}` continued by the next arm's head (`} else if …`).
    fn open(&mut self, head: &str, steps: &Block) -> Result<(), InputError> {
        self.line(&format!("{head} {{"));
        self.indent += 1;
        self.block(steps)?;
        self.indent -= 1;
        Ok(())
    }

    fn fields_of(&self, index: usize) -> (&JsonMap, String) {
        match &self.flow.actions[index] {
            Action::SingleConnection(a) => (&a.fields, self.at(&format!("actions[{index}].fields"))),
            _ => unreachable_fields(),
        }
    }

    /// Warns for every field of a known action that its row does not carry.
    fn unmapped(&mut self, index: usize, row: &MappingRow, also: &[&str]) {
        let (fields, path) = self.fields_of(index);
        let lost: Vec<String> = fields
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| !mapping::carries(row, k) && !also.contains(&k.as_str()))
            .collect();
        for key in lost {
            self.warn(
                codes::UNMAPPED_FIELD,
                format!("{path}.{key}"),
                format!(
                    "field `{key}` of `{}` maps to no parameter of `{}`; it is left out",
                    row.action_type_id, row.wf
                ),
            );
        }
    }

    fn event_wait(&mut self, index: usize) -> Result<String, InputError> {
        let (fields, path) = self.fields_of(index);
        let fields = fields.clone();
        let branches = fields
            .get("event_filter_branches")
            .and_then(Json::as_array)
            .unwrap_or_default();
        let Some(first) = branches.first() else {
            return Err(InputError::new(
                format!("{path}.event_filter_branches"),
                "a wait for an event needs `event_filter_branches` naming the event",
            ));
        };
        let branch: super::flow::FilterBranch = serde_json::from_str(&first.to_text()).map_err(|e| {
            InputError::new(
                format!("{path}.event_filter_branches[0]"),
                format!("not a filter branch: {e}"),
            )
        })?;
        let Some(event) = &branch.event_type_id else {
            return Err(InputError::new(
                format!("{path}.event_filter_branches[0].eventTypeId"),
                "a wait for an event needs `eventTypeId`",
            ));
        };
        if branches.len() > 1 {
            self.warn(
                codes::UNSUPPORTED_FILTER,
                format!("{path}.event_filter_branches[1]"),
                "a `.wf` event wait waits for one event; only the first of these is kept".into(),
            );
        }
        let mut text = format!("delay until event {}", event_name(event));
        if !branch.filters.is_empty() || !branch.filter_branches.is_empty() {
            let mut inner = branch.clone();
            inner.filter_branch_type = "AND".into();
            let condition = self.cond(&inner, &format!("{path}.event_filter_branches[0]"), "event.");
            let _ = write!(text, " where {condition}");
        }
        if let Some(minutes) = fields.get("expiration_minutes").and_then(minutes_of) {
            let _ = write!(text, " timeout {}", duration(minutes, None));
        }
        let row = mapping::lookup("0-29").expect("the 0-29 row");
        self.unmapped(index, row, &[]);
        Ok(text)
    }

    fn action(&mut self, index: usize) -> Result<String, InputError> {
        let actions_path = self.at(&format!("actions[{index}]"));
        match &self.flow.actions[index] {
            Action::Webhook(a) => {
                let method = a.method.to_uppercase();
                if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                    return Err(InputError::new(
                        format!("{actions_path}.method"),
                        format!(
                            "webhook method `{}` has no `.wf` form; use GET, POST, PUT, PATCH or DELETE",
                            a.method
                        ),
                    ));
                }
                for (key, present) in [
                    ("queryParams", a.query_params.as_ref().is_some_and(|q| !q.is_empty())),
                    ("authSettings", a.auth_settings.is_some()),
                ] {
                    if present {
                        self.warn(
                            codes::UNMAPPED_FIELD,
                            format!("{actions_path}.{key}"),
                            format!("webhook `{key}` maps to no parameter of `webhook`; it is left out"),
                        );
                    }
                }
                Ok(format!(
                    "webhook(url: {}, method: {})",
                    string(&a.webhook_url),
                    string(&method)
                ))
            }
            Action::CustomCode(a) => {
                let mut inputs = Vec::new();
                for (i, input) in a.input_fields.iter().flatten().enumerate() {
                    let key = if is_word(&input.name) {
                        input.name.clone()
                    } else {
                        string(&input.name)
                    };
                    let v = match (
                        input.value.get("type").and_then(Json::as_str),
                        input.value.get("propertyName").and_then(Json::as_str),
                        input.value.get("staticValue"),
                    ) {
                        (Some("OBJECT_PROPERTY"), Some(p), _) if is_identifier(p) => format!("\"{{{{{p}}}}}\""),
                        (Some("STATIC_VALUE"), _, Some(Json::String(s))) => string(s),
                        _ => {
                            self.warn(
                                codes::UNMAPPED_FIELD,
                                format!("{actions_path}.inputFields[{i}].value"),
                                format!(
                                    "custom code input `{}` has a value `.wf` cannot read; it is left out",
                                    input.name
                                ),
                            );
                            continue;
                        }
                    };
                    inputs.push(format!("{key}: {v}"));
                }
                let runtime = a.runtime.as_deref().unwrap_or("NODE20X");
                if !runtime.to_uppercase().starts_with("NODE") {
                    self.warn(
                        codes::UNMAPPED_FIELD,
                        format!("{actions_path}.runtime"),
                        format!("runtime `{runtime}` has no `.wf` form (`language` is `javascript`); it is left out"),
                    );
                }
                for (key, present) in [
                    ("secretNames", a.secret_names.as_ref().is_some_and(|s| !s.is_empty())),
                    ("outputFields", a.output_fields.as_ref().is_some_and(|s| !s.is_empty())),
                ] {
                    if present {
                        self.warn(
                            codes::UNMAPPED_FIELD,
                            format!("{actions_path}.{key}"),
                            format!("custom code `{key}` maps to no parameter of `custom_code`; it is left out"),
                        );
                    }
                }
                let mut text = format!("custom_code(code: {}", string(&a.source_code));
                if !inputs.is_empty() {
                    let _ = write!(text, ", inputs: {{{}}}", inputs.join(", "));
                }
                text.push_str(", language: \"javascript\")");
                Ok(text)
            }
            Action::SingleConnection(a) => {
                let Some(row) = mapping::lookup(&a.action_type_id) else {
                    return Ok(self.unknown_action(index));
                };
                self.known_action(index, row)
            }
            _ => Ok(String::new()),
        }
    }

    fn unknown_action(&mut self, index: usize) -> String {
        let Action::SingleConnection(a) = &self.flow.actions[index] else {
            return String::new();
        };
        let path = self.at(&format!("actions[{index}]"));
        self.warn(
            codes::UNKNOWN_ACTION,
            format!("{path}.actionTypeId"),
            format!(
                "action type `{}` is not in the mapping table; it is kept as `hubspot_action` with its fields verbatim",
                a.action_type_id
            ),
        );
        let mut null_paths = Vec::new();
        nulls(
            &Json::Object(a.fields.clone()),
            &format!("{path}.fields"),
            &mut null_paths,
        );
        for p in null_paths {
            self.warn(
                codes::UNMAPPED_FIELD,
                p.clone(),
                format!("`{p}` is `null`, which `.wf` cannot write; it is left out"),
            );
        }
        let version = value(&a.action_type_version).unwrap_or_else(|| "0".to_string());
        let version = version.trim_matches('"').to_string();
        let version = if version.parse::<f64>().is_ok() {
            version
        } else {
            "0".to_string()
        };
        format!(
            "hubspot_action(type: {}, version: {version}, fields: {})",
            string(&a.action_type_id),
            map_value(&a.fields)
        )
    }

    fn known_action(&mut self, index: usize, row: &'static MappingRow) -> Result<String, InputError> {
        let (fields, path) = self.fields_of(index);
        let fields = fields.clone();
        let text_of = |key: &str| fields.get(key).and_then(scalar_text);
        let list_of = |key: &str| -> String {
            let items: Vec<String> = match fields.get(key) {
                Some(Json::Array(items)) => items.iter().filter_map(scalar_text).map(|s| string(&s)).collect(),
                Some(other) => scalar_text(other).map(|s| vec![string(&s)]).unwrap_or_default(),
                None => Vec::new(),
            };
            format!("[{}]", items.join(", "))
        };
        let required = |key: &str| -> Result<String, InputError> {
            fields.get(key).and_then(scalar_text).ok_or_else(|| {
                InputError::new(
                    format!("{path}.{key}"),
                    format!("`{}` needs the field `{key}`", row.action_type_id),
                )
            })
        };
        let mut also: Vec<&str> = Vec::new();
        let text = match row.action_type_id {
            "0-1" => {
                let minutes = fields.get("delta").and_then(minutes_of).ok_or_else(|| {
                    InputError::new(
                        format!("{path}.delta"),
                        "a delay needs `delta`, whole minutes as a string",
                    )
                })?;
                format!("delay {}", duration(minutes, text_of("time_unit").as_deref()))
            }
            "0-35" => self.date_delay(&fields, &path)?,
            "0-3" => {
                let mut args = vec![format!("title: {}", string(&text_of("subject").unwrap_or_default()))];
                if let Some(body) = text_of("body") {
                    args.push(format!("notes: {}", string(&body)));
                }
                match text_of("priority").as_deref() {
                    Some(p @ ("LOW" | "MEDIUM" | "HIGH")) => {
                        args.push(format!("priority: {}", string(&p.to_lowercase())))
                    }
                    Some("NONE") | None => {}
                    Some(other) => self.warn(
                        codes::UNMAPPED_FIELD,
                        format!("{path}.priority"),
                        format!("task priority `{other}` has no `.wf` form; it is left out"),
                    ),
                }
                format!("create_task({})", args.join(", "))
            }
            "0-4" => format!("send_email({})", string(&required("content_id")?)),
            "0-5" => self.set_property(&fields, &path)?,
            "0-8" => format!(
                "send_internal_email(to: {}, subject: {}, body: {})",
                list_of("user_ids"),
                string(&text_of("subject").unwrap_or_default()),
                string(&text_of("body").unwrap_or_default())
            ),
            "0-23" => format!(
                "send_internal_email(to: {}, subject: {}, body: {})",
                list_of("to_addresses"),
                string(&text_of("subject").unwrap_or_default()),
                string(&text_of("body").unwrap_or_default())
            ),
            "0-9" => {
                if text_of("delivery_method").is_some_and(|m| m != "APP") {
                    also.push("delivery_method");
                    self.warn(
                        codes::UNMAPPED_FIELD,
                        format!("{path}.delivery_method"),
                        "only in-app delivery (`APP`) has a `.wf` form; the notification is sent in-app".into(),
                    );
                }
                if let Some(subject) = text_of("subject") {
                    also.push("subject");
                    self.warn(
                        codes::UNMAPPED_FIELD,
                        format!("{path}.subject"),
                        format!("`send_notification` has no subject; `{subject}` is left out"),
                    );
                }
                format!(
                    "send_notification(to: {}, message: {})",
                    list_of("user_ids"),
                    string(&text_of("body").unwrap_or_default())
                )
            }
            "0-11" => {
                let mut text = format!("rotate_owner(users: {}", list_of("user_ids"));
                if let Some(p) = text_of("target_property") {
                    let _ = write!(text, ", property: {}", string(&p));
                }
                text.push(')');
                text
            }
            "0-13" => {
                let list = required("list_id")?;
                match text_of("operation").as_deref() {
                    Some("ADD") => format!("add_to_list({})", string(&list)),
                    Some("REMOVE") => format!("remove_from_list({})", string(&list)),
                    other => {
                        return Err(InputError::new(
                            format!("{path}.operation"),
                            format!(
                                "list `operation` is `ADD` or `REMOVE`, not `{}`",
                                other.unwrap_or("missing")
                            ),
                        ));
                    }
                }
            }
            "0-63809083" => format!("add_to_list({})", string(&required("list_id")?)),
            "0-63863438" => format!("remove_from_list({})", string(&required("list_id")?)),
            "0-14" => {
                let type_id = required("object_type_id")?;
                let object = mapping::object_name(&type_id).map_or(type_id.clone(), str::to_string);
                let mut entries = Vec::new();
                for (i, p) in fields
                    .get("properties")
                    .and_then(Json::as_array)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let name = p.get("targetProperty").and_then(Json::as_str);
                    let v = p.get("value").and_then(|v| v.get("staticValue")).and_then(scalar_text);
                    match (name, v) {
                        (Some(name), Some(v)) => {
                            let key = if is_word(name) { name.to_string() } else { string(name) };
                            entries.push(format!("{key}: {}", string(&v)));
                        }
                        _ => self.warn(
                            codes::UNMAPPED_FIELD,
                            format!("{path}.properties[{i}]"),
                            "only static property values of a created record have a `.wf` form; this one is left out"
                                .into(),
                        ),
                    }
                }
                format!(
                    "create_record(object: {}, properties: {{{}}})",
                    string(&object),
                    entries.join(", ")
                )
            }
            _ => String::new(),
        };
        self.unmapped(index, row, &also);
        Ok(text)
    }

    fn set_property(&mut self, fields: &JsonMap, path: &str) -> Result<String, InputError> {
        let property = fields.get("property_name").and_then(Json::as_str).unwrap_or_default();
        if !is_identifier(property) {
            return Err(InputError::new(
                format!("{path}.property_name"),
                format!("property `{property}` cannot be named in `.wf` (a keyword or not a name)"),
            ));
        }
        let value = fields.get("value");
        let kind = value.and_then(|v| v.get("type")).and_then(Json::as_str);
        Ok(match kind {
            Some("STATIC_VALUE") => {
                let v = value
                    .and_then(|v| v.get("staticValue"))
                    .and_then(scalar_text)
                    .unwrap_or_default();
                if v.is_empty() {
                    // HubSpot clears a property by setting it to "".
                    format!("clear {property}")
                } else {
                    format!("set {property} = {}", string(&v))
                }
            }
            Some("OBJECT_PROPERTY") => {
                let from = value
                    .and_then(|v| v.get("propertyName"))
                    .and_then(Json::as_str)
                    .unwrap_or_default();
                if !is_identifier(from) {
                    return Err(InputError::new(
                        format!("{path}.value.propertyName"),
                        format!("property `{from}` cannot be named in `.wf`"),
                    ));
                }
                format!("set {property} = {from}")
            }
            Some("INCREMENT") => {
                let amount = value
                    .and_then(|v| v.get("incrementAmount"))
                    .and_then(Json::as_f64)
                    .unwrap_or(1.0);
                if amount < 0.0 {
                    format!("decrement {property} by {}", number(-amount))
                } else {
                    format!("increment {property} by {}", number(amount))
                }
            }
            other => {
                return Err(InputError::new(
                    format!("{path}.value.type"),
                    format!(
                        "value type `{}` has no `.wf` form; set a static, copied or incremented value",
                        other.unwrap_or("missing")
                    ),
                ));
            }
        })
    }

    fn date_delay(&mut self, fields: &JsonMap, path: &str) -> Result<String, InputError> {
        let date = fields.get("date");
        let kind = date.and_then(|d| d.get("type")).and_then(Json::as_str);
        let at = fields.get("time_of_day").and_then(|t| {
            Some(TimeOfDay {
                hour: t.get("hour")?.as_f64()? as u32,
                minute: t.get("minute")?.as_f64()? as u32,
            })
        });
        let delta = fields
            .get("delta")
            .and_then(|d| scalar_text(d)?.parse::<i64>().ok())
            .unwrap_or(0);
        match kind {
            Some("STATIC_VALUE") => {
                let ms = date
                    .and_then(|d| d.get("staticValue"))
                    .and_then(|v| scalar_text(v)?.parse::<i64>().ok())
                    .ok_or_else(|| {
                        InputError::new(
                            format!("{path}.date.staticValue"),
                            "a calendar date is epoch milliseconds",
                        )
                    })?;
                let instant = chrono::Utc
                    .timestamp_millis_opt(ms)
                    .single()
                    .ok_or_else(|| InputError::new(format!("{path}.date.staticValue"), "the date is out of range"))?;
                let local = (instant + chrono::Duration::minutes(delta))
                    .with_timezone(&self.zone)
                    .date_naive();
                let mut text = format!("delay until {}", local.format("%Y-%m-%d"));
                if let Some(t) = at {
                    let _ = write!(text, " at {}", time(&t));
                }
                Ok(text)
            }
            Some("OBJECT_PROPERTY") => {
                let property = date
                    .and_then(|d| d.get("propertyName"))
                    .and_then(Json::as_str)
                    .unwrap_or_default();
                if !is_identifier(property) {
                    return Err(InputError::new(
                        format!("{path}.date.propertyName"),
                        format!("property `{property}` cannot be named in `.wf`"),
                    ));
                }
                let mut text = format!("delay until {property}");
                if delta != 0 {
                    let unit = fields.get("time_unit").and_then(Json::as_str);
                    let sign = if delta < 0 { '-' } else { '+' };
                    let _ = write!(text, " {sign} {}", duration(delta.unsigned_abs(), unit));
                }
                if let Some(t) = at {
                    let _ = write!(text, " at {}", time(&t));
                }
                Ok(text)
            }
            other => Err(InputError::new(
                format!("{path}.date.type"),
                format!("a date of type `{}` has no `.wf` form", other.unwrap_or("missing")),
            )),
        }
    }
}

fn unreachable_fields() -> (&'static JsonMap, String) {
    static EMPTY: JsonMap = JsonMap(Vec::new());
    (&EMPTY, String::new())
}

/// A string, number or boolean as text.
fn scalar_text(json: &Json) -> Option<String> {
    match json {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Whole minutes from a string or a number.
fn minutes_of(json: &Json) -> Option<u64> {
    scalar_text(json)?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|m| *m >= 0.0 && m.fract() == 0.0)
        .map(|m| m as u64)
}

/// A blocked date with a year as `YYYY-MM-DD`.
fn blocked_date(date: &BlockedDate) -> Option<String> {
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(&date.month))? as u32 + 1;
    let day = chrono::NaiveDate::from_ymd_opt(date.year?, month, date.day_of_month)?;
    Some(day.format("%Y-%m-%d").to_string())
}
