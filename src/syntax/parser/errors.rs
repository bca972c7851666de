//! pest errors -> [`SyntaxError::Unexpected`] with what was expected in words
//! (never a raw rule name) and what was found.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::SyntaxError;
use super::literal::unescape;
use super::rules::{KEYWORDS, Rule, describe};
use crate::syntax::ast::PlainStr;
use crate::syntax::span::Span;

mod brackets;
mod habits;

/// Step and setting keywords a misspelt word at the start of a step may mean.
pub(super) const STEP_WORDS: &[&str] = &[
    "object",
    "timezone",
    "enroll",
    "reenroll",
    "goal",
    "unenroll",
    "window",
    "blocked",
    "let",
    "set",
    "clear",
    "increment",
    "decrement",
    "delay",
    "if",
    "else",
    "branch",
    "split",
    "goto",
    "stop",
];

/// Converts the error pest reported for the chunk `base..end` of `source`:
/// first as a bracket left open, then as a habit from another language
/// (with what to write instead), else as "expected …, found …".
pub(super) fn from_pest(source: &str, base: usize, end: usize, error: &Error<Rule>) -> SyntaxError {
    let offset = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let pos = (base + offset).min(source.len());
    let (positives, message) = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => (positives.as_slice(), None),
        ErrorVariant::CustomError { message } => (&[][..], Some(message.as_str())),
    };
    if message.is_some() {
        // pest's stack guard or call limit: the pre-scan should make this unreachable.
        return SyntaxError::TooComplex {
            span: Span::new(pos, pos),
        };
    }
    let mut expected: Vec<String> = Vec::new();
    for &rule in positives {
        let words = describe(rule).to_string();
        if !expected.contains(&words) {
            expected.push(words);
        }
    }
    collapse_step_starts(&mut expected);
    let end = end.max(pos).min(source.len());
    if let Some(unclosed) = brackets::unclosed(source, base, end, pos, &expected) {
        return unclosed;
    }
    if let Some(habit) = habits::habit(source, pos, &expected) {
        return habit;
    }
    let (found, found_end) = found_token(source, pos);
    SyntaxError::Unexpected {
        span: Span::new(pos, found_end),
        expected,
        found,
    }
}

/// The name of `workflow "NAME"` (or of a misspelt `workflw "NAME"`) at the
/// start of the chunk at `start`, when it can be read.
pub(super) fn header_name(source: &str, start: usize) -> Option<PlainStr> {
    let rest = source.get(start..)?;
    let word = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    if word == 0 {
        return None;
    }
    let after = &rest[word..];
    let open = start + word + (after.len() - after.trim_start_matches([' ', '\t']).len());
    let text = source.get(open..)?;
    if !text.starts_with('"') {
        return None;
    }
    let mut escaped = false;
    for (i, ch) in text.char_indices().skip(1) {
        match ch {
            '\n' | '\r' => return None,
            '\\' if !escaped => escaped = true,
            '"' if !escaped => {
                return Some(PlainStr {
                    value: unescape(&text[1..i]),
                    span: Span::new(open, open + i + 1),
                });
            }
            _ => escaped = false,
        }
    }
    None
}

/// How each kind of step starts, as [`describe`] words; when all are
/// expected they are said as "a step".
const STEP_STARTS: &[&str] = &[
    "an action name",
    "`enroll`",
    "`let`",
    "`set`",
    "`clear`",
    "`increment`",
    "`decrement`",
    "`delay`",
    "`if`",
    "`branch`",
    "`split`",
    "`goto`",
    "`stop`",
];

fn collapse_step_starts(expected: &mut Vec<String>) {
    if !STEP_STARTS.iter().all(|start| expected.iter().any(|e| e == start)) {
        return;
    }
    let first = expected
        .iter()
        .position(|e| STEP_STARTS.contains(&e.as_str()))
        .unwrap_or(0);
    expected.retain(|e| !STEP_STARTS.contains(&e.as_str()));
    expected.insert(first.min(expected.len()), "a step".to_string());
}

/// The token at `pos`, in words, and its end offset.
pub(super) fn found_token(source: &str, pos: usize) -> (String, usize) {
    let rest = source.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("end of file".to_string(), pos);
    };
    let word_len = |pred: fn(char) -> bool| rest.find(|c: char| !pred(c)).unwrap_or(rest.len());
    let len = if first.is_ascii_alphabetic() || first == '_' {
        word_len(|c| c.is_ascii_alphanumeric() || c == '_')
    } else if first.is_ascii_digit() {
        word_len(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '%'))
    } else if first == '"' {
        // A string: name it, but do not quote a possibly huge literal.
        return ("a string".to_string(), pos + 1);
    } else {
        first.len_utf8()
    };
    let len = len.clamp(1, 40);
    let mut end = pos + len;
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let text = &source[pos..end];
    let found = if KEYWORDS.contains(&text) {
        format!("the keyword `{text}`")
    } else if first.is_ascii_graphic() {
        format!("`{text}`")
    } else {
        format!("{:?}", first)
    };
    (found, end)
}
