//! Typed errors of the sub-token.

use cos_common::psp22_api::PSP22Error;
use cos_common::{freezable::SpendRefusal, pausable::PauseError, OwnableError, TokenError};
use ink::prelude::string::String;

/// Every way a sub-token call can fail. A failed call changes nothing.
///
/// Extension messages return this type; the PSP22 messages return
/// `PSP22Error`, where `InsufficientBalance` and `InsufficientAllowance` map to
/// their PSP22 twins and every other variant to `PSP22Error::Custom` holding
/// the variant's name ([`SubtokenError::as_str`]).
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum SubtokenError {
    /// The caller is not the owner.
    NotOwner,
    /// The caller is not the pending owner.
    NotPendingOwner,
    /// The caller is not the issuer.
    NotIssuer,
    /// The caller is not the account offered the issuer role.
    NotPendingIssuer,
    /// Issuing, redeeming, exchanging, transfers and withdrawals are paused.
    Paused,
    /// `unpause` was called while not paused.
    NotPaused,
    /// An amount of zero (PSP22 movements of zero are no-ops instead).
    ZeroAmount,
    /// The face value must be at least one COS base unit per sub-token unit.
    ZeroFaceValue,
    /// The exchange price may not be below the face value: the face value is
    /// what a unit is worth at least, and buying below it would take COS
    /// from the collateral of every other holder.
    PriceBelowFaceValue,
    /// The fee is above `MAX_FEE_BPS`.
    FeeAboveBound,
    /// The account holds fewer units than the amount.
    InsufficientBalance,
    /// The spender's allowance is lower than the amount.
    InsufficientAllowance,
    /// The account holds enough units, but part of them is frozen.
    InsufficientUnfrozenBalance,
    /// Unfreezing more than is frozen.
    InsufficientFrozenBalance,
    /// Buying back at the price pays more than the face value, and the
    /// issuer's reserve does not hold the difference.
    InsufficientReserve,
    /// Withdrawing more than the issuer's reserve holds.
    ExceedsReserve,
    /// No fees are owed.
    NoFees,
    /// Recovering more COS than the contract holds beyond collateral, reserve
    /// and fees.
    ExceedsSurplus,
    /// A purchase would cost more than the buyer's `max_cost`.
    CostAboveLimit,
    /// A sale would pay less than the seller's `min_proceeds`.
    ProceedsBelowLimit,
    /// After the fee, a sale would pay nothing: sell more at once.
    NothingAfterFee,
    /// A transfer to the sub-token's own address: nobody could ever move
    /// those units again, and the COS behind them would stay locked.
    ToSubtoken,
    /// An amount does not fit in 128 bits.
    Overflow,
    /// The call to COS Credit failed or was refused.
    Token(TokenError),
    /// A name above `MAX_NAME_BYTES` or a symbol above `MAX_SYMBOL_BYTES`
    /// bytes (the metadata must fit one storage cell).
    MetadataTooLong,
}

impl SubtokenError {
    /// The variant's name, as carried in `PSP22Error::Custom`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::NotOwner => "NotOwner",
            Self::NotPendingOwner => "NotPendingOwner",
            Self::NotIssuer => "NotIssuer",
            Self::NotPendingIssuer => "NotPendingIssuer",
            Self::Paused => "Paused",
            Self::NotPaused => "NotPaused",
            Self::ZeroAmount => "ZeroAmount",
            Self::ZeroFaceValue => "ZeroFaceValue",
            Self::PriceBelowFaceValue => "PriceBelowFaceValue",
            Self::FeeAboveBound => "FeeAboveBound",
            Self::InsufficientBalance => "InsufficientBalance",
            Self::InsufficientAllowance => "InsufficientAllowance",
            Self::InsufficientUnfrozenBalance => "InsufficientUnfrozenBalance",
            Self::InsufficientFrozenBalance => "InsufficientFrozenBalance",
            Self::InsufficientReserve => "InsufficientReserve",
            Self::ExceedsReserve => "ExceedsReserve",
            Self::NoFees => "NoFees",
            Self::ExceedsSurplus => "ExceedsSurplus",
            Self::CostAboveLimit => "CostAboveLimit",
            Self::ProceedsBelowLimit => "ProceedsBelowLimit",
            Self::NothingAfterFee => "NothingAfterFee",
            Self::ToSubtoken => "ToSubtoken",
            Self::Overflow => "Overflow",
            Self::Token(_) => "Token",
            Self::MetadataTooLong => "MetadataTooLong",
        }
    }
}

impl From<OwnableError> for SubtokenError {
    fn from(error: OwnableError) -> Self {
        match error {
            OwnableError::NotOwner => Self::NotOwner,
            OwnableError::NotPendingOwner => Self::NotPendingOwner,
        }
    }
}

impl From<PauseError> for SubtokenError {
    fn from(error: PauseError) -> Self {
        match error {
            PauseError::Paused => Self::Paused,
            PauseError::NotPaused => Self::NotPaused,
        }
    }
}

impl From<SpendRefusal> for SubtokenError {
    fn from(refusal: SpendRefusal) -> Self {
        match refusal {
            SpendRefusal::InsufficientBalance => Self::InsufficientBalance,
            SpendRefusal::InsufficientUnfrozenBalance => Self::InsufficientUnfrozenBalance,
        }
    }
}

impl From<TokenError> for SubtokenError {
    fn from(error: TokenError) -> Self {
        Self::Token(error)
    }
}

impl From<PSP22Error> for SubtokenError {
    fn from(error: PSP22Error) -> Self {
        match error {
            PSP22Error::InsufficientBalance => Self::InsufficientBalance,
            PSP22Error::InsufficientAllowance => Self::InsufficientAllowance,
            // `Psp22Ledger` refuses nothing else but a supply past 2^128 - 1.
            _ => Self::Overflow,
        }
    }
}

impl From<SubtokenError> for PSP22Error {
    fn from(error: SubtokenError) -> Self {
        match error {
            SubtokenError::InsufficientBalance => Self::InsufficientBalance,
            SubtokenError::InsufficientAllowance => Self::InsufficientAllowance,
            other => Self::Custom(String::from(other.as_str())),
        }
    }
}
