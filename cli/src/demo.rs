//! The COS demo: a community's first days with COS Credit, on drink's in-process
//! chain (the real `pallet-contracts` running the release Wasm).

use crate::narrate::{ok, say};
use anyhow::{ensure, Context, Result};
use cos_sandbox::{
    suite::{self, cos, CreditCalls},
    Chain,
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

/// Plays the story on `chain`.
pub fn play(chain: &mut Chain) -> Result<()> {
    let p = People {
        operator: chain.account(1),
        treasury: chain.account(2),
        bob: chain.account(3),
        carol: chain.account(4),
        dave: chain.account(5),
        erin: chain.account(6),
    };

    say("The operator deploys COS Credit (30 % of the 102.4e9 COS cap issued to it)");
    let address = suite::deploy_credit(chain, p.operator, None).context("deploying credit")?;
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
    balances(chain, &token, &p)?;

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
    balances(chain, &token, &p)?;

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
    balances(chain, &token, &p)?;

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
    balances(chain, &token, &p)?;
    println!("   total supply {}", cos(chain.query(token.total_supply())?));

    let community = crate::demo_quota::run(chain, address, p.operator)?;
    let coupons = crate::demo_subtoken::run(chain, address, p.operator, &community)?;
    crate::demo_funding::run(chain, address, p.operator, &community)?;
    crate::demo_governance::run(chain, address, &community, coupons)?;
    chain.next_block();
    println!("\nEvery step above ran on pallet-contracts with the release Wasm.");
    Ok(())
}

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Where the demo's chain is indexed (replaced at each run).
    #[arg(long, default_value = "sqlite:target/cos-demo.db")]
    db: String,
    /// Where the explorer and GraphQL are served.
    #[arg(long, env = "COS_LISTEN", default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,
    /// Pause after each block, in milliseconds, so the story can be watched
    /// arriving in the explorer.
    #[arg(long, default_value_t = 150)]
    pace_ms: u64,
    /// Exit once the story is indexed instead of serving it.
    #[arg(long)]
    no_serve: bool,
}

/// The demo: the server starts first (on the database the indexer writes),
/// the story plays on this thread, each sealed block goes to the indexer on
/// the runtime as it is sealed; then the server goes on until Ctrl-C.
pub fn run(args: DemoArgs, runtime: &tokio::runtime::Runtime) -> Result<()> {
    use cos_indexer::{ChannelSource, Indexer, Options, Registry, Store};
    use std::{
        sync::{
            atomic::{AtomicBool, AtomicU64, Ordering},
            Arc,
        },
        time::Duration,
    };

    if let Some(path) = args.db.strip_prefix("sqlite:") {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    let registry = Registry::from_ink_dir(&cos_sandbox::ink_dir())?;
    let store = runtime.block_on(Store::open(&args.db))?;
    let mut indexer = runtime.block_on(Indexer::new(store, registry, Options::default()))?;
    let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
    let server = if args.no_serve {
        None
    } else {
        let mut config = cos_graphql::Config::new(args.db.clone(), args.listen);
        config.connections = 4;
        let app = runtime.block_on(cos_graphql::App::open(&config))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(args.listen))
            .with_context(|| {
                format!(
                    "listening on {} (is another demo running? --listen picks another address)",
                    args.listen
                )
            })?;
        say("The explorer and GraphQL are up; the story appears in them block by block");
        crate::serve::print_urls(args.listen);
        Some(runtime.spawn(async move {
            cos_graphql::server::serve_on(listener, app, &config.cors, async {
                let _ = shutdown_rx.await;
            })
            .await
        }))
    };

    // Ctrl-C: while the story plays, stop at once (the indexer writes each
    // block in one transaction: the database holds whole blocks only); while
    // serving, finish the requests in flight.
    let serving = Arc::new(AtomicBool::new(false));
    let indexed = Arc::new(AtomicU64::new(0));
    {
        let serving = serving.clone();
        let indexed = indexed.clone();
        let db = args.db.clone();
        runtime.spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() && !serving.load(Ordering::SeqCst) {
                eprintln!(
                    "\nstopped by Ctrl-C; {db} holds the story up to block {}",
                    indexed.load(Ordering::SeqCst)
                );
                std::process::exit(130);
            }
        });
    }

    let (mut source, sender) = ChannelSource::new("drink's in-process chain (the demo)");
    let progress = Arc::clone(&indexed);
    // Its own thread: the indexer's future holds its progress reporter, which need not be Send.
    let handle = runtime.handle().clone();
    let indexing = std::thread::spawn(move || {
        handle.block_on(async move {
            let mut counter = Counter(progress);
            let summary = indexer.run(&mut source, &mut counter).await;
            summary.map(|s| (s, indexer))
        })
    });
    let mut chain = Chain::new();
    let pace = Duration::from_millis(args.pace_ms);
    chain.on_seal(Some(Box::new(move |block| {
        // The indexer stopping (an error) is reported when it is joined.
        let _ = sender.send(block.clone());
        std::thread::sleep(pace);
    })));
    play(&mut chain)?;
    chain.on_seal(None);
    let (summary, indexer) = indexing
        .join()
        .map_err(|_| anyhow::anyhow!("the indexer thread panicked"))?
        .context("indexing the demo's chain")?;
    runtime.block_on(report(&indexer, &summary, &args.db))?;

    let Some(server) = server else { return Ok(()) };
    serving.store(true, Ordering::SeqCst);
    say("The whole story is in the explorer; Ctrl-C stops the server");
    crate::serve::print_urls(args.listen);
    runtime.block_on(async {
        let _ = tokio::signal::ctrl_c().await;
    });
    eprintln!("stopping: finishing the requests in flight");
    let _ = shutdown_tx.send(());
    runtime.block_on(server).context("the server task")??;
    println!("Demo stopped. The database stays at {}.", args.db);
    Ok(())
}

/// The last block the indexer committed, for the Ctrl-C message.
struct Counter(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl cos_indexer::Progress for Counter {
    fn committed(&mut self, block: u64, _head: u64, _events: usize) {
        self.0.store(block, std::sync::atomic::Ordering::SeqCst);
    }

    fn following(&mut self, _head: u64) {}
}

/// Prints what the indexer found.
async fn report(indexer: &cos_indexer::Indexer, summary: &cos_indexer::Summary, db: &str) -> Result<()> {
    use cos_indexer::entities;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

    say("What the indexer stored, block by block as the story played");
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
    for st in entities::subtokens::Entity::find().all(conn).await? {
        let actions = entities::subtoken_actions::Entity::find()
            .filter(entities::subtoken_actions::Column::Token.eq(st.token.clone()))
            .count(conn)
            .await?;
        println!(
            "   sub-token {} ({}): {} outstanding, collateral {}, reserve {}, {actions} issues, redemptions and trades",
            st.symbol,
            st.token,
            cos_indexer::amount::from_db(&st.supply)?,
            cos(cos_indexer::amount::from_db(&st.collateral)?),
            cos(cos_indexer::amount::from_db(&st.reserve)?)
        );
    }
    for c in entities::campaigns::Entity::find()
        .order_by_asc(entities::campaigns::Column::Id)
        .all(conn)
        .await?
    {
        println!(
            "   campaign {} ({}): raised {} of {} from {} pledgers, claimed {}, refunded {}",
            c.id,
            c.kind,
            cos(cos_indexer::amount::from_db(&c.raised)?),
            cos(cos_indexer::amount::from_db(&c.goal)?),
            c.pledgers,
            cos(cos_indexer::amount::from_db(&c.claimed)?),
            cos(cos_indexer::amount::from_db(&c.refunded)?)
        );
    }
    for b in entities::bounties::Entity::find()
        .order_by_asc(entities::bounties::Column::Id)
        .all(conn)
        .await?
    {
        println!(
            "   bounty {}: {} reward, {} submissions, {} ({} paid to helpers)",
            b.id,
            cos(cos_indexer::amount::from_db(&b.reward)?),
            b.submissions,
            b.status,
            cos(cos_indexer::amount::from_db(&b.paid)?)
        );
    }
    for p in entities::proposals::Entity::find()
        .order_by_asc(entities::proposals::Column::Id)
        .all(conn)
        .await?
    {
        println!(
            "   proposal {}: {} for, {} against, {} abstain of {} eligible, follow-up {}{}",
            p.id,
            cos_indexer::amount::from_db(&p.for_votes)?,
            cos_indexer::amount::from_db(&p.against)?,
            cos_indexer::amount::from_db(&p.abstain)?,
            cos_indexer::amount::from_db(&p.eligible)?,
            p.follow_up,
            p.executed_block
                .map_or(String::new(), |b| format!(", executed in block {b}"))
        );
    }
    for o in entities::poll_options::Entity::find()
        .order_by_asc(entities::poll_options::Column::Option)
        .all(conn)
        .await?
    {
        println!("   poll {} option {}: {} answer(s)", o.poll, o.option, o.answers);
    }
    println!("   the database is {db}");
    Ok(())
}
