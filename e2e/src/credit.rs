//! Typed calls to a deployed COS Credit contract.

use crate::{to_ink, Bundle, Chain, Instance, Outcome};
use anyhow::Result;
use credit::{Checkpoint, CreditError};
use drink::AccountId32;
use ink::primitives::AccountId;
use psp22::PSP22Error;

/// A COS Credit instance on a [`Chain`].
#[derive(Clone)]
pub struct Credit(pub Instance);

pub type Psp22Result = Result<(), PSP22Error>;
pub type CreditResult<T = ()> = Result<T, CreditError>;

impl Credit {
    /// Deploys COS Credit from `owner` as in production: uploads the full
    /// `credit` code and instantiates the `credit_core` router on it, issuing
    /// `initial_supply` (`None`: 30 % of the cap). Calls use the full ABI.
    pub fn deploy(chain: &mut Chain, owner: &AccountId32, initial_supply: Option<u128>) -> Result<Self> {
        let full = Bundle::load("credit")?;
        let core = Bundle::load("credit_core")?;
        let code_hash = chain.upload(&full, owner)?;
        let (mut instance, _) = chain.deploy(&core, "new", (initial_supply, code_hash), owner, vec![])?;
        instance.bundle = full;
        Ok(Self(instance))
    }

    /// Deploys the full `credit` contract alone, without the router: simpler,
    /// dearer per transfer.
    pub fn deploy_standalone(chain: &mut Chain, owner: &AccountId32, initial_supply: Option<u128>) -> Result<Self> {
        let bundle = Bundle::load("credit")?;
        let (instance, _) = chain.deploy(&bundle, "new", initial_supply, owner, vec![])?;
        Ok(Self(instance))
    }

    pub fn id(&self) -> AccountId {
        self.0.id()
    }

    // ---- queries ----
    pub fn total_supply(&self, chain: &mut Chain) -> Result<u128> {
        chain.query(&self.0, "PSP22::total_supply", ())
    }
    pub fn balance_of(&self, chain: &mut Chain, who: &AccountId32) -> Result<u128> {
        chain.query(&self.0, "PSP22::balance_of", to_ink(who))
    }
    pub fn allowance(&self, chain: &mut Chain, owner: &AccountId32, spender: &AccountId32) -> Result<u128> {
        chain.query(&self.0, "PSP22::allowance", (to_ink(owner), to_ink(spender)))
    }
    pub fn frozen_balance_of(&self, chain: &mut Chain, who: &AccountId32) -> Result<u128> {
        chain.query(&self.0, "frozen_balance_of", to_ink(who))
    }
    pub fn paused(&self, chain: &mut Chain) -> Result<bool> {
        chain.query(&self.0, "paused", ())
    }
    pub fn get_votes(&self, chain: &mut Chain, who: &AccountId32) -> Result<u128> {
        chain.query(&self.0, "get_votes", to_ink(who))
    }
    pub fn get_past_votes(&self, chain: &mut Chain, who: &AccountId32, block: u32) -> Result<CreditResult<u128>> {
        chain.query(&self.0, "get_past_votes", (to_ink(who), block))
    }
    pub fn get_past_total_supply(&self, chain: &mut Chain, block: u32) -> Result<CreditResult<u128>> {
        chain.query(&self.0, "get_past_total_supply", block)
    }
    pub fn num_checkpoints(&self, chain: &mut Chain, who: &AccountId32) -> Result<u32> {
        chain.query(&self.0, "num_checkpoints", to_ink(who))
    }
    pub fn checkpoints(&self, chain: &mut Chain, who: &AccountId32, index: u32) -> Result<Option<Checkpoint>> {
        chain.query(&self.0, "checkpoints", (to_ink(who), index))
    }

    // ---- transactions ----
    pub fn transfer(&self, chain: &mut Chain, from: &AccountId32, to: &AccountId32, value: u128) -> Result<Outcome<Psp22Result>> {
        chain.call(&self.0, from, "PSP22::transfer", (to_ink(to), value, Vec::<u8>::new()))
    }
    pub fn transfer_from(&self, chain: &mut Chain, spender: &AccountId32, from: &AccountId32, to: &AccountId32, value: u128) -> Result<Outcome<Psp22Result>> {
        chain.call(&self.0, spender, "PSP22::transfer_from", (to_ink(from), to_ink(to), value, Vec::<u8>::new()))
    }
    pub fn approve(&self, chain: &mut Chain, owner: &AccountId32, spender: &AccountId32, value: u128) -> Result<Outcome<Psp22Result>> {
        chain.call(&self.0, owner, "PSP22::approve", (to_ink(spender), value))
    }
    pub fn burn(&self, chain: &mut Chain, owner: &AccountId32, value: u128) -> Result<Outcome<Psp22Result>> {
        chain.call(&self.0, owner, "PSP22Burnable::burn", value)
    }
    pub fn batch_transfer(&self, chain: &mut Chain, from: &AccountId32, payments: &[(AccountId32, u128)]) -> Result<Outcome<CreditResult>> {
        let payments: Vec<(AccountId, u128)> = payments.iter().map(|(to, v)| (to_ink(to), *v)).collect();
        chain.call(&self.0, from, "batch_transfer", payments)
    }
    pub fn set_minter(&self, chain: &mut Chain, owner: &AccountId32, minter: &AccountId32, enabled: bool) -> Result<Outcome<CreditResult>> {
        chain.call(&self.0, owner, "set_minter", (to_ink(minter), enabled))
    }
    pub fn mint(&self, chain: &mut Chain, minter: &AccountId32, to: &AccountId32, value: u128) -> Result<Outcome<CreditResult>> {
        chain.call(&self.0, minter, "mint", (to_ink(to), value))
    }
    pub fn freeze(&self, chain: &mut Chain, owner: &AccountId32, who: &AccountId32, value: u128) -> Result<Outcome<CreditResult>> {
        chain.call(&self.0, owner, "freeze", (to_ink(who), value))
    }
    pub fn unfreeze(&self, chain: &mut Chain, owner: &AccountId32, who: &AccountId32, value: u128) -> Result<Outcome<CreditResult>> {
        chain.call(&self.0, owner, "unfreeze", (to_ink(who), value))
    }
    pub fn pause(&self, chain: &mut Chain, owner: &AccountId32) -> Result<Outcome<CreditResult>> {
        chain.call(&self.0, owner, "pause", ())
    }
    pub fn unpause(&self, chain: &mut Chain, owner: &AccountId32) -> Result<Outcome<CreditResult>> {
        chain.call(&self.0, owner, "unpause", ())
    }
    pub fn delegate(&self, chain: &mut Chain, who: &AccountId32, to: Option<&AccountId32>) -> Result<Outcome<CreditResult>> {
        chain.call(&self.0, who, "delegate", to.map(to_ink))
    }
}

/// Formats base units as COS with 8 decimals, trimming trailing zeros.
pub fn cos(amount: u128) -> String {
    let whole = amount / credit::UNIT;
    let frac = amount % credit::UNIT;
    if frac == 0 {
        format!("{whole} COS")
    } else {
        let frac = format!("{frac:08}");
        format!("{whole}.{} COS", frac.trim_end_matches('0'))
    }
}
