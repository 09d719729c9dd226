//! source -> decode -> store: the indexer's loop.

use crate::{
    bundles::{Kind, Registry},
    decode,
    entities::{blocks, chain, contracts, cursor, events},
    model::{Block, Bytes32, EventKind},
    modules,
    source::Source,
    state::{Batch, State},
    store::Store,
};
use anyhow::{anyhow, Context, Result};
use ink::primitives::AccountId;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, TransactionTrait};
use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

/// How the indexer reads.
#[derive(Clone, Debug)]
pub struct Options {
    /// Blocks per transaction while catching up (block by block at the head).
    pub batch_blocks: u64,
    /// Where to start when the database is empty (default: the source's first block).
    pub start: Option<u64>,
    /// Stop after this block (default: follow the chain for ever, or until the source ends).
    pub stop: Option<u64>,
    /// Attempts at a failing source call before giving up (with exponential backoff).
    pub retries: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            batch_blocks: 500,
            start: None,
            stop: None,
            retries: 8,
        }
    }
}

/// What the indexer reports as it goes (a progress bar, logs, a test).
pub trait Progress {
    /// A batch was committed: `block` is the last block written, `head` the
    /// finalised head, `events` the contract events in the batch.
    fn committed(&mut self, block: u64, head: u64, events: usize);
    /// The indexer reached the head and now follows it.
    fn following(&mut self, _head: u64) {}
}

/// No reports.
pub struct Quiet;

impl Progress for Quiet {
    fn committed(&mut self, _: u64, _: u64, _: usize) {}
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub blocks: u64,
    pub events: u64,
    /// Events stored raw only (they did not decode).
    pub undecoded: u64,
    pub last_block: Option<u64>,
}

/// Blocks the indexer will not write: they are not of the chain the database
/// holds, or not the next ones. Never retried: the database or the source is
/// the wrong one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error(
        "the database holds the chain with genesis {stored}, but the source's genesis is {found}: \
         index this chain into another database (or another `?schema=`)"
    )]
    OtherChain { stored: String, found: String },
    #[error(
        "the database's last block {number} is {stored}, but the source's block {number} is {found}: \
         the database was made from another chain (or a fork); index this chain into another database"
    )]
    OtherBlock { number: u64, stored: String, found: String },
    #[error("block {found} does not follow block {last}, the last one written: blocks must come one by one")]
    Gap { last: u64, found: u64 },
    #[error(
        "block {number}'s parent is {parent}, but block {} written before it is {expected}: \
         the source is not the chain the database holds (or it forked)",
        number - 1
    )]
    Parent {
        number: u64,
        parent: String,
        expected: String,
    },
}

/// A COS contract the indexer knows.
#[derive(Clone, Debug)]
struct Known {
    kind: Kind,
    code_hash: Bytes32,
}

/// The indexer: a store, the bundles, and what it has cached.
pub struct Indexer {
    store: Store,
    registry: Registry,
    options: Options,
    known: HashMap<Bytes32, Known>,
    state: State,
    contracts: HashMap<String, contracts::Model>,
    /// The last block written: its number and hash (what the next block's
    /// parent must be).
    last: Option<(u64, Bytes32)>,
    /// The genesis hash to write with the next batch (a database that had none).
    genesis: Option<Bytes32>,
}

impl Indexer {
    /// An indexer writing to `store`, recognising contracts by `registry`.
    pub async fn new(store: Store, registry: Registry, options: Options) -> Result<Self> {
        let mut indexer = Self {
            store,
            registry,
            options,
            known: HashMap::new(),
            state: State::default(),
            contracts: HashMap::new(),
            last: None,
            genesis: None,
        };
        indexer.load_contracts().await?;
        Ok(indexer)
    }

    /// Checks that `source` is the chain the database holds (its genesis hash,
    /// or, for a database that predates the check, its last block), and notes
    /// the last block written.
    async fn check_chain<S: Source>(&mut self, source: &mut S, cursor: Option<&crate::store::Cursor>) -> Result<()> {
        self.last = cursor.map(|c| bytes32(&c.hash).map(|h| (c.number, h))).transpose()?;
        let Some(genesis) = self.retry(source, |s| Box::pin(s.genesis())).await? else {
            return Ok(());
        };
        let stored = chain::Entity::find_by_id(1)
            .one(self.store.connection())
            .await
            .context("reading which chain the database holds")?;
        match (stored, cursor) {
            (Some(row), _) => {
                if row.genesis != hex::encode(genesis) {
                    return Err(Refused::OtherChain {
                        stored: row.genesis,
                        found: hex::encode(genesis),
                    }
                    .into());
                }
            }
            (None, Some(c)) => {
                let number = c.number;
                let blocks = self.retry(source, |s| Box::pin(s.blocks(number, number))).await?;
                if let Some(block) = blocks.first().filter(|b| hex::encode(b.hash) != c.hash) {
                    return Err(Refused::OtherBlock {
                        number,
                        stored: c.hash.clone(),
                        found: hex::encode(block.hash),
                    }
                    .into());
                }
                self.genesis = Some(genesis);
            }
            (None, None) => self.genesis = Some(genesis),
        }
        Ok(())
    }

    /// After the database was lost mid-batch: waits for it (backoff 1 s
    /// doubling to 30 s, [`Options::retries`] attempts), forgets what was
    /// cached, and returns the block after the last one written (the lost
    /// commit may have landed or not: the cursor says).
    async fn reconnect(&mut self, error: anyhow::Error, start: u64) -> Result<u64> {
        let mut delay = Duration::from_secs(1);
        for attempt in 1..=self.options.retries {
            tracing::warn!(
                "the database {} was lost ({error:#}); attempt {attempt} of {} to reconnect in {delay:?}",
                self.store.url(),
                self.options.retries
            );
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(30));
            self.state.clear();
            let cursor = match self.store.cursor().await {
                Ok(cursor) => cursor,
                Err(e) if crate::store::connection_lost(&e) => continue,
                Err(e) => return Err(e),
            };
            if let Err(e) = self.load_contracts().await {
                if crate::store::connection_lost(&e) {
                    continue;
                }
                return Err(e);
            }
            tracing::info!(
                "the database {} is back; resuming after block {}",
                self.store.url(),
                cursor.as_ref().map_or("none".to_string(), |c| c.number.to_string())
            );
            self.last = cursor
                .as_ref()
                .map(|c| bytes32(&c.hash).map(|h| (c.number, h)))
                .transpose()?;
            if cursor.is_some() {
                self.genesis = None;
            }
            return Ok(cursor.map_or(start, |c| c.number.saturating_add(1)));
        }
        Err(error.context(format!(
            "the database {} did not come back after {} attempts",
            self.store.url(),
            self.options.retries
        )))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    async fn load_contracts(&mut self) -> Result<()> {
        self.known.clear();
        self.contracts.clear();
        let rows = contracts::Entity::find()
            .all(self.store.connection())
            .await
            .context("reading the known contracts")?;
        for row in rows {
            let (address, code_hash) = (bytes32(&row.address)?, bytes32(&row.code_hash)?);
            if let Some(bundle) = self.registry.bundle(&code_hash) {
                self.known.insert(
                    address,
                    Known {
                        kind: bundle.kind,
                        code_hash,
                    },
                );
            }
            self.contracts.insert(row.address.clone(), row);
        }
        Ok(())
    }

    /// Reads `source` from the stored cursor (or the start) to its finalised
    /// head, then follows it until it ends or [`Options::stop`] is reached.
    pub async fn run<S: Source>(&mut self, source: &mut S, progress: &mut dyn Progress) -> Result<Summary> {
        let mut summary = Summary::default();
        let cursor = self.store.cursor().await?;
        self.check_chain(source, cursor.as_ref()).await?;
        let start = self.options.start.unwrap_or_else(|| source.first_block());
        let mut next = match &cursor {
            Some(c) => c.number.checked_add(1).ok_or_else(|| anyhow!("cursor at u64::MAX"))?,
            None => start,
        };
        let mut head = self.retry(source, |s| Box::pin(s.finalized_head())).await?;
        let mut following = false;
        // Batches in a row lost with the database.
        let mut lost = 0;
        loop {
            let limit = self.options.stop.map_or(head, |stop| head.min(stop));
            while next <= limit {
                let span = if following { 1 } else { self.options.batch_blocks.max(1) };
                let to = next.saturating_add(span - 1).min(limit);
                let blocks = self
                    .retry(source, |s| Box::pin(s.blocks(next, to)))
                    .await
                    .with_context(|| format!("reading blocks {next}..={to}"))?;
                let events: usize = blocks.iter().map(Block::contract_events).sum();
                let mut written = Summary::default();
                if let Err(e) = self.write(&blocks, head, &mut written).await {
                    // Nothing of the batch was committed (unless the commit itself was lost);
                    // what is cached may be ahead of the database.
                    self.state.clear();
                    if crate::store::connection_lost(&e) && lost < self.options.retries {
                        lost += 1;
                        let e = e.context(format!("writing blocks {next}..={to}"));
                        next = self.reconnect(e, start).await?;
                        continue;
                    }
                    self.load_contracts().await.ok();
                    return Err(e.context(format!("writing blocks {next}..={to}")));
                }
                lost = 0;
                summary.blocks += written.blocks;
                summary.events += written.events;
                summary.undecoded += written.undecoded;
                summary.last_block = Some(to);
                progress.committed(to, head, events);
                next = to.saturating_add(1);
            }
            if self.options.stop.is_some_and(|stop| next > stop) {
                break;
            }
            if !following {
                following = true;
                progress.following(head);
            }
            match self.retry(source, |s| Box::pin(s.wait_for_head(head))).await? {
                Some(new_head) => head = new_head,
                None => break,
            }
        }
        Ok(summary)
    }

    /// Runs a source call, retrying a failure with exponential backoff (1 s
    /// doubling to 30 s), each failure logged.
    async fn retry<'s, S: Source, T>(
        &self,
        source: &'s mut S,
        mut call: impl for<'a> FnMut(&'a mut S) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<T>> + 'a>>,
    ) -> Result<T> {
        let mut delay = Duration::from_secs(1);
        let mut attempt = 0;
        loop {
            match call(source).await {
                Ok(value) => return Ok(value),
                Err(e) if attempt < self.options.retries => {
                    attempt += 1;
                    tracing::warn!(
                        "{} failed (attempt {attempt} of {}): {e:#}; retrying in {delay:?}",
                        source.describe(),
                        self.options.retries
                    );
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(30));
                }
                Err(e) => return Err(e.context(format!("{} failed {} times", source.describe(), attempt + 1))),
            }
        }
    }

    /// Writes `blocks` and the cursor in one transaction.
    async fn write(&mut self, blocks: &[Block], head: u64, summary: &mut Summary) -> Result<()> {
        let Some(last) = blocks.last() else {
            return Ok(());
        };
        let txn = self
            .store
            .connection()
            .begin()
            .await
            .context("starting a transaction")?;
        let mut batch = Batch::default();
        let mut dirty_contracts = Vec::new();
        let mut previous = self.last;
        for block in blocks {
            if let Some((last, hash)) = previous {
                if block.number != last.saturating_add(1) {
                    return Err(Refused::Gap {
                        last,
                        found: block.number,
                    }
                    .into());
                }
                if block.parent_hash != hash {
                    return Err(Refused::Parent {
                        number: block.number,
                        parent: hex::encode(block.parent_hash),
                        expected: hex::encode(hash),
                    }
                    .into());
                }
            }
            previous = Some((block.number, block.hash));
            let number = i64::try_from(block.number)?;
            let timestamp = i64::try_from(block.timestamp_ms)?;
            let mut stored_events = 0;
            // A constructor's events come before its `Instantiated`: instances
            // are registered first, then every event is read in order.
            let instantiations = block
                .events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Instantiated { .. }));
            let others = block
                .events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Instantiated { .. }));
            for event in instantiations.chain(others) {
                let place = Place {
                    block: number,
                    idx: i32::try_from(event.index)?,
                    extrinsic: event.extrinsic.map(i32::try_from).transpose()?,
                    timestamp,
                };
                match &event.kind {
                    EventKind::Instantiated {
                        deployer,
                        contract,
                        code_hash,
                    } => {
                        if let Some(bundle) = self.registry.bundle(code_hash) {
                            let address = hex::encode(contract);
                            tracing::info!(
                                "found {} {address} ({}) at block {number}",
                                bundle.kind.as_str(),
                                bundle.name
                            );
                            self.known.insert(
                                *contract,
                                Known {
                                    kind: bundle.kind,
                                    code_hash: *code_hash,
                                },
                            );
                            self.contracts.insert(
                                address.clone(),
                                contracts::Model {
                                    address: address.clone(),
                                    kind: bundle.kind.as_str().to_string(),
                                    bundle: bundle.name.clone(),
                                    code_hash: hex::encode(code_hash),
                                    deployer: hex::encode(deployer),
                                    block: number,
                                    extrinsic: place.extrinsic,
                                    terminated: false,
                                    owner: None,
                                    paused: false,
                                    pause_clock: 0,
                                    paused_since: None,
                                },
                            );
                            dirty_contracts.push(address);
                        }
                    }
                    EventKind::CodeUpdated {
                        contract,
                        new_code_hash,
                    } => {
                        let address = hex::encode(contract);
                        if let Some(row) = self.contracts.get_mut(&address) {
                            row.code_hash = hex::encode(new_code_hash);
                            if let Some(bundle) = self.registry.bundle(new_code_hash) {
                                row.bundle = bundle.name.clone();
                            }
                            if let Some(known) = self.known.get_mut(contract) {
                                known.code_hash = *new_code_hash;
                            }
                            dirty_contracts.push(address);
                        }
                    }
                    EventKind::Terminated { contract } => {
                        let address = hex::encode(contract);
                        if let Some(row) = self.contracts.get_mut(&address) {
                            row.terminated = true;
                            dirty_contracts.push(address);
                        }
                    }
                    EventKind::Emitted { contract, topics, data } => {
                        let Some(known) = self.known.get(contract).cloned() else {
                            continue;
                        };
                        stored_events += 1;
                        summary.events += 1;
                        let address = hex::encode(contract);
                        let raw = self
                            .registry
                            .transcoder(known.kind, &known.code_hash)
                            .ok_or_else(|| "no metadata for this contract".to_string())
                            .and_then(|t| decode::to_json(t, topics, data));
                        let mut ctx = Ctx {
                            registry: &self.registry,
                            txn: &txn,
                            state: &mut self.state,
                            batch: &mut batch,
                            contracts: &mut self.contracts,
                            dirty_contracts: &mut dirty_contracts,
                            place,
                            contract: address.clone(),
                        };
                        let typed = modules::apply(&mut ctx, known.kind, topics, data).await?;
                        let error = match (&raw, typed) {
                            (Err(e), _) => Some(e.clone()),
                            (Ok(_), Err(e)) => Some(e),
                            (Ok(_), Ok(())) => None,
                        };
                        if let Some(reason) = &error {
                            summary.undecoded += 1;
                            tracing::warn!(
                                "block {number} event {}: an event of {address} did not decode: {reason}",
                                place.idx
                            );
                        }
                        let (name, fields) = match raw {
                            Ok((name, json)) => (Some(name), Some(json.to_string())),
                            Err(_) => (None, None),
                        };
                        batch.events.push(events::Model {
                            block: number,
                            idx: place.idx,
                            extrinsic: place.extrinsic,
                            timestamp,
                            contract: address,
                            kind: known.kind.as_str().to_string(),
                            name,
                            fields,
                            topics: topics.iter().map(hex::encode).collect::<Vec<_>>().join(","),
                            data: hex::encode(data),
                            error,
                        });
                    }
                }
            }
            batch.blocks.push(blocks::Model {
                number,
                hash: hex::encode(block.hash),
                parent_hash: hex::encode(block.parent_hash),
                timestamp,
                events: stored_events,
            });
            summary.blocks += 1;
        }
        dirty_contracts.sort();
        dirty_contracts.dedup();
        for address in &dirty_contracts {
            if let Some(row) = self.contracts.get(address) {
                let model = row.clone().into_active_model().reset_all();
                contracts::Entity::insert(model)
                    .on_conflict(
                        sea_orm::sea_query::OnConflict::column(contracts::Column::Address)
                            .update_columns([
                                contracts::Column::CodeHash,
                                contracts::Column::Bundle,
                                contracts::Column::Terminated,
                                contracts::Column::Owner,
                                contracts::Column::Paused,
                                contracts::Column::PauseClock,
                                contracts::Column::PausedSince,
                            ])
                            .to_owned(),
                    )
                    .exec_without_returning(&txn)
                    .await
                    .context("writing contracts")?;
            }
        }
        batch.flush(&txn).await?;
        self.state.flush(&txn).await?;
        let cursor = cursor::Model {
            id: 1,
            number: i64::try_from(last.number)?,
            hash: hex::encode(last.hash),
            head: i64::try_from(head)?,
        }
        .into_active_model()
        .reset_all();
        cursor::Entity::insert(cursor)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(cursor::Column::Id)
                    .update_columns([cursor::Column::Number, cursor::Column::Hash, cursor::Column::Head])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await
            .context("writing the cursor")?;
        if let Some(genesis) = self.genesis {
            let row = chain::Model {
                id: 1,
                genesis: hex::encode(genesis),
            }
            .into_active_model()
            .reset_all();
            chain::Entity::insert(row)
                .on_conflict(
                    sea_orm::sea_query::OnConflict::column(chain::Column::Id)
                        .update_column(chain::Column::Genesis)
                        .to_owned(),
                )
                .exec_without_returning(&txn)
                .await
                .context("writing which chain the database holds")?;
        }
        if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
            // Delivered on commit, to every server listening: they read the new
            // blocks from the database (several servers can follow one indexer).
            txn.execute_unprepared(&format!("NOTIFY {}, '{}'", crate::store::NOTIFY_CHANNEL, last.number))
                .await
                .context("notifying listeners")?;
        }
        txn.commit().await.context("committing")?;
        self.last = previous;
        self.genesis = None;
        Ok(())
    }
}

/// Where an event sits.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub block: i64,
    pub idx: i32,
    pub extrinsic: Option<i32>,
    pub timestamp: i64,
}

/// What a contract module sees of the batch while it applies one event.
pub struct Ctx<'a> {
    /// The bundles (to decode what an event carries of other contracts' calls).
    pub registry: &'a Registry,
    pub txn: &'a DatabaseTransaction,
    pub state: &'a mut State,
    pub batch: &'a mut Batch,
    pub contracts: &'a mut HashMap<String, contracts::Model>,
    pub dirty_contracts: &'a mut Vec<String>,
    pub place: Place,
    /// The emitting contract (hex).
    pub contract: String,
}

impl Ctx<'_> {
    /// The hex form of `account`, recorded in `accounts` on first sight.
    pub async fn account(&mut self, account: &AccountId) -> Result<String> {
        let address = hex::encode(account);
        let block = self.place.block;
        if self.state.accounts.get(self.txn, &address).await?.is_none() {
            self.state
                .accounts
                .update(
                    self.txn,
                    address.clone(),
                    || crate::entities::accounts::Model {
                        address: address.clone(),
                        first_block: block,
                    },
                    |_| Ok(()),
                )
                .await?;
        }
        Ok(address)
    }

    pub async fn maybe_account(&mut self, account: &Option<AccountId>) -> Result<Option<String>> {
        match account {
            Some(a) => Ok(Some(self.account(a).await?)),
            None => Ok(None),
        }
    }

    /// Whether `address` is a COS contract (its COS is not in circulation).
    pub fn is_contract(&self, address: &str) -> bool {
        self.contracts.contains_key(address)
    }

    /// A call to the contract at `callee` (hex) as text, `set_fee { fee_bps: 5 }`,
    /// decoded with its bundle's metadata from `data` (selector and
    /// SCALE-encoded arguments); `None` if `callee` is not a COS contract known
    /// by now or the data is not one of its messages.
    pub fn decode_call(&self, callee: &str, data: &[u8]) -> Option<String> {
        let row = self.contracts.get(callee)?;
        let code_hash = bytes32(&row.code_hash).ok()?;
        let bundle = self.registry.bundle(&code_hash)?;
        let transcoder = self.registry.transcoder(bundle.kind, &code_hash)?;
        let mut input = data;
        transcoder
            .decode_contract_message(&mut input)
            .ok()
            .map(|value| value.to_string())
    }

    /// Changes the emitting contract's row.
    pub fn update_contract(&mut self, change: impl FnOnce(&mut contracts::Model)) {
        if let Some(row) = self.contracts.get_mut(&self.contract) {
            change(row);
            self.dirty_contracts.push(self.contract.clone());
        }
    }

    /// The UTC day of the event (`YYYY-MM-DD`).
    pub fn day(&self) -> String {
        chrono::DateTime::from_timestamp_millis(self.place.timestamp)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }
}

fn bytes32(text: &str) -> Result<Bytes32> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).with_context(|| format!("bad stored hex {text}"))?;
    Ok(out)
}

/// Times a block of work (for the benchmark and the progress bar).
pub fn rate(count: u64, since: Instant) -> f64 {
    count as f64 / since.elapsed().as_secs_f64().max(1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::MemorySource;

    /// Blocks `from..=to` of a chain named by `seed`: each block's parent is
    /// the one before, block 1's parent the genesis `[seed; 32]`.
    fn chain(seed: u8, from: u64, to: u64) -> Vec<Block> {
        let hash = |n: u64| -> Bytes32 {
            let mut h = [seed; 32];
            h[..8].copy_from_slice(&n.to_le_bytes());
            h
        };
        (from..=to)
            .map(|number| Block {
                number,
                hash: hash(number),
                parent_hash: if number == 1 { [seed; 32] } else { hash(number - 1) },
                timestamp_ms: 1_000 * number,
                events: Vec::new(),
            })
            .collect()
    }

    async fn open(name: &str) -> (Indexer, String) {
        let path = std::env::temp_dir().join(format!("cos-chain-{name}-{}.db", std::process::id()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let url = format!("sqlite:{}", path.display());
        let store = Store::open(&url).await.unwrap();
        let options = Options {
            batch_blocks: 3,
            retries: 0,
            ..Options::default()
        };
        (Indexer::new(store, Registry::default(), options).await.unwrap(), url)
    }

    fn refused(result: Result<Summary>) -> Refused {
        let error = result.expect_err("refused");
        error
            .chain()
            .find_map(|e| e.downcast_ref::<Refused>())
            .cloned()
            .unwrap_or_else(|| panic!("a Refused error: {error:#}"))
    }

    #[tokio::test]
    async fn a_database_keeps_its_chain_and_refuses_another() {
        let (mut indexer, _) = open("other").await;
        let mut a = MemorySource::new("a", chain(1, 1, 5)).unwrap();
        indexer.run(&mut a, &mut Quiet).await.unwrap();
        let stored = chain::Entity::find_by_id(1)
            .one(indexer.store.connection())
            .await
            .unwrap();
        assert_eq!(stored.map(|c| c.genesis), Some(hex::encode([1u8; 32])));
        let mut b = MemorySource::new("b", chain(2, 1, 8)).unwrap();
        assert!(matches!(
            refused(indexer.run(&mut b, &mut Quiet).await),
            Refused::OtherChain { .. }
        ));
        assert_eq!(
            indexer.store.cursor().await.unwrap().unwrap().number,
            5,
            "nothing of b was written"
        );
        // The same chain, further on, goes on.
        let mut more = MemorySource::new("a", chain(1, 1, 9)).unwrap();
        indexer.run(&mut more, &mut Quiet).await.unwrap();
        assert_eq!(indexer.store.cursor().await.unwrap().unwrap().number, 9);
    }

    #[tokio::test]
    async fn a_block_whose_parent_is_not_the_last_written_is_refused() {
        let (mut indexer, _) = open("parent").await;
        let mut a = MemorySource::new("a", chain(1, 1, 4)).unwrap();
        indexer.run(&mut a, &mut Quiet).await.unwrap();
        // The same genesis, but block 5 follows another block 4 (a fork, or another recording).
        let mut fork = chain(1, 1, 6);
        fork[4].parent_hash = [9; 32];
        let mut forked = MemorySource::new("fork", fork).unwrap();
        match refused(indexer.run(&mut forked, &mut Quiet).await) {
            Refused::Parent { number, .. } => assert_eq!(number, 5),
            other => panic!("{other:?}"),
        }
        assert_eq!(indexer.store.cursor().await.unwrap().unwrap().number, 4);
        // Within a batch too.
        let (mut fresh, _) = open("parent-batch").await;
        let mut broken = chain(1, 1, 3);
        broken[2].parent_hash = [7; 32];
        let mut source = MemorySource::new("broken", broken).unwrap();
        assert!(matches!(
            refused(fresh.run(&mut source, &mut Quiet).await),
            Refused::Parent { number: 3, .. }
        ));
        assert!(
            fresh.store.cursor().await.unwrap().is_none(),
            "the batch was not written"
        );
    }

    #[tokio::test]
    async fn a_database_older_than_the_check_adopts_its_chain_if_its_last_block_matches() {
        let (mut indexer, url) = open("adopt").await;
        // Written without a genesis (a source that cannot tell, as before the check).
        let blocks = chain(1, 2, 4);
        let mut old = MemorySource::new("old", blocks).unwrap();
        indexer.run(&mut old, &mut Quiet).await.unwrap();
        assert!(chain::Entity::find_by_id(1)
            .one(indexer.store.connection())
            .await
            .unwrap()
            .is_none());
        let mut other = MemorySource::new("b", chain(2, 1, 6)).unwrap();
        assert!(matches!(
            refused(indexer.run(&mut other, &mut Quiet).await),
            Refused::OtherBlock { number: 4, .. }
        ));
        let mut same = MemorySource::new("a", chain(1, 1, 6)).unwrap();
        indexer.run(&mut same, &mut Quiet).await.unwrap();
        let store = Store::open(&url).await.unwrap();
        let adopted = chain::Entity::find_by_id(1).one(store.connection()).await.unwrap();
        assert_eq!(adopted.map(|c| c.genesis), Some(hex::encode([1u8; 32])));
    }
}
