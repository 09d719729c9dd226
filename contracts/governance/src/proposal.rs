//! A proposal's and a poll's rules as plain values: the contract asks them
//! first, writes second, and calls other contracts last. Unit- and
//! property-tested without a chain.

use cos_common::TokenError;
use ink::{
    prelude::vec::Vec,
    primitives::{AccountId, Hash},
};

pub type BlockNumber = u32;

/// Basis points: 10,000 = 100 %.
pub const BPS: u128 = 10_000;
/// The most actions one proposal carries.
pub const MAX_ACTIONS: usize = 8;
/// The most bytes of SCALE-encoded arguments one call action carries.
pub const MAX_INPUT: usize = 1_024;
/// The most options a poll offers.
pub const MAX_OPTIONS: u8 = 16;
/// The most members the constructor takes (more join by `add_member` or by
/// proposal): bounds the constructor's loop.
pub const MAX_INITIAL_MEMBERS: usize = 64;

/// How votes are weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum VoteMode {
    /// COS votes (COS Credit's checkpoints) at the proposal's snapshot block:
    /// the block before the one it was made in.
    TokenWeighted,
    /// One vote per member who was a member at the snapshot block.
    OneMemberOneVote,
}

/// What a community's governance is deployed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Config {
    pub mode: VoteMode,
    /// Blocks a proposal or poll is open for votes, its own block included.
    pub voting_period: BlockNumber,
    /// Turnout (for + against + abstain) needed, in basis points of the
    /// weight eligible at the snapshot.
    pub quorum_bps: u16,
    /// A proposal passes when `for` is more than this share of `for + against`
    /// (basis points; 5,000: a simple majority).
    pub threshold_bps: u16,
    /// Blocks between queueing a passed proposal and executing it.
    pub execution_delay: BlockNumber,
}

impl Config {
    /// Checks the numbers: a voting period of at least one block, quorum and
    /// threshold at most 100 %.
    pub fn check(&self) -> Result<(), GovernanceError> {
        if self.voting_period == 0 || u128::from(self.quorum_bps) > BPS || u128::from(self.threshold_bps) >= BPS {
            return Err(GovernanceError::BadConfig);
        }
        Ok(())
    }
}

/// A vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Support {
    Against,
    For,
    Abstain,
}

/// What a passed proposal does, in order, all or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
#[allow(clippy::cast_possible_truncation)]
pub enum Action {
    /// Calls `selector` of the contract at `callee` with `input` (its
    /// arguments, SCALE-encoded). The call fails the execution if it traps or
    /// returns an `Err` (a return value whose encoding starts with `1`: the
    /// messages governance drives return `Result`).
    Call {
        callee: AccountId,
        selector: [u8; 4],
        input: Vec<u8>,
    },
    /// Adds a member (one member one vote).
    AddMember(AccountId),
    /// Removes a member.
    RemoveMember(AccountId),
    /// Accepts an executed resolution as done (its follow-up).
    Accept(u32),
}

/// Where a proposal stands, as anyone can query it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum ProposalState {
    /// Open for votes.
    Active,
    /// Voting ended short of the quorum or of the threshold.
    Defeated,
    /// Voting ended and it passed: anyone may queue it.
    Succeeded,
    /// Queued: executable from its `eta` block.
    Queued,
    /// Its actions ran.
    Executed,
    /// Cancelled by its proposer or the admin before it was executed.
    Cancelled,
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

/// Every way a governance call can fail. A failed call changes nothing.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum GovernanceError {
    /// The caller is not the admin.
    NotOwner,
    /// The caller is not the pending admin.
    NotPendingOwner,
    /// Only the proposer or the admin cancels.
    NotProposer,
    /// Only members propose, vote and answer (one member one vote).
    NotMember,
    AlreadyMember,
    /// More than `MAX_INITIAL_MEMBERS` members given to the constructor.
    TooManyMembers,
    /// The voting period is zero, or the quorum or threshold above 100 %.
    BadConfig,
    UnknownProposal,
    UnknownPoll,
    /// The caller had no weight at the snapshot (no COS votes, or not yet a member).
    NoWeight,
    /// One vote per account.
    AlreadyVoted,
    /// The voting period is over.
    VotingClosed,
    /// Only a proposal that passed can be queued.
    NotSucceeded,
    /// Only a queued proposal can be executed.
    NotQueued,
    /// The execution delay has not passed.
    TooEarly,
    /// Already executed (or, for a cancellation, too late).
    AlreadyExecuted,
    Cancelled,
    /// Only an executed resolution can be accepted.
    NotExecuted,
    AlreadyAccepted,
    /// More than `MAX_ACTIONS` actions, or a call's input above `MAX_INPUT` bytes.
    TooManyActions,
    /// A poll needs 2 to `MAX_OPTIONS` options.
    BadOptions,
    UnknownOption,
    /// Action `index` returned an error: `output` is the callee's encoded
    /// return value (`Err(...)`). Nothing of the execution remains.
    ActionFailed {
        index: u32,
        output: Vec<u8>,
    },
    /// Action `index` could not be called (no contract there, a trap, out of gas).
    ActionCallFailed {
        index: u32,
    },
    /// COS Credit could not say the caller's weight.
    Token(TokenError),
    Overflow,
}

impl From<cos_common::OwnableError> for GovernanceError {
    fn from(error: cos_common::OwnableError) -> Self {
        match error {
            cos_common::OwnableError::NotOwner => Self::NotOwner,
            cos_common::OwnableError::NotPendingOwner => Self::NotPendingOwner,
        }
    }
}

impl From<TokenError> for GovernanceError {
    fn from(error: TokenError) -> Self {
        Self::Token(error)
    }
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

    /// Whether the tally meets the quorum of `eligible` and the threshold.
    pub fn passes(&self, eligible: u128, quorum_bps: u16, threshold_bps: u16) -> bool {
        let quorum = self.turnout().saturating_mul(BPS) >= eligible.saturating_mul(u128::from(quorum_bps));
        let decided = self.for_votes.saturating_add(self.against);
        let threshold = self.for_votes.saturating_mul(BPS) > decided.saturating_mul(u128::from(threshold_bps));
        quorum && threshold && self.for_votes > 0
    }
}

/// A proposal, as stored (its actions are stored beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Proposal {
    pub proposer: AccountId,
    pub description: Hash,
    /// Weights are read at the end of this block (the one before the proposal's).
    pub snapshot: BlockNumber,
    /// The last block of voting.
    pub end: BlockNumber,
    /// The weight that could vote: COS Credit's total supply or the members, at the snapshot.
    pub eligible: u128,
    pub tally: Tally,
    /// The block from which it may be executed, once queued.
    pub eta: Option<BlockNumber>,
    pub cancelled: bool,
    pub follow_up: FollowUp,
}

impl Proposal {
    /// Where the proposal stands at `block`.
    pub fn state(&self, block: BlockNumber, config: &Config) -> ProposalState {
        if self.follow_up != FollowUp::Pending {
            ProposalState::Executed
        } else if self.cancelled {
            ProposalState::Cancelled
        } else if block <= self.end {
            ProposalState::Active
        } else if !self
            .tally
            .passes(self.eligible, config.quorum_bps, config.threshold_bps)
        {
            ProposalState::Defeated
        } else if self.eta.is_some() {
            ProposalState::Queued
        } else {
            ProposalState::Succeeded
        }
    }

    /// Counts a vote of `weight` (the caller has not voted yet: the contract checks).
    pub fn vote(
        &mut self,
        block: BlockNumber,
        config: &Config,
        support: Support,
        weight: u128,
    ) -> Result<(), GovernanceError> {
        match self.state(block, config) {
            ProposalState::Active => {}
            ProposalState::Cancelled => return Err(GovernanceError::Cancelled),
            _ => return Err(GovernanceError::VotingClosed),
        }
        if weight == 0 {
            return Err(GovernanceError::NoWeight);
        }
        self.tally.add(support, weight)
    }

    /// Queues a passed proposal; returns its `eta`.
    pub fn queue(&mut self, block: BlockNumber, config: &Config) -> Result<BlockNumber, GovernanceError> {
        if self.state(block, config) != ProposalState::Succeeded {
            return Err(GovernanceError::NotSucceeded);
        }
        let eta = block
            .checked_add(config.execution_delay)
            .ok_or(GovernanceError::Overflow)?;
        self.eta = Some(eta);
        Ok(eta)
    }

    /// Marks a queued proposal whose delay has passed as executed.
    pub fn execute(&mut self, block: BlockNumber, config: &Config) -> Result<(), GovernanceError> {
        match self.state(block, config) {
            ProposalState::Queued => {}
            ProposalState::Executed => return Err(GovernanceError::AlreadyExecuted),
            ProposalState::Cancelled => return Err(GovernanceError::Cancelled),
            _ => return Err(GovernanceError::NotQueued),
        }
        if self.eta.is_some_and(|eta| block < eta) {
            return Err(GovernanceError::TooEarly);
        }
        self.follow_up = FollowUp::Executed;
        Ok(())
    }

    /// Cancels before execution.
    pub fn cancel(&mut self) -> Result<(), GovernanceError> {
        if self.follow_up != FollowUp::Pending {
            return Err(GovernanceError::AlreadyExecuted);
        }
        if self.cancelled {
            return Err(GovernanceError::Cancelled);
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

/// A non-binding poll or survey.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Poll {
    pub creator: AccountId,
    pub description: Hash,
    /// Options are numbered `0..options`.
    pub options: u8,
    pub snapshot: BlockNumber,
    pub end: BlockNumber,
    pub eligible: u128,
    /// Weight of all answers.
    pub turnout: u128,
    pub voters: u32,
}

/// Checks a proposal's actions against the bounds.
pub fn check_actions(actions: &[Action]) -> Result<(), GovernanceError> {
    let too_long = actions
        .iter()
        .any(|a| matches!(a, Action::Call { input, .. } if input.len() > MAX_INPUT));
    if actions.len() > MAX_ACTIONS || too_long {
        return Err(GovernanceError::TooManyActions);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CONFIG: Config = Config {
        mode: VoteMode::TokenWeighted,
        voting_period: 10,
        quorum_bps: 2_000,
        threshold_bps: 5_000,
        execution_delay: 5,
    };

    fn proposal(eligible: u128) -> Proposal {
        Proposal {
            proposer: AccountId::from([1; 32]),
            description: Hash::default(),
            snapshot: 99,
            end: 109,
            eligible,
            tally: Tally::default(),
            eta: None,
            cancelled: false,
            follow_up: FollowUp::Pending,
        }
    }

    #[test]
    fn configs_are_checked() {
        assert_eq!(CONFIG.check(), Ok(()));
        for bad in [
            Config {
                voting_period: 0,
                ..CONFIG
            },
            Config {
                quorum_bps: 10_001,
                ..CONFIG
            },
            Config {
                threshold_bps: 10_000,
                ..CONFIG
            },
        ] {
            assert_eq!(bad.check(), Err(GovernanceError::BadConfig));
        }
    }

    #[test]
    fn a_proposal_passes_votes_queues_and_executes_once_in_order() {
        let mut p = proposal(1_000);
        p.vote(100, &CONFIG, Support::For, 150).unwrap();
        p.vote(109, &CONFIG, Support::Against, 100).unwrap();
        assert_eq!(
            p.vote(110, &CONFIG, Support::For, 1),
            Err(GovernanceError::VotingClosed),
            "after the period"
        );
        assert_eq!(p.vote(105, &CONFIG, Support::For, 0), Err(GovernanceError::NoWeight));
        assert_eq!(
            p.queue(109, &CONFIG),
            Err(GovernanceError::NotSucceeded),
            "still active"
        );
        assert_eq!(p.execute(109, &CONFIG), Err(GovernanceError::NotQueued));
        assert_eq!(p.state(110, &CONFIG), ProposalState::Succeeded);
        assert_eq!(
            p.execute(110, &CONFIG),
            Err(GovernanceError::NotQueued),
            "not queued yet"
        );
        assert_eq!(p.queue(110, &CONFIG), Ok(115));
        assert_eq!(
            p.execute(114, &CONFIG),
            Err(GovernanceError::TooEarly),
            "executing early"
        );
        assert_eq!(p.accept(), Err(GovernanceError::NotExecuted));
        assert_eq!(p.execute(115, &CONFIG), Ok(()));
        assert_eq!(p.execute(116, &CONFIG), Err(GovernanceError::AlreadyExecuted));
        assert_eq!(p.cancel(), Err(GovernanceError::AlreadyExecuted));
        assert_eq!(p.accept(), Ok(()));
        assert_eq!(p.accept(), Err(GovernanceError::AlreadyAccepted));
        assert_eq!(p.state(200, &CONFIG), ProposalState::Executed);
    }

    #[test]
    fn defeated_proposals_cannot_be_queued_or_executed() {
        let mut short = proposal(1_000);
        short.vote(100, &CONFIG, Support::For, 199).unwrap();
        assert_eq!(
            short.state(110, &CONFIG),
            ProposalState::Defeated,
            "below the 20 % quorum"
        );
        assert_eq!(short.queue(110, &CONFIG), Err(GovernanceError::NotSucceeded));
        assert_eq!(short.execute(200, &CONFIG), Err(GovernanceError::NotQueued));
        let mut tie = proposal(1_000);
        tie.vote(100, &CONFIG, Support::For, 300).unwrap();
        tie.vote(100, &CONFIG, Support::Against, 300).unwrap();
        assert_eq!(
            tie.state(110, &CONFIG),
            ProposalState::Defeated,
            "a tie is not a majority"
        );
        let mut abstained = proposal(1_000);
        abstained.vote(100, &CONFIG, Support::Abstain, 900).unwrap();
        assert_eq!(abstained.state(110, &CONFIG), ProposalState::Defeated, "no votes for");
    }

    #[test]
    fn cancelled_proposals_take_no_votes_and_never_run() {
        let mut p = proposal(10);
        p.cancel().unwrap();
        assert_eq!(p.cancel(), Err(GovernanceError::Cancelled));
        assert_eq!(p.vote(100, &CONFIG, Support::For, 5), Err(GovernanceError::Cancelled));
        assert_eq!(p.execute(200, &CONFIG), Err(GovernanceError::Cancelled));
    }

    #[test]
    fn actions_are_bounded() {
        let call = |n| Action::Call {
            callee: AccountId::from([2; 32]),
            selector: [0; 4],
            input: vec![0; n],
        };
        assert_eq!(check_actions(&[call(MAX_INPUT)]), Ok(()));
        assert_eq!(
            check_actions(&[call(MAX_INPUT + 1)]),
            Err(GovernanceError::TooManyActions)
        );
        let many: Vec<Action> = (0..=MAX_ACTIONS).map(|_| Action::Accept(0)).collect();
        assert_eq!(check_actions(&many), Err(GovernanceError::TooManyActions));
    }

    proptest! {
        /// Whatever the votes, a proposal passes exactly when the turnout
        /// meets the quorum and `for` beats the threshold of `for + against`;
        /// the tally is the sum of the weights counted.
        #[test]
        fn the_tally_is_the_sum_and_passing_is_the_rule(
            eligible in 1u128..1_000_000,
            votes in prop::collection::vec((0u8..3, 0u128..100_000), 0..30),
        ) {
            let mut p = proposal(eligible);
            let (mut f, mut a, mut ab) = (0u128, 0u128, 0u128);
            for (support, weight) in votes {
                let support = [Support::Against, Support::For, Support::Abstain][support as usize];
                if p.vote(100, &CONFIG, support, weight).is_ok() {
                    match support { Support::For => f += weight, Support::Against => a += weight, Support::Abstain => ab += weight }
                }
            }
            prop_assert_eq!((p.tally.for_votes, p.tally.against, p.tally.abstain), (f, a, ab));
            let passes = (f + a + ab) * 10_000 >= eligible * 2_000 && f * 10_000 > (f + a) * 5_000 && f > 0;
            prop_assert_eq!(p.state(110, &CONFIG) == ProposalState::Succeeded, passes);
        }
    }
}
