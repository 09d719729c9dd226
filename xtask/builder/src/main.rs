//! `build-contracts MANIFEST...`: builds each contract crate to release Wasm,
//! metadata and a `.contract` bundle under `target/ink/<name>/`, exactly as
//! `cargo contract build --release` 5.0.3 does (it is the same library,
//! `contract-build`), with cargo's own progress on the screen.
//!
//! Once `credit` and `credit_core` are built, it writes the routed COS
//! Credit's bundle from both ([`routed`]).
//!
//! Run by `cargo xtask build`, which sets `RUSTUP_TOOLCHAIN` to the Wasm
//! toolchain (Rust 1.86): `contract-build` runs `cargo` and `rustc` from `PATH`.

use anyhow::{anyhow, bail, Context, Result};
use contract_build::{BuildArtifacts, BuildMode, ExecuteArgs, ManifestPath, Verbosity};
use std::{path::PathBuf, time::Instant};

mod host_functions;
mod routed;

fn main() {
    if let Err(error) = build_all() {
        eprintln!("build-contracts: error: {error:#}");
        std::process::exit(1);
    }
}

fn build_all() -> Result<()> {
    let manifests: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if manifests.is_empty() {
        bail!("usage: build-contracts <path/to/Cargo.toml>...");
    }
    let mut ink_dir = None;
    for (index, manifest) in manifests.iter().enumerate() {
        let started = Instant::now();
        eprintln!(
            "\n--> contract {}/{}: {}",
            index + 1,
            manifests.len(),
            manifest.display()
        );
        let args = ExecuteArgs {
            manifest_path: ManifestPath::new(manifest)?,
            verbosity: Verbosity::Default,
            build_mode: BuildMode::Release,
            build_artifact: BuildArtifacts::All,
            ..ExecuteArgs::default()
        };
        let result = contract_build::execute(args)
            .with_context(|| format!("building the contract at {}", manifest.display()))?;
        ink_dir = result.target_directory.parent().map(PathBuf::from);
        let path = result
            .dest_wasm
            .as_ref()
            .ok_or_else(|| anyhow!("no Wasm was produced for {}", manifest.display()))?;
        let wasm = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let imports =
            host_functions::imports(&wasm).with_context(|| format!("reading the imports of {}", path.display()))?;
        let (major, release) = host_functions::minimum(&imports)?;
        eprintln!(
            "    {} bytes of Wasm -> {} ({:.0?})\n    imports: {}\n    runs on pallet-contracts {major}.0.0 (polkadot-sdk {release}) or later",
            wasm.len(),
            result.target_directory.display(),
            started.elapsed(),
            imports.join(", ")
        );
    }
    if let Some(dir) = ink_dir {
        let built = |name: &str| dir.join(name).join(format!("{name}.contract")).is_file();
        if built("credit") && built("credit_core") {
            let path = routed::write(&dir)?;
            eprintln!("\n--> the routed COS Credit's bundle: {}", path.display());
        }
    }
    Ok(())
}
