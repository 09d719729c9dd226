//! What a passed proposal does, and how a call's reply is judged.
//!
//! **Self-calls**: a call to the governance's own address traps (the chain
//! refuses re-entry, and ink! would write the outer message's state over the
//! inner one's anyway), so what such a call would do is a typed action:
//! [`Action::SetConfig`], [`Action::TransferAdmin`], [`Action::AcceptAdmin`],
//! [`Action::Cancel`], beside [`Action::AddMember`], [`Action::RemoveMember`]
//! and [`Action::Accept`]; a `Call` to itself is refused when proposed
//! ([`check_actions`]), never queued to trap.
//!
//! **Replies**: a call's reply is read as its callee declares its return type
//! ([`Reply`]): only a `Result` that is not `Ok` fails the execution, so a
//! message returning `true` or `Some(..)` (whose encoding starts with 1) is
//! not mistaken for an error.

use crate::{config::Config, errors::GovernanceError};
use cos_common::AccountId;
use ink::prelude::vec::Vec;

/// The most actions one proposal carries.
pub const MAX_ACTIONS: usize = 8;
/// The most bytes of SCALE-encoded arguments one call action carries: each
/// action is stored in a cell of its own, and a call at this bound fills one
/// [`cos_common::MAX_CELL_BYTES`] cell exactly with a 32-byte account
/// (`1 + 32 + 4 + 2 + 376 + 1`), 12 bytes less with a 20-byte address. Enough
/// for any message of a few arguments (a transfer's are 49 bytes).
pub const MAX_INPUT: usize = 376;

/// How a call's reply is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Reply {
    /// The message returns a `Result`: the call succeeds only if it is `Ok`.
    Result,
    /// The message returns a value (`bool`, `Option`, `()`, ...): the call
    /// succeeds if the callee answered at all.
    Value,
}

impl Reply {
    /// Whether `output` (the message's return value, encoded) is a failure.
    pub fn failed(self, output: &[u8]) -> bool {
        match self {
            Reply::Result => output.first() != Some(&0),
            Reply::Value => false,
        }
    }
}

/// What a passed proposal does, in order, all or nothing. Variants keep their
/// places (their SCALE index); new ones come last.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
#[allow(clippy::cast_possible_truncation)]
pub enum Action {
    /// Calls `selector` of the contract at `callee` (never the governance
    /// itself) with `input` (its arguments, SCALE-encoded). The execution
    /// fails if the call traps, or if its reply fails as `reply` declares.
    Call {
        callee: AccountId,
        selector: [u8; 4],
        input: Vec<u8>,
        reply: Reply,
    },
    /// Adds a member (one member one vote).
    AddMember(AccountId),
    /// Removes a member.
    RemoveMember(AccountId),
    /// Accepts an executed resolution as done (its follow-up).
    Accept(u32),
    /// Replaces the configuration (same voting mode, within bounds) for
    /// proposals made from then on.
    SetConfig(Config),
    /// Offers the admin role (the governance must hold it), or withdraws the offer.
    TransferAdmin(Option<AccountId>),
    /// Takes the admin role offered to the governance.
    AcceptAdmin,
    /// Cancels a proposal not yet executed.
    Cancel(u32),
}

/// Checks a proposal's actions when it is made: the bounds, no call to the
/// governance itself (`this`), and configurations within bounds.
pub fn check_actions(actions: &[Action], this: AccountId, config: &Config) -> Result<(), GovernanceError> {
    if actions.len() > MAX_ACTIONS {
        return Err(GovernanceError::TooManyActions);
    }
    for (index, action) in actions.iter().enumerate() {
        let index = u32::try_from(index).map_err(|_| GovernanceError::Overflow)?;
        match action {
            Action::Call { input, .. } if input.len() > MAX_INPUT => {
                return Err(GovernanceError::InputTooLong { index })
            }
            Action::Call { callee, .. } if *callee == this => return Err(GovernanceError::SelfCall { index }),
            Action::SetConfig(new) => config.check_change(new)?,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigProblem, VoteMode};
    use ink::scale::Encode;

    #[test]
    fn replies_are_judged_by_their_declared_type() {
        let ok: Result<(), u8> = Ok(());
        let err: Result<(), u8> = Err(3);
        assert!(!Reply::Result.failed(&ok.encode()));
        assert!(Reply::Result.failed(&err.encode()));
        assert!(Reply::Result.failed(&[]), "an empty reply is no Ok");
        for value in [
            true.encode(),
            Some(5u32).encode(),
            ().encode(),
            "COS".encode(),
            1u8.encode(),
        ] {
            assert!(!Reply::Value.failed(&value), "{value:?}");
        }
        assert!(
            Reply::Result.failed(&true.encode()),
            "a misdeclared reply fails, never passes"
        );
    }

    #[test]
    fn actions_are_checked_when_proposed() {
        let config = Config {
            mode: VoteMode::TokenWeighted,
            voting_delay: 1,
            voting_period: 10,
            quorum_bps: 0,
            threshold_bps: 5_000,
            execution_delay: 0,
            grace_period: 10,
            proposal_threshold: 0,
        };
        let this = AccountId::from([7; 32]);
        let call = |callee, input: Vec<u8>| Action::Call {
            callee,
            selector: [0; 4],
            input,
            reply: Reply::Result,
        };
        assert_eq!(
            check_actions(&[call(AccountId::from([1; 32]), vec![])], this, &config),
            Ok(())
        );
        assert_eq!(
            check_actions(&[Action::Accept(0), call(this, vec![])], this, &config),
            Err(GovernanceError::SelfCall { index: 1 })
        );
        assert_eq!(
            check_actions(&[call(AccountId::from([1; 32]), vec![0; MAX_INPUT])], this, &config),
            Ok(())
        );
        assert_eq!(
            check_actions(
                &[
                    Action::Accept(0),
                    call(AccountId::from([1; 32]), vec![0; MAX_INPUT + 1])
                ],
                this,
                &config
            ),
            Err(GovernanceError::InputTooLong { index: 1 })
        );
        assert_eq!(
            check_actions(&vec![Action::AcceptAdmin; MAX_ACTIONS + 1], this, &config),
            Err(GovernanceError::TooManyActions)
        );
        let bad = Config {
            execution_delay: u32::MAX,
            ..config
        };
        assert_eq!(
            check_actions(&[Action::SetConfig(bad)], this, &config),
            Err(GovernanceError::BadConfig(ConfigProblem::ExecutionDelay))
        );
    }

    #[test]
    fn every_action_fits_one_storage_cell() {
        // The largest action (a call at `MAX_INPUT`) with the largest account
        // (32 bytes on pallet-contracts; 20 on pallet-revive).
        let largest = Action::Call {
            callee: AccountId::from([0xff; 32]),
            selector: [0xff; 4],
            input: vec![0xff; MAX_INPUT],
            reply: Reply::Value,
        };
        assert_eq!(largest.encoded_size(), cos_common::MAX_CELL_BYTES);
        let config = Config {
            mode: VoteMode::TokenWeighted,
            voting_delay: u32::MAX,
            voting_period: u32::MAX,
            quorum_bps: u16::MAX,
            threshold_bps: u16::MAX,
            execution_delay: u32::MAX,
            grace_period: u32::MAX,
            proposal_threshold: u128::MAX,
        };
        for other in [
            Action::SetConfig(config),
            Action::TransferAdmin(Some(AccountId::from([0xff; 32]))),
            Action::AddMember(AccountId::from([0xff; 32])),
        ] {
            assert!(other.encoded_size() < largest.encoded_size(), "{other:?}");
        }
    }
}
