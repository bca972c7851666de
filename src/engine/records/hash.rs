//! The index of the record store's records by id.

use super::RecordIdx;
use crate::hash::FxHasher;

/// The index of live records by id: record indices in a table of 8-byte
/// entries (the index and 32 bits of the id's hash), so that the index of a
/// million records stays small enough for the cache; ids are compared only
/// when those 32 bits agree.
#[derive(Debug, Default)]
pub(super) struct IdIndex {
    pub(super) table: hashbrown::HashTable<(RecordIdx, u32)>,
}

/// 32 bits of an id's hash, kept in the index.
pub(super) fn id_hash(id: &str) -> u32 {
    use std::hash::Hasher;
    let mut hasher = FxHasher::default();
    hasher.write(id.as_bytes());
    hasher.finish() as u32
}

/// The table's hash from the kept 32 bits (the table takes its bucket from
/// the low bits and a tag from the top ones).
pub(super) fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ u64::from(hash)
}
