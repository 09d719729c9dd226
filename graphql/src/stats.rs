//! `_meta` and `statistics`: where the indexer stands, and the figures of the
//! explorer's home and community pages, summed exactly (amounts are `u128`).

use crate::data::{Db, Filter, Op, Order, Row};
use anyhow::{anyhow, Context, Result};
use async_graphql::dynamic::{Field, FieldFuture, FieldValue, InputValue, TypeRef};
use cos_indexer::entities::{chain, cursor};
use sea_orm::{
    sea_query::{Alias, Expr, ExprTrait, Func, Query},
    EntityTrait,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Rows of `daily` read for one statistic at most.
const DAILY_ROWS: u64 = 100_000;

/// `_meta`.
pub async fn meta(db: &Db) -> Result<Row> {
    let cursor = cursor::Entity::find_by_id(1)
        .one(db.conn())
        .await
        .context("reading the cursor")?;
    let mut row = Row::new();
    if let Some(c) = cursor {
        let at = db.by_key("blocks", &[c.number.into()]).await?;
        row.insert("indexedHead".into(), c.number.into());
        row.insert("indexedHash".into(), c.hash.into());
        row.insert(
            "indexedAt".into(),
            at.and_then(|b| b.get("timestamp").cloned()).unwrap_or(Value::Null),
        );
        row.insert("finalizedHead".into(), c.head.into());
        row.insert("lag".into(), std::cmp::max(c.head - c.number, 0).into());
    }
    let chain = chain::Entity::find_by_id(1)
        .one(db.conn())
        .await
        .context("reading which chain the database holds")?;
    row.insert("genesis".into(), chain.map_or(Value::Null, |c| c.genesis.into()));
    Ok(row)
}

fn amount(row: &Row, key: &str) -> Result<u128> {
    row.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("no {key}"))?
        .parse()
        .map_err(|e| anyhow!("{key}: {e}"))
}

fn add(total: &mut u128, value: u128) -> Result<()> {
    *total = total
        .checked_add(value)
        .ok_or_else(|| anyhow!("a sum overflows u128"))?;
    Ok(())
}

/// What `statistics` is asked about.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// A donation-quota contract.
    pub contract: Option<String>,
    /// A community of it.
    pub community: Option<i64>,
    /// A token (default: every COS Credit instance).
    pub token: Option<String>,
    /// Days of the daily series (the latest ones with data).
    pub days: usize,
}

/// `statistics`: counts, COS totals, contributions by category and by day,
/// transfers by day.
pub async fn statistics(db: &Db, scope: &Scope) -> Result<Row> {
    let mut out = Row::new();
    let mut quota = Filter::default();
    if let Some(c) = &scope.contract {
        quota = quota.eq("contract", c.clone());
    }
    let mut community = quota.clone();
    if let Some(id) = scope.community {
        community = community.eq("community", id);
    }
    out.insert("communities".into(), db.count("communities", &community).await?.into());
    out.insert("records".into(), db.count("records", &community).await?.into());

    // Members: accounts with a contribution, each counted once.
    let mut members = Query::select();
    members
        .expr(Func::count_distinct(Expr::col(Alias::new("account"))))
        .from(Alias::new("leaderboard"))
        .and_where(Expr::col(Alias::new("category")).eq(-1))
        .and_where(Expr::col(Alias::new("period")).eq(""));
    if let Some(c) = &scope.contract {
        members.and_where(Expr::col(Alias::new("contract")).eq(crate::accounts::parse(c)?));
    }
    if let Some(id) = scope.community {
        members.and_where(Expr::col(Alias::new("community")).eq(id));
    }
    out.insert("members".into(), db.scalar(&members).await?.into());

    // COS: the token's supply figures, and the quota contracts' totals.
    let tokens: Vec<String> = match &scope.token {
        Some(t) => vec![crate::accounts::parse(t)?],
        None => db
            .all(
                "contracts",
                &Filter::default().eq("kind", "credit"),
                &Order::default(),
                100,
            )
            .await?
            .iter()
            .filter_map(|c| c.get("address").and_then(Value::as_str).map(str::to_string))
            .collect(),
    };
    let (mut issued, mut burned, mut supply, mut circulating, mut volume, mut transfers) = (0, 0, 0, 0, 0, 0i64);
    if !tokens.is_empty() {
        let filter = Filter {
            conditions: vec![(
                "token".into(),
                Op::In(tokens.iter().map(|t| Value::from(t.clone())).collect()),
            )],
            account: None,
        };
        for row in db.all("tokens", &filter, &Order::default(), 100).await? {
            add(&mut issued, amount(&row, "issued")?)?;
            add(&mut burned, amount(&row, "burned")?)?;
            add(&mut supply, amount(&row, "supply")?)?;
            add(&mut circulating, amount(&row, "circulating")?)?;
            add(&mut volume, amount(&row, "volume")?)?;
            transfers += row.get("transfers").and_then(Value::as_i64).unwrap_or(0);
        }
    }
    let (mut granted, mut unlocked, mut bonus_paid, mut reserve) = (0, 0, 0, 0);
    for row in db.all("quota_totals", &quota, &Order::default(), 100).await? {
        add(&mut granted, amount(&row, "granted")?)?;
        add(&mut unlocked, amount(&row, "unlocked")?)?;
        add(&mut bonus_paid, amount(&row, "bonusPaid")?)?;
        add(&mut reserve, amount(&row, "reserve")?)?;
    }
    // One community: its own unlocked and bonuses.
    if scope.community.is_some() {
        (unlocked, bonus_paid) = (0, 0);
        for row in db.all("communities", &community, &Order::default(), 10).await? {
            add(&mut unlocked, amount(&row, "unlocked")?)?;
            add(&mut bonus_paid, amount(&row, "bonuses")?)?;
        }
    }
    for (key, value) in [
        ("issued", issued),
        ("burned", burned),
        ("supply", supply),
        ("circulating", circulating),
        ("transferVolume", volume),
        ("quotaGranted", granted),
        ("unlocked", unlocked),
        ("bonusesPaid", bonus_paid),
        ("reserve", reserve),
    ] {
        out.insert(key.into(), value.to_string().into());
    }
    out.insert("transfers".into(), transfers.into());

    // Contributions by category (all time) and by day.
    let mut daily = Filter::default().eq("metric", "contributions");
    if let Some(c) = &scope.contract {
        daily = daily.eq("contract", c.clone());
    }
    if let Some(id) = scope.community {
        daily = daily.eq("scope", id);
    }
    let rows = db
        .all(
            "daily",
            &daily,
            &Order {
                column: Some("day".into()),
                desc: true,
            },
            DAILY_ROWS,
        )
        .await?;
    let mut categories: BTreeMap<i64, (i64, u128)> = BTreeMap::new();
    let mut days: BTreeMap<String, (i64, u128)> = BTreeMap::new();
    for row in &rows {
        let key = row.get("key").and_then(Value::as_i64).unwrap_or(-1);
        let count = row.get("count").and_then(Value::as_i64).unwrap_or(0);
        let value = amount(row, "amount")?;
        let slot = if key >= 0 {
            categories.entry(key).or_default()
        } else {
            let day = row.get("day").and_then(Value::as_str).unwrap_or_default().to_string();
            days.entry(day).or_default()
        };
        slot.0 += count;
        add(&mut slot.1, value)?;
    }
    out.insert(
        "contributionsByCategory".into(),
        categories
            .into_iter()
            .map(|(category, (records, amount))| json!({"category": category, "records": records, "amount": amount.to_string()}))
            .collect(),
    );
    out.insert("contributionsByDay".into(), series(days, scope.days));

    let mut transfer_days: BTreeMap<String, (i64, u128)> = BTreeMap::new();
    for token in &tokens {
        let filter = Filter::default()
            .eq("metric", "transfers")
            .eq("contract", token.clone());
        for row in db
            .all(
                "daily",
                &filter,
                &Order {
                    column: Some("day".into()),
                    desc: true,
                },
                scope.days.max(1) as u64,
            )
            .await?
        {
            let day = row.get("day").and_then(Value::as_str).unwrap_or_default().to_string();
            let slot = transfer_days.entry(day).or_default();
            slot.0 += row.get("count").and_then(Value::as_i64).unwrap_or(0);
            add(&mut slot.1, amount(&row, "amount")?)?;
        }
    }
    out.insert("transfersByDay".into(), series(transfer_days, scope.days));
    Ok(out)
}

/// The last `days` days of a series, oldest first.
fn series(days: BTreeMap<String, (i64, u128)>, keep: usize) -> Value {
    let skip = days.len().saturating_sub(keep);
    days.into_iter()
        .skip(skip)
        .map(|(day, (count, amount))| json!({"day": day, "count": count, "amount": amount.to_string()}))
        .collect()
}

/// The types of `statistics`.
pub fn types(types: &mut Vec<async_graphql::dynamic::Type>) {
    use crate::schema::row_object;
    let amount = || TypeRef::named_nn("Amount");
    let int = || TypeRef::named_nn(TypeRef::INT);
    types.push(
        row_object(
            "CategoryStat",
            "Contributions in one category.",
            &[
                ("category", int(), "The category."),
                ("records", int(), "Records."),
                ("amount", amount(), "COS rewarded."),
            ],
        )
        .into(),
    );
    types.push(
        row_object(
            "DayStat",
            "One day (UTC) of a series.",
            &[
                ("day", TypeRef::named_nn(TypeRef::STRING), "YYYY-MM-DD."),
                ("count", int(), "Records or transfers."),
                ("amount", amount(), "COS rewarded or moved."),
            ],
        )
        .into(),
    );
    types.push(
        row_object(
            "Statistics",
            "Figures of the whole chain, a donation-quota contract or one community.",
            &[
                ("communities", int(), "Communities."),
                ("members", int(), "Accounts with at least one contribution record."),
                ("records", int(), "Contribution records."),
                ("issued", amount(), "COS ever minted."),
                ("burned", amount(), "COS burned."),
                ("supply", amount(), "COS in existence."),
                (
                    "circulating",
                    amount(),
                    "COS outside COS contracts (locked quota, reserves and vesting excluded).",
                ),
                (
                    "transfers",
                    int(),
                    "Transfers between accounts (mints and burns are not counted).",
                ),
                ("transferVolume", amount(), "COS moved between accounts."),
                ("quotaGranted", amount(), "Quota granted to sponsors."),
                ("unlocked", amount(), "Quota unlocked by rewarding contributors."),
                ("bonusesPaid", amount(), "Bonuses paid to sponsors and managers."),
                ("reserve", amount(), "COS in the bonus reserve."),
                (
                    "contributionsByCategory",
                    TypeRef::named_nn_list_nn("CategoryStat"),
                    "All time, per category.",
                ),
                (
                    "contributionsByDay",
                    TypeRef::named_nn_list_nn("DayStat"),
                    "The latest days with contributions.",
                ),
                (
                    "transfersByDay",
                    TypeRef::named_nn_list_nn("DayStat"),
                    "The latest days with transfers of the token(s).",
                ),
            ],
        )
        .into(),
    );
}

/// The `statistics` query field.
pub fn field() -> Field {
    Field::new("statistics", TypeRef::named_nn("Statistics"), |ctx| {
        FieldFuture::new(async move {
            crate::schema::spend(&ctx, crate::schema::cost::STATISTICS)?;
            let db = ctx.data::<Db>()?;
            let text = |name: &str| -> async_graphql::Result<Option<String>> {
                ctx.args.get(name).filter(|v| !v.is_null()).map(|v| v.string().map(str::to_string)).transpose()
            };
            let days = ctx.args.get("days").map(|v| v.i64()).transpose()?.unwrap_or(30);
            if !(1..=366).contains(&days) {
                return Err("`days` must be between 1 and 366".into());
            }
            let scope = Scope {
                contract: text("contract")?,
                community: ctx.args.get("community").filter(|v| !v.is_null()).map(|v| v.i64()).transpose()?,
                token: text("token")?,
                days: days as usize,
            };
            let row = statistics(db, &scope).await.map_err(|e| async_graphql::Error::new(format!("{e:#}")))?;
            Ok(Some(FieldValue::owned_any(row)))
        })
    })
    .argument(InputValue::new("contract", TypeRef::named("Address")).description("A donation-quota contract (default: all)."))
    .argument(InputValue::new("community", TypeRef::named(TypeRef::INT)).description("A community of it."))
    .argument(InputValue::new("token", TypeRef::named("Address")).description("A token (default: every COS Credit instance)."))
    .argument(InputValue::new("days", TypeRef::named(TypeRef::INT)).description("Days of the daily series, 1 to 366 (default 30)."))
    .description("Figures for the statistics page: members, contributions by category and by day, COS issued / unlocked / in circulation, transfer volume by day, bonuses paid.")
}
