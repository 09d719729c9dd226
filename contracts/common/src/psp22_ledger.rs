//! The ledger of a plain PSP22 token (balances, allowances, supply), as a
//! storage struct with no environment access: the contract passes the acting
//! account, each operation checks everything before it writes, and returns the
//! events it caused for the contract to emit. One source for both platforms
//! (the `psp22` crate's `PSP22Data` plays this part on ink! 5 only).
//!
//! As PSP22 documents and ERC-20 tools expect, moving or approving zero,
//! moving to oneself and approving oneself succeed as no-ops with no event.
//! Balances never exceed the supply, which is a `u128`: minting past it is
//! refused, so no other sum can overflow.

use crate::{
    psp22_api::{Approval, PSP22Error, Transfer},
    AccountId,
};
use ink::{
    prelude::{vec, vec::Vec},
    storage::Mapping,
};

/// An event the ledger caused. (No derives: the `psp22` crate's events,
/// which these are on ink! 5, have none.)
pub enum Psp22Event {
    Transfer(Transfer),
    Approval(Approval),
}

fn moved(from: Option<AccountId>, to: Option<AccountId>, value: u128) -> Psp22Event {
    Psp22Event::Transfer(Transfer { from, to, value })
}

fn approved(owner: AccountId, spender: AccountId, amount: u128) -> Psp22Event {
    Psp22Event::Approval(Approval { owner, spender, amount })
}

/// Balances, allowances and the supply of one token.
#[ink::storage_item]
#[derive(Debug, Default)]
pub struct Psp22Ledger {
    supply: u128,
    balances: Mapping<AccountId, u128>,
    allowances: Mapping<(AccountId, AccountId), u128>,
}

impl Psp22Ledger {
    /// Tokens in existence.
    pub fn total_supply(&self) -> u128 {
        self.supply
    }

    /// Tokens held by `owner`.
    pub fn balance_of(&self, owner: AccountId) -> u128 {
        self.balances.get(owner).unwrap_or(0)
    }

    /// What `spender` may still move from `owner`.
    pub fn allowance(&self, owner: AccountId, spender: AccountId) -> u128 {
        self.allowances.get((owner, spender)).unwrap_or(0)
    }

    fn set_balance(&mut self, owner: AccountId, balance: u128) {
        if balance == 0 {
            self.balances.remove(owner);
        } else {
            self.balances.insert(owner, &balance);
        }
    }

    fn set_allowance(&mut self, owner: AccountId, spender: AccountId, amount: u128) {
        if amount == 0 {
            self.allowances.remove((owner, spender));
        } else {
            self.allowances.insert((owner, spender), &amount);
        }
    }

    /// Moves `value` from `from` to `to` once both are checked: `from`
    /// holds it. (`from != to`, `value > 0`.)
    fn shift(&mut self, from: AccountId, to: AccountId, value: u128) -> Result<(), PSP22Error> {
        let from_balance = self
            .balance_of(from)
            .checked_sub(value)
            .ok_or(PSP22Error::InsufficientBalance)?;
        // Every balance is part of the supply, a u128: this cannot overflow.
        let to_balance = self
            .balance_of(to)
            .checked_add(value)
            .ok_or(PSP22Error::Custom("Overflow".into()))?;
        self.set_balance(from, from_balance);
        self.set_balance(to, to_balance);
        Ok(())
    }

    /// `caller` moves `value` of its tokens to `to`.
    pub fn transfer(&mut self, caller: AccountId, to: AccountId, value: u128) -> Result<Vec<Psp22Event>, PSP22Error> {
        if caller == to || value == 0 {
            return Ok(Vec::new());
        }
        self.shift(caller, to, value)?;
        Ok(vec![moved(Some(caller), Some(to), value)])
    }

    /// `caller` moves `value` from `from` to `to` within `from`'s allowance
    /// to it (no allowance needed when `caller` is `from`). The allowance
    /// left is announced with an `Approval`.
    pub fn transfer_from(
        &mut self,
        caller: AccountId,
        from: AccountId,
        to: AccountId,
        value: u128,
    ) -> Result<Vec<Psp22Event>, PSP22Error> {
        if caller == from {
            return self.transfer(caller, to, value);
        }
        if from == to || value == 0 {
            return Ok(Vec::new());
        }
        let left = self
            .allowance(from, caller)
            .checked_sub(value)
            .ok_or(PSP22Error::InsufficientAllowance)?;
        self.shift(from, to, value)?;
        self.set_allowance(from, caller, left);
        Ok(vec![approved(from, caller, left), moved(Some(from), Some(to), value)])
    }

    /// `owner` lets `spender` move up to `amount` (replacing what it had).
    pub fn approve(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        amount: u128,
    ) -> Result<Vec<Psp22Event>, PSP22Error> {
        if owner == spender {
            return Ok(Vec::new());
        }
        self.set_allowance(owner, spender, amount);
        Ok(vec![approved(owner, spender, amount)])
    }

    /// Raises `spender`'s allowance from `owner` by `delta` (capped at
    /// `u128::MAX`).
    pub fn increase_allowance(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        delta: u128,
    ) -> Result<Vec<Psp22Event>, PSP22Error> {
        if owner == spender || delta == 0 {
            return Ok(Vec::new());
        }
        let amount = self.allowance(owner, spender).saturating_add(delta);
        self.approve(owner, spender, amount)
    }

    /// Lowers `spender`'s allowance from `owner` by `delta`; refuses to go
    /// below zero.
    pub fn decrease_allowance(
        &mut self,
        owner: AccountId,
        spender: AccountId,
        delta: u128,
    ) -> Result<Vec<Psp22Event>, PSP22Error> {
        if owner == spender || delta == 0 {
            return Ok(Vec::new());
        }
        let amount = self
            .allowance(owner, spender)
            .checked_sub(delta)
            .ok_or(PSP22Error::InsufficientAllowance)?;
        self.approve(owner, spender, amount)
    }

    /// Creates `value` tokens for `to`; refuses a supply past `u128::MAX`.
    pub fn mint(&mut self, to: AccountId, value: u128) -> Result<Vec<Psp22Event>, PSP22Error> {
        if value == 0 {
            return Ok(Vec::new());
        }
        let supply = self
            .supply
            .checked_add(value)
            .ok_or(PSP22Error::Custom("Max supply exceeded".into()))?;
        let balance = self.balance_of(to).saturating_add(value);
        self.supply = supply;
        self.set_balance(to, balance);
        Ok(vec![moved(None, Some(to), value)])
    }

    /// Destroys `value` of `from`'s tokens.
    pub fn burn(&mut self, from: AccountId, value: u128) -> Result<Vec<Psp22Event>, PSP22Error> {
        if value == 0 {
            return Ok(Vec::new());
        }
        let balance = self
            .balance_of(from)
            .checked_sub(value)
            .ok_or(PSP22Error::InsufficientBalance)?;
        self.set_balance(from, balance);
        self.supply = self.supply.saturating_sub(value);
        Ok(vec![moved(Some(from), None, value)])
    }
}

#[cfg(all(test, not(feature = "revive")))]
mod tests {
    use super::*;

    /// An event as `(owner or from, spender or to, amount)`, `true` for a transfer.
    type Seen = (bool, Option<AccountId>, Option<AccountId>, u128);

    fn seen(events: Result<Vec<Psp22Event>, PSP22Error>) -> Result<Vec<Seen>, PSP22Error> {
        Ok(events?
            .into_iter()
            .map(|e| match e {
                Psp22Event::Transfer(t) => (true, t.from, t.to, t.value),
                Psp22Event::Approval(a) => (false, Some(a.owner), Some(a.spender), a.amount),
            })
            .collect())
    }

    fn moved(from: Option<AccountId>, to: Option<AccountId>, value: u128) -> Seen {
        (true, from, to, value)
    }

    fn approved(owner: AccountId, spender: AccountId, amount: u128) -> Seen {
        (false, Some(owner), Some(spender), amount)
    }

    fn run(f: impl FnOnce(&mut Psp22Ledger, [AccountId; 3])) {
        ink::env::test::run_test::<crate::Env, _>(|_| {
            let people = [
                AccountId::from([1; 32]),
                AccountId::from([2; 32]),
                AccountId::from([3; 32]),
            ];
            f(&mut Psp22Ledger::default(), people);
            Ok(())
        })
        .expect("the test runs");
    }

    #[test]
    fn mint_transfer_and_burn_keep_the_supply_equal_to_the_balances() {
        run(|l, [a, b, _]| {
            assert_eq!(seen(l.mint(a, 100)), Ok(vec![moved(None, Some(a), 100)]));
            assert_eq!(seen(l.transfer(a, b, 30)), Ok(vec![moved(Some(a), Some(b), 30)]));
            assert_eq!(seen(l.burn(b, 10)), Ok(vec![moved(Some(b), None, 10)]));
            assert_eq!((l.balance_of(a), l.balance_of(b), l.total_supply()), (70, 20, 90));
            assert_eq!(seen(l.transfer(b, a, 21)), Err(PSP22Error::InsufficientBalance));
            assert_eq!(seen(l.burn(b, 21)), Err(PSP22Error::InsufficientBalance));
            assert_eq!(l.balance_of(b), 20, "refusals change nothing");
        });
    }

    #[test]
    fn zero_and_self_moves_are_silent_no_ops() {
        run(|l, [a, b, _]| {
            assert!(l.mint(a, 5).is_ok());
            assert_eq!(seen(l.transfer(a, a, 5)), Ok(vec![]));
            assert_eq!(seen(l.transfer(a, b, 0)), Ok(vec![]));
            assert_eq!(seen(l.approve(a, a, 9)), Ok(vec![]));
            assert_eq!(seen(l.mint(b, 0)), Ok(vec![]));
            assert_eq!(l.allowance(a, a), 0);
            assert_eq!(l.balance_of(a), 5);
        });
    }

    #[test]
    fn transfer_from_spends_the_allowance_and_announces_what_is_left() {
        run(|l, [a, b, c]| {
            assert!(l.mint(a, 100).is_ok());
            assert!(l.approve(a, c, 50).is_ok());
            assert_eq!(
                seen(l.transfer_from(c, a, b, 60)),
                Err(PSP22Error::InsufficientAllowance)
            );
            assert_eq!(
                seen(l.transfer_from(c, a, b, 40)),
                Ok(vec![approved(a, c, 10), moved(Some(a), Some(b), 40)])
            );
            assert_eq!(l.allowance(a, c), 10);
            assert!(l.approve(a, c, 1_000).is_ok());
            assert_eq!(seen(l.transfer_from(c, a, b, 61)), Err(PSP22Error::InsufficientBalance));
            assert_eq!((l.allowance(a, c), l.balance_of(a)), (1_000, 60));
            assert_eq!(
                seen(l.transfer_from(a, a, b, 60)),
                Ok(vec![moved(Some(a), Some(b), 60)])
            );
        });
    }

    #[test]
    fn allowances_rise_saturating_and_never_fall_below_zero() {
        run(|l, [a, b, _]| {
            assert!(l.approve(a, b, u128::MAX - 1).is_ok());
            assert_eq!(seen(l.increase_allowance(a, b, 5)), Ok(vec![approved(a, b, u128::MAX)]));
            assert!(l.approve(a, b, 3).is_ok());
            assert_eq!(
                seen(l.decrease_allowance(a, b, 4)),
                Err(PSP22Error::InsufficientAllowance)
            );
            assert_eq!(seen(l.decrease_allowance(a, b, 3)), Ok(vec![approved(a, b, 0)]));
        });
    }

    #[test]
    fn minting_past_the_largest_supply_is_refused() {
        run(|l, [a, b, _]| {
            assert!(l.mint(a, u128::MAX).is_ok());
            assert_eq!(
                seen(l.mint(b, 1)),
                Err(PSP22Error::Custom("Max supply exceeded".into()))
            );
            assert_eq!((l.total_supply(), l.balance_of(b)), (u128::MAX, 0));
        });
    }
}
