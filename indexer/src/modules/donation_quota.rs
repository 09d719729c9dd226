//! Donation quota: communities and their manager trees, quota grants,
//! donations, allocations and current quota per holder and sponsor, the
//! contract's totals, contribution records, leaderboards and daily
//! contributions, bonuses and shortfalls, vesting.

use super::on;
use crate::{
    amount::{self, to_db, zero},
    entities::{
        allocations, bonuses, categories, communities, daily, donations, leaderboard, managers, quota_grants,
        quota_totals, quotas, records, shortfalls, sponsors, vesting, vesting_releases,
    },
    pipeline::Ctx,
};
use anyhow::{Context, Result};
use donation_quota::events::*;

/// `None`: not a donation-quota event.
pub async fn apply(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    on!(topics, data, OperatorChanged, |e| {
        let operator = ctx.account(&e.new_operator).await?;
        ctx.account(&e.previous).await?;
        totals(ctx, |t| {
            t.operator = Some(operator);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, QuotaGranted, |e| {
        let sponsor = ctx.account(&e.sponsor).await?;
        totals(ctx, |t| {
            t.granted = amount::add(&t.granted, e.amount)?;
            t.held = amount::add(&t.held, e.amount)?;
            Ok(())
        })
        .await?;
        sponsor_row(ctx, &sponsor, |s| {
            s.granted = amount::add(&s.granted, e.amount)?;
            s.held = to_db(e.held);
            Ok(())
        })
        .await?;
        ctx.batch.quota_grants.push(quota_grants::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            contract: ctx.contract.clone(),
            sponsor,
            amount: to_db(e.amount),
            held: to_db(e.held),
        });
    });
    on!(topics, data, ReserveFunded, |e| {
        ctx.account(&e.from).await?;
        totals(ctx, |t| {
            t.reserve = to_db(e.reserve);
            Ok(())
        })
        .await?;
    });
    on!(topics, data, CommunityCreated, |e| {
        let admin = ctx.account(&e.admin).await?;
        let (contract, block) = (ctx.contract.clone(), ctx.place.block);
        let id = i64::from(e.community);
        ctx.state
            .communities
            .update(
                ctx.txn,
                (contract.clone(), id),
                || communities::Model {
                    contract,
                    community: id,
                    admin: admin.clone(),
                    pending_admin: None,
                    recognised: false,
                    block,
                    members: 0,
                    records: 0,
                    donated: zero(),
                    unlocked: zero(),
                    bonuses: zero(),
                },
                |_| Ok(()),
            )
            .await?;
    });
    on!(topics, data, CategorySet, |e| {
        let contract = ctx.contract.clone();
        let key = (contract.clone(), i64::from(e.community), i64::from(e.category));
        let row = categories::Model {
            contract,
            community: key.1,
            category: key.2,
            name: e.name.clone(),
            block: ctx.place.block,
        };
        let block = ctx.place.block;
        ctx.state
            .categories
            .update(
                ctx.txn,
                key,
                || row,
                |c| {
                    c.name = e.name;
                    c.block = block;
                    Ok(())
                },
            )
            .await?;
    });
    on!(topics, data, AdminTransferStarted, |e| {
        let pending = ctx.maybe_account(&e.new_admin).await?;
        community(ctx, e.community, |c| {
            c.pending_admin = pending;
            Ok(())
        })
        .await?;
    });
    on!(topics, data, AdminTransferred, |e| {
        let admin = ctx.account(&e.new_admin).await?;
        community(ctx, e.community, |c| {
            c.admin = admin;
            c.pending_admin = None;
            Ok(())
        })
        .await?;
    });
    on!(topics, data, CommunityRecognised, |e| {
        community(ctx, e.community, |c| {
            c.recognised = e.recognised;
            Ok(())
        })
        .await?;
    });
    on!(topics, data, OffersLapsed, |e| {
        lapse_offers(ctx, e.community).await?;
    });
    on!(topics, data, ManagerMoved, |e| {
        let parent = ctx.maybe_account(&e.parent).await?;
        manager(ctx, e.community, &e.manager, parent, "active").await?;
    });
    on!(topics, data, ManagerOffered, |e| {
        let parent = ctx.maybe_account(&e.parent).await?;
        manager(ctx, e.community, &e.manager, parent, OFFERED).await?;
    });
    on!(topics, data, OfferWithdrawn, |e| {
        let parent = ctx.maybe_account(&e.parent).await?;
        manager(ctx, e.community, &e.manager, parent, "withdrawn").await?;
    });
    on!(topics, data, ManagerAdded, |e| {
        let parent = ctx.maybe_account(&e.parent).await?;
        manager(ctx, e.community, &e.manager, parent, "active").await?;
    });
    on!(topics, data, ManagerRemoved, |e| {
        ctx.account(&e.by).await?;
        let contract = ctx.contract.clone();
        let key = (contract, i64::from(e.community), ctx.account(&e.manager).await?);
        let parent = ctx
            .state
            .managers
            .get(ctx.txn, &key)
            .await?
            .and_then(|m| m.parent.clone());
        let state = if e.by == e.manager { "resigned" } else { "removed" };
        manager(ctx, e.community, &e.manager, parent, state).await?;
    });
    on!(topics, data, QuotaDonated, |e| {
        let sponsor = ctx.account(&e.sponsor).await?;
        totals(ctx, |t| {
            t.held = amount::sub(&t.held, e.amount)?;
            t.unallocated = amount::add(&t.unallocated, e.amount)?;
            Ok(())
        })
        .await?;
        sponsor_row(ctx, &sponsor, |s| {
            s.held = amount::sub(&s.held, e.amount)?;
            s.donated = amount::add(&s.donated, e.amount)?;
            Ok(())
        })
        .await?;
        quota(ctx, e.community, "", &sponsor, e.amount, true).await?;
        community(ctx, e.community, |c| {
            c.donated = amount::add(&c.donated, e.amount)?;
            Ok(())
        })
        .await?;
        ctx.batch.donations.push(donations::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            contract: ctx.contract.clone(),
            community: i64::from(e.community),
            sponsor,
            amount: to_db(e.amount),
        });
    });
    on!(topics, data, QuotaMoved, |e| {
        let sponsor = ctx.account(&e.sponsor).await?;
        let from = ctx.maybe_account(&e.from).await?;
        let to = ctx.maybe_account(&e.to).await?;
        let (from_pool, to_pool) = (from.is_none(), to.is_none());
        totals(ctx, |t| {
            if from_pool {
                t.unallocated = amount::sub(&t.unallocated, e.amount)?;
            } else {
                t.allocated = amount::sub(&t.allocated, e.amount)?;
            }
            if to_pool {
                t.unallocated = amount::add(&t.unallocated, e.amount)?;
            } else {
                t.allocated = amount::add(&t.allocated, e.amount)?;
            }
            Ok(())
        })
        .await?;
        quota(
            ctx,
            e.community,
            from.as_deref().unwrap_or(""),
            &sponsor,
            e.amount,
            false,
        )
        .await?;
        quota(ctx, e.community, to.as_deref().unwrap_or(""), &sponsor, e.amount, true).await?;
        ctx.batch.allocations.push(allocations::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            contract: ctx.contract.clone(),
            community: i64::from(e.community),
            sponsor,
            from,
            to,
            amount: to_db(e.amount),
        });
    });
    on!(topics, data, ContributionRecorded, |e| { record(ctx, e).await? });
    on!(topics, data, BonusPaid, |e| {
        let sponsor = ctx.account(&e.sponsor).await?;
        let manager = ctx.account(&e.manager).await?;
        let paid = e.sponsor_bonus.checked_add(e.manager_bonus).context("bonus overflow")?;
        totals(ctx, |t| {
            t.reserve = amount::sub(&t.reserve, paid)?;
            t.bonus_paid = amount::add(&t.bonus_paid, paid)?;
            Ok(())
        })
        .await?;
        community(ctx, e.community, |c| {
            c.bonuses = amount::add(&c.bonuses, paid)?;
            Ok(())
        })
        .await?;
        ctx.batch.bonuses.push(bonuses::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            contract: ctx.contract.clone(),
            community: i64::from(e.community),
            first_record: i64::try_from(e.first_record)?,
            last_record: i64::try_from(e.last_record)?,
            sponsor,
            sponsor_bonus: to_db(e.sponsor_bonus),
            manager,
            manager_bonus: to_db(e.manager_bonus),
        });
    });
    on!(topics, data, BonusShortfall, |e| {
        ctx.batch.shortfalls.push(shortfalls::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            contract: ctx.contract.clone(),
            community: i64::from(e.community),
            first_record: i64::try_from(e.first_record)?,
            owed: to_db(e.owed),
            paid: to_db(e.paid),
        });
    });
    on!(topics, data, VestingCreated, |e| {
        let beneficiary = ctx.account(&e.beneficiary).await?;
        let (contract, block) = (ctx.contract.clone(), ctx.place.block);
        let schedule = i64::from(e.schedule);
        ctx.state
            .vesting
            .update(
                ctx.txn,
                (contract.clone(), schedule),
                || vesting::Model {
                    contract,
                    schedule,
                    beneficiary,
                    total: to_db(e.total),
                    start_ms: i64::try_from(e.start_ms).unwrap_or(i64::MAX),
                    cliff_months: i64::from(e.cliff_months),
                    releases: i64::from(e.releases),
                    released: zero(),
                    block,
                },
                |_| Ok(()),
            )
            .await?;
    });
    on!(topics, data, VestingReleased, |e| {
        let beneficiary = ctx.account(&e.beneficiary).await?;
        let contract = ctx.contract.clone();
        let schedule = i64::from(e.schedule);
        let key = (contract.clone(), schedule);
        if ctx.state.vesting.get(ctx.txn, &key).await?.is_none() {
            return Ok(Some(Err(format!("release of unknown vesting schedule {schedule}"))));
        }
        ctx.state
            .vesting
            .update(ctx.txn, key, unreachable_row, |v| {
                v.released = to_db(e.released);
                Ok(())
            })
            .await?;
        ctx.batch.vesting_releases.push(vesting_releases::Model {
            block: ctx.place.block,
            idx: ctx.place.idx,
            contract,
            schedule,
            beneficiary,
            amount: to_db(e.amount),
            released: to_db(e.released),
        });
    });
    on!(topics, data, TokensRecovered, |e| {
        ctx.account(&e.to).await?;
    });
    Ok(None)
}

/// Never called: the row was read just before.
fn unreachable_row() -> vesting::Model {
    vesting::Model {
        contract: String::new(),
        schedule: -1,
        beneficiary: String::new(),
        total: zero(),
        start_ms: 0,
        cliff_months: 0,
        releases: 0,
        released: zero(),
        block: 0,
    }
}

async fn totals(ctx: &mut Ctx<'_>, change: impl FnOnce(&mut quota_totals::Model) -> Result<()>) -> Result<()> {
    let contract = ctx.contract.clone();
    ctx.state
        .quota_totals
        .update(
            ctx.txn,
            contract.clone(),
            || quota_totals::Model {
                contract,
                granted: zero(),
                held: zero(),
                unallocated: zero(),
                allocated: zero(),
                unlocked: zero(),
                reserve: zero(),
                bonus_paid: zero(),
                operator: None,
            },
            change,
        )
        .await
}

async fn sponsor_row(
    ctx: &mut Ctx<'_>,
    sponsor: &str,
    change: impl FnOnce(&mut sponsors::Model) -> Result<()>,
) -> Result<()> {
    let (contract, sponsor) = (ctx.contract.clone(), sponsor.to_string());
    ctx.state
        .sponsors
        .update(
            ctx.txn,
            (contract.clone(), sponsor.clone()),
            || sponsors::Model {
                contract,
                sponsor,
                granted: zero(),
                held: zero(),
                donated: zero(),
            },
            change,
        )
        .await
}

/// Changes a community that exists (its creation was indexed).
async fn community(
    ctx: &mut Ctx<'_>,
    id: u32,
    change: impl FnOnce(&mut communities::Model) -> Result<()>,
) -> Result<()> {
    let key = (ctx.contract.clone(), i64::from(id));
    if ctx.state.communities.get(ctx.txn, &key).await?.is_none() {
        anyhow::bail!("an event of community {id} of {} before its creation", ctx.contract);
    }
    ctx.state
        .communities
        .update(ctx.txn, key, || unreachable!("read above"), change)
        .await
}

async fn manager(
    ctx: &mut Ctx<'_>,
    community: u32,
    manager: &ink::primitives::AccountId,
    parent: Option<String>,
    state: &str,
) -> Result<()> {
    let manager = ctx.account(manager).await?;
    let (contract, block, id) = (ctx.contract.clone(), ctx.place.block, i64::from(community));
    let state = state.to_string();
    ctx.state
        .managers
        .update(
            ctx.txn,
            (contract.clone(), id, manager.clone()),
            || managers::Model {
                contract,
                community: id,
                manager,
                parent: None,
                state: String::new(),
                block,
            },
            |m| {
                m.parent = parent;
                m.state = state;
                m.block = block;
                Ok(())
            },
        )
        .await
}

/// Every open offer of `community` lapsed: its `offered` managers become
/// `lapsed`, whether their rows are in the database or still in this batch.
async fn lapse_offers(ctx: &mut Ctx<'_>, community: u32) -> Result<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (contract, id, block) = (ctx.contract.clone(), i64::from(community), ctx.place.block);
    let mut keys: Vec<_> = managers::Entity::find()
        .filter(managers::Column::Contract.eq(contract.as_str()))
        .filter(managers::Column::Community.eq(id))
        .filter(managers::Column::State.eq(OFFERED))
        .all(ctx.txn)
        .await
        .context("reading the open offers of a community")?
        .into_iter()
        .map(|m| (m.contract, m.community, m.manager))
        .collect();
    keys.extend(
        ctx.state
            .managers
            .cached_keys(|m| m.contract == contract && m.community == id && m.state == OFFERED),
    );
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        ctx.state
            .managers
            .edit(ctx.txn, key, |m| {
                if m.state == OFFERED {
                    m.state = "lapsed".to_string();
                    m.block = block;
                }
                Ok(())
            })
            .await?;
    }
    Ok(())
}

const OFFERED: &str = "offered";

/// Adds (`add`) or takes `value` from the quota of `sponsor` held by `holder`
/// (`""`: the pool) in `community`.
async fn quota(ctx: &mut Ctx<'_>, community: u32, holder: &str, sponsor: &str, value: u128, add: bool) -> Result<()> {
    let (contract, id) = (ctx.contract.clone(), i64::from(community));
    let (holder, sponsor) = (holder.to_string(), sponsor.to_string());
    ctx.state
        .quotas
        .update(
            ctx.txn,
            (contract.clone(), id, holder.clone(), sponsor.clone()),
            || quotas::Model {
                contract,
                community: id,
                holder,
                sponsor,
                amount: zero(),
            },
            |q| {
                q.amount = if add {
                    amount::add(&q.amount, value)?
                } else {
                    amount::sub(&q.amount, value)?
                };
                Ok(())
            },
        )
        .await
}

async fn record(ctx: &mut Ctx<'_>, e: ContributionRecorded) -> Result<()> {
    let contributor = ctx.account(&e.contributor).await?;
    let manager = ctx.account(&e.manager).await?;
    let sponsor = ctx.account(&e.sponsor).await?;
    let (contract, id) = (ctx.contract.clone(), i64::from(e.community));
    let admin = ctx
        .state
        .communities
        .get(ctx.txn, &(contract.clone(), id))
        .await?
        .map(|c| c.admin.clone())
        .with_context(|| format!("record {} of unknown community {id}", e.record))?;
    // The quota spent is the rewarding manager's, or the pool's when the admin rewards.
    let holder = if manager == admin {
        String::new()
    } else {
        manager.clone()
    };
    quota(ctx, e.community, &holder, &sponsor, e.amount, false).await?;
    let from_pool = holder.is_empty();
    totals(ctx, |t| {
        if from_pool {
            t.unallocated = amount::sub(&t.unallocated, e.amount)?;
        } else {
            t.allocated = amount::sub(&t.allocated, e.amount)?;
        }
        t.unlocked = amount::add(&t.unlocked, e.amount)?;
        Ok(())
    })
    .await?;
    // Leaderboards: all categories and the record's, all time and its month.
    let category = i32::from(e.category);
    let day = ctx.day();
    let month = day.get(..7).unwrap_or_default().to_string();
    let mut new_member = false;
    for cat in [-1, category] {
        for period in [String::new(), month.clone()] {
            let key = (contract.clone(), id, cat, period.clone(), contributor.clone());
            let first = ctx.state.leaderboard.get(ctx.txn, &key).await?.is_none();
            if cat == -1 && period.is_empty() {
                new_member = first;
            }
            let (contract, contributor) = (contract.clone(), contributor.clone());
            ctx.state
                .leaderboard
                .update(
                    ctx.txn,
                    key,
                    || leaderboard::Model {
                        contract,
                        community: id,
                        category: cat,
                        period,
                        account: contributor,
                        records: 0,
                        amount: zero(),
                    },
                    |row| {
                        row.records = row.records.saturating_add(1);
                        row.amount = amount::add(&row.amount, e.amount)?;
                        Ok(())
                    },
                )
                .await?;
        }
        for key in [cat] {
            let (contract, day) = (contract.clone(), day.clone());
            ctx.state
                .daily
                .update(
                    ctx.txn,
                    (contract.clone(), id, "contributions".to_string(), day.clone(), key),
                    || daily::Model {
                        contract,
                        scope: id,
                        metric: "contributions".to_string(),
                        day,
                        key,
                        count: 0,
                        amount: zero(),
                    },
                    |row| {
                        row.count = row.count.saturating_add(1);
                        row.amount = amount::add(&row.amount, e.amount)?;
                        Ok(())
                    },
                )
                .await?;
        }
    }
    community(ctx, e.community, |c| {
        c.records = c.records.saturating_add(1);
        if new_member {
            c.members = c.members.saturating_add(1);
        }
        c.unlocked = amount::add(&c.unlocked, e.amount)?;
        Ok(())
    })
    .await?;
    ctx.batch.records.push(records::Model {
        contract,
        id: i64::try_from(e.record)?,
        community: id,
        contributor,
        amount: to_db(e.amount),
        category,
        activity: i64::try_from(e.activity).unwrap_or(i64::MAX),
        content_hash: hex::encode(e.content_hash),
        manager,
        sponsor,
        block: i64::from(e.block),
        timestamp: i64::try_from(e.timestamp).unwrap_or(i64::MAX),
    });
    Ok(())
}
