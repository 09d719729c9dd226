//! # COS on pallet-revive, end to end
//!
//! The shared conformance suites on pallet-revive: COS Credit's ink! 6
//! PolkaVM build (the same source as the ink! 5 one) on the in-process
//! pallet-revive 0.18 chain (`cos-revive-chain`), and the gas benchmark's
//! pallet-revive table ([`bench`]); COS Credit, crowdfund, bounty and
//! donation quota on one chain for the cross-contract stories ([`world`]);
//! a sub-token alone for the collateral property ([`subtoken`]), COS Credit
//! and a governance for the votes property ([`votes`]), the quota contract
//! for quota conservation ([`quota`]), the crowdfund and bounty board for
//! funding conservation ([`funding`]).
//!
//! The suites name accounts as ink! 5 does (32-byte `AccountId`); on
//! pallet-revive a contract sees an account's H160 address, so the harness
//! translates both ways for the accounts it hands out.

use cos_common::{
    testing::{OwnableHarness, Psp22Event, Psp22Harness},
    OwnableError,
};
use cos_revive_chain::{AccountId32, Bundle, Chain, ContractEvent, Reply, H160, H256};
use credit::CreditError;
use ink::primitives::AccountId;
use parity_scale_codec::{Decode, Encode};

pub mod bench;
pub mod funding;
pub mod quota;
pub mod subtoken;
pub mod votes;
pub mod world;
pub use psp22::PSP22Error;

/// Sends `label(args)` to `contract` as `who`; the decoded answer and what
/// the call did. Panics, naming the message, if the call could not be made.
pub fn send<T: Decode>(
    chain: &mut Chain,
    who: &AccountId32,
    contract: &(Bundle, H160),
    label: &str,
    args: impl Encode,
) -> Reply<T> {
    let (bundle, at) = contract;
    chain
        .send(who, *at, bundle, label, args)
        .unwrap_or_else(|e| panic!("{label}: {e:#}"))
}

/// `governance::Action::Call` as it goes on the wire on pallet-revive, where
/// an account is an H160 address (the ink! 5 type names a 32-byte account).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum CallAction {
    #[codec(index = 0)]
    Call {
        callee: H160,
        selector: [u8; 4],
        input: Vec<u8>,
        reply: governance::Reply,
    },
}

/// A contract's event topics by name, read once from its metadata.
struct Topics {
    /// The donation quota contract has no PSP22 events.
    transfer: Option<H256>,
    approval: Option<H256>,
    /// Contracts without ownership have no ownership events.
    ownership_started: Option<H256>,
    ownership_transferred: Option<H256>,
}

/// Which token a [`SuiteOnRevive`] deploys.
pub mod kind {
    pub const CREDIT: u8 = 0;
    pub const REFERENCE: u8 = 1;
    pub const SUBTOKEN: u8 = 2;
    /// Ownership only: the donation quota contract has no PSP22.
    pub const QUOTA: u8 = 3;
}

/// COS Credit (ink! 6) on the in-process pallet-revive chain.
pub type CreditOnRevive = SuiteOnRevive<{ kind::CREDIT }>;

/// The reference PSP22 token (`revive/contracts/psp22_reference`) on the same
/// chain: the PSP22 suite runs on it too, which checks the harness itself.
pub type ReferenceOnRevive = SuiteOnRevive<{ kind::REFERENCE }>;

/// A sub-token (face value and price 1 base unit of COS) whose supply account
/// 1, its issuer and COS Credit's owner, issued against COS collateral: the
/// PSP22 and ownership suites on the sub-token's ink! 6 build.
pub type SubtokenPsp22OnRevive = SuiteOnRevive<{ kind::SUBTOKEN }>;

/// A donation quota contract (COS Credit and the quota, both by account 1,
/// its owner): the ownership suite.
pub type QuotaOwnedOnRevive = SuiteOnRevive<{ kind::QUOTA }>;

/// One COS contract (with the COS Credit it needs) on the in-process
/// pallet-revive chain, for the conformance suites: COS Credit, the
/// reference token or a sub-token as PSP22 tokens, and each owned one with
/// the ownership suite ([`kind`]).
pub struct SuiteOnRevive<const KIND: u8> {
    pub chain: Chain,
    pub bundle: Bundle,
    pub token: H160,
    /// Accounts handed out, `(ink! 5 name, address)`.
    people: Vec<(AccountId, H160)>,
    topics: Topics,
    last: Vec<ContractEvent>,
}

fn substrate(account: AccountId) -> AccountId32 {
    AccountId32::new(*account.as_ref())
}

/// COS for a sub-token's collateral in [`SubtokenPsp22OnRevive`].
const SUBTOKEN_COLLATERAL: u128 = 1_000_000_000_000_000;

impl<const KIND: u8> SuiteOnRevive<KIND> {
    /// Deploys the token with `initial_supply` held by account 1.
    pub fn new(initial_supply: u128) -> Self {
        let name = match KIND {
            kind::REFERENCE => "psp22_reference",
            kind::SUBTOKEN => "subtoken",
            kind::QUOTA => "donation_quota",
            _ => "credit",
        };
        let bundle = Bundle::load(name).expect("an ink! 6 bundle");
        let mut chain = Chain::new();
        let owner = chain.account(1);
        let token = match KIND {
            kind::REFERENCE => bundle.deploy(&mut chain, &owner, "new", initial_supply),
            kind::SUBTOKEN => Self::issued(&mut chain, &owner, &bundle, initial_supply),
            kind::QUOTA => Bundle::load("credit")
                .and_then(|credit| credit.deploy(&mut chain, &owner, "new", Some(initial_supply)))
                .and_then(|credit| bundle.deploy(&mut chain, &owner, "new", (credit, None::<Vec<(u64, u16, u16)>>))),
            _ => bundle.deploy(&mut chain, &owner, "new", Some(initial_supply)),
        }
        .unwrap_or_else(|e| panic!("{name} deploys on pallet-revive: {e:#}"));
        let topic = |label| bundle.event_topic(label).ok();
        let topics = Topics {
            transfer: topic("Transfer"),
            approval: topic("Approval"),
            ownership_started: topic("OwnershipTransferStarted"),
            ownership_transferred: topic("OwnershipTransferred"),
        };
        Self {
            chain,
            bundle,
            token,
            people: Vec::new(),
            topics,
            last: Vec::new(),
        }
    }

    /// COS Credit and a sub-token of face value and price 1 by `issuer`, who
    /// issues `supply` units against its COS.
    fn issued(chain: &mut Chain, issuer: &AccountId32, bundle: &Bundle, supply: u128) -> anyhow::Result<H160> {
        let credit = Bundle::load("credit")?;
        let credit_at = credit.deploy(chain, issuer, "new", Some(SUBTOKEN_COLLATERAL))?;
        let none: Option<(H160, u32)> = None;
        let args = (
            credit_at,
            "Club points".to_string(),
            "PTS".to_string(),
            0u8,
            1u128,
            1u128,
            none,
        );
        let token = bundle.deploy(chain, issuer, "new", args)?;
        let credit = (credit, credit_at);
        let approved: Reply<Result<(), PSP22Error>> =
            send(chain, issuer, &credit, "PSP22::approve", (token, u128::MAX));
        approved
            .value
            .map_err(|e| anyhow::anyhow!("approving the sub-token: {e:?}"))?;
        if supply > 0 {
            let issued: Reply<Result<(), ::subtoken::SubtokenError>> =
                send(chain, issuer, &(bundle.clone(), token), "issue", supply);
            issued.value.map_err(|e| anyhow::anyhow!("issuing the supply: {e:?}"))?;
        }
        Ok(token)
    }

    /// Account `index` (chain account `index + 1`), as the suites name it.
    pub fn person(&mut self, index: u8) -> AccountId {
        let account = self.chain.account(index.saturating_add(1));
        let address = Chain::address_of(&account);
        let name = AccountId::from(<[u8; 32]>::from(account));
        if !self.people.iter().any(|(n, _)| *n == name) {
            self.people.push((name, address));
        }
        name
    }

    /// The address of an account handed out by [`person`](Self::person).
    pub fn address(&self, account: AccountId) -> H160 {
        Chain::address_of(&substrate(account))
    }

    fn name(&self, address: H160) -> AccountId {
        self.people
            .iter()
            .find(|(_, a)| *a == address)
            .map(|(n, _)| *n)
            .unwrap_or_else(|| panic!("an event names {address:?}, whom the test never used"))
    }

    /// Sends `label(args)` as `caller`; keeps its events for `last_events`.
    pub fn send<T: Decode>(&mut self, caller: AccountId, label: &str, args: impl Encode) -> T {
        let reply: Reply<T> = self
            .chain
            .send(&substrate(caller), self.token, &self.bundle, label, args)
            .unwrap_or_else(|e| panic!("{label}: {e:#}"));
        self.last = reply.events().to_vec();
        reply.value
    }

    /// Reads `label(args)`.
    pub fn read<T: Decode>(&mut self, label: &str, args: impl Encode) -> T {
        let caller = self.chain.account(1);
        self.chain
            .read(&caller, self.token, &self.bundle, label, args)
            .unwrap_or_else(|e| panic!("{label}: {e:#}"))
    }

    fn decode<T: Decode>(event: &ContractEvent) -> T {
        T::decode(&mut &event.data[..]).expect("a COS Credit event decodes")
    }
}

impl<const KIND: u8> Psp22Harness for SuiteOnRevive<KIND> {
    fn deploy(initial_supply: u128) -> Self {
        Self::new(initial_supply)
    }
    fn account(&mut self, index: u8) -> AccountId {
        self.person(index)
    }
    fn total_supply(&mut self) -> u128 {
        self.read("PSP22::total_supply", ())
    }
    fn balance_of(&mut self, owner: AccountId) -> u128 {
        let owner = self.address(owner);
        self.read("PSP22::balance_of", owner)
    }
    fn allowance(&mut self, owner: AccountId, spender: AccountId) -> u128 {
        let args = (self.address(owner), self.address(spender));
        self.read("PSP22::allowance", args)
    }
    fn transfer(&mut self, caller: AccountId, to: AccountId, value: u128, data: Vec<u8>) -> Result<(), PSP22Error> {
        let args = (self.address(to), value, data);
        self.send(caller, "PSP22::transfer", args)
    }
    fn transfer_from(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
        data: Vec<u8>,
    ) -> Result<(), PSP22Error> {
        let args = (self.address(from), self.address(to), value, data);
        self.send(caller, "PSP22::transfer_from", args)
    }
    fn approve(&mut self, caller: AccountId, spender: AccountId, value: u128) -> Result<(), PSP22Error> {
        let args = (self.address(spender), value);
        self.send(caller, "PSP22::approve", args)
    }
    fn increase_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        let args = (self.address(spender), delta);
        self.send(caller, "PSP22::increase_allowance", args)
    }
    fn decrease_allowance(&mut self, caller: AccountId, spender: AccountId, delta: u128) -> Result<(), PSP22Error> {
        let args = (self.address(spender), delta);
        self.send(caller, "PSP22::decrease_allowance", args)
    }
    fn last_events(&mut self) -> Vec<Psp22Event> {
        let events = self.last.clone();
        let name = |a: Option<H160>| a.map(|a| self.name(a));
        events
            .iter()
            .filter(|e| e.contract == self.token)
            .filter_map(|e| match e.topics.first() {
                Some(t) if Some(*t) == self.topics.transfer => {
                    let (from, to, value): (Option<H160>, Option<H160>, u128) = Self::decode(e);
                    Some(Psp22Event::Transfer {
                        from: name(from),
                        to: name(to),
                        value,
                    })
                }
                Some(t) if Some(*t) == self.topics.approval => {
                    let (owner, spender, amount): (H160, H160, u128) = Self::decode(e);
                    Some(Psp22Event::Approval {
                        owner: self.name(owner),
                        spender: self.name(spender),
                        amount,
                    })
                }
                _ => None,
            })
            .collect()
    }
}

/// An ownership error as the suite names it, from the contract's own error.
fn ownable_error(error: impl std::fmt::Debug) -> OwnableError {
    match format!("{error:?}").as_str() {
        "NotOwner" => OwnableError::NotOwner,
        "NotPendingOwner" => OwnableError::NotPendingOwner,
        other => panic!("not an ownership error: {other}"),
    }
}

/// The ownership messages every owned COS contract has (`cos_common::ownable`
/// behind each contract's own error), for the ownership suite.
impl<const KIND: u8> SuiteOnRevive<KIND> {
    /// Sends an ownership message; its error as the suite names it.
    fn owned(&mut self, caller: AccountId, label: &str, args: impl Encode) -> Result<(), OwnableError> {
        match KIND {
            kind::CREDIT => self
                .send::<Result<(), CreditError>>(caller, label, args)
                .map_err(ownable_error),
            kind::SUBTOKEN => self
                .send::<Result<(), ::subtoken::SubtokenError>>(caller, label, args)
                .map_err(ownable_error),
            kind::QUOTA => self
                .send::<Result<(), donation_quota::QuotaError>>(caller, label, args)
                .map_err(ownable_error),
            _ => panic!("the reference token has no owner"),
        }
    }
}

/// COS Credit, the sub-token and the quota contract (the reference token
/// has no owner: its ownership calls panic).
impl<const KIND: u8> OwnableHarness for SuiteOnRevive<KIND> {
    fn deploy() -> Self {
        Self::new(1_000)
    }
    fn account(&mut self, index: u8) -> AccountId {
        self.person(index)
    }
    fn owner(&mut self) -> AccountId {
        let owner: H160 = self.read("owner", ());
        self.name(owner)
    }
    fn pending_owner(&mut self) -> Option<AccountId> {
        let pending: Option<H160> = self.read("pending_owner", ());
        pending.map(|a| self.name(a))
    }
    fn transfer_ownership(&mut self, caller: AccountId, new_owner: Option<AccountId>) -> Result<(), OwnableError> {
        let new_owner = new_owner.map(|a| self.address(a));
        self.owned(caller, "transfer_ownership", new_owner)
    }
    fn accept_ownership(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        self.owned(caller, "accept_ownership", ())
    }
    /// A message only the owner may send: COS Credit's `set_minter`, the
    /// sub-token's `set_fee` (between 10 and 11 bps), the quota contract's
    /// `set_operator` (the caller).
    fn owner_only(&mut self, caller: AccountId) -> Result<(), OwnableError> {
        match KIND {
            kind::SUBTOKEN => {
                let fee: u16 = self.read("fee_bps", ());
                self.owned(caller, "set_fee", if fee == 10 { 11u16 } else { 10 })
            }
            kind::QUOTA => {
                let operator = self.address(caller);
                self.owned(caller, "set_operator", operator)
            }
            _ => {
                let minter = self.person(8);
                let minter = self.address(minter);
                let enabled = !self.read::<bool>("is_minter", minter);
                self.owned(caller, "set_minter", (minter, enabled))
            }
        }
    }
    fn ownership_events(&mut self) -> Vec<(AccountId, Option<AccountId>)> {
        let events = self.last.clone();
        events
            .iter()
            .filter(|e| e.contract == self.token)
            .filter_map(|e| match e.topics.first() {
                Some(t) if Some(*t) == self.topics.ownership_started => {
                    let (previous, new): (H160, Option<H160>) = Self::decode(e);
                    Some((self.name(previous), new.map(|a| self.name(a))))
                }
                Some(t) if Some(*t) == self.topics.ownership_transferred => {
                    let (previous, new): (H160, H160) = Self::decode(e);
                    Some((self.name(previous), Some(self.name(new))))
                }
                _ => None,
            })
            .collect()
    }
}
