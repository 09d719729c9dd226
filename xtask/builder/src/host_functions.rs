//! Where a Wasm bundle runs: the host functions it imports and the first
//! `pallet-contracts` release in which each is stable (unstable functions are
//! off on every public chain: `UnsafeUnstableInterface = false`). The build
//! prints each bundle's imports and the version they need together; an
//! import this table does not know stops the build, so the table, and the
//! README's "Where COS runs", stay true when the code changes.
//!
//! Read from `substrate/frame/contracts/src/wasm/runtime.rs` and the prdoc
//! of polkadot-sdk (December 2026). "21" is the oldest version checked
//! (polkadot-sdk 1.0.0): those functions are older.

use anyhow::{bail, Result};

/// `(module.name, first stable pallet-contracts major, polkadot-sdk release)`.
const STABLE_SINCE: &[(&str, u32, &str)] = &[
    ("seal0.seal_return", 21, "1.0.0"),
    ("seal0.caller", 21, "1.0.0"),
    ("seal0.address", 21, "1.0.0"),
    ("seal0.value_transferred", 21, "1.0.0"),
    ("seal0.block_number", 21, "1.0.0"),
    ("seal0.now", 21, "1.0.0"),
    ("seal0.deposit_event", 21, "1.0.0"),
    ("seal0.hash_blake2_256", 21, "1.0.0"),
    ("seal0.delegate_call", 21, "1.0.0"),
    ("seal0.is_contract", 21, "1.0.0"),
    ("seal0.code_hash", 21, "1.0.0"),
    ("seal0.own_code_hash", 21, "1.0.0"),
    ("seal0.caller_is_origin", 21, "1.0.0"),
    ("seal0.call_chain_extension", 21, "1.0.0"),
    ("seal0.take_storage", 21, "1.0.0"),
    ("seal0.input", 21, "1.0.0"),
    ("seal0.balance", 21, "1.0.0"),
    ("seal0.minimum_balance", 21, "1.0.0"),
    ("seal0.transfer", 21, "1.0.0"),
    ("seal0.hash_keccak_256", 21, "1.0.0"),
    ("seal1.terminate", 21, "1.0.0"),
    ("seal1.instantiate", 21, "1.0.0"),
    ("seal1.get_storage", 21, "1.0.0"),
    ("seal1.clear_storage", 21, "1.0.0"),
    ("seal1.contains_storage", 21, "1.0.0"),
    ("seal2.set_storage", 21, "1.0.0"),
    ("seal0.sr25519_verify", 28, "1.7.0"),
    ("seal2.call", 29, "1.8.0"),
    ("seal2.instantiate", 29, "1.8.0"),
    ("seal0.lock_delegate_dependency", 30, "1.9.0"),
    ("seal0.unlock_delegate_dependency", 30, "1.9.0"),
];

/// The imports of `wasm`, as `module.name`.
pub fn imports(wasm: &[u8]) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(reader) = payload? {
            for import in reader {
                let import = import?;
                if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
                    names.push(format!("{}.{}", import.module, import.name));
                }
            }
        }
    }
    Ok(names)
}

/// The oldest pallet-contracts major (and polkadot-sdk release) that has
/// every one of `imports` stable; an error naming any import not in the table.
pub fn minimum(imports: &[String]) -> Result<(u32, &'static str)> {
    let mut needed = (0, "");
    for import in imports {
        let Some(&(_, major, release)) = STABLE_SINCE.iter().find(|(name, ..)| name == import) else {
            bail!(
                "the contract imports `{import}`, which xtask/builder/src/host_functions.rs does not know: \
                 find the first pallet-contracts version where it is stable and add it"
            );
        };
        if major > needed.0 {
            needed = (major, release);
        }
    }
    Ok(needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_import_decides_and_an_unknown_one_is_refused() {
        let imports = ["seal0.caller", "seal2.call", "seal1.get_storage"].map(String::from);
        assert_eq!(minimum(&imports).unwrap(), (29, "1.8.0"));
        let router = ["seal0.lock_delegate_dependency".to_string()];
        assert_eq!(minimum(&router).unwrap(), (30, "1.9.0"));
        let unknown = minimum(&["seal9.teleport".to_string()]).unwrap_err().to_string();
        assert!(unknown.contains("seal9.teleport"), "{unknown}");
    }
}
