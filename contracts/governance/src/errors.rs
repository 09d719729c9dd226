//! Every way a governance call can fail. A failed call changes nothing.
//! Variants keep their places (their SCALE index); new ones come last.

use crate::config::ConfigProblem;
use cos_common::TokenError;
use ink::prelude::vec::Vec;

#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum GovernanceError {
    /// The caller is not the admin.
    NotOwner,
    /// The caller is not the pending admin.
    NotPendingOwner,
    /// Only the proposer (while voting is open) or the admin cancels.
    NotProposer,
    /// Only members propose, vote and answer (one member one vote): the
    /// caller was not a member at the snapshot (or, to propose, in the block
    /// before).
    NotMember,
    AlreadyMember,
    /// More than `MAX_INITIAL_MEMBERS` members given to the constructor.
    TooManyMembers,
    /// A configuration out of bounds: which part.
    BadConfig(ConfigProblem),
    UnknownProposal,
    UnknownPoll,
    /// The caller had no weight at the snapshot (no COS votes, or a member
    /// who joined after it).
    NoWeight,
    /// One vote per account.
    AlreadyVoted,
    /// The voting period is over (or, for the proposer's cancellation, voting has ended).
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
    /// More than `MAX_ACTIONS` actions.
    TooManyActions,
    /// A poll needs 2 to `MAX_OPTIONS` options.
    BadOptions,
    UnknownOption,
    /// Action `index` failed by its declared reply (a `Result` reply that is
    /// not `Ok`): `output` is the callee's encoded return value. Nothing of
    /// the execution remains.
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
    /// Voting has not opened yet: it opens after the snapshot block.
    VotingNotOpen,
    /// The proposal was not queued, or not executed, within its grace period.
    Expired,
    /// Action `index` calls the governance itself: use the typed actions
    /// (`SetConfig`, `TransferAdmin`, `AcceptAdmin`, `Cancel`, `AddMember`, ...).
    SelfCall {
        index: u32,
    },
    /// The caller's COS votes in the block before are below the proposal threshold.
    BelowProposalThreshold,
    /// Action `index` is a call whose input is above `MAX_INPUT` bytes (each
    /// action must fit one storage cell).
    InputTooLong {
        index: u32,
    },
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
