//! Events of the bounty contract: one per state change.

use crate::task::Timestamp;
use cos_common::AccountId;
use cos_common::CommunityRef;
use ink::primitives::Hash;

/// A bounty was posted and its reward taken into escrow.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct BountyPosted {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub poster: AccountId,
    /// COS base units in escrow.
    pub reward: u128,
    /// Block time (ms) from which no submission or approval is accepted
    /// (before any COS pause moves it: `cos_common::deadline`).
    pub deadline: Timestamp,
    /// The COS Credit whose pauses move the deadline.
    pub credit: AccountId,
    /// Its pause clock at the start: the deadline moves by the time paused since.
    pub pause_clock: u64,
    /// The hash of the task's description, kept off-chain.
    pub description: Hash,
    pub community: Option<CommunityRef>,
}

/// `helper` submitted work to bounty `id`, numbered `submission`.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct WorkSubmitted {
    #[ink(topic)]
    pub id: u32,
    pub submission: u32,
    #[ink(topic)]
    pub helper: AccountId,
    /// The hash of the work, kept off-chain.
    pub content: Hash,
}

/// The poster approved `submission`, paying its helper `amount` COS (the
/// whole reward, or a share of a split: one event per share).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct SubmissionApproved {
    #[ink(topic)]
    pub id: u32,
    pub submission: u32,
    #[ink(topic)]
    pub helper: AccountId,
    pub amount: u128,
}

/// The poster took the escrow back: cancelled before the deadline
/// (`expired: false`) or reclaimed after it (`expired: true`).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct BountyClosed {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub poster: AccountId,
    pub returned: u128,
    pub expired: bool,
}
