//! A bounty's rules as a plain value: the contract asks the bounty first,
//! writes second and moves COS last. Kept out of the contract so that the
//! rules are unit- and property-tested without a chain.
//!
//! Accounting, per bounty: `reward = paid + returned + held()`; `held()` is
//! the whole reward while the bounty is open and nothing once it is awarded,
//! cancelled or reclaimed, so the reward leaves the escrow exactly once.

pub use cos_common::deadline::{Moment, Timestamp};
use cos_common::{deadline, AccountId, CommunityRef, TokenError};
use ink::{prelude::vec::Vec, primitives::Hash};

/// The most shares a reward can be split into: one `batch_transfer` of COS
/// Credit pays them all, well inside its bound.
pub const MAX_SHARES: u32 = 16;

/// What became of a bounty's escrow, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Status {
    /// Held in escrow.
    Open,
    /// Paid to one or several helpers.
    Awarded,
    /// Returned to the poster, who cancelled before the deadline.
    Cancelled,
    /// Returned to the poster after the deadline.
    Reclaimed,
}

/// Where a bounty stands at a given time, as anyone can query it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum BountyState {
    /// Before the deadline: helpers submit, the poster may approve.
    Open,
    /// The deadline passed with nothing approved: the poster may take the
    /// escrow back; no submission or approval is accepted.
    Expired,
    /// The reward was paid.
    Awarded,
    /// The poster cancelled it and took the escrow back.
    Cancelled,
    /// The poster took the escrow back after the deadline.
    Reclaimed,
}

/// Every way a bounty call can fail. A failed call changes nothing.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum BountyError {
    /// No bounty has this id.
    UnknownBounty,
    /// The bounty has no submission with this number.
    UnknownSubmission,
    /// A reward of zero.
    ZeroReward,
    /// The deadline is not after the current block's time.
    DeadlineInPast,
    /// Only the poster approves, splits or cancels.
    NotPoster,
    /// The poster cannot submit work to their own bounty.
    PosterCannotSubmit,
    /// The bounty's deadline has passed: no submission or approval any more
    /// (the poster may take the escrow back with `cancel`).
    Expired,
    /// The bounty was already awarded, cancelled or reclaimed.
    NotOpen,
    /// A split with no shares.
    NoShares,
    /// A split with more than [`MAX_SHARES`] shares.
    TooManyShares,
    /// A share of zero.
    ZeroShare,
    /// The same submission twice in one split.
    DuplicateSubmission,
    /// The shares do not add up to the reward exactly.
    SharesNotEqualToReward,
    /// An amount would not fit in 128 bits.
    Overflow,
    /// COS Credit refused the payment (the poster's balance or allowance, a
    /// pause, a freeze): see the inner error.
    Token(TokenError),
}

impl From<TokenError> for BountyError {
    fn from(error: TokenError) -> Self {
        Self::Token(error)
    }
}

/// A bounty, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Bounty {
    pub poster: AccountId,
    /// COS base units held in escrow until awarded or returned.
    pub reward: u128,
    /// Block time (ms) from which no submission or approval is accepted,
    /// before any COS pause moves it ([`cos_common::deadline`]).
    pub deadline: Timestamp,
    /// COS Credit's pause clock when the bounty was posted: the deadline
    /// moves by the time paused since.
    pub pause_clock: u64,
    /// The hash of the task's description, kept off-chain.
    pub description: Hash,
    /// The community it was posted in, if any (informational: a bounty is
    /// the same bounty wherever it is shared).
    pub community: Option<CommunityRef>,
    /// Submissions received (numbered `0..submissions`).
    pub submissions: u32,
    pub status: Status,
    /// Paid to helpers.
    pub paid: u128,
    /// Returned to the poster.
    pub returned: u128,
}

/// A helper's work.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Submission {
    pub helper: AccountId,
    /// The hash of the work, kept off-chain.
    pub content: Hash,
    /// Block time of the submission.
    pub submitted_at: Timestamp,
}

impl Bounty {
    /// A new open bounty, checked: a reward above zero, a deadline after `now`.
    /// `pause_clock`: COS Credit's pause clock now.
    pub fn new(
        poster: AccountId,
        reward: u128,
        deadline: Timestamp,
        description: Hash,
        community: Option<CommunityRef>,
        now: Timestamp,
        pause_clock: u64,
    ) -> Result<Self, BountyError> {
        if reward == 0 {
            return Err(BountyError::ZeroReward);
        }
        if deadline <= now {
            return Err(BountyError::DeadlineInPast);
        }
        Ok(Self {
            poster,
            reward,
            deadline,
            pause_clock,
            description,
            community,
            submissions: 0,
            status: Status::Open,
            paid: 0,
            returned: 0,
        })
    }

    /// The moment `now` as this bounty's deadline sees it: `read` reads COS
    /// Credit's pause clock, only once the nominal deadline has passed.
    pub fn moment<E>(&self, now: Timestamp, read: impl FnOnce() -> Result<u64, E>) -> Result<Moment, E> {
        deadline::moment(now, self.deadline, self.pause_clock, read)
    }

    /// The deadline moved by the pauses up to the clock's reading `clock`.
    pub fn ends_at(&self, clock: u64) -> Timestamp {
        deadline::moved(self.deadline, self.pause_clock, clock)
    }

    /// Where the bounty stands at `at`.
    pub fn state(&self, at: Moment) -> BountyState {
        match self.status {
            Status::Open if deadline::passed(self.deadline, self.pause_clock, at) => BountyState::Expired,
            Status::Open => BountyState::Open,
            Status::Awarded => BountyState::Awarded,
            Status::Cancelled => BountyState::Cancelled,
            Status::Reclaimed => BountyState::Reclaimed,
        }
    }

    /// COS the contract holds for this bounty.
    pub fn held(&self) -> u128 {
        if self.status == Status::Open {
            self.reward
        } else {
            0
        }
    }

    fn ensure_open(&self, at: Moment) -> Result<(), BountyError> {
        match self.state(at) {
            BountyState::Open => Ok(()),
            BountyState::Expired => Err(BountyError::Expired),
            _ => Err(BountyError::NotOpen),
        }
    }

    /// Records a submission by `helper`; returns its number.
    pub fn submit(&mut self, at: Moment, helper: AccountId) -> Result<u32, BountyError> {
        self.ensure_open(at)?;
        if helper == self.poster {
            return Err(BountyError::PosterCannotSubmit);
        }
        let number = self.submissions;
        self.submissions = number.checked_add(1).ok_or(BountyError::Overflow)?;
        Ok(number)
    }

    /// The poster awards the reward as `shares` of `(submission, amount)`:
    /// one share of the whole reward approves one submission. Checks every
    /// share (distinct known submissions, none zero, at most [`MAX_SHARES`],
    /// summing to the reward exactly) and closes the bounty.
    pub fn award(&mut self, at: Moment, caller: AccountId, shares: &[(u32, u128)]) -> Result<(), BountyError> {
        if caller != self.poster {
            return Err(BountyError::NotPoster);
        }
        self.ensure_open(at)?;
        if shares.is_empty() {
            return Err(BountyError::NoShares);
        }
        if shares.len() > MAX_SHARES as usize {
            return Err(BountyError::TooManyShares);
        }
        let mut total: u128 = 0;
        for (i, &(submission, amount)) in shares.iter().enumerate() {
            if submission >= self.submissions {
                return Err(BountyError::UnknownSubmission);
            }
            if amount == 0 {
                return Err(BountyError::ZeroShare);
            }
            if shares[..i].iter().any(|&(s, _)| s == submission) {
                return Err(BountyError::DuplicateSubmission);
            }
            total = total.checked_add(amount).ok_or(BountyError::Overflow)?;
        }
        if total != self.reward {
            return Err(BountyError::SharesNotEqualToReward);
        }
        self.status = Status::Awarded;
        self.paid = total;
        Ok(())
    }

    /// The poster takes the escrow back: a cancellation before the deadline,
    /// a reclaim after it. Returns the amount to pay back.
    pub fn close(&mut self, at: Moment, caller: AccountId) -> Result<u128, BountyError> {
        if caller != self.poster {
            return Err(BountyError::NotPoster);
        }
        self.status = match self.state(at) {
            BountyState::Open => Status::Cancelled,
            BountyState::Expired => Status::Reclaimed,
            _ => return Err(BountyError::NotOpen),
        };
        self.returned = self.reward;
        Ok(self.reward)
    }
}

/// The payments of an award, in order, helper by helper.
pub fn payments(shares: &[(u32, u128)], helper_of: impl Fn(u32) -> AccountId) -> Vec<(AccountId, u128)> {
    shares.iter().map(|&(s, amount)| (helper_of(s), amount)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    const POSTER: AccountId = ink::primitives::AccountId([1; 32]);
    const HELPER: AccountId = ink::primitives::AccountId([2; 32]);
    const DEADLINE: Timestamp = 1_000;

    fn bounty(reward: u128) -> Bounty {
        Bounty::new(POSTER, reward, DEADLINE, Hash::from([3; 32]), None, 0, 0).unwrap()
    }

    /// `now`, with COS never paused.
    fn at(now: Timestamp) -> Moment {
        Moment { now, clock: 0 }
    }

    #[test]
    fn creation_is_checked() {
        assert_eq!(
            Bounty::new(POSTER, 0, 10, Hash::default(), None, 0, 0),
            Err(BountyError::ZeroReward)
        );
        assert_eq!(
            Bounty::new(POSTER, 1, 10, Hash::default(), None, 10, 0),
            Err(BountyError::DeadlineInPast)
        );
    }

    #[test]
    fn one_submission_approved_pays_the_whole_reward_once() {
        let mut b = bounty(100);
        assert_eq!(b.submit(at(1), POSTER), Err(BountyError::PosterCannotSubmit));
        assert_eq!(b.submit(at(1), HELPER), Ok(0));
        assert_eq!(b.submit(at(2), HELPER), Ok(1));
        assert_eq!(
            b.award(at(3), HELPER, &[(0, 100)]),
            Err(BountyError::NotPoster),
            "non-poster"
        );
        assert_eq!(b.award(at(3), POSTER, &[(2, 100)]), Err(BountyError::UnknownSubmission));
        assert_eq!(
            b.award(at(3), POSTER, &[(0, 99)]),
            Err(BountyError::SharesNotEqualToReward)
        );
        assert_eq!(b.award(at(3), POSTER, &[(0, 100)]), Ok(()));
        assert_eq!(
            b.award(at(4), POSTER, &[(1, 100)]),
            Err(BountyError::NotOpen),
            "paid twice"
        );
        assert_eq!(b.close(at(4), POSTER), Err(BountyError::NotOpen));
        assert_eq!(b.submit(at(4), HELPER), Err(BountyError::NotOpen));
        assert_eq!(
            (b.paid, b.returned, b.held(), b.state(at(4))),
            (100, 0, 0, BountyState::Awarded)
        );
    }

    #[test]
    fn splits_are_checked_share_by_share() {
        let mut b = bounty(10);
        for _ in 0..3 {
            b.submit(at(1), HELPER).unwrap();
        }
        assert_eq!(b.award(at(2), POSTER, &[]), Err(BountyError::NoShares));
        assert_eq!(
            b.award(at(2), POSTER, &[(0, 5), (0, 5)]),
            Err(BountyError::DuplicateSubmission)
        );
        assert_eq!(b.award(at(2), POSTER, &[(0, 10), (1, 0)]), Err(BountyError::ZeroShare));
        assert_eq!(
            b.award(at(2), POSTER, &[(0, 6), (1, 5)]),
            Err(BountyError::SharesNotEqualToReward)
        );
        assert_eq!(
            b.award(at(2), POSTER, &[(0, u128::MAX), (1, 5)]),
            Err(BountyError::Overflow)
        );
        let many: Vec<_> = (0..=MAX_SHARES).map(|s| (s, 1)).collect();
        assert_eq!(b.award(at(2), POSTER, &many), Err(BountyError::TooManyShares));
        assert_eq!(b.award(at(2), POSTER, &[(2, 3), (0, 7)]), Ok(()));
        assert_eq!(b.paid, 10);
    }

    #[test]
    fn the_escrow_returns_on_cancellation_or_after_expiry_only_to_the_poster() {
        let mut b = bounty(10);
        b.submit(at(1), HELPER).unwrap();
        assert_eq!(b.close(at(2), HELPER), Err(BountyError::NotPoster));
        assert_eq!(b.close(at(2), POSTER), Ok(10));
        assert_eq!(b.state(at(2)), BountyState::Cancelled);
        assert_eq!(b.close(at(3), POSTER), Err(BountyError::NotOpen), "returned twice");

        let mut b = bounty(10);
        b.submit(at(1), HELPER).unwrap();
        assert_eq!(b.state(at(DEADLINE)), BountyState::Expired);
        assert_eq!(b.submit(at(DEADLINE), HELPER), Err(BountyError::Expired));
        assert_eq!(
            b.award(at(DEADLINE), POSTER, &[(0, 10)]),
            Err(BountyError::Expired),
            "approval after expiry"
        );
        assert_eq!(b.close(at(DEADLINE), POSTER), Ok(10));
        assert_eq!(
            (b.state(at(DEADLINE)), b.returned, b.paid),
            (BountyState::Reclaimed, 10, 0)
        );
    }

    #[derive(Debug, Clone)]
    enum Step {
        Wait(u64),
        /// Time passes with COS paused.
        Paused(u64),
        Submit(bool),
        Award(bool, Vec<(u32, u128)>),
        Close(bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (1u64..300).prop_map(Step::Wait),
            (1u64..300).prop_map(Step::Paused),
            any::<bool>().prop_map(Step::Submit),
            (any::<bool>(), prop::collection::vec((0u32..6, 0u128..60), 0..5)).prop_map(|(p, s)| Step::Award(p, s)),
            any::<bool>().prop_map(Step::Close),
        ]
    }

    proptest! {
        /// Random steps with time passing between them, paused or not (the
        /// deadline counts unpaused time only): escrow in = paid +
        /// returned + held after every step, the reward leaves the escrow once
        /// (paid or returned, never both, never twice), no submission is paid
        /// twice, nothing is approved by another than the poster or after the
        /// deadline, and a refused step changes nothing.
        #[test]
        fn the_escrow_leaves_once(reward in 1u128..120, steps in prop::collection::vec(step(), 1..40)) {
            let mut b = bounty(reward);
            let (mut now, mut clock): (Timestamp, u64) = (0, 0);
            let mut paid_submissions = BTreeSet::new();
            let mut payouts = 0u32;
            for step in steps {
                let before = b.clone();
                let result = match step {
                    Step::Wait(ms) => { now += ms; Ok(()) }
                    Step::Paused(ms) => { now += ms; clock += ms; Ok(()) }
                    Step::Submit(helper) => b.submit(Moment { now, clock }, if helper { HELPER } else { POSTER }).map(|_| ()),
                    Step::Award(poster, mut shares) => {
                        // Make the shares sum to the reward in some cases.
                        let sum: u128 = shares.iter().map(|s| s.1).sum();
                        if poster && sum < reward {
                            if let Some(last) = shares.last_mut() { last.1 += reward - sum; }
                        }
                        let caller = if poster { POSTER } else { HELPER };
                        let result = b.award(Moment { now, clock }, caller, &shares);
                        if result.is_ok() {
                            prop_assert!(poster && now - clock < DEADLINE, "approved after the moved deadline");
                            payouts += 1;
                            for (s, _) in &shares {
                                prop_assert!(paid_submissions.insert(*s), "submission paid twice");
                            }
                            prop_assert_eq!(shares.iter().map(|s| s.1).sum::<u128>(), reward);
                        }
                        result
                    }
                    Step::Close(poster) => b.close(Moment { now, clock }, if poster { POSTER } else { HELPER }).map(|_| ()),
                };
                if result.is_err() {
                    prop_assert_eq!(&b, &before, "a refused step changed the bounty");
                }
                prop_assert_eq!(reward, b.paid + b.returned + b.held());
                prop_assert!(b.paid == 0 || b.returned == 0);
                prop_assert!(payouts <= 1);
            }
        }
    }
}
