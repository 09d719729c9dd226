//! Cross-contract tests (`tests/`) and the gas benchmark (`src/bin/bench.rs`) of
//! COS on the in-process chain of `cos-sandbox`, and the drink harnesses of the
//! shared conformance suites (`cos_common::testing`) and of the crowdfund and
//! bounty contracts.

pub mod node;
pub mod report;
pub mod scenario;

use cos_common::{
    ownable::{OwnershipTransferStarted, OwnershipTransferred},
    testing::{OwnableHarness, Psp22Event, Psp22Harness},
    OwnableError,
};
use cos_sandbox::{
    suite::{self, BountyCalls, CreditCalls, CrowdfundCalls, QuotaCalls, SubtokenCalls},
    Chain, ContractEvent, Outcome,
};
use credit::CreditError;
use donation_quota::QuotaError;
use ink::primitives::AccountId;
use psp22::{Approval, PSP22Error, Transfer, PSP22};
use subtoken::SubtokenError;

/// Call data of the reference PSP22 token's `new(supply, name, symbol, decimals)`.
pub fn reference_constructor(bundle: &cos_sandbox::Bundle, supply: u128) -> anyhow::Result<Vec<u8>> {
    use parity_scale_codec::Encode;
    let mut data = bundle.selector("new")?.to_vec();
    (supply, Some("Reference".to_string()), Some("REF".to_string()), 8u8).encode_to(&mut data);
    Ok(data)
}

/// `value` (part of a bundle's metadata) with every `"ty": <id>` replaced by the
/// type it names in that bundle's registry, so that layouts from two bundles,
/// which number their types independently, can be compared.
pub fn resolve_types(metadata: &serde_json::Value, value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v.as_u64()) {
                        ("ty", Some(id)) => {
                            let ty = metadata["types"]
                                .as_array()
                                .and_then(|types| types.iter().find(|t| t["id"].as_u64() == Some(id)))
                                .map(|t| resolve_types(metadata, &t["type"]))
                                .unwrap_or(Value::Null);
                            ty
                        }
                        _ => resolve_types(metadata, v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve_types(metadata, v)).collect()),
        other => other.clone(),
    }
}

/// The budget of issue "Foundation": a COS Credit transfer costs at most this
/// many times the `ref_time` of one through the reference PSP22 token. Checked
/// by a drink test and by the benchmark.
pub const TRANSFER_GAS_BUDGET: f64 = 1.10;

fn psp22_events(events: &[ContractEvent]) -> Vec<Psp22Event> {
    events
        .iter()
        .filter_map(|e| {
            if let Some(t) = e.decode::<Transfer>() {
                Some(Psp22Event::Transfer {
                    from: t.from,
                    to: t.to,
                    value: t.value,
                })
            } else {
                e.decode::<Approval>().map(|a| Psp22Event::Approval {
                    owner: a.owner,
                    spender: a.spender,
                    amount: a.amount,
                })
            }
        })
        .collect()
}

fn ownership_events(events: &[ContractEvent]) -> Vec<(AccountId, Option<AccountId>)> {
    events
        .iter()
        .filter_map(|e| {
            if let Some(ev) = e.decode::<OwnershipTransferStarted>() {
                Some((ev.previous_owner, ev.new_owner))
            } else {
                e.decode::<OwnershipTransferred>()
                    .map(|ev| (ev.previous_owner, Some(ev.new_owner)))
            }
        })
        .collect()
}

/// COS Credit on the in-process chain: routed (`ROUTED`, as deployed) or the
/// full contract alone.
pub struct CreditOnChain<const ROUTED: bool> {
    pub chain: Chain,
    pub token: CreditCalls,
    last: Vec<ContractEvent>,
}

impl<const ROUTED: bool> CreditOnChain<ROUTED> {
    pub fn new(initial_supply: u128) -> Self {
        let mut chain = Chain::new();
        let owner = chain.account(1);
        let address = if ROUTED {
            suite::deploy_credit(&mut chain, owner, Some(initial_supply))
        } else {
            suite::deploy_credit_standalone(&mut chain, owner, Some(initial_supply))
        }
        .expect("COS Credit deploys");
        Self {
            chain,
            token: suite::credit(address),
            last: Vec::new(),
        }
    }

    fn keep<R>(&mut self, outcome: Outcome<R>) -> R {
        self.last = if outcome.reverted { Vec::new() } else { outcome.events };
        outcome.value
    }
}

impl<const ROUTED: bool> Psp22Harness for CreditOnChain<ROUTED> {
    fn deploy(initial_supply: u128) -> Self {
        Self::new(initial_supply)
    }
    fn account(&mut self, index: u8) -> AccountId {
        self.chain.account(index.saturating_add(1))
    }
    fn total_supply(&mut self) -> u128 {
        self.chain.query(self.token.total_supply()).expect("total_supply")
    }
    fn balance_of(&mut self, owner: AccountId) -> u128 {
        self.chain.query(self.token.balance_of(owner)).expect("balance_of")
    }
    fn allowance(&mut self, owner: AccountId, spender: AccountId) -> u128 {
        self.chain
            .query(self.token.allowance(owner, spender))
            .expect("allowance")
    }
    fn transfer(&mut self, caller: AccountId, to: AccountId, value: u128, data: Vec<u8>) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.transfer(to, value, data))
            .expect("transfer");
        self.keep(out)
    }
    fn transfer_from(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
        data: Vec<u8>,
    ) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.transfer_from(from, to, value, data))
            .expect("transfer_from");
        self.keep(out)
    }
    fn approve(&mut self, caller: AccountId, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.approve(spender, value))
            .expect("approve");
        self.keep(out)
    }
    fn increase_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.increase_allowance(spender, delta))
            .expect("increase_allowance");
        self.keep(out)
    }
    fn decrease_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.decrease_allowance(spender, delta))
            .expect("decrease_allowance");
        self.keep(out)
    }
    fn last_events(&mut self) -> Vec<Psp22Event> {
        psp22_events(&self.last)
    }
}

fn credit_ownable_error(error: CreditError) -> OwnableError {
    match error {
        CreditError::NotOwner => OwnableError::NotOwner,
        CreditError::NotPendingOwner => OwnableError::NotPendingOwner,
        other => panic!("not an ownership error: {other:?}"),
    }
}

impl<const ROUTED: bool> OwnableHarness for CreditOnChain<ROUTED> {
    fn deploy() -> Self {
        Self::new(1_000)
    }
    fn account(&mut self, index: u8) -> AccountId {
        self.chain.account(index.saturating_add(1))
    }
    fn owner(&mut self) -> AccountId {
        self.chain.query(self.token.owner()).expect("owner")
    }
    fn pending_owner(&mut self) -> Option<AccountId> {
        self.chain.query(self.token.pending_owner()).expect("pending_owner")
    }
    fn transfer_ownership(&mut self, caller: AccountId, new_owner: Option<AccountId>) -> Result<(), OwnableError> {
        let out = self
            .chain
            .call(caller, self.token.transfer_ownership(new_owner))
            .expect("transfer_ownership");
        self.keep(out).map_err(credit_ownable_error)
    }
    fn accept_ownership(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        let out = self
            .chain
            .call(caller, self.token.accept_ownership())
            .expect("accept_ownership");
        self.keep(out).map_err(credit_ownable_error)
    }
    fn owner_only(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        let minter = self.chain.account(9);
        let enabled = !self.chain.query(self.token.is_minter(minter)).expect("is_minter");
        let out = self
            .chain
            .call(caller, self.token.set_minter(minter, enabled))
            .expect("set_minter");
        self.keep(out).map_err(credit_ownable_error)
    }
    fn ownership_events(&mut self) -> Vec<(AccountId, Option<AccountId>)> {
        ownership_events(&self.last)
    }
}

/// A donation quota contract on the in-process chain, for the ownership suite.
pub struct QuotaOnChain {
    pub chain: Chain,
    pub quota: QuotaCalls,
    last: Vec<ContractEvent>,
}

fn quota_ownable_error(error: QuotaError) -> OwnableError {
    match error {
        QuotaError::NotOwner => OwnableError::NotOwner,
        QuotaError::NotPendingOwner => OwnableError::NotPendingOwner,
        other => panic!("not an ownership error: {other:?}"),
    }
}

impl QuotaOnChain {
    fn keep<R>(&mut self, outcome: Outcome<R>) -> R {
        self.last = if outcome.reverted { Vec::new() } else { outcome.events };
        outcome.value
    }
}

impl OwnableHarness for QuotaOnChain {
    fn deploy() -> Self {
        let mut chain = Chain::new();
        let owner = chain.account(1);
        let token = suite::deploy_credit(&mut chain, owner, Some(1_000)).expect("credit deploys");
        let quota = suite::deploy_quota(&mut chain, owner, token, None).expect("quota deploys");
        Self {
            chain,
            quota: suite::quota(quota),
            last: Vec::new(),
        }
    }
    fn account(&mut self, index: u8) -> AccountId {
        self.chain.account(index.saturating_add(1))
    }
    fn owner(&mut self) -> AccountId {
        self.chain.query(self.quota.owner()).expect("owner")
    }
    fn pending_owner(&mut self) -> Option<AccountId> {
        self.chain.query(self.quota.pending_owner()).expect("pending_owner")
    }
    fn transfer_ownership(&mut self, caller: AccountId, new_owner: Option<AccountId>) -> Result<(), OwnableError> {
        let out = self
            .chain
            .call(caller, self.quota.transfer_ownership(new_owner))
            .expect("transfer_ownership");
        self.keep(out).map_err(quota_ownable_error)
    }
    fn accept_ownership(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        let out = self
            .chain
            .call(caller, self.quota.accept_ownership())
            .expect("accept_ownership");
        self.keep(out).map_err(quota_ownable_error)
    }
    fn owner_only(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        let out = self
            .chain
            .call(caller, self.quota.set_operator(caller))
            .expect("set_operator");
        self.keep(out).map_err(quota_ownable_error)
    }
    fn ownership_events(&mut self) -> Vec<(AccountId, Option<AccountId>)> {
        ownership_events(&self.last)
    }
}

/// A sub-token on the in-process chain, backed by a routed COS Credit: the
/// issuer (`account(1)`, also the credit's owner) and five members
/// (`account(2..=6)`) hold COS and have approved the sub-token to pull it.
pub struct SubtokenOnChain {
    pub chain: Chain,
    pub credit: CreditCalls,
    pub credit_address: AccountId,
    pub token: SubtokenCalls,
    pub address: AccountId,
    pub issuer: AccountId,
    last: Vec<ContractEvent>,
}

/// COS each account of [`SubtokenOnChain`] starts with.
pub const SUBTOKEN_TEST_COS: u128 = 1_000_000 * credit::UNIT;

impl SubtokenOnChain {
    /// Deploys with `face_value` and `price` (COS base units per base unit).
    pub fn new(face_value: u128, price: u128) -> Self {
        let mut chain = Chain::new();
        let issuer = chain.account(1);
        let credit_address =
            suite::deploy_credit(&mut chain, issuer, Some(SUBTOKEN_TEST_COS * 10)).expect("COS Credit deploys");
        let params = suite::SubtokenParams {
            name: "Club points".into(),
            symbol: "PTS".into(),
            decimals: 0,
            face_value,
            price,
            community: None,
        };
        let address = suite::deploy_subtoken(&mut chain, issuer, credit_address, params).expect("subtoken deploys");
        let mut credit = suite::credit(credit_address);
        for n in 2..=6 {
            let member = chain.account(n);
            chain
                .call(issuer, credit.transfer(member, SUBTOKEN_TEST_COS, vec![]))
                .expect("pays")
                .value
                .expect("pays COS");
        }
        for n in 1..=6 {
            let who = chain.account(n);
            chain
                .call(who, credit.approve(address, u128::MAX))
                .expect("approves")
                .value
                .expect("approves the sub-token");
        }
        Self {
            chain,
            credit,
            credit_address,
            token: suite::subtoken(address),
            address,
            issuer,
            last: Vec::new(),
        }
    }

    /// COS held by the sub-token contract, as COS Credit says.
    pub fn cos_held(&mut self) -> u128 {
        self.chain
            .query(self.credit.balance_of(self.address))
            .expect("balance_of")
    }

    /// COS of `account`, as COS Credit says.
    pub fn cos_of(&mut self, account: AccountId) -> u128 {
        self.chain.query(self.credit.balance_of(account)).expect("balance_of")
    }

    /// What the sub-token says it owes: face value x supply + reserve + fees.
    pub fn owed(&mut self) -> u128 {
        self.chain.query(self.token.owed()).expect("owed")
    }

    /// Panics unless the contract holds at least what it owes, and its
    /// collateral is exactly face value x supply.
    pub fn assert_backed(&mut self) {
        let supply = self.chain.query(self.token.total_supply()).expect("total_supply");
        let face = self.chain.query(self.token.face_value()).expect("face_value");
        let collateral = self.chain.query(self.token.collateral()).expect("collateral");
        assert_eq!(collateral, face * supply, "collateral is face value x supply");
        let (held, owed) = (self.cos_held(), self.owed());
        assert!(held >= owed, "the sub-token holds {held} COS but owes {owed}");
    }

    fn keep<R>(&mut self, outcome: Outcome<R>) -> R {
        self.last = if outcome.reverted { Vec::new() } else { outcome.events };
        outcome.value
    }
}

fn subtoken_ownable_error(error: SubtokenError) -> OwnableError {
    match error {
        SubtokenError::NotOwner => OwnableError::NotOwner,
        SubtokenError::NotPendingOwner => OwnableError::NotPendingOwner,
        other => panic!("not an ownership error: {other:?}"),
    }
}

impl Psp22Harness for SubtokenOnChain {
    /// Face value and price 1; the issuer issues the supply.
    fn deploy(initial_supply: u128) -> Self {
        let mut on_chain = Self::new(1, 1);
        if initial_supply > 0 {
            let issuer = on_chain.issuer;
            let issue = on_chain.token.issue(initial_supply);
            on_chain
                .chain
                .call(issuer, issue)
                .expect("issue")
                .value
                .expect("issues the initial supply");
        }
        on_chain
    }
    fn account(&mut self, index: u8) -> AccountId {
        self.chain.account(index.saturating_add(1))
    }
    fn total_supply(&mut self) -> u128 {
        self.chain.query(self.token.total_supply()).expect("total_supply")
    }
    fn balance_of(&mut self, owner: AccountId) -> u128 {
        self.chain.query(self.token.balance_of(owner)).expect("balance_of")
    }
    fn allowance(&mut self, owner: AccountId, spender: AccountId) -> u128 {
        self.chain
            .query(self.token.allowance(owner, spender))
            .expect("allowance")
    }
    fn transfer(&mut self, caller: AccountId, to: AccountId, value: u128, data: Vec<u8>) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.transfer(to, value, data))
            .expect("transfer");
        self.keep(out)
    }
    fn transfer_from(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
        data: Vec<u8>,
    ) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.transfer_from(from, to, value, data))
            .expect("transfer_from");
        self.keep(out)
    }
    fn approve(&mut self, caller: AccountId, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.approve(spender, value))
            .expect("approve");
        self.keep(out)
    }
    fn increase_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.increase_allowance(spender, delta))
            .expect("increase_allowance");
        self.keep(out)
    }
    fn decrease_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        let out = self
            .chain
            .call(caller, self.token.decrease_allowance(spender, delta))
            .expect("decrease_allowance");
        self.keep(out)
    }
    fn last_events(&mut self) -> Vec<Psp22Event> {
        psp22_events(&self.last)
    }
}

impl OwnableHarness for SubtokenOnChain {
    fn deploy() -> Self {
        Self::new(1, 1)
    }
    fn account(&mut self, index: u8) -> AccountId {
        self.chain.account(index.saturating_add(1))
    }
    fn owner(&mut self) -> AccountId {
        self.chain.query(self.token.owner()).expect("owner")
    }
    fn pending_owner(&mut self) -> Option<AccountId> {
        self.chain.query(self.token.pending_owner()).expect("pending_owner")
    }
    fn transfer_ownership(&mut self, caller: AccountId, new_owner: Option<AccountId>) -> Result<(), OwnableError> {
        let out = self
            .chain
            .call(caller, self.token.transfer_ownership(new_owner))
            .expect("transfer_ownership");
        self.keep(out).map_err(subtoken_ownable_error)
    }
    fn accept_ownership(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        let out = self
            .chain
            .call(caller, self.token.accept_ownership())
            .expect("accept_ownership");
        self.keep(out).map_err(subtoken_ownable_error)
    }
    fn owner_only(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        let fee = self.chain.query(self.token.fee_bps()).expect("fee_bps");
        let out = self
            .chain
            .call(caller, self.token.set_fee(if fee == 10 { 11 } else { 10 }))
            .expect("set_fee");
        self.keep(out).map_err(subtoken_ownable_error)
    }
    fn ownership_events(&mut self) -> Vec<(AccountId, Option<AccountId>)> {
        ownership_events(&self.last)
    }
}

/// The crowdfund and bounty contracts on a chain with the routed COS Credit:
/// members `1..=6` hold [`FUNDING_TEST_COS`] each and approved both contracts
/// for any amount.
pub struct FundingOnChain {
    pub chain: Chain,
    pub credit: CreditCalls,
    pub credit_address: AccountId,
    pub crowdfund: CrowdfundCalls,
    pub crowdfund_address: AccountId,
    pub bounty: BountyCalls,
    pub bounty_address: AccountId,
}

/// COS each member of [`FundingOnChain`] starts with.
pub const FUNDING_TEST_COS: u128 = 1_000_000 * credit::UNIT;

/// An hour of block time, in milliseconds.
pub const HOUR_MS: u64 = 3_600_000;

impl Default for FundingOnChain {
    fn default() -> Self {
        Self::new()
    }
}

impl FundingOnChain {
    pub fn new() -> Self {
        let mut chain = Chain::new();
        let deployer = chain.account(1);
        let credit_address =
            suite::deploy_credit(&mut chain, deployer, Some(FUNDING_TEST_COS * 10)).expect("COS Credit deploys");
        let crowdfund_address =
            suite::deploy_crowdfund(&mut chain, deployer, credit_address).expect("crowdfund deploys");
        let bounty_address = suite::deploy_bounty(&mut chain, deployer, credit_address).expect("bounty deploys");
        let mut credit = suite::credit(credit_address);
        for n in 2..=6 {
            let member = chain.account(n);
            chain
                .call(deployer, credit.transfer(member, FUNDING_TEST_COS, vec![]))
                .expect("pays")
                .value
                .expect("pays COS");
        }
        for n in 1..=6 {
            let who = chain.account(n);
            for spender in [crowdfund_address, bounty_address] {
                chain
                    .call(who, credit.approve(spender, u128::MAX))
                    .expect("approves")
                    .value
                    .expect("approves the contract");
            }
        }
        Self {
            chain,
            credit,
            credit_address,
            crowdfund: suite::crowdfund(crowdfund_address),
            crowdfund_address,
            bounty: suite::bounty(bounty_address),
            bounty_address,
        }
    }

    /// Member `n` (`1..=6` are funded).
    pub fn member(&mut self, n: u8) -> AccountId {
        self.chain.account(n)
    }

    /// COS of `account`, as COS Credit says.
    pub fn cos_of(&mut self, account: AccountId) -> u128 {
        self.chain.query(self.credit.balance_of(account)).expect("balance_of")
    }

    /// The current block time (ms).
    pub fn now(&mut self) -> u64 {
        self.chain.timestamp()
    }

    /// Seals the block and lets `ms` of block time pass.
    pub fn wait(&mut self, ms: u64) {
        self.chain.next_block();
        let then = self.chain.timestamp().saturating_add(ms);
        self.chain.set_timestamp(then);
    }

    /// Starts a campaign as `creator` for `beneficiary`, ending `ms` from now.
    pub fn create_campaign(
        &mut self,
        creator: AccountId,
        beneficiary: AccountId,
        kind: crowdfund::Kind,
        goal: u128,
        ms: u64,
    ) -> u32 {
        let deadline = self.now().saturating_add(ms);
        let message = self.crowdfund.create(
            beneficiary,
            kind,
            goal,
            deadline,
            ink::primitives::Hash::from([7; 32]),
            None,
        );
        self.chain
            .call(creator, message)
            .expect("create runs")
            .value
            .expect("the campaign is created")
    }

    /// Posts a bounty as `poster` with `reward`, ending `ms` from now.
    pub fn post_bounty(&mut self, poster: AccountId, reward: u128, ms: u64) -> u32 {
        let deadline = self.now().saturating_add(ms);
        let message = self
            .bounty
            .post(reward, deadline, ink::primitives::Hash::from([8; 32]), None);
        self.chain
            .call(poster, message)
            .expect("post runs")
            .value
            .expect("the bounty is posted")
    }

    /// Panics unless every campaign's `raised = claimed + refunded + held`,
    /// every bounty's `reward = paid + returned + held`, and each contract
    /// holds exactly the sum of its `held`.
    pub fn assert_accounts(&mut self) {
        let mut held = 0u128;
        let campaigns = self.chain.query(self.crowdfund.campaign_count()).expect("count");
        for id in 0..campaigns {
            let c = self
                .chain
                .query(self.crowdfund.campaign(id))
                .expect("campaign")
                .expect("exists");
            assert_eq!(c.raised, c.claimed + c.refunded + c.held(), "campaign {id}");
            held += c.held();
        }
        let crowdfund = self.crowdfund_address;
        assert_eq!(
            self.cos_of(crowdfund),
            held,
            "the crowdfund holds what its campaigns hold"
        );
        let mut held = 0u128;
        let bounties = self.chain.query(self.bounty.bounty_count()).expect("count");
        for id in 0..bounties {
            let b = self
                .chain
                .query(self.bounty.bounty(id))
                .expect("bounty")
                .expect("exists");
            assert_eq!(b.reward, b.paid + b.returned + b.held(), "bounty {id}");
            held += b.held();
        }
        let bounty = self.bounty_address;
        assert_eq!(
            self.cos_of(bounty),
            held,
            "the bounty board holds what its bounties hold"
        );
    }
}

/// Governance on a chain with the routed COS Credit: 1,000 COS in all, held by
/// members `2..=5` (400, 300, 200, 100 COS), each voting with their own
/// (self-delegated), sealed a block before anything is proposed.
pub struct GovernanceOnChain {
    pub chain: Chain,
    pub credit: AccountId,
    pub gov: AccountId,
    /// The deployer: COS Credit's owner and governance's admin.
    pub owner: AccountId,
    pub members: [AccountId; 4],
}

impl GovernanceOnChain {
    /// What each member starts with, in COS.
    pub const HOLDINGS: [u128; 4] = [400, 300, 200, 100];

    pub fn new(config: governance::Config) -> Self {
        let mut chain = Chain::new();
        let owner = chain.account(1);
        let members = [2, 3, 4, 5].map(|n| chain.account(n));
        let credit = suite::deploy_credit(&mut chain, owner, Some(1_000 * credit::UNIT)).expect("COS Credit deploys");
        let mut c = suite::credit(credit);
        for (who, amount) in members.iter().zip(Self::HOLDINGS) {
            chain
                .call(owner, c.transfer(*who, amount * credit::UNIT, vec![]))
                .expect("pays")
                .value
                .expect("pays COS");
            chain
                .call(*who, c.delegate(Some(*who)))
                .expect("delegates")
                .value
                .expect("votes with its own");
        }
        let gov =
            suite::deploy_governance(&mut chain, owner, credit, config, None, vec![]).expect("governance deploys");
        chain.next_block();
        Self {
            chain,
            credit,
            gov,
            owner,
            members,
        }
    }

    /// Members-mode governance (one member one vote) over `members` `2..=5`,
    /// admin `owner`, sealed a block later.
    pub fn with_members(config: governance::Config) -> Self {
        let mut g = Self::new(governance::Config {
            mode: governance::VoteMode::TokenWeighted,
            proposal_threshold: 0,
            ..config
        });
        g.gov = suite::deploy_governance(&mut g.chain, g.owner, g.credit, config, None, g.members.to_vec())
            .expect("governance deploys");
        g.chain.next_block();
        g
    }

    /// An action calling `message` of `callee` with `input` (its SCALE-encoded
    /// arguments); the message returns a `Result`.
    pub fn call(callee: AccountId, message: &str, input: Vec<u8>) -> governance::Action {
        governance::Action::Call {
            callee,
            selector: selector(message),
            input,
            reply: governance::Reply::Result,
        }
    }

    /// Like [`GovernanceOnChain::call`] for a message that returns a value.
    pub fn call_value(callee: AccountId, message: &str, input: Vec<u8>) -> governance::Action {
        governance::Action::Call {
            callee,
            selector: selector(message),
            input,
            reply: governance::Reply::Value,
        }
    }
}

/// An ink! message's selector: the first four bytes of the BLAKE2b-256 of its
/// name (as `ink::selector_bytes!`, which needs a literal).
pub fn selector(name: &str) -> [u8; 4] {
    use ink::env::hash::{Blake2x256, CryptoHash};
    let mut out = [0u8; 32];
    Blake2x256::hash(name.as_bytes(), &mut out);
    [out[0], out[1], out[2], out[3]]
}
