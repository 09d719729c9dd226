//! COS Credit (standalone or routed): balances, frozen amounts, transfers,
//! allowances, delegation and vote checkpoints, supply and circulation, daily
//! transfer volume.

use super::on;
use crate::{
    amount::{self, to_db, zero},
    entities::{approvals, balances, daily, delegations, tokens, transfers, votes},
    pipeline::Ctx,
};
use anyhow::Result;
use cos_common::freezable::{Frozen, Unfrozen};
use credit::events::{DelegateChanged, DelegateVotesChanged, MinterChanged};
use psp22::{Approval, Transfer};

/// `None`: not a credit event.
pub async fn apply(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    if let Some(result) = token(ctx, topics, data).await? {
        return Ok(Some(result));
    }
    on!(topics, data, MinterChanged, |e| {
        ctx.account(&e.account).await?;
    });
    on!(topics, data, DelegateChanged, |e| {
        let delegator = ctx.account(&e.delegator).await?;
        let delegate = ctx.maybe_account(&e.to_delegate).await?;
        ctx.maybe_account(&e.from_delegate).await?;
        let (token, block) = (ctx.contract.clone(), ctx.place.block);
        ctx.state
            .delegations
            .update(
                ctx.txn,
                (token.clone(), delegator.clone()),
                || delegations::Model {
                    token,
                    delegator,
                    delegate: None,
                    block,
                },
                |row| {
                    row.delegate = delegate;
                    row.block = block;
                    Ok(())
                },
            )
            .await?;
    });
    on!(topics, data, DelegateVotesChanged, |e| {
        let delegate = ctx.account(&e.delegate).await?;
        let (token, block) = (ctx.contract.clone(), ctx.place.block);
        ctx.state
            .votes
            .update(
                ctx.txn,
                (token.clone(), delegate.clone(), block),
                || votes::Model {
                    token,
                    delegate,
                    block,
                    votes: zero(),
                },
                |row| {
                    row.votes = to_db(e.new_votes);
                    Ok(())
                },
            )
            .await?;
    });
    Ok(None)
}

/// The events of any PSP22 token COS indexes (COS Credit and the sub-tokens):
/// transfers (mints and burns included), allowances and frozen amounts, into
/// `balances`, `transfers`, `approvals`, `tokens` and the daily volume.
/// `None`: none of them.
pub async fn token(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    on!(topics, data, Transfer, |e| { transfer(ctx, e).await? });
    on!(topics, data, Approval, |e| {
        let owner = ctx.account(&e.owner).await?;
        let spender = ctx.account(&e.spender).await?;
        let (token, block) = (ctx.contract.clone(), ctx.place.block);
        ctx.state
            .approvals
            .update(
                ctx.txn,
                (token.clone(), owner.clone(), spender.clone()),
                || approvals::Model {
                    token,
                    owner,
                    spender,
                    amount: zero(),
                    block,
                },
                |row| {
                    row.amount = to_db(e.amount);
                    row.block = block;
                    Ok(())
                },
            )
            .await?;
    });
    on!(topics, data, Frozen, |e| { frozen(ctx, e.account, e.frozen).await? });
    on!(topics, data, Unfrozen, |e| { frozen(ctx, e.account, e.frozen).await? });
    Ok(None)
}

async fn balance(
    ctx: &mut Ctx<'_>,
    account: &str,
    change: impl FnOnce(&mut balances::Model) -> Result<()>,
) -> Result<()> {
    let token = ctx.contract.clone();
    let account = account.to_string();
    ctx.state
        .balances
        .update(
            ctx.txn,
            (token.clone(), account.clone()),
            || balances::Model {
                token,
                account,
                balance: zero(),
                frozen: zero(),
            },
            change,
        )
        .await
}

async fn frozen(ctx: &mut Ctx<'_>, account: ink::primitives::AccountId, frozen: u128) -> Result<()> {
    let account = ctx.account(&account).await?;
    balance(ctx, &account, |row| {
        row.frozen = to_db(frozen);
        Ok(())
    })
    .await
}

async fn transfer(ctx: &mut Ctx<'_>, e: Transfer) -> Result<()> {
    let from = ctx.maybe_account(&e.from).await?;
    let to = ctx.maybe_account(&e.to).await?;
    let value = e.value;
    if let Some(from) = &from {
        balance(ctx, from, |row| {
            row.balance = amount::sub(&row.balance, value)?;
            Ok(())
        })
        .await?;
    }
    if let Some(to) = &to {
        balance(ctx, to, |row| {
            row.balance = amount::add(&row.balance, value)?;
            Ok(())
        })
        .await?;
    }
    // Circulation: COS outside COS contracts (quota, reserves, vesting are locked).
    let outside = |a: &Option<String>| a.as_ref().is_some_and(|a| !ctx.is_contract(a));
    let (into_circulation, out_of_circulation) = (outside(&to), outside(&from));
    let token = ctx.contract.clone();
    let (mint, burn) = (from.is_none(), to.is_none());
    ctx.state
        .tokens
        .update(
            ctx.txn,
            token.clone(),
            || tokens::Model {
                token: token.clone(),
                issued: zero(),
                burned: zero(),
                supply: zero(),
                circulating: zero(),
                transfers: 0,
                volume: zero(),
            },
            |row| {
                if mint {
                    row.issued = amount::add(&row.issued, value)?;
                    row.supply = amount::add(&row.supply, value)?;
                }
                if burn {
                    row.burned = amount::add(&row.burned, value)?;
                    row.supply = amount::sub(&row.supply, value)?;
                }
                if into_circulation && !out_of_circulation {
                    row.circulating = amount::add(&row.circulating, value)?;
                } else if out_of_circulation && !into_circulation {
                    row.circulating = amount::sub(&row.circulating, value)?;
                }
                if !mint && !burn {
                    row.transfers = row.transfers.saturating_add(1);
                    row.volume = amount::add(&row.volume, value)?;
                }
                Ok(())
            },
        )
        .await?;
    if !mint && !burn {
        let day = ctx.day();
        ctx.state
            .daily
            .update(
                ctx.txn,
                (token.clone(), -1, "transfers".to_string(), day.clone(), -1),
                || daily::Model {
                    contract: token.clone(),
                    scope: -1,
                    metric: "transfers".to_string(),
                    day,
                    key: -1,
                    count: 0,
                    amount: zero(),
                },
                |row| {
                    row.count = row.count.saturating_add(1);
                    row.amount = amount::add(&row.amount, value)?;
                    Ok(())
                },
            )
            .await?;
    }
    ctx.batch.transfers.push(transfers::Model {
        block: ctx.place.block,
        idx: ctx.place.idx,
        timestamp: ctx.place.timestamp,
        token,
        from,
        to,
        amount: to_db(value),
    });
    Ok(())
}
