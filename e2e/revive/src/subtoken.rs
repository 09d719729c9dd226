//! A sub-token alone with COS Credit on pallet-revive, for the collateral
//! property (`cos_common::collateral_suite`), as `cos_e2e::SubtokenOnChain`
//! is on drink.

use cos_common::collateral_suite::{CollateralHarness, Op, MEMBERS};
use cos_revive_chain::{AccountId32, Bundle, Chain, Reply, H160};
use ink::primitives::Hash;
use parity_scale_codec::{Decode, Encode};
use subtoken::SubtokenError;

use crate::PSP22Error;

/// COS (base units) each of the issuer and the members starts with.
pub const SUBTOKEN_TEST_COS: u128 = 100_000_000_000_000;

/// COS Credit and a sub-token issued by account 1 (index 0), members
/// accounts 2 to 6, the fee recipient account 20.
pub struct SubtokenOnRevive {
    pub chain: Chain,
    credit: (Bundle, H160),
    token: (Bundle, H160),
    /// The issuer, then the members.
    people: Vec<AccountId32>,
    fee_recipient: AccountId32,
}

impl SubtokenOnRevive {
    /// Deploys with face value and price `face`; the issuer issues 500 units
    /// and gives 50 to each member, everyone approves the sub-token.
    pub fn new(face: u128) -> Self {
        let mut chain = Chain::new();
        let people: Vec<AccountId32> = (1..=MEMBERS as u8 + 1).map(|n| chain.account(n)).collect();
        let fee_recipient = chain.account(20);
        let issuer = people[0].clone();
        let credit = Bundle::load("credit").expect("the COS Credit bundle");
        let supply = SUBTOKEN_TEST_COS * (MEMBERS as u128 + 1);
        let credit_at = credit
            .deploy(&mut chain, &issuer, "new", Some(supply))
            .expect("COS Credit deploys");
        let token = Bundle::load("subtoken").expect("the sub-token bundle");
        let none: Option<(H160, u32)> = None;
        let args = (
            credit_at,
            "Club points".to_string(),
            "PTS".to_string(),
            0u8,
            face,
            face,
            none,
        );
        let token_at = token
            .deploy(&mut chain, &issuer, "new", args)
            .expect("the sub-token deploys");
        let mut this = Self {
            chain,
            credit: (credit, credit_at),
            token: (token, token_at),
            people,
            fee_recipient,
        };
        let members: Vec<H160> = this.people[1..].iter().map(Chain::address_of).collect();
        for &to in &members {
            let paid: Result<(), PSP22Error> = this
                .credit(&issuer, "PSP22::transfer", (to, SUBTOKEN_TEST_COS, Vec::<u8>::new()))
                .value;
            paid.expect("COS for a member");
        }
        for who in this.people.clone() {
            let approved: Result<(), PSP22Error> = this.credit(&who, "PSP22::approve", (token_at, u128::MAX)).value;
            approved.expect("approves the sub-token");
        }
        let recipient = Chain::address_of(&this.fee_recipient);
        this.ok(&issuer, "set_fee_recipient", recipient);
        this.ok(&issuer, "issue", 500u128);
        for &to in &members {
            let given: Result<(), PSP22Error> = this
                .call(&issuer, "PSP22::transfer", (to, 50u128, Vec::<u8>::new()))
                .value;
            given.expect("units for a member");
        }
        this
    }

    fn credit<T: Decode>(&mut self, who: &AccountId32, label: &str, args: impl Encode) -> Reply<T> {
        crate::send(&mut self.chain, who, &self.credit, label, args)
    }

    fn call<T: Decode>(&mut self, who: &AccountId32, label: &str, args: impl Encode) -> Reply<T> {
        crate::send(&mut self.chain, who, &self.token, label, args)
    }

    fn ok(&mut self, who: &AccountId32, label: &str, args: impl Encode) {
        let reply: Reply<Result<(), SubtokenError>> = self.call(who, label, args);
        reply
            .value
            .unwrap_or_else(|e| panic!("sub-token {label} refused: {e:?}"));
    }

    fn read<T: Decode>(&mut self, label: &str, args: impl Encode) -> T {
        let signer = self.people[0].clone();
        let (bundle, at) = &self.token;
        self.chain
            .read(&signer, *at, bundle, label, args)
            .unwrap_or_else(|e| panic!("sub-token {label}: {e:#}"))
    }
}

impl CollateralHarness for SubtokenOnRevive {
    fn apply(&mut self, op: &Op) -> bool {
        let p = self.people.clone();
        let issuer = &p[0];
        let reply: Reply<Result<(), SubtokenError>> = match *op {
            Op::Transfer { from, to, amount } => {
                let target = p.get(to).map(Chain::address_of).unwrap_or(self.token.1);
                let out: Reply<Result<(), PSP22Error>> =
                    self.call(&p[from], "PSP22::transfer", (target, amount, Vec::<u8>::new()));
                if target == self.token.1 {
                    assert_eq!(
                        out.value,
                        Err(PSP22Error::Custom("ToSubtoken".into())),
                        "units sent to the sub-token"
                    );
                }
                assert_eq!(out.outcome.reverted, out.value.is_err(), "{op:?}");
                return out.value.is_ok();
            }
            Op::Issue(n) => self.call(issuer, "issue", n),
            Op::RedeemRight { who, amount } => self.call(&p[who], "redeem_right", (amount, Hash::from([3; 32]))),
            Op::RedeemFace { who, amount } => self.call(&p[who], "redeem_face_value", amount),
            Op::Buy { who, amount } => self.call(&p[who], "buy", (amount, u128::MAX)),
            Op::Sell { who, amount } => self.call(&p[who], "sell", (amount, 0u128)),
            Op::Deposit(n) => self.call(issuer, "deposit_reserve", n),
            Op::Withdraw(n) => self.call(issuer, "withdraw_reserve", n),
            Op::Fee(bps) => self.call(issuer, "set_fee", bps),
            Op::Price(price) => self.call(issuer, "set_price", price),
            Op::WithdrawFees => self.call(&p[1], "withdraw_fees", ()),
        };
        assert_eq!(
            reply.outcome.reverted,
            reply.value.is_err(),
            "{op:?}: an error reverts, success does not"
        );
        reply.value.is_ok()
    }

    fn units(&mut self) -> Vec<u128> {
        let people: Vec<H160> = self.people.iter().map(Chain::address_of).collect();
        people.into_iter().map(|p| self.read("PSP22::balance_of", p)).collect()
    }

    fn cos(&mut self) -> Vec<u128> {
        let mut all: Vec<H160> = self.people.iter().map(Chain::address_of).collect();
        all.push(Chain::address_of(&self.fee_recipient));
        all.push(self.token.1);
        let signer = self.people[0].clone();
        let (bundle, at) = self.credit.clone();
        all.into_iter()
            .map(|who| {
                self.chain
                    .read(&signer, at, &bundle, "PSP22::balance_of", who)
                    .expect("balance_of")
            })
            .collect()
    }

    fn owed(&mut self) -> u128 {
        self.read("owed", ())
    }

    fn total_supply(&mut self) -> u128 {
        self.read("PSP22::total_supply", ())
    }

    fn collateral(&mut self) -> u128 {
        self.read("collateral", ())
    }
}
