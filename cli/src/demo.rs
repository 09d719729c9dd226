//! The COS demo: a community's first days with COS Credit, on drink's in-process
//! chain (the real `pallet-contracts` running the release Wasm).

use anyhow::{ensure, Context, Result};
use cos_e2e::{
    credit::{cos, Credit},
    drink::AccountId32,
    Chain, Outcome,
};
use credit::{CreditError, UNIT};
use psp22::PSP22Error;

struct People {
    operator: AccountId32,
    treasury: AccountId32,
    bob: AccountId32,
    carol: AccountId32,
    dave: AccountId32,
    erin: AccountId32,
}

fn name(p: &People, who: &AccountId32) -> &'static str {
    match who {
        w if *w == p.operator => "operator",
        w if *w == p.treasury => "treasury",
        w if *w == p.bob => "bob",
        w if *w == p.carol => "carol",
        w if *w == p.dave => "dave",
        w if *w == p.erin => "erin",
        _ => "someone",
    }
}

fn say(step: &str) {
    println!("\n== {step}");
}

fn ok<E: std::fmt::Debug>(what: &str, outcome: Outcome<Result<(), E>>) -> Result<()> {
    match outcome.value {
        Ok(()) => {
            println!(
                "   ok: {what} (ref_time {}, proof_size {}, {} event(s))",
                outcome.gas.ref_time(),
                outcome.gas.proof_size(),
                outcome.events.len()
            );
            Ok(())
        }
        Err(e) => anyhow::bail!("{what} failed: {e:?}"),
    }
}

fn balances(chain: &mut Chain, token: &Credit, p: &People) -> Result<()> {
    for who in [&p.operator, &p.treasury, &p.bob, &p.carol, &p.dave, &p.erin] {
        let balance = token.balance_of(chain, who)?;
        let frozen = token.frozen_balance_of(chain, who)?;
        let votes = token.get_votes(chain, who)?;
        println!(
            "   {:<9} balance {:>24}   frozen {:>10}   votes {:>12}",
            name(p, who),
            cos(balance),
            cos(frozen),
            cos(votes)
        );
    }
    Ok(())
}

pub fn run() -> Result<()> {
    let mut chain = Chain::new();
    let p = People {
        operator: chain.account(1),
        treasury: chain.account(2),
        bob: chain.account(3),
        carol: chain.account(4),
        dave: chain.account(5),
        erin: chain.account(6),
    };

    say("The operator deploys COS Credit (30 % of the 102.4e9 COS cap issued to it)");
    let token = Credit::deploy(&mut chain, &p.operator, None).context("deploying credit")?;
    println!("   credit at {} (the credit_core router over the uploaded full credit code)", token.0.address);
    println!("   total supply {}", cos(token.total_supply(&mut chain)?));

    say("The operator appoints the community treasury as a minter; it mints 1,000,000 COS");
    ok("set_minter", token.set_minter(&mut chain, &p.operator, &p.treasury, true)?)?;
    ok("mint", token.mint(&mut chain, &p.treasury, &p.treasury, 1_000_000 * UNIT)?)?;

    say("The treasury pays four members in one batch (all or nothing)");
    let payments = [
        (p.bob.clone(), 5_000 * UNIT),
        (p.carol.clone(), 3_000 * UNIT),
        (p.dave.clone(), 2_000 * UNIT),
        (p.erin.clone(), 1_000 * UNIT),
    ];
    ok("batch_transfer", token.batch_transfer(&mut chain, &p.treasury, &payments)?)?;
    balances(&mut chain, &token, &p)?;

    say("Bob and Carol delegate their votes to Bob; Dave delegates to himself");
    let snapshot_before = chain.block_number();
    chain.next_block();
    ok("bob delegates to bob", token.delegate(&mut chain, &p.bob, Some(&p.bob))?)?;
    ok("carol delegates to bob", token.delegate(&mut chain, &p.carol, Some(&p.bob))?)?;
    ok("dave delegates to dave", token.delegate(&mut chain, &p.dave, Some(&p.dave))?)?;
    let snapshot_block = chain.block_number();
    chain.next_block();
    ok("carol pays dave 500 COS", token.transfer(&mut chain, &p.carol, &p.dave, 500 * UNIT)?)?;
    chain.next_block();
    balances(&mut chain, &token, &p)?;

    say("Checkpoint lookups: votes at past blocks, as a governance snapshot sees them");
    for block in [snapshot_before, snapshot_block, snapshot_block + 1] {
        let bob = token.get_past_votes(&mut chain, &p.bob, block)?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let dave = token.get_past_votes(&mut chain, &p.dave, block)?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
        println!("   block {block:>3}: bob {:>14}   dave {:>14}", cos(bob), cos(dave));
    }
    ensure!(
        token.get_past_votes(&mut chain, &p.bob, snapshot_block)? == Ok(8_000 * UNIT),
        "bob's votes at the snapshot block"
    );
    let future = chain.block_number();
    println!(
        "   block {future:>3} (current): {:?}",
        token.get_past_votes(&mut chain, &p.bob, future)?
    );

    say("The operator freezes 800 of Erin's 1,000 COS");
    ok("freeze erin 800 COS", token.freeze(&mut chain, &p.operator, &p.erin, 800 * UNIT)?)?;
    let attempt = token.transfer(&mut chain, &p.erin, &p.bob, 300 * UNIT)?;
    println!("   erin sends bob 300 COS -> {:?} (reverted: {})", attempt.value, attempt.reverted);
    ensure!(
        attempt.value == Err(PSP22Error::Custom("InsufficientUnfrozenBalance".into())),
        "frozen tokens moved"
    );
    ok("erin sends bob 200 COS (unfrozen part)", token.transfer(&mut chain, &p.erin, &p.bob, 200 * UNIT)?)?;
    balances(&mut chain, &token, &p)?;

    say("Emergency: the operator pauses all transfers");
    ok("pause", token.pause(&mut chain, &p.operator)?)?;
    let attempt = token.transfer(&mut chain, &p.bob, &p.carol, UNIT)?;
    println!("   bob sends carol 1 COS -> {:?}", attempt.value);
    ensure!(attempt.value == Err(PSP22Error::Custom("Paused".into())), "transfer while paused");
    let attempt = token.mint(&mut chain, &p.treasury, &p.bob, UNIT)?;
    println!("   treasury mints 1 COS -> {:?}", attempt.value);
    ensure!(attempt.value == Err(CreditError::Paused), "mint while paused");
    ok("unpause", token.unpause(&mut chain, &p.operator)?)?;
    ok("bob sends carol 1 COS", token.transfer(&mut chain, &p.bob, &p.carol, UNIT)?)?;

    say("COS Credit after its first days");
    balances(&mut chain, &token, &p)?;
    println!("   total supply {}", cos(token.total_supply(&mut chain)?));

    crate::demo_quota::run(&mut chain, &token, &p.operator)?;
    println!("\nDemo finished: every step above ran on pallet-contracts with the release Wasm.");
    Ok(())
}
