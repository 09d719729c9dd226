//! Typed errors of the COS Credit token.

use ink::prelude::string::String;
use psp22::PSP22Error;

/// Every way a COS Credit call can fail.
///
/// Extension messages return this type directly. The standard PSP22 messages must
/// return [`PSP22Error`]; there [`CreditError::InsufficientBalance`] and
/// [`CreditError::InsufficientAllowance`] map to their PSP22 twins and every other
/// variant to `PSP22Error::Custom` holding the variant's name (see
/// [`CreditError::as_str`]), so a wallet can still tell them apart.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum CreditError {
    /// The account holds fewer tokens than the amount.
    InsufficientBalance,
    /// The spender's allowance is lower than the amount.
    InsufficientAllowance,
    /// The account holds enough tokens, but part of them is frozen.
    InsufficientUnfrozenBalance,
    /// Unfreezing more than is frozen.
    InsufficientFrozenBalance,
    /// The amount is zero.
    ZeroAmount,
    /// Sender and recipient (or owner and spender) are the same account.
    SelfTransfer,
    /// Minting would take the total supply past the maximum supply.
    CapExceeded,
    /// Transfers, minting, burning, approvals and delegation are paused.
    Paused,
    /// `unpause` was called while the token is not paused.
    NotPaused,
    /// The caller is not the owner.
    NotOwner,
    /// The caller is not the pending owner.
    NotPendingOwner,
    /// The caller is not an authorised minter.
    NotMinter,
    /// A batch has no entries.
    EmptyBatch,
    /// A batch has more entries than [`crate::MAX_BATCH_LEN`].
    BatchTooLarge,
    /// A past-votes lookup asked for the current or a future block.
    FutureLookup,
    /// An amount does not fit in 128 bits.
    Overflow,
}

impl CreditError {
    /// The variant's name, as carried in `PSP22Error::Custom`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InsufficientBalance => "InsufficientBalance",
            Self::InsufficientAllowance => "InsufficientAllowance",
            Self::InsufficientUnfrozenBalance => "InsufficientUnfrozenBalance",
            Self::InsufficientFrozenBalance => "InsufficientFrozenBalance",
            Self::ZeroAmount => "ZeroAmount",
            Self::SelfTransfer => "SelfTransfer",
            Self::CapExceeded => "CapExceeded",
            Self::Paused => "Paused",
            Self::NotPaused => "NotPaused",
            Self::NotOwner => "NotOwner",
            Self::NotPendingOwner => "NotPendingOwner",
            Self::NotMinter => "NotMinter",
            Self::EmptyBatch => "EmptyBatch",
            Self::BatchTooLarge => "BatchTooLarge",
            Self::FutureLookup => "FutureLookup",
            Self::Overflow => "Overflow",
        }
    }
}

impl From<crate::OwnableError> for CreditError {
    fn from(error: crate::OwnableError) -> Self {
        match error {
            crate::OwnableError::NotOwner => Self::NotOwner,
            crate::OwnableError::NotPendingOwner => Self::NotPendingOwner,
        }
    }
}

impl From<CreditError> for PSP22Error {
    fn from(error: CreditError) -> Self {
        match error {
            CreditError::InsufficientBalance => PSP22Error::InsufficientBalance,
            CreditError::InsufficientAllowance => PSP22Error::InsufficientAllowance,
            other => PSP22Error::Custom(String::from(other.as_str())),
        }
    }
}
