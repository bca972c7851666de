//! The indenting printer and the comment queue it empties as it goes.
//!
//! Output is written line by line at an indentation level; a construct that
//! may wrap (an argument list, a list, a map, a long condition) is first
//! rendered flat into a scratch buffer to measure it, and broken one element
//! per line when it does not fit in [`WIDTH`] columns or holds a comment.
//!
//! Comments wait in a queue keyed by their offset. Each construct takes the
//! comments of its own places: those before an element (own lines above it),
//! the one after an element on its line (a trailing comment), those before a
//! closing bracket (the last lines inside it). A comment in a place no
//! element owns (inside a condition, a duration, a step's header) is
//! *hoisted*: written on its own line above the step or element holding it.
//! Whatever is left in the queue at the end is a bug, reported, never dropped.

use std::collections::BTreeMap;

use super::trivia::{Comment, Cursor, Trivia};

/// The line width of the canonical layout (TOOLING.md §3).
pub(crate) const WIDTH: usize = 100;

/// One level of indentation.
const INDENT: &str = "  ";

/// The formatter's state: the source, its comments, the output so far.
pub(crate) struct Printer<'a> {
    pub cursor: Cursor<'a>,
    /// Comments not yet written: their offset -> index in `trivia.comments`.
    pending: BTreeMap<u32, usize>,
    out: String,
    pub indent: usize,
    at_line_start: bool,
    /// Measuring: never break, never touch the comment queue.
    pub flat: bool,
    /// The gaps between the operands of each step-level `and` / `or` chain,
    /// sorted: their comments stay with the chain, never hoisted.
    pub gaps: Vec<(u32, u32)>,
}

impl<'a> Printer<'a> {
    /// A printer over `src`, with every comment of `trivia` pending.
    pub fn new(src: &'a str, trivia: &'a Trivia) -> Printer<'a> {
        let pending = trivia.comments.iter().enumerate().map(|(i, c)| (c.start, i)).collect();
        Printer {
            cursor: Cursor { src, trivia },
            pending,
            out: String::new(),
            indent: 0,
            at_line_start: true,
            flat: false,
            gaps: Vec::new(),
        }
    }

    /// The output, or the offsets of the comments nothing wrote.
    pub fn finish(self) -> Result<String, Vec<u32>> {
        if self.pending.is_empty() {
            Ok(self.out)
        } else {
            Err(self.pending.keys().copied().collect())
        }
    }

    /// The source text of `start..end`.
    pub fn slice(&self, start: u32, end: u32) -> &'a str {
        self.cursor.src.get(start as usize..end as usize).unwrap_or("")
    }

    // ----- writing -----

    /// Writes a byte-order mark at the very start, leaving the first line empty.
    pub fn byte_order_mark(&mut self) {
        self.out.push('\u{FEFF}');
    }

    /// Writes `text` on the current line (indenting a fresh line first).
    pub fn write(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.at_line_start {
            for _ in 0..self.indent {
                self.out.push_str(INDENT);
            }
            self.at_line_start = false;
        }
        self.out.push_str(text);
    }

    /// Ends the current line (in flat mode, a space: never reached for
    /// anything that measures, kept total for safety).
    pub fn newline(&mut self) {
        if self.flat {
            self.out.push(' ');
            return;
        }
        self.out.push('\n');
        self.at_line_start = true;
    }

    /// Ends the current line unless nothing is written on it yet.
    pub fn line_break(&mut self) {
        if !self.at_line_start {
            self.newline();
        }
    }

    /// Writes one empty line (at the start of a line, after a non-empty one).
    pub fn blank_line(&mut self) {
        self.line_break();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.newline();
        }
    }

    /// The column the next character is written at.
    pub fn column(&self) -> usize {
        if self.at_line_start {
            return self.indent * INDENT.len();
        }
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].chars().count()
    }

    /// Whether `width` more columns, then `tail`, fit on the current line.
    pub fn fits(&self, width: usize, tail: usize) -> bool {
        self.column() + width + tail <= WIDTH
    }

    /// What `render` writes when nothing breaks, and its width in columns.
    pub fn measure(&mut self, render: impl FnOnce(&mut Self)) -> usize {
        let saved_out = std::mem::take(&mut self.out);
        let saved_start = self.at_line_start;
        let saved_flat = self.flat;
        self.at_line_start = false;
        self.flat = true;
        render(self);
        let width = self.out.chars().count();
        self.out = saved_out;
        self.at_line_start = saved_start;
        self.flat = saved_flat;
        width
    }

    // ----- comments -----

    fn comment(&self, index: usize) -> &'a Comment {
        &self.cursor.trivia.comments[index]
    }

    /// Whether a comment is still pending in `start..end`.
    pub fn has_comments(&self, start: u32, end: u32) -> bool {
        start < end && self.pending.range(start..end).next().is_some()
    }

    /// Takes every pending comment in `start..end`.
    pub fn take(&mut self, start: u32, end: u32) -> Vec<usize> {
        if self.flat || start >= end {
            return Vec::new();
        }
        let keys: Vec<u32> = self.pending.range(start..end).map(|(k, _)| *k).collect();
        keys.iter().filter_map(|k| self.pending.remove(k)).collect()
    }

    /// Takes the comments of `start..end` that no bracket opened inside the
    /// range holds (grouping parentheses aside): the ones that belong to no
    /// element of a list, map, argument list or block, and are hoisted.
    pub fn take_loose(&mut self, start: u32, end: u32) -> Vec<usize> {
        if self.flat || start >= end {
            return Vec::new();
        }
        let comments = &self.cursor.trivia.comments;
        let cursor = &self.cursor;
        let keys: Vec<u32> = self
            .pending
            .range(start..end)
            .filter(|(_, index)| {
                let mut enclosing = comments[**index].enclosing.iter().rev();
                let holder = enclosing.find(|open| !cursor.is_grouping_paren(**open));
                holder.is_none_or(|open| *open < start) && !self.in_gap(comments[**index].start)
            })
            .map(|(k, _)| *k)
            .collect();
        keys.iter().filter_map(|k| self.pending.remove(k)).collect()
    }

    /// Whether `pos` lies between two operands of a step-level chain.
    fn in_gap(&self, pos: u32) -> bool {
        let index = self.gaps.partition_point(|gap| gap.0 <= pos);
        index.checked_sub(1).is_some_and(|i| pos < self.gaps[i].1)
    }

    /// Writes comments each on its own line at the current indentation.
    pub fn own_lines(&mut self, comments: &[usize]) {
        for &index in comments {
            let comment = self.comment(index);
            self.line_break();
            self.write(self.slice(comment.start, comment.end));
            self.newline();
        }
    }

    /// Writes comments on their own lines, keeping (collapsed) the blank
    /// lines the source has between them, and returns where the last ended.
    pub fn own_lines_spaced(&mut self, comments: &[usize], mut previous: u32, blank_first: bool) -> u32 {
        for (i, &index) in comments.iter().enumerate() {
            let comment = self.comment(index);
            if (i > 0 || blank_first) && self.cursor.blank_between(previous, comment.start) {
                self.blank_line();
            }
            self.own_lines(&[index]);
            previous = comment.end;
        }
        previous
    }

    /// Writes the comment that trails `end` on its source line (before
    /// `limit`), after one space; returns whether there was one.
    pub fn trailing(&mut self, end: u32, limit: u32) -> bool {
        if self.flat {
            return false;
        }
        let Some((&start, &index)) = self.pending.range(end..limit.max(end)).next() else {
            return false;
        };
        if self.cursor.newline_between(end, start) {
            return false;
        }
        self.pending.remove(&start);
        let comment = self.comment(index);
        self.write(" ");
        self.write(self.slice(comment.start, comment.end));
        true
    }

    /// The start of the comment at `index`.
    pub fn comment_start(&self, index: usize) -> u32 {
        self.comment(index).start
    }

    // ----- source positions -----

    /// `end` moved back over whitespace and comments (pest spans of rules
    /// that end in an optional part can hold the trivia after them).
    pub fn trim_end(&self, end: u32) -> u32 {
        self.cursor.token_end_before(end)
    }
}
