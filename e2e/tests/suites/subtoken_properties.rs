//! Property test on the real Wasm (drink): under random sequences of issues,
//! transfers, redemptions (right and face value), purchases, sales, reserve
//! deposits and withdrawals, fee and price changes and fee withdrawals, by
//! random members (including calls that must fail),
//!
//! - the COS the sub-token holds in COS Credit is exactly
//!   `face_value x supply + reserve + fees_owed` (no COS is sent to it from
//!   outside here, so `>=` is `=`);
//! - the members' units sum to the supply; a transfer to the sub-token's
//!   own address (the last `to`) is refused, so none are ever locked there;
//! - a refused call moves no COS and no units;
//! - COS is conserved: what the members and the issuer lost is what the
//!   contract and the fee recipient gained.

use cos_e2e::SubtokenOnChain;
use ink::primitives::{AccountId, Hash};
use proptest::prelude::*;
use psp22::PSP22;
use subtoken::MAX_FEE_BPS;

#[derive(Clone, Debug)]
enum Op {
    Issue(u128),
    Transfer { from: usize, to: usize, amount: u128 },
    RedeemRight { who: usize, amount: u128 },
    RedeemFace { who: usize, amount: u128 },
    Buy { who: usize, amount: u128 },
    Sell { who: usize, amount: u128 },
    Deposit(u128),
    Withdraw(u128),
    Fee(u16),
    Price(u128),
    WithdrawFees,
}

/// Members 0..5 are accounts 2..=6; member 0 also acts as the issuer's
/// counterpart in transfers. The issuer is account 1.
const MEMBERS: usize = 5;

fn op(face: u128) -> impl Strategy<Value = Op> {
    let who = 0..MEMBERS + 1;
    prop_oneof![
        (1..500u128).prop_map(Op::Issue),
        (who.clone(), 0..MEMBERS + 2, 0..300u128).prop_map(|(from, to, amount)| Op::Transfer { from, to, amount }),
        (who.clone(), 0..200u128).prop_map(|(who, amount)| Op::RedeemRight { who, amount }),
        (who.clone(), 0..200u128).prop_map(|(who, amount)| Op::RedeemFace { who, amount }),
        (who.clone(), 0..300u128).prop_map(|(who, amount)| Op::Buy { who, amount }),
        (who, 0..300u128).prop_map(|(who, amount)| Op::Sell { who, amount }),
        (0..100_000u128).prop_map(Op::Deposit),
        (0..100_000u128).prop_map(Op::Withdraw),
        (0..=MAX_FEE_BPS + 10).prop_map(Op::Fee),
        (0..3 * face).prop_map(Op::Price),
        Just(Op::WithdrawFees),
    ]
}

struct World {
    s: SubtokenOnChain,
    /// Index 0 is the issuer, 1..=MEMBERS the members.
    people: Vec<AccountId>,
    fee_recipient: AccountId,
}

impl World {
    fn new(face: u128) -> Self {
        let mut s = SubtokenOnChain::new(face, face);
        let people: Vec<_> = (1..=(MEMBERS as u8 + 1)).map(|n| s.chain.account(n)).collect();
        let fee_recipient = s.chain.account(20);
        let issuer = s.issuer;
        let msg = s.token.set_fee_recipient(fee_recipient);
        s.chain.call(issuer, msg).unwrap().value.unwrap();
        // Something to redeem, sell and transfer from the first step on.
        let issue = s.token.issue(500);
        s.chain.call(issuer, issue).unwrap().value.unwrap();
        for member in &people[1..] {
            let give = s.token.transfer(*member, 50, vec![]);
            s.chain.call(issuer, give).unwrap().value.unwrap();
        }
        Self {
            s,
            people,
            fee_recipient,
        }
    }

    fn units(&mut self) -> Vec<u128> {
        let people = self.people.clone();
        people
            .iter()
            .map(|p| self.s.chain.query(self.s.token.balance_of(*p)).unwrap())
            .collect()
    }

    fn cos(&mut self) -> Vec<u128> {
        let mut all = self.people.clone();
        all.push(self.fee_recipient);
        all.push(self.s.address);
        all.iter().map(|p| self.s.cos_of(*p)).collect()
    }

    /// Runs `op`; returns whether it succeeded.
    fn apply(&mut self, op: &Op) -> bool {
        let (issuer, p) = (self.s.issuer, self.people.clone());
        let t = &mut self.s.token;
        let outcome = match *op {
            Op::Issue(n) => self.s.chain.call(issuer, t.issue(n)),
            Op::Transfer { from, to, amount } => {
                let this = self.s.address;
                let target = p.get(to).copied().unwrap_or(this);
                let msg = t.transfer(target, amount, vec![]);
                let out = self.s.chain.call(p[from], msg).unwrap();
                if target == this {
                    assert_eq!(
                        out.value,
                        Err(psp22::PSP22Error::Custom("ToSubtoken".into())),
                        "units sent to the sub-token"
                    );
                }
                return !out.reverted && out.value.is_ok();
            }
            Op::RedeemRight { who, amount } => self.s.chain.call(p[who], t.redeem_right(amount, Hash::from([3; 32]))),
            Op::RedeemFace { who, amount } => self.s.chain.call(p[who], t.redeem_face_value(amount)),
            Op::Buy { who, amount } => self.s.chain.call(p[who], t.buy(amount, u128::MAX)),
            Op::Sell { who, amount } => self.s.chain.call(p[who], t.sell(amount, 0)),
            Op::Deposit(n) => self.s.chain.call(issuer, t.deposit_reserve(n)),
            Op::Withdraw(n) => self.s.chain.call(issuer, t.withdraw_reserve(n)),
            Op::Fee(bps) => self.s.chain.call(issuer, t.set_fee(bps)),
            Op::Price(price) => self.s.chain.call(issuer, t.set_price(price)),
            Op::WithdrawFees => self.s.chain.call(p[1], t.withdraw_fees()),
        };
        let out = outcome.unwrap();
        assert_eq!(
            out.reverted,
            out.value.is_err(),
            "{op:?}: an error reverts, success does not"
        );
        out.value.is_ok()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cos_held_is_exactly_what_is_owed(
        face in prop_oneof![Just(1u128), Just(7u128), Just(100_000_000u128)],
        ops in prop::collection::vec(op(100_000_000), 1..40),
    ) {
        let mut w = World::new(face);
        let (mut units, mut cos) = (w.units(), w.cos());
        let total_cos: u128 = cos.iter().sum();
        for op in &ops {
            // Scale COS amounts to the face value so that every op can happen.
            let op = match op.clone() {
                Op::Deposit(n) => Op::Deposit(n * face / 1_000),
                Op::Withdraw(n) => Op::Withdraw(n * face / 1_000),
                Op::Price(p) => Op::Price(p * face / 100_000_000),
                other => other,
            };
            let ok = w.apply(&op);
            let (units_after, cos_after) = (w.units(), w.cos());
            if !ok {
                prop_assert_eq!(&units_after, &units, "{:?} failed but moved units", op);
                prop_assert_eq!(&cos_after, &cos, "{:?} failed but moved COS", op);
            }
            (units, cos) = (units_after, cos_after);
            // The contract's COS is the last entry.
            let held = cos[cos.len() - 1];
            prop_assert_eq!(held, w.s.owed(), "after {:?}", op);
            let supply = w.s.chain.query(w.s.token.total_supply()).unwrap();
            prop_assert_eq!(units.iter().sum::<u128>(), supply);
            let collateral = w.s.chain.query(w.s.token.collateral()).unwrap();
            prop_assert_eq!(collateral, face * supply);
            prop_assert_eq!(cos.iter().sum::<u128>(), total_cos, "COS is conserved");
        }
    }
}
