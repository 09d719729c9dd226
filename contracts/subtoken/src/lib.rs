//! # COS sub-token
//!
//! A community's own points, coupons or rights token (SPEC.md C3; white paper
//! 000, "子积分和权益通证发行系统"), every unit backed by COS:
//!
//! - a PSP22 token with the standard selectors, events and metadata, plus the
//!   QSC extensions shared with COS Credit: [`freeze`](subtoken::Subtoken::freeze)
//!   part of a balance and an emergency [`pause`](subtoken::Subtoken::pause);
//! - every unit has a **face value** in COS base units. The issuer
//!   [`issue`](subtoken::Subtoken::issue)s units by depositing face value x
//!   amount of COS; a holder redeems a unit **for its right**
//!   ([`redeem_right`](subtoken::Subtoken::redeem_right): the issuer fulfils it
//!   off-chain and gets the collateral back) or **for its face value**
//!   ([`redeem_face_value`](subtoken::Subtoken::redeem_face_value): the holder
//!   gets the COS);
//! - an exchange with COS at the issuer's price (never below the face value):
//!   [`buy`](subtoken::Subtoken::buy) mints units for price x amount plus a fee,
//!   [`sell`](subtoken::Subtoken::sell) burns them for price x amount minus the
//!   fee. The part of the price above face value goes to (and, on a sale, comes
//!   from) the issuer's **reserve**. The fee (0.1 % by default, at most
//!   [`MAX_FEE_BPS`], rounded up) accrues for a fee recipient the owner sets.
//!
//! **Invariant**: after every message the contract holds at least
//! `face_value x total_supply + reserve + fees_owed` COS
//! ([`owed`](subtoken::Subtoken::owed)); every message moves exactly the COS
//! that keeps it so ([`book`]). Roles: the **owner** (two-step, for example a
//! governance contract) sets the fee and its recipient, pauses and freezes;
//! the **issuer** (the deployer; handed on in two steps) issues, sets the
//! price and manages its reserve. COS sent to the contract by mistake can be
//! recovered by the owner, never what backs the units.
//!
//! Token calls to COS Credit come last in each message (checks, effects,
//! interactions), through `cos_common`'s client; if one fails the message
//! returns the error and ink! reverts all of it.
//!
//! Units: `face_value` and `price` are COS base units (10^-8 COS) per sub-token
//! base unit (10^-decimals of a sub-token), so collateral is an exact product
//! and never rounds.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod book;
pub mod errors;
pub mod events;
pub mod metadata;

pub use book::{Book, PriceChange, Purchase, Rise, Sale, DEFAULT_FEE_BPS, MAX_FEE_BPS, PRICE_NOTICE_MS};
pub use errors::SubtokenError;
pub use metadata::{Metadata, MAX_NAME_BYTES, MAX_SYMBOL_BYTES};

/// The community a sub-token belongs to (informational: the explorer lists a
/// community's sub-tokens by it).
pub use cos_common::CommunityRef;

#[ink::contract(env = cos_common::Env)]
pub mod subtoken {
    use crate::{
        book::{Book, Purchase, Sale},
        events::{
            Bought, FaceValueRedeemed, FeeChanged, FeeRecipientChanged, FeesWithdrawn, Issued, IssuerTransferStarted,
            IssuerTransferred, PriceChanged, ReserveChanged, RightRedeemed, Sold, SubtokenCreated, SurplusRecovered,
        },
        CommunityRef, Metadata, SubtokenError,
    };
    use cos_common::{
        freezable::{self, Frozen, Unfrozen},
        pausable::Pausable,
        token::CreditClient,
        Ownable,
    };
    use cos_common::{
        psp22_api::{PSP22Error, PSP22Metadata, PSP22},
        psp22_ledger::{Psp22Event, Psp22Ledger},
    };
    use ink::{
        prelude::{string::String, vec::Vec},
        storage::{Lazy, Mapping},
    };

    /// A COS-backed sub-token.
    #[ink(storage)]
    pub struct Subtoken {
        data: Psp22Ledger,
        book: Book,
        credit: AccountId,
        /// The issuer role, handed on in two steps like ownership.
        issuer: Ownable,
        ownership: Ownable,
        pause: Pausable,
        decimals: u8,
        /// Frozen amounts, by account; each `<=` the account's balance.
        frozen: Mapping<AccountId, Balance>,
        /// Accounts with a frozen amount: while none, transfers skip the read.
        frozen_accounts: u32,
        metadata: Lazy<Metadata>,
    }

    impl Subtoken {
        /// Deploys a sub-token backed by the COS Credit at `credit`. The caller
        /// becomes owner, issuer and fee recipient; the fee starts at 0.1 %.
        ///
        /// `face_value`: COS base units behind each sub-token base unit (at
        /// least 1). `price`: COS base units per sub-token base unit on the
        /// exchange (at least `face_value`). `community`: the community issuing
        /// it, for readers.
        ///
        /// # Errors
        /// `ZeroFaceValue`, `PriceBelowFaceValue`, `MetadataTooLong` (a name
        /// above `MAX_NAME_BYTES` or a symbol above `MAX_SYMBOL_BYTES` bytes).
        ///
        /// # Events
        /// `SubtokenCreated`.
        #[ink(constructor)]
        pub fn new(
            credit: AccountId,
            name: String,
            symbol: String,
            decimals: u8,
            face_value: Balance,
            price: Balance,
            community: Option<CommunityRef>,
        ) -> Result<Self, SubtokenError> {
            let issuer = Self::env().caller();
            let book = Book::new(face_value, price, issuer)?;
            let mut metadata = Lazy::new();
            metadata.set(&Metadata::new(name.clone(), symbol.clone(), community)?);
            Self::env().emit_event(SubtokenCreated {
                credit,
                issuer,
                name,
                symbol,
                decimals,
                face_value,
                price,
                fee_bps: book.fee_bps(),
                fee_recipient: issuer,
                community,
            });
            Ok(Self {
                data: Psp22Ledger::default(),
                book,
                credit,
                issuer: Ownable::new(issuer),
                ownership: Ownable::new(issuer),
                pause: Pausable::default(),
                decimals,
                frozen: Mapping::default(),
                frozen_accounts: 0,
                metadata,
            })
        }

        fn cos(&self) -> CreditClient {
            CreditClient::new(self.credit)
        }

        fn emit_psp22(&self, events: Vec<Psp22Event>) {
            for event in events {
                match event {
                    Psp22Event::Transfer(e) => self.env().emit_event(e),
                    Psp22Event::Approval(e) => self.env().emit_event(e),
                }
            }
        }

        fn ensure_owner(&self) -> Result<(), SubtokenError> {
            Ok(self.ownership.ensure_owner(self.env().caller())?)
        }

        fn ensure_issuer(&self) -> Result<(), SubtokenError> {
            self.issuer
                .ensure_owner(self.env().caller())
                .map_err(|_| SubtokenError::NotIssuer)
        }

        fn ensure_not_paused(&self) -> Result<(), SubtokenError> {
            Ok(self.pause.ensure_not_paused()?)
        }

        /// Refuses units sent to this contract's own address, where nobody
        /// could move them again.
        fn ensure_not_to_self(&self, to: AccountId) -> Result<(), SubtokenError> {
            if to == cos_common::this_contract() {
                return Err(SubtokenError::ToSubtoken);
            }
            Ok(())
        }

        /// Checks that `amount` of `owner`'s units may move (frozen ones may not).
        fn check_spend(&self, owner: AccountId, amount: Balance) -> Result<(), SubtokenError> {
            let frozen = if self.frozen_accounts == 0 {
                0
            } else {
                self.frozen_balance_of(owner)
            };
            Ok(freezable::check_spend(self.data.balance_of(owner), frozen, amount)?)
        }

        /// Burns `amount` of the caller's unfrozen units for a redemption or sale.
        fn burn_from_caller(&mut self, amount: Balance) -> Result<AccountId, SubtokenError> {
            self.ensure_not_paused()?;
            if amount == 0 {
                return Err(SubtokenError::ZeroAmount);
            }
            let caller = self.env().caller();
            self.check_spend(caller, amount)?;
            let events = self.data.burn(caller, amount)?;
            self.emit_psp22(events);
            Ok(caller)
        }

        // ---- issuing and redeeming --------------------------------------------

        /// Issues `amount` units to the issuer, who pays face value x `amount`
        /// COS as collateral (approve this contract on COS Credit first).
        /// Issuer only.
        ///
        /// # Errors
        /// `NotIssuer`, `Paused`, `ZeroAmount`, `Overflow`, `Token` if the COS
        /// transfer is refused (allowance, balance).
        ///
        /// # Events
        /// `Transfer` from `None`, `Issued`.
        #[ink(message)]
        pub fn issue(&mut self, amount: Balance) -> Result<(), SubtokenError> {
            self.ensure_issuer()?;
            self.ensure_not_paused()?;
            if amount == 0 {
                return Err(SubtokenError::ZeroAmount);
            }
            let collateral = self.book.collateral(amount)?;
            let issuer = self.issuer.owner();
            let events = self.data.mint(issuer, amount)?;
            self.emit_psp22(events);
            self.env().emit_event(Issued {
                issuer,
                amount,
                collateral,
            });
            let this = cos_common::this_contract();
            Ok(self.cos().transfer_from(issuer, this, collateral)?)
        }

        /// Redeems `amount` of the caller's units for their right: burns them
        /// and records `memo_hash` (what the holder asks for, hashed) for the
        /// issuer to fulfil off-chain. The collateral behind them, face value x
        /// `amount` COS, returns to the issuer.
        ///
        /// # Errors
        /// `Paused`, `ZeroAmount`, `InsufficientBalance`,
        /// `InsufficientUnfrozenBalance`, `Token`.
        ///
        /// # Events
        /// `Transfer` to `None`, `RightRedeemed`.
        #[ink(message)]
        pub fn redeem_right(&mut self, amount: Balance, memo_hash: Hash) -> Result<(), SubtokenError> {
            let released = self.book.collateral(amount)?;
            let holder = self.burn_from_caller(amount)?;
            self.env().emit_event(RightRedeemed {
                holder,
                amount,
                memo_hash,
                released,
            });
            Ok(self.cos().transfer(self.issuer.owner(), released)?)
        }

        /// Redeems `amount` of the caller's units for their face value: burns
        /// them and pays the caller face value x `amount` COS.
        ///
        /// # Errors
        /// `Paused`, `ZeroAmount`, `InsufficientBalance`,
        /// `InsufficientUnfrozenBalance`, `Token`.
        ///
        /// # Events
        /// `Transfer` to `None`, `FaceValueRedeemed`.
        #[ink(message)]
        pub fn redeem_face_value(&mut self, amount: Balance) -> Result<(), SubtokenError> {
            let paid = self.book.collateral(amount)?;
            let holder = self.burn_from_caller(amount)?;
            self.env().emit_event(FaceValueRedeemed { holder, amount, paid });
            Ok(self.cos().transfer(holder, paid)?)
        }

        // ---- exchange ------------------------------------------------------

        /// What buying `amount` units costs now (cost, fee, total, and the
        /// margin the issuer's reserve gets).
        #[ink(message)]
        pub fn quote_buy(&self, amount: Balance) -> Result<Purchase, SubtokenError> {
            self.book.quote_purchase(amount)
        }

        /// What selling `amount` units back pays now (value, fee, proceeds, and
        /// the margin the issuer's reserve pays), at the sale price.
        #[ink(message)]
        pub fn quote_sell(&self, amount: Balance) -> Result<Sale, SubtokenError> {
            self.book
                .quote_sale(amount, cos_common::millis(self.env().block_timestamp()))
        }

        /// Buys `amount` new units at the price: the caller pays price x
        /// `amount` COS plus the fee (rounded up), at most `max_cost` in all
        /// (approve this contract on COS Credit first). Face value x `amount`
        /// becomes collateral, the rest of the price goes to the issuer's
        /// reserve, the fee to the fees owed.
        ///
        /// # Errors
        /// `Paused`, `ZeroAmount`, `CostAboveLimit`, `Overflow`, `Token`.
        ///
        /// # Events
        /// `Transfer` from `None`, `Bought`.
        #[ink(message)]
        pub fn buy(&mut self, amount: Balance, max_cost: Balance) -> Result<(), SubtokenError> {
            self.ensure_not_paused()?;
            let purchase = self.book.quote_purchase(amount)?;
            if purchase.total > max_cost {
                return Err(SubtokenError::CostAboveLimit);
            }
            let buyer = self.env().caller();
            self.book.purchase(&purchase)?;
            let events = self.data.mint(buyer, amount)?;
            self.emit_psp22(events);
            self.env().emit_event(Bought {
                buyer,
                amount,
                cost: purchase.cost,
                fee: purchase.fee,
                reserve: self.book.reserve(),
                fees_owed: self.book.fees_owed(),
            });
            let this = cos_common::this_contract();
            Ok(self.cos().transfer_from(buyer, this, purchase.total)?)
        }

        /// Sells `amount` of the caller's units back at the price: they are
        /// burned and the caller receives price x `amount` COS minus the fee
        /// (rounded up), at least `min_proceeds`. The collateral behind them
        /// pays face value; the issuer's reserve pays the rest of the price.
        ///
        /// # Errors
        /// `Paused`, `ZeroAmount`, `InsufficientBalance`,
        /// `InsufficientUnfrozenBalance`, `InsufficientReserve`,
        /// `NothingAfterFee`, `ProceedsBelowLimit`, `Overflow`, `Token`.
        ///
        /// # Events
        /// `Transfer` to `None`, `Sold`.
        #[ink(message)]
        pub fn sell(&mut self, amount: Balance, min_proceeds: Balance) -> Result<(), SubtokenError> {
            let sale = self
                .book
                .quote_sale(amount, cos_common::millis(self.env().block_timestamp()))?;
            if sale.proceeds < min_proceeds {
                return Err(SubtokenError::ProceedsBelowLimit);
            }
            let seller = self.burn_from_caller(amount)?;
            self.book.sale(&sale)?;
            self.env().emit_event(Sold {
                seller,
                amount,
                proceeds: sale.proceeds,
                fee: sale.fee,
                reserve: self.book.reserve(),
                fees_owed: self.book.fees_owed(),
            });
            Ok(self.cos().transfer(seller, sale.proceeds)?)
        }

        /// Pays every fee owed to the fee recipient. Anyone may call it.
        ///
        /// # Errors
        /// `Paused`, `NoFees`, `Token`.
        ///
        /// # Events
        /// `FeesWithdrawn`.
        #[ink(message)]
        pub fn withdraw_fees(&mut self) -> Result<(), SubtokenError> {
            self.ensure_not_paused()?;
            let amount = self.book.take_fees()?;
            let recipient = self.book.fee_recipient();
            self.env().emit_event(FeesWithdrawn { recipient, amount });
            Ok(self.cos().transfer(recipient, amount)?)
        }

        // ---- the issuer ----------------------------------------------------

        /// Sets the exchange price (COS base units per sub-token base unit).
        /// Issuer only. A rise reaches purchases at once and sales
        /// [`PRICE_NOTICE_MS`](crate::book::PRICE_NOTICE_MS) later, so that
        /// units bought just before it cannot be sold at it right after (the
        /// sandwich that emptied the reserve); during the notice the issuer
        /// may take it back. A cut applies to both at once.
        ///
        /// # Errors
        /// `NotIssuer`, `PriceBelowFaceValue`, `Overflow`.
        ///
        /// # Events
        /// `PriceChanged` (none if the purchase price is unchanged).
        #[ink(message)]
        pub fn set_price(&mut self, price: Balance) -> Result<(), SubtokenError> {
            self.ensure_issuer()?;
            if let Some(change) = self
                .book
                .set_price(price, cos_common::millis(self.env().block_timestamp()))?
            {
                self.env().emit_event(PriceChanged {
                    old_price: change.old_price,
                    new_price: change.new_price,
                    sales_from: change.sales_from,
                });
            }
            Ok(())
        }

        /// Adds `amount` COS from the issuer to its reserve, which pays the part
        /// of the price above face value when holders sell back. Issuer only
        /// (approve this contract on COS Credit first).
        ///
        /// # Errors
        /// `NotIssuer`, `Paused`, `ZeroAmount`, `Overflow`, `Token`.
        ///
        /// # Events
        /// `ReserveChanged`.
        #[ink(message)]
        pub fn deposit_reserve(&mut self, amount: Balance) -> Result<(), SubtokenError> {
            self.ensure_issuer()?;
            self.ensure_not_paused()?;
            self.book.deposit(amount)?;
            let issuer = self.issuer.owner();
            self.env().emit_event(ReserveChanged {
                issuer,
                deposited: amount,
                withdrawn: 0,
                reserve: self.book.reserve(),
            });
            let this = cos_common::this_contract();
            Ok(self.cos().transfer_from(issuer, this, amount)?)
        }

        /// Pays `amount` of the reserve to the issuer. Issuer only.
        ///
        /// # Errors
        /// `NotIssuer`, `Paused`, `ZeroAmount`, `ExceedsReserve`, `Token`.
        ///
        /// # Events
        /// `ReserveChanged`.
        #[ink(message)]
        pub fn withdraw_reserve(&mut self, amount: Balance) -> Result<(), SubtokenError> {
            self.ensure_issuer()?;
            self.ensure_not_paused()?;
            self.book.withdraw(amount)?;
            let issuer = self.issuer.owner();
            self.env().emit_event(ReserveChanged {
                issuer,
                deposited: 0,
                withdrawn: amount,
                reserve: self.book.reserve(),
            });
            Ok(self.cos().transfer(issuer, amount)?)
        }

        // ---- the owner -----------------------------------------------------

        /// Sets the exchange fee in basis points, at most `MAX_FEE_BPS` (1 %).
        /// Owner only (for example a governance contract).
        ///
        /// # Errors
        /// `NotOwner`, `FeeAboveBound`.
        ///
        /// # Events
        /// `FeeChanged` (none if the fee is unchanged).
        #[ink(message)]
        pub fn set_fee(&mut self, fee_bps: u16) -> Result<(), SubtokenError> {
            self.ensure_owner()?;
            let old_bps = self.book.set_fee(fee_bps)?;
            if old_bps != fee_bps {
                self.env().emit_event(FeeChanged {
                    old_bps,
                    new_bps: fee_bps,
                });
            }
            Ok(())
        }

        /// Sets who receives the fees (fees owed so far included). Owner only.
        ///
        /// # Errors
        /// `NotOwner`.
        ///
        /// # Events
        /// `FeeRecipientChanged` (none if unchanged).
        #[ink(message)]
        pub fn set_fee_recipient(&mut self, recipient: AccountId) -> Result<(), SubtokenError> {
            self.ensure_owner()?;
            let old_recipient = self.book.set_fee_recipient(recipient);
            if old_recipient != recipient {
                self.env().emit_event(FeeRecipientChanged {
                    old_recipient,
                    new_recipient: recipient,
                });
            }
            Ok(())
        }

        /// Freezes `amount` more of `owner`'s units: they stay `owner`'s but
        /// cannot be transferred, redeemed or sold. Owner only; works while
        /// paused.
        ///
        /// # Errors
        /// `NotOwner`, `ZeroAmount`, `InsufficientBalance` if `owner` has fewer
        /// unfrozen units, `Overflow`.
        ///
        /// # Events
        /// `Frozen`.
        #[ink(message)]
        pub fn freeze(&mut self, owner: AccountId, amount: Balance) -> Result<(), SubtokenError> {
            self.ensure_owner()?;
            if amount == 0 {
                return Err(SubtokenError::ZeroAmount);
            }
            let before = self.frozen_balance_of(owner);
            if self.data.balance_of(owner).saturating_sub(before) < amount {
                return Err(SubtokenError::InsufficientBalance);
            }
            let frozen = before.checked_add(amount).ok_or(SubtokenError::Overflow)?;
            if before == 0 {
                self.frozen_accounts = self.frozen_accounts.checked_add(1).ok_or(SubtokenError::Overflow)?;
            }
            self.frozen.insert(owner, &frozen);
            self.env().emit_event(Frozen {
                account: owner,
                amount,
                frozen,
            });
            Ok(())
        }

        /// Releases `amount` of `owner`'s frozen units. Owner only; works while
        /// paused.
        ///
        /// # Errors
        /// `NotOwner`, `ZeroAmount`, `InsufficientFrozenBalance`.
        ///
        /// # Events
        /// `Unfrozen`.
        #[ink(message)]
        pub fn unfreeze(&mut self, owner: AccountId, amount: Balance) -> Result<(), SubtokenError> {
            self.ensure_owner()?;
            if amount == 0 {
                return Err(SubtokenError::ZeroAmount);
            }
            let frozen = self
                .frozen_balance_of(owner)
                .checked_sub(amount)
                .ok_or(SubtokenError::InsufficientFrozenBalance)?;
            if frozen == 0 {
                self.frozen.remove(owner);
                self.frozen_accounts = self.frozen_accounts.saturating_sub(1);
            } else {
                self.frozen.insert(owner, &frozen);
            }
            self.env().emit_event(Unfrozen {
                account: owner,
                amount,
                frozen,
            });
            Ok(())
        }

        /// Stops transfers, issuing, redeeming, the exchange and withdrawals
        /// until `unpause`. Freezing, settings and ownership still work. Owner
        /// only.
        ///
        /// # Errors
        /// `NotOwner`; `Paused` if already paused.
        ///
        /// # Events
        /// `Paused`.
        #[ink(message)]
        pub fn pause(&mut self) -> Result<(), SubtokenError> {
            self.ensure_owner()?;
            let event = self.pause.pause(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Lifts the pause. Owner only.
        ///
        /// # Errors
        /// `NotOwner`; `NotPaused` if not paused.
        ///
        /// # Events
        /// `Unpaused`.
        #[ink(message)]
        pub fn unpause(&mut self) -> Result<(), SubtokenError> {
            self.ensure_owner()?;
            let event = self.pause.unpause(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Offers ownership to `new_owner` (`None` withdraws the offer). Owner
        /// only; nothing changes until `new_owner` calls `accept_ownership`.
        ///
        /// # Events
        /// `OwnershipTransferStarted`.
        #[ink(message)]
        pub fn transfer_ownership(&mut self, new_owner: Option<AccountId>) -> Result<(), SubtokenError> {
            let event = self.ownership.transfer(self.env().caller(), new_owner)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Offers the issuer role to `new_issuer` (`None` withdraws the offer).
        /// Issuer only; nothing changes until `new_issuer` calls
        /// `accept_issuer`. The reserve and the collateral of later right
        /// redemptions follow the role.
        ///
        /// # Errors
        /// `NotIssuer`.
        ///
        /// # Events
        /// `IssuerTransferStarted`.
        #[ink(message)]
        pub fn transfer_issuer(&mut self, new_issuer: Option<AccountId>) -> Result<(), SubtokenError> {
            let started = self
                .issuer
                .transfer(self.env().caller(), new_issuer)
                .map_err(|_| SubtokenError::NotIssuer)?;
            self.env().emit_event(IssuerTransferStarted {
                previous_issuer: started.previous_owner,
                new_issuer: started.new_owner,
            });
            Ok(())
        }

        /// Accepts the issuer role offered to the caller.
        ///
        /// # Errors
        /// `NotPendingIssuer` for anyone but the account offered it.
        ///
        /// # Events
        /// `IssuerTransferred`.
        #[ink(message)]
        pub fn accept_issuer(&mut self) -> Result<(), SubtokenError> {
            let done = self
                .issuer
                .accept(self.env().caller())
                .map_err(|_| SubtokenError::NotPendingIssuer)?;
            self.env().emit_event(IssuerTransferred {
                previous_issuer: done.previous_owner,
                new_issuer: done.new_owner,
            });
            Ok(())
        }

        /// The account offered the issuer role, until it accepts.
        #[ink(message)]
        pub fn pending_issuer(&self) -> Option<AccountId> {
            self.issuer.pending_owner()
        }

        /// COS the contract holds beyond what it owes (sent to it by mistake).
        /// Fails with `Token` if COS Credit cannot be asked.
        #[ink(message)]
        pub fn surplus(&self) -> Result<Balance, SubtokenError> {
            let held = self.cos().balance_of(cos_common::this_contract())?;
            Ok(held.saturating_sub(self.owed()))
        }

        /// Pays `amount` of the surplus (COS held beyond collateral, reserve
        /// and fees) to `to`. Owner only; what backs the units can never leave
        /// this way.
        ///
        /// # Errors
        /// `NotOwner`, `ZeroAmount`, `ExceedsSurplus`, `Token`.
        ///
        /// # Events
        /// `SurplusRecovered`.
        #[ink(message)]
        pub fn recover_surplus(&mut self, to: AccountId, amount: Balance) -> Result<(), SubtokenError> {
            self.ensure_owner()?;
            if amount == 0 {
                return Err(SubtokenError::ZeroAmount);
            }
            if amount > self.surplus()? {
                return Err(SubtokenError::ExceedsSurplus);
            }
            self.env().emit_event(SurplusRecovered { to, amount });
            Ok(self.cos().transfer(to, amount)?)
        }

        /// Accepts the ownership offered to the caller. Fails with
        /// `NotPendingOwner` for anyone else.
        ///
        /// # Events
        /// `OwnershipTransferred`.
        #[ink(message)]
        pub fn accept_ownership(&mut self) -> Result<(), SubtokenError> {
            let event = self.ownership.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        // ---- views ---------------------------------------------------------

        /// The owner: sets the fee and its recipient, pauses, freezes.
        #[ink(message)]
        pub fn owner(&self) -> AccountId {
            self.ownership.owner()
        }

        /// The account offered ownership, until it accepts.
        #[ink(message)]
        pub fn pending_owner(&self) -> Option<AccountId> {
            self.ownership.pending_owner()
        }

        /// The issuer: issues, sets the price, manages the reserve, and gets
        /// the collateral of units redeemed for their right.
        #[ink(message)]
        pub fn issuer(&self) -> AccountId {
            self.issuer.owner()
        }

        /// The COS Credit contract holding the collateral.
        #[ink(message)]
        pub fn credit(&self) -> AccountId {
            self.credit
        }

        /// The community issuing this sub-token, if it said so.
        #[ink(message)]
        pub fn community(&self) -> Option<CommunityRef> {
            self.metadata.get().and_then(|m| m.community)
        }

        /// COS base units behind each sub-token base unit.
        #[ink(message)]
        pub fn face_value(&self) -> Balance {
            self.book.face_value()
        }

        /// COS base units per sub-token base unit a purchase pays now.
        #[ink(message)]
        pub fn price(&self) -> Balance {
            self.book.price()
        }

        /// COS base units per sub-token base unit a sale pays now: below
        /// [`price`](Self::price) while a rise waits for its notice.
        #[ink(message)]
        pub fn sale_price(&self) -> Balance {
            self.book.sale_price(cos_common::millis(self.env().block_timestamp()))
        }

        /// The rise announced and not yet reached by sales: its price and the
        /// block time (ms) from which sales pay it.
        #[ink(message)]
        pub fn price_rise(&self) -> Option<crate::book::Rise> {
            self.book.rise(cos_common::millis(self.env().block_timestamp()))
        }

        /// The exchange fee in basis points.
        #[ink(message)]
        pub fn fee_bps(&self) -> u16 {
            self.book.fee_bps()
        }

        /// The highest fee the owner may set, in basis points (fixed in the code).
        #[ink(message)]
        pub fn max_fee_bps(&self) -> u16 {
            crate::MAX_FEE_BPS
        }

        /// Who receives the fees.
        #[ink(message)]
        pub fn fee_recipient(&self) -> AccountId {
            self.book.fee_recipient()
        }

        /// Fees owed to the fee recipient.
        #[ink(message)]
        pub fn fees_owed(&self) -> Balance {
            self.book.fees_owed()
        }

        /// The issuer's reserve: COS that pays the price above face value on sales.
        #[ink(message)]
        pub fn reserve(&self) -> Balance {
            self.book.reserve()
        }

        /// COS held as collateral: face value x total supply.
        #[ink(message)]
        pub fn collateral(&self) -> Balance {
            self.book.collateral(self.data.total_supply()).unwrap_or(Balance::MAX)
        }

        /// COS the contract must hold: collateral + reserve + fees owed.
        #[ink(message)]
        pub fn owed(&self) -> Balance {
            self.book.owed(self.data.total_supply()).unwrap_or(Balance::MAX)
        }

        /// The frozen part of `owner`'s units.
        #[ink(message)]
        pub fn frozen_balance_of(&self, owner: AccountId) -> Balance {
            self.frozen.get(owner).unwrap_or_default()
        }

        /// Whether the sub-token is paused.
        #[ink(message)]
        pub fn paused(&self) -> bool {
            self.pause.paused()
        }
    }

    impl PSP22 for Subtoken {
        /// Units outstanding.
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            self.data.total_supply()
        }

        /// Units held by `owner`, frozen ones included.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> Balance {
            self.data.balance_of(owner)
        }

        /// What `spender` may still move of `owner`'s units.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.data.allowance(owner, spender)
        }

        /// Moves `value` of the caller's unfrozen units to `to`. Zero or
        /// `to == caller` is a no-op with no event (while not paused).
        ///
        /// # Errors
        /// `InsufficientBalance`, `Custom("InsufficientUnfrozenBalance")`,
        /// `Custom("Paused")`, `Custom("ToSubtoken")` (`to` is this
        /// contract: the units and their collateral would be locked).
        ///
        /// # Events
        /// `Transfer`.
        #[ink(message)]
        fn transfer(&mut self, to: AccountId, value: Balance, _data: Vec<u8>) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            self.ensure_not_to_self(to)?;
            let caller = self.env().caller();
            if caller != to {
                self.check_spend(caller, value)?;
            }
            let events = self.data.transfer(caller, to, value)?;
            self.emit_psp22(events);
            Ok(())
        }

        /// Moves `value` of `from`'s unfrozen units to `to` using the caller's
        /// allowance, which drops by `value`. Zero or `from == to` is a no-op
        /// with no event (while not paused).
        ///
        /// # Errors
        /// `InsufficientAllowance`, `InsufficientBalance`,
        /// `Custom("InsufficientUnfrozenBalance")`, `Custom("Paused")`,
        /// `Custom("ToSubtoken")`.
        ///
        /// # Events
        /// `Approval` (the remaining allowance), then `Transfer`.
        #[ink(message)]
        fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
            _data: Vec<u8>,
        ) -> Result<(), PSP22Error> {
            self.ensure_not_paused()?;
            self.ensure_not_to_self(to)?;
            if from != to {
                self.check_spend(from, value)?;
            }
            let events = self.data.transfer_from(self.env().caller(), from, to, value)?;
            self.emit_psp22(events);
            Ok(())
        }

        /// Lets `spender` move up to `value` of the caller's units; works while
        /// paused (allowances move nothing).
        ///
        /// # Events
        /// `Approval`.
        #[ink(message)]
        fn approve(&mut self, spender: AccountId, value: Balance) -> Result<(), PSP22Error> {
            let events = self.data.approve(self.env().caller(), spender, value)?;
            self.emit_psp22(events);
            Ok(())
        }

        /// Raises `spender`'s allowance by `delta_value`.
        ///
        /// # Events
        /// `Approval` with the new allowance.
        #[ink(message)]
        fn increase_allowance(&mut self, spender: AccountId, delta_value: Balance) -> Result<(), PSP22Error> {
            let events = self
                .data
                .increase_allowance(self.env().caller(), spender, delta_value)?;
            self.emit_psp22(events);
            Ok(())
        }

        /// Lowers `spender`'s allowance by `delta_value`.
        ///
        /// # Errors
        /// `InsufficientAllowance` below zero.
        ///
        /// # Events
        /// `Approval` with the new allowance.
        #[ink(message)]
        fn decrease_allowance(&mut self, spender: AccountId, delta_value: Balance) -> Result<(), PSP22Error> {
            let events = self
                .data
                .decrease_allowance(self.env().caller(), spender, delta_value)?;
            self.emit_psp22(events);
            Ok(())
        }
    }

    impl PSP22Metadata for Subtoken {
        /// The name given at deployment.
        #[ink(message)]
        fn token_name(&self) -> Option<String> {
            self.metadata.get().map(|m| m.name)
        }

        /// The symbol given at deployment.
        #[ink(message)]
        fn token_symbol(&self) -> Option<String> {
            self.metadata.get().map(|m| m.symbol)
        }

        /// The decimals given at deployment.
        #[ink(message)]
        fn token_decimals(&self) -> u8 {
            self.decimals
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::{test, DefaultEnvironment};

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        fn deploy() -> Subtoken {
            let a = accounts();
            test::set_caller::<DefaultEnvironment>(a.alice);
            Subtoken::new(
                a.django,
                "Club points".into(),
                "PTS".into(),
                2,
                1_000_000,
                1_200_000,
                None,
            )
            .unwrap()
        }

        fn emitted() -> usize {
            test::recorded_events().count()
        }

        #[ink::test]
        fn deploys_with_its_metadata_and_roles() {
            let a = accounts();
            let token = deploy();
            assert_eq!(token.token_name().as_deref(), Some("Club points"));
            assert_eq!(token.token_symbol().as_deref(), Some("PTS"));
            assert_eq!(token.token_decimals(), 2);
            assert_eq!(
                (token.owner(), token.issuer(), token.fee_recipient()),
                (a.alice, a.alice, a.alice)
            );
            assert_eq!(
                (token.face_value(), token.price(), token.fee_bps()),
                (1_000_000, 1_200_000, 10)
            );
            assert_eq!((token.collateral(), token.owed(), token.credit()), (0, 0, a.django));
            assert_eq!(emitted(), 1, "SubtokenCreated");
            assert_eq!(
                Subtoken::new(a.django, "x".into(), "X".into(), 0, 0, 0, None).err(),
                Some(SubtokenError::ZeroFaceValue)
            );
            assert_eq!(
                Subtoken::new(a.django, "x".into(), "X".into(), 0, 5, 4, None).err(),
                Some(SubtokenError::PriceBelowFaceValue)
            );
        }

        #[ink::test]
        fn roles_are_checked_before_anything_happens() {
            let a = accounts();
            let mut token = deploy();
            test::set_caller::<DefaultEnvironment>(a.bob);
            assert_eq!(token.issue(1), Err(SubtokenError::NotIssuer));
            assert_eq!(token.set_price(2_000_000), Err(SubtokenError::NotIssuer));
            assert_eq!(token.deposit_reserve(1), Err(SubtokenError::NotIssuer));
            assert_eq!(token.withdraw_reserve(1), Err(SubtokenError::NotIssuer));
            assert_eq!(token.set_fee(5), Err(SubtokenError::NotOwner));
            assert_eq!(token.set_fee_recipient(a.bob), Err(SubtokenError::NotOwner));
            assert_eq!(token.freeze(a.bob, 1), Err(SubtokenError::NotOwner));
            assert_eq!(token.pause(), Err(SubtokenError::NotOwner));
            assert_eq!(token.accept_ownership(), Err(SubtokenError::NotPendingOwner));
            assert_eq!(emitted(), 1);
        }

        #[ink::test]
        fn the_owner_sets_the_fee_within_the_bound_and_its_recipient() {
            let a = accounts();
            let mut token = deploy();
            assert_eq!(token.set_fee(crate::MAX_FEE_BPS + 1), Err(SubtokenError::FeeAboveBound));
            token.set_fee(crate::MAX_FEE_BPS).unwrap();
            token.set_fee(crate::MAX_FEE_BPS).unwrap();
            token.set_fee_recipient(a.eve).unwrap();
            assert_eq!((token.fee_bps(), token.fee_recipient()), (crate::MAX_FEE_BPS, a.eve));
            assert_eq!(emitted(), 3, "created, one FeeChanged, one FeeRecipientChanged");
            token.set_price(1_000_000).unwrap();
            assert_eq!(token.set_price(999_999), Err(SubtokenError::PriceBelowFaceValue));
            assert_eq!(token.quote_buy(3).unwrap().total, 3_000_000 + 30_000);
        }

        #[ink::test]
        fn nothing_moves_while_paused_and_zero_amounts_are_refused() {
            let a = accounts();
            let mut token = deploy();
            assert_eq!(token.issue(0), Err(SubtokenError::ZeroAmount));
            assert_eq!(token.redeem_face_value(0), Err(SubtokenError::ZeroAmount));
            assert_eq!(
                token.redeem_right(1, Hash::from([1; 32])),
                Err(SubtokenError::InsufficientBalance)
            );
            assert_eq!(token.sell(1, 0), Err(SubtokenError::InsufficientReserve));
            token.pause().unwrap();
            assert_eq!(token.issue(1), Err(SubtokenError::Paused));
            assert_eq!(token.buy(1, u128::MAX), Err(SubtokenError::Paused));
            assert_eq!(token.withdraw_fees(), Err(SubtokenError::Paused));
            assert_eq!(
                PSP22::transfer(&mut token, a.bob, 0, vec![]),
                Err(PSP22Error::Custom("Paused".into()))
            );
            assert_eq!(token.pause(), Err(SubtokenError::Paused));
            token.unpause().unwrap();
            assert_eq!(token.unpause(), Err(SubtokenError::NotPaused));
            assert_eq!(token.withdraw_fees(), Err(SubtokenError::NoFees));
            assert_eq!(token.buy(1, 1_201_199), Err(SubtokenError::CostAboveLimit));
        }

        #[ink::test]
        fn freezing_needs_unfrozen_units_and_unfreezing_frozen_ones() {
            let a = accounts();
            let mut token = deploy();
            assert_eq!(token.freeze(a.bob, 0), Err(SubtokenError::ZeroAmount));
            assert_eq!(token.freeze(a.bob, 1), Err(SubtokenError::InsufficientBalance));
            assert_eq!(token.unfreeze(a.bob, 1), Err(SubtokenError::InsufficientFrozenBalance));
            assert_eq!(token.frozen_accounts, 0);
        }

        #[ink::test]
        fn ownership_moves_in_two_steps() {
            let a = accounts();
            let mut token = deploy();
            token.transfer_ownership(Some(a.bob)).unwrap();
            assert_eq!((token.owner(), token.pending_owner()), (a.alice, Some(a.bob)));
            test::set_caller::<DefaultEnvironment>(a.bob);
            token.accept_ownership().unwrap();
            assert_eq!(token.owner(), a.bob);
            token.set_fee(0).unwrap();
            assert_eq!(token.issuer(), a.alice, "the issuer stays");
        }

        #[ink::test]
        fn the_issuer_role_moves_in_two_steps() {
            let a = accounts();
            let mut token = deploy();
            test::set_caller::<DefaultEnvironment>(a.bob);
            assert_eq!(token.transfer_issuer(Some(a.bob)), Err(SubtokenError::NotIssuer));
            test::set_caller::<DefaultEnvironment>(a.alice);
            token.transfer_issuer(Some(a.charlie)).unwrap();
            assert_eq!((token.issuer(), token.pending_issuer()), (a.alice, Some(a.charlie)));
            test::set_caller::<DefaultEnvironment>(a.bob);
            assert_eq!(token.accept_issuer(), Err(SubtokenError::NotPendingIssuer));
            test::set_caller::<DefaultEnvironment>(a.charlie);
            token.accept_issuer().unwrap();
            assert_eq!((token.issuer(), token.pending_issuer()), (a.charlie, None));
            token.set_price(2_000_000).unwrap();
            assert_eq!(token.owner(), a.alice, "ownership stays");
            assert_eq!(emitted(), 4, "created, started, transferred, price");
        }
    }
}
