//! Property test on the real Wasm (drink): under random flows of grants,
//! donations, appointments, removals of subtrees, resignations, allocations,
//! reclaims, rewards, vesting and the operator recognising the community and
//! withdrawing its recognition,
//!
//! - quota is conserved: `granted = held + unallocated + allocated + unlocked`;
//! - the COS the quota contract actually holds in the credit contract equals
//!   outstanding quota + bonus reserve + unreleased vesting (so always covers them);
//! - a failed call changes none of the totals, and no COS moves in or out;
//! - no quota is donated, allocated or unlocked while the community is not
//!   recognised.

use cos_sandbox::{
    suite::{self, CreditCalls, QuotaCalls},
    Chain, GENESIS_MS,
};
use donation_quota::{vesting::MONTH_MS, QuotaTotals};
use ink::primitives::AccountId;
use proptest::prelude::*;
use psp22::PSP22;

#[derive(Clone, Debug)]
enum Op {
    Grant {
        sponsor: usize,
        amount: u128,
    },
    Fund {
        amount: u128,
    },
    Donate {
        sponsor: usize,
        amount: u128,
    },
    AddManager {
        caller: usize,
        manager: usize,
    },
    RemoveManager {
        caller: usize,
        manager: usize,
    },
    Allocate {
        caller: usize,
        sponsor: usize,
        to: usize,
        amount: u128,
    },
    Reclaim {
        caller: usize,
        from: usize,
        sponsor: usize,
        amount: u128,
    },
    Reward {
        caller: usize,
        sponsor: usize,
        entries: Vec<(usize, u128)>,
    },
    Vest {
        amount: u128,
        cliff: u32,
        releases: u32,
    },
    Release {
        schedule: u32,
        months: u64,
    },
    Resign {
        manager: usize,
    },
    Recognise {
        recognised: bool,
    },
}

const SPONSORS: usize = 2;
/// Index 0 is the admin; 1..=3 may become managers.
const TREE: usize = 4;
const CONTRIBUTORS: usize = 3;

/// Mostly affordable amounts (each world starts with 2,000 donated per sponsor),
/// some zero, some too large.
fn amount() -> impl Strategy<Value = u128> {
    prop_oneof![1 => Just(0u128), 6 => 1..300u128, 1 => 1_000..5_000u128]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..SPONSORS, amount()).prop_map(|(sponsor, amount)| Op::Grant { sponsor, amount }),
        1 => amount().prop_map(|amount| Op::Fund { amount }),
        2 => (0..SPONSORS, amount()).prop_map(|(sponsor, amount)| Op::Donate { sponsor, amount }),
        2 => (0..TREE, 1..TREE).prop_map(|(caller, manager)| Op::AddManager { caller, manager }),
        1 => (0..TREE, 1..TREE).prop_map(|(caller, manager)| Op::RemoveManager { caller, manager }),
        3 => (0..TREE, 0..SPONSORS, 1..TREE, amount()).prop_map(|(caller, sponsor, to, amount)| Op::Allocate { caller, sponsor, to, amount }),
        1 => (0..TREE, 1..TREE, 0..SPONSORS, amount()).prop_map(|(caller, from, sponsor, amount)| Op::Reclaim { caller, from, sponsor, amount }),
        3 => (0..TREE, 0..SPONSORS, prop::collection::vec((0..TREE + CONTRIBUTORS, amount()), 0..3))
            .prop_map(|(caller, sponsor, entries)| Op::Reward { caller, sponsor, entries }),
        1 => (amount(), 0..3u32, 0..4u32).prop_map(|(amount, cliff, releases)| Op::Vest { amount, cliff, releases }),
        1 => (0..3u32, 0..5u64).prop_map(|(schedule, months)| Op::Release { schedule, months }),
        1 => (1..TREE).prop_map(|manager| Op::Resign { manager }),
        1 => prop::bool::weighted(0.6).prop_map(|recognised| Op::Recognise { recognised }),
    ]
}

struct World {
    chain: Chain,
    token: CreditCalls,
    quota: QuotaCalls,
    address: AccountId,
    operator: AccountId,
    sponsors: Vec<AccountId>,
    /// The admin, then would-be managers.
    tree: Vec<AccountId>,
    /// `tree` followed by plain contributors: anyone a reward may name.
    people: Vec<AccountId>,
    months: u64,
}

impl World {
    fn new() -> Self {
        let mut chain = Chain::new();
        let operator = chain.account(1);
        let sponsors: Vec<_> = (10..10 + SPONSORS as u8).map(|n| chain.account(n)).collect();
        let tree: Vec<_> = (20..20 + TREE as u8).map(|n| chain.account(n)).collect();
        let mut people = tree.clone();
        people.extend((30..30 + CONTRIBUTORS as u8).map(|n| chain.account(n)));
        let token = suite::deploy_credit(&mut chain, operator, Some(10_000_000)).unwrap();
        let address = suite::deploy_quota(&mut chain, operator, token, None).unwrap();
        let mut w = Self {
            chain,
            token: suite::credit(token),
            quota: suite::quota(address),
            address,
            operator,
            sponsors,
            tree,
            people,
            months: 0,
        };
        let c = &mut w.chain;
        assert!(c
            .call(operator, w.token.approve(address, 10_000_000))
            .unwrap()
            .value
            .is_ok());
        assert_eq!(c.call(w.tree[0], w.quota.create_community()).unwrap().value, Ok(0));
        assert_eq!(c.call(operator, w.quota.recognise(0, true)).unwrap().value, Ok(()));
        // A living community to start from: quota donated by both sponsors, a
        // manager under the admin and a sub-manager under it, a bonus reserve.
        for &sponsor in &w.sponsors {
            assert!(c
                .call(operator, w.quota.grant_quota(sponsor, 5_000))
                .unwrap()
                .value
                .is_ok());
            assert!(c.call(sponsor, w.quota.donate(0, 2_000)).unwrap().value.is_ok());
        }
        assert!(w.appoint(0, 1) && w.appoint(1, 2));
        assert!(w.chain.call(operator, w.quota.fund_reserve(500)).unwrap().value.is_ok());
        w
    }

    /// `tree[parent]` offers `tree[manager]` a place and it accepts.
    fn appoint(&mut self, parent: usize, manager: usize) -> bool {
        let (p, m) = (self.tree[parent], self.tree[manager]);
        let above = (parent != 0).then_some(p);
        self.chain
            .call(p, self.quota.offer_manager(0, m))
            .unwrap()
            .value
            .is_ok()
            && self
                .chain
                .call(m, self.quota.accept_manager(0, above))
                .unwrap()
                .value
                .is_ok()
    }

    /// Applies `op`; returns whether it succeeded.
    fn apply(&mut self, op: &Op) -> bool {
        let op = op.clone();
        if let Op::AddManager { caller, manager } = op {
            return self.appoint(caller, manager);
        }
        let (c, q) = (&mut self.chain, &mut self.quota);
        let (tree, sponsors) = (&self.tree, &self.sponsors);
        match op {
            Op::Grant { sponsor, amount } => c
                .call(self.operator, q.grant_quota(sponsors[sponsor], amount))
                .unwrap()
                .value
                .is_ok(),
            Op::Fund { amount } => c.call(self.operator, q.fund_reserve(amount)).unwrap().value.is_ok(),
            Op::Donate { sponsor, amount } => c.call(sponsors[sponsor], q.donate(0, amount)).unwrap().value.is_ok(),
            Op::AddManager { .. } => unreachable!("handled above"),
            Op::RemoveManager { caller, manager } => c
                .call(tree[caller], q.remove_manager(0, tree[manager]))
                .unwrap()
                .value
                .is_ok(),
            Op::Allocate {
                caller,
                sponsor,
                to,
                amount,
            } => c
                .call(tree[caller], q.allocate(0, sponsors[sponsor], tree[to], amount))
                .unwrap()
                .value
                .is_ok(),
            Op::Reclaim {
                caller,
                from,
                sponsor,
                amount,
            } => c
                .call(tree[caller], q.reclaim(0, tree[from], sponsors[sponsor], amount))
                .unwrap()
                .value
                .is_ok(),
            Op::Reward {
                caller,
                sponsor,
                entries,
            } => {
                let entries: Vec<_> = entries
                    .iter()
                    .map(|(who, amount)| (self.people[*who], *amount, [1; 32]))
                    .collect();
                c.call(tree[caller], q.reward_batch(0, sponsors[sponsor], 1, 1, entries))
                    .unwrap()
                    .value
                    .is_ok()
            }
            Op::Vest {
                amount,
                cliff,
                releases,
            } => c
                .call(
                    self.operator,
                    q.create_vesting(self.people[TREE], amount, GENESIS_MS, cliff, releases),
                )
                .unwrap()
                .value
                .is_ok(),
            Op::Resign { manager } => c.call(tree[manager], q.resign(0)).unwrap().value.is_ok(),
            Op::Recognise { recognised } => c.call(self.operator, q.recognise(0, recognised)).unwrap().value.is_ok(),
            Op::Release { schedule, months } => {
                self.months += months;
                c.next_block();
                c.set_timestamp(GENESIS_MS + self.months * MONTH_MS);
                c.call(self.operator, q.release(schedule)).unwrap().value.is_ok()
            }
        }
    }

    fn state(&mut self) -> (QuotaTotals, u128, Vec<u128>) {
        let totals = self.chain.query(self.quota.totals()).unwrap();
        let vesting = self.chain.query(self.quota.vesting_outstanding()).unwrap();
        // Every payout leaves the quota contract and every payment in comes from
        // the operator: their balances show any stray movement.
        let balances = [self.address, self.operator]
            .iter()
            .map(|who| self.chain.query(self.token.balance_of(*who)).unwrap())
            .collect();
        (totals, vesting, balances)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn quota_is_conserved_and_backed_by_real_cos(ops in prop::collection::vec(op(), 1..30)) {
        let mut world = World::new();
        for op in &ops {
            let before = world.state();
            let recognised = world.chain.query(world.quota.community(0)).unwrap().is_some_and(|c| c.recognised);
            let ok = world.apply(op);
            if ok && matches!(op, Op::Donate { .. } | Op::Allocate { .. } | Op::Reward { .. }) {
                prop_assert!(recognised, "{:?} went through in an unrecognised community", op);
            }
            let after = world.state();
            if !ok {
                prop_assert_eq!(&after, &before, "failed {:?} changed state", op);
            }
            let (totals, vesting, balances) = after;
            prop_assert_eq!(totals.granted, totals.held + totals.unallocated + totals.allocated + totals.unlocked);
            prop_assert_eq!(balances[0], totals.outstanding() + totals.reserve + vesting, "contract COS = outstanding + reserve + vesting");
        }
    }
}
