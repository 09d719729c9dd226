//! COS Credit with the crowdfund, bounty, donation quota, sub-token and
//! governance contracts (ink! 6)
//! deployed together on one in-process pallet-revive chain, for the
//! cross-contract stories: each pulls and pays COS through COS Credit's PSP22
//! and `batch_transfer` messages, as on pallet-contracts.

use anyhow::{Context, Result};
use cos_revive_chain::{AccountId32, Bundle, Chain, Reply, H160};
use parity_scale_codec::{Decode, Encode};

/// COS each of accounts 2 to 6 starts with.
pub const START_COS: u128 = 1_000;

/// The contracts, each with its bundle and address.
pub struct World {
    pub chain: Chain,
    pub credit: (Bundle, H160),
    pub crowdfund: (Bundle, H160),
    pub bounty: (Bundle, H160),
    pub quota: (Bundle, H160),
    /// "Club points" (PTS), issued by account 2: [`FACE`] COS behind each
    /// unit, sold at [`PRICE`].
    pub subtoken: (Bundle, H160),
    /// Governance by COS votes ([`GOVERNANCE`]), admin account 1.
    pub governance: (Bundle, H160),
}

/// The governance's configuration: COS-weighted votes, a snapshot one block
/// after the proposal, five blocks of voting, 40 % quorum, a simple majority,
/// two blocks' delay, four blocks' grace, 50 COS to propose.
pub const GOVERNANCE: governance::Config = governance::Config {
    mode: governance::VoteMode::TokenWeighted,
    voting_delay: 1,
    voting_period: 5,
    quorum_bps: 4_000,
    threshold_bps: 5_000,
    execution_delay: 2,
    grace_period: 4,
    proposal_threshold: 50,
};

/// COS behind each sub-token unit.
pub const FACE: u128 = 10;
/// COS per unit on the sub-token's exchange.
pub const PRICE: u128 = 12;

/// Which contract a call goes to.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    Credit,
    Crowdfund,
    Bounty,
    Quota,
    Subtoken,
    Governance,
}

impl World {
    /// Deploys COS Credit (owned by account 1), a crowdfund, a bounty, a
    /// donation quota contract (default bonus schedule, account 1 its operator)
    /// a sub-token (issued by account 2) and a governance (account 1 its
    /// admin) for it, and gives accounts 2 to 6 [`START_COS`] each.
    pub fn new() -> Result<Self> {
        let mut chain = Chain::new();
        let owner = chain.account(1);
        let credit = Bundle::load("credit")?;
        let credit_at = credit.deploy(&mut chain, &owner, "new", Some(1_000_000u128))?;
        let crowdfund = Bundle::load("crowdfund")?;
        let crowdfund_at = crowdfund.deploy(&mut chain, &owner, "new", credit_at)?;
        let bounty = Bundle::load("bounty")?;
        let bounty_at = bounty.deploy(&mut chain, &owner, "new", credit_at)?;
        let quota = Bundle::load("donation_quota")?;
        let quota_at = quota.deploy(&mut chain, &owner, "new", (credit_at, None::<Vec<(u64, u16, u16)>>))?;
        let subtoken = Bundle::load("subtoken")?;
        let issuer = chain.account(2);
        let none: Option<(H160, u32)> = None;
        let subtoken_at = subtoken.deploy(
            &mut chain,
            &issuer,
            "new",
            (
                credit_at,
                "Club points".to_string(),
                "PTS".to_string(),
                0u8,
                FACE,
                PRICE,
                none,
            ),
        )?;
        let governance = Bundle::load("governance")?;
        let governance_at = governance.deploy(
            &mut chain,
            &owner,
            "new",
            (credit_at, GOVERNANCE, none, Vec::<H160>::new()),
        )?;
        let mut this = Self {
            chain,
            credit: (credit, credit_at),
            crowdfund: (crowdfund, crowdfund_at),
            bounty: (bounty, bounty_at),
            quota: (quota, quota_at),
            subtoken: (subtoken, subtoken_at),
            governance: (governance, governance_at),
        };
        for n in 2..=6 {
            let to = this.address(n);
            let moved: Result<(), crate::PSP22Error> =
                this.send(1, Target::Credit, "PSP22::transfer", (to, START_COS, Vec::<u8>::new()))?;
            moved.map_err(|e| anyhow::anyhow!("endowing account {n}: {e:?}"))?;
        }
        Ok(this)
    }

    fn target(&self, target: Target) -> &(Bundle, H160) {
        match target {
            Target::Credit => &self.credit,
            Target::Crowdfund => &self.crowdfund,
            Target::Bounty => &self.bounty,
            Target::Quota => &self.quota,
            Target::Subtoken => &self.subtoken,
            Target::Governance => &self.governance,
        }
    }

    /// The address of chain account `n`.
    pub fn address(&mut self, n: u8) -> H160 {
        let account = self.chain.account(n);
        Chain::address_of(&account)
    }

    fn signer(&mut self, n: u8) -> AccountId32 {
        self.chain.account(n)
    }

    /// Sends `label(args)` to `target` as account `caller`; the decoded answer
    /// and what the call did.
    pub fn send_reply<T: Decode>(
        &mut self,
        caller: u8,
        target: Target,
        label: &str,
        args: impl Encode,
    ) -> Result<Reply<T>> {
        let signer = self.signer(caller);
        let (bundle, at) = self.target(target).clone();
        self.chain
            .send(&signer, at, &bundle, label, args)
            .with_context(|| format!("{target:?}::{label}"))
    }

    /// Sends `label(args)` to `target` as account `caller`; the decoded answer.
    pub fn send<T: Decode>(&mut self, caller: u8, target: Target, label: &str, args: impl Encode) -> Result<T> {
        Ok(self.send_reply(caller, target, label, args)?.value)
    }

    /// Reads `label(args)` of `target`.
    pub fn read<T: Decode>(&mut self, target: Target, label: &str, args: impl Encode) -> Result<T> {
        let signer = self.signer(1);
        let (bundle, at) = self.target(target).clone();
        self.chain
            .read(&signer, at, &bundle, label, args)
            .with_context(|| format!("{target:?}::{label}"))
    }

    /// COS held by chain account `n`.
    pub fn cos_of(&mut self, n: u8) -> Result<u128> {
        let who = self.address(n);
        self.read(Target::Credit, "PSP22::balance_of", who)
    }

    /// COS held by a contract.
    pub fn cos_at(&mut self, target: Target) -> Result<u128> {
        let at = self.target(target).1;
        self.read(Target::Credit, "PSP22::balance_of", at)
    }

    /// Account `owner` lets contract `spender` pull `value` COS.
    pub fn approve(&mut self, owner: u8, spender: Target, value: u128) -> Result<()> {
        let at = self.target(spender).1;
        let approved: Result<(), crate::PSP22Error> =
            self.send(owner, Target::Credit, "PSP22::approve", (at, value))?;
        approved.map_err(|e| anyhow::anyhow!("approve: {e:?}"))
    }

    /// Block time in milliseconds.
    pub fn now_ms(&self) -> u64 {
        self.chain.timestamp()
    }

    /// Seals blocks until block time reaches `ms`.
    pub fn wait_until(&mut self, ms: u64) {
        while self.chain.timestamp() < ms {
            self.chain.next_block();
        }
    }
}
