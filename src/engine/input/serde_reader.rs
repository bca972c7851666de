//! The records file through serde: a `serde_json::Deserializer` over the
//! file, driven by a [`DeserializeSeed`] that hands each record to a callback
//! as soon as its object ends. No `serde_json::Value` tree and no list of
//! records: the strings of one record are copied into one reused buffer and
//! the record is lent out as a [`RecordRef`] borrowed from it.
//!
//! It has the contract of [`read_records_streaming`](super::read_records_streaming):
//! it reads valid records and nothing else, and at the first thing it does not
//! expect (malformed JSON, an invalid record, a refused record, text after
//! the array, a read error) it stops and says how many records it handed
//! over; the caller then reads the whole text with
//! [`read_records`](super::read_records), which names the problem and its line.

use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::ops::Range;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{InputProblem, Streamed};
use crate::engine::records::{RecordRef, Scalar};

/// Bytes read from the file at a time (as the hand-written reader's chunk).
const CHUNK: usize = 1 << 18;

/// Reads the records file from `source` through `serde_json`'s streaming
/// deserializer, handing each record to `each` in order. A record `each`
/// refuses is not counted: the caller's reference read finds it again.
pub fn read_records_serde(source: impl Read, each: impl FnMut(&RecordRef<'_>) -> Result<(), InputProblem>) -> Streamed {
    let mut source = BufReader::with_capacity(CHUNK, source);
    // serde_json does not skip a byte-order mark; the reference reader does.
    if let Ok(head) = source.fill_buf()
        && head.starts_with(b"\xef\xbb\xbf")
    {
        source.consume(3);
    }
    let mut de = serde_json::Deserializer::from_reader(source);
    read_with(&mut de, each)
}

/// [`read_records_serde`] over a text already in memory (`serde_json`'s
/// slice reader): the fastest way serde reads the file, at the cost of
/// holding all of it.
pub fn read_records_serde_text(text: &str, each: impl FnMut(&RecordRef<'_>) -> Result<(), InputProblem>) -> Streamed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    read_with(&mut de, each)
}

fn read_with<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    each: impl FnMut(&RecordRef<'_>) -> Result<(), InputProblem>,
) -> Streamed {
    let mut seed = Records {
        each,
        scratch: Scratch::default(),
        delivered: 0,
    };
    let complete = (&mut seed).deserialize(&mut *de).is_ok() && de.end().is_ok();
    if complete {
        Streamed::All
    } else {
        Streamed::Stopped {
            delivered: seed.delivered,
        }
    }
}

/// The whole array: each element is read into the scratch and handed over.
struct Records<F> {
    each: F,
    scratch: Scratch,
    delivered: usize,
}

/// One record's text, copied into one buffer, and where each part is in it.
#[derive(Default)]
struct Scratch {
    text: String,
    id: Option<Range<usize>>,
    object: Option<Range<usize>>,
    properties: Vec<(Range<usize>, ScalarAt)>,
    associations: Vec<(Range<usize>, Vec<Range<usize>>)>,
    /// The lent-out record's vectors, kept between records.
    spare: Spare,
}

#[derive(Default)]
struct Spare {
    properties: Vec<(Cow<'static, str>, Scalar<'static>)>,
    associations: Vec<(Cow<'static, str>, Vec<Cow<'static, str>>)>,
}

/// A property value, its string as a range of the scratch text.
#[derive(Clone)]
enum ScalarAt {
    Null,
    Bool(bool),
    Number(f64),
    Str(Range<usize>),
}

impl Scratch {
    fn clear(&mut self) {
        self.text.clear();
        self.id = None;
        self.object = None;
        self.properties.clear();
        self.associations.clear();
    }

    /// Lends the record out to `each`, keeping the vectors for the next one.
    fn lend<R>(&mut self, each: impl FnOnce(&RecordRef<'_>) -> R) -> Option<R> {
        let text = self.text.as_str();
        let at = |range: &Range<usize>| text.get(range.clone()).map(Cow::Borrowed);
        let mut properties = recycle(std::mem::take(&mut self.spare.properties));
        for (name, value) in &self.properties {
            let value = match value {
                ScalarAt::Null => Scalar::Null,
                ScalarAt::Bool(b) => Scalar::Bool(*b),
                ScalarAt::Number(n) => Scalar::Number(*n),
                ScalarAt::Str(range) => Scalar::Str(at(range)?),
            };
            properties.push((at(name)?, value));
        }
        let mut associations = recycle(std::mem::take(&mut self.spare.associations));
        for (object, ids) in &self.associations {
            let ids = ids.iter().map(at).collect::<Option<Vec<_>>>()?;
            associations.push((at(object)?, ids));
        }
        let record = RecordRef {
            id: at(self.id.as_ref()?)?,
            object: at(self.object.as_ref()?)?,
            properties,
            associations,
        };
        let result = each(&record);
        self.spare.properties = recycle(record.properties);
        self.spare.associations = recycle(record.associations);
        Some(result)
    }
}

/// An empty vector of another lifetime in the same allocation (std collects
/// in place when the layouts match).
fn recycle<T, U>(items: Vec<T>) -> Vec<U> {
    items.into_iter().filter_map(|_| None).collect()
}

/// Any problem: the reason is not kept, the reference read names it.
fn give_up<E: de::Error>() -> E {
    E::custom("not a record the serde path reads")
}

impl<'de, F> DeserializeSeed<'de> for &mut Records<F>
where
    F: FnMut(&RecordRef<'_>) -> Result<(), InputProblem>,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F> Visitor<'de> for &mut Records<F>
where
    F: FnMut(&RecordRef<'_>) -> Result<(), InputProblem>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.scratch.clear();
            if seq.next_element_seed(RecordSeed(&mut self.scratch))?.is_none() {
                return Ok(());
            }
            let each = &mut self.each;
            match self.scratch.lend(|record| each(record)) {
                Some(Ok(())) => self.delivered += 1,
                _ => return Err(give_up()),
            }
        }
    }
}

/// One record object into the scratch.
struct RecordSeed<'s>(&'s mut Scratch);

/// The keys of a record.
enum Key {
    Id,
    Object,
    Properties,
    Associations,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let scratch = self.0;
        let (mut properties, mut associations) = (false, false);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::Id | Key::Object => {
                    let range = map.next_value_seed(StrSeed(&mut scratch.text))?;
                    let slot = match key {
                        Key::Id => &mut scratch.id,
                        _ => &mut scratch.object,
                    };
                    // A key given twice, or an empty id or object type.
                    if slot.is_some() || range.is_empty() {
                        return Err(give_up());
                    }
                    *slot = Some(range);
                }
                Key::Properties if !std::mem::replace(&mut properties, true) => {
                    map.next_value_seed(PropertiesSeed(scratch))?;
                }
                Key::Associations if !std::mem::replace(&mut associations, true) => {
                    map.next_value_seed(AssociationsSeed(scratch))?;
                }
                _ => return Err(give_up()),
            }
        }
        if scratch.id.is_none() || scratch.object.is_none() {
            return Err(give_up());
        }
        Ok(())
    }
}

/// A record's key, without allocating it.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "id" => Key::Id,
            "object" => Key::Object,
            "properties" => Key::Properties,
            "associations" => Key::Associations,
            _ => return Err(give_up()),
        })
    }
}

/// A string appended to the scratch text; its range there.
struct StrSeed<'s>(&'s mut String);

impl<'de> DeserializeSeed<'de> for StrSeed<'_> {
    type Value = Range<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Range<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for StrSeed<'_> {
    type Value = Range<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Range<usize>, E> {
        let start = self.0.len();
        self.0.push_str(text);
        Ok(start..self.0.len())
    }
}

/// `null` or an object of scalar values.
struct PropertiesSeed<'s>(&'s mut Scratch);

impl<'de> DeserializeSeed<'de> for PropertiesSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of property values")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let scratch = self.0;
        while let Some(name) = map.next_key_seed(StrSeed(&mut scratch.text))? {
            let value = map.next_value_seed(ScalarSeed(&mut scratch.text))?;
            scratch.properties.push((name, value));
        }
        Ok(())
    }
}

/// A property value: a string, number, boolean or null.
struct ScalarSeed<'s>(&'s mut String);

impl<'de> DeserializeSeed<'de> for ScalarSeed<'_> {
    type Value = ScalarAt;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ScalarAt, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Visitor<'_> for ScalarSeed<'_> {
    type Value = ScalarAt;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<ScalarAt, E> {
        Ok(ScalarAt::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<ScalarAt, E> {
        Ok(ScalarAt::Bool(b))
    }

    // Numbers as `serde_json::Number::as_f64` gives them to the reference path.
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<ScalarAt, E> {
        Ok(ScalarAt::Number(n as f64))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<ScalarAt, E> {
        Ok(ScalarAt::Number(n as f64))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<ScalarAt, E> {
        Ok(ScalarAt::Number(n))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<ScalarAt, E> {
        StrSeed(self.0).visit_str(text).map(ScalarAt::Str)
    }
}

/// `null` or an object of arrays of ids, each object type once.
struct AssociationsSeed<'s>(&'s mut Scratch);

impl<'de> DeserializeSeed<'de> for AssociationsSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AssociationsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of id arrays")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let scratch = self.0;
        while let Some(object) = map.next_key_seed(StrSeed(&mut scratch.text))? {
            let name = scratch.text.get(object.clone()).unwrap_or_default();
            let repeated = scratch
                .associations
                .iter()
                .any(|(other, _)| scratch.text.get(other.clone()) == Some(name));
            if repeated {
                // A later key replaces an earlier one in `serde_json`'s map.
                return Err(give_up());
            }
            let ids = map.next_value_seed(IdsSeed(&mut scratch.text))?;
            scratch.associations.push((object, ids));
        }
        Ok(())
    }
}

/// An array of record ids.
struct IdsSeed<'s>(&'s mut String);

impl<'de> DeserializeSeed<'de> for IdsSeed<'_> {
    type Value = Vec<Range<usize>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for IdsSeed<'_> {
    type Value = Vec<Range<usize>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of record ids")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut ids = Vec::new();
        while let Some(id) = seq.next_element_seed(StrSeed(&mut *self.0))? {
            ids.push(id);
        }
        Ok(ids)
    }
}
