//! Habits from other languages, recognised where pest stops: `=` in a
//! condition, `&&` `||` `!`, `elif`, single quotes, a missing comma, an
//! unknown duration unit and a misspelt keyword at the start of a step. Each
//! says what to write instead; the diagnostic carries the repair as a fix
//! where it is certain.

use super::{STEP_WORDS, found_token};
use crate::catalog;
use crate::diagnostics::suggest_all;
use crate::syntax::parser::SyntaxError;
use crate::syntax::span::Span;

/// The duration units of LANGUAGE.md section 2.
const UNITS: &[&str] = &["minutes", "minute", "hours", "hour", "days", "day", "weeks", "week"];

/// How far back a missing comma looks for the start of its line.
const MAX_LOOK_BACK: usize = 4096;

/// Spellings of `else if` in other languages.
const ELSE_IFS: &[&str] = &["elif", "elsif", "elseif", "else_if", "elsei", "elsfi"];

/// The habit that explains the error pest reported at `pos`, if one does.
pub(super) fn habit(source: &str, pos: usize, expected: &[String]) -> Option<SyntaxError> {
    let rest = source.get(pos..)?;
    let wants = |words: &str| expected.iter().any(|e| e == words);
    if let Some(error) = operator(source, pos, rest, wants("an operator"), wants("an expression")) {
        return Some(error);
    }
    if rest.starts_with('\'') {
        return Some(single_quotes(pos, rest));
    }
    if wants("`(`") && wants("`:`") {
        // The parser read the word before `pos` as an action name or a label
        // at the start of a step: it may be a misspelt keyword.
        return step_word(source, pos);
    }
    if wants("a unit (`minutes`, `hours`, `days` or `weeks`)") {
        let (word, end) = word_at(source, pos)?;
        return Some(unknown_unit(source, pos, end, word));
    }
    if wants("`,`") {
        // `due: 2 dais` inside arguments: a unit after a number first.
        if let Some((word, end)) = word_at(source, pos)
            && previous_is_integer(source, pos)
        {
            let error = unknown_unit(source, pos, end, word);
            if matches!(&error, SyntaxError::UnknownUnit { suggestions, .. } if !suggestions.is_empty()) {
                return Some(error);
            }
        }
        return missing_comma(source, pos, rest, expected);
    }
    None
}

/// `&&`, `||`, `!x` and `=` where the grammar has `and`, `or`, `not`, `==`.
/// Each only where the grammar wants what it stands for: `&&`, `||` and `=`
/// where an operator may go on, `!` where an operand starts.
fn operator(source: &str, pos: usize, rest: &str, wants_operator: bool, wants_operand: bool) -> Option<SyntaxError> {
    let foreign = |len: usize, found: &'static str, write: &'static str| {
        let before = source[..pos]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace() && c != '(');
        let after = source[pos + len..].chars().next().is_some_and(|c| !c.is_whitespace());
        let replacement = format!(
            "{}{write}{}",
            if before { " " } else { "" },
            if after { " " } else { "" }
        );
        Some(SyntaxError::ForeignOperator {
            span: Span::new(pos, pos + len),
            found,
            write,
            replacement,
        })
    };
    if wants_operator && rest.starts_with("&&") {
        return foreign(2, "&&", "and");
    }
    if wants_operator && rest.starts_with("||") {
        return foreign(2, "||", "or");
    }
    if wants_operand && rest.starts_with('!') && !rest.starts_with("!=") {
        return foreign(1, "!", "not");
    }
    if wants_operator && rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>") {
        return Some(SyntaxError::AssignInCondition {
            span: Span::new(pos, pos + 1),
        });
    }
    None
}

/// `'text'`: the same string in double quotes, when it closes on its line.
fn single_quotes(pos: usize, rest: &str) -> SyntaxError {
    let line = &rest[1..rest.find(['\n', '\r']).unwrap_or(rest.len())];
    match line.find('\'') {
        Some(close) => {
            let inner = &line[..close];
            let replacement = format!("\"{}\"", inner.replace('\\', "\\\\").replace('"', "\\\""));
            SyntaxError::SingleQuotes {
                span: Span::new(pos, pos + close + 2),
                replacement: Some(replacement),
            }
        }
        None => SyntaxError::SingleQuotes {
            span: Span::new(pos, pos + 1),
            replacement: None,
        },
    }
}

/// The word right before `pos` (an action name or label to pest), when it
/// is `elif` or close to a step keyword or action.
fn step_word(source: &str, pos: usize) -> Option<SyntaxError> {
    let before = source.get(..pos)?.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let word = before.get(start..)?;
    if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let span = Span::new(start, before.len());
    if ELSE_IFS.contains(&word.to_ascii_lowercase().as_str()) {
        return Some(SyntaxError::ElseIfSpelling {
            span,
            found: word.to_string(),
        });
    }
    let keywords = suggest_all(word, STEP_WORDS.iter().copied());
    let action = if keywords.is_empty() {
        crate::diagnostics::suggest(word, catalog::names())
    } else {
        None
    };
    if keywords.is_empty() && action.is_none() {
        return None;
    }
    Some(SyntaxError::MisspeltKeyword {
        span,
        word: word.to_string(),
        keywords,
        action,
    })
}

/// The word (letters, digits, `_`) starting at `pos`, and its end.
fn word_at(source: &str, pos: usize) -> Option<(&str, usize)> {
    let rest = source.get(pos..)?;
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some((&rest[..len], pos + len))
}

/// Whether the token before `pos` is an integer (`2` of `2 dais`).
fn previous_is_integer(source: &str, pos: usize) -> bool {
    let before = source[..pos].trim_end();
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0
        && !before[..before.len() - digits].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// `2 dais`: the units closest to `word`, with the number's singular or plural.
fn unknown_unit(source: &str, pos: usize, end: usize, word: &str) -> SyntaxError {
    let lower = word.to_ascii_lowercase();
    let alias = match lower.as_str() {
        "m" | "min" | "mins" | "mn" => Some("minutes"),
        "h" | "hr" | "hrs" => Some("hours"),
        "d" => Some("days"),
        "w" | "wk" | "wks" => Some("weeks"),
        _ => None,
    };
    let mut suggestions: Vec<&'static str> = match alias {
        Some(unit) => vec![unit],
        None => suggest_all(word, UNITS.iter().copied()),
    };
    let one = source[..pos].trim_end().rsplit(|c: char| !c.is_ascii_digit()).next() == Some("1");
    // One unit per meaning, in the number's form: `1 day`, `2 days`.
    let mut forms: Vec<&'static str> = Vec::new();
    for unit in suggestions.drain(..) {
        let plural = UNITS
            .iter()
            .copied()
            .find(|u| u.trim_end_matches('s') == unit.trim_end_matches('s') && u.ends_with('s'));
        let singular = UNITS.iter().copied().find(|u| *u == unit.trim_end_matches('s'));
        let form = if one { singular } else { plural }.unwrap_or(unit);
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    SyntaxError::UnknownUnit {
        span: Span::new(pos, end),
        word: word.to_string(),
        suggestions: forms,
    }
}

/// Two items with no `,` between them, in arguments, a list or a map.
fn missing_comma(source: &str, pos: usize, rest: &str, expected: &[String]) -> Option<SyntaxError> {
    let starts_item =
        rest.starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '"' | '[' | '(' | '-' | '?'));
    if !starts_item {
        return None;
    }
    let between = if expected.iter().any(|e| e == "`)`") {
        "arguments"
    } else if expected.iter().any(|e| e == "`]`") {
        "list elements"
    } else if expected.iter().any(|e| e == "`}`") {
        "map entries"
    } else {
        return None;
    };
    let (_, end) = found_token(source, pos);
    let item_end = source[..pos].trim_end().len();
    // The comma goes right after the item before, unless a comment ends that
    // line (the comma would land inside it); then, or when the line is too
    // long to look back over, right before the item after.
    let gap_has_newline = source[item_end..pos].contains('\n');
    let window = item_end.saturating_sub(MAX_LOOK_BACK);
    let line = source
        .get(window..item_end)
        .and_then(|text| text.rfind('\n').map(|i| &text[i + 1..]));
    let at = match line {
        Some(line) if !(gap_has_newline && line.contains('#')) => Span::new(item_end, item_end),
        None if !gap_has_newline && window == 0 => Span::new(item_end, item_end),
        _ => Span::new(pos, pos),
    };
    Some(SyntaxError::MissingComma {
        span: Span::new(pos, end),
        at,
        between,
    })
}
