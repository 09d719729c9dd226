//! `cos`: the COS command line.

mod demo;
mod demo_quota;

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
    /// pallet-contracts running the release Wasm) and run a community scenario,
    /// printing every step. Needs the bundles from `cargo xtask build`.
    Demo,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Demo => demo::run(),
    }
}
