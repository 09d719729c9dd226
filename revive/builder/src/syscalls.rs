//! Where a PolkaVM bundle runs: the syscalls it imports and the first
//! `pallet-revive` release that provides each with the signature ink!
//! 6.0.0-beta.1 calls (`pallet-revive-uapi` 0.8.0). The build prints each
//! bundle's imports and the version they need; an import this table does
//! not know stops the build, so the table, and the README's "Where COS
//! runs", stay true when the code changes (every `cargo xtask build` runs
//! [`minimum`] on all eight blobs: this workspace has no test run).
//!
//! Read from pallet-revive's runtime and prdoc in polkadot-sdk (December
//! 2026). 0.5.0 (polkadot-sdk stable2503) is the first 64-bit PolkaVM
//! release with today's argument packing; older ones cannot run this code.

use anyhow::{bail, Result};

/// `(syscall, first pallet-revive version, polkadot-sdk release)`.
const SINCE: &[(&str, (u32, u32), &str)] = &[
    ("address", (5, 0), "stable2503"),
    ("balance", (5, 0), "stable2503"),
    ("block_number", (5, 0), "stable2503"),
    ("call", (5, 0), "stable2503"),
    ("call_data_copy", (5, 0), "stable2503"),
    ("call_data_load", (5, 0), "stable2503"),
    ("call_data_size", (5, 0), "stable2503"),
    ("caller", (5, 0), "stable2503"),
    ("delegate_call", (5, 0), "stable2503"),
    ("deposit_event", (5, 0), "stable2503"),
    ("gas_limit", (5, 0), "stable2503"),
    ("get_storage", (5, 0), "stable2503"),
    ("hash_keccak_256", (5, 0), "stable2503"),
    ("now", (5, 0), "stable2503"),
    ("ref_time_left", (5, 0), "stable2503"),
    ("return_data_copy", (5, 0), "stable2503"),
    ("return_data_size", (5, 0), "stable2503"),
    ("seal_return", (5, 0), "stable2503"),
    ("set_storage", (5, 0), "stable2503"),
    ("value_transferred", (5, 0), "stable2503"),
    ("consume_all_gas", (12, 0), "stable2512"),
    ("terminate", (12, 0), "stable2512"),
];

/// What every ink! 6.0.0-beta.1 bundle may need beyond its imports: it
/// removes and tests storage through the Storage precompile (a `call` to
/// 0x..0901), which pallet-revive has from 0.12.0 (stable2512; 0.11 on the
/// unstable2507 branch). A contract on 0.10 trapped there (use-ink/ink#2759).
pub const PRECOMPILE_FLOOR: ((u32, u32), &str) = ((12, 0), "stable2512");

/// The oldest pallet-revive version (and polkadot-sdk release) that provides
/// every one of `imports` and the Storage precompile; an error naming any
/// import not in the table.
pub fn minimum(imports: &[String]) -> Result<((u32, u32), &'static str)> {
    let mut needed = PRECOMPILE_FLOOR;
    for import in imports {
        let Some(&(_, version, release)) = SINCE.iter().find(|(name, ..)| name == import) else {
            bail!(
                "the contract imports `{import}`, which revive/builder/src/syscalls.rs does not know: \
                 find the first pallet-revive version that provides it and add it"
            );
        };
        if version > needed.0 {
            needed = (version, release);
        }
    }
    Ok(needed)
}
