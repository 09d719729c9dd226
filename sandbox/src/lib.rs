//! # COS on an in-process chain
//!
//! drink's sandbox runs the real `pallet-contracts` with the real release Wasm of
//! the COS contracts in this process: no node, deterministic time and gas. The
//! demo (`cos demo`), the drink tests and benchmarks in `e2e/`, and the
//! indexer's in-process block source stand on it.
//!
//! - [`Bundle`] loads `target/ink/<name>/<name>.contract` (built by
//!   `cargo xtask build`).
//! - [`Chain`] deploys and calls contracts with the contracts' own typed call
//!   builders: `chain.call(alice, token.transfer(bob, 10, vec![]))`, where
//!   `token` is the contract's call builder ([`contract`]) and the message, its
//!   arguments and its return type come from the contract crate itself. No
//!   string labels, no wrapper per message. Each call returns its decoded value,
//!   gas and contract events ([`Outcome`]).
//! - [`suite`] deploys COS as in production (the routed COS Credit, the
//!   donation quota).

use anyhow::{anyhow, bail, Context, Result};
use drink::{
    frame_support::weights::Weight,
    minimal::{MinimalSandbox, RuntimeEvent},
    pallet_contracts::{self, Determinism},
    sandbox_api::prelude::*,
    session::ContractBundle,
    AccountId32, Sandbox,
};
use ink::primitives::{AccountId, Hash};
use ink_sandbox::EventRecordOf;
use parity_scale_codec::{Decode, Encode};
use std::path::{Path, PathBuf};

pub use drink;

pub mod suite;

pub use cos_client::calls::{constructor_data, contract, Constructor, Message};

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

/// A built contract: its Wasm and its metadata (the ABI).
#[derive(Clone)]
pub struct Bundle {
    pub name: String,
    pub wasm: Vec<u8>,
    /// The `.contract` file as JSON: `source`, `contract`, `spec`, `storage`, ...
    pub metadata: serde_json::Value,
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
        let metadata: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?)
                .with_context(|| format!("parsing {}", path.display()))?;
        Ok(Self {
            name: name.to_string(),
            wasm: bundle.wasm,
            metadata,
        })
    }

    /// The selector of a constructor or message in the ABI (`"new"`,
    /// `"PSP22::transfer"`), for raw call data.
    pub fn selector(&self, label: &str) -> Result<[u8; 4]> {
        let spec = &self.metadata["spec"];
        let items = ["constructors", "messages"]
            .into_iter()
            .flat_map(|kind| spec[kind].as_array().into_iter().flatten());
        let hex = items
            .into_iter()
            .find(|m| m["label"] == label)
            .and_then(|m| m["selector"].as_str())
            .with_context(|| format!("{} has no constructor or message `{label}`", self.name))?;
        decode_hex(hex)?
            .try_into()
            .map_err(|_| anyhow!("selector of {label} is not 4 bytes"))
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

/// One event a contract emitted.
#[derive(Clone, Debug)]
pub struct ContractEvent {
    pub contract: AccountId,
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

/// Converts ink!'s account type to drink's.
pub fn to_drink(account: AccountId) -> AccountId32 {
    AccountId32::new(*account.as_ref())
}

/// What [`Chain::on_seal`] calls with each sealed block.
pub type SealHook = Box<dyn FnMut(&cos_indexer::Block)>;

/// A fresh in-process chain with funded accounts. It records every block it
/// seals ([`Chain::blocks`]) as the indexer reads blocks from a node: number,
/// hash, parent hash, timestamp and the `pallet-contracts` events, each call or
/// deployment counting as one extrinsic.
pub struct Chain {
    sandbox: MinimalSandbox,
    pub gas_limit: Weight,
    salt: u64,
    /// Sealed blocks.
    history: Vec<cos_indexer::Block>,
    /// Index of the first event of each extrinsic of the open block.
    extrinsics: Vec<usize>,
    parent_hash: [u8; 32],
    /// Called with each block as it is sealed.
    on_seal: Option<SealHook>,
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
            salt: 0,
            history: Vec::new(),
            extrinsics: Vec::new(),
            parent_hash: [0; 32],
            on_seal: None,
        };
        // Block 1's parent is the genesis block, as on a node.
        chain.parent_hash = chain.sandbox.execute_with(|| {
            ink_sandbox::frame_system::Pallet::<drink::minimal::MinimalSandboxRuntime>::block_hash(0).0
        });
        chain.set_timestamp(GENESIS_MS);
        chain
    }

    /// The sandbox, for anything the helpers do not cover.
    pub fn sandbox(&mut self) -> &mut MinimalSandbox {
        &mut self.sandbox
    }

    /// A deterministic account `[n; 32]`, funded on first use.
    pub fn account(&mut self, n: u8) -> AccountId {
        let account = AccountId32::new([n; 32]);
        if self.sandbox.free_balance(&account) == 0 {
            self.sandbox
                .mint_into(&account, ENDOWMENT)
                .expect("minting native balance");
        }
        to_ink(&account)
    }

    pub fn block_number(&mut self) -> u32 {
        self.sandbox.block_number()
    }

    /// Finalises the current block and starts the next, [`BLOCK_TIME_MS`] later;
    /// returns its number. (The sandbox alone would stamp each new block with the
    /// wall clock in seconds; this keeps time deterministic and in milliseconds.)
    pub fn next_block(&mut self) -> u32 {
        let then = self.timestamp();
        let sealed = self.block_number();
        let events = self.indexer_events();
        let number = self.sandbox.build_block();
        let hash = self.sandbox.execute_with(|| {
            ink_sandbox::frame_system::Pallet::<drink::minimal::MinimalSandboxRuntime>::parent_hash().0
        });
        self.history.push(cos_indexer::Block {
            number: u64::from(sealed),
            hash,
            parent_hash: self.parent_hash,
            timestamp_ms: then,
            events,
        });
        self.parent_hash = hash;
        if let (Some(hook), Some(block)) = (self.on_seal.as_mut(), self.history.last()) {
            hook(block);
        }
        self.extrinsics.clear();
        self.set_timestamp(then.saturating_add(BLOCK_TIME_MS));
        number
    }

    /// Calls `hook` with every block sealed from now on (the demo indexes
    /// them as they come); `None` removes it.
    pub fn on_seal(&mut self, hook: Option<SealHook>) {
        self.on_seal = hook;
    }

    /// The blocks sealed so far, as the indexer reads them (the open block
    /// appears once [`Chain::next_block`] seals it).
    pub fn blocks(&self) -> &[cos_indexer::Block] {
        &self.history
    }

    /// The sealed blocks as an indexer source.
    pub fn source(&self) -> cos_indexer::MemorySource {
        cos_indexer::MemorySource::new("drink's in-process chain", self.history.clone())
            .expect("sealed blocks are in order")
    }

    /// Marks the start of an extrinsic (a call, a deployment) in the open block.
    fn begin_extrinsic(&mut self) -> usize {
        let start = self.sandbox.events().len();
        self.extrinsics.push(start);
        start
    }

    /// The open block's `pallet-contracts` events, as the indexer reads them.
    fn indexer_events(&mut self) -> Vec<cos_indexer::ChainEvent> {
        use cos_indexer::EventKind;
        let records = self.sandbox.events();
        let mut out = Vec::new();
        for (index, record) in records.into_iter().enumerate() {
            let kind = match record.event {
                RuntimeEvent::Contracts(pallet_contracts::Event::Instantiated { deployer, contract }) => {
                    let code_hash = self.sandbox.execute_with(|| {
                        pallet_contracts::Pallet::<drink::minimal::MinimalSandboxRuntime>::code_hash(&contract)
                    });
                    let Some(code_hash) = code_hash else { continue };
                    EventKind::Instantiated {
                        deployer: *<AccountId32 as AsRef<[u8; 32]>>::as_ref(&deployer),
                        contract: *<AccountId32 as AsRef<[u8; 32]>>::as_ref(&contract),
                        code_hash: code_hash.0,
                    }
                }
                RuntimeEvent::Contracts(pallet_contracts::Event::ContractCodeUpdated {
                    contract,
                    new_code_hash,
                    ..
                }) => EventKind::CodeUpdated {
                    contract: *<AccountId32 as AsRef<[u8; 32]>>::as_ref(&contract),
                    new_code_hash: new_code_hash.0,
                },
                RuntimeEvent::Contracts(pallet_contracts::Event::Terminated { contract, .. }) => {
                    EventKind::Terminated {
                        contract: *<AccountId32 as AsRef<[u8; 32]>>::as_ref(&contract),
                    }
                }
                RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted { contract, data }) => {
                    EventKind::Emitted {
                        contract: *<AccountId32 as AsRef<[u8; 32]>>::as_ref(&contract),
                        topics: record.topics.iter().map(|t| t.0).collect(),
                        data,
                    }
                }
                _ => continue,
            };
            let extrinsic = self.extrinsics.partition_point(|&start| start <= index).checked_sub(1);
            out.push(cos_indexer::ChainEvent {
                index: u32::try_from(index).unwrap_or(u32::MAX),
                extrinsic: extrinsic.map(|e| u32::try_from(e).unwrap_or(u32::MAX)),
                kind,
            });
        }
        out
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
    pub fn upload(&mut self, bundle: &Bundle, caller: AccountId) -> Result<Hash> {
        self.begin_extrinsic();
        let result = self
            .sandbox
            .upload_contract(bundle.wasm.clone(), to_drink(caller), None, Determinism::Enforced)
            .map_err(|e| anyhow!("uploading {} failed: {e:?}", bundle.name))?;
        Ok(Hash::from(result.code_hash.0))
    }

    /// Uploads `bundle` and instantiates it with `constructor` (the contract's
    /// `...Ref::new(...)`) from `caller`; returns the address. A constructor
    /// error or revert is an error here.
    pub fn instantiate<C, Args: Encode, R>(
        &mut self,
        bundle: &Bundle,
        constructor: Constructor<C, Args, R>,
        caller: AccountId,
    ) -> Result<(AccountId, Outcome<()>)> {
        self.instantiate_data(bundle, constructor_data(constructor), caller)
    }

    /// The error `constructor` refuses with (a constructor returning
    /// `Result<Self, E>` that reverts with `Err(e)`); fails if it deploys or
    /// traps.
    pub fn instantiate_refused<C, Args: Encode, R, E: Decode>(
        &mut self,
        bundle: &Bundle,
        constructor: Constructor<C, Args, R>,
        caller: AccountId,
    ) -> Result<E> {
        let result = self.deploy(bundle, constructor_data(constructor), caller);
        let exec = result
            .result
            .map_err(|e| anyhow!("deploying {} trapped: {e:?}", bundle.name))?;
        if !exec.result.did_revert() {
            bail!("deploying {} succeeded", bundle.name);
        }
        // `Result<Result<(), E>, LangError>`: Ok, then Err(e).
        match exec.result.data.as_slice() {
            [0, 1, rest @ ..] => E::decode(&mut &rest[..]).map_err(|e| anyhow!("the refusal does not decode: {e}")),
            other => bail!("deploying {} reverted with {other:?}", bundle.name),
        }
    }

    /// Instantiates `bundle` with constructor call `data` from `caller`,
    /// under a fresh salt (so the same code can be instantiated many times).
    fn deploy(
        &mut self,
        bundle: &Bundle,
        data: Vec<u8>,
        caller: AccountId,
    ) -> ink_sandbox::ContractInstantiateResultFor<drink::minimal::MinimalSandboxRuntime> {
        self.salt = self.salt.wrapping_add(1);
        self.sandbox.deploy_contract(
            bundle.wasm.clone(),
            0,
            data,
            self.salt.to_le_bytes().to_vec(),
            to_drink(caller),
            self.gas_limit,
            None,
        )
    }

    /// Like [`Chain::instantiate`] with raw constructor call data.
    pub fn instantiate_data(
        &mut self,
        bundle: &Bundle,
        data: Vec<u8>,
        caller: AccountId,
    ) -> Result<(AccountId, Outcome<()>)> {
        let start = self.begin_extrinsic();
        let result = self.deploy(bundle, data, caller);
        let exec = result
            .result
            .map_err(|e| anyhow!("deploying {} failed: {e:?}", bundle.name))?;
        if exec.result.did_revert() {
            bail!("deploying {} reverted: {:?}", bundle.name, exec.result.data);
        }
        let events = self.events_since(start);
        let outcome = Outcome {
            value: (),
            gas: result.gas_consumed,
            gas_required: result.gas_required,
            reverted: false,
            events,
        };
        Ok((to_ink(&exec.account_id), outcome))
    }

    /// Sends `message` from `caller` and commits its effects (unless it
    /// reverts). The value is the message's own return type (`Result<T, E>` for
    /// fallible messages). Fails only if the call traps, ink! rejects the input,
    /// or the output does not decode.
    pub fn call<Args: Encode, R: Decode>(
        &mut self,
        caller: AccountId,
        message: Message<Args, R>,
    ) -> Result<Outcome<R>> {
        let params = message.params();
        let (callee, data) = (*params.callee(), params.exec_input().encode());
        self.call_data::<R>(callee, caller, data)?
            .map_value(|value| value.map_err(|e| anyhow!("call to {callee:?} rejected: {e:?}")))
    }

    /// Calls `contract` with raw call `data` (selector and arguments); the value
    /// is the message result as ink! encodes it, `LangError` included.
    pub fn call_data<R: Decode>(
        &mut self,
        contract: AccountId,
        caller: AccountId,
        data: Vec<u8>,
    ) -> Result<Outcome<Result<R, ink::LangError>>> {
        self.call_raw(contract, caller, data)?.map_value(|output| {
            <Result<R, ink::LangError>>::decode(&mut &output[..])
                .with_context(|| format!("decoding the output of a call to {contract:?}"))
        })
    }

    /// Calls `contract` with raw call `data`; the value is the raw output bytes.
    /// Fails only if the call traps.
    pub fn call_raw(&mut self, contract: AccountId, caller: AccountId, data: Vec<u8>) -> Result<Outcome<Vec<u8>>> {
        let start = self.begin_extrinsic();
        let result = self.sandbox.call_contract(
            to_drink(contract),
            0,
            data,
            to_drink(caller),
            self.gas_limit,
            None,
            Determinism::Enforced,
        );
        let exec = result
            .result
            .map_err(|e| anyhow!("call to {contract:?} trapped: {e:?}"))?;
        Ok(Outcome {
            value: exec.data.clone(),
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

    /// Runs `message` without committing anything and returns its value: for
    /// read-only messages.
    pub fn query<Args: Encode, R: Decode>(&mut self, message: Message<Args, R>) -> Result<R> {
        let params = message.params();
        let (callee, data) = (*params.callee(), params.exec_input().encode());
        let caller = AccountId32::new([0xff; 32]);
        let gas_limit = self.gas_limit;
        let result = self.sandbox.dry_run(|sandbox| {
            sandbox.call_contract(
                to_drink(callee),
                0,
                data,
                caller,
                gas_limit,
                None,
                Determinism::Enforced,
            )
        });
        let exec = result
            .result
            .map_err(|e| anyhow!("query of {callee:?} trapped: {e:?}"))?;
        <Result<R, ink::LangError>>::decode(&mut &exec.data[..])
            .with_context(|| format!("decoding the output of a query of {callee:?}"))?
            .map_err(|e| anyhow!("query of {callee:?} rejected: {e:?}"))
    }
}

fn contract_events(records: Vec<EventRecordOf<drink::minimal::MinimalSandboxRuntime>>) -> Vec<ContractEvent> {
    records
        .into_iter()
        .filter_map(|record| match record.event {
            RuntimeEvent::Contracts(pallet_contracts::Event::ContractEmitted { contract, data }) => {
                Some(ContractEvent {
                    contract: to_ink(&contract),
                    topics: record.topics.iter().map(|t| t.0).collect(),
                    data,
                })
            }
            _ => None,
        })
        .collect()
}
