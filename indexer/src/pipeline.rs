//! source -> decode -> store: the indexer's loop.

use crate::{
    bundles::{Kind, Registry},
    decode,
    entities::{blocks, contracts, cursor, events},
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
        };
        indexer.load_contracts().await?;
        Ok(indexer)
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
        let mut next = match &cursor {
            Some(c) => c.number.checked_add(1).ok_or_else(|| anyhow!("cursor at u64::MAX"))?,
            None => self.options.start.unwrap_or_else(|| source.first_block()),
        };
        let mut head = self.retry(source, |s| Box::pin(s.finalized_head())).await?;
        let mut following = false;
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
                if let Err(e) = self.write(&blocks, head, &mut summary).await {
                    // Nothing of the batch was committed; what is cached may be ahead of the database.
                    self.state.clear();
                    self.load_contracts().await.ok();
                    return Err(e.context(format!("writing blocks {next}..={to}")));
                }
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
        for block in blocks {
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
        if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
            // Delivered on commit, to every server listening: they read the new
            // blocks from the database (several servers can follow one indexer).
            txn.execute_unprepared(&format!("NOTIFY {}, '{}'", crate::store::NOTIFY_CHANNEL, last.number))
                .await
                .context("notifying listeners")?;
        }
        txn.commit().await.context("committing")?;
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
