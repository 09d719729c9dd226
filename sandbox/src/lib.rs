//! COS on drink's in-process chain: the real `pallet-contracts` running the real
//! release Wasm of our contracts, behind small typed helpers.
//!
//! - [`Bundle`] loads `target/ink/<name>/<name>.contract` (built by
//!   `cargo xtask build`) and knows each message's selector from its metadata.
//! - [`Chain`] deploys and calls contracts with SCALE-encoded Rust values (no string
//!   transcoding), decodes results and typed errors, and returns the gas used and
//!   the contract events of every call.
//!
//! Used by the drink tests in `tests/`, the `bench` binary and the `cos demo`.

use anyhow::{anyhow, bail, Context, Result};
use drink::{
    frame_support::weights::Weight,
    minimal::{MinimalSandbox, RuntimeEvent},
    pallet_contracts::{self, Determinism},
    sandbox_api::prelude::*,
    session::ContractBundle,
    AccountId32, Sandbox,
};
use ink::primitives::AccountId;
use ink_sandbox::EventRecordOf;
use parity_scale_codec::{Decode, Encode};
use std::{
    collections::HashMap,
    path::{Path, PathBuf},
};

pub use drink;

pub mod credit;
pub mod quota;

/// Native balance every test account starts with (for storage deposits).
pub const ENDOWMENT: u128 = 1_000_000_000_000_000;
/// Timestamp of a new chain's first block: 2026-01-01T00:00:00Z, in milliseconds.
pub const GENESIS_MS: u64 = 1_767_225_600_000;
/// Milliseconds between blocks.
pub const BLOCK_TIME_MS: u64 = 6_000;

/// The directory holding contract bundles: `$CARGO_TARGET_DIR/ink` or `target/ink`
/// at the workspace root.
pub fn ink_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("ink")
}

/// A built contract: its Wasm and the selectors of its constructors and messages.
#[derive(Clone)]
pub struct Bundle {
    pub name: String,
    pub wasm: Vec<u8>,
    selectors: HashMap<String, [u8; 4]>,
}

impl Bundle {
    /// Loads `target/ink/<name>/<name>.contract`.
    pub fn load(name: &str) -> Result<Self> {
        let path = ink_dir().join(name).join(format!("{name}.contract"));
        let bundle = ContractBundle::load(&path).map_err(|e| {
            anyhow!(
                "cannot load {}: {e}; build the contracts first with `cargo xtask build`",
                path.display()
            )
        })?;
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?,
        )
        .with_context(|| format!("parsing {}", path.display()))?;
        let mut selectors = HashMap::new();
        for kind in ["constructors", "messages"] {
            for item in json["spec"][kind].as_array().into_iter().flatten() {
                let label = item["label"].as_str().context("selector without label")?;
                let hex = item["selector"].as_str().context("label without selector")?;
                let bytes = decode_hex(hex).with_context(|| format!("selector of {label}"))?;
                let selector: [u8; 4] = bytes
                    .try_into()
                    .map_err(|_| anyhow!("selector of {label} is not 4 bytes"))?;
                selectors.insert(label.to_string(), selector);
            }
        }
        Ok(Self {
            name: name.to_string(),
            wasm: bundle.wasm,
            selectors,
        })
    }

    /// The selector of a constructor or message (`"new"`, `"PSP22::transfer"`).
    pub fn selector(&self, label: &str) -> Result<[u8; 4]> {
        self.selectors
            .get(label)
            .copied()
            .with_context(|| format!("{} has no constructor or message `{label}`", self.name))
    }

    /// Call data: the selector of `label` followed by the encoded `args`.
    pub fn input(&self, label: &str, args: impl Encode) -> Result<Vec<u8>> {
        let mut data = self.selector(label)?.to_vec();
        args.encode_to(&mut data);
        Ok(data)
    }
}

fn decode_hex(hex: &str) -> Result<Vec<u8>> {
    let hex = hex.strip_prefix("0x").unwrap_or(hex);
    if !hex.len().is_multiple_of(2) {
        bail!("odd hex length");
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).context("bad hex digit"))
        .collect()
}

/// Checks that `wasm` uses only MVP Wasm (what `pallet-contracts` accepts): no
/// sign-extension, bulk-memory, reference types, SIMD or other post-MVP features.
pub fn validate_mvp(wasm: &[u8]) -> Result<()> {
    let features = wasmparser::WasmFeatures::MUTABLE_GLOBAL | wasmparser::WasmFeatures::FLOATS;
    wasmparser::Validator::new_with_features(features)
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| anyhow!("not MVP Wasm: {e}"))
}

/// A deployed contract instance.
#[derive(Clone)]
pub struct Instance {
    pub address: AccountId32,
    pub bundle: Bundle,
}

impl Instance {
    /// The address as an ink! `AccountId`, for arguments.
    pub fn id(&self) -> AccountId {
        to_ink(&self.address)
    }
}

/// One event a contract emitted.
#[derive(Clone, Debug)]
pub struct ContractEvent {
    pub contract: AccountId32,
    pub topics: Vec<[u8; 32]>,
    pub data: Vec<u8>,
}

impl ContractEvent {
    /// Decodes the event as `E` if its signature topic is `E`'s.
    pub fn decode<E: ink::env::Event + Decode>(&self) -> Option<E> {
        let signature = E::SIGNATURE_TOPIC?;
        if self.topics.first() != Some(&signature) {
            return None;
        }
        E::decode(&mut &self.data[..]).ok()
    }
}

/// What a call did: its decoded return value, gas and events.
#[derive(Debug)]
pub struct Outcome<R> {
    pub value: R,
    /// Gas consumed (`ref_time`, `proof_size`).
    pub gas: Weight,
    /// Gas the call needs as its limit (consumed plus what it reserved).
    pub gas_required: Weight,
    pub reverted: bool,
    pub events: Vec<ContractEvent>,
}

impl<R> Outcome<R> {
    /// The same outcome with its value mapped by a fallible `f`.
    pub fn map_value<S>(self, f: impl FnOnce(R) -> Result<S>) -> Result<Outcome<S>> {
        Ok(Outcome {
            value: f(self.value)?,
            gas: self.gas,
            gas_required: self.gas_required,
            reverted: self.reverted,
            events: self.events,
        })
    }

    /// Every event of type `E` in the call, in order.
    pub fn events_of<E: ink::env::Event + Decode>(&self) -> Vec<E> {
        self.events.iter().filter_map(ContractEvent::decode::<E>).collect()
    }
}

/// Converts drink's account type to ink!'s.
pub fn to_ink(account: &AccountId32) -> AccountId {
    AccountId::from(*<AccountId32 as AsRef<[u8; 32]>>::as_ref(account))
}

/// A fresh in-process chain with funded accounts.
pub struct Chain {
    sandbox: MinimalSandbox,
    pub gas_limit: Weight,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new()
    }
}

impl Chain {
    /// A new chain at block 1, time [`GENESIS_MS`].
    pub fn new() -> Self {
        let mut chain = Self {
            sandbox: MinimalSandbox::default(),
            gas_limit: Weight::from_parts(500_000_000_000, 5 * 1024 * 1024),
        };
        chain.set_timestamp(GENESIS_MS);
        chain
    }

    /// The sandbox, for anything the helpers do not cover.
    pub fn sandbox(&mut self) -> &mut MinimalSandbox {
        &mut self.sandbox
    }

    /// A deterministic account `[n; 32]`, funded on first use.
    pub fn account(&mut self, n: u8) -> AccountId32 {
        let account = AccountId32::new([n; 32]);
        if self.sandbox.free_balance(&account) == 0 {
            self.sandbox
                .mint_into(&account, ENDOWMENT)
                .expect("minting native balance");
        }
        account
    }

    pub fn block_number(&mut self) -> u32 {
        self.sandbox.block_number()
    }

    /// Finalises the current block and starts the next, [`BLOCK_TIME_MS`] later;
    /// returns its number. (The sandbox alone would stamp each new block with the
    /// wall clock in seconds; this keeps time deterministic and in milliseconds.)
    pub fn next_block(&mut self) -> u32 {
        let then = self.timestamp();
        let number = self.sandbox.build_block();
        self.set_timestamp(then.saturating_add(BLOCK_TIME_MS));
        number
    }

    /// Builds `n` blocks; returns the number of the last.
    pub fn advance_blocks(&mut self, n: u32) -> u32 {
        let mut number = self.block_number();
        for _ in 0..n {
            number = self.next_block();
        }
        number
    }

    /// Current block timestamp (milliseconds on a real chain).
    pub fn timestamp(&mut self) -> u64 {
        self.sandbox.get_timestamp()
    }

    /// Sets the timestamp of the current block.
    pub fn set_timestamp(&mut self, moment: u64) {
        self.sandbox.set_timestamp(moment)
    }

    /// Uploads `bundle`'s code without instantiating it; returns its code hash.
    pub fn upload(&mut self, bundle: &Bundle, caller: &AccountId32) -> Result<ink::primitives::Hash> {
        let result = self
            .sandbox
            .upload_contract(bundle.wasm.clone(), caller.clone(), None, Determinism::Enforced)
            .map_err(|e| anyhow!("uploading {} failed: {e:?}", bundle.name))?;
        Ok(ink::primitives::Hash::from(result.code_hash.0))
    }

    /// Uploads and instantiates `bundle` with `constructor(args)` from `caller`.
    /// The constructor must return `Result<Self, E>` or `Self`: a constructor error
    /// or revert is an error here.
    pub fn deploy(
        &mut self,
        bundle: &Bundle,
        constructor: &str,
        args: impl Encode,
        caller: &AccountId32,
        salt: Vec<u8>,
    ) -> Result<(Instance, Outcome<()>)> {
        let data = bundle.input(constructor, args)?;
        let start = self.sandbox.events().len();
        let result = self.sandbox.deploy_contract(
            bundle.wasm.clone(),
            0,
            data,
            salt,
            caller.clone(),
            self.gas_limit,
            None,
        );
        let exec = result
            .result
            .map_err(|e| anyhow!("deploying {} failed: {e:?}", bundle.name))?;
        if exec.result.did_revert() {
            bail!(
                "deploying {} reverted: {:?}",
                bundle.name,
                exec.result.data
            );
        }
        let events = self.events_since(start);
        Ok((
            Instance {
                address: exec.account_id,
                bundle: bundle.clone(),
            },
            Outcome {
                value: (),
                gas: result.gas_consumed,
                gas_required: result.gas_required,
                reverted: false,
                events,
            },
        ))
    }

    /// Calls `message(args)` on `at` from `caller` and commits its effects (unless
    /// it reverts). `R` is the message's return type: `Result<T, E>` for fallible
    /// messages. Fails only if the call traps or the output does not decode.
    pub fn call<R: Decode>(
        &mut self,
        at: &Instance,
        caller: &AccountId32,
        message: &str,
        args: impl Encode,
    ) -> Result<Outcome<R>> {
        let data = at.bundle.input(message, args)?;
        self.call_data(at, caller, message, data)?
            .map_value(|value| value.map_err(|e| anyhow!("{}::{message}: {e:?}", at.bundle.name)))
    }

    /// Calls `at` with raw call `data` (selector and arguments); the value is the
    /// message result as ink! encodes it, `LangError` included. `label` names the
    /// call in errors.
    pub fn call_data<R: Decode>(
        &mut self,
        at: &Instance,
        caller: &AccountId32,
        label: &str,
        data: Vec<u8>,
    ) -> Result<Outcome<Result<R, ink::LangError>>> {
        let start = self.sandbox.events().len();
        let result = self.sandbox.call_contract(
            at.address.clone(),
            0,
            data,
            caller.clone(),
            self.gas_limit,
            None,
            Determinism::Enforced,
        );
        let exec = result
            .result
            .map_err(|e| anyhow!("{}::{label} trapped: {e:?}", at.bundle.name))?;
        let decoded = <Result<R, ink::LangError>>::decode(&mut &exec.data[..])
            .with_context(|| format!("decoding the output of {}::{label}", at.bundle.name))?;
        Ok(Outcome {
            value: decoded,
            gas: result.gas_consumed,
            gas_required: result.gas_required,
            reverted: exec.did_revert(),
            events: self.events_since(start),
        })
    }

    /// Contract events recorded in this block from index `start` on. (The events
    /// a call result carries are the whole block's so far.)
    fn events_since(&mut self, start: usize) -> Vec<ContractEvent> {
        let events = self.sandbox.events();
        contract_events(events.get(start..).unwrap_or_default().to_vec())
    }

    /// Like [`Chain::call`] for a read-only message: returns only the value.
    pub fn query<R: Decode>(
        &mut self,
        at: &Instance,
        message: &str,
        args: impl Encode,
    ) -> Result<R> {
        let caller = AccountId32::new([0xff; 32]);
        let data = at.bundle.input(message, args)?;
        let gas_limit = self.gas_limit;
        let address = at.address.clone();
        let result = self.sandbox.dry_run(|sandbox| {
            sandbox.call_contract(address, 0, data, caller, gas_limit, None, Determinism::Enforced)
        });
        let exec = result
            .result
            .map_err(|e| anyhow!("{}::{message} trapped: {e:?}", at.bundle.name))?;
        <Result<R, ink::LangError>>::decode(&mut &exec.data[..])
            .with_context(|| format!("decoding the output of {}::{message}", at.bundle.name))?
            .map_err(|e| anyhow!("{}::{message}: {e:?}", at.bundle.name))
    }
}

fn contract_events(records: Vec<EventRecordOf<drink::minimal::MinimalSandboxRuntime>>) -> Vec<ContractEvent> {
    records
        .into_iter()
        .filter_map(|record| match record.event {
            RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted { contract, data }) => {
                Some(ContractEvent {
                    contract,
                    topics: record.topics.iter().map(|t| t.0).collect(),
                    data,
                })
            }
            _ => None,
        })
        .collect()
}
