//! Events of the crowdfund contract: one per state change. Each carries the
//! campaign's new totals, so a reader never recomputes them.

use crate::campaign::{Kind, Timestamp};
use cos_common::AccountId;
use cos_common::CommunityRef;
use ink::primitives::Hash;

/// A campaign started.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct CampaignCreated {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub creator: AccountId,
    #[ink(topic)]
    pub beneficiary: AccountId,
    pub kind: Kind,
    /// COS base units.
    pub goal: u128,
    /// Block time (ms) after which no pledge is accepted
    /// (before any COS pause moves it: `cos_common::deadline`).
    pub deadline: Timestamp,
    /// The COS Credit whose pauses move the deadline.
    pub credit: AccountId,
    /// Its pause clock at the start: the deadline moves by the time paused since.
    pub pause_clock: u64,
    /// The hash of the description, kept off-chain.
    pub description: Hash,
    pub community: Option<CommunityRef>,
}

/// `pledger` pledged `amount` COS.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Pledged {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub pledger: AccountId,
    pub amount: u128,
    /// The pledger's pledges to this campaign, this one included.
    pub pledged: u128,
    /// The campaign's total raised, this pledge included.
    pub raised: u128,
}

/// The beneficiary claimed `amount` COS.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Claimed {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub beneficiary: AccountId,
    pub amount: u128,
    /// All claimed from the campaign so far, this claim included.
    pub claimed: u128,
}

/// `pledger` took their `amount` COS back from a failed or cancelled campaign.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Refunded {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub pledger: AccountId,
    pub amount: u128,
    /// All refunded from the campaign so far, this refund included.
    pub refunded: u128,
}

/// The creator cancelled the campaign; pledgers may take their pledges back.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct CampaignCancelled {
    #[ink(topic)]
    pub id: u32,
    #[ink(topic)]
    pub creator: AccountId,
}
