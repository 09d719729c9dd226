//! COS Credit and a token-weighted governance on pallet-revive, for the
//! "every weight counts once" property (`cos_common::votes_suite`), as
//! `cos_e2e::GovernanceOnChain` is on drink.

use cos_common::votes_suite::{Tally, Vote, VotesHarness, MEMBERS};
use cos_revive_chain::{AccountId32, Bundle, Chain, Reply, H160};
use credit::CreditError;
use governance::{Config, GovernanceError, Rules, Support};
use ink::primitives::Hash;
use parity_scale_codec::{Decode, Encode};

use crate::PSP22Error;

/// The suite's governance, on both chains (`e2e/tests/suites/governance_properties.rs`
/// on drink): token-weighted, no quorum, three blocks to the snapshot, 40 of
/// voting.
pub const CONFIG: Config = Config {
    mode: governance::VoteMode::TokenWeighted,
    voting_delay: 3,
    voting_period: 40,
    quorum_bps: 0,
    threshold_bps: 5_000,
    execution_delay: 0,
    grace_period: 10,
    proposal_threshold: 0,
};

/// Governance's answer to a vote in the suite's words (on both chains).
pub fn answer(answer: Result<(), GovernanceError>) -> Vote {
    match answer {
        Ok(()) => Vote::Accepted,
        Err(GovernanceError::VotingNotOpen) => Vote::VotingNotOpen,
        Err(GovernanceError::AlreadyVoted) => Vote::AlreadyVoted,
        Err(GovernanceError::NoWeight) => Vote::NoWeight,
        Err(other) => Vote::Other(format!("{other:?}")),
    }
}

/// COS base units per COS.
const COS: u128 = 100_000_000;

/// The head of `governance::Proposal` on pallet-revive, where the proposer
/// is an H160 address (the ink! 5 type names a 32-byte account); the fields
/// after the tally are not read.
#[derive(Decode)]
struct ProposalHead {
    _proposer: H160,
    _description: Hash,
    snapshot: u32,
    _end: u32,
    eligible: Option<u128>,
    _rules: Rules,
    tally: governance::proposal::Tally,
}

/// Members accounts 2 to 5 holding 400, 300, 200 and 100 COS, each
/// delegated to itself; COS Credit's owner and the governance's admin is
/// account 1.
pub struct GovernanceOnRevive {
    pub chain: Chain,
    credit: (Bundle, H160),
    gov: (Bundle, H160),
    members: Vec<AccountId32>,
    id: u32,
}

impl GovernanceOnRevive {
    /// What each member starts with, in COS.
    pub const HOLDINGS: [u128; MEMBERS] = [400, 300, 200, 100];

    pub fn new(config: Config) -> Self {
        let mut chain = Chain::new();
        let owner = chain.account(1);
        let members: Vec<AccountId32> = (2..=MEMBERS as u8 + 1).map(|n| chain.account(n)).collect();
        let credit = Bundle::load("credit").expect("the COS Credit bundle");
        let credit_at = credit
            .deploy(&mut chain, &owner, "new", Some(1_000 * COS))
            .expect("COS Credit deploys");
        let gov = Bundle::load("governance").expect("the governance bundle");
        let none: Option<(H160, u32)> = None;
        let gov_at = gov
            .deploy(&mut chain, &owner, "new", (credit_at, config, none, Vec::<H160>::new()))
            .expect("governance deploys");
        let mut this = Self {
            chain,
            credit: (credit, credit_at),
            gov: (gov, gov_at),
            members,
            id: 0,
        };
        for (who, amount) in this.members.clone().iter().zip(Self::HOLDINGS) {
            let to = Chain::address_of(who);
            let paid: Result<(), PSP22Error> = this
                .credit(&owner, "PSP22::transfer", (to, amount * COS, Vec::<u8>::new()))
                .value;
            paid.expect("COS for a member");
            let delegated: Result<(), CreditError> = this.credit(who, "delegate", Some(to)).value;
            delegated.expect("votes with its own");
        }
        this.chain.next_block();
        this
    }

    fn credit<T: Decode>(&mut self, who: &AccountId32, label: &str, args: impl Encode) -> Reply<T> {
        crate::send(&mut self.chain, who, &self.credit, label, args)
    }

    fn read<T: Decode>(&mut self, on_credit: bool, label: &str, args: impl Encode) -> T {
        let signer = self.members[0].clone();
        let (bundle, at) = if on_credit { &self.credit } else { &self.gov };
        self.chain
            .read(&signer, *at, bundle, label, args)
            .unwrap_or_else(|e| panic!("{label}: {e:#}"))
    }

    fn head(&mut self) -> ProposalHead {
        let id = self.id;
        self.read::<Option<ProposalHead>>(false, "proposal", id)
            .expect("the proposal exists")
    }
}

impl VotesHarness for GovernanceOnRevive {
    fn propose(&mut self) -> u32 {
        let proposer = self.members[0].clone();
        let no_actions: Vec<u8> = Vec::new();
        let made: Reply<Result<u32, GovernanceError>> = crate::send(
            &mut self.chain,
            &proposer,
            &self.gov,
            "propose",
            (Hash::default(), no_actions),
        );
        self.id = made.value.expect("member 0 proposes");
        self.head().snapshot
    }

    fn transfer(&mut self, from: usize, to: usize, amount: u128) {
        let (who, to) = (self.members[from].clone(), Chain::address_of(&self.members[to]));
        let _: Reply<Result<(), PSP22Error>> =
            self.credit(&who, "PSP22::transfer", (to, amount * COS, Vec::<u8>::new()));
    }

    fn delegate(&mut self, who: usize, to: usize) {
        let (who, to) = (self.members[who].clone(), Chain::address_of(&self.members[to]));
        let _: Reply<Result<(), CreditError>> = self.credit(&who, "delegate", Some(to));
    }

    fn vote(&mut self, who: usize, support: u8) -> (Vote, bool) {
        let support = [Support::Against, Support::For, Support::Abstain][usize::from(support)];
        let voter = self.members[who].clone();
        let out: Reply<Result<(), GovernanceError>> =
            crate::send(&mut self.chain, &voter, &self.gov, "vote", (self.id, support));
        let clean = out.value.is_ok() || (out.outcome.reverted && out.events().is_empty());
        (answer(out.value), clean)
    }

    fn next_block(&mut self) {
        self.chain.next_block();
    }

    fn block_number(&mut self) -> u32 {
        u32::try_from(self.chain.block_number()).expect("a u32 block number")
    }

    fn past_votes(&mut self, who: usize, block: u32) -> u128 {
        let account = Chain::address_of(&self.members[who]);
        let votes: Result<u128, CreditError> = self.read(true, "get_past_votes", (account, block));
        votes.expect("past votes")
    }

    fn past_total_supply(&mut self, block: u32) -> u128 {
        let supply: Result<u128, CreditError> = self.read(true, "get_past_total_supply", block);
        supply.expect("past supply")
    }

    fn proposal(&mut self) -> (Option<u128>, Tally) {
        let head = self.head();
        let t = head.tally;
        (head.eligible, (t.for_votes, t.against, t.abstain, t.voters))
    }
}
