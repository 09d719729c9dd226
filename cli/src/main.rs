//! `cos`: the COS command line.

mod community;
mod demo;
mod demo_funding;
mod demo_governance;
mod demo_quota;
mod demo_subtoken;
mod deploy;
mod index;
mod narrate;
mod reward;
mod serve;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cos",
    version,
    about = "COS: the Community Operating System",
    long_about = "COS: the Community Operating System. A real chain: `cos deploy` puts the contracts on it and writes cos-deployment.json, `cos community` sets up a community, `cos reward` rewards an activity form, `cos index` and `cos serve` keep and serve its record. Without a chain: `cos demo`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Deploy the COS contracts on drink's in-process chain (the real
    /// pallet-contracts running the release Wasm), play a community's story
    /// block by block printing every step, index each block into SQLite as it
    /// is sealed, and serve GraphQL and the explorer over it (live while the
    /// story plays) until Ctrl-C. Needs the bundles from `cargo xtask build`.
    Demo(demo::DemoArgs),
    /// Index every COS contract instance of a chain (found by the code hashes of
    /// the bundles) into SQLite or PostgreSQL: catch up to the finalised head
    /// with a progress bar, then follow it. Safe to stop and restart at any
    /// point: it resumes after the last block written, with no gap and no
    /// duplicate. Logs go to stderr (RUST_LOG=debug for more).
    Index(index::IndexArgs),
    /// Serve the GraphQL API (queries, subscriptions, GraphiQL) and the web
    /// explorer over an indexer's database, with /health and /metrics. Run it
    /// beside `cos index` (any number of servers may read one database; on
    /// PostgreSQL they are told of new blocks by LISTEN/NOTIFY). Ctrl-C stops
    /// it after the requests in flight.
    Serve(serve::ServeArgs),
    /// Deploy the COS suite (or --only some contracts) on a chain with
    /// pallet-contracts, wired together, and write the deployment manifest.
    /// Every step is dry-run first (gas, storage deposit, the constructor's
    /// answer); --dry-run stops there. Re-running skips what the manifest
    /// and the chain say is deployed.
    Deploy(deploy::DeployArgs),
    /// Reward everyone on an activity form (a CSV of contributor, amount,
    /// category, note) from a sponsor's quota: every line is checked first
    /// (a bad line is reported with its number and nothing is sent), then
    /// the lines go in batches, each all or nothing. --dry-run shows each
    /// line's reward and bonuses and each batch's gas.
    Reward(reward::RewardArgs),
    /// Set up a community on the deployed donation quota so its managers can
    /// reward: grant sponsors quota, fund the bonus reserve, create the
    /// community, name its categories, donate, appoint managers, allocate
    /// quota to them; `show` what it holds. Each action is dry-run first (a
    /// refusal is reported by the contract's error name, nothing sent);
    /// --dry-run signs nothing.
    Community(community::CommunityArgs),
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One message, its causes after colons: what failed and what to do.
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sea_orm_migration=warn,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new()?;
    match Cli::parse().command {
        Command::Demo(args) => demo::run(args, &runtime),
        Command::Index(args) => runtime.block_on(index::run(args)),
        Command::Serve(args) => runtime.block_on(serve::run(args)),
        Command::Deploy(args) => runtime.block_on(deploy::run(args)),
        Command::Reward(args) => runtime.block_on(reward::run(args)),
        Command::Community(args) => runtime.block_on(community::run(args)),
    }
}
