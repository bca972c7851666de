//! The reproducible choice of a `split` arm (docs/language.md 5.6).
//!
//! The roll is a number 0–99: FNV-1a (64-bit) over the run's seed (8 bytes,
//! little-endian), the workflow name, a `0xFF` byte, the split's position
//! (4 bytes LE), the record id, a `0xFF` byte and the enrollment ordinal
//! (4 bytes LE); then the SplitMix64 finalizer, modulo 100. (`0xFF` never
//! occurs in UTF-8, so no two inputs run together.) The arms take the rolls
//! in order: with `50% / 30% / 20%`, rolls 0–49 take the first, 50–79 the
//! second, 80–99 the third.

use crate::compile::program::SplitArm;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

fn splitmix64_finalize(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The roll (0–99) of one split for one enrollment.
pub fn split_roll(seed: u64, workflow: &str, position: u32, record: &str, ordinal: u32) -> u8 {
    roll_after(split_prefix(seed, workflow, position), record, ordinal)
}

/// The hash state after the inputs one split shares for every record: seed,
/// workflow name and position (the VM computes it once per split; a host
/// rolling many records can too, with [`roll_after`]).
pub fn split_prefix(seed: u64, workflow: &str, position: u32) -> u64 {
    let mut hash = fnv1a(FNV_OFFSET, &seed.to_le_bytes());
    hash = fnv1a(hash, workflow.as_bytes());
    hash = fnv1a(hash, &[0xff]);
    fnv1a(hash, &position.to_le_bytes())
}

/// The roll from a [`split_prefix`] and the record's inputs:
/// `roll_after(split_prefix(seed, workflow, position), record, ordinal)` is
/// [`split_roll`].
pub fn roll_after(prefix: u64, record: &str, ordinal: u32) -> u8 {
    let mut hash = fnv1a(prefix, record.as_bytes());
    hash = fnv1a(hash, &[0xff]);
    hash = fnv1a(hash, &ordinal.to_le_bytes());
    (splitmix64_finalize(hash) % 100) as u8
}

/// The last split prefix computed, kept with what it was computed from.
#[derive(Debug, Default)]
pub(super) struct PrefixCache {
    seed: u64,
    position: u32,
    workflow: String,
    prefix: Option<u64>,
}

impl PrefixCache {
    /// An empty cache.
    pub(super) const fn new() -> PrefixCache {
        PrefixCache {
            seed: 0,
            position: 0,
            workflow: String::new(),
            prefix: None,
        }
    }

    /// The prefix of a split, computed again only when the split changed.
    pub(super) fn prefix(&mut self, seed: u64, workflow: &str, position: u32) -> u64 {
        match self.prefix {
            Some(prefix) if self.seed == seed && self.position == position && self.workflow == workflow => prefix,
            _ => {
                let prefix = split_prefix(seed, workflow, position);
                self.seed = seed;
                self.position = position;
                self.workflow.clear();
                self.workflow.push_str(workflow);
                self.prefix = Some(prefix);
                prefix
            }
        }
    }
}

/// The arm a roll selects; the last arm when the percentages fall short.
pub(super) fn choose(arms: &[SplitArm], roll: u8) -> Option<&SplitArm> {
    let mut bound = 0u32;
    for arm in arms {
        bound += u32::from(arm.percent);
        if u32::from(roll) < bound {
            return Some(arm);
        }
    }
    arms.last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roll_is_stable_and_depends_on_every_input() {
        let base = split_roll(0, "Lead nurture", 0, "c1", 0);
        assert_eq!(base, split_roll(0, "Lead nurture", 0, "c1", 0));
        let variants = [
            split_roll(1, "Lead nurture", 0, "c1", 0),
            split_roll(0, "Lead nurturf", 0, "c1", 0),
            split_roll(0, "Lead nurture", 1, "c1", 0),
            split_roll(0, "Lead nurture", 0, "c2", 0),
            split_roll(0, "Lead nurture", 0, "c1", 1),
        ];
        assert!(variants.iter().any(|v| *v != base));
        assert!(base < 100);
    }

    #[test]
    fn the_cached_prefix_gives_the_same_roll() {
        let mut cache = PrefixCache::default();
        for (seed, workflow, position) in [
            (0, "A", 0),
            (0, "A", 0),
            (1, "A", 0),
            (1, "B", 0),
            (1, "B", 3),
            (1, "A", 3),
        ] {
            for record in ["c1", "c2", "deal-9"] {
                let cached = roll_after(cache.prefix(seed, workflow, position), record, 2);
                assert_eq!(cached, split_roll(seed, workflow, position, record, 2));
            }
        }
    }

    #[test]
    fn shares_approach_the_percentages() {
        let arms = [
            SplitArm { percent: 50, target: 0 },
            SplitArm { percent: 30, target: 1 },
            SplitArm { percent: 20, target: 2 },
        ];
        let mut counts = [0u32; 3];
        for i in 0..10_000 {
            let roll = split_roll(7, "w", 0, &format!("c{i}"), 0);
            if let Some(arm) = choose(&arms, roll) {
                counts[arm.target as usize] += 1;
            }
        }
        assert!((4700..5300).contains(&counts[0]), "{counts:?}");
        assert!((2700..3300).contains(&counts[1]), "{counts:?}");
        assert!((1700..2300).contains(&counts[2]), "{counts:?}");
    }

    #[test]
    fn choose_walks_the_cumulative_table() {
        let arms = [
            SplitArm {
                percent: 50,
                target: 10,
            },
            SplitArm {
                percent: 50,
                target: 20,
            },
        ];
        assert_eq!(choose(&arms, 0).map(|a| a.target), Some(10));
        assert_eq!(choose(&arms, 49).map(|a| a.target), Some(10));
        assert_eq!(choose(&arms, 50).map(|a| a.target), Some(20));
        assert_eq!(choose(&arms, 99).map(|a| a.target), Some(20));
    }
}
