//! Two-step ownership (OpenZeppelin's `Ownable2Step`) as a plain value: the
//! owner offers ownership, the new owner accepts, nothing changes in between.
//! Shared by every COS contract with an owner.
//!
//! It encodes as its two fields in order (owner, then pending owner), so a
//! contract's storage holds exactly what two separate fields would.

use crate::events::{OwnershipTransferStarted, OwnershipTransferred};
use ink::primitives::AccountId;

/// Why an ownership call failed.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum OwnableError {
    /// The caller is not the owner.
    NotOwner,
    /// The caller is not the pending owner.
    NotPendingOwner,
}

/// An owner and the account it offered ownership to, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Ownable {
    owner: AccountId,
    pending_owner: Option<AccountId>,
}

impl Ownable {
    pub fn new(owner: AccountId) -> Self {
        Self { owner, pending_owner: None }
    }

    pub fn owner(&self) -> AccountId {
        self.owner
    }

    pub fn pending_owner(&self) -> Option<AccountId> {
        self.pending_owner
    }

    pub fn ensure_owner(&self, caller: AccountId) -> Result<(), OwnableError> {
        if caller == self.owner {
            Ok(())
        } else {
            Err(OwnableError::NotOwner)
        }
    }

    /// Offers ownership to `new_owner` (`None` withdraws the offer). Owner only.
    pub fn transfer(
        &mut self,
        caller: AccountId,
        new_owner: Option<AccountId>,
    ) -> Result<OwnershipTransferStarted, OwnableError> {
        self.ensure_owner(caller)?;
        self.pending_owner = new_owner;
        Ok(OwnershipTransferStarted {
            previous_owner: self.owner,
            new_owner,
        })
    }

    /// The pending owner takes over.
    pub fn accept(&mut self, caller: AccountId) -> Result<OwnershipTransferred, OwnableError> {
        if self.pending_owner != Some(caller) {
            return Err(OwnableError::NotPendingOwner);
        }
        let previous_owner = self.owner;
        self.owner = caller;
        self.pending_owner = None;
        Ok(OwnershipTransferred {
            previous_owner,
            new_owner: caller,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ink::scale::Encode;

    #[test]
    fn encodes_as_two_fields() {
        let (a, b) = (AccountId::from([1; 32]), AccountId::from([2; 32]));
        let mut o = Ownable::new(a);
        assert_eq!(o.encode(), (a, None::<AccountId>).encode());
        o.transfer(a, Some(b)).unwrap();
        assert_eq!(o.encode(), (a, Some(b)).encode());
    }
}
