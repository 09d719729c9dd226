//! drink tests of the release sub-token bundle, backed by the routed COS
//! Credit: the shared PSP22 and ownership suites, the life of a sub-token
//! (issue, transfer, redeem for the right and for the face value, buy and sell,
//! reserve, fees), and attempts to break the backing: redeeming more than is
//! held, frozen units, extreme prices, the fee at its bound, tiny amounts,
//! refused COS pulls. After every call, the contract holds at least what it
//! owes (`assert_backed`), and a refused call moves nothing.

use cos_common::{
    freezable::Frozen,
    token::{Psp22Refusal, TokenError},
};
use cos_e2e::SubtokenOnChain;
use cos_sandbox::{suite, validate_mvp, Bundle};
use ink::primitives::{AccountId, Hash};
use psp22::{PSP22Error, PSP22Metadata, Transfer, PSP22};
use subtoken::{
    events::{Bought, FaceValueRedeemed, FeeChanged, FeesWithdrawn, Issued, PriceChanged, RightRedeemed, Sold},
    Purchase, Sale, SubtokenError, MAX_FEE_BPS, PRICE_NOTICE_MS,
};

mod conformance {
    cos_common::psp22_conformance!(
        #[test]
        cos_e2e::SubtokenOnChain
    );
    cos_common::ownable_conformance!(
        #[test]
        cos_e2e::SubtokenOnChain
    );
}

/// 1 COS per unit face value; the exchange sells at 1.2 COS.
const FACE: u128 = 100_000_000;
const PRICE: u128 = 120_000_000;

struct T {
    s: SubtokenOnChain,
    issuer: AccountId,
    alice: AccountId,
    bob: AccountId,
    carol: AccountId,
}

fn setup(face: u128, price: u128) -> T {
    let mut s = SubtokenOnChain::new(face, price);
    let (alice, bob, carol) = (s.chain.account(2), s.chain.account(3), s.chain.account(4));
    T {
        issuer: s.issuer,
        s,
        alice,
        bob,
        carol,
    }
}

/// `call!(t, caller, message)`: calls the sub-token's `message` as `caller`;
/// afterwards asserts the backing and that a refused call reverted, emitted
/// nothing and moved neither COS nor units. Evaluates to the `Outcome`.
macro_rules! call {
    ($t:expr, $caller:expr, $($message:tt)+) => {{
        let (held, supply) = ($t.s.cos_held(), $t.supply());
        let message = $t.s.token.$($message)+;
        let out = $t.s.chain.call($caller, message).expect("the call runs");
        if out.value.is_err() {
            assert!(out.reverted, "a refused call reverts");
            assert!(out.events.is_empty(), "a refused call emits nothing");
            assert_eq!(($t.s.cos_held(), $t.supply()), (held, supply), "a refused call moves nothing");
        }
        $t.s.assert_backed();
        out
    }};
}

/// `ok!(t, caller, message)`: `call!` that must succeed.
macro_rules! ok {
    ($t:expr, $caller:expr, $($message:tt)+) => {{
        let out = call!($t, $caller, $($message)+);
        assert_eq!(out.value, Ok(()), "{}", stringify!($($message)+));
        out
    }};
}

impl T {
    fn supply(&mut self) -> u128 {
        self.s.chain.query(self.s.token.total_supply()).expect("total_supply")
    }

    fn units(&mut self, who: AccountId) -> u128 {
        self.s.chain.query(self.s.token.balance_of(who)).expect("balance_of")
    }

    fn cos(&mut self, who: AccountId) -> u128 {
        self.s.cos_of(who)
    }

    /// Seals the block and lets `ms` of block time pass.
    fn wait(&mut self, ms: u64) {
        self.s.chain.next_block();
        let then = self.s.chain.timestamp().saturating_add(ms);
        self.s.chain.set_timestamp(then);
    }
}

#[test]
fn the_bundle_is_mvp_wasm_and_deploys_with_its_metadata() {
    validate_mvp(&Bundle::load("subtoken").unwrap().wasm).unwrap();
    let mut t = setup(FACE, PRICE);
    assert_eq!(
        t.s.chain.query(t.s.token.token_name()).unwrap().as_deref(),
        Some("Club points")
    );
    assert_eq!(
        t.s.chain.query(t.s.token.token_symbol()).unwrap().as_deref(),
        Some("PTS")
    );
    assert_eq!(t.s.chain.query(t.s.token.token_decimals()).unwrap(), 0);
    assert_eq!(t.s.chain.query(t.s.token.credit()).unwrap(), t.s.credit_address);
    assert_eq!(t.s.chain.query(t.s.token.max_fee_bps()).unwrap(), MAX_FEE_BPS);
    // A price below the face value or a face value of zero does not deploy.
    let issuer = t.issuer;
    let credit = t.s.credit_address;
    for (face, price) in [(FACE, FACE - 1), (0, 0)] {
        let params = suite::SubtokenParams {
            name: "x".into(),
            symbol: "X".into(),
            decimals: 0,
            face_value: face,
            price,
            community: None,
        };
        assert!(suite::deploy_subtoken(&mut t.s.chain, issuer, credit, params).is_err());
    }
}

#[test]
fn a_sub_token_lives_issue_transfer_redeem_exchange_and_fees() {
    let mut t = setup(FACE, PRICE);
    let (issuer, alice, bob, carol) = (t.issuer, t.alice, t.bob, t.carol);
    let issuer_cos = t.cos(issuer);

    // Issue 100 units: 100 COS of collateral leave the issuer.
    let out = ok!(t, issuer, issue(100));
    assert_eq!(
        out.events_of::<Issued>(),
        vec![Issued {
            issuer,
            amount: 100,
            collateral: 100 * FACE
        }]
    );
    let mint = &out.events_of::<Transfer>()[0];
    assert_eq!((mint.from, mint.to, mint.value), (None, Some(issuer), 100));
    assert_eq!(t.cos(issuer), issuer_cos - 100 * FACE);
    assert_eq!(t.s.cos_held(), 100 * FACE);

    // Hand units to members, as rewards.
    ok!(t, issuer, transfer(alice, 30, vec![]));
    ok!(t, issuer, transfer(bob, 30, vec![]));

    // Alice redeems 10 for their right: the issuer gets the 10 COS back.
    let memo = Hash::from([7; 32]);
    let out = ok!(t, alice, redeem_right(10, memo));
    assert_eq!(
        out.events_of::<RightRedeemed>(),
        vec![RightRedeemed {
            holder: alice,
            amount: 10,
            memo_hash: memo,
            released: 10 * FACE
        }]
    );
    assert_eq!(t.cos(issuer), issuer_cos - 90 * FACE);
    assert_eq!((t.units(alice), t.supply()), (20, 90));

    // Bob redeems 30 for face value: 30 COS to Bob.
    let bob_cos = t.cos(bob);
    let out = ok!(t, bob, redeem_face_value(30));
    assert_eq!(
        out.events_of::<FaceValueRedeemed>(),
        vec![FaceValueRedeemed {
            holder: bob,
            amount: 30,
            paid: 30 * FACE
        }]
    );
    assert_eq!(t.cos(bob), bob_cos + 30 * FACE);
    assert_eq!(t.s.cos_held(), 60 * FACE);

    // Carol buys 5 at 1.2 COS + 0.1 %: 6 COS + 0.006 COS.
    let quote = t.s.chain.query(t.s.token.quote_buy(5)).unwrap().unwrap();
    assert_eq!(
        quote,
        Purchase {
            cost: 6 * 100_000_000,
            fee: 600_000,
            total: 600_600_000,
            margin: 100_000_000
        }
    );
    let carol_cos = t.cos(carol);
    let out = ok!(t, carol, buy(5, quote.total));
    assert_eq!(
        out.events_of::<Bought>(),
        vec![Bought {
            buyer: carol,
            amount: 5,
            cost: quote.cost,
            fee: quote.fee,
            reserve: quote.margin,
            fees_owed: quote.fee
        }]
    );
    assert_eq!(t.cos(carol), carol_cos - quote.total);
    assert_eq!(t.units(carol), 5);
    assert_eq!(t.s.chain.query(t.s.token.reserve()).unwrap(), FACE);

    // Carol sells 2 back: 2.4 COS - 0.0024 COS; the reserve pays the 0.4 COS above face value.
    let sale = t.s.chain.query(t.s.token.quote_sell(2)).unwrap().unwrap();
    assert_eq!(
        sale,
        Sale {
            value: 240_000_000,
            fee: 240_000,
            proceeds: 239_760_000,
            margin: 40_000_000
        }
    );
    let out = ok!(t, carol, sell(2, sale.proceeds));
    assert_eq!(
        out.events_of::<Sold>(),
        vec![Sold {
            seller: carol,
            amount: 2,
            proceeds: sale.proceeds,
            fee: sale.fee,
            reserve: 60_000_000,
            fees_owed: 840_000
        }]
    );
    assert_eq!(t.cos(carol), carol_cos - quote.total + sale.proceeds);

    // The issuer tops up and takes back its reserve.
    ok!(t, issuer, deposit_reserve(FACE));
    ok!(t, issuer, withdraw_reserve(60_000_000 + FACE));
    assert_eq!(
        call!(t, issuer, withdraw_reserve(1)).value,
        Err(SubtokenError::ExceedsReserve)
    );

    // Fees go to the recipient the owner chose; anyone may send them.
    let treasury = t.s.chain.account(9);
    ok!(t, issuer, set_fee_recipient(treasury));
    let out = ok!(t, alice, withdraw_fees());
    assert_eq!(
        out.events_of::<FeesWithdrawn>(),
        vec![FeesWithdrawn {
            recipient: treasury,
            amount: 840_000
        }]
    );
    assert_eq!(t.cos(treasury), 840_000);
    assert_eq!(call!(t, alice, withdraw_fees()).value, Err(SubtokenError::NoFees));

    // Everything left is exactly the collateral of what is outstanding.
    let supply = t.supply();
    assert_eq!(supply, 40 + 20 + 3, "the issuer's 40, Alice's 20, Carol's 3");
    assert_eq!(t.s.cos_held(), supply * FACE);
    assert_eq!(t.s.owed(), supply * FACE);
}

/// The audit's lock: units sent to the sub-token's own address could never
/// move again, and the COS behind them stayed locked for good. Both PSP22
/// paths refuse it; units sent to anyone else still move.
#[test]
fn units_cannot_be_sent_to_the_sub_tokens_own_address() {
    let mut t = setup(FACE, PRICE);
    let (issuer, alice, bob) = (t.issuer, t.alice, t.bob);
    let this = t.s.address;
    ok!(t, issuer, issue(10));
    let refusal = Err(PSP22Error::Custom("ToSubtoken".into()));
    assert_eq!(call!(t, issuer, transfer(this, 1, vec![])).value, refusal);
    ok!(t, issuer, approve(alice, 5));
    assert_eq!(call!(t, alice, transfer_from(issuer, this, 1, vec![])).value, refusal);
    ok!(t, alice, transfer_from(issuer, bob, 1, vec![]));
    assert_eq!((t.units(this), t.units(bob)), (0, 1));
}

#[test]
fn redeeming_or_selling_more_than_is_held_fails_and_moves_nothing() {
    let mut t = setup(FACE, FACE);
    let (issuer, alice, bob) = (t.issuer, t.alice, t.bob);
    ok!(t, issuer, issue(10));
    ok!(t, issuer, transfer(alice, 4, vec![]));
    let memo = Hash::from([1; 32]);
    assert_eq!(
        call!(t, alice, redeem_right(5, memo)).value,
        Err(SubtokenError::InsufficientBalance)
    );
    assert_eq!(
        call!(t, alice, redeem_face_value(5)).value,
        Err(SubtokenError::InsufficientBalance)
    );
    assert_eq!(
        call!(t, alice, sell(5, 0)).value,
        Err(SubtokenError::InsufficientBalance)
    );
    assert_eq!(
        call!(t, bob, redeem_face_value(1)).value,
        Err(SubtokenError::InsufficientBalance)
    );
    assert_eq!(
        call!(t, alice, redeem_face_value(0)).value,
        Err(SubtokenError::ZeroAmount)
    );
    assert_eq!(
        call!(t, alice, transfer(bob, 5, vec![])).value,
        Err(PSP22Error::InsufficientBalance)
    );
    // Only the issuer issues.
    assert_eq!(call!(t, alice, issue(1)).value, Err(SubtokenError::NotIssuer));
    ok!(t, alice, redeem_face_value(4));
    assert_eq!(t.s.cos_held(), 6 * FACE);
}

#[test]
fn frozen_units_cannot_leave_until_unfrozen() {
    let mut t = setup(FACE, FACE);
    let (issuer, alice, bob) = (t.issuer, t.alice, t.bob);
    ok!(t, issuer, issue(10));
    ok!(t, issuer, transfer(alice, 10, vec![]));
    let out = ok!(t, issuer, freeze(alice, 7));
    assert_eq!(
        out.events_of::<Frozen>(),
        vec![Frozen {
            account: alice,
            amount: 7,
            frozen: 7
        }]
    );
    assert_eq!(
        call!(t, issuer, freeze(alice, 4)).value,
        Err(SubtokenError::InsufficientBalance)
    );
    let refused = Err(SubtokenError::InsufficientUnfrozenBalance);
    assert_eq!(call!(t, alice, redeem_face_value(4)).value, refused);
    assert_eq!(call!(t, alice, redeem_right(4, Hash::from([0; 32]))).value, refused);
    assert_eq!(call!(t, alice, sell(4, 0)).value, refused);
    assert_eq!(
        call!(t, alice, transfer(bob, 4, vec![])).value,
        Err(PSP22Error::Custom("InsufficientUnfrozenBalance".into()))
    );
    ok!(t, alice, approve(bob, 10));
    assert_eq!(
        call!(t, bob, transfer_from(alice, bob, 4, vec![])).value,
        Err(PSP22Error::Custom("InsufficientUnfrozenBalance".into()))
    );
    ok!(t, alice, redeem_face_value(3));
    ok!(t, issuer, unfreeze(alice, 7));
    assert_eq!(
        call!(t, issuer, unfreeze(alice, 1)).value,
        Err(SubtokenError::InsufficientFrozenBalance)
    );
    ok!(t, alice, transfer(bob, 7, vec![]));
}

#[test]
fn extreme_prices_are_refused_or_exact() {
    // Price equal to face value: a sale needs no reserve and returns face value less the fee.
    let mut t = setup(1, 1);
    let (issuer, alice) = (t.issuer, t.alice);
    ok!(t, alice, buy(10_000, u128::MAX));
    assert_eq!(t.s.cos_held(), 10_000 + 10);
    ok!(t, alice, sell(10_000, 0));
    assert_eq!(t.s.cos_held(), 20, "only the fees are left");
    assert_eq!(t.s.owed(), 20);

    // A price whose product overflows 128 bits is a typed error, not a trap.
    let huge = u128::MAX / 2;
    ok!(t, issuer, set_price(huge));
    assert_eq!(call!(t, alice, buy(3, u128::MAX)).value, Err(SubtokenError::Overflow));
    // A price the buyer cannot pay: COS Credit refuses, nothing is minted.
    assert_eq!(
        call!(t, alice, buy(1, u128::MAX)).value,
        Err(SubtokenError::Token(TokenError::Psp22(
            Psp22Refusal::InsufficientBalance
        )))
    );
    // Selling back at a price far above face value needs that much reserve
    // (once sales get the rise, a day later).
    ok!(t, issuer, set_price(1_000 * 100_000_000));
    t.wait(PRICE_NOTICE_MS);
    ok!(t, issuer, issue(2));
    ok!(t, issuer, transfer(alice, 2, vec![]));
    assert_eq!(
        call!(t, alice, sell(1, 0)).value,
        Err(SubtokenError::InsufficientReserve)
    );
    ok!(t, issuer, deposit_reserve(1_000 * 100_000_000));
    let before = t.cos(alice);
    ok!(t, alice, sell(1, 0));
    assert_eq!(
        t.cos(alice) - before,
        1_000 * 100_000_000 - 100_000_000,
        "1,000 COS less 0.1 %"
    );
    // The issuer cannot price below face value.
    assert_eq!(
        call!(t, issuer, set_price(0)).value,
        Err(SubtokenError::PriceBelowFaceValue)
    );
}

/// The audit's sandwich: buy just before the issuer's `set_price` rise and
/// sell right after it, and the reserve pays the difference (497.5 of 500
/// COS in two calls). Sales get a rise only after `PRICE_NOTICE_MS`, so the
/// round trip loses its fees and the reserve pays nothing; in the notice the
/// issuer can take the rise back, and holders get it when it comes.
#[test]
fn a_price_rise_cannot_be_sandwiched() {
    let mut t = setup(FACE, FACE);
    let (issuer, alice) = (t.issuer, t.alice);
    ok!(t, issuer, deposit_reserve(500 * FACE));
    let alice0 = t.cos(alice);
    ok!(t, alice, buy(500, u128::MAX));
    let out = ok!(t, issuer, set_price(2 * FACE));
    let now = t.s.chain.timestamp();
    assert_eq!(
        out.events_of::<PriceChanged>(),
        vec![PriceChanged {
            old_price: FACE,
            new_price: 2 * FACE,
            sales_from: now + PRICE_NOTICE_MS
        }]
    );
    assert_eq!(
        (
            t.s.chain.query(t.s.token.price()).unwrap(),
            t.s.chain.query(t.s.token.sale_price()).unwrap()
        ),
        (2 * FACE, FACE)
    );
    ok!(t, alice, sell(500, 0));
    assert!(t.cos(alice) < alice0, "the sandwich loses its two fees");
    assert_eq!(
        t.s.chain.query(t.s.token.reserve()).unwrap(),
        500 * FACE,
        "the reserve paid nothing"
    );

    // A holder gets the rise once its notice has passed.
    ok!(t, alice, buy(10, u128::MAX));
    t.wait(PRICE_NOTICE_MS);
    assert_eq!(t.s.chain.query(t.s.token.price_rise()).unwrap(), None);
    let before = t.cos(alice);
    ok!(t, alice, sell(10, 0));
    assert_eq!(
        t.cos(alice) - before,
        20 * FACE - 20 * FACE / 1_000,
        "2 COS each, less 0.1 %"
    );

    // A rise taken back in its notice never reaches sales.
    ok!(t, issuer, set_price(3 * FACE));
    ok!(t, issuer, set_price(2 * FACE));
    assert_eq!(t.s.chain.query(t.s.token.price_rise()).unwrap(), None);
    assert_eq!(t.s.chain.query(t.s.token.sale_price()).unwrap(), 2 * FACE);
}

#[test]
fn the_fee_stops_at_its_bound_and_applies_exactly_there() {
    let mut t = setup(FACE, FACE);
    let (issuer, alice, bob) = (t.issuer, t.alice, t.bob);
    assert_eq!(
        call!(t, issuer, set_fee(MAX_FEE_BPS + 1)).value,
        Err(SubtokenError::FeeAboveBound)
    );
    assert_eq!(call!(t, bob, set_fee(1)).value, Err(SubtokenError::NotOwner));
    let out = ok!(t, issuer, set_fee(MAX_FEE_BPS));
    assert_eq!(
        out.events_of::<FeeChanged>(),
        vec![FeeChanged {
            old_bps: 10,
            new_bps: MAX_FEE_BPS
        }]
    );
    let before = t.cos(alice);
    ok!(t, alice, buy(100, u128::MAX));
    assert_eq!(before - t.cos(alice), 100 * FACE + FACE, "1 % of 100 COS");
    ok!(t, alice, sell(100, 99 * FACE));
    assert_eq!(before - t.cos(alice), 2 * FACE, "1 % each way");
    assert_eq!(t.s.chain.query(t.s.token.fees_owed()).unwrap(), 2 * FACE);
    // A buyer protects itself from a fee or price raised under it.
    ok!(t, issuer, set_price(2 * FACE));
    assert_eq!(
        call!(t, alice, buy(1, FACE + FACE / 100)).value,
        Err(SubtokenError::CostAboveLimit)
    );
    ok!(t, issuer, issue(1));
    ok!(t, issuer, transfer(alice, 1, vec![]));
    ok!(t, issuer, deposit_reserve(FACE));
    assert_eq!(
        call!(t, alice, sell(1, 2 * FACE)).value,
        Err(SubtokenError::ProceedsBelowLimit)
    );
}

#[test]
fn tiny_amounts_never_round_in_the_traders_favour() {
    let mut t = setup(1, 1);
    let alice = t.alice;
    // One base unit at one base unit: the fee rounds up to one.
    let before = t.cos(alice);
    ok!(t, alice, buy(1, 2));
    assert_eq!(before - t.cos(alice), 2);
    // Selling it back would pay nothing after the fee: refused.
    assert_eq!(call!(t, alice, sell(1, 0)).value, Err(SubtokenError::NothingAfterFee));
    // Many single-unit trades pay at least a unit each.
    for _ in 0..5 {
        ok!(t, alice, buy(1, 2));
    }
    ok!(t, alice, sell(6, 0));
    assert_eq!(before - t.cos(alice), 6 + 1, "six buy fees and one sell fee");
    assert_eq!(t.s.cos_held(), 7);
}

#[test]
fn a_refused_cos_pull_undoes_the_mint() {
    let mut t = setup(FACE, FACE);
    let (issuer, alice) = (t.issuer, t.alice);
    let address = t.s.address;
    t.s.chain
        .call(issuer, t.s.credit.approve(address, 0))
        .unwrap()
        .value
        .unwrap();
    assert_eq!(
        call!(t, issuer, issue(5)).value,
        Err(SubtokenError::Token(TokenError::Psp22(
            Psp22Refusal::InsufficientAllowance
        )))
    );
    assert_eq!(t.supply(), 0);
    // A member with too little COS cannot buy.
    let poor = t.s.chain.account(8);
    assert_eq!(call!(t, poor, buy(1, u128::MAX)).value.map_err(|_| ()), Err(()));
    assert_eq!(t.units(poor), 0);
    // COS sent to the contract by mistake only adds to the backing; the owner
    // can send that back, and nothing more.
    ok!(t, alice, buy(3, u128::MAX));
    t.s.chain
        .call(alice, t.s.credit.transfer(address, 5, vec![]))
        .unwrap()
        .value
        .unwrap();
    t.s.assert_backed();
    let owed = t.s.owed();
    assert_eq!(t.s.cos_held(), owed + 5);
    assert_eq!(t.s.chain.query(t.s.token.surplus()).unwrap(), Ok(5));
    assert_eq!(
        call!(t, alice, recover_surplus(alice, 5)).value,
        Err(SubtokenError::NotOwner)
    );
    assert_eq!(
        call!(t, issuer, recover_surplus(alice, 6)).value,
        Err(SubtokenError::ExceedsSurplus)
    );
    let before = t.cos(alice);
    ok!(t, issuer, recover_surplus(alice, 5));
    assert_eq!(t.cos(alice), before + 5);
    assert_eq!(t.s.cos_held(), owed, "only the surplus left");
}

#[test]
fn a_pause_stops_every_movement_and_freezing_still_works() {
    let mut t = setup(FACE, FACE);
    let (issuer, alice) = (t.issuer, t.alice);
    ok!(t, issuer, issue(5));
    ok!(t, issuer, transfer(alice, 5, vec![]));
    ok!(t, issuer, pause());
    let paused = Err(SubtokenError::Paused);
    assert_eq!(call!(t, issuer, issue(1)).value, paused);
    assert_eq!(call!(t, alice, redeem_face_value(1)).value, paused);
    assert_eq!(call!(t, alice, redeem_right(1, Hash::from([0; 32]))).value, paused);
    assert_eq!(call!(t, alice, buy(1, u128::MAX)).value, paused);
    assert_eq!(call!(t, alice, sell(1, 0)).value, paused);
    assert_eq!(call!(t, issuer, deposit_reserve(1)).value, paused);
    assert_eq!(
        call!(t, alice, transfer(issuer, 1, vec![])).value,
        Err(PSP22Error::Custom("Paused".into()))
    );
    ok!(t, issuer, freeze(alice, 1));
    ok!(t, issuer, unpause());
    ok!(t, alice, redeem_face_value(4));
}

#[test]
fn a_new_owner_such_as_governance_sets_the_fee_and_the_issuer_keeps_issuing() {
    let mut t = setup(FACE, PRICE);
    let (issuer, alice) = (t.issuer, t.alice);
    let governance = t.s.chain.account(7);
    ok!(t, issuer, transfer_ownership(Some(governance)));
    ok!(t, governance, accept_ownership());
    assert_eq!(call!(t, issuer, set_fee(0)).value, Err(SubtokenError::NotOwner));
    ok!(t, governance, set_fee(0));
    ok!(t, issuer, issue(1));
    // The issuer role moves in two steps too; the reserve follows it.
    let heir = t.s.chain.account(6);
    ok!(t, issuer, deposit_reserve(FACE));
    assert_eq!(
        call!(t, heir, accept_issuer()).value,
        Err(SubtokenError::NotPendingIssuer)
    );
    ok!(t, issuer, transfer_issuer(Some(heir)));
    ok!(t, heir, accept_issuer());
    assert_eq!(call!(t, issuer, issue(1)).value, Err(SubtokenError::NotIssuer));
    let before = t.cos(heir);
    ok!(t, heir, withdraw_reserve(FACE));
    assert_eq!(t.cos(heir), before + FACE);
    let before = t.cos(alice);
    ok!(t, alice, buy(1, PRICE));
    assert_eq!(before - t.cos(alice), PRICE, "no fee");
}
