//! The sub-token's collateral property, for tests on any chain that runs the
//! sub-token (drink on pallet-contracts, `cos-revive-chain` on pallet-revive):
//! under random sequences of issues, transfers, redemptions (right and face
//! value), purchases, sales, reserve deposits and withdrawals, fee and price
//! changes and fee withdrawals, by random members (including calls that must
//! fail),
//!
//! - the COS the sub-token holds in COS Credit is exactly
//!   `face_value x supply + reserve + fees_owed` (no COS is sent to it from
//!   outside, so `>=` is `=`), and its collateral is `face_value x supply`;
//! - the issuer's and members' units sum to the supply; a transfer to the
//!   sub-token's own address is refused, so none are ever locked there;
//! - a refused call moves no COS and no units, and reverts;
//! - COS is conserved: what the members and the issuer lost is what the
//!   contract and the fee recipient gained.
//!
//! A chain's harness implements [`CollateralHarness`]; its test runs
//! [`check`] on [`face`] and [`ops`] in a `proptest!`.

use proptest::prelude::*;

/// Members a harness hands out beside the issuer.
pub const MEMBERS: usize = 5;

/// One step. `who` and `from` index the issuer (0) and the members
/// (1..=[`MEMBERS`]); a `to` of `MEMBERS + 1` is the sub-token itself.
#[derive(Clone, Debug)]
pub enum Op {
    Issue(u128),
    Transfer {
        from: usize,
        to: usize,
        amount: u128,
    },
    RedeemRight {
        who: usize,
        amount: u128,
    },
    RedeemFace {
        who: usize,
        amount: u128,
    },
    Buy {
        who: usize,
        amount: u128,
    },
    Sell {
        who: usize,
        amount: u128,
    },
    Deposit(u128),
    Withdraw(u128),
    Fee(u16),
    Price(u128),
    /// By member 1 (who is not the fee recipient: refused).
    WithdrawFees,
}

/// Face values (= starting prices) from the smallest to a whole COS.
pub fn face() -> impl Strategy<Value = u128> {
    prop_oneof![Just(1u128), Just(7u128), Just(100_000_000u128)]
}

/// Random steps, COS amounts scaled to `face` so that each can happen;
/// fees up to 10 bps above the bound (refused).
pub fn ops(face: u128, max_fee_bps: u16) -> impl Strategy<Value = Vec<Op>> {
    let who = 0..MEMBERS + 1;
    let op = prop_oneof![
        (1..500u128).prop_map(Op::Issue),
        (who.clone(), 0..MEMBERS + 2, 0..300u128).prop_map(|(from, to, amount)| Op::Transfer { from, to, amount }),
        (who.clone(), 0..200u128).prop_map(|(who, amount)| Op::RedeemRight { who, amount }),
        (who.clone(), 0..200u128).prop_map(|(who, amount)| Op::RedeemFace { who, amount }),
        (who.clone(), 0..300u128).prop_map(|(who, amount)| Op::Buy { who, amount }),
        (who, 0..300u128).prop_map(|(who, amount)| Op::Sell { who, amount }),
        (0..100_000u128).prop_map(move |n| Op::Deposit(n * face / 1_000)),
        (0..100_000u128).prop_map(move |n| Op::Withdraw(n * face / 1_000)),
        (0..=max_fee_bps + 10).prop_map(Op::Fee),
        (0..300_000_000u128).prop_map(move |p| Op::Price(p * face / 100_000_000)),
        Just(Op::WithdrawFees),
    ];
    prop::collection::vec(op, 1..40)
}

/// A sub-token with face value and price `face` on some chain: the issuer
/// (index 0) has issued 500 units and given 50 to each member, set a fee
/// recipient (neither issuer nor member), and everyone has approved the
/// sub-token to pull their COS.
pub trait CollateralHarness {
    /// Runs `op`; whether it succeeded. A harness asserts that a refused call
    /// reverted and a successful one did not, and that a transfer to the
    /// sub-token itself is refused with `ToSubtoken`.
    fn apply(&mut self, op: &Op) -> bool;
    /// Units held by the issuer and the members, in index order.
    fn units(&mut self) -> Vec<u128>;
    /// COS held by the issuer, the members, the fee recipient and, last, the
    /// sub-token.
    fn cos(&mut self) -> Vec<u128>;
    /// The sub-token's `owed()`: face value x supply + reserve + fees owed.
    fn owed(&mut self) -> u128;
    fn total_supply(&mut self) -> u128;
    /// The sub-token's `collateral()`.
    fn collateral(&mut self) -> u128;
}

/// Runs `ops` on `chain` and checks the property after every step.
pub fn check(chain: &mut impl CollateralHarness, face: u128, ops: &[Op]) -> Result<(), TestCaseError> {
    let (mut units, mut cos) = (chain.units(), chain.cos());
    let total_cos: u128 = cos.iter().sum();
    for op in ops {
        let ok = chain.apply(op);
        let (units_after, cos_after) = (chain.units(), chain.cos());
        if !ok {
            prop_assert_eq!(&units_after, &units, "{:?} failed but moved units", op);
            prop_assert_eq!(&cos_after, &cos, "{:?} failed but moved COS", op);
        }
        (units, cos) = (units_after, cos_after);
        let held = cos[cos.len() - 1];
        prop_assert_eq!(held, chain.owed(), "after {:?}", op);
        let supply = chain.total_supply();
        prop_assert_eq!(units.iter().sum::<u128>(), supply, "after {:?}", op);
        prop_assert_eq!(chain.collateral(), face * supply, "after {:?}", op);
        prop_assert_eq!(cos.iter().sum::<u128>(), total_cos, "COS is conserved");
    }
    Ok(())
}
