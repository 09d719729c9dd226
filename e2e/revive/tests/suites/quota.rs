//! The donation quota story on pallet-revive: a sponsor's granted quota,
//! donated to a community, allocated to a manager and unlocked by rewarding
//! contributors, who are paid in COS with the sponsor's and the manager's
//! bonuses from the reserve (the ink! 6 builds of the same sources as on
//! pallet-contracts). Every refusal is a typed error that changes nothing. And
//! the shared ownership suite on the quota contract.

use anyhow::Result;
use cos_e2e_revive::world::{Target, World, START_COS};
use donation_quota::{QuotaError, QuotaTotals};

mod ownership {
    cos_common::ownable_conformance!(
        #[test]
        cos_e2e_revive::QuotaOwnedOnRevive
    );
}

const OPERATOR: u8 = 1;
const SPONSOR: u8 = 2;
const ADMIN: u8 = 3;
const MANAGER: u8 = 4;
const CONTRIBUTOR: u8 = 5;

fn ok<T: std::fmt::Debug>(what: &str, reply: Result<T, QuotaError>) -> T {
    reply.unwrap_or_else(|e| panic!("{what} refused: {e:?}"))
}

/// Community 0 recognised, `MANAGER` below its admin holding 5,000 of
/// `SPONSOR`'s quota, a reserve of 10,000 COS for bonuses.
fn community() -> Result<World> {
    let mut w = World::new()?;
    let sponsor = w.address(SPONSOR);
    let manager = w.address(MANAGER);
    w.approve(OPERATOR, Target::Quota, 20_000)?;
    ok::<()>(
        "grant_quota",
        w.send(OPERATOR, Target::Quota, "grant_quota", (sponsor, 10_000u128))?,
    );
    ok::<()>(
        "fund_reserve",
        w.send(OPERATOR, Target::Quota, "fund_reserve", 10_000u128)?,
    );
    let id: u32 = ok(
        "create_community",
        w.send(ADMIN, Target::Quota, "create_community", ())?,
    );
    assert_eq!(id, 0);
    ok::<()>("recognise", w.send(OPERATOR, Target::Quota, "recognise", (0u32, true))?);
    ok::<()>(
        "offer_manager",
        w.send(ADMIN, Target::Quota, "offer_manager", (0u32, manager))?,
    );
    let parent: Option<cos_revive_chain::H160> = None;
    ok::<()>(
        "accept_manager",
        w.send(MANAGER, Target::Quota, "accept_manager", (0u32, parent))?,
    );
    ok::<()>("donate", w.send(SPONSOR, Target::Quota, "donate", (0u32, 10_000u128))?);
    ok::<()>(
        "allocate",
        w.send(ADMIN, Target::Quota, "allocate", (0u32, sponsor, manager, 5_000u128))?,
    );
    Ok(w)
}

fn totals(w: &mut World) -> Result<QuotaTotals> {
    w.read(Target::Quota, "totals", ())
}

#[test]
fn a_reward_pays_the_contributor_and_both_bonuses_in_cos() -> Result<()> {
    let mut w = community()?;
    let (sponsor, contributor) = (w.address(SPONSOR), w.address(CONTRIBUTOR));
    let before = totals(&mut w)?;
    assert_eq!(
        (before.allocated, before.unallocated, before.reserve),
        (5_000, 5_000, 10_000)
    );
    let record: Result<u64, QuotaError> = w.send(
        MANAGER,
        Target::Quota,
        "reward",
        (0u32, sponsor, contributor, 1_000u128, 1u16, 1u64, [7u8; 32]),
    )?;
    assert_eq!(record, Ok(0));
    assert_eq!(w.cos_of(CONTRIBUTOR)?, START_COS + 1_000);
    // The default schedule's first stage: 25 % to the sponsor, 10 % to the manager.
    assert_eq!(w.cos_of(SPONSOR)?, START_COS + 250);
    assert_eq!(w.cos_of(MANAGER)?, START_COS + 100);
    let after = totals(&mut w)?;
    assert_eq!(after.allocated, 4_000);
    assert_eq!(after.unlocked, 1_000);
    assert_eq!(after.bonus_paid, 350);
    assert_eq!(after.reserve, 10_000 - 350);
    assert_eq!(w.read::<u64>(Target::Quota, "record_count", ())?, 1);
    // What the contract holds is what it owes: outstanding quota and the reserve.
    assert_eq!(
        w.cos_at(Target::Quota)?,
        after.outstanding() + after.reserve,
        "quota is conserved"
    );
    Ok(())
}

#[test]
fn a_batch_rewards_every_entry_or_none() -> Result<()> {
    let mut w = community()?;
    let sponsor = w.address(SPONSOR);
    // Accounts 5 and 6 hold COS already, account 7 none.
    let entries: Vec<_> = (5..=7u8).map(|n| (w.address(n), 100u128, [n; 32])).collect();
    let ids: Result<(u64, u64), QuotaError> = w.send(
        MANAGER,
        Target::Quota,
        "reward_batch",
        (0u32, sponsor, 1u16, 2u64, entries),
    )?;
    assert_eq!(ids, Ok((0, 2)));
    for (n, start) in [(5, START_COS), (6, START_COS), (7, 0)] {
        assert_eq!(w.cos_of(n)?, start + 100);
    }
    // One entry past the manager's quota refuses the whole batch.
    let before = totals(&mut w)?;
    let too_much: Vec<_> = [(5u8, 100u128), (6, 5_000)]
        .into_iter()
        .map(|(n, amount)| (w.address(n), amount, [n; 32]))
        .collect();
    let refused: Result<(u64, u64), QuotaError> = w.send(
        MANAGER,
        Target::Quota,
        "reward_batch",
        (0u32, sponsor, 1u16, 3u64, too_much),
    )?;
    assert_eq!(refused, Err(QuotaError::InsufficientQuota));
    assert_eq!(w.cos_of(5)?, START_COS + 100, "the first entry was not paid either");
    assert_eq!(totals(&mut w)?, before);
    assert_eq!(w.read::<u64>(Target::Quota, "record_count", ())?, 3);
    Ok(())
}

#[test]
fn self_dealing_and_strangers_are_refused_and_change_nothing() -> Result<()> {
    let mut w = community()?;
    let (sponsor, manager, admin, contributor) = (
        w.address(SPONSOR),
        w.address(MANAGER),
        w.address(ADMIN),
        w.address(CONTRIBUTOR),
    );
    let before = totals(&mut w)?;
    for (who, to) in [(MANAGER, manager), (MANAGER, admin)] {
        let reply = w.send_reply::<Result<u64, QuotaError>>(
            who,
            Target::Quota,
            "reward",
            (0u32, sponsor, to, 100u128, 1u16, 1u64, [1u8; 32]),
        )?;
        assert_eq!(reply.value, Err(QuotaError::SelfDealing));
        assert!(reply.outcome.reverted && reply.events().is_empty());
    }
    let stranger: Result<u64, QuotaError> = w.send(
        CONTRIBUTOR,
        Target::Quota,
        "reward",
        (0u32, sponsor, contributor, 100u128, 1u16, 1u64, [1u8; 32]),
    )?;
    assert_eq!(stranger, Err(QuotaError::NotManager));
    let not_operator: Result<(), QuotaError> = w.send(ADMIN, Target::Quota, "recognise", (0u32, false))?;
    assert_eq!(not_operator, Err(QuotaError::NotOperator));
    assert_eq!(totals(&mut w)?, before);
    assert_eq!(w.cos_of(MANAGER)?, START_COS);
    assert_eq!(w.read::<u64>(Target::Quota, "record_count", ())?, 0);
    Ok(())
}
