//! drink tests of the release `donation_quota` bundle with the real `credit`
//! bundle: the full quota flow across blocks, bonuses, failures of the token, and
//! vesting. Build the bundles first: `cargo xtask build`.

use cos_e2e::{credit::Credit, quota::Quota, to_ink, validate_mvp, Bundle, Chain};
use credit::{CreditError, UNIT};
use donation_quota::{
    events::{BonusPaid, BonusShortfall, ContributionRecorded, QuotaDonated, QuotaMoved, VestingReleased},
    vesting::MONTH_MS,
    BonusStage, QuotaError,
};
use drink::AccountId32;
use psp22::PSP22Error;

const START_MS: u64 = cos_e2e::GENESIS_MS;

struct World {
    chain: Chain,
    token: Credit,
    quota: Quota,
    operator: AccountId32,
    sponsor: AccountId32,
    admin: AccountId32,
    manager: AccountId32,
    sub_manager: AccountId32,
    contributors: Vec<AccountId32>,
}

impl World {
    fn new(schedule: Option<Vec<BonusStage>>) -> Self {
        let mut chain = Chain::new();
        let operator = chain.account(1);
        let (sponsor, admin, manager, sub_manager) = (chain.account(2), chain.account(3), chain.account(4), chain.account(5));
        let contributors = (20..45).map(|n| chain.account(n)).collect();
        let token = Credit::deploy(&mut chain, &operator, Some(1_000_000 * UNIT)).expect("credit deploys");
        let quota = Quota::deploy(&mut chain, &operator, token.id(), schedule).expect("quota deploys");
        Self { chain, token, quota, operator, sponsor, admin, manager, sub_manager, contributors }
    }

    fn balance(&mut self, who: &AccountId32) -> u128 {
        self.token.balance_of(&mut self.chain, who).unwrap()
    }

    fn contract_balance(&mut self) -> u128 {
        let address = self.quota.0.address.clone();
        self.balance(&address)
    }

    /// The contract's COS covers outstanding quota, the reserve and vesting, exactly.
    fn assert_backed(&mut self) {
        let totals = self.quota.totals(&mut self.chain).unwrap();
        let vesting = self.quota.vesting_outstanding(&mut self.chain).unwrap();
        assert_eq!(self.contract_balance(), totals.outstanding() + totals.reserve + vesting);
        assert_eq!(totals.granted, totals.held + totals.unallocated + totals.allocated + totals.unlocked);
    }

    /// Operator approves the contract, grants `quota` to the sponsor and funds `reserve`;
    /// the sponsor donates `donated` to a new community 0 with admin -> manager -> sub_manager.
    fn funded(mut self, quota: u128, reserve: u128, donated: u128) -> Self {
        let (c, q, op) = (&mut self.chain, &self.quota, &self.operator);
        assert_eq!(self.token.approve(c, op, &q.0.address, quota + reserve).unwrap().value, Ok(()));
        assert_eq!(q.grant_quota(c, op, &self.sponsor, quota).unwrap().value, Ok(()));
        assert_eq!(q.fund_reserve(c, op, reserve).unwrap().value, Ok(()));
        assert_eq!(q.create_community(c, &self.admin).unwrap().value, Ok(0));
        assert_eq!(q.add_manager(c, &self.admin, 0, &self.manager).unwrap().value, Ok(()));
        assert_eq!(q.add_manager(c, &self.manager, 0, &self.sub_manager).unwrap().value, Ok(()));
        let out = q.donate(c, &self.sponsor, 0, donated).unwrap();
        assert_eq!(out.value, Ok(()));
        assert_eq!(out.events_of::<QuotaDonated>()[0].amount, donated);
        self
    }
}

#[test]
fn bundle_is_mvp_wasm() {
    validate_mvp(&Bundle::load("donation_quota").unwrap().wasm).unwrap();
}

#[test]
fn full_flow_operator_to_contributors_with_bonuses() {
    let mut w = World::new(None).funded(10_000 * UNIT, 5_000 * UNIT, 8_000 * UNIT);
    w.assert_backed();
    assert_eq!(w.quota.held_quota(&mut w.chain, &w.sponsor).unwrap(), 2_000 * UNIT);
    assert_eq!(w.balance(&w.sponsor.clone()), 0, "quota is not COS");

    // Admin -> manager -> sub-manager, across blocks.
    w.chain.next_block();
    let (c, q) = (&mut w.chain, &w.quota);
    let out = q.allocate(c, &w.admin, 0, &w.sponsor, &w.manager, 5_000 * UNIT).unwrap();
    assert_eq!(out.value, Ok(()));
    let moved = out.events_of::<QuotaMoved>();
    assert_eq!((moved[0].from, moved[0].to), (None, Some(to_ink(&w.manager))));
    assert_eq!(q.allocate(c, &w.manager, 0, &w.sponsor, &w.sub_manager, 2_000 * UNIT).unwrap().value, Ok(()));
    c.next_block();

    // The sub-manager rewards one contributor: 25 % sponsor, 10 % manager bonus in year one.
    let alice = w.contributors[0].clone();
    let out = q.reward(c, &w.sub_manager, 0, &w.sponsor, &alice, 100 * UNIT, 7, 42, [9; 32]).unwrap();
    assert_eq!(out.value, Ok(0));
    let record = &out.events_of::<ContributionRecorded>()[0];
    assert_eq!((record.record, record.amount, record.category, record.activity), (0, 100 * UNIT, 7, 42));
    assert_eq!((record.manager, record.sponsor, record.contributor), (to_ink(&w.sub_manager), to_ink(&w.sponsor), to_ink(&alice)));
    let bonus = &out.events_of::<BonusPaid>()[0];
    assert_eq!((bonus.sponsor_bonus, bonus.manager_bonus), (25 * UNIT, 10 * UNIT));
    assert_eq!(w.balance(&alice), 100 * UNIT);
    assert_eq!(w.balance(&w.sponsor.clone()), 25 * UNIT);
    assert_eq!(w.balance(&w.sub_manager.clone()), 10 * UNIT);
    let stored = w.quota.record(&mut w.chain, 0).unwrap().unwrap();
    assert_eq!((stored.contributor, stored.content_hash), (to_ink(&alice), [9; 32]));
    w.assert_backed();

    // The manager rewards a whole activity form of 20 contributors at once.
    w.chain.next_block();
    let entries: Vec<_> = w.contributors[1..21].iter().map(|who| (who.clone(), 10 * UNIT, [1; 32])).collect();
    let out = w.quota.reward_batch(&mut w.chain, &w.manager, 0, &w.sponsor, 3, 43, &entries).unwrap();
    assert_eq!(out.value, Ok((1, 20)));
    assert_eq!(out.events_of::<ContributionRecorded>().len(), 20);
    for (who, amount, _) in &entries {
        assert_eq!(w.balance(who), *amount);
    }
    assert_eq!(w.balance(&w.manager.clone()), 20 * UNIT, "10 % of 200");
    assert_eq!(w.quota.record_count(&mut w.chain).unwrap(), 21);
    let totals = w.quota.totals(&mut w.chain).unwrap();
    assert_eq!(totals.unlocked, 300 * UNIT);
    assert_eq!(totals.bonus_paid, 105 * UNIT);
    assert_eq!(w.quota.quota_of(&mut w.chain, 0, Some(&w.manager.clone()), &w.sponsor.clone()).unwrap(), 2_800 * UNIT);
    w.assert_backed();

    // Removing the sub-manager returns its unused quota to the manager.
    let (c, q) = (&mut w.chain, &w.quota);
    assert_eq!(q.remove_manager(c, &w.manager, 0, &w.sub_manager).unwrap().value, Ok(()));
    assert_eq!(q.quota_of(c, 0, Some(&w.manager), &w.sponsor).unwrap(), 4_700 * UNIT);
    w.assert_backed();
}

#[test]
fn no_self_dealing_no_overdraft_no_reclaim() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    let (c, q) = (&mut w.chain, &w.quota);
    q.allocate(c, &w.admin, 0, &w.sponsor, &w.sub_manager, 100 * UNIT).unwrap();
    for who in [&w.sub_manager, &w.manager, &w.admin] {
        let out = q.reward(c, &w.sub_manager, 0, &w.sponsor, who, UNIT, 0, 0, [0; 32]).unwrap();
        assert_eq!(out.value, Err(QuotaError::SelfDealing));
        assert!(out.reverted && out.events.is_empty());
    }
    let out = q.reward(c, &w.sub_manager, 0, &w.sponsor, &w.contributors[0], 101 * UNIT, 0, 0, [0; 32]).unwrap();
    assert_eq!(out.value, Err(QuotaError::InsufficientQuota));
    let out = q.allocate(c, &w.sponsor, 0, &w.sponsor, &w.manager, UNIT).unwrap();
    assert_eq!(out.value, Err(QuotaError::NotManager), "a sponsor cannot take donated quota back");
    assert_eq!(q.donate(c, &w.sponsor, 0, UNIT).unwrap().value, Err(QuotaError::InsufficientQuota));
    assert_eq!(q.donate(c, &w.sponsor, 7, UNIT).unwrap().value, Err(QuotaError::UnknownCommunity));
    assert_eq!(q.grant_quota(c, &w.sponsor, &w.sponsor, UNIT).unwrap().value, Err(QuotaError::NotOperator));
    let too_many: Vec<_> = (0..51).map(|_| (w.contributors[0].clone(), 1, [0; 32])).collect();
    assert_eq!(q.reward_batch(c, &w.sub_manager, 0, &w.sponsor, 0, 0, &too_many).unwrap().value, Err(QuotaError::BatchTooLarge));
    assert_eq!(q.record_count(c).unwrap(), 0);
    w.assert_backed();
}

#[test]
fn token_failures_are_typed_errors_and_change_nothing() {
    let mut w = World::new(None).funded(1_000 * UNIT, 100 * UNIT, 1_000 * UNIT);
    // A grant without allowance fails in the token.
    let (c, q) = (&mut w.chain, &w.quota);
    let out = q.grant_quota(c, &w.operator, &w.sponsor, UNIT).unwrap();
    assert_eq!(out.value, Err(QuotaError::Token(PSP22Error::InsufficientAllowance)));
    assert_eq!(q.held_quota(c, &w.sponsor).unwrap(), 0);

    // A paused token makes rewards fail, with nothing recorded.
    assert_eq!(w.token.pause(c, &w.operator).unwrap().value, Ok(()));
    let before = q.totals(c).unwrap();
    let out = q.reward(c, &w.admin, 0, &w.sponsor, &w.contributors[0], UNIT, 0, 0, [0; 32]).unwrap();
    assert_eq!(out.value, Err(QuotaError::Credit(CreditError::Paused)));
    assert!(out.reverted);
    assert_eq!(q.totals(c).unwrap(), before);
    assert_eq!(q.record_count(c).unwrap(), 0);
    w.token.unpause(c, &w.operator).unwrap();
    assert_eq!(q.reward(c, &w.admin, 0, &w.sponsor, &w.contributors[0], UNIT, 0, 0, [0; 32]).unwrap().value, Ok(0));
    w.assert_backed();
}

#[test]
fn bonuses_decline_over_time_and_stop_when_the_reserve_is_dry() {
    let schedule = vec![
        BonusStage { starts_after_ms: 0, sponsor_bps: 2_500, manager_bps: 1_000 },
        BonusStage { starts_after_ms: 30 * 86_400_000, sponsor_bps: 1_000, manager_bps: 500 },
    ];
    let mut w = World::new(Some(schedule)).funded(10_000 * UNIT, 60 * UNIT, 10_000 * UNIT);
    let alice = w.contributors[0].clone();
    let (c, q) = (&mut w.chain, &w.quota);
    let out = q.reward(c, &w.admin, 0, &w.sponsor, &alice, 100 * UNIT, 0, 0, [0; 32]).unwrap();
    assert_eq!(out.events_of::<BonusPaid>()[0].sponsor_bonus, 25 * UNIT);

    c.next_block();
    c.set_timestamp(START_MS + 31 * 86_400_000);
    assert_eq!(q.current_bonus(c).unwrap().sponsor_bps, 1_000);
    let out = q.reward(c, &w.admin, 0, &w.sponsor, &alice, 100 * UNIT, 0, 0, [0; 32]).unwrap();
    let bonus = &out.events_of::<BonusPaid>()[0];
    assert_eq!((bonus.sponsor_bonus, bonus.manager_bonus), (10 * UNIT, 5 * UNIT));

    // 10 COS left in the reserve; 150 COS owed: the reward still goes through.
    let out = q.reward(c, &w.admin, 0, &w.sponsor, &alice, 1_000 * UNIT, 0, 0, [0; 32]).unwrap();
    assert_eq!(out.value, Ok(2));
    let shortfall = &out.events_of::<BonusShortfall>()[0];
    assert_eq!((shortfall.owed, shortfall.paid), (150 * UNIT, 10 * UNIT));
    assert_eq!(q.totals(c).unwrap().reserve, 0);
    let out = q.reward(c, &w.admin, 0, &w.sponsor, &alice, 100 * UNIT, 0, 0, [0; 32]).unwrap();
    assert_eq!(out.value, Ok(3));
    assert!(out.events_of::<BonusPaid>().is_empty());
    assert_eq!(w.balance(&alice), 1_300 * UNIT);
    w.assert_backed();
}

#[test]
fn vesting_schedules_release_monthly_and_never_early() {
    let mut w = World::new(None);
    let (angel, team, advisor) = (w.contributors[0].clone(), w.contributors[1].clone(), w.contributors[2].clone());
    let (c, q, op) = (&mut w.chain, &w.quota, &w.operator);
    w.token.approve(c, op, &q.0.address, 100_000 * UNIT).unwrap();
    assert_eq!(q.create_vesting(c, op, &angel, 48_000 * UNIT, START_MS, 0, 48).unwrap().value, Ok(0));
    assert_eq!(q.create_vesting(c, op, &team, 4_800 * UNIT, START_MS, 0, 48).unwrap().value, Ok(1));
    assert_eq!(q.create_vesting(c, op, &advisor, 2_400 * UNIT, START_MS, 12, 24).unwrap().value, Ok(2));
    assert_eq!(q.create_vesting(c, op, &advisor, UNIT, START_MS, 0, 0).unwrap().value, Err(QuotaError::ZeroReleases));
    assert_eq!(q.create_vesting(c, &angel, &angel, UNIT, START_MS, 0, 1).unwrap().value, Err(QuotaError::NotOperator));
    w.assert_backed();

    let at = |w: &mut World, month: u64, offset: i64| {
        w.chain.next_block();
        w.chain.set_timestamp((START_MS + month * MONTH_MS).saturating_add_signed(offset));
    };
    let release = |w: &mut World, id: u32| {
        let caller = w.contributors[10].clone(); // anyone may trigger a release
        w.quota.release(&mut w.chain, &caller, id).unwrap()
    };

    at(&mut w, 1, -1);
    for id in 0..3 {
        assert_eq!(release(&mut w, id).value, Err(QuotaError::NothingToRelease), "nothing vests early");
    }
    at(&mut w, 1, 0);
    let out = release(&mut w, 0);
    assert_eq!(out.value, Ok(1_000 * UNIT));
    assert_eq!(out.events_of::<VestingReleased>()[0].released, 1_000 * UNIT);
    assert_eq!(release(&mut w, 1).value, Ok(100 * UNIT));
    assert_eq!(release(&mut w, 2).value, Err(QuotaError::NothingToRelease));
    assert_eq!(release(&mut w, 0).value, Err(QuotaError::NothingToRelease), "no double release");

    at(&mut w, 13, -1);
    assert_eq!(release(&mut w, 2).value, Err(QuotaError::NothingToRelease), "cliff holds 12 months");
    at(&mut w, 13, 0);
    assert_eq!(release(&mut w, 2).value, Ok(100 * UNIT));
    assert_eq!(release(&mut w, 0).value, Ok(12_000 * UNIT));

    at(&mut w, 60, 0);
    assert_eq!(release(&mut w, 0).value, Ok(35_000 * UNIT));
    assert_eq!(release(&mut w, 1).value, Ok(4_700 * UNIT));
    assert_eq!(release(&mut w, 2).value, Ok(2_300 * UNIT));
    assert_eq!(w.balance(&angel), 48_000 * UNIT);
    assert_eq!(w.balance(&team), 4_800 * UNIT);
    assert_eq!(w.balance(&advisor), 2_400 * UNIT);
    assert_eq!(release(&mut w, 3).value, Err(QuotaError::UnknownSchedule));
    assert_eq!(w.quota.vesting_outstanding(&mut w.chain).unwrap(), 0);
    w.assert_backed();
}

#[test]
fn ownership_moves_in_two_steps_and_names_the_operator() {
    let mut w = World::new(None);
    let (c, q) = (&mut w.chain, &w.quota);
    let (heir, stranger) = (w.contributors[0].clone(), w.contributors[1].clone());
    assert_eq!(q.set_operator(c, &stranger, &stranger).unwrap().value, Err(QuotaError::NotOwner));
    assert_eq!(q.transfer_ownership(c, &stranger, Some(&stranger)).unwrap().value, Err(QuotaError::NotOwner));
    assert_eq!(q.transfer_ownership(c, &w.operator, Some(&heir)).unwrap().value, Ok(()));
    assert_eq!(q.accept_ownership(c, &stranger).unwrap().value, Err(QuotaError::NotPendingOwner));
    assert_eq!(q.accept_ownership(c, &heir).unwrap().value, Ok(()));
    // The new owner names a new operator; the old one can no longer grant.
    assert_eq!(q.set_operator(c, &w.operator, &w.operator).unwrap().value, Err(QuotaError::NotOwner));
    assert_eq!(q.set_operator(c, &heir, &heir).unwrap().value, Ok(()));
    assert_eq!(q.grant_quota(c, &w.operator, &w.sponsor, 1).unwrap().value, Err(QuotaError::NotOperator));
    assert_eq!(w.token.transfer(c, &w.operator, &heir, 10).unwrap().value, Ok(()));
    assert_eq!(w.token.approve(c, &heir, &q.0.address, 10).unwrap().value, Ok(()));
    assert_eq!(q.grant_quota(c, &heir, &w.sponsor, 10).unwrap().value, Ok(()));
    w.assert_backed();
}
