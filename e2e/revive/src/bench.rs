//! Gas and code size of COS Credit on pallet-revive against the reference
//! PSP22 token on the same in-process chain: the pallet-revive table of
//! BENCHMARKS.md, written by the `bench` binary (`cargo xtask bench --write`).
//!
//! Weights are what pallet-revive 0.18 charges with its own benchmarked
//! defaults (`weight_consumed`), deterministic for the same code and state.

use anyhow::{ensure, Result};
use cos_revive_chain::{AccountId32, Bundle, Chain, Reply, H160};
use credit::CreditError;
use psp22::PSP22Error;
use std::fmt::Write as _;

const SUPPLY: u128 = 1_000_000_000;

/// A ref_time and proof_size pair.
#[derive(Clone, Copy, Default)]
struct Gas {
    ref_time: u64,
    proof_size: u64,
}

impl Gas {
    fn of<T>(reply: &Reply<T>) -> Self {
        Self {
            ref_time: reply.outcome.weight_consumed.ref_time(),
            proof_size: reply.outcome.weight_consumed.proof_size(),
        }
    }

    fn add(self, other: Self) -> Self {
        Self {
            ref_time: self.ref_time.saturating_add(other.ref_time),
            proof_size: self.proof_size.saturating_add(other.proof_size),
        }
    }
}

struct Token {
    bundle: Bundle,
    address: H160,
    credit: bool,
}

impl Token {
    fn transfer(&self, chain: &mut Chain, from: &AccountId32, to: H160, value: u128) -> Result<Gas> {
        let reply: Reply<Result<(), PSP22Error>> = chain.send(
            from,
            self.address,
            &self.bundle,
            "PSP22::transfer",
            (to, value, Vec::<u8>::new()),
        )?;
        ensure!(
            reply.value.is_ok() && !reply.outcome.reverted,
            "transfer failed: {:?}",
            reply.value
        );
        Ok(Gas::of(&reply))
    }
}

/// The same steps on `token`: transfer, approve, transfer_from, a batch of 20
/// (twenty transfers on the reference) and, on COS Credit, a transfer between
/// two delegating accounts.
fn measure(chain: &mut Chain, token: &Token, people: &[AccountId32]) -> Result<Vec<Gas>> {
    let address = |a: &AccountId32| Chain::address_of(a);
    let (owner, bob, carol) = (&people[0], &people[1], &people[2]);
    let others = &people[3..23];
    for who in [bob, carol].into_iter().chain(others) {
        token.transfer(chain, owner, address(who), 1_000)?;
    }
    chain.next_block();
    let transfer = token.transfer(chain, owner, address(bob), 100)?;
    let reply: Reply<Result<(), PSP22Error>> = chain.send(
        owner,
        token.address,
        &token.bundle,
        "PSP22::approve",
        (address(carol), 500u128),
    )?;
    ensure!(reply.value.is_ok(), "approve failed");
    let approve = Gas::of(&reply);
    let args = (address(owner), address(bob), 100u128, Vec::<u8>::new());
    let reply: Reply<Result<(), PSP22Error>> =
        chain.send(carol, token.address, &token.bundle, "PSP22::transfer_from", args)?;
    ensure!(reply.value.is_ok(), "transfer_from failed");
    let transfer_from = Gas::of(&reply);
    let batch = if token.credit {
        let payments: Vec<(H160, u128)> = others.iter().map(|w| (address(w), 10)).collect();
        let reply: Reply<Result<(), CreditError>> =
            chain.send(owner, token.address, &token.bundle, "batch_transfer", payments)?;
        ensure!(reply.value.is_ok(), "batch failed: {:?}", reply.value);
        Gas::of(&reply)
    } else {
        let mut total = Gas::default();
        for who in others {
            total = total.add(token.transfer(chain, owner, address(who), 10)?);
        }
        total
    };
    let mut steps = vec![transfer, approve, transfer_from, batch];
    if token.credit {
        for who in [owner, bob] {
            let reply: Reply<Result<(), CreditError>> =
                chain.send(who, token.address, &token.bundle, "delegate", Some(address(who)))?;
            ensure!(reply.value.is_ok(), "delegate failed");
        }
        chain.next_block();
        steps.push(token.transfer(chain, owner, address(bob), 100)?);
    }
    Ok(steps)
}

fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b as f64
}

/// The pallet-revive table: COS Credit's messages against the reference's,
/// and the PolkaVM sizes. Returns the table and the transfer's ref_time ratio.
pub fn credit_table() -> Result<(String, f64)> {
    let credit = Bundle::load("credit")?;
    let reference = Bundle::load("psp22_reference")?;
    let mut chain = Chain::new();
    let people: Vec<AccountId32> = (1..=23).map(|n| chain.account(n)).collect();
    let credit = Token {
        address: credit.deploy(&mut chain, &people[0], "new", Some(SUPPLY))?,
        bundle: credit,
        credit: true,
    };
    let reference = Token {
        address: reference.deploy(&mut chain, &people[0], "new", SUPPLY)?,
        bundle: reference,
        credit: false,
    };
    let ours = measure(&mut chain, &credit, &people)?;
    let theirs = measure(&mut chain, &reference, &people)?;
    let names = [
        "transfer",
        "approve",
        "transfer_from",
        "batch_transfer of 20 (reference: 20 transfers)",
        "transfer, both sides delegated (2 checkpoints; reference: plain transfer)",
    ];
    let mut out = String::new();
    writeln!(
        out,
        "| message | credit ref_time | ratio | reference ref_time | credit proof_size | ratio | reference proof_size |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
    for (i, name) in names.iter().enumerate() {
        // The delegated transfer compares with the reference's plain transfer.
        let (a, b) = (ours[i], theirs.get(i).copied().unwrap_or(theirs[0]));
        writeln!(
            out,
            "| {name} | {} | {:.3} | {} | {} | {:.3} | {} |",
            a.ref_time,
            ratio(a.ref_time, b.ref_time),
            b.ref_time,
            a.proof_size,
            ratio(a.proof_size, b.proof_size),
            b.proof_size
        )?;
    }
    writeln!(out)?;
    writeln!(out, "| contract | PolkaVM bytes |")?;
    writeln!(out, "|---|---:|")?;
    for name in [
        "credit",
        "donation_quota",
        "subtoken",
        "crowdfund",
        "bounty",
        "governance",
        "psp22_reference",
    ] {
        writeln!(out, "| {name} | {} |", Bundle::load(name)?.code.len())?;
    }
    writeln!(out)?;
    let stories = story_rows()?;
    writeln!(
        out,
        "The other contracts' messages (each COS move a cross-contract call to COS Credit's ink! 6 build); ratio to the reference token's plain transfer ({} ref_time, {} proof_size):",
        theirs[0].ref_time, theirs[0].proof_size
    )?;
    writeln!(out)?;
    writeln!(out, "| message | ref_time | ratio | proof_size | ratio |")?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for (name, gas) in stories {
        writeln!(
            out,
            "| {name} | {} | {:.3} | {} | {:.3} |",
            gas.ref_time,
            ratio(gas.ref_time, theirs[0].ref_time),
            gas.proof_size,
            ratio(gas.proof_size, theirs[0].proof_size)
        )?;
    }
    Ok((out, ratio(ours[0].ref_time, theirs[0].ref_time)))
}

/// Gas of the messages of the other five contracts, each in steady state
/// (accounts hold COS and approved the contract), on one chain.
fn story_rows() -> Result<Vec<(&'static str, Gas)>> {
    use crate::world::{Target, World, GOVERNANCE};
    use ink::primitives::Hash;
    use parity_scale_codec::Encode;
    let none: Option<cos_common::CommunityRef> = None;
    let mut w = World::new()?;
    let mut rows = Vec::new();
    macro_rules! measure {
        ($name:expr, $who:expr, $target:expr, $label:expr, $args:expr, $ok:ty) => {{
            let reply = w.send_reply::<$ok>($who, $target, $label, $args)?;
            ensure!(
                reply.value.is_ok() && !reply.outcome.reverted,
                "{} failed: {:?}",
                $label,
                reply.value
            );
            rows.push(($name, Gas::of(&reply)));
            reply.value.ok()
        }};
    }

    // Donation quota: a community, a manager with 5,000 of a sponsor's quota.
    let (sponsor, manager) = (w.address(2), w.address(4));
    w.approve(1, Target::Quota, 100_000)?;
    type Q<T> = Result<T, donation_quota::QuotaError>;
    for (who, label, args) in [
        (1u8, "grant_quota", (sponsor, 50_000u128).encode()),
        (1, "fund_reserve", 50_000u128.encode()),
    ] {
        let reply = w.send_reply::<Q<()>>(who, Target::Quota, label, RawArgs(args))?;
        ensure!(reply.value.is_ok(), "{label} failed: {:?}", reply.value);
    }
    let created = w.send::<Q<u32>>(3, Target::Quota, "create_community", ())?;
    ensure!(created == Ok(0), "create_community: {created:?}");
    let steps: [(u8, &str, Vec<u8>); 5] = [
        (1, "recognise", (0u32, true).encode()),
        (3, "offer_manager", (0u32, manager).encode()),
        (4, "accept_manager", (0u32, Option::<H160>::None).encode()),
        (2, "donate", (0u32, 50_000u128).encode()),
        (3, "allocate", (0u32, sponsor, manager, 40_000u128).encode()),
    ];
    for (who, label, args) in steps {
        let reply = w.send_reply::<Q<()>>(who, Target::Quota, label, RawArgs(args))?;
        ensure!(reply.value.is_ok(), "{label} failed: {:?}", reply.value);
    }
    let contributors: Vec<H160> = (30..51u8).map(|n| w.address(n)).collect();
    // Warm-up: every contributor already holds COS.
    for &who in &contributors {
        let moved: Result<(), PSP22Error> =
            w.send(1, Target::Credit, "PSP22::transfer", (who, 1u128, Vec::<u8>::new()))?;
        ensure!(moved.is_ok(), "warm-up transfer failed");
    }
    w.chain.next_block();
    measure!(
        "quota reward (1 contributor + 2 bonuses, one COS batch_transfer)",
        4,
        Target::Quota,
        "reward",
        (0u32, sponsor, contributors[0], 1_000u128, 1u16, 1u64, [7u8; 32]),
        Q<u64>
    );
    let entries: Vec<(H160, u128, [u8; 32])> = contributors[1..21].iter().map(|&c| (c, 100u128, [8u8; 32])).collect();
    measure!(
        "quota reward_batch of 20",
        4,
        Target::Quota,
        "reward_batch",
        (0u32, sponsor, 1u16, 2u64, entries),
        Q<(u64, u64)>
    );

    // Sub-token: issue (COS collateral in) and a PSP22 transfer.
    type S = Result<(), subtoken::SubtokenError>;
    w.approve(2, Target::Subtoken, 1_000)?;
    w.send::<S>(2, Target::Subtoken, "issue", 10u128)?
        .map_err(|e| anyhow::anyhow!("warm-up issue: {e:?}"))?;
    let member = w.address(3);
    let warm: Result<(), PSP22Error> = w.send(
        2,
        Target::Subtoken,
        "PSP22::transfer",
        (member, 1u128, Vec::<u8>::new()),
    )?;
    ensure!(warm.is_ok(), "warm-up sub-token transfer failed");
    w.chain.next_block();
    measure!(
        "sub-token issue (COS transfer_from)",
        2,
        Target::Subtoken,
        "issue",
        10u128,
        S
    );
    measure!(
        "sub-token transfer (PSP22)",
        2,
        Target::Subtoken,
        "PSP22::transfer",
        (member, 1u128, Vec::<u8>::new()),
        Result<(), PSP22Error>
    );

    // Crowdfund and bounty.
    let deadline = w.now_ms() + 600_000;
    let beneficiary = w.address(2);
    let created: Result<u32, crowdfund::CrowdfundError> = w.send(
        2,
        Target::Crowdfund,
        "create",
        (
            beneficiary,
            crowdfund::Kind::AllOrNothing,
            300u128,
            deadline,
            Hash::from([7; 32]),
            none,
        ),
    )?;
    let id = created.map_err(|e| anyhow::anyhow!("create: {e:?}"))?;
    w.approve(3, Target::Crowdfund, 500)?;
    w.approve(4, Target::Bounty, 600)?;
    w.chain.next_block();
    measure!(
        "crowdfund pledge (COS transfer_from)",
        3,
        Target::Crowdfund,
        "pledge",
        (id, 100u128),
        Result<(), crowdfund::CrowdfundError>
    );
    type B<T> = Result<T, bounty::BountyError>;
    let bounty = measure!(
        "bounty post (COS transfer_from into escrow)",
        4,
        Target::Bounty,
        "post",
        (500u128, deadline, Hash::from([1; 32]), none),
        B<u32>
    )
    .unwrap_or_default();
    let mut submissions = Vec::new();
    for helper in [5u8, 6] {
        let submitted: B<u32> = w.send(helper, Target::Bounty, "submit", (bounty, Hash::from([helper; 32])))?;
        submissions.push(submitted.map_err(|e| anyhow::anyhow!("submit: {e:?}"))?);
    }
    let shares = vec![(submissions[0], 300u128), (submissions[1], 200u128)];
    measure!(
        "bounty split between 2 helpers (one COS batch_transfer)",
        4,
        Target::Bounty,
        "split",
        (bounty, shares),
        B<()>
    );

    // Governance: a proposal that takes the sub-token over and sets its fee.
    type G<T> = Result<T, governance::GovernanceError>;
    for n in [1u8, 3] {
        let me = w.address(n);
        let delegated: Result<(), CreditError> = w.send(n, Target::Credit, "delegate", Some(me))?;
        ensure!(delegated.is_ok(), "delegate failed");
    }
    let gov = w.governance.1;
    w.send::<S>(2, Target::Subtoken, "transfer_ownership", Some(gov))?
        .map_err(|e| anyhow::anyhow!("transfer_ownership: {e:?}"))?;
    w.chain.next_block();
    let (st_bundle, st) = w.subtoken.clone();
    let action = |label: &str, input: Vec<u8>| -> Result<Vec<u8>> {
        // governance::Action::Call on the wire, accounts as H160.
        Ok((0u8, st, st_bundle.selector(label)?, input, governance::Reply::Result).encode())
    };
    let actions = vec![
        RawArgs(action("accept_ownership", Vec::new())?),
        RawArgs(action("set_fee", 25u16.encode())?),
    ];
    let proposal = measure!(
        "governance propose (2 actions)",
        3,
        Target::Governance,
        "propose",
        (Hash::from([9; 32]), actions),
        G<u32>
    )
    .unwrap_or_default();
    for _ in 0..=GOVERNANCE.voting_delay {
        w.chain.next_block();
    }
    measure!(
        "governance vote (COS votes at the snapshot)",
        3,
        Target::Governance,
        "vote",
        (proposal, governance::Support::For),
        G<()>
    );
    let second: G<()> = w.send(1, Target::Governance, "vote", (proposal, governance::Support::For))?;
    ensure!(second.is_ok(), "second vote: {second:?}");
    for _ in 0..GOVERNANCE.voting_period {
        w.chain.next_block();
    }
    let queued: G<()> = w.send(5, Target::Governance, "queue", proposal)?;
    ensure!(queued.is_ok(), "queue: {queued:?}");
    for _ in 0..GOVERNANCE.execution_delay {
        w.chain.next_block();
    }
    measure!(
        "governance execute (accept_ownership + set_fee on the sub-token)",
        5,
        Target::Governance,
        "execute",
        proposal,
        G<()>
    );
    Ok(rows)
}

/// Already SCALE-encoded arguments, passed through as they are.
struct RawArgs(Vec<u8>);

impl parity_scale_codec::Encode for RawArgs {
    fn size_hint(&self) -> usize {
        self.0.len()
    }
    fn encode_to<O: parity_scale_codec::Output + ?Sized>(&self, dest: &mut O) {
        dest.write(&self.0);
    }
}
