//! # COS Credit
//!
//! The credit token of the Community Operating System (SPEC.md, C1): a PSP22 token
//! with the standard selectors and events, plus
//!
//! - the QSC extensions: [`freeze`](credit::Credit::freeze) /
//!   [`unfreeze`](credit::Credit::unfreeze) (frozen tokens cannot move) and an
//!   emergency [`pause`](credit::Credit::pause);
//! - capped minting by minters the owner appoints, and burning by holders;
//! - all-or-nothing batch transfers of at most [`MAX_BATCH_LEN`] payments;
//! - vote checkpoints by block for governance (delegate, current votes, votes and
//!   total supply at a past block), as in OpenZeppelin's ERC20Votes;
//! - two-step ownership transfer.
//!
//! The token logic lives in plain structs ([`data::Ledger`], [`votes::Votes`]) that
//! return events; the contract below checks roles and pause state, passes the
//! caller and block in, and emits what comes back.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod data;
pub mod errors;
pub mod events;
pub mod ownable;
pub mod votes;

pub use data::{Account, CreditEvent};
pub use errors::CreditError;
pub use ownable::{Ownable, OwnableError};
pub use votes::Checkpoint;

/// Base units per COS (8 decimals).
pub const UNIT: u128 = 100_000_000;
/// Maximum supply: 102.4 billion COS.
pub const MAX_SUPPLY: u128 = 102_400_000_000 * UNIT;
/// Default initial issuance: 30 % of the maximum supply.
pub const DEFAULT_INITIAL_SUPPLY: u128 = MAX_SUPPLY / 10 * 3;
/// Most payments one `batch_transfer` may carry.
pub const MAX_BATCH_LEN: u32 = 100;
/// Token name.
pub const NAME: &str = "COS Credit";
/// Token symbol.
pub const SYMBOL: &str = "COS";
/// Token decimals.
pub const DECIMALS: u8 = 8;

#[ink::contract]
pub mod credit {
    use crate::{
        data::{CreditEvent, Ledger},
        errors::CreditError,
        events::{MinterChanged, Paused, Unpaused},
        ownable::Ownable,
        votes::Checkpoint,
        DECIMALS, MAX_BATCH_LEN, MAX_SUPPLY, NAME, SYMBOL,
    };
    use ink::{
        prelude::{string::String, vec::Vec},
        storage::Mapping,
    };
    use psp22::{PSP22Burnable, PSP22Error, PSP22Metadata, PSP22};

    /// The COS Credit token.
    #[ink(storage)]
    pub struct Credit {
        ledger: Ledger,
        paused: bool,
        ownership: Ownable,
        minters: Mapping<AccountId, ()>,
    }

    impl Credit {
        /// Deploys the token and issues `initial_supply` base units to the caller;
        /// `None` issues the default, 30 % of the maximum supply. The caller becomes
        /// the owner.
        ///
        /// Fails with `CapExceeded` if `initial_supply` is above the maximum supply.
        #[ink(constructor)]
        pub fn new(initial_supply: Option<Balance>) -> Result<Self, CreditError> {
            let caller = Self::env().caller();
            let (ledger, events) = Ledger::new(initial_supply, caller, Self::env().block_number())?;
            let contract = Self {
                ledger,
                paused: false,
                ownership: Ownable::new(caller),
                minters: Mapping::default(),
            };
            contract.emit_events(events);
            Ok(contract)
        }

        fn emit_events(&self, events: Vec<CreditEvent>) {
            for event in events {
                match event {
                    CreditEvent::Transfer(e) => self.env().emit_event(e),
                    CreditEvent::Approval(e) => self.env().emit_event(e),
                    CreditEvent::Frozen(e) => self.env().emit_event(e),
                    CreditEvent::Unfrozen(e) => self.env().emit_event(e),
                    CreditEvent::DelegateChanged(e) => self.env().emit_event(e),
                    CreditEvent::DelegateVotesChanged(e) => self.env().emit_event(e),
                }
            }
        }

        fn emitted(&self, events: Result<Vec<CreditEvent>, CreditError>) -> Result<(), CreditError> {
            self.emit_events(events?);
            Ok(())
        }

        fn ensure_not_paused(&self) -> Result<(), CreditError> {
            if self.paused {
                Err(CreditError::Paused)
            } else {
                Ok(())
            }
        }

        fn ensure_owner(&self) -> Result<(), CreditError> {
            Ok(self.ownership.ensure_owner(self.env().caller())?)
        }

        fn block(&self) -> u32 {
            self.env().block_number()
        }

        // ---- supply ----------------------------------------------------------

        /// The maximum supply in base units (102.4e9 COS); minting never passes it.
        #[ink(message)]
        pub fn max_supply(&self) -> Balance {
            MAX_SUPPLY
        }

        /// Whether `account` may mint.
        #[ink(message)]
        pub fn is_minter(&self, account: AccountId) -> bool {
            self.minters.contains(account)
        }

        /// Grants (`enabled`) or revokes the minter role of `account`. Owner only.
        /// Emits `MinterChanged` when the role changes; setting it to what it already
        /// is changes nothing.
        #[ink(message)]
        pub fn set_minter(&mut self, account: AccountId, enabled: bool) -> Result<(), CreditError> {
            self.ensure_owner()?;
            if self.is_minter(account) == enabled {
                return Ok(());
            }
            if enabled {
                self.minters.insert(account, &());
            } else {
                self.minters.remove(account);
            }
            self.env().emit_event(MinterChanged { account, enabled });
            Ok(())
        }

        /// Creates `value` base units for `to`. Minters only; fails with
        /// `CapExceeded` past the maximum supply and with `Paused` while paused.
        #[ink(message)]
        pub fn mint(&mut self, to: AccountId, value: Balance) -> Result<(), CreditError> {
            if !self.is_minter(self.env().caller()) {
                return Err(CreditError::NotMinter);
            }
            self.ensure_not_paused()?;
            let block = self.block();
            let events = self.ledger.mint(to, value, MAX_SUPPLY, block);
            self.emitted(events)
        }

        // ---- freeze (QSC) ----------------------------------------------------

        /// The frozen part of `owner`'s balance: it cannot be transferred or burned.
        #[ink(message)]
        pub fn frozen_balance_of(&self, owner: AccountId) -> Balance {
            self.ledger.account(owner).frozen
        }

        /// Freezes `amount` more of `owner`'s tokens. Owner only; works while paused.
        /// Fails with `InsufficientBalance` if `owner` has fewer unfrozen tokens.
        #[ink(message)]
        pub fn freeze(&mut self, owner: AccountId, amount: Balance) -> Result<(), CreditError> {
            self.ensure_owner()?;
            let events = self.ledger.freeze(owner, amount);
            self.emitted(events)
        }

        /// Releases `amount` of `owner`'s frozen tokens. Owner only; works while
        /// paused. Fails with `InsufficientFrozenBalance` if less is frozen.
        #[ink(message)]
        pub fn unfreeze(&mut self, owner: AccountId, amount: Balance) -> Result<(), CreditError> {
            self.ensure_owner()?;
            let events = self.ledger.unfreeze(owner, amount);
            self.emitted(events)
        }

        // ---- pause -----------------------------------------------------------

        /// Whether token movements are paused.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.paused
        }

        /// Stops every transfer, batch, mint, burn, approval and delegation until
        /// `unpause`. Owner only; fails with `Paused` if already paused.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<(), CreditError> {
            self.ensure_owner()?;
            self.ensure_not_paused()?;
            self.paused = true;
            self.env().emit_event(Paused {
                account: self.env().caller(),
            });
            Ok(())
        }

        /// Lifts the pause. Owner only; fails with `NotPaused` if not paused.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<(), CreditError> {
            self.ensure_owner()?;
            if !self.paused {
                return Err(CreditError::NotPaused);
            }
            self.paused = false;
            self.env().emit_event(Unpaused {
                account: self.env().caller(),
            });
            Ok(())
        }

        // ---- batch -----------------------------------------------------------

        /// Pays every `(recipient, value)` in `payments` from the caller, all or
        /// nothing: one `Transfer` event each. At most `MAX_BATCH_LEN` (100) entries;
        /// fails with `EmptyBatch`, `BatchTooLarge`, `ZeroAmount`, `SelfTransfer`,
        /// `InsufficientBalance` or `InsufficientUnfrozenBalance`.
        #[ink(message)]
        pub fn batch_transfer(&mut self, payments: Vec<(AccountId, Balance)>) -> Result<(), CreditError> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let max_len = usize::try_from(MAX_BATCH_LEN).unwrap_or(usize::MAX);
            let events = self.ledger.batch_transfer(caller, &payments, max_len, block);
            self.emitted(events)
        }

        // ---- votes -----------------------------------------------------------

        /// Makes `delegatee` the voter for all of the caller's tokens (`None`:
        /// nobody). Tokens carry votes only once delegated, to oneself or another.
        #[ink(message)]
        pub fn delegate(&mut self, delegatee: Option<AccountId>) -> Result<(), CreditError> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.ledger.delegate(caller, delegatee, block);
            self.emitted(events)
        }

        /// Who votes with `account`'s tokens.
        #[ink(message)]
        pub fn delegates(&self, account: AccountId) -> Option<AccountId> {
            self.ledger.account(account).delegate
        }

        /// Current votes of `account`: the balances delegated to it.
        #[ink(message)]
        pub fn get_votes(&self, account: AccountId) -> Balance {
            self.ledger.votes().votes(account)
        }

        /// Votes of `account` at the end of `block`. Fails with `FutureLookup`
        /// unless `block` is already past (lower than the current block).
        #[ink(message)]
        pub fn get_past_votes(&self, account: AccountId, block: BlockNumber) -> Result<Balance, CreditError> {
            if block >= self.block() {
                return Err(CreditError::FutureLookup);
            }
            Ok(self.ledger.votes().past_votes(account, block))
        }

        /// Total supply at the end of `block`; fails with `FutureLookup` unless
        /// `block` is past.
        #[ink(message)]
        pub fn get_past_total_supply(&self, block: BlockNumber) -> Result<Balance, CreditError> {
            if block >= self.block() {
                return Err(CreditError::FutureLookup);
            }
            Ok(self.ledger.votes().past_total_supply(block))
        }

        /// Number of vote checkpoints of `account`.
        #[ink(message)]
        pub fn num_checkpoints(&self, account: AccountId) -> u32 {
            self.ledger.votes().num_checkpoints(account)
        }

        /// The `index`-th vote checkpoint of `account`, oldest first.
        #[ink(message)]
        pub fn checkpoints(&self, account: AccountId, index: u32) -> Option<Checkpoint> {
            self.ledger.votes().checkpoint(account, index)
        }

        // ---- ownership -------------------------------------------------------

        /// The owner: pauses, freezes and appoints minters.
        #[ink(message)]
        pub fn owner(&self) -> AccountId {
            self.ownership.owner()
        }

        /// The account offered ownership, until it accepts.
        #[ink(message)]
        pub fn pending_owner(&self) -> Option<AccountId> {
            self.ownership.pending_owner()
        }

        /// Offers ownership to `new_owner` (`None` withdraws the offer). Owner only.
        /// Nothing changes until `new_owner` calls `accept_ownership`.
        #[ink(message)]
        pub fn transfer_ownership(&mut self, new_owner: Option<AccountId>) -> Result<(), CreditError> {
            let event = self.ownership.transfer(self.env().caller(), new_owner)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Accepts the ownership offered to the caller. Fails with `NotPendingOwner`
        /// for anyone else.
        #[ink(message)]
        pub fn accept_ownership(&mut self) -> Result<(), CreditError> {
            let event = self.ownership.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }
    }

    impl PSP22 for Credit {
        /// Total supply in base units.
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.ledger.total_supply()
        }

        /// Balance of `owner`, frozen tokens included.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.ledger.balance_of(owner)
        }

        /// What `spender` may still move of `owner`'s tokens.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.ledger.allowance(owner, spender)
        }

        /// Moves `value` of the caller's unfrozen tokens to `to`; emits `Transfer`.
        /// Unlike PSP22's no-op, a zero amount or `to == caller` is an error
        /// (`Custom("ZeroAmount")`, `Custom("SelfTransfer")`), as are a pause
        /// (`Custom("Paused")`) and frozen tokens (`Custom("InsufficientUnfrozenBalance")`).
        #[ink(message)]
        fn transfer(&mut self, to: AccountId, value: Balance, _data: Vec<u8>) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.ledger.transfer(caller, to, value, block);
            Ok(self.emitted(events)?)
        }

        /// Moves `value` of `from`'s tokens to `to` using the caller's allowance,
        /// which drops by `value`; emits `Approval` then `Transfer`.
        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.ledger.transfer_from(caller, from, to, value, block);
            Ok(self.emitted(events)?)
        }

        /// Lets `spender` move up to `value` of the caller's tokens; emits `Approval`.
        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: Balance) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let caller = self.env().caller();
            let events = self.ledger.approve(caller, spender, value);
            Ok(self.emitted(events)?)
        }

        /// Raises `spender`'s allowance by `delta_value`; emits `Approval`.
        #[ink(message)]
        fn increase_allowance(&mut self, spender: AccountId, delta_value: Balance) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let caller = self.env().caller();
            let events = self.ledger.increase_allowance(caller, spender, delta_value);
            Ok(self.emitted(events)?)
        }

        /// Lowers `spender`'s allowance by `delta_value`; emits `Approval`.
        #[ink(message)]
        fn decrease_allowance(&mut self, spender: AccountId, delta_value: Balance) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let caller = self.env().caller();
            let events = self.ledger.decrease_allowance(caller, spender, delta_value);
            Ok(self.emitted(events)?)
        }
    }

    impl PSP22Metadata for Credit {
        /// "COS Credit".
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            Some(String::from(NAME))
        }

        /// "COS".
        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            Some(String::from(SYMBOL))
        }

        /// 8.
        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            DECIMALS
        }
    }

    impl PSP22Burnable for Credit {
        /// Destroys `value` of the caller's unfrozen tokens; emits `Transfer` to `None`.
        #[ink(message)]
        fn burn(&mut self, value: Balance) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.ledger.burn(caller, value, block);
            Ok(self.emitted(events)?)
        }
    }
}

#[cfg(test)]
mod tests;
