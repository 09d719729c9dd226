//! The crash test: `cos index` as a real process, killed with SIGKILL at random
//! points over one recorded chain at least 20 times and restarted each time,
//! must end with a database equal row for row to a clean run's: no gap, no
//! duplicate. The chain outlives the killed processes as a block file recorded
//! from drink's in-process chain.

use cos_e2e::scenario::Scenario;
use cos_indexer::{entities::*, FileSource, Store};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
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

#[tokio::test(flavor = "multi_thread")]
async fn killed_at_random_points_it_resumes_with_no_gap_and_no_duplicate() {
    let dir: PathBuf = std::env::temp_dir().join(format!("cos-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut scenario = Scenario::play().expect("the story plays");
    scenario.busy(400).expect("traffic");
    let file = dir.join("chain.jsonl");
    FileSource::write(&file, scenario.chain.blocks()).unwrap();
    let blocks = scenario.chain.blocks();
    let (first, last) = (blocks[0].number, blocks.last().unwrap().number);
    let total_events: usize = blocks.iter().map(|b| b.contract_events()).sum();

    // The clean run, timed.
    let clean = format!("sqlite:{}", dir.join("clean.db").display());
    let started = Instant::now();
    assert!(cos(&file, &clean).status().unwrap().success(), "the clean run succeeds");
    let clean_time = started.elapsed();

    // Killed runs: each is killed at a random moment within a clean run's time,
    // until KILLS kills have hit a running process at DISTINCT cursor positions
    // or more. A run that finished before its kill starts over on a fresh
    // database, so that kills keep landing mid-run.
    let crashed = format!("sqlite:{}", dir.join("crashed.db").display());
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
        let mut child = cos(&file, &crashed).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(window)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            kills += 1;
            let store = Store::open(&crashed).await.unwrap();
            positions.push(store.cursor().await.unwrap().map_or(0, |c| c.number));
            store.connection().clone().close().await.ok();
        } else {
            let path = dir.join("crashed.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
    assert!(
        cos(&file, &crashed).status().unwrap().success(),
        "the run after the kills completes"
    );
    // The kills landed at many different points of the chain, not all before the first commit.
    assert!(
        distinct(&positions) >= DISTINCT,
        "kills landed at too few points: {positions:?}"
    );

    let (clean_db, crashed_db) = (Store::open(&clean).await.unwrap(), Store::open(&crashed).await.unwrap());
    let crashed_conn = crashed_db.connection();
    let stored = blocks::Entity::find().count(crashed_conn).await.unwrap();
    assert_eq!(stored, last - first + 1, "no gap, no duplicate block");
    let events = events::Entity::find().count(crashed_conn).await.unwrap();
    assert_eq!(events as usize, total_events, "every event exactly once");
    let (a, b) = (dump(clean_db.connection()).await, dump(crashed_conn).await);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    println!(
        "{kills} kills in {attempts} runs (cursor after each kill: {positions:?}); clean run {clean_time:?}; {stored} blocks, {events} events"
    );
    std::fs::remove_dir_all(&dir).ok();
}
