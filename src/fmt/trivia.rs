//! What pest skips and the formatter must keep: comments, found by a small
//! scanner that knows strings (a `#` inside `"…"` or a `{{ }}` template is
//! text, not a comment), and the bracket structure around them.
//!
//! The scanner also answers the layout questions the AST cannot: which `(` is
//! a grouping parenthesis (the AST drops them), where the previous or next
//! token is once whitespace and comments are skipped, and whether a blank line
//! separates two places.

use crate::syntax::parser::KEYWORDS;

/// One `# …` comment of the source.
#[derive(Clone, Debug)]
pub(crate) struct Comment {
    /// Byte offset of the `#`.
    pub start: u32,
    /// Byte offset after the text, trailing whitespace (a CRLF's `\r`) left out.
    pub end: u32,
    /// Byte offset of the end of the line (the `\n`, or the end of the file).
    pub line_end: u32,
    /// The `{`, `[` or `(` positions enclosing the comment, outermost first.
    pub enclosing: Vec<u32>,
}

/// The comments and brackets of one source text.
#[derive(Debug, Default)]
pub(crate) struct Trivia {
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
    /// For each byte offset of an opening bracket, its closing bracket.
    closing: crate::hash::FxHashMap<u32, u32>,
    /// For each byte offset of a closing bracket, its opening bracket.
    opening: crate::hash::FxHashMap<u32, u32>,
}

/// The comment texts of `source` (trailing whitespace left out), in order.
pub fn comment_texts(source: &str) -> Vec<String> {
    let trivia = scan(source);
    trivia
        .comments
        .iter()
        .map(|c| source[c.start as usize..c.end as usize].to_string())
        .collect()
}

/// Scans `source` for comments and bracket pairs. Strings end at their
/// closing quote or, unterminated, at the end of the line, as the pre-scan
/// of the parser reads them.
pub(crate) fn scan(source: &str) -> Trivia {
    let bytes = source.as_bytes();
    let mut trivia = Trivia::default();
    let mut stack: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b'#' => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                let text = source[start..i].trim_end();
                trivia.comments.push(Comment {
                    start: start as u32,
                    end: (start + text.len()) as u32,
                    line_end: i as u32,
                    enclosing: stack.clone(),
                });
                continue;
            }
            b'(' | b'[' | b'{' => stack.push(i as u32),
            b')' | b']' | b'}' => {
                if let Some(open) = stack.pop() {
                    trivia.closing.insert(open, i as u32);
                    trivia.opening.insert(i as u32, open);
                }
            }
            _ => {}
        }
        i += 1;
    }
    trivia
}

impl Trivia {
    /// The closing bracket of the opening bracket at `open`.
    pub fn closing(&self, open: u32) -> Option<u32> {
        self.closing.get(&open).copied()
    }

    /// The opening bracket of the closing bracket at `close`.
    pub fn opening(&self, close: u32) -> Option<u32> {
        self.opening.get(&close).copied()
    }

    /// The index of the comment whose raw text (up to its line's end) holds
    /// the byte before `pos`.
    fn comment_before(&self, pos: u32) -> Option<usize> {
        let index = self.comments.partition_point(|c| c.start < pos);
        let candidate = index.checked_sub(1)?;
        let comment = &self.comments[candidate];
        (pos <= comment.line_end).then_some(candidate)
    }
}

/// Source navigation that skips whitespace and comments.
pub(crate) struct Cursor<'a> {
    pub src: &'a str,
    pub trivia: &'a Trivia,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}')
}

impl Cursor<'_> {
    /// The offset of the first token at or after `pos`.
    pub fn next_token(&self, mut pos: u32) -> u32 {
        let len = self.src.len() as u32;
        while pos < len {
            let rest = &self.src[pos as usize..];
            let Some(c) = rest.chars().next() else { break };
            if is_space(c) {
                pos += c.len_utf8() as u32;
            } else if c == '#' {
                pos += rest.find('\n').unwrap_or(rest.len()) as u32;
            } else {
                break;
            }
        }
        pos
    }

    /// The offset just after the last token before `pos`.
    pub fn token_end_before(&self, mut pos: u32) -> u32 {
        while pos > 0 {
            if let Some(index) = self.trivia.comment_before(pos) {
                pos = self.trivia.comments[index].start;
                continue;
            }
            match self.src[..pos as usize].chars().next_back() {
                Some(c) if is_space(c) => pos -= c.len_utf8() as u32,
                _ => break,
            }
        }
        pos
    }

    /// The byte at `pos`, or 0 past the end.
    pub fn byte(&self, pos: u32) -> u8 {
        self.src.as_bytes().get(pos as usize).copied().unwrap_or(0)
    }

    /// Whether a blank line lies between `from` and `to` (a line holding
    /// nothing but whitespace).
    pub fn blank_between(&self, from: u32, to: u32) -> bool {
        let text = self.src.get(from as usize..to as usize).unwrap_or("");
        let mut newline_seen = false;
        for c in text.chars() {
            if c == '\n' {
                if newline_seen {
                    return true;
                }
                newline_seen = true;
            } else if !is_space(c) {
                newline_seen = false;
            }
        }
        false
    }

    /// Whether a line break lies between `from` and `to`.
    pub fn newline_between(&self, from: u32, to: u32) -> bool {
        self.src
            .get(from as usize..to as usize)
            .is_some_and(|text| text.contains('\n'))
    }

    /// The word that ends at `end` (identifier characters), or "".
    pub fn word_ending_at(&self, end: u32) -> &str {
        let head = &self.src[..end as usize];
        let start = head
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        &head[start..]
    }

    /// Whether the word just before `pos` (comments skipped) is `word`.
    pub fn word_before_is(&self, pos: u32, word: &str) -> bool {
        let end = self.token_end_before(pos);
        self.word_ending_at(end) == word
    }

    /// Whether the `(` at `open` groups an expression, rather than opening
    /// the arguments of a call: the token before a call's `(` is its name (a
    /// word that is no keyword, or any word after a `.`).
    pub fn is_grouping_paren(&self, open: u32) -> bool {
        if self.byte(open) != b'(' {
            return false;
        }
        let end = self.token_end_before(open);
        let word = self.word_ending_at(end);
        if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
            return true;
        }
        let dotted = end as usize > word.len() && self.byte(end - word.len() as u32 - 1) == b'.';
        !dotted && KEYWORDS.contains(&word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_inside_strings_and_templates_are_text() {
        let src = "send(\"#a {{ x }} \\\" # b\") # real \r\n# own\n";
        let texts = comment_texts(src);
        assert_eq!(texts, vec!["# real", "# own"]);
    }

    #[test]
    fn comments_know_their_brackets() {
        let src = "f(a, # one\n [b # two\n ])\n# three";
        let trivia = scan(src);
        let enclosing: Vec<usize> = trivia.comments.iter().map(|c| c.enclosing.len()).collect();
        assert_eq!(enclosing, vec![1, 2, 0]);
        assert_eq!(trivia.closing(1), Some(23));
    }

    #[test]
    fn grouping_parens_are_told_from_call_parens() {
        let src = "f(x) + (y) and not (z) or slack.and(w) # (c\n";
        let trivia = scan(src);
        let cursor = Cursor { src, trivia: &trivia };
        let opens: Vec<(usize, bool)> = src
            .match_indices('(')
            .filter(|(i, _)| *i < 38)
            .map(|(i, _)| (i, cursor.is_grouping_paren(i as u32)))
            .collect();
        assert_eq!(opens, vec![(1, false), (7, true), (19, true), (35, false)]);
    }

    #[test]
    fn navigation_skips_comments() {
        let src = "a # c (\n  \n b";
        let trivia = scan(src);
        let cursor = Cursor { src, trivia: &trivia };
        assert_eq!(cursor.next_token(1), 12);
        assert_eq!(cursor.token_end_before(12), 1);
        assert!(cursor.blank_between(1, 12));
        assert!(!cursor.blank_between(0, 7));
    }
}
