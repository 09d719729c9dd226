//! Property test on the real Wasm (drink), token-weighted: a proposal is made,
//! then random transfers, re-delegations, votes and new blocks before its
//! snapshot block ends (votes are refused with `VotingNotOpen`, changing
//! nothing; the moves count at the snapshot), then the same during its
//! voting period (repeated votes included). After every step of the second:
//!
//! - the tally is exactly the sum, per side, of the snapshot votes of the
//!   accounts whose first vote was accepted: no account's weight counts twice,
//!   and COS moved or delegated after the snapshot changes nothing;
//! - the voter count is the number of distinct accepted voters, and a second
//!   vote is refused with `AlreadyVoted`, changing nothing.

use cos_e2e::GovernanceOnChain;
use cos_sandbox::suite;
use governance::{Config, GovernanceError, Support, VoteMode};
use ink::primitives::{AccountId, Hash};
use proptest::prelude::*;
use psp22::PSP22;
use std::collections::BTreeMap;

const COS: u128 = 100_000_000;

#[derive(Clone, Debug)]
enum Op {
    Transfer { from: usize, to: usize, amount: u128 },
    Delegate { who: usize, to: usize },
    Vote { who: usize, support: u8 },
    Block,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4usize, 0..4usize, 0..150u128).prop_map(|(from, to, n)| Op::Transfer {
            from,
            to,
            amount: n * COS
        }),
        (0..4usize, 0..4usize).prop_map(|(who, to)| Op::Delegate { who, to }),
        (0..4usize, 0..3u8).prop_map(|(who, support)| Op::Vote { who, support }),
        Just(Op::Block),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_weight_counts_once_and_as_at_the_snapshot(
        early in prop::collection::vec(op(), 0..12),
        ops in prop::collection::vec(op(), 1..30),
    ) {
        let config = Config {
            mode: VoteMode::TokenWeighted,
            voting_delay: 3,
            voting_period: 40,
            quorum_bps: 0,
            threshold_bps: 5_000,
            execution_delay: 0,
            grace_period: 10,
            proposal_threshold: 0,
        };
        let mut g = GovernanceOnChain::new(config);
        let members = g.members;
        let mut gov = suite::governance(g.gov);
        let mut credit = suite::credit(g.credit);
        let id = g.chain.call(members[0], gov.propose(Hash::default(), vec![])).unwrap().value.unwrap();
        let snapshot = g.chain.query(gov.proposal(id)).unwrap().unwrap().snapshot;
        // Before the snapshot ends: moves count at it, votes are refused.
        for op in early {
            match op {
                Op::Transfer { from, to, amount } => {
                    let _ = g.chain.call(members[from], credit.transfer(members[to], amount, vec![])).unwrap();
                }
                Op::Delegate { who, to } => {
                    let _ = g.chain.call(members[who], credit.delegate(Some(members[to]))).unwrap();
                }
                Op::Block if g.chain.block_number() < snapshot => { g.chain.next_block(); }
                Op::Block => {}
                Op::Vote { who, support } => {
                    let support = [Support::Against, Support::For, Support::Abstain][support as usize];
                    let out = g.chain.call(members[who], gov.vote(id, support)).unwrap();
                    prop_assert_eq!(out.value, Err(GovernanceError::VotingNotOpen));
                    prop_assert!(out.reverted && out.events.is_empty());
                }
            }
        }
        while g.chain.block_number() <= snapshot {
            g.chain.next_block();
        }
        let at_snapshot: Vec<u128> = members
            .iter()
            .map(|m| g.chain.query(credit.get_past_votes(*m, snapshot)).unwrap().unwrap())
            .collect();
        let supply = g.chain.query(credit.get_past_total_supply(snapshot)).unwrap().unwrap();
        let mut voted: BTreeMap<AccountId, (Support, u128)> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Transfer { from, to, amount } => {
                    let _ = g.chain.call(members[from], credit.transfer(members[to], amount, vec![])).unwrap();
                }
                Op::Delegate { who, to } => {
                    let _ = g.chain.call(members[who], credit.delegate(Some(members[to]))).unwrap();
                }
                Op::Block => { g.chain.next_block(); }
                Op::Vote { who, support } => {
                    let support = [Support::Against, Support::For, Support::Abstain][support as usize];
                    let out = g.chain.call(members[who], gov.vote(id, support)).unwrap();
                    match voted.entry(members[who]) {
                        std::collections::btree_map::Entry::Occupied(_) => {
                            prop_assert_eq!(out.value, Err(GovernanceError::AlreadyVoted));
                            prop_assert!(out.reverted && out.events.is_empty());
                        }
                        std::collections::btree_map::Entry::Vacant(slot) if at_snapshot[who] == 0 => {
                            prop_assert_eq!(out.value, Err(GovernanceError::NoWeight));
                            let _ = slot;
                        }
                        std::collections::btree_map::Entry::Vacant(slot) => {
                            prop_assert_eq!(out.value, Ok(()));
                            slot.insert((support, at_snapshot[who]));
                        }
                    }
                }
            }
            let proposal = g.chain.query(gov.proposal(id)).unwrap().unwrap();
            prop_assert_eq!(proposal.eligible, (!voted.is_empty()).then_some(supply), "fixed by the first vote");
            let tally = proposal.tally;
            let sum = |side: Support| voted.values().filter(|(s, _)| *s == side).map(|(_, w)| w).sum::<u128>();
            prop_assert_eq!(
                (tally.for_votes, tally.against, tally.abstain, tally.voters as usize),
                (sum(Support::For), sum(Support::Against), sum(Support::Abstain), voted.len())
            );
        }
    }
}
