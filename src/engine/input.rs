//! The input formats of docs/formats.md: the records file (a JSON array), the events
//! file (JSON lines) and the mocks file. Every problem is an [`InputError`]
//! naming the file and, for data, the line (exit 2 in `wf run`).
//!
//! Records are read one array element at a time and handed to a callback,
//! borrowed from the text ([`RecordRef`]): a fast reader (`reader.rs`) takes
//! valid records without a JSON tree, and anything else goes through
//! `serde_json`, which names the problem. [`read_records_streaming`] reads a
//! file a chunk at a time, so `wf run` never holds the whole file.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value as Json;

use super::records::{NewRecord, RecordRef, RecordStore, Scalar};
use crate::value::Value;

mod reader;
mod serde_reader;
mod stream;

pub use serde_reader::{read_records_serde, read_records_serde_text};
pub use stream::{Streamed, read_records_streaming};

/// An input problem: the file, the 1-based line when the problem is in data,
/// and what is wrong.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}{problem}", location(.file, .line))]
pub struct InputError {
    /// The file as named on the command line.
    pub file: String,
    /// The line of the problem, when it is in the data.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: InputProblem,
}

fn location(file: &str, line: &Option<usize>) -> String {
    match line {
        Some(line) => format!("`{file}` line {line}: "),
        None => format!("`{file}`: "),
    }
}

/// What is wrong with an input file.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum InputProblem {
    /// `[{"id": "c1",]`
    #[error("malformed JSON: {message} (column {column}); fix the JSON syntax")]
    Json { message: String, column: usize },
    /// `{"id": "c1"}` as the whole records file
    #[error("the records file must be a JSON array of records: `[{{\"id\": \"c1\", \"object\": \"contact\"}}]`")]
    NotAnArray,
    /// `[{"id": "c1"}] x`
    #[error("unexpected text after the end of the records array; remove it")]
    TrailingText,
    /// `["c1"]`
    #[error("{what} must be a JSON object `{{…}}`")]
    NotAnObject { what: &'static str },
    /// `{"object": "contact"}`
    #[error("{what} has no `{key}`; add it")]
    MissingKey { what: &'static str, key: &'static str },
    /// `{"id": 7}`
    #[error("`{key}` must be {expected}")]
    WrongType { key: String, expected: &'static str },
    /// `{"id": "c1", "objct": "contact"}`
    #[error("unknown key `{key}` in {what}; the keys are {allowed}")]
    UnknownKey {
        key: String,
        what: &'static str,
        allowed: &'static str,
    },
    /// two records `{"id": "c1"}`
    #[error("duplicate record id `{id}`; give each record a unique `id`")]
    DuplicateId { id: String },
    /// `{"properties": {"tags": ["a"]}}`
    #[error("property `{property}` must be a string, number, boolean or null")]
    PropertyValue { property: String },
    /// `{"at": "tomorrow"}`
    #[error("`{key}` is not an RFC 3339 instant: `{text}`; write it like `2026-11-30T10:15:00Z`")]
    BadInstant { key: &'static str, text: String },
    /// `{"at": "…", "record": "c1"}` (no event, update, create or delete)
    #[error("a line needs exactly one of `event`, `update`, `create` or `delete`")]
    LineKind,
    /// `{"at": "…", "record": "c404", "event": "x"}`
    #[error("no record `{id}` exists at {at}; create it in the records file or with an earlier `create` line")]
    UnknownRecord { id: String, at: String },
    /// `{"at": "…", "create": {"id": "c1", …}}` while `c1` exists
    #[error("record `{id}` already exists at {at}; use another id, or `delete` it first")]
    RecordExists { id: String, at: String },
    /// an event before `--start`
    #[error("{at} is before the start of the simulation ({start}); give an earlier `--start`")]
    BeforeStart { at: String, start: String },
    /// `{"webhook": 200}` in a mocks file
    #[error("the mock of `{action}` must be an object of outputs or an array of them")]
    MockShape { action: String },
    /// `"$retryable": "yes"` in a mock
    #[error("`$retryable` in the mock of `{action}` must be `true` or `false`")]
    MockRetryable { action: String },
}

impl InputError {
    fn at(file: &str, line: usize, problem: InputProblem) -> InputError {
        InputError {
            file: file.to_string(),
            line: Some(line),
            problem,
        }
    }
}

/// One line of the events file.
#[derive(Clone, Debug, PartialEq)]
pub struct InputEvent {
    /// When it happens.
    pub at: DateTime<Utc>,
    /// Its 1-based line in the events file (0 for events pushed by a host);
    /// events at one instant are taken in line order.
    pub line: usize,
    /// What happens.
    pub kind: InputEventKind,
}

/// What an events-file line does.
#[derive(Clone, Debug, PartialEq)]
pub enum InputEventKind {
    /// `{"record": "c1", "event": "form_submitted", "data": {…}}`
    Event {
        record: Arc<str>,
        name: Arc<str>,
        data: Vec<(Arc<str>, Value)>,
    },
    /// `{"record": "c1", "update": {"score": 80}}`
    Update {
        record: Arc<str>,
        properties: Vec<(Arc<str>, Value)>,
    },
    /// `{"create": {"id": "c9", "object": "contact", …}}`
    Create(NewRecord),
    /// `{"delete": "c9"}`
    Delete { record: Arc<str> },
}

impl InputEventKind {
    /// The id of the record the line is about.
    pub fn record(&self) -> &Arc<str> {
        match self {
            InputEventKind::Event { record, .. }
            | InputEventKind::Update { record, .. }
            | InputEventKind::Delete { record } => record,
            InputEventKind::Create(new) => &new.id,
        }
    }
}

/// Parses an instant in RFC 3339 form.
pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Parses the records file, handing each record and its line to `each` in
/// order; `each` may refuse a record with a problem (a duplicate id).
pub fn parse_records(
    file: &str,
    text: &str,
    mut each: impl FnMut(NewRecord, usize) -> Result<(), InputProblem>,
) -> Result<(), InputError> {
    read_records(file, text, |record, line| each(record.to_new_record(), line))
}

/// Reads the records file, handing each record, borrowed from `text`, and its
/// line to `each` in order; `each` may refuse a record with a problem (a
/// duplicate id). The fast way to fill a store: see
/// [`RecordStore::create_ref`].
pub fn read_records<'a>(
    file: &str,
    text: &'a str,
    mut each: impl FnMut(&RecordRef<'a>, usize) -> Result<(), InputProblem>,
) -> Result<(), InputError> {
    let mut cursor = Cursor::new(text);
    cursor.skip_ws();
    match cursor.peek() {
        Some(b'[') => cursor.advance(1),
        Some(b'{') => return Err(InputError::at(file, cursor.line, InputProblem::NotAnArray)),
        _ => {
            // Let serde_json name what it found.
            let problem = match serde_json::from_str::<Json>(text) {
                Err(e) => json_problem(&e),
                Ok(_) => InputProblem::NotAnArray,
            };
            return Err(InputError {
                file: file.to_string(),
                line: Some(cursor.line),
                problem,
            });
        }
    }
    let mut record = RecordRef::default();
    let mut first = true;
    loop {
        cursor.skip_ws();
        if cursor.peek() == Some(b']') && first {
            cursor.advance(1);
            break;
        }
        let line = cursor.line;
        match reader::read_record(text, cursor.pos, &mut record) {
            Some(end) => cursor.advance(end - cursor.pos),
            None => {
                // The slow path names the problem (or reads a record the fast
                // path leaves to it, such as one with a key given twice).
                let json = cursor
                    .value()
                    .map_err(|(line, problem)| InputError::at(file, line, problem))?;
                let new = record_from_json(&json).map_err(|problem| InputError::at(file, line, problem))?;
                record = owned_record(&new);
            }
        }
        each(&record, line).map_err(|problem| InputError::at(file, line, problem))?;
        first = false;
        cursor.skip_ws();
        match cursor.peek() {
            Some(b',') => cursor.advance(1),
            Some(b']') => {
                cursor.advance(1);
                break;
            }
            _ => {
                let message = match cursor.peek() {
                    None => "the array is not closed: expected `,` or `]`".to_string(),
                    Some(_) => "expected `,` or `]` after a record".to_string(),
                };
                return Err(InputError::at(
                    file,
                    cursor.line,
                    InputProblem::Json {
                        message,
                        column: cursor.column(),
                    },
                ));
            }
        }
    }
    cursor.skip_ws();
    if cursor.peek().is_some() {
        return Err(InputError::at(file, cursor.line, InputProblem::TrailingText));
    }
    Ok(())
}

/// About how many records a records file holds (the number of `"id"` keys),
/// for reserving room before reading it; cheap next to reading it.
pub fn record_count_hint(text: &str) -> usize {
    // Four shifted views of the bytes: a loop the compiler vectorises.
    let b = text.as_bytes();
    let (one, two, three) = (b.get(1..), b.get(2..), b.get(3..));
    b.iter()
        .zip(one.unwrap_or_default())
        .zip(two.unwrap_or_default())
        .zip(three.unwrap_or_default())
        .filter(|(((q1, i), d), q2)| **q1 == b'"' && **i == b'i' && **d == b'd' && **q2 == b'"')
        .count()
}

/// Loads the records file into a store (all records created at once).
pub fn load_records(file: &str, text: &str, store: &mut RecordStore) -> Result<(), InputError> {
    store.reserve(record_count_hint(text));
    read_records(file, text, |record, _| {
        store
            .create_ref(record)
            .map(|_| ())
            .ok_or_else(|| InputProblem::DuplicateId {
                id: record.id.to_string(),
            })
    })
}

/// A record of the slow path as a [`RecordRef`] that owns its strings.
fn owned_record(new: &NewRecord) -> RecordRef<'static> {
    let own = |s: &str| std::borrow::Cow::Owned(s.to_string());
    RecordRef {
        id: own(&new.id),
        object: own(&new.object),
        properties: new
            .properties
            .iter()
            .map(|(name, value)| {
                let scalar = match value {
                    Value::Bool(b) => Scalar::Bool(*b),
                    Value::Number(n) => Scalar::Number(*n),
                    Value::Str(s) => Scalar::Str(own(s)),
                    // Records hold scalars only (`scalar_properties`).
                    _ => Scalar::Null,
                };
                (own(name), scalar)
            })
            .collect(),
        associations: new
            .associations
            .iter()
            .map(|(object, ids)| (own(object), ids.iter().map(|id| own(id)).collect()))
            .collect(),
    }
}

/// Parses the events file: one JSON object a line, blank lines skipped. The
/// result is sorted by instant, then line.
pub fn parse_events(file: &str, text: &str) -> Result<Vec<InputEvent>, InputError> {
    let mut events = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let json: Json = serde_json::from_str(raw).map_err(|e| InputError::at(file, line, json_problem(&e)))?;
        let event = event_from_json(&json, line).map_err(|problem| InputError::at(file, line, problem))?;
        events.push(event);
    }
    events.sort_by_key(|e| (e.at, e.line));
    Ok(events)
}

/// Checks sorted events against the records that exist at each instant:
/// updates, events and deletions need a live record, a creation a free id, and
/// nothing may come before `start`.
pub fn validate_events(
    file: &str,
    events: &[InputEvent],
    store: &RecordStore,
    start: DateTime<Utc>,
) -> Result<(), InputError> {
    let mut created: HashSet<&str> = HashSet::new();
    let mut deleted: HashSet<&str> = HashSet::new();
    for event in events {
        let at = crate::value::format_instant(event.at);
        if event.at < start {
            let start = crate::value::format_instant(start);
            return Err(InputError::at(
                file,
                event.line,
                InputProblem::BeforeStart { at, start },
            ));
        }
        let id: &str = event.kind.record();
        let live = !deleted.contains(id) && (created.contains(id) || store.find(id).is_some());
        match &event.kind {
            InputEventKind::Create(_) if live => {
                let id = id.to_string();
                return Err(InputError::at(file, event.line, InputProblem::RecordExists { id, at }));
            }
            InputEventKind::Create(_) => {
                deleted.remove(id);
                created.insert(id);
            }
            _ if !live => {
                let id = id.to_string();
                return Err(InputError::at(file, event.line, InputProblem::UnknownRecord { id, at }));
            }
            InputEventKind::Delete { .. } => {
                created.remove(id);
                deleted.insert(id);
            }
            _ => {}
        }
    }
    Ok(())
}

/// The outputs mocked for one action: every call gets the next response of
/// the list, and the last one repeats.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mock {
    /// The responses, in call order.
    pub responses: Vec<MockResponse>,
}

/// One mocked response: outputs, or a failure.
#[derive(Clone, Debug, PartialEq)]
pub enum MockResponse {
    /// Output fields by name.
    Outputs(Vec<(Arc<str>, Value)>),
    /// `{"$error": "HTTP 503", "$retryable": true}`: the call fails.
    Failure { message: String, retryable: bool },
}

/// Parses the mocks file: `{"ACTION": {outputs} | [{outputs}, …], …}`. An
/// object with `"$error": MESSAGE` (and optionally `"$retryable": true`)
/// simulates a failed call.
pub fn parse_mocks(file: &str, text: &str) -> Result<Vec<(String, Mock)>, InputError> {
    let json: Json = serde_json::from_str(text).map_err(|e| InputError {
        file: file.to_string(),
        line: Some(e.line()),
        problem: json_problem(&e),
    })?;
    let Json::Object(map) = json else {
        let line = text.lines().position(|l| !l.trim().is_empty()).map_or(1, |i| i + 1);
        return Err(InputError::at(
            file,
            line,
            InputProblem::NotAnObject { what: "the mocks file" },
        ));
    };
    let lines = mock_lines(text);
    let mut mocks = Vec::new();
    for (action, value) in map {
        let line = lines.get(action.as_str()).copied().unwrap_or(1);
        let whole = |problem| InputError::at(file, line, problem);
        let items: Vec<&Json> = match &value {
            Json::Array(items) if !items.is_empty() => items.iter().collect(),
            Json::Object(_) => vec![&value],
            _ => return Err(whole(InputProblem::MockShape { action })),
        };
        let mut responses = Vec::new();
        for item in items {
            let Json::Object(fields) = item else {
                return Err(whole(InputProblem::MockShape { action }));
            };
            let response = match fields.get("$error") {
                Some(message) => {
                    let retryable = match fields.get("$retryable") {
                        None => false,
                        Some(Json::Bool(b)) => *b,
                        Some(_) => return Err(whole(InputProblem::MockRetryable { action })),
                    };
                    let message = match message {
                        Json::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    MockResponse::Failure { message, retryable }
                }
                None => MockResponse::Outputs(
                    fields
                        .iter()
                        .map(|(k, v)| (Arc::from(k.as_str()), Value::from_json(v)))
                        .collect(),
                ),
            };
            responses.push(response);
        }
        mocks.push((action, Mock { responses }));
    }
    Ok(mocks)
}

/// The line of each action's key in a mocks file already known to be a
/// valid JSON object (a key given twice: its last line, as serde_json keeps
/// the last value).
fn mock_lines(text: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let mut cursor = Cursor::new(text);
    cursor.skip_ws();
    if cursor.peek() != Some(b'{') {
        return lines;
    }
    cursor.advance(1);
    loop {
        cursor.skip_ws();
        if matches!(cursor.peek(), Some(b'}') | None) {
            break;
        }
        let line = cursor.line;
        let Ok(Json::String(key)) = cursor.value() else {
            break;
        };
        cursor.skip_ws();
        cursor.advance(1); // `:`
        cursor.skip_ws();
        if cursor.value().is_err() {
            break;
        }
        lines.insert(key, line);
        cursor.skip_ws();
        if cursor.peek() == Some(b',') {
            cursor.advance(1);
        }
    }
    lines
}

fn json_problem(e: &serde_json::Error) -> InputProblem {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text,
    };
    InputProblem::Json {
        message,
        column: e.column(),
    }
}

const RECORD_KEYS: &str = "`id`, `object`, `properties` and `associations`";

/// A record from its JSON object.
pub fn record_from_json(json: &Json) -> Result<NewRecord, InputProblem> {
    let Json::Object(map) = json else {
        return Err(InputProblem::NotAnObject { what: "a record" });
    };
    for key in map.keys() {
        if !matches!(key.as_str(), "id" | "object" | "properties" | "associations") {
            return Err(InputProblem::UnknownKey {
                key: key.clone(),
                what: "a record",
                allowed: RECORD_KEYS,
            });
        }
    }
    let id = required_string(map, "id", "a record")?;
    let object = required_string(map, "object", "a record")?;
    let properties = match map.get("properties") {
        None | Some(Json::Null) => Vec::new(),
        Some(json) => scalar_properties(json, "properties")?,
    };
    let associations = match map.get("associations") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Object(assoc)) => {
            let mut out = Vec::new();
            for (object, ids) in assoc {
                let expected = "an array of record ids (strings)";
                let Json::Array(ids) = ids else {
                    return Err(InputProblem::WrongType {
                        key: format!("associations.{object}"),
                        expected,
                    });
                };
                let ids = ids
                    .iter()
                    .map(|id| match id {
                        Json::String(s) => Ok(Arc::from(s.as_str())),
                        _ => Err(InputProblem::WrongType {
                            key: format!("associations.{object}"),
                            expected,
                        }),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                out.push((Arc::from(object.as_str()), ids));
            }
            out
        }
        Some(_) => {
            return Err(InputProblem::WrongType {
                key: "associations".into(),
                expected: "an object of id arrays by object type: `{\"company\": [\"co1\"]}`",
            });
        }
    };
    Ok(NewRecord {
        id,
        object,
        properties,
        associations,
    })
}

fn required_string(
    map: &serde_json::Map<String, Json>,
    key: &'static str,
    what: &'static str,
) -> Result<Arc<str>, InputProblem> {
    match map.get(key) {
        None => Err(InputProblem::MissingKey { what, key }),
        Some(Json::String(s)) if !s.is_empty() => Ok(Arc::from(s.as_str())),
        Some(_) => Err(InputProblem::WrongType {
            key: key.to_string(),
            expected: "a non-empty string",
        }),
    }
}

fn scalar_properties(json: &Json, key: &str) -> Result<Vec<(Arc<str>, Value)>, InputProblem> {
    let Json::Object(props) = json else {
        return Err(InputProblem::WrongType {
            key: key.to_string(),
            expected: "an object of property values",
        });
    };
    props
        .iter()
        .map(|(name, value)| match value {
            Json::Null | Json::Bool(_) | Json::Number(_) | Json::String(_) => {
                Ok((Arc::from(name.as_str()), Value::from_json(value)))
            }
            _ => Err(InputProblem::PropertyValue { property: name.clone() }),
        })
        .collect()
}

const EVENT_KEYS: &str = "`at` with `record` and `event` (and `data`), `record` and `update`, `create`, or `delete`";

fn event_from_json(json: &Json, line: usize) -> Result<InputEvent, InputProblem> {
    let Json::Object(map) = json else {
        return Err(InputProblem::NotAnObject { what: "an events line" });
    };
    for key in map.keys() {
        if !matches!(
            key.as_str(),
            "at" | "record" | "event" | "data" | "update" | "create" | "delete"
        ) {
            return Err(InputProblem::UnknownKey {
                key: key.clone(),
                what: "an events line",
                allowed: EVENT_KEYS,
            });
        }
    }
    let at = match map.get("at") {
        None => {
            return Err(InputProblem::MissingKey {
                what: "the line",
                key: "at",
            });
        }
        Some(Json::String(text)) => parse_instant(text).ok_or_else(|| InputProblem::BadInstant {
            key: "at",
            text: text.clone(),
        })?,
        Some(other) => {
            return Err(InputProblem::BadInstant {
                key: "at",
                text: other.to_string(),
            });
        }
    };
    let kinds = ["event", "update", "create", "delete"]
        .iter()
        .filter(|k| map.contains_key(**k))
        .count();
    if kinds != 1 {
        return Err(InputProblem::LineKind);
    }
    let record = || required_string(map, "record", "the line");
    let kind = if let Some(name) = map.get("event") {
        let Json::String(name) = name else {
            return Err(InputProblem::WrongType {
                key: "event".into(),
                expected: "an event name (a string)",
            });
        };
        let data = match map.get("data") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Object(fields)) => fields
                .iter()
                .map(|(k, v)| (Arc::from(k.as_str()), Value::from_json(v)))
                .collect(),
            Some(_) => {
                return Err(InputProblem::WrongType {
                    key: "data".into(),
                    expected: "an object of event fields",
                });
            }
        };
        InputEventKind::Event {
            record: record()?,
            name: Arc::from(name.as_str()),
            data,
        }
    } else {
        if map.contains_key("data") {
            return Err(InputProblem::UnknownKey {
                key: "data".into(),
                what: "a line without `event`",
                allowed: EVENT_KEYS,
            });
        }
        if let Some(update) = map.get("update") {
            InputEventKind::Update {
                record: record()?,
                properties: scalar_properties(update, "update")?,
            }
        } else if let Some(create) = map.get("create") {
            if map.contains_key("record") {
                return Err(InputProblem::UnknownKey {
                    key: "record".into(),
                    what: "a `create` line (the id goes inside the record)",
                    allowed: EVENT_KEYS,
                });
            }
            InputEventKind::Create(record_from_json(create)?)
        } else {
            match map.get("delete") {
                Some(Json::String(id)) if !id.is_empty() && !map.contains_key("record") => InputEventKind::Delete {
                    record: Arc::from(id.as_str()),
                },
                _ => {
                    return Err(InputProblem::WrongType {
                        key: "delete".into(),
                        expected: "the id of the record to delete (a string)",
                    });
                }
            }
        }
    };
    Ok(InputEvent { at, line, kind })
}

/// A scanner over the records array that tracks the current line.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    line_start: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Cursor {
            text,
            pos,
            line: 1,
            line_start: pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn advance(&mut self, n: usize) {
        let end = (self.pos + n).min(self.text.len());
        let bytes = self.text.as_bytes().get(self.pos..end).unwrap_or_default();
        // Count first (a vectorised pass): most records hold no newline.
        let newlines = bytes.iter().filter(|b| **b == b'\n').count();
        if newlines > 0
            && let Some(last) = bytes.iter().rposition(|b| *b == b'\n')
        {
            self.line += newlines;
            self.line_start = self.pos + last + 1;
        }
        self.pos = end;
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.advance(1);
        }
    }

    fn column(&self) -> usize {
        self.text
            .get(self.line_start..self.pos)
            .map_or(1, |s| s.chars().count() + 1)
    }

    /// Parses one JSON value at the cursor; an error carries its absolute line.
    fn value(&mut self) -> Result<Json, (usize, InputProblem)> {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Json>();
        match stream.next() {
            Some(Ok(json)) => {
                let consumed = stream.byte_offset();
                self.advance(consumed);
                Ok(json)
            }
            Some(Err(e)) => {
                let line = self.line + e.line().saturating_sub(1);
                let mut problem = json_problem(&e);
                if e.line() <= 1
                    && let InputProblem::Json { column, .. } = &mut problem
                {
                    *column += self.column() - 1;
                }
                Err((line, problem))
            }
            None => Err((
                self.line,
                InputProblem::Json {
                    message: "the array is not closed: expected a record or `]`".into(),
                    column: self.column(),
                },
            )),
        }
    }
}

#[cfg(test)]
mod tests;
