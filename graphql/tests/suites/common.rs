//! The database the API tests read: the indexer's drink scenario (every event
//! of COS Credit and the donation quota) plus some ordinary traffic, indexed
//! into SQLite once per test binary, or into a PostgreSQL schema of its own.

#![allow(dead_code)]

use async_graphql::dynamic::Schema;
use cos_e2e::scenario::Scenario;
use cos_graphql::{
    data::Db,
    feed::Feed,
    schema::{self, Limits},
};
use cos_indexer::{Indexer, Options, Quiet, Registry, Store};
use serde_json::Value;
use std::{path::PathBuf, sync::OnceLock};

pub const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

/// What the tests need to know of the story.
#[derive(Clone, Debug)]
pub struct Story {
    pub url: String,
    pub token: String,
    pub quota: String,
    /// Community 0's sub-token.
    pub subtoken: String,
    pub crowdfund: String,
    pub bounty: String,
    /// Community 0's governance (one member one vote) and a token-weighted one.
    pub governance: String,
    pub token_governance: String,
    pub accounts: Vec<String>,
    pub last_block: u64,
}

/// Plays the story (with `busy` blocks of traffic) and indexes it into `url`.
pub fn build(url: &str, busy: u32) -> Story {
    let url = url.to_string();
    // A thread of its own: drink and the indexer's runtime, whatever runs the test.
    std::thread::spawn(move || {
        let mut scenario = Scenario::play().expect("the scenario plays (build the bundles: cargo xtask build)");
        scenario.busy(busy).expect("traffic");
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(index(&scenario, &url));
        Story {
            url,
            token: hex::encode(scenario.token),
            quota: hex::encode(scenario.quota),
            subtoken: hex::encode(scenario.subtoken),
            crowdfund: hex::encode(scenario.crowdfund),
            bounty: hex::encode(scenario.bounty),
            governance: hex::encode(scenario.governance),
            token_governance: hex::encode(scenario.token_governance),
            accounts: scenario.accounts.iter().map(hex::encode).collect(),
            last_block: scenario.chain.blocks().last().unwrap().number,
        }
    })
    .join()
    .expect("building the test database")
}

pub async fn index(scenario: &Scenario, url: &str) {
    let registry = Registry::from_ink_dir(&cos_sandbox::ink_dir()).expect("bundles load");
    let store = Store::open(url).await.expect("database opens");
    let mut indexer = Indexer::new(store, registry, Options::default())
        .await
        .expect("indexer starts");
    indexer
        .run(&mut scenario.chain.source(), &mut Quiet)
        .await
        .expect("indexing succeeds");
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

/// A SQLite file of its own for one test.
pub fn sqlite_url(name: &str) -> String {
    format!("sqlite:{}", tmp(name).display())
}

/// The shared story in SQLite (built on first use).
pub fn sqlite() -> &'static Story {
    static STORY: OnceLock<Story> = OnceLock::new();
    STORY.get_or_init(|| build(&sqlite_url("graphql-fixture"), 100))
}

/// A schema of its own in PostgreSQL: its name and URL.
pub fn postgres_schema(test: &str) -> (String, String) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let schema = format!("g_{test}_{}_{nanos}", std::process::id());
    let url = format!("{POSTGRES}?schema={schema}");
    (schema, url)
}

pub async fn drop_schema(schema: &str) {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(POSTGRES).await.expect("PostgreSQL answers");
    db.execute_unprepared(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
        .await
        .expect("dropping the schema");
}

/// The database and schema over `url`.
pub async fn open(url: &str, limits: &Limits) -> (Db, Schema) {
    let store = Store::open_with(url, 4).await.expect("opens");
    let db = Db::new(store.connection().clone());
    let schema = schema::build(db.clone(), Feed::idle(), limits).expect("schema builds");
    (db, schema)
}

/// Runs `query`; panics with the errors if there are any.
pub async fn query(db: &Db, schema: &Schema, query: &str) -> Value {
    let response = try_query(db, schema, query, &Limits::default()).await;
    match response {
        Ok(data) => data,
        Err(errors) => panic!("{query}\nfailed: {errors:?}"),
    }
}

/// Runs `query`: its data, or its error messages.
pub async fn try_query(db: &Db, schema: &Schema, query: &str, limits: &Limits) -> Result<Value, Vec<String>> {
    let response = schema::execute(schema, schema::request(query, db, limits), limits).await;
    if response.errors.is_empty() {
        Ok(response.data.into_json().unwrap())
    } else {
        Err(response.errors.iter().map(|e| e.message.clone()).collect())
    }
}

/// The drink scenario on a thread of its own (drink is not Send), indexed
/// into `url`; [`LiveChain::traffic`] adds blocks and indexes them.
pub struct LiveChain {
    commands: Option<std::sync::mpsc::Sender<u32>>,
    done: std::sync::mpsc::Receiver<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LiveChain {
    pub fn start(url: &str) -> Self {
        let (commands, receiver) = std::sync::mpsc::channel::<u32>();
        let (finished, done) = std::sync::mpsc::channel::<()>();
        let url = url.to_string();
        let thread = std::thread::spawn(move || {
            let mut scenario = Scenario::play().unwrap();
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime.block_on(index(&scenario, &url));
            finished.send(()).unwrap();
            for blocks in receiver {
                scenario.busy(blocks).unwrap();
                runtime.block_on(index(&scenario, &url));
                finished.send(()).unwrap();
            }
        });
        let chain = Self {
            commands: Some(commands),
            done,
            thread: Some(thread),
        };
        chain.done.recv().expect("the scenario is indexed");
        chain
    }

    /// `blocks` more blocks of traffic, indexed; returns once they are written.
    pub fn traffic(&self, blocks: u32) {
        self.commands.as_ref().unwrap().send(blocks).unwrap();
        self.done.recv().expect("the traffic is indexed");
    }
}

impl Drop for LiveChain {
    fn drop(&mut self) {
        self.commands.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The server over `url` on a free loopback port, with its subscription feed.
pub async fn serve(url: &str) -> (std::net::SocketAddr, Feed) {
    serve_with(url, Limits::default()).await
}

/// [`serve`] with `limits`.
pub async fn serve_with(url: &str, limits: Limits) -> (std::net::SocketAddr, Feed) {
    let store = Store::open_with(url, 4).await.unwrap();
    let db = Db::new(store.connection().clone());
    let feed = Feed::start(db.clone(), url);
    let mut config = cos_graphql::Config::new(url, "127.0.0.1:0".parse().unwrap());
    config.limits = limits;
    let app = cos_graphql::App::new(db, feed.clone(), &config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        async move { cos_graphql::server::serve_on(listener, app, &config.cors, std::future::pending()).await },
    );
    (addr, feed)
}
