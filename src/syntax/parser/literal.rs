//! Literal tokens -> AST values: strings (escapes, `{{ path }}` templates),
//! numbers, times, dates, date-times, durations, percents. Values are kept as
//! written; range checks belong to the checker.

use pest::iterators::Pair;

use super::SyntaxError;
use super::build::Builder;
use super::rules::{KEYWORDS, Rule};
use crate::syntax::ast::{
    DateLit, DateTimeLit, Duration, DurationPart, DurationUnit, Ident, Number, Path, PlainStr, Template, TemplatePart,
    TimeOfDay, UtcOffset,
};
use crate::syntax::span::Span;

impl Builder {
    /// The raw text between the quotes of a `string` pair and its absolute start.
    fn string_inner<'i>(&self, pair: &Pair<'i, Rule>) -> (&'i str, usize) {
        let start = self.base + pair.as_span().start() + 1;
        let text = pair.as_str();
        let inner = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
        (inner, start)
    }

    /// A string used as plain text (names, zones, targets, branch literals).
    pub(super) fn plain_str(&self, pair: &Pair<'_, Rule>) -> PlainStr {
        let (inner, _) = self.string_inner(pair);
        PlainStr {
            value: unescape(inner),
            span: self.span(pair),
        }
    }

    /// A string used as a value, split into text and `{{ path }}` parts.
    pub(super) fn template(&mut self, pair: &Pair<'_, Rule>) -> Template {
        let (inner, start) = self.string_inner(pair);
        let span = self.span(pair);
        match split_template(inner, start) {
            Ok(parts) => Template { parts, span },
            Err(error) => {
                self.error(error);
                Template {
                    parts: vec![TemplatePart::Text(PlainStr {
                        value: unescape(inner),
                        span,
                    })],
                    span,
                }
            }
        }
    }

    /// `42`, `3.25`
    pub(super) fn number(&mut self, pair: &Pair<'_, Rule>) -> Number {
        let span = self.span(pair);
        let digits = pair.as_str().trim_end_matches('%');
        let value = match digits.parse::<f64>() {
            Ok(value) if value.is_finite() => value,
            _ => {
                self.error(SyntaxError::NumberTooLarge { span });
                0.0
            }
        };
        Number { value, span }
    }

    /// A whole number (duration amounts, days of the month).
    fn int(&mut self, pair: &Pair<'_, Rule>) -> u64 {
        pair.as_str().parse::<u64>().unwrap_or_else(|_| {
            let span = self.span(pair);
            self.error(SyntaxError::NumberTooLarge { span });
            0
        })
    }

    /// `D:DD` / `DD:DD` as written.
    pub(super) fn time(&self, pair: &Pair<'_, Rule>) -> TimeOfDay {
        let (hour, minute) = pair.as_str().split_once(':').unwrap_or(("0", "0"));
        TimeOfDay {
            hour: hour.parse().unwrap_or(0),
            minute: minute.parse().unwrap_or(0),
            span: self.span(pair),
        }
    }

    /// A `date` pair, or a `bad_date` (reported, then read as 0000-00-00).
    pub(super) fn date(&mut self, pair: &Pair<'_, Rule>) -> DateLit {
        let span = self.span(pair);
        if pair.as_rule() == Rule::bad_date {
            self.error(SyntaxError::MalformedDate {
                span,
                text: pair.as_str().to_string(),
            });
        }
        date_from(pair.as_str(), span)
    }

    /// `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`
    pub(super) fn datetime(&self, pair: &Pair<'_, Rule>) -> DateTimeLit {
        let span = self.span(pair);
        let text = pair.as_str();
        let (date, rest) = text.split_once('T').unwrap_or((text, ""));
        let field = |range: std::ops::Range<usize>| rest.get(range).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
        let has_seconds = rest.as_bytes().get(5) == Some(&b':');
        let offset_text = rest.get(if has_seconds { 8 } else { 5 }..).unwrap_or("");
        let offset = match offset_text.as_bytes().first() {
            Some(b'Z') => Some(UtcOffset::Utc),
            Some(&sign @ (b'+' | b'-')) => {
                let hours = offset_text.get(1..3).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
                let minutes = offset_text.get(4..6).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
                let total = hours * 60 + minutes;
                Some(UtcOffset::Minutes(if sign == b'-' { -total } else { total }))
            }
            _ => None,
        };
        let date_span = Span::new(span.start as usize, span.start as usize + date.len());
        DateTimeLit {
            date: date_from(date, date_span),
            hour: field(0..2),
            minute: field(3..5),
            second: if has_seconds { field(6..8) } else { 0 },
            offset,
            span,
        }
    }

    /// `1 day 12 hours`
    pub(super) fn duration(&mut self, pair: Pair<'_, Rule>) -> Duration {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for part in pair.into_inner().filter(|p| p.as_rule() == Rule::duration_part) {
            let part_span = self.span(&part);
            let mut amount = 0;
            let mut unit = DurationUnit::Day;
            for token in part.into_inner() {
                match token.as_rule() {
                    Rule::int => amount = self.int(&token),
                    Rule::unit => unit = unit_of(token.as_str()),
                    _ => {}
                }
            }
            parts.push(DurationPart {
                amount,
                unit,
                span: part_span,
            });
        }
        Duration { parts, span }
    }

    /// `N` of `month on day N`, as a number.
    pub(super) fn day_of_month(&mut self, pair: &Pair<'_, Rule>) -> Number {
        let span = self.span(pair);
        let value = self.int(pair) as f64;
        Number { value, span }
    }
}

fn unit_of(word: &str) -> DurationUnit {
    match word.trim_end_matches('s') {
        "minute" => DurationUnit::Minute,
        "hour" => DurationUnit::Hour,
        "week" => DurationUnit::Week,
        _ => DurationUnit::Day,
    }
}

/// `YYYY-MM-DD` (or a malformed `Y-M-D`) as written; missing parts read as 0.
fn date_from(text: &str, span: Span) -> DateLit {
    let mut fields = text.split('-');
    let mut next = || fields.next().and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    let year = next();
    let month = next();
    let day = next();
    DateLit {
        year: i32::try_from(year).unwrap_or(0),
        month,
        day,
        span,
    }
}

/// Resolves the escapes of a string's raw text. Unknown escapes (already
/// reported by the pre-scan) keep their character.
pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Splits a string's raw text (starting at absolute offset `start`) into
/// text parts and `{{ PATH }}` parts (docs/language.md 6.5).
fn split_template(raw: &str, start: usize) -> Result<Vec<TemplatePart>, SyntaxError> {
    let bytes = raw.as_bytes();
    let special = |b: &u8| *b == b'\\' || *b == b'{';
    if !bytes.iter().any(special) {
        // Plain text, as most strings are: one part, or none when empty.
        let text = (!raw.is_empty()).then(|| {
            TemplatePart::Text(PlainStr {
                value: raw.to_string(),
                span: Span::new(start, start + raw.len()),
            })
        });
        return Ok(text.into_iter().collect());
    }
    let mut parts = Vec::new();
    let mut text = String::with_capacity(raw.len());
    let mut text_start = 0;
    let mut i = 0;
    let flush = |text: &mut String, parts: &mut Vec<TemplatePart>, from: usize, to: usize| {
        if !text.is_empty() {
            parts.push(TemplatePart::Text(PlainStr {
                value: std::mem::take(text),
                span: Span::new(start + from, start + to),
            }));
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let ch = raw.get(i + 1..).and_then(|rest| rest.chars().next());
                match ch {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some(other) => text.push(other),
                    None => {}
                }
                i += 1 + ch.map_or(0, char::len_utf8);
            }
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                flush(&mut text, &mut parts, text_start, i);
                let (path, end) = template_path(raw, i, start)?;
                parts.push(TemplatePart::Path(path));
                i = end;
                text_start = end;
            }
            b'{' => {
                text.push('{');
                i += 1;
            }
            _ => {
                // A run of plain text up to the next `\\` or `{`.
                let end = bytes[i..].iter().position(special).map_or(bytes.len(), |n| i + n);
                text.push_str(raw.get(i..end).unwrap_or(""));
                i = end;
            }
        }
    }
    flush(&mut text, &mut parts, text_start, raw.len());
    Ok(parts)
}

/// Reads `{{ PATH }}` starting at the `{{` at `open`; returns the path and
/// the offset after `}}`.
fn template_path(raw: &str, open: usize, start: usize) -> Result<(Path, usize), SyntaxError> {
    let bytes = raw.as_bytes();
    let bad = |at: usize| {
        let end = raw
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or(at, |c| at + c.len_utf8());
        SyntaxError::BadTemplate {
            span: Span::new(start + open, start + end.max(open + 2)),
        }
    };
    let skip_spaces = |mut at: usize| {
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        at
    };
    let read_word = |at: usize| {
        let len = bytes
            .get(at..)
            .unwrap_or(&[])
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .unwrap_or(bytes.len() - at);
        let starts_well = bytes.get(at).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        if starts_well { Some(at + len) } else { None }
    };
    let head_start = skip_spaces(open + 2);
    let head_end = read_word(head_start).ok_or_else(|| bad(head_start))?;
    let head_text = raw.get(head_start..head_end).unwrap_or("");
    if KEYWORDS.contains(&head_text) && !matches!(head_text, "event" | "now" | "today") {
        return Err(bad(head_start));
    }
    let ident = |from: usize, to: usize| Ident {
        name: raw.get(from..to).unwrap_or("").into(),
        span: Span::new(start + from, start + to),
    };
    let head = ident(head_start, head_end);
    let mut path_end = head_end;
    let mut field = None;
    if bytes.get(head_end) == Some(&b'.') {
        let field_end = read_word(head_end + 1).ok_or_else(|| bad(head_end + 1))?;
        field = Some(ident(head_end + 1, field_end));
        path_end = field_end;
    }
    let close = skip_spaces(path_end);
    if bytes.get(close) != Some(&b'}') || bytes.get(close + 1) != Some(&b'}') {
        return Err(bad(close));
    }
    let path = Path {
        head,
        field,
        span: Span::new(start + head_start, start + path_end),
    };
    Ok((path, close + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(raw: &str) -> Vec<String> {
        split_template(raw, 0)
            .map(|parts| {
                parts
                    .iter()
                    .map(|part| match part {
                        TemplatePart::Text(t) => format!("text {:?} {}..{}", t.value, t.span.start, t.span.end),
                        TemplatePart::Path(p) => format!("path {} {}..{}", p.text(), p.span.start, p.span.end),
                    })
                    .collect()
            })
            .unwrap_or_else(|e| vec![format!("{e:?}")])
    }

    #[test]
    fn templates_split_with_spans() {
        assert_eq!(
            parts("Hi {{ firstname }}, {{company.name}}!"),
            vec![
                "text \"Hi \" 0..3",
                "path firstname 6..15",
                "text \", \" 18..20",
                "path company.name 22..34",
                "text \"!\" 36..37",
            ]
        );
        assert_eq!(parts(r"a\{{b}} \n"), vec!["text \"a{{b}} \\n\" 0..10"]);
        assert_eq!(parts("{{event.form}}"), vec!["path event.form 2..12"]);
        assert_eq!(parts("{{x.if}}"), vec!["path x.if 2..6"]);
        assert_eq!(parts(""), Vec::<String>::new());
    }

    #[test]
    fn bad_templates_are_located() {
        assert_eq!(
            parts("a {{ }}"),
            vec!["BadTemplate { span: Span { start: 2, end: 6 } }"]
        );
        assert_eq!(parts("{{name"), vec!["BadTemplate { span: Span { start: 0, end: 6 } }"]);
        assert_eq!(
            parts("{{ if }}"),
            vec!["BadTemplate { span: Span { start: 0, end: 4 } }"]
        );
        assert_eq!(parts("{{a.}}"), vec!["BadTemplate { span: Span { start: 0, end: 5 } }"]);
        assert_eq!(
            parts("{{a b}}"),
            vec!["BadTemplate { span: Span { start: 0, end: 5 } }"]
        );
    }

    #[test]
    fn escapes_resolve() {
        assert_eq!(unescape(r#"a\"b\\c\nd\te\{"#), "a\"b\\c\nd\te{");
    }
}
