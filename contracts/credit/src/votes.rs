//! Vote checkpoints (the ERC20Votes idea).
//!
//! Only delegated balances carry checkpoints: an account's tokens count as votes
//! once it has chosen a delegate (itself included), so a plain transfer between
//! accounts without delegates touches no checkpoint at all.
//!
//! Each delegate has an append-only list of [`Checkpoint`]s, one per block in
//! which its votes changed. A lookup at a past block is a binary search over that
//! list: at most 33 storage reads, whatever its length.

use cos_common::AccountId;
use ink::storage::Mapping;

/// The votes of a delegate (or the total supply) from block `block` on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Checkpoint {
    /// First block at which `votes` applied.
    pub block: u32,
    /// Votes (or supply) from that block on.
    pub votes: u128,
}

/// How a checkpointed value changes.
#[derive(Clone, Copy, Debug)]
pub enum Delta {
    Add(u128),
    Sub(u128),
}

impl Delta {
    fn apply(self, value: u128) -> u128 {
        // Votes never exceed the total supply, which is capped far below u128::MAX,
        // and never go below zero: saturation is unreachable, not a silent fix.
        match self {
            Delta::Add(amount) => value.saturating_add(amount),
            Delta::Sub(amount) => value.saturating_sub(amount),
        }
    }
}

/// The votes in force at `block` in a list of `len` checkpoints sorted by block.
fn upper_lookup(len: u32, block: u32, get: impl Fn(u32) -> Checkpoint) -> u128 {
    cos_common::checkpoints::upper_lookup(len, block, |index| {
        let point = get(index);
        (point.block, point.votes)
    })
}

/// Checkpoints of every delegate's votes and of the total supply.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Votes {
    counts: Mapping<AccountId, u32>,
    points: Mapping<(AccountId, u32), Checkpoint>,
    supply_count: u32,
    supply_points: Mapping<u32, Checkpoint>,
}

impl Votes {
    /// Number of checkpoints of `delegate`.
    pub fn num_checkpoints(&self, delegate: AccountId) -> u32 {
        self.counts.get(delegate).unwrap_or_default()
    }

    /// The `index`-th checkpoint of `delegate`, oldest first.
    pub fn checkpoint(&self, delegate: AccountId, index: u32) -> Option<Checkpoint> {
        self.points.get((delegate, index))
    }

    /// Current votes of `delegate`.
    pub fn votes(&self, delegate: AccountId) -> u128 {
        self.num_checkpoints(delegate)
            .checked_sub(1)
            .and_then(|last| self.points.get((delegate, last)))
            .map(|point| point.votes)
            .unwrap_or_default()
    }

    /// Votes of `delegate` at the end of `block`.
    pub fn past_votes(&self, delegate: AccountId, block: u32) -> u128 {
        upper_lookup(self.num_checkpoints(delegate), block, |index| {
            self.points.get((delegate, index)).unwrap_or_default()
        })
    }

    /// Total supply at the end of `block` (0 before the first checkpoint).
    pub fn past_total_supply(&self, block: u32) -> u128 {
        upper_lookup(self.supply_count, block, |index| {
            self.supply_points.get(index).unwrap_or_default()
        })
    }

    /// Applies `delta` to `delegate`'s votes at `block`; returns (previous, new).
    pub fn update(&mut self, delegate: AccountId, block: u32, delta: Delta) -> (u128, u128) {
        let count = self.num_checkpoints(delegate);
        let latest = count
            .checked_sub(1)
            .and_then(|last| self.points.get((delegate, last)).map(|point| (last, point)));
        let previous = latest.map(|(_, point)| point.votes).unwrap_or_default();
        let new = delta.apply(previous);
        let point = Checkpoint { block, votes: new };
        match latest {
            // Several changes in one block keep one checkpoint: the block's final value.
            Some((last, point_then)) if point_then.block == block => {
                self.points.insert((delegate, last), &point);
            }
            _ => {
                self.points.insert((delegate, count), &point);
                self.counts.insert(delegate, &count.saturating_add(1));
            }
        }
        (previous, new)
    }

    /// Records `supply` as the total supply from `block` on.
    pub fn record_supply(&mut self, block: u32, supply: u128) {
        let point = Checkpoint { block, votes: supply };
        let count = self.supply_count;
        match count.checked_sub(1) {
            Some(last) if self.supply_points.get(last).is_some_and(|then| then.block == block) => {
                self.supply_points.insert(last, &point);
            }
            _ => {
                self.supply_points.insert(count, &point);
                self.supply_count = count.saturating_add(1);
            }
        }
    }
}
