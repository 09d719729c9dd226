//! Gas and Wasm-size benchmark: COS Credit against the reference PSP22 token
//! (Cardinal's example contract from the `psp22` crate), in one drink session.
//!
//! Run with `cargo xtask bench` (add `--write` to refresh BENCHMARKS.md). Gas is
//! what pallet-contracts charges (`gas_consumed`): deterministic, so one run of
//! each call suffices.

use anyhow::{ensure, Context, Result};
use cos_e2e::TRANSFER_GAS_BUDGET;
use cos_sandbox::{
    suite::{self, CreditCalls},
    validate_mvp, Bundle, Chain, GENESIS_MS,
};
use drink::Weight;
use ink::primitives::AccountId;
use psp22::PSP22;
use std::fmt::Write as _;

use cos_sandbox::drink;

const SUPPLY: u128 = 1_000_000_000;

/// A sub-token transfer may cost at most this many times the reference's (a
/// guard against regressions). Its logic is a PSP22 transfer with a pause
/// check and, while nobody is frozen, no more storage reads; what it costs
/// beyond the reference is its code: pallet-contracts charges per byte of the
/// called code, and the sub-token's 45 KB carry issuing, redeeming, the
/// exchange and its roles. A router in front of it, as COS Credit has, would bring it to
/// about 1x at the price of a second code upload per deployment (the
/// performance issue's goal: 1.15x). Raised from 1.80 when the audit's fixes
/// (the price notice, the refusal of transfers to itself) added 1.2 KB: 1.806x.
const SUBTOKEN_TRANSFER_BUDGET: f64 = 1.85;

struct Token {
    calls: CreditCalls,
    /// Whether it has COS Credit's extensions (batch, delegate).
    credit: bool,
}

impl Token {
    fn transfer(&mut self, chain: &mut Chain, from: AccountId, to: AccountId, value: u128) -> Result<Weight> {
        let out = chain.call(from, self.calls.transfer(to, value, vec![]))?;
        ensure!(out.value.is_ok() && !out.reverted, "transfer failed: {:?}", out.value);
        Ok(out.gas)
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
fn measure(chain: &mut Chain, token: &mut Token, people: &[AccountId]) -> Result<Vec<Weight>> {
    let (owner, bob, carol) = (people[0], people[1], people[2]);
    let others = &people[3..13];
    // Warm-up: every account involved already holds tokens, as in steady use.
    for &who in [bob, carol].iter().chain(others) {
        token.transfer(chain, owner, who, 1_000)?;
    }
    chain.next_block();
    let transfer = token.transfer(chain, owner, bob, 100)?;
    let out = chain.call(owner, token.calls.approve(carol, 500))?;
    ensure!(out.value.is_ok(), "approve failed");
    let approve = out.gas;
    let out = chain.call(carol, token.calls.transfer_from(owner, bob, 100, vec![]))?;
    ensure!(out.value.is_ok(), "transfer_from failed");
    let transfer_from = out.gas;
    let batch = if token.credit {
        let payments: Vec<(AccountId, u128)> = others.iter().map(|w| (*w, 10)).collect();
        let out = chain.call(owner, token.calls.batch_transfer(payments))?;
        ensure!(out.value.is_ok(), "batch failed: {:?}", out.value);
        out.gas
    } else {
        // The reference has no batch: ten separate transfers.
        let mut total = Weight::zero();
        for &who in others {
            total = total.saturating_add(token.transfer(chain, owner, who, 10)?);
        }
        total
    };
    Ok(vec![transfer, approve, transfer_from, batch])
}

/// COS Credit only: a transfer between two accounts that both delegate, which
/// writes two vote checkpoints.
fn delegated_transfer(chain: &mut Chain, token: &mut Token, people: &[AccountId]) -> Result<Weight> {
    let (owner, bob) = (people[0], people[1]);
    for who in [owner, bob] {
        let out = chain.call(who, token.calls.delegate(Some(who)))?;
        ensure!(out.value.is_ok(), "delegate failed");
    }
    chain.next_block();
    token.transfer(chain, owner, bob, 100)
}

/// Gas of the donation quota messages, on the routed credit.
fn quota_table(quota_bundle: &Bundle) -> Result<String> {
    let mut chain = Chain::new();
    let c = &mut chain;
    let operator = c.account(1);
    let (sponsor, admin, manager) = (c.account(2), c.account(3), c.account(4));
    let contributors: Vec<AccountId> = (20..41).map(|n| c.account(n)).collect();
    let token_address = suite::deploy_credit(c, operator, Some(SUPPLY * 1_000))?;
    let address = suite::deploy_quota(c, operator, token_address, None)?;
    let (mut token, mut quota) = (suite::credit(token_address), suite::quota(address));
    macro_rules! ok {
        ($what:expr, $out:expr) => {{
            let out = $out;
            ensure!(out.value.is_ok(), "{} failed: {:?}", $what, out.value);
            out
        }};
    }
    ok!("approve", c.call(operator, token.approve(address, SUPPLY * 100))?);
    ok!("grant", c.call(operator, quota.grant_quota(sponsor, SUPPLY))?);
    ok!("fund", c.call(operator, quota.fund_reserve(SUPPLY))?);
    ok!("community", c.call(admin, quota.create_community())?);
    let recognise = ok!("recognise", c.call(operator, quota.recognise(0, true))?);
    let offer = ok!("offer_manager", c.call(admin, quota.offer_manager(0, manager))?);
    let accept = ok!("accept_manager", c.call(manager, quota.accept_manager(0, None))?);
    ok!("donate", c.call(sponsor, quota.donate(0, SUPPLY))?);
    // Warm-up: the manager already holds this sponsor's quota; contributors hold COS.
    ok!(
        "allocate",
        c.call(admin, quota.allocate(0, sponsor, manager, 1_000_000))?
    );
    for &who in &contributors {
        ok!("warm-up", c.call(operator, token.transfer(who, 1, vec![]))?);
    }
    c.next_block();
    let allocate = ok!("allocate", c.call(admin, quota.allocate(0, sponsor, manager, 1_000))?);
    let reclaim = ok!("reclaim", c.call(admin, quota.reclaim(0, manager, sponsor, 1_000))?);
    let reward = ok!(
        "reward",
        c.call(manager, quota.reward(0, sponsor, contributors[0], 1_000, 1, 1, [7; 32]))?
    );
    let entries: Vec<_> = contributors[1..21].iter().map(|w| (*w, 100u128, [8; 32])).collect();
    let batch = ok!(
        "reward_batch",
        c.call(manager, quota.reward_batch(0, sponsor, 1, 2, entries))?
    );
    let name = ok!(
        "set_category",
        c.call(admin, quota.set_category(0, 1, Some("organising".into())))?
    );
    let named = ok!(
        "reward, named category",
        c.call(manager, quota.reward(0, sponsor, contributors[0], 1_000, 1, 3, [7; 32]))?
    );
    let leaver = c.account(5);
    ok!("offer_manager", c.call(admin, quota.offer_manager(0, leaver))?);
    ok!("accept_manager", c.call(leaver, quota.accept_manager(0, None))?);
    ok!("allocate", c.call(admin, quota.allocate(0, sponsor, leaver, 1_000))?);
    let resign = ok!("resign", c.call(leaver, quota.resign(0))?);
    let remove = ok!("remove_manager", c.call(admin, quota.remove_manager(0, manager))?);
    let vest = ok!(
        "create_vesting",
        c.call(operator, quota.create_vesting(sponsor, 48_000, GENESIS_MS, 0, 48))?
    );
    c.next_block();
    c.set_timestamp(GENESIS_MS + donation_quota::vesting::MONTH_MS);
    let release = ok!("release", c.call(contributors[0], quota.release(0))?);
    let _ = vest;

    let mut out = String::new();
    writeln!(out, "| message | ref_time | proof_size | events |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let rows = [
        ("recognise (the operator)", recognise.gas, recognise.events.len()),
        ("offer_manager", offer.gas, offer.events.len()),
        ("accept_manager", accept.gas, accept.events.len()),
        ("allocate (admin pool -> manager)", allocate.gas, allocate.events.len()),
        ("reclaim (manager -> admin pool)", reclaim.gas, reclaim.events.len()),
        (
            "reward (1 contributor + 2 bonuses, one batch_transfer)",
            reward.gas,
            reward.events.len(),
        ),
        ("reward_batch of 20", batch.gas, batch.events.len()),
        (
            "set_category (the first name of a community)",
            name.gas,
            name.events.len(),
        ),
        (
            "reward in a named category (the community names its categories)",
            named.gas,
            named.events.len(),
        ),
        (
            "remove_manager (1 manager, 1 sponsor's quota returned)",
            remove.gas,
            remove.events.len(),
        ),
        (
            "resign (a manager without sub-managers, 1 sponsor's quota returned)",
            resign.gas,
            resign.events.len(),
        ),
        ("release (vesting, 1 month)", release.gas, release.events.len()),
    ];
    for (name, gas, events) in rows {
        writeln!(out, "| {name} | {} | {} | {events} |", gas.ref_time(), gas.proof_size())?;
    }
    writeln!(out)?;
    writeln!(out, "donation_quota Wasm: {} bytes.", quota_bundle.wasm.len())?;
    Ok(out)
}

/// Gas of the sub-token messages on the routed credit, and a sub-token
/// transfer against the reference PSP22 token's, measured in the same chain.
fn subtoken_table(subtoken_bundle: &Bundle, reference_bundle: &Bundle) -> Result<(String, f64)> {
    let mut chain = Chain::new();
    let c = &mut chain;
    let issuer = c.account(1);
    let (alice, bob, carol) = (c.account(2), c.account(3), c.account(4));
    let token_address = suite::deploy_credit(c, issuer, Some(SUPPLY * 1_000))?;
    let params = suite::SubtokenParams {
        name: "Bench points".into(),
        symbol: "PTS".into(),
        decimals: 2,
        face_value: 1_000_000,
        price: 1_200_000,
        community: None,
    };
    let address = suite::deploy_subtoken(c, issuer, token_address, params)?;
    let (mut token, mut st) = (suite::credit(token_address), suite::subtoken(address));
    let data = cos_e2e::reference_constructor(reference_bundle, SUPPLY)?;
    let (reference_address, _) = c.instantiate_data(reference_bundle, data, issuer)?;
    let mut reference = suite::credit(reference_address);
    macro_rules! ok {
        ($what:expr, $out:expr) => {{
            let out = $out;
            ensure!(out.value.is_ok() && !out.reverted, "{} failed: {:?}", $what, out.value);
            out
        }};
    }
    // Warm-up: everyone involved holds COS, sub-tokens and reference tokens,
    // and has approved the sub-token.
    for who in [alice, bob, carol] {
        ok!("pay COS", c.call(issuer, token.transfer(who, SUPPLY, vec![]))?);
        ok!("pay reference", c.call(issuer, reference.transfer(who, 1_000, vec![]))?);
    }
    for who in [issuer, alice, bob, carol] {
        ok!("approve", c.call(who, token.approve(address, u128::MAX))?);
    }
    ok!("issue", c.call(issuer, st.issue(10_000))?);
    ok!("deposit", c.call(issuer, st.deposit_reserve(SUPPLY))?);
    for who in [alice, bob, carol] {
        ok!("give", c.call(issuer, st.transfer(who, 1_000, vec![]))?);
    }
    c.next_block();
    let transfer = ok!("transfer", c.call(alice, st.transfer(bob, 10, vec![]))?);
    let reference_transfer = ok!(
        "reference transfer",
        c.call(alice, reference.transfer(bob, 10, vec![]))?
    );
    let approve = ok!("approve", c.call(alice, st.approve(carol, 100))?);
    let transfer_from = ok!(
        "transfer_from",
        c.call(carol, st.transfer_from(alice, bob, 10, vec![]))?
    );
    let issue = ok!("issue", c.call(issuer, st.issue(100))?);
    let right = ok!(
        "redeem_right",
        c.call(alice, st.redeem_right(5, ink::primitives::Hash::from([1; 32])))?
    );
    let face = ok!("redeem_face_value", c.call(bob, st.redeem_face_value(5))?);
    let buy = ok!("buy", c.call(carol, st.buy(50, u128::MAX))?);
    let sell = ok!("sell", c.call(carol, st.sell(20, 0))?);
    let deposit = ok!("deposit_reserve", c.call(issuer, st.deposit_reserve(1_000))?);
    let fees = ok!("withdraw_fees", c.call(alice, st.withdraw_fees())?);
    let freeze = ok!("freeze", c.call(issuer, st.freeze(alice, 10))?);
    let frozen_transfer = ok!("transfer with a freeze", c.call(bob, st.transfer(alice, 10, vec![]))?);
    let set_fee = ok!("set_fee", c.call(issuer, st.set_fee(20))?);

    let transfer_ratio = ratio(transfer.gas.ref_time(), reference_transfer.gas.ref_time());
    let mut out = String::new();
    writeln!(out, "| message | ref_time | proof_size | events |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let rows = [
        ("transfer", transfer.gas, transfer.events.len()),
        (
            "reference PSP22 transfer (same chain)",
            reference_transfer.gas,
            reference_transfer.events.len(),
        ),
        (
            "transfer, some account frozen (one more read)",
            frozen_transfer.gas,
            frozen_transfer.events.len(),
        ),
        ("approve", approve.gas, approve.events.len()),
        ("transfer_from", transfer_from.gas, transfer_from.events.len()),
        ("issue (mint + COS transfer_from)", issue.gas, issue.events.len()),
        ("redeem_right (burn + COS to the issuer)", right.gas, right.events.len()),
        (
            "redeem_face_value (burn + COS to the holder)",
            face.gas,
            face.events.len(),
        ),
        ("buy (mint + COS transfer_from)", buy.gas, buy.events.len()),
        ("sell (burn + COS transfer)", sell.gas, sell.events.len()),
        ("deposit_reserve", deposit.gas, deposit.events.len()),
        ("withdraw_fees", fees.gas, fees.events.len()),
        ("freeze", freeze.gas, freeze.events.len()),
        ("set_fee", set_fee.gas, set_fee.events.len()),
    ];
    for (name, gas, events) in rows {
        writeln!(out, "| {name} | {} | {} | {events} |", gas.ref_time(), gas.proof_size())?;
    }
    writeln!(out)?;
    // pallet-contracts 31's `call_with_code_per_byte`: what each call pays per byte of code.
    let per_byte = 33_471u64;
    let bytes = |b: &Bundle| u64::try_from(b.wasm.len()).unwrap_or(u64::MAX);
    let execution = |gas: Weight, b: &Bundle| gas.ref_time().saturating_sub(per_byte.saturating_mul(bytes(b)));
    writeln!(
        out,
        "subtoken transfer `ref_time` = {transfer_ratio:.3} x the reference PSP22 transfer \
         (`proof_size` {:.3} x); without the per-byte charge for loading each contract's code \
         (33,471 `ref_time` per byte), {:.3} x.\n\nsubtoken Wasm: {} bytes (reference PSP22: {} bytes).",
        ratio(transfer.gas.proof_size(), reference_transfer.gas.proof_size()),
        ratio(
            execution(transfer.gas, subtoken_bundle),
            execution(reference_transfer.gas, reference_bundle)
        ),
        subtoken_bundle.wasm.len(),
        reference_bundle.wasm.len()
    )?;
    Ok((out, transfer_ratio))
}

/// Gas of every crowdfund and bounty message, on the routed COS Credit, with
/// the Wasm sizes.
fn funding_table() -> Result<String> {
    use crowdfund::Kind;
    use ink::primitives::Hash;
    let crowdfund_bundle = Bundle::load("crowdfund")?;
    let bounty_bundle = Bundle::load("bounty")?;
    for bundle in [&crowdfund_bundle, &bounty_bundle] {
        validate_mvp(&bundle.wasm)?;
    }
    let mut f = cos_e2e::FundingOnChain::new();
    let (alice, bob, carol, dave) = (f.member(2), f.member(3), f.member(4), f.member(5));
    macro_rules! ok {
        ($what:expr, $caller:expr, $contract:ident . $($message:tt)+) => {{
            let message = f.$contract.$($message)+;
            let out = f.chain.call($caller, message)?;
            ensure!(out.value.is_ok() && !out.reverted, "{} failed: {:?}", $what, out.value);
            (out.gas, out.events.len())
        }};
    }
    let hour = cos_e2e::HOUR_MS;
    let deadline = f.now() + hour;
    let create = ok!(
        "create",
        alice,
        crowdfund.create(bob, Kind::AllOrNothing, 100 * SUPPLY, deadline, Hash::default(), None)
    );
    let failing = ok!(
        "create",
        alice,
        crowdfund.create(bob, Kind::AllOrNothing, 1_000 * SUPPLY, deadline, Hash::default(), None)
    );
    f.chain.next_block();
    let first_pledge = ok!("pledge", carol, crowdfund.pledge(0, 60 * SUPPLY));
    let second_pledge = ok!("pledge again", carol, crowdfund.pledge(0, 10 * SUPPLY));
    ok!("pledge", dave, crowdfund.pledge(0, 40 * SUPPLY));
    ok!("pledge", dave, crowdfund.pledge(1, 40 * SUPPLY));
    let donation = ok!(
        "create donation",
        alice,
        crowdfund.create(bob, Kind::Donation, SUPPLY, deadline, Hash::default(), None)
    );
    ok!("pledge", carol, crowdfund.pledge(2, SUPPLY));
    let donation_claim = ok!("claim donation", bob, crowdfund.claim(2));
    ok!(
        "create",
        alice,
        crowdfund.create(bob, Kind::AllOrNothing, SUPPLY, deadline, Hash::default(), None)
    );
    let cancel = ok!("cancel", alice, crowdfund.cancel(3));
    let post = ok!("post", alice, bounty.post(30 * SUPPLY, deadline, Hash::default(), None));
    ok!("post", alice, bounty.post(30 * SUPPLY, deadline, Hash::default(), None));
    ok!("post", alice, bounty.post(30 * SUPPLY, deadline, Hash::default(), None));
    f.chain.next_block();
    let submit = ok!("submit", bob, bounty.submit(0, Hash::default()));
    ok!("submit", carol, bounty.submit(0, Hash::default()));
    ok!("submit", bob, bounty.submit(1, Hash::default()));
    let approve = ok!("approve", alice, bounty.approve(1, 0));
    let split = ok!(
        "split in two",
        alice,
        bounty.split(0, vec![(0, 20 * SUPPLY), (1, 10 * SUPPLY)])
    );
    let bounty_cancel = ok!("cancel", alice, bounty.cancel(2));
    f.wait(hour);
    let claim = ok!("claim", bob, crowdfund.claim(0));
    let refund = ok!("refund", dave, crowdfund.refund(1));

    let mut out = String::new();
    writeln!(out, "| message | ref_time | proof_size | events |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let rows = [
        ("crowdfund create", create),
        ("crowdfund create (second campaign)", failing),
        ("crowdfund create (donation)", donation),
        ("pledge (first of the pledger; COS transfer_from)", first_pledge),
        ("pledge (again)", second_pledge),
        ("claim, all-or-nothing (COS transfer)", claim),
        ("claim, donation", donation_claim),
        ("refund (COS transfer)", refund),
        ("cancel", cancel),
        ("bounty post (COS transfer_from)", post),
        ("bounty submit", submit),
        ("bounty approve (COS transfer)", approve),
        ("bounty split in two (COS batch_transfer)", split),
        ("bounty cancel (COS transfer)", bounty_cancel),
    ];
    for (name, (gas, events)) in rows {
        writeln!(out, "| {name} | {} | {} | {events} |", gas.ref_time(), gas.proof_size())?;
    }
    writeln!(out)?;
    writeln!(out, "| contract | Wasm bytes |")?;
    writeln!(out, "|---|---:|")?;
    for bundle in [&crowdfund_bundle, &bounty_bundle] {
        writeln!(out, "| {} | {} |", bundle.name, bundle.wasm.len())?;
    }
    Ok(out)
}

/// Gas of governance's messages, token-weighted on the routed COS Credit: a
/// proposal that takes a sub-token over and changes its fee, votes, a poll.
fn governance_table() -> Result<String> {
    use governance::{Config, Support, VoteMode};
    use ink::primitives::Hash;
    use parity_scale_codec::Encode;
    let bundle = Bundle::load("governance")?;
    validate_mvp(&bundle.wasm)?;
    let config = Config {
        mode: VoteMode::TokenWeighted,
        voting_delay: 1,
        voting_period: 3,
        quorum_bps: 1_000,
        threshold_bps: 5_000,
        execution_delay: 1,
        grace_period: 10,
        proposal_threshold: 0,
    };
    let mut g = cos_e2e::GovernanceOnChain::new(config);
    let [alice, bob, carol, _] = g.members;
    let params = suite::SubtokenParams {
        name: "Bench points".into(),
        symbol: "PTS".into(),
        decimals: 0,
        face_value: 1,
        price: 1,
        community: None,
    };
    let st = suite::deploy_subtoken(&mut g.chain, g.owner, g.credit, params)?;
    let mut s = suite::subtoken(st);
    let offered = g.chain.call(g.owner, s.transfer_ownership(Some(g.gov)))?;
    ensure!(offered.value.is_ok(), "offering the sub-token to governance");
    g.chain.next_block();
    let mut gov = suite::governance(g.gov);
    macro_rules! ok {
        ($what:expr, $caller:expr, $message:expr) => {{
            let message = $message;
            let out = g.chain.call($caller, message)?;
            ensure!(out.value.is_ok() && !out.reverted, "{} failed: {:?}", $what, out.value);
            (out.gas, out.events.len())
        }};
    }
    let actions = vec![
        cos_e2e::GovernanceOnChain::call(st, "accept_ownership", vec![]),
        cos_e2e::GovernanceOnChain::call(st, "set_fee", 20u16.encode()),
    ];
    let propose = ok!("propose", alice, gov.propose(Hash::default(), actions));
    let empty = ok!("propose", bob, gov.propose(Hash::default(), vec![]));
    let poll = ok!("create_poll", carol, gov.create_poll(Hash::default(), 4));
    g.chain.next_block();
    g.chain.next_block();
    let vote = ok!("vote", alice, gov.vote(0, Support::For));
    let vote_against = ok!("vote", bob, gov.vote(0, Support::Against));
    let answer = ok!("answer", alice, gov.answer(0, 2));
    for _ in 0..3 {
        g.chain.next_block();
    }
    let queue = ok!("queue", carol, gov.queue(0));
    g.chain.next_block();
    let execute = ok!("execute", carol, gov.execute(0));
    let cancel = ok!("cancel (the admin)", g.owner, gov.cancel(1));
    let renounce = ok!("renounce_admin", g.owner, gov.renounce_admin());
    ensure!(g.chain.query(s.fee_bps())? == 20, "the proposal changed the fee");

    let mut out = String::new();
    writeln!(out, "| message | ref_time | proof_size | events |")?;
    writeln!(out, "|---|---:|---:|---:|")?;
    let rows = [
        (
            "propose (2 call actions; COS Credit past votes of the block before)",
            propose,
        ),
        ("propose (no actions)", empty),
        (
            "vote, token-weighted, the first (COS Credit past votes and total supply: fixes the eligible weight)",
            vote,
        ),
        ("vote again, another account (past votes)", vote_against),
        ("queue", queue),
        ("execute (sub-token accept_ownership + set_fee)", execute),
        ("cancel (the admin)", cancel),
        ("renounce_admin", renounce),
        ("create_poll (4 options; past votes of the block before)", poll),
        ("answer, the first (past votes and total supply)", answer),
    ];
    for (name, (gas, events)) in rows {
        writeln!(out, "| {name} | {} | {} | {events} |", gas.ref_time(), gas.proof_size())?;
    }
    writeln!(out, "\ngovernance Wasm: {} bytes.", bundle.wasm.len())?;
    Ok(out)
}

fn main() -> Result<()> {
    let write_to = std::env::args().skip_while(|a| a != "--write").nth(1);
    let bundles = ["credit_core", "credit", "psp22_reference"].map(|name| {
        Bundle::load(name).with_context(|| format!("loading {name}; `cargo xtask bench` builds everything"))
    });
    let [core_bundle, full_bundle, reference_bundle] = bundles;
    let (core_bundle, full_bundle, reference_bundle) = (core_bundle?, full_bundle?, reference_bundle?);
    for bundle in [&core_bundle, &full_bundle, &reference_bundle] {
        validate_mvp(&bundle.wasm)?;
    }

    let mut chain = Chain::new();
    let people: Vec<AccountId> = (1..=13).map(|n| chain.account(n)).collect();
    let owner = people[0];
    let mut routed = Token {
        calls: suite::credit(suite::deploy_credit(&mut chain, owner, Some(SUPPLY))?),
        credit: true,
    };
    let mut standalone = Token {
        calls: suite::credit(suite::deploy_credit_standalone(&mut chain, owner, Some(SUPPLY))?),
        credit: true,
    };
    let data = cos_e2e::reference_constructor(&reference_bundle, SUPPLY)?;
    let (reference_address, _) = chain.instantiate_data(&reference_bundle, data, owner)?;
    let mut reference = Token {
        calls: suite::credit(reference_address),
        credit: false,
    };

    let routed_gas = measure(&mut chain, &mut routed, &people)?;
    let standalone_gas = measure(&mut chain, &mut standalone, &people)?;
    let reference_gas = measure(&mut chain, &mut reference, &people)?;
    let names = [
        "transfer",
        "approve",
        "transfer_from",
        "batch of 10 (reference: 10 transfers)",
    ];
    let mut rows: Vec<Row> = (0..names.len())
        .map(|i| Row {
            name: names[i],
            credit: routed_gas[i],
            standalone: standalone_gas[i],
            reference: reference_gas[i],
        })
        .collect();
    let delegated = delegated_transfer(&mut chain, &mut routed, &people)?;
    let delegated_standalone = delegated_transfer(&mut chain, &mut standalone, &people)?;
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
    let subtoken_bundle = Bundle::load("subtoken")?;
    validate_mvp(&subtoken_bundle.wasm)?;
    let (subtoken_out, subtoken_ratio) = subtoken_table(&subtoken_bundle, &reference_bundle)?;
    print!("\n{subtoken_out}");
    let funding_out = funding_table()?;
    print!("\n{funding_out}");
    let governance_out = governance_table()?;
    print!("\n{governance_out}");
    let (revive_out, revive_ratio) = cos_e2e_revive::bench::credit_table()?;
    print!("\n{revive_out}");

    let transfer_ratio = ratio(rows[0].credit.ref_time(), rows[0].reference.ref_time());
    println!("\ncredit transfer ref_time = {transfer_ratio:.3} x reference (budget: {TRANSFER_GAS_BUDGET:.2} x)");

    if let Some(path) = write_to {
        let credit = format!(
            "{out}\ncredit transfer `ref_time` = {transfer_ratio:.3} x the reference (budget: {TRANSFER_GAS_BUDGET:.2} x)."
        );
        let revive =
            format!("{revive_out}\ncredit transfer `ref_time` on pallet-revive = {revive_ratio:.3} x the reference.");
        cos_e2e::report::write_blocks(
            &path,
            &[
                ("credit", credit),
                ("donation_quota", quota_out),
                ("subtoken", subtoken_out),
                ("funding", funding_out),
                ("governance", governance_out),
                ("revive", revive),
            ],
        )?;
    }
    ensure!(
        subtoken_ratio <= SUBTOKEN_TRANSFER_BUDGET,
        "a sub-token transfer costs {subtoken_ratio:.3} x the reference, over its {SUBTOKEN_TRANSFER_BUDGET:.2} budget"
    );
    ensure!(
        transfer_ratio <= TRANSFER_GAS_BUDGET,
        "credit transfer costs {transfer_ratio:.3} x the reference, over the {TRANSFER_GAS_BUDGET:.2} budget"
    );
    Ok(())
}
