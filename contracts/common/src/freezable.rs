//! Freezing part of a balance (the QSC standard's `frozen` / `unfrozen`): frozen
//! tokens stay the holder's but cannot move. COS Credit and the sub-tokens emit
//! the same two events, so wallets and the indexer read them the same way; each
//! token stores the frozen amounts where its transfers read them cheapest.
//!
//! Optional (feature `freezable`) so that a contract without freezing does not
//! list these events in its ABI.

use crate::AccountId;

/// `amount` more of `account`'s tokens were frozen; `frozen` is the new total.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Frozen {
    #[ink(topic)]
    pub account: AccountId,
    pub amount: u128,
    pub frozen: u128,
}

/// `amount` of `account`'s tokens were unfrozen; `frozen` is the new total.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Unfrozen {
    #[ink(topic)]
    pub account: AccountId,
    pub amount: u128,
    pub frozen: u128,
}

/// Why `amount` may not leave an account holding `balance` of which `frozen`
/// is frozen: `None` if it may.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum SpendRefusal {
    /// The account holds fewer tokens than the amount.
    InsufficientBalance,
    /// The account holds enough, but part of it is frozen.
    InsufficientUnfrozenBalance,
}

/// Checks that `amount` may leave an account holding `balance`, `frozen` of it frozen.
pub fn check_spend(balance: u128, frozen: u128, amount: u128) -> Result<(), SpendRefusal> {
    if balance < amount {
        Err(SpendRefusal::InsufficientBalance)
    } else if balance.saturating_sub(frozen) < amount {
        Err(SpendRefusal::InsufficientUnfrozenBalance)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_tokens_cannot_leave() {
        assert_eq!(check_spend(10, 4, 6), Ok(()));
        assert_eq!(check_spend(10, 4, 7), Err(SpendRefusal::InsufficientUnfrozenBalance));
        assert_eq!(check_spend(10, 0, 11), Err(SpendRefusal::InsufficientBalance));
        assert_eq!(check_spend(0, 0, 0), Ok(()));
    }
}
