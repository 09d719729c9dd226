//! # COS donation quota
//!
//! Locked quota, unlocking by contribution records, bonuses and vesting
//! (SPEC.md C2; white paper 000, section 3.2):
//!
//! 1. The **operator** pays COS into this contract and grants the same amount of
//!    **locked quota** to sponsors ([`grant_quota`](donation_quota::DonationQuota::grant_quota)).
//!    Quota is not a token: it cannot be transferred as COS.
//! 2. A **sponsor** donates quota to a **community** (irrevocably) that the
//!    operator has **recognised** ([`recognition`]); the community's
//!    **admin** allocates it down a tree of **managers** ([`tree`]), who join by
//!    accepting an offer and may offer places below themselves. Anyone above a
//!    manager can take its unspent quota back up or remove it with its subtree.
//! 3. A manager **unlocks** quota by rewarding contributors ([`rewards`]): each
//!    reward is a permanent **contribution record** ([`records`]) and pays the
//!    contributor COS. The sponsor (10-25 %) and the manager (5-10 %) get a bonus
//!    from the **bonus reserve**, at rates from a schedule fixed at deployment
//!    that only declines ([`bonus`]). The [`self_dealing`] rule keeps sponsors and
//!    managers from paying themselves.
//! 4. **Vesting** schedules release COS monthly after a cliff; anyone may trigger
//!    a release of what has vested ([`vesting`]).
//!
//! The logic lives in plain structs ([`QuotaBook`]: [`tree::Tree`],
//! [`quota::Quotas`], [`records::Records`]) that check everything before writing
//! and return events and payouts. The contract makes the token calls last,
//! through `cos_common`'s client; if one fails it returns an error, and ink!
//! reverts every change of the call.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod bonus;
pub mod categories;
pub mod errors;
pub mod events;
pub mod quota;
pub mod recognition;
pub mod records;
pub mod rewards;
pub mod self_dealing;
pub mod tree;
pub mod vesting;

pub use bonus::BonusStage;
pub use categories::{MAX_CATEGORIES, MAX_NAME_BYTES};
pub use errors::QuotaError;
pub use quota::{QuotaTotals, MAX_SPONSORS_PER_MANAGER};
pub use records::ContributionRecord;
pub use rewards::{RewardContext, RewardEntry, MAX_REWARD_BATCH};
pub use tree::{
    Community, Manager, Removal, Resignation, CHILDREN_PER_CELL, MAX_CHILDREN, MAX_DEPTH, MAX_REMOVAL,
    MAX_REMOVAL_MOVES,
};
pub use vesting::VestingSchedule;

/// Community ids.
pub type CommunityId = u32;

/// Where quota sits inside a community: a manager, or `None` for the admin's pool.
pub type Holder = Option<cos_common::AccountId>;

/// The quota book: the manager trees, the quota in them and the contribution
/// records. Each part's rules live in the module named for it; operations that
/// span parts (removal returns quota, rewards write records) are `QuotaBook`
/// methods in the module of their concern.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct QuotaBook {
    tree: tree::Tree,
    quotas: quota::Quotas,
    records: records::Records,
}

#[ink::contract(env = cos_common::Env)]
pub mod donation_quota {
    use crate::{
        bonus::{self, BonusStage},
        categories::Categories,
        errors::QuotaError,
        events::{OperatorChanged, TokensRecovered, VestingCreated, VestingReleased},
        rewards::{RewardContext, RewardEntry, RewardEvents},
        tree::{Community, Manager},
        tree::{Removal, Resignation},
        vesting::VestingSchedule,
        CommunityId, ContributionRecord, QuotaBook, QuotaTotals,
    };
    use cos_common::{token::CreditClient, Ownable};
    use ink::{
        prelude::vec::Vec,
        storage::{Lazy, Mapping},
    };

    /// The donation quota contract.
    #[ink(storage)]
    pub struct DonationQuota {
        token: AccountId,
        ownership: Ownable,
        operator: AccountId,
        /// Deployment time: the bonus schedule counts from here.
        genesis_ms: Timestamp,
        schedule: Lazy<Vec<BonusStage>>,
        book: QuotaBook,
        /// Each community's named contribution categories.
        categories: Categories,
        vesting: Mapping<u32, VestingSchedule>,
        vesting_count: u32,
        /// COS held for vesting, not yet released.
        vesting_outstanding: Balance,
    }

    impl DonationQuota {
        /// Deploys for the COS Credit contract at `token`. The caller becomes owner
        /// and operator. `schedule`: the bonus stages (see [`bonus::validate`]);
        /// `None` takes [`bonus::default_schedule`].
        #[ink(constructor)]
        pub fn new(token: AccountId, schedule: Option<Vec<BonusStage>>) -> Result<Self, QuotaError> {
            let stages = schedule.unwrap_or_else(bonus::default_schedule);
            bonus::validate(&stages)?;
            let caller = Self::env().caller();
            let mut lazy = Lazy::new();
            lazy.set(&stages);
            Ok(Self {
                token,
                ownership: Ownable::new(caller),
                operator: caller,
                genesis_ms: cos_common::millis(Self::env().block_timestamp()),
                schedule: lazy,
                book: QuotaBook::default(),
                categories: Categories::default(),
                vesting: Mapping::default(),
                vesting_count: 0,
                vesting_outstanding: 0,
            })
        }

        /// The COS Credit contract, for the token calls (always last in a message).
        fn credit(&self) -> CreditClient {
            CreditClient::new(self.token)
        }

        /// COS the contract must keep: outstanding quota, reserve and unreleased vesting.
        fn owed(&self) -> Balance {
            let totals = self.book.totals();
            totals
                .outstanding()
                .saturating_add(totals.reserve)
                .saturating_add(self.vesting_outstanding)
        }

        fn ensure_operator(&self) -> Result<(), QuotaError> {
            if self.env().caller() == self.operator {
                Ok(())
            } else {
                Err(QuotaError::NotOperator)
            }
        }

        // ---- administration ----------------------------------------------------

        /// The COS Credit contract this contract holds and pays.
        #[ink(message)]
        pub fn token(&self) -> AccountId {
            self.token
        }

        /// The owner: names the operator.
        #[ink(message)]
        pub fn owner(&self) -> AccountId {
            self.ownership.owner()
        }

        /// The account offered ownership, until it accepts.
        #[ink(message)]
        pub fn pending_owner(&self) -> Option<AccountId> {
            self.ownership.pending_owner()
        }

        /// Offers ownership to `new_owner` (`None` withdraws the offer). Owner
        /// only; nothing changes until `new_owner` calls `accept_ownership`.
        #[ink(message)]
        pub fn transfer_ownership(&mut self, new_owner: Option<AccountId>) -> Result<(), QuotaError> {
            let event = self.ownership.transfer(self.env().caller(), new_owner)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Accepts the ownership offered to the caller.
        #[ink(message)]
        pub fn accept_ownership(&mut self) -> Result<(), QuotaError> {
            let event = self.ownership.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// The operator: grants quota and creates vesting schedules.
        #[ink(message)]
        pub fn operator(&self) -> AccountId {
            self.operator
        }

        /// Names a new operator. Owner only.
        #[ink(message)]
        pub fn set_operator(&mut self, new_operator: AccountId) -> Result<(), QuotaError> {
            self.ownership.ensure_owner(self.env().caller())?;
            let previous = self.operator;
            self.operator = new_operator;
            self.env().emit_event(OperatorChanged { previous, new_operator });
            Ok(())
        }

        /// The bonus schedule fixed at deployment.
        #[ink(message)]
        pub fn bonus_schedule(&self) -> Vec<BonusStage> {
            self.schedule.get().unwrap_or_default()
        }

        /// The bonus stage in force now.
        #[ink(message)]
        pub fn current_bonus(&self) -> BonusStage {
            let elapsed = cos_common::millis(self.env().block_timestamp()).saturating_sub(self.genesis_ms);
            bonus::stage_at(&self.bonus_schedule(), elapsed)
        }

        /// Quota and reserve totals over all sponsors and communities.
        #[ink(message)]
        pub fn totals(&self) -> QuotaTotals {
            self.book.totals()
        }

        /// COS the contract holds for vesting, not yet released.
        #[ink(message)]
        pub fn vesting_outstanding(&self) -> Balance {
            self.vesting_outstanding
        }

        // ---- quota grants and reserve -----------------------------------------

        /// Grants `amount` locked quota to `sponsor`, paid by the operator in COS
        /// (the operator must have approved this contract for `amount`). Operator only.
        #[ink(message)]
        pub fn grant_quota(&mut self, sponsor: AccountId, amount: Balance) -> Result<(), QuotaError> {
            self.ensure_operator()?;
            let event = self.book.grant(sponsor, amount)?;
            self.env().emit_event(event);
            Ok(self
                .credit()
                .transfer_from(self.env().caller(), cos_common::this_contract(), amount)?)
        }

        /// Adds `amount` COS from the caller (who approved this contract) to the
        /// bonus reserve. Anyone may fund it.
        #[ink(message)]
        pub fn fund_reserve(&mut self, amount: Balance) -> Result<(), QuotaError> {
            let caller = self.env().caller();
            let event = self.book.fund_reserve(caller, amount)?;
            self.env().emit_event(event);
            Ok(self
                .credit()
                .transfer_from(caller, cos_common::this_contract(), amount)?)
        }

        /// Locked quota `sponsor` holds and has not donated.
        #[ink(message)]
        pub fn held_quota(&self, sponsor: AccountId) -> Balance {
            self.book.held(sponsor)
        }

        // ---- communities -------------------------------------------------------

        /// Creates a community; the caller becomes its admin. Returns its id.
        #[ink(message)]
        pub fn create_community(&mut self) -> Result<CommunityId, QuotaError> {
            let (id, event) = self.book.create_community(self.env().caller())?;
            self.env().emit_event(event);
            Ok(id)
        }

        /// Recognises community `id` (`recognised`), so that it may receive
        /// donations and allocate and unlock quota, or withdraws its
        /// recognition, which freezes its quota where it stands (reclaims and
        /// removals still work). Operator only: the operator, which may be a
        /// governance contract, answers for which communities are real.
        ///
        /// # Errors
        /// `NotOperator`, `UnknownCommunity`, `Unchanged`.
        ///
        /// # Events
        /// `CommunityRecognised`.
        #[ink(message)]
        pub fn recognise(&mut self, id: CommunityId, recognised: bool) -> Result<(), QuotaError> {
            self.ensure_operator()?;
            let event = self.book.recognise(id, recognised)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// The community `id`, if it exists.
        #[ink(message)]
        pub fn community(&self, id: CommunityId) -> Option<Community> {
            self.book.community(id)
        }

        /// Number of communities (ids run from 0).
        #[ink(message)]
        pub fn community_count(&self) -> CommunityId {
            self.book.community_count()
        }

        /// Names contribution category `category` of community `id` (renames it
        /// if named), or removes its name (`None`). Once a community names any
        /// category, rewards must use a named one. Admin only.
        ///
        /// # Errors
        /// `UnknownCommunity`, `NotAdmin`, `BadCategoryName` (empty, blank or
        /// over `MAX_NAME_BYTES` bytes), `DuplicateCategoryName`,
        /// `TooManyCategories` (`MAX_CATEGORIES`), `UnknownCategory` (removing
        /// a name there is not).
        ///
        /// # Events
        /// `CategorySet`.
        #[ink(message)]
        pub fn set_category(
            &mut self,
            id: CommunityId,
            category: u16,
            name: Option<ink::prelude::string::String>,
        ) -> Result<(), QuotaError> {
            let community = self.book.community(id).ok_or(QuotaError::UnknownCommunity)?;
            if community.admin != self.env().caller() {
                return Err(QuotaError::NotAdmin);
            }
            let event = self.categories.set(id, category, name)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// The named contribution categories of community `id`, in the order
        /// they were named (empty: it rewards any category number).
        #[ink(message)]
        pub fn categories(&self, id: CommunityId) -> Vec<(u16, ink::prelude::string::String)> {
            self.categories.list(id)
        }

        /// Offers community `id` to `new_admin` (`None` withdraws). Admin only.
        #[ink(message)]
        pub fn transfer_admin(&mut self, id: CommunityId, new_admin: Option<AccountId>) -> Result<(), QuotaError> {
            let event = self.book.transfer_admin(self.env().caller(), id, new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Accepts community `id` offered to the caller, who must have no place
        /// in its tree (a manager resigns first). Every open offer of a place
        /// lapses: the new admin offers again.
        ///
        /// # Errors
        /// `UnknownCommunity`, `NotPendingAdmin`, `AlreadyInTree`.
        ///
        /// # Events
        /// `AdminTransferred`, `OffersLapsed`.
        #[ink(message)]
        pub fn accept_admin(&mut self, id: CommunityId) -> Result<(), QuotaError> {
            let (transferred, lapsed) = self.book.accept_admin(self.env().caller(), id)?;
            self.env().emit_event(transferred);
            self.env().emit_event(lapsed);
            Ok(())
        }

        /// Offers `candidate` a place directly below the caller (the admin or a
        /// manager). Nothing changes in the tree until `candidate` accepts with
        /// `accept_manager(id, parent)`.
        ///
        /// # Errors
        /// `UnknownCommunity`, `NotManager`, `AlreadyInTree`.
        ///
        /// # Events
        /// `ManagerOffered`.
        #[ink(message)]
        pub fn offer_manager(&mut self, id: CommunityId, candidate: AccountId) -> Result<(), QuotaError> {
            let event = self.book.offer_manager(self.env().caller(), id, candidate)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Withdraws the caller's open offer to `candidate`.
        ///
        /// # Errors
        /// `UnknownCommunity`, `NotManager`, `NoAppointment`.
        ///
        /// # Events
        /// `OfferWithdrawn`.
        #[ink(message)]
        pub fn withdraw_offer(&mut self, id: CommunityId, candidate: AccountId) -> Result<(), QuotaError> {
            let event = self.book.withdraw_offer(self.env().caller(), id, candidate)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Accepts the place `parent` (`None`: the admin) offered the caller, at
        /// most `MAX_DEPTH` levels below the admin and `MAX_CHILDREN` below one parent.
        ///
        /// # Errors
        /// `UnknownCommunity`, `NoAppointment`, `AlreadyInTree`, `UnknownManager`
        /// (the parent left the tree), `TreeTooDeep`, `TooManyChildren`.
        ///
        /// # Events
        /// `ManagerAdded`.
        #[ink(message)]
        pub fn accept_manager(&mut self, id: CommunityId, parent: Option<AccountId>) -> Result<(), QuotaError> {
            let event = self.book.accept_manager(self.env().caller(), id, parent)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Whether `parent` (`None`: the admin) has an open offer to `candidate`
        /// (made since the community's tree last changed: offers lapse when
        /// the admin changes or a manager leaves).
        #[ink(message)]
        pub fn has_offer(&self, id: CommunityId, candidate: AccountId, parent: Option<AccountId>) -> bool {
            self.book.has_offer(id, candidate, parent)
        }

        /// Removes `manager` with its whole subtree (at most `MAX_REMOVAL`
        /// managers holding at most `MAX_REMOVAL_MOVES` sponsors' quota
        /// between them; reclaim or remove a lower part first if larger). The caller must be
        /// above it. Everyone's quota goes up the tree: to the subtree's parent,
        /// or the nearest holder above that can take it (the admin's pool at
        /// the latest), so no bookkeeping bound makes removal fail.
        ///
        /// Every open offer of the community lapses.
        ///
        /// # Errors
        /// `UnknownCommunity`, `NotManager`, `UnknownManager`, `NotBelowCaller`,
        /// `SubtreeTooLarge`.
        ///
        /// # Events
        /// `QuotaMoved` for each sponsor's quota of each removed manager, then
        /// `ManagerRemoved` for each removed manager (the subtree's head
        /// first), then `OffersLapsed`.
        #[ink(message)]
        pub fn remove_manager(&mut self, id: CommunityId, manager: AccountId) -> Result<(), QuotaError> {
            let Removal { moved, removed, lapsed } = self.book.remove_manager(self.env().caller(), id, manager)?;
            for event in moved {
                self.env().emit_event(event);
            }
            for event in removed {
                self.env().emit_event(event);
            }
            self.env().emit_event(lapsed);
            Ok(())
        }

        /// The caller, a manager of community `id`, leaves its tree alone: its
        /// sub-managers move up one level, under its parent, and its quota goes
        /// up the tree as on removal. Every open offer of the community lapses.
        /// A manager the admin wants to hand the community to resigns first.
        ///
        /// # Errors
        /// `UnknownCommunity`, `NotManager`, `SubtreeTooLarge` (more than
        /// `MAX_REMOVAL` managers would move), `NoRoomAbove` (the parent would
        /// get more than `MAX_CHILDREN` sub-managers).
        ///
        /// # Events
        /// `QuotaMoved` for each sponsor's quota it held, `ManagerMoved` for
        /// each direct sub-manager, `ManagerRemoved` (`by` itself), `OffersLapsed`.
        #[ink(message)]
        pub fn resign(&mut self, id: CommunityId) -> Result<(), QuotaError> {
            let Resignation {
                moved,
                children,
                resigned,
                lapsed,
            } = self.book.resign(self.env().caller(), id)?;
            for event in moved {
                self.env().emit_event(event);
            }
            for event in children {
                self.env().emit_event(event);
            }
            self.env().emit_event(resigned);
            self.env().emit_event(lapsed);
            Ok(())
        }

        /// Direct sub-managers of `manager` in community `id`.
        #[ink(message)]
        pub fn manager_children(&self, id: CommunityId, manager: AccountId) -> Vec<AccountId> {
            self.book.manager_children(id, manager)
        }

        /// `account`'s place in community `id`'s tree, if it is a manager.
        #[ink(message)]
        pub fn manager(&self, id: CommunityId, account: AccountId) -> Option<Manager> {
            self.book.manager(id, account)
        }

        /// Sponsors whose quota `manager` holds in community `id`.
        #[ink(message)]
        pub fn manager_sponsors(&self, id: CommunityId, manager: AccountId) -> Vec<AccountId> {
            self.book.manager_sponsors(id, manager)
        }

        // ---- quota flow --------------------------------------------------------

        /// Donates `amount` of the caller's quota to community `id`, which the
        /// operator must have recognised. Irrevocable.
        ///
        /// # Errors
        /// `ZeroAmount`, `UnknownCommunity`, `NotRecognised`, `InsufficientQuota`.
        ///
        /// # Events
        /// `QuotaDonated`.
        #[ink(message)]
        pub fn donate(&mut self, id: CommunityId, amount: Balance) -> Result<(), QuotaError> {
            let event = self.book.donate(self.env().caller(), id, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Allocates `amount` of `sponsor`'s quota from the caller (the admin's
        /// pool, or a manager's own quota) to `to`, a manager below the caller.
        ///
        /// # Errors
        /// `ZeroAmount`, `UnknownCommunity`, `NotRecognised`, `NotManager`,
        /// `UnknownManager`, `NotBelowCaller`, `InsufficientQuota`, `TooManySponsors`.
        ///
        /// # Events
        /// `QuotaMoved`.
        #[ink(message)]
        pub fn allocate(
            &mut self,
            id: CommunityId,
            sponsor: AccountId,
            to: AccountId,
            amount: Balance,
        ) -> Result<(), QuotaError> {
            let event = self.book.allocate(self.env().caller(), id, sponsor, to, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Takes `amount` of `sponsor`'s unspent quota back from `from`, a
        /// manager anywhere below the caller, to the caller (the admin's pool or
        /// the caller's own quota).
        ///
        /// # Errors
        /// `ZeroAmount`, `UnknownCommunity`, `NotManager`, `UnknownManager`,
        /// `NotBelowCaller`, `InsufficientQuota`, `TooManySponsors` (a manager
        /// caller already holding quota of that many other sponsors; the admin
        /// never gets it).
        ///
        /// # Events
        /// `QuotaMoved`.
        #[ink(message)]
        pub fn reclaim(
            &mut self,
            id: CommunityId,
            from: AccountId,
            sponsor: AccountId,
            amount: Balance,
        ) -> Result<(), QuotaError> {
            let event = self.book.reclaim(self.env().caller(), id, from, sponsor, amount)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Quota of `sponsor` held in community `id` by `holder` (`None`: the
        /// admin's unallocated pool).
        #[ink(message)]
        pub fn quota_of(&self, id: CommunityId, holder: Option<AccountId>, sponsor: AccountId) -> Balance {
            self.book.quota(id, holder, sponsor)
        }

        fn unlock(
            &mut self,
            ctx_sponsor: AccountId,
            id: CommunityId,
            category: u16,
            activity: u64,
            entries: &[RewardEntry],
        ) -> Result<(u64, u64), QuotaError> {
            let caller = self.env().caller();
            self.categories.check(id, category)?;
            let ctx = RewardContext {
                community: id,
                sponsor: ctx_sponsor,
                category,
                activity,
                block: self.env().block_number(),
                timestamp: cos_common::millis(self.env().block_timestamp()),
            };
            let stage = self.current_bonus();
            let (payouts, events) = self.book.reward(caller, ctx, entries, stage)?;
            let RewardEvents {
                records,
                bonus,
                shortfall,
            } = events;
            let first = records.first().map(|r| r.record).unwrap_or_default();
            let last = records.last().map(|r| r.record).unwrap_or_default();
            for event in records {
                self.env().emit_event(event);
            }
            if let Some(event) = bonus {
                self.env().emit_event(event);
            }
            if let Some(event) = shortfall {
                self.env().emit_event(event);
            }
            self.credit().batch_transfer(&payouts)?;
            Ok((first, last))
        }

        /// Rewards `contributor` with `amount` of the caller's quota of `sponsor`
        /// in community `id`: writes a contribution record, pays the contributor
        /// `amount` COS and the bonuses. Returns the record id. The caller may not
        /// reward themselves, the admin or anyone above them. If the community
        /// names its categories, `category` must be one of them
        /// (`UnknownCategory`); it must be recognised (`NotRecognised`).
        #[ink(message)]
        #[allow(clippy::too_many_arguments)]
        pub fn reward(
            &mut self,
            id: CommunityId,
            sponsor: AccountId,
            contributor: AccountId,
            amount: Balance,
            category: u16,
            activity: u64,
            content_hash: [u8; 32],
        ) -> Result<u64, QuotaError> {
            self.unlock(sponsor, id, category, activity, &[(contributor, amount, content_hash)])
                .map(|(first, _)| first)
        }

        /// Rewards every `(contributor, amount, content_hash)` of one activity
        /// form at once, all or nothing, at most `MAX_REWARD_BATCH` (50) entries.
        /// Returns the first and last record ids. If the community names its
        /// categories, `category` must be one of them (`UnknownCategory`); it
        /// must be recognised (`NotRecognised`).
        #[ink(message)]
        pub fn reward_batch(
            &mut self,
            id: CommunityId,
            sponsor: AccountId,
            category: u16,
            activity: u64,
            entries: Vec<RewardEntry>,
        ) -> Result<(u64, u64), QuotaError> {
            self.unlock(sponsor, id, category, activity, &entries)
        }

        /// Contribution record `id`.
        #[ink(message)]
        pub fn record(&self, id: u64) -> Option<ContributionRecord> {
            self.book.record(id)
        }

        /// Number of contribution records (ids run from 0).
        #[ink(message)]
        pub fn record_count(&self) -> u64 {
            self.book.record_count()
        }

        // ---- recovery ----------------------------------------------------------

        /// COS the contract holds beyond what it owes (outstanding quota, reserve
        /// and unreleased vesting): tokens sent to it by mistake.
        ///
        /// # Errors
        /// `Token(_)` if the balance cannot be read.
        #[ink(message)]
        pub fn surplus(&self) -> Result<Balance, QuotaError> {
            let balance = self.credit().balance_of(cos_common::this_contract())?;
            Ok(balance.saturating_sub(self.owed()))
        }

        /// Pays `amount` of the surplus (COS sent here by mistake) to `to`.
        /// Owner only; nothing the contract owes can leave this way.
        ///
        /// # Errors
        /// `NotOwner`, `ZeroAmount`, `ExceedsSurplus`, `Token(_)`.
        ///
        /// # Events
        /// `TokensRecovered`; the token's `Transfer`.
        #[ink(message)]
        pub fn recover(&mut self, to: AccountId, amount: Balance) -> Result<(), QuotaError> {
            self.ownership.ensure_owner(self.env().caller())?;
            if amount == 0 {
                return Err(QuotaError::ZeroAmount);
            }
            if amount > self.surplus()? {
                return Err(QuotaError::ExceedsSurplus);
            }
            self.env().emit_event(TokensRecovered { to, amount });
            Ok(self.credit().transfer(to, amount)?)
        }

        // ---- vesting -----------------------------------------------------------

        /// Creates a vesting schedule for `beneficiary`, paid by the operator in
        /// COS (approved beforehand): `total` vests in `releases` equal monthly
        /// steps, the first `cliff_months + 1` months after `start_ms`. Operator
        /// only. Returns the schedule id.
        #[ink(message)]
        pub fn create_vesting(
            &mut self,
            beneficiary: AccountId,
            total: Balance,
            start_ms: Timestamp,
            cliff_months: u32,
            releases: u32,
        ) -> Result<u32, QuotaError> {
            self.ensure_operator()?;
            let schedule = VestingSchedule::new(beneficiary, total, start_ms, cliff_months, releases)?;
            let id = self.vesting_count;
            self.vesting_count = id.checked_add(1).ok_or(QuotaError::Overflow)?;
            self.vesting_outstanding = self
                .vesting_outstanding
                .checked_add(total)
                .ok_or(QuotaError::Overflow)?;
            self.vesting.insert(id, &schedule);
            self.env().emit_event(VestingCreated {
                schedule: id,
                beneficiary,
                total,
                start_ms,
                cliff_months,
                releases,
            });
            self.credit()
                .transfer_from(self.env().caller(), cos_common::this_contract(), total)?;
            Ok(id)
        }

        /// Pays schedule `id`'s beneficiary what has vested and not been released.
        /// Anyone may call. Returns the amount released.
        #[ink(message)]
        pub fn release(&mut self, id: u32) -> Result<Balance, QuotaError> {
            let mut schedule = self.vesting.get(id).ok_or(QuotaError::UnknownSchedule)?;
            let amount = schedule.releasable(cos_common::millis(self.env().block_timestamp()));
            if amount == 0 {
                return Err(QuotaError::NothingToRelease);
            }
            schedule.released = schedule.released.saturating_add(amount);
            self.vesting_outstanding = self.vesting_outstanding.saturating_sub(amount);
            self.vesting.insert(id, &schedule);
            self.env().emit_event(VestingReleased {
                schedule: id,
                beneficiary: schedule.beneficiary,
                amount,
                released: schedule.released,
            });
            self.credit().transfer(schedule.beneficiary, amount)?;
            Ok(amount)
        }

        /// Vesting schedule `id`.
        #[ink(message)]
        pub fn vesting_schedule(&self, id: u32) -> Option<VestingSchedule> {
            self.vesting.get(id)
        }

        /// Number of vesting schedules (ids run from 0).
        #[ink(message)]
        pub fn vesting_count(&self) -> u32 {
            self.vesting_count
        }

        /// What `release(id)` would pay now.
        #[ink(message)]
        pub fn releasable(&self, id: u32) -> Balance {
            self.vesting
                .get(id)
                .map(|s| s.releasable(cos_common::millis(self.env().block_timestamp())))
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests;
