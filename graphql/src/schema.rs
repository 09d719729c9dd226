//! The GraphQL schema, built at start-up from the indexer's tables
//! ([`crate::tables`]): for every table an object type, a Relay connection
//! (`totalCount`, keyset cursors, `first` 100 by default and at most 1000),
//! a `where` input (equality, `ne`, `in`, ranges, `isNull` per column, and
//! `involves` for any account column) and an `orderBy`; the rows it points at
//! (`tokenInfo`, `communityInfo`, ...) through one batched loader; the lists
//! under a row (an account's transfers, a community's managers) as
//! connections again. Beside them: `_meta`, `statistics`, `search`, and the
//! subscriptions `blocks` and `events`.

use crate::{
    data::{Db, Filter, Lookup, LookupValue, Op, Order, Page, PageArgs, Row},
    deadlines::{self, ChainTime},
    decisions,
    feed::Feed,
    scalars, search, stats,
    tables::{Kind, Table},
};
use async_graphql::{
    dataloader::{DataLoader, HashMapCache},
    dynamic::{
        Enum, Field, FieldFuture, FieldValue, InputObject, InputValue, Object, ResolverContext, Scalar, Schema,
        SchemaError, Subscription, SubscriptionField, SubscriptionFieldFuture, TypeRef, ValueAccessor,
    },
    Error, ErrorExtensions, Value,
};
use futures::StreamExt;
use serde_json::Value as Json;
use std::sync::atomic::{AtomicI64, Ordering};

pub use crate::limits::Limits;

/// What a field that reads more than a page costs, in rows of the budget.
pub mod cost {
    /// `totalCount`: one `COUNT(*)` over the list's rows.
    pub const COUNT: i64 = 100;
    /// `search`: a handful of lookups by key.
    pub const SEARCH: i64 = 100;
    /// `statistics`: sums over whole tables.
    pub const STATISTICS: i64 = 1_000;
}

/// The rows a request may still read (request data; see [`Limits::rows`]).
/// A subscription's budget refills every second: each event it sends is
/// read anew, so the bound is on its rows per second.
pub struct RowBudget {
    left: AtomicI64,
    limit: i64,
    refilled: Option<std::sync::Mutex<std::time::Instant>>,
}

impl RowBudget {
    pub fn new(limit: i64) -> Self {
        Self {
            left: AtomicI64::new(limit),
            limit,
            refilled: None,
        }
    }

    /// A budget of `limit` rows per second.
    pub fn per_second(limit: i64) -> Self {
        Self {
            refilled: Some(std::sync::Mutex::new(std::time::Instant::now())),
            ..Self::new(limit)
        }
    }

    /// Spends `rows`, or says which limit they pass.
    pub fn spend(&self, rows: i64) -> Result<(), Error> {
        if let Some(refilled) = &self.refilled {
            if let Ok(mut at) = refilled.lock() {
                if at.elapsed() >= std::time::Duration::from_secs(1) {
                    self.left.store(self.limit, Ordering::Relaxed);
                    *at = std::time::Instant::now();
                }
            }
        }
        if self.left.fetch_sub(rows, Ordering::Relaxed) < rows {
            let per = if self.refilled.is_some() { " per second" } else { "" };
            return Err(Error::new(format!(
                "this query asks for more than {} rows in all{per} (first/last summed over every list it reads, nested lists once per parent, totalCount and search {} each, statistics {}); ask for fewer rows or fewer nested lists, and page with cursors (limit: cos serve --max-rows)",
                self.limit,
                cost::COUNT,
                cost::STATISTICS,
            ))
            .extend_with(|_, e| e.set("code", "TOO_MANY_ROWS")));
        }
        Ok(())
    }
}

/// Spends `rows` of the request's budget, if it has one.
pub fn spend(ctx: &ResolverContext<'_>, rows: i64) -> Result<(), Error> {
    match ctx.data::<RowBudget>() {
        Ok(budget) => budget.spend(rows),
        Err(_) => Ok(()),
    }
}

/// A connection being resolved: the page, and what is needed to count.
struct Connection {
    table: &'static str,
    filter: Filter,
    page: Page,
}

struct Edge {
    row: Row,
    cursor: String,
}

/// A row pointing at one row of another table.
struct One {
    field: &'static str,
    target: &'static str,
    /// Columns here, equal to `to` there.
    from: &'static [&'static str],
    to: &'static [&'static str],
    /// Columns whose presence means the relation does not apply.
    unless: &'static [&'static str],
    /// The tables it applies to (empty: every table with the `from` columns).
    only: &'static [&'static str],
    description: &'static str,
}

const ONE: &[One] = &[
    One {
        field: "tokenInfo",
        target: "tokens",
        from: &["token"],
        to: &["token"],
        unless: &[],
        only: &[],
        description: "The token's supply and statistics.",
    },
    One {
        field: "contractInfo",
        target: "contracts",
        from: &["contract"],
        to: &["address"],
        unless: &[],
        only: &[],
        description: "The contract instance.",
    },
    One {
        field: "communityInfo",
        target: "communities",
        from: &["contract", "community"],
        to: &["contract", "community"],
        unless: &["registry"],
        only: &[],
        description: "The community.",
    },
    One {
        field: "communityInfo",
        target: "communities",
        from: &["registry", "community"],
        to: &["contract", "community"],
        unless: &[],
        only: &[],
        description: "The community that issues it.",
    },
    One {
        field: "subtokenInfo",
        target: "subtokens",
        from: &["token"],
        to: &["token"],
        unless: &[],
        only: &[],
        description: "The sub-token's terms and backing (for a sub-token).",
    },
    One {
        field: "blockInfo",
        target: "blocks",
        from: &["block"],
        to: &["number"],
        unless: &[],
        only: &[],
        description: "The block.",
    },
    One {
        field: "campaignInfo",
        target: "campaigns",
        from: &["contract", "campaign"],
        to: &["contract", "id"],
        unless: &[],
        only: &[],
        description: "The campaign.",
    },
    One {
        field: "bountyInfo",
        target: "bounties",
        from: &["contract", "bounty"],
        to: &["contract", "id"],
        unless: &[],
        only: &[],
        description: "The bounty.",
    },
    One {
        field: "categoryInfo",
        target: "categories",
        from: &["contract", "community", "category"],
        to: &["contract", "community", "category"],
        unless: &[],
        only: &[],
        description: "The category's name, if the community named it.",
    },
    One {
        field: "governanceInfo",
        target: "governances",
        from: &["contract"],
        to: &["contract"],
        unless: &[],
        only: &[
            "proposals",
            "polls",
            "proposal_votes",
            "poll_answers",
            "governance_members",
        ],
        description: "The governance: its voting mode, period, quorum and threshold.",
    },
    One {
        field: "proposalInfo",
        target: "proposals",
        from: &["contract", "proposal"],
        to: &["contract", "id"],
        unless: &[],
        only: &[],
        description: "The proposal.",
    },
    One {
        field: "pollInfo",
        target: "polls",
        from: &["contract", "poll"],
        to: &["contract", "id"],
        unless: &[],
        only: &[],
        description: "The poll.",
    },
];

/// The relations to one row that `table` has.
fn ones(table: &Table) -> impl Iterator<Item = &'static One> + '_ {
    ONE.iter().filter(move |one| {
        one.target != table.name
            && one.from.iter().all(|here| table.column(here).is_some())
            && !one.unless.iter().any(|here| table.column(here).is_some())
            && (one.only.is_empty() || one.only.contains(&table.name))
    })
}

impl One {
    /// The lookup of the row `row` points at (`None` if a column is empty).
    fn lookup(&self, row: &Row) -> Option<Lookup> {
        let values = self
            .from
            .iter()
            .map(|here| row.get(&crate::tables::camel(here)).and_then(LookupValue::of))
            .collect::<Option<Vec<_>>>()?;
        Some(Lookup {
            table: self.target,
            columns: self.to,
            values,
        })
    }
}

/// How a list under a row is found.
enum By {
    /// Columns of the list equal to columns of the row: `(column here, column there)`.
    Columns(&'static [(&'static str, &'static str)]),
    /// Any account column of the list equal to this column of the row.
    Account(&'static str),
}

/// A list under a row, served as a connection. Where the row has a column of
/// the same name (a count), the list is named `...List`.
struct Many {
    source: &'static str,
    field: &'static str,
    target: &'static str,
    by: By,
}

const COMMUNITY: &[(&str, &str)] = &[("contract", "contract"), ("community", "community")];

const MANY: &[Many] = &[
    Many {
        source: "accounts",
        field: "balances",
        target: "balances",
        by: By::Columns(&[("address", "account")]),
    },
    Many {
        source: "accounts",
        field: "transfers",
        target: "transfers",
        by: By::Account("address"),
    },
    Many {
        source: "accounts",
        field: "records",
        target: "records",
        by: By::Columns(&[("address", "contributor")]),
    },
    Many {
        source: "accounts",
        field: "leaderboard",
        target: "leaderboard",
        by: By::Columns(&[("address", "account")]),
    },
    Many {
        source: "accounts",
        field: "quotas",
        target: "quotas",
        by: By::Columns(&[("address", "holder")]),
    },
    Many {
        source: "accounts",
        field: "delegations",
        target: "delegations",
        by: By::Columns(&[("address", "delegator")]),
    },
    Many {
        source: "accounts",
        field: "voteCheckpoints",
        target: "votes",
        by: By::Columns(&[("address", "delegate")]),
    },
    Many {
        source: "accounts",
        field: "vesting",
        target: "vesting",
        by: By::Columns(&[("address", "beneficiary")]),
    },
    Many {
        source: "accounts",
        field: "managing",
        target: "managers",
        by: By::Columns(&[("address", "manager")]),
    },
    Many {
        source: "contracts",
        field: "events",
        target: "events",
        by: By::Columns(&[("address", "contract")]),
    },
    Many {
        source: "contracts",
        field: "holders",
        target: "balances",
        by: By::Columns(&[("address", "token")]),
    },
    Many {
        source: "contracts",
        field: "transfers",
        target: "transfers",
        by: By::Columns(&[("address", "token")]),
    },
    Many {
        source: "contracts",
        field: "communities",
        target: "communities",
        by: By::Columns(&[("address", "contract")]),
    },
    Many {
        source: "tokens",
        field: "holders",
        target: "balances",
        by: By::Columns(&[("token", "token")]),
    },
    Many {
        source: "tokens",
        field: "transferList",
        target: "transfers",
        by: By::Columns(&[("token", "token")]),
    },
    Many {
        source: "communities",
        field: "managers",
        target: "managers",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "recordList",
        target: "records",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "leaderboard",
        target: "leaderboard",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "donations",
        target: "donations",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "allocations",
        target: "allocations",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "quotas",
        target: "quotas",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "bonusList",
        target: "bonuses",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "shortfalls",
        target: "shortfalls",
        by: By::Columns(COMMUNITY),
    },
    Many {
        source: "communities",
        field: "subtokens",
        target: "subtokens",
        by: By::Columns(&[("contract", "registry"), ("community", "community")]),
    },
    Many {
        source: "subtokens",
        field: "holders",
        target: "balances",
        by: By::Columns(&[("token", "token")]),
    },
    Many {
        source: "subtokens",
        field: "actions",
        target: "subtoken_actions",
        by: By::Columns(&[("token", "token")]),
    },
    Many {
        source: "subtokens",
        field: "history",
        target: "subtoken_history",
        by: By::Columns(&[("token", "token")]),
    },
    Many {
        source: "accounts",
        field: "subtokenActions",
        target: "subtoken_actions",
        by: By::Columns(&[("address", "account")]),
    },
    Many {
        source: "communities",
        field: "campaigns",
        target: "campaigns",
        by: By::Columns(&[("contract", "registry"), ("community", "community")]),
    },
    Many {
        source: "communities",
        field: "bounties",
        target: "bounties",
        by: By::Columns(&[("contract", "registry"), ("community", "community")]),
    },
    Many {
        source: "campaigns",
        field: "backers",
        target: "backers",
        by: By::Columns(&[("contract", "contract"), ("id", "campaign")]),
    },
    Many {
        source: "campaigns",
        field: "pledges",
        target: "pledges",
        by: By::Columns(&[("contract", "contract"), ("id", "campaign")]),
    },
    Many {
        source: "campaigns",
        field: "payouts",
        target: "campaign_payouts",
        by: By::Columns(&[("contract", "contract"), ("id", "campaign")]),
    },
    Many {
        source: "bounties",
        field: "submissionList",
        target: "submissions",
        by: By::Columns(&[("contract", "contract"), ("id", "bounty")]),
    },
    Many {
        source: "bounties",
        field: "payouts",
        target: "bounty_payouts",
        by: By::Columns(&[("contract", "contract"), ("id", "bounty")]),
    },
    Many {
        source: "accounts",
        field: "pledges",
        target: "pledges",
        by: By::Columns(&[("address", "pledger")]),
    },
    Many {
        source: "accounts",
        field: "campaignPayouts",
        target: "campaign_payouts",
        by: By::Columns(&[("address", "account")]),
    },
    Many {
        source: "accounts",
        field: "submissions",
        target: "submissions",
        by: By::Columns(&[("address", "helper")]),
    },
    Many {
        source: "accounts",
        field: "bountyPayouts",
        target: "bounty_payouts",
        by: By::Columns(&[("address", "account")]),
    },
    Many {
        source: "communities",
        field: "categories",
        target: "categories",
        by: By::Columns(&[("contract", "contract"), ("community", "community")]),
    },
    Many {
        source: "communities",
        field: "governances",
        target: "governances",
        by: By::Columns(&[("contract", "registry"), ("community", "community")]),
    },
    Many {
        source: "communities",
        field: "proposals",
        target: "proposals",
        by: By::Columns(&[("contract", "registry"), ("community", "community")]),
    },
    Many {
        source: "communities",
        field: "polls",
        target: "polls",
        by: By::Columns(&[("contract", "registry"), ("community", "community")]),
    },
    Many {
        source: "governances",
        field: "proposalList",
        target: "proposals",
        by: By::Columns(&[("contract", "contract")]),
    },
    Many {
        source: "governances",
        field: "pollList",
        target: "polls",
        by: By::Columns(&[("contract", "contract")]),
    },
    Many {
        source: "governances",
        field: "memberList",
        target: "governance_members",
        by: By::Columns(&[("contract", "contract")]),
    },
    Many {
        source: "proposals",
        field: "votes",
        target: "proposal_votes",
        by: By::Columns(&[("contract", "contract"), ("id", "proposal")]),
    },
    Many {
        source: "proposals",
        field: "actionList",
        target: "proposal_actions",
        by: By::Columns(&[("contract", "contract"), ("id", "proposal")]),
    },
    Many {
        source: "polls",
        field: "optionList",
        target: "poll_options",
        by: By::Columns(&[("contract", "contract"), ("id", "poll")]),
    },
    Many {
        source: "polls",
        field: "answers",
        target: "poll_answers",
        by: By::Columns(&[("contract", "contract"), ("id", "poll")]),
    },
    Many {
        source: "accounts",
        field: "proposals",
        target: "proposals",
        by: By::Columns(&[("address", "proposer")]),
    },
    Many {
        source: "accounts",
        field: "proposalVotes",
        target: "proposal_votes",
        by: By::Columns(&[("address", "voter")]),
    },
    Many {
        source: "accounts",
        field: "pollAnswers",
        target: "poll_answers",
        by: By::Columns(&[("address", "voter")]),
    },
    Many {
        source: "accounts",
        field: "memberships",
        target: "governance_members",
        by: By::Columns(&[("address", "account")]),
    },
    Many {
        source: "managers",
        field: "children",
        target: "managers",
        by: By::Columns(&[
            ("contract", "contract"),
            ("community", "community"),
            ("manager", "parent"),
        ]),
    },
    Many {
        source: "sponsors",
        field: "donations",
        target: "donations",
        by: By::Columns(&[("contract", "contract"), ("sponsor", "sponsor")]),
    },
    Many {
        source: "blocks",
        field: "eventList",
        target: "events",
        by: By::Columns(&[("number", "block")]),
    },
    Many {
        source: "blocks",
        field: "transfers",
        target: "transfers",
        by: By::Columns(&[("number", "block")]),
    },
    Many {
        source: "vesting",
        field: "releaseList",
        target: "vesting_releases",
        by: By::Columns(&[
            ("contract", "contract"),
            ("schedule", "schedule"),
            ("beneficiary", "beneficiary"),
        ]),
    },
];

fn err(e: anyhow::Error) -> Error {
    Error::new(format!("{e:#}"))
}

fn json(value: &ValueAccessor<'_>) -> Result<Json, Error> {
    value
        .as_value()
        .clone()
        .into_json()
        .map_err(|e| Error::new(e.to_string()))
}

fn scalar_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => TypeRef::INT,
        Kind::Time => scalars::TIMESTAMP,
        Kind::BigInt => scalars::BIG_INT,
        Kind::Bool => TypeRef::BOOLEAN,
        Kind::Text => TypeRef::STRING,
        Kind::Account => "Address",
        Kind::Amount => "Amount",
        Kind::Json => "JSON",
    }
}

fn filter_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "IntFilter",
        Kind::Time => "TimestampFilter",
        Kind::BigInt => "BigIntFilter",
        Kind::Bool => "BooleanFilter",
        Kind::Text => "StringFilter",
        Kind::Account => "AddressFilter",
        Kind::Amount => "AmountFilter",
        Kind::Json => unreachable!("JSON columns have no filter"),
    }
}

/// `pendingAdmin` -> `PENDING_ADMIN`.
fn screaming(field: &str) -> String {
    let mut out = String::new();
    for c in field.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The `where` argument as a [`Filter`].
fn parse_where(table: &Table, value: Option<ValueAccessor<'_>>) -> Result<Filter, Error> {
    let mut filter = Filter::default();
    let Some(value) = value else { return Ok(filter) };
    if value.is_null() {
        return Ok(filter);
    }
    for (name, condition) in value.object()?.iter() {
        if name.as_str() == "involves" {
            filter.account = Some(condition.string()?.to_string());
            continue;
        }
        let (_, column) = table
            .column(name.as_str())
            .ok_or_else(|| Error::new(format!("{} has no column {name}", table.type_name)))?;
        if condition.is_null() {
            continue;
        }
        for (op, operand) in condition.object()?.iter() {
            if operand.is_null() {
                continue;
            }
            let operand_json = json(&operand)?;
            let op = match op.as_str() {
                "eq" => Op::Eq(operand_json),
                "ne" => Op::Ne(operand_json),
                "in" => Op::In(operand_json.as_array().cloned().unwrap_or_default()),
                "gt" => Op::Gt(operand_json),
                "gte" => Op::Gte(operand_json),
                "lt" => Op::Lt(operand_json),
                "lte" => Op::Lte(operand_json),
                "isNull" => Op::IsNull(operand.boolean()?),
                other => return Err(Error::new(format!("unknown filter operator {other}"))),
            };
            filter.conditions.push((column.name.to_string(), op));
        }
    }
    Ok(filter)
}

fn parse_order(table: &Table, value: Option<ValueAccessor<'_>>) -> Result<Order, Error> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(Order::default());
    };
    let object = value.object()?;
    let field_value = object.try_get("field")?;
    let field = field_value.enum_name()?;
    let column = table
        .columns
        .iter()
        .find(|c| screaming(&c.field) == field)
        .ok_or_else(|| Error::new(format!("{} cannot be ordered by {field}", table.type_name)))?;
    let desc = object
        .get("direction")
        .map(|d| d.enum_name().map(|n| n == "DESC"))
        .transpose()?
        .unwrap_or(false);
    Ok(Order {
        column: Some(column.name.to_string()),
        desc,
    })
}

fn page_args(ctx: &ResolverContext<'_>) -> Result<PageArgs, Error> {
    let int = |name: &str| ctx.args.get(name).filter(|v| !v.is_null()).map(|v| v.i64()).transpose();
    let text = |name: &str| -> Result<Option<String>, Error> {
        ctx.args
            .get(name)
            .filter(|v| !v.is_null())
            .map(|v| v.string().map(str::to_string))
            .transpose()
    };
    Ok(PageArgs {
        first: int("first")?,
        after: text("after")?,
        last: int("last")?,
        before: text("before")?,
    })
}

/// Resolves a connection of `table` under `base` (the filter of the list this
/// connection is, if it hangs under a row) plus the arguments.
async fn connection(
    ctx: &ResolverContext<'_>,
    table: &'static str,
    base: Filter,
) -> Result<FieldValue<'static>, Error> {
    let db = ctx.data::<Db>()?;
    let t = db.table(table).map_err(err)?;
    let mut filter = parse_where(t, ctx.args.get("where"))?;
    filter.conditions.extend(base.conditions);
    if base.account.is_some() {
        if filter.account.is_some() {
            return Err(Error::new("`involves` is already set by the list this is"));
        }
        filter.account = base.account;
    }
    let order = parse_order(t, ctx.args.get("orderBy"))?;
    let args = page_args(ctx)?;
    for (n, name) in [(args.first, "first"), (args.last, "last")] {
        if let Some(n) = n {
            crate::data::page_size(n, name).map_err(err)?;
        }
    }
    let rows = match (args.first, args.last) {
        (None, None) => crate::data::DEFAULT_PAGE as i64,
        (first, last) => std::cmp::max(first.unwrap_or(0), last.unwrap_or(0)),
    };
    spend(ctx, rows)?;
    let page = db.page(table, &filter, &order, &args).await.map_err(err)?;
    prefetch(ctx, t, &page).await?;
    Ok(FieldValue::owned_any(Connection {
        table: t.name,
        filter,
        page,
    }))
}

/// Loads, in one statement per relation, the rows the page's rows point at
/// where the query asks for them (`nodes { tokenInfo { ... } }`): the
/// resolvers of the single rows then find them in the loader's cache. (The
/// loader would batch them anyway, but only those that arrive within its
/// delay; this makes it one statement however long the page takes.)
async fn prefetch(ctx: &ResolverContext<'_>, table: &Table, page: &Page) -> Result<(), Error> {
    let Ok(loader) = ctx.data::<DataLoader<Db, HashMapCache>>() else {
        return Ok(());
    };
    let look = ctx.look_ahead();
    for one in ones(table) {
        if look.field("nodes").field(one.field).exists() || look.field("edges").field("node").field(one.field).exists()
        {
            let keys: Vec<Lookup> = page.rows.iter().filter_map(|row| one.lookup(row)).collect();
            loader.load_many(keys).await.map_err(|e| Error::new(format!("{e:#}")))?;
        }
    }
    Ok(())
}

fn connection_args(field: Field, table: &Table) -> Field {
    field
        .argument(InputValue::new("first", TypeRef::named(TypeRef::INT)).description(
            "The first rows of those between `after` and `before`: 100 if neither `first` nor `last` is given, at most 1000. With `last` too, the last `last` of these (as the Relay cursor connections spec cuts pages).",
        ))
        .argument(
            InputValue::new("after", TypeRef::named(TypeRef::STRING))
                .description("A cursor of this list (same `orderBy`): only rows after it."),
        )
        .argument(
            InputValue::new("last", TypeRef::named(TypeRef::INT))
                .description("The last rows of those between `after` and `before` (of the first `first`, if given), at most 1000."),
        )
        .argument(
            InputValue::new("before", TypeRef::named(TypeRef::STRING))
                .description("A cursor of this list (same `orderBy`): only rows before it."),
        )
        .argument(InputValue::new(
            "where",
            TypeRef::named(format!("{}Where", table.type_name)),
        ))
        .argument(InputValue::new(
            "orderBy",
            TypeRef::named(format!("{}OrderBy", table.type_name)),
        ))
}

/// The chain's time, once per request where the request carries a
/// [`ChainTime`] (see [`request`]).
async fn chain_head(ctx: &ResolverContext<'_>) -> Result<deadlines::Head, Error> {
    let db = ctx.data::<Db>()?;
    match ctx.data::<ChainTime>() {
        Ok(time) => time.get(db).await.map_err(err),
        Err(_) => deadlines::head(db).await.map_err(err),
    }
}

fn row_of<'a>(ctx: &'a ResolverContext<'_>) -> Result<&'a Row, Error> {
    ctx.parent_value.try_downcast_ref::<Row>()
}

/// The object, where, order, edge and connection types of `table`.
fn table_types(table: &Table, types: &mut Vec<async_graphql::dynamic::Type>) {
    let mut object = Object::new(&table.type_name).description(table.description);
    for column in &table.columns {
        let ty = if column.nullable {
            TypeRef::named(scalar_of(column.kind))
        } else {
            TypeRef::named_nn(scalar_of(column.kind))
        };
        let field_name = column.field.clone();
        let kind = column.kind;
        object = object.field(Field::new(&column.field, ty, move |ctx| {
            let field_name = field_name.clone();
            FieldFuture::new(async move {
                let row = row_of(&ctx)?;
                let value = row.get(&field_name).map(|v| match kind {
                    Kind::Time => scalars::timestamp_json(v),
                    Kind::BigInt => scalars::big_int_json(v),
                    _ => v.clone(),
                });
                Ok(value.map(Value::from_json).transpose()?)
            })
        }));
    }
    if matches!(table.name, "campaigns" | "bounties") {
        let name = table.name;
        let states = if name == "campaigns" {
            "`OPEN`, `SUCCEEDED`, `CLAIMED`, `FAILED`, `ENDED` (donation) or `CANCELLED`"
        } else {
            "`OPEN`, `EXPIRED`, `AWARDED`, `CANCELLED` or `RECLAIMED`"
        };
        object = object
            .field(
                Field::new("state", TypeRef::named_nn(TypeRef::STRING), move |ctx| {
                    FieldFuture::new(async move {
                        let head = chain_head(&ctx).await?;
                        Ok(deadlines::state(name, row_of(&ctx)?, &head).map(Value::from))
                    })
                })
                .description(format!(
                    "{states}, at the chain's latest indexed block (as the contract's `state` message answers)."
                )),
            )
            .field(
                Field::new("timeLeft", TypeRef::named_nn(scalars::BIG_INT), move |ctx| {
                    FieldFuture::new(async move {
                        let head = chain_head(&ctx).await?;
                        Ok(Some(Value::from(deadlines::time_left(name, row_of(&ctx)?, &head).to_string())))
                    })
                })
                .description(
                    "Milliseconds from the chain's latest indexed block to `endsAt` while it is open; 0 once it has passed or it is closed (cancelled, claimed, awarded).",
                ),
            )
            .field(
                Field::new("endsAt", TypeRef::named_nn(scalars::TIMESTAMP), move |ctx| {
                    FieldFuture::new(async move {
                        let head = chain_head(&ctx).await?;
                        let ends = deadlines::ends_at(name, row_of(&ctx)?, &head);
                        Ok(Some(Value::from_json(scalars::timestamp_json(&serde_json::Value::from(ends)))?))
                    })
                })
                .description(
                    "When it closes: `deadline` moved by the time its COS Credit has been paused since it started (a pause under way moves it further while it lasts), as the contract's `ends_at` answers.",
                ),
            );
    }
    if matches!(table.name, "proposals" | "polls") {
        let name = table.name;
        let states = if name == "proposals" {
            "`PENDING` (made; voting opens after its `snapshot` block), `ACTIVE` (open for votes), `DEFEATED` (voting ended short of the quorum or the threshold), `SUCCEEDED` (passed: anyone may queue it, until `deadline`), `QUEUED` (executable from `eta` until `deadline`), `EXPIRED` (passed but not queued or executed within its grace period: it never runs), `EXECUTED` (see `followUp` for acceptance) or `CANCELLED`"
        } else {
            "`PENDING` (answers open after its `snapshot` block), `OPEN` or `CLOSED`"
        };
        object = object
            .field(
                Field::new("state", TypeRef::named_nn(TypeRef::STRING), move |ctx| {
                    FieldFuture::new(async move {
                        let head = chain_head(&ctx).await?.block;
                        let row = row_of(&ctx)?;
                        Ok(Some(Value::from(if name == "proposals" {
                            decisions::proposal_state(row, head)
                        } else {
                            decisions::poll_state(row, head)
                        })))
                    })
                })
                .description(format!(
                    "{states}: as the contract's `state` answers for a transaction sent now (in the block after the latest indexed one)."
                )),
            )
            .field(
                Field::new("blocksLeft", TypeRef::named_nn(TypeRef::INT), move |ctx| {
                    FieldFuture::new(async move {
                        let head = chain_head(&ctx).await?.block;
                        Ok(Some(Value::from(decisions::blocks_left(name, row_of(&ctx)?, head))))
                    })
                })
                .description("Blocks in which votes are still accepted, the next one included; 0 before voting opens and once it has ended (or the proposal was cancelled)."),
            )
            .field(
                Field::new("blocksToStart", TypeRef::named_nn(TypeRef::INT), move |ctx| {
                    FieldFuture::new(async move {
                        let head = chain_head(&ctx).await?.block;
                        Ok(Some(Value::from(decisions::blocks_to_start(row_of(&ctx)?, head))))
                    })
                })
                .description("Blocks until votes are accepted (0 once voting has opened): voting opens in the block after the snapshot."),
            );
    }
    if table.name == "proposals" {
        object = object.field(
            Field::new("deadline", TypeRef::named(TypeRef::INT), |ctx| {
                FieldFuture::new(async move {
                    let head = chain_head(&ctx).await?.block;
                    Ok(decisions::deadline(row_of(&ctx)?, head).map(Value::from))
                })
            })
            .description("The last block it may be queued in (`SUCCEEDED`) or executed in (`QUEUED`); after it, it has expired. Null in other states."),
        );
    }
    if table.name == "proposals" {
        object = object
            .field(
                Field::new("turnout", TypeRef::named_nn("Amount"), |ctx| {
                    FieldFuture::new(async move {
                        Ok(Some(Value::from(decisions::turnout(row_of(&ctx)?).to_string())))
                    })
                })
                .description("`forVotes + against + abstain`: the weight that voted."),
            )
            .field(
                Field::new("quorumReached", TypeRef::named_nn(TypeRef::BOOLEAN), |ctx| {
                    FieldFuture::new(async move { Ok(Some(Value::from(decisions::quorum_reached(row_of(&ctx)?)))) })
                })
                .description("Whether the turnout meets `quorumBps` of the `eligible` weight."),
            )
            .field(
                Field::new("passing", TypeRef::named_nn(TypeRef::BOOLEAN), |ctx| {
                    FieldFuture::new(async move { Ok(Some(Value::from(decisions::passing(row_of(&ctx)?)))) })
                })
                .description("Whether the tally passes as it stands: the quorum, `forVotes` above `thresholdBps` of `forVotes + against`, and at least one vote for. Once voting has ended, this is what decided."),
            );
    }
    for one in ones(table) {
        let target = crate::tables::all()
            .into_iter()
            .find(|t| t.name == one.target)
            .expect("a relation's table");
        object = object.field(
            Field::new(one.field, TypeRef::named(&target.type_name), move |ctx| {
                FieldFuture::new(async move {
                    let Some(lookup) = one.lookup(row_of(&ctx)?) else {
                        return Ok(None);
                    };
                    let loader = ctx.data::<DataLoader<Db, HashMapCache>>()?;
                    let rows = loader
                        .load_one(lookup)
                        .await
                        .map_err(|e| Error::new(format!("{e:#}")))?;
                    Ok(rows.and_then(|rows| rows.first().cloned()).map(FieldValue::owned_any))
                })
            })
            .description(one.description),
        );
    }
    for many in MANY.iter().filter(|m| m.source == table.name) {
        debug_assert!(
            table.column(many.field).is_none(),
            "{}.{} is a column",
            table.name,
            many.field
        );
        let target = crate::tables::all()
            .into_iter()
            .find(|t| t.name == many.target)
            .expect("a relation's table");
        let by: Vec<(String, &'static str, bool)> = match &many.by {
            By::Columns(pairs) => pairs
                .iter()
                .map(|(here, there)| (crate::tables::camel(here), *there, false))
                .collect(),
            By::Account(here) => vec![(crate::tables::camel(here), "", true)],
        };
        let target_name = many.target;
        let field = Field::new(
            many.field,
            TypeRef::named_nn(format!("{}Connection", target.type_name)),
            move |ctx| {
                let by = by.clone();
                FieldFuture::new(async move {
                    let row = row_of(&ctx)?;
                    let mut base = Filter::default();
                    for (here, there, account) in &by {
                        let value = row.get(here).cloned().unwrap_or(Json::Null);
                        if *account {
                            base.account = value.as_str().map(str::to_string);
                        } else {
                            base = base.eq(there, value);
                        }
                    }
                    connection(&ctx, target_name, base).await.map(Some)
                })
            },
        );
        object = object.field(connection_args(field, &target));
    }
    types.push(object.into());

    let mut filter = InputObject::new(format!("{}Where", table.type_name))
        .description(format!("Which {}: every condition given must hold.", table.plural));
    for column in table.columns.iter().filter(|c| c.kind != Kind::Json) {
        filter = filter.field(InputValue::new(&column.field, TypeRef::named(filter_of(column.kind))));
    }
    if table.account_columns().next().is_some() {
        let names: Vec<&str> = table.account_columns().map(|c| c.field.as_str()).collect();
        filter = filter.field(
            InputValue::new("involves", TypeRef::named("Address"))
                .description(format!("Rows where this account is any of: {}.", names.join(", "))),
        );
    }
    types.push(filter.into());

    let mut fields = Enum::new(format!("{}OrderField", table.type_name));
    for column in table.columns.iter().filter(|c| !c.nullable && c.kind != Kind::Json) {
        fields = fields.item(screaming(&column.field));
    }
    types.push(fields.into());
    types.push(
        InputObject::new(format!("{}OrderBy", table.type_name))
            .description("The order of the list: a column, then the primary key in the same direction (the default: the primary key, ascending).")
            .field(InputValue::new("field", TypeRef::named_nn(format!("{}OrderField", table.type_name))))
            .field(InputValue::new("direction", TypeRef::named("OrderDirection")).default_value(Value::Enum(async_graphql::Name::new("ASC"))))
            .into(),
    );

    let type_name = table.type_name.clone();
    types.push(
        Object::new(format!("{}Edge", table.type_name))
            .field(Field::new("node", TypeRef::named_nn(&type_name), |ctx| {
                FieldFuture::new(async move {
                    let edge = ctx.parent_value.try_downcast_ref::<Edge>()?;
                    Ok(Some(FieldValue::borrowed_any(&edge.row)))
                })
            }))
            .field(Field::new("cursor", TypeRef::named_nn(TypeRef::STRING), |ctx| {
                FieldFuture::new(async move {
                    let edge = ctx.parent_value.try_downcast_ref::<Edge>()?;
                    Ok(Some(Value::from(edge.cursor.clone())))
                })
            }))
            .into(),
    );
    types.push(
        Object::new(format!("{}Connection", table.type_name))
            .description(format!("A page of {} (Relay connection).", table.plural))
            .field(Field::new(
                "edges",
                TypeRef::named_nn_list_nn(format!("{type_name}Edge")),
                |ctx| {
                    FieldFuture::new(async move {
                        let c = ctx.parent_value.try_downcast_ref::<Connection>()?;
                        Ok(Some(FieldValue::list(c.page.rows.iter().zip(&c.page.cursors).map(
                            |(row, cursor)| {
                                FieldValue::owned_any(Edge {
                                    row: row.clone(),
                                    cursor: cursor.clone(),
                                })
                            },
                        ))))
                    })
                },
            ))
            .field(Field::new("nodes", TypeRef::named_nn_list_nn(&type_name), |ctx| {
                FieldFuture::new(async move {
                    let c = ctx.parent_value.try_downcast_ref::<Connection>()?;
                    Ok(Some(FieldValue::list(
                        c.page.rows.iter().map(|row| FieldValue::borrowed_any(row)),
                    )))
                })
            }))
            .field(Field::new("pageInfo", TypeRef::named_nn("PageInfo"), |ctx| {
                FieldFuture::new(async move {
                    let c = ctx.parent_value.try_downcast_ref::<Connection>()?;
                    let mut info = Row::new();
                    info.insert("hasNextPage".into(), c.page.has_next.into());
                    info.insert("hasPreviousPage".into(), c.page.has_previous.into());
                    info.insert("startCursor".into(), c.page.cursors.first().cloned().into());
                    info.insert("endCursor".into(), c.page.cursors.last().cloned().into());
                    Ok(Some(FieldValue::owned_any(info)))
                })
            }))
            .field(
                Field::new("totalCount", TypeRef::named_nn(TypeRef::INT), |ctx| {
                    FieldFuture::new(async move {
                        spend(&ctx, cost::COUNT)?;
                        let c = ctx.parent_value.try_downcast_ref::<Connection>()?;
                        let db = ctx.data::<Db>()?;
                        Ok(Some(Value::from(db.count(c.table, &c.filter).await.map_err(err)?)))
                    })
                })
                .description("Rows matching `where` in all (one more statement; ask only when needed)."),
            )
            .into(),
    );
}

/// An object whose fields are read from a [`Row`] parent (statistics, `_meta`,
/// search hits, page info): `(name, type, description)`.
pub(crate) fn row_object(name: &str, description: &str, fields: &[(&str, TypeRef, &str)]) -> Object {
    let mut object = Object::new(name).description(description);
    for (field, ty, doc) in fields {
        let key = field.to_string();
        let nested = !is_scalar(ty.type_name());
        let time = ty.type_name() == scalars::TIMESTAMP;
        object = object.field(
            Field::new(*field, ty.clone(), move |ctx| {
                let key = key.clone();
                FieldFuture::new(async move {
                    let row = row_of(&ctx)?;
                    let value = row.get(&key).cloned().unwrap_or(Json::Null);
                    let value = if time { scalars::timestamp_json(&value) } else { value };
                    Ok(Some(to_field(value, nested)?))
                })
            })
            .description(*doc),
        );
    }
    object
}

fn is_scalar(name: &str) -> bool {
    matches!(
        name,
        "Int" | "Float" | "String" | "Boolean" | "ID" | "Amount" | "Address" | "JSON" | "Timestamp" | "BigInt"
    )
}

fn to_field(value: Json, nested: bool) -> Result<FieldValue<'static>, Error> {
    Ok(match value {
        Json::Null => FieldValue::NULL,
        Json::Array(items) => FieldValue::list(
            items
                .into_iter()
                .map(|v| to_field(v, nested))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Json::Object(map) if nested => FieldValue::owned_any(map),
        other => FieldValue::value(Value::from_json(other)?),
    })
}

/// The schema over `db`, with `feed` behind the subscriptions.
pub fn build(db: Db, feed: Feed, limits: &Limits) -> Result<Schema, SchemaError> {
    let tables = db.tables().to_vec();
    let mut types: Vec<async_graphql::dynamic::Type> = vec![
        Scalar::new(scalars::AMOUNT).description(scalars::AMOUNT_DOC).into(),
        Scalar::new(scalars::TIMESTAMP)
            .description(scalars::TIMESTAMP_DOC)
            .into(),
        Scalar::new(scalars::BIG_INT).description(scalars::BIG_INT_DOC).into(),
        Scalar::new("Address")
            .description(
                "An account or contract: 64 hex digits (served); as input also with `0x` or as an SS58 address.",
            )
            .into(),
        Scalar::new("JSON").description("Any JSON value.").into(),
        Enum::new("OrderDirection").item("ASC").item("DESC").into(),
    ];
    for (name, scalar, ranges) in [
        ("IntFilter", TypeRef::INT, true),
        ("TimestampFilter", scalars::TIMESTAMP, true),
        ("BigIntFilter", scalars::BIG_INT, true),
        ("StringFilter", TypeRef::STRING, true),
        ("AmountFilter", "Amount", true),
        ("AddressFilter", "Address", false),
        ("BooleanFilter", TypeRef::BOOLEAN, false),
    ] {
        let mut filter = InputObject::new(name)
            .description("Conditions on one column; every one given must hold.")
            .field(InputValue::new("eq", TypeRef::named(scalar)))
            .field(InputValue::new("ne", TypeRef::named(scalar)))
            .field(InputValue::new("in", TypeRef::named_nn_list(scalar)).description("One of these (at most 1000)."))
            .field(InputValue::new("isNull", TypeRef::named(TypeRef::BOOLEAN)));
        if ranges {
            for op in ["gt", "gte", "lt", "lte"] {
                filter = filter.field(InputValue::new(op, TypeRef::named(scalar)));
            }
        }
        types.push(filter.into());
    }
    types.push(
        row_object(
            "PageInfo",
            "Where a page is in its list.",
            &[
                (
                    "hasNextPage",
                    TypeRef::named_nn(TypeRef::BOOLEAN),
                    "More rows after this page.",
                ),
                (
                    "hasPreviousPage",
                    TypeRef::named_nn(TypeRef::BOOLEAN),
                    "Rows before this page.",
                ),
                (
                    "startCursor",
                    TypeRef::named(TypeRef::STRING),
                    "The first row's cursor.",
                ),
                ("endCursor", TypeRef::named(TypeRef::STRING), "The last row's cursor."),
            ],
        )
        .into(),
    );
    for table in &tables {
        table_types(table, &mut types);
    }
    stats::types(&mut types);
    types.push(
        row_object(
            "Meta",
            "Where the indexer stands.",
            &[
                (
                    "indexedHead",
                    TypeRef::named(TypeRef::INT),
                    "The last block written (none before the first batch).",
                ),
                ("indexedHash", TypeRef::named(TypeRef::STRING), "Its hash."),
                ("indexedAt", TypeRef::named(scalars::TIMESTAMP), "Its time."),
                (
                    "finalizedHead",
                    TypeRef::named(TypeRef::INT),
                    "The chain's finalised head when that batch was written.",
                ),
                ("lag", TypeRef::named(TypeRef::INT), "Blocks between the two."),
                (
                    "genesis",
                    TypeRef::named(TypeRef::STRING),
                    "The chain's genesis hash (hex): which chain this is.",
                ),
            ],
        )
        .into(),
    );
    types.push(
        row_object(
            "SearchHit",
            "Something that matched a search.",
            &[
                (
                    "kind",
                    TypeRef::named_nn(TypeRef::STRING),
                    "account, contract, block, transaction, record or community.",
                ),
                (
                    "key",
                    TypeRef::named_nn(TypeRef::STRING),
                    "What names it (an address, a block number, ...).",
                ),
                ("label", TypeRef::named_nn(TypeRef::STRING), "How to show it."),
                ("path", TypeRef::named_nn(TypeRef::STRING), "Its page in the explorer."),
            ],
        )
        .into(),
    );

    let mut query = Object::new("Query").description("COS on one chain, as the indexer stored it.");
    for table in &tables {
        let name: &'static str = table.name;
        let field = Field::new(
            &table.plural,
            TypeRef::named_nn(format!("{}Connection", table.type_name)),
            move |ctx| FieldFuture::new(async move { connection(&ctx, name, Filter::default()).await.map(Some) }),
        )
        .description(table.description);
        query = query.field(connection_args(field, table));
        let key: Vec<(String, Kind)> = table
            .key
            .iter()
            .map(|i| (table.columns[*i].field.clone(), table.columns[*i].kind))
            .collect();
        let key_names = key.clone();
        let mut one = Field::new(&table.singular, TypeRef::named(&table.type_name), move |ctx| {
            let key_names = key_names.clone();
            FieldFuture::new(async move {
                let db = ctx.data::<Db>()?;
                let values = key_names
                    .iter()
                    .map(|(name, _)| json(&ctx.args.try_get(name)?))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(db.by_key(name, &values).await.map_err(err)?.map(FieldValue::owned_any))
            })
        })
        .description(format!("One {} by its key.", table.type_name));
        for (field, kind) in key {
            one = one.argument(InputValue::new(field, TypeRef::named_nn(scalar_of(kind))));
        }
        query = query.field(one);
    }
    query = query
        .field(
            Field::new("_meta", TypeRef::named_nn("Meta"), |ctx| {
                FieldFuture::new(async move {
                    let db = ctx.data::<Db>()?;
                    Ok(Some(FieldValue::owned_any(stats::meta(db).await.map_err(err)?)))
                })
            })
            .description("Where the indexer stands: indexed head, finalised head, lag."),
        )
        .field(
            Field::new("search", TypeRef::named_nn_list_nn("SearchHit"), |ctx| {
                FieldFuture::new(async move {
                    spend(&ctx, cost::SEARCH)?;
                    let db = ctx.data::<Db>()?;
                    let text = ctx.args.try_get("text")?.string()?;
                    let hits = search::search(db, text).await.map_err(err)?;
                    Ok(Some(FieldValue::list(hits.into_iter().map(FieldValue::owned_any))))
                })
            })
            .argument(InputValue::new("text", TypeRef::named_nn(TypeRef::STRING)))
            .description("An account (hex or SS58), contract, block number or hash, transaction (`block-extrinsic`) or record (`contract/id`)."),
        )
        .field(stats::field());

    let subscription = Subscription::new("Subscription")
        .field(
            SubscriptionField::new("blocks", TypeRef::named_nn("Block"), |ctx| {
                SubscriptionFieldFuture::new(async move {
                    let feed = ctx.data::<Feed>()?;
                    Ok(feed
                        .stream()
                        .map(|update| Ok(FieldValue::owned_any(update.block.clone()))))
                })
            })
            .description("Each block as it is indexed."),
        )
        .field(
            SubscriptionField::new("events", TypeRef::named_nn("Event"), |ctx| {
                SubscriptionFieldFuture::new(async move {
                    let feed = ctx.data::<Feed>()?;
                    let arg = |name: &str| -> Result<Option<String>, Error> {
                        ctx.args
                            .get(name)
                            .filter(|v| !v.is_null())
                            .map(|v| v.string().map(str::to_string))
                            .transpose()
                    };
                    let contract = arg("contract")?
                        .map(|c| crate::accounts::parse(&c))
                        .transpose()
                        .map_err(err)?;
                    let account = arg("account")?
                        .map(|c| crate::accounts::parse(&c))
                        .transpose()
                        .map_err(err)?;
                    let name = arg("name")?;
                    let kind = arg("kind")?;
                    Ok(feed.stream().flat_map(move |update| {
                        let events: Vec<Result<FieldValue<'static>, Error>> = update
                            .events
                            .iter()
                            .filter(|e| {
                                crate::feed::matches(
                                    e,
                                    contract.as_deref(),
                                    kind.as_deref(),
                                    name.as_deref(),
                                    account.as_deref(),
                                )
                            })
                            .map(|e| Ok(FieldValue::owned_any(e.clone())))
                            .collect();
                        futures::stream::iter(events)
                    }))
                })
            })
            .argument(InputValue::new("contract", TypeRef::named("Address")))
            .argument(
                InputValue::new("kind", TypeRef::named(TypeRef::STRING))
                    .description("The contract kind: credit, donation_quota."),
            )
            .argument(
                InputValue::new("name", TypeRef::named(TypeRef::STRING))
                    .description("The event: Transfer, ContributionRecorded, ..."),
            )
            .argument(
                InputValue::new("account", TypeRef::named("Address"))
                    .description("Events naming this account in a topic or a field."),
            )
            .description("Each COS event as it is indexed, filtered."),
        );

    let mut builder = Schema::build("Query", None, Some("Subscription"))
        .register(query)
        .register(subscription)
        .data(db)
        .data(feed)
        .limit_depth(limits.depth)
        .limit_complexity(limits.fields)
        .limit_recursive_depth(limits.nesting);
    for ty in types {
        builder = builder.register(ty);
    }
    builder.finish()
}

/// Runs `request` (made by [`request`]), with async-graphql's limit errors
/// saying what the limit is.
pub async fn execute(schema: &Schema, request: async_graphql::Request, limits: &Limits) -> async_graphql::Response {
    let mut response = schema.execute(request).await;
    for error in &mut response.errors {
        if error.message == "Query is nested too deep." {
            error.message = format!(
                "the query is nested too deep: at most {} levels of selections (limit: cos serve --max-depth)",
                limits.depth
            );
        } else if error.message == "Query is too complex." {
            error.message = format!(
                "the query is too complex: at most {} fields in all (limit: cos serve --max-fields)",
                limits.fields
            );
        }
    }
    response
}

/// The batched loader of one request (or one subscription connection), with
/// a cache that lives as long as it does.
pub fn loader(db: &Db) -> DataLoader<Db, HashMapCache> {
    DataLoader::with_cache(db.clone(), tokio::spawn, HashMapCache::default())
}

/// A request with what each request needs of its own: a [`DataLoader`] (its
/// cache lives as long as the request), a [`RowBudget`] and the chain's time.
pub fn request(request: impl Into<async_graphql::Request>, db: &Db, limits: &Limits) -> async_graphql::Request {
    request_for(request, db, limits, false)
}

/// [`request`], for a subscription (`subscription`: its row budget refills
/// every second) or not.
pub fn request_for(
    request: impl Into<async_graphql::Request>,
    db: &Db,
    limits: &Limits,
    subscription: bool,
) -> async_graphql::Request {
    let budget = if subscription {
        RowBudget::per_second(limits.rows)
    } else {
        RowBudget::new(limits.rows)
    };
    request.into().data(loader(db)).data(budget).data(ChainTime::default())
}
