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
//! `e2e/tests/subtoken_properties.rs`). Fees round up, so a trade never pays
//! the trader a fraction of a base unit at the others' expense.

use crate::errors::SubtokenError;
use ink::primitives::AccountId;

/// Fees are in basis points of the traded COS.
pub const BPS: u128 = 10_000;
/// The fee a new sub-token charges: 0.1 %.
pub const DEFAULT_FEE_BPS: u16 = 10;
/// The highest fee an owner may set: 1 %. Fixed in the code, so that no
/// owner (a governance contract included) can turn the exchange into a trap.
pub const MAX_FEE_BPS: u16 = 100;

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
    price: u128,
    fee_bps: u16,
    fee_recipient: AccountId,
    reserve: u128,
    fees_owed: u128,
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
            fee_bps: DEFAULT_FEE_BPS,
            fee_recipient,
            reserve: 0,
            fees_owed: 0,
        })
    }

    pub fn face_value(&self) -> u128 {
        self.face_value
    }

    pub fn price(&self) -> u128 {
        self.price
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
        let cost = mul(self.price, amount)?;
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

    /// What selling `amount` units back pays now. Fails with
    /// `InsufficientReserve` if the reserve cannot pay the price above face
    /// value, `NothingAfterFee` if the fee takes everything.
    pub fn quote_sale(&self, amount: u128) -> Result<Sale, SubtokenError> {
        if amount == 0 {
            return Err(SubtokenError::ZeroAmount);
        }
        let value = mul(self.price, amount)?;
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

    /// Sets the exchange price; returns the old one.
    pub fn set_price(&mut self, price: u128) -> Result<u128, SubtokenError> {
        if price < self.face_value {
            return Err(SubtokenError::PriceBelowFaceValue);
        }
        Ok(core::mem::replace(&mut self.price, price))
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
        assert_eq!(b.set_price(4), Err(SubtokenError::PriceBelowFaceValue));
        assert_eq!(b.set_price(7), Ok(5));
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
        assert_eq!(b.quote_sale(1), Err(SubtokenError::InsufficientReserve));
        b.deposit(30).unwrap();
        let s = b.quote_sale(1).unwrap();
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
        assert_eq!(book(1, 1).quote_sale(1), Err(SubtokenError::NothingAfterFee));
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
            Just(Op::TakeFees),
        ]
    }

    proptest! {
        /// COS held (moved in and out exactly as the contract moves it) is
        /// always what the book says is owed, whatever the sequence.
        #[test]
        fn cos_held_is_what_is_owed(face in 1..1_000u128, ops in prop::collection::vec(op(), 1..60)) {
            let mut b = book(face, face);
            let (mut held, mut supply) = (0u128, 0u128);
            for op in ops {
                match op {
                    Op::Buy(n) => if let Ok(p) = b.quote_purchase(n) {
                        b.purchase(&p).unwrap();
                        held += p.total;
                        supply += n;
                    },
                    Op::Sell(n) => if n <= supply {
                        if let Ok(s) = b.quote_sale(n) {
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
                        prop_assert_eq!(b.set_price(p).is_ok(), p >= face);
                    }
                    Op::TakeFees => if let Ok(fees) = b.take_fees() {
                        held -= fees;
                    },
                }
                prop_assert_eq!(b.owed(supply).unwrap(), held);
                prop_assert!(b.price() >= b.face_value());
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

        /// Buying and selling straight back never makes COS: the round trip
        /// costs at least the two fees.
        #[test]
        fn a_round_trip_never_profits(face in 1..1_000u128, extra in 0..1_000u128, n in 1..10_000u128, bps in 0..=MAX_FEE_BPS) {
            let mut b = book(face, face + extra);
            b.set_fee(bps).unwrap();
            let p = b.quote_purchase(n).unwrap();
            b.purchase(&p).unwrap();
            if let Ok(s) = b.quote_sale(n) {
                prop_assert!(s.proceeds <= p.total);
                prop_assert!(p.total - s.proceeds >= p.fee + s.fee);
            }
        }
    }
}
