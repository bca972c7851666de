//! Byte offsets <-> LSP positions, in the encoding negotiated with the client.
//!
//! A line ends at `\n`, `\r\n` or a lone `\r` (LSP 3.17, "Text Documents").
//! A position's `character` counts UTF-8 bytes or UTF-16 code units from the
//! start of its line. A character past a line's end means the line's end; a
//! line past the last one is an error (TOOLING.md §7).

use lsp_types::Position;

/// The unit of a position's `character`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes (when the client offers `utf-8`).
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
}

/// A position that names no place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    /// The line asked for (0-based).
    pub line: u32,
    /// How many lines the text has.
    pub lines: usize,
}

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "position is on line {} but the document has {} lines; send a position inside the document",
            self.line, self.lines
        )
    }
}

/// Where every line of one text starts and where its content ends.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset of each line's first byte; always starts with 0.
    starts: Vec<u32>,
    /// Byte offset where each line's content ends (before its line break).
    ends: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut ends = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    ends.push(i as u32);
                    starts.push(i as u32 + 1);
                }
                b'\r' => {
                    ends.push(i as u32);
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        ends.push(bytes.len() as u32);
        LineIndex { starts, ends }
    }

    /// The number of lines (a text ending with a line break has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The position of byte `offset` (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start as usize <= offset) - 1;
        let start = self.starts[line] as usize;
        let end = (self.ends[line] as usize).max(start);
        let upto = &text[start..offset.min(end)];
        let character = match encoding {
            Encoding::Utf8 => upto.len(),
            Encoding::Utf16 => upto.chars().map(char::len_utf16).sum(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of `position`: a character past the line's end is the
    /// line's end; a position inside a character is that character's start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> Result<usize, OutOfRange> {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return Err(OutOfRange {
                line: position.line,
                lines: self.starts.len(),
            });
        }
        let start = self.starts[line] as usize;
        let end = self.ends[line] as usize;
        let content = &text[start..end];
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, ch) in content.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
            };
            if units + width > wanted {
                return Ok(start + at);
            }
            units += width;
        }
        Ok(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, encoding: Encoding, expected: &[(usize, (u32, u32))]) {
        let index = LineIndex::new(text);
        for &(offset, (line, character)) in expected {
            let position = index.position(text, offset, encoding);
            assert_eq!(
                (position.line, position.character),
                (line, character),
                "offset {offset}"
            );
            assert_eq!(
                index.offset(text, position, encoding),
                Ok(offset),
                "position {position:?}"
            );
        }
    }

    #[test]
    fn astral_characters_are_two_utf16_units_and_four_bytes() {
        // `a𐐀b`: `𐐀` is U+10400, 4 bytes in UTF-8, a surrogate pair in UTF-16.
        let text = "a\u{10400}b";
        round_trip(
            text,
            Encoding::Utf16,
            &[(0, (0, 0)), (1, (0, 1)), (5, (0, 3)), (6, (0, 4))],
        );
        round_trip(
            text,
            Encoding::Utf8,
            &[(0, (0, 0)), (1, (0, 1)), (5, (0, 5)), (6, (0, 6))],
        );
        // A position between the two surrogates means the character's start.
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 2), Encoding::Utf16), Ok(1));
        assert_eq!(index.offset(text, Position::new(0, 3), Encoding::Utf8), Ok(1));
    }

    #[test]
    fn latin_letters_are_one_utf16_unit_and_two_bytes() {
        let text = "å = 1\nå";
        round_trip(text, Encoding::Utf16, &[(2, (0, 1)), (7, (1, 0)), (9, (1, 1))]);
        round_trip(text, Encoding::Utf8, &[(2, (0, 2)), (7, (1, 0)), (9, (1, 2))]);
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "ab\r\ncd\ref\n";
        let index = LineIndex::new(text);
        assert_eq!(index.lines(), 4);
        round_trip(
            text,
            Encoding::Utf16,
            &[(0, (0, 0)), (2, (0, 2)), (4, (1, 0)), (7, (2, 0)), (10, (3, 0))],
        );
        // The `\r` of a CRLF belongs to no line's content: it maps to the line's end.
        assert_eq!(index.position(text, 3, Encoding::Utf16), Position::new(0, 2));
    }

    #[test]
    fn a_character_past_the_end_of_a_line_is_its_end() {
        let text = "abc\r\ndef";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 99), Encoding::Utf16), Ok(3));
        assert_eq!(index.offset(text, Position::new(1, 99), Encoding::Utf8), Ok(8));
    }

    #[test]
    fn a_line_past_the_last_is_an_error() {
        let text = "abc\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(1, 0), Encoding::Utf16), Ok(4));
        let error = index.offset(text, Position::new(2, 0), Encoding::Utf16).unwrap_err();
        assert_eq!(error, OutOfRange { line: 2, lines: 2 });
        assert!(error.to_string().contains("inside the document"));
    }

    #[test]
    fn empty_text_has_one_empty_line() {
        let index = LineIndex::new("");
        assert_eq!(index.position("", 0, Encoding::Utf16), Position::new(0, 0));
        assert_eq!(index.offset("", Position::new(0, 5), Encoding::Utf16), Ok(0));
    }
}
