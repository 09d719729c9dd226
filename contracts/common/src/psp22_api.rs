//! The PSP22 interface (w3f PSP22: messages, selectors, events and error) as
//! COS tokens implement it, one path for both platforms.
//!
//! On pallet-contracts this is the `psp22` crate (2.0), the community's
//! definition. That crate is ink! 5 only, so on pallet-revive the same
//! interface is declared here: the same trait and message names (so the same
//! selectors, `blake2b("PSP22::transfer")` and so on), the same argument
//! order, the same events and the same error variants in the same order (so
//! the same SCALE encoding), with accounts as [`AccountId`](crate::AccountId).

#[cfg(not(feature = "revive"))]
pub use ::psp22::{Approval, PSP22Burnable, PSP22Error, PSP22Metadata, Transfer, PSP22};

#[cfg(feature = "revive")]
pub use revive::*;

#[cfg(feature = "revive")]
mod revive {
    use crate::AccountId;
    use ink::prelude::{string::String, vec::Vec};

    /// Why a PSP22 call failed, as the standard lists it.
    #[derive(Debug, PartialEq, Eq, Clone)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    pub enum PSP22Error {
        /// An implementation-specific error; COS puts its error variant's name here.
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

    /// `value` tokens moved from `from` to `to`; `None` is minting or burning.
    #[ink::event]
    #[derive(Debug, PartialEq, Eq)]
    pub struct Transfer {
        #[ink(topic)]
        pub from: Option<AccountId>,
        #[ink(topic)]
        pub to: Option<AccountId>,
        pub value: u128,
    }

    /// `owner` let `spender` move up to `amount` of its tokens.
    #[ink::event]
    #[derive(Debug, PartialEq, Eq)]
    pub struct Approval {
        #[ink(topic)]
        pub owner: AccountId,
        #[ink(topic)]
        pub spender: AccountId,
        pub amount: u128,
    }

    /// The PSP22 token standard.
    #[ink::trait_definition]
    pub trait PSP22 {
        /// Tokens in existence.
        #[ink(message)]
        fn total_supply(&self) -> u128;

        /// Tokens held by `owner`.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u128;

        /// What `spender` may still move from `owner`.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> u128;

        /// Moves `value` of the caller's tokens to `to`.
        #[ink(message)]
        fn transfer(&mut self, to: AccountId, value: u128, data: Vec<u8>) -> Result<(), PSP22Error>;

        /// Moves `value` of `from`'s tokens to `to`, spending the caller's allowance.
        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: u128,
            data: Vec<u8>,
        ) -> Result<(), PSP22Error>;

        /// Lets `spender` move up to `value` of the caller's tokens.
        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: u128) -> Result<(), PSP22Error>;

        /// Raises `spender`'s allowance by `delta_value`.
        #[ink(message)]
        fn increase_allowance(&mut self, spender: AccountId, delta_value: u128) -> Result<(), PSP22Error>;

        /// Lowers `spender`'s allowance by `delta_value`.
        #[ink(message)]
        fn decrease_allowance(&mut self, spender: AccountId, delta_value: u128) -> Result<(), PSP22Error>;
    }

    /// PSP22's metadata extension.
    #[ink::trait_definition]
    pub trait PSP22Metadata {
        /// The token's name.
        #[ink(message)]
        fn token_name(&self) -> Option<String>;

        /// The token's symbol.
        #[ink(message)]
        fn token_symbol(&self) -> Option<String>;

        /// Decimals of the token's display unit.
        #[ink(message)]
        fn token_decimals(&self) -> u8;
    }

    /// PSP22's burnable extension.
    #[ink::trait_definition]
    pub trait PSP22Burnable {
        /// Destroys `value` of the caller's tokens.
        #[ink(message)]
        fn burn(&mut self, value: u128) -> Result<(), PSP22Error>;
    }
}
