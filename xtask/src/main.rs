//! `cargo xtask`: one entry point that sets up a fresh machine and drives COS.
//!
//! Every command installs what is missing first (Rust 1.86.0 with `rust-src` and
//! `clippy` for release Wasm), so each works on a fresh machine. Contracts are
//! built by `build-contracts` (crate `cos-contract-builder`), which links
//! `contract-build` 5.0.3, the library behind `cargo contract build`: it compiles
//! with the workspace in its one dev profile, so binaryen compiles once for it and
//! for drink, and no `cargo install cargo-contract` is needed.
//!
//! Each stage prints a line when it starts and its time when it ends; the tools'
//! own progress shows in between. Any failing stage stops the run with the tool's
//! output above and a one-line summary of what failed.

use std::{
    env,
    ffi::OsStr,
    fs,
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{exit, Command, Stdio},
    time::{Duration, Instant},
};

/// The toolchain that builds contract Wasm. `cargo contract build --release`
/// fails on Rust >= 1.92 (`panic_immediate_abort` moved behind build-std), and
/// 1.86 emits MVP Wasm, which `pallet-contracts` requires.
const WASM_TOOLCHAIN: &str = "1.86.0";

/// The toolchain that builds the ink! 6 PolkaVM contracts for pallet-revive
/// and their builder (`revive/builder`, contract-build 6.0.0-beta.2): ink! 6
/// needs Rust >= 1.88, and this is the release it was verified with.
const POLKAVM_TOOLCHAIN: &str = "1.95.0";

const HELP: &str = "\
cargo xtask <command>

  setup            install what is missing: Rust 1.86.0 (rust-src, clippy) for contract Wasm,
                   Rust 1.95.0 (rust-src) for PolkaVM,
                   the explorer's front-end libraries (npm ci in graphql/web)
  build            setup, then build every contract for both platforms in release mode:
                   ink! 5 Wasm for pallet-contracts (contracts/<name>: target/ink/<name>/
                   <name>.contract, .wasm, .json) and ink! 6 PolkaVM for pallet-revive
                   (revive/contracts/<name>: target/revive/ink/<name>/<name>.polkavm, .json)
  demo             build, then play the community story on drink's in-process chain, index it
                   block by block into target/cos-demo.db and serve the explorer and GraphQL
                   at http://127.0.0.1:8080 until Ctrl-C
  test             setup (and chromium + chromium-driver for the browser test); compile the
                   workspace with clippy (warnings are errors); build the contracts (with the
                   PSP22 reference token); check formatting; run every test (unit, property,
                   drink, API on SQLite and PostgreSQL, browser); end with
                   `N passed, N failed, N skipped` (tests this machine cannot run are skipped, saying why)
  bench [--write]  build (with the PSP22 reference token), then measure gas and Wasm size,
                   the indexer's ingest rate (SQLite, PostgreSQL) and catch-up from drink,
                   and the GraphQL server's latency under load (1M transfers); --write also
                   rewrites BENCHMARKS.md
  node             build and install substrate-contracts-node 0.42 (about an hour on two
                   cores: apt packages protobuf-compiler, clang, libclang-dev; Rust 1.86
                   with wasm32-unknown-unknown); the real-node test runs once it is on PATH
";

type Result<T = ()> = std::result::Result<T, String>;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup(),
        Some("build") => setup()
            .and_then(|()| compile(&["-p", "cos-contract-builder"], false))
            .and_then(|()| build_contracts(false))
            .and_then(|()| build_revive_contracts()),
        Some("demo") => demo(),
        Some("test") => test(),
        Some("bench") => bench(args.iter().any(|a| a == "--write")),
        Some("node") => node(),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => eprintln!("xtask: done in {}", elapsed(started.elapsed())),
        Err(message) => {
            eprintln!("xtask: error: {message} (after {})", elapsed(started.elapsed()));
            exit(1);
        }
    }
}

fn elapsed(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// Runs `body` as a named stage: a line when it starts, its time when it ends.
fn stage(name: &str, body: impl FnOnce() -> Result) -> Result {
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let result = body();
    let status = if result.is_ok() { "done" } else { "FAILED" };
    eprintln!("==> {status}: {name} ({})", elapsed(started.elapsed()));
    result
}

/// A command with the toolchain choice of the `cargo xtask` invocation removed,
/// so that `+toolchain` arguments and `rust-toolchain` files decide.
fn command(program: impl AsRef<OsStr>) -> Command {
    let mut cmd = Command::new(program);
    for var in ["RUSTUP_TOOLCHAIN", "RUSTC", "RUSTDOC", "RUSTC_WRAPPER", "CARGO"] {
        cmd.env_remove(var);
    }
    cmd.current_dir(root());
    cmd
}

fn shown(cmd: &Command) -> String {
    format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args().map(OsStr::to_string_lossy).collect::<Vec<_>>().join(" ")
    )
}

fn run(cmd: &mut Command) -> Result {
    let shown = shown(cmd);
    eprintln!("    $ {shown}");
    let status = cmd.status().map_err(|e| format!("could not start `{shown}`: {e}"))?;
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
    front_end()?;
    stage("checking tools", || {
        let toolchains = output(command("rustup").args(["toolchain", "list"]))
            .ok_or("rustup is required: install it from your distribution or rustup.rs")?;
        for (toolchain, purpose) in [
            (WASM_TOOLCHAIN, "ink! 5 Wasm (pallet-contracts)"),
            (POLKAVM_TOOLCHAIN, "ink! 6 PolkaVM (pallet-revive)"),
        ] {
            if toolchains.lines().any(|l| l.starts_with(toolchain)) {
                eprintln!("    Rust {toolchain}: present");
            } else {
                eprintln!("    installing Rust {toolchain} (rust-src, clippy) for {purpose}");
            }
            // Idempotent: also adds a missing component to an existing toolchain.
            run(command("rustup").args([
                "toolchain",
                "install",
                toolchain,
                "--profile",
                "minimal",
                "--component",
                "rust-src,clippy",
                "--no-self-update",
            ]))?;
        }
        Ok(())
    })
}

/// The explorer's front-end libraries (GraphiQL, React, graphql-ws) from the
/// npm registry, pinned by `graphql/web/package-lock.json`, into
/// `graphql/web/node_modules`; the server serves them from there (no CDN).
fn front_end() -> Result {
    let web = root().join("graphql").join("web");
    let installed = web.join("node_modules").join(".package-lock.json");
    let fresh = match (fs::metadata(&installed), fs::metadata(web.join("package-lock.json"))) {
        (Ok(done), Ok(lock)) => done.modified().ok() >= lock.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    stage("installing the explorer's front-end libraries (npm ci)", || {
        if output(command("npm").arg("--version")).is_none() {
            return Err(
                "npm is required for the explorer's libraries: install Node.js (apt-get install nodejs npm)".into(),
            );
        }
        run(command("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&web))
    })
}

/// Debian's Chromium and its WebDriver, for the explorer's browser test.
fn browser() -> Result {
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() {
        return Ok(());
    }
    stage(
        "installing chromium and chromium-driver (the explorer's browser test)",
        || apt_install(&["chromium", "chromium-driver"]),
    )
}

/// Installs Debian packages, refreshing the package lists first if the
/// install fails on stale ones.
fn apt_install(packages: &[&str]) -> Result {
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend_from_slice(packages);
    run(command("apt-get").args(&args)).or_else(|_| {
        run(command("apt-get").arg("update"))?;
        run(command("apt-get").args(&args))
    })
}

/// `cargo build` of the host code. With `lint`, workspace crates compile through
/// `clippy-driver` with warnings denied: the lints come with the build instead of
/// a second, check-mode compile of all ~900 dependencies.
fn compile(selection: &[&str], lint: bool) -> Result {
    let what = if lint {
        "compiling the workspace with clippy (warnings are errors)"
    } else {
        "compiling the host tools"
    };
    stage(what, || {
        let mut cmd = command("cargo");
        cmd.arg("build").args(selection);
        if lint {
            let driver = output(command("rustup").args(["which", "clippy-driver"]))
                .ok_or("clippy is missing: `rustup component add clippy`")?;
            cmd.env("RUSTC_WORKSPACE_WRAPPER", driver.trim());
            // How cargo-clippy passes lint flags to clippy-driver.
            cmd.env("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__");
        }
        run(&mut cmd)
    })
}

/// Every contract crate: `contracts/<dir>/Cargo.toml` and one level below
/// (`contracts/credit/core`) whose `src/lib.rs` holds an `#[ink::contract]`
/// (so `contracts/common`, a library, is not one), sorted by path.
fn contracts() -> Result<Vec<PathBuf>> {
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
    manifests.retain(|m| {
        let lib = m.with_file_name("src").join("lib.rs");
        // `#[ink::contract]` or `#[ink::contract(env = ...)]`.
        fs::read_to_string(lib).is_ok_and(|source| source.contains("#[ink::contract"))
    });
    manifests.sort();
    Ok(manifests)
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    entries
        .map(|entry| {
            entry
                .map(|e| e.path())
                .map_err(|e| format!("reading {}: {e}", dir.display()))
        })
        .collect()
}

/// Builds every contract (and, with `reference`, the PSP22 reference token of the
/// benchmark) with `build-contracts`, run under the Wasm toolchain.
fn build_contracts(reference: bool) -> Result {
    let mut manifests = contracts()?;
    if reference {
        manifests.push(root().join("e2e/reference/psp22_reference/Cargo.toml"));
    }
    share_contract_target_dirs(&manifests)?;
    stage(
        &format!(
            "building {} contracts (release Wasm, Rust {WASM_TOOLCHAIN})",
            manifests.len()
        ),
        || {
            let builder = target_dir().join("debug").join("build-contracts");
            run(command(&builder)
                .env("RUSTUP_TOOLCHAIN", WASM_TOOLCHAIN)
                .args(&manifests))
        },
    )
}

/// The ink! 6 contract crates for pallet-revive: `revive/contracts/<dir>`
/// whose library (the `[lib] path`, shared with the ink! 5 crate where one
/// exists) holds an `#[ink::contract]`, sorted by path.
fn revive_contracts() -> Result<Vec<PathBuf>> {
    let mut manifests: Vec<PathBuf> = read_dir(&root().join("revive").join("contracts"))?
        .into_iter()
        .map(|dir| dir.join("Cargo.toml"))
        .filter(|manifest| {
            let Ok(text) = fs::read_to_string(manifest) else {
                return false;
            };
            let lib = text
                .lines()
                .skip_while(|line| line.trim() != "[lib]")
                .find_map(|line| {
                    let value = line.trim().strip_prefix("path")?.trim_start().strip_prefix('=')?;
                    Some(value.trim().trim_matches('"').to_string())
                })
                .unwrap_or_else(|| "src/lib.rs".into());
            fs::read_to_string(manifest.with_file_name(lib)).is_ok_and(|source| source.contains("#[ink::contract"))
        })
        .collect();
    manifests.sort();
    Ok(manifests)
}

/// Builds the ink! 6 contracts to PolkaVM with `build-contracts-revive`
/// (`revive/builder`, its own workspace and lockfile: contract-build 6 and 5
/// cannot share one), both under Rust 1.95 with `rust-src`: the builder must
/// be compiled by the Rust it builds with. Bundles land in
/// `target/revive/ink/<name>/`.
fn build_revive_contracts() -> Result {
    let builder_target = target_dir().join("revive").join("builder");
    stage(
        &format!("compiling the PolkaVM contract builder (contract-build 6, Rust {POLKAVM_TOOLCHAIN})"),
        || {
            run(command("cargo")
                .env("RUSTUP_TOOLCHAIN", POLKAVM_TOOLCHAIN)
                .env("CARGO_TARGET_DIR", &builder_target)
                .args(["build", "-p", "cos-contract-builder-revive", "--manifest-path"])
                .arg(root().join("revive").join("Cargo.toml")))
        },
    )?;
    let manifests = revive_contracts()?;
    stage(
        &format!(
            "building {} contracts (release PolkaVM for pallet-revive, Rust {POLKAVM_TOOLCHAIN})",
            manifests.len()
        ),
        || {
            run(command(builder_target.join("debug").join("build-contracts-revive"))
                .env("RUSTUP_TOOLCHAIN", POLKAVM_TOOLCHAIN)
                // Rust >= 1.93 wants it for the PolkaVM target's JSON spec.
                .env("CARGO_UNSTABLE_JSON_TARGET_SPEC", "true")
                .arg(target_dir().join("revive"))
                .args(&manifests))
        },
    )
}

/// `contract-build` gives each contract of a workspace its own cargo target
/// directory, `target/ink/<name>`, so each build compiled ink! and its
/// dependencies again (for Wasm and, for the metadata, for the host). Pointing
/// every `target/ink/<name>` at one shared directory lets the builds share that
/// work; the outputs keep their paths (`target/ink/<name>/<name>.contract`) and
/// their names never collide. A directory left by an older checkout stays as it is.
fn share_contract_target_dirs(manifests: &[PathBuf]) -> Result {
    let ink = target_dir().join("ink");
    let shared = ink.join("shared");
    fs::create_dir_all(&shared).map_err(|e| format!("creating {}: {e}", shared.display()))?;
    for manifest in manifests {
        let name = crate_name(manifest)?.replace('-', "_");
        let link = ink.join(&name);
        if fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink("shared", &link).map_err(|e| format!("linking {}: {e}", link.display()))?;
        }
    }
    Ok(())
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

fn demo() -> Result {
    setup()?;
    compile(&["-p", "cos-contract-builder", "-p", "cos-cli"], false)?;
    build_contracts(false)?;
    stage("running the demo on drink's in-process chain", || {
        run(command(target_dir().join("debug").join("cos")).arg("demo"))
    })
}

fn test() -> Result {
    setup()?;
    browser()?;
    compile(&["--workspace", "--all-targets"], true)?;
    build_contracts(true)?;
    build_revive_contracts()?;
    stage("checking formatting", || {
        run(command("cargo").args(["fmt", "--all", "--check"]))?;
        run(command("cargo")
            .args(["fmt", "--all", "--check", "--manifest-path"])
            .arg(root().join("revive").join("Cargo.toml")))
    })?;
    stage("running every test", run_tests)
}

/// Tests that need what a machine may lack, each with its test names and,
/// when it is missing, why they cannot run here. `cargo xtask test` skips
/// them by name (`--skip`) and counts them as skipped, never as passed.
fn unavailable() -> Vec<(&'static [&'static str], String)> {
    let mut missing: Vec<(&'static [&'static str], String)> = Vec::new();
    if output(command("substrate-contracts-node").arg("--version")).is_none() {
        missing.push((
            &[
                "the_cli_deploys_rewards_indexes_and_serves_on_a_real_node",
                "a_real_node_is_indexed_as_the_chain_says",
            ],
            "the real-node tests (e2e/tests/suites/node.rs, cli/tests/node.rs) found no substrate-contracts-node on PATH; \
             `cargo xtask node` builds it (about an hour)"
                .into(),
        ));
    }
    let initdb = fs::read_dir("/usr/lib/postgresql")
        .map(|dirs| {
            dirs.filter_map(|d| d.ok())
                .any(|d| d.path().join("bin/initdb").exists())
        })
        .unwrap_or(false);
    let root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let runuser = output(command("runuser").arg("--version")).is_some();
    if !(initdb && root && runuser) {
        missing.push((
            &["a_postgres_restart_while_indexing_is_waited_out_with_nothing_lost"],
            "the PostgreSQL restart test (cli/tests/crash.rs) runs a private PostgreSQL server as the postgres user: \
             it needs the server binaries (/usr/lib/postgresql/*/bin/initdb), root and runuser"
                .into(),
        ));
    }
    missing
}

/// `cargo test --workspace` (through the same clippy wrapper as the build, so
/// nothing recompiles), its output passed through, ending with one summary line
/// over every test binary: `N passed, N failed, N skipped`.
fn run_tests() -> Result {
    let driver = output(command("rustup").args(["which", "clippy-driver"])).unwrap_or_default();
    let missing = unavailable();
    let mut cmd = command("cargo");
    cmd.args(["test", "--workspace"])
        .env("RUSTC_WORKSPACE_WRAPPER", driver.trim())
        .env("CLIPPY_ARGS", "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__")
        .stdout(Stdio::piped());
    if !missing.is_empty() {
        cmd.arg("--");
        for name in missing.iter().flat_map(|(names, _)| names.iter()) {
            cmd.args(["--skip", name]);
        }
    }
    let shown = shown(&cmd);
    eprintln!("    $ {shown}");
    let mut child = cmd.spawn().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let (mut passed, mut failed, mut ignored) = (0u64, 0u64, 0u64);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("reading the test output: {e}"))?;
            println!("{line}");
            if let Some(result) = line.strip_prefix("test result: ") {
                passed += count(result, " passed");
                failed += count(result, " failed");
                ignored += count(result, " ignored");
            }
        }
    }
    let status = child.wait().map_err(|e| format!("waiting for `{shown}`: {e}"))?;
    let skipped = ignored + missing.iter().map(|(names, _)| names.len() as u64).sum::<u64>();
    for (names, why) in &missing {
        println!("SKIPPED ({}): {why}", names.join(", "));
    }
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{shown}` failed ({status}): {failed} test(s) failed; the output is above"
        ))
    }
}

/// The number before `label` in a `test result:` line (`ok. 3 passed; 0 failed; ...`).
fn count(result: &str, label: &str) -> u64 {
    result
        .split(';')
        .find_map(|part| {
            part.trim()
                .trim_start_matches("ok. ")
                .trim_start_matches("FAILED. ")
                .strip_suffix(label)?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn bench(write: bool) -> Result {
    setup()?;
    compile(&["-p", "cos-contract-builder", "-p", "cos-e2e", "--bins"], false)?;
    build_contracts(true)?;
    build_revive_contracts()?;
    for (name, binary) in [
        ("gas and Wasm size", "bench"),
        ("indexer ingest and catch-up", "index_bench"),
        ("the GraphQL server under load", "serve_bench"),
    ] {
        stage(&format!("benchmarking {name}"), || {
            let mut cmd = command(target_dir().join("debug").join(binary));
            if write {
                cmd.arg("--write").arg(root().join("BENCHMARKS.md"));
            }
            run(&mut cmd)
        })?;
    }
    Ok(())
}

/// The real node of the tests: `substrate-contracts-node` 0.42 (crate
/// `contracts-node`), built as `../shared/STACK.md` found it builds: its nested
/// runtime build needs the Wasm toolchain 1.86 and a workspace hint pointing at
/// the unpacked crate, or it ignores the published Cargo.lock and fails.
const NODE_VERSION: &str = "0.42.0";

fn node() -> Result {
    if output(command("substrate-contracts-node").arg("--version")).is_some() {
        eprintln!("substrate-contracts-node is already installed");
        return Ok(());
    }
    stage("installing protobuf-compiler, clang and libclang-dev", || {
        if output(command("protoc").arg("--version")).is_some() && output(command("clang").arg("--version")).is_some() {
            eprintln!("    present");
            return Ok(());
        }
        apt_install(&["protobuf-compiler", "clang", "libclang-dev"])
    })?;
    stage(
        &format!("installing Rust {WASM_TOOLCHAIN} with wasm32-unknown-unknown"),
        || {
            run(command("rustup").args([
                "toolchain",
                "install",
                WASM_TOOLCHAIN,
                "--profile",
                "minimal",
                "--component",
                "rust-src,clippy",
                "--target",
                "wasm32-unknown-unknown",
                "--no-self-update",
            ]))
        },
    )?;
    let source = stage(&format!("unpacking contracts-node {NODE_VERSION}"), || {
        if unpacked_node().is_some() {
            return Ok(());
        }
        // `cargo install` unpacks the crate first; stop it once the sources are there.
        let mut child = command("cargo")
            .args([
                "install",
                "contracts-node",
                "--version",
                NODE_VERSION,
                "--locked",
                "--root",
            ])
            .arg(target_dir().join("node-probe"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start cargo install: {e}"))?;
        let started = Instant::now();
        while unpacked_node().is_none() && started.elapsed() < Duration::from_secs(900) {
            std::thread::sleep(Duration::from_secs(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        unpacked_node()
            .map(|_| ())
            .ok_or_else(|| "the crate did not unpack within 15 minutes".to_string())
    });
    source?;
    let hint = unpacked_node().ok_or("contracts-node sources vanished")?;
    stage("building substrate-contracts-node (about an hour on two cores)", || {
        run(command("cargo")
            .args(["install", "contracts-node", "--version", NODE_VERSION, "--locked"])
            .env("WASM_BUILD_TOOLCHAIN", WASM_TOOLCHAIN)
            .env("WASM_BUILD_WORKSPACE_HINT", &hint))
    })
}

/// `~/.cargo/registry/src/<index>/contracts-node-<version>`, once unpacked (with its Cargo.lock).
fn unpacked_node() -> Option<PathBuf> {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let registry = home.join("registry").join("src");
    fs::read_dir(registry)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join(format!("contracts-node-{NODE_VERSION}")))
        .find(|dir| dir.join("Cargo.lock").is_file())
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_the_parts_of_a_test_result_line() {
        let line = "ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(
            (count(line, " passed"), count(line, " failed"), count(line, " ignored")),
            (12, 0, 1)
        );
        let line = "FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out";
        assert_eq!((count(line, " passed"), count(line, " failed")), (3, 2));
    }
}
