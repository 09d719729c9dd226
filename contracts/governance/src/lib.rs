//! # COS governance
//!
//! A community decides together and its decisions take effect on-chain
//! (SPEC.md C6; white paper 000, "社区决策系统": discussion, vote, resolution,
//! follow-up of its execution and acceptance). Deployed per community with
//! COS Credit's address and a [`Config`] (every span bounded: [`config`]):
//!
//! - **vote weight**: [`VoteMode::TokenWeighted`], COS votes at the end of the
//!   proposal's snapshot block (read from COS Credit's checkpoints, so COS
//!   moved afterwards changes nothing), or [`VoteMode::OneMemberOneVote`],
//!   one vote per account that was a member at the end of that block
//!   ([`members`]: membership by checkpoint, so removing and re-adding a
//!   member mid-vote silences nobody);
//! - [`propose`](governance::Governance::propose) with a description hash and
//!   up to [`MAX_ACTIONS`] [`Action`]s, by an account whose weight in the block
//!   before reaches the proposal threshold; the snapshot is `voting_delay`
//!   blocks later (COS borrowed across one block boundary does not vote), and
//!   [`vote`](governance::Governance::vote) for, against or abstain is open
//!   for `voting_period` blocks after it, once per account; a proposal passes
//!   with the quorum (turnout in basis points of the weight eligible at the
//!   snapshot) and `for` above the threshold of `for + against`; anyone
//!   [`queue`](governance::Governance::queue)s it and
//!   [`execute`](governance::Governance::execute)s it once the execution
//!   delay has passed, each within the grace period, or it expires;
//! - a passed proposal's actions run in order, **all or nothing**: if one fails
//!   (the callee traps, or its reply fails as the action declares: [`Reply`]),
//!   `execute` fails with `ActionFailed { index, output }` (the callee's
//!   encoded reply), every earlier action is undone with it, and the proposal
//!   stays `Queued`: it can be executed again, within its grace period, once
//!   what made the action fail is fixed;
//! - governance can govern itself: the admin may hand it the admin role
//!   ([`renounce_admin`](governance::Governance::renounce_admin), or
//!   `transfer_ownership` and a proposal's [`Action::AcceptAdmin`]), and typed
//!   actions do what a call to itself would ([`actions`]);
//! - resolutions carry a follow-up: `Executed`, then `Accepted` as done by the
//!   admin or by a later proposal ([`Action::Accept`]);
//! - non-binding [`create_poll`](governance::Governance::create_poll)s with 2 to
//!   [`MAX_OPTIONS`] options, one answer per account, weighed and timed the same way.
//!
//! Governance owns other contracts the usual way: their owner offers
//! ownership to it (`transfer_ownership`), and a proposal whose action calls
//! their `accept_ownership` takes it; later proposals call their admin messages
//! (a sub-token's `set_fee`, donation quota's `set_operator`).

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod actions;
pub mod config;
pub mod errors;
pub mod events;
pub mod members;
pub mod proposal;

pub use actions::{Action, Reply, MAX_ACTIONS, MAX_INPUT};
pub use config::{BlockNumber, Config, ConfigProblem, Rules, VoteMode, MAX_SPAN};
pub use cos_common::CommunityRef;
pub use errors::GovernanceError;
pub use proposal::{
    FollowUp, Poll, PollState, Proposal, ProposalState, Support, Tally, MAX_INITIAL_MEMBERS, MAX_OPTIONS,
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

#[ink::contract(env = cos_common::Env)]
pub mod governance {
    use crate::{
        actions::{check_actions, MAX_ACTIONS},
        events::{
            ConfigChanged, GovernanceCreated, MemberAdded, MemberRemoved, PollAnswered, PollCreated, PollEligibleFixed,
            ProposalCancelled, ProposalCreated, ProposalEligibleFixed, ProposalExecuted, ProposalQueued,
            ResolutionAccepted, VoteCast,
        },
        members::Members,
        proposal::{Canceller, MAX_INITIAL_MEMBERS},
        Action, Config, GovernanceError, Poll, PollState, Proposal, ProposalState, RawInput, RawOutput, Support,
        VoteMode,
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
        /// The admin: manages members, cancels, accepts resolutions; may be
        /// the governance itself (`renounce_admin`), then only proposals do.
        admin: Ownable,
        /// Members, by checkpoint.
        members: Members,
        proposals: Mapping<u32, Proposal>,
        /// Each proposal's actions, one cell each: `(proposal, index)`.
        actions: Mapping<(u32, u8), Action>,
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
        /// `BadConfig(problem)` (a span of 0 or above `MAX_SPAN`, quorum or
        /// threshold above 100 %, ...), `TooManyMembers`, `AlreadyMember` (a
        /// member listed twice).
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
            let admin = Self::env().caller();
            let mut governance = Self {
                credit,
                config,
                community,
                admin: Ownable::new(admin),
                members: Members::default(),
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
                admin,
            });
            for member in members {
                governance.insert_member(member)?;
            }
            Ok(governance)
        }

        fn block(&self) -> BlockNumber {
            self.env().block_number()
        }

        fn insert_member(&mut self, account: AccountId) -> Result<(), GovernanceError> {
            let members = self.members.add(account, self.block())?;
            self.env().emit_event(MemberAdded { account, members });
            Ok(())
        }

        fn delete_member(&mut self, account: AccountId) -> Result<(), GovernanceError> {
            let members = self.members.remove(account, self.block())?;
            self.env().emit_event(MemberRemoved { account, members });
            Ok(())
        }

        /// What could vote at the end of `snapshot` (a past block): COS
        /// Credit's total supply, or the members then.
        fn eligible(&self, snapshot: BlockNumber) -> Result<Balance, GovernanceError> {
            match self.config.mode {
                VoteMode::TokenWeighted => Ok(CreditClient::new(self.credit).past_total_supply(snapshot)?),
                VoteMode::OneMemberOneVote => Ok(Balance::from(self.members.count_at(snapshot))),
            }
        }

        /// `account`'s weight at the end of `block` (a past block): its COS
        /// votes, or 1 for an account that was a member then.
        fn weight(&self, account: AccountId, block: BlockNumber) -> Result<Balance, GovernanceError> {
            match self.config.mode {
                VoteMode::TokenWeighted => Ok(CreditClient::new(self.credit).past_votes(account, block)?),
                VoteMode::OneMemberOneVote if self.members.was_member(account, block) => Ok(1),
                VoteMode::OneMemberOneVote if self.members.is_member(account) => Ok(0),
                VoteMode::OneMemberOneVote => Err(GovernanceError::NotMember),
            }
        }

        /// Proposers and poll creators: a weight at the end of the block
        /// before of at least the proposal threshold (COS votes), or
        /// membership then (one member one vote).
        fn ensure_can_propose(&self, account: AccountId) -> Result<(), GovernanceError> {
            let before = self.block().saturating_sub(1);
            let weight = self.weight(account, before)?;
            if weight >= self.config.min_weight() {
                return Ok(());
            }
            Err(match self.config.mode {
                VoteMode::TokenWeighted => GovernanceError::BelowProposalThreshold,
                VoteMode::OneMemberOneVote => GovernanceError::NoWeight,
            })
        }

        fn load(&self, id: u32) -> Result<Proposal, GovernanceError> {
            self.proposals.get(id).ok_or(GovernanceError::UnknownProposal)
        }

        /// Proposal `id`'s actions in order: its cells `(id, 0)`, `(id, 1)`, ...
        /// up to the first missing one (at most `MAX_ACTIONS` reads).
        fn load_actions(&self, id: u32) -> Vec<Action> {
            (0u8..)
                .take(MAX_ACTIONS)
                .map_while(|index| self.actions.get((id, index)))
                .collect()
        }

        /// Proposes `actions` (run in order, all or nothing, if it passes),
        /// described by `description` (the hash of the text kept off-chain).
        /// Weights are read at the end of the block `voting_delay` blocks
        /// from now, and voting is open for `voting_period` blocks after it.
        /// Returns the proposal's id.
        ///
        /// # Errors
        /// `BelowProposalThreshold` (COS votes in the block before below the
        /// threshold), `NotMember` / `NoWeight` (not a member in the block
        /// before), `TooManyActions` (above `MAX_ACTIONS`), `InputTooLong
        /// { index }` (a call's input above `MAX_INPUT` bytes), `SelfCall {
        /// index }` (a call to the
        /// governance itself: use the typed actions), `BadConfig` (a
        /// `SetConfig` out of bounds), `Token`, `Overflow`.
        ///
        /// # Events
        /// `ProposalCreated`.
        #[ink(message)]
        pub fn propose(&mut self, description: Hash, actions: Vec<Action>) -> Result<u32, GovernanceError> {
            let proposer = self.env().caller();
            check_actions(&actions, cos_common::this_contract(), &self.config)?;
            self.ensure_can_propose(proposer)?;
            let proposal = Proposal::open(proposer, description, self.block(), &self.config)?;
            let id = self.proposal_count;
            self.proposal_count = id.checked_add(1).ok_or(GovernanceError::Overflow)?;
            self.proposals.insert(id, &proposal);
            for (index, action) in (0u8..).zip(&actions) {
                self.actions.insert((id, index), action);
            }
            self.env().emit_event(ProposalCreated {
                id,
                proposer,
                description,
                snapshot: proposal.snapshot,
                end: proposal.end,
                rules: proposal.rules,
                actions,
            });
            Ok(id)
        }

        /// Votes on proposal `id` with the caller's weight at its snapshot,
        /// once, while voting is open (after the snapshot block, to its end).
        /// The first vote fixes the weight that could vote.
        ///
        /// # Errors
        /// `UnknownProposal`, `AlreadyVoted`, `VotingNotOpen`, `VotingClosed`,
        /// `Cancelled`, `NotMember` / `NoWeight`, `Token`, `Overflow`.
        ///
        /// # Events
        /// `ProposalEligibleFixed` (the first vote), then `VoteCast`.
        #[ink(message)]
        pub fn vote(&mut self, id: u32, support: Support) -> Result<(), GovernanceError> {
            let voter = self.env().caller();
            let mut proposal = self.load(id)?;
            if self.votes.contains((id, voter)) {
                return Err(GovernanceError::AlreadyVoted);
            }
            // The period first: a closed or pending proposal says so before any weight lookup.
            proposal.ensure_open(self.block())?;
            let weight = self.weight(voter, proposal.snapshot)?;
            let fixed = match proposal.eligible {
                Some(_) => None,
                None => Some(self.eligible(proposal.snapshot)?),
            };
            if let Some(eligible) = fixed {
                proposal.fix_eligible(eligible);
            }
            proposal.vote(self.block(), support, weight)?;
            self.votes.insert((id, voter), &support);
            self.proposals.insert(id, &proposal);
            if let Some(eligible) = fixed {
                self.env().emit_event(ProposalEligibleFixed { id, eligible });
            }
            self.env().emit_event(VoteCast {
                id,
                voter,
                support,
                weight,
            });
            Ok(())
        }

        /// Queues a proposal that passed, within its grace period after
        /// voting: executable after the execution delay. Anyone may call it.
        ///
        /// # Errors
        /// `UnknownProposal`, `NotSucceeded`, `Expired`, `Overflow`.
        ///
        /// # Events
        /// `ProposalQueued`.
        #[ink(message)]
        pub fn queue(&mut self, id: u32) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            let (eta, expires) = proposal.queue(self.block())?;
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ProposalQueued { id, eta, expires });
            Ok(())
        }

        /// Runs a queued proposal's actions, in order, all or nothing, once its
        /// delay has passed and within its grace period. Anyone may call it.
        /// If an action fails, nothing of the execution remains and the
        /// proposal stays queued.
        ///
        /// # Errors
        /// `UnknownProposal`, `NotQueued` (active, defeated or not queued),
        /// `TooEarly`, `Expired`, `AlreadyExecuted`, `Cancelled`,
        /// `ActionFailed { index, output }`, `ActionCallFailed { index }`, and
        /// the errors of the governance actions (`AlreadyMember`, `NotMember`,
        /// `NotExecuted`, `NotOwner`, `BadConfig`, ...).
        ///
        /// # Events
        /// `ProposalExecuted`, and those of its actions.
        #[ink(message)]
        pub fn execute(&mut self, id: u32) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            proposal.execute(self.block())?;
            // Effects first: a re-entrant call finds it executed.
            self.proposals.insert(id, &proposal);
            let by = self.env().caller();
            self.env().emit_event(ProposalExecuted { id, by });
            for (index, action) in (0u32..).zip(self.load_actions(id)) {
                self.run(index, action)?;
            }
            Ok(())
        }

        fn run(&mut self, index: u32, action: Action) -> Result<(), GovernanceError> {
            let this = cos_common::this_contract();
            match action {
                Action::Call {
                    callee,
                    selector,
                    input,
                    reply,
                } => {
                    let output = build_call::<cos_common::Env>()
                        .call(callee)
                        .exec_input(ExecutionInput::new(Selector::new(selector)).push_arg(RawInput(&input)))
                        .returns::<RawOutput>()
                        .try_invoke()
                        .map_err(|_| GovernanceError::ActionCallFailed { index })?
                        .map_err(|_| GovernanceError::ActionCallFailed { index })?
                        .0;
                    if reply.failed(&output) {
                        return Err(GovernanceError::ActionFailed { index, output });
                    }
                    Ok(())
                }
                Action::AddMember(account) => self.insert_member(account),
                Action::RemoveMember(account) => self.delete_member(account),
                Action::Accept(id) => self.accept_resolution(id, this),
                Action::SetConfig(config) => {
                    self.config.check_change(&config)?;
                    self.config = config;
                    self.env().emit_event(ConfigChanged { config });
                    Ok(())
                }
                Action::TransferAdmin(to) => {
                    let event = self.admin.transfer(this, to)?;
                    self.env().emit_event(event);
                    Ok(())
                }
                Action::AcceptAdmin => {
                    let event = self.admin.accept(this)?;
                    self.env().emit_event(event);
                    Ok(())
                }
                Action::Cancel(id) => self.cancel_as(id, this, Canceller::Admin),
            }
        }

        fn accept_resolution(&mut self, id: u32, by: AccountId) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            proposal.accept()?;
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ResolutionAccepted { id, by });
            Ok(())
        }

        fn cancel_as(&mut self, id: u32, by: AccountId, as_: Canceller) -> Result<(), GovernanceError> {
            let mut proposal = self.load(id)?;
            proposal.cancel(self.block(), as_)?;
            self.proposals.insert(id, &proposal);
            self.env().emit_event(ProposalCancelled { id, by });
            Ok(())
        }

        /// Cancels proposal `id` before it is executed: its proposer while it
        /// is pending or open for votes (once a vote has decided, no single
        /// account vetoes it), the admin until execution (once the governance
        /// holds its own admin role, only a proposal can, `Action::Cancel`).
        ///
        /// # Errors
        /// `UnknownProposal`, `NotProposer`, `VotingClosed` (the proposer,
        /// after voting), `AlreadyExecuted`, `Cancelled`.
        ///
        /// # Events
        /// `ProposalCancelled`.
        #[ink(message)]
        pub fn cancel(&mut self, id: u32) -> Result<(), GovernanceError> {
            let by = self.env().caller();
            let proposal = self.load(id)?;
            let as_ = if by == self.admin.owner() {
                Canceller::Admin
            } else if by == proposal.proposer {
                Canceller::Proposer
            } else {
                return Err(GovernanceError::NotProposer);
            };
            self.cancel_as(id, by, as_)
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

        /// The admin removes a member (proposals can, with
        /// `Action::RemoveMember`). It still votes on proposals whose
        /// snapshot it was a member at.
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
        /// timed and weighed as proposals are (answers open after its
        /// snapshot block, `voting_delay` blocks from now).
        ///
        /// # Errors
        /// `BadOptions` (fewer than 2 or more than `MAX_OPTIONS`),
        /// `BelowProposalThreshold`, `NotMember` / `NoWeight`, `Token`, `Overflow`.
        ///
        /// # Events
        /// `PollCreated`.
        #[ink(message)]
        pub fn create_poll(&mut self, description: Hash, options: u8) -> Result<u32, GovernanceError> {
            let creator = self.env().caller();
            let poll = Poll::open(creator, description, options, self.block(), &self.config)?;
            self.ensure_can_propose(creator)?;
            let id = self.poll_count;
            self.poll_count = id.checked_add(1).ok_or(GovernanceError::Overflow)?;
            self.polls.insert(id, &poll);
            self.env().emit_event(PollCreated {
                id,
                creator,
                description,
                options,
                snapshot: poll.snapshot,
                end: poll.end,
            });
            Ok(id)
        }

        /// Answers poll `id` with `option`, once, while it is open. The first
        /// answer fixes the weight that could answer.
        ///
        /// # Errors
        /// `UnknownPoll`, `UnknownOption`, `AlreadyVoted`, `VotingNotOpen`,
        /// `VotingClosed`, `NotMember` / `NoWeight`, `Token`, `Overflow`.
        ///
        /// # Events
        /// `PollEligibleFixed` (the first answer), then `PollAnswered`.
        #[ink(message)]
        pub fn answer(&mut self, id: u32, option: u8) -> Result<(), GovernanceError> {
            let voter = self.env().caller();
            let mut poll = self.polls.get(id).ok_or(GovernanceError::UnknownPoll)?;
            if self.answers.contains((id, voter)) {
                return Err(GovernanceError::AlreadyVoted);
            }
            poll.ensure_open(self.block(), option)?;
            let weight = self.weight(voter, poll.snapshot)?;
            let fixed = match poll.eligible {
                Some(_) => None,
                None => Some(self.eligible(poll.snapshot)?),
            };
            if let Some(eligible) = fixed {
                poll.eligible = Some(eligible);
            }
            let tally = poll.answer(
                self.block(),
                option,
                weight,
                self.poll_tallies.get((id, option)).unwrap_or(0),
            )?;
            self.poll_tallies.insert((id, option), &tally);
            self.answers.insert((id, voter), &option);
            self.polls.insert(id, &poll);
            if let Some(eligible) = fixed {
                self.env().emit_event(PollEligibleFixed { id, eligible });
            }
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
        ///
        /// # Events
        /// `OwnershipTransferStarted`.
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
        ///
        /// # Events
        /// `OwnershipTransferred`.
        #[ink(message)]
        pub fn accept_ownership(&mut self) -> Result<(), GovernanceError> {
            let event = self.admin.accept(self.env().caller())?;
            self.env().emit_event(event);
            Ok(())
        }

        /// The admin hands its role to the governance itself, for good unless
        /// a proposal hands it on (`Action::TransferAdmin`): from then on only
        /// proposals add or remove members, cancel, accept and change the rules.
        ///
        /// # Errors
        /// `NotOwner`.
        ///
        /// # Events
        /// `OwnershipTransferStarted`, then `OwnershipTransferred`.
        #[ink(message)]
        pub fn renounce_admin(&mut self) -> Result<(), GovernanceError> {
            let this = cos_common::this_contract();
            let offered = self.admin.transfer(self.env().caller(), Some(this))?;
            let taken = self.admin.accept(this)?;
            self.env().emit_event(offered);
            self.env().emit_event(taken);
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
            self.proposals.get(id).map(|p| p.state(self.block()))
        }

        /// The actions of proposal `id`.
        #[ink(message)]
        pub fn actions(&self, id: u32) -> Vec<Action> {
            self.load_actions(id)
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

        /// Where poll `id` stands now, if it exists.
        #[ink(message)]
        pub fn poll_state(&self, id: u32) -> Option<PollState> {
            self.polls.get(id).map(|p| p.state(self.block()))
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

        /// Whether `account` is a member now.
        #[ink(message)]
        pub fn is_member(&self, account: AccountId) -> bool {
            self.members.is_member(account)
        }

        /// Whether `account` was a member at the end of `block`.
        #[ink(message)]
        pub fn was_member(&self, account: AccountId, block: BlockNumber) -> bool {
            self.members.was_member(account, block)
        }

        /// Members now.
        #[ink(message)]
        pub fn member_count(&self) -> u32 {
            self.members.count()
        }

        /// Members at the end of `block`.
        #[ink(message)]
        pub fn member_count_at(&self, block: BlockNumber) -> u32 {
            self.members.count_at(block)
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

        /// The admin (the governance's own address once it governs itself).
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
        use crate::{ConfigProblem, FollowUp};
        use ink::env::{test, DefaultEnvironment};

        const CONFIG: Config = Config {
            mode: VoteMode::OneMemberOneVote,
            voting_delay: 1,
            voting_period: 3,
            quorum_bps: 5_000,
            threshold_bps: 5_000,
            execution_delay: 2,
            grace_period: 5,
            proposal_threshold: 0,
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
            // The contract's own address, apart from every member's (the
            // off-chain engine's default callee is alice).
            ink::env::test::set_callee::<DefaultEnvironment>(AccountId::from([0xC0; 32]));
            as_caller(a.alice);
            let g = Governance::new(a.django, CONFIG, None, vec![a.alice, a.bob, a.charlie]).unwrap();
            next_blocks(1);
            g
        }

        /// Passes proposal `id` (made in this block) with alice's and bob's
        /// votes and queues it; the chain ends at its `eta`.
        fn pass(g: &mut Governance, id: u32) {
            let a = accounts();
            next_blocks(2);
            as_caller(a.alice);
            g.vote(id, Support::For).unwrap();
            as_caller(a.bob);
            g.vote(id, Support::For).unwrap();
            next_blocks(3);
            g.queue(id).unwrap();
            next_blocks(2);
            as_caller(a.alice);
        }

        #[ink::test]
        fn one_member_one_vote_from_proposal_to_acceptance() {
            let a = accounts();
            let mut g = deploy();
            let id = g
                .propose(Hash::from([1; 32]), vec![Action::AddMember(a.eve), Action::Accept(0)])
                .unwrap();
            assert_eq!(g.state(id), Some(ProposalState::Pending));
            assert_eq!(
                g.vote(id, Support::For),
                Err(GovernanceError::VotingNotOpen),
                "before the snapshot ends"
            );
            next_blocks(2);
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
            assert_eq!((p.tally.for_votes, p.tally.voters, p.eligible), (2, 2, Some(3)));
        }

        #[ink::test]
        fn defeated_proposals_never_run_and_members_who_joined_late_do_not_vote() {
            let a = accounts();
            let mut g = deploy();
            let id = g.propose(Hash::default(), vec![Action::RemoveMember(a.bob)]).unwrap();
            next_blocks(2);
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
        fn a_member_removed_and_readded_mid_vote_still_votes() {
            let a = accounts();
            let mut g = deploy();
            let id = g.propose(Hash::default(), vec![]).unwrap();
            next_blocks(2);
            g.remove_member(a.bob).unwrap();
            g.add_member(a.bob).unwrap();
            g.remove_member(a.charlie).unwrap();
            as_caller(a.bob);
            g.vote(id, Support::For).unwrap();
            as_caller(a.charlie);
            g.vote(id, Support::For).unwrap();
            let p = g.proposal(id).unwrap();
            assert_eq!(
                (p.tally.for_votes, p.eligible),
                (2, Some(3)),
                "a member at the snapshot votes"
            );
            assert!(g.was_member(a.charlie, 2) && !g.is_member(a.charlie));
            assert_eq!((g.member_count_at(2), g.member_count()), (3, 2));
        }

        #[ink::test]
        fn governance_governs_itself_by_typed_actions() {
            let a = accounts();
            let mut g = deploy();
            let this = ink::env::account_id::<DefaultEnvironment>();
            assert_eq!(
                g.propose(
                    Hash::default(),
                    vec![Action::Call {
                        callee: this,
                        selector: [0; 4],
                        input: vec![],
                        reply: crate::Reply::Result,
                    }]
                ),
                Err(GovernanceError::SelfCall { index: 0 }),
                "a call to itself would trap: refused when proposed"
            );
            // The admin offers its role; a proposal takes it, and changes the rules.
            g.transfer_ownership(Some(this)).unwrap();
            let stricter = Config {
                quorum_bps: 9_000,
                ..CONFIG
            };
            let id = g
                .propose(Hash::default(), vec![Action::AcceptAdmin, Action::SetConfig(stricter)])
                .unwrap();
            let later = g.propose(Hash::default(), vec![]).unwrap();
            pass(&mut g, id);
            g.execute(id).unwrap();
            assert_eq!((g.owner(), g.config()), (this, stricter));
            assert_eq!(
                g.proposal(later).unwrap().rules.quorum_bps,
                5_000,
                "open proposals keep their rules"
            );
            // The former admin has no veto and no hold on the electorate.
            assert_eq!(g.add_member(a.eve), Err(GovernanceError::NotOwner));
            let queued = g.propose(Hash::default(), vec![]).unwrap();
            as_caller(a.bob);
            let cancel = g.propose(Hash::default(), vec![Action::Cancel(queued)]).unwrap();
            as_caller(a.alice);
            next_blocks(2);
            for id in [queued, cancel] {
                for voter in [a.alice, a.bob, a.charlie] {
                    as_caller(voter);
                    g.vote(id, Support::For).unwrap();
                }
            }
            next_blocks(3);
            as_caller(a.alice);
            assert_eq!(
                g.cancel(queued),
                Err(GovernanceError::VotingClosed),
                "the proposer: after the vote, no veto"
            );
            g.queue(queued).unwrap();
            g.queue(cancel).unwrap();
            next_blocks(2);
            g.execute(cancel).unwrap();
            assert_eq!(g.state(queued), Some(ProposalState::Cancelled), "cancelled by proposal");
            assert_eq!(
                g.propose(
                    Hash::default(),
                    vec![Action::SetConfig(Config {
                        mode: VoteMode::TokenWeighted,
                        ..CONFIG
                    })]
                ),
                Err(GovernanceError::BadConfig(ConfigProblem::Mode))
            );
        }

        #[ink::test]
        fn the_admin_renounces_to_the_governance_itself() {
            let a = accounts();
            let mut g = deploy();
            as_caller(a.bob);
            assert_eq!(g.renounce_admin(), Err(GovernanceError::NotOwner));
            as_caller(a.alice);
            g.renounce_admin().unwrap();
            assert_eq!(g.owner(), ink::env::account_id::<DefaultEnvironment>());
            assert_eq!(g.pending_owner(), None);
            assert_eq!(g.remove_member(a.bob), Err(GovernanceError::NotOwner));
            assert_eq!(g.transfer_ownership(Some(a.alice)), Err(GovernanceError::NotOwner));
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
            as_caller(a.eve);
            assert_eq!(g.create_poll(Hash::default(), 3), Err(GovernanceError::NotMember));
            as_caller(a.alice);
            let poll = g.create_poll(Hash::default(), 3).unwrap();
            assert_eq!(g.answer(poll, 2), Err(GovernanceError::VotingNotOpen));
            next_blocks(2);
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
            assert_eq!(g.poll(poll).unwrap().eligible, Some(3));
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
                        voting_period: u32::MAX,
                        ..CONFIG
                    },
                    None,
                    vec![]
                )
                .err(),
                Some(GovernanceError::BadConfig(ConfigProblem::VotingPeriod)),
                "a span that would strand every proposal never deploys"
            );
        }
    }
}
