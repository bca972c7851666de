//! The compiled program: interned tables, one [`WorkflowCode`] per workflow,
//! and the code chunks the VM runs. Everything here is plain data (serde), so
//! a program is saved in a `.wfc` file and loaded back unchanged; a loaded
//! program must pass [`crate::compile::verify()`] before the VM runs it.
//!
//! Every table is a `Vec` indexed by a small id newtype; the VM indexes, it
//! never hashes a name on its hot path. Order is the order of first use in the
//! sources, so compiling twice gives identical programs.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::opcode::Op;
pub use crate::time::{LocalTime, Schedule, WeekdaySet, Window};
use crate::value::{DurationValue, Value};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as a table index.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// An index into [`Program::constants`].
    ConstId
);
id_type!(
    /// An index into [`Program::properties`]: one property path.
    PropSlot
);
id_type!(
    /// An index into [`Program::events`]: one event name.
    EventId
);
id_type!(
    /// An index into [`Program::event_fields`]: one `event.FIELD` name.
    FieldId
);
id_type!(
    /// An index into [`Program::actions`]: one catalog action.
    ActionId
);
id_type!(
    /// An index into [`Program::workflows`].
    WorkflowId
);
id_type!(
    /// An index into [`WorkflowCode::conditions`]: one condition chunk.
    CondId
);
id_type!(
    /// An index into an enrollment's locals ([`WorkflowCode::locals`]).
    LocalSlot
);

/// A whole compiled project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// Source file names, by the index [`WorkflowCode::file`] uses.
    pub files: Vec<String>,
    /// Constant values: strings, numbers, dates, durations, constant lists.
    pub constants: Vec<Value>,
    /// Property paths read or written anywhere; the slot is the index.
    pub properties: Vec<PropertyPath>,
    /// Event names used by triggers and waits.
    pub events: Vec<String>,
    /// `event.FIELD` names read by `where` conditions.
    pub event_fields: Vec<String>,
    /// The catalog actions called, with their parameter names.
    pub actions: Vec<ActionInfo>,
    /// The workflows, in source order (files in the order given).
    pub workflows: Vec<WorkflowCode>,
}

/// A property path: `prop` of the enrolled record, or `TYPE.prop` of the
/// first record of object TYPE associated with it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PropertyPath {
    /// `Some("company")` for `company.industry`; `None` for the enrolled record.
    pub object: Option<String>,
    /// The property name.
    pub name: String,
}

impl PropertyPath {
    /// The path as written: `score` or `company.industry`.
    pub fn text(&self) -> String {
        match &self.object {
            Some(object) => format!("{object}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// One catalog action as the program uses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionInfo {
    /// The catalog name (`send_email`, `slack.send_message`).
    pub name: String,
    /// Every parameter name, in the catalog's positional order.
    pub params: Vec<String>,
    /// True for actions the engine carries out on its record store
    /// (`create_record`, `delete_contact`, the association actions).
    pub engine_handled: bool,
}

/// One compiled workflow: its settings, triggers and code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkflowCode {
    /// The workflow's name.
    pub name: String,
    /// The enrolled object type (`contact`, …).
    pub object: String,
    /// Index into [`Program::files`] of the file that declares it.
    pub file: u32,
    /// The zone of every calendar computation, by IANA name in the file,
    /// resolved when the program is loaded.
    #[serde(with = "zone_name")]
    pub zone: Tz,
    /// `window` settings; empty means always open.
    pub windows: Vec<Window>,
    /// `blocked` local dates, sorted, without repeats.
    pub blocked: Vec<NaiveDate>,
    /// `reenroll` is set.
    pub reenroll: bool,
    /// The `enroll` settings, in source order.
    pub triggers: Vec<Trigger>,
    /// The `goal` condition.
    pub goal: Option<CondId>,
    /// The `unenroll when` condition.
    pub unenroll: Option<CondId>,
    /// The steps; running starts at instruction 0.
    pub steps: Chunk,
    /// Condition chunks: trigger filters, goal, unenroll, event-wait `where`s.
    pub conditions: Vec<Chunk>,
    /// Names of the local slots (`r.status`): one per output field read of each `let`.
    pub locals: Vec<String>,
    /// `let` bindings: where each action call stores its outputs.
    pub lets: Vec<LetBinding>,
    /// Action call sites (operand of [`Op::Action`]).
    pub calls: Vec<CallSite>,
    /// Delay rules (operand of [`Op::Delay`]).
    pub delays: Vec<DelayRule>,
    /// Event waits (operand of [`Op::AwaitEvent`]).
    pub waits: Vec<EventWait>,
    /// `branch on` jump tables (operand of [`Op::Branch`]).
    pub branches: Vec<BranchTable>,
    /// `split` tables (operand of [`Op::Split`]).
    pub splits: Vec<SplitTable>,
}

/// A sequence of instructions with its source positions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Chunk {
    /// The instructions.
    pub code: Vec<Op>,
    /// The source position of each instruction (parallel to `code`).
    pub positions: Vec<SourcePos>,
}

/// A 1-based line and column (in Unicode scalar values) in the workflow's file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePos {
    pub line: u32,
    pub column: u32,
}

/// One `enroll` setting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// `enroll when COND`
    Filter { cond: CondId },
    /// `enroll on event NAME [where COND]`
    Event { event: EventId, cond: Option<CondId> },
    /// `enroll every SCHEDULE [where COND]`
    Schedule { schedule: Schedule, cond: Option<CondId> },
    /// `enroll manually`
    Manual,
}

/// `let NAME = ACTION(…)`: where the outputs go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetBinding {
    /// The `let` name.
    pub name: String,
    /// Each output field read later, with the local slot that holds it.
    pub fields: Vec<LetField>,
}

/// One output field of a `let` and its local slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetField {
    pub field: String,
    pub slot: LocalSlot,
}

/// One action call: which action, which parameter each pushed argument
/// fills, and where a retry starts over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSite {
    pub action: ActionId,
    /// For each argument on the stack (bottom first), the index of its
    /// parameter in [`ActionInfo::params`]; in catalog order.
    pub params: Vec<u32>,
    /// The `let` binding of the outputs, if any (index into [`WorkflowCode::lets`]).
    pub bind: Option<u32>,
    /// The first instruction of the step (its window check or first argument):
    /// a retry or a window hold runs the whole step again from here.
    pub step: u32,
}

/// What a delay waits for (docs/language.md 5.3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DelayRule {
    /// `delay DURATION`
    For(DurationValue),
    /// `delay until TIME`
    UntilTime(LocalTime),
    /// `delay until WEEKDAYS [at TIME]`
    UntilWeekdays { days: WeekdaySet, time: Option<LocalTime> },
    /// `delay until DATE [at TIME]` (local to the zone)
    UntilDate { date: NaiveDate, time: Option<LocalTime> },
    /// `delay until DATETIME` without an offset (local to the zone)
    UntilLocal(NaiveDateTime),
    /// `delay until DATETIME` with `Z` or an offset
    UntilInstant(DateTime<Utc>),
    /// `delay until PATH [± DURATION] [at TIME]`; `offset` is signed.
    UntilProperty {
        slot: PropSlot,
        offset: DurationValue,
        time: Option<LocalTime>,
    },
}

/// `delay until event NAME [where COND] [timeout DURATION [else BLOCK]]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventWait {
    pub event: EventId,
    /// The `where` condition (may read `event.FIELD` and `let` outputs).
    pub filter: Option<CondId>,
    /// The timeout, from the instant the wait starts.
    pub timeout: Option<DurationValue>,
}

/// A `branch on` jump table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchTable {
    /// The literal constant of each case (every literal of every arm) and
    /// the first instruction of its arm.
    pub cases: Vec<BranchCase>,
    /// Where an unmatched or unknown value goes: the `else` arm, or the step
    /// after the branch.
    pub default: u32,
}

/// One `branch on` literal and its arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchCase {
    pub value: ConstId,
    pub target: u32,
}

/// A `split` table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitTable {
    /// The split's position among the workflow's splits (0-based, source order).
    pub position: u32,
    /// Each arm: its percentage and its first instruction.
    pub arms: Vec<SplitArm>,
}

/// One `N% { … }` arm of a split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitArm {
    pub percent: u8,
    pub target: u32,
}

impl Program {
    /// The workflow with this id.
    pub fn workflow(&self, id: WorkflowId) -> Option<&WorkflowCode> {
        self.workflows.get(id.index())
    }

    /// The id of the workflow with this name.
    pub fn workflow_id(&self, name: &str) -> Option<WorkflowId> {
        self.workflows
            .iter()
            .position(|w| w.name == name)
            .map(|i| WorkflowId(i as u32))
    }

    /// The id of an event name used by the program (triggers, waits).
    pub fn event_id(&self, name: &str) -> Option<EventId> {
        self.events.iter().position(|e| e == name).map(|i| EventId(i as u32))
    }

    /// The id of an `event.FIELD` name read by the program.
    pub fn field_id(&self, name: &str) -> Option<FieldId> {
        self.event_fields
            .iter()
            .position(|f| f == name)
            .map(|i| FieldId(i as u32))
    }

    /// The property path of a slot.
    pub fn property(&self, slot: PropSlot) -> Option<&PropertyPath> {
        self.properties.get(slot.index())
    }

    /// The catalog name of an action.
    pub fn action_name(&self, action: ActionId) -> &str {
        self.actions.get(action.index()).map_or("", |a| a.name.as_str())
    }

    /// The file name and source position of an instruction of a workflow's steps.
    pub fn step_position(&self, workflow: WorkflowId, pc: u32) -> Option<(&str, SourcePos)> {
        let code = self.workflow(workflow)?;
        let pos = code.steps.positions.get(pc as usize)?;
        let file = self.files.get(code.file as usize)?;
        Some((file.as_str(), *pos))
    }
}

/// Serializes a zone by its IANA name.
mod zone_name {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the zone's IANA name.
    pub fn serialize<S: Serializer>(zone: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(zone.name())
    }

    /// Reads an IANA name; an unknown one is an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tz, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse::<Tz>()
            .map_err(|_| serde::de::Error::custom(format!("unknown time zone `{name}`")))
    }
}
