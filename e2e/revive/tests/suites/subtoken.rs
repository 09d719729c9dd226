//! A sub-token's life on pallet-revive (the ink! 6 build of the same source
//! as on pallet-contracts): issued against COS collateral, handed out,
//! redeemed for its right and for its face value, bought and sold on its
//! exchange with the fee; after every step the contract holds at least what
//! it owes, and every refusal is a typed error that changes nothing. And the
//! shared PSP22 and ownership suites on the sub-token.

use anyhow::Result;
use cos_e2e_revive::world::{Target, World, FACE, PRICE, START_COS};
use ink::primitives::Hash;
use subtoken::{Purchase, Sale, SubtokenError};

mod conformance {
    cos_common::psp22_conformance!(
        #[test]
        cos_e2e_revive::SubtokenPsp22OnRevive
    );
    cos_common::ownable_conformance!(
        #[test]
        cos_e2e_revive::SubtokenPsp22OnRevive
    );
}

const ISSUER: u8 = 2;

fn units(w: &mut World, n: u8) -> Result<u128> {
    let who = w.address(n);
    w.read(Target::Subtoken, "PSP22::balance_of", who)
}

fn supply(w: &mut World) -> Result<u128> {
    w.read(Target::Subtoken, "PSP22::total_supply", ())
}

/// The contract holds every unit's face value, the reserve and the fees.
fn assert_backed(w: &mut World) -> Result<()> {
    let held = w.cos_at(Target::Subtoken)?;
    let owed: u128 = w.read(Target::Subtoken, "owed", ())?;
    assert!(held >= owed, "held {held} < owed {owed}");
    assert!(owed >= supply(w)? * FACE);
    Ok(())
}

fn send(
    w: &mut World,
    who: u8,
    label: &str,
    args: impl parity_scale_codec::Encode,
) -> Result<Result<(), SubtokenError>> {
    let reply = w.send_reply::<Result<(), SubtokenError>>(who, Target::Subtoken, label, args)?;
    if reply.value.is_err() {
        assert!(
            reply.outcome.reverted && reply.events().is_empty(),
            "{label}: a refusal reverts"
        );
    }
    assert_backed(w)?;
    Ok(reply.value)
}

#[test]
fn a_sub_token_is_issued_redeemed_and_traded_always_backed() -> Result<()> {
    let mut w = World::new()?;
    assert_eq!(
        w.read::<Option<String>>(Target::Subtoken, "PSP22Metadata::token_symbol", ())?,
        Some("PTS".into())
    );
    w.approve(ISSUER, Target::Subtoken, 1_000)?;
    assert_eq!(send(&mut w, 3, "issue", 10u128)?, Err(SubtokenError::NotIssuer));
    assert_eq!(send(&mut w, ISSUER, "issue", 50u128)?, Ok(()));
    assert_eq!(w.cos_of(ISSUER)?, START_COS - 50 * FACE, "collateral left the issuer");
    assert_eq!(w.cos_at(Target::Subtoken)?, 50 * FACE);
    assert_eq!((units(&mut w, ISSUER)?, supply(&mut w)?), (50, 50));

    // Units handed to members as rewards, through PSP22.
    for member in [3u8, 4] {
        let to = w.address(member);
        let moved: Result<(), cos_e2e_revive::PSP22Error> = w.send(
            ISSUER,
            Target::Subtoken,
            "PSP22::transfer",
            (to, 20u128, Vec::<u8>::new()),
        )?;
        assert_eq!(moved, Ok(()));
    }

    // Redeemed for the right: the collateral goes back to the issuer.
    assert_eq!(send(&mut w, 3, "redeem_right", (5u128, Hash::from([7; 32])))?, Ok(()));
    assert_eq!(w.cos_of(ISSUER)?, START_COS - 45 * FACE);
    // Redeemed for the face value: the holder is paid in COS.
    assert_eq!(send(&mut w, 4, "redeem_face_value", 20u128)?, Ok(()));
    assert_eq!(w.cos_of(4)?, START_COS + 20 * FACE);
    assert_eq!(
        send(&mut w, 4, "redeem_face_value", 1u128)?,
        Err(SubtokenError::InsufficientBalance)
    );
    assert_eq!((units(&mut w, 3)?, supply(&mut w)?), (15, 25));

    // Bought on the exchange at the price plus the fee (rounded up).
    let quote: Result<Purchase, SubtokenError> = w.read(Target::Subtoken, "quote_buy", 5u128)?;
    let quote = quote.expect("a quote");
    assert_eq!((quote.cost, quote.margin), (5 * PRICE, 5 * (PRICE - FACE)));
    assert!(quote.fee >= 1, "the fee rounds up");
    w.approve(5, Target::Subtoken, quote.total)?;
    assert_eq!(
        send(&mut w, 5, "buy", (5u128, quote.total - 1))?,
        Err(SubtokenError::CostAboveLimit)
    );
    assert_eq!(send(&mut w, 5, "buy", (5u128, quote.total))?, Ok(()));
    assert_eq!(w.cos_of(5)?, START_COS - quote.total);
    assert_eq!(units(&mut w, 5)?, 5);
    assert_eq!(w.read::<u128>(Target::Subtoken, "reserve", ())?, quote.margin);

    // Sold back: the reserve pays what the price is above the face value.
    let sale: Result<Sale, SubtokenError> = w.read(Target::Subtoken, "quote_sell", 2u128)?;
    let sale = sale.expect("a quote");
    assert_eq!(
        send(&mut w, 5, "sell", (2u128, sale.proceeds + 1))?,
        Err(SubtokenError::ProceedsBelowLimit)
    );
    assert_eq!(send(&mut w, 5, "sell", (2u128, sale.proceeds))?, Ok(()));
    assert_eq!(w.cos_of(5)?, START_COS - quote.total + sale.proceeds);
    assert_eq!(units(&mut w, 5)?, 3);
    let fees: u128 = w.read(Target::Subtoken, "fees_owed", ())?;
    assert_eq!(fees, quote.fee + sale.fee);
    Ok(())
}

#[test]
fn units_cannot_be_sent_to_the_sub_token_itself() -> Result<()> {
    let mut w = World::new()?;
    w.approve(ISSUER, Target::Subtoken, 100)?;
    assert_eq!(send(&mut w, ISSUER, "issue", 3u128)?, Ok(()));
    let this = w.subtoken.1;
    let refused: Result<(), cos_e2e_revive::PSP22Error> = w.send(
        ISSUER,
        Target::Subtoken,
        "PSP22::transfer",
        (this, 1u128, Vec::<u8>::new()),
    )?;
    assert_eq!(refused, Err(cos_e2e_revive::PSP22Error::Custom("ToSubtoken".into())));
    assert_eq!(units(&mut w, ISSUER)?, 3);
    Ok(())
}
