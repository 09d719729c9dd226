//! The typed client for calls to COS Credit, and the errors COS Credit answers
//! with. A contract that holds or pays COS (donation quota, sub-tokens,
//! crowdfunding, bounties) makes its token calls through this module, last in
//! each message (checks, effects, then interactions); a failed call is a typed
//! error, and the contract returns it so that ink! reverts the whole message.

use crate::{AccountId, Env};
use ink::{
    env::call::{build_call, ExecutionInput, Selector},
    prelude::{string::String, vec::Vec},
};

/// A PSP22 token's refusal as the PSP22 standard puts it on the wire: the same
/// variants, in the same order, so the same SCALE encoding as `psp22::PSP22Error`
/// (a test checks it). The client decodes into this type of its own so that a
/// contract calling COS Credit does not link the `psp22` crate, whose events
/// would otherwise be listed in that contract's ABI.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum Psp22Refusal {
    /// An implementation-specific error; COS Credit puts a `CreditError` variant's name here.
    Custom(String),
    /// Not enough tokens.
    InsufficientBalance,
    /// Not enough allowance.
    InsufficientAllowance,
    /// Deprecated in PSP22.
    ZeroRecipientAddress,
    /// Deprecated in PSP22.
    ZeroSenderAddress,
    /// Deprecated in PSP22.
    SafeTransferCheckFailed(String),
}

/// Every way a COS Credit call can fail.
///
/// Extension messages return this type directly. The standard PSP22 messages
/// return [`PSP22Error`]: there [`CreditError::InsufficientBalance`] and
/// [`CreditError::InsufficientAllowance`] map to their PSP22 twins and every
/// other variant to `PSP22Error::Custom` holding the variant's name (see
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
    /// A mint, freeze or unfreeze of zero (PSP22 movements of zero are no-ops).
    ZeroAmount,
    /// Minting would take the total supply past the maximum supply.
    CapExceeded,
    /// Movements, minting, burning, allowance increases and delegation are paused.
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
    /// A batch has more entries than COS Credit's `MAX_BATCH_LEN`.
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

#[cfg(feature = "psp22")]
impl From<CreditError> for crate::psp22_api::PSP22Error {
    fn from(error: CreditError) -> Self {
        match error {
            CreditError::InsufficientBalance => Self::InsufficientBalance,
            CreditError::InsufficientAllowance => Self::InsufficientAllowance,
            other => Self::Custom(String::from(other.as_str())),
        }
    }
}

/// Why a call to COS Credit failed.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum TokenError {
    /// The token refused a PSP22 call (`transfer`, `transfer_from`).
    Psp22(Psp22Refusal),
    /// The token refused an extension call (`batch_transfer`).
    Credit(CreditError),
    /// The call itself failed: no contract at the address, a trap, or a reply
    /// that does not decode.
    CallFailed,
}

/// A COS Credit contract, seen from another contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditClient {
    token: AccountId,
}

impl CreditClient {
    pub fn new(token: AccountId) -> Self {
        Self { token }
    }

    pub fn address(&self) -> AccountId {
        self.token
    }

    #[cfg(not(feature = "revive"))]
    fn call<Args: ink::scale::Encode, R: ink::scale::Decode>(
        &self,
        input: ExecutionInput<Args>,
    ) -> Result<R, TokenError> {
        build_call::<Env>()
            .call(self.token)
            .exec_input(input)
            .returns::<R>()
            .try_invoke()
            .map_err(|_| TokenError::CallFailed)?
            .map_err(|_| TokenError::CallFailed)
    }

    /// The same call on ink! 6, whose call builder names the ABI (COS Credit
    /// answers in ink!'s SCALE ABI on both platforms).
    #[cfg(feature = "revive")]
    fn call<Args, R>(&self, input: ExecutionInput<Args, ink::abi::Ink>) -> Result<R, TokenError>
    where
        Args: ink::env::call::utils::EncodeArgsWith<ink::abi::Ink>,
        R: ink::env::call::utils::DecodeMessageResult<ink::abi::Ink>,
    {
        build_call::<Env>()
            .call(self.token)
            .exec_input(input)
            .returns::<R>()
            .try_invoke()
            .map_err(|_| TokenError::CallFailed)?
            .map_err(|_| TokenError::CallFailed)
    }

    /// Pays `value` of the calling contract's COS to `to`.
    pub fn transfer(&self, to: AccountId, value: u128) -> Result<(), TokenError> {
        let input = ExecutionInput::new(Selector::new(ink::selector_bytes!("PSP22::transfer")))
            .push_arg(to)
            .push_arg(value)
            .push_arg(Vec::<u8>::new());
        self.call::<_, Result<(), Psp22Refusal>>(input)?
            .map_err(TokenError::Psp22)
    }

    /// Moves `value` COS from `from` (who approved the calling contract) to `to`.
    pub fn transfer_from(&self, from: AccountId, to: AccountId, value: u128) -> Result<(), TokenError> {
        let input = ExecutionInput::new(Selector::new(ink::selector_bytes!("PSP22::transfer_from")))
            .push_arg(from)
            .push_arg(to)
            .push_arg(value)
            .push_arg(Vec::<u8>::new());
        self.call::<_, Result<(), Psp22Refusal>>(input)?
            .map_err(TokenError::Psp22)
    }

    /// Pays every `(recipient, value)` from the calling contract in one call,
    /// all or nothing (at most COS Credit's `MAX_BATCH_LEN` entries).
    pub fn batch_transfer(&self, payments: &Vec<(AccountId, u128)>) -> Result<(), TokenError> {
        let input = ExecutionInput::new(Selector::new(ink::selector_bytes!("batch_transfer"))).push_arg(payments);
        self.call::<_, Result<(), CreditError>>(input)?
            .map_err(TokenError::Credit)
    }

    /// Votes of `account` at the end of `block` (which must be past), from
    /// COS Credit's checkpoints.
    pub fn past_votes(&self, account: AccountId, block: u32) -> Result<u128, TokenError> {
        let input = ExecutionInput::new(Selector::new(ink::selector_bytes!("get_past_votes")))
            .push_arg(account)
            .push_arg(block);
        self.call::<_, Result<u128, CreditError>>(input)?
            .map_err(TokenError::Credit)
    }

    /// COS Credit's total supply at the end of `block` (which must be past).
    pub fn past_total_supply(&self, block: u32) -> Result<u128, TokenError> {
        let input = ExecutionInput::new(Selector::new(ink::selector_bytes!("get_past_total_supply"))).push_arg(block);
        self.call::<_, Result<u128, CreditError>>(input)?
            .map_err(TokenError::Credit)
    }

    /// Milliseconds COS Credit has been paused in all, up to now (its pause
    /// clock: [`crate::deadline`]).
    pub fn paused_time(&self) -> Result<u64, TokenError> {
        self.call::<_, u64>(ExecutionInput::new(Selector::new(ink::selector_bytes!("paused_time"))))
    }

    /// COS held by `owner`.
    pub fn balance_of(&self, owner: AccountId) -> Result<u128, TokenError> {
        let input = ExecutionInput::new(Selector::new(ink::selector_bytes!("PSP22::balance_of"))).push_arg(owner);
        self.call::<_, u128>(input)
    }
}

#[cfg(all(test, feature = "psp22"))]
mod tests {
    use super::*;
    use ink::scale::{Decode, Encode};
    use psp22::PSP22Error;

    #[test]
    fn psp22_refusals_decode_psp22_errors_exactly() {
        let pairs = [
            (
                PSP22Error::Custom("Paused".into()),
                Psp22Refusal::Custom("Paused".into()),
            ),
            (PSP22Error::InsufficientBalance, Psp22Refusal::InsufficientBalance),
            (PSP22Error::InsufficientAllowance, Psp22Refusal::InsufficientAllowance),
            (PSP22Error::ZeroRecipientAddress, Psp22Refusal::ZeroRecipientAddress),
            (PSP22Error::ZeroSenderAddress, Psp22Refusal::ZeroSenderAddress),
            (
                PSP22Error::SafeTransferCheckFailed("x".into()),
                Psp22Refusal::SafeTransferCheckFailed("x".into()),
            ),
        ];
        for (theirs, ours) in pairs {
            assert_eq!(theirs.encode(), ours.encode());
            assert_eq!(Psp22Refusal::decode(&mut &theirs.encode()[..]), Ok(ours));
        }
    }

    #[test]
    fn custom_errors_keep_their_names_in_psp22_error() {
        assert_eq!(
            PSP22Error::from(CreditError::Paused),
            PSP22Error::Custom("Paused".into())
        );
        assert_eq!(
            PSP22Error::from(CreditError::InsufficientBalance),
            PSP22Error::InsufficientBalance
        );
        assert_eq!(
            PSP22Error::from(CreditError::InsufficientAllowance),
            PSP22Error::InsufficientAllowance
        );
    }
}
