//! Bounties: each bounty's escrow and status (`bounties`), the work submitted
//! (`submissions`, with what each was paid), and every payment out of escrow
//! (`bounty_payouts`: approved work, or the escrow returned to the poster).

use super::on;
use crate::{
    amount::{self, to_db, zero},
    entities::{bounties, bounty_payouts, submissions},
    pipeline::Ctx,
};
use ::bounty::events::*;
use anyhow::{anyhow, Result};

/// `None`: not a bounty event.
pub async fn apply(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    on!(topics, data, BountyPosted, |e| {
        let poster = ctx.account(&e.poster).await?;
        let credit = hex::encode(e.credit);
        let contract = ctx.contract.clone();
        let row = bounties::Model {
            contract: contract.clone(),
            id: i64::from(e.id),
            poster,
            reward: to_db(e.reward),
            deadline: i64::try_from(e.deadline).unwrap_or(i64::MAX),
            credit: Some(credit),
            pause_clock: i64::try_from(e.pause_clock).unwrap_or(i64::MAX),
            unpaused_deadline: i64::try_from(e.deadline.saturating_sub(e.pause_clock)).unwrap_or(i64::MAX),
            description: hex::encode(e.description),
            registry: e.community.map(|c| hex::encode(c.registry)),
            community: e.community.map(|c| i64::from(c.id)),
            submissions: 0,
            status: "open".to_string(),
            paid: zero(),
            returned: zero(),
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
        };
        ctx.state
            .bounties
            .update(ctx.txn, (contract, i64::from(e.id)), || row, |_| Ok(()))
            .await?;
    });
    on!(topics, data, WorkSubmitted, |e| {
        let helper = ctx.account(&e.helper).await?;
        bounty(ctx, e.id, |b| {
            b.submissions = b.submissions.saturating_add(1);
            Ok(())
        })
        .await?;
        let contract = ctx.contract.clone();
        let key = (contract.clone(), i64::from(e.id), i64::from(e.submission));
        let row = submissions::Model {
            contract,
            bounty: i64::from(e.id),
            submission: i64::from(e.submission),
            helper,
            content: hex::encode(e.content),
            paid: zero(),
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
        };
        ctx.state.submissions.update(ctx.txn, key, || row, |_| Ok(())).await?;
    });
    on!(topics, data, SubmissionApproved, |e| {
        let helper = ctx.account(&e.helper).await?;
        bounty(ctx, e.id, |b| {
            b.status = "awarded".to_string();
            b.paid = amount::add(&b.paid, e.amount)?;
            Ok(())
        })
        .await?;
        let key = (ctx.contract.clone(), i64::from(e.id), i64::from(e.submission));
        let known = ctx
            .state
            .submissions
            .edit(ctx.txn, key, |s| {
                s.paid = amount::add(&s.paid, e.amount)?;
                Ok(())
            })
            .await?;
        if !known {
            return Err(anyhow!(
                "bounty {}: approval of unknown submission {}",
                e.id,
                e.submission
            ));
        }
        payout(ctx, e.id, "approved", Some(e.submission), helper, e.amount);
    });
    on!(topics, data, BountyClosed, |e| {
        let poster = ctx.account(&e.poster).await?;
        let kind = if e.expired { "reclaimed" } else { "cancelled" };
        bounty(ctx, e.id, |b| {
            b.status = kind.to_string();
            b.returned = amount::add(&b.returned, e.returned)?;
            Ok(())
        })
        .await?;
        payout(ctx, e.id, kind, None, poster, e.returned);
    });
    Ok(None)
}

/// Applies `edit` to bounty `id` of the current contract.
async fn bounty(ctx: &mut Ctx<'_>, id: u32, edit: impl FnOnce(&mut bounties::Model) -> Result<()>) -> Result<()> {
    let key = (ctx.contract.clone(), i64::from(id));
    let contract = key.0.clone();
    if ctx.state.bounties.edit(ctx.txn, key, edit).await? {
        Ok(())
    } else {
        Err(anyhow!(
            "bounty board {contract}: an event of bounty {id} before its BountyPosted"
        ))
    }
}

fn payout(ctx: &mut Ctx<'_>, id: u32, kind: &str, submission: Option<u32>, account: String, value: u128) {
    ctx.batch.bounty_payouts.push(bounty_payouts::Model {
        block: ctx.place.block,
        idx: ctx.place.idx,
        timestamp: ctx.place.timestamp,
        contract: ctx.contract.clone(),
        bounty: i64::from(id),
        kind: kind.to_string(),
        submission: submission.map(i64::from),
        account,
        amount: to_db(value),
    });
}
