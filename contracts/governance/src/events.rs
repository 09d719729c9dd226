//! Events of governance: one per state change (and the shared ownership
//! events of `cos_common` for the admin role).

use crate::{
    actions::Action,
    config::{BlockNumber, Config, Rules},
    proposal::Support,
};
use cos_common::{AccountId, CommunityRef};
use ink::{prelude::vec::Vec, primitives::Hash};

/// Governance was deployed with this configuration, for this community, with this admin.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct GovernanceCreated {
    pub credit: AccountId,
    pub config: Config,
    pub community: Option<CommunityRef>,
    pub admin: AccountId,
}

/// The configuration changed (by proposal): proposals made from now on use it.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigChanged {
    pub config: Config,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ProposalCreated {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub proposer: AccountId,
    pub description: Hash,
    /// Weights are read at the end of this block; voting opens after it.
    pub snapshot: BlockNumber,
    /// The last block of voting.
    pub end: BlockNumber,
    /// The rules it is decided and executed by.
    pub rules: Rules,
    pub actions: Vec<Action>,
}

/// The first vote fixed the weight that could vote (at the snapshot).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ProposalEligibleFixed {
    #[ink(topic)]
    pub id: u32,
    pub eligible: u128,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct VoteCast {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub voter: AccountId,
    pub support: Support,
    pub weight: u128,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ProposalQueued {
    #[ink(topic)]
    pub id: u32,
    /// The block from which it may be executed.
    pub eta: BlockNumber,
    /// The last block it may be executed in.
    pub expires: BlockNumber,
}

/// Every action of the proposal ran.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ProposalExecuted {
    #[ink(topic)]
    pub id: u32,
    pub by: AccountId,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ProposalCancelled {
    #[ink(topic)]
    pub id: u32,
    pub by: AccountId,
}

/// An executed resolution was accepted as done (by the admin, or by
/// governance itself through a later proposal).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ResolutionAccepted {
    #[ink(topic)]
    pub id: u32,
    pub by: AccountId,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct MemberAdded {
    #[ink(topic)]
    pub account: AccountId,
    pub members: u32,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct MemberRemoved {
    #[ink(topic)]
    pub account: AccountId,
    pub members: u32,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct PollCreated {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub creator: AccountId,
    pub description: Hash,
    pub options: u8,
    /// Weights are read at the end of this block; answers open after it.
    pub snapshot: BlockNumber,
    pub end: BlockNumber,
}

/// The first answer fixed the weight that could answer (at the snapshot).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct PollEligibleFixed {
    #[ink(topic)]
    pub id: u32,
    pub eligible: u128,
}

#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct PollAnswered {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub voter: AccountId,
    pub option: u8,
    pub weight: u128,
}
