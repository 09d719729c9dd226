//! Membership by checkpoint (one member one vote).
//!
//! **The threat**: weights were read from the block a member last joined, so
//! an admin could silence a member mid-vote by removing and re-adding it, and
//! the eligible count was the count *now*, not at the snapshot.
//!
//! **The rule**: every change of membership and of the member count is a
//! checkpoint (the block and the value from then on, one per block: several
//! changes in a block keep the last), as COS Credit keeps votes. A member
//! votes on a proposal if it was a member at the end of the proposal's
//! snapshot block, whatever happened since; the eligible weight is the count
//! at the end of that block.
//!
//! **The cost**: an add or a removal writes two checkpoints; a lookup is a
//! binary search ([`cos_common::checkpoints`]), at most 33 reads.

use crate::{config::BlockNumber, errors::GovernanceError};
use cos_common::checkpoints::upper_lookup;
use cos_common::AccountId;
use ink::storage::Mapping;

/// A checkpoint: from this block on, this value.
type Point<T> = (BlockNumber, T);

/// Members, their history and the count's.
// `storage_item` spells each `Mapping` out with its storage key's types.
#[allow(clippy::type_complexity)]
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Members {
    count: u32,
    /// Checkpoints per account: `(block, member from then on)`.
    history_len: Mapping<AccountId, u32>,
    history: Mapping<(AccountId, u32), Point<bool>>,
    /// Checkpoints of the count.
    totals_len: u32,
    totals: Mapping<u32, Point<u32>>,
}

impl Members {
    /// Members now.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Whether `account` is a member now.
    pub fn is_member(&self, account: AccountId) -> bool {
        let len = self.history_len.get(account).unwrap_or(0);
        len.checked_sub(1)
            .and_then(|last| self.history.get((account, last)))
            .is_some_and(|(_, member)| member)
    }

    /// Whether `account` was a member at the end of `block`.
    pub fn was_member(&self, account: AccountId, block: BlockNumber) -> bool {
        let len = self.history_len.get(account).unwrap_or(0);
        upper_lookup(len, block, |index| {
            self.history.get((account, index)).unwrap_or_default()
        })
    }

    /// Members at the end of `block`.
    pub fn count_at(&self, block: BlockNumber) -> u32 {
        upper_lookup(self.totals_len, block, |index| {
            self.totals.get(index).unwrap_or_default()
        })
    }

    /// Adds `account` from `block` on; returns the count.
    pub fn add(&mut self, account: AccountId, block: BlockNumber) -> Result<u32, GovernanceError> {
        if self.is_member(account) {
            return Err(GovernanceError::AlreadyMember);
        }
        let count = self.count.checked_add(1).ok_or(GovernanceError::Overflow)?;
        self.record(account, block, true, count)
    }

    /// Removes `account` from `block` on; returns the count.
    pub fn remove(&mut self, account: AccountId, block: BlockNumber) -> Result<u32, GovernanceError> {
        if !self.is_member(account) {
            return Err(GovernanceError::NotMember);
        }
        let count = self.count.checked_sub(1).ok_or(GovernanceError::Overflow)?;
        self.record(account, block, false, count)
    }

    fn record(
        &mut self,
        account: AccountId,
        block: BlockNumber,
        member: bool,
        count: u32,
    ) -> Result<u32, GovernanceError> {
        let len = self.history_len.get(account).unwrap_or(0);
        match len.checked_sub(1) {
            Some(last) if self.history.get((account, last)).is_some_and(|(b, _)| b == block) => {
                self.history.insert((account, last), &(block, member));
            }
            _ => {
                self.history.insert((account, len), &(block, member));
                self.history_len
                    .insert(account, &len.checked_add(1).ok_or(GovernanceError::Overflow)?);
            }
        }
        let totals = self.totals_len;
        match totals.checked_sub(1) {
            Some(last) if self.totals.get(last).is_some_and(|(b, _)| b == block) => {
                self.totals.insert(last, &(block, count));
            }
            _ => {
                self.totals.insert(totals, &(block, count));
                self.totals_len = totals.checked_add(1).ok_or(GovernanceError::Overflow)?;
            }
        }
        self.count = count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Add(u8),
        Remove(u8),
        Block,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..4).prop_map(Op::Add),
            (0u8..4).prop_map(Op::Remove),
            Just(Op::Block)
        ]
    }

    #[ink::test]
    fn a_member_removed_and_readded_was_a_member_all_along() {
        let mut m = Members::default();
        let a = AccountId::from([1; 32]);
        m.add(a, 5).unwrap();
        assert_eq!(m.add(a, 6), Err(GovernanceError::AlreadyMember));
        m.remove(a, 9).unwrap();
        m.add(a, 9).unwrap();
        assert!(m.was_member(a, 7) && m.was_member(a, 9) && !m.was_member(a, 4));
        assert_eq!((m.count_at(4), m.count_at(5), m.count_at(9), m.count()), (0, 1, 1, 1));
        m.remove(a, 12).unwrap();
        assert!(!m.was_member(a, 12) && m.was_member(a, 11));
        assert_eq!(m.remove(a, 13), Err(GovernanceError::NotMember));
    }

    proptest! {
        /// `was_member` and `count_at` agree with a model kept per block.
        #[test]
        fn checkpoints_match_a_model(ops in proptest::collection::vec(op(), 0..60)) {
            ink::env::test::run_test::<ink::env::DefaultEnvironment, _>(|_| {
                let mut m = Members::default();
                let mut block: BlockNumber = 1;
                let mut now = [false; 4];
                // The model: membership at the end of each block.
                let mut ends: Vec<[bool; 4]> = vec![[false; 4]; 2];
                for op in ops {
                    match op {
                        Op::Add(i) => {
                            let r = m.add(AccountId::from([i; 32]), block);
                            assert_eq!(r.is_ok(), !now[i as usize]);
                            now[i as usize] = true;
                        }
                        Op::Remove(i) => {
                            let r = m.remove(AccountId::from([i; 32]), block);
                            assert_eq!(r.is_ok(), now[i as usize]);
                            now[i as usize] = false;
                        }
                        Op::Block => {
                            block += 1;
                            ends.push(now);
                        }
                    }
                    ends[block as usize] = now;
                }
                for (b, members) in ends.iter().enumerate() {
                    let b = b as BlockNumber;
                    for i in 0..4u8 {
                        assert_eq!(m.was_member(AccountId::from([i; 32]), b), members[i as usize], "member {i} at {b}");
                    }
                    assert_eq!(m.count_at(b), members.iter().filter(|x| **x).count() as u32);
                }
                Ok(())
            })
            .unwrap();
        }
    }
}
