//! States that depend on the time: a campaign or bounty changes state when its
//! deadline passes, with no event. They are derived here from the stored row
//! and the chain's time, which is the timestamp of the latest indexed block
//! (not the server's clock: a replayed or lagging chain reads as it was).
//! Proposals and polls change state with the block number instead
//! ([`crate::decisions`]): [`Head`] carries both.

use crate::data::{Db, Row};
use anyhow::Result;
use serde_json::Value;
use tokio::sync::OnceCell;

/// The latest indexed block: its number and timestamp (ms).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// 0 before any block.
    pub block: i64,
    /// 0 before any block.
    pub time: i64,
}

/// The chain's head, read once per request (request data).
#[derive(Default)]
pub struct ChainTime(OnceCell<Head>);

impl ChainTime {
    /// The latest indexed block.
    pub async fn get(&self, db: &Db) -> Result<Head> {
        self.0.get_or_try_init(|| head(db)).await.copied()
    }
}

/// The latest indexed block's number and timestamp (0 and 0 before any).
pub async fn head(db: &Db) -> Result<Head> {
    let meta = crate::stats::meta(db).await?;
    Ok(Head {
        block: meta.get("indexedHead").and_then(Value::as_i64).unwrap_or(0),
        time: meta.get("indexedAt").and_then(Value::as_i64).unwrap_or(0),
    })
}

/// The timestamp of the latest indexed block (0 before any).
pub async fn chain_time(db: &Db) -> Result<i64> {
    Ok(head(db).await?.time)
}

pub(crate) fn int(row: &Row, key: &str) -> i64 {
    row.get(key).and_then(Value::as_i64).unwrap_or(0)
}

pub(crate) fn amount(row: &Row, key: &str) -> u128 {
    row.get(key)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Milliseconds until the deadline of a row of `table` while it is open; 0
/// once the deadline has passed or the campaign or bounty is closed
/// (cancelled, awarded).
pub fn time_left(table: &str, row: &Row, now: i64) -> i64 {
    if state(table, row, now) == Some("OPEN") {
        int(row, "deadline").saturating_sub(now).max(0)
    } else {
        0
    }
}

/// A campaign's state at `now` (as the contract's `state` message answers):
/// `OPEN`, `SUCCEEDED`, `CLAIMED`, `FAILED`, `ENDED` or `CANCELLED`.
pub fn campaign_state(row: &Row, now: i64) -> &'static str {
    if row.get("cancelled").and_then(Value::as_bool).unwrap_or(false) {
        "CANCELLED"
    } else if now < int(row, "deadline") {
        "OPEN"
    } else if row.get("kind").and_then(Value::as_str) == Some("donation") {
        "ENDED"
    } else if amount(row, "raised") < amount(row, "goal") {
        "FAILED"
    } else if amount(row, "claimed") > 0 {
        "CLAIMED"
    } else {
        "SUCCEEDED"
    }
}

/// A bounty's state at `now` (as the contract's `state` message answers):
/// `OPEN`, `EXPIRED`, `AWARDED`, `CANCELLED` or `RECLAIMED`.
pub fn bounty_state(row: &Row, now: i64) -> &'static str {
    match row.get("status").and_then(Value::as_str) {
        Some("awarded") => "AWARDED",
        Some("cancelled") => "CANCELLED",
        Some("reclaimed") => "RECLAIMED",
        _ if now >= int(row, "deadline") => "EXPIRED",
        _ => "OPEN",
    }
}

/// The state of a row of `table` at `now`, for the tables that have one.
pub fn state(table: &str, row: &Row, now: i64) -> Option<&'static str> {
    match table {
        "campaigns" => Some(campaign_state(row, now)),
        "bounties" => Some(bounty_state(row, now)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(value: Value) -> Row {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn campaign_states_follow_the_contract() {
        let c = |kind: &str, raised: &str, claimed: &str, cancelled: bool| {
            row(
                json!({"kind": kind, "goal": "100", "raised": raised, "claimed": claimed,
                       "cancelled": cancelled, "deadline": 1000}),
            )
        };
        assert_eq!(campaign_state(&c("all_or_nothing", "100", "0", false), 999), "OPEN");
        assert_eq!(
            campaign_state(&c("all_or_nothing", "100", "0", false), 1000),
            "SUCCEEDED"
        );
        assert_eq!(
            campaign_state(&c("all_or_nothing", "100", "100", false), 1000),
            "CLAIMED"
        );
        assert_eq!(campaign_state(&c("all_or_nothing", "99", "0", false), 1000), "FAILED");
        assert_eq!(campaign_state(&c("donation", "5", "0", false), 1000), "ENDED");
        assert_eq!(campaign_state(&c("donation", "5", "0", true), 10), "CANCELLED");
        assert_eq!(time_left("campaigns", &c("donation", "5", "0", false), 10), 990);
        assert_eq!(time_left("campaigns", &c("donation", "5", "0", false), 2000), 0);
        assert_eq!(
            time_left("campaigns", &c("donation", "5", "0", true), 10),
            0,
            "cancelled"
        );
    }

    #[test]
    fn bounty_states_follow_the_contract() {
        let b = |status: &str| row(json!({"status": status, "deadline": 1000}));
        assert_eq!(bounty_state(&b("open"), 999), "OPEN");
        assert_eq!(bounty_state(&b("open"), 1000), "EXPIRED");
        assert_eq!(bounty_state(&b("awarded"), 1000), "AWARDED");
        assert_eq!(bounty_state(&b("cancelled"), 10), "CANCELLED");
        assert_eq!(bounty_state(&b("reclaimed"), 2000), "RECLAIMED");
        assert_eq!(time_left("bounties", &b("open"), 400), 600);
        assert_eq!(time_left("bounties", &b("awarded"), 400), 0, "awarded");
    }
}
