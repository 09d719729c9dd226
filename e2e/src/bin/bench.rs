//! Gas and Wasm-size benchmark: COS Credit against the reference PSP22 token
//! (Cardinal's example contract from the `psp22` crate), in one drink session.
//!
//! Run with `cargo xtask bench` (add `--write` to refresh BENCHMARKS.md). Gas is
//! what pallet-contracts charges (`gas_consumed`): deterministic, so one run of
//! each call suffices.

use anyhow::{ensure, Context, Result};
use cos_e2e::{to_ink, validate_mvp, Bundle, Chain, Instance};
use drink::{AccountId32, Weight};
use ink::primitives::AccountId;
use parity_scale_codec::Encode;
use std::fmt::Write as _;

const SUPPLY: u128 = 1_000_000_000;

struct Token {
    instance: Instance,
    /// Whether it has COS Credit's extensions (batch, delegate).
    credit: bool,
}

impl Token {
    fn call(&self, chain: &mut Chain, caller: &AccountId32, message: &str, args: impl Encode) -> Result<Weight> {
        let out = chain.call::<Result<(), psp22::PSP22Error>>(&self.instance, caller, message, args)?;
        ensure!(out.value.is_ok() && !out.reverted, "{message} failed: {:?}", out.value);
        Ok(out.gas)
    }

    fn transfer(&self, chain: &mut Chain, from: &AccountId32, to: &AccountId32, value: u128) -> Result<Weight> {
        self.call(chain, from, "PSP22::transfer", (to_ink(to), value, Vec::<u8>::new()))
    }
}

struct Row {
    name: &'static str,
    credit: Weight,
    standalone: Weight,
    reference: Weight,
}

fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b as f64
}

/// Runs the same sequence on `token`; returns the gas of each measured step.
fn measure(chain: &mut Chain, token: &Token, people: &[AccountId32]) -> Result<Vec<Weight>> {
    let (owner, bob, carol) = (&people[0], &people[1], &people[2]);
    let others = &people[3..13];
    // Warm-up: every account involved already holds tokens, as in steady use.
    for who in [bob, carol].into_iter().chain(others) {
        token.transfer(chain, owner, who, 1_000)?;
    }
    chain.next_block();
    let transfer = token.transfer(chain, owner, bob, 100)?;
    let approve = token.call(chain, owner, "PSP22::approve", (to_ink(carol), 500u128))?;
    let transfer_from = token.call(
        chain,
        carol,
        "PSP22::transfer_from",
        (to_ink(owner), to_ink(bob), 100u128, Vec::<u8>::new()),
    )?;
    let batch = if token.credit {
        let payments: Vec<(AccountId, u128)> = others.iter().map(|w| (to_ink(w), 10)).collect();
        let out = chain.call::<Result<(), credit::CreditError>>(&token.instance, owner, "batch_transfer", payments)?;
        ensure!(out.value.is_ok(), "batch failed: {:?}", out.value);
        out.gas
    } else {
        // The reference has no batch: ten separate transfers.
        let mut total = Weight::zero();
        for who in others {
            total = total.saturating_add(token.transfer(chain, owner, who, 10)?);
        }
        total
    };
    Ok(vec![transfer, approve, transfer_from, batch])
}

/// COS Credit only: a transfer between two accounts that both delegate, which
/// writes two vote checkpoints.
fn delegated_transfer(chain: &mut Chain, token: &Token, people: &[AccountId32]) -> Result<Weight> {
    let (owner, bob) = (&people[0], &people[1]);
    for who in [owner, bob] {
        let out = chain.call::<Result<(), credit::CreditError>>(&token.instance, who, "delegate", Some(to_ink(who)))?;
        ensure!(out.value.is_ok(), "delegate failed");
    }
    chain.next_block();
    token.transfer(chain, owner, bob, 100)
}

/// Gas of the donation quota messages the issue names, on the routed credit.
fn quota_table(quota_bundle: &Bundle) -> Result<String> {
    use cos_e2e::{credit::Credit, quota::Quota};
    let mut chain = Chain::new();
    let operator = chain.account(1);
    let (sponsor, admin, manager) = (chain.account(2), chain.account(3), chain.account(4));
    let contributors: Vec<AccountId32> = (20..41).map(|n| chain.account(n)).collect();
    let token = Credit::deploy(&mut chain, &operator, Some(SUPPLY * 1_000))?;
    let quota = Quota::deploy(&mut chain, &operator, token.id(), None)?;
    let ok = |what: &str, out: &cos_e2e::Outcome<Result<(), donation_quota::QuotaError>>| {
        ensure!(out.value.is_ok(), "{what} failed: {:?}", out.value);
        Ok(())
    };
    let c = &mut chain;
    ensure!(token.approve(c, &operator, &quota.0.address, SUPPLY * 100)?.value.is_ok(), "approve");
    ok("grant", &quota.grant_quota(c, &operator, &sponsor, SUPPLY)?)?;
    ok("fund", &quota.fund_reserve(c, &operator, SUPPLY)?)?;
    ensure!(quota.create_community(c, &admin)?.value == Ok(0), "community");
    ok("add_manager", &quota.add_manager(c, &admin, 0, &manager)?)?;
    ok("donate", &quota.donate(c, &sponsor, 0, SUPPLY)?)?;
    // Warm-up: the manager already holds this sponsor's quota; contributors hold COS.
    ok("allocate", &quota.allocate(c, &admin, 0, &sponsor, &manager, 1_000_000)?)?;
    for who in &contributors {
        ensure!(token.transfer(c, &operator, who, 1)?.value.is_ok(), "warm-up");
    }
    c.next_block();
    let allocate = quota.allocate(c, &admin, 0, &sponsor, &manager, 1_000)?;
    ok("allocate", &allocate)?;
    let reward = quota.reward(c, &manager, 0, &sponsor, &contributors[0], 1_000, 1, 1, [7; 32])?;
    ensure!(reward.value.is_ok(), "reward failed: {:?}", reward.value);
    let entries: Vec<_> = contributors[1..21].iter().map(|w| (w.clone(), 100u128, [8; 32])).collect();
    let batch = quota.reward_batch(c, &manager, 0, &sponsor, 1, 2, &entries)?;
    ensure!(batch.value.is_ok(), "batch failed: {:?}", batch.value);
    let vest = quota.create_vesting(c, &operator, &sponsor, 48_000, cos_e2e::GENESIS_MS, 0, 48)?;
    ensure!(vest.value.is_ok(), "vesting failed: {:?}", vest.value);
    c.next_block();
    c.set_timestamp(cos_e2e::GENESIS_MS + donation_quota::vesting::MONTH_MS);
    let release = quota.release(c, &contributors[0], 0)?;
    ensure!(release.value == Ok(1_000), "release failed: {:?}", release.value);

    let mut out = String::new();
    writeln!(out, "| message | ref_time | proof_size | events |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let rows = [
        ("allocate (admin pool -> manager)", allocate.gas, allocate.events.len()),
        ("reward (1 contributor + 2 bonuses, one batch_transfer)", reward.gas, reward.events.len()),
        ("reward_batch of 20", batch.gas, batch.events.len()),
        ("release (vesting, 1 month)", release.gas, release.events.len()),
    ];
    for (name, gas, events) in rows {
        writeln!(out, "| {name} | {} | {} | {events} |", gas.ref_time(), gas.proof_size())?;
    }
    writeln!(out)?;
    writeln!(out, "donation_quota Wasm: {} bytes.", quota_bundle.wasm.len())?;
    Ok(out)
}

fn main() -> Result<()> {
    let write_to = std::env::args().skip_while(|a| a != "--write").nth(1);
    let bundles = ["credit_core", "credit", "psp22_reference"]
        .map(|name| Bundle::load(name).with_context(|| format!("loading {name}; `cargo xtask bench` builds everything")));
    let [core_bundle, full_bundle, reference_bundle] = bundles;
    let (core_bundle, full_bundle, reference_bundle) = (core_bundle?, full_bundle?, reference_bundle?);
    for bundle in [&core_bundle, &full_bundle, &reference_bundle] {
        validate_mvp(&bundle.wasm)?;
    }

    let mut chain = Chain::new();
    let people: Vec<AccountId32> = (1..=13).map(|n| chain.account(n)).collect();
    let owner = people[0].clone();
    let routed = Token { instance: cos_e2e::credit::Credit::deploy(&mut chain, &owner, Some(SUPPLY))?.0, credit: true };
    let standalone = Token { instance: cos_e2e::credit::Credit::deploy_standalone(&mut chain, &owner, Some(SUPPLY))?.0, credit: true };
    let (reference_instance, _) = chain.deploy(
        &reference_bundle,
        "new",
        (SUPPLY, Some("Reference".to_string()), Some("REF".to_string()), 8u8),
        &owner,
        vec![],
    )?;
    let reference = Token { instance: reference_instance, credit: false };

    let routed_gas = measure(&mut chain, &routed, &people)?;
    let standalone_gas = measure(&mut chain, &standalone, &people)?;
    let reference_gas = measure(&mut chain, &reference, &people)?;
    let names = ["transfer", "approve", "transfer_from", "batch of 10 (reference: 10 transfers)"];
    let mut rows: Vec<Row> = (0..names.len())
        .map(|i| Row { name: names[i], credit: routed_gas[i], standalone: standalone_gas[i], reference: reference_gas[i] })
        .collect();
    let delegated = delegated_transfer(&mut chain, &routed, &people)?;
    let delegated_standalone = delegated_transfer(&mut chain, &standalone, &people)?;
    rows.push(Row {
        name: "transfer, both sides delegated (2 checkpoints; reference: plain transfer)",
        credit: delegated,
        standalone: delegated_standalone,
        reference: reference_gas[0],
    });

    let mut out = String::new();
    writeln!(out, "| message | credit ref_time | ratio | standalone ref_time | ratio | reference ref_time | credit proof_size | ratio | standalone proof_size | reference proof_size |")?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for row in &rows {
        writeln!(
            out,
            "| {} | {} | {:.3} | {} | {:.3} | {} | {} | {:.3} | {} | {} |",
            row.name,
            row.credit.ref_time(),
            ratio(row.credit.ref_time(), row.reference.ref_time()),
            row.standalone.ref_time(),
            ratio(row.standalone.ref_time(), row.reference.ref_time()),
            row.reference.ref_time(),
            row.credit.proof_size(),
            ratio(row.credit.proof_size(), row.reference.proof_size()),
            row.standalone.proof_size(),
            row.reference.proof_size(),
        )?;
    }
    writeln!(out)?;
    writeln!(out, "| contract | Wasm bytes |")?;
    writeln!(out, "|---|---:|")?;
    for bundle in [&core_bundle, &full_bundle, &reference_bundle] {
        writeln!(out, "| {} | {} |", bundle.name, bundle.wasm.len())?;
    }
    print!("{out}");
    let quota_bundle = Bundle::load("donation_quota")?;
    validate_mvp(&quota_bundle.wasm)?;
    let quota_out = quota_table(&quota_bundle)?;
    print!("\n{quota_out}");

    let transfer_ratio = ratio(rows[0].credit.ref_time(), rows[0].reference.ref_time());
    println!("\ncredit transfer ref_time = {transfer_ratio:.3} x reference (budget: 1.10 x)");

    if let Some(path) = write_to {
        let doc = format!(
            "# Benchmarks\n\n\
             Produced by `cargo xtask bench --write` (the `bench` binary in `e2e/`): drink 0.18's\n\
             in-process pallet-contracts 31, release Wasm built with Rust 1.86 by cargo-contract 5.0.3.\n\
             Gas is `gas_consumed` of each call, deterministic for the same Wasm and state.\n\
             Every account involved already holds tokens (steady state).\n\n\
             - **credit**: COS Credit as deployed: the `credit_core` router (PSP22 hot path) with\n\
               the full `credit` code behind it for everything else (delegate tail call).\n\
             - **standalone**: the full `credit` contract deployed alone.\n\
             - **reference**: Cardinal's example PSP22 contract from the `psp22` 2.0.0 crate.\n\n\
             pallet-contracts 31 charges 33,471 `ref_time` per byte of the called code on every\n\
             call (`call_with_code_per_byte`), which is most of a simple transfer: hence the router.\n\
             Messages the router forwards (batch, delegate, ...) pay for both codes.\n\n\
             ## COS Credit vs the reference PSP22 token\n\n{out}\n\
             credit transfer `ref_time` = {transfer_ratio:.3} x the reference (budget: 1.10 x).\n\n\
             ## donation_quota\n\n\
             Each reward pays the contributor and both bonuses in one cross-contract\n\
             `batch_transfer` (forwarded by the router to the full credit code) and stores\n\
             a contribution record per contributor.\n\n{quota_out}"
        );
        std::fs::write(&path, doc).with_context(|| format!("writing {path}"))?;
        eprintln!("wrote {path}");
    }
    ensure!(transfer_ratio <= 1.10, "credit transfer costs {transfer_ratio:.3} x the reference, over the 1.10 budget");
    Ok(())
}
