//! The storage of COS Credit, one definition for both contracts that run on it:
//! the full `credit` contract and the `credit_core` router, which runs the hot
//! PSP22 messages itself and delegates everything else to the full code on the
//! same storage. ink! derives storage keys from struct and field names, so one
//! struct is what keeps the two layouts equal (a test compares the two ABIs'
//! layouts field by field).
//!
//! The hot-path messages live here too, with their pause rule, so the router and
//! the full contract cannot disagree on them.

use crate::{ledger::Ledger, CreditError, CreditEvent};
use cos_common::{
    deadline::{PauseClock, Timestamp},
    pausable::{Pausable, PauseError, Paused, Unpaused},
    AccountId, Ownable,
};
use ink::{
    prelude::vec::Vec,
    storage::{Lazy, Mapping},
};

/// Everything COS Credit stores.
#[ink::storage_item]
#[derive(Debug)]
pub struct CreditState {
    pub ledger: Ledger,
    pub pause: Pausable,
    pub ownership: Ownable,
    pub minters: Mapping<AccountId, ()>,
    /// How long the token has been paused in all: campaign and bounty
    /// deadlines move by it. Its own cell, read only by `paused_time`.
    pub pause_clock: Lazy<PauseClock>,
}

impl CreditState {
    /// A new token: `supply` (`None`: the default initial issuance) held by
    /// `creator`, who owns the token.
    pub fn new(supply: Option<u128>, creator: AccountId, block: u32) -> Result<(Self, Vec<CreditEvent>), CreditError> {
        let (ledger, events) = Ledger::new(supply, creator, block)?;
        let state = Self {
            ledger,
            pause: Pausable::default(),
            ownership: Ownable::new(creator),
            minters: Mapping::default(),
            pause_clock: Lazy::new(),
        };
        Ok((state, events))
    }

    /// Fails with `Paused` while paused.
    pub fn ensure_not_paused(&self) -> Result<(), CreditError> {
        self.pause.ensure_not_paused().map_err(|_| CreditError::Paused)
    }

    /// Pauses at `now`; the caller's role is checked by the contract.
    pub fn pause(&mut self, caller: AccountId, now: Timestamp) -> Result<Paused, CreditError> {
        let event = self.pause.pause(caller).map_err(|_| CreditError::Paused)?;
        let mut clock = self.pause_clock.get().unwrap_or_default();
        clock.pause(now);
        self.pause_clock.set(&clock);
        Ok(event)
    }

    /// Lifts the pause at `now`; the caller's role is checked by the contract.
    pub fn unpause(&mut self, caller: AccountId, now: Timestamp) -> Result<Unpaused, CreditError> {
        let event = self.pause.unpause(caller).map_err(|e| match e {
            PauseError::NotPaused => CreditError::NotPaused,
            PauseError::Paused => CreditError::Paused,
        })?;
        let mut clock = self.pause_clock.get().unwrap_or_default();
        clock.unpause(now);
        self.pause_clock.set(&clock);
        Ok(event)
    }

    /// Milliseconds the token has been paused in all up to `now`, the current
    /// pause included.
    pub fn paused_time(&self, now: Timestamp) -> u64 {
        self.pause_clock.get().unwrap_or_default().read(now)
    }

    /// PSP22 `transfer`; paused: `Paused`.
    pub fn transfer(
        &mut self,
        caller: AccountId,
        to: AccountId,
        value: u128,
        block: u32,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        self.ensure_not_paused()?;
        self.ledger.transfer(caller, to, value, block)
    }

    /// PSP22 `transfer_from`; paused: `Paused`.
    pub fn transfer_from(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
        block: u32,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        self.ensure_not_paused()?;
        self.ledger.transfer_from(caller, from, to, value, block)
    }

    /// PSP22 `approve`. A pause stops movements, not revocations: while paused,
    /// an approval that lowers (or keeps) the allowance still works; one that
    /// raises it fails with `Paused`.
    pub fn approve(
        &mut self,
        caller: AccountId,
        spender: AccountId,
        value: u128,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        if caller != spender && value > self.ledger.allowance(caller, spender) {
            self.ensure_not_paused()?;
        }
        self.ledger.approve(caller, spender, value)
    }
}
