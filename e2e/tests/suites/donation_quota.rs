//! drink tests of the release `donation_quota` bundle with the real routed COS
//! Credit: the full quota flow across blocks, the attacks the contract must
//! refuse (self-dealing, a sponsor's own community, rogue managers, blocked
//! handovers, stale offers, draining the contract), resignation, token
//! failures, bonuses and vesting.
//! Build the bundles first: `cargo xtask build`.

use cos_common::{Psp22Refusal, TokenError};
use cos_sandbox::{
    suite::{self, CreditCalls, QuotaCalls},
    validate_mvp, Bundle, Chain, GENESIS_MS,
};
use credit::{CreditError, UNIT};
use donation_quota::{
    events::{
        BonusPaid, BonusShortfall, CommunityRecognised, ContributionRecorded, ManagerMoved, ManagerRemoved,
        OffersLapsed, QuotaDonated, QuotaMoved, TokensRecovered, VestingReleased,
    },
    vesting::MONTH_MS,
    BonusStage, QuotaError, MAX_CHILDREN, MAX_DEPTH, MAX_REMOVAL, MAX_REMOVAL_MOVES, MAX_SPONSORS_PER_MANAGER,
};
use ink::primitives::AccountId;
use psp22::PSP22;

mod ownership {
    cos_common::ownable_conformance!(
        #[test]
        cos_e2e::QuotaOnChain
    );
}

struct World {
    chain: Chain,
    token: CreditCalls,
    quota: QuotaCalls,
    address: AccountId,
    operator: AccountId,
    sponsor: AccountId,
    admin: AccountId,
    manager: AccountId,
    sub_manager: AccountId,
    contributors: Vec<AccountId>,
}

impl World {
    fn new(schedule: Option<Vec<BonusStage>>) -> Self {
        let mut chain = Chain::new();
        let operator = chain.account(1);
        let (sponsor, admin, manager, sub_manager) =
            (chain.account(2), chain.account(3), chain.account(4), chain.account(5));
        let contributors = (20..45).map(|n| chain.account(n)).collect();
        let token = suite::deploy_credit(&mut chain, operator, Some(1_000_000 * UNIT)).expect("credit deploys");
        let address = suite::deploy_quota(&mut chain, operator, token, schedule).expect("quota deploys");
        let (token, quota) = (suite::credit(token), suite::quota(address));
        Self {
            chain,
            token,
            quota,
            address,
            operator,
            sponsor,
            admin,
            manager,
            sub_manager,
            contributors,
        }
    }

    fn balance(&mut self, who: AccountId) -> u128 {
        self.chain.query(self.token.balance_of(who)).unwrap()
    }

    /// `parent` offers `who` a place below it and `who` accepts.
    fn appoint(&mut self, parent: AccountId, who: AccountId) {
        assert_eq!(
            self.chain.call(parent, self.quota.offer_manager(0, who)).unwrap().value,
            Ok(())
        );
        let above = (parent != self.admin).then_some(parent);
        assert_eq!(
            self.chain.call(who, self.quota.accept_manager(0, above)).unwrap().value,
            Ok(())
        );
    }

    /// The contract's COS covers outstanding quota, the reserve and vesting, exactly
    /// (plus any surplus sent to it by mistake).
    fn assert_backed(&mut self) {
        let totals = self.chain.query(self.quota.totals()).unwrap();
        let vesting = self.chain.query(self.quota.vesting_outstanding()).unwrap();
        let surplus = self.chain.query(self.quota.surplus()).unwrap().unwrap();
        assert_eq!(
            self.balance(self.address),
            totals.outstanding() + totals.reserve + vesting + surplus
        );
        assert_eq!(
            totals.granted,
            totals.held + totals.unallocated + totals.allocated + totals.unlocked
        );
    }

    /// Operator approves the contract, grants `quota` to the sponsor and funds `reserve`;
    /// the sponsor donates `donated` to a new community 0 with admin -> manager -> sub_manager,
    /// which the operator recognised.
    fn funded(mut self, quota: u128, reserve: u128, donated: u128) -> Self {
        let (op, q) = (self.operator, self.address);
        assert_eq!(
            self.chain
                .call(op, self.token.approve(q, quota + reserve))
                .unwrap()
                .value,
            Ok(())
        );
        assert_eq!(
            self.chain
                .call(op, self.quota.grant_quota(self.sponsor, quota))
                .unwrap()
                .value,
            Ok(())
        );
        assert_eq!(
            self.chain.call(op, self.quota.fund_reserve(reserve)).unwrap().value,
            Ok(())
        );
        assert_eq!(
            self.chain
                .call(self.admin, self.quota.create_community())
                .unwrap()
                .value,
            Ok(0)
        );
        assert_eq!(
            self.chain.call(op, self.quota.recognise(0, true)).unwrap().value,
            Ok(())
        );
        self.appoint(self.admin, self.manager);
        self.appoint(self.manager, self.sub_manager);
        let out = self.chain.call(self.sponsor, self.quota.donate(0, donated)).unwrap();
        assert_eq!(out.value, Ok(()));
        assert_eq!(out.events_of::<QuotaDonated>()[0].amount, donated);
        self
    }

    fn reward(
        &mut self,
        caller: AccountId,
        sponsor: AccountId,
        contributor: AccountId,
        amount: u128,
    ) -> cos_sandbox::Outcome<Result<u64, QuotaError>> {
        self.chain
            .call(
                caller,
                self.quota.reward(0, sponsor, contributor, amount, 1, 1, [0; 32]),
            )
            .unwrap()
    }
}

#[test]
fn bundle_is_mvp_wasm_and_its_abi_lists_only_its_own_events() {
    let bundle = Bundle::load("donation_quota").unwrap();
    validate_mvp(&bundle.wasm).unwrap();
    let events: Vec<String> = bundle.metadata["spec"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap().to_string())
        .collect();
    for foreign in [
        "Transfer",
        "Approval",
        "Frozen",
        "Unfrozen",
        "Paused",
        "Unpaused",
        "MinterChanged",
        "DelegateChanged",
        "DelegateVotesChanged",
    ] {
        assert!(
            !events.iter().any(|e| e == foreign),
            "donation_quota's ABI lists {foreign}: {events:?}"
        );
    }
    for own in [
        "QuotaGranted",
        "ManagerOffered",
        "ContributionRecorded",
        "TokensRecovered",
        "OwnershipTransferred",
        "CommunityRecognised",
        "OffersLapsed",
        "ManagerMoved",
    ] {
        assert!(events.iter().any(|e| e == own), "{own} missing: {events:?}");
    }
}

#[test]
fn full_flow_operator_to_contributors_with_bonuses() {
    let mut w = World::new(None).funded(10_000 * UNIT, 5_000 * UNIT, 8_000 * UNIT);
    w.assert_backed();
    assert_eq!(w.chain.query(w.quota.held_quota(w.sponsor)).unwrap(), 2_000 * UNIT);
    assert_eq!(w.balance(w.sponsor), 0, "quota is not COS");

    // Admin -> manager -> sub-manager, across blocks.
    w.chain.next_block();
    let out = w
        .chain
        .call(w.admin, w.quota.allocate(0, w.sponsor, w.manager, 5_000 * UNIT))
        .unwrap();
    assert_eq!(out.value, Ok(()));
    let moved = out.events_of::<QuotaMoved>();
    assert_eq!((moved[0].from, moved[0].to), (None, Some(w.manager)));
    assert_eq!(
        w.chain
            .call(w.manager, w.quota.allocate(0, w.sponsor, w.sub_manager, 2_000 * UNIT))
            .unwrap()
            .value,
        Ok(())
    );
    w.chain.next_block();

    // The sub-manager rewards one contributor: 25 % sponsor, 10 % manager bonus in year one.
    let alice = w.contributors[0];
    let out = w
        .chain
        .call(
            w.sub_manager,
            w.quota.reward(0, w.sponsor, alice, 100 * UNIT, 7, 42, [9; 32]),
        )
        .unwrap();
    assert_eq!(out.value, Ok(0));
    let record = &out.events_of::<ContributionRecorded>()[0];
    assert_eq!(
        (record.record, record.amount, record.category, record.activity),
        (0, 100 * UNIT, 7, 42)
    );
    assert_eq!(
        (record.manager, record.sponsor, record.contributor),
        (w.sub_manager, w.sponsor, alice)
    );
    let bonus = &out.events_of::<BonusPaid>()[0];
    assert_eq!((bonus.sponsor_bonus, bonus.manager_bonus), (25 * UNIT, 10 * UNIT));
    assert_eq!(w.balance(alice), 100 * UNIT);
    assert_eq!(w.balance(w.sponsor), 25 * UNIT);
    assert_eq!(w.balance(w.sub_manager), 10 * UNIT);
    let stored = w.chain.query(w.quota.record(0)).unwrap().unwrap();
    assert_eq!((stored.contributor, stored.content_hash), (alice, [9; 32]));
    w.assert_backed();

    // The manager rewards a whole activity form of 20 contributors at once.
    w.chain.next_block();
    let entries: Vec<_> = w.contributors[1..21]
        .iter()
        .map(|who| (*who, 10 * UNIT, [1; 32]))
        .collect();
    let out = w
        .chain
        .call(w.manager, w.quota.reward_batch(0, w.sponsor, 3, 43, entries.clone()))
        .unwrap();
    assert_eq!(out.value, Ok((1, 20)));
    assert_eq!(out.events_of::<ContributionRecorded>().len(), 20);
    for (who, amount, _) in &entries {
        assert_eq!(w.balance(*who), *amount);
    }
    assert_eq!(w.balance(w.manager), 20 * UNIT, "10 % of 200");
    assert_eq!(w.chain.query(w.quota.record_count()).unwrap(), 21);
    let totals = w.chain.query(w.quota.totals()).unwrap();
    assert_eq!((totals.unlocked, totals.bonus_paid), (300 * UNIT, 105 * UNIT));
    assert_eq!(
        w.chain.query(w.quota.quota_of(0, Some(w.manager), w.sponsor)).unwrap(),
        2_800 * UNIT
    );
    w.assert_backed();

    // Removing the sub-manager returns its unused quota to the manager.
    assert_eq!(
        w.chain
            .call(w.manager, w.quota.remove_manager(0, w.sub_manager))
            .unwrap()
            .value,
        Ok(())
    );
    assert_eq!(
        w.chain.query(w.quota.quota_of(0, Some(w.manager), w.sponsor)).unwrap(),
        4_700 * UNIT
    );
    w.assert_backed();
}

#[test]
fn a_sponsor_with_three_keys_unlocks_nothing_through_its_own_community() {
    // The audit's attack: the sponsor founds a community, appoints a second key
    // as manager and would have it reward a third. Its community is nobody's
    // but its own, so the operator never recognised it: no quota reaches it.
    let mut w = World::new(None);
    let (op, q, sponsor, second, third) = (w.operator, w.address, w.sponsor, w.manager, w.contributors[0]);
    w.chain.call(op, w.token.approve(q, 2_000 * UNIT)).unwrap();
    w.chain.call(op, w.quota.grant_quota(sponsor, 1_000 * UNIT)).unwrap();
    w.chain.call(op, w.quota.fund_reserve(1_000 * UNIT)).unwrap();
    assert_eq!(w.chain.call(sponsor, w.quota.create_community()).unwrap().value, Ok(0));
    assert_eq!(
        w.chain.call(sponsor, w.quota.offer_manager(0, second)).unwrap().value,
        Ok(())
    );
    assert_eq!(
        w.chain.call(second, w.quota.accept_manager(0, None)).unwrap().value,
        Ok(())
    );
    let donated = w.chain.call(sponsor, w.quota.donate(0, 1_000 * UNIT)).unwrap();
    assert_eq!(donated.value, Err(QuotaError::NotRecognised));
    assert!(donated.reverted && donated.events.is_empty());
    // Nobody but the operator recognises a community: not its admin, not the sponsor.
    for key in [sponsor, second] {
        let out = w.chain.call(key, w.quota.recognise(0, true)).unwrap();
        assert_eq!(out.value, Err(QuotaError::NotOperator));
        assert!(out.reverted && out.events.is_empty());
    }
    assert_eq!(
        w.reward(second, sponsor, third, 1_000 * UNIT).value,
        Err(QuotaError::NotRecognised)
    );
    assert_eq!(
        w.chain.query(w.quota.held_quota(sponsor)).unwrap(),
        1_000 * UNIT,
        "quota stays locked"
    );
    assert_eq!((w.balance(sponsor), w.balance(second), w.balance(third)), (0, 0, 0));
    assert_eq!(w.chain.query(w.quota.record_count()).unwrap(), 0);
    // Were the operator fooled into recognising it, one key still cannot pay itself.
    let recognised = w.chain.call(op, w.quota.recognise(0, true)).unwrap();
    assert_eq!(
        recognised.events_of::<CommunityRecognised>(),
        vec![CommunityRecognised {
            community: 0,
            recognised: true
        }]
    );
    w.chain.call(sponsor, w.quota.donate(0, 1_000 * UNIT)).unwrap();
    assert_eq!(
        w.reward(sponsor, sponsor, third, 100 * UNIT).value,
        Err(QuotaError::SelfDealing)
    );
    w.chain
        .call(sponsor, w.quota.allocate(0, sponsor, second, 1_000 * UNIT))
        .unwrap();
    assert_eq!(
        w.reward(second, sponsor, sponsor, 100 * UNIT).value,
        Err(QuotaError::SelfDealing)
    );
    // Found out, the operator withdraws the recognition: the quota freezes where it
    // stands, the admin may still take it back up, nothing more unlocks.
    assert_eq!(w.chain.call(op, w.quota.recognise(0, false)).unwrap().value, Ok(()));
    assert_eq!(
        w.reward(second, sponsor, third, 100 * UNIT).value,
        Err(QuotaError::NotRecognised)
    );
    assert_eq!(
        w.chain
            .call(sponsor, w.quota.reclaim(0, second, sponsor, 1_000 * UNIT))
            .unwrap()
            .value,
        Ok(())
    );
    assert_eq!(w.balance(third), 0);
    assert_eq!(w.chain.query(w.quota.record_count()).unwrap(), 0);
    w.assert_backed();
}

#[test]
fn open_offers_lapse_when_the_admin_changes_or_a_manager_leaves() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (admin, manager, sub, heir, friend) = (w.admin, w.manager, w.sub_manager, w.contributors[0], w.contributors[1]);
    // The sub-manager collected an offer from the admin before it joined under the
    // manager; the manager then removes it.
    assert_eq!(
        w.chain.call(admin, w.quota.offer_manager(0, friend)).unwrap().value,
        Ok(())
    );
    let removal = w.chain.call(manager, w.quota.remove_manager(0, sub)).unwrap();
    assert_eq!(removal.value, Ok(()));
    assert_eq!(
        removal.events_of::<OffersLapsed>(),
        vec![OffersLapsed { community: 0, epoch: 1 }]
    );
    assert!(!w.chain.query(w.quota.has_offer(0, friend, None)).unwrap());
    let late = w.chain.call(friend, w.quota.accept_manager(0, None)).unwrap();
    assert_eq!(late.value, Err(QuotaError::NoAppointment));
    assert!(late.reverted && late.events.is_empty());
    // The removed manager does not walk back in on an offer it kept: offered a
    // place by the admin, it joins under the manager instead and is removed again.
    assert_eq!(
        w.chain.call(admin, w.quota.offer_manager(0, sub)).unwrap().value,
        Ok(())
    );
    w.appoint(manager, sub);
    assert_eq!(
        w.chain.call(manager, w.quota.remove_manager(0, sub)).unwrap().value,
        Ok(())
    );
    assert_eq!(
        w.chain.call(sub, w.quota.accept_manager(0, None)).unwrap().value,
        Err(QuotaError::NoAppointment)
    );
    // A handover: the outgoing admin's offers lapse; the new admin offers anew.
    assert_eq!(
        w.chain.call(admin, w.quota.offer_manager(0, friend)).unwrap().value,
        Ok(())
    );
    assert_eq!(
        w.chain
            .call(admin, w.quota.transfer_admin(0, Some(heir)))
            .unwrap()
            .value,
        Ok(())
    );
    let accepted = w.chain.call(heir, w.quota.accept_admin(0)).unwrap();
    assert_eq!(accepted.value, Ok(()));
    assert_eq!(accepted.events_of::<OffersLapsed>()[0].epoch, 3);
    assert_eq!(
        w.chain.call(friend, w.quota.accept_manager(0, None)).unwrap().value,
        Err(QuotaError::NoAppointment)
    );
    assert_eq!(
        w.chain.call(heir, w.quota.offer_manager(0, friend)).unwrap().value,
        Ok(())
    );
    assert_eq!(
        w.chain.call(friend, w.quota.accept_manager(0, None)).unwrap().value,
        Ok(())
    );
}

#[test]
fn a_manager_resigns_its_branch_moves_up_and_it_takes_the_community_over() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (admin, manager, sub, sponsor) = (w.admin, w.manager, w.sub_manager, w.sponsor);
    w.chain
        .call(admin, w.quota.allocate(0, sponsor, manager, 400 * UNIT))
        .unwrap();
    w.chain
        .call(manager, w.quota.allocate(0, sponsor, sub, 100 * UNIT))
        .unwrap();
    // Not a manager: nothing to resign from.
    let refused = w.chain.call(admin, w.quota.resign(0)).unwrap();
    assert_eq!(refused.value, Err(QuotaError::NotManager));
    assert!(refused.reverted && refused.events.is_empty());
    let out = w.chain.call(manager, w.quota.resign(0)).unwrap();
    assert_eq!(out.value, Ok(()));
    let moved = out.events_of::<QuotaMoved>();
    assert_eq!(
        moved.iter().map(|m| (m.from, m.to, m.amount)).collect::<Vec<_>>(),
        vec![(Some(manager), None, 300 * UNIT)]
    );
    assert_eq!(
        out.events_of::<ManagerMoved>(),
        vec![ManagerMoved {
            community: 0,
            manager: sub,
            parent: None
        }]
    );
    let resigned = &out.events_of::<ManagerRemoved>()[0];
    assert_eq!((resigned.manager, resigned.by), (manager, manager));
    assert_eq!(out.events_of::<OffersLapsed>().len(), 1);
    // The sub-manager keeps its place and its quota, one level up.
    let place = w.chain.query(w.quota.manager(0, sub)).unwrap().unwrap();
    assert_eq!((place.parent, place.depth), (None, 1));
    assert_eq!(
        w.chain.query(w.quota.quota_of(0, Some(sub), sponsor)).unwrap(),
        100 * UNIT
    );
    assert!(w.chain.query(w.quota.manager(0, manager)).unwrap().is_none());
    // Out of the tree, the former manager can be handed the community.
    assert_eq!(
        w.chain
            .call(admin, w.quota.transfer_admin(0, Some(manager)))
            .unwrap()
            .value,
        Ok(())
    );
    assert_eq!(w.chain.call(manager, w.quota.accept_admin(0)).unwrap().value, Ok(()));
    assert_eq!(
        w.chain.query(w.quota.community(0)).unwrap().map(|c| c.admin),
        Some(manager)
    );
    let contributor = w.contributors[0];
    assert!(w
        .chain
        .call(sub, w.quota.reward(0, sponsor, contributor, 10 * UNIT, 1, 1, [0; 32]))
        .unwrap()
        .value
        .is_ok());
    w.assert_backed();
}

#[test]
fn a_colluding_admin_cannot_pay_the_donation_back() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (admin, sponsor) = (w.admin, w.sponsor);
    assert_eq!(
        w.reward(admin, sponsor, sponsor, 100 * UNIT).value,
        Err(QuotaError::SelfDealing)
    );
    // Nor may managers reward themselves or anyone above them.
    w.chain
        .call(admin, w.quota.allocate(0, sponsor, w.sub_manager, 100 * UNIT))
        .unwrap();
    for who in [w.sub_manager, w.manager, w.admin] {
        assert_eq!(
            w.reward(w.sub_manager, sponsor, who, UNIT).value,
            Err(QuotaError::SelfDealing)
        );
    }
    assert_eq!(w.balance(sponsor), 0);
    w.assert_backed();
}

#[test]
fn a_rogue_manager_is_removed_with_its_subtree_and_its_quota_returns() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (admin, sponsor, rogue, below) = (w.admin, w.sponsor, w.manager, w.sub_manager);
    // The rogue hoards quota and keeps a sub-manager.
    w.chain
        .call(admin, w.quota.allocate(0, sponsor, rogue, 600 * UNIT))
        .unwrap();
    w.chain
        .call(rogue, w.quota.allocate(0, sponsor, below, 200 * UNIT))
        .unwrap();
    // The admin first takes some quota back, then removes the whole branch.
    let out = w
        .chain
        .call(admin, w.quota.reclaim(0, below, sponsor, 50 * UNIT))
        .unwrap();
    assert_eq!(out.value, Ok(()));
    let moved = &out.events_of::<QuotaMoved>()[0];
    assert_eq!((moved.from, moved.to, moved.amount), (Some(below), None, 50 * UNIT));
    assert_eq!(
        w.chain
            .call(rogue, w.quota.reclaim(0, rogue, sponsor, UNIT))
            .unwrap()
            .value,
        Err(QuotaError::NotBelowCaller)
    );
    let out = w.chain.call(admin, w.quota.remove_manager(0, rogue)).unwrap();
    assert_eq!(out.value, Ok(()));
    let removed: Vec<_> = out.events_of::<ManagerRemoved>().iter().map(|r| r.manager).collect();
    assert_eq!(removed, vec![rogue, below]);
    assert_eq!(w.chain.query(w.quota.quota_of(0, None, sponsor)).unwrap(), 1_000 * UNIT);
    assert_eq!(w.chain.query(w.quota.manager(0, below)).unwrap(), None);
    assert_eq!(
        w.reward(rogue, sponsor, w.contributors[0], UNIT).value,
        Err(QuotaError::NotManager)
    );
    w.assert_backed();
}

#[test]
fn removal_does_not_fail_on_the_sponsor_bound() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (op, q, admin) = (w.operator, w.address, w.admin);
    // The manager holds quota of MAX_SPONSORS_PER_MANAGER sponsors; the
    // sub-manager of yet another.
    w.chain.call(op, w.token.approve(q, 1_000 * UNIT)).unwrap();
    for n in 0..MAX_SPONSORS_PER_MANAGER as u8 {
        let sponsor = w.chain.account(100 + n);
        w.chain.call(op, w.quota.grant_quota(sponsor, UNIT)).unwrap();
        w.chain.call(sponsor, w.quota.donate(0, UNIT)).unwrap();
        assert_eq!(
            w.chain
                .call(admin, w.quota.allocate(0, sponsor, w.manager, UNIT))
                .unwrap()
                .value,
            Ok(())
        );
    }
    w.chain
        .call(admin, w.quota.allocate(0, w.sponsor, w.sub_manager, 300 * UNIT))
        .unwrap();
    let out = w
        .chain
        .call(w.manager, w.quota.remove_manager(0, w.sub_manager))
        .unwrap();
    assert_eq!(out.value, Ok(()));
    let moved = &out.events_of::<QuotaMoved>()[0];
    assert_eq!(
        (moved.from, moved.to, moved.amount),
        (Some(w.sub_manager), None, 300 * UNIT),
        "past the full manager, to the pool"
    );
    w.assert_backed();
}

/// Polkadot Hub's block: 2 s of `ref_time` and 5 MiB of proof, 75 % of it for
/// ordinary extrinsics (the Hubs' `BlockWeights`, polkadot-fellows runtimes).
const HUB_EXTRINSIC_REF_TIME: u64 = 2_000_000_000_000 * 3 / 4;
const HUB_EXTRINSIC_PROOF: u64 = 5 * 1024 * 1024 * 3 / 4;

#[test]
fn the_largest_removal_fits_in_one_call_under_a_chain_of_full_managers() {
    // The audit: 32 managers holding 16 sponsors' quota ran out of gas, and under
    // a chain of full managers the call trapped. Measured here, those 512 moves
    // took 4.9 MB of proof, more than a Hub extrinsic may, so a removal moves at
    // most MAX_REMOVAL_MOVES holdings. The worst case those bounds allow: a
    // chain of full managers above (each holds quota of 16 other sponsors, so no
    // move stops there: every one climbs past them to the pool), the head of the
    // removed subtree just above the deepest level with 31 sub-managers, and the
    // 32 of them holding MAX_REMOVAL_MOVES sponsors' quota between them.
    let mut w = World::new(None);
    let (op, q, admin) = (w.operator, w.address, w.admin);
    let per = MAX_SPONSORS_PER_MANAGER;
    let each = MAX_REMOVAL_MOVES / MAX_REMOVAL;
    let chain_len = usize::from(MAX_DEPTH) - 2;
    let sponsors: Vec<AccountId> = (0..2 * per).map(|n| w.chain.account(50 + n as u8)).collect();
    let (upper, lower) = sponsors.split_at(per);
    let chain: Vec<AccountId> = (0..chain_len).map(|n| w.chain.account(100 + n as u8)).collect();
    let head = w.chain.account(110);
    let subs: Vec<AccountId> = (0..MAX_REMOVAL - 1).map(|n| w.chain.account(111 + n as u8)).collect();
    assert!(subs.len() <= MAX_CHILDREN && each < per);
    w.chain.call(op, w.token.approve(q, 100_000 * UNIT)).unwrap();
    assert_eq!(w.chain.call(admin, w.quota.create_community()).unwrap().value, Ok(0));
    w.chain.call(op, w.quota.recognise(0, true)).unwrap();
    for &sponsor in &sponsors {
        assert_eq!(
            w.chain
                .call(op, w.quota.grant_quota(sponsor, 1_000 * UNIT))
                .unwrap()
                .value,
            Ok(())
        );
        assert_eq!(
            w.chain.call(sponsor, w.quota.donate(0, 1_000 * UNIT)).unwrap().value,
            Ok(())
        );
    }
    let mut parent = admin;
    for &manager in chain.iter().chain([&head]) {
        w.appoint(parent, manager);
        parent = manager;
    }
    for &sub in &subs {
        w.appoint(head, sub);
    }
    assert_eq!(
        w.chain.query(w.quota.manager(0, subs[0])).unwrap().map(|m| m.depth),
        Some(MAX_DEPTH)
    );
    let allocate = |w: &mut World, sponsor: AccountId, to: AccountId| {
        let out = w.chain.call(admin, w.quota.allocate(0, sponsor, to, UNIT)).unwrap();
        assert_eq!(out.value, Ok(()));
    };
    for &manager in &chain {
        for &sponsor in upper {
            allocate(&mut w, sponsor, manager);
        }
    }
    for &manager in [&head].into_iter().chain(&subs) {
        for &sponsor in &lower[..each] {
            allocate(&mut w, sponsor, manager);
        }
    }
    // One holding past the bound: refused, nothing changes; taken back, it fits.
    allocate(&mut w, lower[each], head);
    let refused = w.chain.call(admin, w.quota.remove_manager(0, head)).unwrap();
    assert_eq!(refused.value, Err(QuotaError::SubtreeTooLarge));
    assert!(refused.reverted && refused.events.is_empty());
    assert!(w.chain.query(w.quota.manager(0, subs[30])).unwrap().is_some());
    w.chain
        .call(admin, w.quota.reclaim(0, head, lower[each], UNIT))
        .unwrap();
    w.chain.next_block();
    let out = w.chain.call(admin, w.quota.remove_manager(0, head)).unwrap();
    assert_eq!(out.value, Ok(()), "the largest removal goes through");
    let moved = out.events_of::<QuotaMoved>();
    assert_eq!(moved.len(), MAX_REMOVAL_MOVES);
    assert!(
        moved.iter().all(|m| m.to.is_none() && m.amount == UNIT),
        "all past the full chain, to the pool"
    );
    assert_eq!(out.events_of::<ManagerRemoved>().len(), MAX_REMOVAL);
    for &sponsor in lower {
        assert_eq!(
            w.chain.query(w.quota.quota_of(0, None, sponsor)).unwrap(),
            1_000 * UNIT,
            "every unit back in the pool"
        );
    }
    let (ref_time, proof) = (out.gas.ref_time(), out.gas.proof_size());
    println!(
        "remove_manager, {MAX_REMOVAL} managers holding {MAX_REMOVAL_MOVES} sponsors' quota under a full chain: \
         ref_time {ref_time} ({:.1} % of a Hub extrinsic), proof_size {proof} ({:.1} %)",
        100.0 * ref_time as f64 / HUB_EXTRINSIC_REF_TIME as f64,
        100.0 * proof as f64 / HUB_EXTRINSIC_PROOF as f64,
    );
    assert!(
        ref_time < HUB_EXTRINSIC_REF_TIME / 2 && proof < HUB_EXTRINSIC_PROOF / 2,
        "the worst removal takes at most half of what one extrinsic may: {ref_time} ref_time, {proof} proof_size"
    );
    w.assert_backed();
}

#[test]
fn a_manager_cannot_block_the_admin_handover() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (admin, heir) = (w.admin, w.contributors[0]);
    assert_eq!(
        w.chain
            .call(admin, w.quota.transfer_admin(0, Some(heir)))
            .unwrap()
            .value,
        Ok(())
    );
    // A manager "appoints" the heir inside the tree to make the acceptance fail.
    assert_eq!(
        w.chain.call(w.manager, w.quota.offer_manager(0, heir)).unwrap().value,
        Ok(())
    );
    assert_eq!(
        w.chain.query(w.quota.manager(0, heir)).unwrap(),
        None,
        "an offer is not a place"
    );
    assert_eq!(w.chain.call(heir, w.quota.accept_admin(0)).unwrap().value, Ok(()));
    assert_eq!(
        w.chain.query(w.quota.community(0)).unwrap().map(|c| c.admin),
        Some(heir)
    );
    assert_eq!(
        w.chain
            .call(heir, w.quota.accept_manager(0, Some(w.manager)))
            .unwrap()
            .value,
        Err(QuotaError::NoAppointment),
        "the offer lapsed with the handover"
    );
    assert_eq!(
        w.chain
            .call(heir, w.quota.allocate(0, w.sponsor, w.manager, UNIT))
            .unwrap()
            .value,
        Ok(())
    );
}

#[test]
fn only_cos_sent_by_mistake_can_be_recovered() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (op, q, lost) = (w.operator, w.address, w.contributors[0]);
    assert_eq!(w.chain.query(w.quota.surplus()).unwrap(), Ok(0));
    assert_eq!(
        w.chain.call(op, w.quota.recover(lost, 1)).unwrap().value,
        Err(QuotaError::ExceedsSurplus)
    );
    // Someone sends 7 COS to the contract by mistake.
    w.chain.call(op, w.token.transfer(lost, 7 * UNIT, vec![])).unwrap();
    w.chain.call(lost, w.token.transfer(q, 7 * UNIT, vec![])).unwrap();
    assert_eq!(w.chain.query(w.quota.surplus()).unwrap(), Ok(7 * UNIT));
    assert_eq!(
        w.chain.call(lost, w.quota.recover(lost, 7 * UNIT)).unwrap().value,
        Err(QuotaError::NotOwner)
    );
    assert_eq!(
        w.chain.call(op, w.quota.recover(lost, 7 * UNIT + 1)).unwrap().value,
        Err(QuotaError::ExceedsSurplus)
    );
    assert_eq!(
        w.chain.call(op, w.quota.recover(lost, 0)).unwrap().value,
        Err(QuotaError::ZeroAmount)
    );
    let out = w.chain.call(op, w.quota.recover(lost, 7 * UNIT)).unwrap();
    assert_eq!(out.value, Ok(()));
    assert_eq!(out.events_of::<TokensRecovered>()[0].amount, 7 * UNIT);
    assert_eq!(w.balance(lost), 7 * UNIT);
    assert_eq!(w.chain.query(w.quota.surplus()).unwrap(), Ok(0));
    w.assert_backed();
}

#[test]
fn token_failures_are_typed_errors_and_change_nothing() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    // A grant without allowance fails in the token.
    let out = w.chain.call(w.operator, w.quota.grant_quota(w.sponsor, UNIT)).unwrap();
    assert_eq!(
        out.value,
        Err(QuotaError::Token(TokenError::Psp22(
            Psp22Refusal::InsufficientAllowance
        )))
    );
    assert_eq!(w.chain.query(w.quota.held_quota(w.sponsor)).unwrap(), 0);

    // A paused token makes rewards fail, with nothing recorded.
    assert_eq!(w.chain.call(w.operator, w.token.pause()).unwrap().value, Ok(()));
    let before = w.chain.query(w.quota.totals()).unwrap();
    let out = w.reward(w.admin, w.sponsor, w.contributors[0], UNIT);
    assert_eq!(
        out.value,
        Err(QuotaError::Token(TokenError::Credit(CreditError::Paused)))
    );
    assert!(out.reverted);
    assert_eq!(w.chain.query(w.quota.totals()).unwrap(), before);
    assert_eq!(w.chain.query(w.quota.record_count()).unwrap(), 0);
    w.chain.call(w.operator, w.token.unpause()).unwrap();
    assert_eq!(w.reward(w.admin, w.sponsor, w.contributors[0], UNIT).value, Ok(0));
    w.assert_backed();
}

#[test]
fn bonuses_decline_over_time_and_stop_when_the_reserve_is_dry() {
    let schedule = vec![
        BonusStage {
            starts_after_ms: 0,
            sponsor_bps: 2_500,
            manager_bps: 1_000,
        },
        BonusStage {
            starts_after_ms: 30 * 86_400_000,
            sponsor_bps: 1_000,
            manager_bps: 500,
        },
    ];
    let mut w = World::new(Some(schedule)).funded(10_000 * UNIT, 60 * UNIT, 10_000 * UNIT);
    let (admin, sponsor, alice) = (w.admin, w.sponsor, w.contributors[0]);
    let out = w.reward(admin, sponsor, alice, 100 * UNIT);
    assert_eq!(out.events_of::<BonusPaid>()[0].sponsor_bonus, 25 * UNIT);

    w.chain.next_block();
    w.chain.set_timestamp(GENESIS_MS + 31 * 86_400_000);
    assert_eq!(w.chain.query(w.quota.current_bonus()).unwrap().sponsor_bps, 1_000);
    let out = w.reward(admin, sponsor, alice, 100 * UNIT);
    let bonus = &out.events_of::<BonusPaid>()[0];
    assert_eq!((bonus.sponsor_bonus, bonus.manager_bonus), (10 * UNIT, 5 * UNIT));

    // 10 COS left in the reserve; 150 COS owed: the reward still goes through.
    let out = w.reward(admin, sponsor, alice, 1_000 * UNIT);
    assert_eq!(out.value, Ok(2));
    let shortfall = &out.events_of::<BonusShortfall>()[0];
    assert_eq!((shortfall.owed, shortfall.paid), (150 * UNIT, 10 * UNIT));
    assert_eq!(w.chain.query(w.quota.totals()).unwrap().reserve, 0);
    let out = w.reward(admin, sponsor, alice, 100 * UNIT);
    assert_eq!(out.value, Ok(3));
    assert!(out.events_of::<BonusPaid>().is_empty());
    assert_eq!(w.balance(alice), 1_300 * UNIT);
    w.assert_backed();
}

#[test]
fn vesting_schedules_release_monthly_and_never_early() {
    let mut w = World::new(None);
    let (angel, team, advisor) = (w.contributors[0], w.contributors[1], w.contributors[2]);
    let (op, q) = (w.operator, w.address);
    w.chain.call(op, w.token.approve(q, 100_000 * UNIT)).unwrap();
    assert_eq!(
        w.chain
            .call(op, w.quota.create_vesting(angel, 48_000 * UNIT, GENESIS_MS, 0, 48))
            .unwrap()
            .value,
        Ok(0)
    );
    assert_eq!(
        w.chain
            .call(op, w.quota.create_vesting(team, 4_800 * UNIT, GENESIS_MS, 0, 48))
            .unwrap()
            .value,
        Ok(1)
    );
    assert_eq!(
        w.chain
            .call(op, w.quota.create_vesting(advisor, 2_400 * UNIT, GENESIS_MS, 12, 24))
            .unwrap()
            .value,
        Ok(2)
    );
    assert_eq!(
        w.chain
            .call(op, w.quota.create_vesting(advisor, UNIT, GENESIS_MS, 0, 0))
            .unwrap()
            .value,
        Err(QuotaError::ZeroReleases)
    );
    assert_eq!(
        w.chain
            .call(angel, w.quota.create_vesting(angel, UNIT, GENESIS_MS, 0, 1))
            .unwrap()
            .value,
        Err(QuotaError::NotOperator)
    );
    w.assert_backed();

    let at = |w: &mut World, month: u64, offset: i64| {
        w.chain.next_block();
        w.chain
            .set_timestamp((GENESIS_MS + month * MONTH_MS).saturating_add_signed(offset));
    };
    let release = |w: &mut World, id: u32| {
        let caller = w.contributors[10]; // anyone may trigger a release
        w.chain.call(caller, w.quota.release(id)).unwrap()
    };

    at(&mut w, 1, -1);
    for id in 0..3 {
        assert_eq!(
            release(&mut w, id).value,
            Err(QuotaError::NothingToRelease),
            "nothing vests early"
        );
    }
    at(&mut w, 1, 0);
    let out = release(&mut w, 0);
    assert_eq!(out.value, Ok(1_000 * UNIT));
    assert_eq!(out.events_of::<VestingReleased>()[0].released, 1_000 * UNIT);
    assert_eq!(release(&mut w, 1).value, Ok(100 * UNIT));
    assert_eq!(release(&mut w, 2).value, Err(QuotaError::NothingToRelease));
    assert_eq!(
        release(&mut w, 0).value,
        Err(QuotaError::NothingToRelease),
        "no double release"
    );

    at(&mut w, 13, -1);
    assert_eq!(
        release(&mut w, 2).value,
        Err(QuotaError::NothingToRelease),
        "cliff holds 12 months"
    );
    at(&mut w, 13, 0);
    assert_eq!(release(&mut w, 2).value, Ok(100 * UNIT));
    assert_eq!(release(&mut w, 0).value, Ok(12_000 * UNIT));

    at(&mut w, 60, 0);
    assert_eq!(release(&mut w, 0).value, Ok(35_000 * UNIT));
    assert_eq!(release(&mut w, 1).value, Ok(4_700 * UNIT));
    assert_eq!(release(&mut w, 2).value, Ok(2_300 * UNIT));
    assert_eq!(w.balance(angel), 48_000 * UNIT);
    assert_eq!(w.balance(team), 4_800 * UNIT);
    assert_eq!(w.balance(advisor), 2_400 * UNIT);
    assert_eq!(release(&mut w, 3).value, Err(QuotaError::UnknownSchedule));
    assert_eq!(w.chain.query(w.quota.vesting_outstanding()).unwrap(), 0);
    w.assert_backed();
}

#[test]
fn the_owner_names_the_operator() {
    let mut w = World::new(None);
    let (op, heir, stranger) = (w.operator, w.contributors[0], w.contributors[1]);
    assert_eq!(
        w.chain.call(stranger, w.quota.set_operator(stranger)).unwrap().value,
        Err(QuotaError::NotOwner)
    );
    assert_eq!(w.chain.call(op, w.quota.set_operator(heir)).unwrap().value, Ok(()));
    assert_eq!(
        w.chain.call(op, w.quota.grant_quota(w.sponsor, 1)).unwrap().value,
        Err(QuotaError::NotOperator)
    );
    w.chain.call(op, w.token.transfer(heir, 10, vec![])).unwrap();
    w.chain.call(heir, w.token.approve(w.address, 10)).unwrap();
    assert_eq!(
        w.chain.call(heir, w.quota.grant_quota(w.sponsor, 10)).unwrap().value,
        Ok(())
    );
    w.assert_backed();
}

#[test]
fn a_community_that_names_its_categories_rewards_only_those() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (admin, manager, sponsor, who) = (w.admin, w.manager, w.sponsor, w.contributors[0]);
    // Before any name, any category (the World rewards category 1).
    assert!(w.reward(admin, sponsor, who, UNIT).value.is_ok());
    let refused = w
        .chain
        .call(manager, w.quota.set_category(0, 2, Some("teaching".into())))
        .unwrap();
    assert_eq!(refused.value, Err(QuotaError::NotAdmin), "only the admin names");
    assert!(refused.reverted && refused.events.is_empty());
    let named = w
        .chain
        .call(admin, w.quota.set_category(0, 2, Some("teaching".into())))
        .unwrap();
    assert_eq!(named.value, Ok(()));
    let event = named.events_of::<donation_quota::events::CategorySet>();
    assert_eq!(
        (event[0].community, event[0].category, event[0].name.clone()),
        (0, 2, Some("teaching".to_string()))
    );
    assert_eq!(
        w.chain.query(w.quota.categories(0)).unwrap(),
        vec![(2, "teaching".to_string())]
    );
    let records = w.chain.query(w.quota.record_count()).unwrap();
    let before = w.balance(who);
    let out = w.reward(admin, sponsor, who, UNIT);
    assert_eq!(out.value, Err(QuotaError::UnknownCategory), "category 1 is not named");
    assert!(out.reverted && out.events.is_empty());
    assert_eq!(w.balance(who), before, "nothing paid");
    assert_eq!(w.chain.query(w.quota.record_count()).unwrap(), records);
    let batch = w
        .chain
        .call(
            admin,
            w.quota.reward_batch(
                0,
                sponsor,
                2,
                9,
                vec![(who, UNIT, [1; 32]), (w.contributors[1], UNIT, [2; 32])],
            ),
        )
        .unwrap();
    assert!(batch.value.is_ok(), "a named category: {:?}", batch.value);
    assert_eq!(
        w.chain
            .call(admin, w.quota.set_category(3, 2, Some("x".into())))
            .unwrap()
            .value,
        Err(QuotaError::UnknownCommunity)
    );
    w.assert_backed();
}
