//! A bracket left open: label the opener, and for a block find the `if` or
//! arm whose `}` is missing from the indentation (the `}` the author meant
//! for the outer block closed the inner one, so bracket counting alone blames
//! the workflow's brace).

use super::found_token;
use crate::syntax::parser::SyntaxError;
use crate::syntax::span::Span;

/// One opening bracket of a chunk and what became of it.
struct Opener {
    bracket: u8,
    offset: usize,
    /// The indentation (in bytes) of the opener's line.
    indent: usize,
    /// The offset of the line's first token.
    line_first: usize,
    /// Whether `{` is the last token on its line (a block, written as such).
    ends_line: bool,
    /// Where its matching closer stands; `None` when none matched it.
    closed_at: Option<usize>,
}

/// The bracket left open that explains pest's error at `pos`, if one does:
/// the chunk `base..end` ends while a bracket is open, or a `)` / `]` is
/// expected on a later line than its opener that nothing closes.
pub(super) fn unclosed(source: &str, base: usize, end: usize, pos: usize, expected: &[String]) -> Option<SyntaxError> {
    let chunk = source.get(base..end)?;
    let openers = scan(chunk, base);
    let at_end = only_trivia(source.get(pos..end)?);
    let (_, token_end) = found_token(source, pos);
    let at = Span::new(pos, token_end);
    if at_end {
        let open: Vec<&Opener> = openers.iter().filter(|o| o.closed_at.is_none()).collect();
        if open.is_empty() {
            return None;
        }
        // The first block whose indentation says it ends without its `}`.
        if let Some((block, ends)) = openers
            .iter()
            .find_map(|o| ends_by_indent(source, o, end).map(|e| (o, e)))
        {
            return Some(block_error(source, block, at, Some(ends)));
        }
        let innermost = open.last()?;
        return Some(block_error(source, innermost, at, None));
    }
    // A block whose indentation ends it at or before the error: its `}` is
    // missing (`if x {` … then `else {` at the `if`'s indentation). Only
    // when some `{` of the chunk is never closed: braces that balance are
    // not missing one, however they are indented.
    let open_at_pos = |o: &&Opener| o.offset < pos && o.closed_at.is_none_or(|c| c >= pos);
    let brace_missing = openers.iter().any(|o| o.bracket == b'{' && o.closed_at.is_none());
    if let Some((block, ends)) = openers
        .iter()
        .filter(|_| brace_missing)
        .filter(open_at_pos)
        .find_map(|o| {
            ends_by_indent(source, o, end)
                .filter(|e| e.start as usize <= pos)
                .map(|e| (o, e))
        })
    {
        return Some(block_error(source, block, at, Some(ends)));
    }
    let wants_closer = expected.iter().any(|e| e == "`)`" || e == "`]`");
    if !wants_closer {
        return None;
    }
    let innermost = openers.iter().filter(open_at_pos).rfind(|o| o.bracket != b'{')?;
    let later_line = source[innermost.offset..pos].contains('\n');
    (innermost.closed_at.is_none() && later_line).then(|| block_error(source, innermost, at, None))
}

fn block_error(source: &str, opener: &Opener, at: Span, ends: Option<Span>) -> SyntaxError {
    let is_block = opener.bracket == b'{' && opener.ends_line;
    let (span, word) = if is_block {
        // The word that names the block: `else` when it stands right before
        // the `{` (`} else {`, `timeout 7 days else {`), else the line's
        // first word (`if`, `split`, `workflow`, a percentage or a value).
        let line = &source[opener.line_first..opener.offset];
        let mut words = line.split_whitespace().filter(|w| *w != "}");
        let first = words.next().unwrap_or("");
        let word = if line.split_whitespace().next_back() == Some("else") {
            "else"
        } else {
            first
        };
        (Span::new(opener.line_first, opener.offset + 1), Some(word.to_string()))
    } else {
        (Span::new(opener.offset, opener.offset + 1), None)
    };
    SyntaxError::UnclosedBracket {
        span,
        bracket: char::from(opener.bracket),
        opener: word.filter(|w| !w.is_empty()),
        at,
        ends,
    }
}

/// For a block `{` ending its line at indentation I whose first step is
/// indented deeper: the first later line whose first token stands at an
/// indentation below I, or at I without being `}`, is where the block should
/// have been closed.
fn ends_by_indent(source: &str, opener: &Opener, end: usize) -> Option<Span> {
    if opener.bracket != b'{' || !opener.ends_line {
        return None;
    }
    let after = opener.offset + source[opener.offset..end].find('\n')? + 1;
    let mut line_start = after;
    // Only a block whose author indents its steps deeper than its first line
    // says anything by its indentation.
    let mut indented = false;
    while line_start < end {
        let line_end = source[line_start..end].find('\n').map_or(end, |i| line_start + i);
        let line = &source[line_start..line_end];
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - trimmed.len();
        let blank = trimmed.trim().is_empty() || trimmed.starts_with('#');
        if !blank {
            if !indented {
                if indent <= opener.indent {
                    return None;
                }
                indented = true;
            }
            if indent < opener.indent || (indent == opener.indent && !trimmed.starts_with('}')) {
                let first = line_start + indent;
                let token_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
                return Some(Span::new(first, first + token_len));
            }
            if indent == opener.indent {
                return None;
            }
        }
        line_start = line_end + 1;
    }
    None
}

/// Whether `text` holds only whitespace and comments.
fn only_trivia(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// Every bracket of `chunk` (at `base` in the file), outside strings and
/// comments, matched as the pre-scan matches them: a closer closes its
/// nearest opener of the same kind and leaves those inside it open.
fn scan(chunk: &str, base: usize) -> Vec<Opener> {
    let bytes = chunk.as_bytes();
    let mut openers: Vec<Opener> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    // Kept as the scan goes, so that a long line is not searched per bracket.
    let mut line_start = 0;
    let mut line_first: Option<usize> = None;
    // Openers of the current line with no token after them yet.
    let mut ending_line: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'\n' => {
                line_start = i + 1;
                line_first = None;
                ending_line.clear();
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = chunk[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            _ => {}
        }
        // A token: the openers before it on its line do not end the line.
        for index in ending_line.drain(..) {
            openers[index].ends_line = false;
        }
        let first = *line_first.get_or_insert(i);
        match byte {
            b'"' => {
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n') {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if bytes.get(i) == Some(&b'\n') {
                    continue;
                }
            }
            open @ (b'(' | b'[' | b'{') => {
                stack.push(openers.len());
                ending_line.push(openers.len());
                openers.push(Opener {
                    bracket: open,
                    offset: base + i,
                    indent: first - line_start,
                    line_first: base + first,
                    ends_line: true,
                    closed_at: None,
                });
            }
            close @ (b')' | b']' | b'}') => {
                let open = match close {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if let Some(depth) = stack.iter().rposition(|&o| openers[o].bracket == open) {
                    let index = stack[depth];
                    openers[index].closed_at = Some(base + i);
                    stack.truncate(depth);
                }
            }
            _ => {}
        }
        i += 1;
    }
    openers
}
