//! States of proposals and polls, which change with the block number: voting
//! opens after a proposal's snapshot and ends after its `endBlock`, a passed
//! proposal expires, all with no event. They are computed here by the
//! contract's own rules (`governance::Proposal::state`, `Poll::state`, its
//! `Tally`), on the value rebuilt from the stored row, at the block after the
//! latest indexed one: what a transaction sent now would meet ("can I still
//! vote?"). No rule is copied off-chain.

use crate::{
    data::Row,
    deadlines::{amount, int},
};
use governance::{BlockNumber, FollowUp, Poll, PollState, Proposal, ProposalState, Rules, Tally};
use ink::primitives::{AccountId, Hash};
use serde_json::Value;

/// The block a transaction sent now runs in: the one after `head`.
fn now(head: i64) -> BlockNumber {
    block(head.saturating_add(1))
}

/// A stored block number (or span) as the contract's; past `u32` it is "never".
fn block(n: i64) -> BlockNumber {
    BlockNumber::try_from(n.max(0)).unwrap_or(BlockNumber::MAX)
}

fn optional(row: &Row, key: &str) -> Option<i64> {
    row.get(key).and_then(Value::as_i64)
}

fn tally(row: &Row) -> Tally {
    Tally {
        for_votes: amount(row, "forVotes"),
        against: amount(row, "against"),
        abstain: amount(row, "abstain"),
        voters: u32::try_from(int(row, "voters")).unwrap_or(u32::MAX),
    }
}

/// The contract's `Proposal` of a `proposals` row. Rows of a governance
/// deployed before proposals expired have no grace period: they never expire.
pub fn proposal(row: &Row) -> Proposal {
    Proposal {
        proposer: AccountId::from([0; 32]),
        description: Hash::default(),
        snapshot: block(int(row, "snapshot")),
        end: block(int(row, "endBlock")),
        eligible: optional(row, "eligibleBlock").map(|_| amount(row, "eligible")),
        rules: Rules {
            quorum_bps: u16::try_from(int(row, "quorumBps")).unwrap_or(u16::MAX),
            threshold_bps: u16::try_from(int(row, "thresholdBps")).unwrap_or(u16::MAX),
            execution_delay: optional(row, "executionDelay").map_or(0, block),
            grace_period: optional(row, "gracePeriod").map_or(BlockNumber::MAX, block),
        },
        tally: tally(row),
        eta: optional(row, "eta").map(block),
        cancelled: row.get("cancelled").and_then(Value::as_bool).unwrap_or(false),
        follow_up: match row.get("followUp").and_then(Value::as_str) {
            Some("executed") => FollowUp::Executed,
            Some("accepted") => FollowUp::Accepted,
            _ => FollowUp::Pending,
        },
    }
}

/// The contract's `Poll` of a `polls` row.
pub fn poll(row: &Row) -> Poll {
    Poll {
        creator: AccountId::from([0; 32]),
        description: Hash::default(),
        options: u8::try_from(int(row, "options")).unwrap_or(u8::MAX),
        snapshot: block(int(row, "snapshot")),
        end: block(int(row, "endBlock")),
        eligible: optional(row, "eligibleBlock").map(|_| amount(row, "eligible")),
        turnout: amount(row, "turnout"),
        voters: u32::try_from(int(row, "voters")).unwrap_or(u32::MAX),
    }
}

/// `for + against + abstain`.
pub fn turnout(row: &Row) -> u128 {
    tally(row).turnout()
}

/// Whether the turnout meets the quorum of the eligible weight (false until
/// the first vote fixed it).
pub fn quorum_reached(row: &Row) -> bool {
    let p = proposal(row);
    p.eligible
        .is_some_and(|eligible| p.tally.quorum_reached(eligible, p.rules.quorum_bps))
}

/// Whether the tally passes as it stands (the contract's `Proposal::passing`).
pub fn passing(row: &Row) -> bool {
    proposal(row).passing()
}

/// A proposal's state after `head`, as the contract's `state` answers:
/// `PENDING`, `ACTIVE`, `DEFEATED`, `SUCCEEDED`, `QUEUED`, `EXECUTED`,
/// `CANCELLED` or `EXPIRED`.
pub fn proposal_state(row: &Row, head: i64) -> &'static str {
    match proposal(row).state(now(head)) {
        ProposalState::Pending => "PENDING",
        ProposalState::Active => "ACTIVE",
        ProposalState::Defeated => "DEFEATED",
        ProposalState::Succeeded => "SUCCEEDED",
        ProposalState::Queued => "QUEUED",
        ProposalState::Executed => "EXECUTED",
        ProposalState::Cancelled => "CANCELLED",
        ProposalState::Expired => "EXPIRED",
    }
}

/// The last block a proposal may be queued in (`SUCCEEDED`) or executed in
/// (`QUEUED`), after `head`; none in other states or without a grace period.
pub fn deadline(row: &Row, head: i64) -> Option<i64> {
    optional(row, "gracePeriod")?;
    proposal(row).deadline(now(head)).map(i64::from)
}

/// A poll's state after `head`: `PENDING`, `OPEN` or `CLOSED`.
pub fn poll_state(row: &Row, head: i64) -> &'static str {
    match poll(row).state(now(head)) {
        PollState::Pending => "PENDING",
        PollState::Open => "OPEN",
        PollState::Closed => "CLOSED",
    }
}

/// Blocks in which votes or answers are still accepted (the next included);
/// 0 before voting opens, once it has ended or the proposal is cancelled.
pub fn blocks_left(table: &str, row: &Row, head: i64) -> i64 {
    let open = match table {
        "proposals" => proposal_state(row, head) == "ACTIVE",
        _ => poll_state(row, head) == "OPEN",
    };
    if open {
        int(row, "endBlock").saturating_sub(head).max(0)
    } else {
        0
    }
}

/// Blocks until voting opens (0 once it has).
pub fn blocks_to_start(row: &Row, head: i64) -> i64 {
    int(row, "snapshot")
        .saturating_add(1)
        .saturating_sub(now(head).into())
        .max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Snapshot 10, voting 11..=20, eligible 10 fixed, grace 5, delay 2.
    fn proposal(for_votes: u64, against: u64, abstain: u64, extra: Value) -> Row {
        let mut row = json!({
            "forVotes": for_votes.to_string(), "against": against.to_string(), "abstain": abstain.to_string(),
            "voters": 1, "eligible": "10", "eligibleBlock": 11, "quorumBps": 5000, "thresholdBps": 5000,
            "snapshot": 10, "endBlock": 20, "executionDelay": 2, "gracePeriod": 5,
            "followUp": "pending", "cancelled": false, "eta": null,
        });
        if let (Some(row), Some(extra)) = (row.as_object_mut(), extra.as_object()) {
            row.extend(extra.clone());
        }
        row.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn proposal_states_are_the_contracts() {
        let p = proposal(4, 1, 0, json!({}));
        assert_eq!(
            proposal_state(&p, 9),
            "PENDING",
            "a vote now lands in block 10, the snapshot"
        );
        assert_eq!(blocks_to_start(&p, 9), 1);
        assert_eq!(
            proposal_state(&p, 19),
            "ACTIVE",
            "a vote now lands in block 20, the last"
        );
        assert_eq!(blocks_left("proposals", &p, 19), 1);
        assert_eq!(proposal_state(&p, 20), "SUCCEEDED");
        assert_eq!(deadline(&p, 20), Some(25));
        assert_eq!(proposal_state(&p, 25), "EXPIRED", "not queued within the grace period");
        assert_eq!(blocks_left("proposals", &p, 20), 0);
        let queued = proposal(4, 1, 0, json!({"eta": 25}));
        assert_eq!(proposal_state(&queued, 28), "QUEUED");
        assert_eq!(deadline(&queued, 28), Some(29));
        assert_eq!(proposal_state(&queued, 29), "EXPIRED");
        let old = proposal(4, 1, 0, json!({"eta": 25, "gracePeriod": null}));
        assert_eq!(
            proposal_state(&old, 9_999),
            "QUEUED",
            "a governance of before never expires"
        );
        assert_eq!(
            proposal_state(&proposal(4, 0, 0, json!({})), 21),
            "DEFEATED",
            "4 of 10 misses a 50 % quorum"
        );
        assert_eq!(
            proposal_state(&proposal(3, 3, 0, json!({})), 21),
            "DEFEATED",
            "a tie is no majority"
        );
        assert_eq!(
            proposal_state(&proposal(0, 0, 9, json!({})), 21),
            "DEFEATED",
            "no vote for"
        );
        assert_eq!(
            proposal_state(&proposal(4, 1, 0, json!({"eligibleBlock": null})), 21),
            "DEFEATED",
            "no eligible weight fixed: no vote"
        );
        assert_eq!(
            proposal_state(&proposal(4, 1, 0, json!({"cancelled": true})), 3),
            "CANCELLED"
        );
        assert_eq!(
            proposal_state(&proposal(4, 1, 0, json!({"followUp": "accepted"})), 99),
            "EXECUTED"
        );
        assert!(quorum_reached(&proposal(2, 2, 1, json!({}))));
        assert_eq!(turnout(&proposal(2, 2, 1, json!({}))), 5);
    }

    #[test]
    fn polls_open_after_their_snapshot_and_close_after_their_last_block() {
        let poll = json!({"snapshot": 5, "endBlock": 20, "options": 3})
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert_eq!(poll_state(&poll, 4), "PENDING");
        assert_eq!(poll_state(&poll, 19), "OPEN");
        assert_eq!(blocks_left("polls", &poll, 10), 10);
        assert_eq!(poll_state(&poll, 20), "CLOSED");
        assert_eq!(blocks_left("polls", &poll, 25), 0);
    }
}
