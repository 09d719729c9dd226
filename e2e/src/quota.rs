//! Typed calls to a deployed donation quota contract.

use crate::{to_ink, Bundle, Chain, Instance, Outcome};
use anyhow::Result;
use donation_quota::{BonusStage, CommunityId, ContributionRecord, Manager, QuotaError, QuotaTotals, VestingSchedule};
use drink::AccountId32;
use ink::primitives::AccountId;

/// A donation quota instance on a [`Chain`].
#[derive(Clone)]
pub struct Quota(pub Instance);

pub type QuotaResult<T = ()> = Result<T, QuotaError>;

impl Quota {
    /// Deploys `donation_quota` for the credit contract `token`, from `owner`.
    pub fn deploy(chain: &mut Chain, owner: &AccountId32, token: AccountId, schedule: Option<Vec<BonusStage>>) -> Result<Self> {
        let bundle = Bundle::load("donation_quota")?;
        let (instance, _) = chain.deploy(&bundle, "new", (token, schedule), owner, vec![])?;
        Ok(Self(instance))
    }

    pub fn id(&self) -> AccountId {
        self.0.id()
    }

    // ---- queries ----
    pub fn totals(&self, chain: &mut Chain) -> Result<QuotaTotals> {
        chain.query(&self.0, "totals", ())
    }
    pub fn held_quota(&self, chain: &mut Chain, sponsor: &AccountId32) -> Result<u128> {
        chain.query(&self.0, "held_quota", to_ink(sponsor))
    }
    pub fn quota_of(&self, chain: &mut Chain, community: CommunityId, holder: Option<&AccountId32>, sponsor: &AccountId32) -> Result<u128> {
        chain.query(&self.0, "quota_of", (community, holder.map(to_ink), to_ink(sponsor)))
    }
    pub fn manager(&self, chain: &mut Chain, community: CommunityId, who: &AccountId32) -> Result<Option<Manager>> {
        chain.query(&self.0, "manager", (community, to_ink(who)))
    }
    pub fn record(&self, chain: &mut Chain, id: u64) -> Result<Option<ContributionRecord>> {
        chain.query(&self.0, "record", id)
    }
    pub fn record_count(&self, chain: &mut Chain) -> Result<u64> {
        chain.query(&self.0, "record_count", ())
    }
    pub fn current_bonus(&self, chain: &mut Chain) -> Result<BonusStage> {
        chain.query(&self.0, "current_bonus", ())
    }
    pub fn vesting_schedule(&self, chain: &mut Chain, id: u32) -> Result<Option<VestingSchedule>> {
        chain.query(&self.0, "vesting_schedule", id)
    }
    pub fn releasable(&self, chain: &mut Chain, id: u32) -> Result<u128> {
        chain.query(&self.0, "releasable", id)
    }
    pub fn vesting_outstanding(&self, chain: &mut Chain) -> Result<u128> {
        chain.query(&self.0, "vesting_outstanding", ())
    }

    // ---- transactions ----
    pub fn transfer_ownership(&self, chain: &mut Chain, owner: &AccountId32, new_owner: Option<&AccountId32>) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, owner, "transfer_ownership", new_owner.map(to_ink))
    }
    pub fn accept_ownership(&self, chain: &mut Chain, who: &AccountId32) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, who, "accept_ownership", ())
    }
    pub fn set_operator(&self, chain: &mut Chain, owner: &AccountId32, operator: &AccountId32) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, owner, "set_operator", to_ink(operator))
    }
    pub fn grant_quota(&self, chain: &mut Chain, operator: &AccountId32, sponsor: &AccountId32, amount: u128) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, operator, "grant_quota", (to_ink(sponsor), amount))
    }
    pub fn fund_reserve(&self, chain: &mut Chain, from: &AccountId32, amount: u128) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, from, "fund_reserve", amount)
    }
    pub fn create_community(&self, chain: &mut Chain, admin: &AccountId32) -> Result<Outcome<QuotaResult<CommunityId>>> {
        chain.call(&self.0, admin, "create_community", ())
    }
    pub fn add_manager(&self, chain: &mut Chain, caller: &AccountId32, community: CommunityId, manager: &AccountId32) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, caller, "add_manager", (community, to_ink(manager)))
    }
    pub fn remove_manager(&self, chain: &mut Chain, caller: &AccountId32, community: CommunityId, manager: &AccountId32) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, caller, "remove_manager", (community, to_ink(manager)))
    }
    pub fn donate(&self, chain: &mut Chain, sponsor: &AccountId32, community: CommunityId, amount: u128) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, sponsor, "donate", (community, amount))
    }
    pub fn allocate(&self, chain: &mut Chain, caller: &AccountId32, community: CommunityId, sponsor: &AccountId32, to: &AccountId32, amount: u128) -> Result<Outcome<QuotaResult>> {
        chain.call(&self.0, caller, "allocate", (community, to_ink(sponsor), to_ink(to), amount))
    }
    #[allow(clippy::too_many_arguments)]
    pub fn reward(
        &self,
        chain: &mut Chain,
        manager: &AccountId32,
        community: CommunityId,
        sponsor: &AccountId32,
        contributor: &AccountId32,
        amount: u128,
        category: u16,
        activity: u64,
        content_hash: [u8; 32],
    ) -> Result<Outcome<QuotaResult<u64>>> {
        chain.call(
            &self.0,
            manager,
            "reward",
            (community, to_ink(sponsor), to_ink(contributor), amount, category, activity, content_hash),
        )
    }
    #[allow(clippy::too_many_arguments)]
    pub fn reward_batch(
        &self,
        chain: &mut Chain,
        manager: &AccountId32,
        community: CommunityId,
        sponsor: &AccountId32,
        category: u16,
        activity: u64,
        entries: &[(AccountId32, u128, [u8; 32])],
    ) -> Result<Outcome<QuotaResult<(u64, u64)>>> {
        let entries: Vec<(AccountId, u128, [u8; 32])> = entries.iter().map(|(w, a, h)| (to_ink(w), *a, *h)).collect();
        chain.call(&self.0, manager, "reward_batch", (community, to_ink(sponsor), category, activity, entries))
    }
    #[allow(clippy::too_many_arguments)]
    pub fn create_vesting(
        &self,
        chain: &mut Chain,
        operator: &AccountId32,
        beneficiary: &AccountId32,
        total: u128,
        start_ms: u64,
        cliff_months: u32,
        releases: u32,
    ) -> Result<Outcome<QuotaResult<u32>>> {
        chain.call(&self.0, operator, "create_vesting", (to_ink(beneficiary), total, start_ms, cliff_months, releases))
    }
    pub fn release(&self, chain: &mut Chain, caller: &AccountId32, id: u32) -> Result<Outcome<QuotaResult<u128>>> {
        chain.call(&self.0, caller, "release", id)
    }
}
