//! Contribution records: permanent and public, one per rewarded contributor,
//! stored on-chain (verifiable without an archive node) and announced by a
//! `ContributionRecorded` event. Ids run from 0 without gaps.

use crate::{errors::QuotaError, CommunityId};
use cos_common::AccountId;
use ink::storage::Mapping;

/// A contribution record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct ContributionRecord {
    pub community: CommunityId,
    pub contributor: AccountId,
    pub amount: u128,
    /// Community-defined category code.
    pub category: u16,
    /// The activity or task the contribution belongs to.
    pub activity: u64,
    /// Hash of the off-chain details (form, photos, minutes).
    pub content_hash: [u8; 32],
    /// Who unlocked the reward.
    pub manager: AccountId,
    /// Whose quota was unlocked.
    pub sponsor: AccountId,
    pub block: u32,
    pub timestamp: u64,
}

/// Every record, by id.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Records {
    next: u64,
    records: Mapping<u64, ContributionRecord>,
}

impl Records {
    pub fn get(&self, id: u64) -> Option<ContributionRecord> {
        self.records.get(id)
    }

    /// Number of records (ids run from 0).
    pub fn count(&self) -> u64 {
        self.next
    }

    /// The ids `count` new records would get: `first..first + count`. Fails on
    /// overflow, before anything is written.
    pub fn reserve(&self, count: usize) -> Result<(u64, u64), QuotaError> {
        let count = u64::try_from(count).map_err(|_| QuotaError::Overflow)?;
        let end = self.next.checked_add(count).ok_or(QuotaError::Overflow)?;
        Ok((self.next, end))
    }

    /// Stores `record` under the next id, which [`Records::reserve`] checked.
    pub fn append(&mut self, record: &ContributionRecord) -> u64 {
        let id = self.next;
        self.records.insert(id, record);
        self.next = id.saturating_add(1);
        id
    }
}
