//! Two-step ownership (OpenZeppelin's `Ownable2Step`) as a plain value: the
//! owner offers ownership, the new owner accepts, nothing changes in between.
//!
//! It encodes as its two fields in order (owner, then pending owner), so a
//! contract's storage holds exactly what two separate fields would.

use crate::AccountId;

/// Why an ownership call failed. Each contract maps it into its own error enum.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum OwnableError {
    /// The caller is not the owner.
    NotOwner,
    /// The caller is not the pending owner.
    NotPendingOwner,
}

/// The owner offered ownership to `new_owner` (`None`: the offer was withdrawn).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct OwnershipTransferStarted {
    #[ink(topic)]
    pub previous_owner: AccountId,
    #[ink(topic)]
    pub new_owner: Option<AccountId>,
}

/// `new_owner` accepted ownership.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct OwnershipTransferred {
    #[ink(topic)]
    pub previous_owner: AccountId,
    #[ink(topic)]
    pub new_owner: AccountId,
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
        Self {
            owner,
            pending_owner: None,
        }
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

    fn acc(n: u8) -> AccountId {
        AccountId::from([n; 32])
    }

    #[test]
    fn encodes_as_two_fields() {
        let (a, b) = (acc(1), acc(2));
        let mut o = Ownable::new(a);
        assert_eq!(o.encode(), (a, None::<AccountId>).encode());
        o.transfer(a, Some(b)).unwrap();
        assert_eq!(o.encode(), (a, Some(b)).encode());
    }

    #[test]
    fn only_the_owner_offers_and_only_the_offered_accepts() {
        let (a, b, c) = (acc(1), acc(2), acc(3));
        let mut o = Ownable::new(a);
        assert_eq!(o.transfer(b, Some(b)), Err(OwnableError::NotOwner));
        assert_eq!(o.accept(b), Err(OwnableError::NotPendingOwner));
        o.transfer(a, Some(b)).unwrap();
        assert_eq!(o.owner(), a, "nothing changes before acceptance");
        assert_eq!(o.accept(c), Err(OwnableError::NotPendingOwner));
        let event = o.accept(b).unwrap();
        assert_eq!((event.previous_owner, event.new_owner), (a, b));
        assert_eq!((o.owner(), o.pending_owner()), (b, None));
        assert_eq!(o.ensure_owner(a), Err(OwnableError::NotOwner));
    }

    #[test]
    fn an_offer_can_be_withdrawn() {
        let (a, b) = (acc(1), acc(2));
        let mut o = Ownable::new(a);
        o.transfer(a, Some(b)).unwrap();
        o.transfer(a, None).unwrap();
        assert_eq!(o.accept(b), Err(OwnableError::NotPendingOwner));
    }
}
