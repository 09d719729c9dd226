//! Sub-tokens: each one's terms and backing (`subtokens`), every issue,
//! redemption, trade, reserve movement, fee payment and recovery of COS sent
//! by mistake (`subtoken_actions`),
//! and the backing at the end of each block that changed it
//! (`subtoken_history`). Their PSP22 events (transfers, allowances, frozen
//! amounts) go to the token tables like COS Credit's.

use super::{credit, on};
use crate::{
    amount::{self, from_db, to_db, zero},
    entities::{subtoken_actions, subtoken_history, subtokens},
    pipeline::Ctx,
};
use anyhow::{anyhow, Result};
use subtoken::events::*;

/// `None`: not a sub-token event.
pub async fn apply(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    if let Some(result) = credit::token(ctx, topics, data).await? {
        return Ok(Some(result));
    }
    on!(topics, data, SubtokenCreated, |e| {
        let issuer = ctx.account(&e.issuer).await?;
        let fee_recipient = ctx.account(&e.fee_recipient).await?;
        // The deployer owns it until an ownership event says otherwise.
        ctx.update_contract(|c| c.owner = Some(issuer.clone()));
        let token = ctx.contract.clone();
        let row = subtokens::Model {
            token: token.clone(),
            credit: hex::encode(e.credit),
            issuer,
            name: e.name,
            symbol: e.symbol,
            decimals: i32::from(e.decimals),
            face_value: to_db(e.face_value),
            price: to_db(e.price),
            sale_price: to_db(e.price),
            sales_from: None,
            fee_bps: i32::from(e.fee_bps),
            fee_recipient,
            registry: e.community.map(|c| hex::encode(c.registry)),
            community: e.community.map(|c| i64::from(c.id)),
            supply: zero(),
            collateral: zero(),
            reserve: zero(),
            fees_owed: zero(),
            fees_paid: zero(),
            issued: zero(),
            bought: zero(),
            sold: zero(),
            redeemed_right: zero(),
            redeemed_face: zero(),
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
        };
        ctx.state.subtokens.update(ctx.txn, token, || row, |_| Ok(())).await?;
    });
    on!(topics, data, Issued, |e| {
        let account = ctx.account(&e.issuer).await?;
        change(ctx, Units::Minted(e.amount), |t| {
            t.issued = amount::add(&t.issued, e.amount)?;
            Ok(())
        })
        .await?;
        action(ctx, "issue", account, e.amount, e.collateral, 0, None);
    });
    on!(topics, data, RightRedeemed, |e| {
        let account = ctx.account(&e.holder).await?;
        change(ctx, Units::Burned(e.amount), |t| {
            t.redeemed_right = amount::add(&t.redeemed_right, e.amount)?;
            Ok(())
        })
        .await?;
        let memo = Some(hex::encode(e.memo_hash));
        action(ctx, "redeem_right", account, e.amount, e.released, 0, memo);
    });
    on!(topics, data, FaceValueRedeemed, |e| {
        let account = ctx.account(&e.holder).await?;
        change(ctx, Units::Burned(e.amount), |t| {
            t.redeemed_face = amount::add(&t.redeemed_face, e.amount)?;
            Ok(())
        })
        .await?;
        action(ctx, "redeem_face_value", account, e.amount, e.paid, 0, None);
    });
    on!(topics, data, Bought, |e| {
        let account = ctx.account(&e.buyer).await?;
        change(ctx, Units::Minted(e.amount), |t| {
            t.bought = amount::add(&t.bought, e.amount)?;
            t.reserve = to_db(e.reserve);
            t.fees_owed = to_db(e.fees_owed);
            Ok(())
        })
        .await?;
        action(ctx, "buy", account, e.amount, e.cost, e.fee, None);
    });
    on!(topics, data, Sold, |e| {
        let account = ctx.account(&e.seller).await?;
        change(ctx, Units::Burned(e.amount), |t| {
            t.sold = amount::add(&t.sold, e.amount)?;
            t.reserve = to_db(e.reserve);
            t.fees_owed = to_db(e.fees_owed);
            Ok(())
        })
        .await?;
        action(ctx, "sell", account, e.amount, e.proceeds, e.fee, None);
    });
    on!(topics, data, ReserveChanged, |e| {
        let account = ctx.account(&e.issuer).await?;
        change(ctx, Units::Same, |t| {
            t.reserve = to_db(e.reserve);
            Ok(())
        })
        .await?;
        let (kind, cos) = if e.deposited > 0 {
            ("deposit", e.deposited)
        } else {
            ("withdraw", e.withdrawn)
        };
        action(ctx, kind, account, 0, cos, 0, None);
    });
    on!(topics, data, FeesWithdrawn, |e| {
        let account = ctx.account(&e.recipient).await?;
        change(ctx, Units::Same, |t| {
            t.fees_owed = amount::sub(&t.fees_owed, e.amount)?;
            t.fees_paid = amount::add(&t.fees_paid, e.amount)?;
            Ok(())
        })
        .await?;
        action(ctx, "fees", account, 0, e.amount, 0, None);
    });
    on!(topics, data, IssuerTransferStarted, |e| {
        ctx.account(&e.previous_issuer).await?;
        ctx.maybe_account(&e.new_issuer).await?;
    });
    on!(topics, data, IssuerTransferred, |e| {
        ctx.account(&e.previous_issuer).await?;
        let issuer = ctx.account(&e.new_issuer).await?;
        change(ctx, Units::Same, |t| {
            t.issuer = issuer;
            Ok(())
        })
        .await?;
    });
    on!(topics, data, SurplusRecovered, |e| {
        let account = ctx.account(&e.to).await?;
        action(ctx, "recover", account, 0, e.amount, 0, None);
    });
    on!(topics, data, PriceChanged, |e| {
        let now = ctx.place.timestamp;
        change(ctx, Units::Same, |t| {
            let sales_from = i64::try_from(e.sales_from)?;
            if sales_from > now {
                // A rise: sales keep what they paid at this block until then.
                let rise = t
                    .sales_from
                    .map(|at| -> Result<subtoken::Rise> {
                        Ok(subtoken::Rise {
                            price: from_db(&t.price)?,
                            sales_from: u64::try_from(at)?,
                        })
                    })
                    .transpose()?;
                let selling = subtoken::book::sale_price(from_db(&t.sale_price)?, rise, u64::try_from(now)?);
                (t.sale_price, t.sales_from) = (to_db(selling), Some(sales_from));
            } else {
                (t.sale_price, t.sales_from) = (to_db(e.new_price), None);
            }
            t.price = to_db(e.new_price);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, FeeChanged, |e| {
        change(ctx, Units::Same, |t| {
            t.fee_bps = i32::from(e.new_bps);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, FeeRecipientChanged, |e| {
        ctx.account(&e.old_recipient).await?;
        let recipient = ctx.account(&e.new_recipient).await?;
        change(ctx, Units::Same, |t| {
            t.fee_recipient = recipient;
            Ok(())
        })
        .await?;
    });
    Ok(None)
}

/// How an event changes the supply.
enum Units {
    Minted(u128),
    Burned(u128),
    Same,
}

/// Applies `edit` and the supply change to the sub-token's row, recomputes
/// its collateral, and writes the block's point of its history.
async fn change(ctx: &mut Ctx<'_>, units: Units, edit: impl FnOnce(&mut subtokens::Model) -> Result<()>) -> Result<()> {
    let token = ctx.contract.clone();
    let mut row = ctx
        .state
        .subtokens
        .get(ctx.txn, &token)
        .await?
        .cloned()
        .ok_or_else(|| anyhow!("sub-token {token} has an event before its SubtokenCreated"))?;
    match units {
        Units::Minted(n) => row.supply = amount::add(&row.supply, n)?,
        Units::Burned(n) => row.supply = amount::sub(&row.supply, n)?,
        Units::Same => {}
    }
    edit(&mut row)?;
    let collateral = from_db(&row.face_value)?
        .checked_mul(from_db(&row.supply)?)
        .ok_or_else(|| anyhow!("sub-token {token}: collateral past 2^128"))?;
    row.collateral = to_db(collateral);
    let point = subtoken_history::Model {
        token: token.clone(),
        block: ctx.place.block,
        timestamp: ctx.place.timestamp,
        supply: row.supply.clone(),
        collateral: row.collateral.clone(),
        reserve: row.reserve.clone(),
        fees_owed: row.fees_owed.clone(),
    };
    ctx.state
        .subtokens
        .update(
            ctx.txn,
            token.clone(),
            || row.clone(),
            |stored| {
                *stored = row.clone();
                Ok(())
            },
        )
        .await?;
    ctx.state
        .subtoken_history
        .update(
            ctx.txn,
            (token, ctx.place.block),
            || point.clone(),
            |stored| {
                *stored = point.clone();
                Ok(())
            },
        )
        .await
}

fn action(ctx: &mut Ctx<'_>, kind: &str, account: String, units: u128, cos: u128, fee: u128, memo: Option<String>) {
    ctx.batch.subtoken_actions.push(subtoken_actions::Model {
        block: ctx.place.block,
        idx: ctx.place.idx,
        timestamp: ctx.place.timestamp,
        token: ctx.contract.clone(),
        kind: kind.to_string(),
        account,
        amount: to_db(units),
        cos: to_db(cos),
        fee: to_db(fee),
        memo,
    });
}
