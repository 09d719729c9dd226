//! What the subscriptions stream: each block as the indexer commits it, with
//! its events. One task per server follows the indexer's cursor, woken on
//! PostgreSQL by the indexer's `NOTIFY` (so any number of stateless servers
//! can serve one indexer) and by a short poll on SQLite, reads the new blocks
//! once and broadcasts them to every subscriber.

use crate::data::{Db, Filter, Op, Order, Row};
use anyhow::{Context, Result};
use cos_indexer::store::NOTIFY_CHANNEL;
use futures::{Stream, StreamExt};
use sea_orm::{sqlx::postgres::PgListener, EntityTrait};
use serde_json::Value;
use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;

/// A block as indexed, with its COS events.
#[derive(Debug)]
pub struct Update {
    pub block: Row,
    pub events: Vec<Row>,
}

/// The broadcast of new blocks.
#[derive(Clone)]
pub struct Feed {
    tx: broadcast::Sender<Arc<Update>>,
    notified: Arc<AtomicU64>,
}

/// Blocks read per statement while catching up.
const CHUNK: i64 = 200;
/// Updates a slow subscriber may fall behind before it misses some.
const BACKLOG: usize = 1_024;

impl Feed {
    /// A feed that nothing drives (tests of the schema without subscriptions).
    pub fn idle() -> Self {
        Self {
            tx: broadcast::channel(1).0,
            notified: Arc::default(),
        }
    }

    /// Starts following the indexer's cursor in `db`; `url` is the database's
    /// URL, for `LISTEN` on PostgreSQL.
    pub fn start(db: Db, url: &str) -> Self {
        let (tx, _) = broadcast::channel(BACKLOG);
        let notified = Arc::new(AtomicU64::new(0));
        let feed = Self {
            tx: tx.clone(),
            notified: notified.clone(),
        };
        let listen = cos_indexer::Store::connect_url(url)
            .ok()
            .filter(|u| u.starts_with("postgres"));
        tokio::spawn(async move {
            if let Err(e) = follow(db, listen, tx, notified).await {
                tracing::error!("the subscription feed stopped: {e:#}");
            }
        });
        feed
    }

    /// Notifications received from the indexer (PostgreSQL's `NOTIFY`).
    pub fn notifications(&self) -> u64 {
        self.notified.load(Ordering::Relaxed)
    }

    /// The updates from now on. A subscriber that falls more than
    /// [`BACKLOG`] blocks behind skips the ones it missed.
    pub fn stream(&self) -> impl Stream<Item = Arc<Update>> + Send + 'static {
        BroadcastStream::new(self.tx.subscribe()).filter_map(|item| async move { item.ok() })
    }
}

async fn head(db: &Db) -> Result<i64> {
    Ok(cos_indexer::entities::cursor::Entity::find_by_id(1)
        .one(db.conn())
        .await
        .context("reading the cursor")?
        .map_or(-1, |c| c.number))
}

async fn follow(
    db: Db,
    listen: Option<String>,
    tx: broadcast::Sender<Arc<Update>>,
    notified: Arc<AtomicU64>,
) -> Result<()> {
    let mut listener = match &listen {
        Some(url) => match PgListener::connect(url).await {
            Ok(mut l) => match l.listen(NOTIFY_CHANNEL).await {
                Ok(()) => Some(l),
                Err(e) => {
                    tracing::warn!("LISTEN {NOTIFY_CHANNEL} failed ({e}); polling instead");
                    None
                }
            },
            Err(e) => {
                tracing::warn!("cannot listen for the indexer ({e}); polling instead");
                None
            }
        },
        None => None,
    };
    let mut last = head(&db).await?;
    loop {
        match &mut listener {
            // Woken by the indexer's NOTIFY; a slow poll besides, in case a
            // notification is lost with a dropped connection.
            Some(l) => {
                tokio::select! {
                    n = l.recv() => match n {
                        Ok(_) => { notified.fetch_add(1, Ordering::Relaxed); }
                        Err(e) => tracing::warn!("listening for the indexer: {e}"),
                    },
                    () = tokio::time::sleep(Duration::from_secs(5)) => {}
                }
            }
            None => tokio::time::sleep(Duration::from_millis(250)).await,
        }
        let now = match head(&db).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!("{e:#}");
                continue;
            }
        };
        while last < now {
            let to = now.min(last + CHUNK);
            if tx.receiver_count() > 0 {
                if let Err(e) = publish(&db, last, to, &tx).await {
                    tracing::warn!("reading blocks {}..={to} for subscribers: {e:#}", last + 1);
                    break;
                }
            }
            last = to;
        }
    }
}

async fn publish(db: &Db, after: i64, to: i64, tx: &broadcast::Sender<Arc<Update>>) -> Result<()> {
    let range = |column: &str| Filter {
        conditions: vec![
            (column.to_string(), Op::Gt(after.into())),
            (column.to_string(), Op::Lte(to.into())),
        ],
        account: None,
    };
    let blocks = db
        .all("blocks", &range("number"), &Order::default(), CHUNK as u64)
        .await?;
    let mut events = db
        .all("events", &range("block"), &Order::default(), 100_000)
        .await?
        .into_iter()
        .peekable();
    for block in blocks {
        let number = block.get("number").and_then(Value::as_i64);
        let mut mine = Vec::new();
        while let Some(event) = events.next_if(|e| e.get("block").and_then(Value::as_i64) == number) {
            mine.push(event);
        }
        // No subscriber left is not an error.
        let _ = tx.send(Arc::new(Update { block, events: mine }));
    }
    Ok(())
}

/// Whether an event row passes a subscription's filters.
pub fn matches(
    event: &Row,
    contract: Option<&str>,
    kind: Option<&str>,
    name: Option<&str>,
    account: Option<&str>,
) -> bool {
    let text = |key: &str| event.get(key).and_then(Value::as_str);
    if contract.is_some_and(|c| text("contract") != Some(c))
        || kind.is_some_and(|k| text("kind") != Some(k))
        || name.is_some_and(|n| text("name") != Some(n))
    {
        return false;
    }
    match account {
        None => true,
        Some(hex) => {
            // Accounts are hex in an event's fields as in every column.
            let fields = event.get("fields").map(Value::to_string).unwrap_or_default();
            text("topics").is_some_and(|t| t.contains(hex)) || fields.contains(hex)
        }
    }
}
