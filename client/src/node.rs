//! A node with `pallet-contracts`, over subxt: dry runs through the
//! `ContractsApi` runtime calls (gas, storage deposit and the result, before
//! anything is signed), signed uploads, instantiations and calls that wait
//! for finality, and what the chain holds (code, contracts).
//!
//! Transactions are sent one at a time and each waits until it is finalised:
//! a deployment or a batch of rewards is a sequence where each step needs the
//! previous one, and finality is what the indexer reads.

use anyhow::{anyhow, bail, Context, Result};
use ink::primitives::AccountId;
use parity_scale_codec::{Decode, Encode};
use subxt::{
    dynamic::Value,
    utils::{AccountId32, MultiAddress},
    OnlineClient, SubstrateConfig,
};
use subxt_signer::sr25519::Keypair;

/// The gas limit of a transaction above what its dry run needed: the call
/// runs in a later block than the dry run, where it may write more (a new vote
/// checkpoint instead of an update). Only the gas used is charged.
pub const GAS_MARGIN_PERCENT: u64 = 50;

/// Gas, as `pallet-contracts` counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Decode, Encode)]
pub struct Weight {
    #[codec(compact)]
    pub ref_time: u64,
    #[codec(compact)]
    pub proof_size: u64,
}

impl Weight {
    /// This weight with `percent` % more of each part (estimates from a dry
    /// run can fall short when the state moves before the transaction lands).
    pub fn with_margin(self, percent: u64) -> Self {
        let more = |v: u64| v.saturating_add(v.saturating_mul(percent) / 100);
        Self {
            ref_time: more(self.ref_time),
            proof_size: more(self.proof_size),
        }
    }

    fn value(self) -> Value {
        Value::named_composite([
            ("ref_time", Value::u128(self.ref_time.into())),
            ("proof_size", Value::u128(self.proof_size.into())),
        ])
    }
}

#[derive(Decode)]
enum StorageDeposit {
    Refund(u128),
    Charge(u128),
}

#[derive(Decode)]
struct ExecReturnValue {
    flags: u32,
    data: Vec<u8>,
}

/// The head of `pallet-contracts`' `ContractResult`: what precedes the result.
#[derive(Decode)]
struct ResultHead {
    gas_consumed: Weight,
    gas_required: Weight,
    storage_deposit: StorageDeposit,
    _debug_message: Vec<u8>,
}

/// What a dry run says a call, instantiation or upload would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    pub gas_consumed: Weight,
    /// The gas limit it needs (at least what it consumed).
    pub gas_required: Weight,
    /// Storage deposit it would charge (positive) or refund (negative), in
    /// the chain's native units.
    pub deposit: i128,
    /// Its output (`Ok`: the contract's return data, `reverted` if it
    /// reverted), or why the runtime refused it (`Contracts::CodeRejected`,
    /// `Contracts::ContractTrapped`, ...).
    pub result: Result<Output, String>,
}

/// A contract's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The SCALE-encoded return value (`Result<T, LangError>` of ink!).
    pub data: Vec<u8>,
    pub reverted: bool,
    /// Of an instantiation: the new contract's address.
    pub address: Option<AccountId>,
}

impl Estimate {
    /// The output, or an error saying why the runtime refused the call.
    pub fn output(&self) -> Result<&Output> {
        self.result.as_ref().map_err(|e| anyhow!("the chain refuses it: {e}"))
    }

    /// The deposit limit to send with the transaction: what the dry run
    /// charged, or nothing if it refunds.
    fn deposit_limit(&self) -> Option<u128> {
        u128::try_from(self.deposit).ok()
    }
}

/// Where an instantiation takes its code from.
#[derive(Clone, Copy, Debug)]
pub enum Code<'a> {
    /// Uploads this Wasm with the instantiation.
    Upload(&'a [u8]),
    /// Code already on the chain.
    Existing([u8; 32]),
}

/// A transaction that landed: its block, the events of the extrinsic.
#[derive(Clone, Debug)]
pub struct Landed {
    pub block: u64,
    /// `(pallet::Event, SCALE-encoded fields)` of every event of the extrinsic.
    pub events: Vec<(String, Vec<u8>)>,
}

impl Landed {
    fn event(&self, name: &str) -> Option<&[u8]> {
        self.events
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, fields)| &fields[..])
    }
}

/// A connection to a node.
#[derive(Clone)]
pub struct Chain {
    pub api: OnlineClient<SubstrateConfig>,
    pub url: String,
}

impl Chain {
    /// Connects to `url` (`ws://` or `wss://`).
    pub async fn connect(url: &str) -> Result<Self> {
        let api = OnlineClient::<SubstrateConfig>::from_insecure_url(url)
            .await
            .with_context(|| format!("connecting to the node at {url}"))?;
        if api
            .at_current_block()
            .await?
            .metadata_ref()
            .pallet_by_name("Contracts")
            .is_none()
        {
            bail!("the chain at {url} has no Contracts pallet: COS needs pallet-contracts");
        }
        Ok(Self {
            api,
            url: url.to_string(),
        })
    }

    /// Connects, retrying for up to `wait` while the node starts.
    pub async fn connect_within(url: &str, wait: std::time::Duration) -> Result<Self> {
        let started = std::time::Instant::now();
        loop {
            match Self::connect(url).await {
                Ok(chain) => return Ok(chain),
                Err(e) if started.elapsed() < wait => {
                    tracing::debug!("waiting for the node at {url}: {e:#}");
                    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                }
                Err(e) => return Err(e.context(format!("the node did not answer within {wait:?}"))),
            }
        }
    }

    /// The chain's genesis hash (hex, no `0x`): what identifies it.
    pub fn genesis(&self) -> String {
        hex::encode(self.api.genesis_hash().0)
    }

    /// The latest finalised block's number.
    pub async fn finalized(&self) -> Result<u64> {
        Ok(self.api.at_current_block().await?.block_number())
    }

    async fn runtime_call(&self, name: &str, args: Vec<u8>) -> Result<Vec<u8>> {
        let at = self.api.at_current_block().await?;
        at.runtime_apis()
            .call_raw(name, Some(&args))
            .await
            .with_context(|| format!("the runtime call {name}"))
    }

    /// The name of a `DispatchError` (`Contracts::ContractTrapped`), from its
    /// SCALE encoding.
    async fn dispatch_error(&self, bytes: &[u8]) -> String {
        const NAMES: [&str; 14] = [
            "Other",
            "CannotLookup",
            "BadOrigin",
            "Module",
            "ConsumerRemaining",
            "NoProviders",
            "TooManyConsumers",
            "Token",
            "Arithmetic",
            "Transactional",
            "Exhausted",
            "Corruption",
            "Unavailable",
            "RootNotAllowed",
        ];
        match bytes {
            [3, pallet, error, ..] => {
                let Ok(at) = self.api.at_current_block().await else {
                    return format!("module error {pallet}/{error}");
                };
                let metadata = at.metadata_ref();
                match metadata.pallet_by_error_index(*pallet) {
                    Some(p) => match p.error_variant_by_index(*error) {
                        Some(v) => format!("{}::{}", p.name(), v.name),
                        None => format!("{}::error {error}", p.name()),
                    },
                    None => format!("module error {pallet}/{error}"),
                }
            }
            [index, ..] => NAMES
                .get(usize::from(*index))
                .map_or_else(|| format!("dispatch error {index}"), |n| n.to_string()),
            [] => "an empty dispatch error".to_string(),
        }
    }

    /// Decodes a `ContractResult<Result<R, DispatchError>, ...>` whose `R`
    /// `read_ok` reads.
    async fn estimate(&self, raw: &[u8], read_ok: impl FnOnce(&mut &[u8]) -> Result<Output>) -> Result<Estimate> {
        let mut input = raw;
        let head = ResultHead::decode(&mut input).context("decoding a dry run's result")?;
        let deposit = match head.storage_deposit {
            StorageDeposit::Charge(v) => i128::try_from(v).unwrap_or(i128::MAX),
            StorageDeposit::Refund(v) => -i128::try_from(v).unwrap_or(i128::MAX),
        };
        let result = match u8::decode(&mut input)? {
            0 => Ok(read_ok(&mut input)?),
            _ => Err(self.dispatch_error(input).await),
        };
        Ok(Estimate {
            gas_consumed: head.gas_consumed,
            gas_required: head.gas_required,
            deposit,
            result,
        })
    }

    /// Dry-runs a message: `data` (selector and arguments) to `dest` from `origin`.
    pub async fn dry_call(&self, origin: AccountId, dest: AccountId, data: &[u8]) -> Result<Estimate> {
        let args = (
            *AsRef::<[u8; 32]>::as_ref(&origin),
            *AsRef::<[u8; 32]>::as_ref(&dest),
            0u128,
            None::<Weight>,
            None::<u128>,
            data.to_vec(),
        )
            .encode();
        let raw = self.runtime_call("ContractsApi_call", args).await?;
        self.estimate(&raw, |input| {
            let exec = ExecReturnValue::decode(input)?;
            Ok(Output {
                reverted: exec.flags & 1 == 1,
                data: exec.data,
                address: None,
            })
        })
        .await
    }

    /// Dry-runs an instantiation of `code` with constructor `data` and `salt`.
    pub async fn dry_instantiate(
        &self,
        origin: AccountId,
        code: Code<'_>,
        data: &[u8],
        salt: &[u8],
    ) -> Result<Estimate> {
        let mut args = (*AsRef::<[u8; 32]>::as_ref(&origin), 0u128, None::<Weight>, None::<u128>).encode();
        match code {
            Code::Upload(wasm) => (0u8, wasm.to_vec()).encode_to(&mut args),
            Code::Existing(hash) => (1u8, hash).encode_to(&mut args),
        }
        (data.to_vec(), salt.to_vec()).encode_to(&mut args);
        let raw = self.runtime_call("ContractsApi_instantiate", args).await?;
        self.estimate(&raw, |input| {
            let exec = ExecReturnValue::decode(input)?;
            let address = <[u8; 32]>::decode(input)?;
            Ok(Output {
                reverted: exec.flags & 1 == 1,
                data: exec.data,
                address: Some(AccountId::from(address)),
            })
        })
        .await
    }

    /// Dry-runs an upload of `wasm`: its code hash and deposit, or why the
    /// chain refuses it (`Contracts::CodeRejected` for Wasm it cannot run).
    pub async fn dry_upload(&self, origin: AccountId, wasm: &[u8]) -> Result<Result<([u8; 32], u128), String>> {
        let args = (
            *AsRef::<[u8; 32]>::as_ref(&origin),
            wasm.to_vec(),
            None::<u128>,
            0u8, // Determinism::Enforced
        )
            .encode();
        let raw = self.runtime_call("ContractsApi_upload_code", args).await?;
        let mut input = &raw[..];
        match u8::decode(&mut input)? {
            0 => {
                let hash = <[u8; 32]>::decode(&mut input)?;
                let deposit = u128::decode(&mut input)?;
                Ok(Ok((hash, deposit)))
            }
            _ => Ok(Err(self.dispatch_error(input).await)),
        }
    }

    /// Signs and sends `Contracts::<call>(args)`, waits until it is
    /// finalised; an error if it failed (with the runtime's reason).
    async fn submit<Args: subxt::ext::scale_encode::EncodeAsFields>(
        &self,
        signer: &Keypair,
        call: &str,
        args: Args,
    ) -> Result<Landed> {
        let payload = subxt::dynamic::tx("Contracts", call, args);
        let at = self.api.at_current_block().await?;
        let progress = at
            .transactions()
            .sign_and_submit_then_watch_default(&payload, signer)
            .await
            .with_context(|| format!("submitting Contracts::{call}"))?;
        let in_block = progress
            .wait_for_finalized()
            .await
            .with_context(|| format!("waiting for Contracts::{call} to be finalised"))?;
        let block = self.api.at_block(in_block.block_hash()).await?.block_number();
        let events = in_block
            .wait_for_success()
            .await
            .map_err(|e| anyhow!("Contracts::{call} failed in block {block}: {e}"))?;
        let mut out = Vec::new();
        for event in events.iter() {
            let event = event?;
            out.push((
                format!("{}::{}", event.pallet_name(), event.event_name()),
                event.field_bytes().to_vec(),
            ));
        }
        Ok(Landed { block, events: out })
    }

    /// Uploads `wasm` (with the deposit of a dry run); returns its code hash
    /// and the block.
    pub async fn upload(&self, signer: &Keypair, wasm: &[u8], deposit: u128) -> Result<([u8; 32], u64)> {
        let landed = self
            .submit(
                signer,
                "upload_code",
                (
                    wasm.to_vec(),
                    Value::unnamed_variant("Some", [Value::u128(deposit)]),
                    Value::unnamed_variant("Enforced", []),
                ),
            )
            .await?;
        let hash = match landed.event("Contracts::CodeStored") {
            Some(fields) => <[u8; 32]>::decode(&mut &fields[..])?,
            // Code that was there already: no event; its hash is the dry run's.
            None => bail!("no CodeStored event: was the code uploaded already?"),
        };
        Ok((hash, landed.block))
    }

    /// Instantiates `code` (uploaded already, or uploaded with it in one
    /// transaction) with constructor `data` and `salt`, within the gas and
    /// deposit of `estimate` (with a margin); returns the address and the block.
    pub async fn instantiate(
        &self,
        signer: &Keypair,
        code: Code<'_>,
        data: &[u8],
        salt: &[u8],
        estimate: &Estimate,
    ) -> Result<(AccountId, u64)> {
        let limit = option_u128(estimate.deposit_limit().map(|d| d.saturating_add(d / 10)));
        let gas = estimate.gas_required.with_margin(GAS_MARGIN_PERCENT).value();
        let (data, salt) = (data.to_vec(), salt.to_vec());
        let landed = match code {
            Code::Existing(hash) => {
                self.submit(signer, "instantiate", (0u128, gas, limit, hash, data, salt))
                    .await?
            }
            Code::Upload(wasm) => {
                self.submit(
                    signer,
                    "instantiate_with_code",
                    (0u128, gas, limit, wasm.to_vec(), data, salt),
                )
                .await?
            }
        };
        let fields = landed
            .event("Contracts::Instantiated")
            .ok_or_else(|| anyhow!("no Instantiated event in block {}", landed.block))?;
        let (_deployer, contract) = <([u8; 32], [u8; 32])>::decode(&mut &fields[..])?;
        Ok((AccountId::from(contract), landed.block))
    }

    /// Calls `dest` with `data` (selector and arguments), within the gas of
    /// `estimate` (with [`GAS_MARGIN_PERCENT`]); the transaction's block and events.
    pub async fn call(&self, signer: &Keypair, dest: AccountId, data: &[u8], estimate: &Estimate) -> Result<Landed> {
        let dest: MultiAddress<AccountId32, u32> = MultiAddress::Id(AccountId32(*AsRef::<[u8; 32]>::as_ref(&dest)));
        // No deposit limit: a dry run runs in the last finalised block and the
        // call in a later one, and what it stores can differ (COS Credit's vote
        // checkpoints are per block: an update in the dry run is a new entry in
        // the call). The dry run has shown the deposit.
        let _ = estimate.deposit;
        self.submit(
            signer,
            "call",
            (
                dest,
                0u128,
                estimate.gas_required.with_margin(GAS_MARGIN_PERCENT).value(),
                option_u128(None),
                data.to_vec(),
            ),
        )
        .await
    }

    /// Dry-runs `data` to `dest` and, if the contract accepts it (no revert),
    /// sends it; the contract's return data and the transaction.
    pub async fn call_checked(&self, signer: &Keypair, dest: AccountId, data: &[u8]) -> Result<(Vec<u8>, Landed)> {
        let origin = crate::keys::account(signer);
        let estimate = self.dry_call(origin, dest, data).await?;
        let output = estimate.output()?;
        if output.reverted {
            bail!(
                "the contract refuses it (dry run reverted with 0x{})",
                hex::encode(&output.data)
            );
        }
        let data_out = output.data.clone();
        let landed = self.call(signer, dest, data, &estimate).await?;
        Ok((data_out, landed))
    }

    /// Runs a read-only message; its output as the contract encodes it
    /// (`Result<T, LangError>` of ink!).
    pub async fn query_raw(&self, dest: AccountId, data: &[u8]) -> Result<Vec<u8>> {
        let estimate = self.dry_call(AccountId::from([0u8; 32]), dest, data).await?;
        Ok(estimate.output()?.data.clone())
    }

    /// Runs a read-only message; its value decoded as `R` (ink!'s `Result<R,
    /// LangError>` unwrapped).
    pub async fn query<R: Decode>(&self, dest: AccountId, data: &[u8]) -> Result<R> {
        let output = self.query_raw(dest, data).await?;
        <Result<R, ink::LangError>>::decode(&mut &output[..])
            .context("decoding a contract's answer")?
            .map_err(|e| anyhow!("the contract rejects the message: {e:?}"))
    }

    /// The code hash of the contract at `address`, if there is one.
    pub async fn contract_code(&self, address: AccountId) -> Result<Option<[u8; 32]>> {
        let at = self.api.at_current_block().await?;
        let addr = subxt::dynamic::storage::<([u8; 32],), Value>("Contracts", "ContractInfoOf");
        let Some(value) = at
            .storage()
            .try_fetch(addr, (*AsRef::<[u8; 32]>::as_ref(&address),))
            .await
            .context("reading Contracts::ContractInfoOf")?
        else {
            return Ok(None);
        };
        // ContractInfo { trie_id: BoundedVec<u8>, code_hash: H256, ... }
        let bytes = value.bytes().to_vec();
        let mut input = &bytes[..];
        let _trie_id = Vec::<u8>::decode(&mut input)?;
        Ok(Some(<[u8; 32]>::decode(&mut input)?))
    }

    /// Whether code `hash` is on the chain.
    pub async fn has_code(&self, hash: [u8; 32]) -> Result<bool> {
        let at = self.api.at_current_block().await?;
        let addr = subxt::dynamic::storage::<([u8; 32],), Value>("Contracts", "CodeInfoOf");
        Ok(at
            .storage()
            .try_fetch(addr, (hash,))
            .await
            .context("reading Contracts::CodeInfoOf")?
            .is_some())
    }

    /// The free native balance of `account`.
    pub async fn free_balance(&self, account: AccountId) -> Result<u128> {
        let at = self.api.at_current_block().await?;
        let addr = subxt::dynamic::storage::<([u8; 32],), Value>("System", "Account");
        let Some(value) = at
            .storage()
            .try_fetch(addr, (*AsRef::<[u8; 32]>::as_ref(&account),))
            .await?
        else {
            return Ok(0);
        };
        // AccountInfo { nonce: u32, consumers: u32, providers: u32, sufficients: u32, data: { free: u128, ... } }
        let bytes = value.bytes().to_vec();
        let mut input = &bytes[..];
        let _counts = <(u32, u32, u32, u32)>::decode(&mut input)?;
        Ok(u128::decode(&mut input)?)
    }
}

fn option_u128(value: Option<u128>) -> Value {
    match value {
        Some(v) => Value::unnamed_variant("Some", [Value::u128(v)]),
        None => Value::unnamed_variant("None", []),
    }
}
