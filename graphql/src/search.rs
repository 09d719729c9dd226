//! One search box for everything with a page: an account (hex or SS58), a
//! contract, a block (number or hash), a transaction (`block-extrinsic`), a
//! record (`contract/id`) or a community (`contract#id`).

use crate::{
    accounts,
    data::{Db, Filter, Order, PageArgs, Row},
};
use anyhow::Result;
use serde_json::Value;

fn hit(kind: &str, key: String, label: String, path: String) -> Row {
    let mut row = Row::new();
    row.insert("kind".into(), kind.into());
    row.insert("key".into(), key.into());
    row.insert("label".into(), label.into());
    row.insert("path".into(), path.into());
    row
}

/// What `text` names, best first (empty if nothing).
pub async fn search(db: &Db, text: &str) -> Result<Vec<Row>> {
    let text = text.trim();
    let mut hits = Vec::new();
    if text.is_empty() || text.len() > 200 {
        return Ok(hits);
    }
    if let Ok(hex) = accounts::parse(text) {
        if let Some(contract) = db.by_key("contracts", &[hex.clone().into()]).await? {
            let kind = contract
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("contract")
                .to_string();
            hits.push(hit(
                "contract",
                hex.clone(),
                format!("{kind} contract {}", short(&hex)),
                format!("/contract/{hex}"),
            ));
        }
        if db.by_key("accounts", &[hex.clone().into()]).await?.is_some() {
            hits.push(hit(
                "account",
                hex.clone(),
                format!("account {}", short(&hex)),
                format!("/account/{hex}"),
            ));
        }
        let by_hash = Filter::default().eq("hash", hex.clone());
        if let Some(block) = db
            .all("blocks", &by_hash, &Order::default(), 1)
            .await?
            .into_iter()
            .next()
        {
            let n = block.get("number").and_then(Value::as_i64).unwrap_or_default();
            hits.push(hit(
                "block",
                n.to_string(),
                format!("block #{n}"),
                format!("/block/{n}"),
            ));
        }
        return Ok(hits);
    }
    if let Ok(n) = text.trim_start_matches('#').parse::<i64>() {
        if db.by_key("blocks", &[n.into()]).await?.is_some() {
            hits.push(hit(
                "block",
                n.to_string(),
                format!("block #{n}"),
                format!("/block/{n}"),
            ));
        }
        let first = PageArgs {
            first: Some(10),
            ..PageArgs::default()
        };
        for record in db
            .page("records", &Filter::default().eq("id", n), &Order::default(), &first)
            .await?
            .rows
        {
            let contract = record.get("contract").and_then(Value::as_str).unwrap_or_default();
            hits.push(hit(
                "record",
                format!("{contract}/{n}"),
                format!("record {n} of {}", short(contract)),
                format!("/record/{contract}/{n}"),
            ));
        }
        for community in db
            .page(
                "communities",
                &Filter::default().eq("community", n),
                &Order::default(),
                &first,
            )
            .await?
            .rows
        {
            let contract = community.get("contract").and_then(Value::as_str).unwrap_or_default();
            hits.push(hit(
                "community",
                format!("{contract}#{n}"),
                format!("community {n} of {}", short(contract)),
                format!("/community/{contract}/{n}"),
            ));
        }
        return Ok(hits);
    }
    if let Some((block, extrinsic)) = text.split_once('-') {
        if let (Ok(block), Ok(extrinsic)) = (block.trim().parse::<i64>(), extrinsic.trim().parse::<i64>()) {
            let filter = Filter::default().eq("block", block).eq("extrinsic", extrinsic);
            if db.count("events", &filter).await? > 0 {
                hits.push(hit(
                    "transaction",
                    format!("{block}-{extrinsic}"),
                    format!("transaction {block}-{extrinsic}"),
                    format!("/tx/{block}/{extrinsic}"),
                ));
            }
        }
        return Ok(hits);
    }
    for (separator, kind) in [('/', "record"), ('#', "community")] {
        if let Some((contract, id)) = text.split_once(separator) {
            if let (Ok(contract), Ok(id)) = (accounts::parse(contract), id.trim().parse::<i64>()) {
                let (table, path) = if kind == "record" {
                    ("records", format!("/record/{contract}/{id}"))
                } else {
                    ("communities", format!("/community/{contract}/{id}"))
                };
                if db.by_key(table, &[contract.clone().into(), id.into()]).await?.is_some() {
                    hits.push(hit(
                        kind,
                        format!("{contract}{separator}{id}"),
                        format!("{kind} {id} of {}", short(&contract)),
                        path,
                    ));
                }
            }
        }
    }
    Ok(hits)
}

/// `d43593…a27d`.
pub fn short(hex: &str) -> String {
    if hex.len() > 12 {
        format!("{}…{}", &hex[..6], &hex[hex.len() - 4..])
    } else {
        hex.to_string()
    }
}
