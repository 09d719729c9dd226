//! A built contract, from its `.contract` bundle (`target/ink/<name>/<name>.contract`):
//! the Wasm, its code hash, and the name and version it was built as.

use anyhow::{anyhow, Context, Result};
use std::path::{Path, PathBuf};

/// A contract bundle.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The contract's name in its metadata (`credit_core`).
    pub name: String,
    pub version: String,
    pub wasm: Vec<u8>,
    pub code_hash: [u8; 32],
    pub path: PathBuf,
}

impl Bundle {
    /// Loads `<ink_dir>/<name>/<name>.contract`.
    pub fn load(ink_dir: &Path, name: &str) -> Result<Self> {
        let path = ink_dir.join(name).join(format!("{name}.contract"));
        Self::from_file(&path).with_context(|| {
            format!(
                "the {name} bundle: build the contracts with `cargo xtask build`, or point --ink-dir at the built bundles"
            )
        })
    }

    /// Loads a `.contract` file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{} is not a .contract bundle", path.display()))?;
        let field = |section: &str, key: &str| -> Result<String> {
            json[section][key]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| anyhow!("{} has no {section}.{key}", path.display()))
        };
        let wasm = hex::decode(field("source", "wasm")?.trim_start_matches("0x"))
            .with_context(|| format!("{}: source.wasm is not hex", path.display()))?;
        let mut code_hash = [0u8; 32];
        hex::decode_to_slice(field("source", "hash")?.trim_start_matches("0x"), &mut code_hash)
            .with_context(|| format!("{}: source.hash is not 32 bytes of hex", path.display()))?;
        Ok(Self {
            name: field("contract", "name")?,
            version: field("contract", "version")?,
            wasm,
            code_hash,
            path: path.to_path_buf(),
        })
    }
}
