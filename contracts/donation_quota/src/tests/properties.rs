//! Property test: under random flows of grants, donations, tree changes,
//! allocations and rewards,
//!
//! - quota is conserved: `granted = held + unallocated + allocated + unlocked`,
//!   each term summed independently from per-key state, and equal to the totals;
//! - the contract's COS (paid in minus paid out) covers outstanding quota plus
//!   the reserve, exactly;
//! - a failed operation changes nothing;
//! - no reward breaks the self-dealing rule: nobody is paid by themselves or
//!   from below, no sponsor unlocks or is paid its own quota;
//! - quota reaches, moves down and unlocks only in recognised communities;
//! - an offer is accepted only if it was made since the community's tree last
//!   changed (new admin, a manager leaving);
//! - the trees stay trees: every manager's parent is in the tree one level up
//!   and lists it among its children.
//!
//! Managers join by offer and acceptance (at once or later), leave with their
//! subtrees or resign alone, and have quota reclaimed from them; the operator
//! recognises communities and withdraws recognition; admins hand over.

use crate::{bonus::BonusStage, QuotaBook, RewardContext, MAX_DEPTH};
use ink::{
    env::{test, DefaultEnvironment},
    primitives::AccountId,
};
use proptest::prelude::*;
use std::collections::HashSet;

fn acc(n: u8) -> AccountId {
    AccountId::from([n; 32])
}

const COMMUNITIES: u32 = 2;
/// Admins of community 0 and 1; the second is also a sponsor.
const ADMINS: [u8; 2] = [1, 12];
const MANAGERS: [u8; 5] = [3, 4, 5, 6, 7];
const SPONSORS: [u8; 3] = [10, 11, 12];
/// Who may be handed a community: the other admin, a manager, a newcomer.
const HEIRS: [u8; 4] = [1, 12, 4, 30];
/// Anyone who may be rewarded: plain contributors, managers, admins, sponsors.
const PEOPLE: [u8; 8] = [20, 21, 3, 5, 1, 12, 10, 11];

#[derive(Clone, Debug)]
enum Op {
    Grant {
        sponsor: u8,
        amount: u128,
    },
    FundReserve {
        amount: u128,
    },
    Donate {
        sponsor: u8,
        community: u32,
        amount: u128,
    },
    AddManager {
        caller: u8,
        community: u32,
        manager: u8,
    },
    RemoveManager {
        caller: u8,
        community: u32,
        manager: u8,
    },
    Allocate {
        caller: u8,
        community: u32,
        sponsor: u8,
        to: u8,
        amount: u128,
    },
    Reclaim {
        caller: u8,
        community: u32,
        from: u8,
        sponsor: u8,
        amount: u128,
    },
    Reward {
        caller: u8,
        community: u32,
        sponsor: u8,
        entries: Vec<(u8, u128)>,
    },
    Recognise {
        community: u32,
        recognised: bool,
    },
    Offer {
        caller: u8,
        community: u32,
        manager: u8,
    },
    Accept {
        manager: u8,
        community: u32,
        parent: Option<u8>,
    },
    Resign {
        manager: u8,
        community: u32,
    },
    HandOver {
        community: u32,
        to: u8,
    },
}

/// Small amounts, and the whole COS supply (102.4e9 COS of 8 decimals) (the token caps what can be paid in;
/// overflow of the book itself is covered by the unit tests).
fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![0..5u128, 0..500u128, Just(102_400_000_000 * 100_000_000u128)]
}

fn caller() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(ADMINS.to_vec()),
        prop::sample::select(MANAGERS.to_vec())
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let sponsor = || prop::sample::select(SPONSORS.to_vec());
    let community = || 0..COMMUNITIES;
    let manager = || prop::sample::select(MANAGERS.to_vec());
    prop_oneof![
        2 => (sponsor(), amount()).prop_map(|(sponsor, amount)| Op::Grant { sponsor, amount }),
        1 => amount().prop_map(|amount| Op::FundReserve { amount }),
        2 => (sponsor(), community(), amount()).prop_map(|(sponsor, community, amount)| Op::Donate { sponsor, community, amount }),
        3 => (caller(), community(), manager()).prop_map(|(caller, community, manager)| Op::AddManager { caller, community, manager }),
        1 => (caller(), community(), manager()).prop_map(|(caller, community, manager)| Op::RemoveManager { caller, community, manager }),
        4 => (caller(), community(), sponsor(), manager(), amount()).prop_map(|(caller, community, sponsor, to, amount)| Op::Allocate { caller, community, sponsor, to, amount }),
        2 => (caller(), community(), manager(), sponsor(), amount()).prop_map(|(caller, community, from, sponsor, amount)| Op::Reclaim { caller, community, from, sponsor, amount }),
        4 => (caller(), community(), sponsor(), prop::collection::vec((prop::sample::select(PEOPLE.to_vec()), amount()), 0..4))
            .prop_map(|(caller, community, sponsor, entries)| Op::Reward { caller, community, sponsor, entries }),
        1 => (community(), prop::bool::weighted(0.7)).prop_map(|(community, recognised)| Op::Recognise { community, recognised }),
        2 => (caller(), community(), manager()).prop_map(|(caller, community, manager)| Op::Offer { caller, community, manager }),
        2 => (manager(), community(), prop::option::of(manager())).prop_map(|(manager, community, parent)| Op::Accept { manager, community, parent }),
        1 => (manager(), community()).prop_map(|(manager, community)| Op::Resign { manager, community }),
        1 => (community(), prop::sample::select(HEIRS.to_vec())).prop_map(|(community, to)| Op::HandOver { community, to }),
    ]
}

/// What the contract's COS balance would be: paid in minus paid out.
#[derive(Default)]
struct Model {
    granted: u128,
    paid_in: u128,
    paid_out: u128,
}

fn sums(book: &QuotaBook) -> (u128, u128, u128, u128) {
    let held = SPONSORS.iter().map(|s| book.held(acc(*s))).sum();
    let mut unallocated = 0;
    let mut allocated = 0;
    for c in 0..COMMUNITIES {
        for s in SPONSORS {
            unallocated += book.quota(c, None, acc(s));
            for m in MANAGERS {
                allocated += book.quota(c, Some(acc(m)), acc(s));
            }
        }
    }
    let unlocked = (0..book.record_count())
        .map(|id| book.record(id).expect("record").amount)
        .sum();
    (held, unallocated, allocated, unlocked)
}

fn fingerprint(book: &QuotaBook) -> String {
    let mut s = format!("{:?} {:?} {}", book.totals(), sums(book), book.record_count());
    for c in 0..COMMUNITIES {
        s.push_str(&format!(" {:?}", book.community(c)));
        for m in MANAGERS {
            s.push_str(&format!(
                " {:?} {:?}",
                book.manager(c, acc(m)),
                book.manager_sponsors(c, acc(m))
            ));
        }
    }
    s
}

/// Every manager's parent is in the tree, one level up, and lists it.
fn tree_holds(book: &QuotaBook) -> Result<(), TestCaseError> {
    for c in 0..COMMUNITIES {
        let mut direct = 0;
        for m in MANAGERS {
            let Some(place) = book.manager(c, acc(m)) else { continue };
            prop_assert!(place.depth >= 1 && place.depth <= MAX_DEPTH);
            match place.parent {
                None => {
                    prop_assert_eq!(place.depth, 1);
                    direct += 1;
                }
                Some(p) => {
                    let parent = book
                        .manager(c, p)
                        .ok_or_else(|| TestCaseError::fail("parent left the tree"))?;
                    prop_assert_eq!(place.depth, parent.depth + 1);
                    prop_assert!(book.manager_children(c, p).contains(&acc(m)));
                }
            }
            prop_assert_eq!(place.children as usize, book.manager_children(c, acc(m)).len());
        }
        prop_assert_eq!(book.community(c).expect("community").children, direct);
    }
    Ok(())
}

/// Whether `account` is `holder` or above it in `community` (admin included).
fn above_or_self(book: &QuotaBook, community: u32, holder: AccountId, account: AccountId) -> bool {
    if book.community(community).map(|c| c.admin) == Some(account) || holder == account {
        return true;
    }
    let mut current = book.manager(community, holder);
    while let Some(m) = current {
        match m.parent {
            Some(p) if p == account => return true,
            Some(p) => current = book.manager(community, p),
            None => return false,
        }
    }
    false
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn quota_is_conserved_and_backed(ops in prop::collection::vec(op(), 1..80)) {
        let mut outcome = Ok(());
        test::run_test::<DefaultEnvironment, _>(|_| {
            let stage = BonusStage { starts_after_ms: 0, sponsor_bps: 2_000, manager_bps: 800 };
            let mut book = QuotaBook::default();
            for (c, admin) in ADMINS.into_iter().enumerate() {
                book.create_community(acc(admin)).expect("community");
                book.recognise(c as u32, true).expect("recognised");
            }
            let mut model = Model::default();
            // Offers made since each community's epoch began: (community, candidate, parent).
            let mut offers: HashSet<(u32, AccountId, Option<AccountId>)> = HashSet::new();
            let admin = |book: &QuotaBook, c: u32| book.community(c).expect("community").admin;
            outcome = (|| {
                for op in &ops {
                    let before = fingerprint(&book);
                    let epochs: Vec<u32> = (0..COMMUNITIES).map(|c| book.community(c).expect("community").epoch).collect();
                    let recognised = |book: &QuotaBook, c: u32| book.community(c).is_some_and(|c| c.recognised);
                    let ok = match op.clone() {
                        Op::Grant { sponsor, amount } => book.grant(acc(sponsor), amount).map(|_| {
                            model.granted += amount;
                            model.paid_in += amount;
                        }).is_ok(),
                        Op::FundReserve { amount } => book.fund_reserve(acc(1), amount).map(|_| model.paid_in += amount).is_ok(),
                        Op::Donate { sponsor, community, amount } => {
                            let allowed = recognised(&book, community);
                            let ok = book.donate(acc(sponsor), community, amount).is_ok();
                            prop_assert!(!ok || allowed, "donated to an unrecognised community");
                            ok
                        }
                        Op::AddManager { caller, community, manager } => {
                            let parent = (acc(caller) != admin(&book, community)).then(|| acc(caller));
                            let key = (community, acc(manager), parent);
                            let offered = book.offer_manager(acc(caller), community, acc(manager)).is_ok();
                            if offered {
                                offers.insert(key);
                            }
                            let joined = offered && book.accept_manager(acc(manager), community, parent).is_ok();
                            if joined {
                                offers.remove(&key);
                            }
                            joined
                        }
                        Op::Offer { caller, community, manager } => {
                            let parent = (acc(caller) != admin(&book, community)).then(|| acc(caller));
                            let ok = book.offer_manager(acc(caller), community, acc(manager)).is_ok();
                            if ok {
                                offers.insert((community, acc(manager), parent));
                            }
                            ok
                        }
                        Op::Accept { manager, community, parent } => {
                            let parent = parent.map(acc);
                            let open = offers.contains(&(community, acc(manager), parent));
                            prop_assert_eq!(book.has_offer(community, acc(manager), parent), open);
                            let ok = book.accept_manager(acc(manager), community, parent).is_ok();
                            prop_assert!(!ok || open, "accepted an offer that had lapsed or was never made");
                            if ok {
                                offers.remove(&(community, acc(manager), parent));
                            }
                            ok
                        }
                        Op::Resign { manager, community } => book.resign(acc(manager), community).is_ok(),
                        Op::Recognise { community, recognised } => book.recognise(community, recognised).is_ok(),
                        Op::HandOver { community, to } => {
                            let from = admin(&book, community);
                            if book.transfer_admin(from, community, Some(acc(to))).is_err() {
                                false
                            } else if book.accept_admin(acc(to), community).is_ok() {
                                true
                            } else {
                                book.transfer_admin(from, community, None).expect("withdrawn");
                                false
                            }
                        }
                        Op::RemoveManager { caller, community, manager } => book.remove_manager(acc(caller), community, acc(manager)).is_ok(),
                        Op::Allocate { caller, community, sponsor, to, amount } => {
                            let allowed = recognised(&book, community);
                            let ok = book.allocate(acc(caller), community, acc(sponsor), acc(to), amount).is_ok();
                            prop_assert!(!ok || allowed, "allocated in an unrecognised community");
                            ok
                        }
                        Op::Reclaim { caller, community, from, sponsor, amount } => book.reclaim(acc(caller), community, acc(from), acc(sponsor), amount).is_ok(),
                        Op::Reward { caller, community, sponsor, entries } => {
                            let entries: Vec<_> = entries.iter().map(|(who, amount)| (acc(*who), *amount, [*who; 32])).collect();
                            let ctx = RewardContext { community, sponsor: acc(sponsor), category: 1, activity: 1, block: 1, timestamp: 1 };
                            let allowed = recognised(&book, community);
                            let holder = (acc(caller) != admin(&book, community)).then(|| acc(caller));
                            let quota_before = book.quota(community, holder, acc(sponsor));
                            let forbidden: Vec<bool> = entries
                                .iter()
                                .map(|(who, _, _)| above_or_self(&book, community, acc(caller), *who) || *who == acc(sponsor) || caller == sponsor)
                                .collect();
                            match book.reward(acc(caller), ctx, &entries, stage) {
                                Ok((payouts, _)) => {
                                    prop_assert!(allowed, "unlocked in an unrecognised community");
                                    prop_assert!(!forbidden.iter().any(|f| *f), "self-dealing reward went through");
                                    let total: u128 = entries.iter().map(|e| e.1).sum();
                                    prop_assert!(total <= quota_before, "unlocked more than held");
                                    model.paid_out += payouts.iter().map(|p| p.1).sum::<u128>();
                                    true
                                }
                                Err(_) => false,
                            }
                        }
                    };
                    if !ok {
                        prop_assert_eq!(&fingerprint(&book), &before, "failed {:?} changed state", op);
                    }
                    for c in 0..COMMUNITIES {
                        if book.community(c).expect("community").epoch != epochs[c as usize] {
                            offers.retain(|o| o.0 != c);
                        }
                    }
                    tree_holds(&book)?;
                    let t = book.totals();
                    let (held, unallocated, allocated, unlocked) = sums(&book);
                    prop_assert_eq!((t.held, t.unallocated, t.allocated, t.unlocked), (held, unallocated, allocated, unlocked));
                    prop_assert_eq!(t.granted, model.granted);
                    prop_assert_eq!(t.granted, held + unallocated + allocated + unlocked, "quota conserved");
                    let balance = model.paid_in - model.paid_out;
                    prop_assert_eq!(balance, t.outstanding() + t.reserve, "COS covers outstanding quota and reserve");
                }
                Ok(())
            })();
            Ok(())
        }).expect("off-chain engine");
        outcome?;
    }
}
