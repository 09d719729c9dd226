//! # COS common
//!
//! Code every COS contract shares, so that none copies it and none depends on
//! another contract's crate for it (a contract's ABI lists every event of every
//! contract crate it links):
//!
//! - [`platform`]: what differs between pallet-contracts (ink! 5) and
//!   pallet-revive (ink! 6): the account type, the environment, block time;
//! - [`ownable`]: two-step ownership (OpenZeppelin's `Ownable2Step`) and its events;
//! - [`checkpoints`]: the value in force at a past block, from a list of
//!   `(block, value)` points (COS Credit's votes, governance's members);
//! - [`deadline`]: COS Credit's pause clock and the campaign and bounty
//!   deadlines it moves;
//! - [`pausable`] (feature `pausable`): the pause guard and its events;
//! - `freezable` (feature `freezable`): the `Frozen` / `Unfrozen` events of
//!   tokens that freeze part of a balance, and the spend check;
//! - `psp22_api` (feature `psp22`): the PSP22 trait, events and error on
//!   both platforms;
//! - [`token`]: the typed client for calls to COS Credit (`transfer`,
//!   `transfer_from`, `batch_transfer`, `balance_of`) and the errors COS Credit
//!   answers with;
//! - `testing` (feature `testing`, for tests): conformance suites as macros, run
//!   against any PSP22 token or owned contract through a small harness trait;
//!   and the property suites run on both platforms' chains through a harness
//!   each: `collateral_suite` (sub-token), `funding_suite` (crowdfund and
//!   bounty), `quota_suite` (donation quota), `votes_suite` (governance).
//!
//! Every piece is a plain value that checks first, writes second and returns the
//! event to emit; the contract emits it.

#![cfg_attr(not(feature = "std"), no_std)]

pub mod checkpoints;
#[cfg(feature = "testing")]
pub mod collateral_suite;
pub mod deadline;
#[cfg(feature = "freezable")]
pub mod freezable;
#[cfg(feature = "testing")]
pub mod funding_suite;
pub mod ownable;
#[cfg(feature = "pausable")]
pub mod pausable;
pub mod platform;
#[cfg(feature = "psp22")]
pub mod psp22_api;
#[cfg(feature = "psp22")]
pub mod psp22_ledger;
#[cfg(feature = "testing")]
pub mod quota_suite;
#[cfg(feature = "testing")]
pub mod testing;
pub mod token;
#[cfg(feature = "testing")]
pub mod votes_suite;

pub use ownable::{Ownable, OwnableError};
pub use platform::{millis, this_contract, AccountId, Env, MAX_CELL_BYTES};

/// A community, as a donation quota contract (`registry`) numbers them. Sub-tokens,
/// campaigns and bounties name the community they belong to with it, for readers:
/// the explorer lists a community's sub-tokens, campaigns and bounties by it. No
/// contract checks it against the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct CommunityRef {
    /// The donation quota contract that numbers the community.
    pub registry: AccountId,
    /// The community's number there.
    pub id: u32,
}
pub use token::{CreditError, Psp22Refusal, TokenError};
