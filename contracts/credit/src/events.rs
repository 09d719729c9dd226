//! Events of the COS Credit token beyond PSP22's `Transfer` and `Approval` and
//! the shared `Paused` / `Unpaused`, `Frozen` / `Unfrozen` and ownership events
//! of `cos_common`.
//!
//! Names follow OpenZeppelin's (`DelegateChanged`, `DelegateVotesChanged`, ...)
//! so indexers and people recognise them.

use cos_common::AccountId;

/// Shared with the sub-tokens, so both read the same on the wire.
pub use cos_common::freezable::{Frozen, Unfrozen};

/// The owner granted (`enabled`) or revoked the minter role of `account`.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct MinterChanged {
    #[ink(topic)]
    pub account: AccountId,
    pub enabled: bool,
}

/// `delegator` moved its voting power from `from_delegate` to `to_delegate`.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct DelegateChanged {
    #[ink(topic)]
    pub delegator: AccountId,
    #[ink(topic)]
    pub from_delegate: Option<AccountId>,
    #[ink(topic)]
    pub to_delegate: Option<AccountId>,
}

/// The votes of `delegate` changed; a new checkpoint was written.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct DelegateVotesChanged {
    #[ink(topic)]
    pub delegate: AccountId,
    pub previous_votes: u128,
    pub new_votes: u128,
}
