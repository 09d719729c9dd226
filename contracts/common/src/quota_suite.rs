//! The donation quota's conservation property, for tests on any chain that
//! runs COS Credit and the donation quota contract (drink on
//! pallet-contracts, `cos-revive-chain` on pallet-revive). Under random flows
//! of grants, donations, appointments, removals of subtrees, resignations,
//! allocations, reclaims, rewards, vesting and the operator recognising the
//! community and withdrawing its recognition:
//!
//! - quota is conserved: `granted = held + unallocated + allocated + unlocked`;
//! - the COS the quota contract actually holds in COS Credit equals
//!   outstanding quota + bonus reserve + unreleased vesting (so always
//!   covers them);
//! - a failed call changes none of the totals, and no COS moves in or out;
//! - no quota is donated, allocated or unlocked while the community is not
//!   recognised.
//!
//! A chain's harness implements [`QuotaHarness`]; its test runs [`check`] on
//! [`ops`] in a `proptest!`.

use proptest::prelude::*;

/// Sponsors a harness hands out.
pub const SPONSORS: usize = 2;
/// People of community 0's tree: index 0 is its admin; 1..=3 may become
/// managers.
pub const TREE: usize = 4;
/// Plain contributors beside the tree: a reward may name anyone of `TREE +
/// CONTRIBUTORS` people (the tree first); vesting goes to person `TREE`.
pub const CONTRIBUTORS: usize = 3;

/// One step. `sponsor` indexes the sponsors, `caller`, `manager`, `to` and
/// `from` the tree, a reward's entries the people. Community 0 throughout.
#[derive(Clone, Debug)]
pub enum Op {
    /// The operator grants a sponsor quota (and pays its COS in).
    Grant {
        sponsor: usize,
        amount: u128,
    },
    /// The operator adds to the bonus reserve.
    Fund {
        amount: u128,
    },
    Donate {
        sponsor: usize,
        amount: u128,
    },
    /// `caller` offers `manager` a place below it and `manager` accepts.
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
    /// `reward_batch` in category 1, activity 1, each entry with the content
    /// hash `[1; 32]`.
    Reward {
        caller: usize,
        sponsor: usize,
        entries: Vec<(usize, u128)>,
    },
    /// The operator vests `amount` to person `TREE` from the chain's genesis
    /// time.
    Vest {
        amount: u128,
        cliff: u32,
        releases: u32,
    },
    /// `months` more months after genesis pass (in a new block, on top of
    /// earlier releases' months); then the operator releases `schedule`.
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

/// Mostly affordable amounts (each world starts with 2,000 donated per
/// sponsor), some zero, some too large.
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

/// Random steps.
pub fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 1..30)
}

/// A living community to start from, made by [`check`] through the
/// harness: recognised, quota donated by both sponsors, a manager under the
/// admin and a sub-manager under it, a bonus reserve.
pub fn setup() -> Vec<Op> {
    let mut ops = vec![Op::Recognise { recognised: true }];
    for sponsor in 0..SPONSORS {
        ops.push(Op::Grant { sponsor, amount: 5_000 });
        ops.push(Op::Donate { sponsor, amount: 2_000 });
    }
    ops.push(Op::AddManager { caller: 0, manager: 1 });
    ops.push(Op::AddManager { caller: 1, manager: 2 });
    ops.push(Op::Fund { amount: 500 });
    ops
}

/// What the property reads after each step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// `totals()`: granted, held, unallocated, allocated, unlocked,
    /// outstanding (`QuotaTotals::outstanding()`), reserve.
    pub granted: u128,
    pub held: u128,
    pub unallocated: u128,
    pub allocated: u128,
    pub unlocked: u128,
    pub outstanding: u128,
    pub reserve: u128,
    /// `vesting_outstanding()`.
    pub vesting: u128,
    /// COS held by the quota contract and by the operator: every payout
    /// leaves the contract and every payment in comes from the operator, so
    /// their balances show any stray movement.
    pub contract_cos: u128,
    pub operator_cos: u128,
}

/// COS Credit (10,000,000 base units, held by the operator, who approved
/// the quota contract for all of it) and a donation quota contract with the
/// default bonus schedule, where person 0 of the tree created community 0.
pub trait QuotaHarness {
    /// Runs `op`; whether it succeeded. A harness asserts that a refused
    /// call reverted and a successful one did not.
    fn apply(&mut self, op: &Op) -> bool;
    fn state(&mut self) -> State;
    /// Community 0 is recognised.
    fn recognised(&mut self) -> bool;
}

/// Sets community 0 up ([`setup`]), runs `ops` on `chain` and checks the
/// property after every step.
pub fn check(chain: &mut impl QuotaHarness, ops: &[Op]) -> Result<(), TestCaseError> {
    for op in setup() {
        assert!(chain.apply(&op), "setting up: {op:?} refused");
    }
    for op in ops {
        let before = chain.state();
        let recognised = chain.recognised();
        let ok = chain.apply(op);
        if ok && matches!(op, Op::Donate { .. } | Op::Allocate { .. } | Op::Reward { .. }) {
            prop_assert!(recognised, "{:?} went through in an unrecognised community", op);
        }
        let after = chain.state();
        if !ok {
            prop_assert_eq!(&after, &before, "failed {:?} changed state", op);
        }
        prop_assert_eq!(
            after.granted,
            after.held + after.unallocated + after.allocated + after.unlocked,
            "quota is conserved after {:?}",
            op
        );
        prop_assert_eq!(
            after.contract_cos,
            after.outstanding + after.reserve + after.vesting,
            "contract COS = outstanding + reserve + vesting after {:?}",
            op
        );
    }
    Ok(())
}
