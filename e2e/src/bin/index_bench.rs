//! Indexer benchmark: ingest of a pre-built stream of 100,000 contract events
//! (transfers and contribution records) into SQLite and PostgreSQL, derived
//! tables included; decoding alone; and catch-up from drink's in-process chain.
//!
//! Run with `cargo xtask bench` (`--write FILE` appends the section to FILE).
//! PostgreSQL: 127.0.0.1:5432, database `test`, a fresh schema per run.

use anyhow::{Context, Result};
use cos_e2e::scenario::Scenario;
use cos_indexer::{decode, Block, ChainEvent, EventKind, Indexer, MemorySource, Options, Quiet, Registry, Store};
use cos_sandbox::ink_dir;
use donation_quota::events::ContributionRecorded;
use ink::{env::Event, primitives::AccountId};
use parity_scale_codec::Encode;
use psp22::Transfer;
use std::{fmt::Write as _, time::Instant};

const BLOCKS: u64 = 1_000; // 100,000 events
const TRANSFERS_PER_BLOCK: u32 = 80;
const RECORDS_PER_BLOCK: u32 = 20;

fn emitted<E: Event + Encode>(contract: AccountId, index: u32, event: &E, topics: Vec<[u8; 32]>) -> ChainEvent {
    let mut all = vec![E::SIGNATURE_TOPIC.expect("ink! 5 events have a signature topic")];
    all.extend(topics);
    ChainEvent {
        index,
        extrinsic: Some(index),
        kind: EventKind::Emitted {
            contract: *AsRef::<[u8; 32]>::as_ref(&contract),
            topics: all,
            data: event.encode(),
        },
    }
}

/// The story's chain, then `BLOCKS` blocks of 80 transfers and 20 records each.
fn stream(scenario: &mut Scenario) -> Result<(Vec<Block>, usize)> {
    let mut blocks = scenario.chain.blocks().to_vec();
    let story = blocks.len();
    let members: Vec<AccountId> = (10..20).map(|n| scenario.chain.account(n)).collect();
    let (sponsor, manager) = (scenario.chain.account(5), scenario.chain.account(9));
    let mut record = scenario.chain.query(scenario.quota_calls().record_count())?;
    let last = blocks.last().context("the story has blocks")?.clone();
    let (mut number, mut hash, mut time) = (last.number, last.hash, last.timestamp_ms);
    for b in 0..BLOCKS {
        let mut events = Vec::new();
        let mut index = 0;
        for i in 0..TRANSFERS_PER_BLOCK {
            // An offset of 1..=9 members: never a transfer to oneself.
            let (from, to) = (
                members[(i as usize) % 10],
                members[(i as usize + 1 + (b % 9) as usize) % 10],
            );
            let event = Transfer {
                from: Some(from),
                to: Some(to),
                value: 1,
            };
            events.push(emitted(scenario.token, index, &event, vec![]));
            index += 1;
        }
        for i in 0..RECORDS_PER_BLOCK {
            let event = ContributionRecorded {
                record,
                community: 0,
                contributor: members[(i as usize) % 10],
                amount: 1,
                category: (i % 4) as u16,
                activity: b,
                content_hash: [9; 32],
                manager,
                sponsor,
                block: u32::try_from(number + 1)?,
                timestamp: time + 6_000,
            };
            record += 1;
            events.push(emitted(scenario.quota, index, &event, vec![]));
            index += 1;
        }
        number += 1;
        time += 6_000;
        let parent = hash;
        hash = [(number % 251) as u8; 32];
        blocks.push(Block {
            number,
            hash,
            parent_hash: parent,
            timestamp_ms: time,
            events,
        });
    }
    Ok((blocks, story))
}

async fn ingest(url: &str, blocks: &[Block], story: usize) -> Result<(f64, f64, usize)> {
    let registry = Registry::from_ink_dir(&ink_dir())?;
    let store = Store::open(url).await?;
    let mut indexer = Indexer::new(store, registry, Options::default()).await?;
    // The story first (deployments), then the timed stream.
    let mut head = MemorySource::new("story", blocks[..story].to_vec())?;
    indexer.run(&mut head, &mut Quiet).await?;
    let rest = &blocks[story..];
    let events: usize = rest.iter().map(Block::contract_events).sum();
    let mut source = MemorySource::new("stream", rest.to_vec())?;
    let started = Instant::now();
    let summary = indexer.run(&mut source, &mut Quiet).await?;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(summary.undecoded == 0, "{} events did not decode", summary.undecoded);
    Ok((events as f64 / secs, rest.len() as f64 / secs, events))
}

#[tokio::main]
async fn main() -> Result<()> {
    let write_to = std::env::args().skip_while(|a| a != "--write").nth(1);
    // `--sqlite-only`: only the SQLite ingest, for profiling (`perf record`).
    let sqlite_only = std::env::args().any(|a| a == "--sqlite-only");
    let mut scenario = Scenario::play()?;
    let (blocks, story) = stream(&mut scenario)?;
    let events: usize = blocks[story..].iter().map(Block::contract_events).sum();

    // Decoding alone: JSON from the metadata, and the typed events.
    let registry = Registry::from_ink_dir(&ink_dir())?;
    let token_hash = registry
        .bundles()
        .find(|b| b.name == "credit_core")
        .context("credit_core bundle")?
        .code_hash;
    let transcoder = registry
        .transcoder(cos_indexer::Kind::Credit, &token_hash)
        .context("metadata")?;
    let quota_hash = registry
        .bundles()
        .find(|b| b.name == "donation_quota")
        .context("quota")?
        .code_hash;
    let quota_transcoder = registry
        .transcoder(cos_indexer::Kind::DonationQuota, &quota_hash)
        .context("metadata")?;
    let started = Instant::now();
    let mut decoded = 0usize;
    for block in &blocks[story..] {
        for event in &block.events {
            if let EventKind::Emitted { contract, topics, data } = &event.kind {
                let t = if *contract == *AsRef::<[u8; 32]>::as_ref(&scenario.token) {
                    transcoder
                } else {
                    quota_transcoder
                };
                decoded += usize::from(decode::to_json(t, topics, data).is_ok());
                let typed = decode::typed::<Transfer>(topics, data).is_some()
                    || decode::typed::<ContributionRecorded>(topics, data).is_some();
                decoded += usize::from(typed);
            }
        }
    }
    let decode_rate = events as f64 / started.elapsed().as_secs_f64();
    anyhow::ensure!(decoded == 2 * events, "every event decodes twice");

    let sqlite_dir = std::env::temp_dir().join(format!("cos-index-bench-{}", std::process::id()));
    std::fs::create_dir_all(&sqlite_dir)?;
    let sqlite = format!("sqlite:{}", sqlite_dir.join("bench.db").display());
    let (sqlite_events, sqlite_blocks, _) = ingest(&sqlite, &blocks, story).await?;
    if sqlite_only {
        println!("SQLite: {sqlite_events:.0} events/s, {sqlite_blocks:.0} blocks/s");
        std::fs::remove_dir_all(&sqlite_dir).ok();
        return Ok(());
    }
    let postgres = format!(
        "postgres://postgres@127.0.0.1:5432/test?schema=bench_{}",
        std::process::id()
    );
    let pg = ingest(&postgres, &blocks, story).await;

    // Catch-up from drink's in-process chain: the story and 500 blocks of traffic.
    scenario.busy(500)?;
    let chain_blocks = scenario.chain.blocks().len();
    let chain_events: usize = scenario.chain.blocks().iter().map(Block::contract_events).sum();
    let store = Store::open(&format!("sqlite:{}", sqlite_dir.join("drink.db").display())).await?;
    let mut indexer = Indexer::new(store, Registry::from_ink_dir(&ink_dir())?, Options::default()).await?;
    let started = Instant::now();
    indexer.run(&mut scenario.chain.source(), &mut Quiet).await?;
    let catch_up = chain_blocks as f64 / started.elapsed().as_secs_f64();
    std::fs::remove_dir_all(&sqlite_dir).ok();

    let mut out = String::new();
    writeln!(out, "| ingest of {events} events ({BLOCKS} blocks of {TRANSFERS_PER_BLOCK} transfers + {RECORDS_PER_BLOCK} records) | events/s | blocks/s |")?;
    writeln!(out, "|---|---:|---:|")?;
    writeln!(
        out,
        "| decoding only (JSON from metadata + typed) | {decode_rate:.0} | |"
    )?;
    writeln!(
        out,
        "| SQLite (file, WAL), derived tables included | {sqlite_events:.0} | {sqlite_blocks:.0} |"
    )?;
    match &pg {
        Ok((e, b, _)) => writeln!(
            out,
            "| PostgreSQL 15 (127.0.0.1), derived tables included | {e:.0} | {b:.0} |"
        )?,
        Err(e) => writeln!(out, "| PostgreSQL: not measured ({e:#}) | | |")?,
    }
    writeln!(out)?;
    writeln!(
        out,
        "Catch-up from drink's in-process chain into SQLite: {chain_blocks} blocks ({chain_events} events) at {catch_up:.0} blocks/s."
    )?;
    print!("{out}");
    if let Some(path) = write_to {
        cos_e2e::report::write_blocks(&path, &[("indexer", out)])?;
    }
    Ok(())
}
