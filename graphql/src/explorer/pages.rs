//! The explorer's pages.

use super::{account_link, charts, cos, int, layout, live_script, table_section, text, time, Failure, Page, Params};
use crate::{
    accounts,
    data::{Filter, Order, Row},
    search::short,
    server::App,
    stats::{statistics, Scope},
};
use axum::extract::{Path, Query, State};
use maud::{html, Markup};
use serde_json::Value;
use std::collections::BTreeMap;

pub(super) fn params(pairs: &[(&str, &str)]) -> Params {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

pub(super) fn cards(items: &[(&str, String)]) -> Markup {
    html! { div.cards { @for (name, value) in items { div.card { b { (value) } span { (name) } } } } }
}

fn series(points: &Value, amount: bool) -> Vec<(String, f64, String)> {
    points
        .as_array()
        .map(|days| {
            days.iter()
                .map(|d| {
                    let day = d.get("day").and_then(Value::as_str).unwrap_or_default().to_string();
                    let count = d.get("count").and_then(Value::as_i64).unwrap_or(0);
                    let base = d.get("amount").and_then(Value::as_str).unwrap_or("0");
                    let value = if amount {
                        base.parse::<f64>().unwrap_or(0.0) / 1e8
                    } else {
                        count as f64
                    };
                    (day, value, format!("{count} · {}", cos(base)))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn stat_cards(stats: &Row) -> Markup {
    let t = |k: &str| text(stats, k).to_string();
    let n = |k: &str| int(stats, k).to_string();
    cards(&[
        ("communities", n("communities")),
        ("members", n("members")),
        ("contribution records", n("records")),
        ("COS issued", cos(&t("issued"))),
        ("COS in circulation", cos(&t("circulating"))),
        ("quota unlocked", cos(&t("unlocked"))),
        ("bonuses paid", cos(&t("bonusesPaid"))),
        ("transfers", n("transfers")),
        ("transfer volume", cos(&t("transferVolume"))),
    ])
}

pub async fn home(State(app): State<App>) -> Page {
    let scope = Scope {
        days: 30,
        ..Scope::default()
    };
    let stats = statistics(&app.db, &scope).await?;
    let meta = crate::stats::meta(&app.db).await?;
    let blocks = table_section(
        &app,
        "blocks",
        &params(&[("desc", "1"), ("first", "10"), ("events.gt", "0")]),
        "Latest blocks with COS events",
    )
    .await?;
    let records = table_section(
        &app,
        "records",
        &params(&[("order", "block"), ("desc", "1"), ("first", "10")]),
        "Latest contribution records",
    )
    .await?;
    let transfers = table_section(
        &app,
        "transfers",
        &params(&[("desc", "1"), ("first", "10")]),
        "Latest transfers",
    )
    .await?;
    Ok(layout(
        "Home",
        html! {
            h1 { "COS on this chain" }
            p {
                "Indexed to block " b id="head" { "#" (meta.get("indexedHead").and_then(Value::as_i64).map_or("none yet".to_string(), |n| n.to_string())) }
                @if let Some(lag) = meta.get("lag").and_then(Value::as_i64) { " (" (lag) " behind the finalised head)" }
                ". Everything here is public: every transfer and every contribution record, searchable by anyone."
            }
            (stat_cards(&stats))
            div.grid2 {
                (charts::bars("Contributions per day (COS)", &series(&stats["contributionsByDay"], true)))
                (charts::bars("Transfer volume per day (COS)", &series(&stats["transfersByDay"], true)))
            }
            h2 { "Live" }
            ul id="live" { li { "New blocks appear here as they are indexed (needs JavaScript)." } }
            (records)
            (transfers)
            (blocks)
            (live_script())
        },
    ))
}

pub async fn account(State(app): State<App>, Path(address): Path<String>) -> Page {
    let hex = accounts::parse(&address)?;
    let seen = app.db.by_key("accounts", &[hex.clone().into()]).await?;
    let contract = app.db.by_key("contracts", &[hex.clone().into()]).await?;
    if seen.is_none() && contract.is_none() {
        return Err(Failure::not_found(format!("No COS event names the account {address}.")));
    }
    let ss58 = accounts::ss58(&hex).unwrap_or_default();
    let mine = |extra: &[(&str, &str)]| {
        let mut p = params(extra);
        p.insert("involves".into(), hex.clone());
        p
    };
    let balances = table_section(&app, "balances", &params(&[("account", &hex)]), "Balances").await?;
    let records = table_section(
        &app,
        "records",
        &params(&[("contributor", &hex), ("desc", "1"), ("first", "20")]),
        "Contribution records",
    )
    .await?;
    let ranks = table_section(
        &app,
        "leaderboard",
        &params(&[("account", &hex), ("category", "-1"), ("period", "")]),
        "Contributions per community (all time)",
    )
    .await?;
    let transfers = table_section(&app, "transfers", &mine(&[("desc", "1"), ("first", "20")]), "Transfers").await?;
    let quotas = table_section(&app, "quotas", &params(&[("holder", &hex)]), "Quota held (as manager)").await?;
    let delegations = table_section(&app, "delegations", &params(&[("delegator", &hex)]), "Delegation").await?;
    let votes = table_section(
        &app,
        "proposal_votes",
        &params(&[("voter", &hex), ("desc", "1"), ("first", "20")]),
        "Votes on proposals",
    )
    .await?;
    Ok(layout(
        &format!("Account {}", short(&ss58)),
        html! {
            h1 { "Account" }
            p.mono { (ss58) }
            p.mono { "hex " (hex) }
            @if let Some(c) = &contract { p { "This is a " a href={ "/contract/" (hex) } { (text(c, "kind")) " contract" } "." } }
            @if let Some(s) = &seen { p { "First seen in block " a href={ "/block/" (int(s, "firstBlock")) } { (int(s, "firstBlock")) } "." } }
            (balances) (records) (ranks) (transfers) (quotas) (delegations) (votes)
        },
    ))
}

pub async fn contract(State(app): State<App>, Path(address): Path<String>) -> Page {
    let hex = accounts::parse(&address)?;
    let Some(contract) = app.db.by_key("contracts", &[hex.clone().into()]).await? else {
        return Err(Failure::not_found(format!(
            "{address} is not a COS contract this indexer knows."
        )));
    };
    let kind = text(&contract, "kind").to_string();
    let details = html! {
        table {
            tr { th { "kind" } td { (kind) " (" (text(&contract, "bundle")) ")" } }
            tr { th { "address" } td.mono { (accounts::ss58(&hex).unwrap_or_default()) br; (hex) } }
            tr { th { "code hash" } td.mono { (text(&contract, "codeHash")) } }
            tr { th { "deployed" } td { "block " a href={ "/block/" (int(&contract, "block")) } { (int(&contract, "block")) } " by " (account_link(text(&contract, "deployer"))) } }
            tr { th { "owner" } td { @match contract.get("owner").and_then(Value::as_str) { Some(o) => (account_link(o)), None => "—" } } }
            tr { th { "state" } td { @if contract.get("paused") == Some(&Value::Bool(true)) { "paused" } @else { "running" } } }
        }
    };
    let body = if kind == "credit" {
        let token = app
            .db
            .by_key("tokens", &[hex.clone().into()])
            .await?
            .unwrap_or_default();
        let stats = statistics(
            &app.db,
            &Scope {
                token: Some(hex.clone()),
                days: 30,
                ..Scope::default()
            },
        )
        .await?;
        let holders = table_section(
            &app,
            "balances",
            &params(&[("token", &hex), ("order", "balance"), ("desc", "1"), ("first", "20")]),
            "Holders",
        )
        .await?;
        let transfers = table_section(
            &app,
            "transfers",
            &params(&[("token", &hex), ("desc", "1"), ("first", "20")]),
            "Transfers",
        )
        .await?;
        html! {
            (cards(&[
                ("supply", cos(text(&token, "supply"))),
                ("issued", cos(text(&token, "issued"))),
                ("burned", cos(text(&token, "burned"))),
                ("in circulation", cos(text(&token, "circulating"))),
                ("transfers", int(&token, "transfers").to_string()),
                ("volume", cos(text(&token, "volume"))),
            ]))
            (charts::bars("Transfer volume per day (COS)", &series(&stats["transfersByDay"], true)))
            (holders) (transfers)
        }
    } else if kind == "subtoken" {
        super::subtoken::page(&app, &hex).await?
    } else if kind == "crowdfund" || kind == "bounty" {
        super::funding::contract_page(&app, &kind, &hex).await?
    } else if kind == "governance" {
        super::governance::contract_page(&app, &hex).await?
    } else {
        let totals = app
            .db
            .by_key("quota_totals", &[hex.clone().into()])
            .await?
            .unwrap_or_default();
        let communities = table_section(&app, "communities", &params(&[("contract", &hex)]), "Communities").await?;
        let sponsors = table_section(&app, "sponsors", &params(&[("contract", &hex)]), "Sponsors").await?;
        html! {
            (cards(&[
                ("quota granted", cos(text(&totals, "granted"))),
                ("held by sponsors", cos(text(&totals, "held"))),
                ("unlocked", cos(text(&totals, "unlocked"))),
                ("bonuses paid", cos(text(&totals, "bonusPaid"))),
                ("bonus reserve", cos(text(&totals, "reserve"))),
            ]))
            (communities) (sponsors)
        }
    };
    let events = table_section(
        &app,
        "events",
        &params(&[("contract", &hex), ("desc", "1"), ("first", "20")]),
        "Events",
    )
    .await?;
    Ok(layout(
        &format!("{kind} {}", short(&hex)),
        html! { h1 { (kind) " contract" } (details) (body) (events) },
    ))
}

#[derive(serde::Deserialize, Default)]
pub struct Board {
    category: Option<i32>,
    period: Option<String>,
}

pub async fn community(
    State(app): State<App>,
    Path((contract, id)): Path<(String, i64)>,
    Query(board): Query<Board>,
) -> Page {
    let hex = accounts::parse(&contract)?;
    let Some(c) = app.db.by_key("communities", &[hex.clone().into(), id.into()]).await? else {
        return Err(Failure::not_found(format!(
            "Community {id} of {contract} is not known."
        )));
    };
    let id_text = id.to_string();
    let stats = statistics(
        &app.db,
        &Scope {
            contract: Some(hex.clone()),
            community: Some(id),
            days: 60,
            ..Scope::default()
        },
    )
    .await?;
    // The names the community gave its categories (at most 64 are named at once).
    let names: std::collections::HashMap<i64, String> = app
        .db
        .all(
            "categories",
            &Filter::default().eq("contract", hex.clone()).eq("community", id),
            &Order::default(),
            1_000,
        )
        .await?
        .iter()
        .filter_map(|r| Some((int(r, "category"), r.get("name")?.as_str()?.to_string())))
        .collect();
    let category_label = |n: i64| match names.get(&n) {
        Some(name) => format!("{name} ({n})"),
        None => n.to_string(),
    };
    let category = board.category.unwrap_or(-1).to_string();
    let period = board.period.unwrap_or_default();
    let leaderboard = table_section(
        &app,
        "leaderboard",
        &params(&[
            ("contract", &hex),
            ("community", &id_text),
            ("category", &category),
            ("period", &period),
            ("order", "amount"),
            ("desc", "1"),
            ("first", "20"),
        ]),
        &format!(
            "Leaderboard: {}, {}",
            if category == "-1" {
                "all categories".to_string()
            } else {
                format!("category {}", category_label(category.parse().unwrap_or(-1)))
            },
            if period.is_empty() {
                "all time".to_string()
            } else {
                period.clone()
            }
        ),
    )
    .await?;
    let community_filter = Filter::default().eq("contract", hex.clone()).eq("community", id);
    let managers = app
        .db
        .all("managers", &community_filter, &Order::default(), 1_000)
        .await?;
    let periods: Vec<String> = {
        let rows = app
            .db
            .all(
                "daily",
                &Filter::default()
                    .eq("contract", hex.clone())
                    .eq("scope", id)
                    .eq("metric", "contributions")
                    .eq("key", -1),
                &Order {
                    column: Some("day".into()),
                    desc: true,
                },
                400,
            )
            .await?;
        let mut months: Vec<String> = rows
            .iter()
            .map(|r| text(r, "day").get(..7).unwrap_or_default().to_string())
            .collect();
        months.dedup();
        months
    };
    let flow = quota_flow(&app, &hex, id).await?;
    let records = table_section(
        &app,
        "records",
        &params(&[
            ("contract", &hex),
            ("community", &id_text),
            ("desc", "1"),
            ("first", "20"),
        ]),
        "Latest records",
    )
    .await?;
    let donations = table_section(
        &app,
        "donations",
        &params(&[
            ("contract", &hex),
            ("community", &id_text),
            ("desc", "1"),
            ("first", "20"),
        ]),
        "Donations of quota",
    )
    .await?;
    let bonuses = table_section(
        &app,
        "bonuses",
        &params(&[
            ("contract", &hex),
            ("community", &id_text),
            ("desc", "1"),
            ("first", "20"),
        ]),
        "Bonuses",
    )
    .await?;
    let subtokens = super::subtoken::of_community(&app, &hex, id).await?;
    let funding = super::funding::of_community(&app, &hex, id).await?;
    let decisions = super::governance::of_community(&app, &hex, id).await?;
    let base = format!("/community/{hex}/{id}");
    Ok(layout(
        &format!("Community {id}"),
        html! {
            h1 { "Community " (id) }
            p { "Admin " (account_link(text(&c, "admin"))) " · contract " a.mono href={ "/contract/" (hex) } { (short(&hex)) } " · since block " (int(&c, "block")) }
            p {
                @if c.get("recognised").and_then(Value::as_bool).unwrap_or(false) {
                    span.tag { "recognised" } " by the operator: sponsors may donate quota to it, and its managers allocate and unlock it"
                } @else {
                    span.tag { "not recognised" } " by the operator: it receives no quota, and quota it holds stays where it is until it is recognised"
                }
            }
            (cards(&[
                ("members", int(&c, "members").to_string()),
                ("records", int(&c, "records").to_string()),
                ("quota donated", cos(text(&c, "donated"))),
                ("unlocked (rewarded)", cos(text(&c, "unlocked"))),
                ("bonuses paid", cos(text(&c, "bonuses"))),
            ]))
            (flow)
            div.grid2 {
                (charts::bars("Contributions per day (COS)", &series(&stats["contributionsByDay"], true)))
                div {
                    h2 { "Contributions by category" }
                    table {
                        thead { tr { th { "category" } th.num { "records" } th.num { "amount" } } }
                        tbody {
                            @for cat in stats["contributionsByCategory"].as_array().into_iter().flatten() {
                                tr {
                                    td { a href={ (base) "?category=" (cat["category"]) } { (category_label(cat["category"].as_i64().unwrap_or(-1))) } }
                                    td.num { (cat["records"]) }
                                    td.num { (cos(cat["amount"].as_str().unwrap_or("0"))) }
                                }
                            }
                        }
                    }
                }
            }
            p { "Leaderboards: " a href=(base) { "all time" }
                @for month in &periods { " · " a href={ (base) "?period=" (month) } { (month) } } }
            (leaderboard)
            h2 { "Managers" }
            div.tree { (tree(&c, &managers)) }
            (subtokens) (funding) (decisions) (records) (donations) (bonuses)
        },
    ))
}

/// The manager tree: the admin, then each manager under the one who appointed it.
fn tree(community: &Row, managers: &[Row]) -> Markup {
    fn level(parent: Option<&str>, managers: &[Row], depth: usize) -> Markup {
        let children: Vec<&Row> = managers
            .iter()
            .filter(|m| m.get("parent").and_then(Value::as_str) == parent)
            .collect();
        html! {
            @if !children.is_empty() && depth < 16 {
                ul {
                    @for m in children {
                        li { (account_link(text(m, "manager"))) " " span.tag { (text(m, "state")) } (level(Some(text(m, "manager")), managers, depth + 1)) }
                    }
                }
            }
        }
    }
    html! { ul { li { (account_link(text(community, "admin"))) " " span.tag { "admin" } (level(None, managers, 0)) } } }
}

/// Contributors shown by name in the flow; the rest are summed as "others".
const FLOW_CONTRIBUTORS: usize = 8;

/// Sponsors -> community -> managers -> contributors, with the bonuses paid back.
async fn quota_flow(app: &App, contract: &str, id: i64) -> Result<Markup, Failure> {
    let filter = Filter::default()
        .eq("contract", contract.to_string())
        .eq("community", id);
    let donations = app.db.all("donations", &filter, &Order::default(), 10_000).await?;
    let allocations = app.db.all("allocations", &filter, &Order::default(), 10_000).await?;
    let records = app.db.all("records", &filter, &Order::default(), 20_000).await?;
    let bonuses = app.db.all("bonuses", &filter, &Order::default(), 10_000).await?;
    let amount = |r: &Row, k: &str| text(r, k).parse::<u128>().unwrap_or(0);
    let mut sponsors: BTreeMap<String, u128> = BTreeMap::new();
    for d in &donations {
        *sponsors.entry(text(d, "sponsor").to_string()).or_default() += amount(d, "amount");
    }
    let mut managers: BTreeMap<String, u128> = BTreeMap::new();
    for a in allocations.iter().filter(|a| a.get("from").is_none_or(Value::is_null)) {
        if let Some(to) = a.get("to").and_then(Value::as_str) {
            *managers.entry(to.to_string()).or_default() += amount(a, "amount");
        }
    }
    let mut rewarded: BTreeMap<(String, String), u128> = BTreeMap::new();
    let mut per_contributor: BTreeMap<String, u128> = BTreeMap::new();
    for r in &records {
        *rewarded
            .entry((text(r, "manager").to_string(), text(r, "contributor").to_string()))
            .or_default() += amount(r, "amount");
        *per_contributor.entry(text(r, "contributor").to_string()).or_default() += amount(r, "amount");
    }
    let mut bonus: BTreeMap<String, u128> = BTreeMap::new();
    for b in &bonuses {
        *bonus.entry(text(b, "sponsor").to_string()).or_default() += amount(b, "sponsorBonus");
        *bonus.entry(text(b, "manager").to_string()).or_default() += amount(b, "managerBonus");
    }
    let mut top: Vec<(String, u128)> = per_contributor.into_iter().collect();
    top.sort_by_key(|b| std::cmp::Reverse(b.1));
    let named: Vec<String> = top.iter().take(FLOW_CONTRIBUTORS).map(|(a, _)| a.clone()).collect();

    let label = |hex: &str| accounts::ss58(hex).map_or_else(|| short(hex), |s| format!("{}…", &s[..8]));
    let with_bonus = |hex: &str| match bonus.get(hex) {
        Some(b) if *b > 0 => format!("{} (bonus {})", label(hex), cos(&b.to_string())),
        _ => label(hex),
    };
    let mut nodes = Vec::new();
    let mut index: BTreeMap<(usize, String), usize> = BTreeMap::new();
    fn node(
        index: &mut BTreeMap<(usize, String), usize>,
        nodes: &mut Vec<charts::Node>,
        column: usize,
        key: &str,
        label: String,
        link: Option<String>,
    ) -> usize {
        *index.entry((column, key.to_string())).or_insert_with(|| {
            nodes.push(charts::Node { column, label, link });
            nodes.len() - 1
        })
    }
    let community = node(&mut index, &mut nodes, 1, "", format!("community {id}"), None);
    let mut flows = Vec::new();
    let as_cos = |v: u128| v as f64 / 1e8;
    for (sponsor, value) in &sponsors {
        let n = node(
            &mut index,
            &mut nodes,
            0,
            sponsor,
            with_bonus(sponsor),
            Some(format!("/account/{sponsor}")),
        );
        flows.push(charts::Flow {
            from: n,
            to: community,
            value: as_cos(*value),
            tip: format!("donated {}", cos(&value.to_string())),
        });
    }
    for (manager, value) in &managers {
        let n = node(
            &mut index,
            &mut nodes,
            2,
            manager,
            with_bonus(manager),
            Some(format!("/account/{manager}")),
        );
        flows.push(charts::Flow {
            from: community,
            to: n,
            value: as_cos(*value),
            tip: format!("allocated {}", cos(&value.to_string())),
        });
    }
    let mut others: BTreeMap<String, u128> = BTreeMap::new();
    for ((manager, contributor), value) in &rewarded {
        let from = match index.get(&(2, manager.clone())) {
            Some(n) => *n,
            // Rewarded straight from the pool (the admin).
            None => community,
        };
        if named.contains(contributor) {
            let to = node(
                &mut index,
                &mut nodes,
                3,
                contributor,
                label(contributor),
                Some(format!("/account/{contributor}")),
            );
            flows.push(charts::Flow {
                from,
                to,
                value: as_cos(*value),
                tip: format!("rewarded {}", cos(&value.to_string())),
            });
        } else {
            *others.entry(manager.clone()).or_default() += value;
        }
    }
    if !others.is_empty() {
        let count = top.len() - named.len();
        let to = node(&mut index, &mut nodes, 3, "others", format!("{count} others"), None);
        for (manager, value) in others {
            let from = index.get(&(2, manager)).copied().unwrap_or(community);
            flows.push(charts::Flow {
                from,
                to,
                value: as_cos(value),
                tip: format!("rewarded {}", cos(&value.to_string())),
            });
        }
    }
    Ok(charts::flow(
        "Quota flow: sponsors → community → managers → contributors (bonuses beside the sponsors and managers who earned them)",
        &["Sponsors", "Community", "Managers", "Contributors"],
        &nodes,
        &flows,
    ))
}

pub async fn record(State(app): State<App>, Path((contract, id)): Path<(String, i64)>) -> Page {
    let hex = accounts::parse(&contract)?;
    let Some(r) = app.db.by_key("records", &[hex.clone().into(), id.into()]).await? else {
        return Err(Failure::not_found(format!("Record {id} of {contract} is not known.")));
    };
    let community = int(&r, "community");
    Ok(layout(
        &format!("Record {id}"),
        html! {
            h1 { "Contribution record " (id) }
            table {
                tr { th { "contributor" } td { (account_link(text(&r, "contributor"))) } }
                tr { th { "amount" } td { (cos(text(&r, "amount"))) } }
                tr { th { "community" } td { a href={ "/community/" (hex) "/" (community) } { "community " (community) } } }
                tr { th { "category" } td { (int(&r, "category")) } }
                tr { th { "activity" } td { (int(&r, "activity")) } }
                tr { th { "content hash" } td.mono { (text(&r, "contentHash")) } }
                tr { th { "manager" } td { (account_link(text(&r, "manager"))) } }
                tr { th { "sponsor (quota from)" } td { (account_link(text(&r, "sponsor"))) } }
                tr { th { "block" } td { a href={ "/block/" (int(&r, "block")) } { (int(&r, "block")) } " · " (time(int(&r, "timestamp"))) } }
            }
        },
    ))
}

pub async fn block(State(app): State<App>, Path(number): Path<i64>) -> Page {
    let Some(b) = app.db.by_key("blocks", &[number.into()]).await? else {
        return Err(Failure::not_found(format!("Block {number} is not indexed (yet).")));
    };
    let n = number.to_string();
    let events = table_section(
        &app,
        "events",
        &params(&[("block", &n), ("first", "200")]),
        "COS events",
    )
    .await?;
    let transfers = table_section(&app, "transfers", &params(&[("block", &n)]), "Transfers").await?;
    Ok(layout(
        &format!("Block {number}"),
        html! {
            h1 { "Block #" (number) }
            table {
                tr { th { "hash" } td.mono { (text(&b, "hash")) } }
                tr { th { "parent" } td.mono { a href={ "/block/" (number - 1) } { (text(&b, "parentHash")) } } }
                tr { th { "time" } td { (time(int(&b, "timestamp"))) } }
                tr { th { "COS events" } td { (int(&b, "events")) } }
            }
            p.pager { a href={ "/block/" (number - 1) } { "← #" (number - 1) } a href={ "/block/" (number + 1) } { "#" (number + 1) " →" } }
            (events) (transfers)
        },
    ))
}

pub async fn transaction(State(app): State<App>, Path((block, extrinsic)): Path<(i64, i64)>) -> Page {
    let (b, e) = (block.to_string(), extrinsic.to_string());
    let events = table_section(
        &app,
        "events",
        &params(&[("block", &b), ("extrinsic", &e), ("first", "500")]),
        "COS events",
    )
    .await?;
    Ok(layout(
        &format!("Transaction {block}-{extrinsic}"),
        html! {
            h1 { "Transaction " (block) "-" (extrinsic) }
            p { "Extrinsic " (extrinsic) " of " a href={ "/block/" (block) } { "block #" (block) } "." }
            (events)
        },
    ))
}
