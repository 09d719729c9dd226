//! Governance's "every weight counts once" property
//! (`cos_common::votes_suite`) on the real Wasm (drink), token-weighted.

use cos_common::votes_suite::{self, Tally, Vote, VotesHarness};
use cos_e2e::GovernanceOnChain;
use cos_e2e_revive::votes::{answer, CONFIG};
use cos_sandbox::suite;
use governance::Support;
use ink::primitives::Hash;
use proptest::prelude::*;
use psp22::PSP22;

const COS: u128 = 100_000_000;

struct OnDrink {
    g: GovernanceOnChain,
    id: u32,
}

impl VotesHarness for OnDrink {
    fn propose(&mut self) -> u32 {
        let mut gov = suite::governance(self.g.gov);
        let members = self.g.members;
        self.id = self
            .g
            .chain
            .call(members[0], gov.propose(Hash::default(), vec![]))
            .unwrap()
            .value
            .unwrap();
        self.g.chain.query(gov.proposal(self.id)).unwrap().unwrap().snapshot
    }

    fn transfer(&mut self, from: usize, to: usize, amount: u128) {
        let mut credit = suite::credit(self.g.credit);
        let members = self.g.members;
        let _ = self
            .g
            .chain
            .call(members[from], credit.transfer(members[to], amount * COS, vec![]))
            .unwrap();
    }

    fn delegate(&mut self, who: usize, to: usize) {
        let mut credit = suite::credit(self.g.credit);
        let members = self.g.members;
        let _ = self
            .g
            .chain
            .call(members[who], credit.delegate(Some(members[to])))
            .unwrap();
    }

    fn vote(&mut self, who: usize, support: u8) -> (Vote, bool) {
        let support = [Support::Against, Support::For, Support::Abstain][usize::from(support)];
        let mut gov = suite::governance(self.g.gov);
        let out = self
            .g
            .chain
            .call(self.g.members[who], gov.vote(self.id, support))
            .unwrap();
        let clean = out.value.is_ok() || (out.reverted && out.events.is_empty());
        (answer(out.value), clean)
    }

    fn next_block(&mut self) {
        self.g.chain.next_block();
    }

    fn block_number(&mut self) -> u32 {
        self.g.chain.block_number()
    }

    fn past_votes(&mut self, who: usize, block: u32) -> u128 {
        let credit = suite::credit(self.g.credit);
        self.g
            .chain
            .query(credit.get_past_votes(self.g.members[who], block))
            .unwrap()
            .unwrap()
    }

    fn past_total_supply(&mut self, block: u32) -> u128 {
        let credit = suite::credit(self.g.credit);
        self.g
            .chain
            .query(credit.get_past_total_supply(block))
            .unwrap()
            .unwrap()
    }

    fn proposal(&mut self) -> (Option<u128>, Tally) {
        let gov = suite::governance(self.g.gov);
        let p = self.g.chain.query(gov.proposal(self.id)).unwrap().unwrap();
        let t = p.tally;
        (p.eligible, (t.for_votes, t.against, t.abstain, t.voters))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_weight_counts_once_and_as_at_the_snapshot(
        early in votes_suite::ops(12),
        ops in votes_suite::ops(30),
    ) {
        let mut chain = OnDrink { g: GovernanceOnChain::new(CONFIG), id: 0 };
        votes_suite::check(&mut chain, &early, &ops)?;
    }
}
