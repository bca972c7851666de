//! The record store: records by id in creation order, their properties in
//! columns (one per property name the program reads), the other properties kept
//! aside, and associations.
//!
//! Decisions where the spec is silent:
//! - associations are symmetric: linking `c1` to company `co1` also links `co1`
//!   to contact `c1` when both exist at that moment;
//! - `TYPE.prop` reads the first associated record of TYPE that exists; a link to
//!   a record that does not exist (yet, or any more) is skipped;
//! - a deleted record leaves the store; its id may be used again by a later
//!   creation, which counts as a new record (last in input order).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::value::Value;

/// Index of a record in the store (creation order); stable for its lifetime.
pub type RecordIdx = u32;

/// A property name of the store: a column when the program reads it.
pub type Column = u32;

/// One record to create: from the records file, an event line or an action.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewRecord {
    /// Unique id.
    pub id: Arc<str>,
    /// Object type (`contact`, `company`, a custom object).
    pub object: Arc<str>,
    /// Property values by name.
    pub properties: Vec<(Arc<str>, Value)>,
    /// Associated record ids by object type.
    pub associations: Vec<(Arc<str>, Vec<Arc<str>>)>,
}

/// A property value as the records file can give it.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'a> {
    /// `null`: the property is unknown.
    Null,
    Bool(bool),
    Number(f64),
    /// A string, borrowed from the input when it has no escapes.
    Str(Cow<'a, str>),
}

impl Scalar<'_> {
    /// The run-time value.
    pub fn to_value(&self) -> Value {
        match self {
            Scalar::Null => Value::Unknown,
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Number(n) => Value::Number(*n),
            Scalar::Str(s) => Value::str(s),
        }
    }
}

/// One record to create, borrowed from the text it was read from: the records
/// file's reader fills one and the store copies out what it keeps, so reading
/// a record allocates only what the store holds on to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordRef<'a> {
    /// Unique id.
    pub id: Cow<'a, str>,
    /// Object type.
    pub object: Cow<'a, str>,
    /// Property values by name, in input order (a later one wins).
    pub properties: Vec<(Cow<'a, str>, Scalar<'a>)>,
    /// Associated record ids by object type.
    pub associations: Vec<(Cow<'a, str>, Vec<Cow<'a, str>>)>,
}

impl RecordRef<'_> {
    /// Empties it for the next record, keeping its buffers.
    pub fn clear(&mut self) {
        self.id = Cow::Borrowed("");
        self.object = Cow::Borrowed("");
        self.properties.clear();
        self.associations.clear();
    }

    /// An owned copy.
    pub fn to_new_record(&self) -> NewRecord {
        NewRecord {
            id: Arc::from(&*self.id),
            object: Arc::from(&*self.object),
            properties: self
                .properties
                .iter()
                .map(|(name, value)| (Arc::from(&**name), value.to_value()))
                .collect(),
            associations: self
                .associations
                .iter()
                .map(|(object, ids)| (Arc::from(&**object), ids.iter().map(|id| Arc::from(&**id)).collect()))
                .collect(),
        }
    }
}

/// One association of a record with another one.
#[derive(Clone, Debug, PartialEq)]
pub struct Association {
    /// The other record's object type.
    pub object: Arc<str>,
    /// The other record's id.
    pub id: Arc<str>,
    /// Association labels (`apply_association_label`).
    pub labels: Vec<Arc<str>>,
}

/// One record of the store.
#[derive(Clone, Debug)]
pub struct Record {
    /// Unique id.
    pub id: Arc<str>,
    /// Object type.
    pub object: Arc<str>,
    /// Values of the program's columns.
    values: Vec<Value>,
    /// Properties the program never reads, sorted by name.
    others: Vec<(Arc<str>, Value)>,
    /// Associations, in the order they were made.
    pub associations: Vec<Association>,
}

impl Record {
    /// The value of a column (unknown when never set).
    pub fn column(&self, column: Column) -> &Value {
        self.values.get(column as usize).unwrap_or(&Value::Unknown)
    }
}

/// The hasher of the store's tables: FxHash-style word-at-a-time mixing with
/// a SplitMix64 finish, several times faster
/// than the default SipHash on short keys such as record ids, which `wf run`
/// hashes a dozen times per record. Its keys come from the user's own input
/// files, so SipHash's protection against chosen collisions buys nothing here.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A multiply leaves the low bits depending on the key's low bytes
        // only (`c1`, `c2`, … share them), and the table indexes by the low
        // bits: finish with a full mix.
        let mut z = self.hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A map with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;
/// A set with [`FxHasher`].
pub type FxHashSet<T> = HashSet<T, std::hash::BuildHasherDefault<FxHasher>>;

/// The records of a run.
#[derive(Debug, Default)]
pub struct RecordStore {
    columns: Vec<Arc<str>>,
    column_of: FxHashMap<Arc<str>, Column>,
    records: Vec<Option<Record>>,
    by_id: FxHashMap<Arc<str>, RecordIdx>,
    /// Object type names, shared by every record of the type.
    objects: Vec<Arc<str>>,
    /// Names of properties the program never reads, shared by every record.
    names: FxHashSet<Arc<str>>,
    /// Short string values seen so far, shared by every record (bounded).
    strings: FxHashSet<Arc<str>>,
    created: u64,
}

/// Strings up to this length are shared between records (enum-like values
/// such as `lead` repeat across a million records).
const SHARED_STRING_LEN: usize = 64;
/// At most this many distinct strings are shared (unique values such as
/// emails would otherwise fill the table for nothing).
const SHARED_STRINGS: usize = 1 << 16;

impl RecordStore {
    /// An empty store whose columns are these property names (in order).
    pub fn new(columns: impl IntoIterator<Item = Arc<str>>) -> RecordStore {
        let mut store = RecordStore::default();
        for name in columns {
            store.column_for(&name);
        }
        store
    }

    /// The column of a property name, adding one when new. Only call before
    /// records exist, or accept that older records read it as unknown.
    pub fn column_for(&mut self, name: &str) -> Column {
        if let Some(column) = self.column_of.get(name) {
            return *column;
        }
        let column = self.columns.len() as Column;
        let name: Arc<str> = Arc::from(name);
        self.columns.push(name.clone());
        self.column_of.insert(name, column);
        column
    }

    /// The column of a property name, if the program reads it.
    pub fn column(&self, name: &str) -> Option<Column> {
        self.column_of.get(name).copied()
    }

    /// Makes room for `additional` more records.
    pub fn reserve(&mut self, additional: usize) {
        self.records.reserve(additional);
        self.by_id.reserve(additional);
    }

    /// The number of live records.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when no record is live.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The index bound: every live index is below it.
    pub fn capacity(&self) -> usize {
        self.records.len()
    }

    /// The live record with this index.
    pub fn get(&self, idx: RecordIdx) -> Option<&Record> {
        self.records.get(idx as usize).and_then(Option::as_ref)
    }

    /// The index of the live record with this id.
    pub fn find(&self, id: &str) -> Option<RecordIdx> {
        self.by_id.get(id).copied()
    }

    /// Live records in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (RecordIdx, &Record)> {
        self.records
            .iter()
            .enumerate()
            .filter_map(|(idx, record)| record.as_ref().map(|r| (idx as RecordIdx, r)))
    }

    /// Creates a record; `None` when its id is taken by a live record.
    pub fn create(&mut self, new: NewRecord) -> Option<RecordIdx> {
        if self.by_id.contains_key(&new.id) {
            return None;
        }
        let mut record = self.empty_record(new.id, &new.object);
        for (name, value) in new.properties {
            let value = self.share(value);
            self.put(&mut record, &name, value);
        }
        let idx = self.push(record);
        for (object, ids) in new.associations {
            for id in ids {
                self.associate(idx, &object, &id);
            }
        }
        Some(idx)
    }

    /// Creates a record from borrowed text (the records file's reader); `None`
    /// when its id is taken by a live record. Allocates only what the store
    /// keeps: the id, strings and names it has not seen before, the columns.
    pub fn create_ref(&mut self, new: &RecordRef<'_>) -> Option<RecordIdx> {
        if self.by_id.contains_key(&*new.id) {
            return None;
        }
        let mut record = self.empty_record(Arc::from(&*new.id), &new.object);
        for (name, value) in &new.properties {
            let value = match value {
                Scalar::Str(s) => Value::Str(self.shared_str(s)),
                other => other.to_value(),
            };
            self.put(&mut record, name, value);
        }
        let idx = self.push(record);
        for (object, ids) in &new.associations {
            for id in ids {
                self.associate(idx, object, id);
            }
        }
        Some(idx)
    }

    /// A record with no properties yet, its values one per column.
    fn empty_record(&mut self, id: Arc<str>, object: &str) -> Record {
        let object = match self.objects.iter().find(|o| ***o == *object) {
            Some(object) => object.clone(),
            None => {
                let object: Arc<str> = Arc::from(object);
                self.objects.push(object.clone());
                object
            }
        };
        Record {
            id,
            object,
            // Every column at once: one allocation, and a later `set` never grows it.
            values: vec![Value::Unknown; self.columns.len()],
            others: Vec::new(),
            associations: Vec::new(),
        }
    }

    /// Sets a property of a record being created.
    fn put(&mut self, record: &mut Record, name: &str, value: Value) {
        match self.column(name) {
            Some(column) => set_value(&mut record.values, column, value),
            None => {
                let name = self.shared_name(name);
                set_other(&mut record.others, name, value);
            }
        }
    }

    /// Adds a created record under its id.
    fn push(&mut self, mut record: Record) -> RecordIdx {
        record.others.shrink_to_fit();
        let idx = self.records.len() as RecordIdx;
        self.by_id.insert(record.id.clone(), idx);
        self.records.push(Some(record));
        self.created += 1;
        idx
    }

    /// A fresh id for a record created by a workflow: `OBJECT-N`, never a live id.
    pub fn fresh_id(&self, object: &str) -> Arc<str> {
        let mut n = self.created + 1;
        loop {
            let id = format!("{object}-{n}");
            if !self.by_id.contains_key(id.as_str()) {
                return Arc::from(id);
            }
            n += 1;
        }
    }

    /// Removes a record; false when it is not live.
    pub fn delete(&mut self, idx: RecordIdx) -> bool {
        let Some(record) = self.records.get_mut(idx as usize).and_then(Option::take) else {
            return false;
        };
        self.by_id.remove(&record.id);
        true
    }

    /// Links a record with another one by object type and id (both ways when the
    /// other exists). Linking twice is a no-op.
    pub fn associate(&mut self, idx: RecordIdx, object: &str, id: &str) {
        let Some(own) = self.get(idx).map(|r| (r.id.clone(), r.object.clone())) else {
            return;
        };
        let other = self.find(id);
        if let Some(record) = self.records.get_mut(idx as usize).and_then(Option::as_mut) {
            link(record, object, id);
        }
        if let Some(other) = other
            && other != idx
            && let Some(record) = self.records.get_mut(other as usize).and_then(Option::as_mut)
        {
            link(record, &own.1, &own.0);
        }
    }

    /// The first existing record of `object` associated with `idx`.
    pub fn associated(&self, idx: RecordIdx, object: &str) -> Option<RecordIdx> {
        let record = self.get(idx)?;
        record
            .associations
            .iter()
            .filter(|a| &*a.object == object)
            .find_map(|a| {
                self.find(&a.id)
                    .filter(|&other| self.get(other).is_some_and(|r| &*r.object == object))
            })
    }

    /// The associations of `idx` with records of `object`, mutable (labels).
    pub fn associations_mut(&mut self, idx: RecordIdx, object: &str) -> impl Iterator<Item = &mut Association> {
        self.records
            .get_mut(idx as usize)
            .and_then(Option::as_mut)
            .into_iter()
            .flat_map(|r| r.associations.iter_mut())
            .filter(move |a| &*a.object == object)
    }

    /// The value of a column of a record (unknown for a missing record).
    pub fn value(&self, idx: RecordIdx, column: Column) -> Value {
        self.get(idx).map_or(Value::Unknown, |r| r.column(column).clone())
    }

    /// The value of any property by name.
    pub fn value_by_name(&self, idx: RecordIdx, name: &str) -> Value {
        let Some(record) = self.get(idx) else {
            return Value::Unknown;
        };
        match self.column(name) {
            Some(column) => record.column(column).clone(),
            None => record
                .others
                .binary_search_by(|(n, _)| (**n).cmp(name))
                .ok()
                .and_then(|i| record.others.get(i))
                .map_or(Value::Unknown, |(_, v)| v.clone()),
        }
    }

    /// Sets a column of a record (unknown clears it).
    pub fn set_column(&mut self, idx: RecordIdx, column: Column, value: Value) {
        if let Some(record) = self.records.get_mut(idx as usize).and_then(Option::as_mut) {
            set_value(&mut record.values, column, value);
        }
    }

    /// Sets any property by name (unknown clears it).
    pub fn set_by_name(&mut self, idx: RecordIdx, name: &str, value: Value) {
        let value = self.share(value);
        match self.column(name) {
            Some(column) => self.set_column(idx, column, value),
            None => {
                let name = self.shared_name(name);
                if let Some(record) = self.records.get_mut(idx as usize).and_then(Option::as_mut) {
                    set_other(&mut record.others, name, value);
                }
            }
        }
    }

    /// The shared copy of a property name the program never reads.
    fn shared_name(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.names.get(name) {
            return shared.clone();
        }
        let name: Arc<str> = Arc::from(name);
        self.names.insert(name.clone());
        name
    }

    /// The value, with a short string replaced by its shared copy.
    fn share(&mut self, value: Value) -> Value {
        match value {
            Value::Str(s) if s.len() <= SHARED_STRING_LEN => {
                if let Some(shared) = self.strings.get(&*s) {
                    return Value::Str(shared.clone());
                }
                if self.strings.len() < SHARED_STRINGS {
                    self.strings.insert(s.clone());
                }
                Value::Str(s)
            }
            other => other,
        }
    }

    /// A string for a value: the shared copy when it is short and seen before.
    fn shared_str(&mut self, s: &str) -> Arc<str> {
        if s.len() > SHARED_STRING_LEN {
            return Arc::from(s);
        }
        if let Some(shared) = self.strings.get(s) {
            return shared.clone();
        }
        let s: Arc<str> = Arc::from(s);
        if self.strings.len() < SHARED_STRINGS {
            self.strings.insert(s.clone());
        }
        s
    }

    /// Every known property of a record by name, columns first (for hosts).
    pub fn properties(&self, idx: RecordIdx) -> Vec<(Arc<str>, Value)> {
        let Some(record) = self.get(idx) else {
            return Vec::new();
        };
        let mut out: Vec<(Arc<str>, Value)> = record
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_unknown())
            .filter_map(|(i, v)| self.columns.get(i).map(|name| (name.clone(), v.clone())))
            .collect();
        out.extend(record.others.iter().cloned());
        out
    }
}

fn link(record: &mut Record, object: &str, id: &str) {
    if !record.associations.iter().any(|a| &*a.object == object && &*a.id == id) {
        record.associations.push(Association {
            object: Arc::from(object),
            id: Arc::from(id),
            labels: Vec::new(),
        });
    }
}

fn set_value(values: &mut Vec<Value>, column: Column, value: Value) {
    let i = column as usize;
    if i >= values.len() {
        if value.is_unknown() {
            return;
        }
        values.resize(i + 1, Value::Unknown);
    }
    if let Some(slot) = values.get_mut(i) {
        *slot = value;
    }
}

fn set_other(others: &mut Vec<(Arc<str>, Value)>, name: Arc<str>, value: Value) {
    match others.binary_search_by(|(n, _)| n.cmp(&name)) {
        Ok(i) if value.is_unknown() => {
            others.remove(i);
        }
        Ok(i) => {
            if let Some(entry) = others.get_mut(i) {
                entry.1 = value;
            }
        }
        Err(_) if value.is_unknown() => {}
        Err(i) => others.insert(i, (name, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, object: &str, props: &[(&str, Value)], assoc: &[(&str, &[&str])]) -> NewRecord {
        NewRecord {
            id: Arc::from(id),
            object: Arc::from(object),
            properties: props.iter().map(|(n, v)| (Arc::from(*n), v.clone())).collect(),
            associations: assoc
                .iter()
                .map(|(o, ids)| (Arc::from(*o), ids.iter().map(|i| Arc::from(*i)).collect()))
                .collect(),
        }
    }

    #[test]
    fn columns_and_other_properties_read_back() {
        let mut store = RecordStore::new([Arc::from("score")]);
        let c1 = store
            .create(record(
                "c1",
                "contact",
                &[("score", Value::Number(5.0)), ("email", Value::str("a@b"))],
                &[],
            ))
            .unwrap_or_default();
        let score = store.column("score").unwrap_or_default();
        assert_eq!(store.value(c1, score), Value::Number(5.0));
        assert_eq!(store.value_by_name(c1, "email"), Value::str("a@b"));
        store.set_by_name(c1, "email", Value::Unknown);
        assert_eq!(store.value_by_name(c1, "email"), Value::Unknown);
        assert_eq!(store.properties(c1), vec![(Arc::from("score"), Value::Number(5.0))]);
    }

    #[test]
    fn associations_are_symmetric_and_skip_missing_records() {
        let mut store = RecordStore::new([]);
        let co = store.create(record("co1", "company", &[], &[])).unwrap_or_default();
        let c1 = store
            .create(record("c1", "contact", &[], &[("company", &["gone", "co1"])]))
            .unwrap_or_default();
        assert_eq!(store.associated(c1, "company"), Some(co));
        assert_eq!(store.associated(co, "contact"), Some(c1));
        assert!(store.delete(co));
        assert_eq!(store.associated(c1, "company"), None);
        assert!(store.create(record("c1", "contact", &[], &[])).is_none());
    }

    #[test]
    fn fresh_ids_never_collide() {
        let mut store = RecordStore::new([]);
        store.create(record("task-2", "task", &[], &[])).unwrap_or_default();
        let id = store.fresh_id("task");
        assert_ne!(&*id, "task-2");
        assert!(store.find(&id).is_none());
    }
}
