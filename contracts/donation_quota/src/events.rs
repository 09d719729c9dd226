//! Events of the donation quota contract: one for every state change.

use cos_common::AccountId;

/// Ownership events are `cos_common`'s: one definition for every COS contract.
pub use cos_common::ownable::{OwnershipTransferStarted, OwnershipTransferred};

/// `new_operator` now funds quota, the reserve and vesting.
#[ink::event]
#[derive(Debug)]
pub struct OperatorChanged {
    #[ink(topic)]
    pub previous: AccountId,
    #[ink(topic)]
    pub new_operator: AccountId,
}

/// The operator granted `amount` locked quota to `sponsor`, backed by COS it paid in.
#[ink::event]
#[derive(Debug)]
pub struct QuotaGranted {
    #[ink(topic)]
    pub sponsor: AccountId,
    pub amount: u128,
    /// The sponsor's undonated quota after the grant.
    pub held: u128,
}

/// `from` added `amount` COS to the bonus reserve.
#[ink::event]
#[derive(Debug)]
pub struct ReserveFunded {
    #[ink(topic)]
    pub from: AccountId,
    pub amount: u128,
    pub reserve: u128,
}

/// A community was created; `admin` is its root.
#[ink::event]
#[derive(Debug)]
pub struct CommunityCreated {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub admin: AccountId,
}

/// The admin offered the community to `new_admin` (`None`: offer withdrawn).
#[ink::event]
#[derive(Debug)]
pub struct AdminTransferStarted {
    #[ink(topic)]
    pub community: u32,
    pub admin: AccountId,
    pub new_admin: Option<AccountId>,
}

/// The admin named contribution category `category` of the community, or
/// removed its name (`None`).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct CategorySet {
    #[ink(topic)]
    pub community: u32,
    pub category: u16,
    pub name: Option<ink::prelude::string::String>,
}

/// The operator recognised the community (`recognised`), so that it may
/// receive, allocate and unlock quota, or withdrew its recognition.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct CommunityRecognised {
    #[ink(topic)]
    pub community: u32,
    pub recognised: bool,
}

/// Every open offer of a place in the community lapsed: the tree they were
/// made for changed (a new admin, or a manager left). `epoch` counts these
/// changes; offers made from now on belong to it.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct OffersLapsed {
    #[ink(topic)]
    pub community: u32,
    pub epoch: u32,
}

/// `manager` now sits directly below `parent` (`None`: the admin), one level
/// higher than before, because the manager above it resigned.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ManagerMoved {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub manager: AccountId,
    pub parent: Option<AccountId>,
}

/// `new_admin` accepted the community.
#[ink::event]
#[derive(Debug)]
pub struct AdminTransferred {
    #[ink(topic)]
    pub community: u32,
    pub previous: AccountId,
    #[ink(topic)]
    pub new_admin: AccountId,
}

/// `parent` (`None`: the admin) offered `manager` a place directly below it;
/// nothing changes until `manager` accepts (`accept_manager`).
#[ink::event]
#[derive(Debug)]
pub struct ManagerOffered {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub manager: AccountId,
    pub parent: Option<AccountId>,
}

/// `parent` withdrew its offer to `manager`.
#[ink::event]
#[derive(Debug)]
pub struct OfferWithdrawn {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub manager: AccountId,
    pub parent: Option<AccountId>,
}

/// `manager` accepted and joined the tree under `parent` (`None`: directly under the admin).
#[ink::event]
#[derive(Debug)]
pub struct ManagerAdded {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub manager: AccountId,
    pub parent: Option<AccountId>,
}

/// `manager` left the tree: removed by `by` with the subtree it headed (one
/// event per manager removed), or, when `by` is `manager` itself, resigned
/// alone (its sub-managers moved up: `ManagerMoved`). Its quota went up the
/// tree (`QuotaMoved` events).
#[ink::event]
#[derive(Debug)]
pub struct ManagerRemoved {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub manager: AccountId,
    pub by: AccountId,
}

/// `sponsor` donated `amount` of its quota to `community` (irrevocably).
#[ink::event]
#[derive(Debug)]
pub struct QuotaDonated {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub sponsor: AccountId,
    pub amount: u128,
}

/// `amount` of `sponsor`'s quota moved within `community` from `from` to `to`
/// (`None`: the community's unallocated pool, held by the admin).
#[ink::event]
#[derive(Debug)]
pub struct QuotaMoved {
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub sponsor: AccountId,
    pub from: Option<AccountId>,
    pub to: Option<AccountId>,
    pub amount: u128,
}

/// A contribution record: `manager` unlocked `amount` of `sponsor`'s quota as a
/// reward to `contributor`, who received `amount` COS.
#[ink::event]
#[derive(Debug)]
pub struct ContributionRecorded {
    #[ink(topic)]
    pub record: u64,
    #[ink(topic)]
    pub community: u32,
    #[ink(topic)]
    pub contributor: AccountId,
    pub amount: u128,
    pub category: u16,
    pub activity: u64,
    pub content_hash: [u8; 32],
    pub manager: AccountId,
    pub sponsor: AccountId,
    pub block: u32,
    pub timestamp: u64,
}

/// Bonuses paid for the unlock of `records` (a batch's consecutive record ids,
/// first to last).
#[ink::event]
#[derive(Debug)]
pub struct BonusPaid {
    #[ink(topic)]
    pub community: u32,
    pub first_record: u64,
    pub last_record: u64,
    #[ink(topic)]
    pub sponsor: AccountId,
    pub sponsor_bonus: u128,
    #[ink(topic)]
    pub manager: AccountId,
    pub manager_bonus: u128,
}

/// The reserve could not pay the whole bonus: `owed` by the schedule, `paid` what
/// was left. The reward itself went through.
#[ink::event]
#[derive(Debug)]
pub struct BonusShortfall {
    #[ink(topic)]
    pub community: u32,
    pub first_record: u64,
    pub owed: u128,
    pub paid: u128,
}

/// A vesting schedule was created and funded.
#[ink::event]
#[derive(Debug)]
pub struct VestingCreated {
    #[ink(topic)]
    pub schedule: u32,
    #[ink(topic)]
    pub beneficiary: AccountId,
    pub total: u128,
    pub start_ms: u64,
    pub cliff_months: u32,
    pub releases: u32,
}

/// `amount` of schedule `schedule` was released to its beneficiary.
#[ink::event]
#[derive(Debug)]
pub struct VestingReleased {
    #[ink(topic)]
    pub schedule: u32,
    #[ink(topic)]
    pub beneficiary: AccountId,
    pub amount: u128,
    /// Released so far, this release included.
    pub released: u128,
}

/// The owner recovered `amount` COS sent to the contract by mistake (beyond what
/// it owes) and paid it to `to`.
#[ink::event]
#[derive(Debug)]
pub struct TokensRecovered {
    #[ink(topic)]
    pub to: AccountId,
    pub amount: u128,
}
