//! `cargo xtask`: one entry point that sets up a fresh machine and drives COS.
//!
//! Every command installs what is missing first (Rust 1.86.0 with `rust-src` and
//! `clippy` for release Wasm, `cargo-contract` 5.0.3), so each works on a fresh
//! machine. Any failing step stops the run with the tool's own output above and
//! a one-line summary of what failed.

use std::{
    env,
    ffi::OsStr,
    fs,
    path::{Path, PathBuf},
    process::{exit, Command},
    time::Instant,
};

/// The toolchain that builds contract Wasm. `cargo contract build --release`
/// fails on Rust >= 1.92 (`panic_immediate_abort` moved behind build-std), and
/// 1.86 emits MVP Wasm, which `pallet-contracts` requires.
const WASM_TOOLCHAIN: &str = "1.86.0";
const CARGO_CONTRACT_VERSION: &str = "5.0.3";

const HELP: &str = "\
cargo xtask <command>

  setup            install what is missing: Rust 1.86.0 (rust-src, clippy), cargo-contract 5.0.3
  build            setup, then build every contract under contracts/ in release mode
                   (bundles at target/ink/<name>/<name>.contract, with .wasm and .json)
  demo             build, then run the community scenario on drink's in-process chain
  test             build (with the PSP22 reference token, for the gas budget test),
                   then run every test of the workspace (unit, property, drink)
  bench [--write]  build (with the PSP22 reference token), then measure gas and Wasm size;
                   --write also rewrites BENCHMARKS.md
";

type Result<T = ()> = std::result::Result<T, String>;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup(),
        Some("build") => build(),
        Some("demo") => build().and_then(|()| demo()),
        Some("test") => build().and_then(|()| build_reference()).and_then(|()| test()),
        Some("bench") => build()
            .and_then(|()| build_reference())
            .and_then(|()| bench(args.iter().any(|a| a == "--write"))),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => eprintln!("xtask: done in {:.0?}", started.elapsed()),
        Err(message) => {
            eprintln!("xtask: error: {message}");
            exit(1);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn step(message: &str) {
    eprintln!("\n==> {message}");
}

/// A command with the toolchain choice of the `cargo xtask` invocation removed,
/// so that `+toolchain` arguments and `rust-toolchain` files decide.
fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    for var in ["RUSTUP_TOOLCHAIN", "RUSTC", "RUSTDOC", "RUSTC_WRAPPER", "CARGO"] {
        cmd.env_remove(var);
    }
    cmd.current_dir(root());
    cmd
}

fn run(cmd: &mut Command) -> Result {
    let shown = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args().map(OsStr::to_string_lossy).collect::<Vec<_>>().join(" ")
    );
    eprintln!("    $ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status}); its output is above"))
    }
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn setup() -> Result {
    step("checking tools");
    let toolchains = output(command("rustup").args(["toolchain", "list"]))
        .ok_or("rustup is required: install it from your distribution or rustup.rs")?;
    if toolchains.lines().any(|l| l.starts_with(WASM_TOOLCHAIN)) {
        eprintln!("    Rust {WASM_TOOLCHAIN}: present");
    } else {
        step(&format!("installing Rust {WASM_TOOLCHAIN} (rust-src, clippy) for contract Wasm"));
    }
    // Idempotent: also adds a missing component to an existing toolchain.
    run(command("rustup").args([
        "toolchain",
        "install",
        WASM_TOOLCHAIN,
        "--profile",
        "minimal",
        "--component",
        "rust-src,clippy",
        "--no-self-update",
    ]))?;
    let installed = output(command("cargo").args(["contract", "--version"])).unwrap_or_default();
    if installed.contains(&format!("cargo-contract-contract {CARGO_CONTRACT_VERSION}"))
        || installed.contains(&format!(" {CARGO_CONTRACT_VERSION}"))
    {
        eprintln!("    cargo-contract {CARGO_CONTRACT_VERSION}: present");
    } else {
        step(&format!(
            "installing cargo-contract {CARGO_CONTRACT_VERSION} (found: {})",
            if installed.is_empty() { "none" } else { installed.trim() }
        ));
        run(command("cargo").args([
            "install",
            "cargo-contract",
            "--version",
            CARGO_CONTRACT_VERSION,
            "--locked",
        ]))?;
    }
    Ok(())
}

/// Every contract crate: `contracts/<dir>/Cargo.toml` and one level below
/// (`contracts/credit/core`), as (crate name, manifest), sorted by path.
fn contracts() -> Result<Vec<(String, PathBuf)>> {
    let dir = root().join("contracts");
    let mut manifests = Vec::new();
    for entry in read_dir(&dir)? {
        manifests.push(entry.join("Cargo.toml"));
        if entry.is_dir() {
            for nested in read_dir(&entry)? {
                manifests.push(nested.join("Cargo.toml"));
            }
        }
    }
    manifests.retain(|m| m.is_file());
    manifests.sort();
    manifests
        .into_iter()
        .map(|manifest| Ok((crate_name(&manifest)?, manifest)))
        .collect()
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    entries
        .map(|entry| entry.map(|e| e.path()).map_err(|e| format!("reading {}: {e}", dir.display())))
        .collect()
}

/// The `name` of the `[package]` in `manifest`.
fn crate_name(manifest: &Path) -> Result<String> {
    let text = fs::read_to_string(manifest).map_err(|e| format!("reading {}: {e}", manifest.display()))?;
    text.lines()
        .skip_while(|line| line.trim() != "[package]")
        .find_map(|line| {
            let value = line.trim().strip_prefix("name")?.trim_start().strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_string())
        })
        .ok_or_else(|| format!("{} has no [package] name", manifest.display()))
}

fn build_contract(manifest: &Path, name: &str) -> Result {
    step(&format!("building contract `{name}` (release, Rust {WASM_TOOLCHAIN})"));
    run(command("cargo")
        .arg(format!("+{WASM_TOOLCHAIN}"))
        .args(["contract", "build", "--release", "--quiet", "--manifest-path"])
        .arg(manifest))?;
    let out = root().join("target/ink").join(name);
    for ext in ["contract", "wasm", "json"] {
        let file = out.join(format!("{name}.{ext}"));
        if !file.is_file() {
            return Err(format!("cargo contract succeeded but {} is missing", file.display()));
        }
    }
    let wasm = fs::metadata(out.join(format!("{name}.wasm"))).map_or(0, |m| m.len());
    eprintln!("    {name}.wasm: {wasm} bytes -> {}", out.display());
    Ok(())
}

fn build() -> Result {
    setup()?;
    for (name, manifest) in contracts()? {
        build_contract(&manifest, &name)?;
    }
    Ok(())
}

/// The reference PSP22 token for the benchmark and the gas budget test: Cardinal's
/// example contract from the `psp22` crate, built through a two-line wrapper crate
/// (see its Cargo.toml).
fn build_reference() -> Result {
    let manifest = root().join("e2e/reference/psp22_reference/Cargo.toml");
    build_contract(&manifest, "psp22_reference")
}

fn demo() -> Result {
    step("running the demo on drink's in-process chain");
    run(command("cargo").args(["run", "--quiet", "--package", "cos-cli", "--", "demo"]))
}

fn test() -> Result {
    step("running every test");
    run(command("cargo").args(["test", "--workspace"]))
}

fn bench(write: bool) -> Result {
    step("benchmarking gas and Wasm size");
    let mut cmd = command("cargo");
    cmd.args(["run", "--quiet", "--package", "cos-e2e", "--bin", "bench", "--"]);
    if write {
        cmd.arg("--write").arg(root().join("BENCHMARKS.md"));
    }
    run(&mut cmd)
}
