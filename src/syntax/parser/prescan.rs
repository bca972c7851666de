//! A cheap lexical pass over the source before pest runs (STYLE.md "Deep
//! input"). It enforces the nesting limit of docs/language.md section 2, finds
//! lexical errors pest would report badly or only one at a time (unterminated
//! strings, unknown escapes, stray characters), and finds the top-level
//! `workflow` keywords at which the parser cuts the file into chunks.
//!
//! It never recurses and touches every byte once, so it is safe on any input.

use super::SyntaxError;
use crate::syntax::span::Span;

/// The deepest nesting of parentheses, brackets, braces (blocks, lists, maps)
/// and `not` / prefix `-` chains that a file may use (docs/language.md section 2).
pub const MAX_NESTING: usize = 100;

/// The most tokens a file may hold (about 1 MB of workflow code). Larger
/// files are rejected before pest runs, so that no file can make parsing take
/// minutes or gigabytes; a project can be split into several files.
pub const MAX_TOKENS: usize = 200_000;

/// Lexical errors kept per file; a binary file would otherwise give thousands.
const MAX_LEXICAL_ERRORS: usize = 20;

/// What the pre-scan learned about a source file.
#[derive(Debug, Default)]
pub struct PreScan {
    /// Lexical errors, in source order.
    pub errors: Vec<SyntaxError>,
    /// True when pest must not run on any part of the file: it could recurse
    /// too deeply, or the file is too large. (An unterminated string only
    /// keeps pest off the workflow that holds it.)
    pub fatal: bool,
    /// Byte offsets of the `workflow` keywords at bracket depth 0.
    pub workflow_starts: Vec<usize>,
    /// Byte offset of the first token, `None` when the file holds only
    /// whitespace and comments.
    pub first_token: Option<usize>,
    /// Brackets still open at the end of the file: (the bracket, its offset).
    pub unclosed: Vec<(u8, usize)>,
}

/// Scans `source`; see the module documentation.
pub fn prescan(source: &str) -> PreScan {
    Scanner {
        src: source.as_bytes(),
        text: source,
        pos: 0,
        out: PreScan::default(),
        prefix_run: 0,
        last_was_prefix: false,
        after_in: false,
        tokens: 0,
    }
    .run()
}

struct Scanner<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    out: PreScan,
    /// The length of the current chain of `not` / `-` tokens.
    prefix_run: usize,
    /// Whether the previous token was `not` or `-`.
    last_was_prefix: bool,
    /// Whether the previous word was `in` (`enroll in workflow "…"`).
    after_in: bool,
    /// Tokens seen so far.
    tokens: usize,
}

impl Scanner<'_> {
    fn run(mut self) -> PreScan {
        // A UTF-8 byte-order mark, as some editors write, is not a token.
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        while self.pos < self.src.len() && !self.out.fatal {
            let byte = self.src[self.pos];
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'#' => self.skip_comment(),
                _ => {
                    if self.out.first_token.is_none() {
                        self.out.first_token = Some(self.pos);
                    }
                    self.token(byte);
                }
            }
        }
        self.out
    }

    fn skip_comment(&mut self) {
        match self.src[self.pos..].iter().position(|&b| b == b'\n') {
            Some(offset) => self.pos += offset + 1,
            None => self.pos = self.src.len(),
        }
    }

    fn token(&mut self, byte: u8) {
        let start = self.pos;
        self.tokens += 1;
        if self.tokens > MAX_TOKENS {
            self.out.fatal = true;
            self.out.errors.push(SyntaxError::TooManyTokens {
                span: Span::new(start, start + 1),
                limit: MAX_TOKENS,
            });
            return;
        }
        let mut is_prefix = false;
        let after_in = std::mem::take(&mut self.after_in);
        match byte {
            b'"' => self.string(),
            b'(' | b'[' | b'{' => {
                self.out.unclosed.push((byte, start));
                self.pos += 1;
                self.check_depth(start, 0);
            }
            b')' | b']' | b'}' => {
                // Close the matching bracket and any left open inside it (a
                // missing `)` should not keep the rest of the file nested); a
                // closer matching nothing is left for pest to report.
                let opener = match byte {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if let Some(index) = self.out.unclosed.iter().rposition(|&(open, _)| open == opener) {
                    self.out.unclosed.truncate(index);
                }
                self.pos += 1;
            }
            b'-' => {
                is_prefix = true;
                self.pos += 1;
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
                let len = self.src[start..]
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                    .unwrap_or(self.src.len() - start);
                self.pos += len;
                let word = &self.src[start..self.pos];
                self.after_in = after_in;
                if word == b"workflow" && (self.out.unclosed.is_empty() || self.starts_declaration(start)) {
                    // A `workflow "…"` that starts a line begins a new
                    // workflow even inside a bracket left open above it: one
                    // missing `}` must not swallow the workflows after it.
                    self.out.unclosed.clear();
                    self.out.workflow_starts.push(start);
                }
                self.after_in = word == b"in";
                is_prefix = word == b"not";
            }
            b'0'..=b'9' => {
                let len = self.src[start..]
                    .iter()
                    .position(|&b| !b.is_ascii_digit())
                    .unwrap_or(self.src.len() - start);
                self.pos += len;
            }
            b if b.is_ascii_graphic() => self.pos += 1,
            _ => self.stray_characters(),
        }
        if is_prefix {
            self.prefix_run = if self.last_was_prefix { self.prefix_run + 1 } else { 1 };
            self.check_depth(start, self.prefix_run);
        }
        self.last_was_prefix = is_prefix;
    }

    /// Whether the `workflow` keyword at `start` opens a line and is followed
    /// by a string, as a declaration is (and `enroll in workflow` is not).
    fn starts_declaration(&self, start: usize) -> bool {
        let line_start = self.src[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let opens_line = self.src[line_start..start].iter().all(|&b| b == b' ' || b == b'\t');
        let rest = &self.src[start + "workflow".len()..];
        let string_follows = rest.iter().find(|&&b| b != b' ' && b != b'\t') == Some(&b'"');
        opens_line && string_follows && !self.after_in
    }

    /// Reports nesting past the limit at the token starting at `start`, with
    /// `chain` prefix operators on top of the open brackets.
    fn check_depth(&mut self, start: usize, chain: usize) {
        let depth = self.out.unclosed.len() + chain;
        if depth > MAX_NESTING {
            self.out.fatal = true;
            self.out.errors.push(SyntaxError::NestingTooDeep {
                span: Span::new(start, self.pos.max(start + 1)),
                limit: MAX_NESTING,
            });
        }
    }

    /// A run of characters that cannot start any token (control characters,
    /// non-ASCII text outside strings and comments), reported once.
    fn stray_characters(&mut self) {
        let start = self.pos;
        while let Some(ch) = self.text.get(self.pos..).and_then(|rest| rest.chars().next()) {
            if ch.is_ascii_graphic() || ch.is_ascii_whitespace() {
                break;
            }
            self.pos += ch.len_utf8();
        }
        if self.pos == start {
            // Not on a char boundary cannot happen for `&str`; step anyway.
            self.pos += 1;
        }
        let first = self
            .text
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or('\u{fffd}');
        self.error(SyntaxError::InvalidCharacter {
            span: Span::new(start, self.pos),
            ch: first,
            in_string: false,
        });
    }

    /// A string literal from its opening quote; stops at the closing quote, or
    /// at the end of the line (an error: raw newlines are not allowed).
    fn string(&mut self) {
        let open = self.pos;
        self.pos += 1;
        loop {
            // Jump to the next byte that needs attention.
            let rest = &self.src[self.pos..];
            let skip = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20 || b == 0x7f)
                .unwrap_or(rest.len());
            self.pos += skip;
            let Some(&byte) = self.src.get(self.pos) else {
                return self.unterminated(open);
            };
            match byte {
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'\\' => {
                    let escape_start = self.pos;
                    let next = self.text.get(self.pos + 1..).and_then(|rest| rest.chars().next());
                    match next {
                        None | Some('\n') | Some('\r') => {
                            self.pos += 1;
                            return self.unterminated(open);
                        }
                        Some('"' | '\\' | 'n' | 't' | '{') => self.pos += 2,
                        Some(ch) => {
                            self.pos += 1 + ch.len_utf8();
                            self.error(SyntaxError::InvalidEscape {
                                span: Span::new(escape_start, self.pos),
                                escape: ch,
                            });
                        }
                    }
                }
                b'\n' | b'\r' => return self.unterminated(open),
                b'\t' => self.pos += 1,
                other => {
                    self.pos += 1;
                    self.error(SyntaxError::InvalidCharacter {
                        span: Span::new(self.pos - 1, self.pos),
                        ch: char::from(other),
                        in_string: true,
                    });
                }
            }
        }
    }

    /// An unterminated string spoils its workflow only: the parser skips the
    /// chunk that holds it, and the scan goes on with the next line.
    fn unterminated(&mut self, open: usize) {
        let line_end = self.src[open..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.src.len(), |offset| open + offset);
        self.error(SyntaxError::UnterminatedString {
            span: Span::new(open, line_end),
        });
        // Resume on the next line, so that later lines are still scanned.
        self.pos = line_end;
    }

    fn error(&mut self, error: SyntaxError) {
        if self.out.errors.len() < MAX_LEXICAL_ERRORS {
            self.out.errors.push(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_workflows_only() {
        let scan = prescan("workflow \"a\" { workflow } # workflow\nworkflow \"b\" {}");
        assert_eq!(scan.workflow_starts, vec![0, 37]);
        assert!(scan.errors.is_empty());
        assert_eq!(scan.first_token, Some(0));
    }

    #[test]
    fn a_missing_closer_does_not_nest_the_rest_of_the_file() {
        let scan = prescan("workflow \"a\" { f(\"x\" }\nworkflow \"b\" { ] }");
        assert_eq!(scan.workflow_starts, vec![0, 23]);
        assert!(scan.unclosed.is_empty());
    }

    #[test]
    fn comments_only_have_no_token() {
        assert_eq!(prescan("  # nothing\n\n# here").first_token, None);
        assert_eq!(prescan("").first_token, None);
    }

    #[test]
    fn nesting_limit_is_exact() {
        let ok = format!("{}x{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert!(prescan(&ok).errors.is_empty());
        let deep = format!("{}x{}", "(".repeat(MAX_NESTING + 1), ")".repeat(MAX_NESTING + 1));
        let scan = prescan(&deep);
        assert!(scan.fatal);
        assert_eq!(
            scan.errors,
            vec![SyntaxError::NestingTooDeep {
                span: Span::new(MAX_NESTING, MAX_NESTING + 1),
                limit: MAX_NESTING
            }]
        );
    }

    #[test]
    fn prefix_chains_count_as_nesting() {
        let ok = format!("{}x", "not ".repeat(MAX_NESTING));
        assert!(prescan(&ok).errors.is_empty());
        assert!(prescan(&format!("{}x", "not ".repeat(MAX_NESTING + 1))).fatal);
        assert!(prescan(&format!("{}x", "-".repeat(MAX_NESTING + 1))).fatal);
        assert!(prescan(&format!("{}x", "- not ".repeat(MAX_NESTING))).fatal);
        // Separate chains do not add up.
        assert!(!prescan(&"not a and ".repeat(500)).fatal);
    }

    #[test]
    fn token_count_is_capped() {
        assert!(!prescan(&"a ".repeat(MAX_TOKENS)).fatal);
        let scan = prescan(&"a ".repeat(MAX_TOKENS + 1));
        assert!(scan.fatal);
        assert_eq!(
            scan.errors,
            vec![SyntaxError::TooManyTokens {
                span: Span::new(2 * MAX_TOKENS, 2 * MAX_TOKENS + 1),
                limit: MAX_TOKENS
            }]
        );
    }

    #[test]
    fn strings_report_escapes_and_missing_quotes() {
        let scan = prescan(r#""a\qb" "ok \" \\ \n \t \{" "#);
        assert_eq!(
            scan.errors,
            vec![SyntaxError::InvalidEscape {
                span: Span::new(2, 4),
                escape: 'q'
            }]
        );
        assert!(!scan.fatal);
        // An unterminated string spoils its workflow, not the whole file.
        let scan = prescan("\"abc\nx");
        assert!(!scan.fatal);
        assert_eq!(
            scan.errors,
            vec![SyntaxError::UnterminatedString { span: Span::new(0, 4) }]
        );
        assert_eq!(prescan("\"abc").errors.len(), 1);
        assert_eq!(prescan("\"abc\\").errors.len(), 1);
    }

    #[test]
    fn stray_characters_are_merged_and_capped() {
        let scan = prescan("a \u{0}\u{1}é b");
        assert_eq!(
            scan.errors,
            vec![SyntaxError::InvalidCharacter {
                span: Span::new(2, 6),
                ch: '\u{0}',
                in_string: false
            }]
        );
        let garbage = "\u{0} x ".repeat(1000);
        assert_eq!(prescan(&garbage).errors.len(), MAX_LEXICAL_ERRORS);
    }
}
