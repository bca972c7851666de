//! Building blocks of the compiler: a chunk under construction (with jump
//! patching and source positions), and the program-wide interned tables.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::opcode::Op;
use super::program::{Chunk, ConstId, SourcePos};
use crate::hash::FxHashMap;
use crate::syntax::span::Span;
use crate::value::{DurationValue, Value};

/// Byte offset -> 1-based line and column (Unicode scalar values) for one file.
pub(super) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    #[cfg(test)]
    pub(super) fn position(&self, offset: u32) -> SourcePos {
        self.position_near(offset, &mut 0)
    }

    /// [`Self::position`], trying the line `hint` (1-based, 0 for none) first
    /// and leaving the line found in it: instructions mostly come in source
    /// order, so the line of the previous one is the likely answer.
    pub(super) fn position_near(&self, offset: u32, hint: &mut usize) -> SourcePos {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let on_hint = *hint > 0
            && self.starts.get(*hint - 1).is_some_and(|start| *start <= offset)
            && self.starts.get(*hint).is_none_or(|next| offset < *next);
        if !on_hint {
            *hint = self.starts.partition_point(|start| *start <= offset).max(1);
        }
        let line = *hint;
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        SourcePos {
            line: line as u32,
            column: column as u32,
        }
    }
}

/// A chunk being emitted. Jumps are emitted with a placeholder target and
/// patched once the target is known.
pub(super) struct ChunkBuilder<'a> {
    lines: &'a LineIndex<'a>,
    code: Vec<Op>,
    positions: Vec<SourcePos>,
    /// The source span of each instruction, to place errors found later.
    spans: Vec<Span>,
    /// The line of the last instruction (a hint for the next one).
    line: usize,
    /// The source offset and position of the last instruction: several
    /// instructions often start at the same place.
    last: Option<(u32, SourcePos)>,
}

/// A forward jump waiting for its target.
#[must_use]
pub(super) struct Patch(usize);

impl<'a> ChunkBuilder<'a> {
    pub(super) fn new(lines: &'a LineIndex<'a>) -> ChunkBuilder<'a> {
        ChunkBuilder {
            lines,
            code: Vec::new(),
            positions: Vec::new(),
            spans: Vec::new(),
            line: 0,
            last: None,
        }
    }

    /// The index the next instruction gets.
    pub(super) fn here(&self) -> u32 {
        self.code.len() as u32
    }

    /// Appends an instruction from the source at `span`.
    pub(super) fn emit(&mut self, op: Op, span: Span) -> u32 {
        let at = self.here();
        self.code.push(op);
        let position = match self.last {
            Some((offset, position)) if offset == span.start => position,
            _ => {
                let position = self.lines.position_near(span.start, &mut self.line);
                self.last = Some((span.start, position));
                position
            }
        };
        self.positions.push(position);
        self.spans.push(span);
        at
    }

    /// Appends a jump (any op with a `target`) whose target comes later.
    pub(super) fn emit_jump(&mut self, op: Op, span: Span) -> Patch {
        Patch(self.emit(op, span) as usize)
    }

    /// Points a jump at `target`.
    pub(super) fn patch_to(&mut self, patch: Patch, target: u32) {
        if let Some(op) = self.code.get_mut(patch.0) {
            set_target(op, target);
        }
    }

    /// Points a jump at the next instruction.
    pub(super) fn patch_here(&mut self, patch: Patch) {
        let here = self.here();
        self.patch_to(patch, here);
    }

    /// Points every jump of a list at the next instruction.
    pub(super) fn patch_all_here(&mut self, patches: Vec<Patch>) {
        for patch in patches {
            self.patch_here(patch);
        }
    }

    /// Points the jump at index `at` (a `goto`) at `target`.
    pub(super) fn patch_at(&mut self, at: u32, target: u32) {
        self.patch_to(Patch(at as usize), target);
    }

    /// The chunk, and the source span of each instruction.
    pub(super) fn finish(self) -> (Chunk, Vec<Span>) {
        let chunk = Chunk {
            code: self.code,
            positions: self.positions,
        };
        (chunk, self.spans)
    }
}

fn set_target(op: &mut Op, to: u32) {
    match op {
        Op::Jump { target } | Op::JumpIfFalse { target } | Op::JumpIfTrue { target } => *target = to,
        Op::CompareJump { target, .. } => *target = to,
        _ => {}
    }
}

/// An interning table: each distinct key gets the next index, in order of
/// first use (so the result does not depend on hash order). Keys are names
/// from the project's own sources, so a fast hasher without SipHash's
/// collision resistance is enough.
pub(super) struct Interner<K, V> {
    index: FxHashMap<K, u32>,
    pub(super) items: Vec<V>,
}

impl<K: std::hash::Hash + Eq, V> Interner<K, V> {
    pub(super) fn new() -> Interner<K, V> {
        Interner {
            index: FxHashMap::default(),
            items: Vec::new(),
        }
    }

    pub(super) fn intern(&mut self, key: K, make: impl FnOnce() -> V) -> u32 {
        if let Some(i) = self.index.get(&key) {
            return *i;
        }
        let i = self.items.len() as u32;
        self.items.push(make());
        self.index.insert(key, i);
        i
    }
}

impl<V> Interner<String, V> {
    /// [`Interner::intern`] by a borrowed key, allocated only when it is new.
    pub(super) fn intern_str(&mut self, key: &str, make: impl FnOnce() -> V) -> u32 {
        match self.index.get(key) {
            Some(i) => *i,
            None => self.intern(key.to_string(), make),
        }
    }
}

/// The constant pool; equal constants share one entry. Strings are looked
/// up by their text; other scalars by a key that tells every value apart
/// (numbers by their bits, every NaN alike); lists and maps by their `Debug`
/// form. Entries keep the order of first use.
pub(super) struct Constants {
    strings: FxHashMap<Arc<str>, u32>,
    others: FxHashMap<ConstKey, u32>,
    items: Vec<Value>,
}

/// The identity of a non-string constant.
#[derive(PartialEq, Eq, Hash)]
enum ConstKey {
    Unknown,
    Bool(bool),
    Number(u64),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
    Duration(DurationValue),
    Debug(String),
}

impl Constants {
    pub(super) fn new() -> Constants {
        Constants {
            strings: FxHashMap::default(),
            others: FxHashMap::default(),
            items: Vec::new(),
        }
    }

    pub(super) fn add(&mut self, value: Value) -> ConstId {
        let key = match &value {
            Value::Str(text) => {
                if let Some(&i) = self.strings.get(&**text) {
                    return ConstId(i);
                }
                let i = self.push(value.clone());
                if let Value::Str(text) = value {
                    self.strings.insert(text, i);
                }
                return ConstId(i);
            }
            Value::Unknown => ConstKey::Unknown,
            Value::Bool(b) => ConstKey::Bool(*b),
            Value::Number(n) if n.is_nan() => ConstKey::Number(f64::NAN.to_bits()),
            Value::Number(n) => ConstKey::Number(n.to_bits()),
            Value::Date(d) => ConstKey::Date(*d),
            Value::DateTime(t) => ConstKey::DateTime(*t),
            Value::Duration(d) => ConstKey::Duration(*d),
            Value::List(_) | Value::Map(_) => ConstKey::Debug(format!("{value:?}")),
        };
        if let Some(&i) = self.others.get(&key) {
            return ConstId(i);
        }
        let i = self.push(value);
        self.others.insert(key, i);
        ConstId(i)
    }

    /// A string constant, allocated only when it is new.
    pub(super) fn add_str(&mut self, text: &str) -> ConstId {
        match self.strings.get(text) {
            Some(&i) => ConstId(i),
            None => self.add(Value::str(text)),
        }
    }

    fn push(&mut self, value: Value) -> u32 {
        let i = self.items.len() as u32;
        self.items.push(value);
        i
    }

    pub(super) fn into_vec(self) -> Vec<Value> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_unicode_columns() {
        let lines = LineIndex::new("ab\nåäö x\n");
        assert_eq!(lines.position(0), SourcePos { line: 1, column: 1 });
        assert_eq!(lines.position(3), SourcePos { line: 2, column: 1 });
        assert_eq!(
            lines.position(3 + "åäö ".len() as u32),
            SourcePos { line: 2, column: 5 }
        );
        assert_eq!(lines.position(999), SourcePos { line: 3, column: 1 });
        // A hint gives the same answers, whichever line it names.
        for hint in 0..5 {
            for offset in 0..12 {
                let mut line = hint;
                assert_eq!(lines.position_near(offset, &mut line), lines.position(offset));
            }
        }
    }

    #[test]
    fn constants_are_shared() {
        let mut constants = Constants::new();
        let a = constants.add(Value::str("x"));
        let b = constants.add(Value::Number(1.0));
        assert_eq!(constants.add(Value::str("x")), a);
        assert_eq!(constants.add_str("x"), a);
        assert_eq!(constants.add(Value::Number(1.0)), b);
        // Values that print alike stay apart, and every NaN is one constant.
        let zero = constants.add(Value::Number(0.0));
        assert_ne!(constants.add(Value::Number(-0.0)), zero);
        assert_ne!(constants.add(Value::str("1")), b);
        let nan = constants.add(Value::Number(f64::NAN));
        assert_eq!(constants.add(Value::Number(-f64::NAN)), nan);
        let list = constants.add(Value::List(vec![Value::Number(1.0)].into()));
        assert_eq!(constants.add(Value::List(vec![Value::Number(1.0)].into())), list);
        assert_ne!(a, b);
        assert_eq!(constants.into_vec().len(), 7);
    }
}
