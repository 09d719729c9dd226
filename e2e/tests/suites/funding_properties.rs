//! Property test on the real Wasm (drink): three campaigns (two all-or-nothing,
//! one donation) and three bounties with deadlines spread over the next hours,
//! then random pledges, claims, refunds, cancellations, submissions, approvals,
//! splits and reclaims by random members, with block time passing between
//! steps so that deadlines pass in the middle of the sequence:
//!
//! - per campaign, `pledged = claimed + refunded + still held`, and the crowdfund
//!   holds exactly the sum of what its campaigns hold;
//! - per bounty, `escrow in = paid out + returned + held`, and the bounty board
//!   holds exactly the sum; a bounty pays out once: its helpers or its poster,
//!   never both, no submission twice;
//! - an all-or-nothing campaign pays its beneficiary once, only after a
//!   deadline that met its goal; no pledge lands after a deadline; its
//!   creator (member 0) and beneficiary (member 1) cannot pledge to it;
//! - a claim, whoever calls it, pays the beneficiary and never its caller;
//! - COS Credit's owner pauses and unpauses at random: deadlines count
//!   unpaused time only (a pledge lands and a claim waits by the deadline
//!   moved by the pauses since the campaign started), and no campaign or
//!   bounty stops being open while COS is paused;
//! - a refused call moves no COS; COS is conserved among the members and the
//!   two contracts.

use bounty::events::{BountyClosed, SubmissionApproved};
use cos_e2e::{FundingOnChain, HOUR_MS};
use crowdfund::{
    events::{Claimed, Pledged, Refunded},
    CrowdfundError, Kind,
};
use ink::primitives::{AccountId, Hash};
use proptest::prelude::*;
use std::collections::BTreeSet;

const COS: u128 = 100_000_000;
/// Members are accounts 2..=6.
const MEMBERS: usize = 5;
const CAMPAIGNS: u32 = 3;
const BOUNTIES: u32 = 3;

#[derive(Clone, Debug)]
enum Op {
    Wait(u64),
    /// COS Credit's owner pauses (`true`) or lifts the pause.
    Pause(bool),
    Pledge {
        who: usize,
        campaign: u32,
        amount: u128,
    },
    Claim {
        who: usize,
        campaign: u32,
    },
    Refund {
        who: usize,
        campaign: u32,
    },
    Cancel {
        who: usize,
        campaign: u32,
    },
    Submit {
        who: usize,
        bounty: u32,
    },
    Approve {
        who: usize,
        bounty: u32,
        submission: u32,
    },
    Split {
        who: usize,
        bounty: u32,
        first: u128,
    },
    Close {
        who: usize,
        bounty: u32,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..MEMBERS;
    prop_oneof![
        (1..90u64).prop_map(|minutes| Op::Wait(minutes * 60_000)),
        any::<bool>().prop_map(Op::Pause),
        (who.clone(), 0..CAMPAIGNS, 0..40u128).prop_map(|(who, campaign, n)| Op::Pledge {
            who,
            campaign,
            amount: n * COS / 2
        }),
        (who.clone(), 0..CAMPAIGNS).prop_map(|(who, campaign)| Op::Claim { who, campaign }),
        (who.clone(), 0..CAMPAIGNS).prop_map(|(who, campaign)| Op::Refund { who, campaign }),
        (who.clone(), 0..CAMPAIGNS).prop_map(|(who, campaign)| Op::Cancel { who, campaign }),
        (who.clone(), 0..BOUNTIES).prop_map(|(who, bounty)| Op::Submit { who, bounty }),
        (who.clone(), 0..BOUNTIES, 0..3u32).prop_map(|(who, bounty, submission)| Op::Approve {
            who,
            bounty,
            submission
        }),
        (who.clone(), 0..BOUNTIES, 0..25u128).prop_map(|(who, bounty, n)| Op::Split {
            who,
            bounty,
            first: n * COS
        }),
        (who, 0..BOUNTIES).prop_map(|(who, bounty)| Op::Close { who, bounty }),
    ]
}

/// `deadline` moved by COS Credit's pauses since its clock read `start`.
fn moved(f: &mut FundingOnChain, deadline: u64, start: u64) -> u64 {
    let clock = f.chain.query(f.credit.paused_time()).expect("paused_time");
    cos_common::deadline::moved(deadline, start, clock)
}

/// Which campaigns and bounties are open.
fn open(f: &mut FundingOnChain) -> Vec<bool> {
    let mut open = Vec::new();
    for id in 0..CAMPAIGNS {
        open.push(f.chain.query(f.crowdfund.state(id)).expect("state") == Some(crowdfund::CampaignState::Open));
    }
    for id in 0..BOUNTIES {
        open.push(f.chain.query(f.bounty.state(id)).expect("state") == Some(bounty::BountyState::Open));
    }
    open
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn money_in_equals_money_out_plus_held(ops in prop::collection::vec(op(), 1..36)) {
        let mut f = FundingOnChain::new();
        let people: Vec<AccountId> = (2..=6).map(|n| f.member(n)).collect();
        let total = |f: &mut FundingOnChain, people: &[AccountId]| -> u128 {
            let (c, b) = (f.crowdfund_address, f.bounty_address);
            people.iter().map(|p| f.cos_of(*p)).sum::<u128>() + f.cos_of(c) + f.cos_of(b)
        };
        // Campaign 0: all-or-nothing, 20 COS, 1 h; 1: donation, 2 h; 2:
        // all-or-nothing, 50 COS, 3 h. Created by member 0 for member 1.
        let kinds = [(Kind::AllOrNothing, 20 * COS), (Kind::Donation, 5 * COS), (Kind::AllOrNothing, 50 * COS)];
        for (n, (kind, goal)) in kinds.into_iter().enumerate() {
            f.create_campaign(people[0], people[1], kind, goal, (n as u64 + 1) * HOUR_MS);
        }
        // Bounty b: 30 COS by member b, deadline (b + 1) hours.
        for (b, poster) in people.iter().take(BOUNTIES as usize).enumerate() {
            f.post_bounty(*poster, 30 * COS, (b as u64 + 1) * HOUR_MS);
        }
        let conserved = total(&mut f, &people);
        let mut paid_submissions = BTreeSet::new();
        let mut aon_claims = [0u32; CAMPAIGNS as usize];
        for op in ops {
            let (c, b) = (f.crowdfund_address, f.bounty_address);
            let before = (f.cos_of(c), f.cos_of(b));
            let now = f.now();
            let out = match op {
                Op::Wait(ms) => {
                    let paused = f.chain.query(f.credit.paused()).expect("paused");
                    let open_before = open(&mut f);
                    f.wait(ms);
                    if paused {
                        prop_assert_eq!(open(&mut f), open_before, "something ended while COS was paused");
                    }
                    continue;
                }
                Op::Pause(pause) => {
                    let m = if pause { f.credit.pause() } else { f.credit.unpause() };
                    let owner = f.member(1);
                    let _ = f.chain.call(owner, m).expect("runs");
                    continue;
                }
                Op::Pledge { who, campaign, amount } => {
                    let m = f.crowdfund.pledge(campaign, amount);
                    let out = f.chain.call(people[who], m).expect("runs");
                    let insider = who <= 1 && campaign != 1;
                    if insider && amount > 0 {
                        prop_assert!(
                            matches!(out.value, Err(CrowdfundError::InsiderPledge | CrowdfundError::Ended | CrowdfundError::Cancelled)),
                            "an insider pledged to an all-or-nothing campaign: {:?}", out.value
                        );
                    }
                    if out.value.is_ok() {
                        let c = f.chain.query(f.crowdfund.campaign(campaign)).expect("query").expect("exists");
                        prop_assert!(now < moved(&mut f, c.deadline, c.pause_clock), "a pledge landed after the deadline");
                        prop_assert_eq!(out.events_of::<Pledged>().len(), 1);
                    }
                    out.map_value(|v| Ok(v.map_err(|e| format!("{e:?}")))).expect("maps")
                }
                Op::Claim { who, campaign } => {
                    let m = f.crowdfund.claim(campaign);
                    let (caller_before, beneficiary_before) = (f.cos_of(people[who]), f.cos_of(people[1]));
                    let out = f.chain.call(people[who], m).expect("runs");
                    if let Ok(amount) = out.value {
                        prop_assert_eq!(f.cos_of(people[1]), beneficiary_before + amount, "a claim pays the beneficiary");
                        if who != 1 {
                            prop_assert_eq!(f.cos_of(people[who]), caller_before, "a claim paid its caller");
                        }
                        let c = f.chain.query(f.crowdfund.campaign(campaign)).expect("query").expect("exists");
                        prop_assert_eq!(out.events_of::<Claimed>()[0].amount, amount);
                        if c.kind == Kind::AllOrNothing {
                            aon_claims[campaign as usize] += 1;
                            let ends = moved(&mut f, c.deadline, c.pause_clock);
                            prop_assert!(now >= ends && c.raised >= c.goal, "claimed before success");
                            prop_assert_eq!(amount, c.raised);
                        }
                    }
                    out.map_value(|v| Ok(v.map(|_| ()).map_err(|e| format!("{e:?}")))).expect("maps")
                }
                Op::Refund { who, campaign } => {
                    let pledged = f.chain.query(f.crowdfund.pledge_of(campaign, people[who])).expect("query");
                    let m = f.crowdfund.refund(campaign);
                    let out = f.chain.call(people[who], m).expect("runs");
                    if let Ok(amount) = out.value {
                        prop_assert_eq!(amount, pledged, "a refund is the whole pledge");
                        prop_assert_eq!(out.events_of::<Refunded>().len(), 1);
                        prop_assert_eq!(f.chain.query(f.crowdfund.pledge_of(campaign, people[who])).expect("query"), 0);
                    }
                    out.map_value(|v| Ok(v.map(|_| ()).map_err(|e| format!("{e:?}")))).expect("maps")
                }
                Op::Cancel { who, campaign } => {
                    let m = f.crowdfund.cancel(campaign);
                    let out = f.chain.call(people[who], m).expect("runs");
                    out.map_value(|v| Ok(v.map_err(|e| format!("{e:?}")))).expect("maps")
                }
                Op::Submit { who, bounty } => {
                    let m = f.bounty.submit(bounty, Hash::from([who as u8; 32]));
                    let out = f.chain.call(people[who], m).expect("runs");
                    out.map_value(|v| Ok(v.map(|_| ()).map_err(|e| format!("{e:?}")))).expect("maps")
                }
                Op::Approve { who, bounty, submission } => {
                    let m = f.bounty.approve(bounty, submission);
                    let out = f.chain.call(people[who], m).expect("runs");
                    if out.value.is_ok() {
                        prop_assert_eq!(who, bounty as usize, "approved by a non-poster");
                        let b = f.chain.query(f.bounty.bounty(bounty)).expect("query").expect("exists");
                        prop_assert!(now < moved(&mut f, b.deadline, b.pause_clock), "approved after the deadline");
                        for e in out.events_of::<SubmissionApproved>() {
                            prop_assert!(paid_submissions.insert((e.id, e.submission)), "a submission paid twice");
                        }
                    }
                    out.map_value(|v| Ok(v.map_err(|e| format!("{e:?}")))).expect("maps")
                }
                Op::Split { who, bounty, first } => {
                    let reward = 30 * COS;
                    let shares = vec![(0, first), (1, reward.saturating_sub(first))];
                    let m = f.bounty.split(bounty, shares);
                    let out = f.chain.call(people[who], m).expect("runs");
                    if out.value.is_ok() {
                        prop_assert_eq!(who, bounty as usize, "split by a non-poster");
                        let events = out.events_of::<SubmissionApproved>();
                        prop_assert_eq!(events.iter().map(|e| e.amount).sum::<u128>(), reward);
                        for e in events {
                            prop_assert!(paid_submissions.insert((e.id, e.submission)), "a submission paid twice");
                        }
                    }
                    out.map_value(|v| Ok(v.map_err(|e| format!("{e:?}")))).expect("maps")
                }
                Op::Close { who, bounty } => {
                    let m = f.bounty.cancel(bounty);
                    let out = f.chain.call(people[who], m).expect("runs");
                    if out.value.is_ok() {
                        prop_assert_eq!(who, bounty as usize, "closed by a non-poster");
                        prop_assert_eq!(out.events_of::<BountyClosed>().len(), 1);
                    }
                    out.map_value(|v| Ok(v.map(|_| ()).map_err(|e| format!("{e:?}")))).expect("maps")
                }
            };
            if out.value.is_err() {
                prop_assert!(out.reverted && out.events.is_empty(), "a refused call reverts and emits nothing");
                prop_assert_eq!((f.cos_of(c), f.cos_of(b)), before, "a refused call moved COS");
            }
            f.assert_accounts();
            prop_assert_eq!(total(&mut f, &people), conserved, "COS is conserved");
            prop_assert!(aon_claims.iter().all(|&n| n <= 1), "an all-or-nothing campaign paid twice");
        }
        for id in 0..BOUNTIES {
            let bounty = f.chain.query(f.bounty.bounty(id)).expect("query").expect("exists");
            prop_assert!(bounty.paid == 0 || bounty.returned == 0, "a bounty paid both helpers and its poster");
        }
    }
}
