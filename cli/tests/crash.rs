//! The crash tests: `cos index` as a real process over one recorded chain.
//!
//! - Killed with SIGKILL at random points at least 20 times, on SQLite and on
//!   PostgreSQL, and restarted each time, it must end with a database equal
//!   row for row to a clean run's: no gap, no duplicate.
//! - With its PostgreSQL server stopped mid-run and started again (a server
//!   of the test's own, so other tests' databases are not touched), it must
//!   wait, resume and end equal to a clean run, without being restarted.
//!
//! The chain outlives the killed processes as a block file recorded from
//! drink's in-process chain.

use cos_e2e::scenario::Scenario;
use cos_indexer::{entities::*, FileSource, Store};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

/// Kills that land in a running process, at least. Commits come per batch and
/// a restarted process spends a while starting (opening the database,
/// checking the migrations, loading the contracts), so kills cluster on the
/// same cursor: the test goes on killing until they have landed at
/// [`DISTINCT`] cursor positions as well.
const KILLS: u32 = 20;
/// Cursor positions the kills must have left, at least.
const DISTINCT: usize = 10;

const POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/test";

fn cos(file: &Path, db: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cos"));
    cmd.args(["index", "--file"])
        .arg(file)
        .args(["--db", db, "--batch", "4", "--ink-dir"])
        .arg(cos_sandbox::ink_dir())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Every row of every table, as text, in a stable order.
async fn dump(db: &DatabaseConnection) -> Vec<String> {
    let mut rows = Vec::new();
    macro_rules! tables {
        ($($table:ident),*) => {$(
            let mut these: Vec<String> = $table::Entity::find()
                .all(db)
                .await
                .expect("reading a table")
                .iter()
                .map(|row| format!("{row:?}"))
                .collect();
            these.sort();
            rows.extend(these);
        )*};
    }
    cos_indexer::for_all_tables!(tables);
    rows
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The recorded chain (the story and 400 blocks of traffic), once per test
/// binary: its file, and its blocks' and events' counts.
fn chain() -> &'static (PathBuf, u64, usize) {
    static CHAIN: OnceLock<(PathBuf, u64, usize)> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cos-crash-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut scenario = Scenario::play().expect("the story plays");
        scenario.busy(400).expect("traffic");
        let file = dir.join("chain.jsonl");
        FileSource::write(&file, scenario.chain.blocks()).unwrap();
        let blocks = scenario.chain.blocks();
        let count = blocks.last().unwrap().number - blocks[0].number + 1;
        let events = blocks.iter().map(|b| b.contract_events()).sum();
        (file, count, events)
    })
}

/// Where a run writes: a SQLite file, or a PostgreSQL schema, fresh each time.
trait Target {
    fn fresh(&mut self) -> String;
}

struct Sqlite {
    dir: PathBuf,
    n: u32,
}

impl Target for Sqlite {
    fn fresh(&mut self) -> String {
        self.n += 1;
        let path = self.dir.join(format!("run-{}.db", self.n));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        format!("sqlite:{}", path.display())
    }
}

struct Postgres {
    schemas: Vec<String>,
}

impl Target for Postgres {
    fn fresh(&mut self) -> String {
        let schema = format!("crash_{}_{}", std::process::id(), self.schemas.len());
        self.schemas.push(schema.clone());
        format!("{POSTGRES}?schema={schema}")
    }
}

impl Postgres {
    async fn drop_all(&self) {
        let db = sea_orm::Database::connect(POSTGRES).await.expect("PostgreSQL answers");
        for schema in &self.schemas {
            db.execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
                .await
                .expect("dropping a schema");
        }
    }
}

/// The kill test on `target`: returns (kills, runs, cursor positions).
async fn killed_at_random_points(target: &mut dyn Target) -> (u32, u32, Vec<u64>) {
    let (file, blocks, total_events) = chain();

    // The clean run, timed.
    let clean = target.fresh();
    let started = Instant::now();
    assert!(cos(file, &clean).status().unwrap().success(), "the clean run succeeds");
    let clean_time = started.elapsed();

    // Killed runs: each is killed at a random moment within a clean run's time,
    // until KILLS kills have hit a running process at DISTINCT cursor positions
    // or more. A run that finished before its kill starts over on a fresh
    // database, so that kills keep landing mid-run.
    let mut crashed = target.fresh();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let window = (clean_time.as_micros() as u64).max(1_000);
    let (mut kills, mut attempts) = (0, 0);
    let mut positions = Vec::new();
    let distinct = |positions: &[u64]| positions.iter().collect::<std::collections::BTreeSet<_>>().len();
    while kills < KILLS || distinct(&positions) < DISTINCT {
        attempts += 1;
        assert!(
            attempts < 400,
            "after 400 runs, {kills} kills landed at only {} cursor positions: {positions:?}",
            distinct(&positions)
        );
        let mut child = cos(file, &crashed).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(window)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            kills += 1;
            let store = Store::open(&crashed).await.unwrap();
            positions.push(store.cursor().await.unwrap().map_or(0, |c| c.number));
            store.connection().clone().close().await.ok();
        } else {
            crashed = target.fresh();
        }
    }
    assert!(
        cos(file, &crashed).status().unwrap().success(),
        "the run after the kills completes"
    );
    // The kills landed at many different points of the chain, not all before the first commit.
    assert!(
        distinct(&positions) >= DISTINCT,
        "kills landed at too few points: {positions:?}"
    );
    same_as_clean(&clean, &crashed, *blocks, *total_events).await;
    println!(
        "{kills} kills in {attempts} runs (cursor after each kill: {positions:?}); clean run {clean_time:?}; {blocks} blocks, {total_events} events"
    );
    (kills, attempts, positions)
}

/// `crashed` holds every block and event once, row for row as `clean`.
async fn same_as_clean(clean: &str, crashed: &str, blocks: u64, events: usize) {
    let (clean_db, crashed_db) = (Store::open(clean).await.unwrap(), Store::open(crashed).await.unwrap());
    let crashed_conn = crashed_db.connection();
    let stored = blocks::Entity::find().count(crashed_conn).await.unwrap();
    assert_eq!(stored, blocks, "no gap, no duplicate block");
    let stored_events = events::Entity::find().count(crashed_conn).await.unwrap();
    assert_eq!(stored_events as usize, events, "every event exactly once");
    let (a, b) = (dump(clean_db.connection()).await, dump(crashed_conn).await);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_at_random_points_it_resumes_with_no_gap_and_no_duplicate() {
    let dir = std::env::temp_dir().join(format!("cos-crash-sqlite-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    killed_at_random_points(&mut Sqlite { dir: dir.clone(), n: 0 }).await;
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_at_random_points_on_postgres_it_resumes_with_no_gap_and_no_duplicate() {
    let mut target = Postgres { schemas: Vec::new() };
    killed_at_random_points(&mut target).await;
    target.drop_all().await;
}

/// A PostgreSQL server of the test's own, in a temporary directory, run as
/// the `postgres` user (the server refuses to run as root).
struct PrivatePostgres {
    dir: PathBuf,
    port: u16,
    bin: PathBuf,
}

impl PrivatePostgres {
    /// `None`, with the reason printed, where this machine cannot run one.
    fn create() -> Option<Self> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin"))
            .find(|b| b.join("initdb").exists())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let dir = std::env::temp_dir().join(format!("cos-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).ok()?;
        let chown = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status()
            .ok()?;
        assert!(chown.success(), "chown {} to postgres", dir.display());
        let server = Self { dir, port, bin };
        let init = server
            .as_postgres("initdb")
            .args(["--auth=trust", "--username=postgres", "--no-sync", "-D"])
            .arg(server.dir.join("data"))
            .stdout(Stdio::null())
            .status()
            .ok()?;
        assert!(init.success(), "initdb");
        Some(server)
    }

    fn as_postgres(&self, program: &str) -> Command {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(self.bin.join(program));
        cmd
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn start(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off",
            self.port,
            self.dir.display()
        );
        let status = self
            .as_postgres("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-o", &options, "-l"])
            .arg(self.dir.join("log"))
            .args(["-w", "start"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(
            status.success(),
            "pg_ctl start (see {})",
            self.dir.join("log").display()
        );
    }

    /// Stops at once, as a crash would: connections are cut mid-transaction.
    fn stop(&self) {
        let status = self
            .as_postgres("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl stop");
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = self
            .as_postgres("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_postgres_restart_while_indexing_is_waited_out_with_nothing_lost() {
    let Some(server) = PrivatePostgres::create() else {
        println!("SKIPPED: no PostgreSQL server binaries (initdb) to run a private server");
        return;
    };
    server.start();
    let (file, blocks, events) = chain();
    let url = server.url();
    let mut child = cos(file, &url)
        .args(["--retries", "8"])
        .env("RUST_LOG", "cos_indexer::pipeline=info,warn")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stop the server a quarter of the way in, keep it down longer than the
    // writer waits for a connection (so the outage is reported whether the
    // indexer was mid-write or between batches), start it again.
    let watcher = sea_orm::Database::connect(url.as_str()).await.unwrap();
    let started = Instant::now();
    loop {
        let at = watcher
            .query_one_raw(sea_orm::Statement::from_string(
                watcher.get_database_backend(),
                "SELECT number FROM cursor",
            ))
            .await
            .ok()
            .flatten()
            .and_then(|row| row.try_get_by_index::<i64>(0).ok());
        if at.is_some_and(|n| n as u64 >= blocks / 4) {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run is still going before the restart"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "indexing reaches a quarter of the chain"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    watcher.close().await.ok();
    server.stop();
    let down = Instant::now();
    tokio::time::sleep(cos_indexer::store::WRITER_ACQUIRE + Duration::from_secs(2)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "the indexer waits while the database is down"
    );
    server.start();
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the run completes after the restart:\n{log}");
    assert!(
        log.contains("was lost") && log.contains("is back"),
        "the indexer said so:\n{log}"
    );
    println!("restart waited out in {:?}; log:\n{log}", down.elapsed());

    let dir = std::env::temp_dir().join(format!("cos-crash-restart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let clean = format!("sqlite:{}", dir.join("clean.db").display());
    assert!(cos(file, &clean).status().unwrap().success());
    same_as_clean(&clean, &url, *blocks, *events).await;
    std::fs::remove_dir_all(&dir).ok();
}
