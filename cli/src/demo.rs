//! The COS demo: a community's first days with COS Credit, on drink's in-process
//! chain (the real `pallet-contracts` running the release Wasm).

use anyhow::{ensure, Context, Result};
use cos_sandbox::{
    suite::{self, cos, CreditCalls},
    Chain, Outcome,
};
use credit::{CreditError, UNIT};
use ink::primitives::AccountId;
use psp22::{PSP22Error, PSP22};

pub(crate) struct People {
    pub operator: AccountId,
    treasury: AccountId,
    bob: AccountId,
    carol: AccountId,
    dave: AccountId,
    erin: AccountId,
}

fn name(p: &People, who: AccountId) -> &'static str {
    match who {
        w if w == p.operator => "operator",
        w if w == p.treasury => "treasury",
        w if w == p.bob => "bob",
        w if w == p.carol => "carol",
        w if w == p.dave => "dave",
        w if w == p.erin => "erin",
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

fn balances(chain: &mut Chain, token: &CreditCalls, p: &People) -> Result<()> {
    for who in [p.operator, p.treasury, p.bob, p.carol, p.dave, p.erin] {
        let balance = chain.query(token.balance_of(who))?;
        let frozen = chain.query(token.frozen_balance_of(who))?;
        let votes = chain.query(token.get_votes(who))?;
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

pub fn run() -> Result<Chain> {
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
    let address = suite::deploy_credit(&mut chain, p.operator, None).context("deploying credit")?;
    let mut token = suite::credit(address);
    println!("   credit at {address:?} (the credit_core router over the uploaded full credit code)");
    println!("   total supply {}", cos(chain.query(token.total_supply())?));

    say("The operator appoints the community treasury as a minter; it mints 1,000,000 COS");
    ok(
        "set_minter",
        chain.call(p.operator, token.set_minter(p.treasury, true))?,
    )?;
    ok(
        "mint",
        chain.call(p.treasury, token.mint(p.treasury, 1_000_000 * UNIT))?,
    )?;

    say("The treasury pays four members in one batch (all or nothing)");
    let payments = vec![
        (p.bob, 5_000 * UNIT),
        (p.carol, 3_000 * UNIT),
        (p.dave, 2_000 * UNIT),
        (p.erin, 1_000 * UNIT),
    ];
    ok(
        "batch_transfer",
        chain.call(p.treasury, token.batch_transfer(payments))?,
    )?;
    balances(&mut chain, &token, &p)?;

    say("Bob and Carol delegate their votes to Bob; Dave delegates to himself");
    let snapshot_before = chain.block_number();
    chain.next_block();
    ok("bob delegates to bob", chain.call(p.bob, token.delegate(Some(p.bob)))?)?;
    ok(
        "carol delegates to bob",
        chain.call(p.carol, token.delegate(Some(p.bob)))?,
    )?;
    ok(
        "dave delegates to dave",
        chain.call(p.dave, token.delegate(Some(p.dave)))?,
    )?;
    let snapshot_block = chain.block_number();
    chain.next_block();
    ok(
        "carol pays dave 500 COS",
        chain.call(p.carol, token.transfer(p.dave, 500 * UNIT, vec![]))?,
    )?;
    chain.next_block();
    balances(&mut chain, &token, &p)?;

    say("Checkpoint lookups: votes at past blocks, as a governance snapshot sees them");
    for block in [snapshot_before, snapshot_block, snapshot_block + 1] {
        let bob = chain
            .query(token.get_past_votes(p.bob, block))?
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let dave = chain
            .query(token.get_past_votes(p.dave, block))?
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        println!("   block {block:>3}: bob {:>14}   dave {:>14}", cos(bob), cos(dave));
    }
    ensure!(
        chain.query(token.get_past_votes(p.bob, snapshot_block))? == Ok(8_000 * UNIT),
        "bob's votes at the snapshot block"
    );
    let future = chain.block_number();
    println!(
        "   block {future:>3} (current): {:?}",
        chain.query(token.get_past_votes(p.bob, future))?
    );

    say("The operator freezes 800 of Erin's 1,000 COS");
    ok(
        "freeze erin 800 COS",
        chain.call(p.operator, token.freeze(p.erin, 800 * UNIT))?,
    )?;
    let attempt = chain.call(p.erin, token.transfer(p.bob, 300 * UNIT, vec![]))?;
    println!(
        "   erin sends bob 300 COS -> {:?} (reverted: {})",
        attempt.value, attempt.reverted
    );
    ensure!(
        attempt.value == Err(PSP22Error::Custom("InsufficientUnfrozenBalance".into())),
        "frozen tokens moved"
    );
    ok(
        "erin sends bob 200 COS (unfrozen part)",
        chain.call(p.erin, token.transfer(p.bob, 200 * UNIT, vec![]))?,
    )?;
    balances(&mut chain, &token, &p)?;

    say("Emergency: the operator pauses all movements; revoking an allowance still works");
    ok(
        "bob lets carol spend 50 COS",
        chain.call(p.bob, token.approve(p.carol, 50 * UNIT))?,
    )?;
    ok("pause", chain.call(p.operator, token.pause())?)?;
    let attempt = chain.call(p.bob, token.transfer(p.carol, UNIT, vec![]))?;
    println!("   bob sends carol 1 COS -> {:?}", attempt.value);
    ensure!(
        attempt.value == Err(PSP22Error::Custom("Paused".into())),
        "transfer while paused"
    );
    let attempt = chain.call(p.treasury, token.mint(p.bob, UNIT))?;
    println!("   treasury mints 1 COS -> {:?}", attempt.value);
    ensure!(attempt.value == Err(CreditError::Paused), "mint while paused");
    ok(
        "bob revokes carol's allowance (approve 0)",
        chain.call(p.bob, token.approve(p.carol, 0))?,
    )?;
    ok("unpause", chain.call(p.operator, token.unpause())?)?;
    ok(
        "bob sends carol 1 COS",
        chain.call(p.bob, token.transfer(p.carol, UNIT, vec![]))?,
    )?;

    say("COS Credit after its first days");
    balances(&mut chain, &token, &p)?;
    println!("   total supply {}", cos(chain.query(token.total_supply())?));

    crate::demo_quota::run(&mut chain, address, p.operator)?;
    chain.next_block();
    println!("\nEvery step above ran on pallet-contracts with the release Wasm.");
    Ok(chain)
}

/// Indexes the demo's chain into `db` (replacing an earlier demo database) and
/// prints what the indexer found.
pub async fn index(chain: &Chain, db: &str) -> Result<()> {
    use cos_indexer::{entities, Indexer, Options, Registry, Store};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

    say("The indexer reads the chain: every COS event into SQLite");
    if let Some(path) = db.strip_prefix("sqlite:") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    let registry = Registry::from_ink_dir(&cos_sandbox::ink_dir())?;
    let store = Store::open(db).await?;
    let mut indexer = Indexer::new(store, registry, Options::default()).await?;
    let mut bar = crate::index::Bar::new();
    let summary = indexer.run(&mut chain.source(), &mut bar).await?;
    bar.finish();
    let conn = indexer.store().connection();
    println!(
        "   {} blocks, {} COS events ({} undecoded) in {}",
        summary.blocks,
        summary.events,
        summary.undecoded,
        indexer.store().url()
    );
    for contract in entities::contracts::Entity::find().all(conn).await? {
        println!(
            "   contract {} {} ({}) from block {}",
            contract.address, contract.kind, contract.bundle, contract.block
        );
    }
    let records = entities::records::Entity::find().count(conn).await?;
    println!("   {records} contribution records; leaderboard of community 0:");
    let board = entities::leaderboard::Entity::find()
        .filter(entities::leaderboard::Column::Community.eq(0))
        .filter(entities::leaderboard::Column::Category.eq(-1))
        .filter(entities::leaderboard::Column::Period.eq(""))
        .order_by_desc(entities::leaderboard::Column::Amount)
        .all(conn)
        .await?;
    for row in board {
        let amount = cos_indexer::amount::from_db(&row.amount)?;
        println!("     {} {} in {} records", row.account, cos(amount), row.records);
    }
    println!("\nDemo finished. The database stays at {db}.");
    Ok(())
}
