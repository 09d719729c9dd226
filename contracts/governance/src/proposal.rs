//! A proposal's and a poll's rules as plain values: the contract asks them
//! first, writes second, and calls other contracts last. Unit- and
//! property-tested without a chain.
//!
//! **Timing**: a proposal made in block `b` takes its weights at the end of
//! its snapshot block `b + voting_delay` and is open for votes from the block
//! after that to `end = snapshot + voting_period`; a passed proposal may be
//! queued until `end + grace_period` and executed in `[eta, eta +
//! grace_period)`, `eta` being the queueing block plus the execution delay.
//! Past those windows it has **expired** and never runs. Every deadline is
//! computed once, when the proposal is made, with checked arithmetic (the
//! configuration's spans are bounded: [`crate::config`]), so none can
//! overflow later.
//!
//! **Eligible weight**: the snapshot is in the future when the proposal is
//! made (COS Credit answers past blocks only), so the first vote fixes it
//! (COS Credit's total supply, or the member count, at the snapshot); until
//! then no proposal passes (it has no votes).

use crate::{
    config::{BlockNumber, Config, Rules, BPS},
    errors::GovernanceError,
};
use cos_common::AccountId;
use ink::primitives::Hash;

/// The most options a poll offers.
pub const MAX_OPTIONS: u8 = 16;
/// The most members the constructor takes (more join by `add_member` or by
/// proposal): bounds the constructor's loop.
pub const MAX_INITIAL_MEMBERS: usize = 64;

/// A vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Support {
    Against,
    For,
    Abstain,
}

/// Where a proposal stands, as anyone can query it. Variants keep their
/// places (their SCALE index); new ones come last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum ProposalState {
    /// Open for votes.
    Active,
    /// Voting ended short of the quorum or of the threshold.
    Defeated,
    /// Voting ended and it passed: anyone may queue it, within the grace period.
    Succeeded,
    /// Queued: executable from its `eta` block, within the grace period.
    Queued,
    /// Its actions ran.
    Executed,
    /// Cancelled by its proposer or the admin before it was executed.
    Cancelled,
    /// Made, not yet open for votes: its snapshot block has not ended.
    Pending,
    /// It passed but was not queued, or not executed, within its grace period: it never runs.
    Expired,
}

/// The follow-up of a resolution (seed 000: execution, then acceptance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum FollowUp {
    /// Not executed yet.
    Pending,
    /// Its actions ran.
    Executed,
    /// Accepted as done, by the admin or by a later proposal.
    Accepted,
}

/// Who cancels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canceller {
    /// The proposer: only while the proposal is pending or open for votes,
    /// so that once a vote has decided, no single account can veto it.
    Proposer,
    /// The admin (or the governance itself, by proposal): until execution.
    Admin,
}

/// Tallies of a proposal or a poll's option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Tally {
    pub for_votes: u128,
    pub against: u128,
    pub abstain: u128,
    pub voters: u32,
}

impl Tally {
    pub fn turnout(&self) -> u128 {
        self.for_votes.saturating_add(self.against).saturating_add(self.abstain)
    }

    /// Adds `weight` for `support`.
    pub fn add(&mut self, support: Support, weight: u128) -> Result<(), GovernanceError> {
        let slot = match support {
            Support::For => &mut self.for_votes,
            Support::Against => &mut self.against,
            Support::Abstain => &mut self.abstain,
        };
        *slot = slot.checked_add(weight).ok_or(GovernanceError::Overflow)?;
        self.voters = self.voters.checked_add(1).ok_or(GovernanceError::Overflow)?;
        Ok(())
    }

    /// Whether the turnout meets `quorum_bps` of `eligible`.
    pub fn quorum_reached(&self, eligible: u128, quorum_bps: u16) -> bool {
        self.turnout().saturating_mul(BPS) >= eligible.saturating_mul(u128::from(quorum_bps))
    }

    /// Whether `for` is above `threshold_bps` of `for + against`, with at least one vote for.
    pub fn majority(&self, threshold_bps: u16) -> bool {
        let decided = self.for_votes.saturating_add(self.against);
        self.for_votes.saturating_mul(BPS) > decided.saturating_mul(u128::from(threshold_bps)) && self.for_votes > 0
    }

    /// Whether the tally meets the quorum of `eligible` and the threshold.
    pub fn passes(&self, eligible: u128, quorum_bps: u16, threshold_bps: u16) -> bool {
        self.quorum_reached(eligible, quorum_bps) && self.majority(threshold_bps)
    }
}

/// A proposal, as stored (its actions are stored beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Proposal {
    pub proposer: AccountId,
    pub description: Hash,
    /// Weights are read at the end of this block; voting opens after it.
    pub snapshot: BlockNumber,
    /// The last block of voting.
    pub end: BlockNumber,
    /// The weight that could vote at the snapshot (fixed by the first vote).
    pub eligible: Option<u128>,
    /// The rules it was made under.
    pub rules: Rules,
    pub tally: Tally,
    /// The block from which it may be executed, once queued.
    pub eta: Option<BlockNumber>,
    pub cancelled: bool,
    pub follow_up: FollowUp,
}

/// The snapshot block (`block + voting_delay`) and the last block of voting
/// (`snapshot + voting_period`) of a proposal or poll made at `block`.
fn voting_window(block: BlockNumber, config: &Config) -> Result<(BlockNumber, BlockNumber), GovernanceError> {
    let snapshot = block
        .checked_add(config.voting_delay)
        .ok_or(GovernanceError::Overflow)?;
    let end = snapshot
        .checked_add(config.voting_period)
        .ok_or(GovernanceError::Overflow)?;
    Ok((snapshot, end))
}

/// `end + grace + delay + grace`: the latest any deadline of a proposal ending at `end` can be.
fn last_deadline(end: BlockNumber, rules: &Rules) -> Option<BlockNumber> {
    end.checked_add(rules.grace_period)?
        .checked_add(rules.execution_delay)?
        .checked_add(rules.grace_period)
}

impl Proposal {
    /// A proposal made at `block` under `config`.
    pub fn open(
        proposer: AccountId,
        description: Hash,
        block: BlockNumber,
        config: &Config,
    ) -> Result<Self, GovernanceError> {
        let rules = config.rules();
        let (snapshot, end) = voting_window(block, config)?;
        last_deadline(end, &rules).ok_or(GovernanceError::Overflow)?;
        Ok(Self {
            proposer,
            description,
            snapshot,
            end,
            eligible: None,
            rules,
            tally: Tally::default(),
            eta: None,
            cancelled: false,
            follow_up: FollowUp::Pending,
        })
    }

    /// Whether it passes as its tally stands (never before the first vote
    /// fixed the eligible weight).
    pub fn passing(&self) -> bool {
        self.eligible.is_some_and(|eligible| {
            self.tally
                .passes(eligible, self.rules.quorum_bps, self.rules.threshold_bps)
        })
    }

    /// Where the proposal stands at `block`.
    pub fn state(&self, block: BlockNumber) -> ProposalState {
        let grace = self.rules.grace_period;
        if self.follow_up != FollowUp::Pending {
            ProposalState::Executed
        } else if self.cancelled {
            ProposalState::Cancelled
        } else if block <= self.snapshot {
            ProposalState::Pending
        } else if block <= self.end {
            ProposalState::Active
        } else if !self.passing() {
            ProposalState::Defeated
        } else if let Some(eta) = self.eta {
            if block < eta.saturating_add(grace) {
                ProposalState::Queued
            } else {
                ProposalState::Expired
            }
        } else if block <= self.end.saturating_add(grace) {
            ProposalState::Succeeded
        } else {
            ProposalState::Expired
        }
    }

    /// The last block to queue it (`Succeeded`) or execute it (`Queued`).
    pub fn deadline(&self, block: BlockNumber) -> Option<BlockNumber> {
        match self.state(block) {
            ProposalState::Succeeded => Some(self.end.saturating_add(self.rules.grace_period)),
            ProposalState::Queued => self
                .eta
                .map(|eta| eta.saturating_add(self.rules.grace_period).saturating_sub(1)),
            _ => None,
        }
    }

    /// Fixes the eligible weight, the first time; returns whether it did.
    pub fn fix_eligible(&mut self, eligible: u128) -> bool {
        if self.eligible.is_some() {
            return false;
        }
        self.eligible = Some(eligible);
        true
    }

    /// Checks that a vote may be cast at `block` (before any weight is read).
    pub fn ensure_open(&self, block: BlockNumber) -> Result<(), GovernanceError> {
        match self.state(block) {
            ProposalState::Active => Ok(()),
            ProposalState::Pending => Err(GovernanceError::VotingNotOpen),
            ProposalState::Cancelled => Err(GovernanceError::Cancelled),
            _ => Err(GovernanceError::VotingClosed),
        }
    }

    /// Counts a vote of `weight` (the caller has not voted yet: the contract checks).
    pub fn vote(&mut self, block: BlockNumber, support: Support, weight: u128) -> Result<(), GovernanceError> {
        self.ensure_open(block)?;
        if weight == 0 {
            return Err(GovernanceError::NoWeight);
        }
        self.tally.add(support, weight)
    }

    /// Queues a passed proposal; returns its `eta` and the last block it may be executed in.
    pub fn queue(&mut self, block: BlockNumber) -> Result<(BlockNumber, BlockNumber), GovernanceError> {
        match self.state(block) {
            ProposalState::Succeeded => {}
            ProposalState::Expired => return Err(GovernanceError::Expired),
            _ => return Err(GovernanceError::NotSucceeded),
        }
        let eta = block
            .checked_add(self.rules.execution_delay)
            .ok_or(GovernanceError::Overflow)?;
        let expires = eta
            .checked_add(self.rules.grace_period)
            .and_then(|b| b.checked_sub(1))
            .ok_or(GovernanceError::Overflow)?;
        self.eta = Some(eta);
        Ok((eta, expires))
    }

    /// Marks a queued proposal whose delay has passed as executed.
    pub fn execute(&mut self, block: BlockNumber) -> Result<(), GovernanceError> {
        match self.state(block) {
            ProposalState::Queued => {}
            ProposalState::Executed => return Err(GovernanceError::AlreadyExecuted),
            ProposalState::Cancelled => return Err(GovernanceError::Cancelled),
            ProposalState::Expired => return Err(GovernanceError::Expired),
            _ => return Err(GovernanceError::NotQueued),
        }
        if self.eta.is_some_and(|eta| block < eta) {
            return Err(GovernanceError::TooEarly);
        }
        self.follow_up = FollowUp::Executed;
        Ok(())
    }

    /// Cancels before execution, as `by` may.
    pub fn cancel(&mut self, block: BlockNumber, by: Canceller) -> Result<(), GovernanceError> {
        if self.follow_up != FollowUp::Pending {
            return Err(GovernanceError::AlreadyExecuted);
        }
        if self.cancelled {
            return Err(GovernanceError::Cancelled);
        }
        if by == Canceller::Proposer && block > self.end {
            return Err(GovernanceError::VotingClosed);
        }
        self.cancelled = true;
        Ok(())
    }

    /// Accepts an executed resolution as done.
    pub fn accept(&mut self) -> Result<(), GovernanceError> {
        match self.follow_up {
            FollowUp::Executed => {
                self.follow_up = FollowUp::Accepted;
                Ok(())
            }
            FollowUp::Accepted => Err(GovernanceError::AlreadyAccepted),
            FollowUp::Pending => Err(GovernanceError::NotExecuted),
        }
    }
}

/// Where a poll stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum PollState {
    /// Its snapshot block has not ended.
    Pending,
    Open,
    Closed,
}

/// A non-binding poll or survey.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Poll {
    pub creator: AccountId,
    pub description: Hash,
    /// Options are numbered `0..options`.
    pub options: u8,
    /// Weights are read at the end of this block; answers open after it.
    pub snapshot: BlockNumber,
    /// The last block of answers.
    pub end: BlockNumber,
    /// Fixed by the first answer.
    pub eligible: Option<u128>,
    /// Weight of all answers.
    pub turnout: u128,
    pub voters: u32,
}

impl Poll {
    /// A poll with `options` options made at `block` under `config`.
    pub fn open(
        creator: AccountId,
        description: Hash,
        options: u8,
        block: BlockNumber,
        config: &Config,
    ) -> Result<Self, GovernanceError> {
        if !(2..=MAX_OPTIONS).contains(&options) {
            return Err(GovernanceError::BadOptions);
        }
        let (snapshot, end) = voting_window(block, config)?;
        Ok(Self {
            creator,
            description,
            options,
            snapshot,
            end,
            eligible: None,
            turnout: 0,
            voters: 0,
        })
    }

    pub fn state(&self, block: BlockNumber) -> PollState {
        if block <= self.snapshot {
            PollState::Pending
        } else if block <= self.end {
            PollState::Open
        } else {
            PollState::Closed
        }
    }

    /// Checks that `option` may be answered at `block` (before any weight is read).
    pub fn ensure_open(&self, block: BlockNumber, option: u8) -> Result<(), GovernanceError> {
        if option >= self.options {
            return Err(GovernanceError::UnknownOption);
        }
        match self.state(block) {
            PollState::Open => Ok(()),
            PollState::Pending => Err(GovernanceError::VotingNotOpen),
            PollState::Closed => Err(GovernanceError::VotingClosed),
        }
    }

    /// Counts an answer of `weight`; returns the option's new tally from `option_tally`.
    pub fn answer(
        &mut self,
        block: BlockNumber,
        option: u8,
        weight: u128,
        option_tally: u128,
    ) -> Result<u128, GovernanceError> {
        self.ensure_open(block, option)?;
        if weight == 0 {
            return Err(GovernanceError::NoWeight);
        }
        let tally = option_tally.checked_add(weight).ok_or(GovernanceError::Overflow)?;
        self.turnout = self.turnout.checked_add(weight).ok_or(GovernanceError::Overflow)?;
        self.voters = self.voters.checked_add(1).ok_or(GovernanceError::Overflow)?;
        Ok(tally)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{VoteMode, MAX_SPAN};
    use proptest::prelude::*;

    const CONFIG: Config = Config {
        mode: VoteMode::TokenWeighted,
        voting_delay: 2,
        voting_period: 10,
        quorum_bps: 2_000,
        threshold_bps: 5_000,
        execution_delay: 5,
        grace_period: 20,
        proposal_threshold: 0,
    };

    /// Made at block 100: snapshot 102, voting 103..=112.
    fn proposal() -> Proposal {
        Proposal::open(AccountId::from([1; 32]), Hash::default(), 100, &CONFIG).unwrap()
    }

    #[test]
    fn a_proposal_is_pending_then_open_then_decided() {
        let mut p = proposal();
        assert_eq!((p.snapshot, p.end), (102, 112));
        assert_eq!(p.state(102), ProposalState::Pending);
        assert_eq!(p.vote(102, Support::For, 1), Err(GovernanceError::VotingNotOpen));
        assert_eq!(p.state(103), ProposalState::Active);
        assert!(p.fix_eligible(100));
        assert!(!p.fix_eligible(7), "fixed once");
        p.vote(103, Support::For, 30).unwrap();
        assert_eq!(p.vote(103, Support::For, 0), Err(GovernanceError::NoWeight));
        assert_eq!(p.vote(113, Support::For, 1), Err(GovernanceError::VotingClosed));
        assert_eq!(p.state(113), ProposalState::Succeeded);
    }

    #[test]
    fn passed_proposals_expire_when_not_queued_or_executed_in_time() {
        let mut p = proposal();
        p.fix_eligible(100);
        p.vote(103, Support::For, 30).unwrap();
        assert_eq!(p.state(132), ProposalState::Succeeded, "end + grace");
        assert_eq!(p.state(133), ProposalState::Expired);
        assert_eq!(p.clone().queue(133), Err(GovernanceError::Expired));
        assert_eq!(p.deadline(120), Some(132));
        let (eta, expires) = p.queue(120).unwrap();
        assert_eq!((eta, expires), (125, 144));
        assert_eq!(p.deadline(130), Some(144));
        assert_eq!(p.clone().execute(124), Err(GovernanceError::TooEarly));
        assert_eq!(p.state(144), ProposalState::Queued);
        assert_eq!(p.state(145), ProposalState::Expired);
        assert_eq!(p.clone().execute(145), Err(GovernanceError::Expired));
        p.execute(144).unwrap();
        assert_eq!(p.state(10_000), ProposalState::Executed, "executed never expires");
    }

    #[test]
    fn the_proposer_cancels_only_while_voting_is_open() {
        let mut p = proposal();
        assert_eq!(p.clone().cancel(112, Canceller::Proposer), Ok(()));
        assert_eq!(
            p.clone().cancel(113, Canceller::Proposer),
            Err(GovernanceError::VotingClosed)
        );
        p.cancel(150, Canceller::Admin).unwrap();
        assert_eq!(p.cancel(150, Canceller::Admin), Err(GovernanceError::Cancelled));
    }

    #[test]
    fn without_a_vote_the_eligible_weight_is_unknown_and_nothing_passes() {
        let p = proposal();
        assert_eq!(p.eligible, None);
        assert_eq!(p.state(113), ProposalState::Defeated);
    }

    #[test]
    fn polls_open_after_their_snapshot() {
        let mut poll = Poll::open(AccountId::from([1; 32]), Hash::default(), 3, 50, &CONFIG).unwrap();
        assert_eq!(poll.answer(52, 0, 1, 0), Err(GovernanceError::VotingNotOpen));
        assert_eq!(poll.answer(53, 3, 1, 0), Err(GovernanceError::UnknownOption));
        assert_eq!(poll.answer(53, 1, 4, 6), Ok(10));
        assert_eq!(poll.answer(63, 1, 4, 0), Err(GovernanceError::VotingClosed));
        assert_eq!(
            Poll::open(AccountId::from([1; 32]), Hash::default(), 1, 50, &CONFIG),
            Err(GovernanceError::BadOptions)
        );
    }

    proptest! {
        /// A proposal's state only moves forward with the block:
        /// Pending, Active, then Defeated or Succeeded, Queued, Expired.
        #[test]
        fn states_move_forward(votes in 0u128..100, queue_at in 0u32..60, eligible in 1u128..100) {
            let order = |s: ProposalState| match s {
                ProposalState::Pending => 0,
                ProposalState::Active => 1,
                ProposalState::Defeated | ProposalState::Succeeded => 2,
                ProposalState::Queued => 3,
                ProposalState::Expired => 4,
                ProposalState::Executed | ProposalState::Cancelled => 5,
            };
            let mut p = proposal();
            p.fix_eligible(eligible);
            if votes > 0 {
                p.vote(103, Support::For, votes).unwrap();
            }
            let queued = p.clone().queue(113 + queue_at).is_ok().then(|| {
                let mut q = p.clone();
                q.queue(113 + queue_at).unwrap();
                q
            });
            for proposal in [Some(p), queued].into_iter().flatten() {
                let mut last = 0;
                for block in 90..200 {
                    let now = order(proposal.state(block));
                    prop_assert!(now >= last, "back from {} to {} at {}", last, now, block);
                    last = now;
                }
            }
        }

        /// Every configuration within bounds opens a proposal at any block
        /// below the last five spans, and its deadlines never overflow.
        #[test]
        fn bounded_configs_never_strand_a_proposal(
            delay in 1u32..=MAX_SPAN, period in 1u32..=MAX_SPAN, execution in 0u32..=MAX_SPAN,
            grace in 1u32..=MAX_SPAN, block in 0u32..=(u32::MAX - 5 * MAX_SPAN),
        ) {
            let config = Config { voting_delay: delay, voting_period: period, execution_delay: execution, grace_period: grace, ..CONFIG };
            prop_assert!(config.check().is_ok());
            let mut p = Proposal::open(AccountId::from([1; 32]), Hash::default(), block, &config).unwrap();
            p.fix_eligible(1);
            p.vote(p.snapshot + 1, Support::For, 1).unwrap();
            let at = p.end + grace;
            prop_assert_eq!(p.state(at), ProposalState::Succeeded);
            let (eta, _) = p.queue(at).unwrap();
            prop_assert_eq!(p.clone().execute(eta + grace - 1), Ok(()));
        }
    }
}
