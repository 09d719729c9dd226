//! What a governance is deployed with, bounded so that no proposal can ever
//! be stranded by its own arithmetic.
//!
//! **The threat**: a `voting_period` or `execution_delay` near `u32::MAX`
//! deployed fine and then made every proposal fail (`Overflow` at propose, or
//! a `Succeeded` proposal that could never be queued). Every span is now at
//! most [`MAX_SPAN`] blocks (a year of 6-second blocks), checked at
//! deployment and at every change, so a proposal's last deadline (its
//! snapshot, voting, queueing, delay and execution window: at most five
//! spans) fits in a block number for the next eight centuries.
//!
//! **The rules a proposal is made under** ([`Rules`]) are copied into it: a
//! later change of the configuration (by proposal, [`crate::Action::SetConfig`])
//! applies to proposals made after it, never to one already open.

use crate::errors::GovernanceError;

pub type BlockNumber = u32;

/// The longest span of blocks a configuration may set: a year of 6-second blocks.
pub const MAX_SPAN: BlockNumber = 5_256_000;

/// How votes are weighed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum VoteMode {
    /// COS votes (COS Credit's checkpoints) at the end of the proposal's
    /// snapshot block.
    TokenWeighted,
    /// One vote per account that was a member at the end of the snapshot block.
    OneMemberOneVote,
}

/// What a community's governance is deployed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Config {
    pub mode: VoteMode,
    /// Blocks from a proposal's block to its snapshot (at least 1): weights
    /// are read at the end of the snapshot block, and voting opens in the
    /// block after it. The proposal is public before its weights are fixed,
    /// so COS borrowed across one block boundary does not vote.
    pub voting_delay: BlockNumber,
    /// Blocks of voting, after the snapshot.
    pub voting_period: BlockNumber,
    /// Turnout (for + against + abstain) needed, in basis points of the
    /// weight eligible at the snapshot.
    pub quorum_bps: u16,
    /// A proposal passes when `for` is more than this share of `for + against`
    /// (basis points; 5,000: a simple majority).
    pub threshold_bps: u16,
    /// Blocks between queueing a passed proposal and executing it.
    pub execution_delay: BlockNumber,
    /// Blocks a passed proposal may wait to be queued, and a queued one to be
    /// executed once its delay has passed; after that it has expired.
    pub grace_period: BlockNumber,
    /// The weight needed to propose or open a poll, in the block before
    /// (COS votes; at most 1 in one-member-one-vote mode, where it is
    /// membership). 0 and 1 both mean "any weight".
    pub proposal_threshold: u128,
}

/// The part of the configuration a proposal keeps for itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Rules {
    pub quorum_bps: u16,
    pub threshold_bps: u16,
    pub execution_delay: BlockNumber,
    pub grace_period: BlockNumber,
}

/// Which part of a configuration is out of bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum ConfigProblem {
    /// `voting_delay` is 0 or above `MAX_SPAN`.
    VotingDelay,
    /// `voting_period` is 0 or above `MAX_SPAN`.
    VotingPeriod,
    /// `quorum_bps` is above 10,000.
    Quorum,
    /// `threshold_bps` is 10,000 or more.
    Threshold,
    /// `execution_delay` is above `MAX_SPAN`.
    ExecutionDelay,
    /// `grace_period` is 0 or above `MAX_SPAN`.
    GracePeriod,
    /// `proposal_threshold` is above 1 in one-member-one-vote mode.
    ProposalThreshold,
    /// A change may not switch the voting mode.
    Mode,
}

/// Basis points: 10,000 = 100 %.
pub const BPS: u128 = 10_000;

impl Config {
    /// Checks every bound (see [`ConfigProblem`]).
    pub fn check(&self) -> Result<(), GovernanceError> {
        let span = |n: BlockNumber, least: BlockNumber| (least..=MAX_SPAN).contains(&n);
        let problem = if !span(self.voting_delay, 1) {
            Some(ConfigProblem::VotingDelay)
        } else if !span(self.voting_period, 1) {
            Some(ConfigProblem::VotingPeriod)
        } else if u128::from(self.quorum_bps) > BPS {
            Some(ConfigProblem::Quorum)
        } else if u128::from(self.threshold_bps) >= BPS {
            Some(ConfigProblem::Threshold)
        } else if !span(self.execution_delay, 0) {
            Some(ConfigProblem::ExecutionDelay)
        } else if !span(self.grace_period, 1) {
            Some(ConfigProblem::GracePeriod)
        } else if self.mode == VoteMode::OneMemberOneVote && self.proposal_threshold > 1 {
            Some(ConfigProblem::ProposalThreshold)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(GovernanceError::BadConfig(problem)),
            None => Ok(()),
        }
    }

    /// Checks `new` as a change of this configuration: within bounds, and in
    /// the same voting mode (weights of open proposals are read by mode).
    pub fn check_change(&self, new: &Config) -> Result<(), GovernanceError> {
        new.check()?;
        if new.mode != self.mode {
            return Err(GovernanceError::BadConfig(ConfigProblem::Mode));
        }
        Ok(())
    }

    /// The rules a proposal made now keeps.
    pub fn rules(&self) -> Rules {
        Rules {
            quorum_bps: self.quorum_bps,
            threshold_bps: self.threshold_bps,
            execution_delay: self.execution_delay,
            grace_period: self.grace_period,
        }
    }

    /// The least weight that proposes: the threshold, and at least 1.
    pub fn min_weight(&self) -> u128 {
        self.proposal_threshold.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub const CONFIG: Config = Config {
        mode: VoteMode::TokenWeighted,
        voting_delay: 1,
        voting_period: 10,
        quorum_bps: 2_000,
        threshold_bps: 5_000,
        execution_delay: 5,
        grace_period: 20,
        proposal_threshold: 0,
    };

    #[test]
    fn every_bound_is_named() {
        assert_eq!(CONFIG.check(), Ok(()));
        let bad = |config: Config, problem| assert_eq!(config.check(), Err(GovernanceError::BadConfig(problem)));
        bad(
            Config {
                voting_delay: 0,
                ..CONFIG
            },
            ConfigProblem::VotingDelay,
        );
        bad(
            Config {
                voting_delay: MAX_SPAN + 1,
                ..CONFIG
            },
            ConfigProblem::VotingDelay,
        );
        bad(
            Config {
                voting_period: 0,
                ..CONFIG
            },
            ConfigProblem::VotingPeriod,
        );
        bad(
            Config {
                voting_period: u32::MAX,
                ..CONFIG
            },
            ConfigProblem::VotingPeriod,
        );
        bad(
            Config {
                quorum_bps: 10_001,
                ..CONFIG
            },
            ConfigProblem::Quorum,
        );
        bad(
            Config {
                threshold_bps: 10_000,
                ..CONFIG
            },
            ConfigProblem::Threshold,
        );
        bad(
            Config {
                execution_delay: u32::MAX,
                ..CONFIG
            },
            ConfigProblem::ExecutionDelay,
        );
        bad(
            Config {
                grace_period: 0,
                ..CONFIG
            },
            ConfigProblem::GracePeriod,
        );
        bad(
            Config {
                mode: VoteMode::OneMemberOneVote,
                proposal_threshold: 2,
                ..CONFIG
            },
            ConfigProblem::ProposalThreshold,
        );
        assert_eq!(
            CONFIG.check_change(&Config {
                mode: VoteMode::OneMemberOneVote,
                ..CONFIG
            }),
            Err(GovernanceError::BadConfig(ConfigProblem::Mode))
        );
        assert_eq!(
            CONFIG.check_change(&Config {
                quorum_bps: 9_000,
                ..CONFIG
            }),
            Ok(())
        );
    }

    proptest! {
        /// Exactly the configurations within the bounds pass.
        #[test]
        fn check_accepts_exactly_the_bounded(
            delay in 0u32..=MAX_SPAN + 1, period in 0u32..=MAX_SPAN + 1, execution in 0u32..=MAX_SPAN + 1,
            grace in 0u32..=MAX_SPAN + 1, quorum in 0u16..=10_001, threshold in 0u16..=10_001,
        ) {
            let config = Config { voting_delay: delay, voting_period: period, execution_delay: execution, grace_period: grace, quorum_bps: quorum, threshold_bps: threshold, ..CONFIG };
            let bounded = (1..=MAX_SPAN).contains(&delay) && (1..=MAX_SPAN).contains(&period) && execution <= MAX_SPAN
                && (1..=MAX_SPAN).contains(&grace) && quorum <= 10_000 && threshold < 10_000;
            prop_assert_eq!(config.check().is_ok(), bounded);
        }
    }
}
