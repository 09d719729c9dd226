//! COS Credit, a crowdfund and a bounty board on pallet-revive, for the
//! funding conservation property (`cos_common::funding_suite`), as
//! `cos_e2e::FundingOnChain` is on drink.

use cos_common::funding_suite::{BountyView, CampaignView, Event, FundingHarness, Step, MEMBERS};
use cos_revive_chain::{AccountId32, Bundle, Chain, ContractEvent, Reply, H160, H256};
use crowdfund::{CampaignState, Kind};
use ink::primitives::{AccountId, Hash};
use parity_scale_codec::{Decode, Encode};

/// COS each member starts with: a million COS.
pub const FUNDING_TEST_COS: u128 = 1_000_000 * 100_000_000;

/// A community reference as pallet-revive encodes it.
type CommunityHead = Option<(H160, u32)>;

/// `crowdfund::Campaign` as pallet-revive encodes it (H160 accounts).
#[derive(Decode)]
struct CampaignHead {
    _creator: H160,
    _beneficiary: H160,
    kind: Kind,
    goal: u128,
    deadline: u64,
    pause_clock: u64,
    description: Hash,
    _community: CommunityHead,
    raised: u128,
    pledgers: u32,
    claimed: u128,
    refunded: u128,
    cancelled: bool,
}

/// `bounty::task::Bounty` as pallet-revive encodes it.
#[derive(Decode)]
struct BountyHead {
    _poster: H160,
    reward: u128,
    deadline: u64,
    pause_clock: u64,
    description: Hash,
    _community: CommunityHead,
    submissions: u32,
    status: bounty::Status,
    paid: u128,
    returned: u128,
}

/// The events the property checks, by their topics in the bundles.
struct Topics {
    pledged: H256,
    claimed: H256,
    refunded: H256,
    approved: H256,
    closed: H256,
}

/// Account 1 deploys and owns COS Credit; the members are accounts 2 to 6,
/// each with [`FUNDING_TEST_COS`], and they and account 1 approved both
/// contracts for any amount.
pub struct FundingOnRevive {
    pub chain: Chain,
    credit: (Bundle, H160),
    crowdfund: (Bundle, H160),
    bounty: (Bundle, H160),
    owner: AccountId32,
    people: Vec<AccountId32>,
    topics: Topics,
}

impl FundingOnRevive {
    pub fn new() -> Self {
        let mut chain = Chain::new();
        let owner = chain.account(1);
        let people: Vec<AccountId32> = (2..2 + MEMBERS as u8).map(|n| chain.account(n)).collect();
        let credit = Bundle::load("credit").expect("the COS Credit bundle");
        let supply = FUNDING_TEST_COS * 10;
        let credit_at = credit
            .deploy(&mut chain, &owner, "new", Some(supply))
            .expect("COS Credit deploys");
        let crowdfund = Bundle::load("crowdfund").expect("the crowdfund bundle");
        let crowdfund_at = crowdfund
            .deploy(&mut chain, &owner, "new", credit_at)
            .expect("the crowdfund deploys");
        let bounty = Bundle::load("bounty").expect("the bounty bundle");
        let bounty_at = bounty
            .deploy(&mut chain, &owner, "new", credit_at)
            .expect("the bounty board deploys");
        let topic = |bundle: &Bundle, label| bundle.event_topic(label).expect("an event of the bundle");
        let topics = Topics {
            pledged: topic(&crowdfund, "Pledged"),
            claimed: topic(&crowdfund, "Claimed"),
            refunded: topic(&crowdfund, "Refunded"),
            approved: topic(&bounty, "SubmissionApproved"),
            closed: topic(&bounty, "BountyClosed"),
        };
        let credit = (credit, credit_at);
        for member in &people {
            let to = Chain::address_of(member);
            let paid: Reply<Result<(), crate::PSP22Error>> = crate::send(
                &mut chain,
                &owner,
                &credit,
                "PSP22::transfer",
                (to, FUNDING_TEST_COS, Vec::<u8>::new()),
            );
            paid.value.expect("COS for a member");
        }
        for who in std::iter::once(&owner).chain(&people) {
            for spender in [crowdfund_at, bounty_at] {
                let approved: Reply<Result<(), crate::PSP22Error>> =
                    crate::send(&mut chain, who, &credit, "PSP22::approve", (spender, u128::MAX));
                approved.value.expect("approves the contract");
            }
        }
        Self {
            chain,
            credit,
            crowdfund: (crowdfund, crowdfund_at),
            bounty: (bounty, bounty_at),
            owner,
            people,
            topics,
        }
    }

    fn read<T: Decode>(&mut self, contract: &(Bundle, H160), label: &str, args: impl Encode) -> T {
        let (bundle, at) = contract;
        self.chain
            .read(&self.owner, *at, bundle, label, args)
            .unwrap_or_else(|e| panic!("{label}: {e:#}"))
    }

    fn event(&self, e: &ContractEvent) -> Event {
        let t = &self.topics;
        let decode = |e: &ContractEvent| -> (u32, u32, H160, u128) {
            Decode::decode(&mut &e.data[..]).expect("a SubmissionApproved event decodes")
        };
        match e.topics.first() {
            Some(x) if *x == t.pledged => Event::Pledged,
            Some(x) if *x == t.claimed => {
                let (_, _, amount, _): (u32, H160, u128, u128) =
                    Decode::decode(&mut &e.data[..]).expect("a Claimed event decodes");
                Event::Claimed { amount }
            }
            Some(x) if *x == t.refunded => Event::Refunded,
            Some(x) if *x == t.approved => {
                let (id, submission, _, amount) = decode(e);
                Event::SubmissionApproved { id, submission, amount }
            }
            Some(x) if *x == t.closed => Event::BountyClosed,
            _ => Event::Other,
        }
    }

    fn step<T, E: Decode + std::fmt::Debug>(
        &mut self,
        who: usize,
        bounty: bool,
        label: &str,
        args: impl Encode,
    ) -> Step<T>
    where
        Result<T, E>: Decode,
    {
        let contract = if bounty {
            self.bounty.clone()
        } else {
            self.crowdfund.clone()
        };
        let reply: Reply<Result<T, E>> =
            crate::send(&mut self.chain, &self.people[who].clone(), &contract, label, args);
        Step {
            events: reply.outcome.events.iter().map(|e| self.event(e)).collect(),
            reverted: reply.outcome.reverted,
            value: reply.value.map_err(|e| format!("{e:?}")),
        }
    }
}

impl Default for FundingOnRevive {
    fn default() -> Self {
        Self::new()
    }
}

/// The ink! 5 type of a campaign, for its own `held()` rule (accounts and
/// community do not enter it).
fn campaign(c: CampaignHead) -> crowdfund::Campaign {
    crowdfund::Campaign {
        creator: AccountId::from([0; 32]),
        beneficiary: AccountId::from([0; 32]),
        kind: c.kind,
        goal: c.goal,
        deadline: c.deadline,
        pause_clock: c.pause_clock,
        description: c.description,
        community: None,
        raised: c.raised,
        pledgers: c.pledgers,
        claimed: c.claimed,
        refunded: c.refunded,
        cancelled: c.cancelled,
    }
}

/// The ink! 5 type of a bounty, for its own `held()` rule.
fn bounty(b: BountyHead) -> bounty::task::Bounty {
    bounty::task::Bounty {
        poster: AccountId::from([0; 32]),
        reward: b.reward,
        deadline: b.deadline,
        pause_clock: b.pause_clock,
        description: b.description,
        community: None,
        submissions: b.submissions,
        status: b.status,
        paid: b.paid,
        returned: b.returned,
    }
}

impl FundingHarness for FundingOnRevive {
    fn cos_of(&mut self, member: usize) -> u128 {
        let credit = self.credit.clone();
        let who = Chain::address_of(&self.people[member]);
        self.read(&credit, "PSP22::balance_of", who)
    }
    fn contracts_cos(&mut self) -> (u128, u128) {
        let credit = self.credit.clone();
        let (c, b) = (self.crowdfund.1, self.bounty.1);
        (
            self.read(&credit, "PSP22::balance_of", c),
            self.read(&credit, "PSP22::balance_of", b),
        )
    }
    fn now(&mut self) -> u64 {
        self.chain.timestamp()
    }
    fn wait(&mut self, ms: u64) {
        self.chain.next_block();
        let then = self.chain.timestamp().saturating_add(ms);
        self.chain.set_timestamp(then);
    }
    fn pause(&mut self, pause: bool) {
        let (owner, credit) = (self.owner.clone(), self.credit.clone());
        let label = if pause { "pause" } else { "unpause" };
        let _: Reply<Result<(), credit::CreditError>> = crate::send(&mut self.chain, &owner, &credit, label, ());
    }
    fn paused(&mut self) -> bool {
        let credit = self.credit.clone();
        self.read(&credit, "paused", ())
    }
    fn pause_clock(&mut self) -> u64 {
        let credit = self.credit.clone();
        self.read(&credit, "paused_time", ())
    }
    fn create_campaign(&mut self, creator: usize, beneficiary: usize, all_or_nothing: bool, goal: u128, ms: u64) {
        let kind = if all_or_nothing {
            Kind::AllOrNothing
        } else {
            Kind::Donation
        };
        let deadline = self.now().saturating_add(ms);
        let beneficiary = Chain::address_of(&self.people[beneficiary]);
        let args = (
            beneficiary,
            kind,
            goal,
            deadline,
            Hash::from([7; 32]),
            None::<(H160, u32)>,
        );
        let step: Step<u32> = self.step::<u32, crowdfund::CrowdfundError>(creator, false, "create", args);
        step.value.expect("the campaign is created");
    }
    fn post_bounty(&mut self, poster: usize, reward: u128, ms: u64) {
        let deadline = self.now().saturating_add(ms);
        let args = (reward, deadline, Hash::from([8; 32]), None::<(H160, u32)>);
        let step: Step<u32> = self.step::<u32, bounty::BountyError>(poster, true, "post", args);
        step.value.expect("the bounty is posted");
    }
    fn campaign_count(&mut self) -> u32 {
        let crowdfund = self.crowdfund.clone();
        self.read(&crowdfund, "campaign_count", ())
    }
    fn campaign(&mut self, id: u32) -> CampaignView {
        let crowdfund = self.crowdfund.clone();
        let head: Option<CampaignHead> = self.read(&crowdfund, "campaign", id);
        let state: Option<CampaignState> = self.read(&crowdfund, "state", id);
        let c = campaign(head.expect("the campaign exists"));
        CampaignView {
            all_or_nothing: c.kind == Kind::AllOrNothing,
            goal: c.goal,
            deadline: c.deadline,
            pause_clock: c.pause_clock,
            raised: c.raised,
            claimed: c.claimed,
            refunded: c.refunded,
            held: c.held(),
            open: state == Some(CampaignState::Open),
        }
    }
    fn bounty_count(&mut self) -> u32 {
        let board = self.bounty.clone();
        self.read(&board, "bounty_count", ())
    }
    fn bounty(&mut self, id: u32) -> BountyView {
        let board = self.bounty.clone();
        let head: Option<BountyHead> = self.read(&board, "bounty", id);
        let state: Option<bounty::BountyState> = self.read(&board, "state", id);
        let b = bounty(head.expect("the bounty exists"));
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
        let crowdfund = self.crowdfund.clone();
        let who = Chain::address_of(&self.people[member]);
        self.read(&crowdfund, "pledge_of", (campaign, who))
    }
    fn pledge(&mut self, who: usize, campaign: u32, amount: u128) -> Step<()> {
        self.step::<(), crowdfund::CrowdfundError>(who, false, "pledge", (campaign, amount))
    }
    fn claim(&mut self, who: usize, campaign: u32) -> Step<u128> {
        self.step::<u128, crowdfund::CrowdfundError>(who, false, "claim", campaign)
    }
    fn refund(&mut self, who: usize, campaign: u32) -> Step<u128> {
        self.step::<u128, crowdfund::CrowdfundError>(who, false, "refund", campaign)
    }
    fn cancel(&mut self, who: usize, campaign: u32) -> Step<()> {
        self.step::<(), crowdfund::CrowdfundError>(who, false, "cancel", campaign)
    }
    fn submit(&mut self, who: usize, bounty: u32) -> Step<u32> {
        let content = Hash::from([who as u8; 32]);
        self.step::<u32, bounty::BountyError>(who, true, "submit", (bounty, content))
    }
    fn approve(&mut self, who: usize, bounty: u32, submission: u32) -> Step<()> {
        self.step::<(), bounty::BountyError>(who, true, "approve", (bounty, submission))
    }
    fn split(&mut self, who: usize, bounty: u32, shares: Vec<(u32, u128)>) -> Step<()> {
        self.step::<(), bounty::BountyError>(who, true, "split", (bounty, shares))
    }
    fn close(&mut self, who: usize, bounty: u32) -> Step<u128> {
        self.step::<u128, bounty::BountyError>(who, true, "cancel", bounty)
    }
}
