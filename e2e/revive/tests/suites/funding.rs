//! The crowdfund and bounty stories on pallet-revive: the ink! 6 builds of
//! the same sources as on pallet-contracts, calling COS Credit's ink! 6 build
//! across contracts. Every refusal is a typed error that changes nothing.

use anyhow::Result;
use bounty::{BountyError, BountyState};
use cos_common::{Psp22Refusal, TokenError};
use cos_e2e_revive::world::{Target, World, START_COS};
use cos_revive_chain::H160;
use crowdfund::{CampaignState, CrowdfundError, Kind};
use ink::primitives::Hash;

const NO_COMMUNITY: Option<cos_common::CommunityRef> = None;

fn text(n: u8) -> Hash {
    Hash::from([n; 32])
}

/// Account 2 starts an all-or-nothing campaign for itself: goal 300 COS,
/// deadline a minute away. Its id and deadline.
fn campaign(f: &mut World, kind: Kind) -> Result<(u32, u64)> {
    let deadline = f.now_ms() + 60_000;
    let beneficiary = f.address(2);
    let id: Result<u32, CrowdfundError> = f.send(
        2,
        Target::Crowdfund,
        "create",
        (beneficiary, kind, 300u128, deadline, text(7), NO_COMMUNITY),
    )?;
    Ok((id.expect("the campaign starts"), deadline))
}

fn pledge(f: &mut World, who: u8, id: u32, amount: u128) -> Result<Result<(), CrowdfundError>> {
    f.send(who, Target::Crowdfund, "pledge", (id, amount))
}

#[test]
fn an_all_or_nothing_campaign_that_meets_its_goal_pays_its_beneficiary_once() -> Result<()> {
    let mut f = World::new()?;
    let (id, deadline) = campaign(&mut f, Kind::AllOrNothing)?;
    f.approve(3, Target::Crowdfund, 200)?;
    f.approve(4, Target::Crowdfund, 150)?;
    assert_eq!(pledge(&mut f, 3, id, 200)?, Ok(()));
    assert_eq!(pledge(&mut f, 4, id, 150)?, Ok(()));
    assert_eq!(f.cos_at(Target::Crowdfund)?, 350, "the crowdfund holds the pledges");
    assert_eq!(f.cos_of(3)?, START_COS - 200);
    let pledger = f.address(3);
    assert_eq!(f.read::<u128>(Target::Crowdfund, "pledge_of", (id, pledger))?, 200);

    let early: Result<u128, CrowdfundError> = f.send(5, Target::Crowdfund, "claim", id)?;
    assert_eq!(early, Err(CrowdfundError::StillOpen));
    assert_eq!(
        pledge(&mut f, 2, id, 1)?,
        Err(CrowdfundError::InsiderPledge),
        "the beneficiary cannot pledge to its own campaign"
    );

    f.wait_until(deadline);
    assert_eq!(
        f.read::<Option<CampaignState>>(Target::Crowdfund, "state", id)?,
        Some(CampaignState::Succeeded)
    );
    assert_eq!(pledge(&mut f, 5, id, 1)?, Err(CrowdfundError::Ended));
    // Anyone may claim; the COS goes to the beneficiary.
    let claimed: Result<u128, CrowdfundError> = f.send(5, Target::Crowdfund, "claim", id)?;
    assert_eq!(claimed, Ok(350));
    assert_eq!(f.cos_of(2)?, START_COS + 350);
    assert_eq!(f.cos_of(5)?, START_COS, "the caller got nothing");
    assert_eq!(f.cos_at(Target::Crowdfund)?, 0);
    let again: Result<u128, CrowdfundError> = f.send(2, Target::Crowdfund, "claim", id)?;
    assert_eq!(again, Err(CrowdfundError::AlreadyClaimed));
    assert_eq!(f.cos_of(2)?, START_COS + 350, "the second claim paid nothing");
    Ok(())
}

#[test]
fn a_campaign_that_misses_its_goal_refunds_each_pledger_once() -> Result<()> {
    let mut f = World::new()?;
    let (id, deadline) = campaign(&mut f, Kind::AllOrNothing)?;
    f.approve(3, Target::Crowdfund, 100)?;
    assert_eq!(pledge(&mut f, 3, id, 100)?, Ok(()));
    let early: Result<u128, CrowdfundError> = f.send(3, Target::Crowdfund, "refund", id)?;
    assert_eq!(
        early,
        Err(CrowdfundError::NotRefundable),
        "open campaigns keep their pledges"
    );
    f.wait_until(deadline);
    assert_eq!(
        f.read::<Option<CampaignState>>(Target::Crowdfund, "state", id)?,
        Some(CampaignState::Failed)
    );
    let claimed: Result<u128, CrowdfundError> = f.send(2, Target::Crowdfund, "claim", id)?;
    assert_eq!(claimed, Err(CrowdfundError::GoalNotReached));
    let refunded: Result<u128, CrowdfundError> = f.send(3, Target::Crowdfund, "refund", id)?;
    assert_eq!(refunded, Ok(100));
    assert_eq!(f.cos_of(3)?, START_COS);
    let again: Result<u128, CrowdfundError> = f.send(3, Target::Crowdfund, "refund", id)?;
    assert_eq!(again, Err(CrowdfundError::NothingToRefund));
    let stranger: Result<u128, CrowdfundError> = f.send(4, Target::Crowdfund, "refund", id)?;
    assert_eq!(stranger, Err(CrowdfundError::NothingToRefund));
    assert_eq!(f.cos_at(Target::Crowdfund)?, 0);
    Ok(())
}

#[test]
fn a_pledge_cos_credit_refuses_changes_nothing() -> Result<()> {
    let mut f = World::new()?;
    let (id, _) = campaign(&mut f, Kind::Donation)?;
    f.approve(3, Target::Crowdfund, 50)?;
    let reply = f.send_reply::<Result<(), CrowdfundError>>(3, Target::Crowdfund, "pledge", (id, 80u128))?;
    assert_eq!(
        reply.value,
        Err(CrowdfundError::Token(TokenError::Psp22(
            Psp22Refusal::InsufficientAllowance
        )))
    );
    assert!(reply.outcome.reverted, "the refusal reverts the pledge");
    assert!(reply.events().is_empty());
    let pledger = f.address(3);
    assert_eq!(f.read::<u128>(Target::Crowdfund, "pledge_of", (id, pledger))?, 0);
    assert_eq!(f.cos_of(3)?, START_COS);
    assert_eq!(f.cos_at(Target::Crowdfund)?, 0);
    let unknown: Result<(), CrowdfundError> = f.send(3, Target::Crowdfund, "pledge", (id + 1, 10u128))?;
    assert_eq!(unknown, Err(CrowdfundError::UnknownCampaign));
    Ok(())
}

#[test]
fn a_bounty_escrows_its_reward_and_splits_it_in_one_cos_batch() -> Result<()> {
    let mut f = World::new()?;
    let deadline = f.now_ms() + 60_000;
    f.approve(2, Target::Bounty, 500)?;
    let id: Result<u32, BountyError> = f.send(2, Target::Bounty, "post", (500u128, deadline, text(1), NO_COMMUNITY))?;
    let id = id.expect("the bounty is posted");
    assert_eq!(f.cos_at(Target::Bounty)?, 500, "the reward is escrowed");
    assert_eq!(f.cos_of(2)?, START_COS - 500);

    let own: Result<u32, BountyError> = f.send(2, Target::Bounty, "submit", (id, text(2)))?;
    assert_eq!(own, Err(BountyError::PosterCannotSubmit));
    let first: Result<u32, BountyError> = f.send(3, Target::Bounty, "submit", (id, text(3)))?;
    let second: Result<u32, BountyError> = f.send(4, Target::Bounty, "submit", (id, text(4)))?;
    let (first, second) = (first.expect("a submission"), second.expect("a submission"));

    let stranger: Result<(), BountyError> = f.send(5, Target::Bounty, "split", (id, vec![(first, 500u128)]))?;
    assert_eq!(stranger, Err(BountyError::NotPoster));
    let short: Result<(), BountyError> = f.send(
        2,
        Target::Bounty,
        "split",
        (id, vec![(first, 300u128), (second, 100u128)]),
    )?;
    assert_eq!(short, Err(BountyError::SharesNotEqualToReward));
    assert_eq!(f.cos_at(Target::Bounty)?, 500, "refusals moved nothing");

    let split: Result<(), BountyError> = f.send(
        2,
        Target::Bounty,
        "split",
        (id, vec![(first, 300u128), (second, 200u128)]),
    )?;
    assert_eq!(split, Ok(()));
    assert_eq!(f.cos_of(3)?, START_COS + 300);
    assert_eq!(f.cos_of(4)?, START_COS + 200);
    assert_eq!(f.cos_at(Target::Bounty)?, 0);
    assert_eq!(
        f.read::<Option<BountyState>>(Target::Bounty, "state", id)?,
        Some(BountyState::Awarded)
    );
    let helper: H160 = f.address(3);
    let late: Result<u128, BountyError> = f.send(2, Target::Bounty, "cancel", id)?;
    assert_eq!(late, Err(BountyError::NotOpen), "an awarded bounty keeps its payout");
    assert_eq!(f.cos_of(3)?, START_COS + 300, "paid to {helper:?} and kept");
    Ok(())
}

#[test]
fn an_expired_bounty_goes_back_to_its_poster() -> Result<()> {
    let mut f = World::new()?;
    let deadline = f.now_ms() + 30_000;
    f.approve(2, Target::Bounty, 100)?;
    let id: Result<u32, BountyError> = f.send(2, Target::Bounty, "post", (100u128, deadline, text(1), NO_COMMUNITY))?;
    let id = id.expect("the bounty is posted");
    f.wait_until(deadline);
    assert_eq!(
        f.read::<Option<BountyState>>(Target::Bounty, "state", id)?,
        Some(BountyState::Expired)
    );
    let late: Result<u32, BountyError> = f.send(3, Target::Bounty, "submit", (id, text(3)))?;
    assert_eq!(late, Err(BountyError::Expired));
    let stranger: Result<u128, BountyError> = f.send(3, Target::Bounty, "cancel", id)?;
    assert_eq!(stranger, Err(BountyError::NotPoster));
    let back: Result<u128, BountyError> = f.send(2, Target::Bounty, "cancel", id)?;
    assert_eq!(back, Ok(100));
    assert_eq!(f.cos_of(2)?, START_COS);
    assert_eq!(
        f.read::<Option<BountyState>>(Target::Bounty, "state", id)?,
        Some(BountyState::Reclaimed)
    );
    Ok(())
}
