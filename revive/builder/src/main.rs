//! `build-contracts-revive MANIFEST...`: builds each ink! 6 contract crate to
//! PolkaVM, ink! metadata and a `.contract` bundle under
//! `<target>/ink/<name>/`, as `cargo contract build --release` 6.0.0-beta.2
//! does (the same library, `contract-build`), and lists the host functions
//! each blob imports with the oldest pallet-revive that has them all
//! ([`syscalls`]).
//!
//! Run by `cargo xtask build`, which sets `RUSTUP_TOOLCHAIN` to a toolchain
//! with `rust-src` (contract-build runs `cargo` with `-Zbuild-std`) and
//! `CARGO_UNSTABLE_JSON_TARGET_SPEC=true` (Rust 1.95 wants it for the
//! PolkaVM target's JSON spec; contract-build does not pass it).

use anyhow::{anyhow, bail, Context, Result};
use contract_build::{BuildArtifacts, BuildMode, ComposeBuildArgs, ExecuteArgs, ManifestPath, Verbosity};
use std::{path::PathBuf, time::Instant};

mod syscalls;

/// Verifiable (Docker) builds are not used: `execute` needs a type for them.
struct NoDocker;

impl ComposeBuildArgs for NoDocker {
    fn compose_build_args() -> Result<Vec<String>> {
        bail!("verifiable builds (Docker) are not supported here")
    }
}

fn main() {
    if let Err(error) = build_all() {
        eprintln!("build-contracts-revive: error: {error:#}");
        std::process::exit(1);
    }
}

fn build_all() -> Result<()> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let usage = "usage: build-contracts-revive <target dir> <path/to/Cargo.toml>...";
    let target_dir = args.next().ok_or_else(|| anyhow!(usage))?;
    let manifests: Vec<PathBuf> = args.collect();
    if manifests.is_empty() {
        bail!(usage);
    }
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
            target_dir: Some(target_dir.clone()),
            ..ExecuteArgs::default()
        };
        let result = contract_build::execute::<NoDocker>(args)
            .with_context(|| format!("building the contract at {}", manifest.display()))?;
        let blob = result
            .dest_binary
            .as_ref()
            .ok_or_else(|| anyhow!("no PolkaVM blob was produced for {}", manifest.display()))?;
        let bytes = std::fs::read(blob).with_context(|| format!("reading {}", blob.display()))?;
        let size = bytes.len();
        let imports = imports(bytes)?;
        let ((major, minor), release) = syscalls::minimum(&imports)?;
        eprintln!(
            "    {size} bytes of PolkaVM -> {} ({:.0?})\n    imports: {}\n    runs on pallet-revive 0.{major}.{minor} (polkadot-sdk {release}) or later",
            result.target_directory.display(),
            started.elapsed(),
            imports.join(", ")
        );
    }
    Ok(())
}

/// The host functions a blob imports (the linker keeps only those it calls).
fn imports(bytes: Vec<u8>) -> Result<Vec<String>> {
    let blob = polkavm_linker::ProgramBlob::parse(bytes.into()).map_err(|e| anyhow!("not a PolkaVM blob: {e}"))?;
    blob.imports()
        .iter()
        .map(|symbol| symbol.map(|s| String::from_utf8_lossy(s.as_bytes()).into_owned()))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| anyhow!("the blob's import table is malformed"))
}
