//! Unlocking quota by rewarding contributors: each entry becomes a contribution
//! record and a payout of COS; the sponsor and the unlocking manager get their
//! bonuses from the reserve at the schedule's current rates. All entries of a
//! reward go through or none does; nobody on the wrong side of the
//! [self-dealing rule](crate::self_dealing) is paid.

use crate::{
    bonus::{self, BonusStage},
    errors::QuotaError,
    events::{BonusPaid, BonusShortfall, ContributionRecorded},
    quota::{add, sub},
    records::ContributionRecord,
    self_dealing::{self, Parties},
    CommunityId, QuotaBook,
};
use cos_common::AccountId;
use ink::prelude::vec::Vec;

/// Most contributors one batch reward may pay.
pub const MAX_REWARD_BATCH: usize = 50;

/// One contributor of a reward: who, how much, and the hash of the details.
pub type RewardEntry = (AccountId, u128, [u8; 32]);

/// COS the contract must pay out for a reward.
pub type Payout = (AccountId, u128);

/// What the rewarding manager says about a reward, besides the entries.
#[derive(Clone, Copy, Debug)]
pub struct RewardContext {
    pub community: CommunityId,
    pub sponsor: AccountId,
    pub category: u16,
    pub activity: u64,
    pub block: u32,
    pub timestamp: u64,
}

/// Events of one reward call.
#[derive(Debug, Default)]
pub struct RewardEvents {
    pub records: Vec<ContributionRecorded>,
    pub bonus: Option<BonusPaid>,
    pub shortfall: Option<BonusShortfall>,
}

impl ContributionRecorded {
    /// The event announcing stored record `record`.
    pub fn new(record: u64, r: ContributionRecord) -> Self {
        Self {
            record,
            community: r.community,
            contributor: r.contributor,
            amount: r.amount,
            category: r.category,
            activity: r.activity,
            content_hash: r.content_hash,
            manager: r.manager,
            sponsor: r.sponsor,
            block: r.block,
            timestamp: r.timestamp,
        }
    }
}

impl QuotaBook {
    pub fn record(&self, id: u64) -> Option<ContributionRecord> {
        self.records.get(id)
    }

    pub fn record_count(&self) -> u64 {
        self.records.count()
    }

    /// Unlocks the caller's quota of `ctx.sponsor` by rewarding every entry:
    /// records them and returns the payouts (contributors, then the sponsor's and
    /// the caller's bonuses) and the events. All or nothing.
    pub fn reward(
        &mut self,
        caller: AccountId,
        ctx: RewardContext,
        entries: &[RewardEntry],
        stage: BonusStage,
    ) -> Result<(Vec<Payout>, RewardEvents), QuotaError> {
        if entries.is_empty() {
            return Err(QuotaError::EmptyBatch);
        }
        if entries.len() > MAX_REWARD_BATCH {
            return Err(QuotaError::BatchTooLarge);
        }
        let id = ctx.community;
        let community = self.tree.existing(id)?;
        crate::recognition::ensure(&community)?;
        let holder = self.tree.holder_of(&community, id, caller)?;
        let mut total: u128 = 0;
        for &(contributor, amount, _) in entries {
            if amount == 0 {
                return Err(QuotaError::ZeroAmount);
            }
            self_dealing::check(Parties {
                caller,
                sponsor: ctx.sponsor,
                contributor,
                contributor_controls_caller: self.tree.is_self_or_above(id, &community, holder, contributor)?,
            })?;
            total = add(total, amount)?;
        }
        let was = self.quotas.get(id, holder, ctx.sponsor);
        let now = sub(was, total)?;
        let totals = self.quotas.totals;
        let bonus = bonus::compute(total, stage, totals.reserve)?;
        let (first_record, next_record) = self.records.reserve(entries.len())?;
        let unlocked = add(totals.unlocked, total)?;
        let bonus_paid = add(totals.bonus_paid, bonus.total())?;

        // Effects.
        self.quotas.set(id, holder, ctx.sponsor, was, now)?;
        self.quotas.totals.unlocked = unlocked;
        self.quotas.totals.reserve = totals.reserve.saturating_sub(bonus.total());
        self.quotas.totals.bonus_paid = bonus_paid;
        let mut payouts = Vec::with_capacity(entries.len().saturating_add(2));
        let mut events = RewardEvents::default();
        for &(contributor, amount, content_hash) in entries {
            let record = ContributionRecord {
                community: id,
                contributor,
                amount,
                category: ctx.category,
                activity: ctx.activity,
                content_hash,
                manager: caller,
                sponsor: ctx.sponsor,
                block: ctx.block,
                timestamp: ctx.timestamp,
            };
            let record_id = self.records.append(&record);
            payouts.push((contributor, amount));
            events.records.push(ContributionRecorded::new(record_id, record));
        }
        let last_record = next_record.saturating_sub(1);
        for (who, amount) in [(ctx.sponsor, bonus.sponsor), (caller, bonus.manager)] {
            if amount > 0 {
                payouts.push((who, amount));
            }
        }
        if bonus.total() > 0 {
            events.bonus = Some(BonusPaid {
                community: id,
                first_record,
                last_record,
                sponsor: ctx.sponsor,
                sponsor_bonus: bonus.sponsor,
                manager: caller,
                manager_bonus: bonus.manager,
            });
        }
        if bonus.total() < bonus.owed {
            events.shortfall = Some(BonusShortfall {
                community: id,
                first_record,
                owed: bonus.owed,
                paid: bonus.total(),
            });
        }
        Ok((payouts, events))
    }
}
