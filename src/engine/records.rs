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
use std::sync::Arc;

pub(crate) use crate::hash::{FxHashMap, FxHashSet};
use hash::{IdIndex, id_hash, spread};

mod hash;

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
    /// Properties the program never reads, sorted by name (the columns are
    /// in the store's table).
    others: Vec<(Arc<str>, Value)>,
    /// Associations, in the order they were made.
    pub associations: Vec<Association>,
}

/// The id of the live record at `idx`.
fn id_of(records: &[Option<Record>], idx: RecordIdx) -> Option<&str> {
    records.get(idx as usize)?.as_ref().map(|r| &*r.id)
}

/// A property name resolved: a column, or an index into the other names.
#[derive(Clone, Copy, Debug)]
enum NameSlot {
    Column(Column),
    Other(u32),
}

/// The value of a missing property.
static UNKNOWN: Value = Value::Unknown;

/// Whether values of one property are worth sharing: short strings are
/// looked up in the shared table while at least a quarter of the lookups
/// found a copy (enum-like values), and no longer once a property shows
/// unique values (emails, names), which would only miss.
#[derive(Clone, Copy, Debug, Default)]
struct ShareStats {
    tried: u32,
    found: u32,
}

impl ShareStats {
    /// Lookups before a property is judged.
    const TRIAL: u32 = 1024;

    fn worth_trying(self) -> bool {
        self.tried < Self::TRIAL || self.found >= self.tried / 4
    }
}

/// The records of a run.
#[derive(Debug, Default)]
pub struct RecordStore {
    columns: Vec<Arc<str>>,
    column_of: FxHashMap<Arc<str>, Column>,
    records: Vec<Option<Record>>,
    /// The columns' values, a row of `columns.len()` per record index: one
    /// allocation for the whole store, and a property read is one index.
    values: Vec<Value>,
    by_id: IdIndex,
    /// Object type names, shared by every record of the type.
    objects: Vec<Arc<str>>,
    /// Names of properties the program never reads, shared by every record,
    /// by index into `name_list`.
    names: FxHashMap<Arc<str>, u32>,
    name_list: Vec<(Arc<str>, ShareStats)>,
    /// How sharing went for each column.
    column_share: Vec<ShareStats>,
    /// Short string values seen so far, shared by every record (bounded).
    strings: FxHashSet<Arc<str>>,
    /// The other properties of the record being created.
    others: Vec<(Arc<str>, Value)>,
    /// What the `i`-th property name of the last record read resolved to:
    /// the records of a file tend to list the same names in the same order,
    /// so most names are resolved by one comparison instead of a lookup.
    recent_names: Vec<(Arc<str>, NameSlot)>,
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

    /// The column of a property name, adding one when new. Columns are meant
    /// to be added before records exist: a later one costs a copy of the
    /// table, and older records read it as unknown even if they had the
    /// property among their others.
    pub fn column_for(&mut self, name: &str) -> Column {
        if let Some(column) = self.column_of.get(name) {
            return *column;
        }
        let column = self.columns.len() as Column;
        let name: Arc<str> = Arc::from(name);
        self.columns.push(name.clone());
        self.column_of.insert(name, column);
        self.column_share.push(ShareStats::default());
        // A name resolved before may be this column now.
        self.recent_names.clear();
        if !self.records.is_empty() {
            let (old, new) = (self.columns.len() - 1, self.columns.len());
            let mut values = Vec::with_capacity(self.records.len() * new);
            for row in self.values.chunks(old.max(1)).take(self.records.len()) {
                values.extend(row.iter().take(old).cloned());
                values.push(Value::Unknown);
            }
            values.resize(self.records.len() * new, Value::Unknown);
            self.values = values;
        }
        column
    }

    /// The row of a record in `values`.
    fn row(&self, idx: RecordIdx) -> std::ops::Range<usize> {
        let start = idx as usize * self.columns.len();
        start..start + self.columns.len()
    }

    /// The column of a property name, if the program reads it.
    pub fn column(&self, name: &str) -> Option<Column> {
        self.column_of.get(name).copied()
    }

    /// Makes room for `additional` more records.
    pub fn reserve(&mut self, additional: usize) {
        self.records.reserve(additional);
        self.values.reserve(additional * self.columns.len());
        self.by_id.table.reserve(additional, |&(_, hash)| spread(hash));
    }

    /// The number of live records.
    pub fn len(&self) -> usize {
        self.by_id.table.len()
    }

    /// True when no record is live.
    pub fn is_empty(&self) -> bool {
        self.by_id.table.is_empty()
    }

    /// The index bound: every live index is below it.
    pub fn capacity(&self) -> usize {
        self.records.len()
    }

    /// The live record with this index.
    pub fn get(&self, idx: RecordIdx) -> Option<&Record> {
        self.records.get(idx as usize).and_then(Option::as_ref)
    }

    /// True when the record at `idx` has this id.
    fn id_is(&self, idx: RecordIdx, id: &str) -> bool {
        id_of(&self.records, idx) == Some(id)
    }

    /// The index of the live record with this id.
    pub fn find(&self, id: &str) -> Option<RecordIdx> {
        let hash = id_hash(id);
        self.by_id
            .table
            .find(spread(hash), |&(idx, h)| h == hash && self.id_is(idx, id))
            .map(|&(idx, _)| idx)
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
        let idx = self.claim(new.id.clone())?;
        for (name, value) in new.properties {
            let value = self.share(value);
            self.put(idx, &name, value);
        }
        self.push(new.id, &new.object);
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
        let id: Arc<str> = Arc::from(&*new.id);
        let idx = self.claim(id.clone())?;
        for (i, (name, value)) in new.properties.iter().enumerate() {
            let slot = self.resolve_recent(i, name);
            self.put_scalar(idx, slot, value);
        }
        self.push(id, &new.object);
        for (object, ids) in &new.associations {
            for id in ids {
                self.associate(idx, object, id);
            }
        }
        Some(idx)
    }

    /// Takes the next index for a new record under `id` (one lookup of the
    /// id) and gives it a row of unknown values; `None` when the id is live.
    fn claim(&mut self, id: Arc<str>) -> Option<RecordIdx> {
        let idx = self.records.len() as RecordIdx;
        let hash = id_hash(&id);
        let records = &self.records;
        let entry = self.by_id.table.entry(
            spread(hash),
            |&(other, h)| h == hash && id_of(records, other) == Some(&*id),
            |&(_, h)| spread(h),
        );
        match entry {
            hashbrown::hash_table::Entry::Occupied(_) => return None,
            hashbrown::hash_table::Entry::Vacant(slot) => slot.insert((idx, hash)),
        };
        self.values
            .resize(self.values.len() + self.columns.len(), Value::Unknown);
        Some(idx)
    }

    /// Sets a property of the record being created: a column, or one of its
    /// other properties, gathered in `self.others` until [`RecordStore::push`].
    fn put(&mut self, idx: RecordIdx, name: &str, value: Value) {
        match self.column(name) {
            Some(column) => self.set_cell(idx, column, value),
            None => {
                let (_, name) = self.other_name(name);
                set_other(&mut self.others, name, value);
            }
        }
    }

    /// The slot of the `position`-th property name of a record being read.
    fn resolve_recent(&mut self, position: usize, name: &str) -> NameSlot {
        if let Some((recent, slot)) = self.recent_names.get(position)
            && **recent == *name
        {
            return *slot;
        }
        let (shared, slot) = match self.column_of.get_key_value(name) {
            Some((shared, column)) => (shared.clone(), NameSlot::Column(*column)),
            None => {
                let (i, shared) = self.other_name(name);
                (shared, NameSlot::Other(i))
            }
        };
        match self.recent_names.get_mut(position) {
            Some(recent) => *recent = (shared, slot),
            None => self.recent_names.push((shared, slot)),
        }
        slot
    }

    /// [`RecordStore::put`] for a value read from a file: a string is shared
    /// when its property's values tend to repeat.
    fn put_scalar(&mut self, idx: RecordIdx, slot: NameSlot, value: &Scalar<'_>) {
        let (name, stats) = match slot {
            NameSlot::Column(column) => (None, self.column_share.get_mut(column as usize)),
            NameSlot::Other(i) => {
                let entry = self.name_list.get_mut(i as usize);
                let name = entry.as_ref().map(|(name, _)| name.clone());
                (name, entry.map(|(_, stats)| stats))
            }
        };
        let value = match value {
            Scalar::Str(s) if s.len() <= SHARED_STRING_LEN && stats.as_ref().is_some_and(|s| s.worth_trying()) => {
                let shared = self.strings.get(&**s).cloned();
                if let Some(stats) = stats {
                    stats.tried += 1;
                    stats.found += u32::from(shared.is_some());
                }
                Value::Str(shared.unwrap_or_else(|| {
                    let s: Arc<str> = Arc::from(&**s);
                    if self.strings.len() < SHARED_STRINGS {
                        self.strings.insert(s.clone());
                    }
                    s
                }))
            }
            other => other.to_value(),
        };
        match (slot, name) {
            (NameSlot::Column(column), _) => self.set_cell(idx, column, value),
            (NameSlot::Other(_), Some(name)) => set_other(&mut self.others, name, value),
            (NameSlot::Other(_), None) => {}
        }
    }

    /// Sets a cell of the table.
    fn set_cell(&mut self, idx: RecordIdx, column: Column, value: Value) {
        let at = self.row(idx).start + column as usize;
        if let Some(cell) = self.values.get_mut(at) {
            *cell = value;
        }
    }

    /// Adds the record being created, at the index [`RecordStore::claim`] gave.
    fn push(&mut self, id: Arc<str>, object: &str) {
        let object = match self.objects.iter().find(|o| ***o == *object) {
            Some(object) => object.clone(),
            None => {
                let object: Arc<str> = Arc::from(object);
                self.objects.push(object.clone());
                object
            }
        };
        self.records.push(Some(Record {
            id,
            object,
            // One allocation of the exact size.
            others: self.others.drain(..).collect(),
            associations: Vec::new(),
        }));
    }

    /// A fresh id for a record created by a workflow: `OBJECT-N`, never a live id.
    pub fn fresh_id(&self, object: &str) -> Arc<str> {
        // Records are never removed from the table, so its length counts
        // every record created so far.
        let mut n = self.records.len() as u64 + 1;
        loop {
            let id = format!("{object}-{n}");
            if self.find(&id).is_none() {
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
        let hash = id_hash(&record.id);
        if let Ok(entry) = self.by_id.table.find_entry(spread(hash), |&(other, _)| other == idx) {
            entry.remove();
        }
        let row = self.row(idx);
        if let Some(cells) = self.values.get_mut(row) {
            cells.fill(Value::Unknown);
        }
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
        self.column_value(idx, column).clone()
    }

    /// The value of a column of a record, borrowed (unknown for a missing
    /// record: a deleted record's row is cleared).
    pub fn column_value(&self, idx: RecordIdx, column: Column) -> &Value {
        if column as usize >= self.columns.len() {
            return &UNKNOWN;
        }
        self.values
            .get(self.row(idx).start + column as usize)
            .unwrap_or(&UNKNOWN)
    }

    /// The value of any property by name.
    pub fn value_by_name(&self, idx: RecordIdx, name: &str) -> Value {
        let Some(record) = self.get(idx) else {
            return Value::Unknown;
        };
        match self.column(name) {
            Some(column) => self.value(idx, column),
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
        if self.get(idx).is_some() && (column as usize) < self.columns.len() {
            self.set_cell(idx, column, value);
        }
    }

    /// Sets any property by name (unknown clears it).
    pub fn set_by_name(&mut self, idx: RecordIdx, name: &str, value: Value) {
        let value = self.share(value);
        match self.column(name) {
            Some(column) => self.set_column(idx, column, value),
            None => {
                let (_, name) = self.other_name(name);
                if let Some(record) = self.records.get_mut(idx as usize).and_then(Option::as_mut) {
                    set_other(&mut record.others, name, value);
                }
            }
        }
    }

    /// A property name the program never reads: its index in `name_list`
    /// and its shared copy (added when new).
    fn other_name(&mut self, name: &str) -> (u32, Arc<str>) {
        if let Some(&i) = self.names.get(name)
            && let Some((shared, _)) = self.name_list.get(i as usize)
        {
            return (i, shared.clone());
        }
        let i = self.name_list.len() as u32;
        let name: Arc<str> = Arc::from(name);
        self.name_list.push((name.clone(), ShareStats::default()));
        self.names.insert(name.clone(), i);
        (i, name)
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

    /// Every known property of a record by name, columns first (for hosts).
    pub fn properties(&self, idx: RecordIdx) -> Vec<(Arc<str>, Value)> {
        let Some(record) = self.get(idx) else {
            return Vec::new();
        };
        let mut out: Vec<(Arc<str>, Value)> = self
            .values
            .get(self.row(idx))
            .unwrap_or_default()
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
mod tests;
