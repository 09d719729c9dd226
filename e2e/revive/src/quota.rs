//! COS Credit and a donation quota contract on pallet-revive, for the quota
//! conservation property (`cos_common::quota_suite`), as the drink harness
//! in `e2e/tests/suites/quota_properties.rs` is on pallet-contracts.

use cos_common::quota_suite::{Op, QuotaHarness, State, CONTRIBUTORS, SPONSORS, TREE};
use cos_revive_chain::{AccountId32, Bundle, Chain, Reply, GENESIS_MS, H160};
use donation_quota::{vesting::MONTH_MS, QuotaError, QuotaTotals};
use parity_scale_codec::{Decode, Encode};

/// COS Credit's supply, held by the operator.
pub const QUOTA_TEST_COS: u128 = 10_000_000;

/// `donation_quota::Community` as pallet-revive encodes it (H160 accounts).
#[derive(Decode)]
struct CommunityHead {
    _admin: H160,
    _pending_admin: Option<H160>,
    _children: u32,
    recognised: bool,
    _epoch: u32,
}

/// The operator is account 1, the sponsors accounts 10 and 11, community
/// 0's tree accounts 20 to 23 (its admin first), the other contributors
/// accounts 30 to 32.
pub struct QuotaOnRevive {
    pub chain: Chain,
    credit: (Bundle, H160),
    quota: (Bundle, H160),
    operator: AccountId32,
    sponsors: Vec<AccountId32>,
    /// `tree` followed by plain contributors: anyone a reward may name.
    people: Vec<AccountId32>,
    months: u64,
}

impl QuotaOnRevive {
    /// Deploys COS Credit and the quota contract; the operator approves it
    /// for all its COS and the first of the tree creates community 0.
    pub fn new() -> Self {
        let mut chain = Chain::new();
        let operator = chain.account(1);
        let sponsors = (10..10 + SPONSORS as u8).map(|n| chain.account(n)).collect();
        let mut people: Vec<AccountId32> = (20..20 + TREE as u8).map(|n| chain.account(n)).collect();
        people.extend((30..30 + CONTRIBUTORS as u8).map(|n| chain.account(n)));
        let credit = Bundle::load("credit").expect("the COS Credit bundle");
        let credit_at = credit
            .deploy(&mut chain, &operator, "new", Some(QUOTA_TEST_COS))
            .expect("COS Credit deploys");
        let quota = Bundle::load("donation_quota").expect("the donation quota bundle");
        let quota_at = quota
            .deploy(&mut chain, &operator, "new", (credit_at, None::<Vec<(u64, u16, u16)>>))
            .expect("the quota contract deploys");
        let mut this = Self {
            chain,
            credit: (credit, credit_at),
            quota: (quota, quota_at),
            operator,
            sponsors,
            people,
            months: 0,
        };
        let approved: Reply<Result<(), crate::PSP22Error>> = crate::send(
            &mut this.chain,
            &this.operator,
            &this.credit,
            "PSP22::approve",
            (quota_at, QUOTA_TEST_COS),
        );
        approved.value.expect("the operator approves the quota contract");
        let admin = this.people[0].clone();
        let created: Reply<Result<u32, QuotaError>> =
            crate::send(&mut this.chain, &admin, &this.quota, "create_community", ());
        assert_eq!(created.value, Ok(0));
        this
    }

    fn address(&self, person: usize) -> H160 {
        Chain::address_of(&self.people[person])
    }

    fn sponsor(&self, sponsor: usize) -> H160 {
        Chain::address_of(&self.sponsors[sponsor])
    }

    /// Sends `label(args)` as `who`; whether it succeeded. Panics unless an
    /// error reverted the call and success did not.
    fn ok<T: Decode>(&mut self, op: &Op, who: &AccountId32, label: &str, args: impl Encode) -> bool {
        let reply: Reply<Result<T, QuotaError>> = crate::send(&mut self.chain, who, &self.quota, label, args);
        assert_eq!(
            reply.outcome.reverted,
            reply.value.is_err(),
            "{op:?}: an error reverts, success does not"
        );
        reply.value.is_ok()
    }

    fn read<T: Decode>(&mut self, contract: &(Bundle, H160), label: &str, args: impl Encode) -> T {
        let (bundle, at) = contract;
        self.chain
            .read(&self.operator, *at, bundle, label, args)
            .unwrap_or_else(|e| panic!("{label}: {e:#}"))
    }
}

impl Default for QuotaOnRevive {
    fn default() -> Self {
        Self::new()
    }
}

impl QuotaHarness for QuotaOnRevive {
    fn apply(&mut self, op: &Op) -> bool {
        let operator = self.operator.clone();
        let person = |w: &Self, n: usize| w.people[n].clone();
        match *op {
            Op::Grant { sponsor, amount } => {
                let sponsor = self.sponsor(sponsor);
                self.ok::<()>(op, &operator, "grant_quota", (sponsor, amount))
            }
            Op::Fund { amount } => self.ok::<()>(op, &operator, "fund_reserve", amount),
            Op::Donate { sponsor, amount } => {
                let who = self.sponsors[sponsor].clone();
                self.ok::<()>(op, &who, "donate", (0u32, amount))
            }
            Op::AddManager { caller, manager } => {
                let (p, m) = (person(self, caller), person(self, manager));
                let above = (caller != 0).then(|| self.address(caller));
                let candidate = self.address(manager);
                self.ok::<()>(op, &p, "offer_manager", (0u32, candidate))
                    && self.ok::<()>(op, &m, "accept_manager", (0u32, above))
            }
            Op::RemoveManager { caller, manager } => {
                let target = self.address(manager);
                self.ok::<()>(op, &person(self, caller), "remove_manager", (0u32, target))
            }
            Op::Allocate {
                caller,
                sponsor,
                to,
                amount,
            } => {
                let args = (0u32, self.sponsor(sponsor), self.address(to), amount);
                self.ok::<()>(op, &person(self, caller), "allocate", args)
            }
            Op::Reclaim {
                caller,
                from,
                sponsor,
                amount,
            } => {
                let args = (0u32, self.address(from), self.sponsor(sponsor), amount);
                self.ok::<()>(op, &person(self, caller), "reclaim", args)
            }
            Op::Reward {
                caller,
                sponsor,
                ref entries,
            } => {
                let entries: Vec<(H160, u128, [u8; 32])> = entries
                    .iter()
                    .map(|(who, amount)| (self.address(*who), *amount, [1; 32]))
                    .collect();
                let args = (0u32, self.sponsor(sponsor), 1u16, 1u64, entries);
                self.ok::<(u64, u64)>(op, &person(self, caller), "reward_batch", args)
            }
            Op::Vest {
                amount,
                cliff,
                releases,
            } => {
                let args = (self.address(TREE), amount, GENESIS_MS, cliff, releases);
                self.ok::<u32>(op, &operator, "create_vesting", args)
            }
            Op::Release { schedule, months } => {
                self.months += months;
                self.chain.next_block();
                self.chain.set_timestamp(GENESIS_MS + self.months * MONTH_MS);
                self.ok::<u128>(op, &operator, "release", schedule)
            }
            Op::Resign { manager } => self.ok::<()>(op, &person(self, manager), "resign", 0u32),
            Op::Recognise { recognised } => self.ok::<()>(op, &operator, "recognise", (0u32, recognised)),
        }
    }

    fn state(&mut self) -> State {
        let quota = self.quota.clone();
        let credit = self.credit.clone();
        let t: QuotaTotals = self.read(&quota, "totals", ());
        let vesting: u128 = self.read(&quota, "vesting_outstanding", ());
        let contract_cos = self.read(&credit, "PSP22::balance_of", quota.1);
        let operator_cos = self.read(&credit, "PSP22::balance_of", Chain::address_of(&self.operator));
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
        let quota = self.quota.clone();
        let community: Option<CommunityHead> = self.read(&quota, "community", 0u32);
        community.is_some_and(|c| c.recognised)
    }
}
