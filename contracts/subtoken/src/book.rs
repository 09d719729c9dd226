//! The sub-token's COS accounting as a plain value: the face value, the
//! exchange price and fee, the issuer's reserve and the fees owed. It computes
//! what each operation moves, checking everything before it changes anything;
//! the contract moves the units and the COS.
//!
//! What the contract owes, and so must hold in COS at all times, is
//!
//! ```text
//! face_value x supply  +  reserve  +  fees_owed
//! ```
//!
//! Every operation keeps it exact: COS in and out of the contract equal the
//! change of that sum (property-tested below and on the real Wasm in
//! `e2e/tests/suites/subtoken_properties.rs`). Fees round up, so a trade never pays
//! the trader a fraction of a base unit at the others' expense.
//!
//! A price rise cannot be sandwiched: purchases pay a new, higher price at
//! once, sales get it only [`PRICE_NOTICE_MS`] later (a [`Rise`]), so units
//! bought just before the issuer's `set_price` sell back at the old price
//! until then, and the issuer may take the rise back (a cut applies to both
//! sides at once). The sale price is never above the purchase price.

use crate::errors::SubtokenError;
use cos_common::AccountId;

/// Fees are in basis points of the traded COS.
pub const BPS: u128 = 10_000;
/// The fee a new sub-token charges: 0.1 %.
pub const DEFAULT_FEE_BPS: u16 = 10;
/// The highest fee an owner may set: 1 %. Fixed in the code, so that no
/// owner (a governance contract included) can turn the exchange into a trap.
pub const MAX_FEE_BPS: u16 = 100;
/// Block time (ms) a price rise waits before sales get it: a day.
pub const PRICE_NOTICE_MS: u64 = 24 * 60 * 60 * 1000;

/// A price rise the issuer announced: purchases pay `price` at once, sales
/// from block time `sales_from` (ms) on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Rise {
    pub price: u128,
    pub sales_from: u64,
}

/// A change of price, as [`Book::set_price`] made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PriceChange {
    /// The purchase price before.
    pub old_price: u128,
    pub new_price: u128,
    /// Block time (ms) from which sales pay `new_price`: now for a cut.
    pub sales_from: u64,
}

/// A purchase of `amount` units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Purchase {
    /// price x amount: what the units cost.
    pub cost: u128,
    /// The fee on top, rounded up.
    pub fee: u128,
    /// cost + fee: what the buyer pays.
    pub total: u128,
    /// cost - face value x amount: what goes to the issuer's reserve.
    pub margin: u128,
}

/// A sale of `amount` units back to the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Sale {
    /// price x amount: what the units fetch.
    pub value: u128,
    /// The fee kept, rounded up.
    pub fee: u128,
    /// value - fee: what the seller receives.
    pub proceeds: u128,
    /// value - face value x amount: what the issuer's reserve pays.
    pub margin: u128,
}

/// The accounting; stored packed in the contract's root.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Book {
    face_value: u128,
    /// The price sales pay (and purchases, unless a rise is announced).
    price: u128,
    /// A rise not yet reached by sales (read lazily: once its time has
    /// come it is the price, whether or not `set_price` has folded it in).
    rise: Option<Rise>,
    fee_bps: u16,
    fee_recipient: AccountId,
    reserve: u128,
    fees_owed: u128,
}

/// The rule of the notice, in one place for the contract and for readers
/// (the indexer keeps `price` and the `rise` from `PriceChanged` events): a
/// sale at block time `now` pays the rise once its time has come, else the
/// price before it.
pub fn sale_price(price: u128, rise: Option<Rise>, now: u64) -> u128 {
    match rise {
        Some(rise) if now >= rise.sales_from => rise.price,
        _ => price,
    }
}

fn mul(a: u128, b: u128) -> Result<u128, SubtokenError> {
    a.checked_mul(b).ok_or(SubtokenError::Overflow)
}

fn add(a: u128, b: u128) -> Result<u128, SubtokenError> {
    a.checked_add(b).ok_or(SubtokenError::Overflow)
}

impl Book {
    /// A book with the default fee. Fails with `ZeroFaceValue` or
    /// `PriceBelowFaceValue`.
    pub fn new(face_value: u128, price: u128, fee_recipient: AccountId) -> Result<Self, SubtokenError> {
        if face_value == 0 {
            return Err(SubtokenError::ZeroFaceValue);
        }
        if price < face_value {
            return Err(SubtokenError::PriceBelowFaceValue);
        }
        Ok(Self {
            face_value,
            price,
            rise: None,
            fee_bps: DEFAULT_FEE_BPS,
            fee_recipient,
            reserve: 0,
            fees_owed: 0,
        })
    }

    pub fn face_value(&self) -> u128 {
        self.face_value
    }

    /// The price a purchase pays now: an announced rise at once.
    pub fn price(&self) -> u128 {
        self.rise.map_or(self.price, |rise| rise.price)
    }

    /// The price a sale pays at block time `now`: a rise only from its
    /// `sales_from`. Never above [`Self::price`].
    pub fn sale_price(&self, now: u64) -> u128 {
        sale_price(self.price, self.rise, now)
    }

    /// The rise announced and not yet reached by sales at `now`, if any.
    pub fn rise(&self, now: u64) -> Option<Rise> {
        self.rise.filter(|rise| now < rise.sales_from)
    }

    pub fn fee_bps(&self) -> u16 {
        self.fee_bps
    }

    pub fn fee_recipient(&self) -> AccountId {
        self.fee_recipient
    }

    pub fn reserve(&self) -> u128 {
        self.reserve
    }

    pub fn fees_owed(&self) -> u128 {
        self.fees_owed
    }

    /// The COS behind `units`: face value x units.
    pub fn collateral(&self, units: u128) -> Result<u128, SubtokenError> {
        mul(self.face_value, units)
    }

    /// What the contract must hold with `supply` units outstanding.
    pub fn owed(&self, supply: u128) -> Result<u128, SubtokenError> {
        add(add(self.collateral(supply)?, self.reserve)?, self.fees_owed)
    }

    /// The fee on `value` COS, rounded up. Computed in two parts so that it
    /// never overflows: the fee is at most the value.
    pub fn fee(&self, value: u128) -> u128 {
        let bps = u128::from(self.fee_bps);
        let whole = (value / BPS).saturating_mul(bps);
        let rest = (value % BPS).saturating_mul(bps).div_ceil(BPS);
        whole.saturating_add(rest)
    }

    /// What buying `amount` units costs now.
    pub fn quote_purchase(&self, amount: u128) -> Result<Purchase, SubtokenError> {
        if amount == 0 {
            return Err(SubtokenError::ZeroAmount);
        }
        let cost = mul(self.price(), amount)?;
        let fee = self.fee(cost);
        let total = add(cost, fee)?;
        // price >= face value, so this does not underflow.
        let margin = cost.saturating_sub(self.collateral(amount)?);
        Ok(Purchase {
            cost,
            fee,
            total,
            margin,
        })
    }

    /// What selling `amount` units back pays at block time `now` (at
    /// [`Self::sale_price`]). Fails with `InsufficientReserve` if the reserve
    /// cannot pay the price above face value, `NothingAfterFee` if the fee
    /// takes everything.
    pub fn quote_sale(&self, amount: u128, now: u64) -> Result<Sale, SubtokenError> {
        if amount == 0 {
            return Err(SubtokenError::ZeroAmount);
        }
        let value = mul(self.sale_price(now), amount)?;
        let fee = self.fee(value);
        let proceeds = value.saturating_sub(fee);
        if proceeds == 0 {
            return Err(SubtokenError::NothingAfterFee);
        }
        let margin = value.saturating_sub(self.collateral(amount)?);
        if margin > self.reserve {
            return Err(SubtokenError::InsufficientReserve);
        }
        Ok(Sale {
            value,
            fee,
            proceeds,
            margin,
        })
    }

    /// Books a purchase quoted by [`Self::quote_purchase`].
    pub fn purchase(&mut self, purchase: &Purchase) -> Result<(), SubtokenError> {
        let reserve = add(self.reserve, purchase.margin)?;
        let fees_owed = add(self.fees_owed, purchase.fee)?;
        (self.reserve, self.fees_owed) = (reserve, fees_owed);
        Ok(())
    }

    /// Books a sale quoted by [`Self::quote_sale`].
    pub fn sale(&mut self, sale: &Sale) -> Result<(), SubtokenError> {
        let reserve = self
            .reserve
            .checked_sub(sale.margin)
            .ok_or(SubtokenError::InsufficientReserve)?;
        let fees_owed = add(self.fees_owed, sale.fee)?;
        (self.reserve, self.fees_owed) = (reserve, fees_owed);
        Ok(())
    }

    /// The issuer adds `amount` COS to its reserve.
    pub fn deposit(&mut self, amount: u128) -> Result<(), SubtokenError> {
        if amount == 0 {
            return Err(SubtokenError::ZeroAmount);
        }
        self.reserve = add(self.reserve, amount)?;
        Ok(())
    }

    /// The issuer takes `amount` COS out of its reserve.
    pub fn withdraw(&mut self, amount: u128) -> Result<(), SubtokenError> {
        if amount == 0 {
            return Err(SubtokenError::ZeroAmount);
        }
        self.reserve = self.reserve.checked_sub(amount).ok_or(SubtokenError::ExceedsReserve)?;
        Ok(())
    }

    /// Takes every fee owed, for the fee recipient.
    pub fn take_fees(&mut self) -> Result<u128, SubtokenError> {
        if self.fees_owed == 0 {
            return Err(SubtokenError::NoFees);
        }
        Ok(core::mem::take(&mut self.fees_owed))
    }

    /// Sets the exchange price at block time `now`: a rise above the sale
    /// price reaches purchases at once and sales [`PRICE_NOTICE_MS`] later
    /// (a new rise restarts the notice); a cut, or taking a rise back,
    /// applies to both at once. Returns the change, `None` if the purchase
    /// price is already `price`.
    pub fn set_price(&mut self, price: u128, now: u64) -> Result<Option<PriceChange>, SubtokenError> {
        if price < self.face_value {
            return Err(SubtokenError::PriceBelowFaceValue);
        }
        let sales_from = now.checked_add(PRICE_NOTICE_MS).ok_or(SubtokenError::Overflow)?;
        // A rise whose time has come is the price now.
        let current = self.sale_price(now);
        let old_price = self.price();
        if price == old_price {
            return Ok(None);
        }
        let change = if price > current {
            (self.price, self.rise) = (current, Some(Rise { price, sales_from }));
            PriceChange {
                old_price,
                new_price: price,
                sales_from,
            }
        } else {
            (self.price, self.rise) = (price, None);
            PriceChange {
                old_price,
                new_price: price,
                sales_from: now,
            }
        };
        Ok(Some(change))
    }

    /// Sets the fee (at most [`MAX_FEE_BPS`]); returns the old one.
    pub fn set_fee(&mut self, fee_bps: u16) -> Result<u16, SubtokenError> {
        if fee_bps > MAX_FEE_BPS {
            return Err(SubtokenError::FeeAboveBound);
        }
        Ok(core::mem::replace(&mut self.fee_bps, fee_bps))
    }

    /// Sets the fee recipient; returns the old one.
    pub fn set_fee_recipient(&mut self, recipient: AccountId) -> AccountId {
        core::mem::replace(&mut self.fee_recipient, recipient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn book(face: u128, price: u128) -> Book {
        Book::new(face, price, AccountId::from([9; 32])).unwrap()
    }

    #[test]
    fn the_price_is_never_below_the_face_value() {
        let who = AccountId::from([1; 32]);
        assert_eq!(Book::new(0, 5, who), Err(SubtokenError::ZeroFaceValue));
        assert_eq!(Book::new(5, 4, who), Err(SubtokenError::PriceBelowFaceValue));
        let mut b = book(5, 5);
        assert_eq!(b.set_price(4, 0), Err(SubtokenError::PriceBelowFaceValue));
        assert_eq!(
            b.set_price(7, 0),
            Ok(Some(PriceChange {
                old_price: 5,
                new_price: 7,
                sales_from: PRICE_NOTICE_MS
            }))
        );
        assert_eq!(b.set_price(7, 1), Ok(None), "unchanged");
    }

    /// The audit's sandwich: buy before the issuer's rise, sell right after
    /// it, and the reserve pays the difference. Sales get a rise only after
    /// the notice; purchases pay it at once; a cut or a rise taken back
    /// applies at once to both.
    #[test]
    fn a_price_rise_reaches_sales_only_after_its_notice() {
        let mut b = book(100, 100);
        b.deposit(10_000).unwrap();
        let bought = b.quote_purchase(10).unwrap();
        b.set_price(150, 1_000).unwrap();
        assert_eq!((b.price(), b.sale_price(1_000)), (150, 100));
        let sold = b.quote_sale(10, 1_000).unwrap();
        assert!(sold.proceeds < bought.total, "no profit from the sandwich");
        assert_eq!(sold.margin, 0, "the reserve pays nothing");
        let due = 1_000 + PRICE_NOTICE_MS;
        assert_eq!(
            b.rise(due - 1),
            Some(Rise {
                price: 150,
                sales_from: due
            })
        );
        assert_eq!((b.sale_price(due), b.rise(due)), (150, None));
        // A second rise restarts the notice from the price sales pay then.
        b.set_price(200, due).unwrap();
        assert_eq!(
            (b.price(), b.sale_price(due), b.sale_price(due + PRICE_NOTICE_MS)),
            (200, 150, 200)
        );
        // Taken back: both sides at once.
        b.set_price(120, due + 1).unwrap();
        assert_eq!((b.price(), b.sale_price(due + 1), b.rise(due + 1)), (120, 120, None));
        assert_eq!(b.set_price(100, u64::MAX), Err(SubtokenError::Overflow));
    }

    #[test]
    fn fees_round_up_and_stop_at_the_bound() {
        let mut b = book(1, 1);
        assert_eq!(b.fee_bps(), 10);
        assert_eq!(b.fee(0), 0);
        assert_eq!(b.fee(1), 1, "a tiny trade still pays one base unit");
        assert_eq!(b.fee(10_000), 10);
        assert_eq!(b.fee(10_001), 11);
        assert_eq!(b.set_fee(MAX_FEE_BPS + 1), Err(SubtokenError::FeeAboveBound));
        assert_eq!(b.set_fee(MAX_FEE_BPS), Ok(10));
        assert_eq!(b.fee(10_000), 100);
        assert_eq!(b.fee(u128::MAX), u128::MAX / 100 + 1, "no overflow");
        b.set_fee(0).unwrap();
        assert_eq!(b.fee(123), 0);
        assert_eq!(b.fee(u128::MAX), 0);
        b.set_fee(1).unwrap();
        assert_eq!(b.fee(u128::MAX), u128::MAX.div_ceil(10_000));
    }

    #[test]
    fn a_purchase_pays_face_value_into_collateral_and_the_rest_into_the_reserve() {
        let mut b = book(100, 130);
        let p = b.quote_purchase(10).unwrap();
        assert_eq!(
            p,
            Purchase {
                cost: 1_300,
                fee: 2,
                total: 1_302,
                margin: 300
            }
        );
        b.purchase(&p).unwrap();
        assert_eq!((b.reserve(), b.fees_owed()), (300, 2));
        assert_eq!(b.owed(10), Ok(1_000 + 300 + 2));
    }

    #[test]
    fn a_sale_above_face_value_needs_the_reserve() {
        let mut b = book(100, 130);
        assert_eq!(b.quote_sale(1, 0), Err(SubtokenError::InsufficientReserve));
        b.deposit(30).unwrap();
        let s = b.quote_sale(1, 0).unwrap();
        assert_eq!(
            s,
            Sale {
                value: 130,
                fee: 1,
                proceeds: 129,
                margin: 30
            }
        );
        b.sale(&s).unwrap();
        assert_eq!((b.reserve(), b.fees_owed()), (0, 1));
        assert_eq!(b.quote_purchase(0), Err(SubtokenError::ZeroAmount));
        assert_eq!(book(1, 1).quote_sale(1, 0), Err(SubtokenError::NothingAfterFee));
    }

    #[test]
    fn reserve_and_fees_move_only_as_far_as_they_go() {
        let mut b = book(1, 1);
        assert_eq!(b.withdraw(1), Err(SubtokenError::ExceedsReserve));
        assert_eq!(b.deposit(0), Err(SubtokenError::ZeroAmount));
        b.deposit(5).unwrap();
        b.withdraw(5).unwrap();
        assert_eq!(b.take_fees(), Err(SubtokenError::NoFees));
        b.purchase(&b.quote_purchase(3).unwrap()).unwrap();
        assert_eq!(b.take_fees(), Ok(1));
        assert_eq!(b.fees_owed(), 0);
    }

    #[derive(Debug, Clone)]
    enum Op {
        Buy(u128),
        Sell(u128),
        Issue(u128),
        Redeem(u128),
        Deposit(u128),
        Withdraw(u128),
        Fee(u16),
        Price(u128),
        Wait(u64),
        TakeFees,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (1..1_000u128).prop_map(Op::Buy),
            (1..1_000u128).prop_map(Op::Sell),
            (1..1_000u128).prop_map(Op::Issue),
            (1..1_000u128).prop_map(Op::Redeem),
            (1..10_000u128).prop_map(Op::Deposit),
            (1..10_000u128).prop_map(Op::Withdraw),
            (0..=MAX_FEE_BPS + 5).prop_map(Op::Fee),
            (0..3_000u128).prop_map(Op::Price),
            (1..PRICE_NOTICE_MS).prop_map(Op::Wait),
            Just(Op::TakeFees),
        ]
    }

    proptest! {
        /// COS held (moved in and out exactly as the contract moves it) is
        /// always what the book says is owed, whatever the sequence.
        #[test]
        fn cos_held_is_what_is_owed(face in 1..1_000u128, ops in prop::collection::vec(op(), 1..60)) {
            let mut b = book(face, face);
            let (mut held, mut supply, mut now) = (0u128, 0u128, 0u64);
            for op in ops {
                match op {
                    Op::Buy(n) => if let Ok(p) = b.quote_purchase(n) {
                        b.purchase(&p).unwrap();
                        held += p.total;
                        supply += n;
                    },
                    Op::Sell(n) => if n <= supply {
                        if let Ok(s) = b.quote_sale(n, now) {
                            b.sale(&s).unwrap();
                            held -= s.proceeds;
                            supply -= n;
                            prop_assert!(s.proceeds <= s.value);
                        }
                    },
                    Op::Issue(n) => {
                        held += b.collateral(n).unwrap();
                        supply += n;
                    }
                    Op::Redeem(n) => if n <= supply {
                        held -= b.collateral(n).unwrap();
                        supply -= n;
                    },
                    Op::Deposit(n) => {
                        b.deposit(n).unwrap();
                        held += n;
                    }
                    Op::Withdraw(n) => if b.withdraw(n).is_ok() {
                        held -= n;
                    },
                    Op::Fee(bps) => {
                        prop_assert_eq!(b.set_fee(bps).is_ok(), bps <= MAX_FEE_BPS);
                    }
                    Op::Price(p) => {
                        prop_assert_eq!(b.set_price(p, now).is_ok(), p >= face);
                    }
                    Op::Wait(ms) => now += ms,
                    Op::TakeFees => if let Ok(fees) = b.take_fees() {
                        held -= fees;
                    },
                }
                prop_assert_eq!(b.owed(supply).unwrap(), held);
                prop_assert!(b.price() >= b.face_value());
                prop_assert!(b.sale_price(now) >= b.face_value());
                prop_assert!(b.sale_price(now) <= b.price(), "a sale never pays more than a purchase costs");
                prop_assert!(b.fee_bps() <= MAX_FEE_BPS);
            }
        }

        /// The fee is the exact ceiling of value x bps / 10,000.
        #[test]
        fn the_fee_is_the_exact_ceiling(value in 0..u128::MAX / 10_000, bps in 0..=MAX_FEE_BPS) {
            let mut b = book(1, 1);
            b.set_fee(bps).unwrap();
            prop_assert_eq!(b.fee(value), (value * u128::from(bps)).div_ceil(BPS));
        }

        /// Buying and selling straight back never makes COS, even around a
        /// price change in the same block (the sandwich): the round trip
        /// costs at least the two fees.
        #[test]
        fn a_round_trip_never_profits(face in 1..1_000u128, extra in 0..1_000u128, new in 0..3_000u128, n in 1..10_000u128, bps in 0..=MAX_FEE_BPS) {
            let mut b = book(face, face + extra);
            b.set_fee(bps).unwrap();
            b.deposit(u64::MAX.into()).unwrap();
            let p = b.quote_purchase(n).unwrap();
            b.purchase(&p).unwrap();
            let _ = b.set_price(new, 5);
            if let Ok(s) = b.quote_sale(n, 5) {
                prop_assert!(s.proceeds <= p.total);
                prop_assert!(p.total - s.proceeds >= p.fee + s.fee);
            }
        }
    }
}
