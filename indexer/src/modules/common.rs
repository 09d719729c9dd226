//! Events every COS contract may emit: ownership and pause.

use super::on;
use crate::pipeline::Ctx;
use anyhow::Result;
use cos_common::{
    deadline::PauseClock,
    ownable::{OwnershipTransferStarted, OwnershipTransferred},
    pausable::{Paused, Unpaused},
};

/// `None` if the event is none of these.
pub async fn apply(ctx: &mut Ctx<'_>, topics: &[[u8; 32]], data: &[u8]) -> Result<Option<Result<(), String>>> {
    on!(topics, data, OwnershipTransferred, |e| {
        ctx.account(&e.previous_owner).await?;
        let owner = ctx.account(&e.new_owner).await?;
        ctx.update_contract(|c| c.owner = Some(owner));
    });
    on!(topics, data, OwnershipTransferStarted, |e| {
        ctx.account(&e.previous_owner).await?;
        ctx.maybe_account(&e.new_owner).await?;
    });
    on!(topics, data, Paused, |e| {
        ctx.account(&e.account).await?;
        let now = ctx.place.timestamp;
        ctx.update_contract(|c| {
            c.paused = true;
            pause_clock(c, |clock| clock.pause(time(now)));
        });
    });
    on!(topics, data, Unpaused, |e| {
        ctx.account(&e.account).await?;
        let now = ctx.place.timestamp;
        ctx.update_contract(|c| {
            c.paused = false;
            pause_clock(c, |clock| clock.unpause(time(now)));
        });
    });
    Ok(None)
}

fn time(ms: i64) -> u64 {
    u64::try_from(ms).unwrap_or(0)
}

/// The contract's pause clock as stored, advanced by `change` as the
/// contract advances its own (COS Credit's moves campaign and bounty
/// deadlines; the same clock is kept for every pausable contract).
fn pause_clock(row: &mut crate::entities::contracts::Model, change: impl FnOnce(&mut PauseClock)) {
    let mut clock = stored_clock(row);
    change(&mut clock);
    row.pause_clock = i64::try_from(clock.paused_ms).unwrap_or(i64::MAX);
    row.paused_since = clock.since.map(|t| i64::try_from(t).unwrap_or(i64::MAX));
}

/// A `contracts` row's pause clock.
pub fn stored_clock(row: &crate::entities::contracts::Model) -> PauseClock {
    PauseClock {
        paused_ms: time(row.pause_clock),
        since: row.paused_since.map(time),
    }
}
