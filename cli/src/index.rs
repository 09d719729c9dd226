//! `cos index`: runs the indexer against a node or a recorded block file, with
//! a progress bar while catching up and logs while following.

use anyhow::{bail, Context, Result};
use clap::Args;
use cos_indexer::{source::node::NodeSource, FileSource, Indexer, Options, Progress, Registry, Source, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::{
    path::PathBuf,
    time::{Duration, Instant},
};

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// The node to follow, a WebSocket URL (ws://127.0.0.1:9944); default:
    /// the --manifest's. The indexer reads finalised blocks only.
    #[arg(long, conflicts_with = "file", required_unless_present_any = ["file", "manifest"])]
    pub url: Option<String>,
    /// Read a recorded block file (JSON lines) instead of a node.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// A deployment manifest (`cos deploy` writes it): the node to follow
    /// (unless --url) and the block to start at (unless --from): the
    /// deployment's first block, so the chain's history before it is skipped.
    /// Every COS contract is still found by its code hash, deployed by
    /// `cos deploy` or not.
    #[arg(long, conflicts_with = "file")]
    pub manifest: Option<PathBuf>,
    /// Where to store: a SQLite file (`sqlite:cos.db`, created on first run) or
    /// PostgreSQL (`postgres://user@host:5432/db`, optionally `?schema=NAME`).
    #[arg(long, default_value = "sqlite:cos.db", env = "COS_DATABASE_URL")]
    pub db: String,
    /// Contract bundles (`.contract`) whose code hashes identify COS
    /// instances; default: every COS bundle in --ink-dir (credit,
    /// credit_core, donation_quota, subtoken, crowdfund, bounty, governance).
    #[arg(long = "bundle")]
    pub bundles: Vec<PathBuf>,
    /// Directory holding the built bundles (`target/ink`).
    #[arg(long, default_value = "target/ink")]
    pub ink_dir: PathBuf,
    /// First block to read when the database is empty (default: genesis, or
    /// the file's first block). Ignored once a cursor is stored.
    #[arg(long)]
    pub from: Option<u64>,
    /// Stop after this block instead of following the chain.
    #[arg(long)]
    pub to: Option<u64>,
    /// Blocks per transaction while catching up.
    #[arg(long, default_value_t = 500)]
    pub batch: u64,
    /// Attempts at a failing node call (1 s backoff doubling to 30 s) before giving up.
    #[arg(long, default_value_t = 8)]
    pub retries: u32,
}

/// A progress bar over blocks while catching up; a log line per block at the head.
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    events: u64,
    following: bool,
}

impl Bar {
    pub fn new() -> Self {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} blocks, {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        Self {
            bar,
            started: Instant::now(),
            events: 0,
            following: false,
        }
    }

    pub fn finish(&self) {
        self.bar.finish();
    }
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for Bar {
    fn committed(&mut self, block: u64, head: u64, events: usize) {
        self.events += events as u64;
        if self.following {
            tracing::info!("block {block}: {events} COS events");
            return;
        }
        self.bar.set_length(head);
        self.bar.set_position(block);
        let rate = self.events as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} behind, {} events ({rate:.0}/s)",
            head.saturating_sub(block),
            self.events
        ));
    }

    fn following(&mut self, head: u64) {
        self.following = true;
        self.bar
            .finish_with_message(format!("caught up at block {head}; following"));
    }
}

pub fn registry(args: &IndexArgs) -> Result<Registry> {
    if args.bundles.is_empty() {
        Registry::from_ink_dir(&args.ink_dir)
    } else {
        Registry::load(&args.bundles)
    }
}

pub async fn run(mut args: IndexArgs) -> Result<()> {
    if let Some(path) = &args.manifest {
        let manifest = cos_client::Manifest::require(path)?;
        args.url.get_or_insert(manifest.url.clone());
        args.from.get_or_insert(manifest.first_block);
    }
    // The bundles and the source first: a wrong path or URL fails before any
    // database file is created.
    let registry = registry(&args)?;
    match (&args.url, &args.file) {
        (Some(url), None) => {
            let mut source = NodeSource::connect(url).await?;
            index(&args, registry, &mut source).await
        }
        (None, Some(file)) => {
            let mut source = FileSource::open(file)?;
            index(&args, registry, &mut source).await
        }
        _ => bail!("give either --url (a node) or --file (a block file)"),
    }
}

async fn index<S: Source>(args: &IndexArgs, registry: Registry, source: &mut S) -> Result<()> {
    let store = Store::open(&args.db).await?;
    if let Some(cursor) = store.cursor().await? {
        tracing::info!("{}: resuming after block {}", store.url(), cursor.number);
    }
    let options = Options {
        batch_blocks: args.batch.max(1),
        start: args.from,
        stop: args.to,
        retries: args.retries,
    };
    let mut indexer = Indexer::new(store, registry, options).await?;
    let mut bar = Bar::new();
    // Ctrl-C stops between transactions' effects: a batch in flight is rolled
    // back and read again on the next start.
    let summary = tokio::select! {
        summary = follow(&mut indexer, source, &mut bar) => summary?,
        _ = tokio::signal::ctrl_c() => {
            bar.finish();
            let at = indexer.store().cursor().await?.map_or("nothing".to_string(), |c| format!("block {}", c.number));
            println!("interrupted: {at} written to {}; run again to resume", indexer.store().url());
            return Ok(());
        }
    };
    bar.finish();
    println!(
        "indexed {} blocks, {} COS events ({} undecoded) into {}; last block {}",
        summary.blocks,
        summary.events,
        summary.undecoded,
        indexer.store().url(),
        summary.last_block.map_or("none".to_string(), |b| b.to_string())
    );
    Ok(())
}

async fn follow<S: Source>(indexer: &mut Indexer, source: &mut S, bar: &mut Bar) -> Result<cos_indexer::Summary> {
    tracing::info!("reading {}", source.describe());
    indexer
        .run(source, bar)
        .await
        .with_context(|| format!("indexing {}", source.describe()))
}
