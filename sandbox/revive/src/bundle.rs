//! Built ink! 6 contracts (`target/revive/ink/<name>/`: the PolkaVM blob and
//! its ink! metadata) and the ink! ABI around a call: selectors by label,
//! event signature topics, and replies decoded from `Result<T, LangError>`.

use crate::{Chain, ContractEvent, Outcome};
use anyhow::{anyhow, bail, Context, Result};
use codec::{Decode, Encode};
use sp_core::{H160, H256};
use sp_runtime::AccountId32;
use std::path::{Path, PathBuf};

/// Where `cargo xtask build` puts the ink! 6 bundles: `$CARGO_TARGET_DIR/revive/ink`
/// or `target/revive/ink` at the workspace root.
pub fn revive_ink_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("revive")
        .join("ink")
}

/// A built ink! 6 contract: its PolkaVM code and its metadata (the ABI).
#[derive(Clone)]
pub struct Bundle {
    pub name: String,
    pub code: Vec<u8>,
    /// `<name>.json`: `source`, `contract`, `spec`, `storage`, ...
    pub metadata: serde_json::Value,
}

impl Bundle {
    /// Loads `target/revive/ink/<name>/<name>.polkavm` and `<name>.json`.
    pub fn load(name: &str) -> Result<Self> {
        let dir = revive_ink_dir().join(name);
        let read = |file: String| {
            let path = dir.join(file);
            std::fs::read(&path).with_context(|| {
                format!(
                    "cannot read {}: build the contracts first with `cargo xtask build`",
                    path.display()
                )
            })
        };
        let code = read(format!("{name}.polkavm"))?;
        let metadata = serde_json::from_slice(&read(format!("{name}.json"))?)
            .with_context(|| format!("parsing the metadata of {name}"))?;
        Ok(Self {
            name: name.to_string(),
            code,
            metadata,
        })
    }

    /// The ink! selector of a constructor or message (`"new"`, `"PSP22::transfer"`).
    pub fn selector(&self, label: &str) -> Result<[u8; 4]> {
        let spec = &self.metadata["spec"];
        let hex = ["constructors", "messages"]
            .into_iter()
            .flat_map(|kind| spec[kind].as_array().into_iter().flatten())
            .find(|m| m["label"] == label)
            .and_then(|m| m["selector"].as_str())
            .with_context(|| format!("{} has no constructor or message `{label}`", self.name))?;
        decode_hex(hex)?
            .try_into()
            .map_err(|_| anyhow!("the selector of {label} is not 4 bytes"))
    }

    /// Call data: the selector of `label`, then `args` SCALE-encoded (a tuple
    /// for several arguments).
    pub fn data(&self, label: &str, args: impl Encode) -> Result<Vec<u8>> {
        let mut data = self.selector(label)?.to_vec();
        args.encode_to(&mut data);
        Ok(data)
    }

    /// The signature topic of the event `label` (its first topic on chain).
    pub fn event_topic(&self, label: &str) -> Result<H256> {
        let hex = self.metadata["spec"]["events"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["label"] == label)
            .and_then(|e| e["signature_topic"].as_str())
            .with_context(|| format!("{} has no event `{label}` with a signature topic", self.name))?;
        let bytes: [u8; 32] = decode_hex(hex)?
            .try_into()
            .map_err(|_| anyhow!("the signature topic of {label} is not 32 bytes"))?;
        Ok(H256(bytes))
    }

    /// Uploads the code and instantiates it with `constructor` and `args`
    /// (a constructor that refuses is an error); the contract's address.
    pub fn deploy(
        &self,
        chain: &mut Chain,
        caller: &AccountId32,
        constructor: &str,
        args: impl Encode,
    ) -> Result<H160> {
        let (address, outcome) = self.instantiate(chain, caller, constructor, args)?;
        if outcome.reverted {
            bail!("the constructor of {} reverted: {:?}", self.name, outcome.data);
        }
        Ok(address)
    }

    /// Deploys with a constructor that returns `Result<Self, E>`: the
    /// contract's address, or the constructor's refusal (no contract is left).
    pub fn try_deploy<E: Decode>(
        &self,
        chain: &mut Chain,
        caller: &AccountId32,
        constructor: &str,
        args: impl Encode,
    ) -> Result<std::result::Result<H160, E>> {
        let (address, outcome) = self.instantiate(chain, caller, constructor, args)?;
        if !outcome.reverted {
            return Ok(Ok(address));
        }
        let refusal: std::result::Result<(), E> =
            ink_reply(&outcome.data).with_context(|| format!("decoding the refusal of {}'s constructor", self.name))?;
        match refusal {
            Err(error) => Ok(Err(error)),
            Ok(()) => bail!("the constructor of {} reverted without a refusal", self.name),
        }
    }

    fn instantiate(
        &self,
        chain: &mut Chain,
        caller: &AccountId32,
        constructor: &str,
        args: impl Encode,
    ) -> Result<(H160, Outcome)> {
        let hash = chain.upload(caller, self.code.clone())?;
        let data = self.data(constructor, args)?;
        let salt = sp_core::hashing::blake2_256(&(self.name.as_str(), chain.block_number(), &data).encode());
        chain
            .instantiate(caller, hash, data, salt)
            .with_context(|| format!("instantiating {}", self.name))
    }
}

/// A message's answer, decoded, with what the call did.
#[derive(Debug)]
pub struct Reply<T> {
    pub value: T,
    pub outcome: Outcome,
}

impl<T> Reply<T> {
    /// The contract's events if it did not revert (none otherwise).
    pub fn events(&self) -> &[ContractEvent] {
        if self.outcome.reverted {
            &[]
        } else {
            &self.outcome.events
        }
    }
}

/// Decodes an ink! reply, `Result<T, LangError>`: a `LangError` (no such
/// selector, a bad argument) is an error here.
pub fn ink_reply<T: Decode>(data: &[u8]) -> Result<T> {
    match data.split_first() {
        Some((0, rest)) => T::decode(&mut &rest[..]).map_err(|e| anyhow!("the reply does not decode: {e}")),
        Some((1, rest)) => bail!("the contract refused the call data (LangError {rest:?})"),
        _ => bail!("not an ink! reply: {data:?}"),
    }
}

impl Chain {
    /// Calls `label` of `contract` as `caller` and decodes the answer as `T`.
    pub fn send<T: Decode>(
        &mut self,
        caller: &AccountId32,
        contract: H160,
        bundle: &Bundle,
        label: &str,
        args: impl Encode,
    ) -> Result<Reply<T>> {
        let outcome = self.call(caller, contract, bundle.data(label, args)?)?;
        let value = ink_reply(&outcome.data).with_context(|| format!("{}::{label}", bundle.name))?;
        Ok(Reply { value, outcome })
    }

    /// Reads `label` of `contract` (the call is rolled back) and decodes it.
    pub fn read<T: Decode>(
        &mut self,
        caller: &AccountId32,
        contract: H160,
        bundle: &Bundle,
        label: &str,
        args: impl Encode,
    ) -> Result<T> {
        let outcome = self.query(caller, contract, bundle.data(label, args)?)?;
        ink_reply(&outcome.data).with_context(|| format!("{}::{label}", bundle.name))
    }
}

fn decode_hex(text: &str) -> Result<Vec<u8>> {
    hex::decode(text.strip_prefix("0x").unwrap_or(text)).context("bad hex in the metadata")
}
