//! Crowdfunding: each campaign's terms and totals (`campaigns`), what each
//! account pledged and took back (`backers`), every pledge (`pledges`), and
//! every claim and refund (`campaign_payouts`).

use super::on;
use crate::{
    amount::{self, to_db, zero},
    entities::{backers, campaign_payouts, campaigns, pledges},
    pipeline::Ctx,
};
use ::crowdfund::{events::*, Kind};
use anyhow::{anyhow, Result};

/// `None`: not a crowdfund event.
pub async fn apply(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    on!(topics, data, CampaignCreated, |e| {
        let creator = ctx.account(&e.creator).await?;
        let beneficiary = ctx.account(&e.beneficiary).await?;
        let credit = hex::encode(e.credit);
        let contract = ctx.contract.clone();
        let row = campaigns::Model {
            contract: contract.clone(),
            id: i64::from(e.id),
            creator,
            beneficiary,
            kind: match e.kind {
                Kind::AllOrNothing => "all_or_nothing",
                Kind::Donation => "donation",
            }
            .to_string(),
            goal: to_db(e.goal),
            deadline: i64::try_from(e.deadline).unwrap_or(i64::MAX),
            credit: Some(credit),
            pause_clock: i64::try_from(e.pause_clock).unwrap_or(i64::MAX),
            unpaused_deadline: i64::try_from(e.deadline.saturating_sub(e.pause_clock)).unwrap_or(i64::MAX),
            description: hex::encode(e.description),
            registry: e.community.map(|c| hex::encode(c.registry)),
            community: e.community.map(|c| i64::from(c.id)),
            raised: zero(),
            pledgers: 0,
            claimed: zero(),
            refunded: zero(),
            cancelled: false,
            block: ctx.place.block,
            timestamp: ctx.place.timestamp,
        };
        ctx.state
            .campaigns
            .update(ctx.txn, (contract, i64::from(e.id)), || row, |_| Ok(()))
            .await?;
    });
    on!(topics, data, Pledged, |e| {
        let pledger = ctx.account(&e.pledger).await?;
        let contract = ctx.contract.clone();
        let id = i64::from(e.id);
        let mut first = false;
        ctx.state
            .backers
            .update(
                ctx.txn,
                (contract.clone(), id, pledger.clone()),
                || {
                    first = true;
                    backers::Model {
                        contract: contract.clone(),
                        campaign: id,
                        pledger: pledger.clone(),
                        pledged: zero(),
                        refunded: zero(),
                        pledges: 0,
                    }
                },
                |row| {
                    row.pledged = to_db(e.pledged);
                    row.pledges = row.pledges.saturating_add(1);
                    Ok(())
                },
            )
            .await?;
        campaign(ctx, e.id, |c| {
            c.raised = to_db(e.raised);
            if first {
                c.pledgers = c.pledgers.saturating_add(1);
            }
            Ok(())
        })
        .await?;
        ctx.batch.pledges.push(pledges::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            timestamp: ctx.place.timestamp,
            contract,
            campaign: id,
            pledger,
            amount: to_db(e.amount),
            pledged: to_db(e.pledged),
            raised: to_db(e.raised),
        });
    });
    on!(topics, data, Claimed, |e| {
        let beneficiary = ctx.account(&e.beneficiary).await?;
        campaign(ctx, e.id, |c| {
            c.claimed = to_db(e.claimed);
            Ok(())
        })
        .await?;
        payout(ctx, e.id, "claim", beneficiary, e.amount);
    });
    on!(topics, data, Refunded, |e| {
        let pledger = ctx.account(&e.pledger).await?;
        campaign(ctx, e.id, |c| {
            c.refunded = to_db(e.refunded);
            Ok(())
        })
        .await?;
        let key = (ctx.contract.clone(), i64::from(e.id), pledger.clone());
        let known = ctx
            .state
            .backers
            .edit(ctx.txn, key, |row| {
                row.refunded = amount::add(&row.refunded, e.amount)?;
                Ok(())
            })
            .await?;
        if !known {
            return Err(anyhow!(
                "a refund to {pledger} from campaign {} that has no pledge of theirs",
                e.id
            ));
        }
        payout(ctx, e.id, "refund", pledger, e.amount);
    });
    on!(topics, data, CampaignCancelled, |e| {
        ctx.account(&e.creator).await?;
        campaign(ctx, e.id, |c| {
            c.cancelled = true;
            Ok(())
        })
        .await?;
    });
    Ok(None)
}

/// Applies `edit` to campaign `id` of the current contract.
async fn campaign(ctx: &mut Ctx<'_>, id: u32, edit: impl FnOnce(&mut campaigns::Model) -> Result<()>) -> Result<()> {
    let key = (ctx.contract.clone(), i64::from(id));
    let contract = key.0.clone();
    if ctx.state.campaigns.edit(ctx.txn, key, edit).await? {
        Ok(())
    } else {
        Err(anyhow!(
            "crowdfund {contract}: an event of campaign {id} before its CampaignCreated"
        ))
    }
}

fn payout(ctx: &mut Ctx<'_>, id: u32, kind: &str, account: String, value: u128) {
    ctx.batch.campaign_payouts.push(campaign_payouts::Model {
        block: ctx.place.block,
        idx: ctx.place.idx,
        timestamp: ctx.place.timestamp,
        contract: ctx.contract.clone(),
        campaign: i64::from(id),
        kind: kind.to_string(),
        account,
        amount: to_db(value),
    });
}
