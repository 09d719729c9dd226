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
//! The token logic lives in plain structs ([`ledger::Ledger`], [`votes::Votes`],
//! [`state::CreditState`]) that return events; the contract below checks roles,
//! passes the caller and block in, and emits what comes back. Ownership, the
//! pause guard and the error type are `cos_common`'s.
//!
//! PSP22 semantics: moving or approving zero, moving to oneself and approving
//! oneself are silent no-ops (no event), as the `psp22` trait documents. A pause
//! stops movements (transfers, batches, mints, burns), allowance increases and
//! delegation, not revocations: lowering an allowance works while paused.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod events;
pub mod ledger;
pub mod state;
pub mod votes;

pub use cos_common::CreditError;
pub use ledger::{Account, CreditEvent};
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

#[ink::contract(env = cos_common::Env)]
pub mod credit {
    use crate::{
        events::MinterChanged, state::CreditState, votes::Checkpoint, CreditError, CreditEvent, DECIMALS,
        MAX_BATCH_LEN, MAX_SUPPLY, NAME, SYMBOL,
    };
    use cos_common::psp22_api::{PSP22Burnable, PSP22Error, PSP22Metadata, PSP22};
    use ink::prelude::{string::String, vec::Vec};

    /// The COS Credit token.
    #[ink(storage)]
    pub struct Credit {
        state: CreditState,
    }

    impl Credit {
        /// Deploys the token and issues `initial_supply` base units to the caller;
        /// `None` issues the default, 30 % of the maximum supply. The caller becomes
        /// the owner.
        ///
        /// Fails with `CapExceeded` if `initial_supply` is above the maximum supply.
        #[ink(constructor)]
        pub fn new(initial_supply: Option<Balance>) -> Result<Self, CreditError> {
            let (state, events) = CreditState::new(initial_supply, Self::env().caller(), Self::env().block_number())?;
            let contract = Self { state };
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
            self.state.ensure_not_paused()
        }

        fn ensure_owner(&self) -> Result<(), CreditError> {
            Ok(self.state.ownership.ensure_owner(self.env().caller())?)
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
            self.state.minters.contains(account)
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
                self.state.minters.insert(account, &());
            } else {
                self.state.minters.remove(account);
            }
            self.env().emit_event(MinterChanged { account, enabled });
            Ok(())
        }

        /// Creates `value` base units for `to`. Minters only.
        ///
        /// # Errors
        /// `NotMinter`, `Paused`, `ZeroAmount`, `CapExceeded` past the maximum supply.
        ///
        /// # Events
        /// `Transfer` from `None`; `DelegateVotesChanged` if `to` has a delegate.
        #[ink(message)]
        pub fn mint(&mut self, to: AccountId, value: Balance) -> Result<(), CreditError> {
            if !self.is_minter(self.env().caller()) {
                return Err(CreditError::NotMinter);
            }
            self.ensure_not_paused()?;
            let block = self.block();
            let events = self.state.ledger.mint(to, value, MAX_SUPPLY, block);
            self.emitted(events)
        }

        // ---- freeze (QSC) ----------------------------------------------------

        /// The frozen part of `owner`'s balance: it cannot be transferred or burned.
        #[ink(message)]
        pub fn frozen_balance_of(&self, owner: AccountId) -> Balance {
            self.state.ledger.account(owner).frozen
        }

        /// Freezes `amount` more of `owner`'s tokens. Owner only; works while paused.
        /// Fails with `InsufficientBalance` if `owner` has fewer unfrozen tokens.
        #[ink(message)]
        pub fn freeze(&mut self, owner: AccountId, amount: Balance) -> Result<(), CreditError> {
            self.ensure_owner()?;
            let events = self.state.ledger.freeze(owner, amount);
            self.emitted(events)
        }

        /// Releases `amount` of `owner`'s frozen tokens. Owner only; works while
        /// paused. Fails with `InsufficientFrozenBalance` if less is frozen.
        #[ink(message)]
        pub fn unfreeze(&mut self, owner: AccountId, amount: Balance) -> Result<(), CreditError> {
            self.ensure_owner()?;
            let events = self.state.ledger.unfreeze(owner, amount);
            self.emitted(events)
        }

        // ---- pause -----------------------------------------------------------

        /// Whether token movements are paused.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.state.pause.paused()
        }

        /// Stops every transfer, batch, mint, burn, allowance increase and
        /// delegation until `unpause`. Lowering allowances, freezing and
        /// ownership still work. Owner only. The pause clock runs from now:
        /// campaign and bounty deadlines move by the time paused
        /// ([`paused_time`](Self::paused_time)).
        ///
        /// # Errors
        /// `NotOwner`; `Paused` if already paused.
        ///
        /// # Events
        /// `Paused`.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<(), CreditError> {
            self.ensure_owner()?;
            let event = self
                .state
                .pause(self.env().caller(), cos_common::millis(self.env().block_timestamp()))?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Lifts the pause. Owner only.
        ///
        /// # Errors
        /// `NotOwner`; `NotPaused` if not paused.
        ///
        /// # Events
        /// `Unpaused`.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<(), CreditError> {
            self.ensure_owner()?;
            let event = self
                .state
                .unpause(self.env().caller(), cos_common::millis(self.env().block_timestamp()))?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Milliseconds of block time the token has been paused in all, up to
        /// now, the current pause included. COS campaigns and bounties keep
        /// its reading at creation and move their deadlines by the time paused
        /// since (`cos_common::deadline`).
        #[ink(message)]
        pub fn paused_time(&self) -> u64 {
            self.state.paused_time(cos_common::millis(self.env().block_timestamp()))
        }

        // ---- batch -----------------------------------------------------------

        /// Pays every `(recipient, value)` in `payments` from the caller, all or
        /// nothing, at most `MAX_BATCH_LEN` (100) entries. Entries of zero or to
        /// the caller are skipped, as single transfers of them are no-ops.
        ///
        /// # Errors
        /// `Paused`, `EmptyBatch`, `BatchTooLarge`, `InsufficientBalance`,
        /// `InsufficientUnfrozenBalance`, `Overflow`.
        ///
        /// # Events
        /// One `Transfer` per paid entry; `DelegateVotesChanged` where votes move.
        #[ink(message)]
        pub fn batch_transfer(&mut self, payments: Vec<(AccountId, Balance)>) -> Result<(), CreditError> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let max_len = usize::try_from(MAX_BATCH_LEN).unwrap_or(usize::MAX);
            let events = self.state.ledger.batch_transfer(caller, &payments, max_len, block);
            self.emitted(events)
        }

        // ---- votes -----------------------------------------------------------

        /// Makes `delegatee` the voter for all of the caller's tokens (`None`:
        /// nobody). Tokens carry votes only once delegated, to oneself or another.
        #[ink(message)]
        pub fn delegate(&mut self, delegatee: Option<AccountId>) -> Result<(), CreditError> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.state.ledger.delegate(caller, delegatee, block);
            self.emitted(events)
        }

        /// Who votes with `account`'s tokens.
        #[ink(message)]
        pub fn delegates(&self, account: AccountId) -> Option<AccountId> {
            self.state.ledger.account(account).delegate
        }

        /// Current votes of `account`: the balances delegated to it.
        #[ink(message)]
        pub fn get_votes(&self, account: AccountId) -> Balance {
            self.state.ledger.votes().votes(account)
        }

        /// Votes of `account` at the end of `block`. Fails with `FutureLookup`
        /// unless `block` is already past (lower than the current block).
        #[ink(message)]
        pub fn get_past_votes(&self, account: AccountId, block: BlockNumber) -> Result<Balance, CreditError> {
            if block >= self.block() {
                return Err(CreditError::FutureLookup);
            }
            Ok(self.state.ledger.votes().past_votes(account, block))
        }

        /// Total supply at the end of `block`; fails with `FutureLookup` unless
        /// `block` is past.
        #[ink(message)]
        pub fn get_past_total_supply(&self, block: BlockNumber) -> Result<Balance, CreditError> {
            if block >= self.block() {
                return Err(CreditError::FutureLookup);
            }
            Ok(self.state.ledger.votes().past_total_supply(block))
        }

        /// Number of vote checkpoints of `account`.
        #[ink(message)]
        pub fn num_checkpoints(&self, account: AccountId) -> u32 {
            self.state.ledger.votes().num_checkpoints(account)
        }

        /// The `index`-th vote checkpoint of `account`, oldest first.
        #[ink(message)]
        pub fn checkpoints(&self, account: AccountId, index: u32) -> Option<Checkpoint> {
            self.state.ledger.votes().checkpoint(account, index)
        }

        // ---- ownership -------------------------------------------------------

        /// The owner: pauses, freezes and appoints minters.
        #[ink(message)]
        pub fn owner(&self) -> AccountId {
            self.state.ownership.owner()
        }

        /// The account offered ownership, until it accepts.
        #[ink(message)]
        pub fn pending_owner(&self) -> Option<AccountId> {
            self.state.ownership.pending_owner()
        }

        /// Offers ownership to `new_owner` (`None` withdraws the offer). Owner only.
        /// Nothing changes until `new_owner` calls `accept_ownership`.
        #[ink(message)]
        pub fn transfer_ownership(&mut self, new_owner: Option<AccountId>) -> Result<(), CreditError> {
            let event = self.state.ownership.transfer(self.env().caller(), new_owner)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Accepts the ownership offered to the caller. Fails with `NotPendingOwner`
        /// for anyone else.
        #[ink(message)]
        pub fn accept_ownership(&mut self) -> Result<(), CreditError> {
            let event = self.state.ownership.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }
    }

    impl PSP22 for Credit {
        /// Total supply in base units.
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.state.ledger.total_supply()
        }

        /// Balance of `owner`, frozen tokens included.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.state.ledger.balance_of(owner)
        }

        /// What `spender` may still move of `owner`'s tokens.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.state.ledger.allowance(owner, spender)
        }

        /// Moves `value` of the caller's unfrozen tokens to `to`. Zero or
        /// `to == caller` is a no-op with no event.
        ///
        /// # Errors
        /// `InsufficientBalance`; `Custom("InsufficientUnfrozenBalance")` when
        /// frozen tokens would move; `Custom("Paused")`.
        ///
        /// # Events
        /// `Transfer`; `DelegateVotesChanged` where votes move.
        #[ink(message)]
        fn transfer(&mut self, to: AccountId, value: Balance, _data: Vec<u8>) -> Result<(), PSP22Error> {
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.state.transfer(caller, to, value, block);
            Ok(self.emitted(events)?)
        }

        /// Moves `value` of `from`'s tokens to `to` using the caller's allowance,
        /// which drops by `value` (the owner itself needs none). Zero or
        /// `from == to` is a no-op with no event.
        ///
        /// # Errors
        /// `InsufficientAllowance`, `InsufficientBalance`,
        /// `Custom("InsufficientUnfrozenBalance")`, `Custom("Paused")`.
        ///
        /// # Events
        /// `Approval` (the remaining allowance), then `Transfer`.
        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.state.transfer_from(caller, from, to, value, block);
            Ok(self.emitted(events)?)
        }

        /// Lets `spender` move up to `value` of the caller's tokens. Approving
        /// oneself is a no-op with no event.
        ///
        /// # Errors
        /// `Custom("Paused")` if it would raise the allowance while paused
        /// (lowering it always works).
        ///
        /// # Events
        /// `Approval`.
        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: Balance) -> Result<(), PSP22Error> {
            let caller = self.env().caller();
            let events = self.state.approve(caller, spender, value);
            Ok(self.emitted(events)?)
        }

        /// Raises `spender`'s allowance by `delta_value`; zero or oneself is a
        /// no-op with no event.
        ///
        /// # Errors
        /// `Custom("Paused")`, `Custom("Overflow")`.
        ///
        /// # Events
        /// `Approval` with the new allowance.
        #[ink(message)]
        fn increase_allowance(&mut self, spender: AccountId, delta_value: Balance) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let caller = self.env().caller();
            let events = self.state.ledger.increase_allowance(caller, spender, delta_value);
            Ok(self.emitted(events)?)
        }

        /// Lowers `spender`'s allowance by `delta_value`; works while paused (a
        /// revocation). Zero or oneself is a no-op with no event.
        ///
        /// # Errors
        /// `InsufficientAllowance` below zero.
        ///
        /// # Events
        /// `Approval` with the new allowance.
        #[ink(message)]
        fn decrease_allowance(&mut self, spender: AccountId, delta_value: Balance) -> Result<(), PSP22Error> {
            let caller = self.env().caller();
            let events = self.state.ledger.decrease_allowance(caller, spender, delta_value);
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
        /// Destroys `value` of the caller's unfrozen tokens; zero is a no-op.
        ///
        /// # Errors
        /// `InsufficientBalance`, `Custom("InsufficientUnfrozenBalance")`, `Custom("Paused")`.
        ///
        /// # Events
        /// `Transfer` to `None`; `DelegateVotesChanged` if the caller has a delegate.
        #[ink(message)]
        fn burn(&mut self, value: Balance) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            let (caller, block) = (self.env().caller(), self.block());
            let events = self.state.ledger.burn(caller, value, block);
            Ok(self.emitted(events)?)
        }
    }
}

#[cfg(test)]
mod tests;
