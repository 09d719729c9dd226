//! The crowdfund and bounty conservation property
//! (`cos_common::funding_suite`) on the real Wasm (drink).

use bounty::events::{BountyClosed, SubmissionApproved};
use cos_common::funding_suite::{self, BountyView, CampaignView, Event, FundingHarness, Step, MEMBERS};
use cos_e2e::FundingOnChain;
use cos_sandbox::{ContractEvent, Outcome};
use crowdfund::{
    events::{Claimed, Pledged, Refunded},
    Kind,
};
use ink::primitives::{AccountId, Hash};
use proptest::prelude::*;

struct World {
    f: FundingOnChain,
    /// Accounts 2 to 6; account 1 deployed and owns COS Credit.
    people: Vec<AccountId>,
}

impl World {
    fn new() -> Self {
        let mut f = FundingOnChain::new();
        let people = (2..2 + MEMBERS as u8).map(|n| f.member(n)).collect();
        Self { f, people }
    }
}

fn event(e: &ContractEvent) -> Event {
    if e.decode::<Pledged>().is_some() {
        Event::Pledged
    } else if let Some(c) = e.decode::<Claimed>() {
        Event::Claimed { amount: c.amount }
    } else if e.decode::<Refunded>().is_some() {
        Event::Refunded
    } else if let Some(a) = e.decode::<SubmissionApproved>() {
        Event::SubmissionApproved {
            id: a.id,
            submission: a.submission,
            amount: a.amount,
        }
    } else if e.decode::<BountyClosed>().is_some() {
        Event::BountyClosed
    } else {
        Event::Other
    }
}

fn step<T, E: std::fmt::Debug>(out: Outcome<Result<T, E>>) -> Step<T> {
    Step {
        events: out.events.iter().map(event).collect(),
        reverted: out.reverted,
        value: out.value.map_err(|e| format!("{e:?}")),
    }
}

impl FundingHarness for World {
    fn cos_of(&mut self, member: usize) -> u128 {
        self.f.cos_of(self.people[member])
    }
    fn contracts_cos(&mut self) -> (u128, u128) {
        let (c, b) = (self.f.crowdfund_address, self.f.bounty_address);
        (self.f.cos_of(c), self.f.cos_of(b))
    }
    fn now(&mut self) -> u64 {
        self.f.now()
    }
    fn wait(&mut self, ms: u64) {
        self.f.wait(ms)
    }
    fn pause(&mut self, pause: bool) {
        let m = if pause {
            self.f.credit.pause()
        } else {
            self.f.credit.unpause()
        };
        let owner = self.f.member(1);
        let _ = self.f.chain.call(owner, m).expect("runs");
    }
    fn paused(&mut self) -> bool {
        self.f.chain.query(self.f.credit.paused()).expect("paused")
    }
    fn pause_clock(&mut self) -> u64 {
        self.f.chain.query(self.f.credit.paused_time()).expect("paused_time")
    }
    fn create_campaign(&mut self, creator: usize, beneficiary: usize, all_or_nothing: bool, goal: u128, ms: u64) {
        let kind = if all_or_nothing {
            Kind::AllOrNothing
        } else {
            Kind::Donation
        };
        let (creator, beneficiary) = (self.people[creator], self.people[beneficiary]);
        self.f.create_campaign(creator, beneficiary, kind, goal, ms);
    }
    fn post_bounty(&mut self, poster: usize, reward: u128, ms: u64) {
        self.f.post_bounty(self.people[poster], reward, ms);
    }
    fn campaign_count(&mut self) -> u32 {
        self.f.chain.query(self.f.crowdfund.campaign_count()).expect("count")
    }
    fn campaign(&mut self, id: u32) -> CampaignView {
        let c = self
            .f
            .chain
            .query(self.f.crowdfund.campaign(id))
            .expect("query")
            .expect("exists");
        let state = self.f.chain.query(self.f.crowdfund.state(id)).expect("state");
        CampaignView {
            all_or_nothing: c.kind == Kind::AllOrNothing,
            goal: c.goal,
            deadline: c.deadline,
            pause_clock: c.pause_clock,
            raised: c.raised,
            claimed: c.claimed,
            refunded: c.refunded,
            held: c.held(),
            open: state == Some(crowdfund::CampaignState::Open),
        }
    }
    fn bounty_count(&mut self) -> u32 {
        self.f.chain.query(self.f.bounty.bounty_count()).expect("count")
    }
    fn bounty(&mut self, id: u32) -> BountyView {
        let b = self
            .f
            .chain
            .query(self.f.bounty.bounty(id))
            .expect("query")
            .expect("exists");
        let state = self.f.chain.query(self.f.bounty.state(id)).expect("state");
        BountyView {
            reward: b.reward,
            deadline: b.deadline,
            pause_clock: b.pause_clock,
            paid: b.paid,
            returned: b.returned,
            held: b.held(),
            open: state == Some(bounty::BountyState::Open),
        }
    }
    fn pledge_of(&mut self, campaign: u32, member: usize) -> u128 {
        let m = self.f.crowdfund.pledge_of(campaign, self.people[member]);
        self.f.chain.query(m).expect("pledge_of")
    }
    fn pledge(&mut self, who: usize, campaign: u32, amount: u128) -> Step<()> {
        let m = self.f.crowdfund.pledge(campaign, amount);
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
    fn claim(&mut self, who: usize, campaign: u32) -> Step<u128> {
        let m = self.f.crowdfund.claim(campaign);
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
    fn refund(&mut self, who: usize, campaign: u32) -> Step<u128> {
        let m = self.f.crowdfund.refund(campaign);
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
    fn cancel(&mut self, who: usize, campaign: u32) -> Step<()> {
        let m = self.f.crowdfund.cancel(campaign);
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
    fn submit(&mut self, who: usize, bounty: u32) -> Step<u32> {
        let m = self.f.bounty.submit(bounty, Hash::from([who as u8; 32]));
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
    fn approve(&mut self, who: usize, bounty: u32, submission: u32) -> Step<()> {
        let m = self.f.bounty.approve(bounty, submission);
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
    fn split(&mut self, who: usize, bounty: u32, shares: Vec<(u32, u128)>) -> Step<()> {
        let m = self.f.bounty.split(bounty, shares);
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
    fn close(&mut self, who: usize, bounty: u32) -> Step<u128> {
        let m = self.f.bounty.cancel(bounty);
        step(self.f.chain.call(self.people[who], m).expect("runs"))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn money_in_equals_money_out_plus_held(ops in funding_suite::ops()) {
        funding_suite::check(&mut World::new(), &ops)?;
    }
}
