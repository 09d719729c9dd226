//! Locked quota: granted to sponsors, donated to communities, held per
//! (community, holder, sponsor) down the manager tree.
//!
//! Quota keeps the identity of its sponsor all the way down, so that each unlock
//! pays its bonus to the sponsor whose quota it was: every move and reward names
//! the sponsor. A manager holds quota of at most [`MAX_SPONSORS_PER_MANAGER`]
//! sponsors at once (its sponsor list bounds the work of removing it); the
//! admin's pool has no such bound.
//!
//! Conservation, checked by the property tests:
//! `granted = held + unallocated + allocated + unlocked`.

use crate::{
    errors::QuotaError,
    events::{QuotaDonated, QuotaGranted, QuotaMoved, ReserveFunded},
    CommunityId, Holder, QuotaBook,
};
use cos_common::AccountId;
use ink::{prelude::vec::Vec, storage::Mapping};

/// Most sponsors whose quota one manager may hold at once.
pub const MAX_SPONSORS_PER_MANAGER: usize = 16;

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

pub(crate) fn add(a: u128, b: u128) -> Result<u128, QuotaError> {
    a.checked_add(b).ok_or(QuotaError::Overflow)
}

pub(crate) fn sub(a: u128, b: u128) -> Result<u128, QuotaError> {
    a.checked_sub(b).ok_or(QuotaError::InsufficientQuota)
}

/// A holder's quota of one sponsor: (community, holder, sponsor).
type QuotaKey = (CommunityId, Holder, AccountId);
/// A manager in a community.
type ManagerKey = (CommunityId, AccountId);

/// Quota per sponsor and holder, and the totals.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Quotas {
    pub(crate) totals: QuotaTotals,
    /// Quota granted to a sponsor and not yet donated.
    held: Mapping<AccountId, u128>,
    /// Quota per (community, holder, sponsor); holder `None` is the admin's pool.
    quota: Mapping<QuotaKey, u128>,
    /// Sponsors whose quota a manager holds (at most `MAX_SPONSORS_PER_MANAGER`).
    sponsors: Mapping<ManagerKey, Vec<AccountId>>,
}

impl Quotas {
    pub fn held(&self, sponsor: AccountId) -> u128 {
        self.held.get(sponsor).unwrap_or_default()
    }

    /// Quota of `sponsor` held by `holder` (`None`: the community's pool).
    pub fn get(&self, community: CommunityId, holder: Holder, sponsor: AccountId) -> u128 {
        self.quota.get((community, holder, sponsor)).unwrap_or_default()
    }

    pub fn sponsors(&self, community: CommunityId, manager: AccountId) -> Vec<AccountId> {
        self.sponsors.get((community, manager)).unwrap_or_default()
    }

    /// Whether `holder` can receive quota of `sponsor` without passing the sponsor bound.
    pub fn can_hold(&self, community: CommunityId, holder: Holder, sponsor: AccountId) -> bool {
        match holder {
            None => true,
            Some(manager) => {
                let sponsors = self.sponsors(community, manager);
                sponsors.contains(&sponsor) || sponsors.len() < MAX_SPONSORS_PER_MANAGER
            }
        }
    }

    /// Sets a holder's quota of `sponsor` from `was` to `now`, keeping the totals
    /// and the manager's sponsor list in step.
    pub(crate) fn set(
        &mut self,
        id: CommunityId,
        holder: Holder,
        sponsor: AccountId,
        was: u128,
        now: u128,
    ) -> Result<(), QuotaError> {
        if let Some(manager) = holder {
            let mut sponsors = self.sponsors(id, manager);
            match (now == 0, sponsors.iter().position(|s| *s == sponsor)) {
                (false, None) => {
                    if sponsors.len() >= MAX_SPONSORS_PER_MANAGER {
                        return Err(QuotaError::TooManySponsors);
                    }
                    sponsors.push(sponsor);
                    self.sponsors.insert((id, manager), &sponsors);
                }
                (true, Some(index)) => {
                    sponsors.swap_remove(index);
                    if sponsors.is_empty() {
                        self.sponsors.remove((id, manager));
                    } else {
                        self.sponsors.insert((id, manager), &sponsors);
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

    /// Takes all of `manager`'s quota out (it leaves the tree): for each sponsor
    /// in `sponsors` (its list, read by the caller) the amount, with its
    /// cells and its list removed and the allocated total lowered. The caller
    /// gives every amount back to a holder above ([`Quotas::add_to`]).
    pub(crate) fn take_all(
        &mut self,
        id: CommunityId,
        manager: AccountId,
        sponsors: &[AccountId],
    ) -> Vec<(AccountId, u128)> {
        let mut taken = Vec::with_capacity(sponsors.len());
        for &sponsor in sponsors {
            let amount = self.get(id, Some(manager), sponsor);
            self.quota.remove((id, Some(manager), sponsor));
            self.totals.allocated = self.totals.allocated.saturating_sub(amount);
            taken.push((sponsor, amount));
        }
        self.sponsors.remove((id, manager));
        taken
    }

    /// Adds `amount` of `sponsor`'s quota to `holder`, whose sponsor list the
    /// caller keeps (it lists `sponsor` already or has room: [`Quotas::set_sponsors`]).
    pub(crate) fn add_to(
        &mut self,
        id: CommunityId,
        holder: Holder,
        sponsor: AccountId,
        amount: u128,
    ) -> Result<(), QuotaError> {
        let now = add(self.get(id, holder, sponsor), amount)?;
        if holder.is_some() {
            self.totals.allocated = add(self.totals.allocated, amount)?;
        } else {
            self.totals.unallocated = add(self.totals.unallocated, amount)?;
        }
        self.quota.insert((id, holder, sponsor), &now);
        Ok(())
    }

    /// Writes `manager`'s sponsor list, kept by the caller (at most
    /// `MAX_SPONSORS_PER_MANAGER`). A `Vec` because `Mapping::insert` takes the stored type.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn set_sponsors(&mut self, id: CommunityId, manager: AccountId, sponsors: &Vec<AccountId>) {
        if sponsors.is_empty() {
            self.sponsors.remove((id, manager));
        } else {
            self.sponsors.insert((id, manager), sponsors);
        }
    }

    /// Moves `amount` of `sponsor`'s quota between two holders of a community.
    pub(crate) fn transfer(
        &mut self,
        id: CommunityId,
        sponsor: AccountId,
        from: Holder,
        to: Holder,
        amount: u128,
    ) -> Result<QuotaMoved, QuotaError> {
        let from_was = self.get(id, from, sponsor);
        let from_now = sub(from_was, amount)?;
        let to_was = self.get(id, to, sponsor);
        let to_now = add(to_was, amount)?;
        // The receiving side is the one that can fail (sponsor bound): first.
        self.set(id, to, sponsor, to_was, to_now)?;
        self.set(id, from, sponsor, from_was, from_now)?;
        Ok(QuotaMoved {
            community: id,
            sponsor,
            from,
            to,
            amount,
        })
    }
}

impl QuotaBook {
    pub fn totals(&self) -> QuotaTotals {
        self.quotas.totals
    }

    pub fn held(&self, sponsor: AccountId) -> u128 {
        self.quotas.held(sponsor)
    }

    /// Quota of `sponsor` held by `holder` (`None`: the community's pool).
    pub fn quota(&self, community: CommunityId, holder: Holder, sponsor: AccountId) -> u128 {
        self.quotas.get(community, holder, sponsor)
    }

    pub fn manager_sponsors(&self, community: CommunityId, manager: AccountId) -> Vec<AccountId> {
        self.quotas.sponsors(community, manager)
    }

    /// Grants `amount` locked quota to `sponsor` (the contract received the COS).
    pub fn grant(&mut self, sponsor: AccountId, amount: u128) -> Result<QuotaGranted, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        let q = &mut self.quotas;
        let held = add(q.held(sponsor), amount)?;
        let granted = add(q.totals.granted, amount)?;
        let total_held = add(q.totals.held, amount)?;
        q.held.insert(sponsor, &held);
        q.totals.granted = granted;
        q.totals.held = total_held;
        Ok(QuotaGranted { sponsor, amount, held })
    }

    /// Adds `amount` COS (received by the contract) to the bonus reserve.
    pub fn fund_reserve(&mut self, from: AccountId, amount: u128) -> Result<ReserveFunded, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        let reserve = add(self.quotas.totals.reserve, amount)?;
        self.quotas.totals.reserve = reserve;
        Ok(ReserveFunded { from, amount, reserve })
    }

    /// `sponsor` donates `amount` of its quota to community `id`'s pool, for
    /// good; the community must be recognised.
    pub fn donate(&mut self, sponsor: AccountId, id: CommunityId, amount: u128) -> Result<QuotaDonated, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        crate::recognition::ensure(&self.tree.existing(id)?)?;
        let q = &mut self.quotas;
        let held = sub(q.held(sponsor), amount)?;
        let pool_was = q.get(id, None, sponsor);
        let pool_now = add(pool_was, amount)?;
        q.set(id, None, sponsor, pool_was, pool_now)?;
        if held == 0 {
            q.held.remove(sponsor);
        } else {
            q.held.insert(sponsor, &held);
        }
        q.totals.held = q.totals.held.saturating_sub(amount);
        Ok(QuotaDonated {
            community: id,
            sponsor,
            amount,
        })
    }

    /// Moves `amount` of `sponsor`'s quota from the caller (the admin's pool or a
    /// manager's own quota) down to `to`, a manager anywhere below the caller,
    /// in a recognised community.
    pub fn allocate(
        &mut self,
        caller: AccountId,
        id: CommunityId,
        sponsor: AccountId,
        to: AccountId,
        amount: u128,
    ) -> Result<QuotaMoved, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        let community = self.tree.existing(id)?;
        crate::recognition::ensure(&community)?;
        let from = self.tree.holder_of(&community, id, caller)?;
        if !self.tree.is_below(id, to, from)? {
            return Err(QuotaError::NotBelowCaller);
        }
        self.quotas.transfer(id, sponsor, from, Some(to), amount)
    }

    /// Takes `amount` of `sponsor`'s unspent quota back up from `from`, a manager
    /// anywhere below the caller, to the caller (the admin's pool or the caller's
    /// own quota): what a rogue or idle manager holds can always be recovered. A
    /// manager caller whose sponsor list is full gets `TooManySponsors`; the admin
    /// never does.
    pub fn reclaim(
        &mut self,
        caller: AccountId,
        id: CommunityId,
        from: AccountId,
        sponsor: AccountId,
        amount: u128,
    ) -> Result<QuotaMoved, QuotaError> {
        if amount == 0 {
            return Err(QuotaError::ZeroAmount);
        }
        let community = self.tree.existing(id)?;
        let to = self.tree.holder_of(&community, id, caller)?;
        if !self.tree.is_below(id, from, to)? {
            return Err(QuotaError::NotBelowCaller);
        }
        self.quotas.transfer(id, sponsor, Some(from), to, amount)
    }
}
