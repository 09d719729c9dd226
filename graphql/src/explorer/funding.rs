//! Campaigns and bounties in the explorer: a page for each (terms, progress,
//! state and time left at the chain's time, who pledged or submitted, what
//! left the contract), lists of open ones with filters, and a community's.

use super::{
    cos, int, layout,
    pages::{cards, params},
    table_section, text, time, Failure, Page, Params,
};
use crate::{accounts, deadlines, server::App};
use axum::{
    extract::{Path, Query, State},
    response::Html,
};
use maud::{html, Markup};

fn amount(row: &crate::data::Row, field: &str) -> u128 {
    text(row, field).parse().unwrap_or(0)
}

/// `3 d 4 h` (or `2 h 5 min`, `40 s`) from milliseconds; `passed` at 0.
pub fn duration(ms: i64) -> String {
    if ms <= 0 {
        return "passed".to_string();
    }
    let s = ms / 1000;
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min")
    } else {
        format!("{s} s")
    }
}

fn community_link(row: &crate::data::Row) -> Markup {
    match (
        row.get("registry").and_then(serde_json::Value::as_str),
        row.get("community").and_then(serde_json::Value::as_i64),
    ) {
        (Some(registry), Some(id)) => html! { a href={ "/community/" (registry) "/" (id) } { "community " (id) } },
        _ => html! { "no community" },
    }
}

/// `/campaign/{contract}/{id}`.
pub async fn campaign(State(app): State<App>, Path((contract, id)): Path<(String, i64)>) -> Page {
    let hex = accounts::parse(&contract)?;
    let Some(c) = app.db.by_key("campaigns", &[hex.clone().into(), id.into()]).await? else {
        return Err(Failure::not_found(format!(
            "Campaign {id} of {contract} is not indexed."
        )));
    };
    let head = deadlines::head(&app.db).await?;
    let state = deadlines::campaign_state(&c, &head);
    let deadline = deadline_text(&c, deadlines::ends_at("campaigns", &c, &head));
    let (raised, goal) = (amount(&c, "raised"), amount(&c, "goal"));
    let held = raised
        .saturating_sub(amount(&c, "claimed"))
        .saturating_sub(amount(&c, "refunded"));
    let progress = if goal == 0 {
        0.0
    } else {
        raised as f64 * 100.0 / goal as f64
    };
    let id_text = id.to_string();
    let scope = |extra: &[(&str, &str)]| {
        let mut p = params(&[("contract", &hex), ("campaign", &id_text)]);
        p.extend(params(extra));
        p
    };
    let backers = table_section(
        &app,
        "backers",
        &scope(&[("order", "pledged"), ("desc", "1"), ("first", "20")]),
        "Backers",
    )
    .await?;
    let pledges = table_section(&app, "pledges", &scope(&[("desc", "1"), ("first", "20")]), "Pledges").await?;
    let payouts = table_section(
        &app,
        "campaign_payouts",
        &scope(&[("desc", "1"), ("first", "20")]),
        "Claims and refunds",
    )
    .await?;
    let all_or_nothing = text(&c, "kind") == "all_or_nothing";
    let what_next = match state {
        "OPEN" if all_or_nothing => {
            "Pledges are accepted until the deadline; the beneficiary gets them only if they reach the goal by then."
        }
        "OPEN" => "Pledges are accepted until the deadline; the beneficiary may claim what has come in at any time.",
        "SUCCEEDED" => "The goal was reached: the beneficiary may claim everything raised.",
        "CLAIMED" => "The goal was reached and the beneficiary claimed what was raised.",
        "FAILED" => "The goal was missed: every pledger may take their pledge back (refund).",
        "ENDED" => "The donation campaign has ended; the beneficiary may claim what is left.",
        _ => "The creator cancelled it: every pledger may take their pledge back (refund).",
    };
    let kind = if all_or_nothing { "all-or-nothing" } else { "donation" };
    Ok(layout(
        &format!("Campaign {id}"),
        html! {
            h1 { "Campaign " (id) " " span.tag { (state) } }
            p {
                (kind) " campaign for " (super::account_link(text(&c, "beneficiary")))
                ", started by " (super::account_link(text(&c, "creator")))
                " in block " a href={ "/block/" (int(&c, "block")) } { (int(&c, "block")) }
                " for " (community_link(&c))
                " · description hash " span.mono { (text(&c, "description")) }
            }
            p { (what_next) }
            div.progress role="progressbar" aria-valuenow=(format!("{progress:.0}")) aria-valuemin="0" aria-valuemax="100" {
                div style={ "width:" (format!("{:.1}", progress.min(100.0))) "%" } {}
            }
            (cards(&[
                ("raised", cos(text(&c, "raised"))),
                ("goal", cos(text(&c, "goal"))),
                ("of the goal", format!("{progress:.1} %")),
                ("pledgers", int(&c, "pledgers").to_string()),
                ("claimed by the beneficiary", cos(text(&c, "claimed"))),
                ("refunded", cos(text(&c, "refunded"))),
                ("still held", cos(&held.to_string())),
                ("deadline", deadline),
                ("time left", if state == "OPEN" { duration(deadlines::time_left("campaigns", &c, &head)) } else { "closed".to_string() }),
            ]))
            (backers) (pledges) (payouts)
            p { a href={ "/contract/" (hex) } { "All campaigns of this contract" } }
        },
    ))
}

/// `/bounty/{contract}/{id}`.
pub async fn bounty(State(app): State<App>, Path((contract, id)): Path<(String, i64)>) -> Page {
    let hex = accounts::parse(&contract)?;
    let Some(b) = app.db.by_key("bounties", &[hex.clone().into(), id.into()]).await? else {
        return Err(Failure::not_found(format!("Bounty {id} of {contract} is not indexed.")));
    };
    let head = deadlines::head(&app.db).await?;
    let state = deadlines::bounty_state(&b, &head);
    let deadline = deadline_text(&b, deadlines::ends_at("bounties", &b, &head));
    let id_text = id.to_string();
    let scope = |extra: &[(&str, &str)]| {
        let mut p = params(&[("contract", &hex), ("bounty", &id_text)]);
        p.extend(params(extra));
        p
    };
    let submissions = table_section(&app, "submissions", &scope(&[("first", "50")]), "Submissions").await?;
    let payouts = table_section(
        &app,
        "bounty_payouts",
        &scope(&[("desc", "1"), ("first", "20")]),
        "Payouts",
    )
    .await?;
    let what_next = match state {
        "OPEN" => "Helpers submit work until the deadline; the poster approves one submission or splits the reward among several.",
        "EXPIRED" => "The deadline passed with nothing approved: the poster may take the reward back.",
        "AWARDED" => "The reward was paid to the approved work.",
        "CANCELLED" => "The poster cancelled it and took the reward back.",
        _ => "The deadline passed with nothing approved and the poster took the reward back.",
    };
    let held = if text(&b, "status") == "open" {
        text(&b, "reward")
    } else {
        "0"
    };
    Ok(layout(
        &format!("Bounty {id}"),
        html! {
            h1 { "Bounty " (id) " " span.tag { (state) } }
            p {
                "Posted by " (super::account_link(text(&b, "poster")))
                " in block " a href={ "/block/" (int(&b, "block")) } { (int(&b, "block")) }
                " for " (community_link(&b))
                " (a bounty is the same wherever it is shared: it is bounty " (id) " of this contract)"
                " · description hash " span.mono { (text(&b, "description")) }
            }
            p { (what_next) }
            (cards(&[
                ("reward", cos(text(&b, "reward"))),
                ("in escrow", cos(held)),
                ("paid to helpers", cos(text(&b, "paid"))),
                ("returned to the poster", cos(text(&b, "returned"))),
                ("submissions", int(&b, "submissions").to_string()),
                ("deadline", deadline),
                ("time left", if state == "OPEN" { duration(deadlines::time_left("bounties", &b, &head)) } else { "closed".to_string() }),
            ]))
            (submissions) (payouts)
            p { a href={ "/contract/" (hex) } { "All bounties of this contract" } }
        },
    ))
}

/// Which rows of `table` a list shows: `state=open` (the default), `ended`
/// or `all`, and the filters of any list (`kind`, `registry`, `community`,
/// `contract`, `involves`, ...).
async fn filtered(app: &App, table: &str, query: &Params) -> Result<(Params, String), Failure> {
    let (earliest, latest) = deadlines::head(&app.db).await?.unpaused_now();
    let mut p: Params = query
        .iter()
        .filter(|(k, _)| k.as_str() != "state")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let state = query.get("state").map_or("open", String::as_str);
    let open_column = if table == "campaigns" {
        ("cancelled", "false")
    } else {
        ("status", "open")
    };
    match state {
        "all" => {}
        "ended" => {
            p.insert("unpausedDeadline.lte".into(), latest.to_string());
        }
        _ => {
            p.insert(open_column.0.into(), open_column.1.into());
            p.insert("unpausedDeadline.gt".into(), earliest.to_string());
        }
    }
    if !p.contains_key("order") {
        p.insert("order".into(), "unpausedDeadline".into());
    }
    Ok((p, state.to_string()))
}

fn state_links(path: &str, state: &str, query: &Params) -> Markup {
    let with = |s: &str| {
        let mut q = query.clone();
        q.insert("state".into(), s.into());
        q.remove("after");
        q.remove("before");
        let pairs: Vec<(String, String)> = q.into_iter().collect();
        format!("{path}?{}", super::query_string(&pairs))
    };
    html! {
        p.pager {
            @for (s, label) in [("open", "Open"), ("ended", "Past their deadline"), ("all", "All")] {
                @if s == state { b { (label) } } @else { a href=(with(s)) { (label) } }
            }
        }
    }
}

/// `/campaigns`: open campaigns by deadline (filters: `state`, `kind`,
/// `registry` and `community`, `contract`, `involves`).
pub async fn campaigns(State(app): State<App>, Query(query): Query<Params>) -> Page {
    let (p, state) = filtered(&app, "campaigns", &query).await?;
    let list = table_section(&app, "campaigns", &p, "Campaigns").await?;
    Ok(list_page("Campaigns", "/campaigns", &state, &query, list, "Crowdfunding campaigns: all-or-nothing campaigns pay their beneficiary only if they reach their goal by the deadline (else every pledger takes their pledge back); donation campaigns pay as pledges come in."))
}

/// `/bounties`: open bounties by deadline (filters as for campaigns).
pub async fn bounties(State(app): State<App>, Query(query): Query<Params>) -> Page {
    let (p, state) = filtered(&app, "bounties", &query).await?;
    let list = table_section(&app, "bounties", &p, "Bounties").await?;
    Ok(list_page("Bounties", "/bounties", &state, &query, list, "Task bounties: the reward is held in escrow until the poster approves a helper's work (or splits it among several), or takes it back after the deadline."))
}

fn list_page(title: &str, path: &str, state: &str, query: &Params, list: Markup, about: &str) -> Html<String> {
    layout(
        title,
        html! {
            h1 { (title) }
            p { (about) }
            (state_links(path, state, query))
            (list)
        },
    )
}

/// A community's campaigns and bounties, for its page.
pub async fn of_community(app: &App, registry: &str, id: i64) -> Result<Markup, Failure> {
    let id = id.to_string();
    let scope = params(&[
        ("registry", registry),
        ("community", &id),
        ("desc", "1"),
        ("first", "10"),
    ]);
    let campaigns = table_section(app, "campaigns", &scope, "Campaigns").await?;
    let bounties = table_section(app, "bounties", &scope, "Bounties").await?;
    Ok(html! { (campaigns) (bounties) })
}

/// The body of a crowdfund or bounty contract's page: its campaigns or bounties.
pub async fn contract_page(app: &App, kind: &str, hex: &str) -> Result<Markup, Failure> {
    let (table, title) = if kind == "crowdfund" {
        ("campaigns", "Campaigns")
    } else {
        ("bounties", "Bounties")
    };
    table_section(
        app,
        table,
        &params(&[("contract", hex), ("desc", "1"), ("first", "50")]),
        title,
    )
    .await
}

/// A deadline as a member reads it: when it closes, and the date first set
/// if a COS pause has moved it since.
fn deadline_text(row: &crate::data::Row, ends: i64) -> String {
    let set = int(row, "deadline");
    if ends == set {
        time(ends)
    } else {
        format!("{} (set for {}, moved by a COS pause)", time(ends), time(set))
    }
}

#[cfg(test)]
mod tests {
    use super::{deadline_text, duration, time};

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0), "passed");
        assert_eq!(duration(40_000), "40 s");
        assert_eq!(duration(5 * 60_000), "5 min");
        assert_eq!(duration(2 * 3_600_000 + 5 * 60_000), "2 h 5 min");
        assert_eq!(duration(3 * 86_400_000 + 4 * 3_600_000), "3 d 4 h");
    }

    #[test]
    fn a_moved_deadline_says_when_it_was_set() {
        let row = serde_json::json!({"deadline": 0})
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(deadline_text(&row, 0), time(0));
        assert_eq!(
            deadline_text(&row, 3_600_000),
            format!("{} (set for {}, moved by a COS pause)", time(3_600_000), time(0))
        );
    }
}
