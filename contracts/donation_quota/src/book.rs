//! The quota book: sponsors' locked quota, communities and their manager trees,
//! allocations and contribution records, as a plain storage struct.
//!
//! Like `credit`'s ledger, every operation checks everything before it writes
//! and returns the events it caused; token transfers are not done here but
//! returned as [`Payout`]s for the contract to make. The contract then reverts
//! everything if a payout fails.
//!
//! Quota keeps the identity of its sponsor all the way down, so that each unlock
//! pays its bonus to the sponsor whose quota it was: a holder's quota is kept per
//! sponsor, and every move and reward names the sponsor.
//!
//! Conservation, checked by the property test:
//! `granted = held + unallocated + allocated + unlocked`.

use crate::{
    bonus::{self, BonusStage},
    errors::QuotaError,
    events::*,
};
use ink::{
    prelude::{vec, vec::Vec},
    primitives::AccountId,
    storage::Mapping,
};

/// Deepest a manager may sit below the admin (the admin's direct appointees are at 1).
pub const MAX_DEPTH: u8 = 8;
/// Most sponsors whose quota one manager may hold at once.
pub const MAX_SPONSORS_PER_MANAGER: usize = 16;
/// Most contributors one batch reward may pay.
pub const MAX_REWARD_BATCH: usize = 50;

/// Community ids.
pub type CommunityId = u32;

/// A community: its admin, the root of its manager tree.
#[derive(Clone, Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Community {
    pub admin: AccountId,
    pub pending_admin: Option<AccountId>,
    /// Managers appointed directly by the admin.
    pub children: u32,
}

/// A manager's place in its community's tree.
#[derive(Clone, Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Manager {
    /// Who appointed this manager; `None`: the admin.
    pub parent: Option<AccountId>,
    /// 1 for the admin's appointees, 2 for theirs, ...
    pub depth: u8,
    /// Sub-managers appointed by this manager.
    pub children: u32,
}

/// A contribution record: permanent and public.
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

/// One contributor of a reward: who, how much, and the hash of the details.
pub type RewardEntry = (AccountId, u128, [u8; 32]);

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

/// COS the contract must pay out for an operation.
pub type Payout = (AccountId, u128);

/// Totals over all sponsors and communities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct QuotaTotals {
    /// Quota ever granted to sponsors.
    pub granted: u128,
    /// Granted, not yet donated.
    pub held: u128,
    /// Donated to communities, not yet allocated to a manager.
    pub unallocated: u128,
    /// Allocated to managers, not yet unlocked.
    pub allocated: u128,
    /// Unlocked: paid to contributors.
    pub unlocked: u128,
    /// COS in the bonus reserve.
    pub reserve: u128,
    /// Bonuses paid so far.
    pub bonus_paid: u128,
}

impl QuotaTotals {
    /// Quota not yet unlocked: COS the contract holds for it.
    pub fn outstanding(&self) -> u128 {
        self.held
            .saturating_add(self.unallocated)
            .saturating_add(self.allocated)
    }
}

/// Where quota sits inside a community: the admin's pool or a manager.
type Holder = Option<AccountId>;
/// Key of a holder's quota of one sponsor.
type QuotaKey = (CommunityId, Holder, AccountId);
/// Key of a manager in a community.
type ManagerKey = (CommunityId, AccountId);

fn add(a: u128, b: u128) -> Result<u128, QuotaError> {
    a.checked_add(b).ok_or(QuotaError::Overflow)
}

fn sub(a: u128, b: u128) -> Result<u128, QuotaError> {
    a.checked_sub(b).ok_or(QuotaError::InsufficientQuota)
}

/// The quota book.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct QuotaBook {
    totals: QuotaTotals,
    next_community: CommunityId,
    next_record: u64,
    /// Quota granted to a sponsor and not yet donated.
    held: Mapping<AccountId, u128>,
    communities: Mapping<CommunityId, Community>,
    managers: Mapping<ManagerKey, Manager>,
    /// Quota per (community, holder, sponsor); holder `None` is the admin's pool.
    quota: Mapping<QuotaKey, u128>,
    /// Sponsors whose quota a manager holds (bounded), to return it on removal.
    manager_sponsors: Mapping<ManagerKey, Vec<AccountId>>,
    records: Mapping<u64, ContributionRecord>,
}

impl QuotaBook {
    // ---- views ---------------------------------------------------------------

    pub fn totals(&self) -> QuotaTotals {
        self.totals
    }

    pub fn held(&self, sponsor: AccountId) -> u128 {
        self.held.get(sponsor).unwrap_or_default()
    }

    pub fn community(&self, id: CommunityId) -> Option<Community> {
        self.communities.get(id)
    }

    pub fn community_count(&self) -> CommunityId {
        self.next_community
    }

    pub fn manager(&self, community: CommunityId, account: AccountId) -> Option<Manager> {
        self.managers.get((community, account))
    }

    /// Quota of `sponsor` held by `holder` (`None`: the community's pool).
    pub fn quota(&self, community: CommunityId, holder: Holder, sponsor: AccountId) -> u128 {
        self.quota.get((community, holder, sponsor)).unwrap_or_default()
    }

    pub fn manager_sponsors(&self, community: CommunityId, manager: AccountId) -> Vec<AccountId> {
        self.manager_sponsors.get((community, manager)).unwrap_or_default()
    }

    pub fn record(&self, id: u64) -> Option<ContributionRecord> {
        self.records.get(id)
    }

    pub fn record_count(&self) -> u64 {
        self.next_record
    }

    // ---- helpers -------------------------------------------------------------

    fn existing(&self, id: CommunityId) -> Result<Community, QuotaError> {
        self.communities.get(id).ok_or(QuotaError::UnknownCommunity)
    }

    /// The caller's position: `None` for the admin, `Some(caller)` for a manager.
    fn holder_of(&self, community: &Community, id: CommunityId, caller: AccountId) -> Result<Holder, QuotaError> {
        if caller == community.admin {
            Ok(None)
        } else if self.managers.contains((id, caller)) {
            Ok(Some(caller))
        } else {
            Err(QuotaError::NotManager)
        }
    }

    /// Whether `target` (a manager) sits strictly below `above` (`None`: the admin).
    fn is_below(&self, id: CommunityId, target: AccountId, above: Holder) -> Result<bool, QuotaError> {
        let mut current = self.manager(id, target).ok_or(QuotaError::UnknownManager)?;
        let Some(above) = above else {
            return Ok(true);
        };
        // Bounded: depth <= MAX_DEPTH, each step goes one level up.
        for _ in 0..MAX_DEPTH {
            match current.parent {
                None => return Ok(false),
                Some(parent) if parent == above => return Ok(true),
                Some(parent) => {
                    current = self.manager(id, parent).ok_or(QuotaError::UnknownManager)?;
                }
            }
        }
        Ok(false)
    }

    /// Whether `account` is `holder` itself, the admin or above `holder`.
    fn is_self_or_above(&self, id: CommunityId, community: &Community, holder: Holder, account: AccountId) -> Result<bool, QuotaError> {
        if account == community.admin {
            return Ok(true);
        }
        let Some(manager) = holder else {
            return Ok(false);
        };
        if account == manager {
            return Ok(true);
        }
        // `account` is above `manager` iff `manager` is below `account`.
        if self.managers.contains((id, account)) {
            self.is_below(id, manager, Some(account))
        } else {
            Ok(false)
        }
    }

    /// Sets a holder's quota of `sponsor`, keeping totals and the manager's
    /// sponsor list in step. `was` is the current value.
    fn set_quota(&mut self, id: CommunityId, holder: Holder, sponsor: AccountId, was: u128, now: u128) -> Result<(), QuotaError> {
        if let Some(manager) = holder {
            let mut sponsors = self.manager_sponsors(id, manager);
            let listed = sponsors.iter().position(|s| *s == sponsor);
            match (was == 0, now == 0, listed) {
                (_, false, None) => {
                    if sponsors.len() >= MAX_SPONSORS_PER_MANAGER {
                        return Err(QuotaError::TooManySponsors);
                    }
                    sponsors.push(sponsor);
                    self.manager_sponsors.insert((id, manager), &sponsors);
                }
                (_, true, Some(index)) => {
                    sponsors.swap_remove(index);
                    if sponsors.is_empty() {
                        self.manager_sponsors.remove((id, manager));
                    } else {
                        self.manager_sponsors.insert((id, manager), &sponsors);
                    }
                }
                _ => {}
            }
            self.totals.allocated = add(self.totals.allocated.saturating_sub(was), now)?;
        } else {
            self.totals.unallocated = add(self.totals.unallocated.saturating_sub(was), now)?;
        }
        if now == 0 {
            self.quota.remove((id, holder, sponsor));
        } else {
            self.quota.insert((id, holder, sponsor), &now);
        }
        Ok(())
    }

    /// Moves `amount` of `sponsor`'s quota between two holders of a community.
    fn move_quota(&mut self, id: CommunityId, sponsor: AccountId, from: Holder, to: Holder, amount: u128) -> Result<Vec<QuotaMoved>, QuotaError> {
        let from_was = self.quota(id, from, sponsor);
        let from_now = sub(from_was, amount)?;
        let to_was = self.quota(id, to, sponsor);
        let to_now = add(to_was, amount)?;
        // The receiving side can fail (sponsor bound): do it first.
        self.set_quota(id, to, sponsor, to_was, to_now)?;
        self.set_quota(id, from, sponsor, from_was, from_now)?;
        Ok(vec![QuotaMoved { community: id, sponsor, from, to, amount }])
    }

    // ---- operator: grants and reserve ----------------------------------------

    /// Grants `amount` locked quota to `sponsor` (the contract received the COS).
    pub fn grant(&mut self, sponsor: AccountId, amount: u128) -> Result<QuotaGranted, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        let held = add(self.held(sponsor), amount)?;
        let granted = add(self.totals.granted, amount)?;
        let total_held = add(self.totals.held, amount)?;
        self.held.insert(sponsor, &held);
        self.totals.granted = granted;
        self.totals.held = total_held;
        Ok(QuotaGranted { sponsor, amount, held })
    }

    /// Adds `amount` COS (received by the contract) to the bonus reserve.
    pub fn fund_reserve(&mut self, from: AccountId, amount: u128) -> Result<ReserveFunded, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        self.totals.reserve = add(self.totals.reserve, amount)?;
        Ok(ReserveFunded { from, amount, reserve: self.totals.reserve })
    }

    // ---- communities and trees -----------------------------------------------

    /// Creates a community with `admin` at its root.
    pub fn create_community(&mut self, admin: AccountId) -> Result<(CommunityId, CommunityCreated), QuotaError> {
        let id = self.next_community;
        self.next_community = id.checked_add(1).ok_or(QuotaError::Overflow)?;
        self.communities.insert(id, &Community { admin, pending_admin: None, children: 0 });
        Ok((id, CommunityCreated { community: id, admin }))
    }

    /// Offers the community to `new_admin` (`None` withdraws the offer). Admin only.
    pub fn transfer_admin(&mut self, caller: AccountId, id: CommunityId, new_admin: Option<AccountId>) -> Result<AdminTransferStarted, QuotaError> {
        let mut community = self.existing(id)?;
        if caller != community.admin {
            return Err(QuotaError::NotAdmin);
        }
        if let Some(new_admin) = new_admin {
            if new_admin == community.admin || self.managers.contains((id, new_admin)) {
                return Err(QuotaError::AlreadyInTree);
            }
        }
        community.pending_admin = new_admin;
        self.communities.insert(id, &community);
        Ok(AdminTransferStarted { community: id, admin: caller, new_admin })
    }

    /// The pending admin takes over the community, its pool included.
    pub fn accept_admin(&mut self, caller: AccountId, id: CommunityId) -> Result<AdminTransferred, QuotaError> {
        let mut community = self.existing(id)?;
        if community.pending_admin != Some(caller) {
            return Err(QuotaError::NotPendingAdmin);
        }
        if self.managers.contains((id, caller)) {
            // Became a manager after the offer: the tree must stay a tree.
            return Err(QuotaError::AlreadyInTree);
        }
        let previous = community.admin;
        community.admin = caller;
        community.pending_admin = None;
        self.communities.insert(id, &community);
        Ok(AdminTransferred { community: id, previous, new_admin: caller })
    }

    /// Appoints `manager` directly below the caller (the admin or a manager).
    pub fn add_manager(&mut self, caller: AccountId, id: CommunityId, manager: AccountId) -> Result<ManagerAdded, QuotaError> {
        let mut community = self.existing(id)?;
        let parent = self.holder_of(&community, id, caller)?;
        if manager == community.admin || self.managers.contains((id, manager)) {
            return Err(QuotaError::AlreadyInTree);
        }
        let depth = match parent {
            None => {
                community.children = community.children.checked_add(1).ok_or(QuotaError::Overflow)?;
                self.communities.insert(id, &community);
                1
            }
            Some(parent) => {
                let mut above = self.manager(id, parent).ok_or(QuotaError::UnknownManager)?;
                if above.depth >= MAX_DEPTH {
                    return Err(QuotaError::TreeTooDeep);
                }
                above.children = above.children.checked_add(1).ok_or(QuotaError::Overflow)?;
                let depth = above.depth.saturating_add(1);
                self.managers.insert((id, parent), &above);
                depth
            }
        };
        self.managers.insert((id, manager), &Manager { parent, depth, children: 0 });
        Ok(ManagerAdded { community: id, manager, parent })
    }

    /// Removes `manager` (who has no sub-managers) from the tree; its quota goes
    /// back to its parent. The caller must be above it (the admin or an ancestor).
    pub fn remove_manager(&mut self, caller: AccountId, id: CommunityId, manager: AccountId) -> Result<(ManagerRemoved, Vec<QuotaMoved>), QuotaError> {
        let mut community = self.existing(id)?;
        let caller_holder = self.holder_of(&community, id, caller)?;
        let record = self.manager(id, manager).ok_or(QuotaError::UnknownManager)?;
        if !self.is_below(id, manager, caller_holder)? {
            return Err(QuotaError::NotBelowCaller);
        }
        if record.children > 0 {
            return Err(QuotaError::HasSubManagers);
        }
        let mut moved = Vec::new();
        for sponsor in self.manager_sponsors(id, manager) {
            let amount = self.quota(id, Some(manager), sponsor);
            moved.extend(self.move_quota(id, sponsor, Some(manager), record.parent, amount)?);
        }
        match record.parent {
            None => {
                community.children = community.children.saturating_sub(1);
                self.communities.insert(id, &community);
            }
            Some(parent) => {
                let mut above = self.manager(id, parent).ok_or(QuotaError::UnknownManager)?;
                above.children = above.children.saturating_sub(1);
                self.managers.insert((id, parent), &above);
            }
        }
        self.managers.remove((id, manager));
        Ok((ManagerRemoved { community: id, manager, by: caller }, moved))
    }

    // ---- quota flow ----------------------------------------------------------

    /// `sponsor` donates `amount` of its quota to community `id`'s pool, for good.
    pub fn donate(&mut self, sponsor: AccountId, id: CommunityId, amount: u128) -> Result<QuotaDonated, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        self.existing(id)?;
        let held = sub(self.held(sponsor), amount)?;
        let pool_was = self.quota(id, None, sponsor);
        let pool_now = add(pool_was, amount)?;
        self.set_quota(id, None, sponsor, pool_was, pool_now)?;
        if held == 0 {
            self.held.remove(sponsor);
        } else {
            self.held.insert(sponsor, &held);
        }
        self.totals.held = self.totals.held.saturating_sub(amount);
        Ok(QuotaDonated { community: id, sponsor, amount })
    }

    /// Moves `amount` of `sponsor`'s quota from the caller to `to`, a manager
    /// anywhere below the caller.
    pub fn allocate(&mut self, caller: AccountId, id: CommunityId, sponsor: AccountId, to: AccountId, amount: u128) -> Result<Vec<QuotaMoved>, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        let community = self.existing(id)?;
        let from = self.holder_of(&community, id, caller)?;
        if !self.is_below(id, to, from)? {
            return Err(QuotaError::NotBelowCaller);
        }
        self.move_quota(id, sponsor, from, Some(to), amount)
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
        let community = self.existing(id)?;
        let holder = self.holder_of(&community, id, caller)?;
        let mut total: u128 = 0;
        for &(contributor, amount, _) in entries {
            if amount == 0 {
                return Err(QuotaError::ZeroAmount);
            }
            if self.is_self_or_above(id, &community, holder, contributor)? {
                return Err(QuotaError::SelfDealing);
            }
            total = add(total, amount)?;
        }
        let was = self.quota(id, holder, ctx.sponsor);
        let now = sub(was, total)?;
        let bonus = bonus::compute(total, stage, self.totals.reserve)?;
        let first_record = self.next_record;
        let count = u64::try_from(entries.len()).map_err(|_| QuotaError::Overflow)?;
        let next_record = first_record.checked_add(count).ok_or(QuotaError::Overflow)?;
        let unlocked = add(self.totals.unlocked, total)?;
        let bonus_paid = add(self.totals.bonus_paid, bonus.total())?;

        // Effects.
        self.set_quota(id, holder, ctx.sponsor, was, now)?;
        self.totals.unlocked = unlocked;
        self.totals.reserve = self.totals.reserve.saturating_sub(bonus.total());
        self.totals.bonus_paid = bonus_paid;
        self.next_record = next_record;
        let mut payouts = Vec::with_capacity(entries.len().saturating_add(2));
        let mut events = RewardEvents::default();
        for (record, &(contributor, amount, content_hash)) in (first_record..).zip(entries) {
            let entry = ContributionRecord {
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
            self.records.insert(record, &entry);
            payouts.push((contributor, amount));
            events.records.push(ContributionRecorded::new(record, entry));
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

/// Events of one reward call.
#[derive(Debug, Default)]
pub struct RewardEvents {
    pub records: Vec<ContributionRecorded>,
    pub bonus: Option<BonusPaid>,
    pub shortfall: Option<BonusShortfall>,
}
