//! The database: opening it (SQLite by default, PostgreSQL by URL), the
//! migrations, and the write path: current-state tables cached in memory and
//! written back as upserts, event tables appended in multi-row inserts, all of
//! one batch of blocks in one transaction with the cursor.

use crate::{entities::cursor, migration::Migrator};
use anyhow::{anyhow, Context, Result};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use sea_orm::{
    sea_query::OnConflict, ActiveModelTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, IdenStatic, IntoActiveModel, Iterable, PrimaryKeyToColumn,
    PrimaryKeyTrait,
};
use sea_orm_migration::MigratorTrait;
use std::{hash::Hash, path::Path, time::Duration};

/// Rows per multi-row `INSERT`: below SQLite's 32,766 and PostgreSQL's 65,535
/// bind parameters for the widest table.
const CHUNK: usize = 1_000;

/// The PostgreSQL channel on which the indexer announces each committed batch
/// (payload: the last block written), so that servers need not poll.
pub const NOTIFY_CHANNEL: &str = "cos_indexed";

/// How long the indexer's writes wait for a connection before the database
/// counts as lost (and the pipeline's reconnect, with its log lines, begins).
pub const WRITER_ACQUIRE: Duration = Duration::from_secs(5);

/// How long a server's request waits for one of its reading connections.
pub const READER_ACQUIRE: Duration = Duration::from_secs(30);

/// An open, migrated database.
pub struct Store {
    db: DatabaseConnection,
    url: String,
}

/// Where the indexer stands: the last block written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub number: u64,
    pub hash: String,
    /// The finalised head when it was written.
    pub head: u64,
}

impl Store {
    /// Opens `url` and brings its schema up to date:
    ///
    /// - `sqlite:PATH` (or a plain path): the file, created on first use, in WAL mode;
    /// - `sqlite::memory:`: a database in memory, for tests;
    /// - `postgres://user@host:port/db`, optionally with `?schema=NAME` (created if
    ///   missing) to keep several indexers apart in one database.
    ///
    /// This is the writer's connection: a database unreachable for
    /// [`WRITER_ACQUIRE`] fails the query that needed it, so the indexer
    /// reports the outage and waits it out with backoff (rather than blocking
    /// silently in the pool).
    pub async fn open(url: &str) -> Result<Self> {
        Self::connect(url, 1, WRITER_ACQUIRE).await
    }

    /// [`Store::open`] with up to `readers` connections for reading (SQLite
    /// allows readers beside its one writer in WAL mode): what a server uses.
    /// A request waits up to [`READER_ACQUIRE`] for a connection.
    pub async fn open_with(url: &str, readers: u32) -> Result<Self> {
        Self::connect(url, readers, READER_ACQUIRE).await
    }

    async fn connect(url: &str, readers: u32, acquire: Duration) -> Result<Self> {
        let (connect, schema) = normalise(url)?;
        let shown = redact(url);
        let mut options = ConnectOptions::new(connect.clone());
        options
            .sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(acquire);
        if connect.starts_with("sqlite:") {
            // One writer; SQLite serialises writes anyway.
            options.max_connections(readers.max(1)).min_connections(1);
        } else {
            options.max_connections(readers.max(10));
        }
        if let Some(schema) = &schema {
            let admin = Database::connect(ConnectOptions::new(connect.clone()).sqlx_logging(false).to_owned())
                .await
                .map_err(|e| open_error(&shown, e))?;
            admin
                .execute_unprepared(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
                .await
                .with_context(|| format!("creating schema {schema} in {shown}"))?;
            admin.close().await.ok();
            options.set_schema_search_path(schema.clone());
        }
        let db = Database::connect(options).await.map_err(|e| open_error(&shown, e))?;
        if db.get_database_backend() == DbBackend::Sqlite {
            for pragma in [
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = OFF",
            ] {
                db.execute_unprepared(pragma)
                    .await
                    .with_context(|| format!("{pragma} on {shown}"))?;
            }
        }
        Migrator::up(&db, None)
            .await
            .with_context(|| format!("migrating the schema of {shown}"))?;
        Ok(Self { db, url: shown })
    }

    /// The schema of a PostgreSQL URL's `?schema=`.
    pub fn schema_of(url: &str) -> Option<String> {
        normalise(url).ok().and_then(|(_, schema)| schema)
    }

    /// The URL sea-orm (and sqlx) connect to, without `?schema=`.
    pub fn connect_url(url: &str) -> Result<String> {
        normalise(url).map(|(url, _)| url)
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The URL, with any password hidden.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The last block written, if any.
    pub async fn cursor(&self) -> Result<Option<Cursor>> {
        let row = cursor::Entity::find_by_id(1)
            .one(&self.db)
            .await
            .context("reading the cursor")?;
        row.map(|c| {
            Ok(Cursor {
                number: u64::try_from(c.number).context("negative cursor")?,
                hash: c.hash,
                head: u64::try_from(c.head).context("negative head")?,
            })
        })
        .transpose()
    }
}

/// `(url for sea-orm, schema)`.
fn normalise(url: &str) -> Result<(String, Option<String>)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut schema = None;
        let mut rest = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.strip_prefix("schema=") {
                Some(name) => {
                    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        return Err(anyhow!("schema name {name:?}: use letters, digits and _"));
                    }
                    schema = Some(name.to_string());
                }
                None => rest.push(pair),
            }
        }
        let url = if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        return Ok((url, schema));
    }
    if url == "sqlite::memory:" {
        return Ok((url.to_string(), None));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = path.split('?').next().unwrap_or(path);
    if path.contains("://") {
        return Err(anyhow!(
            "unsupported database URL {url}: give a SQLite file (sqlite:cos.db) or postgres://user@host/db"
        ));
    }
    if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating the directory {}", dir.display()))?;
    }
    Ok((format!("sqlite://{path}?mode=rwc"), None))
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Whether `error` says the database went away (a restart, a network cut, a
/// full pool of dead connections) rather than refusing what was asked: what
/// the indexer waits out and retries. PostgreSQL's SQLSTATE classes 08
/// (connection exception) and 57P (shutdown, cannot connect now) count.
pub fn connection_lost(error: &anyhow::Error) -> bool {
    use sea_orm::{sqlx, DbErr, RuntimeErr};
    fn lost(e: &sqlx::Error) -> bool {
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Protocol(_) => true,
            sqlx::Error::Database(db) => db
                .code()
                .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
            _ => false,
        }
    }
    error.chain().any(|cause| {
        if let Some(db) = cause.downcast_ref::<DbErr>() {
            return match db {
                DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
                DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => lost(e),
                _ => false,
            };
        }
        cause.downcast_ref::<sqlx::Error>().is_some_and(lost)
    })
}

fn open_error(url: &str, e: sea_orm::DbErr) -> anyhow::Error {
    anyhow!("cannot open the database {url}: {e}; check the URL, that the server runs and accepts you, or that the file's directory is writable")
}

/// The primary key value of entity `E`.
pub type Key<E> = <<E as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::ValueType;

/// A current-state table cached in memory: rows are read from the database on
/// first use, changed in memory, and the changed ones written back as upserts
/// at the end of each batch. The cache is only valid while this process is the
/// only writer and every batch commits; after a failed batch the indexer drops it.
pub struct Table<E: EntityTrait> {
    rows: HashMap<Key<E>, E::Model>,
    missing: HashSet<Key<E>>,
    dirty: HashSet<Key<E>>,
}

impl<E: EntityTrait> Default for Table<E> {
    fn default() -> Self {
        // Fx hashing: keys are the indexer's own (hex and numbers), not an attacker's.
        Self {
            rows: HashMap::default(),
            missing: HashSet::default(),
            dirty: HashSet::default(),
        }
    }
}

/// Rows cached per table before the cache is emptied after a commit.
const CACHE_LIMIT: usize = 200_000;

impl<E> Table<E>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone + Send,
    Key<E>: Hash + Eq + Clone,
{
    /// The row at `key`, read from the database if not cached.
    pub async fn get(&mut self, txn: &DatabaseTransaction, key: &Key<E>) -> Result<Option<&E::Model>> {
        self.load(txn, key).await?;
        Ok(self.rows.get(key))
    }

    async fn load(&mut self, txn: &DatabaseTransaction, key: &Key<E>) -> Result<()> {
        if self.rows.contains_key(key) || self.missing.contains(key) {
            return Ok(());
        }
        match E::find_by_id(key.clone()).one(txn).await.context("reading a row")? {
            Some(model) => {
                self.rows.insert(key.clone(), model);
            }
            None => {
                self.missing.insert(key.clone());
            }
        }
        Ok(())
    }

    /// Changes the row at `key` (created by `new` if absent) with `change`.
    pub async fn update(
        &mut self,
        txn: &DatabaseTransaction,
        key: Key<E>,
        new: impl FnOnce() -> E::Model,
        change: impl FnOnce(&mut E::Model) -> Result<()>,
    ) -> Result<()> {
        self.load(txn, &key).await?;
        self.missing.remove(&key);
        let row = self.rows.entry(key.clone()).or_insert_with(new);
        change(row)?;
        self.dirty.insert(key);
        Ok(())
    }

    /// Changes the existing row at `key` with `change`; `false`, and nothing
    /// changed, if there is none.
    pub async fn edit(
        &mut self,
        txn: &DatabaseTransaction,
        key: Key<E>,
        change: impl FnOnce(&mut E::Model) -> Result<()>,
    ) -> Result<bool> {
        self.load(txn, &key).await?;
        let Some(row) = self.rows.get_mut(&key) else {
            return Ok(false);
        };
        change(row)?;
        self.dirty.insert(key);
        Ok(true)
    }

    /// The keys of the cached rows for which `pick` holds (rows not cached
    /// are the caller's to find in the database).
    pub fn cached_keys(&self, pick: impl Fn(&E::Model) -> bool) -> Vec<Key<E>> {
        self.rows
            .iter()
            .filter(|(_, row)| pick(row))
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// Writes the changed rows back (upserts), in chunks.
    pub async fn flush(&mut self, txn: &DatabaseTransaction) -> Result<()> {
        if self.dirty.is_empty() {
            return Ok(());
        }
        let models: Vec<E::ActiveModel> = self
            .dirty
            .drain()
            .filter_map(|key| self.rows.get(&key).cloned())
            .map(|m| m.into_active_model().reset_all())
            .collect();
        let keys: Vec<E::Column> = E::PrimaryKey::iter().map(|k| k.into_column()).collect();
        let others: Vec<E::Column> = E::Column::iter()
            .filter(|c| !keys.iter().any(|k| k.as_str() == c.as_str()))
            .collect();
        let mut models = models.into_iter().peekable();
        while models.peek().is_some() {
            let chunk: Vec<_> = models.by_ref().take(CHUNK).collect();
            let conflict = OnConflict::columns(keys.clone())
                .update_columns(others.clone())
                .to_owned();
            E::insert_many(chunk)
                .on_conflict(conflict)
                .exec_without_returning(txn)
                .await
                .with_context(|| format!("writing {}", E::default().table_name()))?;
        }
        if self.rows.len() > CACHE_LIMIT {
            self.rows.clear();
            self.missing.clear();
        }
        Ok(())
    }

    /// Forgets everything cached (after a failed batch).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.missing.clear();
        self.dirty.clear();
    }
}

/// An append-only table: rows of this batch, inserted at its end. A row whose
/// key exists already fails the batch: nothing is written twice.
pub struct Rows<E: EntityTrait> {
    rows: Vec<E::ActiveModel>,
}

impl<E: EntityTrait> Default for Rows<E> {
    fn default() -> Self {
        Self { rows: Vec::new() }
    }
}

impl<E> Rows<E>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    pub fn push(&mut self, model: E::Model) {
        self.rows.push(model.into_active_model().reset_all());
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub async fn flush(&mut self, txn: &DatabaseTransaction) -> Result<()> {
        let mut rows = std::mem::take(&mut self.rows).into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
            E::insert_many(chunk)
                .exec_without_returning(txn)
                .await
                .with_context(|| format!("inserting into {}", E::default().table_name()))?;
        }
        Ok(())
    }

    pub fn clear(&mut self) {
        self.rows.clear();
    }
}
