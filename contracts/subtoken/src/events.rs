//! Events of the sub-token beyond PSP22's `Transfer` and `Approval` (mints and
//! burns are `Transfer`s from and to `None`) and the shared ownership, pause
//! and freeze events of `cos_common`. Events that change the issuer's reserve
//! or the fees owed carry the new totals, so a reader never has to recompute
//! them.

use crate::CommunityRef;
use cos_common::AccountId;
use ink::{prelude::string::String, primitives::Hash};

/// The sub-token was deployed: everything a reader needs to value it.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct SubtokenCreated {
    /// The COS Credit contract that holds the collateral.
    pub credit: AccountId,
    #[ink(topic)]
    pub issuer: AccountId,
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    /// COS base units behind each sub-token base unit.
    pub face_value: u128,
    /// COS base units per sub-token base unit on the exchange.
    pub price: u128,
    /// Exchange fee in basis points.
    pub fee_bps: u16,
    pub fee_recipient: AccountId,
    /// The community that issues it, if it said so.
    pub community: Option<CommunityRef>,
}

/// The issuer issued `amount` units, depositing `collateral` COS.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Issued {
    #[ink(topic)]
    pub issuer: AccountId,
    pub amount: u128,
    pub collateral: u128,
}

/// `holder` redeemed `amount` units for their right: the issuer fulfils it
/// off-chain, by `memo_hash` (what the holder asked for, hashed), and got the
/// `released` collateral back.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct RightRedeemed {
    #[ink(topic)]
    pub holder: AccountId,
    pub amount: u128,
    #[ink(topic)]
    pub memo_hash: Hash,
    pub released: u128,
}

/// `holder` redeemed `amount` units for their face value: `paid` COS.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct FaceValueRedeemed {
    #[ink(topic)]
    pub holder: AccountId,
    pub amount: u128,
    pub paid: u128,
}

/// `buyer` bought `amount` units for `cost` COS plus `fee`.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Bought {
    #[ink(topic)]
    pub buyer: AccountId,
    pub amount: u128,
    pub cost: u128,
    pub fee: u128,
    /// The issuer's reserve afterwards (it took the price above face value).
    pub reserve: u128,
    /// Fees owed to the fee recipient afterwards.
    pub fees_owed: u128,
}

/// `seller` sold `amount` units back for `proceeds` COS, `fee` kept.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Sold {
    #[ink(topic)]
    pub seller: AccountId,
    pub amount: u128,
    pub proceeds: u128,
    pub fee: u128,
    /// The issuer's reserve afterwards (it paid the price above face value).
    pub reserve: u128,
    /// Fees owed to the fee recipient afterwards.
    pub fees_owed: u128,
}

/// The issuer moved COS into (`deposit`) or out of (`withdraw`) its reserve;
/// `reserve` is the new total.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ReserveChanged {
    #[ink(topic)]
    pub issuer: AccountId,
    pub deposited: u128,
    pub withdrawn: u128,
    pub reserve: u128,
}

/// The issuer changed the exchange price: purchases pay `new_price` at
/// once, sales from block time `sales_from` (a rise waits
/// [`PRICE_NOTICE_MS`](crate::book::PRICE_NOTICE_MS); a cut applies now).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct PriceChanged {
    /// The purchase price before.
    pub old_price: u128,
    pub new_price: u128,
    /// Block time (ms) from which sales pay `new_price`.
    pub sales_from: u64,
}

/// The owner changed the exchange fee.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct FeeChanged {
    pub old_bps: u16,
    pub new_bps: u16,
}

/// The owner changed who receives the fees.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct FeeRecipientChanged {
    pub old_recipient: AccountId,
    #[ink(topic)]
    pub new_recipient: AccountId,
}

/// `amount` of fees were paid to `recipient`.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct FeesWithdrawn {
    #[ink(topic)]
    pub recipient: AccountId,
    pub amount: u128,
}

/// The issuer offered its role to `new_issuer` (`None`: the offer was withdrawn).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct IssuerTransferStarted {
    #[ink(topic)]
    pub previous_issuer: AccountId,
    #[ink(topic)]
    pub new_issuer: Option<AccountId>,
}

/// `new_issuer` accepted the issuer role.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct IssuerTransferred {
    #[ink(topic)]
    pub previous_issuer: AccountId,
    #[ink(topic)]
    pub new_issuer: AccountId,
}

/// The owner paid `amount` of COS sent to the contract by mistake to `to`.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct SurplusRecovered {
    #[ink(topic)]
    pub to: AccountId,
    pub amount: u128,
}
