//! Which workflows an edit concerns: a dependency index built from the
//! compiled conditions when the engine starts. A change to a record's
//! properties re-evaluates the filter triggers, goals and `unenroll when`
//! of only the workflows whose conditions read a changed property, so an
//! edit costs time in proportion to the workflows that care, not to all
//! the workflows of the record's type.
//!
//! A condition that reads the clock (`now`, `today`) or an associated
//! record (`company.industry`) may change its value without an edit of
//! these properties: its workflow is evaluated after every change, as
//! LANGUAGE.md 4.1 says of every workflow.

use std::sync::Arc;

use super::records::FxHashMap;
use super::{Column, SlotRef, WorkflowMeta};
use crate::compile::opcode::Op;
use crate::compile::program::{Chunk, Program, Trigger};

/// For each object type: the workflows that read each property in a
/// filter trigger, goal or `unenroll when`, and those that must see every
/// change. Every list is in project order.
#[derive(Debug, Default)]
pub(super) struct Readers {
    by_column: FxHashMap<(Arc<str>, Column), Vec<u32>>,
    always: FxHashMap<Arc<str>, Vec<u32>>,
}

/// What one workflow's conditions read.
#[derive(Default)]
struct Reads {
    columns: Vec<Column>,
    always: bool,
}

impl Reads {
    fn scan(&mut self, chunk: &Chunk, slots: &[SlotRef]) {
        for op in &chunk.code {
            let slot = match op {
                Op::Property { slot } | Op::CompareJump { slot, .. } => *slot,
                Op::Now | Op::Today => {
                    self.always = true;
                    continue;
                }
                _ => continue,
            };
            match slots.get(slot.index()) {
                Some(path) if path.object.is_none() => self.columns.push(path.column),
                _ => self.always = true,
            }
        }
    }
}

impl Readers {
    /// The index of a program whose property slots resolved to `slots`.
    pub(super) fn new(program: &Program, slots: &[SlotRef], workflows: &[WorkflowMeta]) -> Readers {
        let mut readers = Readers::default();
        for (w, (code, meta)) in program.workflows.iter().zip(workflows).enumerate() {
            let mut reads = Reads::default();
            let filters = code.triggers.iter().filter_map(|t| match t {
                Trigger::Filter { cond } => Some(*cond),
                _ => None,
            });
            for cond in filters.chain(code.goal).chain(code.unenroll) {
                if let Some(chunk) = code.conditions.get(cond.index()) {
                    reads.scan(chunk, slots);
                }
            }
            // A `delay until PATH` follows its property (LANGUAGE.md 12.3):
            // such a workflow sees every change of its record.
            let follows_property = code.steps.code.iter().any(|op| {
                matches!(op, Op::Delay { rule } if matches!(
                    code.delays.get(*rule as usize),
                    Some(crate::compile::program::DelayRule::UntilProperty { .. })
                ))
            });
            let w = w as u32;
            if reads.always || follows_property {
                readers.always.entry(meta.object.clone()).or_default().push(w);
                continue;
            }
            reads.columns.sort_unstable();
            reads.columns.dedup();
            for column in reads.columns {
                readers
                    .by_column
                    .entry((meta.object.clone(), column))
                    .or_default()
                    .push(w);
            }
        }
        readers
    }

    /// The workflows of `object` a change of `columns` concerns, in project
    /// order, each once.
    pub(super) fn concerned(&self, object: &Arc<str>, columns: &[Column]) -> Vec<u32> {
        let mut list: Vec<u32> = self.always.get(object).cloned().unwrap_or_default();
        for &column in columns {
            if let Some(readers) = self.by_column.get(&(object.clone(), column)) {
                list.extend_from_slice(readers);
            }
        }
        if columns.len() > 1 || !list.is_empty() {
            list.sort_unstable();
            list.dedup();
        }
        list
    }
}
