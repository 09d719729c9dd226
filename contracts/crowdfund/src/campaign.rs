//! A campaign's rules as a plain value: every message of the contract asks the
//! campaign first, writes second and moves COS last. Kept out of the contract
//! so that the rules are unit- and property-tested without a chain.
//!
//! Accounting, per campaign: `raised = claimed + refunded + held()`, and the
//! contract holds `held()` COS for it. A pledge raises `raised`; a claim moves
//! COS from held to `claimed`, a refund from held to `refunded`; nothing else
//! changes them.

pub use cos_common::deadline::{Moment, Timestamp};
use cos_common::AccountId;
use cos_common::{deadline, CommunityRef, TokenError};
use ink::primitives::Hash;

/// What happens to the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Kind {
    /// The beneficiary gets the pledges only if they reach the goal by the
    /// deadline; otherwise every pledger takes their pledge back.
    AllOrNothing,
    /// The beneficiary claims whatever has been pledged, at any time; the goal
    /// is a target shown to donors.
    Donation,
}

/// Where a campaign stands, as anyone can query it
/// ([`Crowdfund::state`](crate::crowdfund::Crowdfund::state)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum CampaignState {
    /// Before the deadline: pledges are accepted (a donation campaign's
    /// beneficiary may already claim).
    Open,
    /// All-or-nothing, the deadline passed with the goal reached: the
    /// beneficiary may claim.
    Succeeded,
    /// All-or-nothing, succeeded and claimed.
    Claimed,
    /// All-or-nothing, the deadline passed short of the goal: pledgers take
    /// their pledges back.
    Failed,
    /// A donation campaign past its deadline: no more pledges, the beneficiary
    /// may still claim what is left.
    Ended,
    /// The creator cancelled it before the deadline: pledgers take their
    /// pledges back.
    Cancelled,
}

/// Every way a crowdfund call can fail. A failed call changes nothing.
#[derive(Debug, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[allow(clippy::cast_possible_truncation)]
pub enum CrowdfundError {
    /// No campaign has this id.
    UnknownCampaign,
    /// A pledge of zero.
    ZeroAmount,
    /// A campaign needs a goal above zero.
    ZeroGoal,
    /// The deadline is not after the current block's time.
    DeadlineInPast,
    /// The deadline has passed: too late to pledge or to cancel.
    Ended,
    /// The campaign was cancelled: no pledges, no claim; pledgers take theirs back.
    Cancelled,
    /// The creator and the beneficiary cannot pledge to an all-or-nothing
    /// campaign: their pledge would meet the goal they set for others.
    InsiderPledge,
    /// Only the creator cancels.
    NotCreator,
    /// An all-or-nothing campaign cannot be claimed before its deadline.
    StillOpen,
    /// The all-or-nothing campaign missed its goal: nothing to claim, pledgers
    /// take their pledges back.
    GoalNotReached,
    /// The campaign has already been claimed (an all-or-nothing campaign is
    /// claimed once; a donation campaign with claims can no longer be cancelled).
    AlreadyClaimed,
    /// A donation campaign with nothing pledged since the last claim.
    NothingToClaim,
    /// Refunds are for failed or cancelled campaigns only.
    NotRefundable,
    /// The caller has no pledge in the campaign, or took it back already.
    NothingToRefund,
    /// An amount would not fit in 128 bits.
    Overflow,
    /// COS Credit refused the payment (the pledger's balance or allowance, a
    /// pause, a freeze): see the inner error.
    Token(TokenError),
}

impl From<TokenError> for CrowdfundError {
    fn from(error: TokenError) -> Self {
        Self::Token(error)
    }
}

/// A campaign, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Campaign {
    /// Who started it (and alone may cancel it).
    pub creator: AccountId,
    /// Who receives the money.
    pub beneficiary: AccountId,
    pub kind: Kind,
    /// COS base units.
    pub goal: u128,
    /// Block time from which no pledge is accepted, before any COS pause
    /// moves it ([`cos_common::deadline`]).
    pub deadline: Timestamp,
    /// COS Credit's pause clock when the campaign started: the deadline
    /// moves by the time paused since.
    pub pause_clock: u64,
    /// The hash of the campaign's description, kept off-chain.
    pub description: Hash,
    /// The community it is for, if any.
    pub community: Option<CommunityRef>,
    /// Everything ever pledged.
    pub raised: u128,
    /// Accounts that pledged.
    pub pledgers: u32,
    /// Paid to the beneficiary.
    pub claimed: u128,
    /// Paid back to pledgers.
    pub refunded: u128,
    pub cancelled: bool,
}

impl Campaign {
    /// A new campaign, checked: a goal above zero, a deadline after `now`.
    /// `pause_clock`: COS Credit's pause clock now.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        creator: AccountId,
        beneficiary: AccountId,
        kind: Kind,
        goal: u128,
        deadline: Timestamp,
        description: Hash,
        community: Option<CommunityRef>,
        now: Timestamp,
        pause_clock: u64,
    ) -> Result<Self, CrowdfundError> {
        if goal == 0 {
            return Err(CrowdfundError::ZeroGoal);
        }
        if deadline <= now {
            return Err(CrowdfundError::DeadlineInPast);
        }
        Ok(Self {
            creator,
            beneficiary,
            kind,
            goal,
            deadline,
            pause_clock,
            description,
            community,
            raised: 0,
            pledgers: 0,
            claimed: 0,
            refunded: 0,
            cancelled: false,
        })
    }

    /// The moment `now` as this campaign's deadline sees it: `read` reads COS
    /// Credit's pause clock, only once the nominal deadline has passed.
    pub fn moment<E>(&self, now: Timestamp, read: impl FnOnce() -> Result<u64, E>) -> Result<Moment, E> {
        deadline::moment(now, self.deadline, self.pause_clock, read)
    }

    /// The deadline moved by the pauses up to the clock's reading `clock`.
    pub fn ends_at(&self, clock: u64) -> Timestamp {
        deadline::moved(self.deadline, self.pause_clock, clock)
    }

    /// Where the campaign stands at `at`.
    pub fn state(&self, at: Moment) -> CampaignState {
        if self.cancelled {
            CampaignState::Cancelled
        } else if !deadline::passed(self.deadline, self.pause_clock, at) {
            CampaignState::Open
        } else if self.kind == Kind::Donation {
            CampaignState::Ended
        } else if self.raised < self.goal {
            CampaignState::Failed
        } else if self.claimed > 0 {
            CampaignState::Claimed
        } else {
            CampaignState::Succeeded
        }
    }

    /// COS the contract holds for this campaign.
    pub fn held(&self) -> u128 {
        // Never underflows: claims and refunds only move what was raised.
        self.raised.saturating_sub(self.claimed).saturating_sub(self.refunded)
    }

    /// Records `pledger`'s pledge of `amount` (`first`: the pledger's first
    /// in this campaign). Refused after the deadline, once cancelled, and
    /// from the creator or the beneficiary of an all-or-nothing campaign
    /// (who could otherwise top up the missing amount in the last block and
    /// take every other pledge).
    pub fn pledge(&mut self, at: Moment, pledger: AccountId, amount: u128, first: bool) -> Result<(), CrowdfundError> {
        if amount == 0 {
            return Err(CrowdfundError::ZeroAmount);
        }
        match self.state(at) {
            CampaignState::Open => {}
            CampaignState::Cancelled => return Err(CrowdfundError::Cancelled),
            _ => return Err(CrowdfundError::Ended),
        }
        if self.kind == Kind::AllOrNothing && (pledger == self.creator || pledger == self.beneficiary) {
            return Err(CrowdfundError::InsiderPledge);
        }
        self.raised = self.raised.checked_add(amount).ok_or(CrowdfundError::Overflow)?;
        if first {
            self.pledgers = self.pledgers.saturating_add(1);
        }
        Ok(())
    }

    /// The claim, paid to the beneficiary whoever triggers it: all that was
    /// raised (all-or-nothing, once, after a successful deadline) or all not
    /// yet claimed (donation, any time). Returns the amount to pay.
    pub fn claim(&mut self, at: Moment) -> Result<u128, CrowdfundError> {
        match (self.kind, self.state(at)) {
            (_, CampaignState::Cancelled) => Err(CrowdfundError::Cancelled),
            (Kind::AllOrNothing, CampaignState::Open) => Err(CrowdfundError::StillOpen),
            (Kind::AllOrNothing, CampaignState::Failed) => Err(CrowdfundError::GoalNotReached),
            (Kind::AllOrNothing, CampaignState::Claimed) => Err(CrowdfundError::AlreadyClaimed),
            _ => {
                let amount = self.held();
                if amount == 0 {
                    return Err(CrowdfundError::NothingToClaim);
                }
                self.claimed = self.claimed.checked_add(amount).ok_or(CrowdfundError::Overflow)?;
                Ok(amount)
            }
        }
    }

    /// A pledger takes back `pledged` (what they pledged and have not taken
    /// back) from a failed or cancelled campaign. Returns the amount to pay.
    pub fn refund(&mut self, at: Moment, pledged: u128) -> Result<u128, CrowdfundError> {
        if !matches!(self.state(at), CampaignState::Failed | CampaignState::Cancelled) {
            return Err(CrowdfundError::NotRefundable);
        }
        if pledged == 0 {
            return Err(CrowdfundError::NothingToRefund);
        }
        if pledged > self.held() {
            // Unreachable while the per-pledger ledger sums to `raised`.
            return Err(CrowdfundError::Overflow);
        }
        self.refunded = self.refunded.checked_add(pledged).ok_or(CrowdfundError::Overflow)?;
        Ok(pledged)
    }

    /// The creator cancels before the deadline. A donation campaign whose
    /// beneficiary has claimed cannot be cancelled: what was claimed cannot be
    /// refunded.
    pub fn cancel(&mut self, at: Moment, caller: AccountId) -> Result<(), CrowdfundError> {
        if caller != self.creator {
            return Err(CrowdfundError::NotCreator);
        }
        match self.state(at) {
            CampaignState::Open => {}
            CampaignState::Cancelled => return Err(CrowdfundError::Cancelled),
            _ => return Err(CrowdfundError::Ended),
        }
        if self.claimed > 0 {
            return Err(CrowdfundError::AlreadyClaimed);
        }
        self.cancelled = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    const CREATOR: AccountId = ink::primitives::AccountId([1; 32]);
    const BENEFICIARY: AccountId = ink::primitives::AccountId([2; 32]);
    const PLEDGER: AccountId = ink::primitives::AccountId([3; 32]);
    const DEADLINE: Timestamp = 1_000;

    fn campaign(kind: Kind, goal: u128) -> Campaign {
        Campaign::new(
            CREATOR,
            BENEFICIARY,
            kind,
            goal,
            DEADLINE,
            Hash::from([7; 32]),
            None,
            0,
            0,
        )
        .unwrap()
    }

    /// `now`, with COS never paused.
    fn at(now: Timestamp) -> Moment {
        Moment { now, clock: 0 }
    }

    #[test]
    fn creation_is_checked() {
        let new = |goal, deadline| {
            Campaign::new(
                CREATOR,
                BENEFICIARY,
                Kind::Donation,
                goal,
                deadline,
                Hash::default(),
                None,
                10,
                0,
            )
        };
        assert_eq!(new(0, 20), Err(CrowdfundError::ZeroGoal));
        assert_eq!(new(5, 10), Err(CrowdfundError::DeadlineInPast));
        assert_eq!(new(5, 9), Err(CrowdfundError::DeadlineInPast));
        assert!(new(5, 11).is_ok());
    }

    #[test]
    fn all_or_nothing_succeeds_once() {
        let mut c = campaign(Kind::AllOrNothing, 100);
        c.pledge(at(0), PLEDGER, 60, true).unwrap();
        c.pledge(at(999), PLEDGER, 40, true).unwrap();
        assert_eq!(
            c.pledge(at(DEADLINE), PLEDGER, 1, true),
            Err(CrowdfundError::Ended),
            "late pledge"
        );
        assert_eq!(c.claim(at(999)), Err(CrowdfundError::StillOpen), "claim before success");
        assert_eq!(
            c.pledge(at(999), BENEFICIARY, 1, true),
            Err(CrowdfundError::InsiderPledge)
        );
        assert_eq!(c.pledge(at(999), CREATOR, 1, true), Err(CrowdfundError::InsiderPledge));
        assert_eq!(c.state(at(DEADLINE)), CampaignState::Succeeded);
        assert_eq!(c.refund(at(DEADLINE), 60), Err(CrowdfundError::NotRefundable));
        assert_eq!(c.claim(at(DEADLINE)), Ok(100));
        assert_eq!(c.state(at(DEADLINE)), CampaignState::Claimed);
        assert_eq!(
            c.claim(at(DEADLINE + 5)),
            Err(CrowdfundError::AlreadyClaimed),
            "double claim"
        );
        assert_eq!((c.raised, c.claimed, c.held(), c.pledgers), (100, 100, 0, 2));
        assert_eq!(c.cancel(at(DEADLINE), CREATOR), Err(CrowdfundError::Ended));
    }

    #[test]
    fn insiders_may_give_to_a_donation_campaign() {
        let mut c = campaign(Kind::Donation, 100);
        c.pledge(at(1), BENEFICIARY, 5, true).unwrap();
        c.pledge(at(1), CREATOR, 5, true).unwrap();
        assert_eq!(c.raised, 10);
    }

    #[test]
    fn all_or_nothing_fails_and_refunds() {
        let mut c = campaign(Kind::AllOrNothing, 100);
        c.pledge(at(0), PLEDGER, 99, true).unwrap();
        assert_eq!(
            c.refund(at(999), 99),
            Err(CrowdfundError::NotRefundable),
            "refund while open"
        );
        assert_eq!(c.state(at(DEADLINE)), CampaignState::Failed);
        assert_eq!(c.claim(at(DEADLINE)), Err(CrowdfundError::GoalNotReached));
        assert_eq!(c.refund(at(DEADLINE), 0), Err(CrowdfundError::NothingToRefund));
        assert_eq!(c.refund(at(DEADLINE), 99), Ok(99));
        assert_eq!(c.held(), 0);
        assert_eq!(
            c.refund(at(DEADLINE), 1),
            Err(CrowdfundError::Overflow),
            "more than held"
        );
    }

    #[test]
    fn donation_claims_as_it_goes_and_cannot_be_cancelled_after() {
        let mut c = campaign(Kind::Donation, 1_000);
        assert_eq!(c.claim(at(1)), Err(CrowdfundError::NothingToClaim));
        c.pledge(at(1), PLEDGER, 30, true).unwrap();
        assert_eq!(c.claim(at(2)), Ok(30));
        assert_eq!(c.claim(at(3)), Err(CrowdfundError::NothingToClaim), "double claim");
        c.pledge(at(4), PLEDGER, 20, false).unwrap();
        assert_eq!(c.cancel(at(5), CREATOR), Err(CrowdfundError::AlreadyClaimed));
        assert_eq!(c.state(at(DEADLINE)), CampaignState::Ended);
        assert_eq!(c.pledge(at(DEADLINE), PLEDGER, 1, true), Err(CrowdfundError::Ended));
        assert_eq!(c.claim(at(DEADLINE + 1)), Ok(20), "claims after the deadline too");
        assert_eq!(c.refund(at(DEADLINE), 20), Err(CrowdfundError::NotRefundable));
        assert_eq!((c.raised, c.claimed, c.pledgers), (50, 50, 1));
    }

    #[test]
    fn cancellation_refunds_and_closes() {
        let mut c = campaign(Kind::Donation, 10);
        c.pledge(at(0), PLEDGER, 10, true).unwrap();
        assert_eq!(c.cancel(at(1), BENEFICIARY), Err(CrowdfundError::NotCreator));
        c.cancel(at(1), CREATOR).unwrap();
        assert_eq!(c.cancel(at(2), CREATOR), Err(CrowdfundError::Cancelled));
        assert_eq!(c.pledge(at(2), PLEDGER, 1, true), Err(CrowdfundError::Cancelled));
        assert_eq!(c.claim(at(2)), Err(CrowdfundError::Cancelled));
        assert_eq!(c.state(at(DEADLINE + 1)), CampaignState::Cancelled);
        assert_eq!(c.refund(at(2), 10), Ok(10));
    }

    #[derive(Debug, Clone)]
    enum Step {
        Wait(u64),
        /// Time passes with COS paused.
        Paused(u64),
        Pledge(u8, u128),
        Claim,
        Refund(u8),
        Cancel(bool),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (1u64..400).prop_map(Step::Wait),
            (1u64..400).prop_map(Step::Paused),
            (0u8..4, 0u128..1_000).prop_map(|(p, a)| Step::Pledge(p, a)),
            Just(Step::Claim),
            (0u8..4).prop_map(Step::Refund),
            any::<bool>().prop_map(Step::Cancel),
        ]
    }

    proptest! {
        /// Random steps with time passing between them, paused or not:
        /// the deadline counts unpaused time only; pledged = claimed +
        /// refunded + held after every step, no pledger is refunded more than
        /// they pledged, an all-or-nothing campaign pays its beneficiary once
        /// and only after a successful deadline, never takes its
        /// beneficiary's pledge, and a refused step changes nothing.
        #[test]
        fn money_is_conserved(
            all_or_nothing in any::<bool>(),
            goal in 1u128..2_000,
            steps in prop::collection::vec(step(), 1..60),
        ) {
            let kind = if all_or_nothing { Kind::AllOrNothing } else { Kind::Donation };
            let mut c = campaign(kind, goal);
            let (mut now, mut clock): (Timestamp, u64) = (0, 0);
            let mut ledger: BTreeMap<u8, u128> = BTreeMap::new();
            let (mut pledged, mut paid_out, mut claims) = (0u128, 0u128, 0u32);
            for step in steps {
                let before = c.clone();
                let result = match step {
                    Step::Wait(ms) => { now += ms; Ok(()) }
                    Step::Paused(ms) => { now += ms; clock += ms; Ok(()) }
                    Step::Pledge(who, amount) => {
                        // Member 0 is the beneficiary: refused on an
                        // all-or-nothing campaign, welcome on a donation one.
                        let pledger = if who == 0 { BENEFICIARY } else { ink::primitives::AccountId([10 + who; 32]) };
                        let first = !ledger.contains_key(&who);
                        let result = c.pledge(Moment { now, clock }, pledger, amount, first);
                        if who == 0 && kind == Kind::AllOrNothing && amount > 0 {
                            prop_assert!(result.is_err(), "an insider pledged");
                            if c.state(Moment { now, clock }) == CampaignState::Open {
                                prop_assert_eq!(&result, &Err(CrowdfundError::InsiderPledge));
                            }
                        }
                        if result.is_ok() {
                            prop_assert!(now - clock < DEADLINE, "a pledge after the unpaused time ran out");
                        }
                        result.map(|()| {
                            *ledger.entry(who).or_default() += amount;
                            pledged += amount;
                        })
                    }
                    Step::Claim => {
                        let state = c.state(Moment { now, clock });
                        let result = c.claim(Moment { now, clock });
                        if let Ok(amount) = result {
                            if kind == Kind::AllOrNothing {
                                prop_assert_eq!(state, CampaignState::Succeeded);
                                prop_assert!(c.raised >= goal && now - clock >= DEADLINE, "claimed before the moved deadline");
                            }
                            claims += 1;
                            paid_out += amount;
                        }
                        result.map(|_| ())
                    }
                    Step::Refund(who) => {
                        let owed = ledger.get(&who).copied().unwrap_or(0);
                        let result = c.refund(Moment { now, clock }, owed);
                        if let Ok(amount) = result {
                            prop_assert_eq!(amount, owed);
                            ledger.insert(who, 0);
                            paid_out += amount;
                        }
                        result.map(|_| ())
                    }
                    Step::Cancel(right) => c.cancel(Moment { now, clock }, if right { CREATOR } else { BENEFICIARY }),
                };
                if result.is_err() {
                    prop_assert_eq!(&c, &before, "a refused step changed the campaign");
                }
                prop_assert_eq!(c.raised, pledged);
                prop_assert_eq!(c.raised, c.claimed + c.refunded + c.held());
                prop_assert_eq!(c.claimed + c.refunded, paid_out);
                prop_assert!(c.claimed == 0 || c.refunded == 0, "both claimed and refunded");
                if kind == Kind::AllOrNothing {
                    prop_assert!(claims <= 1, "claimed twice");
                }
            }
        }
    }
}
