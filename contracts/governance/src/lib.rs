//! # COS governance
//!
//! A community decides together and its decisions take effect on-chain
//! (SPEC.md C6; white paper 000, "社区决策系统": discussion, vote, resolution,
//! follow-up of its execution and acceptance). Deployed per community with
//! COS Credit's address and a [`Config`]:
//!
//! - **vote weight**: [`VoteMode::TokenWeighted`], COS votes at the proposal's
//!   snapshot block (the block before the proposal's, read from COS Credit's
//!   checkpoints, so COS moved afterwards changes nothing), or
//!   [`VoteMode::OneMemberOneVote`] over a member list that governance manages
//!   (by the admin, or by proposal);
//! - [`propose`](governance::Governance::propose) with a description hash and
//!   up to [`MAX_ACTIONS`] [`Action`]s; [`vote`](governance::Governance::vote)
//!   for, against or abstain, once per account, during the voting period; a
//!   proposal passes with the quorum (turnout in basis points of the weight
//!   eligible at the snapshot) and `for` above the threshold of `for +
//!   against`; anyone [`queue`](governance::Governance::queue)s it, and
//!   [`execute`](governance::Governance::execute)s it once the execution delay
//!   has passed;
//! - a passed proposal's actions run in order, **all or nothing**: if one fails
//!   (the callee returns an `Err` or traps), `execute` fails with
//!   `ActionFailed { index, output }` (the callee's encoded error), every
//!   earlier action is undone with it, and the proposal stays `Queued`: it can
//!   be executed again once what made the action fail is fixed;
//! - resolutions carry a follow-up: `Executed`, then `Accepted` as done by the
//!   admin or by a later proposal ([`Action::Accept`]);
//! - non-binding [`create_poll`](governance::Governance::create_poll)s with 2 to
//!   [`MAX_OPTIONS`] options, one answer per account, weighed the same way.
//!
//! Governance owns other contracts the usual way: their owner offers
//! ownership to it (`transfer_ownership`), and a proposal whose action calls
//! their `accept_ownership` takes it; later proposals call their admin messages
//! (a sub-token's `set_fee`, donation quota's `set_operator`).

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod events;
pub mod proposal;

pub use cos_common::CommunityRef;
pub use proposal::{
    Action, BlockNumber, Config, FollowUp, GovernanceError, Poll, Proposal, ProposalState, Support, Tally, VoteMode,
    MAX_ACTIONS, MAX_INITIAL_MEMBERS, MAX_INPUT, MAX_OPTIONS,
};

/// Call arguments already SCALE-encoded, written as they are.
struct RawInput<'a>(&'a [u8]);

impl ink::scale::Encode for RawInput<'_> {
    fn size_hint(&self) -> usize {
        self.0.len()
    }

    fn encode_to<T: ink::scale::Output + ?Sized>(&self, dest: &mut T) {
        dest.write(self.0);
    }
}

/// A callee's return value, kept encoded (whatever its type).
struct RawOutput(ink::prelude::vec::Vec<u8>);

impl ink::scale::Decode for RawOutput {
    fn decode<I: ink::scale::Input>(input: &mut I) -> Result<Self, ink::scale::Error> {
        let len = input.remaining_len()?.unwrap_or(0);
        let mut bytes = ink::prelude::vec![0u8; len];
        input.read(&mut bytes)?;
        Ok(Self(bytes))
    }
}

#[ink::contract]
pub mod governance {
    use crate::{
        events::{
            GovernanceCreated, MemberAdded, MemberRemoved, PollAnswered, PollCreated, ProposalCancelled,
            ProposalCreated, ProposalExecuted, ProposalQueued, ResolutionAccepted, VoteCast,
        },
        proposal::{check_actions, FollowUp, Tally, MAX_INITIAL_MEMBERS, MAX_OPTIONS},
        Action, Config, GovernanceError, Poll, Proposal, ProposalState, RawInput, RawOutput, Support, VoteMode,
    };
    use cos_common::{token::CreditClient, CommunityRef, Ownable};
    use ink::{
        env::call::{build_call, ExecutionInput, Selector},
        prelude::vec::Vec,
        storage::Mapping,
    };

    /// A community's proposals, votes, members and polls.
    #[ink(storage)]
    pub struct Governance {
        credit: AccountId,
        config: Config,
        /// The community it decides for (for readers: the explorer lists a
        /// community's decisions by it; nothing checks it).
        community: Option<CommunityRef>,
        /// The admin: manages members, cancels, accepts resolutions (may be
        /// handed to governance itself).
        admin: Ownable,
        /// Members and the block they joined.
        members: Mapping<AccountId, BlockNumber>,
        member_count: u32,
        proposals: Mapping<u32, Proposal>,
        actions: Mapping<u32, Vec<Action>>,
        proposal_count: u32,
        /// Who voted on what.
        votes: Mapping<(u32, AccountId), Support>,
        polls: Mapping<u32, Poll>,
        poll_count: u32,
        /// Weight per option of each poll.
        poll_tallies: Mapping<(u32, u8), Balance>,
        /// Who answered which poll with which option.
        answers: Mapping<(u32, AccountId), u8>,
    }

    impl Governance {
        /// Deploys governance for the COS Credit at `credit`, deciding for
        /// `community` (a donation quota contract and the community's number
        /// there, for readers); the caller is the admin; `members` start as
        /// members (one member one vote; at most `MAX_INITIAL_MEMBERS`).
        ///
        /// # Errors
        /// `BadConfig`, `TooManyMembers`, `AlreadyMember` (a member listed twice).
        ///
        /// # Events
        /// `GovernanceCreated`, then `MemberAdded` per member.
        #[ink(constructor)]
        pub fn new(
            credit: AccountId,
            config: Config,
            community: Option<CommunityRef>,
            members: Vec<AccountId>,
        ) -> Result<Self, GovernanceError> {
            config.check()?;
            if members.len() > MAX_INITIAL_MEMBERS {
                return Err(GovernanceError::TooManyMembers);
            }
            let mut governance = Self {
                credit,
                config,
                community,
                admin: Ownable::new(Self::env().caller()),
                members: Mapping::default(),
                member_count: 0,
                proposals: Mapping::default(),
                actions: Mapping::default(),
                proposal_count: 0,
                votes: Mapping::default(),
                polls: Mapping::default(),
                poll_count: 0,
                poll_tallies: Mapping::default(),
                answers: Mapping::default(),
            };
            Self::env().emit_event(GovernanceCreated {
                credit,
                config,
                community,
            });
            for member in members {
                governance.insert_member(member)?;
            }
            Ok(governance)
        }

        fn block(&self) -> BlockNumber {
            self.env().block_number()
        }

        fn snapshot(&self) -> BlockNumber {
            self.block().saturating_sub(1)
        }

        fn insert_member(&mut self, account: AccountId) -> Result<(), GovernanceError> {
            if self.members.contains(account) {
                return Err(GovernanceError::AlreadyMember);
            }
            self.member_count = self.member_count.checked_add(1).ok_or(GovernanceError::Overflow)?;
            self.members.insert(account, &self.block());
            self.env().emit_event(MemberAdded {
                account,
                members: self.member_count,
            });
            Ok(())
        }

        fn delete_member(&mut self, account: AccountId) -> Result<(), GovernanceError> {
            if self.members.take(account).is_none() {
                return Err(GovernanceError::NotMember);
            }
            self.member_count = self.member_count.saturating_sub(1);
            self.env().emit_event(MemberRemoved {
                account,
                members: self.member_count,
            });
            Ok(())
        }

        /// What could vote at `snapshot`: COS Credit's total supply, or the members.
        fn eligible(&self, snapshot: BlockNumber) -> Result<Balance, GovernanceError> {
            match self.config.mode {
                VoteMode::TokenWeighted => Ok(CreditClient::new(self.credit).past_total_supply(snapshot)?),
                VoteMode::OneMemberOneVote => Ok(Balance::from(self.member_count)),
            }
        }

        /// `account`'s weight at `snapshot`: its COS votes, or 1 for a member
        /// who joined by then.
        fn weight(&self, account: AccountId, snapshot: BlockNumber) -> Result<Balance, GovernanceError> {
            match self.config.mode {
                VoteMode::TokenWeighted => Ok(CreditClient::new(self.credit).past_votes(account, snapshot)?),
                VoteMode::OneMemberOneVote => match self.members.get(account) {
                    Some(joined) if joined <= snapshot => Ok(1),
                    Some(_) => Ok(0),
                    None => Err(GovernanceError::NotMember),
                },
            }
        }

        /// Proposers and poll creators: members (one member one vote) or
        /// holders of COS votes at the snapshot (token-weighted).
        fn ensure_can_propose(&self, account: AccountId, snapshot: BlockNumber) -> Result<(), GovernanceError> {
            if self.weight(account, snapshot)? == 0 && self.config.mode == VoteMode::TokenWeighted {
                return Err(GovernanceError::NoWeight);
            }
            Ok(())
        }

        fn load(&self, id: u32) -> Result<Proposal, GovernanceError> {
            self.proposals.get(id).ok_or(GovernanceError::UnknownProposal)
        }

        /// Proposes `actions` (run in order, all or nothing, if it passes),
        /// described by `description` (the hash of the text kept off-chain).
        /// Voting is open from this block for `voting_period` blocks; weights
        /// are read at the block before this one. Returns the proposal's id.
        ///
        /// # Errors
        /// `NotMember` / `NoWeight` (the proposer cannot vote),
        /// `TooManyActions`, `Token`, `Overflow`.
        ///
        /// # Events
        /// `ProposalCreated`.
        #[ink(message)]
        pub fn propose(&mut self, description: Hash, actions: Vec<Action>) -> Result<u32, GovernanceError> {
            let proposer = self.env().caller();
            check_actions(&actions)?;
            let snapshot = self.snapshot();
            self.ensure_can_propose(proposer, snapshot)?;
            let eligible = self.eligible(snapshot)?;
            let end = self
                .block()
                .checked_add(self.config.voting_period.saturating_sub(1))
                .ok_or(GovernanceError::Overflow)?;
            let id = self.proposal_count;
            self.proposal_count = id.checked_add(1).ok_or(GovernanceError::Overflow)?;
            self.proposals.insert(
                id,
                &Proposal {
                    proposer,
                    description,
                    snapshot,
                    end,
                    eligible,
                    tally: Tally::default(),
                    eta: None,
                    cancelled: false,
                    follow_up: FollowUp::Pending,
                },
            );
            self.actions.insert(id, &actions);
            self.env().emit_event(ProposalCreated {
                id,
                proposer,
                description,
                snapshot,
                end,
                eligible,
                actions,
            });
            Ok(id)
        }

        /// Votes on proposal `id` with the caller's weight at its snapshot,
        /// once, during its voting period.
        ///
        /// # Errors
        /// `UnknownProposal`, `AlreadyVoted`, `VotingClosed`, `Cancelled`,
        /// `NotMember` / `NoWeight`, `Token`, `Overflow`.
        ///
        /// # Events
        /// `VoteCast`.
        #[ink(message)]
        pub fn vote(&mut self, id: u32, support: Support) -> Result<(), GovernanceError> {
            let voter = self.env().caller();
            let mut proposal = self.load(id)?;
            if self.votes.contains((id, voter)) {
                return Err(GovernanceError::AlreadyVoted);
            }
            // The period first: a closed proposal says so before any weight lookup.
            if proposal.state(self.block(), &self.config) != ProposalState::Active {
                return proposal.vote(self.block(), &self.config, support, 0);
            }
            let weight = self.weight(voter, proposal.snapshot)?;
            proposal.vote(self.block(), &self.config, support, weight)?;
            self.votes.insert((id, voter), &support);
            self.proposals.insert(id, &proposal);
            self.env().emit_event(VoteCast {
                id,
                voter,
                support,
                weight,
            });
            Ok(())
        }

        /// Queues a proposal that passed: executable after the execution delay.
        /// Anyone may call it.
        ///
        /// # Errors
        /// `UnknownProposal`, `NotSucceeded`, `Overflow`.
        ///
        /// # Events
        /// `ProposalQueued`.
        #[ink(message)]
        pub fn queue(&mut self, id: u32) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            let eta = proposal.queue(self.block(), &self.config)?;
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ProposalQueued { id, eta });
            Ok(())
        }

        /// Runs a queued proposal's actions, in order, all or nothing, once its
        /// delay has passed. Anyone may call it. If an action fails, nothing of
        /// the execution remains and the proposal stays queued.
        ///
        /// # Errors
        /// `UnknownProposal`, `NotQueued` (active, defeated or not queued),
        /// `TooEarly`, `AlreadyExecuted`, `Cancelled`, `ActionFailed { index,
        /// output }`, `ActionCallFailed { index }`, and the errors of the
        /// governance actions (`AlreadyMember`, `NotMember`, `NotExecuted`, ...).
        ///
        /// # Events
        /// `ProposalExecuted`, and those of its actions.
        #[ink(message)]
        pub fn execute(&mut self, id: u32) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            proposal.execute(self.block(), &self.config)?;
            // Effects first: a re-entrant call finds it executed.
            self.proposals.insert(id, &proposal);
            let by = self.env().caller();
            self.env().emit_event(ProposalExecuted { id, by });
            let actions = self.actions.get(id).unwrap_or_default();
            for (index, action) in actions.into_iter().enumerate() {
                let index = u32::try_from(index).map_err(|_| GovernanceError::Overflow)?;
                self.run(index, action)?;
            }
            Ok(())
        }

        fn run(&mut self, index: u32, action: Action) -> Result<(), GovernanceError> {
            match action {
                Action::Call {
                    callee,
                    selector,
                    input,
                } => {
                    let output = build_call::<ink::env::DefaultEnvironment>()
                        .call(callee)
                        .exec_input(ExecutionInput::new(Selector::new(selector)).push_arg(RawInput(&input)))
                        .returns::<RawOutput>()
                        .try_invoke()
                        .map_err(|_| GovernanceError::ActionCallFailed { index })?
                        .map_err(|_| GovernanceError::ActionCallFailed { index })?
                        .0;
                    if output.first() == Some(&1) {
                        return Err(GovernanceError::ActionFailed { index, output });
                    }
                    Ok(())
                }
                Action::AddMember(account) => self.insert_member(account),
                Action::RemoveMember(account) => self.delete_member(account),
                Action::Accept(id) => {
                    let by = self.env().account_id();
                    self.accept_resolution(id, by)
                }
            }
        }

        fn accept_resolution(&mut self, id: u32, by: AccountId) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            proposal.accept()?;
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ResolutionAccepted { id, by });
            Ok(())
        }

        /// Cancels proposal `id` before it is executed. Its proposer or the admin.
        ///
        /// # Errors
        /// `UnknownProposal`, `NotProposer`, `AlreadyExecuted`, `Cancelled`.
        ///
        /// # Events
        /// `ProposalCancelled`.
        #[ink(message)]
        pub fn cancel(&mut self, id: u32) -> Result<(), GovernanceError> {
            let by = self.env().caller();
            let mut proposal = self.load(id)?;
            if by != proposal.proposer && by != self.admin.owner() {
                return Err(GovernanceError::NotProposer);
            }
            proposal.cancel()?;
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ProposalCancelled { id, by });
            Ok(())
        }

        /// The admin accepts executed resolution `id` as done (a later
        /// proposal can do the same with `Action::Accept`).
        ///
        /// # Errors
        /// `NotOwner`, `UnknownProposal`, `NotExecuted`, `AlreadyAccepted`.
        ///
        /// # Events
        /// `ResolutionAccepted`.
        #[ink(message)]
        pub fn accept(&mut self, id: u32) -> Result<(), GovernanceError> {
            let by = self.env().caller();
            self.admin.ensure_owner(by)?;
            self.accept_resolution(id, by)
        }

        /// The admin adds a member (proposals can, with `Action::AddMember`).
        ///
        /// # Errors
        /// `NotOwner`, `AlreadyMember`.
        ///
        /// # Events
        /// `MemberAdded`.
        #[ink(message)]
        pub fn add_member(&mut self, account: AccountId) -> Result<(), GovernanceError> {
            self.admin.ensure_owner(self.env().caller())?;
            self.insert_member(account)
        }

        /// The admin removes a member (proposals can, with `Action::RemoveMember`).
        ///
        /// # Errors
        /// `NotOwner`, `NotMember`.
        ///
        /// # Events
        /// `MemberRemoved`.
        #[ink(message)]
        pub fn remove_member(&mut self, account: AccountId) -> Result<(), GovernanceError> {
            self.admin.ensure_owner(self.env().caller())?;
            self.delete_member(account)
        }

        /// Opens a non-binding poll with `options` options (numbered from 0),
        /// answered for `voting_period` blocks, weighed as proposals are.
        ///
        /// # Errors
        /// `BadOptions` (fewer than 2 or more than `MAX_OPTIONS`), `NotMember`
        /// / `NoWeight`, `Token`, `Overflow`.
        ///
        /// # Events
        /// `PollCreated`.
        #[ink(message)]
        pub fn create_poll(&mut self, description: Hash, options: u8) -> Result<u32, GovernanceError> {
            if !(2..=MAX_OPTIONS).contains(&options) {
                return Err(GovernanceError::BadOptions);
            }
            let creator = self.env().caller();
            let snapshot = self.snapshot();
            self.ensure_can_propose(creator, snapshot)?;
            let eligible = self.eligible(snapshot)?;
            let end = self
                .block()
                .checked_add(self.config.voting_period.saturating_sub(1))
                .ok_or(GovernanceError::Overflow)?;
            let id = self.poll_count;
            self.poll_count = id.checked_add(1).ok_or(GovernanceError::Overflow)?;
            self.polls.insert(
                id,
                &Poll {
                    creator,
                    description,
                    options,
                    snapshot,
                    end,
                    eligible,
                    turnout: 0,
                    voters: 0,
                },
            );
            self.env().emit_event(PollCreated {
                id,
                creator,
                description,
                options,
                snapshot,
                end,
                eligible,
            });
            Ok(id)
        }

        /// Answers poll `id` with `option`, once, while it is open.
        ///
        /// # Errors
        /// `UnknownPoll`, `UnknownOption`, `AlreadyVoted`, `VotingClosed`,
        /// `NotMember` / `NoWeight`, `Token`, `Overflow`.
        ///
        /// # Events
        /// `PollAnswered`.
        #[ink(message)]
        pub fn answer(&mut self, id: u32, option: u8) -> Result<(), GovernanceError> {
            let voter = self.env().caller();
            let mut poll = self.polls.get(id).ok_or(GovernanceError::UnknownPoll)?;
            if option >= poll.options {
                return Err(GovernanceError::UnknownOption);
            }
            if self.answers.contains((id, voter)) {
                return Err(GovernanceError::AlreadyVoted);
            }
            if self.block() > poll.end {
                return Err(GovernanceError::VotingClosed);
            }
            let weight = self.weight(voter, poll.snapshot)?;
            if weight == 0 {
                return Err(GovernanceError::NoWeight);
            }
            let tally = self
                .poll_tallies
                .get((id, option))
                .unwrap_or(0)
                .checked_add(weight)
                .ok_or(GovernanceError::Overflow)?;
            poll.turnout = poll.turnout.checked_add(weight).ok_or(GovernanceError::Overflow)?;
            poll.voters = poll.voters.checked_add(1).ok_or(GovernanceError::Overflow)?;
            self.poll_tallies.insert((id, option), &tally);
            self.answers.insert((id, voter), &option);
            self.polls.insert(id, &poll);
            self.env().emit_event(PollAnswered {
                id,
                voter,
                option,
                weight,
            });
            Ok(())
        }

        /// Offers the admin role to `new_admin` (`None` withdraws the offer).
        ///
        /// # Errors
        /// `NotOwner`.
        #[ink(message)]
        pub fn transfer_ownership(&mut self, new_admin: Option<AccountId>) -> Result<(), GovernanceError> {
            let event = self.admin.transfer(self.env().caller(), new_admin)?;
            self.env().emit_event(event);
            Ok(())
        }

        /// The offered admin takes the role.
        ///
        /// # Errors
        /// `NotPendingOwner`.
        #[ink(message)]
        pub fn accept_ownership(&mut self) -> Result<(), GovernanceError> {
            let event = self.admin.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// Proposal `id`, if it exists.
        #[ink(message)]
        pub fn proposal(&self, id: u32) -> Option<Proposal> {
            self.proposals.get(id)
        }

        /// Where proposal `id` stands now, if it exists.
        #[ink(message)]
        pub fn state(&self, id: u32) -> Option<ProposalState> {
            self.proposals.get(id).map(|p| p.state(self.block(), &self.config))
        }

        /// The actions of proposal `id`.
        #[ink(message)]
        pub fn actions(&self, id: u32) -> Vec<Action> {
            self.actions.get(id).unwrap_or_default()
        }

        /// How `voter` voted on proposal `id`, if it did.
        #[ink(message)]
        pub fn vote_of(&self, id: u32, voter: AccountId) -> Option<Support> {
            self.votes.get((id, voter))
        }

        /// Poll `id`, if it exists.
        #[ink(message)]
        pub fn poll(&self, id: u32) -> Option<Poll> {
            self.polls.get(id)
        }

        /// The weight of the answers `option` of poll `id` got.
        #[ink(message)]
        pub fn poll_tally(&self, id: u32, option: u8) -> Balance {
            self.poll_tallies.get((id, option)).unwrap_or(0)
        }

        /// `account`'s answer to poll `id`, if it answered.
        #[ink(message)]
        pub fn answer_of(&self, id: u32, account: AccountId) -> Option<u8> {
            self.answers.get((id, account))
        }

        /// Whether `account` is a member.
        #[ink(message)]
        pub fn is_member(&self, account: AccountId) -> bool {
            self.members.contains(account)
        }

        /// Members now.
        #[ink(message)]
        pub fn member_count(&self) -> u32 {
            self.member_count
        }

        /// Proposals and polls made so far (ids are `0..count`).
        #[ink(message)]
        pub fn counts(&self) -> (u32, u32) {
            (self.proposal_count, self.poll_count)
        }

        /// The configuration.
        #[ink(message)]
        pub fn config(&self) -> Config {
            self.config
        }

        /// The admin.
        #[ink(message)]
        pub fn owner(&self) -> AccountId {
            self.admin.owner()
        }

        /// The account offered the admin role, if any.
        #[ink(message)]
        pub fn pending_owner(&self) -> Option<AccountId> {
            self.admin.pending_owner()
        }

        /// The community governance decides for, if it names one.
        #[ink(message)]
        pub fn community(&self) -> Option<CommunityRef> {
            self.community
        }

        /// The COS Credit contract whose votes weigh in token-weighted mode.
        #[ink(message)]
        pub fn credit(&self) -> AccountId {
            self.credit
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::{test, DefaultEnvironment};

        const CONFIG: Config = Config {
            mode: VoteMode::OneMemberOneVote,
            voting_period: 3,
            quorum_bps: 5_000,
            threshold_bps: 5_000,
            execution_delay: 2,
        };

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        fn as_caller(account: AccountId) {
            test::set_caller::<DefaultEnvironment>(account);
        }

        fn next_blocks(n: u32) {
            for _ in 0..n {
                test::advance_block::<DefaultEnvironment>();
            }
        }

        /// Members alice, bob, charlie from block 0; the test starts at block 1.
        fn deploy() -> Governance {
            let a = accounts();
            as_caller(a.alice);
            let g = Governance::new(a.django, CONFIG, None, vec![a.alice, a.bob, a.charlie]).unwrap();
            next_blocks(1);
            g
        }

        #[ink::test]
        fn one_member_one_vote_from_proposal_to_acceptance() {
            let a = accounts();
            let mut g = deploy();
            let id = g
                .propose(Hash::from([1; 32]), vec![Action::AddMember(a.eve), Action::Accept(0)])
                .unwrap();
            // The second action accepts this proposal itself: it is executed by
            // then, so it works, and the follow-up ends accepted.
            g.vote(id, Support::For).unwrap();
            assert_eq!(
                g.vote(id, Support::Against),
                Err(GovernanceError::AlreadyVoted),
                "double voting"
            );
            as_caller(a.bob);
            g.vote(id, Support::For).unwrap();
            as_caller(a.eve);
            assert_eq!(g.vote(id, Support::For), Err(GovernanceError::NotMember));
            assert_eq!(g.state(id), Some(ProposalState::Active));
            assert_eq!(g.execute(id), Err(GovernanceError::NotQueued), "executing early");
            next_blocks(3);
            assert_eq!(
                g.vote(id, Support::For),
                Err(GovernanceError::VotingClosed),
                "voting outside the period"
            );
            assert_eq!(g.state(id), Some(ProposalState::Succeeded));
            g.queue(id).unwrap();
            assert_eq!(g.execute(id), Err(GovernanceError::TooEarly));
            next_blocks(2);
            g.execute(id).unwrap();
            assert!(g.is_member(a.eve));
            assert_eq!(g.member_count(), 4);
            assert_eq!(g.proposal(id).unwrap().follow_up, FollowUp::Accepted);
            assert_eq!(g.execute(id), Err(GovernanceError::AlreadyExecuted));
            let p = g.proposal(id).unwrap();
            assert_eq!((p.tally.for_votes, p.tally.voters, p.eligible), (2, 2, 3));
        }

        #[ink::test]
        fn defeated_proposals_never_run_and_members_who_joined_late_do_not_vote() {
            let a = accounts();
            let mut g = deploy();
            let id = g.propose(Hash::default(), vec![Action::RemoveMember(a.bob)]).unwrap();
            g.add_member(a.eve).unwrap();
            as_caller(a.eve);
            assert_eq!(
                g.vote(id, Support::For),
                Err(GovernanceError::NoWeight),
                "joined after the snapshot"
            );
            as_caller(a.bob);
            g.vote(id, Support::Against).unwrap();
            next_blocks(3);
            assert_eq!(
                g.state(id),
                Some(ProposalState::Defeated),
                "one vote of three misses the quorum"
            );
            assert_eq!(g.queue(id), Err(GovernanceError::NotSucceeded));
            assert_eq!(
                g.execute(id),
                Err(GovernanceError::NotQueued),
                "executing a defeated proposal"
            );
            assert!(g.is_member(a.bob));
        }

        #[ink::test]
        fn roles_polls_and_bounds() {
            let a = accounts();
            let mut g = deploy();
            as_caller(a.bob);
            assert_eq!(g.add_member(a.eve), Err(GovernanceError::NotOwner));
            assert_eq!(g.accept(0), Err(GovernanceError::NotOwner));
            let id = g.propose(Hash::default(), vec![]).unwrap();
            as_caller(a.charlie);
            assert_eq!(g.cancel(id), Err(GovernanceError::NotProposer));
            as_caller(a.alice);
            g.cancel(id).unwrap();
            assert_eq!(g.vote(id, Support::For), Err(GovernanceError::Cancelled));
            assert_eq!(g.create_poll(Hash::default(), 1), Err(GovernanceError::BadOptions));
            let poll = g.create_poll(Hash::default(), 3).unwrap();
            g.answer(poll, 2).unwrap();
            assert_eq!(g.answer(poll, 1), Err(GovernanceError::AlreadyVoted));
            as_caller(a.bob);
            assert_eq!(g.answer(poll, 3), Err(GovernanceError::UnknownOption));
            g.answer(poll, 2).unwrap();
            as_caller(a.frank);
            assert_eq!(g.answer(poll, 0), Err(GovernanceError::NotMember));
            next_blocks(3);
            as_caller(a.charlie);
            assert_eq!(g.answer(poll, 0), Err(GovernanceError::VotingClosed));
            assert_eq!((g.poll_tally(poll, 2), g.poll(poll).unwrap().voters), (2, 2));
            assert_eq!(
                Governance::new(a.django, CONFIG, None, vec![a.eve; MAX_INITIAL_MEMBERS + 1]).err(),
                Some(GovernanceError::TooManyMembers),
                "the constructor's loop is bounded"
            );
            let here = CommunityRef {
                registry: a.frank,
                id: 3,
            };
            let named = Governance::new(a.django, CONFIG, Some(here), vec![]).unwrap();
            assert_eq!(named.community(), Some(here));
            assert_eq!(g.community(), None);
            assert_eq!(
                Governance::new(
                    a.django,
                    Config {
                        voting_period: 0,
                        ..CONFIG
                    },
                    None,
                    vec![]
                )
                .err(),
                Some(GovernanceError::BadConfig)
            );
        }
    }
}
