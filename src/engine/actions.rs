//! The record-changing actions the engine carries out on its store
//! (docs/language.md 7). They still appear as `action` lines in the history.
//!
//! Decisions where the spec is silent:
//! - `create_record(object, properties, associate)` creates a record with a
//!   fresh id `OBJECT-N`; `associate` defaults to true and links the new record
//!   with the enrolled one. The new record's filter triggers are evaluated at
//!   once (a cascade step). Output: `id`.
//! - `create_association(object, match, label)`: `match` names a property; the
//!   enrolled record is linked with every record of `object` whose value of that
//!   property equals its own (strings ignoring case); an unknown value matches
//!   nothing. Output: `count`, the number of records it is linked with.
//! - Association labels live on the enrolled record's side of its links:
//!   `apply_association_label` adds LABEL to its links with `object` records,
//!   `update_association_label` replaces `replace` by LABEL (without `replace`,
//!   the link's labels become just LABEL), `remove_association_label` removes it.
//! - `delete_contact` deletes the enrolled record: every enrollment of it, this
//!   one included, ends as `unenrolled`.

use std::sync::Arc;

use super::records::NewRecord;
use super::runner::Runner;
use super::{ActionHandler, HistorySink};
use crate::value::Value;
use crate::vm::{ActionError, ActionOutput, Flow};

fn arg<'v>(args: &'v [(&str, Value)], name: &str) -> &'v Value {
    args.iter()
        .find(|(n, _)| *n == name)
        .map_or(&super::UNKNOWN, |(_, v)| v)
}

fn text_arg(args: &[(&str, Value)], action: &str, name: &str) -> Result<Arc<str>, ActionError> {
    match arg(args, name) {
        Value::Str(s) if !s.is_empty() => Ok(s.clone()),
        other => Err(ActionError {
            retryable: false,
            message: format!(
                "`{action}` needs a non-empty string for `{name}`, and got {}",
                if other.is_unknown() {
                    "an unknown value".to_string()
                } else {
                    format!("a {}", other.type_name())
                }
            ),
        }),
    }
}

fn outputs(fields: Vec<(Arc<str>, Value)>) -> ActionOutput {
    ActionOutput {
        outputs: Value::Map(Arc::from(fields)),
        flow: Flow::Continue,
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Unknown, _) | (_, Value::Unknown) => false,
        (Value::Str(a), Value::Str(b)) => a.to_lowercase() == b.to_lowercase(),
        (a, b) => a == b,
    }
}

impl<H: ActionHandler, S: HistorySink> Runner<'_, H, S> {
    /// Carries out a record-changing action.
    pub(super) fn perform(&mut self, action: &str, args: &[(&str, Value)]) -> Result<ActionOutput, ActionError> {
        match action {
            "create_record" => self.create_record(args),
            "delete_contact" => {
                self.core.delete_record(self.record, Some(self.slot));
                self.ended = true;
                Ok(ActionOutput {
                    outputs: Value::Unknown,
                    flow: Flow::Ended,
                })
            }
            "create_association" => self.create_association(args),
            "apply_association_label" | "update_association_label" | "remove_association_label" => {
                self.label(action, args)
            }
            _ => Err(ActionError {
                retryable: false,
                message: format!("`{action}` is not an action this engine carries out"),
            }),
        }
    }

    fn create_record(&mut self, args: &[(&str, Value)]) -> Result<ActionOutput, ActionError> {
        let object = text_arg(args, "create_record", "object")?;
        let properties = match arg(args, "properties") {
            Value::Map(entries) => entries.to_vec(),
            _ => Vec::new(),
        };
        let associate = !matches!(arg(args, "associate"), Value::Bool(false));
        let own_object = self.core.store.get(self.record).map(|r| r.object.clone());
        let id = self.core.store.fresh_id(&object);
        let associations = match own_object {
            Some(own) if associate => vec![(own, vec![self.record_id.clone()])],
            _ => Vec::new(),
        };
        let new = NewRecord {
            id: id.clone(),
            object,
            properties,
            associations,
        };
        if let Some(idx) = self.core.store.create(new) {
            self.core.grow_memo(idx);
            self.core.on_create(self.program, idx, self.depth);
        }
        Ok(outputs(vec![(Arc::from("id"), Value::Str(id))]))
    }

    fn create_association(&mut self, args: &[(&str, Value)]) -> Result<ActionOutput, ActionError> {
        let object = text_arg(args, "create_association", "object")?;
        let property = text_arg(args, "create_association", "match")?;
        let label = match arg(args, "label") {
            Value::Str(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        let own = self.core.store.value_by_name(self.record, &property);
        let store = &self.core.store;
        let matches: Vec<Arc<str>> = store
            .iter()
            .filter(|(idx, r)| *idx != self.record && r.object == object)
            .filter(|(idx, _)| same(&own, &store.value_by_name(*idx, &property)))
            .map(|(_, r)| r.id.clone())
            .collect();
        for id in &matches {
            self.core.store.associate(self.record, &object, id);
        }
        if let Some(label) = label {
            for link in self.core.store.associations_mut(self.record, &object) {
                if matches.contains(&link.id) && !link.labels.contains(&label) {
                    link.labels.push(label.clone());
                }
            }
        }
        Ok(outputs(vec![(Arc::from("count"), Value::Number(matches.len() as f64))]))
    }

    fn label(&mut self, action: &str, args: &[(&str, Value)]) -> Result<ActionOutput, ActionError> {
        let object = text_arg(args, action, "object")?;
        let label = text_arg(args, action, "label")?;
        let replace = match arg(args, "replace") {
            Value::Str(s) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        for link in self.core.store.associations_mut(self.record, &object) {
            match action {
                "apply_association_label" => {
                    if !link.labels.contains(&label) {
                        link.labels.push(label.clone());
                    }
                }
                "remove_association_label" => link.labels.retain(|l| *l != label),
                _ => match &replace {
                    Some(old) => {
                        for l in link.labels.iter_mut().filter(|l| *l == old) {
                            *l = label.clone();
                        }
                    }
                    None => link.labels = vec![label.clone()],
                },
            }
        }
        Ok(ActionOutput::default())
    }
}
