//! The demo's third part: the alumni association issues its own café coupons,
//! backed by COS at face value; one volunteer redeems coupons for coffee (the
//! right), another for their COS (the face value), a third buys and sells on
//! the exchange, and the fees go to the association's treasury.

use crate::demo_quota::Community;
use crate::narrate::{hex, ok, say};
use anyhow::{bail, ensure, Context, Result};
use cos_sandbox::{
    suite::{self, cos, SubtokenParams},
    Chain,
};
use credit::UNIT;
use ink::{
    env::hash::{Blake2x256, CryptoHash},
    primitives::{AccountId, Hash},
};
use psp22::PSP22;
use subtoken::{CommunityRef, SubtokenError};

/// The hash a right redemption carries: what the holder asks the issuer for.
fn memo(text: &str) -> Hash {
    let mut out = [0u8; 32];
    Blake2x256::hash(text.as_bytes(), &mut out);
    Hash::from(out)
}

pub fn run(
    chain: &mut Chain,
    token_address: AccountId,
    operator: AccountId,
    community: &Community,
) -> Result<AccountId> {
    let mut token = suite::credit(token_address);
    let admin = community.admin;
    let [v1, v2, v3, ..] = community.volunteers[1..] else {
        bail!("the quota chapter left fewer than four volunteers");
    };
    let treasury = chain.account(60);
    let face = 5 * UNIT;

    say("The association's admin issues café coupons: 5 COS face value each, sold at 6 COS");
    chain.next_block();
    ok(
        "operator pays the association 2,000 COS",
        chain.call(operator, token.transfer(admin, 2_000 * UNIT, vec![]))?,
    )?;
    let params = SubtokenParams {
        name: "Alumni Café Coupon".into(),
        symbol: "CAFE".into(),
        decimals: 0,
        face_value: face,
        price: 6 * UNIT,
        community: Some(CommunityRef {
            registry: community.quota,
            id: community.id,
        }),
    };
    let address = suite::deploy_subtoken(chain, admin, token_address, params).context("deploying the sub-token")?;
    let mut coupons = suite::subtoken(address);
    println!(
        "   subtoken CAFE at {} (explorer: /subtoken/{0}), community {}",
        hex(&address),
        community.id
    );
    ok(
        "admin approves the sub-token to take COS",
        chain.call(admin, token.approve(address, 2_000 * UNIT))?,
    )?;
    ok(
        "issue 100 coupons (500 COS of collateral)",
        chain.call(admin, coupons.issue(100))?,
    )?;
    ok(
        "deposit a 50 COS reserve for buy-backs",
        chain.call(admin, coupons.deposit_reserve(50 * UNIT))?,
    )?;
    ok(
        "fees go to the treasury",
        chain.call(admin, coupons.set_fee_recipient(treasury))?,
    )?;

    say("Volunteers get coupons as thanks");
    chain.next_block();
    for (who, n) in [(v1, 10u128), (v2, 10)] {
        ok(
            &format!("admin gives {n} coupons"),
            chain.call(admin, coupons.transfer(who, n, vec![]))?,
        )?;
    }

    say("One volunteer redeems 2 coupons for coffee at the reunion; the collateral returns to the association");
    chain.next_block();
    let admin_before = chain.query(token.balance_of(admin))?;
    ok(
        "redeem_right 2 (memo: the order, hashed)",
        chain.call(v1, coupons.redeem_right(2, memo("2 flat whites, reunion 2026-03-14")))?,
    )?;
    let back = chain.query(token.balance_of(admin))? - admin_before;
    println!("   the association got {} back", cos(back));
    ensure!(back == 2 * face, "the collateral did not return to the issuer");

    say("Another prefers the COS: redeems 3 coupons for their face value");
    let before = chain.query(token.balance_of(v2))?;
    ok("redeem_face_value 3", chain.call(v2, coupons.redeem_face_value(3))?)?;
    let paid = chain.query(token.balance_of(v2))? - before;
    println!("   the volunteer received {}", cos(paid));
    ensure!(paid == 3 * face, "face value not paid");

    say("A third buys 5 coupons on the exchange and sells 2 back (0.1 % fee each way)");
    chain.next_block();
    let quote = chain
        .query(coupons.quote_buy(5))?
        .map_err(|e| anyhow::anyhow!("quote_buy: {e:?}"))?;
    println!(
        "   5 coupons cost {} + {} fee; {} of it goes to the reserve",
        cos(quote.cost),
        cos(quote.fee),
        cos(quote.margin)
    );
    ok("approve", chain.call(v3, token.approve(address, quote.total))?)?;
    ok("buy 5", chain.call(v3, coupons.buy(5, quote.total))?)?;
    let sale = chain
        .query(coupons.quote_sell(2))?
        .map_err(|e| anyhow::anyhow!("quote_sell: {e:?}"))?;
    ok("sell 2", chain.call(v3, coupons.sell(2, sale.proceeds))?)?;
    println!("   sold for {} after a {} fee", cos(sale.proceeds), cos(sale.fee));

    say("The association raises the price to 7 COS: purchases pay it at once, sales only a day later, so nobody buys just before a rise and sells right after it at the reserve's expense");
    ok("set_price 7 COS", chain.call(admin, coupons.set_price(7 * UNIT))?)?;
    let selling = chain.query(coupons.sale_price())?;
    let rise = chain.query(coupons.price_rise())?.context("the rise is announced")?;
    println!(
        "   a coupon now costs {}; a sale pays {} until block time {} ms",
        cos(chain.query(coupons.price())?),
        cos(selling),
        rise.sales_from
    );
    ensure!(selling == 6 * UNIT, "the rise reached sales at once");

    say("The backing holds: redeeming more than one holds fails and moves nothing");
    let attempt = chain.call(v2, coupons.redeem_face_value(1_000))?;
    println!("   redeem 1,000 coupons with 7 -> {:?}", attempt.value);
    ensure!(
        attempt.value == Err(SubtokenError::InsufficientBalance),
        "an overdraft went through"
    );
    ok(
        "anyone sends the fees to the treasury",
        chain.call(v1, coupons.withdraw_fees())?,
    )?;
    let supply = chain.query(coupons.total_supply())?;
    let held = chain.query(token.balance_of(address))?;
    let owed = chain.query(coupons.owed())?;
    println!(
        "   {supply} coupons outstanding; the contract holds {} and owes {} (collateral {} + reserve {} + fees {})",
        cos(held),
        cos(owed),
        cos(chain.query(coupons.collateral())?),
        cos(chain.query(coupons.reserve())?),
        cos(chain.query(coupons.fees_owed())?)
    );
    ensure!(held >= owed, "the sub-token is under-backed");
    chain.next_block();
    Ok(address)
}
