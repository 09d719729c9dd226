//! Unit tests of the quota book's rules and errors on ink!'s off-chain engine.
//! (Token calls are cross-contract and covered by the drink tests in `e2e/`.)

use crate::{
    bonus::{self, BonusStage},
    book::{QuotaBook, RewardContext, RewardEntry, MAX_DEPTH, MAX_REWARD_BATCH, MAX_SPONSORS_PER_MANAGER},
    errors::QuotaError,
};
use ink::primitives::AccountId;

fn acc(n: u8) -> AccountId {
    AccountId::from([n; 32])
}

const ADMIN: u8 = 1;
const M1: u8 = 2; // under the admin
const M2: u8 = 3; // under M1
const OTHER: u8 = 4; // under the admin, another branch
const SPONSOR: u8 = 10;
const ALICE: u8 = 20; // contributors
const BOB: u8 = 21;

fn stage() -> BonusStage {
    BonusStage { starts_after_ms: 0, sponsor_bps: 2_500, manager_bps: 1_000 }
}

fn ctx(sponsor: u8) -> RewardContext {
    RewardContext { community: 0, sponsor: acc(sponsor), category: 3, activity: 77, block: 5, timestamp: 1_000 }
}

fn entry(who: u8, amount: u128) -> RewardEntry {
    (acc(who), amount, [who; 32])
}

/// Sponsor holds 1,000 of which 600 donated to community 0; admin -> M1 -> M2,
/// admin -> OTHER; reserve 1,000.
fn setup() -> QuotaBook {
    let mut book = QuotaBook::default();
    book.grant(acc(SPONSOR), 1_000).unwrap();
    book.fund_reserve(acc(ADMIN), 1_000).unwrap();
    let (id, _) = book.create_community(acc(ADMIN)).unwrap();
    assert_eq!(id, 0);
    book.add_manager(acc(ADMIN), 0, acc(M1)).unwrap();
    book.add_manager(acc(M1), 0, acc(M2)).unwrap();
    book.add_manager(acc(ADMIN), 0, acc(OTHER)).unwrap();
    book.donate(acc(SPONSOR), 0, 600).unwrap();
    book
}

fn snapshot(book: &QuotaBook) -> String {
    let mut s = format!("{:?} {:?} {}", book.totals(), book.held(acc(SPONSOR)), book.record_count());
    for holder in [None, Some(acc(M1)), Some(acc(M2)), Some(acc(OTHER))] {
        s.push_str(&format!(" {}", book.quota(0, holder, acc(SPONSOR))));
    }
    for m in [M1, M2, OTHER, 5, 6] {
        s.push_str(&format!(" {:?}", book.manager(0, acc(m))));
    }
    s.push_str(&format!(" {:?}", book.community(0)));
    s
}

fn rejected<T: core::fmt::Debug>(book: &mut QuotaBook, error: QuotaError, call: impl FnOnce(&mut QuotaBook) -> Result<T, QuotaError>) {
    let before = snapshot(book);
    assert_eq!(call(book).unwrap_err(), error);
    assert_eq!(snapshot(book), before, "state changed on {error:?}");
}

#[ink::test]
fn grants_and_donations() {
    let mut book = setup();
    assert_eq!(book.held(acc(SPONSOR)), 400);
    assert_eq!(book.quota(0, None, acc(SPONSOR)), 600);
    let t = book.totals();
    assert_eq!((t.granted, t.held, t.unallocated, t.allocated, t.unlocked, t.reserve), (1_000, 400, 600, 0, 0, 1_000));
    rejected(&mut book, QuotaError::InsufficientQuota, |b| b.donate(acc(SPONSOR), 0, 401));
    rejected(&mut book, QuotaError::UnknownCommunity, |b| b.donate(acc(SPONSOR), 9, 1));
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.donate(acc(SPONSOR), 0, 0));
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.grant(acc(SPONSOR), 0));
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.fund_reserve(acc(SPONSOR), 0));
    rejected(&mut book, QuotaError::Overflow, |b| b.grant(acc(SPONSOR), u128::MAX));
}

#[ink::test]
fn sponsors_cannot_reclaim_donated_quota() {
    let mut book = setup();
    // A sponsor has no place in the tree: it can neither move nor unlock the pool.
    rejected(&mut book, QuotaError::NotManager, |b| b.allocate(acc(SPONSOR), 0, acc(SPONSOR), acc(M1), 1));
    rejected(&mut book, QuotaError::NotManager, |b| b.reward(acc(SPONSOR), ctx(SPONSOR), &[entry(SPONSOR, 1)], stage()));
    rejected(&mut book, QuotaError::NotManager, |b| b.add_manager(acc(SPONSOR), 0, acc(SPONSOR)));
}

#[ink::test]
fn allocation_moves_quota_down_the_tree_only() {
    let mut book = setup();
    let moved = book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 300).unwrap();
    assert_eq!((moved[0].from, moved[0].to, moved[0].amount), (None, Some(acc(M1)), 300));
    book.allocate(acc(M1), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 50).unwrap(); // any level below
    assert_eq!(book.quota(0, None, acc(SPONSOR)), 250);
    assert_eq!(book.quota(0, Some(acc(M1)), acc(SPONSOR)), 200);
    assert_eq!(book.quota(0, Some(acc(M2)), acc(SPONSOR)), 150);
    assert_eq!(book.totals().allocated, 350);
    assert_eq!(book.manager_sponsors(0, acc(M2)), vec![acc(SPONSOR)]);

    rejected(&mut book, QuotaError::NotBelowCaller, |b| b.allocate(acc(M2), 0, acc(SPONSOR), acc(M1), 1));
    rejected(&mut book, QuotaError::NotBelowCaller, |b| b.allocate(acc(M1), 0, acc(SPONSOR), acc(OTHER), 1));
    rejected(&mut book, QuotaError::NotBelowCaller, |b| b.allocate(acc(M1), 0, acc(SPONSOR), acc(M1), 1));
    rejected(&mut book, QuotaError::UnknownManager, |b| b.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(ALICE), 1));
    rejected(&mut book, QuotaError::InsufficientQuota, |b| b.allocate(acc(M1), 0, acc(SPONSOR), acc(M2), 201));
    rejected(&mut book, QuotaError::InsufficientQuota, |b| b.allocate(acc(ADMIN), 0, acc(BOB), acc(M1), 1));
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 0));
    rejected(&mut book, QuotaError::NotManager, |b| b.allocate(acc(ALICE), 0, acc(SPONSOR), acc(M1), 1));
    rejected(&mut book, QuotaError::UnknownCommunity, |b| b.allocate(acc(ADMIN), 3, acc(SPONSOR), acc(M1), 1));
}

#[ink::test]
fn reward_unlocks_quota_records_and_pays_bonuses() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 200).unwrap();
    let (payouts, events) = book.reward(acc(M2), ctx(SPONSOR), &[entry(ALICE, 100)], stage()).unwrap();
    assert_eq!(payouts, vec![(acc(ALICE), 100), (acc(SPONSOR), 25), (acc(M2), 10)]);
    assert_eq!(events.records.len(), 1);
    let bonus = events.bonus.unwrap();
    assert_eq!((bonus.sponsor_bonus, bonus.manager_bonus), (25, 10));
    assert!(events.shortfall.is_none());
    let record = book.record(0).unwrap();
    assert_eq!((record.contributor, record.amount, record.manager, record.sponsor), (acc(ALICE), 100, acc(M2), acc(SPONSOR)));
    assert_eq!((record.category, record.activity, record.content_hash, record.block, record.timestamp), (3, 77, [ALICE; 32], 5, 1_000));
    let t = book.totals();
    assert_eq!((t.allocated, t.unlocked, t.reserve, t.bonus_paid), (100, 100, 965, 35));
    assert_eq!(book.quota(0, Some(acc(M2)), acc(SPONSOR)), 100);

    rejected(&mut book, QuotaError::InsufficientQuota, |b| b.reward(acc(M2), ctx(SPONSOR), &[entry(ALICE, 101)], stage()));
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.reward(acc(M2), ctx(SPONSOR), &[entry(ALICE, 0)], stage()));
    rejected(&mut book, QuotaError::NotManager, |b| b.reward(acc(ALICE), ctx(SPONSOR), &[entry(BOB, 1)], stage()));
    let mut other = ctx(SPONSOR);
    other.community = 5;
    rejected(&mut book, QuotaError::UnknownCommunity, |b| b.reward(acc(M2), other, &[entry(BOB, 1)], stage()));
}

#[ink::test]
fn managers_cannot_reward_themselves_or_anyone_above() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 100).unwrap();
    for who in [M2, M1, ADMIN] {
        rejected(&mut book, QuotaError::SelfDealing, |b| b.reward(acc(M2), ctx(SPONSOR), &[entry(who, 1)], stage()));
    }
    rejected(&mut book, QuotaError::SelfDealing, |b| b.reward(acc(ADMIN), ctx(SPONSOR), &[entry(ADMIN, 1)], stage()));
    // A manager's own contributions are rewarded from above.
    book.reward(acc(M1), ctx(SPONSOR), &[entry(M2, 5)], stage()).unwrap();
    book.reward(acc(ADMIN), ctx(SPONSOR), &[entry(M1, 5)], stage()).unwrap();
    // Another branch is not above M2.
    book.reward(acc(M2), ctx(SPONSOR), &[entry(OTHER, 5)], stage()).unwrap();
}

#[ink::test]
fn batch_reward_is_bounded_and_all_or_nothing() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 600).unwrap();
    let (payouts, events) = book.reward(acc(M1), ctx(SPONSOR), &[entry(ALICE, 100), entry(BOB, 200), entry(ALICE, 100)], stage()).unwrap();
    assert_eq!(payouts.len(), 5);
    assert_eq!(events.records.iter().map(|r| r.record).collect::<Vec<_>>(), vec![0, 1, 2]);
    let bonus = events.bonus.unwrap();
    assert_eq!((bonus.first_record, bonus.last_record, bonus.sponsor_bonus, bonus.manager_bonus), (0, 2, 100, 40));
    rejected(&mut book, QuotaError::EmptyBatch, |b| b.reward(acc(M1), ctx(SPONSOR), &[], stage()));
    let too_many = vec![entry(ALICE, 1); MAX_REWARD_BATCH + 1];
    rejected(&mut book, QuotaError::BatchTooLarge, |b| b.reward(acc(M1), ctx(SPONSOR), &too_many, stage()));
    rejected(&mut book, QuotaError::SelfDealing, |b| b.reward(acc(M1), ctx(SPONSOR), &[entry(ALICE, 1), entry(ADMIN, 1)], stage()));
    rejected(&mut book, QuotaError::InsufficientQuota, |b| b.reward(acc(M1), ctx(SPONSOR), &[entry(ALICE, 100), entry(BOB, 101)], stage()));
    let full = vec![entry(ALICE, 1); MAX_REWARD_BATCH];
    book.reward(acc(M1), ctx(SPONSOR), &full, stage()).unwrap();
}

#[ink::test]
fn empty_reserve_reduces_the_bonus_not_the_reward() {
    let mut book = QuotaBook::default();
    book.grant(acc(SPONSOR), 1_000).unwrap();
    book.fund_reserve(acc(ADMIN), 70).unwrap();
    book.create_community(acc(ADMIN)).unwrap();
    book.donate(acc(SPONSOR), 0, 1_000).unwrap();
    let (payouts, events) = book.reward(acc(ADMIN), ctx(SPONSOR), &[entry(ALICE, 1_000)], stage()).unwrap();
    assert_eq!(payouts, vec![(acc(ALICE), 1_000), (acc(SPONSOR), 50), (acc(ADMIN), 20)]);
    let shortfall = events.shortfall.unwrap();
    assert_eq!((shortfall.owed, shortfall.paid), (350, 70));
    assert_eq!(book.totals().reserve, 0);
    // With the reserve dry, rewards still go through without bonus payouts.
    book.grant(acc(SPONSOR), 10).unwrap();
    book.donate(acc(SPONSOR), 0, 10).unwrap();
    let (payouts, events) = book.reward(acc(ADMIN), ctx(SPONSOR), &[entry(ALICE, 10)], stage()).unwrap();
    assert_eq!(payouts, vec![(acc(ALICE), 10)]);
    assert!(events.bonus.is_none());
    assert_eq!(events.shortfall.map(|s| (s.owed, s.paid)), Some((3, 0)));
}

#[ink::test]
fn removal_returns_quota_to_the_parent() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 50).unwrap();
    rejected(&mut book, QuotaError::HasSubManagers, |b| b.remove_manager(acc(ADMIN), 0, acc(M1)));
    rejected(&mut book, QuotaError::NotBelowCaller, |b| b.remove_manager(acc(OTHER), 0, acc(M2)));
    rejected(&mut book, QuotaError::NotBelowCaller, |b| b.remove_manager(acc(M2), 0, acc(M2)));
    rejected(&mut book, QuotaError::UnknownManager, |b| b.remove_manager(acc(ADMIN), 0, acc(ALICE)));
    let (removed, moved) = book.remove_manager(acc(M1), 0, acc(M2)).unwrap();
    assert_eq!(removed.manager, acc(M2));
    assert_eq!((moved[0].from, moved[0].to, moved[0].amount), (Some(acc(M2)), Some(acc(M1)), 100));
    assert_eq!(book.quota(0, Some(acc(M1)), acc(SPONSOR)), 150);
    assert!(book.manager(0, acc(M2)).is_none());
    assert_eq!(book.manager(0, acc(M1)).unwrap().children, 0);
    book.remove_manager(acc(ADMIN), 0, acc(M1)).unwrap();
    assert_eq!(book.quota(0, None, acc(SPONSOR)), 600);
    assert_eq!(book.totals().allocated, 0);
    assert_eq!(book.community(0).unwrap().children, 1);
}

#[ink::test]
fn tree_rules() {
    let mut book = setup();
    rejected(&mut book, QuotaError::AlreadyInTree, |b| b.add_manager(acc(ADMIN), 0, acc(M2)));
    rejected(&mut book, QuotaError::AlreadyInTree, |b| b.add_manager(acc(M1), 0, acc(ADMIN)));
    rejected(&mut book, QuotaError::NotManager, |b| b.add_manager(acc(ALICE), 0, acc(BOB)));
    rejected(&mut book, QuotaError::UnknownCommunity, |b| b.add_manager(acc(ADMIN), 4, acc(BOB)));
    // A chain down to MAX_DEPTH, then no deeper.
    let mut parent = acc(M2); // depth 2
    for n in 0..(MAX_DEPTH - 2) {
        book.add_manager(parent, 0, acc(100 + n)).unwrap();
        parent = acc(100 + n);
    }
    assert_eq!(book.manager(0, parent).unwrap().depth, MAX_DEPTH);
    rejected(&mut book, QuotaError::TreeTooDeep, |b| b.add_manager(parent, 0, acc(200)));
}

#[ink::test]
fn a_manager_holds_quota_of_a_bounded_number_of_sponsors() {
    let mut book = setup();
    for n in 0..=MAX_SPONSORS_PER_MANAGER as u8 {
        book.grant(acc(150 + n), 10).unwrap();
        book.donate(acc(150 + n), 0, 10).unwrap();
    }
    for n in 0..MAX_SPONSORS_PER_MANAGER as u8 {
        book.allocate(acc(ADMIN), 0, acc(150 + n), acc(M1), 10).unwrap();
    }
    let last = acc(150 + MAX_SPONSORS_PER_MANAGER as u8);
    let before = book.totals();
    assert_eq!(book.allocate(acc(ADMIN), 0, last, acc(M1), 10).unwrap_err(), QuotaError::TooManySponsors);
    assert_eq!(book.totals(), before);
    // Using one sponsor's quota up frees its place.
    book.reward(acc(M1), ctx(150), &[entry(ALICE, 10)], stage()).unwrap();
    book.allocate(acc(ADMIN), 0, last, acc(M1), 10).unwrap();
    assert_eq!(book.manager_sponsors(0, acc(M1)).len(), MAX_SPONSORS_PER_MANAGER);
}

#[ink::test]
fn admin_moves_in_two_steps() {
    let mut book = setup();
    rejected(&mut book, QuotaError::NotAdmin, |b| b.transfer_admin(acc(M1), 0, Some(acc(BOB))));
    rejected(&mut book, QuotaError::AlreadyInTree, |b| b.transfer_admin(acc(ADMIN), 0, Some(acc(M1))));
    book.transfer_admin(acc(ADMIN), 0, Some(acc(BOB))).unwrap();
    rejected(&mut book, QuotaError::NotPendingAdmin, |b| b.accept_admin(acc(ALICE), 0));
    let event = book.accept_admin(acc(BOB), 0).unwrap();
    assert_eq!((event.previous, event.new_admin), (acc(ADMIN), acc(BOB)));
    // The new admin commands the pool and the tree.
    book.allocate(acc(BOB), 0, acc(SPONSOR), acc(M1), 10).unwrap();
    rejected(&mut book, QuotaError::NotManager, |b| b.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 1));
}

#[ink::test]
fn rates_follow_the_schedule() {
    let schedule = bonus::default_schedule();
    let early = bonus::stage_at(&schedule, 0);
    let late = bonus::stage_at(&schedule, u64::MAX);
    assert!(early.sponsor_bps > late.sponsor_bps && early.manager_bps > late.manager_bps);
}

mod properties;
