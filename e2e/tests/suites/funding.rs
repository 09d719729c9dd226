//! drink tests of the release crowdfund and bounty bundles with the routed
//! COS Credit: campaigns that succeed, fail, collect donations and are
//! cancelled; bounties approved, split, cancelled and reclaimed; and every
//! forbidden move (double claim, double refund, late pledge, claim before
//! success, approval by a non-poster, approval after expiry, refused COS
//! pulls) refused with its typed error, reverting, emitting nothing and moving
//! no COS. After every call each contract holds exactly what its campaigns or
//! bounties hold (`assert_accounts`).

use bounty::{events::BountyClosed, events::SubmissionApproved, BountyError, BountyState};
use cos_common::{
    token::{Psp22Refusal, TokenError},
    CommunityRef,
};
use cos_e2e::{FundingOnChain, HOUR_MS};
use cos_sandbox::{validate_mvp, Bundle};
use crowdfund::{
    events::{CampaignCancelled, Claimed, Pledged, Refunded},
    CampaignState, CrowdfundError, Kind,
};
use ink::primitives::{AccountId, Hash};
use psp22::PSP22;

const COS: u128 = 100_000_000;

/// `call!(f, contract, caller, message)`: calls `message` of `crowdfund` or
/// `bounty` as `caller`; a refused call must revert, emit nothing and leave
/// every COS balance of the contract and the caller as it was. Afterwards the
/// accounts must balance. Evaluates to the `Outcome`.
macro_rules! call {
    ($f:expr, $contract:ident, $caller:expr, $($message:tt)+) => {{
        let caller: AccountId = $caller;
        let (c, b) = ($f.crowdfund_address, $f.bounty_address);
        let before = ($f.cos_of(c), $f.cos_of(b), $f.cos_of(caller));
        let message = $f.$contract.$($message)+;
        let out = $f.chain.call(caller, message).expect("the call runs");
        if out.value.is_err() {
            assert!(out.reverted, "a refused call reverts");
            assert!(out.events.is_empty(), "a refused call emits nothing");
            assert_eq!(($f.cos_of(c), $f.cos_of(b), $f.cos_of(caller)), before, "a refused call moves no COS");
        }
        $f.assert_accounts();
        out
    }};
}

/// `refused!(f, contract, caller, message(args), error)`: `call!` that must
/// fail with `error`.
macro_rules! refused {
    ($f:expr, $contract:ident, $caller:expr, $method:ident ( $($args:tt)* ), $error:expr) => {{
        let out = call!($f, $contract, $caller, $method($($args)*));
        assert_eq!(out.value.err(), Some($error), "{}", stringify!($method($($args)*)));
    }};
}

struct T {
    f: FundingOnChain,
    alice: AccountId,
    bob: AccountId,
    carol: AccountId,
    dave: AccountId,
    erin: AccountId,
}

fn setup() -> T {
    let mut f = FundingOnChain::new();
    let (alice, bob, carol, dave, erin) = (f.member(2), f.member(3), f.member(4), f.member(5), f.member(6));
    T {
        f,
        alice,
        bob,
        carol,
        dave,
        erin,
    }
}

#[test]
fn the_release_bundles_are_plain_wasm_mvp() {
    for name in ["crowdfund", "bounty"] {
        let bundle = Bundle::load(name).expect("bundle");
        validate_mvp(&bundle.wasm).expect("Wasm MVP");
    }
}

#[test]
fn an_all_or_nothing_campaign_that_succeeds_pays_once_after_the_deadline() {
    let mut t = setup();
    let id =
        t.f.create_campaign(t.alice, t.bob, Kind::AllOrNothing, 100 * COS, HOUR_MS);
    let bob_before = t.f.cos_of(t.bob);
    let out = call!(t.f, crowdfund, t.carol, pledge(id, 60 * COS));
    assert_eq!(out.value, Ok(()));
    assert_eq!(
        out.events_of::<Pledged>(),
        vec![Pledged {
            id,
            pledger: t.carol,
            amount: 60 * COS,
            pledged: 60 * COS,
            raised: 60 * COS
        }]
    );
    assert_eq!(call!(t.f, crowdfund, t.dave, pledge(id, 30 * COS)).value, Ok(()));
    assert_eq!(call!(t.f, crowdfund, t.dave, pledge(id, 20 * COS)).value, Ok(()));
    refused!(t.f, crowdfund, t.carol, pledge(id, 0), CrowdfundError::ZeroAmount);
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::StillOpen);
    refused!(t.f, crowdfund, t.carol, refund(id), CrowdfundError::NotRefundable);
    let c = t.f.chain.query(t.f.crowdfund.campaign(id)).unwrap().unwrap();
    assert_eq!((c.raised, c.pledgers), (110 * COS, 2));
    assert_eq!(t.f.chain.query(t.f.crowdfund.pledge_of(id, t.dave)).unwrap(), 50 * COS);

    t.f.wait(HOUR_MS);
    assert_eq!(
        t.f.chain.query(t.f.crowdfund.state(id)).unwrap(),
        Some(CampaignState::Succeeded)
    );
    refused!(t.f, crowdfund, t.erin, pledge(id, COS), CrowdfundError::Ended);
    refused!(t.f, crowdfund, t.alice, cancel(id), CrowdfundError::Ended);
    let out = call!(t.f, crowdfund, t.bob, claim(id));
    assert_eq!(out.value, Ok(110 * COS));
    assert_eq!(
        out.events_of::<Claimed>(),
        vec![Claimed {
            id,
            beneficiary: t.bob,
            amount: 110 * COS,
            claimed: 110 * COS
        }]
    );
    assert_eq!(t.f.cos_of(t.bob), bob_before + 110 * COS);
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::AlreadyClaimed);
    refused!(t.f, crowdfund, t.carol, refund(id), CrowdfundError::NotRefundable);
    assert_eq!(
        t.f.chain.query(t.f.crowdfund.state(id)).unwrap(),
        Some(CampaignState::Claimed)
    );
}

/// The audit's lock: a campaign whose beneficiary cannot sign (a contract:
/// here COS Credit's own address) met its goal, and only the beneficiary
/// could claim, so its COS stayed locked for good. Anyone now triggers the
/// claim, and the COS goes to the beneficiary, never to the caller.
#[test]
fn anyone_may_claim_and_the_beneficiary_is_paid_even_a_contract() {
    let mut t = setup();
    let contract = t.f.credit_address;
    let id =
        t.f.create_campaign(t.alice, contract, Kind::AllOrNothing, 50 * COS, HOUR_MS);
    call!(t.f, crowdfund, t.carol, pledge(id, 50 * COS));
    t.f.wait(HOUR_MS);
    let (contract0, erin0) = (t.f.cos_of(contract), t.f.cos_of(t.erin));
    let out = call!(t.f, crowdfund, t.erin, claim(id));
    assert_eq!(out.value, Ok(50 * COS));
    assert_eq!(
        out.events_of::<Claimed>(),
        vec![Claimed {
            id,
            beneficiary: contract,
            amount: 50 * COS,
            claimed: 50 * COS
        }]
    );
    assert_eq!(t.f.cos_of(contract), contract0 + 50 * COS, "the contract is paid");
    assert_eq!(t.f.cos_of(t.erin), erin0, "the caller gets nothing");
    refused!(t.f, crowdfund, t.dave, claim(id), CrowdfundError::AlreadyClaimed);

    // A donation campaign for it too, claimed as it goes by anyone.
    let gift =
        t.f.create_campaign(t.alice, contract, Kind::Donation, 10 * COS, HOUR_MS);
    call!(t.f, crowdfund, t.dave, pledge(gift, 3 * COS));
    assert_eq!(call!(t.f, crowdfund, t.dave, claim(gift)).value, Ok(3 * COS));
    assert_eq!(t.f.cos_of(contract), contract0 + 53 * COS);
}

/// The audit's top-up: the beneficiary pledged the missing amount in the
/// last block, met the goal and took every other pledge. The creator and
/// the beneficiary of an all-or-nothing campaign cannot pledge to it (a
/// donation campaign has no goal to meet and takes them); the campaign fails
/// and every pledger takes their pledge back.
#[test]
fn the_beneficiary_cannot_top_up_an_all_or_nothing_campaign_in_its_last_block() {
    let mut t = setup();
    let id =
        t.f.create_campaign(t.alice, t.bob, Kind::AllOrNothing, 100 * COS, HOUR_MS);
    call!(t.f, crowdfund, t.carol, pledge(id, 90 * COS));
    // The last block before the deadline (a block is 6 s; `wait` seals one first).
    t.f.wait(HOUR_MS - 12_000);
    assert!(t.f.now() < t.f.chain.query(t.f.crowdfund.campaign(id)).unwrap().unwrap().deadline);
    refused!(
        t.f,
        crowdfund,
        t.bob,
        pledge(id, 10 * COS),
        CrowdfundError::InsiderPledge
    );
    refused!(
        t.f,
        crowdfund,
        t.alice,
        pledge(id, 10 * COS),
        CrowdfundError::InsiderPledge
    );
    t.f.wait(6_000);
    assert_eq!(
        t.f.chain.query(t.f.crowdfund.state(id)).unwrap(),
        Some(CampaignState::Failed)
    );
    refused!(t.f, crowdfund, t.erin, claim(id), CrowdfundError::GoalNotReached);
    assert_eq!(call!(t.f, crowdfund, t.carol, refund(id)).value, Ok(90 * COS));

    let gift = t.f.create_campaign(t.alice, t.bob, Kind::Donation, 10 * COS, HOUR_MS);
    assert_eq!(call!(t.f, crowdfund, t.alice, pledge(gift, COS)).value, Ok(()));
}

#[test]
fn a_campaign_that_misses_its_goal_refunds_each_pledger_once() {
    let mut t = setup();
    let id =
        t.f.create_campaign(t.alice, t.bob, Kind::AllOrNothing, 100 * COS, HOUR_MS);
    let (carol0, dave0) = (t.f.cos_of(t.carol), t.f.cos_of(t.dave));
    call!(t.f, crowdfund, t.carol, pledge(id, 70 * COS));
    call!(t.f, crowdfund, t.dave, pledge(id, 29 * COS));
    t.f.wait(HOUR_MS);
    assert_eq!(
        t.f.chain.query(t.f.crowdfund.state(id)).unwrap(),
        Some(CampaignState::Failed)
    );
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::GoalNotReached);
    let out = call!(t.f, crowdfund, t.carol, refund(id));
    assert_eq!(out.value, Ok(70 * COS));
    assert_eq!(
        out.events_of::<Refunded>(),
        vec![Refunded {
            id,
            pledger: t.carol,
            amount: 70 * COS,
            refunded: 70 * COS
        }]
    );
    refused!(t.f, crowdfund, t.carol, refund(id), CrowdfundError::NothingToRefund);
    refused!(t.f, crowdfund, t.erin, refund(id), CrowdfundError::NothingToRefund);
    assert_eq!(call!(t.f, crowdfund, t.dave, refund(id)).value, Ok(29 * COS));
    assert_eq!((t.f.cos_of(t.carol), t.f.cos_of(t.dave)), (carol0, dave0));
    let c = t.f.chain.query(t.f.crowdfund.campaign(id)).unwrap().unwrap();
    assert_eq!((c.raised, c.refunded, c.claimed, c.held()), (99 * COS, 99 * COS, 0, 0));
    refused!(
        t.f,
        crowdfund,
        t.alice,
        pledge(99, COS),
        CrowdfundError::UnknownCampaign
    );
}

#[test]
fn a_donation_campaign_pays_as_it_goes_and_cannot_be_cancelled_once_claimed() {
    let mut t = setup();
    let id =
        t.f.create_campaign(t.alice, t.bob, Kind::Donation, 1_000 * COS, HOUR_MS);
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::NothingToClaim);
    call!(t.f, crowdfund, t.carol, pledge(id, 5 * COS));
    assert_eq!(call!(t.f, crowdfund, t.bob, claim(id)).value, Ok(5 * COS));
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::NothingToClaim);
    call!(t.f, crowdfund, t.dave, pledge(id, 7 * COS));
    refused!(t.f, crowdfund, t.alice, cancel(id), CrowdfundError::AlreadyClaimed);
    t.f.wait(HOUR_MS);
    assert_eq!(
        t.f.chain.query(t.f.crowdfund.state(id)).unwrap(),
        Some(CampaignState::Ended)
    );
    refused!(t.f, crowdfund, t.carol, pledge(id, COS), CrowdfundError::Ended);
    refused!(t.f, crowdfund, t.dave, refund(id), CrowdfundError::NotRefundable);
    assert_eq!(call!(t.f, crowdfund, t.bob, claim(id)).value, Ok(7 * COS));
}

#[test]
fn a_cancelled_campaign_refunds_and_pays_no_beneficiary() {
    let mut t = setup();
    let id =
        t.f.create_campaign(t.alice, t.bob, Kind::AllOrNothing, 10 * COS, HOUR_MS);
    call!(t.f, crowdfund, t.carol, pledge(id, 25 * COS));
    refused!(t.f, crowdfund, t.bob, cancel(id), CrowdfundError::NotCreator);
    let out = call!(t.f, crowdfund, t.alice, cancel(id));
    assert_eq!(out.value, Ok(()));
    assert_eq!(
        out.events_of::<CampaignCancelled>(),
        vec![CampaignCancelled { id, creator: t.alice }]
    );
    refused!(t.f, crowdfund, t.alice, cancel(id), CrowdfundError::Cancelled);
    refused!(t.f, crowdfund, t.dave, pledge(id, COS), CrowdfundError::Cancelled);
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::Cancelled);
    t.f.wait(HOUR_MS);
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::Cancelled);
    assert_eq!(call!(t.f, crowdfund, t.carol, refund(id)).value, Ok(25 * COS));
}

#[test]
fn a_pledge_cos_credit_refuses_records_nothing() {
    let mut t = setup();
    let id = t.f.create_campaign(t.alice, t.bob, Kind::Donation, 10 * COS, HOUR_MS);
    let all = t.f.cos_of(t.carol);
    refused!(
        t.f,
        crowdfund,
        t.carol,
        pledge(id, all + 1),
        CrowdfundError::Token(TokenError::Psp22(Psp22Refusal::InsufficientBalance))
    );
    // Member 7 holds COS but never approved the crowdfund.
    let stranger = t.f.member(7);
    let message = t.f.credit.transfer(stranger, 10 * COS, vec![]);
    t.f.chain.call(t.alice, message).unwrap().value.unwrap();
    refused!(
        t.f,
        crowdfund,
        stranger,
        pledge(id, COS),
        CrowdfundError::Token(TokenError::Psp22(Psp22Refusal::InsufficientAllowance))
    );
    let c = t.f.chain.query(t.f.crowdfund.campaign(id)).unwrap().unwrap();
    assert_eq!((c.raised, c.pledgers), (0, 0));
    assert_eq!(t.f.chain.query(t.f.crowdfund.pledge_of(id, t.carol)).unwrap(), 0);
    let past = t.f.now();
    let message =
        t.f.crowdfund
            .create(t.bob, Kind::Donation, COS, past, Hash::default(), None);
    let out = t.f.chain.call(t.alice, message).unwrap();
    assert_eq!(out.value, Err(CrowdfundError::DeadlineInPast));
}

#[test]
fn one_approved_submission_takes_the_whole_reward_once() {
    let mut t = setup();
    let alice0 = t.f.cos_of(t.alice);
    let id = t.f.post_bounty(t.alice, 50 * COS, HOUR_MS);
    assert_eq!(t.f.cos_of(t.alice), alice0 - 50 * COS, "the reward is in escrow");
    assert_eq!(t.f.cos_of(t.f.bounty_address), 50 * COS);
    refused!(
        t.f,
        bounty,
        t.alice,
        submit(id, Hash::from([1; 32])),
        BountyError::PosterCannotSubmit
    );
    assert_eq!(call!(t.f, bounty, t.bob, submit(id, Hash::from([1; 32]))).value, Ok(0));
    assert_eq!(
        call!(t.f, bounty, t.carol, submit(id, Hash::from([2; 32]))).value,
        Ok(1)
    );
    refused!(t.f, bounty, t.bob, approve(id, 0), BountyError::NotPoster);
    refused!(t.f, bounty, t.alice, approve(id, 2), BountyError::UnknownSubmission);
    refused!(t.f, bounty, t.alice, approve(9, 0), BountyError::UnknownBounty);
    let bob0 = t.f.cos_of(t.bob);
    let out = call!(t.f, bounty, t.alice, approve(id, 0));
    assert_eq!(out.value, Ok(()));
    assert_eq!(
        out.events_of::<SubmissionApproved>(),
        vec![SubmissionApproved {
            id,
            submission: 0,
            helper: t.bob,
            amount: 50 * COS
        }]
    );
    assert_eq!(t.f.cos_of(t.bob), bob0 + 50 * COS);
    refused!(t.f, bounty, t.alice, approve(id, 1), BountyError::NotOpen);
    refused!(t.f, bounty, t.alice, approve(id, 0), BountyError::NotOpen);
    refused!(t.f, bounty, t.alice, cancel(id), BountyError::NotOpen);
    refused!(t.f, bounty, t.dave, submit(id, Hash::default()), BountyError::NotOpen);
    assert_eq!(
        t.f.chain.query(t.f.bounty.state(id)).unwrap(),
        Some(BountyState::Awarded)
    );
}

#[test]
fn a_reward_split_between_two_helpers_pays_both_in_one_batch() {
    let mut t = setup();
    let registry = t.f.member(9);
    let deadline = t.f.now() + HOUR_MS;
    let message = t.f.bounty.post(
        30 * COS,
        deadline,
        Hash::from([3; 32]),
        Some(CommunityRef { registry, id: 4 }),
    );
    let id = t.f.chain.call(t.alice, message).unwrap().value.unwrap();
    // Anyone, from any community, addresses the bounty by its id alone.
    call!(t.f, bounty, t.bob, submit(id, Hash::from([1; 32])));
    call!(t.f, bounty, t.carol, submit(id, Hash::from([2; 32])));
    call!(t.f, bounty, t.dave, submit(id, Hash::from([3; 32])));
    refused!(
        t.f,
        bounty,
        t.alice,
        split(id, vec![(0, 20 * COS), (1, 11 * COS)]),
        BountyError::SharesNotEqualToReward
    );
    refused!(
        t.f,
        bounty,
        t.alice,
        split(id, vec![(0, 15 * COS), (0, 15 * COS)]),
        BountyError::DuplicateSubmission
    );
    refused!(
        t.f,
        bounty,
        t.alice,
        split(id, vec![(0, 30 * COS), (1, 0)]),
        BountyError::ZeroShare
    );
    refused!(t.f, bounty, t.alice, split(id, vec![]), BountyError::NoShares);
    refused!(
        t.f,
        bounty,
        t.carol,
        split(id, vec![(0, 20 * COS), (1, 10 * COS)]),
        BountyError::NotPoster
    );
    let (bob0, carol0, dave0) = (t.f.cos_of(t.bob), t.f.cos_of(t.carol), t.f.cos_of(t.dave));
    let out = call!(t.f, bounty, t.alice, split(id, vec![(0, 20 * COS), (1, 10 * COS)]));
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<SubmissionApproved>().len(), 2);
    assert_eq!(
        (t.f.cos_of(t.bob), t.f.cos_of(t.carol), t.f.cos_of(t.dave)),
        (bob0 + 20 * COS, carol0 + 10 * COS, dave0)
    );
    let b = t.f.chain.query(t.f.bounty.bounty(id)).unwrap().unwrap();
    assert_eq!((b.paid, b.returned, b.community.map(|c| c.id)), (30 * COS, 0, Some(4)));
    refused!(
        t.f,
        bounty,
        t.alice,
        split(id, vec![(2, 30 * COS)]),
        BountyError::NotOpen
    );
}

#[test]
fn after_the_deadline_nothing_is_approved_and_the_poster_reclaims_once() {
    let mut t = setup();
    let alice0 = t.f.cos_of(t.alice);
    let id = t.f.post_bounty(t.alice, 40 * COS, HOUR_MS);
    call!(t.f, bounty, t.bob, submit(id, Hash::from([1; 32])));
    t.f.wait(HOUR_MS);
    assert_eq!(
        t.f.chain.query(t.f.bounty.state(id)).unwrap(),
        Some(BountyState::Expired)
    );
    refused!(t.f, bounty, t.alice, approve(id, 0), BountyError::Expired);
    refused!(t.f, bounty, t.carol, submit(id, Hash::default()), BountyError::Expired);
    refused!(t.f, bounty, t.bob, cancel(id), BountyError::NotPoster);
    let out = call!(t.f, bounty, t.alice, cancel(id));
    assert_eq!(out.value, Ok(40 * COS));
    assert_eq!(
        out.events_of::<BountyClosed>(),
        vec![BountyClosed {
            id,
            poster: t.alice,
            returned: 40 * COS,
            expired: true
        }]
    );
    assert_eq!(t.f.cos_of(t.alice), alice0);
    refused!(t.f, bounty, t.alice, cancel(id), BountyError::NotOpen);
    assert_eq!(
        t.f.chain.query(t.f.bounty.state(id)).unwrap(),
        Some(BountyState::Reclaimed)
    );
}

#[test]
fn a_bounty_cancelled_before_its_deadline_returns_the_escrow() {
    let mut t = setup();
    let alice0 = t.f.cos_of(t.alice);
    let id = t.f.post_bounty(t.alice, 12 * COS, HOUR_MS);
    call!(t.f, bounty, t.erin, submit(id, Hash::from([5; 32])));
    let out = call!(t.f, bounty, t.alice, cancel(id));
    assert_eq!(out.value, Ok(12 * COS));
    assert!(!out.events_of::<BountyClosed>()[0].expired);
    assert_eq!(t.f.cos_of(t.alice), alice0);
    refused!(t.f, bounty, t.alice, approve(id, 0), BountyError::NotOpen);
    let all = t.f.cos_of(t.bob);
    let deadline = t.f.now() + HOUR_MS;
    refused!(
        t.f,
        bounty,
        t.bob,
        post(all + 1, deadline, Hash::default(), None),
        BountyError::Token(TokenError::Psp22(Psp22Refusal::InsufficientBalance))
    );
    refused!(
        t.f,
        bounty,
        t.bob,
        post(0, deadline, Hash::default(), None),
        BountyError::ZeroReward
    );
    assert_eq!(
        t.f.chain.query(t.f.bounty.bounty_count()).unwrap(),
        1,
        "refused posts take no id"
    );
}

/// COS Credit's owner (member 1) pauses it or lifts the pause.
fn set_paused(t: &mut T, paused: bool) {
    let owner = t.f.member(1);
    let message = if paused {
        t.f.credit.pause()
    } else {
        t.f.credit.unpause()
    };
    t.f.chain.call(owner, message).unwrap().value.unwrap();
}

/// The audit's finding: deadlines ignored a COS pause, so the pledges of a
/// campaign's last hour failed (COS refused them) and the campaign failed.
/// A deadline now counts unpaused time only: nothing ends while COS is paused,
/// and after the pause the time that was left runs again, so the last
/// pledges arrive and the campaign succeeds. A campaign started after the
/// pause is not moved by it.
#[test]
fn a_cos_pause_moves_a_campaigns_deadline_and_its_last_hour_still_counts() {
    let mut t = setup();
    let deadline = t.f.now() + 2 * HOUR_MS;
    let id =
        t.f.create_campaign(t.alice, t.bob, Kind::AllOrNothing, 100 * COS, 2 * HOUR_MS);
    assert_eq!(
        t.f.chain
            .query(t.f.crowdfund.campaign(id))
            .unwrap()
            .unwrap()
            .pause_clock,
        0
    );
    assert_eq!(call!(t.f, crowdfund, t.carol, pledge(id, 40 * COS)).value, Ok(()));

    // An hour before the deadline COS is paused, for three hours.
    t.f.wait(HOUR_MS);
    let paused_at = t.f.now();
    set_paused(&mut t, true);
    refused!(
        t.f,
        crowdfund,
        t.dave,
        pledge(id, 60 * COS),
        CrowdfundError::Token(TokenError::Psp22(Psp22Refusal::Custom("Paused".into())))
    );
    t.f.wait(3 * HOUR_MS);
    assert!(t.f.now() > deadline, "past the nominal deadline");
    assert_eq!(
        t.f.chain.query(t.f.crowdfund.state(id)).unwrap(),
        Some(CampaignState::Open),
        "nothing ends while COS is paused"
    );
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::StillOpen);
    let unpaused_at = t.f.now();
    set_paused(&mut t, false);
    let moved = deadline + (unpaused_at - paused_at);
    assert_eq!(
        t.f.chain.query(t.f.credit.paused_time()).unwrap(),
        unpaused_at - paused_at
    );
    assert_eq!(t.f.chain.query(t.f.crowdfund.ends_at(id)).unwrap(), Some(moved));

    // A campaign started now is not moved by the pause before it.
    let later = t.f.create_campaign(t.alice, t.bob, Kind::Donation, COS, HOUR_MS);
    assert_eq!(
        t.f.chain.query(t.f.crowdfund.ends_at(later)).unwrap(),
        Some(t.f.now() + HOUR_MS)
    );

    // The hour that was left: the last pledges arrive and meet the goal.
    t.f.wait(HOUR_MS - 60_000);
    assert!(t.f.now() < moved);
    assert_eq!(call!(t.f, crowdfund, t.dave, pledge(id, 60 * COS)).value, Ok(()));
    t.f.chain.set_timestamp(moved - 1);
    refused!(t.f, crowdfund, t.bob, claim(id), CrowdfundError::StillOpen);
    t.f.chain.set_timestamp(moved);
    refused!(t.f, crowdfund, t.erin, pledge(id, COS), CrowdfundError::Ended);
    let bob0 = t.f.cos_of(t.bob);
    assert_eq!(call!(t.f, crowdfund, t.erin, claim(id)).value, Ok(100 * COS));
    assert_eq!(t.f.cos_of(t.bob), bob0 + 100 * COS);
}

/// The audit's finding for bounties: a pause across the deadline turned the
/// award the poster wanted into a reclaim. Now the deadline waits for the
/// pause, and the poster approves the helper's work once it is lifted.
#[test]
fn a_cos_pause_keeps_a_bounty_open_for_the_award_the_poster_wanted() {
    let mut t = setup();
    let deadline = t.f.now() + HOUR_MS;
    let id = t.f.post_bounty(t.alice, 30 * COS, HOUR_MS);
    call!(t.f, bounty, t.bob, submit(id, Hash::from([2; 32])));
    t.f.wait(HOUR_MS / 2);
    set_paused(&mut t, true);
    refused!(
        t.f,
        bounty,
        t.alice,
        approve(id, 0),
        BountyError::Token(TokenError::Psp22(Psp22Refusal::Custom("Paused".into())))
    );
    t.f.wait(2 * HOUR_MS);
    assert!(t.f.now() > deadline);
    assert_eq!(t.f.chain.query(t.f.bounty.state(id)).unwrap(), Some(BountyState::Open));
    refused!(
        t.f,
        bounty,
        t.alice,
        cancel(id),
        BountyError::Token(TokenError::Psp22(Psp22Refusal::Custom("Paused".into())))
    );
    set_paused(&mut t, false);
    assert_eq!(t.f.chain.query(t.f.bounty.state(id)).unwrap(), Some(BountyState::Open));
    let bob0 = t.f.cos_of(t.bob);
    let out = call!(t.f, bounty, t.alice, approve(id, 0));
    assert_eq!(out.value, Ok(()));
    assert_eq!(t.f.cos_of(t.bob), bob0 + 30 * COS);
    assert_eq!(
        t.f.chain.query(t.f.bounty.state(id)).unwrap(),
        Some(BountyState::Awarded)
    );
}
