//! One module per contract kind: it decodes the kind's events with the
//! contract's own event types and writes the derived tables. A new contract
//! adds its module here, its tables in `entities` and a migration.

use crate::{bundles::Kind, pipeline::Ctx};
use anyhow::Result;

pub mod bounty;
mod common;
pub mod credit;
pub mod crowdfund;
pub mod donation_quota;
pub mod governance;
pub mod subtoken;

/// Applies one event of a `kind` contract. The outer error is the database's
/// (the batch fails); the inner one says why the event did not decode (it is
/// stored raw with that reason).
pub async fn apply(ctx: &mut Ctx<'_>, kind: Kind, topics: &[[u8; 32]], data: &[u8]) -> Result<Result<(), String>> {
    if let Some(result) = common::apply(ctx, topics, data).await? {
        return Ok(result);
    }
    let applied = match kind {
        Kind::Credit => credit::apply(ctx, topics, data).await?,
        Kind::DonationQuota => donation_quota::apply(ctx, topics, data).await?,
        Kind::Subtoken => subtoken::apply(ctx, topics, data).await?,
        Kind::Crowdfund => crowdfund::apply(ctx, topics, data).await?,
        Kind::Bounty => bounty::apply(ctx, topics, data).await?,
        Kind::Governance => governance::apply(ctx, topics, data).await?,
    };
    Ok(applied.unwrap_or_else(|| Err("unknown event signature".to_string())))
}

/// `if let Some(event) = typed::<E>(..)` with a decoding error returned as the
/// event's error.
macro_rules! on {
    ($topics:expr, $data:expr, $ty:ty, |$e:ident| $body:block) => {
        if let Some(decoded) = $crate::decode::typed::<$ty>($topics, $data) {
            let $e: $ty = match decoded {
                Ok(event) => event,
                Err(reason) => return Ok(Some(Err(reason))),
            };
            $body
            return Ok(Some(Ok(())));
        }
    };
}
pub(crate) use on;
