//! `cos`: the COS command line.

mod demo;
mod demo_quota;
mod index;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cos", version, about = "COS: the Community Operating System")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Deploy the COS contracts on drink's in-process chain (the real
    /// pallet-contracts running the release Wasm), run a community scenario
    /// printing every step, and index it into a SQLite file. Needs the bundles
    /// from `cargo xtask build`.
    Demo {
        /// Where the demo's chain is indexed.
        #[arg(long, default_value = "sqlite:target/cos-demo.db")]
        db: String,
    },
    /// Index every COS contract instance of a chain (found by the code hashes of
    /// the bundles) into SQLite or PostgreSQL: catch up to the finalised head
    /// with a progress bar, then follow it. Safe to stop and restart at any
    /// point: it resumes after the last block written, with no gap and no
    /// duplicate. Logs go to stderr (RUST_LOG=debug for more).
    Index(index::IndexArgs),
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
        Command::Demo { db } => {
            let chain = demo::run()?;
            runtime.block_on(demo::index(&chain, &db))
        }
        Command::Index(args) => runtime.block_on(index::run(args)),
    }
}
