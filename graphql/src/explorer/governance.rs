//! Governance in the explorer: a proposal's page (state, what happens next,
//! the tally against the quorum and the threshold, its timeline from
//! proposal to acceptance, its actions decoded, every vote), a poll's page
//! (options with their weight, every answer), the list of decisions, and the
//! decisions of a community and of a governance contract.

use super::{
    account_link, cos, int,
    pages::{cards, params},
    table_section, text,
    units::votes,
    Failure, Page, Params,
};
use crate::{
    accounts,
    data::{Filter, Order, Row},
    deadlines, decisions,
    server::App,
};
use axum::extract::{Path, Query, State};
use maud::{html, Markup};

/// The most options a poll has (the contract's `MAX_OPTIONS`).
const MAX_OPTIONS: u64 = 16;
/// The most actions a proposal has (the contract's `MAX_ACTIONS`).
const MAX_ACTIONS: u64 = 8;

/// How a governance's weights read: COS (token-weighted) or votes.
struct Weights {
    in_votes: bool,
}

impl Weights {
    async fn of(app: &App, contract: &str) -> Result<(Row, Self), Failure> {
        let g = app
            .db
            .by_key("governances", &[contract.into()])
            .await?
            .unwrap_or_default();
        let in_votes = text(&g, "mode") == "one_member_one_vote";
        Ok((g, Self { in_votes }))
    }

    fn show(&self, weight: &str) -> String {
        if self.in_votes {
            votes(weight)
        } else {
            cos(weight)
        }
    }

    fn mode(&self) -> &'static str {
        if self.in_votes {
            "one member, one vote"
        } else {
            "weighted by COS votes at the snapshot"
        }
    }
}

fn amount(row: &Row, field: &str) -> u128 {
    text(row, field).parse().unwrap_or(0)
}

/// `part` as a percentage of `whole` (0 if `whole` is 0).
fn percent(part: u128, whole: u128) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

fn bps(value: i64) -> String {
    format!("{:.2} %", value as f64 / 100.0)
}

fn community_link(row: &Row) -> Markup {
    match (
        row.get("registry").and_then(serde_json::Value::as_str),
        row.get("community").and_then(serde_json::Value::as_i64),
    ) {
        (Some(registry), Some(id)) => html! { a href={ "/community/" (registry) "/" (id) } { "community " (id) } },
        _ => html! { "no community named" },
    }
}

fn block_link(block: i64) -> Markup {
    html! { a href={ "/block/" (block) } { "block " (block) } }
}

/// Who did something: an account, or the governance itself (a later proposal).
fn by(row: &Row, field: &str, contract: &str) -> Markup {
    match row.get(field).and_then(serde_json::Value::as_str) {
        Some(who) if who == contract => html! { "governance itself (a later proposal)" },
        Some(who) => account_link(who),
        None => html! { "—" },
    }
}

/// `/proposal/{contract}/{id}`.
pub async fn proposal(State(app): State<App>, Path((contract, id)): Path<(String, i64)>) -> Page {
    let hex = accounts::parse(&contract)?;
    let Some(p) = app.db.by_key("proposals", &[hex.clone().into(), id.into()]).await? else {
        return Err(Failure::not_found(format!(
            "Proposal {id} of {contract} is not indexed."
        )));
    };
    let (g, weights) = Weights::of(&app, &hex).await?;
    let head = deadlines::head(&app.db).await?.block;
    let state = decisions::proposal_state(&p, head);
    let (for_votes, against, abstain, eligible) = (
        amount(&p, "forVotes"),
        amount(&p, "against"),
        amount(&p, "abstain"),
        amount(&p, "eligible"),
    );
    let turnout = decisions::turnout(&p);
    let end = int(&p, "endBlock");
    let eta = p.get("eta").and_then(serde_json::Value::as_i64);
    let deadline = decisions::deadline(&p, head);
    let until = |what: &str| match deadline {
        Some(block) => format!("{what} until block {block}; after that it expires and never runs."),
        None => format!("{what}."),
    };
    let what_next = match state {
        "PENDING" => format!(
            "Voting opens at block {} ({} more block(s)): weights are read at the end of block {}, so COS moved or a member added before then counts, and nothing after.",
            int(&p, "snapshot").saturating_add(1),
            decisions::blocks_to_start(&p, head),
            int(&p, "snapshot")
        ),
        "ACTIVE" => format!(
            "Open for votes until block {end} ({} more block(s)): one vote per account, with its weight at block {}.",
            decisions::blocks_left("proposals", &p, head),
            int(&p, "snapshot")
        ),
        "DEFEATED" if !decisions::quorum_reached(&p) => {
            "Voting ended short of the quorum: it can never be queued or executed.".to_string()
        }
        "DEFEATED" => "Voting ended without the majority it needed: it can never be queued or executed.".to_string(),
        "SUCCEEDED" => until("It passed: anyone may queue it (it can be executed after the execution delay)"),
        "QUEUED" if eta.is_some_and(|eta| head.saturating_add(1) >= eta) => {
            until("Queued and its delay has passed: anyone may execute it now")
        }
        "QUEUED" => until(&format!("Queued: anyone may execute it from block {}", eta.unwrap_or_default())),
        "EXPIRED" => "It passed, but was not queued, or not executed, within its grace period: it never runs.".to_string(),
        "CANCELLED" => "Cancelled before it was executed: it never runs.".to_string(),
        _ if text(&p, "followUp") == "accepted" => "Executed, and accepted as done.".to_string(),
        _ => "Executed: its actions ran. It awaits acceptance as done (by the admin or a later proposal).".to_string(),
    };
    let mut timeline: Vec<(i64, Markup)> = vec![
        (
            int(&p, "block"),
            html! { "Proposed by " (account_link(text(&p, "proposer"))) "; weights read at the end of block " (int(&p, "snapshot")) ", voting opens after it." },
        ),
        (
            end,
            if head >= end {
                html! { "Voting ended: " (int(&p, "voters")) " voter(s), turnout " (weights.show(&turnout.to_string())) "." }
            } else {
                html! { "Voting ends (the last block in which a vote counts)." }
            },
        ),
    ];
    if let Some(block) = p.get("eligibleBlock").and_then(serde_json::Value::as_i64) {
        timeline.push((
            block,
            html! { "The first vote fixed the eligible weight: " (weights.show(&eligible.to_string())) "." },
        ));
    }
    if let Some(block) = p.get("queuedBlock").and_then(serde_json::Value::as_i64) {
        let expires = p.get("expiresBlock").and_then(serde_json::Value::as_i64);
        timeline.push((
            block,
            html! { "Queued: executable from block " (eta.unwrap_or_default())
            @if let Some(last) = expires { " to block " (last) } "." },
        ));
    }
    if let Some(block) = p.get("executedBlock").and_then(serde_json::Value::as_i64) {
        timeline.push((
            block,
            html! { "Executed by " (by(&p, "executedBy", &hex)) ": " (int(&p, "actions")) " action(s) ran, all or nothing." },
        ));
    }
    if let Some(block) = p.get("acceptedBlock").and_then(serde_json::Value::as_i64) {
        timeline.push((block, html! { "Accepted as done by " (by(&p, "acceptedBy", &hex)) "." }));
    }
    if let Some(block) = p.get("cancelledBlock").and_then(serde_json::Value::as_i64) {
        timeline.push((block, html! { "Cancelled by " (by(&p, "cancelledBy", &hex)) "." }));
    }
    timeline.sort_by_key(|(block, _)| *block);
    let id_text = id.to_string();
    let actions = app
        .db
        .all(
            "proposal_actions",
            &Filter::default().eq("contract", hex.clone()).eq("proposal", id),
            &Order {
                column: Some("position".into()),
                desc: false,
            },
            MAX_ACTIONS,
        )
        .await?;
    let votes = table_section(
        &app,
        "proposal_votes",
        &params(&[
            ("contract", &hex),
            ("proposal", &id_text),
            ("columns", "block,voter,support,weight,timestamp"),
            ("first", "50"),
        ]),
        "Votes",
    )
    .await?;
    let quorum_bps = int(&p, "quorumBps");
    let quorum_at = f64::from(i32::try_from(quorum_bps).unwrap_or(10_000)) / 100.0;
    Ok(super::layout(
        &format!("Proposal {id}"),
        html! {
            h1 { "Proposal " (id) " " span.tag { (state) } }
            p {
                "Of the governance " a.mono href={ "/contract/" (hex) } { (crate::search::short(&hex)) }
                " (" (weights.mode()) ") for " (community_link(&p))
                " · description hash " span.mono { (text(&p, "description")) }
            }
            p { (what_next) }
            h2 { "Tally" }
            div.tally role="img" aria-label={ "for " (format!("{:.1}", percent(for_votes, eligible))) " %, against " (format!("{:.1}", percent(against, eligible))) " %, abstain " (format!("{:.1}", percent(abstain, eligible))) " % of the eligible weight; quorum " (quorum_at) " %" } {
                div.yes style={ "width:" (format!("{:.2}", percent(for_votes, eligible))) "%" } {}
                div.no style={ "width:" (format!("{:.2}", percent(against, eligible))) "%" } {}
                div.abstain style={ "width:" (format!("{:.2}", percent(abstain, eligible))) "%" } {}
                div.quorum style={ "left:" (format!("{:.2}", quorum_at.min(100.0))) "%" } title="quorum" {}
            }
            p.legend { span.yes { "■" } " for " span.no { "■" } " against " span.abstain { "■" } " abstain · the line is the quorum" }
            (cards(&[
                ("for", weights.show(text(&p, "forVotes"))),
                ("against", weights.show(text(&p, "against"))),
                ("abstain", weights.show(text(&p, "abstain"))),
                ("voters", int(&p, "voters").to_string()),
                ("turnout", format!("{:.1} % of {}", percent(turnout, eligible), weights.show(&eligible.to_string()))),
                ("quorum", format!("{} ({})", bps(quorum_bps), if decisions::quorum_reached(&p) { "reached" } else { "not reached" })),
                ("for must exceed", format!("{} of for + against", bps(int(&p, "thresholdBps")))),
                ("follow-up", text(&p, "followUp").to_string()),
            ]))
            h2 { "Timeline" }
            ol.timeline {
                @for (block, what) in &timeline {
                    li { (block_link(*block)) ": " (what) }
                }
            }
            h2 { "Actions" }
            @if actions.is_empty() {
                p { "None: a resolution without on-chain actions (its follow-up is recorded all the same)." }
            } @else {
                p { "Run in order if it passes, all or nothing: if one fails, none remains and the proposal stays queued." }
                table {
                    thead { tr { th.num { "#" } th { "what" } th { "on" } } }
                    tbody { @for a in &actions { tr {
                        td.num { (int(a, "position")) }
                        td { (action_text(a)) }
                        td { @if let Some(callee) = a.get("callee").and_then(serde_json::Value::as_str) {
                            a.mono href={ "/contract/" (callee) } { (crate::search::short(callee)) }
                        } @else { "governance itself" } }
                    } } }
                }
            }
            (votes)
            p { a href={ "/contract/" (hex) } { "All decisions of this governance" } " · " (cards_link(&g)) }
        },
    ))
}

fn cards_link(g: &Row) -> Markup {
    match (
        g.get("registry").and_then(serde_json::Value::as_str),
        g.get("community").and_then(serde_json::Value::as_i64),
    ) {
        (Some(registry), Some(id)) => {
            html! { a href={ "/decisions?registry=" (registry) "&community=" (id) } { "All decisions of community " (id) } }
        }
        _ => html! { a href="/decisions" { "All decisions" } },
    }
}

/// What an action does, in words.
fn action_text(a: &Row) -> Markup {
    match text(a, "kind") {
        "call" => match a.get("callText").and_then(serde_json::Value::as_str) {
            Some(call) => html! { "call " code { (call) } },
            None => html! {
                "call selector " code { "0x" (text(a, "selector")) } " with input " code.mono { "0x" (text(a, "input")) }
            },
        },
        "add_member" => html! { "add member " (account_link(text(a, "account"))) },
        "remove_member" => html! { "remove member " (account_link(text(a, "account"))) },
        "accept" => {
            let target = int(a, "target");
            html! { "accept resolution " a href={ "/proposal/" (text(a, "contract")) "/" (target) } { (target) } " as done" }
        }
        "set_config" => html! { "change the rules: " code { (text(a, "callText")) } },
        "transfer_admin" => match a.get("account").and_then(serde_json::Value::as_str) {
            Some(to) => html! { "offer the admin role to " (account_link(to)) },
            None => html! { "withdraw the offer of the admin role" },
        },
        "accept_admin" => html! { "take the admin role offered to the governance" },
        "cancel" => {
            let target = int(a, "target");
            html! { "cancel proposal " a href={ "/proposal/" (text(a, "contract")) "/" (target) } { (target) } }
        }
        other => html! { (other) },
    }
}

/// `/poll/{contract}/{id}`.
pub async fn poll(State(app): State<App>, Path((contract, id)): Path<(String, i64)>) -> Page {
    let hex = accounts::parse(&contract)?;
    let Some(p) = app.db.by_key("polls", &[hex.clone().into(), id.into()]).await? else {
        return Err(Failure::not_found(format!("Poll {id} of {contract} is not indexed.")));
    };
    let (_, weights) = Weights::of(&app, &hex).await?;
    let head = deadlines::head(&app.db).await?.block;
    let state = decisions::poll_state(&p, head);
    let options = app
        .db
        .all(
            "poll_options",
            &Filter::default().eq("contract", hex.clone()).eq("poll", id),
            &Order {
                column: Some("option".into()),
                desc: false,
            },
            MAX_OPTIONS,
        )
        .await?;
    let turnout = amount(&p, "turnout");
    let id_text = id.to_string();
    let answers = table_section(
        &app,
        "poll_answers",
        &params(&[
            ("contract", &hex),
            ("poll", &id_text),
            ("columns", "block,voter,option,weight,timestamp"),
            ("first", "50"),
        ]),
        "Answers",
    )
    .await?;
    let end = int(&p, "endBlock");
    Ok(super::layout(
        &format!("Poll {id}"),
        html! {
            h1 { "Poll " (id) " " span.tag { (state) } }
            p {
                "A non-binding poll of the governance " a.mono href={ "/contract/" (hex) } { (crate::search::short(&hex)) }
                " (" (weights.mode()) ") for " (community_link(&p)) ", opened by " (account_link(text(&p, "creator")))
                " in " (block_link(int(&p, "block")))
                " · description hash " span.mono { (text(&p, "description")) }
            }
            p { @if state == "OPEN" {
                "Open until block " (end) " (" (decisions::blocks_left("polls", &p, head)) " more block(s)): one answer per account."
            } @else { "Closed at block " (end) "." } }
            (cards(&[
                ("answers", int(&p, "voters").to_string()),
                ("turnout", format!("{:.1} % of {}", percent(turnout, amount(&p, "eligible")), weights.show(text(&p, "eligible")))),
                ("options", int(&p, "options").to_string()),
            ]))
            h2 { "Options" }
            table.options {
                thead { tr { th.num { "option" } th { "share of the answers" } th.num { "weight" } th.num { "answers" } } }
                tbody { @for o in &options {
                    @let share = percent(amount(o, "weight"), turnout);
                    tr {
                        td.num { (int(o, "option")) }
                        td { div.progress role="progressbar" aria-valuenow=(format!("{share:.0}")) aria-valuemin="0" aria-valuemax="100" {
                            div style={ "width:" (format!("{share:.1}")) "%" } {}
                        } (format!("{share:.1} %")) }
                        td.num { (weights.show(text(o, "weight"))) }
                        td.num { (int(o, "answers")) }
                    }
                } }
            }
            (answers)
        },
    ))
}

/// `/decisions`: proposals, newest first (`state=active` for those open for
/// votes), and polls; filters of any list (`registry` and `community`,
/// `contract`, `proposer`, `involves`, ...).
pub async fn decisions(State(app): State<App>, Query(query): Query<Params>) -> Page {
    let head = deadlines::head(&app.db).await?.block;
    let active = query.get("state").map(String::as_str) == Some("active");
    let mut p: Params = query
        .iter()
        .filter(|(k, _)| k.as_str() != "state")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if active {
        // Open for a vote sent now (in the block after the head): past the snapshot, not past the end.
        p.insert("snapshot.lte".into(), head.to_string());
        p.insert("endBlock.gte".into(), head.saturating_add(1).to_string());
        p.insert("cancelled".into(), "false".into());
    }
    if !p.contains_key("desc") {
        p.insert("desc".into(), "1".into());
    }
    let mut proposals = p.clone();
    proposals.insert("columns".into(), PROPOSAL_COLUMNS.into());
    let mut polls = p;
    polls.remove("cancelled");
    polls.insert("columns".into(), POLL_COLUMNS.into());
    let proposals = table_section(&app, "proposals", &proposals, "Proposals").await?;
    let polls = table_section(&app, "polls", &polls, "Polls").await?;
    let link = |state: &str| {
        let mut q = query.clone();
        q.insert("state".into(), state.into());
        let pairs: Vec<(String, String)> = q.into_iter().collect();
        format!("/decisions?{}", super::query_string(&pairs))
    };
    Ok(super::layout(
        "Decisions",
        html! {
            h1 { "Decisions" }
            p { "Proposals voted by a community's members or by COS held at a snapshot; those that pass run their actions (calls to other contracts) after a delay, all or nothing, and are accepted as done once followed up. Polls are non-binding." }
            p.pager {
                @if active { a href=(link("all")) { "All" } b { "Open for votes" } }
                @else { b { "All" } a href=(link("active")) { "Open for votes" } }
            }
            (proposals) (polls)
        },
    ))
}

const PROPOSAL_COLUMNS: &str = "id,contract,community,proposer,forVotes,against,abstain,voters,endBlock,followUp";
const POLL_COLUMNS: &str = "id,contract,community,creator,options,voters,turnout,endBlock";

/// A community's governances, proposals and polls, for its page.
pub async fn of_community(app: &App, registry: &str, id: i64) -> Result<Markup, Failure> {
    let id = id.to_string();
    let scope = |columns: &str| {
        params(&[
            ("registry", registry),
            ("community", &id),
            ("desc", "1"),
            ("first", "10"),
            ("columns", columns),
        ])
    };
    let proposals = table_section(app, "proposals", &scope(PROPOSAL_COLUMNS), "Decisions: proposals").await?;
    let polls = table_section(app, "polls", &scope(POLL_COLUMNS), "Decisions: polls").await?;
    Ok(html! {
        (proposals) (polls)
        p { a href={ "/decisions?registry=" (registry) "&community=" (id) } { "All decisions of community " (id) } }
    })
}

/// The body of a governance contract's page: its rules, members, proposals and polls.
pub async fn contract_page(app: &App, hex: &str) -> Result<Markup, Failure> {
    let (g, weights) = Weights::of(app, hex).await?;
    let scope = |columns: &str| params(&[("contract", hex), ("desc", "1"), ("first", "20"), ("columns", columns)]);
    let proposals = table_section(app, "proposals", &scope(PROPOSAL_COLUMNS), "Proposals").await?;
    let polls = table_section(app, "polls", &scope(POLL_COLUMNS), "Polls").await?;
    let members = if weights.in_votes {
        table_section(
            app,
            "governance_members",
            &params(&[("contract", hex), ("active", "true"), ("columns", "account,joined")]),
            "Members",
        )
        .await?
    } else {
        html! {}
    };
    let grace = g.get("gracePeriod").and_then(serde_json::Value::as_i64);
    let admin = app
        .db
        .by_key("contracts", &[hex.to_string().into()])
        .await?
        .and_then(|c| c.get("owner").and_then(serde_json::Value::as_str).map(str::to_string));
    let mut rules = vec![
        (
            "admin",
            match admin.as_deref() {
                Some(owner) if owner == hex => "the governance itself".to_string(),
                Some(owner) => crate::search::short(owner),
                None => "—".to_string(),
            },
        ),
        (
            "voting delay",
            format!("{} block(s) to the snapshot", int(&g, "votingDelay")),
        ),
        ("voting period", format!("{} blocks", int(&g, "votingPeriod"))),
        ("quorum", bps(int(&g, "quorumBps"))),
        (
            "for must exceed",
            format!("{} of for + against", bps(int(&g, "thresholdBps"))),
        ),
        ("execution delay", format!("{} blocks", int(&g, "executionDelay"))),
        (
            "grace period",
            grace.map_or_else(|| "none (never expires)".to_string(), |n| format!("{n} blocks")),
        ),
        ("to propose", weights.show(text(&g, "proposalThreshold"))),
        ("proposals", int(&g, "proposals").to_string()),
        ("polls", int(&g, "polls").to_string()),
    ];
    if weights.in_votes {
        rules.push(("members", int(&g, "members").to_string()));
    }
    Ok(html! {
        p { "Decides for " (community_link(&g)) ", " (weights.mode()) "." }
        (cards(&rules))
        (proposals) (polls) (members)
    })
}
