//! Governance's "every weight counts once" property, for tests on any chain
//! that runs COS Credit and a token-weighted governance (drink on
//! pallet-contracts, `cos-revive-chain` on pallet-revive). A proposal is made,
//! then random transfers, re-delegations, votes and new blocks before its
//! snapshot block ends (votes are refused with `VotingNotOpen`, changing
//! nothing; the moves count at the snapshot), then the same during its
//! voting period (repeated votes included). After every step of the second:
//!
//! - the tally is exactly the sum, per side, of the snapshot votes of the
//!   accounts whose first vote was accepted: no account's weight counts twice,
//!   and COS moved or delegated after the snapshot changes nothing;
//! - the voter count is the number of distinct accepted voters, and a second
//!   vote is refused with `AlreadyVoted`, changing nothing;
//! - the weight that could vote is fixed, by the first vote, at the supply
//!   at the snapshot.
//!
//! A chain's harness implements [`VotesHarness`]; its test runs [`check`]
//! on [`ops`] (twice: before the snapshot and during the vote) in a
//! `proptest!`.

use proptest::prelude::*;
use std::collections::{btree_map::Entry, BTreeMap};

/// Members of a harness; each starts with some COS, delegated to itself.
pub const MEMBERS: usize = 4;

/// One step, by member index.
#[derive(Clone, Debug)]
pub enum Op {
    /// `amount` whole COS (10^8 base units).
    Transfer {
        from: usize,
        to: usize,
        amount: u128,
    },
    Delegate {
        who: usize,
        to: usize,
    },
    /// `support`: 0 against, 1 for, 2 abstain.
    Vote {
        who: usize,
        support: u8,
    },
    Block,
}

/// Random steps.
pub fn ops(max: usize) -> impl Strategy<Value = Vec<Op>> {
    let op = prop_oneof![
        (0..MEMBERS, 0..MEMBERS, 0..150u128).prop_map(|(from, to, amount)| Op::Transfer { from, to, amount }),
        (0..MEMBERS, 0..MEMBERS).prop_map(|(who, to)| Op::Delegate { who, to }),
        (0..MEMBERS, 0..3u8).prop_map(|(who, support)| Op::Vote { who, support }),
        Just(Op::Block),
    ];
    prop::collection::vec(op, 0..max)
}

/// What a vote answered, in the harness's words for governance's error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Vote {
    Accepted,
    VotingNotOpen,
    AlreadyVoted,
    NoWeight,
    /// Any other answer (a failure of the test).
    Other(String),
}

/// The proposal's tally: for, against, abstain, voters.
pub type Tally = (u128, u128, u128, u32);

/// COS Credit and a token-weighted governance (no quorum, no threshold to
/// propose, a voting delay of 3 blocks and 40 of voting), [`MEMBERS`]
/// members with COS delegated to themselves, sealed a block before the
/// proposal [`propose`](VotesHarness::propose) makes.
pub trait VotesHarness {
    /// Member 0 proposes (no actions); the snapshot block.
    fn propose(&mut self) -> u32;
    /// A transfer of `amount` whole COS; refused or not.
    fn transfer(&mut self, from: usize, to: usize, amount: u128);
    fn delegate(&mut self, who: usize, to: usize);
    /// Votes on the proposal; what it answered, and whether a refusal
    /// reverted with no events (true for an acceptance).
    fn vote(&mut self, who: usize, support: u8) -> (Vote, bool);
    fn next_block(&mut self);
    fn block_number(&mut self) -> u32;
    /// A member's votes at `block`.
    fn past_votes(&mut self, who: usize, block: u32) -> u128;
    fn past_total_supply(&mut self, block: u32) -> u128;
    /// The proposal's weight that could vote (once fixed) and its tally.
    fn proposal(&mut self) -> (Option<u128>, Tally);
}

/// Runs `early` before the snapshot ends and `ops` during the vote,
/// checking the property after every step of `ops`.
pub fn check(chain: &mut impl VotesHarness, early: &[Op], ops: &[Op]) -> Result<(), TestCaseError> {
    let snapshot = chain.propose();
    for op in early {
        match *op {
            Op::Transfer { from, to, amount } => chain.transfer(from, to, amount),
            Op::Delegate { who, to } => chain.delegate(who, to),
            Op::Block if chain.block_number() < snapshot => chain.next_block(),
            Op::Block => {}
            Op::Vote { who, support } => {
                let (answer, clean) = chain.vote(who, support);
                prop_assert_eq!(answer, Vote::VotingNotOpen);
                prop_assert!(clean, "a refused vote changes nothing");
            }
        }
    }
    while chain.block_number() <= snapshot {
        chain.next_block();
    }
    let at_snapshot: Vec<u128> = (0..MEMBERS).map(|m| chain.past_votes(m, snapshot)).collect();
    let supply = chain.past_total_supply(snapshot);
    let mut voted: BTreeMap<usize, (u8, u128)> = BTreeMap::new();
    for op in ops {
        match *op {
            Op::Transfer { from, to, amount } => chain.transfer(from, to, amount),
            Op::Delegate { who, to } => chain.delegate(who, to),
            Op::Block => chain.next_block(),
            Op::Vote { who, support } => {
                let (answer, clean) = chain.vote(who, support);
                match voted.entry(who) {
                    Entry::Occupied(_) => {
                        prop_assert_eq!(answer, Vote::AlreadyVoted);
                        prop_assert!(clean, "a second vote changes nothing");
                    }
                    Entry::Vacant(_) if at_snapshot[who] == 0 => {
                        prop_assert_eq!(answer, Vote::NoWeight);
                        prop_assert!(clean, "a vote without weight changes nothing");
                    }
                    Entry::Vacant(slot) => {
                        prop_assert_eq!(answer, Vote::Accepted);
                        slot.insert((support, at_snapshot[who]));
                    }
                }
            }
        }
        let (eligible, tally) = chain.proposal();
        prop_assert_eq!(
            eligible,
            (!voted.is_empty()).then_some(supply),
            "fixed by the first vote"
        );
        let sum = |side: u8| voted.values().filter(|(s, _)| *s == side).map(|(_, w)| w).sum::<u128>();
        let voters = u32::try_from(voted.len()).unwrap_or(u32::MAX);
        prop_assert_eq!(tally, (sum(1), sum(0), sum(2), voters));
    }
    Ok(())
}
