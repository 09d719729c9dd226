//! Unit tests of the quota book's rules and errors on ink!'s off-chain engine.
//! (Token calls are cross-contract and covered by the drink tests in `e2e/`.)

use crate::{
    bonus::{self, BonusStage},
    errors::QuotaError,
    QuotaBook, Removal, Resignation, RewardContext, RewardEntry, CHILDREN_PER_CELL, MAX_CHILDREN, MAX_DEPTH,
    MAX_REMOVAL, MAX_REMOVAL_MOVES, MAX_REWARD_BATCH, MAX_SPONSORS_PER_MANAGER,
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
    BonusStage {
        starts_after_ms: 0,
        sponsor_bps: 2_500,
        manager_bps: 1_000,
    }
}

fn ctx(sponsor: u8) -> RewardContext {
    RewardContext {
        community: 0,
        sponsor: acc(sponsor),
        category: 3,
        activity: 77,
        block: 5,
        timestamp: 1_000,
    }
}

fn entry(who: u8, amount: u128) -> RewardEntry {
    (acc(who), amount, [who; 32])
}

/// `parent` offers `manager` a place below it in community 0, and `manager` accepts.
fn appoint(book: &mut QuotaBook, parent: AccountId, manager: AccountId) -> Result<(), QuotaError> {
    let admin = book.community(0).expect("community 0").admin;
    book.offer_manager(parent, 0, manager)?;
    let parent = (parent != admin).then_some(parent);
    book.accept_manager(manager, 0, parent).map(|_| ())
}

/// Sponsor holds 1,000 of which 600 donated to community 0; admin -> M1 -> M2,
/// admin -> OTHER; reserve 1,000.
fn setup() -> QuotaBook {
    let mut book = QuotaBook::default();
    book.grant(acc(SPONSOR), 1_000).unwrap();
    book.fund_reserve(acc(ADMIN), 1_000).unwrap();
    let (id, _) = book.create_community(acc(ADMIN)).unwrap();
    assert_eq!(id, 0);
    book.recognise(0, true).unwrap();
    appoint(&mut book, acc(ADMIN), acc(M1)).unwrap();
    appoint(&mut book, acc(M1), acc(M2)).unwrap();
    appoint(&mut book, acc(ADMIN), acc(OTHER)).unwrap();
    book.donate(acc(SPONSOR), 0, 600).unwrap();
    book
}

fn snapshot(book: &QuotaBook) -> String {
    let mut s = format!(
        "{:?} {:?} {}",
        book.totals(),
        book.held(acc(SPONSOR)),
        book.record_count()
    );
    for holder in [None, Some(acc(M1)), Some(acc(M2)), Some(acc(OTHER))] {
        s.push_str(&format!(" {}", book.quota(0, holder, acc(SPONSOR))));
    }
    for m in [M1, M2, OTHER, 5, 6] {
        s.push_str(&format!(" {:?}", book.manager(0, acc(m))));
    }
    s.push_str(&format!(" {:?}", book.community(0)));
    s
}

fn rejected<T: core::fmt::Debug>(
    book: &mut QuotaBook,
    error: QuotaError,
    call: impl FnOnce(&mut QuotaBook) -> Result<T, QuotaError>,
) {
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
    assert_eq!(
        (t.granted, t.held, t.unallocated, t.allocated, t.unlocked, t.reserve),
        (1_000, 400, 600, 0, 0, 1_000)
    );
    rejected(&mut book, QuotaError::InsufficientQuota, |b| {
        b.donate(acc(SPONSOR), 0, 401)
    });
    rejected(&mut book, QuotaError::UnknownCommunity, |b| {
        b.donate(acc(SPONSOR), 9, 1)
    });
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.donate(acc(SPONSOR), 0, 0));
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.grant(acc(SPONSOR), 0));
    rejected(&mut book, QuotaError::ZeroAmount, |b| b.fund_reserve(acc(SPONSOR), 0));
    rejected(&mut book, QuotaError::Overflow, |b| b.grant(acc(SPONSOR), u128::MAX));
}

#[ink::test]
fn sponsors_cannot_reclaim_donated_quota() {
    let mut book = setup();
    // A sponsor has no place in the tree: it can neither move nor unlock the pool.
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.allocate(acc(SPONSOR), 0, acc(SPONSOR), acc(M1), 1)
    });
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.reward(acc(SPONSOR), ctx(SPONSOR), &[entry(SPONSOR, 1)], stage())
    });
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.offer_manager(acc(SPONSOR), 0, acc(SPONSOR))
    });
}

#[ink::test]
fn allocation_moves_quota_down_the_tree_only() {
    let mut book = setup();
    let moved = book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 300).unwrap();
    assert_eq!((moved.from, moved.to, moved.amount), (None, Some(acc(M1)), 300));
    book.allocate(acc(M1), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 50).unwrap(); // any level below
    assert_eq!(book.quota(0, None, acc(SPONSOR)), 250);
    assert_eq!(book.quota(0, Some(acc(M1)), acc(SPONSOR)), 200);
    assert_eq!(book.quota(0, Some(acc(M2)), acc(SPONSOR)), 150);
    assert_eq!(book.totals().allocated, 350);
    assert_eq!(book.manager_sponsors(0, acc(M2)), vec![acc(SPONSOR)]);

    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.allocate(acc(M2), 0, acc(SPONSOR), acc(M1), 1)
    });
    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.allocate(acc(M1), 0, acc(SPONSOR), acc(OTHER), 1)
    });
    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.allocate(acc(M1), 0, acc(SPONSOR), acc(M1), 1)
    });
    rejected(&mut book, QuotaError::UnknownManager, |b| {
        b.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(ALICE), 1)
    });
    rejected(&mut book, QuotaError::InsufficientQuota, |b| {
        b.allocate(acc(M1), 0, acc(SPONSOR), acc(M2), 201)
    });
    rejected(&mut book, QuotaError::InsufficientQuota, |b| {
        b.allocate(acc(ADMIN), 0, acc(BOB), acc(M1), 1)
    });
    rejected(&mut book, QuotaError::ZeroAmount, |b| {
        b.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 0)
    });
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.allocate(acc(ALICE), 0, acc(SPONSOR), acc(M1), 1)
    });
    rejected(&mut book, QuotaError::UnknownCommunity, |b| {
        b.allocate(acc(ADMIN), 3, acc(SPONSOR), acc(M1), 1)
    });
}

#[ink::test]
fn reward_unlocks_quota_records_and_pays_bonuses() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 200).unwrap();
    let (payouts, events) = book
        .reward(acc(M2), ctx(SPONSOR), &[entry(ALICE, 100)], stage())
        .unwrap();
    assert_eq!(payouts, vec![(acc(ALICE), 100), (acc(SPONSOR), 25), (acc(M2), 10)]);
    assert_eq!(events.records.len(), 1);
    let bonus = events.bonus.unwrap();
    assert_eq!((bonus.sponsor_bonus, bonus.manager_bonus), (25, 10));
    assert!(events.shortfall.is_none());
    let record = book.record(0).unwrap();
    assert_eq!(
        (record.contributor, record.amount, record.manager, record.sponsor),
        (acc(ALICE), 100, acc(M2), acc(SPONSOR))
    );
    assert_eq!(
        (
            record.category,
            record.activity,
            record.content_hash,
            record.block,
            record.timestamp
        ),
        (3, 77, [ALICE; 32], 5, 1_000)
    );
    let t = book.totals();
    assert_eq!((t.allocated, t.unlocked, t.reserve, t.bonus_paid), (100, 100, 965, 35));
    assert_eq!(book.quota(0, Some(acc(M2)), acc(SPONSOR)), 100);

    rejected(&mut book, QuotaError::InsufficientQuota, |b| {
        b.reward(acc(M2), ctx(SPONSOR), &[entry(ALICE, 101)], stage())
    });
    rejected(&mut book, QuotaError::ZeroAmount, |b| {
        b.reward(acc(M2), ctx(SPONSOR), &[entry(ALICE, 0)], stage())
    });
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.reward(acc(ALICE), ctx(SPONSOR), &[entry(BOB, 1)], stage())
    });
    let mut other = ctx(SPONSOR);
    other.community = 5;
    rejected(&mut book, QuotaError::UnknownCommunity, |b| {
        b.reward(acc(M2), other, &[entry(BOB, 1)], stage())
    });
}

#[ink::test]
fn managers_cannot_reward_themselves_or_anyone_above() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 100).unwrap();
    for who in [M2, M1, ADMIN] {
        rejected(&mut book, QuotaError::SelfDealing, |b| {
            b.reward(acc(M2), ctx(SPONSOR), &[entry(who, 1)], stage())
        });
    }
    rejected(&mut book, QuotaError::SelfDealing, |b| {
        b.reward(acc(ADMIN), ctx(SPONSOR), &[entry(ADMIN, 1)], stage())
    });
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
    let (payouts, events) = book
        .reward(
            acc(M1),
            ctx(SPONSOR),
            &[entry(ALICE, 100), entry(BOB, 200), entry(ALICE, 100)],
            stage(),
        )
        .unwrap();
    assert_eq!(payouts.len(), 5);
    assert_eq!(
        events.records.iter().map(|r| r.record).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    let bonus = events.bonus.unwrap();
    assert_eq!(
        (
            bonus.first_record,
            bonus.last_record,
            bonus.sponsor_bonus,
            bonus.manager_bonus
        ),
        (0, 2, 100, 40)
    );
    rejected(&mut book, QuotaError::EmptyBatch, |b| {
        b.reward(acc(M1), ctx(SPONSOR), &[], stage())
    });
    let too_many = vec![entry(ALICE, 1); MAX_REWARD_BATCH + 1];
    rejected(&mut book, QuotaError::BatchTooLarge, |b| {
        b.reward(acc(M1), ctx(SPONSOR), &too_many, stage())
    });
    rejected(&mut book, QuotaError::SelfDealing, |b| {
        b.reward(acc(M1), ctx(SPONSOR), &[entry(ALICE, 1), entry(ADMIN, 1)], stage())
    });
    rejected(&mut book, QuotaError::InsufficientQuota, |b| {
        b.reward(acc(M1), ctx(SPONSOR), &[entry(ALICE, 100), entry(BOB, 101)], stage())
    });
    let full = vec![entry(ALICE, 1); MAX_REWARD_BATCH];
    book.reward(acc(M1), ctx(SPONSOR), &full, stage()).unwrap();
}

#[ink::test]
fn empty_reserve_reduces_the_bonus_not_the_reward() {
    let mut book = QuotaBook::default();
    book.grant(acc(SPONSOR), 1_000).unwrap();
    book.fund_reserve(acc(ADMIN), 70).unwrap();
    book.create_community(acc(ADMIN)).unwrap();
    book.recognise(0, true).unwrap();
    book.donate(acc(SPONSOR), 0, 1_000).unwrap();
    let (payouts, events) = book
        .reward(acc(ADMIN), ctx(SPONSOR), &[entry(ALICE, 1_000)], stage())
        .unwrap();
    assert_eq!(payouts, vec![(acc(ALICE), 1_000), (acc(SPONSOR), 50), (acc(ADMIN), 20)]);
    let shortfall = events.shortfall.unwrap();
    assert_eq!((shortfall.owed, shortfall.paid), (350, 70));
    assert_eq!(book.totals().reserve, 0);
    // With the reserve dry, rewards still go through without bonus payouts.
    book.grant(acc(SPONSOR), 10).unwrap();
    book.donate(acc(SPONSOR), 0, 10).unwrap();
    let (payouts, events) = book
        .reward(acc(ADMIN), ctx(SPONSOR), &[entry(ALICE, 10)], stage())
        .unwrap();
    assert_eq!(payouts, vec![(acc(ALICE), 10)]);
    assert!(events.bonus.is_none());
    assert_eq!(events.shortfall.map(|s| (s.owed, s.paid)), Some((3, 0)));
}

#[ink::test]
fn removal_takes_the_subtree_and_returns_its_quota_upward() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 50).unwrap();
    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.remove_manager(acc(OTHER), 0, acc(M2))
    });
    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.remove_manager(acc(M2), 0, acc(M2))
    });
    rejected(&mut book, QuotaError::UnknownManager, |b| {
        b.remove_manager(acc(ADMIN), 0, acc(ALICE))
    });
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.remove_manager(acc(ALICE), 0, acc(M2))
    });
    // M1 keeps a sub-manager: the admin removes both at once.
    let Removal { removed, moved, lapsed } = book.remove_manager(acc(ADMIN), 0, acc(M1)).unwrap();
    assert_eq!((lapsed.community, lapsed.epoch), (0, 1));
    assert_eq!(
        removed.iter().map(|r| r.manager).collect::<Vec<_>>(),
        vec![acc(M1), acc(M2)]
    );
    assert!(removed.iter().all(|r| r.by == acc(ADMIN)));
    let moves: Vec<_> = moved.iter().map(|m| (m.from, m.to, m.amount)).collect();
    assert_eq!(moves, vec![(Some(acc(M2)), None, 100), (Some(acc(M1)), None, 50)]);
    assert_eq!(book.quota(0, None, acc(SPONSOR)), 600);
    assert_eq!(book.totals().allocated, 0);
    assert!(book.manager(0, acc(M1)).is_none() && book.manager(0, acc(M2)).is_none());
    assert_eq!(book.community(0).unwrap().children, 1);
    assert!(book.manager_sponsors(0, acc(M2)).is_empty());
    // The removed may be appointed again, and start empty.
    appoint(&mut book, acc(ADMIN), acc(M2)).unwrap();
    assert_eq!(book.manager(0, acc(M2)).unwrap().children, 0);
}

#[ink::test]
fn a_manager_removes_a_subtree_below_itself_and_gets_its_quota() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    let Removal { removed, moved, .. } = book.remove_manager(acc(M1), 0, acc(M2)).unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(
        (moved[0].from, moved[0].to, moved[0].amount),
        (Some(acc(M2)), Some(acc(M1)), 100)
    );
    assert_eq!(book.quota(0, Some(acc(M1)), acc(SPONSOR)), 100);
    assert_eq!(book.manager(0, acc(M1)).unwrap().children, 0);
    assert!(book.manager_children(0, acc(M1)).is_empty());
}

#[ink::test]
fn removal_never_fails_on_the_sponsor_bound() {
    // M1 already holds quota of MAX_SPONSORS_PER_MANAGER sponsors; M2 below it holds
    // quota of another one. Removing M2 must not fail: that quota goes past M1 to the pool.
    let mut book = setup();
    for n in 0..MAX_SPONSORS_PER_MANAGER as u8 {
        book.grant(acc(150 + n), 10).unwrap();
        book.donate(acc(150 + n), 0, 10).unwrap();
        book.allocate(acc(ADMIN), 0, acc(150 + n), acc(M1), 10).unwrap();
    }
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 40).unwrap();
    let moved = book.remove_manager(acc(M1), 0, acc(M2)).unwrap().moved;
    assert_eq!((moved[0].from, moved[0].to, moved[0].amount), (Some(acc(M2)), None, 40));
    assert_eq!(book.quota(0, None, acc(SPONSOR)), 600);
    assert_eq!(book.manager_sponsors(0, acc(M1)).len(), MAX_SPONSORS_PER_MANAGER);
}

#[ink::test]
fn unspent_quota_can_be_reclaimed_from_anyone_below() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 100).unwrap();
    // M1 takes 30 back up from M2; the admin takes 70 from M2 and 30 from M1.
    let moved = book.reclaim(acc(M1), 0, acc(M2), acc(SPONSOR), 30).unwrap();
    assert_eq!((moved.from, moved.to, moved.amount), (Some(acc(M2)), Some(acc(M1)), 30));
    book.reclaim(acc(ADMIN), 0, acc(M2), acc(SPONSOR), 70).unwrap();
    book.reclaim(acc(ADMIN), 0, acc(M1), acc(SPONSOR), 30).unwrap();
    assert_eq!(book.quota(0, None, acc(SPONSOR)), 600);
    assert_eq!(book.totals().allocated, 0);
    rejected(&mut book, QuotaError::InsufficientQuota, |b| {
        b.reclaim(acc(ADMIN), 0, acc(M2), acc(SPONSOR), 1)
    });
    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.reclaim(acc(M2), 0, acc(M1), acc(SPONSOR), 1)
    });
    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.reclaim(acc(OTHER), 0, acc(M2), acc(SPONSOR), 1)
    });
    rejected(&mut book, QuotaError::NotBelowCaller, |b| {
        b.reclaim(acc(M1), 0, acc(M1), acc(SPONSOR), 1)
    });
    rejected(&mut book, QuotaError::ZeroAmount, |b| {
        b.reclaim(acc(ADMIN), 0, acc(M2), acc(SPONSOR), 0)
    });
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.reclaim(acc(ALICE), 0, acc(M2), acc(SPONSOR), 1)
    });
}

#[ink::test]
fn large_subtrees_are_removed_a_part_at_a_time() {
    let mut book = setup();
    // M2 gets MAX_REMOVAL sub-managers in two levels: M1's subtree is then too large.
    let first: Vec<u8> = (100..100 + MAX_CHILDREN as u8).collect();
    for &n in &first {
        appoint(&mut book, acc(M2), acc(n)).unwrap();
    }
    assert_eq!(book.manager(0, acc(M2)).unwrap().children as usize, MAX_CHILDREN);
    book.offer_manager(acc(M2), 0, acc(99)).unwrap();
    rejected(&mut book, QuotaError::TooManyChildren, |b| {
        b.accept_manager(acc(99), 0, Some(acc(M2)))
    });
    const { assert!(MAX_CHILDREN + 2 > MAX_REMOVAL) };
    rejected(&mut book, QuotaError::SubtreeTooLarge, |b| {
        b.remove_manager(acc(ADMIN), 0, acc(M1))
    });
    // Bottom up: M2's children one by one, then M1 with M2.
    for &n in &first[..4] {
        book.remove_manager(acc(M2), 0, acc(n)).unwrap();
    }
    let removed = book.remove_manager(acc(ADMIN), 0, acc(M1)).unwrap().removed;
    assert_eq!(removed.len(), 2 + MAX_CHILDREN - 4);
    assert!(book.manager(0, acc(first[10])).is_none());
}

#[ink::test]
fn a_full_list_of_sub_managers_spans_storage_cells_in_order() {
    use ink::scale::Encode;
    // Each cell of the list fits one storage cell of pallet-revive, even with
    // 32-byte accounts.
    let cell = vec![AccountId::from([0xff; 32]); CHILDREN_PER_CELL];
    assert!(cell.encoded_size() <= cos_common::MAX_CELL_BYTES);
    // The test crosses two cell boundaries.
    const { assert!(MAX_CHILDREN > 2 * CHILDREN_PER_CELL) };

    let mut book = setup();
    let children: Vec<AccountId> = (100..100 + MAX_CHILDREN as u8).map(acc).collect();
    for &child in &children {
        appoint(&mut book, acc(M2), child).unwrap();
    }
    assert_eq!(book.manager_children(0, acc(M2)), children);
    // Leaving from the first cell shifts the rest down, in order.
    book.remove_manager(acc(M2), 0, children[0]).unwrap();
    assert_eq!(book.manager_children(0, acc(M2)), children[1..]);
    // A child's resignation merges its own children in after its siblings.
    appoint(&mut book, children[5], acc(99)).unwrap();
    book.resign(children[5], 0).unwrap();
    let mut expected: Vec<AccountId> = children[1..].iter().copied().filter(|c| *c != children[5]).collect();
    expected.push(acc(99));
    assert_eq!(book.manager_children(0, acc(M2)), expected);
    // Emptied, then refilled: no cell of the longer list comes back.
    for &child in &expected {
        book.remove_manager(acc(M2), 0, child).unwrap();
    }
    assert!(book.manager_children(0, acc(M2)).is_empty());
    appoint(&mut book, acc(M2), acc(98)).unwrap();
    assert_eq!(book.manager_children(0, acc(M2)), vec![acc(98)]);
}

#[ink::test]
fn a_removal_moves_at_most_max_removal_moves_holdings() {
    let mut book = setup();
    let extra: Vec<u8> = (100..107).collect();
    for &n in &extra {
        appoint(&mut book, acc(M2), acc(n)).unwrap();
    }
    let sponsors = MAX_SPONSORS_PER_MANAGER as u8;
    for s in 0..sponsors {
        book.grant(acc(150 + s), 100).unwrap();
        book.donate(acc(150 + s), 0, 100).unwrap();
    }
    // M1's subtree holds one more (manager, sponsor) holding than a removal moves.
    let mut last = None;
    let mut holdings = 0;
    'fill: for m in [M1, M2].into_iter().chain(extra) {
        for s in 0..sponsors {
            book.allocate(acc(ADMIN), 0, acc(150 + s), acc(m), 1).unwrap();
            holdings += 1;
            last = Some((m, 150 + s));
            if holdings > MAX_REMOVAL_MOVES {
                break 'fill;
            }
        }
    }
    rejected(&mut book, QuotaError::SubtreeTooLarge, |b| {
        b.remove_manager(acc(ADMIN), 0, acc(M1))
    });
    let (m, s) = last.unwrap();
    book.reclaim(acc(ADMIN), 0, acc(m), acc(s), 1).unwrap();
    let removal = book.remove_manager(acc(ADMIN), 0, acc(M1)).unwrap();
    assert_eq!(removal.moved.len(), MAX_REMOVAL_MOVES);
    assert_eq!(removal.removed.len(), 9);
    assert_eq!(book.totals().allocated, 0);
}

#[ink::test]
fn tree_rules() {
    let mut book = setup();
    rejected(&mut book, QuotaError::AlreadyInTree, |b| {
        b.offer_manager(acc(ADMIN), 0, acc(M2))
    });
    rejected(&mut book, QuotaError::AlreadyInTree, |b| {
        b.offer_manager(acc(M1), 0, acc(ADMIN))
    });
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.offer_manager(acc(ALICE), 0, acc(BOB))
    });
    rejected(&mut book, QuotaError::UnknownCommunity, |b| {
        b.offer_manager(acc(ADMIN), 4, acc(BOB))
    });
    // A chain down to MAX_DEPTH, then no deeper.
    let mut parent = acc(M2); // depth 2
    for n in 0..(MAX_DEPTH - 2) {
        appoint(&mut book, parent, acc(100 + n)).unwrap();
        parent = acc(100 + n);
    }
    assert_eq!(book.manager(0, parent).unwrap().depth, MAX_DEPTH);
    book.offer_manager(parent, 0, acc(200)).unwrap();
    rejected(&mut book, QuotaError::TreeTooDeep, |b| {
        b.accept_manager(acc(200), 0, Some(parent))
    });
}

#[ink::test]
fn nobody_joins_a_tree_without_accepting() {
    let mut book = setup();
    let event = book.offer_manager(acc(M1), 0, acc(BOB)).unwrap();
    assert_eq!((event.manager, event.parent), (acc(BOB), Some(acc(M1))));
    assert!(book.manager(0, acc(BOB)).is_none(), "an offer is not a place");
    assert!(book.has_offer(0, acc(BOB), Some(acc(M1))));
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.accept_manager(acc(BOB), 0, None)
    });
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.accept_manager(acc(ALICE), 0, Some(acc(M1)))
    });
    // Withdrawn offers cannot be accepted.
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.withdraw_offer(acc(M2), 0, acc(BOB))
    });
    book.withdraw_offer(acc(M1), 0, acc(BOB)).unwrap();
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.accept_manager(acc(BOB), 0, Some(acc(M1)))
    });
    // Two offers: accepting one leaves the other unusable.
    book.offer_manager(acc(M1), 0, acc(BOB)).unwrap();
    book.offer_manager(acc(ADMIN), 0, acc(BOB)).unwrap();
    let added = book.accept_manager(acc(BOB), 0, Some(acc(M1))).unwrap();
    assert_eq!(added.parent, Some(acc(M1)));
    assert_eq!(book.manager(0, acc(BOB)).unwrap().depth, 2);
    assert_eq!(book.manager_children(0, acc(M1)), vec![acc(M2), acc(BOB)]);
    rejected(&mut book, QuotaError::AlreadyInTree, |b| {
        b.accept_manager(acc(BOB), 0, None)
    });
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
    assert_eq!(
        book.allocate(acc(ADMIN), 0, last, acc(M1), 10).unwrap_err(),
        QuotaError::TooManySponsors
    );
    assert_eq!(book.totals(), before);
    // Using one sponsor's quota up frees its place.
    book.reward(acc(M1), ctx(150), &[entry(ALICE, 10)], stage()).unwrap();
    book.allocate(acc(ADMIN), 0, last, acc(M1), 10).unwrap();
    assert_eq!(book.manager_sponsors(0, acc(M1)).len(), MAX_SPONSORS_PER_MANAGER);
}

#[ink::test]
fn admin_moves_in_two_steps() {
    let mut book = setup();
    rejected(&mut book, QuotaError::NotAdmin, |b| {
        b.transfer_admin(acc(M1), 0, Some(acc(BOB)))
    });
    rejected(&mut book, QuotaError::AlreadyInTree, |b| {
        b.transfer_admin(acc(ADMIN), 0, Some(acc(M1)))
    });
    book.transfer_admin(acc(ADMIN), 0, Some(acc(BOB))).unwrap();
    // The outgoing admin offers a place to a friend before leaving.
    book.offer_manager(acc(ADMIN), 0, acc(ALICE)).unwrap();
    // A manager tries to block the handover by appointing the heir inside the tree:
    // without the heir's acceptance that changes nothing.
    book.offer_manager(acc(M2), 0, acc(BOB)).unwrap();
    rejected(&mut book, QuotaError::NotPendingAdmin, |b| {
        b.accept_admin(acc(ALICE), 0)
    });
    let (event, lapsed) = book.accept_admin(acc(BOB), 0).unwrap();
    assert_eq!((event.previous, event.new_admin), (acc(ADMIN), acc(BOB)));
    assert_eq!(lapsed.epoch, 1);
    // The former admin's offer lapsed with the handover.
    assert!(!book.has_offer(0, acc(ALICE), None));
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.accept_manager(acc(ALICE), 0, None)
    });
    // The new admin commands the pool and the tree; the stale offer is no way back in.
    book.allocate(acc(BOB), 0, acc(SPONSOR), acc(M1), 10).unwrap();
    rejected(&mut book, QuotaError::NotManager, |b| {
        b.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 1)
    });
    // The manager's offer lapsed with the handover.
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.accept_manager(acc(BOB), 0, Some(acc(M2)))
    });
}

#[ink::test]
fn sponsors_cannot_deal_with_themselves() {
    // The attack: a sponsor founds a community, donates to it and, as its
    // admin, rewards a second account of its own.
    let mut book = QuotaBook::default();
    book.grant(acc(SPONSOR), 1_000).unwrap();
    book.fund_reserve(acc(ADMIN), 1_000).unwrap();
    let (id, _) = book.create_community(acc(SPONSOR)).unwrap();
    // Its community is nobody's but its own: the operator does not recognise it,
    // so no quota reaches it, whatever keys it holds.
    rejected(&mut book, QuotaError::NotRecognised, |b| {
        b.donate(acc(SPONSOR), id, 1_000)
    });
    // Were the operator fooled, the self-dealing rule still stands for one key.
    book.recognise(id, true).unwrap();
    book.donate(acc(SPONSOR), id, 1_000).unwrap();
    let mut ctx = ctx(SPONSOR);
    ctx.community = id;
    rejected(&mut book, QuotaError::SelfDealing, |b| {
        b.reward(acc(SPONSOR), ctx, &[entry(BOB, 1_000)], stage())
    });
    // It also cannot push its quota to a manager and have itself rewarded with it.
    book.offer_manager(acc(SPONSOR), id, acc(M1)).unwrap();
    book.accept_manager(acc(M1), id, None).unwrap();
    book.allocate(acc(SPONSOR), id, acc(SPONSOR), acc(M1), 500).unwrap();
    rejected(&mut book, QuotaError::SelfDealing, |b| {
        b.reward(acc(M1), ctx, &[entry(ALICE, 1), entry(SPONSOR, 400)], stage())
    });
    // A real contributor rewarded by the manager is fine: bonuses go to two accounts.
    let (payouts, _) = book.reward(acc(M1), ctx, &[entry(ALICE, 100)], stage()).unwrap();
    assert_eq!(payouts, vec![(acc(ALICE), 100), (acc(SPONSOR), 25), (acc(M1), 10)]);
}

#[ink::test]
fn a_colluding_admin_cannot_pay_the_donation_back() {
    let mut book = setup();
    rejected(&mut book, QuotaError::SelfDealing, |b| {
        b.reward(acc(ADMIN), ctx(SPONSOR), &[entry(SPONSOR, 100)], stage())
    });
}

#[ink::test]
fn rates_follow_the_schedule() {
    let schedule = bonus::default_schedule();
    let early = bonus::stage_at(&schedule, 0);
    let late = bonus::stage_at(&schedule, u64::MAX);
    assert!(early.sponsor_bps > late.sponsor_bps && early.manager_bps > late.manager_bps);
}

#[ink::test]
fn recognition_gates_donations_allocations_and_rewards() {
    let mut book = setup();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 100).unwrap();
    rejected(&mut book, QuotaError::Unchanged, |b| b.recognise(0, true));
    rejected(&mut book, QuotaError::UnknownCommunity, |b| b.recognise(9, true));
    let event = book.recognise(0, false).unwrap();
    assert_eq!((event.community, event.recognised), (0, false));
    rejected(&mut book, QuotaError::NotRecognised, |b| b.donate(acc(SPONSOR), 0, 1));
    rejected(&mut book, QuotaError::NotRecognised, |b| {
        b.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 1)
    });
    rejected(&mut book, QuotaError::NotRecognised, |b| {
        b.reward(acc(M1), ctx(SPONSOR), &[entry(ALICE, 1)], stage())
    });
    // The quota is kept safe: reclaims and removals still work.
    book.reclaim(acc(ADMIN), 0, acc(M1), acc(SPONSOR), 40).unwrap();
    book.remove_manager(acc(ADMIN), 0, acc(OTHER)).unwrap();
    // Recognised again, it flows again.
    book.recognise(0, true).unwrap();
    book.reward(acc(M1), ctx(SPONSOR), &[entry(ALICE, 60)], stage())
        .unwrap();
    assert_eq!(book.quota(0, Some(acc(M1)), acc(SPONSOR)), 0);
}

#[ink::test]
fn offers_lapse_when_a_manager_leaves() {
    let mut book = setup();
    // 5 collects an offer from OTHER, joins under M1 instead, and M1 removes it.
    book.offer_manager(acc(OTHER), 0, acc(5)).unwrap();
    appoint(&mut book, acc(M1), acc(5)).unwrap();
    book.remove_manager(acc(M1), 0, acc(5)).unwrap();
    assert!(!book.has_offer(0, acc(5), Some(acc(OTHER))));
    // The removed manager does not walk back in on the offer it kept.
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.accept_manager(acc(5), 0, Some(acc(OTHER)))
    });
    rejected(&mut book, QuotaError::NoAppointment, |b| {
        b.withdraw_offer(acc(OTHER), 0, acc(5))
    });
    // Offered again, in the new epoch, it joins.
    book.offer_manager(acc(OTHER), 0, acc(5)).unwrap();
    assert!(book.has_offer(0, acc(5), Some(acc(OTHER))));
    book.accept_manager(acc(5), 0, Some(acc(OTHER))).unwrap();
    assert_eq!(book.community(0).unwrap().epoch, 1);
}

#[ink::test]
fn a_manager_resigns_alone_and_its_branch_moves_up() {
    let mut book = setup();
    appoint(&mut book, acc(M2), acc(5)).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M1), 100).unwrap();
    book.allocate(acc(ADMIN), 0, acc(SPONSOR), acc(M2), 30).unwrap();
    rejected(&mut book, QuotaError::NotManager, |b| b.resign(acc(ALICE), 0));
    rejected(&mut book, QuotaError::NotManager, |b| b.resign(acc(ADMIN), 0));
    rejected(&mut book, QuotaError::UnknownCommunity, |b| b.resign(acc(M1), 9));
    let Resignation {
        moved,
        children,
        resigned,
        lapsed,
    } = book.resign(acc(M1), 0).unwrap();
    assert_eq!(
        moved.iter().map(|m| (m.from, m.to, m.amount)).collect::<Vec<_>>(),
        vec![(Some(acc(M1)), None, 100)]
    );
    assert_eq!(
        children.iter().map(|c| (c.manager, c.parent)).collect::<Vec<_>>(),
        vec![(acc(M2), None)]
    );
    assert_eq!((resigned.manager, resigned.by, lapsed.epoch), (acc(M1), acc(M1), 1));
    assert!(book.manager(0, acc(M1)).is_none());
    // M2 now sits under the admin, its own branch one level up with it, its quota kept.
    let m2 = book.manager(0, acc(M2)).unwrap();
    assert_eq!((m2.parent, m2.depth, m2.children), (None, 1, 1));
    let five = book.manager(0, acc(5)).unwrap();
    assert_eq!((five.parent, five.depth), (Some(acc(M2)), 2));
    assert_eq!(book.quota(0, Some(acc(M2)), acc(SPONSOR)), 30);
    assert_eq!(book.community(0).unwrap().children, 2);
    // A leaf resigns too; its quota goes to its parent.
    let moved = book.resign(acc(5), 0).unwrap().moved;
    assert!(moved.is_empty());
    assert_eq!(book.manager(0, acc(M2)).unwrap().children, 0);
    assert!(book.manager_children(0, acc(M2)).is_empty());
    // And the admin may now hand the community to M1, which left the tree.
    book.transfer_admin(acc(ADMIN), 0, Some(acc(M1))).unwrap();
    book.accept_admin(acc(M1), 0).unwrap();
    assert_eq!(book.community(0).unwrap().admin, acc(M1));
}

#[ink::test]
fn a_resignation_needs_room_above() {
    let mut book = setup();
    // M1 has M2 and MAX_CHILDREN - 1 others below; M2 has two: their move up would overflow M1.
    for n in 0..(MAX_CHILDREN - 1) as u8 {
        appoint(&mut book, acc(M1), acc(100 + n)).unwrap();
    }
    appoint(&mut book, acc(M2), acc(200)).unwrap();
    appoint(&mut book, acc(M2), acc(201)).unwrap();
    rejected(&mut book, QuotaError::NoRoomAbove, |b| b.resign(acc(M2), 0));
    // With one place freed it fits exactly.
    book.remove_manager(acc(M2), 0, acc(201)).unwrap();
    book.resign(acc(M2), 0).unwrap();
    assert_eq!(book.manager_children(0, acc(M1)).len(), MAX_CHILDREN);
    assert_eq!(book.manager(0, acc(M1)).unwrap().children as usize, MAX_CHILDREN);
    assert_eq!(book.manager(0, acc(200)).unwrap().depth, 2);
}

mod properties;
