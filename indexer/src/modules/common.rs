//! Events every COS contract may emit: ownership and pause.

use super::on;
use crate::pipeline::Ctx;
use anyhow::Result;
use cos_common::{
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
        ctx.update_contract(|c| c.paused = true);
    });
    on!(topics, data, Unpaused, |e| {
        ctx.account(&e.account).await?;
        ctx.update_contract(|c| c.paused = false);
    });
    Ok(None)
}
