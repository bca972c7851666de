//! The engine's side of the VM: a [`Runner`] is the [`Host`] of one running
//! enrollment. It writes the history lines of edits and actions, applies edits
//! to the store, re-evaluates goals and triggers after each change, carries out
//! record-changing actions and hands the others to the handler.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{ActionHandler, Core, HistoryKind, HistorySink, RecordIdx, UNKNOWN};
use crate::compile::program::{FieldId, Program, PropSlot, WorkflowId};
use crate::value::Value;
use crate::vm::{ActionCall, ActionError, ActionOutput, Env, Flow, Host, StepError};

/// The host of one running enrollment.
pub(super) struct Runner<'a, H, S> {
    pub program: &'a Program,
    pub core: &'a mut Core<H, S>,
    /// The enrollment's slot.
    pub slot: u32,
    pub record: RecordIdx,
    pub record_id: Arc<str>,
    pub workflow: u32,
    /// Its cascade depth (docs/language.md 10).
    pub depth: u32,
    /// The engine ended it (goal, unenroll, deletion); its line is written.
    pub ended: bool,
}

impl<H: ActionHandler, S: HistorySink> Runner<'_, H, S> {
    fn emit(&mut self, kind: HistoryKind) {
        self.core.emit(self.workflow, self.record_id.clone(), kind);
    }

    fn error(&mut self, message: String) {
        self.emit(HistoryKind::Error { message, action: None });
    }

    /// Writes an edit, applies it, and runs what follows a change.
    fn edit(&mut self, slot: PropSlot, value: Value, clear: bool) -> Flow {
        let Some(path) = self.core.slots.get(slot.index()).cloned() else {
            self.error(format!("internal error: unknown property slot {}", slot.0));
            return Flow::Continue;
        };
        let target = match &path.object {
            None => Some(self.record),
            Some(object) => self.core.store.associated(self.record, object),
        };
        let Some(target) = target else {
            let object = path.object.as_deref().unwrap_or_default();
            self.error(format!(
                "`{}` was not changed: `{}` has no associated `{object}` record; associate one first",
                path.text, self.record_id
            ));
            return Flow::Continue;
        };
        let kind = if clear {
            HistoryKind::Clear {
                property: path.text.clone(),
            }
        } else {
            HistoryKind::Set {
                property: path.text.clone(),
                value: value.clone(),
            }
        };
        self.emit(kind);
        self.core.store.set_column(target, path.column, value);
        self.after_change(target)
    }

    /// Goals and triggers after a change to `target`.
    pub(super) fn after_change(&mut self, target: RecordIdx) -> Flow {
        if self.core.on_change(self.program, target, self.depth, Some(self.slot)) {
            self.ended = true;
        }
        if self.ended { Flow::Ended } else { Flow::Continue }
    }
}

impl<H, S> Env for Runner<'_, H, S> {
    fn property(&self, slot: PropSlot) -> &Value {
        self.core.property(self.record, slot)
    }

    fn event_field(&self, _field: FieldId) -> &Value {
        &UNKNOWN
    }

    fn now(&self) -> DateTime<Utc> {
        self.core.now
    }
}

impl<H: ActionHandler, S: HistorySink> Host for Runner<'_, H, S> {
    fn set_property(&mut self, slot: PropSlot, value: Value) -> Flow {
        self.edit(slot, value, false)
    }

    fn clear_property(&mut self, slot: PropSlot) -> Flow {
        self.edit(slot, Value::Unknown, true)
    }

    fn call_action(&mut self, call: &ActionCall<'_>) -> Result<ActionOutput, ActionError> {
        let name = self
            .core
            .action_names
            .get(call.action.index())
            .cloned()
            .unwrap_or_else(|| Arc::from(call.name));
        let args = call.args.iter().map(|(n, v)| (Arc::from(*n), v.clone())).collect();
        self.emit(HistoryKind::Action {
            action: name.clone(),
            args,
        });
        let engine_handled = self
            .program
            .actions
            .get(call.action.index())
            .is_some_and(|a| a.engine_handled);
        if engine_handled {
            return self.perform(&name, call.args);
        }
        let outputs = self.core.handler.call(&name, call.args)?;
        Ok(ActionOutput {
            outputs: if outputs.is_empty() {
                Value::Unknown
            } else {
                Value::Map(Arc::from(outputs))
            },
            flow: Flow::Continue,
        })
    }

    fn enroll_in(&mut self, workflow: WorkflowId) {
        let target = self.core.workflows.get(workflow.index()).cloned();
        let own = self.core.store.get(self.record).map(|r| r.object.clone());
        let Some(target) = target else {
            self.error(format!("internal error: unknown workflow {}", workflow.0));
            return;
        };
        if own.as_ref() != Some(&target.object) {
            self.error(format!(
                "`{}` was not enrolled in `{}`: that workflow enrolls `{}` records",
                self.record_id, target.name, target.object
            ));
            return;
        }
        if self
            .core
            .enroll(self.program, self.record, workflow.0, self.depth, false)
            .is_err()
        {
            self.error(format!(
                "`{}` is already enrolled in `{}`, so it was not enrolled again; this enrollment goes on",
                self.record_id, target.name
            ));
        }
    }

    fn report_error(&mut self, error: &StepError) {
        let action = error
            .action()
            .and_then(|a| self.core.action_names.get(a.index()).cloned());
        self.emit(HistoryKind::Error {
            message: error.to_string(),
            action,
        });
    }

    fn record_id(&self) -> &str {
        &self.record_id
    }

    fn seed(&self) -> u64 {
        self.core.seed
    }
}
