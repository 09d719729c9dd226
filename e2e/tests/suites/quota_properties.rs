//! The donation quota's conservation property (`cos_common::quota_suite`) on
//! the real Wasm (drink).

use cos_common::quota_suite::{self, Op, QuotaHarness, State, CONTRIBUTORS, SPONSORS, TREE};
use cos_sandbox::{
    suite::{self, CreditCalls, QuotaCalls},
    Chain, Outcome, GENESIS_MS,
};
use donation_quota::{vesting::MONTH_MS, QuotaError};
use ink::primitives::AccountId;
use proptest::prelude::*;
use psp22::PSP22;

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
        w
    }
}

/// Whether the call succeeded; panics unless an error reverted it and
/// success did not.
fn ok<T>(op: &Op, out: Outcome<Result<T, QuotaError>>) -> bool {
    assert_eq!(
        out.reverted,
        out.value.is_err(),
        "{op:?}: an error reverts, success does not"
    );
    out.value.is_ok()
}

impl QuotaHarness for World {
    fn apply(&mut self, op: &Op) -> bool {
        let (c, q) = (&mut self.chain, &mut self.quota);
        let (tree, sponsors, people) = (&self.tree, &self.sponsors, &self.people);
        match *op {
            Op::Grant { sponsor, amount } => ok(
                op,
                c.call(self.operator, q.grant_quota(sponsors[sponsor], amount)).unwrap(),
            ),
            Op::Fund { amount } => ok(op, c.call(self.operator, q.fund_reserve(amount)).unwrap()),
            Op::Donate { sponsor, amount } => ok(op, c.call(sponsors[sponsor], q.donate(0, amount)).unwrap()),
            Op::AddManager { caller, manager } => {
                let (p, m) = (tree[caller], tree[manager]);
                let above = (caller != 0).then_some(p);
                ok(op, c.call(p, q.offer_manager(0, m)).unwrap())
                    && ok(op, c.call(m, q.accept_manager(0, above)).unwrap())
            }
            Op::RemoveManager { caller, manager } => {
                ok(op, c.call(tree[caller], q.remove_manager(0, tree[manager])).unwrap())
            }
            Op::Allocate {
                caller,
                sponsor,
                to,
                amount,
            } => ok(
                op,
                c.call(tree[caller], q.allocate(0, sponsors[sponsor], tree[to], amount))
                    .unwrap(),
            ),
            Op::Reclaim {
                caller,
                from,
                sponsor,
                amount,
            } => ok(
                op,
                c.call(tree[caller], q.reclaim(0, tree[from], sponsors[sponsor], amount))
                    .unwrap(),
            ),
            Op::Reward {
                caller,
                sponsor,
                ref entries,
            } => {
                let entries = entries
                    .iter()
                    .map(|(who, amount)| (people[*who], *amount, [1; 32]))
                    .collect();
                ok(
                    op,
                    c.call(tree[caller], q.reward_batch(0, sponsors[sponsor], 1, 1, entries))
                        .unwrap(),
                )
            }
            Op::Vest {
                amount,
                cliff,
                releases,
            } => {
                let vest = q.create_vesting(people[TREE], amount, GENESIS_MS, cliff, releases);
                ok(op, c.call(self.operator, vest).unwrap())
            }
            Op::Release { schedule, months } => {
                self.months += months;
                c.next_block();
                c.set_timestamp(GENESIS_MS + self.months * MONTH_MS);
                ok(op, c.call(self.operator, q.release(schedule)).unwrap())
            }
            Op::Resign { manager } => ok(op, c.call(tree[manager], q.resign(0)).unwrap()),
            Op::Recognise { recognised } => ok(op, c.call(self.operator, q.recognise(0, recognised)).unwrap()),
        }
    }

    fn state(&mut self) -> State {
        let t = self.chain.query(self.quota.totals()).unwrap();
        let vesting = self.chain.query(self.quota.vesting_outstanding()).unwrap();
        let contract_cos = self.chain.query(self.token.balance_of(self.address)).unwrap();
        let operator_cos = self.chain.query(self.token.balance_of(self.operator)).unwrap();
        State {
            granted: t.granted,
            held: t.held,
            unallocated: t.unallocated,
            allocated: t.allocated,
            unlocked: t.unlocked,
            outstanding: t.outstanding(),
            reserve: t.reserve,
            vesting,
            contract_cos,
            operator_cos,
        }
    }

    fn recognised(&mut self) -> bool {
        let community = self.chain.query(self.quota.community(0)).unwrap();
        community.is_some_and(|c| c.recognised)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, max_shrink_iters: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn quota_is_conserved_and_backed_by_real_cos(ops in quota_suite::ops()) {
        quota_suite::check(&mut World::new(), &ops)?;
    }
}
