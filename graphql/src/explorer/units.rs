//! Amounts that are not COS: a sub-token's units (its decimals and symbol)
//! and the weights of a one-member-one-vote governance (votes), for the
//! generic tables.

use super::{text, units, Failure};
use crate::{
    data::{Filter, Order, Row},
    server::App,
    tables::{Column, Table},
};
use std::collections::{HashMap, HashSet};

/// The tables whose amounts are weights of a governance.
const WEIGHTED: &[&str] = &[
    "governances",
    "proposals",
    "proposal_votes",
    "polls",
    "poll_options",
    "poll_answers",
];

/// Governances most deployments have at most; more are shown in COS terms.
const MAX_GOVERNANCES: u64 = 1_000;

/// Sub-tokens most deployments have at most; more are shown in COS terms.
const MAX_SUBTOKENS: u64 = 1_000;

/// The decimals and symbol of every sub-token, and the governances that
/// count votes, for the tables that show their amounts.
#[derive(Default)]
pub struct Units {
    by_token: HashMap<String, (u32, String)>,
    /// One-member-one-vote governances: their weights are votes.
    counting_votes: HashSet<String>,
}

impl Units {
    /// Loads the sub-tokens if `table` has rows of them (a `token` column),
    /// and the one-member-one-vote governances if it has their weights.
    pub async fn load(app: &App, table: &Table) -> Result<Self, Failure> {
        let mut loaded = Self::default();
        if WEIGHTED.contains(&table.name) {
            let filter = Filter::default().eq("mode", "one_member_one_vote");
            let rows = app
                .db
                .all("governances", &filter, &Order::default(), MAX_GOVERNANCES)
                .await?;
            loaded.counting_votes = rows.iter().map(|r| text(r, "contract").to_string()).collect();
        }
        if table.column("token").is_none() {
            return Ok(loaded);
        }
        let rows = app
            .db
            .all("subtokens", &Filter::default(), &Order::default(), MAX_SUBTOKENS)
            .await?;
        let by_token = rows
            .iter()
            .map(|r| {
                let decimals = r.get("decimals").and_then(serde_json::Value::as_u64).unwrap_or(0);
                let decimals = u32::try_from(decimals).unwrap_or(0);
                (text(r, "token").to_string(), (decimals, text(r, "symbol").to_string()))
            })
            .collect();
        loaded.by_token = by_token;
        Ok(loaded)
    }

    /// Whether `column` of this row is a weight counted in votes (a
    /// one-member-one-vote governance's), not COS.
    pub fn counts_votes(&self, table: &Table, column: &Column, row: &Row) -> bool {
        WEIGHTED.contains(&table.name)
            && column.kind == crate::tables::Kind::Amount
            && self.counting_votes.contains(text(row, "contract"))
    }

    pub fn is_subtoken(&self, token: &str) -> bool {
        self.by_token.contains_key(token)
    }

    pub fn symbol(&self, token: &str) -> String {
        self.by_token.get(token).map(|u| u.1.clone()).unwrap_or_default()
    }

    /// Whether `column` of this sub-token row counts its units (not COS).
    pub fn counts_units(&self, table: &Table, column: &Column, row: &Row) -> bool {
        if !self.is_subtoken(text(row, "token")) {
            return false;
        }
        match table.name {
            "subtoken_actions" => column.name == "amount",
            "subtoken_history" => column.name == "supply",
            "subtokens" => matches!(
                column.name,
                "supply" | "issued" | "bought" | "sold" | "redeemed_right" | "redeemed_face"
            ),
            "balances" | "transfers" | "approvals" | "tokens" => true,
            _ => false,
        }
    }

    /// `base_units` of the row's sub-token, in its units.
    pub fn format(&self, row: &Row, base_units: &str) -> String {
        match self.by_token.get(text(row, "token")) {
            Some((decimals, symbol)) => units(base_units, *decimals, symbol),
            None => base_units.to_string(),
        }
    }
}

/// `3 votes` (or `1 vote`) from a weight counted in votes.
pub fn votes(weight: &str) -> String {
    match weight.parse::<u128>() {
        Ok(1) => "1 vote".to_string(),
        Ok(n) => format!("{n} votes"),
        Err(_) => weight.to_string(),
    }
}
