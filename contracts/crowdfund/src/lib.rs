//! # COS crowdfund
//!
//! Members raise COS for projects and causes (SPEC.md C4; white paper 000,
//! "众筹和募捐系统"). Anyone starts a campaign with a beneficiary, a goal, a
//! deadline (block time), a description hash and a [`Kind`]:
//!
//! - **all-or-nothing**: the beneficiary is paid everything, once, if the
//!   pledges of others reach the goal by the deadline; if they do not, each
//!   pledger [`refund`](crowdfund::Crowdfund::refund)s their own pledge. The
//!   creator and the beneficiary cannot pledge to it: a top-up of their own
//!   in the last block would meet the goal set for others and take every
//!   pledge;
//! - **donation**: the beneficiary is paid what has been pledged, at any time
//!   and as often as there is something new.
//!
//! Anyone may [`claim`](crowdfund::Crowdfund::claim): the COS always goes to
//! the beneficiary, so a beneficiary that cannot sign (a contract such as the
//! donation quota, a sub-token's reserve or a bounty board) is paid too.
//!
//! Pledges are COS ([`pledge`](crowdfund::Crowdfund::pledge) pulls them with
//! `transfer_from`: approve this contract on COS Credit first) and are accepted
//! until the deadline. A deadline counts unpaused time only: while COS
//! Credit is paused nobody can pledge, so a pause moves every deadline by its
//! length (`cos_common::deadline`; past the nominal deadline each message
//! reads COS Credit's pause clock once). The creator may [`cancel`](crowdfund::Crowdfund::cancel)
//! before the deadline (a donation campaign only while nothing has been
//! claimed); every pledger of a cancelled campaign then refunds themselves.
//! Refunds are pulled by each pledger: no message loops over pledgers, so a
//! campaign of any size costs the same per call.
//!
//! **Invariant**, per campaign: `raised = claimed + refunded + held`, and the
//! contract holds the sum of every campaign's `held` COS. Nobody owns this
//! contract: no one can move the COS it holds except as the rules above say.
//! Checks, effects, then the one COS call last; if COS Credit refuses, the
//! message returns the error and ink! reverts all of it.

#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod campaign;
pub mod events;

pub use campaign::{Campaign, CampaignState, CrowdfundError, Kind, Timestamp};
pub use cos_common::CommunityRef;

#[ink::contract(env = cos_common::Env)]
pub mod crowdfund {
    use crate::{
        campaign::{Campaign, CampaignState, CrowdfundError, Kind, Moment},
        events::{CampaignCancelled, CampaignCreated, Claimed, Pledged, Refunded},
        CommunityRef,
    };
    use cos_common::token::CreditClient;
    use ink::storage::Mapping;

    /// Campaigns and pledges, in COS.
    #[ink(storage)]
    pub struct Crowdfund {
        credit: AccountId,
        campaigns: Mapping<u32, Campaign>,
        /// COS each account pledged to each campaign and has not taken back.
        pledges: Mapping<(u32, AccountId), Balance>,
        /// Campaigns ever created: the next one's id.
        count: u32,
    }

    impl Crowdfund {
        /// Deploys a crowdfund for the COS Credit at `credit`.
        #[ink(constructor)]
        pub fn new(credit: AccountId) -> Self {
            Self {
                credit,
                campaigns: Mapping::default(),
                pledges: Mapping::default(),
                count: 0,
            }
        }

        fn cos(&self) -> CreditClient {
            CreditClient::new(self.credit)
        }

        fn load(&self, id: u32) -> Result<Campaign, CrowdfundError> {
            self.campaigns.get(id).ok_or(CrowdfundError::UnknownCampaign)
        }

        /// Now, as `campaign`'s deadline sees it: past the nominal deadline
        /// this reads COS Credit's pause clock (one call), before it nothing.
        fn moment(&self, campaign: &Campaign) -> Result<Moment, CrowdfundError> {
            Ok(campaign.moment(cos_common::millis(self.env().block_timestamp()), || {
                self.cos().paused_time()
            })?)
        }

        /// Starts a campaign for `beneficiary` (the caller is its creator) and
        /// returns its id (ids count up from 0). `goal` in COS base units;
        /// `deadline` in block time (ms since the epoch); `description`: the
        /// hash of the text kept off-chain; `community`: the community it is
        /// for, if any (for readers). The deadline counts unpaused time only: a
        /// COS pause moves it by its length (the campaign keeps COS Credit's
        /// pause clock, read here).
        ///
        /// # Errors
        /// `ZeroGoal`, `DeadlineInPast`, `Overflow` (2^32 campaigns), `Token`
        /// (COS Credit did not answer).
        ///
        /// # Events
        /// `CampaignCreated`.
        #[ink(message)]
        pub fn create(
            &mut self,
            beneficiary: AccountId,
            kind: Kind,
            goal: Balance,
            deadline: Timestamp,
            description: Hash,
            community: Option<CommunityRef>,
        ) -> Result<u32, CrowdfundError> {
            let creator = self.env().caller();
            let now = cos_common::millis(self.env().block_timestamp());
            let campaign = Campaign::new(
                creator,
                beneficiary,
                kind,
                goal,
                deadline,
                description,
                community,
                now,
                0,
            )?;
            // Checked first; then the one read of COS Credit's pause clock.
            let pause_clock = self.cos().paused_time()?;
            let campaign = Campaign {
                pause_clock,
                ..campaign
            };
            let id = self.count;
            self.count = id.checked_add(1).ok_or(CrowdfundError::Overflow)?;
            self.campaigns.insert(id, &campaign);
            self.env().emit_event(CampaignCreated {
                id,
                creator,
                beneficiary,
                kind,
                goal,
                deadline,
                credit: self.credit,
                pause_clock,
                description,
                community,
            });
            Ok(id)
        }

        /// Pledges `amount` COS to campaign `id`, pulled from the caller (who
        /// approved this contract on COS Credit for at least `amount`).
        ///
        /// # Errors
        /// `UnknownCampaign`, `ZeroAmount`, `InsiderPledge` (the creator or
        /// the beneficiary of an all-or-nothing campaign), `Ended` (at or
        /// after the deadline), `Cancelled`, `Overflow`, `Token` (COS Credit
        /// refused the pull: balance, allowance, pause or freeze).
        ///
        /// # Events
        /// `Pledged`.
        #[ink(message)]
        pub fn pledge(&mut self, id: u32, amount: Balance) -> Result<(), CrowdfundError> {
            let pledger = self.env().caller();
            let mut campaign = self.load(id)?;
            let before = self.pledges.get((id, pledger));
            let at = self.moment(&campaign)?;
            campaign.pledge(at, pledger, amount, before.is_none())?;
            let pledged = before
                .unwrap_or(0)
                .checked_add(amount)
                .ok_or(CrowdfundError::Overflow)?;
            self.pledges.insert((id, pledger), &pledged);
            self.campaigns.insert(id, &campaign);
            self.env().emit_event(Pledged {
                id,
                pledger,
                amount,
                pledged,
                raised: campaign.raised,
            });
            self.cos().transfer_from(pledger, cos_common::this_contract(), amount)?;
            Ok(())
        }

        /// Pays the beneficiary (whoever calls): an all-or-nothing campaign's
        /// whole raise, once, after a deadline that met the goal; a donation
        /// campaign's pledges not yet claimed, at any time. Returns the COS
        /// paid. Anyone may call, so that a beneficiary which cannot sign (a
        /// contract) is paid too; the COS never goes to the caller.
        ///
        /// # Errors
        /// `UnknownCampaign`, `Cancelled`, `StillOpen`
        /// (all-or-nothing before its deadline), `GoalNotReached`,
        /// `AlreadyClaimed`, `NothingToClaim` (donation), `Token`.
        ///
        /// # Events
        /// `Claimed`.
        #[ink(message)]
        pub fn claim(&mut self, id: u32) -> Result<Balance, CrowdfundError> {
            let mut campaign = self.load(id)?;
            let at = self.moment(&campaign)?;
            let amount = campaign.claim(at)?;
            let beneficiary = campaign.beneficiary;
            self.campaigns.insert(id, &campaign);
            self.env().emit_event(Claimed {
                id,
                beneficiary,
                amount,
                claimed: campaign.claimed,
            });
            self.cos().transfer(beneficiary, amount)?;
            Ok(amount)
        }

        /// The caller takes back everything they pledged to a failed or
        /// cancelled campaign. Returns the COS paid.
        ///
        /// # Errors
        /// `UnknownCampaign`, `NotRefundable` (the campaign is open, succeeded
        /// or a donation campaign not cancelled), `NothingToRefund` (no pledge,
        /// or already refunded), `Token`.
        ///
        /// # Events
        /// `Refunded`.
        #[ink(message)]
        pub fn refund(&mut self, id: u32) -> Result<Balance, CrowdfundError> {
            let pledger = self.env().caller();
            let mut campaign = self.load(id)?;
            let pledged = self.pledges.get((id, pledger)).unwrap_or(0);
            let at = self.moment(&campaign)?;
            let amount = campaign.refund(at, pledged)?;
            self.pledges.remove((id, pledger));
            self.campaigns.insert(id, &campaign);
            self.env().emit_event(Refunded {
                id,
                pledger,
                amount,
                refunded: campaign.refunded,
            });
            self.cos().transfer(pledger, amount)?;
            Ok(amount)
        }

        /// The creator cancels campaign `id` before its deadline; its pledgers
        /// may then take their pledges back with `refund`. A donation campaign
        /// can be cancelled only while its beneficiary has claimed nothing.
        ///
        /// # Errors
        /// `UnknownCampaign`, `NotCreator`, `Ended` (at or after the deadline),
        /// `Cancelled` (already), `AlreadyClaimed`.
        ///
        /// # Events
        /// `CampaignCancelled`.
        #[ink(message)]
        pub fn cancel(&mut self, id: u32) -> Result<(), CrowdfundError> {
            let creator = self.env().caller();
            let mut campaign = self.load(id)?;
            let at = self.moment(&campaign)?;
            campaign.cancel(at, creator)?;
            self.campaigns.insert(id, &campaign);
            self.env().emit_event(CampaignCancelled { id, creator });
            Ok(())
        }

        /// Campaign `id`, if it exists.
        #[ink(message)]
        pub fn campaign(&self, id: u32) -> Option<Campaign> {
            self.campaigns.get(id)
        }

        /// Where campaign `id` stands now, if it exists (`None` also if COS
        /// Credit does not answer past the nominal deadline).
        #[ink(message)]
        pub fn state(&self, id: u32) -> Option<CampaignState> {
            let campaign = self.campaigns.get(id)?;
            Some(campaign.state(self.moment(&campaign).ok()?))
        }

        /// When campaign `id`'s pledges close: its deadline moved by the COS
        /// pauses so far (a pause under way moves it further while it
        /// lasts). `None` if there is no such campaign or COS Credit does
        /// not answer.
        #[ink(message)]
        pub fn ends_at(&self, id: u32) -> Option<Timestamp> {
            let campaign = self.campaigns.get(id)?;
            Some(campaign.ends_at(self.cos().paused_time().ok()?))
        }

        /// COS `pledger` pledged to campaign `id` and has not taken back.
        #[ink(message)]
        pub fn pledge_of(&self, id: u32, pledger: AccountId) -> Balance {
            self.pledges.get((id, pledger)).unwrap_or(0)
        }

        /// Campaigns created so far (ids are `0..count`).
        #[ink(message)]
        pub fn campaign_count(&self) -> u32 {
            self.count
        }

        /// The COS Credit contract pledges are paid in.
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

        fn at(ms: u64) {
            test::set_block_timestamp::<DefaultEnvironment>(ms);
        }

        /// A crowdfund with campaign 0 (alice's, for bob, goal 100, deadline
        /// 10) written directly, as `create` would leave it: unit tests cannot
        /// call COS Credit (`create` reads its pause clock, and every message
        /// past the deadline does). Those paths are tested with drink.
        fn crowdfund(kind: Kind) -> Crowdfund {
            let a = accounts();
            test::set_caller::<DefaultEnvironment>(a.alice);
            at(0);
            let mut crowdfund = Crowdfund::new(a.django);
            let campaign = Campaign::new(a.alice, a.bob, kind, 100, 10, Hash::default(), None, 0, 0).unwrap();
            crowdfund.campaigns.insert(0, &campaign);
            crowdfund.count = 1;
            crowdfund
        }

        #[ink::test]
        fn refusals_come_before_any_token_call_and_change_nothing() {
            let a = accounts();
            let mut crowdfund = crowdfund(Kind::AllOrNothing);
            assert_eq!(crowdfund.pledge(7, 5), Err(CrowdfundError::UnknownCampaign));
            assert_eq!(crowdfund.pledge(0, 0), Err(CrowdfundError::ZeroAmount));
            assert_eq!(crowdfund.claim(0), Err(CrowdfundError::StillOpen), "anyone may claim");
            test::set_caller::<DefaultEnvironment>(a.bob);
            assert_eq!(crowdfund.pledge(0, 5), Err(CrowdfundError::InsiderPledge));
            test::set_caller::<DefaultEnvironment>(a.alice);
            assert_eq!(crowdfund.pledge(0, 5), Err(CrowdfundError::InsiderPledge));
            assert_eq!(crowdfund.refund(0), Err(CrowdfundError::NotRefundable));
            test::set_caller::<DefaultEnvironment>(a.bob);
            assert_eq!(crowdfund.claim(0), Err(CrowdfundError::StillOpen));
            assert_eq!(crowdfund.cancel(0), Err(CrowdfundError::NotCreator));
            at(9);
            assert_eq!(crowdfund.state(0), Some(CampaignState::Open));
            assert_eq!(crowdfund.state(1), None);
            assert_eq!(crowdfund.campaign_count(), 1);
            assert_eq!(crowdfund.credit(), a.django);
            assert_eq!(test::recorded_events().count(), 0);
            assert_eq!(crowdfund.campaign(0).unwrap().raised, 0);
        }

        #[ink::test]
        fn cancellation_is_the_creators_and_final() {
            let mut crowdfund = crowdfund(Kind::Donation);
            assert_eq!(crowdfund.cancel(0), Ok(()));
            assert_eq!(crowdfund.cancel(0), Err(CrowdfundError::Cancelled));
            assert_eq!(crowdfund.pledge(0, 5), Err(CrowdfundError::Cancelled));
            assert_eq!(crowdfund.state(0), Some(CampaignState::Cancelled));
            assert_eq!(crowdfund.refund(0), Err(CrowdfundError::NothingToRefund));
            assert_eq!(test::recorded_events().count(), 1);
        }
    }
}
