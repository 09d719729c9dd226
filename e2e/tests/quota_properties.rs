//! Property test on the real Wasm (drink): under random flows of grants,
//! donations, tree changes, allocations, rewards and vesting,
//!
//! - quota is conserved: `granted = held + unallocated + allocated + unlocked`;
//! - the COS the quota contract actually holds in the credit contract equals
//!   outstanding quota + bonus reserve + unreleased vesting (so always covers them);
//! - a failed call changes none of the totals, and no COS moves in or out.

use cos_e2e::{credit::Credit, quota::Quota, Chain};
use donation_quota::{vesting::MONTH_MS, QuotaTotals};
use drink::AccountId32;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Grant { sponsor: usize, amount: u128 },
    Fund { amount: u128 },
    Donate { sponsor: usize, amount: u128 },
    AddManager { caller: usize, manager: usize },
    RemoveManager { caller: usize, manager: usize },
    Allocate { caller: usize, sponsor: usize, to: usize, amount: u128 },
    Reward { caller: usize, sponsor: usize, entries: Vec<(usize, u128)> },
    Vest { amount: u128, cliff: u32, releases: u32 },
    Release { schedule: u32, months: u64 },
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
        3 => (0..TREE, 0..SPONSORS, prop::collection::vec((0..TREE + CONTRIBUTORS, amount()), 0..3))
            .prop_map(|(caller, sponsor, entries)| Op::Reward { caller, sponsor, entries }),
        1 => (amount(), 0..3u32, 0..4u32).prop_map(|(amount, cliff, releases)| Op::Vest { amount, cliff, releases }),
        1 => (0..3u32, 0..5u64).prop_map(|(schedule, months)| Op::Release { schedule, months }),
    ]
}

struct World {
    chain: Chain,
    token: Credit,
    quota: Quota,
    operator: AccountId32,
    sponsors: Vec<AccountId32>,
    /// The admin, then would-be managers.
    tree: Vec<AccountId32>,
    /// `tree` followed by plain contributors: anyone a reward may name.
    people: Vec<AccountId32>,
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
        let token = Credit::deploy(&mut chain, &operator, Some(10_000_000)).unwrap();
        let quota = Quota::deploy(&mut chain, &operator, token.id(), None).unwrap();
        assert!(token.approve(&mut chain, &operator, &quota.0.address, 10_000_000).unwrap().value.is_ok());
        assert_eq!(quota.create_community(&mut chain, &tree[0]).unwrap().value, Ok(0));
        // A living community to start from: quota donated by both sponsors, a
        // manager under the admin and a sub-manager under it, a bonus reserve.
        for sponsor in &sponsors {
            assert!(quota.grant_quota(&mut chain, &operator, sponsor, 5_000).unwrap().value.is_ok());
            assert!(quota.donate(&mut chain, sponsor, 0, 2_000).unwrap().value.is_ok());
        }
        assert!(quota.add_manager(&mut chain, &tree[0], 0, &tree[1]).unwrap().value.is_ok());
        assert!(quota.add_manager(&mut chain, &tree[1], 0, &tree[2]).unwrap().value.is_ok());
        assert!(quota.fund_reserve(&mut chain, &operator, 500).unwrap().value.is_ok());
        Self { chain, token, quota, operator, sponsors, tree, people, months: 0 }
    }

    /// Applies `op`; returns whether it succeeded.
    fn apply(&mut self, op: &Op) -> bool {
        let (c, q) = (&mut self.chain, &self.quota);
        match op.clone() {
            Op::Grant { sponsor, amount } => q.grant_quota(c, &self.operator, &self.sponsors[sponsor], amount).unwrap().value.is_ok(),
            Op::Fund { amount } => q.fund_reserve(c, &self.operator, amount).unwrap().value.is_ok(),
            Op::Donate { sponsor, amount } => q.donate(c, &self.sponsors[sponsor], 0, amount).unwrap().value.is_ok(),
            Op::AddManager { caller, manager } => q.add_manager(c, &self.tree[caller], 0, &self.tree[manager]).unwrap().value.is_ok(),
            Op::RemoveManager { caller, manager } => q.remove_manager(c, &self.tree[caller], 0, &self.tree[manager]).unwrap().value.is_ok(),
            Op::Allocate { caller, sponsor, to, amount } => q
                .allocate(c, &self.tree[caller], 0, &self.sponsors[sponsor], &self.tree[to], amount)
                .unwrap()
                .value
                .is_ok(),
            Op::Reward { caller, sponsor, entries } => {
                let entries: Vec<_> = entries.iter().map(|(who, amount)| (self.people[*who].clone(), *amount, [1; 32])).collect();
                q.reward_batch(c, &self.tree[caller], 0, &self.sponsors[sponsor], 1, 1, &entries).unwrap().value.is_ok()
            }
            Op::Vest { amount, cliff, releases } => q
                .create_vesting(c, &self.operator, &self.people[TREE], amount, cos_e2e::GENESIS_MS, cliff, releases)
                .unwrap()
                .value
                .is_ok(),
            Op::Release { schedule, months } => {
                self.months += months;
                c.next_block();
                c.set_timestamp(cos_e2e::GENESIS_MS + self.months * MONTH_MS);
                q.release(c, &self.operator, schedule).unwrap().value.is_ok()
            }
        }
    }

    fn state(&mut self) -> (QuotaTotals, u128, Vec<u128>) {
        let totals = self.quota.totals(&mut self.chain).unwrap();
        let vesting = self.quota.vesting_outstanding(&mut self.chain).unwrap();
        // Every payout leaves the quota contract and every payment in comes from
        // the operator: their balances show any stray movement.
        let balances = [self.quota.0.address.clone(), self.operator.clone()]
            .iter()
            .map(|who| self.token.balance_of(&mut self.chain, who).unwrap())
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
            let ok = world.apply(op);
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
