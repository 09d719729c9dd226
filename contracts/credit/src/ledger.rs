//! The token's ledger as a plain struct, in the manner of Cardinal's `PSP22Data`:
//! every operation checks everything first, then writes, and returns the events it
//! caused for the contract to emit. No environment access happens here: the caller
//! passes the acting account and the current block.
//!
//! As the `psp22` trait documents and ERC-20 requires, moving or approving zero,
//! moving to oneself and approving oneself succeed as no-ops with no event: other
//! contracts call `transfer(to, 0)` and must not fail.
//!
//! Why not `psp22::PSP22Data` itself: COS Credit must check frozen amounts and move
//! delegated votes on every transfer. Keeping balance, frozen amount and delegate in
//! one [`Account`] record makes a transfer two reads and two writes, exactly as in
//! `PSP22Data`, where separate mappings would add up to three more reads.

use crate::{
    events::{DelegateChanged, DelegateVotesChanged, Frozen, Unfrozen},
    votes::{Delta, Votes},
    CreditError,
};
use cos_common::psp22_api::{Approval, Transfer};
use cos_common::{
    freezable::{self, SpendRefusal},
    AccountId,
};
use ink::{
    prelude::{vec, vec::Vec},
    storage::Mapping,
};

/// Everything the ledger keeps about one account.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Account {
    /// Tokens held, frozen ones included.
    pub balance: u128,
    /// Part of `balance` that cannot move. Always `<= balance`.
    pub frozen: u128,
    /// Who votes with this balance; `None`: nobody (the balance carries no votes).
    pub delegate: Option<AccountId>,
}

impl Account {
    /// The part of the balance that may move.
    pub fn unfrozen(&self) -> u128 {
        self.balance.saturating_sub(self.frozen)
    }

    /// Checks that `amount` may leave this account.
    fn check_spend(&self, amount: u128) -> Result<(), CreditError> {
        freezable::check_spend(self.balance, self.frozen, amount).map_err(|refusal| match refusal {
            SpendRefusal::InsufficientBalance => CreditError::InsufficientBalance,
            SpendRefusal::InsufficientUnfrozenBalance => CreditError::InsufficientUnfrozenBalance,
        })
    }
}

/// An event caused by a ledger operation.
pub enum CreditEvent {
    Transfer(Transfer),
    Approval(Approval),
    Frozen(Frozen),
    Unfrozen(Unfrozen),
    DelegateChanged(DelegateChanged),
    DelegateVotesChanged(DelegateVotesChanged),
}

fn transfer_event(from: Option<AccountId>, to: Option<AccountId>, value: u128) -> CreditEvent {
    CreditEvent::Transfer(Transfer { from, to, value })
}

fn approval_event(owner: AccountId, spender: AccountId, amount: u128) -> CreditEvent {
    CreditEvent::Approval(Approval { owner, spender, amount })
}

/// Balances, frozen amounts, allowances, total supply and vote checkpoints.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Ledger {
    total_supply: u128,
    accounts: Mapping<AccountId, Account>,
    allowances: Mapping<(AccountId, AccountId), u128>,
    votes: Votes,
}

impl Ledger {
    pub fn total_supply(&self) -> u128 {
        self.total_supply
    }

    pub fn account(&self, owner: AccountId) -> Account {
        self.accounts.get(owner).unwrap_or_default()
    }

    pub fn balance_of(&self, owner: AccountId) -> u128 {
        self.account(owner).balance
    }

    pub fn allowance(&self, owner: AccountId, spender: AccountId) -> u128 {
        self.allowances.get((owner, spender)).unwrap_or_default()
    }

    pub fn votes(&self) -> &Votes {
        &self.votes
    }

    /// Writes `account`, or removes it once it holds nothing, to free its deposit.
    fn store(&mut self, owner: AccountId, account: &Account) {
        if *account == Account::default() {
            self.accounts.remove(owner);
        } else {
            self.accounts.insert(owner, account);
        }
    }

    fn store_allowance(&mut self, owner: AccountId, spender: AccountId, amount: u128) {
        if amount == 0 {
            self.allowances.remove((owner, spender));
        } else {
            self.allowances.insert((owner, spender), &amount);
        }
    }

    /// Moves `amount` votes from delegate `from` to delegate `to`.
    fn move_votes(
        &mut self,
        from: Option<AccountId>,
        to: Option<AccountId>,
        amount: u128,
        block: u32,
        events: &mut Vec<CreditEvent>,
    ) {
        if from == to || amount == 0 {
            return;
        }
        for (delegate, delta) in [(from, Delta::Sub(amount)), (to, Delta::Add(amount))] {
            if let Some(delegate) = delegate {
                let (previous_votes, new_votes) = self.votes.update(delegate, block, delta);
                events.push(CreditEvent::DelegateVotesChanged(DelegateVotesChanged {
                    delegate,
                    previous_votes,
                    new_votes,
                }));
            }
        }
    }

    /// A ledger whose `supply` tokens (`None`: the default initial issuance) are
    /// held by `creator`. Fails with `CapExceeded` above the maximum supply.
    pub fn new(supply: Option<u128>, creator: AccountId, block: u32) -> Result<(Self, Vec<CreditEvent>), CreditError> {
        let supply = supply.unwrap_or(crate::DEFAULT_INITIAL_SUPPLY);
        let mut ledger = Self::default();
        let events = if supply == 0 {
            Vec::new()
        } else {
            ledger.mint(creator, supply, crate::MAX_SUPPLY, block)?
        };
        Ok((ledger, events))
    }

    /// Moves `value` of `from`'s unfrozen tokens to `to`.
    pub fn transfer(
        &mut self,
        from: AccountId,
        to: AccountId,
        value: u128,
        block: u32,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        if value == 0 || from == to {
            return Ok(Vec::new());
        }
        let mut source = self.account(from);
        source.check_spend(value)?;
        let mut target = self.account(to);
        target.balance = target.balance.checked_add(value).ok_or(CreditError::Overflow)?;
        source.balance = source.balance.saturating_sub(value);
        self.store(from, &source);
        self.store(to, &target);
        let mut events = vec![transfer_event(Some(from), Some(to), value)];
        self.move_votes(source.delegate, target.delegate, value, block, &mut events);
        Ok(events)
    }

    /// Moves `value` of `from`'s tokens to `to` on behalf of `spender`, using and
    /// lowering the allowance `from` granted `spender`.
    pub fn transfer_from(
        &mut self,
        spender: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
        block: u32,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        if value == 0 || from == to {
            return Ok(Vec::new());
        }
        if spender == from {
            return self.transfer(from, to, value, block);
        }
        let allowance = self.allowance(from, spender);
        if allowance < value {
            return Err(CreditError::InsufficientAllowance);
        }
        let mut events = self.transfer(from, to, value, block)?;
        let remaining = allowance.saturating_sub(value);
        self.store_allowance(from, spender, remaining);
        events.insert(0, approval_event(from, spender, remaining));
        Ok(events)
    }

    /// Pays every `(recipient, value)` pair from `from`: all of them or none.
    /// Entries of zero or to `from` itself are no-ops, as single transfers are.
    pub fn batch_transfer(
        &mut self,
        from: AccountId,
        payments: &[(AccountId, u128)],
        max_len: usize,
        block: u32,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        if payments.is_empty() {
            return Err(CreditError::EmptyBatch);
        }
        if payments.len() > max_len {
            return Err(CreditError::BatchTooLarge);
        }
        let moves = |&&(to, value): &&(AccountId, u128)| value != 0 && to != from;
        let mut total: u128 = 0;
        for &(_, value) in payments.iter().filter(moves) {
            total = total.checked_add(value).ok_or(CreditError::Overflow)?;
        }
        if total == 0 {
            return Ok(Vec::new());
        }
        let mut source = self.account(from);
        source.check_spend(total)?;
        source.balance = source.balance.saturating_sub(total);
        self.store(from, &source);
        // No credit below can overflow: each recipient gains at most `total`,
        // which left `from`, and the supply is capped far below u128::MAX.
        let mut events = Vec::with_capacity(payments.len());
        for &(to, value) in payments.iter().filter(moves) {
            let mut target = self.account(to);
            target.balance = target.balance.saturating_add(value);
            self.store(to, &target);
            events.push(transfer_event(Some(from), Some(to), value));
            self.move_votes(source.delegate, target.delegate, value, block, &mut events);
        }
        Ok(events)
    }

    /// Sets the allowance `owner` grants `spender` to `value`.
    pub fn approve(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        value: u128,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        if owner == spender {
            return Ok(Vec::new());
        }
        self.store_allowance(owner, spender, value);
        Ok(vec![approval_event(owner, spender, value)])
    }

    /// Raises the allowance `owner` grants `spender` by `delta`.
    pub fn increase_allowance(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        delta: u128,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        self.adjust_allowance(owner, spender, delta, |allowance| {
            allowance.checked_add(delta).ok_or(CreditError::Overflow)
        })
    }

    /// Lowers the allowance `owner` grants `spender` by `delta`.
    pub fn decrease_allowance(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        delta: u128,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        self.adjust_allowance(owner, spender, delta, |allowance| {
            allowance.checked_sub(delta).ok_or(CreditError::InsufficientAllowance)
        })
    }

    fn adjust_allowance(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        delta: u128,
        adjust: impl FnOnce(u128) -> Result<u128, CreditError>,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        if owner == spender || delta == 0 {
            return Ok(Vec::new());
        }
        let amount = adjust(self.allowance(owner, spender))?;
        self.store_allowance(owner, spender, amount);
        Ok(vec![approval_event(owner, spender, amount)])
    }

    /// Creates `value` tokens for `to`, keeping the total supply within `cap`.
    pub fn mint(&mut self, to: AccountId, value: u128, cap: u128, block: u32) -> Result<Vec<CreditEvent>, CreditError> {
        if value == 0 {
            return Err(CreditError::ZeroAmount);
        }
        let supply = self
            .total_supply
            .checked_add(value)
            .filter(|supply| *supply <= cap)
            .ok_or(CreditError::CapExceeded)?;
        let mut target = self.account(to);
        // Cannot overflow: the balance is part of the supply checked above.
        target.balance = target.balance.saturating_add(value);
        self.total_supply = supply;
        self.store(to, &target);
        self.votes.record_supply(block, supply);
        let mut events = vec![transfer_event(None, Some(to), value)];
        self.move_votes(None, target.delegate, value, block, &mut events);
        Ok(events)
    }

    /// Destroys `value` of `from`'s unfrozen tokens; zero is a no-op.
    pub fn burn(&mut self, from: AccountId, value: u128, block: u32) -> Result<Vec<CreditEvent>, CreditError> {
        if value == 0 {
            return Ok(Vec::new());
        }
        let mut source = self.account(from);
        source.check_spend(value)?;
        source.balance = source.balance.saturating_sub(value);
        self.total_supply = self.total_supply.saturating_sub(value);
        self.store(from, &source);
        self.votes.record_supply(block, self.total_supply);
        let mut events = vec![transfer_event(Some(from), None, value)];
        self.move_votes(source.delegate, None, value, block, &mut events);
        Ok(events)
    }

    /// Freezes `amount` more of `owner`'s tokens.
    pub fn freeze(&mut self, owner: AccountId, amount: u128) -> Result<Vec<CreditEvent>, CreditError> {
        if amount == 0 {
            return Err(CreditError::ZeroAmount);
        }
        let mut account = self.account(owner);
        if account.unfrozen() < amount {
            return Err(CreditError::InsufficientBalance);
        }
        account.frozen = account.frozen.saturating_add(amount);
        self.store(owner, &account);
        Ok(vec![CreditEvent::Frozen(Frozen {
            account: owner,
            amount,
            frozen: account.frozen,
        })])
    }

    /// Releases `amount` of `owner`'s frozen tokens.
    pub fn unfreeze(&mut self, owner: AccountId, amount: u128) -> Result<Vec<CreditEvent>, CreditError> {
        if amount == 0 {
            return Err(CreditError::ZeroAmount);
        }
        let mut account = self.account(owner);
        account.frozen = account
            .frozen
            .checked_sub(amount)
            .ok_or(CreditError::InsufficientFrozenBalance)?;
        self.store(owner, &account);
        Ok(vec![CreditEvent::Unfrozen(Unfrozen {
            account: owner,
            amount,
            frozen: account.frozen,
        })])
    }

    /// Makes `delegatee` the voter for `delegator`'s balance (`None`: nobody).
    /// Choosing the current delegate again changes nothing and emits nothing.
    pub fn delegate(
        &mut self,
        delegator: AccountId,
        delegatee: Option<AccountId>,
        block: u32,
    ) -> Result<Vec<CreditEvent>, CreditError> {
        let mut account = self.account(delegator);
        let previous = account.delegate;
        if previous == delegatee {
            return Ok(Vec::new());
        }
        account.delegate = delegatee;
        self.store(delegator, &account);
        let mut events = vec![CreditEvent::DelegateChanged(DelegateChanged {
            delegator,
            from_delegate: previous,
            to_delegate: delegatee,
        })];
        self.move_votes(previous, delegatee, account.balance, block, &mut events);
        Ok(events)
    }
}
