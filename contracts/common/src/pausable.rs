//! The pause guard: an emergency switch the owner flips. What a pause stops is
//! each contract's choice (COS Credit: movements of tokens, not revocations of
//! allowances); the guard only keeps the flag and its events.
//!
//! It encodes as one `bool`, so a contract's storage holds exactly what a
//! `paused: bool` field would.

use crate::AccountId;

/// Why a pause call failed.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum PauseError {
    /// The contract is paused (or `pause` was called while paused).
    Paused,
    /// `unpause` was called while not paused.
    NotPaused,
}

/// `account` paused the contract.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Paused {
    #[ink(topic)]
    pub account: AccountId,
}

/// `account` lifted the pause.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Unpaused {
    #[ink(topic)]
    pub account: AccountId,
}

/// Whether the contract is paused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Pausable {
    paused: bool,
}

impl Pausable {
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// Fails with `Paused` while paused.
    pub fn ensure_not_paused(&self) -> Result<(), PauseError> {
        if self.paused {
            Err(PauseError::Paused)
        } else {
            Ok(())
        }
    }

    /// Pauses; the caller's role is checked by the contract.
    pub fn pause(&mut self, caller: AccountId) -> Result<Paused, PauseError> {
        self.ensure_not_paused()?;
        self.paused = true;
        Ok(Paused { account: caller })
    }

    /// Lifts the pause; the caller's role is checked by the contract.
    pub fn unpause(&mut self, caller: AccountId) -> Result<Unpaused, PauseError> {
        if !self.paused {
            return Err(PauseError::NotPaused);
        }
        self.paused = false;
        Ok(Unpaused { account: caller })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::Encode;

    #[test]
    fn flips_once_each_way_and_encodes_as_a_bool() {
        let who = AccountId::from([1; 32]);
        let mut p = Pausable::default();
        assert_eq!(p.encode(), false.encode());
        assert_eq!(p.unpause(who), Err(PauseError::NotPaused));
        assert_eq!(p.pause(who), Ok(Paused { account: who }));
        assert_eq!(p.encode(), true.encode());
        assert_eq!(p.pause(who), Err(PauseError::Paused));
        assert_eq!(p.ensure_not_paused(), Err(PauseError::Paused));
        assert_eq!(p.unpause(who), Ok(Unpaused { account: who }));
        assert_eq!(p.ensure_not_paused(), Ok(()));
    }
}
