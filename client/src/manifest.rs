//! The deployment manifest, `cos-deployment.json`: what `cos deploy` put on a
//! chain (addresses, code hashes, the blocks, the bundles and their versions),
//! so that `cos index` starts at the deployment's first block, `cos reward`
//! finds the donation quota, and a second `cos deploy` skips what is there.
//!
//! ```json
//! {
//!   "version": 1,
//!   "url": "ws://127.0.0.1:9944",
//!   "genesis": "9a7b…",
//!   "deployer": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
//!   "first_block": 3,
//!   "code": { "credit": { "code_hash": "…", "block": 3, "bundle": "credit", "version": "0.1.0" } },
//!   "contracts": {
//!     "credit": { "address": "5F…", "hex": "…", "code_hash": "…", "bundle": "credit_core", "version": "0.1.0", "block": 4 },
//!     "donation_quota": { … }
//!   }
//! }
//! ```

use anyhow::{anyhow, bail, Context, Result};
use ink::primitives::AccountId;
use serde::{Deserialize, Serialize};
use std::{collections::BTreeMap, path::Path, str::FromStr};

/// The manifest format this code writes and reads.
pub const VERSION: u32 = 1;

/// Code uploaded on its own (the full COS Credit code behind the router).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    pub code_hash: String,
    pub block: u64,
    /// The bundle it came from, and the bundle's version.
    pub bundle: String,
    pub version: String,
}

/// A contract instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deployed {
    /// SS58 (generic prefix 42), as wallets and the Contracts UI show it.
    pub address: String,
    /// The same account as 64 hex digits, as the explorer's URLs write it.
    pub hex: String,
    pub code_hash: String,
    /// The bundle of its code (`credit_core` for the routed COS Credit) and
    /// the bundle's version.
    pub bundle: String,
    pub version: String,
    /// The block it was instantiated in.
    pub block: u64,
}

impl Deployed {
    pub fn new(address: AccountId, code_hash: [u8; 32], bundle: &str, version: &str, block: u64) -> Self {
        Self {
            address: ss58(&address),
            hex: hex::encode(address),
            code_hash: hex::encode(code_hash),
            bundle: bundle.to_string(),
            version: version.to_string(),
            block,
        }
    }

    pub fn account(&self) -> Result<AccountId> {
        parse_account(&self.hex)
    }
}

/// What was deployed on one chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub version: u32,
    /// The node the deployment went through (the default node of the other commands).
    pub url: String,
    /// The chain's genesis hash (hex): a manifest belongs to one chain.
    pub genesis: String,
    /// Who signed the deployment (SS58).
    pub deployer: String,
    /// The deployment's first block: where an indexer of it starts.
    pub first_block: u64,
    #[serde(default)]
    pub code: BTreeMap<String, Code>,
    #[serde(default)]
    pub contracts: BTreeMap<String, Deployed>,
}

impl Manifest {
    pub fn new(url: &str, genesis: &str, deployer: AccountId) -> Self {
        Self {
            version: VERSION,
            url: url.to_string(),
            genesis: genesis.to_string(),
            deployer: ss58(&deployer),
            first_block: 0,
            code: BTreeMap::new(),
            contracts: BTreeMap::new(),
        }
    }

    /// Reads the manifest at `path`; `None` if there is no file.
    pub fn load(path: &Path) -> Result<Option<Self>> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
        };
        let manifest: Self = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a COS deployment manifest", path.display()))?;
        if manifest.version != VERSION {
            bail!(
                "{} is a version {} manifest; this cos reads version {VERSION}",
                path.display(),
                manifest.version
            );
        }
        Ok(Some(manifest))
    }

    /// Reads the manifest at `path`, which must exist.
    pub fn require(path: &Path) -> Result<Self> {
        Self::load(path)?.ok_or_else(|| {
            anyhow!(
                "no deployment manifest at {}: run `cos deploy` first, or give --manifest",
                path.display()
            )
        })
    }

    /// Writes the manifest to `path` (whole or not at all: a temporary file
    /// renamed over it).
    pub fn save(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_string_pretty(self)? + "\n")
            .with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
    }

    /// The address of the deployed contract `name`.
    pub fn address(&self, name: &str) -> Result<AccountId> {
        self.contracts
            .get(name)
            .ok_or_else(|| anyhow!("the manifest has no {name}: deploy it with `cos deploy --only {name}`"))?
            .account()
    }

    /// Records the deployment's first block (the earliest block of any step).
    pub fn saw_block(&mut self, block: u64) {
        if self.first_block == 0 || block < self.first_block {
            self.first_block = block;
        }
    }
}

/// SS58 with the generic prefix 42.
pub fn ss58(account: &AccountId) -> String {
    subxt::utils::AccountId32(*AsRef::<[u8; 32]>::as_ref(account)).to_string()
}

/// An account from SS58 (any prefix) or 64 hex digits (with or without `0x`).
pub fn parse_account(text: &str) -> Result<AccountId> {
    let text = text.trim();
    let hex_part = text.strip_prefix("0x").unwrap_or(text);
    if hex_part.len() == 64 && hex_part.chars().all(|c| c.is_ascii_hexdigit()) {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(hex_part, &mut bytes)?;
        return Ok(AccountId::from(bytes));
    }
    let account = subxt::utils::AccountId32::from_str(text)
        .map_err(|e| anyhow!("{text:?} is not an account (SS58 or 64 hex digits): {e}"))?;
    Ok(AccountId::from(account.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_read_as_ss58_or_hex_and_manifests_round_trip() {
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        let hex = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
        let a = parse_account(alice).unwrap();
        assert_eq!(a, parse_account(hex).unwrap());
        assert_eq!(a, parse_account(&format!("0x{hex}")).unwrap());
        assert_eq!(ss58(&a), alice);
        for bad in ["", "5Grw", "0x1234", "not an account"] {
            assert!(parse_account(bad).is_err(), "{bad:?}");
        }
        let mut m = Manifest::new("ws://127.0.0.1:9944", "ab", a);
        m.saw_block(7);
        m.saw_block(5);
        m.saw_block(9);
        assert_eq!(m.first_block, 5);
        m.contracts
            .insert("credit".into(), Deployed::new(a, [1; 32], "credit_core", "0.1.0", 5));
        let dir = std::env::temp_dir().join(format!("cos-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cos-deployment.json");
        assert_eq!(Manifest::load(&path).unwrap(), None);
        assert!(Manifest::require(&path).is_err());
        m.save(&path).unwrap();
        assert_eq!(Manifest::load(&path).unwrap(), Some(m.clone()));
        assert_eq!(m.address("credit").unwrap(), a);
        assert!(m.address("bounty").is_err());
        std::fs::write(&path, "{\"version\": 2}").unwrap();
        assert!(Manifest::load(&path).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
