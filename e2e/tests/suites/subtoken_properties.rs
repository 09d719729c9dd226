//! The sub-token's collateral property (`cos_common::collateral_suite`) on
//! the real Wasm (drink).

use cos_common::collateral_suite::{self, CollateralHarness, Op, MEMBERS};
use cos_e2e::SubtokenOnChain;
use ink::primitives::{AccountId, Hash};
use proptest::prelude::*;
use psp22::PSP22;
use subtoken::MAX_FEE_BPS;

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
}

impl CollateralHarness for World {
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

    fn owed(&mut self) -> u128 {
        self.s.owed()
    }

    fn total_supply(&mut self) -> u128 {
        self.s.chain.query(self.s.token.total_supply()).unwrap()
    }

    fn collateral(&mut self) -> u128 {
        self.s.chain.query(self.s.token.collateral()).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cos_held_is_exactly_what_is_owed(
        (face, ops) in collateral_suite::face().prop_flat_map(|face| (Just(face), collateral_suite::ops(face, MAX_FEE_BPS))),
    ) {
        collateral_suite::check(&mut World::new(face), face, &ops)?;
    }
}
