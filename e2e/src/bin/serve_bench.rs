//! Load benchmark of the GraphQL server (`cargo xtask bench`): requests/s and
//! latency percentiles of two queries a dApp makes most (a community's
//! leaderboard, one page of an account's transfers), over a SQLite database
//! of 1,000,000 transfers, on loopback.
//!
//! The database is made once (`target/serve-bench.db`) with the indexer's
//! schema and synthetic rows written by SQL (indexing a million transfers
//! through drink would take an hour): 1,000,000 transfers among 5,000
//! accounts over 100,000 blocks, and a leaderboard of 20,000 contributors.
//! The load is open-loop: requests are sent on a fixed schedule, and each
//! latency is measured from when its request was due, so a slow server cannot
//! hide its queueing (no coordinated omission). Bounded in time: a few
//! seconds per run.
//!
//! `serve_bench [--write BENCHMARKS.md] [--seconds N]`

use anyhow::{bail, Context, Result};
use cos_graphql::{data::Db, feed::Feed, server::App, Config};
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use sea_orm::ConnectionTrait;
use std::{
    fmt::Write as _,
    net::SocketAddr,
    path::PathBuf,
    sync::Arc,
    time::{Duration, Instant},
};

const TRANSFERS: i64 = 1_000_000;
const ACCOUNTS: i64 = 5_000;
const CONTRIBUTORS: i64 = 20_000;
const TOKEN: &str = "aa00000000000000000000000000000000000000000000000000000000000001";
const QUOTA: &str = "bb00000000000000000000000000000000000000000000000000000000000002";

fn account(n: i64) -> String {
    format!("{n:064x}")
}

/// Fills `url` with the synthetic chain (once).
async fn fill(db: &sea_orm::DatabaseConnection) -> Result<()> {
    let have = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM transfers",
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    if have >= TRANSFERS {
        return Ok(());
    }
    eprintln!("making the benchmark database: {TRANSFERS} transfers, {CONTRIBUTORS} contributors (once)");
    let started = Instant::now();
    let statements = [
        format!(
            "INSERT INTO transfers (block, idx, timestamp, token, \"from\", \"to\", amount)
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             SELECT i / 10, i % 10, 1700000000000 + (i / 10) * 6000, '{TOKEN}',
                    printf('%064x', i % {ACCOUNTS}), printf('%064x', (i * 7 + 1) % {ACCOUNTS}),
                    printf('%039d', 1000000 + (i * 7919) % 100000000)
             FROM n",
            last = TRANSFERS - 1
        ),
        format!(
            "INSERT INTO blocks (number, hash, parent_hash, timestamp, events)
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             SELECT i, printf('%064x', i + 1000000000), printf('%064x', i + 999999999), 1700000000000 + i * 6000, 10 FROM n",
            last = TRANSFERS / 10 - 1
        ),
        format!(
            "INSERT INTO accounts (address, first_block)
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last})
             SELECT printf('%064x', i), i FROM n",
            last = CONTRIBUTORS - 1
        ),
        format!(
            "INSERT INTO leaderboard (contract, community, category, period, account, records, amount)
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {last}),
                  c(k) AS (SELECT -1 UNION ALL SELECT k + 1 FROM c WHERE k < 3)
             SELECT '{QUOTA}', 0, k, '', printf('%064x', i), 1 + i % 50, printf('%039d', 100000000 + (i * 104729) % 1000000000000)
             FROM n, c",
            last = CONTRIBUTORS - 1
        ),
        format!(
            "INSERT INTO tokens (token, issued, burned, supply, circulating, transfers, volume)
             VALUES ('{TOKEN}', printf('%039d', 3072000000000000000), printf('%039d', 0), printf('%039d', 3072000000000000000),
                     printf('%039d', 3000000000000000000), {TRANSFERS}, printf('%039d', 0))"
        ),
        format!(
            "INSERT INTO communities (contract, community, admin, pending_admin, block, members, records, donated, unlocked, bonuses)
             VALUES ('{QUOTA}', 0, '{}', NULL, 1, {CONTRIBUTORS}, {CONTRIBUTORS}, printf('%039d', 0), printf('%039d', 0), printf('%039d', 0))",
            account(1)
        ),
        format!(
            "INSERT INTO cursor (id, number, hash, head) VALUES (1, {last}, printf('%064x', {last}), {last})",
            last = TRANSFERS / 10 - 1
        ),
        "ANALYZE".to_string(),
    ];
    for sql in statements {
        db.execute_unprepared(&sql)
            .await
            .with_context(|| format!("filling the benchmark database: {sql}"))?;
    }
    eprintln!("  made in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

struct Run {
    name: &'static str,
    rate: u64,
    sent: u64,
    errors: u64,
    seconds: f64,
    latency: Histogram<u64>,
}

/// Sends `body` at `rate` requests/s for `seconds`, open-loop.
async fn run(addr: SocketAddr, name: &'static str, body: Arc<String>, rate: u64, seconds: u64) -> Result<Run> {
    let client = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(256)
        .build_http::<Full<Bytes>>();
    let total = rate * seconds;
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let start = tokio::time::Instant::now() + Duration::from_millis(50);
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = start + interval * i as u32;
        let client = client.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(due).await;
            let request = hyper::Request::post(format!("http://{addr}/graphql"))
                .header("content-type", "application/json")
                .body(Full::new(Bytes::from(body.as_bytes().to_vec())))
                .expect("a request");
            let ok = match client.request(request).await {
                Ok(response) => {
                    let status = response.status().is_success();
                    let bytes = response
                        .into_body()
                        .collect()
                        .await
                        .map(|b| b.to_bytes())
                        .unwrap_or_default();
                    status && !bytes.starts_with(b"{\"data\":null") && !bytes.windows(8).any(|w| w == b"\"errors\"")
                }
                Err(_) => false,
            };
            (due.elapsed(), ok)
        }));
    }
    let mut latency = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let mut errors = 0;
    for task in tasks {
        let (elapsed, ok) = task.await?;
        latency.record(elapsed.as_micros().max(1) as u64)?;
        if !ok {
            errors += 1;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(Run {
        name,
        rate,
        sent: total,
        errors,
        seconds,
        latency,
    })
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let write_to = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let seconds: u64 = args
        .iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(5);
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target");
    let url = format!("sqlite:{}", target.join("serve-bench.db").display());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let store = cos_indexer::Store::open_with(&url, 8).await?;
        fill(store.connection()).await?;
        let db = Db::new(store.connection().clone());
        let config = Config::new(url.clone(), "127.0.0.1:0".parse()?);
        let app = App::new(db.clone(), Feed::idle(), &config)?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            cos_graphql::server::serve_on(listener, app, &config.cors, std::future::pending()).await
        });

        let leaderboard = Arc::new(
            serde_json::json!({ "query": format!(
                r#"{{ leaderboard(first: 20, where: {{ contract: {{ eq: "{QUOTA}" }}, community: {{ eq: 0 }}, category: {{ eq: -1 }}, period: {{ eq: "" }} }}, orderBy: {{ field: AMOUNT, direction: DESC }}) {{ nodes {{ account amount records }} pageInfo {{ endCursor hasNextPage }} }} }}"#
            ) })
            .to_string(),
        );
        let transfers = Arc::new(
            serde_json::json!({ "query": format!(
                r#"{{ transfers(first: 20, where: {{ involves: "{}" }}, orderBy: {{ field: BLOCK, direction: DESC }}) {{ nodes {{ block idx from to amount timestamp }} pageInfo {{ endCursor hasNextPage }} }} }}"#,
                account(4242)
            ) })
            .to_string(),
        );
        // Warm up (caches, connections), and check both queries answer.
        for body in [&leaderboard, &transfers] {
            let warm = run(addr, "warm-up", body.clone(), 200, 1).await?;
            if warm.errors > 0 {
                bail!("the benchmark queries fail: {} of {} errors", warm.errors, warm.sent);
            }
        }
        let mut runs = Vec::new();
        for rate in [1_000, 2_000] {
            runs.push(run(addr, "community leaderboard (top 20)", leaderboard.clone(), rate, seconds).await?);
            runs.push(run(addr, "an account's transfers (20 per page)", transfers.clone(), rate, seconds).await?);
        }
        let mut out = String::new();
        writeln!(out, "| query | target req/s | achieved req/s | p50 ms | p99 ms | max ms | errors |")?;
        writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
        for r in &runs {
            let ms = |q: f64| r.latency.value_at_quantile(q) as f64 / 1000.0;
            writeln!(
                out,
                "| {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {} |",
                r.name,
                r.rate,
                r.sent as f64 / r.seconds,
                ms(0.5),
                ms(0.99),
                r.latency.max() as f64 / 1000.0,
                r.errors
            )?;
        }
        print!("{out}");
        if let Some(path) = write_to {
            let setup = format!(
                "SQLite database of {TRANSFERS} transfers among {ACCOUNTS} accounts and a leaderboard of \
                 {CONTRIBUTORS} contributors in one community; {seconds} s per run.\n\n"
            );
            cos_e2e::report::write_blocks(&path, &[("graphql", setup + &out)])?;
        }
        Ok(())
    })
}
