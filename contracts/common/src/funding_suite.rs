//! The crowdfund and bounty conservation property, for tests on any chain
//! that runs COS Credit, the crowdfund and the bounty board (drink on
//! pallet-contracts, `cos-revive-chain` on pallet-revive): three campaigns
//! (two all-or-nothing, one donation) and three bounties with deadlines
//! spread over the next hours, then random pledges, claims, refunds,
//! cancellations, submissions, approvals, splits and reclaims by random
//! members, with block time passing between steps so that deadlines pass in
//! the middle of the sequence:
//!
//! - per campaign, `pledged = claimed + refunded + still held`, and the
//!   crowdfund holds exactly the sum of what its campaigns hold;
//! - per bounty, `escrow in = paid out + returned + held`, and the bounty
//!   board holds exactly the sum; a bounty pays out once: its helpers or its
//!   poster, never both, no submission twice;
//! - an all-or-nothing campaign pays its beneficiary once, only after a
//!   deadline that met its goal; no pledge lands after a deadline; its
//!   creator (member 0) and beneficiary (member 1) cannot pledge to it;
//! - a claim, whoever calls it, pays the beneficiary and never its caller;
//! - COS Credit's owner pauses and unpauses at random: deadlines count
//!   unpaused time only (a pledge lands and a claim waits by the deadline
//!   moved by the pauses since the campaign started), and no campaign or
//!   bounty stops being open while COS is paused;
//! - a refused call reverts, emits nothing and moves no COS; COS is
//!   conserved among the members and the two contracts.
//!
//! A chain's harness implements [`FundingHarness`] with the contracts'
//! own messages; its test runs [`check`] on [`ops`] in a `proptest!`.

use crate::deadline;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// One COS in base units.
pub const COS: u128 = 100_000_000;
/// Members a harness hands out, each with plenty of COS and both contracts
/// approved to pull it; COS Credit's owner is none of them.
pub const MEMBERS: usize = 5;
pub const CAMPAIGNS: u32 = 3;
pub const BOUNTIES: u32 = 3;
/// An hour of block time, in milliseconds.
pub const HOUR_MS: u64 = 3_600_000;
/// Each bounty's reward.
pub const BOUNTY_REWARD: u128 = 30 * COS;

/// One step, by member index.
#[derive(Clone, Debug)]
pub enum Op {
    /// Milliseconds of block time, in a new block.
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

/// A member who mostly is `likely` (the one a call would succeed for),
/// sometimes anyone.
fn mostly(likely: usize) -> impl Strategy<Value = usize> {
    prop_oneof![3 => Just(likely), 1 => 0..MEMBERS]
}

/// Random steps: approvals, splits and reclaims mostly by the bounty's
/// poster, pledges mostly by members who are neither creator nor
/// beneficiary, so that calls succeed as well as fail.
pub fn ops() -> impl Strategy<Value = Vec<Op>> {
    let who = 0..MEMBERS;
    let outsider = prop_oneof![3 => 2..MEMBERS, 1 => 0..2usize];
    let op = prop_oneof![
        (1..90u64).prop_map(|minutes| Op::Wait(minutes * 60_000)),
        any::<bool>().prop_map(Op::Pause),
        (outsider, 0..CAMPAIGNS, 0..40u128).prop_map(|(who, campaign, n)| Op::Pledge {
            who,
            campaign,
            amount: n * COS / 2
        }),
        (who.clone(), 0..CAMPAIGNS).prop_map(|(who, campaign)| Op::Claim { who, campaign }),
        (who.clone(), 0..CAMPAIGNS).prop_map(|(who, campaign)| Op::Refund { who, campaign }),
        (mostly(0), 0..CAMPAIGNS).prop_map(|(who, campaign)| Op::Cancel { who, campaign }),
        (who, 0..BOUNTIES).prop_map(|(who, bounty)| Op::Submit { who, bounty }),
        (0..BOUNTIES)
            .prop_flat_map(|bounty| (mostly(bounty as usize), Just(bounty), 0..3u32))
            .prop_map(|(who, bounty, submission)| Op::Approve {
                who,
                bounty,
                submission
            }),
        (0..BOUNTIES)
            .prop_flat_map(|bounty| (mostly(bounty as usize), Just(bounty), 0..25u128))
            .prop_map(|(who, bounty, n)| Op::Split {
                who,
                bounty,
                first: n * COS
            }),
        (0..BOUNTIES)
            .prop_flat_map(|bounty| (mostly(bounty as usize), Just(bounty)))
            .prop_map(|(who, bounty)| Op::Close { who, bounty }),
    ];
    prop::collection::vec(op, 1..36)
}

/// What the property reads of a campaign (`crowdfund::Campaign` and its
/// `state`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignView {
    pub all_or_nothing: bool,
    pub goal: u128,
    /// Milliseconds, before pauses move it.
    pub deadline: u64,
    pub pause_clock: u64,
    pub raised: u128,
    pub claimed: u128,
    pub refunded: u128,
    /// What `held()` says the campaign holds.
    pub held: u128,
    /// Its `state` is `Open`.
    pub open: bool,
}

/// What the property reads of a bounty (`bounty::Bounty` and its `state`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BountyView {
    pub reward: u128,
    pub deadline: u64,
    pub pause_clock: u64,
    pub paid: u128,
    pub returned: u128,
    pub held: u128,
    pub open: bool,
}

/// A contract event the property checks, decoded by the harness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Pledged,
    Claimed {
        amount: u128,
    },
    Refunded,
    SubmissionApproved {
        id: u32,
        submission: u32,
        amount: u128,
    },
    BountyClosed,
    /// Any other event of the call (COS Credit's `Transfer`, ...).
    Other,
}

/// A call's answer (its error by name), whether it reverted, its events.
#[derive(Clone, Debug)]
pub struct Step<T> {
    pub value: Result<T, String>,
    pub reverted: bool,
    pub events: Vec<Event>,
}

impl<T> Step<T> {
    fn count(&self, wanted: impl Fn(&Event) -> bool) -> usize {
        self.events.iter().filter(|e| wanted(e)).count()
    }

    fn approvals(&self) -> Vec<(u32, u32, u128)> {
        self.events
            .iter()
            .filter_map(|e| match *e {
                Event::SubmissionApproved { id, submission, amount } => Some((id, submission, amount)),
                _ => None,
            })
            .collect()
    }

    fn forget(self) -> Step<()> {
        Step {
            value: self.value.map(|_| ()),
            reverted: self.reverted,
            events: self.events,
        }
    }
}

/// COS Credit (owned by none of the members, who hold plenty of COS and
/// approved both contracts for any amount), a crowdfund and a bounty board.
/// Members are named by index `0..MEMBERS`; campaign and bounty ids count
/// from 0 in the order they are made.
pub trait FundingHarness {
    /// COS held by a member.
    fn cos_of(&mut self, member: usize) -> u128;
    /// COS held by the crowdfund and by the bounty board.
    fn contracts_cos(&mut self) -> (u128, u128);
    /// Block time (ms), as the contracts see it.
    fn now(&mut self) -> u64;
    /// Seals the block and lets `ms` of block time pass.
    fn wait(&mut self, ms: u64);
    /// COS Credit's owner pauses or unpauses (refused if already so).
    fn pause(&mut self, pause: bool);
    fn paused(&mut self) -> bool;
    /// COS Credit's `paused_time`.
    fn pause_clock(&mut self) -> u64;
    /// Member `creator` starts a campaign for `beneficiary` ending `ms` from
    /// now; panics if refused.
    fn create_campaign(&mut self, creator: usize, beneficiary: usize, all_or_nothing: bool, goal: u128, ms: u64);
    /// Member `poster` posts a bounty of `reward` ending `ms` from now;
    /// panics if refused.
    fn post_bounty(&mut self, poster: usize, reward: u128, ms: u64);
    fn campaign_count(&mut self) -> u32;
    fn campaign(&mut self, id: u32) -> CampaignView;
    fn bounty_count(&mut self) -> u32;
    fn bounty(&mut self, id: u32) -> BountyView;
    fn pledge_of(&mut self, campaign: u32, member: usize) -> u128;
    fn pledge(&mut self, who: usize, campaign: u32, amount: u128) -> Step<()>;
    fn claim(&mut self, who: usize, campaign: u32) -> Step<u128>;
    fn refund(&mut self, who: usize, campaign: u32) -> Step<u128>;
    fn cancel(&mut self, who: usize, campaign: u32) -> Step<()>;
    /// A submission with content `[who; 32]`.
    fn submit(&mut self, who: usize, bounty: u32) -> Step<u32>;
    fn approve(&mut self, who: usize, bounty: u32, submission: u32) -> Step<()>;
    fn split(&mut self, who: usize, bounty: u32, shares: Vec<(u32, u128)>) -> Step<()>;
    /// The bounty board's `cancel`: the poster takes the reward back.
    fn close(&mut self, who: usize, bounty: u32) -> Step<u128>;
}

/// `deadline` moved by COS Credit's pauses since its clock read `start`.
fn moved(chain: &mut impl FundingHarness, deadline: u64, start: u64) -> u64 {
    let clock = chain.pause_clock();
    deadline::moved(deadline, start, clock)
}

/// Which campaigns and bounties are open.
fn open(chain: &mut impl FundingHarness) -> Vec<bool> {
    let campaigns = (0..CAMPAIGNS).map(|id| chain.campaign(id).open).collect::<Vec<_>>();
    let bounties = (0..BOUNTIES).map(|id| chain.bounty(id).open);
    campaigns.into_iter().chain(bounties).collect()
}

fn total(chain: &mut impl FundingHarness) -> u128 {
    let (c, b) = chain.contracts_cos();
    (0..MEMBERS).map(|m| chain.cos_of(m)).sum::<u128>() + c + b
}

/// Every campaign's and bounty's books balance, and each contract holds
/// exactly the sum of what its campaigns or bounties hold.
fn books(chain: &mut impl FundingHarness) -> Result<(), TestCaseError> {
    let (crowdfund, bounty) = chain.contracts_cos();
    let mut held = 0u128;
    for id in 0..chain.campaign_count() {
        let c = chain.campaign(id);
        prop_assert_eq!(c.raised, c.claimed + c.refunded + c.held, "campaign {}", id);
        held += c.held;
    }
    prop_assert_eq!(crowdfund, held, "the crowdfund holds what its campaigns hold");
    let mut held = 0u128;
    for id in 0..chain.bounty_count() {
        let b = chain.bounty(id);
        prop_assert_eq!(b.reward, b.paid + b.returned + b.held, "bounty {}", id);
        held += b.held;
    }
    prop_assert_eq!(bounty, held, "the bounty board holds what its bounties hold");
    Ok(())
}

/// Makes the campaigns and bounties, runs `ops` on `chain` and checks the
/// property after every step.
pub fn check(chain: &mut impl FundingHarness, ops: &[Op]) -> Result<(), TestCaseError> {
    // Campaign 0: all-or-nothing, 20 COS, 1 h; 1: donation, 2 h; 2:
    // all-or-nothing, 50 COS, 3 h. Created by member 0 for member 1.
    let kinds = [(true, 20 * COS), (false, 5 * COS), (true, 50 * COS)];
    for (n, (all_or_nothing, goal)) in kinds.into_iter().enumerate() {
        chain.create_campaign(0, 1, all_or_nothing, goal, (n as u64 + 1) * HOUR_MS);
    }
    // Bounty b: by member b, deadline (b + 1) hours.
    for b in 0..BOUNTIES as usize {
        chain.post_bounty(b, BOUNTY_REWARD, (b as u64 + 1) * HOUR_MS);
    }
    let conserved = total(chain);
    let mut paid_submissions = BTreeSet::new();
    let mut aon_claims = [0u32; CAMPAIGNS as usize];
    for op in ops.iter().cloned() {
        let before = chain.contracts_cos();
        let now = chain.now();
        let step = match op {
            Op::Wait(ms) => {
                let paused = chain.paused();
                let open_before = open(chain);
                chain.wait(ms);
                if paused {
                    prop_assert_eq!(open(chain), open_before, "something ended while COS was paused");
                }
                continue;
            }
            Op::Pause(pause) => {
                chain.pause(pause);
                continue;
            }
            Op::Pledge { who, campaign, amount } => {
                let step = chain.pledge(who, campaign, amount);
                let insider = who <= 1 && campaign != 1;
                if insider && amount > 0 {
                    let refused = step.value.as_ref().err().map(String::as_str);
                    prop_assert!(
                        matches!(refused, Some("InsiderPledge" | "Ended" | "Cancelled")),
                        "an insider pledged to an all-or-nothing campaign: {:?}",
                        step.value
                    );
                }
                if step.value.is_ok() {
                    let c = chain.campaign(campaign);
                    prop_assert!(
                        now < moved(chain, c.deadline, c.pause_clock),
                        "a pledge landed after the deadline"
                    );
                    prop_assert_eq!(step.count(|e| *e == Event::Pledged), 1);
                }
                step
            }
            Op::Claim { who, campaign } => {
                let (caller_before, beneficiary_before) = (chain.cos_of(who), chain.cos_of(1));
                let step = chain.claim(who, campaign);
                if let Ok(amount) = step.value {
                    prop_assert_eq!(
                        chain.cos_of(1),
                        beneficiary_before + amount,
                        "a claim pays the beneficiary"
                    );
                    if who != 1 {
                        prop_assert_eq!(chain.cos_of(who), caller_before, "a claim paid its caller");
                    }
                    prop_assert_eq!(step.events.first(), Some(&Event::Claimed { amount }));
                    let c = chain.campaign(campaign);
                    if c.all_or_nothing {
                        aon_claims[campaign as usize] += 1;
                        let ends = moved(chain, c.deadline, c.pause_clock);
                        prop_assert!(now >= ends && c.raised >= c.goal, "claimed before success");
                        prop_assert_eq!(amount, c.raised);
                    }
                }
                step.forget()
            }
            Op::Refund { who, campaign } => {
                let pledged = chain.pledge_of(campaign, who);
                let step = chain.refund(who, campaign);
                if let Ok(amount) = step.value {
                    prop_assert_eq!(amount, pledged, "a refund is the whole pledge");
                    prop_assert_eq!(step.count(|e| *e == Event::Refunded), 1);
                    prop_assert_eq!(chain.pledge_of(campaign, who), 0);
                }
                step.forget()
            }
            Op::Cancel { who, campaign } => chain.cancel(who, campaign),
            Op::Submit { who, bounty } => chain.submit(who, bounty).forget(),
            Op::Approve {
                who,
                bounty,
                submission,
            } => {
                let step = chain.approve(who, bounty, submission);
                if step.value.is_ok() {
                    prop_assert_eq!(who, bounty as usize, "approved by a non-poster");
                    let b = chain.bounty(bounty);
                    prop_assert!(
                        now < moved(chain, b.deadline, b.pause_clock),
                        "approved after the deadline"
                    );
                    for (id, submission, _) in step.approvals() {
                        prop_assert!(paid_submissions.insert((id, submission)), "a submission paid twice");
                    }
                }
                step
            }
            Op::Split { who, bounty, first } => {
                let shares = vec![(0, first), (1, BOUNTY_REWARD.saturating_sub(first))];
                let step = chain.split(who, bounty, shares);
                if step.value.is_ok() {
                    prop_assert_eq!(who, bounty as usize, "split by a non-poster");
                    let approvals = step.approvals();
                    prop_assert_eq!(approvals.iter().map(|a| a.2).sum::<u128>(), BOUNTY_REWARD);
                    for (id, submission, _) in approvals {
                        prop_assert!(paid_submissions.insert((id, submission)), "a submission paid twice");
                    }
                }
                step
            }
            Op::Close { who, bounty } => {
                let step = chain.close(who, bounty);
                if step.value.is_ok() {
                    prop_assert_eq!(who, bounty as usize, "closed by a non-poster");
                    prop_assert_eq!(step.count(|e| *e == Event::BountyClosed), 1);
                }
                step.forget()
            }
        };
        if step.value.is_err() {
            prop_assert!(
                step.reverted && step.events.is_empty(),
                "a refused call reverts and emits nothing: {:?}",
                step
            );
            prop_assert_eq!(chain.contracts_cos(), before, "a refused call moved COS");
        } else {
            prop_assert!(!step.reverted, "a successful call reverted");
        }
        books(chain)?;
        prop_assert_eq!(total(chain), conserved, "COS is conserved");
        prop_assert!(
            aon_claims.iter().all(|&n| n <= 1),
            "an all-or-nothing campaign paid twice"
        );
    }
    for id in 0..BOUNTIES {
        let bounty = chain.bounty(id);
        prop_assert!(
            bounty.paid == 0 || bounty.returned == 0,
            "a bounty paid both helpers and its poster"
        );
    }
    Ok(())
}
