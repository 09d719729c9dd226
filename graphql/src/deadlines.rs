//! States that depend on the time: a campaign or bounty changes state when its
//! deadline passes, with no event. They are computed here by the contracts'
//! own rules (`crowdfund::Campaign::state`, `bounty::task::Bounty::state`,
//! `cos_common::deadline`), on the value rebuilt from the stored row, at the
//! chain's time: the timestamp of the latest indexed block (not the server's
//! clock: a replayed or lagging chain reads as it was), with COS Credit's pause
//! clock at that time, since a pause moves deadlines. Proposals and polls
//! change state with the block number instead ([`crate::decisions`]): [`Head`]
//! carries both. No rule is copied off-chain.

use crate::data::{Db, Filter, Order, Row};
use anyhow::Result;
use bounty::{task, BountyState, Status};
use cos_common::deadline::{Moment, PauseClock};
use crowdfund::{Campaign, CampaignState, Kind};
use ink::primitives::{AccountId, Hash};
use serde_json::Value;
use std::{collections::BTreeMap, sync::Arc};
use tokio::sync::OnceCell;

/// Most COS Credit contracts whose pause clocks a request reads.
const MAX_CREDITS: u64 = 100;

/// The latest indexed block: its number and timestamp (ms), and the pause
/// clocks of the COS Credit contracts indexed (by hex address).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// 0 before any block.
    pub block: i64,
    /// 0 before any block.
    pub time: i64,
    pub clocks: Arc<BTreeMap<String, PauseClock>>,
}

impl Head {
    fn now(&self) -> u64 {
        u64::try_from(self.time).unwrap_or(0)
    }

    /// The pause clock at the head of the COS Credit at `credit` (0 if unknown).
    pub fn clock(&self, credit: Option<&str>) -> u64 {
        credit
            .and_then(|c| self.clocks.get(c))
            .map_or(0, |clock| clock.read(self.now()))
    }

    /// The head's time on the clocks that stop while COS is paused, the
    /// earliest and the latest over the COS Credits indexed (both the head's
    /// time if none). A row's `unpausedDeadline` above the earliest may still
    /// be open, one at or below the latest has passed: with one COS Credit,
    /// as a community has, the two are the same and a list is exact.
    pub fn unpaused_now(&self) -> (i64, i64) {
        let now = self.now();
        let times = self.clocks.values().map(|clock| now.saturating_sub(clock.read(now)));
        let earliest = times.clone().min().unwrap_or(now);
        let latest = times.max().unwrap_or(now);
        let signed = |t: u64| i64::try_from(t).unwrap_or(i64::MAX);
        (signed(earliest), signed(latest))
    }

    /// The head as the deadline of `row` (a campaign or bounty) sees it.
    fn moment(&self, row: &Row) -> Moment {
        Moment {
            now: self.now(),
            clock: self.clock(row.get("credit").and_then(Value::as_str)),
        }
    }
}

/// The chain's head, read once per request (request data).
#[derive(Default)]
pub struct ChainTime(OnceCell<Head>);

impl ChainTime {
    /// The latest indexed block.
    pub async fn get(&self, db: &Db) -> Result<Head> {
        self.0.get_or_try_init(|| head(db)).await.cloned()
    }
}

/// The latest indexed block's number and timestamp (0 and 0 before any),
/// with the COS Credit pause clocks.
pub async fn head(db: &Db) -> Result<Head> {
    let meta = crate::stats::meta(db).await?;
    let credits = db
        .all(
            "contracts",
            &Filter::default().eq("kind", "credit"),
            &Order::default(),
            MAX_CREDITS,
        )
        .await?;
    let clocks = credits
        .iter()
        .filter_map(|row| {
            let address = row.get("address").and_then(Value::as_str)?.to_string();
            let clock = PauseClock {
                paused_ms: u64::try_from(int(row, "pauseClock")).unwrap_or(0),
                since: row
                    .get("pausedSince")
                    .and_then(Value::as_i64)
                    .map(|t| u64::try_from(t).unwrap_or(0)),
            };
            Some((address, clock))
        })
        .collect();
    Ok(Head {
        block: meta.get("indexedHead").and_then(Value::as_i64).unwrap_or(0),
        time: meta.get("indexedAt").and_then(Value::as_i64).unwrap_or(0),
        clocks: Arc::new(clocks),
    })
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

fn time(row: &Row, key: &str) -> u64 {
    u64::try_from(int(row, key)).unwrap_or(0)
}

/// The contract's `Campaign` of a `campaigns` row (accounts and description
/// left out: no state depends on them).
pub fn campaign(row: &Row) -> Campaign {
    Campaign {
        creator: AccountId::from([0; 32]),
        beneficiary: AccountId::from([0; 32]),
        kind: match row.get("kind").and_then(Value::as_str) {
            Some("donation") => Kind::Donation,
            _ => Kind::AllOrNothing,
        },
        goal: amount(row, "goal"),
        deadline: time(row, "deadline"),
        pause_clock: time(row, "pauseClock"),
        description: Hash::default(),
        community: None,
        raised: amount(row, "raised"),
        pledgers: u32::try_from(int(row, "pledgers")).unwrap_or(u32::MAX),
        claimed: amount(row, "claimed"),
        refunded: amount(row, "refunded"),
        cancelled: row.get("cancelled").and_then(Value::as_bool).unwrap_or(false),
    }
}

/// The contract's `Bounty` of a `bounties` row.
pub fn bounty(row: &Row) -> task::Bounty {
    task::Bounty {
        poster: AccountId::from([0; 32]),
        reward: amount(row, "reward"),
        deadline: time(row, "deadline"),
        pause_clock: time(row, "pauseClock"),
        description: Hash::default(),
        community: None,
        submissions: u32::try_from(int(row, "submissions")).unwrap_or(u32::MAX),
        status: match row.get("status").and_then(Value::as_str) {
            Some("awarded") => Status::Awarded,
            Some("cancelled") => Status::Cancelled,
            Some("reclaimed") => Status::Reclaimed,
            _ => Status::Open,
        },
        paid: amount(row, "paid"),
        returned: amount(row, "returned"),
    }
}

/// When a row of `table` closes: its deadline moved by the COS pauses up to
/// the head (a pause under way moves it further while it lasts).
pub fn ends_at(table: &str, row: &Row, head: &Head) -> i64 {
    let clock = head.moment(row).clock;
    let moved = match table {
        "bounties" => bounty(row).ends_at(clock),
        _ => campaign(row).ends_at(clock),
    };
    i64::try_from(moved).unwrap_or(i64::MAX)
}

/// Milliseconds until the (moved) deadline of a row of `table` while it is
/// open; 0 once it has passed or the campaign or bounty is closed
/// (cancelled, awarded).
pub fn time_left(table: &str, row: &Row, head: &Head) -> i64 {
    if state(table, row, head) == Some("OPEN") {
        ends_at(table, row, head).saturating_sub(head.time).max(0)
    } else {
        0
    }
}

/// A campaign's state at the head (as the contract's `state` message
/// answers): `OPEN`, `SUCCEEDED`, `CLAIMED`, `FAILED`, `ENDED` or `CANCELLED`.
pub fn campaign_state(row: &Row, head: &Head) -> &'static str {
    match campaign(row).state(head.moment(row)) {
        CampaignState::Open => "OPEN",
        CampaignState::Succeeded => "SUCCEEDED",
        CampaignState::Claimed => "CLAIMED",
        CampaignState::Failed => "FAILED",
        CampaignState::Ended => "ENDED",
        CampaignState::Cancelled => "CANCELLED",
    }
}

/// A bounty's state at the head (as the contract's `state` message answers):
/// `OPEN`, `EXPIRED`, `AWARDED`, `CANCELLED` or `RECLAIMED`.
pub fn bounty_state(row: &Row, head: &Head) -> &'static str {
    match bounty(row).state(head.moment(row)) {
        BountyState::Open => "OPEN",
        BountyState::Expired => "EXPIRED",
        BountyState::Awarded => "AWARDED",
        BountyState::Cancelled => "CANCELLED",
        BountyState::Reclaimed => "RECLAIMED",
    }
}

/// The state of a row of `table` at the head, for the tables that have one.
pub fn state(table: &str, row: &Row, head: &Head) -> Option<&'static str> {
    match table {
        "campaigns" => Some(campaign_state(row, head)),
        "bounties" => Some(bounty_state(row, head)),
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

    fn at(time: i64) -> Head {
        Head {
            time,
            ..Head::default()
        }
    }

    #[test]
    fn campaign_states_follow_the_contract() {
        let c = |kind: &str, raised: &str, claimed: &str, cancelled: bool| {
            row(
                json!({"kind": kind, "goal": "100", "raised": raised, "claimed": claimed,
                       "cancelled": cancelled, "deadline": 1000}),
            )
        };
        let open = c("all_or_nothing", "100", "0", false);
        assert_eq!(campaign_state(&open, &at(999)), "OPEN");
        assert_eq!(campaign_state(&open, &at(1000)), "SUCCEEDED");
        assert_eq!(
            campaign_state(&c("all_or_nothing", "100", "100", false), &at(1000)),
            "CLAIMED"
        );
        assert_eq!(
            campaign_state(&c("all_or_nothing", "99", "0", false), &at(1000)),
            "FAILED"
        );
        assert_eq!(campaign_state(&c("donation", "5", "0", false), &at(1000)), "ENDED");
        assert_eq!(campaign_state(&c("donation", "5", "0", true), &at(10)), "CANCELLED");
        assert_eq!(time_left("campaigns", &c("donation", "5", "0", false), &at(10)), 990);
        assert_eq!(time_left("campaigns", &c("donation", "5", "0", false), &at(2000)), 0);
        assert_eq!(
            time_left("campaigns", &c("donation", "5", "0", true), &at(10)),
            0,
            "cancelled"
        );
    }

    #[test]
    fn bounty_states_follow_the_contract() {
        let b = |status: &str| row(json!({"status": status, "deadline": 1000}));
        assert_eq!(bounty_state(&b("open"), &at(999)), "OPEN");
        assert_eq!(bounty_state(&b("open"), &at(1000)), "EXPIRED");
        assert_eq!(bounty_state(&b("awarded"), &at(1000)), "AWARDED");
        assert_eq!(bounty_state(&b("cancelled"), &at(10)), "CANCELLED");
        assert_eq!(bounty_state(&b("reclaimed"), &at(2000)), "RECLAIMED");
        assert_eq!(time_left("bounties", &b("open"), &at(400)), 600);
        assert_eq!(time_left("bounties", &b("awarded"), &at(400)), 0, "awarded");
    }

    #[test]
    fn a_cos_pause_moves_deadlines_as_the_contracts_do() {
        // Created at clock 100 of COS Credit "c0"; paused 300 ms since (the
        // clock reads 400 at the head: 250 before, 150 of a pause under way).
        let mut clocks = BTreeMap::new();
        clocks.insert(
            "c0".to_string(),
            PauseClock {
                paused_ms: 250,
                since: Some(1_050),
            },
        );
        let head = Head {
            block: 0,
            time: 1_200,
            clocks: Arc::new(clocks),
        };
        let c = row(
            json!({"kind": "all_or_nothing", "goal": "100", "raised": "5", "claimed": "0",
                           "cancelled": false, "deadline": 1000, "credit": "c0", "pauseClock": 100}),
        );
        assert_eq!(
            campaign_state(&c, &head),
            "OPEN",
            "past its nominal deadline, moved by the pause"
        );
        assert_eq!(ends_at("campaigns", &c, &head), 1_300);
        assert_eq!(time_left("campaigns", &c, &head), 100);
        let b = row(json!({"status": "open", "deadline": 1000, "credit": "c0", "pauseClock": 100}));
        assert_eq!(bounty_state(&b, &head), "OPEN");
        let other = row(json!({"status": "open", "deadline": 1000, "credit": "c1", "pauseClock": 0}));
        assert_eq!(
            bounty_state(&other, &head),
            "EXPIRED",
            "another token's pauses do not count"
        );
        // The lists' search: the row's deadline on the stopped clock (1000 -
        // 100) against the head's (1200 - 400) says open, as the state does.
        assert_eq!(head.unpaused_now(), (800, 800));
        assert_eq!(at(1_200).unpaused_now(), (1_200, 1_200), "no COS Credit indexed");
        let mut two = (*head.clocks).clone();
        two.insert("c1".to_string(), PauseClock::default());
        let two = Head {
            clocks: Arc::new(two),
            ..head
        };
        assert_eq!(two.unpaused_now(), (800, 1_200), "open above 800, passed from 1200");
    }
}
