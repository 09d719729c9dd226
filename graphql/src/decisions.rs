//! States of proposals and polls, which change with the block number: voting
//! ends after a proposal's `endBlock` with no event. They are derived here
//! from the stored row and the latest indexed block, by the contract's own
//! rule (`governance::proposal::Proposal::state`), at the block after the
//! latest indexed one: what a transaction sent now would meet ("can I still
//! vote?").

use crate::{
    data::Row,
    deadlines::{amount, int},
};
use serde_json::Value;

/// Basis points: 10,000 = 100 %.
const BPS: u128 = 10_000;

/// The block a transaction sent now runs in: the one after `head`.
fn now(head: i64) -> i64 {
    head.saturating_add(1)
}

/// `for + against + abstain`.
pub fn turnout(row: &Row) -> u128 {
    amount(row, "forVotes")
        .saturating_add(amount(row, "against"))
        .saturating_add(amount(row, "abstain"))
}

/// Whether the turnout meets the quorum of the eligible weight.
pub fn quorum_reached(row: &Row) -> bool {
    let quorum = u128::try_from(int(row, "quorumBps")).unwrap_or(BPS);
    turnout(row).saturating_mul(BPS) >= amount(row, "eligible").saturating_mul(quorum)
}

/// Whether the tally passes: the quorum, `for` above the threshold of `for +
/// against`, and at least one vote for (the contract's `Tally::passes`).
pub fn passing(row: &Row) -> bool {
    let threshold = u128::try_from(int(row, "thresholdBps")).unwrap_or(BPS);
    let for_votes = amount(row, "forVotes");
    let decided = for_votes.saturating_add(amount(row, "against"));
    quorum_reached(row) && for_votes.saturating_mul(BPS) > decided.saturating_mul(threshold) && for_votes > 0
}

/// A proposal's state after `head`: `ACTIVE`, `DEFEATED`, `SUCCEEDED`,
/// `QUEUED`, `EXECUTED` or `CANCELLED` (as the contract's `state` answers).
pub fn proposal_state(row: &Row, head: i64) -> &'static str {
    let follow_up = row.get("followUp").and_then(Value::as_str).unwrap_or("pending");
    if follow_up != "pending" {
        "EXECUTED"
    } else if row.get("cancelled").and_then(Value::as_bool).unwrap_or(false) {
        "CANCELLED"
    } else if now(head) <= int(row, "endBlock") {
        "ACTIVE"
    } else if !passing(row) {
        "DEFEATED"
    } else if row.get("eta").is_some_and(|eta| !eta.is_null()) {
        "QUEUED"
    } else {
        "SUCCEEDED"
    }
}

/// A poll's state after `head`: `OPEN` or `CLOSED`.
pub fn poll_state(row: &Row, head: i64) -> &'static str {
    if now(head) <= int(row, "endBlock") {
        "OPEN"
    } else {
        "CLOSED"
    }
}

/// Blocks in which votes or answers are still accepted (the next included);
/// 0 once voting has ended or the proposal is cancelled.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn proposal(for_votes: u64, against: u64, abstain: u64, extra: Value) -> Row {
        let mut row = json!({
            "forVotes": for_votes.to_string(), "against": against.to_string(), "abstain": abstain.to_string(),
            "eligible": "10", "quorumBps": 5000, "thresholdBps": 5000, "endBlock": 20,
            "followUp": "pending", "cancelled": false, "eta": null,
        });
        if let (Some(row), Some(extra)) = (row.as_object_mut(), extra.as_object()) {
            row.extend(extra.clone());
        }
        row.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn proposal_states_follow_the_contract() {
        let p = proposal(4, 1, 0, json!({}));
        assert_eq!(
            proposal_state(&p, 19),
            "ACTIVE",
            "a vote now lands in block 20, the last"
        );
        assert_eq!(blocks_left("proposals", &p, 19), 1);
        assert_eq!(proposal_state(&p, 20), "SUCCEEDED");
        assert_eq!(blocks_left("proposals", &p, 20), 0);
        assert_eq!(proposal_state(&proposal(4, 1, 0, json!({"eta": 25})), 21), "QUEUED");
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
    fn polls_close_after_their_last_block() {
        let poll = json!({"endBlock": 20}).as_object().cloned().unwrap_or_default();
        assert_eq!(poll_state(&poll, 19), "OPEN");
        assert_eq!(blocks_left("polls", &poll, 10), 10);
        assert_eq!(poll_state(&poll, 20), "CLOSED");
        assert_eq!(blocks_left("polls", &poll, 25), 0);
    }
}
