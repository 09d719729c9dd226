//! What differs between the two contract platforms COS builds for, in one
//! place, so that every rule and every contract shell above it reads the same
//! on both:
//!
//! | | pallet-contracts (ink! 5, Wasm) | pallet-revive (ink! 6, PolkaVM) |
//! |---|---|---|
//! | [`AccountId`]: how a contract names an account | the 32-byte `AccountId` | the 20-byte `H160` address |
//! | [`Env`]: the contract environment | ink!'s `DefaultEnvironment` | the same types, with [`AccountId`] the address |
//! | [`millis`]: block time from `block_timestamp()` | milliseconds already | seconds, times 1000 |
//! | [`this_contract`]: the running contract | `account_id()` | `address()` |
//!
//! The ink! 6 build (`revive/contracts/common`) compiles this same file with
//! the feature `revive`; the ink! 5 build never sets it. Contracts declare
//! `#[ink::contract(env = cos_common::Env)]` and name accounts `AccountId`, so
//! on pallet-revive an account is its address throughout: messages, storage
//! keys and events. (ink! 6's own `Environment::AccountId` is the chain's
//! 32-byte account; COS never asks for it.)

/// The most bytes one storage cell may hold: one `Mapping` entry, one `Lazy`
/// value, or the root of a contract's storage (its plain fields together).
/// pallet-revive 0.18 traps on a larger write (`limits::STORAGE_BYTES`);
/// pallet-contracts allows 16 KiB. Every COS bound on a stored list or text
/// keeps its cell within this one, so a limit reads the same on both
/// platforms; each rule file tests its largest cell against it.
pub const MAX_CELL_BYTES: usize = 416;

#[cfg(not(feature = "revive"))]
mod types {
    /// An account as COS contracts name it: `AccountId` on pallet-contracts.
    pub type AccountId = ink::primitives::AccountId;
    /// The environment of every COS contract on pallet-contracts.
    pub type Env = ink::env::DefaultEnvironment;

    /// Block time in milliseconds: ink! 5 `block_timestamp()` already is.
    pub const fn millis(block_timestamp: u64) -> u64 {
        block_timestamp
    }

    /// The running contract's own account.
    pub fn this_contract() -> AccountId {
        ink::env::account_id::<Env>()
    }
}

#[cfg(feature = "revive")]
mod types {
    use ink::env::{DefaultEnvironment, Environment};

    /// An account as COS contracts name it: its `H160` address on pallet-revive.
    pub type AccountId = ink::primitives::Address;

    /// The environment of every COS contract on pallet-revive: ink!'s default
    /// types, except that an account is its address.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(TypeInfo)]
    pub enum Env {}

    impl Environment for Env {
        const NATIVE_TO_ETH_RATIO: u32 = DefaultEnvironment::NATIVE_TO_ETH_RATIO;
        const TRUST_BACKED_ASSETS_PRECOMPILE_INDEX: u16 = DefaultEnvironment::TRUST_BACKED_ASSETS_PRECOMPILE_INDEX;
        const POOL_ASSETS_PRECOMPILE_INDEX: u16 = DefaultEnvironment::POOL_ASSETS_PRECOMPILE_INDEX;
        type AccountId = AccountId;
        type Balance = <DefaultEnvironment as Environment>::Balance;
        type Hash = <DefaultEnvironment as Environment>::Hash;
        type Timestamp = <DefaultEnvironment as Environment>::Timestamp;
        type BlockNumber = <DefaultEnvironment as Environment>::BlockNumber;
        type EventRecord = <DefaultEnvironment as Environment>::EventRecord;
    }

    /// Block time in milliseconds: pallet-revive's `now` counts seconds
    /// (polkadot-sdk#7784), so deadlines and the pause clock, which count
    /// milliseconds on both platforms, get it times 1000.
    pub const fn millis(block_timestamp: u64) -> u64 {
        block_timestamp.saturating_mul(1000)
    }

    /// The running contract's own address (`address()`: ink! 6's
    /// `account_id()` asks a precompile for the 32-byte account instead).
    pub fn this_contract() -> AccountId {
        ink::env::address()
    }
}

pub use types::{millis, this_contract, AccountId, Env};
