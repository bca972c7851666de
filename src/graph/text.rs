//! The words on the chart: source text as written (comments and line breaks
//! left out), delays and triggers in words, and line wrapping.

use crate::syntax::ast::{DelayKind, Schedule, ScheduleKind, SettingKind, TimeOfDay, Weekdays};
use crate::syntax::span::Span;

/// The most characters of source shown for one argument value or condition
/// before it is cut with `…` (a chart is not a listing).
pub const MAX_WRITTEN: usize = 160;

/// The source text of `span` as written, on one line: comments are dropped
/// and every run of whitespace outside strings becomes one space. Strings are
/// kept byte for byte (templates stay `{{ … }}`).
pub fn written(source: &str, span: Span) -> String {
    let start = (span.start as usize).min(source.len());
    let end = (span.end as usize).clamp(start, source.len());
    let text = source.get(start..end).unwrap_or("");
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let mut in_string = false;
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '#' => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            _ => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                if c == '"' {
                    in_string = true;
                }
                out.push(c);
            }
        }
    }
    shorten(out, MAX_WRITTEN)
}

/// Cuts `text` to at most `max` characters, ending in `…` when cut.
pub fn shorten(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `09:00`
pub fn time(time: &TimeOfDay) -> String {
    format!("{:02}:{:02}", time.hour, time.minute)
}

/// `Tue`, `Mon, Wed`, `Mon–Fri` (for `weekday`), `every day` (for `day`).
pub fn weekdays(days: &Weekdays) -> String {
    let words: Vec<&str> = days
        .words
        .iter()
        .map(|word| match word.name.as_str() {
            "monday" => "Mon",
            "tuesday" => "Tue",
            "wednesday" => "Wed",
            "thursday" => "Thu",
            "friday" => "Fri",
            "saturday" => "Sat",
            "sunday" => "Sun",
            "weekday" => "Mon–Fri",
            "day" => "every day",
            other => other,
        })
        .collect();
    words.join(", ")
}

/// A delay's rule in words: "Delay until Tue 09:00 (Europe/Stockholm)".
/// Event waits are worded by the builder (they are nodes of their own kind).
pub fn delay(kind: &DelayKind, zone: &str, source: &str) -> String {
    match kind {
        DelayKind::For(duration) => format!("Delay {}", written(source, duration.span)),
        DelayKind::UntilTime(at) => format!("Delay until {} ({zone})", time(at)),
        DelayKind::UntilWeekdays { days, time: at } => match at {
            Some(at) => format!("Delay until {} {} ({zone})", weekdays(days), time(at)),
            None => format!("Delay until {} ({zone})", weekdays(days)),
        },
        DelayKind::UntilDate { date, time: at } => {
            let at = at.as_ref().map_or_else(|| "00:00".to_string(), time);
            format!(
                "Delay until {:04}-{:02}-{:02} {at} ({zone})",
                date.year, date.month, date.day
            )
        }
        DelayKind::UntilDateTime(moment) => match moment.offset {
            Some(_) => format!("Delay until {}", written(source, moment.span)),
            None => format!("Delay until {} ({zone})", written(source, moment.span)),
        },
        DelayKind::UntilProperty { path, offset, time: at } => {
            let property = path.text();
            let day = match offset {
                Some(offset) => {
                    let amount = written(source, offset.duration.span);
                    let side = if offset.negative { "before" } else { "after" };
                    format!("{amount} {side} {property}")
                }
                None => property,
            };
            match at {
                Some(at) => format!("Delay until {day}, {} ({zone})", time(at)),
                None => format!("Delay until {day}"),
            }
        }
        DelayKind::UntilEvent { event, .. } => format!("Wait for event {}", event.name),
    }
}

/// One enrollment rule in words, or `None` for a setting that is not one.
pub fn trigger_rule(kind: &SettingKind, source: &str) -> Option<String> {
    let rule = match kind {
        SettingKind::EnrollWhen(cond) => format!("When {}", written(source, cond.span)),
        SettingKind::EnrollOnEvent { event, filter } => match filter {
            Some(filter) => format!("On event {} where {}", event.name, written(source, filter.span)),
            None => format!("On event {}", event.name),
        },
        SettingKind::EnrollEvery { schedule, filter } => match filter {
            Some(filter) => format!("{} where {}", schedule_words(schedule), written(source, filter.span)),
            None => schedule_words(schedule),
        },
        SettingKind::EnrollManually => "Manually, or by another workflow".to_string(),
        SettingKind::Reenroll => "Re-enrollment on".to_string(),
        SettingKind::Goal(cond) => format!("Goal: {}", written(source, cond.span)),
        SettingKind::UnenrollWhen(cond) => format!("Unenroll when {}", written(source, cond.span)),
        SettingKind::Window { days, from, to } => {
            format!("Actions only {} {}–{}", weekdays(days), time(from), time(to))
        }
        SettingKind::Blocked(dates) => {
            let dates: Vec<String> = dates
                .iter()
                .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
                .collect();
            shorten(format!("No actions on {}", dates.join(", ")), MAX_WRITTEN)
        }
        SettingKind::Object(_) | SettingKind::Timezone(_) => return None,
    };
    Some(rule)
}

fn schedule_words(schedule: &Schedule) -> String {
    match &schedule.kind {
        ScheduleKind::Daily { time: at } => format!("Every day at {}", time(at)),
        ScheduleKind::Weekly { days, time: at } => format!("Every {} at {}", weekdays(days), time(at)),
        ScheduleKind::Monthly { day_of_month, time: at } => {
            format!("Every month on day {} at {}", day_of_month.value, time(at))
        }
    }
}

/// Splits `text` into lines of at most `width` characters, at spaces where it
/// can (a longer word is cut). Never returns an empty list.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_len = 0;
    for word in text.split(' ') {
        let mut word_len = word.chars().count();
        if line_len > 0 && line_len + 1 + word_len > width {
            lines.push(std::mem::take(&mut line));
            line_len = 0;
        }
        if line_len > 0 {
            line.push(' ');
            line_len += 1;
        }
        let mut rest = word;
        while word_len > width.saturating_sub(line_len) && line_len + word_len > width {
            let room = width - line_len;
            let split = rest.char_indices().nth(room).map_or(rest.len(), |(i, _)| i);
            line.push_str(&rest[..split]);
            lines.push(std::mem::take(&mut line));
            line_len = 0;
            rest = &rest[split..];
            word_len = rest.chars().count();
        }
        line.push_str(rest);
        line_len += word_len;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}
