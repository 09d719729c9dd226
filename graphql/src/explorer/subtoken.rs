//! The sub-tokens in the explorer: amounts counted in a sub-token's own units
//! (its decimals and symbol, not COS), its page (terms, backing checked
//! against COS Credit, the collateral ratio over time, holders, redemptions,
//! trades), and a community's sub-tokens.

use super::{
    charts,
    pages::{cards, params},
    table_section, text, units, Failure,
};
use crate::{
    data::{Filter, Order, Row},
    server::App,
};
use maud::{html, Markup};

fn amount(row: &Row, field: &str) -> u128 {
    text(row, field).parse().unwrap_or(0)
}

/// The body of a sub-token's contract page.
pub async fn page(app: &App, hex: &str) -> Result<Markup, Failure> {
    let Some(st) = app.db.by_key("subtokens", &[hex.into()]).await? else {
        return Ok(html! { p { "Its creation event is not indexed yet." } });
    };
    let decimals = st.get("decimals").and_then(serde_json::Value::as_u64).unwrap_or(0);
    let decimals = u32::try_from(decimals).unwrap_or(0);
    let symbol = text(&st, "symbol").to_string();
    let one = 10u128.checked_pow(decimals).unwrap_or(1);
    let in_units = |field: &str| units(text(&st, field), decimals, &symbol);
    // COS per whole unit: the contract counts per base unit.
    let per_unit = |field: &str| super::cos(&amount(&st, field).saturating_mul(one).to_string());
    let (collateral, reserve, fees) = (
        amount(&st, "collateral"),
        amount(&st, "reserve"),
        amount(&st, "feesOwed"),
    );
    let owed = collateral.saturating_add(reserve).saturating_add(fees);
    let credit = text(&st, "credit").to_string();
    let held = app
        .db
        .by_key("balances", &[credit.clone().into(), hex.into()])
        .await?
        .map_or(0, |b| amount(&b, "balance"));
    let holders = app
        .db
        .count(
            "balances",
            &Filter {
                conditions: vec![
                    ("token".into(), crate::data::Op::Eq(hex.into())),
                    ("balance".into(), crate::data::Op::Gt("0".into())),
                ],
                account: None,
            },
        )
        .await?;
    let ratio = |backing: u128, collateral: u128| {
        if collateral == 0 {
            None
        } else {
            Some(backing as f64 / collateral as f64)
        }
    };
    let history = app
        .db
        .all(
            "subtoken_history",
            &Filter::default().eq("token", hex.to_string()),
            &Order {
                column: Some("block".into()),
                desc: true,
            },
            200,
        )
        .await?;
    let mut points: Vec<(String, f64)> = history
        .iter()
        .filter_map(|h| {
            let c = amount(h, "collateral");
            ratio(c.saturating_add(amount(h, "reserve")), c).map(|r| (format!("#{}", super::int(h, "block")), r))
        })
        .collect();
    points.reverse();
    let supply_points: Vec<(String, f64)> = history
        .iter()
        .rev()
        .map(|h| {
            (
                format!("#{}", super::int(h, "block")),
                amount(h, "supply") as f64 / one as f64,
            )
        })
        .collect();
    let section = |kind: &'static str, title: &'static str| {
        let p = params(&[("token", hex), ("kind", kind), ("desc", "1"), ("first", "10")]);
        async move { table_section(app, "subtoken_actions", &p, title).await }
    };
    let rights = section(
        "redeem_right",
        "Redeemed for their right (the issuer fulfils each memo)",
    )
    .await?;
    let faces = section("redeem_face_value", "Redeemed for their face value").await?;
    let buys = section("buy", "Bought").await?;
    let sells = section("sell", "Sold back").await?;
    let issues = section("issue", "Issued").await?;
    let holder_list = table_section(
        app,
        "balances",
        &params(&[("token", hex), ("order", "balance"), ("desc", "1"), ("first", "20")]),
        "Holders",
    )
    .await?;
    let all = table_section(
        app,
        "subtoken_actions",
        &params(&[("token", hex), ("desc", "1"), ("first", "20")]),
        "Everything that moved its backing",
    )
    .await?;
    let backed = if held >= owed { "fully backed" } else { "UNDER-BACKED" };
    // A rise the issuer announced reaches sales only after its notice.
    let now = crate::deadlines::head(&app.db).await?.time;
    let rise = st
        .get("salesFrom")
        .and_then(serde_json::Value::as_i64)
        .filter(|at| *at > now);
    Ok(html! {
        h2 { (text(&st, "name")) " (" (symbol) ")" }
        p {
            "Issued by " (super::account_link(text(&st, "issuer")))
            @if let (Some(registry), Some(id)) = (st.get("registry").and_then(serde_json::Value::as_str), st.get("community").and_then(serde_json::Value::as_i64)) {
                " for " a href={ "/community/" (registry) "/" (id) } { "community " (id) }
            }
            " · each unit is worth at least " b { (per_unit("faceValue")) } " (its face value)"
            @if let Some(at) = rise {
                " · a purchase pays " (per_unit("price")) "; a sale pays " (per_unit("salePrice")) " until " (super::time(at)) ", when the issuer's rise reaches sales"
            } @else {
                " and trades at " (per_unit("price"))
            }
            " · fee " (format!("{:.2} %", super::int(&st, "feeBps") as f64 / 100.0)) " to " (super::account_link(text(&st, "feeRecipient")))
        }
        (cards(&[
            ("supply", in_units("supply")),
            ("holders", holders.to_string()),
            ("collateral (face value × supply)", super::cos(text(&st, "collateral"))),
            ("issuer's reserve", super::cos(text(&st, "reserve"))),
            ("fees owed", super::cos(text(&st, "feesOwed"))),
            ("COS held (per COS Credit)", super::cos(&held.to_string())),
            ("backing", match ratio(held, collateral) { Some(r) => format!("{r:.4} × collateral, {backed}"), None => backed.to_string() }),
            ("issued / bought", format!("{} / {}", in_units("issued"), in_units("bought"))),
            ("redeemed right / face / sold", format!("{} / {} / {}", in_units("redeemedRight"), in_units("redeemedFace"), in_units("sold"))),
        ]))
        div.grid2 {
            (charts::line("Collateral ratio over time: (collateral + reserve) / collateral", &points))
            (charts::line(&format!("Supply over time ({symbol})"), &supply_points))
        }
        (holder_list) (rights) (faces) (buys) (sells) (issues) (all)
    })
}

/// A community's sub-tokens, for its page.
pub async fn of_community(app: &App, registry: &str, id: i64) -> Result<Markup, Failure> {
    let id = id.to_string();
    table_section(
        app,
        "subtokens",
        &params(&[("registry", registry), ("community", &id)]),
        "Sub-tokens",
    )
    .await
}
