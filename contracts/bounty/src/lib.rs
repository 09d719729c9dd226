//! # COS bounty
//!
//! Members pay each other for help (SPEC.md C5; white paper 000, "互助系统").
//! A poster [`post`](bounty::Bounty::post)s a task with a COS reward taken
//! into escrow, a deadline (block time) and a description hash; helpers
//! [`submit`](bounty::Bounty::submit) work (a content hash); before the
//! deadline the poster [`approve`](bounty::Bounty::approve)s one submission
//! (the whole reward) or [`split`](bounty::Bounty::split)s the reward among
//! several (shares summing to the reward exactly, paid in one all-or-nothing
//! COS batch). With nothing approved, the poster takes the escrow back with
//! [`cancel`](bounty::Bounty::cancel): a cancellation before the deadline, a
//! reclaim after it.
//!
//! A deadline counts unpaused time only: while COS Credit is paused no reward
//! can be paid, so a pause moves every deadline by its length
//! (`cos_common::deadline`; past the nominal deadline each message reads COS
//! Credit's pause clock once).
//!
//! A bounty is addressed by its id alone: shared in another community, it is
//! the same bounty, with the same escrow and submissions.
//!
//! **Invariant**, per bounty: `reward = paid + returned + held`, where `held`
//! is the reward while open and zero after; the reward leaves the escrow
//! once. Nobody owns this contract. Checks, effects, then the one COS call
//! last; if COS Credit refuses, the message returns the error and ink!
//! reverts all of it.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod events;
pub mod task;

pub use cos_common::CommunityRef;
pub use task::{BountyError, BountyState, Status, Submission, Timestamp, MAX_SHARES};

#[ink::contract(env = cos_common::Env)]
pub mod bounty {
    use crate::{
        events::{BountyClosed, BountyPosted, SubmissionApproved, WorkSubmitted},
        task::{self, BountyError, BountyState, Moment, Submission},
        CommunityRef,
    };
    use cos_common::token::CreditClient;
    use ink::{prelude::vec, prelude::vec::Vec, storage::Mapping};

    /// Bounties, their submissions and their escrow, in COS.
    #[ink(storage)]
    pub struct Bounty {
        credit: AccountId,
        bounties: Mapping<u32, task::Bounty>,
        /// Submissions, by bounty and number.
        submissions: Mapping<(u32, u32), Submission>,
        /// Bounties ever posted: the next one's id.
        count: u32,
    }

    impl Bounty {
        /// Deploys a bounty board for the COS Credit at `credit`.
        #[ink(constructor)]
        pub fn new(credit: AccountId) -> Self {
            Self {
                credit,
                bounties: Mapping::default(),
                submissions: Mapping::default(),
                count: 0,
            }
        }

        fn cos(&self) -> CreditClient {
            CreditClient::new(self.credit)
        }

        fn load(&self, id: u32) -> Result<task::Bounty, BountyError> {
            self.bounties.get(id).ok_or(BountyError::UnknownBounty)
        }

        /// Now, as `bounty`'s deadline sees it: past the nominal deadline this
        /// reads COS Credit's pause clock (one call), before it nothing.
        fn moment(&self, bounty: &task::Bounty) -> Result<Moment, BountyError> {
            Ok(bounty.moment(cos_common::millis(self.env().block_timestamp()), || {
                self.cos().paused_time()
            })?)
        }

        /// Posts a task: `reward` COS base units are pulled from the caller
        /// (who approved this contract on COS Credit for it) into escrow.
        /// `deadline` in block time (ms since the epoch); `description`: the
        /// hash of the task kept off-chain; `community`: where it was posted,
        /// if anywhere (for readers). Returns the bounty's id.
        ///
        /// # Errors
        /// `ZeroReward`, `DeadlineInPast`, `Overflow` (2^32 bounties), `Token`
        /// (COS Credit refused the pull).
        ///
        /// # Events
        /// `BountyPosted`.
        #[ink(message)]
        pub fn post(
            &mut self,
            reward: Balance,
            deadline: Timestamp,
            description: Hash,
            community: Option<CommunityRef>,
        ) -> Result<u32, BountyError> {
            let poster = self.env().caller();
            let bounty = task::Bounty::new(
                poster,
                reward,
                deadline,
                description,
                community,
                cos_common::millis(self.env().block_timestamp()),
                0,
            )?;
            // Checked first; then the one read of COS Credit's pause clock.
            let pause_clock = self.cos().paused_time()?;
            let bounty = task::Bounty { pause_clock, ..bounty };
            let id = self.count;
            self.count = id.checked_add(1).ok_or(BountyError::Overflow)?;
            self.bounties.insert(id, &bounty);
            self.env().emit_event(BountyPosted {
                id,
                poster,
                reward,
                deadline,
                credit: self.credit,
                pause_clock,
                description,
                community,
            });
            self.cos().transfer_from(poster, cos_common::this_contract(), reward)?;
            Ok(id)
        }

        /// Submits work (`content`: its hash) to bounty `id`; returns the
        /// submission's number. Anyone but the poster, before the deadline,
        /// while nothing is approved; a helper may submit several times.
        ///
        /// # Errors
        /// `UnknownBounty`, `Expired`, `NotOpen`, `PosterCannotSubmit`, `Overflow`.
        ///
        /// # Events
        /// `WorkSubmitted`.
        #[ink(message)]
        pub fn submit(&mut self, id: u32, content: Hash) -> Result<u32, BountyError> {
            let helper = self.env().caller();
            let now = cos_common::millis(self.env().block_timestamp());
            let mut bounty = self.load(id)?;
            let submission = bounty.submit(self.moment(&bounty)?, helper)?;
            self.bounties.insert(id, &bounty);
            self.submissions.insert(
                (id, submission),
                &Submission {
                    helper,
                    content,
                    submitted_at: now,
                },
            );
            self.env().emit_event(WorkSubmitted {
                id,
                submission,
                helper,
                content,
            });
            Ok(submission)
        }

        /// The poster approves `submission`: its helper gets the whole reward
        /// and the bounty closes.
        ///
        /// # Errors
        /// As [`split`](Self::split).
        ///
        /// # Events
        /// `SubmissionApproved`.
        #[ink(message)]
        pub fn approve(&mut self, id: u32, submission: u32) -> Result<(), BountyError> {
            let reward = self.load(id)?.reward;
            self.split(id, vec![(submission, reward)])
        }

        /// The poster splits the reward among submissions: `shares` of
        /// `(submission, amount)`, distinct submissions, no amount zero, at
        /// most `MAX_SHARES`, summing to the reward exactly. Every helper is
        /// paid in one all-or-nothing COS batch and the bounty closes.
        ///
        /// # Errors
        /// `UnknownBounty`, `NotPoster`, `Expired` (at or after the deadline),
        /// `NotOpen` (already awarded, cancelled or reclaimed), `NoShares`,
        /// `TooManyShares`, `UnknownSubmission`, `ZeroShare`,
        /// `DuplicateSubmission`, `SharesNotEqualToReward`, `Overflow`, `Token`.
        ///
        /// # Events
        /// `SubmissionApproved` for each share.
        #[ink(message)]
        pub fn split(&mut self, id: u32, shares: Vec<(u32, Balance)>) -> Result<(), BountyError> {
            let mut bounty = self.load(id)?;
            let at = self.moment(&bounty)?;
            bounty.award(at, self.env().caller(), &shares)?;
            self.bounties.insert(id, &bounty);
            let mut payments = Vec::with_capacity(shares.len());
            for &(submission, amount) in &shares {
                let helper = self
                    .submissions
                    .get((id, submission))
                    .ok_or(BountyError::UnknownSubmission)?
                    .helper;
                self.env().emit_event(SubmissionApproved {
                    id,
                    submission,
                    helper,
                    amount,
                });
                payments.push((helper, amount));
            }
            match payments.as_slice() {
                [(helper, amount)] => self.cos().transfer(*helper, *amount)?,
                _ => self.cos().batch_transfer(&payments)?,
            }
            Ok(())
        }

        /// The poster takes the escrow back while nothing is approved: before
        /// the deadline this cancels the bounty, after it this reclaims the
        /// expired escrow. Returns the COS paid back.
        ///
        /// # Errors
        /// `UnknownBounty`, `NotPoster`, `NotOpen` (already awarded, cancelled
        /// or reclaimed), `Token`.
        ///
        /// # Events
        /// `BountyClosed`.
        #[ink(message)]
        pub fn cancel(&mut self, id: u32) -> Result<Balance, BountyError> {
            let poster = self.env().caller();
            let mut bounty = self.load(id)?;
            let at = self.moment(&bounty)?;
            let expired = bounty.state(at) == BountyState::Expired;
            let returned = bounty.close(at, poster)?;
            self.bounties.insert(id, &bounty);
            self.env().emit_event(BountyClosed {
                id,
                poster,
                returned,
                expired,
            });
            self.cos().transfer(poster, returned)?;
            Ok(returned)
        }

        /// Bounty `id`, if it exists.
        #[ink(message)]
        pub fn bounty(&self, id: u32) -> Option<task::Bounty> {
            self.bounties.get(id)
        }

        /// Where bounty `id` stands now, if it exists (`None` also if COS
        /// Credit does not answer past the nominal deadline).
        #[ink(message)]
        pub fn state(&self, id: u32) -> Option<BountyState> {
            let bounty = self.bounties.get(id)?;
            Some(bounty.state(self.moment(&bounty).ok()?))
        }

        /// When bounty `id` stops taking submissions and approvals: its
        /// deadline moved by the COS pauses so far (a pause under way moves
        /// it further while it lasts). `None` if there is no such bounty or
        /// COS Credit does not answer.
        #[ink(message)]
        pub fn ends_at(&self, id: u32) -> Option<Timestamp> {
            let bounty = self.bounties.get(id)?;
            Some(bounty.ends_at(self.cos().paused_time().ok()?))
        }

        /// Submission number `submission` of bounty `id`, if it exists.
        #[ink(message)]
        pub fn submission(&self, id: u32, submission: u32) -> Option<Submission> {
            self.submissions.get((id, submission))
        }

        /// Bounties posted so far (ids are `0..count`).
        #[ink(message)]
        pub fn bounty_count(&self) -> u32 {
            self.count
        }

        /// The COS Credit contract rewards are paid in.
        #[ink(message)]
        pub fn credit(&self) -> AccountId {
            self.credit
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::{test, DefaultEnvironment};

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        fn as_caller(account: AccountId) {
            test::set_caller::<DefaultEnvironment>(account);
        }

        /// A board with one bounty (id 0, reward 100, deadline 1 000) written
        /// directly, as `post` would leave it, since unit tests cannot call
        /// COS Credit; the COS movements, and everything past the deadline
        /// (which reads COS Credit's pause clock), are tested with drink.
        fn board() -> Bounty {
            let a = accounts();
            as_caller(a.alice);
            test::set_block_timestamp::<DefaultEnvironment>(0);
            let mut board = Bounty::new(a.django);
            let bounty = task::Bounty::new(a.alice, 100, 1_000, Hash::from([1; 32]), None, 0, 0).unwrap();
            board.bounties.insert(0, &bounty);
            board.count = 1;
            board
        }

        #[ink::test]
        fn posting_checks_before_pulling() {
            let a = accounts();
            let mut board = board();
            assert_eq!(board.post(0, 10, Hash::default(), None), Err(BountyError::ZeroReward));
            assert_eq!(
                board.post(5, 0, Hash::default(), None),
                Err(BountyError::DeadlineInPast)
            );
            assert_eq!(board.bounty_count(), 1);
            assert_eq!(board.credit(), a.django);
            assert_eq!(test::recorded_events().count(), 0);
        }

        #[ink::test]
        fn submissions_are_numbered_and_recorded() {
            let a = accounts();
            let mut board = board();
            assert_eq!(board.submit(0, Hash::default()), Err(BountyError::PosterCannotSubmit));
            as_caller(a.bob);
            assert_eq!(board.submit(1, Hash::default()), Err(BountyError::UnknownBounty));
            assert_eq!(board.submit(0, Hash::from([5; 32])), Ok(0));
            as_caller(a.charlie);
            test::set_block_timestamp::<DefaultEnvironment>(999);
            assert_eq!(board.submit(0, Hash::from([6; 32])), Ok(1));
            let s = board.submission(0, 1).unwrap();
            assert_eq!(
                (s.helper, s.content, s.submitted_at),
                (a.charlie, Hash::from([6; 32]), 999)
            );
            assert_eq!(board.bounty(0).unwrap().submissions, 2);
            assert_eq!(test::recorded_events().count(), 2);
            assert_eq!(board.state(0), Some(BountyState::Open));
        }

        #[ink::test]
        fn approvals_are_the_posters_and_before_the_deadline() {
            let a = accounts();
            let mut board = board();
            as_caller(a.bob);
            board.submit(0, Hash::default()).unwrap();
            assert_eq!(
                board.approve(0, 0),
                Err(BountyError::NotPoster),
                "approval by a non-poster"
            );
            as_caller(a.alice);
            assert_eq!(board.approve(0, 1), Err(BountyError::UnknownSubmission));
            assert_eq!(board.split(0, vec![(0, 50)]), Err(BountyError::SharesNotEqualToReward));
            assert_eq!(board.bounty(0).unwrap().status, task::Status::Open);
            assert_eq!(test::recorded_events().count(), 1, "only WorkSubmitted");
        }
    }
}
